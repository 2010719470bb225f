// Your own table in the page: a CSV file with a categorical column and semicolons is
// previewed by the core, its roles chosen, and trained on (the data view shows its
// rows); a bad file names the line and the column and the run on the page goes on;
// both exports give CSV; a model file round-trips; a reload resumes the run on it; a link whose table is not in
// this browser says so, refuses another file and takes the right one.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { launch, openPage, setPlaying, expectNewRun, config, waitForFrame, settle, io, trainTo } from './helpers.mjs';

const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The serious and critical findings of axe (as tests/a11y.test.mjs audits) in the own-table part of the page. */
async function severeFindings(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const result = await window.axe.run(document.querySelector('.own-table'), {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
  });
}

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** 40 pets as a spreadsheet exports them: a byte-order mark, semicolons, CRLF, quotes. */
function petsCsv() {
  const kinds = [['small', '"grey; white"', 4.1, 4, 'cat'], ['large', 'brown', 30, 4, 'dog'], ['small', 'green', 0.3, 2, 'parrot'], ['medium', 'brown', 12, 4, 'dog']];
  const rows = ['\u{feff}size;colour;weight;legs;kind'];
  for (let i = 0; i < 40; i++) {
    const [s, c, w, l, k] = kinds[i % 4];
    rows.push(`${s};${c};${(w + Math.floor(i / 4) * 0.1).toFixed(2)};${l};${k}`);
  }
  return `${rows.join('\r\n')}\r\n`;
}

/** Chooses `text` as the file of `#table-file`. */
const chooseFile = (page, name, text) => page.setInputFiles('#table-file', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });

/** The text of the file a click on `selector` downloads. */
async function downloaded(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return readFile(await download.path(), 'utf8');
}

test('a CSV of your own trains, a bad one changes nothing, exports and a reload work', { timeout: 90000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    const pets = petsCsv();
    await chooseFile(page, 'pets.csv', pets);
    await page.waitForSelector('#own-table-columns:not([hidden])');
    assert.match(await page.textContent('#own-table-title'), /^pets\.csv: 40 rows, 5 columns \(semicolons\)$/);
    const names = await page.$$eval('#own-table-columns tbody th', (ths) => ths.map((t) => t.textContent));
    assert.deepEqual(names, ['size', 'colour', 'weight', 'legs', 'kind']);
    assert.equal(await page.isChecked('#own-target-4'), true, 'the last column is the target');
    assert.equal(await page.isDisabled('#own-input-4'), true, 'the target is no input');
    assert.equal(await page.inputValue('#own-type-1'), 'nominal', 'colour: categories');
    assert.deepEqual(await severeFindings(page), [], 'the column panel passes the accessibility audit');
    // legs as categories (2 and 4): one-hot, two inputs.
    await page.selectOption('#own-type-3', 'nominal');
    await expectNewRun(page, () => page.click('#own-table-train'));
    const c = await config(page);
    assert.equal(c.data.table.kind, 'own');
    assert.match(c.data.table.own.hash, /^[0-9a-f]{64}$/);
    assert.deepEqual([c.data.table.own.target, c.data.table.own.inputs], ['kind', ['size', 'colour', 'weight', 'legs']]);
    assert.deepEqual(c.data.table.own.types, { legs: { type: 'nominal' } });
    assert.equal(await page.isVisible('#data-view'), true);
    assert.equal(await page.isVisible('#table-own'), true, 'the picker shows your table');
    assert.match(await page.textContent('#table-own-label'), /pets\.csv/);
    await page.waitForFunction(() => document.querySelectorAll('#data-rows tbody tr').length > 0);
    const heads = await page.$$eval('#data-rows thead tr:nth-child(2) th', (ths) => ths.map((t) => t.textContent));
    assert.ok(heads.includes('colour = grey; white') && heads.includes('legs = 4'), heads.join(' | '));

    // A bad file: its line and column named; the run goes on training.
    await setPlaying(page, true);
    const run = await page.evaluate(() => window.__playground.run);
    const bad = 'size;weight;kind\r\nsmall;1;cat\r\nlarge;2;dog\r\nsmall;x;cat;9\r\n';
    await chooseFile(page, 'bad.csv', bad);
    await page.waitForSelector('#own-table-message:not([hidden])');
    assert.match(await page.textContent('#own-table-message'), /^Could not import bad\.csv: line 4: this row has 4 fields, the header has 3\. Your data is unchanged\.$/);
    const epoch = await page.evaluate(() => window.__playground.epoch);
    await page.waitForFunction((e) => window.__playground.epoch > e + 5, epoch);
    assert.equal(await page.evaluate(() => window.__playground.run), run, 'the same run');
    assert.equal(await page.isVisible('#own-table-columns'), false);
    // A type that does not fit: the core names the line and the column, nothing changes.
    await chooseFile(page, 'pets.csv', pets);
    await page.waitForSelector('#own-table-columns:not([hidden])');
    await page.selectOption('#own-type-0', 'ordinal');
    await page.uncheck('#own-input-0');
    await page.uncheck('#own-input-1');
    await page.uncheck('#own-input-2');
    await page.uncheck('#own-input-3');
    await page.click('#own-table-train');
    await page.waitForFunction(() => /input/.test(document.querySelector('#own-table-message').textContent));
    assert.match(await page.textContent('#own-table-message'), /choose at least one input column/);
    assert.equal(await page.evaluate(() => window.__playground.run), run, 'still the same run');
    await page.click('#own-table-cancel');
    await setPlaying(page, false);

    // Exports: the table as read, and the encoded matrix.
    const table = await downloaded(page, '#export-table-csv');
    assert.equal(table.split('\n')[0], '"size","colour","weight","legs","kind"');
    assert.equal(table.trim().split('\n').length, 41);
    assert.ok(table.includes(',grey; white,'), 'the level with a semicolon, comma-separated');
    const encoded = await downloaded(page, '#export-encoded-csv');
    assert.match(encoded.split('\n')[0], /^"row","split","size = small",.*"legs = 4","kind"$/);
    assert.equal(encoded.trim().split('\n').length, 41);

    // A model file of the run carries the table's hash; loading it reads the kept table.
    const trained = await trainTo(page, 30);
    const model = await downloaded(page, '#download-model');
    assert.equal(JSON.parse(model).config.data.table.own.hash, c.data.table.own.hash);
    const loss = await page.evaluate(() => window.__playground.testLoss);
    await expectNewRun(page, () => page.click('#reset'));
    await expectNewRun(page, () => page.setInputFiles('#model-file', { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(model) }));
    assert.equal(await page.evaluate(() => window.__playground.epoch), trained, 'the model\'s epoch');
    assert.equal(await page.evaluate(() => window.__playground.testLoss), loss, 'the same weights on the same rows');

    // A reload resumes the run on the table kept in this browser.
    await page.reload();
    await waitForFrame(page);
    await settle(page);
    assert.equal(await page.evaluate(() => window.__playground.epoch), trained, 'the epoch is back');
    assert.equal((await config(page)).data.table.own.hash, c.data.table.own.hash);
    assert.match((await io(page)).linkNotice, /^Restored the run at epoch/);
    assert.equal(await page.isVisible('#own-table-missing'), false);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a link to a table not in this browser says so, refuses another file and takes its own', { timeout: 60000 }, async () => {
  const pets = petsCsv();
  // The hash the page computes for the file: from a first page, which keeps the file.
  const first = await openPage(env);
  let own;
  try {
    await chooseFile(first.page, 'pets.csv', pets);
    await first.page.waitForSelector('#own-table-columns:not([hidden])');
    await expectNewRun(first.page, () => first.page.click('#own-table-train'));
    own = (await config(first.page)).data.table.own;
  } finally {
    await first.close();
  }
  // A fresh context: a browser that has never seen the file.
  const { page, errors, close } = await openPage(env);
  try {
    const query = `?table=${encodeURIComponent(`own:${JSON.stringify({ own })}`)}`;
    await page.goto(`${env.url}${query}`);
    await page.waitForSelector('#own-table-missing:not([hidden])');
    assert.match(await page.textContent('#own-table-missing-text'), new RegExp(`^Your table pets\\.csv \\(${own.hash.slice(0, 12)}…\\) is not in this browser: import its file`));
    await page.click('#own-table-missing-import').catch(() => {});
    await chooseFile(page, 'other.csv', pets.replace('30.', '31.'));
    await page.waitForFunction(() => /not the table/.test(document.querySelector('#own-table-message').textContent));
    assert.equal(await page.isVisible('#own-table-missing'), true, 'still missing');
    await page.click('#own-table-missing-import').catch(() => {});
    await expectNewRun(page, () => chooseFile(page, 'pets.csv', pets));
    const c = await config(page);
    assert.deepEqual(c.data.table.own, own);
    assert.equal(await page.isVisible('#own-table-missing'), false);
    await page.waitForFunction(() => document.querySelectorAll('#data-rows tbody tr').length > 0);
    assert.deepEqual(errors.filter((e) => !/^console: /.test(e)), []);
  } finally {
    await close();
  }
});

test('the tables kept in this browser are listed, and one forgotten is asked for again', { timeout: 60000 }, async () => {
  const pets = petsCsv();
  const { page, errors, close } = await openPage(env);
  try {
    assert.equal(await page.isHidden('#own-tables-kept'), true, 'a fresh browser keeps no table');
    await chooseFile(page, 'pets.csv', pets);
    await page.waitForSelector('#own-table-columns:not([hidden])');
    await expectNewRun(page, () => page.click('#own-table-train'));
    await page.waitForSelector('#own-tables-kept:not([hidden])');
    await page.click('#own-tables-kept summary');
    const items = await page.$$eval('#own-tables-kept-list li', (lis) => lis.map((li) => li.textContent));
    assert.equal(items.length, 1);
    assert.match(items[0], /^pets\.csv, kept \d{1,2} [A-Z][a-z]{2} \d{4}Forget$/);
    assert.deepEqual(await severeFindings(page), [], 'the list passes the accessibility audit');

    await page.click('button[aria-label="Forget pets.csv"]');
    await page.waitForFunction(() => document.querySelector('#own-table-message').textContent === 'pets.csv is no longer kept in this browser.');
    await page.waitForSelector('#own-tables-kept', { state: 'hidden' });
    // The run on it goes on, and says its table is no longer here (a reload would ask for it).
    await page.waitForSelector('#own-table-missing:not([hidden])');
    assert.match(await page.textContent('#own-table-missing-text'), /^Your table pets\.csv \([0-9a-f]{12}…\) is not in this browser/);
    assert.equal((await config(page)).data.table.kind, 'own');
    const kept = await page.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open('nn-playground-tables');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const all = open.result.transaction('tables').objectStore('tables').getAllKeys();
        all.onsuccess = () => resolve(all.result.length);
        all.onerror = () => reject(all.error);
      };
    }));
    assert.equal(kept, 0, 'the file is gone from IndexedDB');

    // Its file again: kept, listed, and no longer missing.
    await page.click('#own-table-missing-import').catch(() => {});
    await expectNewRun(page, () => chooseFile(page, 'pets.csv', pets));
    await page.waitForSelector('#own-tables-kept:not([hidden])');
    assert.equal(await page.isVisible('#own-table-missing'), false);
    assert.deepEqual(errors.filter((e) => !/^console: /.test(e)), []);
  } finally {
    await close();
  }
});
