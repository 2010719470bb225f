// www/lib/plane.js: the one mapping between the input plane and pixels or grid cells.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toPixel, toPlane, cellIndex } from '../../www/lib/plane.js';

test('toPixel: x1 grows to the right, x2 upwards (row 0 is the top, x2 = extent)', () => {
  assert.deepEqual(toPixel(6, 200, 100, -6, 6), { x: 0, y: 0 });
  assert.deepEqual(toPixel(6, 200, 100, 6, -6), { x: 200, y: 100 });
  assert.deepEqual(toPixel(6, 200, 100, 0, 0), { x: 100, y: 50 });
  assert.deepEqual(toPixel(6, 200, 100, 3, 3), { x: 150, y: 25 });
  assert.deepEqual(toPixel(1, 10, 10, -2, 0), { x: -5, y: 5 }, 'not clamped');
});

test('toPlane: the plane point under a pixel', () => {
  assert.deepEqual(toPlane(6, 200, 100, 0, 0), { x1: -6, x2: 6 });
  assert.deepEqual(toPlane(6, 200, 100, 200, 100), { x1: 6, x2: -6 });
  assert.deepEqual(toPlane(6, 200, 100, 100, 50), { x1: 0, x2: 0 });
  assert.deepEqual(toPlane(6, 200, 100, 150, 75), { x1: 3, x2: -3 });
});

test('toPlane undoes toPixel, and the other way round', () => {
  for (const [extent, w, h] of [[6, 300, 300], [6, 517, 233], [1.5, 64, 100]]) {
    for (let k = 0; k < 50; k++) {
      const x1 = ((k * 37) % 101) / 50 - 1; // spread over [-1, 1]
      const x2 = ((k * 53) % 101) / 50 - 1;
      const p = toPixel(extent, w, h, x1 * extent * 1.2, x2 * extent * 1.2);
      const q = toPlane(extent, w, h, p.x, p.y);
      assert.ok(Math.abs(q.x1 - x1 * extent * 1.2) < 1e-9 && Math.abs(q.x2 - x2 * extent * 1.2) < 1e-9);
      const px = toPixel(extent, w, h, toPlane(extent, w, h, k * 7, k * 3).x1, toPlane(extent, w, h, k * 7, k * 3).x2);
      assert.ok(Math.abs(px.x - k * 7) < 1e-9 && Math.abs(px.y - k * 3) < 1e-9);
    }
  }
});

test('cellIndex: the corners of the plane are the corner cells, row by row from the top', () => {
  const side = 10;
  assert.equal(cellIndex(6, side, -6, 6), 0, 'top left');
  assert.equal(cellIndex(6, side, 6, 6), side - 1, 'top right');
  assert.equal(cellIndex(6, side, -6, -6), side * (side - 1), 'bottom left');
  assert.equal(cellIndex(6, side, 6, -6), side * side - 1, 'bottom right');
  assert.equal(cellIndex(6, side, 0.01, 0.01), 4 * side + 5, 'just above and right of the centre');
  assert.equal(cellIndex(6, side, -0.01, -0.01), 5 * side + 4, 'just below and left of the centre');
});

test('cellIndex: points outside the plane give the nearest edge cell', () => {
  const side = 4;
  assert.equal(cellIndex(6, side, -100, 100), 0);
  assert.equal(cellIndex(6, side, 100, 100), 3);
  assert.equal(cellIndex(6, side, 100, -100), 15);
  assert.equal(cellIndex(6, side, -7, 0.5), 1 * side + 0);
  assert.equal(cellIndex(6, side, 0.5, -7), 3 * side + 2);
});

test("cellIndex: each cell's centre falls in that cell", () => {
  for (const side of [1, 3, 24, 100]) {
    const extent = 6;
    for (let row = 0; row < side; row++) {
      for (let col = 0; col < side; col++) {
        const { x1, x2 } = toPlane(extent, side, side, col + 0.5, row + 0.5);
        assert.equal(cellIndex(extent, side, x1, x2), row * side + col);
      }
    }
  }
});
