// @ts-check
// The W view: layer l's weight matrix as the lecture writes it (bias row first, one
// column per neuron), drawn as a heatmap in the diagram's colours with named rows and
// columns, and the numbers in the cells when they fit. The value under the mouse or at
// the keyboard's cell is read out; a cell is edited as in the diagram, through the
// core's `setWeight`. Redrawn with every frame while its panel is open.

import { fitCanvas } from '../lib/canvas.js';
import { css } from '../lib/colors.js';
import { formatWeight } from '../lib/format.js';
import { cellName, colNames, layerMatrix, rowNames, weightColor } from './matrix.js';

/** @typedef {import('./matrix.js').LayerMatrix} LayerMatrix */

/** Widest cell (px); numbers are written in cells at least NUMBER_CELL wide. */
const MAX_CELL = 64;
const MIN_CELL = 6;
const NUMBER_CELL = 46;

/**
 * Where the heatmap's parts are, in CSS pixels.
 * @typedef {object} Geometry
 * @property {number} labelW  width of the row names
 * @property {number} headH   height of the column names
 * @property {number} cellW
 * @property {number} cellH
 * @property {boolean} numbers  the values are written in the cells
 * @property {boolean} rotated  the column names are written upwards
 * @property {number} font      px
 */

/**
 * Lays the matrix out for `avail` px of width at font size `font` (text measured by `measure`).
 * @param {{rows: number, cols: number}} m
 * @param {string[]} rows
 * @param {string[]} cols
 * @param {number} avail
 * @param {number} font
 * @param {(text: string) => number} measure
 * @returns {Geometry}
 */
export function layOut(m, rows, cols, avail, font, measure) {
  const widest = (/** @type {string[]} */ names) => names.reduce((w, n) => Math.max(w, measure(n)), 0);
  const labelW = Math.min(Math.ceil(widest(rows)) + 8, Math.round(avail * 0.4));
  const cellW = Math.max(MIN_CELL, Math.min(MAX_CELL, Math.floor((avail - labelW - 2) / m.cols)));
  const numbers = cellW >= NUMBER_CELL;
  const cellH = numbers ? Math.round(font * 1.7) : Math.max(MIN_CELL, Math.min(cellW, Math.round(font * 1.3)));
  const colsW = widest(cols);
  const rotated = colsW > cellW - 4;
  const headH = rotated ? Math.min(Math.ceil(colsW) + 8, 140) : Math.round(font * 1.8);
  return { labelW, headH, cellW, cellH, numbers, rotated, font };
}

/** The heatmap of one layer's W on a canvas. */
export class WeightMatrixView {
  /** @param {HTMLCanvasElement} canvas */
  constructor(canvas) {
    this.canvas = canvas;
    /** @type {Geometry | null} */
    this.geometry = null;
    /** @type {LayerMatrix | null} */
    this.matrix = null;
    /** @type {string[]} */
    this.rows = [];
    /** @type {string[]} */
    this.cols = [];
    /** @type {{r: number, c: number} | null} the cell ringed (keyboard or edit) */
    this.selected = null;
  }

  /**
   * Takes layer `l`'s matrix and names from a run's weights.
   * @param {{shape: number[], featureLabels: string[]}} run
   * @param {string[]} outputs  the output layer's names
   * @param {ArrayLike<number>} weights
   * @param {number} l
   */
  take(run, outputs, weights, l) {
    this.matrix = layerMatrix(run.shape, weights, l);
    this.rows = rowNames(run.shape, l, run.featureLabels);
    this.cols = colNames(run.shape, l, outputs);
  }

  /** Value of cell (r, c), NaN without a matrix. @param {number} r @param {number} c */
  value(r, c) {
    const m = this.matrix;
    return m && r < m.rows && c < m.cols ? m.values[r * m.cols + c] : NaN;
  }

  /** "weight from fur = short to dog: 0.1234". @param {number} r @param {number} c */
  describe(r, c) {
    return `${cellName(this.rows, this.cols, r, c)}: ${formatWeight(this.value(r, c))}`;
  }

  /** Draws the matrix to fit `avail` px of width. @param {number} avail */
  draw(avail) {
    const m = this.matrix;
    if (!m) return;
    const font = parseFloat(getComputedStyle(this.canvas).fontSize) || 13;
    const probe = /** @type {CanvasRenderingContext2D} */ (this.canvas.getContext('2d'));
    probe.font = `${font}px system-ui, sans-serif`;
    const g = layOut(m, this.rows, this.cols, avail, font, (t) => probe.measureText(t).width);
    this.geometry = g;
    this.canvas.style.width = `${g.labelW + g.cellW * m.cols + 2}px`;
    this.canvas.style.height = `${g.headH + g.cellH * m.rows + 2}px`;
    const { ctx, w, h } = fitCanvas(this.canvas);
    ctx.clearRect(0, 0, w, h);
    ctx.font = `${font}px system-ui, sans-serif`;
    this.cells(ctx, m, g);
    this.names(ctx, m, g);
    this.ring(ctx, g);
  }

  /**
   * The coloured cells, a line under the bias row, the numbers when they fit.
   * @param {CanvasRenderingContext2D} ctx @param {LayerMatrix} m @param {Geometry} g
   */
  cells(ctx, m, g) {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (let r = 0; r < m.rows; r++) {
      for (let c = 0; c < m.cols; c++) {
        const v = m.values[r * m.cols + c];
        const x = g.labelW + c * g.cellW;
        const y = g.headH + r * g.cellH;
        ctx.fillStyle = css(weightColor(v));
        ctx.fillRect(x, y, g.cellW - (g.cellW > 8 ? 1 : 0), g.cellH - (g.cellH > 8 ? 1 : 0));
        if (g.numbers) {
          ctx.fillStyle = Math.abs(v) / (Math.abs(v) + 1) > 0.6 ? '#fff' : '#1d2125';
          ctx.fillText(v.toFixed(2).replace('-', '−'), x + g.cellW / 2, y + g.cellH / 2);
        }
      }
    }
    ctx.fillStyle = '#1d2125';
    ctx.fillRect(g.labelW, g.headH + g.cellH - 1, g.cellW * m.cols, 2); // the bias row apart
  }

  /**
   * Row names at the left (every k-th when rows are thinner than the text), column names on top.
   * @param {CanvasRenderingContext2D} ctx @param {LayerMatrix} m @param {Geometry} g
   */
  names(ctx, m, g) {
    ctx.fillStyle = '#1d2125';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const every = Math.max(1, Math.ceil((g.font * 1.1) / g.cellH));
    for (let r = 0; r < m.rows; r++) {
      if (r > 0 && r % every !== 0) continue;
      ctx.fillText(this.rows[r], g.labelW - 6, g.headH + (r + 0.5) * g.cellH, g.labelW - 6);
    }
    for (let c = 0; c < m.cols; c++) {
      const x = g.labelW + (c + 0.5) * g.cellW;
      if (!g.rotated) {
        ctx.textAlign = 'center';
        ctx.textBaseline = 'bottom';
        ctx.fillText(this.cols[c], x, g.headH - 4, g.cellW - 2);
        continue;
      }
      ctx.save();
      ctx.translate(x, g.headH - 4);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillText(this.cols[c], 0, 0, g.headH - 8);
      ctx.restore();
    }
  }

  /** A ring around the selected cell. @param {CanvasRenderingContext2D} ctx @param {Geometry} g */
  ring(ctx, g) {
    if (!this.selected) return;
    const { r, c } = this.selected;
    ctx.strokeStyle = '#000';
    ctx.lineWidth = 2;
    ctx.strokeRect(g.labelW + c * g.cellW + 1, g.headH + r * g.cellH + 1, g.cellW - 2, g.cellH - 2);
  }

  /**
   * The cell at (x, y) CSS px of the canvas, or null.
   * @param {number} x @param {number} y
   * @returns {{r: number, c: number} | null}
   */
  hit(x, y) {
    const g = this.geometry;
    const m = this.matrix;
    if (!g || !m) return null;
    const c = Math.floor((x - g.labelW) / g.cellW);
    const r = Math.floor((y - g.headH) / g.cellH);
    return r >= 0 && r < m.rows && c >= 0 && c < m.cols ? { r, c } : null;
  }

  /**
   * The centre of cell (r, c) in CSS px (the tests point at it).
   * @param {number} r @param {number} c
   */
  cellPoint(r, c) {
    const g = this.geometry;
    return g ? { x: g.labelW + (c + 0.5) * g.cellW, y: g.headH + (r + 0.5) * g.cellH } : null;
  }
}
