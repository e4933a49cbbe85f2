#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""No hidden toplevel for GTK 4.8's AT-SPI root to hand out, through the accessibility bus.

Usage: test-toplevels.py YICHUANG [SCREENSHOT_DIR]

GTK 4.8's AT-SPI root answers GetChildAtIndex(i) past its visible windows with the last
toplevel it knows, visible or not; a hidden one has no object path and the reply fails on
"g_variant_is_object_path: assertion 'string != NULL'" — fatal under G_DEBUG=fatal-criticals.
A screen reader (or a UI test) asks exactly that when its child count went stale as a dialog
closed: the flaky critical after enrolling a back-office computer.  The application keeps no
hidden toplevel (the shortcuts window and the applicant's rating window are made when asked
for): this test asks for the child past the last one (1) with the enrolment dialog open,
(2) after it closed, (3) after the shortcuts window opened and closed, and checks each time
that the application is still running and answers.

Run inside Xvfb and `dbus-run-session` (build-aux/run-ui-tests.sh).
"""

import sys
import time

sys.dont_write_bytecode = True
import yc_ui as ui  # noqa: E402
from yc_ui import find, log, wait_for  # noqa: E402

KEYCODE_SLASH = 61  # '?' is Shift+slash on Xvfb's keymap


def ask_past_the_end(app, what):
    """GetChildAtIndex(childCount), then checks the application is alive and answers."""
    count = app.childCount
    try:
        app.getChildAtIndex(count)
    except Exception as e:  # an error reply is fine; a dead application is not
        log('past the end (%s): %s' % (what, e))
    time.sleep(0.5)
    if ui.proc.poll() is not None:
        ui.fail('the application exited (status %d) when asked for toplevel %d %s'
                % (ui.proc.returncode, count, what))
    if app.childCount < 1:
        ui.fail('the application shows no window %s' % what)
    ui.ok('toplevel %d asked for %s: the application runs' % (count, what))


def main():
    ui.setup('toplevels', total_timeout=220, plan=3)
    app = ui.launch(ui.new_dir('yc-ui-app-'))
    find(app, ui.ENROL_URL, timeout=ui.STARTUP_TIMEOUT)
    ask_past_the_end(app, 'with the enrolment dialog open')

    ui.key(ui.KEYSYM_ESCAPE)
    ui.wait_gone(app, ui.ENROL_URL)
    ask_past_the_end(app, 'after the enrolment dialog closed')

    ui.key_combo(KEYCODE_SLASH, ui.KEYCODE_CONTROL_L, ui.KEYCODE_SHIFT_L)
    wait_for('the shortcuts window', lambda: app.childCount >= 2)
    ui.key(ui.KEYSYM_ESCAPE)
    wait_for('the shortcuts window to close', lambda: app.childCount == 1)
    ask_past_the_end(app, 'after the shortcuts window closed')
    return 0


if __name__ == '__main__':
    ui.run(main)
