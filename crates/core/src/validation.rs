//! Validation: the single check between the outside world and the model.
//!
//! [`Config::validate`] walks the table ([`crate::schema::PARAMS`]: every bound and
//! choice) over a configuration and checks the combinations that cannot work; it is
//! the only way to a [`ValidConfig`], and a [`crate::Trainer`] is built only from one,
//! so a configuration is checked once per run built. Every rejection names the field
//! and says what is allowed.

use crate::activation::Activation;
use crate::config::Config;
use crate::dataset::{Task, EXTENT};
use crate::error::{Error, Problem};
use crate::limits::{MAX_CONFIG_BYTES, MAX_POINTS, MIN_OWN_POINTS};
use crate::loss::Loss;
use crate::param::{Choice, Choices, Kind};
use crate::schema;
use serde::Serialize;
use serde_json::Value;

/// A configuration that passed [`Config::validate`], which alone makes one: what a
/// [`crate::Trainer`] is built from. It reads as the [`Config`] it holds.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(transparent)]
pub struct ValidConfig(Config);

impl ValidConfig {
    /// The configuration, to change (it must be validated again to build a run).
    pub fn into_config(self) -> Config {
        self.0
    }
}

impl std::ops::Deref for ValidConfig {
    type Target = Config;

    fn deref(&self) -> &Config {
        &self.0
    }
}

impl Config {
    /// Parses a configuration from JSON and validates it ([`Config::validate`]). A text longer than
    /// [`MAX_CONFIG_BYTES`] is refused before it is read.
    pub fn from_json(json: &str) -> Result<ValidConfig, Error> {
        if json.len() > MAX_CONFIG_BYTES {
            return Err(Error::field(
                "config",
                format!(
                    "is too large ({} bytes); a configuration has at most {MAX_CONFIG_BYTES} bytes",
                    json.len()
                ),
            ));
        }
        let config: Config = serde_json::from_str(json)
            .map_err(|e| Error::field("config", format!("is not valid JSON for a run: {e}")))?;
        config.validate()
    }

    /// Checks the configuration against the table of [`crate::schema::PARAMS`] (every
    /// bound and choice) and the combinations that cannot work, and reports every
    /// problem found, each with its field. The only way to a [`ValidConfig`].
    pub fn validate(&self) -> Result<ValidConfig, Error> {
        let mut problems = Vec::new();
        match serde_json::to_value(self) {
            Ok(json) => check_fields(&json, &mut problems),
            Err(e) => problems.push(Problem::at("config", format!("cannot be written as JSON: {e}"))),
        }
        self.check_own_points(&mut problems);
        self.check_table(&mut problems);
        self.check_layers(&mut problems);
        self.check_output(&mut problems);
        if problems.is_empty() {
            Ok(ValidConfig(self.clone()))
        } else {
            Err(Error { problems })
        }
    }

    /// Custom data: enough points, each on the plane with a valid label.
    fn check_own_points(&self, problems: &mut Vec<Problem>) {
        let d = &self.data;
        if d.task != Task::Custom {
            return;
        }
        let points = d.samples.len();
        if !(MIN_OWN_POINTS..=MAX_POINTS).contains(&points) {
            problems.push(Problem::at(
                "data.samples",
                format!("your own data needs {MIN_OWN_POINTS} to {MAX_POINTS} points, it has {points}"),
            ));
        }
        let on_plane = |v: f64| v.is_finite() && v.abs() <= EXTENT;
        let label_ok = |t: f64| {
            if d.regression {
                t.is_finite()
            } else {
                t >= 0.0 && t.fract() == 0.0 && (t as usize) < d.classes.max(2)
            }
        };
        let bad = d
            .samples
            .iter()
            .enumerate()
            .find(|(_, s)| !on_plane(s.x1) || !on_plane(s.x2) || !label_ok(s.target));
        if let Some((i, s)) = bad {
            problems.push(Problem::at(
                "data.samples",
                format!(
                    "point {} ({}, {}, label {}) is off the plane or has an invalid label",
                    i + 1,
                    s.x1,
                    s.x2,
                    s.target
                ),
            ));
        }
    }

    /// A table run: its code fits the table's columns (checked here for the generated
    /// tables; a table read from its file is checked when its text is given, see
    /// [`crate::Trainer::with_table_text`]). The configuration's `features` are not
    /// checked against it: a table run does not use them (its inputs are the encoded
    /// columns).
    fn check_table(&self, problems: &mut Vec<Problem>) {
        let Some(choice) = &self.data.table else { return };
        let code = choice.table_config(self.data.train_fraction);
        let checked = match choice.kind.generate(self.seed) {
            Some(table) => code.check(&table),
            None => code.check_settings(),
        }
        .and_then(|()| choice.check_own());
        if let Err(e) = checked {
            for p in e.problems {
                let what = match (&p.column, &p.field) {
                    (Some(c), _) => format!("column {c}: "),
                    (None, Some(f)) => format!("{f}: "),
                    _ => String::new(),
                };
                problems.push(Problem::at("data.table", format!("{what}{}", p.message)));
            }
        }
    }

    /// One activation per hidden layer, or none.
    fn check_layers(&self, problems: &mut Vec<Problem>) {
        let n = self.hidden_layers.len();
        if !self.layer_activations.is_empty() && self.layer_activations.len() != n {
            problems.push(Problem::at(
                "layer_activations",
                format!(
                    "give one activation per hidden layer ({n}) or none, got {}",
                    self.layer_activations.len()
                ),
            ));
        }
    }

    /// The loss, the output activation and the task must fit together.
    fn check_output(&self, problems: &mut Vec<Problem>) {
        let clash = match (self.loss, self.output_activation()) {
            (Loss::SoftmaxCrossEntropy, Activation::Softmax)
            | (Loss::BinaryCrossEntropy, Activation::Sigmoid { .. }) => None,
            (Loss::SoftmaxCrossEntropy, _) => {
                Some(("output_activation", "softmax cross-entropy needs a softmax output layer"))
            }
            (Loss::BinaryCrossEntropy, _) => {
                Some(("output_activation", "binary cross-entropy needs a sigmoid output layer"))
            }
            (_, Activation::Softmax) => {
                Some(("loss", "a softmax output layer is trained with softmax cross-entropy"))
            }
            _ => None,
        };
        if let Some((field, message)) = clash {
            problems.push(Problem::at(field, message));
        }
        if self.data.is_regression()
            && matches!(self.loss, Loss::SoftmaxCrossEntropy | Loss::BinaryCrossEntropy)
        {
            problems.push(Problem::at(
                "loss",
                format!("{} is for classification; regression uses SSE, MSE or SAE", self.loss.name()),
            ));
        }
    }
}

/// The value at a dotted path of a configuration as JSON.
fn value_at<'a>(config: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(config, |v, key| v.get(key))
}

/// Checks a configuration (as JSON, every field present) against the table, field by
/// field, and appends one problem per field that breaks its bounds or choices.
fn check_fields(config: &Value, problems: &mut Vec<Problem>) {
    for p in schema::PARAMS {
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
                    problems.push(Problem::at(path, m));
                }
            }
            None if value.is_null() && n.optional => {}
            None => problems.push(Problem::at(path, "must be a number")),
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
                problems.push(Problem::at(path, "choose at least one"));
            }
            for (i, id) in ids.iter().enumerate() {
                if ids[..i].contains(id) {
                    let label = choices.iter().find(|c| c.id == *id).map_or(*id, |c| c.label);
                    problems.push(Problem::at(path, format!("{label} is listed twice")));
                }
            }
        }
        Kind::Layers { max_layers, min_neurons, max_neurons, .. } => {
            let layers: Vec<f64> = value.as_array().into_iter().flatten().filter_map(Value::as_f64).collect();
            if layers.len() > *max_layers {
                problems.push(Problem::at(
                    path,
                    format!("at most {max_layers} hidden layers, got {}", layers.len()),
                ));
            }
            for (l, n) in layers.iter().enumerate() {
                if *n < *min_neurons as f64 || *n > *max_neurons as f64 {
                    problems.push(Problem::at(
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
        problems.push(Problem::at(path, format!("{got} cannot be chosen here; choose {}", names(c.choices))));
        return;
    };
    for p in choice.params {
        if let Some(v) = value.get(p.path) {
            check_value(&format!("{path}.{}", p.path), &p.kind, v, problems);
        }
    }
}

#[cfg(test)]
mod table_tests {
    use super::*;
    use crate::param::Number;
    use crate::schema::PARAMS;

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
                    // An optional field off by default (`data.table`) is absent.
                    at = at.as_object_mut().expect("an object").entry(key).or_insert(Value::Null);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_is_valid_and_round_trips_through_json() {
        let c = Config::default();
        c.validate().expect("default is valid");
        assert_eq!(Config::from_json(&c.to_json()).map(ValidConfig::into_config), Ok(c));
    }

    #[test]
    fn missing_fields_take_defaults() {
        let c = Config::from_json(r#"{"seed": 9, "hidden_layers": [3]}"#).expect("valid");
        assert_eq!(c.seed, 9);
        assert_eq!(c.hidden_layers, vec![3]);
        assert_eq!(c.learning_rate, Config::default().learning_rate);
    }

    #[test]
    fn rejections_name_the_field() {
        let cases = [
            (r#"{"hidden_layers": [4, 0]}"#, "hidden_layers"),
            (r#"{"hidden_layers": [1,1,1,1,1,1,1,1,1,1,1]}"#, "hidden_layers"),
            (r#"{"hidden_layers": [33]}"#, "hidden_layers"),
            (r#"{"learning_rate": -1}"#, "learning_rate"),
            (r#"{"learning_rate": 0}"#, "learning_rate"),
            (r#"{"data": {"points": 3}}"#, "data.points"),
            (r#"{"data": {"noise": 2}}"#, "data.noise"),
            (r#"{"features": []}"#, "features"),
            (r#"{"features": ["x1", "x1"]}"#, "features"),
            (
                r#"{"loss": "softmax_cross_entropy", "output_activation": {"kind": "tanh"}}"#,
                "output_activation",
            ),
            (r#"{"loss": "mse", "output_activation": {"kind": "softmax"}}"#, "loss"),
            (r#"{"activation": {"kind": "softmax"}}"#, "activation"),
            (r#"{"activation": {"kind": "tanh", "steepness": 0}}"#, "activation.steepness"),
            (r#"{"data": {"task": "plane"}, "loss": "binary_cross_entropy"}"#, "loss"),
            (r#"{"strategy": {"kind": "mini_batch", "size": 0}}"#, "strategy.size"),
            (r#"{"stopping": {"patience": 0}}"#, "stopping.patience"),
            (r#"{"layer_activations": [{"kind": "relu"}]}"#, "layer_activations"),
            (r#"{"hidden_layers": "many"}"#, "config"),
            (r#"{"unknown_field": 1}"#, "config"),
        ];
        for (json, field) in cases {
            let err = Config::from_json(json).expect_err(json);
            assert_eq!(err.field_name(), Some(field), "{json}: {err}");
            assert!(!err.first().message.is_empty());
        }
    }

    #[test]
    fn a_configuration_over_the_size_limit_is_refused_before_it_is_read() {
        let mut json = Config::default().to_json();
        json.push_str(&" ".repeat(MAX_CONFIG_BYTES + 1 - json.len()));
        let err = Config::from_json(&json).expect_err("too large");
        assert_eq!(err.field_name(), Some("config"));
        assert!(err.to_string().contains("too large"), "{err}");
        json.pop();
        assert!(Config::from_json(&json).is_ok(), "exactly at the limit is read");
    }
}
