#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the `ui` test suite on a private X server inside a private D-Bus session, where GTK
# starts its own accessibility bus (TESTING.md).
set -eu
BUILDDIR=${1:-_build}
# GTK's GL renderer stalls on Xvfb's software GLX here: frames (and what waits for them,
# like a list filled when it is drawn) never come.  Draw with cairo, as `make run` does.
GSK_RENDERER=${GSK_RENDERER:-cairo}
export GSK_RENDERER
exec xvfb-run -a -s "-screen 0 1280x1024x24 -noreset" \
  dbus-run-session -- \
  meson test -C "$BUILDDIR" --print-errorlogs --no-rebuild --suite ui --logbase testlog-ui
