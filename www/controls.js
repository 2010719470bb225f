// The controls: their state, the DOM that shows it, and the configuration JSON built
// from it. The bounds come from the core's `limits()`, the starting values from its
// `defaultConfig()`, so nothing here repeats what the core decides.

export const DATASETS = [
  { task: 'circle', label: 'Circle', regression: false },
  { task: 'xor', label: 'XOR', regression: false },
  { task: 'gaussian', label: 'Gaussian', regression: false },
  { task: 'spiral', label: 'Spiral', regression: false },
  { task: 'blobs', label: 'Blobs', regression: false },
  { task: 'plane', label: 'Plane', regression: true },
  { task: 'multi_gaussian', label: 'Multi-Gaussian', regression: true },
];

/** Tasks with a choice of class count, and the count each starts with. */
const CLASS_TASKS = { spiral: 2, blobs: 3 };

/** The input features `{id, label}`, in the core's order: its `features()` (setFeatures). */
export const FEATURES = [];

/** Takes the feature list from the core; called once, before the controls are built. */
export function setFeatures(list) {
  FEATURES.splice(0, FEATURES.length, ...list);
}

export const featureLabel = (id) => FEATURES.find((f) => f.id === id)?.label ?? id;

const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const STEEPNESS = [0.25, 0.5, 1, 2, 4];
const REGULARIZATION_RATES = [0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1];
/** Epochs per frame: fractions are slow motion, Infinity is as many as fit in a frame. */
const SPEEDS = [0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, Infinity];
const speedLabel = (v) => (v === Infinity ? 'max' : v < 1 ? `1 per ${Math.round(1 / v)} frames` : String(v));
/** The speed select's value as a number ('max' is Infinity). */
export const parseSpeed = (value) => (value === 'max' ? Infinity : Number(value));
export const DEFAULT_SPEED = 10;
const NEW_LAYER_NEURONS = 4;
/** The core accepts noise up to `limits.max_noise`; past 0.5 the classes blur into one. */
const MAX_NOISE_SLIDER = 0.5;

const $ = (id) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing element #${id}`);
  return el;
};

function fillSelect(select, values, label = String) {
  select.replaceChildren(
    ...values.map((v) => {
      const option = document.createElement('option');
      option.value = String(v);
      option.textContent = label(v);
      return option;
    }),
  );
}

/** Picks the value of `values` nearest to `v` (for selects of fixed choices). */
function nearest(values, v) {
  return values.reduce((best, x) => (Math.abs(x - v) < Math.abs(best - v) ? x : best), values[0]);
}

/** The control state that matches a configuration (the core's default one at start). */
function stateFrom(config) {
  const a = config.activation ?? { kind: 'tanh' };
  const reg = config.regularization ?? { kind: 'none' };
  return {
    seed: config.seed,
    task: config.data.task,
    classes: config.data.classes,
    trainPercent: Math.round(config.data.train_fraction * 100),
    noise: config.data.noise,
    points: config.data.points,
    features: [...config.features],
    hidden: [...config.hidden_layers],
    activation: a.kind,
    steepness: a.steepness ?? 1,
    loss: config.loss,
    learningRate: config.learning_rate,
    strategy: config.strategy.kind,
    batchSize: config.strategy.size ?? 10,
    optimizer: config.optimizer.kind,
    regularization: reg.kind,
    regRate: reg.rate ?? 0.001,
  };
}

/** The configuration JSON for a state, on top of `base` (the core's defaults). */
export function buildConfig(base, s) {
  const activation = { kind: s.activation };
  if (s.activation === 'tanh' || s.activation === 'sigmoid') activation.steepness = s.steepness;
  let strategy = { kind: s.strategy };
  if (s.strategy === 'mini_batch') strategy = { kind: 'mini_batch', size: s.batchSize };
  const regularization = s.regularization === 'none' ? { kind: 'none' } : { kind: s.regularization, rate: s.regRate };
  return {
    ...base,
    seed: s.seed,
    data: {
      ...base.data,
      task: s.task,
      classes: s.classes,
      points: s.points,
      noise: s.noise,
      train_fraction: s.trainPercent / 100,
    },
    features: [...s.features],
    hidden_layers: [...s.hidden],
    activation,
    layer_activations: [],
    output_activation: null,
    loss: s.loss,
    learning_rate: s.learningRate,
    strategy,
    optimizer: { kind: s.optimizer },
    regularization,
  };
}

const formatRate = (v) => (v < 0.001 ? v.toExponential(0).replace('e-', 'e−') : String(v));

/** A toggle pill: `<label class="pill"><input type="checkbox" id value><span>text</span></label>`. */
export function checkboxPill(id, value, text) {
  const label = document.createElement('label');
  label.className = 'pill';
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.id = id;
  input.value = value;
  const span = document.createElement('span');
  span.textContent = text;
  label.append(input, span);
  return { label, input };
}

/**
 * Builds the controls from the core's limits and default configuration. Calls
 * `onChange()` whenever the configuration changes and `onSpeed(n)` for the speed.
 */
export function createControls({ limits, defaults, onChange, onSpeed, extend = null }) {
  const state = stateFrom(defaults);
  const changed = () => onChange();

  // Datasets: pill-shaped radio buttons, classification first.
  for (const d of DATASETS) {
    const label = document.createElement('label');
    label.className = 'pill';
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = 'dataset';
    input.value = d.task;
    input.id = `dataset-${d.task}`;
    input.addEventListener('change', () => {
      if (!input.checked) return;
      state.task = d.task;
      state.classes = CLASS_TASKS[d.task] ?? 2;
      sync();
      changed();
    });
    const text = document.createElement('span');
    text.textContent = d.label;
    label.append(input, text);
    $(d.regression ? 'datasets-regression' : 'datasets-classification').append(label);
  }

  const classes = $('classes');
  fillSelect(
    classes,
    Array.from({ length: limits.max_classes - 1 }, (_, i) => i + 2),
    (k) => `${k} classes`,
  );
  classes.addEventListener('change', () => {
    state.classes = Number(classes.value);
    changed();
  });

  const range = (id, { min, max, step, get, set, show }) => {
    const input = $(id);
    const out = $(`${id}-value`);
    input.min = String(min);
    input.max = String(max);
    if (step !== undefined) input.step = String(step);
    input.addEventListener('input', () => {
      out.textContent = show(Number(input.value));
    });
    input.addEventListener('change', () => {
      set(Number(input.value));
      changed();
    });
    return () => {
      input.value = String(get());
      out.textContent = show(get());
    };
  };

  const syncRanges = [
    range('train-percent', {
      min: Math.round(limits.train_fraction[0] * 100),
      max: Math.round(limits.train_fraction[1] * 100),
      get: () => state.trainPercent,
      set: (v) => (state.trainPercent = v),
      show: (v) => `${v}%`,
    }),
    range('noise', {
      min: 0,
      max: Math.min(MAX_NOISE_SLIDER, limits.max_noise),
      get: () => state.noise,
      set: (v) => (state.noise = v),
      show: (v) => v.toFixed(2),
    }),
    range('points', {
      min: limits.min_points,
      max: limits.max_points,
      get: () => state.points,
      set: (v) => (state.points = v),
      show: (v) => String(v),
    }),
    range('batch-size', {
      min: 1,
      max: 30,
      get: () => state.batchSize,
      set: (v) => (state.batchSize = v),
      show: (v) => String(v),
    }),
  ];

  const seed = $('seed');
  seed.addEventListener('change', () => {
    const v = Math.floor(Number(seed.value));
    if (Number.isSafeInteger(v) && v >= 0) {
      state.seed = v;
      changed();
    } else {
      seed.value = String(state.seed);
    }
  });
  $('regenerate').addEventListener('click', () => {
    let next = state.seed;
    while (next === state.seed) next = Math.floor(Math.random() * 2 ** 31);
    state.seed = next;
    sync();
    changed();
  });

  // Input features: toggle pills.
  for (const f of FEATURES) {
    const { label, input } = checkboxPill(`feature-${f.id}`, f.id, f.label);
    input.addEventListener('change', () => {
      // Keep the canonical order so the network diagram's inputs do not jump around.
      const on = new Set(FEATURES.map((g) => g.id).filter((id) => $(`feature-${id}`).checked));
      state.features = FEATURES.map((g) => g.id).filter((id) => on.has(id));
      renderLayers(); // the "N inputs" caption
      changed();
    });
    $('features').append(label);
  }

  // Hidden layers and neurons.
  $('add-layer').addEventListener('click', () => {
    if (state.hidden.length >= limits.max_hidden_layers) return;
    state.hidden.push(Math.min(NEW_LAYER_NEURONS, limits.max_neurons));
    sync();
    changed();
  });
  $('remove-layer').addEventListener('click', () => {
    if (state.hidden.length === 0) return;
    state.hidden.pop();
    sync();
    changed();
  });
  const layerControls = $('layer-controls');
  layerControls.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-layer]');
    if (!button) return;
    const l = Number(button.dataset.layer);
    const next = state.hidden[l] + Number(button.dataset.delta);
    if (next < 1 || next > limits.max_neurons) return;
    state.hidden[l] = next;
    sync();
    changed();
  });

  // Selects.
  const select = (id, values, label, key, parse = String) => {
    const el = $(id);
    if (values) fillSelect(el, values, label);
    el.addEventListener('change', () => {
      state[key] = parse(el.value);
      sync();
      changed();
    });
    return el;
  };
  select(
    'learning-rate',
    LEARNING_RATES.filter((r) => r <= limits.max_learning_rate),
    formatRate,
    'learningRate',
    Number,
  );
  select('activation', null, null, 'activation');
  select(
    'steepness',
    STEEPNESS.filter((v) => v <= limits.max_steepness),
    (v) => String(v),
    'steepness',
    Number,
  );
  select('loss', null, null, 'loss');
  select('strategy', null, null, 'strategy');
  select('optimizer', null, null, 'optimizer');
  select('regularization', null, null, 'regularization');
  select(
    'reg-rate',
    REGULARIZATION_RATES.filter((v) => v <= limits.max_regularization),
    formatRate,
    'regRate',
    Number,
  );

  const speed = $('speed');
  fillSelect(speed, SPEEDS, speedLabel);
  for (const option of speed.options) if (option.value === 'Infinity') option.value = 'max';
  speed.value = String(DEFAULT_SPEED);
  speed.addEventListener('change', () => onSpeed(parseSpeed(speed.value)));

  function renderLayers() {
    const n = state.hidden.length;
    layerControls.style.gridTemplateColumns = `repeat(${n + 2}, minmax(0, 1fr))`;
    const cells = [];
    const caption = (text) => {
      const div = document.createElement('div');
      div.className = 'layer-caption';
      div.textContent = text;
      return div;
    };
    cells.push(caption(`${state.features.length} input${state.features.length === 1 ? '' : 's'}`));
    state.hidden.forEach((count, l) => {
      const div = document.createElement('div');
      div.className = 'layer-stepper';
      div.setAttribute('role', 'group');
      div.setAttribute('aria-label', `Hidden layer ${l + 1}`);
      const button = (delta, text, label) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'mini';
        b.dataset.layer = String(l);
        b.dataset.delta = String(delta);
        b.textContent = text;
        b.setAttribute('aria-label', label);
        b.disabled = delta > 0 ? count >= limits.max_neurons : count <= 1;
        return b;
      };
      const out = document.createElement('output');
      out.className = 'neurons';
      out.id = `neurons-${l}`;
      out.textContent = String(count);
      out.title = `${count} neuron${count === 1 ? '' : 's'}`;
      div.append(
        button(-1, '−', `Remove a neuron from hidden layer ${l + 1}`),
        out,
        button(+1, '+', `Add a neuron to hidden layer ${l + 1}`),
      );
      const cell = document.createElement('div');
      cell.className = 'layer-cell';
      cell.append(div);
      cells.push(cell);
    });
    cells.push(caption('output'));
    layerControls.replaceChildren(...cells);
  }

  /** Shows the state in every control. */
  function sync() {
    for (const input of document.querySelectorAll('input[name="dataset"]')) input.checked = input.value === state.task;
    const hasClasses = state.task in CLASS_TASKS;
    $('classes-field').hidden = !hasClasses;
    classes.value = String(state.classes);
    for (const update of syncRanges) update();
    seed.value = String(state.seed);
    for (const f of FEATURES) $(`feature-${f.id}`).checked = state.features.includes(f.id);
    $('layer-count').textContent = String(state.hidden.length);
    $('add-layer').disabled = state.hidden.length >= limits.max_hidden_layers;
    $('remove-layer').disabled = state.hidden.length === 0;
    renderLayers();
    $('learning-rate').value = String(nearest(LEARNING_RATES, state.learningRate));
    $('activation').value = state.activation;
    $('steepness').value = String(nearest(STEEPNESS, state.steepness));
    $('steepness-field').hidden = !(state.activation === 'tanh' || state.activation === 'sigmoid');
    $('loss').value = state.loss;
    $('strategy').value = state.strategy;
    $('batch-size-field').hidden = state.strategy !== 'mini_batch';
    $('optimizer').value = state.optimizer;
    $('regularization').value = state.regularization;
    $('reg-rate').value = String(nearest(REGULARIZATION_RATES, state.regRate));
    $('reg-rate-field').hidden = state.regularization === 'none';
  }

  sync();
  return {
    state,
    // `extend` (training-panel.js) adds the settings of the "More settings" panel.
    config: () => (extend ? extend.apply(buildConfig(defaults, state)) : buildConfig(defaults, state)),
    /** Shows `config` in every control and keeps its other fields (a loaded model, say). */
    load(config) {
      defaults = config;
      Object.assign(state, stateFrom(config));
      sync();
      extend?.load(config);
    },
  };
}
