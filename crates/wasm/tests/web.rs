//! The bindings in a real browser (`wasm-pack test --headless --chrome`).
#![cfg(target_arch = "wasm32")]

use playground_wasm::{
    content_hash_of, default_config, own_table_hash_of, parse_csv_json, preview_table, schema, table_file_of,
    validate, Playground,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn error_message(err: wasm_bindgen::JsError) -> String {
    let value: JsValue = err.into();
    value.dyn_into::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_default()
}

fn playground(json: &str) -> Playground {
    Playground::new(json).unwrap_or_else(|e| panic!("config rejected: {}", error_message(e)))
}

#[wasm_bindgen_test]
fn training_lowers_the_loss_and_advances_the_epoch() {
    let mut p = playground(r#"{"data": {"task": "xor", "points": 200}}"#);
    let before = p.train_loss();
    assert_eq!(p.train(100), 100);
    assert_eq!(p.epoch(), 100.0);
    let after = p.train_loss();
    assert!(after < 0.5 * before, "loss {before} -> {after}");
    assert!(p.test_loss().is_finite());
    assert!(p.stop_message().is_none());
}

#[wasm_bindgen_test]
fn invalid_configs_throw_readable_errors() {
    let err = Playground::new(r#"{"hidden_layers": [4, 0]}"#).err().map(error_message);
    let msg = err.expect("rejected");
    assert!(msg.contains("hidden_layers") && msg.contains("neurons"), "{msg}");
    let err = Playground::new("{not json").err().map(error_message);
    assert!(err.expect("rejected").contains("JSON"));
}

#[wasm_bindgen_test]
fn output_grid_is_filled_and_checked_for_size() {
    let mut p = playground(&default_config());
    let mut grid = vec![f32::NAN; 50 * 40];
    p.fill_output_grid(&mut grid, 50, 40).expect("right size");
    assert!(grid.iter().all(|v| v.is_finite() && v.abs() <= 1.0));
    let mut wrong = vec![0.0; 10];
    let err = p.fill_output_grid(&mut wrong, 50, 40).err().map(error_message);
    assert!(err.expect("rejected").contains("2000"));
    let neurons: u32 = p.shape().iter().skip(1).sum();
    let mut cells = vec![f32::NAN; 50 * 40 * neurons as usize];
    p.fill_neuron_grids(&mut cells, 50, 40).expect("right size");
    assert!(cells.iter().all(|v| v.is_finite()));
    let last = cells.len() - 50 * 40;
    assert_eq!(&cells[last..], &grid[..], "the output neuron's grid is the output grid");
    assert_eq!(p.layer_ranges().len(), 2 * 3);
    assert_eq!(p.classes(), 2);
}

#[wasm_bindgen_test]
fn points_shape_and_weights_describe_the_run() {
    let p = playground(r#"{"data": {"points": 100, "train_fraction": 0.7}, "hidden_layers": [3]}"#);
    assert_eq!(p.points(false).len(), 70 * 3);
    assert_eq!(p.points(true).len(), 30 * 3);
    assert_eq!(p.shape(), vec![2, 3, 1]);
    assert_eq!(p.weights().len(), 2 * 3 + 3 + 3 + 1);
    assert_eq!(p.target_range(), vec![-1.0, 1.0]);
}

#[wasm_bindgen_test]
fn divergence_stops_training_with_a_message() {
    let mut p = playground(
        r#"{"data": {"task": "plane"}, "hidden_layers": [8, 8], "activation": {"kind": "relu"},
            "loss": "sse", "learning_rate": 10, "strategy": {"kind": "full_batch"}}"#,
    );
    let run = p.train(1000);
    assert!(run < 1000, "training should stop when it diverges");
    let msg = p.stop_message().expect("a stop message");
    assert!(msg.contains("diverged") && msg.contains("learning rate"), "{msg}");
}

#[wasm_bindgen_test]
fn schema_is_json_the_page_can_read() {
    let v: serde_json::Value = serde_json::from_str(&schema()).expect("json");
    assert_eq!(v["extent"], 6.0);
    let params = v["params"].as_array().expect("params");
    let find = |path: &str| params.iter().find(|p| p["path"] == path).cloned().expect(path);
    let layers = find("hidden_layers");
    assert_eq!(layers["type"], "layers");
    assert_eq!(layers["max_layers"], 10);
    assert_eq!(layers["max_neurons"], 32);
    let features = find("features");
    assert_eq!(features["choices"][2]["id"], "x1_squared");
    assert_eq!(features["choices"].as_array().map(Vec::len), Some(7));
    let optimizer = find("optimizer");
    let adam = optimizer["choices"].as_array().expect("choices").iter().find(|c| c["id"] == "adam").cloned();
    assert_eq!(adam.expect("adam")["params"][0]["path"], "beta1");
}

#[wasm_bindgen_test]
fn validate_reports_every_problem_with_its_field_and_builds_no_run() {
    let v: serde_json::Value =
        serde_json::from_str(&validate(r#"{"learning_rate": 0, "data": {"noise": 3}}"#)).expect("json");
    let fields: Vec<&str> =
        v["problems"].as_array().expect("list").iter().filter_map(|p| p["field"].as_str()).collect();
    assert_eq!(fields, ["data.noise", "learning_rate"]);
    assert!(v["config"].is_null());
    let ok: serde_json::Value = serde_json::from_str(&validate(r#"{"seed": 5}"#)).expect("json");
    assert_eq!(ok["problems"].as_array().map(Vec::len), Some(0));
    assert_eq!(ok["config"]["seed"], 5);
    assert_eq!(ok["config"]["learning_rate"], 0.03);
}

#[wasm_bindgen_test]
fn model_export_import_reproduces_the_grid_and_bad_files_are_refused() {
    let mut p = playground(&default_config());
    p.train(25);
    let json = p.export_model();
    let mut q = Playground::from_model(&json).unwrap_or_else(|e| panic!("{}", error_message(e)));
    let (mut a, mut b) = (vec![0.0; 100 * 100], vec![1.0; 100 * 100]);
    p.fill_output_grid(&mut a, 100, 100).expect("size");
    q.fill_output_grid(&mut b, 100, 100).expect("size");
    assert_eq!(a, b);
    let msg = Playground::from_model("{}").err().map(error_message).expect("refused");
    assert!(msg.contains("not a model file"), "{msg}");
}

#[wasm_bindgen_test]
fn a_loaded_model_trains_on_as_if_never_saved() {
    let config = r#"{"optimizer": {"kind": "adam"}, "schedule": {"kind": "exponential", "factor": 0.95}}"#;
    let mut straight = playground(config);
    straight.train(12);
    let mut first = playground(config);
    first.train(7);
    let mut resumed =
        Playground::from_model(&first.export_model()).unwrap_or_else(|e| panic!("{}", error_message(e)));
    assert_eq!((resumed.epoch(), resumed.updates()), (first.epoch(), first.updates()));
    assert_eq!(resumed.load_notice(), None);
    resumed.train(5);
    assert_eq!(resumed.weights(), straight.weights());
    assert_eq!(resumed.epoch(), 12.0);
}

#[wasm_bindgen_test]
fn editing_a_weight_changes_the_output() {
    let mut p = playground(r#"{"hidden_layers": []}"#);
    let mut before = vec![0.0; 16];
    p.fill_output_grid(&mut before, 4, 4).expect("size");
    p.set_weight(0, 0, 0, 3.0).expect("valid edit");
    assert_eq!(p.weights()[0], 3.0);
    let mut after = vec![0.0; 16];
    p.fill_output_grid(&mut after, 4, 4).expect("size");
    assert_ne!(before, after);
    let msg = p.set_weight(5, 0, 0, 1.0).err().map(error_message).expect("refused");
    assert!(msg.contains("no layer"), "{msg}");
}

#[wasm_bindgen_test]
fn csv_is_parsed_with_line_numbers_and_custom_data_trains() {
    let err = parse_csv_json("x1,x2,label\n0,0,1\n0,zero,1\n").err().map(error_message).expect("refused");
    assert!(err.starts_with("line 3:"), "{err}");
    let p = playground(&default_config());
    let data: serde_json::Value =
        serde_json::from_str(&parse_csv_json(&p.dataset_csv()).expect("own csv")).expect("json");
    let config = format!(r#"{{"data": {{"task": "custom", "samples": {}, "classes": 2}}}}"#, data["samples"]);
    let mut custom = playground(&config);
    assert_eq!(custom.points(false).len() + custom.points(true).len(), 500 * 3);
    assert_eq!(custom.train(10), 10);
}

#[wasm_bindgen_test]
fn texts_over_the_size_limits_are_refused_before_they_are_read() {
    let csv = format!("x1,x2,label\n{}", "0.5,-0.5,1\n".repeat(100_000));
    let msg = parse_csv_json(&csv).err().map(error_message).expect("refused");
    assert!(msg.contains("too large"), "{msg}");
    let padding = " ".repeat(1_000_001);
    let model = playground(&default_config()).export_model() + &padding;
    let msg = Playground::from_model(&model).err().map(error_message).expect("refused");
    assert!(msg.contains("too large"), "{msg}");
    let config = default_config() + &padding;
    let msg = Playground::new(&config).err().map(error_message).expect("refused");
    assert!(msg.starts_with("config:") && msg.contains("too large"), "{msg}");
    let v: serde_json::Value = serde_json::from_str(&validate(&config)).expect("json");
    assert_eq!(v["problems"][0]["field"], "config");
}

#[wasm_bindgen_test]
fn a_weight_set_by_hand_is_at_most_as_large_as_a_model_file_allows() {
    let mut p = playground(&default_config());
    p.set_weight(0, 0, 0, -10_000.0).expect("at the bound");
    let msg = p.set_weight(0, 0, 0, 1e6).err().map(error_message).expect("refused");
    assert!(msg.contains("at most 10000"), "{msg}");
}

#[wasm_bindgen_test]
fn least_squares_solves_a_linear_network() {
    let mut p = playground(
        r#"{"data": {"task": "plane", "noise": 0.1}, "hidden_layers": [], "output_activation": {"kind": "linear"}}"#,
    );
    let before = p.train_loss();
    p.solve_least_squares().unwrap_or_else(|e| panic!("{}", error_message(e)));
    assert!(p.train_loss() < before);
    let mut deep = playground(&default_config());
    let msg = deep.solve_least_squares().err().map(error_message).expect("refused");
    assert!(msg.contains("0 hidden layers"), "{msg}");
}

#[wasm_bindgen_test]
fn grid_cells_are_classified_as_the_core_predicts() {
    // One tanh output, classes coded -1 and 1: class 1 above the middle, 0.
    let p = playground(&default_config());
    assert_eq!(p.target_range(), vec![-1.0, 1.0]);
    let mut classes = vec![9u8; 4];
    p.classify_grid(&[0.5, -0.5, 0.01, -0.9], &mut classes).expect("right size");
    assert_eq!(classes, [1, 0, 1, 0]);
    // Three softmax outputs per cell: the largest one.
    let p = playground(r#"{"data": {"task": "blobs", "classes": 3}}"#);
    assert_eq!(p.outputs(), 3);
    let grid = [0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.2, 0.5, 0.3];
    let mut classes = vec![9u8; 3];
    p.classify_grid(&grid, &mut classes).expect("right size");
    assert_eq!(classes, [0, 2, 1]);
    let msg = p.classify_grid(&grid, &mut [0u8; 2]).err().map(error_message).expect("refused");
    assert!(msg.contains("output grid needs 6 values, got 9"), "{msg}");
    let plane = playground(r#"{"data": {"task": "plane"}}"#);
    let msg = plane.classify_grid(&[0.0], &mut [0u8; 1]).err().map(error_message).expect("refused");
    assert!(msg.contains("regression"), "{msg}");
}

#[wasm_bindgen_test]
fn runs_from_one_seed_with_different_losses_share_weights_and_points() {
    let mse = playground(r#"{"seed": 9, "loss": "mse"}"#);
    let bce = playground(r#"{"seed": 9, "loss": "binary_cross_entropy"}"#);
    assert_eq!(mse.outputs(), 1);
    assert_eq!(bce.outputs(), 1);
    assert_ne!(mse.target_range(), bce.target_range(), "the outputs differ (tanh vs sigmoid)");
    assert_eq!(mse.weights(), bce.weights());
    assert_eq!(mse.points(false), bce.points(false));
    assert_eq!(mse.points(true), bce.points(true));
    assert!(!mse.points(false).is_empty() && !mse.points(true).is_empty());
}

#[wasm_bindgen_test]
fn updates_count_one_per_batch_and_the_training_time_never_goes_back() {
    let mut p = playground(&default_config());
    assert_eq!(p.updates(), 0.0);
    assert_eq!(p.elapsed_seconds(), 0.0);
    assert_eq!(p.train(1), 1);
    // The default: 500 points, half of them for training, mini-batches of 10.
    assert_eq!(p.points(false).len(), 250 * 3);
    assert_eq!(p.updates(), (250f64 / 10.0).ceil());
    let seconds = p.elapsed_seconds();
    assert!(seconds.is_finite() && seconds >= 0.0, "{seconds}");
    p.train(2);
    assert_eq!(p.updates(), 3.0 * 25.0);
    assert!(p.elapsed_seconds() >= seconds);
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("JSON")
}

/// A record's matrix `{rows, cols, data}` as `f32` entries, row by row.
fn entries(m: &serde_json::Value) -> Vec<f32> {
    let data = m["data"].as_array().expect("data");
    let (rows, cols) = (m["rows"].as_u64().unwrap_or(0), m["cols"].as_u64().unwrap_or(0));
    assert_eq!(data.len() as u64, rows * cols);
    data.iter().map(|v| v.as_f64().expect("a number") as f32).collect()
}

#[wasm_bindgen_test]
fn record_step_moves_through_the_epoch_and_leaves_the_recorded_weights() {
    let mut p = playground(&default_config());
    // 250 training points in mini-batches of 10: 25 steps make an epoch.
    assert_eq!(p.batches_per_epoch(), 25);
    let mut last = serde_json::Value::Null;
    for step in 0..25 {
        assert_eq!(p.epoch(), 0.0, "step {step}");
        assert_eq!(p.batch_cursor(), 10 * step);
        last = json(&p.record_step());
        assert_eq!(last["batch"], step);
        assert_eq!(last["inputs"]["rows"], 10);
        assert_eq!(last["inputs"]["cols"], 2);
        assert_eq!(last["targets"]["cols"], 1);
        assert_eq!(last["samples"].as_array().map(Vec::len), Some(10));
    }
    assert_eq!(last["epoch_finished"], true);
    assert_eq!(p.epoch(), 1.0);
    assert_eq!(p.batch_cursor(), 0);
    assert_eq!(p.updates(), 25.0);
    // weights() lists each layer's weights row by row, then its bias: the record's W(t+1), b(t+1).
    let layers = last["layers"].as_array().expect("layers");
    assert_eq!(layers.len(), 3);
    let recorded: Vec<f32> =
        layers.iter().flat_map(|l| [entries(&l["new_weights"]), entries(&l["new_bias"])].concat()).collect();
    assert_eq!(p.weights(), recorded);
    let shapes: Vec<(u64, u64)> = layers
        .iter()
        .map(|l| {
            (l["potentials"]["rows"].as_u64().unwrap_or(0), l["potentials"]["cols"].as_u64().unwrap_or(0))
        })
        .collect();
    assert_eq!(shapes, [(10, 4), (10, 2), (10, 1)]);
    assert_eq!(layers[2]["delta_rule"], "f'(Xi) ∘ (Y − D) / N");
    assert_eq!(last["update_rule"], "W ← W − α ∂E/∂W");
    assert!(last["loss"].as_f64().is_some_and(f64::is_finite));
    // Training on finishes epochs as before.
    p.record_step();
    assert_eq!(p.train(1), 1);
    assert_eq!((p.epoch(), p.batch_cursor(), p.updates()), (2.0, 0, 50.0));
}

#[wasm_bindgen_test]
fn activity_lists_every_hidden_neuron() {
    let mut p =
        playground(r#"{"hidden_layers": [5, 3], "layer_activations": [{"kind": "relu"}, {"kind": "tanh"}]}"#);
    let v = json(&p.activity_report_json());
    let layers = v["layers"].as_array().expect("a list of layers");
    assert_eq!(layers.len(), 2, "hidden layers only");
    assert_eq!(layers[0]["measure"], "inactivity");
    assert_eq!(layers[1]["measure"], "saturation");
    assert_eq!(layers[0]["neurons"].as_array().map(Vec::len), Some(5));
    assert_eq!(layers[1]["neurons"].as_array().map(Vec::len), Some(3));
    for neuron in layers.iter().flat_map(|l| l["neurons"].as_array().cloned().unwrap_or_default()) {
        let share = |k: &str| neuron[k].as_f64().expect(k);
        assert!((0.0..=1.0).contains(&share("saturated")) && (0.0..=1.0).contains(&share("inactive")));
        assert!(neuron["dead"].is_boolean());
    }
}

#[wasm_bindgen_test]
fn activity_report_names_dead_neurons_and_is_null_for_a_healthy_run() {
    let mut healthy = playground(&default_config());
    healthy.train(50);
    assert!(json(&healthy.activity_report_json())["hint"].is_null());
    let mut dying = playground(
        r#"{"data": {"task": "spiral"}, "hidden_layers": [8, 8], "activation": {"kind": "relu"}, "learning_rate": 10}"#,
    );
    dying.train(20);
    let report = json(&dying.activity_report_json());
    let hint = report["hint"].as_str().expect("a hint");
    assert!(hint.contains("are dead (ReLU never active)"), "{hint}");
    let dead = report["layers"]
        .as_array()
        .expect("layers")
        .iter()
        .flat_map(|l| l["neurons"].as_array().cloned().unwrap_or_default());
    assert!(
        dead.filter(|n| n["dead"] == true).count() > 0,
        "the layers show the dead neurons the hint names"
    );
}

#[wasm_bindgen_test]
fn hidden_space_projects_points_and_grid_on_neurons_or_principal_components() {
    let mut p = playground(r#"{"hidden_layers": [4, 2]}"#);
    let n = p.points(false).len() / 3;
    let v = json(&p.hidden_space_json(1, 0, 1).unwrap_or_else(|e| panic!("{}", error_message(e))));
    assert_eq!(v["neurons"], 2);
    assert_eq!(v["axes"][0]["label"], "neuron 1");
    assert_eq!(v["axes"][1]["label"], "neuron 2");
    assert_eq!(v["points"].as_array().map(Vec::len), Some(2 * n));
    assert_eq!(v["targets"].as_array().map(Vec::len), Some(n));
    assert_eq!(v["grid"].as_array().map(Vec::len), Some(42));
    assert!(v["grid"].as_array().expect("grid").iter().all(|line| line.as_array().map(Vec::len) == Some(82)));
    let pc = json(&p.hidden_space_json(0, -1, -1).unwrap_or_else(|e| panic!("{}", error_message(e))));
    let label = pc["axes"][0]["label"].as_str().expect("label");
    assert!(label.starts_with("PC1 (") && label.ends_with("% of variance)"), "{label}");
    assert_eq!(pc["axes"][0]["direction"].as_array().map(Vec::len), Some(4));
    assert_eq!(pc["center"].as_array().map(Vec::len), Some(4));
    let msg = p.hidden_space_json(7, 0, 1).err().map(error_message).expect("refused");
    assert!(msg.contains("no layer 7"), "{msg}");
    let msg = p.hidden_space_json(1, 0, 2).err().map(error_message).expect("refused");
    assert!(msg.contains("no neuron 2"), "{msg}");
    assert!(p.hidden_space_json(1, 0, -1).is_err());
}

#[wasm_bindgen_test]
fn a_table_run_from_its_text_predicts_raw_rows_and_round_trips_as_a_model() {
    let iris = include_str!("../../../www/data/tables/iris.csv");
    let config = r#"{"data": {"table": {"kind": "iris"}}, "loss": "softmax_cross_entropy"}"#;
    // Without the text the core cannot read the file, and says so.
    let msg = Playground::new(config).err().map(error_message).expect("no text");
    assert!(msg.contains("data.table") && msg.contains("iris.csv"), "{msg}");
    let mut p = Playground::with_table_text(config, iris).unwrap_or_else(|e| panic!("{}", error_message(e)));
    assert_eq!(p.train(20), 20);
    let row = r#"{"sepal length (cm)": "5.1", "sepal width (cm)": "3.5", "petal length (cm)": "1.4", "petal width (cm)": "0.2"}"#;
    let before = p.predict_row(row).unwrap_or_else(|e| panic!("{}", error_message(e)));
    assert_eq!(before.len(), 3, "one output per species");
    let loaded = Playground::from_model_with_table_text(&p.export_model(), iris)
        .unwrap_or_else(|e| panic!("{}", error_message(e)));
    assert_eq!(loaded.predict_row(row).ok(), Some(before));
    let msg = p.predict_row("[1]").err().map(error_message).expect("not an object");
    assert!(msg.contains("row"), "{msg}");
    let msg = Playground::with_table_text(config, "a,b\n1").err().map(error_message).expect("not iris");
    assert!(!msg.is_empty());
    // A generated table needs no text; a plane run has no raw rows.
    let animals = playground(r#"{"data": {"table": {"kind": "animals"}}}"#);
    assert_eq!(animals.shape()[0], 3);
    assert!(playground("{}").predict_row("{}").is_err());
}

#[wasm_bindgen_test]
fn a_table_run_shows_a_rows_pass_a_slice_and_its_input_layer() {
    let mut p = playground(r#"{"data": {"table": {"kind": "animals"}}, "hidden_layers": [3]}"#);
    assert_eq!(p.train(5), 5);
    let pass = json(&p.row_pass_json(1).unwrap_or_else(|e| panic!("{}", error_message(e))));
    assert_eq!(pass["row"], 1);
    assert_eq!(pass["layers"].as_array().map(Vec::len), Some(2));
    assert_eq!(pass["inputs"]["cols"], 3);
    let msg = p.row_pass_json(0).err().map(error_message).expect("no row 0");
    assert!(msg.contains("no row 0"), "{msg}");
    let place = json(&p.row_place_json(1, false));
    let page = json(&p.table_rows_json(
        place["test"] == true,
        place["index"].as_u64().unwrap_or(99) as usize,
        1,
        false,
    ));
    assert_eq!(page["rows"][0]["row"], 1, "row 1 is where its place says");
    assert!(json(&p.row_place_json(0, false)).is_null());
    let slice = json(&p.slice_json("size", "fur", 1, 10).unwrap_or_else(|e| panic!("{}", error_message(e))));
    assert_eq!(slice["axes"][0]["levels"].as_array().map(Vec::len), Some(3));
    assert_eq!(slice["held_from"], "row 1");
    assert!(slice["held_row"].is_array());
    let no_row = json(&p.slice_json("size", "fur", 0, 10).unwrap_or_else(|e| panic!("{}", error_message(e))));
    assert!(no_row["held_row"].is_null());
    let msg = p.slice_json("size", "wings", 0, 10).err().map(error_message).expect("no such column");
    assert!(msg.contains("wings"), "{msg}");
    let space = json(&p.input_space_json(-1, -1).unwrap_or_else(|e| panic!("{}", error_message(e))));
    assert_eq!(space["input_layer"], true);
    assert_eq!(space["grid"].as_array().map(Vec::len), Some(0));
    assert!(p.input_space_json(0, 9).is_err());
    assert!(playground("{}").row_pass_json(1).is_err());
}

#[wasm_bindgen_test]
fn an_image_table_says_where_its_pixels_are_and_predicts_a_drawn_picture() {
    let p = playground(r#"{"data": {"table": {"kind": "letters"}}, "hidden_layers": []}"#);
    let info = json(&p.table_info_json());
    let image = &info["image"];
    assert_eq!((image["width"].as_u64(), image["height"].as_u64()), (Some(7), Some(9)));
    assert_eq!(image["inputs"].as_array().map(Vec::len), Some(63));
    let mut pixels = vec![0.0; 63];
    pixels[8] = 1.0;
    let prediction = json(&p.predict_image_json(&pixels).unwrap_or_else(|e| panic!("{}", error_message(e))));
    assert_eq!(prediction["outputs"].as_array().map(Vec::len), Some(26));
    assert!(prediction["class"].as_u64().is_some_and(|k| k < 26));
    let msg = p.predict_image_json(&[0.0; 3]).err().map(error_message).expect("a picture of 3 pixels");
    assert!(msg.contains("63 pixels"), "{msg}");
    let plane = playground("{}");
    assert!(json(&plane.table_info_json()).is_null());
    assert!(plane.predict_image_json(&[]).is_err());
}

#[wasm_bindgen_test]
fn a_drawing_passes_through_the_network_without_a_target() {
    let p = playground(r#"{"data": {"table": {"kind": "letters"}}, "hidden_layers": [5]}"#);
    let mut pixels = vec![0.0; 63];
    pixels[3] = 1.0;
    let pass = json(&p.drawing_pass_json(&pixels).unwrap_or_else(|e| panic!("{}", error_message(e))));
    assert_eq!(pass["row"].as_u64(), Some(0));
    assert!(pass["loss"].is_null(), "no target, no loss");
    assert_eq!(pass["layers"].as_array().map(Vec::len), Some(2));
    let outputs: Vec<f64> = pass["layers"][1]["outputs"]["data"]
        .as_array()
        .expect("y")
        .iter()
        .filter_map(|v| v.as_f64())
        .collect();
    let prediction = json(&p.predict_image_json(&pixels).unwrap_or_else(|e| panic!("{}", error_message(e))));
    let predicted: Vec<f64> =
        prediction["outputs"].as_array().expect("outputs").iter().filter_map(|v| v.as_f64()).collect();
    assert_eq!(outputs, predicted, "the pass ends in the pad's outputs");
    let msg = p.drawing_pass_json(&[f64::NAN; 63]).err().map(error_message).expect("NaN pixels");
    assert!(msg.contains("Pixel 1"), "{msg}");
}

#[wasm_bindgen_test]
fn an_own_table_is_previewed_hashed_and_found_by_its_hash() {
    let text = "size,fur,kind\n1,short,cat\n3,long,dog\n2,short,cat\n";
    let preview = json(&preview_table(text).unwrap_or_else(|e| panic!("{}", error_message(e))));
    let hash = content_hash_of(text);
    assert_eq!(preview["hash"].as_str(), Some(hash.as_str()));
    assert_eq!(hash.len(), 64);
    assert_eq!(preview["columns"].as_array().map(Vec::len), Some(3));
    let msg = preview_table("a,b\n1\n").err().map(error_message).expect("a short line");
    assert!(msg.contains("line 2"), "{msg}");
    let config = format!(
        r#"{{"data": {{"table": {{"kind": "own", "own": {{"hash": "{hash}", "target": "kind", "inputs": ["size", "fur"]}}}}}}}}"#
    );
    assert_eq!(own_table_hash_of(&config), Some(hash));
    assert_eq!(table_file_of(&config), None, "an own table is not fetched");
    assert_eq!(own_table_hash_of(r#"{"data": {"task": "xor"}}"#), None);
    let run = Playground::with_table_text(&config, text).unwrap_or_else(|e| panic!("{}", error_message(e)));
    let info = json(&run.table_info_json());
    assert_eq!(info["columns"], serde_json::json!(["size", "fur"]));
    assert_eq!(info["target"].as_str(), Some("kind"));
}

/// The XOR challenge's start with three hidden neurons and a learning rate that solves it.
const XOR_SOLUTION: &str =
    r#"{"data": {"task": "xor"}, "seed": 3, "hidden_layers": [3], "learning_rate": 0.3}"#;

fn xor_challenge() -> String {
    let list: serde_json::Value = serde_json::from_str(&playground_wasm::builtin_challenges()).expect("JSON");
    let xor = list.as_array().expect("a list").iter().find(|c| c["id"] == "xor").expect("xor is built in");
    xor["challenge"].to_string()
}

#[wasm_bindgen_test]
fn built_in_challenges_are_listed_with_their_goal_and_rules() {
    let list: serde_json::Value = serde_json::from_str(&playground_wasm::builtin_challenges()).expect("JSON");
    let list = list.as_array().expect("a list");
    assert!(list.len() >= 10, "{} built-in challenges", list.len());
    let xor = &list[0];
    assert_eq!(xor["id"], "xor");
    assert!(xor["goal"].as_str().expect("a goal").contains("test accuracy"), "{}", xor["goal"]);
    let rules: Vec<&str> =
        xor["constraints"].as_array().expect("rules").iter().filter_map(|r| r["rule"].as_str()).collect();
    assert!(rules.contains(&"max_hidden_neurons") && rules.contains(&"fixed"), "{rules:?}");
}

#[wasm_bindgen_test]
fn a_challenge_is_checked_and_what_a_configuration_breaks_is_named() {
    let checked: serde_json::Value =
        serde_json::from_str(&playground_wasm::check_challenge(&xor_challenge())).expect("JSON");
    assert_eq!(checked["problems"], serde_json::json!([]));
    let bad = xor_challenge().replace(r#""target":0.95"#, r#""target":1.5"#);
    let refused: serde_json::Value =
        serde_json::from_str(&playground_wasm::check_challenge(&bad)).expect("JSON");
    assert_eq!(refused["problems"][0]["field"], "challenge.goal.target", "{refused}");
    let broken = playground_wasm::challenge_broken(
        &xor_challenge(),
        r#"{"data": {"task": "xor"}, "hidden_layers": [5], "loss": "sse"}"#,
    )
    .unwrap_or_else(|e| panic!("{}", error_message(e)));
    let broken: serde_json::Value = serde_json::from_str(&broken).expect("JSON");
    let rules: Vec<&str> =
        broken.as_array().expect("a list").iter().filter_map(|b| b["rule"].as_str()).collect();
    assert!(rules.contains(&"max_hidden_neurons") && rules.contains(&"fixed"), "{broken}");
    let none = playground_wasm::challenge_broken(&xor_challenge(), XOR_SOLUTION)
        .unwrap_or_else(|e| panic!("{}", error_message(e)));
    assert_eq!(none, "[]");
}

#[wasm_bindgen_test]
fn a_judged_run_stops_when_solved_and_its_solution_verifies() {
    let mut p = playground(XOR_SOLUTION);
    p.judge_by(&xor_challenge()).unwrap_or_else(|e| panic!("{}", error_message(e)));
    let ran = p.train(2000);
    let status: serde_json::Value = serde_json::from_str(&p.challenge_json().expect("judged")).expect("JSON");
    let epoch = status["solved"]["epoch"].as_u64().expect("solved");
    assert_eq!(ran as u64, epoch, "training stops at the epoch of success");
    let message = p.stop_message().expect("stopped");
    assert!(message.starts_with("Solved at epoch") && message.contains("3 hidden neurons"), "{message}");
    let verdict: serde_json::Value =
        serde_json::from_str(&playground_wasm::verify_solution(&xor_challenge(), XOR_SOLUTION, epoch as f64))
            .expect("JSON");
    assert_eq!(verdict["kind"], "verified", "{verdict}");
    assert_eq!(verdict["solved"]["epoch"].as_u64(), Some(epoch));
    let wrong: serde_json::Value = serde_json::from_str(&playground_wasm::verify_solution(
        &xor_challenge(),
        XOR_SOLUTION,
        (epoch + 1) as f64,
    ))
    .expect("JSON");
    assert_eq!(wrong["kind"], "not_verified", "{wrong}");
    p.end_judging();
    assert!(p.challenge_json().is_none() && p.stop_message().is_none(), "no longer judged: trains on");
    assert_eq!(p.train(5), 5);
}

#[wasm_bindgen_test]
fn a_run_that_breaks_the_challenge_or_has_trained_is_not_judged() {
    let mut p = playground(r#"{"data": {"task": "xor"}, "hidden_layers": [8]}"#);
    let msg = p.judge_by(&xor_challenge()).err().map(error_message).expect("refused");
    assert!(msg.contains("at most 3"), "{msg}");
    assert!(p.challenge_json().is_none());
    let mut trained = playground(XOR_SOLUTION);
    trained.train(1);
    let msg = trained.judge_by(&xor_challenge()).err().map(error_message).expect("refused");
    assert!(msg.contains("epoch 0"), "{msg}");
}

/// The core's tanh on four lanes of simd128 (what the page's training runs) equals its
/// scalar tanh bit for bit, so the row-major and column-major paths agree on the web
/// too. Not a binding, but the only place the module's simd code runs.
#[wasm_bindgen_test]
fn the_simd_tanh_equals_the_scalar_tanh_bit_for_bit() {
    use playground_core::real::{fast_tanh, Real};
    const { assert!(cfg!(target_feature = "simd128"), "the module is built with simd128") };
    for i in -200_000..200_000 {
        let x = i as f32 * 1e-4;
        let lanes = [x, -0.37 * x, 3.1 * x, x + 5e-5];
        let got = f32::tanh_fast4(lanes);
        for (y, x) in got.into_iter().zip(lanes) {
            assert_eq!(y.to_bits(), fast_tanh(x).to_bits(), "tanh({x})");
        }
    }
    for lanes in [[f32::MAX, -f32::MAX, f32::MIN_POSITIVE, -1e-40], [10.0, -10.0, 10.000001, -9.999999]] {
        for (y, x) in f32::tanh_fast4(lanes).into_iter().zip(lanes) {
            assert_eq!(y.to_bits(), fast_tanh(x).to_bits(), "tanh({x})");
        }
    }
    let special = f32::tanh_fast4([f32::NAN, f32::INFINITY, f32::NEG_INFINITY, -0.0]);
    assert!(special[0].is_nan());
    assert_eq!(special[1..], [1.0, -1.0, -0.0]);
    assert!(special[3].is_sign_negative(), "tanh(-0) is -0");
}

/// The core's ChaCha12 computes four blocks at once with simd128 in the module: its
/// words must be `rand_chacha`'s, or every seeded run would shuffle differently on
/// the web than natively. Not a binding, but the only place that code runs.
#[wasm_bindgen_test]
fn the_simd_chacha_draws_the_words_of_rand_chacha() {
    use playground_core::chacha::ChaCha12;
    use rand::{RngCore, SeedableRng};
    use rand_chacha::ChaCha12Rng;
    for seed in [0, 1, u64::MAX] {
        let (mut ours, mut theirs) = (ChaCha12::seed_from_u64(seed), ChaCha12Rng::seed_from_u64(seed));
        // A block's, a refill's edge, far out, and where the counter carries into its
        // high word.
        for position in [0, 13, 64, 1_000_003, u128::from(u64::MAX) * 16 - 5] {
            ours.set_word_pos(position);
            theirs.set_word_pos(position);
            for i in 0..300 {
                assert_eq!(ours.next_u32(), theirs.next_u32(), "seed {seed}, word {i} from {position}");
            }
            assert_eq!(ours.get_word_pos(), theirs.get_word_pos());
        }
    }
}
