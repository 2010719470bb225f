// @ts-check
// When to say that training has stalled, and what a neuron's activity reads as. Pure:
// the numbers (losses, shares of samples, the hint's sentence) all come from the core;
// this only compares them.

/** Seconds of training the loss is watched over. */
export const STALL_SECONDS = 2;
/** The training loss has stalled when it improved by at most this share over that time. */
export const STALL_GAIN = 0.01;

/** @typedef {import('../worker/protocol.js').LayerActivity} LayerActivity */
/** @typedef {{seconds?: number, train: number}} LossPoint */

/**
 * Whether the training loss of `history` (the loss chart's points, oldest first, each
 * with the training time `seconds` it was reached at) has improved by at most `gain`
 * (a share of the loss) over its last `seconds` of training. False while the history
 * covers less time than that, and for a loss that is not a finite number (a diverged
 * run is said so elsewhere).
 * @param {ReadonlyArray<LossPoint>} history
 * @param {number} [seconds]
 * @param {number} [gain]
 * @returns {boolean}
 */
export function stalled(history, seconds = STALL_SECONDS, gain = STALL_GAIN) {
  const last = history[history.length - 1];
  if (!last || !Number.isFinite(last.seconds) || !Number.isFinite(last.train)) return false;
  const since = /** @type {number} */ (last.seconds) - seconds;
  let from = -1; // the newest point at least `seconds` before the last
  for (let k = history.length - 2; k >= 0; k--) {
    const t = history[k].seconds;
    if (Number.isFinite(t) && /** @type {number} */ (t) <= since) {
      from = k;
      break;
    }
  }
  if (from < 0) return false;
  const reference = history[from].train;
  if (!Number.isFinite(reference)) return false;
  let best = Infinity;
  for (let k = from + 1; k < history.length; k++) {
    const v = history[k].train;
    if (!Number.isFinite(v)) return false;
    if (v < best) best = v;
  }
  return !(best < reference - gain * Math.abs(reference));
}

/**
 * The status line's sentence: the core's hint while the run plays, has not stopped and
 * its training loss has stalled; null otherwise.
 * @param {{playing: boolean, stallHint: string | null, progress: {stopMessage: string | null, history: ReadonlyArray<LossPoint>}}} s
 * @returns {string | null}
 */
export function stallMessage(s) {
  if (!s.playing || s.progress.stopMessage || !s.stallHint) return null;
  return stalled(s.progress.history) ? `Training has stalled: ${s.stallHint}` : null;
}

/**
 * What neuron `j` of hidden layer `layer` (0 = the first) does over the training
 * samples, for its tooltip: "saturated on 93% of samples", "inactive on 40% of
 * samples", "dead: never active", or '' (nothing measured, or no such neuron).
 * @param {ReadonlyArray<LayerActivity> | null | undefined} activity
 * @param {number} layer
 * @param {number} j
 * @returns {string}
 */
export function neuronNote(activity, layer, j) {
  const l = activity?.[layer];
  const n = l?.neurons[j];
  if (!l || !n) return '';
  // Rounded, but only all samples read 100% and only none 0%.
  const percent = (/** @type {number} */ share) =>
    `${share >= 1 ? 100 : share <= 0 ? 0 : Math.min(99, Math.max(1, Math.round(100 * share)))}%`;
  if (l.measure === 'saturation') return `saturated on ${percent(n.saturated)} of samples`;
  if (l.measure === 'inactivity') return n.dead ? 'dead: never active' : `inactive on ${percent(n.inactive)} of samples`;
  return '';
}

/**
 * Whether any hidden layer's activation has something to measure (sigmoid, tanh, ReLU).
 * @param {ReadonlyArray<LayerActivity> | null | undefined} activity
 * @returns {boolean}
 */
export function measured(activity) {
  return Boolean(activity?.some((l) => l.measure !== 'none'));
}
