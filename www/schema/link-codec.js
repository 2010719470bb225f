// @ts-check
// Every setting in the page's link, so a link reproduces a run exactly:
//
//   ?data=spiral&seed=7&layers=8,8&act=tanh:1&loss=mse&lr=0.03&noise=0.1&test=1
//
// Each field of the core's table is written under its short key (schema/page-table.js)
// when it differs from the default, or always for the fields that say what a run is.
// The text follows the field's type: numbers as they are, `off` for a stopping
// condition that is off, a choice as its id, a choice with parameters as
// `kind:param:param` (in the order of the core's table), lists with commas, no hidden
// layers as `0`, your own points in `pts` (schema/point-codec.js).
//
// Reading a link parses each field's text (an unknown name or a malformed number is
// refused here); then the core checks the whole configuration and names every field
// it refuses; those fall back to their defaults until the core accepts. Nothing here
// decides what is valid beyond reading text.

import { getPath, setPath } from '../lib/paths.js';
import { field, choiceOf } from './fields.js';
import { PAGE_FIELDS, VIEW_SETTINGS, speedText, speedOf } from './page-table.js';
import { encodePoints, decodePoints, number, classesFor } from './point-codec.js';

/** @typedef {import('./fields.js').Schema} Schema */
/** @typedef {import('./fields.js').Param} Param */
/** @typedef {import('./page-table.js').PageField} PageField */
/** @typedef {import('./page-table.js').ViewSetting} ViewSetting */
/** @typedef {import('../app/state.js').View} View */
/** @typedef {{field?: string, line?: number, message: string}} Problem */
/** @typedef {(configs: any[]) => Promise<Array<{config?: any, problems?: Problem[]}>>} Validate */

const WORD = /^[a-z][a-z0-9_]*$/;

/** @param {string} text */
const list = (text) => (text === '' ? [] : text.split(','));

/**
 * @param {string} text
 * @returns {number}
 */
function integer(text) {
  const v = number(text);
  if (!Number.isSafeInteger(v)) throw new Error(`${text} is not a whole number`);
  return v;
}

/**
 * The id of one of `param`'s choices; throws on another name.
 * @param {Param} param
 * @param {string} text
 */
function choice(param, text) {
  if (!WORD.test(text) || !choiceOf(param, text)) throw new Error(`${JSON.stringify(text)} is not a choice of ${param.path}`);
  return text;
}

/**
 * `{kind: 'adam', beta1: 0.9}` as `adam:0.9`, parameters in the table's order.
 * @param {Param} param
 * @param {any} value
 */
function encodeTagged(param, value) {
  if (value.code !== undefined) return encodeCoded(value);
  const names = (choiceOf(param, value.kind)?.params ?? []).map((p) => p.path);
  const given = names.filter((n) => value[n] !== undefined && value[n] !== null);
  return [value.kind, ...given.map((n) => String(value[n]))].join(':');
}

/**
 * @param {Param} param
 * @param {string} text
 */
function decodeTagged(param, text) {
  const [kind, ...values] = text.split(':');
  const names = (choiceOf(param, choice(param, kind))?.params ?? []).map((p) => p.path);
  if (values.length > names.length) throw new Error(`${kind} takes ${names.length} parameters`);
  /** @type {Record<string, any>} */
  const value = { kind };
  values.forEach((v, i) => {
    value[names[i]] = number(v);
  });
  return value;
}

/**
 * A table `{kind: 'animals', code: {...}}` as `animals`, or with the settings of its
 * code that differ from the defaults as `animals:{"encodings":{"fur":"one_hot"}}`.
 * Your own table carries its file's hash and the columns' roles beside its code:
 * `own:{"own":{"hash":"…","target":"kind","inputs":["size"]}}`.
 * @param {any} value
 */
function encodeCoded(value) {
  const code = value.own ? { ...(value.code ?? {}), own: value.own } : value.code ?? {};
  return Object.keys(code).length === 0 ? value.kind : `${value.kind}:${JSON.stringify(code)}`;
}

/**
 * The table of `animals` or `animals:{...}`; throws when the code is not a JSON object
 * (the core checks what is in it).
 * @param {Param} param
 * @param {string} text
 */
function decodeCoded(param, text) {
  const at = text.indexOf(':');
  const kind = choice(param, at < 0 ? text : text.slice(0, at));
  if (at < 0) return { kind, code: {} };
  let code;
  try {
    code = JSON.parse(text.slice(at + 1));
  } catch {
    throw new Error(`the code of table ${kind} is not JSON`);
  }
  if (code === null || typeof code !== 'object' || Array.isArray(code)) throw new Error(`the code of table ${kind} is not an object`);
  if (!('own' in code)) return { kind, code };
  const { own, ...rest } = code;
  return { kind, code: rest, own };
}

/**
 * A field's value as link text; undefined when it cannot be written (too many points).
 * @param {Param} param
 * @param {any} value
 * @returns {string|undefined}
 */
export function encodeField(param, value) {
  switch (param.type) {
    case 'number':
      return value === null || value === undefined ? 'off' : String(value);
    case 'choice':
      if (value === null || value === undefined) return 'auto';
      return param.tagged ? encodeTagged(param, value) : String(value);
    case 'per_layer':
      return value.map((/** @type {any} */ v) => encodeTagged(param, v)).join(',');
    case 'flags':
      return value.join(',');
    case 'layers':
      return value.length === 0 ? '0' : value.join(',');
    case 'points':
      return value ? encodePoints(value.samples, value.regression) : undefined;
    default:
      return undefined;
  }
}

/**
 * The value of a field's link text; throws when the text cannot be read.
 * @param {Param} param
 * @param {string} text
 * @returns {any}
 */
export function decodeField(param, text) {
  switch (param.type) {
    case 'number':
      if (param.optional && (text === 'off' || text === '')) return null;
      return param.integer ? integer(text) : number(text);
    case 'choice':
      if (param.path === 'data.table') return decodeCoded(param, text); // no table: no key
      if (param.optional && text === 'auto') return null;
      return param.tagged ? decodeTagged(param, text) : choice(param, text);
    case 'per_layer':
      return list(text).map((t) => decodeTagged(param, t));
    case 'flags':
      return list(text).map((t) => choice(param, t));
    case 'layers':
      return text === '0' ? [] : list(text).map(integer);
    case 'points':
      return decodePoints(text);
    default:
      throw new Error(`${param.path} is not written in links`);
  }
}

/**
 * The value a page field stands for in a configuration (own points: with their kind).
 * @param {PageField} pf
 * @param {any} config
 */
function read(pf, config) {
  if (pf.key !== 'pts') return getPath(config, pf.path);
  const d = config.data;
  return d.task === 'custom' ? { samples: d.samples ?? [], regression: Boolean(d.regression) } : null;
}

/**
 * A configuration with a page field's value written in.
 * @param {PageField} pf
 * @param {any} config
 * @param {any} value
 */
function write(pf, config, value) {
  if (pf.key !== 'pts') return setPath(config, pf.path, structuredClone(value));
  if (value === null) return setPath(setPath(config, 'data.samples', undefined), 'data.regression', false);
  return setPath(setPath(config, 'data.samples', value.samples), 'data.regression', value.regression);
}

/**
 * The configuration the core checks: with own points of a custom task, enough classes
 * for their labels. Only then: points that are not used (another task, or reset) leave
 * the link's classes as they are.
 * @param {any} config
 */
function withClassesForLabels(config) {
  const d = config.data;
  if (d.task !== 'custom' || d.regression || !d.samples) return config;
  return setPath(config, 'data.classes', classesFor(d.samples, d.classes));
}

/** The fields a link carries. */
const LINKED = PAGE_FIELDS.filter((pf) => pf.key !== '');

/**
 * The query string of a configuration (the core's) and the page's view settings.
 * `dropped` lists fields that did not fit (`pts`: too many points).
 * @param {{schema: Schema, config: any, defaults: any, view: Record<string, string>}} args
 * @returns {{query: string, dropped: string[]}}
 */
export function linkQuery({ schema, config, defaults, view }) {
  const parts = [];
  const dropped = [];
  for (const pf of LINKED) {
    const param = field(schema, pf.path);
    const value = read(pf, config);
    const text = encodeField(param, value);
    if (text === undefined) {
      if (value) dropped.push(pf.key);
      continue;
    }
    if (!pf.always && text === encodeField(param, read(pf, defaults))) continue;
    parts.push(`${pf.key}=${escape(text)}`);
  }
  for (const [key, text] of Object.entries(view)) if (text !== '') parts.push(`${key}=${escape(text)}`);
  if (dropped.includes('pts')) parts.push('pts=omitted');
  return { query: parts.join('&'), dropped };
}

/**
 * Percent-encodes what a query value cannot hold, keeping `,` `:` `~` readable.
 * @param {string} text
 */
function escape(text) {
  return encodeURIComponent(text).replace(/%2C/gi, ',').replace(/%3A/gi, ':');
}

/**
 * The page field that owns a field the core names (`schedule.factor` -> schedule).
 * @param {string} path
 * @returns {PageField|undefined}
 */
function ownerOf(path) {
  return LINKED.find((pf) => pf.path === path || path.startsWith(`${pf.path}.`));
}

/**
 * A view setting's value as link text.
 * @param {ViewSetting} vs
 * @param {number|boolean} value
 */
const viewText = (vs, value) => (vs.kind === 'speed' ? speedText(Number(value)) : value ? '1' : '0');

/**
 * The value of a view setting's link text; undefined when the setting takes no such text
 * (a speed the page does not offer, a switch that is not 0 or 1).
 * @param {ViewSetting} vs
 * @param {string} text
 * @returns {number|boolean|undefined}
 */
function viewValue(vs, text) {
  if (vs.kind === 'speed') return speedOf(text);
  return text === '1' ? true : text === '0' ? false : undefined;
}

/**
 * The view settings a link carries: those that differ from their initial values, and
 * the hidden lesson groups as `hide`.
 * @param {View} view
 * @returns {Record<string, string>}
 */
export function viewParams(view) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const vs of VIEW_SETTINGS) {
    const text = viewText(vs, view[vs.name]);
    if (text !== viewText(vs, vs.initial)) out[vs.key] = text;
  }
  if (view.hidden.length) out.hide = view.hidden.join(',');
  return out;
}

/**
 * The view a link's settings (as `readLink` returns them: each checked) ask for, over
 * `view`; the hidden groups are the link's.
 * @param {Record<string, string>} params
 * @param {View} view
 * @returns {View}
 */
export function viewOf(params, view) {
  let next = { ...view, hidden: params.hide ? params.hide.split(',') : [] };
  for (const vs of VIEW_SETTINGS) {
    const value = params[vs.key] === undefined ? undefined : viewValue(vs, params[vs.key]);
    if (value !== undefined) next = { ...next, [vs.name]: value };
  }
  return next;
}

/**
 * The view settings of a link, each checked: the speed is one the page offers, the
 * switches are 0 or 1, the hidden groups are known.
 * @param {URLSearchParams} params
 * @param {string[]} groups  the lesson-link groups
 */
function readView(params, groups) {
  /** @type {Record<string, string>} */
  const view = {};
  const invalid = [];
  for (const vs of VIEW_SETTINGS) {
    const text = params.get(vs.key);
    if (text === null) continue;
    if (viewValue(vs, text) !== undefined) view[vs.key] = text;
    else invalid.push(vs.key);
  }
  const hide = params.get('hide');
  if (hide !== null) {
    const keys = list(hide);
    view.hide = keys.filter((k) => groups.includes(k)).join(',');
    if (keys.some((k) => !groups.includes(k))) invalid.push('hide');
  }
  return { view, invalid };
}

/**
 * Reads a link: the configuration (checked by the core through `validate`), the view
 * settings, the raw text of the `extra` keys (a comparison's, read elsewhere), the keys
 * that were refused and notes for the user. Never throws.
 * @param {{schema: Schema, defaults: any, search: string, validate: Validate, groups: string[], extra?: string[]}} args
 * @returns {Promise<{config: any, view: Record<string, string>, extra: Record<string, string>, invalid: string[], notes: string[]}>}
 */
export async function readLink({ schema, defaults, search, validate, groups, extra = [] }) {
  const params = new URLSearchParams(search);
  const notes = [];
  if (params.get('pts') === 'omitted') {
    params.delete('pts');
    if (params.get('data') === 'custom') params.delete('data');
    notes.push('The link was made with your own points, too many to fit in it: the default data is used.');
  }
  const { view, invalid } = readView(params, groups);
  const known = new Set([...LINKED.map((pf) => pf.key), ...VIEW_SETTINGS.map((vs) => vs.key), 'hide', ...extra]);
  for (const key of params.keys()) if (!known.has(key)) invalid.push(key);
  /** @type {Record<string, string>} */
  const extras = {};
  for (const key of extra) if (params.has(key)) extras[key] = /** @type {string} */ (params.get(key));
  const parsed = parseFields(schema, defaults, params);
  invalid.push(...parsed.invalid);
  let config = defaults;
  try {
    const repaired = await repair(parsed.config, parsed.given, defaults, (configs) => validate(configs.map(withClassesForLabels)));
    config = repaired.config;
    invalid.push(...repaired.reset);
  } catch (err) {
    invalid.push(...parsed.given.map((pf) => pf.key));
    notes.push(`The link could not be read (${err instanceof Error ? err.message : err}).`);
  }
  return { config, view, extra: extras, invalid: [...new Set(invalid)], notes };
}

/**
 * Each field of the link on top of the defaults; the keys whose text cannot be read.
 * @param {Schema} schema
 * @param {any} defaults
 * @param {URLSearchParams} params
 */
function parseFields(schema, defaults, params) {
  let config = defaults;
  /** @type {PageField[]} */
  const given = [];
  const invalid = [];
  for (const pf of LINKED) {
    const text = params.get(pf.key);
    if (text === null) continue;
    try {
      config = write(pf, config, decodeField(field(schema, pf.path), text));
      given.push(pf);
    } catch {
      invalid.push(pf.key);
    }
  }
  return { config, given, invalid };
}

/**
 * Resets the fields the core refuses until it accepts the configuration. Returns the
 * core's configuration (every field filled in) and the keys that were reset.
 * @param {any} config
 * @param {PageField[]} given
 * @param {any} defaults
 * @param {Validate} validate
 */
async function repair(config, given, defaults, validate) {
  const left = [...given];
  const reset = [];
  for (let round = 0; round <= given.length; round++) {
    const [verdict] = await validate([config]);
    if (!verdict.problems?.length) return { config: withoutStraySamples(verdict.config), reset };
    const culprits = await culpritsOf(verdict.problems, config, left, defaults, validate);
    if (culprits.length === 0) break;
    for (const pf of culprits) {
      config = write(pf, config, read(pf, defaults));
      left.splice(left.indexOf(pf), 1);
      reset.push(pf.key);
    }
  }
  return { config: defaults, reset: [...reset, ...left.map((pf) => pf.key)] };
}

/**
 * The given fields to blame for `problems`: those that own a named field; else the
 * last one whose reset alone satisfies the core (or at least changes its verdict).
 * @param {Problem[]} problems
 * @param {any} config
 * @param {PageField[]} given
 * @param {any} defaults
 * @param {Validate} validate
 * @returns {Promise<PageField[]>}
 */
async function culpritsOf(problems, config, given, defaults, validate) {
  const named = problems.map((p) => (p.field === 'data.samples' ? LINKED.find((pf) => pf.key === 'pts') : ownerOf(p.field ?? '')));
  const owners = given.filter((pf) => named.includes(pf));
  if (owners.length > 0 || given.length === 0) return owners;
  const trials = await validate(given.map((pf) => write(pf, config, read(pf, defaults))));
  const fields = (/** @type {Problem[]|undefined} */ ps) => (ps ?? []).map((p) => p.field).join();
  const fixes = trials.findLastIndex((t) => !t.problems?.length);
  const changes = trials.findLastIndex((t) => fields(t.problems) !== fields(problems));
  const pick = given[fixes >= 0 ? fixes : changes];
  return pick ? [pick] : [];
}

/**
 * The core's configuration without own points where the task does not use them.
 * @param {any} config
 */
function withoutStraySamples(config) {
  if (config.data.task === 'custom') return config;
  return setPath(setPath(config, 'data.samples', undefined), 'data.regression', false);
}
