//! Image tables (letters, digits): their input columns are the pixels of a picture,
//! row by row. [`ImageLayout`] tells the page where each pixel sits and which input
//! of the network it feeds (a pixel constant on the training split may have been
//! dropped), so it can draw a row as a picture and a neuron's incoming weights on the
//! pixel grid; [`Trainer::predict_image`] runs the network on one drawn picture and
//! [`Trainer::drawing_pass`] shows that run layer by layer.

use crate::builtin::{letters, Builtin};
use crate::error::Error;
use crate::inspect::matrix::Matrix;
use crate::inspect::row_pass::{forward_layers, last_outputs};
use crate::inspect::RowPass;
use crate::metrics::predicted_class;
use crate::model::predict_raw;
use crate::train::Trainer;
use serde::Serialize;
use std::collections::BTreeMap;

/// The picture a built-in image table's rows are: `width × height` pixels, row by row,
/// each from 0 (background) to `ink` (full ink).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ImageShape {
    /// Pixels per row.
    pub width: usize,
    /// Rows of pixels.
    pub height: usize,
    /// The value of a fully inked pixel (1 for letters, 16 for digits).
    pub ink: f64,
}

impl Builtin {
    /// The picture its rows are, for the image tables (letters, digits); `None` otherwise.
    pub fn image_shape(self) -> Option<ImageShape> {
        match self {
            Builtin::Letters => Some(ImageShape { width: letters::WIDTH, height: letters::HEIGHT, ink: 1.0 }),
            Builtin::Digits => Some(ImageShape { width: 8, height: 8, ink: 16.0 }),
            _ => None,
        }
    }
}

/// Where a run's pixels are: the picture and, for each pixel (row by row), its input
/// column and the index of the network input it feeds (`None`: the column was dropped).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImageLayout {
    /// The picture.
    #[serde(flatten)]
    pub shape: ImageShape,
    /// Each pixel's column name, row by row.
    pub pixels: Vec<String>,
    /// Each pixel's network input (row `i` of the first layer's `W`), or `None`.
    pub inputs: Vec<Option<usize>>,
}

/// What the network makes of one picture.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImagePrediction {
    /// The output layer's values `y` (probabilities under softmax).
    pub outputs: Vec<f64>,
    /// The class they predict ([`predicted_class`]).
    pub class: usize,
}

impl Trainer<f32> {
    /// The pixel layout of the run's table when it is an image table, else `None`.
    pub fn image_layout(&self) -> Option<ImageLayout> {
        let shape = self.config().data.table.as_ref()?.kind.image_shape()?;
        let prepared = self.dataset().table.as_deref()?;
        let pixels: Vec<String> = prepared.table.inputs.iter().map(|c| c.name.clone()).collect();
        if pixels.len() != shape.width * shape.height {
            return None;
        }
        let mut first_input = BTreeMap::new();
        let mut at = 0;
        for code in &prepared.encoder.inputs {
            first_input.insert(code.name(), at);
            at += code.width();
        }
        let inputs = pixels.iter().map(|p| first_input.get(p.as_str()).copied()).collect();
        Some(ImageLayout { shape, pixels, inputs })
    }

    /// The network's outputs and class for one picture of the run's image table:
    /// `pixels` holds `width × height` raw pixel values row by row (0 to `ink`), coded
    /// as the table's rows are. Fails, saying why, on a table that is not an image or
    /// a picture of another size or with a value that is not a finite number.
    pub fn predict_image(&self, pixels: &[f64]) -> Result<ImagePrediction, Error> {
        let row = self.drawn_row(pixels)?.into_iter().collect();
        let table = self.dataset().table.as_deref().ok_or_else(|| Error::whole("no table"))?;
        let outputs = predict_raw(self.network(), &table.encoder, &row)?;
        let class =
            predicted_class(outputs.iter().copied(), self.config().output_activation().target_range());
        Ok(ImagePrediction { outputs, class })
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

    /// A drawn picture as a raw table row (pixel column, value) in pixel order, after
    /// checking that the run's table is an image, the picture its size and every value
    /// finite.
    fn drawn_row(&self, pixels: &[f64]) -> Result<Vec<(String, String)>, Error> {
        let layout = self
            .image_layout()
            .ok_or_else(|| Error::whole("This run's data is not an image table (letters or digits)."))?;
        let need = layout.pixels.len();
        if pixels.len() != need {
            return Err(Error::whole(format!(
                "A picture of this table has {need} pixels ({} × {}), got {}.",
                layout.shape.width,
                layout.shape.height,
                pixels.len()
            )));
        }
        if let Some(i) = pixels.iter().position(|v| !v.is_finite()) {
            return Err(Error::whole(format!("Pixel {} is not a finite number.", i + 1)));
        }
        Ok(layout.pixels.into_iter().zip(pixels.iter().map(f64::to_string)).collect())
    }
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
    fn letters_are_7_by_9_pictures_feeding_one_input_per_pixel() {
        let trainer = run("letters");
        let layout = trainer.image_layout().expect("letters are images");
        assert_eq!((layout.shape.width, layout.shape.height), (7, 9));
        assert_eq!(layout.pixels[8], "pixel_1_1");
        let fed: Vec<usize> = layout.inputs.iter().flatten().copied().collect();
        assert!(fed.windows(2).all(|w| w[0] < w[1]), "inputs in pixel order");
        assert_eq!(*fed.last().expect("some input"), trainer.network().inputs() - 1);
    }

    #[test]
    fn a_picture_is_predicted_like_the_same_raw_row() {
        let trainer = run("letters");
        let layout = trainer.image_layout().expect("an image table");
        let pixels: Vec<f64> = (0..63).map(|i| f64::from(u8::from(i % 3 == 0))).collect();
        let by_image = trainer.predict_image(&pixels).expect("predicts");
        let row = layout.pixels.iter().cloned().zip(pixels.iter().map(|v| v.to_string())).collect();
        assert_eq!(by_image.outputs, trainer.predict_row(&row).expect("predicts"));
        assert!(by_image.class < 26);
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

    #[test]
    fn bad_pictures_and_other_tables_are_refused_with_the_reason() {
        let trainer = run("letters");
        let short = trainer.predict_image(&[0.0; 10]).expect_err("too few pixels");
        assert!(short.to_string().contains("63 pixels"), "{short}");
        let mut nan = vec![0.0; 63];
        nan[4] = f64::NAN;
        assert!(trainer.predict_image(&nan).expect_err("NaN").to_string().contains("Pixel 5"));
        let animals = run("animals");
        assert!(animals.image_layout().is_none());
        assert!(animals.predict_image(&[]).expect_err("not an image").to_string().contains("not an image"));
        assert!(Trainer::new(&Config::default()).expect("plane").image_layout().is_none());
    }
}
