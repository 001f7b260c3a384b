#!/usr/bin/env bash
# `make test`: every suite, in the order that builds each thing once.
#   Rust (nextest, debug) → CRM sandbox vs official SDKs → UI type check → UI unit (Vitest) → UI in Chromium (Playwright)
#   → the real app window over WebDriver (tauri-driver under Xvfb).
# Run one suite with `make test-rust`, `test-sdk-compat`, `test-ui-unit`, `test-ui-browser` or `test-e2e`.
set -euo pipefail
cd "$(dirname "$0")/.."

suites=("$@")
[ ${#suites[@]} -eq 0 ] && suites=(rust sdk-compat ui-check ui-unit ui-browser e2e)

scripts/bootstrap.sh
started=$(date +%s)
step() { printf '\n=== %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }

# The shell embeds ui/dist at compile time, so the UI is built before any Rust.
step "build the UI"
npm run --silent build -w ui

for suite in "${suites[@]}"; do
  case "$suite" in
    rust)
      step "Rust tests (cargo nextest)"
      # Keychain tests need the real Secret Service: no silent fallback in this run.
      CALLBRIEF_REQUIRE_SECRET_SERVICE=1 scripts/desktop-session.sh \
        cargo nextest run --workspace --profile ci
      ;;
    sdk-compat)
      step "CRM sandbox against the vendors' official SDKs"
      cargo build --quiet -p callbrief-cli --bin callbrief-cli
      npm run --silent test -w tests/sdk-compat
      ;;
    ui-check) step "UI type check (svelte-check)"; npm run --silent check -w ui ;;
    ui-unit) step "UI unit tests (Vitest)"; npm run --silent test:unit -w ui ;;
    ui-browser) step "UI in Chromium (Playwright)"; npm run --silent test:browser -w ui ;;
    e2e)
      step "end-to-end: the real app window (tauri-driver, WebDriver)"
      cargo build --quiet -p callbrief-desktop --bin callbrief -p callbrief-cli --bin callbrief-cli
      scripts/desktop-session.sh npm run --silent test -w tests/e2e
      ;;
    *) echo "unknown suite: $suite" >&2; exit 2 ;;
  esac
done
step "all suites passed"
