// @ts-check
// One card per run of a comparison: its name and differences, its output plane (the
// same colours as every other card) or, on a table, its test confusion matrix as a
// picture (no plane: a table has no two inputs to draw over), its numbers and why it
// stopped. Run A's card shows the page's own run.

import { h, setText } from '../lib/dom.js';
import { css, runColor, HIGH, POINT_LOW } from '../lib/colors.js';
import { formatLoss, thousands } from '../lib/format.js';
import { OutputView } from '../views/output-view.js';
import { keepSize } from '../lib/canvas.js';

/** @typedef {import('../app/state.js').State} State */

/**
 * The numbers of a run: epoch, losses, accuracy or R².
 * @param {State} s
 * @returns {Array<[string, string]>}
 */
export function runNumbers(s) {
  const regression = s.run?.classes === 0;
  const metric = (/** @type {any} */ m) => {
    const v = regression ? m?.r_squared : m?.accuracy;
    return Number.isFinite(v) ? (regression ? v.toFixed(3) : `${(100 * v).toFixed(1)}%`) : '–';
  };
  const what = regression ? 'R²' : 'accuracy';
  /** @type {Array<[string, string]>} */
  const numbers = [
    ['epoch', thousands(s.progress.epoch)],
    ['training loss', formatLoss(s.progress.trainLoss)],
    ['test loss', formatLoss(s.progress.testLoss)],
  ];
  // A table run has no plane to look at: both splits' figures instead.
  if (s.run?.table) numbers.push([`training ${what}`, metric(s.metrics?.train)]);
  numbers.push([`test ${what}`, metric(s.metrics?.test)]);
  return numbers;
}

/**
 * The test confusion matrix of a table run as a picture's layout: `counts[actual][predicted]`
 * as cells shaded by their share of the actual class's rows (the results panel's shading),
 * and its accessible name.
 * @param {string} name  the run's
 * @param {number[][]} counts
 * @returns {{cells: Array<{actual: number, predicted: number, shade: number}>, label: string}}
 */
export function confusionPicture(name, counts) {
  const total = counts.flat().reduce((a, b) => a + b, 0);
  const right = counts.reduce((a, row, k) => a + (row[k] ?? 0), 0);
  const cells = counts.flatMap((row, actual) => {
    const rows = row.reduce((a, b) => a + b, 0);
    return row.map((count, predicted) => ({ actual, predicted, shade: rows > 0 ? count / rows : 0 }));
  });
  const share = total > 0 ? `${Math.round((100 * right) / total)} %` : '–';
  return { cells, label: `Run ${name}: the test confusion matrix, ${counts.length} classes, ${share} of the test rows on the diagonal` };
}

/** How close to the least-squares loss counts as having reached it. */
export const REACHED_WITHIN = 0.01;

/**
 * What a run trained by gradient descent has done against a loss solved in closed form
 * (`target`, by least squares): the first epoch of its chart at which its training loss
 * is within REACHED_WITHIN of it ("by": the chart keeps every few epochs), or not yet.
 * @param {Array<{epoch: number, train: number}>} history
 * @param {number} target
 * @returns {string}
 */
export function reachedText(history, target) {
  const point = history.find((p) => p.train <= target * (1 + REACHED_WITHIN));
  const percent = `${100 * REACHED_WITHIN} %`;
  return point
    ? `Within ${percent} of least squares' E = ${formatLoss(target, 4)} by epoch ${thousands(point.epoch)}.`
    : `Not yet within ${percent} of least squares' E = ${formatLoss(target, 4)}.`;
}

/** A run's card; `update(state)` shows a state of its run. */
export class RunCard {
  /**
   * @param {string} name
   * @param {number} index  the run's place (its colour)
   * @param {number} extent  half-width of the plane
   */
  constructor(name, index, extent) {
    this.name = name;
    this.title = h('strong', { class: 'run-name', text: name });
    this.title.style.color = css(runColor(index));
    this.diff = h('span', { class: 'run-diff' });
    this.canvas = /** @type {HTMLCanvasElement} */ (h('canvas', { class: 'run-plane', role: 'img', 'aria-label': `Run ${name}: the output over the plane` }));
    this.numbers = h('dl', { class: 'run-numbers' });
    this.status = h('p', { class: 'run-status', role: 'status' });
    /** Against a run of the comparison solved by least squares (reachedText), if any. */
    this.reached = h('p', { class: 'run-status run-reached' });
    this.reached.hidden = true;
    this.tools = h('div', { class: 'run-tools', 'data-hide': 'compare' });
    this.element = h('article', { class: 'run-card', id: `run-card-${name}`, 'aria-label': `Run ${name}` },
      h('header', {}, this.title, this.diff), this.canvas, this.numbers, this.status, this.reached, this.tools);
    this.view = new OutputView(this.canvas, extent);
    /** Called when the plane's canvas changes size (the panel redraws the card). */
    this.resized = () => {};
    keepSize(this.canvas, () => this.resized());
    /** @type {HTMLCanvasElement|null} on a table run, the test confusion matrix (classes) in the plane's place; made the first time */
    this.matrix = null;
    /** @type {any} */
    this.frame = null;
    /** @type {any} */
    this.drawnMetrics = null;
    /** The names of the numbers shown, one per line (showNumbers). */
    this.numberNames = '';
  }

  /**
   * On a table run, shows the test confusion matrix (or nothing, for numbers) instead of the plane.
   * @param {State} s
   */
  showTable(s) {
    const counts = s.run?.classes ? s.metrics?.test?.confusion : null;
    this.canvas.hidden = true;
    if (!this.matrix && counts) {
      this.matrix = /** @type {HTMLCanvasElement} */ (h('canvas', { class: 'run-plane run-matrix', role: 'img', 'aria-label': `Run ${this.name}: the test confusion matrix` }));
      this.canvas.after(this.matrix);
    }
    const matrix = this.matrix;
    if (!matrix) return;
    matrix.hidden = !counts;
    if (!counts || s.metrics === this.drawnMetrics) return;
    this.drawnMetrics = s.metrics;
    const { cells, label } = confusionPicture(this.name, counts);
    matrix.setAttribute('aria-label', label);
    const size = Math.max(1, Math.round(matrix.clientWidth || 160));
    const dpr = globalThis.devicePixelRatio || 1;
    matrix.width = matrix.height = Math.round(size * dpr);
    const ctx = matrix.getContext('2d');
    if (!ctx) return;
    const cell = matrix.width / counts.length;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, matrix.width, matrix.height);
    for (const c of cells) {
      if (c.shade <= 0) continue;
      ctx.fillStyle = css(c.actual === c.predicted ? HIGH : POINT_LOW, 0.15 + 0.85 * c.shade);
      ctx.fillRect(c.predicted * cell, c.actual * cell, Math.ceil(cell), Math.ceil(cell));
    }
  }

  /**
   * Shows the run's numbers: the same names as last time only get their values set (a
   * card redraws at every frame, and rebuilding its list would lay the page out again).
   * @param {Array<[string, string]>} numbers
   */
  showNumbers(numbers) {
    const names = numbers.map(([k]) => k).join('\n');
    if (names !== this.numberNames) {
      this.numberNames = names;
      this.numbers.replaceChildren(...numbers.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })]));
      return;
    }
    numbers.forEach(([, v], i) => setText(/** @type {HTMLElement} */ (this.numbers.children[2 * i + 1]), v));
  }

  /**
   * Shows how the run stands against a least-squares solution ('' for none).
   * @param {string} text
   */
  setReached(text) {
    setText(this.reached, text);
    this.reached.hidden = !text;
  }

  /**
   * Shows the differences of the run in words.
   * @param {string[]} lines
   */
  setDiff(lines) {
    setText(this.diff, lines.length ? lines.join(', ') : this.name === 'A' ? 'the settings above' : 'no difference');
    this.diff.classList.toggle('differs', lines.length > 0);
  }

  /**
   * Shows a state of the run: its picture, then its words.
   * @param {State} s
   */
  update(s) {
    this.draw(s);
    this.show(s);
  }

  /**
   * Draws the run's picture: the plane when a new frame came, or a table run's matrix.
   * Reads the canvas's size, so the panel draws every card before it writes any words
   * (a read after a write would lay the page out once per card).
   * @param {State} s
   */
  draw(s) {
    if (s.run?.table) this.showTable(s);
    else {
      this.canvas.hidden = false;
      if (this.matrix) this.matrix.hidden = true;
    }
    if (s.frame !== this.frame && s.frame?.grid && s.run && s.frame.run === s.run.id) {
      this.view.setGrid(/** @type {any} */ (s.frame), s.run.outputs, s.run.mode, s.view.discretize);
    }
    this.frame = s.frame;
    this.view.quality = s.playing ? 'low' : 'high';
    this.view.draw(s.run, false);
  }

  /**
   * Writes the run's numbers and status.
   * @param {State} s
   */
  show(s) {
    this.showNumbers(runNumbers(s));
    const problem = s.problems?.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ');
    const ls = s.leastSquares;
    const solved = ls && !ls.error ? `Solved by least squares: E = ${formatLoss(ls.after.train, 4)}.` : ls?.error ? `Least squares: ${ls.error}` : '';
    setText(this.status, s.workerError ?? (problem ? `Not applied: ${problem}` : s.progress.stopMessage ?? solved));
    this.status.dataset.state = s.progress.stopMessage ? 'stopped' : problem || s.workerError ? 'error' : '';
  }
}
