// @ts-check
// The output plane: the network's output over the plane as a heatmap (the decision
// regions, or the regression surface), with the data points over it. Values only become
// colours and pixels here; the classes come from the core (`frame.classes`).

import { diverging, classColor, css, unit, soften, MID, POINT_LOW, POINT_HIGH } from '../lib/colors.js';
import { toPixel } from '../lib/plane.js';
import { fitCanvas } from '../lib/canvas.js';

/** @typedef {import('../lib/scales.js').ColorMode} ColorMode */
/** @typedef {import('../lib/colors.js').RGB} RGB */

/**
 * The points of a run, as the output plane draws them.
 * @typedef {object} PlanePoints
 * @property {ArrayLike<number>} train  training points as x1, x2, target triples
 * @property {ArrayLike<number>} test   test points, the same way
 * @property {ColorMode} mode           how targets map to colours
 */

/**
 * One picture of the output, as a frame carries it.
 * @typedef {object} OutputGrid
 * @property {Float32Array} grid             `outputs` values per cell, rows from the top
 * @property {number} side                   cells per side (square grid)
 * @property {Uint8Array} [classes]          the class the core predicts for each cell
 *   (classification only)
 */

const LUT_SIZE = 256;
const MID_INDEX = (LUT_SIZE >> 1) * 3;
const HIGH_INDEX = (LUT_SIZE - 1) * 3;
/** The softened diverging scale at 256 steps, RGB bytes. */
const divergingLut = (() => {
  const lut = new Uint8ClampedArray(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) {
    const c = soften(diverging(i / (LUT_SIZE - 1)));
    lut.set([c[0], c[1], c[2]].map(Math.round), i * 3);
  }
  return lut;
})();

/**
 * Index into the LUT of `t` in [0, 1] (clamped; NaN: the middle).
 * @param {number} t
 * @returns {number}
 */
function lutIndex(t) {
  return t === t ? Math.round((t < 0 ? 0 : t > 1 ? 1 : t) * (LUT_SIZE - 1)) * 3 : MID_INDEX;
}

/**
 * Writes the colours of a grid of outputs (`outputs` values per cell) into RGBA pixels.
 * One output: the diverging scale over [lo, hi], or with `discretize` its low or high
 * end by the core's class (`classes`; without them, as for regression, by which half
 * of [lo, hi] the value is in). Several outputs: the colour of the core's class,
 * lighter where the network is less confident (the class's output lower on [lo, hi]).
 * @param {Uint8ClampedArray} pixels  RGBA, 4 bytes per cell
 * @param {ArrayLike<number>} grid
 * @param {ArrayLike<number> | null | undefined} classes  one class per cell, or none
 * @param {number} cells
 * @param {number} outputs
 * @param {{lo: number, hi: number}} mode
 * @param {boolean} discretize
 * @returns {void}
 */
export function paintGrid(pixels, grid, classes, cells, outputs, mode, discretize) {
  if (outputs === 1) paintSingle(pixels, grid, classes, cells, mode, discretize);
  else paintClasses(pixels, grid, classes, cells, outputs, mode, discretize);
}

/**
 * @param {Uint8ClampedArray} pixels
 * @param {ArrayLike<number>} grid
 * @param {ArrayLike<number> | null | undefined} classes
 * @param {number} cells
 * @param {{lo: number, hi: number}} mode
 * @param {boolean} discretize
 */
function paintSingle(pixels, grid, classes, cells, { lo, hi }, discretize) {
  for (let c = 0; c < cells; c++) {
    let i;
    if (discretize && classes) i = classes[c] ? HIGH_INDEX : 0;
    else if (discretize) i = unit(grid[c], lo, hi) >= 0.5 ? HIGH_INDEX : 0;
    else i = lutIndex(unit(grid[c], lo, hi));
    const p = c * 4;
    pixels[p] = divergingLut[i];
    pixels[p + 1] = divergingLut[i + 1];
    pixels[p + 2] = divergingLut[i + 2];
    pixels[p + 3] = 255;
  }
}

/**
 * @param {Uint8ClampedArray} pixels
 * @param {ArrayLike<number>} grid
 * @param {ArrayLike<number> | null | undefined} classes
 * @param {number} cells
 * @param {number} outputs
 * @param {{lo: number, hi: number}} mode
 * @param {boolean} discretize
 */
function paintClasses(pixels, grid, classes, cells, outputs, { lo, hi }, discretize) {
  const none = soften(MID); // no decision to show (a frame without classes)
  for (let c = 0; c < cells; c++) {
    /** @type {RGB} */
    let rgb = none;
    if (classes) {
      const k = classes[c];
      const value = k < outputs ? grid[c * outputs + k] : NaN;
      const confidence = discretize ? 1 : Math.min(1, Math.max(0, unit(value, lo, hi)));
      rgb = classColor(k, 0.12 + 0.6 * confidence);
    }
    const p = c * 4;
    pixels[p] = rgb[0];
    pixels[p + 1] = rgb[1];
    pixels[p + 2] = rgb[2];
    pixels[p + 3] = 255;
  }
}

/** The decision regions / regression surface with the data points over it. */
export class OutputView {
  /**
   * @param {HTMLCanvasElement} canvas  the canvas to draw on
   * @param {number} extent  half-width of the plane (the core's `schema().extent`)
   */
  constructor(canvas, extent) {
    this.canvas = canvas;
    /** Half-width of the plane the grid and the points cover. */
    this.extent = extent;
    this.offscreen = document.createElement('canvas');
    /** @type {ImageData | null} */
    this.image = null;
    this.hasGrid = false;
    /** The data points drawn once, laid over the heatmap at every frame (pointsPicture). */
    this.points = document.createElement('canvas');
    /** @type {unknown[]} what the points picture shows (redrawn when any of it changes) */
    this.pointsOf = [];
    /** @type {ImageSmoothingQuality} imageSmoothingQuality of the heatmap's upscaling */
    this.quality = 'high';
    /**
     * A point of the plane to ring (the step panel's hovered sample), or null.
     * @type {{x1: number, x2: number} | null}
     */
    this.marked = null;
  }

  /**
   * Paints a new picture of the output into the offscreen image.
   * @param {OutputGrid} frame
   * @param {number} outputs  values per cell (the run's output neurons)
   * @param {ColorMode} mode
   * @param {boolean} discretize  only the classes, without confidence
   * @returns {void}
   */
  setGrid(frame, outputs, mode, discretize) {
    const side = frame.side;
    if (!this.image || this.image.width !== side || this.image.height !== side) {
      this.offscreen.width = side;
      this.offscreen.height = side;
      this.image = new ImageData(side, side);
    }
    paintGrid(this.image.data, frame.grid, frame.classes, side * side, outputs, mode, discretize);
    /** @type {CanvasRenderingContext2D} */ (this.offscreen.getContext('2d')).putImageData(this.image, 0, 0);
    this.hasGrid = true;
  }

  /** Forgets the picture (a new run): the plane is grey until the next grid. */
  clearGrid() {
    this.hasGrid = false;
  }

  /**
   * Draws the heatmap scaled up smoothly, then the points: training, and test if asked.
   * @param {PlanePoints | null} run  the points (a run object will do), or null for none
   * @param {boolean} showTest
   * @returns {void}
   */
  draw(run, showTest) {
    const { ctx, w, h } = fitCanvas(this.canvas);
    ctx.clearRect(0, 0, w, h);
    this.drawBackground(ctx, w, h);
    if (!run) return;
    ctx.drawImage(this.pointsPicture(run, showTest, w, h), 0, 0, w, h);
    if (this.marked) this.drawMark(ctx, w, h, this.marked, pointRadius(w));
  }

  /**
   * The points (training, and test if asked) on a transparent picture of the canvas's
   * size, drawn again only when the points, their colours, the size or the choice of
   * test points change: they stay put while a run trains, and drawing a few hundred
   * circles at every frame cost more than the heatmap.
   * @param {PlanePoints} run
   * @param {boolean} showTest
   * @param {number} w  CSS pixels
   * @param {number} h
   * @returns {HTMLCanvasElement}
   */
  pointsPicture(run, showTest, w, h) {
    const dpr = window.devicePixelRatio || 1;
    const of = [run.train, run.test, run.mode, showTest, w, h, dpr];
    if (of.every((x, i) => x === this.pointsOf[i])) return this.points;
    this.pointsOf = of;
    this.points.width = Math.max(1, Math.round(w * dpr));
    this.points.height = Math.max(1, Math.round(h * dpr));
    const ctx = /** @type {CanvasRenderingContext2D} */ (this.points.getContext('2d'));
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const radius = pointRadius(w);
    this.drawPoints(ctx, w, h, run.train, run.mode, radius, false);
    if (showTest) this.drawPoints(ctx, w, h, run.test, run.mode, radius, true);
    return this.points;
  }

  /**
   * A ring (dark outside, white inside) around the point at (x1, x2).
   * @param {CanvasRenderingContext2D} ctx
   * @param {number} w
   * @param {number} h
   * @param {{x1: number, x2: number}} point
   * @param {number} radius  the points' radius
   */
  drawMark(ctx, w, h, { x1, x2 }, radius) {
    const { x, y } = toPixel(this.extent, w, h, x1, x2);
    ctx.lineWidth = 3;
    ctx.strokeStyle = '#1f2933';
    ctx.beginPath();
    ctx.arc(x, y, radius + 5, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = '#ffffff';
    ctx.stroke();
  }

  /**
   * The heatmap (or a grey plane before the first grid) and faint axes through the origin.
   * @param {CanvasRenderingContext2D} ctx
   * @param {number} w
   * @param {number} h
   */
  drawBackground(ctx, w, h) {
    if (this.hasGrid) {
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = this.quality;
      ctx.drawImage(this.offscreen, 0, 0, w, h);
      if (!performance.getEntriesByName('playground:first-output').length) performance.mark('playground:first-output'); // start-up time, read by bench/
    } else {
      ctx.fillStyle = '#eef0f2';
      ctx.fillRect(0, 0, w, h);
    }
    ctx.strokeStyle = 'rgb(0 0 0 / 0.12)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(w / 2, 0);
    ctx.lineTo(w / 2, h);
    ctx.moveTo(0, h / 2);
    ctx.lineTo(w, h / 2);
    ctx.stroke();
  }

  /**
   * Draws points (x1, x2, target triples) as filled circles; test points with a white
   * ring inside a dark one.
   * @param {CanvasRenderingContext2D} ctx
   * @param {number} w
   * @param {number} h
   * @param {ArrayLike<number>} points
   * @param {ColorMode} mode
   * @param {number} radius
   * @param {boolean} test
   */
  drawPoints(ctx, w, h, points, mode, radius, test) {
    ctx.lineWidth = test ? 1.6 : 1;
    ctx.strokeStyle = test ? '#ffffff' : 'rgb(20 24 28 / 0.85)';
    for (let i = 0; i + 2 < points.length; i += 3) {
      const { x, y } = toPixel(this.extent, w, h, points[i], points[i + 1]);
      ctx.fillStyle = css(pointColor(mode, points[i + 2]));
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

/**
 * The radius of the data points on a plane `w` CSS pixels wide.
 * @param {number} w
 */
function pointRadius(w) {
  return Math.max(2.5, Math.min(4.5, w / 110));
}

/**
 * The fill of a data point with this target: its class's colour, or for regression
 * the (stronger) diverging scale over the mode's range.
 * @param {ColorMode} mode
 * @param {number} target
 * @returns {RGB}
 */
export function pointColor(mode, target) {
  if (mode.kind === 'classes') return classColor(Math.round(target));
  if (mode.kind === 'regression') return diverging(unit(target, mode.lo, mode.hi), POINT_LOW, POINT_HIGH);
  return target >= 0.5 ? POINT_HIGH : POINT_LOW; // class 1 is coded hi, class 0 lo
}
