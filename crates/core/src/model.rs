//! Saving and loading a trained network: its configuration (which regenerates the
//! very same data from the seed) and every weight and bias, as JSON.
//!
//! Weights are stored as `f32` in shortest round-trip form, so a loaded model gives
//! the identical output grid. Optimizer memory (momentum, Adam moments) is not saved:
//! training a loaded model resumes with a fresh optimizer.

use crate::config::Config;
use crate::error::Error;
use crate::network::Network;
use crate::train::Trainer;
use serde::{Deserialize, Serialize};

/// The `format` tag of a model file.
pub const MODEL_FORMAT: &str = "nn-playground-model";
/// The version of the model file layout.
pub const MODEL_VERSION: u32 = 1;

/// A model file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Always [`MODEL_FORMAT`].
    pub format: String,
    /// Always [`MODEL_VERSION`].
    pub version: u32,
    /// Epochs trained when saved.
    pub epoch: u64,
    /// The run's configuration.
    pub config: Config,
    /// The weights and biases.
    pub network: Network<f32>,
}

impl Trainer<f32> {
    /// The current network and configuration as a model file.
    pub fn export_model(&self) -> String {
        let model = Model {
            format: MODEL_FORMAT.to_string(),
            version: MODEL_VERSION,
            epoch: self.epoch(),
            config: self.config().clone(),
            network: self.network().clone(),
        };
        serde_json::to_string_pretty(&model).unwrap_or_default()
    }

    /// Builds a run from a model file: validates the configuration, regenerates its
    /// data, and installs the saved weights after checking they fit the network the
    /// configuration describes and are all finite.
    pub fn import_model(json: &str) -> Result<Trainer<f32>, Error> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| Error::whole(format!("The file is not JSON: {e}")))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(MODEL_FORMAT) {
            return Err(Error::whole(format!(
                "This is not a model file of this playground (no \"format\": \"{MODEL_FORMAT}\")."
            )));
        }
        if value.get("version").and_then(|v| v.as_u64()) != Some(u64::from(MODEL_VERSION)) {
            return Err(Error::whole(format!(
                "Unsupported model version (this playground reads version {MODEL_VERSION})."
            )));
        }
        let model: Model = serde_json::from_value(value)
            .map_err(|e| Error::whole(format!("The model file is malformed: {e}")))?;
        let mut trainer =
            Trainer::new(&model.config).map_err(|e| e.context("The model's configuration is invalid: "))?;
        let expected = trainer.network();
        let shape_of = |n: &Network<f32>| -> Vec<(usize, usize, usize, usize)> {
            n.layers
                .iter()
                .map(|l| (l.weights.nrows(), l.weights.ncols(), l.bias.nrows(), l.bias.ncols()))
                .collect()
        };
        if shape_of(&model.network) != shape_of(expected) {
            return Err(Error::whole(format!(
                "The weights do not fit the configured network: layers {:?} expected, the file has {:?}.",
                expected.shape(),
                model.network.shape()
            )));
        }
        for (l, (saved, built)) in model.network.layers.iter().zip(&expected.layers).enumerate() {
            if saved.activation != built.activation {
                return Err(Error::whole(format!(
                    "Layer {} has activation {} in the weights but {} in the configuration.",
                    l + 1,
                    saved.activation.name(),
                    built.activation.name()
                )));
            }
        }
        if !model.network.is_finite() {
            return Err(Error::whole("The model contains a weight that is NaN or infinite.".to_string()));
        }
        trainer.network_mut().copy_parameters_from(&model.network);
        Ok(trainer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::Split;

    #[test]
    fn export_then_import_gives_the_identical_output_grid() {
        let mut t: Trainer<f32> = Trainer::new(&Config::default()).expect("valid");
        t.train(37, &mut || 0.0);
        let json = t.export_model();
        let mut back = Trainer::import_model(&json).expect("own export loads");
        assert_eq!(back.network(), t.network());
        let (mut a, mut b) = (vec![0.0; 64 * 64], vec![1.0; 64 * 64]);
        t.fill_grid(64, 64, &mut a, None);
        back.fill_grid(64, 64, &mut b, None);
        assert_eq!(a, b);
        assert_eq!(back.loss(Split::Test), t.loss(Split::Test));
    }

    #[test]
    fn malformed_and_mismatched_files_are_refused_with_reasons() {
        let t: Trainer<f32> = Trainer::new(&Config::default()).expect("valid");
        let good: serde_json::Value = serde_json::from_str(&t.export_model()).expect("json");
        let cases: Vec<(String, &str)> = vec![
            ("{ nope".into(), "not JSON"),
            ("{}".into(), "not a model file"),
            (good.to_string().replace("\"version\":1", "\"version\":7"), "version"),
            (good.to_string().replace("\"hidden_layers\":[4,2]", "\"hidden_layers\":[3,2]"), "do not fit"),
            (good.to_string().replace("\"learning_rate\":0.03", "\"learning_rate\":-1"), "invalid"),
        ];
        for (json, expected) in cases {
            let err = Trainer::import_model(&json).expect_err(expected);
            assert!(err.to_string().contains(expected), "{expected:?} not in {err}");
        }
    }
}
