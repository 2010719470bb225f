// @ts-check
// "One row through the network": the data view's selected row (the store's
// `selectedRow`, set by a click in the rows or in a confusion-matrix cell's list) as its
// forward pass with the core's numbers (request `rowPass`,
// crates/core/src/inspect/row_pass.rs), in the step panel's matrix style:
//
//   x = y_0;  per layer W_L, b_L, ξ_L = y_{L-1} W_L + b_L, y_L = f(ξ_L);  d;  y − d;  e(y, d)
//
// Or the picture drawn on the pad (the store's `drawing`, request `drawingPass`), which
// has no target: its pass ends at y_out and the predicted class. Selecting a row
// (app/actions.js `selectRow`) goes back to the rows.
// `passBlocks` (pure) names the matrices; the panel lays them out as small tables (at
// most SHOWN rows and ROW_COLUMNS columns, the full size stated). Hovering a cell rings
// its neuron (or input) in the diagram, and a weight's link, as the step panel does.
// Asked again when the row or the run changes and, while training, at most every
// PASS_EVERY_MS.

import { byId, h, setText } from '../lib/dom.js';
import { formatSignificant } from '../lib/format.js';
import { watch } from '../app/store.js';
import { REQUESTS } from '../worker/protocol.js';
import { shownPart, SHOWN } from './stages.js';

/** @typedef {import('../app/state.js').State} State */
/** @typedef {import('../app/store.js').Store<State>} Store */
/** @typedef {import('./stages.js').Matrix} Matrix */
/** @typedef {{request: (method: string, args?: any) => Promise<any>}} Requests */
/** @typedef {import('../views/network-view.js').NetworkView} NetworkView */

/**
 * The core's pass of one row (`rowPassJson`).
 * @typedef {object} RowPass
 * @property {number} row            its number in the table (1-based); 0 for a drawing
 * @property {boolean} test          in the test split (else training)
 * @property {string[]} columns
 * @property {string[]} cells        the raw cells
 * @property {string[]} input_names
 * @property {string[]} output_names
 * @property {Matrix} inputs         x = y_0
 * @property {Array<{activation: string, weights: Matrix, bias: Matrix, potentials: Matrix, outputs: Matrix}>} layers
 * @property {Matrix} target_code    d (1 × 0 for a drawing)
 * @property {Matrix} error          y − d (1 × 0 for a drawing)
 * @property {string} loss_name
 * @property {number | null} loss    null for a drawing (no target)
 * @property {string} target
 * @property {string} predicted
 * @property {boolean} wrong
 */

/**
 * One matrix of the pass, named and labelled.
 * @typedef {object} Block
 * @property {string} id         short and unique: x, W1, b1, xi1, y1, d, err, e
 * @property {string} name       the matrix's symbol ("ξ_1")
 * @property {string} title      the matrix with its formula, in the lecture's notation
 * @property {Matrix} matrix
 * @property {string[]} rows     the rows' labels
 * @property {string[]} cols     the columns' labels
 * @property {number} layer      the diagram's column its columns are units of (0: the inputs)
 * @property {boolean} weights    its rows are the units of the column before (W_L)
 */

/** Columns a one-row matrix shows at most: all of digits' 64 inputs and letters' 26 classes (the table scrolls). */
export const ROW_COLUMNS = 64;
/** Least time between two requests while training (ms). */
const PASS_EVERY_MS = 300;

/**
 * The matrices of a row's pass, in order (see the file's text).
 * @param {RowPass} pass
 * @returns {Block[]}
 */
export function passBlocks(pass) {
  const out = pass.layers.length;
  const neurons = (/** @type {number} */ l, /** @type {number} */ m) =>
    Array.from({ length: m }, (_, j) => (l === out ? pass.output_names[j] ?? String(j + 1) : `${j + 1}`));
  const units = (/** @type {number} */ l) => (l === 0 ? pass.input_names : neurons(l, pass.layers[l - 1].outputs.cols));
  const one = [pass.row === 0 ? 'drawing' : `row ${pass.row}`];
  /** @type {Block[]} */
  const blocks = [{ id: 'x', name: 'x', title: 'x = y_0: the row as the network sees it', matrix: pass.inputs, rows: one, cols: pass.input_names, layer: 0, weights: false }];
  pass.layers.forEach((layer, i) => {
    const l = i + 1;
    const where = l === out ? `Output layer ${l}` : `Layer ${l}`;
    const m = layer.outputs.cols;
    blocks.push(
      { id: `W${l}`, name: `W_${l}`, title: `${where}: weights W_${l}`, matrix: layer.weights, rows: units(l - 1), cols: neurons(l, m), layer: l, weights: true },
      { id: `b${l}`, name: `b_${l}`, title: `${where}: bias b_${l}`, matrix: layer.bias, rows: ['b'], cols: neurons(l, m), layer: l, weights: false },
      { id: `xi${l}`, name: `ξ_${l}`, title: `${where}: ξ_${l} = y_${l - 1} W_${l} + b_${l}`, matrix: layer.potentials, rows: one, cols: neurons(l, m), layer: l, weights: false },
      { id: `y${l}`, name: `y_${l}`, title: `${where}: y_${l} = f(ξ_${l}), f = ${layer.activation}`, matrix: layer.outputs, rows: one, cols: neurons(l, m), layer: l, weights: false },
    );
  });
  if (pass.loss === null) return blocks; // a drawing: no target
  const names = neurons(out, pass.target_code.cols);
  blocks.push(
    { id: 'd', name: 'd', title: `Target d: ${pass.target}, coded as the output should be`, matrix: pass.target_code, rows: one, cols: names, layer: out, weights: false },
    { id: 'err', name: 'y − d', title: `Error y_${out} − d`, matrix: pass.error, rows: one, cols: names, layer: out, weights: false },
    { id: 'e', name: 'e', title: `Loss e(y_${out}, d), ${pass.loss_name} of this row`, matrix: { rows: 1, cols: 1, data: [pass.loss] }, rows: one, cols: ['e'], layer: out, weights: false },
  );
  return blocks;
}

/**
 * The sentence over the pass: the row, its split, its target and the prediction.
 * @param {RowPass} pass
 */
export function passHeadline(pass) {
  if (pass.row === 0) return `Your drawing on the pad: predicted ${pass.predicted}`;
  const split = pass.test ? 'test' : 'training';
  const verdict = pass.wrong ? ' ✗ wrong' : '';
  return `Row ${pass.row} (${split} split): target ${pass.target}, predicted ${pass.predicted}${verdict}`;
}

/**
 * A block as a table in the step panel's style.
 * @param {Block} block
 */
function blockTable(block) {
  const m = block.matrix;
  const part = shownPart(m.rows, m.cols, m.rows === 1 ? ROW_COLUMNS : SHOWN);
  const caption = `${block.title}: ${m.rows} × ${m.cols}${part.note ? `, ${part.note}` : ''}`;
  const head = h('tr', {}, h('th', { scope: 'col', text: block.name }), ...block.cols.slice(0, part.cols).map((c) => h('th', { scope: 'col', text: c })));
  const body = [];
  for (let r = 0; r < part.rows; r++) {
    const cells = [];
    for (let c = 0; c < part.cols; c++) {
      const v = m.data[r * m.cols + c];
      const unit = block.id === 'e' ? null : c;
      cells.push(h('td', { title: String(v), text: formatSignificant(v), 'data-c': unit, 'data-r': block.weights ? r : null }));
    }
    body.push(h('tr', {}, h('th', { scope: 'row', text: block.rows[r] ?? '' }), ...cells));
  }
  return h('div', { class: 'row-pass-block', 'data-block': block.id, 'data-layer': String(block.layer) },
    h('table', { class: 'step-matrix' }, h('caption', { text: caption }), h('thead', {}, head), h('tbody', {}, ...body)));
}

/** The panel: `<details id="row-pass">` inside the data view. */
class RowPassPanel {
  /** @param {{store: Store, connection: Requests, networkView?: NetworkView}} deps */
  constructor({ store, connection, networkView }) {
    this.store = store;
    this.connection = connection;
    this.networkView = networkView;
    this.details = /** @type {HTMLDetailsElement} */ (byId('row-pass'));
    this.headline = byId('row-pass-headline');
    this.body = byId('row-pass-body');
    /** @type {RowPass | null} */
    this.pass = null;
    this.dirty = true;
    this.inFlight = false;
    this.lastAt = -Infinity;
  }

  /** Asks for the pass of the drawing or the selected row when one is due. */
  pump() {
    const s = this.store.get();
    if (this.inFlight || !this.dirty || !this.details.open || !s.run?.table) return;
    if (s.selectedRow === null && s.drawing === null) {
      this.show(null, 'Select a row (click it in the rows above, or in a confusion-matrix cell\'s list), or draw on the pad of an image table, to see it pass through the network.');
      this.dirty = false;
      return;
    }
    this.dirty = false;
    this.inFlight = true;
    this.lastAt = performance.now();
    const asked = { run: s.run.id, row: s.selectedRow, drawing: s.drawing };
    const request = asked.drawing
      ? this.connection.request(REQUESTS.drawingPass, { pixels: asked.drawing })
      : this.connection.request(REQUESTS.rowPass, { row: asked.row });
    request
      .then((/** @type {RowPass} */ pass) => {
        const now = this.store.get();
        if (now.run?.id === asked.run && now.selectedRow === asked.row && now.drawing === asked.drawing) this.show(pass, '');
        else this.dirty = true;
      })
      .catch((err) => this.show(null, err instanceof Error ? err.message : String(err)))
      .finally(() => {
        this.inFlight = false;
        this.pump();
      });
  }

  /**
   * Shows a pass, or a sentence instead.
   * @param {RowPass | null} pass
   * @param {string} note
   */
  show(pass, note) {
    this.pass = pass;
    setText(this.headline, pass ? passHeadline(pass) : note);
    this.headline.classList.toggle('hint', !pass);
    this.body.replaceChildren(...(pass ? passBlocks(pass).map(blockTable) : []));
  }

  /** Something the pass depends on changed; `now`: without waiting for the pacing. @param {boolean} now */
  changed(now) {
    this.dirty = true;
    const s = this.store.get();
    if (now || !s.playing || performance.now() - this.lastAt >= PASS_EVERY_MS) this.pump();
  }

  /**
   * Rings the hovered cell's unit in the diagram (and a weight's link); null: none.
   * @param {HTMLElement | null} cell
   */
  hover(cell) {
    const view = this.networkView;
    if (!view) return;
    const block = /** @type {HTMLElement | null} */ (cell?.closest('[data-layer]') ?? null);
    const c = cell?.dataset.c;
    const r = cell?.dataset.r;
    const next = block && c !== undefined
      ? { layer: Number(block.dataset.layer), neuron: Number(c), from: r === undefined ? null : Number(r) }
      : { layer: null, neuron: null, from: null };
    const hl = view.highlight;
    if (hl.layer === next.layer && hl.neuron === next.neuron && (hl.from ?? null) === next.from) return;
    view.highlight = next;
    const s = this.store.get();
    view.draw(s.run, s.frame);
  }

  wire() {
    this.body.addEventListener('pointerover', (e) => this.hover(/** @type {HTMLElement} */ (e.target).closest?.('td')));
    this.body.addEventListener('pointerleave', () => this.hover(null));
    watch(this.store, (s) => s.selectedRow, () => this.changed(true));
    watch(this.store, (s) => s.drawing, () => this.changed(true));
    watch(this.store, (s) => s.run, () => this.changed(true));
    watch(this.store, (s) => s.frame, () => this.changed(false));
    this.details.addEventListener('toggle', () => this.changed(true));
  }
}

/**
 * Wires `<details id="row-pass">`: `#row-pass-headline` and `#row-pass-body`.
 * @param {{store: Store, connection: Requests, networkView?: NetworkView}} deps
 * @returns {{snapshot: () => RowPass | null}}
 */
export function mountRowPass(deps) {
  const panel = new RowPassPanel(deps);
  panel.wire();
  return { snapshot: () => (panel.pass ? structuredClone(panel.pass) : null) };
}
