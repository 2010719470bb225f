// @ts-check
// Predicted against actual for a table run with numeric targets, in the target's own
// units: training points as filled discs, test points as hollow squares (told apart by
// shape, not colour alone), the line y = x, and R² and RMSE in units. The geometry is
// pure (`scatterGeometry`, `fitSummary`); `drawPredictedActual` paints a canvas.

import { fitCanvas } from '../lib/canvas.js';
import { niceTicks } from '../lib/scales.js';
import { formatValue, formatTick } from '../lib/format.js';

/**
 * One split's predictions as the core writes them (`Playground.resultsJson`).
 * @typedef {object} Predictions
 * @property {number[]} rows
 * @property {number[][]} predicted  `predicted[output][i]`
 * @property {number[][]} actual     `actual[output][i]`
 * @property {{name: string, rmse: number, r_squared: number}[]} fits
 */

const MARGIN = { left: 46, right: 10, top: 10, bottom: 34 };

/**
 * The square domain both axes share (so y = x is the diagonal), padded by 5 %, and a
 * map from a (actual, predicted) pair to canvas pixels.
 * @param {Predictions[]} splits
 * @param {number} output
 * @param {number} w
 * @param {number} hgt
 */
export function scatterGeometry(splits, output, w, hgt) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of splits) {
    for (const v of [...(s.predicted[output] ?? []), ...(s.actual[output] ?? [])]) {
      if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    }
  }
  if (!(hi > lo)) { lo = (Number.isFinite(lo) ? lo : 0) - 1; hi = lo + 2; }
  const pad = 0.05 * (hi - lo);
  lo -= pad;
  hi += pad;
  const pw = Math.max(1, w - MARGIN.left - MARGIN.right);
  const ph = Math.max(1, hgt - MARGIN.top - MARGIN.bottom);
  /** @param {number} actual @param {number} predicted */
  const toPixel = (actual, predicted) => ({
    x: MARGIN.left + ((actual - lo) / (hi - lo)) * pw,
    y: MARGIN.top + (1 - (predicted - lo) / (hi - lo)) * ph,
  });
  return { lo, hi, toPixel };
}

/**
 * The readout under the chart: "training R² 0.987, RMSE 2.03 · test R² …" (units in
 * the name's parentheses, as the core names columns).
 * @param {Predictions} train
 * @param {Predictions} test
 * @param {number} output
 * @returns {string}
 */
export function fitSummary(train, test, output) {
  /** @param {string} name @param {Predictions} s */
  const one = (name, s) => {
    const f = s.fits[output];
    return f ? `${name} R² ${formatValue(f.r_squared)}, RMSE ${formatValue(f.rmse)}` : `${name}: no rows`;
  };
  return `${one('training', train)} · ${one('test', test)}`;
}

/**
 * Paints predicted against actual for output `output`.
 * @param {HTMLCanvasElement} canvas
 * @param {{names: string[], train: Predictions, test: Predictions}} results
 * @param {number} [output]
 */
export function drawPredictedActual(canvas, results, output = 0) {
  const { ctx, w, h } = fitCanvas(canvas);
  const { lo, hi, toPixel } = scatterGeometry([results.train, results.test], output, w, h);
  ctx.clearRect(0, 0, w, h);
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = '#3c4650';
  ctx.strokeStyle = 'rgb(60 70 80 / 0.25)';
  for (const t of niceTicks(lo, hi, 5)) {
    const { x, y } = toPixel(t, t);
    ctx.textAlign = 'center';
    ctx.fillText(formatTick(t), x, h - MARGIN.bottom + 14);
    ctx.textAlign = 'right';
    ctx.fillText(formatTick(t), MARGIN.left - 4, y + 4);
  }
  ctx.textAlign = 'center';
  ctx.fillText(`actual ${results.names[output] ?? ''}`, (MARGIN.left + w) / 2, h - 4);
  const a = toPixel(lo, lo);
  const b = toPixel(hi, hi);
  ctx.strokeStyle = '#3c4650';
  ctx.setLineDash([4, 3]);
  ctx.beginPath();
  ctx.moveTo(a.x, a.y);
  ctx.lineTo(b.x, b.y);
  ctx.stroke();
  ctx.setLineDash([]);
  drawSplit(ctx, results.train, output, toPixel, 'disc');
  drawSplit(ctx, results.test, output, toPixel, 'square');
}

/**
 * @param {CanvasRenderingContext2D} ctx
 * @param {Predictions} s
 * @param {number} output
 * @param {(a: number, p: number) => {x: number, y: number}} toPixel
 * @param {'disc'|'square'} mark
 */
function drawSplit(ctx, s, output, toPixel, mark) {
  const predicted = s.predicted[output] ?? [];
  const actual = s.actual[output] ?? [];
  ctx.fillStyle = 'rgb(8 119 189 / 0.6)';
  ctx.strokeStyle = 'rgb(232 113 10)';
  ctx.lineWidth = 1.5;
  for (let i = 0; i < predicted.length; i++) {
    const { x, y } = toPixel(actual[i], predicted[i]);
    if (mark === 'disc') {
      ctx.beginPath();
      ctx.arc(x, y, 2.5, 0, 2 * Math.PI);
      ctx.fill();
    } else {
      ctx.strokeRect(x - 3, y - 3, 6, 6);
    }
  }
  ctx.lineWidth = 1;
}
