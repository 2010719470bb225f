// www/inside/stall.js: when the page says training has stalled, and a neuron's note.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stalled, stallMessage, neuronNote, measured, STALL_SECONDS, STALL_GAIN } from '../../www/inside/stall.js';

/** A history of one point every 0.1 s of training, the loss given by `loss(t)`. */
const history = (seconds, loss) =>
  Array.from({ length: Math.round(seconds * 10) + 1 }, (_, k) => ({ epoch: 10 * k, seconds: k / 10, train: loss(k / 10), test: NaN }));

test('a flat loss over the last 2 s has stalled; a falling one has not', () => {
  assert.equal(STALL_SECONDS, 2);
  assert.equal(STALL_GAIN, 0.01);
  assert.equal(stalled(history(5, () => 1.016)), true, 'the dead-ReLU spiral: 1.016 for good');
  assert.equal(stalled(history(5, (t) => 1 / (1 + t))), false);
  // Fell a lot earlier, flat for the last 2 s.
  assert.equal(stalled(history(6, (t) => (t < 3 ? 1 - 0.3 * t : 0.1))), true);
});

test('the threshold: more than 1% better over the window is progress', () => {
  // Reference 1.0 at t = 3 (the newest point 2 s before the last, t = 5).
  const h = history(5, () => 1);
  h[h.length - 1] = { ...h[h.length - 1], train: 0.995 };
  assert.equal(stalled(h), true, '0.5% is not enough');
  h[h.length - 1] = { ...h[h.length - 1], train: 0.985 };
  assert.equal(stalled(h), false, '1.5% is');
  h[h.length - 1] = { ...h[h.length - 1], train: 1 };
  h[h.length - 5] = { ...h[h.length - 5], train: 0.98 };
  assert.equal(stalled(h), false, 'the best point in the window counts, not only the last');
  assert.equal(stalled(history(5, () => 1), 2, 0), true, 'gain 0: any improvement is progress, none is a stall');
});

test('too short a history, missing times and non-finite losses are never a stall', () => {
  assert.equal(stalled([]), false);
  assert.equal(stalled(history(1.9, () => 1)), false, 'less than 2 s of training');
  assert.equal(stalled(history(2, () => 1)), true, 'exactly 2 s');
  assert.equal(stalled([{ train: 1 }, { train: 1 }]), false, 'no training time');
  assert.equal(stalled(history(5, () => NaN)), false);
  const h = history(5, () => 1);
  h[h.length - 3] = { ...h[h.length - 3], train: Infinity };
  assert.equal(stalled(h), false, 'a diverged point in the window');
  // Points thinned unevenly: the reference is the newest point at least 2 s back.
  const sparse = [0, 0.5, 2.9, 3.2, 5].map((t) => ({ seconds: t, train: t < 3 ? 1 : 0.5 }));
  assert.equal(stalled(sparse), false, 'reference at 2.9 s (loss 1), then 0.5');
});

test('the message: only while playing, not stopped, stalled, and with a hint from the core', () => {
  const flat = history(5, () => 1.016);
  const s = { playing: true, stallHint: '7 of 8 neurons of layer 1 are dead (ReLU never active): try a smaller learning rate', progress: { stopMessage: null, history: flat } };
  assert.equal(stallMessage(s), 'Training has stalled: 7 of 8 neurons of layer 1 are dead (ReLU never active): try a smaller learning rate');
  assert.equal(stallMessage({ ...s, playing: false }), null, 'paused');
  assert.equal(stallMessage({ ...s, progress: { ...s.progress, stopMessage: 'max epochs' } }), null, 'stopped');
  assert.equal(stallMessage({ ...s, stallHint: null }), null, 'the core sees no reason');
  assert.equal(stallMessage({ ...s, progress: { ...s.progress, history: history(5, (t) => 1 / (1 + t)) } }), null, 'still learning');
});

test('a neuron\'s note: saturated or inactive share, dead, or nothing', () => {
  const activity = [
    { layer: 0, activation: 'tanh', measure: 'saturation', neurons: [{ saturated: 0.934, inactive: 0, dead: false }, { saturated: 0, inactive: 0, dead: false }] },
    { layer: 1, activation: 'relu', measure: 'inactivity', neurons: [{ saturated: 0, inactive: 1, dead: true }, { saturated: 0, inactive: 0.4, dead: false }, { saturated: 0, inactive: 0.999, dead: false }, { saturated: 0, inactive: 0.001, dead: false }] },
    { layer: 2, activation: 'leaky_relu', measure: 'none', neurons: [{ saturated: 0, inactive: 0, dead: false }] },
  ];
  assert.equal(neuronNote(activity, 0, 0), 'saturated on 93% of samples');
  assert.equal(neuronNote(activity, 0, 1), 'saturated on 0% of samples');
  assert.equal(neuronNote(activity, 1, 0), 'dead: never active');
  assert.equal(neuronNote(activity, 1, 1), 'inactive on 40% of samples');
  assert.equal(neuronNote(activity, 1, 2), 'inactive on 99% of samples', 'only all samples read 100%');
  assert.equal(neuronNote(activity, 1, 3), 'inactive on 1% of samples', 'only none reads 0%');
  assert.equal(neuronNote(activity, 2, 0), '', 'nothing measured');
  assert.equal(neuronNote(activity, 3, 0), '', 'the output layer');
  assert.equal(neuronNote(activity, 0, 5), '');
  assert.equal(neuronNote(null, 0, 0), '');
  assert.equal(measured(activity), true);
  assert.equal(measured([activity[2]]), false);
  assert.equal(measured(null), false);
});
