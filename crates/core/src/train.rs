//! Training: presenting the data epoch by epoch, updating the weights, stopping.
//!
//! One epoch presents every training sample once: the order is reshuffled, cut into
//! batches (one sample for online learning, the whole set for batch learning), and
//! each batch gives one update `W_L <- W_L - alpha dE/dW_L` through the optimizer.
//! Every buffer is allocated in [`Trainer::new`]; an epoch allocates nothing.

use crate::config::Config;
use crate::dataset::{Dataset, Sample, Targets, EXTENT};
use crate::error::Error;
use crate::features::Feature;
use crate::metrics::Metrics;
use crate::network::{Batch, Buffers, Gradients, Network};
use crate::optimizer::OptimizerState;
use crate::real::Real;
use crate::stopping::StopReason;
use nalgebra::{DMatrix, DMatrixView};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;

/// Rows evaluated at once when computing losses, metrics and grids.
const EVAL_CHUNK: usize = 256;

/// Seeds of the independent random streams derived from the run's seed.
const DATA_STREAM: u64 = 0;
const INIT_STREAM: u64 = 1;
const SHUFFLE_STREAM: u64 = 2;

fn stream(seed: u64, stream: u64) -> StdRng {
    StdRng::seed_from_u64(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(stream))
}

/// Which part of the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    /// The training set.
    Train,
    /// The test set.
    Test,
}

/// Inputs and coded targets of one split, as matrices (one sample per row).
#[derive(Clone, Debug)]
struct Data<T: Real> {
    inputs: DMatrix<T>,
    targets: DMatrix<T>,
}

/// A run in progress: configuration, data, network, and every buffer training needs.
#[derive(Clone, Debug)]
pub struct Trainer<T: Real = f32> {
    config: Config,
    dataset: Dataset,
    network: Network<T>,
    train: Data<T>,
    test: Data<T>,
    batch_inputs: DMatrix<T>,
    batch_targets: DMatrix<T>,
    buffers: Buffers<T>,
    gradients: Gradients<T>,
    optimizer: OptimizerState<T>,
    eval_inputs: DMatrix<T>,
    eval_buffers: Buffers<T>,
    order: Vec<usize>,
    rng: StdRng,
    epoch: u64,
    elapsed_seconds: f64,
    /// Clock reading at the end of the last [`Trainer::train`] call while the run plays
    /// (`None`: paused, the time until the next call does not count).
    clock_mark: Option<f64>,
    stopped: Option<StopReason>,
    /// Weights before the current epoch, kept only for the weight-change condition.
    previous: Option<Network<T>>,
    /// Best weights so far by test loss, kept only for early stopping.
    best: Option<(Network<T>, f64, u64)>,
    /// Counts changes to the parameters; keys the loss cache.
    version: u64,
    /// The last loss computed on the training and test sets, with the version it was for.
    loss_cache: [Option<(u64, f64)>; 2],
}

/// Codes a sample's target as the output row the network should produce: the value
/// itself for regression; for classes, `hi` on the class's output and `lo` elsewhere
/// (a single output holds `hi` for class 1 and `lo` for class 0).
fn code_target<T: Real>(targets: Targets, range: (f64, f64), outputs: usize, s: &Sample, row: &mut [T]) {
    match targets {
        Targets::Regression => row[0] = T::of(s.target),
        Targets::Classes { .. } => {
            let class = s.target as usize;
            if outputs == 1 {
                row[0] = T::of(if class == 1 { range.1 } else { range.0 });
            } else {
                for (j, v) in row.iter_mut().enumerate() {
                    *v = T::of(if j == class { range.1 } else { range.0 });
                }
            }
        }
    }
}

/// Writes the features of `(x1, x2)` into a row of inputs.
fn feature_row<T: Real>(features: &[Feature], x1: f64, x2: f64, mut put: impl FnMut(usize, T)) {
    for (c, f) in features.iter().enumerate() {
        put(c, T::of(f.value(x1, x2)));
    }
}

impl<T: Real> Trainer<T> {
    /// Validates `config`, generates its dataset, draws the initial weights and
    /// allocates every buffer.
    pub fn new(config: &Config) -> Result<Self, Error> {
        config.validate()?;
        let dataset = config.data.build(config.seed.wrapping_add(DATA_STREAM));
        Ok(Self::with_dataset(config, dataset))
    }

    /// Like [`Trainer::new`] but on a given dataset (user-made or imported points).
    /// The configuration must already be valid.
    pub fn with_dataset(config: &Config, dataset: Dataset) -> Self {
        let network = Network::new(
            config.features.len(),
            &config.layers(),
            config.init,
            &mut stream(config.seed, INIT_STREAM),
        );
        let outputs = network.outputs();
        let range = config.output_activation().target_range();
        let code = |samples: &[Sample]| {
            let mut inputs = DMatrix::zeros(samples.len(), config.features.len());
            let mut targets = DMatrix::zeros(samples.len(), outputs);
            let mut row = vec![T::zero(); outputs];
            for (r, s) in samples.iter().enumerate() {
                feature_row(&config.features, s.x1, s.x2, |c, v| inputs[(r, c)] = v);
                code_target(dataset.targets, range, outputs, s, &mut row);
                for (j, &v) in row.iter().enumerate() {
                    targets[(r, j)] = v;
                }
            }
            Data { inputs, targets }
        };
        let train = code(&dataset.train);
        let test = code(&dataset.test);
        let batch = config.strategy.batch_size(dataset.train.len());
        let shapes: Vec<(usize, usize)> =
            network.layers.iter().flat_map(|l| [(l.inputs(), l.neurons()), (1, l.neurons())]).collect();
        Trainer {
            batch_inputs: DMatrix::zeros(batch, network.inputs()),
            batch_targets: DMatrix::zeros(batch, outputs),
            buffers: network.buffers(batch),
            gradients: network.gradients(),
            optimizer: OptimizerState::new(config.optimizer, &shapes),
            eval_inputs: DMatrix::zeros(EVAL_CHUNK, network.inputs()),
            eval_buffers: network.buffers(EVAL_CHUNK),
            order: (0..dataset.train.len()).collect(),
            rng: stream(config.seed, SHUFFLE_STREAM),
            epoch: 0,
            elapsed_seconds: 0.0,
            clock_mark: None,
            stopped: None,
            previous: config.stopping.min_weight_change.map(|_| network.clone()),
            best: config.stopping.patience.map(|_| (network.clone(), f64::INFINITY, 0)),
            version: 0,
            loss_cache: [None, None],
            config: config.clone(),
            dataset,
            network,
            train,
            test,
        }
    }

    /// The configuration of this run.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The dataset (training and test points).
    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// The network.
    pub fn network(&self) -> &Network<T> {
        &self.network
    }

    /// The network, for changing weights by hand (the shape must stay).
    pub fn network_mut(&mut self) -> &mut Network<T> {
        self.version += 1;
        &mut self.network
    }

    /// Epochs trained so far.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// Training time so far in seconds, as measured by the clock given to [`Trainer::train`].
    pub fn elapsed_seconds(&self) -> f64 {
        self.elapsed_seconds
    }

    /// The learning rate of the current epoch, `alpha_t`.
    pub fn learning_rate(&self) -> f64 {
        self.config.schedule.rate_at(self.config.learning_rate, self.epoch)
    }

    /// Why training stopped, if it did.
    pub fn stopped(&self) -> Option<&StopReason> {
        self.stopped.as_ref()
    }

    /// Samples per update.
    pub fn batch_size(&self) -> usize {
        self.batch_inputs.nrows()
    }

    /// One epoch: reshuffle, then one update per batch. Does not check stopping
    /// conditions (see [`Trainer::train`]).
    pub fn train_epoch(&mut self) {
        let n = self.order.len();
        let batch = self.batch_size();
        if batch < n {
            self.order.shuffle(&mut self.rng);
        }
        let learning_rate = self.learning_rate();
        let mut start = 0;
        while start < n {
            let rows = batch.min(n - start);
            for (r, &i) in self.order[start..start + rows].iter().enumerate() {
                for c in 0..self.batch_inputs.ncols() {
                    self.batch_inputs[(r, c)] = self.train.inputs[(i, c)];
                }
                for c in 0..self.batch_targets.ncols() {
                    self.batch_targets[(r, c)] = self.train.targets[(i, c)];
                }
            }
            self.step(rows, learning_rate);
            start += rows;
        }
        self.epoch += 1;
    }

    /// One gradient step on the first `rows` rows of the batch buffers.
    fn step(&mut self, rows: usize, learning_rate: f64) {
        self.version += 1;
        self.network.forward(&self.batch_inputs, 0, rows, &mut self.buffers);
        let batch = Batch { inputs: &self.batch_inputs, targets: &self.batch_targets, start: 0, rows };
        self.network.backward(self.config.loss, batch, &mut self.buffers, &mut self.gradients);
        let regularization = self.config.regularization;
        let optimizer = self.config.optimizer;
        self.optimizer.begin_step();
        for (l, layer) in self.network.layers.iter_mut().enumerate() {
            regularization.add_gradient(&layer.weights, &mut self.gradients.weights[l]);
            self.optimizer.update(
                optimizer,
                2 * l,
                learning_rate,
                &mut layer.weights,
                &self.gradients.weights[l],
            );
            self.optimizer.update(
                optimizer,
                2 * l + 1,
                learning_rate,
                &mut layer.bias,
                &self.gradients.bias[l],
            );
        }
    }

    /// Trains up to `epochs` epochs, stopping early when a stopping condition fires
    /// or training diverges. `clock` returns the current time in seconds (one origin
    /// for the whole run); it is read once per epoch for the time limit. Training time
    /// is wall-clock time while the run plays: it includes the time between two calls
    /// (a page drawing between its epochs) unless [`Trainer::pause_clock`] was called
    /// in between. Returns the epochs run.
    pub fn train(&mut self, epochs: u64, clock: &mut dyn FnMut() -> f64) -> u64 {
        let mut run = 0;
        let mut last = self.clock_mark.take().unwrap_or_else(&mut *clock);
        while run < epochs && self.stopped.is_none() {
            if let Some(prev) = self.previous.as_mut() {
                prev.copy_parameters_from(&self.network);
            }
            self.train_epoch();
            run += 1;
            let now = clock();
            self.elapsed_seconds += (now - last).max(0.0);
            last = now;
            self.stopped = self.check_stopping();
        }
        if self.stopped.is_none() && !self.loss(Split::Train).is_finite() {
            self.stopped = Some(StopReason::Diverged { epoch: self.epoch });
        }
        self.clock_mark = Some(last);
        run
    }

    /// Stops the training clock: the time until the next [`Trainer::train`] call is a
    /// pause and does not count towards the time limit.
    pub fn pause_clock(&mut self) {
        self.clock_mark = None;
    }

    /// The stopping condition that fires after the epoch just trained, if any.
    fn check_stopping(&mut self) -> Option<StopReason> {
        if !self.network.is_finite() {
            return Some(StopReason::Diverged { epoch: self.epoch });
        }
        let s = self.config.stopping.clone();
        if let Some(limit) = s.min_train_loss {
            let loss = self.loss(Split::Train);
            if !loss.is_finite() {
                return Some(StopReason::Diverged { epoch: self.epoch });
            }
            if loss < limit {
                return Some(StopReason::MinTrainLoss { loss });
            }
        }
        if let Some(patience) = s.patience {
            let loss = self.loss(Split::Test);
            if let Some((best, best_loss, best_epoch)) = self.best.as_mut() {
                if loss < *best_loss {
                    best.copy_parameters_from(&self.network);
                    *best_loss = loss;
                    *best_epoch = self.epoch;
                } else if self.epoch - *best_epoch >= patience {
                    let reason = StopReason::EarlyStopping { best_epoch: *best_epoch, best_loss: *best_loss };
                    self.network.copy_parameters_from(best);
                    self.version += 1;
                    return Some(reason);
                }
            }
        }
        if let (Some(limit), Some(prev)) = (s.min_weight_change, self.previous.as_ref()) {
            let change = self.network.max_parameter_change(prev);
            if change < limit {
                return Some(StopReason::MinWeightChange { change });
            }
        }
        if let Some(limit) = s.time_limit_seconds {
            if self.elapsed_seconds >= limit {
                return Some(StopReason::TimeLimit { seconds: limit });
            }
        }
        if let Some(limit) = s.max_epochs {
            if self.epoch >= limit {
                return Some(StopReason::MaxEpochs { epochs: limit });
            }
        }
        None
    }

    /// Sets one parameter by hand: in layer `layer` (0 is the first after the inputs),
    /// the weight from input `from` to neuron `to`, or the neuron's bias when `from`
    /// equals the layer's number of inputs. Clears a stop so training can go on.
    pub fn set_weight(&mut self, layer: usize, from: usize, to: usize, value: f64) -> Result<(), Error> {
        if !value.is_finite() {
            return Err(Error::whole(format!("a weight must be a finite number, got {value}")));
        }
        self.version += 1;
        let l = self
            .network
            .layers
            .get_mut(layer)
            .ok_or_else(|| Error::whole(format!("there is no layer {layer}")))?;
        if to >= l.neurons() || from > l.inputs() {
            return Err(Error::whole(format!("layer {layer} has no connection {from} -> {to}")));
        }
        if from == l.inputs() {
            l.bias[(0, to)] = T::of(value);
        } else {
            l.weights[(from, to)] = T::of(value);
        }
        self.resume();
        Ok(())
    }

    /// Clears a stop so training can go on (after the user changed a weight, say).
    pub fn resume(&mut self) {
        self.stopped = None;
    }

    fn data(&self, split: Split) -> &Data<T> {
        match split {
            Split::Train => &self.train,
            Split::Test => &self.test,
        }
    }

    /// Runs the network on every sample of `split` in chunks, handing each chunk's
    /// outputs and targets to `visit`.
    fn evaluate(&mut self, split: Split, mut visit: impl FnMut(DMatrixView<T>, DMatrixView<T>)) {
        let data = match split {
            Split::Train => &self.train,
            Split::Test => &self.test,
        };
        let n = data.inputs.nrows();
        let mut start = 0;
        while start < n {
            let rows = EVAL_CHUNK.min(n - start);
            self.network.forward(&data.inputs, start, rows, &mut self.eval_buffers);
            let outputs = self.eval_buffers.outputs.last().map(|y| y.rows(0, rows));
            if let Some(y) = outputs {
                visit(y, data.targets.rows(start, rows));
            }
            start += rows;
        }
    }

    /// The loss `E` on a split (without the regularization penalty); NaN for an empty
    /// split. Computed once per change of the weights.
    pub fn loss(&mut self, split: Split) -> f64 {
        let slot = split as usize;
        if let Some((version, loss)) = self.loss_cache[slot] {
            if version == self.version {
                return loss;
            }
        }
        let loss = self.compute_loss(split);
        self.loss_cache[slot] = Some((self.version, loss));
        loss
    }

    fn compute_loss(&mut self, split: Split) -> f64 {
        let loss = self.config.loss;
        let n = self.data(split).inputs.nrows();
        if n == 0 {
            return f64::NAN;
        }
        let mut total = 0.0;
        self.evaluate(split, |y, d| {
            total += (0..y.nrows())
                .map(|r| loss.sample(y.row(r).iter().copied(), d.row(r).iter().copied()))
                .sum::<f64>();
        });
        if loss.is_mean() {
            total / n as f64
        } else {
            total
        }
    }

    /// The loss the optimizer minimizes on the training set: `E` plus the weight penalty.
    pub fn objective(&mut self) -> f64 {
        let penalty = self.config.regularization.penalty(self.network.layers.iter().map(|l| &l.weights));
        self.loss(Split::Train) + penalty
    }

    /// Accuracy and confusion matrix (classification) or R² (regression) on a split.
    pub fn metrics(&mut self, split: Split) -> Metrics {
        let targets = self.dataset.targets;
        let range = self.config.output_activation().target_range();
        let mut metrics = Metrics::new(targets);
        let samples: Vec<f64> = match split {
            Split::Train => self.dataset.train.iter().map(|s| s.target).collect(),
            Split::Test => self.dataset.test.iter().map(|s| s.target).collect(),
        };
        let mut r = 0;
        self.evaluate(split, |y, _| {
            for row in 0..y.nrows() {
                let out = y.row(row);
                metrics.add(samples[r], out.iter().map(|v| v.to_f64()), range);
                r += 1;
            }
        });
        metrics.finish()
    }

    /// Evaluates the network over a `width x height` grid of the input plane
    /// `[-EXTENT, EXTENT]^2` (cell centres; row 0 is the top, `x2 = +EXTENT`) and writes
    /// the outputs, `outputs()` values per cell, row by row into `out`.
    /// If `neurons` is given, it also receives every hidden and output neuron's output,
    /// neuron by neuron (`width * height` values each, in layer order).
    pub fn fill_grid(
        &mut self,
        width: usize,
        height: usize,
        out: &mut [f32],
        mut neurons: Option<&mut [f32]>,
    ) {
        let cells = width * height;
        let m = self.network.outputs();
        let features = &self.config.features;
        let cell = |i: usize| {
            let (col, row) = (i % width, i / width);
            let x1 = -EXTENT + (col as f64 + 0.5) * 2.0 * EXTENT / width as f64;
            let x2 = EXTENT - (row as f64 + 0.5) * 2.0 * EXTENT / height as f64;
            (x1, x2)
        };
        let mut start = 0;
        while start < cells {
            let rows = EVAL_CHUNK.min(cells - start);
            let ld = self.eval_inputs.nrows();
            let inputs = self.eval_inputs.as_mut_slice();
            for (c, f) in features.iter().enumerate() {
                let f = *f;
                for (r, v) in inputs[c * ld..c * ld + rows].iter_mut().enumerate() {
                    let (x1, x2) = cell(start + r);
                    *v = T::of(f.value(x1, x2));
                }
            }
            self.network.forward(&self.eval_inputs, 0, rows, &mut self.eval_buffers);
            if let Some(y) = self.eval_buffers.outputs.last() {
                for r in 0..rows {
                    for j in 0..m {
                        if let Some(o) = out.get_mut((start + r) * m + j) {
                            *o = y[(r, j)].to_f32();
                        }
                    }
                }
            }
            if let Some(neurons) = neurons.as_deref_mut() {
                let mut base = 0;
                for y in &self.eval_buffers.outputs {
                    for j in 0..y.ncols() {
                        for r in 0..rows {
                            if let Some(o) = neurons.get_mut(base + start + r) {
                                *o = y[(r, j)].to_f32();
                            }
                        }
                        base += cells;
                    }
                }
            }
            start += rows;
        }
    }

    /// The network's outputs for one point of the plane.
    pub fn predict(&mut self, x1: f64, x2: f64) -> Vec<f64> {
        feature_row(&self.config.features, x1, x2, |c, v| self.eval_inputs[(0, c)] = v);
        self.network.forward(&self.eval_inputs, 0, 1, &mut self.eval_buffers);
        self.eval_buffers
            .outputs
            .last()
            .map(|y| y.row(0).iter().map(|v| v.to_f64()).collect())
            .unwrap_or_default()
    }

    /// The full-batch gradient of [`Trainer::objective`] at the current weights
    /// (used by the gradient checks).
    pub fn full_gradient(&mut self) -> Gradients<T> {
        let mut buffers = self.network.buffers(self.train.inputs.nrows());
        let mut gradients = self.network.gradients();
        let n = self.train.inputs.nrows();
        self.network.forward(&self.train.inputs, 0, n, &mut buffers);
        let batch = Batch { inputs: &self.train.inputs, targets: &self.train.targets, start: 0, rows: n };
        self.network.backward(self.config.loss, batch, &mut buffers, &mut gradients);
        for (l, layer) in self.network.layers.iter().enumerate() {
            self.config.regularization.add_gradient(&layer.weights, &mut gradients.weights[l]);
        }
        gradients
    }

    /// The training inputs (rows are samples, columns features) and coded targets.
    pub fn training_matrices(&self) -> (&DMatrix<T>, &DMatrix<T>) {
        (&self.train.inputs, &self.train.targets)
    }
}
