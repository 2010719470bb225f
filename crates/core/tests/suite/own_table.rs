//! A table of the user's own (`data.table` with `kind: "own"`): named by its file's
//! content hash, with the target, the inputs and type overrides chosen; validated
//! with messages that name what is wrong, built from the file's text (and refused
//! from another file's), previewed before the roles are chosen, exported as CSV, and
//! carried by model files.

use playground_core::content_hash::content_hash;
use playground_core::own_table::{encoded_csv, preview};
use playground_core::table_csv::write_table;
use playground_core::table_view::own_table_hash;
use playground_core::*;

/// A spreadsheet's export: semicolons, a byte-order mark, CRLF, a quoted level with a
/// semicolon, a categorical column; its last row lost the quotes (line 6: 4 fields).
const PETS: &str = "\u{feff}size;colour;\"weight (kg)\";legs;kind\r\n\
small;\"grey; white\";4.1;4;cat\r\n\
large;brown;30;4;dog\r\n\
small;green;0.3;2;parrot\r\n\
medium;brown;12;4;dog\r\n\
small;grey; white;4\r\n";

/// 40 rows of pets like PETS's good rows (weights varied, every fourth weight missing).
fn pets() -> String {
    let mut rows = String::from("\u{feff}size;colour;\"weight (kg)\";legs;kind\r\n");
    let kinds = [
        ("small", "\"grey; white\"", "4.1", "4", "cat"),
        ("large", "brown", "30", "4", "dog"),
        ("small", "green", "0.3", "2", "parrot"),
        ("medium", "brown", "", "4", "dog"),
    ];
    for i in 0..40 {
        let (s, c, w, l, k) = kinds[i % 4];
        let w = if w.is_empty() {
            String::new()
        } else {
            format!("{}", w.parse::<f64>().unwrap_or(0.0) + (i / 4) as f64 * 0.1)
        };
        rows.push_str(&format!("{s};{c};{w};{l};{k}\r\n"));
    }
    rows
}

/// The error of what must be refused.
fn refused<T>(result: Result<T, Error>, what: &str) -> Error {
    match result {
        Ok(_) => panic!("{what}: accepted"),
        Err(e) => e,
    }
}

fn own_json(text: &str, rest: &str) -> String {
    format!(r#"{{"hash": "{}", "name": "pets.csv", {rest}}}"#, content_hash(text))
}

fn config_with(own: &str) -> Result<ValidConfig, Error> {
    Config::from_json(&format!(
        r#"{{"data": {{"table": {{"kind": "own", "own": {own}}}}}, "hidden_layers": [6], "loss": "softmax_cross_entropy", "learning_rate": 0.05, "optimizer": {{"kind": "adam"}}}}"#
    ))
}

fn roles() -> &'static str {
    r#""target": "kind", "inputs": ["size", "colour", "weight (kg)", "legs"]"#
}

#[test]
fn an_own_table_trains_from_its_text_with_its_columns_encoded() {
    let text = pets();
    let c = config_with(&own_json(&text, roles())).expect("valid");
    let err = refused(Trainer::<f32>::build(c.clone()), "needs the text");
    assert!(err.to_string().contains("kept in the browser"), "{err}");
    let mut t: Trainer<f32> = Trainer::with_table_text(c, &text).expect("builds from its text");
    // size 3 levels, colour 3 levels (one-hot ±1 by default), weight, legs → 8 inputs;
    // 3 classes.
    assert_eq!((t.network().inputs(), t.network().outputs()), (8, 3));
    let info = table_view::table_info(&t).expect("a table run");
    assert_eq!(info.columns, ["size", "colour", "weight (kg)", "legs"]);
    let before = t.metrics(Split::Train).accuracy.expect("classes");
    t.train(200, &mut || 0.0);
    let after = t.metrics(Split::Train).accuracy.expect("classes");
    assert!(after > before.max(0.9), "learns the pets: {before} -> {after}");
}

#[test]
fn type_overrides_and_a_numeric_target_change_the_run() {
    let text = pets();
    // legs as categorical (2, 4) and size ordinal in the given order: one input each.
    let own = own_json(
        &text,
        r#""target": "kind", "inputs": ["size", "legs"], "types": {"legs": {"type": "nominal"}, "size": {"type": "ordinal", "levels": ["small", "medium", "large"]}}"#,
    );
    let t: Trainer<f32> = Trainer::with_table_text(config_with(&own).expect("valid"), &text).expect("builds");
    assert_eq!(t.network().inputs(), 1 + 2, "size ordinal, legs one-hot");
    // Weight as the target: regression, refused with a classification loss, named.
    let own = own_json(&text, r#""target": "weight (kg)", "inputs": ["size", "legs"]"#);
    let err = refused(Trainer::<f32>::with_table_text(config_with(&own).expect("valid"), &text), "loss");
    assert_eq!(err.field_name(), Some("loss"), "{err}");
    let json = format!(r#"{{"data": {{"table": {{"kind": "own", "own": {own}}}}}, "loss": "mse"}}"#);
    let t: Trainer<f32> =
        Trainer::with_table_text(Config::from_json(&json).expect("valid"), &text).expect("regression");
    assert!(t.dataset().table.as_ref().is_some_and(|p| p.encoder.target.is_regression()));
}

#[test]
fn roles_are_checked_with_messages_that_name_what_is_wrong() {
    let text = pets();
    let cases = [
        (r#""target": "kind", "inputs": []"#, "choose at least one input column"),
        (r#""target": "", "inputs": ["size"]"#, "choose the target column"),
        (
            r#""target": "kind", "inputs": ["size", "kind"]"#,
            "column kind: a column cannot be both an input and the target",
        ),
        (r#""target": "kind", "inputs": ["size", "size"]"#, "column size: this input column is listed twice"),
        (
            r#""target": "kind", "inputs": ["size"], "types": {"legs": {"type": "numeric"}}"#,
            "column legs: has a type but is neither",
        ),
    ];
    for (rest, words) in cases {
        let err = config_with(&own_json(&text, rest)).err().unwrap_or_else(|| panic!("{rest}: accepted"));
        assert_eq!(err.field_name(), Some("data.table"), "{rest}: {err}");
        assert!(err.to_string().contains(words), "{rest}: {err}");
    }
    let bad_hash = r#"{"hash": "abc", "target": "kind", "inputs": ["size"]}"#;
    assert!(config_with(bad_hash).err().is_some_and(|e| e.to_string().contains("64 lowercase hexadecimal")));
    let missing = refused(Config::from_json(r#"{"data": {"table": {"kind": "own"}}}"#), "no own");
    assert!(missing.to_string().contains("needs its file's hash"), "{missing}");
    let stray =
        format!(r#"{{"data": {{"table": {{"kind": "iris", "own": {}}}}}}}"#, own_json(&text, roles()));
    assert!(Config::from_json(&stray).err().is_some_and(|e| e.to_string().contains("iris is built in")));
    // Unknown columns are found when the text is read, and named.
    let own = own_json(&text, r#""target": "kind", "inputs": ["size", "tail"]"#);
    let err = refused(Trainer::<f32>::with_table_text(config_with(&own).expect("valid"), &text), "tail");
    assert_eq!(err.first().column.as_deref(), Some("tail"), "{err}");
    assert!(err.to_string().contains("no such column"), "{err}");
    // A type that does not fit names the line and the column.
    let own = own_json(
        &text,
        r#""target": "kind", "inputs": ["colour"], "types": {"colour": {"type": "numeric"}}"#,
    );
    let err = refused(Trainer::<f32>::with_table_text(config_with(&own).expect("valid"), &text), "colour");
    assert_eq!((err.first().line, err.first().column.as_deref()), (Some(2), Some("colour")), "{err}");
}

#[test]
fn another_file_is_refused_by_its_hash() {
    let text = pets();
    let c = config_with(&own_json(&text, roles())).expect("valid");
    let other = text.replace("30;", "31;");
    let err = refused(Trainer::<f32>::with_table_text(c, &other), "another file");
    assert!(err.to_string().contains("not the table of this run"), "{err}");
    assert_eq!(
        own_table_hash(&config_with(&own_json(&text, roles())).expect("valid").to_json()),
        Some(content_hash(&text))
    );
    assert_eq!(own_table_hash(r#"{"data": {"table": {"kind": "iris"}}}"#), None);
}

#[test]
fn a_preview_lists_the_columns_as_detected_or_names_the_bad_line_and_column() {
    let text = pets();
    let p = preview(&text).expect("reads");
    assert_eq!((p.rows, p.separator, p.hash.as_str()), (40, "semicolon", content_hash(&text).as_str()));
    let kinds: Vec<(&str, &str)> = p.columns.iter().map(|c| (c.name.as_str(), c.detected)).collect();
    assert_eq!(
        kinds,
        [
            ("size", "nominal"),
            ("colour", "nominal"),
            ("weight (kg)", "numeric"),
            ("legs", "numeric"),
            ("kind", "nominal")
        ]
    );
    assert_eq!(p.columns[1].levels, ["grey; white", "brown", "green"]);
    assert_eq!(p.columns[2].missing, 10);
    let err = refused(preview(PETS), "the short row");
    assert_eq!(err.first().line, Some(6), "{err}");
    assert!(err.to_string().contains("4 fields, the header has 5"), "{err}");
    assert!(preview("").is_err());
}

#[test]
fn the_table_and_its_encoded_matrix_export_as_csv() {
    let text = pets();
    let t: Trainer<f32> =
        Trainer::with_table_text(config_with(&own_json(&text, roles())).expect("valid"), &text)
            .expect("builds");
    let prepared = t.dataset().table.as_ref().expect("a table run");
    let table_csv = write_table(&prepared.table);
    let again = read_table(&table_csv, &CsvOptions { targets: vec!["kind".into()], ..CsvOptions::default() })
        .expect("reads back");
    assert_eq!(again, prepared.table);
    let encoded = encoded_csv(prepared);
    let mut lines = encoded.lines();
    let header = lines.next().expect("a header");
    assert!(header.starts_with("\"row\",\"split\",\"size = small\""), "{header}");
    assert!(header.ends_with("\"legs\",\"kind\""), "{header}");
    let body: Vec<&str> = lines.collect();
    assert_eq!(body.len(), 40);
    assert_eq!(
        body.iter().filter(|l| l.split(',').nth(1) == Some("train")).count(),
        prepared.train.rows.len()
    );
    // Every row has the row number, the split, 8 inputs and the target.
    assert!(body.iter().all(|l| l.split(',').count() == 2 + 8 + 1), "{}", body[0]);
}

#[test]
fn a_model_file_of_an_own_table_loads_with_its_text() {
    let text = pets();
    let mut t: Trainer<f32> =
        Trainer::with_table_text(config_with(&own_json(&text, roles())).expect("valid"), &text)
            .expect("builds");
    t.train(20, &mut || 0.0);
    let file = t.export_model();
    assert_eq!(own_table_hash(&file), Some(content_hash(&text)));
    let (loaded, _) = Trainer::load_model_with_table_text(&file, &text).expect("loads");
    assert_eq!(loaded.network(), t.network());
    assert!(Trainer::load_model(&file).is_err(), "not without the text");
}
