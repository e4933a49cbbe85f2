#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The clerk's intake through the accessibility bus, in the Chinese UI.

Usage: test-intake.py YICHUANG [SCREENSHOT_DIR]

On a fresh data directory: the real back office started with its demo data, the computer
enrolled as window JB01-W02 and clerk1 signed in (tests/ui/yc_ui.py), then the back
office stopped — everything below happens offline, after the offline banner showed; (1) the 我要开健身房
bundle, all materials received but one tolerated (从业人员健康合格证明) and one pledged
(住所使用证明): the case is accepted with tolerance, the result page shows HALL-WINDOW-YYYYMMDD-0001 and
今日受理 lists it; (2) an item with materials missing: a one-time notice listing them;
(3) a refusal with its reason.  Controls are found by their accessible names; text goes in
through the EditableText interface, buttons are pressed with their click action.  A
screenshot is taken at each step.

Run inside Xvfb and `dbus-run-session` (build-aux/run-ui-tests.sh).
"""

import datetime
import sys
import time

sys.dont_write_bytecode = True
import yc_ui as ui  # noqa: E402
from yc_ui import (click, editable, find, find_matching, log, screenshot,  # noqa: E402
                   set_text, showing, text_of, checked, wait_for)

STEP_TIMEOUT = ui.STEP_TIMEOUT
STARTUP_TIMEOUT = ui.STARTUP_TIMEOUT
TOTAL_TIMEOUT = 400

HALL, WINDOW = ui.DEMO_HALL, ui.DEMO_WINDOWS[1]
ENTERPRISE = '力行健身管理有限公司'
USCC = '91350100M000100Y43'
PERSON = '张晓明'
RESIDENT_ID = '110101199003070011'
MOBILE = '13800138000'
PLEDGED = '住所（经营场所）使用证明'
TOLERATED = '从业人员健康合格证明'
KEYCODE_5 = 14


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
        ui.enrol_on_confirm(app)
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
    # The documents' preview opens over the result after the commit: done with it.
    done = ui.lookup_in_dialogs(app, '完成', 'button')
    if done is not None:
        ui.press(done)
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
    ui.ok('我要开健身房 accepted with tolerance and a pledge as %s' % number)


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
    ui.ok('a one-time notice recorded as %s' % number)


def test_refusal(app):
    start_intake(app, '社保', '社会保障卡申领')
    set_text(app, '姓名', PERSON)
    set_text(app, '居民身份证号码', RESIDENT_ID)
    set_text(app, '手机号码', MOBILE)
    # Alt+5 chooses the fifth decision, 不予受理, wherever the focus is in the intake.
    ui.key_combo(KEYCODE_5, ui.KEYCODE_ALT_L)
    refuse = find(app, '不予受理', 'check box')
    wait_for('不予受理 chosen', lambda: checked(refuse))
    find(app, '不予受理理由')
    set_text(app, '向申请人说明', '申请人已在外省参保，应向参保地申领')
    screenshot('refusal-decision')
    confirm(app)
    number = expect_number(app, 3)
    screenshot('refusal-result')
    ui.ok('a refusal with its reason recorded as %s' % number)


def main():
    ui.setup('intake', TOTAL_TIMEOUT, plan=3)
    url, users = ui.start_backoffice(ui.new_dir('yc-ui-bo-'))
    app = ui.launch(None, url)
    ui.enrol_and_sign_in(app, url, HALL, WINDOW, users['admin'], users['clerk'])
    # The same three intakes as tests/ui/test-documents.py runs online, with the back office
    # gone: a counter must keep accepting when the network is down.
    ui.stop_backoffice()
    find(app, '网络已断开，受理照常进行，恢复后自动同步。', timeout=60)
    log('offline banner shown')
    test_tolerance_and_pledge(app)
    test_one_time_notice(app)
    test_refusal(app)
    return 0


if __name__ == '__main__':
    ui.run(main)
