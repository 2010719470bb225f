// www/views/confusion.js, predicted-actual.js and least-squares.js: their pure parts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confusionModel, formatRecall } from '../../www/views/confusion.js';
import { scatterGeometry, fitSummary } from '../../www/views/predicted-actual.js';
import { coefficientRows } from '../../www/views/least-squares.js';

const classes = ['cat', 'dog', 'parrot'];
const confusion = {
  counts: [[2, 1, 0], [0, 3, 0], [0, 0, 0]],
  rows: [[[4, 7], [9], []], [[], [1, 2, 3], []], [[], [], []]],
  recall: [2 / 3, 1, null],
  samples: 6,
};

test('confusionModel: counts, rows, accessible names and shades by share of the actual class', () => {
  const cells = confusionModel(classes, confusion);
  assert.equal(cells.length, 3);
  assert.equal(cells[0][1].label, 'actual cat, predicted dog: 1 row');
  assert.equal(cells[1][1].label, 'actual dog, predicted dog: 3 rows');
  assert.deepEqual(cells[0][0].rows, [4, 7]);
  assert.equal(cells[0][0].shade, 2 / 3);
  assert.equal(cells[0][1].shade, 1 / 3);
  assert.equal(cells[2][2].shade, 0, 'a class without rows has no shade, not NaN');
  const total = cells.flat().reduce((s, c) => s + c.count, 0);
  assert.equal(total, confusion.samples);
});

test('confusionModel: 26 classes give 676 cells each named by its classes', () => {
  const letters = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
  const counts = letters.map((_, a) => letters.map((_, p) => (a === p ? 3 : 0)));
  const rows = counts.map((r) => r.map(() => []));
  const cells = confusionModel(letters, { counts, rows, recall: letters.map(() => 1), samples: 78 });
  assert.equal(cells.flat().length, 676);
  assert.equal(cells[0][7].label, 'actual A, predicted H: 0 rows');
});

test('formatRecall: percent, and a dash without rows', () => {
  assert.equal(formatRecall(2 / 3), '67%');
  assert.equal(formatRecall(1), '100%');
  assert.equal(formatRecall(null), '–');
  assert.equal(formatRecall(NaN), '–');
});

const train = { rows: [0, 1], predicted: [[10, 20]], actual: [[12, 18]], fits: [{ name: 'risk (%)', rmse: 2, r_squared: 0.84 }] };
const test_ = { rows: [2], predicted: [[30]], actual: [[30]], fits: [{ name: 'risk (%)', rmse: 0, r_squared: NaN }] };

test('scatterGeometry: one square domain over both splits, y = x on the diagonal', () => {
  const { lo, hi, toPixel } = scatterGeometry([train, test_], 0, 200, 200);
  assert.ok(lo < 10 && hi > 30, `${lo}..${hi}`);
  assert.equal(lo, 10 - 1, 'padded by 5 % of the 20-wide range');
  const a = toPixel(lo, lo);
  const b = toPixel(hi, hi);
  const m = toPixel((lo + hi) / 2, (lo + hi) / 2);
  assert.ok(Math.abs(m.x - (a.x + b.x) / 2) < 1e-9 && Math.abs(m.y - (a.y + b.y) / 2) < 1e-9);
  assert.ok(a.y > b.y, 'larger predictions are higher up');
  const flat = scatterGeometry([{ ...test_, predicted: [[5]], actual: [[5]] }], 0, 100, 100);
  assert.ok(flat.hi > flat.lo, 'a single value still gives a domain');
});

test('fitSummary: R² and RMSE of both splits', () => {
  assert.equal(fitSummary(train, test_, 0), 'training R² 0.84, RMSE 2 · test R² NaN, RMSE 0');
  assert.equal(fitSummary(train, { ...test_, fits: [] }, 0), 'training R² 0.84, RMSE 2 · test: no rows');
});

test('coefficientRows: the intercept then each input, law / closed form / gradient descent', () => {
  const rows = coefficientRows({
    inputs: ['pressure (hPa)', 'wind (m/s)'],
    target: 'risk (%)',
    law: { weights: [-1.5, 2], intercept: 1559.5 },
    closed_form: { weights: [-1.49, 2.01], intercept: 1550 },
    gradient_descent: { weights: [-1.2, 1.9], intercept: 1200 },
  });
  assert.deepEqual(rows, [
    ['intercept', '1560', '1550', '1200'],
    ['pressure (hPa)', '−1.500', '−1.490', '−1.200'],
    ['wind (m/s)', '2.000', '2.010', '1.900'],
  ]);
});
