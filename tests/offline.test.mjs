// Offline and locked down (issue 13): after one visit the page loads, trains and draws with
// no network at all (its service worker, www/sw.js, cached every file and the wasm module);
// online, a changed file is picked up at the next load; a page never gets files of two
// builds (an open page stays on its build, a new load gets the new one whole); and the
// page's Content-Security-Policy is never violated in its main states, while it does
// refuse inline code.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS, canvasHash, launch, openAt, settle, setPlaying } from './helpers.mjs';

const www = fileURLToPath(new URL('../www/', import.meta.url));

let env;
before(async () => {
  env = await launch();
});
after(() => env?.close());

/** Waits until the page is ready to train: the play button is enabled once the run is built. */
const ready = (page) => page.waitForSelector('#play:not([disabled])', { timeout: 20000 });

/** Plays until the epoch counter passes `epochs`, then pauses (through the page's own controls). */
/**
 * Runs `body` on a copy of www/ (so that a "new build" can be written without touching
 * the real one), served on a free port, with a browser of its own; closes both and
 * removes the copy afterwards.
 * @param {(env: {root: string, server: import('node:http').Server, url: string, browser: import('playwright-core').Browser}) => Promise<void>} body
 */
async function onACopy(body) {
  const root = await mkdtemp(join(tmpdir(), 'playground-www-'));
  await cp(www, root, { recursive: true });
  const { server, url } = await startServer({ root, port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    await body({ root, server, url, browser });
  } finally {
    await browser.close();
    server.closeAllConnections();
    server.close();
    await rm(root, { recursive: true, force: true });
  }
}

async function trainTo(page, epochs) {
  await page.click('#play');
  await page.waitForFunction((n) => Number(document.getElementById('epoch').dataset.epoch) >= n, epochs, { timeout: 20000 });
  await page.click('#play');
}

test('after one visit the page loads, trains and draws with no network; online a new build is picked up', { timeout: 120000 }, async () => {
  await onACopy(async ({ root, server, url, browser }) => {
    // No test hooks in this context: offline, the page must stand on what its worker cached.
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const errors = [];
    page.on('console', (msg) => msg.type() === 'error' && errors.push(`console: ${msg.text()}`));
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));

    await page.goto(`${url}?data=xor`);
    await ready(page);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
    const cached = await page.evaluate(async () => {
      const keys = (await Promise.all((await caches.keys()).map(async (name) => (await caches.open(name)).keys()))).flat().map((r) => r.url);
      const loaded = performance.getEntriesByType('resource').map((e) => e.name).filter((u) => u.startsWith(location.origin));
      return { keys, missing: loaded.filter((u) => !keys.includes(u)), scripts: keys.filter((u) => u.endsWith('.js')).length };
    });
    console.log(`cached after the first visit: ${cached.keys.length} files, ${cached.scripts} scripts`);
    for (const file of ['', 'index.html', 'main.js', 'style.css', 'worker.js', 'worker/session.js', 'pkg/playground_wasm.js', 'pkg/playground_wasm_bg.wasm']) {
      assert.ok(cached.keys.includes(`${url}${file}`), `${file || 'the page'} is cached: ${cached.keys.join(' ')}`);
    }
    assert.deepEqual(cached.missing, [], 'every file the page loaded is cached');

    // A new build online: the next load shows it (the network's build is read at each load).
    const index = join(root, 'index.html');
    await writeFile(index, (await readFile(index, 'utf8')).replace('<title>MLP Playground</title>', '<title>MLP Playground (new build)</title>'));
    await page.reload();
    await ready(page);
    assert.equal(await page.title(), 'MLP Playground (new build)', 'the changed page is served online');

    // No network: the browser is offline and the server is gone.
    await context.setOffline(true);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await assert.rejects(fetch(url), 'the server no longer answers');

    await page.reload();
    await ready(page);
    assert.equal(await page.title(), 'MLP Playground (new build)', 'offline, the last build seen is served');
    const before = await canvasHash(page, '#output-canvas');
    await trainTo(page, 50);
    assert.notEqual(await canvasHash(page, '#output-canvas'), before, 'offline, training redraws the plane');

    // A lesson link (another query) opens offline too.
    await page.goto(`${url}?data=circle&layers=3`);
    await ready(page);
    assert.equal(await page.locator('#layer-count').textContent(), '1', 'the link\'s settings apply offline');
    assert.deepEqual(errors, []);
    await context.close();
  });
});

/** The files whose build the test reads, as the page gets them (through its service worker). */
const PROBED = ['./', 'index.html', 'main.js', 'style.css', 'worker.js', 'worker/session.js', 'app/saved-run.js', 'pkg/playground_wasm.js', 'pkg/playground_wasm_bg.wasm'];
const MARK = 'build-2-mark';

/** Which of PROBED the page gets from build 2 (they carry MARK), as the page fetches them. */
const ofBuild2 = (page) => page.evaluate(async ({ files, mark }) => {
  const has = async (file) => {
    const bytes = new Uint8Array(await (await fetch(file)).arrayBuffer());
    return new TextDecoder('latin1').decode(bytes).includes(mark);
  };
  const flags = await Promise.all(files.map(has));
  return files.filter((_, i) => flags[i]);
}, { files: PROBED, mark: MARK });

/**
 * Writes build 2 over the folder: MARK in every page file (a comment), and in the wasm
 * module as a custom section (which the module's loader ignores).
 */
async function writeBuild2(root) {
  for (const file of await readdir(root, { recursive: true })) {
    const path = join(root, file);
    if (/\.(?:m?js|css)$/.test(file)) await appendFile(path, `\n/* ${MARK} */\n`);
    else if (file.endsWith('.html')) await appendFile(path, `\n<!-- ${MARK} -->\n`);
  }
  const name = Buffer.from(MARK);
  const section = Buffer.concat([Buffer.from([0, name.length + 1, name.length]), name]);
  await appendFile(join(root, 'pkg/playground_wasm_bg.wasm'), section);
}

test('a page never gets files of two builds: an open page stays on its own, a load gets the new one whole', { timeout: 120000 }, async () => {
  await onACopy(async ({ root, server, url, browser }) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const errors = [];
    const open = async (query) => {
      const page = await context.newPage();
      page.on('console', (msg) => msg.type() === 'error' && errors.push(`console: ${msg.text()}`));
      page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
      await page.goto(`${url}${query}`);
      await ready(page);
      return page;
    };
    const first = await open('?data=xor');
    await first.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
    await first.reload(); // now a page the service worker served from the start
    await ready(first);
    assert.deepEqual(await ofBuild2(first), [], 'build 1 everywhere');

    await writeBuild2(root);
    assert.deepEqual(await ofBuild2(first), [], 'the page open stays on build 1, though the server has build 2');
    // A new page loads build 2, every file of it.
    const second = await open('?data=circle');
    assert.deepEqual(await ofBuild2(second), PROBED, 'a new load gets build 2 whole');
    // The first page, still open, still gets build 1 only, also for the workers it starts now.
    assert.deepEqual(await ofBuild2(first), [], 'the open page never gets a file of build 2');
    await first.click('#compare-open');
    await first.waitForFunction(() => document.querySelectorAll('.run-card').length >= 2);
    await trainTo(first, 20);
    assert.deepEqual(await ofBuild2(first), []);
    const builds = await first.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('playground-build-')));
    assert.equal(builds.length, 2, `a cache per build while a page uses each: ${builds}`);

    // Reloaded, the first page moves to build 2 whole; offline, build 2 whole again.
    await first.reload();
    await ready(first);
    assert.deepEqual(await ofBuild2(first), PROBED);
    await context.setOffline(true);
    await first.reload();
    await ready(first);
    assert.deepEqual(await ofBuild2(first), PROBED, 'offline: the last complete build, whole');
    await trainTo(first, 20);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

test('the Content-Security-Policy refuses inline code, and the page never needs it', { timeout: 120000 }, async () => {
  const { page, errors, close } = await openAt(env, '?data=spiral&big=1');
  try {
    // The main states: training, More settings, the share panel with a lesson group hidden,
    // the loss chart's readout, the step panel, the hidden space, compare mode.
    await setPlaying(page, true);
    await page.waitForFunction(() => window.__playground.epoch >= 30);
    await setPlaying(page, false);
    await page.click('#more-toggle');
    await page.click('#share summary');
    await page.check('#hide-loss');
    await page.locator('#loss-chart').hover({ position: { x: 200, y: 40 } });
    await page.click('#step-details summary');
    await page.click('#step-record');
    await page.waitForSelector('#step-next:not([disabled])');
    await page.click('#hidden-space summary');
    await page.click('#compare-open');
    await page.waitForFunction(() => window.__playground.compare?.runs?.length >= 2 && window.__playground.compare.runs.every((r) => r.frames >= 1), null, { timeout: 20000 });
    await settle(page);
    await page.click('#compare-leave');
    await page.waitForFunction(() => window.__playground.compare === null);
    await settle(page);
    assert.deepEqual(errors, [], 'no policy violation (nor any other error) in the main states');

    // The policy is there and enforced: an inline style element and an inline script are refused.
    const inline = await page.evaluate(async () => {
      const seen = [];
      const both = new Promise((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => {
          // Each policy reports: the <meta>'s and the server's header (the same policy).
          if (!seen.includes(e.violatedDirective)) seen.push(e.violatedDirective);
          if (new Set(seen.map((d) => d.split('-')[0])).size === 2) resolve();
        });
      });
      const style = document.createElement('style');
      style.textContent = 'body { color: rgb(1, 2, 3) }';
      document.head.append(style);
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.head.append(script);
      await both;
      return { seen: seen.sort(), color: getComputedStyle(document.body).color, ran: window.__inlineRan === true };
    });
    assert.notEqual(inline.color, 'rgb(1, 2, 3)', 'an inline <style> is not applied');
    assert.equal(inline.ran, false, 'an inline <script> does not run');
    assert.deepEqual(inline.seen.map((d) => d.split('-')[0]), ['script', 'style'], `both are reported as violations: ${inline.seen}`);
    assert.ok(errors.some((e) => e.startsWith('console: CSP violation: style-src')), `the tests' error list gets the style violation: ${errors.join(' | ')}`);
    assert.ok(errors.some((e) => e.startsWith('console: CSP violation: script-src')), `the tests' error list gets the script violation: ${errors.join(' | ')}`);
  } finally {
    await close();
  }
});
