#!/usr/bin/env bash
# `make demo`: builds Callbrief and runs it on a separate demo profile (target/demo/data).
# With a display the app opens for you; without one it runs under Xvfb, saves
# target/demo/briefing.png and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh
npm run --silent build -w ui
cargo build --quiet -p callbrief-desktop --bin callbrief

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  mkdir -p target/demo/data
  exec target/debug/callbrief --data-dir target/demo/data
fi
scripts/desktop-session.sh npm run --silent demo -w tests/e2e
