// The network diagram answers the mouse: hovering a link shows its weight, hovering a
// neuron its bias; clicking either opens a small editor, and the value typed goes to the
// core's `setWeight(layer, from, to, value)` (`from` = the layer's input count means
// the bias). A value the core refuses shows its message and changes nothing.
//
// The positions come from the last drawing (`NetworkView.layout`); links are the same
// cubic curves plot.js draws: from the right edge of one box to the left edge of the
// next, control points half-way across at each end's height.

import { rpc } from './worker-rpc.js';

const $ = (id) => document.getElementById(id);
const LINK_HIT = 5; // CSS pixels from a link's curve that still count as on it
const CURVE_STEPS = 24;

/** Point at `t` of the curve of the link from (x0, y0) to (x1, y1) between boxes of size `node`. */
function curvePoint(x0, y0, x1, y1, node, t) {
  const ax = x0 + node / 2;
  const bx = x1 - node / 2;
  const mx = (x0 + x1) / 2;
  const u = 1 - t;
  return [
    u * u * u * ax + 3 * u * u * t * mx + 3 * u * t * t * mx + t * t * t * bx,
    u * u * u * y0 + 3 * u * u * t * y0 + 3 * u * t * t * y1 + t * t * t * y1,
  ];
}

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Index in `weights()` of weight `from -> to` of column `l` (bias when `from` is the input count). */
function weightIndex(shape, l, from, to) {
  let offset = 0;
  for (let k = 1; k < l; k++) offset += shape[k - 1] * shape[k] + shape[k];
  return offset + from * shape[l] + to;
}

const formatWeight = (v) => (Number.isFinite(v) ? (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(3) : v.toFixed(4)) : String(v));

export function installDiagramTools({ worker, send, view, networkView }) {
  const request = rpc(worker, send);
  const canvas = $('network-canvas');
  const panel = canvas.closest('.panel');
  const tip = $('diagram-tip');
  const editor = $('weight-editor');
  const input = $('weight-value');
  const error = $('weight-error');
  error.dataset.kind = 'error';
  let editing = null; // the target being edited
  let edits = 0;

  function neuronName(l, j, layers) {
    if (l === 0) return view.run?.featureLabels?.[j] ?? `input ${j + 1}`;
    return `neuron ${j + 1} of ${l === layers - 1 ? 'the output layer' : `hidden layer ${l}`}`;
  }

  /** What is under (x, y) in canvas CSS pixels: a neuron, a link, or null. */
  function hit(x, y) {
    const layout = networkView.layout;
    if (!layout || !view.run) return null;
    const { shape, pos, node } = layout;
    for (let l = 0; l < shape.length; l++) {
      for (let j = 0; j < shape[l]; j++) {
        const [cx, cy] = pos[l][j];
        if (Math.abs(x - cx) <= node / 2 && Math.abs(y - cy) <= node / 2) return { kind: 'neuron', l, j };
      }
    }
    let best = null;
    let bestD = LINK_HIT;
    for (let l = 1; l < shape.length; l++) {
      const [xa] = pos[l - 1][0];
      const [xb] = pos[l][0];
      if (x < xa + node / 2 - LINK_HIT || x > xb - node / 2 + LINK_HIT) continue;
      for (let i = 0; i < shape[l - 1]; i++) {
        for (let j = 0; j < shape[l]; j++) {
          const [x0, y0] = pos[l - 1][i];
          const [x1, y1] = pos[l][j];
          let prev = curvePoint(x0, y0, x1, y1, node, 0);
          for (let s = 1; s <= CURVE_STEPS; s++) {
            const next = curvePoint(x0, y0, x1, y1, node, s / CURVE_STEPS);
            const d = distanceToSegment(x, y, prev, next);
            if (d < bestD) {
              bestD = d;
              best = { kind: 'link', l, i, j };
            }
            prev = next;
          }
        }
      }
    }
    return best;
  }

  /** The parameter behind a hit: its description, value and `setWeight` arguments. */
  function describe(target) {
    const { shape, weights } = networkView.layout;
    const layers = shape.length;
    if (target.kind === 'neuron') {
      if (target.l === 0) return { text: `Input ${neuronName(0, target.j, layers)}`, editable: false };
      const index = weightIndex(shape, target.l, shape[target.l - 1], target.j);
      const value = weights?.[index];
      return {
        text: `Bias of ${neuronName(target.l, target.j, layers)}`,
        value,
        editable: weights !== null,
        args: { layer: target.l - 1, from: shape[target.l - 1], to: target.j },
      };
    }
    const index = weightIndex(shape, target.l, target.i, target.j);
    return {
      text: `Weight from ${neuronName(target.l - 1, target.i, layers)} to ${neuronName(target.l, target.j, layers)}`,
      value: weights?.[index],
      editable: weights !== null,
      args: { layer: target.l - 1, from: target.i, to: target.j },
    };
  }

  /** Places `el` near canvas point (x, y), inside the panel. */
  function place(el, x, y) {
    const c = canvas.getBoundingClientRect();
    const p = panel.getBoundingClientRect();
    const left = c.left - p.left + x + 14;
    const top = c.top - p.top + y + 12;
    el.style.left = `${Math.min(left, p.width - el.offsetWidth - 8)}px`;
    el.style.top = `${top}px`;
  }

  canvas.addEventListener('pointermove', (event) => {
    const target = hit(event.offsetX, event.offsetY);
    canvas.classList.toggle('pointing', Boolean(target && (target.kind === 'link' || target.l > 0)));
    if (!target) {
      tip.hidden = true;
      return;
    }
    const d = describe(target);
    tip.textContent = d.value === undefined ? d.text : `${d.text}: ${formatWeight(d.value)}`;
    tip.hidden = false;
    place(tip, event.offsetX, event.offsetY);
  });
  canvas.addEventListener('pointerleave', () => {
    tip.hidden = true;
  });

  function close() {
    editor.hidden = true;
    editing = null;
    error.hidden = true;
  }

  canvas.addEventListener('click', (event) => {
    const target = hit(event.offsetX, event.offsetY);
    if (!target) {
      close();
      return;
    }
    const d = describe(target);
    if (!d.editable) return;
    editing = d;
    $('weight-label').textContent = d.text;
    input.value = Number.isFinite(d.value) ? String(d.value) : '';
    error.hidden = true;
    tip.hidden = true;
    editor.hidden = false;
    place(editor, event.offsetX, event.offsetY);
    input.focus();
    input.select();
  });

  editor.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!editing) return;
    const text = input.value.trim().replace(/\u2212/g, '-');
    const value = text === '' ? NaN : Number(text);
    try {
      await request('setWeight', { ...editing.args, value });
      edits += 1;
      close();
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
      input.focus();
    }
  });
  $('weight-cancel').addEventListener('click', close);
  editor.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close();
  });
  // A new run has other weights: an open editor would edit the wrong one.
  worker.addEventListener('message', (event) => {
    if (event.data?.type === 'config' && event.data.ok) close();
  });

  /** Where each link and neuron is (for tests: click there to edit it). */
  function targets() {
    const layout = networkView.layout;
    if (!layout) return { links: [], neurons: [] };
    const { shape, pos, node } = layout;
    const links = [];
    const neurons = [];
    for (let l = 1; l < shape.length; l++) {
      for (let j = 0; j < shape[l]; j++) {
        neurons.push({ layer: l - 1, index: j, x: pos[l][j][0], y: pos[l][j][1] });
        for (let i = 0; i < shape[l - 1]; i++) {
          const [x, y] = curvePoint(pos[l - 1][i][0], pos[l - 1][i][1], pos[l][j][0], pos[l][j][1], node, 0.2);
          links.push({ layer: l - 1, from: i, to: j, x, y });
        }
      }
    }
    return { links, neurons };
  }

  return {
    snapshot: () => ({ weightEdits: edits, diagram: targets(), weightError: error.hidden ? '' : error.textContent }),
  };
}
