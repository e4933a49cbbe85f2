#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The supervisor's figures through the accessibility bus, in the Chinese UI.

Usage: test-figures.py YICHUANG [SCREENSHOT_DIR]

Against the real back office (`yichuang-backoffice demo`, then `serve`; tests/ui/yc_ui.py),
with one case accepted today at JB01-W01 for 公安分局 (GA-GG-001: committed 5 working days
against a statutory 10), pushed over the API as clerk1 would: (1) a back-office computer is
enrolled and supervisor1 signs in and opens the figures; (2) 今天 gives the case, in the
tiles and in the chart's accessible description; a custom period typed backwards is refused,
typed right it is asked; (3) the CSV export goes through the file chooser into the home
folder and is read back: byte order mark, the period, the whole hall's row.
"""

import datetime
import glob
import json
import os
import sys
import urllib.error
import urllib.request
import uuid

sys.dont_write_bytecode = True
import yc_ui as ui  # noqa: E402
from yc_ui import click, find, find_any, find_matching, log, screenshot, set_text, wait_for  # noqa: E402

TOTAL_TIMEOUT = 400
SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ITEM = 'GA-GG-001'
FIGURES_TAB = '统计'
REFRESH = r'^刷新'   # 刷新(R): the mnemonic is part of the name


def call(url, method, path, token=None, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url + path, data=data, method=method)
    request.add_header('Content-Type', 'application/json')
    if token:
        request.add_header('Authorization', 'Bearer ' + token)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read().decode() or 'null')
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read().decode() or 'null')


def accept_case(url, clerk):
    """A plain acceptance of ITEM today at JB01-W01, as the counter pushes it."""
    status, session = call(url, 'POST', '/api/v1/sessions',
                           body={'username': clerk[0], 'password': clerk[1]})
    if status not in (200, 201):
        ui.fail('clerk sign-in: %s %s' % (status, session))
    catalog = json.load(open(os.path.join(SOURCE_DIR, 'data', 'catalog', 'catalog.json')))
    item = None
    for path in glob.glob(os.path.join(SOURCE_DIR, 'data', 'catalog', 'items', '*.json')):
        for candidate in json.load(open(path))['items']:
            if candidate['code'] == ITEM:
                item = candidate
    scenario = item['scenarios'][0]
    now = datetime.datetime.now().astimezone()
    case_uuid = str(uuid.uuid4())
    payload = {
        'uuid': case_uuid,
        'number': '%s-W01-%s-0001' % (ui.DEMO_HALL, now.strftime('%Y%m%d')),
        'hall': ui.DEMO_HALL, 'window': 'W01', 'clerk': clerk[0],
        'catalog_version': catalog['version'],
        'subject': {'kind': 'item', 'code': item['code'], 'name': item['name'],
                    'items': [{'item': item['code'], 'scenario': scenario['code'],
                               'department': item['department']}]},
        'applicant': {'kind': 'person', 'name': '张三', 'id_number': '11010519491231002X'},
        'decision': 'accept',
        'accepted_at': now.isoformat(timespec='seconds'),
        'committed_days': item['committed_days'],
        'materials': [{'code': m['code'], 'name': m['name'], 'state': 'provided',
                       'copies': m.get('copies', 1), 'pages': 0} for m in scenario['materials']],
        'tolerated': [], 'pledges': [],
    }
    op = {'op_id': str(uuid.uuid4()), 'case_uuid': case_uuid, 'base_version': 0,
          'kind': 'case.accept', 'payload': payload,
          'created_at': now.isoformat(timespec='seconds')}
    key = str(uuid.uuid4())
    status, answer = call(url, 'POST', '/api/v1/sync/push', session['token'],
                          {'batch_id': key, 'ops': [op]}, {'Idempotency-Key': key})
    if status != 200 or answer['results'][0]['result'] != 'ok':
        ui.fail('case.accept refused: %s %s' % (status, answer))
    log('case %s accepted at %s-W01' % (payload['number'], ui.DEMO_HALL))


def open_figures(app, url, users):
    find(app, ui.ENROL_URL, timeout=ui.STARTUP_TIMEOUT)
    set_text(app, ui.ENROL_URL, url)
    ui.press(find_any(app, ('后台电脑', 'Back-office computer'))[1])
    set_text(app, ui.ENROL_USERNAME, users['admin'][0])
    set_text(app, ui.ENROL_PASSWORD, users['admin'][1])
    click(app, ui.ENROL_BUTTON, 'button')
    ui.sign_in(app, users['supervisor'], expect_counter=False, timeout=ui.STARTUP_TIMEOUT)
    # The supervision view's switcher (SUPERVISE): board and figures.  The switcher is
    # rebuilt when the window settles its width: press again until the figures show.
    def figures_shown():
        tab = ui.lookup(app, FIGURES_TAB) or ui.lookup(app, 'Figures')
        if tab is None:
            return False
        if ui.checked(tab):
            return True
        ui.press(tab)
        return False
    wait_for('the figures page', figures_shown, ui.STARTUP_TIMEOUT)
    find_matching(app, REFRESH, role='button')
    screenshot('figures-opened')
    ui.ok('supervisor1 signs in on a back-office computer and opens the figures')


def shown_day(iso):
    """A day as the figures' message shows it in zh_CN: 2026年11月3日"""
    day = datetime.date.fromisoformat(iso)
    return '%d年%d月%d日' % (day.year, day.month, day.day)


def test_periods(app, today):
    click(app, '今天')
    shown = shown_day(today)
    find_matching(app, r'^%s 至 %s 的统计数字，取得于 ' % (shown, shown), timeout=ui.STARTUP_TIMEOUT)
    chart = find(app, '各部门受理件数')
    wait_for('the chart describing the case',
             lambda: chart.description == '各部门受理件数：公安分局 1')
    window_chart = find(app, '各窗口受理件数')
    if not window_chart.description.startswith('各窗口受理件数：') or not window_chart.description.endswith(' 1'):
        ui.fail('the window chart says %r' % window_chart.description)
    screenshot('figures-today')

    click(app, '自定义')
    set_text(app, '起始日期', today)
    set_text(app, '截止日期', '2020-01-01')
    ui.press(find_matching(app, REFRESH, role='button'))
    find(app, '请按 YYYY-MM-DD 格式输入两个日期，起始日期不能晚于截止日期。')
    set_text(app, '截止日期', today)
    ui.press(find_matching(app, REFRESH, role='button'))
    find_matching(app, r'^%s 至 %s 的统计数字，取得于 ' % (shown, shown))
    ui.ok('今天 shows the case in the charts; a custom period is checked, then asked')


def test_export(app, home, today):
    ui.press(find_matching(app, r'^导出 CSV', role='button'))
    label = wait_for('the file chooser’s save button',
                     lambda: ui.lookup_in_dialogs(app, '保存(S)') or ui.lookup_in_dialogs(app, '保存'),
                     ui.STARTUP_TIMEOUT)
    screenshot('figures-export-dialog')
    # The dialog's button is named by the label inside it: press the button around it.
    button = label
    while button is not None and button.getRoleName() not in ('push button', 'button'):
        button = button.parent
    ui.press(button if button is not None else label)
    path = os.path.join(home, '办件统计-%s-%s.csv' % (today, today))
    find_matching(app, r'^统计数字已保存到 ')
    wait_for('the CSV file', lambda: os.path.exists(path) and os.path.getsize(path) > 0)
    data = open(path, 'rb').read()
    if not data.startswith(b'\xef\xbb\xbf'):
        ui.fail('the CSV has no byte order mark')
    lines = data[3:].decode('utf-8').split('\r\n')
    if lines[0] != '统计期间,%s,%s' % (today, today):
        ui.fail('the CSV starts with %r' % lines[0])
    header = lines[4].split(',')
    if header[:4] != ['层级', '编码', '名称', '受理件数']:
        ui.fail('the CSV header is %r' % lines[4])
    whole = lines[5].split(',')
    # One plain acceptance, one trip, committed 5 of a statutory 10.
    if whole[0] != '全厅' or whole[3] != '1' or whole[4] != '1' or whole[header.index('承诺时限压缩率')] != '0.5000':
        ui.fail('the whole hall row is %r' % lines[5])
    if not any(line.startswith('实施部门,ga,公安分局,1,') for line in lines):
        ui.fail('no row for 公安分局 in %r' % lines)
    ui.ok('the CSV export is saved through the file chooser and reads back in UTF-8 with a BOM')


def main():
    ui.setup('figures', total_timeout=TOTAL_TIMEOUT, plan=3)
    tmp = ui.new_dir('yc-ui-bo-')
    url, users = ui.start_backoffice(tmp)
    accept_case(url, users['clerk'])
    home = ui.new_dir('yc-ui-home-')
    app = ui.launch(ui.new_dir('yc-ui-app-'), url, env={'HOME': home})
    today = datetime.date.today().isoformat()
    open_figures(app, url, users)
    test_periods(app, today)
    test_export(app, home, today)


if __name__ == '__main__':
    ui.run(main)
