// @ts-check
// The network's shape beside its diagram: the number of hidden layers (+/−), the
// neurons of each (+/− under its column), and one activation per layer with the
// output layer's (auto: picked by the core from the loss and the task). The limits
// come from the core's table; every change goes to the store.

import { byId, h, setText } from '../lib/dom.js';
import { watch } from '../app/store.js';
import { field, activationLabel } from '../schema/fields.js';
import { addLayer, removeLayer, changeNeurons, setLayerActivation, pickChoice } from '../app/actions.js';

/** @typedef {import('../app/state.js').State} State */
/** @typedef {import('../app/store.js').Store<State>} Store */

/** More hidden layers than this: the rows' columns are too narrow for the long captions. */
const NARROW_LAYERS = 6;

/**
 * A caption of the rows (inputs, output, activation): `short` in narrow columns, the
 * whole text then its tooltip.
 * @param {string} text
 * @param {string} short
 * @param {boolean} narrow
 */
function caption(text, short, narrow) {
  return h('div', { class: 'layer-caption', text: narrow ? short : text, ...(narrow ? { title: text } : {}) });
}

/**
 * A stepper button of hidden layer `l`.
 * @param {number} l
 * @param {number} delta
 * @param {boolean} disabled
 */
function neuronButton(l, delta, disabled) {
  const what = delta > 0 ? `Add a neuron to hidden layer ${l + 1}` : `Remove a neuron from hidden layer ${l + 1}`;
  return h('button', { type: 'button', class: 'mini', 'data-layer': l, 'data-delta': delta, 'aria-label': what, disabled, text: delta > 0 ? '+' : '−' });
}

/**
 * The row of neuron steppers, one column per layer.
 * @param {HTMLElement} row
 * @param {State} s
 */
function renderSteppers(row, s) {
  const spec = field(s.schema, 'hidden_layers');
  const layers = s.config.hidden_layers;
  // A table's inputs are its encoded columns (the run's input layer), not the features.
  const inputs = s.config.data?.table && s.run?.table ? s.run.shape[0] : s.config.features.length;
  row.style.gridTemplateColumns = `repeat(${layers.length + 2}, minmax(0, 1fr))`;
  const cells = layers.map((/** @type {number} */ n, /** @type {number} */ l) => {
    const out = h('output', { class: 'neurons', id: `neurons-${l}`, title: `${n} neuron${n === 1 ? '' : 's'}`, text: String(n) });
    const group = h('div', { class: 'layer-stepper', role: 'group', 'aria-label': `Hidden layer ${l + 1}` },
      neuronButton(l, -1, n <= spec.min_neurons), out, neuronButton(l, +1, n >= spec.max_neurons));
    return h('div', { class: 'layer-cell' }, group);
  });
  const narrow = layers.length > NARROW_LAYERS;
  row.replaceChildren(caption(`${inputs} input${inputs === 1 ? '' : 's'}`, `${inputs} in`, narrow), ...cells, caption('output', 'out', narrow));
}

/**
 * An activation select of one layer.
 * @param {string} id
 * @param {string} label
 * @param {Array<[string, string]>} options  value, text
 * @param {string} value
 * @param {boolean} own  the layer differs from the network's
 */
function activationSelect(id, label, options, value, own) {
  const select = /** @type {HTMLSelectElement} */ (h('select', { id, class: own ? 'layer-activation own' : 'layer-activation', 'aria-label': label, title: label },
    ...options.map(([v, text]) => h('option', { value: v, text }))));
  select.value = value;
  return select;
}

/**
 * The row of activations: the network's for each hidden layer unless it has its own,
 * and the output layer's.
 * @param {HTMLElement} row
 * @param {State} s
 */
function renderActivations(row, s) {
  const { config, schema } = s;
  const hidden = (field(schema, 'activation').choices ?? []).map((c) => /** @type {[string, string]} */ ([c.id, c.label]));
  const inUse = s.run?.activations?.at(-1)?.kind;
  const auto = `auto${inUse ? `: ${activationLabel(schema, inUse)}` : ''}`;
  const outputs = [['auto', auto], ...(field(schema, 'output_activation').choices ?? []).map((c) => [c.id, c.label])];
  row.style.gridTemplateColumns = `repeat(${config.hidden_layers.length + 2}, minmax(0, 1fr))`;
  const cells = config.hidden_layers.map((/** @type {number} */ _, /** @type {number} */ l) => {
    const kind = (config.layer_activations?.[l] ?? config.activation).kind;
    const own = kind !== config.activation.kind;
    const select = activationSelect(`layer-activation-${l}`, `Activation of hidden layer ${l + 1}`, hidden, kind, own);
    select.dataset.layer = String(l);
    return h('div', { class: 'layer-cell' }, select);
  });
  const out = config.output_activation?.kind ?? 'auto';
  const output = activationSelect('output-activation', 'Activation of the output layer: auto picks it from the loss and the task', /** @type {any} */ (outputs), out, out !== 'auto');
  const narrow = config.hidden_layers.length > NARROW_LAYERS;
  row.replaceChildren(caption('activation', 'f(ξ)', narrow), ...cells, h('div', { class: 'layer-cell' }, output));
}

/**
 * Wires the layer buttons and rows to the store.
 * @param {Store} store
 */
export function mountNetworkPanel(store) {
  const steppers = byId('layer-controls');
  const activations = byId('layer-activations');
  byId('add-layer').addEventListener('click', () => store.update(addLayer));
  byId('remove-layer').addEventListener('click', () => store.update(removeLayer));
  steppers.addEventListener('click', (event) => {
    const button = /** @type {HTMLElement|null} */ (/** @type {HTMLElement} */ (event.target).closest('button[data-layer]'));
    if (button) store.update((s) => changeNeurons(s, Number(button.dataset.layer), Number(button.dataset.delta)));
  });
  activations.addEventListener('change', (event) => {
    const select = /** @type {HTMLSelectElement} */ (event.target);
    if (select.id === 'output-activation') store.update((s) => pickChoice(s, 'output_activation', select.value === 'auto' ? null : select.value));
    else store.update((s) => setLayerActivation(s, Number(select.dataset.layer), select.value));
  });
  watch(store, (s) => s.config, (config, s) => {
    if (!config) return;
    const spec = field(s.schema, 'hidden_layers');
    setText(byId('layer-count'), String(config.hidden_layers.length));
    byId('add-layer').toggleAttribute('disabled', config.hidden_layers.length >= spec.max_layers);
    byId('remove-layer').toggleAttribute('disabled', config.hidden_layers.length === 0);
    renderSteppers(steppers, s);
    renderActivations(activations, s);
  });
  watch(store, (s) => s.run, (run, s) => {
    if (run && s.config) {
      renderSteppers(steppers, s);
      renderActivations(activations, s);
    }
    showOutputInUse(s);
  });
}

/**
 * Says which output activation the run uses (More settings, "Output layer").
 * @param {State} s
 */
function showOutputInUse(s) {
  const out = s.run?.activations?.at(-1)?.kind;
  const note = document.getElementById('output-in-use');
  if (!note) return;
  const auto = s.run?.config?.output_activation == null;
  note.textContent = out ? `The output layer uses ${activationLabel(s.schema, out)}${auto ? ', chosen from the loss and the task (auto)' : ''}.` : '';
}
