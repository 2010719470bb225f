// www/views/chart-{series,readout,legend,axes}.js: the pure helpers of the loss chart's
// compare mode (the x of a point on each axis, the x range over several runs, the
// hover's points, the readout's text and the legend's layout). The drawing itself is checked on the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AXIS_TITLES, chartBox, yLabelWidth, fitPlot } from '../../www/views/chart-axes.js';
import { xValue, xExtent, xRange, nearestByX, latestEntries, entriesAt, shownHistory, xScale, MEASURES } from '../../www/views/chart-series.js';
import { formatX, readoutSegments, readoutText } from '../../www/views/chart-readout.js';
import { fitText, legendLayout, fitLegend } from '../../www/views/chart-legend.js';

const BLACK = [0, 0, 0];
const RED = [213, 94, 0];

/** A point at `epoch` with `updates` = 10 × epoch and `seconds` = epoch / 4. */
const at = (epoch, train, test) => ({ epoch, updates: epoch * 10, seconds: epoch / 4, train, test });

const runA = {
  name: 'A',
  label: 'A: loss = SSE',
  color: BLACK,
  history: [at(0, 1, 1.1), at(10, 0.5, 0.6), at(20, 0.25, 0.3)],
};
const runB = {
  name: 'B',
  label: 'B: loss = MSE',
  color: RED,
  history: [at(0, 2, 2.1), at(5, 1, 1.2), at(10, 0.5, 0.7)],
};

test('AXIS_TITLES: the horizontal axis is titled by its unit', () => {
  assert.deepEqual({ ...AXIS_TITLES }, { epochs: 'epochs', updates: 'weight updates', seconds: 'seconds' });
});

test('xValue: the epoch, weight updates or seconds of a point', () => {
  const p = { epoch: 3, updates: 96, seconds: 0.5, train: 1, test: 1 };
  assert.equal(xValue(p, 'epochs'), 3);
  assert.equal(xValue(p, 'updates'), 96);
  assert.equal(xValue(p, 'seconds'), 0.5);
  assert.equal(xValue({ epoch: 0, updates: 0, seconds: 0, train: 1, test: 1 }, 'updates'), 0, '0 is a value');
});

test('xValue: the seconds axis draws a run\'s own compute when the point has it, its training time otherwise', () => {
  assert.equal(xValue({ epoch: 3, seconds: 2, compute: 0.25, train: 1, test: 1 }, 'seconds'), 0.25);
  assert.equal(xValue({ epoch: 3, seconds: 2, train: 1, test: 1 }, 'seconds'), 2);
});

test('xValue: undefined when an older history has no updates or seconds, or they are not finite', () => {
  const old = { epoch: 7, train: 1, test: 1 };
  assert.equal(xValue(old, 'epochs'), 7);
  assert.equal(xValue(old, 'updates'), undefined);
  assert.equal(xValue(old, 'seconds'), undefined);
  assert.equal(xValue({ epoch: 1, updates: NaN, seconds: Infinity, train: 1, test: 1 }, 'updates'), undefined);
  assert.equal(xValue({ epoch: 1, updates: NaN, seconds: Infinity, train: 1, test: 1 }, 'seconds'), undefined);
  assert.equal(xValue({ epoch: 1, updates: null, train: 1, test: 1 }, 'updates'), undefined);
});

test('xExtent: the smallest and largest x of the points that have one', () => {
  assert.deepEqual(xExtent(runA.history, 'epochs'), [0, 20]);
  assert.deepEqual(xExtent(runA.history, 'updates'), [0, 200]);
  assert.deepEqual(xExtent(runA.history, 'seconds'), [0, 5]);
  const mixed = [{ epoch: 1, train: 1, test: 1 }, { epoch: 2, updates: 40, train: 1, test: 1 }, { epoch: 3, updates: 60, train: 1, test: 1 }];
  assert.deepEqual(xExtent(mixed, 'updates'), [40, 60], 'points without updates are skipped');
  assert.equal(xExtent(mixed, 'seconds'), null);
  assert.equal(xExtent([], 'epochs'), null);
});

test('xRange: from the smallest x of any run to the largest, at least 1 wide', () => {
  assert.deepEqual(xRange([runA, runB], 'epochs'), [0, 20]);
  assert.deepEqual(xRange([runA, runB], 'updates'), [0, 200]);
  assert.deepEqual(xRange([runB], 'seconds'), [0, 2.5]);
  const late = { ...runB, history: [at(30, 1, 1), at(40, 1, 1)] };
  assert.deepEqual(xRange([late, runA], 'epochs'), [0, 40], 'in any order');
  assert.deepEqual(xRange([{ history: [at(4, 1, 1)] }], 'epochs'), [4, 5], 'one point: 1 wide');
  assert.deepEqual(xRange([{ history: [{ epoch: 3, train: 1, test: 1 }] }, runB], 'updates'), [0, 100], 'a run without updates adds nothing');
});

test('xRange: null without any x on the axis', () => {
  assert.equal(xRange([], 'epochs'), null);
  assert.equal(xRange([{ history: [] }], 'epochs'), null);
  assert.equal(xRange([{ history: [{ epoch: 3, train: 1, test: 1 }] }], 'seconds'), null);
});

test('nearestByX: the nearest point with an x on the axis, the first of equals', () => {
  assert.equal(nearestByX(runA.history, 'epochs', 12), runA.history[1]);
  assert.equal(nearestByX(runA.history, 'epochs', 15), runA.history[1], 'halfway: the first');
  assert.equal(nearestByX(runA.history, 'updates', 160), runA.history[2]);
  assert.equal(nearestByX(runA.history, 'seconds', -3), runA.history[0]);
  const mixed = [{ epoch: 1, train: 1, test: 1 }, { epoch: 2, updates: 40, train: 1, test: 1 }];
  assert.equal(nearestByX(mixed, 'updates', 0), mixed[1]);
  assert.equal(nearestByX(mixed, 'seconds', 0), undefined);
  assert.equal(nearestByX([], 'epochs', 0), undefined);
});

test('formatX: an x as the readout writes it', () => {
  assert.equal(formatX('epochs', 1234), 'epoch 1,234');
  assert.equal(formatX('updates', 1234), '1,234 updates');
  assert.equal(formatX('updates', 1), '1 update');
  assert.equal(formatX('updates', 0), '0 updates');
  assert.equal(formatX('seconds', 1.23456), '1.23 s');
  assert.equal(formatX('seconds', 12.3456), '12.3 s');
  assert.equal(formatX('seconds', 1234.5), '1,235 s');
  assert.equal(formatX('seconds', 0), '0 s');
});

test('readoutText: every run with its values at the x, as the brief writes it', () => {
  const entries = [
    { name: 'A', color: BLACK, point: at(123, 0.12, 0.13) },
    { name: 'B', color: RED, point: at(123, 0.5, 0.456789) },
  ];
  assert.equal(readoutText('updates', 1234, entries, true), 'at 1,234 updates: A training 0.12 test 0.13 · B training 0.5 test 0.457');
  assert.equal(readoutText('epochs', 1234, entries, true), 'at epoch 1,234: A training 0.12 test 0.13 · B training 0.5 test 0.457');
  assert.equal(readoutText('seconds', 2.5, entries, false), '2.5 s: A training 0.12 test 0.13 · B training 0.5 test 0.457');
});

test('readoutText: a run without a point there is a dash; different latest x is "latest"', () => {
  const entries = [
    { name: 'A', color: BLACK, point: at(1, NaN, Infinity) },
    { name: 'B', color: RED, point: undefined },
  ];
  assert.equal(readoutText('epochs', 1, entries, true), 'at epoch 1: A training NaN test ∞ · B –');
  assert.equal(readoutText('epochs', undefined, entries, false), 'latest: A training NaN test ∞ · B –');
});

test('readoutSegments: each run name is its own piece with its colour, joined they are the text', () => {
  const entries = [
    { name: 'A', color: BLACK, point: at(2, 0.1, 0.2) },
    { name: 'B', color: RED, point: at(2, 0.3, 0.4) },
  ];
  const segments = readoutSegments('epochs', 2, entries, true);
  assert.deepEqual(segments, [
    { text: 'at epoch 2: ' },
    { text: 'A', color: BLACK },
    { text: ' training 0.1 test 0.2' },
    { text: ' · ' },
    { text: 'B', color: RED },
    { text: ' training 0.3 test 0.4' },
  ]);
  assert.equal(segments.map((s) => s.text).join(''), readoutText('epochs', 2, entries, true));
});

test('latestEntries: each run\'s last point with an x; the x when they share it', () => {
  const same = latestEntries([runA, { ...runB, history: [...runB.history, at(20, 0.4, 0.5)] }], 'epochs');
  assert.equal(same.x, 20);
  assert.deepEqual(same.entries.map((e) => [e.name, e.color, e.point.train]), [['A', BLACK, 0.25], ['B', RED, 0.4]]);
  const differ = latestEntries([runA, runB], 'updates');
  assert.equal(differ.x, undefined);
  assert.deepEqual(differ.entries.map((e) => e.point.epoch), [20, 10]);
  const old = { ...runB, history: [{ epoch: 9, train: 1, test: 1 }] };
  const partial = latestEntries([runA, old], 'seconds');
  assert.equal(partial.x, 5, 'a run without seconds does not count');
  assert.equal(partial.entries[1].point, undefined);
  assert.equal(readoutText('seconds', partial.x, partial.entries, false), '5 s: A training 0.25 test 0.3 · B –');
});

test('entriesAt: the x of the nearest point of any run; each run\'s point nearest to it', () => {
  const { x, entries } = entriesAt([runA, runB], 'epochs', 6, 0.5);
  assert.equal(x, 5, 'B has a point at 5');
  assert.deepEqual(entries.map((e) => [e.name, e.point.epoch]), [['A', 0], ['B', 5]], 'A: nearest to 5 is 0 (first of equals)');
  assert.equal(readoutText('epochs', x, entries, true), 'at epoch 5: A training 1 test 1.1 · B training 1 test 1.2');
});

test('entriesAt: a run that stopped earlier shows nothing past its end (with some slack)', () => {
  const past = entriesAt([runA, runB], 'epochs', 19, 0.5);
  assert.equal(past.x, 20);
  assert.equal(past.entries[0].point.epoch, 20);
  assert.equal(past.entries[1].point, undefined, 'B ended at epoch 10');
  const near = entriesAt([runA, runB], 'epochs', 19, 10);
  assert.equal(near.entries[1].point.epoch, 10, 'within the slack: its last point');
});

test('entriesAt: on updates and seconds, points without one are skipped; nothing at all gives no x', () => {
  const old = { name: 'C', color: RED, history: [{ epoch: 1, train: 1, test: 1 }, { epoch: 2, train: 1, test: 1 }] };
  const { x, entries } = entriesAt([runA, old], 'updates', 98, 1);
  assert.equal(x, 100);
  assert.equal(entries[0].point.epoch, 10);
  assert.equal(entries[1].point, undefined);
  const none = entriesAt([old], 'seconds', 3, 1);
  assert.equal(none.x, undefined);
  assert.deepEqual(none.entries.map((e) => e.point), [undefined]);
});

/** A font where every character is 6 wide. */
const measure = (text) => text.length * 6;

test('fitText: unchanged when it fits, else cut short with an ellipsis', () => {
  assert.equal(fitText('A: loss = SSE', measure, 78), 'A: loss = SSE');
  assert.equal(fitText('A: loss = SSE', measure, 60), 'A: loss =…');
  assert.equal(fitText('A: loss = SSE', measure, 3), '…');
});

test('legendLayout: items left to right, a new row when the next does not fit', () => {
  const slots = legendLayout(['A: one', 'B: two', 'C: three'], measure, 100, 16, 10);
  // 'A: one' is 16 + 36 = 52 wide; 'B: two' would end at 52 + 10 + 52 = 114 > 100.
  assert.deepEqual(slots, [
    { text: 'A: one', x: 0, row: 0 },
    { text: 'B: two', x: 0, row: 1 },
    { text: 'C: three', x: 0, row: 2 },
  ]);
  // 'C: three' (64 wide) would end at 124 + 64 = 188 > 180.
  const wide = legendLayout(['A: one', 'B: two', 'C: three'], measure, 180, 16, 10);
  assert.deepEqual(wide, [
    { text: 'A: one', x: 0, row: 0 },
    { text: 'B: two', x: 62, row: 0 },
    { text: 'C: three', x: 0, row: 1 },
  ]);
});

test('legendLayout: an item wider than a row is cut short to fit it', () => {
  const [slot] = legendLayout(['A: a very long label of a run'], measure, 100, 16, 10);
  assert.equal(slot.row, 0);
  assert.ok(16 + measure(slot.text) <= 100, slot.text);
  assert.ok(slot.text.endsWith('…') && slot.text.startsWith('A: a very'), slot.text);
  assert.deepEqual(legendLayout([], measure, 100, 16, 10), []);
});

test('fitLegend: labels and key when they fit the rows allowed', () => {
  const { slots, withKey } = fitLegend(['A: one', 'B: two'], ['training', 'test'], measure, 400, 16, 10, 1);
  assert.equal(withKey, true);
  assert.deepEqual(slots.map((s) => [s.text, s.row]), [['A: one', 0], ['B: two', 0], ['training', 0], ['test', 0]]);
});

test('fitLegend: without the key, then with the labels cut short to share one row', () => {
  // Labels 52 + 10 + 52 = 114; with the key (16 + 48, 16 + 24) 114 + 10 + 64 + 10 + 40 = 238.
  const alone = fitLegend(['A: one', 'B: two'], ['training', 'test'], measure, 150, 16, 10, 1);
  assert.equal(alone.withKey, false);
  assert.deepEqual(alone.slots.map((s) => [s.text, s.row]), [['A: one', 0], ['B: two', 0]]);
  const two = fitLegend(['A: one', 'B: two'], ['training', 'test'], measure, 150, 16, 10, 2);
  assert.equal(two.withKey, true, 'two rows hold the key');
  assert.equal(Math.max(...two.slots.map((s) => s.row)), 1);
  const labels = ['A: loss = SSE', 'B: loss = MSE', 'C: lr 0.3', 'D: tanh'];
  const cut = fitLegend(labels, ['training', 'test'], measure, 200, 16, 10, 1);
  assert.equal(cut.withKey, false);
  assert.equal(cut.slots.length, 4);
  assert.ok(cut.slots.every((s) => s.row === 0), JSON.stringify(cut.slots));
  cut.slots.forEach((s, i) => assert.ok(s.text.startsWith(labels[i][0]), s.text));
  const last = cut.slots[3];
  assert.ok(last.x + 16 + measure(last.text) <= 200);
});

/** A text's width as a canvas with a 7 px wide font would measure it. */
const sevenPx = (/** @type {string} */ text) => 7 * [...text].length;

test('chartBox: the left margin is 44 px (times the text scale) unless the widest label needs more', () => {
  assert.equal(chartBox(400, 200, 1).padL, 44);
  assert.equal(chartBox(400, 200, 1.5).padL, 66);
  assert.equal(chartBox(400, 200, 1, 0, 30).padL, 44, 'a narrow label: the usual margin');
  const wide = chartBox(400, 200, 1, 0, 49);
  assert.equal(wide.padL, 57, 'the label and a gap of 4 px on each side');
  assert.equal(wide.plotW, 400 - 57 - 8, 'the plot gives up what the margin takes');
});

test('yLabelWidth: the widest of the ticks\' labels as the chart writes them', () => {
  assert.equal(yLabelWidth([1e-11, 1e-10, 1e-9], sevenPx), 7 * '1.0e−11'.length);
  assert.equal(yLabelWidth([0, 0.5, 1], sevenPx), 7 * '0.5'.length);
  assert.equal(yLabelWidth([], sevenPx), 0);
});

test('fitPlot: no label of the vertical axis is clipped, whatever the values (the lecture\'s 1e−11 losses too)', () => {
  const ctx = /** @type {any} */ ({ font: '', measureText: (/** @type {string} */ t) => ({ width: sevenPx(t) }) });
  for (const [values, log] of [[[3e-11, 2e-3], true], [[1e-11, 1.5e-11], true], [[0.2, 1.7], false], [[12345678, 2], false], [[0.001, 1], true]]) {
    const { box, scale } = fitPlot(ctx, 400, 200, 1, 0, /** @type {number[]} */ (values), /** @type {boolean} */ (log));
    assert.ok(scale && scale.ticks.length > 0);
    const widest = yLabelWidth(scale.ticks, sevenPx);
    assert.ok(box.padL - 4 - widest >= 0, `${values}: the widest label (${widest} px) starts inside the canvas (margin ${box.padL})`);
  }
  assert.equal(fitPlot(ctx, 400, 200, 1, 0, [], true).scale, null, 'nothing to draw: no scale');
});

test('shownHistory: a run\'s own loss, its accuracy or its mean squared error; points without the measure left out', () => {
  const history = [
    { epoch: 0, updates: 0, seconds: 0, train: 9, test: 10 },
    { epoch: 1, updates: 250, seconds: 0.1, train: 5, test: 6, trainAccuracy: 0.6, testAccuracy: 0.5, trainError: 0.2, testError: 0.25 },
    { epoch: 2, updates: 500, seconds: 0.2, train: 4, test: 5 },
    { epoch: 3, updates: 750, seconds: 0.3, train: 3, test: 4, trainAccuracy: 0.9, testAccuracy: 0.8, trainError: 0.1, testError: 0.15 },
  ];
  assert.deepEqual([...MEASURES], ['loss', 'accuracy', 'error']);
  assert.equal(shownHistory(history, 'loss', 'epochs', false), history);
  assert.deepEqual(shownHistory(history, 'accuracy', 'updates', false), [
    { epoch: 1, updates: 250, seconds: 0.1, train: 0.6, test: 0.5 },
    { epoch: 3, updates: 750, seconds: 0.3, train: 0.9, test: 0.8 },
  ]);
  assert.deepEqual(shownHistory(history, 'error', 'epochs', false).map((p) => [p.train, p.test]), [[0.2, 0.25], [0.1, 0.15]]);
  assert.deepEqual(shownHistory(history, 'loss', 'updates', true).map((p) => p.epoch), [1, 2, 3], 'a log axis has no place for 0 updates');
});

test('xScale: linear, or logarithmic so that 1 update and 100,000 updates both have room', () => {
  const lin = xScale([0, 100], false, 40, 200);
  assert.deepEqual([lin.X(0), lin.X(50), lin.X(100), lin.at(140)], [40, 140, 240, 50]);
  const log = xScale([1, 100000], true, 40, 200);
  assert.deepEqual([log.X(1), log.X(100), log.X(100000)], [40, 120, 240]);
  assert.ok(Math.abs(log.at(120) - 100) < 1e-9);
  // On the linear axis full batch's 500 updates beside online's 125,000 sit within 1 px of the start; on the log axis they take most of the width.
  assert.ok(xScale([1, 125000], false, 0, 200).X(500) < 1);
  assert.ok(xScale([1, 125000], true, 0, 200).X(500) > 100);
  assert.deepEqual(xRange([{ history: [{ epoch: 1, updates: 5, train: 1, test: 1 }] }], 'updates', true), [5, 50], 'a single x: a decade wide on a log axis');
});
