// www/worker/pace.js: how much the worker trains between frames, how fine the output
// grid is while training, and the background loop. No worker globals: runs in Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeChannelsAfterTests } from './worker-globals.mjs';
import { Pacer, backgroundLoop, trainShare, GRID_SIDES, SLICE_MS } from '../../www/worker/pace.js';

/**
 * A stand-in for the wasm Playground: train(n) trains all n (or up to `limit`), each
 * taking `msEach` on its own clock `now()` (hand it to the Pacer: the figures then do
 * not depend on how busy the machine is).
 */
function fakePlayground({ limit = Infinity, msEach = 0 } = {}) {
  const calls = [];
  let trained = 0;
  let time = 0;
  return {
    calls,
    get trained() {
      return trained;
    },
    now: () => time,
    train(n) {
      calls.push(n);
      const ran = Math.max(0, Math.min(n, limit - trained));
      time += ran * msEach;
      trained += ran;
      return ran;
    },
  };
}

test('gridSide: the finest grid when paused or before any measurement', () => {
  const p = new Pacer();
  assert.equal(p.gridSide(false), GRID_SIDES[0]);
  assert.equal(p.gridSide(true), GRID_SIDES[0]);
  p.gridTime(100, 50); // very slow cells
  assert.equal(p.gridSide(false), GRID_SIDES[0], 'paused frames always get the finest grid');
});

test('gridSide: while playing, the finest side whose grid fits the time per frame', () => {
  const fast = new Pacer();
  fast.gridTime(100, 1); // 1e-4 ms per cell: 100² cells take 1 ms
  assert.equal(fast.gridSide(true), 100);
  const medium = new Pacer();
  medium.gridTime(100, 5); // 5e-4 ms per cell: 100² 5 ms, 80² 3.2 ms, 64² 2.05 ms
  assert.equal(medium.gridSide(true), 64);
  const slow = new Pacer();
  slow.gridTime(100, 100);
  assert.equal(slow.gridSide(true), GRID_SIDES.at(-1), 'never coarser than the coarsest side');
});

test('gridTime: later measurements move the estimate gradually', () => {
  const p = new Pacer();
  p.gridTime(100, 1);
  assert.equal(p.gridSide(true), 100);
  p.gridTime(50, 25); // one slow frame (1e-2 ms per cell) does not replace the estimate
  assert.ok(p.cellMs > 1e-4 && p.cellMs < 1e-2, String(p.cellMs));
  for (let k = 0; k < 40; k++) p.gridTime(50, 25);
  assert.equal(p.gridSide(true), GRID_SIDES.at(-1), 'a lasting slowdown does');
});

test('request: each frame request allows perFrame more epochs, without piling up', () => {
  const p = new Pacer();
  assert.equal(p.due(), false, 'nothing owed at first');
  p.request(10, 1);
  assert.equal(p.quota, 10);
  assert.equal(p.due(), true);
  p.request(10, 1); // nothing trained since the last request
  assert.equal(p.quota, 10, 'owed epochs do not pile up beyond one frame');
  p.quota = 4;
  p.request(10, 1);
  assert.equal(p.quota, 10);
  p.request(Infinity, 1);
  assert.equal(p.quota, Infinity, '"max"');
});

test('request: a cap (lockstep\'s until) limits what is owed; at the cap nothing is due', () => {
  const p = new Pacer();
  p.request(10, 1, 4);
  assert.equal(p.quota, 4, 'capped below one frame\'s worth');
  p.request(10, 1, 20);
  assert.equal(p.quota, 10, 'a cap above one frame\'s worth changes nothing');
  p.request(Infinity, 1, 6);
  assert.equal(p.quota, 6, '"max" up to the cap');
  p.request(10, 1, 0);
  assert.equal(p.quota, 0);
  assert.equal(p.due(), false, 'at the cap: waits for the next request');
  p.request(10, 1, -3);
  assert.equal(p.quota, 0, 'past the cap: nothing, never negative');
  p.request(10, 1);
  assert.equal(p.quota, 10, 'no cap');
  p.request(10, 1, Infinity);
  assert.equal(p.quota, 10, 'Infinity is no cap');
});

test('slice: trains up to the cap and no further, the cap counted from the epoch of each request', () => {
  const p = new Pacer();
  const fake = fakePlayground(); // train(n) trains all n
  const until = 12;
  let frames = 0;
  while (frames < 10) {
    frames++;
    p.request(5, 1, until - fake.trained);
    while (p.due()) p.slice(fake);
  }
  assert.equal(fake.trained, until, 'ten frames of 5 epochs, stopped at 12');
  assert.ok(fake.calls.every((n) => n >= 1 && n <= 5), String(fake.calls));
  p.request(0.5, 1, 13 - fake.trained); // slow motion under a cap
  p.request(0.5, 1, 13 - fake.trained);
  assert.equal(p.slice(fake), 1);
  p.request(0.5, 1, 13 - fake.trained);
  p.request(0.5, 1, 13 - fake.trained);
  assert.equal(p.due(), false);
  assert.equal(fake.trained, 13);
});

test('request: slow motion owes a fraction per frame, one epoch every few frames', () => {
  const p = new Pacer();
  const dueAt = [];
  for (let frame = 1; frame <= 8; frame++) {
    p.request(0.25, 1);
    if (p.due()) {
      dueAt.push(frame);
      assert.equal(p.slice(fakePlayground()), 1);
    }
  }
  assert.deepEqual(dueAt, [4, 8]);
});

test('request: a new run forgets what was owed and measured', () => {
  const fake = fakePlayground({ msEach: 0.2 });
  const p = new Pacer(fake.now);
  p.request(10, 1);
  p.train(fake, 3, 50);
  p.gridTime(100, 50);
  assert.ok(p.msPerEpoch > 0 && p.cellMs > 0);
  p.request(5, 2);
  assert.equal(p.quota, 5);
  assert.equal(p.msPerEpoch, 0);
  assert.equal(p.cellMs, 0);
  assert.equal(p.gridSide(true), GRID_SIDES[0]);
});

test('clear: nothing owed, nothing due', () => {
  const p = new Pacer();
  p.request(10, 1);
  p.clear();
  assert.equal(p.quota, 0);
  assert.equal(p.due(), false);
});

test('due: not when the page stopped asking (a hidden tab)', () => {
  const p = new Pacer();
  p.request(10, 1);
  assert.equal(p.due(), true);
  p.askedAt = performance.now() - 10_000;
  assert.equal(p.due(), false);
});

test('train without a time budget: all epochs in one call', () => {
  const p = new Pacer();
  const fake = fakePlayground();
  assert.equal(p.train(fake, 25), 25);
  assert.deepEqual(fake.calls, [25]);
  assert.equal(p.train(fake, 0), 0, 'zero epochs: no call');
  assert.deepEqual(fake.calls, [25]);
});

test('train returns the epochs that ran and stops when the run stops (fewer than asked)', () => {
  const p = new Pacer();
  const fake = fakePlayground({ limit: 7 });
  assert.equal(p.train(fake, 100), 7);
  assert.equal(fake.calls.length, 1, 'no call after the run stopped');
  const budgeted = fakePlayground({ limit: 3 });
  assert.equal(p.train(budgeted, 100, 1000), 3);
  assert.equal(budgeted.calls.at(-1) > 0, true);
  const diverged = fakePlayground({ limit: 0 });
  assert.equal(new Pacer().train(diverged, 10, 1000), 0);
  assert.equal(diverged.calls.length, 1);
});

test('train with a budget: one epoch first to measure, then chunks that fit the time left', () => {
  const fake = fakePlayground({ msEach: 0.5 });
  const p = new Pacer(fake.now);
  const ran = p.train(fake, 1000, 20);
  const took = fake.now();
  assert.equal(fake.calls[0], 1, 'unknown speed: one epoch first');
  assert.equal(ran, fake.trained);
  assert.equal(ran, fake.calls.reduce((a, b) => a + b, 0));
  assert.ok(ran >= 3 && ran < 1000, `${ran} epochs of 0.5 ms in a 20 ms budget`);
  assert.ok(fake.calls.length < ran, 'several epochs per call once measured');
  assert.ok(took <= 20, `stays within its budget (took ${took} ms)`);
  assert.ok(took >= 15, `uses most of its budget (took ${took} ms)`);
  assert.equal(p.msPerEpoch, 0.5, 'measures the time per epoch');
});

test('train with a budget trains at least one epoch even when the budget is gone', () => {
  const fake = fakePlayground({ msEach: 2 });
  const p = new Pacer(fake.now);
  assert.equal(p.train(fake, 10, 0), 1);
});

test('slice: trains what is owed, a slice at a time, and counts it off', () => {
  const p = new Pacer();
  const fake = fakePlayground();
  p.request(2.5, 1);
  p.request(2.5, 1); // 2.5 owed, not 5
  const ran = p.slice(fake);
  assert.equal(ran, 2, 'whole epochs only');
  assert.equal(p.quota, 0.5);
  assert.equal(p.due(), false);
  const slow = fakePlayground({ msEach: 1 });
  const q = new Pacer(slow.now);
  q.request(1000, 1);
  const first = q.slice(slow);
  assert.ok(first >= 1 && first < 1000, `one slice of ${SLICE_MS} ms trains ${first} epochs of 1 ms`);
  assert.equal(q.quota, 1000 - first);
});

closeChannelsAfterTests();

test('backgroundLoop: runs slices as separate tasks until a slice says stop; kicks while scheduled do nothing', async () => {
  let slices = 0;
  const order = [];
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  const kick = backgroundLoop(() => {
    slices++;
    order.push(`slice ${slices}`);
    if (slices < 5) return true;
    done();
    return false;
  });
  kick();
  kick();
  kick();
  order.push('kicked');
  await Promise.resolve();
  order.push('microtasks ran');
  await finished;
  assert.equal(slices, 5, 'three kicks before the first slice start one loop');
  assert.deepEqual(order.slice(0, 2), ['kicked', 'microtasks ran'], 'slices run as tasks, not synchronously');
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(slices, 5, 'stopped');
  kick();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(slices, 6, 'a kick starts it again');
});

test('backgroundLoop: other tasks run between slices', async () => {
  let slices = 0;
  let timerFired = false;
  let slicesBeforeTimer = -1;
  const kick = backgroundLoop(() => {
    slices++;
    return !timerFired && slices < 100_000;
  });
  setTimeout(() => {
    timerFired = true;
    slicesBeforeTimer = slices;
  }, 5);
  kick();
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.ok(timerFired, 'the timer ran while the loop was going');
  assert.ok(slicesBeforeTimer > 1 && slicesBeforeTimer < 100_000, String(slicesBeforeTimer));
});

test('trainShare: workers leave a core to the page once they are as many as the cores', () => {
  assert.equal(trainShare(1, 2), 1, 'one run on two cores trains all the time');
  assert.equal(trainShare(2, 2), 0.5);
  assert.equal(trainShare(4, 2), 0.25, 'four runs on two cores: one core for all four');
  assert.equal(trainShare(3, 8), 1, 'fewer runs than cores');
  assert.equal(trainShare(8, 4), 3 / 8);
  assert.equal(trainShare(40, 2), 0.1, 'at least a tenth');
  assert.equal(trainShare(4, NaN), 0.25, 'two cores when unknown');
  assert.equal(trainShare(4, 1), 0.25, 'a single core still trains');
});

test('a share of the time between frames: training stops for the frame once it is used', () => {
  let time = 0;
  const p = new Pacer(() => time);
  const fake = fakePlayground(); // takes no time of its own: the test's clock moves
  const train = (/** @type {number} */ n) => {
    const ran = fake.train(n);
    time += ran * 0.5;
    return ran;
  };
  const playground = { train };
  p.request(Infinity, 1, Infinity, 0.25);
  assert.equal(p.budgetMs, 0.25 * (1000 / 60), 'a quarter of a 60 Hz frame before frames are measured');
  let slices = 0;
  while (p.due() && slices < 100) {
    p.slice(playground);
    slices += 1;
  }
  assert.ok(time >= 0.25 * (1000 / 60) - 0.5 && time <= 0.25 * (1000 / 60) + SLICE_MS, `trained ${time} ms`);
  assert.equal(p.due(), false, 'waits for the next request');
  time = 20;
  p.request(Infinity, 1, Infinity, 0.25);
  assert.equal(p.budgetMs, 0.25 * 20, 'a quarter of the measured time between requests');
  assert.equal(p.due(), true);
  p.request(Infinity, 1, Infinity, 1);
  assert.equal(p.budgetMs, Infinity, 'a share of 1: no limit');
  p.request(Infinity, 1);
  assert.equal(p.budgetMs, Infinity, 'no share given: no limit');
});
