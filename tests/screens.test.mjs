// Any screen (issue 13): on a 1280 x 720 projector with large text, on laptops, on a full
// HD screen and on tablets (768 x 1024 and 1024 x 768), the output plane, the loss chart and
// the play button are on the first screen without scrolling; on a 390 x 844 phone the plane comes near the top, under the run bar;
// nothing overflows sideways. Prints each position, and writes the projector and phone
// screenshots the README shows (docs/screenshot-projector.png, docs/screenshot-phone.png).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { launch, openAt, setPlaying } from './helpers.mjs';

let env;
before(async () => {
  env = await launch();
});
after(() => env?.close());

/** Where the plane, the loss chart and the play button are, at the top of the page. */
function layout(page) {
  return page.evaluate(() => {
    const box = (sel) => {
      const r = document.querySelector(sel).getBoundingClientRect();
      return { top: Math.round(r.top), bottom: Math.round(r.bottom), left: Math.round(r.left), right: Math.round(r.right), height: Math.round(r.height) };
    };
    const doc = document.documentElement;
    return {
      scrollY: window.scrollY,
      largeText: doc.classList.contains('large-text'),
      scrollWidth: doc.scrollWidth,
      clientWidth: doc.clientWidth,
      plane: box('#output-canvas'),
      chart: box('#loss-chart'),
      play: box('#play'),
    };
  });
}

const show = (b) => `${b.top}..${b.bottom} x ${b.left}..${b.right}`;

/** Trains the spiral for a while so a screenshot shows a boundary and a loss curve. */
async function trainForShot(page, epochs) {
  await page.selectOption('#speed', '20');
  await setPlaying(page, true);
  await page.waitForFunction((n) => window.__playground.epoch >= n, epochs, { timeout: 60000 });
  await setPlaying(page, false);
}

const SCREENS = [
  { name: 'projector 1280x720, large text', width: 1280, height: 720, big: true, shot: 'docs/screenshot-projector.png' },
  { name: 'projector 1280x720', width: 1280, height: 720 },
  { name: 'laptop 1366x768', width: 1366, height: 768 },
  { name: 'full HD 1920x1080', width: 1920, height: 1080 },
  { name: 'tablet portrait 768x1024', width: 768, height: 1024 },
  { name: 'tablet landscape 1024x768', width: 1024, height: 768 },
];

for (const screen of SCREENS) {
  test(`${screen.name}: plane, loss chart and play button on the first screen`, { timeout: 90000 }, async () => {
    const { page, errors, close } = await openAt(env, `?data=spiral${screen.big ? '&big=1' : ''}`, { width: screen.width, height: screen.height });
    try {
      const at = await layout(page);
      console.log(`${screen.name}: plane ${show(at.plane)}, loss chart ${show(at.chart)}, play ${show(at.play)}, page width ${at.scrollWidth}`);
      assert.equal(at.largeText, Boolean(screen.big), 'large text as asked');
      assert.equal(at.scrollY, 0);
      for (const what of ['plane', 'chart', 'play']) {
        const b = at[what];
        assert.ok(b.height > 40, `${what} is drawn: ${b.height} px high`);
        assert.ok(b.top >= 0 && b.bottom <= screen.height && b.left >= 0 && b.right <= screen.width, `${what} within ${screen.width}x${screen.height}: ${show(b)}`);
      }
      assert.ok(at.plane.height >= 240, `the plane is big enough to read: ${at.plane.height} px`);
      assert.ok(at.scrollWidth <= at.clientWidth, `no horizontal scroll: ${at.scrollWidth} > ${at.clientWidth}`);
      if (screen.shot) {
        await trainForShot(page, 300);
        await mkdir('docs', { recursive: true });
        await page.screenshot({ path: screen.shot });
      }
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
}

test('phone 390x844: the plane right under a compact run bar, play visible, nothing sideways', { timeout: 90000 }, async () => {
  for (const big of [false, true]) {
    const { page, errors, close } = await openAt(env, `?data=spiral${big ? '&big=1' : ''}`, { width: 390, height: 844 });
    try {
      const at = await layout(page);
      console.log(`phone 390x844${big ? ', large text' : ''}: plane ${show(at.plane)}, loss chart ${show(at.chart)}, play ${show(at.play)}, page width ${at.scrollWidth}`);
      assert.equal(at.largeText, big);
      assert.ok(at.plane.top >= 0 && at.plane.top < 844 - at.plane.height / 2, `most of the plane is on the first screen: top ${at.plane.top}, height ${at.plane.height}`);
      assert.ok(at.plane.left >= 0 && at.plane.right <= 390, `the plane fits the width: ${show(at.plane)}`);
      assert.ok(at.play.top >= 0 && at.play.bottom <= 844 && at.play.right <= 390, `play is visible: ${show(at.play)}`);
      assert.ok(at.scrollWidth <= at.clientWidth, `no horizontal scroll: ${at.scrollWidth} > ${at.clientWidth}`);
      // Every control is still there to reach by scrolling (none hidden by the phone layout).
      const unreachable = await page.evaluate(() => [...document.querySelectorAll('button, select, input:not([type="file"]), summary')]
        .filter((el) => !el.closest('[hidden], details:not([open]) > :not(summary)') && el.getClientRects().length === 0)
        .map((el) => el.id || el.textContent.trim()));
      assert.deepEqual(unreachable, [], 'every visible control of the wide layout is laid out on the phone');
      if (!big) {
        await trainForShot(page, 300);
        await page.screenshot({ path: 'docs/screenshot-phone.png' });
      }
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  }
});

test('projector 1280x720, large text, digits: the data view, the results and the weight views stay within the width', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openAt(env, '?table=digits&big=1', { width: 1280, height: 720 });
  try {
    await page.evaluate(() => ['w-panel', 'templates-panel', 'pad-panel'].forEach((id) => { document.getElementById(id).open = true; }));
    await setPlaying(page, true);
    await page.waitForFunction(() => window.__playground.epoch >= 3);
    await setPlaying(page, false);
    // The results' confusion matrix of ten classes is the widest part.
    await page.waitForSelector('#results-matrix table.confusion');
    const at = await layout(page);
    console.log(`projector 1280x720, large text, digits: page width ${at.scrollWidth}`);
    assert.equal(at.largeText, true);
    assert.ok(at.scrollWidth <= at.clientWidth, `no horizontal scroll: ${at.scrollWidth} > ${at.clientWidth}`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
