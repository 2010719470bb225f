//! Challenges: every built-in one is unsolved at its start and solved by a reference
//! solution within its limits, a replay verifies a solution bit for bit, and a tampered
//! solution (a limit or a fixed field broken, the goal raised, another epoch claimed)
//! is refused with the reason. A judge of a run it does not own (the page's) finds the
//! same epoch as an attempt, and names the rules a configuration breaks.

use playground_core::challenge::builtin::{BuiltinChallenge, BUILTIN};
use playground_core::challenge::{verify, Attempt, Challenge, Judge, Measure, Solved, Verdict};
use playground_core::Config;
use serde_json::{json, Value};

/// `patch` merged into `base` (objects key by key, anything else replaced).
fn merge(base: &mut Value, patch: &Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                merge(b.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
        (b, p) => *b = p.clone(),
    }
}

/// The challenge's start with `patch` applied.
fn changed(challenge: &Challenge, patch: Value) -> Config {
    let mut v = serde_json::to_value(&challenge.start).expect("a config is JSON");
    merge(&mut v, &patch);
    serde_json::from_value(v).expect("a config")
}

/// Runs `config` under `challenge` to the challenge's epoch limit.
fn attempt(challenge: &Challenge, config: &Config) -> Option<Solved> {
    let valid = config.validate().expect("valid settings");
    let mut a: Attempt<f32> = Attempt::new(challenge.clone(), valid).expect("within the challenge");
    a.advance(u64::MAX, &mut || 0.0);
    a.solved()
}

/// A reference solution of each built-in challenge: what a student may change.
fn reference(id: &str) -> Value {
    let adam = json!({"kind": "adam", "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8});
    let softmax = json!({"loss": "softmax_cross_entropy", "output_activation": {"kind": "softmax"}});
    match id {
        "xor" => json!({"hidden_layers": [3], "optimizer": adam, "seed": 2}),
        "circle_features" => json!({"features": ["x1_squared", "x2_squared"]}),
        "fewer_epochs" => json!({"strategy": {"kind": "mini_batch", "size": 10}, "learning_rate": 0.1}),
        "cross_entropy" | "letters_linear" => softmax,
        "dead_relu" => json!({"learning_rate": 0.03}),
        "overfitting" => json!({"regularization": {"kind": "l2", "rate": 0.1}}),
        "least_squares" => json!({"learning_rate": 0.03}),
        "spiral" => json!({"hidden_layers": [6, 6, 4], "optimizer": adam, "learning_rate": 0.01}),
        "weather_law" => json!({"learning_rate": 0.1}),
        _ => panic!("no reference solution for {id}"),
    }
}

#[test]
fn every_builtin_challenge_is_unsolved_at_its_start_and_solved_by_its_reference() {
    assert!(BUILTIN.len() >= 10);
    for b in BUILTIN {
        let challenge = b.challenge();
        assert!(
            !challenge.title.is_empty() && !challenge.hint.is_empty() && !challenge.teaches.is_empty(),
            "{}",
            b.id
        );
        assert_eq!(attempt(&challenge, &challenge.start), None, "{} is solved at its start", b.id);
        let solution = changed(&challenge, reference(b.id));
        assert!(challenge.broken(&solution).is_empty(), "{}: {:?}", b.id, challenge.broken(&solution));
        let solved =
            attempt(&challenge, &solution).unwrap_or_else(|| panic!("{}: the reference fails", b.id));
        assert!(solved.epoch <= challenge.epoch_limit(), "{}", b.id);
        // The replay meets the goal at the same epoch with the same value, bit for bit.
        match verify(&challenge, &solution, solved.epoch) {
            Verdict::Verified { solved: replayed, message } => {
                assert_eq!(replayed, solved, "{}", b.id);
                assert!(
                    message.starts_with(&format!("verified: {} ", challenge.goal.measure.label())),
                    "{message}"
                );
            }
            Verdict::NotVerified { message } => panic!("{}: {message}", b.id),
        }
    }
}

#[test]
fn a_goal_measured_at_the_end_is_met_only_when_training_ends() {
    let challenge = BuiltinChallenge::find("overfitting").expect("built in").challenge();
    assert!(challenge.goal.at_end);
    let l2 = attempt(&challenge, &changed(&challenge, reference("overfitting"))).expect("L2 solves it");
    assert_eq!(l2.epoch, challenge.epoch_limit());
    // Early stopping ends the run sooner and restores the best weights.
    let early = attempt(&challenge, &changed(&challenge, json!({"stopping": {"patience": 20}})));
    let early_epoch = early.map(|s| s.epoch);
    assert!(early_epoch.is_none_or(|e| e < challenge.epoch_limit()), "{early_epoch:?}");
}

#[test]
fn tampered_solutions_are_not_verified_and_say_why() {
    let challenge = BuiltinChallenge::find("xor").expect("built in").challenge();
    let solution = changed(&challenge, reference("xor"));
    let solved = attempt(&challenge, &solution).expect("solved");
    let refused = |verdict: Verdict| match verdict {
        Verdict::NotVerified { message } => message,
        Verdict::Verified { message, .. } => panic!("verified: {message}"),
    };
    let mut harder = challenge.clone();
    harder.goal.target = 0.999;
    let m = refused(verify(&harder, &solution, solved.epoch));
    assert!(m.contains("did not meet the goal (test accuracy ≥ 99.9 %)"), "{m}");
    let m = refused(verify(&challenge, &solution, solved.epoch + 1));
    assert!(m.contains(&format!("met the goal at epoch {}", solved.epoch)), "{m}");
    let wider = changed(&challenge, json!({"hidden_layers": [4]}));
    let m = refused(verify(&challenge, &wider, solved.epoch));
    assert!(m.contains("4 hidden neurons in all; this challenge allows at most 3"), "{m}");
    let features = changed(&challenge, json!({"features": ["x1", "x2", "x1_x2"]}));
    let m = refused(verify(&challenge, &features, solved.epoch));
    assert!(m.contains("is fixed by this challenge"), "{m}");
    let timed = changed(&challenge, json!({"stopping": {"time_limit_seconds": 5.0}}));
    assert!(refused(verify(&challenge, &timed, solved.epoch)).contains("time limit"));
    assert!(refused(verify(&challenge, &solution, 0)).contains("outside"));
}

#[test]
fn a_challenge_is_checked_before_it_is_used() {
    let good = BuiltinChallenge::find("xor").expect("built in").json;
    let with = |patch: Value| {
        let mut v: Value = serde_json::from_str(good).expect("JSON");
        merge(&mut v, &patch);
        Challenge::from_json(&v.to_string())
    };
    assert!(with(json!({})).is_ok());
    let fields = |r: Result<Challenge, playground_core::Error>| {
        r.expect_err("refused")
            .problems
            .iter()
            .map(|p| p.field.clone().unwrap_or_default())
            .collect::<Vec<_>>()
    };
    assert_eq!(fields(with(json!({"open": ["hidden_layers", "no_such_setting"]}))), ["challenge.open"]);
    assert_eq!(
        fields(with(json!({"goal": {"measure": "test_accuracy", "target": 1.5}}))),
        ["challenge.goal.target"]
    );
    assert_eq!(fields(with(json!({"limits": {"max_epochs": 0}}))), ["challenge.limits.max_epochs"]);
    assert_eq!(fields(with(json!({"start": {"hidden_layers": [5]}}))), ["challenge.start"]);
    assert_eq!(fields(with(json!({"start": {"learning_rate": -1.0}}))), ["challenge.start.learning_rate"]);
    assert!(Challenge::from_json("{\"title\": 3}").is_err());
    assert_eq!(Measure::TestLoss.label(), "test loss");
}

#[test]
fn a_judge_of_a_borrowed_run_stops_at_the_attempts_epoch_and_says_so() {
    let challenge = BuiltinChallenge::find("xor").expect("built in").challenge();
    let solution = changed(&challenge, reference("xor"));
    let solved = attempt(&challenge, &solution).expect("solved");
    let valid = solution.validate().expect("valid");
    let mut judge = Judge::new(challenge.clone(), &valid).expect("within the challenge");
    let mut trainer = playground_core::Trainer::<f32>::build(valid).expect("a run");
    assert!(judge.status(&trainer).starts_with("Goal not met yet at epoch 0"), "{}", judge.status(&trainer));
    // Trained in uneven slices, as the page's frames do: the same epoch, bit for bit.
    let mut ran = 0;
    for slice in [1, 2, 3, 5, 8, 13, 21, 34].iter().cycle().take(200) {
        ran += judge.advance(&mut trainer, *slice, &mut || 0.0);
    }
    assert_eq!(judge.solved(), Some(solved));
    assert_eq!(ran, solved.epoch, "training stops at the epoch of success");
    assert!(judge.ended(&trainer));
    let status = judge.status(&trainer);
    assert!(
        status.starts_with(&format!("Solved at epoch {} with 3 hidden neurons (test accuracy", solved.epoch)),
        "{status}"
    );

    // Not solved within the limit: said so, with the last measure.
    let stuck = changed(&challenge, json!({"learning_rate": 0.00001}));
    let mut judge = Judge::new(challenge.clone(), &stuck).expect("within the challenge");
    let mut trainer =
        playground_core::Trainer::<f32>::build(stuck.validate().expect("valid")).expect("a run");
    assert_eq!(judge.advance(&mut trainer, u64::MAX, &mut || 0.0), 2000);
    assert!(judge.status(&trainer).starts_with(
        "Not solved: training ended at epoch 2,000 without test accuracy ≥ 95.0 %; test accuracy is"
    ));
}

#[test]
fn the_rules_are_named_and_each_broken_one_says_which() {
    let challenge = BuiltinChallenge::find("xor").expect("built in").challenge();
    let rules: Vec<&str> = challenge.constraints().iter().map(|c| c.rule).collect();
    assert_eq!(rules, ["max_hidden_neurons", "max_hidden_layers", "max_epochs", "fixed", "no_time_limit"]);
    let texts: Vec<String> = challenge.constraints().into_iter().map(|c| c.text).collect();
    assert_eq!(texts[0], "at most 3 hidden neurons in all");
    assert_eq!(texts[2], "the goal met by epoch 2,000");
    assert!(texts[3].starts_with("only these settings may change: "), "{}", texts[3]);
    let bad = changed(
        &challenge,
        json!({"hidden_layers": [2, 2], "loss": "sse", "stopping": {"time_limit_seconds": 5.0}}),
    );
    let mut broken: Vec<&str> = challenge.broken(&bad).iter().map(|b| b.rule).collect();
    broken.sort_unstable();
    broken.dedup();
    assert_eq!(broken, ["fixed", "max_hidden_layers", "max_hidden_neurons", "no_time_limit"]);
    assert!(Judge::new(challenge, &bad).is_err(), "a judge refuses settings that break the challenge");
}
