// www/lib/scales.js: tick values of the axes and the colour ranges of a run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { niceTicks, logTicks, planeTicks, targetScale, neuronScale, colorMode } from '../../www/lib/scales.js';

/** The mantissa of a positive step: 1, 2 or 5 (or 10) times a power of ten. */
function mantissa(step) {
  return Number((step / 10 ** Math.floor(Math.log10(step) + 1e-9)).toPrecision(6));
}

test('niceTicks: round steps over the range, written without float noise', () => {
  assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(-1, 1, 4), [-1, -0.5, 0, 0.5, 1]);
  assert.deepEqual(niceTicks(0, 0.3, 3), [0, 0.1, 0.2, 0.3]);
  assert.deepEqual(niceTicks(0.013, 0.087, 3), [0.05]);
  assert.deepEqual(niceTicks(3, 97, 5), [20, 40, 60, 80]);
  assert.deepEqual(niceTicks(3, 97, 4), [50], 'a step of 50 fits the span once');
  assert.deepEqual(niceTicks(0, 1000, 5), [0, 200, 400, 600, 800, 1000]);
});

test('niceTicks: an empty or reversed range gives its low end', () => {
  assert.deepEqual(niceTicks(2, 2, 5), [2]);
  assert.deepEqual(niceTicks(3, 1, 5), [3]);
  assert.deepEqual(niceTicks(0, NaN, 5), [0]);
});

test('niceTicks: inside the range, evenly spaced by 1, 2 or 5 times a power of ten, about `count` of them', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let k = 0; k < 500; k++) {
    const lo = (random() - 0.5) * 10 ** Math.floor(random() * 8 - 4);
    const hi = lo + random() * 10 ** Math.floor(random() * 8 - 4);
    const count = 2 + Math.floor(random() * 8);
    const ticks = niceTicks(lo, hi, count);
    const where = `niceTicks(${lo}, ${hi}, ${count}) = ${ticks}`;
    const span = hi - lo;
    if (!(span > 0)) continue;
    assert.ok(ticks.length >= Math.floor(count / 2.5) && ticks.length <= count + 1, where);
    for (const t of ticks) assert.ok(t >= lo - span * 1e-9 && t <= hi + span * 1e-9, where);
    if (ticks.length < 2) continue;
    const step = ticks[1] - ticks[0];
    assert.ok([1, 2, 5, 10].includes(mantissa(step)), `${where}: step ${step}`);
    for (let i = 1; i < ticks.length; i++) {
      assert.ok(Math.abs(ticks[i] - ticks[i - 1] - step) <= step * 1e-6, where);
    }
  }
});

function assertClose(actual, expected) {
  assert.equal(actual.length, expected.length, `${actual} vs ${expected}`);
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= Math.abs(expected[i]) * 1e-12, `${actual} vs ${expected}`));
}

test('logTicks: powers of ten, with 2 and 5 within about a decade, 3 within a few', () => {
  assert.deepEqual(logTicks(0, 1), [1, 2, 5, 10]);
  assert.deepEqual(logTicks(0.5, 1.5), [5, 10, 20]);
  // 3 * 10^-1 is 0.30000000000000004 in floating point (formatValue writes it as 0.3).
  assertClose(logTicks(-2, 0), [0.01, 0.03, 0.1, 0.3, 1]);
  assert.deepEqual(logTicks(-3, 2), [0.001, 0.01, 0.1, 1, 10, 100]);
  assert.deepEqual(logTicks(-1.5, 3.5), [0.1, 1, 10, 100, 1000]);
});

test('logTicks: every tick lies on the axis', () => {
  for (const [lo, hi] of [[-4.3, -0.2], [0.1, 0.9], [-0.7, 5.2], [1, 3]]) {
    const ticks = logTicks(lo, hi);
    assert.ok(ticks.length > 0, `${lo}..${hi}`);
    for (const t of ticks) {
      const l = Math.log10(t);
      assert.ok(l >= lo - 1e-9 && l <= hi + 1e-9, `${t} on ${lo}..${hi}`);
    }
    assert.deepEqual([...ticks].sort((a, b) => a - b), ticks, 'ascending');
  }
});

test('planeTicks: seven ticks from -extent to extent', () => {
  assert.deepEqual(planeTicks(6), [-6, -4, -2, 0, 2, 4, 6]);
  assert.deepEqual(planeTicks(1), [-1, -0.666667, -0.333333, 0, 0.333333, 0.666667, 1]);
  assert.deepEqual(planeTicks(1.5), [-1.5, -1, -0.5, 0, 0.5, 1, 1.5]);
  assert.ok(Object.is(planeTicks(6)[3], 0), 'the middle tick is 0, not -0');
});

test('targetScale: a round symmetric range that holds every target (the third of each triple)', () => {
  // Only the targets count: x1, x2 of 100 are ignored.
  assert.deepEqual(targetScale({ train: [100, 100, 0.4, -100, 0, -0.8], test: null }), { lo: -1, hi: 1 });
  assert.deepEqual(targetScale({ train: [0, 0, 2.5], test: [0, 0, -1] }), { lo: -3, hi: 3 });
  assert.deepEqual(targetScale({ train: [], test: [0, 0, -4] }), { lo: -5, hi: 5 });
  assert.deepEqual(targetScale({ train: [0, 0, 10] }), { lo: -10, hi: 10 });
  assert.deepEqual(targetScale({ train: [0, 0, 60] }), { lo: -75, hi: 75 });
  const small = targetScale({ train: [0, 0, 0.12] });
  assert.ok(Math.abs(small.hi - 0.15) < 1e-12 && small.lo === -small.hi, JSON.stringify(small));
});

test('targetScale: no targets, zeros and non-finite targets give [-1, 1]', () => {
  assert.deepEqual(targetScale({}), { lo: -1, hi: 1 });
  assert.deepEqual(targetScale({ train: [0, 0, 0], test: [1, 1, 0] }), { lo: -1, hi: 1 });
  assert.deepEqual(targetScale({ train: [0, 0, NaN, 0, 0, Infinity, 0, 0, 2] }), { lo: -2, hi: 2 });
});

test('targetScale: the range always holds the largest target', () => {
  for (let m = 0.0013; m < 5000; m *= 1.37) {
    const { lo, hi } = targetScale({ train: [0, 0, m], test: [0, 0, -m / 2] });
    assert.equal(lo, -hi);
    assert.ok(hi >= m * 0.999 && hi <= m * 1.7, `${m} -> ${hi}`);
  }
});

test('neuronScale: a bounded activation gives its own range', () => {
  const ranges = [0, 1, -1, 1, 0, NaN, NaN, NaN];
  assert.deepEqual(neuronScale(ranges, 0, [5, -5]), { lo: 0, hi: 1 });
  assert.deepEqual(neuronScale(ranges, 1, [5, -5]), { lo: -1, hi: 1 });
});

test('neuronScale: an unbounded side takes the largest |value| of the grid', () => {
  const ranges = [0, 1, -1, 1, 0, NaN, NaN, NaN];
  assert.deepEqual(neuronScale(ranges, 2, new Float32Array([0, 0.5, 3, 1])), { lo: 0, hi: 3 });
  assert.deepEqual(neuronScale(ranges, 3, [-0.5, 0.25]), { lo: -0.5, hi: 0.5 });
  assert.deepEqual(neuronScale(ranges, 3, [-2, Infinity, 1]), { lo: -2, hi: 2 }, 'infinities are ignored');
  assert.deepEqual(neuronScale(ranges, 3, [0, 0]), { lo: -1, hi: 1 }, 'an all-zero grid');
  assert.deepEqual(neuronScale(ranges, 2, []), { lo: 0, hi: 1 });
});

test('neuronScale: without ranges for the layer, [-1, 1]', () => {
  assert.deepEqual(neuronScale(null, 0, [5]), { lo: -1, hi: 1 });
  assert.deepEqual(neuronScale(undefined, 0, [5]), { lo: -1, hi: 1 });
  assert.deepEqual(neuronScale([0, 1], 1, [5]), { lo: -1, hi: 1 });
});

test('colorMode: regression, binary or several classes', () => {
  assert.deepEqual(colorMode({ regression: true, outputs: 1, targetRange: [-1, 1], train: [0, 0, 2.5] }), {
    kind: 'regression',
    lo: -3,
    hi: 3,
  });
  assert.deepEqual(colorMode({ regression: false, outputs: 1, targetRange: [0, 1] }), { kind: 'binary', lo: 0, hi: 1 });
  assert.deepEqual(colorMode({ regression: false, outputs: 3, targetRange: [-1, 1] }), { kind: 'classes', lo: -1, hi: 1 });
});
