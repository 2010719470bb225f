// @ts-check
// The loss chart: training (solid) and test (dashed) loss with labelled axes, on a log
// or linear scale, the latest values in a readout beside it, and under the mouse a
// vertical guide with the values there. draw() shows the current run's history over
// epochs (training dark, test blue); drawRuns() shows several runs compared side by
// side, each in its own colour, over epochs, weight updates or seconds, with a legend
// of the runs above the plot. The numbers are the core's losses as the page received
// them; this only places them.

import { css, HIGH } from '../lib/colors.js';
import { fitCanvas } from '../lib/canvas.js';
import { niceTicks, logTicks } from '../lib/scales.js';
import { formatValue, thousands } from '../lib/format.js';

/** @typedef {import('../lib/colors.js').RGB} RGB */

/**
 * One point of the loss history.
 * @typedef {{epoch: number, train: number, test: number}} LossPoint
 */

/**
 * One point of a compared run's history: `updates` (weight updates so far) and
 * `seconds` (training time so far) may be missing in older histories.
 * @typedef {{epoch: number, updates?: number, seconds?: number, train: number, test: number}} RunPoint
 */

/**
 * One run of the comparison: its name ('A'), the legend's label ('A: loss = SSE'), its
 * colour and its history in order of time.
 * @typedef {{name: string, label: string, color: RGB, history: RunPoint[]}} Run
 */

/** @typedef {'epochs' | 'updates' | 'seconds'} Axis  the unit of the horizontal axis */

/**
 * A run's values at one x for the readout; `point` undefined: the run has none there.
 * @typedef {{name: string, color?: RGB, point: RunPoint | LossPoint | undefined}} ReadoutEntry
 */

/**
 * A piece of the readout's text; `color`: a run's name, marked with its colour.
 * @typedef {{text: string, color?: RGB}} Segment
 */

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

const TRAIN_COLOR = '#1f2933';
const TEST_COLOR = css(HIGH);
const LABEL_COLOR = '#66707a';
const TEST_DASH = [5, 3];
/** @type {Array<[('train' | 'test'), string, number[]]>} the curves: key, colour, dash (test drawn first) */
const SERIES = [
  ['test', TEST_COLOR, TEST_DASH],
  ['train', TRAIN_COLOR, []],
];
/** How near (CSS px) the mouse must be to a run's span of x for the readout to show it. */
const HOVER_SLACK = 4;

// ---- pure helpers (no DOM) --------------------------------------------------------------

/**
 * The x value of a point on an axis; undefined when the point has none (an older
 * history without `updates` or `seconds`) or it is not finite.
 * @param {RunPoint | LossPoint} p
 * @param {Axis} axis
 * @returns {number | undefined}
 */
export function xValue(p, axis) {
  const v = axis === 'updates' ? /** @type {RunPoint} */ (p).updates : axis === 'seconds' ? /** @type {RunPoint} */ (p).seconds : p.epoch;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * The smallest and largest x of a history's points on an axis; null when none has one.
 * @param {Array<RunPoint | LossPoint>} history
 * @param {Axis} axis
 * @returns {[number, number] | null}
 */
export function xExtent(history, axis) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of history) {
    const x = xValue(p, axis);
    if (x === undefined) continue;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return lo <= hi ? [lo, hi] : null;
}

/**
 * The horizontal axis's range over several runs: from the smallest x of any run to the
 * largest (at least 1 wide); null when no point has an x on this axis.
 * @param {Array<{history: Array<RunPoint | LossPoint>}>} series
 * @param {Axis} axis
 * @returns {[number, number] | null}
 */
export function xRange(series, axis) {
  const extents = series.map((run) => xExtent(run.history, axis)).filter((e) => e !== null);
  if (extents.length === 0) return null;
  const lo = Math.min(...extents.map((e) => e[0]));
  const hi = Math.max(...extents.map((e) => e[1]));
  return [lo, hi > lo ? hi : lo + 1];
}

/**
 * The point of a history nearest to `x` on an axis (the first of equals), among the
 * points that have an x there; undefined when none has.
 * @template {RunPoint | LossPoint} P
 * @param {P[]} history
 * @param {Axis} axis
 * @param {number} x
 * @returns {P | undefined}
 */
export function nearestByX(history, axis, x) {
  /** @type {P | undefined} */
  let best;
  let bestDistance = Infinity;
  for (const p of history) {
    const px = xValue(p, axis);
    if (px === undefined) continue;
    const d = Math.abs(px - x);
    if (d < bestDistance) {
      best = p;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * An x on an axis as the readout writes it: `epoch 1,234`, `1,234 updates`, `12.3 s`.
 * @param {Axis} axis
 * @param {number} x
 * @returns {string}
 */
export function formatX(axis, x) {
  if (axis === 'epochs') return `epoch ${thousands(x)}`;
  if (axis === 'updates') return `${thousands(x)} update${x === 1 ? '' : 's'}`;
  const a = Math.abs(x);
  return `${thousands(Number(x.toFixed(a < 10 ? 2 : a < 100 ? 1 : 0)))} s`;
}

/**
 * Each run's latest point with an x on the axis, and that x when all of them share it
 * (undefined otherwise, or when no run has a point).
 * @param {Run[]} series
 * @param {Axis} axis
 * @returns {{x: number | undefined, entries: ReadoutEntry[]}}
 */
export function latestEntries(series, axis) {
  const entries = series.map((run) => ({
    name: run.name,
    color: run.color,
    point: run.history.findLast((p) => xValue(p, axis) !== undefined),
  }));
  const xs = new Set(entries.filter((e) => e.point).map((e) => xValue(e.point, axis)));
  return { x: xs.size === 1 ? [...xs][0] : undefined, entries };
}

/**
 * The runs' values near `at` on an axis: `x` is the x of the point of any run nearest
 * to `at`, and each run gives its point nearest to `x`, or none when `x` lies more than
 * `slack` outside the run's span (a run that stopped earlier, or started later).
 * @param {Run[]} series
 * @param {Axis} axis
 * @param {number} at
 * @param {number} slack  in units of the axis
 * @returns {{x: number | undefined, entries: ReadoutEntry[]}}
 */
export function entriesAt(series, axis, at, slack) {
  const nearest = series.map((run) => nearestByX(run.history, axis, at)).filter((p) => p !== undefined);
  const x = nearestByX(nearest, axis, at);
  const snapped = x === undefined ? undefined : xValue(x, axis);
  const entries = series.map((run) => {
    const extent = xExtent(run.history, axis);
    const inside = snapped !== undefined && extent && snapped >= extent[0] - slack && snapped <= extent[1] + slack;
    return { name: run.name, color: run.color, point: inside ? nearestByX(run.history, axis, snapped) : undefined };
  });
  return { x: snapped, entries };
}

/**
 * The readout of several runs as pieces of text: `[at ]1,234 updates: A training 0.12
 * test 0.13 · B training …` (`latest:` for the head when the runs' latest points differ
 * in x; `A –` for a run with no point there). Each run's name is its own piece, with
 * the run's colour.
 * @param {Axis} axis
 * @param {number | undefined} x
 * @param {ReadoutEntry[]} entries
 * @param {boolean} hovered
 * @returns {Segment[]}
 */
export function readoutSegments(axis, x, entries, hovered) {
  const head = x === undefined ? 'latest:' : `${hovered ? 'at ' : ''}${formatX(axis, x)}:`;
  /** @type {Segment[]} */
  const segments = [{ text: `${head} ` }];
  entries.forEach(({ name, color, point }, i) => {
    if (i > 0) segments.push({ text: ' · ' });
    segments.push(color ? { text: name, color } : { text: name });
    segments.push({ text: point ? ` training ${formatValue(point.train)} test ${formatValue(point.test)}` : ' –' });
  });
  return segments;
}

/**
 * The readout's text of several runs (see readoutSegments).
 * @param {Axis} axis
 * @param {number | undefined} x
 * @param {ReadoutEntry[]} entries
 * @param {boolean} hovered
 * @returns {string}
 */
export function readoutText(axis, x, entries, hovered) {
  return readoutSegments(axis, x, entries, hovered)
    .map((s) => s.text)
    .join('');
}

/**
 * `text`, cut short with an ellipsis when wider than `maxW`.
 * @param {string} text
 * @param {(text: string) => number} measure  the width of a text
 * @param {number} maxW
 * @returns {string}
 */
export function fitText(text, measure, maxW) {
  if (measure(text) <= maxW) return text;
  let n = text.length - 1;
  while (n > 0 && measure(`${text.slice(0, n)}…`) > maxW) n--;
  return `${text.slice(0, n)}…`;
}

/**
 * Where the legend's items go, left to right in rows `maxW` wide: each item is a line
 * sample `lead` wide then its text (cut short to fit a row), `gap` apart.
 * @param {string[]} texts
 * @param {(text: string) => number} measure  the width of a text
 * @param {number} maxW
 * @param {number} lead
 * @param {number} gap
 * @returns {Array<{text: string, x: number, row: number}>}  x from the left end of the row
 */
export function legendLayout(texts, measure, maxW, lead, gap) {
  /** @type {Array<{text: string, x: number, row: number}>} */
  const slots = [];
  let x = 0;
  let row = 0;
  for (const full of texts) {
    const text = fitText(full, measure, Math.max(0, maxW - lead));
    const width = lead + measure(text);
    if (x > 0 && x + width > maxW) {
      row += 1;
      x = 0;
    }
    slots.push({ text, x, row });
    x += width + gap;
  }
  return slots;
}

/**
 * The legend that fits in `maxRows` rows: the runs' labels and the key of the lines
 * (`keyTexts`: training, test) as legendLayout places them; else the labels alone; else
 * the labels cut short to share one row. `withKey` says whether the key is in `slots`.
 * @param {string[]} labels
 * @param {string[]} keyTexts
 * @param {(text: string) => number} measure  the width of a text
 * @param {number} maxW
 * @param {number} lead
 * @param {number} gap
 * @param {number} maxRows
 * @returns {{slots: Array<{text: string, x: number, row: number}>, withKey: boolean}}
 */
export function fitLegend(labels, keyTexts, measure, maxW, lead, gap, maxRows) {
  /** @type {(slots: Array<{row: number}>) => boolean} */
  const fits = (slots) => slots.every((slot) => slot.row < maxRows);
  const full = legendLayout([...labels, ...keyTexts], measure, maxW, lead, gap);
  if (fits(full)) return { slots: full, withKey: true };
  const alone = legendLayout(labels, measure, maxW, lead, gap);
  if (fits(alone)) return { slots: alone, withKey: false };
  const share = (maxW - gap * (labels.length - 1)) / labels.length - lead;
  const cut = labels.map((label) => fitText(label, measure, Math.max(0, share)));
  return { slots: legendLayout(cut, measure, maxW, lead, gap), withKey: false };
}

// ---- drawing ----------------------------------------------------------------------------

/**
 * The plot area of a `w` × `h` chart with text `scale` times the base size and `top`
 * pixels kept free above it (for the legend).
 * @param {number} w
 * @param {number} h
 * @param {number} scale
 * @param {number} [top]
 * @returns {Box}
 */
function chartBox(w, h, scale, top = 0) {
  const font = Math.round(11 * scale);
  const padL = Math.round(44 * scale);
  const padT = 6 + top;
  const plotW = Math.max(10, w - padL - 8);
  const plotH = Math.max(10, h - padT - (font + 6));
  return { padL, padT, plotW, plotH, font };
}

/** The page's text size relative to its base (1 unless the large-text setting is on). */
function textScale() {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) / 15 || 1;
}

/**
 * Which values can be drawn: finite ones, and on a log scale positive ones.
 * @param {boolean} log
 * @returns {(v: number) => boolean}
 */
function usableFor(log) {
  return (v) => Number.isFinite(v) && (!log || v > 0);
}

/**
 * The plot's frame; leaves the font and the labels' colour set.
 * @param {CanvasRenderingContext2D} ctx
 * @param {Box} box
 */
function drawFrame(ctx, { padL, padT, plotW, plotH, font }) {
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
function drawEmpty(ctx, { padL, padT, plotW, plotH }, text) {
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
 * Labels under the plot from `e0` to `e1` at round steps (whole numbers only when
 * `integer`), with the axis's `title` at the right end: the labels that would run into
 * it are left out.
 * @param {CanvasRenderingContext2D} ctx
 * @param {Box} box
 * @param {number} e0
 * @param {number} e1
 * @param {(e: number) => number} X
 * @param {{integer?: boolean, title?: string}} [options]
 */
function drawXAxis(ctx, { padL, padT, plotW, plotH, font }, e0, e1, X, { integer = true, title = '' } = {}) {
  ctx.textBaseline = 'top';
  const y = padT + plotH + 3;
  let room = Infinity;
  if (title) {
    ctx.textAlign = 'right';
    ctx.fillText(title, padL + plotW, y);
    room = padL + plotW - ctx.measureText(title).width - font;
  }
  const xTicks = niceTicks(e0, e1, Math.max(2, Math.floor(plotW / (font * 7)))).filter((e) => !integer || Number.isInteger(e));
  for (const e of xTicks) {
    const x = X(e);
    const align = x < padL + 10 ? 'left' : x > padL + plotW - 20 ? 'right' : 'center';
    const text = thousands(e);
    const end = align === 'left' ? x + ctx.measureText(text).width : align === 'center' ? x + ctx.measureText(text).width / 2 : x;
    if (end > room) continue;
    ctx.textAlign = align;
    ctx.fillText(text, x, y);
  }
  ctx.textAlign = 'left';
}

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
function drawCurves(ctx, box, history, usable, X, Y) {
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
function drawRunCurves(ctx, box, series, axis, usable, X, Y) {
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
function drawGuide(ctx, box, p, usable, X, Y) {
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
function drawRunsGuide(ctx, box, x, entries, axis, usable, X, Y) {
  drawGuideLine(ctx, box, X(x));
  for (const { color, point } of entries) {
    if (!point) continue;
    const px = X(xValue(point, axis));
    for (const key of /** @type {const} */ (['test', 'train'])) {
      if (usable(point[key])) drawDot(ctx, css(color), px, Y(point[key]));
    }
  }
}

/**
 * One item of the legend: a line sample of `color` (dashed when `dash`) and a text.
 * @typedef {{text: string, color: string, dash: number[]}} LegendItem
 */

/**
 * Lays out and draws the legend above the plot from `left`, in at most `maxRows` rows
 * (see fitLegend): each run's label after a line of its colour, then the key of the
 * lines (training solid, test dashed) when it fits; returns the height it took (0
 * without runs).
 * @param {CanvasRenderingContext2D} ctx
 * @param {Run[]} series
 * @param {number} left
 * @param {number} maxW
 * @param {number} font
 * @param {number} maxRows
 * @returns {number}
 */
function drawLegend(ctx, series, left, maxW, font, maxRows) {
  if (series.length === 0) return 0;
  const lead = Math.round(font * 1.6);
  const rowH = font + 3;
  ctx.font = `${font}px system-ui, sans-serif`;
  /** @type {(text: string) => number} */
  const measure = (text) => ctx.measureText(text).width;
  const { slots, withKey } = fitLegend(series.map((run) => run.label), ['training', 'test'], measure, maxW, lead, font, maxRows);
  const lines = [...series.map((run) => ({ color: css(run.color), dash: [] })), { color: LABEL_COLOR, dash: [] }, { color: LABEL_COLOR, dash: [4, 2] }];
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.lineWidth = 2;
  slots.slice(0, withKey ? slots.length : series.length).forEach(({ text, x, row }, i) => {
    const y = Math.round(3 + row * rowH + font / 2) + 0.5;
    ctx.strokeStyle = lines[i].color;
    ctx.setLineDash(lines[i].dash);
    ctx.beginPath();
    ctx.moveTo(left + x, y);
    ctx.lineTo(left + x + lead - 4, y);
    ctx.stroke();
    ctx.fillStyle = '#3e4852';
    ctx.fillText(text, left + x + lead, y);
  });
  ctx.setLineDash([]);
  return (Math.max(...slots.map((slot) => slot.row)) + 1) * rowH + 2;
}

// ---- the readout ------------------------------------------------------------------------

/**
 * Empties the readout.
 * @param {HTMLElement} readout
 */
function clearReadout(readout) {
  readout.textContent = '';
  delete readout.dataset.key;
  readout.dataset.hover = 'false';
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
    clearReadout(readout);
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

/**
 * Writes several runs' values into the readout element (the text of readoutText; each
 * run's name in `span.run[data-run]` after a short line of its colour), with `data-hover`
 * "true" while it shows the values under the mouse. Unchanged text is not rewritten.
 * @param {HTMLElement | null} readout
 * @param {Axis} axis
 * @param {number | undefined} x
 * @param {ReadoutEntry[]} entries  none: empty
 * @param {boolean} hovered
 * @returns {void}
 */
export function showRunsReadout(readout, axis, x, entries, hovered) {
  if (!readout) return;
  if (entries.length === 0) {
    clearReadout(readout);
    return;
  }
  const segments = readoutSegments(axis, x, entries, hovered);
  const key = `runs|${segments.map((s) => s.text).join('')}`;
  if (readout.dataset.key === key) return;
  readout.dataset.key = key;
  readout.dataset.hover = hovered ? 'true' : 'false';
  readout.replaceChildren(
    ...segments.flatMap(/** @returns {Node[]} */ ({ text, color }) => {
      if (!color) return [document.createTextNode(text)];
      const swatch = document.createElement('span');
      swatch.setAttribute('aria-hidden', 'true');
      swatch.style.cssText = `display:inline-block;width:12px;margin:0 3px 0 2px;vertical-align:middle;border-top:2px solid ${css(color)}`;
      const name = document.createElement('span');
      name.className = 'run';
      name.dataset.run = text;
      name.textContent = text;
      return [swatch, name];
    }),
  );
}

// ---- the chart --------------------------------------------------------------------------

export class LossChart {
  /**
   * @param {HTMLCanvasElement} canvas  the chart; the mouse over it shows the values at an x
   * @param {HTMLElement | null} [readout]  where the latest (or hovered) values are written
   * @param {{log?: boolean}} [options]  log: a log-scale vertical axis (the default)
   */
  constructor(canvas, readout = null, { log = true } = {}) {
    this.canvas = canvas;
    this.readout = readout;
    this.log = log;
    /** @type {LossPoint[]} */
    this.history = [];
    /** @type {Run[] | null} the runs drawRuns() drew last; null while draw() shows one history */
    this.series = null;
    /** @type {Axis} */
    this.axis = 'epochs';
    /** @type {boolean} whether drawRuns() draws the legend */
    this.legend = true;
    /** @type {number | null} the mouse's x in CSS pixels, null when not over the chart */
    this.hoverX = null;
    canvas.addEventListener('pointermove', (event) => {
      this.hoverX = event.offsetX;
      this.redraw();
    });
    canvas.addEventListener('pointerleave', () => {
      this.hoverX = null;
      this.redraw();
    });
  }

  /** Draws again what was drawn last (one history or several runs), as the mouse moved. */
  redraw() {
    if (this.series) this.renderRuns();
    else this.draw(this.history);
  }

  /**
   * Draws one run's history over epochs (kept for redrawing under the mouse) and
   * updates the readout; the chart shows this history until drawRuns() is called.
   * @param {LossPoint[]} history  in order of epoch
   * @param {boolean} [log]  a log-scale vertical axis; kept for later draws (default: as before)
   * @returns {void}
   */
  draw(history, log = this.log) {
    this.series = null;
    this.history = history;
    this.log = log;
    const { ctx, w, h } = fitCanvas(this.canvas);
    ctx.clearRect(0, 0, w, h);
    const box = chartBox(w, h, textScale());
    drawFrame(ctx, box);
    const usable = usableFor(log);
    const values = history.flatMap((p) => [p.train, p.test].filter(usable));
    const last = history[history.length - 1];
    showReadout(this.readout, last, false);
    if (history.length < 2 || values.length === 0) {
      drawEmpty(ctx, box, 'loss over epochs appears here while training');
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

  /**
   * Draws several runs side by side (kept for redrawing under the mouse): each run's
   * training (solid) and test (dashed) loss in its colour over the chosen unit, the
   * legend above the plot, and the readout with every run's values (see readoutText).
   * Points without an x on the axis are left out. The chart shows these runs until
   * draw() is called.
   * @param {Run[]} series  each history in order of time
   * @param {{log?: boolean, axis?: Axis, legend?: boolean}} [options]  log: as draw()'s
   *   (default: as before); axis: the horizontal axis's unit (default 'epochs'); legend:
   *   false leaves the legend out (default true)
   * @returns {void}
   */
  drawRuns(series, { log = this.log, axis = 'epochs', legend = true } = {}) {
    this.series = series;
    this.log = log;
    this.axis = axis;
    this.legend = legend;
    this.renderRuns();
  }

  /** Draws the runs drawRuns() was given last. */
  renderRuns() {
    const { series, axis } = this;
    const { ctx, w, h } = fitCanvas(this.canvas);
    ctx.clearRect(0, 0, w, h);
    const scale = textScale();
    const font = Math.round(10 * scale);
    // The legend from the top-left corner, over the vertical axis's labels too, in rows
    // that take at most about a fifth of the height.
    const rows = Math.max(1, Math.floor((h * 0.22) / (font + 3)));
    const top = this.legend ? drawLegend(ctx, series, 4, w - 12, font, rows) : 0;
    const box = chartBox(w, h, scale, top);
    drawFrame(ctx, box);
    const usable = usableFor(this.log);
    const drawn = series.map((run) => run.history.filter((p) => xValue(p, axis) !== undefined));
    const values = drawn.flatMap((points) => points.flatMap((p) => [p.train, p.test].filter(usable)));
    const latest = latestEntries(series, axis);
    showRunsReadout(this.readout, axis, latest.x, latest.entries, false);
    const range = xRange(series, axis);
    if (!range || values.length === 0 || !drawn.some((points) => points.length >= 2)) {
      drawEmpty(ctx, box, `loss over ${AXIS_TITLES[axis]} appears here while training`);
      return;
    }
    this.drawRunsPlot(ctx, box, range, values, usable);
  }

  /**
   * Axes, curves and the hover guide of runs with something to draw.
   * @param {CanvasRenderingContext2D} ctx
   * @param {Box} box
   * @param {[number, number]} range  of the horizontal axis
   * @param {number[]} values
   * @param {(v: number) => boolean} usable
   */
  drawRunsPlot(ctx, box, [x0, x1], values, usable) {
    const { padL, plotW } = box;
    const { series, axis } = this;
    const scale = yScale(values, this.log, box);
    /** @param {number} x */
    const X = (x) => padL + ((x - x0) / (x1 - x0)) * plotW;
    drawYAxis(ctx, box, scale);
    drawXAxis(ctx, box, x0, x1, X, { integer: axis !== 'seconds', title: AXIS_TITLES[axis] });
    drawRunCurves(ctx, box, series, axis, usable, X, scale.Y);
    if (this.hoverX === null || this.hoverX < padL || this.hoverX > padL + plotW) return;
    const at = x0 + ((this.hoverX - padL) / plotW) * (x1 - x0);
    const { x, entries } = entriesAt(series, axis, at, (HOVER_SLACK / plotW) * (x1 - x0));
    if (x === undefined) return;
    drawRunsGuide(ctx, box, x, entries, axis, usable, X, scale.Y);
    showRunsReadout(this.readout, axis, x, entries, true);
  }
}
