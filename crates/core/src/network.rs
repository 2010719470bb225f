//! The multilayer perceptron: dense layers held as matrices, the forward pass and
//! the backward pass (backpropagation) in the lecture's batch matrix form.
//!
//! For layer `L` with weights `W_L` (inputs x outputs), bias row `b_L` and a batch
//! of inputs `Y_0 = X` (one sample per row):
//!
//! - forward: `Xi_L = Y_{L-1} W_L + 1 b_L`, `Y_L = f_L(Xi_L)`;
//! - backward: `Delta_L = f'_L(Xi_L) o (Delta_{L+1} W_{L+1}^T)` from the output error
//!   term `Delta_out` given by the loss;
//! - gradients: `dE/dW_L = Y_{L-1}^T Delta_L`, `dE/db_L = 1^T Delta_L` (column sums).
//!
//! (The lecture's slide groups the hidden-layer Hadamard product as
//! `(f'(Xi_L) o Delta_{L+1}) W_{L+1}^T`, which does not even have matching shapes
//! when layers differ in width; the form above is the chain rule.)
//!
//! All work buffers live in [`Buffers`] and [`Gradients`], sized once for a batch
//! capacity, so a training step allocates nothing.

use crate::activation::Activation;
use crate::init::Init;
use crate::loss::Loss;
use crate::matmul::{self, padded, RowThen, LANES};
use crate::optimizer::Updater;
use crate::real::Real;
use crate::regularization::Regularization;
use nalgebra::DMatrix;
use rand::Rng;
use serde::{Deserialize, Serialize};

/// One dense layer: `Y = f(X W + 1 b)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Layer<T: Real> {
    /// Weights `W`, one row per input and one column per neuron.
    pub weights: DMatrix<T>,
    /// Bias row `b` (1 x neurons), one entry per neuron.
    pub bias: DMatrix<T>,
    /// The activation `f` of every neuron of the layer.
    pub activation: Activation,
}

impl<T: Real> Layer<T> {
    /// Number of inputs of each neuron.
    pub fn inputs(&self) -> usize {
        self.weights.nrows()
    }
    /// Number of neurons (outputs).
    pub fn neurons(&self) -> usize {
        self.weights.ncols()
    }
}

/// A multilayer perceptron: the hidden layers followed by the output layer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Network<T: Real> {
    /// The layers from the first hidden layer to the output layer.
    pub layers: Vec<Layer<T>>,
}

/// Forward-pass buffers for up to `capacity` samples: `Xi_L` and `Y_L` of every layer.
#[derive(Clone, Debug)]
pub struct Buffers<T: Real> {
    /// Potentials `Xi_L`, one matrix (capacity x neurons) per layer.
    pub potentials: Vec<DMatrix<T>>,
    /// Outputs `Y_L`, one matrix (capacity x neurons) per layer.
    pub outputs: Vec<DMatrix<T>>,
    /// Error terms `Delta_L`, one matrix (capacity x neurons) per layer.
    pub deltas: Vec<DMatrix<T>>,
}

/// Rows `start..start + rows` of a set of inputs and their coded targets.
#[derive(Clone, Copy, Debug)]
pub struct Batch<'a, T: Real> {
    /// Inputs, one sample per row.
    pub inputs: &'a DMatrix<T>,
    /// Coded targets, one sample per row.
    pub targets: &'a DMatrix<T>,
    /// First row of the batch.
    pub start: usize,
    /// Number of rows.
    pub rows: usize,
}

/// Gradients of the loss with respect to every weight and bias.
#[derive(Clone, Debug, PartialEq)]
pub struct Gradients<T: Real> {
    /// `dE/dW_L` per layer, shaped like the weights.
    pub weights: Vec<DMatrix<T>>,
    /// `dE/db_L` per layer, shaped like the bias (1 x neurons).
    pub bias: Vec<DMatrix<T>>,
}

impl<T: Real> Network<T> {
    /// Builds a network with `inputs` inputs and layers of the given widths and
    /// activations (the last entry is the output layer), drawing weights with `init`.
    pub fn new<R: Rng>(inputs: usize, layers: &[(usize, Activation)], init: Init, rng: &mut R) -> Self {
        let mut n_in = inputs;
        let layers = layers
            .iter()
            .map(|&(n_out, activation)| {
                let (weights, bias) = init.draw(n_in, n_out, rng);
                n_in = n_out;
                Layer { weights, bias, activation }
            })
            .collect();
        Network { layers }
    }

    /// Number of inputs (features).
    pub fn inputs(&self) -> usize {
        self.layers.first().map_or(0, Layer::inputs)
    }

    /// Number of outputs.
    pub fn outputs(&self) -> usize {
        self.layers.last().map_or(0, Layer::neurons)
    }

    /// Widths of all layers, inputs first: `[n_0, n_1, ..., n_out]`.
    pub fn shape(&self) -> Vec<usize> {
        std::iter::once(self.inputs()).chain(self.layers.iter().map(Layer::neurons)).collect()
    }

    /// Number of weights and biases.
    pub fn parameter_count(&self) -> usize {
        self.layers.iter().map(|l| l.weights.len() + l.bias.len()).sum()
    }

    /// Allocates forward/backward buffers for batches of up to `capacity` samples.
    pub fn buffers(&self, capacity: usize) -> Buffers<T> {
        let make = || self.layers.iter().map(|l| DMatrix::zeros(capacity, l.neurons())).collect::<Vec<_>>();
        Buffers { potentials: make(), outputs: make(), deltas: make() }
    }

    /// Allocates gradient buffers shaped like the parameters.
    pub fn gradients(&self) -> Gradients<T> {
        Gradients {
            weights: self.layers.iter().map(|l| DMatrix::zeros(l.inputs(), l.neurons())).collect(),
            bias: self.layers.iter().map(|l| DMatrix::zeros(1, l.neurons())).collect(),
        }
    }

    /// Whether every weight and bias is finite.
    pub fn is_finite(&self) -> bool {
        self.layers.iter().all(|l| l.weights.iter().chain(l.bias.iter()).all(|w| w.is_finite()))
    }

    /// Copies the parameters of `other` (same shape) into `self` without allocating.
    pub fn copy_parameters_from(&mut self, other: &Network<T>) {
        for (a, b) in self.layers.iter_mut().zip(&other.layers) {
            a.weights.copy_from(&b.weights);
            a.bias.copy_from(&b.bias);
        }
    }

    /// The largest absolute difference between any parameter of `self` and `other`.
    pub fn max_parameter_change(&self, other: &Network<T>) -> f64 {
        self.layers
            .iter()
            .zip(&other.layers)
            .flat_map(|(a, b)| a.weights.iter().zip(b.weights.iter()).chain(a.bias.iter().zip(b.bias.iter())))
            .map(|(&x, &y)| (x - y).abs().to_f64())
            .fold(0.0, f64::max)
    }

    /// Forward pass for rows `start..start + n` of `input` (`n <= capacity`):
    /// `Xi_L = Y_{L-1} W_L + 1 b_L`, `Y_L = f_L(Xi_L)`, with the bias and activation
    /// applied in one pass over `Xi_L`. The output is in the first `n` rows of
    /// `buffers.outputs.last()`.
    pub fn forward(&self, input: &DMatrix<T>, start: usize, n: usize, buffers: &mut Buffers<T>) {
        for (l, layer) in self.layers.iter().enumerate() {
            let (done, rest) = buffers.outputs.split_at_mut(l);
            let xi = &mut buffers.potentials[l];
            if l == 0 {
                matmul::mul(input, start, n, &layer.weights, xi);
            } else {
                matmul::mul(&done[l - 1], 0, n, &layer.weights, xi);
            }
            let y = &mut rest[0];
            let f = layer.activation;
            let ld = xi.nrows();
            let (xi, ys) = (xi.as_mut_slice(), y.as_mut_slice());
            for (j, &b) in layer.bias.iter().enumerate() {
                let cols = j * ld..j * ld + n;
                f.forward_column(b, &mut xi[cols.clone()], &mut ys[cols]);
            }
            if !f.is_elementwise() {
                softmax_rows(xi, ys, ld, n, layer.neurons());
            }
        }
    }

    /// Backward pass after [`Network::forward`] on the same rows `start..start + n` of
    /// `input`, with the same rows of `targets`: fills `gradients` with `dE/dW_L = Y_{L-1}^T Delta_L` and
    /// `dE/db_L = 1^T Delta_L`, where `Delta_out` comes from `loss` and hidden layers
    /// take `Delta_L = f'_L(Xi_L) o (Delta_{L+1} W_{L+1}^T)`.
    pub fn backward(
        &self,
        loss: Loss,
        batch: Batch<'_, T>,
        buffers: &mut Buffers<T>,
        gradients: &mut Gradients<T>,
    ) {
        let Batch { inputs: input, targets, start, rows: n } = batch;
        let last = self.layers.len() - 1;
        {
            let out = &self.layers[last];
            let mut delta = buffers.deltas[last].rows_mut(0, n);
            loss.output_delta(
                out.activation,
                buffers.potentials[last].rows(0, n),
                buffers.outputs[last].rows(0, n),
                targets.rows(start, n),
                &mut delta,
            );
        }
        for l in (0..=last).rev() {
            let (lower, upper) = buffers.deltas.split_at_mut(l);
            let delta = &upper[0];
            if l == 0 {
                matmul::mul_transpose_left(input, start, n, delta, &mut gradients.weights[l]);
            } else {
                matmul::mul_transpose_left(&buffers.outputs[l - 1], 0, n, delta, &mut gradients.weights[l]);
            }
            for (j, g) in gradients.bias[l].iter_mut().enumerate() {
                *g = delta.column(j).rows(0, n).sum();
            }
            if l > 0 {
                let prev = &mut lower[l - 1];
                matmul::mul_transpose_right(delta, n, &self.layers[l].weights, prev);
                let f = self.layers[l - 1].activation;
                let ld = prev.nrows();
                let (xi, y) = (buffers.potentials[l - 1].as_slice(), buffers.outputs[l - 1].as_slice());
                let deltas = prev.as_mut_slice();
                for c in 0..self.layers[l - 1].neurons() {
                    let cols = c * ld..c * ld + n;
                    f.backward_column(&xi[cols.clone()], &y[cols.clone()], &mut deltas[cols]);
                }
            }
        }
    }
}

/// One layer in [`RowBuffers`]: where its parameters are, and its work buffers. Every
/// row is padded with zeros to whole lane blocks of [`LANES`] values, so each kernel
/// runs over whole 128-bit vectors (the padding lanes compute zeros or values nobody
/// reads).
#[derive(Clone, Debug)]
struct RowLayer<T: Real> {
    /// Inputs `k` and neurons `m`.
    shape: (usize, usize),
    /// First lane block of the layer in the parameter layout of [`RowBuffers`]: `W_L`
    /// as `k` rows of the padded width `m`, then the bias row `b_L`, padded.
    at: usize,
    /// `W_L^T` by neuron: `m` rows of the padded number of inputs (error propagated
    /// to the layer below), rewritten after every update; empty for the first layer.
    backward: Vec<[T; LANES]>,
    /// `Xi_L`, one padded row per sample.
    potentials: Vec<[T; LANES]>,
    /// `Y_L`, one padded row per sample (unused for the output layer).
    outputs: Vec<[T; LANES]>,
    /// `Delta_L`, one padded row per sample.
    deltas: Vec<[T; LANES]>,
}

impl<T: Real> RowLayer<T> {
    /// Lane blocks of `W_L` (the bias row follows them).
    fn weight_blocks(&self) -> usize {
        self.shape.0 * padded(self.shape.1) / LANES
    }

    /// Lane blocks of `W_L` and `b_L` together.
    fn blocks(&self) -> usize {
        (self.shape.0 + 1) * padded(self.shape.1) / LANES
    }

    /// Rewrites `W_L^T` (`backward`) from `W_L` in the parameter layout.
    fn transpose(&mut self, params: &[[T; LANES]]) {
        if self.backward.is_empty() {
            return;
        }
        let (k, m) = self.shape;
        let (mp, kp) = (padded(m), padded(k));
        let w = params[self.at..self.at + self.weight_blocks()].as_flattened();
        let backward = self.backward.as_flattened_mut();
        for p in 0..k {
            for j in 0..m {
                backward[j * kp + p] = w[p * mp + j];
            }
        }
    }
}

/// Copies the weights `w` (column-major, `k` x `m`) and the bias row `b` of one layer
/// into its part `to` of the padded row-major parameter layout (or a memory slot laid
/// out alike).
fn pack<T: Real>((k, m): (usize, usize), w: &[T], b: &[T], to: &mut [T]) {
    let mp = padded(m);
    for (j, column) in w.chunks_exact(k).enumerate() {
        for (p, &x) in column.iter().enumerate() {
            to[p * mp + j] = x;
        }
    }
    to[k * mp..k * mp + m].copy_from_slice(b);
}

/// The inverse of [`pack`] for the weights: `W_L` from the layer's part `from` of the
/// padded layout into `w` (column-major, `k` x `m`).
fn unpack_weights<T: Real>((k, m): (usize, usize), from: &[T], w: &mut [T]) {
    let mp = padded(m);
    for (j, column) in w.chunks_exact_mut(k).enumerate().take(m) {
        for (p, x) in column.iter_mut().enumerate() {
            *x = from[p * mp + j];
        }
    }
}

/// The inverse of [`pack`] for the bias row.
fn unpack_bias<T: Real>((k, m): (usize, usize), from: &[T], b: &mut [T]) {
    let at = k * padded(m);
    b.copy_from_slice(&from[at..at + m]);
}

/// Slot `slot` (0: first, 1: second) of a block's memory.
fn memory_slot<'a, T>(slot: usize, (first, second): (&'a mut [T], &'a mut [T])) -> &'a mut [T] {
    if slot == 0 {
        first
    } else {
        second
    }
}

/// Small-batch training in the row-major layout ([`Network::train_rows`]) for batches
/// of up to `capacity` samples: the parameters, their gradients and the optimizer's
/// memory, and the batch with every layer's `Xi_L`, `Y_L`, `Delta_L`, all stored sample
/// by sample (row-major) and padded to lane blocks. At a handful of samples per batch,
/// rows of neurons are the long dimension; the column-major [`Buffers`] suit many
/// samples and the evaluation.
///
/// The parameters live here while a run trains ([`RowBuffers::load`] before,
/// [`RowBuffers::store`] after) and are updated here in place
/// ([`RowBuffers::update`]): one pass over all of them per batch, with nothing copied
/// between layouts.
#[derive(Clone, Debug)]
pub struct RowBuffers<T: Real> {
    /// The training set's inputs, one padded row per sample ([`RowBuffers::hold_samples`]).
    set_inputs: Vec<[T; LANES]>,
    /// The training set's coded targets, one row of `outputs` values per sample.
    set_targets: Vec<T>,
    /// The batch inputs `X`, one padded row per sample.
    inputs: Vec<[T; LANES]>,
    /// Values per row of `inputs` (the number of inputs, padded).
    input_width: usize,
    /// The batch's coded targets `D`, one row of `outputs` values per sample.
    targets: Vec<T>,
    /// Number of outputs.
    outputs: usize,
    layers: Vec<RowLayer<T>>,
    /// Every layer's `W_L` then `b_L` (see [`RowLayer::at`]), layer after layer, with
    /// zeros in the padding.
    params: Vec<[T; LANES]>,
    /// `dE/dW_L` (with the penalty's gradient once [`RowBuffers::update`] added it) and
    /// `dE/db_L`, laid out as `params`.
    gradients: Vec<[T; LANES]>,
    /// The optimizer's first and second memory slot, each laid out as `params`.
    memory: [Vec<[T; LANES]>; 2],
}

impl<T: Real> RowBuffers<T> {
    /// Keeps the training set (inputs and coded targets, one row per sample,
    /// column-major as in [`Data`](crate::evaluation::Data)) in the row layout, for
    /// [`RowBuffers::take_batch`] to copy batches from.
    pub fn hold_samples(&mut self, inputs: &DMatrix<T>, targets: &DMatrix<T>) {
        let (w, m) = (self.input_width, self.outputs);
        self.set_inputs = vec![[T::zero(); LANES]; inputs.nrows() * w / LANES];
        self.set_targets = vec![T::zero(); targets.nrows() * m];
        for (c, column) in inputs.column_iter().enumerate() {
            for (i, &x) in column.iter().enumerate() {
                self.set_inputs.as_flattened_mut()[i * w + c] = x;
            }
        }
        for (c, column) in targets.column_iter().enumerate() {
            for (i, &d) in column.iter().enumerate() {
                self.set_targets[i * m + c] = d;
            }
        }
    }

    /// Makes the held samples `order` (row indices of the training set, at most the
    /// capacity) the batch: their inputs and targets, in that order.
    pub fn take_batch(&mut self, order: &[usize]) {
        match (self.input_width / LANES, self.outputs) {
            // The plane's networks (up to four or eight features, one output): copies of
            // a fixed size, without a general copy's call per row.
            (1, 1) => self.take_fixed::<1, 1>(order),
            (2, 1) => self.take_fixed::<2, 1>(order),
            (blocks, m) => {
                let batch = self.inputs.chunks_exact_mut(blocks).zip(self.targets.chunks_exact_mut(m));
                for (&i, (x, d)) in order.iter().zip(batch) {
                    x.copy_from_slice(&self.set_inputs[i * blocks..(i + 1) * blocks]);
                    d.copy_from_slice(&self.set_targets[i * m..(i + 1) * m]);
                }
            }
        }
    }

    /// [`RowBuffers::take_batch`] for rows of `B` lane blocks and `M` outputs.
    fn take_fixed<const B: usize, const M: usize>(&mut self, order: &[usize]) {
        let batch = self.inputs.chunks_exact_mut(B).zip(self.targets.chunks_exact_mut(M));
        for (&i, (x, d)) in order.iter().zip(batch) {
            let x: &mut [[T; LANES]; B] = x.try_into().expect("rows of B blocks");
            let d: &mut [T; M] = d.try_into().expect("rows of M targets");
            *x = self.set_inputs[i * B..(i + 1) * B].try_into().expect("rows of B blocks");
            *d = self.set_targets[i * M..(i + 1) * M].try_into().expect("rows of M targets");
        }
    }

    /// Takes over the parameters of `network` and the memory `updater` keeps for them
    /// (parameter block `2 l` is layer `l`'s weights, `2 l + 1` its bias), for training
    /// in this layout. `network` must be the one these buffers were made for.
    pub fn load(&mut self, network: &Network<T>, updater: &Updater<T>) {
        for (l, (rows, layer)) in self.layers.iter_mut().zip(&network.layers).enumerate() {
            let range = rows.at..rows.at + rows.blocks();
            let (w, b) = (layer.weights.as_slice(), layer.bias.as_slice());
            pack(rows.shape, w, b, self.params[range.clone()].as_flattened_mut());
            let (w, b) = (updater.memory(2 * l), updater.memory(2 * l + 1));
            for (slot, (w, b)) in self.memory.iter_mut().zip([(w.0, b.0), (w.1, b.1)]) {
                if !w.is_empty() {
                    pack(rows.shape, w, b, slot[range.clone()].as_flattened_mut());
                }
            }
            rows.transpose(&self.params);
        }
    }

    /// Writes the parameters and the optimizer's memory back into `network` and
    /// `updater` (the inverse of [`RowBuffers::load`]).
    pub fn store(&self, network: &mut Network<T>, updater: &mut Updater<T>) {
        for (l, (rows, layer)) in self.layers.iter().zip(&mut network.layers).enumerate() {
            let (shape, from) = (rows.shape, self.params[rows.at..rows.at + rows.blocks()].as_flattened());
            unpack_weights(shape, from, layer.weights.as_mut_slice());
            unpack_bias(shape, from, layer.bias.as_mut_slice());
            for (slot, memory) in self.memory.iter().enumerate() {
                let from = memory[rows.at..rows.at + rows.blocks()].as_flattened();
                let w = memory_slot(slot, updater.memory_mut(2 * l));
                if !w.is_empty() {
                    unpack_weights(shape, from, w);
                    unpack_bias(shape, from, memory_slot(slot, updater.memory_mut(2 * l + 1)));
                }
            }
        }
    }

    /// One update of every parameter from the gradients of the last
    /// [`Network::train_rows`]: adds the penalty's gradient to each layer's weight
    /// gradient, then applies `updater`'s rule at `learning_rate` to all parameters at
    /// once, in place, with the memory kept here (the updater's step count must already
    /// be advanced, [`Updater::begin_step`]); the padding stays zero. Every entry gets
    /// exactly the update [`Updater::update`] would give it.
    pub fn update(&mut self, updater: &Updater<T>, regularization: Regularization, learning_rate: f64) {
        if regularization != Regularization::None {
            for rows in &self.layers {
                let range = rows.at..rows.at + rows.weight_blocks();
                let w = self.params[range.clone()].as_flattened();
                regularization.add_gradient_slice(w, self.gradients[range].as_flattened_mut());
            }
        }
        let [first, second] = &mut self.memory;
        let (uses_first, uses_second) = updater.uses_memory();
        let first = if uses_first { first.as_flattened_mut() } else { &mut [] };
        let second = if uses_second { second.as_flattened_mut() } else { &mut [] };
        let (params, gradients) = (self.params.as_flattened_mut(), self.gradients.as_flattened());
        updater.update_slices(learning_rate, params, gradients, first, second);
        for rows in &mut self.layers {
            rows.transpose(&self.params);
        }
    }

    /// The gradients of the last [`Network::train_rows`] (with the penalty's once
    /// [`RowBuffers::update`] added it), copied into `gradients` (shaped by
    /// [`Network::gradients`]).
    pub fn gradients_into(&self, gradients: &mut Gradients<T>) {
        for (l, rows) in self.layers.iter().enumerate() {
            let from = self.gradients[rows.at..rows.at + rows.blocks()].as_flattened();
            unpack_weights(rows.shape, from, gradients.weights[l].as_mut_slice());
            unpack_bias(rows.shape, from, gradients.bias[l].as_mut_slice());
        }
    }
}

impl<T: Real> Network<T> {
    /// Allocates the row-major buffers of [`Network::train_rows`] for batches of up to
    /// `capacity` samples (the parameters in them are zero until [`RowBuffers::load`]).
    pub fn row_buffers(&self, capacity: usize) -> RowBuffers<T> {
        let blocks = |m: usize| vec![[T::zero(); LANES]; padded(m) / LANES];
        let mut at = 0;
        let layers: Vec<RowLayer<T>> = self
            .layers
            .iter()
            .enumerate()
            .map(|(l, layer)| {
                let (k, m) = layer.weights.shape();
                let rows = RowLayer {
                    shape: (k, m),
                    at,
                    backward: if l == 0 { Vec::new() } else { blocks(m * padded(k)) },
                    potentials: blocks(capacity * padded(m)),
                    outputs: blocks(capacity * padded(m)),
                    deltas: blocks(capacity * padded(m)),
                };
                at += rows.blocks();
                rows
            })
            .collect();
        let params = vec![[T::zero(); LANES]; at];
        RowBuffers {
            set_inputs: Vec::new(),
            set_targets: Vec::new(),
            inputs: blocks(capacity * padded(self.inputs())),
            input_width: padded(self.inputs()),
            targets: vec![T::zero(); capacity * self.outputs()],
            outputs: self.outputs(),
            layers,
            gradients: params.clone(),
            memory: [params.clone(), params.clone()],
            params,
        }
    }

    /// One forward and backward pass over the first `n` rows of `rows`' inputs and
    /// targets with the parameters held in `rows` ([`RowBuffers::load`]), in the
    /// row-major layout: the same equations and the same order of every addition as
    /// [`Network::forward`] then [`Network::backward`], so the gradients left in `rows`
    /// ([`RowBuffers::gradients_into`]) have equal bits, but faster at small batches.
    /// Each row of a product is finished in the same pass: the bias and the activation
    /// going forward, the output layer's error term from `loss`, and the derivative
    /// `f'_L(Xi_L)` going backward. `self` gives only the activations.
    pub fn train_rows(&self, loss: Loss, n: usize, rows: &mut RowBuffers<T>) {
        let last = self.layers.len() - 1;
        let params = &rows.params;
        for (l, layer) in self.layers.iter().enumerate() {
            let (below, rest) = rows.layers.split_at_mut(l);
            let here = &mut rest[0];
            let (k, m) = here.shape;
            let a = if l == 0 { rows.inputs.as_flattened() } else { below[l - 1].outputs.as_flattened() };
            let (f, blocks) = (layer.activation, padded(m) / LANES);
            let (w, b) = params[here.at..here.at + here.blocks()].split_at(here.weight_blocks());
            let ka = padded(k);
            if m <= LANES / 2 && f.is_elementwise() {
                // One or two neurons: the product row by row, then the activation four
                // values at a time across rows (a row alone would fill a quarter or half
                // of each vector).
                matmul::mul_rows(a, ka, k, w, Some(b), &mut here.potentials, n, Keep);
                activate_across_rows(f, m, n, &here.potentials, &mut here.outputs);
                if l == last {
                    let scale = loss.output_scale::<T>(n);
                    output_terms(loss, f, scale, (m, n), here, &rows.targets);
                }
            } else if let (true, Activation::Tanh { steepness }) = (l < last, f) {
                // The default hidden activation, compiled on its own (no choice per row).
                let then = ActivateTanh { steepness: T::of(steepness), blocks, outputs: &mut here.outputs };
                matmul::mul_rows(a, ka, k, w, Some(b), &mut here.potentials, n, then);
            } else if l < last {
                let then = Activate { f, blocks, outputs: &mut here.outputs };
                matmul::mul_rows(a, ka, k, w, Some(b), &mut here.potentials, n, then);
            } else {
                let (outputs, deltas, targets) = (&mut here.outputs, &mut here.deltas, &rows.targets[..]);
                let scale = loss.output_scale::<T>(n);
                if let (Loss::Mse | Loss::Sse, Activation::Tanh { steepness }) = (loss, f) {
                    // The default output, compiled on its own (no choice per entry).
                    let steepness = T::of(steepness);
                    let then = OutputTanhSquared { steepness, m, scale, targets, outputs, deltas };
                    matmul::mul_rows(a, ka, k, w, Some(b), &mut here.potentials, n, then);
                } else {
                    let then = OutputTerm { loss, f, m, scale, targets, outputs, deltas };
                    matmul::mul_rows(a, ka, k, w, Some(b), &mut here.potentials, n, then);
                }
            }
        }
        for l in (0..=last).rev() {
            let (below, rest) = rows.layers.split_at_mut(l);
            let here = &rest[0];
            let (k, m) = here.shape;
            let mp = padded(m);
            let a = if l == 0 { &rows.inputs[..] } else { &below[l - 1].outputs[..] };
            let d = here.deltas.as_flattened();
            let (gw, gb) =
                rows.gradients[here.at..here.at + here.blocks()].split_at_mut(here.weight_blocks());
            matmul::mul_transpose_left_rows(a, padded(k), &here.deltas, mp, n, gw.as_flattened_mut(), k, m);
            matmul::column_sums_rows(&here.deltas, n, &mut gb.as_flattened_mut()[..m]);
            if l > 0 {
                let prev = &mut below[l - 1];
                let (f, blocks) = (self.layers[l - 1].activation, padded(k) / LANES);
                if let Activation::Tanh { steepness } = f {
                    // The default hidden activation, compiled on its own.
                    let derivative =
                        DeriveTanh { steepness: T::of(steepness), blocks, outputs: &prev.outputs };
                    matmul::mul_rows(d, mp, m, &here.backward, None, &mut prev.deltas, n, derivative);
                } else {
                    let derivative =
                        Derive { f, blocks, potentials: &prev.potentials, outputs: &prev.outputs };
                    matmul::mul_rows(d, mp, m, &here.backward, None, &mut prev.deltas, n, derivative);
                }
            }
        }
    }
}

/// Leaves each row of a product as it is (the activation follows in a pass of its own).
struct Keep;

impl<T: Real> RowThen<T> for Keep {
    #[inline(always)]
    fn row(&mut self, _: usize, _: &mut [[T; LANES]]) {}
}

/// `Y_L = f_L(Xi_L)` for a layer of `m <= 2` neurons (elementwise `f`) over the first
/// `n` padded rows, with the values of consecutive rows packed into one vector of
/// [`LANES`] (four rows of one neuron, or two of two): each value gets exactly what
/// [`Activation::apply4`] gives it row by row, in fewer vector operations. The padding
/// lanes of `outputs` are not written (they stay zero).
fn activate_across_rows<T: Real>(f: Activation, m: usize, n: usize, xi: &[[T; LANES]], y: &mut [[T; LANES]]) {
    let (xi, y) = (&xi[..n], &mut y[..n]);
    match (f, m) {
        // The default hidden activation, compiled on its own (no choice per vector).
        (Activation::Tanh { steepness }, 1) => {
            let s = T::of(steepness);
            across_rows::<T, 1>(xi, y, |x| T::tanh_fast4(x.map(|x| s * x)));
        }
        (Activation::Tanh { steepness }, _) => {
            let s = T::of(steepness);
            across_rows::<T, 2>(xi, y, |x| T::tanh_fast4(x.map(|x| s * x)));
        }
        (_, 1) => across_rows::<T, 1>(xi, y, |x| f.apply4(x)),
        _ => across_rows::<T, 2>(xi, y, |x| f.apply4(x)),
    }
}

/// [`activate_across_rows`] for `M` neurons with the activation `f4` of four values.
#[inline(always)]
fn across_rows<T: Real, const M: usize>(
    xi: &[[T; LANES]],
    y: &mut [[T; LANES]],
    f4: impl Fn([T; LANES]) -> [T; LANES],
) {
    let per = LANES / M;
    let full = xi.len() / per * per;
    let (xi_full, xi_rest) = xi.split_at(full);
    let (y_full, y_rest) = y.split_at_mut(full);
    for (xi, y) in xi_full.chunks_exact(per).zip(y_full.chunks_exact_mut(per)) {
        let packed: [T; LANES] = std::array::from_fn(|v| xi[v / M][v % M]);
        let packed = f4(packed);
        for (v, &value) in packed.iter().enumerate() {
            y[v / M][v % M] = value;
        }
    }
    if xi_rest.is_empty() {
        return;
    }
    let mut packed = [T::zero(); LANES];
    for (v, x) in xi_rest.iter().flat_map(|x| &x[..M]).enumerate() {
        packed[v] = *x;
    }
    let packed = f4(packed);
    for (v, y) in y_rest.iter_mut().flat_map(|y| &mut y[..M]).enumerate() {
        *y = packed[v];
    }
}

/// The output error term `Delta_out` of each of the first `n` rows of `here` (`m`
/// outputs, its potentials and outputs computed), entry by entry as
/// [`Loss::output_delta`] computes it ([`Loss::output_term`]), against the batch's
/// targets `D` (`m` values per row).
fn output_terms<T: Real>(
    loss: Loss,
    f: Activation,
    scale: T,
    (m, n): (usize, usize),
    here: &mut RowLayer<T>,
    targets: &[T],
) {
    let rows = here.potentials.iter().zip(&here.outputs).zip(&mut here.deltas);
    if let (Loss::Mse | Loss::Sse, Activation::Tanh { steepness }) = (loss, f) {
        // The default output, compiled on its own (as in `OutputTanhSquared`).
        let s = T::of(steepness);
        for (r, ((_, y), delta)) in rows.take(n).enumerate() {
            for j in 0..m {
                let (y, d) = (y[j], targets[r * m + j]);
                delta[j] = scale * (y - d) * (s * (T::one() + y) * (T::one() - y));
            }
        }
        return;
    }
    for (r, ((xi, y), delta)) in rows.take(n).enumerate() {
        for j in 0..m {
            delta[j] = loss.output_term(f, scale, xi[j], y[j], targets[r * m + j]);
        }
    }
}

/// A hidden layer's activation in [`Network::train_rows`], row by row as its
/// potentials (bias included) come out of the product: `Y_L = f_L(Xi_L)`.
struct Activate<'a, T: Real> {
    f: Activation,
    /// Lane blocks per row.
    blocks: usize,
    /// `Y_L`, one padded row per sample.
    outputs: &'a mut [[T; LANES]],
}

impl<T: Real> RowThen<T> for Activate<'_, T> {
    #[inline(always)]
    fn row(&mut self, r: usize, xi: &mut [[T; LANES]]) {
        let f = self.f;
        for (y, x) in self.outputs[r * self.blocks..(r + 1) * self.blocks].iter_mut().zip(xi.iter()) {
            *y = f.apply4(*x);
        }
    }
}

/// [`Activate`] for tanh with steepness `s`: `Y_L = tanh(s Xi_L)`, exactly as
/// [`Activation::apply4`] computes it.
struct ActivateTanh<'a, T: Real> {
    /// The steepness `s`.
    steepness: T,
    /// Lane blocks per row.
    blocks: usize,
    /// `Y_L`, one padded row per sample.
    outputs: &'a mut [[T; LANES]],
}

impl<T: Real> RowThen<T> for ActivateTanh<'_, T> {
    #[inline(always)]
    fn row(&mut self, r: usize, xi: &mut [[T; LANES]]) {
        let s = self.steepness;
        for (y, x) in self.outputs[r * self.blocks..(r + 1) * self.blocks].iter_mut().zip(xi.iter()) {
            *y = T::tanh_fast4(x.map(|x| s * x));
        }
    }
}

/// The derivative in [`Network::train_rows`], row by row as the error propagated to
/// layer `L` comes out of the product: `Delta_L = f'_L(Xi_L) o (Delta_{L+1} W_{L+1}^T)`.
struct Derive<'a, T: Real> {
    f: Activation,
    /// Lane blocks per row.
    blocks: usize,
    /// `Xi_L`, one padded row per sample.
    potentials: &'a [[T; LANES]],
    /// `Y_L`, one padded row per sample.
    outputs: &'a [[T; LANES]],
}

impl<T: Real> RowThen<T> for Derive<'_, T> {
    #[inline(always)]
    fn row(&mut self, r: usize, delta: &mut [[T; LANES]]) {
        let (f, at) = (self.f, r * self.blocks..(r + 1) * self.blocks);
        for ((d, x), y) in delta.iter_mut().zip(&self.potentials[at.clone()]).zip(&self.outputs[at]) {
            *d = f.times_derivative4(*d, *x, *y);
        }
    }
}

/// [`Derive`] for tanh with steepness `s`: `f'(Xi) = s (1 + Y)(1 - Y)`, exactly as
/// [`Activation::times_derivative4`] computes it.
struct DeriveTanh<'a, T: Real> {
    /// The steepness `s`.
    steepness: T,
    /// Lane blocks per row.
    blocks: usize,
    /// `Y_L`, one padded row per sample.
    outputs: &'a [[T; LANES]],
}

impl<T: Real> RowThen<T> for DeriveTanh<'_, T> {
    #[inline(always)]
    fn row(&mut self, r: usize, delta: &mut [[T; LANES]]) {
        let s = self.steepness;
        for (d, y) in delta.iter_mut().zip(&self.outputs[r * self.blocks..(r + 1) * self.blocks]) {
            for l in 0..LANES {
                d[l] *= s * (T::one() + y[l]) * (T::one() - y[l]);
            }
        }
    }
}

/// The output layer's part of [`Network::train_rows`], row by row as its potentials
/// (bias included) come out of the product: `Y = f(Xi)` (softmax across the row when
/// it is the output's) and the output error term `Delta_out` from the loss, entry by
/// entry as [`Loss::output_delta`] computes it ([`Loss::output_term`]).
struct OutputTerm<'a, T: Real> {
    loss: Loss,
    f: Activation,
    /// Number of outputs.
    m: usize,
    /// [`Loss::output_scale`] of the batch (`1/N` for a mean loss).
    scale: T,
    /// The batch's targets `D`, one row of `m` values per sample.
    targets: &'a [T],
    /// `Y_out`, one padded row per sample.
    outputs: &'a mut [[T; LANES]],
    /// `Delta_out`, one padded row per sample.
    deltas: &'a mut [[T; LANES]],
}

impl<T: Real> RowThen<T> for OutputTerm<'_, T> {
    #[inline(always)]
    fn row(&mut self, r: usize, xi: &mut [[T; LANES]]) {
        let blocks = xi.len();
        let at = r * blocks..(r + 1) * blocks;
        let (f, m) = (self.f, self.m);
        let y = &mut self.outputs[at.clone()];
        if f.is_elementwise() {
            for (y, x) in y.iter_mut().zip(xi.iter()) {
                *y = f.apply4(*x);
            }
        } else {
            softmax_row(&xi.as_flattened()[..m], &mut y.as_flattened_mut()[..m]);
        }
        let scale = self.scale;
        let d = &self.targets[r * m..(r + 1) * m];
        let (xs, ys) = (xi.as_flattened(), y.as_flattened());
        for (j, o) in self.deltas[at].as_flattened_mut()[..m].iter_mut().enumerate() {
            *o = self.loss.output_term(f, scale, xs[j], ys[j], d[j]);
        }
    }
}

/// [`OutputTerm`] for a tanh output (steepness `s`) with a squared error (SSE or MSE):
/// `Y = tanh(s Xi)`, `Delta_out = scale (Y - D) f'(Xi)` with `f' = s (1 + Y)(1 - Y)`,
/// exactly as [`Loss::output_term`] computes it.
struct OutputTanhSquared<'a, T: Real> {
    /// The steepness `s`.
    steepness: T,
    /// Number of outputs.
    m: usize,
    /// [`Loss::output_scale`] of the batch.
    scale: T,
    /// The batch's targets `D`, one row of `m` values per sample.
    targets: &'a [T],
    /// `Y_out`, one padded row per sample.
    outputs: &'a mut [[T; LANES]],
    /// `Delta_out`, one padded row per sample.
    deltas: &'a mut [[T; LANES]],
}

impl<T: Real> RowThen<T> for OutputTanhSquared<'_, T> {
    #[inline(always)]
    fn row(&mut self, r: usize, xi: &mut [[T; LANES]]) {
        let blocks = xi.len();
        let at = r * blocks..(r + 1) * blocks;
        let (s, m, scale) = (self.steepness, self.m, self.scale);
        let y = &mut self.outputs[at.clone()];
        for (y, x) in y.iter_mut().zip(xi.iter()) {
            *y = T::tanh_fast4(x.map(|x| s * x));
        }
        let d = &self.targets[r * m..(r + 1) * m];
        let ys = &y.as_flattened()[..m];
        for ((o, &y), &d) in self.deltas[at].as_flattened_mut()[..m].iter_mut().zip(ys).zip(d) {
            *o = scale * (y - d) * (s * (T::one() + y) * (T::one() - y));
        }
    }
}

/// Softmax of one row of potentials `xi` into `y`, with the operations of
/// [`softmax_rows`] in the same order (so equal bits).
fn softmax_row<T: Real>(xi: &[T], y: &mut [T]) {
    let max = xi.iter().fold(xi[0], |a, &b| a.max(b));
    let mut sum = T::zero();
    for (y, &x) in y.iter_mut().zip(xi) {
        let e = (x - max).exp();
        *y = e;
        sum += e;
    }
    for y in y.iter_mut() {
        *y /= sum;
    }
}

/// Softmax of each of the first `n` rows in place of the outputs `ys`, from the
/// potentials `xi` (column-major, leading dimension `ld`, `m` columns):
/// `y_j = e^(xi_j - max) / sum_k e^(xi_k - max)`; subtracting the row's maximum keeps
/// `exp` finite and leaves the result unchanged.
fn softmax_rows<T: Real>(xi: &[T], ys: &mut [T], ld: usize, n: usize, m: usize) {
    for r in 0..n {
        let max = (0..m).map(|j| xi[j * ld + r]).fold(xi[r], |a, b| a.max(b));
        let mut sum = T::zero();
        for j in 0..m {
            let e = (xi[j * ld + r] - max).exp();
            ys[j * ld + r] = e;
            sum += e;
        }
        for j in 0..m {
            ys[j * ld + r] /= sum;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optimizer::Optimizer;
    use rand::rngs::StdRng;
    use rand::SeedableRng;

    /// `train_rows` gives exactly the gradients (and output layer) of `forward` then
    /// `backward`, for widths below, at and above the kernels' compiled widths, every
    /// hidden activation, softmax, sigmoid and tanh outputs (tanh with MSE has a kernel of
    /// its own), and batches shorter than,
    /// equal to and longer than the eight partial sums of the weight gradient.
    fn rows_equal_columns<T: Real>() {
        let hidden = [
            Activation::Tanh { steepness: 0.7 },
            Activation::Sigmoid { steepness: 1.3 },
            Activation::Relu,
            Activation::LeakyRelu { slope: 0.1 },
            Activation::Elu { alpha: 1.2 },
            Activation::Softplus,
            Activation::Sine,
            Activation::Gaussian,
            Activation::Linear,
        ];
        let outputs = [
            (Activation::Softmax, Loss::SoftmaxCrossEntropy, 3),
            (Activation::Sigmoid { steepness: 1.0 }, Loss::BinaryCrossEntropy, 1),
            (Activation::Tanh { steepness: 1.0 }, Loss::Sae, 2),
            (Activation::Tanh { steepness: 1.5 }, Loss::Mse, 2),
        ];
        let mut rng = StdRng::seed_from_u64(7);
        for (i, &f) in hidden.iter().enumerate() {
            let (out, loss, m) = outputs[i % outputs.len()];
            let layers = [(3, f), (2, f), (4, f), (36, f), (1, f), (8, f), (5, f), (m, out)];
            let net: Network<T> = Network::new(5, &layers, Init::Xavier, &mut rng);
            for n in [1, 7, 8, 10, 17] {
                let inputs = DMatrix::from_fn(n, 5, |r, c| T::of(((r * 5 + c) as f64 * 0.61).sin() * 2.0));
                let targets = DMatrix::from_fn(n, m, |r, c| T::of(if (r + c) % m == 0 { 1.0 } else { 0.0 }));
                let (mut buffers, mut expected) = (net.buffers(n), net.gradients());
                net.forward(&inputs, 0, n, &mut buffers);
                let batch = Batch { inputs: &inputs, targets: &targets, start: 0, rows: n };
                net.backward(loss, batch, &mut buffers, &mut expected);
                let (mut rows, mut got) = (net.row_buffers(n), net.gradients());
                rows.load(&net, &Updater::new(Optimizer::Sgd, &[]));
                rows.hold_samples(&inputs, &targets);
                rows.take_batch(&(0..n).collect::<Vec<_>>());
                net.train_rows(loss, n, &mut rows);
                rows.gradients_into(&mut got);
                assert_eq!(got, expected, "{f:?}, {n} rows");
                let (outputs, mp) = (rows.layers.last().map(|l| l.outputs.as_flattened()), padded(m));
                let row_outputs = DMatrix::from_fn(n, m, |r, j| outputs.map_or(T::zero(), |y| y[r * mp + j]));
                let column_outputs = buffers.outputs.last().map(|y| y.rows(0, n).into_owned());
                assert_eq!(Some(row_outputs), column_outputs, "{f:?}, {n} rows");
            }
        }
    }

    #[test]
    fn row_major_training_step_equals_column_major_bit_for_bit() {
        rows_equal_columns::<f32>();
        rows_equal_columns::<f64>();
    }
}
