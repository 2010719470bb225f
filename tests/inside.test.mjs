// Looking inside the network: saturated and dead neurons with the reason training
// stalls (#stall-hint, the diagram's rings), and the hidden layer's view of the data
// (#hidden-space). Every wait is on the page's state, never on the clock.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openAt, openPage, settle, setPlaying, canvasHash, config } from './helpers.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** The stall line's text when shown, '' when hidden. */
const stallShown = (page) =>
  page.evaluate(() => {
    const el = document.getElementById('stall-hint');
    return el.hidden || el.offsetParent === null ? '' : el.textContent.trim();
  });

/** Waits until the run has trained `seconds` of training time (the loss history says). */
const trainedFor = (page, seconds) =>
  page.waitForFunction((s) => (window.__playground.history.at(-1)?.seconds ?? 0) >= s, seconds, { timeout: 60000 });

test('two layers of 8 ReLU at learning rate 10 on the spiral: the page says the neurons died', { timeout: 120000 }, async () => {
  const { page, errors, close } = await openAt(env, '?data=spiral&layers=8,8&act=relu&lr=10');
  try {
    const c = await config(page);
    assert.equal(c.data.task, 'spiral');
    assert.deepEqual(c.hidden_layers, [8, 8]);
    assert.equal(c.activation.kind, 'relu');
    assert.equal(c.learning_rate, 10);
    assert.equal(await stallShown(page), '', 'nothing to say before training');
    assert.equal(await page.getAttribute('#stall-hint', 'role'), 'status');

    await setPlaying(page, true);
    await page.waitForFunction(() => {
      const el = document.getElementById('stall-hint');
      return !el.hidden && /dead/.test(el.textContent);
    }, null, { timeout: 60000 });
    const text = await stallShown(page);
    await page.screenshot({ path: 'docs/screenshot-dead-neurons.png' });
    assert.match(text, /^Training has stalled: \d+ of 8 neurons of layer \d are dead \(ReLU never active\): try a smaller learning rate$/);
    const s = await page.evaluate(() => ({ activity: window.__playground.activity, hint: window.__playground.stallHint, loss: window.__playground.trainLoss, status: document.getElementById('status').textContent }));
    assert.ok(text.endsWith(s.hint), 'the line shows the core\'s sentence');
    assert.equal(s.activity.length, 2, 'one entry per hidden layer');
    for (const layer of s.activity) {
      assert.equal(layer.measure, 'inactivity');
      assert.equal(layer.neurons.length, 8);
    }
    const dead = s.activity.flatMap((l) => l.neurons.filter((n) => n.dead));
    assert.ok(dead.length >= 5, `dead neurons: ${dead.length}`);
    for (const n of dead) assert.equal(n.inactive, 1, 'dead: inactive on every sample');
    assert.ok(Math.abs(s.loss - 1.016) < 0.01, `the loss stays at 1.016: ${s.loss}`);
    assert.equal(await page.isVisible('#activity-legend'), true, 'the rings are explained');

    // The tooltip of a dead neuron says so.
    const layer = s.activity.findIndex((l) => l.neurons.some((n) => n.dead));
    const index = s.activity[layer].neurons.findIndex((n) => n.dead);
    const at = await page.evaluate(({ layer, index }) => window.__playground.io.diagram.neurons.find((n) => n.layer === layer && n.index === index), { layer, index });
    const box = await page.locator('#network-canvas').boundingBox();
    await page.mouse.move(box.x + at.x, box.y + at.y);
    await page.waitForFunction(() => !document.getElementById('diagram-tip').hidden);
    assert.match(await page.textContent('#diagram-tip'), new RegExp(`^Bias of neuron ${index + 1} of hidden layer ${layer + 1}: .* · dead: never active$`));

    // Paused, nothing is stalling.
    await setPlaying(page, false);
    await page.waitForFunction(() => document.getElementById('stall-hint').hidden);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('the default run trains without a stall line, and its tanh neurons report their saturation', { timeout: 120000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await settle(page);
    // Records whether the line ever shows while the run trains.
    await page.evaluate(() => {
      const el = document.getElementById('stall-hint');
      window.__stallSeen = !el.hidden;
      new MutationObserver(() => {
        if (!el.hidden) window.__stallSeen = true;
      }).observe(el, { attributes: true, childList: true, subtree: true, characterData: true });
    });
    await setPlaying(page, true);
    await trainedFor(page, 4);
    // Long enough for the stall test to have looked at two seconds of loss, twice over.
    assert.equal(await stallShown(page), '');
    assert.equal(await page.evaluate(() => window.__stallSeen), false, 'never shown while training');
    const s = await page.evaluate(() => ({ activity: window.__playground.activity, hint: window.__playground.stallHint }));
    assert.equal(s.hint, null);
    assert.deepEqual(s.activity.map((l) => [l.measure, l.neurons.length]), [['saturation', 4], ['saturation', 2]]);
    for (const n of s.activity.flatMap((l) => l.neurons)) {
      assert.ok(n.saturated >= 0 && n.saturated <= 1 && n.dead === false, JSON.stringify(n));
    }
    await setPlaying(page, false);
    assert.equal(await stallShown(page), '');
    // A new run forgets the old one's activity until its first metrics.
    await page.click('#reset');
    await page.waitForFunction(() => window.__playground.epoch === 0 && window.__playground.activity !== null);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

/** Opens #hidden-space and waits for the panel's first picture of the current run. */
async function openHiddenSpace(page) {
  const before = await page.evaluate(() => window.__playground.hiddenRequests);
  await page.click('#hidden-space summary');
  await page.waitForFunction((n) => window.__playground.hiddenRequests > n && window.__playground.hiddenSpace !== null, before);
  return page.evaluate(() => window.__playground.hiddenSpace);
}

test('the hidden space of XOR with two hidden neurons follows training', { timeout: 120000 }, async () => {
  const { page, errors, close } = await openAt(env, '?data=xor&layers=2');
  try {
    assert.equal(await page.evaluate(() => window.__playground.hiddenSpace), null, 'closed: nothing asked');
    const first = await openHiddenSpace(page);
    const c = await config(page);
    const trainPoints = Math.round(c.data.points * c.data.train_fraction);
    assert.equal(first.layer, 0);
    assert.equal(first.neurons, 2);
    assert.equal(first.points.length, 2 * trainPoints, 'two coordinates per training point');
    assert.equal(first.targets.length, trainPoints);
    assert.deepEqual(first.axes.map((a) => a.label), ['neuron 1', 'neuron 2']);
    assert.equal(first.grid.length, 42);
    assert.ok(first.grid.every((line) => line.length === 82));
    // tanh: every coordinate inside [-1, 1].
    assert.ok(first.points.every((v) => Math.abs(v) <= 1));
    assert.equal(await page.inputValue('#hidden-layer'), '0');
    assert.equal(await page.inputValue('#hidden-axes'), '0,1', 'a layer of two: its neurons');
    assert.match(await page.getAttribute('#hidden-canvas', 'aria-label'), /neuron 1 across and neuron 2 up/);
    assert.equal(await page.getAttribute('#hidden-canvas', 'role'), 'img');
    const pixels = await canvasHash(page, '#hidden-canvas');

    await setPlaying(page, true);
    await page.waitForFunction(() => window.__playground.epoch >= 300);
    await setPlaying(page, false);
    const epoch = await page.evaluate(() => window.__playground.epoch);
    await page.waitForFunction((pts) => {
      const d = window.__playground.hiddenSpace;
      return d && d.points.some((v, k) => v !== pts[k]);
    }, first.points);
    const after = await page.evaluate(() => window.__playground.hiddenSpace);
    assert.equal(after.points.length, first.points.length);
    assert.ok(after.points.some((v, k) => Math.abs(v - first.points[k]) > 1e-4), `epoch ${epoch}: the points moved`);
    assert.notEqual(await canvasHash(page, '#hidden-canvas'), pixels, 'and the picture with them');
    await page.locator('#hidden-space').screenshot({ path: 'docs/screenshot-hidden-space.png' });
    assert.ok((await page.evaluate(() => window.__playground.hiddenRequests)) >= 2, 'it asked again while training');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('the hidden space of a wider layer: principal components by default, any pair of neurons on request', { timeout: 120000 }, async () => {
  const { page, errors, close } = await openAt(env, '?data=circle&layers=4');
  try {
    const pc = await openHiddenSpace(page);
    assert.equal(await page.inputValue('#hidden-axes'), 'pc');
    const options = await page.$$eval('#hidden-axes option', (all) => all.map((o) => o.textContent));
    assert.deepEqual(options, ['neurons 1 and 2', 'neurons 1 and 3', 'neurons 1 and 4', 'neurons 2 and 3', 'neurons 2 and 4', 'neurons 3 and 4', 'principal components']);
    assert.match(pc.axes[0].label, /^PC1 \(\d+% of variance\)$/);
    assert.match(pc.axes[1].label, /^PC2 \(\d+% of variance\)$/);
    assert.ok(pc.axes[0].variance_share >= pc.axes[1].variance_share);

    await page.selectOption('#hidden-axes', '0,2');
    await page.waitForFunction(() => window.__playground.hiddenSpace?.axes[1].label === 'neuron 3');
    assert.equal((await page.evaluate(() => window.__playground.hiddenSpace)).axes[0].label, 'neuron 1');

    await page.selectOption('#hidden-axes', 'pc');
    await page.waitForFunction(() => /^PC1 \(\d+% of variance\)$/.test(window.__playground.hiddenSpace?.axes[0].label));
    assert.match(await page.getAttribute('#hidden-canvas', 'aria-label'), /PC1 \(\d+% of variance\) across/);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
