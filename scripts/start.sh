#!/usr/bin/env bash
# Quick start: install what is missing, build the page and serve it on 127.0.0.1.
# Usage: scripts/start.sh [port]   (default 8080)
# Prints the page's address and its folder (www/, the one to copy to a static web host).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
build_page
step "serving www/"
exec node "$root/scripts/serve.mjs" "${1:-8080}"
