//! Optimizers: how a gradient becomes a weight update.

use crate::real::Real;
use crate::schema::{Choice, Number, Param};
use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};

const MOMENTUM: Param = Param::number(
    "momentum",
    "momentum",
    "μ",
    "The share of the last step kept: v ← μ v − α g.",
    Number::new(0.0, Some(0.999), 0.9).step(0.01),
);
const BETA1: Param = Param::number(
    "beta1",
    "Adam β₁",
    "β₁",
    "Decay of the mean of the gradients: m ← β₁ m + (1 − β₁) g.",
    Number::new(0.0, Some(0.999), 0.9).step(0.01),
);
const BETA2: Param = Param::number(
    "beta2",
    "Adam β₂",
    "β₂",
    "Decay of the mean of the squared gradients: v ← β₂ v + (1 − β₂) g².",
    Number::new(0.0, Some(0.99999), 0.999).step(0.001),
);
const EPSILON: Param = Param::number(
    "epsilon",
    "ε",
    "ε",
    "Guards the division against zero.",
    Number::new(0.0, None, 1e-8).above_min().log(),
);

fn default_momentum() -> f64 {
    MOMENTUM.spec().value()
}
fn default_beta1() -> f64 {
    BETA1.spec().value()
}
fn default_beta2() -> f64 {
    BETA2.spec().value()
}
fn default_epsilon() -> f64 {
    EPSILON.spec().value()
}

/// The update rule applied to each parameter `w` with gradient `g` and learning rate `alpha`.
#[derive(Clone, Copy, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Optimizer {
    /// Plain gradient descent: `w <- w - alpha g`.
    #[default]
    Sgd,
    /// Momentum: `v <- mu v - alpha g`, `w <- w + v`.
    Momentum {
        /// The momentum coefficient mu in [0, 1).
        #[serde(default = "default_momentum")]
        momentum: f64,
    },
    /// Adam: `m <- b1 m + (1 - b1) g`, `v <- b2 v + (1 - b2) g^2`,
    /// `w <- w - alpha m^ / (sqrt(v^) + eps)` with the bias corrections
    /// `m^ = m / (1 - b1^t)`, `v^ = v / (1 - b2^t)` after `t` updates.
    Adam {
        /// Decay of the first moment, b1.
        #[serde(default = "default_beta1")]
        beta1: f64,
        /// Decay of the second moment, b2.
        #[serde(default = "default_beta2")]
        beta2: f64,
        /// Guard against division by zero, eps.
        #[serde(default = "default_epsilon")]
        epsilon: f64,
    },
}

impl Optimizer {
    /// The optimizers and their parameters, for the configuration table.
    pub const CHOICES: &'static [Choice] = &[
        Choice::new("sgd", "gradient descent", "Plain gradient descent: w ← w − α ∂E/∂w."),
        Choice::new("momentum", "momentum", "v ← μ v − α g, w ← w + v: steps keep some of their speed.")
            .with(&[MOMENTUM]),
        Choice::new(
            "adam",
            "Adam",
            "Steps by the running mean of g over the root of the running mean of g².",
        )
        .with(&[BETA1, BETA2, EPSILON]),
    ];
}

/// The per-parameter memory of an optimizer (velocity, moments), one slot per
/// weight matrix or bias row, allocated once.
#[derive(Clone, Debug)]
pub struct OptimizerState<T: Real> {
    /// First slot: velocity (momentum) or first moment (Adam), per parameter block.
    first: Vec<DMatrix<T>>,
    /// Second moment (Adam), per parameter block.
    second: Vec<DMatrix<T>>,
    /// Number of updates applied so far (Adam's `t`).
    steps: u64,
}

impl<T: Real> OptimizerState<T> {
    /// State for parameter blocks of the given shapes (rows, columns).
    pub fn new(optimizer: Optimizer, shapes: &[(usize, usize)]) -> Self {
        let zeros = |on: bool| -> Vec<DMatrix<T>> {
            if on {
                shapes.iter().map(|&(r, c)| DMatrix::zeros(r, c)).collect()
            } else {
                Vec::new()
            }
        };
        OptimizerState {
            first: zeros(!matches!(optimizer, Optimizer::Sgd)),
            second: zeros(matches!(optimizer, Optimizer::Adam { .. })),
            steps: 0,
        }
    }

    /// Marks the start of one update of all blocks (advances Adam's `t`).
    pub fn begin_step(&mut self) {
        self.steps += 1;
    }

    /// Applies one update to parameter block number `block` given its gradient.
    pub fn update(
        &mut self,
        optimizer: Optimizer,
        block: usize,
        learning_rate: f64,
        params: &mut DMatrix<T>,
        gradient: &DMatrix<T>,
    ) {
        let alpha = T::of(learning_rate);
        match optimizer {
            Optimizer::Sgd => params.zip_apply(gradient, |w, g| *w -= alpha * g),
            Optimizer::Momentum { momentum } => {
                let mu = T::of(momentum);
                let v = &mut self.first[block];
                v.zip_apply(gradient, |v, g| *v = mu * *v - alpha * g);
                params.zip_apply(&*v, |w, v| *w += v);
            }
            Optimizer::Adam { beta1, beta2, epsilon } => {
                let t = self.steps.min(i32::MAX as u64) as i32;
                let c1 = T::of(1.0 / (1.0 - beta1.powi(t)));
                let c2 = T::of(1.0 / (1.0 - beta2.powi(t)));
                let (b1, b2, eps) = (T::of(beta1), T::of(beta2), T::of(epsilon));
                let m = &mut self.first[block];
                let v = &mut self.second[block];
                m.zip_apply(gradient, |m, g| *m = b1 * *m + (T::one() - b1) * g);
                v.zip_apply(gradient, |v, g| *v = b2 * *v + (T::one() - b2) * g * g);
                params.zip_zip_apply(&*m, &*v, |w, m, v| *w -= alpha * (m * c1) / ((v * c2).sqrt() + eps));
            }
        }
    }
}
