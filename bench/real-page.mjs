// The benchmark's measurements of the real page (www/) in headless Chromium: the time
// from navigation to the first drawn output plane over several cold loads, and epochs
// and frames per second while training at speed "max" on a few networks opened by
// link. Used by bench/run.mjs; the page is served with the benchmark's wasm module.

import { startServer } from '../scripts/serve.mjs';

/** The performance mark the page sets when it first draws the output plane with a heatmap (views/output-view.js). */
export const FIRST_OUTPUT_MARK = 'playground:first-output';

/** Serves www/ with `/pkg/` taken from `pkgDir` (the module under test). */
export function servePage(root, pkgDir) {
  return startServer({ port: 0, mounts: [['/pkg/', pkgDir], ['/', `${root}/www`]] });
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Cold loads of the page: each in a fresh browser context (empty cache), from
 * navigation to the first-output mark (its startTime counts from the navigation's
 * start). Also reads when the page's DOM was ready (its module scripts ran); the wasm
 * module itself is fetched by the worker, so its timing is not in the page's entries.
 */
export async function measureStartup(browser, url, loads) {
  const times = [];
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url);
      await page
        .waitForFunction((name) => performance.getEntriesByName(name).length > 0, FIRST_OUTPUT_MARK, { timeout: 30000, polling: 50 })
        .catch(() => {
          throw new Error(`the page drew no output plane within 30 s: ${errors.join('; ') || 'no page error'}`);
        });
      times.push(
        await page.evaluate((name) => {
          const nav = /** @type {PerformanceNavigationTiming} */ (performance.getEntriesByType('navigation')[0]);
          return {
            first_output_ms: performance.getEntriesByName(name)[0].startTime,
            dom_content_loaded_ms: nav.domContentLoadedEventEnd,
          };
        }, FIRST_OUTPUT_MARK),
      );
    } finally {
      await context.close();
    }
  }
  const first = times.map((t) => t.first_output_ms);
  return { loads: times, best_ms: Math.min(...first), median_ms: median(first) };
}

/** Loads the page's test hooks (www/testing/hooks.js, `window.__playground`) before its scripts run. */
export function loadTestHooks() {
  document.addEventListener('DOMContentLoaded', () => {
    const script = document.createElement('script');
    script.type = 'module';
    script.src = new URL('testing/hooks.js', location.href).href;
    document.head.append(script);
  });
}

/**
 * Watches the playing page for `seconds`: counts requestAnimationFrame callbacks (the
 * browser's frame rate) and reads the test hooks' counters before and after (epochs,
 * each compare run's epochs, frames drawn, per-frame costs, whether it still plays).
 */
async function watch(page, seconds) {
  return page.evaluate(async (ms) => {
    const p = window.__playground;
    const read = () => ({
      epoch: p.epoch,
      runs: p.compare ? p.compare.runs.map((/** @type {{epoch: number}} */ r) => r.epoch) : [],
      frames: p.frames,
      workerMs: p.workerMs,
      drawMs: p.drawMs,
      playing: p.playing,
      stopMessage: p.stopMessage,
    });
    let raf = 0;
    let on = true;
    const tick = () => {
      raf++;
      if (on) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const t0 = performance.now();
    const before = read();
    await new Promise((resolve) => setTimeout(resolve, ms));
    on = false;
    return { seconds: (performance.now() - t0) / 1000, raf, before, after: read() };
  }, seconds * 1000);
}

/**
 * Opens the page at `query` (a link with speed=max), checks the network's shape, plays,
 * lets it warm up, then counts over `seconds`: requestAnimationFrame callbacks (the
 * browser's frame rate), frames the page drew (its own counter) and epochs trained.
 */
export async function measurePlaying(browser, url, { query, shape }, seconds) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript(loadTestHooks);
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}${query}`);
    await page.waitForFunction(() => window.__playground?.ready && window.__playground.frames >= 1 && window.__playground.synced, null, {
      timeout: 30000,
    });
    const got = await page.evaluate(() => ({ shape: window.__playground.shape, speed: window.__playground.speed }));
    if (JSON.stringify(got.shape) !== JSON.stringify(shape)) throw new Error(`${query}: shape ${got.shape}, expected ${shape}`);
    if (got.speed !== Infinity) throw new Error(`${query}: speed ${got.speed}, expected max`);
    await page.click('#play');
    await page.waitForFunction(() => window.__playground.playing && window.__playground.epoch >= 50, null, { timeout: 60000 });
    await page.waitForTimeout(1000); // warm-up at full pace
    const { seconds: dt, raf, before, after } = await watch(page, seconds);
    const m = {
      seconds: dt,
      epochs_per_s: (after.epoch - before.epoch) / dt,
      raf_fps: raf / dt,
      drawn_fps: (after.frames - before.frames) / dt,
      worker_ms_per_frame: after.workerMs,
      draw_ms_per_frame: after.drawMs,
      playing: after.playing,
      stop_message: after.stopMessage,
    };
    if (errors.length) throw new Error(`${query}: page errors: ${errors.join('; ')}`);
    if (!m.playing) throw new Error(`${query}: training stopped: ${m.stop_message}`);
    return m;
  } finally {
    await context.close();
  }
}

/**
 * Compare mode at speed "max": opens `query` (a link with runs B, C, ... and speed=max),
 * waits for `runs` runs, plays, lets every run pass epoch 50 and warm up for a second,
 * then counts over `seconds`: requestAnimationFrame callbacks (the browser's frame
 * rate), frames the page drew and each run's epochs per second.
 */
export async function measureCompare(browser, url, { query, runs }, seconds) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript(loadTestHooks);
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}${query}`);
    const seen = () =>
      page
        .evaluate(() => JSON.stringify({ playing: window.__playground?.playing, runs: (window.__playground?.compare?.runs ?? []).map((r) => ({ name: r.name, epoch: r.epoch, stop: r.stopMessage })) }))
        .catch((e) => e.message);
    const waitFor = async (what, fn, arg) => {
      try {
        await page.waitForFunction(fn, arg, { timeout: 180000 });
      } catch (e) {
        throw new Error(`${query}: waiting for ${what}: ${e.message.split('\n')[0]}; compare state: ${await seen()}`);
      }
    };
    await waitFor(
      `${runs} runs`,
      (n) => window.__playground?.ready && window.__playground.synced && window.__playground.compare?.runs.length === n,
      runs,
    );
    await page.click('#play');
    await waitFor('every run at epoch 50', () => window.__playground.compare.runs.every((r) => r.epoch >= 50));
    await page.waitForTimeout(1000); // warm-up at full pace
    const { seconds: dt, raf, before, after } = await watch(page, seconds);
    const m = {
      seconds: dt,
      epochs_per_s: after.runs.map((epoch, i) => (epoch - before.runs[i]) / dt),
      raf_fps: raf / dt,
      drawn_fps: (after.frames - before.frames) / dt,
      draw_ms_per_frame: after.drawMs,
      playing: after.playing,
    };
    if (errors.length) throw new Error(`${query}: page errors: ${errors.join('; ')}`);
    if (!m.playing) throw new Error(`${query}: training stopped`);
    return m;
  } finally {
    await context.close();
  }
}
