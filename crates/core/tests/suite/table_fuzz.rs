//! Tables fuzzed: generated and mutated CSV texts go through [`read_table`], and every
//! accepted table prepares ([`prepare`]) into finite matrices and trains an epoch;
//! every refusal names a line within the text, a column, or the file as a whole.
//! Never a panic. An accepted table written out ([`write_table`]) reads back equal.
//!
//! The inputs come from a fixed seed (`FUZZ_SEED=<number>` explores others).

use playground_core::builtin::animals;
use playground_core::encoding::{prepare, ConstantColumns, MissingCells, TableConfig, UnseenLevels};
use playground_core::limits::MAX_TABLE_INPUTS;
use playground_core::own_table::preview;
use playground_core::table_csv::{read_table, write_table, CsvOptions};
use playground_core::{Config, Dataset, Error, Table, Trainer};
use proptest::prelude::*;
use proptest::test_runner::{RngAlgorithm, TestCaseError, TestRng, TestRunner};
use std::io::Write;
use std::sync::atomic::{AtomicU32, Ordering};

type Text = BoxedStrategy<String>;

/// Runs `check` on `cases` inputs of `strategy` from a fixed seed; panics with the
/// shrunk failing input. Prints how many were accepted (`check` gives `true`) and
/// asserts at least `least_accepted` were, so the properties are not vacuous.
fn fuzz<S: Strategy>(
    name: &str,
    cases: u32,
    least_accepted: u32,
    strategy: S,
    check: impl Fn(S::Value) -> Result<bool, TestCaseError>,
) {
    let seed: u64 = std::env::var("FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(2024);
    let salt = name.bytes().fold(seed, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    let mut bytes = [0u8; 32];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        chunk.copy_from_slice(&salt.wrapping_add(i as u64).to_le_bytes());
    }
    let config = ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
    let accepted = AtomicU32::new(0);
    let result = runner.run(&strategy, |input| {
        if check(input)? {
            accepted.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("fuzz {name} failed: {e}");
    }
    let accepted = accepted.load(Ordering::Relaxed);
    let _ = writeln!(std::io::stderr(), "fuzz {name}: {cases} cases, {accepted} accepted, seed {seed}");
    assert!(accepted >= least_accepted, "fuzz {name}: only {accepted} of {cases} accepted");
}

fn cell() -> Text {
    prop_oneof![
        6 => (-100.0..100.0f64).prop_map(|v| format!("{v}")),
        3 => (-3..10i32).prop_map(|v| v.to_string()),
        4 => prop::sample::select(vec!["small", "medium", "large", "red", "blue", "cat", "dog", "yes", "no"])
            .prop_map(str::to_string),
        2 => prop::sample::select(vec!["", "NA", "na", "?", "N/A", "NaN", " "]).prop_map(str::to_string),
        1 => prop::sample::select(vec![
            "1e12", "-1e12", "1e13", "1e308", "inf", "-inf", "1e-320", "\"a,b\"", "\"a;b\"", "\"say \"\"hi\"\"\"",
            "\"two\nlines\"", "\u{feff}", "\u{0661}", "0x10", "1_000", "\"", "a\"b", "\t", ";", ",",
        ])
        .prop_map(str::to_string),
        1 => any::<f64>().prop_map(|v| format!("{v:?}")),
    ]
    .boxed()
}

fn name() -> Text {
    prop_oneof![
        8 => prop::sample::select(vec!["size", "fur", "talks", "class", "x", "y", "weight", "risk (%)", "a b"])
            .prop_map(str::to_string),
        1 => prop::sample::select(vec!["", "\"q;uoted\"", "\"c,omma\"", "size"]).prop_map(str::to_string),
    ]
    .boxed()
}

/// A CSV text: a header of 1 to 6 names, up to 30 rows (mostly of the header's width),
/// one delimiter, LF or CRLF, maybe a byte-order mark.
fn generated() -> Text {
    (
        1..=6usize,
        prop::sample::select(vec![",", ";", "\t"]),
        prop::sample::select(vec!["\n", "\r\n"]),
        any::<bool>(),
    )
        .prop_flat_map(|(width, delimiter, end, bom)| {
            let row = (
                prop::bool::weighted(0.03),
                prop::collection::vec(cell(), width),
                prop::collection::vec(cell(), 0..8),
            )
                .prop_map(|(ragged, good, bad)| if ragged { bad } else { good });
            (prop::collection::vec(name(), width), prop::collection::vec(row, 0..30)).prop_map(
                move |(header, rows)| {
                    let lines =
                        std::iter::once(header).chain(rows).map(|r| r.join(delimiter)).collect::<Vec<_>>();
                    format!("{}{}{end}", if bom { "\u{feff}" } else { "" }, lines.join(end))
                },
            )
        })
        .boxed()
}

fn bases() -> Vec<String> {
    vec![
        write_table(&animals::table()),
        write_table(&playground_core::builtin::weather::table(1, 25)),
        "\u{feff}\"name\";\"size\";\"colour\";\"price\"\r\n\"Smith, J.\";1,5;red;3\r\nX;NA;\"blue\";4\r\nY;2;?;\r\n".to_string(),
        "a\tb\tc\n1\tx\t0\n2\ty\t1\n3\tx\t1\n4\t\t0\n".to_string(),
    ]
}

#[derive(Clone, Debug)]
enum Mutation {
    Delete(usize, usize),
    Insert(usize, String),
    DuplicateLine(usize),
}

fn mutated() -> Text {
    let token = prop::sample::select(vec![
        "\"", ",", ";", "\t", "\n", "\r\n", "NA", "1e400", "\u{feff}", "x", "", "9",
    ]);
    let mutation = prop_oneof![
        (any::<usize>(), 1..20usize).prop_map(|(a, n)| Mutation::Delete(a, n)),
        (any::<usize>(), token).prop_map(|(a, t)| Mutation::Insert(a, t.to_string())),
        any::<usize>().prop_map(Mutation::DuplicateLine),
    ];
    (prop::sample::select(bases()), prop::collection::vec(mutation, 1..6))
        .prop_map(|(base, mutations)| {
            let mut chars: Vec<char> = base.chars().collect();
            for m in mutations {
                let n = chars.len().max(1);
                match m {
                    Mutation::Delete(at, len) => {
                        let at = at % n;
                        chars.drain(at..(at + len).min(chars.len()));
                    }
                    Mutation::Insert(at, t) => {
                        let at = at % (chars.len() + 1);
                        chars.splice(at..at, t.chars());
                    }
                    Mutation::DuplicateLine(k) => {
                        let text: String = chars.iter().collect();
                        let mut lines: Vec<&str> = text.split('\n').collect();
                        let k = k % lines.len();
                        lines.insert(k, lines[k]);
                        chars = lines.join("\n").chars().collect();
                    }
                }
            }
            chars.into_iter().collect()
        })
        .boxed()
}

/// A refusal names a line of the text, a column, or the whole file.
fn check_refusal(text: &str, e: &Error) -> Result<(), TestCaseError> {
    let lines = text.split('\n').count() + 1;
    for p in &e.problems {
        if let Some(line) = p.line {
            prop_assert!(line >= 1 && line <= lines, "line {line} of {lines}: {e}");
        }
        prop_assert!(!p.message.is_empty());
    }
    Ok(())
}

fn check_table(table: &Table, seed: u64) -> Result<(), TestCaseError> {
    prop_assert_eq!(table.check(), Ok(()));
    let again = read_table(&write_table(table), &CsvOptions::default());
    prop_assert_eq!(again.as_ref(), Ok(table), "written and read back");
    let choices = [
        TableConfig::default(),
        TableConfig {
            missing: MissingCells::DropRows,
            constant: ConstantColumns::Keep,
            unseen: UnseenLevels::DropRows,
            ..TableConfig::default()
        },
        TableConfig { missing: MissingCells::DropColumn, train_fraction: 0.3, ..TableConfig::default() },
    ];
    for tables in &choices {
        let Ok(p) = prepare(table.clone(), tables, seed) else { continue };
        prop_assert!(!p.train.rows.is_empty() && p.encoder.width() <= MAX_TABLE_INPUTS);
        for e in [&p.train, &p.test] {
            prop_assert!(e.inputs.iter().chain(e.values.iter()).all(|v| v.is_finite()), "a NaN or infinity");
            prop_assert_eq!(e.inputs.nrows(), e.rows.len());
        }
        let config = Config { hidden_layers: vec![3], ..Config::default() };
        let valid = config.validate().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut t: Trainer<f32> = Trainer::with_dataset(valid, Dataset::from_table(p));
        t.train(1, &mut || 0.0);
        t.metrics(playground_core::Split::Test);
    }
    Ok(())
}

/// Whether `text` was accepted (and then held every property). The preview of a
/// user's own file reads it too: it lists every column of an accepted table, and
/// refuses as [`read_table`] does, naming a line within the text.
fn check(text: &str, seed: u64) -> Result<bool, TestCaseError> {
    let previewed = preview(text);
    if let Err(e) = &previewed {
        check_refusal(text, e)?;
    }
    match read_table(text, &CsvOptions::default()) {
        Ok(table) => {
            let p =
                previewed.map_err(|e| TestCaseError::fail(format!("the preview refused a table: {e}")))?;
            prop_assert_eq!(p.columns.len(), table.inputs.len() + table.target.columns().len());
            prop_assert_eq!(p.rows, table.rows());
            prop_assert_eq!(p.hash.len(), 64);
            check_table(&table, seed).map(|()| true)
        }
        Err(e) => check_refusal(text, &e).map(|()| false),
    }
}

#[test]
fn fuzz_generated_tables() {
    fuzz("tables (generated)", 1500, 150, (generated(), any::<u64>()), |(text, seed)| check(&text, seed));
}

#[test]
fn fuzz_mutated_tables() {
    fuzz("tables (mutated)", 1500, 300, (mutated(), any::<u64>()), |(text, seed)| check(&text, seed));
}
