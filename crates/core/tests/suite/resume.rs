//! Nothing lost: a run saved to a model file at epoch N, loaded and trained M more
//! epochs is bit for bit the run trained N + M epochs straight, for every optimizer,
//! presentation strategy and learning-rate schedule, also from the middle of an epoch
//! and with every stopping condition's memory. Older (version 1) files still load.

use playground_core::limits::{MAX_HIDDEN_LAYERS, MAX_MODEL_BYTES, MAX_NEURONS};
use playground_core::model::{MODEL_VERSION, OLDEST_MODEL_VERSION};
use playground_core::*;

use crate::common;
use common::{OPTIMIZERS, STRATEGIES};

fn no_clock() -> impl FnMut() -> f64 {
    || 0.0
}

const SCHEDULES: [Schedule; 3] = [
    Schedule::Constant,
    Schedule::StepDecay { every: 3, factor: 0.5 },
    Schedule::Exponential { factor: 0.9 },
];

fn config(optimizer: Optimizer, strategy: Strategy, schedule: Schedule) -> Config {
    Config {
        data: DataConfig { task: Task::Xor, points: 60, noise: 0.1, ..DataConfig::default() },
        hidden_layers: vec![5, 3],
        learning_rate: 0.05,
        optimizer,
        strategy,
        schedule,
        ..Config::default()
    }
}

/// Saves `t` to a model file and loads it back (a version 2 file: no notice).
fn save_and_load(t: &Trainer<f32>) -> Trainer<f32> {
    let (back, notice) = Trainer::load_model(&t.export_model()).expect("its own export loads");
    assert_eq!(notice, None);
    back
}

/// Asserts two runs are the same bit for bit: weights, epoch, updates, losses, and
/// everything the model file holds (optimizer memory, cursor, order, stream position).
fn assert_same_run(a: &mut Trainer<f32>, b: &mut Trainer<f32>, what: &str) {
    assert_eq!(a.network(), b.network(), "{what}: weights");
    assert_eq!((a.epoch(), a.updates()), (b.epoch(), b.updates()), "{what}: epoch and updates");
    assert_eq!(a.loss(Split::Train).to_bits(), b.loss(Split::Train).to_bits(), "{what}: loss");
    assert_eq!(a.stopped(), b.stopped(), "{what}: stop");
    assert_eq!(a.export_model(), b.export_model(), "{what}: model file");
}

#[test]
fn saved_at_epoch_n_and_trained_m_more_is_the_straight_run_for_every_optimizer_strategy_and_schedule() {
    let (n, m) = (4, 5);
    let mut cases = 0;
    for optimizer in OPTIMIZERS {
        for strategy in STRATEGIES {
            for schedule in SCHEDULES {
                let c = config(optimizer, strategy, schedule);
                let what = format!("{optimizer:?}, {strategy:?}, {schedule:?}");
                let mut straight: Trainer<f32> = Trainer::new(&c).expect("valid");
                straight.train(n + m, &mut no_clock());
                let mut first: Trainer<f32> = Trainer::new(&c).expect("valid");
                first.train(n, &mut no_clock());
                let mut resumed = save_and_load(&first);
                assert_eq!(resumed.epoch(), n, "{what}: the epoch is restored");
                assert_eq!(resumed.learning_rate(), first.learning_rate(), "{what}: the schedule's position");
                resumed.train(m, &mut no_clock());
                assert_same_run(&mut straight, &mut resumed, &what);
                cases += 1;
            }
        }
    }
    assert_eq!(cases, 45);
}

#[test]
fn a_run_saved_in_the_middle_of_an_epoch_goes_on_from_the_next_batch() {
    for optimizer in OPTIMIZERS {
        let c = config(optimizer, Strategy::MiniBatch { size: 7 }, Schedule::Constant);
        let mut straight: Trainer<f32> = Trainer::new(&c).expect("valid");
        straight.train(2, &mut no_clock());
        for _ in 0..3 {
            straight.record_step();
        }
        let mut resumed = save_and_load(&straight);
        assert_ne!(resumed.batch_cursor(), 0, "saved inside an epoch");
        assert_eq!(resumed.batch_cursor(), straight.batch_cursor());
        straight.train(3, &mut no_clock());
        resumed.train(3, &mut no_clock());
        assert_same_run(&mut straight, &mut resumed, &format!("{optimizer:?} mid-epoch"));
    }
}

#[test]
fn stopping_conditions_keep_their_memory_across_a_save() {
    let stopping = Stopping {
        patience: Some(4),
        min_weight_change: Some(1e-9),
        time_limit_seconds: Some(1e9),
        max_epochs: Some(400),
        ..Stopping::default()
    };
    let c = Config {
        data: DataConfig { task: Task::Circle, points: 40, noise: 0.5, ..DataConfig::default() },
        hidden_layers: vec![8, 8],
        learning_rate: 0.3,
        optimizer: OPTIMIZERS[2],
        stopping,
        ..Config::default()
    };
    let mut straight: Trainer<f32> = Trainer::new(&c).expect("valid");
    let mut resumed: Trainer<f32> = Trainer::new(&c).expect("valid");
    let mut saves = 0;
    while straight.stopped().is_none() && straight.epoch() < 400 {
        straight.train(3, &mut no_clock());
        resumed.train(3, &mut no_clock());
        resumed = save_and_load(&resumed);
        saves += 1;
        assert_same_run(&mut straight, &mut resumed, &format!("after save {saves}"));
    }
    let stop = straight.stopped().expect("early stopping fires on noisy data").clone();
    assert!(matches!(stop, StopReason::EarlyStopping { .. }), "{stop:?}");
    // A stopped run stays stopped when loaded.
    assert_eq!(save_and_load(&straight).stopped(), Some(&stop));
}

/// A model file of version 1: what the playground wrote before the training state.
fn version_1(t: &Trainer<f32>) -> String {
    let mut model: serde_json::Value = serde_json::from_str(&t.export_model()).expect("json");
    let object = model.as_object_mut().expect("an object");
    object.remove("training");
    object.insert("version".into(), serde_json::json!(1));
    serde_json::to_string_pretty(&model).expect("json")
}

#[test]
fn version_1_files_load_their_weights_and_epoch_with_the_optimizer_at_zero_and_say_so() {
    assert_eq!((OLDEST_MODEL_VERSION, MODEL_VERSION), (1, 2));
    let c = config(OPTIMIZERS[2], Strategy::MiniBatch { size: 7 }, Schedule::Exponential { factor: 0.9 });
    let mut t: Trainer<f32> = Trainer::new(&c).expect("valid");
    t.train(6, &mut no_clock());
    let (back, notice) = Trainer::load_model(&version_1(&t)).expect("version 1 loads");
    assert_eq!(back.network(), t.network());
    assert_eq!(back.epoch(), 6);
    assert_eq!(back.learning_rate(), t.learning_rate());
    assert_eq!(back.updates(), 0, "the optimizer's memory starts at zero");
    let notice = notice.expect("a notice");
    assert!(
        notice.contains("version 1") && notice.contains("epoch 6") && notice.contains("zero"),
        "{notice}"
    );
}

#[test]
fn a_version_2_file_without_its_training_state_or_with_a_broken_one_is_refused() {
    let c = config(OPTIMIZERS[1], Strategy::MiniBatch { size: 7 }, Schedule::Constant);
    let mut t: Trainer<f32> = Trainer::new(&c).expect("valid");
    t.train(2, &mut no_clock());
    let good: serde_json::Value = serde_json::from_str(&t.export_model()).expect("json");
    let edit = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = good.clone();
        f(&mut v);
        Trainer::load_model(&v.to_string()).map(|_| ()).expect_err("refused").to_string()
    };
    let cases: Vec<(String, &str)> = vec![
        (edit(&|v| drop(v.as_object_mut().map(|o| o.remove("training")))), "no \"training\""),
        (edit(&|v| v["training"]["order"][0] = v["training"]["order"][1].clone()), "order"),
        (edit(&|v| v["training"]["cursor"] = serde_json::json!(1000)), "cursor"),
        (edit(&|v| v["training"]["optimizer"]["first"] = serde_json::json!([])), "first memory"),
        (edit(&|v| v["training"]["optimizer"]["first"][0][0][0] = serde_json::json!(null)), "malformed"),
        (edit(&|v| v["training"]["elapsed_seconds"] = serde_json::json!(-1)), "seconds"),
    ];
    for (err, expected) in cases {
        assert!(err.contains(expected), "{expected:?} not in {err}");
    }
}

#[test]
fn the_largest_network_with_adam_and_early_stopping_fits_the_model_file_limit() {
    let c = Config {
        data: DataConfig { task: Task::Spiral, points: 500, ..DataConfig::default() },
        features: Feature::CHOICES
            .iter()
            .map(|c| serde_json::from_value(serde_json::json!(c.id)).expect("a feature"))
            .collect(),
        hidden_layers: vec![MAX_NEURONS; MAX_HIDDEN_LAYERS],
        optimizer: OPTIMIZERS[2],
        stopping: Stopping { patience: Some(100), ..Stopping::default() },
        ..Config::default()
    };
    let mut t: Trainer<f32> = Trainer::new(&c).expect("valid");
    t.train(3, &mut no_clock());
    let json = t.export_model();
    eprintln!("largest network, Adam, early stopping: a model file of {} bytes", json.len());
    assert!(json.len() < MAX_MODEL_BYTES, "{} bytes", json.len());
    let mut back = save_and_load(&t);
    assert_same_run(&mut t, &mut back, "largest");
}
