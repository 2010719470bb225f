// @ts-check
// The page's side of the training worker: a restartable worker. It looks like a Worker
// to the rest of the page (postMessage, addEventListener('message' | 'error'),
// onmessage), but `restart()` replaces the worker underneath: listeners stay attached,
// so after a Rust panic (which leaves the wasm instance unusable) the page carries on
// with a fresh instance. Messages from a worker already replaced are dropped.

export class WorkerHost extends EventTarget {
  /**
   * Starts the worker at `url` (for the page: new WorkerHost('./worker.js', {type: 'module'})).
   * @param {string | URL} url
   * @param {WorkerOptions} [options]
   */
  constructor(url, options) {
    super();
    this.url = url;
    this.options = options;
    /** @type {((event: MessageEvent) => void) | null} called with every message, after the listeners */
    this.onmessage = null;
    /** How many times the worker was replaced. */
    this.restarts = 0;
    /** The worker underneath (replaced by `restart()`). */
    this.worker = this.spawn();
  }

  /**
   * A new worker whose messages and errors are forwarded while it is the current one.
   * @returns {Worker}
   */
  spawn() {
    const worker = new Worker(this.url, this.options);
    worker.addEventListener('message', (event) => {
      if (worker !== this.worker) return; // a message from a worker already replaced
      const forwarded = new MessageEvent('message', { data: event.data });
      this.dispatchEvent(forwarded);
      this.onmessage?.(forwarded);
    });
    worker.addEventListener('error', (event) => {
      if (worker !== this.worker) return;
      const forwarded = new ErrorEvent('error', {
        message: event.message,
        filename: event.filename,
        lineno: event.lineno,
        colno: event.colno,
        error: event.error,
        cancelable: true,
      });
      this.dispatchEvent(forwarded);
      if (forwarded.defaultPrevented) event.preventDefault();
    });
    return worker;
  }

  /**
   * Sends `message` to the current worker, handing over the `transfer` buffers.
   * @param {any} message
   * @param {Transferable[]} [transfer]
   */
  postMessage(message, transfer = []) {
    this.worker.postMessage(message, transfer);
  }

  /** Terminates the current worker and starts a fresh one (it sends `ready` again). */
  restart() {
    this.worker.terminate();
    this.restarts += 1;
    this.worker = this.spawn();
  }

  /** Terminates the current worker for good. */
  terminate() {
    this.worker.terminate();
  }
}
