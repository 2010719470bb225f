// @ts-check
// One recorded training step (the core's `recordStep`, crates/core/src/inspect/step.rs)
// as the stages the step panel walks through, in the lecture's batch matrix form:
//
//   X = Y_0;  per layer W_L, b_L, Xi_L = Y_{L-1} W_L + 1 b_L, Y_L = f(Xi_L);
//   D;  E;  Delta_out (the loss's rule);  hidden Delta_L = f'(Xi_L) ∘ (Delta_{L+1} W_{L+1}ᵀ),
//   backwards;  per layer ∂E/∂W_L and ∂E/∂b_L;  per layer ΔW_L and Δb_L (the optimizer's
//   rule, α_t);  per layer W_L(t+1) and b_L(t+1).
//
// 11 L + 3 stages for L layers after the inputs. Pure: every number is the record's;
// this file only names them and says which part of the diagram each one is about.

import { formatSignificant } from '../lib/format.js';

/**
 * A matrix of the record: `rows` × `cols` entries, row by row.
 * @typedef {{rows: number, cols: number, data: number[]}} Matrix
 */

/**
 * One layer of a record (layer L = index + 1).
 * @typedef {object} LayerRecord
 * @property {string} activation
 * @property {Matrix} weights
 * @property {Matrix} bias
 * @property {Matrix} potentials
 * @property {Matrix} outputs
 * @property {Matrix} delta
 * @property {string} delta_rule
 * @property {Matrix} weight_gradient
 * @property {Matrix} bias_gradient
 * @property {Matrix} weight_update
 * @property {Matrix} bias_update
 * @property {Matrix} new_weights
 * @property {Matrix} new_bias
 */

/**
 * The core's record of one training step.
 * @typedef {object} StepRecord
 * @property {number} epoch           epochs finished before the step
 * @property {number} batch           the batch's number in its epoch, from 0
 * @property {number} batches         batches per epoch
 * @property {boolean} epoch_finished the step was its epoch's last
 * @property {number[]} samples       training-set index of each row of X
 * @property {number[]} [table_rows]  on a table, each row's number in the table (1-based); empty on the plane
 * @property {number} update          t, the optimizer's step count (from 1)
 * @property {number} learning_rate   α_t
 * @property {string} loss_name
 * @property {number} loss            E of the batch before the step
 * @property {number} penalty         the weight penalty at W(t)
 * @property {Matrix} inputs          X = Y_0
 * @property {Matrix} targets         D
 * @property {string} gradient_rule   with L for the layer: "Y_{L−1}ᵀ Delta_L ..."
 * @property {string} update_rule
 * @property {LayerRecord[]} layers
 */

/**
 * What the rows of a stage's matrix are: the batch's samples, the neurons of the
 * column before the stage's layer (the rows of W_L), or one row (a bias, the loss).
 * @typedef {'samples' | 'inputs' | 'one'} RowKind
 */

/**
 * One stage of the walk.
 * @typedef {object} Stage
 * @property {string} id       short and unique: X, W1, b1, Xi1, Y1, D, E, Delta2, dW1, db1, DW1, Db1, W1+, b1+
 * @property {string} title    the stage with its formula, in the lecture's notation
 * @property {string} name     the matrix's symbol ("Xi_1")
 * @property {string} rule     more: the rule with its coefficients, what a symbol stands for ('' if nothing)
 * @property {Matrix} matrix
 * @property {number} layer    the diagram's column the stage is about: 0 the inputs, L layer L
 * @property {RowKind} rows
 * @property {boolean} neurons  each column is a neuron of column `layer` (false: the loss)
 */

/**
 * The gradient rule of layer `l`: the record's rule is written for layer L
 * ("Y_{L−1}ᵀ Delta_L + r W_L (r = 0.01)").
 * @param {string} rule
 * @param {number} l
 * @returns {string}
 */
export function ruleForLayer(rule, l) {
  return rule.replace(/_\{L[−-]1\}/g, `_${l - 1}`).replace(/_L(?![A-Za-z0-9{])/g, `_${l}`);
}

/**
 * The stages of a record, in order (see the file's text).
 * @param {StepRecord} record
 * @returns {Stage[]}
 */
export function stagesOf(record) {
  const layers = record.layers;
  const out = layers.length;
  const n = record.inputs.rows;
  /** @type {Stage[]} */
  const stages = [];
  /**
   * @param {string} id
   * @param {string} title
   * @param {string} name
   * @param {Matrix} matrix
   * @param {number} layer
   * @param {RowKind} rows
   * @param {string} [rule]
   */
  const add = (id, title, name, matrix, layer, rows, rule = '') => stages.push({ id, title, name, rule, matrix, layer, rows, neurons: id !== 'E' });

  /** @param {number} l */
  const where = (l) => (l === out ? `Output layer ${l}` : `Layer ${l}`);
  const which = `batch ${record.batch + 1} of ${record.batches} in epoch ${record.epoch + 1}`;
  add('X', 'Input: X = Y_0', 'X', record.inputs, 0, 'samples', `The mini-batch: ${n} training samples, one per row (${which}).`);
  layers.forEach((layer, i) => {
    const l = i + 1;
    add(`W${l}`, `${where(l)}: weights W_${l}`, `W_${l}`, layer.weights, l, 'inputs', `One row per input of the layer, one column per neuron.`);
    add(`b${l}`, `${where(l)}: bias b_${l}`, `b_${l}`, layer.bias, l, 'one', 'One entry per neuron.');
    add(`Xi${l}`, `${where(l)}: Xi_${l} = Y_${l - 1} W_${l} + 1 b_${l}`, `Xi_${l}`, layer.potentials, l, 'samples', `1 is a column of ones: every sample gets the bias.`);
    add(`Y${l}`, `${where(l)}: Y_${l} = f(Xi_${l})`, `Y_${l}`, layer.outputs, l, 'samples', `f = ${layer.activation}, entry by entry.`);
  });
  add('D', 'Targets: D', 'D', record.targets, out, 'samples', `What the output Y_${out} should be, one row per sample.`);
  const penalty = record.penalty !== 0 ? ` The weight penalty at W(t) is ${formatSignificant(record.penalty)}; the optimizer minimizes E plus it.` : '';
  add('E', `Loss: E = E(Y_${out}, D)`, 'E', { rows: 1, cols: 1, data: [record.loss] }, out, 'one', `${record.loss_name} of this batch, before the step.${penalty}`);
  for (let i = out - 1; i >= 0; i--) {
    const l = i + 1;
    const layer = layers[i];
    if (l === out) {
      add(`Delta${l}`, `Output error: Delta_${l} = ${layer.delta_rule}`, `Delta_${l}`, layer.delta, l, 'samples', `Y = Y_${l}, Xi = Xi_${l}, N = ${n} samples; the rule of ${record.loss_name} with f = ${layer.activation}.`);
    } else {
      add(`Delta${l}`, `Layer ${l}: Delta_${l} = ${layer.delta_rule}`, `Delta_${l}`, layer.delta, l, 'samples', `f = ${layer.activation}; ∘ multiplies entry by entry. The error flows back through W_${l + 1}.`);
    }
  }
  layers.forEach((layer, i) => {
    const l = i + 1;
    add(`dW${l}`, `${where(l)}: ∂E/∂W_${l} = ${ruleForLayer(record.gradient_rule, l)}`, `∂E/∂W_${l}`, layer.weight_gradient, l, 'inputs', 'Summed over the samples of the batch; shaped like the weights.');
    add(`db${l}`, `${where(l)}: ∂E/∂b_${l} = 1ᵀ Delta_${l}`, `∂E/∂b_${l}`, layer.bias_gradient, l, 'one', `The column sums of Delta_${l}.`);
  });
  const rule = `${record.update_rule}; α_t = ${formatSignificant(record.learning_rate)} at t = ${record.update}.`;
  layers.forEach((layer, i) => {
    const l = i + 1;
    add(`DW${l}`, `${where(l)}: the rule's step ΔW_${l}`, `ΔW_${l}`, layer.weight_update, l, 'inputs', `${rule} ΔW_${l} is the step the rule computes (−α ∂E/∂W_${l} for gradient descent).`);
    add(`Db${l}`, `${where(l)}: the rule's step Δb_${l}`, `Δb_${l}`, layer.bias_update, l, 'one', `${rule} Δb_${l} is the step the rule computes (−α ∂E/∂b_${l} for gradient descent).`);
  });
  const after = record.epoch_finished ? ` That was the epoch's last batch: the epoch counter moved to ${record.epoch + 1}.` : '';
  layers.forEach((layer, i) => {
    const l = i + 1;
    const last = l === out ? ` The step is taken: the run continues from W(t+1) and b(t+1).${after}` : '';
    add(`W${l}+`, `${where(l)}: W_${l}(t+1) = W_${l}(t) + ΔW_${l}`, `W_${l}(t+1)`, layer.new_weights, l, 'inputs', 'The run\'s weights after the step, rounded to f32: where a step is tiny against its weight, W(t+1) − W(t) differs from ΔW in the last digits.');
    add(`b${l}+`, `${where(l)}: b_${l}(t+1) = b_${l}(t) + Δb_${l}`, `b_${l}(t+1)`, layer.new_bias, l, 'one', `The run's bias after the step.${last}`);
  });
  return stages;
}

/** Rows and columns a matrix shows at most (a batch's samples all show: see ALL_SAMPLES). */
export const SHOWN = 8;
/** Rows of the batch's samples a matrix shows at most: every row of the largest batch the page allows, so E and ∂E/∂W can be checked by hand. */
export const ALL_SAMPLES = 2000;

/**
 * How much of a `rows` × `cols` matrix a table shows (at most `max` of each, the first
 * ones) and the sentence saying so ('' when all of it shows).
 * @param {number} rows
 * @param {number} cols
 * @param {number} [max]
 * @param {number} [maxRows]  rows at most, if not `max`
 * @returns {{rows: number, cols: number, note: string}}
 */
export function shownPart(rows, cols, max = SHOWN, maxRows = max) {
  const r = Math.min(rows, maxRows);
  const c = Math.min(cols, max);
  const parts = [];
  if (r < rows) parts.push(`${r} of ${rows} rows`);
  if (c < cols) parts.push(`${c} of ${cols} columns`);
  return { rows: r, cols: c, note: parts.length ? `showing ${parts.join(' and ')}` : '' };
}
