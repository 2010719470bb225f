//! Every input fuzzed: thousands of generated and mutated configurations, CSV files
//! and model files go through the parsers, and each one is either accepted as
//! something that works or refused with an error that says where. Never a panic.
//!
//! - Configurations ([`Config::from_json`]): accepted ones build a run with
//!   [`Trainer::new`] and train an epoch; refusals name a field of the table (or
//!   `config` for the JSON as a whole).
//! - CSV ([`parse_csv`]): accepted points make a custom dataset that validates and
//!   trains; refusals name a line of the text, or the whole file.
//! - Model files ([`Trainer::import_model`]): accepted models give finite outputs over
//!   the plane, export and load again, and the reloaded run trains an epoch bit for bit
//!   as the accepted one does (the training state survives); refusals are about the
//!   whole file (or name a field of the configuration it holds).
//!
//! The inputs come from a fixed seed, so every run (and CI) sees the same ones;
//! `FUZZ_SEED=<number> cargo test -p playground-core --test fuzz -- --nocapture`
//! explores others. Each property prints how many cases it ran and how long it took.

use playground_core::limits::{MAX_CLASSES, MAX_HIDDEN_LAYERS, MAX_POINTS, MIN_OWN_POINTS};
use playground_core::param::{Choices, Kind, Number};
use playground_core::schema::PARAMS;
use playground_core::Strategy as Presentation;
use playground_core::{
    parse_csv, to_csv, Activation, Config, DataConfig, Feature, Loss, Optimizer, Regularization, Sample,
    Schedule, Split, Stopping, Task, Trainer, EXTENT,
};
use proptest::prelude::*;
use proptest::test_runner::{RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::Value;
use std::io::Write;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Instant;

type Text = BoxedStrategy<String>;

// ---- the runner ---------------------------------------------------------------------

/// Runs `check` on `cases` inputs drawn from `strategy` (a seed of its own per
/// property) and prints the count; a failing input is shrunk and reported.
fn fuzz<S>(name: &str, cases: u32, strategy: S, check: impl Fn(S::Value) -> Result<Verdict, TestCaseError>)
where
    S: Strategy,
{
    let seed: u64 = std::env::var("FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(2024);
    let mut bytes = [0u8; 32];
    let salt = name.bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        chunk.copy_from_slice(&(seed ^ salt).wrapping_add(i as u64).to_le_bytes());
    }
    let config = ProptestConfig {
        cases,
        failure_persistence: None,
        max_shrink_iters: 4000,
        ..ProptestConfig::default()
    };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
    let (accepted, refused) = (AtomicU32::new(0), AtomicU32::new(0));
    let start = Instant::now();
    let result = runner.run(&strategy, |input| {
        let verdict = check(input)?;
        let count = if verdict == Verdict::Accepted { &accepted } else { &refused };
        count.fetch_add(1, Ordering::Relaxed);
        Ok(())
    });
    let (accepted, refused) = (accepted.load(Ordering::Relaxed), refused.load(Ordering::Relaxed));
    // Straight to stderr, past the test harness's capture, so every run shows the counts.
    let _ = writeln!(
        std::io::stderr(),
        "fuzz {name}: {} cases ({accepted} accepted, {refused} refused) in {:.1} s, seed {seed}",
        accepted + refused,
        start.elapsed().as_secs_f64()
    );
    if let Err(e) = result {
        panic!("fuzz {name} failed: {e}");
    }
}

/// What a parser made of an input (both are fine; a panic or a bad refusal is not).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    Accepted,
    Refused,
}

/// `Some` value with probability `p` (0 and 1 included).
fn maybe<S: Strategy + 'static>(p: f64, s: S) -> BoxedStrategy<Option<S::Value>>
where
    S::Value: std::fmt::Debug + Clone,
{
    if p <= 0.0 {
        Just(None).boxed()
    } else if p >= 1.0 {
        s.prop_map(Some).boxed()
    } else {
        prop::option::weighted(p, s).boxed()
    }
}

fn fail(message: String) -> TestCaseError {
    TestCaseError::fail(message)
}

// ---- numbers and mutations, shared by every parser -----------------------------------

/// Number-like tokens that are hard to read: out of range for f64, u64 or i64, not JSON,
/// NaN and infinity spelled out, other JSON types.
const WILD_TOKENS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "0.5",
    "-0.0",
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "1e309",
    "1e400",
    "-1e400",
    "1e-400",
    "5e-324",
    "4294967296",
    "4294967297",
    "9007199254740993",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999999999999999",
    "NaN",
    "-NaN",
    "Infinity",
    "-Infinity",
    "inf",
    "nan",
    "\"NaN\"",
    "\"inf\"",
    "\"1\"",
    "\"\"",
    "null",
    "true",
    "false",
    "[]",
    "{}",
    "[1]",
    "{\"kind\":1}",
    "1.",
    "01",
    ".5",
    "+1",
    "0x10",
    "1e",
    "--1",
];

fn wild_number() -> Text {
    prop_oneof![
        4 => prop::sample::select(WILD_TOKENS).prop_map(str::to_string),
        1 => any::<f64>().prop_map(|v| format!("{v:?}")),
        1 => any::<f64>().prop_map(|v| serde_json::to_string(&v).unwrap_or_default()),
        1 => any::<i64>().prop_map(|v| v.to_string()),
        1 => any::<u64>().prop_map(|v| v.to_string()),
    ]
    .boxed()
}

/// A number as JSON: whole numbers without a fraction where the field wants them.
fn render(v: f64, integer: bool) -> String {
    if integer && v.fract() == 0.0 && v.abs() < 1e18 {
        format!("{}", v as i64)
    } else {
        serde_json::to_string(&v).unwrap_or_default()
    }
}

/// One edit of a text, at a position taken modulo its length.
#[derive(Clone, Debug)]
enum Mutation {
    /// Sets one byte.
    Set(usize, u8),
    /// Deletes up to `len` bytes.
    Delete(usize, usize),
    /// Inserts a snippet.
    Insert(usize, &'static str),
    /// Repeats a stretch of up to `len` bytes.
    Duplicate(usize, usize),
    /// Cuts the text off.
    Truncate(usize),
    /// Replaces the k-th number of the text by another token.
    Number(usize, String),
}

const SNIPPETS: &[&str] = &[
    "-",
    "1e400",
    "NaN",
    "null",
    "\"",
    ",",
    "{",
    "}",
    "[",
    "]",
    ":",
    "\"kind\":\"relu\",",
    ",\"bogus\":1",
    "99999999999999999999",
    "0.",
    "\\u0000",
    "\u{fffd}",
    "é",
    "\"\\ud800\"",
    "1e-400",
    "#",
    "\n",
    "\r\n",
    "\t",
    "x1,x2,label\n",
];

const SPECIAL_BYTES: &[u8] = b"{}[]\":,0123456789.-eE+ntfalsu #\n\r\\";

fn mutation() -> BoxedStrategy<Mutation> {
    let plausible =
        prop_oneof![(0..10i32).prop_map(|v| v.to_string()), (-1.0..1.0f64).prop_map(|v| render(v, false))];
    let byte = prop_oneof![any::<u8>(), prop::sample::select(SPECIAL_BYTES)];
    prop_oneof![
        3 => (any::<usize>(), byte).prop_map(|(at, b)| Mutation::Set(at, b)),
        2 => (any::<usize>(), 1..24usize).prop_map(|(at, n)| Mutation::Delete(at, n)),
        2 => (any::<usize>(), prop::sample::select(SNIPPETS)).prop_map(|(at, s)| Mutation::Insert(at, s)),
        1 => (any::<usize>(), 1..64usize).prop_map(|(at, n)| Mutation::Duplicate(at, n)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
        4 => (any::<usize>(), wild_number()).prop_map(|(k, t)| Mutation::Number(k, t)),
        2 => (any::<usize>(), plausible).prop_map(|(k, t)| Mutation::Number(k, t)),
    ]
    .boxed()
}

/// Where the numbers of a text are: maximal runs of number characters that start
/// with a digit or a minus sign after a non-word character.
fn number_spans(bytes: &[u8]) -> Vec<(usize, usize)> {
    let is_num = |b: u8| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E');
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts = (bytes[i].is_ascii_digit() || bytes[i] == b'-')
            && (i == 0
                || !(bytes[i - 1].is_ascii_alphanumeric() || is_num(bytes[i - 1]) || bytes[i - 1] == b'_'));
        if starts {
            let end = (i..bytes.len()).find(|&j| !is_num(bytes[j])).unwrap_or(bytes.len());
            spans.push((i, end));
            i = end;
        } else {
            i += 1;
        }
    }
    spans
}

fn apply(base: &str, mutations: &[Mutation]) -> String {
    let mut b = base.as_bytes().to_vec();
    for m in mutations {
        let at = |p: usize, len: usize| if len == 0 { 0 } else { p % (len + 1) };
        match m {
            Mutation::Set(p, byte) => {
                if !b.is_empty() {
                    let i = p % b.len();
                    b[i] = *byte;
                }
            }
            Mutation::Delete(p, n) => {
                let i = at(*p, b.len());
                let end = (i + n).min(b.len());
                b.drain(i..end);
            }
            Mutation::Insert(p, s) => {
                let i = at(*p, b.len());
                b.splice(i..i, s.bytes());
            }
            Mutation::Duplicate(p, n) => {
                let i = at(*p, b.len());
                let end = (i + n).min(b.len());
                let copy = b[i..end].to_vec();
                b.splice(end..end, copy);
            }
            Mutation::Truncate(p) => {
                let i = at(*p, b.len());
                b.truncate(i);
            }
            Mutation::Number(k, token) => {
                let spans = number_spans(&b);
                if !spans.is_empty() {
                    let (s, e) = spans[k % spans.len()];
                    b.splice(s..e, token.bytes());
                }
            }
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

/// A valid text with one to four edits.
fn mutated(bases: Vec<String>) -> Text {
    (prop::sample::select(bases), prop::collection::vec(mutation(), 1..5))
        .prop_map(|(base, ms)| apply(&base, &ms))
        .boxed()
}

// ---- configurations -------------------------------------------------------------------

/// Values for a field: `good` ones within its bounds and choices, `bad` ones that break
/// them (out of range, the wrong type, unreadable, unknown).
struct Values {
    good: Text,
    bad: Text,
}

/// Values for a numeric field. Bad ones sit at or just past a bound, are whole numbers
/// written with a fraction, or are wild.
fn number(n: Number) -> Values {
    let lo = n.min;
    let hi = n.max.unwrap_or(lo + 1000.0);
    let (integer, fallback) = (n.integer, n.value());
    let in_range = (lo..=hi).prop_map(move |v| {
        let v = if integer { v.round() } else { v };
        let v = if n.min_exclusive && v <= lo { fallback } else { v };
        render(v, integer)
    });
    let mut good: Vec<(u32, Text)> =
        vec![(4, in_range.boxed()), (1, Just(render(fallback, integer)).boxed())];
    if n.optional {
        good.push((2, Just("null".to_string()).boxed()));
    }
    if n.max.is_none() {
        // Valid, but past what a narrower integer type or a careless cast holds.
        let huge: &[&str] = if integer {
            &[
                "2147483647",
                "2147483648",
                "4294967295",
                "4294967296",
                "4294967297",
                "9007199254740992",
                "9223372036854775808",
                "18446744073709551615",
            ]
        } else {
            &["4294967296.5", "1e300", "1.7976931348623157e308"]
        };
        good.push((1, prop::sample::select(huge).prop_map(str::to_string).boxed()));
    }
    let edges = prop::sample::select(vec![
        lo,
        hi,
        lo - 1.0,
        hi + 1.0,
        lo - 1e-9,
        hi + 1e-9,
        -hi,
        hi * 1e6,
        0.0,
        0.5,
        1.5,
        -1.0,
    ])
    .prop_map(move |v| render(v, integer));
    let fraction = (lo..=hi).prop_map(|v| format!("{:.1}", v.round()));
    let bad = prop_oneof![3 => edges, 1 => fraction, 3 => wild_number()];
    Values { good: prop::strategy::Union::new_weighted(good).boxed(), bad: bad.boxed() }
}

fn object(fields: impl IntoIterator<Item = String>) -> String {
    format!("{{{}}}", fields.into_iter().collect::<Vec<_>>().join(","))
}

fn array(items: impl IntoIterator<Item = String>) -> String {
    format!("[{}]", items.into_iter().collect::<Vec<_>>().join(","))
}

/// A real variant of a choice with some of its parameters, each good or (with
/// `bad_params`) bad; a bad variant may also carry an unknown parameter.
fn variant(c: Choices, bad_params: bool) -> Text {
    let tagged = c.tagged;
    prop::sample::select(c.choices.to_vec())
        .prop_flat_map(move |ch| {
            let params: Vec<BoxedStrategy<Option<String>>> = ch
                .params
                .iter()
                .map(|p| {
                    let path = p.path;
                    let Values { good, bad } = number(p.spec());
                    let v = if bad_params { prop_oneof![good, bad].boxed() } else { good };
                    maybe(0.6, v.prop_map(move |v| format!("\"{path}\":{v}"))).boxed()
                })
                .collect();
            let extra = maybe(if bad_params { 0.2 } else { 0.0 }, Just("\"bogus\":1".to_string()));
            (params, extra).prop_map(move |(params, extra)| {
                if tagged {
                    let kind = format!("\"kind\":\"{}\"", ch.id);
                    object(std::iter::once(kind).chain(params.into_iter().flatten()).chain(extra))
                } else {
                    format!("\"{}\"", ch.id)
                }
            })
        })
        .boxed()
}

/// Values for a choice: a real variant, or a bad parameter, an unknown variant, the
/// wrong form (a bare id where an object is wanted, or the other way round).
fn choice(c: Choices) -> Values {
    let not_a_variant = prop::sample::select(vec![
        "\"bogus\"",
        "{}",
        "{\"kind\":3}",
        "{\"kind\":null}",
        "{\"kind\":\"bogus\"}",
        "\"tanh\"",
        "{\"kind\":\"tanh\"}",
        "{\"kind\":\"softmax\"}",
        "\"softmax_cross_entropy\"",
        "[]",
    ])
    .prop_map(str::to_string);
    let bad = prop_oneof![2 => variant(c, true), 2 => not_a_variant, 1 => wild_number()];
    let good = if c.optional {
        prop_oneof![1 => Just("null".to_string()), 4 => variant(c, false)].boxed()
    } else {
        variant(c, false)
    };
    Values { good, bad: bad.boxed() }
}

/// A coordinate of an own point: on the plane, or just off it, or wild.
fn coordinate(good: bool) -> Text {
    if good {
        let whole = (-6..=6i32).prop_map(|v| v.to_string());
        return prop_oneof![3 => (-6.0..=6.0f64).prop_map(|v| render(v, false)), 1 => whole].boxed();
    }
    prop_oneof![
        3 => (-6.5..6.5f64).prop_map(|v| render(v, false)),
        1 => prop::sample::select(vec!["6", "-6", "6.0000001", "-6.000001", "1e-320"])
            .prop_map(str::to_string),
        2 => wild_number(),
    ]
    .boxed()
}

/// A label of an own point: class 0 or 1, or a real value, or wild.
fn label(good: bool) -> Text {
    let class = (0..2i32).prop_map(|v| v.to_string());
    if good {
        return class.boxed();
    }
    prop_oneof![
        2 => (0..8i32).prop_map(|v| v.to_string()),
        2 => (-2.0..2.0f64).prop_map(|v| render(v, false)),
        2 => wild_number(),
    ]
    .boxed()
}

fn point(good: bool) -> Text {
    let missing = if good { 0.0 } else { 0.1 };
    let field =
        |name: &'static str, s: Text| maybe(1.0 - missing, s.prop_map(move |v| format!("\"{name}\":{v}")));
    (
        field("x1", coordinate(good)),
        field("x2", coordinate(good)),
        field("target", label(good)),
        maybe(missing / 2.0, Just("\"bogus\":0".to_string())),
    )
        .prop_map(|(a, b, c, d)| object([a, b, c, d].into_iter().flatten()))
        .boxed()
}

/// Values for a field of the table, by its kind.
fn values(kind: Kind) -> Values {
    let (good, bad): (Text, Text) = match kind {
        Kind::Number(n) => return number(n),
        Kind::Choice(c) => return choice(c),
        Kind::PerLayer(c) => {
            let Values { good, bad } = choice(c);
            let good_item = good.clone();
            let good = prop_oneof![
                2 => Just("[]".to_string()),
                1 => prop::collection::vec(good.clone(), 1..=MAX_HIDDEN_LAYERS).prop_map(array),
            ];
            let bad = prop::collection::vec(prop_oneof![2 => good_item, 1 => bad], 1..9).prop_map(array);
            (good.boxed(), bad.boxed())
        }
        Kind::Flags { choices, .. } => {
            let ids: Vec<String> = choices.iter().map(|c| format!("\"{}\"", c.id)).collect();
            let good = prop::sample::subsequence(ids.clone(), 1..=ids.len()).prop_map(array);
            let any: Vec<String> =
                ids.into_iter().chain(["\"bogus\"".to_string(), "1".to_string()]).collect();
            let bad = prop::collection::vec(prop::sample::select(any), 0..9).prop_map(array);
            (good.boxed(), bad.boxed())
        }
        Kind::Layers { max_layers, min_neurons, max_neurons, .. } => {
            let good = prop::collection::vec(
                (min_neurons..=max_neurons).prop_map(|n| n.to_string()),
                0..=max_layers,
            )
            .prop_map(array);
            let width =
                prop_oneof![6 => (0..=max_neurons + 2).prop_map(|n| n.to_string()), 1 => wild_number()];
            let bad = prop::collection::vec(width, 0..=max_layers + 2).prop_map(array);
            (good.boxed(), bad.boxed())
        }
        Kind::Points { min, .. } => {
            let good = prop::collection::vec(point(true), min..24).prop_map(array);
            let bad = prop::collection::vec(prop_oneof![3 => point(true), 1 => point(false)], 0..24)
                .prop_map(array);
            (good.boxed(), bad.boxed())
        }
        Kind::Bool { .. } => {
            (prop::sample::select(vec!["true", "false"]).prop_map(str::to_string).boxed(), wild_number())
        }
    };
    Values { good, bad: prop_oneof![4 => bad, 1 => wild_number()].boxed() }
}

/// A JSON object with nested objects, kept in insertion order.
#[derive(Default)]
struct Tree(Vec<(String, Node)>);

enum Node {
    Leaf(String),
    Object(Tree),
}

impl Tree {
    fn insert(&mut self, path: &str, value: String) {
        match path.split_once('.') {
            None => self.0.push((path.to_string(), Node::Leaf(value))),
            Some((head, rest)) => {
                let existing = self.0.iter_mut().find(|(k, n)| k == head && matches!(n, Node::Object(_)));
                match existing {
                    Some((_, Node::Object(tree))) => tree.insert(rest, value),
                    _ => {
                        let mut tree = Tree::default();
                        tree.insert(rest, value);
                        self.0.push((head.to_string(), Node::Object(tree)));
                    }
                }
            }
        }
    }

    fn render(&self) -> String {
        object(self.0.iter().map(|(k, n)| {
            let v = match n {
                Node::Leaf(v) => v.clone(),
                Node::Object(t) => t.render(),
            };
            format!("\"{k}\":{v}")
        }))
    }
}

/// A configuration built from the table: each field present or missing (its default),
/// with a good value or, at a rate drawn per case (none, 1%, 5% or 25% of the fields),
/// a bad one; now and then an unknown or repeated field, a section that is not an
/// object, or a document that is not an object at all.
fn generated_config() -> Text {
    let case = prop::sample::select(vec![0.0, 0.01, 0.05, 0.25]).prop_flat_map(|bad_rate| {
        let fields: Vec<BoxedStrategy<Option<(&'static str, String)>>> = PARAMS
            .iter()
            .map(|p| {
                let path = p.path;
                let Values { good, bad } = values(p.kind);
                let v =
                    (prop::bool::weighted(bad_rate), good, bad).prop_map(|(b, g, x)| if b { x } else { g });
                maybe(0.6, v.prop_map(move |v| (path, v))).boxed()
            })
            .collect();
        let unknown = maybe(
            bad_rate / 2.0,
            (
                prop::sample::select(vec!["bogus", "Seed", "data.bogus", "stopping.bogus", "seed", "data"]),
                wild_number(),
            ),
        );
        let whole = maybe(
            bad_rate / 5.0,
            prop::sample::select(vec!["", "[]", "null", "1", "\"config\"", "{", "{}", "[{}]"]),
        );
        (fields, unknown, whole)
    });
    case.prop_map(|(fields, unknown, whole)| {
        if let Some(whole) = whole {
            return whole.to_string();
        }
        let mut tree = Tree::default();
        for (path, v) in fields.into_iter().flatten() {
            tree.insert(path, v);
        }
        if let Some((path, v)) = unknown {
            tree.insert(path, v);
        }
        tree.render()
    })
    .boxed()
}

/// A few valid configurations as JSON, compact and pretty, to mutate.
fn config_bases() -> Vec<String> {
    let spiral = Config {
        data: DataConfig { task: Task::Spiral, classes: 3, points: 60, ..DataConfig::default() },
        features: vec![Feature::X1, Feature::X2, Feature::X1X2, Feature::SinX1],
        hidden_layers: vec![5, 3],
        activation: Activation::Relu,
        loss: Loss::SoftmaxCrossEntropy,
        optimizer: Optimizer::Adam { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
        strategy: Presentation::FullBatch,
        ..Config::default()
    };
    let custom = Config {
        data: DataConfig {
            task: Task::Custom,
            regression: true,
            samples: (0..6)
                .map(|i| Sample { x1: f64::from(i) - 2.5, x2: 1.25, target: f64::from(i) * 0.3 - 0.7 })
                .collect(),
            ..DataConfig::default()
        },
        hidden_layers: vec![3],
        layer_activations: vec![Activation::Elu { alpha: 1.0 }],
        regularization: Regularization::L2 { rate: 0.001 },
        schedule: Schedule::StepDecay { every: 10, factor: 0.5 },
        stopping: Stopping { max_epochs: Some(50), patience: Some(5), ..Stopping::default() },
        ..Config::default()
    };
    let mut bases = Vec::new();
    for c in [Config::default(), spiral, custom] {
        c.validate().expect("the bases are valid");
        bases.push(c.to_json());
        bases.push(serde_json::to_string_pretty(&c).expect("json"));
    }
    bases
}

/// Whether a field named in a refusal is one the page can point at: the JSON as a
/// whole, a field of the table, or a parameter of a choice.
fn known_field(field: &str) -> bool {
    field == "config"
        || PARAMS
            .iter()
            .any(|p| field == p.path || field.strip_prefix(p.path).is_some_and(|rest| rest.starts_with('.')))
}

fn check_config(json: &str) -> Result<Verdict, TestCaseError> {
    // A valid configuration may still be refused by the build (a table read from a
    // file, without its text): that refusal too must name a known field.
    match Config::from_json(json).and_then(Trainer::<f32>::build) {
        Ok(mut t) => {
            t.train(1, &mut || 0.0);
            t.loss(Split::Test);
            Ok(Verdict::Accepted)
        }
        Err(e) => {
            prop_assert!(!e.problems.is_empty());
            for p in &e.problems {
                let field = p.field.as_deref().unwrap_or("");
                prop_assert!(known_field(field), "refusal without a known field: {p:?}");
                prop_assert!(p.line.is_none() && !p.message.is_empty(), "{p:?}");
            }
            Ok(Verdict::Refused)
        }
    }
}

#[test]
fn fuzz_generated_configs() {
    fuzz("configs (generated)", 4000, generated_config(), |json| check_config(&json));
}

#[test]
fn fuzz_mutated_configs() {
    fuzz("configs (mutated)", 5000, mutated(config_bases()), |json| check_config(&json));
}

// ---- CSV --------------------------------------------------------------------------------

fn csv_token() -> Text {
    prop_oneof![
        6 => (-6.5..6.5f64).prop_map(|v| format!("{v}")),
        3 => (-2..8i32).prop_map(|v| v.to_string()),
        2 => prop::sample::select(vec![
            "1e308", "-1e308", "1e309", "-1e400", "1e-320", "5e-324", "2.2250738585072014e-308", "6",
            "-6", "6.0000001", "-6.000001", "0", "-0", "+1", ".5", "5.", "1e1", "0.6e1", "1E0",
            "18446744073709551616",
        ])
        .prop_map(str::to_string),
        1 => prop::sample::select(vec!["inf", "-inf", "+inf", "infinity", "Infinity", "NaN", "nan", "-NaN"])
            .prop_map(str::to_string),
        1 => prop::sample::select(vec!["", " ", "  ", "\t"]).prop_map(str::to_string),
        1 => prop::sample::select(vec![
            "x1", "x2", "label", "y", "class", "abc", "0x10", "1_000", "\u{0661}", "\"1\"", "1 2", "e",
            "-", ".",
            "#1", "\u{feff}1",
        ])
        .prop_map(str::to_string),
        1 => any::<f64>().prop_map(|v| format!("{v:?}")),
    ]
    .boxed()
}

/// A well-formed point line: on the plane, a small class or a value.
fn csv_good_line() -> Text {
    let label = prop_oneof![
        4 => (0..3i32).prop_map(|v| v.to_string()),
        1 => (-1.0..1.0f64).prop_map(|v| format!("{v}")),
    ];
    (-6.0..=6.0f64, -6.0..=6.0f64, label, prop::sample::select(vec![",", ", ", " , "]))
        .prop_map(|(a, b, l, sep)| format!("{a}{sep}{b}{sep}{l}"))
        .boxed()
}

fn csv_bad_line() -> Text {
    prop_oneof![
        8 => prop::collection::vec(csv_token(), 1..=4).prop_map(|t| t.join(",")),
        1 => prop::sample::select(vec![
            "", "   ", "#", "# a comment", "x1,x2,label", "x1;x2;label", ",,", "\u{feff}x1,x2,label",
        ])
            .prop_map(str::to_string),
    ]
    .boxed()
}

/// CSV text: a share of bad lines between none and half, an optional header, LF or
/// CRLF line ends.
fn generated_csv() -> Text {
    prop::sample::select(vec![0.0, 0.02, 0.1, 0.5])
        .prop_flat_map(|bad| {
            let line = (prop::bool::weighted(bad), csv_good_line(), csv_bad_line())
                .prop_map(|(is_bad, good, b)| if is_bad { b } else { good });
            (
                maybe(0.3, Just("x1,x2,label".to_string())),
                prop::collection::vec(line, 0..40),
                prop::sample::select(vec!["\n", "\r\n"]),
                any::<bool>(),
            )
        })
        .prop_map(|(header, lines, end, trailing)| {
            let mut text = header.into_iter().chain(lines).collect::<Vec<_>>().join(end);
            if trailing {
                text.push_str(end);
            }
            text
        })
        .boxed()
}

fn csv_bases() -> Vec<String> {
    let spiral =
        DataConfig { task: Task::Spiral, classes: 3, points: 60, noise: 0.1, ..DataConfig::default() };
    let plane = DataConfig { task: Task::Plane, points: 30, ..DataConfig::default() };
    let all = |d: DataConfig| {
        let d = d.build(3);
        d.train.iter().chain(&d.test).copied().collect::<Vec<_>>()
    };
    let mut bases = vec![to_csv(&all(spiral)), to_csv(&all(plane))];
    bases.push(
        "# my points\r\nx1, x2, label\r\n\r\n1, 2, 0\r\n-3.5, 4, 1\r\n0, 0, 1\r\n6, -6, 0\r\n".to_string(),
    );
    bases
}

/// The limits the page passes and some smaller ones.
fn csv_limits() -> impl Strategy<Value = (usize, usize)> {
    (prop::sample::select(vec![MAX_POINTS, 4, 10, 25]), prop::sample::select(vec![MAX_CLASSES, 2, 3]))
}

fn check_csv(text: &str, max_points: usize, max_classes: usize) -> Result<Verdict, TestCaseError> {
    let lines = text.lines().count();
    match parse_csv(text, max_points, max_classes) {
        Ok(d) => {
            let n = d.samples.len();
            prop_assert!((MIN_OWN_POINTS..=max_points).contains(&n), "{n} points accepted");
            for s in &d.samples {
                prop_assert!(s.x1.abs() <= EXTENT && s.x2.abs() <= EXTENT && s.target.is_finite(), "{s:?}");
            }
            if !d.regression {
                prop_assert!((2..=max_classes.max(2)).contains(&d.classes), "{} classes", d.classes);
                let ok = |t: f64| t >= 0.0 && t.fract() == 0.0 && (t as usize) < d.classes;
                prop_assert!(d.samples.iter().all(|s| ok(s.target)));
            }
            let classes = if d.regression { 2 } else { d.classes };
            let config = Config {
                data: DataConfig {
                    task: Task::Custom,
                    regression: d.regression,
                    classes,
                    samples: d.samples,
                    ..DataConfig::default()
                },
                ..Config::default()
            };
            config.validate().map_err(|e| fail(format!("parsed points do not validate: {e}")))?;
            let mut t: Trainer<f32> = Trainer::new(&config).map_err(|e| fail(e.to_string()))?;
            t.train(1, &mut || 0.0);
            Ok(Verdict::Accepted)
        }
        Err(e) => {
            prop_assert!(!e.problems.is_empty());
            for p in &e.problems {
                prop_assert!(p.field.is_none() && !p.message.is_empty(), "{p:?}");
                if let Some(line) = p.line {
                    prop_assert!((1..=lines).contains(&line), "line {line} of {lines}: {p:?}");
                }
            }
            Ok(Verdict::Refused)
        }
    }
}

#[test]
fn fuzz_generated_csv() {
    fuzz("CSV (generated)", 4000, (generated_csv(), csv_limits()), |(text, (points, classes))| {
        check_csv(&text, points, classes)
    });
}

#[test]
fn fuzz_mutated_csv() {
    fuzz("CSV (mutated)", 5000, mutated(csv_bases()), |text| check_csv(&text, MAX_POINTS, MAX_CLASSES));
}

// ---- model files ------------------------------------------------------------------------

/// Model files exported from three small trained runs (Adam's moments, early stopping's
/// best weights), one saved in the middle of an epoch with momentum's velocity, and one
/// of version 1 (no training state).
fn model_bases() -> Vec<String> {
    let mut bases = Vec::new();
    for config in config_bases().iter().step_by(2) {
        let config = Config::from_json(config).expect("valid");
        let mut t: Trainer<f32> = Trainer::new(&config).expect("valid");
        t.train(5, &mut || 0.0);
        bases.push(t.export_model());
    }
    let momentum = Config { optimizer: Optimizer::Momentum { momentum: 0.9 }, ..Config::default() };
    let mut t: Trainer<f32> = Trainer::new(&momentum).expect("valid");
    t.train(2, &mut || 0.0);
    t.record_step();
    assert_ne!(t.batch_cursor(), 0);
    bases.push(t.export_model());
    let mut old: Value = serde_json::from_str(&bases[0]).expect("json");
    old.as_object_mut().expect("an object").remove("training");
    old["version"] = Value::from(1);
    bases.push(serde_json::to_string_pretty(&old).expect("json"));
    bases
}

/// An edit of a model file's structure.
#[derive(Clone, Debug)]
enum Edit {
    /// Removes the k-th field or array element (counted over the whole document).
    Remove(usize),
    /// Replaces the k-th value.
    Replace(usize, Value),
    /// Sets `nrows` (0) or `ncols` (1) of the weights or bias of a layer.
    Shape { layer: usize, bias: bool, dim: usize, value: Value },
    /// Drops (false) or pushes (true) entries of a weight matrix's data.
    Data { layer: usize, bias: bool, grow: bool, count: usize },
    /// Sets one weight to a value.
    Weight { layer: usize, index: usize, value: f64 },
    /// Sets a layer's activation.
    Activation { layer: usize, kind: &'static str },
    /// Removes a layer (false) or repeats one (true).
    Layers { layer: usize, repeat: bool },
    /// Sets a field of the configuration to a value of its kind (when it is JSON).
    Config { field: usize, value: String },
}

fn edit() -> BoxedStrategy<Edit> {
    let replacements = prop::sample::select(vec![
        Value::Null,
        Value::Bool(true),
        Value::from("x"),
        Value::from("nn-playground-model"),
        serde_json::json!([]),
        serde_json::json!({}),
        Value::from(0),
        Value::from(-1),
        Value::from(1.5),
        Value::from(2),
        Value::from(3.0e38),
        Value::from(-3.0e38),
        Value::from(1.0e30),
        Value::from(1.0e-45),
        Value::from(u64::MAX),
        Value::from(i64::MIN),
        Value::from(1u64 << 32),
    ]);
    let dims =
        prop::sample::select(vec![0u64, 1, 2, 3, 4, 8, 9, 65536, 1 << 32, (1 << 32) + 1, 1 << 63, u64::MAX])
            .prop_map(Value::from);
    let dim_value = prop_oneof![4 => dims, 1 => replacements.clone()];
    let weight = prop_oneof![
        3 => -10.0..10.0f64,
        1 => prop::sample::select(vec![3.0e38, -3.0e38, 3.4028235e38, 1.0e30, -1.0e20, 1.0e10, 1.0e-45, 0.0]),
    ];
    let kinds = prop::sample::select(vec![
        "tanh",
        "sigmoid",
        "relu",
        "linear",
        "leaky_relu",
        "elu",
        "softplus",
        "sine",
        "gaussian",
        "softmax",
        "bogus",
    ]);
    let layer = 0..4usize;
    prop_oneof![
        3 => any::<usize>().prop_map(Edit::Remove),
        3 => (any::<usize>(), replacements).prop_map(|(k, v)| Edit::Replace(k, v)),
        3 => (layer.clone(), any::<bool>(), 0..2usize, dim_value)
            .prop_map(|(layer, bias, dim, value)| Edit::Shape { layer, bias, dim, value }),
        2 => (layer.clone(), any::<bool>(), any::<bool>(), 1..5usize)
            .prop_map(|(layer, bias, grow, count)| Edit::Data { layer, bias, grow, count }),
        3 => (layer.clone(), any::<usize>(), weight)
            .prop_map(|(layer, index, value)| Edit::Weight { layer, index, value }),
        2 => (layer.clone(), kinds).prop_map(|(layer, kind)| Edit::Activation { layer, kind }),
        1 => (layer, any::<bool>()).prop_map(|(layer, repeat)| Edit::Layers { layer, repeat }),
        3 => (0..PARAMS.len()).prop_flat_map(|field| {
            let Values { good, bad } = values(PARAMS[field].kind);
            prop_oneof![good, bad].prop_map(move |value| Edit::Config { field, value })
        }),
    ]
    .boxed()
}

/// Every value of a document as a path of keys and indices, in document order.
fn paths(v: &Value, here: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                here.push(Value::from(k.as_str()));
                out.push(here.clone());
                paths(child, here, out);
                here.pop();
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                here.push(Value::from(i));
                out.push(here.clone());
                paths(child, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn parent_mut<'a>(mut v: &'a mut Value, path: &[Value]) -> Option<&'a mut Value> {
    for key in path {
        v = match key {
            Value::String(k) => v.get_mut(k.as_str())?,
            Value::Number(i) => v.get_mut(usize::try_from(i.as_u64()?).ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

fn at_path(model: &mut Value, k: usize, replace: Option<Value>) {
    let mut all = Vec::new();
    paths(model, &mut Vec::new(), &mut all);
    if all.is_empty() {
        return;
    }
    let path = &all[k % all.len()];
    let (last, parent) = path.split_last().expect("a path has a key");
    let Some(parent) = parent_mut(model, parent) else { return };
    match (parent, last, replace) {
        (Value::Object(m), Value::String(key), None) => {
            m.remove(key);
        }
        (Value::Array(a), Value::Number(i), None) => {
            if let Some(i) = i.as_u64().and_then(|i| usize::try_from(i).ok()).filter(|&i| i < a.len()) {
                a.remove(i);
            }
        }
        (parent, last, Some(value)) => {
            if let Some(slot) = parent_mut(parent, std::slice::from_ref(last)) {
                *slot = value;
            }
        }
        _ => {}
    }
}

/// The `[data, nrows, ncols]` of a layer's weights or bias.
fn matrix(model: &mut Value, layer: usize, bias: bool) -> Option<&mut Vec<Value>> {
    let layers = model.get_mut("network")?.get_mut("layers")?.as_array_mut()?;
    let n = layers.len();
    if n == 0 {
        return None;
    }
    layers[layer % n].get_mut(if bias { "bias" } else { "weights" })?.as_array_mut()
}

fn apply_edit(model: &mut Value, edit: &Edit) {
    match edit {
        Edit::Remove(k) => at_path(model, *k, None),
        Edit::Replace(k, value) => at_path(model, *k, Some(value.clone())),
        Edit::Shape { layer, bias, dim, value } => {
            if let Some(m) = matrix(model, *layer, *bias) {
                if let Some(slot) = m.get_mut(1 + dim) {
                    *slot = value.clone();
                }
            }
        }
        Edit::Data { layer, bias, grow, count } => {
            if let Some(data) = matrix(model, *layer, *bias).and_then(|m| m.first_mut()?.as_array_mut()) {
                for _ in 0..*count {
                    if *grow {
                        data.push(Value::from(0.25));
                    } else {
                        data.pop();
                    }
                }
            }
        }
        Edit::Weight { layer, index, value } => {
            if let Some(data) = matrix(model, *layer, false).and_then(|m| m.first_mut()?.as_array_mut()) {
                if !data.is_empty() {
                    let i = index % data.len();
                    data[i] = Value::from(*value);
                }
            }
        }
        Edit::Activation { layer, kind } => {
            if let Some(layers) = model.pointer_mut("/network/layers").and_then(Value::as_array_mut) {
                let n = layers.len();
                if let Some(Value::Object(l)) = layers.get_mut(layer % n.max(1)) {
                    l.insert("activation".to_string(), serde_json::json!({ "kind": kind }));
                }
            }
        }
        Edit::Layers { layer, repeat } => {
            if let Some(layers) = model.pointer_mut("/network/layers").and_then(Value::as_array_mut) {
                let n = layers.len();
                if n > 0 {
                    let i = layer % n;
                    if *repeat {
                        let copy = layers[i].clone();
                        layers.insert(i, copy);
                    } else {
                        layers.remove(i);
                    }
                }
            }
        }
        Edit::Config { field, value } => {
            let Ok(value) = serde_json::from_str::<Value>(value) else { return };
            let mut at = model.get_mut("config");
            let keys: Vec<&str> = PARAMS[*field].path.split('.').collect();
            for key in &keys[..keys.len() - 1] {
                at = at.and_then(|v| v.get_mut(*key));
            }
            if let Some(Value::Object(m)) = at {
                m.insert(keys[keys.len() - 1].to_string(), value);
            }
        }
    }
}

/// A model file with one to four structural edits, then sometimes a few edits of its
/// text (a number made unreadable, a byte flipped, the end cut off).
fn edited_model(bases: Vec<String>) -> Text {
    let bases: Vec<Value> = bases.iter().map(|b| serde_json::from_str(b).expect("json")).collect();
    (
        prop::sample::select(bases),
        prop::collection::vec(edit(), 1..5),
        prop::collection::vec(mutation(), 0..3),
        any::<bool>(),
    )
        .prop_map(|(mut model, edits, mutations, pretty)| {
            for e in &edits {
                apply_edit(&mut model, e);
            }
            let text = if pretty {
                serde_json::to_string_pretty(&model).unwrap_or_default()
            } else {
                model.to_string()
            };
            apply(&text, &mutations)
        })
        .boxed()
}

fn check_model(text: &str) -> Result<Verdict, TestCaseError> {
    match Trainer::import_model(text) {
        Ok(mut t) => {
            let (w, h) = (9, 7);
            let mut out = vec![f32::NAN; w * h * t.network().outputs()];
            let neurons = t.network().layers.iter().map(|l| l.neurons()).sum::<usize>();
            let mut each = vec![f32::NAN; w * h * neurons];
            t.fill_grid(w, h, &mut out, Some(&mut each));
            prop_assert!(out.iter().all(|v| v.is_finite()), "an accepted model gives {out:?}");
            prop_assert!(each.iter().all(|v| v.is_finite()), "an accepted model's neurons give {each:?}");
            let mut again = Trainer::import_model(&t.export_model())
                .map_err(|e| fail(format!("an accepted model does not load again once exported: {e}")))?;
            prop_assert_eq!(again.network(), t.network());
            // Saved and loaded again, it trains on as the run that was not saved.
            t.train(1, &mut || 0.0);
            again.train(1, &mut || 0.0);
            prop_assert_eq!(again.export_model(), t.export_model());
            Ok(Verdict::Accepted)
        }
        Err(e) => {
            prop_assert!(!e.problems.is_empty());
            for p in &e.problems {
                prop_assert!(p.line.is_none() && !p.message.is_empty(), "{p:?}");
                // The whole file, or a field of the configuration it holds.
                if let Some(field) = &p.field {
                    prop_assert!(known_field(field), "{p:?}");
                    prop_assert!(p.message.starts_with("The model's configuration is invalid"), "{p:?}");
                }
            }
            Ok(Verdict::Refused)
        }
    }
}

#[test]
fn fuzz_mutated_model_files() {
    fuzz("model files (byte mutations)", 4000, mutated(model_bases()), |text| check_model(&text));
}

#[test]
fn fuzz_edited_model_files() {
    fuzz("model files (structural edits)", 4000, edited_model(model_bases()), |text| check_model(&text));
}

#[test]
fn the_model_bases_load_and_the_mutations_apply() {
    for base in model_bases() {
        check_model(&base).expect("a base loads");
        assert!(Trainer::import_model(&base).is_ok());
    }
    let spans = number_spans(b"{\"a\":-1.5e3,\"x1\":2,\"b\":[3,4]}");
    assert_eq!(spans.len(), 4, "{spans:?}");
    assert_eq!(apply("[1,2]", &[Mutation::Number(1, "NaN".into())]), "[1,NaN]");
}
