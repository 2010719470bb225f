// @ts-check
// The confusion matrix of a table run: class names on both axes (actual down, predicted
// across), each cell's count with a shade by its share of the actual class's rows, and
// each class's accuracy (recall) on the training and the test split. Cells holding rows
// are buttons: activating one hands its table rows to a callback (the data view selects
// them). The layout is pure (`confusionModel`); `renderConfusion` builds the DOM.

import { h } from '../lib/dom.js';

/**
 * One split's matrix as the core writes it (`Playground.resultsJson`).
 * @typedef {object} Confusion
 * @property {number[][]} counts  `counts[actual][predicted]`
 * @property {number[][][]} rows  `rows[actual][predicted]`: the cell's table rows (0-based)
 * @property {(number|null)[]} recall  per class, its accuracy, or null without rows
 * @property {number} samples
 */

/**
 * @typedef {object} Cell
 * @property {number} actual
 * @property {number} predicted
 * @property {number} count
 * @property {number[]} rows
 * @property {number} shade  the count's share of its actual class's rows, in [0, 1]
 * @property {string} label  the accessible name: "actual A, predicted H: 3 rows"
 */

/**
 * The cells of one split's matrix, row by row, with their shade and accessible name.
 * @param {string[]} classes
 * @param {Confusion} confusion
 * @returns {Cell[][]}
 */
export function confusionModel(classes, confusion) {
  return confusion.counts.map((row, a) => {
    const total = row.reduce((s, c) => s + c, 0);
    return row.map((count, p) => ({
      actual: a,
      predicted: p,
      count,
      rows: confusion.rows[a]?.[p] ?? [],
      shade: total > 0 ? count / total : 0,
      label: `actual ${classes[a]}, predicted ${classes[p]}: ${count} ${count === 1 ? 'row' : 'rows'}`,
    }));
  });
}

/**
 * A class's accuracy as a percentage ("83%"), or "–" without rows.
 * @param {number|null|undefined} recall
 * @returns {string}
 */
export function formatRecall(recall) {
  return recall === null || recall === undefined || !Number.isFinite(recall) ? '–' : `${Math.round(recall * 100)}%`;
}

/**
 * Draws one split's confusion matrix into `container` (replacing what it held), with
 * per-class accuracy columns for both splits.
 * @param {HTMLElement} container
 * @param {object} input
 * @param {string[]} input.classes
 * @param {Confusion} input.confusion  the split shown
 * @param {string} input.split  its name ("training" or "test")
 * @param {Confusion} input.train
 * @param {Confusion} input.test
 * @param {(rows: number[], cell: Cell) => void} input.onCell  called with a cell's rows
 */
export function renderConfusion(container, { classes, confusion, split, train, test, onCell }) {
  const cells = confusionModel(classes, confusion);
  const dense = classes.length > 10;
  const head = h('tr', {}, h('th', { scope: 'col', text: 'actual \\ predicted' }),
    ...classes.map((c) => h('th', { scope: 'col', text: c })),
    h('th', { scope: 'col', text: 'accuracy training' }), h('th', { scope: 'col', text: 'accuracy test' }));
  const body = cells.map((row, a) => h('tr', {}, h('th', { scope: 'row', text: classes[a] }),
    ...row.map((cell) => cellElement(cell, dense, onCell)),
    h('td', { class: 'recall', text: formatRecall(train.recall[a]) }),
    h('td', { class: 'recall', text: formatRecall(test.recall[a]) })));
  const table = h('table', { class: dense ? 'confusion dense' : 'confusion' },
    h('caption', { text: `Confusion matrix, ${split} split (${confusion.samples} rows)` }),
    h('thead', {}, head), h('tbody', {}, ...body));
  container.replaceChildren(table);
}

/**
 * One cell: a button when it holds rows, its shade set through the CSSOM (the page's
 * content security policy refuses style attributes).
 * @param {Cell} cell
 * @param {boolean} dense
 * @param {(rows: number[], cell: Cell) => void} onCell
 * @returns {HTMLElement}
 */
function cellElement(cell, dense, onCell) {
  const content = cell.count > 0
    ? h('button', { type: 'button', 'data-cell': `${cell.actual},${cell.predicted}`, 'aria-label': cell.label, title: cell.label, text: String(cell.count), onclick: () => onCell(cell.rows, cell) })
    : h('span', { text: dense ? '' : '0' });
  const td = h('td', { class: cell.actual === cell.predicted ? 'diagonal' : 'off' }, content);
  td.style.setProperty('--shade', cell.shade.toFixed(3));
  return td;
}
