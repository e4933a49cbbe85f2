#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the clerk sees of sync, through the accessibility bus, in the Chinese UI.

Usage: test-sync-ui.py YICHUANG [SCREENSHOT_DIR]

The real back office with its demo data, the computer enrolled as JB01-W04 and a clerk
signed in (tests/ui/yc_ui.py).  (1) Online: the header says 已同步.  (2) The back office is
stopped: the offline banner shows, a case accepted meanwhile is 待同步 in 今日受理.  (3) The
back office comes back on the same address: the banner goes, the case is 已同步 and
日结对账 finds both sides equal.  (4) A case
number taken at the back office behind the window's back (written into its database): the
window's next case is refused as a duplicate, the header counts one problem, the problems
view (Ctrl+Shift+P) explains it and discards it after a confirmation.  (5) 日结对账
(Ctrl+Shift+D): the two sides differ, so the day closes only with a written explanation.
"""

import datetime
import os
import subprocess
import sys
import time
import urllib.request
import uuid

sys.dont_write_bytecode = True
import yc_ui as ui  # noqa: E402
from yc_ui import (click, find, find_matching, log, screenshot, set_text,  # noqa: E402
                   showing, checked, sensitive, wait_for, wait_gone)

TOTAL_TIMEOUT = 400
HALL, WINDOW = ui.DEMO_HALL, ui.DEMO_WINDOWS[3]
PERSON = '张晓明'
RESIDENT_ID = '110101199003070011'
MOBILE = '13800138000'
KEYCODE_5 = 14
KEYCODE_P = 33
KEYCODE_D = 40
SYNC_TIMEOUT = 45   # the engine probes an unreachable back office every 10 s

BANNER = '网络已断开，受理照常进行，恢复后自动同步。'
SYNCED = '同步状态：已同步'


def today_compact():
    return datetime.date.today().strftime('%Y%m%d')


def restart_backoffice(tmpdir, url):
    """Starts the back office again on the port of url: the window knows only that address."""
    port = url.rsplit(':', 1)[1]
    data = os.path.join(tmpdir, 'backoffice')
    log_file = open(os.path.join(tmpdir, 'backoffice.log'), 'ab')
    proc = subprocess.Popen([ui.backoffice_executable(), '--config', '/dev/null', '--data-dir', data,
                             'serve', '--listen', '127.0.0.1', '--port', port],
                            stdout=subprocess.DEVNULL, stderr=log_file, preexec_fn=ui._die_with_parent)
    ui.backoffice = proc

    def healthy():
        try:
            with urllib.request.urlopen(url + '/healthz', timeout=2) as answer:
                return answer.status == 200
        except OSError:
            return False
    wait_for('the back office again at ' + url, healthy, ui.STARTUP_TIMEOUT)
    log('back office restarted at ' + url)


def take_number_at_backoffice(bo_dir, number, model):
    """Makes the back office hold a case numbered number behind the window's back, a copy of
    case model under a new uuid (written into its database, as a second computer enrolled
    as the same window would have done): the window's own case of that number is then
    refused (duplicate_number)."""
    import sqlite3
    db = sqlite3.connect(os.path.join(bo_dir, 'backoffice', 'backoffice.db'), timeout=10)
    try:
        row = db.execute('SELECT uuid FROM cases WHERE number = ?', (model,)).fetchone()
        if row is None:
            ui.fail('the back office has no case %s to copy' % model)
        new_uuid = str(uuid.uuid4())
        with db:
            db.execute('INSERT INTO cases (uuid, version, number, hall, window, clerk, state, decision,'
                       ' accepted_on, deadline, applicant_name, applicant_id, document, updated_at)'
                       ' SELECT ?, version, ?, hall, window, clerk, state, decision, accepted_on,'
                       ' deadline, applicant_name, applicant_id, replace(replace(document, uuid, ?), number, ?),'
                       ' updated_at FROM cases WHERE uuid = ?',
                       (new_uuid, number, new_uuid, number, row[0]))
    finally:
        db.close()
    log('%s taken at the back office' % number)


def start_intake(app, query, result_name):
    import pyatspi

    find(app, '搜索事项', timeout=ui.STARTUP_TIMEOUT)
    set_text(app, '搜索事项', query)
    results = find(app, '搜索结果')
    wait_for('%s among the results' % result_name,
             lambda: pyatspi.findDescendant(results, lambda a: a.name == result_name,
                                            breadth_first=True))
    time.sleep(0.5)
    pyatspi.Registry.generateKeyboardEvent(ui.KEYSYM_RETURN, None, pyatspi.KEY_SYM)
    find(app, result_name, 'label')
    click(app, '开始受理')
    find(app, '确认决定')


def button_starting(app, prefix):
    import pyatspi
    return wait_for('a button “%s…”' % prefix,
                    lambda: pyatspi.findDescendant(
                        app, lambda a: a is not None and a.getRoleName() in ('button', 'push button')
                        and (a.name or '').startswith(prefix) and showing(a), breadth_first=True))


def accept_refusal(app, sequence):
    """The shortest case a clerk records: a refusal with its reason."""
    start_intake(app, '社保', '社会保障卡申领')
    set_text(app, '姓名', PERSON)
    set_text(app, '居民身份证号码', RESIDENT_ID)
    set_text(app, '手机号码', MOBILE)
    ui.key_combo(KEYCODE_5, ui.KEYCODE_ALT_L)
    refuse = find(app, '不予受理', 'check box')
    wait_for('不予受理 chosen', lambda: checked(refuse))
    set_text(app, '向申请人说明', '申请人已在外省参保，应向参保地申领')
    click(app, '确认决定')
    find_matching(app, r'^确认“.*”？$')
    button_starting(app, '确认(').queryAction().doAction(0)
    number = '%s-%s-%s-%04d' % (HALL, WINDOW, today_compact(), sequence)
    find(app, number, timeout=ui.STEP_TIMEOUT)
    log('accepted ' + number)
    click(app, '办理下一位')
    find(app, '搜索事项')
    return number


def close_window(app, title):
    """Closes the dialog window titled title with its header bar's close button."""
    import pyatspi
    frame = find(app, title)
    while frame is not None and frame.getRoleName() not in ('frame', 'window', 'dialog'):
        frame = frame.parent
    if frame is None:
        ui.fail('no window titled “%s”' % title)
    button = wait_for('the close button of “%s”' % title,
                      lambda: pyatspi.findDescendant(
                          frame, lambda a: a is not None and a.getRoleName() in ('button', 'push button')
                          and a.name == '关闭', breadth_first=True))
    ui.press(button)


def row_sync_state(app, number, state, timeout=ui.STEP_TIMEOUT):
    """Waits until today's row of number shows the sync state label state."""
    import pyatspi
    click(app, '今日受理', 'page tab')
    today = find(app, '今日受理列表')

    def row_state():
        number_label = pyatspi.findDescendant(today, lambda a: a is not None and a.name == number,
                                              breadth_first=True)
        if number_label is None:
            return None
        row = number_label.parent
        while row is not None and row.getRoleName() not in ('list item', 'table row'):
            row = row.parent
        if row is None:
            return None
        return pyatspi.findDescendant(row, lambda a: a is not None and a.name == state,
                                      breadth_first=True)
    wait_for('%s %s in 今日受理' % (number, state), row_state, timeout)
    click(app, '受理', 'page tab')


def test_online(app):
    find(app, SYNCED, timeout=SYNC_TIMEOUT)
    screenshot('online')
    ui.ok('online: the header says 已同步')


def test_offline(app, bo_dir, url):
    ui.stop_backoffice()
    banner = find(app, BANNER, timeout=SYNC_TIMEOUT)
    wait_for('the banner showing', lambda: showing(banner))
    find_matching(app, r'^同步状态：离线')
    number = accept_refusal(app, 1)
    row_sync_state(app, number, '待同步')
    find_matching(app, r'^同步状态：离线 · 1 条待同步')
    screenshot('offline')
    ui.ok('back office stopped: banner shown, %s waits (待同步)' % number)
    return number


def test_back_online(app, bo_dir, url, number):
    restart_backoffice(bo_dir, url)
    find(app, SYNCED, timeout=SYNC_TIMEOUT)
    wait_gone(app, BANNER, timeout=ui.STEP_TIMEOUT)
    row_sync_state(app, number, '已同步', timeout=SYNC_TIMEOUT)
    screenshot('back-online')
    # Both sides now hold the same case: the window's hash is the back office's.
    ui.key_combo(KEYCODE_D, ui.KEYCODE_CONTROL_L, ui.KEYCODE_SHIFT_L)
    find_matching(app, r'^一致：', timeout=ui.STEP_TIMEOUT * 2)
    screenshot('day-closing-match')
    ui.key(ui.KEYSYM_ESCAPE)
    wait_gone(app, '办件校验值')
    ui.ok('back office back: banner gone, %s 已同步, the day reconciles' % number)


def test_problem(app, bo_dir, first):
    number = '%s-%s-%s-%04d' % (HALL, WINDOW, today_compact(), 2)
    take_number_at_backoffice(bo_dir, number, first)
    accept_refusal(app, 2)
    find(app, '同步状态：已同步，1 个问题', timeout=SYNC_TIMEOUT)
    ui.key_combo(KEYCODE_P, ui.KEYCODE_CONTROL_L, ui.KEYCODE_SHIFT_L)
    find(app, '同步问题', timeout=ui.STEP_TIMEOUT)
    find(app, '%s · 受理办件' % number)
    find(app, '后台已有其他办件使用此办件编号。')
    find(app, '请联系管理员核查本窗口的办件编号，然后重试。')
    screenshot('problem')
    click(app, '放弃对 %s 的变更' % number)
    find(app, '放弃此变更？')
    screenshot('problem-discard')
    button_starting(app, '放弃(').queryAction().doAction(0)
    find(app, '没有同步问题', timeout=ui.STEP_TIMEOUT)
    find(app, SYNCED, timeout=ui.STEP_TIMEOUT)
    screenshot('problem-discarded')
    close_window(app, '同步问题')
    wait_gone(app, '没有同步问题')
    ui.ok('a duplicate number refused by the back office shown with what to do, and discarded')


def test_day_closing(app):
    ui.key_combo(KEYCODE_D, ui.KEYCODE_CONTROL_L, ui.KEYCODE_SHIFT_L)
    status = find_matching(app, r'^不一致：', timeout=ui.STEP_TIMEOUT * 2)
    log('day closing: ' + status.name)
    close = button_starting(app, '日结(')
    if sensitive(close):
        ui.fail('the day can be closed on a mismatch without an explanation')
    screenshot('day-closing-mismatch')
    set_text(app, '差异说明', '二号办件编号与后台重复，已放弃并报告管理员。')
    wait_for('日结 enabled by the explanation', lambda: sensitive(close))
    close.queryAction().doAction(0)
    find(app, '当日已日结。', timeout=ui.STEP_TIMEOUT)
    find_matching(app, r'^由 .* 于 .* 日结$')
    screenshot('day-closed')
    ui.ok('日结对账: a mismatch is closed only with a written explanation, and recorded')


def main():
    ui.setup('sync-ui', TOTAL_TIMEOUT, plan=5)
    bo_dir = ui.new_dir('yc-ui-bo-')
    url, users = ui.start_backoffice(bo_dir)
    app = ui.launch(None, url)
    ui.enrol_and_sign_in(app, url, HALL, WINDOW, users['admin'], users['clerk'])
    test_online(app)
    number = test_offline(app, bo_dir, url)
    test_back_online(app, bo_dir, url, number)
    test_problem(app, bo_dir, number)
    test_day_closing(app)
    return 0


if __name__ == '__main__':
    ui.run(main)
