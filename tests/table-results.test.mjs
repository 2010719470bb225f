// The result panels of a table run in the real page: on animals the confusion matrix
// names the classes and its counts add up to the split's rows, and a cell's activation
// selects one of its rows in the data view; on weather predicted against actual shows
// the core's R², and with the linear network the least-squares panel shows the
// coefficients within noise of the generator's law.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, setPlaying, expectNewRun } from './helpers.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** Trains to at least `epochs` more, then pauses. */
async function trainFor(page, epochs) {
  const start = await page.evaluate(() => window.__playground.epoch);
  await setPlaying(page, true);
  await page.waitForFunction((n) => window.__playground.epoch >= n, start + epochs, { timeout: 30000 });
  await setPlaying(page, false);
}

const MINUS = /\u2212/g;

test('animals: a confusion matrix with the class names, counts summing to the split, cells select rows', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await expectNewRun(page, () => page.check('#table-animals'));
    await trainFor(page, 20);
    await page.waitForFunction(() => document.querySelector('#table-results table.confusion caption')?.textContent.includes('test split'));
    const heads = await page.$$eval('#table-results table.confusion thead th', (ths) => ths.map((t) => t.textContent));
    assert.deepEqual(heads.slice(1, 5), ['cat', 'dog', 'parrot', 'carp']);
    // The page's matrix is the core's metrics' once the panel has caught up with the pause.
    await page.waitForFunction(() => {
      const shown = [...document.querySelectorAll('#table-results table.confusion tbody tr')].map((tr) =>
        [...tr.querySelectorAll('td:not(.recall)')].map((td) => Number(td.textContent || 0)));
      return JSON.stringify(shown) === JSON.stringify(window.__playground.metrics?.test?.confusion);
    }, null, { timeout: 15000 });
    const caption = await page.textContent('#table-results table.confusion caption');
    const samples = Number(/\((\d+) rows\)/.exec(caption)[1]);
    const metrics = await page.evaluate(() => window.__playground.metrics);
    const confusion = metrics.test.confusion;
    assert.equal(samples, confusion.flat().reduce((s, c) => s + c, 0), 'the caption counts the test split');
    const shown = await page.$$eval('#table-results table.confusion tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td:not(.recall)')].map((td) => Number(td.textContent || 0))));
    assert.deepEqual(shown, confusion, "the page's matrix is the core's");
    // A cell with rows: reached from the keyboard by its accessible name, activated.
    const cell = page.locator('#table-results table.confusion button').first();
    const label = await cell.getAttribute('aria-label');
    assert.match(label, /^actual (cat|dog|parrot|carp), predicted (cat|dog|parrot|carp): \d+ rows?$/);
    await cell.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.__playground.selectedRow !== null);
    const listed = await page.textContent('#results-rows');
    const selected = await page.evaluate(() => window.__playground.selectedRow);
    assert.ok(listed.startsWith(label), listed);
    assert.ok(listed.includes(`table rows ${selected}`), `${listed} / selected ${selected}`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test("weather: predicted against actual with the core's R², least squares near the law", { timeout: 90000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await expectNewRun(page, () => page.check('#table-weather'));
    await expectNewRun(page, () => page.click('#remove-layer'));
    await expectNewRun(page, () => page.click('#remove-layer'));
    const activations = await page.evaluate(() => window.__playground.activations);
    assert.equal(activations.length, 1, 'no hidden layer');
    await page.selectOption('#speed', '20');
    await trainFor(page, 50);
    // Once the panel has caught up with the pause, its R² is the core's (3 digits).
    await page.waitForFunction(() => {
      const m = /test R² ([^,]+),/.exec(document.querySelector('#results-fit')?.textContent ?? '');
      const core = window.__playground.metrics?.test?.outputs?.[0]?.r_squared;
      return m && Number.isFinite(core) && Math.abs(Number(m[1].replace(/\u2212/g, '-')) - core) <= 0.006;
    }, null, { timeout: 15000 });
    const metrics = await page.evaluate(() => window.__playground.metrics);
    const fit = await page.textContent('#results-fit');
    const r2 = Number(/test R² ([^,]+),/.exec(fit)[1].replace(MINUS, '-'));
    const core = metrics.test.outputs[0].r_squared;
    assert.ok(Math.abs(r2 - core) <= 0.006 * Math.max(1, Math.abs(core)), `shown ${r2} vs core ${core}`);
    assert.equal(await page.isVisible('#table-results canvas.results-scatter'), true);
    // Least squares: the law's column and the closed form's agree within noise.
    await page.waitForFunction(() => document.querySelectorAll('#results-least-squares tbody tr').length === 4);
    const rows = await page.$$eval('#results-least-squares tbody tr', (trs) =>
      trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    const num = (t) => Number(t.replace(MINUS, '-'));
    for (const [name, law, closed] of rows.slice(1)) {
      assert.ok(Math.abs(num(law) - num(closed)) < 0.05, `${name}: law ${law}, least squares ${closed}`);
    }
    assert.deepEqual(rows.slice(1).map((r) => r[1]), ['−1.500', '2.000', '−0.4000']);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
