// The rest of the lecture's training settings: the output layer's activation, one
// activation per hidden layer, the learning-rate schedule, the optimizer's parameters,
// weight initialization and the stopping conditions.
//
// The panel keeps its own state and writes it into the configuration the main
// controls build (`apply(config)`); `load(config)` shows a configuration (a link, a
// loaded model). Every value is checked by the core: a rejected one shows in the
// page's configuration error box and the previous run keeps going.

const $ = (id) => document.getElementById(id);

/** Creates an element with attributes (`text`, `on<event>` and plain ones) and children. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') el.textContent = v;
    else if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  el.append(...children.filter((c) => c !== null && c !== undefined));
  return el;
}

const SCHEDULES = [
  ['constant', 'constant'],
  ['step_decay', 'step decay'],
  ['exponential', 'exponential'],
];
const INITS = [
  ['small_uniform', 'small uniform'],
  ['xavier', 'Xavier / Glorot'],
  ['he', 'He'],
];
const OUTPUTS = ['auto', 'linear', 'sigmoid', 'tanh', 'softmax'];

/** The stopping conditions, each off unless ticked (field of `stopping`, its input). */
const STOPS = [
  { key: 'max_epochs', id: 'stop-max-epochs', label: 'Max epochs', initial: 1000, min: 1, step: 1, integer: true },
  { key: 'time_limit_seconds', id: 'stop-time', label: 'Time limit (s)', initial: 10, min: 0.1, step: 'any' },
  { key: 'min_train_loss', id: 'stop-min-loss', label: 'Training loss < E_min', initial: 0.01, min: 0, step: 'any' },
  { key: 'patience', id: 'stop-patience', label: 'Early stop: patience (epochs)', initial: 100, min: 1, step: 1, integer: true },
  { key: 'min_weight_change', id: 'stop-min-change', label: 'Max |Δw| < Δ_min', initial: 0.00001, min: 0, step: 'any' },
];

const sameActivation = (a, b) => a?.kind === b?.kind && (a?.steepness ?? 1) === (b?.steepness ?? 1);

/** An activation object of `kind`, with the steepness λ where it has one. */
function activation(kind, steepness) {
  return kind === 'tanh' || kind === 'sigmoid' ? { kind, steepness } : { kind };
}

function stateFrom(config) {
  const schedule = config.schedule ?? { kind: 'constant' };
  const optimizer = config.optimizer ?? { kind: 'sgd' };
  const init = config.init ?? { kind: 'xavier' };
  const stopping = config.stopping ?? {};
  const layers = (config.hidden_layers ?? []).map((_, l) => {
    const a = config.layer_activations?.[l];
    return a && !sameActivation(a, config.activation) ? a.kind : null;
  });
  return {
    output: config.output_activation?.kind ?? 'auto',
    layers,
    schedule: schedule.kind,
    every: schedule.every ?? 100,
    stepFactor: schedule.kind === 'step_decay' ? schedule.factor : 0.5,
    expFactor: schedule.kind === 'exponential' ? schedule.factor : 0.999,
    momentum: optimizer.momentum ?? 0.9,
    beta1: optimizer.beta1 ?? 0.9,
    beta2: optimizer.beta2 ?? 0.999,
    init: init.kind,
    initScale: init.scale ?? 0.5,
    stops: Object.fromEntries(
      STOPS.map((s) => [s.key, { on: stopping[s.key] != null, value: stopping[s.key] ?? s.initial }]),
    ),
  };
}

/**
 * Builds the panel into `#more-settings` (opened by `#more-toggle`) and the row of
 * per-layer activations into `#layer-activations`. `onChange()` is called when a
 * setting changes; `initial` is the configuration to show first.
 */
export function createTrainingPanel({ initial, onChange }) {
  let state = stateFrom(initial);
  let lastConfig = initial;
  let rowKey = '';
  let outputInUse = null; // the output activation of the current run, e.g. "tanh"

  const changed = () => onChange();
  const labelOf = (kind) => {
    const option = [...$('activation').options].find((o) => o.value === kind);
    return option ? option.textContent : kind;
  };

  // ---- the panel ---------------------------------------------------------------------
  const body = $('more-settings');
  const number = (id, label, { min, max, step = 'any', get, set, integer = false, title }) => {
    const input = h('input', { id, type: 'number', min, max, step, inputmode: 'decimal', title });
    input.addEventListener('change', () => {
      let v = Number(input.value);
      if (input.value.trim() === '' || !Number.isFinite(v)) {
        input.value = String(get());
        return;
      }
      if (integer) v = Math.round(v);
      set(v);
      changed();
    });
    const field = h('div', { class: 'field tiny' }, h('label', { for: id, text: label }), input);
    return { field, input, sync: () => (input.value = String(get())) };
  };
  const choice = (id, label, options, get, set) => {
    const select = h(
      'select',
      { id },
      ...options.map(([value, text]) => h('option', { value, text })),
    );
    select.addEventListener('change', () => {
      set(select.value);
      sync();
      changed();
    });
    const field = h('div', { class: 'field' }, h('label', { for: id, text: label }), select);
    return { field, select, sync: () => (select.value = get()) };
  };

  const schedule = choice('schedule', 'Learning-rate schedule', SCHEDULES, () => state.schedule, (v) => (state.schedule = v));
  const every = number('schedule-every', 'every (epochs)', {
    min: 1,
    step: 1,
    integer: true,
    get: () => state.every,
    set: (v) => (state.every = v),
  });
  const factor = number('schedule-factor', 'factor', {
    min: 0,
    max: 1,
    step: 'any',
    title: 'α is multiplied by this factor (0 < factor ≤ 1)',
    get: () => (state.schedule === 'exponential' ? state.expFactor : state.stepFactor),
    set: (v) => {
      if (state.schedule === 'exponential') state.expFactor = v;
      else state.stepFactor = v;
    },
  });
  const alphaNow = h('output', { id: 'alpha-now', class: 'alpha-now', 'aria-live': 'off' });
  const momentum = number('momentum', 'momentum μ', { min: 0, max: 0.999, step: 0.01, get: () => state.momentum, set: (v) => (state.momentum = v) });
  const beta1 = number('adam-beta1', 'Adam β₁', { min: 0, max: 0.999, step: 0.01, get: () => state.beta1, set: (v) => (state.beta1 = v) });
  const beta2 = number('adam-beta2', 'Adam β₂', { min: 0, max: 0.99999, step: 0.001, get: () => state.beta2, set: (v) => (state.beta2 = v) });
  const noParameters = h('p', { class: 'hint', text: 'Plain gradient descent: w ← w − α ∂E/∂w.' });
  const init = choice('init', 'Weight initialization', INITS, () => state.init, (v) => (state.init = v));
  const initScale = number('init-scale', 'range ±', { min: 0, max: 2, step: 0.05, get: () => state.initScale, set: (v) => (state.initScale = v) });

  const stopRows = STOPS.map((s) => {
    const box = h('input', { type: 'checkbox', id: s.id, 'aria-controls': `${s.id}-value` });
    const value = h('input', {
      type: 'number',
      id: `${s.id}-value`,
      min: s.min,
      step: s.step,
      inputmode: 'decimal',
      'aria-label': `${s.label}: value`,
    });
    box.addEventListener('change', () => {
      state.stops[s.key].on = box.checked;
      sync();
      changed();
    });
    value.addEventListener('change', () => {
      let v = Number(value.value);
      if (value.value.trim() === '' || !Number.isFinite(v)) {
        value.value = String(state.stops[s.key].value);
        return;
      }
      if (s.integer) v = Math.round(v);
      state.stops[s.key].value = v;
      if (state.stops[s.key].on) changed();
    });
    const row = h('div', { class: 'stop-row' }, h('label', { for: s.id }, box, ` ${s.label}`), value);
    return {
      row,
      sync() {
        box.checked = state.stops[s.key].on;
        value.value = String(state.stops[s.key].value);
        value.classList.toggle('off', !box.checked); // editable either way: set, then tick
      },
    };
  });

  const outputNote = h('p', { class: 'hint', id: 'output-in-use' });
  body.replaceChildren(
    h(
      'fieldset',
      { class: 'group' },
      h('legend', {}, 'Learning rate ', h('span', { class: 'symbol', text: 'α' })),
      h('div', { class: 'group-row' }, schedule.field, every.field, factor.field),
      h('p', { class: 'hint' }, 'Now α', h('sub', { text: 't' }), ' = ', alphaNow),
    ),
    h(
      'fieldset',
      { class: 'group', id: 'optimizer-group' },
      h('legend', { text: 'Optimizer' }),
      h('div', { class: 'group-row' }, momentum.field, beta1.field, beta2.field),
      noParameters,
    ),
    h(
      'fieldset',
      { class: 'group' },
      h('legend', { text: 'Initialization' }),
      h('div', { class: 'group-row' }, init.field, initScale.field),
    ),
    h('fieldset', { class: 'group stops' }, h('legend', { text: 'Stop when' }), ...stopRows.map((r) => r.row)),
    h('fieldset', { class: 'group' }, h('legend', { text: 'Output layer' }), outputNote),
  );

  const toggle = $('more-toggle');
  toggle.addEventListener('click', () => {
    const open = body.hidden;
    body.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
  });

  // ---- one activation per layer, under the layer buttons ------------------------------
  const row = $('layer-activations');
  function renderRow(config) {
    const n = config.hidden_layers.length;
    const global = config.activation?.kind ?? 'tanh';
    const key = JSON.stringify([n, global, state.layers, state.output, outputInUse]);
    if (key === rowKey) return;
    rowKey = key;
    row.style.gridTemplateColumns = `repeat(${n + 2}, minmax(0, 1fr))`;
    const kinds = [...$('activation').options].map((o) => [o.value, o.textContent]);
    const cells = [h('div', { class: 'layer-caption', text: 'activation' })];
    for (let l = 0; l < n; l++) {
      const own = state.layers[l];
      const select = h(
        'select',
        {
          id: `layer-activation-${l}`,
          class: own ? 'layer-activation own' : 'layer-activation',
          'aria-label': `Activation of hidden layer ${l + 1}`,
          title: own ? `Hidden layer ${l + 1}: its own activation` : `Hidden layer ${l + 1}: the network's activation`,
        },
        ...kinds.map(([value, text]) => h('option', { value, text })),
      );
      select.value = own ?? global;
      select.addEventListener('change', () => {
        state.layers[l] = select.value === global ? null : select.value;
        changed();
      });
      cells.push(h('div', { class: 'layer-cell' }, select));
    }
    const output = h(
      'select',
      {
        id: 'output-activation',
        class: state.output === 'auto' ? 'layer-activation' : 'layer-activation own',
        'aria-label': 'Activation of the output layer',
        title: 'Output activation: auto picks it from the loss and the task',
      },
      ...OUTPUTS.map((v) =>
        h('option', { value: v, text: v === 'auto' ? `auto${outputInUse ? `: ${outputInUse}` : ''}` : labelOf(v) }),
      ),
    );
    output.value = state.output;
    output.addEventListener('change', () => {
      state.output = output.value;
      changed();
    });
    cells.push(h('div', { class: 'layer-cell' }, output));
    row.replaceChildren(...cells);
  }

  function sync() {
    schedule.sync();
    every.sync();
    factor.sync();
    every.field.hidden = state.schedule !== 'step_decay';
    factor.field.hidden = state.schedule === 'constant';
    init.sync();
    initScale.sync();
    initScale.field.hidden = state.init !== 'small_uniform';
    momentum.sync();
    beta1.sync();
    beta2.sync();
    const kind = lastConfig.optimizer?.kind ?? 'sgd';
    momentum.field.hidden = kind !== 'momentum';
    beta1.field.hidden = kind !== 'adam';
    beta2.field.hidden = kind !== 'adam';
    noParameters.hidden = kind !== 'sgd';
    for (const r of stopRows) r.sync();
    const stops = STOPS.filter((s) => state.stops[s.key].on).length;
    const changedCount =
      stops + (state.schedule !== 'constant') + (state.init !== 'xavier') + (state.output !== 'auto') + state.layers.some(Boolean);
    toggle.dataset.count = changedCount ? String(changedCount) : '';
  }

  /** Writes the panel's settings into `config` (built by the main controls). */
  function apply(config) {
    const c = { ...config };
    const a = c.activation ?? { kind: 'tanh', steepness: 1 };
    const lambda = a.steepness ?? 1;
    const n = c.hidden_layers?.length ?? 0;
    state.layers = Array.from({ length: n }, (_, l) => state.layers[l] ?? null);
    c.layer_activations = state.layers.some(Boolean)
      ? state.layers.map((kind) => (kind ? activation(kind, lambda) : { ...a }))
      : [];
    c.output_activation = state.output === 'auto' ? null : activation(state.output, lambda);
    if (state.schedule === 'step_decay') c.schedule = { kind: 'step_decay', every: state.every, factor: state.stepFactor };
    else if (state.schedule === 'exponential') c.schedule = { kind: 'exponential', factor: state.expFactor };
    else c.schedule = { kind: 'constant' };
    const kind = c.optimizer?.kind ?? 'sgd';
    if (kind === 'momentum') c.optimizer = { kind, momentum: state.momentum };
    else if (kind === 'adam') c.optimizer = { kind, beta1: state.beta1, beta2: state.beta2, epsilon: c.optimizer.epsilon ?? 1e-8 };
    c.init = state.init === 'small_uniform' ? { kind: 'small_uniform', scale: state.initScale } : { kind: state.init };
    c.stopping = Object.fromEntries(
      STOPS.filter((s) => state.stops[s.key].on).map((s) => [s.key, state.stops[s.key].value]),
    );
    lastConfig = c;
    renderRow(c);
    sync();
    return c;
  }

  /** Shows a configuration (from a link or a model file). */
  function load(config) {
    state = stateFrom(config);
    lastConfig = config;
    rowKey = '';
    renderRow(config);
    sync();
  }

  /** The run that was built: shows the output activation the core chose. */
  function showRun(run) {
    const out = run.activations?.[run.activations.length - 1];
    outputInUse = out ? labelOf(out.kind) : null;
    const auto = run.config.output_activation == null;
    outputNote.textContent = outputInUse
      ? `The output layer uses ${outputInUse}${auto ? ', chosen from the loss and the task (auto)' : ''}.`
      : '';
    rowKey = '';
    renderRow(run.config);
    showRate(run.learningRate);
  }

  /** Shows the current learning rate α_t. */
  function showRate(alpha) {
    if (!Number.isFinite(alpha)) return;
    const text = alpha !== 0 && (alpha < 1e-3 || alpha >= 1e4) ? alpha.toExponential(3) : String(Number(alpha.toPrecision(4)));
    if (alphaNow.textContent !== text) alphaNow.textContent = text;
    alphaNow.dataset.value = String(alpha);
  }

  load(initial);
  return { apply, load, showRun, showRate, get outputInUse() { return outputInUse; } };
}
