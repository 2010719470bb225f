// www/lib/colors.js: colour scales (values to colours, nothing more).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOW, MID, HIGH, CLASS_COLORS, diverging, classColor, soften, css, unit } from '../../www/lib/colors.js';

const close = (a, b, where) => a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-9, `${where}: ${a} vs ${b}`));

test('diverging: low, middle and high colour at 0, 0.5 and 1; halfway between in between', () => {
  close(diverging(0), LOW, '0');
  close(diverging(0.5), MID, '0.5');
  close(diverging(1), HIGH, '1');
  close(diverging(0.25), LOW.map((v, i) => (v + MID[i]) / 2), '0.25');
  close(diverging(0.75), MID.map((v, i) => (v + HIGH[i]) / 2), '0.75');
});

test('diverging: clamped outside [0, 1]; NaN gives the middle colour', () => {
  close(diverging(-3), LOW, '-3');
  close(diverging(7), HIGH, '7');
  close(diverging(-Infinity), LOW, '-inf');
  assert.deepEqual(diverging(NaN), MID);
});

test('diverging: other end colours', () => {
  const low = [0, 0, 0];
  const high = [255, 0, 0];
  close(diverging(0, low, high), low, '0');
  close(diverging(1, low, high), high, '1');
  close(diverging(0.5, low, high), MID, '0.5');
});

test('classColor: the palette in order, repeating, mixed towards white by strength', () => {
  for (let k = 0; k < CLASS_COLORS.length; k++) close(classColor(k), CLASS_COLORS[k], `class ${k}`);
  close(classColor(CLASS_COLORS.length + 1), CLASS_COLORS[1], 'wraps around');
  close(classColor(2, 0), [255, 255, 255], 'strength 0');
  close(classColor(2, 0.5), CLASS_COLORS[2].map((v) => (255 + v) / 2), 'strength 0.5');
  close(classColor(2, 5), CLASS_COLORS[2], 'strength clamped');
  assert.equal(new Set(CLASS_COLORS.map((c) => c.join())).size, CLASS_COLORS.length, 'distinct colours');
});

test('soften: keeps `amount` of the colour, the rest is white', () => {
  close(soften([0, 100, 255], 1), [0, 100, 255], '1');
  close(soften([0, 100, 255], 0), [255, 255, 255], '0');
  close(soften([0, 100, 255], 0.5), [127.5, 177.5, 255], '0.5');
  const s = soften([0, 0, 0]);
  assert.ok(s[0] > 0 && s[0] < 128, 'by default a little lighter');
});

test('css: rounded components, alpha when not 1', () => {
  assert.equal(css([0, 127.5, 254.6]), 'rgb(0 128 255)');
  assert.equal(css([1, 2, 3], 0.5), 'rgb(1 2 3 / 0.5)');
  assert.equal(css([1, 2, 3], 1), 'rgb(1 2 3)');
});

test('unit: maps [lo, hi] to [0, 1], not clamped', () => {
  assert.equal(unit(0, -1, 1), 0.5);
  assert.equal(unit(-1, -1, 1), 0);
  assert.equal(unit(3, -1, 1), 2);
  assert.equal(unit(5, 10, 0), 0.5);
});
