// The link: every setting is in the address, so a copied link opened in a fresh page
// builds the same configuration (the core's configJson) and the same run (the same
// initial loss), and a reload keeps it. A tampered link resets the bad fields, says
// which, and the page still trains. A lesson link hides the controls it names.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { launch, openPage, state, settle, setPlaying, expectNewRun, waitForFrame, io, config, openAt } from './helpers.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});


/** The search part of the page's address. */
const search = (page) => page.evaluate(() => location.search);

/** Page settings that are not in the configuration. */
const pageSettings = (page) =>
  page.evaluate(() => ({
    speed: document.getElementById('speed').value,
    test: document.getElementById('show-test').checked,
    disc: document.getElementById('discretize').checked,
    log: document.getElementById('loss-log').checked,
    big: document.getElementById('large-text').checked,
  }));

// Every field of the configuration away from its default, and the page settings.
const FULL =
  '?data=spiral&seed=7&noise=0.1&train=0.6&points=300&classes=3&features=x1,x2,x1_squared' +
  '&layers=6,5,3&act=tanh:2&acts=relu,tanh:2,sigmoid:2&out=auto&loss=softmax_cross_entropy&lr=0.1' +
  '&schedule=step_decay:50:0.5&batch=mini_batch:16&opt=adam:0.8:0.99&reg=l2:0.001' +
  '&init=small_uniform:0.5&epochs=5000&minloss=0.001&patience=200&mindw=1e-9' +
  '&speed=20&test=1&disc=1&log=0';

test('a link restores every setting and the same run, in a fresh page and after a reload', { timeout: 90000 }, async () => {
  const first = await openAt(env, FULL);
  try {
    const a = await config(first.page);
    assert.equal((await io(first.page)).linkNotice, '', 'no notice for a valid link');
    assert.equal(a.data.task, 'spiral');
    assert.equal(a.seed, 7);
    assert.equal(a.data.noise, 0.1);
    assert.equal(a.data.train_fraction, 0.6);
    assert.equal(a.data.points, 300);
    assert.equal(a.data.classes, 3);
    assert.deepEqual(a.features, ['x1', 'x2', 'x1_squared']);
    assert.deepEqual(a.hidden_layers, [6, 5, 3]);
    assert.deepEqual(a.activation, { kind: 'tanh', steepness: 2 });
    assert.deepEqual(a.layer_activations.map((x) => x.kind), ['relu', 'tanh', 'sigmoid']);
    assert.equal(a.output_activation, null);
    assert.equal(a.loss, 'softmax_cross_entropy');
    assert.equal(a.learning_rate, 0.1);
    assert.deepEqual(a.schedule, { kind: 'step_decay', every: 50, factor: 0.5 });
    assert.deepEqual(a.strategy, { kind: 'mini_batch', size: 16 });
    assert.deepEqual(a.optimizer, { kind: 'adam', beta1: 0.8, beta2: 0.99, epsilon: 1e-8 });
    assert.deepEqual(a.regularization, { kind: 'l2', rate: 0.001 });
    assert.deepEqual(a.init, { kind: 'small_uniform', scale: 0.5 });
    assert.deepEqual(a.stopping, {
      max_epochs: 5000,
      time_limit_seconds: null,
      min_train_loss: 0.001,
      patience: 200,
      min_weight_change: 1e-9,
    });
    assert.deepEqual(await pageSettings(first.page), { speed: '20', test: true, disc: true, log: false, big: false });
    assert.deepEqual((await state(first.page)).shape, [3, 6, 5, 3, 3]);

    // The page writes its own link: opened afresh it gives the same configuration and run.
    const link = await search(first.page);
    const second = await openAt(env, link);
    try {
      assert.deepEqual(await config(second.page), a, 'the same configuration');
      assert.equal((await state(second.page)).trainLoss, (await state(first.page)).trainLoss, 'the same initial loss');
      assert.equal((await io(second.page)).gridHash, (await io(first.page)).gridHash, 'the same initial output');
      assert.deepEqual(await pageSettings(second.page), await pageSettings(first.page));
      assert.equal(await search(second.page), link, 'and writes the same link');
    } finally {
      await second.close();
    }

    // Changes through the controls go into the address; a reload keeps them.
    const page = first.page;
    await expectNewRun(page, () => page.click('label:has(#dataset-gaussian)'));
    await expectNewRun(page, () => page.click('#remove-layer'));
    await expectNewRun(page, () => page.selectOption('#learning-rate', '0.003'));
    await expectNewRun(page, () => page.selectOption('#regularization', 'l1'));
    await page.selectOption('#speed', '5');
    await page.check('#large-text');
    await page.uncheck('#discretize');
    await settle(page);
    const changed = await config(page);
    const query = await search(page);
    assert.match(query, /data=gaussian/);
    assert.match(query, /layers=6,5(&|$)/);
    assert.match(query, /lr=0.003/);
    assert.match(query, /reg=l1:/);
    assert.match(query, /speed=5/);
    assert.match(query, /big=1/);
    assert.doesNotMatch(query, /disc=/);
    const loss = (await state(page)).trainLoss;
    await page.reload();
    await waitForFrame(page);
    await settle(page);
    assert.deepEqual(await config(page), changed);
    assert.equal((await state(page)).trainLoss, loss);
    assert.deepEqual(await pageSettings(page), { speed: '5', test: true, disc: false, log: false, big: true });
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('large-text')), true);
    assert.deepEqual(first.errors, []);
  } finally {
    await first.close();
  }
});

test('your own points travel in the link', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await page.click('#clear-points');
    const overlay = page.locator('#plane-overlay');
    const box = await overlay.boundingBox();
    const points = [
      [0.2, 0.2, 0],
      [0.8, 0.3, 1],
      [0.3, 0.7, 1],
      [0.7, 0.8, 0],
      [0.5, 0.5, 1],
      [0.15, 0.85, 0],
    ];
    for (const [fx, fy, k] of points) {
      await page.check(`#point-class-${k}`);
      await overlay.click({ position: { x: fx * box.width, y: fy * box.height } });
    }
    await page.waitForFunction(() => window.__playground.io.pointCount === 6);
    await settle(page);
    const query = await search(page);
    assert.match(query, /data=custom/);
    assert.match(query, /pts=c[A-Za-z0-9_-]{30}(&|$)/, 'six points, five characters each');
    const a = await config(page);
    const other = await openAt(env, query);
    try {
      assert.deepEqual(await config(other.page), a);
      assert.equal((await state(other.page)).trainLoss, (await state(page)).trainLoss);
      assert.equal((await io(other.page)).pointsHash, (await io(page)).pointsHash);
      assert.equal((await io(other.page)).custom, true);
      assert.deepEqual(other.errors, []);
    } finally {
      await other.close();
    }
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('points too many for a link are left out, and the link says so', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    // 1500 points off the 0.01 grid: too long for a link.
    const lines = ['x1,x2,label'];
    for (let i = 0; i < 1500; i++) lines.push(`${(((i * 7919) % 10007) / 1000 - 5).toFixed(6)},${(((i * 104729) % 10007) / 1000 - 5).toFixed(6)},${i % 2}`);
    await expectNewRun(page, () =>
      page.setInputFiles('#csv-file', { name: 'many.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) }),
    );
    assert.equal((await io(page)).pointCount, 1500);
    const query = await search(page);
    assert.match(query, /data=custom/);
    assert.match(query, /pts=omitted/);
    assert.match(await page.textContent('#share-message'), /1500 points are too many for a link/);
    const other = await openAt(env, query);
    try {
      assert.match(await other.page.textContent('#link-notice-text'), /too many to fit/);
      assert.doesNotMatch(await other.page.textContent('#link-notice-text'), /invalid/);
      assert.equal((await config(other.page)).data.task, 'circle');
      assert.deepEqual(other.errors, []);
    } finally {
      await other.close();
    }
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a tampered link resets the bad fields, says which, and the page trains', { timeout: 60000 }, async () => {
  const defaults = await (async () => {
    const { page, close } = await openPage(env);
    const c = await config(page);
    await close();
    return c;
  })();
  const { page, errors, close } = await openAt(env, '?lr=abc&layers=99&loss=nonsense&seed=5&speed=7&bogus=1&features=x1,x9');
  try {
    const notice = await page.textContent('#link-notice');
    assert.equal(await page.isVisible('#link-notice'), true);
    assert.match(notice, /Some settings in the link were invalid and were reset: /);
    for (const key of ['lr', 'layers', 'loss', 'speed', 'bogus', 'features']) assert.match(notice, new RegExp(`\\b${key}\\b`));
    assert.doesNotMatch(notice, /seed/);
    const c = await config(page);
    assert.equal(c.seed, 5, 'the valid field is kept');
    assert.equal(c.learning_rate, defaults.learning_rate);
    assert.deepEqual(c.hidden_layers, defaults.hidden_layers);
    assert.equal(c.loss, defaults.loss);
    assert.deepEqual(c.features, defaults.features);
    assert.equal(await page.inputValue('#speed'), '10');
    // The address now holds the repaired link.
    const query = await search(page);
    assert.doesNotMatch(query, /abc|nonsense|bogus|99/);
    assert.match(query, /seed=5/);
    await setPlaying(page, true);
    await page.waitForFunction(() => window.__playground.epoch >= 20);
    assert.equal((await state(page)).configError, null);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }

  // Valid fields the core refuses together: the field its message names falls back.
  for (const [query, key, check] of [
    ['?data=plane&loss=binary_cross_entropy', 'loss', (c) => c.data.task === 'plane' && c.loss === defaults.loss],
    ['?out=softmax', 'out', (c) => c.output_activation === null],
    ['?data=custom', 'data', (c) => c.data.task === defaults.data.task],
    ['?pts=c!!', 'pts', (c) => c.data.task === defaults.data.task],
  ]) {
    const opened = await openAt(env, query);
    try {
      const notice = await opened.page.textContent('#link-notice-text');
      assert.match(notice, new RegExp(`reset: ${key}\\.$`), `${query}: ${notice}`);
      assert.ok(check(await config(opened.page)), query);
      assert.deepEqual(opened.errors, []);
    } finally {
      await opened.close();
    }
  }
});

test('a lesson link hides the controls the teacher ticked', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await expectNewRun(page, () => page.click('label:has(#dataset-xor)'));
    await page.click('#share summary');
    for (const key of ['loss', 'layers', 'activation', 'dataset']) await page.check(`#hide-${key}`);
    const link = await page.inputValue('#share-link');
    assert.match(link, /hide=dataset,layers,activation,loss$/);
    assert.equal(await page.getAttribute('#open-link', 'href'), link);
    // The teacher's own page keeps every control.
    assert.equal(await page.isVisible('#loss'), true);

    const lesson = await openAt(env, link.slice(link.indexOf('?')));
    try {
      const p = lesson.page;
      assert.deepEqual((await io(p)).hidden, ['dataset', 'layers', 'activation', 'loss']);
      for (const selector of ['#loss', '#activation', '#add-layer', '#layer-controls', '.datasets']) {
        assert.equal(await p.isHidden(selector), true, `${selector} is hidden`);
      }
      for (const selector of ['#learning-rate', '#play', '#noise']) {
        assert.equal(await p.isVisible(selector), true, `${selector} is shown`);
      }
      assert.equal((await config(p)).data.task, 'xor');
      assert.match(await search(p), /hide=dataset,layers,activation,loss/);
      await setPlaying(p, true);
      await p.waitForFunction(() => window.__playground.epoch >= 200);
      await setPlaying(p, false);
      await mkdir('docs', { recursive: true });
      await p.screenshot({ path: 'docs/screenshot-lesson.png' });
      assert.deepEqual(lesson.errors, []);
    } finally {
      await lesson.close();
    }
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
