// www/worker/host.js: the page's restartable worker. Node has no Worker nor ErrorEvent:
// stand-ins record what the host does with them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

class FakeWorker extends EventTarget {
  static made = [];
  constructor(url, options) {
    super();
    this.url = url;
    this.options = options;
    this.sent = [];
    this.terminated = false;
    FakeWorker.made.push(this);
  }
  postMessage(message, transfer) {
    this.sent.push({ message, transfer });
  }
  terminate() {
    this.terminated = true;
  }
  /** The worker posts `data` to the page. */
  emit(data) {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
}

class FakeErrorEvent extends Event {
  constructor(type, init = {}) {
    super(type, init);
    Object.assign(this, { message: init.message, filename: init.filename, lineno: init.lineno, colno: init.colno, error: init.error });
  }
}

const saved = {};
let WorkerHost;
before(async () => {
  for (const name of ['Worker', 'ErrorEvent']) saved[name] = Object.getOwnPropertyDescriptor(globalThis, name);
  globalThis.Worker = FakeWorker;
  globalThis.ErrorEvent = FakeErrorEvent;
  ({ WorkerHost } = await import('../../www/worker/host.js'));
});
after(() => {
  for (const [name, d] of Object.entries(saved)) {
    if (d) Object.defineProperty(globalThis, name, d);
    else delete globalThis[name];
  }
});

test('starts a worker and forwards its messages to listeners and onmessage, in that order', () => {
  const host = new WorkerHost('./worker.js', { type: 'module' });
  const worker = FakeWorker.made.at(-1);
  assert.equal(host.worker, worker);
  assert.deepEqual([worker.url, worker.options], ['./worker.js', { type: 'module' }]);
  const seen = [];
  host.addEventListener('message', (e) => seen.push(['listener', e.data]));
  host.onmessage = (e) => seen.push(['onmessage', e.data]);
  worker.emit({ type: 'ready' });
  assert.deepEqual(seen, [['listener', { type: 'ready' }], ['onmessage', { type: 'ready' }]]);
});

test('postMessage goes to the current worker with its transfer list', () => {
  const host = new WorkerHost('./worker.js');
  const buffer = new ArrayBuffer(4);
  host.postMessage({ type: 'frame' }, [buffer]);
  host.postMessage({ type: 'play' });
  assert.deepEqual(host.worker.sent, [
    { message: { type: 'frame' }, transfer: [buffer] },
    { message: { type: 'play' }, transfer: [] },
  ]);
});

test('restart: a fresh worker underneath, the listeners stay, the old worker is silenced', () => {
  const host = new WorkerHost('./worker.js', { type: 'module' });
  const old = host.worker;
  const seen = [];
  host.addEventListener('message', (e) => seen.push(e.data));
  host.restart();
  assert.equal(old.terminated, true);
  assert.notEqual(host.worker, old);
  assert.equal(host.restarts, 1);
  assert.deepEqual(host.worker.options, { type: 'module' });
  old.emit('late message of the dead worker');
  host.worker.emit('ready again');
  assert.deepEqual(seen, ['ready again']);
  host.postMessage('hello');
  assert.equal(old.sent.length, 0);
  assert.deepEqual(host.worker.sent, [{ message: 'hello', transfer: [] }]);
  host.restart();
  assert.equal(host.restarts, 2);
});

test("errors are forwarded; a listener's preventDefault reaches the worker's event", () => {
  const host = new WorkerHost('./worker.js');
  const worker = host.worker;
  const seen = [];
  host.addEventListener('error', (e) => {
    seen.push([e.message, e.lineno]);
    e.preventDefault();
  });
  const event = new FakeErrorEvent('error', { message: 'boom', lineno: 12, cancelable: true });
  worker.dispatchEvent(event);
  assert.deepEqual(seen, [['boom', 12]]);
  assert.equal(event.defaultPrevented, true);
  host.restart();
  worker.dispatchEvent(new FakeErrorEvent('error', { message: 'from the old one', cancelable: true }));
  assert.equal(seen.length, 1, 'errors of a replaced worker are dropped');
});

test('terminate ends the current worker', () => {
  const host = new WorkerHost('./worker.js');
  host.terminate();
  assert.equal(host.worker.terminated, true);
});
