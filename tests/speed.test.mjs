// Speed: at "max" epochs per frame the page trains thousands of epochs per second and
// keeps redrawing. The figures are printed (they depend on the machine); the test only
// checks loose lower bounds. Targets (not asserted): >= 5000 epochs/s at the default
// network with a redraw at ~60 fps, >= 500 epochs/s for 7 features and 6 layers of 8.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, state, settle, setPlaying, expectNewRun } from './helpers.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/**
 * Trains at `speed` and measures, over `seconds` of page time, the epochs per second
 * and the frames drawn per second, both from the epoch and frame counters and from the
 * page's own meters (`epochsPerSecond`, `fps`).
 */
async function measure(page, speed, seconds = 3) {
  await page.selectOption('#speed', speed);
  await setPlaying(page, true);
  const warm = (await state(page)).epoch + 20;
  await page.waitForFunction((n) => window.__playground.epoch >= n, warm, { timeout: 30000 });
  const m = await page.evaluate(async (ms) => {
    const p = window.__playground;
    const t0 = performance.now();
    const e0 = p.epoch;
    const f0 = p.frames;
    await new Promise((resolve) => setTimeout(resolve, ms));
    const dt = (performance.now() - t0) / 1000;
    return {
      epochsPerSecond: (p.epoch - e0) / dt,
      fps: (p.frames - f0) / dt,
      meterEpochsPerSecond: p.epochsPerSecond,
      meterFps: p.fps,
      workerMsPerFrame: p.workerMs,
      drawMsPerFrame: p.drawMs,
      epoch: p.epoch,
    };
  }, seconds * 1000);
  await setPlaying(page, false);
  return m;
}

function report(name, m) {
  console.log(
    `${name}: ${Math.round(m.epochsPerSecond)} epochs/s, ${m.fps.toFixed(1)} fps ` +
      `(page meters: ${Math.round(m.meterEpochsPerSecond)} epochs/s, ${m.meterFps.toFixed(1)} fps; ` +
      `worker ${m.workerMsPerFrame.toFixed(1)} ms and drawing ${m.drawMsPerFrame.toFixed(1)} ms per frame)`,
  );
}

test('speed "max" trains thousands of epochs per second and keeps redrawing', { timeout: 180000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await settle(page);
    assert.deepEqual((await state(page)).shape, [2, 4, 2, 1]);
    const options = await page.$$eval('#speed option', (all) => all.map((o) => o.value));
    for (const v of ['1', '10', '100', '500', 'max']) assert.ok(options.includes(v), `speed ${v} offered`);
    assert.ok(options.some((v) => Number(v) < 1), 'slow motion offered');

    const small = await measure(page, 'max');
    report('default network 2-4-2-1, batch 10, speed max', small);
    assert.ok(small.epochsPerSecond > 500, `epochs/s ${small.epochsPerSecond}`);
    assert.ok(small.fps > 20, `fps ${small.fps}`);
    assert.ok(small.meterEpochsPerSecond > 0 && small.meterFps > 0, 'the page measures itself');
    assert.match(await page.textContent('#speed-rate'), /epochs\/s/);

    // Slow motion: one epoch every fourth frame.
    await expectNewRun(page, () => page.click('#reset'));
    await page.selectOption('#speed', '0.25');
    await setPlaying(page, true);
    await page.waitForFunction(() => window.__playground.epoch >= 5, null, { timeout: 15000 });
    await setPlaying(page, false);
    const slow = await state(page);
    assert.ok(slow.epoch <= slow.frames, `slow motion: ${slow.epoch} epochs in ${slow.frames} frames`);

    // The largest network: all 7 features, 6 hidden layers of 8 neurons.
    for (const id of ['x1_squared', 'x2_squared', 'x1_x2', 'sin_x1', 'sin_x2']) {
      await expectNewRun(page, () => page.click(`label:has(#feature-${id})`));
    }
    while (!(await page.isDisabled('#add-layer'))) await expectNewRun(page, () => page.click('#add-layer'));
    for (let layer = 1; layer <= 6; layer++) {
      const add = `button[aria-label="Add a neuron to hidden layer ${layer}"]`;
      while (!(await page.isDisabled(add))) await expectNewRun(page, () => page.click(add));
    }
    assert.deepEqual((await state(page)).shape, [7, 8, 8, 8, 8, 8, 8, 1]);
    const large = await measure(page, 'max');
    report('largest network 7-8x6-1, batch 10, speed max', large);
    assert.ok(large.epochsPerSecond > 50, `epochs/s ${large.epochsPerSecond}`);
    assert.ok(large.fps > 10, `fps ${large.fps}`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
