// @ts-check
// The settings, generated from the core's table of fields (schema()) and the page's
// table (schema/page-table.js): each field with a `control` gets one, built once, that
// dispatches changes to the store and shows the store's configuration. A choice's own
// parameters (a sigmoid's steepness, Adam's β₁) get controls that show only while
// their choice is picked. Fields the core refused are marked invalid.

import { byId, h, pill } from '../lib/dom.js';
import { getPath } from '../lib/paths.js';
import { formatRate } from '../lib/format.js';
import { watch } from '../app/store.js';
import { field, choiceId, choiceOf, applies, numberDefault } from '../schema/fields.js';
import { PAGE_FIELDS } from '../schema/page-table.js';
import { setField, pickChoice, pickDataset, setActivation, regenerate } from '../app/actions.js';

/** @typedef {import('../app/state.js').State} State */
/** @typedef {import('../app/store.js').Store<State>} Store */
/** @typedef {import('../schema/fields.js').Param} Param */
/** @typedef {import('../schema/page-table.js').Control} Control */
/**
 * A built control: its outer element and how it shows a state.
 * @typedef {{element: HTMLElement, path: string, show: (s: State) => void}} Built
 */

/**
 * Picks the value of `values` nearest to `v` (selects of fixed values).
 * @param {number[]} values
 * @param {number} v
 */
const nearest = (values, v) => values.reduce((best, x) => (Math.abs(x - v) < Math.abs(best - v) ? x : best), values[0]);

/**
 * The wrapper of a control: `.field` with a label, marked with its lesson-link group.
 * @param {string} id
 * @param {Array<Node|string>} label
 * @param {Param} param
 * @param {string|undefined} hide
 * @param {HTMLElement} input
 * @param {Array<Node|string>} [extra]
 */
function wrap(id, label, param, hide, input, extra = []) {
  const caption = h('label', { for: id, title: param.help }, ...label, ...extra);
  return h('div', { class: 'field', 'data-hide': hide, 'data-field': param.path }, caption, input);
}

/** Units that are words, not symbols: the label says them already. */
const WORD_UNITS = ['', '%', 's', 'epochs'];

/**
 * The label of a field with its symbol (`Steepness λ`), the symbol kept as written.
 * @param {Param} p
 * @returns {Array<Node|string>}
 */
const labelOf = (p) => (WORD_UNITS.includes(p.unit) || p.label.includes(p.unit) ? [p.label] : [p.label, ' ', h('span', { class: 'symbol', text: p.unit })]);

/**
 * A select of a choice field's variants.
 * @param {Store} store
 * @param {Param} param
 * @param {Control} c
 * @param {string|undefined} hide
 * @returns {Built}
 */
function choiceSelect(store, param, c, hide) {
  const select = /** @type {HTMLSelectElement} */ (h('select', { id: c.id }, ...(param.choices ?? []).map((ch) => h('option', { value: ch.id, text: ch.label, title: ch.help }))));
  select.addEventListener('change', () => {
    const id = select.value;
    store.update((s) => (param.path === 'activation' ? setActivation(s, id) : pickChoice(s, param.path, id)));
  });
  const help = document.getElementById(`${c.id}-help`); // a line that explains the picked variant
  const show = (/** @type {State} */ s) => {
    select.value = choiceId(param, getPath(s.config, param.path)) ?? '';
    if (help) help.textContent = choiceOf(param, select.value)?.help ?? '';
  };
  return { element: wrap(c.id, labelOf(param), param, hide, select), path: param.path, show };
}

/**
 * A select of preset values of a number field (learning rates).
 * @param {Store} store
 * @param {Param} param
 * @param {string} path
 * @param {Control} c
 * @param {string|undefined} hide
 * @returns {Built}
 */
function presetSelect(store, param, path, c, hide) {
  const ok = (/** @type {number} */ v) => (param.max == null || v <= param.max) && (param.min_exclusive ? v > param.min : v >= param.min);
  const whole = () => Array.from({ length: (param.max ?? param.min) - param.min + 1 }, (_, i) => param.min + i);
  const values = (c.presets ?? whole()).filter(ok);
  const format = param.log ? formatRate : c.presets ? String : (/** @type {number} */ v) => `${v} ${param.label.toLowerCase()}`;
  const select = /** @type {HTMLSelectElement} */ (h('select', { id: c.id }, ...values.map((v) => h('option', { value: String(v), text: format(v) }))));
  select.addEventListener('change', () => store.update((s) => setField(s, path, Number(select.value))));
  return { element: wrap(c.id, labelOf(param), param, hide, select), path, show: (s) => (select.value = String(nearest(values, getPath(s.config, path)))) };
}

/**
 * A slider with its value beside the label.
 * @param {Store} store
 * @param {Param} param
 * @param {string} path
 * @param {Control} c
 * @param {string|undefined} hide
 * @returns {Built}
 */
function slider(store, param, path, c, hide) {
  const scale = c.scale ?? 1;
  const step = (param.step ?? 1) * scale;
  const decimals = step < 1 ? Math.max(0, -Math.floor(Math.log10(step))) : 0;
  const text = (/** @type {number} */ v) => (scale === 100 ? `${Math.round(v)}%` : v.toFixed(decimals));
  const input = /** @type {HTMLInputElement} */ (
    h('input', { id: c.id, type: 'range', min: param.min * scale, max: (param.slider_max ?? param.max ?? param.min + 1) * scale, step })
  );
  const out = h('output', { id: `${c.id}-value`, for: c.id });
  input.addEventListener('input', () => (out.textContent = text(Number(input.value))));
  input.addEventListener('change', () => store.update((s) => setField(s, path, Number((Number(input.value) / scale).toPrecision(12)))));
  const show = (/** @type {State} */ s) => {
    const v = getPath(s.config, path) * scale;
    input.value = String(v);
    out.textContent = text(v);
  };
  return { element: wrap(c.id, labelOf(param), param, hide, input, [' ', out]), path, show };
}

/**
 * A number input; a value that is not a number puts the last one back.
 * @param {Store} store
 * @param {Param} param
 * @param {string} path
 * @param {Control} c
 * @param {string|undefined} hide
 * @returns {Built}
 */
function numberInput(store, param, path, c, hide) {
  const input = /** @type {HTMLInputElement} */ (
    h('input', { id: c.id, type: 'number', min: param.min, max: param.max ?? undefined, step: param.step ?? 'any', inputmode: 'decimal' })
  );
  input.addEventListener('change', () => {
    const v = Number(input.value);
    if (input.value.trim() === '' || !Number.isFinite(v)) input.value = String(getPath(store.get().config, path));
    else store.update((s) => setField(s, path, param.integer ? Math.round(v) : v));
  });
  const element = wrap(c.id, labelOf(param), param, hide, input);
  element.classList.add('tiny');
  return { element, path, show: (s) => (input.value = String(getPath(s.config, path))) };
}

/**
 * A stopping condition: a box that switches it on, and its value.
 * @param {Store} store
 * @param {Param} param
 * @param {Control} c
 * @param {string|undefined} hide
 * @returns {Built}
 */
function stopRow(store, param, c, hide) {
  let remembered = numberDefault(param);
  const box = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: c.id, 'aria-controls': `${c.id}-value` }));
  const value = /** @type {HTMLInputElement} */ (
    h('input', { type: 'number', id: `${c.id}-value`, min: param.min, step: param.integer ? 1 : 'any', inputmode: 'decimal', 'aria-label': `${param.label}: value` })
  );
  box.addEventListener('change', () => store.update((s) => setField(s, param.path, box.checked ? remembered : null)));
  value.addEventListener('change', () => {
    const v = Number(value.value);
    if (value.value.trim() === '' || !Number.isFinite(v)) {
      value.value = String(remembered);
      return;
    }
    remembered = param.integer ? Math.round(v) : v;
    if (box.checked) store.update((s) => setField(s, param.path, remembered));
  });
  const element = h('div', { class: 'stop-row', 'data-hide': hide, 'data-field': param.path, title: param.help }, h('label', { for: c.id }, box, ` ${param.label}`), value);
  const show = (/** @type {State} */ s) => {
    const v = getPath(s.config, param.path);
    if (v !== null && v !== undefined) remembered = v;
    box.checked = v !== null && v !== undefined;
    value.value = String(remembered);
    value.classList.toggle('off', !box.checked);
  };
  return { element, path: param.path, show };
}

/**
 * Radio pills of a choice (datasets), under the headings of their groups.
 * @param {Store} store
 * @param {Param} param
 * @param {Control} c
 * @returns {Built[]}
 */
function choicePills(store, param, c) {
  const container = byId(c.at);
  /** @type {Map<string, HTMLElement>} */
  const groups = new Map();
  const inputs = (param.choices ?? []).map((ch) => {
    if (!groups.has(ch.group)) {
      const caption = h('div', { class: 'group-caption', id: `${c.id}s-${ch.group}-caption`, text: ch.group === 'custom' ? 'Your data' : ch.group === 'table' ? 'Tables' : capitalize(ch.group) });
      const box = h('div', { class: 'pills', id: `${c.id}s-${ch.group}` });
      container.append(caption, box);
      groups.set(ch.group, box);
    }
    const p = pill('radio', `${c.id}-${ch.id}`, ch.id, ch.label, c.id);
    p.label.title = ch.help;
    p.span.id = `${c.id}-${ch.id}-label`;
    p.input.addEventListener('change', () => p.input.checked && store.update((s) => pickDataset(s, param.path, ch.id)));
    groups.get(ch.group)?.append(p.label);
    return p.input;
  });
  const show = (/** @type {State} */ s) => {
    // A run on a table picks no plane task (the task stays in the configuration).
    const onTable = param.path === 'data.task' && Boolean(s.config.data?.table);
    const picked = onTable ? null : choiceId(param, getPath(s.config, param.path));
    for (const input of inputs) input.checked = input.value === picked;
  };
  return [{ element: container, path: param.path, show }];
}

/** @param {string} text */
const capitalize = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Checkbox pills of a set of flags (input features), kept in the table's order.
 * @param {Store} store
 * @param {Param} param
 * @param {Control} c
 * @returns {Built[]}
 */
function flagPills(store, param, c) {
  const container = byId(c.at);
  const choices = param.choices ?? [];
  const inputs = choices.map((ch) => {
    const p = pill('checkbox', `${c.id}-${ch.id}`, ch.id, ch.label);
    p.label.title = ch.help;
    container.append(p.label);
    return p.input;
  });
  const changed = () => store.update((s) => setField(s, param.path, choices.filter((_, i) => inputs[i].checked).map((ch) => ch.id)));
  for (const input of inputs) input.addEventListener('change', changed);
  const show = (/** @type {State} */ s) => {
    const on = getPath(s.config, param.path) ?? [];
    inputs.forEach((input, i) => (input.checked = on.includes(choices[i].id)));
  };
  return [{ element: container, path: param.path, show }];
}

/**
 * The seed: a number and a button for a new random one.
 * @param {Store} store
 * @param {Param} param
 * @param {Control} c
 * @param {string|undefined} hide
 * @returns {Built}
 */
function seedInput(store, param, c, hide) {
  const built = numberInput(store, param, param.path, c, hide);
  built.element.classList.remove('tiny');
  built.element.classList.add('seed-row');
  const button = h('button', { id: 'regenerate', type: 'button', class: 'text-button', title: 'New random seed: new data and new initial weights', text: 'Regenerate' });
  button.addEventListener('click', () => store.update((s) => regenerate(s)));
  const input = /** @type {HTMLElement} */ (built.element.querySelector('input'));
  built.element.append(h('div', { class: 'inline' }, input, button));
  return built;
}

/**
 * The controls of one number field.
 * @param {Store} store
 * @param {Param} param
 * @param {string} path
 * @param {Control} c
 * @param {string|undefined} hide
 * @returns {Built}
 */
function numberControl(store, param, path, c, hide) {
  if (c.kind === 'select') return presetSelect(store, param, path, c, hide);
  if (c.kind === 'range') return slider(store, param, path, c, hide);
  if (c.kind === 'stop') return stopRow(store, param, c, hide);
  if (c.kind === 'seed') return seedInput(store, param, c, hide);
  return numberInput(store, param, path, c, hide);
}

/**
 * Controls of a choice's own parameters: one per parameter name, shown while the
 * picked variant has it.
 * @param {Store} store
 * @param {Param} param
 * @param {Control} c
 * @param {string|undefined} hide
 * @returns {Built[]}
 */
function parameterControls(store, param, c, hide) {
  /** @type {Map<string, Param>} */
  const first = new Map();
  for (const ch of param.choices ?? []) for (const p of ch.params) if (!first.has(p.path)) first.set(p.path, p);
  return [...first.values()].map((p) => {
    const own = { at: c.paramsAt ?? c.at, kind: 'number', id: `${c.id}-${p.path}`, ...(c.params?.[p.path] ?? {}) };
    const built = numberControl(store, p, `${param.path}.${p.path}`, /** @type {Control} */ (own), hide);
    const show = built.show;
    built.show = (s) => {
      const picked = choiceOf(param, choiceId(param, getPath(s.config, param.path)));
      const on = Boolean(picked?.params.some((q) => q.path === p.path));
      built.element.hidden = !on;
      if (on) show(s);
    };
    byId(own.at).append(built.element);
    return built;
  });
}

/**
 * Every control of one page field.
 * @param {Store} store
 * @param {Param} param
 * @param {import('../schema/page-table.js').PageField} pf
 * @returns {Built[]}
 */
function controlsOf(store, param, pf) {
  const c = /** @type {Control} */ (pf.control);
  if (c.kind === 'pills') return param.type === 'flags' ? flagPills(store, param, c) : choicePills(store, param, c);
  const main = param.type === 'number' ? numberControl(store, param, param.path, c, pf.hide) : choiceSelect(store, param, c, pf.hide);
  byId(c.at).append(main.element);
  return [main, ...(param.type === 'choice' ? parameterControls(store, param, c, pf.hide) : [])];
}

/**
 * Builds every control of the page's table and keeps them showing the store.
 * @param {Store} store
 */
export function mountControls(store) {
  const { schema } = store.get();
  const built = PAGE_FIELDS.filter((pf) => pf.control).flatMap((pf) => controlsOf(store, field(schema, pf.path), pf));
  watch(store, (s) => s.config, (config, s) => {
    if (!config) return;
    for (const b of built) {
      b.show(s);
      const param = schema.params.find((p) => p.path === b.path);
      if (param && param.when) b.element.closest('.field')?.toggleAttribute('hidden', !applies(param, config));
    }
  });
  watch(store, (s) => s.problems, (problems) => {
    const bad = new Set((problems ?? []).map((p) => p.field));
    for (const b of built) {
      const invalid = [...bad].some((f) => f === b.path || f?.startsWith(`${b.path}.`));
      b.element.querySelector('input, select')?.setAttribute('aria-invalid', String(invalid));
    }
  });
}
