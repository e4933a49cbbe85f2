#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `make run`: starts the back office on 127.0.0.1:8480 with demo data, then opens the counter
# application from the build tree; the back office stops when the application exits.
#
#   DATADIR/backoffice       the back office's data directory (set up by `demo` on first start)
#   DATADIR/demo-users.txt   the demo users and their passwords (mode 0600), shown once
#   DATADIR/backoffice.log   the back office's log
#   DATADIR/counter          the application's local store
#
# The interface is Chinese unless LANGUAGE says otherwise.  YC_BACKOFFICE_PORT picks another
# port.
set -eu

BUILDDIR=${1:-_build}
DATADIR=${2:-${HOME}/.local/share/yichuang-dev}
APP="$BUILDDIR/src/gui/yichuang"
BACKOFFICE="$BUILDDIR/src/server/yichuang-backoffice"
HOST=127.0.0.1
PORT=${YC_BACKOFFICE_PORT:-8480}
URL="http://$HOST:$PORT"
BACKOFFICE_DATA="$DATADIR/backoffice"
DEMO_USERS="$DATADIR/demo-users.txt"
PIDFILE="$DATADIR/backoffice.pid"
LOG="$DATADIR/backoffice.log"
PYTHON=$(command -v python3)

for program in "$APP" "$BACKOFFICE"; do
  if [ ! -x "$program" ]; then
    echo "error: $program is not built (run: make build BUILDDIR=$BUILDDIR)" >&2
    exit 1
  fi
done

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  cat >&2 <<MSG
error: no display.  \`make run\` opens a window and needs a graphical session
(\$DISPLAY or \$WAYLAND_DISPLAY is unset).  On a machine without one, run it on a
virtual X server:  xvfb-run -a -s "-screen 0 1280x1024x24" make run
MSG
  exit 1
fi

# The users' language is Chinese: use the zh_CN locale when it is generated, else keep
# C.UTF-8 and ask gettext for zh_CN (glibc ignores LANGUAGE under a plain C locale).
if locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\?8'; then
  LANG=zh_CN.UTF-8
else
  LANG=C.UTF-8
fi
LANGUAGE=${LANGUAGE:-zh_CN}
export LANG LANGUAGE
unset LC_ALL LC_MESSAGES

# GTK's GL renderer hangs on Xvfb's software GLX here; on a virtual X server draw with
# cairo instead (the UI tests do the same).  A real session keeps GTK's default.
if [ -z "${GSK_RENDERER:-}" ] && [ -n "${DISPLAY:-}" ]; then
  display_number=${DISPLAY#*:}
  display_number=${display_number%%.*}
  server_pid=$(tr -dc '0-9' < "/tmp/.X${display_number}-lock" 2>/dev/null || true)
  if [ -n "$server_pid" ] && [ "$(cat "/proc/$server_pid/comm" 2>/dev/null)" = Xvfb ]; then
    export GSK_RENDERER=cairo
  fi
fi

mkdir -p "$DATADIR"
chmod 700 "$DATADIR"

# Whether a yichuang back office answers /healthz at $URL.
healthy () {
  "$PYTHON" - "$URL/healthz" <<'PY'
import json, sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=2) as reply:
        body = json.load(reply)
    sys.exit(0 if body.get("status") == "ok" and "epoch" in body else 1)
except Exception:
    sys.exit(1)
PY
}

port_taken () {
  "$PYTHON" -c 'import socket, sys
s = socket.socket()
s.settimeout(1)
sys.exit(0 if s.connect_ex((sys.argv[1], int(sys.argv[2]))) == 0 else 1)' "$HOST" "$PORT"
}

# Whether the process in $PIDFILE is a back office of ours, serving $BACKOFFICE_DATA.
ours_running () {
  [ -f "$PIDFILE" ] || return 1
  pid=$(cat "$PIDFILE")
  [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' '\n' < "/proc/$pid/cmdline" | grep -qxF "$BACKOFFICE_DATA"
}

# First start: demo catalog, demo users of every role, demo windows.  The passwords are
# printed once; keep them where only this user can read them.
if [ ! -d "$BACKOFFICE_DATA" ]; then
  echo "Setting up the demo back office in $BACKOFFICE_DATA"
  umask_saved=$(umask)
  umask 077
  if ! "$BACKOFFICE" --config /dev/null --data-dir "$BACKOFFICE_DATA" demo > "$DEMO_USERS.tmp"; then
    rm -rf "$BACKOFFICE_DATA" "$DEMO_USERS.tmp"
    echo "error: the demo back office could not be set up (see the message above)" >&2
    exit 1
  fi
  umask "$umask_saved"
  chmod 600 "$DEMO_USERS.tmp"
  mv "$DEMO_USERS.tmp" "$DEMO_USERS"
  cat "$DEMO_USERS"
  echo
fi
echo "Demo users and their passwords: $DEMO_USERS"

BACKOFFICE_PID=
stop_backoffice () {
  if [ -n "$BACKOFFICE_PID" ]; then
    kill -TERM "$BACKOFFICE_PID" 2>/dev/null || true
    wait "$BACKOFFICE_PID" 2>/dev/null || true
    rm -f "$PIDFILE"
    echo "Back office stopped"
  fi
}

if healthy && ours_running; then
  echo "Using the back office already running at $URL (process $(cat "$PIDFILE"))"
elif port_taken; then
  cat >&2 <<MSG
error: $HOST:$PORT is taken by another program, not a back office of this data directory.
Stop that program, or pick another port:  YC_BACKOFFICE_PORT=8481 make run
MSG
  exit 1
else
  # The allocator of a deployed back office (docs/deploy.md): malloc rather than GLib 2.74's
  # slice allocator, which costs a push CPU.
  G_SLICE=${G_SLICE:-always-malloc} \
  "$BACKOFFICE" --config /dev/null --data-dir "$BACKOFFICE_DATA" serve --listen "$HOST" --port "$PORT" \
    > /dev/null 2>> "$LOG" &
  BACKOFFICE_PID=$!
  echo "$BACKOFFICE_PID" > "$PIDFILE"
  trap stop_backoffice EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  tries=0
  until healthy; do
    if ! kill -0 "$BACKOFFICE_PID" 2>/dev/null; then
      BACKOFFICE_PID=
      rm -f "$PIDFILE"
      echo "error: the back office did not start; its log ($LOG) ends with:" >&2
      tail -n 5 "$LOG" >&2
      exit 1
    fi
    tries=$((tries + 1))
    if [ "$tries" -ge 100 ]; then
      echo "error: the back office did not answer $URL/healthz within 20 s; see $LOG" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "Back office listening on $URL (log: $LOG)"
fi

export YC_BACKOFFICE_URL="$URL"
mkdir -p "$DATADIR/counter"
# A new local store asks for its enrolment first: say what to type.
if [ ! -f "$DATADIR/counter/yichuang.db" ]; then
  cat <<MSG
First start of this counter: enrol it, then sign in.
  Enrol:    back office $URL (prefilled), hall JB01, window W01 (W01 to W04 exist),
            user admin with its password from $DEMO_USERS
  Sign in:  clerk1 (or clerk2) with the password from $DEMO_USERS
MSG
else
  echo "Sign in as clerk1 or clerk2 (passwords in $DEMO_USERS)"
fi
echo "Starting yichuang with its local store in $DATADIR/counter"
# Without a session bus (a bare X server) the application still runs, but alone: give it one.
# Not exec'd: the back office is stopped when the application exits.
status=0
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && command -v dbus-run-session >/dev/null 2>&1; then
  dbus-run-session -- "$APP" --data-dir "$DATADIR/counter" || status=$?
else
  "$APP" --data-dir "$DATADIR/counter" || status=$?
fi
exit "$status"
