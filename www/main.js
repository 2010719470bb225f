// @ts-check
// The page's entry: starts the app (app/app.js). `app` is what tests and the console
// may look at (the test hooks in testing/hooks.js read it; the page itself does not).
import { startApp } from './app/app.js';

export const app = startApp();

// Offline use after the first visit (sw.js caches the page's files), once the page has
// loaded so that caching does not compete with the first run. Browsers allow it over
// HTTPS and on localhost only; elsewhere the page simply needs the network.
if ('serviceWorker' in navigator) {
  const register = () =>
    navigator.serviceWorker.register(new URL('sw.js', import.meta.url), { scope: './', type: 'classic' }).catch((err) => {
      console.warn(`Offline use is off: the service worker did not register (${err.message}).`);
    });
  if (document.readyState === 'complete') register();
  else addEventListener('load', register, { once: true });
}
