// @ts-check
// Hit testing of the network diagram, pure over a layout (diagram-layout.js): which
// neuron or link is under a point, where a link's curve passes, the parameter behind
// a target, and where every target can be clicked (for tests).

import { weightIndex } from '../lib/weights.js';
import { curvePoint } from './diagram-layout.js';

/** @typedef {import('./diagram-layout.js').Layout} Layout */

/**
 * A neuron (column `l`, index `j`) or the link from neuron `i` of column `l - 1` to
 * neuron `j` of column `l`.
 * @typedef {{kind: 'neuron', l: number, j: number} | {kind: 'link', l: number, i: number, j: number}} Target
 */

/**
 * The parameter behind a target, with the arguments of the core's `setWeight`
 * (`from` = the layer's input count: the bias).
 * @typedef {object} Parameter
 * @property {number | undefined} value  undefined while no weights were drawn
 * @property {boolean} editable
 * @property {{layer: number, from: number, to: number}} args
 */

/**
 * Where each link and neuron can be clicked (for tests); `layer` counts from the first
 * hidden layer (the `setWeight` layer).
 * @typedef {object} Targets
 * @property {Array<{layer: number, from: number, to: number, x: number, y: number}>} links
 * @property {Array<{layer: number, index: number, x: number, y: number}>} neurons
 */

/** CSS pixels from a link's curve that still count as on it. */
const LINK_HIT = 5;
/** Straight pieces a link's curve is cut into for hit testing. */
const CURVE_STEPS = 24;

/**
 * Distance from (px, py) to the segment from a to b.
 * @param {number} px
 * @param {number} py
 * @param {number[]} a
 * @param {number[]} b
 * @returns {number}
 */
export function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * Distance from (x, y) to the curve of a link (as straight pieces).
 * @param {number} x
 * @param {number} y
 * @param {number[]} from  centre of the box the link leaves
 * @param {number[]} to    centre of the box it enters
 * @param {number} node
 * @returns {number}
 */
function distanceToCurve(x, y, from, to, node) {
  let best = Infinity;
  let prev = curvePoint(from[0], from[1], to[0], to[1], node, 0);
  for (let s = 1; s <= CURVE_STEPS; s++) {
    const next = curvePoint(from[0], from[1], to[0], to[1], node, s / CURVE_STEPS);
    best = Math.min(best, distanceToSegment(x, y, prev, next));
    prev = next;
  }
  return best;
}

/**
 * What is under (x, y) in canvas CSS pixels in a layout: a neuron, the nearest link
 * within a few pixels, or null.
 * @param {Layout | null} layout  null: nothing drawn
 * @param {number} x
 * @param {number} y
 * @returns {Target | null}
 */
export function hitTarget(layout, x, y) {
  if (!layout) return null;
  const { shape, pos, node } = layout;
  for (let l = 0; l < shape.length; l++) {
    for (let j = 0; j < shape[l]; j++) {
      const [cx, cy] = pos[l][j];
      if (Math.abs(x - cx) <= node / 2 && Math.abs(y - cy) <= node / 2) return { kind: 'neuron', l, j };
    }
  }
  return hitLink(x, y, layout);
}

/**
 * The link nearest to (x, y), if within LINK_HIT pixels of its curve.
 * @param {number} x
 * @param {number} y
 * @param {Layout} layout
 * @returns {Target | null}
 */
function hitLink(x, y, { shape, pos, node }) {
  /** @type {Target | null} */
  let best = null;
  let bestD = LINK_HIT;
  for (let l = 1; l < shape.length; l++) {
    const [xa] = pos[l - 1][0];
    const [xb] = pos[l][0];
    if (x < xa + node / 2 - LINK_HIT || x > xb - node / 2 + LINK_HIT) continue;
    for (let i = 0; i < shape[l - 1]; i++) {
      const ya = pos[l - 1][i][1];
      for (let j = 0; j < shape[l]; j++) {
        // A curve stays between its ends' heights (its control points are at them):
        // most of a big network's 1,024 links between two columns are skipped here.
        const yb = pos[l][j][1];
        if (y < Math.min(ya, yb) - LINK_HIT || y > Math.max(ya, yb) + LINK_HIT) continue;
        const d = distanceToCurve(x, y, pos[l - 1][i], pos[l][j], node);
        if (d < bestD) {
          bestD = d;
          best = { kind: 'link', l, i, j };
        }
      }
    }
  }
  return best;
}

/**
 * Point at `t` in [0, 1] along the link from neuron `i` of column `l - 1` to neuron
 * `j` of column `l` in a layout (null: nothing drawn).
 * @param {Layout | null} layout
 * @param {number} l
 * @param {number} i
 * @param {number} j
 * @param {number} t
 * @returns {[number, number] | null}
 */
export function layoutLinkPoint(layout, l, i, j, t) {
  if (!layout) return null;
  const { pos, node } = layout;
  return curvePoint(pos[l - 1][i][0], pos[l - 1][i][1], pos[l][j][0], pos[l][j][1], node, t);
}

/**
 * The weight or bias behind a target (a link: its weight; a neuron after the inputs:
 * its bias), with the core's `setWeight` arguments; null for an input neuron.
 * @param {Layout | null} layout  null: nothing drawn
 * @param {Target} target
 * @returns {Parameter | null}
 */
export function targetParameter(layout, target) {
  if (!layout || (target.kind === 'neuron' && target.l === 0)) return null;
  const { shape, weights } = layout;
  const from = target.kind === 'link' ? target.i : shape[target.l - 1];
  const value = weights?.[weightIndex(shape, target.l, from, target.j)];
  return { value, editable: weights !== null, args: { layer: target.l - 1, from, to: target.j } };
}

/**
 * Where each link (a fifth along its curve) and each neuron after the inputs is in a
 * layout.
 * @param {Layout | null} layout  null: nothing drawn (no targets)
 * @returns {Targets}
 */
export function layoutTargets(layout) {
  /** @type {Targets} */
  const out = { links: [], neurons: [] };
  if (!layout) return out;
  const { shape, pos, node } = layout;
  for (let l = 1; l < shape.length; l++) {
    for (let j = 0; j < shape[l]; j++) {
      out.neurons.push({ layer: l - 1, index: j, x: pos[l][j][0], y: pos[l][j][1] });
      for (let i = 0; i < shape[l - 1]; i++) {
        const [x, y] = curvePoint(pos[l - 1][i][0], pos[l - 1][i][1], pos[l][j][0], pos[l][j][1], node, 0.2);
        out.links.push({ layer: l - 1, from: i, to: j, x, y });
      }
    }
  }
  return out;
}
