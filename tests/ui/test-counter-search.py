#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Counter search through the accessibility bus, as a screen reader or a clerk sees it.

Usage: test-counter-search.py YICHUANG [SCREENSHOT_DIR]

Starts the real back office with its demo data and the built `yichuang` on a fresh data
directory (so the shipped catalog is imported into a new store), enrols it and signs in as
a clerk (tests/ui/yc_ui.py), finds the search entry by its accessible name, types 社保 and checks
that the results list the social-insurance items and not unrelated ones; then opens the
first result with the keyboard and checks the detail pane.  Then starts it on a damaged
database and checks that it shows the error instead of failing.  Takes screenshots.

Run inside Xvfb and `dbus-run-session` (build-aux/run-ui-tests.sh); GTK must not run with
GTK_A11Y=none.  Exits within TOTAL_TIMEOUT seconds whatever happens.
"""

import os
import sys
import time

sys.dont_write_bytecode = True
import yc_ui as ui  # noqa: E402
from yc_ui import fail, log, wait_for, descendants  # noqa: E402

TOTAL_TIMEOUT = 220
STARTUP_TIMEOUT = ui.STARTUP_TIMEOUT

EXPECTED_TITLE = '一窗综合受理'
EXPECTED_PLACEHOLDER = '选择一个事项开始受理'
SEARCH_NAME = '搜索事项'
ERROR_TITLE = '受理窗口无法启动'
RESULTS_NAME = '搜索结果'
QUERY = '社保'
# Items of the shipped catalog a 社保 search must find (社保 ↔ 社会保险 synonym) and must not.
EXPECTED_ANY = ('社会保障卡申领', '单位社会保险参保登记')
UNRELATED = ('结婚登记', '个体工商户设立登记')


def test_search():
    import pyatspi

    url, users = ui.start_backoffice(ui.new_dir('yc-ui-bo-'))
    app = ui.launch(None, url)
    ui.enrol_and_sign_in(app, url, ui.DEMO_HALL, ui.DEMO_WINDOWS[0], users['admin'], users['clerk'])

    # The entry appears once the store is open and the catalog imported and indexed.
    entry = wait_for('the search entry named ' + SEARCH_NAME,
                     lambda: pyatspi.findDescendant(app, lambda a: a.name == SEARCH_NAME,
                                                    breadth_first=True),
                     STARTUP_TIMEOUT)
    log('search entry role: %s' % entry.getRoleName())

    window = ui.main_window(app)
    if window.name != EXPECTED_TITLE:
        fail('window title is %r, expected the Chinese %r' % (window.name, EXPECTED_TITLE))
    log('window title: ' + window.name)

    wait_for('the placeholder label ' + EXPECTED_PLACEHOLDER,
             lambda: pyatspi.findDescendant(window, lambda a: a.name == EXPECTED_PLACEHOLDER,
                                            breadth_first=True))

    results = wait_for('the result list named ' + RESULTS_NAME,
                       lambda: pyatspi.findDescendant(window, lambda a: a.name == RESULTS_NAME,
                                                      breadth_first=True))

    def result_names():
        return [a.name for a in descendants(results)
                if a.getRoleName() == 'label' and a.name]

    # Browsing before the search: the whole catalog, so the unrelated items are listed too.
    browse = wait_for('results while browsing', result_names)
    log('browsing shows %d labels' % len(browse))

    # Type through the X server as a clerk would; the app has put the focus in the entry.
    # One character at a time: the registry maps each hanzi onto a spare keycode, and a
    # second character remapped before GTK has read the first would type the second twice.
    def entry_text():
        text = entry.queryText()
        return text.getText(0, text.characterCount)

    for i, char in enumerate(QUERY):
        pyatspi.Registry.generateKeyboardEvent(0, char, pyatspi.KEY_STRING)
        wait_for('%s in the search entry' % QUERY[:i + 1],
                 lambda: entry_text() == QUERY[:i + 1])

    def searched():
        names = result_names()
        if any(name in names for name in EXPECTED_ANY):
            return names
        return None

    names = wait_for('results for ' + QUERY, searched)
    # The list updates as the entry's typing delay passes; let it settle before judging.
    time.sleep(0.5)
    names = result_names()
    log('results for %s: %s' % (QUERY, ' | '.join(names)))
    found = [n for n in EXPECTED_ANY if n in names]
    if not found:
        fail('none of %s in the results for %s' % (EXPECTED_ANY, QUERY))
    wrong = [n for n in UNRELATED if n in names]
    if wrong:
        fail('unrelated items %s in the results for %s' % (wrong, QUERY))

    counts = [a.name for a in descendants(window)
              if a.getRoleName() == 'label' and a.name and a.name.startswith('共')]
    log('count label: %s' % counts)
    ui.screenshot('search')

    # Enter moves from the search into the results and shows the first one on the right.
    pyatspi.Registry.generateKeyboardEvent(0xff0d, None, pyatspi.KEY_SYM)
    wait_for('the detail pane of the first result',
             lambda: pyatspi.findDescendant(window, lambda a: a.name == '实施部门',
                                            breadth_first=True))
    materials = wait_for('the materials of the first result',
                         lambda: pyatspi.findDescendant(
                             window, lambda a: a.name in ('申请材料',) or a.name.startswith('情景：'),
                             breadth_first=True))
    log('detail shows: %s' % materials.name)
    time.sleep(0.5)
    ui.screenshot('detail')

    ui.ok('counter search for %s finds %s' % (QUERY, ', '.join(found)))
    ui.cleanup()


def test_damaged_store():
    """A damaged database shows what happened on a status page; the app keeps running."""
    import pyatspi

    def damage(directory):
        with open(os.path.join(directory, 'yichuang.db'), 'wb') as f:
            f.write(b'this is not an SQLite database' * 200)

    app = ui.launch(prepare=damage)
    window = ui.main_window(app)
    wait_for('the error page titled ' + ERROR_TITLE,
             lambda: pyatspi.findDescendant(window, lambda a: a.name == ERROR_TITLE,
                                            breadth_first=True),
             STARTUP_TIMEOUT)
    message = wait_for('the error message naming the database',
                       lambda: pyatspi.findDescendant(window, lambda a: 'yichuang.db' in (a.name or ''),
                                                      breadth_first=True))
    log('error message: ' + message.name)
    if pyatspi.findDescendant(window, lambda a: a.name == SEARCH_NAME, breadth_first=True):
        fail('the search is offered on a damaged store')
    time.sleep(0.3)
    if ui.proc.poll() is not None:
        fail('yichuang exited on a damaged store')
    ui.screenshot('error')
    ui.ok('a damaged store shows an error page')
    ui.cleanup()


def main():
    ui.setup('counter', TOTAL_TIMEOUT, plan=2)
    test_search()
    test_damaged_store()
    return 0


if __name__ == '__main__':
    ui.run(main)
