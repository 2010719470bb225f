// The static server: MIME types the browser insists on (wasm, ES modules), 404s, and
// no way out of www/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startServer } from '../scripts/serve.mjs';

let server;
let port;
before(async () => {
  ({ server } = await startServer({ port: 0 }));
  port = server.address().port;
});
after(() => new Promise((resolve) => server.close(resolve)));

/** GET `path` verbatim (no URL normalization by the client). */
function get(path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'] ?? '' }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serves the page with the right MIME types', async () => {
  const cases = [
    ['/', 'text/html'],
    ['/index.html', 'text/html'],
    ['/style.css', 'text/css'],
    ['/main.js', 'text/javascript'],
    ['/worker.js', 'text/javascript'],
    ['/pkg/playground_wasm.js', 'text/javascript'],
    ['/pkg/playground_wasm_bg.wasm', 'application/wasm'],
  ];
  for (const [path, type] of cases) {
    const res = await get(path);
    assert.equal(res.status, 200, path);
    assert.ok(res.type.startsWith(type), `${path}: ${res.type}`);
  }
});

test('answers 404 for missing files and never leaves www/', async () => {
  assert.equal((await get('/no-such-file.js')).status, 404);
  for (const path of ['/../Cargo.toml', '/%2e%2e/Cargo.toml', '/pkg/..%2f..%2fCargo.toml', '/..%5cCargo.toml']) {
    const { status } = await get(path);
    assert.ok(status === 403 || status === 404, `${path}: ${status}`);
  }
});
