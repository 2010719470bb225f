// "One training step, matrix by matrix" (www/inside/step-panel.js): the button pauses
// the run and takes the next mini-batch's step; the panel walks through its record
// stage by stage (next / previous) with every row of the batch and at most 8 columns (8
// rows of a weight matrix) and the full size stated;
// the diagram highlights the stage's layer and hovering a cell its neuron and sample;
// the step shown is the step taken (the run's weights are the W(t+1) shown), and
// `batches` steps make an epoch. On a 3-class softmax run the output error is Y − D.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, openAt, settle, setPlaying, canvasHash } from './helpers.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** The panel as the page reports it. */
const step = (page) => page.evaluate(() => window.__playground.step);

/** Opens the panel and takes one step; returns the panel once it shows the new record. */
async function takeStep(page) {
  if (!(await page.evaluate(() => document.getElementById('step-details').open))) await page.click('#step-details > summary');
  const before = (await step(page)).record?.update ?? 0;
  await page.waitForFunction(() => !document.getElementById('step-record').disabled);
  await page.click('#step-record');
  await page.mouse.move(0, 0); // off the table that appears (hovering it rings a neuron)
  await page.waitForFunction((t) => (window.__playground.step.record?.update ?? 0) > t && window.__playground.step.stage === 1, before);
  await settle(page);
  return step(page);
}

/** The table of the stage shown: cells, body rows, caption. */
const table = (page) =>
  page.evaluate(() => {
    const t = document.getElementById('step-matrix');
    return {
      cells: t.querySelectorAll('td').length,
      rows: t.querySelectorAll('tbody tr').length,
      cols: t.querySelectorAll('tbody tr:first-child td').length,
      caption: t.querySelector('caption')?.textContent ?? '',
      first: t.querySelector('tbody td')?.textContent ?? '',
    };
  });

/** Text of an element. */
const text = (page, sel) => page.evaluate((s) => document.querySelector(s).textContent, sel);

/** Whether |a - b| is within 1e-6 relative (f32 weights printed and read back). */
const close = (a, b) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

/**
 * The run's weights and biases now (its model file; nalgebra writes a matrix as
 * [column-major entries, rows, cols]) equal the record's W(t+1), b(t+1) of every layer.
 */
async function assertRunHasNewWeights(page, record) {
  const [text] = await page.evaluate(() => window.__playground.exportModels());
  const layers = JSON.parse(text).network.layers;
  assert.equal(layers.length, record.layers.length);
  record.layers.forEach((l, i) => {
    for (const [name, mine] of [['weights', l.new_weights], ['bias', l.new_bias]]) {
      const [data, rows, cols] = layers[i][name];
      assert.deepEqual([rows, cols], [mine.rows, mine.cols], `layer ${i + 1} ${name} shape`);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const run = data[c * rows + r];
          const shown = mine.data[r * cols + c];
          assert.ok(close(run, shown), `layer ${i + 1} ${name}[${r}][${c}]: run ${run}, W(t+1) ${shown}`);
        }
      }
    }
  });
}

test('one step of the default run, stage by stage: formulas, all the batch\'s rows, at most 8 x 8 weights, highlights, and the weights after it are W(t+1)', { timeout: 120000 }, async () => {
  const { page, errors, close: done } = await openPage(env);
  try {
    // Closed by default; before a step there is nothing to walk through.
    assert.equal(await page.evaluate(() => document.getElementById('step-details').open), false);
    assert.equal((await step(page)).stage, 0);
    assert.equal(await page.evaluate(() => window.__playground.epoch), 0);

    const first = await takeStep(page);
    const { record } = first;
    const L = record.layers.length;
    assert.equal(L, 3, 'the default network: 2 hidden layers and the output layer');
    assert.equal(first.stages, 1 + 4 * L + 2 + 1 + (L - 1) + 2 * L + 2 * L + 2 * L, 'X; W, b, Xi, Y per layer; D, E; the error terms; gradients; updates; W(t+1), b(t+1)');
    assert.equal(record.inputs.rows, 10, 'a mini-batch of 10');
    assert.deepEqual([record.epoch, record.batch, record.update, record.epoch_finished], [0, 0, 1, false]);
    assert.equal(record.samples.length, 10);

    // Stage 1: X, 10 x 2, every row of the batch shown (so E can be checked by hand).
    assert.equal(first.title, 'Input: X = Y_0');
    assert.equal(await text(page, '#step-stage'), 'Input: X = Y_0');
    assert.equal(await text(page, '#step-progress'), `stage 1 of ${first.stages}`);
    let t = await table(page);
    assert.deepEqual([t.rows, t.cols, t.cells], [10, 2, 20]);
    assert.match(t.caption, /X: 10 × 2/);
    assert.doesNotMatch(t.caption, /showing/);
    assert.deepEqual(first.highlight, { layer: 0, neuron: null, from: null }, 'the diagram highlights the inputs');
    assert.equal(await page.isDisabled('#step-prev'), true);

    // Hovering a cell rings its neuron and its sample (here x1, x2 are the row itself).
    await page.hover('#step-matrix tbody tr:nth-child(2) td:nth-of-type(2)');
    await page.waitForFunction(() => window.__playground.step.marked !== null);
    const hovered = await step(page);
    assert.deepEqual(hovered.highlight, { layer: 0, neuron: 1, from: null }, 'rows of X are samples, not links');
    assert.ok(close(hovered.marked.x1, record.inputs.data[2]) && close(hovered.marked.x2, record.inputs.data[3]), `the sample's point: ${JSON.stringify(hovered.marked)}`);
    await page.mouse.move(0, 0);
    await page.waitForFunction(() => window.__playground.step.marked === null);

    // Walk to the end: "stage k of n", every sample's row (10) or at most 8 rows of
    // weights, at most 8 columns, the stage's layer highlighted.
    const titles = [first.title];
    for (let k = 2; k <= first.stages; k++) {
      await page.click('#step-next');
      const s = await step(page);
      assert.equal(s.stage, k);
      assert.equal(await text(page, '#step-progress'), `stage ${k} of ${first.stages}`);
      assert.equal(await text(page, '#step-stage'), s.title);
      t = await table(page);
      assert.ok((t.rows === 10 || t.rows <= 8) && t.cols <= 8 && t.cells >= 1, `stage ${k}: ${t.rows} x ${t.cols}`);
      if (k <= 1 + 4 * L) assert.equal(s.highlight.layer, Math.ceil((k - 1) / 4), `stage ${k}: ${s.title}`);
      if (k === 4) await page.locator('.panel.network').screenshot({ path: 'docs/screenshot-step.png' });
      titles.push(s.title);
    }
    assert.equal(titles[3], 'Layer 1: Xi_1 = Y_0 W_1 + 1 b_1');
    assert.equal(titles[4], 'Layer 1: Y_1 = f(Xi_1)');
    assert.ok(titles.includes('Output layer 3: Xi_3 = Y_2 W_3 + 1 b_3'), titles.join('\n'));
    assert.ok(titles.includes('Targets: D') && titles.includes('Loss: E = E(Y_3, D)'));
    assert.ok(titles.includes(`Output error: Delta_3 = ${record.layers[2].delta_rule}`));
    assert.ok(titles.includes("Layer 2: Delta_2 = f'(Xi_2) ∘ (Delta_3 W_3ᵀ)"));
    assert.ok(titles.includes('Layer 1: ∂E/∂W_1 = Y_0ᵀ Delta_1'));
    assert.ok(titles.includes("Layer 1: the rule's step ΔW_1"));
    assert.equal(titles.at(-2), 'Output layer 3: W_3(t+1) = W_3(t) + ΔW_3');
    assert.equal(titles.at(-1), 'Output layer 3: b_3(t+1) = b_3(t) + Δb_3');
    // Backwards: the error terms from the output layer down.
    const deltas = titles.filter((x) => /Delta_\d =/.test(x)).map((x) => x.match(/Delta_(\d) =/)[1]);
    assert.deepEqual(deltas, ['3', '2', '1']);
    assert.equal(await page.isDisabled('#step-next'), true);

    // The update stage names the rule and α_t; a weight's cell rings its neuron and its link.
    const updateStage = 1 + 4 * L + 2 + L + 2 * L + 1;
    for (let k = first.stages; k > updateStage; k--) await page.click('#step-prev');
    const update = await step(page);
    assert.equal(update.title, "Layer 1: the rule's step ΔW_1");
    assert.match(update.rule, /W ← W − α ∂E\/∂W; α_t = 0\.03000 at t = 1/);
    await page.hover('#step-matrix tbody tr:first-child td:nth-of-type(3)');
    await page.waitForFunction(() => window.__playground.step.highlight.neuron === 2);
    assert.deepEqual((await step(page)).highlight, { layer: 1, neuron: 2, from: 0 }, 'the link from input 1 to neuron 3');
    assert.equal((await step(page)).marked, null, 'rows of a weight matrix are no samples');
    await page.mouse.move(0, 0);

    // Previous goes back one stage; the diagram shows the highlight, and not once closed.
    await page.click('#step-prev');
    assert.equal((await step(page)).stage, update.stage - 1);
    await page.click('#step-next');
    assert.equal((await step(page)).stage, update.stage);
    const lit = await canvasHash(page, '#network-canvas');
    await page.click('#step-details > summary');
    await page.waitForFunction(() => window.__playground.step.highlight.layer === null);
    assert.notEqual(await canvasHash(page, '#network-canvas'), lit, 'closing the panel removes the highlight');
    await page.click('#step-details > summary');
    await page.waitForFunction(() => window.__playground.step.highlight.layer === 1);

    // The step shown is the step taken.
    await assertRunHasNewWeights(page, record);
    assert.equal(await page.evaluate(() => window.__playground.epoch), 0, 'one batch of 25: still in the first epoch');

    // `batches` steps make an epoch; the last one says so.
    let last = record;
    for (let b = 1; b < record.batches; b++) {
      last = (await takeStep(page)).record;
      assert.equal(last.batch, b);
      assert.equal(last.update, b + 1);
      assert.equal(last.epoch_finished, b === record.batches - 1);
    }
    await settle(page);
    await page.waitForFunction(() => window.__playground.epoch === 1);
    await assertRunHasNewWeights(page, last);
    assert.deepEqual(errors, []);
  } finally {
    await done();
  }
});

test('a playing run pauses for the step; a full batch shows all its 250 rows (they scroll) and ends the epoch', { timeout: 90000 }, async () => {
  const { page, errors, close: done } = await openAt(env, '?batch=full_batch');
  try {
    await setPlaying(page, true);
    await page.waitForFunction(() => window.__playground.epoch >= 3);
    const s = await takeStep(page);
    assert.equal(await page.evaluate(() => window.__playground.playing), false, 'the step paused the run');
    const { record } = s;
    assert.equal(record.batches, 1);
    assert.equal(record.inputs.rows, 250);
    assert.equal(record.epoch_finished, true);
    const t = await table(page);
    assert.deepEqual([t.rows, t.cols], [250, 2]);
    assert.match(t.caption, /X: 250 × 2/);
    assert.doesNotMatch(t.caption, /showing/);
    await page.waitForFunction((e) => window.__playground.epoch === e + 1, record.epoch);
    await assertRunHasNewWeights(page, record);
    assert.deepEqual(errors, []);
  } finally {
    await done();
  }
});

test('softmax cross-entropy on 3 classes: D has 3 columns and the output error is (Y − D) / N', { timeout: 90000 }, async () => {
  const { page, errors, close: done } = await openAt(env, '?data=spiral&classes=3&loss=softmax_cross_entropy');
  try {
    const s = await takeStep(page);
    const L = s.record.layers.length;
    assert.equal(s.record.loss_name, 'softmax cross-entropy');
    assert.equal(s.record.layers[L - 1].activation, 'softmax');
    let now = s;
    while (now.title !== 'Targets: D') {
      await page.click('#step-next');
      now = await step(page);
    }
    assert.equal((await table(page)).cols, 3, 'one column per class');
    while (!now.title.startsWith('Output error')) {
      await page.click('#step-next');
      now = await step(page);
    }
    assert.equal(now.stage, 1 + 4 * L + 2 + 1);
    assert.ok(now.title.includes('Y − D'), now.title);
    assert.equal(now.title, `Output error: Delta_${L} = (Y − D) / N`);
    assert.equal(now.highlight.layer, L);
    while (now.stage < now.stages) {
      await page.click('#step-next');
      now = await step(page);
    }
    await assertRunHasNewWeights(page, s.record);
    assert.deepEqual(errors, []);
  } finally {
    await done();
  }
});

test('at 1280 x 720 the panel does not move the output plane, and nothing overflows sideways', { timeout: 60000 }, async () => {
  const { page, errors, close: done } = await openPage(env, { width: 1280, height: 720 });
  try {
    const planeTop = () => page.evaluate(() => document.getElementById('output-canvas').getBoundingClientRect().top + window.scrollY);
    const closed = await planeTop();
    await takeStep(page);
    assert.equal(await planeTop(), closed, 'the plane stays where it was with the panel open');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 1280, `no horizontal overflow: ${width}`);
    assert.deepEqual(errors, []);
  } finally {
    await done();
  }
});
