// www/lib/paths.js: reading and writing nested objects by dotted path, without
// changing the original.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getPath, setPath } from '../../www/lib/paths.js';

test('getPath reads nested values and gives undefined for missing ones', () => {
  const o = { data: { noise: 0.1, kind: { id: 'spiral' } }, layers: [4, 2], zero: 0, nil: null };
  assert.equal(getPath(o, 'data.noise'), 0.1);
  assert.equal(getPath(o, 'data.kind.id'), 'spiral');
  assert.deepEqual(getPath(o, 'data'), o.data);
  assert.equal(getPath(o, 'layers.1'), 2);
  assert.equal(getPath(o, 'zero'), 0);
  assert.equal(getPath(o, 'nil'), null);
  assert.equal(getPath(o, 'data.missing'), undefined);
  assert.equal(getPath(o, 'data.missing.deeper'), undefined);
  assert.equal(getPath(o, 'nil.deeper'), undefined);
  assert.equal(getPath(null, 'a.b'), undefined);
  assert.equal(getPath(undefined, 'a'), undefined);
});

test('setPath writes a value into a copy and leaves the original as it was', () => {
  const inner = { noise: 0.1, seed: 3 };
  const other = { rate: 0.03 };
  const o = { data: inner, training: other };
  const frozen = structuredClone(o);
  const c = setPath(o, 'data.noise', 0.5);
  assert.deepEqual(o, frozen, 'the original is unchanged');
  assert.equal(o.data, inner);
  assert.deepEqual(c, { data: { noise: 0.5, seed: 3 }, training: { rate: 0.03 } });
  assert.notEqual(c, o, 'a new root');
  assert.notEqual(c.data, inner, 'a new object along the path');
  assert.equal(c.training, other, 'branches off the path are shared, not copied');
});

test('setPath works on frozen objects (it never writes into them)', () => {
  const o = Object.freeze({ a: Object.freeze({ b: 1, c: 2 }) });
  const c = setPath(o, 'a.b', 5);
  assert.deepEqual(c, { a: { b: 5, c: 2 } });
  assert.equal(o.a.b, 1);
});

test('setPath creates missing objects along the path', () => {
  assert.deepEqual(setPath({}, 'a.b.c', 1), { a: { b: { c: 1 } } });
  assert.deepEqual(setPath(undefined, 'a', 1), { a: 1 });
  assert.deepEqual(setPath({ a: null }, 'a.b', 2), { a: { b: 2 } });
});

test('setPath with undefined removes the key', () => {
  const o = { a: { b: 1, c: 2 } };
  const c = setPath(o, 'a.b', undefined);
  assert.deepEqual(c, { a: { c: 2 } });
  assert.equal('b' in c.a, false);
  assert.equal(o.a.b, 1, 'the original keeps it');
  assert.deepEqual(setPath({ x: 1 }, 'x', undefined), {});
});

test('setPath copies arrays as arrays', () => {
  const o = { layers: [{ width: 4 }, { width: 2 }] };
  const c = setPath(o, 'layers.1.width', 8);
  assert.ok(Array.isArray(c.layers));
  assert.deepEqual(c.layers, [{ width: 4 }, { width: 8 }]);
  assert.equal(o.layers[1].width, 2);
  assert.notEqual(c.layers, o.layers);
  assert.equal(c.layers[0], o.layers[0]);
});

test('getPath reads back what setPath wrote', () => {
  let o = {};
  const writes = { 'data.noise': 0.2, 'data.kind': 'xor', 'training.optimizer.kind': 'adam', 'view.test': true };
  for (const [p, v] of Object.entries(writes)) o = setPath(o, p, v);
  for (const [p, v] of Object.entries(writes)) assert.equal(getPath(o, p), v, p);
});
