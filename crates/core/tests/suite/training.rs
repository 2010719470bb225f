//! Training behaviour: tasks are learned, runs reproduce, edge cases hold.

use playground_core::*;

fn no_clock() -> impl FnMut() -> f64 {
    || 0.0
}

fn train(config: &Config, epochs: u64) -> Trainer<f32> {
    let mut t: Trainer<f32> = Trainer::new(config).expect("valid config");
    t.train(epochs, &mut no_clock());
    t
}

fn accuracy(t: &mut Trainer<f32>, split: Split) -> f64 {
    t.metrics(split).accuracy.expect("classification")
}

fn task(task: Task, noise: f64) -> DataConfig {
    DataConfig { task, points: 400, noise, train_fraction: 0.5, classes: 2, ..DataConfig::default() }
}

#[test]
fn xor_is_learned() {
    let c = Config {
        data: task(Task::Xor, 0.0),
        hidden_layers: vec![4, 2],
        learning_rate: 0.03,
        ..Config::default()
    };
    let mut t = train(&c, 300);
    let acc = accuracy(&mut t, Split::Test);
    assert!(acc > 0.95, "XOR test accuracy {acc}");
}

#[test]
fn circle_is_learned() {
    let c = Config {
        data: task(Task::Circle, 0.05),
        hidden_layers: vec![4, 2],
        learning_rate: 0.03,
        ..Config::default()
    };
    let mut t = train(&c, 300);
    let acc = accuracy(&mut t, Split::Test);
    assert!(acc > 0.95, "circle test accuracy {acc}");
}

#[test]
fn spiral_is_learned() {
    let c = Config {
        data: DataConfig { points: 500, ..task(Task::Spiral, 0.0) },
        features: vec![Feature::X1, Feature::X2, Feature::SinX1, Feature::SinX2],
        hidden_layers: vec![8, 8, 6],
        learning_rate: 0.01,
        optimizer: Optimizer::Adam { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
        ..Config::default()
    };
    let mut t = train(&c, 3000);
    let acc = accuracy(&mut t, Split::Test);
    assert!(acc > 0.9, "spiral test accuracy {acc}");
}

#[test]
fn the_same_seed_reproduces_the_run_bit_for_bit() {
    let c =
        Config { data: task(Task::Spiral, 0.2), hidden_layers: vec![5, 3], seed: 42, ..Config::default() };
    let a = train(&c, 40);
    let b = train(&c, 40);
    assert_eq!(a.network(), b.network());
    assert_eq!(a.dataset(), b.dataset());
    let other = train(&Config { seed: 43, ..c }, 40);
    assert_ne!(a.network(), other.network());
}

#[test]
fn training_in_steps_equals_training_at_once() {
    let c = Config { data: task(Task::Circle, 0.1), ..Config::default() };
    let once = train(&c, 30);
    let mut steps: Trainer<f32> = Trainer::new(&c).expect("valid");
    for _ in 0..30 {
        steps.train(1, &mut no_clock());
    }
    assert_eq!(once.network(), steps.network());
    assert_eq!(steps.epoch(), 30);
}

#[test]
fn zero_hidden_layers_is_the_single_layer_network() {
    // Two Gaussian clusters are linearly separable: the single layer suffices.
    let c = Config { data: task(Task::Gaussian, 0.0), hidden_layers: vec![], ..Config::default() };
    let mut t = train(&c, 100);
    assert_eq!(t.network().shape(), vec![2, 1]);
    assert!(accuracy(&mut t, Split::Test) > 0.95);
}

#[test]
fn one_neuron_layers_train_without_trouble() {
    let c = Config { data: task(Task::Gaussian, 0.0), hidden_layers: vec![1, 1], ..Config::default() };
    let mut t = train(&c, 200);
    assert_eq!(t.network().shape(), vec![2, 1, 1, 1]);
    assert!(accuracy(&mut t, Split::Test) > 0.9);
}

#[test]
fn a_batch_larger_than_the_data_is_full_batch() {
    let small = DataConfig { points: 40, ..task(Task::Circle, 0.1) };
    let big =
        Config { data: small.clone(), strategy: Strategy::MiniBatch { size: 1000 }, ..Config::default() };
    let full = Config { data: small, strategy: Strategy::FullBatch, ..Config::default() };
    let a = train(&big, 20);
    let b = train(&full, 20);
    assert_eq!(a.batch_size(), 20);
    assert_eq!(a.network(), b.network());
}

#[test]
fn each_strategy_lowers_the_loss() {
    for strategy in [Strategy::Online, Strategy::MiniBatch { size: 10 }, Strategy::FullBatch] {
        let lr = if strategy == Strategy::FullBatch { 0.3 } else { 0.03 };
        let c = Config { data: task(Task::Circle, 0.0), strategy, learning_rate: lr, ..Config::default() };
        let mut t: Trainer<f32> = Trainer::new(&c).expect("valid");
        let before = t.loss(Split::Train);
        t.train(100, &mut no_clock());
        let after = t.loss(Split::Train);
        assert!(after < 0.5 * before, "{strategy:?}: loss {before} -> {after}");
    }
}

#[test]
fn each_optimizer_lowers_the_loss() {
    for optimizer in [
        Optimizer::Sgd,
        Optimizer::Momentum { momentum: 0.9 },
        Optimizer::Adam { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
        Optimizer::RmsProp { decay: 0.9, epsilon: 1e-8 },
        Optimizer::AdaGrad { epsilon: 1e-8 },
    ] {
        let c = Config { data: task(Task::Xor, 0.0), optimizer, learning_rate: 0.01, ..Config::default() };
        let mut t: Trainer<f32> = Trainer::new(&c).expect("valid");
        let before = t.loss(Split::Train);
        t.train(150, &mut no_clock());
        let after = t.loss(Split::Train);
        assert!(after < 0.5 * before, "{optimizer:?}: loss {before} -> {after}");
    }
}

#[test]
fn cross_entropy_escapes_saturation_faster_than_sse() {
    // Large initial weights saturate the sigmoid output; with SSE the gradient is
    // scaled by f'(xi) ~ 0 there, with cross-entropy it is Y - D.
    let data = task(Task::Gaussian, 0.0);
    let make = |loss| Config {
        data: data.clone(),
        hidden_layers: vec![],
        loss,
        output_activation: Some(Activation::Sigmoid { steepness: 1.0 }),
        init: Init::SmallUniform { scale: 2.0 },
        strategy: Strategy::FullBatch,
        learning_rate: 0.1,
        features: vec![Feature::X1, Feature::X2, Feature::X1Squared],
        seed: 3,
        ..Config::default()
    };
    let mut sse = train(&make(Loss::Mse), 30);
    let mut ce = train(&make(Loss::BinaryCrossEntropy), 30);
    let (a_sse, a_ce) = (accuracy(&mut sse, Split::Train), accuracy(&mut ce, Split::Train));
    assert!(a_ce > a_sse, "cross-entropy {a_ce} vs SSE {a_sse}");
}

#[test]
fn multi_class_spiral_with_softmax_is_learned() {
    let c = Config {
        data: DataConfig {
            task: Task::Spiral,
            points: 600,
            noise: 0.0,
            train_fraction: 0.7,
            classes: 3,
            ..DataConfig::default()
        },
        hidden_layers: vec![8, 8, 8],
        loss: Loss::SoftmaxCrossEntropy,
        learning_rate: 0.01,
        optimizer: Optimizer::Adam { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
        ..Config::default()
    };
    let mut t = train(&c, 3000);
    assert_eq!(t.network().outputs(), 3);
    let acc = accuracy(&mut t, Split::Test);
    assert!(acc > 0.9, "3-class spiral test accuracy {acc}");
}

#[test]
fn regression_plane_reaches_high_r_squared() {
    let c = Config {
        data: task(Task::Plane, 0.0),
        hidden_layers: vec![],
        activation: Activation::Linear,
        ..Config::default()
    };
    let mut t = train(&c, 200);
    let r2 = t.metrics(Split::Test).r_squared.expect("regression");
    assert!(r2 > 0.99, "R² {r2}");
}

#[test]
fn output_grid_covers_the_plane_and_changes_with_training() {
    let c = Config { data: task(Task::Xor, 0.0), ..Config::default() };
    let mut t: Trainer<f32> = Trainer::new(&c).expect("valid");
    let mut before = vec![f32::NAN; 20 * 10];
    t.fill_grid(20, 10, &mut before, None);
    assert!(before.iter().all(|v| v.is_finite()));
    t.train(100, &mut no_clock());
    let mut after = vec![0.0; 20 * 10];
    let mut neurons = vec![f32::NAN; 20 * 10 * (4 + 2 + 1)];
    t.fill_grid(20, 10, &mut after, Some(&mut neurons));
    assert_ne!(before, after);
    // The output neuron's grid is the last block of the neuron grids.
    assert_eq!(&neurons[6 * 200..], &after[..]);
    // Top-left cell (x1 < 0, x2 > 0) is XOR class 0, top-right class 1.
    assert!(after[0] < 0.0 && after[19] > 0.0, "{} {}", after[0], after[19]);
    let p = t.predict(-5.0, 5.0);
    assert!(p[0] < 0.0);
}

#[test]
fn the_loss_follows_every_change_of_the_weights() {
    let mut t: Trainer<f32> = Trainer::new(&Config::default()).expect("valid");
    let first = t.loss(Split::Train);
    assert_eq!(t.loss(Split::Train), first);
    t.set_weight(0, 0, 0, 4.0).expect("valid edit");
    let edited = t.loss(Split::Train);
    assert_ne!(edited, first);
    t.network_mut().layers[1].bias[(0, 0)] = 2.0;
    assert_ne!(t.loss(Split::Train), edited);
    let before = t.loss(Split::Test);
    t.train(1, &mut || 0.0);
    assert_ne!(t.loss(Split::Test), before);
    assert!(t.set_weight(0, 9, 0, 1.0).is_err());
    assert!(t.set_weight(0, 0, 0, f64::NAN).is_err());
    // As large as a model file allows, and no larger (the outputs stay finite).
    assert!(t.set_weight(0, 0, 0, -limits::MAX_WEIGHT).is_ok());
    assert!(t.set_weight(0, 0, 0, 1.5 * limits::MAX_WEIGHT).is_err());
}

/// The initial network's weights and biases, layer by layer (without the activations,
/// which follow the loss).
fn parameters(t: &Trainer<f32>) -> Vec<(Vec<f32>, Vec<f32>)> {
    t.network().layers.iter().map(|l| (l.weights.as_slice().to_vec(), l.bias.as_slice().to_vec())).collect()
}

#[test]
fn runs_differing_only_in_training_settings_share_initial_weights_and_data() {
    // Compare mode sets runs side by side that differ in one training setting: they
    // must start from the same weights on the same points.
    let base = Config {
        data: DataConfig { points: 300, noise: 0.2, ..task(Task::Spiral, 0.2) },
        hidden_layers: vec![5, 3],
        seed: 11,
        ..Config::default()
    };
    let variants = [
        (
            "loss",
            Config { loss: Loss::Mse, ..base.clone() },
            Config { loss: Loss::BinaryCrossEntropy, ..base.clone() },
        ),
        (
            "optimizer",
            base.clone(),
            Config { optimizer: Optimizer::Adam { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, ..base.clone() },
        ),
        ("learning rate", base.clone(), Config { learning_rate: 0.3, ..base.clone() }),
        (
            "strategy",
            Config { strategy: Strategy::Online, ..base.clone() },
            Config { strategy: Strategy::FullBatch, ..base.clone() },
        ),
    ];
    for (what, a, b) in variants {
        let (ta, tb): (Trainer<f32>, Trainer<f32>) =
            (Trainer::new(&a).expect("valid"), Trainer::new(&b).expect("valid"));
        assert_eq!(ta.network().outputs(), 1, "{what}");
        assert_eq!(ta.network().shape(), tb.network().shape(), "{what}");
        assert_eq!(parameters(&ta), parameters(&tb), "{what}: initial weights and biases");
        assert_eq!(ta.dataset().train, tb.dataset().train, "{what}: training points");
        assert_eq!(ta.dataset().test, tb.dataset().test, "{what}: test points");
        assert!(!ta.dataset().train.is_empty() && !ta.dataset().test.is_empty());
    }
    // The loss variants differ in the output activation (tanh vs sigmoid), not in the weights.
    let (mse, bce): (Trainer<f32>, Trainer<f32>) = (
        Trainer::new(&Config { loss: Loss::Mse, ..base.clone() }).expect("valid"),
        Trainer::new(&Config { loss: Loss::BinaryCrossEntropy, ..base }).expect("valid"),
    );
    assert_ne!(
        mse.network().layers.last().map(|l| l.activation),
        bce.network().layers.last().map(|l| l.activation)
    );
}

#[test]
fn a_fresh_runs_model_file_holds_its_initial_weights() {
    let t: Trainer<f32> = Trainer::new(&Config { seed: 5, ..Config::default() }).expect("valid");
    let model: Model = serde_json::from_str(&t.export_model()).expect("a model file");
    assert_eq!(model.epoch, 0);
    assert_eq!(&model.network, t.network());
}

#[test]
fn one_epoch_makes_one_update_per_batch() {
    let data = DataConfig { points: 333, ..task(Task::Circle, 0.1) };
    for (strategy, batch) in
        [(Strategy::Online, 1), (Strategy::MiniBatch { size: 10 }, 10), (Strategy::FullBatch, 0)]
    {
        let mut t: Trainer<f32> =
            Trainer::new(&Config { data: data.clone(), strategy, ..Config::default() }).expect("valid");
        let n = t.dataset().train.len() as u64;
        assert_ne!(n % 10, 0, "the last mini-batch is a partial one");
        let per_epoch = if batch == 0 { 1 } else { n.div_ceil(batch) };
        assert_eq!(t.updates(), 0, "{strategy:?}");
        t.train(1, &mut no_clock());
        assert_eq!(t.updates(), per_epoch, "{strategy:?}: {n} samples");
        t.train(2, &mut no_clock());
        assert_eq!(t.updates(), 3 * per_epoch, "{strategy:?}");
    }
}
