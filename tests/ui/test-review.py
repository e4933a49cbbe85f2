#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Review mode through the accessibility bus, in the Chinese UI.

Usage: test-review.py YICHUANG [SCREENSHOT_DIR]   ($YC_TEST_CLERK: tests/yc-test-clerk)

The real back office with its demo data; a counter window (tests/yc-test-clerk.c, the
counter's own code) accepts two cases of 个体工商户设立登记 (市场监管局) with a scanned
application and sends them.  Then, on a fresh data directory: (1) the computer is enrolled as
a back-office computer (the address only, no hall or window) and reviewer-scjg signs in: the
window shows review mode, not the counter; (2) the queue lists both cases; (3) the first
case opens, is claimed, its scanned application is fetched from the back office and shown
in the page viewer; (4) it is approved: 待出件, and sent; (5) the second case is claimed and
returned for supplement citing two materials with a message: 退回补正.  Controls are found
by their accessible names; buttons are pressed with their click action, rows of the queue
opened with a double click, left with the back button.

Run inside Xvfb and `dbus-run-session` (build-aux/run-ui-tests.sh).
"""

import os
import subprocess
import sys

sys.dont_write_bytecode = True
import yc_ui as ui  # noqa: E402
from yc_ui import (find, log, lookup, press, screenshot, showing, wait_for)  # noqa: E402

STARTUP_TIMEOUT = ui.STARTUP_TIMEOUT
ITEM = 'SCJG-XK-001'
REVIEWER = 'reviewer-scjg'
APPLICATION = '个体工商户登记（备案）申请书'
CITED = ('住所（经营场所）使用证明', '居民身份证')


def make_cases(url, clerk, count):
    """Cases accepted and sent by a counter window; returns their numbers."""
    helper = os.environ.get('YC_TEST_CLERK')
    if not helper or not os.access(helper, os.X_OK):
        ui.fail('YC_TEST_CLERK does not name tests/yc-test-clerk')
    out = subprocess.run([helper, url, clerk[0], clerk[1], ui.DEMO_HALL, ui.DEMO_WINDOWS[0], ITEM,
                          str(count)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120, check=False)
    if out.returncode != 0:
        ui.fail('yc-test-clerk failed: %s' % out.stderr.decode(errors='replace')[-2000:])
    numbers = out.stdout.decode().split()
    log('cases sent by the counter: %s' % ', '.join(numbers))
    return numbers


def enabled_button(app, name):
    """The sensitive button whose accessible name is name (GTK adds the label after it)."""
    import pyatspi
    return wait_for('“%s” enabled' % name,
                    lambda: next((a for a in ui.descendants(app)
                                  if (a.name == name or (a.name or '').startswith(name + ' '))
                                  and ui.role_is(a, 'button') and showing(a)
                                  and a.getState().contains(pyatspi.STATE_SENSITIVE)), None))


def named(app, name):
    """The showing control whose accessible name is name (GTK may add its label after it)."""
    return wait_for('“%s”' % name,
                    lambda: next((a for a in ui.descendants(app)
                                  if (a.name == name or (a.name or '').startswith(name + ' '))
                                  and showing(a)), None))


def response(app, prefix):
    """The dialog's response button whose label starts with prefix (“审核通过(”)."""
    import pyatspi
    return wait_for('the response %s' % prefix,
                    lambda: next((a for a in ui.descendants(app)
                                  if ui.role_is(a, 'button') and (a.name or '').startswith(prefix)
                                  and showing(a) and a.getState().contains(pyatspi.STATE_SENSITIVE)),
                                 None))


def state_shown(app, state):
    return wait_for('the state %s' % state,
                    lambda: any(a.name == state and a.getRoleName() == 'label' and showing(a)
                                and ui.table_row_of(a) is None for a in ui.descendants(app)),
                    timeout=STARTUP_TIMEOUT)


def sent(app):
    """Nothing of the case waits in the outbox any more."""
    return wait_for('the decision sent',
                    lambda: lookup(app, '等待发送到后台') is None
                    and lookup(app, '同步状态：已同步') is not None, timeout=STARTUP_TIMEOUT)


def main():
    ui.setup('review', total_timeout=330, plan=5)
    tmp = ui.new_dir('yc-ui-review-')
    url, users = ui.start_backoffice(tmp)
    numbers = make_cases(url, users['clerk'], 2)

    app = ui.launch(ui.new_dir('yc-ui-app-'), url)
    ui.enrol_back_office(app, url, users[REVIEWER])
    ui.sign_in(app, users[REVIEWER], expect_counter=False)
    find(app, '审核', timeout=STARTUP_TIMEOUT)
    find(app, '承诺核查')
    if lookup(app, ui.SEARCH) is not None:
        ui.fail('a reviewer got the counter')
    screenshot('review-mode')
    ui.ok('a back-office computer shows review mode to a reviewer')

    for number in numbers:
        wait_for('%s in the queue' % number, lambda: ui.queue_row(app, number), STARTUP_TIMEOUT)
    screenshot('queue')
    ui.ok('the queue lists the cases of the department')

    ui.open_review_case(app, numbers[0])
    press(enabled_button(app, '认领办件'))
    enabled_button(app, '审核通过')
    press(enabled_button(app, '查看' + APPLICATION))
    find(app, '第 1 页 共 1 页', timeout=STARTUP_TIMEOUT)
    screenshot('page-viewed')
    ui.ok('the scanned application is fetched and shown')

    press(enabled_button(app, '审核通过'))
    press(response(app, '审核通过('))
    state_shown(app, '待出件')
    sent(app)
    screenshot('approved')
    ui.ok('approved: ready for issuance, and sent')

    # The pending queue drops the approved case.
    ui.open_review_case(app, numbers[1], left=numbers[:1])
    press(enabled_button(app, '认领办件'))
    press(enabled_button(app, '退回补正'))
    for name in CITED:
        press(named(app, '列明：' + name))
    message = wait_for('the message entry',
                       lambda: next((a for a in ui.descendants(app)
                                     if (a.name or '').startswith('告知申请人的内容')
                                     and a.getRoleName() in ('entry', 'text') and showing(a)), None))
    if not ui.editable(message)[1].setTextContents('租赁合同缺出租方签章；身份证复印件不清晰'):
        ui.fail('cannot type the message')
    screenshot('return-dialog')
    press(response(app, '退回('))
    state_shown(app, '退回补正')
    sent(app)
    screenshot('returned')
    ui.ok('returned for supplement citing two materials')
    return 0


if __name__ == '__main__':
    ui.run(main)
