// @ts-check
// Geometry of the network diagram: where each column and neuron box goes, and the
// curve every link follows. Pure: numbers in, numbers out.
//
// Links are cubic curves from the right edge of one box to the left edge of the next,
// with control points half-way across at each end's height.

/**
 * Where the last drawing put things, in canvas CSS pixels.
 * @typedef {object} Layout
 * @property {number[]} shape
 * @property {number[][][]} pos          `pos[l][j]`: the centre [x, y] of neuron j of column l
 * @property {number} node               side of a neuron's box
 * @property {Float32Array | null} weights  the weights drawn (null: none yet)
 */

/**
 * Column centre of layer `l` of `layers` (same grid as the HTML layer controls).
 * @param {number} l
 * @param {number} layers
 * @param {number} w
 * @returns {number}
 */
export function columnX(l, layers, w) {
  return ((l + 0.5) / layers) * w;
}

/**
 * Point at `t` in [0, 1] of the curve of the link between boxes of side `node` centred
 * at (x0, y0) and (x1, y1).
 * @param {number} x0
 * @param {number} y0
 * @param {number} x1
 * @param {number} y1
 * @param {number} node
 * @param {number} t
 * @returns {[number, number]}
 */
export function curvePoint(x0, y0, x1, y1, node, t) {
  const ax = x0 + node / 2;
  const bx = x1 - node / 2;
  const mx = (x0 + x1) / 2;
  const u = 1 - t;
  return [
    u * u * u * ax + 3 * u * u * t * mx + 3 * u * t * t * mx + t * t * t * bx,
    u * u * u * y0 + 3 * u * u * t * y0 + 3 * u * t * t * y1 + t * t * t * y1,
  ];
}

/** Smallest box side of the spacious layout (the default network's look). */
const ROOMY_NODE = 16;
/** In the compact layout (columns too tall for ROOMY_NODE), a box's share of its slot. */
const COMPACT_FILL = 2 / 3;
/** Smallest box side at all (CSS pixels): still a coloured square to hover. */
const MIN_NODE = 3;

/**
 * Box side and gap between boxes for a diagram whose tallest column has `maxNodes`
 * neurons, on a `w` × `h` canvas of `layers` columns. Up to a column of a few neurons
 * the boxes are 16 to 34 px with gaps up to 12 px; when a column would not fit
 * (10 × 32 on a laptop), each neuron gets an equal slot of the height, two thirds box
 * and one third gap, so the columns always fit the canvas.
 * @param {number} maxNodes
 * @param {number} layers
 * @param {number} w
 * @param {number} h
 * @returns {{node: number, gap: number}}
 */
export function boxSize(maxNodes, layers, w, h) {
  const wide = (w / layers) * 0.5;
  const roomy = Math.min(34, (h - 8) / maxNodes - 8, wide);
  if (roomy >= ROOMY_NODE || maxNodes * (ROOMY_NODE + 2) <= h) {
    const node = Math.max(ROOMY_NODE, roomy);
    return { node, gap: Math.min(12, (h - maxNodes * node) / Math.max(1, maxNodes)) };
  }
  const slot = (h - 8) / maxNodes;
  const node = Math.max(MIN_NODE, Math.min(wide, slot * COMPACT_FILL));
  return { node, gap: Math.max(0, slot - node) };
}

/**
 * Box size and neuron centres of a diagram of this shape on a `w` × `h` canvas.
 * @param {number[]} shape
 * @param {number} w
 * @param {number} h
 * @returns {{pos: number[][][], node: number}}
 */
export function diagramLayout(shape, w, h) {
  const layers = shape.length;
  const maxNodes = Math.max(...shape);
  const { node, gap } = boxSize(maxNodes, layers, w, h);
  const pos = shape.map((n, l) => {
    const x = columnX(l, layers, w);
    const total = n * node + (n - 1) * gap;
    const top = (h - total) / 2;
    return Array.from({ length: n }, (_, j) => [x, top + j * (node + gap) + node / 2]);
  });
  return { pos, node };
}
