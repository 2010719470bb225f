// @ts-check
// The page's requests to the worker that expect one answer (worker/protocol.js
// REQUESTS): each carries a fresh request id and resolves with the reply's value, or
// rejects with the core's message. Requests go through the page's `send`, so whatever
// the page does with its messages (waiting for them in tests, say) covers them too.
// A `panic` from the worker (it is being restarted) rejects every request still waiting.

import { TO_WORKER, FROM_WORKER } from './protocol.js';

/** Request ids are unique across clients, so two clients on one worker never mix up replies. */
let nextId = 0;

/**
 * @typedef {(method: string, args?: object) => Promise<any>} Request
 *   sends `{type:'request', rid, method, args}`; resolves with the reply's value
 */

/**
 * A `request(method, args)` function bound to `host` (a WorkerHost, or anything that
 * dispatches the worker's messages) and the page's `send`.
 * @param {EventTarget} host
 * @param {(message: {type: 'request', rid: number, method: string, args: object}) => void} send
 * @returns {Request}
 */
export function createClient(host, send) {
  /** @type {Map<number, {resolve: (value: any) => void, reject: (error: Error) => void}>} */
  const pending = new Map();
  host.addEventListener('message', (event) => {
    const msg = /** @type {MessageEvent} */ (event).data;
    if (msg?.type === FROM_WORKER.panic) {
      const waiting = [...pending.values()];
      pending.clear();
      for (const w of waiting) w.reject(new Error(`the worker crashed: ${msg.message}`));
      return;
    }
    if (msg?.type !== FROM_WORKER.reply) return;
    const waiting = pending.get(msg.rid);
    if (!waiting) return;
    pending.delete(msg.rid);
    if (msg.ok) waiting.resolve(msg.value);
    else waiting.reject(new Error(msg.error));
  });
  return (method, args = {}) =>
    new Promise((resolve, reject) => {
      nextId += 1;
      pending.set(nextId, { resolve, reject });
      send({ type: TO_WORKER.request, rid: nextId, method, args });
    });
}
