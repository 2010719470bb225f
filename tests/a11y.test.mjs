// The accessibility audit: axe-core (the npm registry's accessibility engine) checks the
// real page in each main state (a single run, large text, the weight editor open, "More
// settings" open, the share panel open, the panels inside the network open, a table
// run, the weight views on digits, a challenge under way, compare mode) and finds nothing
// serious or critical. Each state's count of findings (every impact) is printed.
//
// axe is evaluated in the page through the DevTools protocol (page.evaluate of the
// file's text), which no Content-Security-Policy of the page can forbid.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { launch, openAt, settle } from './helpers.mjs';

const require = createRequire(import.meta.url);
const AXE = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/**
 * Runs axe over the whole page (WCAG 2.x A and AA rules and axe's best practices) and
 * returns its violations as {id, impact, nodes, help, targets}.
 */
async function audit(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    // Colours measured mid-transition (a chip turning selected) are neither end's.
    await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)));
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 4).map((n) => n.target.join(' ')),
    }));
  });
  return violations;
}

/** Prints a state's findings and asserts none is serious or critical. */
function report(state, violations) {
  const count = (impacts) => violations.filter((v) => impacts.includes(v.impact)).reduce((n, v) => n + v.nodes, 0);
  const severe = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  console.log(
    `axe ${state}: ${count(['critical'])} critical, ${count(['serious'])} serious, ${count(['moderate'])} moderate, ${count(['minor'])} minor` +
      (violations.length ? ` (${violations.map((v) => `${v.id}×${v.nodes}`).join(', ')})` : ''),
  );
  assert.deepEqual(
    severe.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.join(' | ')}`),
    [],
    `${state}: no serious or critical accessibility findings`,
  );
}

test('no serious or critical accessibility findings: a run on the plane with its editors and panels open', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openAt(env, '?data=xor');
  try {
    report('single run', await audit(page));

    await page.check('#large-text');
    await page.waitForFunction(() => document.documentElement.classList.contains('large-text'));
    report('large text', await audit(page));
    await page.uncheck('#large-text');

    // The weight editor, opened from the keyboard on the diagram, and the plane's cursor.
    await page.focus('#network-canvas');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#weight-editor:not([hidden])');
    await page.focus('#plane-overlay');
    await page.keyboard.press('ArrowUp');
    report('weight editor open, plane cursor', await audit(page));
    await page.click('#weight-cancel');

    await page.click('#more-toggle');
    await page.waitForSelector('#more-settings:not([hidden])');
    report('More settings open', await audit(page));
    await page.click('#more-toggle');

    await page.click('#share summary');
    await page.waitForFunction(() => document.getElementById('share').open && document.getElementById('share-link').value !== '');
    report('share panel open', await audit(page));
    await page.click('#share summary');

    await page.click('#step-details summary');
    await page.click('#hidden-space summary');
    await page.click('#step-record');
    await page.waitForFunction(() => window.__playground.step.stages > 0 && window.__playground.hiddenSpace !== null);
    await settle(page);
    report('inside-the-network panels open', await audit(page));

    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('no serious or critical accessibility findings: a table run, a row\'s pass, the slice, the step', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openAt(env, '?table=animals');
  try {
    // A table run: the data view with its rows and the encoding controls.
    await page.waitForFunction(() => document.querySelectorAll('#data-rows tbody tr').length > 0 && document.querySelector('#code-0'));
    await settle(page);
    report('table run (data view)', await audit(page));
    // Inside the table run: a row's pass, a confusion cell's rows, the slice, the step
    // panel and the hidden space's input layer.
    await page.locator('#data-rows tbody tr').first().click();
    await page.waitForFunction(() => window.__playground.rowPass !== null && window.__playground.slice !== null);
    await page.locator('#results-matrix button[data-cell]').first().click();
    await page.waitForSelector('#results-rows button');
    await page.click('#step-details summary');
    await page.click('#step-record');
    await page.click('#hidden-space summary');
    await page.selectOption('#hidden-layer', 'input');
    await page.waitForFunction(() => window.__playground.step.stages > 0 && window.__playground.hiddenSpace?.input_layer === true);
    await settle(page);
    report('table run (a row\'s pass, the slice, the step, the input layer)', await audit(page));

    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('no serious or critical accessibility findings: the weight views on digits', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openAt(env, '?table=digits');
  try {
    // The weight views on an image table: W, the templates and the drawing pad, each with keyboard focus once.
    await page.waitForFunction(() => !document.getElementById('pad-panel').hidden);
    for (const id of ['w-panel', 'templates-panel', 'pad-panel']) await page.click(`#${id} summary`);
    await page.waitForFunction(() => window.__playground.weights.pad.prediction !== null && window.__playground.weights.w.values.length > 0);
    await page.focus('#w-canvas');
    await page.keyboard.press('ArrowDown');
    await page.focus('#pad-canvas');
    await page.keyboard.press(' ');
    await page.click('#pad-pass'); // the drawing's pass, under the rows
    await page.waitForFunction(() => window.__playground.rowPass?.row === 0);
    await settle(page);
    report('weight views open (digits)', await audit(page));

    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('no serious or critical accessibility findings: a challenge under way', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openAt(env, '?data=xor');
  try {
    // A challenge under way: its rules, the teachers' check open.
    await page.click('#challenges > summary');
    await page.selectOption('#challenge-choice', 'xor');
    await page.click('#challenge-start');
    await page.click('#challenge-check > summary');
    await page.waitForFunction(() => document.querySelectorAll('#challenge-rules li').length > 0 && window.__playground.challenge?.id === 'xor');
    await settle(page);
    report('challenge panel open', await audit(page));

    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('no serious or critical accessibility findings: compare mode, on the plane and on a table', { timeout: 60000 }, async () => {
  const { page, errors, close } = await openAt(env, '?data=xor');
  try {
    await page.click('#compare-open');
    await page.waitForFunction(() => window.__playground.compare?.runs.length >= 2 && window.__playground.compare.runs.every((r) => r.frames > 0));
    report('compare mode', await audit(page));
    // Compare mode on a table: each card's confusion matrix in the plane's place, the table code in the editor.
    await page.check('#table-animals');
    await page.waitForFunction(() => {
      const c = window.__playground.compare;
      return c?.runs.length >= 2 && c.runs.every((r) => r.config?.data.table && r.metrics) && [...document.querySelectorAll('#compare-runs canvas.run-matrix')].every((m) => !m.hidden);
    });
    await settle(page);
    report('compare mode on a table', await audit(page));

    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
