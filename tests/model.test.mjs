// Model files and weight editing: a downloaded model loads back into the identical
// output grid; a malformed or mismatched file is refused with the core's message and
// changes nothing; a weight edited in the diagram changes the output, a bad value shows
// the core's message; the keyboard steps with the right arrow but not while typing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, openPage, state, settle, setPlaying, expectNewRun, io, config } from './helpers.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});


/** Waits for a drawn frame of the current run after everything sent so far. */
async function freshGrid(page) {
  await settle(page);
  await page.waitForFunction(() => window.__playground.io.gridRun === window.__playground.run);
  return (await io(page)).gridHash;
}

test('a downloaded model loads back into the identical output grid', { timeout: 90000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await expectNewRun(page, () => page.click('label:has(#dataset-xor)'));
    await expectNewRun(page, () => page.selectOption('#activation', 'relu'));
    await setPlaying(page, true);
    await page.waitForFunction(() => window.__playground.epoch >= 150);
    await setPlaying(page, false);
    const trained = await freshGrid(page);
    const savedConfig = await config(page);
    const savedEpoch = (await state(page)).epoch;
    const testLoss = (await state(page)).testLoss;

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-model')]);
    assert.equal(download.suggestedFilename(), 'model.json');
    const text = await readFile(await download.path(), 'utf8');
    const model = JSON.parse(text);
    assert.equal(model.epoch, savedEpoch);

    // Reset draws new weights: another grid. Then the file brings the trained one back.
    await expectNewRun(page, () => page.click('#reset'));
    assert.notEqual(await freshGrid(page), trained);
    await expectNewRun(page, () =>
      page.setInputFiles('#model-file', { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(text) }),
    );
    assert.equal(await freshGrid(page), trained, 'the same output grid, bit for bit');
    assert.deepEqual(await config(page), savedConfig);
    assert.equal((await state(page)).testLoss, testLoss);
    const s = await io(page);
    assert.equal(s.modelLoads, 1);
    assert.match(s.modelMessage, new RegExp(`Loaded model\\.json at epoch ${savedEpoch.toLocaleString('en-US')}\\. Press play`));
    // The run goes on from its epoch, with its optimizer state (the file's version 2).
    assert.equal(model.version, 2);
    assert.ok(model.training?.optimizer, 'the file holds the optimizer state');
    assert.equal((await state(page)).epoch, savedEpoch);
    // The controls follow the loaded configuration.
    assert.equal(await page.inputValue('#activation'), 'relu');
    assert.equal(await page.isChecked('#dataset-xor'), true);
    // And it trains on from there.
    await setPlaying(page, true);
    await page.waitForFunction((e) => window.__playground.epoch >= e + 10, savedEpoch);
    await setPlaying(page, false);

    // Malformed and mismatched files: the core's message, nothing changes.
    const run = (await state(page)).run;
    const bad = [
      ['broken.json', '{ nope', /not JSON/],
      ['other.json', '{"format": "something else"}', /not a model file/],
      ['mismatch.json', text.replace(/"hidden_layers": \[\s*4,\s*2\s*\]/, '"hidden_layers": [3, 2]'), /do not fit/],
    ];
    for (const [name, body, reason] of bad) {
      await page.setInputFiles('#model-file', { name, mimeType: 'application/json', buffer: Buffer.from(body) });
      await page.waitForFunction((n) => window.__playground.io.modelMessage.includes(n), name);
      const message = await page.textContent('#model-message');
      assert.match(message, reason, message);
      assert.match(message, /Nothing changed/);
      assert.equal(await page.isVisible('#model-message'), true);
      await settle(page);
      assert.equal((await state(page)).run, run, `${name}: no new run`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('editing a weight or a bias in the diagram changes the output', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    const before = await freshGrid(page);
    const canvas = await page.locator('#network-canvas').boundingBox();
    const targets = (await io(page)).diagram;
    const link = targets.links.find((l) => l.layer === 0 && l.from === 1 && l.to === 2);
    assert.ok(link, 'the link x2 -> neuron 3 of hidden layer 1 is drawn');

    // Hovering shows the weight.
    await page.mouse.move(canvas.x + link.x, canvas.y + link.y);
    await page.waitForSelector('#diagram-tip:not([hidden])');
    const tip = await page.textContent('#diagram-tip');
    assert.match(tip, /^Weight from x2 to neuron 3 of hidden layer 1: -?\d/);
    const shown = Number(tip.split(': ')[1]);

    // Clicking opens the editor with the value; a value that is not a number is refused by the core.
    await page.mouse.click(canvas.x + link.x, canvas.y + link.y);
    await page.waitForSelector('#weight-editor:not([hidden])');
    assert.equal(await page.textContent('#weight-label'), 'Weight from x2 to neuron 3 of hidden layer 1');
    assert.ok(Math.abs(Number(await page.inputValue('#weight-value')) - shown) < 1e-3);
    await page.fill('#weight-value', 'abc');
    await page.press('#weight-value', 'Enter');
    await page.waitForSelector('#weight-error:not([hidden])');
    assert.match(await page.textContent('#weight-error'), /finite number/);
    assert.equal(await freshGrid(page), before, 'nothing changed');

    // Typing in the editor does not trigger the keyboard shortcuts (r = reset).
    const run = (await state(page)).run;
    await page.fill('#weight-value', '');
    await page.type('#weight-value', 'r2.5');
    assert.equal((await state(page)).run, run);
    await page.fill('#weight-value', '2.5');
    await page.press('#weight-value', 'Enter');
    await page.waitForFunction(() => window.__playground.io.weightEdits === 1);
    assert.equal(await page.isHidden('#weight-editor'), true);
    const edited = await freshGrid(page);
    assert.notEqual(edited, before, 'the output changed');
    // Away and back, where the canvas is now (the editor may have scrolled the page).
    const now = await page.locator('#network-canvas').boundingBox();
    await page.mouse.move(now.x + link.x, now.y + link.y + 4);
    await page.mouse.move(now.x + link.x, now.y + link.y);
    await page.waitForFunction(() => /: 2\.5000$/.test(document.getElementById('diagram-tip').textContent));

    // A bias: click the output neuron.
    const output = targets.neurons.find((n) => n.layer === targets.neurons.at(-1).layer);
    await page.mouse.click(now.x + output.x, now.y + output.y);
    await page.waitForSelector('#weight-editor:not([hidden])');
    assert.match(await page.textContent('#weight-label'), /^Bias of neuron 1 of the output layer$/);
    await page.fill('#weight-value', '-3');
    await page.press('#weight-value', 'Enter');
    await page.waitForFunction(() => window.__playground.io.weightEdits === 2);
    assert.notEqual(await freshGrid(page), edited);
    const s = await state(page);
    assert.equal(s.epoch, 0, 'editing does not train');
    assert.ok(Number.isFinite(s.trainLoss));

    // Keys: the right arrow steps one epoch, space plays and pauses.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowRight');
    await settle(page);
    assert.equal((await state(page)).epoch, 1);
    await page.keyboard.press('s');
    await settle(page);
    assert.equal((await state(page)).epoch, 2);
    await page.keyboard.press(' ');
    await settle(page);
    assert.equal((await state(page)).playing, true);
    await page.keyboard.press(' ');
    await settle(page);
    assert.equal((await state(page)).playing, false);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
