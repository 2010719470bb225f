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
// transferable. Every exception from wasm is caught and reported as {type:'error'}.

import init, { Playground, limits, defaultConfig } from './pkg/playground_wasm.js';

const GRID = 100; // cells per side of the output grid
const NEURON_GRID = 24; // cells per side of each neuron's small heatmap
const FRAME_BUDGET_MS = 50; // most training time per frame before the picture is sent

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
    train,
    test,
  };
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

function onConfig({ id, config }) {
  try {
    const info = build(JSON.stringify(config));
    postMessage({ type: 'config', id, ok: true, ...info }, [info.train.buffer, info.test.buffer]);
  } catch (err) {
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

/**
 * Trains up to `n` epochs, but stops early once `budgetMs` have passed, so a large
 * network on many points still sends a fresh picture several times a second.
 */
function trainEpochs(n, budgetMs = Infinity) {
  if (!playground || playground.stopMessage() !== undefined) {
    playing = false;
    return;
  }
  const start = performance.now();
  let done = 0;
  while (done < n) {
    const chunk = budgetMs === Infinity ? n : 1;
    const ran = playground.train(chunk);
    done += chunk;
    dirty = true;
    if (ran < chunk || playground.stopMessage() !== undefined) break;
    if (performance.now() - start > budgetMs) break;
  }
  if (playground.stopMessage() !== undefined) playing = false;
}

let smallOutputs = new Float32Array(0); // the output grid at NEURON_GRID, unused

function onFrame({ buffer, neuronBuffer, seq }) {
  const reply = { type: 'frame', seq, run, playing, changed: false };
  let grid = buffer ? new Float32Array(buffer) : null;
  let neurons = neuronBuffer ? new Float32Array(neuronBuffer) : null;
  try {
    if (playground) {
      if (playing) trainEpochs(epochsPerFrame, FRAME_BUDGET_MS);
      reply.playing = playing;
      if (dirty) {
        const outputs = playground.outputs();
        const need = GRID * GRID * outputs;
        if (!grid || grid.length !== need) grid = new Float32Array(need);
        playground.fillOutputGrid(grid, GRID, GRID);
        const shape = playground.shape();
        let count = 0;
        for (let l = 1; l < shape.length; l++) count += shape[l];
        const cells = NEURON_GRID * NEURON_GRID;
        if (!neurons || neurons.length !== cells * count) neurons = new Float32Array(cells * count);
        if (smallOutputs.length !== cells * outputs) smallOutputs = new Float32Array(cells * outputs);
        playground.fillGrids(smallOutputs, neurons, NEURON_GRID, NEURON_GRID);
        Object.assign(reply, {
          neuronSide: NEURON_GRID,
          weights: playground.weights(),
          changed: true,
          width: GRID,
          height: GRID,
          outputs,
          epoch: playground.epoch,
          trainLoss: playground.trainLoss(),
          testLoss: playground.testLoss(),
          stopMessage: playground.stopMessage() ?? null,
        });
        dirty = false;
      }
    }
  } catch (err) {
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
  postMessage(reply, transfer);
}

const handlers = {
  config: onConfig,
  reset: onReset,
  frame: onFrame,
  play(msg) {
    playing = Boolean(msg.playing) && playground !== null && playground.stopMessage() === undefined;
  },
  step() {
    playing = false;
    try {
      trainEpochs(1);
    } catch (err) {
      report('step', err);
    }
  },
  redraw() {
    dirty = true;
  },
  speed(msg) {
    const n = Math.round(Number(msg.epochsPerFrame));
    if (Number.isFinite(n) && n >= 1) epochsPerFrame = n;
  },
};

async function start() {
  try {
    await init();
    postMessage({
      type: 'ready',
      limits: JSON.parse(limits()),
      defaultConfig: JSON.parse(defaultConfig()),
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
start();
