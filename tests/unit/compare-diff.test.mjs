// www/compare/diff.js and presets.js: a comparison's runs as A's configuration with
// differences written as link texts (fixtures: the core's table and defaults).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runConfig, describe, compareParams, readCompare, parseDiff, presetState, withTexts, DIFFABLE, RUN_NAMES, SOLVE, CODE, pageField, diffableKeys } from '../../www/compare/diff.js';
import { PRESETS } from '../../www/compare/presets.js';
import { suggestions, nextDifference, newRunDifference, codeSuggestions, settingLabel } from '../../www/compare/editor.js';
import { reachedText, confusionPicture, runNumbers } from '../../www/compare/cards.js';

const fixture = (name) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const schema = fixture('schema.json');
const defaults = Object.freeze(fixture('default-config.json'));

test('runConfig: A with the differences, A itself untouched', () => {
  const c = runConfig(schema, defaults, { loss: 'sse', opt: 'adam:0.8:0.99:1e-8', layers: '8' });
  assert.equal(c.loss, 'sse');
  assert.deepEqual(c.optimizer, { kind: 'adam', beta1: 0.8, beta2: 0.99, epsilon: 1e-8 });
  assert.deepEqual(c.hidden_layers, [8]);
  assert.deepEqual(c.data, defaults.data, 'the data is shared');
  assert.equal(c.seed, defaults.seed, 'the seed is shared');
  assert.equal(defaults.loss, 'mse');
  assert.deepEqual(runConfig(schema, defaults, { [SOLVE]: '1' }), defaults, 'solving changes no setting');
});

test('runConfig and parseDiff refuse what cannot differ or cannot be read', () => {
  assert.throws(() => runConfig(schema, defaults, { data: 'xor' }), /cannot differ/);
  assert.throws(() => parseDiff(schema, 'seed~5'), /cannot differ/);
  assert.throws(() => parseDiff(schema, 'loss~nonsense'));
  assert.throws(() => parseDiff(schema, 'lr'), /key~value/);
  assert.deepEqual(parseDiff(schema, ''), {});
});

test('describe: the differences in words, with the labels of the core', () => {
  assert.deepEqual(describe(schema, { loss: 'binary_cross_entropy' }), ['loss = binary cross-entropy']);
  assert.deepEqual(describe(schema, { act: 'sigmoid:4' }), ['activation = sigmoid (λ 4)']);
  assert.deepEqual(describe(schema, { lr: '0.3', [SOLVE]: '1' }), ['learning rate = 0.3', 'weights solved by least squares']);
});

test('compareParams and readCompare round-trip a comparison through a link', () => {
  const compare = {
    runs: [
      { name: 'B', diff: { loss: 'sse', opt: 'adam:0.9:0.999:1e-8' } },
      { name: 'C', diff: { [SOLVE]: '1' } },
    ],
    race: true,
    axis: 'updates',
    preset: null,
  };
  const params = compareParams(compare);
  assert.equal(params.B, 'loss~sse!opt~adam:0.9:0.999:1e-8');
  assert.equal(params.race, '1');
  const back = readCompare(schema, params);
  assert.deepEqual(back.invalid, []);
  assert.deepEqual(back.compare, compare);
  assert.deepEqual(compareParams(null), {});
  assert.deepEqual(readCompare(schema, {}), { compare: null, invalid: [] });
});

test('readCompare names what it cannot read and keeps the rest', () => {
  const { compare, invalid } = readCompare(schema, { B: 'loss~nonsense', C: 'lr~0.3', axis: 'furlongs', race: 'yes' });
  assert.deepEqual(invalid.sort(), ['B', 'axis', 'race']);
  assert.deepEqual(compare?.runs, [{ name: 'B', diff: { lr: '0.3' } }], 'the runs left are named from B on');
  assert.equal(compare?.axis, 'epochs');
});

test('every preset builds run A from the defaults and names its runs B, C, D', () => {
  assert.equal(PRESETS.length, 13);
  for (const p of PRESETS) {
    const { config, compare } = presetState(schema, defaults, p);
    assert.ok(p.caption.length > 20, `${p.id}: a caption`);
    assert.ok(compare.runs.length >= 1 && compare.runs.length <= RUN_NAMES.length, p.id);
    compare.runs.forEach((r, i) => assert.equal(r.name, RUN_NAMES[i]));
    for (const run of compare.runs) {
      const c = runConfig(schema, config, run.diff);
      // The same rows: a table's code may differ (the `code` difference), nothing else of the data.
      const rows = (/** @type {any} */ d) => ({ ...d, table: d.table && { kind: d.table.kind } });
      assert.deepEqual(rows(c.data), rows(config.data), `${p.id} ${run.name}: the same data`);
      if (!(CODE in run.diff)) assert.deepEqual(c.data, config.data, `${p.id} ${run.name}: the same table code`);
      assert.equal(c.seed, config.seed, `${p.id} ${run.name}: the same seed`);
      assert.ok(Object.keys(run.diff).length > 0, `${p.id} ${run.name}: differs in something`);
    }
  }
  const ls = presetState(schema, defaults, PRESETS.find((p) => p.id === 'least-squares'));
  assert.deepEqual(ls.config.hidden_layers, []);
  assert.equal(ls.compare.runs[0].diff[SOLVE], '1');
});

test('the editor offers values for every field a run may change, and a first difference that differs', () => {
  for (const key of DIFFABLE) {
    assert.ok(pageField(key), key);
    assert.ok(suggestions(schema, key).length > 0, `${key}: something to offer`);
  }
  const [key, text] = nextDifference(schema, defaults, {});
  const c = withTexts(schema, defaults, { [key]: text });
  assert.notDeepEqual(c, defaults, 'the first difference really differs');
});

test('"Add a run" twice gives three different runs: each new difference is neither A nor an earlier run', () => {
  const first = nextDifference(schema, defaults, {});
  const runs = [{ name: 'B', diff: { [first[0]]: first[1] } }];
  for (const name of ['C', 'D']) {
    const [key, text] = newRunDifference(schema, defaults, runs);
    runs.push({ name, diff: { [key]: text } });
  }
  const configs = [defaults, ...runs.map((r) => runConfig(schema, defaults, r.diff))].map((c) => JSON.stringify(c));
  assert.equal(new Set(configs).size, 4, `four different runs: ${JSON.stringify(runs.map((r) => r.diff))}`);
});

test('a preset travels in the link, and a run that cannot be read makes it your own comparison', () => {
  const { compare } = presetState(schema, defaults, PRESETS[0]);
  const params = compareParams(compare);
  assert.equal(params.preset, PRESETS[0].id);
  assert.equal(readCompare(schema, params).compare?.preset, PRESETS[0].id);
  const broken = readCompare(schema, { ...params, B: 'loss~nonsense', C: 'lr~0.3' });
  assert.equal(broken.compare?.preset, null);
  assert.deepEqual(readCompare(schema, { ...params, preset: 'no-such' }).invalid, ['preset']);
});

test('the chart\'s measure and log x axis travel in the link; the defaults (each run\'s loss, linear) are left out', () => {
  const runs = [{ name: 'B', diff: { batch: 'full_batch' } }];
  const compare = { runs, race: false, axis: 'updates', preset: null, logX: true, measure: 'error' };
  const params = compareParams(compare);
  assert.equal(params.logx, '1');
  assert.equal(params.measure, 'error');
  assert.deepEqual(readCompare(schema, params), { compare, invalid: [] });
  const plain = compareParams({ runs, race: false, axis: 'epochs', preset: null, measure: 'loss' });
  assert.equal('logx' in plain || 'measure' in plain, false);
  assert.deepEqual(readCompare(schema, { ...plain, logx: 'maybe', measure: 'joy' }).invalid, ['logx', 'measure']);
  assert.deepEqual(readCompare(schema, { ...plain, logx: 'maybe', measure: 'joy' }).compare, { runs, race: false, axis: 'epochs', preset: null });
});

test('a preset starts the chart on the measure and axis its caption is about', () => {
  for (const preset of PRESETS) {
    const { compare } = presetState(schema, defaults, preset);
    assert.equal(compare.measure ?? 'loss', preset.measure ?? 'loss', preset.id);
    assert.equal(Boolean(compare.logX), Boolean(preset.logX), preset.id);
    assert.deepEqual(readCompare(schema, compareParams(compare)).compare, compare, `${preset.id} survives a link`);
  }
});

test('reachedText: the first epoch of the chart within 1 % of the least-squares loss, or not yet', () => {
  const history = [{ epoch: 0, train: 6.1 }, { epoch: 100, train: 0.02 }, { epoch: 200, train: 0.003672 }, { epoch: 300, train: 0.00364 }];
  assert.equal(reachedText(history, 0.00364), 'Within 1 % of least squares\' E = 0.0036 by epoch 200.');
  assert.equal(reachedText(history.slice(0, 2), 0.00364), 'Not yet within 1 % of least squares\' E = 0.0036.');
});

test('a table\'s code can differ between runs: laid over A\'s, column by column; read, described and carried by the link', () => {
  const a = withTexts(schema, defaults, { table: 'animals:{"encodings":{"size":"one_hot"}}' });
  const c = runConfig(schema, a, { [CODE]: '{"encodings":{"fur":"one_hot_signed"},"missing":"drop_rows"}', loss: 'sse' });
  assert.deepEqual(c.data.table, { kind: 'animals', code: { encodings: { size: 'one_hot', fur: 'one_hot_signed' }, missing: 'drop_rows' } });
  assert.equal(c.loss, 'sse');
  assert.deepEqual(a.data.table.code, { encodings: { size: 'one_hot' } }, 'A untouched');
  assert.throws(() => runConfig(schema, defaults, { [CODE]: '{}' }), /only on a table/);
  assert.throws(() => parseDiff(schema, 'code~{nope'), /not JSON/);
  assert.throws(() => parseDiff(schema, 'code~[1]'), /not an object/);
  assert.throws(() => parseDiff(schema, 'code~{"encodings":3}'), /encodings/);
  const choices = { encodings: [{ id: 'one_hot_signed', label: 'one-hot ±1' }], missing: [{ id: 'drop_rows', label: 'drop the rows' }] };
  assert.deepEqual(describe(schema, { [CODE]: '{"encodings":{"fur":"one_hot_signed"},"missing":"drop_rows"}', lr: '0.3' }, choices),
    ['fur coded one-hot ±1', 'missing = drop the rows', 'learning rate = 0.3']);
  assert.deepEqual(describe(schema, { [CODE]: '{"encodings":{"fur":"one_hot"}}' }), ['fur coded one_hot'], 'without the core\'s labels: the ids');
  const compare = { runs: [{ name: 'B', diff: { [CODE]: '{"encodings":{"fur":"one_hot"}}', batch: 'full_batch' } }], race: false, axis: 'epochs', preset: null };
  assert.deepEqual(readCompare(schema, compareParams(compare)), { compare, invalid: [] });
  assert.deepEqual(diffableKeys(a).filter((k) => !DIFFABLE.includes(k)), [CODE], 'a table run offers its code');
  assert.ok(!diffableKeys(a).includes('features'), 'and not the plane\'s input features');
  assert.deepEqual(diffableKeys(defaults), DIFFABLE);
});

test('a table run\'s card: the test confusion matrix shaded by each actual class\'s rows, named with its diagonal share; both splits\' figures', () => {
  const { cells, label } = confusionPicture('B', [[3, 1], [0, 4]]);
  assert.deepEqual(cells, [
    { actual: 0, predicted: 0, shade: 0.75 },
    { actual: 0, predicted: 1, shade: 0.25 },
    { actual: 1, predicted: 0, shade: 0 },
    { actual: 1, predicted: 1, shade: 1 },
  ]);
  assert.equal(label, 'Run B: the test confusion matrix, 2 classes, 88 % of the test rows on the diagonal');
  assert.match(confusionPicture('A', [[0, 0], [0, 0]]).label, /– of the test rows/);
  const state = (/** @type {any} */ run) => /** @type {any} */ ({ run, progress: { epoch: 1200, trainLoss: 0.5, testLoss: 0.6 }, metrics: { train: { accuracy: 0.9, r_squared: 0.5 }, test: { accuracy: 0.75, r_squared: 0.4 } } });
  assert.deepEqual(runNumbers(state({ classes: 2, table: {} })).map(([k, v]) => `${k} ${v}`).slice(3), ['training accuracy 90.0%', 'test accuracy 75.0%']);
  assert.deepEqual(runNumbers(state({ classes: 0, table: {} })).map(([k, v]) => `${k} ${v}`).slice(3), ['training R² 0.500', 'test R² 0.400']);
  assert.deepEqual(runNumbers(state({ classes: 2 })).map(([k]) => k), ['epoch', 'training loss', 'test loss', 'test accuracy'], 'the plane: as before');
});

test('the editor on a table: the table code\'s suggestions are every other encoding of each column\'s kind', () => {
  const encodings = [
    { id: 'ordinal', label: 'ordinal', group: 'categorical' },
    { id: 'one_hot', label: 'one-hot 0/1', group: 'categorical' },
    { id: 'none', label: 'none', group: 'numeric' },
    { id: 'min_max', label: 'min–max', group: 'numeric' },
  ];
  const table = { columns: ['fur', 'weight'], categorical: [true, false], encodings: ['ordinal', 'min_max'], choices: { encodings } };
  assert.deepEqual(codeSuggestions(table), ['{"encodings":{"fur":"one_hot"}}', '{"encodings":{"weight":"none"}}']);
  assert.deepEqual(suggestions(schema, CODE, table), codeSuggestions(table));
  assert.equal(settingLabel(schema, CODE), 'Table code');
  const a = withTexts(schema, defaults, { table: 'animals' });
  const runs = [];
  for (const name of ['B', 'C', 'D']) {
    const [key, text] = newRunDifference(schema, a, runs, table);
    runs.push({ name, diff: { [key]: text } });
  }
  const configs = [a, ...runs.map((r) => runConfig(schema, a, r.diff))].map((c) => JSON.stringify(c));
  assert.equal(new Set(configs).size, 4, 'four different runs on a table');
  assert.ok(runs.every((r) => !('features' in r.diff)), 'none differs in the plane\'s input features');
});
