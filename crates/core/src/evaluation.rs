//! Evaluation: running a network over data without changing it, for the loss, the
//! metrics, the output over the plane and single predictions.
//!
//! Samples are coded once into matrices ([`Data`]: features as inputs, targets as the
//! outputs the network should produce). An [`Evaluator`] owns the buffers of the
//! forward pass `Xi_L = Y_{L-1} W_L + 1 b_L`, `Y_L = f_L(Xi_L)` for [`EVAL_CHUNK`] rows
//! and runs any network of the shape it was built for over data of any size, chunk
//! by chunk, so evaluating allocates nothing.

use crate::activation::Activation;
use crate::dataset::{Sample, Targets, EXTENT};
use crate::encoding::{fit, Encoded, Prepared, TableConfig};
use crate::features::Feature;
use crate::loss::Loss;
use crate::metrics::{FitSums, Metrics, OutputFit};
use crate::network::{Buffers, Network};
use crate::real::Real;
use crate::table::Table;
use crate::table_csv::write_rows;
use nalgebra::{DMatrix, DMatrixView};

/// Rows evaluated at once when computing losses, metrics and grids.
pub const EVAL_CHUNK: usize = 256;

/// Samples as matrices, one sample per row: the inputs `X` (one column per feature)
/// and the coded targets `D` (one column per output).
#[derive(Clone, Debug)]
pub struct Data<T: Real> {
    /// Inputs `X`: row `r` holds the features of sample `r`.
    pub inputs: DMatrix<T>,
    /// Coded targets `D`: row `r` holds the outputs sample `r` should produce.
    pub targets: DMatrix<T>,
}

impl<T: Real> Data<T> {
    /// Codes the plane's `samples`: as the table of two numeric columns `x1`, `x2`
    /// ([`Table::plane`], coded as they are by [`TableConfig::plane`]), then
    /// [`Data::from_encoded`] with the input `features` of `(x1, x2)`.
    pub fn code(
        samples: &[Sample],
        features: &[Feature],
        targets: Targets,
        range: (f64, f64),
        outputs: usize,
    ) -> Self {
        let table = Table::plane(samples, targets);
        let rows: Vec<usize> = (0..samples.len()).collect();
        match fit(table, &TableConfig::plane(), rows, Vec::new()) {
            Ok(prepared) => Data::from_encoded(&prepared.train, Some(features), range, outputs),
            // An empty or malformed set of points: no rows.
            Err(_) => Data { inputs: DMatrix::zeros(0, features.len()), targets: DMatrix::zeros(0, outputs) },
        }
    }

    /// The matrices of an encoded split: `X` its inputs (or, given the plane's
    /// `features`, those features of its two columns `(x1, x2)`), `D` its scaled
    /// numbers, or its classes coded as `outputs` columns with [`code_class`] (`range`
    /// is the output activation's target range).
    pub fn from_encoded(
        encoded: &Encoded,
        features: Option<&[Feature]>,
        range: (f64, f64),
        outputs: usize,
    ) -> Self {
        let n = encoded.rows.len();
        let x = &encoded.inputs;
        let inputs = match features {
            Some(features) => {
                let mut inputs = DMatrix::zeros(n, features.len());
                for r in 0..n {
                    feature_row(features, x[(r, 0)], x[(r, 1)], |c, v| inputs[(r, c)] = v);
                }
                inputs
            }
            None => x.map(T::of),
        };
        let targets = if encoded.values.ncols() > 0 {
            encoded.values.map(T::of)
        } else {
            let mut coded = DMatrix::zeros(n, outputs);
            let mut row = vec![T::zero(); outputs];
            for (r, &class) in encoded.classes.iter().enumerate() {
                code_class(class, range, &mut row);
                for (j, &v) in row.iter().enumerate() {
                    coded[(r, j)] = v;
                }
            }
            coded
        };
        Data { inputs, targets }
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.inputs.nrows()
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Codes a sample's target as the output row `d` the network should produce: the
/// value itself for regression; for classes, `hi` on the class's output and `lo`
/// elsewhere (a single output holds `hi` for class 1 and `lo` for class 0), where
/// `range = (lo, hi)`.
pub fn code_target<T: Real>(targets: Targets, range: (f64, f64), outputs: usize, s: &Sample, row: &mut [T]) {
    match targets {
        Targets::Regression => row[0] = T::of(s.target),
        Targets::Classes { .. } => code_class(s.target as usize, range, &mut row[..outputs]),
    }
}

/// Codes class `class` as the output row `d`: with one output, `hi` for class 1 and
/// `lo` otherwise; with several, `d_j = hi` for `j = class` and `lo` elsewhere
/// (`range = (lo, hi)`: 0/1 for sigmoid and softmax, −1/1 for tanh, as the slide codes
/// cat / dog / parrot / carp).
pub fn code_class<T: Real>(class: usize, range: (f64, f64), row: &mut [T]) {
    if row.len() == 1 {
        row[0] = T::of(if class == 1 { range.1 } else { range.0 });
    } else {
        for (j, v) in row.iter_mut().enumerate() {
            *v = T::of(if j == class { range.1 } else { range.0 });
        }
    }
}

/// Writes the features of `(x1, x2)` into a row of inputs: `put(c, feature_c(x1, x2))`.
pub fn feature_row<T: Real>(features: &[Feature], x1: f64, x2: f64, mut put: impl FnMut(usize, T)) {
    for (c, f) in features.iter().enumerate() {
        put(c, T::of(f.value(x1, x2)));
    }
}

/// The buffers for evaluating a network [`EVAL_CHUNK`] rows at a time: an input
/// block for points of the plane and the forward pass's `Xi_L` and `Y_L`.
/// Every method takes the network to evaluate; it must have the shape the evaluator
/// was built for.
#[derive(Clone, Debug)]
pub struct Evaluator<T: Real> {
    /// Inputs of up to [`EVAL_CHUNK`] points of the plane (grids, predictions).
    inputs: DMatrix<T>,
    /// Forward-pass buffers for [`EVAL_CHUNK`] rows.
    buffers: Buffers<T>,
}

impl<T: Real> Evaluator<T> {
    /// Allocates the buffers for networks shaped like `network`.
    pub fn new(network: &Network<T>) -> Self {
        Evaluator {
            inputs: DMatrix::zeros(EVAL_CHUNK, network.inputs()),
            buffers: network.buffers(EVAL_CHUNK),
        }
    }

    /// Runs `network` on every sample of `data` in chunks, handing each chunk's
    /// outputs `Y` and targets `D` to `visit`.
    fn evaluate(
        &mut self,
        network: &Network<T>,
        data: &Data<T>,
        mut visit: impl FnMut(DMatrixView<T>, DMatrixView<T>),
    ) {
        let n = data.len();
        let mut start = 0;
        while start < n {
            let rows = EVAL_CHUNK.min(n - start);
            network.forward(&data.inputs, start, rows, &mut self.buffers);
            let outputs = self.buffers.outputs.last().map(|y| y.rows(0, rows));
            if let Some(y) = outputs {
                visit(y, data.targets.rows(start, rows));
            }
            start += rows;
        }
    }

    /// Runs `network` on the rows of `inputs` in chunks of [`EVAL_CHUNK`], handing
    /// `visit` each chunk's forward-pass buffers (`Xi_L` and `Y_L` of every layer,
    /// valid in their first `rows` rows), the chunk's first row `start` and `rows`.
    pub fn forward_chunks(
        &mut self,
        network: &Network<T>,
        inputs: &DMatrix<T>,
        mut visit: impl FnMut(&Buffers<T>, usize, usize),
    ) {
        let n = inputs.nrows();
        let mut start = 0;
        while start < n {
            let rows = EVAL_CHUNK.min(n - start);
            network.forward(inputs, start, rows, &mut self.buffers);
            visit(&self.buffers, start, rows);
            start += rows;
        }
    }

    /// Runs `network` on `count` points of the plane, point `i` at `point(i) = (x1, x2)`
    /// with inputs `features`, in chunks of [`EVAL_CHUNK`], handing `visit` each
    /// chunk's forward-pass buffers, its first point `start` and its `rows`.
    pub fn forward_points(
        &mut self,
        network: &Network<T>,
        features: &[Feature],
        count: usize,
        point: impl Fn(usize) -> (f64, f64),
        mut visit: impl FnMut(&Buffers<T>, usize, usize),
    ) {
        let mut start = 0;
        while start < count {
            let rows = EVAL_CHUNK.min(count - start);
            for r in 0..rows {
                let (x1, x2) = point(start + r);
                let features = &features[..features.len().min(self.inputs.ncols())];
                feature_row(features, x1, x2, |c, v| self.inputs[(r, c)] = v);
            }
            network.forward(&self.inputs, 0, rows, &mut self.buffers);
            visit(&self.buffers, start, rows);
            start += rows;
        }
    }

    /// The loss `E = sum_p e(y_p, d_p)` of `network` on `data` (divided by the number
    /// of samples for a mean loss), without any weight penalty; NaN for no data.
    pub fn loss(&mut self, network: &Network<T>, loss: Loss, data: &Data<T>) -> f64 {
        let n = data.len();
        if n == 0 {
            return f64::NAN;
        }
        let mut total = 0.0;
        self.evaluate(network, data, |y, d| {
            total += (0..y.nrows())
                .map(|r| loss.sample(y.row(r).iter().copied(), d.row(r).iter().copied()))
                .sum::<f64>();
        });
        if loss.is_mean() {
            total / n as f64
        } else {
            total
        }
    }

    /// Accuracy and confusion matrix (classification) or R² (regression), and the mean
    /// squared error against the coded targets, of `network` on `data`, coded from `samples` (same order) with targets of kind `targets` and
    /// the output activation's target `range`.
    pub fn metrics(
        &mut self,
        network: &Network<T>,
        data: &Data<T>,
        samples: &[Sample],
        targets: Targets,
        range: (f64, f64),
    ) -> Metrics {
        let mut metrics = Metrics::new(targets);
        let mut r = 0;
        self.evaluate(network, data, |y, d| {
            for row in 0..y.nrows() {
                let out = y.row(row);
                metrics.add(samples[r].target, out.iter().map(|v| v.to_f64()), range);
                metrics.add_error(
                    out.iter().map(|v| v.to_f64()),
                    d.row(row).iter().map(|v| v.to_f64()),
                    range,
                );
                r += 1;
            }
        });
        metrics.finish()
    }

    /// Each output's fit on `data` in the targets' own units: outputs and targets
    /// (both in training units) taken back through `unscale(j, value)` for output `j`.
    pub fn output_fits(
        &mut self,
        network: &Network<T>,
        data: &Data<T>,
        names: &[String],
        unscale: impl Fn(usize, f64) -> f64,
    ) -> Vec<OutputFit> {
        let mut sums = FitSums::new(network.outputs());
        self.evaluate(network, data, |y, d| {
            for row in 0..y.nrows() {
                let (yr, dr) = (y.row(row), d.row(row));
                let pairs = yr.iter().zip(dr.iter()).enumerate();
                sums.add(pairs.map(|(j, (y, d))| (unscale(j, y.to_f64()), unscale(j, d.to_f64()))));
            }
        });
        sums.finish(names)
    }

    /// Evaluates `network` over a `width x height` grid of the input plane
    /// `[-EXTENT, EXTENT]^2` (cell centres; row 0 is the top, `x2 = +EXTENT`) with
    /// inputs `features` and writes the outputs, `outputs()` values per cell, row by row
    /// into `out`. If `neurons` is given, it also receives every hidden and output
    /// neuron's output, neuron by neuron (`width * height` values each, in layer order).
    /// Values that do not fit in `out` or `neurons` are dropped.
    pub fn fill_grid(
        &mut self,
        network: &Network<T>,
        features: &[Feature],
        width: usize,
        height: usize,
        out: &mut [f32],
        mut neurons: Option<&mut [f32]>,
    ) {
        let cells = width * height;
        let m = network.outputs();
        let cell = |i: usize| {
            let (col, row) = (i % width, i / width);
            let x1 = -EXTENT + (col as f64 + 0.5) * 2.0 * EXTENT / width as f64;
            let x2 = EXTENT - (row as f64 + 0.5) * 2.0 * EXTENT / height as f64;
            (x1, x2)
        };
        let mut start = 0;
        while start < cells {
            let rows = EVAL_CHUNK.min(cells - start);
            let ld = self.inputs.nrows();
            let width = self.inputs.ncols();
            let inputs = self.inputs.as_mut_slice();
            for (c, f) in features.iter().take(width).enumerate() {
                let f = *f;
                for (r, v) in inputs[c * ld..c * ld + rows].iter_mut().enumerate() {
                    let (x1, x2) = cell(start + r);
                    *v = T::of(f.value(x1, x2));
                }
            }
            network.forward(&self.inputs, 0, rows, &mut self.buffers);
            if let Some(y) = self.buffers.outputs.last() {
                for r in 0..rows {
                    for j in 0..m {
                        if let Some(o) = out.get_mut((start + r) * m + j) {
                            *o = y[(r, j)].to_f32();
                        }
                    }
                }
            }
            if let Some(neurons) = neurons.as_deref_mut() {
                let mut base = 0;
                for y in &self.buffers.outputs {
                    for j in 0..y.ncols() {
                        for r in 0..rows {
                            if let Some(o) = neurons.get_mut(base + start + r) {
                                *o = y[(r, j)].to_f32();
                            }
                        }
                        base += cells;
                    }
                }
            }
            start += rows;
        }
    }

    /// The outputs `y` of `network` for the point `(x1, x2)` of the plane with inputs
    /// `features`.
    pub fn predict(&mut self, network: &Network<T>, features: &[Feature], x1: f64, x2: f64) -> Vec<f64> {
        let features = &features[..features.len().min(self.inputs.ncols())];
        feature_row(features, x1, x2, |c, v| self.inputs[(0, c)] = v);
        network.forward(&self.inputs, 0, 1, &mut self.buffers);
        self.buffers.outputs.last().map(|y| y.row(0).iter().map(|v| v.to_f64()).collect()).unwrap_or_default()
    }
}
/// A split of a prepared table as the network sees it, as CSV: the encoded inputs `X`
/// (named as [`crate::encoding::Encoder::input_names`]) and the coded targets `D`
/// for output activation `activation`, one row per sample.
pub fn write_encoded(prepared: &Prepared, train: bool, activation: Activation) -> String {
    let target = &prepared.encoder.target;
    let outputs = target.outputs(activation);
    let split = if train { &prepared.train } else { &prepared.test };
    let data: Data<f64> = Data::from_encoded(split, None, activation.target_range(), outputs);
    let header = prepared
        .encoder
        .input_names()
        .into_iter()
        .chain(target.output_names(outputs).into_iter().map(|n| format!("target: {n}")))
        .collect();
    let rows = (0..data.len()).map(|r| {
        data.inputs.row(r).iter().chain(data.targets.row(r).iter()).map(|v| format!("{v}")).collect()
    });
    write_rows(header, rows)
}
