#!/usr/bin/env bash
# Runs every test: formatting, clippy (native and wasm32), the page's type check and
# unit tests, the core's tests, the bindings in headless Chromium, and the end-to-end
# tests of the real page.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$root"

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy -D warnings (native and wasm32)"
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p playground-wasm --all-targets --target wasm32-unknown-unknown -- -D warnings

# Built first: the type check reads the wasm module's declarations that wasm-bindgen
# emits into www/pkg, and tests/unit/js-engine.test.mjs checks the benchmark's
# JavaScript engine against the built core.
build_page

step "type check of the page (tsc)"
npx --no-install tsc -p tsconfig.json
npx --no-install tsc -p tsconfig.worker.json

step "unit tests of the page's pure modules and the JS engine against the core (node --test)"
node --test tests/unit/*.test.mjs

# The bindings' tests are the browser's (next step); natively they have none.
step "cargo test (core, natively)"
cargo test -p playground-core

step "wasm-pack test --headless --chrome (bindings in Chromium)"
(cd crates/wasm && wasm-pack test --headless --chrome --mode no-install)

step "the unit tests' copy of the core's table and defaults is current"
node tests/unit/fixtures/update.mjs --check

step "end-to-end tests (the real page in Chromium)"
node --test --test-concurrency=1 tests/*.test.mjs
step "every test passed"
