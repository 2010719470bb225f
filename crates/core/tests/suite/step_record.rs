//! One training step, recorded (`Trainer::record_step`): the step recorded is the
//! step taken, stepping batch by batch is training epoch by epoch bit for bit, and
//! the recorded matrices satisfy the lecture's batch-form equations.

use nalgebra::DMatrix;
use playground_core::*;

use crate::common;
use common::{OPTIMIZERS, STRATEGIES};

const LOSSES: [Loss; 5] =
    [Loss::Mse, Loss::Sse, Loss::Sae, Loss::BinaryCrossEntropy, Loss::SoftmaxCrossEntropy];

/// A small run: 30 training points (so 7 does not divide them), two hidden layers;
/// three classes for softmax cross-entropy, two otherwise.
fn config(loss: Loss, optimizer: Optimizer, strategy: Strategy) -> Config {
    let classes = if loss == Loss::SoftmaxCrossEntropy { 3 } else { 2 };
    Config {
        seed: 7,
        data: DataConfig { task: Task::Spiral, points: 60, noise: 0.1, classes, ..DataConfig::default() },
        hidden_layers: vec![4, 3],
        loss,
        optimizer,
        strategy,
        learning_rate: 0.05,
        regularization: Regularization::L2 { rate: 0.001 },
        ..Config::default()
    }
}

/// Every loss x optimizer x strategy.
fn every_config() -> Vec<Config> {
    let mut all = Vec::new();
    for loss in LOSSES {
        for optimizer in OPTIMIZERS {
            for strategy in STRATEGIES {
                all.push(config(loss, optimizer, strategy));
            }
        }
    }
    all
}

fn matrix<T: Real>(m: &DMatrix<T>) -> Matrix {
    Matrix::of(m.as_view())
}

#[test]
fn stepping_through_every_batch_gives_the_weights_of_train_epoch() {
    for c in every_config() {
        let what = format!("{:?} {:?} {:?}", c.loss, c.optimizer, c.strategy);
        let mut epochs: Trainer<f32> = Trainer::new(&c).expect("valid");
        let mut steps: Trainer<f32> = Trainer::new(&c).expect("valid");
        let batches = steps.batches_per_epoch();
        let n = steps.dataset().train.len();
        assert_eq!(batches, n.div_ceil(steps.batch_size()), "{what}");
        for epoch in 0..3 {
            epochs.train_epoch();
            for b in 0..batches {
                assert_eq!(steps.epoch(), epoch, "{what}");
                let record = steps.record_step();
                assert_eq!((record.epoch, record.batch, record.batches), (epoch, b, batches), "{what}");
                assert_eq!(record.epoch_finished, b + 1 == batches, "{what}");
            }
            assert_eq!(steps.epoch(), epoch + 1, "{what}");
            assert_eq!(steps.batch_cursor(), 0, "{what}");
            assert_eq!(steps.network(), epochs.network(), "{what}: epoch {epoch}");
            assert_eq!(steps.updates(), epochs.updates(), "{what}");
        }
    }
}

#[test]
fn train_finishes_an_epoch_started_by_steps() {
    for strategy in STRATEGIES {
        let c = config(Loss::Mse, Optimizer::Adam { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, strategy);
        let mut mixed: Trainer<f32> = Trainer::new(&c).expect("valid");
        let single = mixed.batches_per_epoch() == 1;
        mixed.record_step();
        assert_eq!(mixed.epoch(), u64::from(single), "{strategy:?}: only a one-batch epoch is done");
        assert_eq!(mixed.train(1, &mut || 0.0), 1);
        assert_eq!(mixed.epoch(), 1 + u64::from(single), "{strategy:?}: train(1) finished the epoch");
        mixed.record_step();
        mixed.record_step();
        mixed.train_epoch();
        let mut whole: Trainer<f32> = Trainer::new(&c).expect("valid");
        whole.train(mixed.epoch(), &mut || 0.0);
        assert_eq!(mixed.network(), whole.network(), "{strategy:?}");
        assert_eq!(mixed.updates(), whole.updates(), "{strategy:?}");
    }
}

#[test]
fn each_epoch_presents_every_sample_once_and_the_cursor_follows_the_batches() {
    for strategy in STRATEGIES {
        let mut t: Trainer<f32> = Trainer::new(&config(Loss::Mse, Optimizer::Sgd, strategy)).expect("valid");
        let n = t.dataset().train.len();
        for epoch in 0..2 {
            let mut seen = Vec::new();
            let mut cursor = 0;
            loop {
                assert_eq!(t.batch_cursor(), cursor, "{strategy:?}");
                let record = t.record_step();
                assert_eq!(record.inputs.rows, record.samples.len());
                assert_eq!(record.update, t.updates());
                cursor += record.samples.len();
                seen.extend(record.samples);
                if record.epoch_finished {
                    break;
                }
            }
            assert_eq!(t.epoch(), epoch + 1);
            seen.sort_unstable();
            assert_eq!(seen, (0..n).collect::<Vec<_>>(), "{strategy:?}: a permutation of the training set");
        }
    }
}

#[test]
fn after_a_recorded_step_the_network_holds_the_records_new_weights() {
    for c in every_config() {
        let what = format!("{:?} {:?} {:?}", c.loss, c.optimizer, c.strategy);
        let mut t: Trainer<f32> = Trainer::new(&c).expect("valid");
        for _ in 0..4 {
            let before = t.network().clone();
            let record = t.record_step();
            assert_eq!(record.layers.len(), t.network().layers.len(), "{what}");
            for (l, (layer, rec)) in t.network().layers.iter().zip(&record.layers).enumerate() {
                assert_eq!(rec.new_weights, matrix(&layer.weights), "{what}: layer {l}");
                assert_eq!(rec.new_bias, matrix(&layer.bias), "{what}: layer {l}");
                assert_eq!(rec.weights, matrix(&before.layers[l].weights), "{what}: layer {l}");
                assert_eq!(rec.bias, matrix(&before.layers[l].bias), "{what}: layer {l}");
                for (old, change, new) in [
                    (&rec.weights, &rec.weight_update, &rec.new_weights),
                    (&rec.bias, &rec.bias_update, &rec.new_bias),
                ] {
                    let rebuilt: Vec<f32> =
                        old.data.iter().zip(&change.data).map(|(w, dw)| (w + dw) as f32).collect();
                    let new: Vec<f32> = new.data.iter().map(|&w| w as f32).collect();
                    assert_eq!(rebuilt, new, "{what}: W(t) + ΔW = W(t+1)");
                }
            }
        }
    }
}

/// Gradient descent's recorded ΔW is the rule's `−α ∂E/∂W` of the shown gradient, to
/// the f32 bit (it was `W(t+1) − W(t)`, off by the rounding of the new weight: up to
/// 2.5 % where the step is small against the weight).
#[test]
fn gradient_descents_recorded_step_is_minus_alpha_times_the_gradient() {
    let c = Config {
        strategy: Strategy::MiniBatch { size: 10 },
        ..config(Loss::Mse, Optimizer::Sgd, Strategy::Online)
    };
    let mut t: Trainer<f32> = Trainer::new(&c).expect("valid");
    let mut differs_from_difference = 0;
    for _ in 0..6 {
        let record = t.record_step();
        let alpha = record.learning_rate as f32;
        for layer in &record.layers {
            for (gradient, step, old, new) in [
                (&layer.weight_gradient, &layer.weight_update, &layer.weights, &layer.new_weights),
                (&layer.bias_gradient, &layer.bias_update, &layer.bias, &layer.new_bias),
            ] {
                for i in 0..gradient.data.len() {
                    let expected = -(alpha * gradient.data[i] as f32);
                    assert_eq!(step.data[i] as f32, expected, "ΔW = −α ∂E/∂W, entry {i}");
                    if (new.data[i] as f32 - old.data[i] as f32) != expected {
                        differs_from_difference += 1;
                    }
                }
            }
        }
    }
    assert!(
        differs_from_difference > 0,
        "some W(t+1) − W(t) differ from the rule's step (else this test shows nothing)"
    );
}

#[test]
fn a_full_batch_step_records_the_full_gradient() {
    for loss in LOSSES {
        for regularization in
            [Regularization::None, Regularization::L1 { rate: 0.01 }, Regularization::L2 { rate: 0.01 }]
        {
            let c = Config { regularization, ..config(loss, Optimizer::Sgd, Strategy::FullBatch) };
            let mut t: Trainer<f64> = Trainer::new(&c).expect("valid");
            t.train(2, &mut || 0.0);
            let gradient = t.full_gradient();
            let record = t.record_step();
            assert_eq!(record.samples, (0..t.dataset().train.len()).collect::<Vec<_>>());
            for (l, rec) in record.layers.iter().enumerate() {
                assert_eq!(rec.weight_gradient, matrix(&gradient.weights[l]), "{loss:?} {regularization:?}");
                assert_eq!(rec.bias_gradient, matrix(&gradient.bias[l]), "{loss:?} {regularization:?}");
            }
        }
    }
}

#[test]
fn the_recorded_loss_is_the_loss_of_the_batch() {
    for loss in LOSSES {
        // Full batch: the batch is the training set, E the training loss.
        let mut t: Trainer<f64> =
            Trainer::new(&config(loss, Optimizer::Sgd, Strategy::FullBatch)).expect("valid");
        let expected = t.loss(Split::Train);
        let record = t.record_step();
        assert!(
            (record.loss - expected).abs() <= 1e-12 * expected.abs(),
            "{loss:?}: {} vs {expected}",
            record.loss
        );
        assert_eq!(record.loss_name, loss.name());
        // Mini-batches: the loss of the batch's samples, computed afresh.
        let mut t: Trainer<f64> =
            Trainer::new(&config(loss, Optimizer::Sgd, Strategy::MiniBatch { size: 7 })).expect("valid");
        for _ in 0..6 {
            let record = t.record_step();
            let y = forward(&record).pop().expect("output").1;
            let d = targets_of(&t, &record.samples);
            let expected = loss.batch(y.as_view(), d.as_view());
            assert!((record.loss - expected).abs() <= 1e-12 * expected.abs(), "{loss:?}");
            let weights: Vec<DMatrix<f64>> = record.layers.iter().map(|l| dm(&l.weights)).collect();
            let penalty = t.config().regularization.penalty(weights.iter());
            assert_eq!(record.penalty, penalty);
        }
    }
}

/// The matrix of a record.
fn dm(m: &Matrix) -> DMatrix<f64> {
    DMatrix::from_row_slice(m.rows, m.cols, &m.data)
}

/// The coded targets of training samples `samples`, in order.
fn targets_of(t: &Trainer<f64>, samples: &[usize]) -> DMatrix<f64> {
    let (_, d) = t.training_matrices();
    DMatrix::from_fn(samples.len(), d.ncols(), |r, c| d[(samples[r], c)])
}

/// `(Xi_L, Y_L)` of every layer from the record's inputs and weights before the step,
/// computed directly with nalgebra: `Xi_L = Y_{L-1} W_L + 1 b_L`, `Y_L = f_L(Xi_L)`.
fn forward(record: &StepRecord) -> Vec<(DMatrix<f64>, DMatrix<f64>)> {
    let mut y = dm(&record.inputs);
    let mut all = Vec::new();
    for layer in &record.layers {
        let ones = DMatrix::from_element(y.nrows(), 1, 1.0);
        let xi = &y * dm(&layer.weights) + ones * dm(&layer.bias);
        let f = activation_named(&layer.activation);
        y = if f == Activation::Softmax {
            let mut s = xi.map(f64::exp);
            for mut row in s.row_iter_mut() {
                let total: f64 = row.sum();
                row /= total;
            }
            s
        } else {
            xi.map(|x| f.apply(x))
        };
        all.push((xi, y.clone()));
    }
    all
}

/// The activations of [`config`]'s networks by name.
fn activation_named(name: &str) -> Activation {
    match name {
        "tanh" => Activation::Tanh { steepness: 1.0 },
        "sigmoid" => Activation::Sigmoid { steepness: 1.0 },
        "softmax" => Activation::Softmax,
        "linear" => Activation::Linear,
        other => panic!("unexpected activation {other}"),
    }
}

fn assert_close(got: &Matrix, want: &DMatrix<f64>, what: &str) {
    assert_eq!((got.rows, got.cols), want.shape(), "{what}");
    let error = (dm(got) - want).amax();
    assert!(error < 1e-12 * (1.0 + want.amax()), "{what}: off by {error}");
}

#[test]
fn the_record_satisfies_the_batch_form_equations() {
    for loss in LOSSES {
        for strategy in STRATEGIES {
            let c = Config {
                regularization: Regularization::L1 { rate: 0.01 },
                ..config(loss, Optimizer::Sgd, strategy)
            };
            let mut t: Trainer<f64> = Trainer::new(&c).expect("valid");
            t.record_step();
            let record = t.record_step();
            let what = format!("{loss:?} {strategy:?}");
            let (x, _) = t.training_matrices();
            let x = DMatrix::from_fn(record.samples.len(), x.ncols(), |r, col| x[(record.samples[r], col)]);
            assert_eq!(dm(&record.inputs), x, "{what}: X holds the batch's samples");
            assert_eq!(dm(&record.targets), targets_of(&t, &record.samples), "{what}: D");
            let passes = forward(&record);
            let last = record.layers.len() - 1;
            for (l, (layer, (xi, y))) in record.layers.iter().zip(&passes).enumerate() {
                assert_close(&layer.potentials, xi, &format!("{what}: Xi_{}", l + 1));
                assert_close(&layer.outputs, y, &format!("{what}: Y_{}", l + 1));
            }
            // Delta_out from the loss; hidden Delta_L = f'(Xi_L) o (Delta_{L+1} W_{L+1}^T).
            let out = &record.layers[last];
            let f_out = activation_named(&out.activation);
            let mut delta_out = DMatrix::zeros(out.delta.rows, out.delta.cols);
            let (xi, y) = &passes[last];
            loss.output_delta(
                f_out,
                xi.as_view(),
                y.as_view(),
                dm(&record.targets).as_view(),
                &mut delta_out.as_view_mut(),
            );
            assert_close(&out.delta, &delta_out, &format!("{what}: Delta_out"));
            assert_eq!(out.delta_rule, loss.output_delta_rule(f_out));
            for (l, (pair, (xi, y))) in record.layers.windows(2).zip(&passes).enumerate() {
                let (layer, above) = (&pair[0], &pair[1]);
                let f = activation_named(&layer.activation);
                let back = dm(&above.delta) * dm(&above.weights).transpose();
                let delta = back.zip_zip_map(xi, y, |b, x, o| f.derivative(x, o) * b);
                assert_close(&layer.delta, &delta, &format!("{what}: Delta_{}", l + 1));
                assert_eq!(layer.delta_rule, format!("f'(Xi_{}) ∘ (Delta_{} W_{}ᵀ)", l + 1, l + 2, l + 2));
            }
            // dE/dW_L = Y_{L-1}^T Delta_L + r sign(W_L), dE/db_L = column sums; SGD: ΔW = -α dE/dW.
            let alpha = record.learning_rate;
            assert_eq!(alpha, 0.05);
            for (l, layer) in record.layers.iter().enumerate() {
                let below = if l == 0 { dm(&record.inputs) } else { passes[l - 1].1.clone() };
                let w = dm(&layer.weights);
                let gradient =
                    below.transpose() * dm(&layer.delta) + w.map(|w| 0.01 * w.signum() * f64::from(w != 0.0));
                assert_close(&layer.weight_gradient, &gradient, &format!("{what}: dE/dW_{}", l + 1));
                let bias_gradient =
                    DMatrix::from_fn(1, layer.delta.cols, |_, c| dm(&layer.delta).column(c).sum());
                assert_close(&layer.bias_gradient, &bias_gradient, &format!("{what}: dE/db_{}", l + 1));
                assert_close(&layer.weight_update, &(-alpha * gradient), &format!("{what}: ΔW_{}", l + 1));
                assert_close(&layer.bias_update, &(-alpha * bias_gradient), &format!("{what}: Δb_{}", l + 1));
            }
            assert_eq!(record.update_rule, "W ← W − α ∂E/∂W");
            assert_eq!(record.gradient_rule, "Y_{L−1}ᵀ Delta_L + r sign(W_L) (r = 0.01)");
        }
    }
}

#[test]
fn a_record_is_json_with_matrices_as_rows_cols_and_data() {
    let mut t: Trainer<f32> = Trainer::new(&Config::default()).expect("valid");
    let record = t.record_step();
    let v = serde_json::to_value(&record).expect("json");
    assert_eq!(v["epoch"], 0);
    assert_eq!(v["batch"], 0);
    assert_eq!(v["batches"], 25);
    assert_eq!(v["update"], 1);
    assert_eq!(v["inputs"]["rows"], 10);
    assert_eq!(v["inputs"]["cols"], 2);
    assert_eq!(v["inputs"]["data"].as_array().map(Vec::len), Some(20));
    assert_eq!(v["targets"]["cols"], 1);
    assert_eq!(v["update_rule"], "W ← W − α ∂E/∂W");
    assert_eq!(v["layers"][2]["delta_rule"], "f'(Xi) ∘ (Y − D) / N");
    let layers = v["layers"].as_array().expect("layers");
    let shapes: Vec<(u64, u64)> = layers
        .iter()
        .map(|l| (l["weights"]["rows"].as_u64().unwrap_or(0), l["weights"]["cols"].as_u64().unwrap_or(0)))
        .collect();
    assert_eq!(shapes, [(2, 4), (4, 2), (2, 1)]);
    for key in [
        "activation",
        "weights",
        "bias",
        "potentials",
        "outputs",
        "delta",
        "delta_rule",
        "weight_gradient",
        "bias_gradient",
        "weight_update",
        "bias_update",
        "new_weights",
        "new_bias",
    ] {
        assert!(layers.iter().all(|l| !l[key].is_null()), "{key}");
    }
    assert_eq!(layers[1]["potentials"]["rows"], 10);
    assert_eq!(layers[0]["bias"]["rows"], 1);
}
