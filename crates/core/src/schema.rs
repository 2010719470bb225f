//! The table of every configuration parameter: the one place that lists what a field
//! is, which values it takes, where it starts and what it means.
//!
//! Each concept module describes its own fields in the words of [`crate::param`]
//! (`Optimizer::PARAM` with its choices and their parameters, `DataConfig::NOISE`,
//! `Stopping::PATIENCE`, ...); this module only assembles them, in the order the page
//! presents them, and imports nothing that imports it. [`crate::Config::validate`]
//! checks a configuration against this same table, and the bindings hand it to the
//! page, which builds its controls and its link format from it: a bound is written
//! once, beside its concept, and nowhere else.

use crate::activation::Activation;
use crate::config::Config;
use crate::dataset::{DataConfig, EXTENT};
use crate::features::Feature;
use crate::init::Init;
use crate::loss::Loss;
use crate::optimizer::Optimizer;
use crate::param::Param;
use crate::regularization::Regularization;
use crate::schedule::Schedule;
use crate::stopping::Stopping;
use crate::strategy::Strategy;
use serde::Serialize;

/// Every field of a configuration, in the order the page presents them.
pub const PARAMS: &[Param] = &[
    DataConfig::TASK,
    DataConfig::CLASSES,
    DataConfig::TRAIN_FRACTION,
    DataConfig::NOISE,
    DataConfig::POINTS,
    Config::SEED,
    DataConfig::SAMPLES,
    DataConfig::REGRESSION,
    DataConfig::TABLE,
    Feature::PARAM,
    Config::HIDDEN_LAYERS,
    Activation::PARAM,
    Activation::PER_LAYER_PARAM,
    Activation::OUTPUT_PARAM,
    Loss::PARAM,
    Config::LEARNING_RATE,
    Strategy::PARAM,
    Optimizer::PARAM,
    Regularization::PARAM,
    Schedule::PARAM,
    Init::PARAM,
    Stopping::MAX_EPOCHS,
    Stopping::TIME_LIMIT,
    Stopping::MIN_TRAIN_LOSS,
    Stopping::PATIENCE,
    Stopping::MIN_WEIGHT_CHANGE,
];

/// The whole table as the bindings hand it to the page.
#[derive(Serialize)]
pub struct Schema {
    /// Half-width of the input plane: points and grids cover `[-extent, extent]^2`.
    pub extent: f64,
    /// Every field.
    pub params: &'static [Param],
}

/// The table with the plane's extent.
pub const SCHEMA: Schema = Schema { extent: EXTENT, params: PARAMS };

/// The field at `path` of the table.
pub fn param(path: &str) -> Option<&'static Param> {
    PARAMS.iter().find(|p| p.path == path)
}
