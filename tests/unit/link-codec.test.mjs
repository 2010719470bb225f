// www/schema/link-codec.js: every setting in the page's link. The core's table of
// fields and its default configuration are fixtures (tests/unit/fixtures/, written from
// the bindings' schema() and defaultConfig() by fixtures/update.mjs); the core's
// validation is a stand-in (core-stand-in.mjs) that refuses a few things the way the
// core does (every problem with its field).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { encodeField, decodeField, linkQuery, readLink, viewParams, viewOf } from '../../www/schema/link-codec.js';
import { initialView } from '../../www/app/state.js';
import { field } from '../../www/schema/fields.js';
import { PAGE_FIELDS, VIEW_SETTINGS } from '../../www/schema/page-table.js';
import { encodePoints } from '../../www/schema/point-codec.js';
import { verdict, makeValidate } from './core-stand-in.mjs';

const fixture = (name) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const schema = fixture('schema.json');
const defaults = Object.freeze(fixture('default-config.json'));
const GROUPS = ['dataset', 'layers', 'lr', 'speed'];

const param = (path) => field(schema, path);

test('fixture: every page field is in the core table', () => {
  for (const pf of PAGE_FIELDS) assert.ok(field(schema, pf.path), pf.path);
  assert.deepEqual(verdict(defaults).problems, []);
});

test('encodeField and decodeField: each type of field, both ways', () => {
  const cases = [
    ['learning_rate', 0.03, '0.03'],
    ['learning_rate', 1e-7, '1e-7'],
    ['seed', 12345, '12345'],
    ['stopping.max_epochs', null, 'off'],
    ['stopping.max_epochs', 500, '500'],
    ['stopping.min_train_loss', 0.001, '0.001'],
    ['data.task', 'spiral', 'spiral'],
    ['loss', 'mse', 'mse'],
    ['activation', { kind: 'tanh', steepness: 1 }, 'tanh:1'],
    ['activation', { kind: 'relu' }, 'relu'],
    ['optimizer', { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, 'adam:0.9:0.999:1e-8'],
    ['schedule', { kind: 'step_decay', every: 100, factor: 0.5 }, 'step_decay:100:0.5'],
    ['output_activation', null, 'auto'],
    ['output_activation', { kind: 'softmax' }, 'softmax'],
    ['layer_activations', [{ kind: 'relu' }, { kind: 'leaky_relu', slope: 0.1 }], 'relu,leaky_relu:0.1'],
    ['layer_activations', [], ''],
    ['features', ['x1', 'x2', 'sin_x1'], 'x1,x2,sin_x1'],
    ['features', [], ''],
    ['hidden_layers', [8, 8, 2], '8,8,2'],
    ['hidden_layers', [], '0'],
  ];
  for (const [path, value, text] of cases) {
    assert.equal(encodeField(param(path), value), text, `${path} ${JSON.stringify(value)}`);
    assert.deepEqual(decodeField(param(path), text), value, `${path} ${text}`);
  }
});

test('encodeField: parameters follow the order of the core table, missing ones are left out', () => {
  const opt = param('optimizer');
  assert.equal(encodeField(opt, { beta2: 0.99, kind: 'adam', beta1: 0.8 }), 'adam:0.8:0.99');
  assert.deepEqual(decodeField(opt, 'adam:0.8'), { kind: 'adam', beta1: 0.8 });
});

test('own points: encoded with the point codec, both ways', () => {
  const value = { samples: [{ x1: 1, x2: -2.5, target: 1 }, { x1: 0.25, x2: 3, target: 0 }], regression: false };
  const text = encodeField(param('data.samples'), value);
  assert.equal(text, encodePoints(value.samples, false));
  assert.deepEqual(decodeField(param('data.samples'), text), value);
  assert.equal(encodeField(param('data.samples'), null), undefined);
});

test('decodeField: text that cannot be read throws', () => {
  const bad = [
    ['learning_rate', 'fast'],
    ['learning_rate', ''],
    ['learning_rate', 'off'], // not an optional field
    ['seed', '1.5'], // an integer field
    ['seed', '1e300'],
    ['data.points', '12abc'],
    ['stopping.max_epochs', '2.5'],
    ['data.task', 'moon'],
    ['data.task', 'Spiral'],
    ['loss', 'auto'], // not optional
    ['activation', 'tanh:1:2'], // too many parameters
    ['activation', 'tanh:x'],
    ['activation', 'nope:1'],
    ['optimizer', 'toString'], // not a choice, whatever the prototype has
    ['layer_activations', 'relu,,relu'],
    ['features', 'x1,x3'],
    ['hidden_layers', '4,x'],
    ['hidden_layers', '4.5'],
    ['hidden_layers', '4,,2'],
    ['data.samples', 'c!!!!!'],
  ];
  for (const [path, text] of bad) assert.throws(() => decodeField(param(path), text), Error, `${path}=${text}`);
});

test('linkQuery: the defaults give only the fields that say what a run is', () => {
  const { query, dropped } = linkQuery({ schema, config: defaults, defaults, view: {} });
  assert.equal(query, 'data=circle&seed=1&layers=4,2&act=tanh:1&loss=mse&lr=0.03');
  assert.deepEqual(dropped, []);
  const always = PAGE_FIELDS.filter((pf) => pf.always).map((pf) => pf.key);
  assert.deepEqual([...new URLSearchParams(query).keys()], always);
});

test('linkQuery: changed fields and the view settings are written; empty view values are not', () => {
  let config = structuredClone(defaults);
  config.data.noise = 0.25;
  config.optimizer = { kind: 'momentum', momentum: 0.9 };
  config.stopping.patience = 20;
  config.hidden_layers = [];
  const { query } = linkQuery({ schema, config, defaults, view: { speed: 'max', test: '1', log: '' } });
  const params = new URLSearchParams(query);
  assert.equal(params.get('noise'), '0.25');
  assert.equal(params.get('opt'), 'momentum:0.9');
  assert.equal(params.get('patience'), '20');
  assert.equal(params.get('layers'), '0');
  assert.equal(params.get('speed'), 'max');
  assert.equal(params.get('test'), '1');
  assert.equal(params.has('log'), false);
  assert.equal(params.has('lr'), true);
  assert.equal(params.has('epochs'), false, 'a stopping condition at its default (off) is left out');
  assert.match(query, /opt=momentum:0\.9/, '":" stays readable');
});

test('linkQuery: own points go in pts; too many are dropped and the link says so', () => {
  const custom = structuredClone(defaults);
  custom.data.task = 'custom';
  custom.data.samples = [{ x1: 1, x2: 2, target: 0 }, { x1: -1, x2: -2, target: 1 }];
  const small = linkQuery({ schema, config: custom, defaults, view: {} });
  assert.equal(new URLSearchParams(small.query).get('pts'), encodePoints(custom.data.samples, false));
  assert.deepEqual(small.dropped, []);
  custom.data.samples = Array.from({ length: 3000 }, (_, i) => ({ x1: (i + 1) / 7, x2: -(i + 1) / 7, target: i % 2 }));
  const big = linkQuery({ schema, config: custom, defaults, view: {} });
  assert.deepEqual(big.dropped, ['pts']);
  assert.equal(new URLSearchParams(big.query).get('pts'), 'omitted');
  assert.equal(new URLSearchParams(big.query).get('data'), 'custom');
});

test('readLink reads back what linkQuery wrote', async () => {
  const configs = [];
  let c = structuredClone(defaults);
  c.data.task = 'spiral';
  c.data.classes = 2;
  c.data.noise = 0.3;
  c.seed = 987654321;
  c.learning_rate = 0.001;
  c.hidden_layers = [8, 6, 3];
  c.layer_activations = [{ kind: 'relu' }, { kind: 'elu', alpha: 0.5 }, { kind: 'sigmoid', steepness: 2 }];
  c.optimizer = { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
  c.stopping.max_epochs = 1000;
  c.stopping.min_weight_change = 1e-6;
  c.features = ['x1', 'x2', 'x1_x2'];
  configs.push(c);
  c = structuredClone(defaults);
  c.data.task = 'custom';
  c.data.regression = true;
  c.data.samples = [{ x1: 0.5, x2: 0.25, target: -3.5 }, { x1: Math.PI, x2: 1, target: 2 }];
  c.loss = 'sae';
  configs.push(c);
  for (const config of configs) {
    const view = { speed: '0.25', test: '1', hide: 'layers,lr' };
    const { query } = linkQuery({ schema, config, defaults, view });
    const { validate } = makeValidate();
    const read = await readLink({ schema, defaults, search: `?${query}`, validate, groups: GROUPS });
    assert.deepEqual(read.invalid, [], query);
    assert.deepEqual(read.notes, []);
    assert.deepEqual(read.view, view);
    const { checked, ...config2 } = read.config;
    assert.equal(checked, true, "the core's configuration is returned");
    assert.deepEqual(config2, config, query);
  }
});

test('readLink: an empty link gives the defaults as the core reads them', async () => {
  const { validate } = makeValidate();
  const read = await readLink({ schema, defaults, search: '', validate, groups: GROUPS });
  assert.deepEqual(read.invalid, []);
  assert.deepEqual(read.view, {});
  assert.deepEqual(read.config, { ...defaults, checked: true });
});

test('readLink: unknown keys and unreadable fields are listed; the rest of the link is used', async () => {
  const { validate } = makeValidate();
  const read = await readLink({ schema, defaults, search: '?data=xor&lr=fast&bogus=1&noise=0.2&layers=3,x', validate, groups: GROUPS });
  assert.deepEqual([...read.invalid].sort(), ['bogus', 'layers', 'lr']);
  assert.equal(read.config.data.task, 'xor');
  assert.equal(read.config.data.noise, 0.2);
  assert.equal(read.config.learning_rate, defaults.learning_rate);
  assert.deepEqual(read.config.hidden_layers, defaults.hidden_layers);
});

test('readLink: a field the core refuses falls back to its default, the others stay', async () => {
  const { validate } = makeValidate();
  const read = await readLink({ schema, defaults, search: '?lr=50&noise=0.4&layers=99,2&seed=5', validate, groups: GROUPS });
  assert.deepEqual([...read.invalid].sort(), ['layers', 'lr']);
  assert.equal(read.config.learning_rate, defaults.learning_rate);
  assert.deepEqual(read.config.hidden_layers, defaults.hidden_layers);
  assert.equal(read.config.data.noise, 0.4);
  assert.equal(read.config.seed, 5);
  assert.equal(read.config.checked, true);
});

test('readLink: a problem that names no field resets one given field so that the core accepts', async () => {
  const { validate } = makeValidate();
  const read = await readLink({ schema, defaults, search: '?loss=softmax_cross_entropy&out=tanh:1&noise=0.1', validate, groups: GROUPS });
  assert.equal(read.invalid.length, 1, String(read.invalid));
  assert.ok(['loss', 'out'].includes(read.invalid[0]));
  assert.deepEqual(verdict(read.config).problems, []);
  assert.equal(read.config.data.noise, 0.1, 'the unrelated field stays');
});

test('readLink: own points with a custom task; points without a custom task are not kept', async () => {
  const samples = [{ x1: 1, x2: 2, target: 3 }];
  const pts = encodePoints(samples, false);
  const { validate } = makeValidate();
  const custom = await readLink({ schema, defaults, search: `?data=custom&pts=${pts}`, validate, groups: GROUPS });
  assert.deepEqual(custom.invalid, []);
  assert.deepEqual(custom.config.data.samples, samples);
  assert.equal(custom.config.data.regression, false);
  assert.equal(custom.config.data.classes, 4, 'enough classes for the labels');
  const stray = await readLink({ schema, defaults, search: `?data=xor&pts=${pts}`, validate, groups: GROUPS });
  assert.equal(stray.config.data.task, 'xor');
  assert.equal(stray.config.data.samples, undefined);
  assert.equal(stray.config.data.regression, false);
});

test('readLink: own points of a task that does not use them leave its classes as the link says', async () => {
  // Found by link-fuzz.test.mjs: the points were dropped, but their labels had raised the classes.
  const { validate } = makeValidate();
  const pts = encodePoints([{ x1: 1, x2: 2, target: 5 }], false);
  const blobs = await readLink({ schema, defaults, search: `?data=blobs&classes=3&pts=${pts}`, validate, groups: GROUPS });
  assert.deepEqual(blobs.invalid, []);
  assert.equal(blobs.config.data.classes, 3);
  assert.equal(blobs.config.data.samples, undefined);
  const spiral = await readLink({ schema, defaults, search: `?data=spiral&pts=${encodePoints([{ x1: 1, x2: 2, target: 3 }], false)}`, validate, groups: GROUPS });
  assert.equal(spiral.config.data.classes, defaults.data.classes);
  const custom = await readLink({ schema, defaults, search: `?data=custom&classes=3&pts=${pts}`, validate, groups: GROUPS });
  assert.deepEqual(custom.invalid, []);
  assert.equal(custom.config.data.classes, 6, 'with the custom task they still get enough classes');
});

test('readLink: a number too large to hold is refused, not read as Infinity', async () => {
  // Found by link-fuzz.test.mjs: `time=1e999` gave a time limit of Infinity, written back as `time=Infinity`.
  const { validate } = makeValidate();
  const read = await readLink({ schema, defaults, search: '?time=1e999&opt=adam:1e999&minloss=-1e400&lr=0.1', validate, groups: GROUPS });
  assert.deepEqual([...read.invalid].sort(), ['minloss', 'opt', 'time']);
  assert.equal(read.config.stopping.time_limit_seconds, null);
  assert.deepEqual(read.config.optimizer, defaults.optimizer);
  assert.equal(read.config.learning_rate, 0.1);
});

test('readLink: a custom task without points falls back to the default data', async () => {
  const { validate } = makeValidate();
  const read = await readLink({ schema, defaults, search: '?data=custom&pts=c', validate, groups: GROUPS });
  assert.ok(read.invalid.includes('pts') || read.invalid.includes('data'), String(read.invalid));
  assert.deepEqual(verdict(read.config).problems, []);
});

test('readLink: "pts=omitted" uses the default data and tells the user', async () => {
  const { validate } = makeValidate();
  const read = await readLink({ schema, defaults, search: '?data=custom&pts=omitted&lr=0.1', validate, groups: GROUPS });
  assert.deepEqual(read.invalid, []);
  assert.equal(read.config.data.task, defaults.data.task);
  assert.equal(read.config.learning_rate, 0.1);
  assert.equal(read.notes.length, 1);
  assert.match(read.notes[0], /too many/);
});

test('readLink: view settings are checked', async () => {
  const { validate } = makeValidate();
  const ok = await readLink({ schema, defaults, search: '?speed=max&test=1&disc=0&log=0&big=1', validate, groups: GROUPS });
  assert.deepEqual(ok.invalid, []);
  assert.deepEqual(ok.view, { speed: 'max', test: '1', disc: '0', log: '0', big: '1' });
  const bad = await readLink({ schema, defaults, search: '?speed=3&test=yes&big=1&hide=layers,bogus', validate, groups: GROUPS });
  assert.deepEqual([...bad.invalid].sort(), ['hide', 'speed', 'test']);
  assert.deepEqual(bad.view, { big: '1', hide: 'layers' });
  for (const { key } of VIEW_SETTINGS) assert.ok(key in ok.view, key);
});

test('viewParams: the initial view writes nothing; each change writes its key', () => {
  const initial = initialView();
  assert.deepEqual(viewParams(initial), {});
  const view = { speed: Infinity, showTest: true, discretize: true, logScale: false, largeText: true, hidden: ['layers', 'lr'] };
  assert.deepEqual(viewParams(view), { speed: 'max', test: '1', disc: '1', log: '0', big: '1', hide: 'layers,lr' });
  for (const vs of VIEW_SETTINGS) {
    const one = { ...initial, [vs.name]: view[vs.name] };
    assert.deepEqual(Object.keys(viewParams(one)), [vs.key], vs.name);
  }
});

test('viewOf reads back what viewParams wrote, through a link', async () => {
  const { validate } = makeValidate();
  const views = [
    { ...initialView(), speed: 0.25, logScale: false, hidden: ['lr'] },
    { speed: Infinity, showTest: true, discretize: true, logScale: true, largeText: true, hidden: [] },
    initialView(),
  ];
  for (const view of views) {
    const { query } = linkQuery({ schema, config: defaults, defaults, view: viewParams(view) });
    const read = await readLink({ schema, defaults, search: `?${query}`, validate, groups: GROUPS });
    assert.deepEqual(read.invalid, [], query);
    assert.deepEqual(viewOf(read.view, initialView()), view, query);
  }
  const kept = { ...initialView(), speed: 50, hidden: ['layers'] };
  assert.deepEqual(viewOf({ test: '1' }, kept), { ...kept, showTest: true, hidden: [] }, 'settings the link leaves out keep their values; the hidden groups are the link\'s');
});

test('readLink never throws: a failing validation keeps the defaults and says why', async () => {
  const validate = async () => {
    throw new Error('the worker is gone');
  };
  const read = await readLink({ schema, defaults, search: '?lr=0.1&noise=0.2', validate, groups: GROUPS });
  assert.deepEqual(read.config, defaults);
  assert.deepEqual([...read.invalid].sort(), ['lr', 'noise']);
  assert.equal(read.notes.length, 1);
  assert.match(read.notes[0], /the worker is gone/);
});
