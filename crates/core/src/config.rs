//! The configuration of a run: everything needed to reproduce it bit for bit.
//!
//! A [`Config`] is plain data (JSON through serde; missing fields take their
//! defaults), together with the table entries of its own top-level fields (the seed,
//! the hidden layers, the learning rate); every other field is described by the module
//! of its concept. [`Config::validate`] (in [`crate::validation`]) is the single check
//! between the outside world and the model: a [`crate::Trainer`] is only ever built
//! from the [`crate::ValidConfig`] it returns.

use crate::activation::Activation;
use crate::dataset::{DataConfig, Targets};
use crate::features::Feature;
use crate::init::Init;
use crate::limits::{MAX_HIDDEN_LAYERS, MAX_NEURONS};
use crate::loss::Loss;
use crate::optimizer::Optimizer;
use crate::param::{Kind, Number, Param};
use crate::regularization::Regularization;
use crate::schedule::Schedule;
use crate::stopping::Stopping;
use crate::strategy::Strategy;
use serde::{Deserialize, Serialize};

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

/// The hidden layers' widths of a new run.
const DEFAULT_HIDDEN_LAYERS: &[usize] = &[4, 2];

impl Config {
    /// The table entry of `seed`.
    pub const SEED: Param = Param::number(
        "seed",
        "Seed",
        "",
        "The one seed behind the data, the initial weights and the shuffling: the same seed, the same run.",
        Number::whole(0.0, Some(9_007_199_254_740_991.0), 1.0),
    );
    /// The table entry of `hidden_layers`.
    pub const HIDDEN_LAYERS: Param = Param::new(
        "hidden_layers",
        "Hidden layers",
        "",
        "Neurons in each hidden layer; none is the lecture's single-layer network.",
        Kind::Layers {
            max_layers: MAX_HIDDEN_LAYERS,
            min_neurons: 1,
            max_neurons: MAX_NEURONS,
            default: DEFAULT_HIDDEN_LAYERS,
            new_layer: 4,
        },
    );
    /// The table entry of `learning_rate`, the initial `alpha_0`.
    pub const LEARNING_RATE: Param = Param::number(
        "learning_rate",
        "Learning rate",
        "α",
        "The step size α of the update W ← W − α ∂E/∂W.",
        Number::new(0.0, Some(10.0), 0.03).above_min().log(),
    );
}

impl Default for Config {
    /// The table's defaults: each field's from its table entry or its type's default.
    fn default() -> Self {
        Config {
            seed: Config::SEED.spec().value() as u64,
            data: DataConfig::default(),
            features: Feature::defaults(),
            hidden_layers: DEFAULT_HIDDEN_LAYERS.to_vec(),
            activation: Activation::default(),
            layer_activations: Vec::new(),
            output_activation: None,
            loss: Loss::default(),
            learning_rate: Config::LEARNING_RATE.spec().value(),
            schedule: Schedule::default(),
            strategy: Strategy::default(),
            optimizer: Optimizer::default(),
            regularization: Regularization::default(),
            init: Init::default(),
            stopping: Stopping::default(),
        }
    }
}

impl Config {
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
        self.output_activation_for(self.data.is_regression())
    }

    /// [`Config::output_activation`] for data whose targets are numbers (`regression`)
    /// or classes, whatever `data` says (a table brings its own target).
    pub fn output_activation_for(&self, regression: bool) -> Activation {
        if let Some(a) = self.output_activation {
            return a;
        }
        match self.loss {
            Loss::SoftmaxCrossEntropy => Activation::Softmax,
            Loss::BinaryCrossEntropy => Activation::Sigmoid { steepness: 1.0 },
            _ if regression => Activation::Linear,
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
        self.layers_with_output(self.outputs(), self.output_activation())
    }

    /// The hidden layers' widths and activations, then an output layer of `outputs`
    /// neurons with `activation`.
    pub fn layers_with_output(&self, outputs: usize, activation: Activation) -> Vec<(usize, Activation)> {
        self.hidden_layers
            .iter()
            .enumerate()
            .map(|(l, &n)| (n, self.hidden_activation(l)))
            .chain(std::iter::once((outputs, activation)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Task;

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
