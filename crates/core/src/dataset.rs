//! Two-dimensional datasets: generators for classification and regression tasks,
//! and the seeded split into training and test sets.
//!
//! Every point lies in the square `[-EXTENT, EXTENT]^2` (before noise) that the page
//! draws. Noise is Gaussian jitter added to both coordinates after the label is
//! decided, with standard deviation `noise * EXTENT / 2`, so a noisy point can sit on
//! the wrong side of the true boundary, as real data does.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use std::f64::consts::PI;

/// Half-width of the input plane shown on the page: points live in `[-6, 6]^2`.
pub const EXTENT: f64 = 6.0;

/// A generated task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Task {
    /// Two classes: a disc inside a ring.
    #[default]
    Circle,
    /// Two classes by the sign of `x1 x2` (the four quadrants).
    Xor,
    /// Two classes from two Gaussian clusters.
    Gaussian,
    /// Interleaved spiral arms, one per class (2 classes unless `classes` says more).
    Spiral,
    /// Gaussian blobs on a circle, one per class (`classes`, at least 3 by default).
    Blobs,
    /// Regression: a tilted plane, `d = (x1 + x2) / (2 EXTENT)`, in [-1, 1].
    Plane,
    /// Regression: a sum of Gaussian bumps of both signs, in [-1, 1].
    MultiGaussian,
}

impl Task {
    /// Whether the task is regression (targets are real numbers, not classes).
    pub fn is_regression(&self) -> bool {
        matches!(self, Task::Plane | Task::MultiGaussian)
    }
}

/// What the targets of a dataset are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Targets {
    /// Class labels `0..classes`.
    Classes {
        /// Number of classes (at least 2).
        classes: usize,
    },
    /// Real-valued targets.
    Regression,
}

/// One labelled point of the plane.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    /// First coordinate.
    pub x1: f64,
    /// Second coordinate.
    pub x2: f64,
    /// Class index (as a number) for classification, target value for regression.
    pub target: f64,
}

/// Points with their targets, split into a training and a test set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    /// What the targets mean.
    pub targets: Targets,
    /// The training set.
    pub train: Vec<Sample>,
    /// The test set (used for the test loss and early stopping).
    pub test: Vec<Sample>,
}

/// Parameters of a generated dataset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DataConfig {
    /// Which generator.
    pub task: Task,
    /// Number of points in all (training + test).
    pub points: usize,
    /// Noise level in [0, 1]: Gaussian jitter of standard deviation `noise * EXTENT / 2`.
    pub noise: f64,
    /// Fraction of the points used for training; the rest is the test set.
    pub train_fraction: f64,
    /// Number of classes, for the spiral (2 or more) and blobs (2 or more) tasks.
    pub classes: usize,
}

impl Default for DataConfig {
    fn default() -> Self {
        DataConfig { task: Task::Circle, points: 500, noise: 0.0, train_fraction: 0.5, classes: 2 }
    }
}

/// Draws a standard normal number (Box-Muller).
fn normal<R: Rng>(rng: &mut R) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>(); // in (0, 1], so ln is finite
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (2.0 * PI * u2).cos()
}

/// The regression surface of [`Task::MultiGaussian`] at `(x1, x2)`.
fn bumps(x1: f64, x2: f64) -> f64 {
    const BUMPS: [(f64, f64, f64); 4] =
        [(-3.0, 2.5, 1.0), (2.5, 3.0, -1.0), (3.0, -2.5, 1.0), (-2.5, -3.0, -1.0)];
    let v: f64 = BUMPS
        .iter()
        .map(|&(cx, cy, sign)| sign * (-((x1 - cx).powi(2) + (x2 - cy).powi(2)) / 4.0).exp())
        .sum();
    v.clamp(-1.0, 1.0)
}

impl DataConfig {
    /// What the generated targets will be.
    pub fn targets(&self) -> Targets {
        match self.task {
            Task::Plane | Task::MultiGaussian => Targets::Regression,
            Task::Spiral | Task::Blobs => Targets::Classes { classes: self.classes.max(2) },
            _ => Targets::Classes { classes: 2 },
        }
    }

    /// Generates the points (before the split), all from `rng`.
    fn generate<R: Rng>(&self, rng: &mut R) -> Vec<Sample> {
        let n = self.points;
        let r_max = EXTENT - 1.0;
        let k = match self.targets() {
            Targets::Classes { classes } => classes,
            Targets::Regression => 1,
        };
        let mut samples: Vec<Sample> = (0..n)
            .map(|i| {
                let class = i % k;
                match self.task {
                    Task::Circle => {
                        // Inner disc (class 1) of radius r_max/2, outer ring (class 0).
                        let angle = rng.random_range(0.0..2.0 * PI);
                        let r = if class == 1 {
                            rng.random_range(0.0..0.5 * r_max)
                        } else {
                            rng.random_range(0.7 * r_max..r_max)
                        };
                        Sample { x1: r * angle.cos(), x2: r * angle.sin(), target: class as f64 }
                    }
                    Task::Xor => {
                        // Class 1 in the quadrants where x1 and x2 share a sign.
                        let pad = 0.3;
                        let x1 = rng.random_range(pad..r_max) * if rng.random::<bool>() { 1.0 } else { -1.0 };
                        let x2 =
                            rng.random_range(pad..r_max) * x1.signum() * if class == 1 { 1.0 } else { -1.0 };
                        Sample { x1, x2, target: class as f64 }
                    }
                    Task::Gaussian => {
                        let c = if class == 1 { 2.0 } else { -2.0 };
                        Sample { x1: c + normal(rng), x2: c + normal(rng), target: class as f64 }
                    }
                    Task::Spiral => {
                        // Arm c turns 1.75 times from the centre, offset by 2 pi c / k.
                        let t = (i / k) as f64 / (n / k).max(1) as f64;
                        let r = t * r_max;
                        let angle = 1.75 * 2.0 * PI * t + 2.0 * PI * class as f64 / k as f64;
                        Sample { x1: r * angle.sin(), x2: r * angle.cos(), target: class as f64 }
                    }
                    Task::Blobs => {
                        let a = 2.0 * PI * class as f64 / k as f64;
                        let (cx, cy) = (3.5 * a.cos(), 3.5 * a.sin());
                        Sample { x1: cx + normal(rng), x2: cy + normal(rng), target: class as f64 }
                    }
                    Task::Plane => {
                        let x1 = rng.random_range(-r_max..r_max);
                        let x2 = rng.random_range(-r_max..r_max);
                        Sample { x1, x2, target: (x1 + x2) / (2.0 * r_max) }
                    }
                    Task::MultiGaussian => {
                        let x1 = rng.random_range(-r_max..r_max);
                        let x2 = rng.random_range(-r_max..r_max);
                        Sample { x1, x2, target: bumps(x1, x2) }
                    }
                }
            })
            .collect();
        let sigma = self.noise * EXTENT / 2.0;
        if sigma > 0.0 {
            for s in &mut samples {
                s.x1 += sigma * normal(rng);
                s.x2 += sigma * normal(rng);
            }
        }
        for s in &mut samples {
            s.x1 = s.x1.clamp(-EXTENT, EXTENT);
            s.x2 = s.x2.clamp(-EXTENT, EXTENT);
        }
        samples
    }

    /// Generates the dataset from `seed` and splits it: the points are shuffled and
    /// the first `round(points * train_fraction)` (at least one) form the training set.
    pub fn build(&self, seed: u64) -> Dataset {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut samples = self.generate(&mut rng);
        samples.shuffle(&mut rng);
        let n_train = ((samples.len() as f64 * self.train_fraction).round() as usize).clamp(1, samples.len());
        let test = samples.split_off(n_train);
        Dataset { targets: self.targets(), train: samples, test }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_points_other_seed_other_points() {
        let cfg = DataConfig { task: Task::Spiral, noise: 0.1, ..DataConfig::default() };
        assert_eq!(cfg.build(7), cfg.build(7));
        assert_ne!(cfg.build(7), cfg.build(8));
    }

    #[test]
    fn split_follows_the_fraction_and_keeps_every_point() {
        let cfg = DataConfig { points: 200, train_fraction: 0.7, ..DataConfig::default() };
        let d = cfg.build(1);
        assert_eq!(d.train.len(), 140);
        assert_eq!(d.test.len(), 60);
    }

    #[test]
    fn classes_are_balanced_and_in_range() {
        for task in [Task::Circle, Task::Xor, Task::Gaussian, Task::Spiral, Task::Blobs] {
            let cfg = DataConfig { task, points: 300, classes: 3, ..DataConfig::default() };
            let d = cfg.build(3);
            let Targets::Classes { classes } = d.targets else { panic!("{task:?} is classification") };
            let mut counts = vec![0usize; classes];
            for s in d.train.iter().chain(&d.test) {
                counts[s.target as usize] += 1;
                assert!(s.x1.abs() <= EXTENT && s.x2.abs() <= EXTENT, "{task:?} point outside the plane");
            }
            let (min, max) = (counts.iter().min(), counts.iter().max());
            assert!(max.zip(min).is_some_and(|(a, b)| a - b <= 1), "{task:?}: {counts:?}");
        }
    }

    #[test]
    fn xor_labels_follow_the_quadrants_without_noise() {
        let d = DataConfig { task: Task::Xor, ..DataConfig::default() }.build(5);
        for s in &d.train {
            assert_eq!(s.target, if s.x1 * s.x2 > 0.0 { 1.0 } else { 0.0 });
        }
    }

    #[test]
    fn regression_targets_stay_in_unit_range() {
        for task in [Task::Plane, Task::MultiGaussian] {
            let d = DataConfig { task, ..DataConfig::default() }.build(2);
            assert_eq!(d.targets, Targets::Regression);
            assert!(d.train.iter().all(|s| (-1.0..=1.0).contains(&s.target)));
            let spread = d.train.iter().map(|s| s.target).fold(f64::MIN, f64::max)
                - d.train.iter().map(|s| s.target).fold(f64::MAX, f64::min);
            assert!(spread > 1.0, "{task:?} targets barely vary: {spread}");
        }
    }
}
