// @ts-check
// Your own table: "Import a table (CSV)…" reads a file, the core previews it (its
// columns as detected, or the line and column of what is wrong: then nothing changes),
// and a small panel lists the columns with a type select, an input checkbox and a
// target radio. "Train on this table" asks the core to build the run first (a role or
// a type that does not fit is named there, and the run on the page goes on), keeps the
// file in this browser (lib/own-tables.js, under its content hash) and makes it the
// configuration's `data.table` (`{kind: 'own', code: {}, own: {hash, name, target,
// inputs, types}}`). A run whose table is not in this browser (a link from elsewhere)
// says so and offers to import the file, checking that its hash is the one asked for.
// On a table run, two buttons export the table and its encoded matrix as CSV (the
// core writes both). "Tables kept in this browser" lists the kept files, each with a
// button that forgets it.

import { byId, h, download, say, shown } from '../lib/dom.js';
import { setPath } from '../lib/paths.js';
import { forgetTable, keepTable, keptTable, keptTables, missingTableText } from '../lib/own-tables.js';
import { watch } from '../app/store.js';

/** @typedef {import('../app/state.js').State} State */
/** @typedef {import('../app/store.js').Store<State>} Store */
/** @typedef {{request: (method: string, args?: any) => Promise<any>}} Requests */
/** @typedef {{name: string, detected: 'numeric' | 'nominal', levels: string[], missing: number}} ColumnPreview */
/** @typedef {{hash: string, rows: number, separator: string, columns: ColumnPreview[]}} TablePreview */
/** @typedef {'numeric' | 'nominal' | 'ordinal'} ColumnTypeName */
/**
 * What the panel's controls say: each column's type, the inputs, the target.
 * @typedef {{types: ColumnTypeName[], inputs: boolean[], target: number}} Roles
 */
/** @typedef {{hash: string, name?: string, target: string, inputs: string[], types?: Record<string, any>}} OwnTable */

/** The types a column may be given: numbers only where every cell is one. */
export const TYPE_LABELS = { numeric: 'numbers', nominal: 'categories', ordinal: 'ordered categories' };

/**
 * The roles a file starts with: the last column the target, every other an input,
 * each column its detected type.
 * @param {TablePreview} preview
 * @returns {Roles}
 */
export function defaultRoles(preview) {
  const n = preview.columns.length;
  return {
    types: preview.columns.map((c) => c.detected),
    inputs: preview.columns.map((_, j) => j !== n - 1),
    target: n - 1,
  };
}

/**
 * The types a column may be given (numbers only where the core found only numbers).
 * @param {ColumnPreview} column
 * @returns {ColumnTypeName[]}
 */
export function typeChoices(column) {
  return column.detected === 'numeric' ? ['numeric', 'nominal', 'ordinal'] : ['nominal', 'ordinal'];
}

/**
 * The configuration's table for a file and the roles chosen: only the types that
 * differ from the detected ones are written (ordinal levels in order of first
 * appearance); the target is never an input.
 * @param {TablePreview} preview
 * @param {Roles} roles
 * @param {string} name  the file's name
 * @returns {{kind: 'own', code: {}, own: OwnTable}}
 */
export function ownTableChoice(preview, roles, name) {
  const columns = preview.columns;
  /** @type {Record<string, any>} */
  const types = {};
  columns.forEach((c, j) => {
    const used = j === roles.target || roles.inputs[j];
    if (used && roles.types[j] !== c.detected) types[c.name] = roles.types[j] === 'ordinal' ? { type: 'ordinal', levels: [] } : { type: roles.types[j] };
  });
  /** @type {OwnTable} */
  const own = {
    hash: preview.hash,
    name: name.slice(0, 120),
    target: columns[roles.target]?.name ?? '',
    inputs: columns.filter((_, j) => roles.inputs[j] && j !== roles.target).map((c) => c.name),
  };
  if (Object.keys(types).length > 0) own.types = types;
  return { kind: 'own', code: {}, own };
}

/**
 * The own table of a configuration, if it trains on one.
 * @param {any} config
 * @returns {OwnTable | null}
 */
export function ownTableOf(config) {
  const table = config?.data?.table;
  return table?.kind === 'own' && table.own ? table.own : null;
}

/** @param {string} separator */
const separatorWords = (separator) => ({ comma: 'commas', semicolon: 'semicolons', tab: 'tabs' })[separator] ?? separator;

/**
 * The column panel's rows: per column its name, what was found, a type select, an
 * input checkbox and a target radio, each labelled with the column's name.
 * @param {TablePreview} preview
 * @param {Roles} roles
 * @param {() => void} changed
 */
function columnRows(preview, roles, changed) {
  /** @type {HTMLInputElement[]} */
  const inputBoxes = [];
  const sync = () => {
    inputBoxes.forEach((box, j) => {
      box.disabled = j === roles.target;
      box.checked = roles.inputs[j] && j !== roles.target;
    });
  };
  const rows = preview.columns.map((c, j) => {
    const found = c.detected === 'numeric' ? 'numbers' : `${c.levels.length} levels`;
    const missing = c.missing > 0 ? `, ${c.missing} missing` : '';
    const select = /** @type {HTMLSelectElement} */ (h('select', { id: `own-type-${j}`, 'aria-label': `${c.name}: type` }));
    for (const t of typeChoices(c)) select.append(h('option', { value: t, text: TYPE_LABELS[t] }));
    select.value = roles.types[j];
    select.addEventListener('change', () => {
      roles.types[j] = /** @type {ColumnTypeName} */ (select.value);
      changed();
    });
    const box = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: `own-input-${j}`, 'aria-label': `${c.name}: input` }));
    box.addEventListener('change', () => {
      roles.inputs[j] = box.checked;
      changed();
    });
    inputBoxes.push(box);
    const radio = /** @type {HTMLInputElement} */ (h('input', { type: 'radio', name: 'own-target', id: `own-target-${j}`, 'aria-label': `${c.name}: target` }));
    radio.checked = j === roles.target;
    radio.addEventListener('change', () => {
      if (!radio.checked) return;
      roles.target = j;
      sync();
      changed();
    });
    return h('tr', {}, h('th', { scope: 'row', text: c.name }), h('td', { text: `${found}${missing}` }), h('td', {}, select), h('td', {}, box), h('td', {}, radio));
  });
  sync();
  return rows;
}

/**
 * Wires your own table: `#import-table` opens `#table-file`; `#own-table-columns`
 * shows the columns (`#own-table-train`, `#own-table-cancel`); `#own-table-missing`
 * says a run's table is not in this browser (`#own-table-missing-import`);
 * `#export-table-csv` and `#export-encoded-csv` export a table run's data;
 * `#own-tables-kept` lists the kept tables; `#own-table-message` says what happened.
 * @param {{store: Store, connection: Requests}} deps
 */
export function mountOwnTable({ store, connection }) {
  const input = /** @type {HTMLInputElement} */ (byId('table-file'));
  const message = byId('own-table-message');
  const missing = byId('own-table-missing');
  const tell = (/** @type {string} */ text, /** @type {'info'|'error'} */ kind = 'info') => say(message, text, kind);
  const runs = watchTableRuns(store, missing, byId('own-table-exports'));
  const kept = keptList(tell, runs.recheck);
  const columns = columnsPanel(byId('own-table-columns'), { store, connection, tell, onKept: kept.show });
  /** The hash a file must have: the table a link or a reload asks for (null: any file). */
  let expected = /** @type {string | null} */ (null);

  /** A file chosen: the core previews it; a table a run asks for must have its hash. */
  const imported = async () => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const text = await file.text();
    /** @type {TablePreview} */
    let preview;
    try {
      preview = await connection.request('previewTable', { text });
    } catch (err) {
      tell(`Could not import ${file.name}: ${err.message}. Your data is unchanged.`, 'error');
      return;
    }
    const wanted = expected;
    expected = null;
    if (wanted === null) {
      tell('');
      columns.show(preview, text, file.name);
      return;
    }
    if (preview.hash !== wanted) {
      tell(`${file.name} is not the table this run asks for: its content hash is ${preview.hash.slice(0, 12)}…, the run's table has ${wanted.slice(0, 12)}….`, 'error');
      return;
    }
    if (!(await keepOrSay(tell, preview.hash, file.name, text))) return;
    kept.show();
    missing.hidden = true;
    tell(`${file.name} is kept in this browser; the run starts on it.`);
    // The same configuration again, as a new object: the worker builds it now.
    store.update((s) => ({ config: setPath(s.config, 'data.table', { ...s.config.data.table }), problems: [] }));
  };

  byId('import-table').addEventListener('click', () => {
    expected = null;
    input.click();
  });
  byId('own-table-missing-import').addEventListener('click', () => {
    expected = ownTableOf(store.get().config)?.hash ?? null;
    input.click();
  });
  input.addEventListener('change', imported);
  wireExports(connection, tell);

  return {
    snapshot: () => ({
      columnsShown: columns.shown(),
      message: shown(message),
      missing: !missing.hidden,
      own: ownTableOf(store.get().run?.config ?? null),
      kept: kept.names(),
    }),
  };
}

/**
 * The panel of a new file's columns (`#own-table-columns`): their roles, then
 * "Train on this table", which asks the core to build the run first, keeps the file
 * and makes it the configuration's table.
 * @param {HTMLElement} panel
 * @param {{store: Store, connection: Requests, tell: (text: string, kind?: 'info'|'error') => void, onKept: () => void}} deps
 *   `onKept`: called once a file is kept
 */
function columnsPanel(panel, { store, connection, tell, onKept }) {
  /** @type {{preview: TablePreview, roles: Roles, text: string, name: string} | null} */
  let pending = null;

  const close = () => {
    panel.hidden = true;
    panel.replaceChildren();
    pending = null;
  };

  /** Trains on the pending file with the roles chosen, if the core accepts them. */
  const train = async () => {
    if (!pending) return;
    const { preview, roles, text, name } = pending;
    const choice = ownTableChoice(preview, roles, name);
    const config = setPath(store.get().config, 'data.table', choice);
    try {
      await connection.request('checkTable', { config, text });
    } catch (err) {
      tell(`${name}: ${err.message}. Your data is unchanged.`, 'error');
      return;
    }
    if (!(await keepOrSay(tell, preview.hash, name, text))) return;
    onKept();
    close();
    store.update((s) => ({ config: setPath(s.config, 'data.table', choice) }));
    tell(`Training on ${name}: ${preview.rows} rows, target ${choice.own.target}, ${choice.own.inputs.length} input columns.`);
  };

  /** @param {TablePreview} preview @param {string} text @param {string} name */
  const show = (preview, text, name) => {
    const roles = defaultRoles(preview);
    pending = { preview, roles, text, name };
    const trainButton = h('button', { id: 'own-table-train', type: 'button', class: 'text-button', text: 'Train on this table' });
    const cancel = h('button', { id: 'own-table-cancel', type: 'button', class: 'text-button', text: 'Cancel' });
    trainButton.addEventListener('click', train);
    cancel.addEventListener('click', () => {
      close();
      tell('');
    });
    const head = h('tr', {}, ...['Column', 'Found', 'Type', 'Input', 'Target'].map((t) => h('th', { scope: 'col', text: t })));
    const table = h('table', { class: 'own-table-roles' }, h('thead', {}, head), h('tbody', {}, ...columnRows(preview, roles, () => tell(''))));
    const title = h('h4', { id: 'own-table-title', class: 'caption', text: `${name}: ${preview.rows} rows, ${preview.columns.length} columns (${separatorWords(preview.separator)})` });
    panel.replaceChildren(title, table, h('div', { class: 'inline wrap' }, trainButton, cancel));
    panel.hidden = false;
    /** @type {HTMLElement} */ (panel.querySelector('select'))?.focus();
  };

  return { show, shown: () => !panel.hidden };
}

/**
 * Keeps a file in this browser (and with the worker); says why not.
 * @param {(text: string, kind?: 'info'|'error') => void} tell
 * @param {string} hash
 * @param {string} name
 * @param {string} text
 * @returns {Promise<boolean>} whether it was kept
 */
async function keepOrSay(tell, hash, name, text) {
  try {
    await keepTable({ hash, name, text });
    return true;
  } catch (err) {
    tell(`${name} could not be kept in this browser (${err.message}); your data is unchanged.`, 'error');
    return false;
  }
}

/**
 * A run on your own table: its pill shows (with the file's name), and a table that is
 * not in this browser is said so (`missing`), with the offer to import it; a run on
 * any table shows the export buttons (`exports`).
 * @param {Store} store
 * @param {HTMLElement} missing
 * @param {HTMLElement} exports
 */
function watchTableRuns(store, missing, exports) {
  let asked = 0;
  /** Says whether the configuration's own table is in this browser (the latest answer wins). */
  const recheck = async () => {
    const own = ownTableOf(store.get().config);
    const mine = ++asked;
    if (!own) {
      missing.hidden = true;
      return;
    }
    const kept = await keptTable(own.hash);
    if (mine !== asked) return;
    missing.hidden = kept !== null;
    if (kept === null) byId('own-table-missing-text').textContent = missingTableText(own.hash, own.name);
  };
  watch(store, (s) => ownTableOf(s.config)?.hash ?? '', (_, s) => {
    showOwnPill(ownTableOf(s.config));
    recheck();
  });
  watch(store, (s) => Boolean(s.run?.table), (onTable) => {
    exports.hidden = !onTable;
  });
  return { recheck };
}

/**
 * "Tables kept in this browser" (`#own-tables-kept`): each kept file with the day it
 * was kept and a button that forgets it (a run on it trains on; a reload or a link then
 * asks for its file again).
 * @param {(text: string, kind?: 'info'|'error') => void} tell
 * @param {() => void} forgotten  called after a table was forgotten
 */
function keptList(tell, forgotten) {
  const details = byId('own-tables-kept');
  const list = byId('own-tables-kept-list');
  /** @type {string[]} */
  let names = [];
  let asked = 0;
  const show = async () => {
    const mine = ++asked;
    const tables = await keptTables();
    if (mine !== asked) return;
    names = tables.map((t) => t.name);
    details.hidden = tables.length === 0;
    list.replaceChildren(...tables.map((t) => {
      const name = t.name || `${t.hash.slice(0, 12)}…`;
      const forget = h('button', { type: 'button', class: 'text-button small', text: 'Forget', 'aria-label': `Forget ${name}` });
      forget.addEventListener('click', async () => {
        try {
          await forgetTable(t.hash);
          tell(`${name} is no longer kept in this browser.`);
        } catch (err) {
          tell(`${name} could not be forgotten (${err.message}).`, 'error');
        }
        show();
        forgotten();
      });
      const day = new Date(t.keptAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
      return h('li', { 'data-hash': t.hash }, h('span', { text: `${name}, kept ${day}` }), forget);
    }));
  };
  show();
  return { show, names: () => [...names] };
}

/**
 * The "Your table" pill of the dataset picker (controls build it from the core's
 * choices): shown while the configuration trains on your own table, with its name.
 * @param {OwnTable | null} own
 */
function showOwnPill(own) {
  for (const id of ['tables-custom', 'tables-custom-caption']) {
    const el = document.getElementById(id);
    if (el) el.hidden = !own;
  }
  const label = document.getElementById('table-own-label');
  if (label) label.textContent = own?.name ? `Your table (${own.name})` : 'Your table';
}

/**
 * The export buttons of a table run: the table as read, and its encoded matrix.
 * @param {Requests} connection
 * @param {(text: string, kind?: 'info'|'error') => void} tell
 */
function wireExports(connection, tell) {
  const save = (/** @type {string} */ method, /** @type {string} */ file) => async () => {
    try {
      const text = await connection.request(method);
      if (text === null) throw new Error('this run trains on the plane, not on a table');
      download(file, text, 'text/csv');
      tell('');
    } catch (err) {
      tell(`Could not export: ${err.message}`, 'error');
    }
  };
  byId('export-table-csv').addEventListener('click', save('tableCsv', 'table.csv'));
  byId('export-encoded-csv').addEventListener('click', save('encodedCsv', 'table-encoded.csv'));
}
