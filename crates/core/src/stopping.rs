//! Stopping conditions: when training ends on its own.

use crate::param::{Number, Param};
use serde::{Deserialize, Serialize};

/// Stopping conditions, any combination; each is off when `None`.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Stopping {
    /// Stop after this many epochs.
    pub max_epochs: Option<u64>,
    /// Stop after this much training time, in seconds: wall-clock time while the run
    /// plays, pauses excluded (see `Trainer::train`).
    pub time_limit_seconds: Option<f64>,
    /// Stop when the training loss falls below `E_min`.
    pub min_train_loss: Option<f64>,
    /// Early stopping: stop when the test (validation) loss has not improved for this
    /// many epochs, and restore the weights of the best epoch.
    pub patience: Option<u64>,
    /// Stop when no weight or bias changed by more than this during an epoch
    /// (`max |Delta w| < Delta_min`).
    pub min_weight_change: Option<f64>,
}

impl Stopping {
    /// The table entry of `max_epochs`.
    pub const MAX_EPOCHS: Param = Param::number(
        "stopping.max_epochs",
        "Max epochs",
        "",
        "Stop after this many epochs.",
        Number::off(1.0, None, 1000.0).integer(),
    );
    /// The table entry of `time_limit_seconds`.
    pub const TIME_LIMIT: Param = Param::number(
        "stopping.time_limit_seconds",
        "Time limit (s)",
        "s",
        "Stop after this much training time while playing (pauses do not count).",
        Number::off(0.0, None, 10.0).above_min().step(0.1),
    );
    /// The table entry of `min_train_loss`.
    pub const MIN_TRAIN_LOSS: Param = Param::number(
        "stopping.min_train_loss",
        "Training loss < E_min",
        "",
        "Stop when the training loss falls below E_min.",
        Number::off(0.0, None, 0.01).above_min(),
    );
    /// The table entry of `patience`.
    pub const PATIENCE: Param = Param::number(
        "stopping.patience",
        "Early stop: patience (epochs)",
        "epochs",
        "Stop when the test loss has not improved for this many epochs, and restore the best weights.",
        Number::off(1.0, None, 100.0).integer(),
    );
    /// The table entry of `min_weight_change`.
    pub const MIN_WEIGHT_CHANGE: Param = Param::number(
        "stopping.min_weight_change",
        "Max |Δw| < Δ_min",
        "",
        "Stop when no weight changed by more than Δ_min in an epoch.",
        Number::off(0.0, None, 0.00001).above_min(),
    );
}

/// Why training stopped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StopReason {
    /// The epoch limit was reached.
    MaxEpochs {
        /// The limit.
        epochs: u64,
    },
    /// The time limit was reached.
    TimeLimit {
        /// The limit in seconds.
        seconds: f64,
    },
    /// The training loss fell below the threshold.
    MinTrainLoss {
        /// The training loss when it stopped.
        loss: f64,
    },
    /// The test loss stopped improving; the best weights were restored.
    EarlyStopping {
        /// The epoch whose weights were restored.
        best_epoch: u64,
        /// Its test loss.
        best_loss: f64,
    },
    /// The weights stopped changing.
    MinWeightChange {
        /// The largest change in the last epoch.
        change: f64,
    },
    /// The loss or a weight became NaN or infinite.
    Diverged {
        /// The epoch at which it was noticed.
        epoch: u64,
    },
}

impl StopReason {
    /// A sentence for the user saying what happened and, for divergence, what to do.
    pub fn message(&self, learning_rate: f64) -> String {
        match self {
            StopReason::MaxEpochs { epochs } => {
                format!("Stopped: reached the limit of {epochs} epochs.")
            }
            StopReason::TimeLimit { seconds } => {
                format!("Stopped: reached the time limit of {seconds} s.")
            }
            StopReason::MinTrainLoss { loss } => {
                format!("Stopped: the training loss {loss:.4} fell below the target E_min.")
            }
            StopReason::EarlyStopping { best_epoch, best_loss } => format!(
                "Stopped early: the test loss has not improved since epoch {best_epoch} \
                 ({best_loss:.4}); its weights were restored."
            ),
            StopReason::MinWeightChange { change } => {
                format!("Stopped: the weights changed by at most {change:.2e} in the last epoch.")
            }
            StopReason::Diverged { epoch } => format!(
                "Training diverged at epoch {epoch}: the loss or a weight became NaN or infinite. \
                 The learning rate {learning_rate} is probably too high; lower it (or pick a \
                 gentler loss or optimizer) and press reset."
            ),
        }
    }
}
