#!/usr/bin/env node
// Writes a screenshot of the page after training the two-class spiral.
//
//   node tests/screenshot.mjs [out.png] [epochs]     (defaults: docs/screenshot.png, 2000)
//
// It drives the real page through its controls, as a person would: spiral data,
// inputs x1 and x2, three hidden layers of 8 tanh neurons, learning rate 0.03 (the
// defaults), test points shown.

import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { launch, openPage, settle, expectNewRun, setPlaying } from './helpers.mjs';

const out = resolve(process.argv[2] ?? 'docs/screenshot.png');
const epochs = Number(process.argv[3] ?? 2000);

const env = await launch();
try {
  const { page, errors, close } = await openPage(env, { width: 1440, height: 900 });
  await expectNewRun(page, () => page.click('label:has(#dataset-spiral)'));
  await expectNewRun(page, () => page.click('#add-layer'));
  for (let layer = 1; layer <= 3; layer++) {
    const add = `button[aria-label="Add a neuron to hidden layer ${layer}"]`;
    while (!(await page.isDisabled(add))) await expectNewRun(page, () => page.click(add));
  }
  await page.selectOption('#speed', '20');
  await page.check('#show-test');
  await setPlaying(page, true);
  await page.waitForFunction((n) => window.__playground.epoch >= n, epochs, { timeout: 120000 });
  await setPlaying(page, false);
  await settle(page);
  await mkdir(dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  const s = await page.evaluate(() => ({
    epoch: window.__playground.epoch,
    train: window.__playground.trainLoss,
    test: window.__playground.testLoss,
    shape: window.__playground.shape,
  }));
  console.log(`wrote ${out}: epoch ${s.epoch}, shape ${s.shape.join('-')}, train loss ${s.train.toFixed(4)}, test loss ${s.test.toFixed(4)}`);
  if (errors.length) console.warn('page errors:', errors);
  await close();
} finally {
  await env.close();
}
