// @ts-check
// Nothing lost on a reload or a closed tab: every run on the page (run A, and in compare
// mode B, C and D) is kept in the browser's localStorage with its last snapshot (its model
// file, with the weights, the epoch and the optimizer's state, see crates/core/src/model.rs),
// its configuration and its loss chart, and the comparison itself; written at most every
// SAVE_EVERY_MS and whenever the page is hidden or left.
//
// Each tab keeps its own entry: the tab's id lives in sessionStorage (which survives a
// reload of the same tab and is not shared between tabs) and names the entry in
// localStorage (which outlives the tab), so two tabs never write over each other. A reload
// resumes the tab's own entry; a new tab (or a reloaded one whose entry does not fit its
// link) takes the newest entry of the browser that fits its link, then keeps its own.
// A run resumes when the link asks for its configuration (or the address is bare);
// "Start fresh" forgets the tab's entry and starts every run again from epoch 0. An entry
// that cannot be read (corrupt, or written by another version of the page) is set aside
// with a notice.

import { byId } from '../lib/dom.js';
import { freshProgress } from './state.js';
import { watch } from './store.js';
import { thousands } from '../lib/format.js';

/** Where the runs are kept in localStorage: this prefix and the tab's id. */
export const KEY_PREFIX = 'nn-playground:runs:';
/** Where a tab keeps its id in sessionStorage. */
export const TAB_KEY = 'nn-playground:tab';
/** The layout of what is kept; another number is set aside (never read as this one). */
export const SAVED_VERSION = 2;
/** The shortest time between two writes while the runs train. */
export const SAVE_EVERY_MS = 2000;
/** At most this many tabs' entries are kept; the oldest go first. */
export const MAX_KEPT = 6;

/** @typedef {{epoch: number, updates?: number, seconds?: number, compute?: number, train: number, test: number}} HistoryPoint */
/** @typedef {{name: string, config: any, epoch: number, model: string | null, history: HistoryPoint[]}} SavedRun  model null: not trained yet */
/** @typedef {{savedAt: number, compare: any, runs: SavedRun[]}} SavedPage  the runs of a tab (A first) and its comparison */
/** @typedef {Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>} Shelf  localStorage, or a stand-in */

/**
 * The text kept for a tab's runs.
 * @param {SavedPage} page
 * @returns {string}
 */
export function encodeSaved({ savedAt, compare, runs }) {
  return JSON.stringify({ version: SAVED_VERSION, savedAt, compare, runs });
}

/** @param {unknown} v */
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** @param {unknown} v  a loss as JSON keeps it (NaN becomes null) */
const loss = (v) => (typeof v === 'number' ? v : NaN);
/** @param {unknown} v */
const isCount = (v) => Number.isSafeInteger(v) && /** @type {number} */ (v) >= 0;

/**
 * A chart point as kept, or null if it is not one.
 * @param {any} p
 * @returns {HistoryPoint | null}
 */
function historyPoint(p) {
  if (!isObject(p) || !isCount(p.epoch)) return null;
  /** @type {HistoryPoint} */
  const point = { epoch: p.epoch, train: loss(p.train), test: loss(p.test) };
  if (typeof p.updates === 'number') point.updates = p.updates;
  if (typeof p.seconds === 'number') point.seconds = p.seconds;
  if (typeof p.compute === 'number') point.compute = p.compute;
  for (const key of /** @type {const} */ (['trainAccuracy', 'testAccuracy', 'trainError', 'testError'])) {
    if (typeof p[key] === 'number') point[key] = p[key];
  }
  return point;
}

/**
 * One kept run, or null if it is incomplete.
 * @param {any} r
 * @returns {SavedRun | null}
 */
function savedRun(r) {
  if (!isObject(r) || typeof r.name !== 'string' || !isObject(r.config) || !isCount(r.epoch) || !Array.isArray(r.history)) return null;
  if (typeof r.model !== 'string' && r.model !== null) return null;
  const history = r.history.map(historyPoint).filter((/** @type {HistoryPoint | null} */ p) => p !== null && p.epoch <= r.epoch);
  return { name: r.name, config: r.config, epoch: r.epoch, model: r.model, history };
}

/**
 * Reads a kept text: the runs, or why they were set aside (null and null: nothing kept).
 * The model files themselves are checked by the core when they are loaded.
 * @param {string | null} text
 * @returns {{saved: SavedPage | null, notice: string | null}}
 */
export function decodeSaved(text) {
  if (text === null) return { saved: null, notice: null };
  const setAside = (/** @type {string} */ why) => ({
    saved: null,
    notice: `The run saved in this browser could not be resumed (${why}); the page starts afresh.`,
  });
  let v;
  try {
    v = JSON.parse(text);
  } catch {
    return setAside('it is corrupt');
  }
  if (!isObject(v)) return setAside('it is corrupt');
  if (v.version !== SAVED_VERSION) return setAside('it was saved by another version of the page');
  if (!isCount(v.savedAt) || !(v.compare === null || isObject(v.compare)) || !Array.isArray(v.runs) || v.runs.length === 0) {
    return setAside('it is incomplete');
  }
  const runs = v.runs.map(savedRun);
  if (runs.some((r) => r === null)) return setAside('it is incomplete');
  return { saved: { savedAt: v.savedAt, compare: v.compare, runs: /** @type {SavedRun[]} */ (runs) }, notice: null };
}

/**
 * JSON with every object's keys sorted, so equal configurations compare equal.
 * @param {unknown} v
 * @returns {string}
 */
export function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObject(v)) {
    const o = /** @type {Record<string, unknown>} */ (v);
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * Whether a kept run resumes as the run of `config`: it trained (epoch 0 is what the
 * configuration builds anyway) and has the same configuration.
 * @param {SavedRun | undefined} run
 * @param {any} config
 * @returns {run is SavedRun & {model: string}}
 */
export function resumable(run, config) {
  return Boolean(run && run.model !== null && run.epoch > 0 && canonical(run.config) === canonical(config));
}

/**
 * The kept page this tab starts from: its own entry if it fits the link, else the newest
 * other entry that fits; an entry fits a bare address always, and a link when its run A
 * has the link's configuration. Null when none fits.
 * @param {{own: SavedPage | null, others: SavedPage[]}} kept
 * @param {{config: any, bare: boolean}} link
 * @returns {{page: SavedPage, own: boolean} | null}
 */
export function choose({ own, others }, { config, bare }) {
  const fits = (/** @type {SavedPage} */ p) => bare || canonical(p.runs[0].config) === canonical(config);
  if (own && fits(own)) return { page: own, own: true };
  const other = [...others].sort((a, b) => b.savedAt - a.savedAt).find(fits);
  return other ? { page: other, own: false } : null;
}

/**
 * How long ago a run was kept, in words: "3 s", "5 min", "2 h", "4 days".
 * @param {number} ms
 */
export function ago(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86400) return `${Math.round(s / 3600)} h`;
  const days = Math.round(s / 86400);
  return `${days} day${days === 1 ? '' : 's'}`;
}

/** The notices of a resume start with this (Start fresh takes them away). */
const RESTORED = 'Restored ';

/**
 * What the page says of the runs it resumed.
 * @param {SavedRun[]} runs  the runs resumed (A first, if it was)
 * @param {{ms: number, own: boolean}} kept  how long ago, and whether by this tab (a reload)
 */
export function restoredNotice(runs, { ms, own }) {
  const when = own ? `kept ${ago(ms)} before the reload` : `kept in this browser ${ago(ms)} ago`;
  const what = runs.length === 1 && runs[0].name === 'A'
    ? `the run at epoch ${thousands(runs[0].epoch)}`
    : `${runs.length === 1 ? 'run' : 'runs'} ${runs.map((r) => `${r.name} at epoch ${thousands(r.epoch)}`).join(', ')}`;
  return `${RESTORED}${what} (${when}); "Start fresh" starts again from epoch 0.`;
}

/** A new tab id: the time and a random part. */
const newId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/**
 * This tab's id, kept in `session` (sessionStorage: the same over a reload, another in
 * another tab); made up on the tab's first load.
 * @param {Pick<Storage, 'getItem' | 'setItem'>} session
 * @param {() => string} [make]
 */
export function tabId(session, make = newId) {
  try {
    const id = session.getItem(TAB_KEY);
    if (id) return id;
    const fresh = make();
    session.setItem(TAB_KEY, fresh);
    return fresh;
  } catch {
    return make(); // storage switched off: nothing will be kept anyway
  }
}

/** Where open tabs tell each other the ids they hold. */
export const TAB_CHANNEL = 'nn-playground:tabs';

/**
 * This tab's id, kept its own: a duplicated tab (the browser copies sessionStorage with it)
 * asks the open tabs whether one holds its id, and takes a new one if so; this tab answers
 * the same question from tabs opened later. `key()` is where the tab keeps its runs now.
 * @param {Pick<Storage, 'getItem' | 'setItem'>} session
 * @param {{Channel?: typeof BroadcastChannel | null, make?: () => string}} [options]  Channel null: none
 */
export function ownTab(session, { Channel = globalThis.BroadcastChannel, make = newId } = {}) {
  let id = tabId(session, make);
  if (typeof Channel === 'function') {
    const channel = new Channel(TAB_CHANNEL);
    channel.onmessage = ({ data }) => {
      if (data?.hello === id) channel.postMessage({ taken: id });
      else if (data?.taken === id) {
        id = make();
        try {
          session.setItem(TAB_KEY, id);
        } catch {
          // storage switched off: nothing is kept anyway
        }
      }
    };
    channel.postMessage({ hello: id });
  }
  return { key: () => KEY_PREFIX + id };
}

/**
 * The keys of every tab's entry in `shelf`.
 * @param {Shelf} shelf
 */
function keptKeys(shelf) {
  /** @type {string[]} */
  const keys = [];
  for (let i = 0; i < shelf.length; i += 1) {
    const key = shelf.key(i);
    if (key?.startsWith(KEY_PREFIX)) keys.push(key);
  }
  return keys;
}

/**
 * When each tab's entry was written (an unreadable one counts as oldest).
 * @param {Shelf} shelf
 * @returns {Array<{key: string, savedAt: number}>}  newest first
 */
function byAge(shelf) {
  const when = (/** @type {string} */ key) => {
    const m = /"savedAt":(\d+)/.exec(shelf.getItem(key) ?? '');
    return m ? Number(m[1]) : 0;
  };
  return keptKeys(shelf).map((key) => ({ key, savedAt: when(key) })).sort((a, b) => b.savedAt - a.savedAt);
}

/**
 * Forgets the oldest entries but `keep`'s beyond the newest `max`.
 * @param {Shelf} shelf
 * @param {string} keep
 * @param {number} [max]
 */
export function prune(shelf, keep, max = MAX_KEPT) {
  try {
    const others = byAge(shelf).filter((e) => e.key !== keep);
    for (const { key } of others.slice(Math.max(0, max - 1))) shelf.removeItem(key);
  } catch {
    // storage switched off: nothing kept
  }
}

/**
 * Writes this tab's runs to `shelf` under `key`, at most every `every` ms (`now()` tells
 * the time, `clock()` the date written): `offer` says there is something new and writes
 * `record()` when the time has come, `flush` writes it now, `clear` forgets it and what
 * was written. A full shelf first gives up other tabs' entries, oldest first; a shelf
 * that still refuses (or is switched off) is given up on quietly: the page works on.
 * @param {{shelf: Shelf, key: string | (() => string), record: () => Omit<SavedPage, 'savedAt'> | null, now: () => number, clock?: () => number, every?: number}} options
 *   `key`: where, or a function that tells where now (a duplicated tab changes its id)
 */
export function createSaver({ shelf, key: where, record, now, clock = Date.now, every = SAVE_EVERY_MS }) {
  const keyNow = typeof where === 'function' ? where : () => where;
  let pending = false;
  let last = -Infinity;
  let broken = false;
  const write = (/** @type {string} */ text) => {
    const key = keyNow();
    try {
      shelf.setItem(key, text);
      return true;
    } catch {
      // Full: make room from the oldest other tab's entry on.
      for (const { key: other } of byAge(shelf).filter((e) => e.key !== key).reverse()) {
        shelf.removeItem(other);
        try {
          shelf.setItem(key, text);
          return true;
        } catch {
          // still full
        }
      }
      throw new Error('the browser refuses to keep it');
    }
  };
  const flush = () => {
    if (!pending || broken) return false;
    pending = false;
    const page = record();
    if (!page) return false;
    try {
      write(encodeSaved({ savedAt: clock(), ...page }));
    } catch (err) {
      broken = true;
      console.warn('the runs cannot be saved in this browser', err);
      return false;
    }
    last = now();
    return true;
  };
  return {
    offer() {
      pending = true;
      if (now() - last >= every) flush();
    },
    flush,
    clear() {
      pending = false;
      try {
        shelf.removeItem(keyNow());
      } catch {
        // nothing kept to forget
      }
    },
  };
}

/** A shelf that keeps nothing, where storage is switched off. */
const NOWHERE = { getItem: () => null, setItem: () => {}, removeItem: () => {}, key: () => null, length: 0 };

/**
 * The browser's localStorage and sessionStorage, or shelves that keep nothing where
 * storage is switched off.
 * @returns {{shelf: Shelf, session: Pick<Storage, 'getItem' | 'setItem'>}}
 */
export function browserShelves() {
  const get = (/** @type {() => Storage} */ f) => {
    try {
      return f() ?? NOWHERE;
    } catch {
      return NOWHERE;
    }
  };
  return { shelf: get(() => window.localStorage), session: get(() => window.sessionStorage) };
}

/**
 * What the page reads of the kept runs: this tab's entry (or the notice why it was set
 * aside) and every other tab's that can be read.
 * @param {Shelf} shelf
 * @param {string} key  this tab's
 * @returns {{own: SavedPage | null, others: SavedPage[], notice: string | null}}
 */
export function readKept(shelf, key) {
  try {
    const { saved, notice } = decodeSaved(shelf.getItem(key));
    const others = keptKeys(shelf).filter((k) => k !== key).map((k) => decodeSaved(shelf.getItem(k)).saved);
    return { own: saved, others: /** @type {SavedPage[]} */ (others.filter(Boolean)), notice };
  } catch {
    return { own: null, others: [], notice: null }; // storage switched off: nothing kept
  }
}

/** @typedef {import('./state.js').State} State */
/** @typedef {import('./store.js').Store<State>} Store */
/** @typedef {import('./connection.js').Connection} Connection */
/** @typedef {{name: string, store: Store, connection: Connection}} PageRun */

/**
 * What is kept of a run: its configuration, its chart and its last snapshot (none for a
 * run not trained yet, or whose snapshot was forgotten by Start fresh).
 * @param {PageRun} r
 * @param {number} forgotten  snapshots of runs up to this number are not kept
 * @returns {SavedRun | null}  null: the run is not built
 */
function keptRun({ name, store, connection }, forgotten) {
  const s = store.get();
  if (!s.run) return null;
  const snap = connection.snapshot;
  const current = snap && snap.run === s.run.id && snap.run > forgotten && snap.epoch > 0;
  return current
    ? { name, config: s.run.config, epoch: snap.epoch, model: snap.model, history: s.progress.history }
    : { name, config: s.run.config, epoch: 0, model: null, history: [] };
}

/**
 * Keeps this tab's runs (A and, in compare mode, B, C, D: written to `shelf` under `key`
 * at most every 2 s while any trains), and wires "Start fresh" (`#start-fresh`, shown after
 * a resume): forget the kept runs, start every run over.
 * @param {{store: Store, runs: () => PageRun[], listen: (told: () => void) => void, reset: () => void, shelf: Shelf, key: () => string}} deps
 *   `runs()` the page's runs, A first; `listen(told)` calls `told` at each run's snapshot
 */
export function mountSavedRun({ store, runs, listen, reset, shelf, key }) {
  /** @type {WeakMap<Connection, number>} */
  const forgotten = new WeakMap(); // per run's connection: its runs up to this number are forgotten
  const record = () => {
    const kept = runs().map((r) => keptRun(r, forgotten.get(r.connection) ?? 0));
    if (kept.some((r) => r === null) || kept.every((r) => r?.model === null)) return null;
    return { compare: store.get().compare, runs: /** @type {SavedRun[]} */ (kept) };
  };
  const saver = createSaver({ shelf, key, record, now: () => performance.now() });
  listen(() => saver.offer());
  // Leaving compare mode (or changing the comparison) changes what is kept: the page's runs.
  watch(store, (s) => s.compare, () => saver.offer());
  addEventListener('pagehide', () => saver.flush());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') saver.flush();
  });
  const button = byId('start-fresh');
  button.addEventListener('click', () => {
    for (const r of runs()) forgotten.set(r.connection, r.store.get().run?.id ?? 0);
    saver.clear();
    button.hidden = true;
    store.update((s) => ({ notices: s.notices.filter((n) => !n.startsWith(RESTORED)) }));
    reset();
  });
  return saver;
}

/**
 * Resumes a kept run on a run being started (A's or a compared one's): the store takes
 * its configuration and chart (the connection will not send the configuration), the
 * worker loads its model file. If the core refuses the file, `failed(reason)` is told.
 * @param {{store: Store, connection: Connection, saved: SavedRun & {model: string}, failed: (why: string) => void}} deps
 * @returns {{config: any, progress: import('./state.js').Progress}} the store's start
 */
export function resumeRun({ store, connection, saved, failed }) {
  connection.lastSent = saved.config; // built from the model file, not sent
  connection
    .request('loadModel', { text: saved.model, restored: true })
    .then(() => {
      byId('start-fresh').hidden = false;
    })
    .catch((/** @type {Error} */ err) => failed(err.message));
  return { config: saved.config, progress: { ...freshProgress(), epoch: saved.epoch, history: saved.history } };
}

/**
 * The notice when a kept run's model file is refused by the core.
 * @param {string} name
 * @param {string} why
 */
export const refusedNotice = (name, why) =>
  `The run${name === 'A' ? '' : ` ${name}`} saved in this browser could not be resumed (${why}); it starts afresh.`;

/**
 * Takes the notice of a resume away (the run it named starts afresh instead).
 * @param {string[]} notices
 */
export const withoutRestored = (notices) => notices.filter((n) => !n.startsWith(RESTORED));
