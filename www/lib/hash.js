// @ts-check
// Fingerprints for tests and snapshots: FNV-1a over the bytes of 32-bit floats, as
// 8 hex digits (without leading zeros). Byte by byte, as FNV-1a is defined: over whole
// words a change of the top bit reaches only the top bit, so two sign flips cancel.

/**
 * FNV-1a over the bytes of 32-bit words.
 * @param {Uint32Array} words
 * @returns {string}
 */
function fnv1a(words) {
  const bytes = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16);
}

/**
 * FNV-1a over the bit patterns of a Float32Array.
 * @param {Float32Array} values
 * @returns {string}
 */
export function floatHash(values) {
  return fnv1a(new Uint32Array(values.buffer, values.byteOffset, values.length));
}

/**
 * FNV-1a over the bit patterns (as float32) of the sorted (x1, x2, target) triples of
 * every array: the same set of points, the same hash. −0 counts as 0 (JSON, which
 * carries the configuration to the worker, writes both as 0).
 * @param {...ArrayLike<number>} arrays  points as x1, x2, target triples
 * @returns {string}
 */
export function pointsHash(...arrays) {
  /** @type {number[][]} */
  const triples = [];
  /** @param {number} v */
  const z = (v) => (v === 0 ? 0 : v);
  for (const a of arrays) for (let i = 0; i + 2 < a.length; i += 3) triples.push([z(a[i]), z(a[i + 1]), z(a[i + 2])]);
  triples.sort((p, q) => p[0] - q[0] || p[1] - q[1] || p[2] - q[2]);
  return fnv1a(new Uint32Array(new Float32Array(triples.flat()).buffer));
}
