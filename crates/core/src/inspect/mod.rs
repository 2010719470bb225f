//! Inside the network: what the page shows of a run beyond its losses, every number
//! computed here.
//!
//! - [`step`]: one training step recorded matrix by matrix in the lecture's batch
//!   form ([`crate::Trainer::record_step`]);
//! - [`activity`]: saturated and dead hidden neurons over the training set, and a
//!   hint when they stall training ([`crate::Trainer::activity`],
//!   [`crate::Trainer::stall_hint`]);
//! - [`hidden_space`]: the training points and the input plane's grid as a hidden
//!   layer sees them ([`crate::Trainer::hidden_space`]), on two neurons or on the
//!   first two principal components ([`pca`]);
//! - [`row_pass`]: one table row through the network, layer by layer
//!   ([`crate::Trainer::row_pass`]);
//! - [`slice`](mod@slice): the output over two input columns of a table, the others held
//!   ([`crate::Trainer::slice`]);
//! - [`matrix`]: the plain row-major [`Matrix`] these records hold, for JSON.

pub mod activity;
pub mod hidden_space;
pub mod matrix;
pub mod pca;
pub mod row_pass;
pub mod slice;
pub mod step;

pub use activity::{ActivityMeasure, ActivityReport, LayerActivity, NeuronActivity};
pub use hidden_space::{Axes, Axis, HiddenSpace};
pub use matrix::Matrix;
pub use row_pass::{RowLayer, RowPass};
pub use slice::{Held, Slice, SliceAxis};
pub use step::{LayerStep, StepRecord};
