//! The configuration of a run: everything needed to reproduce it bit for bit.
//!
//! A [`Config`] is plain data (JSON through serde; missing fields take their
//! defaults). [`Config::validate`] is the single check between the outside world and
//! the model: a [`crate::Trainer`] is only ever built from a configuration that
//! passed it, and every rejection names the field and says what is allowed.

use crate::activation::Activation;
use crate::dataset::{DataConfig, Targets, Task};
use crate::features::Feature;
use crate::init::Init;
use crate::loss::Loss;
use crate::optimizer::Optimizer;
use crate::regularization::Regularization;
use crate::schedule::Schedule;
use crate::stopping::Stopping;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The bounds every configuration must respect (the page's controls use the same).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Limits {
    /// Most hidden layers.
    pub max_hidden_layers: usize,
    /// Most neurons in one hidden layer.
    pub max_neurons: usize,
    /// Fewest points in a dataset.
    pub min_points: usize,
    /// Most points in a dataset.
    pub max_points: usize,
    /// Most classes.
    pub max_classes: usize,
    /// Largest learning rate.
    pub max_learning_rate: f64,
    /// Smallest and largest fraction of points used for training.
    pub train_fraction: (f64, f64),
    /// Largest noise level.
    pub max_noise: f64,
    /// Largest steepness lambda.
    pub max_steepness: f64,
    /// Largest regularization rate.
    pub max_regularization: f64,
    /// Half-width of the input plane: points and grids cover `[-extent, extent]^2`.
    pub extent: f64,
}

/// The limits in force.
pub const LIMITS: Limits = Limits {
    max_hidden_layers: 6,
    max_neurons: 8,
    min_points: 10,
    max_points: 2000,
    max_classes: 6,
    max_learning_rate: 10.0,
    train_fraction: (0.1, 0.9),
    max_noise: 1.0,
    max_steepness: 10.0,
    max_regularization: 1.0,
    extent: crate::dataset::EXTENT,
};

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
        size: usize,
    },
    /// Batch gradient descent: the whole training set per update.
    FullBatch,
}

impl Default for Strategy {
    fn default() -> Self {
        Strategy::MiniBatch { size: 10 }
    }
}

impl Strategy {
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

/// A rejected configuration: which field, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The offending field, as a dotted path (`data.points`, `hidden_layers`, ...).
    pub field: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ConfigError {}

fn reject(field: &str, message: impl Into<String>) -> ConfigError {
    ConfigError { field: field.to_string(), message: message.into() }
}

fn check_range(field: &str, value: f64, min: f64, max: f64) -> Result<(), ConfigError> {
    if value.is_finite() && value >= min && value <= max {
        Ok(())
    } else {
        Err(reject(field, format!("must be between {min} and {max}, got {value}")))
    }
}

fn check_positive(field: &str, value: Option<f64>) -> Result<(), ConfigError> {
    match value {
        Some(v) if !(v.is_finite() && v > 0.0) => {
            Err(reject(field, format!("must be a positive number, got {v}")))
        }
        _ => Ok(()),
    }
}

fn check_activation(field: &str, a: Activation) -> Result<(), ConfigError> {
    match a {
        Activation::Sigmoid { steepness } | Activation::Tanh { steepness } => {
            if steepness > 0.0 && steepness <= LIMITS.max_steepness {
                Ok(())
            } else {
                Err(reject(
                    field,
                    format!(
                        "steepness must be above 0 and at most {}, got {steepness}",
                        LIMITS.max_steepness
                    ),
                ))
            }
        }
        Activation::LeakyRelu { slope } => check_range(field, slope, 0.0, 1.0),
        Activation::Elu { alpha } => check_range(field, alpha, 0.0, 10.0),
        _ => Ok(()),
    }
}

impl Config {
    /// Parses a configuration from JSON and validates it.
    pub fn from_json(json: &str) -> Result<Config, ConfigError> {
        let config: Config = serde_json::from_str(json)
            .map_err(|e| reject("config", format!("is not valid JSON for a run: {e}")))?;
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

    /// Checks every field against [`LIMITS`] and the combinations that cannot work.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let d = &self.data;
        let points = d.point_count();
        if d.task == Task::Custom {
            if !(4..=LIMITS.max_points).contains(&points) {
                return Err(reject(
                    "data.samples",
                    format!("your own data needs 4 to {} points, it has {points}", LIMITS.max_points),
                ));
            }
            for (i, s) in d.samples.iter().enumerate() {
                let on_plane = |v: f64| v.is_finite() && v.abs() <= crate::dataset::EXTENT;
                let label_ok = if d.regression {
                    s.target.is_finite()
                } else {
                    s.target >= 0.0 && s.target.fract() == 0.0 && (s.target as usize) < d.classes.max(2)
                };
                if !on_plane(s.x1) || !on_plane(s.x2) || !label_ok {
                    return Err(reject(
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
        } else if !(LIMITS.min_points..=LIMITS.max_points).contains(&points) {
            return Err(reject(
                "data.points",
                format!("must be between {} and {}, got {points}", LIMITS.min_points, LIMITS.max_points),
            ));
        }
        check_range("data.noise", d.noise, 0.0, LIMITS.max_noise)?;
        check_range(
            "data.train_fraction",
            d.train_fraction,
            LIMITS.train_fraction.0,
            LIMITS.train_fraction.1,
        )?;
        let multi = matches!(d.task, Task::Spiral | Task::Blobs) || (d.task == Task::Custom && !d.regression);
        if multi && (d.classes < 2 || d.classes > LIMITS.max_classes) {
            return Err(reject(
                "data.classes",
                format!("must be between 2 and {}, got {}", LIMITS.max_classes, d.classes),
            ));
        }
        if self.features.is_empty() {
            return Err(reject("features", "choose at least one input feature"));
        }
        for (i, f) in self.features.iter().enumerate() {
            if self.features[..i].contains(f) {
                return Err(reject("features", format!("{} is listed twice", f.label())));
            }
        }
        if self.hidden_layers.len() > LIMITS.max_hidden_layers {
            return Err(reject(
                "hidden_layers",
                format!(
                    "at most {} hidden layers, got {}",
                    LIMITS.max_hidden_layers,
                    self.hidden_layers.len()
                ),
            ));
        }
        for (l, &n) in self.hidden_layers.iter().enumerate() {
            if n == 0 || n > LIMITS.max_neurons {
                return Err(reject(
                    "hidden_layers",
                    format!("layer {} has {n} neurons; each layer needs 1 to {}", l + 1, LIMITS.max_neurons),
                ));
            }
        }
        if !self.layer_activations.is_empty() && self.layer_activations.len() != self.hidden_layers.len() {
            return Err(reject(
                "layer_activations",
                format!(
                    "give one activation per hidden layer ({}) or none, got {}",
                    self.hidden_layers.len(),
                    self.layer_activations.len()
                ),
            ));
        }
        for l in 0..self.hidden_layers.len() {
            let a = self.hidden_activation(l);
            if a == Activation::Softmax {
                return Err(reject("activation", "softmax is only available for the output layer"));
            }
            check_activation("activation", a)?;
        }
        let out = self.output_activation();
        check_activation("output_activation", out)?;
        let regression = d.is_regression();
        match (self.loss, out) {
            (Loss::SoftmaxCrossEntropy, Activation::Softmax)
            | (Loss::BinaryCrossEntropy, Activation::Sigmoid { .. }) => {}
            (Loss::SoftmaxCrossEntropy, _) => {
                return Err(reject("output_activation", "softmax cross-entropy needs a softmax output layer"))
            }
            (Loss::BinaryCrossEntropy, _) => {
                return Err(reject("output_activation", "binary cross-entropy needs a sigmoid output layer"))
            }
            (_, Activation::Softmax) => {
                return Err(reject("loss", "a softmax output layer is trained with softmax cross-entropy"))
            }
            _ => {}
        }
        if regression && matches!(self.loss, Loss::SoftmaxCrossEntropy | Loss::BinaryCrossEntropy) {
            return Err(reject(
                "loss",
                format!("{} is for classification; regression uses SSE, MSE or SAE", self.loss.name()),
            ));
        }
        check_range("learning_rate", self.learning_rate, f64::MIN_POSITIVE, LIMITS.max_learning_rate)?;
        match self.schedule {
            Schedule::Constant => {}
            Schedule::StepDecay { every, factor } => {
                if every == 0 {
                    return Err(reject("schedule.every", "must be at least 1 epoch"));
                }
                check_range("schedule.factor", factor, f64::MIN_POSITIVE, 1.0)?;
            }
            Schedule::Exponential { factor } => {
                check_range("schedule.factor", factor, f64::MIN_POSITIVE, 1.0)?
            }
        }
        if let Strategy::MiniBatch { size } = self.strategy {
            if size == 0 {
                return Err(reject("strategy.size", "a mini-batch needs at least one sample"));
            }
        }
        match self.optimizer {
            Optimizer::Sgd => {}
            Optimizer::Momentum { momentum } => check_range("optimizer.momentum", momentum, 0.0, 0.999)?,
            Optimizer::Adam { beta1, beta2, epsilon } => {
                check_range("optimizer.beta1", beta1, 0.0, 0.999)?;
                check_range("optimizer.beta2", beta2, 0.0, 0.99999)?;
                check_positive("optimizer.epsilon", Some(epsilon))?;
            }
        }
        check_range("regularization.rate", self.regularization.rate(), 0.0, LIMITS.max_regularization)?;
        if let Init::SmallUniform { scale } = self.init {
            check_range("init.scale", scale, f64::MIN_POSITIVE, 2.0)?;
        }
        let s = &self.stopping;
        if s.max_epochs == Some(0) {
            return Err(reject("stopping.max_epochs", "must be at least 1"));
        }
        if s.patience == Some(0) {
            return Err(reject("stopping.patience", "must be at least 1 epoch"));
        }
        check_positive("stopping.time_limit_seconds", s.time_limit_seconds)?;
        check_positive("stopping.min_train_loss", s.min_train_loss)?;
        check_positive("stopping.min_weight_change", s.min_weight_change)?;
        Ok(())
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
            (r#"{"hidden_layers": [1,1,1,1,1,1,1]}"#, "hidden_layers"),
            (r#"{"hidden_layers": [9]}"#, "hidden_layers"),
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
            (r#"{"activation": {"kind": "tanh", "steepness": 0}}"#, "activation"),
            (r#"{"data": {"task": "plane"}, "loss": "binary_cross_entropy"}"#, "loss"),
            (r#"{"strategy": {"kind": "mini_batch", "size": 0}}"#, "strategy.size"),
            (r#"{"stopping": {"patience": 0}}"#, "stopping.patience"),
            (r#"{"layer_activations": [{"kind": "relu"}]}"#, "layer_activations"),
            (r#"{"hidden_layers": "many"}"#, "config"),
            (r#"{"unknown_field": 1}"#, "config"),
        ];
        for (json, field) in cases {
            let err = Config::from_json(json).expect_err(json);
            assert_eq!(err.field, field, "{json}: {err}");
            assert!(!err.message.is_empty());
        }
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
