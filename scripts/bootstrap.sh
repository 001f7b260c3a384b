#!/usr/bin/env bash
# Installs what `make demo` and `make test` need and is missing: Debian packages, npm
# dependencies (from the committed lockfile) and cargo tools. Silent when all is there.
# As non-root it prints the exact install command and stops.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'bootstrap: %s\n' "$*" >&2; }

missing_packages() {
  local pkg
  grep -v -e '^#' -e '^$' scripts/system-packages.txt | while read -r pkg; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || echo "$pkg"
  done
}

install_packages() {
  local missing
  missing=$(missing_packages | tr '\n' ' ')
  [ -z "$missing" ] && return 0
  local cmd="apt-get update && apt-get install -y --no-install-recommends $missing"
  if [ "$(id -u)" -ne 0 ]; then
    say "missing system packages. Install them with:"
    printf '  sudo sh -c "%s"\n' "$cmd" >&2
    exit 1
  fi
  say "installing system packages: $missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  # shellcheck disable=SC2086 # word splitting of the package list is intended
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

install_npm() {
  local stamp=node_modules/.callbrief-lock-sha256 want
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  echo "$want" > "$stamp"
}

install_cargo_tool() { # binary crate [version]
  command -v "$1" >/dev/null 2>&1 && return 0
  say "installing $2 (cargo install)"
  cargo install --quiet --locked "$2" ${3:+--version "$3"}
}

install_packages
install_npm
install_cargo_tool cargo-nextest cargo-nextest
install_cargo_tool tauri-driver tauri-driver 2.1.0
