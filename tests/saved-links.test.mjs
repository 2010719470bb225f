// Links written by the previous page still open to the same run. Each link in
// fixtures/saved-links.json was written by the page before it was rebuilt (commit
// 681a21d; the file says how they were recorded), with what that page showed for it: the
// core's configuration, the initial train and test losses, the network's shape and the
// view settings. Opened on this page, each must give the same, without a link notice;
// and the link this page writes for it must open to the same configuration again.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, config, openAt } from './helpers.mjs';

const saved = JSON.parse(await readFile(new URL('./fixtures/saved-links.json', import.meta.url), 'utf8'));

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** What the page shows for a link, as the fixture records it. */
const record = (page) =>
  page.evaluate(() => {
    const p = window.__playground;
    const checked = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id)).checked;
    return {
      link: location.search,
      notice: p.io.linkNotice,
      trainLoss: p.trainLoss,
      testLoss: p.testLoss,
      shape: p.shape,
      view: {
        speed: /** @type {HTMLSelectElement} */ (document.getElementById('speed')).value,
        test: checked('show-test'),
        disc: checked('discretize'),
        log: checked('loss-log'),
        big: checked('large-text'),
        hidden: p.io.hidden,
      },
    };
  });

test('the saved links cover every key of the link', () => {
  const keys = new Set(saved.links.flatMap((s) => [...new URLSearchParams(s.link).keys()]));
  const all = [
    'data', 'seed', 'noise', 'train', 'points', 'classes', 'features', 'layers', 'act', 'acts', 'out', 'loss', 'lr',
    'schedule', 'batch', 'opt', 'reg', 'init', 'epochs', 'time', 'minloss', 'patience', 'mindw', 'pts',
    'speed', 'test', 'disc', 'log', 'big', 'hide',
  ];
  assert.deepEqual(all.filter((k) => !keys.has(k)), []);
});

for (const s of saved.links) {
  test(`a saved link opens to the same run: ${s.name}`, { timeout: 30000 }, async () => {
    const first = await openAt(env, s.link);
    try {
      const shown = await record(first.page);
      assert.equal(shown.notice, '', 'no link notice');
      assert.deepEqual(await config(first.page), s.config, 'the same configuration');
      assert.equal(shown.trainLoss, s.trainLoss, 'the same initial train loss');
      assert.equal(shown.testLoss, s.testLoss, 'the same initial test loss');
      assert.deepEqual(shown.shape, s.shape, 'the same network');
      assert.deepEqual(shown.view, s.view, 'the same view settings');
      assert.deepEqual(first.errors, []);

      // The link this page writes for it opens to the same configuration.
      const again = await openAt(env, shown.link);
      try {
        assert.equal((await record(again.page)).notice, '', `no notice for the rewritten link ${shown.link}`);
        assert.deepEqual(await config(again.page), s.config, `the rewritten link ${shown.link}`);
        assert.deepEqual((await record(again.page)).view, s.view);
        assert.deepEqual(again.errors, []);
      } finally {
        await again.close();
      }
    } finally {
      await first.close();
    }
  });
}
