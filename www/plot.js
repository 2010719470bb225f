// Drawing: the output heatmap with the points, the loss chart and the network
// diagram. Values only become colours and pixels here; every number comes from wasm.

import { diverging, classColor, css, unit, POINT_LOW, POINT_HIGH, LOW, HIGH } from './colors.js';
import { neuronScale, targetScale } from './scales.js';

/**
 * Half-width of the input plane: the grid and the points cover [-EXTENT, EXTENT]^2.
 * The core's `limits().extent`, set once at start (setExtent).
 */
export let EXTENT = 6;

/** Takes the plane's half-width from the core's limits. */
export function setExtent(extent) {
  if (Number.isFinite(extent) && extent > 0) EXTENT = extent;
}

/** How values of a run map to colours (regression: a symmetric range holding every target). */
export function colorMode(info) {
  if (info.regression) return { kind: 'regression', ...targetScale(info) };
  if (info.outputs > 1) return { kind: 'classes', lo: info.targetRange[0], hi: info.targetRange[1] };
  return { kind: 'binary', lo: info.targetRange[0], hi: info.targetRange[1] };
}

/** Strength levels of the diagram's links (width and opacity steps per sign). */
const LINK_LEVELS = 12;

/**
 * Sizes a canvas's backing store to its CSS size times the device pixel ratio and
 * returns its context scaled to CSS pixels, with the CSS size.
 */
export function fitCanvas(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(canvas.clientWidth * dpr));
  const h = Math.max(1, Math.round(canvas.clientHeight * dpr));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return { ctx, w: canvas.clientWidth, h: canvas.clientHeight };
}

/** Lighter colour for the heatmap so the points on top stand out. */
function soften(rgb, amount = 0.82) {
  return [255 + (rgb[0] - 255) * amount, 255 + (rgb[1] - 255) * amount, 255 + (rgb[2] - 255) * amount];
}

const LUT_SIZE = 256;
const divergingLut = (() => {
  const lut = new Uint8ClampedArray(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) {
    const c = soften(diverging(i / (LUT_SIZE - 1)));
    lut.set([c[0], c[1], c[2]].map(Math.round), i * 3);
  }
  return lut;
})();

/**
 * Writes the colours of a grid of outputs (`outputs` values per cell) into RGBA pixels.
 * One output: the diverging scale over [lo, hi]; several: the argmax class's colour,
 * lighter where the network is less confident.
 */
export function paintGrid(pixels, grid, cells, outputs, mode, discretize) {
  const { lo, hi } = mode;
  for (let c = 0; c < cells; c++) {
    let r, g, b;
    if (outputs === 1) {
      let t = unit(grid[c], lo, hi);
      if (discretize) t = t >= 0.5 ? 1 : 0;
      const i = t === t ? Math.round((t < 0 ? 0 : t > 1 ? 1 : t) * (LUT_SIZE - 1)) * 3 : (LUT_SIZE >> 1) * 3;
      r = divergingLut[i];
      g = divergingLut[i + 1];
      b = divergingLut[i + 2];
    } else {
      let best = 0;
      let max = grid[c * outputs];
      for (let j = 1; j < outputs; j++) {
        const v = grid[c * outputs + j];
        if (v > max) {
          max = v;
          best = j;
        }
      }
      const confidence = discretize ? 1 : Math.min(1, Math.max(0, unit(max, lo, hi)));
      [r, g, b] = classColor(best, 0.12 + 0.6 * confidence);
    }
    const p = c * 4;
    pixels[p] = r;
    pixels[p + 1] = g;
    pixels[p + 2] = b;
    pixels[p + 3] = 255;
  }
}

/** The decision boundary / regression surface with the data points over it. */
export class OutputView {
  constructor(canvas) {
    this.canvas = canvas;
    this.offscreen = document.createElement('canvas');
    this.image = null;
    this.hasGrid = false;
    this.quality = 'high'; // imageSmoothingQuality of the heatmap's upscaling
  }

  /** Paints a new grid of outputs into the offscreen image. */
  setGrid(grid, width, height, outputs, mode, discretize) {
    if (!this.image || this.image.width !== width || this.image.height !== height) {
      this.offscreen.width = width;
      this.offscreen.height = height;
      this.image = new ImageData(width, height);
    }
    paintGrid(this.image.data, grid, width * height, outputs, mode, discretize);
    this.offscreen.getContext('2d').putImageData(this.image, 0, 0);
    this.hasGrid = true;
  }

  /** Draws the heatmap scaled up smoothly, then the points: training, and test if asked. */
  draw(run, showTest) {
    const { ctx, w, h } = fitCanvas(this.canvas);
    ctx.clearRect(0, 0, w, h);
    if (this.hasGrid) {
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = this.quality;
      ctx.drawImage(this.offscreen, 0, 0, w, h);
    } else {
      ctx.fillStyle = '#eef0f2';
      ctx.fillRect(0, 0, w, h);
    }
    // Axes through the origin, faint.
    ctx.strokeStyle = 'rgb(0 0 0 / 0.12)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(w / 2, 0);
    ctx.lineTo(w / 2, h);
    ctx.moveTo(0, h / 2);
    ctx.lineTo(w, h / 2);
    ctx.stroke();
    if (!run) return;
    const radius = Math.max(2.5, Math.min(4.5, w / 110));
    this.drawPoints(ctx, w, h, run.train, run, radius, false);
    if (showTest) this.drawPoints(ctx, w, h, run.test, run, radius, true);
  }

  drawPoints(ctx, w, h, points, run, radius, test) {
    const mode = run.mode;
    ctx.lineWidth = test ? 1.6 : 1;
    ctx.strokeStyle = test ? '#ffffff' : 'rgb(20 24 28 / 0.85)';
    for (let i = 0; i + 2 < points.length; i += 3) {
      const x = ((points[i] + EXTENT) / (2 * EXTENT)) * w;
      const y = ((EXTENT - points[i + 1]) / (2 * EXTENT)) * h;
      const target = points[i + 2];
      let fill;
      if (mode.kind === 'classes') fill = classColor(Math.round(target));
      else if (mode.kind === 'regression') fill = diverging(unit(target, mode.lo, mode.hi), POINT_LOW, POINT_HIGH);
      else fill = target >= 0.5 ? POINT_HIGH : POINT_LOW; // class 1 is coded hi, class 0 lo
      ctx.fillStyle = css(fill);
      ctx.beginPath();
      ctx.arc(x, y, radius, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
      if (test) {
        ctx.strokeStyle = 'rgb(20 24 28 / 0.85)';
        ctx.lineWidth = 0.8;
        ctx.beginPath();
        ctx.arc(x, y, radius + 1.4, 0, 2 * Math.PI);
        ctx.stroke();
        ctx.lineWidth = 1.6;
        ctx.strokeStyle = '#ffffff';
      }
    }
  }
}

/** A colour bar (or class swatches) explaining the heatmap. */
export function drawLegend(canvas, mode, classes) {
  const { ctx, w, h } = fitCanvas(canvas);
  ctx.clearRect(0, 0, w, h);
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = '#3c4650';
  if (mode.kind === 'classes') {
    let x = 0;
    for (let k = 0; k < classes; k++) {
      ctx.fillStyle = css(classColor(k));
      ctx.fillRect(x, h / 2 - 6, 12, 12);
      ctx.strokeStyle = 'rgb(20 24 28 / 0.6)';
      ctx.strokeRect(x + 0.5, h / 2 - 5.5, 11, 11);
      ctx.fillStyle = '#3c4650';
      const label = `class ${k}`;
      ctx.fillText(label, x + 16, h / 2);
      x += 22 + ctx.measureText(label).width + 10;
    }
    return;
  }
  const loLabel = String(mode.lo);
  const hiLabel = String(mode.hi);
  const left = ctx.measureText(loLabel).width + 8;
  const right = ctx.measureText(hiLabel).width + 8;
  const barW = Math.max(20, w - left - right);
  const gradient = ctx.createLinearGradient(left, 0, left + barW, 0);
  gradient.addColorStop(0, css(soften(LOW)));
  gradient.addColorStop(0.5, css(soften(diverging(0.5))));
  gradient.addColorStop(1, css(soften(HIGH)));
  ctx.fillStyle = gradient;
  ctx.fillRect(left, h / 2 - 5, barW, 10);
  ctx.fillStyle = '#3c4650';
  ctx.textAlign = 'left';
  ctx.fillText(loLabel, 0, h / 2);
  ctx.textAlign = 'right';
  ctx.fillText(hiLabel, w, h / 2);
  ctx.textAlign = 'left';
}

/**
 * The network diagram: one column per layer, each neuron a small heatmap of its own
 * output over the plane, each link coloured by its weight's sign and as thick as its size.
 */
export class NetworkView {
  constructor(canvas) {
    this.canvas = canvas;
    this.tile = document.createElement('canvas');
    this.tileImage = null;
  }

  /** Column centre of layer `l` of `layers` (same grid as the HTML layer controls). */
  static columnX(l, layers, w) {
    return ((l + 0.5) / layers) * w;
  }

  draw(run, frame) {
    const { ctx, w, h } = fitCanvas(this.canvas);
    ctx.clearRect(0, 0, w, h);
    if (!run) return;
    const shape = run.shape;
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

    // Links, weakest first so strong ones are on top.
    const weights = frame?.weights;
    this.layout = { shape, pos, node, weights: weights ?? null }; // for hovering (diagram-interact.js)
    if (weights) {
      // One path per sign and strength level (a few strokes instead of one per link),
      // weakest level first so strong links are drawn on top.
      const paths = new Map();
      let offset = 0;
      for (let l = 1; l < layers; l++) {
        const nIn = shape[l - 1];
        const nOut = shape[l];
        for (let i = 0; i < nIn; i++) {
          for (let j = 0; j < nOut; j++) {
            const v = weights[offset + i * nOut + j];
            // -1: NaN or infinite (diverged); else the saturating size |v| / (|v| + 1).
            const level = Number.isFinite(v) ? Math.round((Math.abs(v) / (Math.abs(v) + 1)) * LINK_LEVELS) : -1;
            const key = level < 0 ? -1 : 2 * level + (v >= 0 ? 1 : 0);
            if (!paths.has(key)) paths.set(key, new Path2D());
            const [x0, y0] = pos[l - 1][i];
            const [x1, y1] = pos[l][j];
            const path = paths.get(key);
            path.moveTo(x0 + node / 2, y0);
            path.bezierCurveTo((x0 + x1) / 2, y0, (x0 + x1) / 2, y1, x1 - node / 2, y1);
          }
        }
        offset += nIn * nOut + nOut; // weights, then biases
      }
      for (const key of [...paths.keys()].sort((a, b) => a - b)) {
        if (key < 0) {
          ctx.strokeStyle = 'rgb(120 128 136 / 0.6)';
          ctx.lineWidth = 1;
        } else {
          const size = Math.floor(key / 2) / LINK_LEVELS;
          ctx.strokeStyle = css(key % 2 ? HIGH : LOW, 0.25 + 0.75 * size);
          ctx.lineWidth = 0.5 + 4.5 * size;
        }
        ctx.stroke(paths.get(key));
      }
    }

    // Neurons: inputs as labelled boxes, the rest as heatmaps of their output.
    ctx.font = `${Math.max(10, Math.min(13, node * 0.4))}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const side = frame?.neuronSide ?? 0;
    const tiles = frame?.neurons && side > 0 && this.paintTiles(run, frame.neurons, side);
    ctx.imageSmoothingEnabled = true;
    let tile = 0; // index of the neuron's heatmap in the atlas
    for (let l = 0; l < layers; l++) {
      for (let j = 0; j < shape[l]; j++) {
        const [x, y] = pos[l][j];
        const left = x - node / 2;
        const top = y - node / 2;
        if (l === 0) {
          ctx.fillStyle = '#f4f6f8';
          ctx.fillRect(left, top, node, node);
          ctx.fillStyle = '#1f2933';
          const label = run.featureLabels[j] ?? '';
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
        } else if (tiles) {
          ctx.drawImage(this.tile, 0, tile * side, side, side, left, top, node, node);
        } else {
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
   * Paints every neuron's heatmap (`neurons`: one `side`² grid per hidden and output
   * neuron, in order) into one atlas, tiles stacked top to bottom, with one upload.
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
    const shape = run.shape;
    let t = 0;
    for (let l = 1; l < shape.length && t < count; l++) {
      for (let j = 0; j < shape[l] && t < count; j++, t++) {
        const values = neurons.subarray(t * cells, (t + 1) * cells);
        // The output: the task's range; hidden neurons: their activation's range
        // (unbounded sides from the grid itself).
        const mode =
          l === shape.length - 1 ? { lo: run.mode.lo, hi: run.mode.hi } : neuronScale(run.layerRanges, l - 1, values);
        paintGrid(this.tileImage.data.subarray(t * cells * 4, (t + 1) * cells * 4), values, cells, 1, mode, false);
      }
    }
    this.tile.getContext('2d').putImageData(this.tileImage, 0, 0);
    return true;
  }
}
