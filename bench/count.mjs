// Trains one of the benchmark's networks in our release wasm module under Node, for
// a given number of epochs, and exits: a fixed amount of work for an instruction
// counter. bench/count.sh runs it under callgrind at two epoch counts and divides the
// difference by the epochs between them (start-up, compilation and the warm-up cancel).
//
// Usage: node bench/count.mjs PKG_DIR default|mid|largest BATCH|full EPOCHS

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [pkgDir, net, batch, epochs] = process.argv.slice(2);
const pkg = resolve(pkgDir);
const { initSync, Playground } = await import(pathToFileURL(join(pkg, 'playground_wasm.js')).href);
initSync({ module: readFileSync(join(pkg, 'playground_wasm_bg.wasm')) });

const ALL = ['x1', 'x2', 'x1_squared', 'x2_squared', 'x1_x2', 'sin_x1', 'sin_x2'];
const NETS = {
  default: { features: ['x1', 'x2'], hidden: [4, 2] },
  mid: { features: ALL, hidden: Array(6).fill(8) },
  largest: { features: ALL, hidden: Array(10).fill(32) },
};
const { features, hidden } = NETS[net];
// The configuration of bench/page/bench.js.
const config = {
  seed: 1,
  data: { task: 'circle', points: 500, noise: 0, train_fraction: 0.5 },
  features,
  hidden_layers: hidden,
  activation: { kind: 'tanh', steepness: 1 },
  output_activation: { kind: 'tanh', steepness: 1 },
  loss: 'mse',
  learning_rate: 0.03,
  strategy: batch === 'full' ? { kind: 'full_batch' } : { kind: 'mini_batch', size: Number(batch) },
  optimizer: { kind: 'sgd' },
};
const run = new Playground(JSON.stringify(config));
// A warm-up of 300 epochs in both runs, so V8's tier-up happens before the counted part.
run.train(300);
const n = Number(epochs);
let done = 0;
while (done < n) done += run.train(Math.min(1000, n - done));
console.log(`${done} epochs, train loss ${run.trainLoss()}`);
