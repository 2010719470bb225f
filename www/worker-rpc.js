// Requests to the worker that expect one answer (worker-io.js): each carries a fresh
// request id and resolves with the reply's value, or rejects with the core's message.
// Requests go through the page's `send`, so `__playground.synced` waits for them too.

let nextId = 0;
const pending = new Map();
const listening = new WeakSet();

/** A `request(type, payload)` function bound to `worker` and the page's `send`. */
export function rpc(worker, send) {
  if (!listening.has(worker)) {
    listening.add(worker);
    worker.addEventListener('message', (event) => {
      const msg = event.data;
      if (msg?.type !== 'reply') return;
      const waiting = pending.get(msg.rid);
      if (!waiting) return;
      pending.delete(msg.rid);
      if (msg.ok) waiting.resolve(msg.value);
      else waiting.reject(new Error(msg.error));
    });
  }
  return (type, payload = {}) =>
    new Promise((resolve, reject) => {
      nextId += 1;
      pending.set(nextId, { resolve, reject });
      send({ ...payload, type, rid: nextId });
    });
}
