#!/usr/bin/env bash
# Runs a command inside what a desktop login gives an app, for tests and the headless demo:
# a private D-Bus session with an unlocked GNOME Keyring (Secret Service) and a notification
# daemon, a fresh kernel session keyring, and an X display (Xvfb when there is none).
#   scripts/desktop-session.sh CMD [ARGS...]
set -euo pipefail

case "${CALLBRIEF_DESKTOP_STAGE:-}" in
  "")
    # Stage 1: a throw-away XDG data home (the keyring daemon creates a fresh login keyring
    # there, so the session never opens the user's own) and a private D-Bus session.
    export CALLBRIEF_DESKTOP_STAGE=bus
    XDG_DATA_HOME=$(mktemp -d -t callbrief-session-XXXXXX)
    export XDG_DATA_HOME
    trap 'rm -rf "$XDG_DATA_HOME"' EXIT
    dbus-run-session -- "$0" "$@"
    exit $?
    ;;
  bus)
    # Stage 2: unlock the keyring (test-only password: this keyring lives in a throw-away
    # session), then get a display.
    echo -n callbrief-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
    export CALLBRIEF_DESKTOP_STAGE=display
    if [ -z "${DISPLAY:-}" ]; then
      exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
    fi
    exec "$0" "$@"
    ;;
  display)
    # Stage 3: services D-Bus starts on demand (the notification daemon) need the display.
    dbus-update-activation-environment DISPLAY XAUTHORITY >/dev/null 2>&1 || true
    export CALLBRIEF_DESKTOP_STAGE=done
    # A new session keyring so kernel-keyring tests never see the user's own keys.
    if command -v keyctl >/dev/null 2>&1; then
      exec keyctl session - "$@"
    fi
    exec "$@"
    ;;
  *)
    exec "$@"
    ;;
esac
