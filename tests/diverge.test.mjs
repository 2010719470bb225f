// A learning rate far too high makes training diverge: the run pauses itself, the
// status line says what happened and what to do, and reset recovers.

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

test('a diverging run stops with a message and reset recovers', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    // Regression with a linear output, summed squared error over the full batch and
    // learning rate 10: the weights blow up within a few epochs.
    await expectNewRun(page, () => page.click('label:has(#dataset-plane)'));
    await expectNewRun(page, () => page.selectOption('#loss', 'sse'));
    await expectNewRun(page, () => page.selectOption('#strategy', 'full_batch'));
    await expectNewRun(page, () => page.selectOption('#learning-rate', '10'));
    assert.equal((await state(page)).configError, null);
    const run = (await state(page)).run;

    await page.click('#play');
    await page.waitForFunction(() => window.__playground.stopMessage !== null, null, { timeout: 20000 });
    await settle(page);
    const stopped = await state(page);
    assert.equal(stopped.run, run);
    assert.equal(stopped.playing, false, 'the run paused itself');
    assert.match(stopped.stopMessage, /diverged/i);
    assert.match(stopped.stopMessage, /learning rate/i);
    assert.equal(await page.getAttribute('#status', 'data-state'), 'stopped');
    const status = await page.textContent('#status');
    assert.match(status, /diverged/i, 'the status line shows the message');
    assert.equal(await page.isVisible('#status'), true);
    assert.equal(await page.isDisabled('#play'), true, 'play waits for a reset');
    assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'false');

    // Reset: the same configuration from epoch 0, finite loss, no message.
    await page.click('#reset');
    await page.waitForFunction((r) => window.__playground.run > r, run);
    await settle(page);
    const fresh = await state(page);
    assert.equal(fresh.epoch, 0);
    assert.equal(fresh.stopMessage, null);
    assert.ok(Number.isFinite(fresh.trainLoss));
    assert.notEqual(await page.getAttribute('#status', 'data-state'), 'stopped');
    assert.equal(await page.isDisabled('#play'), false);

    // With a sensible learning rate the same task trains and the loss falls.
    await expectNewRun(page, () => page.selectOption('#learning-rate', '0.001'));
    const before = (await state(page)).trainLoss;
    await setPlaying(page, true);
    await page.waitForFunction(
      (l) => window.__playground.epoch >= 100 && window.__playground.trainLoss < l,
      before,
      { timeout: 30000 },
    );
    assert.equal((await state(page)).stopMessage, null);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
