//! What the page's data view shows of a run on a table: the table's columns and the
//! code the network sees ([`TableInfo`]), and a page of rows of one split
//! ([`RowsPage`]), each with its raw cells, its encoded inputs, its target and the
//! network's prediction (classes by name, numbers in the target's own units).

use crate::encoding::{
    ConstantColumns, Encoded, Encoder, Encoding, Issue, MissingCells, Prepared, TableConfig, UnseenLevels,
};
use crate::image::ImageLayout;
use crate::metrics::predicted_class;
use crate::network::Network;
use crate::param::Choice;
use crate::table::Target;
use crate::train::Trainer;
use nalgebra::DMatrix;
use serde::Serialize;
use std::collections::BTreeMap;

/// The encodings a column can have, as the page lists them: the categorical ones
/// (group "categorical") and the numeric ones (group "numeric"); ids as in a
/// configuration's `code.encodings` and `code.target_scaling`.
pub const ENCODINGS: &[Choice] = &[
    Choice::new(
        "ordinal",
        "ordinal",
        "One input: level i of k at −1 + 2i / (k − 1) (small / medium / large → −1 / 0 / 1).",
    )
    .group("categorical"),
    Choice::new("one_hot", "one-hot 0/1", "One input per level: 1 for the row's level, 0 for the others.")
        .group("categorical"),
    Choice::new(
        "one_hot_signed",
        "one-hot ±1",
        "One input per level: 1 for the row's level, −1 for the others (Red → [1, −1, −1]).",
    )
    .group("categorical"),
    Choice::new("none", "none", "The number as it is: x′ = x.").group("numeric"),
    Choice::new(
        "min_max",
        "min–max to [−1, 1]",
        "x′ = (x − (max + min) / 2) / ((max − min) / 2), max and min of the training split.",
    )
    .group("numeric"),
    Choice::new("z_score", "z-score", "x′ = (x − mean) / sd, mean and sd of the training split.")
        .group("numeric"),
];

/// What to do with a column that has missing cells (`code.missing`).
pub const MISSING_CELLS: &[Choice] = &[
    Choice::new("drop_rows", "drop the rows", "Drop every row with a missing cell in the column."),
    Choice::new("fill", "fill in", "Fill with the training split's mean (numbers) or most frequent level."),
    Choice::new("drop_column", "drop the column", "Drop the column."),
];

/// What to do with a column constant on the training split (`code.constant`).
pub const CONSTANT_COLUMNS: &[Choice] = &[
    Choice::new(
        "drop",
        "drop the column",
        "It carries no information (and scaling it would divide by zero).",
    ),
    Choice::new("keep", "keep it", "Scaled it is 0, unscaled its value."),
];

/// What to do with a level seen only in the test split (`code.unseen`).
pub const UNSEEN_LEVELS: &[Choice] = &[
    Choice::new("drop_rows", "drop those test rows", "Drop the test rows with the level."),
    Choice::new(
        "most_frequent",
        "most frequent level",
        "Treat it as the training split's most frequent level.",
    ),
];

/// Every list of choices of a table's code, for the page's controls.
#[derive(Serialize)]
pub struct CodeChoices {
    /// [`ENCODINGS`].
    pub encodings: &'static [Choice],
    /// [`MISSING_CELLS`].
    pub missing: &'static [Choice],
    /// [`CONSTANT_COLUMNS`].
    pub constant: &'static [Choice],
    /// [`UNSEEN_LEVELS`].
    pub unseen: &'static [Choice],
}

/// A table's code as configured, every setting written (a configuration omits those
/// at their defaults).
#[derive(Serialize)]
pub struct CodeSettings {
    /// The encodings configured by column name (the others are at their defaults).
    pub encodings: BTreeMap<String, Encoding>,
    /// Scaling of numeric targets.
    pub target_scaling: Encoding,
    /// Columns with missing cells.
    pub missing: MissingCells,
    /// Columns constant on the training split.
    pub constant: ConstantColumns,
    /// Levels seen only in the test split.
    pub unseen: UnseenLevels,
}

impl From<TableConfig> for CodeSettings {
    fn from(c: TableConfig) -> CodeSettings {
        CodeSettings {
            encodings: c.encodings,
            target_scaling: c.target_scaling,
            missing: c.missing,
            constant: c.constant,
            unseen: c.unseen,
        }
    }
}

/// The lists of [`CodeChoices`].
pub const CODE_CHOICES: CodeChoices = CodeChoices {
    encodings: ENCODINGS,
    missing: MISSING_CELLS,
    constant: CONSTANT_COLUMNS,
    unseen: UNSEEN_LEVELS,
};

/// Most rows one page may ask for (the view shows a screenful at a time).
pub const MAX_PAGE_ROWS: usize = 200;

/// The table of a run as the data view heads it.
#[derive(Serialize)]
pub struct TableInfo<'a> {
    /// The input columns' names, in table order.
    pub columns: Vec<&'a str>,
    /// Whether each input column is categorical (else numeric).
    pub categorical: Vec<bool>,
    /// Each input column's encoding (the configured one or its default).
    pub encodings: Vec<Encoding>,
    /// The code's settings as configured, defaults filled in.
    pub settings: CodeSettings,
    /// The lists of choices of the code's controls.
    pub choices: CodeChoices,
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
    /// Where each pixel is, for an image table (letters, digits); `None` otherwise.
    pub image: Option<ImageLayout>,
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
    let settings = trainer.config().data.table.as_ref().map(|t| t.code.clone()).unwrap_or_default();
    Some(TableInfo {
        columns: prepared.table.inputs.iter().map(|c| c.name.as_str()).collect(),
        categorical: prepared.table.inputs.iter().map(|c| c.is_categorical()).collect(),
        encodings: prepared.table.inputs.iter().map(|c| settings.encoding(c)).collect(),
        settings: settings.into(),
        choices: CODE_CHOICES,
        target: prepared.table.target.columns().first().map_or("", |c| c.name.as_str()),
        input_names: prepared.encoder.input_names(),
        output_names: prepared.encoder.target.output_names(outputs),
        classes: prepared.table.target.class_names(),
        code: &prepared.encoder,
        issues: prepared.issues.iter().map(|i| i.to_string()).collect(),
        found: &prepared.issues,
        rows: (prepared.train.rows.len(), prepared.test.rows.len()),
        image: trainer.image_layout(),
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
    let listing = Listing::of(trainer, prepared, test, errors_only);
    let (split, range) = (listing.split, trainer.config().output_activation().target_range());
    let rows = listing
        .chosen
        .iter()
        .skip(start)
        .take(count.min(MAX_PAGE_ROWS))
        .map(|&r| row_view(prepared, split, &listing.outputs[r], r, range, listing.wrong[r]))
        .collect();
    let errors = listing.wrong.iter().filter(|&&w| w).count();
    Some(RowsPage { rows, matching: listing.chosen.len(), errors })
}

/// Where the data view lists a table row: its split and its place in the split's
/// listing (all rows, or only the misclassified ones).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RowPlace {
    /// In the test split (else the training split).
    pub test: bool,
    /// Its index in the listing, from 0 (the page that shows it starts at
    /// `index - index % page_size`).
    pub index: usize,
}

/// Where table row `row` (1-based) is in the data view's listing of its split, all rows
/// or (`errors_only`) the misclassified ones; `None` on the plane, for a row dropped
/// from both splits, or one the filter hides.
pub fn row_place(trainer: &Trainer<f32>, row: usize, errors_only: bool) -> Option<RowPlace> {
    let prepared = trainer.dataset().table.as_deref()?;
    let target = row.checked_sub(1)?;
    let test = !prepared.train.rows.contains(&target);
    let listing = Listing::of(trainer, prepared, test, errors_only);
    let index = listing.chosen.iter().position(|&r| listing.split.rows[r] == target)?;
    Some(RowPlace { test, index })
}

/// One split as the data view lists it: the network's outputs for every row, which
/// rows are misclassified, and the rows listed (all, or the misclassified ones).
struct Listing<'a> {
    split: &'a Encoded,
    outputs: Vec<Vec<f64>>,
    wrong: Vec<bool>,
    chosen: Vec<usize>,
}

impl<'a> Listing<'a> {
    fn of(trainer: &Trainer<f32>, prepared: &'a Prepared, test: bool, errors_only: bool) -> Listing<'a> {
        let split = if test { &prepared.test } else { &prepared.train };
        let outputs = predict_encoded(trainer.network(), &split.inputs);
        let range = trainer.config().output_activation().target_range();
        let wrong: Vec<bool> =
            (0..split.rows.len()).map(|r| is_wrong(prepared, split, &outputs, r, range)).collect();
        let chosen = (0..split.rows.len()).filter(|&r| !errors_only || wrong[r]).collect();
        Listing { split, outputs, wrong, chosen }
    }
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
    let (target, predicted) = target_and_prediction(prepared, split, outputs, r, range);
    RowView {
        row: row + 1,
        raw: table.inputs.iter().map(|c| c.text(row)).collect(),
        encoded: split.inputs.row(r).iter().copied().collect(),
        target,
        predicted,
        wrong,
    }
}

/// Split row `r`'s target and the network's prediction from its `outputs`, as the data
/// view writes them: class names, or numbers in the target's own units.
pub(crate) fn target_and_prediction(
    prepared: &Prepared,
    split: &Encoded,
    outputs: &[f64],
    r: usize,
    range: (f64, f64),
) -> (String, String) {
    let row = split.rows[r];
    match &prepared.table.target {
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
    }
}

/// `network`'s outputs (in training units) for each row of `inputs`.
pub(crate) fn predict_encoded(network: &Network<f32>, inputs: &DMatrix<f64>) -> Vec<Vec<f64>> {
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

/// The content hash of the user's own table that a configuration, or a model file, is
/// read from (`data.table.own.hash` with `kind: "own"`): the caller finds its text by
/// it. `None` for any other run and for a text that does not read.
pub fn own_table_hash(json: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    let config = value.get("config").unwrap_or(&value);
    let table = config.get("data")?.get("table")?;
    if table.get("kind")?.as_str()? != crate::builtin::Builtin::Own.id() {
        return None;
    }
    Some(table.get("own")?.get("hash")?.as_str()?.to_string())
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
    fn a_rows_place_is_where_its_page_lists_it() {
        let trainer = animals();
        let table = trainer.dataset().table.as_deref().expect("a table");
        for (test, split) in [(false, &table.train), (true, &table.test)] {
            for &r in &split.rows {
                let place = row_place(&trainer, r + 1, false).expect("listed");
                assert_eq!(place.test, test);
                let page = rows_page(&trainer, test, place.index, 1, false).expect("a page");
                assert_eq!(page.rows[0].row, r + 1);
                match row_place(&trainer, r + 1, true) {
                    Some(wrong) => {
                        let page = rows_page(&trainer, test, wrong.index, 1, true).expect("a page");
                        assert!(page.rows[0].wrong && page.rows[0].row == r + 1);
                    }
                    None => assert!(
                        !rows_page(&trainer, test, place.index, 1, false).expect("a page").rows[0].wrong
                    ),
                }
            }
        }
        assert_eq!(row_place(&trainer, 0, false), None);
        assert_eq!(row_place(&trainer, table.table.rows() + 1, false), None);
        assert_eq!(row_place(&Trainer::new(&Config::default()).expect("plane"), 1, false), None);
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
    fn the_choices_are_the_cores_ids() {
        fn read<T: serde::de::DeserializeOwned>(id: &str) -> serde_json::Result<T> {
            serde_json::from_value(serde_json::Value::String(id.to_string()))
        }
        for c in ENCODINGS {
            let e: Encoding = read(c.id).expect("an encoding");
            assert_eq!(e.is_categorical(), c.group == "categorical", "{}", c.id);
        }
        for c in MISSING_CELLS {
            let _: crate::encoding::MissingCells = read(c.id).expect("a missing-cell rule");
        }
        for c in CONSTANT_COLUMNS {
            let _: crate::encoding::ConstantColumns = read(c.id).expect("a constant-column rule");
        }
        for c in UNSEEN_LEVELS {
            let _: crate::encoding::UnseenLevels = read(c.id).expect("an unseen-level rule");
        }
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
