// www/lib/weights.js: the layout of the flat weight array (the core's `weights()`):
// per layer after the inputs, its weights row by row (input i to neuron j at
// i * neurons + j), then its biases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { weightIndex, weightCount, forEachLink } from '../../www/lib/weights.js';

// A 2-3-1 network written out by hand, in the core's order.
const SHAPE = [2, 3, 1];
const LAYOUT = [
  // layer 1: input 0 to neurons 0..2, input 1 to neurons 0..2, then 3 biases
  'w1 0-0', 'w1 0-1', 'w1 0-2',
  'w1 1-0', 'w1 1-1', 'w1 1-2',
  'b1 0', 'b1 1', 'b1 2',
  // layer 2: neurons 0..2 of layer 1 to the output, then its bias
  'w2 0-0', 'w2 1-0', 'w2 2-0',
  'b2 0',
];

test('weightCount: weights and biases of every layer', () => {
  assert.equal(weightCount(SHAPE), LAYOUT.length);
  assert.equal(weightCount([2, 1]), 3);
  assert.equal(weightCount([2, 8, 8, 3]), 2 * 8 + 8 + 8 * 8 + 8 + 8 * 3 + 3);
  assert.equal(weightCount([2]), 0, 'inputs only');
});

test('weightIndex: every weight and bias of the hand-made layout', () => {
  for (let from = 0; from < 2; from++) {
    for (let to = 0; to < 3; to++) assert.equal(LAYOUT[weightIndex(SHAPE, 1, from, to)], `w1 ${from}-${to}`);
  }
  for (let to = 0; to < 3; to++) assert.equal(LAYOUT[weightIndex(SHAPE, 1, 2, to)], `b1 ${to}`, 'from = inputs: the bias');
  for (let from = 0; from < 3; from++) assert.equal(LAYOUT[weightIndex(SHAPE, 2, from, 0)], `w2 ${from}-0`);
  assert.equal(LAYOUT[weightIndex(SHAPE, 2, 3, 0)], 'b2 0');
});

test('weightIndex: one index per weight and bias, covering the array', () => {
  const shape = [2, 4, 3, 2];
  const seen = new Set();
  for (let l = 1; l < shape.length; l++) {
    for (let from = 0; from <= shape[l - 1]; from++) {
      for (let to = 0; to < shape[l]; to++) seen.add(weightIndex(shape, l, from, to));
    }
  }
  assert.equal(seen.size, weightCount(shape));
  assert.deepEqual([...seen].sort((a, b) => a - b), [...Array(weightCount(shape)).keys()]);
});

test('forEachLink: every link (no bias) with its value, layer by layer, input-major', () => {
  const visits = [];
  forEachLink(SHAPE, LAYOUT, (l, i, j, value) => visits.push([l, i, j, value]));
  assert.deepEqual(visits, [
    [1, 0, 0, 'w1 0-0'], [1, 0, 1, 'w1 0-1'], [1, 0, 2, 'w1 0-2'],
    [1, 1, 0, 'w1 1-0'], [1, 1, 1, 'w1 1-1'], [1, 1, 2, 'w1 1-2'],
    [2, 0, 0, 'w2 0-0'], [2, 1, 0, 'w2 1-0'], [2, 2, 0, 'w2 2-0'],
  ]);
});

test('forEachLink agrees with weightIndex on a bigger network', () => {
  const shape = [2, 5, 4, 3];
  const weights = Float32Array.from({ length: weightCount(shape) }, (_, k) => k);
  let n = 0;
  forEachLink(shape, weights, (l, i, j, value) => {
    assert.equal(value, weightIndex(shape, l, i, j));
    n++;
  });
  assert.equal(n, 2 * 5 + 5 * 4 + 4 * 3);
});
