//! One row of a table through the network: its forward pass layer by layer with the
//! run's weights, the output against the target, and the error.
//!
//! For the row's inputs `x = y_0` (a `1 x n` row, as the data view codes it) and layers
//! `L = 1 .. out`:
//!
//! - `ξ_L = y_{L-1} W_L + b_L`, `y_L = f_L(ξ_L)`;
//! - the target coded as the output should be, `d` (one output per class: `hi` on the
//!   row's class, `lo` elsewhere; or the scaled numbers);
//! - the error `y_out − d` and the row's loss `e(y_out, d)`.
//!
//! The numbers are those of the network the run trains (`f32`), so the prediction is
//! the data view's. A picture drawn on the pad of an image table passes the same way
//! ([`Trainer::drawing_pass`]); it has no target, so no `d`, error or loss.

use super::matrix::Matrix;
use crate::encoding::{Encoded, Prepared};
use crate::error::Error;
use crate::evaluation::code_class;
use crate::metrics::predicted_class;
use crate::network::Network;
use crate::table_view::target_and_prediction;
use crate::train::Trainer;
use nalgebra::DMatrix;
use serde::Serialize;

/// One layer of a row's forward pass (layer `L`, index `L − 1`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RowLayer {
    /// The name of the layer's activation `f_L`.
    pub activation: String,
    /// `W_L` (inputs x neurons).
    pub weights: Matrix,
    /// `b_L` (1 x neurons).
    pub bias: Matrix,
    /// `ξ_L = y_{L-1} W_L + b_L` (1 x neurons).
    pub potentials: Matrix,
    /// `y_L = f_L(ξ_L)` (1 x neurons).
    pub outputs: Matrix,
}

/// One table row through the network (see the module's text).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RowPass {
    /// The row's number in the table (1-based), as the data view numbers it; 0 for a
    /// drawing.
    pub row: usize,
    /// Whether the row is in the test split (else the training split).
    pub test: bool,
    /// The input columns' names and the row's raw cells ("" when missing).
    pub columns: Vec<String>,
    /// The row's raw cells, in the order of `columns`.
    pub cells: Vec<String>,
    /// The network's inputs' names ("fur = short" for a one-hot input).
    pub input_names: Vec<String>,
    /// The output neurons' names (class names, or the target columns).
    pub output_names: Vec<String>,
    /// `x = y_0`, the row's inputs as the network sees them (1 x inputs).
    pub inputs: Matrix,
    /// Every layer from the first hidden one to the output layer.
    pub layers: Vec<RowLayer>,
    /// `d`, the target coded as the output should be (1 x outputs; 1 x 0 for a drawing).
    pub target_code: Matrix,
    /// `y_out − d` (1 x outputs; 1 x 0 for a drawing).
    pub error: Matrix,
    /// The loss's name.
    pub loss_name: String,
    /// The row's loss `e(y_out, d)` (the loss of a batch of this one row); `None` for a
    /// drawing, which has no target.
    pub loss: Option<f64>,
    /// The target as the data view writes it (the class name, or numbers in their
    /// units); empty for a drawing.
    pub target: String,
    /// The prediction as the data view writes it.
    pub predicted: String,
    /// Whether a class is predicted wrongly (always false for numbers).
    pub wrong: bool,
}

/// The split holding table row `row` (0-based) and the row's place in it.
fn find_row(prepared: &Prepared, row: usize) -> Option<(bool, &Encoded, usize)> {
    let place = |split: &Encoded| split.rows.iter().position(|&r| r == row);
    if let Some(r) = place(&prepared.train) {
        return Some((false, &prepared.train, r));
    }
    place(&prepared.test).map(|r| (true, &prepared.test, r))
}

/// `network`'s forward pass of the one row of inputs `x`: `(x = y_0, every layer)`.
fn forward_layers(network: &Network<f32>, x: &[f64]) -> (Matrix, Vec<RowLayer>) {
    let x: Vec<f32> = x.iter().map(|&v| v as f32).collect();
    let input = DMatrix::from_row_slice(1, x.len(), &x);
    let mut buffers = network.buffers(1);
    network.forward(&input, 0, 1, &mut buffers);
    let layers = network
        .layers
        .iter()
        .zip(buffers.potentials.iter().zip(&buffers.outputs))
        .map(|(layer, (xi, y))| RowLayer {
            activation: layer.activation.name().to_string(),
            weights: Matrix::of(layer.weights.as_view()),
            bias: Matrix::of(layer.bias.as_view()),
            potentials: Matrix::of(xi.rows(0, 1)),
            outputs: Matrix::of(y.rows(0, 1)),
        })
        .collect();
    (Matrix::of(input.as_view()), layers)
}

/// The output layer's row `y_out` of a pass.
fn last_outputs(layers: &[RowLayer]) -> Vec<f64> {
    layers.last().map(|l| l.outputs.data.clone()).unwrap_or_default()
}

impl Trainer<f32> {
    /// Table row `row` (1-based, as the data view numbers it) through the network:
    /// every layer's `W_L`, `b_L`, `ξ_L`, `y_L`, then the coded target `d`, the error
    /// `y − d` and the row's loss. Errors on the plane, for a row the table does not
    /// have, or for one dropped (a missing cell, an unseen level).
    pub fn row_pass(&self, row: usize) -> Result<RowPass, Error> {
        let prepared = self
            .dataset()
            .table
            .as_deref()
            .ok_or_else(|| Error::whole("this run trains on the plane: it has no table rows"))?;
        let rows = prepared.table.rows();
        if row == 0 || row > rows {
            return Err(Error::whole(format!("the table has no row {row}: its rows are 1 to {rows}")));
        }
        let (test, split, r) = find_row(prepared, row - 1).ok_or_else(|| {
            Error::whole(format!(
                "row {row} is in neither split: it was dropped (see how the columns are coded)"
            ))
        })?;
        let x: Vec<f64> = split.inputs.row(r).iter().copied().collect();
        let (inputs, layers) = forward_layers(self.network(), &x);
        let y = last_outputs(&layers);
        let range = self.config().output_activation().target_range();
        let d = coded_target(split, r, range, y.len());
        let loss = self.config().loss;
        let (target, predicted) = target_and_prediction(prepared, split, &y, r, range);
        let wrong = split.values.ncols() == 0 && target != predicted;
        Ok(RowPass {
            row,
            test,
            columns: prepared.table.inputs.iter().map(|c| c.name.clone()).collect(),
            cells: prepared.table.inputs.iter().map(|c| c.text(row - 1)).collect(),
            input_names: prepared.encoder.input_names(),
            output_names: prepared.encoder.target.output_names(y.len()),
            inputs,
            error: Matrix { rows: 1, cols: y.len(), data: y.iter().zip(&d).map(|(y, d)| y - d).collect() },
            loss: Some(loss.sample(y.iter().copied(), d.iter().copied())),
            target_code: Matrix { rows: 1, cols: d.len(), data: d },
            loss_name: loss.name().to_string(),
            layers,
            target,
            predicted,
            wrong,
        })
    }

    /// One picture (as [`Trainer::predict_image`] takes it) through the network, layer
    /// by layer, as [`Trainer::row_pass`] shows a table row: `x` coded as the table's
    /// rows are, each layer's `W`, `b`, `ξ`, `y`, and the predicted class. A drawing has
    /// no target, so no `d`, error or loss (row 0, `loss` `None`).
    pub fn drawing_pass(&self, pixels: &[f64]) -> Result<RowPass, Error> {
        let cells = self.drawn_row(pixels)?;
        let table = self.dataset().table.as_deref().ok_or_else(|| Error::whole("no table"))?;
        let x = table.encoder.encode_raw(&cells.iter().cloned().collect())?;
        let (inputs, layers) = forward_layers(self.network(), &x);
        let y = last_outputs(&layers);
        let names = table.encoder.target.output_names(y.len());
        let class = predicted_class(y.iter().copied(), self.config().output_activation().target_range());
        let empty = || Matrix { rows: 1, cols: 0, data: Vec::new() };
        Ok(RowPass {
            row: 0,
            test: false,
            columns: cells.iter().map(|(name, _)| name.clone()).collect(),
            cells: cells.into_iter().map(|(_, value)| value).collect(),
            input_names: table.encoder.input_names(),
            predicted: names.get(class).cloned().unwrap_or_default(),
            output_names: names,
            inputs,
            layers,
            target_code: empty(),
            error: empty(),
            loss_name: self.config().loss.name().to_string(),
            loss: None,
            target: String::new(),
            wrong: false,
        })
    }
}

/// Split row `r`'s target as the `outputs` the network should produce: the scaled
/// numbers, or the class coded over `range` ([`code_class`]).
fn coded_target(split: &Encoded, r: usize, range: (f64, f64), outputs: usize) -> Vec<f64> {
    if split.values.ncols() > 0 {
        return split.values.row(r).iter().copied().collect();
    }
    let mut row = vec![0.0_f64; outputs];
    code_class(split.classes[r], range, &mut row);
    row
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn run(kind: &str) -> Trainer<f32> {
        let mut config = Config::default();
        config.data.table =
            serde_json::from_str(&format!(r#"{{"kind": "{kind}", "code": {{}}}}"#)).expect("a table");
        Trainer::new(&config).expect("builds")
    }

    #[test]
    fn a_drawing_passes_like_the_table_row_it_copies_without_a_target() {
        let trainer = run("letters");
        let layout = trainer.image_layout().expect("an image table");
        let table = trainer.dataset().table.as_deref().expect("a table");
        let row = table.train.rows[0];
        let cell = |name: &String| {
            let column = table.table.inputs.iter().find(|c| &c.name == name).expect("a pixel column");
            column.text(row).parse::<f64>().expect("a number")
        };
        let pixels: Vec<f64> = layout.pixels.iter().map(cell).collect();
        let drawn = trainer.drawing_pass(&pixels).expect("passes");
        let listed = trainer.row_pass(row + 1).expect("passes");
        assert_eq!((drawn.inputs.clone(), drawn.layers.clone()), (listed.inputs, listed.layers));
        assert_eq!(drawn.predicted, listed.predicted);
        assert_eq!(drawn.columns, layout.pixels, "pixel order");
        assert_eq!((drawn.row, drawn.loss, drawn.target.as_str(), drawn.target_code.cols), (0, None, "", 0));
        let outputs = trainer.predict_image(&pixels).expect("predicts").outputs;
        assert_eq!(drawn.layers.last().expect("a layer").outputs.data, outputs);
        assert!(trainer.drawing_pass(&pixels[1..]).is_err(), "the picture's size is checked");
    }
}
