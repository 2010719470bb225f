// @ts-check
// The weather table's coefficients three ways, in the inputs' own units: the
// generator's stated law, the closed-form least-squares solution and gradient descent's
// current weights (`Playground.leastSquaresJson`). `coefficientRows` is pure;
// `renderLeastSquares` builds the table.

import { h } from '../lib/dom.js';
import { formatSignificant } from '../lib/format.js';

/**
 * @typedef {{weights: number[], intercept: number}} Coefficients
 * @typedef {object} LeastSquaresReport
 * @property {string[]} inputs
 * @property {string} target
 * @property {Coefficients} law
 * @property {Coefficients} closed_form
 * @property {Coefficients} gradient_descent
 */

/**
 * One row per coefficient (the intercept first): its name and the three values as text.
 * @param {LeastSquaresReport} r
 * @returns {string[][]}
 */
export function coefficientRows(r) {
  const cols = [r.law, r.closed_form, r.gradient_descent];
  const rows = [['intercept', ...cols.map((c) => formatSignificant(c.intercept))]];
  r.inputs.forEach((name, i) => rows.push([name, ...cols.map((c) => formatSignificant(c.weights[i]))]));
  return rows;
}

/**
 * Draws the comparison into `container`, replacing what it held.
 * @param {HTMLElement} container
 * @param {LeastSquaresReport} report
 */
export function renderLeastSquares(container, report) {
  const head = h('tr', {}, ...['coefficient', 'law', 'least squares', 'gradient descent'].map((t) => h('th', { scope: 'col', text: t })));
  const body = coefficientRows(report).map(([name, ...v]) =>
    h('tr', {}, h('th', { scope: 'row', text: name }), ...v.map((t) => h('td', { text: t }))));
  container.replaceChildren(h('table', { class: 'least-squares' },
    h('caption', { text: `${report.target} per unit of each input` }), h('thead', {}, head), h('tbody', {}, ...body)));
}
