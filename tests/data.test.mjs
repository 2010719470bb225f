// Your own data: clicks on the plane add and remove points (the run is rebuilt with
// them and the boundary follows after training), CSV export then import gives the
// same points, and a malformed CSV file is refused with its line while the data stays.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdir } from 'node:fs/promises';
import { launch, openPage, settle, setPlaying, expectNewRun, io, trainTo } from './helpers.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});


/** Clicks the plane at (x1, x2), the page's coordinates. */
async function clickPlane(page, x1, x2, modifiers = []) {
  const overlay = page.locator('#plane-overlay');
  const box = await overlay.boundingBox();
  const extent = await page.evaluate(() => window.__playground.limits.extent);
  const position = {
    x: ((x1 + extent) / (2 * extent)) * box.width,
    y: ((extent - x2) / (2 * extent)) * box.height,
  };
  await overlay.click({ position, modifiers });
}

const outputAt = (page, x1, x2) => page.evaluate(([a, b]) => window.__playground.io.outputAt(a, b)[0], [x1, x2]);

test('clicks on the plane add and remove points, and the boundary follows them', { timeout: 120000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await page.selectOption('#speed', '50');
    await expectNewRun(page, () => page.selectOption('#learning-rate', '0.1'));
    const start = await io(page);
    assert.equal(start.pointCount, 500);
    assert.equal(start.custom, false);

    // Trained on the circle, the far corner belongs to the outer ring's class 0 (low).
    await trainTo(page, 300, 60000);
    const before = await outputAt(page, -5, 5);
    assert.ok(before < 0, `corner is class 0 before: ${before}`);

    // The first click turns the circle into your data, with one more point of class 1.
    assert.equal(await page.isChecked('#point-class-1'), true, 'class 1 is picked');
    await expectNewRun(page, () => clickPlane(page, -5, 5));
    let s = await io(page);
    assert.equal(s.custom, true);
    assert.equal(s.pointCount, 501, 'one point more');
    assert.equal(s.trainCount + s.testCount, 501);
    assert.equal(await page.isChecked('#dataset-custom'), true, 'the custom dataset is selected');
    assert.equal(await page.evaluate(() => window.__playground.config.data.task), 'custom');
    assert.equal(await page.evaluate(() => window.__playground.epoch), 0, 'a new run');

    // A small cluster of class 1 in that corner.
    for (const [x1, x2] of [
      [-5.5, 5.5],
      [-4.5, 5.5],
      [-5.5, 4.5],
      [-4.5, 4.5],
      [-5, 4],
      [-4, 5],
      [-5.6, 5],
      [-5, 5.6],
      [-4.2, 4.2],
      [-5.8, 5.8],
      [-4.6, 5],
    ]) {
      await expectNewRun(page, () => clickPlane(page, x1, x2));
    }
    s = await io(page);
    assert.equal(s.pointCount, 512);

    // Shift-click removes the nearest point; so does "Click removes".
    await expectNewRun(page, () => clickPlane(page, -5.8, 5.8, ['Shift']));
    assert.equal((await io(page)).pointCount, 511);
    await page.check('#remove-mode');
    await expectNewRun(page, () => clickPlane(page, -4.6, 5.02));
    assert.equal((await io(page)).pointCount, 510);
    await page.uncheck('#remove-mode');
    // A click far from any point removes nothing.
    const run = await page.evaluate(() => window.__playground.run);
    await clickPlane(page, 5.9, -5.9, ['Shift']);
    await settle(page);
    assert.equal(await page.evaluate(() => window.__playground.run), run, 'no new run');

    // After training on your data the corner is class 1 (high).
    await trainTo(page, 300, 60000);
    const after = await outputAt(page, -5, 5);
    assert.ok(after > 0, `corner is class 1 after training on the new points: ${after}`);

    // The loss chart: hovering shows the values at that epoch; the scale can be linear.
    const chart = await page.locator('#loss-chart').boundingBox();
    await page.mouse.move(chart.x + chart.width * 0.6, chart.y + chart.height / 2);
    await page.waitForFunction(() => document.getElementById('loss-readout').dataset.hover === 'true');
    assert.match(await page.textContent('#loss-readout'), /^at epoch [\d,]+: training \S+ test \S+$/);
    await page.uncheck('#loss-log');
    assert.equal(new URL(page.url()).searchParams.get('log'), '0');
    await page.check('#loss-log');
    assert.equal(new URL(page.url()).searchParams.get('log'), null);
    await page.mouse.move(0, 0);

    // The link carries your points.
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('data'), 'custom');
    assert.match(url.searchParams.get('pts'), /^c[A-Za-z0-9_-]+$/);

    await mkdir('docs', { recursive: true });
    await page.check('#show-test');
    await settle(page);
    await page.locator('.panel.output').screenshot({ path: 'docs/screenshot-custom-data.png' });
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('clear all, then four clicks make a new dataset; a new class can be started', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await page.click('#clear-points');
    await page.waitForFunction(() => window.__playground.io.pending);
    assert.equal((await io(page)).customCount, 0);
    const run = await page.evaluate(() => window.__playground.run);
    await clickPlane(page, -3, -3);
    await clickPlane(page, 3, 3);
    await page.check('#point-class-0');
    await clickPlane(page, -3, 3);
    await settle(page);
    assert.equal(await page.evaluate(() => window.__playground.run), run, 'three points are too few for a run');
    assert.equal((await io(page)).customCount, 3);
    await expectNewRun(page, () => clickPlane(page, 3, -3));
    let s = await io(page);
    assert.equal(s.pending, false);
    assert.equal(s.pointCount, 4);

    // A third class: the run gets one output per class.
    await page.check('#point-class-2');
    await expectNewRun(page, () => clickPlane(page, 0, 0));
    s = await io(page);
    assert.equal(s.pointCount, 5);
    assert.equal(await page.evaluate(() => window.__playground.config.data.classes), 3);
    assert.equal((await page.evaluate(() => window.__playground.shape)).at(-1), 3);
    await setPlaying(page, true);
    await page.waitForFunction(() => window.__playground.epoch >= 20);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('CSV export then import gives the same points; a malformed file names its line', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await expectNewRun(page, () => page.click('label:has(#dataset-spiral)'));
    const original = await io(page);
    assert.equal(original.custom, false);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    assert.equal(download.suggestedFilename(), 'dataset.csv');
    const csv = await readFile(await download.path(), 'utf8');
    assert.match(csv, /^x1,x2,label\n/);
    assert.equal(csv.trim().split('\n').length, 1 + original.pointCount);

    // Back on another dataset, then the file: the same points, now as your data.
    await expectNewRun(page, () => page.click('label:has(#dataset-xor)'));
    assert.notEqual((await io(page)).pointsHash, original.pointsHash);
    await expectNewRun(page, () =>
      page.setInputFiles('#csv-file', { name: 'dataset.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) }),
    );
    const imported = await io(page);
    assert.equal(imported.custom, true);
    assert.equal(imported.pointCount, original.pointCount);
    assert.equal(imported.pointsHash, original.pointsHash, 'the same points');
    assert.match(imported.dataMessage, /Imported 500 points/);

    // A bad file: the core's message names the line; nothing changes.
    const run = await page.evaluate(() => window.__playground.run);
    const bad = 'x1,x2,label\n1,2,0\n\n1,two,1\n0,0,1\n';
    await page.setInputFiles('#csv-file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.waitForFunction(() => /line/.test(window.__playground.io.dataMessage));
    await settle(page);
    const message = await page.textContent('#data-message');
    assert.equal(await page.isVisible('#data-message'), true);
    assert.match(message, /bad\.csv/);
    assert.match(message, /line 4: x2 is not a number: "two"/);
    assert.match(message, /unchanged/);
    const after = await io(page);
    assert.equal(await page.evaluate(() => window.__playground.run), run, 'no new run');
    assert.equal(after.pointsHash, imported.pointsHash, 'the data stays as it was');

    // A point off the plane is refused with its line too.
    await page.setInputFiles('#csv-file', { name: 'far.csv', mimeType: 'text/csv', buffer: Buffer.from('0,0,0\n1,1,1\n9,0,1\n2,2,0\n') });
    await page.waitForFunction(() => /line 3/.test(window.__playground.io.dataMessage));
    assert.match(await page.textContent('#data-message'), /outside the plane/);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('on a regression task a click adds a point with the value typed', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await expectNewRun(page, () => page.click('label:has(#dataset-plane)'));
    assert.equal(await page.isVisible('#point-value'), true, 'a value input instead of classes');
    assert.equal(await page.isHidden('#point-classes'), true);
    await page.fill('#point-value', '-0.75');
    await expectNewRun(page, () => clickPlane(page, 4, 4));
    const s = await io(page);
    assert.equal(s.pointCount, 501);
    const data = await page.evaluate(() => window.__playground.config.data);
    assert.equal(data.task, 'custom');
    assert.equal(data.regression, true);
    assert.ok(data.samples.some((p) => p.x1 === 4 && p.x2 === 4 && p.target === -0.75));
    assert.match(new URL(page.url()).searchParams.get('pts'), /^r/);
    // A value that is not a number is not added.
    await page.fill('#point-value', '');
    const run = await page.evaluate(() => window.__playground.run);
    await clickPlane(page, -4, -4);
    await page.waitForFunction(() => /number/.test(window.__playground.io.dataMessage));
    assert.equal(await page.evaluate(() => window.__playground.run), run);
    await setPlaying(page, true);
    await page.waitForFunction(() => window.__playground.epoch >= 20);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
