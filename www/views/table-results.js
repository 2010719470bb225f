// @ts-check
// The mount point of a table run's results beside the data view: the confusion matrix
// with class names (classification) or predicted against actual (regression). The
// panel is drawn by whoever registers with `setTableResultsRenderer`; the data view
// (views/data-view.js) calls it on every new frame of a table run with what it knows.
// `<section id="table-results">` in index.html is shown on table runs, empty otherwise.

/**
 * What the renderer gets each frame of a table run.
 * @typedef {object} TableResultsInput
 * @property {HTMLElement} section  `#table-results`, the renderer's to fill
 * @property {import('../app/state.js').Run} run  the run (its `table`: names, classes, code)
 * @property {import('../worker/protocol.js').TableInfo} table  the run's table
 * @property {any} metrics  `{train, test}`: accuracy and confusion, or R² (null until the first)
 * @property {import('../app/state.js').State} state  the whole page state
 * @property {(method: string, args?: any) => Promise<any>} request  a worker request
 *   (worker/protocol.js REQUESTS: `tableRows` gives rows with predictions in the target's units)
 */

/** @typedef {(input: TableResultsInput) => void} TableResultsRenderer */

/** @type {TableResultsRenderer | null} */
let renderer = null;

/**
 * Registers the function that draws `#table-results` (one at a time; null removes it).
 * @param {TableResultsRenderer | null} draw
 */
export function setTableResultsRenderer(draw) {
  renderer = draw;
}

/**
 * Draws the results panel with `input`, if a renderer is registered.
 * @param {TableResultsInput} input
 */
export function drawTableResults(input) {
  renderer?.(input);
}
