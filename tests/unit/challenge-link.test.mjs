// The pure parts of challenges in the page: a link's challenge keys read as text
// (schema/challenge-link.js), the groups a challenge hides, pasted solution links, and
// the progress kept in the browser (app/challenge-progress.js). Against the built core:
// every built-in challenge leaves visible a control for each field it opens.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { built, loadCore } from './built-core.mjs';
import { readChallengeKeys, challengeParams, hiddenByChallenge, openFieldsOf, solutionLines, progressKey } from '../../www/schema/challenge-link.js';
import { readSolved, keepSolved, PROGRESS_KEY } from '../../www/app/challenge-progress.js';
import { PAGE_FIELDS } from '../../www/schema/page-table.js';

const IDS = ['xor', 'spiral'];

test('a built-in id, a JSON challenge and a whole claimed epoch are read; anything else is refused by key', () => {
  assert.deepEqual(readChallengeKeys({ ch: 'xor', solved: '1240' }, IDS), { id: 'xor', json: null, claimed: 1240, invalid: [] });
  assert.deepEqual(readChallengeKeys({ ch: '{"title":"t"}' }, IDS), { id: null, json: '{"title":"t"}', claimed: null, invalid: [] });
  assert.deepEqual(readChallengeKeys({ ch: 'nope', solved: '12' }, IDS).invalid, ['ch', 'solved'], 'an epoch without a challenge is refused too');
  for (const bad of ['0', '-3', '1.5', '1e3', '', 'x', '12345678901']) {
    assert.deepEqual(readChallengeKeys({ ch: 'xor', solved: bad }, IDS).invalid, ['solved'], bad);
  }
  assert.deepEqual(readChallengeKeys({}, IDS), { id: null, json: null, claimed: null, invalid: [] });
});

test('a challenge writes its keys back: built-ins by id, a teacher\'s own whole, the epoch of a solution', () => {
  assert.deepEqual(challengeParams(null), {});
  const builtin = { id: 'xor', challenge: { title: 'X' }, goal: '', constraints: [], claimed: null };
  assert.deepEqual(challengeParams(builtin), { ch: 'xor' });
  assert.deepEqual(challengeParams({ ...builtin, claimed: 13 }), { ch: 'xor', solved: '13' });
  const own = { ...builtin, id: null };
  assert.deepEqual(challengeParams(own), { ch: '{"title":"X"}' });
  const back = readChallengeKeys(challengeParams({ ...own, claimed: 7 }), IDS);
  assert.deepEqual(JSON.parse(/** @type {string} */ (back.json)), { title: 'X' });
  assert.equal(back.claimed, 7);
  assert.equal(progressKey(builtin), 'xor');
  assert.equal(progressKey(own), 'own:X');
});

test('a challenge hides every group none of whose fields is open, and model files', () => {
  const hidden = hiddenByChallenge(['hidden_layers', 'learning_rate'], PAGE_FIELDS);
  assert.ok(!hidden.includes('layers') && !hidden.includes('lr'), hidden.join());
  for (const g of ['dataset', 'loss', 'activation', 'features', 'stopping', 'model']) assert.ok(hidden.includes(g), g);
  // One open part of a group keeps the group: stopping.patience opens "stopping".
  assert.ok(!hiddenByChallenge(['stopping.patience'], PAGE_FIELDS).includes('stopping'));
  assert.deepEqual(openFieldsOf(['lr', 'stopping'], PAGE_FIELDS, ['learning_rate', 'stopping.patience', 'stopping.max_epochs']), ['learning_rate', 'stopping.max_epochs', 'stopping.patience']);
});

test('pasted solution links: one per line, blank lines skipped, a line that is no solution named', () => {
  const lines = solutionLines('http://h/p?ch=xor&solved=3\n\n  not a link \nhttp://h/p?ch=xor#top\r\n?data=xor&solved=9#x');
  assert.deepEqual(lines, [
    { line: 1, search: '?ch=xor&solved=3' },
    { line: 3, error: 'is not a link with settings (no "?")' },
    { line: 4, error: 'is not a solution link (no "solved=")' },
    { line: 5, search: '?data=xor&solved=9' },
  ]);
});

test('progress survives being written and read back; what does not read is ignored, a refusing storage loses nothing on screen', () => {
  const map = new Map();
  const storage = { getItem: (/** @type {string} */ k) => map.get(k) ?? null, setItem: (/** @type {string} */ k, /** @type {string} */ v) => void map.set(k, v) };
  assert.deepEqual(readSolved(storage), {});
  keepSolved(storage, 'xor', { title: 'XOR', epoch: 13, link: 'http://h/?ch=xor&solved=13', at: 1 });
  const kept = keepSolved(storage, 'spiral', { title: 'Spiral', epoch: 900, link: 'l', at: 2 });
  assert.deepEqual(Object.keys(kept), ['xor', 'spiral']);
  assert.deepEqual(readSolved(storage).xor.epoch, 13);
  map.set(PROGRESS_KEY, '{"xor": {"title": 1}, "ok": {"title": "T", "epoch": 4, "link": "l"}}');
  assert.deepEqual(Object.keys(readSolved(storage)), ['ok']);
  map.set(PROGRESS_KEY, 'not json');
  assert.deepEqual(readSolved(storage), {});
  const refusing = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
  assert.deepEqual(Object.keys(keepSolved(refusing, 'xor', { title: 'XOR', epoch: 1, link: 'l', at: 0 })), ['xor']);
  assert.deepEqual(readSolved(null), {});
});

test('every built-in challenge leaves a visible control for each field it opens', { skip: !built && 'www/pkg is not built (build_page)' }, async () => {
  const core = await loadCore();
  const list = JSON.parse(core.builtinChallenges());
  assert.ok(list.length >= 10);
  for (const { id, challenge } of list) {
    const hidden = hiddenByChallenge(challenge.open, PAGE_FIELDS);
    for (const path of challenge.open) {
      const owner = PAGE_FIELDS.find((pf) => pf.path === path || path.startsWith(`${pf.path}.`));
      assert.ok(owner?.hide, `${id}: ${path} has a control`);
      assert.ok(!hidden.includes(/** @type {string} */ (owner.hide)), `${id}: ${path} stays visible`);
    }
  }
});
