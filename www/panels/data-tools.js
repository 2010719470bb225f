// @ts-check
// Your own data: click the output plane to add a point of the picked class (or of the
// value typed, for regression), shift-click or "Click removes" to remove the nearest,
// clear all; import a CSV file, export the run's points as one. From the keyboard the
// plane has a cursor (panels/plane-cursor.js): Enter clicks there, Delete removes.
//
// The points ARE the configuration's `data.samples` (task 'custom'): every edit is an
// action on the store (app/actions.js) and the connection sends the new configuration
// by itself; while there are too few points it waits, and the plane is veiled with
// what to do. The first edit makes the points on the plane yours. A CSV file is parsed
// by the core (`parseCsv`), whose message names the line of any problem; then nothing
// changes.

import { byId, h, setText, download, say, shown } from '../lib/dom.js';
import { toPixel, toPlane } from '../lib/plane.js';
import { fitCanvas } from '../lib/canvas.js';
import { classColor, css } from '../lib/colors.js';
import { targetScale } from '../lib/scales.js';
import { pointsHash } from '../lib/hash.js';
import { onCoordGrid } from '../schema/point-codec.js';
import { field } from '../schema/fields.js';
import { watch } from '../app/store.js';
import { addPoint, removePoint, clearPoints, importPoints, visiblePoints, pendingPoints, classesNow } from '../app/actions.js';
import { pointColor } from '../views/output-view.js';
import { mountPlaneCursor, drawCursor, cursorWords } from './plane-cursor.js';

/** @typedef {import('../app/state.js').State} State */
/** @typedef {import('../app/store.js').Store<State>} Store */
/** @typedef {import('../app/actions.js').Sample} Sample */
/** @typedef {import('../lib/scales.js').ColorMode} ColorMode */
/** @typedef {{request: (method: string, args?: any) => Promise<any>}} Requests */
/** @typedef {{x: number, y: number, shift: boolean}} Hover  the mouse in CSS pixels of the overlay */
/**
 * What the overlay shows besides the points: the class picked, the mouse, the colours,
 * the keyboard cursor (a plane point) and whether the overlay has the focus.
 * @typedef {object} UI
 * @property {number} picked
 * @property {Hover | null} hover
 * @property {ColorMode} mode
 * @property {{x1: number, x2: number}} cursor
 * @property {boolean} focused
 * @property {() => boolean} removeMode  "Click removes" is ticked
 */

/** How near (CSS pixels) a click must be to a point to remove it. */
const REMOVE_RADIUS = 14;

/**
 * How the points of the plane map to colours now (what their run shows, or will).
 * @param {State} s
 * @returns {ColorMode}
 */
function pointMode(s) {
  const classes = classesNow(s);
  if (classes === 0) {
    const flat = visiblePoints(s).flatMap((p) => [p.x1, p.x2, p.target]);
    return { kind: 'regression', ...targetScale({ train: flat }) };
  }
  const kind = classes > 2 || s.run?.mode?.kind === 'classes' ? 'classes' : 'binary';
  return { kind, lo: 0, hi: 1 };
}

/**
 * The CSS colour of a point of class or value `target`; a class the mode has no colour
 * for (a new class on a two-class plane) gets its class colour.
 * @param {ColorMode} mode
 * @param {number} target
 */
function fill(mode, target) {
  return css(mode.kind === 'binary' && target > 1 ? classColor(Math.round(target)) : pointColor(mode, target));
}

/**
 * Index of the point nearest to pixel (x, y) of a `w` × `h` plane, within REMOVE_RADIUS, or -1.
 * @param {Sample[]} points
 * @param {number} extent
 * @param {number} w
 * @param {number} h
 * @param {number} x
 * @param {number} y
 */
function nearest(points, extent, w, h, x, y) {
  let best = -1;
  let bestD = REMOVE_RADIUS * REMOVE_RADIUS;
  points.forEach((p, i) => {
    const q = toPixel(extent, w, h, p.x1, p.x2);
    const d = (q.x - x) ** 2 + (q.y - y) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  });
  return best;
}

/**
 * The plane point under pixel (x, y), on the plane and on the 0.01 grid new points use.
 * @param {number} extent
 * @param {number} w
 * @param {number} h
 * @param {number} x
 * @param {number} y
 */
function planePoint(extent, w, h, x, y) {
  const p = toPlane(extent, w, h, x, y);
  const snap = (/** @type {number} */ v) => Math.max(-extent, Math.min(extent, onCoordGrid(v)));
  return { x1: snap(p.x1), x2: snap(p.x2) };
}

/**
 * Too few points for a run: they are shown on a veiled plane with what to do.
 * @param {CanvasRenderingContext2D} ctx
 * @param {State} s
 * @param {ColorMode} mode
 * @param {{w: number, h: number, radius: number}} size
 */
function drawVeil(ctx, s, mode, { w, h, radius }) {
  ctx.fillStyle = 'rgb(255 255 255 / 0.86)';
  ctx.fillRect(0, 0, w, h);
  const points = visiblePoints(s);
  ctx.strokeStyle = 'rgb(20 24 28 / 0.85)';
  ctx.lineWidth = 1;
  for (const p of points) {
    const q = toPixel(s.schema.extent, w, h, p.x1, p.x2);
    ctx.fillStyle = fill(mode, p.target);
    ctx.beginPath();
    ctx.arc(q.x, q.y, radius, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
  ctx.fillStyle = '#3c4650';
  ctx.font = '600 15px system-ui, sans-serif';
  ctx.textAlign = 'center';
  const min = field(s.schema, 'data.samples').min;
  ctx.fillText(`Click to add points: ${points.length} of at least ${min}`, w / 2, 28);
}

/**
 * Under the mouse: a red ring round the point a click would remove, or a faint preview
 * of the point it would add (`target` NaN: none).
 * @param {CanvasRenderingContext2D} ctx
 * @param {State} s
 * @param {{hover: Hover, removing: boolean, target: number, mode: ColorMode}} what
 * @param {{w: number, h: number, radius: number}} size
 */
function drawHover(ctx, s, { hover, removing, target, mode }, { w, h, radius }) {
  const extent = s.schema.extent;
  ctx.beginPath();
  if (removing) {
    const points = visiblePoints(s);
    const i = nearest(points, extent, w, h, hover.x, hover.y);
    if (i < 0) return;
    const q = toPixel(extent, w, h, points[i].x1, points[i].x2);
    ctx.strokeStyle = '#d64545';
    ctx.lineWidth = 2.5;
    ctx.arc(q.x, q.y, radius + 4, 0, 2 * Math.PI);
    ctx.stroke();
    return;
  }
  if (!Number.isFinite(target)) return;
  const p = planePoint(extent, w, h, hover.x, hover.y);
  const q = toPixel(extent, w, h, p.x1, p.x2);
  ctx.globalAlpha = 0.7;
  ctx.fillStyle = fill(mode, target);
  ctx.strokeStyle = '#1f2933';
  ctx.lineWidth = 1;
  ctx.arc(q.x, q.y, radius + 1, 0, 2 * Math.PI);
  ctx.fill();
  ctx.stroke();
  ctx.globalAlpha = 1;
}

/**
 * The class picker: one radio per class, and one more (up to the core's limit) to start
 * a new class. Returns the class picked (kept if still offered).
 * @param {HTMLElement} box  `#point-classes`
 * @param {State} s
 * @param {ColorMode} mode
 * @param {number} picked
 * @param {(k: number) => void} onPick
 */
function renderPicker(box, s, mode, picked, onPick) {
  const classes = classesNow(s) || 2;
  const offered = Math.min(field(s.schema, 'data.classes').max ?? classes + 1, classes + 1);
  const chosen = Math.min(picked, offered - 1);
  const pills = [];
  for (let k = 0; k < offered; k++) {
    const input = /** @type {HTMLInputElement} */ (h('input', { type: 'radio', name: 'point-class', value: String(k), id: `point-class-${k}` }));
    input.checked = k === chosen;
    input.addEventListener('change', () => input.checked && onPick(k));
    const dot = h('i', { class: 'dot' });
    dot.style.background = k < classes ? fill(mode, k) : css(classColor(k));
    pills.push(h('label', { class: 'pill' }, input, h('span', {}, dot, k < classes ? `class ${k}` : `new class ${k}`)));
  }
  box.replaceChildren(...pills);
  return chosen;
}

/**
 * The custom dataset's pill (built by the controls): shown once there are points of
 * your own, with their number.
 * @param {State} s
 */
function showCustomPill(s) {
  const data = s.config?.data;
  const n = data?.samples?.length ?? 0;
  const on = data?.task === 'custom' || n > 0;
  for (const id of ['datasets-custom', 'datasets-custom-caption']) {
    const el = document.getElementById(id);
    if (el) el.hidden = !on;
  }
  const label = document.getElementById('dataset-custom-label');
  if (label && on) setText(label, `Your points (${n})`);
}

/**
 * CSV files: `#import-csv` opens `#csv-file`, whose file the core parses and which then
 * becomes your data; `#export-csv` saves the run's points as dataset.csv.
 * @param {Store} store
 * @param {Requests} connection
 * @param {(text: string, kind?: 'info'|'error') => void} tell
 */
function wireCsv(store, connection, tell) {
  const input = /** @type {HTMLInputElement} */ (byId('csv-file'));
  byId('import-csv').addEventListener('click', () => input.click());
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    /** @type {{samples: Sample[], regression: boolean, classes: number}} */
    let parsed;
    try {
      parsed = await connection.request('parseCsv', { text: await file.text() });
    } catch (err) {
      tell(`Could not import ${file.name}: ${err.message}. Your data is unchanged.`, 'error');
      return;
    }
    store.update((s) => importPoints(s, parsed));
    const what = parsed.regression ? 'values' : `${store.get().config.data.classes} classes`;
    tell(`Imported ${parsed.samples.length} points (${what}) from ${file.name}.`);
  });
  byId('export-csv').addEventListener('click', async () => {
    try {
      download('dataset.csv', await connection.request('datasetCsv'), 'text/csv');
      tell('');
    } catch (err) {
      tell(`Could not export: ${err.message}`, 'error');
    }
  });
}

/**
 * The class or value of a new point: the class picked, or the value typed (NaN if none).
 * @param {State} s
 * @param {number} picked
 */
function newTarget(s, picked) {
  if (classesNow(s) !== 0) return picked;
  const text = /** @type {HTMLInputElement} */ (byId('point-value')).value.trim();
  return text === '' ? NaN : Number(text);
}

/**
 * Whether the points can be edited now (a run, or your own points still too few).
 * @param {State} s
 */
const editable = (s) => Boolean(s.ready && s.config && (s.run || s.config.data.task === 'custom'));

/**
 * Adds a point of the class picked (or the value typed) at plane point `p`; says why not
 * through `tell`. Returns whether it was added.
 * @param {Store} store
 * @param {{x1: number, x2: number}} p
 * @param {number} picked
 * @param {(text: string, kind?: 'info'|'error') => void} tell
 */
function addAt(store, { x1, x2 }, picked, tell) {
  const s = store.get();
  const target = newTarget(s, picked);
  const max = field(s.schema, 'data.samples').max;
  const problem = !Number.isFinite(target) ? 'Type a number as the value of new points.' : visiblePoints(s).length >= max ? `At most ${max} points.` : '';
  tell(problem, problem ? 'error' : 'info');
  if (problem) return false;
  store.update((t) => addPoint(t, x1, x2, target));
  return true;
}

/**
 * Removes the point nearest pixel (x, y) of a `w` × `h` plane, within REMOVE_RADIUS;
 * returns it, or null if none is that near.
 * @param {Store} store
 * @param {number} w
 * @param {number} hgt
 * @param {{x: number, y: number}} at
 * @returns {Sample | null}
 */
function removeNear(store, w, hgt, { x, y }) {
  /** @type {Sample | null} */
  let removed = null;
  store.update((t) => {
    const points = visiblePoints(t);
    const i = nearest(points, t.schema.extent, w, hgt, x, y);
    if (i < 0) return null;
    removed = points[i];
    return removePoint(t, i);
  });
  return removed;
}

/**
 * A click on the plane at pixel (x, y): removes the nearest point (`removing`) or adds
 * one. The store changes at once, so quick clicks all count, in order.
 * @param {Store} store
 * @param {HTMLCanvasElement} overlay
 * @param {{x: number, y: number, removing: boolean, picked: number}} click
 * @param {(text: string, kind?: 'info'|'error') => void} tell
 */
function clickPlane(store, overlay, { x, y, removing, picked }, tell) {
  const s = store.get();
  if (!editable(s)) return;
  const w = overlay.clientWidth;
  const hgt = overlay.clientHeight;
  if (removing) removeNear(store, w, hgt, { x, y });
  else addAt(store, planePoint(s.schema.extent, w, hgt, x, y), picked, tell);
}

/**
 * Counts and fingerprint of the run's points (for tests).
 * @param {any} run
 */
function runCounts(run) {
  if (!run) return { train: 0, test: 0, hash: '' };
  return { train: run.train.length / 3, test: run.test.length / 3, hash: pointsHash(run.train, run.test) };
}

/**
 * The overlay's drawing: the veil while too few points, the hover preview.
 * @param {Store} store
 * @param {HTMLCanvasElement} overlay
 * @param {UI} ui
 * @param {(shift: boolean) => boolean} removing
 */
function overlayPainter(store, overlay, ui, removing) {
  return function draw() {
    const s = store.get();
    const { ctx, w, h: hgt } = fitCanvas(overlay);
    ctx.clearRect(0, 0, w, hgt);
    if (!s.config) return;
    const size = { w, h: hgt, radius: Math.max(2.5, Math.min(4.5, w / 110)) };
    if (pendingPoints(s)) drawVeil(ctx, s, ui.mode, size);
    const hover = ui.hover;
    if (hover) drawHover(ctx, s, { hover, removing: removing(hover.shift), target: newTarget(s, ui.picked), mode: ui.mode }, size);
    if (ui.focused) drawKeyboardCursor(ctx, s, ui, size);
  };
}

/**
 * The keyboard cursor: the point Delete would remove ringed in red, the point Enter
 * would add (or, removing, the point it would remove) and the cross.
 * @param {CanvasRenderingContext2D} ctx
 * @param {State} s
 * @param {UI} ui
 * @param {{w: number, h: number, radius: number}} size
 */
function drawKeyboardCursor(ctx, s, ui, size) {
  const extent = s.schema.extent;
  const hover = { ...toPixel(extent, size.w, size.h, ui.cursor.x1, ui.cursor.x2), shift: false };
  const target = newTarget(s, ui.picked);
  drawHover(ctx, s, { hover, removing: true, target, mode: ui.mode }, size);
  if (!ui.removeMode()) drawHover(ctx, s, { hover, removing: false, target, mode: ui.mode }, size);
  drawCursor(ctx, extent, size, ui.cursor);
}

/**
 * The picker of the class of new points, or the value field for regression.
 * @param {{picked: number, mode: ColorMode}} ui
 * @param {State} s
 */
function showPicker(ui, s) {
  const picker = byId('point-classes');
  const regression = classesNow(s) === 0;
  byId('point-value-field').hidden = !regression;
  picker.hidden = regression;
  if (regression) picker.replaceChildren();
  else ui.picked = renderPicker(picker, s, ui.mode, ui.picked, (k) => (ui.picked = k));
}

/**
 * Wires your own data: the overlay `#plane-overlay` over the output plane, the class
 * picker `#point-classes` (or the value `#point-value` in `#point-value-field`),
 * `#remove-mode`, `#clear-points`, the CSV buttons `#import-csv`, `#csv-file`,
 * `#export-csv` and the message `#data-message`.
 * @param {{store: Store, connection: Requests}} deps
 */
export function mountDataTools({ store, connection }) {
  const overlay = /** @type {HTMLCanvasElement} */ (byId('plane-overlay'));
  const message = byId('data-message');
  const removeMode = /** @type {HTMLInputElement} */ (byId('remove-mode'));
  const tell = (/** @type {string} */ text, /** @type {'info'|'error'} */ kind = 'info') => say(message, text, kind);
  /** @type {UI} */
  const ui = { picked: 1, hover: null, mode: { kind: 'binary', lo: 0, hi: 1 }, cursor: { x1: 0, x2: 0 }, focused: false, removeMode: () => removeMode.checked };
  const removing = (/** @type {boolean} */ shift) => shift || removeMode.checked;
  const draw = overlayPainter(store, overlay, ui, removing);
  let counts = runCounts(null);

  wireOverlay(overlay, ui, draw, removing);
  wireKeyboard(store, overlay, ui, draw, tell);
  overlay.addEventListener('click', (event) => {
    const click = { x: event.offsetX, y: event.offsetY, removing: removing(event.shiftKey), picked: ui.picked };
    clickPlane(store, overlay, click, tell);
  });
  removeMode.addEventListener('change', draw);
  byId('point-value').addEventListener('input', draw);
  byId('clear-points').addEventListener('click', () => {
    tell('');
    store.update((s) => (s.config ? clearPoints(s) : null));
  });
  wireCsv(store, connection, tell);

  // The colours first: the picker's dots use them.
  watch(store, (s) => s.config?.data, (data, s) => {
    if (data) ui.mode = pointMode(s);
    showCustomPill(s);
    draw();
  });
  watch(store, (s) => s.run, (run, s) => {
    counts = runCounts(run);
    if (s.config) ui.mode = pointMode(s);
    draw();
  });
  watch(store, (s) => (s.config ? `${classesNow(s)}|${s.run?.mode?.kind}` : ''), (key, s) => key && showPicker(ui, s));
  new ResizeObserver(draw).observe(overlay);

  return {
    snapshot: () => {
      const s = store.get();
      return {
        trainCount: counts.train,
        testCount: counts.test,
        pointCount: counts.train + counts.test,
        pointsHash: counts.hash,
        custom: s.run?.config?.data?.task === 'custom',
        customCount: s.config?.data?.samples?.length ?? 0,
        pending: s.config ? pendingPoints(s) : false,
        dataMessage: shown(message),
        cursor: { ...ui.cursor },
      };
    },
  };
}

/**
 * A point's class or value in words.
 * @param {State} s
 * @param {number} target
 */
const pointWords = (s, target) => (classesNow(s) === 0 ? `of value ${target}` : `of class ${target}`);

/**
 * The plane from the keyboard (panels/plane-cursor.js): Enter clicks at the cursor,
 * Delete removes the nearest point, a digit picks the class; each says what it did.
 * @param {Store} store
 * @param {HTMLCanvasElement} overlay
 * @param {UI} ui
 * @param {() => void} draw
 * @param {(text: string, kind?: 'info'|'error') => void} tell
 */
function wireKeyboard(store, overlay, ui, draw, tell) {
  const count = () => `${visiblePoints(store.get()).length} points`;
  const remove = (/** @type {{x1: number, x2: number}} */ p) => {
    const s = store.get();
    if (!editable(s)) return 'The plane cannot be edited yet.';
    const w = overlay.clientWidth;
    const hgt = overlay.clientHeight;
    const gone = removeNear(store, w, hgt, toPixel(s.schema.extent, w, hgt, p.x1, p.x2));
    return gone ? `Removed the point ${pointWords(s, gone.target)} at ${cursorWords(gone)}: ${count()}.` : 'No point near the cursor to remove.';
  };
  const add = (/** @type {{x1: number, x2: number}} */ p) => {
    const s = store.get();
    if (!editable(s)) return 'The plane cannot be edited yet.';
    if (!addAt(store, p, ui.picked, tell)) return shown(byId('data-message'));
    return `Added a point ${pointWords(s, newTarget(s, ui.picked))} at ${cursorWords(p)}: ${count()}.`;
  };
  const pick = (/** @type {number} */ k) => {
    const radio = /** @type {HTMLInputElement | null} */ (document.getElementById(`point-class-${k}`));
    if (!radio || byId('point-classes').hidden) return `There is no class ${k} to pick.`;
    radio.checked = true;
    ui.picked = k;
    return `New points: class ${k}.`;
  };
  mountPlaneCursor(overlay, ui, { extent: () => store.get().schema.extent, click: (p) => (ui.removeMode() ? remove(p) : add(p)), remove, pick, draw });
}

/**
 * The mouse and the Shift key over the overlay: the hover preview follows them.
 * @param {HTMLCanvasElement} overlay
 * @param {{hover: Hover|null}} ui
 * @param {() => void} draw
 * @param {(shift: boolean) => boolean} removing
 */
function wireOverlay(overlay, ui, draw, removing) {
  overlay.addEventListener('pointermove', (event) => {
    ui.hover = { x: event.offsetX, y: event.offsetY, shift: event.shiftKey };
    overlay.classList.toggle('removing', removing(event.shiftKey));
    draw();
  });
  overlay.addEventListener('pointerleave', () => {
    ui.hover = null;
    draw();
  });
  const shiftKey = (/** @type {KeyboardEvent} */ e) => {
    if (e.key !== 'Shift' || !ui.hover) return;
    ui.hover.shift = e.type === 'keydown';
    overlay.classList.toggle('removing', removing(ui.hover.shift));
    draw();
  };
  document.addEventListener('keydown', shiftKey);
  document.addEventListener('keyup', shiftKey);
}
