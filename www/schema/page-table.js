// @ts-check
// What only the page knows about each configuration field; everything else (type,
// choices, bounds, defaults, labels, help) comes from the core's table.
//
//   key      the field's short name in a link (`lr=0.03`)
//   always   written into a link even at its default (the fields that say what a run is)
//   hide     the lesson-link group that hides its control
//   control  where and how the control is drawn: `at` is the id of its container, `kind`
//            one of select | pills | range | number | seed | stop, `id` the element id
//            (the tests and links know these), `presets` the values a select offers,
//            `scale` a factor for display (fractions shown as percent), `params` the
//            controls of a choice's own parameters (by parameter name), `paramsAt`
//            where they sit. Fields without `control` have their own panel
//            (hidden layers, per-layer activations, your own points).
//
// Adding a field to the core's table needs one line here at most: a new parameter of
// an optimizer needs none (it gets a number input beside the others).

/**
 * @typedef {object} Control
 * @property {string} at
 * @property {'select'|'pills'|'range'|'number'|'seed'|'stop'} kind
 * @property {string} id
 * @property {number[]} [presets]
 * @property {number} [scale]
 * @property {Record<string, Partial<Control>>} [params]
 * @property {string} [paramsAt]
 *
 * @typedef {object} PageField
 * @property {string} path
 * @property {string} key
 * @property {boolean} [always]
 * @property {string} [hide]
 * @property {Control} [control]
 */

const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const STEEPNESS = [0.25, 0.5, 1, 2, 4];
const REGULARIZATION_RATES = [0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1];

/** @type {PageField[]} */
export const PAGE_FIELDS = [
  { path: 'data.task', key: 'data', always: true, hide: 'dataset', control: { at: 'datasets', kind: 'pills', id: 'dataset' } },
  { path: 'data.classes', key: 'classes', hide: 'classes', control: { at: 'data-fields', kind: 'select', id: 'classes' } },
  { path: 'data.train_fraction', key: 'train', hide: 'ratio', control: { at: 'data-fields', kind: 'range', id: 'train-percent', scale: 100 } },
  { path: 'data.noise', key: 'noise', hide: 'noise', control: { at: 'data-fields', kind: 'range', id: 'noise' } },
  { path: 'data.points', key: 'points', hide: 'points', control: { at: 'data-fields', kind: 'range', id: 'points' } },
  { path: 'seed', key: 'seed', always: true, hide: 'seed', control: { at: 'data-fields', kind: 'seed', id: 'seed' } },
  { path: 'data.samples', key: 'pts', hide: 'owndata' },
  { path: 'data.regression', key: '' },
  // A built-in table: its pills follow the plane's tasks (`table-animals`, ...).
  { path: 'data.table', key: 'table', hide: 'dataset', control: { at: 'datasets', kind: 'pills', id: 'table' } },
  { path: 'features', key: 'features', hide: 'features', control: { at: 'features', kind: 'pills', id: 'feature' } },
  { path: 'hidden_layers', key: 'layers', always: true, hide: 'layers' },
  {
    path: 'activation',
    key: 'act',
    always: true,
    hide: 'activation',
    control: { at: 'hyper-fields', kind: 'select', id: 'activation', params: { steepness: { kind: 'select', id: 'steepness', presets: STEEPNESS } } },
  },
  { path: 'layer_activations', key: 'acts', hide: 'activation' },
  { path: 'output_activation', key: 'out', hide: 'activation' },
  { path: 'loss', key: 'loss', always: true, hide: 'loss', control: { at: 'hyper-fields', kind: 'select', id: 'loss' } },
  { path: 'learning_rate', key: 'lr', always: true, hide: 'lr', control: { at: 'hyper-fields', kind: 'select', id: 'learning-rate', presets: LEARNING_RATES } },
  {
    path: 'strategy',
    key: 'batch',
    hide: 'batch',
    control: { at: 'hyper-fields', kind: 'select', id: 'strategy', params: { size: { kind: 'range', id: 'batch-size' } } },
  },
  {
    path: 'optimizer',
    key: 'opt',
    hide: 'optimizer',
    control: {
      at: 'hyper-fields',
      kind: 'select',
      id: 'optimizer',
      paramsAt: 'more-optimizer',
      params: { momentum: { id: 'momentum' }, beta1: { id: 'adam-beta1' }, beta2: { id: 'adam-beta2' } },
    },
  },
  {
    path: 'regularization',
    key: 'reg',
    hide: 'regularization',
    control: { at: 'hyper-fields', kind: 'select', id: 'regularization', params: { rate: { kind: 'select', id: 'reg-rate', presets: REGULARIZATION_RATES } } },
  },
  {
    path: 'schedule',
    key: 'schedule',
    hide: 'schedule',
    control: { at: 'more-schedule', kind: 'select', id: 'schedule', params: { every: { id: 'schedule-every' }, factor: { id: 'schedule-factor' } } },
  },
  { path: 'init', key: 'init', hide: 'init', control: { at: 'more-init', kind: 'select', id: 'init', params: { scale: { id: 'init-scale' } } } },
  { path: 'stopping.max_epochs', key: 'epochs', hide: 'stopping', control: { at: 'more-stops', kind: 'stop', id: 'stop-max-epochs' } },
  { path: 'stopping.time_limit_seconds', key: 'time', hide: 'stopping', control: { at: 'more-stops', kind: 'stop', id: 'stop-time' } },
  { path: 'stopping.min_train_loss', key: 'minloss', hide: 'stopping', control: { at: 'more-stops', kind: 'stop', id: 'stop-min-loss' } },
  { path: 'stopping.patience', key: 'patience', hide: 'stopping', control: { at: 'more-stops', kind: 'stop', id: 'stop-patience' } },
  { path: 'stopping.min_weight_change', key: 'mindw', hide: 'stopping', control: { at: 'more-stops', kind: 'stop', id: 'stop-min-change' } },
];

/**
 * Lesson-link groups, in the order a link lists them: the groups of the fields above
 * (labelled by the core's label of their first field unless named here) and the
 * page's own parts. Elements carry `data-hide="<group>"`.
 */
export const HIDE_LABELS = {
  ratio: 'Training ratio',
  owndata: 'Own data',
  features: 'Features',
  layers: 'Layers',
  lr: 'Learning rate',
  schedule: 'LR schedule',
  init: 'Initialization',
  stopping: 'Stopping',
  more: 'All "More settings"',
  speed: 'Speed',
  model: 'Model files',
  compare: 'Compare editing',
};

/** Groups of the page's own parts, after the fields' groups. */
export const PAGE_HIDE_GROUPS = ['more', 'speed', 'model', 'compare'];

/**
 * One of the page's own settings (the view, app/state.js), kept in a link beside the
 * configuration.
 * @typedef {object} ViewSetting
 * @property {'speed'|'showTest'|'discretize'|'logScale'|'largeText'} name  its field of the view
 * @property {string} key              its key in a link (`test=1`)
 * @property {'speed'|'switch'} kind   a speed of SPEEDS (link text `speedText`) or on/off (`1`/`0`)
 * @property {number|boolean} initial  its value when the link does not give it
 * @property {string} control          the id of the control that sets it
 */

/** @type {ViewSetting[]} */
export const VIEW_SETTINGS = [
  { name: 'speed', key: 'speed', kind: 'speed', initial: 10, control: 'speed' },
  { name: 'showTest', key: 'test', kind: 'switch', initial: false, control: 'show-test' },
  { name: 'discretize', key: 'disc', kind: 'switch', initial: false, control: 'discretize' },
  { name: 'logScale', key: 'log', kind: 'switch', initial: true, control: 'loss-log' },
  { name: 'largeText', key: 'big', kind: 'switch', initial: false, control: 'large-text' },
];

/** Epochs per frame: fractions are slow motion, Infinity is as many as fit in a frame. */
export const SPEEDS = [0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, Infinity];

/**
 * A speed as a link and the speed select write it: Infinity is "max".
 * @param {number} speed
 */
export const speedText = (speed) => (speed === Infinity ? 'max' : String(speed));

/**
 * The speed of SPEEDS that `text` writes, or undefined when the page offers none.
 * @param {string} text
 * @returns {number|undefined}
 */
export const speedOf = (text) => SPEEDS.find((speed) => speedText(speed) === text);
