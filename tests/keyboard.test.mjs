// The page from the keyboard alone: Tab reaches the main controls, the play button, the
// output plane and the diagram, each with a visible focus ring; on the plane a cursor
// moves with the arrow keys, Enter adds a point of the class picked where the cursor is
// and Delete removes it; in the diagram the arrow keys and [ ] select a weight, Enter
// edits it, Enter applies and Escape cancels. Nothing here uses the mouse.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openAt, settle, io, config, state } from './helpers.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** Presses Tab until `#id` has the focus (at most `limit` times); returns the ids passed. */
async function tabTo(page, id, limit = 120) {
  const passed = [];
  for (let n = 0; n < limit; n++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
    passed.push(at);
    if (at === id) return passed;
  }
  throw new Error(`Tab never reached #${id}; it passed ${passed.join(', ')}`);
}

/** The focused element's focus ring: whether it is :focus-visible, its outline, and the outline's contrast on white. */
function focusRing(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const [r, g, b] = style.outlineColor.match(/[\d.]+/g).map(Number);
    const lin = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    const lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    return {
      id: el.id,
      visible: el.matches(':focus-visible'),
      style: style.outlineStyle,
      width: parseFloat(style.outlineWidth),
      contrast: 1.05 / (lum + 0.05),
    };
  });
}

/** Asserts the focused element shows a solid ring at least 2 px wide, 3:1 or more on white. */
async function assertRing(page, id) {
  const ring = await focusRing(page);
  assert.equal(ring.id, id);
  assert.equal(ring.visible, true, `#${id} is :focus-visible`);
  assert.equal(ring.style, 'solid', `#${id} has an outline`);
  assert.ok(ring.width >= 2, `#${id}'s outline is ${ring.width}px wide`);
  assert.ok(ring.contrast >= 3, `#${id}'s outline has contrast ${ring.contrast.toFixed(2)} on white`);
}

test('Tab reaches the main controls and the play button, each with a visible focus ring', { timeout: 90000 }, async () => {
  const { page, errors, close } = await openAt(env, '?data=xor');
  try {
    const passed = await tabTo(page, 'play');
    await assertRing(page, 'play');
    assert.ok(passed.length <= 4, `play is among the first stops: ${passed.join(', ')}`);
    // Space on the focused play button plays, and again pauses.
    await page.keyboard.press('Space');
    await page.waitForFunction(() => window.__playground.playing && window.__playground.epoch > 0);
    await page.keyboard.press('Space');
    await page.waitForFunction(() => !window.__playground.playing);
    await settle(page);
    // Pausing is said once, with the numbers; the numbers themselves are named, not live.
    const epoch = (await state(page)).epoch;
    assert.ok(epoch > 0);
    await page.waitForFunction(() => document.getElementById('run-summary').textContent !== '');
    assert.match(await page.textContent('#run-summary'), new RegExp(`^At epoch ${epoch.toLocaleString('en-US')}: training loss \\d`));
    assert.equal(await page.getAttribute('#run-summary', 'aria-live'), 'polite');
    assert.equal(await page.textContent('#status'), 'Paused.', 'the status line (a live region too) says that it paused');
    for (const [id, name] of [['epoch', 'Epoch'], ['train-loss', 'Training loss'], ['test-loss', 'Test loss'], ['train-metric', 'Training accuracy'], ['test-metric', 'Test accuracy']]) {
      assert.equal(await page.getByLabel(name, { exact: true }).getAttribute('id'), id, `#${id} is named "${name}"`);
      assert.equal(await page.getAttribute(`#${id}`, 'aria-live'), 'off', `#${id} is not announced as it changes`);
    }

    const rest = await tabTo(page, 'network-canvas');
    await assertRing(page, 'network-canvas');
    const more = await tabTo(page, 'plane-overlay');
    await assertRing(page, 'plane-overlay');
    const all = [...passed, ...rest, ...more];
    for (const id of ['reset', 'step', 'speed', 'more-toggle', 'compare-open', 'large-text', 'add-layer', 'remove-layer', 'show-test']) {
      const seen = all.includes(id) || (await tabTo(page, id).then(() => true, () => false));
      assert.ok(seen, `Tab reaches #${id}`);
    }
    await tabTo(page, 'more-toggle');
    await assertRing(page, 'more-toggle');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#more-settings:not([hidden])');
    assert.equal(await page.getAttribute('#more-toggle', 'aria-expanded'), 'true');
    console.log(`Tab stops before play: ${passed.length}; to the diagram: ${passed.length + rest.length}; to the plane: ${passed.length + rest.length + more.length}`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('the plane from the keyboard: the cursor moves, Enter adds a point there, Delete removes it', { timeout: 90000 }, async () => {
  const { page, errors, close } = await openAt(env, '?data=xor');
  try {
    const start = await io(page);
    assert.equal(start.custom, false);
    await tabTo(page, 'plane-overlay');
    assert.equal(await page.textContent('#plane-live'), 'Cursor at x1 0.00, x2 0.00.');

    // Four steps right (0.25 each), one big step up (Shift: 1), two steps down.
    for (let n = 0; n < 4; n++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowUp');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.deepEqual((await io(page)).cursor, { x1: 1, x2: 0.5 });
    assert.equal(await page.textContent('#plane-live'), 'Cursor at x1 1.00, x2 0.50.');
    assert.equal((await state(page)).epoch, 0, 'the arrows on the plane do not train');

    // Class 0, then Enter: the data become yours with one point more, at the cursor.
    await page.keyboard.press('0');
    assert.equal(await page.isChecked('#point-class-0'), true);
    const run = (await state(page)).run;
    await page.keyboard.press('Enter');
    await page.waitForFunction((r) => window.__playground.run > r && window.__playground.io.pointCount > 0, run);
    await settle(page);
    const added = await io(page);
    assert.equal(added.custom, true);
    assert.equal(added.customCount, start.pointCount + 1);
    assert.equal(added.pointCount, start.pointCount + 1, 'the run has one point more');
    const atCursor = (c) => c.data.samples.filter((p) => p.x1 === 1 && p.x2 === 0.5 && p.target === 0).length;
    const before = atCursor(await config(page));
    assert.ok(before >= 1, 'a point of class 0 at (1, 0.5)');
    assert.match(await page.textContent('#plane-live'), new RegExp(`^Added a point of class 0 at x1 1\\.00, x2 0\\.50: ${start.pointCount + 1} points\\.$`));

    // Delete removes the nearest point: the one just added.
    const run2 = (await state(page)).run;
    await page.keyboard.press('Delete');
    await page.waitForFunction((r) => window.__playground.run > r, run2);
    await settle(page);
    const removed = await io(page);
    assert.equal(removed.customCount, start.pointCount);
    assert.equal(removed.pointCount, start.pointCount);
    assert.equal(atCursor(await config(page)), before - 1, 'the point at the cursor is gone');
    assert.match(await page.textContent('#plane-live'), /^Removed the point of class 0 at x1 1\.00, x2 0\.50/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'plane-overlay', 'the plane keeps the focus');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

/** The weight from input 0 to neuron 0 of the first hidden layer in the run's model file (index 0 in either matrix order). */
async function firstWeight(page) {
  const [text] = await page.evaluate(() => window.__playground.exportModels());
  return JSON.parse(text).network.layers[0].weights[0][0];
}

test('a weight edited from the keyboard: select it, Enter, type, Enter; Escape cancels', { timeout: 90000 }, async () => {
  const { page, errors, close } = await openAt(env, '?data=xor');
  try {
    await tabTo(page, 'network-canvas');
    await page.waitForSelector('#diagram-tip:not([hidden])');
    assert.match(await page.textContent('#diagram-tip'), /^Bias of neuron 1 of hidden layer 1: -?\d/);

    // Right goes to the next layer, left back; ] picks the link from the first input.
    await page.keyboard.press('ArrowRight');
    assert.match(await page.textContent('#diagram-tip'), /^Bias of neuron 1 of hidden layer 2/);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press(']');
    assert.match(await page.textContent('#diagram-tip'), /^Weight from x1 to neuron 1 of hidden layer 1: -?\d/);
    assert.equal(await page.textContent('#diagram-live'), await page.textContent('#diagram-tip'));
    assert.equal((await state(page)).epoch, 0, 'the arrows on the diagram do not train');
    const old = await firstWeight(page);

    await page.keyboard.press('Enter');
    await page.waitForSelector('#weight-editor:not([hidden])');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'weight-value');
    assert.equal(await page.textContent('#weight-label'), 'Weight from x1 to neuron 1 of hidden layer 1');
    await page.keyboard.type('0.75');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.__playground.io.weightEdits === 1);
    assert.equal(await page.isHidden('#weight-editor'), true);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'network-canvas', 'the focus is back on the diagram');
    await page.waitForFunction(() => /: 0\.7500$/.test(document.getElementById('diagram-tip').textContent));
    assert.equal(await firstWeight(page), 0.75, `the run's weight is 0.75 (was ${old})`);
    assert.equal(await page.textContent('#diagram-live'), 'Weight from x1 to neuron 1 of hidden layer 1 set to 0.7500.');

    // Escape cancels: nothing changes and the focus comes back.
    await page.keyboard.press('Enter');
    await page.waitForSelector('#weight-editor:not([hidden])');
    await page.keyboard.type('9');
    await page.keyboard.press('Escape');
    assert.equal(await page.isHidden('#weight-editor'), true);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'network-canvas');
    await settle(page);
    assert.equal((await io(page)).weightEdits, 1);
    assert.equal(await firstWeight(page), 0.75);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a run that stops says why and where, once', { timeout: 90000 }, async () => {
  const { page, errors, close } = await openAt(env, '?data=xor&epochs=30&speed=1');
  try {
    await tabTo(page, 'play');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => window.__playground.stopMessage !== null);
    await settle(page);
    assert.equal(await page.getAttribute('#status', 'data-state'), 'stopped');
    assert.match(await page.textContent('#status'), /30 epochs/);
    assert.match(await page.textContent('#run-summary'), /^At epoch 30: training loss \d\.\d+, test loss \d\.\d+\.$/);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
