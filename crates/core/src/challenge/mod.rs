//! Challenges: a starting configuration, the fields a student may change, limits on the
//! network and the run, and a goal the core measures on the test set.
//!
//! A run is reproducible bit for bit from its configuration, so a solution is just the
//! student's configuration and the epoch at which the goal was met: [`verify`] replays
//! it from epoch 0 and measures the goal again. The goal is checked after every epoch
//! ([`Attempt::advance`]), so the epoch of success does not depend on how the page
//! splits training into frames.

use crate::config::Config;
use crate::error::{Error, Problem};
use crate::limits::{MAX_HIDDEN_LAYERS, MAX_NEURONS};
use crate::real::Real;
use crate::schema;
use crate::stopping::StopReason;
use crate::train::{Split, Trainer};
use crate::validation::ValidConfig;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub mod builtin;

/// The most epochs a challenge may allow (and a replay may run).
pub const MAX_CHALLENGE_EPOCHS: u64 = 100_000;
/// The longest title or hint of a challenge, in characters.
pub const MAX_CHALLENGE_TEXT: usize = 200;

/// What a goal measures, on the test set after an epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Test accuracy, a fraction in `[0, 1]` (classification); met when `>=` the target.
    TestAccuracy,
    /// Test loss `E` of the run's own loss; met when `<=` the target.
    TestLoss,
    /// Test `R²` of a regression (the first output); met when `>=` the target.
    TestRSquared,
    /// A stopping condition other than the epoch limit fired (the target is ignored):
    /// for example the training loss fell below `E_min`, or early stopping restored
    /// the best weights.
    Stopped,
}

impl Measure {
    /// Every measure, in the order a page offers them.
    pub const ALL: [Measure; 4] =
        [Measure::TestAccuracy, Measure::TestLoss, Measure::TestRSquared, Measure::Stopped];

    /// Its name in a sentence ("test accuracy").
    pub fn label(self) -> &'static str {
        match self {
            Measure::TestAccuracy => "test accuracy",
            Measure::TestLoss => "test loss",
            Measure::TestRSquared => "test R²",
            Measure::Stopped => "a stopping condition",
        }
    }
}

/// The goal: `measure` reaches `target`, after any epoch or only when training ends.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// What is measured.
    pub measure: Measure,
    /// The value to reach (unused for [`Measure::Stopped`]).
    #[serde(default)]
    pub target: f64,
    /// Measured only once training ends (at the epoch limit or when a stopping
    /// condition fires) rather than after every epoch: for goals a run could meet on
    /// the way and lose again, as a test loss that dips before overfitting.
    #[serde(default)]
    pub at_end: bool,
}

impl Goal {
    /// Whether `value` meets the goal.
    pub fn met_by(&self, value: f64) -> bool {
        match self.measure {
            Measure::TestAccuracy | Measure::TestRSquared => value >= self.target,
            Measure::TestLoss => value <= self.target,
            Measure::Stopped => value > 0.0,
        }
    }

    /// The goal in words: "test accuracy ≥ 95 %".
    pub fn describe(&self) -> String {
        let goal = match self.measure {
            Measure::TestAccuracy => format!("test accuracy ≥ {}", percent(self.target)),
            Measure::TestLoss => format!("test loss ≤ {}", self.target),
            Measure::TestRSquared => format!("test R² ≥ {}", self.target),
            Measure::Stopped => "a stopping condition fires (not the epoch limit)".to_string(),
        };
        if self.at_end {
            format!("{goal} when training ends")
        } else {
            goal
        }
    }

    /// `value` as the goal reports it ("96.0 %" for an accuracy).
    pub fn format(&self, value: f64) -> String {
        match self.measure {
            Measure::TestAccuracy => percent(value),
            Measure::Stopped => String::new(),
            _ => format!("{value:.4}"),
        }
    }

    fn check(&self, problems: &mut Vec<Problem>) {
        let t = self.target;
        let fits = match self.measure {
            Measure::TestAccuracy => t > 0.0 && t <= 1.0,
            Measure::TestLoss => t.is_finite() && t > 0.0,
            Measure::TestRSquared => t.is_finite() && t <= 1.0,
            Measure::Stopped => true,
        };
        if !fits {
            let range = match self.measure {
                Measure::TestAccuracy => "in (0, 1]",
                Measure::TestLoss => "above 0",
                _ => "at most 1",
            };
            problems.push(Problem::at(
                "challenge.goal.target",
                format!("{t} is not a target for {}: it must be {range}", self.measure.label()),
            ));
        }
    }
}

/// A share as a percentage with one decimal: `0.96 → "96.0 %"`.
fn percent(x: f64) -> String {
    format!("{:.1} %", 100.0 * x)
}

/// The limits of a challenge on the student's configuration, each off when `None`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// At most this many hidden neurons in all layers together.
    pub max_hidden_neurons: Option<usize>,
    /// At most this many hidden layers.
    pub max_hidden_layers: Option<usize>,
    /// The goal must be met by this epoch.
    pub max_epochs: Option<u64>,
}

/// A challenge.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Challenge {
    /// A short title ("XOR with two hidden neurons").
    pub title: String,
    /// A one-line hint (may be empty).
    #[serde(default)]
    pub hint: String,
    /// One line on what solving it teaches (may be empty).
    #[serde(default)]
    pub teaches: String,
    /// Where the student starts.
    pub start: Config,
    /// The fields (paths of [`schema::PARAMS`]) the student may change; every other
    /// field must keep the start's value.
    pub open: Vec<String>,
    /// Limits on the network and the run.
    #[serde(default)]
    pub limits: Limits,
    /// The goal.
    pub goal: Goal,
}

/// A limit or a fixed field that a configuration breaks.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Broken {
    /// The field concerned (a path of [`schema::PARAMS`]).
    pub field: String,
    /// The rule broken: a [`Constraint::rule`] ("fixed", "max_hidden_neurons",
    /// "max_hidden_layers", "no_time_limit").
    pub rule: &'static str,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl Challenge {
    /// Reads a challenge from JSON and checks it ([`Challenge::check`]).
    pub fn from_json(json: &str) -> Result<Challenge, Error> {
        let challenge: Challenge = serde_json::from_str(json)
            .map_err(|e| Error::field("challenge", format!("is not a valid challenge: {e}")))?;
        challenge.check()?;
        Ok(challenge)
    }

    /// Checks the challenge itself: its start is a valid configuration without a time
    /// limit, its open fields exist, its limits and goal are within bounds, its texts
    /// are short, and the start meets its own limits.
    pub fn check(&self) -> Result<(), Error> {
        let mut problems = match self.start.validate() {
            Ok(_) => Vec::new(),
            Err(e) => e.problems.into_iter().map(|p| within("challenge.start", p)).collect(),
        };
        for (name, text) in [("title", &self.title), ("hint", &self.hint), ("teaches", &self.teaches)] {
            if text.chars().count() > MAX_CHALLENGE_TEXT {
                problems.push(Problem::at(
                    &format!("challenge.{name}"),
                    format!("is longer than {MAX_CHALLENGE_TEXT} characters"),
                ));
            }
        }
        for path in &self.open {
            if schema::param(path).is_none() {
                problems.push(Problem::at("challenge.open", format!("{path:?} is not a setting")));
            }
        }
        self.check_limits(&mut problems);
        self.goal.check(&mut problems);
        problems.extend(
            self.broken_limits(&self.start).into_iter().map(|b| Problem::at("challenge.start", b.message)),
        );
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error { problems })
        }
    }

    fn check_limits(&self, problems: &mut Vec<Problem>) {
        let l = &self.limits;
        let bounds = [
            (
                "max_hidden_neurons",
                l.max_hidden_neurons.map(|n| n as u64),
                (MAX_HIDDEN_LAYERS * MAX_NEURONS) as u64,
            ),
            ("max_hidden_layers", l.max_hidden_layers.map(|n| n as u64), MAX_HIDDEN_LAYERS as u64),
            ("max_epochs", l.max_epochs, MAX_CHALLENGE_EPOCHS),
        ];
        for (name, value, max) in bounds {
            if let Some(v) = value.filter(|&v| v > max || (name == "max_epochs" && v == 0)) {
                problems.push(Problem::at(
                    &format!("challenge.limits.{name}"),
                    format!("{v} is out of range (1 to {max})"),
                ));
            }
        }
    }

    /// What `config` breaks: each fixed field that differs from the start, each limit
    /// exceeded, and a time limit (a run that stops by wall-clock time cannot be
    /// replayed). Empty when the configuration is within the challenge.
    pub fn broken(&self, config: &Config) -> Vec<Broken> {
        let mut broken = self.changed_fixed_fields(config);
        broken.extend(self.broken_limits(config));
        broken
    }

    fn changed_fixed_fields(&self, config: &Config) -> Vec<Broken> {
        let (Ok(start), Ok(mine)) = (serde_json::to_value(&self.start), serde_json::to_value(config)) else {
            return vec![Broken {
                field: "config".into(),
                rule: "fixed",
                message: "cannot be written as JSON".into(),
            }];
        };
        schema::PARAMS
            .iter()
            .filter(|p| !self.open.iter().any(|o| o == p.path))
            .filter(|p| at_path(&start, p.path) != at_path(&mine, p.path))
            .map(|p| Broken {
                field: p.path.to_string(),
                rule: "fixed",
                message: format!(
                    "{} is fixed by this challenge; set it back to {}",
                    p.label,
                    show(at_path(&start, p.path))
                ),
            })
            .collect()
    }

    fn broken_limits(&self, config: &Config) -> Vec<Broken> {
        let mut broken = Vec::new();
        let mut breaks = |field: &str, rule: &'static str, message: String| {
            broken.push(Broken { field: field.into(), rule, message })
        };
        let neurons: usize = config.hidden_layers.iter().sum();
        if let Some(max) = self.limits.max_hidden_neurons.filter(|&m| neurons > m) {
            breaks(
                "hidden_layers",
                "max_hidden_neurons",
                format!("{neurons} hidden neurons in all; this challenge allows at most {max}"),
            );
        }
        let layers = config.hidden_layers.len();
        if let Some(max) = self.limits.max_hidden_layers.filter(|&m| layers > m) {
            breaks(
                "hidden_layers",
                "max_hidden_layers",
                format!("{layers} hidden layers; this challenge allows at most {max}"),
            );
        }
        if config.stopping.time_limit_seconds.is_some() {
            breaks(
                "stopping.time_limit_seconds",
                "no_time_limit",
                "a time limit depends on the machine's speed; a challenge counts epochs, so turn it off"
                    .into(),
            );
        }
        broken
    }

    /// The challenge's rules in words, each under the name a [`Broken::rule`] gives:
    /// the limits that are on, the fixed settings, and no time limit.
    pub fn constraints(&self) -> Vec<Constraint> {
        let l = &self.limits;
        let mut rules = Vec::new();
        if let Some(n) = l.max_hidden_neurons {
            rules.push(Constraint::new("max_hidden_neurons", format!("at most {n} hidden neurons in all")));
        }
        if let Some(n) = l.max_hidden_layers {
            let text = match n {
                0 => "no hidden layer".to_string(),
                1 => "at most 1 hidden layer".to_string(),
                _ => format!("at most {n} hidden layers"),
            };
            rules.push(Constraint::new("max_hidden_layers", text));
        }
        if let Some(e) = l.max_epochs {
            rules.push(Constraint::new("max_epochs", format!("the goal met by epoch {}", group(e))));
        }
        let open: Vec<&str> = schema::PARAMS
            .iter()
            .filter(|p| self.open.iter().any(|o| o == p.path))
            .map(|p| p.label)
            .collect();
        let fixed = if open.is_empty() {
            "every setting fixed (only play, pause and reset)".to_string()
        } else {
            format!("only these settings may change: {}", open.join(", "))
        };
        rules.push(Constraint::new("fixed", fixed));
        rules.push(Constraint::new("no_time_limit", "no time limit (a challenge counts epochs)".to_string()));
        rules
    }

    /// The epoch limit of a replay: the challenge's own, else [`MAX_CHALLENGE_EPOCHS`].
    pub fn epoch_limit(&self) -> u64 {
        self.limits.max_epochs.unwrap_or(MAX_CHALLENGE_EPOCHS)
    }
}

/// `problem` as a problem of the part `part` of a challenge: its field prefixed.
fn within(part: &str, mut problem: Problem) -> Problem {
    problem.field = Some(match problem.field {
        Some(f) => format!("{part}.{f}"),
        None => part.to_string(),
    });
    problem
}

/// The value at a dotted `path` ("data.task") of a configuration's JSON.
fn at_path<'a>(json: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(json, |v, key| v.get(key))
}

/// A JSON value as a user reads it: a string without quotes, anything else as JSON.
fn show(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => "its default".to_string(),
    }
}

/// One rule of a challenge, in words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Constraint {
    /// Its name, as [`Broken::rule`] gives it.
    pub rule: &'static str,
    /// The rule in words ("at most 3 hidden neurons in all").
    pub text: String,
}

impl Constraint {
    fn new(rule: &'static str, text: String) -> Constraint {
        Constraint { rule, text }
    }
}

/// Success: the goal was met after `epoch` epochs with `value`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Solved {
    /// The epoch after which the goal was first met.
    pub epoch: u64,
    /// The measured value then.
    pub value: f64,
    /// Hidden neurons of the network, in all.
    pub hidden_neurons: usize,
}

/// The referee of a run under a challenge: measures the goal after every epoch of a
/// trainer it is handed (it does not own the run, so the page's run can be judged).
#[derive(Clone, Debug)]
pub struct Judge {
    challenge: Challenge,
    solved: Option<Solved>,
    last: f64,
}

impl Judge {
    /// A referee of runs of `config` under `challenge`. Refused when the configuration
    /// breaks the challenge (every broken rule named).
    pub fn new(challenge: Challenge, config: &Config) -> Result<Judge, Error> {
        let broken = challenge.broken(config);
        if !broken.is_empty() {
            return Err(Error {
                problems: broken.into_iter().map(|b| Problem::at(&b.field, b.message)).collect(),
            });
        }
        Ok(Judge { challenge, solved: None, last: f64::NAN })
    }

    /// The challenge.
    pub fn challenge(&self) -> &Challenge {
        &self.challenge
    }

    /// When the goal was first met, if it was.
    pub fn solved(&self) -> Option<Solved> {
        self.solved
    }

    /// The goal's measure after the last epoch measured (NaN before the first).
    pub fn last_value(&self) -> f64 {
        self.last
    }

    /// Whether the attempt is over: the goal met, the challenge's epoch limit reached,
    /// or training stopped on its own.
    pub fn ended<T: Real>(&self, trainer: &Trainer<T>) -> bool {
        self.solved.is_some()
            || trainer.epoch() >= self.challenge.epoch_limit()
            || trainer.stopped().is_some()
    }

    /// Trains `trainer` up to `epochs` epochs, one at a time, measuring the goal after
    /// each; stops at the challenge's epoch limit, when training stops on its own, or
    /// when the goal is first met. Returns the epochs run.
    pub fn advance<T: Real>(
        &mut self,
        trainer: &mut Trainer<T>,
        epochs: u64,
        clock: &mut dyn FnMut() -> f64,
    ) -> u64 {
        let mut run = 0;
        while run < epochs && self.solved.is_none() && trainer.epoch() < self.challenge.epoch_limit() {
            if trainer.train(1, clock) == 0 {
                break;
            }
            run += 1;
            let ended = trainer.stopped().is_some() || trainer.epoch() >= self.challenge.epoch_limit();
            if self.challenge.goal.at_end && !ended {
                continue;
            }
            self.last = self.measure(trainer);
            if self.challenge.goal.met_by(self.last) {
                let hidden_neurons = trainer.config().hidden_layers.iter().sum();
                self.solved = Some(Solved { epoch: trainer.epoch(), value: self.last, hidden_neurons });
            }
        }
        run
    }

    /// Where the attempt stands, in a sentence: "Solved at epoch 1,240 with 6 hidden
    /// neurons", the epoch limit passed without the goal, or the goal still open.
    pub fn status<T: Real>(&self, trainer: &Trainer<T>) -> String {
        let goal = &self.challenge.goal;
        if let Some(s) = self.solved {
            let value = goal.format(s.value);
            let measured =
                if value.is_empty() { String::new() } else { format!(" ({} {value})", goal.measure.label()) };
            return format!(
                "Solved at epoch {} with {} hidden neuron{}{measured}",
                group(s.epoch),
                s.hidden_neurons,
                if s.hidden_neurons == 1 { "" } else { "s" }
            );
        }
        let now = if self.last.is_nan() || goal.measure == Measure::Stopped {
            String::new()
        } else {
            format!("; {} is {}", goal.measure.label(), goal.format(self.last))
        };
        if self.ended(trainer) {
            format!(
                "Not solved: training ended at epoch {} without {}{now}",
                group(trainer.epoch()),
                goal.describe()
            )
        } else {
            format!("Goal not met yet at epoch {}{now}", group(trainer.epoch()))
        }
    }

    /// The goal's measure now.
    fn measure<T: Real>(&self, trainer: &mut Trainer<T>) -> f64 {
        match self.challenge.goal.measure {
            Measure::TestAccuracy => trainer.metrics(Split::Test).accuracy.unwrap_or(f64::NAN),
            Measure::TestLoss => trainer.loss(Split::Test),
            Measure::TestRSquared => trainer.metrics(Split::Test).r_squared.unwrap_or(f64::NAN),
            Measure::Stopped => match trainer.stopped() {
                Some(
                    StopReason::MaxEpochs { .. } | StopReason::TimeLimit { .. } | StopReason::Diverged { .. },
                )
                | None => 0.0,
                Some(_) => 1.0,
            },
        }
    }
}

/// A run under a challenge: a run and its [`Judge`], trained epoch by epoch.
pub struct Attempt<T: Real = f32> {
    judge: Judge,
    trainer: Trainer<T>,
}

impl<T: Real> Attempt<T> {
    /// Starts a run of `config` under `challenge`. Refused when the configuration is
    /// invalid or breaks the challenge (every broken rule named).
    pub fn new(challenge: Challenge, config: ValidConfig) -> Result<Attempt<T>, Error> {
        let judge = Judge::new(challenge, &config)?;
        let trainer = Trainer::build(config)?;
        Ok(Attempt { judge, trainer })
    }

    /// The run.
    pub fn trainer(&mut self) -> &mut Trainer<T> {
        &mut self.trainer
    }

    /// The challenge.
    pub fn challenge(&self) -> &Challenge {
        self.judge.challenge()
    }

    /// When the goal was first met, if it was.
    pub fn solved(&self) -> Option<Solved> {
        self.judge.solved()
    }

    /// The goal's measure after the last epoch trained (NaN before the first).
    pub fn last_value(&self) -> f64 {
        self.judge.last_value()
    }

    /// Trains up to `epochs` epochs ([`Judge::advance`]). Returns the epochs run.
    pub fn advance(&mut self, epochs: u64, clock: &mut dyn FnMut() -> f64) -> u64 {
        self.judge.advance(&mut self.trainer, epochs, clock)
    }
}

/// The outcome of replaying a solution.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Verdict {
    /// The replay met the goal at the claimed epoch.
    Verified {
        /// What the replay measured.
        solved: Solved,
        /// "verified: test accuracy 96.0 % at epoch 1,240".
        message: String,
    },
    /// The solution breaks the challenge or the replay does not meet the goal.
    NotVerified {
        /// Why, in a sentence (or several, one per broken rule).
        message: String,
    },
}

/// Replays `config` under `challenge` from epoch 0 (in the page's `f32`) and checks
/// that the goal is first met at `claimed_epoch`, as the solution says.
pub fn verify(challenge: &Challenge, config: &Config, claimed_epoch: u64) -> Verdict {
    let refuse = |message: String| Verdict::NotVerified { message };
    if let Err(e) = challenge.check() {
        return refuse(format!("the challenge itself is invalid: {e}"));
    }
    let valid = match config.validate() {
        Ok(v) => v,
        Err(e) => return refuse(format!("the solution's settings are invalid: {e}")),
    };
    if claimed_epoch == 0 || claimed_epoch > challenge.epoch_limit() {
        return refuse(format!(
            "epoch {claimed_epoch} is outside the challenge's 1 to {} epochs",
            challenge.epoch_limit()
        ));
    }
    let mut attempt: Attempt<f32> = match Attempt::new(challenge.clone(), valid) {
        Ok(a) => a,
        Err(e) => return refuse(format!("the solution breaks the challenge: {e}")),
    };
    let mut no_clock = || 0.0;
    attempt.advance(claimed_epoch, &mut no_clock);
    let goal = challenge.goal;
    match attempt.solved() {
        Some(s) if s.epoch == claimed_epoch => Verdict::Verified {
            solved: s,
            message: format!(
                "verified: {} {} at epoch {}",
                goal.measure.label(),
                goal.format(s.value),
                group(s.epoch)
            ),
        },
        Some(s) => refuse(format!(
            "the replay met the goal at epoch {}, not at epoch {} as the solution says",
            group(s.epoch),
            group(claimed_epoch)
        )),
        None => refuse(format!(
            "the replay did not meet the goal ({}) by epoch {}: {} was {}",
            goal.describe(),
            group(attempt.trainer().epoch()),
            goal.measure.label(),
            goal.format(attempt.last_value())
        )),
    }
}

/// A whole number with thousands separators: `1240 → "1,240"`.
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
