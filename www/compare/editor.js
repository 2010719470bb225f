// @ts-check
// The differences of one run, edited as rows "setting = value": the setting is one of
// the fields a run may change, the value its link text with suggestions from the
// core's table (choices at their defaults, the page's preset values). A value the page
// cannot read is marked; the core checks the rest when the run is built.

import { h } from '../lib/dom.js';
import { getPath } from '../lib/paths.js';
import { field, variantValue } from '../schema/fields.js';
import { encodeField, decodeField } from '../schema/link-codec.js';
import { DIFFABLE, SOLVE, CODE, pageField, runConfig, withTexts, diffableKeys, parseCode } from './diff.js';

/** @typedef {import('../schema/fields.js').Schema} Schema */
/** @typedef {import('./diff.js').Diff} Diff */
/**
 * What the editor needs of a table run's description (the worker's `table`): its
 * columns, which are categorical, their encodings now, and the core's lists of choices.
 * @typedef {{columns: string[], categorical: boolean[], encodings: string[],
 *   choices: {encodings: Array<{id: string, label: string, group: string}>}}} TableInfo
 */

/**
 * The table-code differences worth offering: every other encoding of each column's
 * kind, from the core's list (`{"encodings":{"fur":"one_hot"}}`).
 * @param {TableInfo|null|undefined} table
 * @returns {string[]}
 */
export function codeSuggestions(table) {
  if (!table) return ['{}'];
  return table.columns.flatMap((column, j) =>
    table.choices.encodings
      .filter((c) => c.group === (table.categorical[j] ? 'categorical' : 'numeric') && c.id !== table.encodings[j])
      .map((c) => JSON.stringify({ encodings: { [column]: c.id } })));
}

/**
 * A setting's name in the editor: the core's label, "Table code" for the table's code.
 * @param {Schema} schema
 * @param {string} key
 */
export function settingLabel(schema, key) {
  return key === CODE ? 'Table code' : field(schema, pageField(key).path).label;
}

/**
 * Values worth offering for a setting, as link texts.
 * @param {Schema} schema
 * @param {string} key
 * @param {TableInfo|null} [table]  run A's table, for the table code's values
 * @returns {string[]}
 */
export function suggestions(schema, key, table) {
  if (key === CODE) return codeSuggestions(table);
  const pf = pageField(key);
  const param = field(schema, pf.path);
  if (param.type === 'choice') {
    const ids = (param.choices ?? []).map((c) => c.id);
    return [...(param.optional ? ['auto'] : []), ...ids.map((id) => /** @type {string} */ (encodeField(param, variantValue(param, id))))];
  }
  if (param.type === 'layers') return ['0', '4', '8', '4,2', '8,8', '8,8,8'];
  if (param.type === 'flags') return ['x1,x2', 'x1,x2,x1_squared,x2_squared', 'x1,x2,sin_x1,sin_x2'];
  const presets = (pf.control?.presets ?? []).map(String);
  const start = param.suggested ?? param.default;
  return presets.length ? presets : [...(start != null ? [String(start)] : []), ...(param.optional ? ['off'] : [])];
}

/**
 * A first difference for a new row: a setting not yet different, with a value that differs from A's.
 * @param {Schema} schema
 * @param {any} base  run A's configuration
 * @param {Diff} diff
 * @param {TableInfo|null} [table]  run A's table
 * @returns {[string, string]}
 */
export function nextDifference(schema, base, diff, table) {
  const key = diffableKeys(base).find((k) => diff[k] === undefined) ?? DIFFABLE[0];
  if (key === CODE) return [key, suggestions(schema, key, table)[0]];
  const param = field(schema, pageField(key).path);
  const now = encodeField(param, getPath(base, param.path));
  return [key, suggestions(schema, key).find((t) => t !== now) ?? now ?? ''];
}

/**
 * The difference of a new run: the first setting and suggested value whose
 * configuration is neither A's nor any existing run's, so "Add a run" never repeats a
 * run (with every suggestion taken, the first difference).
 * @param {Schema} schema
 * @param {any} base  run A's configuration
 * @param {Array<{diff: Diff}>} runs  the runs after A
 * @param {TableInfo|null} [table]  run A's table
 * @returns {[string, string]}
 */
export function newRunDifference(schema, base, runs, table) {
  const configOf = (/** @type {Diff} */ diff) => {
    try {
      return JSON.stringify(runConfig(schema, base, diff));
    } catch {
      return null;
    }
  };
  const taken = new Set([JSON.stringify(base), ...runs.map((r) => configOf(r.diff))]);
  for (const key of diffableKeys(base)) {
    for (const text of suggestions(schema, key, table)) {
      let config;
      try {
        config = JSON.stringify(withTexts(schema, base, { [key]: text }));
      } catch {
        continue;
      }
      if (!taken.has(config)) return [key, text];
    }
  }
  return nextDifference(schema, base, {}, table);
}

/**
 * Whether a setting's text can be read; throws the reason when not.
 * @param {Schema} schema
 * @param {string} key
 * @param {string} text
 */
function check(schema, key, text) {
  if (key === CODE) parseCode(text);
  else decodeField(field(schema, pageField(key).path), text);
}

/**
 * One row: setting, value, remove.
 * @param {Schema} schema
 * @param {string} run
 * @param {string} key
 * @param {string} text
 * @param {(key: string, text: string|null, was?: string) => void} change  null removes the row
 * @param {string[]} keys  the settings a run may change here
 * @param {TableInfo|null} table  run A's table
 */
function row(schema, run, key, text, change, keys, table) {
  const options = keys.map((k) => h('option', { value: k, text: settingLabel(schema, k) }));
  const select = /** @type {HTMLSelectElement} */ (h('select', { 'aria-label': `A setting that differs in run ${run}` }, ...options));
  select.value = key;
  const listId = `diff-values-${run}-${key}`;
  const list = h('datalist', { id: listId }, ...suggestions(schema, key, table).map((t) => h('option', { value: t })));
  const input = /** @type {HTMLInputElement} */ (h('input', { type: 'text', value: text, list: listId, spellcheck: 'false', 'aria-label': `Its value in run ${run}` }));
  const remove = h('button', { type: 'button', class: 'mini', 'aria-label': `Remove this difference of run ${run}`, text: '×' });
  select.addEventListener('change', () => change(select.value, suggestions(schema, select.value, table)[0] ?? '', key));
  input.addEventListener('change', () => {
    try {
      check(schema, key, input.value.trim());
      input.removeAttribute('aria-invalid');
      change(key, input.value.trim());
    } catch {
      input.setAttribute('aria-invalid', 'true');
    }
  });
  remove.addEventListener('click', () => change(key, null));
  return h('div', { class: 'diff-row' }, select, ' = ', input, list, remove);
}

/**
 * The editor of a run's differences.
 * @param {Schema} schema
 * @param {string} run
 * @param {Diff} diff
 * @param {(diff: Diff) => void} set
 * @param {() => any} base  run A's configuration now
 * @param {() => TableInfo|null} [table]  run A's table now (on a table run)
 */
export function diffEditor(schema, run, diff, set, base, table = () => null) {
  const keys = diffableKeys(base());
  const rows = Object.entries(diff).filter(([k]) => k !== SOLVE).map(([key, text]) =>
    row(schema, run, key, text, (k, t, was) => {
      /** @type {Diff} */
      const next = { ...diff };
      delete next[was ?? key];
      if (t !== null) next[k] = t;
      set(next);
    }, keys.includes(key) ? keys : [...keys, key], table()));
  const add = h('button', { type: 'button', class: 'text-button small', text: 'Add a difference' });
  add.addEventListener('click', () => {
    const [key, text] = nextDifference(schema, base(), diff, table());
    set({ ...diff, [key]: text });
  });
  return h('div', { class: 'diff-editor' }, ...rows, add);
}
