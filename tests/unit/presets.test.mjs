// Every compare preset's caption is a claim; each test here runs the preset's own runs
// (www/compare/presets.js, turned into configurations exactly as the page does:
// presetState and runConfig) in the core (the built wasm module in www/pkg) for a fixed
// number of epochs over five seeds, and asserts what the caption says. No timing: the
// budgets are epochs and updates. The figures each test prints are the ones quoted in
// the README's table of presets.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { built, loadCore } from './built-core.mjs';
import { presetState, runConfig } from '../../www/compare/diff.js';
import { PRESETS } from '../../www/compare/presets.js';

const skip = !built && 'www/pkg is not built (build_page)';
const SEEDS = [1, 2, 3, 4, 5];

/**
 * @typedef {{epoch: number, updates: number, train: number, test: number, accuracy: number, error: number, rate: number}} Point
 * @typedef {{name: string, points: Point[]}} Run
 */

/**
 * Runs every run of a preset with the given seed for `epochs` epochs, recording the
 * losses every `every` epochs (and before training).
 * @param {string} id
 * @param {number} seed
 * @param {number} epochs
 * @param {number} every
 * @returns {Promise<Run[]>}
 */
async function runPreset(id, seed, epochs, every) {
  const { Playground, schema, defaultConfig } = await loadCore();
  const preset = PRESETS.find((p) => p.id === id);
  assert.ok(preset, id);
  const table = JSON.parse(schema());
  const { config, compare } = presetState(table, JSON.parse(defaultConfig()), preset);
  const runs = [{ name: 'A', config, solve: false }, ...compare.runs.map((r) => ({ name: r.name, config: runConfig(table, config, r.diff), solve: Boolean(r.diff.solve) }))];
  return runs.map((run) => {
    const pg = new Playground(JSON.stringify({ ...run.config, seed }));
    if (run.solve) pg.solveLeastSquares();
    const points = [];
    const record = () => {
      const metrics = JSON.parse(pg.metricsJson(false));
      points.push({ epoch: pg.epoch, updates: pg.updates, train: pg.trainLoss(), test: pg.testLoss(), accuracy: metrics.accuracy ?? metrics.r_squared, error: metrics.mean_squared_error, rate: pg.learningRate() });
    };
    record();
    for (let e = 0; e < epochs; e += every) {
      assert.equal(pg.train(every), every, `${id} ${run.name} seed ${seed} trained every epoch (${pg.stopMessage()})`);
      record();
    }
    pg.free();
    return { name: run.name, points };
  });
}

/** The runs of a preset for every seed. */
async function everySeed(id, epochs, every) {
  return Promise.all(SEEDS.map((seed) => runPreset(id, seed, epochs, every)));
}

const at = (/** @type {Run} */ run, /** @type {number} */ epoch) => run.points.find((p) => p.epoch >= epoch) ?? assert.fail(`no epoch ${epoch}`);
const fixed = (/** @type {number} */ x) => x.toPrecision(3);

test('L2: A\'s test loss climbs far above its minimum, B\'s (L2) rise is at most a third of A\'s', { skip }, async () => {
  for (const [a, b] of await everySeed('l2', 2000, 5)) {
    const rise = (/** @type {Run} */ r) => {
      const tests = r.points.map((p) => p.test);
      return { min: Math.min(...tests), end: tests.at(-1) ?? NaN };
    };
    const ra = rise(a);
    const rb = rise(b);
    console.log(`l2: A test loss min ${fixed(ra.min)} end ${fixed(ra.end)}, B min ${fixed(rb.min)} end ${fixed(rb.end)}, A train ${fixed(a.points.at(-1)?.train ?? NaN)}`);
    assert.ok(ra.end > 1.5 * ra.min, 'A\'s test loss climbs back up');
    assert.ok(rb.end - rb.min <= (ra.end - ra.min) / 3, 'B\'s rise is at most a third of A\'s');
    assert.ok(rb.end < ra.end, 'B ends with the lower test loss');
    assert.ok((a.points.at(-1)?.train ?? 1) < ra.min / 4, 'A fits its training points far better than the test points');
  }
});

test('decay: the constant α keeps jumping, the decaying one settles below it', { skip }, async () => {
  for (const [a, b] of await everySeed('decay', 400, 1)) {
    const late = (/** @type {Run} */ r) => r.points.filter((p) => p.epoch >= 200).map((p) => p.train);
    const jumps = (/** @type {number[]} */ xs) => xs.filter((x, i) => i > 0 && x > 1.1 * xs[i - 1]).length;
    const mean = (/** @type {number[]} */ xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const [la, lb] = [late(a), late(b)];
    console.log(`decay: epochs 200-400: A ${jumps(la)} jumps of > 10 %, mean ${fixed(mean(la))}; B ${jumps(lb)}, mean ${fixed(mean(lb))}; B's α at 400 ${fixed(b.points.at(-1)?.rate ?? NaN)}`);
    assert.ok(jumps(la) >= 10, 'A\'s loss jumps up again and again');
    assert.equal(jumps(lb), 0, 'B\'s loss does not jump');
    assert.ok(mean(lb) < mean(la) && (lb.at(-1) ?? 1) < (la.at(-1) ?? 0), 'B settles below A');
    assert.ok((b.points.at(-1)?.rate ?? 0) > 0.01, 'B\'s α has not decayed to nothing within the budget');
  }
});

test('squared error vs cross-entropy: on one measure for both (the mean squared error) B falls faster, and A\'s accuracy lags B\'s at the same α', { skip }, async () => {
  assert.equal(PRESETS.find((p) => p.id === 'sse-vs-cross-entropy')?.measure, 'error', 'the chart draws the common measure, not two losses of different kinds');
  for (const [a, b] of await everySeed('sse-vs-cross-entropy', 400, 50)) {
    const line = [100, 200, 400].map((e) => `${e}: A ${at(a, e).accuracy.toFixed(2)} B ${at(b, e).accuracy.toFixed(2)}`);
    const errors = [50, 100, 200, 400].map((e) => `${e}: A ${fixed(at(a, e).error)} B ${fixed(at(b, e).error)}`);
    console.log(`squared error vs cross-entropy, training accuracy at epoch ${line.join(', ')}; mean squared error at ${errors.join(', ')}; own losses at 400: A ${fixed(at(a, 400).train)} B ${fixed(at(b, 400).train)}`);
    for (const e of [100, 200, 400]) assert.ok(at(b, e).accuracy >= at(a, e).accuracy, `B ahead at epoch ${e}`);
    assert.ok(at(b, 100).accuracy >= at(a, 100).accuracy + 0.05, 'B clearly ahead at epoch 100');
    // The common measure by hand: one sigmoid output, targets 0/1, A's loss (1/N) sum ½(y − d)²: the measure is twice it.
    for (const p of a.points) assert.ok(Math.abs(p.error - 2 * p.train) <= 1e-6 * p.error, `A's measure is 2 × its MSE loss at epoch ${p.epoch}`);
    assert.equal(a.points[0].error, b.points[0].error, 'the same initial weights: the same measure at epoch 0');
    for (const e of [50, 100, 200, 400]) assert.ok(at(b, e).error < at(a, e).error, `B's mean squared error below A's at epoch ${e}`);
    assert.ok(at(a, 400).train < at(b, 400).train, 'while on their own losses A looks lower: why the chart does not draw those');
  }
});

test('online vs mini-batch vs full batch: by epochs online leads; by updates mini-batch and full batch fall alike, each update doing more than an online one', { skip }, async () => {
  const preset = PRESETS.find((p) => p.id === 'online-vs-batch');
  assert.deepEqual([preset?.axis, preset?.logX], ['updates', true], 'updates on a log axis: 1 and 125,000 updates both show');
  for (const [a, b, c] of await everySeed('online-vs-batch', 1000, 1)) {
    const e10 = [a, b, c].map((r) => at(r, 10).train);
    const byUpdates = [b, c].map((r) => r.points.find((p) => p.updates >= 500) ?? assert.fail('500 updates'));
    console.log(`batch: loss at epoch 10 A ${e10.map(fixed).join(' B ')}; at 500 updates B ${fixed(byUpdates[0].train)} (epoch ${byUpdates[0].epoch}) C ${fixed(byUpdates[1].train)} (epoch ${byUpdates[1].epoch})`);
    assert.equal(at(a, 1).updates, 250, 'online: one update per training sample');
    assert.equal(at(b, 1).updates, 25, 'mini-batch: one per 10 samples');
    assert.equal(at(c, 1).updates, 1, 'full batch: one per epoch');
    assert.ok(e10[0] < e10[1] && e10[0] < e10[2], 'by epochs online falls fastest');
    assert.ok(at(b, 100).train < at(c, 100).train, 'by epochs mini-batch is ahead of full batch');
    assert.equal(byUpdates[1].epoch, 25 * byUpdates[0].epoch, 'full batch needs 25 times the epochs for the same updates');
    assert.ok(Math.abs(byUpdates[0].train - byUpdates[1].train) <= 0.1 * byUpdates[1].train, 'by updates they fall alike (within 10 %)');
    const after = (/** @type {Run} */ r, /** @type {number} */ u) => r.points.find((p) => p.updates >= u) ?? assert.fail(`${r.name}: ${u} updates`);
    console.log(`batch: at 1,000 updates A ${fixed(after(a, 1000).train)} B ${fixed(after(b, 1000).train)} C ${fixed(after(c, 1000).train)}; at 10,000 A ${fixed(after(a, 10000).train)} B ${fixed(after(b, 10000).train)}`);
    for (const u of [1000, 10000]) assert.ok(after(b, u).train < after(a, u).train, `by ${u} updates mini-batch is below online`);
    assert.ok(after(c, 1000).train < after(a, 1000).train, 'by 1,000 updates full batch is below online');
  }
});

test('steepness: B (λ 4) ends lower than A in most seeds', { skip }, async () => {
  let lower = 0;
  for (const [a, b] of await everySeed('steepness', 1000, 10)) {
    console.log(`steepness: loss at 1000 A ${fixed(at(a, 1000).train)} B ${fixed(at(b, 1000).train)}`);
    if (at(b, 1000).train < at(a, 1000).train) lower++;
  }
  assert.ok(lower >= 4, `B lower in ${lower} of 5 seeds`);
});

test('least squares: B starts at a loss gradient descent does not go below', { skip }, async () => {
  for (const [a, b] of await everySeed('least-squares', 500, 10)) {
    const best = Math.min(...a.points.map((p) => p.train));
    console.log(`least squares: B at epoch 0 ${fixed(b.points[0].train)}, A at 0 ${fixed(a.points[0].train)}, A's best in 500 epochs ${fixed(best)}`);
    assert.ok(b.points[0].train < a.points[0].train, 'B starts below A');
    assert.ok(b.points[0].train <= best * (1 + 1e-4), 'B starts at the minimum');
    assert.ok(best <= b.points[0].train * 1.01, 'A comes within 1 % of it in 500 epochs (its card says when)');
  }
});

test('activations: tanh and ReLU bring the loss down, the sigmoid lags far behind', { skip }, async () => {
  for (const [a, b, c] of await everySeed('activations', 300, 50)) {
    console.log(`activations: loss 0 → 300: ${[a, b, c].map((r) => `${r.name} ${fixed(r.points[0].train)} → ${fixed(at(r, 300).train)}`).join(', ')}`);
    for (const r of [a, b]) assert.ok(at(r, 300).train < 0.2 * r.points[0].train, `${r.name} lowers its loss fivefold`);
    assert.ok(at(c, 300).train > 5 * Math.max(at(a, 300).train, at(b, 300).train), 'the sigmoid lags');
  }
});

test('optimizers: Adam reaches the lowest loss, mostly by orders of magnitude, and can spike back up; momentum mostly below gradient descent', { skip }, async () => {
  let momentumBelow = 0;
  let adamFar = 0;
  let spikes = 0;
  for (const [a, b, c] of await everySeed('optimizers', 3000, 10)) {
    const lowest = (/** @type {Run} */ r) => Math.min(...r.points.map((p) => p.train));
    // The largest jump above the lowest loss so far, and its epoch.
    let min = Infinity;
    let jump = { factor: 1, epoch: 0 };
    for (const p of c.points) {
      if (p.train / min > jump.factor) jump = { factor: p.train / min, epoch: p.epoch };
      min = Math.min(min, p.train);
    }
    console.log(`optimizers: lowest in 3000 epochs A ${fixed(lowest(a))}, B ${fixed(lowest(b))}, C ${fixed(lowest(c))}; at 1000 A ${fixed(at(a, 1000).train)} B ${fixed(at(b, 1000).train)} C ${fixed(at(c, 1000).train)}; at 3000 A ${fixed(at(a, 3000).train)} B ${fixed(at(b, 3000).train)} C ${fixed(at(c, 3000).train)}; Adam's largest jump ×${jump.factor.toExponential(1)} at epoch ${jump.epoch}`);
    assert.ok(lowest(c) < Math.min(lowest(a), lowest(b)), 'Adam reaches the lowest loss');
    assert.ok(at(c, 1000).train < Math.min(at(a, 1000).train, at(b, 1000).train), 'Adam below both at epoch 1000');
    if (lowest(c) < 0.01 * Math.min(lowest(a), lowest(b))) adamFar++;
    if (at(b, 3000).train < at(a, 3000).train) momentumBelow++;
    if (jump.factor >= 1000 && jump.epoch >= 1000 && jump.epoch <= 2500) spikes++;
  }
  assert.ok(adamFar >= 3, `Adam 100 times lower in ${adamFar} of 5 seeds`);
  assert.ok(momentumBelow >= 3, `momentum below gradient descent in ${momentumBelow} of 5 seeds`);
  assert.ok(spikes >= 2, `Adam's loss spikes back up a thousandfold or more between epochs 1,000 and 2,500 in ${spikes} of 5 seeds (the caption says it can)`);
});
