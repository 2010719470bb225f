//! What a table run's result panels show: for classes, each split's confusion matrix
//! with the table rows behind every cell and each class's accuracy (recall); for
//! numbers, every row's predicted and actual target in the column's own units with
//! RMSE and R² per output; and, for the linear network on the weather table, the
//! coefficients in the inputs' own units three ways (the generator's law, the closed
//! form, gradient descent's current weights).

use crate::activation::Activation;
use crate::builtin::{weather, Builtin};
use crate::encoding::{Encoded, Encoder, TargetCode};
use crate::error::Error;
use crate::evaluation::{Data, Evaluator};
use crate::lstsq::solve;
use crate::metrics::{predicted_class, FitSums, OutputFit};
use crate::network::Network;
use crate::real::Real;
use crate::train::Trainer;
use nalgebra::DMatrix;
use serde::Serialize;

/// One split's confusion matrix, `counts[actual][predicted]`, with the table rows
/// (0-based) counted in every cell.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Confusion {
    /// `counts[a][p]`: rows of class `a` the network predicts as class `p`.
    pub counts: Vec<Vec<u32>>,
    /// `rows[a][p]`: those rows' indices in the table, in split order.
    pub rows: Vec<Vec<Vec<usize>>>,
    /// Per class `a`, its accuracy (recall) `counts[a][a] / sum_p counts[a][p]`;
    /// `None` when the split has no row of that class.
    pub recall: Vec<Option<f64>>,
    /// Number of rows in the split.
    pub samples: usize,
}

impl Confusion {
    /// The confusion matrix of `classes` classes from each row's `(table row, actual,
    /// predicted)` class.
    pub fn from_rows(classes: usize, rows: impl Iterator<Item = (usize, usize, usize)>) -> Self {
        let mut counts = vec![vec![0u32; classes]; classes];
        let mut cells = vec![vec![Vec::new(); classes]; classes];
        let mut samples = 0;
        for (row, actual, predicted) in rows {
            samples += 1;
            if actual < classes && predicted < classes {
                counts[actual][predicted] += 1;
                cells[actual][predicted].push(row);
            }
        }
        let recall = counts
            .iter()
            .enumerate()
            .map(|(a, row)| {
                let total: u32 = row.iter().sum();
                (total > 0).then(|| f64::from(row[a]) / f64::from(total))
            })
            .collect();
        Confusion { counts, rows: cells, recall, samples }
    }
}

/// One split's predictions of numeric targets, in the target columns' own units.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Predictions {
    /// The table rows (0-based) of the split, in order.
    pub rows: Vec<usize>,
    /// `predicted[j][r]`: output `j` for row `rows[r]`.
    pub predicted: Vec<Vec<f64>>,
    /// `actual[j][r]`: target column `j` of row `rows[r]`.
    pub actual: Vec<Vec<f64>>,
    /// RMSE and R² of each output, in its column's units.
    pub fits: Vec<OutputFit>,
}

/// What the result panels of a table run show, for the training and the test split.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Results {
    /// Classes: the confusion matrices.
    Classes {
        /// The class names, in class order (the matrices' rows and columns).
        classes: Vec<String>,
        /// The training split.
        train: Confusion,
        /// The test split.
        test: Confusion,
    },
    /// Numbers: predicted against actual.
    Numbers {
        /// The target columns' names (one per output).
        names: Vec<String>,
        /// The training split.
        train: Predictions,
        /// The test split.
        test: Predictions,
    },
}

/// A linear network's coefficients in the inputs' own units, `y = c + sum_i a_i x_i`
/// for one output.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Coefficients {
    /// `a_i`, one per input, in output units per input unit.
    pub weights: Vec<f64>,
    /// `c`, the output at all inputs zero.
    pub intercept: f64,
}

/// The weather table's coefficients three ways, for the least-squares panel.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LeastSquaresReport {
    /// The inputs' names (with their units).
    pub inputs: Vec<String>,
    /// The target's name.
    pub target: String,
    /// The generator's stated law ([`weather::law`]).
    pub law: Coefficients,
    /// The closed form `W = (X^T X)^-1 X^T D` on the training split.
    pub closed_form: Coefficients,
    /// Gradient descent's current weights.
    pub gradient_descent: Coefficients,
}

/// Runs `network` on an encoded split and hands `visit` each row's index in the split
/// and its outputs (in training units).
fn each_output<T: Real>(network: &Network<T>, encoded: &Encoded, mut visit: impl FnMut(usize, &[f64])) {
    let data = Data::<T>::from_encoded(encoded, None, (0.0, 1.0), network.outputs());
    let mut evaluator = Evaluator::new(network);
    let mut row = vec![0.0; network.outputs()];
    evaluator.forward_chunks(network, &data.inputs, |buffers, start, rows| {
        if let Some(y) = buffers.outputs.last() {
            for r in 0..rows {
                for (j, v) in row.iter_mut().enumerate() {
                    *v = y[(r, j)].to_f64();
                }
                visit(start + r, &row);
            }
        }
    });
}

/// The confusion matrix of `network` on a split of classes.
fn confusion<T: Real>(
    network: &Network<T>,
    encoded: &Encoded,
    classes: usize,
    range: (f64, f64),
) -> Confusion {
    let mut triples = Vec::with_capacity(encoded.rows.len());
    each_output(network, encoded, |r, y| {
        triples.push((encoded.rows[r], encoded.classes[r], predicted_class(y.iter().copied(), range)));
    });
    Confusion::from_rows(classes, triples.into_iter())
}

/// Predicted and actual numbers of `network` on a split, in the target's units.
fn predictions<T: Real>(network: &Network<T>, encoded: &Encoded, target: &TargetCode) -> Predictions {
    let outputs = network.outputs();
    let names = target.output_names(outputs);
    let mut predicted = vec![Vec::with_capacity(encoded.rows.len()); outputs];
    let mut actual = vec![Vec::with_capacity(encoded.rows.len()); outputs];
    let mut sums = FitSums::new(outputs);
    each_output(network, encoded, |r, y| {
        for j in 0..outputs {
            predicted[j].push(target.unscale(j, y[j]));
            actual[j].push(target.unscale(j, encoded.values.get((r, j)).copied().unwrap_or(f64::NAN)));
        }
        sums.add((0..outputs).map(|j| (predicted[j][r], actual[j][r])));
    });
    Predictions { rows: encoded.rows.clone(), predicted, actual, fits: sums.finish(&names) }
}

/// One output's coefficients in units from a linear network's `weights` (a row per
/// encoded input) and `bias`, through [`Encoder::linear_in_units`].
fn in_units(encoder: &Encoder, weights: &DMatrix<f64>, bias: &DMatrix<f64>) -> Coefficients {
    let (a, c) = encoder.linear_in_units(weights, bias);
    Coefficients { weights: a.column(0).iter().copied().collect(), intercept: c[(0, 0)] }
}

/// The weather generator's law written as `c + sum_i a_i x_i` over (pressure, wind,
/// temperature): `c = INTERCEPT - PRESSURE * REFERENCE_PRESSURE`.
pub fn weather_law() -> Coefficients {
    Coefficients {
        weights: vec![weather::PRESSURE, weather::WIND, weather::TEMPERATURE],
        intercept: weather::INTERCEPT - weather::PRESSURE * weather::REFERENCE_PRESSURE,
    }
}

impl<T: Real> Trainer<T> {
    /// The result panels' figures of a table run on both splits; `None` on the plane.
    pub fn results(&self) -> Option<Results> {
        let table = self.dataset().table.as_deref()?;
        let network = self.network();
        let target = &table.encoder.target;
        Some(match target {
            TargetCode::Classes { classes, .. } => {
                let range = self.config().output_activation().target_range();
                let n = classes.len();
                Results::Classes {
                    classes: classes.clone(),
                    train: confusion(network, &table.train, n, range),
                    test: confusion(network, &table.test, n, range),
                }
            }
            TargetCode::Numbers { .. } => Results::Numbers {
                names: target.output_names(network.outputs()),
                train: predictions(network, &table.train, target),
                test: predictions(network, &table.test, target),
            },
        })
    }

    /// For the linear network (no hidden layer, linear output) on the weather table:
    /// the law, the closed-form solution and gradient descent's current weights, each
    /// in the inputs' own units. Fails, saying why, for another table or network, or
    /// when the closed form is singular (an input column dropped or one-hot coded
    /// leaves the law's three inputs).
    pub fn least_squares_report(&self) -> Result<LeastSquaresReport, Error> {
        let weather_run = self.config().data.table.as_ref().is_some_and(|t| t.kind == Builtin::Weather);
        let table = self.dataset().table.as_deref().filter(|_| weather_run).ok_or_else(|| {
            Error::field("data.table", "the least-squares comparison is for the weather table")
        })?;
        let layers = &self.network().layers;
        if layers.len() != 1 || layers[0].activation != Activation::Linear {
            return Err(Error::whole(
                "The closed form is the linear network's: set 0 hidden layers and a linear output \
                 activation."
                    .to_string(),
            ));
        }
        let inputs: Vec<String> = table.encoder.inputs.iter().flat_map(|c| c.input_names()).collect();
        if inputs.len() != 3 {
            return Err(Error::whole(format!(
                "The law has 3 numeric inputs; this code has {} ({}).",
                inputs.len(),
                inputs.join(", ")
            )));
        }
        let (x, d) = self.training_matrices();
        let (w, b) = solve(&x.map(|v| v.to_f64()), &d.map(|v| v.to_f64()))?;
        let gd = (layers[0].weights.map(|v| v.to_f64()), layers[0].bias.map(|v| v.to_f64()));
        Ok(LeastSquaresReport {
            inputs,
            target: target_name(&table.encoder.target),
            law: weather_law(),
            closed_form: in_units(&table.encoder, &w, &b),
            gradient_descent: in_units(&table.encoder, &gd.0, &gd.1),
        })
    }
}

/// The first output's name.
fn target_name(target: &TargetCode) -> String {
    target.output_names(1).into_iter().next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_confusion_matrix_counts_rows_and_remembers_them() {
        // Rows 10..15: actual 0,0,1,1,1,2 predicted 0,1,1,1,0,2.
        let rows = [(10, 0, 0), (11, 0, 1), (12, 1, 1), (13, 1, 1), (14, 1, 0), (15, 2, 2)];
        let c = Confusion::from_rows(3, rows.into_iter());
        assert_eq!(c.counts, vec![vec![1, 1, 0], vec![1, 2, 0], vec![0, 0, 1]]);
        assert_eq!(c.rows[1][1], vec![12, 13]);
        assert_eq!(c.rows[1][0], vec![14]);
        assert_eq!(c.recall, vec![Some(0.5), Some(2.0 / 3.0), Some(1.0)]);
        assert_eq!(c.samples, 6);
        let empty = Confusion::from_rows(2, [(0, 0, 0)].into_iter());
        assert_eq!(empty.recall, vec![Some(1.0), None], "no row of class 1: no accuracy");
    }

    #[test]
    fn the_weather_law_in_units_gives_the_generators_risk() {
        let law = weather_law();
        let (p, w, t) = (1000.0, 5.0, 12.0);
        let y = law.intercept + law.weights[0] * p + law.weights[1] * w + law.weights[2] * t;
        assert!((y - weather::law(p, w, t)).abs() < 1e-9, "{y}");
    }
}
