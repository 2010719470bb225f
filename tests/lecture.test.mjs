// What the lecture teaches, on the page: every loss, optimizer, presentation strategy,
// learning-rate schedule and regularization trains; stopping conditions fire and say
// which; least squares beats (or ties) gradient descent on a linear task; a 3-class
// task shows three class colours and a 3x3 confusion matrix; a Rust panic does not
// leave the page dead.

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

/** Sets a number input as a person would (type, then leave the field). */
async function setNumber(page, selector, value) {
  await page.fill(selector, String(value));
  await page.locator(selector).dispatchEvent('change');
}

/** Sets a range input and fires its change event. */
async function setRange(page, selector, value) {
  await page.$eval(
    selector,
    (el, v) => {
      el.value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    },
    value,
  );
}

async function openMoreSettings(page) {
  if ((await page.getAttribute('#more-toggle', 'aria-expanded')) !== 'true') await page.click('#more-toggle');
  assert.equal(await page.isVisible('#schedule'), true, 'the panel is open');
}

/**
 * Plays until at least `epochs` more epochs ran and the training loss is finite and
 * below where it started, then pauses. Returns the first and the last state.
 */
async function trainsAndLossFalls(page, what, epochs = 100) {
  const first = await state(page);
  assert.equal(first.configError, null, `${what}: the configuration is accepted`);
  assert.ok(Number.isFinite(first.trainLoss), `${what}: initial loss ${first.trainLoss}`);
  await setPlaying(page, true);
  await page.waitForFunction(
    ([loss, epoch]) =>
      window.__playground.epoch >= epoch &&
      Number.isFinite(window.__playground.trainLoss) &&
      window.__playground.trainLoss < loss,
    [first.trainLoss, first.epoch + epochs],
    { timeout: 30000 },
  );
  await setPlaying(page, false);
  const last = await state(page);
  assert.equal(last.stopMessage, null, `${what}: no stop (${last.stopMessage})`);
  assert.ok(last.epoch >= first.epoch + epochs, `${what}: the epoch advances`);
  assert.ok(last.trainLoss < first.trainLoss, `${what}: loss ${first.trainLoss} -> ${last.trainLoss}`);
  return { first, last };
}

test('every loss, optimizer, strategy, schedule and regularization trains', { timeout: 240000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await page.selectOption('#speed', '20');
    await settle(page);
    // MSE (the default) with the tanh output the core picks for two classes.
    let activations = await page.evaluate(() => window.__playground.activations);
    assert.equal(activations.at(-1).kind, 'tanh');
    assert.match(await page.textContent('#output-activation option[value="auto"]'), /tanh/);
    await trainsAndLossFalls(page, 'MSE');

    // Cross-entropy: the core picks a sigmoid output, and the page says so.
    await expectNewRun(page, () => page.selectOption('#loss', 'binary_cross_entropy'));
    activations = await page.evaluate(() => window.__playground.activations);
    assert.equal(activations.at(-1).kind, 'sigmoid', 'binary cross-entropy trains a sigmoid output');
    assert.match(await page.textContent('#output-activation option[value="auto"]'), /sigmoid/);
    await trainsAndLossFalls(page, 'binary cross-entropy');
    await expectNewRun(page, () => page.selectOption('#loss', 'softmax_cross_entropy'));
    assert.equal((await page.evaluate(() => window.__playground.activations)).at(-1).kind, 'softmax');
    assert.deepEqual((await state(page)).shape, [2, 4, 2, 2], 'softmax: one output per class');
    await trainsAndLossFalls(page, 'softmax cross-entropy');
    await expectNewRun(page, () => page.selectOption('#loss', 'sae'));
    await trainsAndLossFalls(page, 'SAE');
    await expectNewRun(page, () => page.selectOption('#loss', 'mse'));

    // Optimizers, with their parameters in the panel.
    await openMoreSettings(page);
    await expectNewRun(page, () => page.selectOption('#optimizer', 'momentum'));
    assert.equal(await page.isVisible('#momentum'), true, 'momentum shows its μ');
    await expectNewRun(page, () => setNumber(page, '#momentum', 0.8));
    assert.deepEqual((await page.evaluate(() => window.__playground.config)).optimizer, {
      kind: 'momentum',
      momentum: 0.8,
    });
    await trainsAndLossFalls(page, 'momentum');
    await expectNewRun(page, () => page.selectOption('#optimizer', 'adam'));
    assert.equal(await page.isVisible('#adam-beta1'), true);
    assert.equal((await page.evaluate(() => window.__playground.config)).optimizer.kind, 'adam');
    await trainsAndLossFalls(page, 'Adam');
    // RMSProp and AdaGrad exist only in the core's table: the page offers them, with a
    // control for each parameter, and writes them into the link, without a line of its own.
    await expectNewRun(page, () => page.selectOption('#optimizer', 'rmsprop'));
    assert.equal(await page.isVisible('#optimizer-decay'), true, 'RMSProp shows its decay ρ');
    await expectNewRun(page, () => setNumber(page, '#optimizer-decay', 0.8));
    assert.deepEqual((await page.evaluate(() => window.__playground.config)).optimizer, {
      kind: 'rmsprop',
      decay: 0.8,
      epsilon: 1e-8,
    });
    assert.match(await page.evaluate(() => location.search), /opt=rmsprop:0\.8:1e-8/);
    await trainsAndLossFalls(page, 'RMSProp');
    await expectNewRun(page, () => page.selectOption('#optimizer', 'adagrad'));
    assert.equal(await page.isVisible('#optimizer-epsilon'), true, 'AdaGrad shows its ε');
    await trainsAndLossFalls(page, 'AdaGrad');
    await expectNewRun(page, () => page.selectOption('#optimizer', 'sgd'));

    // Presentation strategies.
    await expectNewRun(page, () => page.selectOption('#strategy', 'online'));
    assert.deepEqual((await page.evaluate(() => window.__playground.config)).strategy, { kind: 'online' });
    await trainsAndLossFalls(page, 'online', 30);
    await expectNewRun(page, () => page.selectOption('#strategy', 'full_batch'));
    await expectNewRun(page, () => page.selectOption('#learning-rate', '0.3'));
    assert.deepEqual((await page.evaluate(() => window.__playground.config)).strategy, { kind: 'full_batch' });
    await trainsAndLossFalls(page, 'full batch');
    await expectNewRun(page, () => page.selectOption('#strategy', 'mini_batch'));
    await expectNewRun(page, () => page.selectOption('#learning-rate', '0.03'));

    // Learning-rate schedule: step decay halves alpha every 50 epochs; the page shows alpha_t.
    await expectNewRun(page, () => page.selectOption('#schedule', 'step_decay'));
    await expectNewRun(page, () => setNumber(page, '#schedule-every', 50));
    assert.deepEqual((await page.evaluate(() => window.__playground.config)).schedule, {
      kind: 'step_decay',
      every: 50,
      factor: 0.5,
    });
    assert.equal(await page.evaluate(() => window.__playground.learningRate), 0.03);
    const { last } = await trainsAndLossFalls(page, 'step decay', 120);
    const rate = await page.evaluate(() => window.__playground.learningRate);
    const expected = 0.03 * 0.5 ** Math.floor(last.epoch / 50);
    assert.ok(Math.abs(rate - expected) < 1e-9, `alpha_t ${rate} at epoch ${last.epoch}, expected ${expected}`);
    assert.equal(Number(await page.getAttribute('#alpha-now', 'data-value')), rate, 'the panel shows alpha_t');
    await expectNewRun(page, () => page.selectOption('#schedule', 'exponential'));
    assert.equal((await page.evaluate(() => window.__playground.config)).schedule.kind, 'exponential');
    await trainsAndLossFalls(page, 'exponential decay');
    await expectNewRun(page, () => page.selectOption('#schedule', 'constant'));

    // Regularization.
    await expectNewRun(page, () => page.selectOption('#regularization', 'l2'));
    assert.equal((await page.evaluate(() => window.__playground.config)).regularization.kind, 'l2');
    await trainsAndLossFalls(page, 'L2');
    await expectNewRun(page, () => page.selectOption('#regularization', 'l1'));
    await trainsAndLossFalls(page, 'L1');
    await expectNewRun(page, () => page.selectOption('#regularization', 'none'));

    // Initialization and one activation per layer.
    await expectNewRun(page, () => page.selectOption('#init', 'small_uniform'));
    assert.equal(await page.isVisible('#init-scale'), true);
    assert.deepEqual((await page.evaluate(() => window.__playground.config)).init, { kind: 'small_uniform', scale: 0.5 });
    await trainsAndLossFalls(page, 'small uniform initialization');
    await expectNewRun(page, () => page.selectOption('#init', 'he'));
    await expectNewRun(page, () => page.selectOption('#layer-activation-0', 'relu'));
    activations = await page.evaluate(() => window.__playground.activations);
    assert.deepEqual(
      activations.map((a) => a.kind),
      ['relu', 'tanh', 'tanh'],
      'the first hidden layer has its own activation',
    );
    await trainsAndLossFalls(page, 'ReLU in layer 1, He initialization');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('stopping conditions fire, say which, and pause', { timeout: 90000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await page.selectOption('#speed', '20');
    await openMoreSettings(page);
    await setNumber(page, '#stop-max-epochs-value', 50); // off until ticked: no new run yet
    await expectNewRun(page, () => page.check('#stop-max-epochs'));
    const stopping = (await page.evaluate(() => window.__playground.config)).stopping;
    assert.deepEqual(
      Object.entries(stopping).filter(([, v]) => v !== null),
      [['max_epochs', 50]],
      'only the epoch limit is on',
    );
    await page.click('#play');
    await page.waitForFunction(() => window.__playground.stopMessage !== null, null, { timeout: 20000 });
    await settle(page);
    const s = await state(page);
    assert.equal(s.epoch, 50, 'the epoch stops at the limit');
    assert.equal(s.playing, false, 'play pauses');
    assert.match(s.stopMessage, /limit of 50 epochs/);
    assert.equal(await page.getAttribute('#status', 'data-state'), 'stopped');
    assert.match(await page.textContent('#status'), /limit of 50 epochs/, 'the status line says which');
    assert.equal(await page.isDisabled('#play'), true);

    // E_min instead: training stops once the loss falls below it.
    await expectNewRun(page, () => page.uncheck('#stop-max-epochs'));
    await setNumber(page, '#stop-min-loss-value', 0.05);
    await expectNewRun(page, () => page.check('#stop-min-loss'));
    await page.click('#play');
    await page.waitForFunction(() => window.__playground.stopMessage !== null, null, { timeout: 30000 });
    await settle(page);
    const e = await state(page);
    assert.match(e.stopMessage, /fell below the target E_min/);
    assert.ok(e.trainLoss < 0.05, `loss ${e.trainLoss}`);
    assert.equal(e.playing, false);

    // The time limit is time on the clock while playing: at one epoch per frame the
    // epochs themselves take milliseconds, yet a 1 s limit stops the run after about 1 s.
    await expectNewRun(page, () => page.uncheck('#stop-min-loss'));
    await page.selectOption('#speed', '1');
    await setNumber(page, '#stop-time-value', 1);
    await expectNewRun(page, () => page.check('#stop-time'));
    const started = Date.now();
    await page.click('#play');
    await page.waitForFunction(() => window.__playground.stopMessage !== null, null, { timeout: 10000 });
    const seconds = (Date.now() - started) / 1000;
    await settle(page);
    const t = await state(page);
    assert.match(t.stopMessage, /time limit of 1 s/);
    assert.ok(seconds >= 0.9, `stopped after ${seconds} s`);
    assert.ok(t.epoch >= 10 && t.epoch <= 200, `${t.epoch} epochs at one per frame in about a second`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('least squares on the linear network matches or beats gradient descent', { timeout: 90000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    assert.equal(await page.isDisabled('#least-squares'), true, 'not for a network with hidden layers');
    await expectNewRun(page, () => page.click('label:has(#dataset-plane)'));
    await expectNewRun(page, () => page.click('#remove-layer'));
    await expectNewRun(page, () => page.click('#remove-layer'));
    assert.deepEqual((await state(page)).shape, [2, 1]);
    const activations = await page.evaluate(() => window.__playground.activations);
    assert.equal(activations.at(-1).kind, 'linear', 'regression: the core picks a linear output');
    assert.equal(await page.isDisabled('#least-squares'), false, 'the linear network can be solved');

    await page.selectOption('#speed', '20');
    await setPlaying(page, true);
    await page.waitForFunction(() => window.__playground.epoch >= 200, null, { timeout: 30000 });
    await setPlaying(page, false);
    const gd = Number(await page.getAttribute('#train-loss', 'data-loss'));
    assert.ok(Number.isFinite(gd) && gd > 0, `gradient descent's loss ${gd}`);

    await page.click('#least-squares');
    await page.waitForFunction(() => window.__playground.leastSquares !== null, null, { timeout: 15000 });
    await settle(page);
    const lsq = await page.evaluate(() => window.__playground.leastSquares);
    assert.equal(lsq.error, undefined, `no error: ${lsq.error}`);
    assert.ok(Math.abs(lsq.before.train - gd) < 1e-9, 'it compares with the loss shown');
    assert.ok(lsq.after.train <= gd + 1e-9, `least squares ${lsq.after.train} <= gradient descent ${gd}`);
    const shown = Number(await page.getAttribute('#train-loss', 'data-loss'));
    assert.ok(Math.abs(shown - lsq.after.train) < 1e-9, 'the page now shows the solution');
    const text = await page.textContent('#least-squares-result');
    assert.match(text, /Least squares: E = .*gradient descent had E = /);

    // A training set too small for the weights: the core's reason is shown.
    await setRange(page, '#points', 10);
    await page.waitForFunction(() => window.__playground.config?.data.points === 10);
    await expectNewRun(page, () => setRange(page, '#train-percent', 10));
    await page.click('#least-squares');
    await page.waitForFunction(() => window.__playground.leastSquares !== null, null, { timeout: 15000 });
    const failed = await page.evaluate(() => window.__playground.leastSquares);
    assert.match(failed.error, /singular/);
    assert.match(await page.textContent('#least-squares-result'), /singular/);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

/** Counts the output canvas's pixels by the class colour they are a tint of. */
function classPixels(page, classes) {
  return page.evaluate((k) => {
    const palette = [
      [230, 159, 0],
      [0, 114, 178],
      [0, 158, 115],
      [204, 121, 167],
      [213, 94, 0],
      [86, 180, 233],
    ].slice(0, k);
    const canvas = document.querySelector('#output-canvas');
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const counts = new Array(k).fill(0);
    let total = 0;
    for (let i = 0; i < data.length; i += 4 * 7) {
      total += 1;
      // The heatmap is white mixed with the class colour: 255 - pixel = s (255 - colour).
      const p = [255 - data[i], 255 - data[i + 1], 255 - data[i + 2]];
      let best = -1;
      let bestResidual = Infinity;
      palette.forEach((c, j) => {
        const d = c.map((v) => 255 - v);
        const s = (p[0] * d[0] + p[1] * d[1] + p[2] * d[2]) / (d[0] ** 2 + d[1] ** 2 + d[2] ** 2);
        if (s < 0.1) return;
        const r = Math.hypot(p[0] - s * d[0], p[1] - s * d[1], p[2] - s * d[2]);
        if (r < bestResidual) {
          bestResidual = r;
          best = j;
        }
      });
      if (best >= 0 && bestResidual < 10) counts[best] += 1;
    }
    return counts.map((c) => c / total);
  }, classes);
}

test('a 3-class spiral shows three class colours and a 3x3 confusion matrix', { timeout: 90000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await expectNewRun(page, () => page.click('label:has(#dataset-spiral)'));
    await expectNewRun(page, () => page.selectOption('#classes', '3'));
    assert.equal(await page.evaluate(() => window.__playground.classes), 3);
    assert.deepEqual((await state(page)).shape, [2, 4, 2, 3], 'one output per class');
    await expectNewRun(page, () => page.click('button[aria-label="Add a neuron to hidden layer 2"]'));
    await expectNewRun(page, () => page.click('button[aria-label="Add a neuron to hidden layer 2"]'));
    await page.selectOption('#speed', '50');
    await setPlaying(page, true);
    await page.waitForFunction(() => window.__playground.epoch >= 300, null, { timeout: 30000 });
    await setPlaying(page, false);

    const shares = await classPixels(page, 3);
    for (let k = 0; k < 3; k++) {
      assert.ok(shares[k] > 0.05, `class ${k} colours ${(100 * shares[k]).toFixed(1)}% of the plane: ${shares}`);
    }

    const metrics = await page.evaluate(() => window.__playground.metrics);
    assert.equal(metrics.train.confusion.length, 3);
    assert.ok(metrics.train.confusion.every((row) => row.length === 3));
    const counted = metrics.train.confusion.flat().reduce((a, b) => a + b, 0);
    assert.equal(counted, metrics.train.samples, 'every training point is counted once');
    assert.ok(metrics.train.accuracy > 1 / 3, `accuracy ${metrics.train.accuracy}`);
    assert.equal(await page.locator('#confusion table tbody tr').count(), 3);
    assert.equal(await page.locator('#confusion table tbody tr:first-child td').count(), 3);
    const shown = Number(await page.getAttribute('#train-metric', 'data-value'));
    assert.equal(shown, metrics.train.accuracy, 'the accuracy beside the losses');
    await page.check('#show-test');
    assert.equal(await page.getAttribute('#confusion table', 'data-split'), 'test');

    // Regression shows R² instead, and no confusion matrix.
    await expectNewRun(page, () => page.click('label:has(#dataset-multi_gaussian)'));
    assert.equal(await page.evaluate(() => window.__playground.classes), 0);
    await page.waitForFunction(() => window.__playground.metrics !== null);
    assert.match(await page.textContent('#train-metric-label'), /R²/);
    assert.equal(await page.locator('#confusion table').count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
