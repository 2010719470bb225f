// @ts-check
// The network diagram answers the mouse: hovering a link shows its weight, hovering a
// neuron its bias (an input box its feature); clicking either opens a small editor, and
// the value typed goes to the core's `setWeight(layer, from, to, value)` (`from` = the
// layer's input count: the bias). A value the core refuses shows its message and
// changes nothing. Where things are comes from the network view (`hit`, `parameter`,
// `targets`); this file only owns the tooltip and the editor.
//
// From the keyboard the diagram takes the focus and a selection walks its parameters
// (diagram-keys.js): the tooltip shows the selected one, Enter opens the editor on it,
// Enter there applies, Escape cancels, and the focus comes back to the diagram. Each
// selection and edit is said in a polite live region.

import { byId, keyboardWidget, setText, shown } from '../lib/dom.js';
import { formatWeight } from '../lib/format.js';
import { watch } from '../app/store.js';
import { neuronNote } from '../inside/stall.js';
import { FIRST, fitSelection, moveSelection, selectionTarget } from './diagram-keys.js';

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
 * The weight editor, the form `#weight-editor` with `#weight-label`, `#weight-value`,
 * `#weight-cancel` and `#weight-error`: `open` shows it for a parameter at (x, y) of the
 * canvas (`byKeyboard`: closing gives the diagram the focus back); Enter applies through
 * the core's `setWeight` (then `said` tells what changed), Escape or × cancels.
 * @param {{canvas: HTMLCanvasElement, panel: HTMLElement, tip: HTMLElement, connection: Requests}} parts
 * @param {(text: string) => void} said
 */
function wireEditor({ canvas, panel, tip, connection }, said) {
  const editor = /** @type {HTMLFormElement} */ (byId('weight-editor'));
  const input = /** @type {HTMLInputElement} */ (byId('weight-value'));
  const error = byId('weight-error');
  error.dataset.kind = 'error';
  /** @type {Described|null} */
  let editing = null;
  let edits = 0;
  let refocus = false;

  function close() {
    const back = refocus && !editor.hidden;
    editor.hidden = true;
    editing = null;
    refocus = false;
    error.hidden = true;
    if (back) canvas.focus();
  }

  /** @param {Described} d @param {number} x @param {number} y @param {boolean} [byKeyboard] */
  function open(d, x, y, byKeyboard = false) {
    editing = d;
    refocus = byKeyboard;
    byId('weight-label').textContent = d.text;
    input.value = Number.isFinite(d.value) ? String(d.value) : '';
    error.hidden = true;
    tip.hidden = true;
    editor.hidden = false;
    place(editor, canvas, panel, x, y);
    input.focus();
    input.select();
  }

  editor.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!editing) return;
    const what = editing.text;
    try {
      const value = typedValue(input.value);
      await connection.request('setWeight', { ...editing.args, value });
      edits += 1;
      close();
      said(`${what} set to ${formatWeight(value)}.`);
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
  return { open, close, edits: () => edits, error: () => shown(error) };
}

/**
 * Wires the diagram's tooltip, its keyboard selection and the weight editor on
 * `#network-canvas` (`#diagram-tip`, `#weight-editor`). A new run closes the editor (its
 * weights are others).
 * @param {{store: Store, connection: Requests, networkView: NetworkView}} deps
 * @returns {{snapshot: () => {weightEdits: number, diagram: import('../views/network-view.js').Targets, weightError: string, selection: import('./diagram-keys.js').Selection}}}
 */
export function mountDiagramEditor({ store, connection, networkView }) {
  const canvas = /** @type {HTMLCanvasElement} */ (byId('network-canvas'));
  const panel = /** @type {HTMLElement} */ (canvas.closest('.panel') ?? canvas.parentElement);
  const labels = () => store.get().run?.featureLabels ?? [];
  const activity = () => store.get().activity;
  const tip = wireTooltip(canvas, panel, networkView, labels, activity);
  const redraw = () => networkView.draw(store.get().run, store.get().frame);
  const editor = wireEditor({ canvas, panel, tip, connection }, (text) => keys.say(text));
  const keys = wireKeyboard({ canvas, panel, view: networkView, labels, tip, redraw, activity }, (d, x, y) => editor.open(d, x, y, true));

  canvas.addEventListener('click', (event) => {
    const target = networkView.hit(event.offsetX, event.offsetY);
    if (!target) return editor.close();
    const d = describe(networkView, labels(), target);
    if (d.editable) editor.open(d, event.offsetX, event.offsetY);
  });
  watch(store, (s) => s.run?.id, editor.close);
  watch(store, (s) => s.frame, keys.refresh);

  return {
    snapshot: () => ({ weightEdits: editor.edits(), diagram: networkView.targets(), weightError: editor.error(), selection: keys.selection() }),
  };
}

/**
 * Where a target is drawn (a link: half-way along it), in canvas CSS pixels.
 * @param {NetworkView} view
 * @param {Target} t
 * @returns {[number, number]}
 */
function targetPoint(view, t) {
  if (t.kind === 'link') return view.linkPoint(t.l, t.i, t.j, 0.5) ?? [0, 0];
  const p = view.layout?.pos[t.l]?.[t.j];
  return p ? [p[0], p[1]] : [0, 0];
}

/**
 * The diagram from the keyboard: `canvas` takes the focus; the selection (diagram-keys.js)
 * is highlighted and shown in the tooltip while it has keyboard focus; Enter (or F2)
 * calls `edit` on it. Returns `refresh` (a new frame: new values), `say` (the live
 * region) and `selection`.
 * @param {{canvas: HTMLCanvasElement, panel: HTMLElement, view: NetworkView, labels: () => string[], tip: HTMLElement, redraw: () => void, activity: () => State['activity']}} parts
 * @param {(d: Described, x: number, y: number) => void} edit
 */
function wireKeyboard({ canvas, panel, view, labels, tip, redraw, activity }, edit) {
  const live = keyboardWidget(canvas, 'diagram-live', 'network diagram', 'Network diagram: neurons and weights. Keyboard: left and right arrows pick a layer, up and down a neuron, [ and ] its bias or an incoming link; Enter edits the value.');
  let sel = FIRST;
  let active = false;
  const say = (/** @type {string} */ text) => setText(live, text);
  /** Shows the selection (highlight and tooltip); returns what it is. */
  const show = () => {
    const shape = view.layout?.shape ?? [];
    if (!active || shape.length < 2) return null;
    sel = fitSelection(sel, shape);
    const target = selectionTarget(sel);
    const d = describe(view, labels(), target);
    const note = target.kind === 'neuron' ? neuronNote(activity(), target.l - 1, target.j) : '';
    tip.textContent = (d.value === undefined ? d.text : `${d.text}: ${formatWeight(d.value)}`) + (note ? ` · ${note}` : '');
    tip.hidden = false;
    const [x, y] = targetPoint(view, target);
    place(tip, canvas, panel, x, y);
    return { d, x, y };
  };
  /** The diagram rings the selection (`on`) or nothing; `draw`: now, else with the next frame. */
  const highlight = (/** @type {boolean} */ on, draw = true) => {
    view.highlight = on ? { layer: sel.l, neuron: sel.j, from: sel.from < 0 ? null : sel.from } : { layer: null, neuron: null };
    if (draw) redraw();
  };
  canvas.addEventListener('focus', () => {
    active = canvas.matches(':focus-visible');
    if (!active) return;
    const shown = show();
    highlight(true);
    if (shown) say(`${tip.textContent}. Enter edits.`);
  });
  canvas.addEventListener('blur', () => {
    if (!active) return;
    active = false;
    tip.hidden = true;
    highlight(false);
  });
  canvas.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const next = moveSelection(sel, event.key, view.layout?.shape ?? []);
    const editKey = event.key === 'Enter' || event.key === 'F2';
    if (!next && !editKey) return;
    event.preventDefault();
    event.stopPropagation(); // the page's own keys (→ steps) do not see it
    active = true;
    if (next) sel = next;
    const shown = show();
    highlight(true);
    if (!shown) return;
    if (editKey && shown.d.editable) edit(shown.d, shown.x, shown.y);
    else say(tip.textContent ?? '');
  });
  // A new frame: new values in the tooltip; a new network keeps the selection inside it.
  const refresh = () => active && show() && highlight(true, false);
  return { refresh, say, selection: () => ({ ...sel }) };
}
