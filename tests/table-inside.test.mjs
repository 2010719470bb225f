// Looking inside a run on a table: the selected row's pass through the network (its
// output is the data view's prediction; a confusion-matrix cell's rows are one click
// each), a slice of the decision function over two numeric columns (its cells are the
// core's output for those rows), the step-through with the table's names, and the
// hidden space's input layer.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openAt, setPlaying, settle, trainTo } from './helpers.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** Waits for the row pass of table row `row` and returns it. */
async function passOf(page, row) {
  await page.waitForFunction((r) => window.__playground.rowPass?.row === r, row, { timeout: 15000 });
  return page.evaluate(() => window.__playground.rowPass);
}

/** Clicks the data view's row on screen at `index`; returns its cells' text. */
async function clickRow(page, index) {
  await page.waitForFunction(() => document.querySelectorAll('#data-rows tbody tr').length > 0, null, { timeout: 15000 });
  const tr = page.locator('#data-rows tbody tr').nth(index);
  await tr.click();
  return tr.locator('th, td').allTextContents();
}

test('the selected row passes through the network with the data view\'s prediction; a confusion cell lists its rows', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openAt(env, '?table=animals&layers=5');
  try {
    await trainTo(page, 20);
    const cells = await clickRow(page, 2);
    const row = Number(cells[0]);
    const pass = await passOf(page, row);
    const predicted = cells[cells.length - 1];
    assert.equal(pass.predicted, predicted, 'the pass predicts what the data view shows');
    assert.equal(pass.target, cells[cells.length - 2]);
    assert.equal(pass.layers.length, 2);
    // The output is y of the last layer; its largest output is the predicted class.
    const y = pass.layers[1].outputs.data;
    const best = y.indexOf(Math.max(...y));
    assert.equal(pass.output_names[best], predicted);
    assert.deepEqual(pass.error.data, y.map((v, j) => v - pass.target_code.data[j]));
    // The page lays it out: x, every layer's W, b, ξ, y, then d, y − d and e.
    const blocks = await page.$$eval('#row-pass-body [data-block]', (all) => all.map((b) => b.getAttribute('data-block')));
    assert.deepEqual(blocks, ['x', 'W1', 'b1', 'xi1', 'y1', 'W2', 'b2', 'xi2', 'y2', 'd', 'err', 'e']);
    const yHeads = await page.$$eval('#row-pass-body [data-block="y2"] thead th', (ths) => ths.map((t) => t.textContent));
    assert.deepEqual(yHeads, ['y_2', ...pass.output_names], 'the outputs are named by class');
    assert.match(await page.textContent('#row-pass-headline'), new RegExp(`^Row ${row} \\(`));
    // Hovering a weight rings its neuron and its link in the diagram.
    await page.hover('#row-pass-body [data-block="W2"] tbody tr:nth-child(2) td:nth-child(3)');
    assert.deepEqual(await page.evaluate(() => window.__playground.step.highlight), { layer: 2, neuron: 1, from: 1 });

    // A confusion-matrix cell lists its rows; each is one click from its pass.
    await page.selectOption('#results-split', 'train');
    const cell = page.locator('#results-matrix button[data-cell]').first();
    await cell.click();
    const listed = await page.$$eval('#results-rows button', (bs) => bs.map((b) => Number(b.getAttribute('data-row'))));
    assert.ok(listed.length > 0);
    const last = listed[listed.length - 1];
    await page.click(`#results-rows button[data-row="${last}"]`);
    assert.equal(await page.evaluate(() => window.__playground.selectedRow), last);
    assert.equal((await passOf(page, last)).row, last);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a slice over two numeric columns is the core\'s output for those rows', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openAt(env, '?table=iris&layers=6');
  try {
    await trainTo(page, 200);
    assert.equal(await page.isVisible('#slice-canvas'), true, 'a table run shows the slice');
    const columns = await page.$$eval('#slice-x option', (os) => os.map((o) => o.value));
    assert.equal(columns.length, 4);
    await page.selectOption('#slice-x', columns[2]);
    await page.selectOption('#slice-y', columns[3]);
    // A versicolor row (the middle class): the slice through it shows all three regions.
    const targets = await page.$$eval('#data-rows tbody tr', (trs) => trs.map((tr) => tr.children[tr.children.length - 2].textContent));
    const cells = await clickRow(page, Math.max(0, targets.indexOf('versicolor')));
    const row = Number(cells[0]);
    await page.waitForFunction(
      ([r, x, y]) => {
        const s = window.__playground.slice;
        return s && s.held_from === `row ${r}` && s.axes[0].column === x && s.axes[1].column === y;
      },
      [row, columns[2], columns[3]],
      { timeout: 15000 },
    );
    const slice = await page.evaluate(() => window.__playground.slice);
    const pass = await passOf(page, row);
    assert.deepEqual(slice.held.map((h) => h.column), [columns[0], columns[1]]);
    const side = slice.axes[0].cells;
    assert.equal(slice.grid.length, side * slice.axes[1].cells * slice.outputs);
    const raw = Object.fromEntries(pass.columns.map((c, i) => [c, pass.cells[i]]));
    const value = (axis, i) => axis.lo + ((i + 0.5) * (axis.hi - axis.lo)) / axis.cells;
    for (const [cx, cy] of [[0, 0], [5, 40], [47, 47], [30, 12]]) {
      const asked = { ...raw, [columns[2]]: String(value(slice.axes[0], cx)), [columns[3]]: String(value(slice.axes[1], slice.axes[1].cells - 1 - cy)) };
      const y = await page.evaluate((c) => window.__playground.request('predictRow', { cells: c }), asked);
      const at = (cy * side + cx) * slice.outputs;
      y.forEach((v, j) => assert.ok(Math.abs(slice.grid[at + j] - v) < 1e-5, `cell (${cx}, ${cy}) output ${j}: ${slice.grid[at + j]} against ${v}`));
    }
    assert.equal(slice.train.length / 3, (await page.evaluate(() => window.__playground.table.rows[0])), 'every training row is drawn');
    await page.locator('#slice-view').screenshot({ path: 'docs/screenshot-table-slice.png' });
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a confusion cell\'s row on another page or in the other split turns the data view to it', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openAt(env, '?table=iris&layers=6');
  try {
    await trainTo(page, 30);
    await settle(page);
    for (const split of ['train', 'test']) {
      await page.selectOption('#results-split', split);
      await page.locator('#results-matrix button[data-cell]').last().click();
      const listed = await page.$$eval('#results-rows button', (bs) => bs.map((b) => Number(b.getAttribute('data-row'))));
      const last = listed[listed.length - 1];
      await page.click(`#results-rows button[data-row="${last}"]`);
      await page.waitForSelector(`#data-rows tbody tr[aria-selected="true"][data-row="${last}"]`, { timeout: 15000 });
      assert.equal(await page.inputValue('#data-split'), split, `the data view shows the ${split} split`);
      assert.equal(await page.locator('#data-rows tbody tr[aria-selected="true"]').count(), 1);
    }
    const status = await page.textContent('#data-page');
    assert.match(status, /^rows \d/, status);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('the step-through and the hidden space\'s input layer work on a table run', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openAt(env, '?table=animals&layers=3');
  try {
    assert.equal(await page.isVisible('#step-details summary'), true, 'the step-through is offered');
    await page.click('#step-details summary');
    await page.click('#step-record');
    await page.waitForFunction(() => window.__playground.step.stages > 0, null, { timeout: 15000 });
    const step = await page.evaluate(() => window.__playground.step);
    const names = await page.evaluate(() => window.__playground.table.output_names);
    assert.equal(step.record.table_rows.length, step.record.samples.length);
    const inputs = await page.$$eval('#step-matrix thead th', (ths) => ths.map((t) => t.textContent));
    const inputNames = await page.evaluate(() => window.__playground.table.input_names);
    assert.deepEqual(inputs.slice(1), inputNames.slice(0, inputs.length - 1), 'X is headed by the inputs\' names');
    const rowHead = await page.textContent('#step-matrix tbody th');
    assert.equal(rowHead, `row ${step.record.table_rows[0]}`);
    while ((await page.evaluate(() => window.__playground.step.id)) !== 'Y2') await page.click('#step-next');
    const outputs = await page.$$eval('#step-matrix thead th', (ths) => ths.map((t) => t.textContent));
    assert.deepEqual(outputs.slice(1), names, 'the output layer is headed by the class names');

    const before = await page.evaluate(() => window.__playground.hiddenRequests);
    await page.click('#hidden-space summary');
    await page.waitForFunction((n) => window.__playground.hiddenRequests > n && window.__playground.hiddenSpace, before);
    assert.equal((await page.evaluate(() => window.__playground.hiddenSpace)).grid.length, 0, 'a table has no plane grid');
    await page.selectOption('#hidden-layer', 'input');
    await page.waitForFunction(() => window.__playground.hiddenSpace?.input_layer === true);
    const space = await page.evaluate(() => window.__playground.hiddenSpace);
    const train = await page.evaluate(() => window.__playground.table.rows[0]);
    assert.equal(space.points.length, 2 * train);
    assert.equal(space.neurons, inputNames.length);
    assert.match(space.axes[0].label, /^PC1 \(\d+% of variance\)$/);
    assert.match(await page.getAttribute('#hidden-canvas', 'aria-label'), /^The input layer/);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
