//! Saving and loading a trained network: its configuration (which regenerates the
//! very same data from the seed), every weight and bias and the training state, as
//! JSON; and saving and restoring the training state of a [`Trainer`] itself.
//!
//! Weights are stored as `f32` in shortest round-trip form, so a loaded model gives
//! the identical output grid. From version 2 on the file also holds the training
//! state ([`TrainingState`]: the optimizer's memory, the batch cursor and the shuffle
//! stream's position, early stopping's best weights, the training time), and the
//! epoch (the learning-rate schedule's position): a run saved at epoch `N`, loaded and
//! trained `M` more epochs is bit for bit the run trained `N + M` epochs straight.
//! Version 1 files still load: their weights and epoch, with the optimizer's memory at
//! zero and a fresh order of the samples (the loader says so).

use crate::config::Config;
use crate::dataset::EXTENT;
use crate::encoding::Encoder;
use crate::error::Error;
use crate::limits::{MAX_MODEL_BYTES, MAX_OUTPUT_BOUND, MAX_WEIGHT};
use crate::network::Network;
use crate::optimizer::UpdaterState;
use crate::real::Real;
use crate::stopping::StopReason;
use crate::train::{shuffle_stream, Trainer};
use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The `format` tag of a model file.
pub const MODEL_FORMAT: &str = "nn-playground-model";
/// The version of the model file layout: 2 adds the training state.
pub const MODEL_VERSION: u32 = 2;
/// The oldest version still read: 1 (weights and epoch only).
pub const OLDEST_MODEL_VERSION: u32 = 1;

/// A model file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Always [`MODEL_FORMAT`].
    pub format: String,
    /// Always [`MODEL_VERSION`].
    pub version: u32,
    /// Epochs trained when saved.
    pub epoch: u64,
    /// The run's configuration.
    pub config: Config,
    /// The weights and biases.
    pub network: Network<f32>,
    /// The training state (from version 2 on; version 1 files have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training: Option<TrainingState<f32>>,
    /// For a run on a table: its fitted code (column names, levels, scaling), so the
    /// model codes raw rows as it was trained ([`Model::predict_row`]) without the
    /// table. Absent for the plane (and in files from before tables).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoder: Option<Encoder>,
}

impl Model {
    /// Reads a model file without building its run: the checks of
    /// [`Trainer::load_model`] on the file itself (size, format, version, matrix
    /// sizes, fields), not those against its configuration's network.
    pub fn from_json(json: &str) -> Result<Model, Error> {
        if json.len() > MAX_MODEL_BYTES {
            return Err(Error::whole(format!(
                "The file is too large ({} bytes); a model file has at most {MAX_MODEL_BYTES} bytes (1 MB).",
                json.len()
            )));
        }
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| Error::whole(format!("The file is not JSON: {e}")))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(MODEL_FORMAT) {
            return Err(Error::whole(format!(
                "This is not a model file of this playground (no \"format\": \"{MODEL_FORMAT}\")."
            )));
        }
        let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
        if !(u64::from(OLDEST_MODEL_VERSION)..=u64::from(MODEL_VERSION)).contains(&version) {
            return Err(Error::whole(format!(
                "Unsupported model version (this playground reads versions {OLDEST_MODEL_VERSION} to {MODEL_VERSION})."
            )));
        }
        check_matrix_sizes(&value)?;
        serde_json::from_value(value).map_err(|e| Error::whole(format!("The model file is malformed: {e}")))
    }

    /// The network's outputs for one raw row of the table it was trained on, cells as
    /// text by column name ([`Encoder::encode_raw`]): numeric targets in their
    /// columns' own units, classes as the output neurons' values. Refused for a model
    /// of the plane (no code) and for a row that does not read.
    pub fn predict_row(&self, row: &BTreeMap<String, String>) -> Result<Vec<f64>, Error> {
        let encoder = self
            .encoder
            .as_ref()
            .ok_or_else(|| Error::whole("This model was trained on the plane, not on a table."))?;
        predict_raw(&self.network, encoder, row)
    }
}

/// `network`'s outputs for a raw row coded by `encoder`, numeric targets unscaled.
pub(crate) fn predict_raw(
    network: &Network<f32>,
    encoder: &Encoder,
    row: &BTreeMap<String, String>,
) -> Result<Vec<f64>, Error> {
    let x = encoder.encode_raw(row)?;
    if x.len() != network.inputs() {
        return Err(Error::whole(format!(
            "The table's code has {} inputs, the network {}.",
            x.len(),
            network.inputs()
        )));
    }
    let input = DMatrix::from_row_slice(1, x.len(), &x.iter().map(|&v| v as f32).collect::<Vec<f32>>());
    let mut buffers = network.buffers(1);
    network.forward(&input, 0, 1, &mut buffers);
    let y = buffers.outputs.last().map(|y| y.row(0).iter().map(|v| v.to_f64()).collect::<Vec<f64>>());
    Ok(y.unwrap_or_default().into_iter().enumerate().map(|(j, v)| encoder.target.unscale(j, v)).collect())
}

impl Trainer<f32> {
    /// The current network and configuration as a model file.
    pub fn export_model(&self) -> String {
        let model = Model {
            format: MODEL_FORMAT.to_string(),
            version: MODEL_VERSION,
            epoch: self.epoch(),
            config: self.config().clone(),
            network: self.network().clone(),
            training: Some(self.training_state()),
            encoder: self.dataset().table.as_ref().map(|t| t.encoder.clone()),
        };
        let mut out = Vec::new();
        let mut writer = serde_json::Serializer::with_formatter(&mut out, Layout::default());
        match model.serialize(&mut writer) {
            Ok(()) => String::from_utf8(out).unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// The network's outputs for one raw row of this run's table, cells as text by
    /// column name, as [`Model::predict_row`] gives them for the saved model. Refused
    /// for a run on the plane.
    pub fn predict_row(&self, row: &BTreeMap<String, String>) -> Result<Vec<f64>, Error> {
        let table = self
            .dataset()
            .table
            .as_ref()
            .ok_or_else(|| Error::whole("This run trains on the plane, not on a table."))?;
        predict_raw(self.network(), &table.encoder, row)
    }

    /// Like [`Trainer::load_model`], without the notice.
    pub fn import_model(json: &str) -> Result<Trainer<f32>, Error> {
        Self::load_model(json).map(|(trainer, _)| trainer)
    }

    /// Builds a run from a model file: validates the configuration, regenerates its
    /// data, and installs the saved weights after checking they fit the network the
    /// configuration describes ([`check_weights`]), then restores the
    /// epoch and the training state ([`Trainer::restore_training_state`]). A file longer than
    /// [`MAX_MODEL_BYTES`] is refused before it is read. Returns the run and, for an older
    /// file that lacks part of the state, a notice saying what starts afresh. A model of
    /// a table read from a file needs that file's text: [`Trainer::load_model_with_table_text`].
    pub fn load_model(json: &str) -> Result<(Trainer<f32>, Option<String>), Error> {
        Self::load_model_on(json, None)
    }

    /// [`Trainer::load_model`] for a model of a table read from a file (iris, wine,
    /// breast cancer, digits), given the file's `text` ([`Trainer::with_table_text`]).
    pub fn load_model_with_table_text(
        json: &str,
        text: &str,
    ) -> Result<(Trainer<f32>, Option<String>), Error> {
        Self::load_model_on(json, Some(text))
    }

    fn load_model_on(json: &str, text: Option<&str>) -> Result<(Trainer<f32>, Option<String>), Error> {
        let model = Model::from_json(json)?;
        let context = |e: Error| e.context("The model's configuration is invalid: ");
        let config = model.config.validate().map_err(context)?;
        let mut trainer = match text {
            None => Trainer::build(config),
            Some(text) => Trainer::with_table_text(config, text),
        }
        .map_err(context)?;
        let version = u64::from(model.version);
        // The rows rebuilt here must be coded as the model's were (a file older than
        // tables carries no code and is not checked).
        let code = trainer.dataset().table.as_ref().map(|t| &t.encoder);
        if model.encoder.is_some() && model.encoder.as_ref() != code {
            return Err(Error::whole(
                "The model's table code (columns, levels, scaling) differs from that of its data as rebuilt here.",
            ));
        }
        check_weights(&model.network, trainer.network(), "the weights")?;
        trainer.network_mut().copy_parameters_from(&model.network);
        let notice = match (version, &model.training) {
            (2.., Some(state)) => {
                trainer.restore_training_state(model.epoch, state)?;
                None
            }
            (2.., None) => {
                return Err(Error::whole(
                    "The model file (version 2) has no \"training\" state (the optimizer's memory).",
                ))
            }
            _ => {
                trainer.set_epoch(model.epoch);
                Some(format!(
                    "This model file is version 1, from before the optimizer's state was saved: \
                     the weights and epoch {} are loaded, the optimizer's memory starts at zero.",
                    model.epoch
                ))
            }
        };
        Ok((trainer, notice))
    }
}

/// Early stopping's memory: the best weights by test loss so far, that loss and its epoch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BestState<T: Real> {
    /// The weights of the best epoch.
    pub network: Network<T>,
    /// Their test loss; `None` before the first epoch (an infinite loss, which JSON cannot write).
    pub loss: Option<f64>,
    /// The epoch they were reached at.
    pub epoch: u64,
}

/// What a run's next epochs depend on besides its configuration (which regenerates the
/// data), its weights and its epoch: the batch cursor and the current order of the
/// training samples, the shuffle stream's position, the optimizer's memory, early
/// stopping's best weights, the training time and why it stopped. With it a run saved
/// at epoch `N` and restored trains on bit for bit as the run that was never saved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingState<T: Real> {
    /// Start of the next batch in `order` (0 between epochs).
    pub cursor: usize,
    /// The current epoch's order of the training samples (the next order is a shuffle of it).
    pub order: Vec<usize>,
    /// 32-bit words drawn so far from the shuffle stream.
    pub shuffle_words: u64,
    /// Training time so far in seconds (for the time limit).
    pub elapsed_seconds: f64,
    /// The run's own compute so far in seconds ([`Trainer::compute_seconds`]); 0 in files
    /// written before it was kept.
    #[serde(default)]
    pub compute_seconds: f64,
    /// Why training stopped, if it did.
    pub stopped: Option<StopReason>,
    /// The optimizer's memory.
    pub optimizer: UpdaterState<T>,
    /// Early stopping's best weights (only when early stopping is on).
    pub best: Option<BestState<T>>,
}

impl<T: Real> Trainer<T> {
    /// A copy of the training state (see [`TrainingState`]), to save beside the weights.
    pub fn training_state(&self) -> TrainingState<T> {
        TrainingState {
            cursor: self.cursor,
            order: self.order.clone(),
            shuffle_words: u64::try_from(self.rng.get_word_pos()).unwrap_or(u64::MAX),
            elapsed_seconds: self.elapsed_seconds,
            compute_seconds: self.compute_seconds,
            stopped: self.stopped.clone(),
            optimizer: self.updater.state(),
            best: self.best.as_ref().map(|(network, loss, epoch)| BestState {
                network: network.clone(),
                loss: loss.is_finite().then_some(*loss),
                epoch: *epoch,
            }),
        }
    }

    /// Restores a run saved at epoch `epoch` with [`Trainer::training_state`] (the weights
    /// are installed separately). Checks everything first and changes nothing when it
    /// refuses: the order must be a permutation of the training samples and the cursor
    /// inside it, the time finite and not negative, the optimizer's memory must fit
    /// ([`crate::optimizer::Updater::restore`]), and early stopping's best weights must
    /// pass the same check as the network's ([`check_weights`]) and come from an epoch not
    /// after `epoch`. Best weights saved without early
    /// stopping on are ignored; early stopping on without them starts its search afresh.
    pub fn restore_training_state(&mut self, epoch: u64, state: &TrainingState<T>) -> Result<(), Error> {
        let n = self.order.len();
        let mut seen = vec![false; n];
        let permutation = state.order.len() == n
            && state.order.iter().all(|&i| i < n && !std::mem::replace(&mut seen[i], true));
        if !permutation {
            return Err(Error::whole(format!(
                "The training state's order is not an order of the {n} training samples."
            )));
        }
        if state.cursor >= n.max(1) {
            return Err(Error::whole(format!(
                "The training state's batch cursor {} is past the {n} training samples.",
                state.cursor
            )));
        }
        let seconds = |s: f64| s.is_finite() && s >= 0.0;
        if !(seconds(state.elapsed_seconds) && seconds(state.compute_seconds)) {
            return Err(Error::whole("The training state's time is not a finite number of seconds."));
        }
        let best = match (&self.best, &state.best) {
            (Some(_), Some(saved)) => Some(self.checked_best(epoch, saved)?),
            (Some(_), None) => Some((self.network().clone(), f64::INFINITY, epoch)),
            (None, _) => None,
        };
        let mut updater = self.updater.clone();
        updater
            .restore(&state.optimizer)
            .map_err(|e| Error::whole(format!("The training state is refused: {e}.")))?;
        self.updater = updater;
        self.best = best;
        self.order.copy_from_slice(&state.order);
        self.cursor = state.cursor;
        self.rng = shuffle_stream(self.config().seed);
        self.rng.set_word_pos(u128::from(state.shuffle_words));
        self.elapsed_seconds = state.elapsed_seconds;
        self.compute_seconds = state.compute_seconds;
        self.stopped = state.stopped.clone();
        self.set_epoch(epoch);
        Ok(())
    }

    /// Early stopping's saved best weights as the trainer keeps them, if they pass
    /// [`check_weights`] against the network and come from an epoch not after `epoch`.
    fn checked_best(&self, epoch: u64, saved: &BestState<T>) -> Result<(Network<T>, f64, u64), Error> {
        check_weights(&saved.network, self.network(), "early stopping's best weights")?;
        let loss = saved.loss.unwrap_or(f64::INFINITY);
        if loss.is_nan() || saved.epoch > epoch {
            return Err(Error::whole(
                "The training state's best epoch (early stopping) is not a past epoch.",
            ));
        }
        Ok((saved.network.clone(), loss, saved.epoch))
    }
}

/// Checks weights read from a file (`what` names them in messages: "the weights",
/// "early stopping's best weights") against the network the configuration builds,
/// `expected`: the same layers (shapes and activations), every weight and bias finite
/// and at most [`MAX_WEIGHT`] in size, and outputs that stay finite everywhere on the
/// plane ([`output_bound`] at most [`MAX_OUTPUT_BOUND`]). The network and early
/// stopping's best weights (which it puts back) pass this same check.
pub fn check_weights<T: Real>(saved: &Network<T>, expected: &Network<T>, what: &str) -> Result<(), Error> {
    let shape_of = |n: &Network<T>| -> Vec<(usize, usize, usize, usize)> {
        n.layers
            .iter()
            .map(|l| (l.weights.nrows(), l.weights.ncols(), l.bias.nrows(), l.bias.ncols()))
            .collect()
    };
    let what_capital = capitalized(what);
    if shape_of(saved) != shape_of(expected) {
        return Err(Error::whole(format!(
            "{what_capital} do not fit the configured network: layers {:?} expected, the file has {:?}.",
            expected.shape(),
            saved.shape()
        )));
    }
    for (l, (saved, built)) in saved.layers.iter().zip(&expected.layers).enumerate() {
        if saved.activation != built.activation {
            return Err(Error::whole(format!(
                "Layer {} has activation {} in {what} but {} in the configuration.",
                l + 1,
                saved.activation.name(),
                built.activation.name()
            )));
        }
    }
    if !saved.is_finite() {
        return Err(Error::whole(format!("{what_capital} include a value that is NaN or infinite.")));
    }
    for (l, layer) in saved.layers.iter().enumerate() {
        if let Some(w) = layer.weights.iter().chain(layer.bias.iter()).find(|w| w.to_f64().abs() > MAX_WEIGHT)
        {
            return Err(Error::whole(format!(
                "Layer {} has a weight of {w} in {what}; weights are at most {MAX_WEIGHT} in size, \
                 so the outputs stay finite.",
                l + 1
            )));
        }
    }
    check_output_bound(saved, what)
}

/// `text` with its first letter upper-case, to start a sentence.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The layout of a model file: objects one key a line, indented (easy to read and to
/// edit by hand), and every array on one line with no spaces (the weights and the
/// optimizer's memory: one number a line made the largest network's file over 1 MB).
#[derive(Default)]
struct Layout {
    /// Depth of objects outside any array (they are indented).
    depth: usize,
    /// How many arrays the writer is inside (0: lay out objects on lines).
    arrays: usize,
    /// Whether each open object has a key yet.
    keys: Vec<bool>,
}

impl Layout {
    fn indent<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b"\n")?;
        (0..self.depth).try_for_each(|_| w.write_all(b"  "))
    }
}

impl serde_json::ser::Formatter for Layout {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.arrays += 1;
        w.write_all(b"[")
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.arrays -= 1;
        w.write_all(b"]")
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        if self.arrays == 0 {
            self.depth += 1;
            self.keys.push(false);
        }
        w.write_all(b"{")
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        if self.arrays == 0 {
            self.depth -= 1;
            if self.keys.pop().unwrap_or(false) {
                self.indent(w)?;
            }
        }
        w.write_all(b"}")
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        if self.arrays == 0 {
            if let Some(k) = self.keys.last_mut() {
                *k = true;
            }
            self.indent(w)?;
        }
        Ok(())
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(if self.arrays == 0 { b": " } else { b":" })
    }
}

/// The largest output size a network can reach anywhere on the plane, by bounding each
/// layer from the one before: a neuron's potential is at most `sum_i |w_ij| m + |b_j|`
/// for inputs of size at most `m`, and its output at most 1 for a bounded activation
/// (tanh, sigmoid, sine, Gaussian, softmax) or the potential plus 10 otherwise (ELU's
/// `alpha`, softplus' `ln 2`). Inputs are features of size at most `extent^2`.
pub fn output_bound<T: Real>(network: &Network<T>) -> f64 {
    let mut size = (EXTENT * EXTENT).max(EXTENT).max(1.0);
    for layer in &network.layers {
        let potential = (0..layer.neurons())
            .map(|j| {
                let column: f64 = layer.weights.column(j).iter().map(|w| w.to_f64().abs()).sum();
                column * size + layer.bias[j].to_f64().abs()
            })
            .fold(0.0, f64::max);
        size = match layer.activation.output_range() {
            (Some(low), Some(high)) => low.abs().max(high.abs()),
            _ => potential + 10.0,
        };
    }
    size
}

/// Refuses weights whose outputs could overflow `f32` somewhere on the plane (see
/// [`output_bound`]); [`MAX_OUTPUT_BOUND`] leaves room for the loss to square them.
fn check_output_bound<T: Real>(network: &Network<T>, what: &str) -> Result<(), Error> {
    let bound = output_bound(network);
    if bound.is_finite() && bound <= MAX_OUTPUT_BOUND {
        return Ok(());
    }
    Err(Error::whole(format!(
        "{} are so large that the network's outputs could overflow (up to {bound:.1e}; \
         at most {MAX_OUTPUT_BOUND:.0e} is allowed).",
        capitalized(what)
    )))
}

/// Refuses a weight matrix whose `nrows x ncols` has more entries than a `usize`
/// counts. nalgebra multiplies the two unchecked when it reads a matrix: a product
/// that overflows panics in a debug build (and wraps in a release build), so such a
/// shape must not reach it.
fn check_matrix_sizes(value: &serde_json::Value) -> Result<(), Error> {
    let list =
        |pointer: &str| value.pointer(pointer).and_then(serde_json::Value::as_array).into_iter().flatten();
    for (network, what) in
        [("/network/layers", ""), ("/training/best/network/layers", "early stopping's best ")]
    {
        for (l, layer) in list(network).enumerate() {
            for part in ["weights", "bias"] {
                if let Some(layer_part) = layer.get(part) {
                    check_size(layer_part, &format!("{what}layer {} has {part}", l + 1))?;
                }
            }
        }
    }
    for slot in ["first", "second"] {
        for (block, matrix) in list(&format!("/training/optimizer/{slot}")).enumerate() {
            check_size(matrix, &format!("block {block} of the optimizer's {slot} memory has"))?;
        }
    }
    Ok(())
}

/// Refuses one matrix `[data, nrows, ncols]` whose `nrows x ncols` overflows (see
/// [`check_matrix_sizes`]); `what` names it in the message.
fn check_size(matrix: &serde_json::Value, what: &str) -> Result<(), Error> {
    let dim = |i: usize| usize::try_from(matrix.get(i)?.as_u64()?).ok();
    if let (Some(rows), Some(cols)) = (dim(1), dim(2)) {
        if rows.checked_mul(cols).is_none() {
            return Err(Error::whole(format!(
                "The model file is malformed: {what} of {rows} x {cols} entries."
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::Split;

    #[test]
    fn export_then_import_gives_the_identical_output_grid() {
        let mut t: Trainer<f32> = Trainer::new(&Config::default()).expect("valid");
        t.train(37, &mut || 0.0);
        let json = t.export_model();
        let mut back = Trainer::import_model(&json).expect("own export loads");
        assert_eq!(back.network(), t.network());
        let (mut a, mut b) = (vec![0.0; 64 * 64], vec![1.0; 64 * 64]);
        t.fill_grid(64, 64, &mut a, None);
        back.fill_grid(64, 64, &mut b, None);
        assert_eq!(a, b);
        assert_eq!(back.loss(Split::Test), t.loss(Split::Test));
    }

    #[test]
    fn malformed_and_mismatched_files_are_refused_with_reasons() {
        let t: Trainer<f32> = Trainer::new(&Config::default()).expect("valid");
        let good: serde_json::Value = serde_json::from_str(&t.export_model()).expect("json");
        let cases: Vec<(String, &str)> = vec![
            ("{ nope".into(), "not JSON"),
            ("{}".into(), "not a model file"),
            (good.to_string().replace("\"version\":2", "\"version\":7"), "version"),
            (good.to_string().replace("\"hidden_layers\":[4,2]", "\"hidden_layers\":[3,2]"), "do not fit"),
            (good.to_string().replace("\"learning_rate\":0.03", "\"learning_rate\":-1"), "invalid"),
        ];
        for (json, expected) in cases {
            let err = Trainer::import_model(&json).expect_err(expected);
            assert!(err.to_string().contains(expected), "{expected:?} not in {err}");
        }
    }

    fn grid_is_finite(t: &mut Trainer<f32>) -> bool {
        let mut out = vec![f32::NAN; 16 * 16 * t.network().outputs()];
        t.fill_grid(16, 16, &mut out, None);
        let corners = [(-6.0, -6.0), (-6.0, 6.0), (6.0, -6.0), (6.0, 6.0)];
        out.iter().all(|v| v.is_finite())
            && corners.iter().all(|&(x1, x2)| t.predict(x1, x2).iter().all(|v| v.is_finite()))
    }

    /// Found by the fuzz tests: a finite but huge weight (3e38 into a ReLU layer) was
    /// accepted, and the softmax output over the plane was NaN.
    #[test]
    fn a_weight_too_large_for_finite_outputs_is_refused() {
        let config = Config {
            data: crate::DataConfig {
                task: crate::Task::Spiral,
                classes: 3,
                points: 60,
                ..Default::default()
            },
            activation: crate::Activation::Relu,
            loss: crate::Loss::SoftmaxCrossEntropy,
            ..Config::default()
        };
        let t: Trainer<f32> = Trainer::new(&config).expect("valid");
        let with = |w: f64| {
            let mut model: serde_json::Value = serde_json::from_str(&t.export_model()).expect("json");
            model["network"]["layers"][0]["weights"][0][1] = serde_json::json!(w);
            Trainer::import_model(&model.to_string())
        };
        for w in [3e38, -1.0001e4, 1e5] {
            let err = with(w).expect_err("refused");
            assert!(err.to_string().contains("at most 10000"), "{err}");
        }
        for w in [MAX_WEIGHT, -MAX_WEIGHT, 0.5] {
            assert!(grid_is_finite(&mut with(w).expect("accepted")), "{w}");
        }
    }

    /// The largest network the table allows with linear activations.
    fn largest_linear() -> Trainer<f32> {
        let config = Config {
            data: crate::DataConfig { task: crate::Task::Plane, points: 20, ..Default::default() },
            features: crate::Feature::CHOICES
                .iter()
                .map(|c| serde_json::from_value(serde_json::json!(c.id)).expect("a feature"))
                .collect(),
            hidden_layers: vec![crate::limits::MAX_NEURONS; crate::limits::MAX_HIDDEN_LAYERS],
            activation: crate::Activation::Linear,
            ..Config::default()
        };
        Trainer::new(&config).expect("valid")
    }

    /// Early stopping's best weights, which it puts back, are held to the same output
    /// bound as the network's: a file whose best weights could overflow is refused.
    #[test]
    fn best_weights_whose_outputs_could_overflow_are_refused() {
        let mut over = largest_linear();
        for layer in &mut over.network_mut().layers {
            layer.weights.fill(MAX_WEIGHT as f32);
            layer.bias.fill(MAX_WEIGHT as f32);
        }
        let over: serde_json::Value = serde_json::from_str(&over.export_model()).expect("JSON");
        let config = Config {
            stopping: crate::Stopping { patience: Some(100), ..Default::default() },
            ..largest_linear().config().clone()
        };
        let mut t: Trainer<f32> = Trainer::new(&config).expect("valid");
        t.train(1, &mut || 0.0);
        let mut file: serde_json::Value = serde_json::from_str(&t.export_model()).expect("JSON");
        assert!(Trainer::import_model(&file.to_string()).is_ok(), "as exported it loads");
        let best = file.pointer_mut("/training/best/network").expect("best weights after an epoch");
        *best = over["network"].clone();
        let err = Trainer::import_model(&file.to_string()).expect_err("best weights overflow");
        assert!(err.to_string().contains("could overflow"), "{err}");
    }

    /// Every weight at [`MAX_WEIGHT`] overflows the largest linear network, and the
    /// file is refused with a message; weights just under the output bound load and
    /// give finite outputs everywhere on the plane, at outputs near that bound.
    #[test]
    fn weights_whose_outputs_could_overflow_are_refused_and_those_under_the_bound_load() {
        let mut t = largest_linear();
        for layer in &mut t.network_mut().layers {
            layer.weights.fill(MAX_WEIGHT as f32);
            layer.bias.fill(MAX_WEIGHT as f32);
        }
        let err = Trainer::import_model(&t.export_model()).expect_err("overflows");
        assert!(err.to_string().contains("could overflow"), "{err}");

        // w with 252 w (32 w)^10 = MAX_OUTPUT_BOUND, rounded down.
        let layers = crate::limits::MAX_HIDDEN_LAYERS as i32 + 1;
        let w = (MAX_OUTPUT_BOUND / 252.0 / 32f64.powi(layers - 1)).powf(1.0 / f64::from(layers)) * 0.95;
        for layer in &mut t.network_mut().layers {
            layer.weights.fill(w as f32);
            layer.bias.fill(0.0);
        }
        assert!(output_bound(t.network()) <= MAX_OUTPUT_BOUND);
        let mut back = Trainer::import_model(&t.export_model()).expect("under the bound loads");
        assert!(grid_is_finite(&mut back));
        let largest = back.predict(6.0, 6.0)[0];
        assert!(largest > MAX_OUTPUT_BOUND * 1e-3, "the bound is far from the outputs: {largest}");
    }

    /// Numbers in a model file read back to the same bits: serde_json's default float
    /// parser may miss the last bit (0.11700010299682617 read as ...616 made a run
    /// restored after a panic differ from the one saved); its `float_roundtrip`
    /// feature reads them exactly.
    #[test]
    fn numbers_read_back_to_the_same_bits() {
        for x in [0.11700010299682617_f64, 0.1 + 0.2, 1.0 / 3.0, 5e-324, f64::MAX] {
            let text = serde_json::to_string(&x).expect("a number");
            let back: f64 = serde_json::from_str(&text).expect("reads back");
            assert_eq!(back.to_bits(), x.to_bits(), "{text}");
        }
    }

    #[test]
    fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
        let t: Trainer<f32> = Trainer::new(&Config::default()).expect("valid");
        let mut json = t.export_model();
        json.push_str(&" ".repeat(MAX_MODEL_BYTES + 1 - json.len()));
        let err = Trainer::import_model(&json).expect_err("too large");
        assert_eq!((err.first().field.as_deref(), err.first().line), (None, None));
        assert!(err.to_string().contains("too large"), "{err}");
        json.pop();
        assert!(Trainer::import_model(&json).is_ok(), "exactly at the limit loads");
    }

    #[test]
    fn a_model_with_the_most_own_points_fits_the_size_limit() {
        let samples = (0..crate::limits::MAX_POINTS)
            .map(|i| {
                let v = -5.987654321012345 + i as f64 * 1e-3;
                crate::Sample { x1: v, x2: -v, target: -0.123456789012345 + i as f64 * 1e-4 }
            })
            .collect();
        let data =
            crate::DataConfig { task: crate::Task::Custom, regression: true, samples, ..Default::default() };
        let t: Trainer<f32> = Trainer::new(&Config { data, ..Config::default() }).expect("valid");
        let json = t.export_model();
        assert!(json.len() < MAX_MODEL_BYTES / 2, "{} bytes", json.len());
        assert!(Trainer::import_model(&json).is_ok());
    }

    /// Found by the fuzz tests: a matrix of 2^32 x 2^32 entries made nalgebra's
    /// deserializer overflow `nrows * ncols` (a panic in a debug build).
    #[test]
    fn a_matrix_shape_whose_size_overflows_is_refused_without_a_panic() {
        let t: Trainer<f32> = Trainer::new(&Config::default()).expect("valid");
        for (rows, cols) in [(1u64 << 32, 1u64 << 32), (u64::MAX, 2), (3, u64::MAX)] {
            for part in ["weights", "bias"] {
                let mut model: serde_json::Value = serde_json::from_str(&t.export_model()).expect("json");
                model["network"]["layers"][1][part] = serde_json::json!([[], rows, cols]);
                let err = Trainer::import_model(&model.to_string()).expect_err("refused");
                assert_eq!(err.first().field, None);
                assert!(err.to_string().contains("malformed"), "{err}");
            }
        }
    }
}
