// @ts-check
// "One training step, matrix by matrix": a button pauses the run and asks the core to
// take the next mini-batch's step and record it (`recordStep`); the panel then walks
// through that record one stage at a time (inside/stages.js), each stage's matrix as a
// table of at most 8 × 8 numbers with the full size stated. The diagram highlights the
// stage's layer; hovering a cell rings its neuron in the diagram and, when the rows are
// the batch's samples, the sample's point on the output plane. Every number is the
// core's: the step shown is the step the run took, so after it the run's weights are
// the W(t+1) of the last stages.
//
// Elements (index.html, inside `#step-details`): `#step-record`, `#step-prev`,
// `#step-next`, `#step-progress`, `#step-stage` (aria-live), `#step-rule`, `#step-axes`
// (what rows and columns are), `#step-matrix` (the table) and `#step-message` (a
// refused request).

import { byId, h, setText } from '../lib/dom.js';
import { formatSignificant } from '../lib/format.js';
import { watch } from '../app/store.js';
import { REQUESTS } from '../worker/protocol.js';
import { stagesOf, shownPart, SHOWN, ALL_SAMPLES } from './stages.js';

/** @typedef {import('../app/state.js').State} State */
/** @typedef {import('../app/store.js').Store<State>} Store */
/** @typedef {import('../views/network-view.js').NetworkView} NetworkView */
/** @typedef {import('../views/output-view.js').OutputView} OutputView */
/** @typedef {import('./stages.js').Stage} Stage */
/** @typedef {import('./stages.js').StepRecord} StepRecord */
/** @typedef {{request: (method: string, args?: any) => Promise<any>, play: (playing: boolean) => void}} Connection */

/**
 * What the tests read of the panel.
 * @typedef {object} StepSnapshot
 * @property {number} stage       the stage shown, from 1 (0: no record yet)
 * @property {number} stages      how many stages the record has
 * @property {string} title       the stage's title with its formula
 * @property {string} rule        what the stage's symbols stand for, its rule's coefficients
 * @property {string} id          the stage's short id (inside/stages.js)
 * @property {{rows: number, cols: number}} shown  the matrix's rows and columns in the table
 * @property {StepRecord|null} record  the last record, as the core gave it
 * @property {boolean} busy       a step is being taken
 * @property {string} error       why the last step was refused ('' if it was not)
 * @property {{layer: number|null, neuron: number|null}} highlight  the diagram's highlight
 * @property {{x1: number, x2: number}|null} marked  the point ringed on the plane
 */

/**
 * The names a table's stages are labelled with: its inputs ("fur = short"), its outputs
 * (class names) and, for each row of the batch, its row in the table (empty on the plane).
 * @typedef {{inputs: string[], outputs: string[], rows: number[]}} Labels
 */

/**
 * The label of neuron (or input) `j` of diagram column `l` of `layers` after the inputs:
 * the input's name, the output's name on a table, else the neuron's number.
 * @param {Labels} labels
 * @param {number} l
 * @param {number} j
 * @param {number} layers
 */
export const unitLabel = (labels, l, j, layers) => {
  if (l === 0) return labels.inputs[j] ?? `x${j + 1}`;
  if (l === layers && labels.outputs[j] !== undefined) return labels.outputs[j];
  return String(j + 1);
};

/**
 * The labels of a run's stages.
 * @param {import('../app/state.js').Run | null} run
 * @param {StepRecord} record
 * @returns {Labels}
 */
export function labelsOf(run, record) {
  return {
    inputs: run?.featureLabels ?? [],
    outputs: run?.table?.output_names ?? [],
    rows: record.table_rows ?? [],
  };
}

/**
 * What a stage's rows and columns are, in words.
 * @param {Stage} stage
 * @param {number} layers  the record's layers after the inputs
 * @param {boolean} table  the run is on a table (its samples are table rows)
 */
function axes(stage, layers, table) {
  const column = (/** @type {number} */ l) => (l === 0 ? 'input features' : l === layers ? 'output neurons' : `neurons of layer ${l}`);
  const samples = table ? 'rows of the batch (their row in the table)' : 'samples of the batch (training index)';
  const rows = stage.rows === 'samples' ? samples : stage.rows === 'inputs' ? (stage.layer === 1 ? 'input features' : `neurons of layer ${stage.layer - 1}`) : '';
  const cols = stage.neurons ? column(stage.layer) : '';
  return [rows && `rows: ${rows}`, cols && `columns: ${cols}`].filter(Boolean).join('; ');
}

/**
 * The table of a stage's matrix: its first rows and columns, headed by sample index or
 * unit label, with the full size and what shows in the caption.
 * @param {HTMLTableElement} table
 * @param {Stage} stage
 * @param {StepRecord} record
 * @param {Labels} labels
 * @returns {{rows: number, cols: number}}
 */
function fillTable(table, stage, record, labels) {
  const layers = record.layers.length;
  const m = stage.matrix;
  const part = shownPart(m.rows, m.cols, SHOWN, stage.rows === 'samples' ? ALL_SAMPLES : SHOWN);
  const caption = `${stage.name}: ${m.rows} × ${m.cols}${part.note ? `, ${part.note}` : ''}`;
  const rowLabel = (/** @type {number} */ r) => {
    if (stage.rows === 'samples') return labels.rows[r] ? `row ${labels.rows[r]}` : `#${record.samples[r]}`;
    if (stage.rows === 'inputs') return unitLabel(labels, stage.layer - 1, r, layers);
    return '';
  };
  const head = h('tr', {}, h('th', { scope: 'col', text: stage.name }));
  for (let c = 0; c < part.cols; c++) {
    head.append(h('th', { scope: 'col', 'data-c': stage.neurons ? c : null, text: stage.neurons ? unitLabel(labels, stage.layer, c, layers) : '' }));
  }
  const body = [];
  for (let r = 0; r < part.rows; r++) {
    const tr = h('tr', {}, h('th', { scope: 'row', 'data-r': r, text: rowLabel(r) }));
    for (let c = 0; c < part.cols; c++) {
      const v = m.data[r * m.cols + c];
      tr.append(h('td', { 'data-r': r, 'data-c': stage.neurons ? c : null, title: String(v), text: formatSignificant(v) }));
    }
    body.push(tr);
  }
  table.replaceChildren(h('caption', { text: caption }), h('thead', {}, head), h('tbody', {}, ...body));
  return { rows: part.rows, cols: part.cols };
}

/**
 * The panel's elements (index.html, inside `#step-details`).
 */
function panelElements() {
  return {
    details: /** @type {HTMLDetailsElement} */ (byId('step-details')),
    recordButton: /** @type {HTMLButtonElement} */ (byId('step-record')),
    prev: /** @type {HTMLButtonElement} */ (byId('step-prev')),
    next: /** @type {HTMLButtonElement} */ (byId('step-next')),
    progress: byId('step-progress'),
    title: byId('step-stage'),
    ruleText: byId('step-rule'),
    axesText: byId('step-axes'),
    table: /** @type {HTMLTableElement} */ (byId('step-matrix')),
    message: byId('step-message'),
  };
}

/**
 * The row and column a table cell stands for, from its `data-r` and `data-c` (null: none).
 * @param {HTMLElement | null | undefined} cell
 * @returns {{r: number|null, c: number|null}}
 */
function cellPlace(cell) {
  return {
    r: cell?.dataset.r === undefined ? null : Number(cell.dataset.r),
    c: cell?.dataset.c === undefined ? null : Number(cell.dataset.c),
  };
}

/**
 * Marks the hovered cell's row and column in the table: the cell itself and the headers
 * of its row and column.
 * @param {HTMLTableElement} table
 * @param {{r: number|null, c: number|null}} hover
 */
function markCells(table, hover) {
  for (const el of table.querySelectorAll('.hovered')) el.classList.remove('hovered');
  if (hover.r === null && hover.c === null) return;
  for (const el of table.querySelectorAll('[data-r], [data-c]')) {
    const cell = /** @type {HTMLElement} */ (el);
    const { r, c } = cellPlace(cell);
    const isHeader = cell.tagName === 'TH';
    const hit = isHeader ? (r !== null && r === hover.r) || (c !== null && c === hover.c) : r === hover.r && c === hover.c;
    if (hit) cell.classList.add('hovered');
  }
}

/**
 * The training point of the hovered row when the stage's rows are the batch's samples
 * (null otherwise, or when the run does not hold that sample).
 * @param {State} s
 * @param {Stage|null} st
 * @param {number|null} row  the hovered row
 * @param {StepRecord|null} record
 * @returns {{x1: number, x2: number}|null}
 */
function sampleAt(s, st, row, record) {
  if (!(st && st.rows === 'samples' && row !== null && s.run && record)) return null;
  const i = record.samples[row];
  if (i !== undefined && 3 * i + 1 < s.run.train.length) return { x1: s.run.train[3 * i], x2: s.run.train[3 * i + 1] };
  return null;
}

/** The panel's state and behaviour; `mountStepPanel` builds one and wires it. */
class StepPanel {
  /** @param {{store: Store, connection: Connection, networkView: NetworkView, outputView?: OutputView}} deps */
  constructor({ store, connection, networkView, outputView }) {
    this.store = store;
    this.connection = connection;
    this.networkView = networkView;
    this.outputView = outputView;
    this.el = panelElements();
    /** @type {StepRecord|null} */
    this.record = null;
    /** @type {Stage[]} */
    this.stages = [];
    this.index = 0;
    this.busy = false;
    this.error = '';
    this.shown = { rows: 0, cols: 0 };
    /** @type {{r: number|null, c: number|null}} the cell under the mouse */
    this.hover = { r: null, c: null };
  }

  /** The stage shown, or null without a record. */
  stage() {
    return this.record ? this.stages[this.index] ?? null : null;
  }

  /** The diagram's highlight and the plane's mark for the stage and the cell hovered. */
  highlight() {
    const s = this.store.get();
    const st = this.el.details.open ? this.stage() : null;
    this.highlightDiagram(s, st);
    this.markPlane(s, st);
  }

  /**
   * Highlights the stage's layer in the diagram, the hovered column's neuron and, in a
   * weight matrix, the hovered cell's link.
   * @param {State} s
   * @param {Stage|null} st  null: nothing (no stage, or the panel is closed)
   */
  highlightDiagram(s, st) {
    const layer = st ? st.layer : null;
    const neuron = st && st.neurons && this.hover.c !== null ? this.hover.c : null;
    // A cell of W_L (rows: the column before) is the link from its row's neuron.
    const from = st && st.rows === 'inputs' && neuron !== null && this.hover.r !== null ? this.hover.r : null;
    const hl = this.networkView.highlight;
    if (hl.layer !== layer || hl.neuron !== neuron || (hl.from ?? null) !== from) {
      this.networkView.highlight = { layer, neuron, from };
      this.networkView.draw(s.run, s.frame);
    }
  }

  /**
   * Rings the hovered sample's point on the output plane (redrawn only on a change).
   * @param {State} s
   * @param {Stage|null} st
   */
  markPlane(s, st) {
    const outputView = this.outputView;
    if (!outputView) return;
    const marked = sampleAt(s, st, this.hover.r, this.record);
    const was = outputView.marked;
    if (was?.x1 !== marked?.x1 || was?.x2 !== marked?.x2) {
      outputView.marked = marked;
      outputView.draw(s.run, s.view.showTest);
    }
  }

  /** Shows the current stage (or the empty panel) and the buttons' states. */
  render() {
    const s = this.store.get();
    const { recordButton, prev, next, message } = this.el;
    recordButton.disabled = this.busy || !s.run || Boolean(s.progress.stopMessage);
    recordButton.title = s.progress.stopMessage ? 'The run has stopped: reset it to train again' : 'Pauses the run and takes the next mini-batch\'s step';
    const st = this.stage();
    prev.disabled = !st || this.index === 0;
    next.disabled = !st || this.index >= this.stages.length - 1;
    this.renderWords(st);
    this.hover = { r: null, c: null };
    this.renderTable(s, st);
    message.hidden = !this.error;
    setText(message, this.error);
    this.highlight();
  }

  /**
   * The stage's progress, title, rule and what its rows and columns are.
   * @param {Stage|null} st
   */
  renderWords(st) {
    const { progress, title, ruleText, axesText } = this.el;
    setText(progress, st ? `stage ${this.index + 1} of ${this.stages.length}` : this.busy ? 'taking a step…' : 'no step yet');
    setText(title, st ? st.title : '');
    setText(ruleText, st ? st.rule : '');
    const table = Boolean(this.record?.table_rows?.length);
    const words = st && this.record ? axes(st, this.record.layers.length, table) : '';
    setText(axesText, words ? `${words[0].toUpperCase()}${words.slice(1)}.` : '');
  }

  /**
   * The stage's matrix as a table (emptied without a stage).
   * @param {State} s
   * @param {Stage|null} st
   */
  renderTable(s, st) {
    if (st && this.record) this.shown = fillTable(this.el.table, st, this.record, labelsOf(s.run, this.record));
    else {
      this.el.table.replaceChildren();
      this.shown = { rows: 0, cols: 0 };
    }
  }

  /** Pauses the run, has the core take and record the next mini-batch's step, shows it. */
  async takeStep() {
    const s = this.store.get();
    if (this.busy || !s.run) return;
    const run = s.run.id;
    this.busy = true;
    this.error = '';
    this.render();
    this.connection.play(false); // the worker answers between training slices: the step is the next batch
    try {
      const answer = await this.connection.request(REQUESTS.recordStep);
      if (this.store.get().run?.id === run) {
        this.record = answer;
        this.stages = stagesOf(answer);
        this.index = 0;
      }
    } catch (err) {
      this.error = `The step could not be taken: ${err instanceof Error ? err.message : String(err)}`;
    }
    this.busy = false;
    this.render();
  }

  /**
   * The mouse is over `cell` (null: off the table's cells).
   * @param {HTMLElement | null} cell
   */
  hoverCell(cell) {
    const { r, c } = cellPlace(cell);
    if (r === this.hover.r && c === this.hover.c) return;
    this.hover = { r, c };
    markCells(this.el.table, this.hover);
    this.highlight();
  }

  /** Forgets the record: a new run does not have its weights. */
  reset() {
    this.record = null;
    this.stages = [];
    this.index = 0;
    this.error = '';
    this.render();
  }

  /** The buttons, the table's hover, the details' toggle and the store. */
  wire() {
    const { details, recordButton, prev, next, table } = this.el;
    recordButton.addEventListener('click', () => this.takeStep());
    prev.addEventListener('click', () => {
      if (this.index > 0) this.index -= 1;
      this.render();
    });
    next.addEventListener('click', () => {
      if (this.index < this.stages.length - 1) this.index += 1;
      this.render();
    });
    table.addEventListener('pointerover', (event) => {
      this.hoverCell(/** @type {HTMLElement | null} */ (/** @type {HTMLElement} */ (event.target).closest?.('[data-r], [data-c]')));
    });
    table.addEventListener('pointerleave', () => {
      this.hover = { r: null, c: null };
      markCells(table, this.hover);
      this.highlight();
    });
    details.addEventListener('toggle', () => this.highlight());
    watch(this.store, (s) => s.run?.id, () => this.reset());
    watch(this.store, (s) => s.progress.stopMessage, () => this.render());
  }

  /** @returns {StepSnapshot} */
  snapshot() {
    const st = this.stage();
    return {
      stage: st ? this.index + 1 : 0,
      stages: this.stages.length,
      title: st?.title ?? '',
      rule: st?.rule ?? '',
      id: st?.id ?? '',
      shown: { ...this.shown },
      record: this.record,
      busy: this.busy,
      error: this.error,
      highlight: { ...this.networkView.highlight },
      marked: this.outputView?.marked ? { ...this.outputView.marked } : null,
    };
  }
}

/**
 * Mounts the panel.
 * @param {{store: Store, connection: Connection, networkView: NetworkView, outputView?: OutputView}} deps
 * @returns {{snapshot: () => StepSnapshot}}
 */
export function mountStepPanel(deps) {
  const panel = new StepPanel(deps);
  panel.wire();
  return { snapshot: () => panel.snapshot() };
}
