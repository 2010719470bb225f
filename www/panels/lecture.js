// @ts-check
// What the lecture adds to the output panel: accuracy (or R²) beside the losses, a
// confusion matrix (of the split "show test" picks), the closed-form least-squares
// solution next to gradient descent, and the measured speed (epochs per second, frames
// per second). Every number comes from the worker through the store: the metrics
// (`state.metrics`), the least-squares losses (`state.leastSquares`, set here), the
// frames (`state.frame`, one per picture drawn).

import { byId, h, setText } from '../lib/dom.js';
import { classColor, css } from '../lib/colors.js';
import { formatLoss, thousands } from '../lib/format.js';
import { watch } from '../app/store.js';

/** @typedef {import('../app/state.js').State} State */
/** @typedef {import('../app/store.js').Store<State>} Store */
/** @typedef {{request: (method: string, args?: any) => Promise<any>, play: (playing: boolean) => void}} Connection */

/** How long the last measured rate stays on screen after the frames stop (paused). */
const RATE_HOLD_MS = 4000;
/** Frames older than this mean training stopped: the meter reads 0. */
const RATE_STALE_MS = 500;

/** @param {number} v */
const formatLoss4 = (v) => formatLoss(v, 4);
/** @param {number} v */
const percent = (v) => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : '–');
/** @param {number} v */
const r2 = (v) => (Number.isFinite(v) ? v.toFixed(3) : '–');
/** @param {number} n */
const whole = (n) => thousands(Math.round(n));
/** Moving average: the first value, then a tenth of the way to each new one. @type {(avg: number, v: number) => number} */
const smooth = (avg, v) => (avg ? avg + 0.1 * (v - avg) : v);

/** Rates over a sliding window of the frames drawn: epochs per second, frames per second. */
export class RateMeter {
  constructor(windowMs = 1000) {
    this.windowMs = windowMs;
    /** @type {Array<[number, number]>} [time ms, epoch] */
    this.samples = [];
  }

  reset() {
    this.samples = [];
  }

  /**
   * A frame was drawn at `t` (ms) showing `epoch`.
   * @param {number} t
   * @param {number} epoch
   */
  add(t, epoch) {
    const last = this.samples[this.samples.length - 1];
    if (last && epoch < last[1]) this.samples = []; // a new run
    this.samples.push([t, epoch]);
    while (this.samples.length > 2 && this.samples[0][0] < t - this.windowMs) this.samples.shift();
  }

  /**
   * `{eps, fps}` now (0 once no frame arrived for a while: paused).
   * @param {number} [now]
   */
  rates(now = performance.now()) {
    const s = this.samples;
    if (s.length < 2 || now - s[s.length - 1][0] > RATE_STALE_MS) return { eps: 0, fps: 0 };
    const dt = (s[s.length - 1][0] - s[0][0]) / 1000;
    if (dt <= 0) return { eps: 0, fps: 0 };
    return { eps: (s[s.length - 1][1] - s[0][1]) / dt, fps: (s.length - 1) / dt };
  }

  /** Time (ms) of the last frame, or -Infinity. */
  lastAt() {
    return this.samples.length ? this.samples[this.samples.length - 1][0] : -Infinity;
  }
}

/**
 * Whether a run is the linear network least squares solves (no hidden layer, linear output).
 * @param {any} run
 */
function linear(run) {
  const out = run?.activations?.[run.activations.length - 1];
  return Boolean(run) && run.shape.length === 2 && out?.kind === 'linear';
}

/**
 * One row of the confusion matrix: actual class `i`, its counts by predicted class.
 * @param {number[]} row
 * @param {number} i
 */
function confusionRow(row, i) {
  const total = row.reduce((a, b) => a + b, 0) || 1;
  const th = h('th', { scope: 'row', text: String(i), title: `actual class ${i}` });
  th.style.color = css(classColor(i));
  const cells = row.map((n, j) => {
    const td = h('td', { text: String(n) });
    const share = n / total;
    td.style.background = i === j ? css(classColor(i, 0.15 + 0.6 * share)) : n > 0 ? `rgb(214 69 69 / ${0.08 + 0.5 * share})` : '';
    return td;
  });
  return h('tr', {}, th, ...cells);
}

/**
 * The confusion matrix of one split as a table (rows actual, columns predicted).
 * @param {number[][]} matrix
 * @param {'train'|'test'} split
 */
function confusionTable(matrix, split) {
  const caption = h('caption', { text: `Confusion, ${split === 'test' ? 'test' : 'training'} set: rows actual, columns predicted` });
  const heads = matrix.map((_, j) => {
    const th = h('th', { scope: 'col', text: String(j), title: `predicted class ${j}` });
    th.style.color = css(classColor(j));
    return th;
  });
  const thead = h('thead', {}, h('tr', {}, h('td'), ...heads)); // the corner names nothing
  const tbody = h('tbody', {}, ...matrix.map(confusionRow));
  const table = h('table', { class: 'lecture-confusion' }, caption, thead, tbody);
  table.dataset.split = split;
  return table;
}

/**
 * Accuracy (or R²) of both splits beside the losses, and the confusion matrix.
 * @param {HTMLElement} box  `#confusion`
 * @param {State} s
 */
function showMetrics(box, s) {
  const regression = s.run?.classes === 0;
  setText(byId('train-metric-label'), regression ? 'Training R²' : 'Training accuracy');
  setText(byId('test-metric-label'), regression ? 'Test R²' : 'Test accuracy');
  for (const split of ['train', 'test']) {
    const el = byId(`${split}-metric`);
    const m = s.metrics?.[split];
    const value = regression ? m?.r_squared : m?.accuracy;
    setText(el, m ? (regression ? r2(value) : percent(value)) : '–');
    el.dataset.value = m && Number.isFinite(value) ? String(value) : '';
  }
  const split = s.view.showTest ? 'test' : 'train';
  const matrix = s.metrics?.[split]?.confusion;
  // A table run's results panel has its own, with the class names (views/confusion.js).
  box.hidden = !s.run || regression || !matrix || Boolean(s.run.table);
  box.replaceChildren(...(box.hidden ? [] : [confusionTable(matrix, split)]));
}

/**
 * The least-squares line: what the button does, the result, or the core's reason.
 * @param {HTMLElement} result
 * @param {any} run
 * @param {any} ls  `{before, after}`, `{error}` or null
 */
function showLeastSquares(result, run, ls) {
  result.classList.toggle('error', Boolean(ls?.error));
  if (!ls) {
    result.textContent = linear(run)
      ? 'W = (XᵀX)⁻¹XᵀD in one step, to compare with gradient descent.'
      : 'For the linear network: 0 hidden layers and a linear output.';
  } else if (ls.error) {
    result.textContent = `Least squares: ${ls.error}`;
  } else {
    const { before, after } = ls;
    result.textContent =
      `Least squares: E = ${formatLoss4(after.train)} (test ${formatLoss4(after.test)}); ` +
      `gradient descent had E = ${formatLoss4(before.train)} (test ${formatLoss4(before.test)}) at epoch ${whole(before.epoch)}.`;
  }
}

/**
 * The least-squares button and its result line; the click pauses and asks the worker.
 * @param {Store} store
 * @param {Connection} connection
 */
function leastSquaresTool(store, connection) {
  const button = /** @type {HTMLButtonElement} */ (h('button', { type: 'button', id: 'least-squares', class: 'text-button small', text: 'Solve by least squares' }));
  const result = h('p', { id: 'least-squares-result', class: 'lsq-result', role: 'status' });
  button.addEventListener('click', async () => {
    const run = store.get().run;
    if (!run) return;
    connection.play(false);
    button.disabled = true;
    result.textContent = 'Solving…';
    /** @type {any} */
    let answer;
    try {
      answer = await connection.request('leastSquares');
    } catch (err) {
      answer = { error: `${String(err.message).replace(/\.$/, '')}.` };
    }
    if (store.get().run?.id === run.id) store.update({ leastSquares: answer });
    button.disabled = !linear(store.get().run);
  });
  watch(store, (s) => s.run, (run) => {
    button.disabled = !linear(run);
    button.title = linear(run)
      ? 'Replace the weights by the closed-form least-squares solution W = (XᵀX)⁻¹XᵀD'
      : 'Needs the linear network: 0 hidden layers and a linear output activation';
  });
  const show = (/** @type {State} */ s) => showLeastSquares(result, s.run, s.leastSquares);
  watch(store, (s) => s.leastSquares, (_, s) => show(s));
  watch(store, (s) => s.run, (_, s) => show(s));
  return h('div', { class: 'lsq' }, button, result);
}

/**
 * The speed meter: fed by the frames in the store, shown in `#speed-rate`; the last
 * rate stays for RATE_HOLD_MS after the frames stop, so a pause does not blank it at once.
 * @param {Store} store
 */
function speedMeter(store) {
  const meter = new RateMeter();
  const el = byId('speed-rate');
  const times = { drawMs: 0, workMs: 0, trainMs: 0 };
  let text = '';
  let shownAt = 0;
  function show() {
    const { eps, fps } = meter.rates();
    if (eps > 0) text = `${whole(eps)} epochs/s · ${Math.round(fps)} fps`;
    else if (performance.now() - meter.lastAt() > RATE_HOLD_MS) text = '';
    setText(el, text);
  }
  watch(store, (s) => s.run?.id, () => {
    meter.reset();
    text = '';
  });
  watch(store, (s) => s.frame, (f, s) => {
    if (!f) return;
    meter.add(performance.now(), f.epoch ?? s.progress.epoch);
    if (f.workMs !== undefined) times.workMs = smooth(times.workMs, f.workMs);
    if (f.trainMs !== undefined) times.trainMs = smooth(times.trainMs, f.trainMs);
    const now = performance.now();
    if (now - shownAt > 250) {
      shownAt = now;
      show();
    }
  });
  setInterval(show, 500);
  return { meter, times };
}

/**
 * Wires the output panel's lecture parts: `#train-metric`, `#test-metric` and their
 * labels, `#confusion` and the least-squares tool (built into `#lecture-tools`), and the
 * speed `#speed-rate`. Call `onDrawn(ms)` after each drawing of a frame with the
 * time it took (the meter counts the frames from the store; this only times drawing).
 * @param {{store: Store, connection: Connection}} deps
 */
export function mountLecture({ store, connection }) {
  const confusion = h('div', { class: 'confusion-box', id: 'confusion' });
  byId('lecture-tools').replaceChildren(confusion, leastSquaresTool(store, connection));
  watch(store, (s) => s.metrics, (_, s) => showMetrics(confusion, s));
  watch(store, (s) => s.run, (_, s) => showMetrics(confusion, s));
  watch(store, (s) => s.view.showTest, (_, s) => showMetrics(confusion, s));
  const { meter, times } = speedMeter(store);
  return {
    /**
     * A frame was drawn, taking `ms` milliseconds.
     * @param {number} ms
     */
    onDrawn(ms) {
      times.drawMs = smooth(times.drawMs, ms);
    },
    snapshot() {
      const { eps, fps } = meter.rates();
      return { epochsPerSecond: eps, fps, drawMs: times.drawMs, workMs: times.workMs, trainMs: times.trainMs };
    },
  };
}
