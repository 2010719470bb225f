// @ts-check
// The loss chart: training (solid) and test (dashed) loss with labelled axes, on a log
// or linear scale, the latest values in a readout beside it, and under the mouse a
// vertical guide with the values there. draw() shows the current run's history over
// epochs (training dark, test blue); drawRuns() shows several runs compared side by
// side, each in its own colour, over epochs, weight updates or seconds, with a legend
// of the runs above the plot. The numbers are the core's losses as the page received
// them; this only places them.

import { fitCanvas } from '../lib/canvas.js';
import { xValue, xRange, xScale, latestEntries, entriesAt, nearestPoint, shownHistory } from './chart-series.js';
import { AXIS_TITLES, fitPlot, textScale, usableFor, drawFrame, drawEmpty, drawYAxis, drawXAxis } from './chart-axes.js';
import { drawCurves, drawRunCurves, drawGuide, drawRunsGuide } from './chart-curves.js';
import { drawLegend } from './chart-legend.js';
import { showReadout, showRunsReadout } from './chart-readout.js';

/** @typedef {import('./chart-series.js').LossPoint} LossPoint */
/** @typedef {import('./chart-series.js').Run} Run */
/** @typedef {import('./chart-series.js').Axis} Axis */
/** @typedef {import('./chart-series.js').Measure} Measure */
/** @typedef {import('./chart-axes.js').Box} Box */

/** How near (CSS px) the mouse must be to a run's span of x for the readout to show it. */
const HOVER_SLACK = 4;

/** What an empty compare chart will show, for each measure. */
const MEASURE_TITLES = Object.freeze({ loss: 'loss', accuracy: 'accuracy', error: 'mean squared error' });

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
    /** @type {Measure} what drawRuns() draws of each run */
    this.measure = 'loss';
    /** @type {boolean} whether drawRuns() draws its x axis on a log scale */
    this.logX = false;
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
    const usable = usableFor(log);
    const values = history.flatMap((p) => [p.train, p.test].filter(usable));
    const { box, scale } = fitPlot(ctx, w, h, textScale(), 0, values, log);
    drawFrame(ctx, box);
    const last = history[history.length - 1];
    showReadout(this.readout, last, false);
    if (history.length < 2 || !scale) {
      drawEmpty(ctx, box, 'loss over epochs appears here while training');
      return;
    }
    this.drawPlot(ctx, box, history, scale, usable);
  }

  /**
   * Axes, curves and the hover guide of a history with something to draw.
   * @param {CanvasRenderingContext2D} ctx
   * @param {Box} box
   * @param {LossPoint[]} history
   * @param {import('./chart-axes.js').YScale} scale
   * @param {(v: number) => boolean} usable
   */
  drawPlot(ctx, box, history, scale, usable) {
    const { padL, plotW } = box;
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
   * @param {{log?: boolean, axis?: Axis, legend?: boolean, measure?: Measure, logX?: boolean}} [options]
   *   log: as draw()'s (default: as before; accuracy is always drawn on a linear scale);
   *   axis: the horizontal axis's unit (default 'epochs'); legend: false leaves the
   *   legend out (default true); measure: what is drawn of each run (default its loss);
   *   logX: a log horizontal axis (points at x = 0 left out)
   * @returns {void}
   */
  drawRuns(series, { log = this.log, axis = 'epochs', legend = true, measure = 'loss', logX = false } = {}) {
    this.series = series;
    this.log = log;
    this.axis = axis;
    this.legend = legend;
    this.measure = measure;
    this.logX = logX;
    this.renderRuns();
  }

  /** Draws the runs drawRuns() was given last. */
  renderRuns() {
    const { axis, measure, logX } = this;
    const series = (this.series ?? []).map((run) => ({ ...run, history: shownHistory(run.history, measure, axis, logX) }));
    const { ctx, w, h } = fitCanvas(this.canvas);
    ctx.clearRect(0, 0, w, h);
    const textSize = textScale();
    const font = Math.round(10 * textSize);
    // The legend from the top-left corner, over the vertical axis's labels too, in rows
    // that take at most about a fifth of the height.
    const rows = Math.max(1, Math.floor((h * 0.22) / (font + 3)));
    const top = this.legend ? drawLegend(ctx, series, 4, w - 12, font, rows) : 0;
    const log = this.log && measure !== 'accuracy';
    const usable = usableFor(log);
    const drawn = series.map((run) => run.history.filter((p) => xValue(p, axis) !== undefined));
    const values = drawn.flatMap((points) => points.flatMap((p) => [p.train, p.test].filter(usable)));
    const { box, scale } = fitPlot(ctx, w, h, textSize, top, values, log);
    drawFrame(ctx, box);
    const latest = latestEntries(series, axis);
    showRunsReadout(this.readout, axis, latest.x, latest.entries, false);
    const range = xRange(series, axis, logX);
    if (!range || !scale || !drawn.some((points) => points.length >= 2)) {
      drawEmpty(ctx, box, `${MEASURE_TITLES[measure]} over ${AXIS_TITLES[axis]} appears here while training`);
      return;
    }
    this.drawRunsPlot(ctx, box, series, range, scale, usable);
  }

  /**
   * Axes, curves and the hover guide of runs with something to draw.
   * @param {CanvasRenderingContext2D} ctx
   * @param {Box} box
   * @param {Run[]} series  the runs as drawn (shownHistory)
   * @param {[number, number]} range  of the horizontal axis
   * @param {import('./chart-axes.js').YScale} scale
   * @param {(v: number) => boolean} usable
   */
  drawRunsPlot(ctx, box, series, range, scale, usable) {
    const { padL, plotW } = box;
    const { axis, logX } = this;
    const { X, at } = xScale(range, logX, padL, plotW);
    drawYAxis(ctx, box, scale);
    drawXAxis(ctx, box, range[0], range[1], X, { integer: axis !== 'seconds', title: AXIS_TITLES[axis] + (logX ? ' (log)' : ''), log: logX });
    drawRunCurves(ctx, box, series, axis, usable, X, scale.Y);
    if (this.hoverX === null || this.hoverX < padL || this.hoverX > padL + plotW) return;
    const x0 = at(this.hoverX);
    const { x, entries } = entriesAt(series, axis, x0, Math.abs(at(this.hoverX + HOVER_SLACK) - x0));
    if (x === undefined) return;
    drawRunsGuide(ctx, box, x, entries, axis, usable, X, scale.Y);
    showRunsReadout(this.readout, axis, x, entries, true);
  }
}
