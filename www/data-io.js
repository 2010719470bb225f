// Your own data: click the output plane to add a point of the chosen class (or value,
// for regression), shift-click or "Click removes" to remove the nearest, clear all;
// import a CSV file, export the current points as one.
//
// The first edit turns the current dataset into custom data (the core's samples, their
// coordinates rounded to the 0.01 grid so a link can carry them), and every edit
// rebuilds the run with `data.task = "custom"` and the points: the core splits them
// into training and test sets by the seed. A CSV file is parsed by the core
// (`parseCsv`), whose message names the line of any problem; then nothing changes.

import { classColor, css, diverging, unit, POINT_LOW, POINT_HIGH } from './colors.js';
import { rpc } from './worker-rpc.js';
import { download } from './model-io.js';
import { fitCanvas } from './plot.js';

const $ = (id) => document.getElementById(id);

/** Fewest points the core accepts for custom data; fewer wait on the plane. */
const MIN_CUSTOM_POINTS = 4;
/** How near (CSS pixels) a click must be to a point to remove it. */
const REMOVE_RADIUS = 14;
const COORD_STEP = 100; // coordinates of clicked and converted points: multiples of 0.01
const VALUE_STEP = 1000; // converted regression values: multiples of 0.001

const roundTo = (v, scale) => Math.round(v * scale) / scale;

/**
 * FNV-1a over the bit patterns of the sorted (x1, x2, target) triples: the same set of
 * points, the same hash. −0 counts as 0 (JSON, which carries the configuration to the
 * worker, writes both as 0).
 */
export function pointsHash(...arrays) {
  const triples = [];
  const z = (v) => (v === 0 ? 0 : v);
  for (const a of arrays) for (let i = 0; i + 2 < a.length; i += 3) triples.push([z(a[i]), z(a[i + 1]), z(a[i + 2])]);
  triples.sort((p, q) => p[0] - q[0] || p[1] - q[1] || p[2] - q[2]);
  const bits = new Uint32Array(new Float32Array(triples.flat()).buffer);
  let h = 0x811c9dc5;
  for (const b of bits) {
    h ^= b;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16);
}

export function installDataTools({ worker, send, view, controls, limits, applyConfig, initial }) {
  const request = rpc(worker, send);
  const extent = limits.extent;
  const overlay = $('plane-overlay');
  const message = $('data-message');

  /** The user's points `{samples, regression, classes}`, or null before the first edit. */
  let store = initial ? structuredClone(initial) : null;
  let pickedClass = 1;
  let hover = null; // mouse position in CSS pixels of the overlay
  let counts = { train: 0, test: 0, hash: '' };
  let revert = null; // what to restore if the core refuses the run an edit asked for

  const isCustom = () => view.run?.config?.data?.task === 'custom';
  const pending = () => store !== null && controls.state.task === 'custom' && store.samples.length < MIN_CUSTOM_POINTS;

  function say(text, kind = 'info') {
    message.textContent = text;
    message.dataset.kind = kind;
    message.hidden = !text;
  }

  /** Adds the user's points to a configuration built by the controls. */
  function decorate(config) {
    const data = config.data;
    if (data.task === 'custom' && store) {
      data.samples = store.samples.map((s) => ({ ...s }));
      data.regression = store.regression;
      if (!store.regression) data.classes = store.classes;
    } else {
      delete data.samples;
      data.regression = false;
    }
    return config;
  }

  /** Shows the custom pill and makes `custom` the task of the controls. */
  function selectCustom() {
    const config = controls.config();
    config.data.task = 'custom';
    controls.load(config);
    showPill();
  }

  function showPill() {
    const on = store !== null;
    $('datasets-custom').hidden = !on;
    $('datasets-custom-caption').hidden = !on;
    if (on) {
      const n = store.samples.length;
      $('dataset-custom-label').textContent = `Your points (${n})`;
    }
  }

  /** Rebuilds the run with the points (or waits for enough of them). */
  function commit(previous) {
    showPill();
    drawOverlay();
    if (pending()) return;
    revert = previous;
    applyConfig();
  }

  /** Runs `change(store)` on the user's points, converting the current data first. */
  async function edit(change) {
    say('');
    const previous = { store: store && structuredClone(store), config: controls.config() };
    if (controls.state.task !== 'custom' || store === null) {
      // The points on the plane become yours (what you see is what you edit).
      const { samples, classes } = await request('samples');
      const regression = classes === 0;
      store = {
        regression,
        classes: Math.max(2, classes),
        samples: samples.map((s) => ({
          x1: roundTo(s.x1, COORD_STEP),
          x2: roundTo(s.x2, COORD_STEP),
          target: regression ? roundTo(s.target, VALUE_STEP) : s.target,
        })),
      };
      selectCustom();
    }
    change(store);
    renderPicker();
    commit(previous);
  }

  // ---- the plane ------------------------------------------------------------------------

  function toPlane(x, y) {
    const w = overlay.clientWidth;
    const h = overlay.clientHeight;
    const clamp = (v) => Math.max(-extent, Math.min(extent, v));
    return {
      x1: clamp(roundTo((x / w) * 2 * extent - extent, COORD_STEP)),
      x2: clamp(roundTo(extent - (y / h) * 2 * extent, COORD_STEP)),
    };
  }

  function toPixels(x1, x2) {
    return {
      x: ((x1 + extent) / (2 * extent)) * overlay.clientWidth,
      y: ((extent - x2) / (2 * extent)) * overlay.clientHeight,
    };
  }

  /** The points on the plane now: the user's, or the run's. */
  function visiblePoints() {
    if (store && controls.state.task === 'custom') return store.samples;
    const out = [];
    for (const a of [view.run?.train, view.run?.test]) {
      if (!a) continue;
      for (let i = 0; i + 2 < a.length; i += 3) out.push({ x1: a[i], x2: a[i + 1], target: a[i + 2] });
    }
    return out;
  }

  /** Index of the point nearest to pixel (x, y) within the removal radius, or -1. */
  function nearest(points, x, y) {
    let best = -1;
    let bestD = REMOVE_RADIUS * REMOVE_RADIUS;
    points.forEach((s, i) => {
      const p = toPixels(s.x1, s.x2);
      const d = (p.x - x) ** 2 + (p.y - y) ** 2;
      if (d <= bestD) {
        bestD = d;
        best = i;
      }
    });
    return best;
  }

  const regressionNow = () => (store && controls.state.task === 'custom' ? store.regression : Boolean(view.run?.regression));

  function pointColor(target) {
    if (regressionNow()) return css(diverging(unit(target, -1, 1), POINT_LOW, POINT_HIGH));
    const classes = store && controls.state.task === 'custom' ? store.classes : view.run?.classes ?? 2;
    if (classes <= 2 && view.run?.mode?.kind !== 'classes') return css(target >= 0.5 ? POINT_HIGH : POINT_LOW);
    return css(classColor(Math.round(target)));
  }

  function newTarget() {
    if (regressionNow()) {
      const text = $('point-value').value.trim();
      return text === '' ? NaN : Number(text);
    }
    return pickedClass;
  }

  function drawOverlay() {
    const { ctx, w, h } = fitCanvas(overlay);
    ctx.clearRect(0, 0, w, h);
    const radius = Math.max(2.5, Math.min(4.5, w / 110));
    if (pending()) {
      // Too few points for a run: show them on a veiled plane with what to do.
      ctx.fillStyle = 'rgb(255 255 255 / 0.86)';
      ctx.fillRect(0, 0, w, h);
      for (const s of store.samples) {
        const p = toPixels(s.x1, s.x2);
        ctx.fillStyle = pointColor(s.target);
        ctx.strokeStyle = 'rgb(20 24 28 / 0.85)';
        ctx.beginPath();
        ctx.arc(p.x, p.y, radius, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      }
      ctx.fillStyle = '#3c4650';
      ctx.font = '600 15px system-ui, sans-serif';
      ctx.textAlign = 'center';
      const n = store.samples.length;
      ctx.fillText(`Click to add points: ${n} of at least ${MIN_CUSTOM_POINTS}`, w / 2, 28);
    }
    if (!hover) return;
    const removing = hover.shift || $('remove-mode').checked;
    if (removing) {
      const points = visiblePoints();
      const i = nearest(points, hover.x, hover.y);
      if (i >= 0) {
        const p = toPixels(points[i].x1, points[i].x2);
        ctx.strokeStyle = '#d64545';
        ctx.lineWidth = 2.5;
        ctx.beginPath();
        ctx.arc(p.x, p.y, radius + 4, 0, 2 * Math.PI);
        ctx.stroke();
      }
    } else {
      const target = newTarget();
      if (!Number.isFinite(target)) return;
      const q = toPlane(hover.x, hover.y);
      const p = toPixels(q.x1, q.x2);
      ctx.globalAlpha = 0.7;
      ctx.fillStyle = pointColor(target);
      ctx.strokeStyle = '#1f2933';
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.arc(p.x, p.y, radius + 1, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
      ctx.globalAlpha = 1;
    }
  }

  overlay.addEventListener('pointermove', (event) => {
    hover = { x: event.offsetX, y: event.offsetY, shift: event.shiftKey };
    overlay.classList.toggle('removing', event.shiftKey || $('remove-mode').checked);
    drawOverlay();
  });
  overlay.addEventListener('pointerleave', () => {
    hover = null;
    drawOverlay();
  });
  overlay.addEventListener('click', (event) => {
    if (!view.ready || !view.run) return;
    const x = event.offsetX;
    const y = event.offsetY;
    if (event.shiftKey || $('remove-mode').checked) {
      const i = nearest(visiblePoints(), x, y);
      if (i < 0) return;
      const target = visiblePoints()[i];
      edit((s) => {
        // After a conversion the points are rounded: find the same point again.
        const j = nearest(s.samples, x, y);
        const k = s.samples.indexOf(target) >= 0 ? s.samples.indexOf(target) : j;
        if (k >= 0) s.samples.splice(k, 1);
      }).catch((err) => say(err.message, 'error'));
      return;
    }
    const target = newTarget();
    if (!Number.isFinite(target)) {
      say('Type a number as the value of new points.', 'error');
      return;
    }
    const { x1, x2 } = toPlane(x, y);
    edit((s) => {
      if (s.samples.length >= limits.max_points) throw new Error(`At most ${limits.max_points} points.`);
      s.samples.push({ x1, x2, target });
      if (!s.regression) s.classes = Math.max(s.classes, target + 1);
    }).catch((err) => say(err.message, 'error'));
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Shift' && hover) {
      hover.shift = true;
      drawOverlay();
    }
  });
  document.addEventListener('keyup', (e) => {
    if (e.key === 'Shift' && hover) {
      hover.shift = false;
      drawOverlay();
    }
  });
  $('remove-mode').addEventListener('change', () => drawOverlay());

  $('clear-points').addEventListener('click', () => {
    edit((s) => {
      s.samples.length = 0;
    }).catch((err) => say(err.message, 'error'));
  });

  $('dataset-custom').addEventListener('change', (event) => {
    if (!event.target.checked || !store) return;
    const previous = { store: structuredClone(store), config: controls.config() };
    selectCustom();
    renderPicker();
    commit(previous);
  });

  // ---- the class picker ------------------------------------------------------------------

  function renderPicker() {
    const regression = regressionNow();
    $('point-value-field').hidden = !regression;
    const box = $('point-classes');
    box.hidden = regression;
    if (regression) {
      box.replaceChildren();
      return;
    }
    const custom = store && controls.state.task === 'custom';
    const classes = custom ? store.classes : view.run?.classes || 2;
    // One more class than there is, up to the limit, so you can start a new one.
    const offered = Math.min(limits.max_classes, classes + 1);
    pickedClass = Math.min(pickedClass, offered - 1);
    const pills = [];
    for (let k = 0; k < offered; k++) {
      const label = document.createElement('label');
      label.className = 'pill';
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = 'point-class';
      input.value = String(k);
      input.id = `point-class-${k}`;
      input.checked = k === pickedClass;
      input.addEventListener('change', () => {
        if (input.checked) pickedClass = k;
      });
      const span = document.createElement('span');
      const dot = document.createElement('i');
      dot.className = 'dot';
      dot.style.background = k < classes ? pointColor(k) : css(classColor(k));
      span.append(dot, document.createTextNode(k < classes ? `class ${k}` : `new class ${k}`));
      label.append(input, span);
      pills.push(label);
    }
    box.replaceChildren(...pills);
  }

  // ---- CSV files -------------------------------------------------------------------------

  $('import-csv').addEventListener('click', () => $('csv-file').click());
  $('csv-file').addEventListener('change', async (event) => {
    const input = event.target;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    let parsed;
    try {
      parsed = await request('parseCsv', { text: await file.text() });
    } catch (err) {
      say(`Could not import ${file.name}: ${err.message}. Your data is unchanged.`, 'error');
      return;
    }
    const previous = { store: store && structuredClone(store), config: controls.config() };
    store = {
      samples: parsed.samples,
      regression: parsed.regression,
      classes: parsed.regression ? 2 : Math.max(2, parsed.classes),
    };
    selectCustom();
    renderPicker();
    const what = parsed.regression ? 'values' : `${store.classes} classes`;
    say(`Imported ${parsed.samples.length} points (${what}) from ${file.name}.`);
    commit(previous);
  });

  $('export-csv').addEventListener('click', async () => {
    try {
      download('dataset.csv', await request('datasetCsv'), 'text/csv');
      say('');
    } catch (err) {
      say(`Could not export: ${err.message}`, 'error');
    }
  });

  // ---- following the runs ----------------------------------------------------------------

  worker.addEventListener('message', (event) => {
    const msg = event.data;
    if (msg?.type !== 'config') return;
    if (!msg.ok) {
      if (revert) {
        // The core refused the run an edit asked for: the data stays as it was.
        store = revert.store;
        controls.load(revert.config);
        revert = null;
        renderPicker();
        showPill();
        drawOverlay();
        say(`Not applied: ${msg.error}`, 'error');
      }
      return;
    }
    revert = null;
    if (msg.loaded && msg.config.data.task === 'custom') {
      const d = msg.config.data;
      store = { samples: d.samples ?? [], regression: Boolean(d.regression), classes: d.classes };
    }
    counts = { train: msg.train.length / 3, test: msg.test.length / 3, hash: pointsHash(msg.train, msg.test) };
    renderPicker();
    showPill();
    drawOverlay();
  });

  new ResizeObserver(() => drawOverlay()).observe(overlay);
  showPill();
  renderPicker();

  return {
    decorate,
    /** The user's points as the link should carry them, or null. */
    custom: () => store,
    snapshot: () => ({
      trainCount: counts.train,
      testCount: counts.test,
      pointCount: counts.train + counts.test,
      pointsHash: counts.hash,
      custom: isCustom(),
      customCount: store ? store.samples.length : 0,
      pending: pending(),
      dataMessage: message.hidden ? '' : message.textContent,
    }),
  };
}
