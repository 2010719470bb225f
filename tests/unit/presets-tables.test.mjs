// The lecture's table experiments as compare presets (www/compare/presets.js, the ones
// on letters, animals and weather): each test runs the preset's own runs, turned into
// configurations exactly as the page does (presetState, runConfig), in the core (the
// built wasm module in www/pkg) up to the preset's own epoch limit over five seeds, and
// asserts what its caption says. No timing: the budgets are epochs and updates (the
// compute seconds the batch preset speaks of are checked, as an order, end to end in
// tests/compare-tables.test.mjs). The figures printed are those quoted in the README.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { built, loadCore } from './built-core.mjs';
import { presetState, runConfig } from '../../www/compare/diff.js';
import { PRESETS } from '../../www/compare/presets.js';

const skip = !built && 'www/pkg is not built (build_page)';
const SEEDS = [1, 2, 3, 4, 5];

/**
 * @typedef {{epoch: number, updates: number, train: number, trainAccuracy: number, testAccuracy: number, r2: number}} Point
 * @typedef {{name: string, points: Point[], saturated: number, solved: boolean}} Run
 */

/** The preset of an id and its epoch limit (the caption's budget). */
function presetOf(/** @type {string} */ id) {
  const preset = PRESETS.find((p) => p.id === id);
  assert.ok(preset, id);
  const epochs = Number(preset.base.epochs);
  assert.ok(epochs > 0, `${id} trains a fixed number of epochs`);
  return { preset, epochs };
}

/**
 * Runs every run of a preset with a seed to its epoch limit, one epoch at a time.
 * @param {string} id
 * @param {number} seed
 * @returns {Promise<Run[]>}
 */
async function runPreset(id, seed) {
  const { Playground, schema, defaultConfig } = await loadCore();
  const { preset, epochs } = presetOf(id);
  const table = JSON.parse(schema());
  const { config, compare } = presetState(table, JSON.parse(defaultConfig()), preset);
  const runs = [{ name: 'A', config, solve: false }, ...compare.runs.map((r) => ({ name: r.name, config: runConfig(table, config, r.diff), solve: Boolean(r.diff.solve) }))];
  return runs.map((run) => {
    const pg = new Playground(JSON.stringify({ ...run.config, seed }));
    if (run.solve) pg.solveLeastSquares();
    /** @type {Point[]} */
    const points = [];
    const record = () => {
      const train = JSON.parse(pg.metricsJson(false));
      const tested = JSON.parse(pg.metricsJson(true));
      points.push({ epoch: pg.epoch, updates: pg.updates, train: pg.trainLoss(), trainAccuracy: train.accuracy, testAccuracy: tested.accuracy, r2: tested.r_squared });
    };
    record();
    while (pg.epoch < epochs) {
      assert.equal(pg.train(1), 1, `${id} ${run.name} seed ${seed} trains epoch ${pg.epoch + 1} (${pg.stopMessage()})`);
      record();
    }
    assert.equal(pg.train(1), 0, `${id} ${run.name}: the preset's limit stops it at epoch ${epochs}`);
    const layers = JSON.parse(pg.activityReportJson()).layers;
    const neurons = layers.flatMap((/** @type {any} */ l) => l.neurons);
    const saturated = neurons.length ? neurons.reduce((s, /** @type {any} */ n) => s + n.saturated, 0) / neurons.length : 0;
    pg.free();
    return { name: run.name, points, saturated, solved: run.solve };
  });
}

/** The runs of a preset for every seed. */
const everySeed = (/** @type {string} */ id) => Promise.all(SEEDS.map((seed) => runPreset(id, seed)));

const at = (/** @type {Run} */ run, /** @type {number} */ epoch) => run.points.find((p) => p.epoch >= epoch) ?? assert.fail(`${run.name}: no epoch ${epoch}`);
const fixed = (/** @type {number} */ x) => x.toPrecision(3);
/** How often the training loss rose by more than 5 % from one epoch to the next. */
const jumps = (/** @type {Run} */ r) => r.points.filter((p, i) => i > 0 && p.train > 1.05 * r.points[i - 1].train).length;

test('letters, SSE vs cross-entropy: A saturates and jumps, B ends at least 15 points of test accuracy higher', { skip }, async () => {
  assert.equal(presetOf('letters-sse-vs-cross-entropy').preset.measure, 'accuracy', 'the chart draws one measure for both losses');
  for (const [a, b] of await everySeed('letters-sse-vs-cross-entropy')) {
    const [ea, eb] = [a.points.at(-1), b.points.at(-1)];
    if (!ea || !eb) return assert.fail('no points');
    console.log(`letters sse/ce: test accuracy A ${fixed(ea.testAccuracy)} B ${fixed(eb.testAccuracy)}; hidden neurons saturated on A ${fixed(a.saturated)} B ${fixed(b.saturated)} of the rows; loss jumps > 5 %: A ${jumps(a)} B ${jumps(b)}`);
    assert.ok(eb.testAccuracy >= ea.testAccuracy + 0.15, 'B\'s test accuracy at least 15 points above A\'s');
    assert.ok(a.saturated >= 0.9, 'A\'s hidden neurons are saturated on almost every row');
    assert.ok(a.saturated >= b.saturated + 0.15, 'far more than B\'s');
    assert.ok(jumps(a) >= 5 && jumps(a) >= 5 * Math.max(1, jumps(b)), 'A\'s loss jumps up again and again, B\'s hardly');
  }
});

test('letters, online vs mini-batch vs full batch: 520, 52 and 1 updates an epoch; by updates mini-batch is below online; by epochs online leads, full batch has barely moved', { skip }, async () => {
  const { preset } = presetOf('letters-batch');
  assert.deepEqual([preset.axis, preset.logX], ['updates', true], 'updates on a log axis');
  for (const [a, b, c] of await everySeed('letters-batch')) {
    assert.deepEqual([a, b, c].map((r) => at(r, 1).updates), [520, 52, 1], 'updates per epoch');
    const online = a.points.find((p) => p.updates >= 5200) ?? assert.fail('online at 5,200 updates');
    const mini = b.points.find((p) => p.updates >= 5200) ?? assert.fail('mini-batch at 5,200 updates');
    const end = [a, b, c].map((r) => r.points.at(-1)?.train ?? NaN);
    console.log(`letters batch: at 5,200 updates online ${fixed(online.train)} (epoch ${online.epoch}), mini-batch ${fixed(mini.train)} (epoch ${mini.epoch}); at epoch 100 ${end.map(fixed).join(' / ')}, full batch from ${fixed(c.points[0].train)}`);
    assert.ok(mini.train < online.train / 2, 'by updates mini-batch is well below online');
    assert.ok(end[0] < end[1] && end[1] < end[2], 'by epochs online falls fastest, then mini-batch');
    assert.ok(end[2] > 0.6 * c.points[0].train && end[2] > 10 * end[1], 'full batch has barely moved');
  }
});

test('animals, no hidden layer vs one: both classify every training animal by epoch 300; at 600 B\'s loss is under a third of A\'s', { skip }, async () => {
  for (const [a, b] of await everySeed('animals-hidden-layer')) {
    console.log(`animals hidden: training accuracy at 300 A ${fixed(at(a, 300).trainAccuracy)} B ${fixed(at(b, 300).trainAccuracy)}; loss at 600 A ${fixed(at(a, 600).train)} B ${fixed(at(b, 600).train)}`);
    assert.equal(at(a, 300).trainAccuracy, 1, 'A classifies every training animal by epoch 300');
    assert.equal(at(b, 300).trainAccuracy, 1, 'B too');
    assert.ok(at(b, 600).train < at(a, 600).train / 3, 'B\'s loss under a third of A\'s at 600');
  }
});

test('animals, ordinal vs one-hot: by epoch 100 only B classifies every training animal; at 600 its loss is under a third of A\'s', { skip }, async () => {
  for (const [a, b] of await everySeed('animals-encoding')) {
    console.log(`animals code: training accuracy at 100 A ${fixed(at(a, 100).trainAccuracy)} B ${fixed(at(b, 100).trainAccuracy)}; loss at 600 A ${fixed(at(a, 600).train)} B ${fixed(at(b, 600).train)}`);
    assert.equal(at(b, 100).trainAccuracy, 1, 'B classifies every training animal by epoch 100');
    assert.ok(at(a, 100).trainAccuracy < 1, 'A does not yet');
    assert.ok(at(b, 600).train < at(a, 600).train / 3, 'B\'s loss under a third of A\'s at 600');
  }
});

test('weather, gradient descent vs least squares: B starts at the minimum, A never goes below it and comes within 1 % by epoch 150, the same test R²', { skip }, async () => {
  for (const [a, b] of await everySeed('weather-least-squares')) {
    const solved = b.points[0].train;
    const best = Math.min(...a.points.map((p) => p.train));
    const within = a.points.find((p) => p.train <= solved * 1.01);
    const [ra, rb] = [a.points.at(-1)?.r2 ?? NaN, b.points[0].r2];
    console.log(`weather: least squares E ${fixed(solved)}, A from ${fixed(a.points[0].train)}, best ${fixed(best)}, within 1 % at epoch ${within?.epoch}; test R² A ${ra.toFixed(4)} B ${rb.toFixed(4)}`);
    assert.ok(b.solved && solved < a.points[0].train, 'B starts below A');
    assert.ok(best >= solved * (1 - 1e-6), 'A never goes below the solved loss');
    assert.ok(within && within.epoch <= 150, 'A comes within 1 % of it by epoch 150');
    assert.ok(Math.abs(ra - rb) <= 0.005, 'the same test R² within 0.005');
  }
});
