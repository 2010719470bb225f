// A restartable training worker. It looks like a Worker to the rest of the page
// (postMessage, addEventListener('message' | 'error'), onmessage), but `restart()`
// replaces the worker underneath: listeners stay attached, so after a Rust panic (which
// leaves the wasm instance unusable) the page carries on with a fresh instance.

export class WorkerHost extends EventTarget {
  constructor(url, options) {
    super();
    this.url = url;
    this.options = options;
    this.onmessage = null;
    this.restarts = 0; // how many times the worker was replaced
    this.worker = null;
    this.spawn();
  }

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
    this.worker = worker;
  }

  postMessage(message, transfer = []) {
    this.worker.postMessage(message, transfer);
  }

  /** Terminates the current worker and starts a fresh one (it sends 'ready' again). */
  restart() {
    this.worker.terminate();
    this.restarts += 1;
    this.spawn();
  }

  terminate() {
    this.worker.terminate();
  }
}
