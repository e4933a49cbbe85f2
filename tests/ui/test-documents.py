#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The documents handed to the applicant, previewed and printed, through the accessibility
bus in the Chinese UI.

Usage: test-documents.py YICHUANG [SCREENSHOT_DIR]

The real back office with its demo data; the computer enrolled as JB01-W03 and clerk1
signed in (tests/ui/yc_ui.py).  YC_PRINT_EXPORT_DIR makes 打印 export the print job as
<case number>.pdf (GtkPrintOperation's export: the print path, headless).
(1) 我要开健身房 accepted with one tolerated material and one pledge: the preview shows the
receipt at once, 打印 (Ctrl+P) writes the receipt, the tolerance commitment and the pledge;
pdftotext finds the case number, the bundle's items, the tolerated material and its
deadline, the window and the clerk; zbarimg reads the QR code on the receipt, which must be
"YC1|number|uuid|hash16" of the case as the store holds it, the hash an HMAC-SHA256 under the
hall secret the enrolment stored (checked here, independently of the C code); Enter (完成)
goes on to the next applicant.  (2) A one-time notice, printed, Escape.  (3) A refusal,
printed with its reason.
"""

import datetime
import hashlib
import hmac
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time

sys.dont_write_bytecode = True
import yc_ui as ui  # noqa: E402

_started = time.monotonic()
from yc_ui import (click, editable, find, find_matching, log, screenshot,  # noqa: E402
                   set_text, text_of, checked, wait_for)

TOTAL_TIMEOUT = 540
HALL, WINDOW = ui.DEMO_HALL, ui.DEMO_WINDOWS[2]
ENTERPRISE = '力行健身管理有限公司'
USCC = '91350100M000100Y43'
PERSON = '张晓明'
RESIDENT_ID = '110101199003070011'
MOBILE = '13800138000'
PLEDGED = '住所（经营场所）使用证明'
TOLERATED = '从业人员健康合格证明'
GYM_ITEMS = ('有限责任公司设立登记', '公共场所卫生许可', '经营高危险性体育项目许可',
             '公众聚集场所投入使用、营业前消防安全检查')
REFUSAL_REASON = '申请人已在外省参保，应向参保地申领'
KEYCODE_5 = 14
KEYCODE_P = 33

data_dir = None
print_dir = None


def start_intake(app, query, result_name):
    """Searches, shows the result in the detail pane and starts its intake."""
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


def fill_enterprise(app):
    set_text(app, '企业名称', ENTERPRISE)
    set_text(app, '统一社会信用代码', USCC)
    set_text(app, '手机号码', MOBILE)


def confirm(app):
    import pyatspi

    click(app, '确认决定')
    ui.enrol_on_confirm(app)
    find_matching(app, r'^确认“.*”？$')
    button = wait_for('the confirm response',
                      lambda: pyatspi.findDescendant(
                          app, lambda a: a is not None and ui.role_is(a, 'button')
                          and (a.name or '').startswith('确认(') and ui.showing(a),
                          breadth_first=True))
    ui.press(button)


def expect_number(app, sequence):
    day = datetime.date.today().strftime('%Y%m%d')
    number = '%s-%s-%s-%04d' % (HALL, WINDOW, day, sequence)
    find(app, number)
    return number


def preview_window(app):
    """The documents' window (文书): a top-level window of the application, searched alone
    rather than with the whole counter below it."""
    def lookup_window():
        for i in range(app.childCount):
            child = app.getChildAtIndex(i)
            if child is not None and child.name == '文书' and ui.showing(child):
                return child
        return None
    return wait_for('the documents window', lookup_window, 20)


def preview_shown(app, first_document):
    """The preview of the documents: its first page drawn, 打印 and 完成 offered."""
    window = preview_window(app)
    page = find_matching(window, r'^第 ?1 ?页 ?共 ?\d+ ?页$', timeout=20)
    log('preview: %s' % page.name)
    find_matching(window, '^%s，第' % first_document)  # the page's accessible name
    find(window, '打印', 'button')
    find(window, '完成', 'button')
    return window


def print_and_read(window, number, use_keys=False):
    """Prints the case's documents (the export path) and returns the PDF's text, with the
    line breaks and spaces poppler puts inside table cells removed, and the PDF's path."""
    path = os.path.join(print_dir, number + '.pdf')
    if os.path.exists(path):
        os.unlink(path)
    if use_keys:
        ui.key_combo(KEYCODE_P, ui.KEYCODE_CONTROL_L)
    else:
        click(window, '打印', 'button')
    wait_for(path, lambda: os.path.exists(path) and os.path.getsize(path) > 0, 20)
    time.sleep(0.5)  # the export writes, then closes
    out = subprocess.run(['pdftotext', '-enc', 'UTF-8', path, '-'], capture_output=True,
                         check=True, timeout=30).stdout.decode('utf-8')
    return re.sub(r'\s+', '', out), path


def back_at_search(app):
    """The counter's search has the keyboard again: the next applicant (hidden pages still
    report themselves visible, so the focus tells which page shows)."""
    import pyatspi
    search = find(app, ui.SEARCH)
    entry = editable(search)[0]
    wait_for('the search focused for the next applicant',
             lambda: entry.getState().contains(pyatspi.STATE_FOCUSED)
             or search.getState().contains(pyatspi.STATE_FOCUSED))
    wait_for('the documents window closed',
             lambda: not any(app.getChildAtIndex(i) is not None
                             and app.getChildAtIndex(i).name == '文书'
                             for i in range(app.childCount)))


def step(what):
    log('%5.1f s: %s' % (time.monotonic() - _started, what))


def expect_in(text, needle, what):
    squeezed = re.sub(r'\s+', '', needle)
    if squeezed not in text:
        ui.fail('%s (%s) is not in the printed documents:\n%s' % (what, needle, text[:3000]))


def stored_case(number):
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(data_dir, 'yichuang.db'), uri=True)
    try:
        row = db.execute('SELECT document FROM cases WHERE number = ?', (number,)).fetchone()
        meta = dict(db.execute('SELECT key, value FROM meta').fetchall())
    finally:
        db.close()
    if row is None:
        ui.fail('case %s is not in the store' % number)
    return json.loads(row[0]), meta


def chinese_date(iso):
    d = datetime.date.fromisoformat(iso[:10])
    return '%d年%d月%d日' % (d.year, d.month, d.day)


def decode_qr(path):
    """Every QR code zbarimg reads on the pages of path rendered at 200 dpi, one per line."""
    png_base = os.path.join(print_dir, 'page')
    subprocess.run(['pdftoppm', '-r', '200', '-png', path, png_base], check=True, timeout=120)
    found = []
    for name in sorted(f for f in os.listdir(print_dir) if f.startswith('page') and f.endswith('.png')):
        png = os.path.join(print_dir, name)
        out = subprocess.run(['zbarimg', '--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', png],
                             capture_output=True, timeout=60)
        found.extend(line for line in out.stdout.decode('utf-8').splitlines() if line.strip())
        os.unlink(png)
    return '\n'.join(found)


def test_receipt(app):
    start_intake(app, '健身房', '我要开健身房')
    fill_enterprise(app)
    mobile = editable(find(app, '手机号码'))[0]
    wait_for('the mobile number masked', lambda: '****' in text_of(mobile))
    click(app, '全部收齐')
    click(app, '告知承诺：' + PLEDGED)
    click(app, '缺：' + TOLERATED)
    tolerance = find(app, '容缺受理', 'check box')
    wait_for('容缺受理 recommended and chosen', lambda: checked(tolerance))
    step('confirming')
    confirm(app)
    number = expect_number(app, 1)
    step('recorded')

    window = preview_shown(app, '受理回执')
    screenshot('receipt-preview')
    step('preview shown')
    text, path = print_and_read(window, number, use_keys=True)
    step('printed')
    case, meta = stored_case(number)

    expect_in(text, '受理回执', 'the receipt')
    expect_in(text, '容缺受理承诺书', 'the tolerance commitment')
    expect_in(text, '告知承诺书', 'the pledge')
    expect_in(text, number, 'the case number')
    for item in GYM_ITEMS:
        expect_in(text, item, 'an item of the bundle')
    expect_in(text, TOLERATED, 'the tolerated material')
    if not case.get('tolerated'):
        ui.fail('the stored case has no tolerated material: %s' % case)
    expect_in(text, chinese_date(case['tolerated'][0]['due']), 'the supplement deadline')
    expect_in(text, meta.get('window_name') or case['window'], 'the window')
    expect_in(text, case['clerk'], 'the clerk')
    if '无校验码' in text:
        ui.fail('the receipt was printed without its verification code')
    log('the printed documents name %s, its items, %s due %s, window and clerk'
        % (number, TOLERATED, case['tolerated'][0]['due']))

    secret = meta.get('hall_secret')
    if not secret:
        ui.fail('the enrolment stored no hall secret (meta hall_secret)')
    decoded = decode_qr(path)
    step('QR code read')
    message = '%s|%s|%s' % (case['number'], case['uuid'], case['accepted_at'])
    digest = hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()[:16]
    expected = 'YC1|%s|%s|%s' % (case['number'], case['uuid'], digest)
    # One code in the three documents, on the receipt.
    if decoded != expected:
        ui.fail('the printed QR codes read %r, not %r' % (decoded, expected))
    log('QR code: ' + decoded)

    # Enter is 完成: the next applicant, at the search.
    ui.key(ui.KEYSYM_RETURN)
    back_at_search(app)
    ui.ok('我要开健身房 %s: receipt, commitment and pledge printed; QR code verified' % number)


def test_one_time_notice(app):
    start_intake(app, '卫生许可', '公共场所卫生许可')
    step('intake started')
    fill_enterprise(app)
    notice = find(app, '一次性告知', 'check box')
    wait_for('一次性告知 recommended', lambda: checked(notice))
    confirm(app)
    number = expect_number(app, 2)
    window = preview_shown(app, '一次性告知书')
    text, _ = print_and_read(window, number)
    expect_in(text, '一次性告知书', 'the notice')
    expect_in(text, number, 'the case number')
    expect_in(text, '请备齐以上材料后再次办理', 'the closing sentence')
    if '受理回执' in text:
        ui.fail('a receipt was printed for a one-time notice')
    screenshot('notice-preview')
    ui.key(ui.KEYSYM_ESCAPE)
    back_at_search(app)
    ui.ok('a one-time notice %s printed' % number)


def test_refusal(app):
    start_intake(app, '社保', '社会保障卡申领')
    step('intake started')
    set_text(app, '姓名', PERSON)
    set_text(app, '居民身份证号码', RESIDENT_ID)
    set_text(app, '手机号码', MOBILE)
    ui.key_combo(KEYCODE_5, ui.KEYCODE_ALT_L)
    refuse = find(app, '不予受理', 'check box')
    wait_for('不予受理 chosen', lambda: checked(refuse))
    set_text(app, '向申请人说明', REFUSAL_REASON)
    confirm(app)
    number = expect_number(app, 3)
    window = preview_shown(app, '不予受理通知书')
    text, _ = print_and_read(window, number)
    expect_in(text, '不予受理通知书', 'the refusal notice')
    expect_in(text, number, 'the case number')
    expect_in(text, REFUSAL_REASON, 'the reason')
    if RESIDENT_ID in text:
        ui.fail('the full identity number was printed')
    click(window, '完成', 'button')
    back_at_search(app)
    ui.ok('a refusal %s printed with its reason' % number)


def main():
    global data_dir, print_dir
    ui.setup('documents', TOTAL_TIMEOUT, plan=3)
    for tool in ('pdftotext', 'pdftoppm', 'zbarimg'):
        if shutil.which(tool) is None:
            ui.fail('%s is needed (poppler-utils, zbar-tools)' % tool)
    url, users = ui.start_backoffice(ui.new_dir('yc-ui-bo-'))
    data_dir = ui.new_dir('yc-ui-app-')
    print_dir = ui.new_dir('yc-ui-print-')
    app = ui.launch(data_dir, url, env={'YC_PRINT_EXPORT_DIR': print_dir})
    ui.enrol_and_sign_in(app, url, HALL, WINDOW, users['admin'], users['clerk'])
    test_receipt(app)
    test_one_time_notice(app)
    test_refusal(app)
    return 0


if __name__ == '__main__':
    ui.run(main)
