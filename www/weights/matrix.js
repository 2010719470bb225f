// @ts-check
// W as the lecture writes it: layer l's weight matrix with the bias row first ("each
// neuron corresponds to one column of W, the first row to the biases"), rows named by
// the layer's inputs and columns by its neurons. Pure functions over the flat weight
// array of lib/weights.js; nothing here draws.

import { weightIndex } from '../lib/weights.js';
import { diverging } from '../lib/colors.js';

/**
 * A layer's matrix: `rows` = inputs + 1 (bias first), `cols` = neurons, `values` row by row.
 * @typedef {{rows: number, cols: number, values: Float64Array}} LayerMatrix
 */

/**
 * Index in the flat weight array of row `r` (0: the bias), column `c` of layer `l`
 * (l >= 1: the column of neurons the weights lead into).
 * @param {readonly number[]} shape  widths of all layers, inputs first
 * @param {number} l
 * @param {number} r
 * @param {number} c
 */
export function cellIndex(shape, l, r, c) {
  return weightIndex(shape, l, r === 0 ? shape[l - 1] : r - 1, c);
}

/**
 * Layer `l`'s matrix (bias row first) out of the flat weight array.
 * @param {readonly number[]} shape
 * @param {ArrayLike<number>} weights
 * @param {number} l
 * @returns {LayerMatrix}
 */
export function layerMatrix(shape, weights, l) {
  const rows = shape[l - 1] + 1;
  const cols = shape[l];
  const values = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) values[r * cols + c] = weights[cellIndex(shape, l, r, c)];
  }
  return { rows, cols, values };
}

/**
 * The core's `setWeight` arguments of a cell: layer (0: the first after the inputs),
 * from (the layer's input count for the bias) and to.
 * @param {readonly number[]} shape
 * @param {number} l
 * @param {number} r
 * @param {number} c
 */
export function cellArgs(shape, l, r, c) {
  return { layer: l - 1, from: r === 0 ? shape[l - 1] : r - 1, to: c };
}

/**
 * Name of neuron `j` of column `l` (1-based words) in a network of `columns` columns.
 * @param {number} l
 * @param {number} j
 * @param {number} columns
 * @param {readonly string[]} outputNames
 */
function neuronName(l, j, columns, outputNames) {
  if (l === columns - 1) return outputNames[j] ?? `output ${j + 1}`;
  return `h${l}.${j + 1}`;
}

/**
 * The rows' names of layer `l`: "bias", then its inputs (the features or the table's
 * encoded inputs for the first layer, "h1.3" for neuron 3 of hidden layer 1).
 * @param {readonly number[]} shape
 * @param {number} l
 * @param {readonly string[]} inputNames
 * @returns {string[]}
 */
export function rowNames(shape, l, inputNames) {
  const inputs = Array.from({ length: shape[l - 1] }, (_, i) => (l === 1 ? inputNames[i] ?? `x${i + 1}` : neuronName(l - 1, i, shape.length, [])));
  return ['bias', ...inputs];
}

/**
 * The columns' names of layer `l`: its neurons, the class names (or outputs) for the output layer.
 * @param {readonly number[]} shape
 * @param {number} l
 * @param {readonly string[]} outputNames
 * @returns {string[]}
 */
export function colNames(shape, l, outputNames) {
  return Array.from({ length: shape[l] }, (_, j) => neuronName(l, j, shape.length, outputNames));
}

/**
 * The outputs' names: the table's (class names, target columns), else on the plane the
 * classes ("class 1" ...) or "output".
 * @param {{outputs: number, table?: {output_names: string[]} | null}} run
 */
export function outputNames(run) {
  if (run.table) return run.table.output_names;
  return run.outputs === 1 ? ['output'] : Array.from({ length: run.outputs }, (_, k) => `class ${k + 1}`);
}

/**
 * The layers as the select lists them: value l (1-based column), its name and size.
 * @param {readonly number[]} shape
 * @returns {Array<{l: number, label: string}>}
 */
export function layerChoices(shape) {
  return shape.slice(1).map((n, k) => {
    const l = k + 1;
    const what = l === shape.length - 1 ? 'Output layer' : `Hidden layer ${l}`;
    return { l, label: `${what}: ${shape[l - 1] + 1} × ${n}` };
  });
}

/**
 * The cell after pressing `key` at (r, c) in a rows × cols matrix (arrows, Home/End
 * along the row, PageUp/PageDown 8 rows), or null for another key.
 * @param {{r: number, c: number}} cell
 * @param {string} key
 * @param {number} rows
 * @param {number} cols
 * @returns {{r: number, c: number} | null}
 */
export function moveCell(cell, key, rows, cols) {
  /** @type {Record<string, [number, number]>} */
  const by = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], PageUp: [-8, 0], PageDown: [8, 0] };
  const clamp = (/** @type {number} */ v, /** @type {number} */ n) => Math.min(n - 1, Math.max(0, v));
  if (key === 'Home') return { r: clamp(cell.r, rows), c: 0 };
  if (key === 'End') return { r: clamp(cell.r, rows), c: cols - 1 };
  const d = by[key];
  if (!d) return null;
  return { r: clamp(cell.r + d[0], rows), c: clamp(cell.c + d[1], cols) };
}

/**
 * A weight's colour: the diagram's diverging scale (orange negative, blue positive) at
 * the links' saturating size |w| / (|w| + 1), so the heatmap and the links agree.
 * @param {number} w
 * @returns {number[]}
 */
export function weightColor(w) {
  if (!Number.isFinite(w)) return diverging(NaN);
  return diverging(0.5 + (0.5 * w) / (Math.abs(w) + 1));
}

/**
 * What a cell is, in words: "W[fur = short → dog]" or "bias of dog".
 * @param {readonly string[]} rows
 * @param {readonly string[]} cols
 * @param {number} r
 * @param {number} c
 */
export function cellName(rows, cols, r, c) {
  return r === 0 ? `bias of ${cols[c]}` : `weight from ${rows[r]} to ${cols[c]}`;
}
