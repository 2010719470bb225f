// @ts-check
// The network diagram: one column per layer, each neuron a small heatmap of its own
// output over the plane, each link coloured by its weight's sign and as thick as its
// size. It also answers where things are: `hit(x, y)` names the neuron or link under a
// point, `targets()` lists where each one can be clicked, `parameter(target)` gives the
// weight or bias behind one. The tooltip and the weight editor (their DOM) are elsewhere.
//
// This module draws the neurons and holds the state; the rest is in its parts:
// diagram-layout.js (geometry), diagram-links.js (links), diagram-marks.js (highlight
// and activity rings), diagram-hit.js (hit testing).

import { neuronScale } from '../lib/scales.js';
import { fitCanvas } from '../lib/canvas.js';
import { paintGrid } from './output-view.js';
import { columnX, diagramLayout } from './diagram-layout.js';
import { LinkLayer, drawLinks, linkCount, LAYER_PAST } from './diagram-links.js';
import { TileLayer, MANY_TILES } from './diagram-tiles.js';
import { drawActivity, drawHighlightBand, drawHighlightLink, drawHighlightRing } from './diagram-marks.js';
import { hitTarget, layoutLinkPoint, layoutTargets, targetParameter } from './diagram-hit.js';

/** @typedef {import('./diagram-layout.js').Layout} Layout */
/** @typedef {import('./diagram-hit.js').Target} Target */
/** @typedef {import('./diagram-hit.js').Parameter} Parameter */
/** @typedef {import('./diagram-hit.js').Targets} Targets */
/** @typedef {import('./diagram-marks.js').Highlight} Highlight */

/**
 * What the diagram needs of a run.
 * @typedef {object} DiagramRun
 * @property {number[]} shape              widths of all layers, inputs first
 * @property {string[]} featureLabels      the input boxes' labels
 * @property {{output_names: string[]} | null} [table]  a table run's table: its outputs are named
 * @property {{lo: number, hi: number}} mode  the output's colour range
 * @property {ArrayLike<number>} [layerRanges]  each layer's output range (lo, hi pairs; NaN: unbounded)
 */

/**
 * What the diagram needs of a frame.
 * @typedef {object} DiagramFrame
 * @property {Float32Array} [weights]    every weight and bias (lib/weights.js)
 * @property {Float32Array} [neurons]    each hidden and output neuron's output, `neuronSide`² values each
 * @property {number} [neuronSide]
 * @property {boolean} [playing]        training: the links may lag a few frames behind (diagram-links.js)
 */

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

/**
 * A table run's output names (class names, target columns) right of the output
 * neurons, in the room left there; skipped when the neurons are too close to read them.
 * @param {CanvasRenderingContext2D} ctx
 * @param {{shape: number[], pos: number[][][], node: number}} layout
 * @param {string[]} names
 * @param {number} w  the canvas's width (CSS pixels)
 */
function drawOutputNames(ctx, layout, names, w) {
  const column = layout.pos[layout.shape.length - 1] ?? [];
  if (column.length === 0) return;
  const gap = column.length > 1 ? Math.abs(column[1][1] - column[0][1]) : layout.node;
  if (gap < 9) return;
  const x = column[0][0] + layout.node / 2 + 3;
  const room = w - x - 2;
  if (room < 12) return;
  ctx.save();
  ctx.font = `${Math.min(12, gap - 1)}px system-ui, sans-serif`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = '#1f2933';
  column.forEach(([, y], j) => ctx.fillText(names[j] ?? '', x, y, room));
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
    /** A big network's links (more than LAYER_PAST), in a layer redrawn where they change. */
    this.links = new LinkLayer();
    /** A big network's heatmaps, copied into one layer (diagram-tiles.js). */
    this.tiles = new TileLayer();
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
     * @type {Highlight}
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
    return columnX(l, layers, w);
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
    drawHighlightBand(ctx, layout, this.highlight);
    // A few dozen links cost little: stroked every frame. More (up to 9,500 for 10 × 32)
    // are kept in a layer redrawn only where they change.
    if (linkCount(run.shape) <= LAYER_PAST) drawLinks(ctx, layout);
    else this.links.draw(ctx, layout, { w, h, dpr: window.devicePixelRatio || 1, playing: frame?.playing ?? false });
    const side = frame?.neuronSide ?? 0;
    const tiles = Boolean(frame?.neurons && side > 0 && this.paintTiles(run, /** @type {Float32Array} */ (frame?.neurons), side));
    this.drawNeurons(ctx, layout, run.featureLabels, tiles ? side : 0);
    if (run.table) drawOutputNames(ctx, layout, run.table.output_names, w);
    drawActivity(ctx, layout, this.activity());
    drawHighlightLink(ctx, layout, this.highlight);
    drawHighlightRing(ctx, layout, this.highlight);
  }

  /**
   * Neurons: inputs as labelled boxes, the rest as their heatmaps from the atlas
   * (`side` > 0) or grey boxes; more than MANY_TILES heatmaps go through drawMany.
   * @param {CanvasRenderingContext2D} ctx
   * @param {Layout} layout
   * @param {string[]} labels  the inputs' labels
   * @param {number} side      cells per side of a heatmap in the atlas; 0: no heatmaps
   */
  drawNeurons(ctx, layout, labels, side) {
    const { shape, pos, node } = layout;
    ctx.font = `${Math.max(10, Math.min(13, node * 0.4))}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.imageSmoothingEnabled = true;
    if (side > 0 && this.tileImage && this.tileImage.height / side > MANY_TILES) {
      this.drawMany(ctx, layout, labels, this.tileImage, side);
      return;
    }
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
   * A big network's neurons: every heatmap at once from one layer (diagram-tiles.js),
   * the inputs as labelled boxes, all frames in one stroke (thinner on small boxes).
   * @param {CanvasRenderingContext2D} ctx
   * @param {Layout} layout
   * @param {string[]} labels
   * @param {ImageData} atlas
   * @param {number} side
   */
  drawMany(ctx, layout, labels, atlas, side) {
    const { shape, pos, node } = layout;
    this.tiles.draw(ctx, layout, atlas, side, window.devicePixelRatio || 1);
    const frames = new Path2D();
    for (let l = 0; l < shape.length; l++) {
      for (let j = 0; j < shape[l]; j++) {
        const [x, y] = pos[l][j];
        if (l === 0) drawInput(ctx, x, y, node, labels[j] ?? '');
        frames.rect(x - node / 2 + 0.5, y - node / 2 + 0.5, node - 1, node - 1);
      }
    }
    ctx.strokeStyle = '#5b6670';
    ctx.lineWidth = node < 12 ? 0.5 : 1; // small boxes: a thin frame leaves room for the picture
    ctx.stroke(frames);
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
    return hitTarget(this.layout, x, y);
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
    return layoutLinkPoint(this.layout, l, i, j, t);
  }

  /**
   * The weight or bias behind a target (a link: its weight; a neuron after the inputs:
   * its bias), with the core's `setWeight` arguments; null for an input neuron.
   * @param {Target} target
   * @returns {Parameter | null}
   */
  parameter(target) {
    return targetParameter(this.layout, target);
  }

  /**
   * Where each link (a fifth along its curve) and each neuron after the inputs is in
   * the last drawing.
   * @returns {Targets}
   */
  targets() {
    return layoutTargets(this.layout);
  }
}
