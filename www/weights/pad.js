// @ts-check
// The pure parts of the drawing pad: which pixel a point falls on, a stroke's ink, the
// keyboard's cursor and the length of an output's bar.

/**
 * The pixel (row by row) under (x, y) CSS px of a pad drawn at `size` px per pixel, or -1.
 * @param {{width: number, height: number}} image
 * @param {number} size
 * @param {number} x
 * @param {number} y
 */
export function pixelAt(image, size, x, y) {
  const c = Math.floor(x / size);
  const r = Math.floor(y / size);
  return c >= 0 && c < image.width && r >= 0 && r < image.height ? r * image.width + c : -1;
}

/**
 * The value a stroke starting on a pixel of value `v` paints: ink on a blank pixel,
 * blank on an inked one (so one gesture draws or erases).
 * @param {number} v
 * @param {number} ink
 */
export function strokeValue(v, ink) {
  return v >= ink / 2 ? 0 : ink;
}

/**
 * Share of its track an output's bar fills: y from the target range's low end `lo` to
 * its high end `hi` (0 to 1 for softmax probabilities), clamped to [0, 1].
 * @param {number} y
 * @param {number} lo
 * @param {number} hi
 */
export function barShare(y, lo, hi) {
  const t = (y - lo) / (hi - lo);
  return Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
}

/**
 * The pixel the keyboard's cursor moves to from `k` with an arrow key, or null for another key.
 * @param {{width: number, height: number}} image
 * @param {number} k
 * @param {string} key
 */
export function moveCursor(image, k, key) {
  const r = Math.floor(k / image.width);
  const c = k % image.width;
  /** @type {Record<string, [number, number]>} */
  const by = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  const d = by[key];
  if (!d) return null;
  const nr = Math.min(image.height - 1, Math.max(0, r + d[0]));
  const nc = Math.min(image.width - 1, Math.max(0, c + d[1]));
  return nr * image.width + nc;
}
