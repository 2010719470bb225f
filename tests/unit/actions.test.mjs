// www/app/actions.js: what controls and tools do to the configuration, as pure
// functions from the state to a patch. The core's table and defaults are fixtures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  setField,
  pickChoice,
  addLayer,
  removeLayer,
  changeNeurons,
  setLayerActivation,
  setActivation,
  visiblePoints,
  addPoint,
  removePoint,
  clearPoints,
  importPoints,
  pendingPoints,
  classesNow,
  regenerate,
} from '../../www/app/actions.js';
import { initialState } from '../../www/app/state.js';

const fixture = (name) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const schema = fixture('schema.json');
const defaults = fixture('default-config.json');

/** A state with the fixture's table and `config` (the defaults with `changes`), frozen deeply. */
function state(changes = {}, extra = {}) {
  const config = { ...structuredClone(defaults), ...changes };
  return deepFreeze({ ...initialState(), schema, defaults, config, ...extra });
}
function deepFreeze(o) {
  if (o && typeof o === 'object' && !ArrayBuffer.isView(o)) {
    Object.values(o).forEach(deepFreeze);
    Object.freeze(o);
  }
  return o;
}
const TANH = { kind: 'tanh', steepness: 1 };

test('setField and pickChoice: a new configuration, the state untouched (frozen)', () => {
  const s = state();
  assert.equal(setField(s, 'data.noise', 0.3).config.data.noise, 0.3);
  assert.equal(s.config.data.noise, 0);
  const p = pickChoice(s, 'data.task', 'blobs');
  assert.equal(p.config.data.task, 'blobs');
  assert.equal(p.config.data.classes, 3, 'the variant sets its classes');
  assert.deepEqual(pickChoice(s, 'optimizer', 'momentum').config.optimizer, { kind: 'momentum', momentum: 0.9 });
});

test('addLayer: a layer of new_layer neurons at the end, up to max_layers', () => {
  let s = state({ hidden_layers: [3] });
  const p = addLayer(s);
  assert.deepEqual(p.config.hidden_layers, [3, 4]);
  s = state({ hidden_layers: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }); // the core's 10
  assert.equal(addLayer(s), null, 'at the limit: no change');
  assert.equal(addLayer(state({ hidden_layers: [1, 2, 3, 4, 5, 6, 7, 8, 9] })).config.hidden_layers.length, 10);
  assert.deepEqual(addLayer(state({ hidden_layers: [] })).config.hidden_layers, [4]);
});

test('removeLayer: the last hidden layer; none left: no change', () => {
  assert.deepEqual(removeLayer(state({ hidden_layers: [4, 2] })).config.hidden_layers, [4]);
  assert.deepEqual(removeLayer(state({ hidden_layers: [4] })).config.hidden_layers, []);
  assert.equal(removeLayer(state({ hidden_layers: [] })), null);
});

test('changeNeurons: one more or fewer within [min_neurons, max_neurons]', () => {
  const s = state({ hidden_layers: [4, 1, 32] }); // the core's most: 32
  assert.deepEqual(changeNeurons(s, 0, 1).config.hidden_layers, [5, 1, 32]);
  assert.deepEqual(changeNeurons(s, 0, -1).config.hidden_layers, [3, 1, 32]);
  assert.equal(changeNeurons(s, 1, -1), null, 'not below one neuron');
  assert.equal(changeNeurons(s, 2, 1), null, 'not above the most');
  assert.deepEqual(changeNeurons(s, 2, -1).config.hidden_layers, [4, 1, 31]);
  assert.deepEqual(changeNeurons(state({ hidden_layers: [31] }), 0, 1).config.hidden_layers, [32]);
  assert.deepEqual(s.config.hidden_layers, [4, 1, 32]);
});

test('layers and per-layer activations change together', () => {
  const own = [{ kind: 'relu' }, TANH];
  const s = state({ hidden_layers: [4, 2], layer_activations: own });
  assert.deepEqual(addLayer(s).config.layer_activations, [{ kind: 'relu' }, TANH, TANH], 'a new layer gets the network activation');
  assert.deepEqual(removeLayer(s).config.layer_activations, [{ kind: 'relu' }]);
  assert.deepEqual(addLayer(state({ hidden_layers: [4] })).config.layer_activations, [], 'none given: none made');
});

test('setLayerActivation: one layer its own; all the same as the network: none listed', () => {
  const s = state({ hidden_layers: [4, 2, 3] });
  const p = setLayerActivation(s, 1, 'relu');
  assert.deepEqual(p.config.layer_activations, [TANH, { kind: 'relu' }, TANH]);
  const sigmoid = setLayerActivation(s, 0, 'sigmoid').config.layer_activations[0];
  assert.deepEqual(sigmoid, { kind: 'sigmoid', steepness: 1 }, 'parameters at their defaults');
  const back = setLayerActivation(state({ hidden_layers: [4, 2, 3], layer_activations: p.config.layer_activations }), 1, 'tanh');
  assert.deepEqual(back.config.layer_activations, [], 'every layer like the network again');
});

test('setActivation: the network activation; layers that had the old one follow, the others keep theirs', () => {
  const s = state({ hidden_layers: [4, 2, 3], layer_activations: [TANH, { kind: 'relu' }, TANH] });
  const p = setActivation(s, 'sigmoid');
  const sigmoid = { kind: 'sigmoid', steepness: 1 };
  assert.deepEqual(p.config.activation, sigmoid);
  assert.deepEqual(p.config.layer_activations, [sigmoid, { kind: 'relu' }, sigmoid]);
  const same = setActivation(state({ hidden_layers: [4, 2] }), 'relu');
  assert.deepEqual(same.config.activation, { kind: 'relu' });
  assert.deepEqual(same.config.layer_activations, []);
});

test("visiblePoints: your own points, or the run's training then test points", () => {
  const samples = [{ x1: 1, x2: 2, target: 0 }];
  assert.deepEqual(visiblePoints(state({ data: { ...defaults.data, task: 'custom', samples } })), samples);
  const run = { classes: 2, train: Float32Array.of(1, 2, 0, 3, 4, 1), test: Float32Array.of(5, 6, 1) };
  assert.deepEqual(visiblePoints(state({}, { run })), [
    { x1: 1, x2: 2, target: 0 },
    { x1: 3, x2: 4, target: 1 },
    { x1: 5, x2: 6, target: 1 },
  ]);
  assert.deepEqual(visiblePoints(state()), [], 'no run yet');
});

test("addPoint: the run's points become yours (on the 0.01 grid) with the new one", () => {
  const run = { classes: 2, train: Float32Array.of(0.123456, -1.987654, 1), test: Float32Array.of(2, 2, 0) };
  const p = addPoint(state({}, { run }), 0.5049, -0.25, 1);
  const d = p.config.data;
  assert.equal(d.task, 'custom');
  assert.equal(d.regression, false);
  assert.deepEqual(d.samples, [
    { x1: 0.12, x2: -1.99, target: 1 },
    { x1: 2, x2: 2, target: 0 },
    { x1: 0.5, x2: -0.25, target: 1 },
  ]);
});

test('addPoint: classes grow to hold a new label; regression values keep their own grid', () => {
  const own = { ...defaults.data, task: 'custom', samples: [{ x1: 0, x2: 0, target: 0 }], regression: false, classes: 2 };
  const p = addPoint(state({ data: own }), 1, 1, 4);
  assert.equal(p.config.data.classes, 5);
  const run = { classes: 0, train: Float32Array.of(1, 1, 0.12345), test: new Float32Array(0) };
  const r = addPoint(state({}, { run }), 0, 0, -2.5);
  assert.equal(r.config.data.regression, true);
  assert.ok(Math.abs(r.config.data.samples[0].target - 0.123) < 1e-12, 'values on the 0.001 grid');
  assert.equal(r.config.data.samples[1].target, -2.5);
});

test('removePoint, clearPoints and importPoints', () => {
  const samples = [{ x1: 0, x2: 0, target: 0 }, { x1: 1, x2: 1, target: 1 }, { x1: 2, x2: 2, target: 0 }];
  const s = state({ data: { ...defaults.data, task: 'custom', samples, regression: false } });
  assert.deepEqual(removePoint(s, 1).config.data.samples, [samples[0], samples[2]]);
  assert.deepEqual(clearPoints(s).config.data.samples, []);
  assert.equal(clearPoints(s).config.data.task, 'custom');
  const imported = importPoints(state(), { samples, regression: false, classes: 3 }).config.data;
  assert.deepEqual([imported.task, imported.samples, imported.classes], ['custom', samples, 3]);
  const values = importPoints(state(), { samples, regression: true, classes: 0 }).config.data;
  assert.equal(values.regression, true);
});

test("pendingPoints: your own points fewer than the core's minimum", () => {
  const custom = (n) => state({ data: { ...defaults.data, task: 'custom', samples: Array.from({ length: n }, () => ({ x1: 0, x2: 0, target: 0 })) } });
  assert.equal(pendingPoints(custom(3)), true);
  assert.equal(pendingPoints(custom(4)), false);
  assert.equal(pendingPoints(state()), false, 'not your own data');
  assert.equal(pendingPoints({ ...initialState(), schema }), false, 'no configuration yet');
});

test('classesNow: of your points or of the run; 0 for values', () => {
  assert.equal(classesNow(state({ data: { ...defaults.data, task: 'custom', regression: false, classes: 4 } })), 4);
  assert.equal(classesNow(state({ data: { ...defaults.data, task: 'custom', regression: true } })), 0);
  assert.equal(classesNow(state({}, { run: { classes: 3 } })), 3);
  assert.equal(classesNow(state()), 2);
});

test('regenerate: a seed different from the current one', () => {
  const s = state({ seed: 5 });
  const draws = [5 / 2 ** 31, 5 / 2 ** 31, 77 / 2 ** 31];
  assert.equal(regenerate(s, () => draws.shift()).config.seed, 77, 'draws again while it equals the current seed');
  const seed = regenerate(s).config.seed;
  assert.ok(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31 && seed !== 5);
});
