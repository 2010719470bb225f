//! The result panels of a table run: the confusion matrices with each cell's rows, or
//! predicted against actual in the target's units, and the weather table's
//! least-squares comparison. Each forwards to the core and writes JSON.

use crate::Playground;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Playground {
    /// The result panels' figures of both splits as JSON, or `undefined` on the plane:
    /// `{"kind": "classes", "classes": [...], "train": {"counts", "rows", "recall",
    /// "samples"}, "test": {...}}` (`counts[actual][predicted]`, `rows[actual][predicted]`
    /// the cell's table rows, `recall[class]` or null), or `{"kind": "numbers", "names":
    /// [...], "train": {"rows", "predicted", "actual", "fits": [{"name", "rmse",
    /// "r_squared"}]}, "test": {...}}` (`predicted[output][i]` in the target's units).
    #[wasm_bindgen(js_name = resultsJson)]
    pub fn results_json(&self) -> Option<String> {
        self.trainer.results().and_then(|r| serde_json::to_string(&r).ok())
    }

    /// For the linear network on the weather table, JSON `{"inputs", "target", "law",
    /// "closed_form", "gradient_descent"}`, each of the last three `{"weights",
    /// "intercept"}` in the inputs' own units; throws, saying why, otherwise.
    #[wasm_bindgen(js_name = leastSquaresJson)]
    pub fn least_squares_json(&self) -> Result<String, JsError> {
        let report = self.trainer.least_squares_report().map_err(|e| JsError::new(&e.to_string()))?;
        serde_json::to_string(&report).map_err(|e| JsError::new(&e.to_string()))
    }
}
