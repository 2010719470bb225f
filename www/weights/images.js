// @ts-check
// Pictures of an image table (letters, digits): a row's pixels, a neuron's incoming
// weights laid on the pixel grid (its "template"). The core says where each pixel is
// and which input it feeds (TableInfo.image, crates/core/src/image.rs); this file only
// arranges numbers on that grid and maps them to colours.

import { weightIndex } from '../lib/weights.js';
import { diverging } from '../lib/colors.js';

/** @typedef {import('../worker/protocol.js').ImageLayout} ImageLayout */

/**
 * Neuron `j`'s incoming weights from the inputs (layer 1), one per pixel row by row,
 * NaN where the pixel feeds no input (a dropped constant column).
 * @param {ImageLayout} image
 * @param {readonly number[]} shape
 * @param {ArrayLike<number>} weights
 * @param {number} j
 * @returns {Float64Array}
 */
export function template(image, shape, weights, j) {
  return Float64Array.from(image.inputs, (i) => (i === null ? NaN : weights[weightIndex(shape, 1, i, j)]));
}

/**
 * The largest |w| of a template (at least 1e-9): each template is drawn at its own
 * scale, so a neuron of small weights still shows its pattern.
 * @param {ArrayLike<number>} t
 */
export function templateScale(t) {
  let m = 1e-9;
  for (let k = 0; k < t.length; k++) {
    const a = Math.abs(t[k]);
    if (a > m && Number.isFinite(a)) m = a;
  }
  return m;
}

/**
 * A weight's colour on a template: the diagram's diverging scale, w / scale from −1
 * (orange) to 1 (blue); NaN (no input) the neutral middle.
 * @param {number} w
 * @param {number} scale
 */
export function templateColor(w, scale) {
  return diverging(Number.isFinite(w) ? 0.5 + (0.5 * w) / scale : NaN);
}

/**
 * A pixel's grey for a picture: 0 white to `ink` black (clamped), as RGB.
 * @param {number} v
 * @param {number} ink
 */
export function inkColor(v, ink) {
  const t = Number.isFinite(v) ? Math.min(1, Math.max(0, v / ink)) : 0;
  const g = 255 - 230 * t;
  return [g, g, g];
}

/**
 * Paints a width × height grid of colours into `ctx` at (x, y), each pixel `size` px.
 * @param {CanvasRenderingContext2D} ctx
 * @param {{width: number, height: number}} image
 * @param {(k: number) => number[]} colorOf  colour of pixel k (row by row)
 * @param {number} x
 * @param {number} y
 * @param {number} size
 */
export function paintGrid(ctx, image, colorOf, x, y, size) {
  for (let k = 0; k < image.width * image.height; k++) {
    const [r, g, b] = colorOf(k);
    ctx.fillStyle = `rgb(${Math.round(r)} ${Math.round(g)} ${Math.round(b)})`;
    ctx.fillRect(x + (k % image.width) * size, y + Math.floor(k / image.width) * size, size, size);
  }
}

/**
 * A small canvas showing a row's raw pixel texts as a picture (the data view's image cell).
 * @param {ImageLayout} image
 * @param {readonly string[]} raw  the row's pixel cells, row by row
 * @param {number} [size]  px per pixel
 * @returns {HTMLCanvasElement}
 */
export function rowPicture(image, raw, size = 3) {
  const canvas = document.createElement('canvas');
  canvas.width = image.width * size;
  canvas.height = image.height * size;
  canvas.className = 'row-picture';
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  paintGrid(ctx, image, (k) => inkColor(Number(raw[k]), image.ink), 0, 0, size);
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `the row as a ${image.width} × ${image.height} picture`);
  return canvas;
}
