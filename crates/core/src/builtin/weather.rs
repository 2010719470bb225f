//! The lecture's weather example, multivariate linear regression: atmospheric
//! pressure (hPa), wind (m/s) and temperature (°C) → precipitation risk (%), drawn
//! from a stated linear law plus Gaussian noise, so least squares recovers the law:
//!
//! `risk = 40 − 1.5 (pressure − 1013) + 2 wind − 0.4 temperature + ε`, `ε ~ N(0, 2²)`,
//!
//! with pressure uniform in [995, 1031], wind in [0, 15] and temperature in [−5, 30].

use crate::noise::normal;
use crate::table::{Column, Table, Target};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Rows of the built-in weather table.
pub const ROWS: usize = 400;
/// The law's constant at the reference pressure: risk (%) at 1013 hPa, no wind, 0 °C.
pub const INTERCEPT: f64 = 40.0;
/// The reference pressure (hPa) the law is written around.
pub const REFERENCE_PRESSURE: f64 = 1013.0;
/// Risk per hPa of pressure.
pub const PRESSURE: f64 = -1.5;
/// Risk per m/s of wind.
pub const WIND: f64 = 2.0;
/// Risk per °C.
pub const TEMPERATURE: f64 = -0.4;
/// Standard deviation of the noise ε (percentage points).
pub const NOISE: f64 = 2.0;

/// The law without noise: the expected risk at `(pressure, wind, temperature)`.
pub fn law(pressure: f64, wind: f64, temperature: f64) -> f64 {
    INTERCEPT + PRESSURE * (pressure - REFERENCE_PRESSURE) + WIND * wind + TEMPERATURE * temperature
}

/// `rows` days drawn from `seed`.
pub fn table(seed: u64, rows: usize) -> Table {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut columns: [Vec<Option<f64>>; 4] = Default::default();
    for _ in 0..rows {
        let p = rng.random_range(995.0..1031.0);
        let w = rng.random_range(0.0..15.0);
        let t = rng.random_range(-5.0..30.0);
        let risk = law(p, w, t) + NOISE * normal(&mut rng);
        for (c, v) in columns.iter_mut().zip([p, w, t, risk]) {
            c.push(Some((v * 100.0_f64).round() / 100.0));
        }
    }
    let [p, w, t, risk] = columns;
    Table {
        inputs: vec![
            Column::numeric("pressure (hPa)", p),
            Column::numeric("wind (m/s)", w),
            Column::numeric("temperature (°C)", t),
        ],
        target: Target::Numbers(vec![Column::numeric("precipitation risk (%)", risk)]),
    }
}
