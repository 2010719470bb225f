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
    paired(acc, tail)
}

/// The sum of eight partial sums and a tail in the one order every row sum here uses,
/// `((s0 + s4) + (s1 + s5)) + ((s2 + s6) + (s3 + s7)) + tail`, so the row-major
/// kernels give the bits of [`dot`].
#[inline(always)]
fn paired<T: Real>(s: [T; 8], tail: T) -> T {
    ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7])) + tail
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

/// Values per lane block of the row-major kernels: four, one 128-bit vector of `f32`
/// (SSE natively, simd128 in wasm).
pub const LANES: usize = 4;

/// `m` rounded up to whole lane blocks: the row length of a row-major buffer.
#[inline]
pub fn padded(m: usize) -> usize {
    m.div_ceil(LANES) * LANES
}

/// What [`mul_rows`] does with each finished row before storing it.
pub trait RowThen<T: Real> {
    /// Row `r` of the product, as lane blocks, to read or change in place.
    fn row(&mut self, r: usize, row: &mut [[T; LANES]]);
}

/// Row-major product, for small batches: `C[r] = A[r][0..k] B (+ b)` for rows
/// `r < n`, with `A` rows of length `ka` (the first `k` entries used), `B` as `k` rows
/// of `C`'s padded width (lane blocks) and `C` rows of that width. Each entry is the
/// sum over `p` in order from zero, then the bias, exactly as [`mul`] followed by the
/// bias. Serves the forward product `Xi_L = Y_{L-1} W_L + 1 b_L` (with `B = W_L`
/// padded) and the propagated error `Delta_{L+1} W_{L+1}^T` (with `B = W_{L+1}^T`
/// padded, no bias).
///
/// Each finished row goes through `then.row(r, row)` while it is still in registers (the
/// activation, the loss's output term or the derivative, in the same pass) before it
/// is stored as `C[r]`.
///
/// The loop is compiled once per width of up to 8 blocks (32 values), so a whole row
/// of `C` stays in registers while `p` runs; wider rows take a general loop.
#[allow(clippy::too_many_arguments)]
pub fn mul_rows<T: Real>(
    a: &[T],
    ka: usize,
    k: usize,
    b: &[[T; LANES]],
    bias: Option<&[[T; LANES]]>,
    c: &mut [[T; LANES]],
    n: usize,
    then: impl RowThen<T>,
) {
    if n == 0 || k == 0 {
        return;
    }
    let blocks = b.len() / k;
    let (a, c) = (&a[..(n - 1) * ka + k], &mut c[..n * blocks]);
    match (blocks, k) {
        (1, 1) => mul_rows_narrow::<T, 1>(a, ka, b, bias, c, then),
        (1, 2) => mul_rows_narrow::<T, 2>(a, ka, b, bias, c, then),
        (1, 3) => mul_rows_narrow::<T, 3>(a, ka, b, bias, c, then),
        (1, 4) => mul_rows_narrow::<T, 4>(a, ka, b, bias, c, then),
        _ => mul_rows_wide(a, ka, k, b, bias, c, blocks, then),
    }
}

/// [`mul_rows`] for rows of one lane block (up to four neurons) and `K` inputs: the
/// whole product of a row unrolled.
#[inline(always)]
fn mul_rows_narrow<T: Real, const K: usize>(
    a: &[T],
    ka: usize,
    b: &[[T; LANES]],
    bias: Option<&[[T; LANES]]>,
    c: &mut [[T; LANES]],
    mut then: impl RowThen<T>,
) {
    let b: &[[T; LANES]; K] = b[..K].try_into().expect("K rows of one block");
    let bias: Option<[T; LANES]> = bias.map(|s| s[0]);
    for (r, cr) in c.iter_mut().enumerate() {
        let ar: &[T; K] = a[r * ka..r * ka + K].try_into().expect("K inputs");
        let mut acc = [T::zero(); LANES];
        for p in 0..K {
            for l in 0..LANES {
                acc[l] += ar[p] * b[p][l];
            }
        }
        if let Some(bias) = bias {
            for l in 0..LANES {
                acc[l] += bias[l];
            }
        }
        let mut row = [acc];
        then.row(r, &mut row);
        *cr = row[0];
    }
}

/// [`mul_rows`] for rows of more lane blocks or more inputs than [`mul_rows_narrow`] takes.
#[allow(clippy::too_many_arguments)]
fn mul_rows_wide<T: Real>(
    a: &[T],
    ka: usize,
    k: usize,
    b: &[[T; LANES]],
    bias: Option<&[[T; LANES]]>,
    c: &mut [[T; LANES]],
    blocks: usize,
    then: impl RowThen<T>,
) {
    match blocks {
        1 => mul_rows_fixed::<T, 1>(a, ka, k, b, bias, c, then),
        2 => mul_rows_fixed::<T, 2>(a, ka, k, b, bias, c, then),
        3 => mul_rows_fixed::<T, 3>(a, ka, k, b, bias, c, then),
        4 => mul_rows_fixed::<T, 4>(a, ka, k, b, bias, c, then),
        5 => mul_rows_fixed::<T, 5>(a, ka, k, b, bias, c, then),
        6 => mul_rows_fixed::<T, 6>(a, ka, k, b, bias, c, then),
        7 => mul_rows_fixed::<T, 7>(a, ka, k, b, bias, c, then),
        8 => mul_rows_fixed::<T, 8>(a, ka, k, b, bias, c, then),
        _ => mul_rows_any(a, ka, k, b, bias, c, blocks, then),
    }
}

/// [`mul_rows`] for rows of exactly `B` lane blocks (`c` holds exactly the rows to write).
#[inline(always)]
fn mul_rows_fixed<T: Real, const B: usize>(
    a: &[T],
    ka: usize,
    k: usize,
    b: &[[T; LANES]],
    bias: Option<&[[T; LANES]]>,
    c: &mut [[T; LANES]],
    mut then: impl RowThen<T>,
) {
    let bias: Option<&[[T; LANES]; B]> = bias.map(|s| s[..B].try_into().expect("bias of B blocks"));
    let b = &b[..k * B];
    for (r, cr) in c.chunks_exact_mut(B).enumerate() {
        let ar = &a[r * ka..r * ka + k];
        let mut acc = [[T::zero(); LANES]; B];
        for (&x, row) in ar.iter().zip(b.chunks_exact(B)) {
            for (acc, w) in acc.iter_mut().zip(row) {
                for l in 0..LANES {
                    acc[l] += x * w[l];
                }
            }
        }
        if let Some(bias) = bias {
            for (acc, bb) in acc.iter_mut().zip(bias) {
                for l in 0..LANES {
                    acc[l] += bb[l];
                }
            }
        }
        then.row(r, &mut acc);
        let cr: &mut [[T; LANES]; B] = cr.try_into().expect("rows of B blocks");
        *cr = acc;
    }
}

/// [`mul_rows`] for rows of any number of lane blocks.
#[allow(clippy::too_many_arguments)]
fn mul_rows_any<T: Real>(
    a: &[T],
    ka: usize,
    k: usize,
    b: &[[T; LANES]],
    bias: Option<&[[T; LANES]]>,
    c: &mut [[T; LANES]],
    blocks: usize,
    mut then: impl RowThen<T>,
) {
    for (r, cr) in c.chunks_exact_mut(blocks).enumerate() {
        let ar = &a[r * ka..r * ka + k];
        for (jb, out) in cr.iter_mut().enumerate() {
            let mut acc = [T::zero(); LANES];
            for (&x, row) in ar.iter().zip(b.chunks_exact(blocks)) {
                for l in 0..LANES {
                    acc[l] += x * row[jb][l];
                }
            }
            if let Some(bias) = bias {
                for l in 0..LANES {
                    acc[l] += bias[jb][l];
                }
            }
            *out = acc;
        }
        then.row(r, cr);
    }
}

/// Row-major weight gradient, for small batches: `G = A^T D` over rows `r < n`, with
/// the very same order of additions as the dot product of [`mul_transpose_left`]
/// (eight partial sums over the rows, a tail, then the same pairing), so both give
/// equal bits. `A` has rows of `ka` values (`ka` a multiple of [`LANES`], the first `k`
/// used), `D` rows of `md` values as lane blocks (the first `m` used); the lane blocks
/// run over the inputs `p`, or over the neurons `j` where that takes fewer vectors.
/// `G` is written in the layout of the weights it belongs to: `k` rows of
/// `md` values, entry `(p, j)` at `p md + j`; its other entries are left as they are.
#[allow(clippy::too_many_arguments)]
pub fn mul_transpose_left_rows<T: Real>(
    a: &[[T; LANES]],
    ka: usize,
    d: &[[T; LANES]],
    md: usize,
    n: usize,
    g: &mut [T],
    k: usize,
    m: usize,
) {
    let kb = ka / LANES;
    let (a, d) = (&a[..n * kb], &d[..n * md / LANES]);
    if kb == 1 && md == LANES {
        return gradient_narrow(a, d, g, k, m);
    }
    let d = d.as_flattened();
    if md / LANES * k < kb * m {
        // Fewer vectors with the lanes over the neurons (more neurons than inputs).
        return gradient_across_neurons(a.as_flattened(), ka, d, md, n, g, k, m);
    }
    match kb {
        1 => gradient_fixed::<T, 1>(a, d, md, n, g, k, m),
        2 => gradient_fixed::<T, 2>(a, d, md, n, g, k, m),
        3 => gradient_fixed::<T, 3>(a, d, md, n, g, k, m),
        4 => gradient_fixed::<T, 4>(a, d, md, n, g, k, m),
        5 => gradient_fixed::<T, 5>(a, d, md, n, g, k, m),
        6 => gradient_fixed::<T, 6>(a, d, md, n, g, k, m),
        7 => gradient_fixed::<T, 7>(a, d, md, n, g, k, m),
        8 => gradient_fixed::<T, 8>(a, d, md, n, g, k, m),
        _ => gradient_any(a, kb, d, md, n, g, k, m),
    }
}

/// [`mul_transpose_left_rows`] for rows of `A` of exactly `KB` lane blocks: for each
/// column `j` of `G`, one pass over the rows updates the partial sums of every input
/// at once, so each `D[r][j]` is read and broadcast once.
#[inline(always)]
fn gradient_fixed<T: Real, const KB: usize>(
    a: &[[T; LANES]],
    d: &[T],
    md: usize,
    n: usize,
    g: &mut [T],
    k: usize,
    m: usize,
) {
    let full = n / 8 * 8;
    let (body, rest) = a.split_at(full * KB);
    let g = &mut g[..(k - 1) * md + m];
    for j in 0..m {
        let dj = &d[j..];
        let mut acc = [[[T::zero(); LANES]; KB]; 8];
        for (c, eight) in body.chunks_exact(8 * KB).enumerate() {
            for (i, (row, acc)) in eight.chunks_exact(KB).zip(acc.iter_mut()).enumerate() {
                let y = dj[(c * 8 + i) * md];
                for (acc, x) in acc.iter_mut().zip(row) {
                    for l in 0..LANES {
                        acc[l] += x[l] * y;
                    }
                }
            }
        }
        let mut tail = [[T::zero(); LANES]; KB];
        for (i, row) in rest.chunks_exact(KB).enumerate() {
            let y = dj[(full + i) * md];
            for (t, x) in tail.iter_mut().zip(row) {
                for l in 0..LANES {
                    t[l] += x[l] * y;
                }
            }
        }
        let mut sum = tail;
        for (pb, sum) in sum.iter_mut().enumerate() {
            for l in 0..LANES {
                sum[l] = paired(std::array::from_fn(|i| acc[i][pb][l]), sum[l]);
            }
        }
        for (p, &s) in sum.as_flattened()[..k].iter().enumerate() {
            g[p * md + j] = s;
        }
    }
}

/// [`mul_transpose_left_rows`] for a layer of at most four inputs and four neurons:
/// `A` and `D` one lane block per row, `G` `k` rows of one block. Each entry of `G` is
/// a sum over the rows as [`eight_sums`] adds them, with the lanes over the inputs or,
/// where there are more neurons than inputs, over the neurons (fewer vectors).
fn gradient_narrow<T: Real>(a: &[[T; LANES]], d: &[[T; LANES]], g: &mut [T], k: usize, m: usize) {
    let (g, d) = (&mut g[..k * LANES], &d[..a.len()]);
    if k < m {
        for (p, row) in g.chunks_exact_mut(LANES).enumerate() {
            let sums = eight_sums(a, d, |x, y, l| x[p] * y[l]);
            // Lane by lane under a fixed count (a copy of a slice's length is a call in wasm).
            for (l, out) in row.iter_mut().enumerate() {
                if l < m {
                    *out = sums[l];
                }
            }
        }
    } else {
        for j in 0..m {
            let sums = eight_sums(a, d, |x, y, l| x[l] * y[j]);
            for (p, &sum) in sums.iter().enumerate().take(k) {
                g[p * LANES + j] = sum;
            }
        }
    }
}

/// Four sums over the rows `r` of `a` and `d` (as many rows each) of `term(a[r], d[r], l)`
/// for the lanes `l`, added in the order of [`dot`]: eight partial sums, row `r` into
/// sum `r mod 8`, over the whole groups of eight, the remaining rows into a tail, then
/// [`paired`].
#[inline(always)]
fn eight_sums<T: Real>(
    a: &[[T; LANES]],
    d: &[[T; LANES]],
    term: impl Fn(&[T; LANES], &[T; LANES], usize) -> T,
) -> [T; LANES] {
    let full = a.len() / 8 * 8;
    let mut acc = [[T::zero(); LANES]; 8];
    for (a8, d8) in a[..full].chunks_exact(8).zip(d[..full].chunks_exact(8)) {
        for (acc, (x, y)) in acc.iter_mut().zip(a8.iter().zip(d8)) {
            for (l, acc) in acc.iter_mut().enumerate() {
                *acc += term(x, y, l);
            }
        }
    }
    let mut tail = [T::zero(); LANES];
    for (x, y) in a[full..].iter().zip(&d[full..]) {
        for (l, tail) in tail.iter_mut().enumerate() {
            *tail += term(x, y, l);
        }
    }
    std::array::from_fn(|l| paired(std::array::from_fn(|i| acc[i][l]), tail[l]))
}

/// [`mul_transpose_left_rows`] with the lane blocks over the neurons `j` instead of the
/// inputs: for each input `p`, one pass over the rows updates the partial sums of
/// every neuron at once, in the same order (eight partial sums over the rows, a tail,
/// then the same pairing), so the bits are the same as the other way round.
#[allow(clippy::too_many_arguments)]
fn gradient_across_neurons<T: Real>(
    a: &[T],
    ka: usize,
    d: &[T],
    md: usize,
    n: usize,
    g: &mut [T],
    k: usize,
    m: usize,
) {
    let full = n / 8 * 8;
    for p in 0..k {
        for jb in 0..md / LANES {
            let block = |r: usize| -> [T; LANES] {
                let at = r * md + jb * LANES;
                d[at..at + LANES].try_into().expect("a lane block")
            };
            let mut acc = [[T::zero(); LANES]; 8];
            for c in (0..full).step_by(8) {
                for (i, acc) in acc.iter_mut().enumerate() {
                    let (x, y) = (a[(c + i) * ka + p], block(c + i));
                    for l in 0..LANES {
                        acc[l] += x * y[l];
                    }
                }
            }
            let mut tail = [T::zero(); LANES];
            for r in full..n {
                let (x, y) = (a[r * ka + p], block(r));
                for l in 0..LANES {
                    tail[l] += x * y[l];
                }
            }
            let lanes = LANES.min(m - jb * LANES);
            let out = &mut g[p * md + jb * LANES..p * md + jb * LANES + lanes];
            for (l, out) in out.iter_mut().enumerate() {
                *out = paired(std::array::from_fn(|i| acc[i][l]), tail[l]);
            }
        }
    }
}

/// [`mul_transpose_left_rows`] for rows of `A` of any number `kb` of lane blocks.
#[allow(clippy::too_many_arguments)]
fn gradient_any<T: Real>(
    a: &[[T; LANES]],
    kb: usize,
    d: &[T],
    md: usize,
    n: usize,
    g: &mut [T],
    k: usize,
    m: usize,
) {
    let full = n / 8;
    for j in 0..m {
        let dj = &d[j..];
        for pb in 0..k.div_ceil(LANES) {
            let ap = &a[pb..];
            let mut acc = [[T::zero(); LANES]; 8];
            for c in 0..full {
                for (i, acc) in acc.iter_mut().enumerate() {
                    let r = c * 8 + i;
                    let (x, y) = (&ap[r * kb], dj[r * md]);
                    for l in 0..LANES {
                        acc[l] += x[l] * y;
                    }
                }
            }
            let mut tail = [T::zero(); LANES];
            for r in full * 8..n {
                let (x, y) = (&ap[r * kb], dj[r * md]);
                for l in 0..LANES {
                    tail[l] += x[l] * y;
                }
            }
            for l in 0..LANES.min(k - pb * LANES) {
                g[(pb * LANES + l) * md + j] = paired(std::array::from_fn(|i| acc[i][l]), tail[l]);
            }
        }
    }
}

/// Column sums of the first `n` rows of a row-major `D` (rows of padded width, as
/// lane blocks), each added in row order from zero: the bias gradient
/// `dE/db_L = 1^T Delta_L`. Writes the first `g.len()` sums.
pub fn column_sums_rows<T: Real>(d: &[[T; LANES]], n: usize, g: &mut [T]) {
    let blocks = padded(g.len()) / LANES;
    let d = &d[..n * blocks];
    for (jb, out) in g.chunks_mut(LANES).enumerate() {
        let mut acc = [T::zero(); LANES];
        for r in 0..n {
            let x = &d[r * blocks + jb];
            for l in 0..LANES {
                acc[l] += x[l];
            }
        }
        // Lane by lane under a fixed count: a copy of a slice's length becomes a bulk
        // memory copy in wasm, which V8 runs as a call (slow for a few values).
        for (l, &sum) in acc.iter().enumerate() {
            if l < out.len() {
                out[l] = sum;
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
