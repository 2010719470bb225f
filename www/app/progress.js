// @ts-check
// How a message from the worker changes the state: pure functions from the state and
// the message to a patch (app/connection.js applies them).

import { freshProgress } from './state.js';
import { featureLabels } from '../schema/fields.js';
import { colorMode } from '../lib/scales.js';

/** Points of the loss chart kept before thinning (every other point, the newest kept). */
export const MAX_HISTORY = 1500;

/** @typedef {import('./state.js').State} State */
/** @typedef {import('../worker/protocol.js').Frame} Frame */

/**
 * A run was built: its description, a fresh progress, nothing of the old run.
 * @param {State} s
 * @param {import('../worker/protocol.js').RunInfo} info
 * @param {boolean} asked  it answers the configuration asked for last
 */
export function runBuilt(s, info, asked) {
  const described = { ...info, regression: info.classes === 0, featureLabels: info.table ? info.table.input_names : featureLabels(s.schema, info.config.features) };
  const run = { ...described, mode: colorMode(described) };
  const progress = { ...freshProgress(), learningRate: info.learningRate, epoch: info.epoch ?? 0 };
  // A run restored from the page's own snapshot (after a panic or a reload) keeps its chart.
  if (info.restored) progress.history = s.progress.history.filter((p) => p.epoch <= progress.epoch);
  /** @type {Partial<State>} */
  const patch = { run, progress, metrics: null, leastSquares: null, activity: null, stallHint: null };
  if (info.reset) patch.playing = false;
  if (asked || info.reset) patch.problems = null;
  if (info.loaded) patch.config = info.config;
  return patch;
}

/** @typedef {Progress['history'][number]} HistoryPoint */

/**
 * The measures beside the loss a chart point keeps from the core's metrics of both
 * splits: accuracy (classification) and the mean squared error against the coded
 * targets; only the ones the metrics have.
 * @param {{train: any, test: any} | undefined} metrics
 * @returns {Partial<HistoryPoint>}
 */
export function measuresOf(metrics) {
  /** @type {Record<string, number>} */
  const out = {};
  const put = (/** @type {string} */ key, /** @type {unknown} */ v) => {
    if (typeof v === 'number' && Number.isFinite(v)) out[key] = v;
  };
  put('trainAccuracy', metrics?.train?.accuracy);
  put('testAccuracy', metrics?.test?.accuracy);
  put('trainError', metrics?.train?.mean_squared_error);
  put('testError', metrics?.test?.mean_squared_error);
  return out;
}

/**
 * The loss history with one more point (thinned when long). A point at the last one's
 * epoch replaces it: the weights changed without training (solved by least squares,
 * a weight edited by hand), and the chart shows the loss they have now.
 * @param {Progress['history']} history
 * @param {HistoryPoint} point
 */
function grow(history, point) {
  const last = history[history.length - 1];
  if (last && point.epoch < last.epoch) return history;
  if (last && point.epoch === last.epoch) return [...history.slice(0, -1), { ...last, ...point }];
  const next = [...history, point];
  return next.length > MAX_HISTORY ? next.filter((_, i, all) => i % 2 === 0 || i === all.length - 1) : next;
}
/** @typedef {import('./state.js').Progress} Progress */

/**
 * A frame with new pictures of the current run.
 * @param {State} s
 * @param {Frame} f
 * @returns {Partial<State>}
 */
export function frameDrawn(s, f) {
  const progress = {
    epoch: f.epoch ?? 0,
    trainLoss: f.trainLoss ?? NaN,
    testLoss: f.testLoss ?? NaN,
    learningRate: f.learningRate ?? s.progress.learningRate,
    stopMessage: f.stopMessage ?? null,
    frames: s.progress.frames + 1,
    history: grow(s.progress.history, { epoch: f.epoch ?? 0, updates: f.updates, seconds: f.seconds, ...(f.compute === undefined ? {} : { compute: f.compute }), train: f.trainLoss ?? NaN, test: f.testLoss ?? NaN, ...measuresOf(f.metrics) }),
  };
  return { progress, frame: f, ...(f.stopMessage ? { playing: false } : {}) };
}

/**
 * Any frame: the worker's playing state (when it has seen every command), metrics, errors.
 * @param {State} s
 * @param {Frame} f
 * @param {boolean} current  the worker has handled every command sent before it
 * @returns {Partial<State>}
 */
export function frameArrived(s, f, current) {
  /** @type {Partial<State>} */
  const patch = {};
  if (current && !f.stopMessage) patch.playing = f.playing;
  if (f.metrics && f.run === s.run?.id) patch.metrics = f.metrics;
  if (f.activity && f.run === s.run?.id) {
    patch.activity = f.activity;
    patch.stallHint = f.stallHint ?? null;
  }
  if (f.error) patch.workerError = f.error;
  const drawn = f.changed && s.run && f.run === s.run.id;
  if (drawn) return { ...patch, ...frameDrawn(s, f) };
  // Metrics of unchanged weights: the measures of the chart's latest point.
  const last = s.progress.history.at(-1);
  if (f.metrics && f.run === s.run?.id && last) {
    patch.progress = { ...s.progress, history: [...s.progress.history.slice(0, -1), { ...last, ...measuresOf(f.metrics) }] };
  }
  return patch;
}
