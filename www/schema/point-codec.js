// @ts-check
// Your own points: the grid they lie on, the classes their labels need, and their form
// in a link. Compactly, on the 0.01 grid a point takes 5 characters (two coordinates
// and the class) or 7 (a value on the 0.001 grid instead of a class); off the grid they
// are written in full. Pure: no DOM, tested in Node.

/** Most points a link carries on the 0.01 grid (5 or 7 characters each). */
export const MAX_LINK_POINTS = 1000;
/** Most characters of points written out in full (when they are off the grid). */
const MAX_EXACT_CHARS = 12000;

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/**
 * A number written in a link; throws on anything else, and on one too large to hold
 * (`1e999` would be Infinity, which no link can write back).
 * @param {string} text
 * @returns {number}
 */
export function number(text) {
  const v = NUMBER.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(v)) throw new Error(`${JSON.stringify(text)} is not a number`);
  return v;
}

/** @typedef {{x1: number, x2: number, target: number}} Sample */


const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * @param {number} n
 * @param {number} width
 */
function b64(n, width) {
  let s = '';
  for (let i = 0; i < width; i++) {
    s = B64[n & 63] + s;
    n >>= 6;
  }
  return s;
}

/** @param {string} text */
function unb64(text) {
  let n = 0;
  for (const ch of text) {
    const d = B64.indexOf(ch);
    if (d < 0) throw new Error(`${JSON.stringify(ch)} is not a point digit`);
    n = n * 64 + d;
  }
  return n;
}

/**
 * Coordinates on a 0.01 grid and values on a 0.001 grid: what a link stores compactly,
 * and so where the page puts the points you add (onCoordGrid, onValueGrid).
 */
const COORD = 100; // 1 / 0.01
const VALUE = 1000; // 1 / 0.001
const COORD_OFFSET = 2048; // 2 digits: -20.48 .. 20.47
const VALUE_OFFSET = 131072; // 3 digits: -131.072 .. 131.071

/** Whether `v` is exactly `k / scale` for a whole `k` with `|k| < offset`. */
/** @type {(v: number, scale: number, offset?: number) => boolean} */
export const gridded = (v, scale, offset = Infinity) => Math.round(v * scale) / scale === v && Math.abs(Math.round(v * scale)) < offset;

/**
 * A coordinate of your own point: on the 0.01 grid a link stores compactly.
 * @param {number} v
 */
export const onCoordGrid = (v) => Math.round(v * COORD) / COORD;

/**
 * A regression value of your own point: on the 0.001 grid a link stores compactly.
 * @param {number} v
 */
export const onValueGrid = (v) => Math.round(v * VALUE) / VALUE;

/**
 * The classes a set of labelled points needs: at least two, at least `classes` (a class
 * may have no point yet), and one more than the largest label (a point of a new class
 * adds a class).
 * @param {Sample[]} samples
 * @param {number} [classes]
 */
export const classesFor = (samples, classes = 2) => samples.reduce((n, s) => Math.max(n, s.target + 1), Math.max(2, classes));

/**
 * Points as link text: `c` + 5 characters a point (two coordinates on the 0.01 grid,
 * then the class) or `r` + 7 (a value on the 0.001 grid), or, off the grid, `C`/`R` +
 * `x1_x2_label` joined by `~` in full precision. `undefined` when it would not fit.
 * @param {Sample[]} samples
 * @param {boolean} regression
 * @returns {string|undefined}
 */
export function encodePoints(samples, regression) {
  const grid = samples.length <= MAX_LINK_POINTS &&
    samples.every(
      (s) =>
        gridded(s.x1, COORD, COORD_OFFSET) &&
        gridded(s.x2, COORD, COORD_OFFSET) &&
        (regression ? gridded(s.target, VALUE, VALUE_OFFSET) : Number.isInteger(s.target) && s.target >= 0 && s.target < 64),
    );
  if (grid) {
    let out = regression ? 'r' : 'c';
    for (const s of samples) {
      out += b64(Math.round(s.x1 * COORD) + COORD_OFFSET, 2) + b64(Math.round(s.x2 * COORD) + COORD_OFFSET, 2);
      out += regression ? b64(Math.round(s.target * VALUE) + VALUE_OFFSET, 3) : B64[s.target];
    }
    return out;
  }
  const exact = (regression ? 'R' : 'C') + samples.map((s) => `${s.x1}_${s.x2}_${s.target}`).join('~');
  return exact.length <= MAX_EXACT_CHARS ? exact : undefined;
}

/**
 * The inverse of `encodePoints`: `{samples, regression}`; throws on malformed text.
 * @param {string} text
 * @returns {{samples: Sample[], regression: boolean}}
 */
export function decodePoints(text) {
  const kind = text[0];
  const body = text.slice(1);
  const samples = [];
  if (kind === 'c' || kind === 'r') {
    const regression = kind === 'r';
    const size = regression ? 7 : 5;
    if (body.length % size !== 0) throw new Error('the points are cut off');
    for (let i = 0; i < body.length; i += size) {
      const x1 = (unb64(body.slice(i, i + 2)) - COORD_OFFSET) / COORD;
      const x2 = (unb64(body.slice(i + 2, i + 4)) - COORD_OFFSET) / COORD;
      const target = regression ? (unb64(body.slice(i + 4, i + 7)) - VALUE_OFFSET) / VALUE : unb64(body[i + 4]);
      samples.push({ x1, x2, target });
    }
    return { samples, regression };
  }
  if (kind === 'C' || kind === 'R') {
    for (const point of body.split('~')) {
      const parts = point.split('_');
      if (parts.length !== 3) throw new Error('a point needs x1_x2_label');
      const [x1, x2, target] = parts.map(number);
      samples.push({ x1, x2, target });
    }
    return { samples, regression: kind === 'R' };
  }
  throw new Error('unknown point format');
}

