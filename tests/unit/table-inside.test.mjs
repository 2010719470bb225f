// The pure parts of looking inside a table run: the row pass's matrices
// (www/inside/row-pass.js), the slice's axes and ticks (www/inside/slice-view.js), the
// hidden space's input-layer axes (www/inside/hidden-space.js) and the step panel's
// names on a table (www/inside/step-panel.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { passBlocks, passHeadline, ROW_COLUMNS } from '../../www/inside/row-pass.js';
import { sliceColumns, axisUnit, axisTicks, heldText, spread } from '../../www/inside/slice-view.js';
import { axesChoices, MAX_INPUT_PAIRS, PRINCIPAL } from '../../www/inside/hidden-space.js';
import { unitLabel, labelsOf } from '../../www/inside/step-panel.js';

const mat = (rows, cols, base = 0) => ({ rows, cols, data: Array.from({ length: rows * cols }, (_, i) => base + i) });

/** A pass of a 3-2-4 network on animals' row 5, shaped like the core's. */
function pass() {
  const layer = (inputs, neurons, activation) => ({
    activation, weights: mat(inputs, neurons), bias: mat(1, neurons), potentials: mat(1, neurons), outputs: mat(1, neurons, 0.5),
  });
  return {
    row: 5, test: true, columns: ['size', 'fur', 'talks'], cells: ['small', 'short', 'no'],
    input_names: ['size', 'fur', 'talks'], output_names: ['cat', 'dog', 'parrot', 'carp'],
    inputs: mat(1, 3), layers: [layer(3, 2, 'tanh'), layer(2, 4, 'softmax')],
    target_code: { rows: 1, cols: 4, data: [1, 0, 0, 0] }, error: mat(1, 4), loss_name: 'softmax cross-entropy', loss: 0.3,
    target: 'cat', predicted: 'dog', wrong: true,
  };
}

test('a row\'s pass is x, each layer\'s W, b, ξ and y, then d, y − d and e, named as the lecture does', () => {
  const blocks = passBlocks(pass());
  assert.deepEqual(blocks.map((b) => b.id), ['x', 'W1', 'b1', 'xi1', 'y1', 'W2', 'b2', 'xi2', 'y2', 'd', 'err', 'e']);
  const by = Object.fromEntries(blocks.map((b) => [b.id, b]));
  assert.deepEqual(by.x.cols, ['size', 'fur', 'talks']);
  assert.deepEqual(blocks.map((b) => b.name), ['x', 'W_1', 'b_1', 'ξ_1', 'y_1', 'W_2', 'b_2', 'ξ_2', 'y_2', 'd', 'y − d', 'e']);
  assert.deepEqual(by.W1.rows, ['size', 'fur', 'talks'], 'W_1 has a row per input');
  assert.deepEqual(by.W1.cols, ['1', '2']);
  assert.deepEqual(by.W2.rows, ['1', '2'], 'W_2 has a row per neuron of layer 1');
  assert.deepEqual(by.y2.cols, ['cat', 'dog', 'parrot', 'carp'], 'the output layer is named by class');
  assert.equal(by.xi2.title, 'Output layer 2: ξ_2 = y_1 W_2 + b_2');
  assert.equal(by.y1.title, 'Layer 1: y_1 = f(ξ_1), f = tanh');
  assert.match(by.d.title, /^Target d: cat/);
  assert.deepEqual(by.e.matrix.data, [0.3]);
  assert.equal(passHeadline(pass()), 'Row 5 (test split): target cat, predicted dog ✗ wrong');
  assert.equal(passHeadline({ ...pass(), test: false, wrong: false, predicted: 'cat' }), 'Row 5 (training split): target cat, predicted cat');
  assert.ok(ROW_COLUMNS >= 8);
});

const info = (inputs) => ({ code: { inputs } });

test('a slice starts on the first two numeric columns, else the first two', () => {
  const iris = info([{ name: 'a', kind: 'numeric' }, { name: 'b', kind: 'numeric' }, { name: 'c', kind: 'numeric' }]);
  assert.deepEqual(sliceColumns(/** @type {any} */ (iris)), { columns: ['a', 'b', 'c'], x: 'a', y: 'b' });
  const animals = info([{ name: 'size', kind: 'categorical' }, { name: 'fur', kind: 'categorical' }, { name: 'age', kind: 'numeric' }]);
  assert.deepEqual(sliceColumns(/** @type {any} */ (animals)), { columns: ['size', 'fur', 'age'], x: 'size', y: 'fur' });
  assert.deepEqual(sliceColumns(/** @type {any} */ (info([{ name: 'only', kind: 'numeric' }]))), { columns: ['only'], x: 'only', y: 'only' });
});

test('axes place values and levels, ticks name the levels', () => {
  const numeric = { column: 'x', levels: [], lo: 1, hi: 3, cells: 48 };
  assert.equal(axisUnit(numeric, 1), 0);
  assert.equal(axisUnit(numeric, 2.5), 0.75);
  assert.equal(axisUnit({ ...numeric, hi: 1 }, 1), 0.5, 'a flat axis puts everything in the middle');
  const ticks = axisTicks(numeric);
  assert.ok(ticks.length >= 3 && ticks.every((t) => t.at >= 0 && t.at <= 1));
  const levels = { column: 'fur', levels: ['none', 'short', 'long'], lo: -0.5, hi: 2.5, cells: 3 };
  assert.deepEqual(axisTicks(levels), [{ at: 1 / 6, text: 'none' }, { at: 0.5, text: 'short' }, { at: 5 / 6, text: 'long' }]);
  assert.equal(axisUnit(levels, 1), 0.5, 'a level lands in the middle of its band');
  for (let k = 0; k < 50; k++) {
    assert.ok(Math.abs(spread(k, 1)) <= 0.3);
    assert.equal(spread(k, 1), spread(k, 1), 'the same every time');
  }
});

test('the held columns are said with their values and where they come from', () => {
  const slice = { held: [{ column: 'fur', value: 'short' }, { column: 'age', value: '3.5' }], held_from: 'row 12' };
  assert.equal(heldText(/** @type {any} */ (slice)), 'Held at row 12: fur = short, age = 3.5.');
  assert.match(heldText(/** @type {any} */ ({ held: [], held_from: 'row 1' })), /whole decision function/);
});

test('the input layer offers pairs of inputs by name, or only principal components when there are many', () => {
  const names = ['size', 'fur = short', 'fur = long'];
  const choices = axesChoices(3, names);
  assert.deepEqual(choices.map((c) => c.text), ['size and fur = short', 'size and fur = long', 'fur = short and fur = long', 'principal components']);
  const many = axesChoices(MAX_INPUT_PAIRS + 1, Array.from({ length: MAX_INPUT_PAIRS + 1 }, (_, i) => `p${i}`));
  assert.deepEqual(many.map((c) => c.value), [PRINCIPAL]);
  assert.equal(axesChoices(3)[0].text, 'neurons 1 and 2', 'a hidden layer as before');
});

test('the step panel names a table\'s inputs, outputs and batch rows', () => {
  const run = /** @type {any} */ ({ featureLabels: ['size', 'fur = short'], table: { output_names: ['cat', 'dog'] } });
  const labels = labelsOf(run, /** @type {any} */ ({ table_rows: [7, 3] }));
  assert.deepEqual(labels, { inputs: ['size', 'fur = short'], outputs: ['cat', 'dog'], rows: [7, 3] });
  assert.equal(unitLabel(labels, 0, 1, 2), 'fur = short');
  assert.equal(unitLabel(labels, 1, 1, 2), '2', 'a hidden neuron by number');
  assert.equal(unitLabel(labels, 2, 1, 2), 'dog', 'an output by class');
  const plane = labelsOf(/** @type {any} */ ({ featureLabels: ['x1'] }), /** @type {any} */ ({}));
  assert.deepEqual(plane, { inputs: ['x1'], outputs: [], rows: [] });
  assert.equal(unitLabel(plane, 1, 0, 1), '1');
});
