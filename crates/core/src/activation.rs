//! Activation functions `y = f(xi)` and their derivatives `f'(xi)`.
//!
//! A neuron's potential `xi` (the weighted sum of its inputs plus its bias) goes
//! through `f` to give its output `y`. Backpropagation needs `f'(xi)`; for the
//! sigmoid and tanh it is cheapest written in terms of `y`, so [`Activation::derivative`]
//! takes both.

use crate::param::{Choice, Choices, Kind, Number, Param};
use crate::real::Real;
use serde::{Deserialize, Serialize};

/// The steepness lambda of the sigmoid and tanh.
const STEEPNESS: Param = Param::number(
    "steepness",
    "Steepness",
    "λ",
    "How fast the activation saturates: f(λξ).",
    Number::new(0.0, Some(10.0), 1.0).above_min(),
);
/// The slope of leaky ReLU for negative potentials.
const SLOPE: Param = Param::number(
    "slope",
    "Slope",
    "",
    "The slope for negative potentials: y = slope ξ for ξ ≤ 0.",
    Number::new(0.0, Some(1.0), 0.01),
);
/// ELU's saturation value for negative potentials.
const ELU_ALPHA: Param = Param::number(
    "alpha",
    "α",
    "",
    "y = α (e^ξ − 1) for ξ ≤ 0: the output saturates at −α.",
    Number::new(0.0, Some(10.0), 1.0),
);

fn one() -> f64 {
    STEEPNESS.spec().value()
}

fn default_leak() -> f64 {
    SLOPE.spec().value()
}

fn default_elu_alpha() -> f64 {
    ELU_ALPHA.spec().value()
}

const TANH: Choice = Choice::new("tanh", "tanh", "y = tanh(λξ), outputs in (−1, 1).").with(&[STEEPNESS]);
const SIGMOID: Choice =
    Choice::new("sigmoid", "sigmoid", "y = 1 / (1 + e^(−λξ)), outputs in (0, 1).").with(&[STEEPNESS]);
const RELU: Choice = Choice::new("relu", "ReLU", "y = max(0, ξ).");
const LINEAR: Choice = Choice::new("linear", "linear", "y = ξ: a linear network.");
const LEAKY_RELU: Choice =
    Choice::new("leaky_relu", "leaky ReLU", "y = ξ for ξ > 0, else slope ξ.").with(&[SLOPE]);
const ELU: Choice = Choice::new("elu", "ELU", "y = ξ for ξ > 0, else α (e^ξ − 1).").with(&[ELU_ALPHA]);
const SOFTPLUS: Choice = Choice::new("softplus", "softplus", "y = ln(1 + e^ξ), a smooth ReLU.");
const SINE: Choice = Choice::new("sine", "sine", "y = sin ξ.");
const GAUSSIAN: Choice = Choice::new("gaussian", "Gaussian", "y = e^(−ξ²).");
const SOFTMAX: Choice =
    Choice::new("softmax", "softmax", "y_j = e^(ξ_j) / Σ_k e^(ξ_k): one output per class.");

/// An activation function, chosen per layer.
///
/// Serialized as `{"kind": "tanh", "steepness": 1.0}`, `{"kind": "relu"}`, ...
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Activation {
    /// Identity: `y = xi`, `f' = 1`. Linear regression; a linear network.
    Linear,
    /// Logistic sigmoid with steepness lambda: `y = 1 / (1 + e^(-lambda xi))`,
    /// `f' = lambda y (1 - y)`. Outputs in (0, 1).
    Sigmoid {
        /// The steepness lambda (1 is the standard logistic function).
        #[serde(default = "one")]
        steepness: f64,
    },
    /// Hyperbolic tangent with steepness lambda:
    /// `y = (1 - e^(-2 lambda xi)) / (1 + e^(-2 lambda xi)) = tanh(lambda xi)`,
    /// `f' = lambda (1 + y)(1 - y)`. Outputs in (-1, 1).
    ///
    /// The lecture's slide gives `lambda^2 (1 + y)(1 - y)`; the chain rule gives one
    /// factor of lambda: `d/dxi tanh(lambda xi) = lambda (1 - tanh^2(lambda xi))`.
    /// The gradient check in the tests confirms the form used here.
    Tanh {
        /// The steepness lambda (1 is the standard tanh).
        #[serde(default = "one")]
        steepness: f64,
    },
    /// Rectified linear unit: `y = max(0, xi)`, `f' = 1` for `xi > 0`, else 0.
    Relu,
    /// Leaky ReLU: `y = xi` for `xi > 0`, else `slope xi`; `f' = 1` or `slope`.
    LeakyRelu {
        /// The slope for negative potentials (0.01 by default).
        #[serde(default = "default_leak")]
        slope: f64,
    },
    /// Exponential linear unit: `y = xi` for `xi > 0`, else `alpha (e^xi - 1)`;
    /// `f' = 1`, or `y + alpha` for `xi <= 0`.
    Elu {
        /// The saturation value for negative potentials is `-alpha` (1 by default).
        #[serde(default = "default_elu_alpha")]
        alpha: f64,
    },
    /// Softplus, a smooth ReLU: `y = ln(1 + e^xi)`, `f' = 1 / (1 + e^-xi)`.
    Softplus,
    /// Sine: `y = sin xi`, `f' = cos xi`.
    Sine,
    /// Gaussian bump: `y = e^(-xi^2)`, `f' = -2 xi y`.
    Gaussian,
    /// Softmax over the neurons of a layer: `y_j = e^(xi_j) / sum_k e^(xi_k)`.
    ///
    /// Only for the output layer together with [`crate::Loss::SoftmaxCrossEntropy`],
    /// where the output error term simplifies to `(Y - D) / N` and the (non-diagonal)
    /// Jacobian of softmax is never needed.
    Softmax,
}

impl Default for Activation {
    /// The hidden layers' activation of a new run: tanh (the table's default,
    /// [`Activation::PARAM`]) of steepness 1.
    fn default() -> Self {
        Activation::Tanh { steepness: one() }
    }
}

impl Activation {
    /// The activations a hidden layer can have, for the configuration table.
    pub const HIDDEN: &'static [Choice] =
        &[TANH, SIGMOID, RELU, LINEAR, LEAKY_RELU, ELU, SOFTPLUS, SINE, GAUSSIAN];

    /// The activations the output layer can have.
    pub const OUTPUT: &'static [Choice] = &[LINEAR, SIGMOID, TANH, SOFTMAX];

    /// The table entry of `activation`, the hidden layers' activation.
    pub const PARAM: Param = Param::new(
        "activation",
        "Activation",
        "",
        "The activation f of the hidden layers: Y_L = f(Xi_L).",
        Kind::Choice(Choices {
            choices: Activation::HIDDEN,
            default: Some(TANH.id),
            tagged: true,
            optional: false,
        }),
    );

    /// The table entry of `layer_activations`, one activation per hidden layer or none.
    pub const PER_LAYER_PARAM: Param = Param::new(
        "layer_activations",
        "Activation of each layer",
        "",
        "An activation per hidden layer, overriding the network's; none keeps it for all.",
        Kind::PerLayer(Choices { choices: Activation::HIDDEN, default: None, tagged: true, optional: false }),
    );

    /// The table entry of `output_activation` (none: picked from the loss and the task).
    pub const OUTPUT_PARAM: Param = Param::new(
        "output_activation",
        "Output activation",
        "",
        "The output layer's activation; auto picks it from the loss and the task.",
        Kind::Choice(Choices { choices: Activation::OUTPUT, default: None, tagged: true, optional: true }),
    );

    /// A short name for messages and labels.
    pub fn name(&self) -> &'static str {
        match self {
            Activation::Linear => "linear",
            Activation::Sigmoid { .. } => "sigmoid",
            Activation::Tanh { .. } => "tanh",
            Activation::Relu => "ReLU",
            Activation::LeakyRelu { .. } => "leaky ReLU",
            Activation::Elu { .. } => "ELU",
            Activation::Softplus => "softplus",
            Activation::Sine => "sine",
            Activation::Gaussian => "Gaussian",
            Activation::Softmax => "softmax",
        }
    }

    /// Whether `f` acts on each neuron alone (everything except softmax).
    pub fn is_elementwise(&self) -> bool {
        !matches!(self, Activation::Softmax)
    }

    /// The open interval of outputs for bounded activations, used to code class
    /// targets: tanh codes classes as -1/+1, sigmoid and softmax as 0/1, and the
    /// unbounded ones as -1/+1.
    pub fn target_range(&self) -> (f64, f64) {
        match self {
            Activation::Sigmoid { .. } | Activation::Softmax | Activation::Gaussian => (0.0, 1.0),
            _ => (-1.0, 1.0),
        }
    }

    /// The range of outputs `(lo, hi)`, `None` where unbounded on that side (for
    /// drawing a neuron's output on a fixed color scale).
    pub fn output_range(&self) -> (Option<f64>, Option<f64>) {
        match *self {
            Activation::Sigmoid { .. } | Activation::Softmax | Activation::Gaussian => (Some(0.0), Some(1.0)),
            Activation::Tanh { .. } | Activation::Sine => (Some(-1.0), Some(1.0)),
            Activation::Relu | Activation::Softplus => (Some(0.0), None),
            Activation::Elu { alpha } => (Some(-alpha), None),
            Activation::Linear | Activation::LeakyRelu { .. } => (None, None),
        }
    }

    /// `y = f(xi)` for one neuron. Softmax must use `softmax_row` instead; here it
    /// returns `e^xi`, the unnormalized numerator.
    #[inline(always)]
    pub fn apply<T: Real>(&self, xi: T) -> T {
        match *self {
            Activation::Linear => xi,
            Activation::Sigmoid { steepness } => sigmoid(T::of(steepness) * xi),
            Activation::Tanh { steepness } => (T::of(steepness) * xi).tanh_fast(),
            Activation::Relu => {
                if xi > T::zero() {
                    xi
                } else {
                    T::zero()
                }
            }
            Activation::LeakyRelu { slope } => {
                if xi > T::zero() {
                    xi
                } else {
                    T::of(slope) * xi
                }
            }
            Activation::Elu { alpha } => {
                if xi > T::zero() {
                    xi
                } else {
                    T::of(alpha) * (xi.exp() - T::one())
                }
            }
            Activation::Softplus => {
                // ln(1 + e^xi) = max(xi, 0) + ln(1 + e^-|xi|), without overflow.
                xi.max(T::zero()) + (-xi.abs()).exp().ln_1p()
            }
            Activation::Sine => xi.sin(),
            Activation::Gaussian => (-xi * xi).exp(),
            Activation::Softmax => xi.exp(),
        }
    }

    /// [`Activation::apply`] on four values at once (equal bit for bit): tanh and the
    /// sigmoid go through [`Real::tanh_fast4`], one vector operation per step.
    #[inline(always)]
    pub fn apply4<T: Real>(&self, xi: [T; 4]) -> [T; 4] {
        match *self {
            Activation::Tanh { steepness } => {
                let s = T::of(steepness);
                T::tanh_fast4(xi.map(|x| s * x))
            }
            Activation::Sigmoid { steepness } => {
                let (s, half) = (T::of(steepness), T::of(0.5));
                T::tanh_fast4(xi.map(|x| half * (s * x))).map(|t| half * (T::one() + t))
            }
            _ => xi.map(|x| self.apply(x)),
        }
    }

    /// `delta o f'(xi)` on four values at once, each entry `delta * f'(xi, y)` exactly as
    /// [`Activation::derivative`] gives it (equal bits): the rule is chosen once for the
    /// four, so tanh, the sigmoid and the linear function take one vector operation per
    /// step.
    #[inline(always)]
    pub fn times_derivative4<T: Real>(&self, delta: [T; 4], xi: [T; 4], y: [T; 4]) -> [T; 4] {
        let mut out = delta;
        match *self {
            Activation::Linear => {}
            Activation::Tanh { steepness } => {
                let s = T::of(steepness);
                for l in 0..4 {
                    out[l] *= s * (T::one() + y[l]) * (T::one() - y[l]);
                }
            }
            Activation::Sigmoid { steepness } => {
                let s = T::of(steepness);
                for l in 0..4 {
                    out[l] *= s * y[l] * (T::one() - y[l]);
                }
            }
            _ => {
                for l in 0..4 {
                    out[l] *= self.derivative(xi[l], y[l]);
                }
            }
        }
        out
    }

    /// `f'(xi)` given the potential `xi` and the output `y = f(xi)`.
    /// For softmax this is the diagonal of its Jacobian only (see [`Activation::Softmax`]).
    #[inline(always)]
    pub fn derivative<T: Real>(&self, xi: T, y: T) -> T {
        match *self {
            Activation::Linear => T::one(),
            Activation::Sigmoid { steepness } => T::of(steepness) * y * (T::one() - y),
            Activation::Tanh { steepness } => T::of(steepness) * (T::one() + y) * (T::one() - y),
            Activation::Relu => {
                if xi > T::zero() {
                    T::one()
                } else {
                    T::zero()
                }
            }
            Activation::LeakyRelu { slope } => {
                if xi > T::zero() {
                    T::one()
                } else {
                    T::of(slope)
                }
            }
            Activation::Elu { alpha } => {
                if xi > T::zero() {
                    T::one()
                } else {
                    y + T::of(alpha)
                }
            }
            Activation::Softplus => sigmoid(xi),
            Activation::Sine => xi.cos(),
            Activation::Gaussian => -(xi + xi) * y,
            Activation::Softmax => y * (T::one() - y),
        }
    }
}

/// Expands `$body` once per variant with `$f` bound to a constant of that variant, so
/// every loop is compiled separately for each function (no per-element match).
macro_rules! specialize {
    ($a:expr, |$f:ident| $body:block) => {
        match $a {
            Activation::Linear => {
                let $f = Activation::Linear;
                $body
            }
            Activation::Sigmoid { steepness } => {
                let $f = Activation::Sigmoid { steepness };
                $body
            }
            Activation::Tanh { steepness } => {
                let $f = Activation::Tanh { steepness };
                $body
            }
            Activation::Relu => {
                let $f = Activation::Relu;
                $body
            }
            Activation::LeakyRelu { slope } => {
                let $f = Activation::LeakyRelu { slope };
                $body
            }
            Activation::Elu { alpha } => {
                let $f = Activation::Elu { alpha };
                $body
            }
            Activation::Softplus => {
                let $f = Activation::Softplus;
                $body
            }
            Activation::Sine => {
                let $f = Activation::Sine;
                $body
            }
            Activation::Gaussian => {
                let $f = Activation::Gaussian;
                $body
            }
            Activation::Softmax => {
                let $f = Activation::Softmax;
                $body
            }
        }
    };
}

impl Activation {
    /// Adds the bias `b` to a column of potentials and applies `f`:
    /// `xi <- xi + b`, `y = f(xi)`, in one pass.
    pub fn forward_column<T: Real>(&self, b: T, xi: &mut [T], y: &mut [T]) {
        specialize!(*self, |f| {
            for (x, o) in xi.iter_mut().zip(y.iter_mut()) {
                *x += b;
                *o = f.apply(*x);
            }
        })
    }

    /// Applies `f` to a slice of potentials that already hold their bias: `y = f(xi)`.
    /// Runs in blocks of four, one vector operation per step of `f` for four values.
    pub fn apply_slice<T: Real>(&self, xi: &[T], y: &mut [T]) {
        let split = xi.len().min(y.len()) / 4 * 4;
        let ((xb, xt), (yb, yt)) = (xi.split_at(split), y.split_at_mut(split));
        specialize!(*self, |f| {
            for (x, o) in xb.chunks_exact(4).zip(yb.chunks_exact_mut(4)) {
                let x: [T; 4] = x.try_into().expect("blocks of four");
                o.copy_from_slice(&f.apply4(x));
            }
            for (&x, o) in xt.iter().zip(yt.iter_mut()) {
                *o = f.apply(x);
            }
        })
    }

    /// Multiplies a column of back-propagated errors by `f'(xi)`: `delta <- delta o f'(xi)`.
    pub fn backward_column<T: Real>(&self, xi: &[T], y: &[T], delta: &mut [T]) {
        specialize!(*self, |f| {
            for ((d, &x), &o) in delta.iter_mut().zip(xi).zip(y) {
                *d *= f.derivative(x, o);
            }
        })
    }
}

/// The logistic function `1 / (1 + e^-z)`, computed as `(1 + tanh(z / 2)) / 2` (an
/// identity) so that it shares the fast `f32` tanh and never overflows.
#[inline(always)]
pub fn sigmoid<T: Real>(z: T) -> T {
    let half = T::of(0.5);
    half * (T::one() + (half * z).tanh_fast())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Activation; 9] = [
        Activation::Linear,
        Activation::Sigmoid { steepness: 1.7 },
        Activation::Tanh { steepness: 0.6 },
        Activation::Relu,
        Activation::LeakyRelu { slope: 0.1 },
        Activation::Elu { alpha: 1.3 },
        Activation::Softplus,
        Activation::Sine,
        Activation::Gaussian,
    ];

    #[test]
    fn derivative_matches_finite_difference() {
        for act in ALL {
            for &xi in &[-2.3_f64, -0.7, 0.31, 1.9] {
                let h = 1e-6;
                let numeric = (act.apply(xi + h) - act.apply(xi - h)) / (2.0 * h);
                let analytic = act.derivative(xi, act.apply(xi));
                assert!(
                    (numeric - analytic).abs() < 1e-7 * (1.0 + analytic.abs()),
                    "{act:?} at {xi}: numeric {numeric}, analytic {analytic}"
                );
            }
        }
    }

    #[test]
    fn lecture_tanh_formula_with_lambda_squared_is_wrong() {
        // The slide's f' = lambda^2 (1 + y)(1 - y) disagrees with the finite difference
        // whenever lambda != 1; ours agrees (previous test). Guard the distinction.
        let lambda = 2.0_f64;
        let act = Activation::Tanh { steepness: lambda };
        let (xi, h) = (0.4, 1e-6);
        let y = act.apply(xi);
        let numeric = (act.apply(xi + h) - act.apply(xi - h)) / (2.0 * h);
        let slide = lambda * lambda * (1.0 + y) * (1.0 - y);
        assert!((numeric - slide).abs() > 0.1);
    }

    #[test]
    fn sigmoid_and_softplus_do_not_overflow() {
        assert_eq!(sigmoid(-1000.0_f64), 0.0);
        assert_eq!(sigmoid(1000.0_f64), 1.0);
        assert!((Activation::Softplus.apply(1000.0_f64) - 1000.0).abs() < 1e-9);
        assert!(Activation::Softplus.apply(-1000.0_f64) >= 0.0);
    }

    #[test]
    fn serde_uses_kind_tags_and_default_steepness() {
        let a: Activation = serde_json::from_str(r#"{"kind":"sigmoid"}"#).expect("parses");
        assert_eq!(a, Activation::Sigmoid { steepness: 1.0 });
        let bad = serde_json::from_str::<Activation>(r#"{"kind":"swish"}"#);
        assert!(bad.is_err());
    }
}
