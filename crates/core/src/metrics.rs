//! Quality measures beside the loss: accuracy and the confusion matrix for
//! classification, the coefficient of determination R² for regression.

use crate::dataset::Targets;
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
    /// Number of samples.
    pub samples: usize,
    #[serde(skip)]
    sums: (f64, f64, f64),
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
            samples: 0,
            sums: (0.0, 0.0, 0.0),
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

    /// Computes the summary figures from what was added.
    pub fn finish(mut self) -> Self {
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
}
