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
    /// `tanh(self)`: exact (libm) in `f64`; in `f32` the fast form [`fast_tanh`].
    fn tanh_fast(self) -> Self;
    /// [`Real::tanh_fast`] of four values, equal bit for bit; in `f32` on the web one
    /// simd128 operation per step for all four.
    #[inline(always)]
    fn tanh_fast4(x: [Self; 4]) -> [Self; 4] {
        x.map(Self::tanh_fast)
    }
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
    #[inline(always)]
    fn tanh_fast(self) -> Self {
        fast_tanh(self)
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    #[inline(always)]
    fn tanh_fast4(x: [f32; 4]) -> [f32; 4] {
        simd::fast_tanh4(x)
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
    #[inline(always)]
    fn tanh_fast(self) -> Self {
        self.tanh()
    }
}

/// `e^t` for `0 <= t <= 88` in `f32`, branch-free so loops over it vectorize:
/// `t = k ln 2 + r` with `k` the nearest integer to `t / ln 2` and `|r| <= ln(2) / 2`,
/// then `e^t = 2^k e^r` with `e^r` from its degree-6 Taylor polynomial (truncation
/// error below 1.2e-7 relative) and `2^k` built directly in the exponent bits.
#[inline(always)]
fn exp_nonnegative(t: f32) -> f32 {
    const LOG2_E: f32 = std::f32::consts::LOG2_E;
    const LN2_HI: f32 = 0.693_145_75; // ln 2 split in two so k * LN2_HI is exact
    const LN2_LO: f32 = 1.428_606_8e-6;
    const ROUND: f32 = 12_582_912.0; // 1.5 * 2^23: adding it rounds to an integer
    let z = t * LOG2_E + ROUND;
    let k = z - ROUND;
    let r = (t - k * LN2_HI) - k * LN2_LO;
    let p = 1.0
        + r * (1.0 + r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0))))));
    // The low bits of z hold k + 2^22 (plus the 1.5 * 2^23 offset's mantissa).
    let k_int = (z.to_bits() & 0x007f_ffff) as i32 - 0x0040_0000;
    p * f32::from_bits(((k_int + 127) as u32) << 23)
}

/// `tanh x` in `f32` as `sign(x) (1 - 2 / (e^(2|x|) + 1))` with `exp_nonnegative`;
/// `|x|` is clamped at 10, where `tanh` rounds to exactly 1 in `f32`. The absolute
/// error is below 3e-7 over the whole line (tested against `f64::tanh`), about two
/// units in the last place near 1: invisible in training, and about ten times faster
/// than libm's `tanhf` on the page.
#[inline(always)]
pub fn fast_tanh(x: f32) -> f32 {
    // Not `min`, which would turn NaN into 10: NaN must reach the divergence check.
    let a = x.abs();
    let e = exp_nonnegative(2.0 * if a > 10.0 { 10.0 } else { a });
    (1.0 - 2.0 / (e + 1.0)).copysign(x)
}

/// [`fast_tanh`] on four lanes with wasm simd128: the same arithmetic in the same
/// order (wasm has no fused multiply-add), so each lane equals the scalar result; the
/// clamp and the sign take one instruction each where a select would take more (on
/// each layer's chain of dependent steps, a 2 % faster epoch of the default network).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use core::arch::wasm32::*;

    /// The constants of [`fast_tanh4`], splatted from memory. Written as constants,
    /// each would be a `v128.const` inside the training loops, which V8 builds anew
    /// in registers at every use (several instructions each); a load and splat from a
    /// table is one, and made the default network train 9 % faster in Chromium.
    struct Constants {
        /// `2 log2(e)`, exact (a power of two times `log2(e)`).
        two_log2_e: f32,
        round: f32,
        ln2_hi: f32,
        ln2_lo: f32,
        /// `1/720, 1/120, 1/24, 1/6, 1/2, 1, 1`: the Taylor polynomial, highest first.
        taylor: [f32; 7],
        two: f32,
        ten: f32,
        mantissa: u32,
        half_offset: u32,
        bias: u32,
        sign: u32,
    }

    static CONSTANTS: Constants = Constants {
        two_log2_e: 2.0 * std::f32::consts::LOG2_E,
        round: 12_582_912.0,
        ln2_hi: 0.693_145_75,
        ln2_lo: 1.428_606_8e-6,
        taylor: [1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0],
        two: 2.0,
        ten: 10.0,
        mantissa: 0x007f_ffff,
        half_offset: 0x0040_0000,
        bias: 127,
        sign: 0x8000_0000,
    };

    /// `exp_nonnegative` of four values `t = 2 h`, given `h`. `t log2(e)` is taken as
    /// `h (2 log2(e))`: the same exact product, so the same rounded value, one
    /// multiplication earlier on the chain of dependent steps (`t` is formed beside it).
    #[inline(always)]
    fn exp_nonnegative4(k: &Constants, h: v128) -> v128 {
        let c = f32x4_splat;
        let t = f32x4_mul(c(k.two), h);
        let z = f32x4_add(f32x4_mul(h, c(k.two_log2_e)), c(k.round));
        let n = f32x4_sub(z, c(k.round));
        let r = f32x4_sub(f32x4_sub(t, f32x4_mul(n, c(k.ln2_hi))), f32x4_mul(n, c(k.ln2_lo)));
        let mut p = c(k.taylor[0]);
        for &coefficient in &k.taylor[1..] {
            p = f32x4_add(c(coefficient), f32x4_mul(r, p));
        }
        let n_int = i32x4_sub(v128_and(z, u32x4_splat(k.mantissa)), u32x4_splat(k.half_offset));
        f32x4_mul(p, i32x4_shl(i32x4_add(n_int, u32x4_splat(k.bias)), 23))
    }

    /// `fast_tanh` of four values.
    #[inline(always)]
    pub(super) fn fast_tanh4(x: [f32; 4]) -> [f32; 4] {
        // Opaque to the compiler, so it reads the table instead of folding it back
        // into constants (the values are the same either way).
        let k = core::hint::black_box(&CONSTANTS);
        let v = f32x4(x[0], x[1], x[2], x[3]);
        let a = f32x4_abs(v);
        let (one, two, ten) = (f32x4_splat(k.taylor[6]), f32x4_splat(k.two), f32x4_splat(k.ten));
        // `ten < a ? ten : a` in one instruction (NaN stays NaN, as in the scalar form).
        let clamped = f32x4_pmin(a, ten);
        let e = exp_nonnegative4(k, clamped);
        let y = f32x4_sub(one, f32x4_div(two, f32x4_add(e, one)));
        // `y` is at least +0 (e >= 1), so the sign of `x` is or-ed in (a copysign).
        let out = v128_or(y, v128_and(v, u32x4_splat(k.sign)));
        [
            f32x4_extract_lane::<0>(out),
            f32x4_extract_lane::<1>(out),
            f32x4_extract_lane::<2>(out),
            f32x4_extract_lane::<3>(out),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_tanh_is_within_3e7_of_tanh_everywhere() {
        let mut worst: f64 = 0.0;
        for i in -400_000..=400_000 {
            let x = i as f32 * 5e-5; // [-20, 20]
            let err = (f64::from(fast_tanh(x)) - f64::from(x).tanh()).abs();
            worst = worst.max(err);
        }
        assert!(worst < 3e-7, "max abs error {worst:e}");
        assert_eq!(fast_tanh(0.0), 0.0);
        assert_eq!(fast_tanh(1e30), 1.0);
        assert_eq!(fast_tanh(-1e30), -1.0);
        assert!(fast_tanh(f32::NAN).is_nan());
    }
}
