// Nothing lost: a Rust panic restores the run from its last snapshot (epoch, weights and
// optimizer state, the chart); a reload resumes the trained run from the browser's
// storage, and every run of a comparison, and says so; "Start fresh" starts it again from
// epoch 0 with the initial weights; two tabs keep their own runs; a corrupt or refused
// saved run is set aside with a notice.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, openAt, state, settle, setPlaying, expectNewRun, io, waitForFrame } from './helpers.mjs';

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
    assert.match((await io(page)).linkNotice, new RegExp(`^Restored the run at epoch ${epoch.toLocaleString('en-US')} \\(kept \\d+ s before the reload\\)`));
    assert.equal(await page.getAttribute('#link-notice', 'role'), 'status', 'screen readers hear it, politely');
    assert.equal(await page.isVisible('#start-fresh'), true);

    // Start fresh: epoch 0 and the initial weights, and the notice and the button go.
    await expectNewRun(page, () => page.click('#start-fresh'));
    assert.equal((await state(page)).epoch, 0);
    assert.deepEqual(weightsOf(await exported(page)), weightsOf(initial), 'the initial weights of the configuration');
    assert.equal(await page.isVisible('#start-fresh'), false);
    assert.doesNotMatch((await io(page)).linkNotice, /Restored/);
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
    await page.evaluate((text) => localStorage.setItem(`nn-playground:runs:${sessionStorage.getItem('nn-playground:tab')}`, text), '{ nope');
    await page.reload();
    await waitForFrame(page);
    await settle(page);
    assert.match((await io(page)).linkNotice, /could not be resumed \(it is corrupt\)/);
    assert.equal((await state(page)).epoch, 0);

    // A well-formed entry whose model file the core refuses: the core's reason, a fresh run.
    const config = await page.evaluate(() => window.__playground.config);
    const refused = { version: 2, savedAt: Date.now(), compare: null, runs: [{ name: 'A', config, epoch: 9, model: '{"format": "x"}', history: [] }] };
    await page.evaluate((text) => localStorage.setItem(`nn-playground:runs:${sessionStorage.getItem('nn-playground:tab')}`, text), JSON.stringify(refused));
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

/** Every run of the comparison, as the page shows it. */
const runsOf = async (page) => (await page.evaluate(() => window.__playground.compare)).runs;

test('every run of a comparison comes back at its epoch after a reload, and says so; leaving compare mode keeps A', { timeout: 120000 }, async () => {
  const { page, errors, close } = await openAt(env, '?data=xor&B=opt~adam&C=loss~sse&race=1');
  try {
    await page.waitForFunction(() => window.__playground.compare?.runs.length === 3 && window.__playground.compare.runs.every((r) => r.frames >= 1));
    await setPlaying(page, true);
    await page.waitForFunction(() => window.__playground.compare.runs.every((r) => r.epoch >= 40), null, { timeout: 60000 });
    await setPlaying(page, false);
    await page.waitForFunction(() => window.__playground.compare.runs.every((r) => !r.playing && r.snapshotEpoch === r.epoch), null, { timeout: 15000 });
    const before = await runsOf(page);
    const models = await page.evaluate(() => window.__playground.exportModels());
    const link = page.url();

    await page.reload();
    await page.waitForFunction(() => window.__playground?.ready && window.__playground.compare?.runs.length === 3 && window.__playground.compare.runs.every((r) => r.run > 0));
    await page.waitForFunction(() => window.__playground.compare.runs.every((r) => r.frames >= 1), null, { timeout: 15000 });
    await settle(page);
    const after = await runsOf(page);
    assert.deepEqual(after.map((r) => [r.name, r.epoch]), before.map((r) => [r.name, r.epoch]), 'every run at its epoch');
    assert.deepEqual(after.map((r) => r.config), before.map((r) => r.config), 'with its configuration');
    assert.ok(after.every((r) => r.history > 1), 'and its chart');
    assert.deepEqual(await page.evaluate(() => window.__playground.exportModels()), models, 'weights and optimizer state of every run, bit for bit');
    const epochs = before.map((r) => `${r.name} at epoch ${r.epoch.toLocaleString('en-US')}`).join(', ');
    assert.match((await io(page)).linkNotice, new RegExp(`^Restored runs ${epochs} \\(kept \\d+ s before the reload\\)`));

    await page.click('#compare-leave');
    await page.waitForFunction(() => window.__playground.compare === null);
    await settle(page);
    assert.equal((await state(page)).epoch, before[0].epoch, 'leaving compare mode keeps A at its epoch');
    assert.equal(await exported(page), models[0], 'with its weights');

    // The comparison's link again: A is kept (it was kept alone after leaving), B and C are
    // new; "Start fresh" starts every run again from epoch 0, and they stay so.
    await page.goto(link);
    await page.waitForFunction(() => window.__playground?.ready && window.__playground.compare?.runs.length === 3 && window.__playground.compare.runs.every((r) => r.frames >= 1));
    await settle(page);
    assert.deepEqual((await runsOf(page)).map((r) => r.epoch), [before[0].epoch, 0, 0]);
    await page.click('#start-fresh');
    await page.waitForFunction(() => window.__playground.compare.runs.every((r) => r.epoch === 0 && r.frames >= 1));
    await page.reload();
    await page.waitForFunction(() => window.__playground?.ready && window.__playground.compare?.runs.length === 3 && window.__playground.compare.runs.every((r) => r.frames >= 1));
    assert.deepEqual((await runsOf(page)).map((r) => r.epoch), [0, 0, 0], 'and they stay forgotten');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('two tabs keep their own runs; a new tab takes the newest that fits its link', { timeout: 120000 }, async () => {
  const { page: circle, errors, close } = await openAt(env, '?data=circle');
  try {
    const context = circle.context();
    const xor = await context.newPage();
    await xor.goto(`${env.url}?data=xor`);
    await waitForFrame(xor);
    const circleEpoch = await trainTo(circle, 30);
    const xorEpoch = await trainTo(xor, 90);
    // Both train on past a write of each (every 2 s), then pause: neither writes over the other.
    for (const p of [circle, xor]) await setPlaying(p, true);
    for (const p of [circle, xor]) await p.waitForFunction(() => window.__playground.epoch > 0 && localStorage.length >= 2, null, { timeout: 15000 });
    const circleNow = await trainTo(circle, circleEpoch + 1);
    const xorNow = await trainTo(xor, xorEpoch + 1);
    const keys = await circle.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('nn-playground:runs:')));
    assert.equal(keys.length, 2, `one entry per tab: ${keys}`);

    const reloaded = async (p, go = () => p.reload()) => {
      await go();
      await waitForFrame(p);
      await settle(p);
      return { epoch: (await state(p)).epoch, task: (await p.evaluate(() => window.__playground.config)).data.task, notice: (await io(p)).linkNotice };
    };
    const c = await reloaded(circle);
    assert.deepEqual([c.task, c.epoch], ['circle', circleNow], 'the circle tab gets its own run back');
    assert.match(c.notice, /^Restored the run at epoch [\d,]+ \(kept \d+ s before the reload\)/);
    const x = await reloaded(xor);
    assert.deepEqual([x.task, x.epoch], ['xor', xorNow], 'the XOR tab gets its own run back');

    // A new tab: on the bare address the run kept last (XOR's, written at its reload), on a
    // link the newest run of that link's configuration.
    const fresh = await context.newPage();
    const f = await reloaded(fresh, () => fresh.goto(env.url));
    assert.deepEqual([f.task, f.epoch], ['xor', xorNow]);
    assert.match(f.notice, /^Restored the run at epoch [\d,]+ \(kept in this browser \d+ s ago\)/);
    const g = await reloaded(fresh, () => fresh.goto(`${env.url}?data=circle`));
    assert.deepEqual([g.task, g.epoch], ['circle', circleNow]);

    // A duplicated tab carries the circle tab's id (the browser copies sessionStorage): the
    // open circle tab says it holds it, and the copy takes an id of its own.
    const tabOf = (p) => p.evaluate(() => sessionStorage.getItem('nn-playground:tab'));
    const circleTab = await tabOf(circle);
    const copy = await context.newPage();
    await copy.goto(`${env.url}?data=circle`);
    await waitForFrame(copy);
    await copy.evaluate((id) => sessionStorage.setItem('nn-playground:tab', id), circleTab);
    await reloaded(copy);
    await copy.waitForFunction((id) => sessionStorage.getItem('nn-playground:tab') !== id, circleTab);
    assert.equal(await tabOf(circle), circleTab, 'the original keeps its id');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
