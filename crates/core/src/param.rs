//! The vocabulary of the configuration table: what a field is ([`Param`]), what values
//! it takes ([`Kind`]: a [`Number`] with bounds, step and default; a choice among named
//! variants ([`Choice`], [`Choices`]), each with its own parameters; a set of flags; the
//! hidden layers; the user's own points; a yes/no) and when it applies ([`When`]).
//!
//! Every concept module (activation, loss, optimizer, dataset, ...) describes its own
//! fields in these words, and [`crate::schema`] assembles them into the one table. This
//! module imports nothing of the crate, so anything may import it.

use serde::Serialize;

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
