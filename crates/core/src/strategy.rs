//! Presentation strategies: how the training samples are presented in an epoch (one
//! at a time, in mini-batches, or all at once per update).

use crate::limits::MAX_POINTS;
use crate::param::{Choice, Choices, Kind, Number, Param};
use serde::{Deserialize, Serialize};

/// How training samples are presented in an epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Strategy {
    /// Online gradient descent: one sample per update, reshuffled every epoch.
    Online,
    /// Mini-batch gradient descent: batches of `size` samples, reshuffled every epoch
    /// (the last batch of an epoch may be smaller).
    MiniBatch {
        /// Samples per update.
        #[serde(default = "default_batch_size")]
        size: usize,
    },
    /// Batch gradient descent: the whole training set per update.
    FullBatch,
}

impl Default for Strategy {
    fn default() -> Self {
        Strategy::MiniBatch { size: default_batch_size() }
    }
}

/// Samples per mini-batch.
const BATCH_SIZE: Param = Param::number(
    "size",
    "Batch size",
    "",
    "Samples per update; the last batch of an epoch may be smaller.",
    Number::whole(1.0, Some(MAX_POINTS as f64), 10.0).slider_max(30.0),
);

fn default_batch_size() -> usize {
    BATCH_SIZE.spec().value() as usize
}

impl Strategy {
    /// The strategies, for the configuration table.
    pub const CHOICES: &'static [Choice] = &[
        Choice::new("online", "online", "One sample per update, reshuffled every epoch."),
        Choice::new(
            "mini_batch",
            "mini-batch",
            "Batches of `size` samples per update, reshuffled every epoch.",
        )
        .with(&[BATCH_SIZE]),
        Choice::new("full_batch", "full batch", "The whole training set per update."),
    ];

    /// The table entry of `strategy` (its default is [`Strategy::default`]'s id).
    pub const PARAM: Param = Param::new(
        "strategy",
        "Batch",
        "",
        "How samples are presented: one at a time, in mini-batches, or all at once per update.",
        Kind::Choice(Choices {
            choices: Strategy::CHOICES,
            default: Some("mini_batch"),
            tagged: true,
            optional: false,
        }),
    );

    /// Samples per update for a training set of `n` samples.
    pub fn batch_size(&self, n: usize) -> usize {
        match *self {
            Strategy::Online => 1,
            Strategy::MiniBatch { size } => size.clamp(1, n.max(1)),
            Strategy::FullBatch => n.max(1),
        }
    }
}
