// www/compare/controller.js lockstepLimit: in lockstep the slowest running run goes as
// fast as it can and no other trains more than two frames' worth of epochs ahead of it;
// no cap in a race or alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockstepLimit } from '../../www/compare/controller.js';

/** A stand-in store of a run at `epoch` (stopped when `stop` is given). */
const run = (epoch, stop = null) => ({ get: () => ({ run: { id: 1 }, progress: { epoch, stopMessage: stop } }) });
const main = (speed, compare = { race: false }) => ({ compare, view: { speed } });

test('a run ahead is capped at the slowest running run plus two frames of epochs', () => {
  const [fast, slow, middle] = [run(40), run(25), run(31)];
  const stores = [fast, slow, middle];
  assert.equal(lockstepLimit(main(10), stores, fast), 45);
  assert.equal(lockstepLimit(main(10), stores, middle), 45);
  assert.equal(lockstepLimit(main(0.25), stores, fast), 27, 'slow motion: a step or two');
  assert.equal(lockstepLimit(main(Infinity), stores, fast), 75, 'max: a bounded lead');
});

test('at "max" the lead is two frames of what the slowest trains per frame, at least 50', () => {
  const [fast, slow, middle] = [run(900), run(500), run(700)];
  const stores = [fast, slow, middle];
  const perFrame = (/** @type {any} */ st) => (st === slow ? 150 : 400);
  assert.equal(lockstepLimit(main(Infinity), stores, fast, undefined, perFrame), 800, 'the slowest\'s pace, not the others\'');
  assert.equal(lockstepLimit(main(Infinity), stores, fast, undefined, () => 10), 550, 'a slow network: 50');
  assert.equal(lockstepLimit(main(10), stores, fast, undefined, perFrame), 520, 'a set speed: two frames of it');
});

test('the slowest run is never held back, not even by its own stale epoch', () => {
  const [fast, slow] = [run(40), run(25)];
  assert.equal(lockstepLimit(main(10), [fast, slow], slow), null);
  assert.equal(lockstepLimit(main(10), [fast, slow], slow, 33), null);
  assert.equal(lockstepLimit(main(10), [fast, slow], fast, 60), 45, 'a fresh report of the run ahead');
});

test('no cap outside a comparison, in a race, or with one run left going', () => {
  const [a, b] = [run(40), run(25)];
  assert.equal(lockstepLimit(main(10, null), [a, b], a), null);
  assert.equal(lockstepLimit(main(10, { race: true }), [a, b], a), null);
  assert.equal(lockstepLimit(main(10), [a, run(25, 'diverged')], a), null, 'a stopped run holds nobody back');
});
