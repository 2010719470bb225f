// @ts-check
// The shape of the page's state (app/store.js holds it) and where it starts.

import { VIEW_SETTINGS } from '../schema/page-table.js';

/**
 * @typedef {object} View  The page's own settings (in the link beside the configuration;
 *   their link keys and initial values: VIEW_SETTINGS of schema/page-table.js).
 * @property {number} speed        epochs per frame; a fraction is slow motion, Infinity "max"
 * @property {boolean} showTest    test points on the plane, the test confusion matrix
 * @property {boolean} discretize  the output plane shows decided classes only
 * @property {boolean} logScale    the loss chart's scale
 * @property {boolean} largeText   text for projectors
 * @property {string[]} hidden     lesson-link groups hidden from students
 *
 * @typedef {object} Progress  What the worker last reported of the run.
 * @property {number} epoch
 * @property {number} trainLoss
 * @property {number} testLoss
 * @property {number} learningRate  alpha_t
 * @property {string|null} stopMessage
 * @property {number} frames        frames drawn of this run
 * @property {Array<{epoch: number, updates?: number, seconds?: number, compute?: number, train: number, test: number,
 *   trainAccuracy?: number, testAccuracy?: number, trainError?: number, testError?: number}>} history
 *   the chart's points; accuracy and the mean squared error against the coded targets
 *   (the compare chart's common measures) on the points the metrics came with
 *
 * @typedef {import('../worker/protocol.js').RunInfo & {regression: boolean, featureLabels: string[],
 *   mode: import('../lib/scales.js').ColorMode}} Run  a run as the worker described it, with how it is coloured
 *
 * @typedef {{epoch: number, train: number, test: number}} Losses
 * @typedef {{before?: Losses, after?: Losses, error?: string}} LeastSquares  the losses before and after solving in closed form, or why it could not be
 *
 * @typedef {object} State
 * @property {boolean} ready                 the worker is up and the first configuration was read
 * @property {import('../schema/fields.js').Schema} schema  the core's table of fields
 * @property {any} defaults                  the core's default configuration
 * @property {any} config                    the configuration asked for (the controls show it)
 * @property {View} view
 * @property {Run|null} run                  the run built last, or null
 * @property {Progress} progress
 * @property {import('../worker/protocol.js').Frame|null} frame  the last frame with pictures
 * @property {any} metrics                   accuracy and confusion, or R², of the run
 * @property {import('../worker/protocol.js').LayerActivity[]|null} activity  each hidden layer's
 *                                           saturated, inactive and dead neurons (with the metrics)
 * @property {string|null} stallHint         the core's sentence on why training stalls, or null
 * @property {boolean} playing
 * @property {Array<{field?: string, message: string}>|null} problems  why the last configuration was refused
 * @property {string|null} workerError
 * @property {LeastSquares|null} leastSquares  of this run, or null
 * @property {string[]} notices              what the link could not keep
 * @property {number} restarts               worker restarts after a panic
 * @property {import('../compare/diff.js').Compare|null} compare  the runs compared with this one, or null
 * @property {number|null} selectedRow     the table row the data view has selected (1-based), or null
 * @property {number[]|null} drawing        the pad's picture (raw pixels) whose pass through the network the
 *                                           one-row panel shows instead of the selected row's, or null
 * @property {{playing: boolean, trainable: boolean}} others  whether a compared run (B, C, D) plays, or can
 * @property {import('../schema/challenge-link.js').ChallengeEntry|null} challenge  the challenge the run is
 *                                           judged by (panels/challenge.js), or null
 */

/** @returns {Progress} */
export const freshProgress = () => ({
  epoch: 0,
  trainLoss: NaN,
  testLoss: NaN,
  learningRate: NaN,
  stopMessage: null,
  frames: 0,
  history: [],
});

/**
 * The view before a link or the user changes it: each setting at its initial value
 * (schema/page-table.js), nothing hidden.
 * @returns {View}
 */
export function initialView() {
  const settings = Object.fromEntries(VIEW_SETTINGS.map((vs) => [vs.name, vs.initial]));
  return /** @type {View} */ ({ ...settings, hidden: [] });
}

/** @returns {State} */
export function initialState() {
  return {
    ready: false,
    schema: { extent: 0, params: [] }, // the core's, once the worker is ready
    defaults: null,
    config: null,
    view: initialView(),
    run: null,
    progress: freshProgress(),
    frame: null,
    metrics: null,
    activity: null,
    stallHint: null,
    playing: false,
    problems: null,
    workerError: null,
    leastSquares: null,
    notices: [],
    restarts: 0,
    compare: null,
    others: { playing: false, trainable: false },
    selectedRow: null,
    drawing: null,
    challenge: null,
  };
}
