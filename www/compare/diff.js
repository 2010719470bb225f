// @ts-check
// A comparison is run A (the page's configuration) and up to three more runs, each
// A's configuration with a few differences. A difference is a field's short link key
// and its value as link text (`loss` = `sse`, `opt` = `adam:0.9:0.999:1e-8`), so it
// reads, travels and is checked exactly as the link does. Pure: tested in Node.

import { setPath } from '../lib/paths.js';
import { field, choiceOf } from '../schema/fields.js';
import { PAGE_FIELDS } from '../schema/page-table.js';
import { decodeField } from '../schema/link-codec.js';
import { PRESETS } from './presets.js';
import { MEASURES } from '../views/chart-series.js';

/** @typedef {import('../schema/fields.js').Schema} Schema */
/** @typedef {Record<string, string>} Diff  link key -> link text */
/** @typedef {{name: string, diff: Diff}} CompareRun */
/**
 * A comparison: its runs after A, whether they race, the chart's x axis (`logX`: on a
 * log scale) and what it draws of every run (`measure`: absent is each run's own loss).
 * @typedef {{runs: CompareRun[], race: boolean, axis: 'epochs'|'updates'|'seconds', preset: string|null,
 *   logX?: boolean, measure?: import('../views/chart-series.js').Measure}} Compare
 */

/** Names of the runs after A. */
export const RUN_NAMES = ['B', 'C', 'D'];
/** The pseudo-difference "solve by least squares" (the weights, not the configuration). */
export const SOLVE = 'solve';
/** X axes of the loss chart. */
export const AXES = /** @type {const} */ (['epochs', 'updates', 'seconds']);

/**
 * The fields a run may change: what the network is and how it trains; not the data
 * and the seed, which every run shares.
 */
export const DIFFABLE = ['act', 'out', 'loss', 'lr', 'batch', 'opt', 'reg', 'schedule', 'init', 'layers', 'features', 'epochs'];

/**
 * The pseudo-difference "the table is coded otherwise": a JSON object of table-code
 * settings (`{"encodings":{"fur":"one_hot"}}`, `{"missing":"drop_rows"}`) laid over A's
 * table code, encodings column by column. The table itself (its rows) is shared.
 */
export const CODE = 'code';

/**
 * The settings a run may change on A's configuration: on a table run the table's code
 * instead of the plane's input features (which a table does not read).
 * @param {any} config  run A's configuration
 * @returns {string[]}
 */
export function diffableKeys(config) {
  return config?.data?.table ? [...DIFFABLE.filter((k) => k !== 'features'), CODE] : DIFFABLE;
}

/**
 * The table-code settings of a `code` difference; throws when the text is not a JSON object.
 * @param {string} text
 * @returns {Record<string, any>}
 */
export function parseCode(text) {
  let code;
  try {
    code = JSON.parse(text);
  } catch {
    throw new Error(`the table code ${text} is not JSON`);
  }
  if (code === null || typeof code !== 'object' || Array.isArray(code)) throw new Error(`the table code ${text} is not an object`);
  if (code.encodings !== undefined && (code.encodings === null || typeof code.encodings !== 'object' || Array.isArray(code.encodings))) {
    throw new Error('the encodings of a table code are an object: column -> encoding');
  }
  return code;
}

/**
 * A configuration whose table code has the settings of a `code` difference laid over
 * it (the core checks the columns and values when the run is built).
 * @param {any} config
 * @param {string} text
 */
function withCode(config, text) {
  const table = config.data?.table;
  if (!table) throw new Error('the table code can differ only on a table');
  const over = parseCode(text);
  const code = { ...(table.code ?? {}), ...over };
  if (over.encodings) code.encodings = { ...(table.code?.encodings ?? {}), ...over.encodings };
  return setPath(config, 'data.table', { ...table, code });
}

/**
 * The page field of a link key.
 * @param {string} key
 */
export function pageField(key) {
  if (key === CODE) return /** @type {import('../schema/page-table.js').PageField} */ ({ path: 'data.table', key: CODE });
  const pf = PAGE_FIELDS.find((p) => p.key === key);
  if (!pf) throw new Error(`${key} is not a setting`);
  return pf;
}

/**
 * A configuration with settings given as link texts (`{lr: '0.3'}`); throws on one
 * that cannot be read.
 * @param {Schema} schema
 * @param {any} config
 * @param {Record<string, string>} texts
 */
export function withTexts(schema, config, texts) {
  let next = config;
  for (const [key, text] of Object.entries(texts)) {
    if (key === CODE) continue; // after the table is set
    const pf = pageField(key);
    next = setPath(next, pf.path, decodeField(field(schema, pf.path), text));
  }
  if (texts.layers !== undefined && texts.acts === undefined) next = setPath(next, 'layer_activations', []);
  return texts[CODE] === undefined ? next : withCode(next, texts[CODE]);
}

/**
 * A's configuration with a run's differences; throws on a difference that cannot be read.
 * @param {Schema} schema
 * @param {any} base
 * @param {Diff} diff
 */
export function runConfig(schema, base, diff) {
  const texts = Object.fromEntries(Object.entries(diff).filter(([key]) => key !== SOLVE));
  for (const key of Object.keys(texts)) if (!DIFFABLE.includes(key) && key !== CODE) throw new Error(`${key} cannot differ between runs`);
  return withTexts(schema, base, texts);
}

/**
 * Run A's configuration and the comparison of a preset.
 * @param {Schema} schema
 * @param {any} defaults
 * @param {import('./presets.js').Preset} preset
 * @returns {{config: any, compare: Compare}}
 */
export function presetState(schema, defaults, preset) {
  const runs = preset.runs.map((diff, i) => {
    const name = RUN_NAMES[i];
    return { name, diff: preset.solve?.includes(name) ? { ...diff, [SOLVE]: '1' } : { ...diff } };
  });
  const axis = /** @type {Compare['axis']} */ (preset.axis ?? 'epochs');
  /** @type {Compare} */
  const compare = { runs, race: false, axis, preset: preset.id };
  if (preset.logX) compare.logX = true;
  if (preset.measure && preset.measure !== 'loss') compare.measure = preset.measure;
  return { config: withTexts(schema, defaults, preset.base), compare };
}

/**
 * A value as words: a choice by its label with its parameters, a number as it is.
 * @param {import('../schema/fields.js').Param} param
 * @param {any} value
 */
export function valueText(param, value) {
  if (value === null || value === undefined) return param.type === 'number' ? 'off' : 'auto';
  if (param.type === 'layers') return value.length ? value.join('-') : 'none';
  if (param.type === 'flags') return value.map((id) => choiceOf(param, id)?.label ?? id).join(', ');
  if (param.type !== 'choice') return String(value);
  const id = param.tagged ? value.kind : value;
  const choice = choiceOf(param, id);
  const params = (choice?.params ?? []).filter((p) => value[p.path] !== undefined).map((p) => `${p.unit || p.label.toLowerCase()} ${value[p.path]}`);
  return `${choice?.label ?? id}${params.length ? ` (${params.join(', ')})` : ''}`;
}

/**
 * A `code` difference in words, with the labels of the core's lists of table-code
 * choices when given (`table.choices` of the run's table description).
 * @param {string} text
 * @param {Record<string, Array<{id: string, label: string}>>} [choices]
 * @returns {string[]}
 */
export function describeCode(text, choices = {}) {
  let code;
  try {
    code = parseCode(text);
  } catch {
    return [`table code = ${text}`];
  }
  const label = (/** @type {string} */ list, /** @type {any} */ id) => choices[list]?.find((c) => c.id === id)?.label ?? String(id);
  return Object.entries(code).flatMap(([setting, value]) =>
    setting === 'encodings'
      ? Object.entries(value).map(([column, id]) => `${column} coded ${label('encodings', id)}`)
      : [`${setting.replace(/_/g, ' ')} = ${label(setting === 'target_scaling' ? 'encodings' : setting, value)}`]);
}

/**
 * The differences of a run in words: `["loss = binary cross-entropy", ...]`.
 * @param {Schema} schema
 * @param {Diff} diff
 * @param {Record<string, Array<{id: string, label: string}>>} [choices]  the table code's
 *   lists of choices (for the labels of a `code` difference)
 */
export function describe(schema, diff, choices) {
  return Object.entries(diff).flatMap(([key, text]) => {
    if (key === SOLVE) return 'weights solved by least squares';
    if (key === CODE) return describeCode(text, choices);
    const param = field(schema, pageField(key).path);
    let value;
    try {
      value = valueText(param, decodeField(param, text));
    } catch {
      value = text;
    }
    return `${param.label.toLowerCase()} = ${value}`;
  });
}

/** Separators of a run's differences in a link: `loss~sse!lr~0.3`. */
const PAIR = '!';
const IS = '~';

/**
 * The comparison as link parameters (`B=loss~sse`, `race=1`, `axis=updates`, `logx=1`,
 * `measure=accuracy`).
 * @param {Compare|null} compare
 * @returns {Record<string, string>}
 */
export function compareParams(compare) {
  if (!compare) return {};
  /** @type {Record<string, string>} */
  const out = {};
  for (const run of compare.runs) out[run.name] = Object.entries(run.diff).map(([k, v]) => `${k}${IS}${v}`).join(PAIR);
  if (compare.race) out.race = '1';
  if (compare.axis !== 'epochs') out.axis = compare.axis;
  if (compare.logX) out.logx = '1';
  if (compare.measure && compare.measure !== 'loss') out.measure = compare.measure;
  if (compare.preset) out.preset = compare.preset;
  return out;
}

/** Link keys a comparison uses. */
export const COMPARE_KEYS = [...RUN_NAMES, 'race', 'axis', 'logx', 'measure', 'preset'];

/**
 * A comparison from link parameters, or null; `invalid` lists what could not be read.
 * @param {Schema} schema
 * @param {Record<string, string>} params
 * @returns {{compare: Compare|null, invalid: string[]}}
 */
export function readCompare(schema, params) {
  const invalid = [];
  /** @type {CompareRun[]} */
  const runs = [];
  for (const name of RUN_NAMES) {
    const text = params[name];
    if (text === undefined) continue;
    try {
      runs.push({ name, diff: parseDiff(schema, text) });
    } catch {
      invalid.push(name);
    }
  }
  const axis = /** @type {any} */ (params.axis ?? 'epochs');
  if (!AXES.includes(axis)) invalid.push('axis');
  if (params.race !== undefined && params.race !== '0' && params.race !== '1') invalid.push('race');
  if (params.logx !== undefined && params.logx !== '0' && params.logx !== '1') invalid.push('logx');
  const measure = /** @type {any} */ (params.measure ?? 'loss');
  if (!MEASURES.includes(measure)) invalid.push('measure');
  const preset = PRESETS.some((p) => p.id === params.preset) ? params.preset : null;
  if (params.preset !== undefined && !preset) invalid.push('preset');
  if (runs.length === 0) return { compare: null, invalid };
  const named = runs.map((r, i) => ({ ...r, name: RUN_NAMES[i] }));
  // A run that could not be read changes the comparison: it is no longer the preset.
  const kept = named.length === RUN_NAMES.filter((n) => params[n] !== undefined).length ? preset : null;
  /** @type {Compare} */
  const compare = { runs: named, race: params.race === '1', axis: AXES.includes(axis) ? axis : 'epochs', preset: kept };
  if (params.logx === '1') compare.logX = true;
  if (measure !== 'loss' && MEASURES.includes(measure)) compare.measure = measure;
  return { compare, invalid };
}

/**
 * A run's differences from their link text; throws on a key or value it cannot read.
 * @param {Schema} schema
 * @param {string} text
 * @returns {Diff}
 */
export function parseDiff(schema, text) {
  /** @type {Diff} */
  const diff = {};
  for (const pair of text === '' ? [] : text.split(PAIR)) {
    const at = pair.indexOf(IS);
    if (at <= 0) throw new Error(`${pair} is not key${IS}value`);
    const key = pair.slice(0, at);
    const value = pair.slice(at + 1);
    if (key === SOLVE) {
      diff[key] = '1';
      continue;
    }
    if (key === CODE) {
      parseCode(value);
      diff[key] = value;
      continue;
    }
    if (!DIFFABLE.includes(key)) throw new Error(`${key} cannot differ between runs`);
    decodeField(field(schema, pageField(key).path), value);
    diff[key] = value;
  }
  return diff;
}
