//! Closed-form least squares for the linear network (no hidden layer, linear output):
//! `W = (X^T X)^-1 X^T D`, with the bias as an extra input fixed at 1.
//!
//! The normal equations are never formed: the solve goes through the singular value
//! decomposition `X = U S V^T`, giving `W = V S^-1 U^T D`, which is accurate even
//! when `X^T X` is badly conditioned, and tells when it is singular.

use crate::activation::Activation;
use crate::error::Error;
use crate::real::Real;
use crate::train::Trainer;
use nalgebra::DMatrix;

/// Singular values below this fraction of the largest count as zero.
const RANK_TOLERANCE: f64 = 1e-10;

/// Solves `min_W ||[X | 1] W - D||^2` for inputs `x` (rows are samples) and targets `d`.
/// Returns the weights (one row per input) and the bias row.
pub fn solve(x: &DMatrix<f64>, d: &DMatrix<f64>) -> Result<(DMatrix<f64>, DMatrix<f64>), Error> {
    let (n, f) = x.shape();
    let mut design = DMatrix::from_element(n, f + 1, 1.0);
    design.view_mut((0, 0), (n, f)).copy_from(x);
    if n < f + 1 {
        return Err(Error::whole(format!(
            "X^T X is singular: {n} training samples cannot determine {} weights per output.",
            f + 1
        )));
    }
    let svd = design.svd(true, true);
    let largest = svd.singular_values.max();
    let smallest = svd.singular_values.min();
    if largest.is_nan() || largest <= 0.0 || smallest <= RANK_TOLERANCE * largest {
        return Err(Error::whole(
            "X^T X is singular: the input features are linearly dependent on this data \
             (for example a feature that is constant, or the sum of others), so the \
             least-squares weights are not unique."
                .to_string(),
        ));
    }
    let w = svd.solve(d, 0.0).map_err(|e| Error::whole(format!("the solve failed: {e}")))?;
    let weights = w.rows(0, f).into_owned();
    let bias = w.rows(f, 1).into_owned();
    Ok((weights, bias))
}

impl<T: Real> Trainer<T> {
    /// Replaces the weights of a linear network (no hidden layer, linear output) by
    /// the least-squares solution on the training set.
    pub fn solve_least_squares(&mut self) -> Result<(), Error> {
        let layers = &self.network().layers;
        if layers.len() != 1 || layers[0].activation != Activation::Linear {
            return Err(Error::whole(
                "Least squares solves the linear network only: set 0 hidden layers and a \
                 linear output activation."
                    .to_string(),
            ));
        }
        let (x, d) = self.training_matrices();
        let x = x.map(|v| v.to_f64());
        let d = d.map(|v| v.to_f64());
        let (weights, bias) = solve(&x, &d)?;
        let layer = &mut self.network_mut().layers[0];
        layer.weights = weights.map(T::of);
        layer.bias = bias.map(T::of);
        self.resume();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_hand_computed_normal_equations() {
        // y = 2 x + 1 exactly through (0,1), (1,3), (2,5); a line has a unique fit.
        let x = DMatrix::from_row_slice(3, 1, &[0.0, 1.0, 2.0]);
        let d = DMatrix::from_row_slice(3, 1, &[1.0, 3.0, 5.0]);
        let (w, b) = solve(&x, &d).expect("solvable");
        assert!((w[(0, 0)] - 2.0).abs() < 1e-12 && (b[(0, 0)] - 1.0).abs() < 1e-12);

        // Noisy case: (0,0), (1,1), (2,1), (3,3). Normal equations by hand:
        // X^T X = [[14, 6], [6, 4]], X^T d = [16, 5] -> w = 0.9, b = -0.1.
        let x = DMatrix::from_row_slice(4, 1, &[0.0, 1.0, 2.0, 3.0]);
        let d = DMatrix::from_row_slice(4, 1, &[0.0, 1.0, 1.0, 3.0]);
        let (w, b) = solve(&x, &d).expect("solvable");
        assert!((w[(0, 0)] - 0.9).abs() < 1e-12, "{w}");
        assert!((b[(0, 0)] + 0.1).abs() < 1e-12, "{b}");
    }

    #[test]
    fn reports_singular_systems() {
        // Second feature is twice the first: X^T X is singular.
        let x = DMatrix::from_row_slice(3, 2, &[1.0, 2.0, 2.0, 4.0, 3.0, 6.0]);
        let d = DMatrix::from_row_slice(3, 1, &[1.0, 2.0, 3.0]);
        let err = solve(&x, &d).expect_err("singular");
        assert!(err.to_string().contains("singular"));
    }
}
