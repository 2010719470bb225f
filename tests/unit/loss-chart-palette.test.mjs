// www/lib/colors.js: the colours of the runs on the loss chart in compare mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RUN_COLORS, runColor, CLASS_COLORS, LOW, HIGH } from '../../www/lib/colors.js';

const distance = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

test('RUN_COLORS: four Okabe-Ito colours (black, vermillion, bluish green, reddish purple)', () => {
  assert.deepEqual(RUN_COLORS, [
    [0, 0, 0],
    [213, 94, 0],
    [0, 158, 115],
    [204, 121, 167],
  ]);
});

test('RUN_COLORS: apart from each other and from the heatmap\'s orange and blue', () => {
  for (let i = 0; i < RUN_COLORS.length; i++) {
    for (let j = i + 1; j < RUN_COLORS.length; j++) assert.ok(distance(RUN_COLORS[i], RUN_COLORS[j]) > 100, `${i} ${j}`);
    for (const c of [LOW, HIGH, CLASS_COLORS[0], CLASS_COLORS[1]]) {
      assert.ok(distance(RUN_COLORS[i], c) > 60, `run ${i} vs ${c}`);
    }
  }
});

test('runColor: A, B, C, D in order, repeating after D; a copy', () => {
  assert.deepEqual([0, 1, 2, 3].map(runColor), RUN_COLORS);
  assert.deepEqual(runColor(4), RUN_COLORS[0]);
  assert.deepEqual(runColor(-1), RUN_COLORS[3]);
  const c = runColor(1);
  c[0] = 1;
  assert.deepEqual(RUN_COLORS[1], [213, 94, 0]);
});
