// How the network diagram scales to big networks (www/views/diagram-layout.js,
// diagram-links.js, diagram-tiles.js, hit testing in diagram-hit.js) and how many cells
// each neuron's heatmap gets (www/worker/pace.js):
// pure functions, no canvas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boxSize, diagramLayout, curvePoint } from '../../www/views/diagram-layout.js';
import { hitTarget, distanceToSegment } from '../../www/views/diagram-hit.js';
import {
  linkKey, linkThinning, linkDrawn, linkStyle, linkCount, updateLinkKeys, gapsDue, LINK_ROOM, MANY_LINKS,
} from '../../www/views/diagram-links.js';
import { neuronSide, NEURON_SIDE } from '../../www/worker/pace.js';
import { deviceBox, copyTile } from '../../www/views/diagram-tiles.js';

/** The layout before big networks (6 × 8 at most), which they must not change. */
function oldBox(maxNodes, layers, w, h) {
  const node = Math.max(16, Math.min(34, (h - 8) / maxNodes - 8, (w / layers) * 0.5));
  return { node, gap: Math.min(12, (h - maxNodes * node) / Math.max(1, maxNodes)) };
}

test('boxSize: networks up to 6 × 8 are laid out exactly as before', () => {
  for (const w of [300, 412, 520, 800]) {
    for (const h of [300, 340, 479, 522, 560]) {
      for (let layers = 2; layers <= 8; layers++) {
        for (let maxNodes = 1; maxNodes <= 8; maxNodes++) {
          assert.deepEqual(boxSize(maxNodes, layers, w, h), oldBox(maxNodes, layers, w, h), `${maxNodes} in ${layers} columns on ${w} × ${h}`);
        }
      }
    }
  }
});

test('boxSize: up to 12 columns of 32, boxes never overlap and every column fits', () => {
  for (const w of [300, 412, 800, 1200]) {
    for (const h of [300, 479, 560]) {
      for (const layers of [3, 7, 12]) {
        for (let maxNodes = 1; maxNodes <= 32; maxNodes++) {
          const { node, gap } = boxSize(maxNodes, layers, w, h);
          const at = `${maxNodes} in ${layers} columns on ${w} × ${h}: box ${node}, gap ${gap}`;
          assert.ok(gap >= 0, at);
          assert.ok(maxNodes * node + (maxNodes - 1) * gap <= h, at);
          assert.ok(node >= 3 && node <= 34, at);
          assert.ok(node <= Math.max(16, (w / layers) * 0.5), `${at}: columns do not touch`);
        }
      }
    }
  }
});

test('diagramLayout: 10 × 32 on the 1280 × 720 canvas (412 × 479) fits, boxes 2/3 of their slot', () => {
  const shape = [2, ...Array(10).fill(32), 1];
  const { pos, node } = diagramLayout(shape, 412, 479);
  assert.ok(node > 8 && node < 12, `box ${node}`);
  for (const column of pos) {
    for (const [x, y] of column) {
      assert.ok(x - node / 2 >= 0 && x + node / 2 <= 412 && y - node / 2 >= 0 && y + node / 2 <= 479, `${x}, ${y}`);
    }
  }
  const slot = pos[1][1][1] - pos[1][0][1];
  assert.ok(Math.abs(node / slot - 2 / 3) < 1e-9);
});

test('linkThinning: full width up to LINK_ROOM links, then thinner, never below a fifth', () => {
  assert.equal(linkThinning(19), 1);
  assert.equal(linkThinning(LINK_ROOM), 1);
  assert.ok(linkThinning(LINK_ROOM + 100) < 1);
  assert.ok(linkThinning(9000) < linkThinning(2000));
  assert.equal(linkThinning(1e6), 0.2);
});

test('linkStyle: unthinned as before (0.5 to 5 px, opacity 0.25 to 1); thinned is thinner and fainter', () => {
  const strong = linkKey(1e6); // the strongest positive level
  assert.deepEqual(linkStyle(strong), { color: 'rgb(8 119 189)', width: 5 });
  assert.deepEqual(linkStyle(linkKey(-1e-6)), { color: 'rgb(245 147 34 / 0.25)', width: 0.5 });
  const thin = linkStyle(strong, 0.25);
  assert.equal(thin.width, 1.25);
  assert.match(thin.color, /\/ 0\.625\)$/);
  assert.equal(linkStyle(linkKey(NaN)).width, 1, 'diverged links stay visible');
});

test('linkDrawn: the weakest level is left out only past MANY_LINKS; diverged links always drawn', () => {
  const weakest = linkKey(0.01);
  const visible = linkKey(0.3);
  assert.equal(linkDrawn(weakest, MANY_LINKS), true);
  assert.equal(linkDrawn(weakest, MANY_LINKS + 1), false);
  assert.equal(linkDrawn(visible, 10000), true);
  assert.equal(linkDrawn(linkKey(Infinity), 10000), true);
});

test('updateLinkKeys: marks only the gaps where a link changed its stroke', () => {
  const shape = [2, 3, 1];
  assert.equal(linkCount(shape), 9);
  const weights = new Float32Array(2 * 3 + 3 + 3 * 1 + 1).fill(0.5);
  const keys = new Int8Array(9).fill(-2);
  const dirty = new Uint8Array(2);
  assert.equal(updateLinkKeys(shape, weights, keys, dirty), true);
  assert.deepEqual([...dirty], [1, 1]);
  dirty.fill(0);
  weights[0] = 0.51; // the same stroke level
  weights[6] = -3; // a bias: not a link
  assert.equal(updateLinkKeys(shape, weights, keys, dirty), false);
  weights[9] = -0.5; // the first link into the output
  assert.equal(updateLinkKeys(shape, weights, keys, dirty), true);
  assert.deepEqual([...dirty], [0, 1]);
});

test('gapsDue: cheap gaps all at once, dear ones in turn as the credit allows', () => {
  assert.deepEqual(gapsDue([1, 0, 1], [0.1, 0.1, 0.1], 0, 2), [0, 2], 'clean gaps are skipped');
  assert.deepEqual(gapsDue([1, 1, 1, 1], [3, 3, 3, 3], 2, 7), [2, 3], 'from the cursor, as many as the credit pays');
  assert.deepEqual(gapsDue([1, 1], [3, 3], 1, 2), [], 'not yet: the credit grows');
  assert.deepEqual(gapsDue([1, 1], [50, 50], 0, 40, 40), [0], 'a gap dearer than the most credit is drawn alone once it is reached');
  assert.deepEqual(gapsDue([0, 0], [1, 1], 0, 40), []);
});

test('neuronSide: 24 cells per side up to 6 × 8, fewer for more neurons, at least 4', () => {
  assert.equal(neuronSide(7), NEURON_SIDE);
  assert.equal(neuronSide(49), NEURON_SIDE);
  assert.equal(neuronSide(321), 9, '10 × 32 and the output');
  let last = NEURON_SIDE;
  for (let n = 1; n <= 400; n++) {
    const side = neuronSide(n);
    assert.ok(side <= last && side >= 4, `${n} neurons: ${side}`);
    if (side > 4) assert.ok(side * side * n <= NEURON_SIDE * NEURON_SIDE * 49, `${n} neurons: ${side}² cells each`);
    last = side;
  }
  assert.equal(neuronSide(1e6), 4);
});

test('deviceBox: a box in device pixels, at least one pixel', () => {
  assert.deepEqual(deviceBox(20, 30, 10, 1), { left: 15, top: 25, size: 10 });
  assert.deepEqual(deviceBox(20, 30, 10, 2), { left: 30, top: 50, size: 20 });
  assert.equal(deviceBox(5, 5, 0.1, 1).size, 1);
});

test('copyTile: each pixel takes its nearest cell; nothing outside the picture is written', () => {
  const side = 2;
  const atlas = Uint32Array.from([1, 2, 3, 4, 5, 6, 7, 8]); // two tiles of 2 × 2
  const out = new Uint32Array(5 * 4);
  copyTile(atlas, side, 1, out, 5, { left: 1, top: 0, size: 4 }); // the second tile, doubled
  assert.deepEqual([...out], [0, 5, 5, 6, 6, 0, 5, 5, 6, 6, 0, 7, 7, 8, 8, 0, 7, 7, 8, 8]);
  const edge = new Uint32Array(3 * 3);
  copyTile(atlas, side, 0, edge, 3, { left: 2, top: -1, size: 2 }); // half off the top and right
  assert.deepEqual([...edge], [0, 0, 3, 0, 0, 0, 0, 0, 0]);
});

test('hitTarget on 10 × 32: the link found is the nearest of all 9,600 (skipping curves by height loses none)', () => {
  const shape = [2, ...Array(10).fill(32), 1];
  const layout = { shape, ...diagramLayout(shape, 412, 479), weights: null };
  const { pos, node } = layout;
  const distance = (x, y, l, i, j) => {
    let best = Infinity;
    let prev = curvePoint(...pos[l - 1][i], ...pos[l][j], node, 0);
    for (let s = 1; s <= 24; s++) {
      const next = curvePoint(...pos[l - 1][i], ...pos[l][j], node, s / 24);
      best = Math.min(best, distanceToSegment(x, y, prev, next));
      prev = next;
    }
    return best;
  };
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  let links = 0;
  for (let k = 0; k < 120; k++) {
    const l = 1 + Math.floor(random() * (shape.length - 1));
    const [x0, y0] = curvePoint(...pos[l - 1][0], ...pos[l][0], node, 0.05);
    const [x1] = curvePoint(...pos[l - 1][0], ...pos[l][0], node, 0.95);
    const x = x0 + random() * (x1 - x0);
    const y = y0 - node + random() * 460;
    let best = Infinity;
    for (let i = 0; i < shape[l - 1]; i++) for (let j = 0; j < shape[l]; j++) best = Math.min(best, distance(x, y, l, i, j));
    const hit = hitTarget(layout, x, y);
    if (best > 5) {
      assert.equal(hit, null, `${x}, ${y}: nothing within 5 px`);
      continue;
    }
    links += 1;
    assert.equal(hit?.kind, 'link', `${x}, ${y}`);
    assert.ok(Math.abs(distance(x, y, hit.l, hit.i, hit.j) - best) < 1e-9, `${x}, ${y}: found ${JSON.stringify(hit)}`);
  }
  assert.ok(links > 60, `${links} points near a link`);
});
