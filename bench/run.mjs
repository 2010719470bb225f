#!/usr/bin/env node
// Performance benchmark of the playground's core in headless Chromium, against
// TensorFlow.js (wasm and cpu backends), in one run. Usually started by
// scripts/bench.sh, which installs what is missing and builds the wasm module first.
//
//   node bench/run.mjs [--pkg DIR] [--native FILE] [--quick]
//
//   --pkg DIR      wasm-pack --target web output of crates/wasm (default: target/bench-pkg)
//   --native FILE  JSON written by the native benchmark (BENCH_JSON=FILE cargo bench ...),
//                  included in the results when given and present
//   --quick        short measurements (a smoke test of the harness, not figures to quote)
//   --ours-only    measure only our module (training, grid, memory) and write nothing:
//                  for comparing a modified build quickly (with --pkg)
//
// Prints the tables, and writes bench/results.json and bench/results.md.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../scripts/chromium.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '..');

function argValue(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const quick = process.argv.includes('--quick');
const oursOnly = process.argv.includes('--ours-only');
const pkgDir = resolve(argValue('--pkg', join(root, 'target', 'bench-pkg')));
const nativeFile = argValue('--native', null);

const timing = quick ? { seconds: 0.2, runs: 1, warmup: 0.05 } : { seconds: 0.6, runs: 5, warmup: 0.5 };

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
const fmtRatio = (x) => (x == null || !Number.isFinite(x) ? '-' : `${x >= 10 ? x.toFixed(0) : x.toFixed(1)}x`);
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
  ['largest', 10],
  ['largest', 'full'],
];
const LABEL = { default: 'default 2-4-2-1', largest: 'largest 7-8x6-1' };
const caseName = (net, batch) => `${LABEL[net]}, ${batch === 'full' ? 'full batch (250)' : `batch ${batch}`}`;
const BACKENDS = ['wasm', 'cpu'];
const METHODS = ['minimize', 'ops', 'fit'];

const log = (...a) => console.log(...a);

async function main() {
  const started = Date.now();
  const loadBefore = os.loadavg();
  const { server, url } = await startServer({ port: 0, mounts: MOUNTS });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') log(`  [page ${m.type()}] ${m.text()}`);
    });
    await page.goto(url);
    await page.waitForFunction(() => window.bench !== undefined, null, { timeout: 30000 }).catch(() => {
      throw new Error(`the benchmark page did not load: ${errors.join('; ') || 'no error reported'}`);
    });
    await page.evaluate(() => window.bench.ready());

    const facts = {
      ...cpuFacts(),
      chromium: browser.version(),
      node: process.version,
      rustc: tryRun('rustc', ['--version']),
      wasm_pack: tryRun('wasm-pack', ['--version']),
      commit: tryRun('git', ['-C', root, 'rev-parse', '--short', 'HEAD']),
      ...(await page.evaluate(() => window.bench.facts())),
    };
    log(`machine: ${facts.cpu_model}, ${facts.cores} cores${facts.cpu_mhz ? ` at ${fmt(facts.cpu_mhz)} MHz` : ''}; ` +
      `Chromium ${facts.chromium}; TensorFlow.js ${facts.tfjs_version} ` +
      `(wasm SIMD ${facts.tfjs_wasm_simd}, threads ${facts.tfjs_wasm_threads}); load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);
    if (quick) log('QUICK MODE: short measurements, not figures to quote');

    // 1 + 2: training throughput
    const training = [];
    for (const [net, batch] of CASES) {
      const name = caseName(net, batch);
      const ours = await page.evaluate(([n, b, o]) => window.bench.ours(n, b, o), [net, batch, timing]);
      log(`ours     ${name}: ${fmt(ours.epochs_per_s)} epochs/s (median ${fmt(ours.epochs_per_s_median)})`);
      if (oursOnly) continue;
      const peer = {};
      for (const backend of BACKENDS) {
        peer[backend] = {};
        for (const method of METHODS) {
          const r = await page.evaluate(([n, b, be, me, o]) => window.bench.peer(n, b, be, me, o), [net, batch, backend, method, timing]);
          peer[backend][method] = r;
          log(`tfjs-${backend.padEnd(4)} ${name}, ${method}: ${fmt(r.epochs_per_s, 1)} epochs/s`);
        }
        const best = METHODS.reduce((a, m) => (peer[backend][m].epochs_per_s > peer[backend][a].epochs_per_s ? m : a));
        peer[backend].best = best;
      }
      const n = ours.training_points;
      training.push({
        case: name,
        network: net,
        batch,
        training_points: n,
        ours: { ...ours, sample_steps_per_s: ours.epochs_per_s * n },
        peer,
        speedup: Object.fromEntries(
          BACKENDS.map((b) => [b, ours.epochs_per_s / peer[b][peer[b].best].epochs_per_s]),
        ),
      });
    }

    // 3: grid evaluation
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

    // 4: memory
    const memory = await page.evaluate(() => window.bench.memory(10000));
    memory.grew_during_training = memory.bytes_after_training > memory.bytes_before_training;
    memory.grew_during_grids = memory.bytes_after_100_grids > memory.bytes_after_first_grid;
    log(`memory: ${memory.bytes_before_training} bytes before, ${memory.bytes_after_training} after ${memory.epochs} epochs`);

    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    if (oursOnly) return;

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
        ours: 'Playground.train(E) of the release wasm module (simd128), E epochs per call, one thread',
        peer_minimize:
          'optimizer.minimize(() => tf.mean(tf.squaredDifference(model.apply(xb), yb))) per batch over batch tensors made once (contents fixed, order shuffled every epoch)',
        peer_ops:
          'the same minimize loop with the forward pass written as tf.tanh(tf.add(tf.matMul(h, W), b)) on the sequential model\'s own weight variables (what Dense computes, without the Layers API overhead)',
        peer_fit: "model.fit(X, Y, {batchSize, epochs: E, shuffle: true, yieldEvery: 'never'}), loss 'meanSquaredError'",
        timing: `best of ${timing.runs} runs of >= ${timing.seconds} s each after a warm-up (medians in results.json); the machine is a shared 2-vCPU VM whose speed switches between levels up to ~1.8x apart, and the best run is the least disturbed one`,
        grid: 'fastest of 15 groups of calls lasting >= 50 ms each; ours: fillOutputGrid(out, w, h) (features computed inside); peer: model.predict(X, {batchSize: cells}) + dataSync() on an input tensor made once',
        speedup: 'ours / fastest peer loop of that backend (throughput); peer time / ours (grid)',
      },
      training,
      grid,
      memory,
      native,
    };
    const { text, markdown } = render(results);
    log('');
    log(text);
    writeFileSync(join(here, 'results.json'), JSON.stringify(results, null, 2) + '\n');
    writeFileSync(join(here, 'results.md'), markdown);
    log(`\nwrote bench/results.json and bench/results.md (${fmt(results.seconds_total, 0)} s)`);
    if (memory.grew_during_training || memory.grew_during_grids) {
      throw new Error('the wasm memory grew during training or grid evaluation');
    }
  } finally {
    await browser.close();
    server.close();
  }
}

function render(r) {
  const f = r.machine;
  const factsLine =
    `${f.cpu_model}, ${f.cores} cores${f.cpu_mhz ? ` (${fmt(f.cpu_mhz)} MHz)` : ''}; Chromium ${f.chromium} headless; ` +
    `Node ${f.node}; ${f.rustc ?? 'rustc ?'}; TensorFlow.js ${f.tfjs_version} (wasm backend: SIMD ${f.tfjs_wasm_simd}, ` +
    `threads ${f.tfjs_wasm_threads}); load average before/after ${r.load_average_before[0].toFixed(2)}/${r.load_average_after[0].toFixed(2)}` +
    (f.commit ? `; commit ${f.commit}` : '');

  const trainHeader = [
    'case',
    'ours epochs/s',
    '(median)',
    'ours sample-steps/s',
    'tfjs-wasm epochs/s',
    'tfjs-cpu epochs/s',
    'speedup vs tfjs-wasm',
    'vs tfjs-cpu',
  ];
  const best = (p) => `${fmt(p[p.best].epochs_per_s, 1)} (${p.best})`;
  const trainRows = r.training.map((t) => [
    t.case,
    fmt(t.ours.epochs_per_s),
    fmt(t.ours.epochs_per_s_median),
    fmt(t.ours.sample_steps_per_s),
    best(t.peer.wasm),
    best(t.peer.cpu),
    fmtRatio(t.speedup.wasm),
    fmtRatio(t.speedup.cpu),
  ]);
  const loopHeader = ['case', ...BACKENDS.flatMap((b) => METHODS.map((m) => `${b} ${m}`))];
  const loopRows = r.training.map((t) => [
    t.case,
    ...BACKENDS.flatMap((b) => METHODS.map((m) => fmt(t.peer[b][m].epochs_per_s * t.training_points))),
  ]);
  const gridHeader = ['grid (default network)', 'ours ms', 'tfjs-wasm ms', 'tfjs-cpu ms', 'speedup vs tfjs-wasm', 'vs tfjs-cpu'];
  const gridRows = r.grid.map((g) => [
    g.size,
    ms(g.ours.seconds),
    ms(g.peer.wasm.seconds),
    ms(g.peer.cpu.seconds),
    fmtRatio(g.speedup.wasm),
    fmtRatio(g.speedup.cpu),
  ]);
  const m = r.memory;
  const memLines = [
    `wasm memory before training: ${m.bytes_before_training} bytes (${mib(m.bytes_before_training)})`,
    `after ${m.epochs} epochs:           ${m.bytes_after_training} bytes (${m.grew_during_training ? 'GREW' : 'unchanged'})`,
    `after 1 / 101 grids of 200x200: ${m.bytes_after_first_grid} / ${m.bytes_after_100_grids} bytes (${m.grew_during_grids ? 'GREW' : 'unchanged'})`,
  ];
  let nativeText = '';
  let nativeMd = '';
  if (r.native) {
    const nh = ['case (native f32)', 'epochs/s', '(median)', 'sample-steps/s', 'MAC/sample-step', 'GFLOP/s', 'of peak'];
    const nr = r.native.cases.map((c) => [
      c.case,
      fmt(c.epochs_per_s),
      fmt(c.epochs_per_s_median),
      fmt(c.sample_steps_per_s),
      fmt(c.macs_per_sample_step, 1),
      fmt(c.gflops, 2),
      c.peak_fraction == null ? '-' : `${(100 * c.peak_fraction).toFixed(1)}%`,
    ]);
    const peak = r.native.peak_gflops ? `nominal peak ${fmt(r.native.peak_gflops, 1)} GFLOP/s per core (${r.native.flops_per_cycle} FLOP/cycle)` : '';
    const g = r.native.grid.map((x) => `${x.size} ${ms(x.seconds)} ms`).join(', ');
    nativeText = `\nNative (cargo bench -p playground-core --bench train; ${peak}):\n${textTable(nh, nr)}\nnative output grid: ${g}\n`;
    nativeMd = `\n### Native build (same core, x86-64, f32)\n\n\`cargo bench -p playground-core --bench train\`; ${peak}; multiply-adds of forward, backward and update per sample-step.\n\n${mdTable(nh, nr)}\n\nOutput grid, default network: ${g}.\n`;
  }

  const text = [
    `Machine: ${factsLine}`,
    r.quick ? 'QUICK MODE: short measurements, not figures to quote' : '',
    '',
    'Training throughput (250 training points per epoch; sample-steps/s = epochs/s x 250; peer: fastest loop, in brackets)',
    textTable(trainHeader, trainRows),
    '',
    'TensorFlow.js sample-steps/s by training loop (minimize: model.apply per pre-made batch; ops: same with raw ops on the model weights; fit: model.fit shuffle=true)',
    textTable(loopHeader, loopRows),
    '',
    'Output grid evaluation (time of one call, fastest group)',
    textTable(gridHeader, gridRows),
    '',
    ...memLines,
    nativeText,
  ].join('\n');

  const markdown = `# Benchmark results

Produced by \`scripts/bench.sh\` on ${r.date.slice(0, 10)}${r.quick ? ' (QUICK MODE: not figures to quote)' : ''}.

Machine: ${factsLine}.

Networks: default = features x1, x2; hidden layers 4, 2; largest = all 7 features; six hidden layers of 8.
Both: tanh everywhere, MSE, plain SGD with learning rate 0.03, the circle dataset with 500 points and
train fraction 0.5 (250 training points, from our \`points(false)\`). Ours: ${r.method.ours}.
TensorFlow.js: a \`tf.sequential\` of dense tanh layers, sgd(0.03), the same points and batch sizes; the
fastest of three loops per backend is used for the ratio — minimize: ${r.method.peer_minimize}; ops: ${r.method.peer_ops}; fit: ${r.method.peer_fit}. Production mode (\`tf.enableProdMode()\`).
Timing: ${r.method.timing}. The page is not cross-origin isolated, so both run on one thread.

### Training throughput

${mdTable(trainHeader, trainRows)}

TensorFlow.js sample-steps/s by loop:

${mdTable(loopHeader, loopRows)}

### Output grid (default network)

${r.method.grid}.

${mdTable(gridHeader, gridRows)}

### Memory

${memLines.map((l) => `- ${l.replace(/\s+/g, ' ')}`).join('\n')}
${nativeMd}`;
  return { text, markdown };
}

main().catch((e) => {
  console.error(`benchmark failed: ${e.stack ?? e}`);
  process.exit(1);
});
