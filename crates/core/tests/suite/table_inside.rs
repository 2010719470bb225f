//! Looking inside a run on a table: one row's forward pass (`Trainer::row_pass`), slices
//! of the decision function (`Trainer::slice`), the input layer's space
//! (`Trainer::input_space`, `Trainer::hidden_space` without a grid) and the step
//! record's table rows.

use crate::common::IRIS;
use playground_core::inspect::RowPass;
use playground_core::table_view::rows_page;
use playground_core::*;
use std::collections::BTreeMap;

fn config(json: &str) -> ValidConfig {
    Config::from_json(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

/// Animals, one hidden layer of 5 tanh neurons, trained a few epochs.
fn animals() -> Trainer<f32> {
    let json = r#"{"data": {"table": {"kind": "animals", "code": {"encodings": {"fur": "one_hot_signed"}}}},
        "hidden_layers": [5], "activation": {"kind": "tanh"}, "loss": "softmax_cross_entropy",
        "optimizer": {"kind": "adam"}, "learning_rate": 0.05}"#;
    let mut t = Trainer::build(config(json)).expect("animals build");
    t.train(20, &mut || 0.0);
    t
}

/// Iris, one hidden layer of 6 neurons, trained a few epochs.
fn iris() -> Trainer<f32> {
    let json = r#"{"data": {"table": {"kind": "iris", "code": {}}}, "hidden_layers": [6],
        "loss": "softmax_cross_entropy", "optimizer": {"kind": "adam"}, "learning_rate": 0.05}"#;
    let mut t = Trainer::with_table_text(config(json), IRIS).expect("iris builds");
    t.train(30, &mut || 0.0);
    t
}

/// `x W + b` of a one-row `x` by hand, in f64.
fn affine(x: &[f64], w: &inspect::Matrix, b: &inspect::Matrix) -> Vec<f64> {
    (0..w.cols).map(|j| b.data[j] + (0..w.rows).map(|i| x[i] * w.get(i, j)).sum::<f64>()).collect()
}

fn close(a: &[f64], b: &[f64], tol: f64) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol * (1.0 + y.abs()))
}

#[test]
fn a_rows_pass_is_the_data_views_prediction_layer_by_layer() {
    let t = animals();
    let page = rows_page(&t, false, 0, 200, false).expect("rows");
    let test = rows_page(&t, true, 0, 200, false).expect("test rows");
    for (view, is_test) in page.rows.iter().map(|r| (r, false)).chain(test.rows.iter().map(|r| (r, true))) {
        let pass: RowPass = t.row_pass(view.row).expect("a row of a split");
        assert_eq!((pass.row, pass.test), (view.row, is_test));
        assert_eq!(pass.inputs.data, view.encoded, "x is the data view's encoded row");
        assert_eq!((&pass.target, &pass.predicted, pass.wrong), (&view.target, &view.predicted, view.wrong));
        assert_eq!(pass.cells, view.raw);
        assert_eq!(pass.layers.len(), 2);
        let mut x = pass.inputs.data.clone();
        for layer in &pass.layers {
            assert!(
                close(&layer.potentials.data, &affine(&x, &layer.weights, &layer.bias), 1e-5),
                "ξ = x W + b"
            );
            x = layer.outputs.data.clone();
        }
        let y = &pass.layers[1].outputs.data;
        let expect: Vec<f64> = y.iter().zip(&pass.target_code.data).map(|(y, d)| y - d).collect();
        assert_eq!(pass.error.data, expect, "the error is y − d");
        // d codes the class: 1 on the target's output, 0 elsewhere (softmax).
        let class = pass.output_names.iter().position(|n| *n == pass.target).expect("a class name");
        let ones: Vec<usize> = (0..4).filter(|&j| pass.target_code.data[j] == 1.0).collect();
        assert_eq!(ones, vec![class]);
        let loss = pass.loss.expect("a row has a target, so a loss");
        assert!(loss.is_finite() && loss >= 0.0);
    }
}

#[test]
fn a_row_pass_refuses_what_has_no_row() {
    let t = animals();
    let rows = t.dataset().table.as_ref().expect("table").table.rows();
    for bad in [0, rows + 1] {
        let e = t.row_pass(bad).expect_err("no such row").to_string();
        assert!(e.contains(&format!("no row {bad}")), "{e}");
    }
    let plane: Trainer<f32> = Trainer::new(&Config::default()).expect("the plane");
    assert!(plane.row_pass(1).expect_err("the plane").to_string().contains("plane"));
}

/// Row `row`'s raw cells by column name (1-based).
fn raw_row(t: &Trainer<f32>, row: usize) -> BTreeMap<String, String> {
    let table = &t.dataset().table.as_ref().expect("a table run").table;
    table.inputs.iter().map(|c| (c.name.clone(), c.text(row - 1))).collect()
}

#[test]
fn a_slice_of_two_numeric_columns_is_the_networks_output_on_those_rows() {
    let t = iris();
    let columns = t
        .dataset()
        .table
        .as_ref()
        .expect("table")
        .table
        .inputs
        .iter()
        .map(|c| c.name.clone())
        .collect::<Vec<_>>();
    let (a, b) = (columns[2].as_str(), columns[3].as_str());
    let row = 7;
    let side = 12;
    let slice = t.slice([a, b], Some(row), side).expect("a slice");
    assert_eq!((slice.axes[0].cells, slice.axes[1].cells, slice.outputs), (side, side, 3));
    assert_eq!(slice.grid.len(), side * side * 3);
    assert_eq!(slice.classes.len(), side * side);
    assert_eq!(slice.held_from, "row 7");
    assert_eq!(
        slice.held.iter().map(|h| h.column.as_str()).collect::<Vec<_>>(),
        vec![&columns[0], &columns[1]]
    );
    let raw = raw_row(&t, row);
    assert_eq!(slice.held[0].value, raw[&columns[0]]);
    let own = slice.held_row.expect("the held row's place");
    assert_eq!([format!("{}", own[0]), format!("{}", own[1])], [raw[a].clone(), raw[b].clone()]);
    for &(cx, cy) in &[(0, 0), (3, 9), (11, 11), (6, 2)] {
        let mut cells = raw.clone();
        cells.insert(a.to_string(), format!("{}", slice.axes[0].value(cx)));
        // Grid rows run from the top: row cy shows v cell side − 1 − cy.
        cells.insert(b.to_string(), format!("{}", slice.axes[1].value(side - 1 - cy)));
        let y = t.predict_row(&cells).expect("a raw row");
        let at = (cy * side + cx) * 3;
        let got: Vec<f64> = slice.grid[at..at + 3].iter().map(|&v| f64::from(v)).collect();
        assert!(close(&got, &y, 1e-6), "cell ({cx}, {cy}): {got:?} against {y:?}");
    }
    // The training rows are placed at their own two values, inside the axes' ranges.
    let train = &t.dataset().table.as_ref().expect("table").train;
    assert_eq!(slice.train.len(), 3 * train.rows.len());
    let first = raw_row(&t, train.rows[0] + 1);
    assert_eq!(format!("{}", slice.train[0]), first[a]);
    for p in slice.train.chunks(3) {
        assert!(p[0] >= slice.axes[0].lo && p[0] <= slice.axes[0].hi);
    }
}

#[test]
fn a_categorical_axis_has_a_cell_per_level_and_means_hold_without_a_row() {
    let t = animals();
    let slice = t.slice(["fur", "size"], None, 30).expect("a slice");
    let table = &t.dataset().table.as_ref().expect("table").table;
    let fur = table.inputs.iter().find(|c| c.name == "fur").expect("fur");
    assert_eq!(slice.axes[0].levels, fur.levels());
    assert_eq!(slice.axes[0].cells, fur.levels().len());
    assert_eq!(slice.grid.len(), slice.axes[0].cells * slice.axes[1].cells * 4);
    assert_eq!(slice.held_from, inspect::slice::HELD_WITHOUT_ROW);
    assert_eq!(slice.held.len(), 1);
    assert_eq!(slice.held_row, None);
    for e in [
        t.slice(["fur", "fur"], None, 10),
        t.slice(["fur", "wings"], None, 10),
        t.slice(["fur", "size"], None, 0),
    ] {
        assert!(e.is_err());
    }
}

#[test]
fn the_input_layer_and_hidden_layers_of_a_table_are_seen_without_a_grid() {
    let mut t = iris();
    let space = t.input_space(Axes::Principal).expect("the input layer");
    assert!(space.input_layer);
    assert_eq!(space.neurons, 4);
    assert!(space.grid.is_empty());
    let n = t.dataset().train.len();
    assert_eq!((space.points.len(), space.targets.len(), space.classes), (2 * n, n, 3));
    // The principal components of standardized iris: the first holds most of the variance.
    let first = space.axes[0].variance_share.expect("a share");
    assert!(first > 0.5 && first < 1.0, "{first}");
    let named = t.input_space(Axes::Neurons(2, 3)).expect("two inputs");
    let inputs = t.training_matrices().0.clone();
    assert_eq!(named.points[0], f64::from(inputs[(0, 2)]));
    assert_eq!(named.axes[1].label, t.dataset().table.as_ref().expect("table").encoder.input_names()[3]);
    assert!(t.input_space(Axes::Neurons(0, 4)).is_err());
    let hidden = t.hidden_space(0, Axes::Principal).expect("the hidden layer");
    assert!(!hidden.input_layer && hidden.grid.is_empty());
    assert_eq!(hidden.points.len(), 2 * n);
}

#[test]
fn the_input_layer_of_the_plane_maps_its_grid_through_the_features() {
    let mut t: Trainer<f64> = Trainer::new(&Config::default()).expect("the plane");
    let space = t.input_space(Axes::Neurons(0, 1)).expect("x1 and x2");
    assert_eq!(space.grid.len(), 2 * inspect::hidden_space::GRID_LINES);
    let s = t.dataset().train[0];
    assert_eq!((space.points[0], space.points[1]), (s.x1, s.x2));
    assert_eq!(space.axes[0].label, Config::default().features[0].label());
}

#[test]
fn a_step_on_a_table_names_its_table_rows() {
    let mut t = animals();
    let record = t.record_step();
    let train = &t.dataset().table.as_ref().expect("table").train;
    assert_eq!(record.table_rows.len(), record.samples.len());
    for (i, r) in record.samples.iter().zip(&record.table_rows) {
        assert_eq!(train.rows[*i] + 1, *r);
    }
    let mut plane: Trainer<f32> = Trainer::new(&Config::default()).expect("the plane");
    assert!(plane.record_step().table_rows.is_empty());
}
