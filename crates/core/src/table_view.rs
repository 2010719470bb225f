//! What the page's data view shows of a run on a table: the table's columns and the
//! code the network sees ([`TableInfo`]), and a page of rows of one split
//! ([`RowsPage`]), each with its raw cells, its encoded inputs, its target and the
//! network's prediction (classes by name, numbers in the target's own units).

use crate::encoding::{Encoded, Encoder, Issue, Prepared};
use crate::metrics::predicted_class;
use crate::network::Network;
use crate::table::Target;
use crate::train::Trainer;
use nalgebra::DMatrix;
use serde::Serialize;

/// Most rows one page may ask for (the view shows a screenful at a time).
pub const MAX_PAGE_ROWS: usize = 200;

/// The table of a run as the data view heads it.
#[derive(Serialize)]
pub struct TableInfo<'a> {
    /// The input columns' names, in table order.
    pub columns: Vec<&'a str>,
    /// The target column's name (the first one's, for several numbers).
    pub target: &'a str,
    /// The names of the network's inputs ("fur = short" for a one-hot input).
    pub input_names: Vec<String>,
    /// The names of the network's outputs (class names, or target columns).
    pub output_names: Vec<String>,
    /// The class names (empty for numbers).
    pub classes: &'a [String],
    /// Each kept column's code with its statistics from the training rows.
    pub code: &'a Encoder,
    /// Missing cells, constant columns and unseen levels found, in words.
    pub issues: Vec<String>,
    /// The same, as data (which column, what was done).
    pub found: &'a [Issue],
    /// Rows in the training and the test split.
    pub rows: (usize, usize),
}

/// One row as the data view shows it.
#[derive(Serialize)]
pub struct RowView {
    /// The row's number in the table (1-based).
    pub row: usize,
    /// The raw cells of the input columns, as text ("" when missing).
    pub raw: Vec<String>,
    /// The inputs the network sees.
    pub encoded: Vec<f64>,
    /// The target: the class name, or the number(s) in their own units as text.
    pub target: String,
    /// The network's prediction in the same terms.
    pub predicted: String,
    /// Whether a class is predicted wrongly (always false for numbers).
    pub wrong: bool,
}

/// A page of rows of one split.
#[derive(Serialize)]
pub struct RowsPage {
    /// The rows shown.
    pub rows: Vec<RowView>,
    /// How many rows match (all of the split, or its misclassified ones).
    pub matching: usize,
    /// How many of the split's rows are misclassified.
    pub errors: usize,
}

/// The data view's heading of `trainer`'s table; `None` on the plane.
pub fn table_info(trainer: &Trainer<f32>) -> Option<TableInfo<'_>> {
    let prepared = trainer.dataset().table.as_deref()?;
    let outputs = trainer.network().outputs();
    Some(TableInfo {
        columns: prepared.table.inputs.iter().map(|c| c.name.as_str()).collect(),
        target: prepared.table.target.columns().first().map_or("", |c| c.name.as_str()),
        input_names: prepared.encoder.input_names(),
        output_names: prepared.encoder.target.output_names(outputs),
        classes: prepared.table.target.class_names(),
        code: &prepared.encoder,
        issues: prepared.issues.iter().map(|i| i.to_string()).collect(),
        found: &prepared.issues,
        rows: (prepared.train.rows.len(), prepared.test.rows.len()),
    })
}

/// Rows `start..start + count` (at most [`MAX_PAGE_ROWS`]) of the training or test
/// split of `trainer`'s table, or of its misclassified rows when `errors_only`;
/// `None` on the plane. The network runs over the whole split to count the errors.
pub fn rows_page(
    trainer: &Trainer<f32>,
    test: bool,
    start: usize,
    count: usize,
    errors_only: bool,
) -> Option<RowsPage> {
    let prepared = trainer.dataset().table.as_deref()?;
    let split = if test { &prepared.test } else { &prepared.train };
    let outputs = predict_encoded(trainer.network(), &split.inputs);
    let range = trainer.config().output_activation().target_range();
    let wrong: Vec<bool> =
        (0..split.rows.len()).map(|r| is_wrong(prepared, split, &outputs, r, range)).collect();
    let chosen: Vec<usize> = (0..split.rows.len()).filter(|&r| !errors_only || wrong[r]).collect();
    let rows = chosen
        .iter()
        .skip(start)
        .take(count.min(MAX_PAGE_ROWS))
        .map(|&r| row_view(prepared, split, &outputs[r], r, range, wrong[r]))
        .collect();
    Some(RowsPage { rows, matching: chosen.len(), errors: wrong.iter().filter(|&&w| w).count() })
}

/// Whether split row `r` is a misclassified class (never for numbers).
fn is_wrong(prepared: &Prepared, split: &Encoded, outputs: &[Vec<f64>], r: usize, range: (f64, f64)) -> bool {
    match prepared.table.target {
        Target::Classes(_) => predicted_class(outputs[r].iter().copied(), range) != split.classes[r],
        Target::Numbers(_) => false,
    }
}

/// Split row `r` with the network's `outputs` for it.
fn row_view(
    prepared: &Prepared,
    split: &Encoded,
    outputs: &[f64],
    r: usize,
    range: (f64, f64),
    wrong: bool,
) -> RowView {
    let row = split.rows[r];
    let table = &prepared.table;
    let (target, predicted) = match &table.target {
        Target::Classes(c) => {
            let name = |k: usize| c.levels().get(k).cloned().unwrap_or_default();
            (name(split.classes[r]), name(predicted_class(outputs.iter().copied(), range)))
        }
        Target::Numbers(columns) => {
            let code = &prepared.encoder.target;
            let actual: Vec<String> = columns.iter().map(|c| c.text(row)).collect();
            let guess: Vec<String> =
                outputs.iter().enumerate().map(|(j, &y)| format!("{:.4}", code.unscale(j, y))).collect();
            (actual.join(", "), guess.join(", "))
        }
    };
    RowView {
        row: row + 1,
        raw: table.inputs.iter().map(|c| c.text(row)).collect(),
        encoded: split.inputs.row(r).iter().copied().collect(),
        target,
        predicted,
        wrong,
    }
}

/// `network`'s outputs (in training units) for each row of `inputs`.
fn predict_encoded(network: &Network<f32>, inputs: &DMatrix<f64>) -> Vec<Vec<f64>> {
    let n = inputs.nrows();
    if n == 0 || inputs.ncols() != network.inputs() {
        return vec![Vec::new(); n];
    }
    let input = inputs.map(|v| v as f32);
    let mut buffers = network.buffers(n);
    network.forward(&input, 0, n, &mut buffers);
    match buffers.outputs.last() {
        Some(y) => (0..n).map(|r| y.row(r).iter().map(|&v| f64::from(v)).collect()).collect(),
        None => vec![Vec::new(); n],
    }
}

/// The data file (`www/data/tables/<file>`) a configuration's table, or a model file's,
/// is read from: `Some` for iris, wine, breast cancer and digits, `None` for the plane,
/// the generated tables and a text that does not read (building the run says why).
pub fn table_file(json: &str) -> Option<&'static str> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    let config = value.get("config").unwrap_or(&value);
    let kind = config.get("data")?.get("table")?.get("kind")?.clone();
    let builtin: crate::builtin::Builtin = serde_json::from_value(kind).ok()?;
    builtin.file()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn animals() -> Trainer<f32> {
        let mut config = Config::default();
        config.data.table =
            serde_json::from_str(r#"{"kind": "animals", "code": {}}"#).expect("a table choice");
        Trainer::new(&config).expect("animals build")
    }

    #[test]
    fn rows_show_raw_cells_codes_and_predictions() {
        let trainer = animals();
        let info = table_info(&trainer).expect("a table run has a heading");
        assert_eq!(info.columns, ["size", "fur", "talks"]);
        assert_eq!(info.classes.len(), 4);
        let page = rows_page(&trainer, false, 0, 5, false).expect("rows");
        assert_eq!(page.rows.len(), 5);
        for row in &page.rows {
            assert_eq!(row.raw.len(), 3);
            assert_eq!(row.encoded.len(), info.input_names.len());
            assert!(info.classes.contains(&row.target));
            assert!(info.classes.contains(&row.predicted));
            assert_eq!(row.wrong, row.target != row.predicted);
        }
        let errors = rows_page(&trainer, false, 0, MAX_PAGE_ROWS, true).expect("error rows");
        assert_eq!(errors.matching, page.errors);
        assert!(errors.rows.iter().all(|r| r.wrong));
    }

    #[test]
    fn the_plane_has_no_rows() {
        let trainer = Trainer::new(&Config::default()).expect("the plane builds");
        assert!(table_info(&trainer).is_none());
        assert!(rows_page(&trainer, false, 0, 10, false).is_none());
    }

    #[test]
    fn file_tables_name_their_file() {
        assert_eq!(table_file(r#"{"data": {"table": {"kind": "digits"}}}"#), Some("digits.csv"));
        assert_eq!(table_file(r#"{"config": {"data": {"table": {"kind": "iris"}}}}"#), Some("iris.csv"));
        assert_eq!(table_file(r#"{"data": {"table": {"kind": "animals"}}}"#), None);
        assert_eq!(table_file(r#"{"data": {}}"#), None);
        assert_eq!(table_file("not json"), None);
    }
}
