// Compare mode on a table run: each card shows its run's test confusion matrix and both
// splits' figures instead of the plane; the difference editor offers the table's code
// (an encoding per column) beside loss, strategy and the rest, and its choice rebuilds
// the run with A's table coded otherwise; a link restores the comparison. And the
// lecture's table experiments as presets: each loads, trains to its own epoch limit, and
// its caption's claim holds in the page's numbers (the same claims over five seeds, at
// every epoch they name, are in tests/unit/presets-tables.test.mjs). Writes
// docs/screenshot-compare-letters.png (SSE vs cross-entropy on letters, trained).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { launch, openAt, settle, io } from './helpers.mjs';
import { PRESETS } from '../www/compare/presets.js';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const compareState = (page) => page.evaluate(() => window.__playground.compare);
const search = (page) => page.evaluate(() => location.search);

/** Waits (up to `timeout`) for `predicate(arg)` in the page; whether it held. */
async function eventually(page, predicate, arg, timeout = 20000) {
  try {
    await page.waitForFunction(predicate, arg, { timeout });
    return true;
  } catch (err) {
    if (!/Timeout/i.test(String(err?.message))) throw err;
    return false;
  }
}

/** Waits until the comparison has `count` runs built after `before` (ids by name), each drawn, with its metrics. */
async function waitForRuns(page, count, before = {}, timeout = 30000) {
  const ok = await eventually(
    page,
    ([n, was]) => {
      const c = window.__playground.compare;
      return c !== null && c.runs.length === n && c.runs.every((r) => r.run > (was[r.name] ?? 0) && r.frames >= 1 && r.config !== null && r.metrics !== null);
    },
    [count, before],
    timeout,
  );
  const c = await compareState(page);
  assert.ok(ok, `expected ${count} runs, each rebuilt and drawn: ${JSON.stringify(c?.runs.map((r) => ({ name: r.name, run: r.run, frames: r.frames, problems: r.problems })))}`);
  await settle(page);
}

const runIds = async (page) => Object.fromEntries(((await compareState(page))?.runs ?? []).map((r) => [r.name, r.run]));

/** Plays until every run stopped (each preset has an epoch limit), then waits for the final metrics. */
async function playToTheEnd(page, timeout = 40000) {
  await page.click('#play');
  const ok = await eventually(page, () => window.__playground.compare.runs.every((r) => r.stopMessage && !r.playing), undefined, timeout);
  const c = await compareState(page);
  assert.ok(ok, `every run stops at its epoch limit: ${JSON.stringify(c.runs.map((r) => [r.name, r.epoch, r.stopMessage, r.problems]))}`);
  // The metrics sent with the last frame are of the final epoch.
  const final = await eventually(page, () => window.__playground.compare.runs.every((r) => r.points.at(-1)?.trainAccuracy !== undefined || r.points.at(-1)?.trainError !== undefined));
  assert.ok(final, 'the final metrics arrived');
  return compareState(page);
}

const last = (r) => r.points.at(-1);
const satMean = (r) => {
  const ns = (r.activity ?? []).flatMap((l) => l.neurons);
  return ns.reduce((s, n) => s + n.saturated, 0) / ns.length;
};

test('compare mode on a table: confusion matrices instead of planes, the table code in the editor, a link that restores it', { timeout: 90000 }, async () => {
  const first = await openAt(env, '?table=animals&layers=0&out=softmax&loss=softmax_cross_entropy&lr=0.1&batch=full_batch');
  const page = first.page;
  let link;
  try {
    await page.click('#compare-open');
    await waitForRuns(page, 2);

    // Each card: no plane, a confusion matrix picture named with its figures, both splits' accuracy.
    const cards = await page.$$eval('#compare-runs .run-card', (els) => els.map((card) => ({
      plane: /** @type {HTMLElement} */ (card.querySelector('canvas.run-plane:not(.run-matrix)')).hidden,
      matrix: /** @type {HTMLElement} */ (card.querySelector('canvas.run-matrix')).hidden,
      label: card.querySelector('canvas.run-matrix')?.getAttribute('aria-label'),
      numbers: [...card.querySelectorAll('dt')].map((dt) => dt.textContent),
    })));
    assert.equal(cards.length, 2);
    for (const c of cards) {
      assert.equal(c.plane, true, 'the plane is hidden on a table');
      assert.equal(c.matrix, false, 'the confusion matrix is shown');
      assert.match(c.label, /test confusion matrix, 4 classes, \d+ % of the test rows on the diagonal/);
      assert.deepEqual(c.numbers, ['epoch', 'training loss', 'test loss', 'training accuracy', 'test accuracy']);
    }

    // The editor offers the table code, and not the plane's input features.
    const options = await page.$$eval('#run-card-B .diff-row select option', (els) => els.map((o) => o.textContent));
    assert.ok(options.includes('Table code'), `the editor offers the table code: ${options}`);
    assert.ok(!options.includes('Input features'), `but not the plane's input features: ${options}`);
    const before = await runIds(page);
    await page.selectOption('#run-card-B .diff-row select', 'code');
    await waitForRuns(page, 2, { B: before.B });
    let c = await compareState(page);
    const [a, b] = c.runs;
    assert.deepEqual(b.diff, { code: '{"encodings":{"size":"one_hot"}}' }, 'the first code offered: size one-hot 0/1');
    assert.deepEqual(b.config.data.table, { kind: 'animals', code: { encodings: { size: 'one_hot' } } }, 'B: A\'s table, coded otherwise');
    assert.deepEqual(a.config.data.table, { kind: 'animals', code: {} });
    assert.equal(await page.textContent('#run-card-B .run-diff'), 'size coded one-hot 0/1');
    assert.equal(b.problems, null);

    // A second difference on B: loss.
    await page.click('#run-card-B .diff-editor > button');
    await page.waitForFunction(() => window.__playground.compare.runs[1].diff && Object.keys(window.__playground.compare.runs[1].diff).length === 2);
    c = await compareState(page);
    assert.deepEqual(Object.keys(c.runs[1].diff), ['code', 'act'], 'the next setting after the code: the activation');
    await waitForRuns(page, 2);
    link = await search(page);
    assert.match(link, /[?&]B=code~/);
    assert.deepEqual(first.errors, []);
  } finally {
    await first.close();
  }

  const second = await openAt(env, link);
  try {
    const p = second.page;
    await waitForRuns(p, 2);
    const c = await compareState(p);
    assert.equal(c.runs[1].config.data.table.code.encodings.size, 'one_hot', 'the link restores B\'s code');
    assert.equal(c.runs[0].config.data.table.kind, 'animals');
    assert.equal((await io(p)).linkNotice, '', 'no link notice');
    assert.equal(await search(p), link, 'and writes the same link');
    assert.equal(await p.isHidden('#run-card-A canvas.run-matrix'), false);
    assert.deepEqual(second.errors, []);
  } finally {
    await second.close();
  }
});

/** Per preset, its caption's claim in the page's numbers at the end of its epochs. */
const CLAIMS = {
  'letters-sse-vs-cross-entropy': ([a, b]) => {
    const [ta, tb] = [a.metrics.test.accuracy, b.metrics.test.accuracy];
    console.log(`letters sse/ce in the page: test accuracy A ${ta.toFixed(3)} B ${tb.toFixed(3)}; saturated A ${satMean(a).toFixed(3)} B ${satMean(b).toFixed(3)}`);
    assert.ok(tb >= ta + 0.15, `B's test accuracy at least 15 points above A's: ${tb} vs ${ta}`);
    assert.ok(satMean(a) >= 0.9 && satMean(a) >= satMean(b) + 0.15, `A's hidden neurons saturated on almost every row, far more than B's: ${satMean(a)} vs ${satMean(b)}`);
  },
  'letters-batch': ([a, b, c]) => {
    assert.deepEqual([a, b, c].map((r) => last(r).updates / last(r).epoch), [520, 52, 1], 'updates per epoch');
    const online = a.points.find((p) => p.updates >= 5200);
    const mini = b.points.find((p) => p.updates >= 5200);
    const end = [a, b, c].map((r) => last(r).train);
    const perEpoch = [a, b, c].map((r) => last(r).compute / last(r).epoch);
    console.log(`letters batch in the page: at 5,200 updates online ${online.train.toPrecision(3)} (epoch ${online.epoch}), mini-batch ${mini.train.toPrecision(3)} (epoch ${mini.epoch}); at epoch 100 ${end.map((x) => x.toPrecision(3)).join(' / ')}; compute s per epoch ${perEpoch.map((x) => x.toPrecision(2)).join(' / ')} (under the machine's load)`);
    assert.ok(mini.train < online.train / 2, 'by updates mini-batch is well below online');
    assert.ok(end[0] < end[1] && end[1] < end[2] && end[2] > 10 * end[1], 'by epochs online falls fastest, full batch has barely moved');
    // Each run's own worker clock: only the order is asserted (load moves the ratios).
    assert.ok(perEpoch[0] > perEpoch[1] && perEpoch[0] > perEpoch[2], 'an online epoch costs more compute than a mini-batch or full-batch one');
  },
  'animals-hidden-layer': ([a, b]) => {
    assert.deepEqual([a, b].map((r) => r.metrics.train.accuracy), [1, 1], 'both classify every training animal');
    assert.ok(last(b).train < last(a).train / 3, `B's loss under a third of A's: ${last(b).train} vs ${last(a).train}`);
  },
  'animals-encoding': ([a, b]) => {
    assert.equal(b.metrics.train.accuracy, 1, 'B classifies every training animal');
    assert.ok(last(b).train < last(a).train / 3, `B's loss under a third of A's: ${last(b).train} vs ${last(a).train}`);
  },
  'weather-least-squares': ([a, b]) => {
    const solved = b.leastSquares.after.train;
    const best = Math.min(...a.points.map((p) => p.train));
    assert.ok(best >= solved * (1 - 1e-6), `A never goes below the solved loss: ${best} vs ${solved}`);
    assert.ok(Math.abs(a.metrics.test.r_squared - b.metrics.test.r_squared) <= 0.005, 'the same test R²');
  },
};

test('the lecture\'s table experiments: each preset loads, trains to its epoch limit, and its caption holds in its own numbers', { timeout: 150000 }, async () => {
  const { page, errors, close } = await openAt(env, '?table=animals');
  try {
    await page.click('#compare-open');
    await waitForRuns(page, 2);
    for (const preset of PRESETS.filter((p) => p.base.table)) {
      const what = preset.id;
      const before = await runIds(page);
      await page.selectOption('#compare-preset', preset.id);
      await waitForRuns(page, preset.runs.length + 1, before);
      assert.equal(await page.textContent('#compare-caption'), preset.caption, `${what}: the caption`);
      let c = await compareState(page);
      for (const r of c.runs) {
        assert.equal(r.problems, null, `${what}: run ${r.name} has no configuration problem`);
        assert.equal(r.config.data.table.kind, preset.base.table, `${what}: run ${r.name} is on ${preset.base.table}`);
      }
      // Every run starts from A's weights wherever a layer has the same shape (not a run
      // solved by least squares, which starts from the solution).
      const files = (await page.evaluate(() => window.__playground.exportModels())).map((t) => JSON.parse(t));
      const shape = (m) => `${m[1]}x${m[2]}`;
      for (const [i, f] of files.slice(1).entries()) {
        const name = c.runs[i + 1].name;
        if (preset.solve?.includes(name)) continue;
        const same = f.network.layers.filter((layer, l) => {
          const la = files[0].network.layers[l];
          if (!la || shape(la.weights) !== shape(layer.weights)) return false;
          assert.deepEqual(layer.weights, la.weights, `${what}: run ${name} layer ${l} starts from A's weights`);
          return true;
        });
        // Other layers or one-hot inputs (more of them) make the layers other shapes.
        if (!('code' in preset.runs[i]) && !('layers' in preset.runs[i])) assert.ok(same.length > 0, `${what}: run ${name} has layers to compare`);
      }
      c = await playToTheEnd(page);
      const limit = Number(preset.base.epochs);
      for (const r of c.runs) assert.equal(r.epoch, limit, `${what}: run ${r.name} stops at epoch ${limit}`);
      if (preset.solve?.length) {
        const said = await eventually(page, () => /Within 1 % of least squares' E = [\d.]+ by epoch [\d,]+\./.test(document.querySelector('#run-card-A .run-reached')?.textContent ?? ''));
        const text = await page.textContent('#run-card-A .run-reached');
        assert.ok(said, `${what}: A's card says by which epoch it came within 1 %: ${text}`);
        const epoch = Number(text.match(/by epoch ([\d,]+)/)[1].replace(/,/g, ''));
        assert.ok(epoch <= 150, `${what}: within 150 epochs (${epoch})`);
      }
      CLAIMS[what](c.runs);
      if (what === 'letters-sse-vs-cross-entropy') {
        await mkdir('docs', { recursive: true });
        await (await page.$('#compare')).screenshot({ path: 'docs/screenshot-compare-letters.png' });
      }
    }
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
