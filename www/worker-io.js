// The worker's side of data, model and weight requests: each request carries a
// request id `rid` and is answered by {type:'reply', rid, ok, value | error}, the error
// being the core's own message. Nothing is computed here; every call goes to wasm.
//
// Page -> worker                                   Worker -> page
//   {type:'validate', rid, configs}                  reply: [{config} (the core's, filled in) | {error}, ...]
//   {type:'features', rid}                           reply: [{id, label}, ...]
//   {type:'samples', rid}                            reply: {samples, classes}
//   {type:'datasetCsv', rid}                         reply: CSV text
//   {type:'parseCsv', rid, text}                     reply: {samples, regression, classes}
//   {type:'exportModel', rid}                        reply: model JSON text
//   {type:'loadModel', rid, text}                    {type:'config', ..., loaded:true}, then reply: {config}
//   {type:'setWeight', rid, layer, from, to, value}  reply: null (the next frame shows it)

import { Playground, parseCsv, features } from './pkg/playground_wasm.js';

function message(err) {
  if (err instanceof Error) return err.message || String(err);
  return String(err);
}

/**
 * Handlers for the requests above. `current()` is the run, `adopt(playground)` makes a
 * new one current (returning its description for the page), `touch()` marks the run
 * changed so the next frame carries it.
 */
export function ioHandlers({ current, adopt, touch }) {
  const answer = (rid, compute) => {
    let value;
    try {
      value = compute();
    } catch (err) {
      postMessage({ type: 'reply', rid, ok: false, error: message(err) });
      return;
    }
    postMessage({ type: 'reply', rid, ok: true, value });
  };
  const run = () => {
    const p = current();
    if (!p) throw new Error('there is no run yet');
    return p;
  };
  return {
    validate({ rid, configs }) {
      answer(rid, () =>
        configs.map((config) => {
          try {
            const p = new Playground(JSON.stringify(config));
            const filled = JSON.parse(p.configJson());
            p.free();
            return { config: filled };
          } catch (err) {
            return { error: message(err) };
          }
        }),
      );
    },
    features({ rid }) {
      answer(rid, () => JSON.parse(features()));
    },
    samples({ rid }) {
      answer(rid, () => {
        const p = run();
        return { samples: JSON.parse(p.samplesJson()), classes: p.classes() };
      });
    },
    datasetCsv({ rid }) {
      answer(rid, () => run().datasetCsv());
    },
    parseCsv({ rid, text }) {
      answer(rid, () => JSON.parse(parseCsv(String(text))));
    },
    exportModel({ rid }) {
      answer(rid, () => run().exportModel());
    },
    loadModel({ rid, text }) {
      answer(rid, () => {
        const next = Playground.fromModel(String(text)); // throws; the current run stays
        const info = adopt(next);
        postMessage({ type: 'config', id: null, ok: true, reset: true, loaded: true, ...info }, [
          info.train.buffer,
          info.test.buffer,
        ]);
        return { config: info.config };
      });
    },
    setWeight({ rid, layer, from, to, value }) {
      answer(rid, () => {
        run().setWeight(layer, from, to, value);
        touch();
        return null;
      });
    },
  };
}
