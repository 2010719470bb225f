//! Quality measures beside the loss: accuracy and the confusion matrix for
//! classification, the coefficient of determination R² for regression, and one error
//! measure that means the same whatever a run's loss (the mean squared error of the
//! outputs against the coded targets), so runs with different losses can be compared.

use crate::table::Targets;
use serde::Serialize;

/// The class a network's outputs predict: for one output, class 1 when it is above
/// the middle of the target range `(lo + hi) / 2`; otherwise the output with the
/// largest value (argmax).
pub fn predicted_class(outputs: impl Iterator<Item = f64>, range: (f64, f64)) -> usize {
    let mut best = (0, f64::NEG_INFINITY);
    let mut count = 0;
    let mut first = 0.0;
    for (j, y) in outputs.enumerate() {
        if j == 0 {
            first = y;
        }
        if y > best.1 {
            best = (j, y);
        }
        count += 1;
    }
    if count == 1 {
        usize::from(first > 0.5 * (range.0 + range.1))
    } else {
        best.0
    }
}

/// Metrics of one split.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Metrics {
    /// Fraction of samples classified correctly (classification only).
    pub accuracy: Option<f64>,
    /// `confusion[actual][predicted]` counts (classification only).
    pub confusion: Option<Vec<Vec<u32>>>,
    /// `R² = 1 - sum (d - y)^2 / sum (d - mean d)^2` (regression only).
    pub r_squared: Option<f64>,
    /// Mean squared error of the outputs against the coded targets,
    /// `1/(N K) sum_p sum_k ((y_pk - d_pk) / s)^2` over the N samples and K outputs, with
    /// `s` the width of the target range for classification (so targets coded 0/1 and
    /// ±1 give the same figure) and 1 for regression: the same measure for every loss.
    /// `None` until a sample's outputs are added ([`Metrics::add_error`]).
    pub mean_squared_error: Option<f64>,
    /// Number of samples.
    pub samples: usize,
    /// For a table with numeric targets: each output's RMSE and R² in its column's own
    /// units (empty otherwise, and then not written).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub outputs: Vec<OutputFit>,
    #[serde(skip)]
    sums: (f64, f64, f64),
    /// Sum of the scaled squared errors and the number of output values in it.
    #[serde(skip)]
    errors: (f64, usize),
    #[serde(skip)]
    targets: Vec<f64>,
}

impl Metrics {
    /// Empty metrics for targets of the given kind.
    pub fn new(targets: Targets) -> Self {
        let confusion = match targets {
            Targets::Classes { classes } => Some(vec![vec![0; classes]; classes]),
            Targets::Regression => None,
        };
        Metrics {
            accuracy: None,
            confusion,
            r_squared: None,
            mean_squared_error: None,
            samples: 0,
            outputs: Vec::new(),
            sums: (0.0, 0.0, 0.0),
            errors: (0.0, 0),
            targets: Vec::new(),
        }
    }

    /// Adds one sample with target `target` (class index or value) and network outputs.
    pub fn add(&mut self, target: f64, outputs: impl Iterator<Item = f64>, range: (f64, f64)) {
        self.samples += 1;
        match self.confusion.as_mut() {
            Some(confusion) => {
                let predicted = predicted_class(outputs, range);
                if let Some(cell) = confusion.get_mut(target as usize).and_then(|row| row.get_mut(predicted))
                {
                    *cell += 1;
                }
            }
            None => {
                let y = outputs.into_iter().next().unwrap_or(f64::NAN);
                self.sums.0 += (target - y) * (target - y);
                self.sums.1 += target;
                self.targets.push(target);
            }
        }
    }

    /// Adds one sample's outputs and coded targets (the same order) to the mean squared
    /// error; `range` is the output activation's target range.
    pub fn add_error(
        &mut self,
        outputs: impl Iterator<Item = f64>,
        targets: impl Iterator<Item = f64>,
        range: (f64, f64),
    ) {
        let width = range.1 - range.0;
        let scale = if self.confusion.is_some() && width > 0.0 { width } else { 1.0 };
        for (y, d) in outputs.zip(targets) {
            let e = (y - d) / scale;
            self.errors.0 += e * e;
            self.errors.1 += 1;
        }
    }

    /// Computes the summary figures from what was added.
    pub fn finish(mut self) -> Self {
        if self.errors.1 > 0 {
            self.mean_squared_error = Some(self.errors.0 / self.errors.1 as f64);
        }
        if self.samples == 0 {
            return self;
        }
        match self.confusion.as_ref() {
            Some(confusion) => {
                let correct: u32 = (0..confusion.len()).map(|k| confusion[k][k]).sum();
                self.accuracy = Some(f64::from(correct) / self.samples as f64);
            }
            None => {
                let mean = self.sums.1 / self.samples as f64;
                let total: f64 = self.targets.iter().map(|d| (d - mean) * (d - mean)).sum();
                self.sums.2 = total;
                self.r_squared = Some(if total > 0.0 { 1.0 - self.sums.0 / total } else { f64::NAN });
            }
        }
        self
    }
}

/// How well one numeric output fits its target, in the target column's own units.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutputFit {
    /// The target column's name.
    pub name: String,
    /// Root mean squared error `sqrt(1/N sum (d - y)^2)`, in the column's units.
    pub rmse: f64,
    /// `R² = 1 - sum (d - y)^2 / sum (d - mean d)^2` (NaN for a constant target).
    pub r_squared: f64,
}

/// Sums for [`OutputFit`]s, one per output, fed with pairs in the targets' units.
#[derive(Clone, Debug, Default)]
pub struct FitSums {
    /// Per output: `sum (d - y)^2`, `sum d`, `sum d^2`.
    sums: Vec<(f64, f64, f64)>,
    samples: usize,
}

impl FitSums {
    /// Sums for `outputs` outputs.
    pub fn new(outputs: usize) -> Self {
        FitSums { sums: vec![(0.0, 0.0, 0.0); outputs], samples: 0 }
    }

    /// Adds one sample: each output's prediction `y` and target `d`, in the same order.
    pub fn add(&mut self, pairs: impl Iterator<Item = (f64, f64)>) {
        self.samples += 1;
        for ((y, d), s) in pairs.zip(self.sums.iter_mut()) {
            s.0 += (d - y) * (d - y);
            s.1 += d;
            s.2 += d * d;
        }
    }

    /// The fits, named by `names` (one per output); empty without samples.
    pub fn finish(&self, names: &[String]) -> Vec<OutputFit> {
        if self.samples == 0 {
            return Vec::new();
        }
        let n = self.samples as f64;
        self.sums
            .iter()
            .zip(names)
            .map(|(&(sse, sum, sum_sq), name)| {
                let total = sum_sq - sum * sum / n;
                OutputFit {
                    name: name.clone(),
                    rmse: (sse / n).sqrt(),
                    r_squared: if total > 0.0 { 1.0 - sse / total } else { f64::NAN },
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_output_is_split_at_the_middle_of_the_range() {
        assert_eq!(predicted_class([0.2].into_iter(), (-1.0, 1.0)), 1);
        assert_eq!(predicted_class([-0.2].into_iter(), (-1.0, 1.0)), 0);
        assert_eq!(predicted_class([0.4].into_iter(), (0.0, 1.0)), 0);
        assert_eq!(predicted_class([0.1, 0.7, 0.2].into_iter(), (0.0, 1.0)), 1);
    }

    #[test]
    fn accuracy_and_confusion_count_each_sample() {
        let mut m = Metrics::new(Targets::Classes { classes: 2 });
        m.add(1.0, [0.9].into_iter(), (-1.0, 1.0));
        m.add(0.0, [0.3].into_iter(), (-1.0, 1.0));
        m.add(0.0, [-0.3].into_iter(), (-1.0, 1.0));
        let m = m.finish();
        assert_eq!(m.accuracy, Some(2.0 / 3.0));
        assert_eq!(m.confusion, Some(vec![vec![1, 1], vec![0, 1]]));
    }

    #[test]
    fn r_squared_is_one_for_perfect_fit_and_zero_for_the_mean() {
        let mut perfect = Metrics::new(Targets::Regression);
        let mut mean = Metrics::new(Targets::Regression);
        for d in [1.0, 2.0, 3.0] {
            perfect.add(d, [d].into_iter(), (-1.0, 1.0));
            mean.add(d, [2.0].into_iter(), (-1.0, 1.0));
        }
        assert_eq!(perfect.finish().r_squared, Some(1.0));
        assert_eq!(mean.finish().r_squared, Some(0.0));
    }

    #[test]
    fn output_fits_give_rmse_and_r_squared_per_output() {
        let mut sums = FitSums::new(2);
        // Output a: perfect; output b: off by 1 everywhere, targets 0, 2, 4 (mean 2,
        // total sum of squares 8, error sum 3).
        for (a, b) in [(1.0, 0.0), (2.0, 2.0), (3.0, 4.0)] {
            sums.add([(a, a), (b + 1.0, b)].into_iter());
        }
        let fits = sums.finish(&["a".to_string(), "b".to_string()]);
        assert_eq!(fits[0], OutputFit { name: "a".into(), rmse: 0.0, r_squared: 1.0 });
        assert_eq!(fits[1].rmse, 1.0);
        assert!((fits[1].r_squared - (1.0 - 3.0 / 8.0)).abs() < 1e-12, "{:?}", fits[1]);
        assert!(FitSums::new(1).finish(&["c".into()]).is_empty());
    }

    #[test]
    fn mean_squared_error_is_the_same_for_both_codings_of_the_classes() {
        // Two samples, one output: errors 0.25 and 0.5 on the 0/1 coding, the same
        // outputs on the ±1 coding (y' = 2y - 1, d' = 2d - 1) are twice as far off.
        let mut sigmoid = Metrics::new(Targets::Classes { classes: 2 });
        let mut tanh = Metrics::new(Targets::Classes { classes: 2 });
        for (y, d) in [(0.75, 1.0), (0.5, 0.0)] {
            sigmoid.add_error([y].into_iter(), [d].into_iter(), (0.0, 1.0));
            tanh.add_error([2.0 * y - 1.0].into_iter(), [2.0 * d - 1.0].into_iter(), (-1.0, 1.0));
        }
        let by_hand = (0.25 * 0.25 + 0.5 * 0.5) / 2.0;
        assert_eq!(sigmoid.finish().mean_squared_error, Some(by_hand));
        assert_eq!(tanh.finish().mean_squared_error, Some(by_hand));
    }

    #[test]
    fn mean_squared_error_averages_over_every_output_and_is_unscaled_for_regression() {
        let mut classes = Metrics::new(Targets::Classes { classes: 3 });
        classes.add_error([0.5, 0.25, 0.25].into_iter(), [1.0, 0.0, 0.0].into_iter(), (0.0, 1.0));
        assert_eq!(classes.finish().mean_squared_error, Some((0.25 + 0.0625 + 0.0625) / 3.0));
        let mut values = Metrics::new(Targets::Regression);
        values.add_error([3.0].into_iter(), [1.0].into_iter(), (-1.0, 1.0));
        assert_eq!(values.finish().mean_squared_error, Some(4.0));
        assert_eq!(Metrics::new(Targets::Regression).finish().mean_squared_error, None);
    }
}
