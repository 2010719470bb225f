//! Encoding a table as the lecture teaches it: each column becomes one or more inputs,
//! the target becomes the outputs the network should produce.
//!
//! - categorical → ordinal: level `i` of `k` at `-1 + 2 i / (k - 1)` (small / medium /
//!   large → −1 / 0 / 1); one-hot 0/1: one input per level, 1 on the row's level and 0
//!   elsewhere; one-hot ±1: the same with −1 for off (the slide's Red → [1, −1, −1]).
//! - numeric → none `x' = x`; min–max `x' = (x - (max + min) / 2) / ((max - min) / 2)`,
//!   in [−1, 1]; z-score `x' = (x - mean) / sd` (population standard deviation). All
//!   three are `x' = (x - offset) / scale` ([`Scale`]), so the inverse is
//!   `x = offset + scale x'`.
//!
//! [`prepare`] splits the rows (seeded), finds missing cells, constant columns and
//! levels seen only in the test split, handles each as [`TableConfig`] chooses and
//! reports it ([`Issue`], naming column and rows), then fits every statistic on the
//! training rows only and encodes both splits. The result never holds a NaN.

use crate::activation::Activation;
use crate::error::Error;
use crate::limits::MAX_TABLE_INPUTS;
use crate::table::{is_missing, Column, ColumnKind, Table, Target};
use nalgebra::DMatrix;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// How one column becomes inputs (the first three are for categorical columns, the
/// last three for numeric ones).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// One input: level `i` of `k` at `-1 + 2 i / (k - 1)`.
    Ordinal,
    /// One input per level: 1 for the row's level, 0 for the others.
    OneHot,
    /// One input per level: 1 for the row's level, −1 for the others.
    OneHotSigned,
    /// The number as it is: `x' = x`.
    None,
    /// Min–max to [−1, 1]: `x' = (x - (max + min) / 2) / ((max - min) / 2)`.
    MinMax,
    /// Z-score: `x' = (x - mean) / sd`.
    ZScore,
}

impl Encoding {
    /// Whether this encoding is for categorical columns.
    pub fn is_categorical(self) -> bool {
        matches!(self, Encoding::Ordinal | Encoding::OneHot | Encoding::OneHotSigned)
    }

    /// The default for a column: ordinal for ordered levels, one-hot ±1 (the lecture's)
    /// for nominal ones, min–max to [−1, 1] for numbers.
    pub fn default_for(kind: &ColumnKind) -> Encoding {
        match kind {
            ColumnKind::Numeric => Encoding::MinMax,
            ColumnKind::Categorical { ordered: true, .. } => Encoding::Ordinal,
            ColumnKind::Categorical { ordered: false, .. } => Encoding::OneHotSigned,
        }
    }
}

/// What to do with a column that has missing cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingCells {
    /// Drop every row with a missing cell in the column.
    DropRows,
    /// Fill with the training rows' mean (numeric) or most frequent level (categorical).
    #[default]
    Fill,
    /// Drop the column.
    DropColumn,
}

/// What to do with a column that is constant on the training rows (it carries no
/// information, and min–max or z-score would divide by zero).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConstantColumns {
    /// Drop the column.
    #[default]
    Drop,
    /// Keep it: scaled it is 0 (`scale` taken as 1), unscaled its value.
    Keep,
}

/// What to do with a test row whose level never occurs in the training rows (no
/// input was made for it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnseenLevels {
    /// Drop those test rows.
    DropRows,
    /// Treat the level as the training rows' most frequent one.
    #[default]
    MostFrequent,
}

/// How a table is split, cleaned and encoded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TableConfig {
    /// Per input column (by name), an encoding other than its default
    /// ([`Encoding::default_for`]).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub encodings: BTreeMap<String, Encoding>,
    /// Scaling of numeric targets: none, min–max or z-score.
    #[serde(skip_serializing_if = "is_default_scaling")]
    pub target_scaling: Encoding,
    /// Columns with missing cells.
    #[serde(skip_serializing_if = "is_default")]
    pub missing: MissingCells,
    /// Columns constant on the training rows.
    #[serde(skip_serializing_if = "is_default")]
    pub constant: ConstantColumns,
    /// Levels seen only in the test split.
    #[serde(skip_serializing_if = "is_default")]
    pub unseen: UnseenLevels,
    /// Fraction of the rows used for training, in (0, 1).
    #[serde(skip_serializing_if = "is_default_fraction")]
    pub train_fraction: f64,
}

// A table's code is written with only what differs from the defaults, so that a
// configuration (and a link) of a table at its defaults says just which table.
fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

fn is_default_scaling(value: &Encoding) -> bool {
    *value == TableConfig::default().target_scaling
}

fn is_default_fraction(value: &f64) -> bool {
    *value == TableConfig::default().train_fraction
}

impl Default for TableConfig {
    fn default() -> Self {
        TableConfig {
            encodings: BTreeMap::new(),
            target_scaling: Encoding::MinMax,
            missing: MissingCells::default(),
            constant: ConstantColumns::default(),
            unseen: UnseenLevels::default(),
            train_fraction: 0.7,
        }
    }
}

impl TableConfig {
    /// The plane's points as they always trained: `x1`, `x2` and the target as they
    /// are, constant columns kept (the features read `x1` and `x2` by position).
    pub fn plane() -> TableConfig {
        TableConfig {
            encodings: [("x1".to_string(), Encoding::None), ("x2".to_string(), Encoding::None)].into(),
            target_scaling: Encoding::None,
            constant: ConstantColumns::Keep,
            ..TableConfig::default()
        }
    }

    /// The encoding of `column`: the configured one or its default.
    pub fn encoding(&self, column: &Column) -> Encoding {
        self.encodings.get(&column.name).copied().unwrap_or_else(|| Encoding::default_for(&column.kind))
    }

    /// Checks the configuration against `table`: every named column exists and is
    /// given an encoding of its kind, the target scaling is numeric, the fraction in (0, 1).
    pub fn check(&self, table: &Table) -> Result<(), Error> {
        for (name, e) in &self.encodings {
            let Some(c) = table.inputs.iter().find(|c| &c.name == name) else {
                return Err(Error::column(None, name, "no input column has this name"));
            };
            if e.is_categorical() != c.is_categorical() {
                let allowed = if c.is_categorical() {
                    "ordinal, one_hot or one_hot_signed"
                } else {
                    "none, min_max or z_score"
                };
                return Err(Error::column(
                    None,
                    name,
                    format!("cannot be encoded as {e:?}; allowed: {allowed}"),
                ));
            }
        }
        self.check_settings()
    }

    /// The checks that need no table: the target scaling is numeric and the fraction
    /// in (0, 1) (whether each encoding fits its column needs the table:
    /// [`TableConfig::check`]).
    pub fn check_settings(&self) -> Result<(), Error> {
        if self.target_scaling.is_categorical() {
            return Err(Error::field("target_scaling", "must be none, min_max or z_score"));
        }
        if !(self.train_fraction > 0.0 && self.train_fraction < 1.0) {
            return Err(Error::field("train_fraction", "must lie strictly between 0 and 1"));
        }
        Ok(())
    }
}

/// An affine scaling `x' = (x - offset) / scale`, inverse `x = offset + scale x'`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scale {
    /// Subtracted first: 0, the midrange `(max + min) / 2`, or the mean.
    pub offset: f64,
    /// Divided by then: 1, the half-range `(max - min) / 2`, or the standard deviation.
    pub scale: f64,
}

impl Scale {
    /// The identity `x' = x`.
    pub const IDENTITY: Scale = Scale { offset: 0.0, scale: 1.0 };

    /// Fits `encoding` (none, min–max or z-score) to `values` (not empty). A zero
    /// spread (a constant column) gives `scale = 1`, so `x' = x - offset` stays finite.
    pub fn fit(encoding: Encoding, values: &[f64]) -> Scale {
        let n = values.len().max(1) as f64;
        let s = match encoding {
            Encoding::MinMax => {
                let (lo, hi) =
                    values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
                Scale { offset: 0.5 * (lo + hi), scale: 0.5 * (hi - lo) }
            }
            Encoding::ZScore => {
                let mean = values.iter().sum::<f64>() / n;
                let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
                Scale { offset: mean, scale: var.sqrt() }
            }
            _ => Scale::IDENTITY,
        };
        if s.scale > 0.0 && s.scale.is_finite() {
            s
        } else {
            Scale { offset: if s.offset.is_finite() { s.offset } else { 0.0 }, scale: 1.0 }
        }
    }

    /// `x' = (x - offset) / scale`.
    pub fn apply(&self, x: f64) -> f64 {
        (x - self.offset) / self.scale
    }

    /// `x = offset + scale x'`.
    pub fn invert(&self, y: f64) -> f64 {
        self.offset + self.scale * y
    }
}

/// How one input column, as fitted on the training rows, becomes inputs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ColumnCode {
    /// A numeric column: one input `(x - offset) / scale`.
    Numeric {
        /// The column's name.
        name: String,
        /// None, min–max or z-score.
        encoding: Encoding,
        /// Its statistics, from the training rows.
        scale: Scale,
        /// What a missing cell becomes: the training rows' mean.
        fill: f64,
    },
    /// A categorical column: one input (ordinal) or one per slot (one-hot).
    Categorical {
        /// The column's name.
        name: String,
        /// Ordinal, one-hot or one-hot ±1.
        encoding: Encoding,
        /// Every level of the column.
        levels: Vec<String>,
        /// The levels with a place in the code, in order: for ordered levels coded as
        /// ordinal all of them (the order spaces them), otherwise those seen in the
        /// training rows.
        slots: Vec<usize>,
        /// What a missing cell or a level without a slot becomes: the training rows'
        /// most frequent level.
        fill: usize,
    },
}

impl ColumnCode {
    /// Number of inputs this column makes.
    pub fn width(&self) -> usize {
        match self {
            ColumnCode::Categorical {
                encoding: Encoding::OneHot | Encoding::OneHotSigned, slots, ..
            } => slots.len(),
            _ => 1,
        }
    }

    /// The column's name.
    pub fn name(&self) -> &str {
        match self {
            ColumnCode::Numeric { name, .. } | ColumnCode::Categorical { name, .. } => name,
        }
    }

    /// The names of its inputs: the column's name, or for one-hot "column = level".
    pub fn input_names(&self) -> Vec<String> {
        match self {
            ColumnCode::Categorical {
                name,
                encoding: Encoding::OneHot | Encoding::OneHotSigned,
                levels,
                slots,
                ..
            } => slots.iter().map(|&s| format!("{name} = {}", levels[s])).collect(),
            _ => vec![self.name().to_string()],
        }
    }

    /// Writes the code of cell `cell` (a number, or a level's index) into `out`
    /// (`width()` values): `(x - offset) / scale` for a number; for a level at slot `i`
    /// of `k`, `-1 + 2 i / (k - 1)` (ordinal) or on at `i` and off elsewhere (one-hot).
    /// A missing cell, or a level without a slot (seen only outside the training rows),
    /// is coded as the column's `fill`.
    pub fn encode(&self, cell: Option<f64>, out: &mut [f64]) {
        match self {
            ColumnCode::Numeric { scale, fill, .. } => out[0] = scale.apply(cell.unwrap_or(*fill)),
            ColumnCode::Categorical { encoding, slots, fill, .. } => {
                let at = |v: f64| slots.iter().position(|&s| s as f64 == v);
                let slot = cell.and_then(at).or_else(|| at(*fill as f64));
                let k = slots.len();
                match encoding {
                    Encoding::Ordinal => {
                        out[0] = match slot {
                            Some(i) if k > 1 => -1.0 + 2.0 * i as f64 / (k - 1) as f64,
                            _ => 0.0,
                        }
                    }
                    _ => {
                        let off = if *encoding == Encoding::OneHot { 0.0 } else { -1.0 };
                        for (j, o) in out.iter_mut().enumerate().take(k) {
                            *o = if slot == Some(j) { 1.0 } else { off };
                        }
                    }
                }
            }
        }
    }
}

/// One numeric target column's scaling, fitted on the training rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NumberCode {
    /// The column's name.
    pub name: String,
    /// None, min–max or z-score.
    pub encoding: Encoding,
    /// `d' = (d - offset) / scale`; readouts go back with `d = offset + scale y`.
    pub scale: Scale,
}

/// How the target becomes the outputs the network should produce.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TargetCode {
    /// Classes: one output per class, `hi` on the row's class and `lo` elsewhere
    /// (`(lo, hi)` the output activation's range: 0/1 for sigmoid and softmax, −1/1 for
    /// tanh), or one output for two classes (`hi` for the second class).
    Classes {
        /// The target column's name.
        name: String,
        /// The class names.
        classes: Vec<String>,
    },
    /// Numbers: one output per target column, scaled.
    Numbers {
        /// Each column's scaling.
        columns: Vec<NumberCode>,
    },
}

impl TargetCode {
    /// Whether the target is numbers (regression).
    pub fn is_regression(&self) -> bool {
        matches!(self, TargetCode::Numbers { .. })
    }

    /// Outputs of the network for output activation `activation`: the number of
    /// target columns; for classes one per class, except one for two classes unless
    /// the activation is softmax (as [`crate::Config::outputs`] for the plane).
    pub fn outputs(&self, activation: Activation) -> usize {
        match self {
            TargetCode::Classes { classes, .. }
                if classes.len() == 2 && activation != Activation::Softmax =>
            {
                1
            }
            TargetCode::Classes { classes, .. } => classes.len(),
            TargetCode::Numbers { columns } => columns.len(),
        }
    }

    /// The names of the outputs (`outputs` of them): class names, "not c / c" for one
    /// output of two classes, or the target columns' names.
    pub fn output_names(&self, outputs: usize) -> Vec<String> {
        match self {
            TargetCode::Classes { classes, .. } if outputs == 1 && classes.len() == 2 => {
                vec![classes[1].clone()]
            }
            TargetCode::Classes { classes, .. } => classes.clone(),
            TargetCode::Numbers { columns } => columns.iter().map(|c| c.name.clone()).collect(),
        }
    }

    /// Output `j` (a network's output, in training units) in the target's own units:
    /// `offset + scale y` for numbers, `y` for classes.
    pub fn unscale(&self, j: usize, y: f64) -> f64 {
        match self {
            TargetCode::Numbers { columns } => columns.get(j).map_or(y, |c| c.scale.invert(y)),
            TargetCode::Classes { .. } => y,
        }
    }
}

/// The complete code of a table: every kept input column and the target, with the
/// statistics fitted on the training rows (what a model file needs to code raw rows
/// the same way).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Encoder {
    /// The input columns kept, in table order.
    pub inputs: Vec<ColumnCode>,
    /// The target.
    pub target: TargetCode,
}

impl Encoder {
    /// Number of inputs (the input layer's width).
    pub fn width(&self) -> usize {
        self.inputs.iter().map(ColumnCode::width).sum()
    }

    /// The inputs' names, in order ("fur = short" for a one-hot input).
    pub fn input_names(&self) -> Vec<String> {
        self.inputs.iter().flat_map(ColumnCode::input_names).collect()
    }

    /// Writes the inputs of one row into `out` (`width()` values), given its cells in
    /// the order of [`Encoder::inputs`] (each a number or a level's index, `None` when
    /// missing): each column's [`ColumnCode::encode`] side by side.
    pub fn encode_cells(&self, cells: impl Iterator<Item = Option<f64>>, out: &mut [f64]) {
        let mut at = 0;
        for (code, cell) in self.inputs.iter().zip(cells) {
            let w = code.width();
            code.encode(cell, &mut out[at..at + w]);
            at += w;
        }
    }

    /// The inputs of row `row` of `table`, a table with (at least) the columns this
    /// code was fitted on, found by name: how a saved model codes raw rows.
    pub fn encode_row(&self, table: &Table, row: usize) -> Result<Vec<f64>, Error> {
        let mut cells = Vec::with_capacity(self.inputs.len());
        for code in &self.inputs {
            let column = table
                .inputs
                .iter()
                .find(|c| c.name == code.name())
                .ok_or_else(|| Error::column(None, code.name(), "the table has no such column"))?;
            let cell = column
                .cells
                .get(row)
                .ok_or_else(|| Error::whole(format!("the table has no row {}", row + 1)))?;
            cells.push(*cell);
        }
        let mut out = vec![0.0; self.width()];
        self.encode_cells(cells.into_iter(), &mut out);
        Ok(out)
    }

    /// The inputs of one raw row given as text by column name, as a CSV file writes
    /// it (a number, a level's name, or a missing cell: empty, `NA`, `?`, ...): how a
    /// saved model codes a row it never saw. A missing or absent cell, or a level seen
    /// only outside the training rows, is coded as the column's fill; a number that
    /// does not read or a level the column never had is refused, naming the column.
    pub fn encode_raw(&self, row: &BTreeMap<String, String>) -> Result<Vec<f64>, Error> {
        let mut cells = Vec::with_capacity(self.inputs.len());
        for code in &self.inputs {
            let text = row.get(code.name()).map(|t| t.trim()).filter(|t| !is_missing(t));
            let cell = match (code, text) {
                (_, None) => None,
                (ColumnCode::Numeric { .. }, Some(t)) => {
                    let v = t.parse::<f64>().ok().filter(|v| v.is_finite());
                    Some(v.ok_or_else(|| Error::column(None, code.name(), format!("{t:?} is not a number")))?)
                }
                (ColumnCode::Categorical { levels, .. }, Some(t)) => {
                    let i = levels.iter().position(|l| l == t).ok_or_else(|| {
                        Error::column(
                            None,
                            code.name(),
                            format!("{t:?} is not one of its levels ({})", levels.join(", ")),
                        )
                    })?;
                    Some(i as f64)
                }
            };
            cells.push(cell);
        }
        let mut out = vec![0.0; self.width()];
        self.encode_cells(cells.into_iter(), &mut out);
        Ok(out)
    }

    /// A linear network on this code, `y' = x' W + b`, as the same map in the columns'
    /// own units, `y = x A + c`. With numeric input `i` coded `x'_i = (x_i - o_i) / s_i`
    /// and target `j` read back as `y_j = O_j + S_j y'_j`:
    /// `A_ij = S_j W_ij / s_i` and `c_j = O_j + S_j (b_j - sum_i W_ij o_i / s_i)`.
    /// A categorical input's code is its own unit (`o = 0`, `s = 1`); for classes
    /// `O = 0`, `S = 1`. `weights` has a row per input, `bias` one row.
    pub fn linear_in_units(
        &self,
        weights: &DMatrix<f64>,
        bias: &DMatrix<f64>,
    ) -> (DMatrix<f64>, DMatrix<f64>) {
        let input_scales: Vec<Scale> = self
            .inputs
            .iter()
            .flat_map(|c| match c {
                ColumnCode::Numeric { scale, .. } => vec![*scale],
                _ => vec![Scale::IDENTITY; c.width()],
            })
            .collect();
        let output = |j: usize| match &self.target {
            TargetCode::Numbers { columns } => columns.get(j).map_or(Scale::IDENTITY, |c| c.scale),
            TargetCode::Classes { .. } => Scale::IDENTITY,
        };
        let a = DMatrix::from_fn(weights.nrows(), weights.ncols(), |i, j| {
            output(j).scale * weights[(i, j)] / input_scales.get(i).map_or(1.0, |s| s.scale)
        });
        let c = DMatrix::from_fn(1, bias.ncols(), |_, j| {
            let shift: f64 =
                input_scales.iter().enumerate().map(|(i, s)| weights[(i, j)] * s.offset / s.scale).sum();
            output(j).offset + output(j).scale * (bias[(0, j)] - shift)
        });
        (a, c)
    }
}

/// One split, encoded: inputs `X` (a row per kept table row) and the targets (class
/// indices, or the scaled numbers).
#[derive(Clone, Debug, PartialEq)]
pub struct Encoded {
    /// The table rows (0-based) in this split, in order.
    pub rows: Vec<usize>,
    /// `X`: row `r` is the code of table row `rows[r]`.
    pub inputs: DMatrix<f64>,
    /// For classes: each row's class index (empty for numbers).
    pub classes: Vec<usize>,
    /// For numbers: each row's scaled targets (no columns for classes).
    pub values: DMatrix<f64>,
}

/// Something found in the data and how it was handled. Rows are 1-based data rows
/// (the line of a CSV file is one more, for its header).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Issue {
    /// Rows without a target: always dropped.
    MissingTarget {
        /// The target column.
        column: String,
        /// The rows dropped.
        rows: Vec<usize>,
    },
    /// Missing cells in an input column.
    MissingCells {
        /// The column.
        column: String,
        /// The rows with a missing cell.
        rows: Vec<usize>,
        /// What was done.
        action: MissingCells,
        /// The value filled in, when filled.
        fill: Option<String>,
    },
    /// An input column constant on the training rows.
    ConstantColumn {
        /// The column.
        column: String,
        /// Its one value.
        value: String,
        /// What was done.
        action: ConstantColumns,
    },
    /// A level that occurs in test rows only.
    UnseenLevel {
        /// The column.
        column: String,
        /// The level.
        level: String,
        /// The test rows with it.
        rows: Vec<usize>,
        /// What was done.
        action: UnseenLevels,
    },
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |rows: &[usize]| {
            let shown: Vec<String> = rows.iter().take(8).map(|r| r.to_string()).collect();
            let more = if rows.len() > 8 { format!(" and {} more", rows.len() - 8) } else { String::new() };
            format!("{}{more}", shown.join(", "))
        };
        match self {
            Issue::MissingTarget { column, rows } => {
                write!(
                    f,
                    "column \"{column}\" (the target) is missing in rows {}: those rows are dropped",
                    list(rows)
                )
            }
            Issue::MissingCells { column, rows, action, fill } => {
                let what = match (action, fill) {
                    (MissingCells::DropRows, _) => "those rows are dropped".to_string(),
                    (MissingCells::DropColumn, _) => "the column is dropped".to_string(),
                    (MissingCells::Fill, Some(v)) => format!("filled with {v}"),
                    (MissingCells::Fill, None) => {
                        "no training row has a value: the column is dropped".to_string()
                    }
                };
                write!(f, "column \"{column}\" is missing in rows {}: {what}", list(rows))
            }
            Issue::ConstantColumn { column, value, action } => {
                let what = if *action == ConstantColumns::Drop { "dropped" } else { "kept" };
                write!(f, "column \"{column}\" is {value} in every training row: {what}")
            }
            Issue::UnseenLevel { column, level, rows, action } => {
                let what = if *action == UnseenLevels::DropRows {
                    "those rows are dropped"
                } else {
                    "taken as the most frequent level"
                };
                write!(
                    f,
                    "column \"{column}\": level \"{level}\" occurs only in test rows {}: {what}",
                    list(rows)
                )
            }
        }
    }
}

/// A table ready to train on: the table, its code, both splits encoded and what was
/// found in the data.
#[derive(Clone, Debug, PartialEq)]
pub struct Prepared {
    /// The table as read.
    pub table: Table,
    /// How its columns were coded.
    pub encoder: Encoder,
    /// The training split.
    pub train: Encoded,
    /// The test split.
    pub test: Encoded,
    /// Missing cells, constant columns and unseen levels found, with what was done.
    pub issues: Vec<Issue>,
}

/// Splits `table` with `seed` (the rows shuffled, the first `round(n train_fraction)`
/// for training, at least one row on each side) and [`fit`]s it.
pub fn prepare(table: Table, config: &TableConfig, seed: u64) -> Result<Prepared, Error> {
    config.check(&table)?;
    table.check()?;
    let n = table.rows();
    if n < 2 {
        return Err(Error::whole(format!("a table needs at least 2 rows, found {n}")));
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut StdRng::seed_from_u64(seed));
    let n_train = ((n as f64 * config.train_fraction).round() as usize).clamp(1, n - 1);
    let test = order.split_off(n_train);
    fit(table, config, order, test)
}

/// Most frequent value of `values` (ties: the smallest).
fn most_frequent(values: impl Iterator<Item = f64>) -> Option<f64> {
    let mut counts: BTreeMap<u64, (f64, usize)> = BTreeMap::new();
    for v in values {
        counts.entry(v.to_bits()).or_insert((v, 0)).1 += 1;
    }
    let mut best: Option<(f64, usize)> = None;
    for &(v, c) in counts.values() {
        if best.is_none_or(|(bv, bc)| c > bc || (c == bc && v < bv)) {
            best = Some((v, c));
        }
    }
    best.map(|b| b.0)
}

/// Handles missing cells, constant columns and unseen levels as `config` says, fits
/// every statistic on the `train` rows only and encodes `train` and `test` (0-based
/// table rows). Refuses a result with no input, too many inputs
/// ([`MAX_TABLE_INPUTS`]) or no training row left.
pub fn fit(
    mut table: Table,
    config: &TableConfig,
    train: Vec<usize>,
    test: Vec<usize>,
) -> Result<Prepared, Error> {
    config.check(&table)?;
    table.check()?;
    let mut issues = Vec::new();
    let mut dropped = vec![false; table.rows()];
    // Rows without a target.
    let mut no_target: Vec<usize> = Vec::new();
    for (r, d) in dropped.iter_mut().enumerate() {
        if table.target.columns().iter().any(|c| c.cells[r].is_none()) {
            *d = true;
            no_target.push(r + 1);
        }
    }
    if !no_target.is_empty() {
        let column = table
            .target
            .columns()
            .iter()
            .find(|c| c.cells.iter().any(Option::is_none))
            .map(|c| c.name.clone());
        issues.push(Issue::MissingTarget { column: column.unwrap_or_default(), rows: no_target });
    }
    // Missing input cells.
    let mut keep = vec![true; table.inputs.len()];
    for (i, c) in table.inputs.iter_mut().enumerate() {
        let rows: Vec<usize> = (0..c.cells.len()).filter(|&r| !dropped[r] && c.cells[r].is_none()).collect();
        if rows.is_empty() {
            continue;
        }
        let mut action = config.missing;
        let mut fill = None;
        if action == MissingCells::Fill {
            let known = train.iter().filter(|&&r| !dropped[r]).filter_map(|&r| c.cells[r]);
            let value = if c.is_categorical() {
                most_frequent(known)
            } else {
                let v: Vec<f64> = known.collect();
                (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
            };
            match value {
                Some(v) => {
                    for &r in &rows {
                        c.cells[r] = Some(v);
                    }
                    fill = Some(if c.is_categorical() {
                        c.levels()[v as usize].clone()
                    } else {
                        format!("{v}")
                    });
                }
                None => action = MissingCells::DropColumn,
            }
        }
        match action {
            MissingCells::DropRows => rows.iter().for_each(|&r| dropped[r] = true),
            MissingCells::DropColumn => keep[i] = false,
            MissingCells::Fill => {}
        }
        issues.push(Issue::MissingCells {
            column: c.name.clone(),
            rows: rows.iter().map(|r| r + 1).collect(),
            action: config.missing,
            fill,
        });
    }
    let alive = |rows: &[usize], dropped: &[bool]| -> Vec<usize> {
        rows.iter().copied().filter(|&r| !dropped[r]).collect()
    };
    let train_rows = alive(&train, &dropped);
    if train_rows.is_empty() {
        return Err(Error::whole("no training row is left after dropping the rows with missing cells"));
    }
    // Constant columns, and the code of every kept column.
    let mut codes: Vec<ColumnCode> = Vec::new();
    let mut unseen_fill: Vec<(usize, f64)> = Vec::new(); // (input column, level to use)
    for (i, c) in table.inputs.iter().enumerate() {
        if !keep[i] {
            continue;
        }
        let values: Vec<f64> = train_rows.iter().filter_map(|&r| c.cells[r]).collect();
        let Some(&first) = values.first() else {
            keep[i] = false;
            continue;
        };
        if values.iter().all(|&v| v == first) {
            issues.push(Issue::ConstantColumn {
                column: c.name.clone(),
                value: if c.is_categorical() {
                    c.levels()[first as usize].clone()
                } else {
                    format!("{first}")
                },
                action: config.constant,
            });
            if config.constant == ConstantColumns::Drop {
                keep[i] = false;
                continue;
            }
        }
        let encoding = config.encoding(c);
        codes.push(match &c.kind {
            ColumnKind::Numeric => ColumnCode::Numeric {
                name: c.name.clone(),
                encoding,
                scale: Scale::fit(encoding, &values),
                fill: values.iter().sum::<f64>() / values.len() as f64,
            },
            ColumnKind::Categorical { levels, ordered } => {
                let seen: Vec<usize> = (0..levels.len()).filter(|&l| values.contains(&(l as f64))).collect();
                let slots = if *ordered && encoding == Encoding::Ordinal {
                    (0..levels.len()).collect()
                } else {
                    seen
                };
                let fill = most_frequent(values.iter().copied()).unwrap_or(first);
                unseen_fill.push((i, fill));
                ColumnCode::Categorical {
                    name: c.name.clone(),
                    encoding,
                    levels: levels.clone(),
                    slots,
                    fill: fill as usize,
                }
            }
        });
    }
    if codes.is_empty() {
        return Err(Error::whole(
            "no input column is left after dropping constant columns and columns with missing cells",
        ));
    }
    // Levels seen only in the test split.
    let mut code_of = codes.iter();
    for (i, c) in table.inputs.iter_mut().enumerate() {
        if !keep[i] {
            continue;
        }
        let Some(ColumnCode::Categorical { slots, levels, .. }) = code_of.next() else { continue };
        let mut by_level: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &r in test.iter().filter(|&&r| !dropped[r]) {
            if let Some(v) = c.cells[r] {
                if !slots.contains(&(v as usize)) {
                    by_level.entry(v as usize).or_default().push(r);
                }
            }
        }
        let fill = unseen_fill.iter().find(|(j, _)| *j == i).map(|&(_, v)| v);
        for (level, rows) in by_level {
            for &r in &rows {
                match (config.unseen, fill) {
                    (UnseenLevels::MostFrequent, Some(v)) => c.cells[r] = Some(v),
                    _ => dropped[r] = true,
                }
            }
            issues.push(Issue::UnseenLevel {
                column: c.name.clone(),
                level: levels[level].clone(),
                rows: rows.iter().map(|r| r + 1).collect(),
                action: config.unseen,
            });
        }
    }
    let encoder =
        Encoder { inputs: codes, target: fit_target(&table.target, config.target_scaling, &train_rows) };
    let width = encoder.width();
    if width > MAX_TABLE_INPUTS {
        return Err(Error::whole(format!(
            "the encoded table has {width} inputs; at most {MAX_TABLE_INPUTS} are allowed (one-hot makes one input per level)"
        )));
    }
    let kept: Vec<&Column> = table.inputs.iter().zip(&keep).filter(|(_, &k)| k).map(|(c, _)| c).collect();
    let train = encode(&table, &kept, &encoder, train_rows);
    let test = encode(&table, &kept, &encoder, alive(&test, &dropped));
    Ok(Prepared { table, encoder, train, test, issues })
}

/// The target's code, statistics from the training rows `train`.
fn fit_target(target: &Target, scaling: Encoding, train: &[usize]) -> TargetCode {
    match target {
        Target::Classes(c) => TargetCode::Classes { name: c.name.clone(), classes: c.levels().to_vec() },
        Target::Numbers(cs) => TargetCode::Numbers {
            columns: cs
                .iter()
                .map(|c| {
                    let values: Vec<f64> = train.iter().filter_map(|&r| c.cells[r]).collect();
                    NumberCode {
                        name: c.name.clone(),
                        encoding: scaling,
                        scale: Scale::fit(scaling, &values),
                    }
                })
                .collect(),
        },
    }
}

/// Encodes the table rows `rows` (each has every kept cell and the target).
fn encode(table: &Table, kept: &[&Column], encoder: &Encoder, rows: Vec<usize>) -> Encoded {
    let n = rows.len();
    let mut inputs = DMatrix::zeros(n, encoder.width());
    let mut buffer = vec![0.0; encoder.width()];
    for (r, &row) in rows.iter().enumerate() {
        encoder.encode_cells(kept.iter().map(|c| c.cells[row]), &mut buffer);
        for (j, &v) in buffer.iter().enumerate() {
            inputs[(r, j)] = v;
        }
    }
    let (classes, values) = match (&table.target, &encoder.target) {
        (Target::Classes(c), _) => {
            (rows.iter().map(|&r| c.cells[r].unwrap_or(0.0) as usize).collect(), DMatrix::zeros(n, 0))
        }
        (Target::Numbers(cs), TargetCode::Numbers { columns }) => {
            let values = DMatrix::from_fn(n, cs.len(), |r, j| {
                columns[j].scale.apply(cs[j].cells[rows[r]].unwrap_or(0.0))
            });
            (Vec::new(), values)
        }
        (Target::Numbers(cs), _) => (Vec::new(), DMatrix::zeros(n, cs.len())),
    };
    Encoded { rows, inputs, classes, values }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin::animals;
    use crate::evaluation::Data;

    /// `prepared` with every row in training, in table order.
    fn all_train(table: Table, config: &TableConfig) -> Prepared {
        let rows = (0..table.rows()).collect();
        fit(table, config, rows, Vec::new()).expect("fits")
    }

    fn row(m: &DMatrix<f64>, r: usize) -> Vec<f64> {
        m.row(r).iter().copied().collect()
    }

    /// The slide: Size Fur Talks | Cat Dog Parrot Carp, coded −1 0 −1 | 1 −1 −1 −1 etc.
    #[test]
    fn the_slides_rows_give_the_slides_numbers() {
        let mut table = animals::table();
        for c in table.inputs.iter_mut().chain(std::iter::once(match &mut table.target {
            Target::Classes(c) => c,
            Target::Numbers(_) => unreachable!(),
        })) {
            c.cells.truncate(4);
        }
        let p = all_train(table, &TableConfig::default());
        assert_eq!(p.encoder.input_names(), ["size", "fur", "talks"]);
        let x = &p.train.inputs;
        assert_eq!(row(x, 0), [-1.0, 0.0, -1.0], "small, short, no");
        assert_eq!(row(x, 1), [1.0, 1.0, -1.0], "large, long, no");
        assert_eq!(row(x, 2), [-1.0, -1.0, 1.0], "small, none, yes");
        assert_eq!(row(x, 3), [0.0, 0.0, -1.0], "medium, short, no");
        let tanh = Activation::Tanh { steepness: 1.0 };
        let outputs = p.encoder.target.outputs(tanh);
        assert_eq!(p.encoder.target.output_names(outputs), ["cat", "dog", "parrot", "carp"]);
        let d: Data<f64> = Data::from_encoded(&p.train, None, tanh.target_range(), outputs);
        assert_eq!(row(&d.targets, 0), [1.0, -1.0, -1.0, -1.0]);
        assert_eq!(row(&d.targets, 1), [-1.0, 1.0, -1.0, -1.0]);
        assert_eq!(row(&d.targets, 2), [-1.0, -1.0, 1.0, -1.0]);
        assert_eq!(row(&d.targets, 3), [1.0, -1.0, -1.0, -1.0]);
        let d: Data<f64> = Data::from_encoded(&p.train, None, Activation::Softmax.target_range(), 4);
        assert_eq!(row(&d.targets, 2), [0.0, 0.0, 1.0, 0.0], "0/1 for softmax");
    }

    fn colors() -> Table {
        let color = Column::categorical(
            "color",
            &["red", "blue", "green"],
            false,
            &[Some("red"), Some("blue"), Some("green"), Some("red")],
        )
        .expect("levels");
        let size = Column::numeric("size", vec![Some(0.0), Some(10.0), Some(4.0), Some(100.0)]);
        Table {
            inputs: vec![color, size],
            target: Target::Numbers(vec![Column::numeric(
                "price",
                vec![Some(1.0), Some(3.0), Some(2.0), Some(5.0)],
            )]),
        }
    }

    #[test]
    fn one_hot_signed_is_the_slides_red_and_one_hot_is_zero_one() {
        let p = all_train(colors(), &TableConfig::default());
        assert_eq!(p.encoder.input_names(), ["color = red", "color = blue", "color = green", "size"]);
        assert_eq!(row(&p.train.inputs, 0)[..3], [1.0, -1.0, -1.0], "Red → [1, −1, −1]");
        assert_eq!(row(&p.train.inputs, 1)[..3], [-1.0, 1.0, -1.0]);
        assert_eq!(row(&p.train.inputs, 2)[..3], [-1.0, -1.0, 1.0]);
        let mut c = TableConfig::default();
        c.encodings.insert("color".into(), Encoding::OneHot);
        c.encodings.insert("size".into(), Encoding::None);
        let p = all_train(colors(), &c);
        assert_eq!(row(&p.train.inputs, 1), [0.0, 1.0, 0.0, 10.0]);
        c.encodings.insert("color".into(), Encoding::Ordinal);
        let p = all_train(colors(), &c);
        assert_eq!(p.train.inputs.column(0).iter().copied().collect::<Vec<_>>(), [-1.0, 0.0, 1.0, -1.0]);
        c.encodings.insert("size".into(), Encoding::Ordinal);
        assert_eq!(
            prepare(colors(), &c, 1).expect_err("numeric as ordinal").first().column.as_deref(),
            Some("size")
        );
    }

    #[test]
    fn scaling_statistics_come_from_the_training_rows_only() {
        let mut c = TableConfig::default();
        // Training rows 0..3 (sizes 0, 10, 4), test row 3 (size 100).
        let p = fit(colors(), &c, vec![0, 1, 2], vec![3]).expect("fits");
        let ColumnCode::Numeric { scale, .. } = &p.encoder.inputs[1] else { panic!("numeric") };
        assert_eq!(*scale, Scale { offset: 5.0, scale: 5.0 }, "min-max of 0..10, not of 0..100");
        assert_eq!(p.train.inputs.column(3).iter().copied().collect::<Vec<_>>(), [-1.0, 1.0, -0.2]);
        assert_eq!(p.test.inputs[(0, 3)], 19.0, "a test value outside the training range stays outside");
        // The target: min-max of 1..3 on training, inverted for readouts.
        let TargetCode::Numbers { columns } = &p.encoder.target else { panic!("numbers") };
        assert_eq!(columns[0].scale, Scale { offset: 2.0, scale: 1.0 });
        assert_eq!(p.test.values[(0, 0)], 3.0);
        assert_eq!(p.encoder.target.unscale(0, 3.0), 5.0);
        c.encodings.insert("size".into(), Encoding::ZScore);
        let p = fit(colors(), &c, vec![0, 1, 2], vec![3]).expect("fits");
        let ColumnCode::Numeric { scale, .. } = &p.encoder.inputs[1] else { panic!("numeric") };
        let mean: f64 = 14.0 / 3.0;
        let var = ((0.0 - mean).powi(2) + (10.0 - mean).powi(2) + (4.0 - mean).powi(2)) / 3.0;
        assert!((scale.offset - mean).abs() < 1e-12 && (scale.scale - var.sqrt()).abs() < 1e-12, "{scale:?}");
    }

    fn with_gaps() -> Table {
        let a = Column::numeric("a", vec![Some(1.0), None, Some(3.0), Some(5.0), Some(7.0)]);
        let b =
            Column::categorical("b", &["x", "y"], false, &[Some("y"), Some("x"), None, Some("y"), Some("x")])
                .expect("levels");
        let k = Column::numeric("k", vec![Some(2.0); 5]);
        let t = Column::numeric("t", vec![Some(1.0), Some(2.0), Some(3.0), None, Some(5.0)]);
        Table { inputs: vec![a, b, k], target: Target::Numbers(vec![t]) }
    }

    fn texts(p: &Prepared) -> Vec<String> {
        p.issues.iter().map(|i| i.to_string()).collect()
    }

    #[test]
    fn missing_cells_and_constant_columns_are_named_and_handled_as_chosen() {
        let (train, test) = (vec![0, 1, 2, 3], vec![4]);
        // Defaults: fill, drop constant columns; a row without target is always dropped.
        let p = fit(with_gaps(), &TableConfig::default(), train.clone(), test.clone()).expect("fits");
        assert_eq!(p.train.rows, [0, 1, 2], "row 4 (1-based) has no target");
        assert_eq!(p.encoder.input_names(), ["a", "b = x", "b = y"], "k is constant");
        assert_eq!(
            texts(&p),
            [
                "column \"t\" (the target) is missing in rows 4: those rows are dropped",
                "column \"a\" is missing in rows 2: filled with 2",
                "column \"b\" is missing in rows 3: filled with x",
                "column \"k\" is 2 in every training row: dropped",
            ]
        );
        // a: 1, (2), 3 on training: min-max to -1, 0, 1; the test row's 7 is 5.
        assert_eq!(p.train.inputs.column(0).iter().copied().collect::<Vec<_>>(), [-1.0, 0.0, 1.0]);
        assert_eq!(p.test.inputs[(0, 0)], 5.0);
        assert_eq!(row(&p.train.inputs, 2)[1..], [1.0, -1.0], "row 3's b filled with x");

        let c = TableConfig {
            missing: MissingCells::DropRows,
            constant: ConstantColumns::Keep,
            ..TableConfig::default()
        };
        let p = fit(with_gaps(), &c, train.clone(), test.clone()).expect("fits");
        assert_eq!(p.train.rows, [0], "rows 2, 3 (missing cells) and 4 (no target) dropped");
        assert_eq!(p.encoder.input_names(), ["a", "b = y", "k"], "constant columns kept");
        assert_eq!(row(&p.train.inputs, 0), [0.0, 1.0, 0.0], "a constant column scales to 0");
        assert_eq!(p.test.rows, [4]);
        assert_eq!(row(&p.test.inputs, 0), [6.0, 1.0, 0.0], "x, unseen in training, taken as y");
        assert!(
            texts(&p).contains(
                &"column \"b\": level \"x\" occurs only in test rows 5: taken as the most frequent level"
                    .to_string()
            ),
            "{:?}",
            texts(&p)
        );

        let c = TableConfig { unseen: UnseenLevels::DropRows, ..c };
        let p = fit(with_gaps(), &c, train.clone(), test.clone()).expect("fits");
        assert!(p.test.rows.is_empty(), "the test row with an unseen level is dropped");

        let c = TableConfig { missing: MissingCells::DropColumn, ..TableConfig::default() };
        let err = fit(with_gaps(), &c, train.clone(), test.clone()).expect_err("a and b dropped, k constant");
        assert!(err.to_string().contains("no input column is left"), "{err}");
        let c = TableConfig {
            missing: MissingCells::DropColumn,
            constant: ConstantColumns::Keep,
            ..TableConfig::default()
        };
        let p = fit(with_gaps(), &c, train, test).expect("fits");
        assert_eq!(p.encoder.input_names(), ["k"]);
        assert!(p.issues.iter().any(|i| matches!(i, Issue::MissingCells { column, action: MissingCells::DropColumn, .. } if column == "a")));
    }

    #[test]
    fn a_raw_row_codes_as_its_prepared_row() {
        // Defaults fill missing cells and map unseen levels to the most frequent one, so
        // coding the raw rows with the fitted code gives the prepared matrices.
        for (train, test) in [(vec![0, 1, 2], vec![4, 3]), (vec![0, 3, 4], vec![1, 2])] {
            let c = TableConfig { constant: ConstantColumns::Keep, ..TableConfig::default() };
            let p = fit(with_gaps(), &c, train, test).expect("fits");
            for split in [&p.train, &p.test] {
                for (r, &row) in split.rows.iter().enumerate() {
                    let coded = p.encoder.encode_row(&with_gaps(), row).expect("codes");
                    assert_eq!(coded, self::row(&split.inputs, r), "row {row}");
                }
            }
        }
        let p = all_train(colors(), &TableConfig::default());
        let mut other = colors();
        other.inputs.remove(0);
        assert_eq!(
            p.encoder.encode_row(&other, 0).expect_err("no color").first().column.as_deref(),
            Some("color")
        );
    }

    #[test]
    fn the_code_and_the_choices_travel_as_json() {
        let p = fit(with_gaps(), &TableConfig::default(), vec![0, 1, 2], vec![4]).expect("fits");
        let json = serde_json::to_string(&p.encoder).expect("serializes");
        assert_eq!(serde_json::from_str::<Encoder>(&json).expect("reads back"), p.encoder);
        assert!(json.contains("\"scale\":{\"offset\":2.0,\"scale\":1.0}"), "{json}");
        let issues = serde_json::to_value(&p.issues).expect("serializes");
        assert_eq!(issues[0]["kind"], "missing_target");
        assert_eq!(serde_json::from_str::<TableConfig>("{}").expect("defaults"), TableConfig::default());
        let c: TableConfig =
            serde_json::from_str(r#"{"encodings":{"fur":"one_hot_signed"},"missing":"drop_rows"}"#)
                .expect("reads");
        assert_eq!((c.encodings["fur"], c.missing), (Encoding::OneHotSigned, MissingCells::DropRows));
        assert!(
            serde_json::from_str::<TableConfig>(r#"{"missng":"fill"}"#).is_err(),
            "a misspelt field is refused"
        );
    }

    #[test]
    fn nothing_is_ever_nan() {
        for seed in 0..20 {
            let p = prepare(
                with_gaps(),
                &TableConfig { constant: ConstantColumns::Keep, ..TableConfig::default() },
                seed,
            );
            let Ok(p) = p else { continue };
            for e in [&p.train, &p.test] {
                assert!(e.inputs.iter().chain(e.values.iter()).all(|v| v.is_finite()), "seed {seed}");
            }
        }
    }
}
