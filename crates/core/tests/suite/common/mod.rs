//! What several integration tests share: every optimizer (with typical parameters) and
//! every presentation strategy (mini-batches of an odd size, so the last batch of an
//! epoch is short).

use playground_core::{Optimizer, Strategy};

/// Every update rule of the core, with typical parameters.
pub const OPTIMIZERS: [Optimizer; 5] = [
    Optimizer::Sgd,
    Optimizer::Momentum { momentum: 0.9 },
    Optimizer::Adam { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    Optimizer::RmsProp { decay: 0.9, epsilon: 1e-8 },
    Optimizer::AdaGrad { epsilon: 1e-8 },
];

/// Every way of presenting the training set.
pub const STRATEGIES: [Strategy; 3] =
    [Strategy::Online, Strategy::MiniBatch { size: 7 }, Strategy::FullBatch];

/// The data files of the tables read from files, as the page serves them.
pub const IRIS: &str = include_str!("../../../../../www/data/tables/iris.csv");
/// See [`IRIS`].
pub const WINE: &str = include_str!("../../../../../www/data/tables/wine.csv");
/// See [`IRIS`].
pub const BREAST_CANCER: &str = include_str!("../../../../../www/data/tables/breast_cancer.csv");
/// See [`IRIS`].
pub const DIGITS: &str = include_str!("../../../../../www/data/tables/digits.csv");
