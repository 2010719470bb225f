//! # playground-core
//!
//! The model behind the neural-network playground: a multilayer perceptron trained by
//! backpropagation in the batch matrix form of the lecture, with everything needed to
//! define, reproduce and inspect a run. No web dependencies; the `playground-wasm`
//! crate translates this API for the page.
//!
//! - [`Config`] describes a run (data, features, layers, activation, loss, learning
//!   rate, strategy, optimizer, regularization, initialization, stopping) and is
//!   validated once ([`Config::validate`] gives a [`ValidConfig`]); [`Trainer::build`]
//!   turns that into a run.
//! - [`Network`] holds the layers (`W_L`, `b_L`, `f_L`) and does the forward pass
//!   `Xi_L = Y_{L-1} W_L + 1 b_L`, `Y_L = f_L(Xi_L)` and the backward pass
//!   `Delta_L = f'_L(Xi_L) o (Delta_{L+1} W_{L+1}^T)`, `dE/dW_L = Y_{L-1}^T Delta_L`.
//! - [`Trainer`] runs epochs under a presentation strategy, checks stopping conditions
//!   and divergence, and evaluates losses, metrics and the output over the plane.
//!   Each epoch's order of the samples is drawn from the run's shuffle stream
//!   ([`chacha`]: `rand_chacha`'s words, computed with vectors in wasm) as `rand`'s
//!   shuffle draws it, in fewer instructions (`shuffle`).
//! - [`Table`] is a dataset of named columns, numeric or categorical, with a target of
//!   classes or numbers; [`encoding`] codes it as the lecture does (ordinal, one-hot,
//!   min–max, z-score) with statistics from the training split, [`table_csv`] reads
//!   and writes it as CSV, [`builtin`] holds the lecture's and scikit-learn's tables.
//!   The plane's points are the table of columns `x1`, `x2`; both train the same way.
//!   [`own_table`] is a user's own CSV file, named by its [`content_hash`].
//! - [`inspect`] looks inside a run: one training step recorded matrix by matrix
//!   ([`Trainer::record_step`]), saturated and dead neurons ([`Trainer::activity`],
//!   [`Trainer::stall_hint`]) and a layer's view of the data
//!   ([`Trainer::hidden_space`]).
//!
//! Everything random comes from the configuration's seed, so the same configuration
//! gives the same run bit for bit.

pub mod activation;
pub mod builtin;
pub mod chacha;
pub mod challenge;
pub mod config;
pub mod content_hash;
pub mod dataset;
pub mod encoding;
pub mod error;
pub mod evaluation;
pub mod features;
pub mod image;
pub mod init;
pub mod inspect;
pub mod limits;
pub mod loss;
pub mod lstsq;
pub mod matmul;
pub mod metrics;
pub mod model;
pub mod network;
mod noise;
pub mod optimizer;
pub mod own_table;
pub mod param;
pub mod real;
pub mod regularization;
pub mod results;
pub mod schedule;
pub mod schema;
mod shuffle;
pub mod stopping;
pub mod strategy;
pub mod table;
pub mod table_csv;
pub mod table_view;
pub mod train;
pub mod validation;

pub use activation::Activation;
pub use builtin::Builtin;
pub use config::Config;
pub use dataset::{
    parse_csv, to_csv, CsvData, DataConfig, Dataset, Sample, TableChoice, Targets, Task, EXTENT,
};
pub use encoding::{prepare, Encoding, Prepared, TableConfig};
pub use error::{Error, Problem};
pub use features::Feature;
pub use init::Init;
pub use inspect::{Axes, HiddenSpace, LayerActivity, Matrix, NeuronActivity, StepRecord};
pub use loss::Loss;
pub use metrics::{predicted_class, Metrics, OutputFit};
pub use model::Model;
pub use network::{Layer, Network};
pub use optimizer::Optimizer;
pub use own_table::OwnTable;
pub use param::Param;
pub use real::Real;
pub use regularization::Regularization;
pub use schedule::Schedule;
pub use schema::SCHEMA;
pub use stopping::{StopReason, Stopping};
pub use strategy::Strategy;
pub use table::{Column, ColumnKind, Table, Target};
pub use table_csv::{read_table, CsvOptions};
pub use train::{Split, Trainer};
pub use validation::ValidConfig;
