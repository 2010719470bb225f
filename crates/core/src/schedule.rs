//! Learning-rate schedules: the lecture's optional step `alpha_t -> alpha_{t+1}`.

use crate::param::{Choice, Choices, Kind, Number, Param};
use serde::{Deserialize, Serialize};

const EVERY: Param = Param::number(
    "every",
    "every",
    "epochs",
    "Epochs between two drops of α.",
    Number::whole(1.0, None, 100.0),
);
const STEP_FACTOR: Param = Param::number(
    "factor",
    "factor",
    "",
    "α is multiplied by this at each drop: α_t = α_0 factor^⌊t / every⌋.",
    Number::new(0.0, Some(1.0), 0.5).above_min().step(0.05),
);
const EXP_FACTOR: Param = Param::number(
    "factor",
    "factor",
    "",
    "α is multiplied by this every epoch: α_t = α_0 factor^t.",
    Number::new(0.0, Some(1.0), 0.999).above_min().step(0.001),
);

fn default_every() -> u64 {
    EVERY.spec().value() as u64
}
fn default_step_factor() -> f64 {
    STEP_FACTOR.spec().value()
}
fn default_exp_factor() -> f64 {
    EXP_FACTOR.spec().value()
}

/// How the learning rate changes from epoch to epoch.
#[derive(Clone, Copy, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Schedule {
    /// `alpha_t = alpha_0`.
    #[default]
    Constant,
    /// Step decay: `alpha_t = alpha_0 factor^floor(t / every)`.
    StepDecay {
        /// Epochs between drops.
        #[serde(default = "default_every")]
        every: u64,
        /// Multiplier at each drop, in (0, 1].
        #[serde(default = "default_step_factor")]
        factor: f64,
    },
    /// Exponential decay: `alpha_t = alpha_0 factor^t`, i.e. `alpha_{t+1} = factor alpha_t`.
    Exponential {
        /// Multiplier per epoch, in (0, 1].
        #[serde(default = "default_exp_factor")]
        factor: f64,
    },
}

impl Schedule {
    /// The schedules and their parameters, for the configuration table.
    pub const CHOICES: &'static [Choice] = &[
        Choice::new("constant", "constant", "α_t = α_0."),
        Choice::new("step_decay", "step decay", "α_t = α_0 factor^⌊t / every⌋.").with(&[EVERY, STEP_FACTOR]),
        Choice::new("exponential", "exponential", "α_t = α_0 factor^t.").with(&[EXP_FACTOR]),
    ];

    /// The table entry of `schedule` (its default is [`Schedule::default`]'s id).
    pub const PARAM: Param = Param::new(
        "schedule",
        "Learning-rate schedule",
        "",
        "How α changes from epoch to epoch: α_t is set once per epoch t (counting from 0), not per update.",
        Kind::Choice(Choices {
            choices: Schedule::CHOICES,
            default: Some("constant"),
            tagged: true,
            optional: false,
        }),
    );

    /// The learning rate for epoch `epoch` (counting from 0) given the initial rate.
    pub fn rate_at(&self, initial: f64, epoch: u64) -> f64 {
        let whole = |n: u64| n.min(i32::MAX as u64) as i32;
        match *self {
            Schedule::Constant => initial,
            // The drops are counted in u64: `every` may be any whole number from 1 on.
            Schedule::StepDecay { every, factor } => initial * factor.powi(whole(epoch / every.max(1))),
            Schedule::Exponential { factor } => initial * factor.powi(whole(epoch)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_follow_their_formulas() {
        assert_eq!(Schedule::Constant.rate_at(0.1, 500), 0.1);
        let step = Schedule::StepDecay { every: 10, factor: 0.5 };
        assert_eq!(step.rate_at(0.8, 9), 0.8);
        assert_eq!(step.rate_at(0.8, 10), 0.4);
        assert_eq!(step.rate_at(0.8, 25), 0.2);
        let exp = Schedule::Exponential { factor: 0.9 };
        assert!((exp.rate_at(1.0, 2) - 0.81).abs() < 1e-12);
    }

    /// Found by the fuzz tests: `every` was cast to i32, so 2^32 became 0 (a division
    /// by zero, which panics in a release build too), 2^32 - 1 became -1 (a rate that
    /// grew every epoch) and 2^32 + 1 became 1 (a drop every epoch).
    #[test]
    fn step_decay_with_a_huge_period_never_drops_early() {
        for every in [1u64 << 31, (1 << 32) - 1, 1 << 32, (1 << 32) + 1, u64::MAX] {
            let step = Schedule::StepDecay { every, factor: 0.5 };
            for epoch in [0, 1, 10, 1 << 30] {
                assert_eq!(step.rate_at(0.8, epoch), 0.8, "every {every}, epoch {epoch}");
            }
        }
        let step = Schedule::StepDecay { every: 1 << 32, factor: 0.5 };
        assert_eq!(step.rate_at(0.8, 3 << 32), 0.1);
        assert_eq!(Schedule::StepDecay { every: 1, factor: 0.5 }.rate_at(0.8, u64::MAX), 0.0);
    }
}
