#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the UI tests on private X servers inside private D-Bus sessions, where GTK starts
# its own accessibility bus (TESTING.md).  The tests of one X server run one at a time (keys
# typed for one would reach another's window); the two suites, `ui` and `ui-b` (the long
# AT-SPI stories), run side by side on two servers, as they mostly wait on the bus.
# Their logs: BUILDDIR/meson-logs/testlog-ui.txt and testlog-ui-b.txt.
set -eu
BUILDDIR=${1:-_build}
# GTK's GL renderer stalls on Xvfb's software GLX here: frames (and what waits for them,
# like a list filled when it is drawn) never come.  Draw with cairo, as `make run` does.
GSK_RENDERER=${GSK_RENDERER:-cairo}
export GSK_RENDERER

run_suite () {
  xvfb-run -a -s "-screen 0 1280x1024x24 -noreset" \
    dbus-run-session -- \
    meson test -C "$BUILDDIR" --print-errorlogs --no-rebuild --suite "$1" --logbase "$2"
}

run_suite ui testlog-ui > "$BUILDDIR/ui-tests-a.out" 2>&1 &
first=$!
# xvfb-run -a takes the first free display: let the first server claim its own.
sleep 5
run_suite ui-b testlog-ui-b > "$BUILDDIR/ui-tests-b.out" 2>&1 &
second=$!

status=0
wait $first || status=1
wait $second || status=1
echo "-- suite ui --"
cat "$BUILDDIR/ui-tests-a.out"
echo "-- suite ui-b --"
cat "$BUILDDIR/ui-tests-b.out"
exit $status
