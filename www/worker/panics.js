// @ts-check
// How the worker tells the page that something failed: a Rust panic (the wasm instance
// is dead, the page restarts the worker) or an ordinary error. Also the worker's one
// way to post to the page, so the other modules need no worker globals of their own.

import { FROM_WORKER } from './protocol.js';

/** @type {string | null} what `console_error_panic_hook` printed last ("panicked at ...") */
let lastPanic = null;

/**
 * Posts `message` to the page, handing over the `transfer` buffers.
 * @param {object} message
 * @param {Transferable[]} [transfer]
 */
export function post(message, transfer = []) {
  /** @type {any} */ (globalThis).postMessage(message, transfer);
}

/**
 * The readable text of anything thrown.
 * @param {unknown} err
 * @returns {string}
 */
export function errorText(err) {
  if (err instanceof Error) return err.message || String(err);
  return String(err);
}

/**
 * Remembers what `console_error_panic_hook` prints ("panicked at ..."), so the page
 * can be told which Rust panic the trap that follows came from. Call once, first.
 */
export function capturePanics() {
  const original = console.error.bind(console);
  console.error = (...args) => {
    const text = args.map(String).join(' ');
    if (/panicked at/.test(text)) lastPanic = text.split('\n\nStack:')[0].trim();
    original(...args);
  };
}

/**
 * Whether `err` is a WebAssembly trap (a Rust panic aborts with `unreachable`).
 * @param {unknown} err
 * @returns {boolean}
 */
export function isPanic(err) {
  return (
    (typeof WebAssembly !== 'undefined' && err instanceof WebAssembly.RuntimeError) ||
    (err instanceof Error && /unreachable/i.test(err.message) && /RuntimeError/.test(err.name))
  );
}

/**
 * What to tell the user about a panic: the Rust message if one was printed.
 * @param {unknown} err
 * @returns {string}
 */
export function panicText(err) {
  return lastPanic ?? errorText(err);
}

/**
 * Tells the page that the wasm instance is dead: `{type:'panic', where, message}`; the
 * page restarts the worker.
 * @param {string} where  what the worker was doing
 * @param {unknown} err
 */
export function reportPanic(where, err) {
  post({ type: FROM_WORKER.panic, where, message: panicText(err) });
}

/**
 * Reports a failure: a panic as `panic`, anything else as `{type:'error', where, message}`.
 * @param {string} where  what the worker was doing
 * @param {unknown} err
 */
export function report(where, err) {
  if (isPanic(err)) reportPanic(where, err);
  else post({ type: FROM_WORKER.error, where, message: errorText(err) });
}
