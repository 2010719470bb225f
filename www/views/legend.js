// @ts-check
// The legend under the output plane: a colour bar from lo to hi, or one swatch per class.

import { diverging, classColor, css, soften, LOW, HIGH } from '../lib/colors.js';
import { fitCanvas } from '../lib/canvas.js';

/** @typedef {import('../lib/scales.js').ColorMode} ColorMode */

const TEXT_COLOR = '#3c4650';

/**
 * A colour bar (or class swatches) explaining the heatmap.
 * @param {HTMLCanvasElement} canvas
 * @param {ColorMode} mode
 * @param {number} classes  swatches to draw when `mode.kind` is 'classes'
 * @returns {void}
 */
export function drawLegend(canvas, mode, classes) {
  const { ctx, w, h } = fitCanvas(canvas);
  ctx.clearRect(0, 0, w, h);
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = TEXT_COLOR;
  if (mode.kind === 'classes') drawSwatches(ctx, h, classes);
  else drawBar(ctx, w, h, mode);
}

/**
 * One labelled swatch per class, left to right.
 * @param {CanvasRenderingContext2D} ctx
 * @param {number} h
 * @param {number} classes
 */
function drawSwatches(ctx, h, classes) {
  let x = 0;
  for (let k = 0; k < classes; k++) {
    ctx.fillStyle = css(classColor(k));
    ctx.fillRect(x, h / 2 - 6, 12, 12);
    ctx.strokeStyle = 'rgb(20 24 28 / 0.6)';
    ctx.strokeRect(x + 0.5, h / 2 - 5.5, 11, 11);
    ctx.fillStyle = TEXT_COLOR;
    const label = `class ${k}`;
    ctx.fillText(label, x + 16, h / 2);
    x += 22 + ctx.measureText(label).width + 10;
  }
}

/**
 * The diverging scale as the heatmap shows it, between its lo and hi labels.
 * @param {CanvasRenderingContext2D} ctx
 * @param {number} w
 * @param {number} h
 * @param {{lo: number, hi: number}} mode
 */
function drawBar(ctx, w, h, mode) {
  const loLabel = String(mode.lo);
  const hiLabel = String(mode.hi);
  const left = ctx.measureText(loLabel).width + 8;
  const right = ctx.measureText(hiLabel).width + 8;
  const barW = Math.max(20, w - left - right);
  const gradient = ctx.createLinearGradient(left, 0, left + barW, 0);
  gradient.addColorStop(0, css(soften(LOW)));
  gradient.addColorStop(0.5, css(soften(diverging(0.5))));
  gradient.addColorStop(1, css(soften(HIGH)));
  ctx.fillStyle = gradient;
  ctx.fillRect(left, h / 2 - 5, barW, 10);
  ctx.fillStyle = TEXT_COLOR;
  ctx.textAlign = 'left';
  ctx.fillText(loLabel, 0, h / 2);
  ctx.textAlign = 'right';
  ctx.fillText(hiLabel, w, h / 2);
  ctx.textAlign = 'left';
}
