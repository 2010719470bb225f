// @ts-check
// Slices of the decision function of a table run: the output plane comes back for a
// table of many inputs. Two input columns are the axes; every other column is held at
// the selected row's value (the store's `selectedRow`) or, with no row selected, at the
// training rows' mean (most frequent level for a category). The core evaluates the
// network over the slice (request `slice`, crates/core/src/inspect/slice.rs) and says
// which class each cell is; this view paints it exactly as the output plane paints the
// 2-D tasks (`paintGrid`) and draws the rows at their own two values (test rows on
// demand). A categorical axis has a band per level, labelled with the level's name, and
// its rows are spread a little inside their band so they do not hide each other.
//
// Asked again when the axes, the row or the run change and, while training, at most
// every SLICE_EVERY_MS, one request at a time.

import { byId, h, setText } from '../lib/dom.js';
import { css } from '../lib/colors.js';
import { niceTicks } from '../lib/scales.js';
import { formatTick } from '../lib/format.js';
import { fitCanvas } from '../lib/canvas.js';
import { watch } from '../app/store.js';
import { REQUESTS } from '../worker/protocol.js';
import { paintGrid, pointColor } from '../views/output-view.js';

/** @typedef {import('../app/state.js').State} State */
/** @typedef {import('../app/store.js').Store<State>} Store */
/** @typedef {{request: (method: string, args?: any) => Promise<any>}} Requests */

/**
 * One axis of a slice, as the core describes it.
 * @typedef {{column: string, levels: string[], lo: number, hi: number, cells: number}} SliceAxis
 */

/**
 * The core's slice (`sliceJson`).
 * @typedef {object} Slice
 * @property {[SliceAxis, SliceAxis]} axes  across, up
 * @property {Array<{column: string, value: string}>} held  the other columns' values
 * @property {string} held_from   "row 12" or "the training rows' means"
 * @property {number} outputs
 * @property {number[]} grid      outputs per cell, rows from the top
 * @property {number[]} classes   the core's class per cell (empty for numbers)
 * @property {number[]} train     u, v, target triples
 * @property {number[]} test
 * @property {[number, number] | null} held_row  the held row's own u, v (null without a row)
 */

/** Cells along a numeric axis. */
export const SLICE_SIDE = 48;
/** Least time between two requests while training (ms). */
const SLICE_EVERY_MS = 400;
/** Pixels left of, below, above and right of the plot. */
const MARGIN = { left: 56, bottom: 38, top: 8, right: 10 };

/**
 * The input columns a slice can use as axes (those the network has), and the two it
 * starts on: the first two numeric ones, else the first two.
 * @param {import('../worker/protocol.js').TableInfo} info
 * @returns {{columns: string[], x: string, y: string}}
 */
export function sliceColumns(info) {
  const columns = info.code.inputs.map((/** @type {{name: string}} */ c) => c.name);
  const numeric = info.code.inputs.filter((/** @type {{kind: string}} */ c) => c.kind === 'numeric').map((/** @type {{name: string}} */ c) => c.name);
  const start = numeric.length >= 2 ? numeric : columns;
  return { columns, x: start[0] ?? '', y: start[1] ?? start[0] ?? '' };
}

/**
 * Where `value` lies along `axis`, from 0 (its low end) to 1 (its high end): a level's
 * index lands in the middle of its band.
 * @param {SliceAxis} axis
 * @param {number} value
 */
export function axisUnit(axis, value) {
  return axis.hi > axis.lo ? (value - axis.lo) / (axis.hi - axis.lo) : 0.5;
}

/**
 * A small spread, in [-0.3, 0.3] of a band, for row `k` on a categorical axis (the same
 * every time), so rows of one level do not all hide under one dot.
 * @param {number} k
 * @param {number} salt
 */
export function spread(k, salt) {
  const x = Math.sin((k + 1) * 12.9898 + salt * 78.233) * 43758.5453;
  return 0.6 * (x - Math.floor(x) - 0.5);
}

/**
 * The ticks of an axis: each level at its band's middle, or round numbers.
 * @param {SliceAxis} axis
 * @returns {Array<{at: number, text: string}>}  `at` in [0, 1] along the axis
 */
export function axisTicks(axis) {
  if (axis.levels.length) return axis.levels.map((text, i) => ({ at: (i + 0.5) / axis.levels.length, text }));
  return niceTicks(axis.lo, axis.hi, 5).map((t) => ({ at: axisUnit(axis, t), text: formatTick(t) })).filter((t) => t.at >= 0 && t.at <= 1);
}

/**
 * The sentence under the slice: what is held and at what.
 * @param {Slice} slice
 */
export function heldText(slice) {
  if (slice.held.length === 0) return 'No other input: this is the whole decision function.';
  const values = slice.held.map((c) => `${c.column} = ${c.value}`).join(', ');
  return `Held at ${slice.held_from}: ${values}.`;
}

/** The view: `<section id="slice-view">` beside the data view. */
class SliceView {
  /** @param {{store: Store, connection: Requests}} deps */
  constructor({ store, connection }) {
    this.store = store;
    this.connection = connection;
    this.section = byId('slice-view');
    this.xSelect = /** @type {HTMLSelectElement} */ (byId('slice-x'));
    this.ySelect = /** @type {HTMLSelectElement} */ (byId('slice-y'));
    this.showTest = /** @type {HTMLInputElement} */ (byId('slice-test'));
    this.canvas = /** @type {HTMLCanvasElement} */ (byId('slice-canvas'));
    this.held = byId('slice-held');
    this.offscreen = document.createElement('canvas');
    /** @type {Slice | null} */
    this.slice = null;
    this.runId = -1;
    this.dirty = true;
    this.inFlight = false;
    this.lastAt = -Infinity;
    this.requests = 0;
  }

  /** A new run: the view shown on tables, its axes listed. */
  showRun() {
    const run = this.store.get().run;
    const info = run?.table ?? null;
    this.section.hidden = info === null;
    if (!info || !run || run.id === this.runId) return;
    this.runId = run.id;
    const { columns, x, y } = sliceColumns(info);
    const keep = (/** @type {HTMLSelectElement} */ sel, /** @type {string} */ fallback) => (columns.includes(sel.value) ? sel.value : fallback);
    const [kx, ky] = [keep(this.xSelect, x), keep(this.ySelect, y)];
    for (const sel of [this.xSelect, this.ySelect]) sel.replaceChildren(...columns.map((c) => h('option', { value: c, text: c })));
    this.xSelect.value = kx;
    this.ySelect.value = kx === ky ? (columns.find((c) => c !== kx) ?? ky) : ky;
    this.slice = null;
    this.changed(true);
  }

  /**
   * Something the slice depends on changed; `now`: without waiting for the pacing.
   * @param {boolean} now
   */
  changed(now) {
    this.dirty = true;
    const s = this.store.get();
    if (now || !s.playing || performance.now() - this.lastAt >= SLICE_EVERY_MS) this.pump();
  }

  /** Asks the core for the slice when one is due and none is in flight. */
  pump() {
    const s = this.store.get();
    if (this.inFlight || !this.dirty || !s.run?.table) return;
    const [x, y] = [this.xSelect.value, this.ySelect.value];
    if (!x || !y) return;
    if (x === y) {
      this.say('Choose two different columns for the axes.');
      this.dirty = false;
      return;
    }
    this.dirty = false;
    this.inFlight = true;
    this.lastAt = performance.now();
    this.requests += 1;
    const asked = { run: s.run.id, x, y, row: s.selectedRow ?? 0 };
    this.connection
      .request(REQUESTS.slice, { x, y, row: asked.row, side: SLICE_SIDE })
      .then((/** @type {Slice} */ slice) => {
        const now = this.store.get();
        const same = now.run?.id === asked.run && this.xSelect.value === x && this.ySelect.value === y && (now.selectedRow ?? 0) === asked.row;
        if (!same) {
          this.dirty = true;
          return;
        }
        this.slice = slice;
        this.say(heldText(slice));
        this.draw();
      })
      .catch((err) => this.say(err instanceof Error ? err.message : String(err)))
      .finally(() => {
        this.inFlight = false;
        this.pump();
      });
  }

  /** @param {string} text */
  say(text) {
    setText(this.held, text);
  }

  /** Paints the last slice: the output, the rows, the axes with their ticks and names. */
  draw() {
    const s = this.store.get();
    const slice = this.slice;
    const { ctx, w, h: height } = fitCanvas(this.canvas);
    ctx.clearRect(0, 0, w, height);
    const plot = { x: MARGIN.left, y: MARGIN.top, w: Math.max(10, w - MARGIN.left - MARGIN.right), h: Math.max(10, height - MARGIN.top - MARGIN.bottom) };
    if (!slice || !s.run) {
      ctx.fillStyle = '#eef0f2';
      ctx.fillRect(plot.x, plot.y, plot.w, plot.h);
      return;
    }
    this.paint(ctx, slice, s.run, plot);
    const mode = s.run.mode;
    this.drawRows(ctx, slice, slice.train, mode, plot, false);
    if (this.showTest.checked) this.drawRows(ctx, slice, slice.test, mode, plot, true);
    if (slice.held_row) this.ringHeld(ctx, slice, slice.held_row, plot);
    this.drawAxes(ctx, slice, plot, height);
    const [a, b] = slice.axes;
    this.canvas.setAttribute('aria-label', `The network's output over ${a.column} across and ${b.column} up, the other inputs held at ${slice.held_from}, with the training rows`);
  }

  /**
   * The heatmap, as the output plane paints it.
   * @param {CanvasRenderingContext2D} ctx
   * @param {Slice} slice
   * @param {import('../app/state.js').Run} run
   * @param {{x: number, y: number, w: number, h: number}} plot
   */
  paint(ctx, slice, run, plot) {
    const [a, b] = slice.axes;
    this.offscreen.width = a.cells;
    this.offscreen.height = b.cells;
    const image = new ImageData(a.cells, b.cells);
    const classes = slice.classes.length ? slice.classes : null;
    paintGrid(image.data, slice.grid, classes, a.cells * b.cells, slice.outputs, run.mode, this.store.get().view.discretize);
    /** @type {CanvasRenderingContext2D} */ (this.offscreen.getContext('2d')).putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = a.levels.length === 0 && b.levels.length === 0; // bands of levels stay sharp
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(this.offscreen, plot.x, plot.y, plot.w, plot.h);
  }

  /**
   * The rows at their two values (test rows ringed), coloured as on the output plane.
   * @param {CanvasRenderingContext2D} ctx
   * @param {Slice} slice
   * @param {number[]} rows  u, v, target triples
   * @param {import('../lib/scales.js').ColorMode} mode
   * @param {{x: number, y: number, w: number, h: number}} plot
   * @param {boolean} test
   */
  drawRows(ctx, slice, rows, mode, plot, test) {
    const [a, b] = slice.axes;
    const radius = Math.max(2.5, Math.min(4, plot.w / 120));
    const jitter = (/** @type {SliceAxis} */ axis, /** @type {number} */ k, /** @type {number} */ salt) => (axis.levels.length ? spread(k, salt) / axis.levels.length : 0);
    ctx.lineWidth = test ? 1.6 : 1;
    for (let k = 0; 3 * k + 2 < rows.length; k++) {
      const x = plot.x + plot.w * (axisUnit(a, rows[3 * k]) + jitter(a, k, 1));
      const y = plot.y + plot.h * (1 - axisUnit(b, rows[3 * k + 1]) - jitter(b, k, 2));
      ctx.fillStyle = css(pointColor(mode, rows[3 * k + 2]));
      ctx.strokeStyle = test ? '#ffffff' : 'rgb(20 24 28 / 0.85)';
      ctx.beginPath();
      ctx.arc(x, y, radius, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
  }

  /**
   * A ring around the held row's place: the one row that lies on its own slice.
   * @param {CanvasRenderingContext2D} ctx
   * @param {Slice} slice
   * @param {[number, number]} uv
   * @param {{x: number, y: number, w: number, h: number}} plot
   */
  ringHeld(ctx, slice, [u, v], plot) {
    const x = plot.x + plot.w * axisUnit(slice.axes[0], u);
    const y = plot.y + plot.h * (1 - axisUnit(slice.axes[1], v));
    ctx.beginPath();
    ctx.arc(x, y, 8, 0, 2 * Math.PI);
    ctx.lineWidth = 3;
    ctx.strokeStyle = '#1f2933';
    ctx.stroke();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = '#ffffff';
    ctx.stroke();
  }

  /**
   * The frame, the ticks (levels by name) and the columns' names.
   * @param {CanvasRenderingContext2D} ctx
   * @param {Slice} slice
   * @param {{x: number, y: number, w: number, h: number}} plot
   * @param {number} height
   */
  drawAxes(ctx, slice, plot, height) {
    const [a, b] = slice.axes;
    ctx.strokeStyle = '#b8c0c8';
    ctx.lineWidth = 1;
    ctx.strokeRect(plot.x + 0.5, plot.y + 0.5, plot.w - 1, plot.h - 1);
    ctx.fillStyle = '#5b6670';
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of axisTicks(a)) ctx.fillText(t.text, plot.x + plot.w * t.at, plot.y + plot.h + 4);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of axisTicks(b)) ctx.fillText(t.text, plot.x - 5, plot.y + plot.h * (1 - t.at));
    ctx.fillStyle = '#1f2933';
    ctx.font = '12px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(a.column, plot.x + plot.w / 2, height - 1);
    ctx.save();
    ctx.translate(10, plot.y + plot.h / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'middle';
    ctx.fillText(b.column, 0, 0);
    ctx.restore();
  }

  wire() {
    watch(this.store, (s) => s.run, () => this.showRun());
    watch(this.store, (s) => s.frame, () => this.changed(false));
    watch(this.store, (s) => s.selectedRow, () => this.changed(true));
    watch(this.store, (s) => s.view.discretize, () => this.draw());
    for (const sel of [this.xSelect, this.ySelect]) sel.addEventListener('change', () => this.changed(true));
    this.showTest.addEventListener('change', () => this.draw());
    new ResizeObserver(() => this.draw()).observe(this.canvas);
  }
}

/**
 * Wires `<section id="slice-view">`: the selects `#slice-x`, `#slice-y`, the check
 * `#slice-test`, the canvas `#slice-canvas` and `#slice-held`.
 * @param {{store: Store, connection: Requests}} deps
 * @returns {{snapshot: () => {slice: Slice | null, sliceRequests: number}}}
 */
export function mountSliceView(deps) {
  const view = new SliceView(deps);
  view.wire();
  return { snapshot: () => ({ slice: view.slice ? structuredClone(view.slice) : null, sliceRequests: view.requests }) };
}
