// @ts-check
// The network diagram answers the mouse: hovering a link shows its weight, hovering a
// neuron its bias (an input box its feature); clicking either opens a small editor, and
// the value typed goes to the core's `setWeight(layer, from, to, value)` (`from` = the
// layer's input count: the bias). A value the core refuses shows its message and
// changes nothing. Where things are comes from the network view (`hit`, `parameter`,
// `targets`); this file only owns the tooltip and the editor.

import { byId, shown } from '../lib/dom.js';
import { formatWeight } from '../lib/format.js';
import { watch } from '../app/store.js';
import { neuronNote } from '../inside/stall.js';

/** @typedef {import('../app/state.js').State} State */
/** @typedef {import('../app/store.js').Store<State>} Store */
/** @typedef {import('../views/network-view.js').NetworkView} NetworkView */
/** @typedef {import('../views/network-view.js').Target} Target */
/** @typedef {{request: (method: string, args?: any) => Promise<any>}} Requests */

/**
 * What the tooltip and the editor say of a target, and the `setWeight` arguments.
 * @typedef {object} Described
 * @property {string} text
 * @property {number} [value]
 * @property {boolean} editable
 * @property {{layer: number, from: number, to: number}} [args]
 */

/**
 * The name of neuron `j` of column `l` of `layers` columns.
 * @param {string[]} labels  the inputs' feature labels
 * @param {number} l
 * @param {number} j
 * @param {number} layers
 */
function neuronName(labels, l, j, layers) {
  if (l === 0) return labels[j] ?? `input ${j + 1}`;
  return `neuron ${j + 1} of ${l === layers - 1 ? 'the output layer' : `hidden layer ${l}`}`;
}

/**
 * What a target is: its description, value and whether it can be edited.
 * @param {NetworkView} view
 * @param {string[]} labels
 * @param {Target} target
 * @returns {Described}
 */
function describe(view, labels, target) {
  const layers = view.layout?.shape.length ?? 0;
  if (target.kind === 'neuron' && target.l === 0) {
    return { text: `Input ${neuronName(labels, 0, target.j, layers)}`, editable: false };
  }
  const p = view.parameter(target);
  const to = neuronName(labels, target.l, target.j, layers);
  const text = target.kind === 'link' ? `Weight from ${neuronName(labels, target.l - 1, target.i, layers)} to ${to}` : `Bias of ${to}`;
  return { text, value: p?.value, editable: Boolean(p?.editable), args: p?.args };
}

/**
 * Places `el` near point (x, y) of `canvas`, inside `panel` (its positioned container).
 * @param {HTMLElement} el
 * @param {HTMLElement} canvas
 * @param {HTMLElement} panel
 * @param {number} x
 * @param {number} y
 */
function place(el, canvas, panel, x, y) {
  const c = canvas.getBoundingClientRect();
  const p = panel.getBoundingClientRect();
  const left = c.left - p.left + x + 14;
  const top = c.top - p.top + y + 12;
  el.style.left = `${Math.min(left, p.width - el.offsetWidth - 8)}px`;
  el.style.top = `${top}px`;
}

/**
 * The hover tooltip `#diagram-tip`.
 * @param {HTMLCanvasElement} canvas
 * @param {HTMLElement} panel
 * @param {NetworkView} view
 * @param {() => string[]} labels
 * @param {() => State['activity']} [activity]  hidden neurons' saturation, for their note
 */
function wireTooltip(canvas, panel, view, labels, activity = () => null) {
  const tip = byId('diagram-tip');
  canvas.addEventListener('pointermove', (event) => {
    const target = view.hit(event.offsetX, event.offsetY);
    canvas.classList.toggle('pointing', Boolean(target && (target.kind === 'link' || target.l > 0)));
    if (!target) {
      tip.hidden = true;
      return;
    }
    const d = describe(view, labels(), target);
    tip.textContent = d.value === undefined ? d.text : `${d.text}: ${formatWeight(d.value)}`;
    const note = target.kind === 'neuron' && target.l > 0 ? neuronNote(activity(), target.l - 1, target.j) : '';
    if (note) tip.textContent += ` · ${note}`;
    tip.hidden = false;
    place(tip, canvas, panel, event.offsetX, event.offsetY);
  });
  canvas.addEventListener('pointerleave', () => {
    tip.hidden = true;
  });
  return tip;
}

/**
 * The value typed: a number, or NaN (the core says why it is refused).
 * @param {string} text
 */
function typedValue(text) {
  const t = text.trim().replace(/\u2212/g, '-');
  return t === '' ? NaN : Number(t);
}

/**
 * Wires the diagram's tooltip and weight editor on `#network-canvas`: `#diagram-tip`,
 * the form `#weight-editor` with `#weight-label`, `#weight-value`, `#weight-cancel` and
 * `#weight-error`. A new run closes the editor (its weights are others).
 * @param {{store: Store, connection: Requests, networkView: NetworkView}} deps
 * @returns {{snapshot: () => {weightEdits: number, diagram: import('../views/network-view.js').Targets, weightError: string}}}
 */
export function mountDiagramEditor({ store, connection, networkView }) {
  const canvas = /** @type {HTMLCanvasElement} */ (byId('network-canvas'));
  const panel = /** @type {HTMLElement} */ (canvas.closest('.panel') ?? canvas.parentElement);
  const editor = /** @type {HTMLFormElement} */ (byId('weight-editor'));
  const input = /** @type {HTMLInputElement} */ (byId('weight-value'));
  const error = byId('weight-error');
  error.dataset.kind = 'error';
  const labels = () => store.get().run?.featureLabels ?? [];
  const tip = wireTooltip(canvas, panel, networkView, labels, () => store.get().activity);
  /** @type {Described|null} */
  let editing = null;
  let edits = 0;

  function close() {
    editor.hidden = true;
    editing = null;
    error.hidden = true;
  }

  /** @param {Described} d @param {number} x @param {number} y */
  function open(d, x, y) {
    editing = d;
    byId('weight-label').textContent = d.text;
    input.value = Number.isFinite(d.value) ? String(d.value) : '';
    error.hidden = true;
    tip.hidden = true;
    editor.hidden = false;
    place(editor, canvas, panel, x, y);
    input.focus();
    input.select();
  }

  canvas.addEventListener('click', (event) => {
    const target = networkView.hit(event.offsetX, event.offsetY);
    if (!target) return close();
    const d = describe(networkView, labels(), target);
    if (d.editable) open(d, event.offsetX, event.offsetY);
  });

  editor.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!editing) return;
    try {
      await connection.request('setWeight', { ...editing.args, value: typedValue(input.value) });
      edits += 1;
      close();
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
      input.focus();
    }
  });
  byId('weight-cancel').addEventListener('click', close);
  editor.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close();
  });
  watch(store, (s) => s.run?.id, close);

  return {
    snapshot: () => ({ weightEdits: edits, diagram: networkView.targets(), weightError: shown(error) }),
  };
}
