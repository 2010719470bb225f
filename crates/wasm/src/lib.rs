//! JavaScript bindings of `playground-core`: the whole surface the page sees.
//!
//! A [`Playground`] is one run: built from a JSON configuration, trained some epochs
//! at a time, read back as numbers and typed arrays. Every error becomes a
//! JavaScript `Error` with a readable message; a panic is logged with its message by
//! `console_error_panic_hook`. There is no math here: each method forwards to the core.

use playground_core::challenge::Judge;
use playground_core::limits::{MAX_CLASSES, MAX_POINTS};
use playground_core::{
    parse_csv, predicted_class, to_csv, Axes, Config, Sample, Split, Targets, Trainer, SCHEMA,
};
use wasm_bindgen::prelude::*;

mod challenge;
mod inside;
mod results;
mod table;

pub use challenge::{
    builtin_challenges, challenge_broken, challenge_measures, check_challenge, verify_solution,
};
pub use table::{content_hash_of, own_table_hash_of, preview_table, table_file_of};

/// Installs the panic hook when the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The table of every configuration field (path, type, choices with their
/// parameters, default, bounds, step, label, unit, help) and the plane's extent, as
/// JSON: the page builds its controls and its link format from it.
#[wasm_bindgen]
pub fn schema() -> String {
    serde_json::to_string(&SCHEMA).unwrap_or_default()
}

/// Checks a configuration (JSON) without building a run. Returns JSON
/// `{"problems": [{"field", "message"}, ...], "config": {...} | null}`: every problem
/// found, each naming its field, and when there are none the configuration as the
/// core reads it (every field filled in).
#[wasm_bindgen]
pub fn validate(config_json: &str) -> String {
    let verdict = match Config::from_json(config_json) {
        Ok(config) => serde_json::json!({ "problems": [], "config": config }),
        Err(e) => serde_json::json!({ "problems": e.problems, "config": null }),
    };
    verdict.to_string()
}

/// The default configuration as JSON.
#[wasm_bindgen(js_name = defaultConfig)]
pub fn default_config() -> String {
    Config::default().to_json()
}

/// Parses CSV text (`x1,x2,label` per line) into JSON
/// `{"samples": [...], "regression": bool, "classes": n}` for a custom dataset;
/// throws with the line number and the problem, or, for a text over 1 MB, before
/// reading it.
#[wasm_bindgen(js_name = parseCsv)]
pub fn parse_csv_json(text: &str) -> Result<String, JsError> {
    let data = parse_csv(text, MAX_POINTS, MAX_CLASSES).map_err(|e| JsError::new(&e.to_string()))?;
    serde_json::to_string(&data).map_err(|e| JsError::new(&e.to_string()))
}

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`: milliseconds at sub-millisecond resolution (`Date.now()` counts
    /// whole milliseconds, coarser than one slice of training).
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

fn seconds_now() -> f64 {
    performance_now() / 1000.0
}

fn split(test: bool) -> Split {
    if test {
        Split::Test
    } else {
        Split::Train
    }
}

/// One training run, held by the page's worker.
#[wasm_bindgen]
pub struct Playground {
    trainer: Trainer<f32>,
    /// The challenge this run is judged by, if any (challenge.rs): a change by hand (a
    /// weight edited, least squares, a recorded step) ends the judging.
    judge: Option<Judge>,
    /// What loading a model file could not restore (an older file), if anything.
    notice: Option<String>,
}

#[wasm_bindgen]
impl Playground {
    /// Builds a run from a JSON configuration; throws with the field and the reason
    /// if the configuration is invalid.
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: &str) -> Result<Playground, JsError> {
        let config = Config::from_json(config_json).map_err(|e| JsError::new(&e.to_string()))?;
        let trainer = Trainer::build(config).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Playground { trainer, judge: None, notice: None })
    }

    /// Builds a run on a table read from a file (iris, wine, breast cancer, digits):
    /// the JSON configuration names it in `data.table`, `text` is the file's content,
    /// fetched by the page. Throws with the field, or the line and column, and the reason.
    #[wasm_bindgen(js_name = withTableText)]
    pub fn with_table_text(config_json: &str, text: &str) -> Result<Playground, JsError> {
        let config = Config::from_json(config_json).map_err(|e| JsError::new(&e.to_string()))?;
        let trainer = Trainer::with_table_text(config, text).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Playground { trainer, judge: None, notice: None })
    }

    /// Builds a run from a model file written by [`Playground::export_model`], at its
    /// epoch with its training state (optimizer memory, batch order, ...); throws with
    /// the reason if the file is malformed or does not fit its configuration, and, for a
    /// file over 1 MB, before reading it. An older file's notice: [`Playground::load_notice`].
    #[wasm_bindgen(js_name = fromModel)]
    pub fn from_model(json: &str) -> Result<Playground, JsError> {
        let (trainer, notice) = Trainer::load_model(json).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Playground { trainer, judge: None, notice })
    }

    /// [`Playground::from_model`] for a model of a table read from a file (iris, wine,
    /// breast cancer, digits), given the file's `text`, fetched by the page.
    #[wasm_bindgen(js_name = fromModelWithTableText)]
    pub fn from_model_with_table_text(json: &str, text: &str) -> Result<Playground, JsError> {
        let (trainer, notice) =
            Trainer::load_model_with_table_text(json, text).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Playground { trainer, judge: None, notice })
    }

    /// The network's outputs for one raw row of the run's table, given as a JSON object
    /// of cells by column name (`{"size": "small", "fur": "none", ...}`): numeric targets
    /// in their own units. Throws for the plane or a row that does not read.
    #[wasm_bindgen(js_name = predictRow)]
    pub fn predict_row(&self, row_json: &str) -> Result<Vec<f64>, JsError> {
        let row = serde_json::from_str(row_json)
            .map_err(|e| JsError::new(&format!("the row is not an object of texts: {e}")))?;
        self.trainer.predict_row(&row).map_err(|e| JsError::new(&e.to_string()))
    }

    /// What loading the model file could not restore (a version 1 file: the optimizer's
    /// memory starts at zero), or nothing.
    #[wasm_bindgen(js_name = loadNotice)]
    pub fn load_notice(&self) -> Option<String> {
        self.notice.clone()
    }

    /// The configuration, every weight and the training state (optimizer memory, epoch,
    /// batch cursor and order, shuffle position, early stopping's best weights) as a
    /// model file (JSON).
    #[wasm_bindgen(js_name = exportModel)]
    pub fn export_model(&self) -> String {
        self.trainer.export_model()
    }

    /// Sets the weight from input `from` to neuron `to` of layer `layer` (the bias
    /// when `from` is the layer's input count); throws on bad indices or values.
    #[wasm_bindgen(js_name = setWeight)]
    pub fn set_weight(&mut self, layer: usize, from: usize, to: usize, value: f64) -> Result<(), JsError> {
        self.judge = None;
        self.trainer.set_weight(layer, from, to, value).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Replaces the weights of a linear network by the closed-form least-squares
    /// solution; throws with the reason if the network is not linear or `X^T X` is singular.
    #[wasm_bindgen(js_name = solveLeastSquares)]
    pub fn solve_least_squares(&mut self) -> Result<(), JsError> {
        self.judge = None;
        self.trainer.solve_least_squares().map_err(|e| JsError::new(&e.to_string()))
    }

    /// Every point (training then test) as CSV.
    #[wasm_bindgen(js_name = datasetCsv)]
    pub fn dataset_csv(&self) -> String {
        to_csv(&self.all_samples())
    }

    /// The validated configuration as JSON (every field filled in).
    #[wasm_bindgen(js_name = configJson)]
    pub fn config_json(&self) -> String {
        self.trainer.config().to_json()
    }

    /// Trains up to `epochs` epochs; returns how many ran (fewer when a stopping
    /// condition fired or training diverged).
    pub fn train(&mut self, epochs: u32) -> u32 {
        let run = match self.judge.as_mut() {
            Some(judge) => judge.advance(&mut self.trainer, u64::from(epochs), &mut seconds_now),
            None => self.trainer.train(u64::from(epochs), &mut seconds_now),
        };
        u32::try_from(run).unwrap_or(u32::MAX)
    }

    /// Stops the training clock (the run is paused): the time until the next `train`
    /// does not count towards the time limit.
    #[wasm_bindgen(js_name = pauseClock)]
    pub fn pause_clock(&mut self) {
        self.trainer.pause_clock();
    }

    /// Epochs trained so far.
    #[wasm_bindgen(getter)]
    pub fn epoch(&self) -> f64 {
        self.trainer.epoch() as f64
    }

    /// Weight updates so far (the optimizer's step count): one per sample online, one
    /// per batch for mini-batches, one per epoch for full batch.
    #[wasm_bindgen(getter)]
    pub fn updates(&self) -> f64 {
        self.trainer.updates() as f64
    }

    /// Training time so far in seconds (the time limit's): wall-clock time while
    /// playing, pauses (see `pauseClock`) excluded.
    #[wasm_bindgen(js_name = elapsedSeconds)]
    pub fn elapsed_seconds(&self) -> f64 {
        self.trainer.elapsed_seconds()
    }

    /// The run's own compute so far in seconds: only the time inside `train` calls
    /// (the compare chart's seconds axis).
    #[wasm_bindgen(js_name = computeSeconds)]
    pub fn compute_seconds(&self) -> f64 {
        self.trainer.compute_seconds()
    }

    /// Training loss (without the regularization penalty).
    #[wasm_bindgen(js_name = trainLoss)]
    pub fn train_loss(&mut self) -> f64 {
        self.trainer.loss(Split::Train)
    }

    /// Test loss.
    #[wasm_bindgen(js_name = testLoss)]
    pub fn test_loss(&mut self) -> f64 {
        self.trainer.loss(Split::Test)
    }

    /// The current learning rate `alpha_t`.
    #[wasm_bindgen(js_name = learningRate)]
    pub fn learning_rate(&self) -> f64 {
        self.trainer.learning_rate()
    }

    /// Accuracy and confusion matrix, or R², and the mean squared error against the
    /// coded targets (`mean_squared_error`), on the training (`test = false`) or test
    /// set, as JSON.
    #[wasm_bindgen(js_name = metricsJson)]
    pub fn metrics_json(&mut self, test: bool) -> String {
        serde_json::to_string(&self.trainer.metrics(split(test))).unwrap_or_default()
    }

    /// Why training stopped, as a sentence for the user; `undefined` while it can go on.
    /// A judged run stops when its challenge is over, with the judge's sentence.
    #[wasm_bindgen(js_name = stopMessage)]
    pub fn stop_message(&self) -> Option<String> {
        let rate = self.trainer.learning_rate();
        let own = self.trainer.stopped().map(|r| r.message(rate));
        match (self.judge.as_ref().filter(|j| j.ended(&self.trainer)), own) {
            (Some(j), Some(own)) if j.solved().is_none() => {
                Some(format!("{} ({own})", j.status(&self.trainer)))
            }
            (Some(j), _) => Some(j.status(&self.trainer)),
            (None, own) => own,
        }
    }

    /// Number of classes; 0 for regression.
    pub fn classes(&self) -> usize {
        match self.trainer.dataset().targets {
            Targets::Classes { classes } => classes,
            Targets::Regression => 0,
        }
    }

    /// The output range `[lo, hi]` of each layer's activation, flattened
    /// (`lo0, hi0, lo1, hi1, ...`), NaN where unbounded: for drawing neurons' outputs.
    #[wasm_bindgen(js_name = layerRanges)]
    pub fn layer_ranges(&self) -> Vec<f64> {
        self.trainer
            .network()
            .layers
            .iter()
            .flat_map(|l| {
                let (lo, hi) = l.activation.output_range();
                [lo.unwrap_or(f64::NAN), hi.unwrap_or(f64::NAN)]
            })
            .collect()
    }

    /// Number of output neurons (values per grid cell).
    pub fn outputs(&self) -> usize {
        self.trainer.network().outputs()
    }

    /// Widths of all layers, inputs first.
    pub fn shape(&self) -> Vec<u32> {
        self.trainer.network().shape().into_iter().map(|n| n as u32).collect()
    }

    /// The target values `[lo, hi]` classes are coded with (the output's range).
    #[wasm_bindgen(js_name = targetRange)]
    pub fn target_range(&self) -> Vec<f64> {
        let (lo, hi) = self.trainer.config().output_activation().target_range();
        vec![lo, hi]
    }

    /// Checks that `buffer` holds `per_cell` values for each of `width * height` cells.
    fn check_size(
        buffer: &[f32],
        per_cell: usize,
        width: usize,
        height: usize,
        what: &str,
    ) -> Result<(), JsError> {
        let need = width * height * per_cell;
        if buffer.len() == need {
            Ok(())
        } else {
            Err(JsError::new(&format!("{what} needs {need} values, got {}", buffer.len())))
        }
    }

    /// Hidden and output neurons in all.
    fn neuron_count(&self) -> usize {
        self.trainer.network().shape().iter().skip(1).sum()
    }

    /// Fills `out` (length `width * height * outputs()`) with the network's outputs
    /// over the input plane, row 0 at the top.
    #[wasm_bindgen(js_name = fillOutputGrid)]
    pub fn fill_output_grid(&mut self, out: &mut [f32], width: usize, height: usize) -> Result<(), JsError> {
        Self::check_size(out, self.outputs(), width, height, "output grid")?;
        self.trainer.fill_grid(width, height, out, None);
        Ok(())
    }

    /// Writes into `classes` the class the network predicts in each cell of an output
    /// grid filled by [`Playground::fill_output_grid`] (`grid` holds `outputs()`
    /// values per cell, `classes` one entry per cell): the core's
    /// [`predicted_class`] of the cell's values, with the target range of the run.
    /// Throws when the sizes do not match or the task is a regression.
    #[wasm_bindgen(js_name = classifyGrid)]
    pub fn classify_grid(&self, grid: &[f32], classes: &mut [u8]) -> Result<(), JsError> {
        if self.classes() == 0 {
            return Err(JsError::new("a regression task has no classes"));
        }
        let outputs = self.outputs();
        Self::check_size(grid, outputs, classes.len(), 1, "output grid")?;
        let (lo, hi) = self.trainer.config().output_activation().target_range();
        for (class, values) in classes.iter_mut().zip(grid.chunks_exact(outputs)) {
            let predicted = predicted_class(values.iter().map(|&v| f64::from(v)), (lo, hi));
            *class = u8::try_from(predicted).unwrap_or(u8::MAX);
        }
        Ok(())
    }

    /// Fills `neurons` (length `width * height * hidden and output neurons`) with each
    /// neuron's own output over the plane, neuron after neuron, layer by layer.
    #[wasm_bindgen(js_name = fillNeuronGrids)]
    pub fn fill_neuron_grids(
        &mut self,
        neurons: &mut [f32],
        width: usize,
        height: usize,
    ) -> Result<(), JsError> {
        Self::check_size(neurons, self.neuron_count(), width, height, "neuron grids")?;
        self.trainer.fill_grid(width, height, &mut [], Some(neurons));
        Ok(())
    }

    /// The points of the training (`test = false`) or test set as `x1, x2, target`
    /// triples.
    pub fn points(&self, test: bool) -> Vec<f32> {
        let d = self.trainer.dataset();
        let samples = if test { &d.test } else { &d.train };
        samples.iter().flat_map(|s| [s.x1 as f32, s.x2 as f32, s.target as f32]).collect()
    }

    fn all_samples(&self) -> Vec<Sample> {
        let d = self.trainer.dataset();
        d.train.iter().chain(&d.test).copied().collect()
    }

    /// Start of the next batch within the current epoch's order of the training
    /// samples: 0 between epochs (the next step draws a new order).
    #[wasm_bindgen(getter, js_name = batchCursor)]
    pub fn batch_cursor(&self) -> usize {
        self.trainer.batch_cursor()
    }

    /// Batches (updates) per epoch: `ceil(training points / batch size)`.
    #[wasm_bindgen(getter, js_name = batchesPerEpoch)]
    pub fn batches_per_epoch(&self) -> usize {
        self.trainer.batches_per_epoch()
    }

    /// Takes the next batch exactly as training would, makes that one update, and
    /// returns it recorded in the lecture's batch form as JSON: `epoch`, `batch`,
    /// `batches`, `epoch_finished`, `samples` (training-set indices of the rows),
    /// `update` (t), `learning_rate` (α_t), `loss_name`, `loss` (E of the batch),
    /// `penalty`, `inputs` (X = Y_0), `targets` (D), `gradient_rule`, `update_rule`,
    /// and per layer `activation`, `weights`/`bias` (W_L, b_L before),
    /// `potentials` (Xi_L = Y_{L-1} W_L + 1 b_L), `outputs` (Y_L = f(Xi_L)), `delta`
    /// (Delta_L) with `delta_rule`, `weight_gradient`/`bias_gradient` (∂E/∂W_L with
    /// the penalty, ∂E/∂b_L), `weight_update`/`bias_update` (ΔW_L, Δb_L) and
    /// `new_weights`/`new_bias` (W_L(t+1), b_L(t+1)). Every matrix is
    /// `{"rows", "cols", "data"}` with `data` row by row. After the epoch's last batch
    /// the epoch counter moves on. Stopping conditions are not checked.
    #[wasm_bindgen(js_name = recordStep)]
    pub fn record_step(&mut self) -> String {
        self.judge = None;
        serde_json::to_string(&self.trainer.record_step()).unwrap_or_default()
    }

    /// Each hidden layer's neurons over the training set and why training stalls, from
    /// one pass over the training set, as JSON `{"layers": [...], "hint": "..." | null}`.
    /// `layers` is `[{"layer", "activation", "measure", "neurons": [{"saturated",
    /// "inactive", "dead"}]}]`: `saturated` is the share of samples where a sigmoid or
    /// tanh neuron's `f'(ξ)` is below 10% of its maximum, `inactive` the share where a
    /// ReLU's `ξ ≤ 0`, `dead` whether that holds on every sample; `measure` is
    /// `"saturation"`, `"inactivity"` or `"none"` (other activations, shares 0).
    /// `hint` is a sentence when dead ReLUs, a saturated output under a squared error
    /// or saturated hidden neurons stall training, null otherwise.
    #[wasm_bindgen(js_name = activityReportJson)]
    pub fn activity_report_json(&mut self) -> String {
        serde_json::to_string(&self.trainer.activity_report()).unwrap_or_default()
    }

    /// The training points and the input plane's grid (21 lines each way, 41 points
    /// each) in the space of layer `layer` (0 is the first hidden layer), projected
    /// on neurons `i` and `j` (0-based) or, when `i < 0`, on the first two principal
    /// components of the layer's outputs over the training set, as JSON:
    /// `{"layer", "neurons", "axes": [{"label", "direction", "variance_share"?}] x 2,
    /// "center", "points": [u0, v0, u1, v1, ...], "targets", "classes",
    /// "grid": [[u, v, u, v, ...] per line], "extent"}`. Throws when the layer or a
    /// neuron does not exist.
    #[wasm_bindgen(js_name = hiddenSpaceJson)]
    pub fn hidden_space_json(&mut self, layer: usize, i: i32, j: i32) -> Result<String, JsError> {
        let axes = if i < 0 {
            Axes::Principal
        } else {
            let j = usize::try_from(j).map_err(|_| {
                JsError::new(&format!(
                    "neuron {j} does not exist (a negative first index asks for principal components)"
                ))
            })?;
            Axes::Neurons(i as usize, j)
        };
        let space = self.trainer.hidden_space(layer, axes).map_err(|e| JsError::new(&e.to_string()))?;
        serde_json::to_string(&space).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Every weight and bias, layer by layer: the weights row by row (input `i`,
    /// neuron `j` at `i * neurons + j`), then the bias of each neuron.
    pub fn weights(&self) -> Vec<f32> {
        let mut all = Vec::with_capacity(self.trainer.network().parameter_count());
        for layer in &self.trainer.network().layers {
            for i in 0..layer.inputs() {
                all.extend(layer.weights.row(i).iter());
            }
            all.extend(layer.bias.iter());
        }
        all
    }

    /// The activation of each layer, first hidden layer to output, as a JSON list (as
    /// the model file writes them), without writing the whole model file.
    #[wasm_bindgen(js_name = activationsJson)]
    pub fn activations_json(&self) -> String {
        let layers = &self.trainer.network().layers;
        serde_json::to_string(&layers.iter().map(|l| l.activation).collect::<Vec<_>>())
            .unwrap_or_else(|_| "[]".to_string())
    }
}
