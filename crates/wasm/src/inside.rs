//! Bindings of looking inside a run on a table (`playground_core::inspect`): one row's
//! forward pass, a slice of the decision function, and the input layer's space.

use crate::Playground;
use playground_core::Axes;
use wasm_bindgen::prelude::*;

/// The axes of a picture of a layer's space: inputs or neurons `i` and `j`, or the
/// principal components when `i < 0`.
fn axes_of(i: i32, j: i32) -> Result<Axes, JsError> {
    if i < 0 {
        return Ok(Axes::Principal);
    }
    let j = usize::try_from(j).map_err(|_| {
        JsError::new(&format!(
            "unit {j} does not exist (a negative first index asks for principal components)"
        ))
    })?;
    Ok(Axes::Neurons(i as usize, j))
}

#[wasm_bindgen]
impl Playground {
    /// Table row `row` (1-based, as the data view numbers it) through the network, as
    /// JSON: `row`, `test`, `columns`, `cells`, `input_names`, `output_names`, `inputs`
    /// (x = y_0), per layer `activation`, `weights`, `bias`, `potentials` (ξ = x W + b),
    /// `outputs` (y = f(ξ)), then `target_code` (d), `error` (y − d), `loss_name`,
    /// `loss`, `target`, `predicted` and `wrong`. Matrices are `{"rows", "cols", "data"}`.
    /// Throws on the plane or for a row the splits do not hold.
    #[wasm_bindgen(js_name = rowPassJson)]
    pub fn row_pass_json(&self, row: usize) -> Result<String, JsError> {
        let pass = self.trainer.row_pass(row).map_err(|e| JsError::new(&e.to_string()))?;
        serde_json::to_string(&pass).map_err(|e| JsError::new(&e.to_string()))
    }

    /// The output over the slice of input columns `x` (horizontal) and `y` (vertical),
    /// the other columns held at table row `row`'s cells (1-based; 0: the training
    /// means and most frequent levels), `side` cells along a numeric axis, as JSON:
    /// `axes` ([{`column`, `levels`, `lo`, `hi`, `cells`}] x 2), `held` ([{`column`,
    /// `value`}]), `held_from`, `outputs`, `grid` (outputs per cell, rows from the top),
    /// `classes` (per cell; empty for numbers), `train` and `test` (`u, v, target`
    /// triples). Throws on the plane, for an unknown column or row.
    #[wasm_bindgen(js_name = sliceJson)]
    pub fn slice_json(&self, x: &str, y: &str, row: usize, side: usize) -> Result<String, JsError> {
        let held = if row == 0 { None } else { Some(row) };
        let slice = self.trainer.slice([x, y], held, side).map_err(|e| JsError::new(&e.to_string()))?;
        serde_json::to_string(&slice).map_err(|e| JsError::new(&e.to_string()))
    }

    /// The training points as the input layer holds them (`x = y_0`: the plane's
    /// features or a table's encoded inputs) on inputs `i` and `j`, or (`i < 0`) on the
    /// first two principal components, as [`Playground::hidden_space_json`] writes a
    /// layer's space (with `"input_layer": true`). Throws when an input does not exist.
    #[wasm_bindgen(js_name = inputSpaceJson)]
    pub fn input_space_json(&mut self, i: i32, j: i32) -> Result<String, JsError> {
        let space = self.trainer.input_space(axes_of(i, j)?).map_err(|e| JsError::new(&e.to_string()))?;
        serde_json::to_string(&space).map_err(|e| JsError::new(&e.to_string()))
    }
}
