// Offline and locked down (issue 13): after one visit the page loads, trains and draws with
// no network at all (its service worker, www/sw.js, cached every file and the wasm module);
// online, a changed file is picked up at the next load (network first); and the page's
// Content-Security-Policy is never violated in its main states, while it does refuse
// inline code.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
async function trainTo(page, epochs) {
  await page.click('#play');
  await page.waitForFunction((n) => Number(document.getElementById('epoch').dataset.epoch) >= n, epochs, { timeout: 20000 });
  await page.click('#play');
}

test('after one visit the page loads, trains and draws with no network; online a new build is picked up', { timeout: 120000 }, async () => {
  // A copy of www/ so that a "new build" can be written without touching the real one.
  const root = await mkdtemp(join(tmpdir(), 'playground-www-'));
  await cp(www, root, { recursive: true });
  const { server, url } = await startServer({ root, port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
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

    // A new build online: the next load shows it (network first, not a stale cache).
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
  } finally {
    await browser.close();
    server.closeAllConnections();
    server.close();
    await rm(root, { recursive: true, force: true });
  }
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
          seen.push(e.violatedDirective);
          if (seen.length === 2) resolve();
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
