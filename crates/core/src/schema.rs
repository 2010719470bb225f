//! The table of every configuration parameter: the one place that says what a field
//! is, which values it takes, where it starts and what it means.
//!
//! [`PARAMS`] lists each field of a [`crate::Config`] by its dotted path with its
//! label, unit, one-line help (the lecture's equation where there is one) and its
//! [`Kind`]: a number with bounds, step and default; a choice among named variants,
//! each with its own parameters (Adam's `beta1`, a sigmoid's steepness); a set of
//! flags; the hidden layers; the user's own points. [`crate::Config::validate`] checks
//! a configuration against this same table, and the bindings hand it to the page,
//! which builds its controls and its link format from it: a bound is written here
//! and nowhere else.

use crate::activation::Activation;
use crate::dataset::{Task, EXTENT};
use crate::error::Problem;
use crate::features::Feature;
use crate::init::Init;
use crate::loss::Loss;
use crate::optimizer::Optimizer;
use crate::regularization::Regularization;
use crate::schedule::Schedule;
use crate::stopping::Stopping;
use serde::Serialize;
use serde_json::Value;

/// A numeric field: bounds, step, default.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Number {
    /// Smallest value allowed (or the value it must stay above, see `min_exclusive`).
    pub min: f64,
    /// Whether `min` itself is excluded (a learning rate must be above 0).
    pub min_exclusive: bool,
    /// Largest value allowed, if there is one.
    pub max: Option<f64>,
    /// Whether only whole numbers are allowed.
    pub integer: bool,
    /// Whether the field may be off (`null`): the stopping conditions.
    pub optional: bool,
    /// The default value; `None` for an optional field that is off by default.
    pub default: Option<f64>,
    /// For an optional field: the value a control starts from when it is switched on.
    pub suggested: Option<f64>,
    /// The natural step of a control.
    pub step: Option<f64>,
    /// The end of the range a slider covers, where that is less than `max` (larger
    /// values are still accepted, from a link or typed).
    pub slider_max: Option<f64>,
    /// Whether the values span orders of magnitude (a logarithmic control suits).
    pub log: bool,
}

impl Number {
    /// A number in `[min, max]` with a default.
    pub const fn new(min: f64, max: Option<f64>, default: f64) -> Number {
        Number {
            min,
            min_exclusive: false,
            max,
            integer: false,
            optional: false,
            default: Some(default),
            suggested: None,
            step: None,
            slider_max: None,
            log: false,
        }
    }

    /// A whole number in `[min, max]` with a default.
    pub const fn whole(min: f64, max: Option<f64>, default: f64) -> Number {
        let mut n = Number::new(min, max, default);
        n.integer = true;
        n.step = Some(1.0);
        n
    }

    /// An optional number in `[min, max]`, off by default, starting at `suggested`
    /// when switched on.
    pub const fn off(min: f64, max: Option<f64>, suggested: f64) -> Number {
        let mut n = Number::new(min, max, suggested);
        n.optional = true;
        n.default = None;
        n.suggested = Some(suggested);
        n
    }

    /// Excludes `min` itself.
    pub const fn above_min(mut self) -> Number {
        self.min_exclusive = true;
        self
    }

    /// Only whole numbers.
    pub const fn integer(mut self) -> Number {
        self.integer = true;
        self.step = Some(1.0);
        self
    }

    /// The natural step of a control.
    pub const fn step(mut self, step: f64) -> Number {
        self.step = Some(step);
        self
    }

    /// The end of a slider's range.
    pub const fn slider_max(mut self, max: f64) -> Number {
        self.slider_max = Some(max);
        self
    }

    /// Values spanning orders of magnitude.
    pub const fn log(mut self) -> Number {
        self.log = true;
        self
    }

    /// The default value (the suggested one for an optional field).
    pub const fn value(&self) -> f64 {
        match (self.default, self.suggested) {
            (Some(v), _) | (None, Some(v)) => v,
            (None, None) => self.min,
        }
    }

    /// Checks `v` against the bounds; the message says what is allowed.
    pub fn check(&self, v: f64) -> Result<(), String> {
        let above = if self.min_exclusive { v > self.min } else { v >= self.min };
        let below = self.max.is_none_or(|max| v <= max);
        if v.is_finite() && above && below && (!self.integer || v.fract() == 0.0) {
            return Ok(());
        }
        let whole = if self.integer { "a whole number " } else { "" };
        Err(match (self.max, self.min_exclusive) {
            (Some(max), false) => format!("must be {whole}between {} and {max}, got {v}", self.min),
            (Some(max), true) => format!("must be {whole}above {} and at most {max}, got {v}", self.min),
            (None, false) => format!("must be {whole}at least {}, got {v}", self.min),
            (None, true) => format!("must be {whole}above {}, got {v}", self.min),
        })
    }
}

/// One named variant of a choice, with its own parameters.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Choice {
    /// The name in a configuration (`"adam"`, `"mini_batch"`).
    pub id: &'static str,
    /// The name shown to the user.
    pub label: &'static str,
    /// One line on what it does, with its equation where it has one.
    pub help: &'static str,
    /// A heading the choice is listed under (tasks: classification, regression), or "".
    pub group: &'static str,
    /// Its parameters, stored beside `kind` in the variant's object.
    pub params: &'static [Param],
    /// Other fields that take these values when the choice is picked (the spiral
    /// starts with 2 classes, the blobs with 3).
    pub sets: &'static [(&'static str, f64)],
}

impl Choice {
    /// A choice without parameters.
    pub const fn new(id: &'static str, label: &'static str, help: &'static str) -> Choice {
        Choice { id, label, help, group: "", params: &[], sets: &[] }
    }

    /// The same choice with parameters.
    pub const fn with(mut self, params: &'static [Param]) -> Choice {
        self.params = params;
        self
    }

    /// The same choice under a heading.
    pub const fn group(mut self, group: &'static str) -> Choice {
        self.group = group;
        self
    }

    /// The same choice, setting other fields when picked.
    pub const fn sets(mut self, sets: &'static [(&'static str, f64)]) -> Choice {
        self.sets = sets;
        self
    }
}

/// A choice among named variants.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Choices {
    /// The variants, in the order a control lists them.
    pub choices: &'static [Choice],
    /// The default variant's id; `None` for an optional choice that is off (`null`,
    /// "auto") by default.
    pub default: Option<&'static str>,
    /// Whether a value is an object `{"kind": id, ...params}` (else the bare id).
    pub tagged: bool,
    /// Whether the field may be `null` (the output activation: picked automatically).
    pub optional: bool,
}

/// What kind of value a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Kind {
    /// A number.
    Number(Number),
    /// One of several variants.
    Choice(Choices),
    /// One variant per hidden layer, or an empty list (all layers as `activation`).
    PerLayer(Choices),
    /// Any non-empty set of the variants, kept in their listed order.
    Flags {
        /// The variants.
        choices: &'static [Choice],
        /// Those on by default.
        default: &'static [&'static str],
    },
    /// The widths of the hidden layers.
    Layers {
        /// Most hidden layers.
        max_layers: usize,
        /// Fewest neurons in a layer.
        min_neurons: usize,
        /// Most neurons in a layer.
        max_neurons: usize,
        /// The default widths.
        default: &'static [usize],
        /// Neurons of a layer the user adds.
        new_layer: usize,
    },
    /// The user's own points (`{x1, x2, target}`), on the plane `[-extent, extent]^2`.
    Points {
        /// Fewest points of a dataset of one's own.
        min: usize,
        /// Most points.
        max: usize,
    },
    /// A yes/no field.
    Bool {
        /// The default.
        default: bool,
    },
}

/// Shows a field only when another field has one of some values (`data.classes`
/// only for the tasks that have a choice of classes).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct When {
    /// The other field.
    pub path: &'static str,
    /// The values (ids) for which this field applies.
    pub any_of: &'static [&'static str],
}

/// One field of the configuration.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Param {
    /// Dotted path in the configuration (`data.noise`); for a choice's parameter, the
    /// name inside the variant's object (`beta1`).
    pub path: &'static str,
    /// The name shown to the user.
    pub label: &'static str,
    /// The unit or symbol of the value, or "".
    pub unit: &'static str,
    /// One line on what it does, with the lecture's equation where there is one.
    pub help: &'static str,
    /// The field applies only when this holds.
    pub when: Option<When>,
    /// What values it takes.
    #[serde(flatten)]
    pub kind: Kind,
}

impl Param {
    /// A field that always applies.
    pub const fn new(
        path: &'static str,
        label: &'static str,
        unit: &'static str,
        help: &'static str,
        kind: Kind,
    ) -> Param {
        Param { path, label, unit, help, when: None, kind }
    }

    /// A numeric field (`Kind::Number`).
    pub const fn number(
        path: &'static str,
        label: &'static str,
        unit: &'static str,
        help: &'static str,
        number: Number,
    ) -> Param {
        Param::new(path, label, unit, help, Kind::Number(number))
    }

    /// The same field, applying only when `path` has one of `any_of`.
    pub const fn when(mut self, path: &'static str, any_of: &'static [&'static str]) -> Param {
        self.when = Some(When { path, any_of });
        self
    }

    /// The numeric spec of a number field (the default of a variant's parameter).
    pub const fn spec(&self) -> Number {
        match self.kind {
            Kind::Number(n) => n,
            _ => Number::new(0.0, None, 0.0),
        }
    }
}

// ---- the limits ---------------------------------------------------------------------

/// Most hidden layers.
pub const MAX_HIDDEN_LAYERS: usize = 10;
/// Most neurons in one hidden layer.
pub const MAX_NEURONS: usize = 32;
/// Most points in a dataset.
pub const MAX_POINTS: usize = 2000;
/// Fewest points of a generated dataset.
pub const MIN_POINTS: usize = 10;
/// Fewest points of a dataset of one's own.
pub const MIN_OWN_POINTS: usize = 4;
/// Most classes.
pub const MAX_CLASSES: usize = 6;

/// Largest size of a weight or bias read from a model file or set by hand. A trained
/// network's weights are orders of magnitude smaller; whether a whole network's outputs
/// stay finite is checked separately against [`MAX_OUTPUT_BOUND`].
pub const MAX_WEIGHT: f64 = 1e4;
/// Largest bound on a network's outputs over the plane (`crate::model::output_bound`)
/// that a model file or a hand edit may reach: the outputs and the loss's squares of
/// them stay finite in `f32` (3.4e38) and `f64`.
pub const MAX_OUTPUT_BOUND: f64 = 1e18;
/// Longest CSV text of points read (1 MB): 2000 points take about 115 kB.
pub const MAX_CSV_BYTES: usize = 1_000_000;
/// Longest model file read (1 MB): one with 2000 points of its own takes about 270 kB.
pub const MAX_MODEL_BYTES: usize = 1_000_000;
/// Longest configuration read as JSON (1 MB): one with 2000 points takes about 160 kB.
pub const MAX_CONFIG_BYTES: usize = 1_000_000;

/// The number of classes of the multi-class tasks.
pub const CLASSES: Number = Number::whole(2.0, Some(MAX_CLASSES as f64), 2.0);

/// Every field of a configuration, in the order the page presents them.
pub const PARAMS: &[Param] = &[
    Param::new(
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
    ),
    Param::number("data.classes", "Classes", "", "How many classes the task has.", CLASSES)
        .when("data.task", &["spiral", "blobs", "custom"]),
    Param::number(
        "data.train_fraction",
        "Training data",
        "%",
        "The share of the points used for training; the rest is the test set.",
        Number::new(0.1, Some(0.9), 0.5).step(0.05),
    ),
    Param::number(
        "data.noise",
        "Noise",
        "",
        "Gaussian jitter of the points, standard deviation noise × extent / 2.",
        Number::new(0.0, Some(1.0), 0.0).step(0.05).slider_max(0.5),
    ),
    Param::number(
        "data.points",
        "Points",
        "",
        "How many points the task generates (training and test together).",
        Number::whole(MIN_POINTS as f64, Some(MAX_POINTS as f64), 500.0).step(10.0),
    )
    .when("data.task", &["circle", "xor", "gaussian", "spiral", "blobs", "plane", "multi_gaussian"]),
    Param::number(
        "seed",
        "Seed",
        "",
        "The one seed behind the data, the initial weights and the shuffling: the same seed, the same run.",
        Number::whole(0.0, Some(9_007_199_254_740_991.0), 1.0),
    ),
    Param::new(
        "data.samples",
        "Your points",
        "",
        "Points you placed or imported: x1, x2 and a class or value.",
        Kind::Points { min: MIN_OWN_POINTS, max: MAX_POINTS },
    )
    .when("data.task", &["custom"]),
    Param::new(
        "data.regression",
        "Values, not classes",
        "",
        "Whether your points carry real values (regression) rather than classes.",
        Kind::Bool { default: false },
    )
    .when("data.task", &["custom"]),
    Param::new(
        "features",
        "Input features",
        "",
        "What the input layer sees of a point (x1, x2): one input neuron per feature.",
        Kind::Flags { choices: Feature::CHOICES, default: &["x1", "x2"] },
    ),
    Param::new(
        "hidden_layers",
        "Hidden layers",
        "",
        "Neurons in each hidden layer; none is the lecture's single-layer network.",
        Kind::Layers {
            max_layers: MAX_HIDDEN_LAYERS,
            min_neurons: 1,
            max_neurons: MAX_NEURONS,
            default: &[4, 2],
            new_layer: 4,
        },
    ),
    Param::new(
        "activation",
        "Activation",
        "",
        "The activation f of the hidden layers: Y_L = f(Xi_L).",
        Kind::Choice(Choices {
            choices: Activation::HIDDEN,
            default: Some("tanh"),
            tagged: true,
            optional: false,
        }),
    ),
    Param::new(
        "layer_activations",
        "Activation of each layer",
        "",
        "An activation per hidden layer, overriding the network's; none keeps it for all.",
        Kind::PerLayer(Choices { choices: Activation::HIDDEN, default: None, tagged: true, optional: false }),
    ),
    Param::new(
        "output_activation",
        "Output activation",
        "",
        "The output layer's activation; auto picks it from the loss and the task.",
        Kind::Choice(Choices { choices: Activation::OUTPUT, default: None, tagged: true, optional: true }),
    ),
    Param::new(
        "loss",
        "Loss",
        "",
        "The error E the training minimizes.",
        Kind::Choice(Choices {
            choices: Loss::CHOICES,
            default: Some("mse"),
            tagged: false,
            optional: false,
        }),
    ),
    Param::number(
        "learning_rate",
        "Learning rate",
        "α",
        "The step size α of the update W ← W − α ∂E/∂W.",
        Number::new(0.0, Some(10.0), 0.03).above_min().log(),
    ),
    Param::new(
        "strategy",
        "Batch",
        "",
        "How samples are presented: one at a time, in mini-batches, or all at once per update.",
        Kind::Choice(Choices {
            choices: crate::config::Strategy::CHOICES,
            default: Some("mini_batch"),
            tagged: true,
            optional: false,
        }),
    ),
    Param::new(
        "optimizer",
        "Optimizer",
        "",
        "How a gradient becomes a weight update.",
        Kind::Choice(Choices {
            choices: Optimizer::CHOICES,
            default: Some("sgd"),
            tagged: true,
            optional: false,
        }),
    ),
    Param::new(
        "regularization",
        "Regularization",
        "",
        "A penalty on the weights added to E (biases are not penalized).",
        Kind::Choice(Choices {
            choices: Regularization::CHOICES,
            default: Some("none"),
            tagged: true,
            optional: false,
        }),
    ),
    Param::new(
        "schedule",
        "Learning-rate schedule",
        "",
        "How α changes from epoch to epoch.",
        Kind::Choice(Choices {
            choices: Schedule::CHOICES,
            default: Some("constant"),
            tagged: true,
            optional: false,
        }),
    ),
    Param::new(
        "init",
        "Weight initialization",
        "",
        "How the weights and biases are drawn before training.",
        Kind::Choice(Choices {
            choices: Init::CHOICES,
            default: Some("xavier"),
            tagged: true,
            optional: false,
        }),
    ),
    Stopping::MAX_EPOCHS,
    Stopping::TIME_LIMIT,
    Stopping::MIN_TRAIN_LOSS,
    Stopping::PATIENCE,
    Stopping::MIN_WEIGHT_CHANGE,
];

/// The whole table as the bindings hand it to the page.
#[derive(Serialize)]
pub struct Schema {
    /// Half-width of the input plane: points and grids cover `[-extent, extent]^2`.
    pub extent: f64,
    /// Every field.
    pub params: &'static [Param],
}

/// The table with the plane's extent.
pub const SCHEMA: Schema = Schema { extent: EXTENT, params: PARAMS };

/// The field at `path` of the table.
pub fn param(path: &str) -> Option<&'static Param> {
    PARAMS.iter().find(|p| p.path == path)
}

/// The value at a dotted path of a configuration as JSON.
pub fn value_at<'a>(config: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(config, |v, key| v.get(key))
}

/// Checks a configuration (as JSON, every field present) against the table, field by
/// field, and appends one problem per field that breaks its bounds or choices.
pub fn check_fields(config: &Value, problems: &mut Vec<Problem>) {
    for p in PARAMS {
        let applies = p.when.is_none_or(|w| {
            value_at(config, w.path).and_then(Value::as_str).is_some_and(|v| w.any_of.contains(&v))
        });
        if applies {
            if let Some(value) = value_at(config, p.path) {
                check_value(p.path, &p.kind, value, problems);
            }
        }
    }
}

fn problem(field: &str, message: impl Into<String>) -> Problem {
    Problem { field: Some(field.to_string()), line: None, message: message.into() }
}

/// The ids of some choices, for messages: `"a, b or c"`.
fn names(choices: &[Choice]) -> String {
    let ids: Vec<&str> = choices.iter().map(|c| c.id).collect();
    match ids.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => ids.join(""),
    }
}

fn check_value(path: &str, kind: &Kind, value: &Value, problems: &mut Vec<Problem>) {
    match kind {
        Kind::Number(n) => match value.as_f64() {
            Some(v) => {
                if let Err(m) = n.check(v) {
                    problems.push(problem(path, m));
                }
            }
            None if value.is_null() && n.optional => {}
            None => problems.push(problem(path, "must be a number")),
        },
        Kind::Choice(c) => {
            if !(value.is_null() && c.optional) {
                check_choice(path, c, value, problems);
            }
        }
        Kind::PerLayer(c) => {
            for item in value.as_array().into_iter().flatten() {
                check_choice(path, c, item, problems);
            }
        }
        Kind::Flags { choices, .. } => {
            let ids: Vec<&str> = value.as_array().into_iter().flatten().filter_map(Value::as_str).collect();
            if ids.is_empty() {
                problems.push(problem(path, "choose at least one"));
            }
            for (i, id) in ids.iter().enumerate() {
                if ids[..i].contains(id) {
                    let label = choices.iter().find(|c| c.id == *id).map_or(*id, |c| c.label);
                    problems.push(problem(path, format!("{label} is listed twice")));
                }
            }
        }
        Kind::Layers { max_layers, min_neurons, max_neurons, .. } => {
            let layers: Vec<f64> = value.as_array().into_iter().flatten().filter_map(Value::as_f64).collect();
            if layers.len() > *max_layers {
                problems
                    .push(problem(path, format!("at most {max_layers} hidden layers, got {}", layers.len())));
            }
            for (l, n) in layers.iter().enumerate() {
                if *n < *min_neurons as f64 || *n > *max_neurons as f64 {
                    problems.push(problem(
                        path,
                        format!(
                            "layer {} has {n} neurons; each layer needs {min_neurons} to {max_neurons}",
                            l + 1
                        ),
                    ));
                }
            }
        }
        Kind::Points { .. } | Kind::Bool { .. } => {}
    }
}

fn check_choice(path: &str, c: &Choices, value: &Value, problems: &mut Vec<Problem>) {
    let id = if c.tagged { value.get("kind").and_then(Value::as_str) } else { value.as_str() };
    let Some(choice) = c.choices.iter().find(|ch| Some(ch.id) == id) else {
        let got = id.unwrap_or("nothing");
        problems.push(problem(path, format!("{got} cannot be chosen here; choose {}", names(c.choices))));
        return;
    };
    for p in choice.params {
        if let Some(v) = value.get(p.path) {
            check_value(&format!("{path}.{}", p.path), &p.kind, v, problems);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    #[test]
    fn every_choice_of_the_table_is_a_variant_the_config_reads() {
        for p in PARAMS {
            let Kind::Choice(c) = p.kind else { continue };
            for choice in c.choices {
                let mut config = serde_json::to_value(Config::default()).expect("json");
                let value =
                    if c.tagged { serde_json::json!({ "kind": choice.id }) } else { Value::from(choice.id) };
                let mut at = &mut config;
                for key in p.path.split('.') {
                    at = at.get_mut(key).expect("path exists in the config");
                }
                *at = value;
                let parsed: Result<Config, _> = serde_json::from_value(config);
                assert!(parsed.is_ok(), "{} = {}: {:?}", p.path, choice.id, parsed.err());
            }
        }
    }

    #[test]
    fn defaults_of_the_table_are_the_config_defaults() {
        let config = serde_json::to_value(Config::default()).expect("json");
        for p in PARAMS {
            let value = value_at(&config, p.path).unwrap_or(&Value::Null);
            match p.kind {
                Kind::Number(n) => match n.default {
                    Some(d) => assert_eq!(value.as_f64(), Some(d), "{}", p.path),
                    None => assert!(value.is_null(), "{}", p.path),
                },
                Kind::Choice(c) => {
                    let id =
                        if c.tagged { value.get("kind").and_then(Value::as_str) } else { value.as_str() };
                    assert_eq!(id, c.default, "{}", p.path);
                }
                _ => {}
            }
        }
    }

    #[test]
    fn numbers_check_their_bounds() {
        let rate = Number::new(0.0, Some(10.0), 0.03).above_min();
        assert!(rate.check(0.03).is_ok());
        assert!(rate.check(0.0).is_err());
        assert!(rate.check(f64::NAN).is_err());
        assert!(rate.check(10.5).is_err());
        let epochs = Number::off(1.0, None, 1000.0).integer();
        assert!(epochs.check(5.0).is_ok());
        assert!(epochs.check(5.5).is_err());
        assert!(epochs.check(0.0).is_err());
    }
}
