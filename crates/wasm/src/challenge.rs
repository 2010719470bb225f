//! Bindings of challenges (`playground_core::challenge`): the built-in set, a
//! challenge checked and described, what a configuration breaks, a solution verified,
//! and the page's run judged epoch by epoch. Each forwards to the core and writes JSON.

use crate::Playground;
use playground_core::challenge::builtin::BUILTIN;
use playground_core::challenge::{verify, Challenge, Judge, Measure};
use playground_core::{Config, Error};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

/// A challenge as the page shows it: the challenge itself, its goal and its rules in words.
fn described(challenge: &Challenge) -> Value {
    json!({
        "challenge": challenge,
        "goal": challenge.goal.describe(),
        "constraints": challenge.constraints(),
    })
}

fn js(e: &Error) -> JsError {
    JsError::new(&e.to_string())
}

/// The built-in challenges, easy to hard, as JSON `[{"id", "challenge", "goal",
/// "constraints": [{"rule", "text"}]}]`.
#[wasm_bindgen(js_name = builtinChallenges)]
pub fn builtin_challenges() -> String {
    let list: Vec<Value> = BUILTIN
        .iter()
        .map(|b| {
            let mut entry = described(&b.challenge());
            entry["id"] = json!(b.id);
            entry
        })
        .collect();
    Value::Array(list).to_string()
}

/// What a goal may measure, as JSON `[{"id", "label"}]` (`id` as a challenge writes it).
#[wasm_bindgen(js_name = challengeMeasures)]
pub fn challenge_measures() -> String {
    let list: Vec<Value> = Measure::ALL.iter().map(|m| json!({ "id": m, "label": m.label() })).collect();
    Value::Array(list).to_string()
}

/// Reads and checks a challenge (JSON) as a link or a teacher gives it. Returns JSON
/// `{"problems": [{"field", "message"}], "challenge", "goal", "constraints"}`: every
/// problem found (then the rest is null), else the challenge as the core reads it,
/// described as [`builtin_challenges`] describes one.
#[wasm_bindgen(js_name = checkChallenge)]
pub fn check_challenge(json: &str) -> String {
    match Challenge::from_json(json) {
        Ok(c) => {
            let mut out = described(&c);
            out["problems"] = json!([]);
            out.to_string()
        }
        Err(e) => {
            json!({ "problems": e.problems, "challenge": null, "goal": null, "constraints": [] }).to_string()
        }
    }
}

/// What a configuration breaks of a challenge (both JSON), as JSON `[{"field", "rule",
/// "message"}]`, empty when it is within the challenge. Throws, naming the problem,
/// when the challenge or the configuration is invalid.
#[wasm_bindgen(js_name = challengeBroken)]
pub fn challenge_broken(challenge_json: &str, config_json: &str) -> Result<String, JsError> {
    let challenge = Challenge::from_json(challenge_json).map_err(|e| js(&e))?;
    let config = Config::from_json(config_json).map_err(|e| js(&e))?;
    serde_json::to_string(&challenge.broken(&config)).map_err(|e| JsError::new(&e.to_string()))
}

/// Replays a solution (the challenge and the student's configuration as JSON, and the
/// epoch it claims) from epoch 0 and checks the goal again, as JSON `{"kind":
/// "verified", "solved": {"epoch", "value", "hidden_neurons"}, "message"}` or
/// `{"kind": "not_verified", "message"}` saying why. A challenge or a configuration
/// that does not read is not verified (never throws).
#[wasm_bindgen(js_name = verifySolution)]
pub fn verify_solution(challenge_json: &str, config_json: &str, claimed_epoch: f64) -> String {
    let refuse = |message: String| json!({ "kind": "not_verified", "message": message }).to_string();
    let challenge = match Challenge::from_json(challenge_json) {
        Ok(c) => c,
        Err(e) => return refuse(format!("the challenge is invalid: {e}")),
    };
    let config = match Config::from_json(config_json) {
        Ok(c) => c,
        Err(e) => return refuse(format!("the solution's settings are invalid: {e}")),
    };
    if !(claimed_epoch.is_finite() && claimed_epoch >= 0.0 && claimed_epoch.fract() == 0.0) {
        return refuse(format!("{claimed_epoch} is not an epoch"));
    }
    serde_json::to_string(&verify(&challenge, &config, claimed_epoch as u64))
        .unwrap_or_else(|e| refuse(e.to_string()))
}

#[wasm_bindgen]
impl Playground {
    /// Judges this run under a challenge (JSON) from now on: training then measures the
    /// goal after every epoch and stops when it is met or the challenge's epoch limit
    /// is reached ([`Playground::challenge_json`] says where it stands). Throws when the
    /// run is past epoch 0, the challenge is invalid, or the run's configuration breaks
    /// it (each broken rule named).
    #[wasm_bindgen(js_name = judgeBy)]
    pub fn judge_by(&mut self, challenge_json: &str) -> Result<(), JsError> {
        if self.trainer.epoch() > 0 {
            return Err(JsError::new("a challenge judges a run from epoch 0: reset the run first"));
        }
        let challenge = Challenge::from_json(challenge_json).map_err(|e| js(&e))?;
        self.judge = Some(Judge::new(challenge, self.trainer.config()).map_err(|e| js(&e))?);
        Ok(())
    }

    /// Ends the judging (the page left its challenge): training goes on as in any run.
    #[wasm_bindgen(js_name = endJudging)]
    pub fn end_judging(&mut self) {
        self.judge = None;
    }

    /// Where the judged run stands, as JSON `{"solved": {"epoch", "value",
    /// "hidden_neurons"} | null, "ended", "status"}` ("Solved at epoch 1,240 with 6
    /// hidden neurons"); undefined when the run is not judged.
    #[wasm_bindgen(js_name = challengeJson)]
    pub fn challenge_json(&self) -> Option<String> {
        self.judge.as_ref().map(|j| {
            json!({
                "solved": j.solved(),
                "ended": j.ended(&self.trainer),
                "status": j.status(&self.trainer),
            })
            .to_string()
        })
    }
}
