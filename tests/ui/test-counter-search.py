#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Counter search through the accessibility bus, as a screen reader or a clerk sees it.

Usage: test-counter-search.py YICHUANG [SCREENSHOT_DIR]

Starts the built `yichuang` on a fresh data directory (so the shipped catalog is imported
into a new store), finds the search entry by its accessible name, types 社保 and checks
that the results list the social-insurance items and not unrelated ones; then opens the
first result with the keyboard and checks the detail pane.  Then starts it on a damaged
database and checks that it shows the error instead of failing.  Takes screenshots.

Run inside Xvfb and `dbus-run-session` (build-aux/run-ui-tests.sh); GTK must not run with
GTK_A11Y=none.  Exits within TOTAL_TIMEOUT seconds whatever happens.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

STARTUP_TIMEOUT = 30
STEP_TIMEOUT = 10
TOTAL_TIMEOUT = 110

EXPECTED_TITLE = '一窗综合受理'
EXPECTED_PLACEHOLDER = '选择一个事项开始受理'
SEARCH_NAME = '搜索事项'
ERROR_TITLE = '受理窗口无法启动'
RESULTS_NAME = '搜索结果'
QUERY = '社保'
# Items of the shipped catalog a 社保 search must find (社保 ↔ 社会保险 synonym) and must not.
EXPECTED_ANY = ('社会保障卡申领', '单位社会保险参保登记')
UNRELATED = ('结婚登记', '个体工商户设立登记')

proc = None
data_dir = None


def log(msg):
    print('# ' + msg, flush=True)


def cleanup():
    global proc, data_dir
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    proc = None
    if data_dir is not None:
        shutil.rmtree(data_dir, ignore_errors=True)
        data_dir = None


def on_alarm(signum, frame):
    log('timed out after %d s' % TOTAL_TIMEOUT)
    cleanup()
    os._exit(1)


shot_dir = None


def fail(msg):
    print('not ok - ' + msg, flush=True)
    print('Bail out!', flush=True)
    screenshot(shot_dir, 'counter-failure.png')
    cleanup()
    sys.exit(1)


def wait_for(what, func, timeout=STEP_TIMEOUT):
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = func()
        except Exception as e:  # the tree changes under us while the app starts
            log('retrying %s: %s' % (what, e))
            value = None
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            fail('yichuang exited with %d while waiting for %s' % (proc.returncode, what))
        if time.monotonic() > deadline:
            fail('%s did not appear within %d s' % (what, timeout))
        time.sleep(0.2)


def descendants(root):
    """All accessibles below root, breadth first."""
    queue = [root]
    while queue:
        node = queue.pop(0)
        for i in range(node.childCount):
            child = node.getChildAtIndex(i)
            if child is not None:
                yield child
                queue.append(child)


def screenshot(directory, name):
    if not directory or shutil.which('import') is None:
        return
    path = os.path.join(directory, name)
    subprocess.run(['import', '-window', 'root', path], check=False, timeout=20)
    log('screenshot: ' + path)


def launch(exe, prepare=None):
    """Starts yichuang on a new data directory; returns its application accessible."""
    global proc, data_dir
    import pyatspi

    data_dir = tempfile.mkdtemp(prefix='yc-ui-test-')
    if prepare is not None:
        prepare(data_dir)
    env = dict(os.environ)
    env['YC_DATA_DIR'] = data_dir
    env.setdefault('LANG', 'C.UTF-8')
    env.setdefault('LANGUAGE', 'zh_CN')
    env['GSETTINGS_BACKEND'] = 'memory'
    # A critical in the application fails the test instead of scrolling past.
    env['G_DEBUG'] = 'fatal-criticals'
    env.setdefault('GSK_RENDERER', 'cairo')
    # Unit tests switch accessibility off; this test needs it.
    env.pop('GTK_A11Y', None)
    env.pop('NO_AT_BRIDGE', None)

    proc = subprocess.Popen([exe, '--data-dir', data_dir], env=env)

    desktop = pyatspi.Registry.getDesktop(0)

    def find_app():
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.get_process_id() == proc.pid:
                return app
        return None

    app = wait_for('the application on the accessibility bus', find_app, STARTUP_TIMEOUT)
    log('application: %s' % app.name)
    return app


def main_window(app):
    return wait_for('the main window',
                    lambda: next((app.getChildAtIndex(i) for i in range(app.childCount)
                                  if app.getChildAtIndex(i).getRoleName() in ('frame', 'window')),
                                 None))


def test_search(exe, shot_dir):
    import pyatspi

    app = launch(exe)

    # The entry appears once the store is open and the catalog imported and indexed.
    entry = wait_for('the search entry named ' + SEARCH_NAME,
                     lambda: pyatspi.findDescendant(app, lambda a: a.name == SEARCH_NAME,
                                                    breadth_first=True),
                     STARTUP_TIMEOUT)
    log('search entry role: %s' % entry.getRoleName())

    window = main_window(app)
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
    screenshot(shot_dir, 'counter-search.png')

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
    screenshot(shot_dir, 'counter-detail.png')

    print('ok 1 - counter search for %s finds %s' % (QUERY, ', '.join(found)), flush=True)
    cleanup()


def test_damaged_store(exe, shot_dir):
    """A damaged database shows what happened on a status page; the app keeps running."""
    import pyatspi

    def damage(directory):
        with open(os.path.join(directory, 'yichuang.db'), 'wb') as f:
            f.write(b'this is not an SQLite database' * 200)

    app = launch(exe, damage)
    window = main_window(app)
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
    if proc.poll() is not None:
        fail('yichuang exited on a damaged store')
    screenshot(shot_dir, 'counter-error.png')
    print('ok 2 - a damaged store shows an error page', flush=True)
    cleanup()


def main():
    if len(sys.argv) < 2:
        print('usage: test-counter-search.py YICHUANG [SCREENSHOT_DIR]', file=sys.stderr)
        return 2
    global shot_dir
    exe = sys.argv[1]
    shot_dir = sys.argv[2] if len(sys.argv) > 2 else None

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(TOTAL_TIMEOUT)

    print('1..2', flush=True)
    test_search(exe, shot_dir)
    test_damaged_store(exe, shot_dir)
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    finally:
        cleanup()
