// @ts-check
// The W panel: a layer select, the heatmap (w-view.js), a read-out of the value under
// the mouse or at the keyboard's cell, and an editor that sends the value to the core's
// `setWeight` as the diagram's editor does. The heatmap takes the focus: arrows move
// its cell (said in a polite live region), Enter edits. Works on the plane and on tables.

import { h, keyboardWidget, setText } from '../lib/dom.js';
import { formatWeight } from '../lib/format.js';
import { watch } from '../app/store.js';
import { WeightMatrixView } from './w-view.js';
import { cellArgs, cellName, layerChoices, moveCell, outputNames } from './matrix.js';
import { paced } from './pace.js';

/** Least time between two redraws while frames keep coming (ms). */
const REDRAW_MS = 100;

/** @typedef {import('../app/state.js').State} State */
/** @typedef {import('../app/store.js').Store<State>} Store */
/** @typedef {{request: (method: string, args?: any) => Promise<any>}} Requests */

/**
 * The panel's elements.
 * @returns {Record<string, HTMLElement>}
 */
function build() {
  const select = h('select', { id: 'w-layer' });
  const canvas = h('canvas', { id: 'w-canvas', class: 'w-canvas' });
  const readout = h('output', { id: 'w-readout', class: 'w-readout', for: 'w-canvas' });
  const label = h('label', { id: 'w-label', for: 'w-value', text: 'Select a cell' });
  const input = h('input', { id: 'w-value', type: 'text', inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false' });
  const error = h('p', { id: 'w-error', class: 'inline-message', role: 'alert', hidden: true });
  const form = h('form', { id: 'w-editor', class: 'w-editor' }, label, h('div', { class: 'inline' }, input, h('button', { type: 'submit', class: 'text-button small', text: 'Set' })), error);
  const section = h(
    'details',
    { id: 'w-panel', class: 'w-panel' },
    h('summary', { text: 'W: a layer\'s weights as the lecture writes them' }),
    h('p', { class: 'hint', text: 'Each neuron is one column of W, the first row holds the biases; the other rows are the layer\'s inputs. Orange is negative, blue positive, as on the diagram\'s links. Hover a cell for its value; click it, or Tab to the matrix, move with the arrows and press Enter, to edit it (Escape goes back).' }),
    h('div', { class: 'w-bar' }, h('label', { for: 'w-layer', text: 'Layer' }), select),
    h('div', { class: 'w-scroll' }, canvas),
    readout,
    form,
  );
  return { section, select, canvas, readout, label, input, error, form };
}

/**
 * What the panel keeps between events: the layer shown, its weights as the last frame
 * brought them, the selected cell and the one under the mouse, the edits made.
 * @typedef {{weights: Float32Array | null, layer: number, edits: number, cell: {r: number, c: number}, hover: {r: number, c: number} | null}} PanelState
 */

/**
 * Builds the W panel into `host` and keeps it drawn from the store.
 * @param {{store: Store, connection: Requests, host: HTMLElement}} deps
 */
export function mountWPanel({ store, connection, host }) {
  const el = build();
  host.append(el.section);
  const details = /** @type {HTMLDetailsElement} */ (el.section);
  const select = /** @type {HTMLSelectElement} */ (el.select);
  const canvas = /** @type {HTMLCanvasElement} */ (el.canvas);
  const input = /** @type {HTMLInputElement} */ (el.input);
  const view = new WeightMatrixView(canvas);
  const live = keyboardWidget(canvas, 'w-live', 'weight matrix', 'The weight matrix W of the chosen layer: arrows move a cell, Enter edits it.');
  /** @type {PanelState} */
  const state = { weights: null, layer: 1, edits: 0, cell: { r: 0, c: 0 }, hover: null };

  const run = () => store.get().run;
  const redraw = () => {
    const r = run();
    if (!r || !state.weights || !details.open) return;
    view.take(r, outputNames(r), state.weights, state.layer);
    view.draw(Math.max(200, el.section.clientWidth - 4));
    const m = view.matrix;
    if (m) state.cell = { r: Math.min(state.cell.r, m.rows - 1), c: Math.min(state.cell.c, m.cols - 1) };
    setText(el.label, view.matrix ? `${cellName(view.rows, view.cols, state.cell.r, state.cell.c)}` : 'Select a cell');
  };
  const choose = (/** @type {{r: number, c: number}} */ next, /** @type {boolean} */ announce) => {
    state.cell = next;
    view.selected = next;
    redraw();
    const text = view.describe(next.r, next.c);
    setText(el.readout, text);
    if (document.activeElement !== input) input.value = formatWeight(view.value(next.r, next.c));
    if (announce) setText(live, text);
  };
  select.addEventListener('change', () => {
    state.layer = Number(select.value);
    choose({ r: 0, c: 0 }, false);
  });
  details.addEventListener('toggle', () => details.open && choose(state.cell, false));
  wireMatrix({ canvas, input, readout: el.readout, view, state, choose });
  wireEditor({ el, input, canvas, view, state, live, connection, run });

  watch(store, (s) => s.run, () => {
    state.weights = null;
    fillLayers(select, run(), state);
  });
  const onWeights = paced(() => {
    redraw();
    if (!view.matrix) return;
    const shown = state.hover ?? state.cell;
    setText(el.readout, view.describe(shown.r, shown.c)); // the value as it is now
    if (document.activeElement !== input) input.value = formatWeight(view.value(state.cell.r, state.cell.c));
  }, REDRAW_MS);
  watch(store, (s) => s.frame, (frame) => {
    if (!frame?.weights || frame.run !== run()?.id) return;
    state.weights = Float32Array.from(frame.weights);
    onWeights();
  });

  return {
    /** What the tests read: the layer, its matrix and names, the selected cell. */
    snapshot: () => ({
      layer: state.layer,
      open: details.open,
      rows: [...view.rows],
      cols: [...view.cols],
      values: view.matrix ? Array.from(view.matrix.values) : [],
      cell: { ...state.cell },
      readout: el.readout.textContent,
      edits: state.edits,
      error: el.error.hidden ? '' : el.error.textContent,
      numbers: view.geometry?.numbers ?? false,
      /** Centre of cell (r, c) in the canvas's CSS px. */
      point: (/** @type {number} */ r, /** @type {number} */ c) => view.cellPoint(r, c),
    }),
  };
}

/**
 * The layer select's options for `run` (none before a run), keeping the layer shown
 * where the new network has it.
 * @param {HTMLSelectElement} select
 * @param {any} run
 * @param {PanelState} state
 */
function fillLayers(select, run, state) {
  if (!run) return;
  const choices = layerChoices(run.shape);
  select.replaceChildren(...choices.map((c) => h('option', { value: String(c.l), text: c.label })));
  state.layer = Math.min(Math.max(1, state.layer), choices.length);
  select.value = String(state.layer);
}

/**
 * The heatmap's mouse and keys: hovering reads a cell's value out, a click selects
 * it for the editor; with the focus, arrows move the selected cell and Enter (or F2)
 * edits it.
 * @param {{canvas: HTMLCanvasElement, input: HTMLInputElement, readout: HTMLElement, view: WeightMatrixView, state: PanelState,
 *   choose: (cell: {r: number, c: number}, announce: boolean) => void}} parts
 */
function wireMatrix({ canvas, input, readout, view, state, choose }) {
  canvas.addEventListener('pointermove', (event) => {
    state.hover = view.hit(event.offsetX, event.offsetY);
    if (state.hover) setText(readout, view.describe(state.hover.r, state.hover.c));
  });
  canvas.addEventListener('pointerleave', () => {
    state.hover = null;
  });
  canvas.addEventListener('click', (event) => {
    const at = view.hit(event.offsetX, event.offsetY);
    if (!at) return;
    choose(at, false);
    input.focus();
    input.select();
  });
  canvas.addEventListener('keydown', (event) => {
    const m = view.matrix;
    if (!m || event.ctrlKey || event.metaKey || event.altKey) return;
    const next = moveCell(state.cell, event.key, m.rows, m.cols);
    if (!next && event.key !== 'Enter' && event.key !== 'F2') return;
    event.preventDefault();
    event.stopPropagation(); // the page's own keys (→ steps) do not see it
    if (next) return choose(next, true);
    input.focus();
    input.select();
  });
  canvas.addEventListener('focus', () => choose(state.cell, true));
}

/**
 * The editor: Set sends the value to the core (`setWeight`), which says what is wrong
 * with it; Escape drops the edit and goes back to the heatmap.
 * @param {{el: Record<string, HTMLElement>, input: HTMLInputElement, canvas: HTMLCanvasElement, view: WeightMatrixView, state: PanelState,
 *   live: HTMLElement, connection: Requests, run: () => any}} parts
 */
function wireEditor({ el, input, canvas, view, state, live, connection, run }) {
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    input.value = formatWeight(view.value(state.cell.r, state.cell.c)); // the edit is dropped
    canvas.focus();
  });
  el.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const r = run();
    if (!r) return;
    const t = input.value.trim().replace(/\u2212/g, '-');
    const value = t === '' ? NaN : Number(t);
    const { cell } = state;
    try {
      await connection.request('setWeight', { ...cellArgs(r.shape, state.layer, cell.r, cell.c), value });
      state.edits += 1;
      el.error.hidden = true;
      setText(live, `${cellName(view.rows, view.cols, cell.r, cell.c)} set to ${formatWeight(value)}.`);
    } catch (err) {
      el.error.textContent = /** @type {Error} */ (err).message;
      el.error.hidden = false;
    }
  });
}
