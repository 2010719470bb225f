// www/worker/session.js: the worker's run and the page's commands about it, with a
// stand-in for the wasm Playground and a recording postMessage.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { closeChannelsAfterTests, recordPostMessages } from './worker-globals.mjs';

// Stand-ins for worker globals: a recording postMessage, and MessageChannels that are
// closed after the tests (backgroundLoop's would keep Node running).
const posted = [];
recordPostMessages((message, transfer) => posted.push({ message, transfer }));
closeChannelsAfterTests();
beforeEach(() => {
  posted.length = 0;
});

const { createSession, describe, capOf, NEURON_SIDE } = await import('../../www/worker/session.js');

const SHAPE = [2, 3, 1];
const made = [];

/**
 * A run as the bindings' Playground shows it; config.stopAt makes it stop there.
 * Every epoch makes 25 updates and takes 0.01 s of training time.
 */
class FakePlayground {
  constructor(json) {
    this.json = json;
    this.config = JSON.parse(json);
    if (this.config.throws) throw new Error(this.config.throws);
    if (this.config.trap) throw new WebAssembly.RuntimeError('unreachable');
    this.epoch = 0;
    this.freed = false;
    this.pauses = 0;
    this.trainCalls = [];
    made.push(this);
  }
  static fromModel(text) {
    return new FakePlayground(text);
  }
  train(n) {
    this.trainCalls.push(n);
    const ran = Math.max(0, Math.min(n, (this.config.stopAt ?? Infinity) - this.epoch));
    this.epoch += ran;
    return ran;
  }
  stopMessage() {
    return this.epoch >= (this.config.stopAt ?? Infinity) ? `stopped after ${this.epoch} epochs` : undefined;
  }
  get updates() {
    return 25 * this.epoch;
  }
  elapsedSeconds() {
    return 0.02 * this.epoch;
  }
  computeSeconds() {
    return 0.01 * this.epoch;
  }
  pauseClock() {
    this.pauses++;
  }
  free() {
    this.freed = true;
  }
  shape() {
    return Uint32Array.from(SHAPE);
  }
  outputs() {
    return 1;
  }
  classes() {
    return this.config.classes ?? 2;
  }
  targetRange() {
    return Float64Array.of(-1, 1);
  }
  layerRanges() {
    return Float64Array.of(-1, 1, -1, 1);
  }
  points(test) {
    return test ? Float32Array.of(1, 1, -1) : Float32Array.of(0, 0, 1, 2, 2, -1);
  }
  exportModel() {
    return JSON.stringify({ network: { layers: [{ activation: { kind: 'tanh' } }, { activation: { kind: 'linear' } }] } });
  }
  activationsJson() {
    return JSON.stringify([{ kind: 'tanh' }, { kind: 'linear' }]);
  }
  configJson() {
    return this.json;
  }
  learningRate() {
    return 0.03;
  }
  trainLoss() {
    return 1 / (1 + this.epoch);
  }
  testLoss() {
    return 2 / (1 + this.epoch);
  }
  metricsJson(test) {
    return JSON.stringify({ accuracy: test ? 0.5 : 0.75 });
  }
  activityReportJson() {
    const layers = [{ layer: 0, activation: 'tanh', measure: 'saturation', neurons: [{ saturated: this.epoch > 0 ? 0.9 : 0, inactive: 0, dead: false }] }];
    return JSON.stringify({ layers, hint: this.config.stalls ? '1 of 1 neuron of layer 1 is saturated' : null });
  }
  weights() {
    return new Float32Array(13).fill(this.epoch);
  }
  tableInfoJson() {
    return this.config.table ? JSON.stringify({ columns: ['size', 'fur'] }) : 'null';
  }
  fillOutputGrid(out, w, h) {
    assert.ok(!this.config.table, 'no plane is pictured for a table run');
    assert.equal(out.length, w * h * this.outputs());
    out.fill(0.5);
  }
  classifyGrid(grid, classes) {
    assert.equal(grid.length, classes.length);
    classes.fill(1);
  }
  fillNeuronGrids(out, w, h) {
    assert.equal(out.length, w * h * (3 + 1));
    out.fill(-0.5);
  }
}

const wasm = {
  Playground: FakePlayground,
  validate: (json) => {
    const c = JSON.parse(json);
    const problems = c.lr > 0 ? [] : [{ field: 'lr', message: 'must be above 0' }];
    return JSON.stringify({ problems, config: problems.length ? null : c });
  },
  parseCsv: () => '{}',
};

const last = (type) => posted.filter((p) => p.message.type === type).at(-1);
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Waits until the stand-in has trained `epochs` (the background slices are tasks, which
 * a loaded machine delays), then a little longer, so training past it would show.
 */
async function reach(p, epochs, ms = 5000) {
  const end = performance.now() + ms;
  while (p.epoch < epochs && performance.now() < end) await wait(5);
  await wait(20);
}

function started(config = { lr: 0.1 }) {
  const s = createSession(wasm);
  s.handlers.config({ id: 1, config });
  return s;
}

test('describe: what the page needs once per run', () => {
  const info = describe(new FakePlayground('{"lr":1}'), 4);
  assert.deepEqual({ ...info, train: [...info.train], test: [...info.test] }, {
    id: 4,
    shape: SHAPE,
    outputs: 1,
    classes: 2,
    targetRange: [-1, 1],
    layerRanges: [-1, 1, -1, 1],
    activations: [{ kind: 'tanh' }, { kind: 'linear' }],
    config: { lr: 1 },
    learningRate: 0.03,
    epoch: 0,
    train: [0, 0, 1, 2, 2, -1],
    test: [1, 1, -1],
    table: null, // the plane: no table for the data view
  });
  assert.ok(Array.isArray(info.shape), 'plain arrays, not typed ones');
});

test('config: refused by the core -> rejected with every problem; the run stays', () => {
  const s = started();
  const before = s.current();
  posted.length = 0;
  s.handlers.config({ id: 2, config: { lr: -1 } });
  assert.deepEqual(posted, [{ message: { type: 'rejected', configId: 2, problems: [{ field: 'lr', message: 'must be above 0' }] }, transfer: [] }]);
  assert.equal(s.current(), before);
});

test('config: accepted -> the run message (points transferred); the old run is freed', () => {
  const s = started();
  const first = s.current();
  const run = last('run');
  assert.equal(run.message.configId, 1);
  assert.equal(run.message.id, 1);
  assert.deepEqual(run.message.shape, SHAPE);
  assert.deepEqual(run.transfer, [run.message.train.buffer, run.message.test.buffer]);
  s.handlers.config({ id: 2, config: { lr: 0.2 } });
  assert.equal(last('run').message.id, 2);
  assert.equal(last('run').message.configId, 2);
  assert.equal(first.freed, true);
  assert.notEqual(s.current(), first);
});

test('config: a fresh worker numbers its runs on from the page\'s last (runFrom)', () => {
  const s = createSession(wasm);
  s.handlers.config({ id: 1, config: { lr: 0.1 }, runFrom: 7 });
  assert.equal(last('run').message.id, 8);
});

test('config: a constructor error is a rejection; a trap is a panic', () => {
  const s = createSession(wasm);
  s.handlers.config({ id: 3, config: { lr: 0.1, throws: 'too many points' } });
  assert.deepEqual(last('rejected').message, { type: 'rejected', configId: 3, problems: [{ message: 'too many points' }] });
  s.handlers.config({ id: 4, config: { lr: 0.1, trap: true } });
  assert.equal(last('panic').message.where, 'config');
  assert.equal(s.current(), null);
});

test('frame before any run: answered, nothing changed', () => {
  const s = createSession(wasm);
  s.handlers.frame({ seq: 5 });
  const f = last('frame').message;
  assert.equal(f.seq, 5);
  assert.equal(f.run, 0);
  assert.equal(f.playing, false);
  assert.equal(f.changed, false);
  assert.equal(f.grid, undefined);
});

test('frame: the pictures of a changed run at full resolution when paused, with metrics; then nothing new', () => {
  const s = started();
  s.handlers.frame({ seq: 1 });
  const { message: f, transfer } = last('frame');
  assert.equal(f.changed, true);
  assert.equal(f.run, 1);
  assert.equal(f.side, 100);
  assert.equal(f.grid.length, 100 * 100);
  assert.equal(f.classes.length, 100 * 100);
  assert.equal(f.classes[0], 1);
  assert.equal(f.neuronSide, NEURON_SIDE);
  assert.equal(f.neurons.length, NEURON_SIDE * NEURON_SIDE * 4);
  assert.equal(f.weights.length, 13);
  assert.deepEqual([f.epoch, f.trainLoss, f.testLoss, f.stopMessage, f.learningRate], [0, 1, 2, null, 0.03]);
  assert.deepEqual([f.updates, f.seconds], [0, 0]);
  assert.deepEqual(f.metrics, { train: { accuracy: 0.75 }, test: { accuracy: 0.5 } });
  assert.deepEqual(f.activity, [{ layer: 0, activation: 'tanh', measure: 'saturation', neurons: [{ saturated: 0, inactive: 0, dead: false }] }]);
  assert.equal(f.stallHint, null, 'no reason seen: null, not undefined');
  assert.deepEqual(f.snapshot, { epoch: 0, model: s.current().exportModel() }, 'the model file travels with the metrics');
  assert.deepEqual(transfer, [f.grid.buffer, f.neurons.buffer, f.classes.buffer, f.weights.buffer]);
  s.handlers.frame({ seq: 2 });
  const g = last('frame').message;
  assert.equal(g.changed, false);
  assert.equal(g.metrics, undefined);
  assert.equal(g.activity, undefined, 'activity comes with the metrics only');
  assert.equal(g.snapshot, undefined, 'so does the snapshot');
  assert.equal(g.grid, undefined);
});

test('frame: a table run has no plane, so no grids, only its weights and numbers', () => {
  const s = started({ lr: 0.1, table: 'animals' });
  s.handlers.frame({ seq: 1 });
  const { message: f, transfer } = last('frame');
  assert.equal(f.changed, true);
  assert.deepEqual([f.side, f.neuronSide, f.grid, f.classes, f.neurons], [0, 0, undefined, undefined, undefined]);
  assert.equal(f.weights.length, 13);
  assert.deepEqual(f.metrics, { train: { accuracy: 0.75 }, test: { accuracy: 0.5 } });
  assert.deepEqual(transfer, [f.weights.buffer]);
});

test('frame: the buffers the page returns are refilled when their size fits', () => {
  const s = started();
  const grid = new Float32Array(100 * 100);
  const wrong = new Float32Array(7);
  s.handlers.frame({ seq: 1, buffers: { grid: grid.buffer, neurons: wrong } });
  const f = last('frame').message;
  assert.equal(f.grid.buffer, grid.buffer, 'reused');
  assert.equal(f.grid[0], 0.5);
  assert.notEqual(f.neurons.buffer, wrong.buffer, 'too small: a new one');
  s.handlers.frame({ seq: 2, buffers: { grid: f.grid.buffer } });
  assert.equal(last('frame').message.grid.buffer, grid.buffer, 'an unchanged frame hands the buffer back');
});

test('regression: no classes picture', () => {
  const s = started({ lr: 0.1, classes: 0 });
  s.handlers.frame({ seq: 1 });
  assert.equal(last('frame').message.classes, undefined);
});

test('step: one epoch, paused, the clock paused around it; the next frame shows it', () => {
  const s = started();
  const p = s.current();
  s.handlers.step();
  assert.equal(p.epoch, 1);
  assert.ok(p.pauses >= 1);
  s.handlers.frame({ seq: 1 });
  const f = last('frame').message;
  assert.equal(f.epoch, 1);
  assert.equal(f.playing, false);
});

test('speed: whole epochs per frame, fractions for slow motion, Infinity for max; nonsense ignored', () => {
  const s = createSession(wasm);
  for (const [n, expected] of [[3.6, 4], [0.25, 0.25], [Infinity, Infinity], [-1, Infinity], [0, Infinity], ['x', Infinity], [20, 20], [NaN, 20]]) {
    s.handlers.speed({ epochsPerFrame: n });
    assert.equal(s.epochsPerFrame, expected, String(n));
  }
});

test('play: trains epochsPerFrame epochs per frame request in the background', async () => {
  const s = started();
  const p = s.current();
  s.handlers.speed({ epochsPerFrame: 7 });
  s.handlers.play({ playing: true });
  s.handlers.frame({ seq: 1 });
  assert.equal(last('frame').message.playing, true);
  await reach(p, 7);
  assert.equal(p.epoch, 7, 'one frame allows 7 epochs');
  s.handlers.frame({ seq: 2 });
  const f = last('frame').message;
  assert.equal(f.epoch, 7);
  assert.equal(f.changed, true);
  assert.deepEqual([f.updates, f.seconds, f.compute], [7 * 25, 0.14, 0.07], 'a changed frame carries updates, the time limit\'s training time and the run\'s own compute');
  assert.equal(f.snapshot?.epoch, 7, 'and, while writing it is cheap, the model file of its epoch');
  await reach(p, 14);
  assert.equal(p.epoch, 14);
  s.handlers.play({ playing: false });
  assert.ok(p.pauses >= 1, 'a pause is not training time');
  s.handlers.frame({ seq: 3 });
  await wait(30);
  assert.equal(p.epoch, 14, 'paused: no training');
});

test('a run that stops stops playing and says why; play does not restart it', async () => {
  const s = started({ lr: 0.1, stopAt: 5 });
  const p = s.current();
  s.handlers.speed({ epochsPerFrame: 100 });
  s.handlers.play({ playing: true });
  s.handlers.frame({ seq: 1 });
  await reach(p, 5);
  assert.equal(p.epoch, 5);
  s.handlers.frame({ seq: 2 });
  const f = last('frame').message;
  assert.equal(f.playing, false);
  assert.equal(f.stopMessage, 'stopped after 5 epochs');
  s.handlers.play({ playing: true });
  assert.equal(s.playing, false);
});

test('reset: the same configuration rebuilt, paused, as a new run', () => {
  const s = started();
  s.handlers.step();
  s.handlers.play({ playing: true });
  s.handlers.reset();
  const run = last('run').message;
  assert.equal(run.reset, true);
  assert.equal(run.id, 2);
  assert.equal(s.playing, false);
  assert.equal(s.current().epoch, 0);
  assert.deepEqual(run.config, { lr: 0.1 });
});

test('adopt (a loaded model): the current run, paused, announced with reset and loaded', () => {
  const s = started();
  s.handlers.play({ playing: true });
  const info = s.adopt(FakePlayground.fromModel('{"lr":0.5}'));
  assert.equal(info.loaded, true);
  assert.equal(info.reset, true);
  assert.equal(info.restored, false);
  assert.deepEqual(last('run').message.config, { lr: 0.5 });
  assert.equal(s.playing, false);
  // A restore after a panic: numbered on from the page's run, and marked restored.
  const again = s.adopt(FakePlayground.fromModel('{"lr":0.5}'), { restored: true, runFrom: 40 });
  assert.equal(again.id, 41);
  assert.equal(again.restored, true);
});

test('crashTest throws what a Rust panic throws', () => {
  const s = createSession(wasm);
  assert.throws(() => s.handlers.crashTest({}), WebAssembly.RuntimeError);
});

test('capOf: a frame request\'s until is an epoch number, or no cap', () => {
  assert.equal(capOf(12), 12);
  assert.equal(capOf(0), 0);
  for (const none of [undefined, null, Infinity, NaN, '12', {}]) assert.equal(capOf(none), null, String(none));
});

test('lockstep: while playing, no training past the frame request\'s until; the run waits there, still playing', async () => {
  const s = started();
  const p = s.current();
  s.handlers.speed({ epochsPerFrame: 7 });
  s.handlers.play({ playing: true });
  const pausesBefore = p.pauses;
  s.handlers.frame({ seq: 1, until: 3 });
  await reach(p, 3);
  assert.equal(p.epoch, 3, 'capped at until, not 7');
  assert.ok(p.pauses > pausesBefore, 'waiting at the cap is not training time');
  s.handlers.frame({ seq: 2, until: 3 });
  let f = last('frame').message;
  assert.equal(f.epoch, 3);
  assert.equal(f.playing, true, 'reaching the cap is not a stop');
  assert.equal(f.stopMessage, null);
  await wait(30);
  assert.equal(p.epoch, 3, 'the same until: nothing more');
  s.handlers.frame({ seq: 3, until: 3 });
  f = last('frame').message;
  assert.equal(f.changed, false);
  assert.equal(f.playing, true);
  assert.equal(s.playing, true);
  s.handlers.frame({ seq: 4, until: 100 });
  await reach(p, 10);
  assert.equal(p.epoch, 10, 'a later until: epochsPerFrame more');
  s.handlers.frame({ seq: 5, until: 12 });
  await reach(p, 12);
  assert.equal(p.epoch, 12);
  assert.equal(Math.max(...p.trainCalls), 7, 'never asked for more than the cap allows');
  s.handlers.frame({ seq: 6, until: null });
  await reach(p, 19);
  assert.equal(p.epoch, 19, 'no cap: back to epochsPerFrame per frame');
  s.handlers.frame({ seq: 7 });
  await reach(p, 26);
  assert.equal(p.epoch, 26, 'until absent: no cap');
  s.handlers.play({ playing: false });
});

test('lockstep: until at or below the current epoch trains nothing; max speed stops at the cap', async () => {
  const s = started();
  const p = s.current();
  s.handlers.step();
  s.handlers.step();
  s.handlers.speed({ epochsPerFrame: Infinity });
  s.handlers.play({ playing: true });
  s.handlers.frame({ seq: 1, until: 1 });
  await wait(30);
  assert.equal(p.epoch, 2, 'already past until: waits');
  assert.equal(s.playing, true);
  s.handlers.frame({ seq: 2, until: 50 });
  await reach(p, 50);
  assert.equal(p.epoch, 50, '"max" trains up to the cap and no further');
  s.handlers.frame({ seq: 3, until: 50 });
  const f = last('frame').message;
  assert.equal(f.epoch, 50);
  assert.equal(f.playing, true);
  s.handlers.play({ playing: false });
});

test('lockstep: a stopping condition before until still stops the run', async () => {
  const s = started({ lr: 0.1, stopAt: 4 });
  const p = s.current();
  s.handlers.speed({ epochsPerFrame: 10 });
  s.handlers.play({ playing: true });
  s.handlers.frame({ seq: 1, until: 8 });
  await reach(p, 4);
  assert.equal(p.epoch, 4);
  s.handlers.frame({ seq: 2, until: 8 });
  const f = last('frame').message;
  assert.equal(f.playing, false);
  assert.equal(f.stopMessage, 'stopped after 4 epochs');
});

test('frame: the core\'s stall hint travels with the metrics', () => {
  const s = started({ lr: 0.1, stalls: true });
  s.handlers.frame({ seq: 1 });
  assert.equal(last('frame').message.stallHint, '1 of 1 neuron of layer 1 is saturated');
});

/**
 * A run whose clocks work as the core's (Trainer::train, pause_clock): the time limit's
 * clock reads the time at a call's start (unless it still runs from the last call) and
 * after every epoch, so the time between two calls counts unless it was paused in
 * between; compute counts only the time inside the calls. Every epoch takes `cost`
 * seconds of the shared fake `clock`.
 */
class ClockedPlayground extends FakePlayground {
  constructor(json) {
    super(json);
    this.seconds = 0;
    this.compute = 0;
    this.mark = null;
  }
  train(n) {
    const start = clock.now;
    let last = this.mark ?? start;
    const ran = super.train(n);
    for (let e = 0; e < ran; e++) {
      clock.now += this.config.cost;
      this.seconds += clock.now - last;
      last = clock.now;
    }
    this.compute += last - start;
    this.mark = last;
    return ran;
  }
  elapsedSeconds() {
    return this.seconds;
  }
  computeSeconds() {
    return this.compute;
  }
  pauseClock() {
    super.pauseClock();
    this.mark = null;
  }
}
const clock = { now: 0 };

test('a frame\'s compute is the run\'s own: the time between slices (pictures, the page, the lockstep wait) is not counted', async () => {
  for (const cost of [0.001, 0.004]) {
    const s = createSession({ ...wasm, Playground: ClockedPlayground });
    s.handlers.config({ id: 1, config: { lr: 0.1, cost } });
    const p = s.current();
    s.handlers.speed({ epochsPerFrame: 5 });
    s.handlers.play({ playing: true });
    s.handlers.frame({ seq: 1 });
    await reach(p, 5);
    clock.now += 1; // a second of the page drawing, other runs training, waiting at a cap
    s.handlers.frame({ seq: 2 });
    await reach(p, 10);
    clock.now += 1;
    s.handlers.frame({ seq: 3, until: 10 }); // at the cap: waits
    await wait(20);
    clock.now += 1;
    s.handlers.frame({ seq: 4 });
    await reach(p, 15);
    s.handlers.play({ playing: false });
    s.handlers.frame({ seq: 5 });
    const f = last('frame').message;
    assert.equal(f.epoch, 15);
    assert.ok(Math.abs(f.compute - 15 * cost) < 1e-9, `cost ${cost}: ${f.compute} s is 15 epochs × ${cost} s, none of the 3 s between slices`);
  }
});
