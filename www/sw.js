// @ts-check
// The page's service worker: after the first visit the page works with no network.
//
// Install: reads the page's files from the entry (index.html) on, following what each
// names (stylesheets and scripts in the HTML; imports, the worker and the wasm module,
// `new URL('…', import.meta.url)`, in the scripts), and caches them all, so the first
// visit alone is enough even though its own requests came before this worker ran.
// Then every same-origin GET under the page's folder goes network first: the network's
// answer is used and stored; the cache answers only when the network fails (or has not
// answered within NETWORK_WAIT_MS and the cache has the file). Network first, not
// stale-while-revalidate, because the wasm module and its JavaScript glue must come from
// the same build: online, every file of a new build is picked up at once and together.

const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

/** Bump when what is cached or how changes: older caches of the page are deleted. */
const CACHE = 'playground-v1';
const CACHE_PREFIX = 'playground-';
/** A slow network (a lecture hall's Wi-Fi) gives way to the cache after this long. */
const NETWORK_WAIT_MS = 4000;

/** The folder the page lives in (the worker's scope), e.g. https://host/playground/. */
const scope = () => sw.registration.scope;

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

/**
 * A response the cache may give back for a page load: browsers refuse a redirected one
 * there (a host that sends / to /index.html), so its body is stored without the redirect.
 * @param {Response} response
 */
async function storable(response) {
  if (!response.redirected) return response;
  const { status, statusText, headers } = response;
  return new Response(await response.blob(), { status, statusText, headers });
}

/**
 * Fetches the page's files from its entry on and stores each; a name that does not load
 * (a word in a comment that looked like an import) is skipped.
 * @param {Cache} cache
 */
async function precache(cache) {
  let next = [scope(), new URL('index.html', scope()).href];
  const seen = new Set(next);
  while (next.length) {
    const found = await Promise.all(next.map(async (url) => {
      const response = await fetch(url, { cache: 'no-cache' }).catch(() => null);
      if (!response?.ok) return [];
      const text = /\.(?:m?js|html)$|\/$/.test(url) ? await response.clone().text() : null;
      await cache.put(url, await storable(response));
      return text === null ? [] : named(text, url, !/\.m?js$/.test(url));
    }));
    next = [...new Set(found.flat())].filter((url) => !seen.has(url));
    next.forEach((url) => seen.add(url));
  }
}

sw.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then(precache).then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith(CACHE_PREFIX) && n !== CACHE).map((n) => caches.delete(n)));
    await sw.clients.claim();
  })());
});

/** The cache key of a request: a page address without its query (a link's settings). */
function keyOf(/** @type {Request} */ request) {
  if (request.mode !== 'navigate') return request;
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  return url.href;
}

/**
 * The network's answer (stored for next time), else the cache's; the cache also answers
 * when the network is slow and it has the file.
 * @param {FetchEvent} event
 */
async function networkFirst(event) {
  const cache = await caches.open(CACHE);
  const key = keyOf(event.request);
  const network = fetch(event.request).then((response) => {
    if (response.ok && response.type === 'basic' && response.status === 200) {
      event.waitUntil(storable(response.clone()).then((copy) => cache.put(key, copy)));
    }
    return response;
  });
  event.waitUntil(network.catch(() => null));
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const slow = new Promise((resolve) => (timer = setTimeout(resolve, NETWORK_WAIT_MS)))
    .then(() => cache.match(key))
    .then((cached) => cached ?? network);
  try {
    return await Promise.race([network, slow]);
  } catch (err) {
    const cached = await cache.match(key);
    if (cached) return cached;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !ours(request.url) || request.headers.has('range')) return;
  event.respondWith(networkFirst(event));
});
