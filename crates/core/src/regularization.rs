//! Weight penalties added to the loss. Biases are not penalized.

use crate::optimizer::number;
use crate::param::{Choice, Choices, Kind, Number, Param};
use crate::real::Real;
use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};

const RATE: Param = Param::number(
    "rate",
    "Reg. rate",
    "r",
    "The weight of the penalty in E.",
    Number::new(0.0, Some(1.0), 0.001).log(),
);

fn default_rate() -> f64 {
    RATE.spec().value()
}

/// A penalty on the weights, with its rate `r`.
#[derive(Clone, Copy, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Regularization {
    /// No penalty.
    #[default]
    None,
    /// L1 (lasso): `E += r sum |w|`, gradient `r sign(w)`; drives weights to exactly zero.
    L1 {
        /// The rate r.
        #[serde(default = "default_rate")]
        rate: f64,
    },
    /// L2 (weight decay): `E += r/2 sum w^2`, gradient `r w`; shrinks all weights.
    L2 {
        /// The rate r.
        #[serde(default = "default_rate")]
        rate: f64,
    },
}

impl Regularization {
    /// The penalties and their rate, for the configuration table.
    pub const CHOICES: &'static [Choice] = &[
        Choice::new("none", "none", "No penalty."),
        Choice::new(
            "l1",
            "L1",
            "E += r Σ|w| over the weights (not the biases): drives weights to exactly zero.",
        )
        .with(&[RATE]),
        Choice::new(
            "l2",
            "L2",
            "E += (r/2) Σw² over the weights (not the biases), gradient r w: shrinks every weight.",
        )
        .with(&[RATE]),
    ];

    /// The table entry of `regularization` (its default is [`Regularization::default`]'s id).
    pub const PARAM: Param = Param::new(
        "regularization",
        "Regularization",
        "",
        "A penalty on the weights added to E (biases are not penalized).",
        Kind::Choice(Choices {
            choices: Regularization::CHOICES,
            default: Some("none"),
            tagged: true,
            optional: false,
        }),
    );

    /// The penalty term for a set of weight matrices.
    pub fn penalty<'a, T: Real + 'a>(&self, weights: impl Iterator<Item = &'a DMatrix<T>>) -> f64 {
        match *self {
            Regularization::None => 0.0,
            Regularization::L1 { rate } => {
                rate * weights.flat_map(|w| w.iter()).map(|w| w.abs().to_f64()).sum::<f64>()
            }
            Regularization::L2 { rate } => {
                0.5 * rate * weights.flat_map(|w| w.iter()).map(|w| w.to_f64() * w.to_f64()).sum::<f64>()
            }
        }
    }

    /// Adds the penalty's gradient for `weights` to `gradient`.
    pub fn add_gradient<T: Real>(&self, weights: &DMatrix<T>, gradient: &mut DMatrix<T>) {
        self.add_gradient_slice(weights.as_slice(), gradient.as_mut_slice());
    }

    /// [`Regularization::add_gradient`] for weights and their gradient laid out alike
    /// in plain slices (entry `i` of both belonging to the same weight); a zero weight
    /// adds nothing.
    pub fn add_gradient_slice<T: Real>(&self, weights: &[T], gradient: &mut [T]) {
        match *self {
            Regularization::None => {}
            Regularization::L1 { rate } => {
                let r = T::of(rate);
                for (g, &w) in gradient.iter_mut().zip(weights) {
                    if w > T::zero() {
                        *g += r
                    } else if w < T::zero() {
                        *g -= r
                    }
                }
            }
            Regularization::L2 { rate } => {
                let r = T::of(rate);
                for (g, &w) in gradient.iter_mut().zip(weights) {
                    *g += r * w;
                }
            }
        }
    }

    /// The weight gradient the optimizer receives, as text: the loss's part
    /// `∂E/∂W_L = Y_{L−1}ᵀ Delta_L` plus the penalty's, `r sign(W_L)` (L1) or `r W_L` (L2).
    pub fn gradient_rule(&self) -> String {
        let loss = "Y_{L−1}ᵀ Delta_L";
        match *self {
            Regularization::None => loss.to_string(),
            Regularization::L1 { rate } => format!("{loss} + r sign(W_L) (r = {})", number(rate)),
            Regularization::L2 { rate } => format!("{loss} + r W_L (r = {})", number(rate)),
        }
    }

    /// The rate, 0 for none.
    pub fn rate(&self) -> f64 {
        match *self {
            Regularization::None => 0.0,
            Regularization::L1 { rate } | Regularization::L2 { rate } => rate,
        }
    }
}
