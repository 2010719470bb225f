// @ts-check
// Marks drawn over the network diagram: the highlight the step panel asks for (a band
// behind a column, a ring around a neuron, a link drawn over the others) and the
// activity rings of hidden neurons (saturated, inactive, dead).

/** @typedef {import('./diagram-layout.js').Layout} Layout */

/**
 * What to highlight: a band behind column `layer` (0: the inputs), a ring around its
 * neuron `neuron`, and the link into it from neuron `from` of the column before; null:
 * nothing.
 * @typedef {{layer: number | null, neuron: number | null, from?: number | null}} Highlight
 */

/**
 * The highlighted link (`highlight.from` of the column before to `highlight.neuron`),
 * drawn over the others on the curve every link follows.
 * @param {CanvasRenderingContext2D} ctx
 * @param {Layout} layout
 * @param {Highlight} highlight
 */
export function drawHighlightLink(ctx, { pos, node }, highlight) {
  const { layer, neuron, from } = highlight;
  if (layer === null || neuron === null || from === null || from === undefined || !layer) return;
  const a = pos[layer - 1]?.[from];
  const b = pos[layer]?.[neuron];
  if (!a || !b) return;
  const mx = (a[0] + b[0]) / 2;
  ctx.beginPath();
  ctx.moveTo(a[0] + node / 2, a[1]);
  ctx.bezierCurveTo(mx, a[1], mx, b[1], b[0] - node / 2, b[1]);
  ctx.strokeStyle = '#1f2933';
  ctx.lineWidth = 5;
  ctx.stroke();
  ctx.strokeStyle = '#f5b028';
  ctx.lineWidth = 3;
  ctx.stroke();
}

/**
 * The band behind the highlighted column (`highlight.layer`), if it exists.
 * @param {CanvasRenderingContext2D} ctx
 * @param {Layout} layout
 * @param {Highlight} highlight
 */
export function drawHighlightBand(ctx, { shape, pos, node }, highlight) {
  const l = highlight.layer;
  if (l === null || l === undefined || !pos[l]?.length) return;
  const pad = 7;
  const [x] = pos[l][0];
  const top = pos[l][0][1] - node / 2 - pad;
  const bottom = pos[l][shape[l] - 1][1] + node / 2 + pad;
  ctx.fillStyle = 'rgb(245 176 40 / 0.2)';
  ctx.strokeStyle = 'rgb(214 140 0 / 0.7)';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.roundRect(x - node / 2 - pad, top, node + 2 * pad, bottom - top, 6);
  ctx.fill();
  ctx.stroke();
}

/**
 * A ring around the highlighted neuron (`highlight.neuron` of `highlight.layer`).
 * @param {CanvasRenderingContext2D} ctx
 * @param {Layout} layout
 * @param {Highlight} highlight
 */
export function drawHighlightRing(ctx, { pos, node }, highlight) {
  const { layer, neuron } = highlight;
  if (layer === null || neuron === null || layer === undefined || neuron === undefined) return;
  const at = pos[layer]?.[neuron];
  if (!at) return;
  ctx.strokeStyle = '#1f2933';
  ctx.lineWidth = 3;
  ctx.beginPath();
  ctx.roundRect(at[0] - node / 2 - 4, at[1] - node / 2 - 4, node + 8, node + 8, 4);
  ctx.stroke();
  ctx.strokeStyle = '#f5b028';
  ctx.lineWidth = 1.5;
  ctx.stroke();
}

/** Smallest box (CSS px) that gets an activity ring: below, a ring would hide the box. */
const MIN_RING_NODE = 14;

/**
 * A small ring in the top right corner of each hidden neuron whose activation has
 * something to measure: its filled arc (clockwise from the top) is the share of the
 * training samples where the neuron is saturated (sigmoid, tanh) or inactive (ReLU);
 * a dead neuron gets a full red ring and a red cross over its box. Boxes smaller than
 * MIN_RING_NODE (a big network) get no ring, a dead neuron only its cross. Few paths,
 * stroked once each.
 * @param {CanvasRenderingContext2D} ctx
 * @param {Layout} layout
 * @param {ReadonlyArray<import('../worker/protocol.js').LayerActivity> | null} activity  null: no rings
 */
export function drawActivity(ctx, { shape, pos, node }, activity) {
  if (!activity) return;
  const r = Math.max(4, node * 0.2);
  const rings = node >= MIN_RING_NODE; // smaller boxes: only the dead get marked (the tooltip gives the share)
  const disks = new Path2D();
  const tracks = new Path2D();
  const shares = new Path2D();
  const dead = new Path2D();
  const crosses = new Path2D();
  let any = false;
  for (let l = 1; l < shape.length - 1; l++) {
    const layer = activity[l - 1];
    if (!layer || layer.measure === 'none' || layer.neurons.length !== shape[l]) continue;
    for (let j = 0; j < shape[l]; j++) {
      const n = layer.neurons[j];
      const [x, y] = pos[l][j];
      const cx = x + node / 2 - r - 2;
      const cy = y - node / 2 + r + 2;
      if (!rings && !n.dead) continue;
      any = true;
      if (rings) {
        disks.moveTo(cx + r + 1.5, cy);
        disks.arc(cx, cy, r + 1.5, 0, 2 * Math.PI);
      }
      if (n.dead) {
        if (rings) {
          dead.moveTo(cx + r, cy);
          dead.arc(cx, cy, r, 0, 2 * Math.PI);
        }
        const a = rings ? node / 2 - 3 : node / 2;
        crosses.moveTo(x - a, y - a);
        crosses.lineTo(x + a, y + a);
        crosses.moveTo(x + a, y - a);
        crosses.lineTo(x - a, y + a);
        continue;
      }
      tracks.moveTo(cx + r, cy);
      tracks.arc(cx, cy, r, 0, 2 * Math.PI);
      const share = Math.min(1, Math.max(0, layer.measure === 'saturation' ? n.saturated : n.inactive));
      if (share > 0) {
        shares.moveTo(cx, cy - r);
        shares.arc(cx, cy, r, -Math.PI / 2, -Math.PI / 2 + 2 * Math.PI * share);
      }
    }
  }
  if (!any) return;
  ctx.lineWidth = 2;
  ctx.strokeStyle = '#d62728';
  ctx.stroke(crosses);
  ctx.fillStyle = 'rgb(255 255 255 / 0.85)';
  ctx.fill(disks);
  ctx.strokeStyle = '#c3cbd2';
  ctx.stroke(tracks);
  ctx.strokeStyle = '#1f2933';
  ctx.stroke(shares);
  ctx.strokeStyle = '#d62728';
  ctx.stroke(dead);
}
