// www/app/store.js: the page's one store and `watch`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStore, watch } from '../../www/app/store.js';

test('get returns the initial state; update merges a patch into a new state', () => {
  const initial = { a: 1, b: { c: 2 } };
  const store = createStore(initial);
  assert.equal(store.get(), initial);
  store.update({ a: 5 });
  const s = store.get();
  assert.deepEqual(s, { a: 5, b: { c: 2 } });
  assert.notEqual(s, initial, 'state is replaced, not edited');
  assert.equal(initial.a, 1, 'the old state is unchanged');
  assert.equal(s.b, initial.b, 'untouched parts are shared');
});

test('update takes a function of the state; null or undefined changes nothing', () => {
  const store = createStore({ n: 1 });
  const seen = [];
  store.subscribe((s) => seen.push(s.n));
  store.update((s) => ({ n: s.n + 1 }));
  store.update((s) => ({ n: s.n * 10 }));
  assert.equal(store.get().n, 20);
  const before = store.get();
  store.update(() => null);
  store.update(() => undefined);
  store.update(null);
  assert.equal(store.get(), before, 'no new state');
  assert.deepEqual(seen, [2, 20], 'listeners are not called for no change');
});

test('listeners see every change, in order, with the previous state', () => {
  const store = createStore({ n: 0 });
  const a = [];
  const b = [];
  store.subscribe((s, prev) => a.push([prev.n, s.n]));
  store.subscribe((s, prev) => b.push([prev.n, s.n]));
  for (let i = 1; i <= 4; i++) store.update({ n: i });
  const expected = [[0, 1], [1, 2], [2, 3], [3, 4]];
  assert.deepEqual(a, expected);
  assert.deepEqual(b, expected);
});

test('a change made inside a listener is announced after the current one reached every listener', () => {
  const store = createStore({ n: 0, echo: 0 });
  const log = [];
  store.subscribe((s, prev) => {
    log.push(`first ${prev.n}/${prev.echo} -> ${s.n}/${s.echo}`);
    // Echo every change of n once (the echo itself changes only `echo`).
    if (s.n !== prev.n) store.update({ echo: s.n });
  });
  store.subscribe((s, prev) => log.push(`second ${prev.n}/${prev.echo} -> ${s.n}/${s.echo}`));
  store.update({ n: 1 });
  assert.deepEqual(log, [
    'first 0/0 -> 1/0',
    'second 0/0 -> 1/0', // the second listener still sees the first change first
    'first 1/0 -> 1/1',
    'second 1/0 -> 1/1',
  ]);
  assert.deepEqual(store.get(), { n: 1, echo: 1 });
});

test('changes made by listeners chain until the state settles, each announced once', () => {
  const store = createStore({ n: 0 });
  const seen = [];
  store.subscribe((s) => {
    if (s.n < 3) store.update({ n: s.n + 1 });
  });
  store.subscribe((s, prev) => seen.push([prev.n, s.n]));
  store.update({ n: 1 });
  assert.equal(store.get().n, 3);
  assert.deepEqual(seen, [[0, 1], [1, 2], [2, 3]]);
});

test('a listener that throws does not leave the store stuck', () => {
  const store = createStore({ n: 0 });
  let fail = true;
  const seen = [];
  store.subscribe((s) => {
    if (fail) throw new Error('boom');
    seen.push(s.n);
  });
  assert.throws(() => store.update({ n: 1 }), /boom/);
  fail = false;
  store.update({ n: 2 });
  assert.deepEqual(seen, [2], 'the next change is announced');
});

test('unsubscribe stops the calls; other listeners go on', () => {
  const store = createStore({ n: 0 });
  const a = [];
  const b = [];
  const offA = store.subscribe((s) => a.push(s.n));
  store.subscribe((s) => b.push(s.n));
  store.update({ n: 1 });
  offA();
  store.update({ n: 2 });
  assert.deepEqual(a, [1]);
  assert.deepEqual(b, [1, 2]);
});

test('watch reacts once at once, then only when the selected value changes (by reference)', () => {
  const view = { zoom: 1 };
  const store = createStore({ view, run: 0 });
  const seen = [];
  const off = watch(store, (s) => s.view, (v, s) => seen.push([v.zoom, s.run]));
  assert.deepEqual(seen, [[1, 0]], 'called once now with the current value');
  store.update({ run: 1 }); // view unchanged
  assert.equal(seen.length, 1);
  store.update({ view: { zoom: 2 } });
  assert.deepEqual(seen.at(-1), [2, 1]);
  store.update({ view: store.get().view, run: 2 }); // same reference
  assert.equal(seen.length, 2);
  off();
  store.update({ view: { zoom: 3 } });
  assert.equal(seen.length, 2, 'no call after unsubscribing');
});

test('watch sees the value a listener set during an announcement', () => {
  const store = createStore({ a: 0, b: 0 });
  store.subscribe((s) => {
    if (s.a !== s.b) store.update({ b: s.a });
  });
  const seen = [];
  watch(store, (s) => s.b, (b) => seen.push(b));
  store.update({ a: 7 });
  assert.deepEqual(seen, [0, 7]);
});
