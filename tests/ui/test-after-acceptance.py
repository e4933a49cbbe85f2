#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""After acceptance at the window, through the accessibility bus, in the Chinese UI.

Usage: test-after-acceptance.py YICHUANG [SCREENSHOT_DIR]   (YC_TEST_APPROVE: the fixture)

The real back office with its demo data, the computer enrolled and a clerk signed in
(tests/ui/yc_ui.py).  (1) 我要开健身房 accepted with one tolerated material, and a 社会保障卡
case accepted outright; (2) the applicant of the first comes back with the tolerated
material: found by its number in 今日受理, supplemented, the tolerance closed (nothing owed
any more); (3) the same applicant withdraws, with a reason; (4) the application and the back office
are stopped, the reviewers' approval of the second case applied to its store (yc-test-approve,
standing in for the back office's reviewers), the application started again and the clerk
signed in offline: the case is ready; a wrong ID number is refused, the right one and the signature
confirmed issue it; (5) the rating window the issuance hands over gets 不满意 and a
comment: the follow-up (回访) is due 15 working days later — counted here from the holiday
calendar's files, not by the application's code — on the case and in 今日受理.
"""

import datetime
import json
import os
import subprocess
import sys
import time

sys.dont_write_bytecode = True
import yc_ui as ui  # noqa: E402
from yc_ui import (click, find, find_matching, log, screenshot, set_text,  # noqa: E402
                   showing, checked, sensitive, wait_for)

TOTAL_TIMEOUT = 600
HALL, WINDOW = ui.DEMO_HALL, ui.DEMO_WINDOWS[2]
ENTERPRISE = '力行健身管理有限公司'
USCC = '91350100M000100Y43'
PERSON = '张晓明'
RESIDENT_ID = '110101199003070011'
OTHER_ID = '11010119900307003X'
MOBILE = '13800138000'
PLEDGED = '住所（经营场所）使用证明'
TOLERATED = '从业人员健康合格证明'
PHOTO = '近期免冠二寸彩色照片'
KEYCODE_F = 41
KEYCODE_S = 39


def follow_up_due(day, n=15):
    """n working days after day (not counted), from data/calendar/YYYY.json (holiday-cn:
    isOffDay true = a holiday, false = a make-up working day; otherwise Monday to Friday)."""
    datadir = os.environ.get('YC_SOURCE_DATADIR') or os.path.join(
        os.path.dirname(__file__), '..', '..', 'data')
    off, on = set(), set()
    for year in (day.year, day.year + 1):
        path = os.path.join(datadir, 'calendar', '%d.json' % year)
        if os.path.exists(path):
            with open(path) as f:
                for entry in json.load(f)['days']:
                    (off if entry['isOffDay'] else on).add(entry['date'])
    while n > 0:
        day += datetime.timedelta(days=1)
        iso = day.isoformat()
        if iso in on or (iso not in off and day.weekday() < 5):
            n -= 1
    return day


def chinese_date(day):
    """As the Chinese UI writes a date (yc_format_date)."""
    return '%d年%d月%d日' % (day.year, day.month, day.day)


def button_starting(app, prefix):
    """A showing button whose name starts with prefix (dialog responses carry a mnemonic:
    "出件(I)")."""
    import pyatspi
    return wait_for('a button “%s…”' % prefix,
                    lambda: pyatspi.findDescendant(
                        app, lambda a: a is not None and a.getRoleName() in ('button', 'push button', 'toggle button')
                        and (a.name or '').startswith(prefix) and showing(a), breadth_first=True))


def page_button(app, name):
    """A button of the case page: GTK 4.8 names it by its accessible label followed by its
    text ("出件 出件(I) (Ctrl+I)")."""
    return button_starting(app, name + ' ')


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


def confirm(app, sequence):
    click(app, '确认决定')
    ui.enrol_on_confirm(app)
    find_matching(app, r'^确认“.*”？$')
    ui.press(button_starting(app, '确认('))
    day = datetime.date.today().strftime('%Y%m%d')
    number = '%s-%s-%s-%04d' % (HALL, WINDOW, day, sequence)
    find(app, number)
    log('accepted as ' + number)
    click(app, '办理下一位')
    find(app, ui.SEARCH)
    return number


def accept_cases(app):
    start_intake(app, '健身房', '我要开健身房')
    set_text(app, '企业名称', ENTERPRISE)
    set_text(app, '统一社会信用代码', USCC)
    set_text(app, '手机号码', MOBILE)
    click(app, '全部收齐')
    click(app, '告知承诺：' + PLEDGED)
    click(app, '缺：' + TOLERATED)
    tolerance = find(app, '容缺受理', 'check box')
    wait_for('容缺受理 chosen', lambda: checked(tolerance))
    tolerated = confirm(app, 1)

    start_intake(app, '社保', '社会保障卡申领')
    set_text(app, '姓名', PERSON)
    set_text(app, '居民身份证号码', RESIDENT_ID)
    set_text(app, '手机号码', MOBILE)
    click(app, '全部收齐')
    # The photo is an electronic material (电子): the card is printed from its scan, so it
    # counts only once scanned (docs/scanning.md).
    ui.scan_slot(app, PHOTO)
    accept = find(app, '受理', 'check box')
    wait_for('受理 chosen', lambda: checked(accept))
    plain = confirm(app, 2)
    ui.ok('a case with a tolerated material (%s) and a plain one (%s) accepted' % (tolerated, plain))
    return tolerated, plain


def open_case(app, number):
    """今日受理, the number typed into its search, Enter: the case page."""
    click(app, '今日受理', 'page tab')
    find(app, '查找办件')
    # Ctrl+F: the focus in the search, as a clerk would start.
    ui.key_combo(KEYCODE_F, ui.KEYCODE_CONTROL_L)
    time.sleep(0.3)
    set_text(app, '查找办件', number)
    ui.key(ui.KEYSYM_RETURN)
    find(app, '办件历史')
    log('the case page shows')
    wait_for('the page of ' + number,
             lambda: ui.lookup(app, number, 'label') is not None)
    log('opened ' + number)


def state_is(app, label):
    wait_for('state %s' % label, lambda: ui.lookup(app, label, 'label') is not None)


def test_supplement(app, number):
    open_case(app, number)
    find_matching(app, '^%s：应于 .* 前补交$' % TOLERATED)
    log('the tolerated material is owed')
    screenshot('tolerated-owed')
    ui.press(page_button(app, '补交材料'))
    ui.press(button_starting(app, '已带来：' + TOLERATED))
    ui.press(button_starting(app, '登记补交('))
    find_matching(app, '^%s：已于 .* 补交$' % TOLERATED)
    supplement = page_button(app, '补交材料')
    wait_for('nothing owed any more', lambda: not sensitive(supplement))
    screenshot('tolerance-closed')
    ui.ok('the tolerated material of %s supplemented: the tolerance is closed' % number)


def test_withdraw(app, number):
    ui.press(page_button(app, '撤回申请'))
    find_matching(app, r'^撤回办件 .*？$')
    withdraw = button_starting(app, '撤回(')
    if sensitive(withdraw):
        ui.fail('withdrawal offered without a reason')
    set_text(app, '撤回原因', '申请人决定暂缓开业')
    wait_for('withdrawal possible with a reason', lambda: sensitive(withdraw))
    screenshot('withdraw')
    ui.press(withdraw)
    state_is(app, '已撤回')
    wait_for('no more actions on a withdrawn case',
             lambda: not sensitive(page_button(app, '撤回申请')))
    find_matching(app, '申请人决定暂缓开业')  # in the history
    ui.ok('%s withdrawn at the applicant\'s request' % number)


def test_issue(app, url, users, data_dir, number):
    ui.stop_app()
    # Offline from here: the window works without the back office, and nothing pulled from
    # it can undo the stand-in approval below.
    ui.stop_backoffice()
    out = subprocess.run([os.environ['YC_TEST_APPROVE'], data_dir, number],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60, check=False)
    if out.returncode != 0 or out.stdout.decode().strip() != 'ready':
        ui.fail('approving %s: %s %s' % (number, out.stdout.decode(), out.stderr.decode()))
    log('the reviewers approved %s' % number)
    app = ui.launch(data_dir, url)
    ui.enrol_and_sign_in(app, url, HALL, WINDOW, users['admin'], users['clerk'])
    open_case(app, number)
    state_is(app, '待出件')
    ui.press(page_button(app, '出件'))
    issue = button_starting(app, '出件(')
    set_text(app, '领取人证件号码', OTHER_ID)
    find_matching(app, '不是本件申请人')
    # GTK 4.8 gives check buttons no AT-SPI action: the clerk's mnemonic, Alt+S.
    signature = find(app, '已确认签字', 'check box')
    ui.key_combo(KEYCODE_S, ui.KEYCODE_ALT_L)
    wait_for('the signature confirmed', lambda: checked(signature))
    if sensitive(issue):
        ui.fail('issuance offered to someone who is not the applicant')
    set_text(app, '领取人证件号码', RESIDENT_ID)
    wait_for('issuance possible', lambda: sensitive(issue))
    screenshot('issue')
    ui.press(issue)
    state_is(app, '已出件')
    ui.ok('%s issued against the applicant\'s ID and signature' % number)
    return app


def test_rating(app, number):
    import pyatspi
    desktop_app = app
    rating = wait_for('the rating window',
                      lambda: next((desktop_app.getChildAtIndex(i)
                                    for i in range(desktop_app.childCount)
                                    if desktop_app.getChildAtIndex(i).name == '评价本次服务'), None))
    find(rating, '您对本次服务满意吗？')
    ui.press(button_starting(rating, '不满意'))
    set_text(rating, '意见', '等候时间太长')
    screenshot('rating')
    ui.press(button_starting(rating, '提交评价'))
    due = follow_up_due(datetime.date.today())
    text = '回访截止 %s' % chinese_date(due)
    find_matching(rating, chinese_date(due))
    screenshot('rating-thanks')
    wait_for('the follow-up on the case', lambda: ui.lookup(app, text, 'label') is not None)
    find_matching(app, '不满意 · 等候时间太长')
    # In 今日受理 too (its row, behind the case page).
    today = find(app, '今日受理列表')
    wait_for(text + ' in 今日受理',
             lambda: pyatspi.findDescendant(today, lambda a: a.name == text, breadth_first=True))
    screenshot('follow-up')
    ui.ok('rated 不满意: follow-up due %s, on the case and in 今日受理' % due.isoformat())


def main():
    ui.setup('after', TOTAL_TIMEOUT, plan=5)
    bo_dir = ui.new_dir('yc-ui-bo-')
    data_dir = ui.new_dir('yc-ui-app-')
    url, users = ui.start_backoffice(bo_dir)
    app = ui.launch(data_dir, url, env=ui.sane_env())
    ui.enrol_and_sign_in(app, url, HALL, WINDOW, users['admin'], users['clerk'])
    tolerated, plain = accept_cases(app)
    test_supplement(app, tolerated)
    test_withdraw(app, tolerated)
    app = test_issue(app, url, users, data_dir, plain)
    test_rating(app, plain)
    return 0


if __name__ == '__main__':
    ui.run(main)
