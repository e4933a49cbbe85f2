#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The clerk's intake through the accessibility bus, in the Chinese UI.

Usage: test-intake.py YICHUANG [SCREENSHOT_DIR]

On a fresh data directory: (1) the 我要开健身房 bundle, all materials received but one
tolerated (从业人员健康合格证明) and one pledged (住所使用证明): the window is enrolled on the
way, the case is accepted with tolerance, the result page shows HALL-WINDOW-YYYYMMDD-0001 and
今日受理 lists it; (2) an item with materials missing: a one-time notice listing them;
(3) a refusal with its reason.  Controls are found by their accessible names; text goes in
through the EditableText interface, buttons are pressed with their click action.  A
screenshot is taken at each step.

Run inside Xvfb and `dbus-run-session` (build-aux/run-ui-tests.sh).
"""

import datetime
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

STARTUP_TIMEOUT = 30
STEP_TIMEOUT = 10
TOTAL_TIMEOUT = 170

HALL, WINDOW = 'JB', '07'
ENTERPRISE = '力行健身管理有限公司'
USCC = '91350100M000100Y43'
PERSON = '张晓明'
RESIDENT_ID = '110101199003070011'
MOBILE = '13800138000'
PLEDGED = '住所（经营场所）使用证明'
TOLERATED = '从业人员健康合格证明'
# X keycodes of Xvfb's default (evdev) keymap.
KEYCODE_ALT_L = 64
KEYCODE_5 = 14

proc = None
data_dir = None
shot_dir = None
step = 0


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


def screenshot(name):
    global step
    if not shot_dir or shutil.which('import') is None:
        return
    step += 1
    path = os.path.join(shot_dir, 'intake-%02d-%s.png' % (step, name))
    time.sleep(0.4)  # let the last change paint
    subprocess.run(['import', '-window', 'root', path], check=False, timeout=20)
    log('screenshot: ' + path)


def fail(msg):
    print('not ok - ' + msg, flush=True)
    print('Bail out!', flush=True)
    screenshot('failure')
    cleanup()
    sys.exit(1)


def wait_for(what, func, timeout=STEP_TIMEOUT):
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = func()
        except Exception as e:  # the tree changes under us
            log('retrying %s: %s' % (what, e))
            value = None
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            fail('yichuang exited with %d while waiting for %s' % (proc.returncode, what))
        if time.monotonic() > deadline:
            fail('%s did not appear within %d s' % (what, timeout))
        time.sleep(0.2)


def showing(acc):
    """GTK 4.8 reports the widget's own visibility, not whether it is mapped."""
    import pyatspi
    return acc.getState().contains(pyatspi.STATE_VISIBLE)


def find(root, name, role=None, timeout=STEP_TIMEOUT):
    """The showing accessible below root named name (and of role)."""
    import pyatspi

    def match(a):
        return (a is not None and a.name == name and (role is None or a.getRoleName() == role)
                and showing(a))
    return wait_for('“%s”' % name,
                    lambda: pyatspi.findDescendant(root, match, breadth_first=True), timeout)


def find_matching(root, pattern, timeout=STEP_TIMEOUT):
    import pyatspi
    regex = re.compile(pattern)
    return wait_for('a label matching %s' % pattern,
                    lambda: pyatspi.findDescendant(
                        root, lambda a: a is not None and a.name and regex.search(a.name)
                        and showing(a), breadth_first=True), timeout)


def click(root, name, role=None):
    acc = find(root, name, role)
    action = acc.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ('click', 'activate', 'press', 'toggle'):
            action.doAction(i)
            return acc
    fail('“%s” cannot be clicked (actions: %s)' %
         (name, [action.getName(i) for i in range(action.nActions)]))


def editable(acc):
    """acc, or the text inside it (an AdwEntryRow names the row, its GtkText edits)."""
    queue = [acc]
    while queue:
        node = queue.pop(0)
        try:
            return node, node.queryEditableText()
        except NotImplementedError:
            queue.extend(node.getChildAtIndex(i) for i in range(node.childCount))
    fail('“%s” holds no editable text' % acc.name)


def set_text(root, name, text):
    acc, text_iface = editable(find(root, name))
    if not text_iface.setTextContents(text):
        fail('cannot type into “%s”' % name)
    return acc


def text_of(acc):
    text = acc.queryText()
    return text.getText(0, text.characterCount)


def checked(acc):
    import pyatspi
    state = acc.getState()
    return state.contains(pyatspi.STATE_CHECKED) or state.contains(pyatspi.STATE_PRESSED)


def launch(exe):
    global proc, data_dir
    import pyatspi

    data_dir = tempfile.mkdtemp(prefix='yc-ui-intake-')
    env = dict(os.environ)
    env['YC_DATA_DIR'] = data_dir
    env.setdefault('LANG', 'C.UTF-8')
    env.setdefault('LANGUAGE', 'zh_CN')
    env['GSETTINGS_BACKEND'] = 'memory'
    env['G_DEBUG'] = 'fatal-criticals'
    env.setdefault('GSK_RENDERER', 'cairo')
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

    return wait_for('the application on the accessibility bus', find_app, STARTUP_TIMEOUT)


def start_intake(app, query, result_name):
    """Searches, shows the result in the detail pane and starts its intake."""
    import pyatspi

    find(app, '搜索事项', timeout=STARTUP_TIMEOUT)
    set_text(app, '搜索事项', query)
    results = find(app, '搜索结果')
    wait_for('%s among the results' % result_name,
             lambda: pyatspi.findDescendant(results, lambda a: a.name == result_name,
                                            breadth_first=True))
    time.sleep(0.5)  # the entry's typing delay; the list settles
    # Enter moves from the search into the results and shows the first one.
    pyatspi.Registry.generateKeyboardEvent(0xff0d, None, pyatspi.KEY_SYM)
    find(app, result_name, 'label')
    click(app, '开始受理')
    find(app, '确认决定')


def fill_enterprise(app):
    set_text(app, '企业名称', ENTERPRISE)
    set_text(app, '统一社会信用代码', USCC)
    set_text(app, '手机号码', MOBILE)


def confirm(app, expect_enrolment=False):
    click(app, '确认决定')
    if expect_enrolment:
        find(app, '大厅代码')
        screenshot('enrol')
        set_text(app, '大厅代码', HALL)
        set_text(app, '窗口代码', WINDOW)
        click(app, '登记')
    heading = find_matching(app, r'^确认“.*”？$')
    log('confirmation: ' + heading.name)
    screenshot('confirm')
    import pyatspi
    button = wait_for('the confirm response',
                      lambda: pyatspi.findDescendant(
                          app, lambda a: a is not None and a.getRoleName() in ('button', 'push button')
                          and (a.name or '').startswith('确认(') and showing(a), breadth_first=True))
    log('pressing ' + button.name)
    button.queryAction().doAction(0)


def expect_number(app, sequence):
    day = datetime.date.today().strftime('%Y%m%d')
    number = '%s-%s-%s-%04d' % (HALL, WINDOW, day, sequence)
    find(app, number, timeout=STEP_TIMEOUT)
    log('result page shows ' + number)
    return number


def test_tolerance_and_pledge(app):
    start_intake(app, '健身房', '我要开健身房')
    fill_enterprise(app)
    # The masked number is shown once the field is no longer being edited.
    mobile = editable(find(app, '手机号码'))[0]
    wait_for('the mobile number masked', lambda: '****' in text_of(mobile))
    screenshot('bundle-start')

    click(app, '全部收齐')
    click(app, '告知承诺：' + PLEDGED)
    click(app, '缺：' + TOLERATED)
    tolerance = find(app, '容缺受理', 'check box')
    wait_for('容缺受理 recommended and chosen', lambda: checked(tolerance))
    find(app, '容缺材料')
    find(app, TOLERATED, 'label')
    screenshot('bundle-decision')

    confirm(app, expect_enrolment=True)
    number = expect_number(app, 1)
    find(app, '办理下一位')
    screenshot('bundle-result')

    click(app, '今日受理', 'page tab')
    today = find(app, '今日受理列表')
    import pyatspi
    wait_for(number + ' in 今日受理',
             lambda: pyatspi.findDescendant(today, lambda a: a.name == number, breadth_first=True))
    find(app, '我要开健身房', 'label')
    screenshot('today')
    click(app, '受理', 'page tab')
    click(app, '办理下一位')
    find(app, '搜索事项')
    print('ok 1 - 我要开健身房 accepted with tolerance and a pledge as %s' % number, flush=True)


def test_one_time_notice(app):
    start_intake(app, '卫生许可', '公共场所卫生许可')
    fill_enterprise(app)
    notice = find(app, '一次性告知', 'check box')
    wait_for('一次性告知 recommended', lambda: checked(notice))
    find(app, '一次性告知清单')
    screenshot('notice-decision')
    confirm(app)
    number = expect_number(app, 2)
    find_matching(app, '一次性告知')
    screenshot('notice-result')
    click(app, '办理下一位')
    print('ok 2 - a one-time notice recorded as %s' % number, flush=True)


def test_refusal(app):
    start_intake(app, '社保', '社会保障卡申领')
    set_text(app, '姓名', PERSON)
    set_text(app, '居民身份证号码', RESIDENT_ID)
    set_text(app, '手机号码', MOBILE)
    # Alt+5 chooses the fifth decision, 不予受理, wherever the focus is in the intake.
    import pyatspi
    pyatspi.Registry.generateKeyboardEvent(KEYCODE_ALT_L, None, pyatspi.KEY_PRESS)
    pyatspi.Registry.generateKeyboardEvent(KEYCODE_5, None, pyatspi.KEY_PRESSRELEASE)
    pyatspi.Registry.generateKeyboardEvent(KEYCODE_ALT_L, None, pyatspi.KEY_RELEASE)
    refuse = find(app, '不予受理', 'check box')
    wait_for('不予受理 chosen', lambda: checked(refuse))
    find(app, '不予受理理由')
    set_text(app, '向申请人说明', '申请人已在外省参保，应向参保地申领')
    screenshot('refusal-decision')
    confirm(app)
    number = expect_number(app, 3)
    screenshot('refusal-result')
    print('ok 3 - a refusal with its reason recorded as %s' % number, flush=True)


def main():
    global shot_dir
    if len(sys.argv) < 2:
        print('usage: test-intake.py YICHUANG [SCREENSHOT_DIR]', file=sys.stderr)
        return 2
    exe = sys.argv[1]
    shot_dir = sys.argv[2] if len(sys.argv) > 2 else None

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(TOTAL_TIMEOUT)

    print('1..3', flush=True)
    app = launch(exe)
    test_tolerance_and_pledge(app)
    test_one_time_notice(app)
    test_refusal(app)
    cleanup()
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    finally:
        cleanup()
