// How the tests and the benchmark start headless Chromium on these machines (no
// dependencies, so both the page's tests and bench/ can import it).

/** The Debian Chromium, unless CHROMIUM_PATH (or CHROMIUM) names another. */
export const CHROMIUM = process.env.CHROMIUM_PATH || process.env.CHROMIUM || '/usr/bin/chromium';

/** Flags for a container without a GPU or a user namespace, and without network chatter. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
