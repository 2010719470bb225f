#!/usr/bin/env bash
# Performance benchmark, one command: installs what is missing, builds the release wasm
# module (optimized with wasm-opt, as the page's), runs the native benchmark of the
# core, then in headless Chromium: our core against a plain JavaScript engine
# (bench/page/js-engine.js, TensorFlow Playground's algorithm) and TensorFlow.js (wasm
# and cpu backends) on six cases; the module's size before and after wasm-opt; the real
# page's start-up time; its epochs/s and frames/s at speed "max" on three networks.
# Prints the tables and writes bench/results.json and bench/results.md. About 10
# minutes once built on the 2-core machine (see bench/README.md).
#
# Usage: scripts/bench.sh [--quick] [--browser-only] [--tables-only]
#   --quick         short measurements: a smoke test of the harness, not figures to quote
#                   (never commit bench/results.* from it)
#   --browser-only  skip the native benchmark (cargo bench -p playground-core --bench train)
#   --tables-only   only the tables (digits, letters: ours, the JS engine, TensorFlow.js's
#                   wasm backend; digits in the real page), put into the existing results
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
cd "$root"

quick=0
native=1
tables=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --browser-only) native=0 ;;
    --tables-only) native=0; tables=1 ;;
    *) echo "usage: scripts/bench.sh [--quick] [--browser-only] [--tables-only]" >&2; exit 2 ;;
  esac
done

# ---- tools: the same installer as start.sh and test.sh (each step skipped when done)
source "$root/scripts/setup.sh"
export CHROMIUM="${CHROMIUM:-$(command -v chromium)}"
if [ ! -f bench/node_modules/.package-lock.json ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  step "installing the benchmark's npm packages (TensorFlow.js, playwright-core)"
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
fi

# ---- build: the same release module as the page's (simd128 from .cargo/config.toml,
# then wasm-opt as build_page does); a copy from before wasm-opt is kept for comparison
pkg="$root/target/bench-pkg"
raw="$root/target/bench-pkg-raw"
step "building the release wasm module into target/bench-pkg"
wasm-pack --quiet build crates/wasm --release --target web --mode no-install \
  --out-dir "$pkg"
rm -rf "$raw"
cp -r "$pkg" "$raw"
step "optimizing it with wasm-opt (the copy before it: target/bench-pkg-raw)"
optimize_wasm "$pkg/playground_wasm_bg.wasm"

# ---- native benchmark first, alone on the machine
native_json="$root/target/bench-native.json"
rm -f "$native_json"
native_args=()
if [ "$native" = 1 ]; then
  step "native benchmark: cargo bench -p playground-core --bench train"
  if [ "$quick" = 1 ]; then export BENCH_QUICK=1; fi
  BENCH_JSON="$native_json" cargo bench --quiet -p playground-core --bench train
  native_args=(--native "$native_json")
fi

# ---- browser benchmark
step "browser benchmark: our core vs the JS engine and TensorFlow.js, the real page (headless Chromium)"
browser_args=(--pkg "$pkg" --raw-pkg "$raw" "${native_args[@]}")
if [ "$quick" = 1 ]; then browser_args+=(--quick); fi
if [ "$tables" = 1 ]; then browser_args+=(--tables-only); fi
node bench/run.mjs "${browser_args[@]}"
