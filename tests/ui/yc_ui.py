# SPDX-License-Identifier: GPL-3.0-or-later
"""What the UI tests share: the application and the back office as processes, and the
AT-SPI helpers that find, click and type as a clerk or a screen reader would.

A test script (tests/ui/test-*.py, run by build-aux/run-ui-tests.sh under Xvfb and
`dbus-run-session`) goes like this:

    import yc_ui as ui

    def main():
        exe, shot_dir = ui.setup('intake', total_timeout=170, plan=3)
        url, users = ui.start_backoffice(ui.new_dir('yc-ui-bo-'))
        app = ui.launch(ui.new_dir('yc-ui-app-'), url)
        ui.enrol_and_sign_in(app, url, ui.DEMO_HALL, 'W01', users['admin'], users['clerk'])
        ...
        ui.ok('what was shown')

    if __name__ == '__main__':
        ui.run(main)

Everything started here (the application, the back office, temporary directories) is
stopped and removed by cleanup(), which run() calls whatever happens, fail() calls before
exiting, and the TOTAL_TIMEOUT alarm calls before giving up.  Controls are found by their
accessible names (the Chinese UI: LANGUAGE=zh_CN); text goes in through the EditableText
interface; buttons are pressed through their click action.
"""

import ctypes
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

# Polls give up after these: generous, as `make test` runs the UI suites beside the others on
# two cores, and a poll that succeeds costs no more for them.
STARTUP_TIMEOUT = 60
STEP_TIMEOUT = 20

# `yichuang-backoffice demo` sets up this hall with windows W01 to W04.
DEMO_HALL = 'JB01'
DEMO_WINDOWS = ('W01', 'W02', 'W03', 'W04')

# X keycodes of Xvfb's default (evdev) keymap.
KEYCODE_SHIFT_L = 50
KEYCODE_CONTROL_L = 37
KEYCODE_ALT_L = 64
KEYSYM_RETURN = 0xff0d
KEYSYM_ESCAPE = 0xff1b
KEYSYM_TAB = 0xff09

# The accessible names of the enrolment dialog, the sign-in page and the lock page.
ENROL_URL = '后台地址'
ENROL_HALL = '大厅代码'
ENROL_WINDOW = '窗口代码'
ENROL_USERNAME = '管理员或本大厅窗口人员的用户名'
ENROL_PASSWORD = '该用户的密码'
ENROL_BUTTON = '登记'
SIGN_IN_USERNAME = '用户名'
SIGN_IN_PASSWORD = '密码'
SIGN_IN_BUTTON = '登录'
UNLOCK_PASSWORD = '解锁密码'
UNLOCK_BUTTON = '解锁'
SEARCH = '搜索事项'

exe = None          # the yichuang executable (argv[1])
shot_dir = None     # where screenshots go (argv[2]), or None
proc = None         # the running application
backoffice = None   # the running back office (a Popen)
backoffice_url = None
_name = 'ui'
_step = 0
_test = 0
_dirs = []
_total_timeout = 170


_t0 = time.monotonic()


def log(msg):
    """A TAP comment, with the seconds since the test started: where a slow run spent them."""
    print('# [%6.1f s] %s' % (time.monotonic() - _t0, msg), flush=True)


def setup(name, total_timeout=170, plan=None):
    """Reads argv (YICHUANG [SCREENSHOT_DIR]), arms the total timeout, prints the plan.

    Returns (exe, shot_dir).  name prefixes the screenshots."""
    global exe, shot_dir, _name, _total_timeout
    if len(sys.argv) < 2:
        print('usage: %s YICHUANG [SCREENSHOT_DIR]' % os.path.basename(sys.argv[0]),
              file=sys.stderr)
        sys.exit(2)
    exe = sys.argv[1]
    shot_dir = sys.argv[2] if len(sys.argv) > 2 else None
    _name = name
    _total_timeout = total_timeout
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.signal(signal.SIGTERM, _on_term)
    signal.alarm(total_timeout)
    if plan is not None:
        print('1..%d' % plan, flush=True)
    return exe, shot_dir


def run(main):
    """Runs main() and cleans up whatever happens; exits with its status."""
    try:
        status = main()
    finally:
        cleanup()
    sys.exit(status or 0)


def ok(description):
    """Reports the next test as passed (TAP)."""
    global _test
    _test += 1
    print('ok %d - %s' % (_test, description), flush=True)


def _on_alarm(signum, frame):
    log('timed out after %d s' % _total_timeout)
    screenshot('timeout')
    cleanup()
    os._exit(1)


def _on_term(signum, frame):
    cleanup()
    os._exit(1)


def new_dir(prefix='yc-ui-'):
    """A new temporary directory, removed by cleanup()."""
    path = tempfile.mkdtemp(prefix=prefix)
    _dirs.append(path)
    return path


def _stop(p, timeout=5):
    if p is None or p.poll() is not None:
        return
    p.terminate()
    try:
        p.wait(timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait(timeout)


def stop_app():
    """Stops the application (it may be launched again, on the same data directory)."""
    global proc
    _stop(proc)
    proc = None


def cleanup():
    """Stops the application and the back office, removes the temporary directories."""
    stop_app()
    stop_backoffice()
    while _dirs:
        shutil.rmtree(_dirs.pop(), ignore_errors=True)


def screenshot(name):
    """The whole screen as SHOT_DIR/<test>-NN-<name>.png (when a directory was given)."""
    global _step
    if not shot_dir or shutil.which('import') is None:
        return None
    _step += 1
    path = os.path.join(shot_dir, '%s-%02d-%s.png' % (_name, _step, name))
    time.sleep(0.4)  # let the last change paint
    try:
        subprocess.run(['import', '-window', 'root', path], check=False, timeout=20,
                       stderr=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None
    log('screenshot: ' + path)
    return path


def fail(msg):
    print('not ok %d - %s' % (_test + 1, msg), flush=True)
    print('Bail out!', flush=True)
    screenshot('failure')
    cleanup()
    sys.exit(1)


def wait_for(what, func, timeout=STEP_TIMEOUT):
    """func()'s first true value, polled until timeout; fails the test past it."""
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


def really_visible(acc):
    """Whether acc and every ancestor up to its window are visible (GTK 4.8 does not say
    whether a widget is mapped, and a hidden container's children still say visible)."""
    import pyatspi
    node = acc
    while node is not None and node.getRoleName() != 'application':
        if not node.getState().contains(pyatspi.STATE_VISIBLE):
            return False
        node = node.parent
    return True


def role_is(acc, role):
    """Whether acc has the role (None: any); 'button' is also AT-SPI's 'push button'."""
    if role is None:
        return True
    name = acc.getRoleName()
    return name == role or (role == 'button' and name == 'push button')


def descendants(root):
    """All accessibles below root, breadth first."""
    queue = [root]
    while queue:
        node = queue.pop(0)
        for i in range(node.childCount):
            child = node.getChildAtIndex(i)
            if child is not None:
                yield child
                queue.append(child)


def lookup(root, name, role=None):
    """The showing accessible below root named name (and of role), or None: no waiting."""
    import pyatspi

    def match(a):
        return a is not None and a.name == name and role_is(a, role) and showing(a)
    try:
        return pyatspi.findDescendant(root, match, breadth_first=True)
    except Exception:
        return None


def lookup_in_dialogs(app, name, role=None):
    """lookup() in the application's windows other than the main one (its first): quick,
    where the main window's catalog makes a whole-tree search slow."""
    for i in range(1, app.childCount):
        window = app.getChildAtIndex(i)
        if window is None:
            continue
        acc = lookup(window, name, role)
        if acc is not None:
            return acc
    return None


def find(root, name, role=None, timeout=STEP_TIMEOUT):
    """The showing accessible below root named name (and of role); waits for it."""
    import pyatspi

    def match(a):
        return a is not None and a.name == name and role_is(a, role) and showing(a)
    return wait_for('“%s”' % name,
                    lambda: pyatspi.findDescendant(root, match, breadth_first=True), timeout)


def find_matching(root, pattern, timeout=STEP_TIMEOUT, role=None):
    """The showing accessible below root whose name matches the regular expression."""
    import pyatspi
    regex = re.compile(pattern)
    return wait_for('a name matching %s' % pattern,
                    lambda: pyatspi.findDescendant(
                        root, lambda a: a is not None and a.name and regex.search(a.name)
                        and role_is(a, role)
                        and showing(a), breadth_first=True), timeout)


def find_any(root, names, timeout=STEP_TIMEOUT):
    """Waits until one of names shows below root; returns (name, accessible)."""
    def first():
        for name in names:
            acc = lookup(root, name)
            if acc is not None:
                return (name, acc)
        return None
    return wait_for('one of %s' % ', '.join('“%s”' % n for n in names), first, timeout)


def wait_gone(root, name, timeout=STEP_TIMEOUT):
    """Waits until nothing named name shows below root."""
    wait_for('“%s” to go away' % name, lambda: lookup(root, name) is None, timeout)


def press(acc):
    """Does acc's click (or activate, press, toggle) action, or that of the first control
    inside it that has one (a GtkMenuButton names itself, its toggle button clicks)."""
    for node in [acc] + list(descendants(acc)):
        try:
            action = node.queryAction()
        except NotImplementedError:
            continue
        for i in range(action.nActions):
            if action.getName(i) in ('click', 'activate', 'press', 'toggle'):
                action.doAction(i)
                return node
    fail('“%s” cannot be clicked' % acc.name)


def click(root, name, role=None, timeout=STEP_TIMEOUT):
    """Finds the control named name and clicks it."""
    return press(find(root, name, role, timeout))


def sensitive(acc):
    import pyatspi
    return acc.getState().contains(pyatspi.STATE_SENSITIVE)


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
    """Replaces the text of the entry (or entry row) named name."""
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


def key(keysym):
    """Presses and releases a key by its keysym (KEYSYM_RETURN, …) where the focus is."""
    import pyatspi
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)


def key_combo(keycode, *modifier_keycodes):
    """Presses keycode with the modifiers held: key_combo(KEYCODE_5, KEYCODE_ALT_L)."""
    import pyatspi
    for m in modifier_keycodes:
        pyatspi.Registry.generateKeyboardEvent(m, None, pyatspi.KEY_PRESS)
    pyatspi.Registry.generateKeyboardEvent(keycode, None, pyatspi.KEY_PRESSRELEASE)
    for m in reversed(modifier_keycodes):
        pyatspi.Registry.generateKeyboardEvent(m, None, pyatspi.KEY_RELEASE)


def type_text(acc, text):
    """Types text through the X server into acc (which has the focus), one character at a
    time: the registry maps each hanzi onto a spare keycode, and a second character remapped
    before GTK has read the first would type the second twice."""
    import pyatspi
    acc = editable(acc)[0]
    start = text_of(acc)
    for i, char in enumerate(text):
        pyatspi.Registry.generateKeyboardEvent(0, char, pyatspi.KEY_STRING)
        wait_for('%s typed' % text[:i + 1], lambda: text_of(acc) == start + text[:i + 1])


def main_window(app):
    """The application's first frame."""
    return wait_for('the main window',
                    lambda: next((app.getChildAtIndex(i) for i in range(app.childCount)
                                  if app.getChildAtIndex(i).getRoleName() in ('frame', 'window')),
                                 None))


def launch(data_dir=None, backoffice_url=None, prepare=None, env=None):
    """Starts yichuang on data_dir (a new temporary one when None) and returns its
    application accessible.  backoffice_url goes in YC_BACKOFFICE_URL (the enrolment
    dialog's suggestion); prepare(data_dir) runs before the start; env adds variables."""
    global proc
    import pyatspi

    if exe is None:
        raise RuntimeError('yc_ui.setup() first')
    if proc is not None and proc.poll() is None:
        fail('launch() while the application still runs: stop_app() first')
    if data_dir is None:
        data_dir = new_dir('yc-ui-app-')
    if prepare is not None:
        prepare(data_dir)
    environ = dict(os.environ)
    environ['YC_DATA_DIR'] = data_dir
    environ.setdefault('LANG', 'C.UTF-8')
    environ.setdefault('LANGUAGE', 'zh_CN')
    environ['GSETTINGS_BACKEND'] = 'memory'
    # A critical in the application fails the test instead of scrolling past.
    environ['G_DEBUG'] = 'fatal-criticals'
    environ.setdefault('GSK_RENDERER', 'cairo')
    # Unit tests switch accessibility off; these tests need it.
    environ.pop('GTK_A11Y', None)
    environ.pop('NO_AT_BRIDGE', None)
    environ.pop('YC_BACKOFFICE_URL', None)
    if backoffice_url:
        environ['YC_BACKOFFICE_URL'] = backoffice_url
    if env:
        environ.update(env)
    proc = subprocess.Popen([exe, '--data-dir', data_dir], env=environ)

    desktop = pyatspi.Registry.getDesktop(0)

    def find_app():
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.get_process_id() == proc.pid:
                return app
        return None

    app = wait_for('the application on the accessibility bus', find_app, STARTUP_TIMEOUT)
    log('application: %s (data in %s)' % (app.name, data_dir))
    return app


# The back office.

def backoffice_executable():
    """$YC_BACKOFFICE_EXE, else yichuang-backoffice of the build tree yichuang comes from."""
    path = os.environ.get('YC_BACKOFFICE_EXE')
    if not path and exe is not None:
        path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(exe))),
                            'server', 'yichuang-backoffice')
    if not path or not os.access(path, os.X_OK):
        fail('yichuang-backoffice not found (set YC_BACKOFFICE_EXE): %s' % path)
    return path


def _die_with_parent():
    # The back office must not outlive a test killed without its cleanup.
    try:
        ctypes.CDLL('libc.so.6', use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


_ROLES = {'Administrator': 'admin', 'Supervisor': 'supervisor',
          'Counter clerk': 'clerk', 'Reviewer': 'reviewer'}
_USER_LINE = re.compile(r'^(\S+)\s+(Administrator|Supervisor|Counter clerk|Reviewer)\s+.*?'
                        r'([0-9a-z]{5}(?:-[0-9a-z]{5}){3})\s*$')


def _demo(bo_exe, data, users_file):
    env = dict(os.environ)
    # English, so that the role column can be read.
    env['LANGUAGE'] = 'en'
    env['LANG'] = 'C.UTF-8'
    env.pop('LC_ALL', None)
    env.pop('LC_MESSAGES', None)
    out = subprocess.run([bo_exe, '--config', '/dev/null', '--data-dir', data, 'demo'],
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         timeout=60, check=False)
    if out.returncode != 0:
        fail('yichuang-backoffice demo failed: %s' % out.stderr.decode(errors='replace'))
    users = {}
    for line in out.stdout.decode().splitlines():
        m = _USER_LINE.match(line)
        if m is None:
            continue
        username, role, password = m.group(1), _ROLES[m.group(2)], m.group(3)
        users.setdefault(role, (username, password))
        users[username] = (username, password)
    for role in ('admin', 'supervisor', 'clerk', 'reviewer'):
        if role not in users:
            fail('no %s among the demo users:\n%s' % (role, out.stdout.decode()))
    with open(users_file, 'w') as f:
        json.dump(users, f)
    return users


def start_backoffice(tmpdir, timeout=STARTUP_TIMEOUT):
    """Starts the real back office with the demo data in tmpdir/backoffice, on a free
    loopback port.  Returns (url, users): users maps each role ('admin', 'supervisor',
    'clerk', 'reviewer': the first demo user of that role) and each demo username
    ('clerk2', 'reviewer-wj', …) to (username, password).  The demo hall is DEMO_HALL
    with DEMO_WINDOWS.  Called again on the same tmpdir after stop_backoffice(), it serves
    the same data (same users, same cases) again, on a new port."""
    global backoffice, backoffice_url
    if backoffice is not None and backoffice.poll() is None:
        fail('start_backoffice() while one runs: stop_backoffice() first')
    bo_exe = backoffice_executable()
    data = os.path.join(tmpdir, 'backoffice')
    users_file = os.path.join(tmpdir, 'demo-users.json')
    if os.path.isdir(data) and os.path.exists(users_file):
        with open(users_file) as f:
            users = {k: tuple(v) for k, v in json.load(f).items()}
    else:
        users = _demo(bo_exe, data, users_file)

    log_path = os.path.join(tmpdir, 'backoffice.log')
    with open(log_path, 'ab') as log_file:
        backoffice = subprocess.Popen(
            [bo_exe, '--config', '/dev/null', '--data-dir', data, 'serve',
             '--listen', '127.0.0.1', '--port', '0'],
            stdout=subprocess.PIPE, stderr=log_file, preexec_fn=_die_with_parent)

    # The line it prints once the port is bound and requests are accepted.
    line = b''
    deadline = time.monotonic() + timeout
    while not line.endswith(b'\n'):
        left = deadline - time.monotonic()
        if left <= 0 or backoffice.poll() is not None:
            _stop(backoffice)
            with open(log_path, 'rb') as f:
                tail = f.read().decode(errors='replace')[-2000:]
            backoffice = None
            fail('the back office did not start; its log ends with:\n' + tail)
        ready, _, _ = select.select([backoffice.stdout], [], [], min(left, 0.5))
        if ready:
            chunk = os.read(backoffice.stdout.fileno(), 1)
            if not chunk:
                continue
            line += chunk
    m = re.match(r'^listening on (https?)://(.+):([0-9]+)$', line.decode().strip())
    if m is None:
        _stop(backoffice)
        backoffice = None
        fail('unexpected first line from the back office: %r' % line)
    backoffice_url = '%s://127.0.0.1:%s' % (m.group(1), m.group(3))

    # Whatever else it prints must not fill the pipe and block it.
    stdout = backoffice.stdout
    threading.Thread(target=lambda: [None for _ in iter(lambda: stdout.read(4096), b'')],
                     daemon=True).start()
    log('back office at %s (data in %s, log %s)' % (backoffice_url, data, log_path))
    return backoffice_url, users


def stop_backoffice():
    """Stops the back office (the application then finds it unreachable)."""
    global backoffice
    if backoffice is not None:
        _stop(backoffice)
        log('back office stopped')
    backoffice = None


def backoffice_cli(tmpdir, *args):
    """Runs `yichuang-backoffice --data-dir tmpdir/backoffice ARGS` (e.g. 'window',
    'enroll', 'JB02', 'W01'); returns its standard output.  The data directory is SQLite
    in WAL mode: fine while the server runs."""
    out = subprocess.run([backoffice_executable(), '--config', '/dev/null', '--data-dir',
                          os.path.join(tmpdir, 'backoffice')] + list(args),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60, check=False)
    if out.returncode != 0:
        fail('yichuang-backoffice %s failed: %s' % (' '.join(args),
                                                   out.stderr.decode(errors='replace')))
    return out.stdout.decode()


# Enrolment and sign-in, as a hall administrator and a clerk do it.

def enrol(app, url, hall, window, admin):
    """Fills the enrolment dialog (shown on a computer never enrolled) and sends it.
    admin is (username, password) of an administrator or of a clerk of that hall."""
    find(app, ENROL_URL, timeout=STARTUP_TIMEOUT)
    set_text(app, ENROL_URL, url)
    set_text(app, ENROL_HALL, hall)
    set_text(app, ENROL_WINDOW, window)
    set_text(app, ENROL_USERNAME, admin[0])
    set_text(app, ENROL_PASSWORD, admin[1])
    screenshot('enrol')
    click(app, ENROL_BUTTON, 'button')


def sign_in(app, user, expect_counter=True, timeout=STEP_TIMEOUT):
    """Signs in on the sign-in page as user (username, password); waits for the counter
    (the search entry) when expect_counter."""
    find(app, SIGN_IN_USERNAME, timeout=timeout)
    set_text(app, SIGN_IN_USERNAME, user[0])
    set_text(app, SIGN_IN_PASSWORD, user[1])
    click(app, SIGN_IN_BUTTON, 'button')
    if expect_counter:
        find(app, SEARCH, timeout=STARTUP_TIMEOUT)


def enrol_and_sign_in(app, url, hall, window, admin, clerk):
    """Brings a freshly launched application to the counter: enrols the computer as
    hall/window against the back office at url with the administrator admin (when it is
    not enrolled yet), then signs in as clerk; returns when the search entry shows.
    admin and clerk are (username, password); admin may be None to enrol as the clerk.

    An application without the enrolment page shows the counter at once and asks for the
    hall and window codes at the first confirmation: enrol_on_confirm() answers that."""
    global _pending_enrolment
    shown, _ = find_any(app, (ENROL_URL, SIGN_IN_USERNAME, SEARCH), STARTUP_TIMEOUT)
    if shown == SEARCH:
        log('no enrolment page: hall and window are asked at the first confirmation')
        _pending_enrolment = (hall, window)
        return
    if shown == ENROL_URL:
        enrol(app, url, hall, window, admin or clerk)
        find(app, SIGN_IN_USERNAME, timeout=STARTUP_TIMEOUT)
        log('enrolled as %s-%s' % (hall, window))
    sign_in(app, clerk)
    log('signed in as %s' % clerk[0])


_pending_enrolment = None


def enrol_on_confirm(app, timeout=3):
    """For an application that enrols at the first confirmation: fills the hall and window
    codes given to enrol_and_sign_in() if it asks for them; otherwise nothing."""
    global _pending_enrolment
    if _pending_enrolment is None:
        return False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if lookup(app, ENROL_HALL) is not None:
            set_text(app, ENROL_HALL, _pending_enrolment[0])
            set_text(app, ENROL_WINDOW, _pending_enrolment[1])
            click(app, ENROL_BUTTON, 'button')
            _pending_enrolment = None
            return True
        time.sleep(0.2)
    return False


# SANE's test backend as the scanner (TESTING.md).

SANE_TEST_CONF = '''number_of_devices 1
mode Color
depth 8
hand-scanner false
three-pass false
three-pass-order RGB
resolution_min 1.0
resolution_max 1200.0
resolution_quant 1.0
resolution 50.0
test-picture "Color pattern"
invert-endianess false
read-limit false
read-limit-size 4096
read-delay false
read-delay-duration 20000
read-status-code "Default"
fuzzy-parameters false
ppl-loss 0
non-blocking false
select-fd false
enable-test-options false
geometry_min 0.0
geometry_max 200.0
geometry_quant 1.0
tl_x 0.0
tl_y 0.0
br_x 80.0
br_y 100.0
'''


def sane_env():
    sane = new_dir('yc-ui-sane-')
    with open(os.path.join(sane, 'dll.conf'), 'w') as f:
        f.write('test\n')
    with open(os.path.join(sane, 'test.conf'), 'w') as f:
        f.write(SANE_TEST_CONF)
    return {'SANE_CONFIG_DIR': sane, 'XDG_CONFIG_HOME': new_dir('yc-ui-config-')}


def pages_labels(app):
    import pyatspi
    return pyatspi.utils.findAllDescendants(
        app, lambda a: a is not None and a.getRoleName() == 'label' and showing(a)
        and (a.name or '').endswith(' 页') and (a.name or '')[:-2].isdigit())


def scan_slot(app, material):
    """扫描：material, the scan slot of one material: a page in its slot and in the strip."""
    import pyatspi
    before = len(pages_labels(app))
    click(app, '扫描：' + material)
    wait_for('a page scanned into ' + material, lambda: len(pages_labels(app)) > before, timeout=30)
    strip = find(app, '页面')
    wait_for('page 1 in the strip',
             lambda: pyatspi.findDescendant(strip, lambda a: a is not None and a.name == '1',
                                            breadth_first=True))


def enrol_back_office(app, url, user):
    """Enrols a freshly launched application as a back-office computer (后台电脑: the
    back office's address only, no hall or window), proved by user (username, password)."""
    find(app, ENROL_URL, timeout=STARTUP_TIMEOUT)
    set_text(app, ENROL_URL, url)
    press(find(app, '后台电脑'))
    wait_for('the hall code to go away', lambda: lookup(app, ENROL_HALL) is None
             or not really_visible(lookup(app, ENROL_HALL)))
    set_text(app, ENROL_USERNAME, user[0])
    set_text(app, ENROL_PASSWORD, user[1])
    screenshot('enrol-back-office')
    click(app, ENROL_BUTTON, 'button')


# Rows of lists.  GTK 4.8 cannot move the focus over AT-SPI: the pointer opens a row, as a
# clerk's does.  A row found may still move: the queue slides in from a case page, and rows
# move up as cases leave it; the pointer goes to a row only once it stays where it is.

def table_row_of(acc):
    """The table row holding acc, or None."""
    node = acc
    while node is not None and node.getRoleName() != 'table row':
        node = node.parent
    return node


def _place(acc):
    import pyatspi
    ext = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    return ext.x, ext.y, ext.width, ext.height


def double_click(what, find_acc, timeout=STARTUP_TIMEOUT):
    """Double-clicks what find_acc() returns, once it is on the screen and stays where it is
    for 0.3 s."""
    import pyatspi

    def settled():
        acc = find_acc()
        if acc is None or not showing(acc):
            return None
        place = _place(acc)
        if place[2] <= 0 or place[3] <= 0:
            return None
        time.sleep(0.3)
        again = find_acc()
        return (again, place) if again is not None and _place(again) == place else None

    acc, (x, y, width, height) = wait_for(what, settled, timeout)
    x, y = x + min(width // 2, 200), y + height // 2
    log('double click at %d,%d on “%s”' % (x, y, acc.name))
    pyatspi.Registry.generateMouseEvent(x, y, 'b1d')


def queue_row(app, number):
    """The showing row of a case list that shows the case number, or None."""
    for acc in descendants(app):
        if acc.name == number and acc.getRoleName() == 'label' and showing(acc):
            row = table_row_of(acc)
            if row is not None and showing(row):
                return row
    return None


def open_review_case(app, number, left=()):
    """Back to the review queue if a case is open; once the cases numbered in left have left
    the queue, double-clicks the row of number and waits for its page."""
    back = next((a for a in descendants(app)
                 if (a.name or '').startswith('返回待办列表') and role_is(a, 'button')
                 and really_visible(a)), None)
    if back is not None:
        press(back)
    for gone in left:
        wait_for('%s out of the queue' % gone, lambda: queue_row(app, gone) is None,
                 STARTUP_TIMEOUT)
    double_click('%s in the queue' % number, lambda: queue_row(app, number))
    wait_for('the page of %s' % number,
             lambda: any(a.name == number and a.getRoleName() == 'label' and showing(a)
                         and really_visible(a) and table_row_of(a) is None
                         for a in descendants(app)), STARTUP_TIMEOUT)
