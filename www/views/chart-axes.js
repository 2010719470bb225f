// @ts-check
// The loss chart's plot area, scales and axes: the box the plot takes, the vertical
// scale (log or linear) with its grid and labels, the horizontal axis's labels and
// title, the frame, and the note in an empty plot.

import { niceTicks, logTicks } from '../lib/scales.js';
import { formatValue, thousands } from '../lib/format.js';

/**
 * The chart's plot area and text size, in CSS pixels.
 * @typedef {{padL: number, padT: number, plotW: number, plotH: number, font: number}} Box
 */

/**
 * The vertical scale: its tick values and the position of a value.
 * @typedef {{ticks: number[], Y: (v: number) => number}} YScale
 */

/** The horizontal axis's title for each unit. */
export const AXIS_TITLES = Object.freeze({ epochs: 'epochs', updates: 'weight updates', seconds: 'seconds' });

export const LABEL_COLOR = '#66707a';

/** Pixels between a vertical-axis label and the plot, and left of the widest label. */
const LABEL_GAP = 4;

/**
 * The plot area of a `w` × `h` chart with text `scale` times the base size and `top`
 * pixels kept free above it (for the legend). The left margin holds the vertical axis's
 * labels: 44 px (times `scale`), more when the widest label (`labelWidth` px) needs it.
 * @param {number} w
 * @param {number} h
 * @param {number} scale
 * @param {number} [top]
 * @param {number} [labelWidth]
 * @returns {Box}
 */
export function chartBox(w, h, scale, top = 0, labelWidth = 0) {
  const font = Math.round(11 * scale);
  const padL = Math.max(Math.round(44 * scale), Math.ceil(labelWidth) + 2 * LABEL_GAP);
  const padT = 6 + top;
  const plotW = Math.max(10, w - padL - 8);
  const plotH = Math.max(10, h - padT - (font + 6));
  return { padL, padT, plotW, plotH, font };
}

/**
 * The width of the widest label of the vertical axis's ticks.
 * @param {number[]} ticks
 * @param {(text: string) => number} measure  the width of a text
 * @returns {number}
 */
export function yLabelWidth(ticks, measure) {
  return Math.max(0, ...ticks.map((t) => measure(formatValue(t))));
}

/**
 * The plot area and vertical scale of a chart of `values` (see chartBox and yScale), its
 * left margin as wide as the scale's widest label needs; `scale` null with no values.
 * @param {CanvasRenderingContext2D} ctx  measures the labels (its font is set here)
 * @param {number} w
 * @param {number} h
 * @param {number} textSize  the page's text scale
 * @param {number} top
 * @param {number[]} values
 * @param {boolean} log
 * @returns {{box: Box, scale: YScale | null}}
 */
export function fitPlot(ctx, w, h, textSize, top, values, log) {
  const box = chartBox(w, h, textSize, top);
  if (values.length === 0) return { box, scale: null };
  const scale = yScale(values, log, box); // depends on the height only, not on the margin
  ctx.font = `${box.font}px system-ui, sans-serif`;
  return { box: chartBox(w, h, textSize, top, yLabelWidth(scale.ticks, (t) => ctx.measureText(t).width)), scale };
}

/** The page's text size relative to its base (1 unless the large-text setting is on). */
export function textScale() {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) / 15 || 1;
}

/**
 * Which values can be drawn: finite ones, and on a log scale positive ones.
 * @param {boolean} log
 * @returns {(v: number) => boolean}
 */
export function usableFor(log) {
  return (v) => Number.isFinite(v) && (!log || v > 0);
}

/**
 * The plot's frame; leaves the font and the labels' colour set.
 * @param {CanvasRenderingContext2D} ctx
 * @param {Box} box
 */
export function drawFrame(ctx, { padL, padT, plotW, plotH, font }) {
  ctx.font = `${font}px system-ui, sans-serif`;
  ctx.strokeStyle = '#d5dade';
  ctx.lineWidth = 1;
  ctx.strokeRect(padL + 0.5, padT + 0.5, plotW, plotH);
  ctx.fillStyle = LABEL_COLOR;
}

/**
 * A note in the middle of an empty plot.
 * @param {CanvasRenderingContext2D} ctx
 * @param {Box} box
 * @param {string} text
 */
export function drawEmpty(ctx, { padL, padT, plotW, plotH }, text) {
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, padL + plotW / 2, padT + plotH / 2);
}

/**
 * The vertical scale for these values: log (a span of at least 0.3 decades), or
 * linear from min(0, smallest) to 5% over the largest.
 * @param {number[]} values  the values drawn (positive on a log scale)
 * @param {boolean} log
 * @param {Box} box
 * @returns {YScale}
 */
export function yScale(values, log, { padT, plotH, font }) {
  if (log) {
    const [lo, hi] = logRange(Math.log10(Math.min(...values)), Math.log10(Math.max(...values)));
    return { ticks: logTicks(lo, hi), Y: (v) => padT + (1 - (Math.log10(v) - lo) / (hi - lo)) * plotH };
  }
  const lo = Math.min(0, Math.min(...values));
  const top = Math.max(...values) * 1.05;
  const hi = top > lo ? top : lo + 1;
  const ticks = niceTicks(lo, hi, Math.max(2, Math.floor(plotH / (font * 2.2))));
  return { ticks, Y: (v) => padT + (1 - (v - lo) / (hi - lo)) * plotH };
}

/**
 * A log axis's range (log10 values) widened to at least 0.3 decades around its middle.
 * @param {number} lo
 * @param {number} hi
 * @returns {[number, number]}
 */
function logRange(lo, hi) {
  if (hi - lo >= 0.3) return [lo, hi];
  const mid = (hi + lo) / 2;
  return [mid - 0.15, mid + 0.15];
}

/**
 * Horizontal grid lines at the ticks, with labels that do not overlap.
 * @param {CanvasRenderingContext2D} ctx
 * @param {Box} box
 * @param {YScale} scale
 */
export function drawYAxis(ctx, { padL, padT, plotW, plotH, font }, { ticks, Y }) {
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  let lastLabelY = -Infinity;
  for (const t of [...ticks].reverse()) {
    const y = Y(t);
    if (y < padT - 1 || y > padT + plotH + 1) continue;
    ctx.strokeStyle = '#eef0f2';
    ctx.beginPath();
    ctx.moveTo(padL + 1, Math.round(y) + 0.5);
    ctx.lineTo(padL + plotW, Math.round(y) + 0.5);
    ctx.stroke();
    if (y - lastLabelY >= font + 2) {
      ctx.fillText(formatValue(t), padL - LABEL_GAP, Math.min(padT + plotH - font / 2, Math.max(padT + font / 2, y)));
      lastLabelY = y;
    }
  }
}

/**
 * Labels under the plot from `e0` to `e1` at round steps (whole numbers only when
 * `integer`), with the axis's `title` at the right end: the labels that would run into
 * it are left out.
 * @param {CanvasRenderingContext2D} ctx
 * @param {Box} box
 * @param {number} e0
 * @param {number} e1
 * @param {(e: number) => number} X
 * @param {{integer?: boolean, title?: string, log?: boolean}} [options]  log: a log
 *   axis (e0 > 0), labelled at powers of ten (and 2, 5 or 3 times them when few decades)
 */
export function drawXAxis(ctx, { padL, padT, plotW, plotH, font }, e0, e1, X, { integer = true, title = '', log = false } = {}) {
  ctx.textBaseline = 'top';
  const y = padT + plotH + 3;
  let room = Infinity;
  if (title) {
    ctx.textAlign = 'right';
    ctx.fillText(title, padL + plotW, y);
    room = padL + plotW - ctx.measureText(title).width - font;
  }
  const ticks = log ? logTicks(Math.log10(e0), Math.log10(e1)) : niceTicks(e0, e1, Math.max(2, Math.floor(plotW / (font * 7))));
  const xTicks = ticks.filter((e) => !integer || Number.isInteger(e));
  let lastEnd = -Infinity;
  for (const e of xTicks) {
    const x = X(e);
    const align = x < padL + 10 ? 'left' : x > padL + plotW - 20 ? 'right' : 'center';
    const text = thousands(e);
    const width = ctx.measureText(text).width;
    const end = align === 'left' ? x + width : align === 'center' ? x + width / 2 : x;
    if (end > room || end - width < lastEnd + font / 2) continue; // into the title, or the last label
    lastEnd = end;
    ctx.textAlign = align;
    ctx.fillText(text, x, y);
  }
  ctx.textAlign = 'left';
}
