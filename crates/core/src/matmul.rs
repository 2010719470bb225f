//! The three matrix products of backpropagation, written for the network's tiny
//! matrices (a handful of neurons, batches of tens to hundreds of rows).
//!
//! nalgebra stores matrices column by column; every loop here runs down contiguous
//! columns so the compiler can vectorize it, and nothing is allocated (nalgebra's
//! general `gemm` packs its operands into fresh buffers once all sides exceed 5).
//! Each product reads rows `start..start + n` of a row-major-in-samples operand and
//! writes the first `n` rows of a buffer with a larger row capacity.

use crate::real::Real;
use nalgebra::DMatrix;

/// Rows `start..start + n` of column `c` of `m`.
#[inline]
fn column<T: Real>(m: &DMatrix<T>, c: usize, start: usize, n: usize) -> &[T] {
    let ld = m.nrows();
    &m.as_slice()[c * ld + start..c * ld + start + n]
}

/// `C[0..n] = A[start..start + n] B`: the forward product `Xi_L = Y_{L-1} W_L`.
pub fn mul<T: Real>(a: &DMatrix<T>, start: usize, n: usize, b: &DMatrix<T>, c: &mut DMatrix<T>) {
    let (k, m) = b.shape();
    let ldc = c.nrows();
    let b = b.as_slice();
    let c = c.as_mut_slice();
    for j in 0..m {
        let cj = &mut c[j * ldc..j * ldc + n];
        cj.fill(T::zero());
        for p in 0..k {
            let bpj = b[j * k + p];
            for (ci, &ai) in cj.iter_mut().zip(column(a, p, start, n)) {
                *ci += ai * bpj;
            }
        }
    }
}

/// `a . b` with eight independent partial sums, so the loop vectorizes (a single
/// running sum is a dependency chain the compiler may not reorder).
#[inline]
fn dot<T: Real>(a: &[T], b: &[T]) -> T {
    let mut acc = [T::zero(); 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: T = ca.remainder().iter().zip(cb.remainder()).fold(T::zero(), |s, (&x, &y)| s + x * y);
    for (x, y) in ca.zip(cb) {
        for l in 0..8 {
            acc[l] += x[l] * y[l];
        }
    }
    ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7])) + tail
}

/// `G = A[start..start + n]^T D[0..n]`: the weight gradient `dE/dW_L = Y_{L-1}^T Delta_L`.
pub fn mul_transpose_left<T: Real>(
    a: &DMatrix<T>,
    start: usize,
    n: usize,
    d: &DMatrix<T>,
    g: &mut DMatrix<T>,
) {
    let (k, m) = g.shape();
    let g = g.as_mut_slice();
    for j in 0..m {
        let dj = column(d, j, 0, n);
        for i in 0..k {
            let ai = column(a, i, start, n);
            g[j * k + i] = dot(ai, dj);
        }
    }
}

/// `P[0..n] = D[0..n] W^T`: the error propagated to the layer below, `Delta_{L+1} W_{L+1}^T`.
pub fn mul_transpose_right<T: Real>(d: &DMatrix<T>, n: usize, w: &DMatrix<T>, p: &mut DMatrix<T>) {
    let (k, m) = w.shape();
    let ldp = p.nrows();
    let w = w.as_slice();
    let p = p.as_mut_slice();
    for i in 0..k {
        let pi = &mut p[i * ldp..i * ldp + n];
        pi.fill(T::zero());
        for j in 0..m {
            let wij = w[j * k + i];
            for (x, &y) in pi.iter_mut().zip(column(d, j, 0, n)) {
                *x += y * wij;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(r: usize, c: usize, seed: f64) -> DMatrix<f64> {
        DMatrix::from_fn(r, c, |i, j| ((i * 7 + j * 3) as f64 * 0.37 + seed).sin())
    }

    #[test]
    fn products_agree_with_nalgebra_on_row_ranges() {
        let a = sample(9, 4, 0.1); // 9 rows of capacity, rows 2..7 used
        let b = sample(4, 6, 0.2);
        let (start, n) = (2, 5);
        let a_rows = a.rows(start, n).into_owned();

        let mut c = DMatrix::from_element(8, 6, f64::NAN);
        mul(&a, start, n, &b, &mut c);
        assert!((c.rows(0, n) - &a_rows * &b).amax() < 1e-12);

        let d = sample(8, 6, 0.3); // capacity 8, rows 0..5 used
        let d_rows = d.rows(0, n).into_owned();
        let mut g = DMatrix::from_element(4, 6, f64::NAN);
        mul_transpose_left(&a, start, n, &d, &mut g);
        assert!((g - a_rows.transpose() * &d_rows).amax() < 1e-12);

        let w = sample(4, 6, 0.4);
        let mut p = DMatrix::from_element(8, 4, f64::NAN);
        mul_transpose_right(&d, n, &w, &mut p);
        assert!((p.rows(0, n) - d_rows * w.transpose()).amax() < 1e-12);
    }
}
