// @ts-check
// The one layout of the flat weight array, as the core's `weights()` writes it: for each
// layer after the inputs, its weights row by row (input i to neuron j at
// `i * neurons + j`), then its biases.

/**
 * Index of layer `l`'s first weight (l >= 1: the column of the neurons the links go to).
 * @param {readonly number[]} shape  widths of all layers, inputs first
 * @param {number} l
 * @returns {number}
 */
function layerOffset(shape, l) {
  let offset = 0;
  for (let k = 1; k < l; k++) offset += shape[k - 1] * shape[k] + shape[k];
  return offset;
}

/**
 * Index of the weight from neuron `from` of column `l - 1` to neuron `to` of column
 * `l` (l >= 1); `from === shape[l - 1]` gives the bias of neuron `to`.
 * @param {readonly number[]} shape
 * @param {number} l
 * @param {number} from
 * @param {number} to
 * @returns {number}
 */
export function weightIndex(shape, l, from, to) {
  return layerOffset(shape, l) + from * shape[l] + to;
}

/**
 * Number of weights and biases of a network of this shape.
 * @param {readonly number[]} shape
 * @returns {number}
 */
export function weightCount(shape) {
  return layerOffset(shape, shape.length);
}

/**
 * Calls `visit(l, i, j, value)` for every link (not the biases): column `l` >= 1, from
 * neuron `i` of column `l - 1` to neuron `j` of column `l`, layer by layer, `i` outer.
 * @param {readonly number[]} shape
 * @param {ArrayLike<number>} weights
 * @param {(l: number, i: number, j: number, value: number) => void} visit
 * @returns {void}
 */
export function forEachLink(shape, weights, visit) {
  let offset = 0;
  for (let l = 1; l < shape.length; l++) {
    const nIn = shape[l - 1];
    const nOut = shape[l];
    for (let i = 0; i < nIn; i++) {
      for (let j = 0; j < nOut; j++) visit(l, i, j, weights[offset + i * nOut + j]);
    }
    offset += nIn * nOut + nOut; // weights, then biases
  }
}
