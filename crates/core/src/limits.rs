//! The limits of the playground: the largest network, dataset and files it takes, and
//! the bounds on weights. Each is written here once and read by the modules that check
//! it (the table, the dataset, the configuration, model files, the bindings).

/// Most hidden layers.
pub const MAX_HIDDEN_LAYERS: usize = 10;
/// Most neurons in one hidden layer.
pub const MAX_NEURONS: usize = 32;
/// Most points in a dataset.
pub const MAX_POINTS: usize = 2000;
/// Fewest points of a generated dataset.
pub const MIN_POINTS: usize = 10;
/// Fewest points of a dataset of one's own.
pub const MIN_OWN_POINTS: usize = 4;
/// Most classes.
pub const MAX_CLASSES: usize = 6;

/// Largest size of a weight or bias read from a model file or set by hand. A trained
/// network's weights are orders of magnitude smaller; whether a whole network's outputs
/// stay finite is checked separately against [`MAX_OUTPUT_BOUND`].
pub const MAX_WEIGHT: f64 = 1e4;
/// Largest bound on a network's outputs over the plane (`crate::model::output_bound`)
/// that a model file or a hand edit may reach: the outputs and the loss's squares of
/// them stay finite in `f32` (3.4e38) and `f64`.
pub const MAX_OUTPUT_BOUND: f64 = 1e18;
/// Longest CSV text of points read (1 MB): 2000 points take about 115 kB.
pub const MAX_CSV_BYTES: usize = 1_000_000;
/// Longest model file read (1 MB): one with 2000 points of its own takes about 270 kB.
pub const MAX_MODEL_BYTES: usize = 1_000_000;
/// Longest configuration read as JSON (1 MB): one with 2000 points takes about 160 kB.
pub const MAX_CONFIG_BYTES: usize = 1_000_000;

/// Most rows of a table (training and test together).
pub const MAX_TABLE_ROWS: usize = 20_000;
/// Most input columns of a table after encoding (one per one-hot level): the width of
/// the input layer.
pub const MAX_TABLE_INPUTS: usize = 256;
/// Most columns of a table as read (inputs and targets, before encoding).
pub const MAX_TABLE_COLUMNS: usize = 256;
/// Longest CSV text of a table read (5 MB): digits (1,797 rows of 65 columns) takes 265 kB.
pub const MAX_TABLE_BYTES: usize = 5_000_000;
/// Most levels of one categorical column (more are usually names or identifiers).
pub const MAX_LEVELS: usize = 100;
/// Most classes of a table's target (letters has 26).
pub const MAX_TABLE_CLASSES: usize = 32;
/// Most numeric target columns of a table (outputs of multi-output regression).
pub const MAX_TABLE_TARGETS: usize = 16;
/// Largest size of a number in a table: larger values are refused, so every sum of
/// squares in scaling stays finite.
pub const MAX_TABLE_VALUE: f64 = 1e12;
