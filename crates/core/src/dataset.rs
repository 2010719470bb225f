//! Two-dimensional datasets: generators for classification and regression tasks,
//! and the seeded split into training and test sets.
//!
//! Every point lies in the square `[-EXTENT, EXTENT]^2` (before noise) that the page
//! draws. Noise is Gaussian jitter added to both coordinates after the label is
//! decided, with standard deviation `noise * EXTENT / 2`, so a noisy point can sit on
//! the wrong side of the true boundary, as real data does.

use crate::builtin::Builtin;
use crate::encoding::{Encoded, Prepared, TableConfig};
use crate::error::Error;
use crate::limits::{MAX_CLASSES, MAX_CSV_BYTES, MAX_POINTS, MIN_OWN_POINTS, MIN_POINTS};
use crate::noise::normal;
use crate::own_table::OwnTable;
use crate::param::{Choice, Choices, Kind, Number, Param};
pub use crate::table::{Sample, Targets};
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
    /// The points in [`DataConfig::samples`]: made by the user or imported.
    Custom,
}

impl Task {
    /// The tasks, for the configuration table.
    pub const CHOICES: &'static [Choice] = &[
        Choice::new("circle", "Circle", "Two classes: a disc inside a ring.").group("classification"),
        Choice::new("xor", "XOR", "Two classes by the sign of x1·x2.").group("classification"),
        Choice::new("gaussian", "Gaussian", "Two Gaussian clusters.").group("classification"),
        Choice::new("spiral", "Spiral", "Interleaved spiral arms, one per class.")
            .group("classification")
            .sets(&[("data.classes", 2.0)]),
        Choice::new("blobs", "Blobs", "Gaussian blobs on a circle, one per class.")
            .group("classification")
            .sets(&[("data.classes", 3.0)]),
        Choice::new("plane", "Plane", "Regression: a tilted plane.").group("regression"),
        Choice::new("multi_gaussian", "Multi-Gaussian", "Regression: Gaussian bumps of both signs.")
            .group("regression"),
        Choice::new("custom", "Your points", "Points you placed or imported.").group("custom"),
    ];

    /// Whether a generated task is regression (targets are real numbers, not classes).
    pub fn is_regression(&self) -> bool {
        matches!(self, Task::Plane | Task::MultiGaussian)
    }
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
    /// For a table other than the plane: the table, split and encoded. Its samples
    /// above carry each row's class index or first scaled target (and the row's first
    /// two inputs as `x1`, `x2`), for the metrics. `None` for the plane's points.
    #[serde(skip)]
    pub table: Option<Box<Prepared>>,
}

impl Dataset {
    /// A dataset of a prepared table ([`crate::encoding::prepare`]).
    pub fn from_table(prepared: Prepared) -> Dataset {
        let samples = |e: &Encoded| -> Vec<Sample> {
            (0..e.rows.len())
                .map(|r| {
                    let x = |j: usize| if j < e.inputs.ncols() { e.inputs[(r, j)] } else { 0.0 };
                    let target = if e.values.ncols() > 0 { e.values[(r, 0)] } else { e.classes[r] as f64 };
                    Sample { x1: x(0), x2: x(1), target }
                })
                .collect()
        };
        Dataset {
            targets: prepared.table.target.targets(),
            train: samples(&prepared.train),
            test: samples(&prepared.test),
            table: Some(Box::new(prepared)),
        }
    }
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
    /// Number of classes, for the spiral, blobs and custom tasks (2 or more).
    pub classes: usize,
    /// For [`Task::Custom`]: whether the targets are real values rather than classes.
    pub regression: bool,
    /// For [`Task::Custom`]: the points, with class index or value as target.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub samples: Vec<Sample>,
    /// A table to train on instead of the plane's points; `None` (absent, the default)
    /// for a plane task. With a table, `task`, `points`, `noise`, `classes`,
    /// `regression` and `samples` are not used, nor the configuration's `features` (the
    /// inputs are the table's encoded columns); `train_fraction` and the seed split its
    /// rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<TableChoice>,
}

/// The table of a run ([`DataConfig::table`]): which built-in table, and how its
/// columns are encoded and its cells cleaned.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableChoice {
    /// The table (as `kind`, the id of one of [`Builtin::CHOICES`]).
    pub kind: Builtin,
    /// Per-column encodings, target scaling, and the handling of missing cells,
    /// constant columns and levels seen only in the test split. Its `train_fraction`
    /// is not read: the split is [`DataConfig::train_fraction`], one control for the
    /// plane and tables.
    #[serde(default)]
    pub code: TableConfig,
    /// For `kind: "own"` ([`Builtin::Own`]), and only then: the user's file (by content
    /// hash) and the roles and types of its columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own: Option<OwnTable>,
}

impl TableChoice {
    /// Checks that `own` is given exactly for `kind: "own"` and fits ([`OwnTable::check`]).
    pub fn check_own(&self) -> Result<(), Error> {
        match (&self.own, self.kind.is_own()) {
            (Some(own), true) => own.check(),
            (None, true) => {
                Err(Error::field("own", "your own table needs its file's hash, target and inputs"))
            }
            (Some(_), false) => Err(Error::field(
                "own",
                format!("only your own table has this; {} is built in", self.kind.id()),
            )),
            (None, false) => Ok(()),
        }
    }

    /// The code's settings with the run's split fraction.
    pub fn table_config(&self, train_fraction: f64) -> TableConfig {
        TableConfig { train_fraction, ..self.code.clone() }
    }
}

impl Default for DataConfig {
    /// The table's defaults ([`DataConfig::POINTS`] and the others).
    fn default() -> Self {
        DataConfig {
            task: Task::default(),
            points: DataConfig::POINTS.spec().value() as usize,
            noise: DataConfig::NOISE.spec().value(),
            train_fraction: DataConfig::TRAIN_FRACTION.spec().value(),
            classes: DataConfig::CLASSES.spec().value() as usize,
            regression: matches!(DataConfig::REGRESSION.kind, Kind::Bool { default: true }),
            samples: Vec::new(),
            table: None,
        }
    }
}

/// The tasks generated from a seed (all but the user's own points).
const GENERATED: &[&str] = &["circle", "xor", "gaussian", "spiral", "blobs", "plane", "multi_gaussian"];

impl DataConfig {
    /// The table entry of `data.task` (its default is [`Task::default`]'s id).
    pub const TASK: Param = Param::new(
        "data.task",
        "Dataset",
        "",
        "The points to learn from: a classification or regression task on the plane, or your own points.",
        Kind::Choice(Choices {
            choices: Task::CHOICES,
            default: Some("circle"),
            tagged: false,
            optional: false,
        }),
    );
    /// The table entry of `data.table`: off (`null`, a plane task) by default, else
    /// `{"kind": id, "code": {...}}` naming a built-in table.
    pub const TABLE: Param = Param::new(
        "data.table",
        "Table",
        "",
        "A table to learn from instead of the plane's points: named columns, numeric or categorical, and a target.",
        Kind::Choice(Choices { choices: Builtin::CHOICES, default: None, tagged: true, optional: true }),
    );
    /// The table entry of `data.classes`, for the tasks that have a choice of classes.
    pub const CLASSES: Param = Param::number(
        "data.classes",
        "Classes",
        "",
        "How many classes the task has.",
        Number::whole(2.0, Some(MAX_CLASSES as f64), 2.0),
    )
    .when("data.task", &["spiral", "blobs", "custom"]);
    /// The table entry of `data.train_fraction`.
    pub const TRAIN_FRACTION: Param = Param::number(
        "data.train_fraction",
        "Training data",
        "%",
        "The share of the points used for training; the rest is the test set.",
        Number::new(0.1, Some(0.9), 0.5).step(0.05),
    );
    /// The table entry of `data.noise`.
    pub const NOISE: Param = Param::number(
        "data.noise",
        "Noise",
        "",
        "Gaussian jitter of the points, standard deviation noise × extent / 2.",
        Number::new(0.0, Some(1.0), 0.0).step(0.05).slider_max(0.5),
    );
    /// The table entry of `data.points`, for the generated tasks.
    pub const POINTS: Param = Param::number(
        "data.points",
        "Points",
        "",
        "How many points the task generates (training and test together).",
        Number::whole(MIN_POINTS as f64, Some(MAX_POINTS as f64), 500.0).step(10.0),
    )
    .when("data.task", GENERATED);
    /// The table entry of `data.samples`, the user's own points.
    pub const SAMPLES: Param = Param::new(
        "data.samples",
        "Your points",
        "",
        "Points you placed or imported: x1, x2 and a class or value.",
        Kind::Points { min: MIN_OWN_POINTS, max: MAX_POINTS },
    )
    .when("data.task", &["custom"]);
    /// The table entry of `data.regression`, for the user's own points.
    pub const REGRESSION: Param = Param::new(
        "data.regression",
        "Values, not classes",
        "",
        "Whether your points carry real values (regression) rather than classes.",
        Kind::Bool { default: false },
    )
    .when("data.task", &["custom"]);
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
    /// What the generated targets of the plane task will be (a table's come with its
    /// rows: [`Dataset::targets`]).
    pub fn targets(&self) -> Targets {
        match self.task {
            Task::Plane | Task::MultiGaussian => Targets::Regression,
            Task::Custom if self.regression => Targets::Regression,
            Task::Spiral | Task::Blobs | Task::Custom => Targets::Classes { classes: self.classes.max(2) },
            _ => Targets::Classes { classes: 2 },
        }
    }

    /// Whether the targets are real values (regression) rather than classes: the
    /// table's target for a table run, else the task's.
    pub fn is_regression(&self) -> bool {
        match &self.table {
            Some(table) => table.kind.is_regression(),
            None => self.targets() == Targets::Regression,
        }
    }

    /// Number of points in all.
    pub fn point_count(&self) -> usize {
        if self.task == Task::Custom {
            self.samples.len()
        } else {
            self.points
        }
    }

    /// Generates the points (before the split), all from `rng`.
    fn generate<R: Rng>(&self, rng: &mut R) -> Vec<Sample> {
        if self.task == Task::Custom {
            return self.samples.clone();
        }
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
                    Task::MultiGaussian | Task::Custom => {
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

    /// Generates the dataset from `seed` (or takes the custom points) and splits it: the
    /// points are shuffled and the first `round(points * train_fraction)` form the
    /// training set, leaving at least one point on each side.
    pub fn build(&self, seed: u64) -> Dataset {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut samples = self.generate(&mut rng);
        samples.shuffle(&mut rng);
        let n_train = ((samples.len() as f64 * self.train_fraction).round() as usize)
            .clamp(1, samples.len().saturating_sub(1).max(1));
        let test = samples.split_off(n_train);
        Dataset { targets: self.targets(), train: samples, test, table: None }
    }
}

/// Points as CSV: a header `x1,x2,label`, then one point per line.
pub fn to_csv(samples: &[Sample]) -> String {
    let mut out = String::from("x1,x2,label\n");
    for s in samples {
        out.push_str(&format!("{},{},{}\n", s.x1, s.x2, s.target));
    }
    out
}

/// Custom data parsed from CSV.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CsvData {
    /// The points.
    pub samples: Vec<Sample>,
    /// Whether the labels are real values (some label is not a whole number from 0).
    pub regression: bool,
    /// Number of classes (largest label + 1, at least 2) when not regression.
    pub classes: usize,
}

/// Parses points from CSV text with lines `x1,x2,label`. An optional header line of
/// names, blank lines and lines starting with `#` are skipped. Labels that are all
/// whole numbers from 0 to `max_classes - 1` are classes; otherwise they are
/// regression targets. Every problem is reported with its line. A text longer than
/// [`MAX_CSV_BYTES`] is refused as a whole before it is read.
pub fn parse_csv(text: &str, max_points: usize, max_classes: usize) -> Result<CsvData, Error> {
    if text.len() > MAX_CSV_BYTES {
        return Err(Error::whole(format!(
            "the file is too large ({} bytes); a CSV file of points has at most {MAX_CSV_BYTES} bytes (1 MB)",
            text.len()
        )));
    }
    let mut samples = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = trimmed.split(',').map(str::trim).collect();
        if samples.is_empty() && fields.iter().all(|f| f.parse::<f64>().is_err()) {
            continue; // header
        }
        if fields.len() != 3 {
            return Err(Error::line(
                line,
                format!("expected 3 values (x1,x2,label), found {}", fields.len()),
            ));
        }
        let mut values = [0.0; 3];
        for (k, (field, name)) in fields.iter().zip(["x1", "x2", "label"]).enumerate() {
            let v: f64 =
                field.parse().map_err(|_| Error::line(line, format!("{name} is not a number: {field:?}")))?;
            if !v.is_finite() {
                return Err(Error::line(line, format!("{name} must be finite, got {field}")));
            }
            if k < 2 && v.abs() > EXTENT {
                return Err(Error::line(
                    line,
                    format!("{name} = {v} is outside the plane [-{EXTENT}, {EXTENT}]"),
                ));
            }
            values[k] = v;
        }
        samples.push(Sample { x1: values[0], x2: values[1], target: values[2] });
        if samples.len() > max_points {
            return Err(Error::line(line, format!("more than {max_points} points")));
        }
    }
    if samples.len() < MIN_OWN_POINTS {
        return Err(Error::whole(format!("need at least {MIN_OWN_POINTS} points, found {}", samples.len())));
    }
    let whole = |t: f64| t >= 0.0 && t.fract() == 0.0 && t < max_classes as f64;
    let regression = !samples.iter().all(|s| whole(s.target));
    let classes =
        if regression { 0 } else { samples.iter().map(|s| s.target as usize + 1).max().unwrap_or(2).max(2) };
    Ok(CsvData { samples, regression, classes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_round_trips_and_reports_the_bad_line() {
        let d = DataConfig { task: Task::Spiral, points: 50, ..DataConfig::default() }.build(1);
        let all: Vec<Sample> = d.train.iter().chain(&d.test).copied().collect();
        let parsed = parse_csv(&to_csv(&all), 2000, 6).expect("own output parses");
        assert_eq!(parsed.samples, all);
        assert!(!parsed.regression);
        assert_eq!(parsed.classes, 2);

        let bad = "x1,x2,label\n1,2,0\n\n1,two,1\n";
        assert_eq!(parse_csv(bad, 2000, 6), Err(Error::line(4, "x2 is not a number: \"two\"")));
        let err = parse_csv("1,2\n", 2000, 6).expect_err("short line");
        assert_eq!(err.first().line, Some(1));
        let err = parse_csv("0,0,0\n1,1,1\n9,0,1\n2,2,0\n", 2000, 6).expect_err("outside");
        assert_eq!(err.first().line, Some(3));
        assert!(err.to_string().contains("outside"));
        assert_eq!(parse_csv("", 2000, 6).expect_err("empty").first().line, None);
        let reg = parse_csv("0,0,0.5\n1,1,-1\n2,2,0\n3,3,1\n", 2000, 6).expect("regression");
        assert!(reg.regression);
    }

    #[test]
    fn csv_over_the_size_limit_is_refused_before_it_is_read() {
        // The most points, each number written out in full, fit with room to spare.
        let samples: Vec<Sample> = (0..crate::limits::MAX_POINTS)
            .map(|i| {
                let v = -5.987654321012345 + i as f64 * 1e-3;
                Sample { x1: v, x2: -v, target: -0.123456789012345 + i as f64 * 1e-4 }
            })
            .collect();
        let csv = to_csv(&samples);
        assert!(csv.len() < MAX_CSV_BYTES / 4, "{} bytes", csv.len());
        assert_eq!(parse_csv(&csv, 2000, 6).expect("fits").samples.len(), 2000);

        let mut long = format!("# {}\n", "x".repeat(MAX_CSV_BYTES));
        long.push_str(&csv);
        let err = parse_csv(&long, 2000, 6).expect_err("too large");
        assert_eq!((err.first().field.as_deref(), err.first().line), (None, None));
        assert!(err.to_string().contains("too large"), "{err}");
    }

    #[test]
    fn custom_points_are_split_not_generated() {
        let samples: Vec<Sample> =
            (0..10).map(|i| Sample { x1: i as f64 * 0.5, x2: 0.0, target: (i % 2) as f64 }).collect();
        let cfg = DataConfig { task: Task::Custom, samples: samples.clone(), ..DataConfig::default() };
        let d = cfg.build(4);
        assert_eq!(d.train.len(), 5);
        let mut all: Vec<Sample> = d.train.iter().chain(&d.test).copied().collect();
        all.sort_by(|a, b| a.x1.total_cmp(&b.x1));
        assert_eq!(all, samples);
    }

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
