// The real page's frame rates at speed "max" alone, in a minute or two: each network of
// the benchmark playing by itself, and compare mode with four runs in lockstep and in
// race. For judging a change to the page's drawing or pacing without the whole
// benchmark; writes nothing.
//
//   node bench/page-fps.mjs [--pkg DIR] [--seconds S]
//
//   --pkg DIR      the wasm module to serve as the page's /pkg/ (default: www/pkg)
//   --seconds S    seconds counted per measurement (default 4)

import { chromium } from 'playwright-core';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, CHROMIUM_ARGS } from '../scripts/chromium.mjs';
import { servePage, measurePlaying, measureCompare } from './real-page.mjs';
import { PAGE_NETWORKS, COMPARE_CASES } from './cases.mjs';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const pkgDir = resolve(arg('--pkg', `${root}/www/pkg`));
const seconds = Number(arg('--seconds', '4'));
const fmt = (x) => x.toFixed(1);

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const { server, url } = await servePage(root, pkgDir);
try {
  for (const [name, spec] of Object.entries(PAGE_NETWORKS)) {
    const m = await measurePlaying(browser, url, spec, seconds);
    console.log(`${name}: ${fmt(m.raf_fps)} frames/s, ${fmt(m.drawn_fps)} drawn/s, ${Math.round(m.epochs_per_s)} epochs/s`);
  }
  for (const [mode, spec] of Object.entries(COMPARE_CASES)) {
    const m = await measureCompare(browser, url, spec, seconds);
    const epochs = m.epochs_per_s.map((e) => Math.round(e)).join(', ');
    console.log(`compare, ${spec.runs} runs, ${mode}: ${fmt(m.raf_fps)} frames/s, ${fmt(m.drawn_fps)} drawn/s, epochs/s per run ${epochs}`);
  }
} finally {
  server.close();
  await browser.close();
}
