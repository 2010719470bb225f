// www/app/saved-run.js: what is kept in the browser's storage for a reload (every run of
// the page and the comparison, per tab), how it is read back (a corrupt or foreign entry
// is set aside with a notice, never thrown), which entry a tab starts from, which runs
// resume, what the page says of it, and how often it is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodeSaved, decodeSaved, canonical, resumable, choose, ago, restoredNotice, tabId, ownTab, prune, createSaver, readKept,
  KEY_PREFIX, TAB_KEY, SAVED_VERSION, SAVE_EVERY_MS, MAX_KEPT,
} from '../../www/app/saved-run.js';

const CONFIG = { seed: 1, data: { task: 'xor', points: 200 }, hidden_layers: [4, 2] };
const run = (changes = {}) => ({
  name: 'A',
  config: CONFIG,
  epoch: 120,
  model: '{"format":"nn-playground-model","version":2}',
  history: [{ epoch: 10, updates: 100, seconds: 0.1, train: 0.5, test: NaN }, { epoch: 120, train: 0.2, test: 0.3 }],
  ...changes,
});
const page = (changes = {}) => ({
  savedAt: 1_700_000_000_000,
  compare: { runs: [{ name: 'B', diff: { loss: 'sse' } }], race: false, axis: 'epochs', preset: null },
  runs: [run(), run({ name: 'B', epoch: 19778, config: { ...CONFIG, loss: 'sse' } })],
  ...changes,
});

/** A stand-in for localStorage (or sessionStorage). */
function shelf(items = new Map()) {
  return {
    items,
    writes: 0,
    get length() {
      return items.size;
    },
    key: (i) => [...items.keys()][i] ?? null,
    getItem: (k) => (items.has(k) ? items.get(k) : null),
    setItem(k, v) {
      this.writes += 1;
      items.set(k, String(v));
    },
    removeItem: (k) => items.delete(k),
  };
}

test('every run of a tab and its comparison read back as they were (a NaN loss survives JSON as NaN)', () => {
  const { saved, notice } = decodeSaved(encodeSaved(page()));
  assert.equal(notice, null);
  assert.deepEqual(saved, page());
  assert.equal(JSON.parse(encodeSaved(page())).version, SAVED_VERSION);
  assert.deepEqual(decodeSaved(encodeSaved(page({ runs: [run({ model: null, epoch: 0, history: [] })] }))).saved.runs[0].model, null, 'a run not trained yet');
});

test('nothing kept: nothing resumed, no notice', () => {
  assert.deepEqual(decodeSaved(null), { saved: null, notice: null });
});

test('a corrupt, incomplete or foreign entry is set aside with a notice, never thrown', () => {
  const good = JSON.parse(encodeSaved(page()));
  const withRun = (changes) => JSON.stringify({ ...good, runs: [{ ...good.runs[0], ...changes }] });
  const cases = [
    ['{ nope', /corrupt/],
    ['[1,2]', /corrupt/],
    ['null', /corrupt/],
    [JSON.stringify({ ...good, version: SAVED_VERSION + 1 }), /another version/],
    [JSON.stringify({ version: 1, config: CONFIG, epoch: 9, model: '{}', history: [] }), /another version/],
    [JSON.stringify({ ...good, runs: [] }), /incomplete/],
    [JSON.stringify({ ...good, savedAt: 'now' }), /incomplete/],
    [JSON.stringify({ ...good, compare: 'x' }), /incomplete/],
    [withRun({ model: 42 }), /incomplete/],
    [withRun({ epoch: -1 }), /incomplete/],
    [withRun({ epoch: 1.5 }), /incomplete/],
    [withRun({ config: 'x' }), /incomplete/],
    [withRun({ history: {} }), /incomplete/],
    [withRun({ name: 3 }), /incomplete/],
  ];
  for (const [text, why] of cases) {
    const { saved, notice } = decodeSaved(text);
    assert.equal(saved, null, text);
    assert.match(notice, why, text);
    assert.match(notice, /starts afresh/);
  }
});

test('chart points that are not points, or lie past the saved epoch, are dropped', () => {
  const good = JSON.parse(encodeSaved(page()));
  good.runs[0].history.push(null, { epoch: 'x' }, { epoch: 500, train: 1, test: 1 }, { epoch: 110, train: 'a', test: 1 });
  const { saved } = decodeSaved(JSON.stringify(good));
  assert.deepEqual(saved.runs[0].history.map((p) => p.epoch), [10, 120, 110]);
  assert.ok(Number.isNaN(saved.runs[0].history[2].train));
});

test('canonical JSON ignores the order of keys only', () => {
  assert.equal(canonical({ b: 1, a: [1, { d: 2, c: null }] }), canonical({ a: [1, { c: null, d: 2 }], b: 1 }));
  assert.notEqual(canonical({ a: [1, 2] }), canonical({ a: [2, 1] }));
  assert.equal(canonical({ a: undefined }), '{"a":null}');
});

test('a kept run resumes as the run of the same configuration only, and never at epoch 0', () => {
  const reordered = { hidden_layers: [4, 2], data: { points: 200, task: 'xor' }, seed: 1 };
  assert.equal(resumable(run(), reordered), true);
  assert.equal(resumable(run(), { ...reordered, seed: 2 }), false);
  assert.equal(resumable(run({ epoch: 0 }), reordered), false);
  assert.equal(resumable(run({ model: null }), reordered), false);
  assert.equal(resumable(undefined, reordered), false);
});

test('a tab starts from its own entry if it fits the link, else from the newest entry that fits', () => {
  const circle = { ...CONFIG, data: { task: 'circle', points: 200 } };
  const mine = page({ savedAt: 10 });
  const older = page({ savedAt: 5, runs: [run({ config: circle })] });
  const newer = page({ savedAt: 20, runs: [run({ config: circle, epoch: 7 })] });
  assert.deepEqual(choose({ own: mine, others: [older, newer] }, { config: CONFIG, bare: false }), { page: mine, own: true });
  assert.deepEqual(choose({ own: mine, others: [older, newer] }, { config: circle, bare: false }), { page: newer, own: false }, 'the link asks for another run: the newest that fits');
  assert.deepEqual(choose({ own: null, others: [older, newer] }, { config: CONFIG, bare: true }), { page: newer, own: false }, 'a new tab on the bare address: the newest');
  assert.deepEqual(choose({ own: mine, others: [newer] }, { config: circle, bare: true }), { page: mine, own: true }, 'a reload on the bare address: its own');
  assert.equal(choose({ own: null, others: [older] }, { config: { seed: 9 }, bare: false }), null);
});

test('the notice says which runs were restored, at which epoch and how long ago', () => {
  assert.equal(ago(3200), '3 s');
  assert.equal(ago(5 * 60_000), '5 min');
  assert.equal(ago(2 * 3600_000), '2 h');
  assert.equal(ago(86400_000), '1 day');
  assert.equal(restoredNotice([run({ epoch: 4220 })], { ms: 3000, own: true }),
    'Restored the run at epoch 4,220 (kept 3 s before the reload); "Start fresh" starts again from epoch 0.');
  assert.equal(restoredNotice(page().runs.map((r, i) => ({ ...r, epoch: [4220, 19778][i] })), { ms: 65_000, own: false }),
    'Restored runs A at epoch 4,220, B at epoch 19,778 (kept in this browser 1 min ago); "Start fresh" starts again from epoch 0.');
  assert.match(restoredNotice([run({ name: 'C', epoch: 5 })], { ms: 0, own: true }), /^Restored run C at epoch 5 /);
});

test('a tab keeps its id over a reload, another tab makes its own', () => {
  const session = shelf();
  let n = 0;
  const make = () => `tab${(n += 1)}`;
  assert.equal(tabId(session, make), 'tab1');
  assert.equal(tabId(session, make), 'tab1', 'the same tab, reloaded');
  assert.equal(session.getItem(TAB_KEY), 'tab1');
  assert.equal(tabId(shelf(), make), 'tab2', 'another tab');
  const off = { getItem: () => { throw new Error('SecurityError'); }, setItem() {} };
  assert.equal(tabId(off, make), 'tab3', 'storage switched off: an id all the same');
});

/** A stand-in for BroadcastChannel: every channel of one bus hears the others (not itself), at once. */
function bus() {
  const all = [];
  return class {
    constructor() {
      this.onmessage = null;
      all.push(this);
    }
    postMessage(data) {
      for (const c of all) if (c !== this) c.onmessage?.({ data });
    }
  };
}

test('a duplicated tab (its sessionStorage copied) takes an id of its own; a reload keeps its id', () => {
  const Channel = bus();
  let n = 0;
  const make = () => `tab${(n += 1)}`;
  const first = shelf();
  const original = ownTab(first, { Channel, make });
  assert.equal(original.key(), `${KEY_PREFIX}tab1`);
  const copy = shelf(new Map(first.items)); // the browser's "Duplicate"
  const duplicate = ownTab(copy, { Channel, make });
  assert.equal(duplicate.key(), `${KEY_PREFIX}tab2`, 'the open tab said the id is taken');
  assert.equal(copy.getItem(TAB_KEY), 'tab2', 'and keeps it over its reloads');
  assert.equal(original.key(), `${KEY_PREFIX}tab1`, 'the original keeps its id');
  const other = ownTab(shelf(), { Channel, make });
  assert.equal(other.key(), `${KEY_PREFIX}tab3`, 'a new tab: a new id, nobody else changes');
  assert.deepEqual([original.key(), duplicate.key()], [`${KEY_PREFIX}tab1`, `${KEY_PREFIX}tab2`]);
  assert.equal(ownTab(shelf(new Map(first.items)), { Channel: null, make }).key(), `${KEY_PREFIX}tab1`, 'no channel: the id as kept');
});

test('two tabs write their own entries and never each other\'s', () => {
  const s = shelf();
  let t = 0;
  const saverOf = (key, epoch) => createSaver({ shelf: s, key: () => key, record: () => ({ compare: null, runs: [run({ epoch: epoch() })] }), now: () => t, clock: () => 1000 + t });
  let circleEpoch = 10;
  let xorEpoch = 500;
  const circle = saverOf(`${KEY_PREFIX}one`, () => circleEpoch);
  const xor = saverOf(`${KEY_PREFIX}two`, () => xorEpoch);
  for (let i = 0; i < 5; i += 1) {
    t += SAVE_EVERY_MS;
    circleEpoch += 10;
    xorEpoch += 100;
    circle.offer();
    xor.offer();
  }
  const kept = readKept(s, `${KEY_PREFIX}one`);
  assert.equal(kept.own.runs[0].epoch, 60);
  assert.deepEqual(kept.others.map((p) => p.runs[0].epoch), [1000]);
  assert.equal(kept.own.savedAt, 1000 + t);
});

test('the saver writes at most every SAVE_EVERY_MS, the newest record, and at once on flush', () => {
  const s = shelf();
  const key = `${KEY_PREFIX}me`;
  let t = 0;
  let epoch = 1;
  const saver = createSaver({ shelf: s, key, record: () => ({ compare: null, runs: [run({ epoch })] }), now: () => t });
  const keptEpoch = () => decodeSaved(s.getItem(key)).saved.runs[0].epoch;
  saver.offer();
  assert.equal(s.writes, 1, 'the first offer is written');
  t = SAVE_EVERY_MS / 2;
  epoch = 3;
  saver.offer();
  saver.offer();
  assert.equal(s.writes, 1, 'too soon');
  t = SAVE_EVERY_MS + 1;
  epoch = 4;
  saver.offer();
  assert.equal(s.writes, 2);
  assert.equal(keptEpoch(), 4);
  t += 10;
  epoch = 5;
  saver.offer();
  assert.equal(s.writes, 2);
  assert.equal(saver.flush(), true, 'the page is hidden: written now');
  assert.equal(keptEpoch(), 5);
  assert.equal(saver.flush(), false, 'nothing new to write');
  saver.clear();
  assert.equal(s.getItem(key), null, 'Start fresh forgets it');
  assert.deepEqual(readKept(s, key), { own: null, others: [], notice: null });
  const nothing = createSaver({ shelf: s, key, record: () => null, now: () => t });
  nothing.offer();
  assert.equal(s.getItem(key), null, 'nothing trained: nothing written');
});

test('old tabs\' entries go: beyond MAX_KEPT, and when the storage is full', () => {
  const s = shelf();
  for (let i = 0; i < MAX_KEPT + 3; i += 1) s.setItem(`${KEY_PREFIX}${i}`, encodeSaved(page({ savedAt: 100 + i })));
  s.setItem('someone-else', 'x');
  prune(s, `${KEY_PREFIX}0`);
  const left = [...s.items.keys()].filter((k) => k.startsWith(KEY_PREFIX)).sort();
  assert.equal(left.length, MAX_KEPT);
  assert.ok(left.includes(`${KEY_PREFIX}0`), 'this tab\'s own, even the oldest');
  assert.ok(left.includes(`${KEY_PREFIX}${MAX_KEPT + 2}`), 'the newest');
  assert.equal(s.getItem('someone-else'), 'x', 'nothing else is touched');

  // Room for one entry only: the oldest other tab's goes first.
  const small = shelf();
  small.setItem(`${KEY_PREFIX}old`, encodeSaved(page({ savedAt: 1 })));
  small.setItem(`${KEY_PREFIX}new`, encodeSaved(page({ savedAt: 2 })));
  const set = small.setItem;
  small.setItem = function (k, v) {
    if (this.items.size >= 2 && !this.items.has(k)) throw new Error('QuotaExceededError');
    set.call(this, k, v);
  };
  const saver = createSaver({ shelf: small, key: `${KEY_PREFIX}me`, record: () => ({ compare: null, runs: [run()] }), now: () => 0 });
  saver.offer();
  assert.deepEqual([...small.items.keys()].sort(), [`${KEY_PREFIX}me`, `${KEY_PREFIX}new`]);
});

test('a full or switched-off storage is given up on quietly', () => {
  const warn = console.warn;
  const warned = [];
  console.warn = (...args) => warned.push(args);
  try {
    const full = { ...shelf(), setItem: () => { throw new Error('QuotaExceededError'); } };
    const saver = createSaver({ shelf: full, key: `${KEY_PREFIX}me`, record: () => ({ compare: null, runs: [run()] }), now: () => 0 });
    saver.offer();
    assert.equal(saver.flush(), false);
    assert.equal(warned.length, 1);
    const off = { getItem: () => { throw new Error('SecurityError'); }, setItem() {}, removeItem() {}, key: () => null, length: 0 };
    assert.deepEqual(readKept(off, `${KEY_PREFIX}me`), { own: null, others: [], notice: null });
  } finally {
    console.warn = warn;
  }
});
