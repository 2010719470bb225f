// @ts-check
// The "Challenges" panel: pick a built-in challenge (its start becomes the settings and
// the controls it fixes are hidden), see its goal and rules with the ones the settings
// break (the core's `challengeBroken`), and see the run judged by the core epoch by epoch
// ("Solved at epoch 1,240 with 6 hidden neurons"). A solved challenge offers its solution
// link and is kept in the browser. A solution link replays at speed max and shows the
// core's verdict (`verifySolution`); teachers verify many pasted links at once.

import { byId, h, setText } from '../lib/dom.js';
import { watch } from '../app/store.js';
import { readLink, linkQuery } from '../schema/link-codec.js';
import { PAGE_FIELDS } from '../schema/page-table.js';
import { CHALLENGE_KEYS, readChallengeKeys, challengeParams, hiddenByChallenge, solutionLines, progressKey } from '../schema/challenge-link.js';
import { readSolved, keepSolved, browserStorage } from '../app/challenge-progress.js';
import { REQUESTS, TO_WORKER } from '../worker/protocol.js';
import { hideGroups } from './share.js';

/** @typedef {import('../app/state.js').State} State */
/** @typedef {import('../app/store.js').Store<State>} Store */
/** @typedef {import('../schema/challenge-link.js').ChallengeEntry} ChallengeEntry */
/**
 * @typedef {object} Catalog  The core's built-in challenges and what a goal may measure.
 * @property {Array<{id: string, challenge: any, goal: string, constraints: Array<{rule: string, text: string}>}>} list
 * @property {Array<{id: string, label: string}>} measures
 */
/**
 * @typedef {object} Connection  What the panel needs of the worker connection.
 * @property {(method: string, args?: any) => Promise<any>} request
 * @property {(message: any) => void} send
 * @property {(playing: boolean) => void} play
 */

/**
 * A built-in challenge as the page holds it.
 * @param {Catalog['list'][number]} b
 * @returns {ChallengeEntry}
 */
const builtinEntry = (b) => ({ id: b.id, challenge: b.challenge, goal: b.goal, constraints: b.constraints, claimed: null });

/**
 * The challenge a link names (a built-in, or a teacher's own checked by the core), with
 * its claimed epoch; the keys refused and why.
 * @param {(method: string, args?: any) => Promise<any>} request
 * @param {Record<string, string>} extra  the raw text of the link's CHALLENGE_KEYS
 * @param {Catalog} catalog
 * @returns {Promise<{entry: ChallengeEntry | null, invalid: string[], notes: string[]}>}
 */
export async function challengeFromLink(request, extra, catalog) {
  const keys = readChallengeKeys(extra, catalog.list.map((b) => b.id));
  const notes = [];
  /** @type {ChallengeEntry | null} */
  let entry = null;
  const builtin = catalog.list.find((b) => b.id === keys.id);
  if (builtin) entry = builtinEntry(builtin);
  if (keys.json !== null) {
    const checked = await request(REQUESTS.checkChallenge, { challenge: keys.json });
    if (checked.problems.length > 0) {
      keys.invalid.push('ch');
      notes.push(`The link's challenge was refused: ${checked.problems.map((/** @type {any} */ p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ')}.`);
    } else entry = { id: null, challenge: checked.challenge, goal: checked.goal, constraints: checked.constraints, claimed: null };
  }
  if (entry && keys.claimed !== null) entry = { ...entry, claimed: keys.claimed };
  return { entry, invalid: keys.invalid, notes };
}

/** The keys of a link that are settings of the run (not view settings), for a solution's refusal. */
const SETTING_KEYS = new Set(PAGE_FIELDS.map((pf) => pf.key).filter((k) => k !== ''));

/**
 * Mounts the panel. `catalog` is the core's list; `refused` the settings keys of the
 * page's own link that could not be read (a solution with those is not verified).
 * @param {{store: Store, connection: Connection, catalog: Catalog, refused: string[]}} deps
 */
export function mountChallenges({ store, connection, catalog, refused }) {
  const progress = progressList(catalog);
  mountPicker({ store, connection, catalog, progress });

  // The worker judges the runs by the page's challenge (sent again to a fresh worker).
  const sendChallenge = (/** @type {ChallengeEntry | null} */ entry) =>
    connection.send({ type: TO_WORKER.challenge, challenge: entry ? JSON.stringify(entry.challenge) : null });
  watch(store, (s) => s.challenge, (entry) => {
    sendChallenge(entry);
    showEntry(entry);
    if (entry) /** @type {HTMLDetailsElement} */ (byId('challenges')).open = true;
  });
  watch(store, (s) => s.restarts, (_, s) => sendChallenge(s.challenge));

  watchRules(store, connection);
  watchStatus(store, progress);
  watchReplay({ store, connection, refused });
  mountSolutionCheck({ store, connection, catalog });
  return { snapshot: () => ({ solved: progress.solved(), challenge: store.get().challenge }) };
}

/**
 * The challenges solved in this browser (kept by app/challenge-progress.js), listed
 * with their solution links under `#challenge-progress`, and marked in the picker.
 * @param {Catalog} catalog
 */
function progressList(catalog) {
  const storage = browserStorage();
  let solved = readSolved(storage);
  const choice = /** @type {HTMLSelectElement} */ (byId('challenge-choice'));
  /** The picker's options (a solved one ticked) and the chosen one's hint. */
  const showChoices = () => {
    const picked = choice.value;
    choice.replaceChildren(...catalog.list.map((b, i) => h('option', { value: b.id, text: `${i + 1}. ${b.challenge.title}${solved[b.id] ? ' ✓' : ''}` })));
    if (picked) choice.value = picked;
    const b = catalog.list.find((x) => x.id === choice.value);
    setText(byId('challenge-about'), b ? `${b.challenge.hint} What it teaches: ${b.challenge.teaches}` : '');
  };
  const show = () => {
    const items = Object.values(solved).sort((a, b) => a.at - b.at);
    byId('challenge-progress').replaceChildren(
      ...(items.length
        ? items.map((p) => h('li', {}, `${p.title}: solved at epoch ${p.epoch.toLocaleString('en-US')} `, h('a', { href: p.link, text: 'solution link' })))
        : [h('li', { class: 'hint', text: 'None yet.' })]),
    );
    setText(byId('challenge-summary'), `(${Object.keys(solved).length} of ${catalog.list.length} built-in solved)`.replace(/^\(0 of/, '(none of'));
    showChoices();
  };
  show();
  return {
    solved: () => solved,
    showChoices,
    /**
     * Keeps a solved challenge and shows it.
     * @param {ChallengeEntry} entry
     * @param {{title: string, epoch: number, link: string, at: number}} record
     */
    keep: (entry, record) => {
      solved = keepSolved(storage, progressKey(entry), record);
      show();
    },
  };
}

/**
 * The picker: "Start" makes the chosen challenge's start the settings (the groups a
 * lesson link hid come back hidden when the challenge is left with "Leave").
 * @param {{store: Store, connection: Connection, catalog: Catalog, progress: ReturnType<typeof progressList>}} deps
 */
function mountPicker({ store, connection, catalog, progress }) {
  const choice = /** @type {HTMLSelectElement} */ (byId('challenge-choice'));
  choice.addEventListener('change', progress.showChoices);
  // The groups a lesson link hid before a challenge was started: hidden again after it.
  let hiddenBefore = /** @type {string[]} */ ([]);
  byId('challenge-start').addEventListener('click', () => {
    const b = catalog.list.find((x) => x.id === choice.value);
    if (!b) return;
    if (!store.get().challenge) hiddenBefore = store.get().view.hidden;
    start(store, connection, builtinEntry(b));
  });
  byId('challenge-leave').addEventListener('click', () => {
    connection.send({ type: TO_WORKER.challenge, challenge: null });
    store.update((s) => ({ challenge: null, view: { ...s.view, hidden: hiddenBefore } }));
  });
}

/**
 * The rules the settings break, from the core (the latest answer wins), shown as the
 * settings or the challenge change.
 * @param {Store} store
 * @param {Connection} connection
 */
function watchRules(store, connection) {
  let asked = 0;
  const checkRules = async (/** @type {State} */ s) => {
    const entry = s.challenge;
    if (!entry || !s.config) return;
    const mine = ++asked;
    let broken = [];
    try {
      broken = await connection.request(REQUESTS.challengeBroken, { challenge: JSON.stringify(entry.challenge), config: s.config });
    } catch (err) {
      broken = [{ rule: '', field: '', message: err instanceof Error ? err.message : String(err) }];
    }
    if (mine === asked && store.get().challenge === entry) showRules(entry, broken);
  };
  watch(store, (s) => s.config, (_, s) => checkRules(s));
  watch(store, (s) => s.challenge, (_, s) => checkRules(s));
}

/**
 * Where the run stands (each changed frame); a success is kept with its solution
 * link, which a button copies.
 * @param {Store} store
 * @param {ReturnType<typeof progressList>} progress
 */
function watchStatus(store, progress) {
  let keptRun = -1;
  watch(store, (s) => s.frame, (frame, s) => {
    const status = frame?.challenge;
    const entry = s.challenge;
    if (!entry || !status || frame?.run !== s.run?.id) return;
    setText(byId('challenge-status'), entry.claimed === null ? status.status : `Replay: ${status.status}`);
    byId('challenge-status').classList.toggle('solved', Boolean(status.solved) && entry.claimed === null);
    if (status.solved && entry.claimed === null && s.run && keptRun !== s.run.id) {
      keptRun = s.run.id;
      const link = solutionLink(s, { ...entry, claimed: status.solved.epoch });
      /** @type {HTMLInputElement} */ (byId('challenge-solution-link')).value = link;
      byId('challenge-solution').hidden = false;
      progress.keep(entry, { title: entry.challenge.title, epoch: status.solved.epoch, link, at: Date.now() });
    }
  });
  watch(store, (s) => s.run, (run) => {
    if (run && run.id !== keptRun) byId('challenge-solution').hidden = true;
  });
  byId('challenge-solution-copy').addEventListener('click', () => {
    const input = /** @type {HTMLInputElement} */ (byId('challenge-solution-link'));
    navigator.clipboard?.writeText(input.value).catch(() => input.select());
  });
}

/**
 * A solution link: the core's verdict, and the replay played at speed max; changing a
 * setting makes it an attempt of its own.
 * @param {{store: Store, connection: Connection, refused: string[]}} deps
 */
function watchReplay({ store, connection, refused }) {
  let verifiedFor = /** @type {any} */ (null);
  watch(store, (s) => s.run, (run, s) => {
    const entry = s.challenge;
    if (!run || !entry || entry.claimed === null || verifiedFor !== null) return;
    verifiedFor = s.config;
    verifySolution(connection, { challenge: JSON.stringify(entry.challenge), config: run.config, epoch: entry.claimed }, refused).then(showVerdict);
    connection.play(true);
  });
  watch(store, (s) => s.config, (config, s) => {
    if (verifiedFor !== null && config !== verifiedFor && s.challenge?.claimed !== null && s.challenge) {
      byId('challenge-verdict').hidden = true;
      store.update({ challenge: { ...s.challenge, claimed: null } });
    }
  });
}

/**
 * Starts a challenge: paused, its start as the settings, the controls it fixes hidden.
 * @param {Store} store
 * @param {Connection} connection
 * @param {ChallengeEntry} entry
 */
function start(store, connection, entry) {
  connection.play(false);
  connection.send({ type: TO_WORKER.challenge, challenge: JSON.stringify(entry.challenge) });
  store.update((s) => ({ challenge: entry, config: entry.challenge.start, view: { ...s.view, hidden: hiddenByChallenge(entry.challenge.open, PAGE_FIELDS) } }));
}

/**
 * The page's address with the challenge, the run's settings and the claimed epoch.
 * @param {State} s
 * @param {ChallengeEntry} entry
 */
function solutionLink(s, entry) {
  const { query } = linkQuery({ schema: s.schema, config: /** @type {any} */ (s.run).config, defaults: s.defaults, view: challengeParams(entry) });
  return `${location.origin}${location.pathname}?${query}`;
}

/**
 * The core's verdict on a solution (the challenge as JSON text, the settings as the core
 * read them, the claimed epoch), or why it cannot be replayed.
 * @param {Connection} connection
 * @param {{challenge: string, config: any, epoch: number}} solution
 * @param {string[]} refused  keys of the link that could not be read
 * @returns {Promise<{kind: string, message: string}>}
 */
async function verifySolution(connection, solution, refused) {
  const unread = refused.filter((k) => SETTING_KEYS.has(k) || CHALLENGE_KEYS.includes(k));
  if (unread.length) return { kind: 'not_verified', message: `the link's settings ${unread.join(', ')} could not be read, so the replay would not be the solution's run` };
  try {
    return await connection.request(REQUESTS.verifySolution, solution);
  } catch (err) {
    return { kind: 'not_verified', message: err instanceof Error ? err.message : String(err) };
  }
}

/** @param {{kind: string, message: string}} verdict */
function showVerdict(verdict) {
  const el = byId('challenge-verdict');
  setText(el, verdict.kind === 'verified' ? `Solution ${verdict.message}` : `Solution not verified: ${verdict.message}`);
  el.classList.toggle('solved', verdict.kind === 'verified');
  el.hidden = false;
}

/** @param {ChallengeEntry | null} entry */
function showEntry(entry) {
  byId('challenge-active').hidden = !entry;
  byId('challenge-about').hidden = Boolean(entry); // the active one shows its own hint
  if (!entry) return;
  const c = entry.challenge;
  setText(byId('challenge-title'), c.title);
  setText(byId('challenge-hint'), c.hint ? `Hint: ${c.hint}` : '');
  setText(byId('challenge-teaches'), c.teaches ? `What it teaches: ${c.teaches}` : '');
  setText(byId('challenge-goal'), entry.goal);
  setText(byId('challenge-status'), entry.claimed === null ? 'Press play: the core checks the goal after every epoch.' : `Replaying the solution from epoch 0 (claimed: epoch ${entry.claimed.toLocaleString('en-US')})…`);
  byId('challenge-status').classList.remove('solved');
  byId('challenge-verdict').hidden = true;
  byId('challenge-solution').hidden = true;
  showRules(entry, []);
}

/**
 * Each rule with whether the settings keep it, and what they break.
 * @param {ChallengeEntry} entry
 * @param {Array<{rule: string, field: string, message: string}>} broken
 */
function showRules(entry, broken) {
  const rules = entry.constraints.map((c) => {
    const breaks = broken.filter((b) => b.rule === c.rule);
    const ok = breaks.length === 0;
    return h('li', { class: ok ? 'kept' : 'broken' }, h('span', { class: 'mark', 'aria-hidden': 'true', text: ok ? '✓' : '✗' }), ` ${c.text}`, ok ? '' : h('span', { class: 'why', text: ` (broken: ${breaks.map((b) => b.message).join('; ')})` }));
  });
  const other = broken.filter((b) => !entry.constraints.some((c) => c.rule === b.rule));
  byId('challenge-rules').replaceChildren(...rules, ...other.map((b) => h('li', { class: 'broken', text: `✗ ${b.message}` })));
}

/**
 * The teachers' check: pasted solution links, each replayed in the worker by the core.
 * @param {{store: Store, connection: Connection, catalog: Catalog}} deps
 */
function mountSolutionCheck({ store, connection, catalog }) {
  byId('verify-solutions').addEventListener('click', async () => {
    const lines = solutionLines(/** @type {HTMLTextAreaElement} */ (byId('solution-links')).value);
    const body = /** @type {HTMLElement} */ (byId('solution-results').querySelector('tbody'));
    body.replaceChildren();
    byId('solution-results').hidden = lines.length === 0;
    setText(byId('verify-message'), lines.length ? `Replaying ${lines.length} solution${lines.length === 1 ? '' : 's'}…` : 'Paste solution links, one per line.');
    let verified = 0;
    for (const line of lines) {
      const result = 'error' in line ? { title: '–', kind: 'not_verified', message: `line ${line.line} ${line.error}` } : await checkOne(store, connection, catalog, line.search);
      if (result.kind === 'verified') verified += 1;
      body.append(h('tr', { class: result.kind === 'verified' ? 'verified' : 'refused' }, h('td', { text: String(line.line) }), h('td', { text: result.title }), h('td', { text: result.kind === 'verified' ? result.message : `not verified: ${result.message}` })));
    }
    if (lines.length) setText(byId('verify-message'), `${verified} of ${lines.length} verified.`);
  });
}

/**
 * One pasted solution link: its settings read as a link is (checked by the core), its
 * challenge, and the core's verdict.
 * @param {Store} store
 * @param {Connection} connection
 * @param {Catalog} catalog
 * @param {string} search
 * @returns {Promise<{title: string, kind: string, message: string}>}
 */
async function checkOne(store, connection, catalog, search) {
  const s = store.get();
  const link = await readLink({
    schema: s.schema,
    defaults: s.defaults,
    search,
    validate: (configs) => connection.request(REQUESTS.validate, { configs }),
    groups: hideGroups(s.schema).map((g) => g.key),
    extra: CHALLENGE_KEYS,
  });
  const keys = readChallengeKeys(link.extra, catalog.list.map((b) => b.id));
  const builtin = catalog.list.find((b) => b.id === keys.id);
  const json = builtin ? JSON.stringify(builtin.challenge) : keys.json;
  let title = builtin?.challenge.title ?? '–';
  try {
    if (!builtin && json) title = String(JSON.parse(json).title ?? '–');
  } catch {
    title = '(unreadable)';
  }
  if (json === null || keys.claimed === null) return { title, kind: 'not_verified', message: `the link names no challenge or no epoch (${[...keys.invalid, ...(json === null ? ['ch'] : [])].join(', ') || 'solved'})` };
  const verdict = await verifySolution(connection, { challenge: json, config: link.config, epoch: keys.claimed }, [...link.invalid, ...keys.invalid]);
  return { title, ...verdict };
}
