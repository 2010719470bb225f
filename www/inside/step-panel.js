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
import { stagesOf, shownPart } from './stages.js';

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
 * The label of neuron (or input) `j` of diagram column `l`.
 * @param {string[]} features  the inputs' labels
 * @param {number} l
 * @param {number} j
 */
const unitLabel = (features, l, j) => (l === 0 ? features[j] ?? `x${j + 1}` : String(j + 1));

/**
 * What a stage's rows and columns are, in words.
 * @param {Stage} stage
 * @param {number} layers  the record's layers after the inputs
 */
function axes(stage, layers) {
  const column = (/** @type {number} */ l) => (l === 0 ? 'input features' : l === layers ? 'output neurons' : `neurons of layer ${l}`);
  const rows = stage.rows === 'samples' ? 'samples of the batch (training index)' : stage.rows === 'inputs' ? (stage.layer === 1 ? 'input features' : `neurons of layer ${stage.layer - 1}`) : '';
  const cols = stage.neurons ? column(stage.layer) : '';
  return [rows && `rows: ${rows}`, cols && `columns: ${cols}`].filter(Boolean).join('; ');
}

/**
 * The table of a stage's matrix: its first rows and columns, headed by sample index or
 * unit label, with the full size and what shows in the caption.
 * @param {HTMLTableElement} table
 * @param {Stage} stage
 * @param {StepRecord} record
 * @param {string[]} features
 * @returns {{rows: number, cols: number}}
 */
function fillTable(table, stage, record, features) {
  const m = stage.matrix;
  const part = shownPart(m.rows, m.cols);
  const caption = `${stage.name}: ${m.rows} × ${m.cols}${part.note ? `, ${part.note}` : ''}`;
  const rowLabel = (/** @type {number} */ r) => {
    if (stage.rows === 'samples') return `#${record.samples[r]}`;
    if (stage.rows === 'inputs') return unitLabel(features, stage.layer - 1, r);
    return '';
  };
  const head = h('tr', {}, h('th', { scope: 'col', text: stage.name }));
  for (let c = 0; c < part.cols; c++) {
    head.append(h('th', { scope: 'col', 'data-c': stage.neurons ? c : null, text: stage.neurons ? unitLabel(features, stage.layer, c) : '' }));
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
 * Mounts the panel.
 * @param {{store: Store, connection: Connection, networkView: NetworkView, outputView?: OutputView}} deps
 * @returns {{snapshot: () => StepSnapshot}}
 */
export function mountStepPanel({ store, connection, networkView, outputView }) {
  const details = /** @type {HTMLDetailsElement} */ (byId('step-details'));
  const recordButton = /** @type {HTMLButtonElement} */ (byId('step-record'));
  const prev = /** @type {HTMLButtonElement} */ (byId('step-prev'));
  const next = /** @type {HTMLButtonElement} */ (byId('step-next'));
  const progress = byId('step-progress');
  const title = byId('step-stage');
  const ruleText = byId('step-rule');
  const axesText = byId('step-axes');
  const table = /** @type {HTMLTableElement} */ (byId('step-matrix'));
  const message = byId('step-message');

  /** @type {StepRecord|null} */
  let record = null;
  /** @type {Stage[]} */
  let stages = [];
  let index = 0;
  let busy = false;
  let error = '';
  let shown = { rows: 0, cols: 0 };
  /** @type {{r: number|null, c: number|null}} the cell under the mouse */
  let hover = { r: null, c: null };

  const stage = () => (record ? stages[index] ?? null : null);

  /** The diagram's highlight and the plane's mark for the stage and the cell hovered. */
  function highlight() {
    const s = store.get();
    const st = details.open ? stage() : null;
    const layer = st ? st.layer : null;
    const neuron = st && st.neurons && hover.c !== null ? hover.c : null;
    const hl = networkView.highlight;
    if (hl.layer !== layer || hl.neuron !== neuron) {
      networkView.highlight = { layer, neuron };
      networkView.draw(s.run, s.frame);
    }
    if (!outputView) return;
    let marked = null;
    if (st && st.rows === 'samples' && hover.r !== null && s.run && record) {
      const i = record.samples[hover.r];
      if (i !== undefined && 3 * i + 1 < s.run.train.length) marked = { x1: s.run.train[3 * i], x2: s.run.train[3 * i + 1] };
    }
    const was = outputView.marked;
    if (was?.x1 !== marked?.x1 || was?.x2 !== marked?.x2) {
      outputView.marked = marked;
      outputView.draw(s.run, s.view.showTest);
    }
  }

  /** Marks the hovered cell's row and column in the table. */
  function markCells() {
    for (const el of table.querySelectorAll('.hovered')) el.classList.remove('hovered');
    if (hover.r === null && hover.c === null) return;
    for (const el of table.querySelectorAll('[data-r], [data-c]')) {
      const cell = /** @type {HTMLElement} */ (el);
      const r = cell.dataset.r === undefined ? null : Number(cell.dataset.r);
      const c = cell.dataset.c === undefined ? null : Number(cell.dataset.c);
      const isHeader = cell.tagName === 'TH';
      const hit = isHeader ? (r !== null && r === hover.r) || (c !== null && c === hover.c) : r === hover.r && c === hover.c;
      if (hit) cell.classList.add('hovered');
    }
  }

  /** Shows the current stage (or the empty panel) and the buttons' states. */
  function render() {
    const s = store.get();
    recordButton.disabled = busy || !s.run || Boolean(s.progress.stopMessage);
    recordButton.title = s.progress.stopMessage ? 'The run has stopped: reset it to train again' : 'Pauses the run and takes the next mini-batch\'s step';
    const st = stage();
    prev.disabled = !st || index === 0;
    next.disabled = !st || index >= stages.length - 1;
    setText(progress, st ? `stage ${index + 1} of ${stages.length}` : busy ? 'taking a step…' : 'no step yet');
    setText(title, st ? st.title : '');
    setText(ruleText, st ? st.rule : '');
    const words = st && record ? axes(st, record.layers.length) : '';
    setText(axesText, words ? `${words[0].toUpperCase()}${words.slice(1)}.` : '');
    hover = { r: null, c: null };
    if (st && record) shown = fillTable(table, st, record, s.run?.featureLabels ?? []);
    else {
      table.replaceChildren();
      shown = { rows: 0, cols: 0 };
    }
    message.hidden = !error;
    setText(message, error);
    highlight();
  }

  async function takeStep() {
    const s = store.get();
    if (busy || !s.run) return;
    const run = s.run.id;
    busy = true;
    error = '';
    render();
    connection.play(false); // the worker answers between training slices: the step is the next batch
    try {
      const answer = await connection.request(REQUESTS.recordStep);
      if (store.get().run?.id === run) {
        record = answer;
        stages = stagesOf(answer);
        index = 0;
      }
    } catch (err) {
      error = `The step could not be taken: ${err instanceof Error ? err.message : String(err)}`;
    }
    busy = false;
    render();
  }

  recordButton.addEventListener('click', takeStep);
  prev.addEventListener('click', () => {
    if (index > 0) index -= 1;
    render();
  });
  next.addEventListener('click', () => {
    if (index < stages.length - 1) index += 1;
    render();
  });
  table.addEventListener('pointerover', (event) => {
    const cell = /** @type {HTMLElement | null} */ (/** @type {HTMLElement} */ (event.target).closest?.('[data-r], [data-c]'));
    const r = cell?.dataset.r === undefined ? null : Number(cell.dataset.r);
    const c = cell?.dataset.c === undefined ? null : Number(cell.dataset.c);
    if (r === hover.r && c === hover.c) return;
    hover = { r, c };
    markCells();
    highlight();
  });
  table.addEventListener('pointerleave', () => {
    hover = { r: null, c: null };
    markCells();
    highlight();
  });
  details.addEventListener('toggle', highlight);

  // A new run: the record is of weights it does not have.
  watch(store, (s) => s.run?.id, () => {
    record = null;
    stages = [];
    index = 0;
    error = '';
    render();
  });
  watch(store, (s) => s.progress.stopMessage, render);

  return {
    snapshot: () => {
      const st = stage();
      return {
        stage: st ? index + 1 : 0,
        stages: stages.length,
        title: st?.title ?? '',
        rule: st?.rule ?? '',
        id: st?.id ?? '',
        shown: { ...shown },
        record,
        busy,
        error,
        highlight: { ...networkView.highlight },
        marked: outputView?.marked ? { ...outputView.marked } : null,
      };
    },
  };
}
