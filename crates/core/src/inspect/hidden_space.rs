//! The hidden space: the training points and the input plane as a layer sees them.
//!
//! A layer `L` maps each input point `x` to its outputs `y_L(x)`, a point of an
//! `m`-dimensional space (`m` neurons). Two axes in that space give a picture: two
//! neurons' outputs `(y_i, y_j)`, or the first two principal components of the layer's
//! outputs over the training set, `((y − ȳ) · v_1, (y − ȳ) · v_2)`. Besides the
//! training points, a regular grid of the input plane is mapped and projected the same
//! way: its lines show how the layer folds and stretches the plane.
//!
//! The input layer is offered too ([`crate::Trainer::input_space`]): its "outputs" are
//! the inputs `x = y_0` themselves, so on a table of many inputs its principal
//! components show the classes in two dimensions before any layer has worked on them.
//! A table has no input plane, so its pictures have no grid.

use super::pca::principal_components;
use crate::dataset::{Targets, EXTENT};
use crate::error::Error;
use crate::evaluation::feature_row;
use crate::network::Network;
use crate::real::Real;
use crate::train::Trainer;
use nalgebra::DMatrix;
use serde::Serialize;

/// Grid lines in each direction across the plane `[-EXTENT, EXTENT]^2`.
pub const GRID_LINES: usize = 21;
/// Points each grid line is sampled at.
pub const LINE_POINTS: usize = 41;

/// The two axes of a picture of a layer's space.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axes {
    /// The outputs of two of the layer's neurons (0-based): `(y_i, y_j)`.
    Neurons(usize, usize),
    /// The first two principal components of the layer's outputs over the training set.
    Principal,
}

impl Axes {
    /// The natural axes for a layer of `neurons` neurons: the two neurons themselves
    /// for a layer of two, the principal components otherwise.
    pub fn default_for(neurons: usize) -> Axes {
        if neurons == 2 {
            Axes::Neurons(0, 1)
        } else {
            Axes::Principal
        }
    }
}

/// One axis of the picture: the coordinate is `(y − center) · direction`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Axis {
    /// What the axis is: "neuron 1" (1-based) or "PC1 (73% of variance)".
    pub label: String,
    /// The axis's unit direction in the layer's space (`e_i` for neuron `i`).
    pub direction: Vec<f64>,
    /// The share of the variance of the layer's outputs over the training set along
    /// the axis (principal components only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variance_share: Option<f64>,
}

/// The training points and the plane's grid in a layer's space, projected on two axes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HiddenSpace {
    /// The layer's index in [`crate::Network::layers`] (0 is the first hidden layer;
    /// 0 too for the input layer, see `input_layer`).
    pub layer: usize,
    /// Whether this is the input layer: the inputs `x = y_0` the network sees (the
    /// features of the plane, a table's encoded inputs) rather than a layer's outputs.
    pub input_layer: bool,
    /// The layer's number of neurons `m`.
    pub neurons: usize,
    /// The horizontal and the vertical axis.
    pub axes: [Axis; 2],
    /// The point subtracted before projecting: the mean output `ȳ` for principal
    /// components, 0 for neuron axes.
    pub center: Vec<f64>,
    /// The training points' coordinates, two per point (`u0, v0, u1, v1, ...`), in
    /// the order of the training set.
    pub points: Vec<f64>,
    /// Each training point's class (as a number) or regression target.
    pub targets: Vec<f64>,
    /// Number of classes; 0 for regression.
    pub classes: usize,
    /// The image of the input plane's grid: [`GRID_LINES`] lines `x1 = const` (from
    /// `x1 = -extent` up, each from `x2 = -extent` to `x2 = extent`), then
    /// [`GRID_LINES`] lines `x2 = const` (from `x2 = -extent` up, each from
    /// `x1 = -extent` to `x1 = extent`), each a polyline of [`LINE_POINTS`] points
    /// as coordinates `u, v` in turn. Empty on a table: it has no input plane.
    pub grid: Vec<Vec<f64>>,
    /// The half-width of the input plane the grid covers.
    pub extent: f64,
}

/// The input point of grid vertex `i`: line `i / LINE_POINTS` (the first
/// [`GRID_LINES`] with `x1` fixed, then those with `x2` fixed), point `i % LINE_POINTS`
/// along it.
fn grid_point(i: usize) -> (f64, f64) {
    let at = |k: usize, of: usize| -EXTENT + 2.0 * EXTENT * k as f64 / (of - 1) as f64;
    let (line, along) = (i / LINE_POINTS, i % LINE_POINTS);
    let (fixed, moving) = (at(line % GRID_LINES, GRID_LINES), at(along, LINE_POINTS));
    if line < GRID_LINES {
        (fixed, moving)
    } else {
        (moving, fixed)
    }
}

/// The projection on two axes: `((y − center) · d_1, (y − center) · d_2)`, or the two
/// neurons' outputs themselves.
enum Projection {
    Neurons(usize, usize),
    Principal { center: Vec<f64>, directions: [Vec<f64>; 2] },
}

impl Projection {
    /// The coordinates of the point whose layer outputs are `y(k)`, `k < m`.
    fn project(&self, y: impl Fn(usize) -> f64) -> (f64, f64) {
        match self {
            Projection::Neurons(i, j) => (y(*i), y(*j)),
            Projection::Principal { center, directions } => {
                let dot =
                    |d: &[f64]| d.iter().zip(center).enumerate().map(|(k, (d, c))| d * (y(k) - c)).sum();
                (dot(&directions[0]), dot(&directions[1]))
            }
        }
    }
}

/// The outputs `Y_L` of layer `layer` of `network` for every training sample, as an
/// `n x m` matrix.
fn layer_outputs<T: Real>(trainer: &mut Trainer<T>, layer: usize) -> DMatrix<f64> {
    let (network, data, evaluator) = trainer.training_evaluation();
    let network: &Network<T> = network;
    let mut out = DMatrix::zeros(data.len(), network.layers[layer].neurons());
    evaluator.forward_chunks(network, &data.inputs, |buffers, start, rows| {
        let y = &buffers.outputs[layer];
        for c in 0..y.ncols() {
            for r in 0..rows {
                out[(start + r, c)] = y[(r, c)].to_f64();
            }
        }
    });
    out
}

impl<T: Real> Trainer<T> {
    /// The training points and the image of a regular grid of the input plane
    /// ([`GRID_LINES`] lines each way across `[-EXTENT, EXTENT]^2`, each sampled at
    /// [`LINE_POINTS`] points) in the space of layer `layer`'s outputs `Y_L` (0 is the
    /// first hidden layer, the last is the output layer), projected on `axes`: two
    /// neurons `(y_i, y_j)`, or the first two principal components of the layer's
    /// outputs over the training set, `((y − ȳ) · v_1, (y − ȳ) · v_2)`.
    /// Errors when the layer or a neuron does not exist.
    pub fn hidden_space(&mut self, layer: usize, axes: Axes) -> Result<HiddenSpace, Error> {
        let layers = self.network().layers.len();
        let m = match self.network().layers.get(layer) {
            Some(l) => l.neurons(),
            None => {
                return Err(Error::whole(format!(
                    "there is no layer {layer}: the network's layers are 0 to {}",
                    layers.saturating_sub(1)
                )))
            }
        };
        let outputs = layer_outputs(self, layer);
        let names = (0..m).map(|k| format!("neuron {}", k + 1)).collect();
        let mut space = self.project(outputs, axes, names, Some(layer))?;
        space.layer = layer;
        Ok(space)
    }

    /// The training points as the input layer holds them, `x = y_0` (the features of
    /// the plane, or a table's encoded inputs), projected on two inputs (`Axes::Neurons`
    /// counts inputs) or on the first two principal components of the inputs over the
    /// training set; on the plane with the image of its grid. Errors when an input
    /// does not exist.
    pub fn input_space(&mut self, axes: Axes) -> Result<HiddenSpace, Error> {
        let inputs = self.training_matrices().0.map(|v| v.to_f64());
        let names = match self.dataset().table.as_deref() {
            Some(prepared) => prepared.encoder.input_names(),
            None => self.config().features.iter().map(|f| f.label().to_string()).collect(),
        };
        let mut space = self.project(inputs, axes, names, None)?;
        space.input_layer = true;
        Ok(space)
    }

    /// The picture of `outputs` (a row per training point, a column per unit named by
    /// `names`) on `axes`, with the grid of the plane through layer `layer` (`None`:
    /// the input layer), or no grid on a table.
    fn project(
        &mut self,
        outputs: DMatrix<f64>,
        axes: Axes,
        names: Vec<String>,
        layer: Option<usize>,
    ) -> Result<HiddenSpace, Error> {
        let m = outputs.ncols();
        let unit = |i: usize| (0..m).map(|k| if k == i { 1.0 } else { 0.0 }).collect::<Vec<f64>>();
        let (projection, axes, center) = match axes {
            Axes::Neurons(i, j) => {
                if let Some(&bad) = [i, j].iter().find(|&&k| k >= m) {
                    let what = if layer.is_some() { "neuron" } else { "input" };
                    return Err(Error::whole(format!(
                        "{} has no {what} {bad}: its {what}s are 0 to {}",
                        layer.map_or_else(|| "the input layer".to_string(), |l| format!("layer {l}")),
                        m.saturating_sub(1)
                    )));
                }
                let axis =
                    |k: usize| Axis { label: names[k].clone(), direction: unit(k), variance_share: None };
                (Projection::Neurons(i, j), [axis(i), axis(j)], vec![0.0; m])
            }
            Axes::Principal => {
                let pc = principal_components(&outputs);
                let direction = |k: usize| pc.directions.get(k).cloned().unwrap_or_else(|| vec![0.0; m]);
                let share = |k: usize| pc.shares.get(k).copied().unwrap_or(0.0);
                let axis = |k: usize| Axis {
                    label: format!("PC{} ({:.0}% of variance)", k + 1, 100.0 * share(k)),
                    direction: direction(k),
                    variance_share: Some(share(k)),
                };
                let directions = [direction(0), direction(1)];
                let projection = Projection::Principal { center: pc.mean.clone(), directions };
                (projection, [axis(0), axis(1)], pc.mean)
            }
        };
        let mut points = Vec::with_capacity(2 * outputs.nrows());
        for r in 0..outputs.nrows() {
            let (u, v) = projection.project(|k| outputs[(r, k)]);
            points.extend([u, v]);
        }
        let grid =
            if self.dataset().table.is_some() { Vec::new() } else { self.grid_image(&projection, layer) };
        let dataset = self.dataset();
        let classes = match dataset.targets {
            Targets::Classes { classes } => classes,
            Targets::Regression => 0,
        };
        Ok(HiddenSpace {
            layer: 0,
            input_layer: false,
            neurons: m,
            axes,
            center,
            points,
            targets: dataset.train.iter().map(|s| s.target).collect(),
            classes,
            grid,
            extent: EXTENT,
        })
    }

    /// The plane's grid lines through layer `layer` (`None`: as the input layer holds
    /// them, the features of each point), projected.
    fn grid_image(&mut self, projection: &Projection, layer: Option<usize>) -> Vec<Vec<f64>> {
        let vertices = 2 * GRID_LINES * LINE_POINTS;
        let mut flat = vec![0.0; 2 * vertices];
        let features = self.config().features.clone();
        match layer {
            Some(layer) => {
                let (network, _, evaluator) = self.training_evaluation();
                evaluator.forward_points(network, &features, vertices, grid_point, |buffers, start, rows| {
                    let y = &buffers.outputs[layer];
                    for r in 0..rows {
                        let (u, v) = projection.project(|k| y[(r, k)].to_f64());
                        flat[2 * (start + r)] = u;
                        flat[2 * (start + r) + 1] = v;
                    }
                });
            }
            None => {
                let mut x = vec![0.0; features.len()];
                for (i, uv) in flat.chunks_exact_mut(2).enumerate() {
                    let (x1, x2) = grid_point(i);
                    feature_row::<f64>(&features, x1, x2, |c, v| x[c] = v);
                    let (u, v) = projection.project(|k| x[k]);
                    uv.copy_from_slice(&[u, v]);
                }
            }
        }
        flat.chunks(2 * LINE_POINTS).map(<[f64]>::to_vec).collect()
    }
}
