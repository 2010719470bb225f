// The core as the page loads it: the wasm module build_page writes into www/pkg, for
// the unit tests that check against it (skipped where it is not built).
import { existsSync, readFileSync } from 'node:fs';

const pkg = new URL('../../www/pkg/', import.meta.url);

/** Whether www/pkg holds a built module. */
export const built = existsSync(new URL('playground_wasm_bg.wasm', pkg));

/** @type {any} */
let core = null;

/** The built module, instantiated once per test file. */
export async function loadCore() {
  if (!core) {
    core = await import(new URL('playground_wasm.js', pkg).href);
    core.initSync({ module: readFileSync(new URL('playground_wasm_bg.wasm', pkg)) });
  }
  return core;
}
