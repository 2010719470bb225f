// @ts-check
// The loss chart's curves and hover guide: training (solid) and test (dashed) loss of
// one history or of several runs, clipped to the plot, and the vertical guide with a
// dot on each curve at the point under the mouse.

import { css, HIGH } from '../lib/colors.js';
import { xValue } from './chart-series.js';

/** @typedef {import('./chart-series.js').LossPoint} LossPoint */
/** @typedef {import('./chart-series.js').RunPoint} RunPoint */
/** @typedef {import('./chart-series.js').Run} Run */
/** @typedef {import('./chart-series.js').Axis} Axis */
/** @typedef {import('./chart-series.js').ReadoutEntry} ReadoutEntry */
/** @typedef {import('./chart-axes.js').Box} Box */

const TRAIN_COLOR = '#1f2933';
const TEST_COLOR = css(HIGH);
const TEST_DASH = [5, 3];
/** @type {Array<[('train' | 'test'), string, number[]]>} the curves: key, colour, dash (test drawn first) */
const SERIES = [
  ['test', TEST_COLOR, TEST_DASH],
  ['train', TRAIN_COLOR, []],
];

/**
 * One loss curve, broken where a value cannot be drawn; points without an x (`xOf`
 * undefined) are passed over.
 * @template {RunPoint | LossPoint} P
 * @param {CanvasRenderingContext2D} ctx
 * @param {P[]} history
 * @param {'train' | 'test'} key
 * @param {(v: number) => boolean} usable
 * @param {(e: number) => number} X
 * @param {(v: number) => number} Y
 * @param {(p: P) => number | undefined} [xOf]  default: the epoch
 */
function drawSeries(ctx, history, key, usable, X, Y, xOf = (p) => p.epoch) {
  ctx.beginPath();
  let pen = false;
  for (const p of history) {
    const v = p[key];
    if (!usable(v)) {
      pen = false;
      continue;
    }
    const px = xOf(p);
    if (px === undefined) continue;
    const x = X(px);
    const y = Y(v);
    if (pen) ctx.lineTo(x, y);
    else ctx.moveTo(x, y);
    pen = true;
  }
  ctx.stroke();
}

/**
 * Clips drawing to the plot area (until ctx.restore()).
 * @param {CanvasRenderingContext2D} ctx
 * @param {Box} box
 */
function clipToPlot(ctx, { padL, padT, plotW, plotH }) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(padL, padT, plotW, plotH);
  ctx.clip();
}

/**
 * Both curves, clipped to the plot: test (dashed) under training (solid).
 * @param {CanvasRenderingContext2D} ctx
 * @param {Box} box
 * @param {LossPoint[]} history
 * @param {(v: number) => boolean} usable
 * @param {(e: number) => number} X
 * @param {(v: number) => number} Y
 */
export function drawCurves(ctx, box, history, usable, X, Y) {
  clipToPlot(ctx, box);
  ctx.lineWidth = 1.8;
  for (const [key, color, dash] of SERIES) {
    ctx.strokeStyle = color;
    ctx.setLineDash(dash);
    drawSeries(ctx, history, key, usable, X, Y);
    ctx.setLineDash([]);
  }
  ctx.restore();
}

/**
 * Every run's two curves in its colour, clipped to the plot: all test curves (dashed)
 * under all training curves (solid).
 * @param {CanvasRenderingContext2D} ctx
 * @param {Box} box
 * @param {Run[]} series
 * @param {Axis} axis
 * @param {(v: number) => boolean} usable
 * @param {(e: number) => number} X
 * @param {(v: number) => number} Y
 */
export function drawRunCurves(ctx, box, series, axis, usable, X, Y) {
  clipToPlot(ctx, box);
  ctx.lineWidth = 1.6;
  /** @type {(p: RunPoint) => number | undefined} */
  const xOf = (p) => xValue(p, axis);
  for (const [key, dash] of /** @type {Array<['train' | 'test', number[]]>} */ ([['test', TEST_DASH], ['train', []]])) {
    ctx.setLineDash(dash);
    for (const run of series) {
      ctx.strokeStyle = css(run.color);
      drawSeries(ctx, run.history, key, usable, X, Y, xOf);
    }
  }
  ctx.setLineDash([]);
  ctx.restore();
}

/**
 * The point of the history nearest to epoch `epoch` (the first of equals).
 * @param {LossPoint[]} history
 * @param {number} epoch
 * @returns {LossPoint}
 */
function nearestPoint(history, epoch) {
  let best = history[0];
  for (const p of history) if (Math.abs(p.epoch - epoch) < Math.abs(best.epoch - epoch)) best = p;
  return best;
}

/**
 * A vertical guide line at `x` (CSS px) across the plot.
 * @param {CanvasRenderingContext2D} ctx
 * @param {Box} box
 * @param {number} x
 */
function drawGuideLine(ctx, { padT, plotH }, x) {
  ctx.strokeStyle = 'rgb(31 41 51 / 0.5)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(Math.round(x) + 0.5, padT);
  ctx.lineTo(Math.round(x) + 0.5, padT + plotH);
  ctx.stroke();
}

/**
 * A dot of `color` at (x, y).
 * @param {CanvasRenderingContext2D} ctx
 * @param {string} color
 * @param {number} x
 * @param {number} y
 */
function drawDot(ctx, color, x, y) {
  ctx.fillStyle = color;
  ctx.beginPath();
  ctx.arc(x, y, 3.5, 0, 2 * Math.PI);
  ctx.fill();
}

/**
 * The vertical guide at point `p` with a dot on each curve.
 * @param {CanvasRenderingContext2D} ctx
 * @param {Box} box
 * @param {LossPoint} p
 * @param {(v: number) => boolean} usable
 * @param {(e: number) => number} X
 * @param {(v: number) => number} Y
 */
export function drawGuide(ctx, box, p, usable, X, Y) {
  const x = X(p.epoch);
  drawGuideLine(ctx, box, x);
  for (const [key, color] of [...SERIES].reverse()) {
    if (usable(p[key])) drawDot(ctx, color, x, Y(p[key]));
  }
}

/**
 * The vertical guide at `x` with a dot on each run's curves at its point there.
 * @param {CanvasRenderingContext2D} ctx
 * @param {Box} box
 * @param {number} x  on the axis
 * @param {ReadoutEntry[]} entries
 * @param {Axis} axis
 * @param {(v: number) => boolean} usable
 * @param {(e: number) => number} X
 * @param {(v: number) => number} Y
 */
export function drawRunsGuide(ctx, box, x, entries, axis, usable, X, Y) {
  drawGuideLine(ctx, box, X(x));
  for (const { color, point } of entries) {
    if (!point) continue;
    const px = X(xValue(point, axis));
    for (const key of /** @type {const} */ (['test', 'train'])) {
      if (usable(point[key])) drawDot(ctx, css(color), px, Y(point[key]));
    }
  }
}
