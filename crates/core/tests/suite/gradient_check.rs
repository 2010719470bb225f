//! Backpropagation against central finite differences, in f64, on every
//! activation x loss x output combination, with and without regularization.
//!
//! For each weight and bias w: numeric = (E(w + h) - E(w - h)) / 2h, and the relative
//! error |analytic - numeric| / max(|analytic| + |numeric|, 1e-5) must stay below 1e-6.
//! (The floor keeps vanishing gradients deep in a network, where both values are
//! ~1e-9 and the difference quotient's rounding noise is ~1e-11, from reading as
//! large relative errors; a real mistake in such an entry still exceeds it.)

use crate::finite_differences;

use finite_differences::H;

use playground_core::*;

const TOLERANCE: f64 = 1e-6;

/// The largest relative error between backpropagation and finite differences.
fn max_relative_error(config: &Config) -> f64 {
    let mut trainer: Trainer<f64> = Trainer::new(config).expect("valid config");
    finite_differences::max_relative_error(&mut trainer)
}

fn base(hidden: Vec<usize>, activation: Activation) -> Config {
    Config {
        seed: 11,
        data: DataConfig {
            task: Task::Circle,
            points: 24,
            noise: 0.1,
            train_fraction: 0.5,
            classes: 2,
            ..DataConfig::default()
        },
        features: vec![Feature::X1, Feature::X2, Feature::X1X2],
        hidden_layers: hidden,
        activation,
        init: Init::SmallUniform { scale: 0.5 },
        ..Config::default()
    }
}

const HIDDEN: [Activation; 9] = [
    Activation::Linear,
    Activation::Sigmoid { steepness: 1.5 },
    Activation::Tanh { steepness: 0.7 },
    Activation::Relu,
    Activation::LeakyRelu { slope: 0.05 },
    Activation::Elu { alpha: 1.0 },
    Activation::Softplus,
    Activation::Sine,
    Activation::Gaussian,
];

/// (task, loss, output activation) combinations the core accepts.
fn outputs() -> Vec<(Task, usize, Loss, Option<Activation>)> {
    vec![
        (Task::Circle, 2, Loss::Mse, Some(Activation::Tanh { steepness: 1.3 })),
        (Task::Circle, 2, Loss::Sse, Some(Activation::Sigmoid { steepness: 0.8 })),
        (Task::Xor, 2, Loss::Sae, Some(Activation::Tanh { steepness: 1.0 })),
        (Task::Xor, 2, Loss::BinaryCrossEntropy, Some(Activation::Sigmoid { steepness: 1.0 })),
        (Task::Gaussian, 2, Loss::BinaryCrossEntropy, Some(Activation::Sigmoid { steepness: 2.0 })),
        (Task::Spiral, 3, Loss::SoftmaxCrossEntropy, Some(Activation::Softmax)),
        (Task::Blobs, 4, Loss::Mse, Some(Activation::Sigmoid { steepness: 1.0 })),
        (Task::Plane, 2, Loss::Mse, Some(Activation::Linear)),
        (Task::MultiGaussian, 2, Loss::Sae, Some(Activation::Linear)),
    ]
}

#[test]
fn every_activation_loss_and_output_matches_finite_differences() {
    let mut worst_overall: f64 = 0.0;
    for hidden in HIDDEN {
        for (task, classes, loss, output) in outputs() {
            let mut c = base(vec![4, 3], hidden);
            c.data.task = task;
            c.data.classes = classes;
            c.loss = loss;
            c.output_activation = output;
            let e = max_relative_error(&c);
            worst_overall = worst_overall.max(e);
            assert!(
                e < TOLERANCE,
                "{} hidden, {} loss, {:?} output on {task:?}: relative error {e:e}",
                hidden.name(),
                loss.name(),
                output
            );
        }
    }
    println!("worst relative gradient error over all combinations: {worst_overall:e}");
}

#[test]
fn architectures_from_single_layer_to_deep_match_finite_differences() {
    for hidden in [vec![], vec![1], vec![5], vec![3, 3, 3], vec![8, 6, 4, 2, 2, 3]] {
        let c = base(hidden.clone(), Activation::Tanh { steepness: 1.0 });
        let e = max_relative_error(&c);
        println!("hidden {hidden:?}: relative error {e:e}");
        assert!(e < TOLERANCE, "hidden {hidden:?}: relative error {e:e}");
    }
}

#[test]
fn per_layer_activations_match_finite_differences() {
    let mut c = base(vec![4, 4, 3], Activation::Relu);
    c.layer_activations =
        vec![Activation::Sine, Activation::Sigmoid { steepness: 3.0 }, Activation::Elu { alpha: 0.5 }];
    let e = max_relative_error(&c);
    assert!(e < TOLERANCE, "relative error {e:e}");
}

#[test]
fn regularization_terms_match_finite_differences() {
    for reg in [Regularization::L1 { rate: 0.03 }, Regularization::L2 { rate: 0.05 }] {
        for (task, classes, loss, output) in outputs() {
            let mut c = base(vec![3, 2], Activation::Tanh { steepness: 1.0 });
            c.data.task = task;
            c.data.classes = classes;
            c.loss = loss;
            c.output_activation = output;
            c.regularization = reg;
            let e = max_relative_error(&c);
            assert!(e < TOLERANCE, "{reg:?} with {}: relative error {e:e}", loss.name());
        }
    }
}

#[test]
fn a_wrong_derivative_would_be_caught() {
    // Guard against a vacuous check: perturb one gradient entry and the comparison
    // must see it. (Uses the same machinery on a deliberately wrong analytic value.)
    let c = base(vec![3], Activation::Tanh { steepness: 1.0 });
    let mut trainer: Trainer<f64> = Trainer::new(&c).expect("valid");
    let g = trainer.full_gradient();
    let analytic = g.weights[0][(0, 0)];
    trainer.network_mut().layers[0].weights[(0, 0)] += H;
    let plus = trainer.objective();
    trainer.network_mut().layers[0].weights[(0, 0)] -= 2.0 * H;
    let minus = trainer.objective();
    let numeric = (plus - minus) / (2.0 * H);
    let wrong = analytic * 1.01;
    assert!((analytic - numeric).abs() / (analytic.abs() + numeric.abs()) < TOLERANCE);
    assert!((wrong - numeric).abs() / (wrong.abs() + numeric.abs()) > TOLERANCE);
}
