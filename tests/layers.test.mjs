// Shaping the network: the layer and neuron buttons rebuild the run with the new shape,
// starting again from epoch 0, and the new network trains.

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

test('adding and removing layers and neurons restarts the run with the new shape', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await setPlaying(page, true);
    await page.waitForFunction(() => window.__playground.epoch >= 30);
    await setPlaying(page, false);
    const trained = await state(page);
    assert.ok(trained.epoch >= 30);

    await expectNewRun(page, () => page.click('#add-layer'));
    let s = await state(page);
    assert.deepEqual(s.shape, [2, 4, 2, 4, 1], 'a third hidden layer of 4 neurons');
    assert.equal(s.epoch, 0, 'the new run starts at epoch 0');
    assert.equal(await page.getAttribute('#epoch', 'data-epoch'), '0');
    assert.equal(await page.textContent('#layer-count'), '3');
    assert.equal(await page.getAttribute('body', 'data-shape'), '2,4,2,4,1');

    await expectNewRun(page, () => page.click('button[aria-label="Remove a neuron from hidden layer 3"]'));
    assert.deepEqual((await state(page)).shape, [2, 4, 2, 3, 1]);
    await expectNewRun(page, () => page.click('button[aria-label="Add a neuron to hidden layer 1"]'));
    assert.deepEqual((await state(page)).shape, [2, 5, 2, 3, 1]);

    // Down to the single-layer network of the lecture: no hidden layer at all.
    for (const shape of [
      [2, 5, 2, 1],
      [2, 5, 1],
      [2, 1],
    ]) {
      await expectNewRun(page, () => page.click('#remove-layer'));
      assert.deepEqual((await state(page)).shape, shape);
    }
    assert.equal(await page.isDisabled('#remove-layer'), true, 'no layer left to remove');

    // Up to the limit the core reports; the button then refuses.
    const max = await page.evaluate(() => window.__playground.limits.max_hidden_layers);
    let layers = 0;
    while (!(await page.isDisabled('#add-layer'))) {
      await expectNewRun(page, () => page.click('#add-layer'));
      layers += 1;
    }
    assert.equal((await state(page)).shape.length, layers + 2);
    assert.equal(layers, max, 'as many hidden layers as the core allows');

    // An input feature adds an input neuron.
    await expectNewRun(page, () => page.click('label:has(#feature-x1_x2)'));
    assert.equal((await state(page)).shape[0], 3);

    // The new network trains.
    await setPlaying(page, true);
    await page.waitForFunction(() => window.__playground.epoch >= 20);
    assert.equal((await state(page)).configError, null);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
