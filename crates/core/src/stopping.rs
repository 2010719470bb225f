//! Stopping conditions: when training ends on its own.

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
