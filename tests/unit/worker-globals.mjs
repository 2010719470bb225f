// Stand-ins for a worker's globals in Node, each put back after the tests:
// - `closeChannelsAfterTests()`: backgroundLoop (www/worker/pace.js) uses a
//   MessageChannel, whose open ports would keep Node running; the channels made from
//   now on are recorded and closed.
// - `recordPostMessages(record, cleanup)`: globalThis.postMessage (what the worker posts
//   to the page) calls `record(message, transfer)`; `cleanup` registers the restore
//   (node:test's `after` by default, or a test context's `t.after`).
import { after } from 'node:test';

export function closeChannelsAfterTests() {
  const channels = [];
  const RealMessageChannel = globalThis.MessageChannel;
  globalThis.MessageChannel = class extends RealMessageChannel {
    constructor() {
      super();
      channels.push(this);
    }
  };
  after(() => {
    for (const c of channels) {
      c.port1.close();
      c.port2.close();
    }
    globalThis.MessageChannel = RealMessageChannel;
  });
}

export function recordPostMessages(record, cleanup = after) {
  const had = Object.getOwnPropertyDescriptor(globalThis, 'postMessage');
  globalThis.postMessage = record;
  cleanup(() => {
    if (had) Object.defineProperty(globalThis, 'postMessage', had);
    else delete globalThis.postMessage;
  });
}
