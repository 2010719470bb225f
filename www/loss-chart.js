// The loss chart: training (solid) and test (dashed) loss over epochs with labelled
// axes, on a log or linear scale (the "Log scale" box), the latest values beside it, and
// under the mouse a vertical guide with the values at that epoch. The numbers are the
// core's losses as the page received them; this only places them.

import { css, HIGH } from './colors.js';
import { fitCanvas } from './plot.js';

const TRAIN_COLOR = '#1f2933';
const TEST_COLOR = css(HIGH);

/** Short text for a loss value. */
export function formatValue(v) {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1).replace('e-', 'e−');
  return Number(v.toPrecision(3)).toString();
}

/** A loss for the readouts: `digits` decimals, exponent form when very large or small. */
export function formatLoss(v, digits = 3) {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞';
  if (v !== 0 && (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3)) return v.toExponential(2);
  return v.toFixed(digits);
}

/** Round steps (1, 2, 5 times a power of ten) about `count` of them over [lo, hi]. */
function niceTicks(lo, hi, count) {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** Ticks for a log axis over [10^lo, 10^hi]: powers of ten, with 2 and 5 when few. */
function logTicks(lo, hi) {
  const ticks = [];
  const decades = hi - lo;
  const mantissas = decades < 1.2 ? [1, 2, 5] : decades < 3 ? [1, 3] : [1];
  for (let p = Math.floor(lo); p <= Math.ceil(hi); p++) {
    for (const m of mantissas) {
      const v = m * 10 ** p;
      const l = Math.log10(v);
      if (l >= lo - 1e-9 && l <= hi + 1e-9) ticks.push(v);
    }
  }
  return ticks;
}

export class LossChart {
  constructor(canvas) {
    this.canvas = canvas;
    this.history = [];
    this.hoverX = null;
    this.logBox = document.getElementById('loss-log');
    this.readout = document.getElementById('loss-readout');
    canvas.addEventListener('pointermove', (event) => {
      this.hoverX = event.offsetX;
      this.draw(this.history);
    });
    canvas.addEventListener('pointerleave', () => {
      this.hoverX = null;
      this.draw(this.history);
    });
    this.logBox?.addEventListener('change', () => this.draw(this.history));
  }

  get log() {
    return this.logBox ? this.logBox.checked : true;
  }

  draw(history) {
    this.history = history;
    const { ctx, w, h } = fitCanvas(this.canvas);
    ctx.clearRect(0, 0, w, h);
    const scale = parseFloat(getComputedStyle(document.documentElement).fontSize) / 15 || 1;
    const font = Math.round(11 * scale);
    ctx.font = `${font}px system-ui, sans-serif`;
    const padL = Math.round(44 * scale);
    const padR = 8;
    const padT = 6;
    const padB = font + 6;
    const plotW = Math.max(10, w - padL - padR);
    const plotH = Math.max(10, h - padT - padB);
    ctx.strokeStyle = '#d5dade';
    ctx.lineWidth = 1;
    ctx.strokeRect(padL + 0.5, padT + 0.5, plotW, plotH);
    ctx.fillStyle = '#66707a';

    const log = this.log;
    const usable = (v) => Number.isFinite(v) && (!log || v > 0);
    const values = [];
    for (const p of history) {
      if (usable(p.train)) values.push(p.train);
      if (usable(p.test)) values.push(p.test);
    }
    const last = history[history.length - 1];
    this.showReadout(last, null);
    if (history.length < 2 || values.length === 0) {
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText('loss over epochs appears here while training', padL + plotW / 2, padT + plotH / 2);
      return;
    }

    // Vertical scale.
    let lo;
    let hi;
    let ticks;
    if (log) {
      lo = Math.log10(Math.min(...values));
      hi = Math.log10(Math.max(...values));
      if (hi - lo < 0.3) {
        const mid = (hi + lo) / 2;
        lo = mid - 0.15;
        hi = mid + 0.15;
      }
      ticks = logTicks(lo, hi);
    } else {
      lo = Math.min(0, Math.min(...values));
      hi = Math.max(...values) * 1.05;
      if (!(hi > lo)) hi = lo + 1;
      ticks = niceTicks(lo, hi, Math.max(2, Math.floor(plotH / (font * 2.2))));
    }
    const Y = log
      ? (v) => padT + (1 - (Math.log10(v) - lo) / (hi - lo)) * plotH
      : (v) => padT + (1 - (v - lo) / (hi - lo)) * plotH;
    const e0 = history[0].epoch;
    const e1 = Math.max(e0 + 1, last.epoch);
    const X = (e) => padL + ((e - e0) / (e1 - e0)) * plotW;

    // Grid and labels.
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    let lastLabelY = -Infinity;
    for (const t of [...ticks].reverse()) {
      const y = Y(t);
      if (y < padT - 1 || y > padT + plotH + 1) continue;
      ctx.strokeStyle = '#eef0f2';
      ctx.beginPath();
      ctx.moveTo(padL + 1, Math.round(y) + 0.5);
      ctx.lineTo(padL + plotW, Math.round(y) + 0.5);
      ctx.stroke();
      if (y - lastLabelY >= font + 2) {
        ctx.fillText(formatValue(t), padL - 4, Math.min(padT + plotH - font / 2, Math.max(padT + font / 2, y)));
        lastLabelY = y;
      }
    }
    ctx.textBaseline = 'top';
    const xTicks = niceTicks(e0, e1, Math.max(2, Math.floor(plotW / (font * 7)))).filter((e) => Number.isInteger(e));
    for (const e of xTicks) {
      const x = X(e);
      ctx.textAlign = x < padL + 10 ? 'left' : x > padL + plotW - 20 ? 'right' : 'center';
      ctx.fillText(e.toLocaleString('en-US'), x, padT + plotH + 3);
    }
    ctx.textAlign = 'left';

    // The two curves.
    const line = (key, color, dash) => {
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.8;
      ctx.setLineDash(dash);
      ctx.beginPath();
      let pen = false;
      for (const p of history) {
        const v = p[key];
        if (!usable(v)) {
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
    line('test', TEST_COLOR, [5, 3]);
    line('train', TRAIN_COLOR, []);
    ctx.restore();

    // The epoch under the mouse.
    if (this.hoverX !== null && this.hoverX >= padL && this.hoverX <= padL + plotW) {
      const epoch = e0 + ((this.hoverX - padL) / plotW) * (e1 - e0);
      let best = history[0];
      for (const p of history) if (Math.abs(p.epoch - epoch) < Math.abs(best.epoch - epoch)) best = p;
      const x = X(best.epoch);
      ctx.strokeStyle = 'rgb(31 41 51 / 0.5)';
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(Math.round(x) + 0.5, padT);
      ctx.lineTo(Math.round(x) + 0.5, padT + plotH);
      ctx.stroke();
      for (const [key, color] of [
        ['train', TRAIN_COLOR],
        ['test', TEST_COLOR],
      ]) {
        if (!usable(best[key])) continue;
        ctx.fillStyle = color;
        ctx.beginPath();
        ctx.arc(x, Y(best[key]), 3.5, 0, 2 * Math.PI);
        ctx.fill();
      }
      this.showReadout(best, true);
    }
  }

  /** The values at one point of the history, in the readout beside the chart. */
  showReadout(p, hovered) {
    if (!this.readout) return;
    if (!p) {
      this.readout.textContent = '';
      return;
    }
    const head = `${hovered ? 'at ' : ''}epoch ${p.epoch.toLocaleString('en-US')}:`;
    const key = `${head}|${p.train}|${p.test}`;
    if (this.readout.dataset.key === key) return;
    this.readout.dataset.key = key;
    this.readout.dataset.hover = hovered ? 'true' : 'false';
    const item = (cls, label, v) => {
      const span = document.createElement('span');
      span.className = `key ${cls}`;
      span.textContent = `${label} ${formatValue(v)}`;
      return span;
    };
    this.readout.replaceChildren(
      document.createTextNode(`${head} `),
      item('train', 'training', p.train),
      document.createTextNode(' '),
      item('test', 'test', p.test),
    );
  }
}
