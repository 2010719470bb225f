// @ts-check
// The worker's answers to requests (worker/protocol.js REQUESTS): the page sends
// `{type:'request', rid, method, args}` and gets `{type:'reply', rid, ok, value | error}`,
// the error being the core's own message. Nothing is computed here; every call goes to
// wasm. A Rust panic inside a request is answered (ok: false, so the page's promise does
// not wait forever) and then reported as `panic`: the page restarts the worker.

import { FROM_WORKER } from './protocol.js';
import { post, errorText, isPanic, panicText, reportPanic } from './panics.js';
import { tableSource } from './session.js';

/** @typedef {import('./session.js').Wasm} Wasm */
/** @typedef {import('./session.js').Session} Session */
/** @typedef {import('./session.js').Playground} Playground */

/**
 * One configuration checked by the core: filled in, or every problem with its field.
 * @param {Wasm} wasm
 * @param {unknown} config
 * @returns {{config: any} | {problems: import('./protocol.js').Problem[]}}
 */
export function checkConfig(wasm, config) {
  const verdict = JSON.parse(wasm.validate(JSON.stringify(config) ?? 'null'));
  return verdict.problems.length > 0 ? { problems: verdict.problems } : { config: verdict.config };
}

/**
 * The methods of REQUESTS: each takes the request's `args` and returns the reply's value
 * (or throws with the message the page shows).
 * @param {Wasm} wasm
 * @param {Session} session
 * @returns {Record<string, (args: any) => any>}
 */
export function requestMethods(wasm, session) {
  /** @returns {Playground} */
  const run = () => {
    const p = session.current();
    if (!p) throw new Error('there is no run yet');
    return p;
  };
  /**
   * Makes a loaded model the run; its config, epoch and notice are the reply.
   * @param {Playground} next
   * @param {unknown} restored
   * @param {unknown} runFrom
   */
  const adoptModel = (next, restored, runFrom) => {
    const notice = next.loadNotice() ?? null;
    const info = session.adopt(next, { restored: Boolean(restored), runFrom: Number(runFrom) || 0 });
    return { config: info.config, epoch: info.epoch, notice }; // adopt posts the `run` message first
  };
  return {
    validate: ({ configs }) => Array.from(configs, (config) => checkConfig(wasm, config)),
    datasetCsv: () => run().datasetCsv(),
    parseCsv: ({ text }) => JSON.parse(wasm.parseCsv(String(text))),
    exportModel: () => run().exportModel(),
    loadModel({ text, restored, runFrom }) {
      // A model of a table read from a file (or your own) needs that file's text first.
      const source = tableSource(wasm, String(text));
      if (source !== undefined) {
        return source.then((table) => adoptModel(wasm.Playground.fromModelWithTableText(String(text), table), restored, runFrom));
      }
      return adoptModel(wasm.Playground.fromModel(String(text)), restored, runFrom); // throws; the current run stays
    },
    previewTable: ({ text }) => JSON.parse(wasm.previewTable(String(text))),
    checkTable({ config, text }) {
      // Builds the run on the table's text and drops it: throws with the core's message.
      const checked = checkConfig(wasm, config);
      if ('problems' in checked) throw new Error(checked.problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; '));
      wasm.Playground.withTableText(JSON.stringify(config), String(text)).free();
      return null;
    },
    tableCsv: () => run().tableCsv() ?? null,
    encodedCsv: () => run().encodedCsv() ?? null,
    tableInfo: () => JSON.parse(run().tableInfoJson()),
    rowPlace: ({ row, errorsOnly }) => JSON.parse(run().rowPlaceJson(Number(row) || 0, Boolean(errorsOnly))),
    tableRows: ({ test, start, count, errorsOnly }) => JSON.parse(run().tableRowsJson(Boolean(test), Number(start) || 0, Number(count) || 0, Boolean(errorsOnly))),
    tableResults: () => JSON.parse(run().resultsJson() ?? 'null'),
    tableLeastSquares: () => JSON.parse(run().leastSquaresJson()),
    predictImage: ({ pixels }) => JSON.parse(run().predictImageJson(Float64Array.from(pixels ?? []))),
    setWeight({ layer, from, to, value }) {
      run().setWeight(layer, from, to, value);
      session.touch();
      return null;
    },
    hiddenSpace: ({ layer, i, j }) => JSON.parse(run().hiddenSpaceJson(layer, i, j)),
    inputSpace: ({ i, j }) => JSON.parse(run().inputSpaceJson(i, j)),
    rowPass: ({ row }) => JSON.parse(run().rowPassJson(Number(row) || 0)),
    drawingPass: ({ pixels }) => JSON.parse(run().drawingPassJson(Float64Array.from(pixels ?? []))),
    slice: ({ x, y, row, side }) => JSON.parse(run().sliceJson(String(x), String(y), Number(row) || 0, Number(side) || 0)),
    predictRow: ({ cells }) => Array.from(run().predictRow(JSON.stringify(cells ?? {}))),
    leastSquares() {
      const p = run();
      const losses = () => ({ epoch: p.epoch, train: p.trainLoss(), test: p.testLoss() });
      const before = losses();
      p.solveLeastSquares(); // throws: not linear, or X^T X singular
      session.touch();
      return { before, after: losses() };
    },
    builtinChallenges: () => ({ list: JSON.parse(wasm.builtinChallenges()), measures: JSON.parse(wasm.challengeMeasures()) }),
    checkChallenge: ({ challenge }) => JSON.parse(wasm.checkChallenge(String(challenge))),
    challengeBroken: ({ challenge, config }) => JSON.parse(wasm.challengeBroken(String(challenge), JSON.stringify(config))),
    verifySolution: ({ challenge, config, epoch }) => JSON.parse(wasm.verifySolution(String(challenge), JSON.stringify(config), Number(epoch))),
    recordStep() {
      const p = run();
      const record = JSON.parse(p.recordStep()); // takes the step
      session.touch();
      return record;
    },
  };
}

/**
 * The handler of `request` messages.
 * @param {Wasm} wasm
 * @param {Session} session
 * @returns {(msg: {rid: number, method: string, args?: any}) => void}
 */
export function createRequests(wasm, session) {
  const methods = requestMethods(wasm, session);
  return ({ rid, method, args }) => {
    /** @param {unknown} err */
    const fail = (err) => {
      const panic = isPanic(err);
      post({ type: FROM_WORKER.reply, rid, ok: false, error: panic ? panicText(err) : errorText(err) });
      if (panic) reportPanic(`request ${method}`, err);
    };
    /** @param {any} value */
    const answer = (value) => post({ type: FROM_WORKER.reply, rid, ok: true, value });
    let value;
    try {
      if (!Object.prototype.hasOwnProperty.call(methods, method)) {
        throw new Error(`unknown request ${JSON.stringify(method)}`);
      }
      value = methods[method](args ?? {});
    } catch (err) {
      fail(err);
      return;
    }
    // A request that fetches first (a model of a file table) answers later.
    if (value instanceof Promise) value.then(answer, fail);
    else answer(value);
  };
}
