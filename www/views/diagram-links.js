// @ts-check
// The links of the network diagram: each coloured by its weight's sign and as thick as
// its size, on the curve of diagram-layout.js, batched into a few strokes.
//
// Big networks (10 × 32 has about 9,500 links) scale down: past LINK_ROOM links every
// link is thinner and fainter (by linkThinning), the weakest (|w| < 0.04) are left out
// past MANY_LINKS. Past LAYER_PAST links they live in a layer of their own (LinkLayer;
// the network view strokes fewer directly, every frame) where only the gaps
// between columns whose links changed their stroke are redrawn; while training, no more
// of them per frame than LINK_MS_PER_FRAME allows, so no frame rasterizes thousands of
// curves. Paused, the layer is always exact.

import { css, LOW, HIGH } from '../lib/colors.js';
import { forEachLink } from '../lib/weights.js';

/** @typedef {import('./diagram-layout.js').Layout} Layout */

/** Strength levels of the diagram's links (width and opacity steps per sign). */
const LINK_LEVELS = 12;
/**
 * Up to this many links the network view strokes them all every frame; more go through
 * a LinkLayer. Stroking a few hundred curves costs a software-rendered frame about 10 ms
 * (a 7-8×6-1 network has 384 links), the layer's copy a fraction of that.
 */
export const LAYER_PAST = 64;
/** Up to this many links every link has its full width and opacity. */
export const LINK_ROOM = 400;
/** Past this many links the weakest level (|w| < 0.04) is not drawn. */
export const MANY_LINKS = 1500;
/** Thinnest scale of a link's width (a 10 × 32 network). */
const MIN_THINNING = 0.2;

/**
 * The stroke a link of weight `v` belongs to: -1 for NaN or infinite (diverged), else
 * 2 × strength level + 1 if positive (levels of the saturating size |v| / (|v| + 1)).
 * @param {number} v
 * @returns {number}
 */
export function linkKey(v) {
  if (!Number.isFinite(v)) return -1;
  const level = Math.round((Math.abs(v) / (Math.abs(v) + 1)) * LINK_LEVELS);
  return 2 * level + (v >= 0 ? 1 : 0);
}

/**
 * How much thinner links are drawn when there are `links` of them: 1 up to LINK_ROOM,
 * then √(LINK_ROOM / links) (the ink of all links stays about that of LINK_ROOM), never
 * below MIN_THINNING.
 * @param {number} links
 * @returns {number}
 */
export function linkThinning(links) {
  return links <= LINK_ROOM ? 1 : Math.max(MIN_THINNING, Math.sqrt(LINK_ROOM / links));
}

/**
 * Whether links of stroke `key` are drawn when there are `links`: diverged and
 * visible-size links always, the weakest level only up to MANY_LINKS.
 * @param {number} key
 * @param {number} links
 * @returns {boolean}
 */
export function linkDrawn(key, links) {
  return key < 0 || links <= MANY_LINKS || key >= 2;
}

/**
 * Colour and width of the links of one key (see linkKey) at a thinning (linkThinning):
 * width 0.5 to 5 px and opacity 0.25 to 1 by size, both scaled down when thinned.
 * @param {number} key
 * @param {number} [thin]
 * @returns {{color: string, width: number}}
 */
export function linkStyle(key, thin = 1) {
  if (key < 0) return { color: 'rgb(120 128 136 / 0.6)', width: thin };
  const size = Math.floor(key / 2) / LINK_LEVELS;
  const alpha = (0.25 + 0.75 * size) * (0.5 + 0.5 * thin);
  return { color: css(key % 2 ? HIGH : LOW, alpha), width: (0.5 + 4.5 * size) * thin };
}

/**
 * The stroke key of every link, in forEachLink's order, into `keys`; marks in `dirty`
 * each gap between columns (gap l - 1 leads into column l) where a key differs from
 * what `keys` held. Returns whether any did.
 * @param {number[]} shape
 * @param {ArrayLike<number>} weights
 * @param {Int8Array} keys   one per link
 * @param {Uint8Array} dirty one per gap
 * @returns {boolean}
 */
export function updateLinkKeys(shape, weights, keys, dirty) {
  let changed = false;
  let k = 0;
  forEachLink(shape, weights, (l, _i, _j, v) => {
    const key = linkKey(v);
    if (keys[k] !== key) {
      keys[k] = key;
      dirty[l - 1] = 1;
      changed = true;
    }
    k += 1;
  });
  return changed;
}

/**
 * Number of links (not biases) of a network of this shape.
 * @param {number[]} shape
 * @returns {number}
 */
export function linkCount(shape) {
  let n = 0;
  for (let l = 1; l < shape.length; l++) n += shape[l - 1] * shape[l];
  return n;
}

/**
 * Links, one path per sign and strength level (a few strokes instead of one per
 * link), weakest level first so strong links are drawn on top; only those into column
 * `into` when given (the links of different gaps never overlap).
 * @param {CanvasRenderingContext2D} ctx
 * @param {Layout} layout
 * @param {number} [into]  a column (>= 1); all links when absent
 */
export function drawLinks(ctx, { shape, pos, node, weights }, into) {
  if (!weights) return;
  const links = linkCount(shape);
  const thin = linkThinning(links);
  /** @type {Map<number, Path2D>} */
  const paths = new Map();
  forEachLink(shape, weights, (l, i, j, v) => {
    const key = linkKey(v);
    if ((into !== undefined && l !== into) || !linkDrawn(key, links)) return;
    let path = paths.get(key);
    if (!path) paths.set(key, (path = new Path2D()));
    const [x0, y0] = pos[l - 1][i];
    const [x1, y1] = pos[l][j];
    path.moveTo(x0 + node / 2, y0);
    path.bezierCurveTo((x0 + x1) / 2, y0, (x0 + x1) / 2, y1, x1 - node / 2, y1);
  });
  for (const [key, path] of [...paths].sort((a, b) => a[0] - b[0])) {
    const { color, width } = linkStyle(key, thin);
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.stroke(path);
  }
}

/**
 * Which changed gaps to redraw this frame while training, in turn from `cursor`: each
 * costs about `costs[g]` ms and the frame has `credit` ms (time saved up from frames
 * that drew less). Cheap diagrams redraw every changed gap every frame; a 10 × 32 one a
 * gap or two per frame, so no frame pays for thousands of curves.
 * @param {ArrayLike<number>} dirty  one per gap: 1 if a link's stroke changed
 * @param {ArrayLike<number>} costs  one per gap: estimated ms to redraw it
 * @param {number} cursor  the gap to look at first
 * @param {number} credit  ms this frame may spend
 * @param {number} [cap]   the most credit there can be: a gap dearer than that is drawn
 *                         alone once the credit reaches it
 * @returns {number[]}  the gaps to redraw, in order
 */
export function gapsDue(dirty, costs, cursor, credit, cap = Infinity) {
  const n = dirty.length;
  /** @type {number[]} */
  const out = [];
  let left = credit;
  for (let k = 0; k < n; k++) {
    const g = (cursor + k) % n;
    if (!dirty[g]) continue;
    const affordable = costs[g] <= left || (out.length === 0 && credit >= cap);
    if (!affordable) break; // the next frames save up for it, in turn
    out.push(g);
    left -= costs[g];
  }
  return out;
}

/** Time the links may take per frame while training (ms), saved up while unused. */
export const LINK_MS_PER_FRAME = 2;
/** Most credit saved up (ms): one slow gap, not a burst of them. */
const MAX_CREDIT_MS = 40;

/** The links drawn into a canvas of their own, redrawn gap by gap when they change. */
export class LinkLayer {
  constructor() {
    this.canvas = document.createElement('canvas');
    this.geometry = ''; // the layout the layer was drawn for
    this.keys = new Int8Array(0); // each link's stroke when last looked at
    this.dirty = new Uint8Array(0); // each gap: a stroke changed since it was drawn
    this.msPerLink = 0; // measured cost of one link (ms)
    this.credit = 0; // ms saved up for redrawing while training
    this.cursor = 0; // the gap to look at first next time
  }

  /**
   * Draws the links of `layout` onto `ctx` (`w` × `h` CSS pixels at `dpr`) from the
   * layer, first redrawing the gaps whose links changed: all of them when paused or when
   * the layout changed, else as many as this frame's share of time allows.
   * @param {CanvasRenderingContext2D} ctx
   * @param {Layout} layout
   * @param {{w: number, h: number, dpr: number, playing: boolean}} at
   */
  draw(ctx, layout, { w, h, dpr, playing }) {
    if (!layout.weights) return;
    const { shape } = layout;
    const geometry = `${shape.join(',')} ${w} ${h} ${dpr} ${layout.node}`;
    const fresh = geometry !== this.geometry;
    if (fresh) this.reset(shape, w, h, dpr, geometry);
    updateLinkKeys(shape, layout.weights, this.keys, this.dirty);
    const gaps = fresh || !playing ? this.allDirty() : this.dueGaps(shape);
    const start = performance.now();
    for (const g of gaps) this.redrawGap(layout, g + 1, h, dpr);
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0); // pixel for pixel: the layer has the canvas's size
    ctx.drawImage(this.canvas, 0, 0);
    ctx.restore();
    if (gaps.length > 0) this.measure(shape, gaps, performance.now() - start); // the copy rasterizes them
  }

  /**
   * A new layout: an empty layer of the canvas's size, every gap to draw.
   * @param {number[]} shape
   * @param {number} w
   * @param {number} h
   * @param {number} dpr
   * @param {string} geometry
   */
  reset(shape, w, h, dpr, geometry) {
    this.canvas.width = Math.max(1, Math.round(w * dpr));
    this.canvas.height = Math.max(1, Math.round(h * dpr));
    this.geometry = geometry;
    this.keys = new Int8Array(linkCount(shape)).fill(-2);
    this.dirty = new Uint8Array(shape.length - 1).fill(1);
    this.cursor = 0;
  }

  /** @returns {number[]} every gap whose links changed */
  allDirty() {
    return [...this.dirty.keys()].filter((g) => this.dirty[g]);
  }

  /**
   * The changed gaps this frame's time allows (gapsDue), paid from the credit.
   * @param {number[]} shape
   * @returns {number[]}
   */
  dueGaps(shape) {
    this.credit = Math.min(MAX_CREDIT_MS, this.credit + LINK_MS_PER_FRAME);
    const costs = this.dirty.length ? [...this.dirty].map((_, g) => shape[g] * shape[g + 1] * this.msPerLink) : [];
    const gaps = gapsDue(this.dirty, costs, this.cursor, this.credit, MAX_CREDIT_MS);
    if (gaps.length > 0) this.cursor = (gaps[gaps.length - 1] + 1) % this.dirty.length;
    return gaps;
  }

  /**
   * Records what redrawing `gaps` cost, per link, and takes it from the credit.
   * @param {number[]} shape
   * @param {number[]} gaps
   * @param {number} ms
   */
  measure(shape, gaps, ms) {
    const links = gaps.reduce((n, g) => n + shape[g] * shape[g + 1], 0);
    const per = ms / Math.max(1, links);
    this.msPerLink = this.msPerLink > 0 ? this.msPerLink + 0.3 * (per - this.msPerLink) : per;
    this.credit = Math.max(0, this.credit - ms);
  }

  /**
   * Clears the strip between columns `l - 1` and `l` and draws the links into `l`.
   * @param {Layout} layout
   * @param {number} l
   * @param {number} h
   * @param {number} dpr
   */
  redrawGap(layout, l, h, dpr) {
    const ctx = /** @type {CanvasRenderingContext2D} */ (this.canvas.getContext('2d'));
    const { pos, node } = layout;
    // Links leave and enter boxes horizontally (butt caps): nothing of a gap's strokes
    // reaches into the boxes on either side, so a strip holds one gap's links only.
    const left = Math.floor((pos[l - 1][0][0] + node / 2) * dpr) - 1;
    const right = Math.ceil((pos[l][0][0] - node / 2) * dpr) + 1;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(left, 0, right - left, Math.ceil(h * dpr));
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawLinks(ctx, layout, l);
    this.dirty[l - 1] = 0;
  }
}
