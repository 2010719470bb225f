// backgroundLoop (www/worker/pace.js) uses a MessageChannel, whose open ports would keep
// Node running after the tests: `closeChannelsAfterTests()` records the channels made
// from now on and closes them, and puts the real MessageChannel back, after the tests.
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
