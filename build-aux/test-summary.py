#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prints, last, what failed in a `make test` run: CI shows only the end of a long output.

Reads meson's test logs (testlog.json, testlog-ui.json) in BUILDDIR/meson-logs and prints
one line per test that did not pass, with the end of its output.  Exits 1 when one failed.
"""
import json
import os
import sys

TAIL_LINES = 40


def main():
    builddir = sys.argv[1] if len(sys.argv) > 1 else "_build"
    logs = os.path.join(builddir, "meson-logs")
    failed = []
    seen = 0
    # meson names a log of another test setup after it too: testlog-deb-deb.json.
    for name in ("testlog.json", "testlog-ui.json", "testlog-ui-b.json", "testlog-deb-deb.json"):
        path = os.path.join(logs, name)
        if not os.path.exists(path):
            print(f"test-summary: {path} is missing: that suite did not run")
            failed.append((name, "MISSING", 0.0, ""))
            continue
        with open(path, encoding="utf-8") as log:
            for line in log:
                test = json.loads(line)
                seen += 1
                if test["result"] not in ("OK", "SKIP", "EXPECTEDFAIL"):
                    failed.append((test["name"], test["result"], test.get("duration", 0.0),
                                   test.get("stdout") or ""))
    print(f"== Summary: {seen} tests, {len(failed)} not passed ==")
    for name, result, duration, output in failed:
        print(f"-- {result}: {name} ({duration:.1f} s); the end of its output:")
        for line in output.splitlines()[-TAIL_LINES:]:
            print(f"   {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
