#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Enrolment, sign-in, lock and sign-out through the accessibility bus, in the Chinese UI.

Usage: test-sign-in.py YICHUANG [SCREENSHOT_DIR]

Against the real back office (`yichuang-backoffice demo`, then `serve`; tests/ui/yc_ui.py):
(1) a fresh computer asks for its enrolment first; the administrator enrols it as JB01-W03;
(2) wrong passwords and a reviewer are turned away with a reason; (3) clerk1 signs in online,
the header names clerk1 and the window; (4) Ctrl+Shift+L locks, the counter is hidden, a wrong
password keeps it locked, the right one unlocks; (5) sign-out from the header menu; (6) with
an intake open, sign-out is refused, and after a lock 换人登录 asks before discarding it;
(7) with the back office stopped, clerk1 signs in offline (离线登录 shown) and a case is
accepted as JB01-W03-YYYYMMDD-0001; a wrong password offline and a clerk who never signed in
here are refused; (8) started again with a 10-second idle lock, the screen locks by itself.
"""

import datetime
import sys
import time

sys.dont_write_bytecode = True
import yc_ui as ui  # noqa: E402
from yc_ui import click, find, find_matching, log, screenshot, set_text, wait_for  # noqa: E402

TOTAL_TIMEOUT = 420
HALL, WINDOW = ui.DEMO_HALL, 'W03'
KEYCODE_L = 46
WRONG_PASSWORD = '用户名或密码错误。'
LOCK_TITLE = r'^已锁定：'


def lock_with_keyboard(app):
    ui.key_combo(KEYCODE_L, ui.KEYCODE_CONTROL_L, ui.KEYCODE_SHIFT_L)
    find(app, ui.UNLOCK_PASSWORD)
    find_matching(app, LOCK_TITLE)


def account_button(app, user):
    return find_matching(app, r'^%s · %s-%s' % (user, HALL, WINDOW))


def sign_out_from_menu(app, user):
    ui.press(account_button(app, user))
    click(app, '退出登录', 'button')


def search_is_hidden(app):
    """While locked or signed out the counter is not shown: the views holding the search
    are hidden (GTK 4.8 reports each widget's own visibility: look at the ancestors)."""
    entry = ui.lookup(app, ui.SEARCH)
    return entry is None or not ui.really_visible(entry)


def test_enrolment(app, url, users):
    find(app, ui.ENROL_URL, timeout=ui.STARTUP_TIMEOUT)
    find(app, '本机尚未登记')
    if ui.lookup(app, ui.SIGN_IN_USERNAME) is not None:
        ui.fail('the sign-in is offered before the computer is enrolled')
    # The address comes prefilled from YC_BACKOFFICE_URL.
    address = ui.text_of(ui.editable(find(app, ui.ENROL_URL))[0])
    if address != url:
        ui.fail('the back office address is %r, expected %r' % (address, url))
    # A window the back office does not know: the administrator is told what to run.
    set_text(app, ui.ENROL_HALL, HALL)
    set_text(app, ui.ENROL_WINDOW, 'W99')
    set_text(app, ui.ENROL_USERNAME, users['admin'][0])
    set_text(app, ui.ENROL_PASSWORD, users['admin'][1])
    click(app, ui.ENROL_BUTTON, 'button')
    find_matching(app, r'yichuang-backoffice window enroll %s W99' % HALL)
    screenshot('enrol-unknown-window')
    ui.enrol(app, url, HALL, WINDOW, users['admin'])
    find(app, ui.SIGN_IN_USERNAME, timeout=ui.STARTUP_TIMEOUT)
    find_matching(app, r'窗口 %s-%s' % (HALL, WINDOW))
    screenshot('sign-in-page')
    ui.ok('a fresh computer is enrolled first, as %s-%s' % (HALL, WINDOW))


def test_refusals(app, users):
    ui.sign_in(app, (users['clerk'][0], 'not-the-password'), expect_counter=False)
    find(app, WRONG_PASSWORD)
    ui.sign_in(app, users['reviewer'], expect_counter=False)
    find_matching(app, r'审查模式')
    ui.sign_in(app, users['admin'], expect_counter=False)
    find_matching(app, r'管理员负责管理后台')
    screenshot('refused')
    if not search_is_hidden(app):
        ui.fail('the counter shows to nobody signed in')
    ui.ok('a wrong password, a reviewer and an administrator are turned away with a reason')


def test_online_sign_in(app, users):
    ui.sign_in(app, users['clerk'])
    button = account_button(app, users['clerk'][0])
    if '离线' in button.name:
        ui.fail('an online sign-in is shown as offline: %s' % button.name)
    screenshot('signed-in')
    ui.ok('%s signed in online; the header shows %s' % (users['clerk'][0], button.name))


def test_lock(app, users):
    lock_with_keyboard(app)
    wait_for('the counter hidden while locked', lambda: search_is_hidden(app))
    screenshot('locked')
    set_text(app, ui.UNLOCK_PASSWORD, 'wrong')
    click(app, ui.UNLOCK_BUTTON, 'button')
    find(app, WRONG_PASSWORD)
    set_text(app, ui.UNLOCK_PASSWORD, users['clerk'][1])
    click(app, ui.UNLOCK_BUTTON, 'button')
    find(app, ui.SEARCH)
    wait_for('the counter shown again', lambda: not search_is_hidden(app))
    ui.ok('Ctrl+Shift+L locks; a wrong password keeps it locked, the right one unlocks')


def test_sign_out(app, users):
    sign_out_from_menu(app, users['clerk'][0])
    find(app, ui.SIGN_IN_USERNAME)
    find_matching(app, r'^已退出登录')
    wait_for('the counter hidden after sign-out', lambda: search_is_hidden(app))
    screenshot('signed-out')
    ui.ok('sign-out from the header menu shows the sign-in again')


def start_intake(app, query, result_name):
    import pyatspi
    find(app, ui.SEARCH, timeout=ui.STARTUP_TIMEOUT)
    set_text(app, ui.SEARCH, query)
    results = find(app, '搜索结果')
    wait_for('%s among the results' % result_name,
             lambda: pyatspi.findDescendant(results, lambda a: a.name == result_name,
                                            breadth_first=True))
    time.sleep(0.5)  # the entry's typing delay; the list settles
    ui.key(ui.KEYSYM_RETURN)
    find(app, result_name, 'label')
    click(app, '开始受理')
    find(app, '确认决定')


def test_unsaved_intake(app, users):
    ui.sign_in(app, users['clerk'])
    start_intake(app, '社保', '社会保障卡申领')
    set_text(app, '姓名', '张晓明')
    sign_out_from_menu(app, users['clerk'][0])
    find(app, '请先完成本次受理')
    screenshot('sign-out-refused')
    ui.press(find_matching(app, r'^确定', role='button'))
    ui.wait_gone(app, '请先完成本次受理')
    find(app, '确认决定')  # still in the intake, still signed in

    lock_with_keyboard(app)
    click(app, '换人登录', 'button')
    find(app, '放弃未保存的受理？')
    screenshot('switch-user-asks')
    ui.press(find_matching(app, r'^放弃并换人登录', role='button'))
    find(app, ui.SIGN_IN_USERNAME)
    ui.ok('with an intake open, sign-out is refused and switching user asks before discarding')


def confirm(app):
    import pyatspi
    click(app, '确认决定')
    find_matching(app, r'^确认“.*”？$')
    button = wait_for('the confirm response',
                      lambda: pyatspi.findDescendant(
                          app, lambda a: a is not None and ui.role_is(a, 'button')
                          and (a.name or '').startswith('确认(') and ui.showing(a),
                          breadth_first=True))
    ui.press(button)


def test_offline(app, users):
    ui.stop_backoffice()
    ui.sign_in(app, users['clerk'])
    find_matching(app, r'^%s · %s-%s · 离线登录' % (users['clerk'][0], HALL, WINDOW))
    screenshot('offline-signed-in')

    start_intake(app, '社保', '社会保障卡申领')
    set_text(app, '姓名', '张晓明')
    set_text(app, '居民身份证号码', '110101199003070011')
    set_text(app, '手机号码', '13800138000')
    click(app, '全部收齐')
    confirm(app)
    day = datetime.date.today().strftime('%Y%m%d')
    number = '%s-%s-%s-%04d' % (HALL, WINDOW, day, 1)
    find(app, number, timeout=ui.STEP_TIMEOUT)
    screenshot('offline-accepted')
    # The documents' preview (when it opens after the commit) is closed first.
    done = ui.lookup_in_dialogs(app, '完成', 'button')
    if done is not None:
        ui.press(done)
    ui.ok('offline sign-in says so, and a case is accepted offline as %s' % number)

    click(app, '办理下一位')
    sign_out_from_menu(app, users['clerk'][0])
    ui.sign_in(app, (users['clerk'][0], 'not-the-password'), expect_counter=False)
    find(app, WRONG_PASSWORD)
    ui.sign_in(app, users['clerk2'], expect_counter=False)
    find_matching(app, r'从未在本机联网登录过')
    screenshot('offline-refused')
    ui.ok('offline, a wrong password and a clerk never signed in here are refused')


IDLE_LOCK_SECONDS = 10


def test_idle_lock(data_dir, url, users):
    ui.stop_app()
    # Long enough that the counter, once unlocked, is seen before it locks again by itself
    # (the unlock's argon2id check takes seconds when the machine is busy).
    app = ui.launch(data_dir, url, env={'YC_IDLE_LOCK_SECONDS': str(IDLE_LOCK_SECONDS)})
    ui.sign_in(app, users['clerk'], timeout=ui.STARTUP_TIMEOUT)
    find(app, ui.UNLOCK_PASSWORD, timeout=IDLE_LOCK_SECONDS + ui.STEP_TIMEOUT)
    find_matching(app, LOCK_TITLE)
    screenshot('idle-locked')
    set_text(app, ui.UNLOCK_PASSWORD, users['clerk'][1])
    click(app, ui.UNLOCK_BUTTON, 'button')
    find(app, ui.SEARCH, timeout=IDLE_LOCK_SECONDS - 1)
    ui.ok('after the idle time the screen locks by itself')


def main():
    ui.setup('sign-in', TOTAL_TIMEOUT, plan=9)
    url, users = ui.start_backoffice(ui.new_dir('yc-ui-bo-'))
    data_dir = ui.new_dir('yc-ui-app-')
    app = ui.launch(data_dir, url)
    test_enrolment(app, url, users)
    test_refusals(app, users)
    test_online_sign_in(app, users)
    test_lock(app, users)
    test_sign_out(app, users)
    test_unsaved_intake(app, users)
    test_offline(app, users)
    test_idle_lock(data_dir, url, users)
    log('done')
    return 0


if __name__ == '__main__':
    ui.run(main)
