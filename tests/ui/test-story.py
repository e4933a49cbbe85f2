#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The whole story, end to end (issue 8), through the accessibility bus, in the Chinese UI.

Usage: test-story.py YICHUANG [SCREENSHOT_DIR]

The real back office with its demo data (tests/ui/yc_ui.py), reached by the counter through
a small TCP relay standing in for the hall's network, and SANE's `test` backend as the
counter's scanner.  (1) The computer is enrolled as JB01-W01 and the clerk signs in.  (2)
The network goes down — the relay refuses connections while the back office keeps running:
the offline banner shows.  (3) Offline, the clerk accepts three cases and scans a material
of each: 我要开健身房 with tolerance, 个体工商户设立登记 on pledge, 公共场所卫生许可 with a
one-time notice; each waits (待同步).  (4) The network returns: the header says 已同步,
each case is 已同步 in 今日受理, and the back office's API lists all three.  (5) On a
back-office computer, reviewer-scjg in review mode approves the case on pledge, and
returns for supplement a case accepted at this window 40 days ago (pushed through the back
office's API as the counter pushes an acceptance, with its real date: long overdue).  (6)
The supervisor, on the same computer, sees that case red on the board and urges it; the
urge goes to the hall's counter, which the returned case waits for.  (7) The clerk, back at
the counter, sees the urge in the window and acknowledges it (the back office records who),
and issues the approved case to its applicant.  (8) The applicant rates the service in the
rating window; the back office holds the issuance and the rating.

Screenshots of every step go into SCREENSHOT_DIR (story-NN-*.png).
Run inside Xvfb and `dbus-run-session` (build-aux/run-ui-tests.sh).
"""

import datetime
import glob
import json
import os
import select
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

sys.dont_write_bytecode = True
import yc_ui as ui  # noqa: E402
from yc_ui import (checked, click, find, find_matching, log, lookup, press,  # noqa: E402
                   screenshot, sensitive, set_text, showing, wait_for, wait_gone)

TOTAL_TIMEOUT = 580
SYNC_TIMEOUT = 60   # the engine probes an unreachable back office every 10 s
SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HALL, WINDOW = ui.DEMO_HALL, ui.DEMO_WINDOWS[0]
REVIEWER = 'reviewer-scjg'

BANNER = '网络已断开，受理照常进行，恢复后自动同步。'
SYNCED = '同步状态：已同步'
ENTERPRISE = '力行健身管理有限公司'
USCC = '91350100M000100Y43'
MOBILE = '13800138000'
SHOP = '晓明便利店'
SHOP_USCC = '92350100MA2Y7XQ488'
PLEDGED = '住所（经营场所）使用证明'
TOLERATED = '从业人员健康合格证明'
LATE_PERSON = '张三'
LATE_ID = '11010519491231002X'
RETURNED_MATERIAL = '股东主体资格证明'
RETURN_MESSAGE = '股东主体资格证明复印件不清晰，请重新提交'
URGE = '已超期，请今日联系申请人补正'
KEYCODE_S = 39
KEYCODE_F = 41


# The hall's network: the counter reaches the back office only through this relay.

class Network:
    """A TCP relay on a loopback port in front of the back office.  down() pulls the cable:
    the connections in flight are cut and new ones refused, while the back office itself
    keeps running; up() plugs it in again on the same port, the only address the counter
    knows."""

    def __init__(self, upstream_url):
        parsed = urllib.parse.urlsplit(upstream_url)
        self.upstream = (parsed.hostname, parsed.port)
        self.lock = threading.Lock()
        self.sockets = set()
        self.listener = None
        self.port = 0
        self.running = False
        self.up()
        self.url = 'http://127.0.0.1:%d' % self.port

    def up(self):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(('127.0.0.1', self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        with self.lock:
            self.listener = listener
            self.running = True
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        log('network up (relay on port %d)' % self.port)

    def down(self):
        with self.lock:
            self.running = False
            listener, self.listener = self.listener, None
            sockets, self.sockets = self.sockets, set()
        if listener is not None:
            listener.close()
        for s in sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()
        log('network down')

    def _accept(self, listener):
        while True:
            with self.lock:
                if self.listener is not listener or not self.running:
                    return
            try:
                ready, _, _ = select.select([listener], [], [], 0.2)
                if not ready:
                    continue
                client, _ = listener.accept()
            except (OSError, ValueError):
                return
            try:
                server = socket.create_connection(self.upstream, timeout=5)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            with self.lock:
                if not self.running:
                    client.close()
                    server.close()
                    return
                self.sockets.update((client, server))
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source, sink):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        try:
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass


# The back office's HTTP API, as any client of it.

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
        ui.fail('%s could not sign in at the back office: %s %s' % (user[0], status, session))
    return session['token']


def healthy(url):
    try:
        with urllib.request.urlopen(url + '/healthz', timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


def backoffice_case(url, token, number):
    status, answer = call(url, 'GET', '/api/v1/cases?q=%s&limit=5' % urllib.parse.quote(number),
                          token)
    if status != 200:
        ui.fail('GET /api/v1/cases?q=%s: %s %s' % (number, status, answer))
    return next((c for c in answer['cases'] if c['number'] == number), None)


def accept_late_case(url, clerk):
    """A case of 有限责任公司设立登记 (committed limit: 1 working day) accepted at this
    window 40 days ago and never decided, pushed as the counter pushes an acceptance: the
    back office takes the counter's date, as it must for cases accepted offline."""
    catalog = json.load(open(os.path.join(SOURCE_DIR, 'data', 'catalog', 'catalog.json')))
    item = None
    for path in sorted(glob.glob(os.path.join(SOURCE_DIR, 'data', 'catalog', 'items', '*.json'))):
        for candidate in json.load(open(path))['items']:
            if candidate['code'] == 'SCJG-XK-002':
                item = candidate
    if item is None:
        ui.fail('SCJG-XK-002 is not in the catalog')
    scenario = item['scenarios'][0]
    then = datetime.datetime.now().astimezone() - datetime.timedelta(days=40)
    case_uuid = str(uuid.uuid4())
    number = '%s-%s-%s-0003' % (HALL, WINDOW, then.strftime('%Y%m%d'))
    payload = {
        'uuid': case_uuid, 'number': number,
        'hall': HALL, 'window': WINDOW, 'clerk': clerk[0],
        'catalog_version': catalog['version'],
        'subject': {'kind': 'item', 'code': item['code'], 'name': item['name'],
                    'items': [{'item': item['code'], 'scenario': scenario['code'],
                               'department': item['department']}]},
        'applicant': {'kind': 'person', 'name': LATE_PERSON, 'id_number': LATE_ID},
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
        ui.fail('the late case.accept was refused: %s %s' % (status, answer))
    log('case %s accepted at %s-%s on %s' % (number, HALL, WINDOW, then.date()))
    return case_uuid, number


# The counter.


def button_starting(root, prefix, timeout=ui.STEP_TIMEOUT):
    """A showing button whose name starts with prefix (responses carry a mnemonic: “确认(Y)”;
    GTK 4.8 names a button by its accessible label followed by its text)."""
    import pyatspi
    return wait_for('a button “%s…”' % prefix,
                    lambda: pyatspi.findDescendant(
                        root, lambda a: a is not None
                        and a.getRoleName() in ('button', 'push button', 'toggle button')
                        and (a.name or '').startswith(prefix) and showing(a),
                        breadth_first=True), timeout)


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


def fill_enterprise(app, name, uscc):
    set_text(app, '企业名称', name)
    set_text(app, '统一社会信用代码', uscc)
    set_text(app, '手机号码', MOBILE)


def in_hand(app):
    import re
    label = find_matching(app, r'^已收 \d+ 项')
    return int(re.match(r'^已收 (\d+) 项', label.name).group(1))


def confirm(app, sequence):
    click(app, '确认决定')
    ui.enrol_on_confirm(app)
    heading = find_matching(app, r'^确认“.*”？$')
    log('confirmation: ' + heading.name)
    press(button_starting(app, '确认('))
    number = '%s-%s-%s-%04d' % (HALL, WINDOW, datetime.date.today().strftime('%Y%m%d'), sequence)
    find(app, number, timeout=30)
    log('recorded ' + number)
    return number


def next_applicant(app):
    # The documents' preview opens over the result after the commit: done with it.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        done = ui.lookup_in_dialogs(app, '完成', 'button')
        if done is not None:
            press(done)
            break
        time.sleep(0.2)
    click(app, '办理下一位')
    find(app, ui.SEARCH)


def accept_with_tolerance(app):
    start_intake(app, '健身房', '我要开健身房')
    fill_enterprise(app, ENTERPRISE, USCC)
    ui.scan_slot(app, '公司章程')
    click(app, '全部收齐')
    click(app, '告知承诺：' + PLEDGED)
    click(app, '缺：' + TOLERATED)
    tolerance = find(app, '容缺受理', 'check box')
    wait_for('容缺受理 recommended and chosen', lambda: checked(tolerance))
    find(app, '容缺材料')
    screenshot('tolerance-decision')
    number = confirm(app, 1)
    next_applicant(app)
    return number


def accept_on_pledge(app):
    start_intake(app, '个体工商户', '个体工商户设立登记')
    fill_enterprise(app, SHOP, SHOP_USCC)
    ui.scan_slot(app, '个体工商户登记（备案）申请书')
    # The scan button of the checklist (F8 with the focus in the list): the next material
    # without pages, 居民身份证.
    before = in_hand(app)
    click(app, '扫描下一份缺少的材料')
    wait_for('the next missing material scanned', lambda: in_hand(app) == before + 1, timeout=30)
    screenshot('scanned')
    click(app, '全部收齐')
    click(app, '告知承诺：' + PLEDGED)
    pledge = find(app, '承诺受理', 'check box')
    wait_for('承诺受理 recommended and chosen', lambda: checked(pledge))
    screenshot('pledge-decision')
    number = confirm(app, 2)
    next_applicant(app)
    return number


def accept_with_notice(app):
    start_intake(app, '卫生许可', '公共场所卫生许可')
    fill_enterprise(app, ENTERPRISE, USCC)
    ui.scan_slot(app, '公共场所卫生许可申请表')
    notice = find(app, '一次性告知', 'check box')
    wait_for('一次性告知 recommended', lambda: checked(notice))
    find(app, '一次性告知清单')
    screenshot('notice-decision')
    number = confirm(app, 3)
    screenshot('notice-result')
    next_applicant(app)
    return number


def row_sync_state(app, number, state, timeout=ui.STEP_TIMEOUT):
    """Waits until today's row of number shows the sync state state (今日受理)."""
    import pyatspi
    today = find(app, '今日受理列表')

    def row_state():
        label = pyatspi.findDescendant(today, lambda a: a is not None and a.name == number,
                                       breadth_first=True)
        row = label.parent if label is not None else None
        while row is not None and row.getRoleName() not in ('list item', 'table row'):
            row = row.parent
        if row is None:
            return None
        return pyatspi.findDescendant(row, lambda a: a is not None and a.name == state,
                                      breadth_first=True)
    wait_for('%s %s in 今日受理' % (number, state), row_state, timeout)


def test_offline_intake(app, network, bo_url):
    network.down()
    find(app, BANNER, timeout=SYNC_TIMEOUT)
    if not healthy(bo_url):
        ui.fail('the back office stopped: the fault must be the network, not the server')
    find_matching(app, r'^同步状态：离线')
    screenshot('offline')
    numbers = [accept_with_tolerance(app), accept_on_pledge(app), accept_with_notice(app)]
    click(app, '今日受理', 'page tab')
    for number in numbers:
        row_sync_state(app, number, '待同步')
    find_matching(app, r'^同步状态：离线 · \d+ 条待同步')
    screenshot('offline-today')
    click(app, '受理', 'page tab')
    ui.ok('offline, with the back office running behind a cut network: %s (tolerance), '
          '%s (pledge), %s (one-time notice) accepted with their scans, waiting' % tuple(numbers))
    return numbers


def test_sync(app, network, bo_url, users, numbers):
    network.up()
    find(app, SYNCED, timeout=SYNC_TIMEOUT)
    wait_gone(app, BANNER)
    click(app, '今日受理', 'page tab')
    for number in numbers:
        row_sync_state(app, number, '已同步', SYNC_TIMEOUT)
    screenshot('synced')
    click(app, '受理', 'page tab')
    token = token_of(bo_url, users['supervisor'])
    for number in numbers:
        held = wait_for('%s at the back office' % number,
                        lambda: backoffice_case(bo_url, token, number), SYNC_TIMEOUT)
        log('back office: %s %s %s' % (number, held['decision'], held['state']))
    decisions = [backoffice_case(bo_url, token, n)['decision'] for n in numbers]
    if decisions != ['accept_with_tolerance', 'accept_on_pledge', 'one_time_notice']:
        ui.fail('the back office holds the decisions %s' % decisions)
    ui.ok('the network back: 已同步, each case synced, and the back office holds them (%s)'
          % ', '.join(decisions))


# The back-office computer: review mode, then the board.

def enrol_back_office(app, url, admin):
    find(app, ui.ENROL_URL, timeout=ui.STARTUP_TIMEOUT)
    set_text(app, ui.ENROL_URL, url)
    press(find(app, '后台电脑'))
    wait_for('the hall code to go away', lambda: lookup(app, ui.ENROL_HALL) is None
             or not ui.really_visible(lookup(app, ui.ENROL_HALL)))
    set_text(app, ui.ENROL_USERNAME, admin[0])
    set_text(app, ui.ENROL_PASSWORD, admin[1])
    click(app, ui.ENROL_BUTTON, 'button')


def enabled_button(app, name):
    import pyatspi
    return wait_for('“%s” enabled' % name,
                    lambda: next((a for a in ui.descendants(app)
                                  if (a.name == name or (a.name or '').startswith(name + ' '))
                                  and ui.role_is(a, 'button') and showing(a)
                                  and a.getState().contains(pyatspi.STATE_SENSITIVE)), None),
                    ui.STARTUP_TIMEOUT)


def response(app, prefix):
    """The dialog's sensitive response button whose label starts with prefix (“审核通过(”)."""
    import pyatspi
    return wait_for('the response %s' % prefix,
                    lambda: next((a for a in ui.descendants(app)
                                  if ui.role_is(a, 'button') and (a.name or '').startswith(prefix)
                                  and showing(a) and a.getState().contains(pyatspi.STATE_SENSITIVE)),
                                 None), ui.STARTUP_TIMEOUT)


def open_review_case(app, number, left=()):
    ui.open_review_case(app, number, left)
    press(enabled_button(app, '认领办件'))


def state_shown(app, state):
    wait_for('the state %s' % state,
             lambda: any(a.name == state and a.getRoleName() == 'label' and showing(a)
                         and ui.table_row_of(a) is None for a in ui.descendants(app)),
             ui.STARTUP_TIMEOUT)


def approve(app, number):
    open_review_case(app, number)
    # The page scanned at the counter while it was offline, fetched from the back office.
    press(enabled_button(app, '查看个体工商户登记（备案）申请书'))
    find(app, '第 1 页 共 1 页', timeout=ui.STARTUP_TIMEOUT)
    screenshot('review-page')
    press(enabled_button(app, '审核通过'))
    press(response(app, '审核通过('))
    state_shown(app, '待出件')
    log('%s approved' % number)


def return_for_supplement(app, number, left=()):
    open_review_case(app, number, left)
    press(enabled_button(app, '退回补正'))
    press(wait_for('“列明：%s”' % RETURNED_MATERIAL, lambda: next(
        (a for a in ui.descendants(app)
         if (a.name or '').startswith('列明：' + RETURNED_MATERIAL) and showing(a)), None)))
    message = wait_for('the message entry', lambda: next(
        (a for a in ui.descendants(app) if (a.name or '').startswith('告知申请人的内容')
         and a.getRoleName() in ('entry', 'text') and showing(a)), None))
    if not ui.editable(message)[1].setTextContents(RETURN_MESSAGE):
        ui.fail('cannot type the message to the applicant')
    screenshot('review-return')
    press(response(app, '退回('))
    state_shown(app, '退回补正')
    log('%s returned for supplement' % number)


def test_review(office_dir, bo_url, users, pledged, late):
    app = ui.launch(office_dir, bo_url)
    enrol_back_office(app, bo_url, users['admin'])
    ui.sign_in(app, users[REVIEWER], expect_counter=False, timeout=ui.STARTUP_TIMEOUT)
    find(app, '审核', timeout=ui.STARTUP_TIMEOUT)
    if lookup(app, ui.SEARCH) is not None:
        ui.fail('a reviewer got the counter')
    for number in (pledged, late):
        wait_for('%s in the queue' % number, lambda: ui.queue_row(app, number), ui.STARTUP_TIMEOUT)
    screenshot('review-queue')
    approve(app, pledged)
    screenshot('review-approved')
    # The pending queue drops the approved case.
    return_for_supplement(app, late, left=(pledged,))
    wait_for('the decisions sent', lambda: lookup(app, '等待发送到后台') is None
             and lookup(app, SYNCED) is not None, ui.STARTUP_TIMEOUT)
    token = token_of(bo_url, users['supervisor'])
    for number, state in ((pledged, 'ready'), (late, 'returned')):
        wait_for('%s %s at the back office' % (number, state),
                 lambda: backoffice_case(bo_url, token, number)['state'] == state,
                 ui.STARTUP_TIMEOUT)
    ui.ok('%s in review mode: %s approved (ready for issuance), the late %s returned for '
          'supplement' % (REVIEWER, pledged, late))
    ui.stop_app()


def test_urge(office_dir, bo_url, users, late, late_uuid):
    app = ui.launch(office_dir, bo_url)
    ui.sign_in(app, users['supervisor'], expect_counter=False, timeout=ui.STARTUP_TIMEOUT)
    find(app, '看板', timeout=ui.STARTUP_TIMEOUT)
    find_matching(app, r'^超期：[1-9]', role='button', timeout=ui.STARTUP_TIMEOUT)
    find(app, late, timeout=ui.STARTUP_TIMEOUT)
    screenshot('board')
    ui.double_click('%s on the board' % late, lambda: lookup(app, late))
    find(app, '案件 %s' % late, timeout=ui.STARTUP_TIMEOUT)
    press(find_matching(app, r'^督办.*…$', role='button', timeout=ui.STARTUP_TIMEOUT))
    message = wait_for('the urge message field', lambda: next(
        (a for a in ui.descendants(app) if (a.name or '').startswith('督办内容')
         and a.getRoleName() not in ('label', 'static') and showing(a)), None), ui.STARTUP_TIMEOUT)
    send = wait_for('the dialog’s urge button', lambda: next(
        (a for a in ui.descendants(app) if (a.name or '').split(' ')[-1] in ('督办(U)', '督办')
         and a.getRoleName() in ('push button', 'button') and showing(a)), None))
    # The message has the focus when the dialog opens (GTK 4.8 cannot move it over AT-SPI).
    ui.type_text(message, URGE)
    wait_for('the urge button enabled', lambda: sensitive(send))
    screenshot('urge')
    press(send)
    find_matching(app, r'→ .*：%s（尚未确认）' % URGE, timeout=ui.STARTUP_TIMEOUT)
    token = token_of(bo_url, users['supervisor'])

    def urged():
        status, answer = call(bo_url, 'GET', '/api/v1/cases/%s' % late_uuid, token)
        urges = answer['case'].get('urges') or [] if status == 200 else []
        return urges and urges[0]
    urge = wait_for('the urge at the back office', urged, ui.STARTUP_TIMEOUT)
    if urge.get('hall') != HALL:
        ui.fail('the urge of a case returned to its applicant went to %s, not to hall %s'
                % (urge.get('department') or urge.get('hall'), HALL))
    ui.ok('the supervisor found %s red on the board and urged it; the urge goes to the counter'
          % late)
    ui.stop_app()
    return urge


# The counter again: the urge, the issuance, the rating.

def open_case(app, number):
    click(app, '今日受理', 'page tab')
    find(app, '查找办件')
    ui.key_combo(KEYCODE_F, ui.KEYCODE_CONTROL_L)
    time.sleep(0.3)
    set_text(app, '查找办件', number)
    ui.key(ui.KEYSYM_RETURN)
    find(app, '办件历史', timeout=ui.STARTUP_TIMEOUT)
    wait_for('the page of ' + number, lambda: lookup(app, number, 'label') is not None)


def test_clerk_urged(app, bo_url, users, late, late_uuid):
    strip = find(app, '督办：1 件待您确认', timeout=SYNC_TIMEOUT)
    screenshot('clerk-urge-strip')
    press(strip)
    find(app, URGE, timeout=ui.STARTUP_TIMEOUT)
    screenshot('clerk-urged')
    click(app, '知道了：案件 %s' % late, 'button')
    wait_gone(app, '督办：1 件待您确认', timeout=ui.STARTUP_TIMEOUT)
    token = token_of(bo_url, users['supervisor'])

    def acknowledged():
        status, answer = call(bo_url, 'GET', '/api/v1/cases/%s' % late_uuid, token)
        urges = answer['case'].get('urges') or [] if status == 200 else []
        return urges and urges[0].get('acknowledged') and urges[0]
    urge = wait_for('the acknowledgement at the back office', acknowledged, SYNC_TIMEOUT)
    if urge.get('acknowledged_by') != users['clerk'][0]:
        ui.fail('the urge was acknowledged by %r' % urge.get('acknowledged_by'))
    ui.ok('the clerk sees the urge on %s in the window and acknowledges it' % late)


def test_issue(app, number):
    open_case(app, number)
    wait_for('state 待出件', lambda: lookup(app, '待出件', 'label') is not None,
             ui.STARTUP_TIMEOUT)
    press(button_starting(app, '出件 '))
    issue = button_starting(app, '出件(')
    set_text(app, '领取人证件号码', SHOP_USCC)
    signature = find(app, '已确认签字', 'check box')
    # GTK 4.8 gives check buttons no AT-SPI action: the clerk's mnemonic, Alt+S.
    ui.key_combo(KEYCODE_S, ui.KEYCODE_ALT_L)
    wait_for('the signature confirmed', lambda: checked(signature))
    wait_for('issuance possible', lambda: sensitive(issue))
    screenshot('issue')
    press(issue)
    wait_for('state 已出件', lambda: lookup(app, '已出件', 'label') is not None)
    ui.ok('the clerk issues the approved %s to its applicant' % number)


def test_rating(app, bo_url, users, number):
    rating = wait_for('the rating window',
                      lambda: next((app.getChildAtIndex(i) for i in range(app.childCount)
                                    if app.getChildAtIndex(i).name == '评价本次服务'), None))
    find(rating, '您对本次服务满意吗？')
    press(button_starting(rating, '非常满意'))
    set_text(rating, '意见', '督办以后当天就办好了')
    screenshot('rating')
    press(button_starting(rating, '提交评价'))
    wait_for('the rating on the case',
             lambda: lookup(app, '非常满意 · 督办以后当天就办好了', 'label') is not None)
    screenshot('rated')
    token = token_of(bo_url, users['supervisor'])
    case_uuid = backoffice_case(bo_url, token, number)['uuid']

    def rated():
        status, answer = call(bo_url, 'GET', '/api/v1/cases/%s' % case_uuid, token)
        return status == 200 and answer['case'].get('state') == 'issued' \
            and answer['case'].get('rating') and answer['case']
    held = wait_for('the issuance and the rating at the back office', rated, SYNC_TIMEOUT)
    log('back office: %s %s' % (held['state'], json.dumps(held['rating'], ensure_ascii=False)))
    ui.ok('the applicant rates the service of %s: 非常满意, on the case and at the back office'
          % number)


def main():
    ui.setup('story', TOTAL_TIMEOUT, plan=8)
    bo_dir = ui.new_dir('yc-ui-story-')
    bo_url, users = ui.start_backoffice(bo_dir)
    network = Network(bo_url)
    counter_dir = ui.new_dir('yc-ui-counter-')
    env = ui.sane_env()

    app = ui.launch(counter_dir, network.url, env=env)
    ui.enrol_and_sign_in(app, network.url, HALL, WINDOW, users['admin'], users['clerk'])
    find(app, SYNCED, timeout=SYNC_TIMEOUT)
    screenshot('signed-in')
    ui.ok('the counter enrolled as %s-%s and %s signed in' % (HALL, WINDOW, users['clerk'][0]))

    numbers = test_offline_intake(app, network, bo_url)
    test_sync(app, network, bo_url, users, numbers)
    ui.stop_app()

    late_uuid, late = accept_late_case(bo_url, users['clerk'])
    # A computer in the back office, its own data directory, set up by the administrator.
    office_dir = ui.new_dir('yc-ui-office-')
    test_review(office_dir, bo_url, users, numbers[1], late)
    test_urge(office_dir, bo_url, users, late, late_uuid)

    app = ui.launch(counter_dir, network.url, env=env)
    ui.enrol_and_sign_in(app, network.url, HALL, WINDOW, users['admin'], users['clerk'])
    test_clerk_urged(app, bo_url, users, late, late_uuid)
    test_issue(app, numbers[1])
    test_rating(app, bo_url, users, numbers[1])
    network.down()
    return 0


if __name__ == '__main__':
    ui.run(main)
