// @ts-check
// Nothing lost on a reload or a closed tab: the run's last snapshot (its model file, with
// the weights, the epoch and the optimizer's state, see crates/core/src/model.rs), its
// configuration and its loss chart are kept in the browser's localStorage, written at
// most every SAVE_EVERY_MS and whenever the page is hidden or left. When the page opens
// on the same configuration (or on the bare address), the run resumes from there; "Start
// fresh" forgets it and starts the run again from epoch 0. A saved run that cannot be
// read (corrupt, or written by another version of the page) is set aside with a notice.

import { byId } from '../lib/dom.js';
import { freshProgress } from './state.js';
import { thousands } from '../lib/format.js';

/** Where the run is kept in localStorage. */
export const STORAGE_KEY = 'nn-playground:saved-run';
/** The layout of what is kept; another number is set aside (never read as this one). */
export const SAVED_VERSION = 1;
/** The shortest time between two writes while the run trains. */
export const SAVE_EVERY_MS = 2000;

/** @typedef {{epoch: number, updates?: number, seconds?: number, train: number, test: number}} HistoryPoint */
/** @typedef {{config: any, epoch: number, model: string, history: HistoryPoint[]}} SavedRun */
/** @typedef {Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>} Shelf  localStorage, or a stand-in */

/**
 * The text kept for a run.
 * @param {SavedRun} run
 * @returns {string}
 */
export function encodeSaved({ config, epoch, model, history }) {
  return JSON.stringify({ version: SAVED_VERSION, config, epoch, model, history });
}

/** @param {unknown} v */
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** @param {unknown} v  a loss as JSON keeps it (NaN becomes null) */
const loss = (v) => (typeof v === 'number' ? v : NaN);

/**
 * A chart point as kept, or null if it is not one.
 * @param {any} p
 * @returns {HistoryPoint | null}
 */
function historyPoint(p) {
  if (!isObject(p) || !Number.isSafeInteger(p.epoch) || p.epoch < 0) return null;
  /** @type {HistoryPoint} */
  const point = { epoch: p.epoch, train: loss(p.train), test: loss(p.test) };
  if (typeof p.updates === 'number') point.updates = p.updates;
  if (typeof p.seconds === 'number') point.seconds = p.seconds;
  return point;
}

/**
 * Reads the kept text: the run, or why it was set aside (null and null: nothing kept).
 * The model file itself is checked by the core when it is loaded.
 * @param {string | null} text
 * @returns {{saved: SavedRun | null, notice: string | null}}
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
  if (!isObject(v.config) || typeof v.model !== 'string' || !Number.isSafeInteger(v.epoch) || v.epoch < 0 || !Array.isArray(v.history)) {
    return setAside('it is incomplete');
  }
  const history = v.history.map(historyPoint).filter((p) => p !== null && p.epoch <= v.epoch);
  return { saved: { config: v.config, epoch: v.epoch, model: v.model, history }, notice: null };
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
 * Whether the page resumes `saved`: it trained (epoch 0 is what the link builds anyway),
 * the page is not in compare mode, and the link asks for the same configuration, or for
 * nothing (the bare address).
 * @param {SavedRun} saved
 * @param {{config: any, bare: boolean, compare: boolean}} link
 */
export function shouldResume(saved, { config, bare, compare }) {
  return saved.epoch > 0 && !compare && (bare || canonical(saved.config) === canonical(config));
}

/**
 * Writes runs to `shelf`, at most every `every` ms (`now()` tells the time): `offer`
 * keeps the newest and writes it when the time has come, `flush` writes it now, `clear`
 * forgets it and what was written. A shelf that refuses (full, or switched off) is
 * given up on quietly: the page works on without it.
 * @param {{shelf: Shelf, now: () => number, every?: number}} options
 */
export function createSaver({ shelf, now, every = SAVE_EVERY_MS }) {
  /** @type {SavedRun | null} */
  let pending = null;
  let last = -Infinity;
  let broken = false;
  const flush = () => {
    if (!pending || broken) return false;
    try {
      shelf.setItem(STORAGE_KEY, encodeSaved(pending));
    } catch (err) {
      broken = true;
      console.warn('the run cannot be saved in this browser', err);
      return false;
    }
    pending = null;
    last = now();
    return true;
  };
  return {
    /** @param {SavedRun} run */
    offer(run) {
      pending = run;
      if (now() - last >= every) flush();
    },
    flush,
    clear() {
      pending = null;
      try {
        shelf.removeItem(STORAGE_KEY);
      } catch {
        // nothing kept to forget
      }
    },
  };
}

/**
 * The browser's localStorage, or a shelf that keeps nothing where storage is switched off.
 * @returns {Shelf}
 */
export function browserShelf() {
  try {
    return window.localStorage;
  } catch {
    return { getItem: () => null, setItem: () => {}, removeItem: () => {} };
  }
}

/**
 * What the page reads of the kept run: the run, or the notice why it was set aside.
 * @param {Shelf} shelf
 */
export function readSaved(shelf) {
  try {
    return decodeSaved(shelf.getItem(STORAGE_KEY));
  } catch {
    return { saved: null, notice: null }; // storage switched off: nothing kept
  }
}

/** @typedef {import('./state.js').State} State */
/** @typedef {import('./store.js').Store<State>} Store */
/** @typedef {import('./connection.js').Connection} Connection */

/**
 * Keeps run A's snapshots (the connection's, written to `shelf` at most every 2 s), and wires
 * "Start fresh" (`#start-fresh`, shown after a resume): forget the kept run, start over.
 * @param {{store: Store, connection: Connection, shelf: Shelf}} deps
 */
export function mountSavedRun({ store, connection, shelf }) {
  const saver = createSaver({ shelf, now: () => performance.now() });
  let forgotten = 0; // runs up to this number are not saved again (Start fresh forgot them)
  connection.onSnapshot = (snapshot) => {
    const s = store.get();
    if (!s.run || snapshot.run !== s.run.id || snapshot.run <= forgotten) return;
    saver.offer({ config: s.run.config, epoch: snapshot.epoch, model: snapshot.model, history: s.progress.history });
  };
  addEventListener('pagehide', () => saver.flush());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') saver.flush();
  });
  const button = byId('start-fresh');
  button.addEventListener('click', () => {
    forgotten = store.get().run?.id ?? 0;
    saver.clear();
    button.hidden = true;
    store.update((s) => ({ notices: s.notices.filter((n) => !n.startsWith(RESUMED)) }));
    connection.reset();
  });
  return saver;
}

const RESUMED = 'Your run was resumed';

/**
 * Resumes `saved` on the page being started: the store takes its configuration and chart
 * (the connection will not send the configuration), the worker loads its model file. If
 * the core refuses the file, the page starts afresh on `fallback` (the link's) and says so.
 * @param {{store: Store, connection: Connection, saved: SavedRun, fallback: any}} deps
 * @returns {{config: any, progress: import('./state.js').Progress, notice: string}} the store's start
 */
export function resumeSaved({ store, connection, saved, fallback }) {
  connection.lastSent = saved.config; // built from the model file, not sent
  connection
    .request('loadModel', { text: saved.model, restored: true })
    .then(() => {
      byId('start-fresh').hidden = false;
    })
    .catch((/** @type {Error} */ err) => {
      const notice = `The run saved in this browser could not be resumed (${err.message}); the page starts afresh.`;
      store.update((s) => ({ config: fallback, notices: [...s.notices.filter((n) => !n.startsWith(RESUMED)), notice], progress: freshProgress() }));
    });
  const epoch = thousands(saved.epoch);
  return {
    config: saved.config,
    progress: { ...freshProgress(), epoch: saved.epoch, history: saved.history },
    notice: `${RESUMED} at epoch ${epoch} from this browser's storage ("Start fresh" starts it again from epoch 0).`,
  };
}
