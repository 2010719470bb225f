// The diagram's keyboard selection (www/panels/diagram-keys.js): the keys walk the
// layers, neurons and incoming parameters and never leave the network.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIRST, fitSelection, moveSelection, selectionTarget } from '../../www/panels/diagram-keys.js';

const SHAPE = [2, 4, 2, 1]; // 2 inputs, hidden 4 and 2, one output

test('the arrows pick the layer and the neuron, [ and ] the bias or an incoming link', () => {
  let sel = FIRST;
  assert.deepEqual(selectionTarget(sel), { kind: 'neuron', l: 1, j: 0 }, 'first: the bias of neuron 1 of hidden layer 1');
  sel = moveSelection(sel, 'ArrowDown', SHAPE);
  sel = moveSelection(sel, 'ArrowDown', SHAPE);
  assert.deepEqual(sel, { l: 1, j: 2, from: -1 });
  sel = moveSelection(sel, ']', SHAPE);
  sel = moveSelection(sel, 'PageDown', SHAPE);
  assert.deepEqual(selectionTarget(sel), { kind: 'link', l: 1, i: 1, j: 2 }, 'the link from x2 into neuron 3');
  sel = moveSelection(sel, '[', SHAPE);
  assert.deepEqual(selectionTarget(sel), { kind: 'link', l: 1, i: 0, j: 2 });
  sel = moveSelection(sel, 'ArrowRight', SHAPE);
  assert.deepEqual(sel, { l: 2, j: 1, from: 0 }, 'layer 2 has 2 neurons: the neuron is kept inside');
  assert.equal(moveSelection(sel, 'x', SHAPE), null, 'other keys do not move it');
});

test('the selection never leaves the network, whatever it was', () => {
  let sel = FIRST;
  for (const key of ['ArrowLeft', 'ArrowUp', '[', '[']) sel = moveSelection(sel, key, SHAPE);
  assert.deepEqual(sel, { l: 1, j: 0, from: -1 }, 'the first corner holds');
  for (let n = 0; n < 10; n++) for (const key of ['ArrowRight', 'ArrowDown', ']']) sel = moveSelection(sel, key, SHAPE);
  assert.deepEqual(sel, { l: 3, j: 0, from: 1 }, 'the output neuron, its link from the last hidden neuron');
  // A smaller network (a layer removed) pulls a selection back in.
  assert.deepEqual(fitSelection({ l: 3, j: 3, from: 3 }, [2, 1]), { l: 1, j: 0, from: 1 });
  assert.equal(moveSelection(FIRST, 'ArrowRight', [2]), null, 'no layer after the inputs: nothing to select');
});
