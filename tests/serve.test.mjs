// The static server: MIME types the browser insists on (wasm, ES modules), 404s, no way
// out of www/, and the page's Content-Security-Policy as a header on every file (a worker
// takes its policy from its script's headers), read from the one <meta> that writes it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, policyOf } from '../scripts/serve.mjs';

const www = fileURLToPath(new URL('../www/', import.meta.url));

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
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'] ?? '', policy: res.headers['content-security-policy'] }));
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

test('answers 400 to a path no URL can hold, and goes on serving', async () => {
  assert.equal((await get('//?data=xor')).status, 400);
  assert.equal((await get('/')).status, 200);
});

test('every file, the worker\'s script above all, carries the page\'s policy as a header', async () => {
  const policy = policyOf(await readFile(join(www, 'index.html'), 'utf8'));
  assert.ok(policy?.includes("script-src 'self' 'wasm-unsafe-eval'"), `the page's <meta> has the policy: ${policy}`);
  for (const path of ['/', '/index.html', '/worker.js', '/main.js', '/sw.js', '/pkg/playground_wasm_bg.wasm', '/no-such-file.js']) {
    assert.equal((await get(path)).policy, policy, path);
  }
});

test('the policy is written once: the <meta> of index.html, read by the server', async () => {
  assert.equal(policyOf('<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src \'none\'"></head>'), "default-src 'none'");
  assert.equal(policyOf('<META CONTENT="img-src *" HTTP-EQUIV="content-security-policy">'), 'img-src *');
  assert.equal(policyOf('<meta name="viewport" content="width=device-width">'), null, 'another <meta> is not a policy');
  // No file of the page or the server spells a directive of it again.
  const files = [...(await readdir(www, { recursive: true })).filter((f) => /\.(?:m?js|html)$/.test(f) && !f.startsWith('pkg')).map((f) => join(www, f)),
    fileURLToPath(new URL('../scripts/serve.mjs', import.meta.url))];
  const spelled = [];
  for (const file of files) if ((await readFile(file, 'utf8')).includes("'wasm-unsafe-eval'")) spelled.push(file.slice(www.length));
  assert.deepEqual(spelled, ['index.html'], 'only index.html writes the policy');
});
