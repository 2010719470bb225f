// @ts-check
// The hidden space: the training points and a regular grid of the input plane as a
// hidden layer sees them, on two of its neurons or its first two principal components.
// The input layer is offered too (request `inputSpace`): the inputs the network sees,
// so a table of many inputs shows its classes in two dimensions before any layer has
// worked on them. A table has no input plane, so no grid is drawn on a table run.
// The core computes every coordinate and the axes' labels (request `hiddenSpace`, see
// crates/core/src/inspect/hidden_space.rs); this panel only scales them to pixels and
// colours the points as the output plane does.
//
// While `<details id="hidden-space">` is open it asks again whenever the run changed (a
// frame with new pictures), at most every HIDDEN_EVERY_MS and one request at a time, so
// it follows training live and ends on the paused picture.

import { byId, h } from '../lib/dom.js';
import { css } from '../lib/colors.js';
import { niceTicks } from '../lib/scales.js';
import { formatTick } from '../lib/format.js';
import { fitCanvas } from '../lib/canvas.js';
import { watch } from '../app/store.js';
import { pointColor } from '../views/output-view.js';

/** @typedef {import('../app/state.js').State} State */
/** @typedef {import('../app/store.js').Store<State>} Store */
/** @typedef {{request: (method: string, args?: any) => Promise<any>}} Requests */

/**
 * The core's picture of a layer's space (`hiddenSpaceJson`).
 * @typedef {object} HiddenSpace
 * @property {number} layer     0 is the first hidden layer
 * @property {boolean} [input_layer]  the input layer (the inputs the network sees)
 * @property {number} neurons
 * @property {Array<{label: string, direction: number[], variance_share?: number}>} axes  across, up
 * @property {number[]} center
 * @property {number[]} points  u0, v0, u1, v1, ... of the training points
 * @property {number[]} targets each training point's class or target
 * @property {number} classes   0: regression
 * @property {number[][]} grid  the input grid's lines, each u, v, u, v, ...
 * @property {number} extent
 */

/** Least time between two requests while the run changes (ms). */
export const HIDDEN_EVERY_MS = 150;
/** Value of the axes choice "principal components". */
export const PRINCIPAL = 'pc';
/** Value of the layer choice "the input layer". */
export const INPUT_LAYER = 'input';
/** The input layer offers pairs of inputs as axes up to this many inputs (else only principal components). */
export const MAX_INPUT_PAIRS = 12;

/**
 * The axes a layer of `m` neurons can be seen on: every pair of neurons, then the
 * principal components (a layer of one neuron: only those). Given the inputs' `names`,
 * the choices are the input layer's: pairs of inputs by name, up to MAX_INPUT_PAIRS inputs.
 * @param {number} m
 * @param {string[]} [names]
 * @returns {Array<{value: string, text: string, i: number, j: number}>}
 */
export function axesChoices(m, names) {
  const out = [];
  const pairs = !names || m <= MAX_INPUT_PAIRS;
  for (let i = 0; pairs && i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const text = names ? `${names[i] ?? `input ${i + 1}`} and ${names[j] ?? `input ${j + 1}`}` : `neurons ${i + 1} and ${j + 1}`;
      out.push({ value: `${i},${j}`, text, i, j });
    }
  }
  out.push({ value: PRINCIPAL, text: 'principal components', i: -1, j: -1 });
  return out;
}

/**
 * The natural axes of a layer of `m` neurons: its two neurons when it has two, else
 * the principal components.
 * @param {number} m
 */
export const defaultAxes = (m) => (m === 2 ? '0,1' : PRINCIPAL);

/**
 * The square view that holds every finite point of `points` (u, v pairs) with a margin:
 * its centre and half-width, the same scale both ways (distances read true). Without a
 * finite point: `fallback` pairs (the grid), else the unit square.
 * @param {ArrayLike<number>} points
 * @param {ArrayLike<number>} [fallback]
 * @returns {{cu: number, cv: number, half: number}}
 */
export function fitView(points, fallback = []) {
  let lo = [Infinity, Infinity];
  let hi = [-Infinity, -Infinity];
  for (const source of [points, fallback]) {
    for (let k = 0; k + 1 < source.length; k += 2) {
      const u = source[k];
      const v = source[k + 1];
      if (!Number.isFinite(u) || !Number.isFinite(v)) continue;
      lo = [Math.min(lo[0], u), Math.min(lo[1], v)];
      hi = [Math.max(hi[0], u), Math.max(hi[1], v)];
    }
    if (lo[0] <= hi[0]) break;
  }
  if (!(lo[0] <= hi[0])) return { cu: 0, cv: 0, half: 1 };
  const span = Math.max(hi[0] - lo[0], hi[1] - lo[1]);
  const half = span > 1e-9 ? span * 0.55 : Math.max(1e-3, Math.abs(lo[0]) * 0.1, Math.abs(lo[1]) * 0.1);
  return { cu: (lo[0] + hi[0]) / 2, cv: (lo[1] + hi[1]) / 2, half };
}

/** Pixels left of, below, above and right of the plot (axis labels and ticks). */
const MARGIN = { left: 40, bottom: 34, top: 8, right: 10 };

/** @typedef {{x: number, y: number, w: number, h: number}} Box */

/**
 * The plot's box in the space's coordinates and in pixels: the view fitted to the data,
 * the visible half-ranges across and up, and the maps from u, v to pixels.
 * @typedef {object} Frame
 * @property {Box} plot
 * @property {{cu: number, cv: number, half: number}} view
 * @property {number} halfU
 * @property {number} halfV
 * @property {(u: number) => number} px
 * @property {(v: number) => number} py
 */

/**
 * The plot's box on a canvas of `w` × `height` pixels (at least 10 × 10).
 * @param {number} w
 * @param {number} height
 * @returns {Box}
 */
const plotBox = (w, height) => ({
  x: MARGIN.left,
  y: MARGIN.top,
  w: Math.max(10, w - MARGIN.left - MARGIN.right),
  h: Math.max(10, height - MARGIN.top - MARGIN.bottom),
});

/**
 * The frame that shows `data` in `plot`, the same scale both ways.
 * @param {Box} plot
 * @param {HiddenSpace} data
 * @returns {Frame}
 */
function frameOf(plot, data) {
  const view = fitView(data.points, data.grid.flat());
  const scale = Math.min(plot.w, plot.h) / (2 * view.half);
  return {
    plot,
    view,
    halfU: plot.w / 2 / scale,
    halfV: plot.h / 2 / scale,
    px: (u) => plot.x + plot.w / 2 + (u - view.cu) * scale,
    py: (v) => plot.y + plot.h / 2 - (v - view.cv) * scale,
  };
}

/**
 * `note` in the middle of the empty plot.
 * @param {CanvasRenderingContext2D} ctx
 * @param {Box} plot
 * @param {string} note
 */
function drawNote(ctx, plot, note) {
  ctx.fillStyle = '#8a949e';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(note, plot.x + plot.w / 2, plot.y + plot.h / 2);
}

/**
 * The input plane's grid, bent by the layer: x1 = const lines, then x2 = const; a line
 * breaks where a point is not finite, the plane's border is darker.
 * @param {CanvasRenderingContext2D} ctx
 * @param {number[][]} grid
 * @param {Frame} frame
 */
function drawGrid(ctx, grid, { px, py }) {
  const lines = grid.length / 2;
  grid.forEach((line, k) => {
    const path = new Path2D();
    let down = false;
    for (let p = 0; p + 1 < line.length; p += 2) {
      const [u, v] = [line[p], line[p + 1]];
      if (!Number.isFinite(u) || !Number.isFinite(v)) {
        down = false;
        continue;
      }
      if (down) path.lineTo(px(u), py(v));
      else path.moveTo(px(u), py(v));
      down = true;
    }
    const edge = k % lines === 0 || k % lines === lines - 1; // the plane's border
    ctx.strokeStyle = edge ? 'rgb(60 70 80 / 0.55)' : 'rgb(60 70 80 / 0.22)';
    ctx.lineWidth = edge ? 1 : 0.7;
    ctx.stroke(path);
  });
}

/**
 * The training points, coloured as on the output plane, one path per colour.
 * @param {CanvasRenderingContext2D} ctx
 * @param {HiddenSpace} data
 * @param {import('../lib/scales.js').ColorMode} mode
 * @param {Frame} frame
 */
function drawPoints(ctx, data, mode, { plot, px, py }) {
  const radius = Math.max(2, Math.min(3.5, plot.w / 110));
  /** @type {Map<string, Path2D>} */
  const byColor = new Map();
  for (let k = 0; 2 * k + 1 < data.points.length; k++) {
    const u = data.points[2 * k];
    const v = data.points[2 * k + 1];
    if (!Number.isFinite(u) || !Number.isFinite(v)) continue;
    const color = css(pointColor(mode, data.targets[k] ?? 0));
    let path = byColor.get(color);
    if (!path) byColor.set(color, (path = new Path2D()));
    path.moveTo(px(u) + radius, py(v));
    path.arc(px(u), py(v), radius, 0, 2 * Math.PI);
  }
  ctx.lineWidth = 0.8;
  ctx.strokeStyle = 'rgb(20 24 28 / 0.8)';
  for (const [color, path] of byColor) {
    ctx.fillStyle = color;
    ctx.fill(path);
    ctx.stroke(path);
  }
}

/**
 * The plot's frame and the ticks below and left of it.
 * @param {CanvasRenderingContext2D} ctx
 * @param {Frame} frame
 */
function drawTicks(ctx, { plot, view, halfU, halfV, px, py }) {
  ctx.strokeStyle = '#b8c0c8';
  ctx.lineWidth = 1;
  ctx.strokeRect(plot.x + 0.5, plot.y + 0.5, plot.w - 1, plot.h - 1);
  ctx.fillStyle = '#5b6670';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of niceTicks(view.cu - halfU, view.cu + halfU, 4)) {
    const x = px(t);
    if (x < plot.x || x > plot.x + plot.w) continue;
    ctx.fillRect(x, plot.y + plot.h, 1, 4);
    ctx.fillText(formatTick(t), x, plot.y + plot.h + 5);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of niceTicks(view.cv - halfV, view.cv + halfV, 4)) {
    const y = py(t);
    if (y < plot.y || y > plot.y + plot.h) continue;
    ctx.fillRect(plot.x - 4, y, 4, 1);
    ctx.fillText(formatTick(t), plot.x - 6, y);
  }
}

/**
 * The core's labels of the axes: across at the bottom, up turned along the left edge.
 * @param {CanvasRenderingContext2D} ctx
 * @param {HiddenSpace['axes']} axes
 * @param {Box} plot
 * @param {number} height  the canvas's height (pixels)
 */
function drawAxisLabels(ctx, axes, plot, height) {
  ctx.fillStyle = '#1f2933';
  ctx.font = '12px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(axes[0]?.label ?? '', plot.x + plot.w / 2, height - 1);
  ctx.save();
  ctx.translate(11, plot.y + plot.h / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(axes[1]?.label ?? '', 0, 0);
  ctx.restore();
}

/**
 * Draws a layer's space on `canvas`: the grid's lines, the points, the axes with ticks
 * and the core's labels. `data` null: an empty frame with `note`.
 * @param {HTMLCanvasElement} canvas
 * @param {HiddenSpace | null} data
 * @param {import('../lib/scales.js').ColorMode | null} mode  the run's colours
 * @param {string} [note]
 */
export function drawHiddenSpace(canvas, data, mode, note = '') {
  const { ctx, w, h: height } = fitCanvas(canvas);
  ctx.clearRect(0, 0, w, height);
  const plot = plotBox(w, height);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(plot.x, plot.y, plot.w, plot.h);
  ctx.font = '11px system-ui, sans-serif';
  if (!data || !mode) {
    drawNote(ctx, plot, note);
    return;
  }
  const frame = frameOf(plot, data);
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.x, plot.y, plot.w, plot.h);
  ctx.clip(); // the grid and the points stay inside the plot
  drawGrid(ctx, data.grid, frame);
  drawPoints(ctx, data, mode, frame);
  ctx.restore();
  drawTicks(ctx, frame);
  drawAxisLabels(ctx, data.axes, plot, height);
}

/**
 * The panel's state and behaviour: which layer and axes are chosen, the last answer,
 * and the pacing of requests. `mountHiddenSpace` builds one and wires it.
 */
class HiddenSpacePanel {
  /** @param {{store: Store, connection: Requests}} deps */
  constructor({ store, connection }) {
    this.store = store;
    this.connection = connection;
    this.details = /** @type {HTMLDetailsElement} */ (byId('hidden-space'));
    this.layerSelect = /** @type {HTMLSelectElement} */ (byId('hidden-layer'));
    this.axesSelect = /** @type {HTMLSelectElement} */ (byId('hidden-axes'));
    this.canvas = /** @type {HTMLCanvasElement} */ (byId('hidden-canvas'));
    this.message = byId('hidden-message');
    /** @type {HiddenSpace | null} the last answer for the current run */
    this.data = null;
    this.dirty = true; // the run or the choice changed since the last request
    this.inFlight = false;
    this.lastAt = -Infinity;
    this.chosen = false; // the axes were picked by hand (kept across runs when they fit)
    this.requests = 0;
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.timer = null;
  }

  /** Widths of the run's hidden layers. */
  hiddenWidths() {
    return this.store.get().run?.shape.slice(1, -1) ?? [];
  }

  /** Whether the input layer is the one chosen. */
  inputChosen() {
    return this.layerSelect.value === INPUT_LAYER;
  }

  /** The axes the chosen layer can be seen on. */
  choices() {
    const run = this.store.get().run;
    if (this.inputChosen()) return axesChoices(run?.shape[0] ?? 0, run?.featureLabels ?? []);
    return axesChoices(this.hiddenWidths()[Number(this.layerSelect.value)] ?? 0);
  }

  /** Shows `text` under the plot ('' hides the message). @param {string} text */
  say(text) {
    this.message.textContent = text;
    this.message.hidden = !text;
  }

  /** Draws the last answer (or the empty plot) while the panel is open. */
  draw() {
    if (!this.details.open) return;
    const s = this.store.get();
    drawHiddenSpace(this.canvas, this.data, s.run?.mode ?? null, 'waiting for the core…');
    if (this.data) {
      const [a, b] = this.data.axes;
      const layer = this.data.input_layer ? `The input layer (${this.data.neurons} inputs)` : `Hidden layer ${this.data.layer + 1} (${this.data.neurons} neurons)`;
      const grid = this.data.grid.length ? " and the input plane's grid" : '';
      this.canvas.setAttribute('aria-label', `${layer}: the training points${grid} on ${a.label} across and ${b.label} up`);
    }
  }

  /** The axes options of the selected layer, keeping a hand-picked choice that fits. */
  fillAxes() {
    const choices = this.choices();
    const m = this.inputChosen() ? (this.store.get().run?.shape[0] ?? 0) : (this.hiddenWidths()[Number(this.layerSelect.value)] ?? 0);
    const natural = choices.some((c) => c.value === defaultAxes(m)) ? defaultAxes(m) : PRINCIPAL;
    const keep = this.chosen && choices.some((c) => c.value === this.axesSelect.value) ? this.axesSelect.value : natural;
    this.axesSelect.replaceChildren(...choices.map((c) => h('option', { value: c.value, text: c.text })));
    this.axesSelect.value = keep;
  }

  /** The layer options of the current run (the selected layer kept if it exists). */
  fillLayers() {
    const widths = this.hiddenWidths();
    const inputs = this.store.get().run?.shape[0] ?? 0;
    const before = this.layerSelect.value;
    this.layerSelect.replaceChildren(
      h('option', { value: INPUT_LAYER, text: `inputs (${inputs})` }),
      ...widths.map((m, l) => h('option', { value: String(l), text: `${l + 1} (${m} neuron${m === 1 ? '' : 's'})` })),
    );
    const kept = before === INPUT_LAYER || Number(before) < widths.length;
    this.layerSelect.value = before !== '' && kept ? before : widths.length ? '0' : INPUT_LAYER;
    this.fillAxes();
    this.say(widths.length ? '' : 'The network has no hidden layer: the input layer shows the data as the network receives it.');
  }

  /** Asks the core for the chosen layer on the chosen axes (nothing to ask: no request). */
  ask() {
    const s = this.store.get();
    if (!s.run) return;
    const layer = this.layerSelect.value;
    const choice = this.choices().find((c) => c.value === this.axesSelect.value);
    if (!choice) return;
    const question = { run: s.run.id, layer, axes: choice.value };
    this.inFlight = true;
    this.dirty = false;
    this.lastAt = performance.now();
    this.requests += 1;
    const request = layer === INPUT_LAYER ? this.connection.request('inputSpace', { i: choice.i, j: choice.j }) : this.connection.request('hiddenSpace', { layer: Number(layer), i: choice.i, j: choice.j });
    request
      .then((value) => this.answered(question, value))
      .catch((err) => {
        if (this.store.get().run?.id === question.run) this.say(err.message);
      })
      .finally(() => {
        this.inFlight = false;
        this.pump();
      });
  }

  /**
   * The core's answer to `question`: shown if it is still the question, else asked again.
   * @param {{run: any, layer: string, axes: string}} question
   * @param {HiddenSpace} value
   */
  answered(question, value) {
    if (this.store.get().run?.id !== question.run || this.layerSelect.value !== question.layer || this.axesSelect.value !== question.axes) {
      this.dirty = true; // answers an older question
      return;
    }
    this.data = value;
    this.say('');
    this.draw();
  }

  /** Sends the next request if one is due, or schedules it. */
  pump() {
    if (!this.details.open || !this.dirty || this.inFlight) return;
    const wait = this.lastAt + HIDDEN_EVERY_MS - performance.now();
    if (wait > 0) {
      this.timer ??= setTimeout(() => {
        this.timer = null;
        this.pump();
      }, wait);
      return;
    }
    this.ask();
  }

  /** The picture is out of date: ask again when due. */
  changed() {
    this.dirty = true;
    this.pump();
  }

  /** The store (a new run, a new frame), the two selects, the details' toggle, resizes. */
  wire() {
    watch(this.store, (s) => s.run, (run) => {
      if (!run) return;
      this.data = null;
      this.fillLayers();
      this.draw();
      this.changed();
    });
    watch(this.store, (s) => s.frame, () => this.changed());
    this.layerSelect.addEventListener('change', () => {
      this.chosen = false;
      this.fillAxes();
      this.data = null;
      this.draw();
      this.changed();
    });
    this.axesSelect.addEventListener('change', () => {
      this.chosen = true;
      this.changed();
    });
    this.details.addEventListener('toggle', () => {
      if (!this.details.open) return;
      this.draw();
      this.changed();
    });
    new ResizeObserver(() => this.draw()).observe(this.canvas);
  }
}

/**
 * Wires `<details id="hidden-space">`: the layer select `#hidden-layer`, the axes select
 * `#hidden-axes`, the canvas `#hidden-canvas` and `#hidden-message`.
 * @param {{store: Store, connection: Requests}} deps
 * @returns {{snapshot: () => {hiddenSpace: HiddenSpace | null, hiddenRequests: number}}}
 */
export function mountHiddenSpace(deps) {
  const panel = new HiddenSpacePanel(deps);
  panel.wire();
  return { snapshot: () => ({ hiddenSpace: panel.data ? structuredClone(panel.data) : null, hiddenRequests: panel.requests }) };
}
