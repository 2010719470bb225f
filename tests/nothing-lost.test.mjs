// Nothing lost: a Rust panic restores the run from its last snapshot (epoch, weights and
// optimizer state, the chart); a reload resumes the trained run from the browser's
// storage, "Start fresh" starts it again from epoch 0 with the initial weights; a
// corrupt or refused saved run is set aside with a notice.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, state, settle, setPlaying, expectNewRun, io, waitForFrame } from './helpers.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** Run A's model file as the worker exports it now. */
const exported = async (page) => (await page.evaluate(() => window.__playground.exportModels()))[0];
/** The weights of a model file. */
const weightsOf = (text) => JSON.parse(text).network;

/** Trains to at least `epochs`, pauses, and waits until the page holds the paused run's snapshot. */
async function trainTo(page, epochs) {
  await setPlaying(page, true);
  await page.waitForFunction((n) => window.__playground.epoch >= n, epochs, { timeout: 30000 });
  await setPlaying(page, false);
  await page.waitForFunction(() => window.__playground.snapshotEpoch === window.__playground.epoch);
  return (await state(page)).epoch;
}

test('a Rust panic restores the run at its epoch with its weights and optimizer state, and says so', { timeout: 90000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await expectNewRun(page, () => page.click('label:has(#dataset-xor)'));
    await expectNewRun(page, () => page.selectOption('#optimizer', 'adam'));
    const config = await page.evaluate(() => window.__playground.config);
    const epoch = await trainTo(page, 40);
    const model = await exported(page);
    const history = (await page.evaluate(() => window.__playground.history)).length;
    const { run } = await state(page);

    await page.evaluate(() => window.__playground.simulatePanic());
    await page.waitForFunction((r) => window.__playground.restarts === 1 && window.__playground.run > r, run, { timeout: 15000 });
    await settle(page);
    const s = await state(page);
    assert.equal(s.epoch, epoch, 'the epoch survives');
    assert.equal(await exported(page), model, 'weights, optimizer state, order and epoch survive bit for bit');
    assert.equal(
      s.workerError,
      `The core stopped with an error (unreachable (simulated panic for the recovery test)); the run was restored at epoch ${epoch.toLocaleString('en-US')}.`,
    );
    assert.equal(await page.getAttribute('#status', 'data-state'), 'error');
    assert.deepEqual(await page.evaluate(() => window.__playground.config), config, 'the same configuration');
    assert.equal((await page.evaluate(() => window.__playground.history)).length, history, 'the chart is kept');

    // It trains on from there; a panic while playing loses at most the training since the last snapshot.
    await setPlaying(page, true);
    await page.waitForFunction((e) => window.__playground.snapshotEpoch > e, epoch, { timeout: 30000 });
    const playing = await state(page);
    const snapshotEpoch = await page.evaluate(() => window.__playground.snapshotEpoch);
    await page.evaluate(() => window.__playground.simulatePanic());
    await page.waitForFunction((r) => window.__playground.restarts === 2 && window.__playground.run > r, playing.run, { timeout: 15000 });
    await settle(page);
    const again = await state(page);
    assert.ok(again.epoch >= snapshotEpoch && again.epoch > epoch, `restored at ${again.epoch}, after a snapshot at ${snapshotEpoch} (first restore at ${epoch})`);
    assert.match(again.workerError, new RegExp(`restored at epoch ${again.epoch.toLocaleString('en-US')}\\.$`));
    // The next change clears the message.
    await expectNewRun(page, () => page.click('label:has(#dataset-circle)'));
    assert.equal((await state(page)).workerError, null);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a reload resumes the trained run; "Start fresh" starts it again from epoch 0', { timeout: 120000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await expectNewRun(page, () => page.click('label:has(#dataset-gaussian)'));
    const initial = await exported(page);
    assert.equal(await page.isVisible('#start-fresh'), false, 'nothing to start afresh from');
    const epoch = await trainTo(page, 60);
    const model = await exported(page);
    const config = await page.evaluate(() => window.__playground.config);

    await page.reload();
    await waitForFrame(page);
    await settle(page);
    assert.equal((await state(page)).epoch, epoch, 'the epoch is back');
    assert.equal(await exported(page), model, 'the weights and the training state are back, bit for bit');
    assert.deepEqual(await page.evaluate(() => window.__playground.config), config);
    assert.ok((await page.evaluate(() => window.__playground.history)).length > 1, 'the chart is back');
    assert.match((await io(page)).linkNotice, new RegExp(`resumed at epoch ${epoch.toLocaleString('en-US')}`));
    assert.equal(await page.isVisible('#start-fresh'), true);

    // Start fresh: epoch 0 and the initial weights, and the notice and the button go.
    await expectNewRun(page, () => page.click('#start-fresh'));
    assert.equal((await state(page)).epoch, 0);
    assert.deepEqual(weightsOf(await exported(page)), weightsOf(initial), 'the initial weights of the configuration');
    assert.equal(await page.isVisible('#start-fresh'), false);
    assert.doesNotMatch((await io(page)).linkNotice, /resumed/);
    await page.reload();
    await waitForFrame(page);
    await settle(page);
    assert.equal((await state(page)).epoch, 0, 'nothing trained to resume');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a corrupt or refused saved run is set aside with a notice, and the page starts afresh', { timeout: 90000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await page.evaluate(() => localStorage.setItem('nn-playground:saved-run', '{ nope'));
    await page.reload();
    await waitForFrame(page);
    await settle(page);
    assert.match((await io(page)).linkNotice, /could not be resumed \(it is corrupt\)/);
    assert.equal((await state(page)).epoch, 0);

    // A well-formed entry whose model file the core refuses: the core's reason, a fresh run.
    const config = await page.evaluate(() => window.__playground.config);
    await page.evaluate((c) => localStorage.setItem('nn-playground:saved-run', JSON.stringify({ version: 1, config: c, epoch: 9, model: '{"format": "x"}', history: [] })), config);
    await page.reload();
    await page.waitForFunction(() => window.__playground.ready && window.__playground.io.linkNotice.includes('not a model file'));
    await waitForFrame(page);
    await settle(page);
    assert.match((await io(page)).linkNotice, /could not be resumed/);
    assert.equal((await state(page)).epoch, 0);
    assert.deepEqual(await page.evaluate(() => window.__playground.config), config);
    // The page works: it trains.
    await setPlaying(page, true);
    await page.waitForFunction(() => window.__playground.epoch >= 5, null, { timeout: 15000 });
    await setPlaying(page, false);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
