#!/usr/bin/env bash
# Runs a command inside what a desktop login gives an app, for tests and the headless demo:
# a private D-Bus session with an unlocked GNOME Keyring (Secret Service) and a notification
# daemon, a fresh kernel session keyring, and an X display (Xvfb when there is none).
#   scripts/desktop-session.sh CMD [ARGS...]
set -euo pipefail

if [ -z "${CALLBRIEF_IN_DESKTOP_SESSION:-}" ]; then
  export CALLBRIEF_IN_DESKTOP_SESSION=1
  # A throw-away XDG data home: the keyring daemon creates a fresh login keyring there, so
  # the session never opens (or needs the password of) the user's own keyring.
  XDG_DATA_HOME=$(mktemp -d -t callbrief-session-XXXXXX)
  export XDG_DATA_HOME
  trap 'rm -rf "$XDG_DATA_HOME"' EXIT
  dbus-run-session -- "$0" "$@"
  exit $?
fi

# Test-only keyring password: this keyring lives in a throw-away D-Bus session.
echo -n callbrief-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1

run() {
  if [ -z "${DISPLAY:-}" ]; then
    exec xvfb-run -a -s "-screen 0 1280x800x24" "$@"
  else
    exec "$@"
  fi
}
# A new session keyring so kernel-keyring tests never see the user's own keys.
if command -v keyctl >/dev/null 2>&1; then
  run keyctl session - "$@"
else
  run "$@"
fi
