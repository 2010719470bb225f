#!/usr/bin/env node
// Performance benchmark of the playground's core in headless Chromium, against a plain
// JavaScript engine (bench/page/js-engine.js, the algorithm of TensorFlow Playground)
// and TensorFlow.js (wasm and cpu backends), in one run; plus the wasm module's size,
// the real page's start-up time and its epochs and frames per second at speed "max".
// Usually started by scripts/bench.sh, which installs what is missing and builds the
// wasm module first.
//
//   node bench/run.mjs [--pkg DIR] [--raw-pkg DIR] [--native FILE] [--quick]
//
//   --pkg DIR      wasm-pack --target web output of crates/wasm, optimized with wasm-opt
//                  as the page's (default: target/bench-pkg)
//   --raw-pkg DIR  the same module before wasm-opt (default: target/bench-pkg-raw), for
//                  its size, start-up time and speed beside the optimized one; skipped
//                  when absent
//   --native FILE  JSON written by the native benchmark (BENCH_JSON=FILE cargo bench ...),
//                  included in the results when given and present
//   --quick        short measurements (a smoke test of the harness, not figures to quote)
//   --ours-only    measure only our module's training, grid and memory (no peers, no
//                  page) and write nothing: for comparing a modified build quickly (with --pkg)
//   --js-engine    with --ours-only: measure the JavaScript engine too, and print the
//                  ratio ours / JS engine of each case (still writing nothing)
//   --tables-only  measure only the tables (digits and letters: ours, the JS engine and
//                  TensorFlow.js's wasm backend; digits in the real page at "max") and
//                  put them into the existing bench/results.json and results.md, whose
//                  other figures stay as they were measured
//   --render       measure nothing: write bench/results.md anew from bench/results.json
//                  (after a change to how the tables are written)
//
// Prints the tables, and writes bench/results.json and bench/results.md.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../scripts/chromium.mjs';
import { servePage, measureStartup, measurePlaying, measureCompare } from './real-page.mjs';
import { PAGE_NETWORKS, COMPARE_CASES, FOUR_RUNS, ONLINE_VS_FULL } from './cases.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '..');

function argValue(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const quick = process.argv.includes('--quick');
const oursOnly = process.argv.includes('--ours-only');
const tablesOnly = process.argv.includes('--tables-only');
const withJsEngine = process.argv.includes('--js-engine');
const pkgDir = resolve(argValue('--pkg', join(root, 'target', 'bench-pkg')));
const rawPkgDir = resolve(argValue('--raw-pkg', join(root, 'target', 'bench-pkg-raw')));
const hasRaw = existsSync(join(rawPkgDir, 'playground_wasm_bg.wasm'));
const nativeFile = argValue('--native', null);

const timing = quick ? { seconds: 0.2, runs: 1, warmup: 0.05 } : { seconds: 0.6, runs: 5, warmup: 0.5 };
/** Cold loads of the real page per module, and seconds of training at "max" per network. */
const pageLoads = quick ? 2 : 7;
const playSeconds = quick ? 1.5 : 4;

if (!existsSync(join(pkgDir, 'playground_wasm.js'))) {
  console.error(`no wasm module in ${pkgDir}: build it first (scripts/bench.sh does)`);
  process.exit(2);
}

// ---------------------------------------------------------------- static server

/** URL prefixes and the folders they serve (the first match wins). */
const MOUNTS = [
  ['/pkg/', pkgDir],
  ['/tfjs/', join(here, 'node_modules', '@tensorflow', 'tfjs', 'dist')],
  ['/tfjs-wasm/', join(here, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist')],
  ['/tables/', join(root, 'www', 'data', 'tables')],
  ['/', join(here, 'page')],
];

// ---------------------------------------------------------------- machine facts

function cpuFacts() {
  let model = os.cpus()[0]?.model ?? 'unknown';
  let mhz = null;
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    model = /^model name\s*:\s*(.*)$/m.exec(info)?.[1] ?? model;
    const m = /^cpu MHz\s*:\s*([\d.]+)$/m.exec(info);
    if (m) mhz = Number(m[1]);
  } catch {
    // not Linux: keep what os.cpus() says
  }
  return { cpu_model: model, cpu_mhz: mhz, cores: os.cpus().length };
}

function tryRun(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- formatting

const fmt = (x, digits = 0) =>
  x == null || !Number.isFinite(x) ? '-' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
// One decimal below 100x: a goal such as 10x must not be met by rounding (9.6x is not 10x).
const fmtRatio = (x) => (x == null || !Number.isFinite(x) ? '-' : `${x >= 100 ? x.toFixed(0) : x.toFixed(1)}x`);
const ms = (s) => fmt(s * 1e3, 3);
const mib = (b) => `${fmt(b / 1048576, 2)} MiB`;

function textTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function mdTable(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------- the run

const CASES = [
  ['default', 10],
  ['default', 'full'],
  ['mid', 10],
  ['mid', 'full'],
  ['largest', 10],
  ['largest', 'full'],
];
const LABEL = { default: 'default 2-4-2-1', mid: 'mid-size 7-8x6-1', largest: 'largest 7-32x10-1' };
const caseName = (net, batch) => `${LABEL[net]}, ${batch === 'full' ? 'full batch (250)' : `batch ${batch}`}`;
const BACKENDS = ['wasm', 'cpu'];
const METHODS = ['minimize', 'ops', 'fit'];
/** Memory checks: 10,000 epochs and 101 grids on the default network and on the largest (full batch, to keep it short). */
const MEMORY_CASES = [
  ['default', 10],
  ['largest', 'full'],
];


/**
 * The tables (bench/page/bench.js TABLES: one hidden layer of 32 tanh, softmax and the
 * cross-entropy, SGD α 0.1 in batches of 10 and 1 in full batch), each at batch 10 and
 * full batch, with the test accuracy whose training time is measured.
 */
const TABLE_CASES = [
  ['digits', 10],
  ['digits', 'full'],
  ['letters', 10],
  ['letters', 'full'],
];
const TABLE_TARGET = { digits: 0.95, letters: 0.6 };
const TABLE_LABEL = { digits: 'digits 64-32-10', letters: 'letters 63-32-26' };
const TABLE_ENGINES = [['ours', 'ours'], ['js', 'JS engine'], ['tfjs-wasm', 'tfjs-wasm']];
/** Seconds of training an engine gets to reach the stated accuracy. */
const tableMaxSeconds = quick ? 10 : 60;
const tableCaseName = (name, batch) => `${TABLE_LABEL[name]}, ${batch === 'full' ? 'full batch' : `batch ${batch}`}`;
/** Digits in the real page at "max" (batch 10, the tables' network). */
const DIGITS_PAGE = { query: '?table=digits:{"constant":"keep"}&layers=32&out=softmax&loss=softmax_cross_entropy&lr=0.1&speed=max', shape: [64, 32, 10] };

const log = (...a) => console.log(...a);

/** Size of the module's .wasm file, raw and gzipped (zlib level 9, as a static server would send it). */
function moduleSize(dir) {
  const bytes = readFileSync(join(dir, 'playground_wasm_bg.wasm'));
  const glue = readFileSync(join(dir, 'playground_wasm.js'));
  return { wasm_bytes: bytes.length, wasm_gzip_bytes: gzipSync(bytes, { level: 9 }).length, glue_bytes: glue.length };
}

/** Opens the benchmark page (bench/page/) and waits until our module and TensorFlow.js are ready. */
async function openBenchPage(browser, url, errors) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') log(`  [page ${m.type()}] ${m.text()}`);
  });
  await page.goto(url);
  await page.waitForFunction(() => window.bench !== undefined, null, { timeout: 30000 }).catch(() => {
    throw new Error(`the benchmark page did not load: ${errors.join('; ') || 'no error reported'}`);
  });
  await page.evaluate(() => window.bench.ready());
  return page;
}

/** Training throughput per case: ours, the JS engine, TensorFlow.js (each backend's fastest loop). */
async function measureTraining(page) {
  const training = [];
  for (const [net, batch] of CASES) {
    const name = caseName(net, batch);
    if (oursOnly && !withJsEngine) {
      const ours = await page.evaluate(([n, b, o]) => window.bench.ours(n, b, o), [net, batch, timing]);
      log(`ours      ${name}: ${fmt(ours.epochs_per_s)} epochs/s (median ${fmt(ours.epochs_per_s_median)})`);
      continue;
    }
    // Their timed runs alternate, so the ratio does not depend on the machine's phases.
    const { ours, js } = await page.evaluate(([n, b, o]) => window.bench.oursAndJsEngine(n, b, o), [net, batch, timing]);
    log(`ours      ${name}: ${fmt(ours.epochs_per_s)} epochs/s (median ${fmt(ours.epochs_per_s_median)})`);
    log(`js-engine ${name}: ${fmt(js.epochs_per_s, 1)} epochs/s (median ${fmt(js.epochs_per_s_median, 1)})`);
    if (oursOnly) {
      log(`ours / js-engine ${name}: ${fmt(ours.epochs_per_s / js.epochs_per_s, 1)}x`);
      continue;
    }
    const peer = {};
    for (const backend of BACKENDS) {
      peer[backend] = {};
      for (const method of METHODS) {
        const r = await page.evaluate(([n, b, be, me, o]) => window.bench.peer(n, b, be, me, o), [net, batch, backend, method, timing]);
        peer[backend][method] = r;
        log(`tfjs-${backend.padEnd(4)} ${name}, ${method}: ${fmt(r.epochs_per_s, 1)} epochs/s`);
      }
      peer[backend].best = METHODS.reduce((a, m) => (peer[backend][m].epochs_per_s > peer[backend][a].epochs_per_s ? m : a));
    }
    const n = ours.training_points;
    training.push({
      case: name,
      network: net,
      batch,
      training_points: n,
      ours: { ...ours, sample_steps_per_s: ours.epochs_per_s * n },
      js_engine: js,
      peer,
      speedup: {
        js_engine: ours.epochs_per_s / js.epochs_per_s,
        ...Object.fromEntries(BACKENDS.map((b) => [b, ours.epochs_per_s / peer[b][peer[b].best].epochs_per_s])),
      },
    });
  }
  return training;
}

/** The tables: epochs/s and training time to the stated test accuracy per engine. */
async function measureTables(page) {
  const out = [];
  for (const [name, batch] of TABLE_CASES) {
    const row = { case: tableCaseName(name, batch), table: name, batch, target_accuracy: TABLE_TARGET[name], max_seconds: tableMaxSeconds };
    for (const [engine, label] of TABLE_ENGINES) {
      const r = await page.evaluate(([e, n, b, o, t, m]) => window.bench.table(e, n, b, o, t, m), [engine, name, batch, timing, TABLE_TARGET[name], tableMaxSeconds]);
      row[engine] = r;
      log(`${label.padEnd(9)} ${row.case}: ${fmt(r.epochs_per_s, 1)} epochs/s (median ${fmt(r.epochs_per_s_median, 1)}); ` +
        `test accuracy ${fmt(100 * TABLE_TARGET[name])} % ${r.to.reached ? `after ${fmt(r.to.seconds, 2)} s (${r.to.epochs} epochs)` : `not reached in ${fmt(r.to.seconds, 1)} s (${fmt(100 * r.to.accuracy, 1)} % after ${r.to.epochs} epochs)`}`);
    }
    row.speedup = { js_engine: row.ours.epochs_per_s / row.js.epochs_per_s, wasm: row.ours.epochs_per_s / row['tfjs-wasm'].epochs_per_s };
    out.push(row);
  }
  return out;
}

/** Digits in the real page at speed "max": epochs/s and frames/s. */
async function measureDigitsPage(browser) {
  const { server, url } = await servePage(root, pkgDir);
  try {
    const m = await measurePlaying(browser, url, DIGITS_PAGE, playSeconds);
    log(`page at "max", digits 64-32-10, batch 10: ${fmt(m.epochs_per_s)} epochs/s, ${fmt(m.raf_fps, 1)} fps (frames drawn ${fmt(m.drawn_fps, 1)}/s; ` +
      `worker ${fmt(m.worker_ms_per_frame, 1)} ms, drawing ${fmt(m.draw_ms_per_frame, 1)} ms per frame)`);
    return { label: 'digits 64-32-10', query: DIGITS_PAGE.query, ...m };
  } finally {
    server.close();
  }
}

/** Output grid evaluation, ours against TensorFlow.js's predict. */
async function measureGrid(page) {
  const grid = [];
  for (const size of [100, 200]) {
    const ours = await page.evaluate((s) => window.bench.oursGrid(s, s), size);
    if (oursOnly) {
      log(`grid ${size}x${size}: ours ${ms(ours.seconds)} ms (median ${ms(ours.median_seconds)})`);
      continue;
    }
    const peer = {};
    for (const backend of BACKENDS) {
      peer[backend] = await page.evaluate(([be, s]) => window.bench.peerGrid(be, s, s), [backend, size]);
    }
    grid.push({
      size: `${size}x${size}`,
      cells: size * size,
      ours,
      peer,
      speedup: Object.fromEntries(BACKENDS.map((b) => [b, peer[b].seconds / ours.seconds])),
    });
    log(`grid ${size}x${size}: ours ${ms(ours.seconds)} ms, tfjs-wasm ${ms(peer.wasm.seconds)} ms, tfjs-cpu ${ms(peer.cpu.seconds)} ms`);
  }
  return grid;
}

/** The wasm memory over 10,000 epochs and 101 grids, per memory case. */
async function measureMemory(page) {
  const memory = [];
  for (const [net, batch] of MEMORY_CASES) {
    const m = await page.evaluate(([n, b]) => window.bench.memory(n, b, 10000), [net, batch]);
    m.case = caseName(net, batch);
    m.grew_during_training = m.bytes_after_training > m.bytes_before_training;
    m.grew_during_grids = m.bytes_after_100_grids > m.bytes_after_first_grid;
    log(`memory ${m.case}: ${m.bytes_before_training} bytes before, ${m.bytes_after_training} after ${m.epochs} epochs, ${m.bytes_after_100_grids} after 101 grids`);
    memory.push(m);
  }
  return memory;
}

/**
 * The wasm-opt step: module sizes before and after, the real page's start-up with
 * each, and our training speed with the module before it on two cases (the figures
 * after it are the training table's).
 */
async function measureModule(browser) {
  const variants = [['optimized', pkgDir]];
  if (hasRaw) variants.push(['raw', rawPkgDir]);
  const module = { wasm_opt: hasRaw };
  for (const [name, dir] of variants) {
    const size = moduleSize(dir);
    const { server, url } = await servePage(root, dir);
    try {
      const startup = await measureStartup(browser, url, pageLoads);
      module[name] = { dir, ...size, startup };
      log(
        `module ${name}: ${fmt(size.wasm_bytes)} bytes (${fmt(size.wasm_gzip_bytes)} gzipped); page start-up to the first output plane ` +
          `best ${fmt(startup.best_ms)} ms, median ${fmt(startup.median_ms)} ms over ${pageLoads} cold loads`,
      );
    } finally {
      server.close();
    }
  }
  return module;
}

/** Our training speed with the module before wasm-opt, on the bench page served with it. */
async function measureRawSpeed(browser) {
  if (!hasRaw || oursOnly) return null;
  const { server, url } = await startServer({ port: 0, mounts: [['/pkg/', rawPkgDir], ...MOUNTS.slice(1)] });
  const errors = [];
  try {
    const page = await openBenchPage(browser, url, errors);
    const out = [];
    for (const [net, batch] of [['default', 10], ['largest', 10]]) {
      const r = await page.evaluate(([n, b, o]) => window.bench.ours(n, b, o), [net, batch, timing]);
      out.push({ case: caseName(net, batch), epochs_per_s: r.epochs_per_s, epochs_per_s_median: r.epochs_per_s_median });
      log(`ours before wasm-opt, ${caseName(net, batch)}: ${fmt(r.epochs_per_s)} epochs/s`);
    }
    await page.close();
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    return out;
  } finally {
    server.close();
  }
}

/** The real page at speed "max" on each network: epochs/s and frames/s. */
async function measurePage(browser) {
  const { server, url } = await servePage(root, pkgDir);
  const out = [];
  try {
    for (const [net, spec] of Object.entries(PAGE_NETWORKS)) {
      const m = await measurePlaying(browser, url, spec, playSeconds);
      out.push({ network: net, label: LABEL[net], query: spec.query, ...m });
      log(
        `page at "max", ${LABEL[net]}, batch 10: ${fmt(m.epochs_per_s)} epochs/s, ${fmt(m.raf_fps, 1)} fps ` +
          `(frames drawn ${fmt(m.drawn_fps, 1)}/s; worker ${fmt(m.worker_ms_per_frame, 1)} ms, drawing ${fmt(m.draw_ms_per_frame, 1)} ms per frame)`,
      );
    }
  } finally {
    server.close();
  }
  return out;
}

/** The real page in compare mode at speed "max", four runs, lockstep and race: epochs/s of each run and frames/s. */
async function measureCompareMode(browser) {
  const { server, url } = await servePage(root, pkgDir);
  const out = [];
  try {
    for (const [mode, spec] of Object.entries(COMPARE_CASES)) {
      let m;
      try {
        m = await measureCompare(browser, url, spec, playSeconds);
      } catch (e) {
        // Recorded, not fatal: the rest of the results still count.
        out.push({ mode, runs: spec.runs, query: spec.query, error: e.message });
        log(`page in compare mode at "max", ${spec.runs} runs, ${mode}: FAILED: ${e.message}`);
        continue;
      }
      out.push({ mode, runs: spec.runs, query: spec.query, ...m });
      log(
        `page in compare mode at "max", ${spec.runs} runs, ${mode}: ${fmt(m.raf_fps, 1)} fps (frames drawn ${fmt(m.drawn_fps, 1)}/s, ` +
          `drawing ${fmt(m.draw_ms_per_frame, 1)} ms per frame); epochs/s ${m.epochs_per_s.map((e) => fmt(e)).join(', ')}`,
      );
    }
  } finally {
    server.close();
  }
  return out;
}

async function main() {
  if (process.argv.includes('--render')) {
    const results = JSON.parse(readFileSync(join(here, 'results.json'), 'utf8'));
    writeFileSync(join(here, 'results.md'), render(results).markdown);
    log('wrote bench/results.md from bench/results.json');
    return;
  }
  const started = Date.now();
  const loadBefore = os.loadavg();
  const { server, url } = await startServer({ port: 0, mounts: MOUNTS });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const errors = [];
    const page = await openBenchPage(browser, url, errors);
    const facts = {
      ...cpuFacts(),
      chromium: browser.version(),
      node: process.version,
      rustc: tryRun('rustc', ['--version']),
      wasm_pack: tryRun('wasm-pack', ['--version']),
      wasm_opt: tryRun(join(root, 'node_modules', '.bin', 'wasm-opt'), ['--version']),
      commit: tryRun('git', ['-C', root, 'rev-parse', '--short', 'HEAD']),
      ...(await page.evaluate(() => window.bench.facts())),
    };
    log(`machine: ${facts.cpu_model}, ${facts.cores} cores${facts.cpu_mhz ? ` at ${fmt(facts.cpu_mhz)} MHz` : ''}; ` +
      `Chromium ${facts.chromium}; TensorFlow.js ${facts.tfjs_version} ` +
      `(wasm SIMD ${facts.tfjs_wasm_simd}, threads ${facts.tfjs_wasm_threads}); load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);
    if (quick) log('QUICK MODE: short measurements, not figures to quote');
    if (!hasRaw) log(`no module before wasm-opt in ${rawPkgDir}: its size and start-up are not measured`);

    if (tablesOnly) {
      const tables = await measureTables(page);
      await page.close();
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
      const tablePage = await measureDigitsPage(browser);
      const file = join(here, 'results.json');
      if (!existsSync(file)) throw new Error('--tables-only adds to bench/results.json: run the whole benchmark first');
      const results = JSON.parse(readFileSync(file, 'utf8'));
      results.tables = { date: new Date().toISOString(), quick, load_average_before: loadBefore, load_average_after: os.loadavg(), machine: facts, method: tableMethod(), cases: tables, page: tablePage };
      const { text, markdown } = render(results);
      log('');
      log(text);
      if (quick) {
        log('\nquick mode: bench/results.* left as they were');
        return;
      }
      writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
      writeFileSync(join(here, 'results.md'), markdown);
      log(`\nwrote the tables into bench/results.json and bench/results.md (${fmt((Date.now() - started) / 1000, 0)} s)`);
      return;
    }

    const training = await measureTraining(page);
    const grid = await measureGrid(page);
    const memory = await measureMemory(page);
    const tables = oursOnly ? null : await measureTables(page);
    await page.close();
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    const grew = memory.some((m) => m.grew_during_training || m.grew_during_grids);
    if (oursOnly) {
      if (grew) throw new Error('the wasm memory grew during training or grid evaluation');
      return;
    }
    const module = await measureModule(browser);
    module.raw_training = await measureRawSpeed(browser);
    const realPage = await measurePage(browser);
    const compareMode = await measureCompareMode(browser);
    const tablePage = await measureDigitsPage(browser);

    let native = null;
    if (nativeFile && existsSync(nativeFile)) native = JSON.parse(readFileSync(nativeFile, 'utf8'));

    const results = {
      date: new Date().toISOString(),
      quick,
      seconds_total: (Date.now() - started) / 1000,
      load_average_before: loadBefore,
      load_average_after: os.loadavg(),
      machine: facts,
      method: {
        ours: 'Playground.train(E) of the release wasm module (simd128, wasm-opt), E epochs per call, one thread',
        js_engine:
          'bench/page/js-engine.js: TensorFlow Playground\'s algorithm (node and link objects, per-sample forward and backward, derivatives accumulated on nodes and links, mean applied per batch), f64, from our initial weights, on our points, reshuffled every epoch; tests/unit/js-engine.test.mjs checks it computes our losses, gradients and updates',
        peer_minimize:
          'optimizer.minimize(() => tf.mean(tf.squaredDifference(model.apply(xb), yb))) per batch over batch tensors made once (contents fixed, order shuffled every epoch)',
        peer_ops:
          'the same minimize loop with the forward pass written as tf.tanh(tf.add(tf.matMul(h, W), b)) on the sequential model\'s own weight variables (what Dense computes, without the Layers API overhead)',
        peer_fit: "model.fit(X, Y, {batchSize, epochs: E, shuffle: true, yieldEvery: 'never'}), loss 'meanSquaredError'",
        timing: `best of ${timing.runs} runs of >= ${timing.seconds} s each after a warm-up (medians in results.json); the machine is a shared 2-vCPU VM whose speed switches between levels up to ~1.8x apart, and the best run is the least disturbed one; ours and the JS engine alternate their timed runs (ours, JS, ours, ...), so their ratio does not depend on which one ran in a slow phase`,
        grid: 'fastest of 15 groups of calls lasting >= 50 ms each; ours: fillOutputGrid(out, w, h) (features computed inside); peer: model.predict(X, {batchSize: cells}) + dataSync() on an input tensor made once',
        speedup: 'ours / the JS engine, ours / fastest TensorFlow.js loop of that backend (throughput); peer time / ours (grid)',
        startup: `${pageLoads} cold loads of www/ (fresh browser context each, 1400x900, served from localhost) with the module under test; time from navigation start to the performance mark '${'playground:first-output'}' the page sets when it first draws the output plane with a heatmap`,
        page: `the real page opened by link at speed "max", batch 10; after 50 epochs and 1 s of warm-up, ${playSeconds} s counted: epochs (window.__playground.epoch), requestAnimationFrame callbacks (fps) and the page's drawn frames`,
        compare_mode: `the real page in compare mode, four runs of the default network (${FOUR_RUNS}), lockstep and race (race=1), and two (${ONLINE_VS_FULL}), at speed "max"; after every run passed epoch 50 and 1 s of warm-up, ${playSeconds} s counted: each run's epochs, requestAnimationFrame callbacks (fps) and the page's drawn frames`,
      },
      training,
      grid,
      memory,
      module,
      page: realPage,
      compare_mode: compareMode,
      tables: { date: new Date().toISOString(), quick, load_average_before: loadBefore, load_average_after: os.loadavg(), machine: facts, method: tableMethod(), cases: tables, page: tablePage },
      native,
    };
    const { text, markdown } = render(results);
    log('');
    log(text);
    writeFileSync(join(here, 'results.json'), JSON.stringify(results, null, 2) + '\n');
    writeFileSync(join(here, 'results.md'), markdown);
    log(`\nwrote bench/results.json and bench/results.md (${fmt(results.seconds_total, 0)} s)`);
    if (grew) throw new Error('the wasm memory grew during training or grid evaluation');
  } finally {
    await browser.close();
    server.close();
  }
}

/** How the tables are measured (results.json and results.md). */
function tableMethod() {
  return `one hidden layer of 32 tanh neurons, a softmax output and the cross-entropy, plain SGD (α 0.1 in batches of 10, α 1 in full batch: the loss is a mean over the batch), the table's training split (digits 898 rows, letters 520), every engine from our initial weights on our encoded rows; ours: Playground.train; JS engine: bench/page/js-engine.js with a softmax output (checked against our core in tests/unit/js-engine.test.mjs); tfjs-wasm: TensorFlow.js's wasm backend, the ops loop (tf.tanh(tf.add(tf.matMul(h, W), b)), tf.losses.softmaxCrossEntropy, optimizer.minimize per batch). Time to accuracy: training time, epoch by epoch, until the test split's accuracy reaches the stated figure (the checks between epochs not counted; at most ${tableMaxSeconds} s). Epochs/s: ${timing.runs > 1 ? `best of ${timing.runs} runs of >= ${timing.seconds} s` : 'one short run'}, after that training`;
}

/** The tables' rows: epochs/s per engine, ratios, time to accuracy. */
function tableRowsOf(r) {
  const to = (x) => (x.to.reached ? `${fmt(x.to.seconds, 2)} s (${x.to.epochs} ep.)` : `> ${fmt(x.to.seconds, 0)} s (${fmt(100 * x.to.accuracy, 0)} %)`);
  return (r.tables?.cases ?? []).map((c) => [
    c.case,
    fmt(c.ours.epochs_per_s, 1),
    fmt(c.js.epochs_per_s, 1),
    fmt(c['tfjs-wasm'].epochs_per_s, 1),
    fmtRatio(c.speedup.js_engine),
    fmtRatio(c.speedup.wasm),
    `${fmt(100 * c.target_accuracy)} %`,
    to(c.ours),
    to(c.js),
    to(c['tfjs-wasm']),
  ]);
}
const TABLE_HEADER = ['case', 'ours epochs/s', 'JS engine', 'tfjs-wasm', 'ours / JS engine', 'ours / tfjs-wasm', 'test accuracy', 'ours: time to it', 'JS engine', 'tfjs-wasm'];

function machineLine(r) {
  const f = r.machine;
  return (
    `${f.cpu_model}, ${f.cores} cores${f.cpu_mhz ? ` (${fmt(f.cpu_mhz)} MHz)` : ''}; Chromium ${f.chromium} headless; ` +
    `Node ${f.node}; ${f.rustc ?? 'rustc ?'}; ${f.wasm_opt ?? 'wasm-opt ?'}; TensorFlow.js ${f.tfjs_version} (wasm backend: SIMD ${f.tfjs_wasm_simd}, ` +
    `threads ${f.tfjs_wasm_threads}); load average before/after ${r.load_average_before[0].toFixed(2)}/${r.load_average_after[0].toFixed(2)}` +
    (f.commit ? `; commit ${f.commit}` : '')
  );
}

/** The tables of the results: each as [title, header, rows]. */
function tables(r) {
  const best = (p) => `${fmt(p[p.best].epochs_per_s, 1)} (${p.best})`;
  const training = [
    'Training throughput (250 training points per epoch; TensorFlow.js: its fastest loop, in brackets)',
    ['case', 'ours epochs/s', '(median)', 'JS engine', 'tfjs-wasm', 'tfjs-cpu', 'ours / JS engine', 'ours / tfjs-wasm', 'ours / tfjs-cpu'],
    r.training.map((t) => [
      t.case,
      fmt(t.ours.epochs_per_s),
      fmt(t.ours.epochs_per_s_median),
      fmt(t.js_engine.epochs_per_s, 1),
      best(t.peer.wasm),
      best(t.peer.cpu),
      fmtRatio(t.speedup.js_engine),
      fmtRatio(t.speedup.wasm),
      fmtRatio(t.speedup.cpu),
    ]),
  ];
  const loops = [
    'Sample-steps/s by engine and loop (sample-steps/s = epochs/s x 250)',
    ['case', 'ours', 'JS engine', ...BACKENDS.flatMap((b) => METHODS.map((m) => `${b} ${m}`))],
    r.training.map((t) => [
      t.case,
      fmt(t.ours.sample_steps_per_s),
      fmt(t.js_engine.epochs_per_s * t.training_points),
      ...BACKENDS.flatMap((b) => METHODS.map((m) => fmt(t.peer[b][m].epochs_per_s * t.training_points))),
    ]),
  ];
  const grid = [
    'Output grid evaluation, default network (time of one call, fastest group)',
    ['grid', 'ours ms', 'tfjs-wasm ms', 'tfjs-cpu ms', 'tfjs-wasm / ours', 'tfjs-cpu / ours'],
    r.grid.map((g) => [g.size, ms(g.ours.seconds), ms(g.peer.wasm.seconds), ms(g.peer.cpu.seconds), fmtRatio(g.speedup.wasm), fmtRatio(g.speedup.cpu)]),
  ];
  const m = r.module;
  const variants = [['after wasm-opt -O3 (the page\'s)', m.optimized], ['before wasm-opt', m.raw]].filter(([, v]) => v);
  const speedOf = (c) => r.training.find((t) => t.case === c)?.ours.epochs_per_s;
  const module = [
    'The wasm module and the page\'s start-up (navigation to the first drawn output plane, cold loads)',
    ['module', 'wasm bytes', 'gzipped', 'start-up best ms', 'median ms', ...(m.raw_training ?? []).map((x) => `${x.case} epochs/s`)],
    variants.map(([name, v]) => [
      name,
      fmt(v.wasm_bytes),
      fmt(v.wasm_gzip_bytes),
      fmt(v.startup.best_ms),
      fmt(v.startup.median_ms),
      ...(m.raw_training ?? []).map((x) => fmt(v === m.raw ? x.epochs_per_s : speedOf(x.case))),
    ]),
  ];
  const page = [
    'The real page training at speed "max" (batch 10; frames/s from requestAnimationFrame)',
    ['network', 'epochs/s', 'frames/s', 'frames drawn/s', 'worker ms/frame', 'drawing ms/frame'],
    r.page.map((p) => [p.label, fmt(p.epochs_per_s), fmt(p.raf_fps, 1), fmt(p.drawn_fps, 1), fmt(p.worker_ms_per_frame, 1), fmt(p.draw_ms_per_frame, 1)]),
  ];
  const compare = [
    'The real page in compare mode at speed "max", four runs of the default network and two (A online, B full batch) (frames/s from requestAnimationFrame)',
    ['mode', 'frames/s', 'frames drawn/s', 'drawing ms/frame', 'epochs/s of runs A, B, ...'],
    (r.compare_mode ?? []).map((c) =>
      c.error
        ? [c.mode, 'failed', '-', '-', c.error.slice(0, 120)]
        : [c.mode, fmt(c.raf_fps, 1), fmt(c.drawn_fps, 1), fmt(c.draw_ms_per_frame, 1), c.epochs_per_s.map((e) => fmt(e)).join(', ')],
    ),
  ];
  const memory = [
    'wasm memory (bytes) over 10,000 epochs and 101 grids of 200x200',
    ['case', 'before training', 'after', 'after 1 grid', 'after 101 grids', 'flat'],
    r.memory.map((x) => [
      x.case,
      x.bytes_before_training,
      x.bytes_after_training,
      x.bytes_after_first_grid,
      x.bytes_after_100_grids,
      x.grew_during_training || x.grew_during_grids ? 'GREW' : 'yes',
    ]),
  ];
  const tableCases = ['Tables: training throughput and time to a test accuracy (softmax cross-entropy)', TABLE_HEADER, tableRowsOf(r)];
  const tablePage = r.tables?.page;
  const tablesPage = [
    'Digits in the real page at speed "max" (batch 10; frames/s from requestAnimationFrame)',
    ['network', 'epochs/s', 'frames/s', 'frames drawn/s', 'worker ms/frame', 'drawing ms/frame'],
    tablePage ? [[tablePage.label, fmt(tablePage.epochs_per_s), fmt(tablePage.raf_fps, 1), fmt(tablePage.drawn_fps, 1), fmt(tablePage.worker_ms_per_frame, 1), fmt(tablePage.draw_ms_per_frame, 1)]] : [],
  ];
  return { training, loops, grid, module, page, compare, memory, tableCases, tablesPage };
}

function nativeTable(r) {
  if (!r.native) return null;
  const header = ['case (native f32)', 'epochs/s', '(median)', 'sample-steps/s', 'MAC/sample-step', 'GFLOP/s', 'of peak'];
  const rows = r.native.cases.map((c) => [
    c.case,
    fmt(c.epochs_per_s),
    fmt(c.epochs_per_s_median),
    fmt(c.sample_steps_per_s),
    fmt(c.macs_per_sample_step, 1),
    fmt(c.gflops, 2),
    c.peak_fraction == null ? '-' : `${(100 * c.peak_fraction).toFixed(1)}%`,
  ]);
  const peak = r.native.peak_gflops ? `nominal peak ${fmt(r.native.peak_gflops, 1)} GFLOP/s per core (${r.native.flops_per_cycle} FLOP/cycle)` : '';
  const grid = r.native.grid.map((x) => `${x.size} ${ms(x.seconds)} ms`).join(', ');
  return { header, rows, peak, grid };
}

function render(r) {
  const t = tables(r);
  const order = ['training', 'loops', 'grid', 'module', 'page', 'compare', 'memory', ...(r.tables ? ['tableCases', 'tablesPage'] : [])];
  const nat = nativeTable(r);
  const text = [
    `Machine: ${machineLine(r)}`,
    r.quick ? 'QUICK MODE: short measurements, not figures to quote' : '',
    ...order.flatMap((k) => ['', t[k][0], textTable(t[k][1], t[k][2])]),
    nat ? `\nNative (cargo bench -p playground-core --bench train; ${nat.peak}):\n${textTable(nat.header, nat.rows)}\nnative output grid: ${nat.grid}\n` : '',
  ].join('\n');
  const md = (k) => `${mdTable(t[k][1], t[k][2])}`;
  const markdown = `# Benchmark results

Produced by \`scripts/bench.sh\` on ${r.date.slice(0, 10)}${r.quick ? ' (QUICK MODE: not figures to quote)' : ''}.

Machine: ${machineLine(r)}.

Networks: default = features x1, x2; hidden layers 4, 2; mid-size = all 7 features, six hidden
layers of 8; largest = all 7 features, ten hidden layers of 32. All: tanh everywhere, MSE, plain SGD
with learning rate 0.03, the circle dataset with 500 points and train fraction 0.5 (250 training
points, from our \`points(false)\`).

- Ours: ${r.method.ours}.
- JS engine: ${r.method.js_engine}.
- TensorFlow.js: a \`tf.sequential\` of dense tanh layers, sgd(0.03), the same points and batch sizes; the
fastest of three loops per backend is used for the ratio — minimize: ${r.method.peer_minimize}; ops: ${r.method.peer_ops}; fit: ${r.method.peer_fit}. Production mode (\`tf.enableProdMode()\`).
- Timing: ${r.method.timing}. The page is not cross-origin isolated, so all run on one thread.

### Training throughput

${md('training')}

Sample-steps/s by engine and loop:

${md('loops')}

### Output grid (default network)

${r.method.grid}.

${md('grid')}

### Module size and start-up

Start-up: ${r.method.startup}. Sizes: the \`.wasm\` file raw and gzipped (zlib level 9); the JavaScript glue is ${fmt(r.module.optimized.glue_bytes)} bytes.
The speed columns are ours with each module (after wasm-opt: the training table's figures).

${md('module')}

### The real page at speed "max"

${r.method.page}.

${md('page')}

### The real page in compare mode at speed "max"

${r.method.compare_mode}.

${md('compare')}

### Memory

${md('memory')}
${r.tables ? `
### Tables

Measured on ${r.tables.date.slice(0, 10)}${r.tables.quick ? ' (QUICK MODE: not figures to quote)' : ''}; load average before/after ${r.tables.load_average_before[0].toFixed(2)}/${r.tables.load_average_after[0].toFixed(2)} (the machine was shared with other work while it ran). Method: ${r.tables.method}.

${md('tableCases')}

Digits in the real page at speed "max": ${r.method.page.replace('batch 10; ', '')}, opened by \`${r.tables.page?.query ?? ''}\`.

${md('tablesPage')}
` : ''}${nat ? `\n### Native build (same core, x86-64, f32)\n\n\`cargo bench -p playground-core --bench train\`; ${nat.peak}; multiply-adds of forward, backward and update per sample-step.\n\n${mdTable(nat.header, nat.rows)}\n\nOutput grid, default network: ${nat.grid}.\n` : ''}`;
  return { text, markdown };
}

main().catch((e) => {
  console.error(`benchmark failed: ${e.stack ?? e}`);
  process.exit(1);
});
