// @ts-check
// The one mapping between the input plane [-extent, extent]² and pixels (or grid
// cells): x1 grows to the right, x2 upwards, so row 0 at the top is x2 = extent.

/**
 * Pixel position of plane point (x1, x2) on a `w` × `h` drawing of the plane.
 * @param {number} extent  half-width of the plane
 * @param {number} w
 * @param {number} h
 * @param {number} x1
 * @param {number} x2
 * @returns {{x: number, y: number}}
 */
export function toPixel(extent, w, h, x1, x2) {
  return {
    x: ((x1 + extent) / (2 * extent)) * w,
    y: ((extent - x2) / (2 * extent)) * h,
  };
}

/**
 * Plane point under pixel (x, y) of a `w` × `h` drawing of the plane (not clamped).
 * @param {number} extent
 * @param {number} w
 * @param {number} h
 * @param {number} x
 * @param {number} y
 * @returns {{x1: number, x2: number}}
 */
export function toPlane(extent, w, h, x, y) {
  return {
    x1: (x / w) * 2 * extent - extent,
    x2: extent - (y / h) * 2 * extent,
  };
}

/**
 * Index (row by row from the top) of the cell of a `side` × `side` grid over the plane
 * that holds point (x1, x2); points outside the plane give the nearest edge cell.
 * @param {number} extent
 * @param {number} side  cells per side
 * @param {number} x1
 * @param {number} x2
 * @returns {number}
 */
export function cellIndex(extent, side, x1, x2) {
  const { x, y } = toPixel(extent, side, side, x1, x2);
  const col = Math.min(side - 1, Math.max(0, Math.floor(x)));
  const row = Math.min(side - 1, Math.max(0, Math.floor(y)));
  return row * side + col;
}
