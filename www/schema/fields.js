// @ts-check
// Reading the core's table of configuration fields (`schema()` of the bindings): the
// page's controls, link format and lesson-link list all come from it. Nothing here
// decides what is valid (the core does); these helpers only find fields and choices
// and build the value a control stands for.

import { getPath, setPath } from '../lib/paths.js';

/**
 * @typedef {object} NumberSpec
 * @property {'number'} type
 * @property {number} min
 * @property {boolean} min_exclusive
 * @property {number|null} max
 * @property {boolean} integer
 * @property {boolean} optional
 * @property {number|null} default
 * @property {number|null} suggested
 * @property {number|null} step
 * @property {number|null} slider_max
 * @property {boolean} log
 *
 * @typedef {object} Choice
 * @property {string} id
 * @property {string} label
 * @property {string} help
 * @property {string} group
 * @property {Param[]} params
 * @property {Array<[string, number]>} sets
 *
 * @typedef {object} Param  One field of the configuration (see the core's schema.rs).
 * @property {string} path
 * @property {string} label
 * @property {string} unit
 * @property {string} help
 * @property {{path: string, any_of: string[]}|null} when
 * @property {string} type   number | choice | per_layer | flags | layers | points | bool
 * @property {Choice[]} [choices]
 * @property {any} [default]
 * @property {boolean} [tagged]
 * @property {boolean} [optional]
 * @property {number} [min]
 * @property {number|null} [max]
 * @property {boolean} [min_exclusive]
 * @property {boolean} [integer]
 * @property {number|null} [suggested]
 * @property {number|null} [step]
 * @property {number|null} [slider_max]
 * @property {boolean} [log]
 * @property {number} [max_layers]
 * @property {number} [min_neurons]
 * @property {number} [max_neurons]
 * @property {number} [new_layer]
 *
 * @typedef {{extent: number, params: Param[]}} Schema
 */

/**
 * The field at `path`.
 * @param {Schema} schema
 * @param {string} path
 * @returns {Param}
 */
export function field(schema, path) {
  const p = schema.params.find((q) => q.path === path);
  if (!p) throw new Error(`the core's table has no field ${path}`);
  return p;
}

/**
 * The id of the variant a choice value holds (`{kind: 'adam'}` or `'mse'`); null for "auto".
 * @param {Param} param
 * @param {any} value
 * @returns {string|null}
 */
export function choiceId(param, value) {
  if (value === null || value === undefined) return null;
  return param.tagged ? value.kind : value;
}

/**
 * The variant of a choice field with id `id`, or undefined.
 * @param {Param} param
 * @param {string|null} id
 * @returns {Choice|undefined}
 */
export function choiceOf(param, id) {
  return param.choices?.find((c) => c.id === id);
}

/**
 * The default of a number field (the suggested value of one that is off by default).
 * @param {Param} param
 * @returns {number}
 */
export function numberDefault(param) {
  return param.default ?? param.suggested ?? param.min ?? 0;
}

/**
 * The value of variant `id` of a choice field: the bare id, or `{kind, ...parameters}`
 * with each parameter at its default, or kept from `previous` where it has the same name.
 * @param {Param} param
 * @param {string|null} id
 * @param {any} [previous]
 * @returns {any}
 */
export function variantValue(param, id, previous) {
  if (id === null) return null;
  if (!param.tagged) return id;
  const choice = choiceOf(param, id);
  /** @type {Record<string, any>} */
  const value = { kind: id };
  for (const p of choice?.params ?? []) {
    const kept = previous?.[p.path];
    value[p.path] = typeof kept === 'number' ? kept : numberDefault(p);
  }
  return value;
}

/**
 * Whether a field applies to a configuration (`data.classes` only for some tasks).
 * @param {Param} param
 * @param {any} config
 * @returns {boolean}
 */
export function applies(param, config) {
  return !param.when || param.when.any_of.includes(getPath(config, param.when.path));
}

/**
 * A configuration with variant `id` picked for choice field `path`, and the other
 * fields the variant sets (the spiral starts with 2 classes).
 * @param {Schema} schema
 * @param {any} config
 * @param {string} path
 * @param {string|null} id
 * @returns {any}
 */
export function pickChoice(schema, config, path, id) {
  const param = field(schema, path);
  let next = setPath(config, path, variantValue(param, id, getPath(config, path)));
  for (const [other, value] of choiceOf(param, id)?.sets ?? []) next = setPath(next, other, value);
  return next;
}

/**
 * The feature labels of a configuration's input layer.
 * @param {Schema} schema
 * @param {string[]} features
 * @returns {string[]}
 */
export function featureLabels(schema, features) {
  const choices = field(schema, 'features').choices ?? [];
  return features.map((id) => choices.find((c) => c.id === id)?.label ?? id);
}

/**
 * The label of an activation id (from the output layer's or hidden layers' list).
 * @param {Schema} schema
 * @param {string} id
 * @returns {string}
 */
export function activationLabel(schema, id) {
  for (const path of ['activation', 'output_activation']) {
    const c = choiceOf(field(schema, path), id);
    if (c) return c.label;
  }
  return id;
}
