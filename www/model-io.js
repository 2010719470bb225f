// Model files: "Download model" saves the core's `exportModel()` (the configuration and
// every weight) as model.json; "Load model" hands a file to `Playground.fromModel` in the
// worker. The core checks the file; a malformed or mismatched one is refused with its
// message and the current run stays. A loaded model becomes the run, paused, and the
// controls show its configuration.

import { rpc } from './worker-rpc.js';

const $ = (id) => document.getElementById(id);

/** Saves `text` as a file called `name` through the browser's download. */
export function download(name, text, type = 'text/plain') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** The epoch a model file was saved at, if it says. */
function savedEpoch(text) {
  try {
    const epoch = JSON.parse(text)?.epoch;
    return Number.isSafeInteger(epoch) ? epoch : null;
  } catch {
    return null;
  }
}

export function installModelTools({ worker, send, controls }) {
  const request = rpc(worker, send);
  const message = $('model-message');
  let loads = 0;

  function say(text, kind = 'info') {
    message.textContent = text;
    message.dataset.kind = kind;
    message.hidden = !text;
  }

  $('download-model').addEventListener('click', async () => {
    try {
      download('model.json', await request('exportModel'), 'application/json');
      say('');
    } catch (err) {
      say(`Could not export the model: ${err.message}`, 'error');
    }
  });

  $('load-model').addEventListener('click', () => $('model-file').click());
  $('model-file').addEventListener('change', async (event) => {
    const input = event.target;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const text = await file.text();
    try {
      const { config } = await request('loadModel', { text });
      controls.load(config); // the controls follow; the run already has the weights
      loads += 1;
      const epoch = savedEpoch(text);
      const when = epoch === null ? '' : ` (saved after ${epoch.toLocaleString('en-US')} epochs; the counter starts again at 0)`;
      say(`Loaded ${file.name}${when}. Press play to train on from its weights.`);
    } catch (err) {
      say(`Could not load ${file.name}: ${err.message} Nothing changed.`, 'error');
    }
  });

  return {
    snapshot: () => ({ modelLoads: loads, modelMessage: message.hidden ? '' : message.textContent }),
  };
}
