// www/app/saved-run.js: what is kept in the browser's storage for a reload, how it is
// read back (a corrupt or foreign entry is set aside with a notice, never thrown), when
// it is resumed, and how often it is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodeSaved, decodeSaved, canonical, shouldResume, createSaver, readSaved, STORAGE_KEY, SAVED_VERSION, SAVE_EVERY_MS,
} from '../../www/app/saved-run.js';

const run = (changes = {}) => ({
  config: { seed: 1, data: { task: 'xor', points: 200 }, hidden_layers: [4, 2] },
  epoch: 120,
  model: '{"format":"nn-playground-model","version":2}',
  history: [{ epoch: 10, updates: 100, seconds: 0.1, train: 0.5, test: NaN }, { epoch: 120, train: 0.2, test: 0.3 }],
  ...changes,
});

/** A stand-in for localStorage. */
function shelf() {
  const items = new Map();
  return {
    items,
    writes: 0,
    getItem: (k) => (items.has(k) ? items.get(k) : null),
    setItem(k, v) {
      this.writes += 1;
      items.set(k, String(v));
    },
    removeItem: (k) => items.delete(k),
  };
}

test('a kept run reads back as it was (a NaN loss survives JSON as NaN)', () => {
  const { saved, notice } = decodeSaved(encodeSaved(run()));
  assert.equal(notice, null);
  assert.deepEqual(saved, run());
  assert.equal(JSON.parse(encodeSaved(run())).version, SAVED_VERSION);
});

test('nothing kept: nothing resumed, no notice', () => {
  assert.deepEqual(decodeSaved(null), { saved: null, notice: null });
});

test('a corrupt, incomplete or foreign entry is set aside with a notice, never thrown', () => {
  const good = JSON.parse(encodeSaved(run()));
  const cases = [
    ['{ nope', /corrupt/],
    ['[1,2]', /corrupt/],
    ['null', /corrupt/],
    [JSON.stringify({ ...good, version: SAVED_VERSION + 1 }), /another version/],
    [JSON.stringify({ ...good, version: undefined }), /another version/],
    [JSON.stringify({ ...good, model: 42 }), /incomplete/],
    [JSON.stringify({ ...good, epoch: -1 }), /incomplete/],
    [JSON.stringify({ ...good, epoch: 1.5 }), /incomplete/],
    [JSON.stringify({ ...good, config: 'x' }), /incomplete/],
    [JSON.stringify({ ...good, history: {} }), /incomplete/],
  ];
  for (const [text, why] of cases) {
    const { saved, notice } = decodeSaved(text);
    assert.equal(saved, null, text);
    assert.match(notice, why, text);
    assert.match(notice, /starts afresh/);
  }
});

test('chart points that are not points, or lie past the saved epoch, are dropped', () => {
  const good = JSON.parse(encodeSaved(run()));
  good.history.push(null, { epoch: 'x' }, { epoch: 500, train: 1, test: 1 }, { epoch: 110, train: 'a', test: 1 });
  const { saved } = decodeSaved(JSON.stringify(good));
  assert.deepEqual(saved.history.map((p) => p.epoch), [10, 120, 110]);
  assert.ok(Number.isNaN(saved.history[2].train));
});

test('canonical JSON ignores the order of keys only', () => {
  assert.equal(canonical({ b: 1, a: [1, { d: 2, c: null }] }), canonical({ a: [1, { c: null, d: 2 }], b: 1 }));
  assert.notEqual(canonical({ a: [1, 2] }), canonical({ a: [2, 1] }));
  assert.equal(canonical({ a: undefined }), '{"a":null}');
});

test('resumed when the link asks for the same configuration or nothing, never in compare mode or at epoch 0', () => {
  const saved = run();
  const reordered = { hidden_layers: [4, 2], data: { points: 200, task: 'xor' }, seed: 1 };
  assert.equal(shouldResume(saved, { config: reordered, bare: false, compare: false }), true);
  assert.equal(shouldResume(saved, { config: { ...reordered, seed: 2 }, bare: false, compare: false }), false);
  assert.equal(shouldResume(saved, { config: { seed: 2 }, bare: true, compare: false }), true);
  assert.equal(shouldResume(saved, { config: reordered, bare: true, compare: true }), false);
  assert.equal(shouldResume(run({ epoch: 0 }), { config: reordered, bare: true, compare: false }), false);
});

test('the saver writes at most every SAVE_EVERY_MS, the newest run, and at once on flush', () => {
  const s = shelf();
  let t = 0;
  const saver = createSaver({ shelf: s, now: () => t });
  saver.offer(run({ epoch: 1 }));
  assert.equal(s.writes, 1, 'the first offer is written');
  t = SAVE_EVERY_MS / 2;
  saver.offer(run({ epoch: 2 }));
  saver.offer(run({ epoch: 3 }));
  assert.equal(s.writes, 1, 'too soon');
  t = SAVE_EVERY_MS + 1;
  saver.offer(run({ epoch: 4 }));
  assert.equal(s.writes, 2);
  assert.equal(decodeSaved(s.getItem(STORAGE_KEY)).saved.epoch, 4);
  t += 10;
  saver.offer(run({ epoch: 5 }));
  assert.equal(s.writes, 2);
  assert.equal(saver.flush(), true, 'the page is hidden: written now');
  assert.equal(decodeSaved(s.getItem(STORAGE_KEY)).saved.epoch, 5);
  assert.equal(saver.flush(), false, 'nothing new to write');
  saver.clear();
  assert.equal(s.getItem(STORAGE_KEY), null, 'Start fresh forgets it');
  assert.deepEqual(readSaved(s), { saved: null, notice: null });
});

test('a full or switched-off storage is given up on quietly', () => {
  const warn = console.warn;
  const warned = [];
  console.warn = (...args) => warned.push(args);
  try {
    const full = { ...shelf(), setItem: () => { throw new Error('QuotaExceededError'); } };
    const saver = createSaver({ shelf: full, now: () => 0 });
    saver.offer(run());
    assert.equal(saver.flush(), false);
    assert.equal(warned.length, 1);
    const off = { getItem: () => { throw new Error('SecurityError'); }, setItem() {}, removeItem() {} };
    assert.deepEqual(readSaved(off), { saved: null, notice: null });
  } finally {
    console.warn = warn;
  }
});
