// @ts-check
// The worker's current run and the page's commands about it (worker/protocol.js):
// config, play, step, reset, speed, redraw, frame and crashTest.
//
// The page sends one `frame` request at a time (on requestAnimationFrame) and waits for
// the answer, so requests never pile up. The pictures (output grid, predicted classes,
// neuron grids) travel back and forth as transferables: the page returns the buffers
// of an old frame with its next request and they are refilled when their size fits.
// While playing, training runs between frame requests, a short slice at a time
// (worker/pace.js): a request is answered at once with the current picture. A request
// may carry `until` (compare mode's lockstep): training stops short of passing that
// epoch and waits, still playing, for a request that allows more.

import { FROM_WORKER } from './protocol.js';
import { Pacer, backgroundLoop, METRICS_EVERY_MS, neuronSide } from './pace.js';
import { post, report, errorText, isPanic, reportPanic } from './panics.js';
import { TABLE_FILES } from './table-files.js';
import { keptTable, missingTableText } from '../lib/own-tables.js';

/** Cells per side of each neuron's small heatmap, at most (fewer for big networks). */
export { NEURON_SIDE } from './pace.js';

/** A snapshot that takes at most this long (ms) to write goes with every changed frame. */
const CHEAP_SNAPSHOT_MS = 0.5;

/**
 * The wasm run (class `Playground` of crates/wasm/src/lib.rs), declared by the
 * TypeScript declarations wasm-bindgen emits into www/pkg.
 * @typedef {import('../pkg/playground_wasm.js').Playground} Playground
 */

/**
 * The parts of the wasm module (www/pkg/playground_wasm.js) the worker uses.
 * @typedef {Pick<typeof import('../pkg/playground_wasm.js'), 'Playground' | 'validate' | 'parseCsv' | 'tableFile' | 'ownTableHash' | 'previewTable'
 *   | 'builtinChallenges' | 'challengeMeasures' | 'checkChallenge' | 'challengeBroken' | 'verifySolution'>} Wasm
 */

/** @typedef {import('./protocol.js').RunInfo} RunInfo */
/** @typedef {import('./protocol.js').Frame & {type: 'frame', classes?: Uint8Array}} FrameMessage */
/**
 * The pictures of a frame, reused from the buffers the page returned where they fit.
 * @typedef {{grid: Float32Array | null, neurons: Float32Array | null, classes: Uint8Array | null}} Pictures
 */

/**
 * Metrics of both splits as plain objects (accuracy + confusion, or R²).
 * @param {Playground} playground
 * @returns {{train: any, test: any}}
 */
export function metricsOf(playground) {
  return {
    train: JSON.parse(playground.metricsJson(false)),
    test: JSON.parse(playground.metricsJson(true)),
  };
}

/**
 * Each hidden layer's neurons over the training set (saturated, inactive, dead) and the
 * core's sentence on why training stalls (null: no reason seen).
 * @param {Playground} playground
 * @returns {{activity: import('./protocol.js').LayerActivity[], stallHint: string | null}}
 */
export function activityOf(playground) {
  const { layers, hint } = JSON.parse(playground.activityReportJson()); // one pass over the data
  return { activity: layers, stallHint: hint ?? null };
}

/**
 * Everything about a run the page needs once: shape, ranges, points.
 * @param {Playground} p
 * @param {number} id  the run's number
 * @returns {RunInfo}
 */
export function describe(p, id) {
  return {
    id,
    shape: Array.from(p.shape()),
    outputs: p.outputs(),
    classes: p.classes(),
    targetRange: Array.from(p.targetRange()),
    layerRanges: Array.from(p.layerRanges()),
    activations: JSON.parse(p.activationsJson()),
    config: JSON.parse(p.configJson()),
    learningRate: p.learningRate(),
    epoch: p.epoch,
    train: p.points(false),
    test: p.points(true),
    table: JSON.parse(p.tableInfoJson?.() ?? 'null'),
  };
}

/** The data files of the tables read from files, fetched once: file name -> text. */
const tableTexts = new Map();

/**
 * The text of a table's data file (`data/tables/<file>` beside the page: TABLE_FILES;
 * the service worker keeps it for offline use), fetched once.
 * @param {string} file
 * @returns {Promise<string>}
 */
export async function tableText(file) {
  const known = tableTexts.get(file);
  if (known !== undefined) return known;
  const url = Object.prototype.hasOwnProperty.call(TABLE_FILES, file) ? TABLE_FILES[/** @type {keyof TABLE_FILES} */ (file)] : null;
  if (url === null) throw new Error(`the page has no data file ${file}`);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the table's data file ${file} could not be loaded (HTTP ${response.status})`);
  const text = await response.text();
  tableTexts.set(file, text);
  return text;
}

/**
 * The text a configuration's or model file's table is read from: its data file
 * (fetched) or your own table (kept in this browser under its content hash, which the
 * JSON names); undefined when none is needed (the plane, a generated table). A table
 * not kept here is refused with a message that says so.
 * @param {Wasm} wasm
 * @param {string} json
 * @returns {Promise<string> | undefined}
 */
export function tableSource(wasm, json) {
  const hash = wasm.ownTableHash?.(json);
  if (hash !== undefined) {
    return keptTable(hash).then((kept) => {
      if (kept === null) throw new Error(missingTableText(hash, ownTableName(json)));
      return kept.text;
    });
  }
  const file = wasm.tableFile?.(json);
  return file === undefined ? undefined : tableText(file);
}

/**
 * The file name a configuration's (or model file's) own table was imported from.
 * @param {string} json
 * @returns {string | undefined}
 */
function ownTableName(json) {
  try {
    const value = JSON.parse(json);
    const name = (value.config ?? value)?.data?.table?.own?.name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The epoch a frame request's `until` caps training at: a number, or null for no cap
 * (`until` absent, null, Infinity or not a number).
 * @param {unknown} until
 * @returns {number | null}
 */
export function capOf(until) {
  return typeof until === 'number' && Number.isFinite(until) ? until : null;
}

/**
 * A buffer the page returned, as an array of `bytes`-sized elements; null if unusable.
 * @param {unknown} b  an ArrayBuffer or a typed array (or nothing)
 * @param {number} bytes  bytes per element
 * @returns {ArrayBufferLike | null}
 */
function returned(b, bytes) {
  const buffer = b instanceof ArrayBuffer ? b : ArrayBuffer.isView(b) ? b.buffer : null;
  return buffer && buffer.byteLength % bytes === 0 ? buffer : null;
}

/**
 * The buffers of an old frame (`{grid, neurons, classes}`, any missing) as arrays.
 * @param {any} buffers
 * @returns {Pictures}
 */
function picturesOf(buffers) {
  const grid = returned(buffers?.grid, 4);
  const neurons = returned(buffers?.neurons, 4);
  const classes = returned(buffers?.classes, 1);
  return {
    grid: grid ? new Float32Array(grid) : null,
    neurons: neurons ? new Float32Array(neurons) : null,
    classes: classes ? new Uint8Array(classes) : null,
  };
}

/**
 * `old` if it has `length` values, else a new array.
 * @template {Float32Array | Uint8Array} T
 * @param {T | null} old
 * @param {number} length
 * @param {new (length: number) => T} Type
 * @returns {T}
 */
function sized(old, length, Type) {
  return old && old.length === length ? old : new Type(length);
}

/**
 * Hands the pictures to `reply` and posts it, transferring every buffer.
 * @param {FrameMessage} reply
 * @param {Pictures} pictures
 */
function postFrame(reply, pictures) {
  /** @type {Transferable[]} */
  const transfer = [];
  if (pictures.grid) transfer.push((reply.grid = pictures.grid).buffer);
  if (pictures.neurons) transfer.push((reply.neurons = pictures.neurons).buffer);
  if (pictures.classes) transfer.push((reply.classes = pictures.classes).buffer);
  if (reply.weights) transfer.push(reply.weights.buffer);
  post(reply, transfer);
}

/**
 * The worker's run: its state, the page's commands about it (`handlers`), and what the
 * requests need of it (`current`, `adopt`, `touch`). `wasm` is the loaded module (only
 * `Playground` is used here, and `validate`).
 */
export class Session {
  /** @param {Wasm} wasm */
  constructor(wasm) {
    this.wasm = wasm;
    this.pacer = new Pacer(); // how many epochs to train between frames
    this.trainedMs = 0; // training time since the last frame was sent
    this.metricsDue = true; // the weights changed since the metrics were last sent
    this.metricsAt = -Infinity; // when they were last sent (performance.now())
    this.snapshotMs = 0; // how long the last snapshot took to write (ms)
    /** @type {Playground | null} the current run */
    this.playground = null;
    /** @type {string | null} the configuration it was built from */
    this.configJson = null;
    this.onTable = false; // the run trains on a table: there is no input plane to picture
    /** @type {string | null} the text of its table's data file (null: none needed) */
    this.tableText = null;
    this.configsAsked = 0; // configurations asked for; a fetch answered late is dropped
    this.run = 0; // increases with every run built
    this.playing = false;
    this.epochsPerFrame = 10;
    this.dirty = true; // the run changed since the last frame was sent
    /** @type {string | null} the challenge (JSON) every run built from epoch 0 is judged by, or null */
    this.challenge = null;
    /** @type {string | null} why the current run is not judged by it (null: it is, or there is none) */
    this.unjudged = null;
    /** @type {number | null} the last frame request's `until`: no training past it (null: no cap) */
    this.until = null;
    this.trainInBackground = backgroundLoop(() => this.trainSlice());
    /**
     * The commands: config, play, step, reset, speed, redraw, frame and crashTest.
     * @type {Record<string, (msg: any) => void>}
     */
    this.handlers = {
      config: (msg) => this.onConfig(msg),
      play: (msg) => this.onPlay(msg),
      step: () => this.onStep(),
      reset: () => this.onReset(),
      speed: (msg) => this.onSpeed(msg),
      redraw: () => this.touch(),
      frame: (msg) => this.onFrame(msg),
      challenge: (msg) => this.onChallenge(msg),
      crashTest: () => {
        // What a Rust panic looks like from JavaScript: a trap out of the wasm instance.
        throw new WebAssembly.RuntimeError('unreachable (simulated panic for the recovery test)');
      },
    };
  }

  /**
   * The current run, if there is one.
   * @returns {Playground | null}
   */
  current() {
    return this.playground;
  }

  /** Marks the run changed: the next frame carries its pictures again. */
  touch() {
    this.dirty = true;
  }

  /**
   * Makes `next` (a loaded model) the current run, paused, and posts its `run` message
   * (with `reset`, `loaded` and `restored`, the page's own snapshot). Runs are numbered
   * on from `runFrom` (a fresh worker after a panic).
   * @param {Playground} next
   * @param {{restored?: boolean, runFrom?: number}} [how]
   * @returns {RunInfo}
   */
  adopt(next, { restored = false, runFrom = 0 } = {}) {
    if (Number.isInteger(runFrom) && runFrom > this.run) this.run = runFrom;
    this.install(next, next.configJson());
    this.playing = false;
    return this.postRun(next, { reset: true, loaded: true, restored });
  }

  /**
   * Makes `next` the current run, built from `json`.
   * @param {Playground} next
   * @param {string} json
   * @returns {Playground}
   */
  install(next, json) {
    if (this.playground) this.playground.free();
    this.playground = next;
    this.configJson = json;
    this.run += 1;
    this.dirty = true;
    this.judge();
    return next;
  }

  /**
   * `challenge`: judges the runs from now on by `challenge` (JSON text; null: none), the
   * current one too while it is at epoch 0.
   * @param {{challenge: string | null}} msg
   */
  onChallenge({ challenge }) {
    this.challenge = typeof challenge === 'string' ? challenge : null;
    if (this.challenge === null) this.playground?.endJudging(); // the run trains on unjudged
    this.judge();
    this.dirty = true;
  }

  /** Judges the current run by the challenge, if there is one; says why not when it cannot. */
  judge() {
    this.unjudged = null;
    const p = this.playground;
    if (this.challenge === null || !p) return;
    try {
      p.judgeBy(this.challenge); // throws: past epoch 0, or the settings break the challenge
    } catch (err) {
      this.unjudged = errorText(err);
    }
  }

  /**
   * Posts `{type:'run', ...RunInfo}` for the current run (the points are transferred).
   * @param {Playground} p  the current run
   * @param {{reset?: boolean, loaded?: boolean, restored?: boolean, configId?: any}} extra
   * @returns {RunInfo}
   */
  postRun(p, extra) {
    const info = { ...describe(p, this.run), ...extra };
    this.onTable = info.table !== null; // read once with the run's other facts
    post({ type: FROM_WORKER.run, ...info }, [info.train.buffer, info.test.buffer]);
    return info;
  }

  /**
   * `config`: the core validates the configuration; a refused one is answered by
   * `rejected` and the current run stays, an accepted one becomes the run.
   * @param {{id: any, config: any, runFrom?: number}} msg
   */
  onConfig({ id, config, runFrom }) {
    // A fresh worker after a panic numbers its runs on from the page's last one.
    if (Number.isInteger(runFrom) && Number(runFrom) > this.run) this.run = Number(runFrom);
    const json = JSON.stringify(config);
    const asked = ++this.configsAsked;
    /** @param {unknown} err */
    const refuse = (err) => {
      if (isPanic(err)) reportPanic('config', err);
      else post({ type: FROM_WORKER.rejected, configId: id, problems: [{ message: errorText(err) }] });
    };
    let source;
    try {
      const { problems } = JSON.parse(this.wasm.validate(json));
      if (problems.length > 0) {
        post({ type: FROM_WORKER.rejected, configId: id, problems });
        return;
      }
      source = tableSource(this.wasm, json);
    } catch (err) {
      refuse(err);
      return;
    }
    /** @param {string | null} text */
    const finish = (text) => {
      if (asked !== this.configsAsked) return; // a later configuration came meanwhile
      let next;
      try {
        next = this.build(json, text);
      } catch (err) {
        refuse(err);
        return;
      }
      this.tableText = text;
      this.postRun(this.install(next, json), { configId: id });
    };
    // The plane and the generated tables are built at once; a file is fetched first.
    if (source === undefined) finish(null);
    else source.then(finish, refuse);
  }

  /**
   * A run built from a configuration, on its table's data file when it has one.
   * @param {string} json
   * @param {string | null} text
   * @returns {Playground}
   */
  build(json, text) {
    return text === null ? new this.wasm.Playground(json) : this.wasm.Playground.withTableText(json, text);
  }

  /** `reset`: rebuilds the run from its configuration, paused. */
  onReset() {
    if (this.configJson === null) return;
    try {
      this.playing = false;
      this.postRun(this.install(this.build(this.configJson, this.tableText), this.configJson), { reset: true });
    } catch (err) {
      report('reset', err);
    }
  }

  /**
   * `play`: starts or stops training between frames (a stopped run does not start).
   * @param {{playing: boolean}} msg
   */
  onPlay(msg) {
    const p = this.playground;
    this.playing = Boolean(msg.playing) && p !== null && p.stopMessage() === undefined;
    if (!this.playing) {
      p?.pauseClock(); // a pause is not training time (the time limit)
      this.pacer.clear();
      this.dirty = true; // the paused picture at full resolution
    }
  }

  /** `step`: trains one epoch, then pauses. */
  onStep() {
    this.playing = false;
    this.pacer.clear();
    try {
      this.playground?.pauseClock(); // a step counts only its own epoch's time
      this.stepEpoch();
      this.playground?.pauseClock();
    } catch (err) {
      report('step', err);
    }
  }

  /**
   * `speed`: epochs per frame; a fraction is slow motion (0.25: one epoch every fourth
   * frame), Infinity is "max".
   * @param {{epochsPerFrame: number}} msg
   */
  onSpeed(msg) {
    const n = Number(msg.epochsPerFrame);
    if (n === Infinity) this.epochsPerFrame = Infinity;
    else if (Number.isFinite(n) && n > 0) this.epochsPerFrame = n >= 1 ? Math.round(n) : n;
  }

  /**
   * Whether the run has stopped (a stopping condition fired): then it stops playing.
   * @returns {boolean}
   */
  stopped() {
    if (!this.playground || this.playground.stopMessage() === undefined) return false;
    this.playing = false;
    return true;
  }

  /** Trains one epoch now (a step), unless a stopping condition has fired. */
  stepEpoch() {
    if (!this.playground || this.stopped()) {
      this.playing = false;
      return;
    }
    if (this.pacer.train(this.playground, 1) > 0) this.dirty = true;
    if (this.stopped()) this.dirty = true;
  }

  /**
   * One slice of training between frames; returns whether another slice is due.
   * @returns {boolean}
   */
  trainSlice() {
    if (!this.playing || !this.playground || !this.pacer.due()) return false;
    try {
      if (this.stopped()) return false;
      const start = performance.now();
      const ran = this.pacer.slice(this.playground);
      this.trainedMs += performance.now() - start;
      if (ran > 0) this.dirty = true;
      // Lockstep: waiting at the cap for the other runs is not training time.
      if (this.atCap()) this.playground.pauseClock();
      if (this.stopped()) {
        this.dirty = true; // the next frame says why
        this.pacer.clear();
        return false;
      }
    } catch (err) {
      this.playing = false;
      this.pacer.clear();
      report('training', err);
      return false;
    }
    return true;
  }

  /**
   * Whether the current run has reached the last frame request's `until` (it waits).
   * @returns {boolean}
   */
  atCap() {
    return this.until !== null && this.playground !== null && this.playground.epoch >= this.until;
  }

  /**
   * `frame`: answers at once with the current picture (reusing the returned buffers),
   * then trains the next frame's epochs in the background while playing, none past
   * epoch `until` if the request has one (lockstep). A run at its cap stays playing and
   * waits for a request with a later `until`; the wait does not count as training time.
   * `share` is the part of the time until the next request to train in (see pace.js).
   * @param {{seq: number, buffers?: any, until?: number | null, share?: number}} msg
   */
  onFrame({ seq, buffers, until, share }) {
    this.until = capOf(until);
    const frameStart = performance.now();
    /** @type {FrameMessage} */
    const reply = { type: FROM_WORKER.frame, seq, run: this.run, playing: this.playing, changed: false };
    const pictures = picturesOf(buffers);
    try {
      if (this.playground) this.fill(this.playground, reply, pictures, frameStart);
    } catch (err) {
      if (isPanic(err)) {
        reportPanic('frame', err);
        return;
      }
      this.playing = false;
      reply.playing = false;
      reply.error = errorText(err);
    }
    reply.workMs = performance.now() - frameStart; // the pictures of this frame
    postFrame(reply, pictures);
    if (this.playing && this.playground) {
      const cap = this.until === null ? Infinity : this.until - this.playground.epoch;
      this.pacer.request(this.epochsPerFrame, this.run, cap, share ?? 1); // the next frame's epochs, trained meanwhile
      if (this.atCap()) this.playground.pauseClock();
      this.trainInBackground();
    }
  }

  /**
   * Fills `reply` for the current run: pictures if it changed, metrics when due.
   * @param {Playground} p
   * @param {FrameMessage} reply
   * @param {Pictures} pictures
   * @param {number} frameStart
   */
  fill(p, reply, pictures, frameStart) {
    reply.playing = this.playing;
    reply.trainMs = this.trainedMs; // training since the last frame, between the requests
    this.trainedMs = 0;
    if (this.dirty) {
      this.metricsDue = true;
      this.draw(p, reply, pictures);
      this.dirty = false;
    }
    // Accuracy, confusion matrix or R² cost a pass over the data: a few times a second.
    // So do the neurons' activity and the stall hint, which come with them.
    const metricsNow = this.metricsDue && (!this.playing || frameStart - this.metricsAt >= METRICS_EVERY_MS);
    if (metricsNow) {
      reply.metrics = metricsOf(p);
      Object.assign(reply, activityOf(p));
      this.metricsDue = false;
      this.metricsAt = frameStart;
    }
    // The run's model file, restored after a panic or a reload: with every changed frame
    // while writing it is cheap (the default network: about 0.03 ms), else with the
    // metrics (10 x 32 with Adam: about 5 ms).
    if (metricsNow || (reply.changed && this.snapshotMs <= CHEAP_SNAPSHOT_MS)) {
      const start = performance.now();
      reply.snapshot = { epoch: p.epoch, model: p.exportModel() };
      this.snapshotMs = performance.now() - start;
    }
  }

  /**
   * Fills the pictures of the current run and the numbers that go with them.
   * @param {Playground} p
   * @param {FrameMessage} reply
   * @param {Pictures} pictures
   */
  draw(p, reply, pictures) {
    if (this.onTable) {
      // No plane: the output and the neurons over x1, x2 would picture nothing the network sees.
      pictures.grid = pictures.classes = pictures.neurons = null;
      Object.assign(reply, { side: 0, neuronSide: 0 });
    } else this.drawPlane(p, reply, pictures);
    Object.assign(reply, {
      changed: true,
      weights: p.weights(),
      epoch: p.epoch,
      updates: p.updates,
      // Training time as the time limit counts it (the stall line reads it), and the
      // run's own compute (the core's time inside its train calls, not the frames
      // between them): each run's cost, for the chart's seconds axis.
      seconds: p.elapsedSeconds(),
      compute: p.computeSeconds(),
      trainLoss: p.trainLoss(),
      testLoss: p.testLoss(),
      stopMessage: p.stopMessage() ?? null,
      learningRate: p.learningRate(),
      challenge: this.challengeOf(p),
    });
  }

  /**
   * The pictures over the input plane: the output grid, its classes and each neuron's grid.
   * @param {Playground} p
   * @param {FrameMessage} reply
   * @param {Pictures} pictures
   */
  drawPlane(p, reply, pictures) {
    // Full resolution when paused; coarser while a big network trains (pace.js).
    const side = this.pacer.gridSide(this.playing);
    const grid = sized(pictures.grid, side * side * p.outputs(), Float32Array);
    pictures.grid = grid;
    const gridStart = performance.now();
    p.fillOutputGrid(grid, side, side);
    pictures.classes = p.classes() > 0 ? sized(pictures.classes, side * side, Uint8Array) : null;
    if (pictures.classes) p.classifyGrid(grid, pictures.classes);
    this.pacer.gridTime(side, performance.now() - gridStart);
    const neurons = Array.from(p.shape()).slice(1).reduce((a, b) => a + b, 0);
    const cells = neuronSide(neurons);
    pictures.neurons = sized(pictures.neurons, cells * cells * neurons, Float32Array);
    p.fillNeuronGrids(pictures.neurons, cells, cells);
    Object.assign(reply, { side, neuronSide: cells });
  }

  /**
   * Where the run stands under the challenge (null: there is none).
   * @param {Playground} p
   * @returns {import('./protocol.js').ChallengeStatus | null}
   */
  challengeOf(p) {
    if (this.challenge === null) return null;
    const status = p.challengeJson();
    if (status !== undefined) return { judged: true, ...JSON.parse(status) };
    return { judged: false, solved: null, ended: false, status: this.unjudged ?? 'This run was changed by hand, so it is no longer judged: reset it to try again.' };
  }
}

/**
 * The worker's run, built from nothing yet (the page's first `config` builds one).
 * @param {Wasm} wasm
 * @returns {Session}
 */
export function createSession(wasm) {
  return new Session(wasm);
}
