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

    /// The network's outputs and class for one picture of an image table (letters,
    /// digits): `pixels` are the raw pixel values row by row, as the table's rows hold
    /// them. JSON `{"outputs": [...], "class": k}`; throws, saying why, for another
    /// table, a picture of another size or a value that is not a number.
    #[wasm_bindgen(js_name = predictImageJson)]
    pub fn predict_image_json(&self, pixels: &[f64]) -> Result<String, JsError> {
        let prediction = self.trainer.predict_image(pixels).map_err(|e| JsError::new(&e.to_string()))?;
        serde_json::to_string(&prediction).map_err(|e| JsError::new(&e.to_string()))
    }
}
