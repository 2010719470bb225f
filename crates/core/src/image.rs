//! Image tables (letters, digits): their input columns are the pixels of a picture,
//! row by row. [`ImageLayout`] tells the page where each pixel sits and which input
//! of the network it feeds (a pixel constant on the training split may have been
//! dropped), so it can draw a row as a picture and a neuron's incoming weights on the
//! pixel grid; [`Trainer::predict_image`] runs the network on one drawn picture (and
//! `inspect::row_pass` shows that run layer by layer).

use crate::builtin::{letters, Builtin};
use crate::error::Error;
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

    /// A drawn picture as a raw table row (pixel column, value) in pixel order, after
    /// checking that the run's table is an image, the picture its size and every value
    /// finite.
    pub(crate) fn drawn_row(&self, pixels: &[f64]) -> Result<Vec<(String, String)>, Error> {
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
