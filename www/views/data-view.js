// @ts-check
// The data view of a run on a table, where the plane is for the 2-D tasks: rows as the
// lecture's slide shows them, the raw cells beside the inputs the network sees, the
// target and the network's prediction, misclassified rows marked with a cross (and
// "wrong" for screen readers), filterable to errors, a page of PAGE_ROWS rows at a time
// (digits has 1,797). The core computes every cell (request `tableRows`); here they are
// only laid out. Rows are asked for when the run, the page or the filter changes, and
// while training at most every ROWS_EVERY_MS, one request at a time.
//
// A row is selected by click, or from the keyboard (Tab to the table, arrows move,
// PageUp/PageDown turn pages); the selection is the store's `selectedRow`.

import { byId, h } from '../lib/dom.js';
import { watch } from '../app/store.js';
import { drawTableResults } from './table-results.js';
import { selectRow, setTableCode } from '../app/actions.js';
import { rowPicture } from '../weights/images.js';
import { REQUESTS } from '../worker/protocol.js';

/** @typedef {import('../app/state.js').State} State */
/** @typedef {import('../app/store.js').Store<State>} Store */
/** @typedef {import('../worker/protocol.js').TableInfo} TableInfo */
/** @typedef {import('../worker/protocol.js').TableRows} TableRows */
/** @typedef {{request: (method: string, args?: any) => Promise<any>}} Requests */

/** Rows on one page of the view. */
export const PAGE_ROWS = 20;
/** Least time between two requests for rows while training (ms). */
const ROWS_EVERY_MS = 400;

/** Whether two pages hold the same rows in the same order. @param {TableRows} a @param {TableRows} b */
export const sameRows = (a, b) => a.rows.length === b.rows.length && a.rows.every((r, i) => r.row === b.rows[i].row);

/** The wrong mark's cell content. @param {boolean} wrong */
const mark = (wrong) => (wrong ? ['✗', h('span', { class: 'visually-hidden', text: ' wrong' })] : []);

/**
 * Sets what training changes in a row (built by `rowElement`): the wrong mark and the prediction.
 * @param {HTMLTableRowElement} tr
 * @param {{wrong: boolean, predicted: string}} r
 */
function setResults(tr, r) {
  if (tr.classList.contains('wrong') !== r.wrong) {
    tr.classList.toggle('wrong', r.wrong);
    tr.cells[1].replaceChildren(...mark(r.wrong));
  }
  const predicted = /** @type {HTMLTableCellElement} */ (tr.lastElementChild);
  if (predicted.textContent !== r.predicted) predicted.textContent = r.predicted;
}

/**
 * An encoded input as the table shows it: two decimals, no "-0.00".
 * @param {number} v
 */
export function formatCode(v) {
  const text = v.toFixed(2);
  return text === '-0.00' ? '0.00' : text;
}

/**
 * "rows 21–40 of 120" (or "no rows") and the split's errors.
 * @param {number} start
 * @param {number} shown
 * @param {number} matching
 * @param {number} errors
 * @param {boolean} classes  whether the target is classes (errors mean something)
 */
export function pageText(start, shown, matching, errors, classes) {
  const rows = shown === 0 ? 'no rows' : `rows ${start + 1}–${start + shown} of ${matching}`;
  return classes ? `${rows} · ${errors} misclassified` : rows;
}

/**
 * The first row of the page holding row `index` of `matching` rows (clamped).
 * @param {number} index
 * @param {number} matching
 */
export function pageStart(index, matching) {
  const last = Math.max(0, matching - 1);
  return Math.floor(Math.min(Math.max(0, index), last) / PAGE_ROWS) * PAGE_ROWS;
}

/**
 * The statistics of a column's code in words: how it is coded and scaled.
 * @param {any} code  a ColumnCode of the core (encoding.rs)
 */
export function codeText(code) {
  if (code.kind === 'numeric') {
    const { offset, scale } = code.scale;
    const how = code.encoding === 'none' ? 'as it is' : `x′ = (x − ${round(offset)}) / ${round(scale)}`;
    return `${code.name}: ${code.encoding.replace('_', '-')}, ${how}`;
  }
  const slots = code.slots.map((/** @type {number} */ s) => code.levels[s]).join(', ');
  return `${code.name}: ${code.encoding.replaceAll('_', ' ')} over ${slots}`;
}

/** @param {number} v */
const round = (v) => String(Number(v.toPrecision(4)));

/**
 * A labelled select of `choices` (the core's lists), showing `value`; a change calls `set`.
 * @param {string} id
 * @param {string} label
 * @param {Array<{id: string, label: string, help: string}>} choices
 * @param {string} value
 * @param {(id: string) => void} set
 */
function codeSelect(id, label, choices, value, set) {
  const select = /** @type {HTMLSelectElement} */ (h('select', { id }, ...choices.map((c) => h('option', { value: c.id, title: c.help, text: c.label }))));
  select.value = value;
  select.addEventListener('change', () => set(select.value));
  return h('div', { class: 'field code-field' }, h('label', { for: id, text: label }), select);
}

/**
 * The controls of a table's code: an encoding per column (the choices of its kind), the
 * target's scaling for numbers, and the rules for missing cells, constant columns and
 * unseen levels when the table has such a column. Each change is a new configuration.
 * @param {Store} store
 * @param {TableInfo} info
 */
function codeControls(store, info) {
  const { choices, settings } = info;
  const set = (/** @type {string} */ key, /** @type {any} */ value) => store.update((s) => setTableCode(s, key, value));
  const columns = info.columns.map((name, i) => {
    const group = info.categorical[i] ? 'categorical' : 'numeric';
    const own = choices.encodings.filter((c) => c.group === group);
    return codeSelect(`code-${i}`, name, own, info.encodings[i], (id) => set('encodings', { ...settings.encodings, [name]: id }));
  });
  const found = new Set(info.found.map((f) => f.kind));
  const numeric = choices.encodings.filter((c) => c.group === 'numeric');
  /** @type {Array<HTMLElement | false>} */
  const rules = [
    info.classes.length === 0 && codeSelect('code-target', `${info.target} (target)`, numeric, settings.target_scaling, (id) => set('target_scaling', id)),
    found.has('missing_cells') && codeSelect('code-missing', 'Missing cells', choices.missing, settings.missing, (id) => set('missing', id)),
    found.has('constant_column') && codeSelect('code-constant', 'Constant columns', choices.constant, settings.constant, (id) => set('constant', id)),
    found.has('unseen_level') && codeSelect('code-unseen', 'Levels only in the test split', choices.unseen, settings.unseen, (id) => set('unseen', id)),
  ];
  return [...columns, ...rules.flatMap((r) => (r ? [r] : []))];
}

/** The view's state and behaviour; `mountDataView` builds one. */
class DataView {
  /** @param {{store: Store, connection: Requests}} deps */
  constructor({ store, connection }) {
    this.store = store;
    this.connection = connection;
    this.section = byId('data-view');
    this.results = byId('table-results');
    this.split = /** @type {HTMLSelectElement} */ (byId('data-split'));
    this.errorsOnly = /** @type {HTMLInputElement} */ (byId('data-errors'));
    this.prev = /** @type {HTMLButtonElement} */ (byId('data-prev'));
    this.next = /** @type {HTMLButtonElement} */ (byId('data-next'));
    this.status = byId('data-page');
    this.table = /** @type {HTMLTableElement} */ (byId('data-rows'));
    this.code = byId('data-code');
    this.controls = byId('data-code-controls');
    this.start = 0;
    /** @type {TableRows | null} */
    this.page = null;
    this.runId = -1;
    this.dirty = true;
    this.inFlight = false;
    this.lastAt = -Infinity;
  }

  /** The current run's table, or null on the plane. @returns {TableInfo | null} */
  info() {
    return this.store.get().run?.table ?? null;
  }

  /** Shows the view on a table run, the plane's parts on the plane. */
  showRun() {
    const s = this.store.get();
    const info = this.info();
    document.body.toggleAttribute('data-table-run', info !== null);
    this.section.hidden = info === null;
    this.results.hidden = info === null;
    if (!info || !s.run || s.run.id === this.runId) return;
    this.runId = s.run.id;
    this.start = 0;
    if (s.selectedRow !== null) this.store.update({ selectedRow: null });
    this.head(info);
    this.code.replaceChildren(...info.code.inputs.map((c) => h('li', { text: codeText(c) })), ...info.issues.map((t) => h('li', { class: 'issue', text: t })));
    this.controls.replaceChildren(...codeControls(this.store, info));
    this.ask();
  }

  /** The table's two heading rows: groups, then columns. @param {TableInfo} info */
  head(info) {
    const group = (/** @type {string} */ text, /** @type {number} */ span, /** @type {string} */ cls) => h('th', { scope: 'colgroup', colspan: String(span), class: cls, text });
    const col = (/** @type {string} */ text, /** @type {string} */ cls = '') => h('th', { scope: 'col', class: cls, text });
    const groups = h(
      'tr',
      {},
      h('td', { colspan: info.image ? '3' : '2' }),
      group('Raw', info.columns.length, 'raw'),
      group('Encoded: what the network sees', info.input_names.length, 'encoded'),
      group('Target and prediction', 2, 'result'),
    );
    const names = h(
      'tr',
      {},
      col('Row'),
      col('Wrong'),
      ...(info.image ? [col('Image')] : []), // an image table's rows as pictures
      ...info.columns.map((c) => col(c, 'raw')),
      ...info.input_names.map((c) => col(c, 'encoded')),
      col(info.target || 'target', 'result'),
      col('Predicted', 'result'),
    );
    this.table.replaceChildren(h('thead', {}, groups, names), h('tbody'));
  }

  /** Asks for the current page now, or as soon as the last request is answered. */
  ask() {
    this.dirty = true;
    this.pump();
  }

  /** Sends a request when one is due and none is in flight. */
  pump() {
    const s = this.store.get();
    if (this.inFlight || !this.dirty || !this.info() || !s.run) return;
    this.dirty = false;
    this.inFlight = true;
    this.lastAt = performance.now();
    const run = s.run.id;
    const args = { test: this.split.value === 'test', start: this.start, count: PAGE_ROWS, errorsOnly: this.errorsOnly.checked };
    this.connection
      .request('tableRows', args)
      .then((/** @type {TableRows | null} */ page) => {
        if (page && this.store.get().run?.id === run) this.fill(page);
      })
      .catch(() => {
        this.dirty = true; // a new run came meanwhile: asked again with it
      })
      .finally(() => {
        this.inFlight = false;
        if (this.dirty) this.pump();
      });
  }

  /** Shows a page of rows. @param {TableRows} page */
  fill(page) {
    const info = this.info();
    if (!info) return;
    if (page.rows.length === 0 && this.start > 0 && page.matching > 0) {
      this.start = pageStart(this.start, page.matching); // the filter left fewer rows
      this.ask();
      return;
    }
    const shown = this.page;
    this.page = page;
    const classes = info.classes.length > 0;
    const body = this.table.tBodies[0];
    // While training the same page comes back with new predictions: only they change
    // (the raw and coded cells are the run's), so the rows stay and only those cells are set.
    if (shown && body?.rows.length === page.rows.length && sameRows(shown, page)) page.rows.forEach((r, i) => setResults(body.rows[i], r));
    else body?.replaceChildren(...page.rows.map((r) => this.rowElement(info, r)));
    this.status.textContent = pageText(this.start, page.rows.length, page.matching, page.errors, classes);
    this.prev.disabled = this.start === 0;
    this.next.disabled = this.start + PAGE_ROWS >= page.matching;
  }

  /**
   * One row of the page.
   * @param {TableInfo} info
   * @param {TableRows['rows'][number]} r
   */
  rowElement(info, r) {
    return h(
      'tr',
      { 'data-row': String(r.row), class: r.wrong ? 'wrong' : '', 'aria-selected': String(r.row === this.store.get().selectedRow) },
      h('th', { scope: 'row', text: String(r.row) }),
      h('td', { class: 'mark' }, ...mark(r.wrong)),
      ...(info.image ? [h('td', { class: 'picture' }, rowPicture(info.image, r.raw))] : []),
      ...r.raw.map((t) => h('td', { class: 'raw', text: t })),
      ...r.encoded.map((v) => h('td', { class: 'encoded', text: formatCode(v) })),
      h('td', { class: 'result', text: r.target }),
      h('td', { class: 'result', text: r.predicted }),
    );
  }

  /** Turns `by` pages (-1, 1). @param {number} by */
  turn(by) {
    const matching = this.page?.matching ?? 0;
    const start = pageStart(this.start + by * PAGE_ROWS, matching);
    if (start === this.start) return;
    this.start = start;
    this.ask();
  }

  /** Selects table row `row` (1-based), or none. @param {number | null} row */
  select(row) {
    this.store.update(selectRow(row));
  }

  /** Marks the store's selected row in the page shown. */
  markSelected() {
    const row = this.store.get().selectedRow;
    for (const tr of this.table.querySelectorAll('tbody tr')) tr.setAttribute('aria-selected', String(Number(tr.getAttribute('data-row')) === row));
  }

  /**
   * Turns to the selected row's page when it was selected elsewhere (a confusion cell's
   * list): its split, the page that lists it, the errors filter off if that hides it.
   */
  async reveal() {
    const row = this.store.get().selectedRow;
    if (row === null || !this.info() || this.page?.rows.some((r) => r.row === row)) return;
    const place = (/** @type {boolean} */ errorsOnly) => this.connection.request(REQUESTS.rowPlace, { row, errorsOnly }).catch(() => null);
    let at = await place(this.errorsOnly.checked);
    if (!at && this.errorsOnly.checked) {
      at = await place(false);
      if (at) this.errorsOnly.checked = false;
    }
    if (!at || this.store.get().selectedRow !== row) return;
    this.split.value = at.test ? 'test' : 'train';
    this.start = at.index - (at.index % PAGE_ROWS);
    this.ask();
  }

  /** Moves the selection `by` rows within the page (arrows). @param {number} by */
  move(by) {
    const rows = this.page?.rows ?? [];
    if (rows.length === 0) return;
    const at = rows.findIndex((r) => r.row === this.store.get().selectedRow);
    const next = at < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, at + by));
    this.select(rows[next].row);
  }

  /** A new frame: rows again while they may have changed, the results panel redrawn. */
  onFrame() {
    const s = this.store.get();
    const info = this.info();
    if (!info || !s.run) return;
    if (performance.now() - this.lastAt >= ROWS_EVERY_MS || !s.playing) this.ask();
    drawTableResults({ section: this.results, run: s.run, table: info, metrics: s.metrics, state: s, request: (m, a) => this.connection.request(m, a) });
  }

  /** Wires the controls. */
  wire() {
    this.split.addEventListener('change', () => {
      this.start = 0;
      this.ask();
    });
    this.errorsOnly.addEventListener('change', () => {
      this.start = 0;
      this.ask();
    });
    this.prev.addEventListener('click', () => this.turn(-1));
    this.next.addEventListener('click', () => this.turn(1));
    this.table.addEventListener('click', (event) => {
      const tr = /** @type {HTMLElement} */ (event.target).closest?.('tbody tr');
      if (tr) this.select(Number(tr.getAttribute('data-row')));
    });
    this.table.addEventListener('keydown', (event) => {
      const keys = { ArrowDown: () => this.move(1), ArrowUp: () => this.move(-1), PageDown: () => this.turn(1), PageUp: () => this.turn(-1) };
      const act = keys[/** @type {keyof keys} */ (event.key)];
      if (!act) return;
      event.preventDefault();
      act();
    });
  }
}

/**
 * Builds the data view and keeps it showing the run's table.
 * @param {{store: Store, connection: Requests}} deps
 */
export function mountDataView(deps) {
  const view = new DataView(deps);
  view.wire();
  watch(deps.store, (s) => s.run, () => view.showRun());
  watch(deps.store, (s) => s.selectedRow, () => {
    view.markSelected();
    view.reveal();
  });
  watch(deps.store, (s) => s.frame, () => view.onFrame());
  watch(deps.store, (s) => s.metrics, () => view.onFrame());
  return view;
}
