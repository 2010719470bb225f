// www/lib/hash.js: FNV-1a fingerprints over the bytes of 32-bit floats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { floatHash, pointsHash } from '../../www/lib/hash.js';

/** FNV-1a over the bytes of float32 values, written independently with BigInt arithmetic. */
function reference(values) {
  const bytes = new Uint8Array(Float32Array.from(values).buffer);
  let h = 0x811c9dc5n;
  for (const b of bytes) h = ((h ^ BigInt(b)) * 0x01000193n) & 0xffffffffn;
  return h.toString(16);
}

test('floatHash: FNV-1a over the bytes of the floats, as hex without leading zeros', () => {
  assert.equal(floatHash(new Float32Array(0)), '811c9dc5', 'the offset basis');
  for (const values of [[0], [1], [-1.5, 2.25, 3e-8], [NaN, Infinity, -Infinity], Array.from({ length: 200 }, (_, i) => Math.sin(i))]) {
    const h = floatHash(Float32Array.from(values));
    assert.equal(h, reference(values), String(values));
    assert.match(h, /^[0-9a-f]{1,8}$/);
    assert.ok(!h.startsWith('0') || h === '0');
  }
});

test('floatHash: a view hashes its own values, not its whole buffer', () => {
  const all = Float32Array.from([9, 1, 2, 3, 9]);
  const view = all.subarray(1, 4);
  assert.equal(floatHash(view), floatHash(Float32Array.from([1, 2, 3])));
});

test('floatHash: any change of a value or of the order changes the hash', () => {
  const base = floatHash(Float32Array.from([1, 2, 3]));
  assert.notEqual(floatHash(Float32Array.from([1, 2, 3.0000002])), base);
  assert.notEqual(floatHash(Float32Array.from([2, 1, 3])), base);
  assert.notEqual(floatHash(Float32Array.from([1, 2])), base);
  assert.notEqual(floatHash(Float32Array.from([-0])), floatHash(Float32Array.from([0])), '-0 has its own bits');
});

test('pointsHash: the same set of points gives the same hash, whatever the order or split', () => {
  const a = [0.5, -1, 1, 2, 3, 0, -4, 0.25, 1];
  const shuffled = [-4, 0.25, 1, 0.5, -1, 1, 2, 3, 0];
  const h = pointsHash(a);
  assert.equal(pointsHash(shuffled), h);
  assert.equal(pointsHash(a.slice(0, 3), a.slice(3)), h, 'train and test together');
  assert.equal(pointsHash(Float32Array.from(a)), h, 'typed arrays too');
  assert.equal(pointsHash(a, []), h);
});

test('pointsHash: the hash of the sorted triples as float32', () => {
  const a = [2, 3, 0, 0.5, -1, 1, 0.5, -2, 1];
  const sorted = [0.5, -2, 1, 0.5, -1, 1, 2, 3, 0];
  assert.equal(pointsHash(a), reference(sorted));
  assert.equal(pointsHash(), reference([]));
});

test('pointsHash: a different point, target or pairing changes the hash', () => {
  const h = pointsHash([1, 2, 0, 3, 4, 1]);
  assert.notEqual(pointsHash([1, 2, 1, 3, 4, 0]), h, 'targets swapped between points');
  assert.notEqual(pointsHash([2, 1, 0, 3, 4, 1]), h, 'x1 and x2 swapped');
  assert.notEqual(pointsHash([1, 2, 0]), h, 'a point fewer');
  assert.notEqual(pointsHash([1, 2, 0, 3, 4, 1, 3, 4, 1]), h, 'a point twice');
});

test('pointsHash: -0 counts as 0; a trailing incomplete triple is ignored', () => {
  assert.equal(pointsHash([-0, 1, -0]), pointsHash([0, 1, 0]));
  assert.equal(pointsHash([-0, 1, 0]), pointsHash([0, 1, 0]));
  assert.equal(pointsHash([0, 1, -0]), pointsHash([0, 1, 0]));
  assert.equal(pointsHash([0, -0, 2]), pointsHash([0, 0, 2]));
  assert.equal(pointsHash([1, 2, 0, 5, 6]), pointsHash([1, 2, 0]));
});

test('pointsHash: values are taken as float32, as the worker holds them', () => {
  assert.equal(pointsHash([0.1, 0.2, 1]), pointsHash(Float32Array.from([0.1, 0.2, 1])));
});

// FNV-1a over whole 32-bit words would spread a changed bit only towards the higher
// bits: a sign change would flip only the hash's top bit, and two would cancel.
test('floatHash and pointsHash: negating two values changes the hash', () => {
  assert.notEqual(floatHash(Float32Array.of(1, 2)), floatHash(Float32Array.of(-1, -2)));
  assert.notEqual(pointsHash([1, 2, 0, 3, 4, 1]), pointsHash([-1, 2, 0, 3, -4, 1]));
});
