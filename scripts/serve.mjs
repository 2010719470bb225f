#!/usr/bin/env node
// A tiny static file server for the page in www/ (no dependencies).
//
//   node scripts/serve.mjs [port]     serves www/ on http://127.0.0.1:PORT/ (default 8080)
//
//   node scripts/serve.mjs --policy   prints the Content-Security-Policy a host should send
//
// The end-to-end tests import startServer() and run it in-process on a free port.
//
// Every answer carries the page's Content-Security-Policy as a header: a worker takes its
// policy from its script's headers, not from the page's <meta>. The policy is written once,
// in that <meta> of index.html; the server reads it from there.

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const defaultRoot = resolve(here, '..', 'www');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

/**
 * The Content-Security-Policy of a page: the content of its
 * `<meta http-equiv="Content-Security-Policy" content="…">`, or null if it has none.
 * @param {string} html
 * @returns {string | null}
 */
export function policyOf(html) {
  for (const [tag] of html.matchAll(/<meta\b[^>]*>/gi)) {
    if (!/\bhttp-equiv\s*=\s*"content-security-policy"/i.test(tag)) continue;
    const content = /\bcontent\s*=\s*"([^"]*)"/i.exec(tag);
    if (content) return content[1];
  }
  return null;
}

/**
 * The policy of the page served at `/` (its index.html), or null (no page, or no policy).
 * @param {Array<[string, string]>} mounts
 */
function policyFor(mounts) {
  const top = mounts.find(([prefix]) => prefix === '/');
  if (!top) return null;
  try {
    return policyOf(readFileSync(join(top[1], 'index.html'), 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Resolves a URL path to a file: the first mount `[prefix, dir]` whose prefix starts the
 * path serves it from `dir`; null when no mount matches or the path escapes its folder.
 */
function fileFor(mounts, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  for (const [prefix, dir] of mounts) {
    if (!path.startsWith(prefix)) continue;
    const full = normalize(join(dir, path.slice(prefix.length)));
    return full === dir || full.startsWith(dir + sep) ? full : null;
  }
  return null;
}

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

/**
 * Starts serving `root` on 127.0.0.1:`port` (0 picks a free port); `mounts`, a list of
 * `[urlPrefix, folder]` tried in order, serves several folders instead (the benchmark).
 * Resolves to `{ server, url }` with url like `http://127.0.0.1:PORT/`.
 */
export function startServer({ root = defaultRoot, port = 8080, mounts = [['/', root]] } = {}) {
  const folders = mounts.map(([prefix, dir]) => [prefix, resolve(dir)]);
  const server = createServer(async (req, res) => {
    // Read per request, so that a page changed while served (a new build) brings its policy.
    const policy = policyFor(folders);
    if (policy) res.setHeader('Content-Security-Policy', policy);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, 405, 'method not allowed');
    }
    let pathname;
    try {
      pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      return send(res, 400, 'bad request'); // a path no URL can hold, like "//?a"
    }
    let file = fileFor(folders, pathname);
    if (!file) return send(res, 403, 'forbidden');
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file);
      }
      res.writeHead(200, {
        'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': info.size,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res);
    } catch {
      send(res, 404, 'not found');
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const { port: actual } = server.address();
      resolvePromise({ server, url: `http://127.0.0.1:${actual}/` });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv[2] === '--policy') {
  const policy = policyFor([['/', defaultRoot]]);
  if (!policy) {
    console.error(`no Content-Security-Policy <meta> in ${join(defaultRoot, 'index.html')}`);
    process.exit(1);
  }
  console.log(policy);
} else if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = process.argv[2];
  const port = arg === undefined ? 8080 : Number(arg);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`usage: node scripts/serve.mjs [port]   (got ${JSON.stringify(arg)})`);
    process.exit(2);
  }
  startServer({ port }).then(
    ({ url }) => {
      console.log(`Serving the page at ${url}  (Ctrl+C to stop)`);
      console.log(`Its folder: ${defaultRoot}`);
      console.log('To publish it, copy that folder (with its built pkg/) to any static web host: README, "Publish".');
    },
    (err) => {
      console.error(`cannot serve on port ${port}: ${err.message}`);
      process.exit(1);
    },
  );
}
