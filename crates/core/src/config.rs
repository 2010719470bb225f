//! The configuration of a run: everything needed to reproduce it bit for bit.
//!
//! A [`Config`] is plain data (JSON through serde; missing fields take their
//! defaults). [`Config::validate`] is the single check between the outside world and
//! the model: a [`crate::Trainer`] is only ever built from a configuration that
//! passed it, and every rejection names the field and says what is allowed.

use crate::activation::Activation;
use crate::dataset::EXTENT;
use crate::dataset::{DataConfig, Targets, Task};
use crate::error::{Error, Problem};
use crate::features::Feature;
use crate::init::Init;
use crate::loss::Loss;
use crate::optimizer::Optimizer;
use crate::regularization::Regularization;
use crate::schedule::Schedule;
use crate::schema::{self, Choice, Number, Param, MAX_CONFIG_BYTES, MAX_POINTS, MIN_OWN_POINTS};
use crate::stopping::Stopping;
use serde::{Deserialize, Serialize};

/// How training samples are presented in an epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Strategy {
    /// Online gradient descent: one sample per update, reshuffled every epoch.
    Online,
    /// Mini-batch gradient descent: batches of `size` samples, reshuffled every epoch
    /// (the last batch of an epoch may be smaller).
    MiniBatch {
        /// Samples per update.
        #[serde(default = "default_batch_size")]
        size: usize,
    },
    /// Batch gradient descent: the whole training set per update.
    FullBatch,
}

impl Default for Strategy {
    fn default() -> Self {
        Strategy::MiniBatch { size: default_batch_size() }
    }
}

/// Samples per mini-batch.
const BATCH_SIZE: Param = Param::number(
    "size",
    "Batch size",
    "",
    "Samples per update; the last batch of an epoch may be smaller.",
    Number::whole(1.0, Some(MAX_POINTS as f64), 10.0).slider_max(30.0),
);

fn default_batch_size() -> usize {
    BATCH_SIZE.spec().value() as usize
}

impl Strategy {
    /// The strategies, for the configuration table.
    pub const CHOICES: &'static [Choice] = &[
        Choice::new("online", "online", "One sample per update, reshuffled every epoch."),
        Choice::new(
            "mini_batch",
            "mini-batch",
            "Batches of `size` samples per update, reshuffled every epoch.",
        )
        .with(&[BATCH_SIZE]),
        Choice::new("full_batch", "full batch", "The whole training set per update."),
    ];

    /// Samples per update for a training set of `n` samples.
    pub fn batch_size(&self, n: usize) -> usize {
        match *self {
            Strategy::Online => 1,
            Strategy::MiniBatch { size } => size.clamp(1, n.max(1)),
            Strategy::FullBatch => n.max(1),
        }
    }
}

/// Everything that defines a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The one seed behind the data, the initial weights and the shuffling.
    pub seed: u64,
    /// The dataset.
    pub data: DataConfig,
    /// The input features, in order; the input layer has one neuron per feature.
    pub features: Vec<Feature>,
    /// Neurons in each hidden layer; empty for the single-layer network.
    pub hidden_layers: Vec<usize>,
    /// The activation of the hidden layers.
    pub activation: Activation,
    /// Per-layer activations overriding `activation`: empty, or one per hidden layer.
    pub layer_activations: Vec<Activation>,
    /// The output activation; `None` picks the one that suits the task and loss
    /// (see [`Config::output_activation`]).
    pub output_activation: Option<Activation>,
    /// The loss.
    pub loss: Loss,
    /// The initial learning rate `alpha_0`.
    pub learning_rate: f64,
    /// How the learning rate changes over epochs.
    pub schedule: Schedule,
    /// How samples are presented: online, mini-batch or full batch.
    pub strategy: Strategy,
    /// The update rule.
    pub optimizer: Optimizer,
    /// The weight penalty.
    pub regularization: Regularization,
    /// How weights start.
    pub init: Init,
    /// When training stops on its own.
    pub stopping: Stopping,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 1,
            data: DataConfig::default(),
            features: vec![Feature::X1, Feature::X2],
            hidden_layers: vec![4, 2],
            activation: Activation::Tanh { steepness: 1.0 },
            layer_activations: Vec::new(),
            output_activation: None,
            loss: Loss::Mse,
            learning_rate: 0.03,
            schedule: Schedule::Constant,
            strategy: Strategy::default(),
            optimizer: Optimizer::Sgd,
            regularization: Regularization::None,
            init: Init::Xavier,
            stopping: Stopping::default(),
        }
    }
}

fn problem(field: &str, message: impl Into<String>) -> Problem {
    Problem { field: Some(field.to_string()), line: None, message: message.into() }
}

impl Config {
    /// Parses a configuration from JSON and validates it. A text longer than
    /// [`MAX_CONFIG_BYTES`] is refused before it is read.
    pub fn from_json(json: &str) -> Result<Config, Error> {
        if json.len() > MAX_CONFIG_BYTES {
            return Err(Error::field(
                "config",
                format!(
                    "is too large ({} bytes); a configuration has at most {MAX_CONFIG_BYTES} bytes",
                    json.len()
                ),
            ));
        }
        let config: Config = serde_json::from_str(json)
            .map_err(|e| Error::field("config", format!("is not valid JSON for a run: {e}")))?;
        config.validate()?;
        Ok(config)
    }

    /// The configuration as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The activation of hidden layer `l`.
    pub fn hidden_activation(&self, l: usize) -> Activation {
        self.layer_activations.get(l).copied().unwrap_or(self.activation)
    }

    /// The output activation: the configured one, or else the one that suits the loss
    /// and task: softmax for softmax cross-entropy, sigmoid for binary cross-entropy,
    /// linear for regression, tanh (targets -1/+1) otherwise.
    pub fn output_activation(&self) -> Activation {
        if let Some(a) = self.output_activation {
            return a;
        }
        match self.loss {
            Loss::SoftmaxCrossEntropy => Activation::Softmax,
            Loss::BinaryCrossEntropy => Activation::Sigmoid { steepness: 1.0 },
            _ if self.data.is_regression() => Activation::Linear,
            _ => Activation::Tanh { steepness: 1.0 },
        }
    }

    /// Number of output neurons: one for regression and for two classes (except
    /// with softmax, which needs one per class), one per class otherwise.
    pub fn outputs(&self) -> usize {
        match self.data.targets() {
            Targets::Regression => 1,
            Targets::Classes { classes } => {
                if classes == 2 && self.output_activation() != Activation::Softmax {
                    1
                } else {
                    classes
                }
            }
        }
    }

    /// The widths and activations of every layer after the inputs.
    pub fn layers(&self) -> Vec<(usize, Activation)> {
        self.hidden_layers
            .iter()
            .enumerate()
            .map(|(l, &n)| (n, self.hidden_activation(l)))
            .chain(std::iter::once((self.outputs(), self.output_activation())))
            .collect()
    }

    /// Checks the configuration against the table of [`crate::schema::PARAMS`] (every
    /// bound and choice) and the combinations that cannot work, and reports every
    /// problem found, each with its field.
    pub fn validate(&self) -> Result<(), Error> {
        let mut problems = Vec::new();
        match serde_json::to_value(self) {
            Ok(json) => schema::check_fields(&json, &mut problems),
            Err(e) => problems.push(problem("config", format!("cannot be written as JSON: {e}"))),
        }
        self.check_own_points(&mut problems);
        self.check_layers(&mut problems);
        self.check_output(&mut problems);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error { problems })
        }
    }

    /// Custom data: enough points, each on the plane with a valid label.
    fn check_own_points(&self, problems: &mut Vec<Problem>) {
        let d = &self.data;
        if d.task != Task::Custom {
            return;
        }
        let points = d.samples.len();
        if !(MIN_OWN_POINTS..=MAX_POINTS).contains(&points) {
            problems.push(problem(
                "data.samples",
                format!("your own data needs {MIN_OWN_POINTS} to {MAX_POINTS} points, it has {points}"),
            ));
        }
        let on_plane = |v: f64| v.is_finite() && v.abs() <= EXTENT;
        let label_ok = |t: f64| {
            if d.regression {
                t.is_finite()
            } else {
                t >= 0.0 && t.fract() == 0.0 && (t as usize) < d.classes.max(2)
            }
        };
        let bad = d
            .samples
            .iter()
            .enumerate()
            .find(|(_, s)| !on_plane(s.x1) || !on_plane(s.x2) || !label_ok(s.target));
        if let Some((i, s)) = bad {
            problems.push(problem(
                "data.samples",
                format!(
                    "point {} ({}, {}, label {}) is off the plane or has an invalid label",
                    i + 1,
                    s.x1,
                    s.x2,
                    s.target
                ),
            ));
        }
    }

    /// One activation per hidden layer, or none.
    fn check_layers(&self, problems: &mut Vec<Problem>) {
        let n = self.hidden_layers.len();
        if !self.layer_activations.is_empty() && self.layer_activations.len() != n {
            problems.push(problem(
                "layer_activations",
                format!(
                    "give one activation per hidden layer ({n}) or none, got {}",
                    self.layer_activations.len()
                ),
            ));
        }
    }

    /// The loss, the output activation and the task must fit together.
    fn check_output(&self, problems: &mut Vec<Problem>) {
        let clash = match (self.loss, self.output_activation()) {
            (Loss::SoftmaxCrossEntropy, Activation::Softmax)
            | (Loss::BinaryCrossEntropy, Activation::Sigmoid { .. }) => None,
            (Loss::SoftmaxCrossEntropy, _) => {
                Some(("output_activation", "softmax cross-entropy needs a softmax output layer"))
            }
            (Loss::BinaryCrossEntropy, _) => {
                Some(("output_activation", "binary cross-entropy needs a sigmoid output layer"))
            }
            (_, Activation::Softmax) => {
                Some(("loss", "a softmax output layer is trained with softmax cross-entropy"))
            }
            _ => None,
        };
        if let Some((field, message)) = clash {
            problems.push(problem(field, message));
        }
        if self.data.is_regression()
            && matches!(self.loss, Loss::SoftmaxCrossEntropy | Loss::BinaryCrossEntropy)
        {
            problems.push(problem(
                "loss",
                format!("{} is for classification; regression uses SSE, MSE or SAE", self.loss.name()),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_is_valid_and_round_trips_through_json() {
        let c = Config::default();
        c.validate().expect("default is valid");
        assert_eq!(Config::from_json(&c.to_json()), Ok(c));
    }

    #[test]
    fn missing_fields_take_defaults() {
        let c = Config::from_json(r#"{"seed": 9, "hidden_layers": [3]}"#).expect("valid");
        assert_eq!(c.seed, 9);
        assert_eq!(c.hidden_layers, vec![3]);
        assert_eq!(c.learning_rate, Config::default().learning_rate);
    }

    #[test]
    fn rejections_name_the_field() {
        let cases = [
            (r#"{"hidden_layers": [4, 0]}"#, "hidden_layers"),
            (r#"{"hidden_layers": [1,1,1,1,1,1,1,1,1,1,1]}"#, "hidden_layers"),
            (r#"{"hidden_layers": [33]}"#, "hidden_layers"),
            (r#"{"learning_rate": -1}"#, "learning_rate"),
            (r#"{"learning_rate": 0}"#, "learning_rate"),
            (r#"{"data": {"points": 3}}"#, "data.points"),
            (r#"{"data": {"noise": 2}}"#, "data.noise"),
            (r#"{"features": []}"#, "features"),
            (r#"{"features": ["x1", "x1"]}"#, "features"),
            (
                r#"{"loss": "softmax_cross_entropy", "output_activation": {"kind": "tanh"}}"#,
                "output_activation",
            ),
            (r#"{"loss": "mse", "output_activation": {"kind": "softmax"}}"#, "loss"),
            (r#"{"activation": {"kind": "softmax"}}"#, "activation"),
            (r#"{"activation": {"kind": "tanh", "steepness": 0}}"#, "activation.steepness"),
            (r#"{"data": {"task": "plane"}, "loss": "binary_cross_entropy"}"#, "loss"),
            (r#"{"strategy": {"kind": "mini_batch", "size": 0}}"#, "strategy.size"),
            (r#"{"stopping": {"patience": 0}}"#, "stopping.patience"),
            (r#"{"layer_activations": [{"kind": "relu"}]}"#, "layer_activations"),
            (r#"{"hidden_layers": "many"}"#, "config"),
            (r#"{"unknown_field": 1}"#, "config"),
        ];
        for (json, field) in cases {
            let err = Config::from_json(json).expect_err(json);
            assert_eq!(err.field_name(), Some(field), "{json}: {err}");
            assert!(!err.first().message.is_empty());
        }
    }

    #[test]
    fn a_configuration_over_the_size_limit_is_refused_before_it_is_read() {
        let mut json = Config::default().to_json();
        json.push_str(&" ".repeat(MAX_CONFIG_BYTES + 1 - json.len()));
        let err = Config::from_json(&json).expect_err("too large");
        assert_eq!(err.field_name(), Some("config"));
        assert!(err.to_string().contains("too large"), "{err}");
        json.pop();
        assert!(Config::from_json(&json).is_ok(), "exactly at the limit is read");
    }

    #[test]
    fn output_layer_suits_task_and_loss() {
        let mut c = Config::default();
        assert_eq!(c.outputs(), 1);
        assert_eq!(c.output_activation(), Activation::Tanh { steepness: 1.0 });
        c.loss = Loss::SoftmaxCrossEntropy;
        c.data.task = Task::Spiral;
        c.data.classes = 3;
        assert_eq!(c.output_activation(), Activation::Softmax);
        assert_eq!(c.outputs(), 3);
        c.loss = Loss::Mse;
        c.data.task = Task::Plane;
        assert_eq!(c.output_activation(), Activation::Linear);
        assert_eq!(c.outputs(), 1);
    }
}
