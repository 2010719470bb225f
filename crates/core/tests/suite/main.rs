//! The core's integration tests as one binary (one link of the core instead of one per
//! file: most of `cargo test`'s time was compiling those). Each module is a file of
//! tests on one subject; `no_allocation.rs` stays a binary of its own, since its counting
//! allocator would see the other tests' allocations.

mod common;
mod finite_differences;

mod activity;
mod challenges;
mod fuzz;
mod gradient_check;
mod hidden_space;
mod least_squares;
mod own_table;
mod results;
mod resume;
mod step_record;
mod stopping;
mod table_fuzz;
mod table_inside;
mod table_runs;
mod tables;
mod training;
