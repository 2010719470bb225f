//! A run on a table named by the configuration (`data.table`): validation, the
//! constructors (generated tables from the seed, file tables from their text), the
//! regression metrics in the target's own units, and model files that carry the
//! table's code so a loaded model predicts the same on raw rows.

use crate::common::{BREAST_CANCER, DIGITS, IRIS, WINE};
use playground_core::builtin::animals;
use playground_core::*;
use std::collections::BTreeMap;

fn config(json: &str) -> ValidConfig {
    Config::from_json(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

fn animals_run(table: &str) -> Trainer<f32> {
    let json = format!(
        r#"{{"data": {{"table": {table}}}, "hidden_layers": [6], "loss": "softmax_cross_entropy",
            "optimizer": {{"kind": "adam"}}, "learning_rate": 0.05, "features": ["x1", "sin_x1"]}}"#
    );
    Trainer::build(config(&json)).expect("animals build from the seed")
}

/// The error of what must be refused.
fn refused<T>(result: Result<T, Error>, what: &str) -> Error {
    match result {
        Ok(_) => panic!("{what}: accepted"),
        Err(e) => e,
    }
}

/// Every row of a run's table as raw text by column name, as a CSV file has it.
fn raw_rows(t: &Trainer<f32>) -> Vec<BTreeMap<String, String>> {
    let table = &t.dataset().table.as_ref().expect("a table run").table;
    (0..table.rows()).map(|r| table.inputs.iter().map(|c| (c.name.clone(), c.text(r))).collect()).collect()
}

#[test]
fn a_configuration_without_a_table_is_the_plane_task_it_always_was() {
    let c = config("{}");
    assert_eq!(c.data.table, None);
    assert!(!c.to_json().contains("table"), "an absent table is not written: {}", c.to_json());
    let t: Trainer<f32> = Trainer::build(c).expect("builds");
    assert!(t.dataset().table.is_none());
    assert_eq!(t.network().inputs(), Config::default().features.len());
}

#[test]
fn a_generated_table_is_built_from_the_seed_with_its_encoded_width_and_without_features() {
    // Animals: three ordinal columns (the slide's order) → 3 inputs; 4 classes with
    // softmax → 4 outputs. The configured features (x1, sin x1) are not used.
    let mut t = animals_run(r#"{"kind": "animals"}"#);
    assert_eq!((t.network().inputs(), t.network().outputs()), (3, 4));
    let again = animals_run(r#"{"kind": "animals"}"#);
    assert_eq!(t.dataset().train, again.dataset().train, "the same seed, the same split");
    let before = t.metrics(Split::Train).accuracy.expect("classes");
    t.train(300, &mut || 0.0);
    let after = t.metrics(Split::Train).accuracy.expect("classes");
    assert!(after > before && after >= 0.9, "accuracy {before} → {after}");
    assert!(t.metrics(Split::Train).outputs.is_empty(), "classes have no per-output fits");

    // A per-column choice changes the width: fur (3 levels) one-hot ±1 → 2 + 3 inputs.
    let t = animals_run(r#"{"kind": "animals", "code": {"encodings": {"fur": "one_hot_signed"}}}"#);
    assert_eq!(t.network().inputs(), 2 + animals::FURS.len());
    let names = t.dataset().table.as_ref().expect("table").encoder.input_names();
    assert!(names.contains(&"fur = short".to_string()), "{names:?}");
}

#[test]
fn validation_names_data_table_for_a_bad_table_and_loss_for_a_clash() {
    let cases = [
        // Not a table: refused as the JSON is read, as any unknown variant.
        (r#"{"data": {"table": {"kind": "cars"}}}"#, "config", "cars"),
        (
            r#"{"data": {"table": {"kind": "animals", "code": {"encodings": {"fur": "z_score"}}}}}"#,
            "data.table",
            "fur",
        ),
        (
            r#"{"data": {"table": {"kind": "animals", "code": {"encodings": {"wings": "ordinal"}}}}}"#,
            "data.table",
            "wings",
        ),
        (
            r#"{"data": {"table": {"kind": "iris", "code": {"target_scaling": "one_hot"}}}}"#,
            "data.table",
            "target_scaling",
        ),
        (
            r#"{"data": {"table": {"kind": "weather"}}, "loss": "softmax_cross_entropy"}"#,
            "loss",
            "classification",
        ),
        (r#"{"data": {"table": {"kind": "animals", "colour": 1}}}"#, "config", "colour"),
    ];
    for (json, field, word) in cases {
        let err = Config::from_json(json).expect_err(json);
        assert_eq!(err.field_name(), Some(field), "{json}: {err}");
        assert!(err.to_string().contains(word), "{json}: {err}");
    }
    // Weather's target is numbers: regression's output and losses.
    let c = config(r#"{"data": {"table": {"kind": "weather"}}, "loss": "mse"}"#);
    assert!(c.data.is_regression());
    assert_eq!(c.output_activation(), Activation::Linear);
}

#[test]
fn a_file_table_needs_its_text_and_reads_it() {
    let c = config(r#"{"data": {"table": {"kind": "iris"}}, "loss": "softmax_cross_entropy"}"#);
    let err = refused(Trainer::<f32>::build(c.clone()), "no text, no iris");
    assert_eq!(err.field_name(), Some("data.table"));
    assert!(err.to_string().contains("iris.csv"), "{err}");

    let t: Trainer<f32> = Trainer::with_table_text(c.clone(), IRIS).expect("iris from its text");
    assert_eq!((t.network().inputs(), t.network().outputs()), (4, 3));
    assert_eq!(t.dataset().train.len() + t.dataset().test.len(), 150);

    let bad = IRIS.replacen("5.1,3.5,1.4,0.2,setosa", "5.1,3.5,1.4", 1);
    let err = refused(Trainer::<f32>::with_table_text(c, &bad), "a short line");
    assert_eq!(err.first().line, Some(2), "names the line: {err}");
    let plane = refused(Trainer::<f32>::with_table_text(config("{}"), IRIS), "a plane run has no table");
    assert_eq!(plane.field_name(), Some("data.table"));
    let generated = config(r#"{"data": {"table": {"kind": "animals"}}}"#);
    assert!(Trainer::<f32>::with_table_text(generated, IRIS).is_err(), "animals is not read from a file");
}

#[test]
fn regression_on_a_table_reports_rmse_and_r_squared_in_the_targets_units() {
    let c = config(
        r#"{"data": {"table": {"kind": "weather"}}, "hidden_layers": [], "loss": "mse",
            "learning_rate": 0.1, "strategy": {"kind": "full_batch"}}"#,
    );
    let mut t: Trainer<f64> = Trainer::build(c).expect("weather builds");
    t.train(200, &mut || 0.0);
    let table = t.dataset().table.as_ref().expect("table");
    let playground_core::encoding::TargetCode::Numbers { columns } = &table.encoder.target else {
        panic!("weather's target is numbers")
    };
    let (name, scale) = (columns[0].name.clone(), columns[0].scale.scale);
    for split in [Split::Train, Split::Test] {
        let m = t.metrics(split);
        assert_eq!(m.outputs.len(), 1, "one fit per output");
        let fit = &m.outputs[0];
        assert_eq!(fit.name, name);
        // The coded error times the column's scale is the error in its units.
        let coded = m.mean_squared_error.expect("samples").sqrt();
        assert!((fit.rmse - scale * coded).abs() <= 1e-9 * fit.rmse.max(1.0), "{fit:?} vs {coded} × {scale}");
        assert!(scale > 1.0, "min–max scaled: the units differ from the code ({scale})");
        // R² does not change under the affine map back to units.
        let r2 = m.r_squared.expect("regression");
        assert!((fit.r_squared - r2).abs() < 1e-9, "{} vs {r2}", fit.r_squared);
        assert!(fit.r_squared > 0.8, "a linear law is learned: R² {}", fit.r_squared);
        let json = serde_json::to_value(&m).expect("json");
        assert_eq!(json["outputs"][0]["name"], serde_json::json!(name));
    }
    // The plane's metrics are written as before, without `outputs`.
    let mut plane: Trainer<f32> = Trainer::new(&Config::default()).expect("plane");
    let json = serde_json::to_value(plane.metrics(Split::Test)).expect("json");
    assert!(json.get("outputs").is_none(), "{json}");
}

#[test]
fn raw_rows_are_coded_as_the_training_rows_were() {
    let t = animals_run(r#"{"kind": "animals", "code": {"encodings": {"size": "one_hot"}}}"#);
    let prepared = t.dataset().table.as_ref().expect("table");
    for (r, row) in raw_rows(&t).iter().enumerate() {
        let raw = prepared.encoder.encode_raw(row).expect("reads");
        assert_eq!(raw, prepared.encoder.encode_row(&prepared.table, r).expect("row"), "row {r}");
    }
    let mut row = raw_rows(&t)[0].clone();
    row.insert("fur".into(), "feathers".into());
    let err = prepared.encoder.encode_raw(&row).expect_err("not a level");
    assert!(err.to_string().contains("fur") && err.to_string().contains("feathers"), "{err}");
    row.insert("fur".into(), "?".into());
    assert!(prepared.encoder.encode_raw(&row).is_ok(), "a missing cell takes the fill");
}

/// Round trip: `t` saved, read back as a model and loaded as a run by `load`, gives
/// bit-identical outputs on every raw row.
fn assert_round_trip(t: &Trainer<f32>, load: impl Fn(&str) -> Result<Trainer<f32>, Error>) {
    let file = t.export_model();
    let model = Model::from_json(&file).expect("reads");
    assert_eq!(model.encoder.as_ref(), Some(&t.dataset().table.as_ref().expect("table").encoder));
    let loaded = load(&file).expect("loads");
    for row in raw_rows(t) {
        let live = t.predict_row(&row).expect("predicts");
        assert_eq!(model.predict_row(&row).expect("model predicts"), live, "{row:?}");
        assert_eq!(loaded.predict_row(&row).expect("loaded predicts"), live, "{row:?}");
    }
}

#[test]
fn a_table_model_round_trips_with_identical_predictions_on_raw_rows() {
    let mut t = animals_run(r#"{"kind": "animals", "code": {"encodings": {"fur": "one_hot"}}}"#);
    t.train(20, &mut || 0.0);
    assert_round_trip(&t, Trainer::import_model);

    // Weather: the outputs come back in the target's units.
    let c = config(r#"{"data": {"table": {"kind": "weather"}}, "hidden_layers": [3], "loss": "mse"}"#);
    let mut w: Trainer<f32> = Trainer::build(c).expect("weather");
    w.train(20, &mut || 0.0);
    assert_round_trip(&w, Trainer::import_model);

    // Iris, read from its text: loading needs the text too.
    let c = config(r#"{"data": {"table": {"kind": "iris"}}, "loss": "softmax_cross_entropy"}"#);
    let mut iris: Trainer<f32> = Trainer::with_table_text(c, IRIS).expect("iris");
    iris.train(20, &mut || 0.0);
    assert!(Trainer::import_model(&iris.export_model()).is_err(), "iris needs its file");
    assert_round_trip(&iris, |f| Trainer::load_model_with_table_text(f, IRIS).map(|(t, _)| t));
}

#[test]
fn a_table_model_file_without_its_code_still_loads_and_a_wrong_code_is_refused() {
    let mut t = animals_run(r#"{"kind": "animals"}"#);
    t.train(5, &mut || 0.0);
    let mut file: serde_json::Value = serde_json::from_str(&t.export_model()).expect("json");
    let mut older = file.clone();
    older.as_object_mut().expect("object").remove("encoder");
    let loaded = Trainer::import_model(&older.to_string()).expect("a file without the code loads");
    assert_eq!(loaded.network(), t.network());
    let model = Model::from_json(&older.to_string()).expect("reads");
    assert!(model.predict_row(&raw_rows(&t)[0]).is_err(), "no code, no raw rows");

    file["encoder"]["inputs"][0]["levels"][0] = serde_json::json!("tiny");
    let err = refused(Trainer::import_model(&file.to_string()), "a code that is not the data's");
    assert!(err.to_string().contains("code"), "{err}");

    // A plane model has no code and no raw rows.
    let plane: Trainer<f32> = Trainer::new(&Config::default()).expect("plane");
    assert!(!plane.export_model().contains("encoder"));
    assert!(plane.predict_row(&BTreeMap::new()).is_err());
}

#[test]
fn the_file_tables_targets_are_what_is_regression_says() {
    let files = [
        (Builtin::Iris, IRIS),
        (Builtin::Wine, WINE),
        (Builtin::BreastCancer, BREAST_CANCER),
        (Builtin::Digits, DIGITS),
    ];
    for (b, text) in files {
        let table = b.from_csv(text).expect("reads");
        assert_eq!(table.target.targets() == Targets::Regression, b.is_regression(), "{b:?}");
    }
}
