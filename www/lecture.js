// What the lecture adds to the output panel: accuracy (or R²) beside the losses, a
// confusion matrix, the closed-form least-squares solution next to gradient descent,
// and the measured speed (epochs per second, frames per second).
//
// Every number comes from the worker: the metrics arrive with the frames a few times
// a second (worker-pace.js), the least-squares losses as the answer to a request.

import { rpc } from './worker-rpc.js';
import { classColor, css } from './colors.js';
import { formatLoss } from './loss-chart.js';

const $ = (id) => document.getElementById(id);


const formatLoss4 = (v) => formatLoss(v, 4);
const percent = (v) => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : '–');
const r2 = (v) => (Number.isFinite(v) ? v.toFixed(3) : '–');
const thousands = (n) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Rates over a sliding window of the frames drawn: epochs per second, frames per second. */
export class RateMeter {
  constructor(windowMs = 1000) {
    this.windowMs = windowMs;
    this.samples = []; // [time ms, epoch]
  }

  reset() {
    this.samples = [];
  }

  /** A frame was drawn at `t` (ms) showing `epoch`. */
  add(t, epoch) {
    const last = this.samples[this.samples.length - 1];
    if (last && epoch < last[1]) this.samples = []; // a new run
    this.samples.push([t, epoch]);
    while (this.samples.length > 2 && this.samples[0][0] < t - this.windowMs) this.samples.shift();
  }

  /** `{ eps, fps }` now (0 once no frame arrived for a while: paused). */
  rates(now = performance.now()) {
    const s = this.samples;
    if (s.length < 2 || now - s[s.length - 1][0] > 500) return { eps: 0, fps: 0 };
    const dt = (s[s.length - 1][0] - s[0][0]) / 1000;
    if (dt <= 0) return { eps: 0, fps: 0 };
    return { eps: (s[s.length - 1][1] - s[0][1]) / dt, fps: (s.length - 1) / dt };
  }
}

/**
 * Wires the output panel's lecture parts. `worker` and `send` reach the worker,
 * `pause()` stops training (before the least-squares solve), `showTest()` says
 * whether the test split is shown (the confusion matrix follows it).
 */
export function createLecture({ worker, send, pause, showTest }) {
  const request = rpc(worker, send);
  const meter = new RateMeter();
  let run = null;
  let metrics = null;
  let leastSquares = null; // {before, after} or {error}
  let shownAt = 0;
  let drawMs = 0;
  let workMs = 0; // the worker's time per frame (training + pictures), moving average
  let trainMs = 0; // of which training

  const trainMetric = $('train-metric');
  const testMetric = $('test-metric');
  const tools = $('lecture-tools');
  const confusion = document.createElement('div');
  confusion.className = 'confusion-box';
  confusion.id = 'confusion';
  const lsqButton = document.createElement('button');
  lsqButton.type = 'button';
  lsqButton.id = 'least-squares';
  lsqButton.className = 'text-button small';
  lsqButton.textContent = 'Solve by least squares';
  const lsqResult = document.createElement('p');
  lsqResult.id = 'least-squares-result';
  lsqResult.className = 'lsq-result';
  lsqResult.setAttribute('role', 'status');
  const lsq = document.createElement('div');
  lsq.className = 'lsq';
  lsq.append(lsqButton, lsqResult);
  tools.replaceChildren(confusion, lsq);

  function linear(r) {
    const out = r.activations?.[r.activations.length - 1];
    return r.shape.length === 2 && out?.kind === 'linear';
  }

  function showLeastSquares() {
    lsqResult.classList.toggle('error', Boolean(leastSquares?.error));
    if (!leastSquares) {
      lsqResult.textContent = linear(run ?? { shape: [] })
        ? 'W = (XᵀX)⁻¹XᵀD in one step, to compare with gradient descent.'
        : 'For the linear network: 0 hidden layers and a linear output.';
      return;
    }
    if (leastSquares.error) {
      lsqResult.textContent = `Least squares: ${leastSquares.error}`;
      return;
    }
    const { before, after } = leastSquares;
    lsqResult.textContent =
      `Least squares: E = ${formatLoss4(after.train)} (test ${formatLoss4(after.test)}); ` +
      `gradient descent had E = ${formatLoss4(before.train)} (test ${formatLoss4(before.test)}) at epoch ${thousands(before.epoch)}.`;
  }

  lsqButton.addEventListener('click', async () => {
    if (!run) return;
    pause();
    lsqButton.disabled = true;
    lsqResult.textContent = 'Solving…';
    const id = run.id;
    try {
      const value = await request('leastSquares');
      if (run?.id === id) leastSquares = value;
    } catch (err) {
      if (run?.id === id) leastSquares = { error: err.message.replace(/\.$/, '') + '.' };
    }
    lsqButton.disabled = !run || !linear(run);
    showLeastSquares();
  });

  function showMetrics() {
    const regression = run?.classes === 0;
    $('train-metric-label').textContent = regression ? 'Training R²' : 'Training accuracy';
    $('test-metric-label').textContent = regression ? 'Test R²' : 'Test accuracy';
    for (const [el, m] of [
      [trainMetric, metrics?.train],
      [testMetric, metrics?.test],
    ]) {
      const value = regression ? m?.r_squared : m?.accuracy;
      el.textContent = m ? (regression ? r2(value) : percent(value)) : '–';
      el.dataset.value = m && Number.isFinite(value) ? String(value) : '';
    }
    showConfusion();
  }

  function showConfusion() {
    const split = showTest() ? 'test' : 'train';
    const matrix = metrics?.[split]?.confusion;
    if (!run || run.classes === 0 || !matrix) {
      confusion.replaceChildren();
      confusion.hidden = true;
      return;
    }
    confusion.hidden = false;
    const k = matrix.length;
    const table = document.createElement('table');
    table.className = 'confusion';
    table.dataset.split = split;
    const caption = document.createElement('caption');
    caption.textContent = `Confusion, ${split === 'test' ? 'test' : 'training'} set: rows actual, columns predicted`;
    table.append(caption);
    const head = document.createElement('tr');
    head.append(document.createElement('th'));
    for (let j = 0; j < k; j++) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = String(j);
      th.style.color = css(classColor(j));
      th.title = `predicted class ${j}`;
      head.append(th);
    }
    const thead = document.createElement('thead');
    thead.append(head);
    const tbody = document.createElement('tbody');
    for (let i = 0; i < k; i++) {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = String(i);
      th.style.color = css(classColor(i));
      th.title = `actual class ${i}`;
      tr.append(th);
      const total = matrix[i].reduce((a, b) => a + b, 0) || 1;
      for (let j = 0; j < k; j++) {
        const td = document.createElement('td');
        const n = matrix[i][j];
        td.textContent = String(n);
        const share = n / total;
        td.style.background =
          i === j ? css(classColor(i, 0.15 + 0.6 * share)) : n > 0 ? `rgb(214 69 69 / ${0.08 + 0.5 * share})` : '';
        tr.append(td);
      }
      tbody.append(tr);
    }
    table.append(thead, tbody);
    confusion.replaceChildren(table);
  }

  function showRate() {
    const { eps, fps } = meter.rates();
    const el = $('speed-rate');
    const text = eps > 0 ? `${thousands(eps)} epochs/s · ${Math.round(fps)} fps` : '';
    if (el.textContent !== text) el.textContent = text;
  }
  setInterval(showRate, 500);

  return {
    /** A new run was built: reset everything that belonged to the old one. */
    onRun(r, limits) {
      run = r;
      metrics = null;
      leastSquares = null;
      meter.reset();
      lsqButton.disabled = !linear(r);
      lsqButton.title = linear(r)
        ? 'Replace the weights by the closed-form least-squares solution W = (XᵀX)⁻¹XᵀD'
        : 'Needs the linear network: 0 hidden layers and a linear output activation';
      showLeastSquares();
      showMetrics();
      const e = limits?.extent;
      if (e) {
        const label = (v) => String(v).replace('-', '−');
        const ys = document.querySelectorAll('.axis-y span');
        const xs = document.querySelectorAll('.axis-x span');
        if (ys.length === 3) [ys[0].textContent, ys[2].textContent] = [label(e), label(-e)];
        if (xs.length === 3) [xs[0].textContent, xs[2].textContent] = [label(-e), label(e)];
      }
    },
    /** A frame arrived (`drawn`: it changed the picture, taking `ms` to draw). */
    onFrame(msg, drawn, ms = 0) {
      if (!run || msg.run !== run.id) return;
      if (drawn) {
        meter.add(performance.now(), msg.epoch);
        drawMs = drawMs ? drawMs + 0.1 * (ms - drawMs) : ms;
        if (msg.workMs !== undefined) {
          workMs = workMs ? workMs + 0.1 * (msg.workMs - workMs) : msg.workMs;
          trainMs = trainMs ? trainMs + 0.1 * (msg.trainMs - trainMs) : msg.trainMs;
        }
      }
      if (msg.metrics) {
        metrics = msg.metrics;
        showMetrics();
      }
      const now = performance.now();
      if (now - shownAt > 250) {
        shownAt = now;
        showRate();
      }
    },
    /** The test split was shown or hidden. */
    onShowTest: showConfusion,
    snapshot() {
      const { eps, fps } = meter.rates();
      return {
        epochsPerSecond: eps,
        fps,
        drawMs,
        workMs,
        trainMs,
        metrics: metrics ? structuredClone(metrics) : null,
        leastSquares: leastSquares ? structuredClone(leastSquares) : null,
      };
    },
  };
}
