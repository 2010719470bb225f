//! Each stopping condition fires, and only when it should; divergence is caught.

use playground_core::*;

fn circle() -> Config {
    Config {
        data: DataConfig {
            task: Task::Circle,
            points: 200,
            noise: 0.1,
            train_fraction: 0.5,
            classes: 2,
            ..DataConfig::default()
        },
        ..Config::default()
    }
}

fn with_stopping(stopping: Stopping) -> Trainer<f32> {
    Trainer::new(&Config { stopping, ..circle() }).expect("valid")
}

/// A clock that advances one second each time it is read.
fn ticking() -> impl FnMut() -> f64 {
    let mut t = 0.0;
    move || {
        t += 1.0;
        t
    }
}

#[test]
fn no_condition_means_training_runs_every_epoch_asked() {
    let mut t = with_stopping(Stopping::default());
    assert_eq!(t.train(300, &mut ticking()), 300);
    assert_eq!(t.stopped(), None);
}

#[test]
fn max_epochs_stops_exactly_at_the_limit() {
    let mut t = with_stopping(Stopping { max_epochs: Some(25), ..Stopping::default() });
    assert_eq!(t.train(10, &mut ticking()), 10);
    assert_eq!(t.stopped(), None);
    assert_eq!(t.train(100, &mut ticking()), 15);
    assert_eq!(t.epoch(), 25);
    assert_eq!(t.stopped(), Some(&StopReason::MaxEpochs { epochs: 25 }));
    assert_eq!(t.train(100, &mut ticking()), 0, "a stopped run stays stopped");
}

/// A clock the test sets by hand.
fn manual(now: &std::cell::Cell<f64>) -> impl FnMut() -> f64 + '_ {
    move || now.get()
}

#[test]
fn time_limit_counts_time_between_calls_while_playing() {
    let mut t = with_stopping(Stopping { time_limit_seconds: Some(5.0), ..Stopping::default() });
    let now = std::cell::Cell::new(100.0);
    // Epochs take no time on this clock; the page draws for 2 s between calls.
    assert_eq!(t.train(3, &mut manual(&now)), 3);
    assert_eq!(t.elapsed_seconds(), 0.0);
    now.set(102.0);
    assert_eq!(t.train(1, &mut manual(&now)), 1);
    assert_eq!(t.elapsed_seconds(), 2.0);
    assert_eq!(t.stopped(), None);
    now.set(105.5);
    assert_eq!(t.train(100, &mut manual(&now)), 1, "5.5 s have passed: the first epoch stops it");
    assert_eq!(t.stopped(), Some(&StopReason::TimeLimit { seconds: 5.0 }));
}

#[test]
fn compute_seconds_count_only_the_time_inside_train_calls() {
    // A time limit far away, so the clock is read after every epoch.
    let mut t = with_stopping(Stopping { time_limit_seconds: Some(1e9), ..Stopping::default() });
    let now = std::cell::Cell::new(100.0);
    // Each epoch takes 0.5 s; the page draws (or waits for other runs) 2 s between calls.
    let mut epoch_clock = || {
        let v = now.get();
        now.set(v + 0.5);
        v
    };
    assert_eq!(t.train(2, &mut epoch_clock), 2);
    now.set(now.get() + 2.0);
    assert_eq!(t.train(2, &mut epoch_clock), 2);
    // Readings: 100 (start), 100.5, 101 | 103.5 (start), 104, 104.5.
    assert_eq!(t.compute_seconds(), 2.0, "four epochs of 0.5 s, none of the 2 s between the calls");
    assert_eq!(
        t.elapsed_seconds(),
        4.5,
        "the time limit's clock counts the time between calls while playing"
    );
    t.pause_clock();
    now.set(now.get() + 1000.0);
    assert_eq!(t.train(1, &mut epoch_clock), 1);
    assert_eq!(t.compute_seconds(), 2.5);
    assert_eq!(t.elapsed_seconds(), 5.0, "a pause counts for neither");
}

#[test]
fn time_limit_does_not_count_pauses() {
    let mut t = with_stopping(Stopping { time_limit_seconds: Some(5.0), ..Stopping::default() });
    // The clock advances 1 s per reading: 1 s per epoch.
    let mut clock = ticking();
    assert_eq!(t.train(3, &mut clock), 3);
    assert_eq!(t.elapsed_seconds(), 3.0);
    // Paused for 1000 s: not training time.
    t.pause_clock();
    let mut later = move || clock() + 1000.0;
    assert_eq!(t.train(100, &mut later), 2);
    assert_eq!(t.elapsed_seconds(), 5.0);
    assert_eq!(t.stopped(), Some(&StopReason::TimeLimit { seconds: 5.0 }));
}

#[test]
fn training_loss_below_target_stops_and_reports_the_loss() {
    let mut t = with_stopping(Stopping { min_train_loss: Some(0.1), ..Stopping::default() });
    let initial = t.loss(Split::Train);
    assert!(initial > 0.1);
    let run = t.train(5000, &mut ticking());
    assert!(run < 5000);
    match t.stopped().cloned() {
        Some(StopReason::MinTrainLoss { loss }) => {
            assert!(loss < 0.1);
            assert!((t.loss(Split::Train) - loss).abs() < 1e-12);
        }
        other => panic!("expected the loss target to fire, got {other:?}"),
    }
    // One epoch earlier the loss was still above the target: rerun to there.
    let mut again = with_stopping(Stopping::default());
    again.train(run - 1, &mut ticking());
    assert!(again.loss(Split::Train) >= 0.1);
}

#[test]
fn early_stopping_restores_the_best_weights() {
    // A big network on few noisy points overfits: the test loss turns up.
    let config = Config {
        data: DataConfig {
            task: Task::Gaussian,
            points: 40,
            noise: 0.5,
            train_fraction: 0.5,
            classes: 2,
            ..DataConfig::default()
        },
        hidden_layers: vec![8, 8, 8],
        learning_rate: 0.03,
        optimizer: Optimizer::Adam { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
        stopping: Stopping { patience: Some(50), ..Stopping::default() },
        ..Config::default()
    };
    let mut t: Trainer<f32> = Trainer::new(&config).expect("valid");
    let run = t.train(20_000, &mut ticking());
    assert!(run < 20_000, "early stopping should fire");
    let Some(StopReason::EarlyStopping { best_epoch, best_loss }) = t.stopped().cloned() else {
        panic!("expected early stopping, got {:?}", t.stopped());
    };
    assert_eq!(t.epoch(), best_epoch + 50);
    // The restored weights are those of the best epoch: their test loss is the best.
    assert_eq!(t.loss(Split::Test), best_loss);
    // Replaying without the condition to the best epoch gives the same weights.
    let mut replay: Trainer<f32> =
        Trainer::new(&Config { stopping: Stopping::default(), ..config }).expect("valid");
    replay.train(best_epoch, &mut ticking());
    assert_eq!(replay.network(), t.network());
}

#[test]
fn weight_change_threshold_fires_when_weights_settle() {
    let mut tiny = Trainer::<f32>::new(&Config {
        learning_rate: 1e-7,
        stopping: Stopping { min_weight_change: Some(1e-4), ..Stopping::default() },
        ..circle()
    })
    .expect("valid");
    assert_eq!(tiny.train(100, &mut ticking()), 1);
    assert!(matches!(tiny.stopped(), Some(StopReason::MinWeightChange { change }) if *change < 1e-4));

    let mut normal = with_stopping(Stopping { min_weight_change: Some(1e-4), ..Stopping::default() });
    assert_eq!(normal.train(50, &mut ticking()), 50, "weights still move at a normal learning rate");
}

#[test]
fn divergence_is_caught_and_explained() {
    let config = Config {
        data: DataConfig { task: Task::Plane, ..DataConfig::default() },
        hidden_layers: vec![8, 8],
        activation: Activation::Relu,
        loss: Loss::Sse,
        learning_rate: 10.0,
        strategy: Strategy::FullBatch,
        ..Config::default()
    };
    let mut t: Trainer<f32> = Trainer::new(&config).expect("valid");
    let run = t.train(1000, &mut ticking());
    assert!(run < 1000);
    let reason = t.stopped().cloned().expect("stopped");
    assert!(matches!(reason, StopReason::Diverged { .. }), "{reason:?}");
    let message = reason.message(t.learning_rate());
    assert!(message.contains("learning rate") && message.contains("too high"), "{message}");
    // A fresh run with a sane learning rate trains.
    let mut ok: Trainer<f32> = Trainer::new(&Config { learning_rate: 0.001, ..config }).expect("valid");
    assert_eq!(ok.train(50, &mut ticking()), 50);
    assert!(ok.loss(Split::Train).is_finite());
}

#[test]
fn without_a_time_limit_the_clock_is_read_before_and_after_the_epochs_of_a_call() {
    let mut t = with_stopping(Stopping::default());
    let (reads, now) = (std::cell::Cell::new(0), std::cell::Cell::new(10.0));
    let mut clock = || {
        reads.set(reads.get() + 1);
        now.set(now.get() + 1.0);
        now.get()
    };
    assert_eq!(t.train(50, &mut clock), 50);
    assert_eq!(reads.get(), 2, "the clock is a call out of wasm on the page: not once per epoch");
    assert_eq!((t.compute_seconds(), t.elapsed_seconds()), (1.0, 1.0));
    now.set(now.get() + 3.0);
    assert_eq!(t.train(50, &mut clock), 50);
    assert_eq!(reads.get(), 4);
    // Readings: 11 (start), 12 (end) | 16 (start), 17 (end).
    assert_eq!(
        (t.compute_seconds(), t.elapsed_seconds()),
        (2.0, 6.0),
        "the time between calls counts while playing"
    );
}
