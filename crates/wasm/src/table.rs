//! Bindings of the data view of a run on a table (`playground_core::table_view`):
//! the table's heading and pages of rows, as JSON, and the data file a configuration
//! or model file needs fetched.

use crate::Playground;
use playground_core::content_hash::content_hash;
use playground_core::own_table::{encoded_csv, preview};
use playground_core::table_csv::write_table;
use playground_core::table_view::{own_table_hash, row_place, rows_page, table_file, table_info};
use wasm_bindgen::prelude::*;

/// The file under `data/tables/` whose text a configuration's or a model file's table
/// is built from (`withTableText`, `fromModelWithTableText`); undefined when none is needed.
#[wasm_bindgen(js_name = tableFile)]
pub fn table_file_of(json: &str) -> Option<String> {
    table_file(json).map(str::to_string)
}

/// The content hash of the user's own table a configuration or model file is read
/// from (its text is kept in the browser under it); undefined for any other run.
#[wasm_bindgen(js_name = ownTableHash)]
pub fn own_table_hash_of(json: &str) -> Option<String> {
    own_table_hash(json)
}

/// A CSV file of the user's own as detected, before its roles are chosen: its content
/// hash, rows, separator and columns (name, detected type, levels, missing cells) as
/// JSON; throws with the core's message naming the line and the column.
#[wasm_bindgen(js_name = previewTable)]
pub fn preview_table(text: &str) -> Result<String, JsError> {
    let p = preview(text).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(serde_json::to_string(&p).unwrap_or_default())
}

/// The content hash of a text (SHA-256 of its UTF-8 bytes, lowercase hex).
#[wasm_bindgen(js_name = contentHash)]
pub fn content_hash_of(text: &str) -> String {
    content_hash(text)
}

#[wasm_bindgen]
impl Playground {
    /// The run's table as CSV (its columns as read); undefined on the plane.
    #[wasm_bindgen(js_name = tableCsv)]
    pub fn table_csv(&self) -> Option<String> {
        self.trainer.dataset().table.as_ref().map(|p| write_table(&p.table))
    }

    /// The run's encoded matrix as CSV (row, split, the network's inputs, the target);
    /// undefined on the plane.
    #[wasm_bindgen(js_name = encodedCsv)]
    pub fn encoded_csv(&self) -> Option<String> {
        self.trainer.dataset().table.as_deref().map(encoded_csv)
    }

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

    /// Where the data view lists table row `row` (1-based): `{"test", "index"}` (its split
    /// and its place in the split's listing, all rows or, with `errors_only`, the
    /// misclassified ones) as JSON; "null" on the plane, for a dropped row or one the
    /// filter hides.
    #[wasm_bindgen(js_name = rowPlaceJson)]
    pub fn row_place_json(&self, row: usize, errors_only: bool) -> String {
        serde_json::to_string(&row_place(&self.trainer, row, errors_only)).unwrap_or_else(|_| "null".into())
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

    /// One picture of an image table (as [`Playground::predict_image_json`] takes it)
    /// through the network, layer by layer, as JSON in `rowPassJson`'s form with `row`
    /// 0, no target (`target_code` and `error` 1 × 0, `loss` null) and the predicted
    /// class. Throws as `predictImageJson` does.
    #[wasm_bindgen(js_name = drawingPassJson)]
    pub fn drawing_pass_json(&self, pixels: &[f64]) -> Result<String, JsError> {
        let pass = self.trainer.drawing_pass(pixels).map_err(|e| JsError::new(&e.to_string()))?;
        serde_json::to_string(&pass).map_err(|e| JsError::new(&e.to_string()))
    }
}
