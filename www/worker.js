// The training worker: holds the wasm Playground and answers the page's messages.
//
// Page -> worker                        Worker -> page
//   {type:'config', id, config}           {type:'config', id, ok, run, error?, ...}
//   {type:'play', playing}                (state shows in the next frame)
//   {type:'step'}                         (trains one epoch, pauses)
//   {type:'reset'}                        {type:'config', ..., reset:true}
//   {type:'speed', epochsPerFrame}
//   {type:'redraw'}                       (the next frame carries the grid again)
//   {type:'frame', seq, buffer?, ...}     {type:'frame', seq, run, epoch, ..., grid}
//
// The page sends one 'frame' request at a time (on requestAnimationFrame) and waits for
// the answer, so requests never pile up. The grid buffer travels back and forth as a
// transferable. Every exception from wasm is caught and reported as {type:'error'}
// (a Rust panic as {type:'panic'}: the page then replaces the worker).
//
// While playing, training runs between frame requests, a short slice at a time
// (worker-pace.js): a request is answered at once with the current picture.

import init, { Playground, limits, defaultConfig, features } from './pkg/playground_wasm.js';
import { Pacer, backgroundLoop, GRID_SIDES, METRICS_EVERY_MS, capturePanics, isPanic, reportPanic, metricsOf, lectureHandlers } from './worker-pace.js';
import { ioHandlers } from './worker-io.js';

const GRID = GRID_SIDES[0]; // cells per side of the output grid (paused; coarser while training)
const NEURON_GRID = 24; // cells per side of each neuron's small heatmap
const pacer = new Pacer(); // how many epochs to train between frames (worker-pace.js)
let trainedMs = 0; // training time since the last frame was sent
let metricsDue = true; // the weights changed since the metrics were last sent
let metricsAt = -Infinity; // when they were last sent (performance.now())

let playground = null; // the current run
let configJson = null; // the configuration it was built from
let run = 0; // increases with every rebuilt run
let playing = false;
let epochsPerFrame = 10;
let dirty = true; // the run changed since the last frame was sent

function message(err) {
  if (err instanceof Error) return err.message || String(err);
  return String(err);
}

function report(where, err) {
  if (isPanic(err)) {
    reportPanic(where, err);
    return;
  }
  postMessage({ type: 'error', where, message: message(err) });
}

/** Everything about a fresh run the page needs once: shape, ranges, points. */
function describe() {
  const train = playground.points(false);
  const test = playground.points(true);
  return {
    run,
    shape: Array.from(playground.shape()),
    outputs: playground.outputs(),
    targetRange: Array.from(playground.targetRange()),
    config: JSON.parse(playground.configJson()),
    classes: playground.classes(),
    layerRanges: Array.from(playground.layerRanges()),
    activations: JSON.parse(playground.exportModel()).network.layers.map((l) => l.activation),
    learningRate: playground.learningRate(),
    train,
    test,
  };
}

/** Makes `next` the current run (a model loaded from a file, say), paused. */
function adopt(next) {
  if (playground) playground.free();
  playground = next;
  configJson = next.configJson();
  playing = false;
  run += 1;
  dirty = true;
  return describe();
}

/** Builds a run from `json`; on error the previous run stays. Returns the reply. */
function build(json) {
  const next = new Playground(json); // throws on an invalid configuration
  if (playground) playground.free();
  playground = next;
  configJson = json;
  run += 1;
  dirty = true;
  return describe();
}

function onConfig({ id, config, runFrom }) {
  // A fresh worker after a panic numbers its runs on from the page's last one.
  if (Number.isInteger(runFrom) && runFrom > run) run = runFrom;
  try {
    const info = build(JSON.stringify(config));
    postMessage({ type: 'config', id, ok: true, ...info }, [info.train.buffer, info.test.buffer]);
  } catch (err) {
    if (isPanic(err)) {
      reportPanic('config', err);
      return;
    }
    postMessage({ type: 'config', id, ok: false, error: message(err), run });
  }
}

function onReset() {
  if (configJson === null) return;
  try {
    playing = false;
    const info = build(configJson);
    postMessage({ type: 'config', id: null, ok: true, reset: true, ...info }, [
      info.train.buffer,
      info.test.buffer,
    ]);
  } catch (err) {
    report('reset', err);
  }
}

/** Trains `n` epochs now (one step), or fewer if a stopping condition fires. */
function trainEpochs(n) {
  if (!playground || playground.stopMessage() !== undefined) {
    playing = false;
    return;
  }
  const ran = pacer.train(playground, n);
  if (ran > 0) dirty = true;
  if (playground.stopMessage() !== undefined) {
    playing = false;
    dirty = true;
  }
}

/** One slice of training between frames; returns whether another slice is due. */
function trainSlice() {
  if (!playing || !playground || !pacer.due()) return false;
  try {
    if (playground.stopMessage() !== undefined) {
      playing = false;
      return false;
    }
    const start = performance.now();
    const ran = pacer.slice(playground);
    trainedMs += performance.now() - start;
    if (ran > 0) dirty = true;
    if (playground.stopMessage() !== undefined) {
      playing = false; // a stopping condition fired: the next frame says which
      dirty = true;
      pacer.clear();
      return false;
    }
  } catch (err) {
    playing = false;
    pacer.clear();
    report('training', err);
    return false;
  }
  return true;
}
const trainInBackground = backgroundLoop(trainSlice);

function onFrame({ buffer, neuronBuffer, seq }) {
  const frameStart = performance.now();
  const reply = { type: 'frame', seq, run, playing, changed: false };
  let grid = buffer ? new Float32Array(buffer) : null;
  let neurons = neuronBuffer ? new Float32Array(neuronBuffer) : null;
  try {
    if (playground) {
      reply.playing = playing;
      reply.trainMs = trainedMs; // training since the last frame, between the requests
      trainedMs = 0;
      if (dirty) {
        metricsDue = true;
        const outputs = playground.outputs();
        // Full resolution when paused; coarser while a big network trains (worker-pace.js).
        const side = pacer.gridSide(playing);
        const need = side * side * outputs;
        if (!grid || grid.length !== need) grid = new Float32Array(need);
        const gridStart = performance.now();
        playground.fillOutputGrid(grid, side, side);
        pacer.gridTime(side, performance.now() - gridStart);
        const shape = playground.shape();
        let count = 0;
        for (let l = 1; l < shape.length; l++) count += shape[l];
        const cells = NEURON_GRID * NEURON_GRID;
        if (!neurons || neurons.length !== cells * count) neurons = new Float32Array(cells * count);
        playground.fillNeuronGrids(neurons, NEURON_GRID, NEURON_GRID);
        Object.assign(reply, {
          neuronSide: NEURON_GRID,
          weights: playground.weights(),
          changed: true,
          width: side,
          height: side,
          outputs,
          epoch: playground.epoch,
          trainLoss: playground.trainLoss(),
          testLoss: playground.testLoss(),
          stopMessage: playground.stopMessage() ?? null,
          learningRate: playground.learningRate(),
        });
        dirty = false;
      }
      // Accuracy, confusion matrix or R² cost a pass over the data: a few times a second.
      if (metricsDue && (!playing || frameStart - metricsAt >= METRICS_EVERY_MS)) {
        reply.metrics = metricsOf(playground);
        metricsDue = false;
        metricsAt = frameStart;
      }
    }
  } catch (err) {
    if (isPanic(err)) {
      reportPanic('frame', err);
      return;
    }
    playing = false;
    reply.playing = false;
    reply.error = message(err);
  }
  const transfer = [];
  if (grid) {
    reply.grid = grid;
    transfer.push(grid.buffer);
  }
  if (neurons) {
    reply.neurons = neurons;
    transfer.push(neurons.buffer);
  }
  if (reply.weights) transfer.push(reply.weights.buffer);
  reply.workMs = performance.now() - frameStart; // the pictures of this frame
  postMessage(reply, transfer);
  if (playing && playground) {
    pacer.request(epochsPerFrame, run); // the epochs of the next frame, trained meanwhile
    trainInBackground();
  }
}

const handlers = {
  config: onConfig,
  reset: onReset,
  frame: onFrame,
  play(msg) {
    playing = Boolean(msg.playing) && playground !== null && playground.stopMessage() === undefined;
    if (!playing) {
      playground?.pauseClock(); // a pause is not training time (the time limit)
      pacer.clear();
      dirty = true; // the paused picture at full resolution
    }
  },
  step() {
    playing = false;
    pacer.clear();
    try {
      playground?.pauseClock(); // a step counts only its own epoch's time
      trainEpochs(1);
      playground?.pauseClock();
    } catch (err) {
      report('step', err);
    }
  },
  redraw() {
    dirty = true;
  },
  speed(msg) {
    // A fraction is slow motion (0.25: one epoch every fourth frame); Infinity is "max".
    const n = Number(msg.epochsPerFrame);
    if (n === Infinity) epochsPerFrame = Infinity;
    else if (Number.isFinite(n) && n > 0) epochsPerFrame = n >= 1 ? Math.round(n) : n;
  },
};

// Least squares and the panic-recovery check (worker-pace.js).
Object.assign(
  handlers,
  lectureHandlers({
    current: () => playground,
    touch: () => {
      dirty = true;
    },
  }),
);

// Data, model and weight requests (worker-io.js): they answer {type:'reply', rid, ...}.
Object.assign(
  handlers,
  ioHandlers({
    current: () => playground,
    adopt,
    touch: () => {
      dirty = true;
    },
  }),
);

async function start() {
  try {
    await init();
    postMessage({
      type: 'ready',
      limits: JSON.parse(limits()),
      defaultConfig: JSON.parse(defaultConfig()),
      features: JSON.parse(features()),
      grid: GRID,
    });
  } catch (err) {
    report('loading the wasm module', err);
    return;
  }
  onmessage = (event) => {
    const handler = handlers[event.data?.type];
    if (!handler) {
      report('worker', `unknown message ${JSON.stringify(event.data?.type)}`);
      return;
    }
    try {
      handler(event.data);
    } catch (err) {
      report(event.data.type, err);
    }
  };
}

// Messages sent before the module is ready would be lost: the page waits for 'ready'.
capturePanics();
start();
