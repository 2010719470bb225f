// @ts-check
// The neurons' heatmaps of a big network (more than MANY_TILES): instead of one
// scaled drawImage per neuron (320 for 10 × 32, the diagram's dearest part), each
// heatmap is copied cell by cell (nearest cell, device pixels) into one picture of the
// canvas's size, put into a layer column by column and drawn with one drawImage.

/** @typedef {import('./diagram-layout.js').Layout} Layout */

/** Up to this many heatmaps each is drawn on its own (smoothly scaled, as always). */
export const MANY_TILES = 49;

/**
 * The box of side `node` (CSS px) centred at (x, y), in device pixels.
 * @param {number} x
 * @param {number} y
 * @param {number} node
 * @param {number} dpr
 * @returns {{left: number, top: number, size: number}}
 */
export function deviceBox(x, y, node, dpr) {
  return { left: Math.round((x - node / 2) * dpr), top: Math.round((y - node / 2) * dpr), size: Math.max(1, Math.round(node * dpr)) };
}

/**
 * Copies heatmap `t` of `atlas` (tiles of `side` × `side` pixels stacked top to
 * bottom) into `out` (`width` pixels a row) as a `size` × `size` square at (left,
 * top), each pixel taking the nearest cell. Pixels are whole RGBA words; pixels outside
 * `out` are skipped.
 * @param {Uint32Array} atlas
 * @param {number} side
 * @param {number} t
 * @param {Uint32Array} out
 * @param {number} width
 * @param {{left: number, top: number, size: number}} box
 */
export function copyTile(atlas, side, t, out, width, { left, top, size }) {
  const height = out.length / width;
  const base = t * side * side;
  for (let py = 0; py < size; py++) {
    const y = top + py;
    if (y < 0 || y >= height) continue;
    const row = base + Math.floor((py * side) / size) * side;
    for (let px = 0; px < size; px++) {
      const x = left + px;
      if (x >= 0 && x < width) out[y * width + x] = atlas[row + Math.floor((px * side) / size)];
    }
  }
}

/** The heatmaps of a big network, in a layer of their own. */
export class TileLayer {
  constructor() {
    this.canvas = document.createElement('canvas');
    /** @type {ImageData | null} */
    this.image = null;
  }

  /**
   * Draws every neuron's heatmap after the inputs (from `atlas`, `side` cells each) in
   * its box of `layout` onto `ctx`, whose canvas is in device pixels at `dpr`.
   * @param {CanvasRenderingContext2D} ctx
   * @param {Layout} layout
   * @param {ImageData} atlas
   * @param {number} side
   * @param {number} dpr
   */
  draw(ctx, { shape, pos, node }, atlas, side, dpr) {
    const { width, height } = ctx.canvas;
    if (!this.image || this.image.width !== width || this.image.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
      this.image = new ImageData(width, height);
    }
    const out = new Uint32Array(this.image.data.buffer);
    const tiles = new Uint32Array(atlas.data.buffer);
    const layer = /** @type {CanvasRenderingContext2D} */ (this.canvas.getContext('2d'));
    let t = 0;
    for (let l = 1; l < shape.length; l++) {
      const boxes = pos[l].map(([x, y]) => deviceBox(x, y, node, dpr));
      for (const box of boxes) copyTile(tiles, side, t++, out, width, box);
      const { left, top, size } = boxes[0];
      const bottom = boxes[boxes.length - 1].top + size;
      layer.putImageData(this.image, 0, 0, left, top, size, bottom - top); // this column only
    }
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.canvas, 0, 0);
    ctx.restore();
  }
}
