#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `make run`: opens the counter application from the build tree, keeping its local store in
# DATADIR.  The interface is Chinese unless LANGUAGE says otherwise.
set -eu

BUILDDIR=${1:-_build}
DATADIR=${2:-${HOME}/.local/share/yichuang-dev}
APP="$BUILDDIR/src/gui/yichuang"

if [ ! -x "$APP" ]; then
  echo "error: $APP is not built (run: make build BUILDDIR=$BUILDDIR)" >&2
  exit 1
fi

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
echo "Starting yichuang with its local store in $DATADIR"
# Without a session bus (a bare X server) the application still runs, but alone: give it one.
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && command -v dbus-run-session >/dev/null 2>&1; then
  exec dbus-run-session -- "$APP" --data-dir "$DATADIR"
fi
exec "$APP" --data-dir "$DATADIR"
