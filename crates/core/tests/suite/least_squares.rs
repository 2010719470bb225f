//! The closed-form solution of the linear network against gradient descent and an
//! independent solve of the normal equations.

use nalgebra::DMatrix;
use playground_core::*;

fn linear(task: Task, features: Vec<Feature>) -> Config {
    Config {
        data: DataConfig {
            task,
            points: 300,
            noise: 0.2,
            train_fraction: 0.5,
            classes: 2,
            ..DataConfig::default()
        },
        features,
        hidden_layers: vec![],
        output_activation: Some(Activation::Linear),
        strategy: Strategy::FullBatch,
        learning_rate: 0.01,
        ..Config::default()
    }
}

#[test]
fn matches_the_normal_equations_solved_independently() {
    let config = linear(Task::MultiGaussian, vec![Feature::X1, Feature::X2, Feature::X1X2]);
    let mut t: Trainer<f64> = Trainer::new(&config).expect("valid");
    t.solve_least_squares().expect("solvable");
    // Independent: form X^T X and X^T D with the bias column and invert directly.
    let d = t.dataset().train.clone();
    let x = DMatrix::from_fn(d.len(), 4, |r, c| match c {
        0 => d[r].x1,
        1 => d[r].x2,
        2 => d[r].x1 * d[r].x2,
        _ => 1.0,
    });
    let y = DMatrix::from_fn(d.len(), 1, |r, _| d[r].target);
    let xtx = x.transpose() * &x;
    let w = xtx.try_inverse().expect("invertible") * x.transpose() * y;
    let layer = &t.network().layers[0];
    for i in 0..3 {
        assert!((layer.weights[(i, 0)] - w[(i, 0)]).abs() < 1e-9, "w{i}");
    }
    assert!((layer.bias[(0, 0)] - w[(3, 0)]).abs() < 1e-9, "bias");
}

#[test]
fn gradient_descent_converges_to_the_least_squares_optimum() {
    let config = linear(Task::Plane, vec![Feature::X1, Feature::X2]);
    let mut exact: Trainer<f64> = Trainer::new(&config).expect("valid");
    exact.solve_least_squares().expect("solvable");
    let mut gd: Trainer<f64> = Trainer::new(&config).expect("valid");
    gd.train(3000, &mut || 0.0);
    let (a, b) = (&exact.network().layers[0], &gd.network().layers[0]);
    assert!((&a.weights - &b.weights).amax() < 1e-4, "{} vs {}", a.weights, b.weights);
    assert!((&a.bias - &b.bias).amax() < 1e-4);
    let (e_exact, e_gd) = (exact.loss(Split::Train), gd.loss(Split::Train));
    assert!(e_exact <= e_gd + 1e-12, "the closed form is the minimum: {e_exact} vs {e_gd}");
    assert!(e_gd - e_exact < 1e-6);
}

#[test]
fn singular_features_are_reported() {
    // sin x1 = x1... no: x1 and x1 are rejected as duplicates, so make the data
    // degenerate instead: x1 * x2 equals x1 when every x2 is 1 — not reachable from
    // generated data. Use the bare solver on a rank-deficient design.
    let x = DMatrix::from_row_slice(4, 2, &[1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 4.0]);
    let d = DMatrix::from_row_slice(4, 1, &[1.0, 2.0, 3.0, 4.0]);
    let err = lstsq::solve(&x, &d).expect_err("singular");
    assert!(err.to_string().contains("singular"));
}

#[test]
fn only_the_linear_network_is_solved_in_closed_form() {
    let mut t: Trainer<f32> = Trainer::new(&Config::default()).expect("valid");
    let before = t.network().clone();
    let err = t.solve_least_squares().expect_err("hidden layers");
    assert!(err.to_string().contains("0 hidden layers"));
    assert_eq!(t.network(), &before, "a refused solve changes nothing");
}
