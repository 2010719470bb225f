//! A slice of the decision function of a network on a table: two input columns as the
//! axes of a plane, every other input column held at one value.
//!
//! With `n` input columns the network's output `y(c_1, .., c_n)` is a function of `n`
//! cells; a slice fixes all but two, `y(u, v) = y(.., c_a = u, .., c_b = v, ..)`, and
//! evaluates it over a grid of the plane `(u, v)`, as the output plane does for the 2-D
//! tasks. The held cells are a chosen row's (the data view's selected row) or, without
//! one, each column's fill: the training rows' mean for a number, their most frequent
//! level for a category. A numeric axis runs over the training rows' range of the
//! column (a little wider) in `side` cells; a categorical axis has one cell per level. Each cell is coded
//! as a row of the table is ([`crate::encoding::Encoder::encode_cells`]) and run through
//! the network. The rows are placed at their own two values.

use crate::encoding::{ColumnCode, Encoded, Prepared};
use crate::error::Error;
use crate::metrics::predicted_class;
use crate::table::Target;
use crate::train::Trainer;
use nalgebra::DMatrix;
use serde::Serialize;

/// The share of a numeric column's training range added at each end of its axis, so
/// the rows at its least and largest value are not drawn on the border.
pub const PAD: f64 = 0.05;

/// Where the held values come from when no row is chosen.
pub const HELD_WITHOUT_ROW: &str = "the training rows' means (most frequent levels for categories)";

/// Most cells per side of a numeric axis.
pub const MAX_SIDE: usize = 128;

/// One axis of a slice.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SliceAxis {
    /// The input column on the axis.
    pub column: String,
    /// The levels of a categorical column, one cell each, in order (empty for numbers).
    pub levels: Vec<String>,
    /// The axis's low end: the training rows' least value less [`PAD`] of their range
    /// (numbers); `-0.5` for levels.
    pub lo: f64,
    /// The axis's high end: the training rows' largest value plus [`PAD`] of their
    /// range; `levels − 0.5` for levels.
    pub hi: f64,
    /// Cells along the axis.
    pub cells: usize,
}

impl SliceAxis {
    /// The value at the middle of cell `i` (a level's index for levels).
    pub fn value(&self, i: usize) -> f64 {
        self.lo + (i as f64 + 0.5) * (self.hi - self.lo) / self.cells as f64
    }
}

/// A column held fixed, with its value as text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Held {
    /// The column.
    pub column: String,
    /// Its value: the number or the level's name.
    pub value: String,
}

/// The output over a slice, and the rows placed on it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Slice {
    /// The horizontal axis (`u`) and the vertical axis (`v`, low end at the bottom).
    pub axes: [SliceAxis; 2],
    /// The other input columns, each at its held value.
    pub held: Vec<Held>,
    /// Where the held values come from: "row 12" or [`HELD_WITHOUT_ROW`].
    pub held_from: String,
    /// Output values per cell (the output neurons).
    pub outputs: usize,
    /// The outputs over the grid, `outputs` values per cell, cells row by row from the
    /// top (the highest `v`), each row from the lowest `u`: as the plane's grid.
    pub grid: Vec<f32>,
    /// The class the network decides in each cell (empty for numbers).
    pub classes: Vec<u8>,
    /// The training rows as `u, v, target` triples (the class's index, or the first
    /// scaled target): their own two values (a level's index on a categorical axis).
    pub train: Vec<f64>,
    /// The test rows, the same way.
    pub test: Vec<f64>,
    /// The held row's own `u, v` (it lies on its own slice), or `None` without a row.
    pub held_row: Option<[f64; 2]>,
}

/// A column's code among the kept inputs, by name.
fn code_of<'a>(prepared: &'a Prepared, name: &str) -> Result<(usize, &'a ColumnCode), Error> {
    prepared.encoder.inputs.iter().enumerate().find(|(_, c)| c.name() == name).ok_or_else(|| {
        let names: Vec<&str> = prepared.encoder.inputs.iter().map(ColumnCode::name).collect();
        Error::whole(format!(
            "the network has no input column \"{name}\": its columns are {}",
            names.join(", ")
        ))
    })
}

/// The axis of kept column `code` (table column `column`), `side` cells if numeric.
fn axis(prepared: &Prepared, code: &ColumnCode, side: usize) -> SliceAxis {
    match code {
        ColumnCode::Categorical { levels, .. } => SliceAxis {
            column: code.name().to_string(),
            levels: levels.clone(),
            lo: -0.5,
            hi: levels.len() as f64 - 0.5,
            cells: levels.len(),
        },
        ColumnCode::Numeric { fill, .. } => {
            let values = column_cells(prepared, code.name(), &prepared.train);
            let lo = values.iter().flatten().copied().fold(f64::INFINITY, f64::min);
            let hi = values.iter().flatten().copied().fold(f64::NEG_INFINITY, f64::max);
            let (lo, hi) = if lo < hi { (lo, hi) } else { (fill - 1.0, fill + 1.0) };
            let pad = PAD * (hi - lo);
            let (lo, hi) = (lo - pad, hi + pad);
            SliceAxis { column: code.name().to_string(), levels: Vec::new(), lo, hi, cells: side }
        }
    }
}

/// The cells of table column `name` in the rows of `split`.
fn column_cells(prepared: &Prepared, name: &str, split: &Encoded) -> Vec<Option<f64>> {
    match prepared.table.inputs.iter().find(|c| c.name == name) {
        Some(c) => split.rows.iter().map(|&r| c.cells.get(r).copied().flatten()).collect(),
        None => vec![None; split.rows.len()],
    }
}

/// The held cell of each kept column: row `row`'s (0-based table row) or the column's fill.
fn held_cells(prepared: &Prepared, row: Option<usize>) -> Vec<Option<f64>> {
    prepared
        .encoder
        .inputs
        .iter()
        .map(|code| {
            let own = row.and_then(|r| {
                prepared
                    .table
                    .inputs
                    .iter()
                    .find(|c| c.name == code.name())
                    .and_then(|c| c.cells.get(r).copied().flatten())
            });
            own.or(match code {
                ColumnCode::Numeric { fill, .. } => Some(*fill),
                ColumnCode::Categorical { fill, .. } => Some(*fill as f64),
            })
        })
        .collect()
}

/// A held cell as text: the number, or the level's name.
fn cell_text(code: &ColumnCode, cell: Option<f64>) -> String {
    match (code, cell) {
        (_, None) => String::new(),
        (ColumnCode::Numeric { .. }, Some(v)) => format!("{}", (v * 1e4).round() / 1e4),
        (ColumnCode::Categorical { levels, .. }, Some(v)) => {
            levels.get(v as usize).cloned().unwrap_or_default()
        }
    }
}

/// The rows of `split` as `u, v, target` triples on the axes of columns `a` and `b`
/// (a missing cell at the column's fill).
fn placed(prepared: &Prepared, split: &Encoded, codes: [&ColumnCode; 2]) -> Vec<f64> {
    let fill = |code: &ColumnCode| match code {
        ColumnCode::Numeric { fill, .. } => *fill,
        ColumnCode::Categorical { fill, .. } => *fill as f64,
    };
    let u = column_cells(prepared, codes[0].name(), split);
    let v = column_cells(prepared, codes[1].name(), split);
    let mut out = Vec::with_capacity(3 * split.rows.len());
    for r in 0..split.rows.len() {
        let target = if split.values.ncols() > 0 { split.values[(r, 0)] } else { split.classes[r] as f64 };
        out.extend([u[r].unwrap_or(fill(codes[0])), v[r].unwrap_or(fill(codes[1])), target]);
    }
    out
}

impl Trainer<f32> {
    /// The network's output over the slice of the table's input columns `columns[0]`
    /// (horizontal) and `columns[1]` (vertical), the others held at table row `row`'s
    /// cells (1-based, as the data view numbers rows) or, with `None`, at each column's
    /// fill (the training mean, the most frequent level); a numeric axis has `side`
    /// cells (1 to [`MAX_SIDE`]). See the module's text. Errors on the plane, for a
    /// column the network does not have, the same column twice, or a row the table
    /// does not have.
    pub fn slice(&self, columns: [&str; 2], row: Option<usize>, side: usize) -> Result<Slice, Error> {
        let prepared = self
            .dataset()
            .table
            .as_deref()
            .ok_or_else(|| Error::whole("this run trains on the plane: its output plane is the slice"))?;
        if columns[0] == columns[1] {
            return Err(Error::whole(format!("the two axes need two columns, both are \"{}\"", columns[0])));
        }
        if !(1..=MAX_SIDE).contains(&side) {
            return Err(Error::whole(format!("a slice has 1 to {MAX_SIDE} cells per side, not {side}")));
        }
        let rows = prepared.table.rows();
        if let Some(r) = row.filter(|&r| r == 0 || r > rows) {
            return Err(Error::whole(format!("the table has no row {r}: its rows are 1 to {rows}")));
        }
        let (ia, a) = code_of(prepared, columns[0])?;
        let (ib, b) = code_of(prepared, columns[1])?;
        let axes = [axis(prepared, a, side), axis(prepared, b, side)];
        let held = held_cells(prepared, row.map(|r| r - 1));
        let held_row = row.map(|_| [held[ia], held[ib]].map(|c| c.unwrap_or(f64::NAN)));
        let inputs = grid_inputs(prepared, &held, [ia, ib], &axes);
        let network = self.network();
        let n = inputs.nrows();
        let mut buffers = network.buffers(n);
        network.forward(&inputs, 0, n, &mut buffers);
        let outputs = network.outputs();
        let y = buffers.outputs.last().map(|y| y.rows(0, n));
        let grid: Vec<f32> = match y {
            Some(y) => (0..n).flat_map(|r| (0..outputs).map(move |j| y[(r, j)])).collect(),
            None => Vec::new(),
        };
        let range = self.config().output_activation().target_range();
        let classes = match prepared.table.target {
            Target::Classes(_) => grid
                .chunks_exact(outputs.max(1))
                .map(|cell| {
                    u8::try_from(predicted_class(cell.iter().map(|&v| f64::from(v)), range))
                        .unwrap_or(u8::MAX)
                })
                .collect(),
            Target::Numbers(_) => Vec::new(),
        };
        Ok(Slice {
            held: prepared
                .encoder
                .inputs
                .iter()
                .zip(&held)
                .enumerate()
                .filter(|(i, _)| *i != ia && *i != ib)
                .map(|(_, (code, &cell))| Held {
                    column: code.name().to_string(),
                    value: cell_text(code, cell),
                })
                .collect(),
            held_from: row.map_or_else(|| HELD_WITHOUT_ROW.to_string(), |r| format!("row {r}")),
            outputs,
            grid,
            classes,
            train: placed(prepared, &prepared.train, [a, b]),
            test: placed(prepared, &prepared.test, [a, b]),
            held_row,
            axes,
        })
    }
}

/// The network's inputs for every cell of the grid (rows from the top, each from the
/// left): the `held` cells with kept columns `at[0]`, `at[1]` set to the cell's values.
fn grid_inputs(
    prepared: &Prepared,
    held: &[Option<f64>],
    at: [usize; 2],
    axes: &[SliceAxis; 2],
) -> DMatrix<f32> {
    let (w, h) = (axes[0].cells, axes[1].cells);
    let width = prepared.encoder.width();
    let mut inputs = DMatrix::zeros(w * h, width);
    let mut cells = held.to_vec();
    let mut row = vec![0.0; width];
    for y in 0..h {
        for x in 0..w {
            cells[at[0]] = Some(axes[0].value(x));
            cells[at[1]] = Some(axes[1].value(h - 1 - y));
            prepared.encoder.encode_cells(cells.iter().copied(), &mut row);
            for (j, &v) in row.iter().enumerate() {
                inputs[(y * w + x, j)] = v as f32;
            }
        }
    }
    inputs
}
