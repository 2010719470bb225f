// www/worker/client.js (the page's requests that expect one answer) and
// www/worker/panics.js (how the worker reports failures), with stand-ins for the
// worker: an EventTarget that dispatches its messages, and a recording postMessage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordPostMessages } from './worker-globals.mjs';
import { createClient } from '../../www/worker/client.js';
import { post, errorText, isPanic, panicText, capturePanics, reportPanic, report } from '../../www/worker/panics.js';

const message = (data) => new MessageEvent('message', { data });

function setup() {
  const host = new EventTarget();
  const sent = [];
  const request = createClient(host, (m) => sent.push(m));
  const reply = (rid, fields) => host.dispatchEvent(message({ type: 'reply', rid, ...fields }));
  return { host, sent, request, reply };
}

test('a request is sent with a fresh id and resolves with the value of its reply', async () => {
  const { sent, request, reply } = setup();
  const a = request('datasetCsv');
  const b = request('validate', { configs: [1] });
  assert.equal(sent.length, 2);
  assert.deepEqual(sent[0], { type: 'request', rid: sent[0].rid, method: 'datasetCsv', args: {} });
  assert.deepEqual(sent[1].args, { configs: [1] });
  assert.notEqual(sent[0].rid, sent[1].rid);
  reply(sent[1].rid, { ok: true, value: 'second' }); // replies in any order
  reply(sent[0].rid, { ok: true, value: 'first' });
  assert.equal(await a, 'first');
  assert.equal(await b, 'second');
});

test("a failed request rejects with the core's message", async () => {
  const { sent, request, reply } = setup();
  const p = request('parseCsv', { text: 'x' });
  reply(sent[0].rid, { ok: false, error: 'line 1: expected 3 values' });
  await assert.rejects(p, { message: 'line 1: expected 3 values' });
});

test('request ids are unique across clients; a reply reaches only its own request', async () => {
  const host = new EventTarget();
  const sent = [];
  const one = createClient(host, (m) => sent.push(m));
  const two = createClient(host, (m) => sent.push(m));
  const a = one('exportModel');
  const b = two('exportModel');
  assert.notEqual(sent[0].rid, sent[1].rid);
  host.dispatchEvent(message({ type: 'reply', rid: sent[1].rid, ok: true, value: 'b' }));
  host.dispatchEvent(message({ type: 'reply', rid: sent[0].rid, ok: true, value: 'a' }));
  assert.deepEqual(await Promise.all([a, b]), ['a', 'b']);
});

test('other messages, unknown and repeated replies are ignored', async () => {
  const { host, sent, request, reply } = setup();
  const p = request('leastSquares');
  host.dispatchEvent(message({ type: 'frame', rid: sent[0].rid }));
  host.dispatchEvent(message(null));
  reply(sent[0].rid + 1000, { ok: true, value: 'stray' });
  reply(sent[0].rid, { ok: true, value: 'mine' });
  reply(sent[0].rid, { ok: false, error: 'late' });
  assert.equal(await p, 'mine');
});

test('a panic rejects every request still waiting; later requests work', async () => {
  const { host, sent, request, reply } = setup();
  const a = request('setWeight', { layer: 1, from: 0, to: 0, value: 1 });
  const b = request('leastSquares');
  host.dispatchEvent(message({ type: 'panic', where: 'request', message: 'index out of bounds' }));
  await assert.rejects(a, /the worker crashed: index out of bounds/);
  await assert.rejects(b, /the worker crashed/);
  const c = request('datasetCsv');
  reply(sent[2].rid, { ok: true, value: 'csv' });
  assert.equal(await c, 'csv');
});

// ---- panics.js -----------------------------------------------------------------------

/** Records what the worker posts (globalThis.postMessage in a worker). */
function recordPosts(t) {
  const posted = [];
  recordPostMessages((m, transfer) => posted.push({ m, transfer }), (restore) => t.after(restore));
  return posted;
}

test('post: hands the message and its transfer list to postMessage', (t) => {
  const posted = recordPosts(t);
  const buffer = new ArrayBuffer(8);
  post({ type: 'frame' }, [buffer]);
  post({ type: 'ready' });
  assert.deepEqual(posted, [
    { m: { type: 'frame' }, transfer: [buffer] },
    { m: { type: 'ready' }, transfer: [] },
  ]);
});

test('errorText: the message of an Error, else the text of what was thrown', () => {
  assert.equal(errorText(new Error('bad field')), 'bad field');
  assert.equal(errorText(new TypeError('')), 'TypeError');
  assert.equal(errorText('plain'), 'plain');
  assert.equal(errorText(42), '42');
  assert.equal(errorText(undefined), 'undefined');
});

test('isPanic: a WebAssembly trap is a panic, an ordinary error is not', () => {
  assert.equal(isPanic(new WebAssembly.RuntimeError('unreachable')), true);
  const copied = new Error('unreachable executed');
  copied.name = 'RuntimeError';
  assert.equal(isPanic(copied), true, 'a trap that lost its class (e.g. copied across realms)');
  assert.equal(isPanic(new Error('unreachable')), false);
  assert.equal(isPanic(new Error('learning_rate must be above 0')), false);
  assert.equal(isPanic('unreachable'), false);
});

test('capturePanics: the Rust panic message becomes what the page is told; console.error still prints', (t) => {
  const original = console.error;
  const printed = [];
  console.error = (...args) => printed.push(args.join(' '));
  t.after(() => {
    console.error = original;
  });
  const posted = recordPosts(t);
  assert.equal(panicText(new Error('x')), 'x', 'no panic printed yet: the error itself');
  capturePanics();
  console.error('an ordinary complaint');
  const trap = new WebAssembly.RuntimeError('unreachable');
  console.error("panicked at crates/core/src/lib.rs:10:5:\nindex out of bounds\n\nStack:\n\nat foo");
  assert.equal(panicText(trap), 'panicked at crates/core/src/lib.rs:10:5:\nindex out of bounds');
  assert.equal(printed.length, 2, 'both messages still reach the console');
  reportPanic('train', trap);
  assert.deepEqual(posted.at(-1).m, { type: 'panic', where: 'train', message: panicText(trap) });
  report('frame', trap);
  assert.equal(posted.at(-1).m.type, 'panic');
  report('config', new Error('no such dataset'));
  assert.deepEqual(posted.at(-1).m, { type: 'error', where: 'config', message: 'no such dataset' });
});
