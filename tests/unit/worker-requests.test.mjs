// www/worker/requests.js: the worker's answers to requests, with a stand-in for the
// wasm module and the session, and a recording postMessage.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { recordPostMessages } from './worker-globals.mjs';
import { createRequests, checkConfig } from '../../www/worker/requests.js';

const posted = [];
recordPostMessages((m) => posted.push(m));
beforeEach(() => {
  posted.length = 0;
});

function fakeRun() {
  let loss = 0.8;
  return {
    epoch: 12,
    weightsSet: [],
    trainLoss: () => loss,
    testLoss: () => loss + 0.1,
    datasetCsv: () => 'x1,x2,label\n0,0,1\n',
    exportModel: () => '{"model":1}',
    setWeight(...args) {
      this.weightsSet.push(args);
    },
    solveLeastSquares() {
      loss = 0.2;
    },
  };
}

function setup({ withRun = true } = {}) {
  const run = withRun ? fakeRun() : null;
  const session = {
    touched: 0,
    adopted: null,
    current: () => run,
    touch() {
      this.touched++;
    },
    adopt(next, how) {
      this.adopted = next;
      this.how = how;
      return { config: { from: 'model' }, epoch: 12 };
    },
  };
  const wasm = {
    validate: (json) => {
      const c = JSON.parse(json);
      return JSON.stringify(c?.lr > 0 ? { problems: [], config: { ...c, filled: true } } : { problems: [{ field: 'lr', message: 'too small' }], config: null });
    },
    parseCsv: (text) => {
      if (!text.includes(',')) throw new Error('line 1: expected x1,x2,label');
      return JSON.stringify({ samples: [], regression: false, classes: 2 });
    },
    Playground: {
      fromModel: (text) => {
        if (text === 'trap') throw new WebAssembly.RuntimeError('unreachable');
        if (text === 'old') return { loaded: true, loadNotice: () => 'version 1: the optimizer starts at zero' };
        if (text !== 'good') throw new Error('not a model file');
        return { loaded: true, loadNotice: () => undefined };
      },
    },
  };
  return { run, session, handle: createRequests(wasm, session), wasm };
}

test('checkConfig: the filled-in configuration, or every problem', () => {
  const { wasm } = setup();
  assert.deepEqual(checkConfig(wasm, { lr: 1 }), { config: { lr: 1, filled: true } });
  assert.deepEqual(checkConfig(wasm, { lr: 0 }), { problems: [{ field: 'lr', message: 'too small' }] });
});

test('each request is answered with a reply carrying its id', () => {
  const { handle } = setup();
  handle({ rid: 7, method: 'validate', args: { configs: [{ lr: 1 }, { lr: -1 }] } });
  handle({ rid: 8, method: 'datasetCsv' });
  handle({ rid: 9, method: 'exportModel', args: {} });
  handle({ rid: 10, method: 'parseCsv', args: { text: '1,2,0' } });
  assert.deepEqual(posted, [
    { type: 'reply', rid: 7, ok: true, value: [{ config: { lr: 1, filled: true } }, { problems: [{ field: 'lr', message: 'too small' }] }] },
    { type: 'reply', rid: 8, ok: true, value: 'x1,x2,label\n0,0,1\n' },
    { type: 'reply', rid: 9, ok: true, value: '{"model":1}' },
    { type: 'reply', rid: 10, ok: true, value: { samples: [], regression: false, classes: 2 } },
  ]);
});

test("errors are answered with the core's message; unknown methods too, prototype names included", () => {
  const { handle } = setup();
  handle({ rid: 1, method: 'parseCsv', args: { text: 'garbage' } });
  handle({ rid: 2, method: 'dropTables' });
  handle({ rid: 3, method: 'toString' });
  handle({ rid: 4, method: '__proto__' });
  assert.deepEqual(posted[0], { type: 'reply', rid: 1, ok: false, error: 'line 1: expected x1,x2,label' });
  for (const [i, method] of [[1, 'dropTables'], [2, 'toString'], [3, '__proto__']]) {
    assert.equal(posted[i].ok, false, method);
    assert.match(posted[i].error, /unknown request/, method);
  }
});

test('requests about the run fail while there is none', () => {
  const { handle } = setup({ withRun: false });
  for (const method of ['datasetCsv', 'exportModel', 'setWeight', 'leastSquares']) {
    handle({ rid: 1, method, args: { layer: 1, from: 0, to: 0, value: 1 } });
    assert.deepEqual(posted.pop(), { type: 'reply', rid: 1, ok: false, error: 'there is no run yet' }, method);
  }
});

test('setWeight and leastSquares change the run and mark it for the next frame', () => {
  const { handle, run, session } = setup();
  handle({ rid: 1, method: 'setWeight', args: { layer: 1, from: 2, to: 0, value: -0.5 } });
  assert.deepEqual(posted.pop(), { type: 'reply', rid: 1, ok: true, value: null });
  assert.deepEqual(run.weightsSet, [[1, 2, 0, -0.5]]);
  handle({ rid: 2, method: 'leastSquares' });
  const { before, after: solved } = posted.pop().value;
  assert.deepEqual([before.epoch, before.train, solved.epoch, solved.train], [12, 0.8, 12, 0.2], 'losses before and after solving');
  assert.ok(solved.test < before.test);
  assert.equal(session.touched, 2);
});

test('loadModel: the session adopts the new run; a bad file leaves the current one', () => {
  const { handle, session } = setup();
  handle({ rid: 1, method: 'loadModel', args: { text: 'nonsense' } });
  assert.deepEqual(posted.pop(), { type: 'reply', rid: 1, ok: false, error: 'not a model file' });
  assert.equal(session.adopted, null);
  handle({ rid: 2, method: 'loadModel', args: { text: 'good' } });
  assert.deepEqual(posted.pop(), { type: 'reply', rid: 2, ok: true, value: { config: { from: 'model' }, epoch: 12, notice: null } });
  assert.equal(session.adopted.loaded, true);
  assert.deepEqual(session.how, { restored: false, runFrom: 0 });
});

test('loadModel: an older file\'s notice, and a restore numbered on from the page\'s run', () => {
  const { handle, session } = setup();
  handle({ rid: 3, method: 'loadModel', args: { text: 'old', restored: true, runFrom: 9 } });
  const reply = posted.pop();
  assert.equal(reply.ok, true);
  assert.match(reply.value.notice, /optimizer starts at zero/);
  assert.deepEqual(session.how, { restored: true, runFrom: 9 });
});

test('a panic inside a request is answered (the page stops waiting), then reported', () => {
  const { handle } = setup();
  handle({ rid: 5, method: 'loadModel', args: { text: 'trap' } });
  assert.equal(posted.length, 2);
  assert.deepEqual(posted[0], { type: 'reply', rid: 5, ok: false, error: posted[0].error });
  assert.deepEqual(posted[1], { type: 'panic', where: 'request loadModel', message: posted[0].error });
  assert.equal(typeof posted[0].error, 'string');
});

test('hiddenSpace: the core\'s view of a layer, parsed; its refusal is the error', () => {
  const { run, handle } = setup();
  const asked = [];
  run.hiddenSpaceJson = (layer, i, j) => {
    asked.push([layer, i, j]);
    if (layer > 0) throw new Error('there is no layer 1: the network\'s layers are 0 to 0');
    return JSON.stringify({ layer, points: [0.5, -0.5], axes: [{ label: 'neuron 1' }, { label: 'neuron 2' }] });
  };
  handle({ rid: 1, method: 'hiddenSpace', args: { layer: 0, i: -1, j: -1 } });
  handle({ rid: 2, method: 'hiddenSpace', args: { layer: 1, i: 0, j: 1 } });
  assert.deepEqual(asked, [[0, -1, -1], [1, 0, 1]]);
  assert.deepEqual(posted[0], { type: 'reply', rid: 1, ok: true, value: { layer: 0, points: [0.5, -0.5], axes: [{ label: 'neuron 1' }, { label: 'neuron 2' }] } });
  assert.equal(posted[1].ok, false);
  assert.match(posted[1].error, /no layer 1/);
});
