// The biggest network the core allows (10 hidden layers of 32 neurons) on a 1280 × 720
// screen: built with the page's own buttons (which then refuse to go further), drawn
// whole inside the diagram without widening the page, hover still names neurons and
// links of the last layer, it trains with the plane updating, and its link rebuilds it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openAt, state, settle, setPlaying, expectNewRun, io } from './helpers.mjs';

const VIEWPORT = { width: 1280, height: 720 };

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** The canvas's box on the page, in CSS pixels. */
const canvasBox = (page) =>
  page.evaluate(() => {
    const r = document.getElementById('network-canvas').getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  });

/**
 * Moves the mouse to a diagram point (canvas CSS pixels), scrolled into view first,
 * and returns the tooltip's text once it shows `pattern`.
 */
async function hoverText(page, x, y, pattern) {
  await page.evaluate((top) => window.scrollTo(0, top), (await page.evaluate(() => window.scrollY)) + (await canvasBox(page)).y + y - 360);
  const box = await canvasBox(page);
  await page.mouse.move(box.x + x, box.y + y);
  await page.waitForFunction(
    (source) => {
      const tip = document.getElementById('diagram-tip');
      return !tip.hidden && new RegExp(source).test(tip.textContent);
    },
    pattern.source,
    { timeout: 5000 },
  );
  return page.textContent('#diagram-tip');
}

test('10 hidden layers of 32: built by the buttons, drawn within the screen, hovered, trained, linked', { timeout: 180000 }, async () => {
  const [maxLayers, maxNeurons] = [10, 32];
  // Nine layers of 32 from a link, the tenth through the buttons (each click is a new run).
  const nine = Array(maxLayers - 1).fill(maxNeurons).join(',');
  const { page, errors, close } = await openAt(env, `?data=circle&layers=${nine}`, VIEWPORT);
  try {
    const limits = await page.evaluate(() => window.__playground.limits);
    assert.deepEqual([limits.max_hidden_layers, limits.max_neurons], [maxLayers, maxNeurons], 'the core allows 10 × 32');
    await expectNewRun(page, () => page.click('#add-layer'));
    assert.equal(await page.isDisabled('#add-layer'), true, 'no eleventh layer');
    assert.equal(await page.textContent('#layer-count'), String(maxLayers));
    const add = `button[aria-label="Add a neuron to hidden layer ${maxLayers}"]`;
    while (!(await page.isDisabled(add))) await expectNewRun(page, () => page.click(add));
    const shape = [2, ...Array(maxLayers).fill(maxNeurons), 1];
    assert.deepEqual((await state(page)).shape, shape);
    for (let l = 1; l <= maxLayers; l++) {
      assert.equal(await page.isDisabled(`button[aria-label="Add a neuron to hidden layer ${l}"]`), true, `layer ${l} is full`);
      assert.equal(await page.isDisabled(`button[aria-label="Remove a neuron from hidden layer ${l}"]`), false);
    }
    assert.equal(await page.isDisabled('#remove-layer'), false);

    // Every neuron is drawn, inside the canvas, and the page does not scroll sideways.
    // The canvas may change size a frame after the last run started (the page around it
    // settles); the diagram redraws on that change, so wait for it to fit once.
    await page.waitForFunction(() => {
      const r = document.getElementById('network-canvas').getBoundingClientRect();
      const { diagram } = window.__playground.io;
      return diagram.neurons.every((n) => n.x > 0 && n.x < r.width && n.y > 0 && n.y < r.height);
    });
    const box = await canvasBox(page);
    const { diagram } = await io(page);
    assert.equal(diagram.neurons.length, maxLayers * maxNeurons + 1);
    assert.equal(diagram.links.length, 2 * 32 + (maxLayers - 1) * 32 * 32 + 32);
    for (const n of diagram.neurons) {
      assert.ok(n.x > 0 && n.x < box.width && n.y > 0 && n.y < box.height, `neuron ${n.index} of layer ${n.layer + 1} at ${n.x}, ${n.y} in ${box.width} x ${box.height}`);
    }
    assert.ok(box.x >= 0 && box.x + box.width <= VIEWPORT.width, `canvas from ${box.x} to ${box.x + box.width}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen`);
    // Distinct boxes: the neurons of a column do not overlap.
    const column = diagram.neurons.filter((n) => n.layer === maxLayers - 1).map((n) => n.y);
    const step = column[1] - column[0];
    assert.ok(step >= 4, `boxes ${step} px apart`);

    // Hover: a neuron of layer 10 names itself and its bias; a link into it its weight.
    const neuron = diagram.neurons.find((n) => n.layer === maxLayers - 1 && n.index === 4);
    const bias = await hoverText(page, neuron.x, neuron.y, /Bias of neuron 5 of hidden layer 10: /);
    assert.match(bias, /Bias of neuron 5 of hidden layer 10: [-−]?\d/);
    const link = diagram.links.find((k) => k.layer === maxLayers - 1 && k.from === 7 && k.to === 20);
    const weight = await hoverText(page, link.x, link.y, /^Weight from /);
    assert.match(weight, /^Weight from neuron 8 of hidden layer 9 to neuron \d+ of hidden layer 10: [-−]?\d/);

    // It trains, and the plane follows.
    const before = (await io(page)).gridHash;
    await setPlaying(page, true);
    await page.waitForFunction(
      (hash) => window.__playground.epoch >= 5 && window.__playground.io.gridHash !== hash,
      before,
      { timeout: 60000 },
    );
    const frames = (await state(page)).frames;
    await page.waitForFunction((n) => window.__playground.frames >= n + 10, frames, { timeout: 30000 });
    await setPlaying(page, false);
    const trained = await state(page);
    assert.ok(Number.isFinite(trained.trainLoss), `training loss ${trained.trainLoss}`);
    assert.equal(trained.configError, null);

    // The link rebuilds 10 × 32 in a fresh page.
    const link10 = await page.evaluate(() => location.search);
    assert.match(link10, new RegExp(`layers=${Array(maxLayers).fill(maxNeurons).join('(,|%2C)')}`));
    const again = await openAt(env, link10, VIEWPORT);
    try {
      assert.deepEqual((await state(again.page)).shape, shape);
      assert.equal(await again.page.isDisabled('#add-layer'), true);
      assert.deepEqual(again.errors, []);
    } finally {
      await again.close();
    }
    await settle(page);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
