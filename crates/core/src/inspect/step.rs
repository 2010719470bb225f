//! One training step, recorded: every matrix of the lecture's batch form for the
//! batch the run takes next, from the batch inputs to the updated weights.
//!
//! For the batch `X = Y_0` with coded targets `D` (one sample per row) and layers
//! `L = 1 .. out` (index `L - 1` in [`StepRecord::layers`]):
//!
//! - forward: `Xi_L = Y_{L-1} W_L + 1 b_L`, `Y_L = f_L(Xi_L)`;
//! - loss: `E(Y_out, D)` of the batch;
//! - output error term `Delta_out` as the loss gives it ([`crate::Loss::output_delta_rule`]);
//! - hidden error terms `Delta_L = f'_L(Xi_L) ∘ (Delta_{L+1} W_{L+1}^T)`;
//! - gradients `∂E/∂W_L = Y_{L-1}^T Delta_L` (plus the penalty's gradient) and
//!   `∂E/∂b_L = 1^T Delta_L`;
//! - the optimizer's step `ΔW_L` as its rule computes it (`−α ∂E/∂W_L` for gradient
//!   descent, the rule's own step for momentum, Adam, RMSProp and AdaGrad), and
//!   `W_L(t+1) = W_L(t) + ΔW_L` rounded to `f32` (so `W_L(t+1) − W_L(t)` can differ from
//!   `ΔW_L` in its last digits).
//!
//! The step recorded is the step taken: [`crate::Trainer::record_step`] runs the very
//! code of training and reads its buffers afterwards.

use super::matrix::Matrix;
use crate::network::Network;
use crate::optimizer::{Optimizer, Updater, UpdaterState};
use crate::real::Real;
use crate::train::Trainer;
use nalgebra::DMatrix;
use serde::Serialize;

/// One layer's part of a recorded step (layer `L`, weights `W_L` with one row per
/// input and one column per neuron, as in [`crate::Network`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayerStep {
    /// The name of the layer's activation `f_L`.
    pub activation: String,
    /// `W_L(t)`, the weights before the step (inputs x neurons).
    pub weights: Matrix,
    /// `b_L(t)`, the bias row before the step (1 x neurons).
    pub bias: Matrix,
    /// `Xi_L = Y_{L-1} W_L + 1 b_L` (batch rows x neurons).
    pub potentials: Matrix,
    /// `Y_L = f_L(Xi_L)` (batch rows x neurons).
    pub outputs: Matrix,
    /// `Delta_L = ∂E/∂Xi_L` (batch rows x neurons).
    pub delta: Matrix,
    /// How `Delta_L` is computed: the loss's output rule for the output layer,
    /// `f'(Xi_L) ∘ (Delta_{L+1} W_{L+1}ᵀ)` for a hidden layer.
    pub delta_rule: String,
    /// `∂E/∂W_L = Y_{L-1}ᵀ Delta_L` plus the penalty's gradient: what the optimizer received.
    pub weight_gradient: Matrix,
    /// `∂E/∂b_L = 1ᵀ Delta_L`, the column sums of `Delta_L`.
    pub bias_gradient: Matrix,
    /// `ΔW_L`, the step the optimizer's rule computed (`−α ∂E/∂W_L` for gradient
    /// descent); `W_L(t+1) = W_L(t) + ΔW_L`, rounded.
    pub weight_update: Matrix,
    /// `Δb_L`, the rule's step for the bias row (`−α ∂E/∂b_L` for gradient descent).
    pub bias_update: Matrix,
    /// `W_L(t+1)`, the weights after the step.
    pub new_weights: Matrix,
    /// `b_L(t+1)`, the bias after the step.
    pub new_bias: Matrix,
}

/// One training step with every matrix of the batch form (see the module's text).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepRecord {
    /// The epoch the step belongs to (epochs finished before it).
    pub epoch: u64,
    /// The batch's number within its epoch, from 0.
    pub batch: usize,
    /// Batches per epoch.
    pub batches: usize,
    /// Whether this step was the epoch's last (the epoch counter moved on).
    pub epoch_finished: bool,
    /// The training samples of the batch by their index in the training set, in the
    /// order of the rows of `X`.
    pub samples: Vec<usize>,
    /// On a table, each sample's row number in the table (1-based, as the data view
    /// numbers rows), in the order of the rows of `X`; empty on the plane.
    pub table_rows: Vec<usize>,
    /// The number `t` of this update (the optimizer's step count, from 1).
    pub update: u64,
    /// The learning rate `α_t` of the step.
    pub learning_rate: f64,
    /// The loss's name.
    pub loss_name: String,
    /// The loss `E(Y_out, D)` of the batch before the step, without the penalty.
    pub loss: f64,
    /// The weight penalty at `W(t)` (0 without regularization); the optimizer
    /// minimizes `E` plus this.
    pub penalty: f64,
    /// `X = Y_0`, the batch inputs (samples x features).
    pub inputs: Matrix,
    /// `D`, the coded targets (samples x outputs).
    pub targets: Matrix,
    /// How the weight gradient is computed, with the penalty's term.
    pub gradient_rule: String,
    /// The optimizer's rule with its coefficients ([`crate::Optimizer::rule_text`]).
    pub update_rule: String,
    /// Every layer from the first hidden one to the output layer.
    pub layers: Vec<LayerStep>,
}

impl<T: Real> Trainer<T> {
    /// Takes the next batch exactly as training would, performs that step, and
    /// records it: the batch, the forward and backward pass, the gradients the
    /// optimizer received, its update and the weights before and after. Moves the
    /// batch cursor on (finishing the epoch after its last batch, see
    /// [`Trainer::batch_cursor`]); stepping through an epoch gives the weights of
    /// [`Trainer::train_epoch`] bit for bit. Does not check stopping conditions.
    pub fn record_step(&mut self) -> StepRecord {
        let before: Network<T> = self.network().clone();
        let epoch = self.epoch();
        let learning_rate = self.learning_rate();
        let config = self.config();
        let (loss, regularization, optimizer) = (config.loss, config.regularization, config.optimizer);
        let penalty = regularization.penalty(before.layers.iter().map(|l| &l.weights));
        let batch_size = self.batch_size();
        let memory = self.training_state().optimizer;

        let (start, rows) = self.advance();
        let last = before.layers.len().saturating_sub(1);
        let after = self.network();
        let step = self.last_step();
        let block = |m: &nalgebra::DMatrix<T>| Matrix::of(m.rows(0, rows));
        let steps =
            rule_steps(optimizer, &memory, learning_rate, &step.gradients.weights, &step.gradients.bias);
        let layers = before
            .layers
            .iter()
            .zip(&after.layers)
            .enumerate()
            .map(|(l, (old, new))| {
                let weights = Matrix::of(old.weights.as_view());
                let bias = Matrix::of(old.bias.as_view());
                let new_weights = Matrix::of(new.weights.as_view());
                let new_bias = Matrix::of(new.bias.as_view());
                let delta_rule = if l == last {
                    loss.output_delta_rule(old.activation)
                } else {
                    format!("f'(Xi_{}) ∘ (Delta_{} W_{}ᵀ)", l + 1, l + 2, l + 2)
                };
                LayerStep {
                    activation: old.activation.name().to_string(),
                    potentials: block(&step.buffers.potentials[l]),
                    outputs: block(&step.buffers.outputs[l]),
                    delta: block(&step.buffers.deltas[l]),
                    delta_rule,
                    weight_gradient: Matrix::of(step.gradients.weights[l].as_view()),
                    bias_gradient: Matrix::of(step.gradients.bias[l].as_view()),
                    weight_update: steps
                        .as_ref()
                        .map_or_else(|| new_weights.minus(&weights), |s| Matrix::of(s[2 * l].as_view())),
                    bias_update: steps
                        .as_ref()
                        .map_or_else(|| new_bias.minus(&bias), |s| Matrix::of(s[2 * l + 1].as_view())),
                    weights,
                    bias,
                    new_weights,
                    new_bias,
                }
            })
            .collect();
        let batch_loss = match step.buffers.outputs.last() {
            Some(y) if rows > 0 => loss.batch(y.rows(0, rows), step.targets.rows(0, rows)),
            _ => f64::NAN,
        };
        let samples = step.order[start..start + rows].to_vec();
        let table_rows = match self.dataset().table.as_deref() {
            Some(prepared) => {
                samples.iter().map(|&i| prepared.train.rows.get(i).map_or(0, |r| r + 1)).collect()
            }
            None => Vec::new(),
        };
        StepRecord {
            epoch,
            batch: start / batch_size.max(1),
            batches: self.batches_per_epoch(),
            epoch_finished: self.epoch() > epoch,
            samples,
            table_rows,
            update: self.updates(),
            learning_rate,
            loss_name: loss.name().to_string(),
            loss: batch_loss,
            penalty,
            inputs: block(step.inputs),
            targets: block(step.targets),
            gradient_rule: regularization.gradient_rule(),
            update_rule: optimizer.rule_text(),
            layers,
        }
    }
}

/// The steps `ΔW_L`, `Δb_L` (blocks `2L`, `2L + 1`) the optimizer's rule computes from
/// its memory before the step and the gradients it received: the rule applied to zero
/// parameters, so each entry is the rule's own step (`−α g` for gradient descent)
/// rather than a difference of rounded weights. `None` if the memory does not fit the
/// gradients' shapes (it always does for a trainer's own memory).
fn rule_steps<T: Real>(
    rule: Optimizer,
    memory: &UpdaterState<T>,
    learning_rate: f64,
    weights: &[DMatrix<T>],
    bias: &[DMatrix<T>],
) -> Option<Vec<DMatrix<T>>> {
    let gradients: Vec<&DMatrix<T>> = weights.iter().zip(bias).flat_map(|(w, b)| [w, b]).collect();
    let shapes: Vec<(usize, usize)> = gradients.iter().map(|g| g.shape()).collect();
    let mut updater = Updater::new(rule, &shapes);
    updater.restore(memory).ok()?;
    updater.begin_step();
    let steps = gradients
        .iter()
        .enumerate()
        .map(|(block, g)| {
            let mut step = DMatrix::zeros(g.nrows(), g.ncols());
            updater.update(block, learning_rate, &mut step, g);
            step
        })
        .collect();
    Some(steps)
}
