// @ts-check
// The training worker's entry: loads the wasm module, says `ready` with the schema and
// the default configuration, then hands each message from the page to its handler.
// The messages: worker/protocol.js. The run and its commands: worker/session.js.
// Requests with one answer: worker/requests.js. Panics and errors: worker/panics.js.

import init, {
  Playground, validate, parseCsv, tableFile, ownTableHash, previewTable, schema, defaultConfig, builtinChallenges, challengeMeasures, checkChallenge, challengeBroken, verifySolution,
} from './pkg/playground_wasm.js';
import { capturePanics, post, report } from './worker/panics.js';
import { createSession } from './worker/session.js';
import { createRequests } from './worker/requests.js';

async function start() {
  try {
    await init();
  } catch (err) {
    report('loading the wasm module', err);
    return;
  }
  /** @type {import('./worker/session.js').Wasm} */
  const wasm = { Playground, validate, parseCsv, tableFile, ownTableHash, previewTable, builtinChallenges, challengeMeasures, checkChallenge, challengeBroken, verifySolution };
  const session = createSession(wasm);
  /** @type {Record<string, (msg: any) => void>} */
  const handlers = { ...session.handlers, request: createRequests(wasm, session) };
  addEventListener('message', (event) => {
    const type = event.data?.type;
    const handler = Object.prototype.hasOwnProperty.call(handlers, type) ? handlers[type] : null;
    if (!handler) return report('worker', `unknown message ${JSON.stringify(type)}`);
    try {
      handler(event.data);
    } catch (err) {
      report(String(type), err);
    }
  });
  post({ type: 'ready', schema: JSON.parse(schema()), defaultConfig: JSON.parse(defaultConfig()) });
}

// Messages sent before the module is ready would be lost: the page waits for `ready`.
capturePanics();
start();
