// @ts-check
// Your own tables, kept in this browser: the text of each imported CSV file in
// IndexedDB under its content hash (the core's SHA-256 of the text, which a link and a
// model file carry). The page keeps a table when you import it (and forgets it when
// asked); the training worker reads it back by hash to build a run on it (a reload, a
// link, a model file). Where IndexedDB is not available (a private window may refuse
// it) keeping fails (the import says so and changes nothing) and a lookup finds nothing.

/** The database and its one store of tables (key: the content hash). */
export const OWN_TABLES_DB = 'nn-playground-tables';
const STORE = 'tables';

/** @typedef {{hash: string, name: string, text: string, keptAt: number}} KeptTable */

/**
 * The database, opened (and created on first use).
 * @returns {Promise<IDBDatabase>}
 */
function open() {
  return new Promise((resolve, reject) => {
    const idb = globalThis.indexedDB;
    if (!idb) {
      reject(new Error('this browser keeps no tables (IndexedDB is not available)'));
      return;
    }
    const request = idb.open(OWN_TABLES_DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'hash' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('the table store could not be opened'));
  });
}

/**
 * Runs one request on the store and closes the database after it.
 * @template T
 * @param {IDBTransactionMode} mode
 * @param {(store: IDBObjectStore) => IDBRequest<T>} ask
 * @returns {Promise<T>}
 */
async function withStore(mode, ask) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = ask(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error ?? new Error('the table store failed'));
      tx.onabort = () => reject(tx.error ?? new Error('the table store gave up (is the disk full?)'));
    });
  } finally {
    db.close();
  }
}

/**
 * Keeps a table's text under its content hash (the same file twice is kept once).
 * @param {{hash: string, name: string, text: string}} table
 * @returns {Promise<void>}
 */
export async function keepTable({ hash, name, text }) {
  /** @type {KeptTable} */
  const kept = { hash, name, text, keptAt: Date.now() };
  await withStore('readwrite', (store) => store.put(kept));
}

/**
 * The table kept under `hash`, or null when this browser has none (or keeps nothing).
 * @param {string} hash
 * @returns {Promise<KeptTable | null>}
 */
export async function keptTable(hash) {
  try {
    const found = await withStore('readonly', (store) => store.get(hash));
    return found && typeof found.text === 'string' ? /** @type {KeptTable} */ (found) : null;
  } catch {
    return null;
  }
}

/**
 * The tables kept in this browser, newest first, without their text (none where this
 * browser keeps nothing).
 * @returns {Promise<Array<{hash: string, name: string, keptAt: number}>>}
 */
export async function keptTables() {
  try {
    const all = await withStore('readonly', (store) => store.getAll());
    return all
      .filter((t) => t && typeof t.hash === 'string' && typeof t.text === 'string')
      .map((t) => ({ hash: t.hash, name: typeof t.name === 'string' ? t.name : '', keptAt: Number(t.keptAt) || 0 }))
      .sort((a, b) => b.keptAt - a.keptAt);
  } catch {
    return [];
  }
}

/**
 * Forgets the table kept under `hash` (nothing when there is none).
 * @param {string} hash
 * @returns {Promise<void>}
 */
export async function forgetTable(hash) {
  await withStore('readwrite', (store) => store.delete(hash));
}

/**
 * What is said when the table of a run is not in this browser.
 * @param {string} hash
 * @param {string} [name]
 */
export function missingTableText(hash, name) {
  const which = name ? `${name} (${hash.slice(0, 12)}…)` : `${hash.slice(0, 12)}…`;
  return `Your table ${which} is not in this browser: import its file to train on it.`;
}
