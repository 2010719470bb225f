//! Saturated and dead neurons (`Trainer::activity`) and the hint when they stall
//! training (`Trainer::stall_hint`), on networks whose weights are set by hand so the
//! answer is known, and on real runs.

use playground_core::inspect::ActivityMeasure;
use playground_core::*;

/// One hidden layer of three neurons with activation `f` on the circle's training
/// points, inputs x1 and x2; the weights are set by the tests.
fn hand_made(f: Activation, loss: Loss) -> Trainer<f64> {
    let c = Config {
        data: DataConfig { points: 200, ..DataConfig::default() },
        hidden_layers: vec![3],
        activation: f,
        loss,
        ..Config::default()
    };
    Trainer::new(&c).expect("valid")
}

/// Sets hidden neuron `j`'s weights from x1 and x2 and its bias.
fn set(t: &mut Trainer<f64>, j: usize, w1: f64, w2: f64, bias: f64) {
    let layer = &mut t.network_mut().layers[0];
    layer.weights[(0, j)] = w1;
    layer.weights[(1, j)] = w2;
    layer.bias[(0, j)] = bias;
}

/// The share of training points with `pred(x1)`.
fn share(t: &Trainer<f64>, pred: impl Fn(f64) -> bool) -> f64 {
    let train = &t.dataset().train;
    train.iter().filter(|s| pred(s.x1)).count() as f64 / train.len() as f64
}

#[test]
fn a_tanh_neuron_with_a_huge_bias_is_saturated_on_every_sample() {
    let mut t = hand_made(Activation::Tanh { steepness: 1.0 }, Loss::Mse);
    set(&mut t, 0, 0.0, 0.0, 50.0); // f' = 1 - tanh(50)^2 ~ 0 everywhere
    set(&mut t, 1, 0.0, 0.0, 0.0); // f' = 1 everywhere
    set(&mut t, 2, 10.0, 0.0, 0.0); // f'(10 x1) < 0.1 where |10 x1| > atanh(sqrt(0.9))
    let activity = t.activity();
    assert_eq!(activity.len(), 1, "hidden layers only");
    let layer = &activity[0];
    assert_eq!(
        (layer.layer, layer.activation.as_str(), layer.measure),
        (0, "tanh", ActivityMeasure::Saturation)
    );
    let edge = 0.9f64.sqrt().atanh() / 10.0;
    let expected = share(&t, |x1| x1.abs() > edge);
    assert!(expected > 0.5 && expected < 1.0, "a mixed neuron: {expected}");
    let saturated: Vec<f64> = layer.neurons.iter().map(|n| n.saturated).collect();
    assert_eq!(saturated, [1.0, 0.0, expected]);
    assert!(layer.neurons.iter().all(|n| n.inactive == 0.0 && !n.dead));
    assert_eq!(layer.saturated(), 1);
}

#[test]
fn a_sigmoid_neuron_saturates_below_a_tenth_of_its_largest_slope() {
    // f' = λ y (1 - y) with maximum λ/4: saturated where y (1 - y) < 0.025.
    let mut t = hand_made(Activation::Sigmoid { steepness: 2.0 }, Loss::Mse);
    set(&mut t, 0, 0.0, 0.0, -30.0);
    set(&mut t, 1, 0.0, 0.0, 0.5);
    set(&mut t, 2, 1.0, 0.0, 0.0);
    let layer = &t.activity()[0];
    let sigmoid = |z: f64| 1.0 / (1.0 + (-2.0 * z).exp());
    let expected = share(&t, |x1| sigmoid(x1) * (1.0 - sigmoid(x1)) < 0.025);
    assert!(expected > 0.0 && expected < 1.0, "a mixed neuron: {expected}");
    let saturated: Vec<f64> = layer.neurons.iter().map(|n| n.saturated).collect();
    assert_eq!(saturated, [1.0, 0.0, expected]);
}

#[test]
fn a_relu_neuron_with_negative_bias_and_zero_weights_is_dead() {
    let mut t = hand_made(Activation::Relu, Loss::Mse);
    set(&mut t, 0, 0.0, 0.0, -1.0); // xi = -1 on every sample: dead
    set(&mut t, 1, 0.0, 0.0, 1.0); // always active
    set(&mut t, 2, 1.0, 0.0, 0.0); // inactive where x1 <= 0
    let layer = &t.activity()[0];
    assert_eq!(layer.measure, ActivityMeasure::Inactivity);
    let inactive: Vec<f64> = layer.neurons.iter().map(|n| n.inactive).collect();
    let expected = share(&t, |x1| x1 <= 0.0);
    assert!(expected > 0.0 && expected < 1.0);
    assert_eq!(inactive, [1.0, 0.0, expected]);
    let dead: Vec<bool> = layer.neurons.iter().map(|n| n.dead).collect();
    assert_eq!(dead, [true, false, false]);
    assert!(layer.neurons.iter().all(|n| n.saturated == 0.0));
    assert_eq!(layer.dead(), 1);
}

#[test]
fn leaky_relu_and_other_activations_are_never_dead_or_saturated() {
    for f in [Activation::LeakyRelu { slope: 0.01 }, Activation::Linear, Activation::Elu { alpha: 1.0 }] {
        let mut t = hand_made(f, Loss::Mse);
        for j in 0..3 {
            set(&mut t, j, 0.0, 0.0, -50.0);
        }
        // An output that ignores the hidden layer, so it is not saturated itself.
        t.network_mut().layers[1].weights.fill(0.0);
        let layer = &t.activity()[0];
        assert_eq!(layer.measure, ActivityMeasure::None, "{f:?}");
        assert!(layer.neurons.iter().all(|n| n.saturated == 0.0 && n.inactive == 0.0 && !n.dead), "{f:?}");
        assert_eq!(t.stall_hint(), None, "{f:?}");
    }
}

#[test]
fn activity_covers_every_hidden_layer_of_a_deep_network() {
    let c = Config {
        hidden_layers: vec![5, 3, 2],
        layer_activations: vec![Activation::Relu, Activation::Tanh { steepness: 1.0 }, Activation::Softplus],
        ..Config::default()
    };
    let mut t: Trainer<f32> = Trainer::new(&c).expect("valid");
    let activity = t.activity();
    let shape: Vec<(usize, usize, ActivityMeasure)> =
        activity.iter().map(|l| (l.layer, l.neurons.len(), l.measure)).collect();
    assert_eq!(
        shape,
        [
            (0, 5, ActivityMeasure::Inactivity),
            (1, 3, ActivityMeasure::Saturation),
            (2, 2, ActivityMeasure::None)
        ]
    );
    let json = serde_json::to_value(&activity).expect("json");
    assert_eq!(json[0]["measure"], "inactivity");
    assert!(json[1]["neurons"][2]["saturated"].is_number());
    assert_eq!(json[2]["neurons"][0]["dead"], false);
}

#[test]
fn most_neurons_dead_gives_the_dead_neuron_hint() {
    let mut t = hand_made(Activation::Relu, Loss::Mse);
    set(&mut t, 0, 0.0, 0.0, -1.0);
    set(&mut t, 1, 0.0, 0.0, 1.0);
    set(&mut t, 2, 1.0, 0.0, 0.0);
    assert_eq!(t.stall_hint(), None, "1 of 3 dead is not most");
    set(&mut t, 1, 0.0, 0.0, -2.0);
    assert_eq!(
        t.stall_hint().as_deref(),
        Some("2 of 3 neurons of layer 1 are dead (ReLU never active): try a smaller learning rate")
    );
}

#[test]
fn most_neurons_saturated_gives_the_saturation_hint() {
    let mut t = hand_made(Activation::Tanh { steepness: 1.0 }, Loss::Mse);
    // The output neuron sees nothing of the hidden layer and sits at 0: not saturated.
    t.network_mut().layers[1].weights.fill(0.0);
    t.network_mut().layers[1].bias.fill(0.0);
    set(&mut t, 0, 0.0, 0.0, 50.0);
    set(&mut t, 1, 0.0, 0.0, 0.0);
    set(&mut t, 2, 0.0, 0.0, 0.0);
    assert_eq!(t.stall_hint(), None);
    set(&mut t, 2, 0.0, 0.0, -50.0);
    assert_eq!(
        t.stall_hint().as_deref(),
        Some(
            "2 of 3 neurons of layer 1 are saturated: try a smaller learning rate or smaller initial weights"
        )
    );
}

#[test]
fn a_saturated_output_under_a_squared_error_gives_the_cross_entropy_hint() {
    // A sigmoid output stuck at 1: wrong and flat for every class-0 point (about half).
    for (loss, hint) in [(Loss::Mse, true), (Loss::Sse, true), (Loss::BinaryCrossEntropy, false)] {
        let c = Config {
            data: DataConfig { points: 200, ..DataConfig::default() },
            hidden_layers: vec![3],
            loss,
            output_activation: Some(Activation::Sigmoid { steepness: 1.0 }),
            ..Config::default()
        };
        let mut t: Trainer<f64> = Trainer::new(&c).expect("valid");
        assert_eq!(t.stall_hint(), None, "{loss:?}: fresh");
        t.network_mut().layers[1].bias[(0, 0)] = 40.0;
        let expected = hint
            .then(|| "the output is saturated: cross-entropy keeps learning where SSE stalls".to_string());
        assert_eq!(t.stall_hint(), expected, "{loss:?}");
    }
}

#[test]
fn a_spiral_with_relu_and_a_huge_learning_rate_kills_its_neurons() {
    let c = Config {
        data: DataConfig { task: Task::Spiral, ..DataConfig::default() },
        hidden_layers: vec![8, 8],
        activation: Activation::Relu,
        learning_rate: 10.0,
        ..Config::default()
    };
    let mut t: Trainer<f32> = Trainer::new(&c).expect("valid");
    t.train(20, &mut || 0.0);
    assert!(t.stopped().is_none(), "it stalls rather than diverges");
    let hint = t.stall_hint().expect("a hint");
    assert!(hint.contains("neurons of layer") && hint.contains("are dead (ReLU never active)"), "{hint}");
    assert!(t.activity().iter().any(|l| 2 * l.dead() > l.neurons.len()));
}

#[test]
fn a_healthy_default_run_gets_no_hint() {
    let mut t: Trainer<f32> = Trainer::new(&Config::default()).expect("valid");
    for epochs in [0, 10, 100, 300] {
        t.train(epochs, &mut || 0.0);
        assert_eq!(t.stall_hint(), None, "after {} epochs", t.epoch());
    }
    assert!(t.loss(Split::Train) < 0.01);
}
