//! Optimizers: how a gradient becomes a weight update.
//!
//! [`Optimizer`] is the setting (a configuration field: the rule and its
//! coefficients); [`Updater`] applies it. An updater is built once from the rule and
//! the shapes of the parameter blocks and owns the memory the rule needs (velocity,
//! moments, sums of squared gradients), so a rule is never applied with another
//! rule's memory.

use crate::param::{Choice, Choices, Kind, Number, Param};
use crate::real::Real;
use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};

const MOMENTUM: Param = Param::number(
    "momentum",
    "momentum",
    "μ",
    "The share of the last step kept: v ← μ v − α_t g, w ← w + v.",
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
const DECAY: Param = Param::number(
    "decay",
    "RMSProp ρ",
    "ρ",
    "Decay of the mean of the squared gradients: v ← ρ v + (1 − ρ) g².",
    Number::new(0.0, Some(0.999), 0.9).step(0.01),
);
const EPSILON: Param = Param::number(
    "epsilon",
    "ε",
    "ε",
    "Guards the division against zero; added outside the square root: √v + ε.",
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
fn default_decay() -> f64 {
    DECAY.spec().value()
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
    /// RMSProp: `v <- rho v + (1 - rho) g^2`, `w <- w - alpha g / (sqrt(v) + eps)`.
    #[serde(rename = "rmsprop")]
    RmsProp {
        /// Decay of the mean of the squared gradients, rho in [0, 0.999].
        #[serde(default = "default_decay")]
        decay: f64,
        /// Guard against division by zero, eps.
        #[serde(default = "default_epsilon")]
        epsilon: f64,
    },
    /// AdaGrad: `v <- v + g^2`, `w <- w - alpha g / (sqrt(v) + eps)`.
    #[serde(rename = "adagrad")]
    AdaGrad {
        /// Guard against division by zero, eps.
        #[serde(default = "default_epsilon")]
        epsilon: f64,
    },
}

impl Optimizer {
    /// The optimizers and their parameters, for the configuration table.
    pub const CHOICES: &'static [Choice] = &[
        Choice::new("sgd", "gradient descent", "Plain gradient descent: w ← w − α ∂E/∂w."),
        Choice::new(
            "momentum",
            "momentum",
            "v ← μ v − α_t g, w ← w + v, v starting at 0: steps keep some of their speed. α_t scales each \
             gradient as it enters v; PyTorch and optax use v ← μ v + g, w ← w − α_t v instead, which \
             differs only when a schedule changes α.",
        )
        .with(&[MOMENTUM]),
        Choice::new(
            "adam",
            "Adam",
            "Steps by the running mean of g over the root of the running mean of g².",
        )
        .with(&[BETA1, BETA2, EPSILON]),
        Choice::new(
            "rmsprop",
            "RMSProp",
            "v ← ρ v + (1 − ρ) g², w ← w − α g / (√v + ε), with ε outside the root and v starting at 0: \
             steps by g over the root of the running mean of g².",
        )
        .with(&[DECAY, EPSILON]),
        Choice::new(
            "adagrad",
            "AdaGrad",
            "v ← v + g², w ← w − α g / (√v + ε), with ε outside the root and v starting at 0: each \
             weight's steps shrink as its squared gradients add up.",
        )
        .with(&[EPSILON]),
    ];

    /// The table entry of `optimizer` (its default is [`Optimizer::default`]'s id).
    pub const PARAM: Param = Param::new(
        "optimizer",
        "Optimizer",
        "",
        "How a gradient becomes a weight update.",
        Kind::Choice(Choices {
            choices: Optimizer::CHOICES,
            default: Some("sgd"),
            tagged: true,
            optional: false,
        }),
    );

    /// The rule as text for a parameter matrix `W` with gradient `∂E/∂W` and learning
    /// rate `α` (squares, roots and divisions act entry by entry; `t` is the number of
    /// the update), with the rule's coefficients:
    ///
    /// - SGD: `W ← W − α ∂E/∂W`;
    /// - momentum: `V ← μ V − α ∂E/∂W`, `W ← W + V`;
    /// - Adam: `M ← β₁ M + (1 − β₁) ∂E/∂W`, `V ← β₂ V + (1 − β₂) (∂E/∂W)²`,
    ///   `W ← W − α (M / (1 − β₁ᵗ)) / (√(V / (1 − β₂ᵗ)) + ε)`;
    /// - RMSProp: `V ← ρ V + (1 − ρ) (∂E/∂W)²`, `W ← W − α ∂E/∂W / (√V + ε)`;
    /// - AdaGrad: `V ← V + (∂E/∂W)²`, `W ← W − α ∂E/∂W / (√V + ε)`.
    pub fn rule_text(&self) -> String {
        match *self {
            Optimizer::Sgd => "W ← W − α ∂E/∂W".to_string(),
            Optimizer::Momentum { momentum } => {
                format!("V ← μ V − α ∂E/∂W, W ← W + V (μ = {})", number(momentum))
            }
            Optimizer::Adam { beta1, beta2, epsilon } => format!(
                "M ← β₁ M + (1 − β₁) ∂E/∂W, V ← β₂ V + (1 − β₂) (∂E/∂W)², \
                 W ← W − α (M / (1 − β₁ᵗ)) / (√(V / (1 − β₂ᵗ)) + ε) (β₁ = {}, β₂ = {}, ε = {})",
                number(beta1),
                number(beta2),
                number(epsilon)
            ),
            Optimizer::RmsProp { decay, epsilon } => format!(
                "V ← ρ V + (1 − ρ) (∂E/∂W)², W ← W − α ∂E/∂W / (√V + ε) (ρ = {}, ε = {})",
                number(decay),
                number(epsilon)
            ),
            Optimizer::AdaGrad { epsilon } => {
                format!("V ← V + (∂E/∂W)², W ← W − α ∂E/∂W / (√V + ε) (ε = {})", number(epsilon))
            }
        }
    }

    /// Whether the rule keeps a first slot of memory per parameter: the velocity
    /// (momentum) or the mean of the gradients (Adam).
    fn uses_first(&self) -> bool {
        matches!(self, Optimizer::Momentum { .. } | Optimizer::Adam { .. })
    }

    /// Whether the rule keeps a second slot of memory per parameter: the (running
    /// mean or sum of the) squared gradients `v` (Adam, RMSProp, AdaGrad).
    fn uses_second(&self) -> bool {
        matches!(self, Optimizer::Adam { .. } | Optimizer::RmsProp { .. } | Optimizer::AdaGrad { .. })
    }
}

/// A coefficient for a rule's text: plain decimals, and exponent form below 0.001
/// (`1e-8` rather than `0.00000001`).
pub(crate) fn number(x: f64) -> String {
    if x != 0.0 && x.abs() < 1e-3 {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// An optimizer at work: its rule together with the per-parameter memory the rule
/// keeps between updates, one matrix per parameter block (weight matrix or bias
/// row), allocated once in [`Updater::new`].
#[derive(Clone, Debug)]
pub struct Updater<T: Real> {
    /// The update rule and its coefficients.
    rule: Optimizer,
    /// Velocity (momentum) or first moment `m` (Adam), per block; empty otherwise.
    first: Vec<DMatrix<T>>,
    /// Squared-gradient memory `v` (Adam, RMSProp, AdaGrad), per block; empty otherwise.
    second: Vec<DMatrix<T>>,
    /// Number of updates begun so far (Adam's `t`).
    steps: u64,
}

impl<T: Real> Updater<T> {
    /// An updater applying `rule` to parameter blocks of the given shapes
    /// `(rows, columns)`, with its memory at zero. Block `i` of [`Updater::update`]
    /// is `shapes[i]`.
    pub fn new(rule: Optimizer, shapes: &[(usize, usize)]) -> Self {
        let zeros = |on: bool| -> Vec<DMatrix<T>> {
            if on {
                shapes.iter().map(|&(r, c)| DMatrix::zeros(r, c)).collect()
            } else {
                Vec::new()
            }
        };
        Updater { rule, first: zeros(rule.uses_first()), second: zeros(rule.uses_second()), steps: 0 }
    }

    /// The rule this updater applies.
    pub fn rule(&self) -> Optimizer {
        self.rule
    }

    /// Updates begun so far, `t`.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Marks the start of one update of all blocks: `t <- t + 1` (Adam's bias
    /// corrections use `t`).
    pub fn begin_step(&mut self) {
        self.steps += 1;
    }

    /// Applies one update to parameter block number `block` given its gradient `g`,
    /// with learning rate `alpha`:
    ///
    /// - SGD: `w <- w - alpha g`;
    /// - momentum: `v <- mu v - alpha g`, `w <- w + v`;
    /// - Adam: `m <- b1 m + (1 - b1) g`, `v <- b2 v + (1 - b2) g^2`,
    ///   `w <- w - alpha (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)`;
    /// - RMSProp: `v <- rho v + (1 - rho) g^2`, `w <- w - alpha g / (sqrt(v) + eps)`;
    /// - AdaGrad: `v <- v + g^2`, `w <- w - alpha g / (sqrt(v) + eps)`.
    ///
    /// `params` and `gradient` must have the shape given for `block` in [`Updater::new`].
    pub fn update(
        &mut self,
        block: usize,
        learning_rate: f64,
        params: &mut DMatrix<T>,
        gradient: &DMatrix<T>,
    ) {
        let first = self.first.get_mut(block).map_or(&mut [][..], |m| m.as_mut_slice());
        let second = self.second.get_mut(block).map_or(&mut [][..], |m| m.as_mut_slice());
        apply(
            self.rule,
            self.steps,
            learning_rate,
            params.as_mut_slice(),
            gradient.as_slice(),
            first,
            second,
        );
    }

    /// [`Updater::update`] for parameters laid out elsewhere (the row-major layout of
    /// small-batch training), with the rule's memory laid out the same way and kept by
    /// the caller: `params`, `gradient` and each memory slice the rule uses
    /// ([`Updater::uses_memory`]) have equal lengths, entry `i` of each belonging to the
    /// same parameter. Each entry is updated exactly as [`Updater::update`] updates it
    /// (the same operations in the same order, so equal bits), and entries whose
    /// gradient and memory are zero stay as they are.
    pub fn update_slices(
        &self,
        learning_rate: f64,
        params: &mut [T],
        gradient: &[T],
        first: &mut [T],
        second: &mut [T],
    ) {
        apply(self.rule, self.steps, learning_rate, params, gradient, first, second);
    }

    /// Which memory slots the rule keeps: the first (velocity or Adam's `M`) and the
    /// second (the squared gradients' `V`).
    pub fn uses_memory(&self) -> (bool, bool) {
        (self.rule.uses_first(), self.rule.uses_second())
    }

    /// The memory of parameter block `block`, to read: the first and second slot, each
    /// empty when the rule keeps no such slot.
    pub fn memory(&self, block: usize) -> (&[T], &[T]) {
        let first = self.first.get(block).map_or(&[][..], |m| m.as_slice());
        let second = self.second.get(block).map_or(&[][..], |m| m.as_slice());
        (first, second)
    }

    /// The memory of parameter block `block`, to overwrite (see [`Updater::memory`]).
    pub fn memory_mut(&mut self, block: usize) -> (&mut [T], &mut [T]) {
        let first = self.first.get_mut(block).map_or(&mut [][..], |m| m.as_mut_slice());
        let second = self.second.get_mut(block).map_or(&mut [][..], |m| m.as_mut_slice());
        (first, second)
    }
}

/// One update of `rule` after `steps` updates begun, entry by entry over `params` and
/// `gradient` with the memory slices `first`/`second` (empty when the rule keeps no
/// such slot): the one definition of every rule, whatever the layout of the parameters.
fn apply<T: Real>(
    rule: Optimizer,
    steps: u64,
    learning_rate: f64,
    params: &mut [T],
    gradient: &[T],
    first: &mut [T],
    second: &mut [T],
) {
    let alpha = T::of(learning_rate);
    match rule {
        Optimizer::Sgd => {
            for (w, &g) in params.iter_mut().zip(gradient) {
                *w -= alpha * g;
            }
        }
        Optimizer::Momentum { momentum } => {
            let mu = T::of(momentum);
            for ((w, &g), v) in params.iter_mut().zip(gradient).zip(first) {
                *v = mu * *v - alpha * g;
                *w += *v;
            }
        }
        Optimizer::Adam { beta1, beta2, epsilon } => {
            let t = steps.min(i32::MAX as u64) as i32;
            let c1 = T::of(1.0 / (1.0 - beta1.powi(t)));
            let c2 = T::of(1.0 / (1.0 - beta2.powi(t)));
            // Each coefficient is formed in f64 and rounded once: `1 − β` from a β
            // already rounded to f32 is off by up to 1.3e-5 relative (β₂ = 0.999).
            let (b1, b2, eps) = (T::of(beta1), T::of(beta2), T::of(epsilon));
            let (keep1, keep2) = (T::of(1.0 - beta1), T::of(1.0 - beta2));
            for (((w, &g), m), v) in params.iter_mut().zip(gradient).zip(first).zip(second) {
                *m = b1 * *m + keep1 * g;
                *v = b2 * *v + keep2 * g * g;
                *w -= alpha * (*m * c1) / ((*v * c2).sqrt() + eps);
            }
        }
        Optimizer::RmsProp { decay, epsilon } => {
            let (rho, keep, eps) = (T::of(decay), T::of(1.0 - decay), T::of(epsilon));
            for ((w, &g), v) in params.iter_mut().zip(gradient).zip(second) {
                *v = rho * *v + keep * g * g;
                *w -= alpha * g / (v.sqrt() + eps);
            }
        }
        Optimizer::AdaGrad { epsilon } => {
            let eps = T::of(epsilon);
            for ((w, &g), v) in params.iter_mut().zip(gradient).zip(second) {
                *v += g * g;
                *w -= alpha * g / (v.sqrt() + eps);
            }
        }
    }
}

/// An updater's memory, to save with a run and restore later: `t` and the per-block
/// matrices of [`Updater`] (`first`: velocity `V` or Adam's `M`; `second`: the squared
/// gradients' `V`), each list empty when the rule keeps no such slot. Restoring it gives
/// the very next update the one the saved updater would have made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdaterState<T: Real> {
    /// Updates begun so far, `t` (Adam's bias corrections `1 - b^t` use it).
    pub steps: u64,
    /// Velocity (momentum) or first moment `m` (Adam), one matrix per parameter block.
    pub first: Vec<DMatrix<T>>,
    /// Squared-gradient memory `v` (Adam, RMSProp, AdaGrad), one matrix per block.
    pub second: Vec<DMatrix<T>>,
}

impl<T: Real> Updater<T> {
    /// A copy of the memory, to save.
    pub fn state(&self) -> UpdaterState<T> {
        UpdaterState { steps: self.steps, first: self.first.clone(), second: self.second.clone() }
    }

    /// Restores memory saved by [`Updater::state`] of an updater with the same rule and
    /// shapes. Refuses (and changes nothing) when a slot is missing or extra, a shape
    /// differs, a value is NaN or infinite, or a squared-gradient entry is negative
    /// (its square root would be NaN).
    pub fn restore(&mut self, state: &UpdaterState<T>) -> Result<(), String> {
        for (name, mine, saved) in
            [("first", &self.first, &state.first), ("second", &self.second, &state.second)]
        {
            if mine.len() != saved.len() {
                return Err(format!(
                    "the optimizer's {name} memory has {} blocks, {} expected for {}",
                    saved.len(),
                    mine.len(),
                    self.rule.rule_text()
                ));
            }
            for (block, (m, s)) in mine.iter().zip(saved).enumerate() {
                if m.shape() != s.shape() {
                    return Err(format!(
                        "block {block} of the optimizer's {name} memory is {:?}, {:?} expected",
                        s.shape(),
                        m.shape()
                    ));
                }
                if !s.iter().all(|v| v.to_f64().is_finite()) {
                    return Err(format!("block {block} of the optimizer's {name} memory is not finite"));
                }
            }
        }
        if state.second.iter().flat_map(|m| m.iter()).any(|v| v.to_f64() < 0.0) {
            return Err("the optimizer's squared-gradient memory has a negative entry".to_string());
        }
        for (m, s) in self.first.iter_mut().zip(&state.first).chain(self.second.iter_mut().zip(&state.second))
        {
            m.copy_from(s);
        }
        self.steps = state.steps;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    const ALPHA: f64 = 0.1;

    /// Parameters `w` and two gradients `g1`, `g2` (2 x 2, one entry of `g1` zero).
    fn block() -> (DMatrix<f64>, DMatrix<f64>, DMatrix<f64>) {
        (
            DMatrix::from_row_slice(2, 2, &[1.0, -2.0, 0.5, 3.0]),
            DMatrix::from_row_slice(2, 2, &[0.5, -1.0, 2.0, 0.0]),
            DMatrix::from_row_slice(2, 2, &[1.0, 1.0, -2.0, 0.5]),
        )
    }

    /// `w` after each of the two updates with `rule`.
    fn two_steps(rule: Optimizer) -> [DMatrix<f64>; 2] {
        let (mut w, g1, g2) = block();
        let mut updater: Updater<f64> = Updater::new(rule, &[(2, 2)]);
        updater.begin_step();
        updater.update(0, ALPHA, &mut w, &g1);
        let first = w.clone();
        updater.begin_step();
        updater.update(0, ALPHA, &mut w, &g2);
        [first, w]
    }

    /// Asserts `got` equals the row-major `expected` within `tolerance`.
    fn assert_near(got: &DMatrix<f64>, expected: [f64; 4], tolerance: f64) {
        let want = DMatrix::from_row_slice(2, 2, &expected);
        let error = (got - &want).abs().max();
        assert!(error < tolerance, "got {got}, expected {want}");
    }

    #[test]
    fn sgd_steps_against_the_gradient() {
        // w - 0.1 g1, then - 0.1 g2.
        let [a, b] = two_steps(Optimizer::Sgd);
        assert_near(&a, [0.95, -1.9, 0.3, 3.0], 1e-12);
        assert_near(&b, [0.85, -2.0, 0.5, 2.95], 1e-12);
    }

    #[test]
    fn momentum_keeps_part_of_the_last_step() {
        // v1 = -0.1 g1 = [-0.05, 0.1; -0.2, 0]; v2 = 0.9 v1 - 0.1 g2 = [-0.145, -0.01; 0.02, -0.05].
        let [a, b] = two_steps(Optimizer::Momentum { momentum: 0.9 });
        assert_near(&a, [0.95, -1.9, 0.3, 3.0], 1e-12);
        assert_near(&b, [0.805, -1.91, 0.32, 2.95], 1e-12);
    }

    #[test]
    fn adam_first_step_is_the_learning_rate_times_the_sign() {
        // t = 1: m^ = 0.1 g / (1 - 0.9) = g, v^ = 0.001 g^2 / (1 - 0.999) = g^2, so the
        // step is alpha g / (|g| + eps) = 0.1 sign(g) (0 where g = 0).
        let [a, _] = two_steps(Optimizer::Adam { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
        assert_near(&a, [0.9, -1.9, 0.4, 3.0], 1e-7);
    }

    #[test]
    fn rmsprop_matches_a_hand_computation() {
        let [a, b] = two_steps(Optimizer::RmsProp { decay: 0.9, epsilon: 1e-8 });
        // Step 1: v = 0.1 g1^2 = [0.025, 0.1; 0.4, 0], so each step is
        // 0.1 g / (sqrt(0.1) |g|) = sqrt(0.1) sign(g), and nothing where g = 0.
        let s = 0.1f64.sqrt();
        assert_near(&a, [1.0 - s, -2.0 + s, 0.5 - s, 3.0], 1e-6);
        // Step 2: v = 0.9 v + 0.1 g2^2 = [0.1225, 0.19; 0.76, 0.025];
        // w -= 0.1 g2 / sqrt(v) = [0.1 / 0.35, 0.1 / sqrt(0.19); -0.2 / sqrt(0.76), 0.05 / sqrt(0.025)].
        let expected =
            [1.0 - s - 0.1 / 0.35, -2.0 + s - 0.1 / 0.19f64.sqrt(), 0.5 - s + 0.2 / 0.76f64.sqrt(), 3.0 - s];
        assert_near(&b, expected, 1e-6);
        assert_near(&b, [0.398058, -1.913188, 0.413188, 2.683772], 1e-6);
    }

    #[test]
    fn adagrad_matches_a_hand_computation() {
        let [a, b] = two_steps(Optimizer::AdaGrad { epsilon: 1e-8 });
        // Step 1: v = g1^2, so each step is 0.1 g / |g| = 0.1 sign(g), nothing where g = 0.
        assert_near(&a, [0.9, -1.9, 0.4, 3.0], 1e-7);
        // Step 2: v = g1^2 + g2^2 = [1.25, 2; 8, 0.25]; w -= 0.1 g2 / sqrt(v).
        let expected = [
            0.9 - 0.1 / 1.25f64.sqrt(),
            -1.9 - 0.1 / 2.0f64.sqrt(),
            0.4 + 0.2 / 8.0f64.sqrt(),
            3.0 - 0.05 / 0.5,
        ];
        assert_near(&b, expected, 1e-7);
        assert_near(&b, [0.810557, -1.970711, 0.470711, 2.9], 1e-6);
    }

    /// The 20 gradients of one entry: deterministic, of both signs, over five decades.
    fn gradients() -> Vec<f32> {
        (0..20u32).map(|t| ((t * 37 % 11) as f32 - 5.0) * 10f32.powi(t as i32 % 5 - 3) + 1e-4).collect()
    }

    /// The weight change of each of 20 steps of `rule`, computed by hand in f64 from
    /// the rule's equations with the coefficients as given (not rounded to f32).
    fn changes_by_hand(rule: Optimizer) -> Vec<f64> {
        let (mut first, mut second) = (0.0f64, 0.0f64);
        let mut changes = Vec::new();
        for (t, g) in gradients().into_iter().enumerate() {
            let (g, t) = (f64::from(g), t as i32 + 1);
            let change = match rule {
                Optimizer::Sgd => -ALPHA * g,
                Optimizer::Momentum { momentum } => {
                    first = momentum * first - ALPHA * g;
                    first
                }
                Optimizer::Adam { beta1, beta2, epsilon } => {
                    first = beta1 * first + (1.0 - beta1) * g;
                    second = beta2 * second + (1.0 - beta2) * g * g;
                    let (m, v) = (first / (1.0 - beta1.powi(t)), second / (1.0 - beta2.powi(t)));
                    -ALPHA * m / (v.sqrt() + epsilon)
                }
                Optimizer::RmsProp { decay, epsilon } => {
                    second = decay * second + (1.0 - decay) * g * g;
                    -ALPHA * g / (second.sqrt() + epsilon)
                }
                Optimizer::AdaGrad { epsilon } => {
                    second += g * g;
                    -ALPHA * g / (second.sqrt() + epsilon)
                }
            };
            changes.push(change);
        }
        changes
    }

    #[test]
    fn f32_updates_match_the_rules_in_f64_to_a_few_ulps() {
        let rules = [
            Optimizer::Sgd,
            Optimizer::Momentum { momentum: 0.9 },
            Optimizer::Adam { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
            Optimizer::Adam { beta1: 0.95, beta2: 0.99999, epsilon: 1e-7 },
            Optimizer::RmsProp { decay: 0.999, epsilon: 1e-8 },
            Optimizer::RmsProp { decay: 0.9, epsilon: 1e-8 },
            Optimizer::AdaGrad { epsilon: 1e-8 },
        ];
        for rule in rules {
            let mut updater: Updater<f32> = Updater::new(rule, &[(1, 1)]);
            for (t, (g, expected)) in gradients().into_iter().zip(changes_by_hand(rule)).enumerate() {
                // The weight starts each step at 0, so after the update it is exactly
                // the change the f32 rule made (no rounding against a larger weight).
                let mut w = DMatrix::zeros(1, 1);
                updater.begin_step();
                updater.update(0, ALPHA, &mut w, &DMatrix::from_element(1, 1, g));
                let change = f64::from(w[(0, 0)]);
                let ulps = (change - expected).abs() / (expected.abs() * f64::from(f32::EPSILON));
                assert!(ulps <= 8.0, "{rule:?} step {}: {change:e} vs {expected:e}, {ulps:.1} ulps", t + 1);
            }
        }
    }

    #[test]
    fn rule_texts_name_the_rule_and_its_coefficients() {
        assert_eq!(Optimizer::Sgd.rule_text(), "W ← W − α ∂E/∂W");
        assert_eq!(
            Optimizer::Momentum { momentum: 0.9 }.rule_text(),
            "V ← μ V − α ∂E/∂W, W ← W + V (μ = 0.9)"
        );
        let adam = Optimizer::Adam { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }.rule_text();
        assert!(adam.contains("(1 − β₁ᵗ)") && adam.ends_with("(β₁ = 0.9, β₂ = 0.999, ε = 1e-8)"), "{adam}");
        let rms = Optimizer::RmsProp { decay: 0.95, epsilon: 1e-6 }.rule_text();
        assert!(
            rms.starts_with("V ← ρ V + (1 − ρ) (∂E/∂W)²") && rms.ends_with("(ρ = 0.95, ε = 1e-6)"),
            "{rms}"
        );
        let ada = Optimizer::AdaGrad { epsilon: 1e-8 }.rule_text();
        assert_eq!(ada, "V ← V + (∂E/∂W)², W ← W − α ∂E/∂W / (√V + ε) (ε = 1e-8)");
    }

    #[test]
    fn an_updater_keeps_only_the_memory_its_rule_needs() {
        let shapes = [(3, 2), (1, 2)];
        let rules = [
            (Optimizer::Sgd, 0, 0),
            (Optimizer::Momentum { momentum: 0.9 }, 2, 0),
            (Optimizer::Adam { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, 2, 2),
            (Optimizer::RmsProp { decay: 0.9, epsilon: 1e-8 }, 0, 2),
            (Optimizer::AdaGrad { epsilon: 1e-8 }, 0, 2),
        ];
        for (rule, first, second) in rules {
            let u: Updater<f32> = Updater::new(rule, &shapes);
            assert_eq!((u.first.len(), u.second.len()), (first, second), "{rule:?}");
            assert!(u.first.iter().chain(&u.second).zip(shapes.iter().cycle()).all(|(m, &s)| m.shape() == s));
            assert_eq!(u.rule(), rule);
            assert_eq!(u.steps(), 0);
        }
    }

    #[test]
    fn restored_memory_gives_the_same_next_update() {
        let (w0, g1, g2) = block();
        let rules = [
            Optimizer::Momentum { momentum: 0.9 },
            Optimizer::Adam { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
            Optimizer::RmsProp { decay: 0.9, epsilon: 1e-8 },
            Optimizer::AdaGrad { epsilon: 1e-8 },
        ];
        for rule in rules {
            let mut a: Updater<f64> = Updater::new(rule, &[(2, 2)]);
            let mut w = w0.clone();
            a.begin_step();
            a.update(0, ALPHA, &mut w, &g1);
            let mut b: Updater<f64> = Updater::new(rule, &[(2, 2)]);
            b.restore(&a.state()).expect("same rule and shapes");
            let mut w_b = w.clone();
            for (u, w) in [(&mut a, &mut w), (&mut b, &mut w_b)] {
                u.begin_step();
                u.update(0, ALPHA, w, &g2);
            }
            assert_eq!(w, w_b, "{rule:?}");
            assert_eq!(b.steps(), 2);
        }
    }

    #[test]
    fn memory_that_does_not_fit_is_refused() {
        let adam = Optimizer::Adam { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
        let mut u: Updater<f32> = Updater::new(adam, &[(2, 2)]);
        let good = u.state();
        let mut wrong_shape = good.clone();
        wrong_shape.first[0] = DMatrix::zeros(2, 3);
        let mut missing = good.clone();
        missing.second.clear();
        let mut negative = good.clone();
        negative.second[0][(1, 1)] = -1.0;
        let mut nan = good.clone();
        nan.first[0][(0, 1)] = f32::NAN;
        for (state, expected) in
            [(wrong_shape, "(2, 3)"), (missing, "0 blocks"), (negative, "negative"), (nan, "not finite")]
        {
            let err = u.restore(&state).expect_err(expected);
            assert!(err.contains(expected), "{expected:?} not in {err}");
        }
        assert!(u.restore(&good).is_ok());
        let mut sgd: Updater<f32> = Updater::new(Optimizer::Sgd, &[(2, 2)]);
        assert!(sgd.restore(&good).is_err(), "Adam's memory does not fit plain gradient descent");
    }

    #[test]
    fn new_rules_read_their_ids_and_defaults_from_the_table() {
        let rms: Optimizer = serde_json::from_str(r#"{"kind": "rmsprop"}"#).expect("rmsprop");
        assert_eq!(rms, Optimizer::RmsProp { decay: 0.9, epsilon: 1e-8 });
        let ada: Optimizer = serde_json::from_str(r#"{"kind": "adagrad"}"#).expect("adagrad");
        assert_eq!(ada, Optimizer::AdaGrad { epsilon: 1e-8 });
        assert_eq!(serde_json::to_value(rms).expect("json")["kind"], "rmsprop");
        assert_eq!(serde_json::to_value(ada).expect("json")["kind"], "adagrad");
        let ids: Vec<&str> = Optimizer::CHOICES.iter().map(|c| c.id).collect();
        assert_eq!(ids, ["sgd", "momentum", "adam", "rmsprop", "adagrad"]);
        let rejected = [
            (r#"{"optimizer": {"kind": "rmsprop", "decay": 1}}"#, "optimizer.decay"),
            (r#"{"optimizer": {"kind": "rmsprop", "decay": -0.1}}"#, "optimizer.decay"),
            (r#"{"optimizer": {"kind": "adagrad", "epsilon": 0}}"#, "optimizer.epsilon"),
            (r#"{"optimizer": {"kind": "adagrad", "decay": 0.9}}"#, "config"),
        ];
        for (json, field) in rejected {
            let err = Config::from_json(json).expect_err(json);
            assert_eq!(err.field_name(), Some(field), "{json}: {err}");
        }
    }
}
