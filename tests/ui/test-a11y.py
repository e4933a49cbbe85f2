#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every interactive control has an accessible name (issue 8), through the accessibility bus.

Usage: test-a11y.py YICHUANG [SCREENSHOT_DIR]

The real back office with its demo data; the application enrolled and signed in as a clerk.
The AT-SPI tree of every main view is walked: the sign-in page, the catalog search, an item's
details, the intake (applicant form, checklist, decision panel), today's cases, each page of
Preferences; then, on back-office computers, a reviewer's queue and pledge checks and a
supervisor's board and figures.  A control a screen reader (or a UI test) cannot name fails the test,
listed with its role and the path of names above it.  What is walked is what shows: a hidden
subtree is skipped, as a screen reader skips it.
"""

import sys
import time

sys.dont_write_bytecode = True
import yc_ui as ui  # noqa: E402
from yc_ui import click, find, log, screenshot, set_text, wait_for  # noqa: E402

TOTAL_TIMEOUT = 600
HALL, WINDOW = ui.DEMO_HALL, ui.DEMO_WINDOWS[3]
KEYCODE_COMMA = 59

# The roles a user operates.  Labels, panes and list containers are not controls.
INTERACTIVE = {
    'push button', 'button', 'toggle button', 'check box', 'radio button', 'combo box',
    'text', 'entry', 'password text', 'spin button', 'slider', 'switch', 'link',
    'menu item', 'check menu item', 'radio menu item', 'page tab',
}


def path_of(acc, root):
    names = []
    node = acc.parent
    while node is not None and node != root and len(names) < 6:
        if node.name:
            names.append('%s “%s”' % (node.getRoleName(), node.name))
        node = node.parent
    return ' < '.join(names) or '(top)'


def unnamed_controls(root):
    """(role, path) of every showing interactive control below root without a name, the
    number of accessibles seen and the number of controls checked."""
    import pyatspi
    found, seen, controls = [], 0, 0
    queue = [root]
    while queue:
        node = queue.pop(0)
        for i in range(node.childCount):
            child = node.getChildAtIndex(i)
            if child is None or not child.getState().contains(pyatspi.STATE_VISIBLE):
                continue
            seen += 1
            role = child.getRoleName()
            if role in INTERACTIVE:
                controls += 1
                if not (child.name or '').strip():
                    found.append((role, path_of(child, root)))
            queue.append(child)
    return found, seen, controls


def walk(view, root, problems):
    """Walks root (the view just shown) and records its unnamed controls.  A view still
    filling (a list read from the store after it showed) replaces accessibles while they are
    walked: the walk starts again then, while the application runs."""
    from gi.repository import GLib
    for attempt in range(10):
        try:
            found, seen, controls = unnamed_controls(root)
            break
        except GLib.GError as e:
            if ui.proc is None or ui.proc.poll() is not None:
                ui.fail('yichuang exited while %s was walked' % view)
            log('%s changed while walked (%s): again' % (view, e.message))
            time.sleep(0.5)
    else:
        ui.fail('%s kept changing while walked' % view)
    log('%s: %d accessibles showing, %d controls, %d unnamed' % (view, seen, controls, len(found)))
    screenshot('a11y-' + view)
    for role, where in found:
        problems.append('%s: an unnamed %s in %s' % (view, role, where))
    if controls < 3:
        problems.append('%s: only %d controls: the view did not show' % (view, controls))


def back_office_views(url, users, user, first, second, problems):
    """A new back-office computer, user signed in: walks the view shown first (named first
    in the log), then the one of the tab second = (tab name, name in the log)."""
    ui.stop_app()
    app = ui.launch(ui.new_dir('yc-ui-app-'), url)
    ui.enrol_back_office(app, url, users['admin'])
    ui.sign_in(app, users[user], expect_counter=False)
    find(app, second[0], timeout=ui.STARTUP_TIMEOUT)
    window = ui.main_window(app)
    walk(first, window, problems)
    click(app, second[0])
    time.sleep(1)
    walk(second[1], window, problems)


def main():
    import pyatspi
    ui.setup('a11y', TOTAL_TIMEOUT, plan=1)
    problems = []
    url, users = ui.start_backoffice(ui.new_dir('yc-ui-bo-'))
    app = ui.launch(None, url)
    shown, _ = ui.find_any(app, (ui.ENROL_URL, ui.SIGN_IN_USERNAME, ui.SEARCH), ui.STARTUP_TIMEOUT)
    if shown == ui.ENROL_URL:
        walk('enrolment', app, problems)
    ui.enrol_and_sign_in(app, url, HALL, WINDOW, users['admin'], users['clerk'])
    window = ui.main_window(app)
    walk('catalog-search', window, problems)

    set_text(app, ui.SEARCH, '健身房')
    results = find(app, '搜索结果')
    wait_for('我要开健身房 among the results',
             lambda: pyatspi.findDescendant(results, lambda a: a.name == '我要开健身房',
                                            breadth_first=True))
    time.sleep(0.5)
    pyatspi.Registry.generateKeyboardEvent(ui.KEYSYM_RETURN, None, pyatspi.KEY_SYM)
    find(app, '我要开健身房', 'label')
    walk('item-detail', window, problems)

    click(app, '开始受理')
    find(app, '确认决定')
    walk('intake', window, problems)

    click(app, '今日受理', 'page tab')
    time.sleep(1)
    walk('today', window, problems)

    ui.key_combo(KEYCODE_COMMA, ui.KEYCODE_CONTROL_L)
    prefs = wait_for('the preferences window',
                     lambda: next((app.getChildAtIndex(i) for i in range(app.childCount)
                                   if app.getChildAtIndex(i) is not None
                                   and app.getChildAtIndex(i).name == '首选项'), None))
    for page in ('窗口', '扫描', '办理时限'):
        tab = ui.lookup(prefs, page)
        if tab is not None:
            ui.press(tab)
            time.sleep(0.5)
        walk('preferences-' + page, prefs, problems)

    # On back-office computers: review mode, then the supervisor's board and figures.
    back_office_views(url, users, 'reviewer-scjg', 'review-queue', ('承诺核查', 'review-pledges'),
                      problems)
    back_office_views(url, users, 'supervisor', 'supervision-board', ('统计', 'supervision-figures'),
                      problems)

    for problem in problems:
        log('UNNAMED ' + problem)
    if problems:
        ui.fail('%d controls without an accessible name (listed above)' % len(problems))
    ui.ok('every control of every main view has an accessible name')
    return 0


if __name__ == '__main__':
    ui.run(main)
