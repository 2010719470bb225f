// The step panel's pure parts: www/inside/stages.js (a recorded step as stages),
// formatSignificant of www/lib/format.js (its numbers), and the worker's `recordStep`
// request (www/worker/requests.js) with a stand-in run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordPostMessages } from './worker-globals.mjs';
import { stagesOf, shownPart, ruleForLayer, SHOWN } from '../../www/inside/stages.js';
import { formatSignificant } from '../../www/lib/format.js';
import { createRequests } from '../../www/worker/requests.js';

const MINUS = '\u2212';

/** A rows x cols matrix whose entries are `base + index`. */
const mat = (rows, cols, base = 0) => ({ rows, cols, data: Array.from({ length: rows * cols }, (_, i) => base + i) });

/** A record of a 2-3-1 network on a batch of 2 samples (hand-made, shaped like the core's). */
function record() {
  const layer = (inputs, neurons, base, activation, rule) => ({
    activation,
    weights: mat(inputs, neurons, base),
    bias: mat(1, neurons, base + 100),
    potentials: mat(2, neurons, base + 200),
    outputs: mat(2, neurons, base + 300),
    delta: mat(2, neurons, base + 400),
    delta_rule: rule,
    weight_gradient: mat(inputs, neurons, base + 500),
    bias_gradient: mat(1, neurons, base + 600),
    weight_update: mat(inputs, neurons, base + 700),
    bias_update: mat(1, neurons, base + 800),
    new_weights: mat(inputs, neurons, base + 900),
    new_bias: mat(1, neurons, base + 1000),
  });
  return {
    epoch: 3,
    batch: 1,
    batches: 2,
    epoch_finished: true,
    samples: [7, 2],
    update: 8,
    learning_rate: 0.03,
    loss_name: 'MSE',
    loss: 0.25,
    penalty: 0.5,
    inputs: mat(2, 2),
    targets: mat(2, 1, 50),
    gradient_rule: 'Y_{L−1}ᵀ Delta_L + r W_L (r = 0.01)',
    update_rule: 'W ← W − α ∂E/∂W',
    layers: [
      layer(2, 3, 1000, 'tanh', "f'(Xi_1) ∘ (Delta_2 W_2ᵀ)"),
      layer(3, 1, 2000, 'sigmoid', "f'(Xi) ∘ (Y − D) / N"),
    ],
  };
}

test('stagesOf: 11 L + 3 stages in the lecture order, each with its matrix and layer', () => {
  const r = record();
  const stages = stagesOf(r);
  assert.equal(stages.length, 11 * r.layers.length + 3);
  assert.deepEqual(stages.map((s) => s.id), [
    'X',
    'W1', 'b1', 'Xi1', 'Y1',
    'W2', 'b2', 'Xi2', 'Y2',
    'D', 'E',
    'Delta2', 'Delta1',
    'dW1', 'db1', 'dW2', 'db2',
    'DW1', 'Db1', 'DW2', 'Db2',
    'W1+', 'b1+', 'W2+', 'b2+',
  ]);
  const byId = Object.fromEntries(stages.map((s) => [s.id, s]));
  // Every matrix is the record's own object: nothing is computed.
  assert.equal(byId.X.matrix, r.inputs);
  assert.equal(byId.D.matrix, r.targets);
  assert.equal(byId.Xi1.matrix, r.layers[0].potentials);
  assert.equal(byId.Y2.matrix, r.layers[1].outputs);
  assert.equal(byId.Delta1.matrix, r.layers[0].delta);
  assert.equal(byId.dW2.matrix, r.layers[1].weight_gradient);
  assert.equal(byId.db1.matrix, r.layers[0].bias_gradient);
  assert.equal(byId.DW1.matrix, r.layers[0].weight_update);
  assert.equal(byId['W2+'].matrix, r.layers[1].new_weights);
  assert.equal(byId['b1+'].matrix, r.layers[0].new_bias);
  assert.deepEqual(byId.E.matrix, { rows: 1, cols: 1, data: [0.25] });
  // The diagram column each stage is about, and what its rows are.
  assert.deepEqual(stages.map((s) => s.layer), [0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 2, 2, 1, 1, 2, 2, 1, 1, 2, 2]);
  assert.deepEqual([byId.X.rows, byId.W1.rows, byId.b1.rows, byId.Xi2.rows, byId.E.rows], ['samples', 'inputs', 'one', 'samples', 'one']);
  assert.equal(byId.E.neurons, false);
  assert.ok(stages.filter((s) => s.id !== 'E').every((s) => s.neurons));
});

test('stagesOf: titles carry the formulas, with the layer numbers filled in', () => {
  const byId = Object.fromEntries(stagesOf(record()).map((s) => [s.id, s]));
  assert.equal(byId.X.title, 'Input: X = Y_0');
  assert.equal(byId.Xi1.title, 'Layer 1: Xi_1 = Y_0 W_1 + 1 b_1');
  assert.equal(byId.Xi2.title, 'Output layer 2: Xi_2 = Y_1 W_2 + 1 b_2');
  assert.equal(byId.Y1.title, 'Layer 1: Y_1 = f(Xi_1)');
  assert.match(byId.Y1.rule, /f = tanh/);
  assert.equal(byId.E.title, 'Loss: E = E(Y_2, D)');
  assert.match(byId.E.rule, /^MSE of this batch/);
  assert.match(byId.E.rule, /penalty at W\(t\) is 0\.5000/);
  assert.equal(byId.Delta2.title, "Output error: Delta_2 = f'(Xi) ∘ (Y − D) / N");
  assert.match(byId.Delta2.rule, /N = 2 samples/);
  assert.equal(byId.Delta1.title, "Layer 1: Delta_1 = f'(Xi_1) ∘ (Delta_2 W_2ᵀ)");
  assert.equal(byId.dW1.title, 'Layer 1: ∂E/∂W_1 = Y_0ᵀ Delta_1 + r W_1 (r = 0.01)');
  assert.equal(byId.dW2.title, 'Output layer 2: ∂E/∂W_2 = Y_1ᵀ Delta_2 + r W_2 (r = 0.01)');
  assert.equal(byId.db2.title, 'Output layer 2: ∂E/∂b_2 = 1ᵀ Delta_2');
  assert.equal(byId.DW1.title, "Layer 1: the rule's step ΔW_1");
  assert.equal(byId.DW1.rule, 'W ← W − α ∂E/∂W; α_t = 0.03000 at t = 8. ΔW_1 is the step the rule computes (−α ∂E/∂W_1 for gradient descent).');
  assert.equal(byId['W1+'].title, 'Layer 1: W_1(t+1) = W_1(t) + ΔW_1');
  assert.match(byId['b2+'].rule, /step is taken.*epoch counter moved to 4/);
  assert.match(byId.X.rule, /batch 2 of 2 in epoch 4/);
});

test('stagesOf: a network without hidden layers has no hidden error terms', () => {
  const r = record();
  r.layers = [r.layers[1]];
  const ids = stagesOf(r).map((s) => s.id);
  assert.equal(ids.length, 14);
  assert.deepEqual(ids.filter((id) => id.startsWith('Delta')), ['Delta1']);
  assert.equal(stagesOf(r)[1].title, 'Output layer 1: weights W_1');
});

test('ruleForLayer: the rule written for layer L, for layer l', () => {
  assert.equal(ruleForLayer('Y_{L−1}ᵀ Delta_L', 3), 'Y_2ᵀ Delta_3');
  assert.equal(ruleForLayer('Y_{L−1}ᵀ Delta_L + r sign(W_L) (r = 0.1)', 1), 'Y_0ᵀ Delta_1 + r sign(W_1) (r = 0.1)');
});

test('shownPart: at most 8 rows and columns, and the sentence saying how many of how many', () => {
  assert.equal(SHOWN, 8);
  assert.deepEqual(shownPart(8, 4), { rows: 8, cols: 4, note: '' });
  assert.deepEqual(shownPart(250, 2), { rows: 8, cols: 2, note: 'showing 8 of 250 rows' });
  assert.deepEqual(shownPart(3, 9), { rows: 3, cols: 8, note: 'showing 8 of 9 columns' });
  assert.deepEqual(shownPart(25, 12, 5), { rows: 5, cols: 5, note: 'showing 5 of 25 rows and 5 of 12 columns' });
  assert.deepEqual(shownPart(250, 12, 8, 2000), { rows: 250, cols: 8, note: 'showing 8 of 12 columns' }, 'a batch\'s rows all show');
});

test('formatSignificant: 4 significant digits, exponent form when very large or small, real minus signs', () => {
  assert.equal(formatSignificant(0), '0');
  assert.equal(formatSignificant(1), '1.000');
  assert.equal(formatSignificant(-0.5), `${MINUS}0.5000`);
  assert.equal(formatSignificant(0.123456), '0.1235');
  assert.equal(formatSignificant(0.0012345), '0.001234');
  assert.equal(formatSignificant(-0.00012345), `${MINUS}1.234e${MINUS}4`);
  assert.equal(formatSignificant(123456), '1.235e+5');
  assert.equal(formatSignificant(3.14159, 2), '3.1');
  assert.equal(formatSignificant(NaN), 'NaN');
  assert.equal(formatSignificant(-Infinity), `${MINUS}∞`);
});

test('the recordStep request takes the step, answers the parsed record and marks the run changed', () => {
  const posted = [];
  recordPostMessages((m) => posted.push(m));
  let steps = 0;
  const run = { recordStep: () => JSON.stringify({ update: ++steps, layers: [] }) };
  let current = run;
  const session = { touched: 0, current: () => current, touch() { this.touched++; } };
  const handle = createRequests({}, session);
  handle({ rid: 1, method: 'recordStep' });
  handle({ rid: 2, method: 'recordStep', args: {} });
  assert.deepEqual(posted, [
    { type: 'reply', rid: 1, ok: true, value: { update: 1, layers: [] } },
    { type: 'reply', rid: 2, ok: true, value: { update: 2, layers: [] } },
  ]);
  assert.equal(session.touched, 2);
  current = null;
  handle({ rid: 3, method: 'recordStep' });
  assert.deepEqual(posted.pop(), { type: 'reply', rid: 3, ok: false, error: 'there is no run yet' });
});
