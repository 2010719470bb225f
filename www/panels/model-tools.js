// @ts-check
// Model files: "Download model" saves the core's `exportModel` text (the configuration
// and every weight) unchanged as model.json; "Load model" sends a file to the worker
// (`loadModel`). The core checks the file: a malformed or mismatched one is refused with
// its message and the current run stays. A loaded model becomes the run, paused: the
// connection applies its `run` message to the store, so the controls follow.

import { byId, download, say, shown } from '../lib/dom.js';
import { thousands } from '../lib/format.js';

/** @typedef {import('../app/state.js').State} State */
/** @typedef {import('../app/store.js').Store<State>} Store */
/** @typedef {{request: (method: string, args?: any) => Promise<any>}} Requests */

/**
 * The message after a model loaded: the epoch it goes on from, and the core's notice
 * about an older file (its optimizer's memory starts at zero).
 * @param {string} name  the file's name
 * @param {{epoch?: number, notice?: string | null}} loaded  the worker's answer
 */
export function loadedMessage(name, { epoch, notice }) {
  const when = Number.isSafeInteger(epoch) ? ` at epoch ${thousands(Number(epoch))}` : '';
  return `Loaded ${name}${when}. ${notice ? `${notice} ` : ''}Press play to train on.`;
}

/**
 * Wires the model buttons `#download-model`, `#load-model` (with `#model-file`) and the
 * message `#model-message`.
 * @param {{store: Store, connection: Requests}} deps
 * @returns {{snapshot: () => {modelLoads: number, modelMessage: string}}}
 */
export function mountModelTools({ connection }) {
  const message = byId('model-message');
  const fileInput = /** @type {HTMLInputElement} */ (byId('model-file'));
  let loads = 0;

  byId('download-model').addEventListener('click', async () => {
    try {
      download('model.json', await connection.request('exportModel'), 'application/json');
      say(message, '');
    } catch (err) {
      say(message, `Could not export the model: ${err.message}`, 'error');
    }
  });

  byId('load-model').addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (!file) return;
    try {
      const text = await file.text();
      // The worker posts the `run` message (the store takes its configuration) first.
      const loaded = await connection.request('loadModel', { text });
      loads += 1;
      say(message, loadedMessage(file.name, loaded));
    } catch (err) {
      say(message, `Could not load ${file.name}: ${err.message} Nothing changed.`, 'error');
    }
  });

  return {
    snapshot: () => ({ modelLoads: loads, modelMessage: shown(message) }),
  };
}
