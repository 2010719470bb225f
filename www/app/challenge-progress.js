// @ts-check
// The challenges this student solved, kept in the browser (localStorage) so that they
// survive a reload and offline use: for each, its title, the epoch and the solution link.

/** The storage key. */
export const PROGRESS_KEY = 'mlp-playground.challenges.v1';

/**
 * @typedef {{title: string, epoch: number, link: string, at: number}} Solution
 * @typedef {Record<string, Solution>} Solved  by progress key (challenge-link.js progressKey)
 */

/**
 * The solved challenges kept in `storage`; none when there are none or they do not read.
 * @param {Pick<Storage, 'getItem'> | null} storage
 * @returns {Solved}
 */
export function readSolved(storage) {
  let text = null;
  try {
    text = storage?.getItem(PROGRESS_KEY) ?? null;
  } catch {
    return {}; // storage refused (private mode): nothing kept
  }
  if (!text) return {};
  try {
    const value = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    /** @type {Solved} */
    const out = {};
    for (const [key, s] of Object.entries(value)) {
      if (s && typeof s.title === 'string' && Number.isSafeInteger(s.epoch) && typeof s.link === 'string') {
        out[key] = { title: s.title, epoch: s.epoch, link: s.link, at: Number(s.at) || 0 };
      }
    }
    return out;
  } catch {
    return {};
  }
}

/**
 * Keeps a solution in `storage` (replacing an older one of the same challenge); returns
 * what is kept now, or only in memory when the storage refuses.
 * @param {Pick<Storage, 'getItem' | 'setItem'> | null} storage
 * @param {string} key
 * @param {Solution} solution
 * @returns {Solved}
 */
export function keepSolved(storage, key, solution) {
  const solved = { ...readSolved(storage), [key]: solution };
  try {
    storage?.setItem(PROGRESS_KEY, JSON.stringify(solved));
  } catch {
    // full or refused: the solution stays on screen for this visit
  }
  return solved;
}

/**
 * The browser's storage, or null where the page may not use it.
 * @returns {Storage | null}
 */
export function browserStorage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
