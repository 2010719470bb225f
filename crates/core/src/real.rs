//! The floating-point type the network computes in.
//!
//! The page trains in `f32` (half the memory traffic, twice the SIMD lanes); the
//! finite-difference gradient checks run the very same code in `f64`, where the
//! check is sharp. Configuration values are always `f64` and converted once.

use nalgebra::RealField;

/// A float the network can be built from: `f32` or `f64`.
pub trait Real: RealField + Copy + std::fmt::Debug + Default {
    /// Converts an `f64` (configuration value, dataset coordinate) to this type.
    fn of(x: f64) -> Self;
    /// Converts this value to `f64` for reporting.
    fn to_f64(self) -> f64;
    /// Converts to `f32`, the type of the buffers handed to the page.
    fn to_f32(self) -> f32;
}

impl Real for f32 {
    #[inline]
    fn of(x: f64) -> Self {
        x as f32
    }
    #[inline]
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
    #[inline]
    fn to_f32(self) -> f32 {
        self
    }
}

impl Real for f64 {
    #[inline]
    fn of(x: f64) -> Self {
        x
    }
    #[inline]
    fn to_f64(self) -> f64 {
        self
    }
    #[inline]
    fn to_f32(self) -> f32 {
        self as f32
    }
}
