// @ts-check
// Fills the data view's `#table-results` on a table run, every frame: the confusion
// matrix of the split chosen (classes) or predicted against actual (numbers), from the
// worker's `tableResults`; on the weather table with the linear network, the
// coefficients three ways (`tableLeastSquares`, refused otherwise and then hidden).
// Activating a matrix cell selects its first row in the data view (the store's
// `selectedRow`, 1-based) and lists the cell's rows, each a button that selects it (so
// each is one click from its pass through the network, inside/row-pass.js).

import { h } from '../lib/dom.js';
import { REQUESTS } from '../worker/protocol.js';
import { setTableResultsRenderer } from '../views/table-results.js';
import { renderConfusion } from '../views/confusion.js';
import { drawPredictedActual, fitSummary } from '../views/predicted-actual.js';
import { renderLeastSquares } from '../views/least-squares.js';
import { selectRow } from './actions.js';

/** Least time between two requests while training (ms). */
const ASK_MS = 250;

/**
 * Lists a cell's table rows (1-based) as buttons; pressing one selects it (`select`) and
 * marks it pressed.
 * @param {HTMLElement} container
 * @param {string} label  the cell's accessible name
 * @param {number[]} rows
 * @param {(row: number) => void} select
 */
function listRows(container, label, rows, select) {
  const buttons = rows.map((row, i) => h('button', {
    type: 'button', class: 'text-button small', 'data-row': String(row), 'aria-pressed': String(i === 0),
    'aria-label': `row ${row}`, text: String(row),
    onclick: (/** @type {Event} */ e) => {
      for (const b of container.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b === e.currentTarget));
      select(row);
    },
  }));
  container.replaceChildren(h('span', { text: `${label}: table rows ` }), ...buttons);
}

/**
 * Registers the renderer of the results panel.
 * @param {{store: {update: (patch: any) => void}}} deps
 */
export function mountTableResults({ store }) {
  const split = /** @type {HTMLSelectElement} */ (h('select', { id: 'results-split', 'aria-label': 'Split of the confusion matrix' },
    h('option', { value: 'test', text: 'test split' }), h('option', { value: 'train', text: 'training split' })));
  const matrix = h('div', { class: 'results-matrix', id: 'results-matrix' });
  const cellRows = h('div', { class: 'results-rows', id: 'results-rows', role: 'group', 'aria-label': 'Rows of the chosen cell' });
  const classes = h('div', { class: 'results-classes' }, h('label', { for: 'results-split', text: 'Confusion matrix of the ' }), split, matrix, cellRows);
  const canvas = /** @type {HTMLCanvasElement} */ (h('canvas', { class: 'results-scatter', role: 'img', 'aria-label': 'Predicted against actual' }));
  const fit = h('p', { class: 'results-fit', id: 'results-fit' });
  const legend = h('p', { class: 'results-legend', text: 'Training rows: filled discs; test rows: hollow squares; dashed line: predicted = actual.' });
  const numbers = h('div', { class: 'results-numbers' }, canvas, fit, legend);
  const lsq = h('div', { class: 'results-least-squares', id: 'results-least-squares' });
  let mounted = /** @type {HTMLElement | null} */ (null);
  let busy = false;
  /** @type {any} */
  let last = null;
  const draw = () => {
    const r = last;
    if (!r) return;
    classes.hidden = r.kind !== 'classes';
    numbers.hidden = r.kind !== 'numbers';
    if (r.kind === 'classes') {
      const chosen = split.value === 'train' ? r.train : r.test;
      renderConfusion(matrix, {
        classes: r.classes, confusion: chosen, split: split.value === 'train' ? 'training' : 'test', train: r.train, test: r.test,
        onCell: (rows, cell) => {
          listRows(cellRows, cell.label, rows.map((x) => x + 1), (row) => store.update(selectRow(row)));
          store.update(selectRow(rows.length > 0 ? rows[0] + 1 : null));
        },
      });
    } else if (r.kind === 'numbers') {
      drawPredictedActual(canvas, r);
      fit.textContent = `${r.names[0]}: ${fitSummary(r.train, r.test, 0)}`;
    }
  };
  split.addEventListener('change', draw);
  let asked = '';
  let askedAt = -Infinity;
  setTableResultsRenderer(({ section, run, state, request }) => {
    if (mounted !== section) {
      section.replaceChildren(h('h3', { text: 'Results' }), classes, numbers, lsq);
      mounted = section;
    }
    // Asked again only when the weights may have changed (every request is a command
    // the page then waits to see answered), and while training at most every ASK_MS.
    const key = `${run.id}:${state.progress.epoch}:${state.progress.trainLoss}`;
    const now = performance.now();
    if (busy || key === asked || (state.playing && now - askedAt < ASK_MS)) return;
    asked = key;
    askedAt = now;
    busy = true;
    const focused = matrix.contains(document.activeElement) ? document.activeElement?.getAttribute('data-cell') : null;
    Promise.all([request(REQUESTS.tableResults), request(REQUESTS.tableLeastSquares).catch(() => null)])
      .then(([results, report]) => {
        last = results;
        draw();
        if (focused) /** @type {HTMLElement | null} */ (matrix.querySelector(`[data-cell="${focused}"]`))?.focus();
        lsq.hidden = report === null;
        if (report) renderLeastSquares(lsq, report);
      })
      .catch(() => {})
      .finally(() => { busy = false; });
  });
}
