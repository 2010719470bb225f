// @ts-check
// Draw and classify, for image tables: a pad of the table's pixels where the student
// draws with the mouse, a finger or a pen (a stroke inks blank pixels, or erases when it
// starts on ink) or the keyboard (arrows move a cursor, space toggles its pixel), and
// sees the network's outputs as bars, class by class, change as they draw. The core
// computes the prediction from the raw picture (request `predictImage`).

import { h, keyboardWidget, setText } from '../lib/dom.js';
import { fitCanvas } from '../lib/canvas.js';
import { css } from '../lib/colors.js';
import { watch } from '../app/store.js';
import { inkColor, paintGrid } from './images.js';
import { barShare, moveCursor, pixelAt, strokeValue } from './pad.js';
import { outputNames } from './matrix.js';

/** @typedef {import('../app/state.js').State} State */
/** @typedef {import('../app/store.js').Store<State>} Store */
/** @typedef {{request: (method: string, args?: any) => Promise<any>}} Requests */

/** Pad pixel size (CSS px). */
const PAD_PX = 22;
/** Least time between two predictions while training (ms). */
const EVERY_MS = 250;

/** The panel's elements. */
function build() {
  const canvas = /** @type {HTMLCanvasElement} */ (h('canvas', { id: 'pad-canvas', class: 'pad-canvas' }));
  const clear = h('button', { id: 'pad-clear', type: 'button', class: 'text-button small', text: 'Clear' });
  const pass = h('button', { id: 'pad-pass', type: 'button', class: 'text-button small', 'aria-pressed': 'false', text: 'Show its pass through the network' });
  const passLink = h('a', { id: 'pad-pass-link', href: '#row-pass', class: 'pad-pass-link', hidden: true, text: 'Its pass is under the table\'s rows ↓' });
  const verdict = h('output', { id: 'pad-class', class: 'pad-class', for: 'pad-canvas', 'aria-live': 'polite' });
  const bars = h('ol', { id: 'pad-bars', class: 'pad-bars', 'aria-label': 'The network\'s outputs for the drawing' });
  const heading = h('p', { id: 'pad-heading', class: 'caption' });
  const error = h('p', { id: 'pad-error', class: 'inline-message', role: 'alert', 'data-kind': 'error', hidden: true });
  const details = /** @type {HTMLDetailsElement} */ (
    h(
      'details',
      { id: 'pad-panel', class: 'pad-panel', hidden: true },
      h('summary', { text: 'Draw and classify' }),
      h('p', { class: 'hint', text: 'Draw a letter or digit on the pad: a stroke inks blank pixels and erases when it starts on ink. From the keyboard: Tab to the pad, arrows move the cursor, space toggles its pixel. The bars show the network\'s outputs for the drawing as you draw.' }),
      h('div', { class: 'pad-body' }, h('div', { class: 'pad-side' }, canvas, clear, pass, passLink), h('div', { class: 'pad-result' }, verdict, heading, bars)),
      error,
    )
  );
  return { details, canvas, clear, pass, passLink, verdict, bars, heading, error };
}

/**
 * Shows a prediction as bars, one per output, the predicted class named above them.
 * @param {ReturnType<typeof build>} el
 * @param {any} run  the run (its outputs' names, target range and activations)
 * @param {{outputs: number[], class: number} | null} prediction
 */
function showBars(el, run, prediction) {
  if (!run || !prediction) return;
  const names = outputNames(run);
  const [lo, hi] = run.targetRange;
  const softmax = run.activations.at(-1)?.kind === 'softmax';
  setText(el.heading, softmax ? 'Probability of each class (softmax outputs)' : `Each output y, from ${lo} to ${hi}`);
  const top = prediction.class;
  setText(el.verdict, `The network says: ${names[top] ?? top}`);
  el.bars.replaceChildren(
    ...prediction.outputs.map((y, j) => {
      const fill = h('span', { class: 'pad-fill' });
      fill.style.width = `${(100 * barShare(y, lo, hi)).toFixed(1)}%`;
      fill.style.background = css(j === top ? [8, 119, 189] : [150, 160, 170]);
      return h('li', { class: j === top ? 'top' : '', 'data-output': String(j) }, h('span', { class: 'pad-name', text: names[j] ?? String(j) }), h('span', { class: 'pad-track' }, fill), h('span', { class: 'pad-value', text: y.toFixed(2) }));
    }),
  );
}

/**
 * The pen: a pointer stroke inks blank pixels, or erases when it starts on ink; from
 * the keyboard the arrows move `pen.cursor` and space or Enter toggles its pixel.
 * @param {HTMLCanvasElement} canvas
 * @param {{cursor: number, keyboard: boolean, stroke: number | null}} pen  `stroke`: the value a pointer stroke paints, null between strokes
 * @param {{image: () => any, pixels: () => Float64Array, paint: (k: number, v: number) => void, draw: () => void, live: HTMLElement}} pad
 */
function wirePen(canvas, pen, { image, pixels, paint, draw, live }) {
  canvas.addEventListener('pointerdown', (event) => {
    const im = image();
    if (!im) return;
    const k = pixelAt(im, PAD_PX, event.offsetX, event.offsetY);
    if (k < 0) return;
    event.preventDefault();
    canvas.setPointerCapture?.(event.pointerId);
    pen.keyboard = false;
    pen.stroke = strokeValue(pixels()[k], im.ink);
    paint(k, pen.stroke);
  });
  canvas.addEventListener('pointermove', (event) => {
    const im = image();
    if (pen.stroke === null || !im) return;
    paint(pixelAt(im, PAD_PX, event.offsetX, event.offsetY), pen.stroke);
  });
  const end = () => {
    pen.stroke = null;
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  canvas.addEventListener('keydown', (event) => {
    const im = image();
    if (!im || event.ctrlKey || event.metaKey || event.altKey) return;
    const next = moveCursor(im, pen.cursor, event.key);
    const toggle = event.key === ' ' || event.key === 'Enter';
    if (next === null && !toggle) return;
    event.preventDefault();
    event.stopPropagation(); // space does not play or pause here
    pen.keyboard = true;
    if (next !== null) pen.cursor = next;
    if (toggle) paint(pen.cursor, strokeValue(pixels()[pen.cursor], im.ink));
    draw();
    const on = pixels()[pen.cursor] > 0 ? 'ink' : 'blank';
    setText(live, `Row ${Math.floor(pen.cursor / im.width) + 1}, column ${(pen.cursor % im.width) + 1}: ${on}.`);
  });
  canvas.addEventListener('focus', () => {
    pen.keyboard = canvas.matches(':focus-visible');
    draw();
  });
  canvas.addEventListener('blur', () => {
    pen.keyboard = false;
    draw();
  });
}

/**
 * Paints the pad: each pixel in its ink, a faint grid, and the cursor while the
 * keyboard draws.
 * @param {HTMLCanvasElement} canvas
 * @param {any} im  the table's image (width, height, ink)
 * @param {Float64Array} pixels
 * @param {{cursor: number, keyboard: boolean}} pen
 */
function paintPad(canvas, im, pixels, pen) {
  canvas.style.width = `${im.width * PAD_PX}px`;
  canvas.style.height = `${im.height * PAD_PX}px`;
  const { ctx } = fitCanvas(canvas);
  paintGrid(ctx, im, (k) => inkColor(pixels[k], im.ink), 0, 0, PAD_PX);
  ctx.strokeStyle = 'rgb(0 0 0 / 0.12)';
  for (let c = 1; c < im.width; c++) ctx.strokeRect(c * PAD_PX, 0, 0, im.height * PAD_PX);
  for (let r = 1; r < im.height; r++) ctx.strokeRect(0, r * PAD_PX, im.width * PAD_PX, 0);
  if (pen.keyboard) {
    ctx.strokeStyle = '#0877bd';
    ctx.lineWidth = 3;
    ctx.strokeRect((pen.cursor % im.width) * PAD_PX + 1.5, Math.floor(pen.cursor / im.width) * PAD_PX + 1.5, PAD_PX - 3, PAD_PX - 3);
    ctx.lineWidth = 1;
  }
}

/**
 * The drawing's prediction, asked of the core (`predictImage`) one request at a time:
 * a change while one is in flight asks again when it returns; an answer for an older
 * run is dropped.
 * @param {{store: Store, connection: Requests, el: ReturnType<typeof build>, ready: () => boolean, pixels: () => Float64Array}} deps
 *   `ready`: whether the pad shows an image and is open
 */
function predictions({ store, connection, el, ready, pixels }) {
  const state = {
    inFlight: false,
    dirty: false,
    lastAt: -Infinity,
    requests: 0,
    /** @type {{outputs: number[], class: number} | null} */
    prediction: null,
  };
  /** Asks the core for the drawing's outputs now, or after the request in flight. */
  const predict = () => {
    state.dirty = true;
    if (state.inFlight || !ready()) return;
    state.dirty = false;
    state.inFlight = true;
    state.lastAt = performance.now();
    state.requests += 1;
    const run = store.get().run?.id;
    connection
      .request('predictImage', { pixels: Array.from(pixels()) })
      .then((p) => {
        if (store.get().run?.id !== run) return;
        state.prediction = p;
        el.error.hidden = true;
        showBars(el, store.get().run, p);
      })
      .catch((err) => {
        el.error.textContent = err.message;
        el.error.hidden = false;
      })
      .finally(() => {
        state.inFlight = false;
        if (state.dirty) predict();
      });
  };
  return { state, predict };
}

/**
 * The pad's buttons: Clear blanks the drawing; "Show its pass" makes the drawing the
 * one-row panel's row (inside/row-pass.js) until a table row is selected, the pad
 * staying where it is with a link down to the panel.
 * @param {ReturnType<typeof build>} el
 * @param {Store} store
 * @param {() => Float64Array} pixels
 * @param {() => void} changed  the drawing changed
 */
function wireButtons(el, store, pixels, changed) {
  el.clear.addEventListener('click', () => {
    pixels().fill(0);
    changed();
  });
  el.pass.addEventListener('click', () => {
    store.update({ drawing: Array.from(pixels()) });
    const panel = /** @type {HTMLDetailsElement | null} */ (document.getElementById('row-pass'));
    if (panel) panel.open = true;
  });
  watch(store, (s) => s.drawing !== null, (on) => {
    el.pass.setAttribute('aria-pressed', String(on));
    el.passLink.hidden = !on;
  });
}

/**
 * Builds the pad into `host` and keeps it for image tables (hidden otherwise).
 * @param {{store: Store, connection: Requests, host: HTMLElement}} deps
 */
export function mountPadPanel({ store, connection, host }) {
  const el = build();
  host.append(el.details);
  const { canvas, details } = el;
  const live = keyboardWidget(canvas, 'pad-live', 'drawing pad', 'Drawing pad: arrows move the cursor, space toggles the pixel under it.');
  /** @type {Float64Array} */
  let pixels = new Float64Array(0);
  /** @type {{cursor: number, keyboard: boolean, stroke: number | null}} */
  const pen = { cursor: 0, keyboard: false, stroke: null };
  const image = () => store.get().run?.table?.image ?? null;
  const { state, predict } = predictions({ store, connection, el, ready: () => Boolean(image()) && details.open, pixels: () => pixels });

  const draw = () => {
    const im = image();
    if (im && details.open) paintPad(canvas, im, pixels, pen);
  };

  /** The picture changed: redraw, predict, and follow it in the one-row pass when that shows it. */
  const changed = () => {
    draw();
    predict();
    if (store.get().drawing !== null) store.update({ drawing: Array.from(pixels) });
  };

  /** Sets pixel k to v; redraws and predicts when it changed. @param {number} k @param {number} v */
  const paint = (k, v) => {
    if (k < 0 || pixels[k] === v) return;
    pixels[k] = v;
    changed();
  };

  wirePen(canvas, pen, { image, pixels: () => pixels, paint, draw, live });
  wireButtons(el, store, () => pixels, changed);
  details.addEventListener('toggle', () => {
    draw();
    predict();
  });

  watch(store, (s) => s.run, (run) => {
    const im = run?.table?.image ?? null;
    details.hidden = !im;
    if (im && pixels.length !== im.width * im.height) {
      pixels = new Float64Array(im.width * im.height);
      pen.cursor = 0;
    }
    if (store.get().drawing !== null) store.update({ drawing: im ? Array.from(pixels) : null }); // the pad's picture, or none off images
    state.prediction = null;
    el.bars.replaceChildren();
    setText(el.verdict, '');
    draw();
    predict();
  });
  // New weights: the same drawing gets a new prediction (at most every EVERY_MS while training).
  watch(store, (s) => s.frame, (frame, s) => {
    if (!frame?.changed || !image()) return;
    if (!s.playing || performance.now() - state.lastAt >= EVERY_MS) predict();
  });

  return {
    snapshot: () => ({
      shown: !details.hidden,
      open: details.open,
      pixels: Array.from(pixels),
      cursor: pen.cursor,
      requests: state.requests,
      /** No prediction asked or due: the bars are the drawing's. */
      settled: !state.inFlight && !state.dirty,
      prediction: state.prediction && { outputs: [...state.prediction.outputs], class: state.prediction.class },
      verdict: el.verdict.textContent,
      size: PAD_PX,
    }),
  };
}
