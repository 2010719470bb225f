// @ts-check
// The network diagram from the keyboard: a selection walks the diagram's parameters.
// ← → pick the layer (the columns after the inputs), ↑ ↓ the neuron in it, [ and ]
// (or Page Up / Page Down) what goes into that neuron: its bias, or the link from each
// neuron of the column before. Pure: a selection and a key in, a selection out. The
// editor (diagram-editor.js) opens the selected parameter on Enter.

/**
 * Neuron `j` of column `l` (1: the first hidden layer), and what goes into it: its bias
 * (`from` -1) or the link from neuron `from` of column `l - 1`.
 * @typedef {{l: number, j: number, from: number}} Selection
 */

/** @type {Selection} */
export const FIRST = { l: 1, j: 0, from: -1 };

/** Keys and what they move: [column, neuron, incoming]. */
const MOVES = /** @type {Record<string, [number, number, number]>} */ ({
  ArrowLeft: [-1, 0, 0],
  ArrowRight: [1, 0, 0],
  ArrowUp: [0, -1, 0],
  ArrowDown: [0, 1, 0],
  '[': [0, 0, -1],
  ']': [0, 0, 1],
  PageUp: [0, 0, -1],
  PageDown: [0, 0, 1],
});

/**
 * `v` kept within [lo, hi].
 * @param {number} v
 * @param {number} lo
 * @param {number} hi
 */
const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));

/**
 * The selection kept inside a network of widths `shape` (inputs first).
 * @param {Selection} sel
 * @param {number[]} shape
 * @returns {Selection}
 */
export function fitSelection(sel, shape) {
  const l = clamp(sel.l, 1, shape.length - 1);
  return { l, j: clamp(sel.j, 0, shape[l] - 1), from: clamp(sel.from, -1, shape[l - 1] - 1) };
}

/**
 * The selection after `key`, or null for a key that does not move it.
 * @param {Selection} sel
 * @param {string} key
 * @param {number[]} shape
 * @returns {Selection | null}
 */
export function moveSelection(sel, key, shape) {
  const move = MOVES[key];
  if (!move || shape.length < 2) return null;
  return fitSelection({ l: sel.l + move[0], j: sel.j + move[1], from: sel.from + move[2] }, shape);
}

/**
 * The diagram's target (network-view.js) of a selection.
 * @param {Selection} sel
 * @returns {import('../views/network-view.js').Target}
 */
export function selectionTarget({ l, j, from }) {
  return from < 0 ? { kind: 'neuron', l, j } : { kind: 'link', l, i: from, j };
}
