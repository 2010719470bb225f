//! The bindings in a real browser (`wasm-pack test --headless --chrome`).
#![cfg(target_arch = "wasm32")]

use playground_wasm::{default_config, limits, Playground};
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
    p.fill_grids(&mut grid, &mut cells, 50, 40).expect("right sizes");
    assert!(cells.iter().all(|v| v.is_finite()));
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
    assert!(p.stop_reason_json().expect("json").contains("diverged"));
}

#[wasm_bindgen_test]
fn limits_are_json_the_page_can_read() {
    let v: serde_json::Value = serde_json::from_str(&limits()).expect("json");
    assert_eq!(v["max_hidden_layers"], 6);
    assert_eq!(v["max_neurons"], 8);
}
