//! Saturated and dead neurons: where the gradient cannot get through.
//!
//! Backpropagation multiplies every error term by `f'(Xi)`
//! (`Delta_L = f'(Xi_L) ∘ (Delta_{L+1} W_{L+1}^T)`), so a neuron passes on no
//! gradient for the samples where `f'` is (nearly) zero:
//!
//! - a sigmoid or tanh neuron is *saturated* on a sample when `f'(ξ)` is below
//!   [`SATURATION`] (10%) of its largest value (`λ/4` for the sigmoid, `λ` for tanh);
//! - a ReLU neuron is *inactive* on a sample when `ξ ≤ 0` (`f' = 0`), and *dead*
//!   when it is inactive on every training sample: no sample will ever change its
//!   weights again.
//!
//! The network runs over the training set in chunks with the evaluator's buffers.

use crate::activation::Activation;
use crate::loss::Loss;
use crate::network::Network;
use crate::real::Real;
use crate::train::Trainer;
use serde::Serialize;

/// A sigmoid or tanh neuron is saturated on a sample where `f'(ξ)` is below this
/// share of its largest value.
pub const SATURATION: f64 = 0.1;

/// A neuron counts as saturated for [`Trainer::stall_hint`] when it is saturated on
/// at least this share of the training samples.
pub const SATURATED_NEURON: f64 = 0.9;

/// The output counts as stuck for [`Trainer::stall_hint`] when it is saturated on the
/// wrong side (`|y − d|` above half the output's range) on at least this share of the
/// training samples and outputs.
pub const STUCK_OUTPUT: f64 = 0.25;

/// What can block a layer's gradient, by its activation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityMeasure {
    /// Sigmoid and tanh: saturation, `f'(ξ) < 10% max f'`.
    Saturation,
    /// ReLU: inactivity, `ξ ≤ 0`, and dead neurons.
    Inactivity,
    /// Other activations (leaky ReLU, linear, ...): nothing is measured, shares are 0.
    None,
}

impl ActivityMeasure {
    /// The measure for an activation.
    pub fn of(f: Activation) -> ActivityMeasure {
        match f {
            Activation::Sigmoid { .. } | Activation::Tanh { .. } => ActivityMeasure::Saturation,
            Activation::Relu => ActivityMeasure::Inactivity,
            _ => ActivityMeasure::None,
        }
    }
}

/// The threshold below which `f'(ξ)` counts as saturated: [`SATURATION`] times the
/// largest value of `f'`, `λ/4` for the sigmoid and `λ` for tanh; `None` for other
/// activations.
pub fn saturation_floor(f: Activation) -> Option<f64> {
    match f {
        Activation::Sigmoid { steepness } => Some(SATURATION * steepness / 4.0),
        Activation::Tanh { steepness } => Some(SATURATION * steepness),
        _ => None,
    }
}

/// One neuron over the training set.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct NeuronActivity {
    /// Share of the training samples where the neuron is saturated,
    /// `f'(ξ) < 10% max f'` (sigmoid and tanh; 0 otherwise).
    pub saturated: f64,
    /// Share of the training samples where `ξ ≤ 0` (ReLU; 0 otherwise).
    pub inactive: f64,
    /// Whether `ξ ≤ 0` on every training sample (ReLU only): the neuron is dead.
    pub dead: bool,
}

/// One layer's neurons over the training set.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayerActivity {
    /// The layer's index in [`crate::Network::layers`] (0 is the first hidden layer).
    pub layer: usize,
    /// The name of the layer's activation.
    pub activation: String,
    /// What is measured for this activation.
    pub measure: ActivityMeasure,
    /// Every neuron of the layer, in order.
    pub neurons: Vec<NeuronActivity>,
}

impl LayerActivity {
    /// Number of dead neurons.
    pub fn dead(&self) -> usize {
        self.neurons.iter().filter(|n| n.dead).count()
    }

    /// Number of neurons saturated on at least [`SATURATED_NEURON`] of the samples.
    pub fn saturated(&self) -> usize {
        self.neurons.iter().filter(|n| n.saturated >= SATURATED_NEURON).count()
    }
}

/// Counts over the training set, for every layer including the output.
struct Survey {
    /// Every layer, the output layer last.
    layers: Vec<LayerActivity>,
    /// Share of the (sample, output) pairs where the output is saturated and wrong.
    stuck_output: f64,
}

/// Counts for one layer: per neuron the samples saturated and inactive.
struct Counts {
    saturated: Vec<usize>,
    inactive: Vec<usize>,
}

/// Runs `network` over the training set and counts, per neuron, the samples where it
/// is saturated or inactive, and the outputs saturated on the wrong side.
fn survey<T: Real>(trainer: &mut Trainer<T>) -> Survey {
    let range = trainer.config().output_activation().target_range();
    let half_range = (range.1 - range.0) / 2.0;
    let (network, data, evaluator) = trainer.training_evaluation();
    let network: &Network<T> = network;
    let mut counts: Vec<Counts> = network
        .layers
        .iter()
        .map(|l| Counts { saturated: vec![0; l.neurons()], inactive: vec![0; l.neurons()] })
        .collect();
    let mut stuck = 0usize;
    let floors: Vec<Option<T>> =
        network.layers.iter().map(|l| saturation_floor(l.activation).map(T::of)).collect();
    let last = network.layers.len().saturating_sub(1);
    evaluator.forward_chunks(network, &data.inputs, |buffers, start, rows| {
        for (l, layer) in network.layers.iter().enumerate() {
            let f = layer.activation;
            let (xi, y) = (&buffers.potentials[l], &buffers.outputs[l]);
            let c = &mut counts[l];
            for j in 0..layer.neurons() {
                for r in 0..rows {
                    let (x, o) = (xi[(r, j)], y[(r, j)]);
                    if let Some(floor) = floors[l] {
                        if f.derivative(x, o) < floor {
                            c.saturated[j] += 1;
                            if l == last && (o - data.targets[(start + r, j)]).abs().to_f64() > half_range {
                                stuck += 1;
                            }
                        }
                    }
                    if f == Activation::Relu && x <= T::zero() {
                        c.inactive[j] += 1;
                    }
                }
            }
        }
    });
    let n = data.len();
    let share = |k: usize| if n == 0 { 0.0 } else { k as f64 / n as f64 };
    let layers = network
        .layers
        .iter()
        .zip(&counts)
        .enumerate()
        .map(|(l, (layer, c))| LayerActivity {
            layer: l,
            activation: layer.activation.name().to_string(),
            measure: ActivityMeasure::of(layer.activation),
            neurons: c
                .saturated
                .iter()
                .zip(&c.inactive)
                .map(|(&s, &i)| NeuronActivity {
                    saturated: share(s),
                    inactive: share(i),
                    dead: n > 0 && i == n,
                })
                .collect(),
        })
        .collect();
    let outputs = network.outputs().max(1);
    Survey { layers, stuck_output: share(stuck) / outputs as f64 }
}

/// "`k` of `m` neurons of layer `L` are `what`" (with "is" for a single neuron).
fn count_sentence(k: usize, m: usize, layer: usize, what: &str) -> String {
    let (noun, verb) = if m == 1 { ("neuron", "is") } else { ("neurons", "are") };
    format!("{k} of {m} {noun} of layer {} {verb} {what}", layer + 1)
}

/// The activity of every hidden layer and the stall hint, from one pass over the
/// training set.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActivityReport {
    /// Each hidden layer's neurons, as [`Trainer::activity`] gives them.
    pub layers: Vec<LayerActivity>,
    /// Why training stalls, as [`Trainer::stall_hint`] says it, if it does.
    pub hint: Option<String>,
}

/// A sentence when the network's neurons stall training, `None` otherwise, the
/// first that applies of:
///
/// - most neurons (more than half) of a hidden layer are dead ReLUs;
/// - the loss is SSE or MSE, the output a sigmoid or tanh, and the output is
///   saturated on the wrong side for at least [`STUCK_OUTPUT`] of the samples
///   (the error term `f'(Xi) ∘ (Y − D)` vanishes there; cross-entropy's `Y − D`
///   does not);
/// - most neurons of a hidden layer are saturated on at least
///   [`SATURATED_NEURON`] of the samples.
fn hint_of(survey: &Survey, loss: Loss) -> Option<String> {
    let (output, hidden) = survey.layers.split_last()?;
    for layer in hidden {
        let (dead, m) = (layer.dead(), layer.neurons.len());
        if 2 * dead > m {
            let what = "dead (ReLU never active): try a smaller learning rate";
            return Some(count_sentence(dead, m, layer.layer, what));
        }
    }
    let squared = matches!(loss, Loss::Sse | Loss::Mse);
    if squared && output.measure == ActivityMeasure::Saturation && survey.stuck_output >= STUCK_OUTPUT {
        return Some("the output is saturated: cross-entropy keeps learning where SSE stalls".to_string());
    }
    for layer in hidden {
        let (saturated, m) = (layer.saturated(), layer.neurons.len());
        if 2 * saturated > m {
            let what = "saturated: try a smaller learning rate or smaller initial weights";
            return Some(count_sentence(saturated, m, layer.layer, what));
        }
    }
    None
}

impl<T: Real> Trainer<T> {
    /// For each hidden layer, each neuron's activity over the training set: the share
    /// of samples where a sigmoid or tanh neuron is saturated (`f'(ξ)` below 10% of
    /// its maximum), the share where a ReLU neuron is inactive (`ξ ≤ 0`), and whether
    /// it is dead (inactive on every sample). Other activations get shares of 0.
    pub fn activity(&mut self) -> Vec<LayerActivity> {
        self.activity_report().layers
    }

    /// A sentence when the network's neurons stall training, `None` otherwise: the
    /// first that applies of most neurons of a hidden layer dead, the output saturated
    /// under SSE or MSE, most neurons of a hidden layer saturated.
    pub fn stall_hint(&mut self) -> Option<String> {
        self.activity_report().hint
    }

    /// [`Trainer::activity`] and [`Trainer::stall_hint`] together, surveying the
    /// training set once.
    pub fn activity_report(&mut self) -> ActivityReport {
        let loss = self.config().loss;
        let mut survey = survey(self);
        let hint = hint_of(&survey, loss);
        survey.layers.pop();
        ActivityReport { layers: survey.layers, hint }
    }
}
