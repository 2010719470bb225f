// @ts-check
// The page's side of the training worker: sends the configuration the store asks for,
// one frame request per animation frame, the commands (play, step, reset, speed), and
// turns every answer into a change of the store (app/progress.js). After a Rust panic
// it replaces the worker and rebuilds the last run that worked.
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

/** @typedef {import('./state.js').State} State */
/** @typedef {import('./store.js').Store<State>} Store */

/**
 * Connects `store` to a new training worker. `onReady(message)` runs once, when the
 * worker first reports ready (the page then reads its link and fills in the state).
 * @param {Store} store
 * @param {(msg: any) => void} onReady
 */
export function connect(store, onReady) {
  const host = new WorkerHost(new URL('../worker.js', import.meta.url), { type: 'module' });
  let seq = 0; // numbers every message sent
  let lastCommand = 0; // the number of the last message that was not a frame request
  let lastFrame = 0; // the number of the frame request last answered
  let configId = 0; // numbers the configurations sent
  let lastSent = null; // the configuration sent last
  let inFlight = false;
  /** @type {any} */
  let arrived = null; // the last answer, applied at the next animation frame
  /** @type {Record<string, ArrayBuffer>} */
  let spare = {}; // buffers of an older frame, to send back

  /**
   * @param {any} message
   * @param {Transferable[]} [transfer]
   */
  function send(message, transfer = []) {
    seq += 1;
    if (message.type !== TO_WORKER.frame) lastCommand = seq;
    host.postMessage({ ...message, seq }, transfer);
  }
  const request = createClient(host, send);

  /** Sends the configuration asked for, unless it is the one sent last or too few points. */
  function sendConfig(/** @type {State} */ s, runFrom = 0) {
    if (!s.ready || !s.config || s.config === lastSent || pendingPoints(s)) return;
    lastSent = s.config;
    configId += 1;
    send({ type: TO_WORKER.config, id: configId, config: s.config, runFrom });
  }

  /** Applies the answer that arrived, keeping the buffers of the frame it replaces. */
  function applyFrame(/** @type {any} */ f) {
    lastFrame = f.seq;
    const before = store.get().frame;
    store.update((s) => frameArrived(s, f, f.seq > lastCommand));
    const now = store.get().frame;
    if (now !== before && before) {
      spare = {};
      for (const key of ['grid', 'neurons', 'classes']) {
        const a = /** @type {any} */ (before)[key];
        if (a && a.buffer.byteLength > 0 && a !== /** @type {any} */ (now)[key]) spare[key] = a.buffer;
      }
    }
  }

  function tick() {
    requestAnimationFrame(tick);
    const f = arrived;
    arrived = null;
    if (store.get().ready && !inFlight) {
      inFlight = true;
      const buffers = spare;
      spare = {};
      send({ type: TO_WORKER.frame, buffers }, Object.values(buffers));
    }
    if (f) applyFrame(f);
  }

  /** A Rust panic killed the wasm instance: a fresh worker, the last run that worked. */
  function recover(/** @type {any} */ msg) {
    console.warn('the model crashed', msg.where, msg.message);
    inFlight = true; // no frame requests until the fresh worker is ready
    arrived = null;
    spare = {};
    store.update((s) => ({
      playing: false,
      restarts: s.restarts + 1,
      workerError: `the model crashed (${msg.message}); it was restarted with the last working configuration.`,
    }));
    host.restart();
  }

  function restarted() {
    inFlight = false;
    const s = store.get();
    send({ type: TO_WORKER.speed, epochsPerFrame: s.view.speed });
    lastSent = null;
    const config = s.run?.config ?? s.config;
    lastSent = config;
    configId += 1;
    send({ type: TO_WORKER.config, id: configId, config, runFrom: s.run?.id ?? 0 });
  }

  const handlers = {
    [FROM_WORKER.ready]: (/** @type {any} */ msg) => (store.get().ready ? restarted() : onReady(msg)),
    [FROM_WORKER.panic]: recover,
    [FROM_WORKER.run]: (/** @type {any} */ msg) => {
      if (msg.loaded) lastSent = msg.config;
      store.update((s) => runBuilt(s, msg, msg.configId === configId));
    },
    [FROM_WORKER.rejected]: (/** @type {any} */ msg) => {
      if (msg.configId === configId) store.update({ problems: msg.problems });
    },
    [FROM_WORKER.frame]: (/** @type {any} */ msg) => {
      inFlight = false;
      arrived = msg;
    },
    [FROM_WORKER.error]: (/** @type {any} */ msg) => {
      console.warn('worker error', msg.where, msg.message);
      store.update({ workerError: `${msg.where}: ${msg.message}` });
    },
  };
  host.addEventListener('message', (event) => handlers[/** @type {MessageEvent} */ (event).data?.type]?.(/** @type {MessageEvent} */ (event).data));
  host.addEventListener('error', (event) => {
    event.preventDefault();
    const message = /** @type {ErrorEvent} */ (event).message;
    inFlight = false;
    store.update({
      workerError: message || 'the training worker failed to start: is the wasm module built (www/pkg)? Run scripts/start.sh.',
    });
  });

  watch(store, (s) => s.config, (_, s) => {
    if (s.ready && s.config !== lastSent) store.update({ workerError: null });
    sendConfig(s);
  });
  // Messages sent before the worker is ready would be lost: nothing goes out before.
  watch(store, (s) => s.ready, (ready, s) => {
    if (!ready) return;
    send({ type: TO_WORKER.speed, epochsPerFrame: s.view.speed });
    sendConfig(s);
    requestAnimationFrame(tick);
  });
  watch(store, (s) => s.view.speed, (speed, s) => {
    if (s.ready) send({ type: TO_WORKER.speed, epochsPerFrame: speed });
  });

  return {
    request,
    /** True once a frame answered after the last command: the page shows the worker's state. */
    synced: () => lastFrame > lastCommand,
    /** @param {boolean} playing */
    play(playing) {
      const s = store.get();
      if (!s.run || s.progress.stopMessage) return;
      store.update({ playing });
      send({ type: TO_WORKER.play, playing });
    },
    step() {
      const s = store.get();
      if (!s.run || s.progress.stopMessage) return;
      store.update({ playing: false });
      send({ type: TO_WORKER.step });
    },
    reset() {
      store.update({ workerError: null });
      send({ type: TO_WORKER.reset });
    },
    simulatePanic: () => send({ type: TO_WORKER.crashTest }),
  };
}
