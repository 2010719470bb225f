// @ts-check
// Saturated and dead neurons, and why training stalls. The worker sends, with the
// metrics, each hidden layer's activity over the training set and the core's hint (the
// store keeps them: `activity`, `stallHint`); here the diagram is told where to read
// them (its rings), the rings' legend is shown when there is something to measure, and
// the status line `#stall-hint` says why training stalls while the loss does not move.

import { byId, setText } from '../lib/dom.js';
import { watch } from '../app/store.js';
import { stallMessage, measured } from './stall.js';

/** @typedef {import('../app/state.js').State} State */
/** @typedef {import('../app/store.js').Store<State>} Store */
/** @typedef {import('../views/network-view.js').NetworkView} NetworkView */

/**
 * Wires the diagram's rings, their legend `#activity-legend` and the status line
 * `#stall-hint`.
 * @param {{store: Store, networkView: NetworkView}} deps
 * @returns {{snapshot: () => {stallShown: string}}}
 */
export function mountActivity({ store, networkView }) {
  const line = byId('stall-hint');
  const text = byId('stall-hint-text');
  const legend = byId('activity-legend');
  networkView.activity = () => store.get().activity;

  // A frame redraws the diagram with the activity of the same update; activity alone
  // (a frame that brought metrics and no new picture) redraws it here.
  store.subscribe((s, before) => {
    if (s.activity !== before.activity && s.frame === before.frame && s.run === before.run) networkView.draw(s.run, s.frame);
  });
  watch(store, (s) => measured(s.activity), (on) => {
    legend.hidden = !on;
  });
  watch(store, stallMessage, (message) => {
    setText(text, message ?? '');
    line.hidden = !message;
  });
  return { snapshot: () => ({ stallShown: line.hidden ? '' : text.textContent ?? '' }) };
}
