//! The hidden space (`Trainer::hidden_space`): the training points and the input
//! plane's grid as a layer sees them, on two neurons or on principal components.

use playground_core::inspect::hidden_space::{GRID_LINES, LINE_POINTS};
use playground_core::*;

/// A network whose first layer has `neurons` linear neurons, on x1 and x2.
fn linear(neurons: usize) -> Trainer<f64> {
    let c = Config {
        data: DataConfig { points: 100, ..DataConfig::default() },
        hidden_layers: vec![neurons],
        activation: Activation::Linear,
        ..Config::default()
    };
    Trainer::new(&c).expect("valid")
}

/// The input point of vertex `k` of grid line `line`, as documented on `HiddenSpace::grid`.
fn grid_input(line: usize, k: usize) -> (f64, f64) {
    let at = |i: usize, of: usize| -EXTENT + 2.0 * EXTENT * i as f64 / (of - 1) as f64;
    let (fixed, moving) = (at(line % GRID_LINES, GRID_LINES), at(k, LINE_POINTS));
    if line < GRID_LINES {
        (fixed, moving)
    } else {
        (moving, fixed)
    }
}

#[test]
fn an_identity_layer_maps_the_grid_and_the_points_to_themselves() {
    let mut t = linear(2);
    {
        let layer = &mut t.network_mut().layers[0];
        layer.weights = nalgebra::DMatrix::identity(2, 2);
        layer.bias.fill(0.0);
    }
    let space = t.hidden_space(0, Axes::Neurons(0, 1)).expect("layer 0 exists");
    assert_eq!((space.layer, space.neurons, space.extent), (0, 2, EXTENT));
    assert_eq!(space.axes[0].label, "neuron 1");
    assert_eq!(space.axes[1].label, "neuron 2");
    assert_eq!(space.axes[1].direction, vec![0.0, 1.0]);
    assert_eq!(space.axes[0].variance_share, None);
    assert_eq!(space.center, vec![0.0, 0.0]);
    assert_eq!(space.grid.len(), 2 * GRID_LINES);
    for (line, polyline) in space.grid.iter().enumerate() {
        assert_eq!(polyline.len(), 2 * LINE_POINTS);
        for k in 0..LINE_POINTS {
            let (x1, x2) = grid_input(line, k);
            assert_eq!((polyline[2 * k], polyline[2 * k + 1]), (x1, x2), "line {line}, point {k}");
        }
    }
    let train = &t.dataset().train;
    assert_eq!(space.points.len(), 2 * train.len());
    assert_eq!(space.targets.len(), train.len());
    assert_eq!(space.classes, 2);
    for (i, s) in train.iter().enumerate() {
        assert_eq!((space.points[2 * i], space.points[2 * i + 1]), (s.x1, s.x2));
        assert_eq!(space.targets[i], s.target);
    }
    // Swapped axes swap the coordinates.
    let swapped = t.hidden_space(0, Axes::Neurons(1, 0)).expect("valid");
    assert_eq!((swapped.points[0], swapped.points[1]), (space.points[1], space.points[0]));
}

#[test]
fn principal_components_of_points_on_a_line_find_the_line() {
    // Three linear neurons y = x1 (1, 2, 3) + (1, 0, -1): every output on one line.
    let mut t = linear(3);
    {
        let layer = &mut t.network_mut().layers[0];
        for (j, w) in [1.0, 2.0, 3.0].into_iter().enumerate() {
            layer.weights[(0, j)] = w;
            layer.weights[(1, j)] = 0.0;
        }
        layer.bias.copy_from_slice(&[1.0, 0.0, -1.0]);
    }
    let space = t.hidden_space(0, Axes::Principal).expect("valid");
    let norm = 14f64.sqrt();
    for (got, want) in space.axes[0].direction.iter().zip([1.0 / norm, 2.0 / norm, 3.0 / norm]) {
        assert!((got - want).abs() < 1e-9, "{:?}", space.axes[0].direction);
    }
    let share = space.axes[0].variance_share.expect("a share");
    assert!((share - 1.0).abs() < 1e-9, "{share}");
    assert!(space.axes[1].variance_share.expect("a share") < 1e-9);
    assert_eq!(space.axes[0].label, "PC1 (100% of variance)");
    assert_eq!(space.axes[1].label, "PC2 (0% of variance)");
    // The first coordinate is the position along the line: |(1, 2, 3)| (x1 - mean x1).
    let train = &t.dataset().train;
    let mean = train.iter().map(|s| s.x1).sum::<f64>() / train.len() as f64;
    for (i, s) in train.iter().enumerate() {
        assert!((space.points[2 * i] - norm * (s.x1 - mean)).abs() < 1e-9);
        assert!(space.points[2 * i + 1].abs() < 1e-9);
    }
    // The grid's lines x1 = const each shrink to a point; lines x2 = const lie on the axis.
    let first = &space.grid[0];
    assert!(first.chunks(2).all(|p| (p[0] - first[0]).abs() < 1e-9));
}

#[test]
fn the_default_axes_are_the_neurons_of_a_two_neuron_layer() {
    assert_eq!(Axes::default_for(2), Axes::Neurons(0, 1));
    assert_eq!(Axes::default_for(3), Axes::Principal);
    assert_eq!(Axes::default_for(1), Axes::Principal);
}

#[test]
fn missing_layers_and_neurons_are_errors() {
    let mut t: Trainer<f32> = Trainer::new(&Config::default()).expect("valid");
    let err = t.hidden_space(3, Axes::Principal).expect_err("the default network has layers 0 to 2");
    assert!(err.to_string().contains("no layer 3"), "{err}");
    let err = t.hidden_space(1, Axes::Neurons(0, 2)).expect_err("layer 1 has 2 neurons");
    assert!(err.to_string().contains("no neuron 2"), "{err}");
    // The output layer (one neuron) is a layer too.
    let output = t.hidden_space(2, Axes::Principal).expect("valid");
    assert_eq!(output.neurons, 1);
    assert_eq!(output.axes[1].variance_share, Some(0.0));
}

#[test]
fn a_trained_layer_gives_finite_coordinates_and_json() {
    let c = Config { hidden_layers: vec![6, 4], ..Config::default() };
    let mut t: Trainer<f32> = Trainer::new(&c).expect("valid");
    t.train(20, &mut || 0.0);
    for axes in [Axes::Principal, Axes::Neurons(2, 5)] {
        let space = t.hidden_space(0, axes).expect("valid");
        assert!(space.points.iter().chain(space.grid.iter().flatten()).all(|v| v.is_finite()));
        let v = serde_json::to_value(&space).expect("json");
        assert_eq!(v["grid"].as_array().map(Vec::len), Some(2 * GRID_LINES));
        assert_eq!(v["grid"][0].as_array().map(Vec::len), Some(2 * LINE_POINTS));
        assert_eq!(v["axes"].as_array().map(Vec::len), Some(2));
        assert_eq!(v["points"].as_array().map(Vec::len), Some(2 * t.dataset().train.len()));
    }
    let pcs = t.hidden_space(0, Axes::Principal).expect("valid");
    let (a, b) = (pcs.axes[0].variance_share.unwrap_or(0.0), pcs.axes[1].variance_share.unwrap_or(0.0));
    assert!(a >= b && a + b <= 1.0 + 1e-12 && a > 0.0, "{a} {b}");
}
