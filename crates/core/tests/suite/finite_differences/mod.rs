//! Backpropagation against central finite differences, shared by the gradient checks.

use playground_core::Trainer;

/// The step h of the difference quotient (`gradient_check.rs` also nudges by it;
/// `tables.rs` does not, hence the allowance).
#[allow(dead_code)]
pub const H: f64 = 1e-5;

/// The largest relative error between backpropagation and central finite differences
/// over every weight and bias of `trainer`'s network: for each, numeric =
/// (E(w + h) − E(w − h)) / 2h against the analytic gradient, relative to
/// max(|analytic| + |numeric|, 1e-5).
pub fn max_relative_error(trainer: &mut Trainer<f64>) -> f64 {
    let gradient = trainer.full_gradient();
    let mut worst: f64 = 0.0;
    for l in 0..trainer.network().layers.len() {
        for is_bias in [false, true] {
            let (rows, cols) = {
                let layer = &trainer.network().layers[l];
                if is_bias {
                    layer.bias.shape()
                } else {
                    layer.weights.shape()
                }
            };
            for i in 0..rows {
                for j in 0..cols {
                    let nudge = |t: &mut Trainer<f64>, dw: f64| {
                        let layer = &mut t.network_mut().layers[l];
                        let p = if is_bias { &mut layer.bias } else { &mut layer.weights };
                        p[(i, j)] += dw;
                    };
                    nudge(trainer, H);
                    let plus = trainer.objective();
                    nudge(trainer, -2.0 * H);
                    let minus = trainer.objective();
                    nudge(trainer, H);
                    let numeric = (plus - minus) / (2.0 * H);
                    let analytic =
                        if is_bias { gradient.bias[l][(i, j)] } else { gradient.weights[l][(i, j)] };
                    let error = (analytic - numeric).abs() / (analytic.abs() + numeric.abs()).max(1e-5);
                    worst = worst.max(error);
                }
            }
        }
    }
    worst
}
