// The page: wires the controls to the training worker and draws what it sends back.
//
// controls --> configuration JSON --> worker (wasm) --> typed arrays --> canvases
//
// One 'frame' request is in flight at a time. Each animation frame sends the next
// request (if the last was answered) and then draws the last answer, so the worker's
// work and the page's drawing overlap; a slow network slows the frame rate of the
// heatmap, never the page.

import { createControls, featureLabel, setFeatures, parseSpeed, DEFAULT_SPEED } from './controls.js';
import { OutputView, NetworkView, drawLegend, colorMode, setExtent } from './plot.js';
import { createTrainingPanel } from './training-panel.js';
import { createLecture } from './lecture.js';
import { WorkerHost } from './worker-host.js';
import { LossChart, formatLoss } from './loss-chart.js';
import { readLink } from './url-state.js';
import { installTools } from './page-tools.js';

const $ = (id) => document.getElementById(id);
const MAX_HISTORY = 1500;

/** What the page knows; read-only to the outside through `window.__playground`. */
const view = {
  ready: false,
  limits: null, // the core's limits()
  run: null, // the current run: shape, points, colour mode, ...
  epoch: 0,
  trainLoss: NaN,
  testLoss: NaN,
  stopMessage: null,
  playing: false,
  configError: null,
  workerError: null,
  history: [],
  frames: 0, // frames drawn for the current run
};

let controls = null;
let worker = null;
let commandSeq = 0; // messages sent to the worker, numbered
let lastCommand = 0; // number of the last message that was not a frame request
let lastFrame = 0; // number of the frame request last answered
let configSeq = 0;
let inFlight = false; // a frame request is with the worker
let arrived = null; // the worker's last answer, drawn at the next animation frame
let gridBuffer = null; // spare buffers for the next request (two sets take turns)
let neuronBuffer = null;
let tools = null; // custom data, model files, the link, the diagram editor (page-tools.js)
let panel = null; // output layer, per-layer activations, schedule, init, stopping (training-panel.js)
let lecture = null; // metrics, confusion matrix, least squares, epochs/s (lecture.js)
let recovering = null; // after a panic: the configuration the fresh worker starts from
let lastRate = NaN; // the learning rate alpha_t of the last frame

const outputView = new OutputView($('output-canvas'));
const networkView = new NetworkView($('network-canvas'));
const lossChart = new LossChart($('loss-chart'));

function send(message, transfer = []) {
  commandSeq += 1;
  if (message.type !== 'frame') lastCommand = commandSeq;
  worker.postMessage({ ...message, seq: commandSeq }, transfer);
}

// ---- readouts -------------------------------------------------------------------------

function formatEpoch(n) {
  return String(n).padStart(6, '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}


function showStatus() {
  const status = $('status');
  let text;
  let state;
  if (view.workerError) {
    state = 'error';
    text = `Error: ${view.workerError}`;
  } else if (!view.ready) {
    state = 'loading';
    text = 'Loading the model…';
  } else if (view.stopMessage) {
    state = 'stopped';
    text = view.stopMessage;
  } else if (view.playing) {
    state = 'playing';
    text = 'Training…';
  } else {
    state = 'paused';
    text = view.epoch === 0 ? 'Ready: press play to train.' : 'Paused.';
  }
  if (status.textContent !== text) status.textContent = text;
  status.dataset.state = state;
  const play = $('play');
  play.classList.toggle('playing', view.playing);
  play.setAttribute('aria-pressed', String(view.playing));
  play.setAttribute('aria-label', view.playing ? 'Pause' : 'Play');
  play.disabled = !view.ready || view.run === null || Boolean(view.stopMessage);
  $('step').disabled = play.disabled;
}

function showReadouts() {
  const epoch = $('epoch');
  epoch.textContent = formatEpoch(view.epoch);
  epoch.dataset.epoch = String(view.epoch);
  for (const [id, v] of [
    ['train-loss', view.trainLoss],
    ['test-loss', view.testLoss],
  ]) {
    const el = $(id);
    el.textContent = formatLoss(v);
    el.dataset.loss = String(v);
  }
}

function showConfigError() {
  const box = $('config-error');
  if (view.configError) {
    box.textContent = '';
    const strong = document.createElement('strong');
    strong.textContent = 'Not applied: ';
    const reason = view.configError.replace(/\.$/, '');
    const rest = document.createTextNode(`${reason}. The previous run keeps going.`);
    box.append(strong, rest);
    box.hidden = false;
  } else {
    box.hidden = true;
    box.textContent = '';
  }
  document.body.dataset.configError = view.configError ?? '';
}

function drawAll() {
  // Bicubic upscaling of the heatmap when paused; bilinear, far cheaper, while training.
  outputView.quality = view.playing ? 'low' : 'high';
  outputView.draw(view.run, $('show-test').checked);
  lossChart.draw(view.history);
}

// ---- worker messages ------------------------------------------------------------------

function onConfig(msg) {
  if (!msg.ok) {
    view.configError = msg.error;
    showConfigError();
    return;
  }
  if (msg.id !== null && msg.id === configSeq) {
    view.configError = null;
    showConfigError();
  }
  const config = msg.config;
  const regression = msg.classes === 0; // the core's classes(): 0 for regression
  const run = {
    id: msg.run,
    shape: msg.shape,
    outputs: msg.outputs,
    targetRange: msg.targetRange,
    config,
    regression,
    classes: msg.classes,
    layerRanges: msg.layerRanges,
    activations: msg.activations,
    learningRate: msg.learningRate,
    train: msg.train,
    test: msg.test,
    featureLabels: config.features.map(featureLabel),
  };
  run.mode = colorMode(run);
  view.run = run;
  view.epoch = 0;
  view.trainLoss = NaN;
  view.testLoss = NaN;
  view.stopMessage = null;
  view.history = [];
  view.frames = 0;
  if (msg.reset) view.playing = false;
  document.body.dataset.shape = run.shape.join(',');
  document.body.dataset.run = String(run.id);
  const modeClasses = run.mode.kind === 'classes' ? run.outputs : 0;
  drawLegend($('legend'), run.mode, modeClasses);
  lastRate = msg.learningRate;
  panel?.showRun(run);
  lecture?.onRun(run, view.limits);
  showReadouts();
  showStatus();
}

function onFrame(msg) {
  inFlight = false;
  arrived = msg;
}

/** Shows a frame the worker answered, then keeps its buffers for a later request. */
function drawFrame(msg) {
  lastFrame = msg.seq;
  // The worker handles messages in order: this answer has seen every earlier command.
  if (msg.seq > lastCommand) view.playing = msg.playing;
  if (msg.error) view.workerError = msg.error;
  const run = view.run;
  const drawStart = performance.now();
  const drawn = Boolean(msg.changed && run && msg.run === run.id);
  if (drawn) {
    view.epoch = msg.epoch;
    view.trainLoss = msg.trainLoss;
    view.testLoss = msg.testLoss;
    view.stopMessage = msg.stopMessage;
    if (msg.stopMessage) view.playing = false;
    const last = view.history[view.history.length - 1];
    if (!last || msg.epoch > last.epoch) {
      view.history.push({ epoch: msg.epoch, train: msg.trainLoss, test: msg.testLoss });
      if (view.history.length > MAX_HISTORY) {
        // Keep every other point (and the newest) so long runs stay cheap to draw.
        view.history = view.history.filter((_, i, all) => i % 2 === 0 || i === all.length - 1);
      }
    }
    outputView.setGrid(msg.grid, msg.width, msg.height, msg.outputs, run.mode, $('discretize').checked);
    drawAll();
    networkView.draw(run, msg);
    view.frames += 1;
    showReadouts();
    if (msg.learningRate !== undefined) lastRate = msg.learningRate;
    panel?.showRate(msg.learningRate);
  }
  lecture?.onFrame(msg, drawn, performance.now() - drawStart);
  showStatus();
  gridBuffer = msg.grid?.buffer ?? null;
  neuronBuffer = msg.neurons?.buffer ?? null;
}

/**
 * A Rust panic left the worker's wasm instance unusable: replace the worker, rebuild
 * the last run that worked, and say what happened.
 */
function recover(msg) {
  console.warn('the model crashed', msg.where, msg.message);
  recovering = view.run?.config ?? null;
  view.playing = false;
  view.workerError =
    `the model crashed (${msg.message}); it was restarted with the last working configuration.`;
  inFlight = true; // no frame requests until the fresh worker is ready
  arrived = null;
  gridBuffer = null;
  neuronBuffer = null;
  worker.restart();
  showStatus();
}

/** The fresh worker after a panic is ready: same speed, last good configuration. */
function restarted() {
  inFlight = false;
  send({ type: 'speed', epochsPerFrame: speed });
  const config = recovering ?? controls.config();
  recovering = null;
  send({ type: 'config', id: null, config, runFrom: view.run?.id ?? 0 });
}

function onMessage(event) {
  const msg = event.data;
  switch (msg.type) {
    case 'ready':
      if (view.ready) restarted();
      else start(msg);
      break;
    case 'panic':
      recover(msg);
      break;
    case 'config':
      onConfig(msg);
      break;
    case 'frame':
      onFrame(msg);
      break;
    case 'error':
      view.workerError = `${msg.where}: ${msg.message}`;
      console.warn('worker error', msg.where, msg.message);
      showStatus();
      break;
    default:
      break;
  }
}

// ---- actions --------------------------------------------------------------------------

function applyConfig() {
  configSeq += 1;
  view.workerError = null;
  const config = controls.config();
  send({ type: 'config', id: configSeq, config: tools ? tools.decorate(config) : config });
}

function setPlaying(playing) {
  if (!view.run || view.stopMessage) return;
  view.playing = playing;
  send({ type: 'play', playing });
  showStatus();
}

function step() {
  if (!view.run || view.stopMessage) return;
  view.playing = false;
  send({ type: 'step' });
  showStatus();
}

function reset() {
  view.workerError = null;
  send({ type: 'reset' });
}

/**
 * Each animation frame asks the worker for the next picture first, then draws the one it
 * answered last: the worker computes while the page draws, so a frame's round trip and
 * its drawing overlap instead of adding up.
 */
function tick() {
  requestAnimationFrame(tick);
  const frame = arrived;
  arrived = null;
  if (view.ready && !inFlight) {
    inFlight = true;
    const transfer = [gridBuffer, neuronBuffer].filter(Boolean);
    send({ type: 'frame', buffer: gridBuffer, neuronBuffer }, transfer);
    gridBuffer = null;
    neuronBuffer = null;
  }
  if (frame) drawFrame(frame);
}

let speed = DEFAULT_SPEED; // epochs per frame (Infinity: as many as fit in a frame)

async function start({ limits, defaultConfig, features }) {
  view.limits = limits;
  setFeatures(features);
  setExtent(limits.extent);
  // The settings in the page's link (checked field by field, then as a whole by the core).
  const link = await readLink({ worker, send, limits, defaults: defaultConfig });
  panel = createTrainingPanel({ initial: link.config, onChange: applyConfig });
  controls = createControls({
    limits,
    defaults: link.config,
    onChange: applyConfig,
    onSpeed: (n) => {
      speed = n;
      send({ type: 'speed', epochsPerFrame: n });
    },
    extend: panel,
  });
  lecture = createLecture({ worker, send, pause: () => setPlaying(false), showTest: () => $('show-test').checked });
  view.ready = true;
  speed = parseSpeed($('speed').value);
  send({ type: 'speed', epochsPerFrame: speed });
  tools = installTools({ worker, send, view, controls, link, networkView, applyConfig });
  applyConfig();
  requestAnimationFrame(tick);
}

function wire() {
  $('play').addEventListener('click', () => setPlaying(!view.playing));
  $('step').addEventListener('click', step);
  $('reset').addEventListener('click', reset);
  $('show-test').addEventListener('change', () => {
    drawAll();
    lecture?.onShowTest();
  });
  $('discretize').addEventListener('change', () => send({ type: 'redraw' }));
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || !view.ready) return;
    if (event.target.closest?.('input, select, textarea, button')) return;
    if (event.key === ' ') {
      event.preventDefault();
      setPlaying(!view.playing);
    } else if (event.key === 's' || event.key === 'S' || event.key === 'ArrowRight') {
      event.preventDefault();
      step();
    } else if (event.key === 'r' || event.key === 'R') {
      reset();
    }
  });
  let resizeQueued = false;
  new ResizeObserver(() => {
    if (resizeQueued || !view.ready) return;
    resizeQueued = true;
    requestAnimationFrame(() => {
      resizeQueued = false;
      if (view.run) drawLegend($('legend'), view.run.mode, view.run.mode.kind === 'classes' ? view.run.outputs : 0);
      drawAll();
      send({ type: 'redraw' });
    });
  }).observe(document.querySelector('.columns'));

  // Restartable: after a Rust panic the page replaces the worker (recover()).
  worker = new WorkerHost(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.addEventListener('message', onMessage);
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    view.workerError =
      event.message ||
      'the training worker failed to start: is the wasm module built (www/pkg)? Run scripts/start.sh.';
    inFlight = false;
    showStatus();
  });
}

/** Read-only state for tests and the console. */
window.__playground = Object.freeze({
  get ready() {
    return view.ready && view.run !== null;
  },
  get run() {
    return view.run?.id ?? 0;
  },
  get epoch() {
    return view.epoch;
  },
  get trainLoss() {
    return view.trainLoss;
  },
  get testLoss() {
    return view.testLoss;
  },
  get shape() {
    return view.run ? [...view.run.shape] : [];
  },
  get playing() {
    return view.playing;
  },
  get frames() {
    return view.frames;
  },
  /** True once a frame answered after the last command (the page shows the worker's state). */
  get synced() {
    return lastFrame > lastCommand;
  },
  get stopMessage() {
    return view.stopMessage;
  },
  get configError() {
    return view.configError;
  },
  get workerError() {
    return view.workerError;
  },
  get limits() {
    return view.limits ? structuredClone(view.limits) : null;
  },
  get config() {
    return view.run ? structuredClone(view.run.config) : null;
  },
  get history() {
    return view.history.map((p) => ({ ...p }));
  },
  /** Measured epochs per second of training shown on the page (0 while paused). */
  get epochsPerSecond() {
    return lecture ? lecture.snapshot().epochsPerSecond : 0;
  },
  /** Measured frames drawn per second (0 while paused). */
  get fps() {
    return lecture ? lecture.snapshot().fps : 0;
  },
  /** Main-thread time to draw one frame (ms, moving average). */
  get drawMs() {
    return lecture ? lecture.snapshot().drawMs : 0;
  },
  /** The worker's time per frame, all and training only (ms, moving averages). */
  get workerMs() {
    return lecture ? lecture.snapshot().workMs : 0;
  },
  get trainMs() {
    return lecture ? lecture.snapshot().trainMs : 0;
  },
  /** Epochs per frame (Infinity: "max"). */
  get speed() {
    return speed;
  },
  /** {train, test} accuracy and confusion matrix, or R², from the core; null until computed. */
  get metrics() {
    return lecture ? lecture.snapshot().metrics : null;
  },
  /** The last least-squares solve of this run: {before, after} losses, or {error}. */
  get leastSquares() {
    return lecture ? lecture.snapshot().leastSquares : null;
  },
  /** The current learning rate alpha_t. */
  get learningRate() {
    return lastRate;
  },
  /** Classes of the task (0: regression) and the activation of every layer in use. */
  get classes() {
    return view.run?.classes ?? null;
  },
  get activations() {
    return view.run ? structuredClone(view.run.activations) : null;
  },
  /** How many times the worker was restarted after a panic. */
  get restarts() {
    return worker?.restarts ?? 0;
  },
  /** Exercises the panic recovery: the worker throws as a Rust panic would. */
  simulatePanic() {
    send({ type: 'crashTest' });
  },
  /** Data counts and hashes, the output grid's hash, link notices, diagram targets (page-tools.js). */
  get io() {
    return tools ? tools.snapshot() : null;
  },
});

wire();
showStatus();
