// @ts-check
// The loss chart: training (solid) and test (dashed) loss over epochs with labelled
// axes, on a log or linear scale, the latest values in a readout beside it, and under
// the mouse a vertical guide with the values at that epoch. The numbers are the core's
// losses as the page received them; this only places them.

import { css, HIGH } from '../lib/colors.js';
import { fitCanvas } from '../lib/canvas.js';
import { niceTicks, logTicks } from '../lib/scales.js';
import { formatValue, thousands } from '../lib/format.js';

/**
 * One point of the loss history.
 * @typedef {{epoch: number, train: number, test: number}} LossPoint
 */

/**
 * The chart's plot area and text size, in CSS pixels.
 * @typedef {{padL: number, padT: number, plotW: number, plotH: number, font: number}} Box
 */

/**
 * The vertical scale: its tick values and the position of a value.
 * @typedef {{ticks: number[], Y: (v: number) => number}} YScale
 */

const TRAIN_COLOR = '#1f2933';
const TEST_COLOR = css(HIGH);
/** @type {Array<[('train' | 'test'), string, number[]]>} the curves: key, colour, dash (test drawn first) */
const SERIES = [
  ['test', TEST_COLOR, [5, 3]],
  ['train', TRAIN_COLOR, []],
];

/**
 * The plot area of a `w` × `h` chart with text `scale` times the base size.
 * @param {number} w
 * @param {number} h
 * @param {number} scale
 * @returns {Box}
 */
function chartBox(w, h, scale) {
  const font = Math.round(11 * scale);
  const padL = Math.round(44 * scale);
  const padT = 6;
  const plotW = Math.max(10, w - padL - 8);
  const plotH = Math.max(10, h - padT - (font + 6));
  return { padL, padT, plotW, plotH, font };
}

/**
 * The vertical scale for these values: log (a span of at least 0.3 decades), or
 * linear from min(0, smallest) to 5% over the largest.
 * @param {number[]} values  the values drawn (positive on a log scale)
 * @param {boolean} log
 * @param {Box} box
 * @returns {YScale}
 */
function yScale(values, log, { padT, plotH, font }) {
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
function drawYAxis(ctx, { padL, padT, plotW, plotH, font }, { ticks, Y }) {
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
      ctx.fillText(formatValue(t), padL - 4, Math.min(padT + plotH - font / 2, Math.max(padT + font / 2, y)));
      lastLabelY = y;
    }
  }
}

/**
 * Whole-epoch labels under the plot from `e0` to `e1`.
 * @param {CanvasRenderingContext2D} ctx
 * @param {Box} box
 * @param {number} e0
 * @param {number} e1
 * @param {(e: number) => number} X
 */
function drawXAxis(ctx, { padL, padT, plotW, plotH, font }, e0, e1, X) {
  ctx.textBaseline = 'top';
  const xTicks = niceTicks(e0, e1, Math.max(2, Math.floor(plotW / (font * 7)))).filter((e) => Number.isInteger(e));
  for (const e of xTicks) {
    const x = X(e);
    ctx.textAlign = x < padL + 10 ? 'left' : x > padL + plotW - 20 ? 'right' : 'center';
    ctx.fillText(thousands(e), x, padT + plotH + 3);
  }
  ctx.textAlign = 'left';
}

/**
 * One loss curve, broken where a value cannot be drawn.
 * @param {CanvasRenderingContext2D} ctx
 * @param {LossPoint[]} history
 * @param {'train' | 'test'} key
 * @param {(v: number) => boolean} usable
 * @param {(e: number) => number} X
 * @param {(v: number) => number} Y
 */
function drawSeries(ctx, history, key, usable, X, Y) {
  ctx.beginPath();
  let pen = false;
  for (const p of history) {
    const v = p[key];
    if (!usable(v)) {
      pen = false;
      continue;
    }
    const x = X(p.epoch);
    const y = Y(v);
    if (pen) ctx.lineTo(x, y);
    else ctx.moveTo(x, y);
    pen = true;
  }
  ctx.stroke();
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
function drawCurves(ctx, { padL, padT, plotW, plotH }, history, usable, X, Y) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(padL, padT, plotW, plotH);
  ctx.clip();
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
 * The vertical guide at point `p` with a dot on each curve.
 * @param {CanvasRenderingContext2D} ctx
 * @param {Box} box
 * @param {LossPoint} p
 * @param {(v: number) => boolean} usable
 * @param {(e: number) => number} X
 * @param {(v: number) => number} Y
 */
function drawGuide(ctx, { padT, plotH }, p, usable, X, Y) {
  const x = X(p.epoch);
  ctx.strokeStyle = 'rgb(31 41 51 / 0.5)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(Math.round(x) + 0.5, padT);
  ctx.lineTo(Math.round(x) + 0.5, padT + plotH);
  ctx.stroke();
  for (const [key, color] of [...SERIES].reverse()) {
    if (!usable(p[key])) continue;
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.arc(x, Y(p[key]), 3.5, 0, 2 * Math.PI);
    ctx.fill();
  }
}

/**
 * Writes the values at one point of the history into the readout element:
 * `[at ]epoch 1,234: training 0.123 test 0.456` (the values in `span.key.train` and
 * `span.key.test`), with `data-hover` "true" while it shows the point under the mouse.
 * Unchanged text is not rewritten.
 * @param {HTMLElement | null} readout
 * @param {LossPoint | undefined} p  undefined: empty
 * @param {boolean} hovered
 * @returns {void}
 */
export function showReadout(readout, p, hovered) {
  if (!readout) return;
  if (!p) {
    readout.textContent = '';
    return;
  }
  const head = `${hovered ? 'at ' : ''}epoch ${thousands(p.epoch)}:`;
  const key = `${head}|${p.train}|${p.test}`;
  if (readout.dataset.key === key) return;
  readout.dataset.key = key;
  readout.dataset.hover = hovered ? 'true' : 'false';
  /** @type {(cls: string, label: string, v: number) => HTMLSpanElement} */
  const item = (cls, label, v) => {
    const span = document.createElement('span');
    span.className = `key ${cls}`;
    span.textContent = `${label} ${formatValue(v)}`;
    return span;
  };
  readout.replaceChildren(
    document.createTextNode(`${head} `),
    item('train', 'training', p.train),
    document.createTextNode(' '),
    item('test', 'test', p.test),
  );
}

export class LossChart {
  /**
   * @param {HTMLCanvasElement} canvas  the chart; the mouse over it shows the values at an epoch
   * @param {HTMLElement | null} [readout]  where the latest (or hovered) values are written
   * @param {{log?: boolean}} [options]  log: a log-scale vertical axis (the default)
   */
  constructor(canvas, readout = null, { log = true } = {}) {
    this.canvas = canvas;
    this.readout = readout;
    this.log = log;
    /** @type {LossPoint[]} */
    this.history = [];
    /** @type {number | null} the mouse's x in CSS pixels, null when not over the chart */
    this.hoverX = null;
    canvas.addEventListener('pointermove', (event) => {
      this.hoverX = event.offsetX;
      this.draw(this.history);
    });
    canvas.addEventListener('pointerleave', () => {
      this.hoverX = null;
      this.draw(this.history);
    });
  }

  /**
   * Draws the history (kept for redrawing under the mouse) and updates the readout.
   * @param {LossPoint[]} history  in order of epoch
   * @param {boolean} [log]  a log-scale vertical axis; kept for later draws (default: as before)
   * @returns {void}
   */
  draw(history, log = this.log) {
    this.history = history;
    this.log = log;
    const { ctx, w, h } = fitCanvas(this.canvas);
    ctx.clearRect(0, 0, w, h);
    const box = chartBox(w, h, parseFloat(getComputedStyle(document.documentElement).fontSize) / 15 || 1);
    ctx.font = `${box.font}px system-ui, sans-serif`;
    ctx.strokeStyle = '#d5dade';
    ctx.lineWidth = 1;
    ctx.strokeRect(box.padL + 0.5, box.padT + 0.5, box.plotW, box.plotH);
    ctx.fillStyle = '#66707a';
    /** @type {(v: number) => boolean} */
    const usable = (v) => Number.isFinite(v) && (!log || v > 0);
    const values = history.flatMap((p) => [p.train, p.test].filter(usable));
    const last = history[history.length - 1];
    showReadout(this.readout, last, false);
    if (history.length < 2 || values.length === 0) {
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText('loss over epochs appears here while training', box.padL + box.plotW / 2, box.padT + box.plotH / 2);
      return;
    }
    this.drawPlot(ctx, box, history, values, usable);
  }

  /**
   * Axes, curves and the hover guide of a history with something to draw.
   * @param {CanvasRenderingContext2D} ctx
   * @param {Box} box
   * @param {LossPoint[]} history
   * @param {number[]} values
   * @param {(v: number) => boolean} usable
   */
  drawPlot(ctx, box, history, values, usable) {
    const { padL, plotW } = box;
    const scale = yScale(values, this.log, box);
    const e0 = history[0].epoch;
    const e1 = Math.max(e0 + 1, history[history.length - 1].epoch);
    /** @param {number} e */
    const X = (e) => padL + ((e - e0) / (e1 - e0)) * plotW;
    drawYAxis(ctx, box, scale);
    drawXAxis(ctx, box, e0, e1, X);
    drawCurves(ctx, box, history, usable, X, scale.Y);
    if (this.hoverX === null || this.hoverX < padL || this.hoverX > padL + plotW) return;
    const best = nearestPoint(history, e0 + ((this.hoverX - padL) / plotW) * (e1 - e0));
    drawGuide(ctx, box, best, usable, X, scale.Y);
    showReadout(this.readout, best, true);
  }
}
