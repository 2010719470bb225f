#!/usr/bin/env bash
# Performance benchmark, one command: installs what is missing, builds the release wasm
# module, runs the native benchmark of the core, then our core against TensorFlow.js
# (wasm and cpu backends) in headless Chromium. Prints the tables and writes
# bench/results.json and bench/results.md. About 4 minutes (less once built).
#
# Usage: scripts/bench.sh [--quick] [--browser-only]
#   --quick         short measurements: a smoke test of the harness, not figures to quote
#   --browser-only  skip the native benchmark (cargo bench -p playground-core --bench train)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
cd "$root"

quick=0
native=1
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --browser-only) native=0 ;;
    *) echo "usage: scripts/bench.sh [--quick] [--browser-only]" >&2; exit 2 ;;
  esac
done

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# ---- tools (each step is skipped when already there)
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
if ! command -v wasm-pack >/dev/null; then
  step "installing wasm-pack (builds from source, about 3 minutes)"
  cargo install wasm-pack --locked
fi
# wasm-pack uses only a wasm-bindgen CLI of exactly the lock file's version (its own
# download fails offline).
bindgen_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  step "installing wasm-bindgen-cli $bindgen_version (builds from source, about 3 minutes)"
  cargo install wasm-bindgen-cli --version "$bindgen_version" --force
fi
if ! command -v "${CHROMIUM:-chromium}" >/dev/null; then
  step "installing Chromium from Debian"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
export CHROMIUM="$(command -v "${CHROMIUM:-chromium}")"
if [ ! -f bench/node_modules/.package-lock.json ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  step "installing the benchmark's npm packages (TensorFlow.js, playwright-core)"
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
fi

# ---- build: the same release module as the page's (simd128 from .cargo/config.toml)
pkg="$root/target/bench-pkg"
step "building the release wasm module into target/bench-pkg"
wasm-pack --quiet build crates/wasm --release --target web --mode no-install \
  --out-dir "$pkg" --no-typescript

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
step "browser benchmark: our core vs TensorFlow.js in headless Chromium"
browser_args=(--pkg "$pkg" "${native_args[@]}")
if [ "$quick" = 1 ]; then browser_args+=(--quick); fi
node bench/run.mjs "${browser_args[@]}"
