// @ts-check
// Read-only state for the end-to-end tests, as `window.__playground`. Only the tests
// load this module (tests/helpers.mjs adds it to every page they open); the page
// itself never imports it. Everything is read from the app's store when asked.

import { app } from '../main.js';
import { floatHash } from '../lib/hash.js';
import { cellIndex } from '../lib/plane.js';
import { field } from '../schema/fields.js';

const state = () => app.store.get();
/** @param {string} name */
const panel = (name) => app.panels[name]?.snapshot() ?? {};

/** The limits the tests use, read from the core's table. */
function limits() {
  const s = state();
  const layers = field(s.schema, 'hidden_layers');
  return { extent: s.schema.extent, max_hidden_layers: layers.max_layers, max_neurons: layers.max_neurons };
}

/** The outputs of the last drawn grid at the cell of (x1, x2). */
function outputAt(/** @type {number} */ x1, /** @type {number} */ x2) {
  const s = state();
  const f = s.frame;
  if (!f?.grid || !s.run) return null;
  const at = cellIndex(s.schema.extent, /** @type {number} */ (f.side), x1, x2) * s.run.outputs;
  return Array.from(f.grid.subarray(at, at + s.run.outputs));
}

/** What the tests read of the data, model, diagram and link tools. */
function io() {
  const s = state();
  const f = s.frame;
  return {
    ...panel('data'),
    ...panel('model'),
    ...panel('diagram'),
    gridHash: f?.grid ? floatHash(f.grid) : '',
    gridRun: f?.run ?? 0,
    linkNotice: /** @type {HTMLElement} */ (document.getElementById('link-notice')).hidden ? '' : document.getElementById('link-notice-text')?.textContent ?? '',
    hidden: [...s.view.hidden],
    largeText: s.view.largeText,
    outputAt,
  };
}

const lecture = () => panel('lecture');

/** Every run of a comparison (A first) as the tests read it, or null outside compare mode. */
function compare() {
  const s = state();
  if (!s.compare) return null;
  const stores = [app.store, ...app.runs.slots().map((sl) => sl.store)];
  const connections = [app.connection, ...app.runs.slots().map((sl) => sl.connection)];
  const runs = stores.map((st, i) => {
    const r = st.get();
    const snapshot = connections[i].snapshot;
    return {
      name: i === 0 ? 'A' : s.compare.runs[i - 1].name,
      diff: i === 0 ? {} : structuredClone(s.compare.runs[i - 1].diff),
      run: r.run?.id ?? 0,
      config: r.run ? structuredClone(r.run.config) : null,
      epoch: r.progress.epoch,
      /** the epoch of the run's last snapshot the page holds (kept for a reload), or null */
      snapshotEpoch: snapshot && snapshot.run === r.run?.id ? snapshot.epoch : null,
      frames: r.progress.frames,
      trainLoss: r.progress.trainLoss,
      testLoss: r.progress.testLoss,
      history: r.progress.history.length,
      /** the training loss of the chart's first point, or null */
      firstLoss: r.progress.history[0]?.train ?? null,
      /** the run's own compute at its latest chart point (the worker's clock), or null */
      seconds: r.progress.history.at(-1)?.compute ?? null,
      playing: r.playing,
      stopMessage: r.progress.stopMessage,
      problems: r.problems,
      leastSquares: r.leastSquares,
      /** accuracy and confusion, or R², of both splits (the run's store), or null */
      metrics: r.metrics ? structuredClone(r.metrics) : null,
      /** each hidden layer's saturated, inactive and dead neurons, or null */
      activity: r.activity ? structuredClone(r.activity) : null,
      /** the chart's points of the run (epoch, updates, compute seconds, losses, measures), copied when read */
      get points() {
        return r.progress.history.map((p) => ({ ...p }));
      },
    };
  });
  return { ...structuredClone(s.compare), runs, ...panel('compare') };
}

/** The model file of every run (A first), as each worker exports it now. */
const exportModels = () => Promise.all([app.connection, ...app.runs.slots().map((sl) => sl.connection)].map((c) => c.request('exportModel')));

/** @type {any} */ (window).__playground = Object.freeze({
  get ready() { return state().ready && state().run !== null; },
  get run() { return state().run?.id ?? 0; },
  get epoch() { return state().progress.epoch; },
  get trainLoss() { return state().progress.trainLoss; },
  get testLoss() { return state().progress.testLoss; },
  get shape() { return state().run ? [...state().run.shape] : []; },
  get playing() { return state().playing; },
  get frames() { return state().progress.frames; },
  get synced() { return app.connection.synced(); },
  get stopMessage() { return state().progress.stopMessage; },
  get configError() {
    const p = state().problems;
    return p ? p.map((q) => (q.field ? `${q.field}: ${q.message}` : q.message)).join('; ') : null;
  },
  get workerError() { return state().workerError; },
  get limits() { return limits(); },
  get config() { return state().run ? structuredClone(state().run.config) : null; },
  get history() { return state().progress.history.map((p) => ({ ...p })); },
  get epochsPerSecond() { return lecture().epochsPerSecond ?? 0; },
  get fps() { return lecture().fps ?? 0; },
  get drawMs() { return lecture().drawMs ?? 0; },
  get workerMs() { return lecture().workMs ?? 0; },
  get trainMs() { return lecture().trainMs ?? 0; },
  get speed() { return state().view.speed; },
  get metrics() { return state().metrics ? structuredClone(state().metrics) : null; },
  get leastSquares() { return state().leastSquares ? structuredClone(state().leastSquares) : null; },
  get learningRate() { return state().progress.learningRate; },
  get classes() { return state().run?.classes ?? null; },
  get activations() { return state().run ? structuredClone(state().run.activations) : null; },
  get restarts() { return state().restarts; },
  simulatePanic() { app.connection.simulatePanic(); },
  /** The epoch of the run's last snapshot the page holds (restored after a panic), or null. */
  get snapshotEpoch() { return app.connection.snapshot?.epoch ?? null; },
  get io() { return io(); },
  get selectedRow() { return state().selectedRow; },
  get compare() { return compare(); },
  /** Each hidden layer's saturated, inactive and dead neurons (the store's), or null. */
  get activity() { return state().activity ? structuredClone(state().activity) : null; },
  /** The core's sentence on why training stalls (the store's), or null. */
  get stallHint() { return state().stallHint; },
  /** The hidden-space panel's last picture from the core, or null (inside/hidden-space.js). */
  get hiddenSpace() { return panel('hidden').hiddenSpace ?? null; },
  /** How many pictures the hidden-space panel has asked the worker for. */
  get hiddenRequests() { return panel('hidden').hiddenRequests ?? 0; },
  /** The run's table as the data view heads it (names, classes, code, rows), or null on the plane. */
  get table() { return state().run?.table ? structuredClone(state().run.table) : null; },
  /** The selected row's pass through the network, or null (inside/row-pass.js). */
  get rowPass() { return app.panels.rowPass?.snapshot() ?? null; },
  /** The slice view's last slice from the core, or null (inside/slice-view.js). */
  get slice() { return panel('slice').slice ?? null; },
  /** How many slices the view has asked the worker for. */
  get sliceRequests() { return panel('slice').sliceRequests ?? 0; },
  /** Asks run A's worker a request (worker/protocol.js REQUESTS) and returns its answer. */
  request(method, args) { return app.connection.request(method, args); },
  /** The step panel: `{stage, stages, title, record, ...}` (inside/step-panel.js). */
  get step() { return panel('step'); },
  /** The weight views: `{w, templates, pad}` (weights/mount.js). */
  get weights() { return panel('weights'); },
  /** The page's challenge (the store's: `{id, challenge, goal, constraints, claimed}`) or null. */
  get challenge() { return state().challenge ? structuredClone(state().challenge) : null; },
  exportModels,
});
