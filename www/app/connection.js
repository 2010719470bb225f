// @ts-check
// The page's side of the training worker: sends the configuration the store asks for,
// one frame request per animation frame, the commands (play, step, reset, speed), and
// turns every answer into a change of the store (app/progress.js). After a Rust panic
// it replaces the worker and restores the run from its last snapshot (the model file the
// worker sends with every changed frame, or with the metrics when it is dear to write),
// or else rebuilds the last configuration that worked.
//
// One frame request is in flight at a time. Each animation frame sends the next request
// (if the last was answered) and then applies the last answer, so the worker computes
// while the page draws. The buffers of the frame before the one shown travel back to
// the worker with the request (the one shown stays readable).

import { TO_WORKER, FROM_WORKER } from '../worker/protocol.js';
import { WorkerHost } from '../worker/host.js';
import { createClient } from '../worker/client.js';
import { watch } from './store.js';
import { runBuilt, frameArrived } from './progress.js';
import { pendingPoints } from './actions.js';
import { thousands } from '../lib/format.js';

/** @typedef {import('./state.js').State} State */
/** @typedef {import('./store.js').Store<State>} Store */

const NO_WORKER = 'the training worker failed to start: is the wasm module built (www/pkg)? Run scripts/start.sh.';

export class Connection {
  /**
   * Connects `store` to a new training worker. `onReady(message)` runs once, when the
   * worker first reports ready (the page then reads its link and fills in the state).
   * @param {Store} store
   * @param {(msg: any) => void} onReady
   */
  constructor(store, onReady) {
    this.store = store;
    this.onReady = onReady;
    this.host = new WorkerHost(new URL('../worker.js', import.meta.url), { type: 'module' });
    this.seq = 0; // numbers every message sent
    this.lastCommand = 0; // the number of the last message that was not a frame request
    this.lastFrame = 0; // the number of the frame request last answered
    this.configId = 0; // numbers the configurations sent
    /** @type {any} */
    this.lastSent = null; // the configuration sent last
    this.inFlight = false; // a frame request is with the worker
    /** @type {any} */
    this.arrived = null; // the last answer, applied at the next animation frame
    /** @type {Record<string, ArrayBuffer>} */
    this.spare = {}; // buffers of an older frame, to send back
    /**
     * The epoch the worker may train to (lockstep), or null; given the epoch of the
     * frame that just arrived (fresher than the store, which shows it after the request).
     * @type {(epoch?: number) => number|null}
     */
    this.limit = () => null;
    /**
     * The part of the time between frames the worker may train in (compare mode shares
     * the cores among its runs; see worker/pace.js trainShare).
     * @type {() => number}
     */
    this.share = () => 1;
    this.closed = false;
    /** @type {{run: number, epoch: number, model: string} | null} the run's last model file, from the worker */
    this.snapshot = null;
    /** @type {((snapshot: {run: number, epoch: number, model: string}) => void) | null} told of each snapshot */
    this.onSnapshot = null;
    this.restoring = false; // a fresh worker is loading the snapshot (a panic now drops it)
    /** @type {Array<() => void>} */
    this.unsubscribe = [];
    this.request = createClient(this.host, (msg) => this.send(msg));
    this.host.addEventListener('message', (event) => this.receive(/** @type {MessageEvent} */ (event).data));
    this.host.addEventListener('error', (event) => this.failed(/** @type {ErrorEvent} */ (event)));
    this.follow();
  }

  /**
   * @param {any} message
   * @param {Transferable[]} [transfer]
   */
  send(message, transfer = []) {
    this.seq += 1;
    if (message.type !== TO_WORKER.frame) this.lastCommand = this.seq;
    this.host.postMessage({ ...message, seq: this.seq }, transfer);
  }

  /**
   * Sends a configuration to build, numbered so its answer can be recognised.
   * @param {any} config
   * @param {number} runFrom  a fresh worker numbers its runs on from here
   */
  sendConfig(config, runFrom = 0) {
    this.lastSent = config;
    this.configId += 1;
    this.send({ type: TO_WORKER.config, id: this.configId, config, runFrom });
  }

  /** Sends the configuration the store asks for, unless it was sent or has too few points. */
  offerConfig() {
    const s = this.store.get();
    if (!s.ready || !s.config || s.config === this.lastSent || pendingPoints(s)) return;
    this.sendConfig(s.config);
  }

  /** Subscribes to what the worker must hear of: the configuration, readiness, speed. */
  follow() {
    const { store } = this;
    const watchers = [];
    watchers.push(watch(store, (s) => s.config, (_, s) => {
      if (s.ready && s.config !== this.lastSent) store.update({ workerError: null });
      this.offerConfig();
    }));
    // Messages sent before the worker is ready would be lost: nothing goes out before.
    watchers.push(watch(store, (s) => s.ready, (ready, s) => {
      if (!ready) return;
      this.send({ type: TO_WORKER.speed, epochsPerFrame: s.view.speed });
      this.offerConfig();
      requestAnimationFrame(() => this.tick());
    }));
    watchers.push(watch(store, (s) => s.view.speed, (speed, s) => {
      if (s.ready) this.send({ type: TO_WORKER.speed, epochsPerFrame: speed });
    }));
    this.unsubscribe = watchers;
  }

  /** Ends the worker and stops listening (a run of a comparison that was removed). */
  close() {
    this.closed = true;
    for (const stop of this.unsubscribe) stop();
    this.host.terminate();
  }

  /** Each animation frame: ask for the next picture, then show the last one. */
  tick() {
    if (this.closed) return;
    requestAnimationFrame(() => this.tick());
    const f = this.arrived;
    this.arrived = null;
    if (this.store.get().ready && !this.inFlight) {
      this.inFlight = true;
      const buffers = this.spare;
      this.spare = {};
      const until = this.limit(f?.changed ? f.epoch : undefined);
      this.send({ type: TO_WORKER.frame, buffers, until, share: this.share() }, Object.values(buffers));
    }
    if (f) this.applyFrame(f);
  }

  /**
   * Applies the answer that arrived, keeping the buffers of the frame it replaces.
   * @param {any} f
   */
  applyFrame(f) {
    this.lastFrame = f.seq;
    const before = /** @type {any} */ (this.store.get().frame);
    this.store.update((s) => frameArrived(s, f, f.seq > this.lastCommand));
    const now = /** @type {any} */ (this.store.get().frame);
    if (now === before || !before) return;
    this.spare = {};
    for (const key of ['grid', 'neurons', 'classes']) {
      const a = before[key];
      if (a && a.buffer.byteLength > 0 && a !== now[key]) this.spare[key] = a.buffer;
    }
  }

  /** @param {any} msg */
  receive(msg) {
    const { store } = this;
    switch (msg?.type) {
      case FROM_WORKER.ready:
        if (store.get().ready) this.restarted();
        else this.onReady(msg);
        break;
      case FROM_WORKER.panic:
        this.recover(msg);
        break;
      case FROM_WORKER.run:
        if (msg.loaded) this.lastSent = msg.config;
        store.update((s) => runBuilt(s, msg, msg.configId === this.configId));
        break;
      case FROM_WORKER.rejected:
        if (msg.configId === this.configId) store.update({ problems: msg.problems });
        break;
      case FROM_WORKER.frame:
        this.inFlight = false;
        this.arrived = msg;
        if (msg.snapshot) this.keep({ run: msg.run, ...msg.snapshot });
        break;
      case FROM_WORKER.error:
        console.warn('worker error', msg.where, msg.message);
        store.update({ workerError: `${msg.where}: ${msg.message}` });
        break;
      default:
        break;
    }
  }

  /** @param {ErrorEvent} event */
  failed(event) {
    event.preventDefault();
    this.inFlight = false;
    this.store.update({ workerError: event.message || NO_WORKER });
  }

  /**
   * Keeps the run's latest snapshot (restored after a panic) and passes it on.
   * @param {{run: number, epoch: number, model: string}} snapshot
   */
  keep(snapshot) {
    this.snapshot = snapshot;
    this.restoring = false; // the fresh worker got as far as a frame
    this.onSnapshot?.(snapshot);
  }

  /**
   * The snapshot of the run shown, if there is one (and loading it did not just crash).
   * @returns {{run: number, epoch: number, model: string} | null}
   */
  restorable() {
    const s = this.store.get();
    return this.snapshot && !this.restoring && s.run && this.snapshot.run === s.run.id ? this.snapshot : null;
  }

  /**
   * A Rust panic killed the wasm instance: a fresh worker, restored from the run's last
   * snapshot (the last frame's training lost, up to a quarter second on the largest
   * networks), else the last configuration that worked.
   * @param {any} msg
   */
  recover(msg) {
    console.warn('the model crashed', msg.where, msg.message);
    if (this.restoring) this.snapshot = null; // loading it crashed: do not try again
    const snapshot = this.restorable();
    this.inFlight = true; // no frame requests until the fresh worker is ready
    this.arrived = null;
    this.spare = {};
    const what = snapshot
      ? `the run was restored at epoch ${thousands(snapshot.epoch)}`
      : 'it was restarted with the last working configuration';
    this.store.update((s) => ({
      playing: false,
      restarts: s.restarts + 1,
      workerError: `The core stopped with an error (${msg.message}); ${what}.`,
    }));
    this.host.restart();
  }

  /** The fresh worker after a panic is ready: same speed, the run's snapshot or its configuration. */
  restarted() {
    this.inFlight = false;
    const s = this.store.get();
    this.send({ type: TO_WORKER.speed, epochsPerFrame: s.view.speed });
    const runId = s.run?.id ?? 0;
    const rebuild = () => this.sendConfig(s.run?.config ?? s.config, runId);
    const snapshot = this.restorable();
    if (!snapshot) {
      rebuild();
      return;
    }
    this.restoring = true;
    this.request('loadModel', { text: snapshot.model, restored: true, runFrom: runId }).catch((err) => {
      console.warn('the snapshot could not be restored', err.message);
      this.snapshot = null;
      rebuild();
    });
  }

  /** True once a frame answered after the last command: the page shows the worker's state. */
  synced() {
    return this.lastFrame > this.lastCommand;
  }

  /** Whether the run can train (it exists and has not stopped). */
  trainable() {
    const s = this.store.get();
    return Boolean(s.run) && !s.progress.stopMessage;
  }

  /** @param {boolean} playing */
  play(playing) {
    if (!this.trainable()) return;
    this.store.update({ playing });
    this.send({ type: TO_WORKER.play, playing });
  }

  step() {
    if (!this.trainable()) return;
    this.store.update({ playing: false });
    this.send({ type: TO_WORKER.step });
  }

  reset() {
    this.store.update({ workerError: null });
    this.send({ type: TO_WORKER.reset });
  }

  /** Makes the worker fail as a Rust panic would (tests the recovery). */
  simulatePanic() {
    this.send({ type: TO_WORKER.crashTest });
  }
}

/**
 * Connects `store` to a new training worker (see Connection).
 * @param {Store} store
 * @param {(msg: any) => void} onReady
 */
export const connect = (store, onReady) => new Connection(store, onReady);
