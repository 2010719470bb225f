// The benchmark's plain JavaScript engine (bench/page/js-engine.js: node and link
// objects, one sample at a time, in f64) against our core (the built wasm module in
// www/pkg, in f32): from the same weights and the same batch they must compute the
// same loss, the same gradients and the same weights after the update. This checks
// that the benchmark compares like with like, and our backpropagation against an
// independent implementation.
//
// The batch's samples come from the core's own record of the step (recordStep: the
// training-set indices of its rows, in its seeded shuffled order); full batch needs no
// order, so there one epoch is also run through Playground.train itself.
//
// Tolerances: the core rounds every value to f32 (relative 6e-8) and sums up to 250
// products per entry, so a gradient entry may differ by ~1e-5 of the layer's largest
// gradient (cancellation makes relative-per-entry meaningless for entries near 0);
// we allow 1e-4 of it. A weight after the step may differ by its own f32 rounding
// plus the learning rate times that gradient error: 1e-5 (1 + |w|). A missing
// division by the batch size, a wrong sign or a wrong derivative is off by far more.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { built, loadCore } from './built-core.mjs';
import { Network, trainingRows } from '../../bench/page/js-engine.js';


const NETWORKS = {
  'default 2-4-2-1 tanh': { features: ['x1', 'x2'], hidden: [4, 2], activation: 'tanh', output: 'tanh' },
  'largest 7-8x6-1 tanh': {
    features: ['x1', 'x2', 'x1_squared', 'x2_squared', 'x1_x2', 'sin_x1', 'sin_x2'],
    hidden: [8, 8, 8, 8, 8, 8],
    activation: 'tanh',
    output: 'tanh',
  },
  '10x32 tanh': { features: ['x1', 'x2', 'x1_squared', 'x2_squared'], hidden: Array(10).fill(32), activation: 'tanh', output: 'tanh' },
  '2-8-8-1 relu, linear output': { features: ['x1', 'x2'], hidden: [8, 8], activation: 'relu', output: 'linear' },
};

function config(net, batch, learningRate = 0.03) {
  const act = (kind) => (kind === 'tanh' || kind === 'sigmoid' ? { kind, steepness: 1 } : { kind });
  return JSON.stringify({
    seed: 7,
    data: { task: 'circle', points: 500, noise: 0, train_fraction: 0.5 },
    features: net.features,
    hidden_layers: net.hidden,
    activation: act(net.activation),
    output_activation: act(net.output),
    loss: 'mse',
    learning_rate: learningRate,
    strategy: batch === 'full' ? { kind: 'full_batch' } : { kind: 'mini_batch', size: batch },
    optimizer: { kind: 'sgd' },
  });
}

/** Our core's run and the JS engine with the same weights and training rows. */
async function pair(net, batch) {
  const { Playground } = await loadCore();
  const pg = new Playground(config(net, batch));
  const shape = Array.from(pg.shape());
  const js = new Network(shape, net.activation, net.output);
  js.setWeights(Array.from(pg.weights()));
  const rows = trainingRows(pg.points(false), net.features);
  return { pg, js, rows };
}

/** The flat weights layout's blocks: per layer, weights then biases (as Playground.weights()). */
function blocks(shape) {
  const out = [];
  let k = 0;
  for (let l = 1; l < shape.length; l++) {
    for (const size of [shape[l - 1] * shape[l], shape[l]]) {
      out.push([k, k + size]);
      k += size;
    }
  }
  return out;
}

function assertClose(actual, expected, tol, what) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (!(d <= tol(i, expected[i]))) {
      assert.fail(`${what}[${i}]: JS engine ${actual[i]}, core ${expected[i]} (difference ${d}, allowed ${tol(i, expected[i])})`);
    }
  }
}

/** Gradients close relative to each block's (layer's weights, layer's biases) largest entry. */
function assertGradients(actual, expected, shape, what) {
  for (const [a, b] of blocks(shape)) {
    const scale = Math.max(1e-6, ...expected.slice(a, b).map(Math.abs));
    assertClose(actual.slice(a, b), expected.slice(a, b), () => 1e-4 * scale, `${what} [${a}..${b})`);
  }
}

const assertWeights = (actual, expected, what) => assertClose(actual, expected, (i, e) => 1e-5 * (1 + Math.abs(e)), what);
const assertLoss = (actual, expected, what) =>
  assert.ok(Math.abs(actual - expected) <= 1e-5 * Math.abs(expected), `${what}: JS engine ${actual}, core ${expected}`);

/** A recorded step's matrices flattened in Playground.weights() order. */
function recordedFlat(rec, field, biasField) {
  return rec.layers.flatMap((l) => [...l[field].data, ...l[biasField].data]);
}

/** One recorded step of the core and the same step of the JS engine; returns the record. */
function compareStep(pg, js, rows, what) {
  const before = Array.from(pg.weights());
  const rec = JSON.parse(pg.recordStep());
  assertWeights(recordedFlat(rec, 'weights', 'bias'), before, `${what}: recorded W(t) is Playground.weights()`);
  const n = rec.samples.length;
  // the same inputs (our features of the same points) and coded targets
  assertClose(rec.samples.flatMap((i) => rows.inputs[i]), rec.inputs.data, (i, e) => 1e-6 * (1 + Math.abs(e)), `${what}: inputs`);
  assert.deepEqual(rec.samples.flatMap((i) => rows.targets[i]), rec.targets.data, `${what}: targets`);
  const error = js.accumulate(rows.inputs, rows.targets, rec.samples, 0, n);
  assertLoss(error / n, rec.loss, `${what}: batch loss`);
  const shape = [rec.inputs.cols, ...rec.layers.map((l) => l.weights.cols)];
  assertGradients(js.gradients(), recordedFlat(rec, 'weight_gradient', 'bias_gradient'), shape, `${what}: gradient`);
  js.update(rec.learning_rate);
  assertWeights(js.weights(), Array.from(pg.weights()), `${what}: weights after the step`);
  return rec;
}

for (const [name, net] of Object.entries(NETWORKS)) {
  for (const batch of [10, 'full']) {
    const label = `${name}, ${batch === 'full' ? 'full batch' : `batch ${batch}`}`;

    test(`JS engine = core on one step: ${label}`, { skip: !built && 'www/pkg is not built (build_page)' }, async () => {
      const { pg, js, rows } = await pair(net, batch);
      try {
        assertLoss(js.loss(rows.inputs, rows.targets), pg.trainLoss(), 'training loss at the start');
        const rec = compareStep(pg, js, rows, 'step 1');
        assert.equal(rec.samples.length, batch === 'full' ? rows.inputs.length : batch);
      } finally {
        pg.free();
      }
    });

    test(`JS engine = core over one epoch, step by step: ${label}`, { skip: !built && 'www/pkg is not built (build_page)' }, async () => {
      const { pg, js, rows } = await pair(net, batch);
      try {
        let rec;
        let steps = 0;
        do {
          rec = compareStep(pg, js, rows, `step ${++steps}`);
        } while (!rec.epoch_finished);
        assert.equal(steps, Math.ceil(rows.inputs.length / (batch === 'full' ? rows.inputs.length : batch)));
        assert.equal(pg.epoch, 1);
        assertWeights(js.weights(), Array.from(pg.weights()), 'weights after the epoch');
        assertLoss(js.loss(rows.inputs, rows.targets), pg.trainLoss(), 'training loss after the epoch');
      } finally {
        pg.free();
      }
    });
  }

  test(`JS engine = core over Playground.train, full batch (no shuffling): ${name}`, { skip: !built && 'www/pkg is not built (build_page)' }, async () => {
    const { pg, js, rows } = await pair(net, 'full');
    try {
      const order = rows.inputs.map((_, i) => i);
      for (let epoch = 1; epoch <= 3; epoch++) {
        assert.equal(pg.train(1), 1);
        js.trainEpoch(rows.inputs, rows.targets, order, order.length, pg.learningRate(), false);
        assertWeights(js.weights(), Array.from(pg.weights()), `weights after epoch ${epoch}`);
        assertLoss(js.loss(rows.inputs, rows.targets), pg.trainLoss(), `training loss after epoch ${epoch}`);
      }
    } finally {
      pg.free();
    }
  });
}

test('the JS engine learns: its loss falls over 200 epochs at batch 10 on its own shuffles', () => {
  const points = [];
  for (let i = 0; i < 200; i++) {
    const a = Math.cos(i) * (i % 2 ? 1 : 4);
    const b = Math.sin(i) * (i % 2 ? 1 : 4);
    points.push(a, b, i % 2);
  }
  const rows = trainingRows(points, ['x1', 'x2', 'x1_squared', 'x2_squared']);
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const js = new Network([4, 4, 1], 'tanh', 'tanh', random);
  const order = rows.inputs.map((_, i) => i);
  const before = js.loss(rows.inputs, rows.targets);
  for (let e = 0; e < 200; e++) js.trainEpoch(rows.inputs, rows.targets, order, 10, 0.03);
  const after = js.loss(rows.inputs, rows.targets);
  assert.ok(after < before / 4, `loss ${before} -> ${after}`);
});

test('a table with a softmax output and the cross-entropy (letters, 63-16-26, full batch): the same loss and the same weights after one epoch', { skip: !built && 'www/pkg is not built' }, async () => {
  const { Playground } = await loadCore();
  const { tableRows } = await import('../../bench/page/js-engine.js');
  const pg = new Playground(JSON.stringify({
    seed: 3,
    data: { task: 'circle', points: 500, noise: 0, train_fraction: 0.5, table: { kind: 'letters', code: {} } },
    hidden_layers: [16],
    activation: { kind: 'tanh', steepness: 1 },
    output_activation: { kind: 'softmax' },
    loss: 'softmax_cross_entropy',
    learning_rate: 0.5,
    strategy: { kind: 'full_batch' },
    optimizer: { kind: 'sgd' },
  }));
  const { inputs, targets } = tableRows(pg, false);
  const js = new Network(Array.from(pg.shape()), 'tanh', 'softmax');
  js.setWeights(Array.from(pg.weights()));
  assert.equal(inputs.length, 520);
  const before = js.loss(inputs, targets);
  assert.ok(Math.abs(before - pg.trainLoss()) <= 1e-5 * before, `the same cross-entropy before: ${before} vs ${pg.trainLoss()}`);
  assert.equal(pg.train(1), 1);
  js.trainEpoch(inputs, targets, inputs.map((_, i) => i), inputs.length, 0.5, false);
  const ours = Array.from(pg.weights());
  const theirs = js.weights();
  const worst = Math.max(...ours.map((w, i) => Math.abs(w - theirs[i]) / (1 + Math.abs(w))));
  assert.ok(worst <= 1e-5, `the same weights after one epoch (worst relative difference ${worst})`);
  assert.ok(Math.abs(js.loss(inputs, targets) - pg.trainLoss()) <= 1e-5 * before, 'and the same loss after');
  pg.free();
});
