// @ts-check
// The numbers and words about the run: status line, epoch counter, losses, the
// learning rate alpha_t, the play button's state, and why a configuration was refused.
//
// The numbers that change every frame are <output> elements, named by their captions
// (aria-labelledby in index.html); an <output> is a polite live region by default, so
// they are made quiet (aria-live off) and a screen reader hears one summary instead,
// when training stops or pauses (`#run-summary`).

import { byId, h, setText } from '../lib/dom.js';
import { formatEpoch, formatLoss, thousands } from '../lib/format.js';
import { watch } from '../app/store.js';

/** @typedef {import('../app/state.js').State} State */
/** @typedef {import('../app/store.js').Store<State>} Store */

/**
 * The status line: what the run is doing, as a state name and a sentence.
 * @param {State} s
 * @returns {[string, string]}
 */
export function statusOf(s) {
  if (s.workerError) return ['error', `Error: ${s.workerError}`];
  if (!s.ready || !s.run) return ['loading', 'Loading the model…'];
  if (s.progress.stopMessage) return ['stopped', s.progress.stopMessage];
  if (s.playing) return ['playing', 'Training…'];
  return ['paused', s.progress.epoch === 0 ? 'Ready: press play to train.' : 'Paused.'];
}

/**
 * Whether the run, or in compare mode any of the runs, is training.
 * @param {State} s
 */
export const anyPlaying = (s) => s.playing || (Boolean(s.compare) && s.others.playing);

/** @param {State} s */
function showStatus(s) {
  const [state, text] = statusOf(s);
  const status = byId('status');
  setText(status, text);
  status.dataset.state = state;
  const play = byId('play');
  const playing = anyPlaying(s);
  play.classList.toggle('playing', playing);
  play.setAttribute('aria-pressed', String(playing));
  play.setAttribute('aria-label', playing ? 'Pause' : 'Play');
  const off = !s.ready || !s.run || (Boolean(s.progress.stopMessage) && !s.others.trainable);
  play.toggleAttribute('disabled', off);
  byId('step').toggleAttribute('disabled', off);
}

/** @param {State['progress']} p */
function showProgress(p) {
  const epoch = byId('epoch');
  setText(epoch, formatEpoch(p.epoch));
  epoch.dataset.epoch = String(p.epoch);
  for (const [id, v] of /** @type {Array<[string, number]>} */ ([['train-loss', p.trainLoss], ['test-loss', p.testLoss]])) {
    const el = byId(id);
    setText(el, formatLoss(v));
    el.dataset.loss = String(v);
  }
  const alpha = document.getElementById('alpha-now');
  const a = p.learningRate;
  if (alpha && Number.isFinite(a)) {
    setText(alpha, a !== 0 && (a < 1e-3 || a >= 1e4) ? a.toExponential(3) : String(Number(a.toPrecision(4))));
    alpha.dataset.value = String(a);
  }
}

/** @param {State['problems']} problems */
function showProblems(problems) {
  const box = byId('config-error');
  if (!problems || problems.length === 0) {
    box.hidden = true;
    box.textContent = '';
    return;
  }
  const reasons = problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ');
  box.replaceChildren(h('strong', { text: 'Not applied: ' }), `${reasons.replace(/\.$/, '')}. The previous run keeps going.`);
  box.hidden = false;
}

/** How long the numbers must rest after a pause before the summary is said (ms). */
const SETTLE_MS = 400;

/** The outputs that change while training: read when asked, never announced. */
const QUIET = ['epoch', 'train-loss', 'test-loss', 'train-metric', 'test-metric', 'speed-rate', 'loss-readout', 'compare-readout', 'alpha-now'];

/**
 * What a screen reader hears when training stops or pauses, after the status line (which
 * says that it paused, or why it stopped): the epoch and the losses.
 * @param {State} s
 */
export function runSummary(s) {
  const p = s.progress;
  return `At epoch ${thousands(p.epoch)}: training loss ${formatLoss(p.trainLoss)}, test loss ${formatLoss(p.testLoss)}.`;
}

/**
 * Quiets the fast numbers and adds the summary's live region after `#status`.
 * @param {Store} store
 */
function mountSummary(store) {
  for (const id of QUIET) document.getElementById(id)?.setAttribute('aria-live', 'off');
  const summary = h('p', { id: 'run-summary', class: 'visually-hidden', 'aria-live': 'polite' });
  byId('status').after(summary);
  // A stop is said at once; a pause once the frames have settled (the worker may still
  // send the epochs it trained before it heard the pause).
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let pending;
  const cancel = () => {
    clearTimeout(pending);
    pending = undefined;
  };
  const sayNow = () => {
    cancel();
    const s = store.get();
    if (s.run) setText(summary, runSummary(s));
  };
  store.subscribe((s, before) => {
    if (s.progress.stopMessage && !before.progress.stopMessage) sayNow();
    else if (s.playing || s.run !== before.run) cancel();
    else if (before.playing || (pending !== undefined && s.progress !== before.progress)) {
      clearTimeout(pending);
      pending = setTimeout(sayNow, SETTLE_MS);
    }
  });
}

/**
 * Keeps the readouts showing the store.
 * @param {Store} store
 */
export function mountReadouts(store) {
  store.subscribe((s, before) => {
    if (s.workerError !== before.workerError || s.ready !== before.ready || s.run !== before.run || s.playing !== before.playing || s.progress !== before.progress || s.others !== before.others) {
      showStatus(s);
    }
  });
  showStatus(store.get());
  mountSummary(store);
  watch(store, (s) => s.progress, showProgress);
  watch(store, (s) => s.problems, showProblems);
  watch(store, (s) => s.run, (run) => {
    if (!run) return;
    document.body.dataset.shape = run.shape.join(',');
    document.body.dataset.run = String(run.id);
  });
}
