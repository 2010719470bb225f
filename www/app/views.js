// @ts-check
// Connects the drawing views to the store: the output plane with its points and
// legend, the network diagram, the loss chart, the plane's axes. Each redraws when
// what it shows changes; `onDrawn(ms)` hears how long a new frame took to draw.

import { byId, h } from '../lib/dom.js';
import { watch } from './store.js';
import { planeTicks } from '../lib/scales.js';
import { toPixel } from '../lib/plane.js';
import { formatTick } from '../lib/format.js';
import { OutputView } from '../views/output-view.js';
import { NetworkView } from '../views/network-view.js';
import { LossChart } from '../views/loss-chart.js';
import { drawLegend } from '../views/legend.js';
import { keepSize } from '../lib/canvas.js';

/** @typedef {import('./state.js').State} State */
/** @typedef {import('./store.js').Store<State>} Store */

/**
 * Tick values along the plane's axes, from -extent to extent.
 * @param {number} extent
 */
function drawAxes(extent) {
  const ticks = planeTicks(extent);
  const at = (/** @type {number} */ v) => `${toPixel(extent, 100, 100, v, v).x}%`; // the same share across and up
  const axis = (/** @type {string} */ selector, /** @type {string} */ title, /** @type {boolean} */ vertical) => {
    const el = document.querySelector(selector);
    if (!el) return;
    const spans = ticks.map((v) => {
      const span = h('span', { class: 'tick', text: formatTick(v) });
      if (vertical) span.style.bottom = at(v);
      else span.style.left = at(v);
      return span;
    });
    el.replaceChildren(...spans, h('span', { class: 'axis-title', text: title }));
    el.classList.add('ticked');
  };
  axis('.plot-frame .axis-x', 'x1', false);
  axis('.plot-frame .axis-y', 'x2', true);
}

/**
 * Builds the views and keeps them drawn.
 * @param {Store} store
 * @param {{onDrawn?: (ms: number) => void}} [hooks]
 */
export function mountViews(store, { onDrawn } = {}) {
  const { schema } = store.get();
  const output = new OutputView(/** @type {HTMLCanvasElement} */ (byId('output-canvas')), schema.extent);
  const network = new NetworkView(/** @type {HTMLCanvasElement} */ (byId('network-canvas')));
  const chart = new LossChart(/** @type {HTMLCanvasElement} */ (byId('loss-chart')), byId('loss-readout'), { log: store.get().view.logScale });
  const legend = /** @type {HTMLCanvasElement} */ (byId('legend'));
  drawAxes(schema.extent);

  const paintPlane = (/** @type {State} */ s) => {
    if (s.frame && s.frame.grid && s.run && s.frame.run === s.run.id) output.setGrid(/** @type {any} */ (s.frame), s.run.outputs, s.run.mode, s.view.discretize);
  };
  const drawPlane = (/** @type {State} */ s) => {
    output.quality = s.playing ? 'low' : 'high';
    output.draw(s.run, s.view.showTest);
  };
  const drawLegendOf = (/** @type {State} */ s) => s.run && drawLegend(legend, s.run.mode, s.run.mode.kind === 'classes' ? s.run.outputs : 0);

  watch(store, (s) => s.frame, (frame, s) => {
    if (!frame) return;
    const start = performance.now();
    if (!s.run?.table) {
      // A table run hides the plane (a slice takes its place).
      paintPlane(s);
      drawPlane(s);
    }
    network.draw(s.run, frame);
    onDrawn?.(performance.now() - start);
  });
  watch(store, (s) => s.run, (run, s) => {
    if (!run) return;
    drawLegendOf(s);
    drawPlane(s);
  });
  watch(store, (s) => s.view.discretize, (_, s) => {
    paintPlane(s);
    drawPlane(s);
  });
  watch(store, (s) => s.view.showTest, (_, s) => drawPlane(s));
  watch(store, (s) => s.progress.history, (history, s) => chart.draw(history, s.view.logScale));
  watch(store, (s) => s.view.logScale, (log, s) => chart.draw(s.progress.history, log));
  const redraw = watchSize(store, () => {
    const s = store.get();
    drawLegendOf(s);
    drawPlane(s);
    network.draw(s.run, s.frame);
    chart.draw(s.progress.history, s.view.logScale);
  });
  // The plane is drawn at every frame while training: its size is kept, not read.
  keepSize(/** @type {HTMLCanvasElement} */ (byId('output-canvas')), redraw);
  return { output, network, chart };
}

/**
 * Redraws once per animation frame after the layout or the diagram's canvas changed
 * size (the canvas can shrink inside its column while the columns keep their size, and
 * a paused run draws no frame that would fit it again).
 * @param {Store} store
 * @param {() => void} redraw
 * @returns {() => void} schedules a redraw
 */
function watchSize(store, redraw) {
  let queued = false;
  const schedule = () => {
    if (queued || !store.get().ready) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      redraw();
    });
  };
  const observer = new ResizeObserver(schedule);
  observer.observe(/** @type {Element} */ (document.querySelector('.columns')));
  observer.observe(byId('network-canvas'));
  return schedule;
}
