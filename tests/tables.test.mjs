// Tables in the page: the dataset picker offers the built-in tables, a run on one
// trains and its data view shows the rows (raw cells, encoded inputs, target and
// prediction); a link to a table restores it; a model file round-trips on a table.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, openAt, settle, setPlaying, expectNewRun, config } from './helpers.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

test('smoke: animals and digits build and train', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await expectNewRun(page, () => page.check('#table-animals'));
    console.log(JSON.stringify(await config(page)).slice(0, 300));
    await setPlaying(page, true);
    await page.waitForFunction(() => window.__playground.epoch >= 20, null, { timeout: 20000 });
    await setPlaying(page, false);
    await settle(page);
    await page.screenshot({ path: '/tmp/tp/animals.png' });
    await expectNewRun(page, () => page.check('#table-digits'));
    await page.screenshot({ path: '/tmp/tp/digits.png' });
    console.log(errors);
  } finally {
    await close();
  }
});
