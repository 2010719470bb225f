// @ts-check
// The page's service worker: after the first visit the page works with no network, and a
// page never gets files of two builds (a wasm module from one and its JavaScript glue, or
// a worker, from another).
//
// A build is every file of the page: read from the entry (index.html) on, following what
// each names (stylesheets and scripts in the HTML; imports, the worker and the wasm
// module, `new URL('…', import.meta.url)`, in the scripts). Its id is a SHA-256 of every
// file's address and bytes, and it is kept in a cache of its own, `playground-build-<id>`,
// filled completely (a last entry marks it complete) before anything is served from it.
//
// A page load (a navigation) reads the network's build (with `no-cache`, so the browser
// revalidates) and, when it has changed, stores it as a new build; the page is then served
// from that build, every file of it, and so are its workers, for as long as the page lives
// (each page is mapped to its build; a file a build lacks comes from the network). When
// the network fails, or has not delivered the build within NETWORK_WAIT_MS, the page gets
// the last complete build instead (and a slow new build is still stored for next time).
// Builds no open page uses are deleted.

const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

/** Every cache of the page starts so; caches of older versions of this worker are deleted. */
const CACHE_PREFIX = 'playground-';
/** A build's cache: this prefix and the build's id. */
const BUILD_PREFIX = `${CACHE_PREFIX}build-`;
/** Where this worker keeps which build is current and which page uses which build. */
const META = `${CACHE_PREFIX}meta`;
/** A slow network (a lecture hall's Wi-Fi) gives way to the last build after this long. */
const NETWORK_WAIT_MS = 4000;

/** The folder the page lives in (the worker's scope), e.g. https://host/playground/. */
const scope = () => sw.registration.scope;
/** The entry a build's cache holds last: the build is complete. */
const completeKey = () => new URL('__build-complete', scope()).href;
/** The entry of META that holds the state. */
const stateKey = () => new URL('__sw-state', scope()).href;

/** Whether `url` is one of the page's own files (same origin, inside its folder). */
const ours = (/** @type {string} */ url) => url.startsWith(scope());

/** The URLs a file names that the page will load: resolved against the file, our own only. */
function named(/** @type {string} */ text, /** @type {string} */ base, /** @type {boolean} */ html) {
  const patterns = html
    ? [/\b(?:src|href)\s*=\s*"([^"]+)"/g]
    : [
        /\b(?:import|export)\s[^;]*?\bfrom\s*['"]([^'"]+)['"]/g,
        /\bimport\s*['"]([^'"]+)['"]/g,
        /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
        /\bnew\s+URL\s*\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/g,
      ];
  const urls = [];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      try {
        const url = new URL(match[1], base);
        url.hash = '';
        if (ours(url.href)) urls.push(url.href);
      } catch {
        // Not a URL (a comment's words): nothing to load.
      }
    }
  }
  return urls;
}

/** @typedef {{body: ArrayBuffer, init: ResponseInit}} File  a file of a build, as fetched */

/**
 * One file of the network's build, with the addresses it names; null for a name that does
 * not load (a word in a comment that looked like an import). A network failure throws:
 * a build is read whole or not at all.
 * @param {string} url
 * @returns {Promise<{file: File, names: string[]} | null>}
 */
async function fetchFile(url) {
  const response = await fetch(url, { cache: 'no-cache' });
  if (!response.ok) return null;
  const body = await response.arrayBuffer();
  const { status, statusText } = response;
  const file = { body, init: { status, statusText, headers: new Headers(response.headers) } };
  const text = /\.(?:m?js|html)$|\/$/.test(url) ? new TextDecoder().decode(body) : null;
  return { file, names: text === null ? [] : named(text, url, !/\.m?js$/.test(url)) };
}

/**
 * The network's build: every file from the entry on, and its id (a SHA-256 of every
 * file's address and bytes, in the order of the addresses).
 * @returns {Promise<{id: string, files: Map<string, File>}>}
 */
async function readBuild() {
  /** @type {Map<string, File>} */
  const files = new Map();
  let next = [scope(), new URL('index.html', scope()).href];
  const seen = new Set(next);
  while (next.length) {
    const found = await Promise.all(next.map(async (url) => {
      const got = await fetchFile(url);
      if (!got) return [];
      files.set(url, got.file);
      return got.names;
    }));
    next = [...new Set(found.flat())].filter((url) => !seen.has(url));
    next.forEach((url) => seen.add(url));
  }
  if (!files.has(scope())) throw new Error('the page itself did not load');
  const encoder = new TextEncoder();
  const parts = [...files.keys()].sort().flatMap((url) => [encoder.encode(`${url}\n${files.get(url)?.body.byteLength}\n`), new Uint8Array(/** @type {File} */ (files.get(url)).body)]);
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
  const id = [...digest.slice(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return { id, files };
}

/**
 * Whether the cache `name` holds a complete build.
 * @param {string} name
 */
async function complete(name) {
  return (await caches.has(name)) && Boolean(await (await caches.open(name)).match(completeKey()));
}

/**
 * Stores a build in its own cache (every file, then the mark that it is complete), unless
 * it is stored already; resolves to the cache's name.
 * @param {{id: string, files: Map<string, File>}} build
 */
async function storeBuild({ id, files }) {
  const name = BUILD_PREFIX + id;
  if (await complete(name)) return name;
  const cache = await caches.open(name);
  await Promise.all([...files].map(([url, f]) => cache.put(url, new Response(f.body, f.init))));
  await cache.put(completeKey(), new Response(id));
  return name;
}

/**
 * @typedef {object} State
 * @property {string | null} current  the build of new pages
 * @property {Record<string, {build: string, at: number}>} clients  the build of each page and
 *   worker, and when it was given (a page being loaded is not yet among the live clients)
 */

/** A page's build is forgotten once the page is gone, but not before this long. */
const FORGET_AFTER_MS = 60_000;

/** @type {Promise<State> | null} */
let statePromise = null;

/** The state, read once from META (this worker may have been stopped and started again). */
function state() {
  statePromise ??= caches.open(META)
    .then((c) => c.match(stateKey()))
    .then((r) => (r ? r.json() : null))
    .catch(() => null)
    .then((s) => ({ current: s?.current ?? null, clients: s?.clients ?? {} }));
  return statePromise;
}

/** @type {Promise<void>} */
let writing = Promise.resolve();

/**
 * Changes the state and writes it to META (one write at a time).
 * @param {(s: State) => void} change
 */
async function update(change) {
  const s = await state();
  change(s);
  writing = writing.then(async () => {
    await (await caches.open(META)).put(stateKey(), new Response(JSON.stringify(s), { headers: { 'Content-Type': 'application/json' } }));
  }).catch(() => {});
  await writing;
}

/** Forgets pages that are gone and deletes every cache no page uses (nor new pages will). */
async function tidy() {
  const live = new Set((await sw.clients.matchAll({ includeUncontrolled: true, type: 'all' })).map((c) => c.id));
  const now = Date.now();
  /** @type {Set<string>} */
  const used = new Set();
  await update((s) => {
    for (const [id, { at }] of Object.entries(s.clients)) if (!live.has(id) && now - at > FORGET_AFTER_MS) delete s.clients[id];
    if (s.current) used.add(s.current);
    for (const { build } of Object.values(s.clients)) used.add(build);
  });
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(CACHE_PREFIX) && n !== META && !used.has(n)).map((n) => caches.delete(n)));
}

/** Reads the network's build and stores it; it becomes the build of new pages. */
async function refresh() {
  const name = await storeBuild(await readBuild());
  await update((s) => {
    s.current = name;
  });
  return name;
}

sw.addEventListener('install', (event) => {
  event.waitUntil(refresh().then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(tidy().then(() => sw.clients.claim()));
});

/** The cache key of a page address: without its query (a link's settings). */
function pageKey(/** @type {Request} */ request) {
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  return url.href;
}

/**
 * Serves the client `id` (a page, or a worker) from the build `name` from now on.
 * @param {string} id  empty: no client to remember
 * @param {string} name
 */
async function give(id, name) {
  if (id) await update((s) => (s.clients[id] = { build: name, at: Date.now() }));
}

/**
 * A page load: the network's build if it comes within NETWORK_WAIT_MS, else the last
 * complete one; the new page is served from that build from now on.
 * @param {FetchEvent} event
 */
async function navigate(event) {
  const s = await state();
  const last = s.current && (await complete(s.current)) ? s.current : null;
  const fresh = refresh();
  event.waitUntil(fresh.then(tidy).catch(() => null));
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const late = new Promise((resolve) => (timer = setTimeout(resolve, NETWORK_WAIT_MS))).then(() => last);
  /** @type {string | null} */
  let name;
  try {
    name = last ? await Promise.race([fresh, late]) : await fresh;
  } catch {
    name = last;
  } finally {
    clearTimeout(timer);
  }
  const cached = name ? await (await caches.open(name)).match(pageKey(event.request)) : undefined;
  if (!name || !cached) return fetch(event.request);
  await give(event.resultingClientId, name);
  return cached;
}

/**
 * A file a page (or its worker) asks for: from the page's build; the network only for a
 * file the build lacks.
 * @param {FetchEvent} event
 */
async function fromBuild(event) {
  const s = await state();
  const name = s.clients[event.clientId]?.build ?? s.current;
  // A worker's own requests come from its own client: it gets its page's build.
  if (name) await give(event.resultingClientId, name);
  const cached = name ? await (await caches.open(name)).match(event.request) : undefined;
  return cached ?? fetch(event.request);
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !ours(request.url) || request.headers.has('range')) return;
  event.respondWith(request.mode === 'navigate' ? navigate(event) : fromBuild(event));
});
