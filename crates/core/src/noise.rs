//! Gaussian noise for the generated data sets (the 2-D tasks and the built-in tables).

use rand::Rng;
use std::f64::consts::PI;

/// Draws a standard normal number (Box-Muller).
pub(crate) fn normal<R: Rng>(rng: &mut R) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>(); // in (0, 1], so ln is finite
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (2.0 * PI * u2).cos()
}
