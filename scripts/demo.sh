#!/usr/bin/env bash
# `make demo`: builds Callbrief and the CRM sandbox, then runs the app on a separate demo
# profile (target/demo/data) connected to the sandbox (see tests/e2e/demo.mjs). With a
# display the app opens for you; without one it runs under Xvfb, saves screenshots in
# target/demo/ and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh
npm run --silent build -w ui
cargo build --quiet -p callbrief-desktop --bin callbrief -p callbrief-cli --bin callbrief-cli

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec node tests/e2e/demo.mjs
fi
scripts/desktop-session.sh node tests/e2e/demo.mjs --headless
