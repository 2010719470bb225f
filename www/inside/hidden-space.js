// @ts-check
// The hidden space: the training points and a regular grid of the input plane as a
// hidden layer sees them, on two of its neurons or its first two principal components.
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

/**
 * The axes a layer of `m` neurons can be seen on: every pair of neurons, then the
 * principal components (a layer of one neuron: only those).
 * @param {number} m
 * @returns {Array<{value: string, text: string, i: number, j: number}>}
 */
export function axesChoices(m) {
  const out = [];
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) out.push({ value: `${i},${j}`, text: `neurons ${i + 1} and ${j + 1}`, i, j });
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
  const plot = { x: MARGIN.left, y: MARGIN.top, w: Math.max(10, w - MARGIN.left - MARGIN.right), h: Math.max(10, height - MARGIN.top - MARGIN.bottom) };
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(plot.x, plot.y, plot.w, plot.h);
  ctx.font = '11px system-ui, sans-serif';
  if (!data || !mode) {
    ctx.fillStyle = '#8a949e';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(note, plot.x + plot.w / 2, plot.y + plot.h / 2);
    return;
  }
  const view = fitView(data.points, data.grid.flat());
  const scale = Math.min(plot.w, plot.h) / (2 * view.half);
  const halfU = plot.w / 2 / scale;
  const halfV = plot.h / 2 / scale;
  const px = (/** @type {number} */ u) => plot.x + plot.w / 2 + (u - view.cu) * scale;
  const py = (/** @type {number} */ v) => plot.y + plot.h / 2 - (v - view.cv) * scale;

  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.x, plot.y, plot.w, plot.h);
  ctx.clip();
  // The input plane's grid, bent by the layer: x1 = const lines, then x2 = const.
  const lines = data.grid.length / 2;
  data.grid.forEach((line, k) => {
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
  // The training points, one path per colour.
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
  ctx.restore();

  // The frame, ticks and the core's labels.
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
  ctx.fillStyle = '#1f2933';
  ctx.font = '12px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(data.axes[0]?.label ?? '', plot.x + plot.w / 2, height - 1);
  ctx.save();
  ctx.translate(11, plot.y + plot.h / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(data.axes[1]?.label ?? '', 0, 0);
  ctx.restore();
}

/**
 * Wires `<details id="hidden-space">`: the layer select `#hidden-layer`, the axes select
 * `#hidden-axes`, the canvas `#hidden-canvas` and `#hidden-message`.
 * @param {{store: Store, connection: Requests}} deps
 * @returns {{snapshot: () => {hiddenSpace: HiddenSpace | null, hiddenRequests: number}}}
 */
export function mountHiddenSpace({ store, connection }) {
  const details = /** @type {HTMLDetailsElement} */ (byId('hidden-space'));
  const layerSelect = /** @type {HTMLSelectElement} */ (byId('hidden-layer'));
  const axesSelect = /** @type {HTMLSelectElement} */ (byId('hidden-axes'));
  const canvas = /** @type {HTMLCanvasElement} */ (byId('hidden-canvas'));
  const message = byId('hidden-message');
  /** @type {HiddenSpace | null} the last answer for the current run */
  let data = null;
  let dirty = true; // the run or the choice changed since the last request
  let inFlight = false;
  let lastAt = -Infinity;
  let chosen = false; // the axes were picked by hand (kept across runs when they fit)
  let requests = 0;
  /** @type {ReturnType<typeof setTimeout> | null} */
  let timer = null;

  /** Widths of the run's hidden layers. */
  const hiddenWidths = () => store.get().run?.shape.slice(1, -1) ?? [];

  const say = (/** @type {string} */ text) => {
    message.textContent = text;
    message.hidden = !text;
  };

  function draw() {
    if (!details.open) return;
    const s = store.get();
    drawHiddenSpace(canvas, data, s.run?.mode ?? null, hiddenWidths().length ? 'waiting for the core…' : 'no hidden layer');
    if (data) {
      const [a, b] = data.axes;
      canvas.setAttribute(
        'aria-label',
        `Hidden layer ${data.layer + 1} (${data.neurons} neurons): the training points and the input plane's grid on ${a.label} across and ${b.label} up`,
      );
    }
  }

  /** The axes options of the selected layer, keeping a hand-picked choice that fits. */
  function fillAxes() {
    const m = hiddenWidths()[Number(layerSelect.value)] ?? 0;
    const choices = axesChoices(m);
    const keep = chosen && choices.some((c) => c.value === axesSelect.value) ? axesSelect.value : defaultAxes(m);
    axesSelect.replaceChildren(...choices.map((c) => h('option', { value: c.value, text: c.text })));
    axesSelect.value = keep;
  }

  /** The layer options of the current run (the selected layer kept if it exists). */
  function fillLayers() {
    const widths = hiddenWidths();
    const before = Number(layerSelect.value) || 0;
    layerSelect.replaceChildren(
      ...widths.map((m, l) => h('option', { value: String(l), text: `${l + 1} (${m} neuron${m === 1 ? '' : 's'})` })),
    );
    layerSelect.value = String(before < widths.length ? before : 0);
    layerSelect.disabled = widths.length === 0;
    axesSelect.disabled = widths.length === 0;
    fillAxes();
    say(widths.length ? '' : 'The network has no hidden layer: add one to see how it maps the data.');
  }

  function ask() {
    const s = store.get();
    if (!s.run || hiddenWidths().length === 0) return;
    const layer = Number(layerSelect.value);
    const choice = axesChoices(hiddenWidths()[layer]).find((c) => c.value === axesSelect.value);
    if (!choice) return;
    const run = s.run.id;
    inFlight = true;
    dirty = false;
    lastAt = performance.now();
    requests += 1;
    connection
      .request('hiddenSpace', { layer, i: choice.i, j: choice.j })
      .then((value) => {
        if (store.get().run?.id !== run || Number(layerSelect.value) !== layer || axesSelect.value !== choice.value) {
          dirty = true; // answers an older question
          return;
        }
        data = value;
        say('');
        draw();
      })
      .catch((err) => {
        if (store.get().run?.id === run) say(err.message);
      })
      .finally(() => {
        inFlight = false;
        pump();
      });
  }

  /** Sends the next request if one is due, or schedules it. */
  function pump() {
    if (!details.open || !dirty || inFlight) return;
    const wait = lastAt + HIDDEN_EVERY_MS - performance.now();
    if (wait > 0) {
      timer ??= setTimeout(() => {
        timer = null;
        pump();
      }, wait);
      return;
    }
    ask();
  }

  const changed = () => {
    dirty = true;
    pump();
  };

  watch(store, (s) => s.run, (run) => {
    if (!run) return;
    data = null;
    fillLayers();
    draw();
    changed();
  });
  watch(store, (s) => s.frame, changed);
  layerSelect.addEventListener('change', () => {
    chosen = false;
    fillAxes();
    data = null;
    draw();
    changed();
  });
  axesSelect.addEventListener('change', () => {
    chosen = true;
    changed();
  });
  details.addEventListener('toggle', () => {
    if (!details.open) return;
    draw();
    changed();
  });
  new ResizeObserver(() => draw()).observe(canvas);

  return { snapshot: () => ({ hiddenSpace: data ? structuredClone(data) : null, hiddenRequests: requests }) };
}
