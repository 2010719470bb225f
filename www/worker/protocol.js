// @ts-check
// The messages between the page and the training worker: written down once, imported
// by both sides.
//
// The page sends commands and one frame request at a time; the worker answers each
// frame request with the current picture. Requests that expect one answer (files,
// weights, least squares) carry a request id `rid` and are answered by a `reply`.
//
// Page -> worker
//   config   {config, id, runFrom?}  build a run from a configuration (the core validates it);
//                                    a fresh worker numbers its runs on from `runFrom`
//   play     {playing}               start or stop training between frames
//   step     {}                      train one epoch, then pause
//   reset    {}                      rebuild the current run from its configuration
//   speed    {epochsPerFrame}        epochs per frame; a fraction is slow motion, Infinity "max"
//   redraw   {}                      the next frame carries the grids again
//   frame    {seq, buffers, until?, share?}  the next picture; the buffers of an old frame travel back.
//                                    `until` (an epoch; absent or null: no cap) caps training
//                                    while playing: the worker trains no run past that epoch
//                                    (compare mode's lockstep) and, once there, waits, still
//                                    playing, for a frame request with a later `until`; the
//                                    wait is neither a stop nor training time. `share` (0-1,
//                                    absent: 1) is the part of the time until the next request
//                                    the worker may train in (compare mode: see pace.js)
//   request  {rid, method, args}     one of REQUESTS below
//   challenge {challenge}            judge every run built from epoch 0 (and the current one if it
//                                    is there) by this challenge (JSON text; null: none)
//   crashTest {}                     fail as a Rust panic would (tests the recovery)
//
// Worker -> page
//   ready    {schema, defaultConfig} the wasm module is loaded
//   run      {...RunInfo, configId?} a run was built (after config, reset or loadModel);
//                                    `configId` is the `id` of the config message it answers
//   rejected {configId, problems}    a configuration was refused: every problem, with its field
//   frame    {...Frame}              the answer to a frame request
//   reply    {rid, ok, value|error}  the answer to a request
//   error    {where, message}        something failed that is not a configuration
//   panic    {where, message}        the wasm instance died (a Rust panic): the page restarts the worker

/** Message types the page sends. */
export const TO_WORKER = Object.freeze({
  config: 'config',
  play: 'play',
  step: 'step',
  reset: 'reset',
  speed: 'speed',
  redraw: 'redraw',
  frame: 'frame',
  challenge: 'challenge',
  request: 'request',
  crashTest: 'crashTest',
});

/** Message types the worker sends. */
export const FROM_WORKER = Object.freeze({
  ready: 'ready',
  run: 'run',
  rejected: 'rejected',
  frame: 'frame',
  reply: 'reply',
  error: 'error',
  panic: 'panic',
});

/**
 * Requests with one answer: method name -> what it takes and gives.
 *   validate      {configs}                    [{config} (the core's, filled in) | {problems}]
 *   datasetCsv    {}                           CSV text of every point
 *   parseCsv      {text}                       {samples, regression, classes}
 *   exportModel   {}                           the model file (JSON text)
 *   loadModel     {text, restored?, runFrom?}  a `run` message first, then {config, epoch, notice}
 *                                              (`restored`: the page's own snapshot after a
 *                                              panic or a reload; runs are numbered on from `runFrom`)
 *   setWeight     {layer, from, to, value}     null (the next frame shows it)
 *   leastSquares  {}                           {before, after} losses
 *   hiddenSpace   {layer, i, j}                the training points and the input plane's grid
 *                                              in hidden layer `layer`'s space, on neurons i
 *                                              and j, or (i < 0) principal components
 *   inputSpace    {i, j}                       the training points as the input layer holds them,
 *                                              on inputs i and j or (i < 0) principal components
 *   rowPass       {row}                        table row `row` (1-based) through the network, layer
 *                                              by layer (crates/core/src/inspect/row_pass.rs)
 *   rowPlace      {row, errorsOnly}            {test, index}: where the data view lists table row `row`
 *                                              (its split, its place in the listing), or null
 *   drawingPass   {pixels}                     a picture drawn on the pad through the network, as
 *                                              rowPass gives a row (row 0, no target, loss null)
 *   slice         {x, y, row, side}            the output over input columns x and y, the others held
 *                                              at row `row` (0: the training means), side cells a
 *                                              numeric axis (crates/core/src/inspect/slice.rs)
 *   predictRow    {cells}                      the outputs for raw cells by column name (a table run)
 *   previewTable  {text}                       a CSV file of your own as the core detects it:
 *                                              {hash, rows, separator, columns: [{name, detected,
 *                                              levels, missing}]}; refused naming line and column
 *   checkTable    {config, text}               null if a run on that table's text builds, else
 *                                              refused with the core's message (nothing changes)
 *   tableCsv      {}                           the run's table as CSV (null on the plane)
 *   encodedCsv    {}                           its encoded matrix as CSV (null on the plane)
 *   recordStep    {}                           the next mini-batch's training step, taken and
 *                                              recorded matrix by matrix (crates/core/src/inspect/step.rs);
 *                                              the page pauses first; the next frame shows the new weights
 *   predictImage  {pixels}                     {outputs, class}: the network on one drawn picture
 *                                              of an image table (raw pixel values row by row)
 *   builtinChallenges {}                       {list: the built-in challenges [{id, challenge, goal, constraints}],
 *                                              measures: what a goal may measure [{id, label}]}
 *   checkChallenge {challenge}                 {problems, challenge, goal, constraints}: the core's reading
 *   challengeBroken {challenge, config}        [{field, rule, message}] the settings break ([] none)
 *   verifySolution {challenge, config, epoch}  {kind: 'verified', solved, message} | {kind: 'not_verified', message}:
 *                                              the core replays the solution from epoch 0
 */
export const REQUESTS = Object.freeze({
  validate: 'validate',
  datasetCsv: 'datasetCsv',
  parseCsv: 'parseCsv',
  exportModel: 'exportModel',
  loadModel: 'loadModel',
  setWeight: 'setWeight',
  leastSquares: 'leastSquares',
  hiddenSpace: 'hiddenSpace',
  recordStep: 'recordStep',
  inputSpace: 'inputSpace',
  rowPass: 'rowPass',
  drawingPass: 'drawingPass',
  rowPlace: 'rowPlace',
  slice: 'slice',
  predictRow: 'predictRow',
  tableInfo: 'tableInfo',
  tableRows: 'tableRows',
  tableResults: 'tableResults',
  tableLeastSquares: 'tableLeastSquares',
  predictImage: 'predictImage',
  builtinChallenges: 'builtinChallenges',
  checkChallenge: 'checkChallenge',
  challengeBroken: 'challengeBroken',
  verifySolution: 'verifySolution',
  previewTable: 'previewTable',
  checkTable: 'checkTable',
  tableCsv: 'tableCsv',
  encodedCsv: 'encodedCsv',
});

/** @typedef {{id: string, label: string, help: string, group: string}} Choice  one of the core's choices */

/**
 * @typedef {object} TableInfo  A run's table as the data view heads it (TableInfo of
 *   crates/core/src/table_view.rs).
 * @property {string[]} columns       the input columns, in table order
 * @property {boolean[]} categorical  whether each input column is categorical
 * @property {string[]} encodings     each input column's encoding (ordinal, one_hot, min_max, ...)
 * @property {{encodings: Record<string, string>, target_scaling: string, missing: string, constant: string, unseen: string}} settings
 *   the code as configured, defaults filled in
 * @property {{encodings: Choice[], missing: Choice[], constant: Choice[], unseen: Choice[]}} choices
 *   the lists of choices of the code's controls (encodings grouped categorical / numeric)
 * @property {string} target          the target column
 * @property {string[]} input_names   the network's inputs ("fur = short" for one-hot)
 * @property {string[]} output_names  the network's outputs (class names, target columns)
 * @property {string[]} classes       class names (empty for numbers)
 * @property {{inputs: any[], target: any}} code  each kept column's code and statistics
 * @property {string[]} issues        missing cells, constant columns, unseen levels, in words
 * @property {any[]} found            the same, as data
 * @property {[number, number]} rows  rows in the training and the test split
 * @property {ImageLayout | null} [image]  where each pixel is, for an image table (letters, digits)
 *
 * @typedef {object} ImageLayout  An image table's picture (ImageLayout of crates/core/src/image.rs).
 * @property {number} width        pixels per row
 * @property {number} height       rows of pixels
 * @property {number} ink          the value of a fully inked pixel
 * @property {string[]} pixels     each pixel's column, row by row
 * @property {Array<number | null>} inputs  each pixel's network input (row of the first W), null: dropped
 *
 * @typedef {object} TableRow  One row of the data view (RowView of table_view.rs).
 * @property {number} row         its number in the table (1-based)
 * @property {string[]} raw       the input columns' cells as text
 * @property {number[]} encoded   the inputs the network sees
 * @property {string} target
 * @property {string} predicted
 * @property {boolean} wrong      a misclassified class
 *
 * @typedef {{rows: TableRow[], matching: number, errors: number}} TableRows  a page of rows
 */

/**
 * @typedef {{field?: string, line?: number, message: string}} Problem
 *   One problem the core found, with the field (or line) it is about.
 *
 * @typedef {object} RunInfo  What the page needs once per run.
 * @property {number} id              increases with every run built
 * @property {number[]} shape         widths of all layers, inputs first
 * @property {number} outputs         output neurons (values per grid cell)
 * @property {number} classes         classes of the task; 0 for regression
 * @property {number[]} targetRange   [lo, hi] the classes are coded with
 * @property {number[]} layerRanges   output range of each layer (lo, hi pairs; NaN: unbounded)
 * @property {Array<{kind: string}>} activations  the activation of every layer after the inputs
 * @property {any} config             the configuration as the core reads it
 * @property {number} learningRate    alpha_0
 * @property {Float32Array} train     training points as x1, x2, target triples
 * @property {Float32Array} test      test points, the same way
 * @property {TableInfo | null} [table] the run's table (null on the plane): crates/core/src/table_view.rs
 * @property {boolean} [reset]        built by a reset or a loaded model: paused
 * @property {boolean} [loaded]       built from a model file
 * @property {boolean} [restored]     rebuilt from the page's own snapshot (keeps its chart)
 * @property {number} [epoch]         the epoch it starts at (a model file's)
 *
 * @typedef {object} NeuronActivity  One hidden neuron over the training samples.
 * @property {number} saturated  share of samples where f'(ξ) < 10% of its max (sigmoid, tanh)
 * @property {number} inactive   share of samples where ξ ≤ 0 (ReLU)
 * @property {boolean} dead      ξ ≤ 0 on every sample (ReLU): no sample changes its weights
 *
 * @typedef {object} LayerActivity  One hidden layer's neurons (a layer of the core's `activityReportJson`).
 * @property {number} layer      0 is the first hidden layer
 * @property {string} activation
 * @property {'saturation'|'inactivity'|'none'} measure  what its activation can suffer from
 * @property {NeuronActivity[]} neurons
 *
 * @typedef {object} ChallengeStatus  Where a run stands under the page's challenge.
 * @property {boolean} judged          the core judges the run (false: `status` says why not)
 * @property {{epoch: number, value: number, hidden_neurons: number} | null} solved  when the goal was first met
 * @property {boolean} ended           the attempt is over (solved, or the epoch limit reached)
 * @property {string} status           the core's sentence ("Solved at epoch 1,240 with 6 hidden neurons")
 *
 * @typedef {object} Frame  The answer to a frame request.
 * @property {number} seq             the request's sequence number
 * @property {number} run             the run it shows
 * @property {boolean} playing        whether the worker is training
 * @property {boolean} changed        false: nothing changed since the last frame (no pictures)
 * @property {number} [epoch]
 * @property {number} [updates]       weight updates so far (one per sample online, per batch
 *                                    for mini-batches, per epoch for full batch)
 * @property {number} [seconds]       training time so far as the time limit counts it (the
 *                                    time while playing, frames between epochs included)
 * @property {number} [compute]       the run's own compute so far: the time inside the core's
 *                                    train calls (pictures, pauses and waits at `until` are
 *                                    not counted)
 * @property {number} [trainLoss]
 * @property {number} [testLoss]
 * @property {number} [learningRate]  alpha_t
 * @property {string|null} [stopMessage]  why training stopped, for the user
 * @property {ChallengeStatus|null} [challenge]  the run under the page's challenge (null: none)
 * @property {Float32Array} [grid]    the output over the plane, `outputs` values per cell
 * @property {number} [side]          cells per side of `grid`
 * @property {Uint8Array} [classes]  the class the core predicts for each grid cell (classification)
 * @property {Float32Array} [neurons] each neuron's output over the plane, `neuronSide`² values each
 * @property {number} [neuronSide]
 * @property {Float32Array} [weights] every weight and bias (see lib/weights.js)
 * @property {{train: any, test: any}} [metrics]  accuracy and confusion, or R²
 * @property {LayerActivity[]} [activity]  each hidden layer's neurons over the training set
 *                                    (sent with the metrics: at most every 250 ms while
 *                                    playing, on every changed frame when paused)
 * @property {string|null} [stallHint]  with the metrics: the core's sentence on why training
 *                                    stalls (dead ReLUs, a saturated output under SSE,
 *                                    saturated hidden neurons), null when it sees none
 * @property {number} [workMs]        the worker's time for this frame's pictures
 * @property {number} [trainMs]       the worker's training time since the last frame
 * @property {string} [error]
 * @property {{epoch: number, model: string}} [snapshot]  with every changed frame (with the metrics when dear to write): the run's model file
 *                                    (weights and training state) at that epoch, kept by the page
 *                                    to restore after a panic or a reload
 */
