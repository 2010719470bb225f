//! Principal components of a cloud of points: the directions along which it
//! spreads most.
//!
//! For points `y_p` (rows of `Y`, `n` of them, `m` coordinates): the mean
//! `ȳ = 1/n Σ_p y_p`, the covariance `C = 1/(n−1) Σ_p (y_p − ȳ)(y_p − ȳ)ᵀ` (`m x m`),
//! and its eigen-decomposition `C v_k = λ_k v_k` (symmetric, so real with orthonormal
//! `v_k`). Sorted by `λ_1 ≥ λ_2 ≥ ...`, `v_1` is the direction of largest variance
//! and `λ_k / Σ_i λ_i` the share of the variance along `v_k`.

use nalgebra::{DMatrix, SymmetricEigen};

/// The eigen-decomposition gives up after this many iterations (a few dozen suffice
/// for the matrices here, at most 32 x 32).
const MAX_ITERATIONS: usize = 10_000;

/// The principal components of a cloud of points, largest variance first.
#[derive(Clone, Debug, PartialEq)]
pub struct Principal {
    /// The mean `ȳ` of the points.
    pub mean: Vec<f64>,
    /// The unit directions `v_k`, largest variance first; each is oriented so that its
    /// largest entry (in absolute value, the first of equals) is positive.
    pub directions: Vec<Vec<f64>>,
    /// The variance `λ_k` along each direction.
    pub variances: Vec<f64>,
    /// The share `λ_k / Σ_i λ_i` of the total variance along each direction (0 when
    /// the points do not spread at all).
    pub shares: Vec<f64>,
}

/// The principal components of the rows of `points` (see the module's text). With
/// fewer than two points, points that do not spread, or a coordinate that is not
/// finite, every variance is 0 and the directions are the coordinate axes.
pub fn principal_components(points: &DMatrix<f64>) -> Principal {
    let (n, m) = points.shape();
    let mean: Vec<f64> = (0..m).map(|c| if n == 0 { 0.0 } else { points.column(c).mean() }).collect();
    let mut centered = points.clone();
    for (c, &mu) in mean.iter().enumerate() {
        centered.column_mut(c).add_scalar_mut(-mu);
    }
    let covariance = centered.transpose() * &centered / (n.max(2) - 1) as f64;
    // Not `symmetric_eigen()`, which iterates without limit and never ends on NaN.
    let eigen = if covariance.iter().all(|c| c.is_finite()) {
        SymmetricEigen::try_new(covariance, f64::EPSILON, MAX_ITERATIONS)
    } else {
        None
    };
    let (values, vectors) = match eigen {
        Some(e) => (e.eigenvalues.as_slice().to_vec(), e.eigenvectors),
        None => (vec![0.0; m], DMatrix::identity(m, m)),
    };
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    let variances: Vec<f64> = order.iter().map(|&k| values[k].max(0.0)).collect();
    let total: f64 = variances.iter().sum();
    let spread = total > 0.0 && total.is_finite();
    let directions = order
        .iter()
        .enumerate()
        .map(|(rank, &k)| {
            if !spread {
                return (0..m).map(|i| if i == rank { 1.0 } else { 0.0 }).collect();
            }
            let v = vectors.column(k);
            let peak = (0..m).fold(0, |best, i| if v[i].abs() > v[best].abs() { i } else { best });
            let sign = if v[peak] < 0.0 { -1.0 } else { 1.0 };
            v.iter().map(|x| sign * x).collect()
        })
        .collect();
    let shares = variances.iter().map(|v| if spread { v / total } else { 0.0 }).collect();
    Principal { mean, directions, variances: if spread { variances } else { vec![0.0; m] }, shares }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_on_a_line_have_one_component_along_it() {
        // y = (1, 2, 3) s + (5, 0, -1) for s in -2..=2.
        let points =
            DMatrix::from_fn(5, 3, |r, c| (r as f64 - 2.0) * [1.0, 2.0, 3.0][c] + [5.0, 0.0, -1.0][c]);
        let p = principal_components(&points);
        assert_eq!(p.mean.len(), 3);
        assert!((p.mean[0] - 5.0).abs() < 1e-12 && (p.mean[2] + 1.0).abs() < 1e-12);
        let norm = 14f64.sqrt();
        for (got, want) in p.directions[0].iter().zip([1.0 / norm, 2.0 / norm, 3.0 / norm]) {
            assert!((got - want).abs() < 1e-12, "{:?}", p.directions[0]);
        }
        assert!((p.shares[0] - 1.0).abs() < 1e-12 && p.shares[1].abs() < 1e-12);
        // Variance of s (2.5 with 1/(n-1)) times |(1, 2, 3)|^2 = 14.
        assert!((p.variances[0] - 2.5 * 14.0).abs() < 1e-9);
    }

    #[test]
    fn components_are_sorted_orthonormal_and_share_the_variance() {
        let points = DMatrix::from_fn(40, 4, |r, c| ((r * (c + 2)) as f64 * 0.7).sin() * (c + 1) as f64);
        let p = principal_components(&points);
        assert!(p.variances.windows(2).all(|w| w[0] >= w[1]));
        assert!((p.shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        for a in 0..4 {
            for b in 0..4 {
                let dot: f64 = p.directions[a].iter().zip(&p.directions[b]).map(|(x, y)| x * y).sum();
                assert!((dot - if a == b { 1.0 } else { 0.0 }).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn a_cloud_that_does_not_spread_gets_the_coordinate_axes() {
        let p = principal_components(&DMatrix::from_element(3, 2, 4.0));
        assert_eq!(p.directions, vec![vec![1.0, 0.0], vec![0.0, 1.0]]);
        assert_eq!(p.shares, vec![0.0, 0.0]);
        assert_eq!(principal_components(&DMatrix::zeros(0, 2)).mean, vec![0.0, 0.0]);
        let diverged = DMatrix::from_row_slice(2, 2, &[1.0, f64::NAN, 2.0, 3.0]);
        assert_eq!(principal_components(&diverged).shares, vec![0.0, 0.0]);
    }
}
