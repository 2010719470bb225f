// Training works end to end: the page loads cleanly, play advances the epoch counter,
// the training loss falls, the decision boundary is redrawn, pause and one step work.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, state, canvasHash, settle, setPlaying } from './helpers.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

test('the page loads without errors, trains, and redraws the boundary', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await settle(page);
    const start = await state(page);
    assert.equal(start.epoch, 0);
    assert.deepEqual(start.shape, [2, 4, 2, 1], 'the default network: 2 inputs, 4 and 2 hidden, 1 output');
    assert.ok(Number.isFinite(start.trainLoss) && start.trainLoss > 0, `initial loss ${start.trainLoss}`);
    assert.equal(await page.getAttribute('#epoch', 'data-epoch'), '0');
    assert.equal(await page.isChecked('#dataset-circle'), true, 'the circle task is the default');
    const boundaryBefore = await canvasHash(page, '#output-canvas');
    const networkBefore = await canvasHash(page, '#network-canvas');

    await setPlaying(page, true);
    assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'true');
    // The circle is easy: the loss must fall well below its starting value.
    await page.waitForFunction(
      (first) => window.__playground.epoch >= 150 && window.__playground.trainLoss < first * 0.25,
      start.trainLoss,
      { timeout: 30000 },
    );
    const trained = await state(page);
    assert.ok(trained.epoch > start.epoch, 'the epoch counter advances');
    assert.ok(trained.trainLoss < start.trainLoss * 0.25, `loss ${start.trainLoss} -> ${trained.trainLoss}`);
    assert.equal(trained.stopMessage, null);

    // The readouts in the DOM follow the state.
    const shown = Number(await page.getAttribute('#epoch', 'data-epoch'));
    assert.ok(shown >= 150, `data-epoch ${shown}`);
    const text = await page.textContent('#epoch');
    assert.match(text, /^\d{3},\d{3}$/, `epoch text ${text}`);
    assert.ok(Number(await page.getAttribute('#train-loss', 'data-loss')) < start.trainLoss);

    await setPlaying(page, false);
    assert.notEqual(await canvasHash(page, '#output-canvas'), boundaryBefore, 'the heatmap changed');
    assert.notEqual(await canvasHash(page, '#network-canvas'), networkBefore, 'the network diagram changed');
    const chartPoints = await page.evaluate(() => window.__playground.history.length);
    assert.ok(chartPoints >= 2, 'the loss chart has points');

    // Paused: one step trains exactly one epoch.
    const paused = await state(page);
    await page.click('#step');
    await settle(page);
    assert.equal((await state(page)).epoch, paused.epoch + 1);

    assert.deepEqual(errors, [], 'no console errors, page errors or failed requests');
  } finally {
    await close();
  }
});

test('reset starts the same run again from epoch 0', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await settle(page);
    const first = await state(page);
    const hash = await canvasHash(page, '#output-canvas');
    await setPlaying(page, true);
    await page.waitForFunction(() => window.__playground.epoch >= 50);
    await page.click('#reset');
    await page.waitForFunction((run) => window.__playground.run > run, first.run);
    await settle(page);
    const after = await state(page);
    assert.equal(after.epoch, 0);
    assert.equal(after.playing, false, 'reset pauses');
    assert.equal(after.trainLoss, first.trainLoss, 'the same seed gives the same initial network');
    assert.equal(await canvasHash(page, '#output-canvas'), hash, 'and the same picture');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
