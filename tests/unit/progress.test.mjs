// www/app/progress.js: how a message from the worker changes the state (pure patches).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runBuilt, frameDrawn, frameArrived, measuresOf, MAX_HISTORY } from '../../www/app/progress.js';
import { initialState } from '../../www/app/state.js';

const schema = JSON.parse(readFileSync(new URL('./fixtures/schema.json', import.meta.url), 'utf8'));
const defaults = JSON.parse(readFileSync(new URL('./fixtures/default-config.json', import.meta.url), 'utf8'));

function runInfo(changes = {}) {
  return {
    id: 3,
    shape: [2, 4, 1],
    outputs: 1,
    classes: 2,
    targetRange: [-1, 1],
    layerRanges: [-1, 1, -1, 1],
    activations: [{ kind: 'tanh' }, { kind: 'tanh' }],
    config: { ...defaults, features: ['x1', 'x1_squared'] },
    learningRate: 0.03,
    train: Float32Array.of(0, 0, 1),
    test: Float32Array.of(1, 1, -1),
    ...changes,
  };
}
const base = () => ({ ...initialState(), schema, defaults, config: defaults });

test('runBuilt: the run with its colour mode and feature labels, a fresh progress, old results dropped', () => {
  const s = { ...base(), metrics: { old: true }, leastSquares: { before: 1, after: 0.5 }, problems: [{ message: 'x' }] };
  s.progress = { ...s.progress, epoch: 99, history: [{ epoch: 1, train: 1, test: 1 }] };
  const p = runBuilt(s, runInfo(), true);
  assert.equal(p.run.id, 3);
  assert.deepEqual(p.run.mode, { kind: 'binary', lo: -1, hi: 1 });
  assert.equal(p.run.regression, false);
  assert.deepEqual(p.run.featureLabels, ['x1', 'x1²']);
  assert.equal(p.progress.epoch, 0);
  assert.deepEqual(p.progress.history, []);
  assert.equal(p.progress.learningRate, 0.03);
  assert.equal(p.metrics, null);
  assert.equal(p.leastSquares, null);
  assert.equal(p.problems, null, 'it answers the configuration asked for last');
  assert.equal('playing' in p, false);
  assert.equal('config' in p, false);
});

test('runBuilt: regression and several classes; an older answer leaves the problems', () => {
  const r = runBuilt(base(), runInfo({ classes: 0, train: Float32Array.of(0, 0, 2.5) }), true);
  assert.equal(r.run.regression, true);
  assert.deepEqual(r.run.mode, { kind: 'regression', lo: -3, hi: 3 });
  const c = runBuilt(base(), runInfo({ classes: 3, outputs: 3 }), false);
  assert.equal(c.run.mode.kind, 'classes');
  assert.equal('problems' in c, false);
});

test('runBuilt: a reset pauses; a loaded model brings its configuration', () => {
  const reset = runBuilt(base(), runInfo({ reset: true }), false);
  assert.equal(reset.playing, false);
  assert.equal(reset.problems, null);
  const info = runInfo({ loaded: true, reset: true });
  assert.equal(runBuilt(base(), info, false).config, info.config);
});

test('runBuilt: a model starts at its epoch; a restored run keeps its chart up to that epoch', () => {
  const s = base();
  s.progress = { ...s.progress, epoch: 60, history: [{ epoch: 10, train: 1, test: 1 }, { epoch: 40, train: 0.5, test: 0.6 }, { epoch: 60, train: 0.4, test: 0.5 }] };
  const loaded = runBuilt(s, runInfo({ loaded: true, reset: true, epoch: 40 }), false);
  assert.equal(loaded.progress.epoch, 40);
  assert.deepEqual(loaded.progress.history, [], 'a model file: a new chart');
  const restored = runBuilt(s, runInfo({ loaded: true, reset: true, restored: true, epoch: 40 }), false);
  assert.equal(restored.progress.epoch, 40);
  assert.deepEqual(restored.progress.history.map((p) => p.epoch), [10, 40], 'the points after the snapshot are dropped');
});

function frame(changes = {}) {
  return { seq: 1, run: 3, playing: true, changed: true, epoch: 10, updates: 250, seconds: 0.5, trainLoss: 0.5, testLoss: 0.6, learningRate: 0.02, ...changes };
}

test('frameDrawn: the progress of the frame, the loss history grows, frames counted', () => {
  const s = base();
  const p = frameDrawn(s, frame());
  assert.deepEqual(
    { ...p.progress, history: undefined },
    { epoch: 10, trainLoss: 0.5, testLoss: 0.6, learningRate: 0.02, stopMessage: null, frames: 1, history: undefined },
  );
  assert.deepEqual(p.progress.history, [{ epoch: 10, updates: 250, seconds: 0.5, train: 0.5, test: 0.6 }], 'epochs, updates and seconds: the x axes of the chart');
  assert.equal(p.frame.epoch, 10);
  assert.equal('playing' in p, false);
  const again = frameDrawn({ ...s, progress: p.progress }, frame({ epoch: 10 }));
  assert.equal(again.progress.history.length, 1, 'no second point for the same epoch');
  const before = frameDrawn({ ...s, progress: p.progress }, frame({ epoch: 5 }));
  assert.deepEqual(before.progress.history.map((q) => q.epoch), [10], 'an older epoch is no point');
  assert.equal(again.progress.frames, 2);
  const next = frameDrawn({ ...s, progress: p.progress }, frame({ epoch: 20, learningRate: undefined }));
  assert.equal(next.progress.history.length, 2);
  assert.equal(next.progress.learningRate, 0.02, 'kept when the frame has none');
});

test('frameDrawn: new weights at the same epoch (least squares solved them) replace its point: the curve starts at the solved loss', () => {
  const s = base();
  const unsolved = frameDrawn(s, frame({ epoch: 0, updates: 0, seconds: 0, trainLoss: 0.9, testLoss: 1 }));
  const solved = frameDrawn({ ...s, progress: unsolved.progress }, frame({ epoch: 0, updates: 0, seconds: 0, trainLoss: 0.01, testLoss: 0.02 }));
  assert.deepEqual(solved.progress.history, [{ epoch: 0, updates: 0, seconds: 0, train: 0.01, test: 0.02 }]);
});

test('measuresOf: accuracy and the mean squared error of both splits from the core\'s metrics, the ones there are', () => {
  const metrics = { train: { accuracy: 0.9, mean_squared_error: 0.05 }, test: { accuracy: 0.8, mean_squared_error: 0.07 } };
  assert.deepEqual(measuresOf(metrics), { trainAccuracy: 0.9, testAccuracy: 0.8, trainError: 0.05, testError: 0.07 });
  assert.deepEqual(measuresOf({ train: { accuracy: null, r_squared: 0.5, mean_squared_error: 0.3 }, test: { accuracy: null, mean_squared_error: NaN } }), { trainError: 0.3 }, 'regression: no accuracy');
  assert.deepEqual(measuresOf(undefined), {});
});

test('frameDrawn, frameArrived: the metrics\' measures go with the point of their epoch', () => {
  const s = { ...base(), run: { id: 3 } };
  const metrics = { train: { accuracy: 0.9, mean_squared_error: 0.05 }, test: { accuracy: 0.8, mean_squared_error: 0.07 } };
  const drawn = frameArrived(s, frame({ metrics }), true);
  assert.deepEqual(drawn.progress.history.at(-1), { epoch: 10, updates: 250, seconds: 0.5, train: 0.5, test: 0.6, trainAccuracy: 0.9, testAccuracy: 0.8, trainError: 0.05, testError: 0.07 });
  const plain = frameArrived(s, frame(), true);
  const later = frameArrived({ ...s, progress: plain.progress }, frame({ changed: false, epoch: undefined, metrics }), true);
  assert.deepEqual(later.progress.history.at(-1), { epoch: 10, updates: 250, seconds: 0.5, train: 0.5, test: 0.6, trainAccuracy: 0.9, testAccuracy: 0.8, trainError: 0.05, testError: 0.07 }, 'metrics of unchanged weights: the latest point');
  assert.equal(frameArrived({ ...s, progress: plain.progress }, frame({ changed: false, run: 2, metrics }), true).progress, undefined, 'another run\'s metrics: nothing');
});

test('frameDrawn: a stop message stops playing', () => {
  const p = frameDrawn(base(), frame({ stopMessage: 'diverged' }));
  assert.equal(p.playing, false);
  assert.equal(p.progress.stopMessage, 'diverged');
});

test('frameDrawn: a long history is thinned, keeping its first and newest points', () => {
  let s = base();
  for (let e = 1; e <= MAX_HISTORY + 1; e++) s = { ...s, progress: frameDrawn(s, frame({ epoch: e })).progress };
  const h = s.progress.history;
  assert.ok(h.length <= MAX_HISTORY && h.length > MAX_HISTORY / 2 - 2, String(h.length));
  assert.equal(h[0].epoch, 1);
  assert.equal(h.at(-1).epoch, MAX_HISTORY + 1);
  assert.ok(h.every((p, i) => i === 0 || p.epoch > h[i - 1].epoch), 'in order');
});

test('frameArrived: pictures of the current run are drawn; others only report state', () => {
  const s = { ...base(), run: { id: 3 } };
  const drawn = frameArrived(s, frame(), true);
  assert.equal(drawn.playing, true);
  assert.equal(drawn.progress.epoch, 10);
  const unchanged = frameArrived(s, frame({ changed: false }), true);
  assert.equal('progress' in unchanged, false);
  const old = frameArrived(s, frame({ run: 2, metrics: { accuracy: 1 } }), true);
  assert.equal('progress' in old, false, 'a frame of an older run is not drawn');
  assert.equal('metrics' in old, false, 'nor are its metrics kept');
  assert.equal('progress' in frameArrived(base(), frame(), true), false, 'no run yet');
});

test('frameArrived: playing only once the worker has seen every command, and not over a stop', () => {
  const s = { ...base(), run: { id: 3 } };
  assert.equal('playing' in frameArrived(s, frame({ changed: false, playing: false }), false), false);
  assert.equal(frameArrived(s, frame({ changed: false, playing: false }), true).playing, false);
  assert.equal(frameArrived(s, frame({ stopMessage: 'done', playing: true }), true).playing, false);
});

test('frameArrived: metrics of the current run and worker errors', () => {
  const s = { ...base(), run: { id: 3 } };
  const p = frameArrived(s, frame({ changed: false, metrics: { accuracy: 0.9 }, error: 'oops' }), true);
  assert.deepEqual(p.metrics, { accuracy: 0.9 });
  assert.equal(p.workerError, 'oops');
});

test('activity and the stall hint: kept from frames of the current run, dropped by a new run', () => {
  const s = { ...base(), run: { id: 3 } };
  const activity = [{ layer: 0, activation: 'relu', measure: 'inactivity', neurons: [{ saturated: 0, inactive: 1, dead: true }] }];
  const p = frameArrived(s, frame({ changed: false, metrics: { accuracy: 0.5 }, activity, stallHint: '1 of 1 neuron of layer 1 is dead' }), true);
  assert.deepEqual(p.activity, activity);
  assert.equal(p.stallHint, '1 of 1 neuron of layer 1 is dead');
  const quiet = frameArrived(s, frame({ changed: false, metrics: { accuracy: 0.5 }, activity, stallHint: null }), true);
  assert.equal(quiet.stallHint, null, 'no reason seen any more');
  const without = frameArrived(s, frame({ changed: false }), true);
  assert.equal('activity' in without, false, 'a frame without them keeps the last');
  assert.equal('stallHint' in without, false);
  assert.equal('activity' in frameArrived(s, frame({ run: 2, activity, stallHint: 'x' }), true), false, 'not of an older run');
  const built = runBuilt({ ...base(), activity, stallHint: 'x' }, runInfo(), true);
  assert.equal(built.activity, null);
  assert.equal(built.stallHint, null);
});
