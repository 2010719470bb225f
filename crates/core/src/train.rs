//! Training: presenting the data epoch by epoch, updating the weights, stopping.
//!
//! One epoch presents every training sample once: the order is reshuffled, cut into
//! batches (one sample for online learning, the whole set for batch learning), and
//! each batch gives one update `W_L <- W_L - alpha dE/dW_L` through the optimizer.
//! Every buffer is allocated in [`Trainer::new`]; an epoch allocates nothing.
//!
//! A run can stand inside an epoch: the batch cursor is the start of the next batch
//! in the current epoch's order. The order is reshuffled when the cursor is at 0;
//! after the last batch the epoch counter moves on and the cursor returns to 0. So
//! stepping batch by batch ([`Trainer::record_step`]) and training whole epochs give
//! the same weights bit for bit.
//!
//! The trainer owns the weights and the training state; evaluating them (losses,
//! metrics, the output over the plane) is delegated to an [`Evaluator`]. The
//! losses are cached with the weights they were computed for (`Weights`), and
//! every path to change the weights clears them.

use crate::chacha::ChaCha12;
use crate::config::Config;
use crate::dataset::Dataset;
use crate::encoding::prepare;
use crate::error::Error;
use crate::evaluation::{Data, Evaluator};
use crate::limits::MAX_WEIGHT;
use crate::metrics::Metrics;
use crate::network::{Batch, Buffers, Gradients, Network, RowBuffers};
use crate::optimizer::Updater;
use crate::real::Real;
use crate::shuffle::Shuffle;
use crate::stopping::StopReason;
use crate::table::Table;
use crate::validation::ValidConfig;
use nalgebra::DMatrix;
use rand::rngs::StdRng;
use rand::SeedableRng;
use weights::Weights;

/// Seeds of the independent random streams derived from the run's seed.
const DATA_STREAM: u64 = 0;
const INIT_STREAM: u64 = 1;
const SHUFFLE_STREAM: u64 = 2;

/// Largest batch trained in the row-major layout ([`Network::train_rows`]); larger
/// batches use the column-major one, whose loops run down the samples. Both give the
/// same bits; this only picks the faster.
const MAX_ROW_BATCH: usize = 32;

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

mod weights {
    //! The network together with the losses last computed for it. The fields are
    //! private to this module: the network can be changed only through
    //! [`Weights::get_mut`], which forgets the losses, so a cached loss always belongs
    //! to the current weights.

    use super::Split;
    use crate::network::Network;
    use crate::real::Real;

    /// The network and its cached losses on the training and test sets.
    #[derive(Clone, Debug)]
    pub(super) struct Weights<T: Real> {
        /// The network.
        network: Network<T>,
        /// The loss on each split (indexed by [`Split`]) for `network` as it is now.
        losses: [Option<f64>; 2],
    }

    impl<T: Real> Weights<T> {
        /// Wraps `network`, with no loss known yet.
        pub(super) fn new(network: Network<T>) -> Self {
            Weights { network, losses: [None, None] }
        }

        /// The network, to read.
        pub(super) fn get(&self) -> &Network<T> {
            &self.network
        }

        /// The network, to change: forgets every cached loss.
        pub(super) fn get_mut(&mut self) -> &mut Network<T> {
            self.losses = [None, None];
            &mut self.network
        }

        /// The loss on `split`: the cached one, or else `compute` applied to the
        /// current network, which is then cached.
        pub(super) fn loss(&mut self, split: Split, compute: impl FnOnce(&Network<T>) -> f64) -> f64 {
            let network = &self.network;
            *self.losses[split as usize].get_or_insert_with(|| compute(network))
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_loss_is_computed_once_per_split_until_the_network_is_borrowed_mutably() {
            let mut w: Weights<f64> = Weights::new(Network { layers: Vec::new() });
            let mut calls = 0;
            let mut loss = |w: &mut Weights<f64>, split, value| {
                w.loss(split, |_| {
                    calls += 1;
                    value
                })
            };
            assert_eq!(loss(&mut w, Split::Train, 1.0), 1.0);
            assert_eq!(loss(&mut w, Split::Train, 2.0), 1.0, "cached");
            assert_eq!(loss(&mut w, Split::Test, 3.0), 3.0, "each split has its own");
            let _ = w.get();
            assert_eq!(loss(&mut w, Split::Test, 4.0), 3.0, "reading keeps the cache");
            let _ = w.get_mut();
            assert_eq!(loss(&mut w, Split::Train, 5.0), 5.0, "a mutable borrow forgets it");
            assert_eq!(loss(&mut w, Split::Test, 6.0), 6.0);
            assert_eq!(calls, 4);
        }
    }
}

/// The buffers of the step just taken, borrowed from the trainer: the batch in the
/// first rows of `inputs` (`X`) and `targets` (`D`), the forward and backward pass
/// (`Xi_L`, `Y_L`, `Delta_L`), the gradients the optimizer received, and the epoch's
/// order of the training samples.
pub(crate) struct LastStep<'a, T: Real> {
    /// The batch inputs `X = Y_0`.
    pub(crate) inputs: &'a DMatrix<T>,
    /// The batch's coded targets `D`.
    pub(crate) targets: &'a DMatrix<T>,
    /// `Xi_L`, `Y_L` and `Delta_L` of every layer.
    pub(crate) buffers: &'a Buffers<T>,
    /// `dE/dW_L` (with the penalty's gradient) and `dE/db_L`.
    pub(crate) gradients: &'a Gradients<T>,
    /// The current epoch's order of the training samples.
    pub(crate) order: &'a [usize],
}

/// A run in progress: configuration, data, network, and every buffer training needs.
#[derive(Clone, Debug)]
pub struct Trainer<T: Real = f32> {
    config: ValidConfig,
    dataset: Dataset,
    /// The network, with its losses cached.
    weights: Weights<T>,
    train: Data<T>,
    test: Data<T>,
    batch_inputs: DMatrix<T>,
    batch_targets: DMatrix<T>,
    buffers: Buffers<T>,
    /// The row-major buffers of small batches (`None` above [`MAX_ROW_BATCH`]).
    rows: Option<RowBuffers<T>>,
    gradients: Gradients<T>,
    /// The optimizer with its memory.
    pub(crate) updater: Updater<T>,
    /// Runs the network for losses, metrics, grids and predictions.
    evaluator: Evaluator<T>,
    pub(crate) order: Vec<usize>,
    /// Start of the next batch in `order` within the current epoch (0: the epoch has
    /// not begun, and its order is drawn before the first batch).
    pub(crate) cursor: usize,
    /// The shuffle stream: ChaCha12, drawing the numbers `StdRng` draws
    /// ([`crate::chacha`]), whose position can be saved ([`crate::model::TrainingState`]).
    pub(crate) rng: ChaCha12,
    /// The shuffle of `order`, with where its draws fall worked out once.
    shuffle: Shuffle,
    epoch: u64,
    pub(crate) elapsed_seconds: f64,
    /// Time spent inside [`Trainer::train`] calls only (see [`Trainer::compute_seconds`]).
    pub(crate) compute_seconds: f64,
    /// Clock reading at the end of the last [`Trainer::train`] call while the run plays
    /// (`None`: paused, the time until the next call does not count).
    clock_mark: Option<f64>,
    pub(crate) stopped: Option<StopReason>,
    /// Weights before the current epoch, kept only for the weight-change condition.
    previous: Option<Network<T>>,
    /// Best weights so far by test loss, kept only for early stopping.
    pub(crate) best: Option<(Network<T>, f64, u64)>,
}

impl<T: Real> Trainer<T> {
    /// Validates `config` ([`Config::validate`]) and builds its run ([`Trainer::build`]).
    pub fn new(config: &Config) -> Result<Self, Error> {
        Self::build(config.validate()?)
    }

    /// Generates the configuration's dataset (the plane task's points, or a generated
    /// table: animals, weather, letters), draws the initial weights and allocates every
    /// buffer. A table read from a file (iris, wine, breast cancer, digits) needs the
    /// file's text: [`Trainer::with_table_text`]; here it is refused, saying so. Fails
    /// also when the table cannot be encoded as configured (no input left, too many).
    pub fn build(config: ValidConfig) -> Result<Self, Error> {
        let seed = config.seed.wrapping_add(DATA_STREAM);
        let dataset = match &config.data.table {
            None => config.data.build(seed),
            Some(choice) => match choice.kind.generate(seed) {
                Some(table) => Self::table_dataset(&config, table)?,
                None if choice.kind.is_own() => {
                    return Err(Error::field(
                        "data.table",
                        "your own table is read from its file, kept in the browser: give its text",
                    ));
                }
                None => {
                    let file = choice.kind.file().unwrap_or_default();
                    return Err(Error::field(
                        "data.table",
                        format!(
                            "the {} table is read from its file ({file}): give its text",
                            choice.kind.id()
                        ),
                    ));
                }
            },
        };
        Ok(Self::with_dataset(config, dataset))
    }

    /// Builds the run of a configuration whose `data.table` names a table read from a
    /// file (iris, wine, breast cancer, digits, or the user's own table), from that
    /// file's `text` (the core reads no files: the caller fetches it). Fails if the
    /// configuration has no table or a generated one, if the text is not that table's
    /// CSV (an own table: not the file of its content hash) or cannot be encoded as
    /// configured (the message names the line and column), or if the loss is for
    /// classes and the target holds numbers.
    pub fn with_table_text(config: ValidConfig, text: &str) -> Result<Self, Error> {
        let Some(choice) = &config.data.table else {
            return Err(Error::field("data.table", "this run trains on the plane, not on a table"));
        };
        let table = match &choice.own {
            Some(own) if choice.kind.is_own() => own.read(text)?,
            _ if choice.kind.file().is_none() => {
                return Err(Error::field(
                    "data.table",
                    format!("the {} table is generated, not read from a file", choice.kind.id()),
                ));
            }
            _ => choice.kind.from_csv(text)?,
        };
        let regression = table.target.targets() == crate::table::Targets::Regression;
        if regression
            && matches!(config.loss, crate::Loss::SoftmaxCrossEntropy | crate::Loss::BinaryCrossEntropy)
        {
            return Err(Error::field(
                "loss",
                format!(
                    "{} is for classes, and the target holds numbers; regression uses SSE, MSE or SAE",
                    config.loss.name()
                ),
            ));
        }
        let dataset = Self::table_dataset(&config, table)?;
        Ok(Self::with_dataset(config, dataset))
    }

    /// Splits (with the run's seed and `data.train_fraction`) and encodes `table` as
    /// `config.data.table` says.
    fn table_dataset(config: &ValidConfig, table: Table) -> Result<Dataset, Error> {
        let code = config.data.table.as_ref().map(|c| c.table_config(config.data.train_fraction));
        let prepared = prepare(table, &code.unwrap_or_default(), config.seed.wrapping_add(DATA_STREAM))?;
        Ok(Dataset::from_table(prepared))
    }

    /// Like [`Trainer::build`] but on a given dataset: user-made or imported points, or
    /// a table ([`Dataset::from_table`]), whose encoded columns are the inputs and
    /// whose target sets the output layer (the configuration's features and data are
    /// not used then; its hidden layers, activations, loss and training settings are).
    pub fn with_dataset(config: ValidConfig, dataset: Dataset) -> Self {
        // The plane's points feed the configured features of (x1, x2); a table its
        // encoded columns, with an output layer for its target.
        let (inputs, layers, activation) = match dataset.table.as_deref() {
            None => (config.features.len(), config.layers(), config.output_activation()),
            Some(table) => {
                let target = &table.encoder.target;
                let activation = config.output_activation_for(target.is_regression());
                let layers = config.layers_with_output(target.outputs(activation), activation);
                (table.encoder.width(), layers, activation)
            }
        };
        let network = Network::new(inputs, &layers, config.init, &mut stream(config.seed, INIT_STREAM));
        let outputs = network.outputs();
        let range = activation.target_range();
        let (train, test) = match dataset.table.as_deref() {
            None => {
                let code = |samples| Data::code(samples, &config.features, dataset.targets, range, outputs);
                (code(&dataset.train), code(&dataset.test))
            }
            Some(table) => {
                let code = |split| Data::from_encoded(split, None, range, outputs);
                (code(&table.train), code(&table.test))
            }
        };
        let batch = config.strategy.batch_size(dataset.train.len());
        let shapes: Vec<(usize, usize)> =
            network.layers.iter().flat_map(|l| [(l.inputs(), l.neurons()), (1, l.neurons())]).collect();
        Trainer {
            batch_inputs: DMatrix::zeros(batch, network.inputs()),
            batch_targets: DMatrix::zeros(batch, outputs),
            buffers: network.buffers(batch),
            rows: (batch <= MAX_ROW_BATCH).then(|| {
                let mut rows = network.row_buffers(batch);
                rows.hold_samples(&train.inputs, &train.targets);
                rows
            }),
            gradients: network.gradients(),
            updater: Updater::new(config.optimizer, &shapes),
            evaluator: Evaluator::new(&network),
            order: (0..dataset.train.len()).collect(),
            cursor: 0,
            rng: shuffle_stream(config.seed),
            shuffle: Shuffle::new(dataset.train.len()),
            epoch: 0,
            elapsed_seconds: 0.0,
            compute_seconds: 0.0,
            clock_mark: None,
            stopped: None,
            previous: config.stopping.min_weight_change.map(|_| network.clone()),
            best: config.stopping.patience.map(|_| (network.clone(), f64::INFINITY, 0)),
            config,
            dataset,
            weights: Weights::new(network),
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
        self.weights.get()
    }

    /// The network, for changing weights by hand (the shape must stay). Forgets the
    /// cached losses.
    pub fn network_mut(&mut self) -> &mut Network<T> {
        self.weights.get_mut()
    }

    /// Epochs trained so far.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// Weight updates so far (the optimizer's step count): online training makes one
    /// update per sample, mini-batch one per batch (the last batch of an epoch may be
    /// smaller), full batch one per epoch.
    pub fn updates(&self) -> u64 {
        self.updater.steps()
    }

    /// Training time so far in seconds, as measured by the clock given to [`Trainer::train`].
    pub fn elapsed_seconds(&self) -> f64 {
        self.elapsed_seconds
    }

    /// The run's own compute so far in seconds: only the time inside [`Trainer::train`]
    /// calls, never the time between them (a page drawing, a pause, a wait for other
    /// runs), so runs that share a page or a machine compare by what each one cost.
    pub fn compute_seconds(&self) -> f64 {
        self.compute_seconds
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

    /// Start of the next batch within the current epoch's order: 0 between epochs.
    pub fn batch_cursor(&self) -> usize {
        self.cursor
    }

    /// Batches (updates) per epoch: `ceil(n / batch size)` for `n` training samples.
    pub fn batches_per_epoch(&self) -> usize {
        self.order.len().div_ceil(self.batch_size())
    }

    /// Finishes the current epoch: one update per remaining batch (a whole epoch,
    /// reshuffled first, when none of it was trained yet). Does not check stopping
    /// conditions (see [`Trainer::train`]).
    pub fn train_epoch(&mut self) {
        let epoch = self.epoch;
        // Small batches train with the parameters and the optimizer's memory in the
        // row-major layout, updated there in place batch after batch; they move there
        // and back once per epoch, not once per batch.
        if let Some(rows) = self.rows.as_mut() {
            rows.load(self.weights.get(), &self.updater);
        }
        while self.epoch == epoch {
            self.next_batch(false);
        }
        if let Some(rows) = self.rows.as_ref() {
            rows.store(self.weights.get_mut(), &mut self.updater);
        }
    }

    /// Takes the next batch of the epoch and makes one update with it: draws the
    /// epoch's order first when the cursor is at 0 (unless the batch is the whole
    /// set), copies the batch's samples into the batch buffers, steps with the
    /// epoch's learning rate `alpha_t`, and moves the cursor on (to 0, with the epoch
    /// counter up by one, after the epoch's last batch). Returns the batch's first
    /// position in the order and its number of rows. Every buffer of
    /// [`Trainer::last_step`] is filled, for recording the step.
    pub(crate) fn advance(&mut self) -> (usize, usize) {
        self.next_batch(true)
    }

    /// [`Trainer::advance`]; with `record` false a small batch takes the row-major
    /// path, which gives the same weights but leaves the column-major buffers of
    /// [`Trainer::last_step`] unfilled.
    fn next_batch(&mut self, record: bool) -> (usize, usize) {
        let n = self.order.len();
        let batch = self.batch_size();
        if self.cursor == 0 && batch < n {
            self.shuffle.apply(&mut self.order, &mut self.rng);
        }
        let start = self.cursor;
        let rows = batch.min(n - start);
        let fast = !record && self.rows.is_some();
        self.copy_batch(start, rows, fast);
        if rows > 0 {
            self.step(rows, self.learning_rate(), fast);
        }
        self.cursor = start + rows;
        if self.cursor >= n {
            self.cursor = 0;
            self.epoch += 1;
        }
        (start, rows)
    }

    /// Copies the samples at positions `start..start + rows` of the order into the
    /// batch buffers: the targets always, the inputs into the row-major buffers when
    /// `fast`, else into the column-major ones.
    fn copy_batch(&mut self, start: usize, rows: usize, fast: bool) {
        let order = &self.order[start..start + rows];
        let total = self.train.inputs.nrows();
        let copy = |from: &DMatrix<T>, to: &mut DMatrix<T>| {
            let ld = to.nrows();
            let (from, to) = (from.as_slice(), to.as_mut_slice());
            for (column, to) in from.chunks_exact(total).zip(to.chunks_exact_mut(ld)) {
                for (t, &i) in to.iter_mut().zip(order) {
                    *t = column[i];
                }
            }
        };
        match self.rows.as_mut() {
            Some(buffers) if fast => buffers.take_batch(order),
            _ => {
                copy(&self.train.targets, &mut self.batch_targets);
                copy(&self.train.inputs, &mut self.batch_inputs);
            }
        }
    }

    /// One gradient step on the first `rows` rows of the batch buffers. When `fast`,
    /// in the row-major layout, whose parameters [`Trainer::train_epoch`] loaded;
    /// otherwise on the network itself (parameter block `2 l` is layer `l`'s weights,
    /// block `2 l + 1` its bias).
    fn step(&mut self, rows: usize, learning_rate: f64, fast: bool) {
        let loss = self.config.loss;
        let regularization = self.config.regularization;
        self.updater.begin_step();
        match self.rows.as_mut() {
            Some(row_buffers) if fast => {
                self.weights.get().train_rows(loss, rows, row_buffers);
                row_buffers.update(&self.updater, regularization, learning_rate);
            }
            _ => {
                let network = self.weights.get_mut();
                network.forward(&self.batch_inputs, 0, rows, &mut self.buffers);
                let batch =
                    Batch { inputs: &self.batch_inputs, targets: &self.batch_targets, start: 0, rows };
                network.backward(loss, batch, &mut self.buffers, &mut self.gradients);
                for (l, layer) in network.layers.iter_mut().enumerate() {
                    regularization.add_gradient(&layer.weights, &mut self.gradients.weights[l]);
                    self.updater.update(2 * l, learning_rate, &mut layer.weights, &self.gradients.weights[l]);
                    self.updater.update(2 * l + 1, learning_rate, &mut layer.bias, &self.gradients.bias[l]);
                }
            }
        }
    }

    /// Trains up to `epochs` epochs, stopping early when a stopping condition fires
    /// or training diverges. `clock` returns the current time in seconds (one origin
    /// for the whole run); it is read after every epoch when a time limit is set, else
    /// once at the start and once after the last epoch of the call. Training time
    /// is wall-clock time while the run plays: it includes the time between two calls
    /// (a page drawing between its epochs) unless [`Trainer::pause_clock`] was called
    /// in between; [`Trainer::compute_seconds`] counts only the time inside the calls.
    /// Returns the epochs run.
    pub fn train(&mut self, epochs: u64, clock: &mut dyn FnMut() -> f64) -> u64 {
        let mut run = 0;
        let start = clock();
        let mut last = self.clock_mark.take().unwrap_or(start);
        // The clock is a call out of wasm on the page: read per epoch only when needed.
        let per_epoch = self.config.stopping.time_limit_seconds.is_some();
        while run < epochs && self.stopped.is_none() {
            if let Some(prev) = self.previous.as_mut() {
                prev.copy_parameters_from(self.weights.get());
            }
            self.train_epoch();
            run += 1;
            if per_epoch {
                last = self.count_time(last, clock());
            }
            self.stopped = self.check_stopping();
        }
        if !per_epoch && run > 0 {
            last = self.count_time(last, clock());
        }
        if self.stopped.is_none() && !self.loss(Split::Train).is_finite() {
            self.stopped = Some(StopReason::Diverged { epoch: self.epoch });
        }
        self.compute_seconds += (last - start).max(0.0);
        self.clock_mark = Some(last);
        run
    }

    /// Adds the time from `last` to `now` to the training time; returns `now`.
    fn count_time(&mut self, last: f64, now: f64) -> f64 {
        self.elapsed_seconds += (now - last).max(0.0);
        now
    }

    /// Stops the training clock: the time until the next [`Trainer::train`] call is a
    /// pause and does not count towards the time limit.
    pub fn pause_clock(&mut self) {
        self.clock_mark = None;
    }

    /// The stopping condition that fires after the epoch just trained, if any.
    fn check_stopping(&mut self) -> Option<StopReason> {
        if !self.network().is_finite() {
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
                    best.copy_parameters_from(self.weights.get());
                    *best_loss = loss;
                    *best_epoch = self.epoch;
                } else if self.epoch - *best_epoch >= patience {
                    let reason = StopReason::EarlyStopping { best_epoch: *best_epoch, best_loss: *best_loss };
                    self.weights.get_mut().copy_parameters_from(best);
                    return Some(reason);
                }
            }
        }
        if let (Some(limit), Some(prev)) = (s.min_weight_change, self.previous.as_ref()) {
            let change = self.network().max_parameter_change(prev);
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
    /// equals the layer's number of inputs. The value must be finite and at most
    /// [`MAX_WEIGHT`] in size, as in a model file. Clears a stop so training can go on.
    pub fn set_weight(&mut self, layer: usize, from: usize, to: usize, value: f64) -> Result<(), Error> {
        if !(value.is_finite() && value.abs() <= MAX_WEIGHT) {
            return Err(Error::whole(format!(
                "a weight must be a finite number of at most {MAX_WEIGHT} in size, got {value}"
            )));
        }
        let l = self
            .network()
            .layers
            .get(layer)
            .ok_or_else(|| Error::whole(format!("there is no layer {layer}")))?;
        if to >= l.neurons() || from > l.inputs() {
            return Err(Error::whole(format!("layer {layer} has no connection {from} -> {to}")));
        }
        let l = &mut self.weights.get_mut().layers[layer];
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

    /// The loss `E` on a split (without the regularization penalty); NaN for an empty
    /// split. Computed once per change of the weights.
    pub fn loss(&mut self, split: Split) -> f64 {
        let data = match split {
            Split::Train => &self.train,
            Split::Test => &self.test,
        };
        let (evaluator, loss) = (&mut self.evaluator, self.config.loss);
        self.weights.loss(split, |network| evaluator.loss(network, loss, data))
    }

    /// The loss the optimizer minimizes on the training set: `E` plus the weight penalty.
    pub fn objective(&mut self) -> f64 {
        let penalty = self.config.regularization.penalty(self.network().layers.iter().map(|l| &l.weights));
        self.loss(Split::Train) + penalty
    }

    /// Accuracy and confusion matrix (classification) or R² (regression), and the mean
    /// squared error against the coded targets, on a split; for a table with numeric
    /// targets also each output's RMSE and R² in the column's own units
    /// ([`Metrics::outputs`]).
    pub fn metrics(&mut self, split: Split) -> Metrics {
        let (data, samples) = match split {
            Split::Train => (&self.train, &self.dataset.train),
            Split::Test => (&self.test, &self.dataset.test),
        };
        let range = self.config.output_activation().target_range();
        let mut metrics =
            self.evaluator.metrics(self.weights.get(), data, samples, self.dataset.targets, range);
        // A table's numeric targets: RMSE and R² of every output in its own units.
        if let Some(table) = self.dataset.table.as_deref().filter(|t| t.encoder.target.is_regression()) {
            let target = &table.encoder.target;
            let names = target.output_names(self.weights.get().outputs());
            metrics.outputs =
                self.evaluator.output_fits(self.weights.get(), data, &names, |j, y| target.unscale(j, y));
        }
        metrics
    }

    /// Evaluates the network over a `width x height` grid of the input plane
    /// `[-EXTENT, EXTENT]^2` (cell centres; row 0 is the top, `x2 = +EXTENT`) and writes
    /// the outputs, `outputs()` values per cell, row by row into `out`.
    /// If `neurons` is given, it also receives every hidden and output neuron's output,
    /// neuron by neuron (`width * height` values each, in layer order).
    pub fn fill_grid(&mut self, width: usize, height: usize, out: &mut [f32], neurons: Option<&mut [f32]>) {
        let features = &self.config.features;
        self.evaluator.fill_grid(self.weights.get(), features, width, height, out, neurons);
    }

    /// The network's outputs for one point of the plane.
    pub fn predict(&mut self, x1: f64, x2: f64) -> Vec<f64> {
        self.evaluator.predict(self.weights.get(), &self.config.features, x1, x2)
    }

    /// The full-batch gradient of [`Trainer::objective`] at the current weights
    /// (used by the gradient checks).
    pub fn full_gradient(&mut self) -> Gradients<T> {
        let network = self.network();
        let mut buffers: Buffers<T> = network.buffers(self.train.inputs.nrows());
        let mut gradients = network.gradients();
        let n = self.train.inputs.nrows();
        network.forward(&self.train.inputs, 0, n, &mut buffers);
        let batch = Batch { inputs: &self.train.inputs, targets: &self.train.targets, start: 0, rows: n };
        network.backward(self.config.loss, batch, &mut buffers, &mut gradients);
        for (l, layer) in network.layers.iter().enumerate() {
            self.config.regularization.add_gradient(&layer.weights, &mut gradients.weights[l]);
        }
        gradients
    }

    /// The buffers of the step just taken by [`Trainer::advance`], for recording it.
    pub(crate) fn last_step(&self) -> LastStep<'_, T> {
        LastStep {
            inputs: &self.batch_inputs,
            targets: &self.batch_targets,
            buffers: &self.buffers,
            gradients: &self.gradients,
            order: &self.order,
        }
    }

    /// What evaluating the network over the training set needs: the network, the
    /// coded training data and the evaluator with its buffers.
    pub(crate) fn training_evaluation(&mut self) -> (&Network<T>, &Data<T>, &mut Evaluator<T>) {
        (self.weights.get(), &self.train, &mut self.evaluator)
    }

    /// The training inputs (rows are samples, columns features) and coded targets.
    pub fn training_matrices(&self) -> (&DMatrix<T>, &DMatrix<T>) {
        (&self.train.inputs, &self.train.targets)
    }
}

/// The shuffle stream of a run with seed `seed`: the same numbers as
/// `stream(seed, SHUFFLE_STREAM)` (`StdRng` is ChaCha12), as a generator whose position
/// can be read and set.
pub(crate) fn shuffle_stream(seed: u64) -> ChaCha12 {
    ChaCha12::seed_from_u64(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(SHUFFLE_STREAM))
}

impl<T: Real> Trainer<T> {
    /// Sets the epoch counter (a run restored from a model file goes on from its epoch:
    /// the learning-rate schedule's `alpha_t` follows it).
    pub fn set_epoch(&mut self, epoch: u64) {
        self.epoch = epoch;
    }
}

#[cfg(test)]
mod state_tests {
    use super::*;
    use rand::RngCore;

    /// The named shuffle stream draws the numbers `StdRng` drew, so runs shuffle as before.
    #[test]
    fn the_shuffle_stream_is_the_std_rng_stream() {
        for seed in [0, 1, 42, u64::MAX] {
            let (mut a, mut b) = (stream(seed, SHUFFLE_STREAM), shuffle_stream(seed));
            assert!((0..1000).all(|_| a.next_u64() == b.next_u64()), "seed {seed}");
        }
    }
}
