// @ts-check
// Weights as images, for image tables: each neuron of the first layer drawn on the
// input's pixel grid, its weight from each pixel in the diagram's colours (blue: ink
// there raises the neuron's ξ, orange: lowers it), each template at its own scale. A
// single-layer network on letters shows 26 templates that start as the letters. Redrawn
// with every frame while open.

import { h, setText } from '../lib/dom.js';
import { fitCanvas } from '../lib/canvas.js';
import { formatWeight } from '../lib/format.js';
import { watch } from '../app/store.js';
import { paintGrid, template, templateColor, templateScale } from './images.js';
import { colNames, outputNames } from './matrix.js';
import { paced } from './pace.js';

/** @typedef {import('../app/state.js').State} State */
/** @typedef {import('../app/store.js').Store<State>} Store */
/** @typedef {import('../worker/protocol.js').ImageLayout} ImageLayout */

/** Gap between tiles and the height of a tile's name (px). */
const GAP = 10;

/**
 * Where the tiles go: `px` per pixel, `perRow` tiles a row, each tile's top-left corner.
 * @param {{width: number, height: number}} image
 * @param {number} tiles
 * @param {number} avail  px of width
 * @param {number} font   px
 */
export function tileLayout(image, tiles, avail, font) {
  const px = Math.max(3, Math.min(8, Math.floor(avail / (7 * (image.width + 2)))));
  const tileW = image.width * px;
  const tileH = image.height * px + font + 4;
  const perRow = Math.max(1, Math.floor((avail + GAP) / (tileW + GAP)));
  const at = Array.from({ length: tiles }, (_, k) => ({ x: (k % perRow) * (tileW + GAP), y: Math.floor(k / perRow) * (tileH + GAP) }));
  const height = Math.ceil(tiles / perRow) * (tileH + GAP);
  return { px, tileW, tileH, perRow, at, width: Math.min(tiles, perRow) * (tileW + GAP), height };
}

/**
 * Builds the panel into `host` and keeps it drawn for image tables (hidden otherwise).
 * @param {{store: Store, host: HTMLElement}} deps
 */
export function mountTemplatesPanel({ store, host }) {
  const canvas = /** @type {HTMLCanvasElement} */ (h('canvas', { id: 'templates-canvas', class: 'templates-canvas', role: 'img', 'aria-label': 'Each first-layer neuron\'s weights on the pixel grid' }));
  const note = h('p', { id: 'templates-note', class: 'hint' });
  const details = /** @type {HTMLDetailsElement} */ (
    h(
      'details',
      { id: 'templates-panel', class: 'templates-panel', hidden: true },
      h('summary', { text: 'Weights as images: each neuron\'s template' }),
      h('p', { class: 'hint', text: 'Each neuron of the first layer drawn on the picture\'s grid: its weight from every pixel (the column of W that belongs to it). Blue pixels raise the neuron\'s ξ = xW + b where there is ink, orange ones lower it. With no hidden layer each neuron is a class: in the first epochs its template is its letter or digit against the average of the others, later it keeps what tells its class apart.' }),
      canvas,
      note,
    )
  );
  host.append(details);
  /** @type {ReturnType<typeof tileLayout> | null} */
  let layout = null;
  /** @type {number[]} each template's largest |w| */
  let scales = [];
  /** @type {Float32Array | null} */
  let weights = null;
  let draws = 0;

  const draw = () => {
    const run = store.get().run;
    const image = run?.table?.image;
    if (!run || !image || !weights || !details.open) return;
    const names = run.shape.length === 2 ? outputNames(run) : colNames(run.shape, 1, []);
    const font = parseFloat(getComputedStyle(canvas).fontSize) || 13;
    layout = tileLayout(image, run.shape[1], Math.max(200, details.clientWidth - 4), font);
    canvas.style.width = `${layout.width}px`;
    canvas.style.height = `${layout.height}px`;
    const { ctx, w, h: hh } = fitCanvas(canvas);
    ctx.clearRect(0, 0, w, hh);
    ctx.font = `${font}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    scales = [];
    for (let j = 0; j < run.shape[1]; j++) {
      const t = template(image, run.shape, weights, j);
      const scale = templateScale(t);
      scales.push(scale);
      const { x, y } = layout.at[j];
      paintGrid(ctx, image, (k) => templateColor(t[k], scale), x, y, layout.px);
      ctx.fillStyle = '#1d2125';
      ctx.fillText(names[j], x + layout.tileW / 2, y + image.height * layout.px + 2, layout.tileW + GAP);
    }
    const largest = Math.max(...scales);
    setText(note, `${run.shape[1]} neurons, each at its own scale: full colour at its largest |w| (${formatWeight(Math.min(...scales))} to ${formatWeight(largest)}).`);
    draws += 1;
  };

  watch(store, (s) => s.run, (run) => {
    details.hidden = !run?.table?.image;
    weights = null;
  });
  const onWeights = paced(draw, 100); // at most 10 redraws a second while training
  watch(store, (s) => s.frame, (frame) => {
    if (!frame?.weights || frame.run !== store.get().run?.id) return;
    weights = Float32Array.from(frame.weights);
    onWeights();
  });
  details.addEventListener('toggle', draw);
  return {
    snapshot: () => ({ open: details.open, shown: !details.hidden, draws, scales: [...scales], layout: layout && { px: layout.px, at: layout.at, tileW: layout.tileW } }),
  };
}
