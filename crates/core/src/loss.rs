//! Loss functions `E(Y, D)` over a batch and the output layer's error term
//! `Delta_out = dE/dXi_out`.
//!
//! Every loss here except SSE is a mean over the `N` samples of the batch (a sum over
//! the outputs `j` of each sample `p`, divided by `N`), so the learning rate means the
//! same thing for any batch size; SSE is the lecture's plain sum
//! `E = 1/2 sum_p sum_j (y_pj - d_pj)^2`. The output error term divides by `N` alike:
//! `(Y - D) / N` for the means, `Y - D` for SSE.

use crate::activation::Activation;
use crate::param::{Choice, Choices, Kind, Param};
use crate::real::Real;
use nalgebra::{DMatrixView, DMatrixViewMut};
use serde::{Deserialize, Serialize};

/// Probabilities are clamped to `[EPS, 1 - EPS]` inside logarithms so a saturated
/// output gives a large, finite loss instead of infinity.
const LOG_EPS: f64 = 1e-7;

/// A loss function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Loss {
    /// Sum of squared errors: `E = 1/2 sum_p sum_j (y_pj - d_pj)^2`, `dE/dY = Y - D`.
    Sse,
    /// Mean squared error (the lecture's MSE): `E = 1/(2N) sum_p sum_j (y_pj - d_pj)^2`,
    /// `dE/dY = (Y - D) / N`.
    #[default]
    Mse,
    /// Sum of absolute errors over the outputs, averaged over samples:
    /// `E = 1/N sum_p sum_j |y_pj - d_pj|`, `dE/dY = sign(Y - D) / N`. Robust to outliers.
    Sae,
    /// Binary cross-entropy for a sigmoid output and 0/1 targets:
    /// `E = -1/N sum_p sum_j (d ln y + (1 - d) ln(1 - y))`, with `y` clamped to
    /// `[1e-7, 1 - 1e-7]` inside the logarithms. With a sigmoid of steepness lambda the
    /// output error term simplifies to `Delta = lambda (Y - D) / N`.
    BinaryCrossEntropy,
    /// Softmax cross-entropy for a softmax output and one-hot targets:
    /// `E = -1/N sum_p sum_j d_pj ln y_pj`, with `y` at least `1e-7` inside the
    /// logarithm; the output error term simplifies to `Delta = (Y - D) / N`.
    SoftmaxCrossEntropy,
}

impl Loss {
    /// The losses, for the configuration table.
    pub const CHOICES: &'static [Choice] = &[
        Choice::new(
            "mse",
            "MSE",
            "Mean squared error: E = 1/(2N) Σ (y − d)², summed over the outputs of the N samples.",
        ),
        Choice::new(
            "sse",
            "SSE",
            "Sum of squared errors: E = 1/2 Σ (y − d)², not divided by the batch size.",
        ),
        Choice::new(
            "sae",
            "SAE",
            "Sum of absolute errors, averaged over samples: E = 1/N Σ |y − d|; robust to outliers.",
        ),
        Choice::new(
            "binary_cross_entropy",
            "binary cross-entropy",
            "E = −1/N Σ (d ln y + (1 − d) ln(1 − y)), with a sigmoid output.",
        ),
        Choice::new(
            "softmax_cross_entropy",
            "softmax cross-entropy",
            "E = −1/N Σ d ln y, with a softmax output: Delta = (Y − D) / N.",
        ),
    ];

    /// The table entry of `loss` (its default is [`Loss::default`]'s id).
    pub const PARAM: Param = Param::new(
        "loss",
        "Loss",
        "",
        "The error E the training minimizes.",
        Kind::Choice(Choices {
            choices: Loss::CHOICES,
            default: Some("mse"),
            tagged: false,
            optional: false,
        }),
    );

    /// A short name for messages and labels.
    pub fn name(&self) -> &'static str {
        match self {
            Loss::Sse => "SSE",
            Loss::Mse => "MSE",
            Loss::Sae => "SAE",
            Loss::BinaryCrossEntropy => "binary cross-entropy",
            Loss::SoftmaxCrossEntropy => "softmax cross-entropy",
        }
    }

    /// Whether the loss is averaged over samples (all but SSE).
    pub fn is_mean(&self) -> bool {
        !matches!(self, Loss::Sse)
    }

    /// The output activation this loss requires, if it requires one.
    pub fn required_output(&self) -> Option<&'static str> {
        match self {
            Loss::BinaryCrossEntropy => Some("sigmoid"),
            Loss::SoftmaxCrossEntropy => Some("softmax"),
            _ => None,
        }
    }

    /// The loss of one sample's outputs `y` against targets `d`, summed over the outputs
    /// and before any averaging over samples: `1/2 sum_j (y_j - d_j)^2` (SSE, MSE),
    /// `sum_j |y_j - d_j|` (SAE), `-sum_j (d ln y + (1 - d) ln(1 - y))` (binary
    /// cross-entropy) or `-sum_j d_j ln y_j` (softmax cross-entropy), with `y` clamped
    /// inside the logarithms.
    pub fn sample<T: Real>(&self, y: impl Iterator<Item = T>, d: impl Iterator<Item = T>) -> f64 {
        let eps = LOG_EPS;
        y.zip(d)
            .map(|(y, d)| {
                let (y, d) = (y.to_f64(), d.to_f64());
                match self {
                    Loss::Sse | Loss::Mse => 0.5 * (y - d) * (y - d),
                    Loss::Sae => (y - d).abs(),
                    Loss::BinaryCrossEntropy => {
                        let y = y.clamp(eps, 1.0 - eps);
                        -(d * y.ln() + (1.0 - d) * (1.0 - y).ln())
                    }
                    Loss::SoftmaxCrossEntropy => -d * y.max(eps).ln(),
                }
            })
            .sum()
    }

    /// The batch loss `E(Y, D)` for outputs `y` and targets `d` (rows are samples): the
    /// sum of [`Loss::sample`] over the rows, divided by their number `N` for every loss
    /// but SSE.
    pub fn batch<T: Real>(&self, y: DMatrixView<T>, d: DMatrixView<T>) -> f64 {
        let total: f64 =
            (0..y.nrows()).map(|r| self.sample(y.row(r).iter().copied(), d.row(r).iter().copied())).sum();
        if self.is_mean() && y.nrows() > 0 {
            total / y.nrows() as f64
        } else {
            total
        }
    }

    /// The output error term [`Loss::output_delta`] computes for an output layer with
    /// activation `f`, as text (`N` is the number of samples in the batch, divided by
    /// for every loss but SSE):
    ///
    /// - binary cross-entropy with a sigmoid of steepness lambda: `λ (Y − D) / N`
    ///   (`(Y − D) / N` for lambda = 1);
    /// - softmax cross-entropy with softmax: `(Y − D) / N`;
    /// - SSE: `f'(Xi) ∘ (Y − D)`, MSE: `f'(Xi) ∘ (Y − D) / N`, SAE: `f'(Xi) ∘ sign(Y − D) / N`.
    pub fn output_delta_rule(&self, f: Activation) -> String {
        let per_sample = if self.is_mean() { " / N" } else { "" };
        match (self, f) {
            (Loss::BinaryCrossEntropy, Activation::Sigmoid { steepness: 1.0 }) => {
                format!("(Y − D){per_sample}")
            }
            (Loss::BinaryCrossEntropy, Activation::Sigmoid { steepness }) => {
                format!("λ (Y − D){per_sample} (λ = {steepness})")
            }
            (Loss::SoftmaxCrossEntropy, Activation::Softmax) => format!("(Y − D){per_sample}"),
            (Loss::Sae, _) => format!("f'(Xi) ∘ sign(Y − D){per_sample}"),
            _ => format!("f'(Xi) ∘ (Y − D){per_sample}"),
        }
    }

    /// Writes the output error term `Delta_out = dE/dXi_out` into `delta`, for the
    /// output layer with activation `f`, potentials `xi`, outputs `y` and targets `d`
    /// of a batch of `n` rows:
    ///
    /// - binary cross-entropy with a sigmoid of steepness lambda: `lambda (Y - D) / N`;
    /// - softmax cross-entropy with softmax: `(Y - D) / N`;
    /// - otherwise the chain rule `f'(Xi) o dE/dY` with `dE/dY = Y - D` (SSE),
    ///   `(Y - D) / N` (MSE) or `sign(Y - D) / N` (SAE, 0 where `y = d`). A
    ///   cross-entropy with another output activation also takes `Y - D` (divided by
    ///   `N`) here, which is not its derivative: validation refuses those pairings.
    pub fn output_delta<T: Real>(
        &self,
        f: Activation,
        xi: DMatrixView<T>,
        y: DMatrixView<T>,
        d: DMatrixView<T>,
        delta: &mut DMatrixViewMut<T>,
    ) {
        let n = y.nrows().max(1) as f64;
        let scale = T::of(if self.is_mean() { 1.0 / n } else { 1.0 });
        match (self, f) {
            (Loss::BinaryCrossEntropy, Activation::Sigmoid { steepness }) => {
                let s = scale * T::of(steepness);
                delta.zip_zip_apply(&y, &d, |o, y, d| *o = s * (y - d));
            }
            (Loss::SoftmaxCrossEntropy, Activation::Softmax) => {
                delta.zip_zip_apply(&y, &d, |o, y, d| *o = scale * (y - d));
            }
            _ => {
                let loss = *self;
                delta.zip_zip_apply(&y, &d, |o, y, d| {
                    let de_dy = match loss {
                        Loss::Sae => {
                            if y > d {
                                T::one()
                            } else if y < d {
                                -T::one()
                            } else {
                                T::zero()
                            }
                        }
                        _ => y - d,
                    };
                    *o = scale * de_dy;
                });
                delta.zip_zip_apply(&xi, &y, |o, xi, y| *o *= f.derivative(xi, y));
            }
        }
    }

    /// The factor `1/N` of a mean loss over a batch of `n` rows (1 for a sum), as
    /// [`Loss::output_delta`] applies it.
    #[inline]
    pub fn output_scale<T: Real>(&self, n: usize) -> T {
        T::of(if self.is_mean() { 1.0 / n.max(1) as f64 } else { 1.0 })
    }

    /// One entry of [`Loss::output_delta`], with the same operations in the same order
    /// (so equal bits): the output term for potential `xi`, output `y` and target `d`,
    /// with `scale` from [`Loss::output_scale`].
    #[inline(always)]
    pub fn output_term<T: Real>(&self, f: Activation, scale: T, xi: T, y: T, d: T) -> T {
        match (self, f) {
            (Loss::BinaryCrossEntropy, Activation::Sigmoid { steepness }) => {
                scale * T::of(steepness) * (y - d)
            }
            (Loss::SoftmaxCrossEntropy, Activation::Softmax) => scale * (y - d),
            (Loss::Sae, _) => {
                let sign = if y > d {
                    T::one()
                } else if y < d {
                    -T::one()
                } else {
                    T::zero()
                };
                scale * sign * f.derivative(xi, y)
            }
            _ => scale * (y - d) * f.derivative(xi, y),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::DMatrix;

    #[test]
    fn mse_is_the_lectures_half_mean_of_squares() {
        let y = DMatrix::from_row_slice(2, 1, &[1.0_f64, 0.0]);
        let d = DMatrix::from_row_slice(2, 1, &[0.0_f64, 0.0]);
        assert_eq!(Loss::Mse.batch(y.as_view(), d.as_view()), 0.25);
        assert_eq!(Loss::Sse.batch(y.as_view(), d.as_view()), 0.5);
        assert_eq!(Loss::Sae.batch(y.as_view(), d.as_view()), 0.5);
    }

    #[test]
    fn output_delta_rules_follow_the_loss_and_the_output_activation() {
        let sigmoid = |steepness| Activation::Sigmoid { steepness };
        let tanh = Activation::Tanh { steepness: 1.0 };
        assert_eq!(Loss::SoftmaxCrossEntropy.output_delta_rule(Activation::Softmax), "(Y − D) / N");
        assert_eq!(Loss::BinaryCrossEntropy.output_delta_rule(sigmoid(1.0)), "(Y − D) / N");
        assert_eq!(Loss::BinaryCrossEntropy.output_delta_rule(sigmoid(2.0)), "λ (Y − D) / N (λ = 2)");
        assert_eq!(Loss::Sse.output_delta_rule(tanh), "f'(Xi) ∘ (Y − D)");
        assert_eq!(Loss::Mse.output_delta_rule(sigmoid(1.0)), "f'(Xi) ∘ (Y − D) / N");
        assert_eq!(Loss::Sae.output_delta_rule(Activation::Linear), "f'(Xi) ∘ sign(Y − D) / N");
    }

    #[test]
    fn each_output_delta_rule_is_what_output_delta_computes() {
        // Y, D and Xi of two samples and one output; N = 2.
        let xi = DMatrix::from_row_slice(2, 1, &[0.3_f64, -1.2]);
        let d = DMatrix::from_row_slice(2, 1, &[1.0_f64, 0.0]);
        let cases = [
            (Loss::Sse, Activation::Tanh { steepness: 1.0 }),
            (Loss::Mse, Activation::Tanh { steepness: 1.5 }),
            (Loss::Sae, Activation::Sigmoid { steepness: 1.0 }),
            (Loss::BinaryCrossEntropy, Activation::Sigmoid { steepness: 2.0 }),
            (Loss::BinaryCrossEntropy, Activation::Sigmoid { steepness: 1.0 }),
        ];
        for (loss, f) in cases {
            let y = xi.map(|x| f.apply(x));
            let mut delta = DMatrix::zeros(2, 1);
            loss.output_delta(f, xi.as_view(), y.as_view(), d.as_view(), &mut delta.as_view_mut());
            // The rule, evaluated by hand from its text's parts.
            let rule = loss.output_delta_rule(f);
            let n = if rule.ends_with("/ N") || rule.contains("/ N (") { 2.0 } else { 1.0 };
            let lambda = if let Activation::Sigmoid { steepness } = f { steepness } else { 1.0 };
            for r in 0..2 {
                let e = y[r] - d[r];
                let expected = if rule.starts_with("f'(Xi)") {
                    let e = if rule.contains("sign") { e.signum() } else { e };
                    f.derivative(xi[r], y[r]) * e / n
                } else if rule.starts_with('λ') {
                    lambda * e / n
                } else {
                    e / n
                };
                assert!((delta[r] - expected).abs() < 1e-15, "{loss:?} {f:?}: {rule}");
            }
        }
    }

    #[test]
    fn cross_entropy_stays_finite_at_saturation() {
        let y = DMatrix::from_row_slice(1, 1, &[1.0_f64]);
        let d = DMatrix::from_row_slice(1, 1, &[0.0_f64]);
        let e = Loss::BinaryCrossEntropy.batch(y.as_view(), d.as_view());
        assert!(e.is_finite() && e > 10.0);
    }
}
