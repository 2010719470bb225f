// Tables in the page: the dataset picker offers the built-in tables; a run on one
// trains and its data view shows the rows (raw cells, encoded inputs, target and
// prediction, misclassified rows marked, filterable to errors); a link to a table
// restores it in a fresh page; a model file round-trips on a table; a file table
// works offline.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS, launch, openPage, openAt, setPlaying, expectNewRun, config, waitForFrame, settle, trainTo } from './helpers.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

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
      if (id === 'animals' || id === 'digits') await page.screenshot({ path: `docs/screenshot-table-${id}.png` });
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

/** The encoded cells of the data view's rows by table row number. */
const encodedOf = (page) => page.$$eval('#data-rows tbody tr', (trs) => Object.fromEntries(trs.map((tr) => [tr.dataset.row, [...tr.querySelectorAll('td.encoded')].map((c) => c.textContent)])));

test('animals: fur as one-hot 0/1 instead of ordinal, the data view shows the new code', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await expectNewRun(page, () => page.check('#table-animals'));
    await rowsShown(page);
    const before = await encodedOf(page);
    const fur = await page.$eval('label[for="code-1"]', (l) => l.textContent);
    assert.equal(fur, 'fur');
    assert.equal(await page.inputValue('#code-1'), 'ordinal');
    const options = await page.$$eval('#code-1 option', (os) => os.map((o) => o.value));
    assert.deepEqual(options, ['ordinal', 'one_hot', 'one_hot_signed'], 'the categorical encodings only');
    await expectNewRun(page, () => page.selectOption('#code-1', 'one_hot'));
    assert.equal((await config(page)).data.table.code.encodings.fur, 'one_hot');
    await page.waitForFunction(() => [...document.querySelectorAll('#data-rows thead th.encoded')].some((t) => t.textContent.startsWith('fur = ')));
    await rowsShown(page);
    const after = await encodedOf(page);
    const heads = await headings(page);
    const furInputs = heads.filter((t) => t.startsWith('fur = '));
    assert.ok(furInputs.length >= 2, `one input per fur level: ${furInputs}`);
    for (const [row, cells] of Object.entries(after)) {
      assert.equal(cells.length, before[row] ? before[row].length + furInputs.length - 1 : cells.length, `row ${row}: one input became ${furInputs.length}`);
      const hot = cells.slice(1, 1 + furInputs.length);
      assert.deepEqual(hot.filter((c) => c === '1.00').length, 1, `row ${row}: one 1 among the fur inputs ${hot}`);
      assert.ok(hot.every((c) => c === '1.00' || c === '0.00'), `row ${row}: 0/1 only ${hot}`);
    }
    // The network diagram's input count follows; the link carries the encoding.
    assert.equal((await page.evaluate(() => window.__playground.shape))[0], heads.filter((t, i) => i >= 5 && i < heads.length - 2).length);
    assert.match(decodeURIComponent(await page.evaluate(() => location.search)), /table=animals:\{"encodings":\{"fur":"one_hot"\}\}/);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a model file of a file table round-trips: the same rows and predictions', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await expectNewRun(page, () => page.check('#table-iris'));
    await trainTo(page, 20);
    const trained = await rowsShown(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-model')]);
    const text = await readFile(await download.path(), 'utf8');
    assert.equal(JSON.parse(text).config.data.table.kind, 'iris');
    await expectNewRun(page, () => page.click('#reset'));
    await expectNewRun(page, () => page.setInputFiles('#model-file', { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(text) }));
    await page.waitForFunction((first) => document.querySelector('#data-rows tbody tr')?.textContent === first, trained[0].join(''));
    assert.deepEqual(await rowsShown(page), trained, 'the same rows, codes and predictions');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a file table works offline after one visit', { timeout: 60000 }, async () => {
  const www = fileURLToPath(new URL('../www/', import.meta.url));
  const root = await mkdtemp(join(tmpdir(), 'playground-tables-'));
  await cp(www, root, { recursive: true });
  const { server, url } = await startServer({ root, port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('#play:not([disabled])', { timeout: 20000 });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
    await context.setOffline(true);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await page.goto(`${url}?table=wine`);
    await page.waitForSelector('#play:not([disabled])', { timeout: 20000 });
    await page.waitForFunction(() => document.querySelectorAll('#data-rows tbody tr').length > 0, null, { timeout: 20000 });
    assert.match(await page.textContent('#data-page'), /^rows 1–20 of \d+/);
    await context.close();
  } finally {
    await browser.close();
    server.closeAllConnections();
    await rm(root, { recursive: true, force: true });
  }
});

test('a reload resumes a run on a file table at its epoch, with its rows', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await expectNewRun(page, () => page.check('#table-breast_cancer'));
    await trainTo(page, 10);
    await page.waitForFunction(() => window.__playground.snapshotEpoch === window.__playground.epoch);
    const epoch = await page.evaluate(() => window.__playground.epoch);
    const rows = await rowsShown(page);
    await page.reload();
    await waitForFrame(page);
    await settle(page);
    assert.equal(await page.evaluate(() => window.__playground.epoch), epoch, 'the epoch is back');
    assert.equal((await config(page)).data.table.kind, 'breast_cancer');
    await page.waitForFunction((first) => document.querySelector('#data-rows tbody tr')?.textContent === first, rows[0].join(''));
    assert.deepEqual(await rowsShown(page), rows, 'the same rows and predictions');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
