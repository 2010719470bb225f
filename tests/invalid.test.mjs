// A configuration the core rejects shows its message by the controls, and the
// previous run keeps training; a valid change afterwards clears the message.

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

test('an invalid configuration is reported and the previous run keeps going', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    // Binary cross-entropy is fine for the two-class circle...
    await expectNewRun(page, () => page.selectOption('#loss', 'binary_cross_entropy'));
    assert.equal(await page.isHidden('#config-error'), true);
    await setPlaying(page, true);
    await page.waitForFunction(() => window.__playground.epoch >= 20);
    const good = await state(page);

    // ...but not for a regression task: the core names the field and the reason.
    await page.click('label:has(#dataset-plane)');
    await page.waitForFunction(() => window.__playground.configError !== null);
    await settle(page);
    const message = await page.textContent('#config-error');
    assert.equal(await page.isVisible('#config-error'), true, 'the message is visible');
    assert.match(message, /loss/, 'it names the field');
    assert.match(message, /regression/i, 'and says why');
    const rejected = await state(page);
    assert.equal(rejected.run, good.run, 'no new run was built');
    assert.deepEqual(rejected.shape, good.shape);
    assert.equal(rejected.workerError, null);

    // The previous run still trains and the page still answers.
    await page.waitForFunction((e) => window.__playground.epoch >= e + 50, rejected.epoch);
    assert.equal((await state(page)).run, good.run);
    await setPlaying(page, false);
    const paused = await state(page);
    await page.click('#step');
    await settle(page);
    assert.equal((await state(page)).epoch, paused.epoch + 1);

    // A loss that suits regression makes the plane valid: new run, message gone.
    await expectNewRun(page, () => page.selectOption('#loss', 'mse'));
    const fixed = await state(page);
    assert.equal(fixed.configError, null);
    assert.equal(await page.isHidden('#config-error'), true);
    assert.equal(fixed.epoch, 0);
    const task = await page.evaluate(() => window.__playground.config.data.task);
    assert.equal(task, 'plane');
    await setPlaying(page, true);
    await page.waitForFunction(() => window.__playground.epoch >= 20);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
