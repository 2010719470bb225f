// The weight views in the real page: W of a layer as the lecture writes it (bias row
// first, named rows and columns) equals the run's exported weights and edits them like
// the diagram; a single-layer letters run draws each neuron's template on the pixel
// grid from those weights; the drawing pad's bars and class follow what is drawn.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openAt, setPlaying, settle, expectNewRun, trainTo } from './helpers.mjs';
import { templateColor, templateScale } from '../www/weights/images.js';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** Opens the weight panels (`ids` of their <details>). */
const openPanels = (page, ids) => page.evaluate((list) => list.forEach((id) => { document.getElementById(id).open = true; }), ids);

/** The W panel as the tests read it (weights/w-panel.js). */
const wPanel = (page) => page.evaluate(() => {
  const { point, ...rest } = window.__playground.weights.w;
  return rest;
});

/** The exported model's layer `l` (0-based) as [rows of inputs][neurons] and its bias. */
async function exportedLayer(page, l) {
  const [text] = await page.evaluate(() => window.__playground.exportModels());
  const layer = JSON.parse(text).network.layers[l];
  const [data, rows, cols] = layer.weights; // nalgebra: column-major entries, rows, cols
  const w = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => data[c * rows + r]));
  return { w, bias: layer.bias[0] };
}

/**
 * The W panel once it shows the paused run's weights (it redraws at most every 100 ms,
 * so the last frame reaches it a moment after the worker's), with the exported layer `l`.
 */
async function pausedWPanel(page, l) {
  const model = await exportedLayer(page, l);
  await page.waitForFunction((bias) => {
    const shown = window.__playground.weights.w.values;
    return bias.every((b, c) => Math.abs(shown[c] - b) <= 1e-6 * Math.max(1, Math.abs(b)));
  }, model.bias, { timeout: 5000 });
  return { w: await wPanel(page), model };
}

const close = (a, b) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

test('animals, no hidden layer: W is the slide\'s matrix, equals the model file and edits change the selected row\'s prediction', { timeout: 60000 }, async () => {
  const { page, errors, close: done } = await openAt(env, '?table=animals&layers=&epochs=20', { width: 1280, height: 720 });
  try {
    await expectNewRun(page, () => page.selectOption('#code-1', 'one_hot')); // fur one-hot, as the slide codes it
    await openPanels(page, ['w-panel']);
    await page.selectOption('#speed', '5');
    await trainTo(page, 20);
    const info = await page.evaluate(() => ({ inputs: window.__playground.weights.w.rows, classes: window.__playground.weights.w.cols }));
    const table = await page.evaluate(() => {
      const heads = [...document.querySelectorAll('#data-rows thead tr:nth-child(2) th.encoded')].map((t) => t.textContent);
      return heads;
    });
    assert.deepEqual(info.inputs, ['bias', ...table], 'the bias row first, then the encoded inputs by name');
    assert.ok(info.inputs.some((n) => n.includes(' = ')), `a one-hot input is named "column = level": ${info.inputs}`);
    assert.deepEqual(info.classes, ['cat', 'dog', 'parrot', 'carp']);

    // Every cell equals the exported model's weight (row 0 its bias).
    const { w, model } = await pausedWPanel(page, 0);
    const cols = w.cols.length;
    assert.equal(w.values.length, (model.w.length + 1) * cols);
    for (let c = 0; c < cols; c++) {
      assert.ok(close(w.values[c], model.bias[c]), `bias of ${w.cols[c]}: shown ${w.values[c]}, model ${model.bias[c]}`);
      for (let r = 1; r <= model.w.length; r++) {
        assert.ok(close(w.values[r * cols + c], model.w[r - 1][c]), `${w.rows[r]} → ${w.cols[c]}: shown ${w.values[r * cols + c]}, model ${model.w[r - 1][c]}`);
      }
    }
    assert.equal(w.numbers, true, 'the cells carry their numbers at 1280 px');
    await page.locator('#w-panel').screenshot({ path: 'docs/screenshot-weights-animals.png' });

    // The mouse reads a cell's value.
    await page.locator('#w-canvas').scrollIntoViewIfNeeded();
    const box = await page.locator('#w-canvas').boundingBox();
    const at = await page.evaluate(() => window.__playground.weights.w.point(2, 1));
    await page.mouse.move(box.x + at.x, box.y + at.y);
    await page.waitForFunction(() => document.getElementById('w-readout').textContent.startsWith('weight from'));
    assert.match(await page.textContent('#w-readout'), new RegExp(`^weight from ${w.rows[2]} to dog: ${w.values[2 * cols + 1].toFixed(4).replace('.', '\\.')}$`));

    // Select a row of the data view; then make another class win by its bias, from the keyboard.
    await page.click('#data-rows tbody tr:first-child');
    const predicted = () => page.textContent('#data-rows tbody tr[aria-selected="true"] td.result:last-child');
    const before = await predicted();
    const epoch = await page.evaluate(() => window.__playground.epoch);
    const other = w.cols.findIndex((name) => name !== before);
    await page.focus('#w-canvas');
    for (let c = 0; c < other; c++) await page.keyboard.press('ArrowRight');
    await page.waitForFunction((c) => window.__playground.weights.w.cell.c === c && window.__playground.weights.w.cell.r === 0, other);
    assert.match(await page.textContent('#w-live'), new RegExp(`^bias of ${w.cols[other]}: `), 'the cell is announced');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'w-value');
    await page.fill('#w-value', 'abc');
    await page.press('#w-value', 'Enter');
    await page.waitForSelector('#w-error:not([hidden])');
    assert.match(await page.textContent('#w-error'), /finite number/, 'the core\'s reason');
    await page.press('#w-value', 'Escape');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'w-canvas', 'Escape goes back to the matrix');
    await page.keyboard.press('Enter');
    await page.fill('#w-value', '40');
    await page.press('#w-value', 'Enter');
    await page.waitForFunction(() => window.__playground.weights.w.edits === 1);
    await page.waitForFunction((name) => document.querySelector('#data-rows tbody tr[aria-selected="true"] td.result:last-child')?.textContent === name, w.cols[other], { timeout: 15000 });
    await page.waitForFunction((c) => window.__playground.weights.w.values[c] === 40, other);
    const edited = await exportedLayer(page, 0);
    assert.equal(edited.bias[other], 40, 'the core has the edited bias');
    assert.equal(await page.evaluate(() => window.__playground.epoch), epoch, 'editing does not train');
    assert.deepEqual(errors, []);
  } finally {
    await done();
  }
});

test('the plane: W of each layer is named by the features and the neurons', { timeout: 30000 }, async () => {
  const { page, errors, close: done } = await openAt(env, '?data=xor&layers=3');
  try {
    await openPanels(page, ['w-panel']);
    await page.waitForFunction(() => window.__playground.weights.w.values.length > 0);
    let w = await wPanel(page);
    assert.deepEqual(w.rows, ['bias', 'x1', 'x2']);
    assert.deepEqual(w.cols, ['h1.1', 'h1.2', 'h1.3']);
    await page.selectOption('#w-layer', '2');
    await page.waitForFunction(() => window.__playground.weights.w.layer === 2);
    w = await wPanel(page);
    assert.deepEqual(w.rows, ['bias', 'h1.1', 'h1.2', 'h1.3']);
    assert.deepEqual(w.cols, ['output']);
    const model = await exportedLayer(page, 1);
    assert.ok(close(w.values[1], model.w[0][0]) && close(w.values[0], model.bias[0]));
    assert.equal(await page.isHidden('#templates-panel'), true, 'no templates without pictures');
    assert.equal(await page.isHidden('#pad-panel'), true);
    assert.deepEqual(errors, []);
  } finally {
    await done();
  }
});

test('letters, no hidden layer: 26 templates drawn from W, rows as pictures, and the pad reads a drawn letter', { timeout: 60000 }, async () => {
  const { page, errors, close: done } = await openAt(env, '?table=letters&layers=&loss=softmax_cross_entropy&lr=0.3&batch=full_batch&init=small_uniform:0.01&epochs=300', { width: 1280, height: 720 });
  try {
    await openPanels(page, ['templates-panel', 'w-panel', 'pad-panel']);
    // A few full-batch epochs from tiny weights: each template is still its letter's mean picture
    // against the others' (the gradient's first steps); later they learn what tells letters apart.
    await page.selectOption('#speed', '1');
    await trainTo(page, 5);
    await page.waitForFunction(() => document.querySelectorAll('#data-rows canvas.row-picture').length > 0);
    const { templates, w } = await page.evaluate(() => {
      const s = window.__playground.weights;
      return { templates: s.templates, w: { values: s.w.values, cols: s.w.cols } };
    });
    assert.equal(templates.layout.at.length, 26);
    assert.deepEqual(w.cols.slice(0, 3), ['A', 'B', 'C']);
    // Read pixels back: tile j's pixel (r, c) has the colour of W[pixel → j] on the tile's own scale.
    const cols = 26;
    const weightOf = (j, k) => w.values[(1 + k) * cols + j]; // letters keep all 63 pixels
    const px = templates.layout.px;
    for (const j of [0, 11, 25]) {
      const t = Array.from({ length: 63 }, (_, k) => weightOf(j, k));
      const scale = templateScale(t);
      assert.ok(close(scale, templates.scales[j]));
      const tile = templates.layout.at[j];
      const points = [0, 10, 24, 31, 45, 62].map((k) => ({ k, x: tile.x + ((k % 7) + 0.5) * px, y: tile.y + (Math.floor(k / 7) + 0.5) * px }));
      const read = await page.evaluate((pts) => {
        const canvas = document.getElementById('templates-canvas');
        const ctx = canvas.getContext('2d');
        const dpr = canvas.width / canvas.clientWidth;
        return pts.map((p) => Array.from(ctx.getImageData(Math.floor(p.x * dpr), Math.floor(p.y * dpr), 1, 1).data.slice(0, 3)));
      }, points);
      points.forEach((p, i) => {
        const want = templateColor(t[p.k], scale).map(Math.round);
        assert.ok(want.every((v, ch) => Math.abs(v - read[i][ch]) <= 2), `template ${w.cols[j]} pixel ${p.k}: drawn ${read[i]}, weight ${t[p.k]} → ${want}`);
      });
    }

    await page.locator('#templates-panel').screenshot({ path: 'docs/screenshot-letter-templates.png' });
    await page.selectOption('#speed', '20');
    await trainTo(page, 300); // the link's max epochs stops it at exactly 300: the same weights every time
    assert.equal(await page.evaluate(() => window.__playground.epoch), 300);

    // The pad: a clean T drawn with the mouse, then an L from the keyboard.
    await page.locator('#pad-canvas').scrollIntoViewIfNeeded();
    const box = await page.locator('#pad-canvas').boundingBox();
    const size = await page.evaluate(() => window.__playground.weights.pad.size);
    await page.waitForFunction(() => window.__playground.weights.pad.prediction !== null);
    const blank = await page.evaluate(() => window.__playground.weights.pad.prediction);
    // Letters as a person draws them on the 7 × 9 pad (one pixel of margin): strokes of pixels.
    const line = (r0, c0, r1, c1) => Array.from({ length: Math.max(r1 - r0, c1 - c0) + 1 }, (_, i) => ({ r: r0 + (r1 > r0 ? i : 0), c: c0 + (c1 > c0 ? i : 0) }));
    const strokes = { T: [...line(1, 1, 1, 5), ...line(2, 3, 7, 3)], L: [...line(1, 1, 7, 1), ...line(7, 2, 7, 5)] };
    const glyph = (letter) => strokes[letter];
    for (const { r, c } of glyph('T')) await page.mouse.click(box.x + (c + 0.5) * size, box.y + (r + 0.5) * size);
    const drawn = await page.evaluate(() => window.__playground.weights.pad.pixels.filter((v) => v > 0).length);
    assert.equal(drawn, glyph('T').length, 'each click inked one pixel');
    await page.waitForFunction(() => window.__playground.weights.pad.settled && document.getElementById('pad-class').textContent === 'The network says: T', null, { timeout: 10000 });
    const t = await page.evaluate(() => window.__playground.weights.pad.prediction);
    assert.notDeepEqual(t.outputs, blank.outputs, 'the bars changed');
    const bars = await page.$$eval('#pad-bars li', (lis) => lis.map((li) => Number(li.querySelector('.pad-value').textContent)));
    assert.equal(bars.length, 26);
    bars.forEach((v, j) => assert.ok(Math.abs(v - t.outputs[j]) <= 0.005, `bar ${j}: ${v} vs ${t.outputs[j]}`));
    assert.equal(await page.textContent('#pad-bars li.top .pad-name'), 'T');

    // The drawing's pass through the network: the one-row panel shows it layer by layer,
    // ending in the pad's outputs, with no target; drawing more follows; a row goes back.
    await page.click('#pad-pass');
    assert.equal(await page.getAttribute('#pad-pass', 'aria-pressed'), 'true');
    assert.equal(await page.isVisible('#pad-pass-link'), true, 'a link down to the pass');
    await page.waitForFunction(() => window.__playground.rowPass?.row === 0);
    const pass = await page.evaluate(() => window.__playground.rowPass);
    assert.equal(pass.inputs.cols, 63);
    pass.layers.at(-1).outputs.data.forEach((y, j) => assert.ok(Math.abs(y - t.outputs[j]) <= 1e-6, `output ${j}: pass ${y}, pad ${t.outputs[j]}`));
    assert.equal(pass.predicted, 'T');
    assert.equal(pass.loss, null);
    assert.equal(await page.textContent('#row-pass-headline'), 'Your drawing on the pad: predicted T');
    assert.deepEqual(await page.$$eval('#row-pass-body [data-block]', (b) => b.map((x) => x.getAttribute('data-block'))), ['x', 'W1', 'b1', 'xi1', 'y1'], 'no d, error or loss without a target');
    const padNow = await page.locator('#pad-canvas').boundingBox();
    await page.mouse.click(padNow.x + 5.5 * size, padNow.y + 7.5 * size); // one more pixel
    await page.waitForFunction((x) => {
      const p = window.__playground.rowPass;
      return p?.row === 0 && JSON.stringify(p.inputs.data) !== x;
    }, JSON.stringify(pass.inputs.data));
    await page.click('#data-rows tbody tr:first-child');
    await page.waitForFunction(() => window.__playground.rowPass?.row > 0);
    assert.equal(await page.getAttribute('#pad-pass', 'aria-pressed'), 'false');

    await page.click('#pad-clear');
    await page.focus('#pad-canvas');
    let at = { r: 0, c: 0 };
    for (const p of glyph('L')) {
      while (at.r < p.r) { await page.keyboard.press('ArrowDown'); at.r += 1; }
      while (at.c < p.c) { await page.keyboard.press('ArrowRight'); at.c += 1; }
      while (at.c > p.c) { await page.keyboard.press('ArrowLeft'); at.c -= 1; }
      await page.keyboard.press(' ');
    }
    assert.equal(await page.evaluate(() => window.__playground.playing), false, 'space drew, it did not play');
    assert.match(await page.textContent('#pad-live'), /^Row 8, column 6: ink\.$/);
    await page.waitForFunction(() => document.getElementById('pad-class').textContent === 'The network says: L', null, { timeout: 10000 });
    await page.locator('#pad-panel').screenshot({ path: 'docs/screenshot-draw-pad.png' });
    assert.deepEqual(errors, []);
  } finally {
    await done();
  }
});
