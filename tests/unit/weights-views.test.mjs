// The weight views' pure parts (www/weights/): W with the bias row first out of the flat
// weight array, its names, the core's setWeight arguments of a cell, the keyboard's
// moves, the colours, the templates on the pixel grid, and the drawing pad's geometry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cellIndex, layerMatrix, cellArgs, rowNames, colNames, outputNames, layerChoices, moveCell, weightColor, cellName,
} from '../../www/weights/matrix.js';
import { template, templateScale, templateColor, inkColor } from '../../www/weights/images.js';
import { pixelAt, strokeValue, barShare, moveCursor } from '../../www/weights/pad.js';
import { layOut } from '../../www/weights/w-view.js';
import { tileLayout } from '../../www/weights/templates-panel.js';
import { weightCount } from '../../www/lib/weights.js';
import { LOW, HIGH, MID } from '../../www/lib/colors.js';

/** A 3-2-2 network whose every parameter is its own index in the flat array. */
const shape = [3, 2, 2];
const weights = Float64Array.from({ length: weightCount(shape) }, (_, k) => k);

test('W of a layer puts the bias row first and one column per neuron', () => {
  // Layer 1: weights 0..5 (input i to neuron j at i * 2 + j), biases 6, 7.
  const m = layerMatrix(shape, weights, 1);
  assert.equal(m.rows, 4);
  assert.equal(m.cols, 2);
  assert.deepEqual(Array.from(m.values), [6, 7, 0, 1, 2, 3, 4, 5]);
  // Layer 2 starts after layer 1's 8 parameters: weights 8..11, biases 12, 13.
  assert.deepEqual(Array.from(layerMatrix(shape, weights, 2).values), [12, 13, 8, 9, 10, 11]);
  assert.equal(cellIndex(shape, 2, 0, 1), 13);
});

test('a cell edits the weight the core knows by (layer, from, to), the bias as from = inputs', () => {
  assert.deepEqual(cellArgs(shape, 1, 0, 1), { layer: 0, from: 3, to: 1 });
  assert.deepEqual(cellArgs(shape, 1, 2, 0), { layer: 0, from: 1, to: 0 });
  assert.deepEqual(cellArgs(shape, 2, 1, 1), { layer: 1, from: 0, to: 1 });
});

test('rows and columns are named in the lecture\'s words', () => {
  const inputs = ['size', 'fur = short', 'talks'];
  assert.deepEqual(rowNames(shape, 1, inputs), ['bias', 'size', 'fur = short', 'talks']);
  assert.deepEqual(rowNames(shape, 2, inputs), ['bias', 'h1.1', 'h1.2']);
  assert.deepEqual(colNames(shape, 1, ['cat', 'dog']), ['h1.1', 'h1.2']);
  assert.deepEqual(colNames(shape, 2, ['cat', 'dog']), ['cat', 'dog']);
  assert.deepEqual(outputNames({ outputs: 1, table: null }), ['output']);
  assert.deepEqual(outputNames({ outputs: 3 }), ['class 1', 'class 2', 'class 3']);
  assert.deepEqual(outputNames({ outputs: 2, table: { output_names: ['cat', 'dog'] } }), ['cat', 'dog']);
  assert.deepEqual(layerChoices(shape).map((c) => c.label), ['Hidden layer 1: 4 × 2', 'Output layer: 3 × 2']);
  assert.equal(cellName(['bias', 'size'], ['cat'], 0, 0), 'bias of cat');
  assert.equal(cellName(['bias', 'size'], ['cat'], 1, 0), 'weight from size to cat');
});

test('the keyboard moves a cell inside the matrix', () => {
  assert.deepEqual(moveCell({ r: 0, c: 0 }, 'ArrowDown', 4, 2), { r: 1, c: 0 });
  assert.deepEqual(moveCell({ r: 0, c: 0 }, 'ArrowUp', 4, 2), { r: 0, c: 0 });
  assert.deepEqual(moveCell({ r: 3, c: 1 }, 'ArrowRight', 4, 2), { r: 3, c: 1 });
  assert.deepEqual(moveCell({ r: 1, c: 0 }, 'End', 4, 2), { r: 1, c: 1 });
  assert.deepEqual(moveCell({ r: 1, c: 0 }, 'PageDown', 40, 2), { r: 9, c: 0 });
  assert.equal(moveCell({ r: 1, c: 0 }, 'x', 4, 2), null);
});

test('weights take the diagram\'s diverging colours by sign', () => {
  assert.deepEqual(weightColor(0), MID);
  const close = (a, b) => a.every((v, i) => Math.abs(v - b[i]) < 30);
  assert.ok(close(weightColor(50), HIGH), 'a large positive weight is blue');
  assert.ok(close(weightColor(-50), LOW), 'a large negative weight is orange');
  assert.deepEqual(weightColor(NaN), MID);
});

test('a template lays a neuron\'s incoming weights on the pixel grid, dropped pixels blank', () => {
  // A 2 × 2 picture whose pixel 1 was dropped: pixels 0, 2, 3 feed inputs 0, 1, 2.
  const image = { width: 2, height: 2, ink: 1, pixels: ['a', 'b', 'c', 'd'], inputs: [0, null, 1, 2] };
  const t = template(image, shape, weights, 1);
  assert.deepEqual([t[0], t[2], t[3]], [1, 3, 5]);
  assert.ok(Number.isNaN(t[1]));
  assert.equal(templateScale(t), 5, 'its largest |w|, NaN left out');
  assert.deepEqual(templateColor(5, 5), HIGH);
  assert.deepEqual(templateColor(NaN, 5), MID);
  assert.deepEqual(inkColor(0, 16), [255, 255, 255]);
  assert.deepEqual(inkColor(16, 16), [25, 25, 25]);
});

test('the pad finds pixels, strokes draw or erase, bars fill their share', () => {
  const image = { width: 7, height: 9 };
  assert.equal(pixelAt(image, 20, 5, 5), 0);
  assert.equal(pixelAt(image, 20, 45, 25), 1 * 7 + 2);
  assert.equal(pixelAt(image, 20, 145, 5), -1);
  assert.equal(pixelAt(image, 20, -1, 5), -1);
  assert.equal(strokeValue(0, 16), 16);
  assert.equal(strokeValue(16, 16), 0);
  assert.equal(barShare(0.25, 0, 1), 0.25);
  assert.equal(barShare(0, -1, 1), 0.5);
  assert.equal(barShare(2, 0, 1), 1);
  assert.equal(barShare(NaN, 0, 1), 0);
  assert.equal(moveCursor(image, 0, 'ArrowLeft'), 0);
  assert.equal(moveCursor(image, 0, 'ArrowDown'), 7);
  assert.equal(moveCursor(image, 62, 'ArrowRight'), 62);
  assert.equal(moveCursor(image, 0, 'a'), null);
});

test('the heatmap writes numbers only in wide cells; templates fill the width', () => {
  const measure = (t) => t.length * 7;
  const small = layOut({ rows: 9, cols: 4 }, Array(9).fill('fur = short'), ['cat', 'dog', 'parrot', 'carp'], 600, 13, measure);
  assert.ok(small.numbers, 'the animals matrix shows its numbers');
  assert.equal(small.rotated, false);
  const letters = layOut({ rows: 64, cols: 26 }, Array(64).fill('pixel_8_6'), Array(26).fill('A'), 500, 13, measure);
  assert.equal(letters.numbers, false);
  assert.ok(letters.labelW + letters.cellW * 26 <= 500, 'fits the width');
  const tiles = tileLayout({ width: 7, height: 9 }, 26, 480, 13);
  assert.ok(tiles.perRow >= 4 && tiles.width <= 480 + 10);
  assert.equal(tiles.at.length, 26);
  assert.deepEqual(tiles.at[tiles.perRow], { x: 0, y: tiles.tileH + 10 });
});

test('redraws are paced: the first at once, the rest merged into one after the pause', async () => {
  const { paced } = await import('../../www/weights/pace.js');
  let t = 0;
  let draws = 0;
  const queued = [];
  const pacedDraw = paced(() => { draws += 1; }, 100, () => t, (run, wait) => queued.push({ run, wait }));
  pacedDraw();
  assert.equal(draws, 1, 'the first call draws at once');
  t = 30;
  pacedDraw();
  pacedDraw();
  assert.equal(draws, 1, 'calls within 100 ms wait');
  assert.deepEqual(queued.map((q) => q.wait), [70], 'one trailing draw for both, when 100 ms are up');
  t = 100;
  queued[0].run();
  assert.equal(draws, 2);
  t = 500;
  pacedDraw();
  assert.equal(draws, 3, 'a call after the pause draws at once');
});
