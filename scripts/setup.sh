#!/usr/bin/env bash
# Installs whatever is missing to build and test the playground, and nothing that is
# already there. Sourced by start.sh and test.sh; safe to run any number of times.
# Everything comes from the package registries (the Rust crate registry, the npm
# registry, Debian's archive) and rustup.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\033[1m==> %s\033[0m (%d s since start)\n' "$*" "$SECONDS"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The installs below run side by side: the two tools build from source (about 3 minutes
# each, with stretches on one core), Chromium and the npm packages mostly download.
installs=()

if ! command -v wasm-pack >/dev/null; then
  step "installing wasm-pack (builds from source, about 3 minutes)"
  cargo install wasm-pack --locked &
  installs+=($!)
fi

# wasm-pack only uses a wasm-bindgen CLI whose version equals the lock file's; its own
# download of a prebuilt one fails offline. (Not --locked: the CLI's own lock file
# names a webpki-roots release that the registry does not serve.)
bindgen_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  step "installing wasm-bindgen-cli $bindgen_version (builds from source, about 3 minutes)"
  cargo install wasm-bindgen-cli --version "$bindgen_version" --force &
  installs+=($!)
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  step "installing Chromium and ChromeDriver from Debian"
  (as_root apt-get update -qq &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) &
  installs+=($!)
fi

if [ ! -d "$root/node_modules" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
  step "installing npm packages"
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error) &
  installs+=($!)
fi

# Each install's own exit status: any failure stops here (set -e).
for pid in "${installs[@]}"; do wait "$pid"; done
[ "${#installs[@]}" -eq 0 ] || step "installed what was missing"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"

# Optimizes a wasm-bindgen module in place with wasm-opt from the npm package
# `binaryen` (a devDependency; Debian's older wasm-opt breaks wasm-bindgen output, and
# wasm-pack's own wasm-opt step is off in crates/wasm/Cargo.toml because its download
# fails offline). The features are those the Rust target and wasm-bindgen emit (the
# module's target_features section names them too); -O3 for speed, since -Oz gives the
# same gzipped size here. bench/README.md has the figures.
optimize_wasm() {
  local wasm="$1"
  "$root/node_modules/.bin/wasm-opt" -O3 --enable-simd --enable-bulk-memory --enable-reference-types \
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-multivalue \
    "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
}

# Builds the page's wasm module into www/pkg (release, no network), then optimizes it.
build_page() {
  step "building the wasm module for the page"
  (cd "$root" && wasm-pack --quiet build crates/wasm --release --target web --mode no-install \
    --out-dir ../../www/pkg)
  step "optimizing it with wasm-opt"
  optimize_wasm "$root/www/pkg/playground_wasm_bg.wasm"
}
