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

/** Sizes a canvas's backing store to its CSS size times the device pixel ratio. */
function fitCanvas(canvas) {
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
      ctx.imageSmoothingQuality = 'low';
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

function formatLoss(v) {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1000 || a < 0.001 ? v.toExponential(1) : Number(v.toPrecision(2)).toString();
}

/**
 * The loss chart: training (solid) and test (dashed) loss over epochs, on a log scale
 * so both the first drop and the slow tail are visible.
 */
export function drawLossChart(canvas, history) {
  const { ctx, w, h } = fitCanvas(canvas);
  ctx.clearRect(0, 0, w, h);
  const padL = 48;
  const padR = 8;
  const padT = 8;
  const padB = 18;
  const plotW = w - padL - padR;
  const plotH = h - padT - padB;
  ctx.strokeStyle = '#d5dade';
  ctx.lineWidth = 1;
  ctx.strokeRect(padL + 0.5, padT + 0.5, plotW, plotH);
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = '#66707a';
  const values = [];
  for (const p of history) {
    if (Number.isFinite(p.train) && p.train > 0) values.push(p.train);
    if (Number.isFinite(p.test) && p.test > 0) values.push(p.test);
  }
  if (history.length < 2 || values.length === 0) {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText('loss over epochs appears here while training', padL + plotW / 2, padT + plotH / 2);
    return;
  }
  let lo = Math.log10(Math.min(...values));
  let hi = Math.log10(Math.max(...values));
  if (hi - lo < 0.3) {
    const mid = (hi + lo) / 2;
    lo = mid - 0.15;
    hi = mid + 0.15;
  }
  const e0 = history[0].epoch;
  const e1 = Math.max(e0 + 1, history[history.length - 1].epoch);
  const X = (e) => padL + ((e - e0) / (e1 - e0)) * plotW;
  const Y = (v) => padT + (1 - (Math.log10(v) - lo) / (hi - lo)) * plotH;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'top';
  ctx.fillText(formatLoss(10 ** hi), padL - 4, padT);
  ctx.textBaseline = 'bottom';
  ctx.fillText(formatLoss(10 ** lo), padL - 4, padT + plotH);
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.fillText(String(e0), padL, padT + plotH + 3);
  ctx.textAlign = 'right';
  ctx.fillText(`epoch ${e1}`, padL + plotW, padT + plotH + 3);

  const line = (key, color, dash) => {
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.8;
    ctx.setLineDash(dash);
    ctx.beginPath();
    let pen = false;
    for (const p of history) {
      const v = p[key];
      if (!(Number.isFinite(v) && v > 0)) {
        pen = false;
        continue;
      }
      const x = X(p.epoch);
      const y = Y(v);
      if (pen) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      pen = true;
    }
    ctx.stroke();
    ctx.setLineDash([]);
  };
  ctx.save();
  ctx.beginPath();
  ctx.rect(padL, padT, plotW, plotH);
  ctx.clip();
  line('test', css(HIGH), [5, 3]);
  line('train', '#1f2933', []);
  ctx.restore();
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
      const links = [];
      let offset = 0;
      for (let l = 1; l < layers; l++) {
        const nIn = shape[l - 1];
        const nOut = shape[l];
        for (let i = 0; i < nIn; i++) {
          for (let j = 0; j < nOut; j++) links.push([weights[offset + i * nOut + j], l, i, j]);
        }
        offset += nIn * nOut + nOut; // weights, then biases
      }
      const strength = (v) => (Number.isFinite(v) ? Math.abs(v) : -1);
      links.sort((a, b) => strength(a[0]) - strength(b[0]));
      for (const [v, l, i, j] of links) {
        const [x0, y0] = pos[l - 1][i];
        const [x1, y1] = pos[l][j];
        if (Number.isFinite(v)) {
          const size = Math.abs(v) / (Math.abs(v) + 1); // 0..1, saturating
          ctx.strokeStyle = css(v >= 0 ? HIGH : LOW, 0.25 + 0.75 * size);
          ctx.lineWidth = 0.5 + 4.5 * size;
        } else {
          ctx.strokeStyle = 'rgb(120 128 136 / 0.6)'; // NaN or infinite: diverged
          ctx.lineWidth = 1;
        }
        ctx.beginPath();
        ctx.moveTo(x0 + node / 2, y0);
        ctx.bezierCurveTo((x0 + x1) / 2, y0, (x0 + x1) / 2, y1, x1 - node / 2, y1);
        ctx.stroke();
      }
    }

    // Neurons: inputs as labelled boxes, the rest as heatmaps of their output.
    ctx.font = `${Math.max(10, Math.min(13, node * 0.4))}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const side = frame?.neuronSide ?? 0;
    const cells = side * side;
    let base = 0;
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
        } else if (frame?.neurons && cells > 0) {
          const values = frame.neurons.subarray(base + j * cells, base + (j + 1) * cells);
          const output = l === layers - 1;
          // Hidden neurons: their activation's range (unbounded sides from the grid itself).
          const mode = output ? { lo: run.mode.lo, hi: run.mode.hi } : neuronScale(run.layerRanges, l - 1, values);
          this.paintTile(values, side, mode);
          ctx.imageSmoothingEnabled = true;
          ctx.drawImage(this.tile, left, top, node, node);
        } else {
          ctx.fillStyle = '#e8eaeb';
          ctx.fillRect(left, top, node, node);
        }
        ctx.strokeStyle = '#5b6670';
        ctx.lineWidth = 1;
        ctx.strokeRect(left + 0.5, top + 0.5, node - 1, node - 1);
      }
      if (l > 0) base += shape[l] * cells;
    }
  }

  paintTile(values, side, mode) {
    if (!this.tileImage || this.tileImage.width !== side) {
      this.tile.width = side;
      this.tile.height = side;
      this.tileImage = new ImageData(side, side);
    }
    paintGrid(this.tileImage.data, values, side * side, 1, mode, false);
    this.tile.getContext('2d').putImageData(this.tileImage, 0, 0);
  }
}
