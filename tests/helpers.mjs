// Shared set-up of the end-to-end tests: the static server in-process on a free port,
// headless Chromium through playwright-core, and a page that records console errors.

import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../scripts/chromium.mjs';

export { CHROMIUM, CHROMIUM_ARGS };

/** Starts the server and the browser; `close()` stops both. */
export async function launch() {
  const { server, url } = await startServer({ port: 0 });
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  } catch (err) {
    server.close();
    throw err;
  }
  return {
    url,
    browser,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Opens the page in a fresh context and waits until the first run is built and drawn.
 * `errors` collects console errors (Content-Security-Policy violations too), page errors
 * and failed requests.
 */
export async function openPage(env, { width = 1400, height = 900 } = {}) {
  const context = await env.browser.newContext({ viewport: { width, height } });
  await context.addInitScript(loadTestHooks);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => errors.push(`requestfailed: ${req.url()} ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400) errors.push(`http ${res.status()}: ${res.url()}`);
  });
  await page.goto(env.url);
  await waitForFrame(page);
  return { page, errors, close: () => context.close() };
}

/**
 * Runs in the page before its scripts (playwright injects it past the page's
 * Content-Security-Policy): reports every violation of that policy as a console error,
 * which `errors` collects, and adds the test hooks module (www/testing/hooks.js, which
 * defines `window.__playground` from the app's store; the policy allows it as one of the
 * page's own scripts). The page never loads it.
 */
function loadTestHooks() {
  document.addEventListener('securitypolicyviolation', (e) => {
    console.error(`CSP violation: ${e.violatedDirective} refused ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
  });
  document.addEventListener('DOMContentLoaded', () => {
    const script = document.createElement('script');
    script.type = 'module';
    script.src = new URL('testing/hooks.js', location.href).href;
    document.head.append(script);
  });
}

/**
 * Opens the page at `query` (`?data=xor&...`) in a fresh context and waits for its
 * first run to be built, drawn and settled.
 */
export async function openAt(env, query, viewport) {
  const opened = await openPage(env, viewport);
  await opened.page.goto(`${env.url}${query}`);
  await waitForFrame(opened.page);
  await settle(opened.page);
  return opened;
}

/** Waits until the current run has drawn at least `frames` frames. */
export async function waitForFrame(page, frames = 1, timeout = 15000) {
  await page.waitForFunction(
    (n) => window.__playground?.ready && window.__playground.frames >= n,
    frames,
    { timeout },
  );
}

/** The read-only state the page exposes for tests. */
export function state(page) {
  return page.evaluate(() => {
    const p = window.__playground;
    return {
      run: p.run,
      epoch: p.epoch,
      trainLoss: p.trainLoss,
      testLoss: p.testLoss,
      shape: p.shape,
      playing: p.playing,
      frames: p.frames,
      synced: p.synced,
      stopMessage: p.stopMessage,
      configError: p.configError,
      workerError: p.workerError,
    };
  });
}

/** A cheap fingerprint of a canvas's pixels (FNV-1a over the RGBA bytes). */
export function canvasHash(page, selector) {
  return page.evaluate((sel) => {
    const canvas = document.querySelector(sel);
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let h = 0x811c9dc5;
    for (let i = 0; i < data.length; i++) {
      h ^= data[i];
      h = Math.imul(h, 0x01000193);
    }
    return (h >>> 0).toString(16);
  }, selector);
}

/**
 * Waits until the worker has handled every command sent so far and a frame after them
 * has come back: from then on the page shows the worker's state.
 */
export async function settle(page, timeout = 15000) {
  await page.waitForFunction(() => window.__playground.synced, null, { timeout });
}

/** Runs `action` (which changes the configuration) and waits for the run it builds. */
export async function expectNewRun(page, action) {
  const before = await page.evaluate(() => window.__playground.run);
  await action();
  await page.waitForFunction(
    (run) => window.__playground.run > run && window.__playground.frames >= 1,
    before,
    { timeout: 15000 },
  );
  await settle(page);
}

/** Clicks play (or pause) and waits until the worker follows. */
export async function setPlaying(page, playing) {
  const now = await page.evaluate(() => window.__playground.playing);
  if (now !== playing) await page.click('#play');
  await settle(page);
  const after = await page.evaluate(() => window.__playground.playing);
  if (after !== playing) throw new Error(`expected playing=${playing}, page says ${after}`);
}

/**
 * Plays until the run reaches at least `epochs`, then pauses and waits until the page
 * shows the paused run (setPlaying settles); returns the epoch it paused at.
 */
export async function trainTo(page, epochs, timeout = 30000) {
  await setPlaying(page, true);
  await page.waitForFunction((n) => window.__playground.epoch >= n, epochs, { timeout });
  await setPlaying(page, false);
  return page.evaluate(() => window.__playground.epoch);
}

/** The page's own-data and file state (`__playground.io`). */
export const io = (page) => page.evaluate(() => window.__playground.io);

/** The configuration of the current run as the page holds it. */
export const config = (page) => page.evaluate(() => window.__playground.config);
