#!/usr/bin/env bash
# Instructions per epoch of our training, counted (not timed), so the figure does not
# depend on what else the shared machine runs: callgrind counts the instructions of
# two runs that differ only in their number of epochs, and the difference divided by
# the epochs between them is the cost of one epoch (start-up and warm-up cancel).
#
# Usage: bench/count.sh [native|wasm PKG_DIR] [NET] [BATCH] [E1] [E2]
#   native          crates/core/examples/epochs.rs, release build (x86-64 instructions)
#   wasm PKG_DIR    bench/count.mjs in Node: the wasm-pack --target web module in PKG_DIR,
#                   compiled by V8 (x86-64 instructions of V8's code, wasm included)
#   NET             default (2-4-2-1, the default), mid (7-8x6-1) or largest (7-32x10-1)
#   BATCH           mini-batch size (10) or full
#   E1 E2           the two epoch counts (200 and 1200)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mode="${1:-native}"
if [ "$mode" = wasm ]; then pkg="$2"; shift 2; else shift || true; fi
net="${1:-default}" batch="${2:-10}" e1="${3:-200}" e2="${4:-1200}"
if [ "$mode" = native ]; then
  cargo build --quiet --release -p playground-core --example epochs
  cmd=(target/release/examples/epochs "$net" "$batch")
else
  cmd=(node --single-threaded --no-liftoff bench/count.mjs "$pkg" "$net" "$batch")
fi
count() {
  local out
  out="$(mktemp)"
  valgrind --tool=callgrind --callgrind-out-file=/dev/null --smc-check=all-non-file \
    "${cmd[@]}" "$1" 2>"$out" >/dev/null
  grep -o 'Collected : [0-9]*' "$out" | grep -o '[0-9]*$'
  rm -f "$out"
}
a="$(count "$e1")"
b="$(count "$e2")"
echo "$mode $net batch $batch: $(( (b - a) / (e2 - e1) )) instructions per epoch ($e1 and $e2 epochs: $a, $b)"
