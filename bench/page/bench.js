// The in-page half of the benchmark: our wasm core and TensorFlow.js side by side on
// the same networks, data and batch sizes. bench/run.mjs drives it stage by stage
// through `window.bench` (each call is one measurement and returns plain JSON).

import init, { Playground } from '/pkg/playground_wasm.js';
import { FEATURES, Network, trainingRows, tableRows } from './js-engine.js';

/* global tf */

const LR = 0.03;
const EXTENT = 6; // the input plane is [-6, 6]^2, as in the core (dataset::EXTENT)

const ALL_FEATURES = Object.keys(FEATURES);

/** The networks of the benchmark (tanh everywhere). */
export const NETWORKS = {
  default: { label: 'default 2-4-2-1', features: ['x1', 'x2'], hidden: [4, 2] },
  mid: { label: 'mid-size 7-8x6-1', features: ALL_FEATURES, hidden: Array(6).fill(8) },
  largest: { label: 'largest 7-32x10-1', features: ALL_FEATURES, hidden: Array(10).fill(32) },
};

function configJson(net, batch) {
  return JSON.stringify({
    seed: 1,
    data: { task: 'circle', points: 500, noise: 0, train_fraction: 0.5 },
    features: net.features,
    hidden_layers: net.hidden,
    activation: { kind: 'tanh', steepness: 1 },
    output_activation: { kind: 'tanh', steepness: 1 },
    loss: 'mse',
    learning_rate: LR,
    strategy: batch === 'full' ? { kind: 'full_batch' } : { kind: 'mini_batch', size: batch },
    optimizer: { kind: 'sgd' },
  });
}

let wasm; // the exports of our module (memory among them)

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const now = () => performance.now() / 1000;

/**
 * Our core on one case, to time: `run(E)` trains E epochs (Playground.train), `finish`
 * adds the case's figures to a measurement, `free` releases the run.
 */
function oursEngine(netName, batch) {
  const net = NETWORKS[netName];
  const pg = new Playground(configJson(net, batch));
  const n = pg.points(false).length / 3;
  const lossBefore = pg.trainLoss();
  return {
    run: (/** @type {number} */ epochs) => {
      const ran = pg.train(epochs);
      if (ran !== epochs) throw new Error(`training stopped after ${ran} of ${epochs} epochs: ${pg.stopMessage()}`);
    },
    finish: (/** @type {any} */ m) => ({ ...m, training_points: n, loss_before: lossBefore, loss_after: pg.trainLoss(), epochs_total: pg.epoch }),
    free: () => pg.free(),
  };
}

/**
 * The plain JavaScript engine on one case, to time (as [`oursEngine`]): from our run's
 * initial weights, on our training points, reshuffled every epoch, learning rate and
 * batches as ours.
 */
function jsEngineOf(netName, batch) {
  const net = NETWORKS[netName];
  const pg = new Playground(configJson(net, batch));
  const shape = Array.from(pg.shape());
  const js = new Network(shape, 'tanh', 'tanh');
  js.setWeights(Array.from(pg.weights()));
  const { inputs, targets } = trainingRows(pg.points(false), net.features);
  pg.free();
  const n = inputs.length;
  const bs = batch === 'full' ? n : batch;
  const order = inputs.map((_, i) => i);
  const lossBefore = js.loss(inputs, targets);
  return {
    run: (/** @type {number} */ epochs) => {
      for (let e = 0; e < epochs; e++) js.trainEpoch(inputs, targets, order, bs, LR);
    },
    finish: (/** @type {any} */ m) => ({ ...m, training_points: n, loss_before: lossBefore, loss_after: js.loss(inputs, targets) }),
  };
}

/**
 * Epochs per second of `runEpochs(E)` (which trains E epochs and may be async):
 * doubles E until one call takes at least 0.1 s and warm-up has lasted `warmup`
 * seconds, then times `runs` calls of enough epochs for `seconds` each. Reports the
 * best run (the figure used) and the median: this shared machine's speed switches
 * between levels far apart, and the best run is the one least disturbed.
 */
async function measureEpochs(runEpochs, { seconds = 0.6, runs = 5, warmup = 0.3 } = {}) {
  const perRun = await epochsPerRun(runEpochs, seconds, warmup);
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await timed(runEpochs, perRun));
  return report(perRun, times);
}

/**
 * [`measureEpochs`] of two engines with their timed runs alternating (A, B, A, B, ...),
 * so both see the same phases of the shared machine and their ratio does not depend on
 * which one ran while it was slow.
 */
async function measureEpochsPaired(runA, runB, { seconds = 0.6, runs = 5, warmup = 0.3 } = {}) {
  const perRun = [await epochsPerRun(runA, seconds, warmup), await epochsPerRun(runB, seconds, warmup)];
  const times = [[], []];
  for (let i = 0; i < runs; i++) {
    times[0].push(await timed(runA, perRun[0]));
    times[1].push(await timed(runB, perRun[1]));
  }
  return [report(perRun[0], times[0]), report(perRun[1], times[1])];
}

/**
 * The epochs of one timed run: doubles E until one call takes at least 0.1 s and
 * warm-up has lasted `warmup` seconds, then enough epochs for `seconds`.
 */
async function epochsPerRun(runEpochs, seconds, warmup) {
  let epochs = 1;
  const start = now();
  for (;;) {
    const t = await timed(runEpochs, epochs);
    if (t >= 0.1 && now() - start >= warmup) return Math.max(1, Math.ceil((epochs / t) * seconds * 1.1));
    if (t < 0.1) epochs *= 2;
  }
}

/** Seconds of `runEpochs(epochs)`. */
async function timed(runEpochs, epochs) {
  const t0 = now();
  await runEpochs(epochs);
  return now() - t0;
}

/** The figures of timed runs of `perRun` epochs each: the best run and the median. */
function report(perRun, times) {
  const rates = times.map((t) => perRun / t);
  return {
    epochs_per_run: perRun,
    seconds_per_run: times,
    epochs_per_s_runs: rates,
    epochs_per_s: Math.max(...rates),
    epochs_per_s_median: median(rates),
  };
}

/**
 * Seconds of one call of `fn`: calls are timed in groups lasting at least 50 ms (the
 * page's clock is coarse: 0.1 ms without cross-origin isolation), `groups` times;
 * the fastest group is the figure used, the median is reported too.
 */
function measureCall(fn, { groups = 15 } = {}) {
  let reps = 1;
  for (let i = 0; i < 3; i++) fn(); // warm-up
  for (;;) {
    const t0 = now();
    for (let i = 0; i < reps; i++) fn();
    if (now() - t0 >= 0.05) break;
    reps *= 2;
  }
  const per = [];
  for (let g = 0; g < groups; g++) {
    const t0 = now();
    for (let i = 0; i < reps; i++) fn();
    per.push((now() - t0) / reps);
  }
  return { reps_per_group: reps, seconds: Math.min(...per), median_seconds: median(per) };
}

/** The training points of our run (points(false)) as feature rows and tanh-coded targets. */
function peerData(net, pg) {
  const pts = pg.points(false);
  const n = pts.length / 3;
  const nin = net.features.length;
  const fs = net.features.map((f) => FEATURES[f]);
  const x = new Float32Array(n * nin);
  const y = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    const a = pts[3 * r];
    const b = pts[3 * r + 1];
    for (let c = 0; c < nin; c++) x[r * nin + c] = fs[c](a, b);
    y[r] = pts[3 * r + 2] === 1 ? 1 : -1; // two classes on a tanh output: -1 / +1
  }
  return { n, nin, x, y };
}

/** Cell-centre features of a width x height grid over the plane, row 0 at the top (as fill_grid). */
function gridInputs(net, width, height) {
  const fs = net.features.map((f) => FEATURES[f]);
  const x = new Float32Array(width * height * fs.length);
  let k = 0;
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const a = -EXTENT + ((col + 0.5) * 2 * EXTENT) / width;
      const b = EXTENT - ((row + 0.5) * 2 * EXTENT) / height;
      for (const f of fs) x[k++] = f(a, b);
    }
  }
  return x;
}

function peerModel(net) {
  const model = tf.sequential();
  net.hidden.forEach((units, i) =>
    model.add(
      tf.layers.dense(
        i === 0 ? { inputShape: [net.features.length], units, activation: 'tanh' } : { units, activation: 'tanh' },
      ),
    ),
  );
  model.add(tf.layers.dense({ units: 1, activation: 'tanh' }));
  return model;
}

/** Our loss convention, E = 1/(2N) sum (y - d)^2, for the peer's model. */
function peerLoss(model, X, Y) {
  return tf.tidy(() => tf.mean(tf.squaredDifference(model.predict(X, { batchSize: 100000 }), Y)).mul(0.5).dataSync()[0]);
}

function shuffleInPlace(a) {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

async function useBackend(name) {
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name);
    if (!ok) throw new Error(`TensorFlow.js backend ${name} failed to initialize`);
  }
  await tf.ready();
}

// ---------------------------------------------------------------- tables

/**
 * The tables of the benchmark: one hidden layer of 32 tanh neurons, a softmax output
 * and the cross-entropy, plain SGD at α = 0.1 in batches of 10 and α = 1 in full batch
 * (the mean over the batch: a full-batch step needs the larger α to get anywhere).
 * Digits keeps its 3 constant pixels, so its network is 64-32-10 as stated.
 */
export const TABLES = {
  digits: { label: 'digits 64-32-10', code: { constant: 'keep' }, file: '/tables/digits.csv' },
  letters: { label: 'letters 63-32-26', code: {}, file: null },
};
const TABLE_RATE = { 10: 0.1, full: 1 };

/** Data files fetched once. */
const tableTexts = new Map();

function tableConfigJson(name, batch) {
  return JSON.stringify({
    seed: 1,
    data: { task: 'circle', points: 500, noise: 0, train_fraction: 0.5, table: { kind: name, code: TABLES[name].code } },
    hidden_layers: [32],
    activation: { kind: 'tanh', steepness: 1 },
    output_activation: { kind: 'softmax' },
    loss: 'softmax_cross_entropy',
    learning_rate: TABLE_RATE[batch],
    strategy: batch === 'full' ? { kind: 'full_batch' } : { kind: 'mini_batch', size: batch },
    optimizer: { kind: 'sgd' },
  });
}

/** Our run on a table (with its data file's text when it has one). */
async function tableRun(name, batch) {
  const file = TABLES[name].file;
  if (!file) return new Playground(tableConfigJson(name, batch));
  if (!tableTexts.has(file)) {
    const response = await fetch(file);
    if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
    tableTexts.set(file, await response.text());
  }
  return Playground.withTableText(tableConfigJson(name, batch), tableTexts.get(file));
}

/** The rows of both splits, the network's shape and its initial weights, from our run. */
async function tableSetup(name, batch) {
  const pg = await tableRun(name, batch);
  try {
    return { shape: Array.from(pg.shape()), weights: Array.from(pg.weights()), train: tableRows(pg, false), test: tableRows(pg, true) };
  } finally {
    pg.free();
  }
}

/** The share of rows whose largest output is their class. */
function accuracyOf(outputsOf, split) {
  let right = 0;
  split.inputs.forEach((x, i) => {
    const y = outputsOf(x, i);
    let best = 0;
    for (let k = 1; k < y.length; k++) if (y[k] > y[best]) best = k;
    if (best === split.labels[i]) right++;
  });
  return right / split.inputs.length;
}

/**
 * Training time until the test accuracy reaches `target`: `epoch()` trains one epoch
 * (timed), `accuracy()` measures the test split (not timed); gives up after
 * `maxSeconds` of training.
 */
async function timeTo(epoch, accuracy, target, maxSeconds) {
  let seconds = 0;
  let epochs = 0;
  let reached = accuracy();
  while (reached < target && seconds < maxSeconds) {
    const t0 = now();
    await epoch();
    seconds += now() - t0;
    epochs++;
    reached = accuracy();
  }
  return { seconds, epochs, accuracy: reached, reached: reached >= target };
}

/** TensorFlow.js's tensors of a table case: the batches (made once), the test inputs, the model's variables set to our initial weights. */
function peerTableModel(setup, batch) {
  const [nin, ...rest] = setup.shape;
  const vars = [];
  let k = 0;
  let inputs = nin;
  for (const units of rest) {
    const w = setup.weights.slice(k, k + inputs * units);
    k += inputs * units;
    const b = setup.weights.slice(k, k + units);
    k += units;
    // Inside tidy: the tensors the variables start from are freed, the variables kept.
    vars.push(...tf.tidy(() => [tf.variable(tf.tensor2d(w, [inputs, units])), tf.variable(tf.tensor1d(b))]));
    inputs = units;
  }
  const logits = (xb) => {
    let h = xb;
    for (let l = 0; l < vars.length; l += 2) {
      const z = tf.add(tf.matMul(h, vars[l]), vars[l + 1]);
      h = l + 2 < vars.length ? tf.tanh(z) : z;
    }
    return h;
  };
  const n = setup.train.inputs.length;
  const bs = batch === 'full' ? n : batch;
  const classes = rest[rest.length - 1];
  const batches = [];
  const perm = shuffleInPlace([...Array(n).keys()]);
  for (let s = 0; s < n; s += bs) {
    const rows = perm.slice(s, s + bs);
    batches.push([tf.tensor2d(rows.map((r) => setup.train.inputs[r]), [rows.length, nin]), tf.tensor2d(rows.map((r) => setup.train.targets[r]), [rows.length, classes])]);
  }
  const testX = tf.tensor2d(setup.test.inputs, [setup.test.inputs.length, nin]);
  const optimizer = tf.train.sgd(TABLE_RATE[batch]);
  const order = [...batches.keys()];
  const epoch = () => {
    shuffleInPlace(order);
    for (const b of order) {
      const [xb, yb] = batches[b];
      optimizer.minimize(() => tf.losses.softmaxCrossEntropy(yb, logits(xb)), false, vars);
    }
  };
  const testOutputs = () => tf.tidy(() => logits(testX).arraySync());
  const dispose = () => {
    for (const [a, b] of batches) tf.dispose([a, b]);
    tf.dispose([testX, ...vars]);
    optimizer.dispose();
  };
  return { epoch, testOutputs, dispose };
}

/** One engine on one table case: epochs/s, and the training time to a test accuracy. */
async function tableCase(engine, name, batch, opts, target, maxSeconds) {
  const setup = await tableSetup(name, batch);
  const n = setup.train.inputs.length;
  if (engine === 'ours') {
    const pg = await tableRun(name, batch);
    try {
      const accuracy = () => JSON.parse(pg.metricsJson(true)).accuracy;
      const to = await timeTo(() => pg.train(1), accuracy, target, maxSeconds);
      const speed = await measureEpochs((epochs) => {
        const ran = pg.train(epochs);
        if (ran !== epochs) throw new Error(`training stopped after ${ran} of ${epochs} epochs: ${pg.stopMessage()}`);
      }, opts);
      return { ...speed, training_points: n, to };
    } finally {
      pg.free();
    }
  }
  if (engine === 'js') {
    const js = new Network(setup.shape, 'tanh', 'softmax');
    js.setWeights(setup.weights);
    const { inputs, targets } = setup.train;
    const order = inputs.map((_, i) => i);
    const bs = batch === 'full' ? n : batch;
    const epoch = () => js.trainEpoch(inputs, targets, order, bs, TABLE_RATE[batch]);
    const accuracy = () => accuracyOf((x) => (js.forward(x), js.outputs()), setup.test);
    const to = await timeTo(epoch, accuracy, target, maxSeconds);
    const speed = await measureEpochs((epochs) => {
      for (let e = 0; e < epochs; e++) epoch();
    }, opts);
    return { ...speed, training_points: n, to };
  }
  await useBackend('wasm');
  const tensorsBefore = tf.memory().numTensors;
  const peer = peerTableModel(setup, batch);
  try {
    const accuracy = () => {
      const out = peer.testOutputs();
      return accuracyOf((_, i) => out[i], setup.test);
    };
    const to = await timeTo(peer.epoch, accuracy, target, maxSeconds);
    const speed = await measureEpochs((epochs) => {
      for (let e = 0; e < epochs; e++) peer.epoch();
    }, opts);
    return { ...speed, training_points: n, to };
  } finally {
    peer.dispose();
    const leaked = tf.memory().numTensors - tensorsBefore;
    if (leaked > 0) console.warn(`peer table ${name}/${batch}: ${leaked} tensors left`);
  }
}

window.bench = {
  async ready() {
    tf.enableProdMode(); // no debug checks in the peer
    tf.wasm.setWasmPaths('/tfjs-wasm/');
    wasm = await init();
    await useBackend('wasm');
    return true;
  },

  async facts() {
    await useBackend('wasm');
    return {
      user_agent: navigator.userAgent,
      hardware_concurrency: navigator.hardwareConcurrency,
      cross_origin_isolated: self.crossOriginIsolated,
      tfjs_version: tf.version.tfjs,
      tfjs_wasm_simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
      tfjs_wasm_threads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
      ours_wasm_bytes_initial: wasm.memory.buffer.byteLength,
    };
  },

  /** Our core: epochs/s of Playground.train on one case. */
  async ours(netName, batch, opts) {
    const ours = oursEngine(netName, batch);
    try {
      return ours.finish(await measureEpochs(ours.run, opts));
    } finally {
      ours.free();
    }
  },

  /** Ours and the JavaScript engine on one case, their timed runs alternating. */
  async oursAndJsEngine(netName, batch, opts) {
    const js = jsEngineOf(netName, batch); // first: its Playground is freed before ours is made
    const ours = oursEngine(netName, batch);
    try {
      const [a, b] = await measureEpochsPaired(ours.run, js.run, opts);
      return { ours: ours.finish(a), js: js.finish(b) };
    } finally {
      ours.free();
    }
  },

  /**
   * TensorFlow.js on one case with one backend and one training loop:
   * - 'minimize': optimizer.minimize per batch over batch tensors made once (their
   *   contents fixed, their order shuffled every epoch), loss tf.mean(squaredDifference);
   * - 'ops': the same, but the forward pass written with ops on the model's own weight
   *   variables, tf.tanh(tf.add(tf.matMul(h, W), b)) per layer: what Dense computes,
   *   without the Layers API's per-call overhead;
   * - 'fit': model.fit with batchSize, epochs, shuffle: true, yieldEvery: 'never',
   *   loss 'meanSquaredError'.
   */
  async peer(netName, batch, backend, method, opts) {
    await useBackend(backend);
    const net = NETWORKS[netName];
    const pg = new Playground(configJson(net, batch));
    const { n, nin, x, y } = peerData(net, pg);
    pg.free();
    const bs = batch === 'full' ? n : batch;
    const tensorsBefore = tf.memory().numTensors;
    const model = peerModel(net);
    const X = tf.tensor2d(x, [n, nin]);
    const Y = tf.tensor2d(y, [n, 1]);
    const batches = [];
    let optimizer;
    try {
      const lossBefore = peerLoss(model, X, Y);
      optimizer = tf.train.sgd(LR);
      let runEpochs;
      if (method === 'fit') {
        model.compile({ optimizer, loss: 'meanSquaredError' });
        runEpochs = (epochs) =>
          model.fit(X, Y, { batchSize: bs, epochs, shuffle: true, verbose: 0, yieldEvery: 'never' });
      } else {
        const vars = model.trainableWeights.map((w) => w.read()); // kernel, bias of each layer
        let forward = (xb) => model.apply(xb);
        if (method === 'ops') {
          const layers = [];
          for (let i = 0; i < vars.length; i += 2) layers.push([vars[i], vars[i + 1]]);
          forward = (xb) => layers.reduce((h, [w, b]) => tf.tanh(tf.add(tf.matMul(h, w), b)), xb);
        } else if (method !== 'minimize') {
          throw new Error(`unknown training loop ${method}`);
        }
        // Batches made once from a random permutation; their order changes every epoch.
        const perm = shuffleInPlace([...Array(n).keys()]);
        for (let s = 0; s < n; s += bs) {
          const rows = perm.slice(s, s + bs);
          const xb = new Float32Array(rows.length * nin);
          const yb = new Float32Array(rows.length);
          rows.forEach((r, i) => {
            xb.set(x.subarray(r * nin, (r + 1) * nin), i * nin);
            yb[i] = y[r];
          });
          batches.push([tf.tensor2d(xb, [rows.length, nin]), tf.tensor2d(yb, [rows.length, 1])]);
        }
        const order = [...batches.keys()];
        runEpochs = (epochs) => {
          for (let e = 0; e < epochs; e++) {
            shuffleInPlace(order);
            for (const b of order) {
              const [xb, yb] = batches[b];
              optimizer.minimize(() => tf.mean(tf.squaredDifference(forward(xb), yb)), false, vars);
            }
          }
        };
      }
      const m = await measureEpochs(runEpochs, opts);
      return { ...m, training_points: n, loss_before: lossBefore, loss_after: peerLoss(model, X, Y) };
    } finally {
      for (const [a, b] of batches) tf.dispose([a, b]);
      tf.dispose([X, Y]);
      model.dispose();
      optimizer?.dispose();
      const leaked = tf.memory().numTensors - tensorsBefore;
      if (leaked > 0) console.warn(`peer ${netName}/${batch}/${backend}/${method}: ${leaked} tensors left`);
    }
  },

  /**
   * A table case (TABLES, batch 10 or 'full') with one engine: 'ours', 'js' (the plain
   * JavaScript engine) or 'tfjs-wasm' (TensorFlow.js's wasm backend: the ops loop, its
   * fastest on the plane's networks, with tf.losses.softmaxCrossEntropy); all from our
   * initial weights on our encoded rows. First the training time until the test
   * accuracy reaches `target` (checks between epochs not timed; at most `maxSeconds`),
   * then epochs/s measured as for the plane's cases.
   */
  table(engine, name, batch, opts, target, maxSeconds) {
    return tableCase(engine, name, batch, opts, target, maxSeconds);
  },

  /** Our fillOutputGrid on the default network (trained 100 epochs first). */
  oursGrid(width, height) {
    const pg = new Playground(configJson(NETWORKS.default, 10));
    try {
      pg.train(100);
      const out = new Float32Array(width * height * pg.outputs());
      return measureCall(() => pg.fillOutputGrid(out, width, height));
    } finally {
      pg.free();
    }
  },

  /** The peer's model.predict (one batch) plus dataSync on the same grid, inputs made once. */
  async peerGrid(backend, width, height) {
    await useBackend(backend);
    const net = NETWORKS.default;
    const model = peerModel(net);
    const cells = width * height;
    const X = tf.tensor2d(gridInputs(net, width, height), [cells, net.features.length]);
    try {
      return measureCall(() => {
        const out = model.predict(X, { batchSize: cells });
        out.dataSync();
        out.dispose();
      });
    } finally {
      X.dispose();
      model.dispose();
    }
  },

  /**
   * Our module's linear memory before and after `epochs` epochs, and around many grid
   * fills, on one case.
   */
  memory(netName = 'default', batch = 10, epochs = 10000) {
    const bytes = () => wasm.memory.buffer.byteLength;
    const pg = new Playground(configJson(NETWORKS[netName], batch));
    try {
      const before = bytes();
      let ran = 0;
      for (let i = 0; i < epochs / 1000; i++) ran += pg.train(1000);
      const afterTraining = bytes();
      const out = new Float32Array(200 * 200 * pg.outputs());
      pg.fillOutputGrid(out, 200, 200);
      const afterFirstGrid = bytes();
      for (let i = 0; i < 100; i++) {
        pg.fillOutputGrid(out, 200, 200);
        pg.trainLoss();
        pg.points(false);
      }
      const afterGrids = bytes();
      return {
        epochs: ran,
        bytes_before_training: before,
        bytes_after_training: afterTraining,
        bytes_after_first_grid: afterFirstGrid,
        bytes_after_100_grids: afterGrids,
        train_loss: pg.trainLoss(),
      };
    } finally {
      pg.free();
    }
  },
};

document.getElementById('status').textContent = 'ready';
