// @ts-check
// What controls and tools do to the configuration: pure functions from the state to a
// patch of it. The store applies the patch; the connection (app/connection.js) sends
// the new configuration to the worker. Bounds come from the core's table.

import { getPath, setPath } from '../lib/paths.js';
import { field, pickChoice as pick } from '../schema/fields.js';
import { onCoordGrid, onValueGrid, classesFor } from '../schema/point-codec.js';

/** @typedef {import('./state.js').State} State */
/** @typedef {{x1: number, x2: number, target: number}} Sample */


/**
 * Sets one field.
 * @param {State} s
 * @param {string} path
 * @param {any} value
 */
export const setField = (s, path, value) => ({ config: setPath(s.config, path, value) });

/**
 * Picks a variant of a choice field (with its parameters at their defaults).
 * @param {State} s
 * @param {string} path
 * @param {string|null} id
 */
export const pickChoice = (s, path, id) => ({ config: pick(s.schema, s.config, path, id) });

/**
 * Selects table row `row` (1-based), or none: the row whose pass the one-row panel
 * shows (instead of a drawing) and at which the slice holds the other inputs.
 * @param {number | null} row
 * @returns {Partial<State>}
 */
export const selectRow = (row) => ({ selectedRow: row, drawing: null });

/**
 * Picks a dataset: a plane task (the table, if any, goes: the plane is as it was) or a
 * built-in table (`data.table` = `{kind, code}`, every column at its default code).
 * @param {State} s
 * @param {string} path  'data.task' or 'data.table'
 * @param {string} id
 */
export function pickDataset(s, path, id) {
  if (path === 'data.table') return { config: setPath(s.config, 'data.table', { kind: id, code: {} }) };
  return { config: setPath(pick(s.schema, s.config, path, id), 'data.table', undefined) };
}

/**
 * Sets one setting of the table's code (`encodings`, `target_scaling`, `missing`,
 * `constant`, `unseen`); the core checks it with the table.
 * @param {State} s
 * @param {string} key
 * @param {any} value
 */
export function setTableCode(s, key, value) {
  const table = s.config.data.table;
  if (!table) return null;
  return { config: setPath(s.config, 'data.table', { ...table, code: { ...(table.code ?? {}), [key]: value } }) };
}

/** @param {State} s */
const layersSpec = (s) => field(s.schema, 'hidden_layers');

/**
 * The hidden layers changed: per-layer activations follow (one per layer, or none).
 * @param {State} s
 * @param {number[]} layers
 */
function withLayers(s, layers) {
  let config = setPath(s.config, 'hidden_layers', layers);
  const own = s.config.layer_activations ?? [];
  if (own.length > 0) {
    const fill = s.config.activation;
    config = setPath(config, 'layer_activations', layers.map((_, l) => own[l] ?? fill));
  }
  return { config };
}

/**
 * Adds a hidden layer at the end (up to the core's limit).
 * @param {State} s
 */
export function addLayer(s) {
  const spec = layersSpec(s);
  const layers = s.config.hidden_layers;
  if (layers.length >= spec.max_layers) return null;
  return withLayers(s, [...layers, Math.min(spec.new_layer, spec.max_neurons)]);
}

/**
 * Removes the last hidden layer.
 * @param {State} s
 */
export function removeLayer(s) {
  const layers = s.config.hidden_layers;
  return layers.length === 0 ? null : withLayers(s, layers.slice(0, -1));
}

/**
 * Adds (`delta` 1) or removes (-1) a neuron of hidden layer `l`.
 * @param {State} s
 * @param {number} l
 * @param {number} delta
 */
export function changeNeurons(s, l, delta) {
  const spec = layersSpec(s);
  const layers = [...s.config.hidden_layers];
  const next = layers[l] + delta;
  if (next < spec.min_neurons || next > spec.max_neurons) return null;
  layers[l] = next;
  return withLayers(s, layers);
}

/**
 * Gives hidden layer `l` its own activation (the network's when it is the same kind).
 * @param {State} s
 * @param {number} l
 * @param {string} kind
 */
export function setLayerActivation(s, l, kind) {
  const { activation, hidden_layers: layers } = s.config;
  const own = layers.map((_, k) => s.config.layer_activations?.[k] ?? activation);
  own[l] = kind === activation.kind ? activation : pick(s.schema, { activation }, 'activation', kind).activation;
  return { config: setPath(s.config, 'layer_activations', ownActivations(own, activation)) };
}

/**
 * Per-layer activations, or none when every layer has the network's.
 * @param {any[]} own
 * @param {any} activation
 */
const ownActivations = (own, activation) => (own.some((a) => a.kind !== activation.kind) ? own : []);

/**
 * The activation of the whole network; layers that had their own keep it.
 * @param {State} s
 * @param {string} kind
 */
export function setActivation(s, kind) {
  const before = s.config.activation;
  const config = pick(s.schema, s.config, 'activation', kind);
  const own = (s.config.layer_activations ?? []).map((/** @type {any} */ a) => (a.kind === before.kind ? config.activation : a));
  return { config: setPath(config, 'layer_activations', ownActivations(own, config.activation)) };
}

// ---- your own points ------------------------------------------------------------------

/**
 * The points on the plane now: your own, or the run's (train then test).
 * @param {State} s
 * @returns {Sample[]}
 */
export function visiblePoints(s) {
  if (s.config.data.task === 'custom') return s.config.data.samples ?? [];
  const out = [];
  for (const a of [s.run?.train, s.run?.test]) {
    if (!a) continue;
    for (let i = 0; i + 2 < a.length; i += 3) out.push({ x1: a[i], x2: a[i + 1], target: a[i + 2] });
  }
  return out;
}

/**
 * The configuration with `samples` as your own data (classes grow to hold every label).
 * @param {any} config
 * @param {Sample[]} samples
 * @param {boolean} regression
 * @param {number} [classes]
 */
function ownData(config, samples, regression, classes = config.data.classes) {
  let next = setPath(config, 'data.task', 'custom');
  next = setPath(next, 'data.samples', samples);
  next = setPath(next, 'data.regression', regression);
  return regression ? next : setPath(next, 'data.classes', classesFor(samples, classes));
}

/**
 * Your points as they are, or the run's points made yours (rounded to the grid links use).
 * @param {State} s
 */
function currentOwn(s) {
  const d = s.config.data;
  if (d.task === 'custom') return { samples: d.samples ?? [], regression: Boolean(d.regression) };
  const regression = (s.run?.classes ?? 2) === 0;
  const samples = visiblePoints(s).map((p) => ({
    x1: onCoordGrid(p.x1),
    x2: onCoordGrid(p.x2),
    target: regression ? onValueGrid(p.target) : p.target,
  }));
  return { samples, regression };
}

/**
 * Adds a point (on the 0.01 grid) of class or value `target`.
 * @param {State} s
 * @param {number} x1
 * @param {number} x2
 * @param {number} target
 */
export function addPoint(s, x1, x2, target) {
  const own = currentOwn(s);
  const point = { x1: onCoordGrid(x1), x2: onCoordGrid(x2), target };
  return { config: ownData(s.config, [...own.samples, point], own.regression) };
}

/**
 * Removes the point at `index` of `visiblePoints(s)`.
 * @param {State} s
 * @param {number} index
 */
export function removePoint(s, index) {
  const own = currentOwn(s);
  const samples = own.samples.filter((_, i) => i !== index);
  return { config: ownData(s.config, samples, own.regression) };
}

/**
 * Removes every point.
 * @param {State} s
 */
export function clearPoints(s) {
  const own = currentOwn(s);
  return { config: ownData(s.config, [], own.regression) };
}

/**
 * Points from a file (parsed by the core) become your data.
 * @param {State} s
 * @param {{samples: Sample[], regression: boolean, classes: number}} parsed
 */
export function importPoints(s, parsed) {
  return { config: ownData(s.config, parsed.samples, parsed.regression, Math.max(2, parsed.classes)) };
}

/**
 * Whether your own points are too few for a run (the core's minimum).
 * @param {State} s
 */
export function pendingPoints(s) {
  if (!s.config || s.config.data.task !== 'custom') return false;
  return (s.config.data.samples ?? []).length < field(s.schema, 'data.samples').min;
}

/**
 * The number of classes of your points or the run (0: values).
 * @param {State} s
 */
export function classesNow(s) {
  const d = s.config.data;
  if (d.task === 'custom') return d.regression ? 0 : d.classes;
  return s.run?.classes ?? 2;
}

/**
 * A random seed different from the current one.
 * @param {State} s
 * @param {() => number} [random]
 */
export function regenerate(s, random = Math.random) {
  let next = s.config.seed;
  while (next === s.config.seed) next = Math.floor(random() * 2 ** 31);
  return { config: setPath(s.config, 'seed', next) };
}

