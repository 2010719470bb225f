// @ts-check
// The network diagram: one column per layer, each neuron a small heatmap of its own
// output over the plane, each link coloured by its weight's sign and as thick as its
// size. It also answers where things are: `hit(x, y)` names the neuron or link under a
// point, `targets()` lists where each one can be clicked, `parameter(target)` gives the
// weight or bias behind one. The tooltip and the weight editor (their DOM) are elsewhere.
//
// Links are cubic curves from the right edge of one box to the left edge of the next,
// with control points half-way across at each end's height.

import { css, LOW, HIGH } from '../lib/colors.js';
import { neuronScale } from '../lib/scales.js';
import { fitCanvas } from '../lib/canvas.js';
import { forEachLink, weightIndex } from '../lib/weights.js';
import { paintGrid } from './output-view.js';

/**
 * What the diagram needs of a run.
 * @typedef {object} DiagramRun
 * @property {number[]} shape              widths of all layers, inputs first
 * @property {string[]} featureLabels      the input boxes' labels
 * @property {{lo: number, hi: number}} mode  the output's colour range
 * @property {ArrayLike<number>} [layerRanges]  each layer's output range (lo, hi pairs; NaN: unbounded)
 */

/**
 * What the diagram needs of a frame.
 * @typedef {object} DiagramFrame
 * @property {Float32Array} [weights]    every weight and bias (lib/weights.js)
 * @property {Float32Array} [neurons]    each hidden and output neuron's output, `neuronSide`² values each
 * @property {number} [neuronSide]
 */

/**
 * Where the last drawing put things, in canvas CSS pixels.
 * @typedef {object} Layout
 * @property {number[]} shape
 * @property {number[][][]} pos          `pos[l][j]`: the centre [x, y] of neuron j of column l
 * @property {number} node               side of a neuron's box
 * @property {Float32Array | null} weights  the weights drawn (null: none yet)
 */

/**
 * A neuron (column `l`, index `j`) or the link from neuron `i` of column `l - 1` to
 * neuron `j` of column `l`.
 * @typedef {{kind: 'neuron', l: number, j: number} | {kind: 'link', l: number, i: number, j: number}} Target
 */

/**
 * The parameter behind a target, with the arguments of the core's `setWeight`
 * (`from` = the layer's input count: the bias).
 * @typedef {object} Parameter
 * @property {number | undefined} value  undefined while no weights were drawn
 * @property {boolean} editable
 * @property {{layer: number, from: number, to: number}} args
 */

/**
 * Where each link and neuron can be clicked (for tests); `layer` counts from the first
 * hidden layer (the `setWeight` layer).
 * @typedef {object} Targets
 * @property {Array<{layer: number, from: number, to: number, x: number, y: number}>} links
 * @property {Array<{layer: number, index: number, x: number, y: number}>} neurons
 */

/** Strength levels of the diagram's links (width and opacity steps per sign). */
const LINK_LEVELS = 12;
/** CSS pixels from a link's curve that still count as on it. */
const LINK_HIT = 5;
/** Straight pieces a link's curve is cut into for hit testing. */
const CURVE_STEPS = 24;

/**
 * Point at `t` in [0, 1] of the curve of the link between boxes of side `node` centred
 * at (x0, y0) and (x1, y1).
 * @param {number} x0
 * @param {number} y0
 * @param {number} x1
 * @param {number} y1
 * @param {number} node
 * @param {number} t
 * @returns {[number, number]}
 */
export function curvePoint(x0, y0, x1, y1, node, t) {
  const ax = x0 + node / 2;
  const bx = x1 - node / 2;
  const mx = (x0 + x1) / 2;
  const u = 1 - t;
  return [
    u * u * u * ax + 3 * u * u * t * mx + 3 * u * t * t * mx + t * t * t * bx,
    u * u * u * y0 + 3 * u * u * t * y0 + 3 * u * t * t * y1 + t * t * t * y1,
  ];
}

/**
 * Distance from (px, py) to the segment from a to b.
 * @param {number} px
 * @param {number} py
 * @param {number[]} a
 * @param {number[]} b
 * @returns {number}
 */
export function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * Distance from (x, y) to the curve of a link (as straight pieces).
 * @param {number} x
 * @param {number} y
 * @param {number[]} from  centre of the box the link leaves
 * @param {number[]} to    centre of the box it enters
 * @param {number} node
 * @returns {number}
 */
function distanceToCurve(x, y, from, to, node) {
  let best = Infinity;
  let prev = curvePoint(from[0], from[1], to[0], to[1], node, 0);
  for (let s = 1; s <= CURVE_STEPS; s++) {
    const next = curvePoint(from[0], from[1], to[0], to[1], node, s / CURVE_STEPS);
    best = Math.min(best, distanceToSegment(x, y, prev, next));
    prev = next;
  }
  return best;
}

/**
 * Box size and neuron centres of a diagram of this shape on a `w` × `h` canvas.
 * @param {number[]} shape
 * @param {number} w
 * @param {number} h
 * @returns {{pos: number[][][], node: number}}
 */
export function diagramLayout(shape, w, h) {
  const layers = shape.length;
  const maxNodes = Math.max(...shape);
  const node = Math.max(16, Math.min(34, (h - 8) / maxNodes - 8, (w / layers) * 0.5));
  const gap = Math.min(12, (h - maxNodes * node) / Math.max(1, maxNodes));
  const pos = shape.map((n, l) => {
    const x = NetworkView.columnX(l, layers, w);
    const total = n * node + (n - 1) * gap;
    const top = (h - total) / 2;
    return Array.from({ length: n }, (_, j) => [x, top + j * (node + gap) + node / 2]);
  });
  return { pos, node };
}

/**
 * The stroke a link of weight `v` belongs to: -1 for NaN or infinite (diverged), else
 * 2 × strength level + 1 if positive (levels of the saturating size |v| / (|v| + 1)).
 * @param {number} v
 * @returns {number}
 */
function linkKey(v) {
  if (!Number.isFinite(v)) return -1;
  const level = Math.round((Math.abs(v) / (Math.abs(v) + 1)) * LINK_LEVELS);
  return 2 * level + (v >= 0 ? 1 : 0);
}

/**
 * Sets the stroke of the links of one key (see linkKey).
 * @param {CanvasRenderingContext2D} ctx
 * @param {number} key
 */
function linkStyle(ctx, key) {
  if (key < 0) {
    ctx.strokeStyle = 'rgb(120 128 136 / 0.6)';
    ctx.lineWidth = 1;
    return;
  }
  const size = Math.floor(key / 2) / LINK_LEVELS;
  ctx.strokeStyle = css(key % 2 ? HIGH : LOW, 0.25 + 0.75 * size);
  ctx.lineWidth = 0.5 + 4.5 * size;
}

/**
 * An input neuron: a light box with its feature's label, shrunk to fit.
 * @param {CanvasRenderingContext2D} ctx
 * @param {number} x
 * @param {number} y
 * @param {number} node
 * @param {string} label
 */
function drawInput(ctx, x, y, node, label) {
  ctx.fillStyle = '#f4f6f8';
  ctx.fillRect(x - node / 2, y - node / 2, node, node);
  ctx.fillStyle = '#1f2933';
  ctx.save();
  const width = ctx.measureText(label).width;
  if (width > node - 4) {
    // Shrink long labels ("sin x1") to fit the box.
    ctx.translate(x, y);
    ctx.scale((node - 4) / width, (node - 4) / width);
    ctx.fillText(label, 0, 0);
  } else {
    ctx.fillText(label, x, y);
  }
  ctx.restore();
}

export class NetworkView {
  /** @param {HTMLCanvasElement} canvas  the canvas to draw on */
  constructor(canvas) {
    this.canvas = canvas;
    /** The heatmaps of every hidden and output neuron, stacked top to bottom. */
    this.tile = document.createElement('canvas');
    /** @type {ImageData | null} */
    this.tileImage = null;
    /** @type {Layout | null} where the last drawing put things (null: nothing drawn) */
    this.layout = null;
    /**
     * Where the drawing reads each hidden layer's activity (saturated, inactive, dead
     * neurons; inside/activity.js sets it to read the store); returning null: no rings.
     * @type {() => ReadonlyArray<import('../worker/protocol.js').LayerActivity> | null}
     */
    this.activity = () => null;
    /**
     * What to highlight (the step panel sets it, then redraws): a band behind column
     * `layer` (0: the inputs), a ring around its neuron `neuron`, and the link into it
     * from neuron `from` of the column before; null: nothing.
     * @type {{layer: number | null, neuron: number | null, from?: number | null}}
     */
    this.highlight = { layer: null, neuron: null };
  }

  /**
   * Column centre of layer `l` of `layers` (same grid as the HTML layer controls).
   * @param {number} l
   * @param {number} layers
   * @param {number} w
   * @returns {number}
   */
  static columnX(l, layers, w) {
    return ((l + 0.5) / layers) * w;
  }

  /**
   * Draws the diagram of a run with a frame's weights and neuron heatmaps.
   * @param {DiagramRun | null} run  null: an empty diagram
   * @param {DiagramFrame | null} [frame]
   * @returns {void}
   */
  draw(run, frame) {
    const { ctx, w, h } = fitCanvas(this.canvas);
    ctx.clearRect(0, 0, w, h);
    if (!run) {
      this.layout = null;
      return;
    }
    const layout = { shape: run.shape, ...diagramLayout(run.shape, w, h), weights: frame?.weights ?? null };
    this.layout = layout;
    this.drawHighlightBand(ctx, layout);
    this.drawLinks(ctx, layout);
    const side = frame?.neuronSide ?? 0;
    const tiles = Boolean(frame?.neurons && side > 0 && this.paintTiles(run, /** @type {Float32Array} */ (frame?.neurons), side));
    this.drawNeurons(ctx, layout, run.featureLabels, tiles ? side : 0);
    this.drawActivity(ctx, layout);
    this.drawHighlightLink(ctx, layout);
    this.drawHighlightRing(ctx, layout);
  }

  /**
   * The highlighted link (`highlight.from` of the column before to `highlight.neuron`),
   * drawn over the others on the curve every link follows.
   * @param {CanvasRenderingContext2D} ctx
   * @param {Layout} layout
   */
  drawHighlightLink(ctx, { pos, node }) {
    const { layer, neuron, from } = this.highlight;
    if (layer === null || neuron === null || from === null || from === undefined || !layer) return;
    const a = pos[layer - 1]?.[from];
    const b = pos[layer]?.[neuron];
    if (!a || !b) return;
    const mx = (a[0] + b[0]) / 2;
    ctx.beginPath();
    ctx.moveTo(a[0] + node / 2, a[1]);
    ctx.bezierCurveTo(mx, a[1], mx, b[1], b[0] - node / 2, b[1]);
    ctx.strokeStyle = '#1f2933';
    ctx.lineWidth = 5;
    ctx.stroke();
    ctx.strokeStyle = '#f5b028';
    ctx.lineWidth = 3;
    ctx.stroke();
  }

  /**
   * The band behind the highlighted column (`highlight.layer`), if it exists.
   * @param {CanvasRenderingContext2D} ctx
   * @param {Layout} layout
   */
  drawHighlightBand(ctx, { shape, pos, node }) {
    const l = this.highlight.layer;
    if (l === null || l === undefined || !pos[l]?.length) return;
    const pad = 7;
    const [x] = pos[l][0];
    const top = pos[l][0][1] - node / 2 - pad;
    const bottom = pos[l][shape[l] - 1][1] + node / 2 + pad;
    ctx.fillStyle = 'rgb(245 176 40 / 0.2)';
    ctx.strokeStyle = 'rgb(214 140 0 / 0.7)';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.roundRect(x - node / 2 - pad, top, node + 2 * pad, bottom - top, 6);
    ctx.fill();
    ctx.stroke();
  }

  /**
   * A ring around the highlighted neuron (`highlight.neuron` of `highlight.layer`).
   * @param {CanvasRenderingContext2D} ctx
   * @param {Layout} layout
   */
  drawHighlightRing(ctx, { pos, node }) {
    const { layer, neuron } = this.highlight;
    if (layer === null || neuron === null || layer === undefined || neuron === undefined) return;
    const at = pos[layer]?.[neuron];
    if (!at) return;
    ctx.strokeStyle = '#1f2933';
    ctx.lineWidth = 3;
    ctx.beginPath();
    ctx.roundRect(at[0] - node / 2 - 4, at[1] - node / 2 - 4, node + 8, node + 8, 4);
    ctx.stroke();
    ctx.strokeStyle = '#f5b028';
    ctx.lineWidth = 1.5;
    ctx.stroke();
  }

  /**
   * Links, one path per sign and strength level (a few strokes instead of one per
   * link), weakest level first so strong links are drawn on top.
   * @param {CanvasRenderingContext2D} ctx
   * @param {Layout} layout
   */
  drawLinks(ctx, { shape, pos, node, weights }) {
    if (!weights) return;
    /** @type {Map<number, Path2D>} */
    const paths = new Map();
    forEachLink(shape, weights, (l, i, j, v) => {
      const key = linkKey(v);
      let path = paths.get(key);
      if (!path) paths.set(key, (path = new Path2D()));
      const [x0, y0] = pos[l - 1][i];
      const [x1, y1] = pos[l][j];
      path.moveTo(x0 + node / 2, y0);
      path.bezierCurveTo((x0 + x1) / 2, y0, (x0 + x1) / 2, y1, x1 - node / 2, y1);
    });
    for (const [key, path] of [...paths].sort((a, b) => a[0] - b[0])) {
      linkStyle(ctx, key);
      ctx.stroke(path);
    }
  }

  /**
   * Neurons: inputs as labelled boxes, the rest as their heatmaps from the atlas
   * (`side` > 0) or grey boxes.
   * @param {CanvasRenderingContext2D} ctx
   * @param {Layout} layout
   * @param {string[]} labels  the inputs' labels
   * @param {number} side      cells per side of a heatmap in the atlas; 0: no heatmaps
   */
  drawNeurons(ctx, { shape, pos, node }, labels, side) {
    ctx.font = `${Math.max(10, Math.min(13, node * 0.4))}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.imageSmoothingEnabled = true;
    let tile = 0; // index of the neuron's heatmap in the atlas
    for (let l = 0; l < shape.length; l++) {
      for (let j = 0; j < shape[l]; j++) {
        const [x, y] = pos[l][j];
        const left = x - node / 2;
        const top = y - node / 2;
        if (l === 0) drawInput(ctx, x, y, node, labels[j] ?? '');
        else if (side > 0) ctx.drawImage(this.tile, 0, tile * side, side, side, left, top, node, node);
        else {
          ctx.fillStyle = '#e8eaeb';
          ctx.fillRect(left, top, node, node);
        }
        ctx.strokeStyle = '#5b6670';
        ctx.lineWidth = 1;
        ctx.strokeRect(left + 0.5, top + 0.5, node - 1, node - 1);
        if (l > 0) tile += 1;
      }
    }
  }

  /**
   * A small ring in the top right corner of each hidden neuron whose activation has
   * something to measure: its filled arc (clockwise from the top) is the share of the
   * training samples where the neuron is saturated (sigmoid, tanh) or inactive (ReLU);
   * a dead neuron gets a full red ring and a red cross over its box. Few paths, stroked
   * once each.
   * @param {CanvasRenderingContext2D} ctx
   * @param {Layout} layout
   */
  drawActivity(ctx, { shape, pos, node }) {
    const activity = this.activity();
    if (!activity) return;
    const r = Math.max(4, node * 0.2);
    const disks = new Path2D();
    const tracks = new Path2D();
    const shares = new Path2D();
    const dead = new Path2D();
    const crosses = new Path2D();
    let any = false;
    for (let l = 1; l < shape.length - 1; l++) {
      const layer = activity[l - 1];
      if (!layer || layer.measure === 'none' || layer.neurons.length !== shape[l]) continue;
      for (let j = 0; j < shape[l]; j++) {
        const n = layer.neurons[j];
        const [x, y] = pos[l][j];
        const cx = x + node / 2 - r - 2;
        const cy = y - node / 2 + r + 2;
        any = true;
        disks.moveTo(cx + r + 1.5, cy);
        disks.arc(cx, cy, r + 1.5, 0, 2 * Math.PI);
        if (n.dead) {
          dead.moveTo(cx + r, cy);
          dead.arc(cx, cy, r, 0, 2 * Math.PI);
          const a = node / 2 - 3;
          crosses.moveTo(x - a, y - a);
          crosses.lineTo(x + a, y + a);
          crosses.moveTo(x + a, y - a);
          crosses.lineTo(x - a, y + a);
          continue;
        }
        tracks.moveTo(cx + r, cy);
        tracks.arc(cx, cy, r, 0, 2 * Math.PI);
        const share = Math.min(1, Math.max(0, layer.measure === 'saturation' ? n.saturated : n.inactive));
        if (share > 0) {
          shares.moveTo(cx, cy - r);
          shares.arc(cx, cy, r, -Math.PI / 2, -Math.PI / 2 + 2 * Math.PI * share);
        }
      }
    }
    if (!any) return;
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#d62728';
    ctx.stroke(crosses);
    ctx.fillStyle = 'rgb(255 255 255 / 0.85)';
    ctx.fill(disks);
    ctx.strokeStyle = '#c3cbd2';
    ctx.stroke(tracks);
    ctx.strokeStyle = '#1f2933';
    ctx.stroke(shares);
    ctx.strokeStyle = '#d62728';
    ctx.stroke(dead);
  }

  /**
   * Paints every neuron's heatmap (`neurons`: one `side`² grid per hidden and output
   * neuron, in order) into one atlas, tiles stacked top to bottom, with one upload.
   * The output layer uses the task's range; hidden layers their activation's range
   * (unbounded sides from the grid itself).
   * @param {DiagramRun} run
   * @param {Float32Array} neurons
   * @param {number} side
   * @returns {boolean}  false when `neurons` holds no whole tile
   */
  paintTiles(run, neurons, side) {
    const cells = side * side;
    const count = Math.floor(neurons.length / cells);
    if (count === 0) return false;
    if (!this.tileImage || this.tileImage.width !== side || this.tileImage.height !== side * count) {
      this.tile.width = side;
      this.tile.height = side * count;
      this.tileImage = new ImageData(side, side * count);
    }
    const { shape } = run;
    const pixels = this.tileImage.data;
    let t = 0;
    for (let l = 1; l < shape.length && t < count; l++) {
      for (let j = 0; j < shape[l] && t < count; j++, t++) {
        const values = neurons.subarray(t * cells, (t + 1) * cells);
        const mode =
          l === shape.length - 1 ? { lo: run.mode.lo, hi: run.mode.hi } : neuronScale(run.layerRanges, l - 1, values);
        paintGrid(pixels.subarray(t * cells * 4, (t + 1) * cells * 4), values, null, cells, 1, mode, false);
      }
    }
    /** @type {CanvasRenderingContext2D} */ (this.tile.getContext('2d')).putImageData(this.tileImage, 0, 0);
    return true;
  }

  /**
   * What is under (x, y) in canvas CSS pixels in the last drawing: a neuron, the
   * nearest link within a few pixels, or null.
   * @param {number} x
   * @param {number} y
   * @returns {Target | null}
   */
  hit(x, y) {
    const layout = this.layout;
    if (!layout) return null;
    const { shape, pos, node } = layout;
    for (let l = 0; l < shape.length; l++) {
      for (let j = 0; j < shape[l]; j++) {
        const [cx, cy] = pos[l][j];
        if (Math.abs(x - cx) <= node / 2 && Math.abs(y - cy) <= node / 2) return { kind: 'neuron', l, j };
      }
    }
    return this.hitLink(x, y, layout);
  }

  /**
   * The link nearest to (x, y), if within LINK_HIT pixels of its curve.
   * @param {number} x
   * @param {number} y
   * @param {Layout} layout
   * @returns {Target | null}
   */
  hitLink(x, y, { shape, pos, node }) {
    /** @type {Target | null} */
    let best = null;
    let bestD = LINK_HIT;
    for (let l = 1; l < shape.length; l++) {
      const [xa] = pos[l - 1][0];
      const [xb] = pos[l][0];
      if (x < xa + node / 2 - LINK_HIT || x > xb - node / 2 + LINK_HIT) continue;
      for (let i = 0; i < shape[l - 1]; i++) {
        for (let j = 0; j < shape[l]; j++) {
          const d = distanceToCurve(x, y, pos[l - 1][i], pos[l][j], node);
          if (d < bestD) {
            bestD = d;
            best = { kind: 'link', l, i, j };
          }
        }
      }
    }
    return best;
  }

  /**
   * Point at `t` in [0, 1] along the link from neuron `i` of column `l - 1` to neuron
   * `j` of column `l` in the last drawing (null before one).
   * @param {number} l
   * @param {number} i
   * @param {number} j
   * @param {number} t
   * @returns {[number, number] | null}
   */
  linkPoint(l, i, j, t) {
    if (!this.layout) return null;
    const { pos, node } = this.layout;
    return curvePoint(pos[l - 1][i][0], pos[l - 1][i][1], pos[l][j][0], pos[l][j][1], node, t);
  }

  /**
   * The weight or bias behind a target (a link: its weight; a neuron after the inputs:
   * its bias), with the core's `setWeight` arguments; null for an input neuron.
   * @param {Target} target
   * @returns {Parameter | null}
   */
  parameter(target) {
    const layout = this.layout;
    if (!layout || (target.kind === 'neuron' && target.l === 0)) return null;
    const { shape, weights } = layout;
    const from = target.kind === 'link' ? target.i : shape[target.l - 1];
    const value = weights?.[weightIndex(shape, target.l, from, target.j)];
    return { value, editable: weights !== null, args: { layer: target.l - 1, from, to: target.j } };
  }

  /**
   * Where each link (a fifth along its curve) and each neuron after the inputs is in
   * the last drawing.
   * @returns {Targets}
   */
  targets() {
    /** @type {Targets} */
    const out = { links: [], neurons: [] };
    const layout = this.layout;
    if (!layout) return out;
    const { shape, pos, node } = layout;
    for (let l = 1; l < shape.length; l++) {
      for (let j = 0; j < shape[l]; j++) {
        out.neurons.push({ layer: l - 1, index: j, x: pos[l][j][0], y: pos[l][j][1] });
        for (let i = 0; i < shape[l - 1]; i++) {
          const [x, y] = curvePoint(pos[l - 1][i][0], pos[l - 1][i][1], pos[l][j][0], pos[l][j][1], node, 0.2);
          out.links.push({ layer: l - 1, from: i, to: j, x, y });
        }
      }
    }
    return out;
  }
}
