// www/schema/point-codec.js: your own points: their grid, their classes, their form in a link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodePoints, decodePoints, number, gridded, onCoordGrid, onValueGrid, classesFor, MAX_LINK_POINTS } from '../../www/schema/point-codec.js';

/** Points on the 0.01 grid (and targets on the 0.001 grid for regression), spread over the plane. */
function griddedPoints(n, regression, seed = 1) {
  let s = seed;
  const random = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const z = (v) => v + 0; // -0 is written as 0, as JSON does
  return Array.from({ length: n }, () => ({
    x1: z(Math.round((random() * 12 - 6) * 100) / 100),
    x2: z(Math.round((random() * 12 - 6) * 100) / 100),
    target: regression ? z(Math.round((random() * 20 - 10) * 1000) / 1000) : Math.floor(random() * 6),
  }));
}

test('number: reads decimal numbers and refuses anything else', () => {
  for (const [text, v] of [['0', 0], ['-1.5', -1.5], ['+2', 2], ['.5', 0.5], ['5.', 5], ['1e-7', 1e-7], ['2.5E3', 2500]]) {
    assert.equal(number(text), v, text);
  }
  for (const text of ['', '-', '.', 'abc', '1,5', ' 1', '1 ', '0x10', 'Infinity', 'NaN', '1e', '1.2.3', '--1', '1e999', '-2e308']) {
    assert.throws(() => number(text), Error, JSON.stringify(text));
  }
});

test('number: a number too large to hold is refused, a tiny one reads as 0', () => {
  // Found by link-fuzz.test.mjs: `1e999` read as Infinity, which no link writes back.
  assert.throws(() => number('1e999'), Error);
  assert.throws(() => number('-1e309'), Error);
  assert.equal(number('1.7976931348623157e308'), Number.MAX_VALUE);
  assert.equal(number('1e-999'), 0);
});

test('gridded: exactly a whole number of steps, within the offset', () => {
  assert.equal(gridded(0.07, 100), true);
  assert.equal(gridded(-3.14, 100), true);
  assert.equal(gridded(0.005, 100), false);
  assert.equal(gridded(Math.PI, 100), false);
  assert.equal(gridded(20.47, 100, 2048), true);
  assert.equal(gridded(20.48, 100, 2048), false);
  assert.equal(gridded(NaN, 100), false);
});

test('classes on the grid: "c" and 5 characters a point, decoded exactly', () => {
  const samples = griddedPoints(200, false);
  const text = encodePoints(samples, false);
  assert.equal(text[0], 'c');
  assert.equal(text.length, 1 + 5 * samples.length);
  assert.match(text.slice(1), /^[A-Za-z0-9_-]*$/, 'only characters a query keeps as they are');
  assert.deepEqual(decodePoints(text), { samples, regression: false });
});

test('regression on the grid: "r" and 7 characters a point, decoded exactly', () => {
  const samples = griddedPoints(200, true);
  const text = encodePoints(samples, true);
  assert.equal(text[0], 'r');
  assert.equal(text.length, 1 + 7 * samples.length);
  assert.deepEqual(decodePoints(text), { samples, regression: true });
});

test('the edges of the compact grid', () => {
  const edges = [
    { x1: -20.47, x2: 20.47, target: 63 },
    { x1: 0, x2: -0.01, target: 0 },
  ];
  const text = encodePoints(edges, false);
  assert.equal(text[0], 'c');
  assert.deepEqual(decodePoints(text).samples, edges);
  const values = [
    { x1: 1, x2: 1, target: -131.071 },
    { x1: 1, x2: 1, target: 131.071 },
    { x1: 1, x2: 1, target: 0.001 },
  ];
  const r = encodePoints(values, true);
  assert.equal(r[0], 'r');
  assert.deepEqual(decodePoints(r).samples, values);
});

test('onCoordGrid and onValueGrid put points where a link stores them compactly', () => {
  assert.equal(onCoordGrid(1.23456), 1.23);
  assert.equal(onCoordGrid(-5.996), -6);
  assert.equal(onValueGrid(1.23456), 1.235);
  assert.equal(onValueGrid(-0.0004), -0);
  let s = 7;
  const random = () => ((s = (s * 16807) % 2147483647) / 2147483647) * 12 - 6;
  const classes = Array.from({ length: 200 }, (_, i) => ({ x1: onCoordGrid(random()), x2: onCoordGrid(random()), target: i % 3 }));
  assert.match(encodePoints(classes, false), /^c/, 'compact');
  assert.equal(encodePoints(classes, false).length, 1 + 5 * classes.length);
  const values = classes.map((p) => ({ ...p, target: onValueGrid(random()) }));
  assert.match(encodePoints(values, true), /^r/, 'compact');
  assert.equal(encodePoints(values, true).length, 1 + 7 * values.length);
  const off = [{ x1: 1.234, x2: 0, target: 0 }];
  assert.match(encodePoints(off, false), /^C/, 'a third decimal is off the grid');
});

test('classesFor: at least two, at least the classes given, one more than the largest label', () => {
  const points = (...labels) => labels.map((target) => ({ x1: 0, x2: 0, target }));
  assert.equal(classesFor([]), 2);
  assert.equal(classesFor(points(0, 0, 1)), 2);
  assert.equal(classesFor(points(0, 1), 4), 4, 'a class without points yet stays');
  assert.equal(classesFor(points(0, 1, 2)), 3, 'a point of a new class adds a class');
  assert.equal(classesFor(points(5), 3), 6);
  assert.equal(classesFor(points(0), undefined), 2);
});

test('off the grid: written in full and decoded exactly', () => {
  const cases = [
    [[{ x1: Math.PI, x2: -1 / 3, target: 1 }, { x1: 0.005, x2: 1e-7, target: 0 }], false],
    [[{ x1: 30, x2: 0, target: 1 }], false], // beyond the compact range
    [[{ x1: 1, x2: 2, target: 64 }], false], // a class beyond one digit
    [[{ x1: 1, x2: 2, target: 0.5 }], false], // not a class
    [[{ x1: 1, x2: 2, target: 0.0005 }, { x1: -5.5, x2: 2.25, target: -1e6 }], true],
    [[{ x1: 1.25, x2: 2, target: 1000 }], true], // beyond the compact range of values
  ];
  for (const [samples, regression] of cases) {
    const text = encodePoints(samples, regression);
    assert.equal(text[0], regression ? 'R' : 'C', text);
    assert.deepEqual(decodePoints(text), { samples, regression }, text);
  }
});

test('one point off the grid writes all in full', () => {
  const samples = [...griddedPoints(5, false), { x1: 0.123, x2: 0, target: 1 }];
  const text = encodePoints(samples, false);
  assert.equal(text[0], 'C');
  assert.equal(text.split('~').length, samples.length);
  assert.deepEqual(decodePoints(text).samples, samples);
});

test('no points', () => {
  for (const regression of [false, true]) {
    const text = encodePoints([], regression);
    assert.deepEqual(decodePoints(text), { samples: [], regression });
  }
});

test('too many points: the compact form up to MAX_LINK_POINTS, then in full while it fits, else undefined', () => {
  const most = griddedPoints(MAX_LINK_POINTS, false);
  assert.equal(encodePoints(most, false)[0], 'c');
  // One point more: in full, which fits while the points are short to write.
  const short = Array.from({ length: MAX_LINK_POINTS + 1 }, (_, i) => ({ x1: i % 7, x2: -(i % 5), target: i % 2 }));
  const text = encodePoints(short, false);
  assert.equal(text[0], 'C');
  assert.deepEqual(decodePoints(text).samples, short.map((p) => ({ ...p, x2: p.x2 + 0 })));
  const exact = Array.from({ length: 3000 }, (_, i) => ({ x1: (i + 1) / 7, x2: -(i + 1) / 7, target: i % 2 }));
  assert.equal(encodePoints(exact, false), undefined);
  const few = exact.slice(0, 10);
  assert.deepEqual(decodePoints(encodePoints(few, false)).samples, few);
});

test('malformed text is refused with an Error', () => {
  const good = encodePoints(griddedPoints(3, false), false);
  const goodR = encodePoints(griddedPoints(3, true), true);
  const bad = [
    '', // no kind
    'x', // unknown kind
    'zAAAAA',
    good.slice(0, -1), // cut off
    goodR.slice(0, -3),
    'cAA!AA', // not a digit
    'cAA AA',
    'r' + 'A'.repeat(6),
    'C', // no point
    'C1_2', // a part missing
    'C1_2_3_4',
    'C1_2_x',
    'C1_2_3~', // an empty point
    'C1__3',
    'RNaN_1_1',
    'R1_2_Infinity',
    'C0_1e999_0', // a number too large to hold (found by link-fuzz.test.mjs: it read as Infinity)
    'R1_2_-1e309',
  ];
  for (const text of bad) assert.throws(() => decodePoints(text), Error, JSON.stringify(text));
});
