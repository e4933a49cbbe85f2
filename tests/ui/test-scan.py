#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Scanning into the checklist through the accessibility bus, in the Chinese UI.

Usage: test-scan.py YICHUANG [SCREENSHOT_DIR]

SANE's `test` backend through a private SANE_CONFIG_DIR (TESTING.md) as the counter's
scanner; the real back office with its demo data, the window enrolled and clerk1 signed in
(tests/ui/yc_ui.py).  In 我要开健身房: (1) 扫描：公司章程 puts a page into 公司章程, counted
next to its copies and shown in the page strip; (2) the page viewer crops it by margins
typed in millimetres; (3) 扫描下一份缺少的材料 scans into the next material without pages;
(4) an electronic material marked received shows 已扫描 0 页 / 需 1 份 until it is scanned;
(5) confirming records the case with its number.

Run inside Xvfb and `dbus-run-session` (build-aux/run-ui-tests.sh).
"""

import datetime
import sys
import time

sys.dont_write_bytecode = True
import yc_ui as ui  # noqa: E402
from yc_ui import (click, find, find_matching, screenshot,  # noqa: E402
                   set_text, showing, wait_for)

TOTAL_TIMEOUT = 480
HALL, WINDOW = ui.DEMO_HALL, ui.DEMO_WINDOWS[1]
ENTERPRISE = '力行健身管理有限公司'
USCC = '91350100M000100Y43'
MOBILE = '13800138000'
MATERIAL = '公司章程'
# Electronic (电子), one copy, served by shared data: received by hand it needs its scan
ELECTRONIC = '建设工程消防验收或备案凭证'


def start_gym(app):
    import pyatspi

    find(app, '搜索事项', timeout=ui.STARTUP_TIMEOUT)
    set_text(app, '搜索事项', '健身房')
    results = find(app, '搜索结果')
    wait_for('我要开健身房 among the results',
             lambda: pyatspi.findDescendant(results, lambda a: a.name == '我要开健身房',
                                            breadth_first=True))
    time.sleep(0.5)
    pyatspi.Registry.generateKeyboardEvent(0xff0d, None, pyatspi.KEY_SYM)
    find(app, '我要开健身房', 'label')
    click(app, '开始受理')
    find(app, '确认决定')
    set_text(app, '企业名称', ENTERPRISE)
    set_text(app, '统一社会信用代码', USCC)
    set_text(app, '手机号码', MOBILE)


def labels_named(app, name):
    import pyatspi
    return pyatspi.utils.findAllDescendants(
        app, lambda a: a is not None and a.name == name and a.getRoleName() == 'label'
        and showing(a))


def test_scan_into_slot(app):
    import pyatspi

    click(app, '扫描：' + MATERIAL)
    # The page count next to the copies: 1 页 (no other material has pages yet)
    wait_for('1 页 next to ' + MATERIAL, lambda: len(labels_named(app, '1 页')) >= 1, timeout=30)
    # The strip below the list shows the material's page, numbered.
    strip = find(app, '页面')
    wait_for('page 1 in the strip',
             lambda: pyatspi.findDescendant(strip, lambda a: a is not None and a.name == '1',
                                            breadth_first=True))
    screenshot('scanned')
    ui.ok('扫描：%s put one page into its slot and its page strip' % MATERIAL)


def in_hand(app):
    """The checklist's count, 已收 N 项，共 M 项: a scanned material counts as received."""
    import re
    label = find_matching(app, r'^已收 \d+ 项')
    return int(re.match(r'^已收 (\d+) 项', label.name).group(1))


def test_scan_next_missing(app):
    before = in_hand(app)
    click(app, '扫描下一份缺少的材料')
    wait_for('one more material received by its scan', lambda: in_hand(app) == before + 1, timeout=30)
    screenshot('scan-next')
    ui.ok('扫描下一份缺少的材料 scanned into the first material without pages')


def in_viewer(app, name):
    """The control named name in the page viewer's window: searched there alone, quickly."""
    return wait_for('“%s” in the page viewer' % name, lambda: ui.lookup_in_dialogs(app, name))


def test_crop_margins(app):
    """裁切 by margins: the viewer of the strip's page, the margins typed in millimetres."""
    click(app, '查看页面')
    ui.press(in_viewer(app, '裁切页面'))
    # The margins, each named for a screen reader, the cut itself a button
    for name, mm in (('裁去的上边距（毫米）', '10'), ('裁去的左边距（毫米）', '5')):
        acc, text = ui.editable(in_viewer(app, name))
        if not text.setTextContents(mm):
            ui.fail('cannot type into “%s”' % name)
    in_viewer(app, '裁去的下边距（毫米）')
    in_viewer(app, '裁去的右边距（毫米）')
    screenshot('crop-margins')
    ui.press(in_viewer(app, '裁去边距'))
    # Cut: the margins go away with the crop tool
    wait_for('the margins closed after the cut',
             lambda: ui.lookup_in_dialogs(app, '裁去的上边距（毫米）') is None
             or not ui.really_visible(ui.lookup_in_dialogs(app, '裁去的上边距（毫米）')))
    ui.key(0xff1b)  # Escape closes the viewer
    ui.ok('裁切 cut margins typed in millimetres off the page')


def test_electronic_needs_pages(app):
    """An electronic material marked received is short until it has a page per copy."""
    click(app, '已收复印件：' + ELECTRONIC)
    find(app, '已扫描 0 页 / 需 1 份', 'label')
    screenshot('electronic-short')
    click(app, '扫描：' + ELECTRONIC)
    ui.wait_gone(app, '已扫描 0 页 / 需 1 份', timeout=30)
    ui.ok('%s showed 已扫描 0 页 / 需 1 份 until scanned' % ELECTRONIC)


def test_commit(app):
    import pyatspi

    click(app, '全部收齐')
    click(app, '确认决定')
    ui.enrol_on_confirm(app)
    find_matching(app, r'^确认“.*”？$')
    button = wait_for('the confirm response',
                      lambda: pyatspi.findDescendant(
                          app, lambda a: a is not None and a.getRoleName() in ('button', 'push button')
                          and (a.name or '').startswith('确认(') and showing(a), breadth_first=True))
    button.queryAction().doAction(0)
    day = datetime.date.today().strftime('%Y%m%d')
    number = '%s-%s-%s-%04d' % (HALL, WINDOW, day, 1)
    find(app, number, timeout=30)
    screenshot('committed')
    ui.ok('the case with its scans recorded as %s' % number)


def main():
    ui.setup('scan', TOTAL_TIMEOUT, plan=5)
    url, users = ui.start_backoffice(ui.new_dir('yc-ui-bo-'))
    app = ui.launch(None, url, env=ui.sane_env())
    ui.enrol_and_sign_in(app, url, HALL, WINDOW, users['admin'], users['clerk'])
    start_gym(app)
    test_scan_into_slot(app)
    test_crop_margins(app)
    test_scan_next_missing(app)
    test_electronic_needs_pages(app)
    test_commit(app)
    return 0


if __name__ == '__main__':
    ui.run(main)
