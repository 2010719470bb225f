//! A matrix as plain data for the page: its shape and its entries row by row.

use crate::real::Real;
use nalgebra::DMatrixView;
use serde::Serialize;

/// A `rows x cols` matrix of `f64`, entries row by row: entry `(r, c)` is
/// `data[r * cols + c]`. Serialized as `{"rows": .., "cols": .., "data": [..]}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Matrix {
    /// Number of rows.
    pub rows: usize,
    /// Number of columns.
    pub cols: usize,
    /// The entries, row by row (`rows * cols` of them).
    pub data: Vec<f64>,
}

impl Matrix {
    /// Copies a matrix (or a block of one, such as the first rows of a buffer).
    pub fn of<T: Real>(m: DMatrixView<'_, T>) -> Matrix {
        let (rows, cols) = m.shape();
        let data = (0..rows).flat_map(|r| (0..cols).map(move |c| (r, c))).map(|rc| m[rc].to_f64()).collect();
        Matrix { rows, cols, data }
    }

    /// The entry-by-entry difference `self - before` (same shape), in `f64`.
    pub fn minus(&self, before: &Matrix) -> Matrix {
        let data = self.data.iter().zip(&before.data).map(|(a, b)| a - b).collect();
        Matrix { rows: self.rows, cols: self.cols, data }
    }

    /// Entry `(r, c)`.
    pub fn get(&self, r: usize, c: usize) -> f64 {
        self.data[r * self.cols + c]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::DMatrix;

    #[test]
    fn entries_are_stored_row_by_row() {
        let m = DMatrix::from_row_slice(3, 2, &[1.0_f32, 2.0, 3.0, 4.0, 5.0, 6.0]);
        let top = Matrix::of(m.rows(0, 2));
        assert_eq!(top, Matrix { rows: 2, cols: 2, data: vec![1.0, 2.0, 3.0, 4.0] });
        assert_eq!(top.get(1, 0), 3.0);
        let json = serde_json::to_string(&top).expect("json");
        assert_eq!(json, r#"{"rows":2,"cols":2,"data":[1.0,2.0,3.0,4.0]}"#);
        assert_eq!(Matrix::of(m.as_view()).minus(&Matrix::of(m.as_view())).data, vec![0.0; 6]);
    }
}
