// @ts-check
// The links of the network diagram: each coloured by its weight's sign and as thick as
// its size, on the curve of diagram-layout.js, batched into a few strokes.

import { css, LOW, HIGH } from '../lib/colors.js';
import { forEachLink } from '../lib/weights.js';

/** @typedef {import('./diagram-layout.js').Layout} Layout */

/** Strength levels of the diagram's links (width and opacity steps per sign). */
const LINK_LEVELS = 12;

/**
 * The stroke a link of weight `v` belongs to: -1 for NaN or infinite (diverged), else
 * 2 × strength level + 1 if positive (levels of the saturating size |v| / (|v| + 1)).
 * @param {number} v
 * @returns {number}
 */
function linkKey(v) {
  if (!Number.isFinite(v)) return -1;
  const level = Math.round((Math.abs(v) / (Math.abs(v) + 1)) * LINK_LEVELS);
  return 2 * level + (v >= 0 ? 1 : 0);
}

/**
 * Sets the stroke of the links of one key (see linkKey).
 * @param {CanvasRenderingContext2D} ctx
 * @param {number} key
 */
function linkStyle(ctx, key) {
  if (key < 0) {
    ctx.strokeStyle = 'rgb(120 128 136 / 0.6)';
    ctx.lineWidth = 1;
    return;
  }
  const size = Math.floor(key / 2) / LINK_LEVELS;
  ctx.strokeStyle = css(key % 2 ? HIGH : LOW, 0.25 + 0.75 * size);
  ctx.lineWidth = 0.5 + 4.5 * size;
}

/**
 * Links, one path per sign and strength level (a few strokes instead of one per
 * link), weakest level first so strong links are drawn on top.
 * @param {CanvasRenderingContext2D} ctx
 * @param {Layout} layout
 */
export function drawLinks(ctx, { shape, pos, node, weights }) {
  if (!weights) return;
  /** @type {Map<number, Path2D>} */
  const paths = new Map();
  forEachLink(shape, weights, (l, i, j, v) => {
    const key = linkKey(v);
    let path = paths.get(key);
    if (!path) paths.set(key, (path = new Path2D()));
    const [x0, y0] = pos[l - 1][i];
    const [x1, y1] = pos[l][j];
    path.moveTo(x0 + node / 2, y0);
    path.bezierCurveTo((x0 + x1) / 2, y0, (x0 + x1) / 2, y1, x1 - node / 2, y1);
  });
  for (const [key, path] of [...paths].sort((a, b) => a[0] - b[0])) {
    linkStyle(ctx, key);
    ctx.stroke(path);
  }
}

