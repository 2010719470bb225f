// www/views/diagram-hit.js and diagram-layout.js: hit testing of the network diagram,
// pure over a layout (no canvas needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagramLayout, curvePoint, columnX } from '../../www/views/diagram-layout.js';
import { hitTarget, layoutTargets, targetParameter, layoutLinkPoint } from '../../www/views/diagram-hit.js';
import { weightIndex } from '../../www/lib/weights.js';

const SHAPE = [2, 3, 1];
const weights = Float32Array.from({ length: 13 }, (_, k) => k / 10);
const layout = { shape: SHAPE, ...diagramLayout(SHAPE, 300, 200), weights };

test('columns sit on the layer-control grid', () => {
  assert.deepEqual(layout.pos.map((col) => col[0][0]), [0, 1, 2].map((l) => columnX(l, 3, 300)));
});

test('a curve runs from the right edge of one box to the left edge of the next', () => {
  const { node } = layout;
  assert.deepEqual(curvePoint(10, 20, 110, 60, node, 0), [10 + node / 2, 20]);
  assert.deepEqual(curvePoint(10, 20, 110, 60, node, 1), [110 - node / 2, 60]);
});

test('nothing drawn: no hit, no point, no parameter, no targets', () => {
  assert.equal(hitTarget(null, 0, 0), null);
  assert.equal(layoutLinkPoint(null, 1, 0, 0, 0.5), null);
  assert.equal(targetParameter(null, { kind: 'neuron', l: 1, j: 0 }), null);
  assert.deepEqual(layoutTargets(null), { links: [], neurons: [] });
});

test('every target is hit where targets() says it is', () => {
  const { links, neurons } = layoutTargets(layout);
  assert.equal(neurons.length, 4);
  assert.equal(links.length, 2 * 3 + 3 * 1);
  for (const n of neurons) assert.deepEqual(hitTarget(layout, n.x, n.y), { kind: 'neuron', l: n.layer + 1, j: n.index });
  for (const k of links) {
    assert.deepEqual(hitTarget(layout, k.x, k.y), { kind: 'link', l: k.layer + 1, i: k.from, j: k.to });
  }
});

test('parameters: a link its weight, a neuron its bias, an input none', () => {
  const link = targetParameter(layout, { kind: 'link', l: 2, i: 1, j: 0 });
  assert.deepEqual(link, { value: weights[weightIndex(SHAPE, 2, 1, 0)], editable: true, args: { layer: 1, from: 1, to: 0 } });
  const bias = targetParameter(layout, { kind: 'neuron', l: 1, j: 2 });
  assert.deepEqual(bias.args, { layer: 0, from: 2, to: 2 });
  assert.equal(targetParameter(layout, { kind: 'neuron', l: 0, j: 0 }), null);
});
