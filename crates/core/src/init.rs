//! Weight initialization: where gradient descent starts.

use crate::param::{Choice, Choices, Kind, Number, Param};
use crate::real::Real;
use nalgebra::DMatrix;
use rand::Rng;
use serde::{Deserialize, Serialize};

const SCALE: Param = Param::number(
    "scale",
    "range ±",
    "",
    "Weights and biases uniform in [−scale, scale].",
    Number::new(0.0, Some(2.0), 0.5).above_min().step(0.05),
);

fn default_scale() -> f64 {
    SCALE.spec().value()
}

/// How a layer's weights and biases are drawn before training.
#[derive(Clone, Copy, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Init {
    /// The lecture's default: weights and biases uniform in `[-scale, scale]`.
    SmallUniform {
        /// Half-width of the interval.
        #[serde(default = "default_scale")]
        scale: f64,
    },
    /// Xavier/Glorot: weights uniform in `[-a, a]`, `a = sqrt(6 / (n_in + n_out))`,
    /// biases 0. Keeps the variance of activations steady through tanh/sigmoid layers.
    #[default]
    Xavier,
    /// He: weights uniform in `[-a, a]`, `a = sqrt(6 / n_in)`, biases 0. Suited to ReLU.
    He,
}

impl Init {
    /// The initializations, for the configuration table.
    pub const CHOICES: &'static [Choice] = &[
        Choice::new("small_uniform", "small uniform", "The lecture's default: uniform in [−scale, scale].")
            .with(&[SCALE]),
        Choice::new(
            "xavier",
            "Xavier / Glorot",
            "Uniform in ±√(6 / (n_in + n_out)), biases 0: suits tanh and sigmoid.",
        ),
        Choice::new("he", "He", "Uniform in ±√(6 / n_in), biases 0: suits ReLU."),
    ];

    /// The table entry of `init` (its default is [`Init::default`]'s id).
    pub const PARAM: Param = Param::new(
        "init",
        "Weight initialization",
        "",
        "How the weights and biases are drawn before training.",
        Kind::Choice(Choices {
            choices: Init::CHOICES,
            default: Some("xavier"),
            tagged: true,
            optional: false,
        }),
    );

    /// Draws the weights (`n_in x n_out`) and bias row (`1 x n_out`) of one layer.
    pub fn draw<T: Real, R: Rng>(&self, n_in: usize, n_out: usize, rng: &mut R) -> (DMatrix<T>, DMatrix<T>) {
        let (weight_scale, bias_scale) = match *self {
            Init::SmallUniform { scale } => (scale, scale),
            Init::Xavier => ((6.0 / (n_in + n_out) as f64).sqrt(), 0.0),
            Init::He => ((6.0 / n_in.max(1) as f64).sqrt(), 0.0),
        };
        let mut uniform = |s: f64| T::of(if s == 0.0 { 0.0 } else { rng.random_range(-s..s) });
        let weights = DMatrix::from_fn(n_in, n_out, |_, _| uniform(weight_scale));
        let bias = DMatrix::from_fn(1, n_out, |_, _| uniform(bias_scale));
        (weights, bias)
    }
}
