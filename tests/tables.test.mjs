// Tables in the page: the dataset picker offers the built-in tables; a run on one
// trains and its data view shows the rows (raw cells, encoded inputs, target and
// prediction, misclassified rows marked, filterable to errors); a link to a table
// restores it in a fresh page; a model file round-trips on a table; a file table
// works offline.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, openAt, settle, setPlaying, expectNewRun, config } from './helpers.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** Trains to at least `epochs`, then pauses and waits for the page to show it. */
async function trainTo(page, epochs) {
  await setPlaying(page, true);
  await page.waitForFunction((n) => window.__playground.epoch >= n, epochs, { timeout: 30000 });
  await setPlaying(page, false);
}

/** The data view's rows as text cells, once it shows rows of the current run. */
async function rowsShown(page) {
  await page.waitForFunction(() => document.querySelectorAll('#data-rows tbody tr').length > 0, null, { timeout: 15000 });
  return page.$$eval('#data-rows tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
}

/** The data view's column headings (second heading row). */
const headings = (page) => page.$$eval('#data-rows thead tr:nth-child(2) th', (ths) => ths.map((t) => t.textContent));

test('every built-in table trains and its rows are shown; back to the plane as before', { timeout: 120000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await page.selectOption('#speed', '5');
    const tables = await page.$$eval('#tables-table input', (inputs) => inputs.map((i) => i.value));
    assert.deepEqual(tables, ['animals', 'weather', 'letters', 'iris', 'wine', 'breast_cancer', 'digits']);
    for (const id of tables) {
      await expectNewRun(page, () => page.check(`#table-${id}`));
      assert.equal((await config(page)).data.table.kind, id);
      assert.equal(await page.isVisible('#data-view'), true, `${id}: the data view shows`);
      assert.equal(await page.isVisible('#output-canvas'), false, `${id}: the plane is hidden`);
      const start = await page.evaluate(() => window.__playground.epoch);
      await trainTo(page, start + 3);
      const loss = await page.evaluate(() => window.__playground.trainLoss);
      assert.ok(Number.isFinite(loss), `${id}: training loss ${loss}`);
      const rows = await rowsShown(page);
      const heads = await headings(page);
      assert.ok(rows.length > 0 && rows.length <= 20, `${id}: ${rows.length} rows on a page`);
      assert.equal(rows[0].length, heads.length, `${id}: every column has a cell`);
    }
    // digits: 64 encoded inputs, 1,797 rows paged by 20.
    assert.equal((await headings(page)).filter((t) => t.startsWith('p')).length >= 64, true);
    assert.match(await page.textContent('#data-page'), /^rows 1–20 of \d+ · \d+ misclassified$/);
    await page.click('#data-next');
    await page.waitForFunction(() => document.querySelector('#data-page').textContent.startsWith('rows 21–40'));

    await expectNewRun(page, () => page.check('#dataset-circle'));
    const plane = await config(page);
    assert.equal(plane.data.table, undefined, 'the table is gone');
    assert.equal(plane.data.task, 'circle');
    assert.equal(await page.isVisible('#output-canvas'), true, 'the plane is back');
    assert.equal(await page.isVisible('#data-view'), false);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('animals: the slide\'s rows, errors only, a row selected from the keyboard', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await expectNewRun(page, () => page.check('#table-animals'));
    const heads = await headings(page);
    assert.deepEqual(heads.slice(0, 5), ['Row', 'Wrong', 'size', 'fur', 'talks']);
    const rows = await rowsShown(page);
    for (const row of rows) {
      const wrong = row[1].includes('✗');
      assert.equal(wrong, row.at(-1) !== row.at(-2), `row ${row[0]}: marked iff the prediction differs`);
    }
    await page.check('#data-errors');
    await page.waitForFunction(() => /misclassified$/.test(document.querySelector('#data-page').textContent));
    const shown = await page.$$eval('#data-rows tbody tr', (trs) => trs.map((tr) => tr.classList.contains('wrong')));
    assert.ok(shown.every(Boolean), 'only misclassified rows');
    await page.uncheck('#data-errors');
    await rowsShown(page);
    await page.focus('#data-rows');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const selected = await page.$$eval('#data-rows tbody tr[aria-selected="true"]', (trs) => trs.map((t) => t.getAttribute('data-row')));
    assert.equal(selected.length, 1);
    assert.equal(await page.evaluate(() => window.__playground.selectedRow), Number(selected[0]));
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a link to a table restores it in a fresh page; an unknown table gets a notice', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await expectNewRun(page, () => page.check('#table-iris'));
    const link = await page.evaluate(() => location.search);
    assert.match(link, /(^\?|&)table=iris(&|$)/);
    const fresh = await openAt(env, link);
    try {
      assert.equal((await config(fresh.page)).data.table.kind, 'iris');
      assert.equal(await fresh.page.isChecked('#table-iris'), true);
      await rowsShown(fresh.page);
      assert.deepEqual(fresh.errors, []);
    } finally {
      await fresh.close();
    }
    const bad = await openAt(env, '?table=penguins');
    try {
      assert.equal((await config(bad.page)).data.table, undefined);
      const notice = await bad.page.evaluate(() => window.__playground.io.linkNotice);
      assert.match(notice, /table/i);
    } finally {
      await bad.close();
    }
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
