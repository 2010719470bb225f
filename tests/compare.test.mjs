// Compare mode: run A (the page's configuration) beside runs B, C, D, each A's
// configuration with a few differences. Every lecture preset builds runs that differ
// from A in exactly the settings it names, from the same initial weights, and they all
// train and draw on one chart; lockstep keeps the runs within a frame's worth of epochs
// (a race does not); the link carries the comparison; a diverging run pauses alone;
// leaving compare mode gives back the single run; the controls have names; the layout
// fits a small screen.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { launch, openPage, settle, config, io, openAt } from './helpers.mjs';
import { PAGE_FIELDS } from '../www/schema/page-table.js';
import { PRESETS } from '../www/compare/presets.js';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** `__playground.compare`: every run of the comparison (A first), or null. */
const compareState = (page) => page.evaluate(() => window.__playground.compare);

/** The search part of the page's address. */
const search = (page) => page.evaluate(() => location.search);

/** The top-level configuration field a link key sets (`lr` -> `learning_rate`). */
function topField(key) {
  const pf = PAGE_FIELDS.find((p) => p.key === key);
  assert.ok(pf, `${key} is a link key of page-table.js`);
  return pf.path.split('.')[0];
}

/** The top-level fields in which two configurations differ. */
function differingFields(a, b) {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}

/**
 * Waits (up to `timeout`) for `predicate(arg)` to hold in the page; returns whether it
 * did. The caller then asserts on the state, so a failure says what was wrong rather
 * than only "timeout".
 */
async function eventually(page, predicate, arg, timeout = 15000) {
  try {
    await page.waitForFunction(predicate, arg, { timeout });
    return true;
  } catch (err) {
    if (!/Timeout/i.test(String(err?.message))) throw err;
    return false;
  }
}

/** The run ids per run name now (a run rebuilt has a higher id). */
async function runIds(page) {
  const c = await compareState(page);
  return Object.fromEntries((c?.runs ?? []).map((r) => [r.name, r.run]));
}

/**
 * Waits until the comparison has `count` runs, each built after `before` (run ids per
 * name) and drawn at least once, and run A's worker is in sync.
 */
async function waitForRuns(page, count, before = {}, timeout = 20000) {
  const ok = await eventually(
    page,
    ([n, was]) => {
      const c = window.__playground.compare;
      return (
        c !== null &&
        c.runs.length === n &&
        c.runs.every((r) => r.run > (was[r.name] ?? 0) && r.frames >= 1 && r.config !== null)
      );
    },
    [count, before],
    timeout,
  );
  const c = await compareState(page);
  assert.ok(
    ok,
    `expected ${count} runs, each rebuilt and drawn; page has ${JSON.stringify(c?.runs.map((r) => ({ name: r.name, run: r.run, was: before[r.name], frames: r.frames, problems: r.problems })))}`,
  );
  await settle(page);
}

/** Opens compare mode (the button in the top bar) and waits for its first runs. */
async function openCompare(page) {
  await page.click('#compare-open');
  await waitForRuns(page, 2);
}

/** Selects a preset in #compare-preset and waits until all its runs are rebuilt. */
async function selectPreset(page, preset) {
  const before = await runIds(page);
  await page.selectOption('#compare-preset', preset.id);
  await waitForRuns(page, preset.runs.length + 1, before);
  if (preset.solve?.length) {
    const ok = await eventually(
      page,
      (names) => window.__playground.compare.runs.filter((r) => names.includes(r.name)).every((r) => r.leastSquares),
      preset.solve,
    );
    assert.ok(ok, `${preset.id}: runs ${preset.solve} are solved by least squares`);
    // Its curve starts at the solved loss, not at the loss before solving.
    const starts = await eventually(
      page,
      (names) => window.__playground.compare.runs.filter((r) => names.includes(r.name)).every((r) => r.firstLoss === r.leastSquares.after?.train),
      preset.solve,
    );
    const runs = (await compareState(page)).runs.filter((r) => preset.solve.includes(r.name));
    assert.ok(starts, `${preset.id}: the chart starts at the solved loss: ${JSON.stringify(runs.map((r) => [r.name, r.firstLoss, r.leastSquares]))}`);
  }
}

/** Clicks #play and waits until every run is playing (or stopped), or paused. */
async function playAll(page, playing) {
  const now = await page.evaluate(() => window.__playground.playing);
  if (now !== playing) await page.click('#play');
  const ok = await eventually(
    page,
    (want) => window.__playground.compare.runs.every((r) => r.playing === want || (want && r.stopMessage)),
    playing,
  );
  assert.ok(ok, `every run ${playing ? 'plays' : 'pauses'}: ${JSON.stringify((await compareState(page)).runs.map((r) => [r.name, r.playing, r.stopMessage]))}`);
  await settle(page);
}

/** Plays until every run reached `epochs` (or stopped), then pauses. */
async function playTo(page, epochs, timeout = 20000) {
  await playAll(page, true);
  const ok = await eventually(
    page,
    (n) => window.__playground.compare.runs.every((r) => r.epoch >= n || r.stopMessage),
    epochs,
    timeout,
  );
  await playAll(page, false);
  const c = await compareState(page);
  assert.ok(ok, `every run reaches epoch ${epochs} or stops: ${JSON.stringify(c.runs.map((r) => [r.name, r.epoch, r.stopMessage]))}`);
  return c;
}

/** The model files of every run (A first), parsed. */
async function models(page) {
  const texts = await page.evaluate(() => window.__playground.exportModels());
  return texts.map((t) => JSON.parse(t));
}

/** `[data, rows, cols]` -> `rows x cols`. */
const shapeOf = (m) => `${m[1]}x${m[2]}`;

test('every lecture preset builds runs that differ from A in exactly its settings, from the same weights, and they all train', { timeout: 120000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await openCompare(page);
    // The presets on tables: tests/compare-tables.test.mjs (the same checks, and their captions).
    for (const preset of PRESETS.filter((p) => !p.base.table)) {
      await selectPreset(page, preset);
      const c = await compareState(page);
      const what = preset.id;
      assert.equal(c.preset, preset.id, `${what}: the comparison is the preset`);
      assert.deepEqual(c.runs.map((r) => r.name), ['A', 'B', 'C', 'D'].slice(0, preset.runs.length + 1), `${what}: run names`);
      for (const r of c.runs) assert.equal(r.problems, null, `${what}: run ${r.name} has no configuration problem`);
      assert.equal(await page.isHidden('#config-error'), true, `${what}: no configuration error`);
      assert.equal((await io(page)).linkNotice, '', `${what}: no link notice`);
      assert.equal(await page.textContent('#compare-caption'), preset.caption, `${what}: the caption`);

      // Run A is the preset's base; each other run differs in exactly its named settings.
      const a = c.runs[0].config;
      for (const [key, text] of Object.entries(preset.base)) {
        if (key === 'data') assert.equal(a.data.task, text, `${what}: A's dataset`);
      }
      preset.runs.forEach((diff, i) => {
        const run = c.runs[i + 1];
        const expected = [...new Set(Object.keys(diff).map(topField))].sort();
        assert.deepEqual(differingFields(a, run.config), expected, `${what}: run ${run.name} differs from A in ${expected.join(', ') || 'nothing'}`);
        if (preset.solve?.includes(run.name)) {
          assert.ok(run.leastSquares?.after, `${what}: run ${run.name} is solved (${JSON.stringify(run.leastSquares)})`);
        }
      });

      // The same initial weights wherever a layer has the same shape (before playing).
      // A run solved by least squares has the solution's weights instead.
      const files = await models(page);
      assert.equal(files.length, c.runs.length, `${what}: one model file per run`);
      const [fa, ...others] = files;
      for (const [i, f] of others.entries()) {
        const name = c.runs[i + 1].name;
        assert.equal(f.epoch, 0, `${what}: run ${name} is untrained`);
        if (preset.solve?.includes(name)) continue;
        let compared = 0;
        f.network.layers.forEach((layer, l) => {
          const la = fa.network.layers[l];
          if (!la || shapeOf(la.weights) !== shapeOf(layer.weights)) return;
          assert.deepEqual(layer.weights, la.weights, `${what}: run ${name} layer ${l} starts from A's weights`);
          assert.deepEqual(layer.bias, la.bias, `${what}: run ${name} layer ${l} starts from A's biases`);
          compared += 1;
        });
        assert.ok(compared > 0, `${what}: run ${name} has layers to compare`);
      }

      // All runs train and the chart shows a curve pair per run.
      const played = await playTo(page, 20);
      if (preset.solve?.length) {
        const said = await eventually(page, () => /(Within|Not yet within) 1 % of least squares' E = /.test(document.querySelector('#run-card-A .run-reached')?.textContent ?? ''));
        assert.ok(said, `${what}: A's card says whether gradient descent has reached the solved loss: ${await page.textContent('#run-card-A')}`);
      }
      for (const r of played.runs) {
        assert.ok(r.epoch > 0 || r.stopMessage, `${what}: run ${r.name} trained (epoch ${r.epoch}, ${r.stopMessage})`);
        assert.ok(r.history >= 2 || r.stopMessage, `${what}: run ${r.name} has a loss history (${r.history})`);
      }
      const drawn = await eventually(page, () => {
        const cc = window.__playground.compare;
        return cc.chart.length === cc.runs.length && cc.chart.every((s) => s.points >= 2);
      });
      const chart = (await compareState(page)).chart;
      assert.ok(drawn, `${what}: one curve pair per run with 2+ points: ${JSON.stringify(chart)}`);
      assert.deepEqual(chart.map((s) => s.name), played.runs.map((r) => r.name), `${what}: the chart's runs`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('lockstep keeps the runs within a frame of each other; a race lets them go', { timeout: 90000 }, async () => {
  const preset = PRESETS.find((p) => p.id === 'activations');
  assert.equal(preset.runs.length, 2, 'a preset with 3 runs');
  const { page, errors, close } = await openPage(env);
  try {
    await openCompare(page);
    await selectPreset(page, preset);
    assert.equal(await page.inputValue('#speed'), '10');
    // Every animation frame, the largest gap between the epochs of the runs, counted
    // only while all three are there and training: the frames seen and the slowest
    // run's epoch at the first and last of them say the gap was measured, not assumed.
    await page.evaluate(() => {
      const l = (window.__lockstep = { gap: 0, moving: 0, first: null, last: null });
      let previous = null;
      const look = () => {
        const runs = window.__playground.compare?.runs ?? [];
        if (runs.length === 3 && runs.every((r) => !r.stopMessage)) {
          const epochs = runs.map((r) => r.epoch);
          const slowest = Math.min(...epochs);
          const key = epochs.join();
          if (previous !== null && key !== previous) {
            l.moving += 1; // a frame in which the runs had trained since the last one
            l.gap = Math.max(l.gap, Math.max(...epochs) - slowest);
            l.last = slowest;
          }
          if (previous === null) l.first = slowest;
          previous = key;
        }
        requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
    const played = await playTo(page, 300, 30000);
    const { gap, moving, first, last } = await page.evaluate(() => window.__lockstep);
    const epochs = played.runs.map((r) => r.epoch);
    assert.ok(played.runs.every((r) => !r.stopMessage), 'no run stopped');
    assert.ok(moving >= 10 && last - first >= 250, `the gap was measured over the run: ${moving} frames of training seen, the slowest run from epoch ${first} to ${last}`);
    assert.ok(gap <= 20, `in lockstep the runs' epochs stay within one frame's worth (<= 20) while playing; largest gap ${gap}`);
    assert.ok(Math.max(...epochs) - Math.min(...epochs) <= 20, `and after pausing: ${epochs}`);

    // A race: each run as fast as it can (no claim on which is faster).
    await page.check('#compare-race');
    const raced = await eventually(page, () => window.__playground.compare.race === true && /race=1/.test(location.search));
    assert.ok(raced, `race is on and in the link: ${await search(page)}`);
    const before = Object.fromEntries((await compareState(page)).runs.map((r) => [r.name, r.epoch]));
    const after = await playTo(page, Math.max(...Object.values(before)) + 100, 30000);
    for (const r of after.runs) assert.ok(r.epoch > before[r.name], `run ${r.name} trains in the race (${before[r.name]} -> ${r.epoch})`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a run added while the comparison plays joins it, and lockstep lets the others wait for it', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await openCompare(page);
    await playAll(page, true);
    const going = await eventually(page, () => window.__playground.compare.runs.every((r) => r.epoch >= 100));
    assert.ok(going, `A and B train: ${JSON.stringify((await compareState(page)).runs.map((r) => [r.name, r.epoch]))}`);
    await page.click('#compare-add');
    // Built after play was pressed, run C plays too, and in lockstep A and B go on only
    // with it: all three pass epoch 300 (without C playing, A and B would wait at C's 0).
    const joined = await eventually(
      page,
      () => {
        const runs = window.__playground.compare.runs;
        return runs.length === 3 && runs.every((r) => r.playing && r.epoch >= 300);
      },
      undefined,
      30000,
    );
    assert.ok(joined, `run C plays and all three train on: ${JSON.stringify((await compareState(page)).runs.map((r) => [r.name, r.playing, r.epoch]))}`);
    await playAll(page, false);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('seconds are each run\'s own compute (online costs more per epoch than full batch, in lockstep too); the chart draws a common measure on a log axis', { timeout: 90000 }, async () => {
  const { page, errors, close } = await openAt(env, '?data=circle&layers=4,2&batch=online&lr=0.03&B=batch~full_batch');
  try {
    await waitForRuns(page, 2);
    const played = await playTo(page, 300, 40000);
    const [a, b] = played.runs;
    const perEpoch = (/** @type {any} */ r) => r.seconds / r.epoch;
    console.log(`seconds in lockstep: A (online) ${a.seconds.toFixed(3)} s for ${a.epoch} epochs, B (full batch) ${b.seconds.toFixed(3)} s for ${b.epoch} epochs`);
    assert.ok(a.seconds > 0 && b.seconds > 0, `both runs count training time: ${a.seconds}, ${b.seconds}`);
    // Lockstep paces both by the frame; each run's seconds still come from its own worker's clock: 250 updates an epoch cost online more than one costs full batch
    // (several times more on a quiet machine; only the order is asserted, since the machine's load moves the ratio).
    assert.ok(perEpoch(a) > perEpoch(b), `online's seconds per epoch (${perEpoch(a)}) over full batch's (${perEpoch(b)})`);

    await page.selectOption('#compare-measure', 'error');
    await page.check('#compare-logx');
    await page.selectOption('#compare-axis', 'updates');
    const written = await eventually(page, () => /[?&]measure=error(&|$)/.test(location.search) && /[?&]logx=1(&|$)/.test(location.search));
    assert.ok(written, `the measure and the log axis are in the link: ${await search(page)}`);
    const drawn = await eventually(page, () => {
      const c = window.__playground.compare;
      return c.measure === 'error' && c.logX === true && c.chart.length === 2 && c.chart.every((r) => r.shown >= 2);
    });
    assert.ok(drawn, `each run's mean squared error is drawn: ${JSON.stringify((await compareState(page)).chart)}`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('the link restores the comparison; a tampered one says which run it dropped', { timeout: 90000 }, async () => {
  const preset = PRESETS.find((p) => p.id === 'optimizers');
  const first = await openPage(env);
  try {
    const page = first.page;
    await openCompare(page);
    await selectPreset(page, preset);
    await page.selectOption('#compare-axis', 'updates');
    await page.check('#compare-race');
    const written = await eventually(page, () => /[?&]axis=updates(&|$)/.test(location.search) && /[?&]race=1(&|$)/.test(location.search));
    const link = await search(page);
    assert.ok(written, `the axis and the race are in the link: ${link}`);
    assert.match(link, /[?&]B=[^&]+/);
    assert.match(link, /[?&]C=[^&]+/);
    assert.doesNotMatch(link, /[?&]D=/);
    const c1 = await compareState(page);
    const diffs1 = await page.$$eval('#compare-runs .run-diff', (els) => els.map((e) => e.textContent));

    const second = await openAt(env, link);
    try {
      const p = second.page;
      await waitForRuns(p, 3);
      const c2 = await compareState(p);
      assert.deepEqual(c2.runs.map((r) => r.name), c1.runs.map((r) => r.name), 'the same runs');
      assert.equal(c2.race, true, 'the race');
      assert.equal(c2.axis, 'updates', 'the axis');
      assert.equal(await p.inputValue('#compare-axis'), 'updates');
      assert.equal(await p.isChecked('#compare-race'), true);
      c2.runs.forEach((r, i) => assert.deepEqual(r.config, c1.runs[i].config, `run ${r.name}: the same configuration`));
      assert.deepEqual(await p.$$eval('#compare-runs .run-diff', (els) => els.map((e) => e.textContent)), diffs1, 'the same differences on the cards');
      assert.equal((await io(p)).linkNotice, '', 'no link notice');
      assert.equal(await search(p), link, 'and writes the same link');
      assert.deepEqual(second.errors, []);
    } finally {
      await second.close();
    }
    assert.deepEqual(first.errors, []);
  } finally {
    await first.close();
  }

  // A run the page cannot read is dropped and named; the next run moves up to B.
  const tampered = await openAt(env, '?B=loss~nonsense&C=lr~0.3');
  try {
    const p = tampered.page;
    await waitForRuns(p, 2);
    const notice = (await io(p)).linkNotice;
    assert.match(notice, /invalid/);
    assert.match(notice, /\bB\b/, `the notice names B: ${notice}`);
    assert.doesNotMatch(notice, /\bC\b/, `but not C: ${notice}`);
    const c = await compareState(p);
    assert.deepEqual(c.runs.map((r) => r.name), ['A', 'B']);
    const [a, b] = c.runs;
    assert.equal(b.config.learning_rate, 0.3, "C's difference is kept, as run B");
    assert.deepEqual(differingFields(a.config, b.config), ['learning_rate']);
    const query = await search(p);
    assert.match(query, /[?&]B=lr~0\.3(&|$)/);
    assert.doesNotMatch(query, /nonsense|[?&]C=/);
    assert.deepEqual(tampered.errors, []);
  } finally {
    await tampered.close();
  }
});

test('a diverging run pauses alone while A keeps training', { timeout: 60000 }, async () => {
  // SSE sums over the 250 training points: at A's lr 0.001 it trains, at B's 10 it blows
  // up within a few epochs (at the default lr 0.03 A diverges too).
  const { page, errors, close } = await openAt(env, '?data=plane&layers=8,8&act=relu&loss=sse&lr=0.001&batch=full_batch&B=lr~10');
  try {
    await waitForRuns(page, 2);
    const c = await compareState(page);
    assert.equal(await page.evaluate(() => window.__playground.classes), 0, 'a regression task (no classes)');
    assert.deepEqual(differingFields(c.runs[0].config, c.runs[1].config), ['learning_rate']);
    await page.click('#play');
    const stopped = await eventually(page, () => window.__playground.compare.runs[1].stopMessage !== null);
    let now = await compareState(page);
    assert.ok(stopped, `B stops: ${JSON.stringify(now.runs.map((r) => [r.name, r.epoch, r.trainLoss]))}`);
    const [a, b] = now.runs;
    assert.match(b.stopMessage, /diverged/i);
    assert.equal(b.playing, false, 'B is paused');
    assert.equal(a.stopMessage, null, 'A has not stopped');
    const grows = await eventually(page, (e) => {
      const [ra] = window.__playground.compare.runs;
      return ra.epoch >= e + 100 && ra.playing;
    }, a.epoch);
    now = await compareState(page);
    assert.ok(grows, `A keeps training after B stopped: ${a.epoch} -> ${now.runs[0].epoch}`);
    assert.equal(now.runs[0].playing, true, 'A still plays');
    assert.ok(Number.isFinite(now.runs[0].trainLoss), `A's loss is finite: ${now.runs[0].trainLoss}`);
    assert.equal(now.runs[1].epoch, b.epoch, 'B stays where it stopped');
    assert.match(await page.textContent('#run-card-B .run-status'), /diverged/i, "B's card says why");
    assert.equal(await page.getAttribute('#run-card-B .run-status', 'data-state'), 'stopped');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

/** The accessible name of an element, as far as labels go (aria-labelledby, aria-label, <label>, a button's text). */
function accessibleNames(page, selector) {
  return page.$$eval(selector, (els) =>
    els.map((el) => {
      const byIds = (el.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean).map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
      const labels = [...(el.labels ?? [])].map((l) => l.textContent).join(' ');
      const own = el.tagName === 'BUTTON' ? el.textContent : '';
      const name = (byIds || el.getAttribute('aria-label') || labels || own || '').trim();
      return { what: el.id ? `#${el.id}` : `${el.tagName.toLowerCase()} in ${el.closest('[id]')?.id}`, name, role: el.getAttribute('role') };
    }),
  );
}

test('leaving compare mode gives back the single run, the keyboard still plays, and every compare control has a name', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openPage(env);
  try {
    await openCompare(page);
    await selectPreset(page, PRESETS.find((p) => p.id === 'online-vs-batch'));

    // Every control of compare mode has a name; the planes are images with a label.
    for (const sel of ['#compare-open', '#compare-preset', '#compare-measure', '#compare-axis', '#compare-logx', '#compare-race', '#compare-add', '#compare-leave']) {
      const [{ name }] = await accessibleNames(page, sel);
      assert.ok(name, `${sel} has an accessible name`);
    }
    const editor = await accessibleNames(page, '#compare-runs select, #compare-runs input, #compare-runs button');
    assert.ok(editor.filter((e) => e.what.startsWith('select')).length >= 2, 'the difference editors have selects');
    assert.ok(editor.filter((e) => e.what.startsWith('input')).length >= 2, 'and inputs');
    for (const e of editor) assert.ok(e.name, `${e.what} has an accessible name`);
    const planes = await accessibleNames(page, '#compare-runs canvas');
    assert.equal(planes.length, 3, 'a plane per run');
    for (const p of [...planes, ...(await accessibleNames(page, '#compare-chart'))]) {
      assert.equal(p.role, 'img', `${p.what} is an image`);
      assert.ok(p.name, `${p.what} has a label`);
    }

    const a = await config(page);
    const run = await page.evaluate(() => window.__playground.run);
    assert.match(await search(page), /[?&]B=/);
    await page.click('#compare-leave');
    const left = await eventually(page, () => window.__playground.compare === null && !/[?&](B|C|race|axis)=/.test(location.search));
    assert.ok(left, `compare mode is off and the link has no comparison: ${await search(page)}`);
    assert.equal(await page.isHidden('#compare'), true, 'the compare section is hidden');
    assert.equal(await page.getAttribute('#compare-open', 'aria-pressed'), 'false');
    assert.deepEqual(await config(page), a, "A's settings are kept");
    assert.equal(await page.evaluate(() => window.__playground.run), run, 'A is not rebuilt');
    assert.equal((await page.evaluate(() => window.__playground.exportModels())).length, 1, 'one run left');

    // The keyboard acts on the single run.
    const epoch = await page.evaluate(() => window.__playground.epoch);
    await page.keyboard.press(' ');
    const playing = await eventually(page, (e) => window.__playground.playing && window.__playground.epoch > e + 10, epoch);
    assert.ok(playing, `space plays (playing ${await page.evaluate(() => window.__playground.playing)}, active element ${await page.evaluate(() => document.activeElement?.tagName)})`);
    await page.keyboard.press(' ');
    const paused = await eventually(page, () => !window.__playground.playing && window.__playground.synced);
    assert.ok(paused, 'space pauses');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('compare mode fits a 1280x720 screen; screenshot of online vs mini-batch vs full batch', { timeout: 60000 }, async () => {
  const small = await openPage(env, { width: 1280, height: 720 });
  try {
    const page = small.page;
    await openCompare(page);
    await selectPreset(page, PRESETS.find((p) => p.id === 'activations'));
    const layout = await page.evaluate(() => {
      const doc = document.documentElement;
      const box = (el) => {
        const r = el.getBoundingClientRect();
        return { what: el.id || el.getAttribute('aria-label'), left: r.left + scrollX, right: r.right + scrollX, top: r.top + scrollY, bottom: r.bottom + scrollY, width: r.width, height: r.height };
      };
      return {
        scrollWidth: doc.scrollWidth,
        clientWidth: doc.clientWidth,
        scrollHeight: doc.scrollHeight,
        boxes: [document.getElementById('compare-chart'), ...document.querySelectorAll('#compare-runs canvas')].map(box),
      };
    });
    assert.ok(layout.scrollWidth <= 1280, `no horizontal overflow: scrollWidth ${layout.scrollWidth}`);
    assert.equal(layout.boxes.length, 4, 'the chart and three planes');
    for (const b of layout.boxes) {
      assert.ok(b.width > 50 && b.height > 50, `${b.what} is drawn big enough: ${b.width}x${b.height}`);
      assert.ok(b.left >= 0 && b.right <= layout.clientWidth, `${b.what} is within the width: ${b.left}..${b.right} of ${layout.clientWidth}`);
      assert.ok(b.top >= 0 && b.bottom <= layout.scrollHeight, `${b.what} is reachable by scrolling: ${b.top}..${b.bottom} of ${layout.scrollHeight}`);
    }
    assert.deepEqual(small.errors, []);
  } finally {
    await small.close();
  }

  const { page, errors, close } = await openPage(env, { width: 1400, height: 900 });
  try {
    await openCompare(page);
    await selectPreset(page, PRESETS.find((p) => p.id === 'online-vs-batch'));
    await playTo(page, 300, 30000);
    await page.waitForFunction(() => window.__playground.compare.chart.every((s) => s.points >= 2));
    await mkdir('docs', { recursive: true });
    await page.screenshot({ path: 'docs/screenshot-compare.png' });
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('"Add a run" twice gives four different runs whose cards share one row at 1280x720 and 1024x768, every difference readable whole', { timeout: 90000 }, async () => {
  for (const viewport of [{ width: 1280, height: 720 }, { width: 1024, height: 768 }]) {
    const { page, errors, close } = await openPage(env, viewport);
    try {
      await openCompare(page);
      for (const count of [3, 4]) {
        await page.click('#compare-add');
        await waitForRuns(page, count);
      }
      const configs = (await compareState(page)).runs.map((r) => JSON.stringify(r.config));
      assert.equal(new Set(configs).size, 4, `four different runs: ${configs.join('\n')}`);
      const layout = await page.evaluate(() => ({
        clientWidth: document.documentElement.clientWidth,
        cards: [...document.querySelectorAll('#compare-runs .run-card')].map((card) => {
          const r = card.getBoundingClientRect();
          return { name: card.id, top: Math.round(r.top), left: r.left, right: r.right };
        }),
        // Text that does not fit its box: a value field scrolled or a card's heading cut.
        cut: [...document.querySelectorAll('#compare-runs .diff-row input, #compare-runs .run-diff')]
          .filter((el) => el.scrollWidth > el.clientWidth + 1)
          .map((el) => `${el.closest('.run-card')?.id}: "${el instanceof HTMLInputElement ? el.value : el.textContent}" ${el.scrollWidth} > ${el.clientWidth}`),
      }));
      const what = `${viewport.width}x${viewport.height}`;
      assert.equal(layout.cards.length, 4, `${what}: four cards`);
      assert.equal(new Set(layout.cards.map((c) => c.top)).size, 1, `${what}: the cards share one row: ${JSON.stringify(layout.cards)}`);
      for (const c of layout.cards) assert.ok(c.left >= 0 && c.right <= layout.clientWidth, `${what}: ${c.name} within the width: ${c.left}..${c.right}`);
      assert.deepEqual(layout.cut, [], `${what}: every difference is readable whole`);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  }
});
