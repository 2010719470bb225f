//! Bindings of the data view of a run on a table (`playground_core::table_view`):
//! the table's heading and pages of rows, as JSON, and the data file a configuration
//! or model file needs fetched.

use crate::Playground;
use playground_core::table_view::{rows_page, table_file, table_info};
use wasm_bindgen::prelude::*;

/// The file under `data/tables/` whose text a configuration's or a model file's table
/// is built from (`withTableText`, `fromModelWithTableText`); undefined when none is needed.
#[wasm_bindgen(js_name = tableFile)]
pub fn table_file_of(json: &str) -> Option<String> {
    table_file(json).map(str::to_string)
}

#[wasm_bindgen]
impl Playground {
    /// The run's table as the data view heads it (columns, input and output names,
    /// each column's code and statistics, issues found) as JSON; "null" on the plane.
    #[wasm_bindgen(js_name = tableInfoJson)]
    pub fn table_info_json(&self) -> String {
        serde_json::to_string(&table_info(&self.trainer)).unwrap_or_else(|_| "null".into())
    }

    /// Rows `start..start + count` of the training or test split (only the
    /// misclassified ones when `errors_only`) with raw cells, inputs, target and
    /// prediction, as JSON; "null" on the plane.
    #[wasm_bindgen(js_name = tableRowsJson)]
    pub fn table_rows_json(&self, test: bool, start: usize, count: usize, errors_only: bool) -> String {
        serde_json::to_string(&rows_page(&self.trainer, test, start, count, errors_only))
            .unwrap_or_else(|_| "null".into())
    }
}
