#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""督办 through the accessibility bus, in the Chinese UI.

Usage: test-supervision.py YICHUANG [SCREENSHOT_DIR]

Against the real back office (`yichuang-backoffice demo`, then `serve`; tests/ui/yc_ui.py),
with one case accepted 40 days ago at JB01-W01 (long overdue: red), pushed over the API as a
clerk would: (1) a back-office computer is enrolled, the supervisor signs in and sees the
board with the red case counted; (2) the supervisor opens the case and urges it with a
message (an empty message cannot be sent); the urge leaves through the sync; (3) the
reviewer of the case's department signs in on the same computer: the urge strip shows the
case and the message, 知道了 acknowledges it and the strip goes; the back office's case says
who acknowledged it.
"""

import datetime
import glob
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid

sys.dont_write_bytecode = True
import yc_ui as ui  # noqa: E402
from yc_ui import click, find, find_any, find_matching, log, screenshot, set_text, wait_for  # noqa: E402

TOTAL_TIMEOUT = 300
SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MESSAGE = '已超期，请今日办结'


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


def token_of(url, user):
    status, session = call(url, 'POST', '/api/v1/sessions',
                           body={'username': user[0], 'password': user[1]})
    if status not in (200, 201):
        ui.fail('%s sign-in: %s %s' % (user[0], status, session))
    return session['token']


def pick_item(users):
    """An item with a committed limit whose department has a demo reviewer."""
    for path in sorted(glob.glob(os.path.join(SOURCE_DIR, 'data', 'catalog', 'items', '*.json'))):
        for item in json.load(open(path))['items']:
            if item.get('committed_days', 0) > 0 and 'reviewer-' + item['department'] in users:
                return item
    ui.fail('no item of a department with a demo reviewer')


def accept_late_case(url, clerk, item):
    """A plain acceptance of item 40 days ago at JB01-W01, as the counter pushes it."""
    catalog = json.load(open(os.path.join(SOURCE_DIR, 'data', 'catalog', 'catalog.json')))
    scenario = item['scenarios'][0]
    then = datetime.datetime.now().astimezone() - datetime.timedelta(days=40)
    case_uuid = str(uuid.uuid4())
    number = '%s-W01-%s-0007' % (ui.DEMO_HALL, then.strftime('%Y%m%d'))
    payload = {
        'uuid': case_uuid, 'number': number,
        'hall': ui.DEMO_HALL, 'window': 'W01', 'clerk': clerk[0],
        'catalog_version': catalog['version'],
        'subject': {'kind': 'item', 'code': item['code'], 'name': item['name'],
                    'items': [{'item': item['code'], 'scenario': scenario['code'],
                               'department': item['department']}]},
        'applicant': {'kind': 'person', 'name': '张三', 'id_number': '11010519491231002X'},
        'decision': 'accept',
        'accepted_at': then.isoformat(timespec='seconds'),
        'committed_days': item['committed_days'],
        'materials': [{'code': m['code'], 'name': m['name'], 'state': 'provided',
                       'copies': m.get('copies', 1), 'pages': 0} for m in scenario['materials']],
        'tolerated': [], 'pledges': [],
    }
    op = {'op_id': str(uuid.uuid4()), 'case_uuid': case_uuid, 'base_version': 0,
          'kind': 'case.accept', 'payload': payload,
          'created_at': then.isoformat(timespec='seconds')}
    key = str(uuid.uuid4())
    status, answer = call(url, 'POST', '/api/v1/sync/push', token_of(url, clerk),
                          {'batch_id': key, 'ops': [op]}, {'Idempotency-Key': key})
    if status != 200 or answer['results'][0]['result'] != 'ok':
        ui.fail('case.accept refused: %s %s' % (status, answer))
    log('case %s accepted at %s-W01 on %s' % (number, ui.DEMO_HALL, then.date()))
    return case_uuid, number


def sign_in_back_office(app, url, users, user, enrol):
    if enrol:
        find(app, ui.ENROL_URL, timeout=ui.STARTUP_TIMEOUT)
        set_text(app, ui.ENROL_URL, url)
        ui.press(find_any(app, ('后台电脑', 'Back-office computer'))[1])
        set_text(app, ui.ENROL_USERNAME, users['admin'][0])
        set_text(app, ui.ENROL_PASSWORD, users['admin'][1])
        click(app, ui.ENROL_BUTTON, 'button')
    ui.sign_in(app, user, expect_counter=False, timeout=ui.STARTUP_TIMEOUT)


def test_board(app, url, users, number):
    sign_in_back_office(app, url, users, users['supervisor'], True)
    find(app, '看板', timeout=ui.STARTUP_TIMEOUT)
    find(app, '超期：1', 'button', timeout=ui.STARTUP_TIMEOUT)
    find(app, number, timeout=ui.STARTUP_TIMEOUT)
    screenshot('supervision-board')
    ui.ok('the supervisor sees the board with the red case counted')


def test_urge(app, number):
    find(app, number, timeout=ui.STARTUP_TIMEOUT)
    ui.double_click('%s on the board' % number, lambda: ui.lookup(app, number))
    find(app, '案件 %s' % number, timeout=ui.STARTUP_TIMEOUT)
    ui.press(find_matching(app, r'^督办.*…$', role='button', timeout=ui.STARTUP_TIMEOUT))
    message = wait_for('the urge message field', lambda: next(
        (a for a in ui.descendants(app) if a is not None and (a.name or '').startswith('督办内容')
         and a.getRoleName() not in ('label', 'static') and ui.showing(a)), None), ui.STARTUP_TIMEOUT)
    send = wait_for('the dialog’s urge button', lambda: next(
        (a for a in ui.descendants(app) if a is not None and (a.name or '').split(' ')[-1] in ('督办(U)', '督办')
         and a.getRoleName() in ('push button', 'button') and ui.showing(a)), None))
    if ui.sensitive(send):
        ui.fail('the urge can be sent without a message')
    # The message has the focus when the dialog opens (GTK 4.8 cannot move it over AT-SPI).
    ui.type_text(message, MESSAGE)
    wait_for('the urge button to be enabled', lambda: ui.sensitive(send))
    screenshot('supervision-urge-dialog')
    ui.press(send)
    find_matching(app, r'→ .*：%s（尚未确认）' % MESSAGE, timeout=ui.STARTUP_TIMEOUT)
    # Supervisors are not urged: no strip for the urge they sent.
    time.sleep(2)
    if ui.lookup(app, '督办：1 件待您确认') is not None:
        ui.fail('the supervisor is shown their own urge as one to acknowledge')
    ui.ok('the supervisor urges the case with a message')


def wait_server_urge(url, users, case_uuid, acknowledged):
    token = token_of(url, users['supervisor'])

    def check():
        status, answer = call(url, 'GET', '/api/v1/cases/%s' % case_uuid, token)
        urges = answer['case']['urges'] if status == 200 else []
        return urges and (urges[0]['acknowledged'] == acknowledged) and urges[0]
    return wait_for('the back office to hold the urge', check, ui.STARTUP_TIMEOUT)


def test_acknowledge(app, url, users, reviewer, case_uuid, number):
    sign_in_back_office(app, url, users, reviewer, False)
    strip = find(app, '督办：1 件待您确认', timeout=60)
    screenshot('supervision-urge-strip')
    ui.press(strip)
    find(app, MESSAGE, timeout=ui.STARTUP_TIMEOUT)
    click(app, '知道了：案件 %s' % number, 'button')
    ui.wait_gone(app, '督办：1 件待您确认', timeout=ui.STARTUP_TIMEOUT)
    urge = wait_server_urge(url, users, case_uuid, True)
    if urge['acknowledged_by'] != reviewer[0]:
        ui.fail('acknowledged by %r' % urge['acknowledged_by'])
    ui.ok('the reviewer sees the urge, acknowledges it, and the back office records who')


def main():
    ui.setup('supervision', total_timeout=TOTAL_TIMEOUT, plan=3)
    tmp = ui.new_dir('yc-ui-bo-')
    url, users = ui.start_backoffice(tmp)
    item = pick_item(users)
    reviewer = users['reviewer-' + item['department']]
    case_uuid, number = accept_late_case(url, users['clerk'], item)
    data_dir = ui.new_dir('yc-ui-app-')
    app = ui.launch(data_dir, url)
    test_board(app, url, users, number)
    test_urge(app, number)
    wait_server_urge(url, users, case_uuid, False)
    ui.stop_app()
    app = ui.launch(data_dir, url)
    test_acknowledge(app, url, users, reviewer, case_uuid, number)


if __name__ == '__main__':
    ui.run(main)
