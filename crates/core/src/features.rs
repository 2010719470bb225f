//! Input features: what the network sees of a point `(x1, x2)` of the plane.

use crate::param::{Choice, Kind, Param};
use serde::{Deserialize, Serialize};

/// One input feature computed from a point `(x1, x2)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    /// `x1`
    X1,
    /// `x2`
    X2,
    /// `x1^2`
    X1Squared,
    /// `x2^2`
    X2Squared,
    /// `x1 x2`
    X1X2,
    /// `sin x1`
    SinX1,
    /// `sin x2`
    SinX2,
}

impl Feature {
    /// Every feature, in the order the page lists them.
    pub const ALL: [Feature; 7] = [
        Feature::X1,
        Feature::X2,
        Feature::X1Squared,
        Feature::X2Squared,
        Feature::X1X2,
        Feature::SinX1,
        Feature::SinX2,
    ];

    /// The features, for the configuration table (ids as in a configuration).
    pub const CHOICES: &'static [Choice] = &[
        Choice::new("x1", "x1", "The first coordinate."),
        Choice::new("x2", "x2", "The second coordinate."),
        Choice::new("x1_squared", "x1²", "The first coordinate squared."),
        Choice::new("x2_squared", "x2²", "The second coordinate squared."),
        Choice::new("x1_x2", "x1·x2", "The product of the coordinates."),
        Choice::new("sin_x1", "sin x1", "The sine of the first coordinate."),
        Choice::new("sin_x2", "sin x2", "The sine of the second coordinate."),
    ];

    /// The ids of the features a new run starts with.
    const DEFAULT: &'static [&'static str] = &["x1", "x2"];

    /// The table entry of `features`.
    pub const PARAM: Param = Param::new(
        "features",
        "Input features",
        "",
        "What the input layer sees of a point (x1, x2): one input neuron per feature.",
        Kind::Flags { choices: Feature::CHOICES, default: Feature::DEFAULT },
    );

    /// The features a new run starts with, in their listed order: those of
    /// [`Feature::ALL`] whose id (in [`Feature::CHOICES`], listed in the same order)
    /// the table names as the default.
    pub fn defaults() -> Vec<Feature> {
        Feature::ALL
            .iter()
            .zip(Feature::CHOICES)
            .filter(|(_, c)| Feature::DEFAULT.contains(&c.id))
            .map(|(&f, _)| f)
            .collect()
    }

    /// The feature's value at the point `(x1, x2)`.
    #[inline]
    pub fn value(&self, x1: f64, x2: f64) -> f64 {
        match self {
            Feature::X1 => x1,
            Feature::X2 => x2,
            Feature::X1Squared => x1 * x1,
            Feature::X2Squared => x2 * x2,
            Feature::X1X2 => x1 * x2,
            Feature::SinX1 => x1.sin(),
            Feature::SinX2 => x2.sin(),
        }
    }

    /// A label in mathematical notation.
    pub fn label(&self) -> &'static str {
        match self {
            Feature::X1 => "x1",
            Feature::X2 => "x2",
            Feature::X1Squared => "x1²",
            Feature::X2Squared => "x2²",
            Feature::X1X2 => "x1·x2",
            Feature::SinX1 => "sin x1",
            Feature::SinX2 => "sin x2",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`Feature::defaults`] pairs [`Feature::ALL`] with [`Feature::CHOICES`] by position.
    #[test]
    fn every_feature_is_listed_at_the_position_of_its_choice() {
        assert_eq!(Feature::ALL.len(), Feature::CHOICES.len());
        for (f, c) in Feature::ALL.iter().zip(Feature::CHOICES) {
            assert_eq!(serde_json::to_value(f).expect("json"), serde_json::json!(c.id));
        }
        assert_eq!(Feature::defaults(), [Feature::X1, Feature::X2]);
    }
}
