#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `make deb`: builds the Debian packages (yichuang, yichuang-backoffice, yichuang-common)
# from this source tree in OUTDIR, then checks them with lintian.  The packages land in OUTDIR.
set -eu
SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
OUTDIR=${1:-$SRCDIR/_deb}
VERSION=$(dpkg-parsechangelog -l "$SRCDIR/debian/changelog" -S Version)
TREE="$OUTDIR/yichuang-$VERSION"

rm -rf "$OUTDIR"
mkdir -p "$TREE"
# The files git knows of or would add: no build directories, no helpers' leftovers.
(cd "$SRCDIR" && git ls-files -z --cached --others --exclude-standard) |
  (cd "$SRCDIR" && xargs -0 cp --parents -t "$TREE" 2>/dev/null || true)
# A file deleted but not yet committed is listed by git and missing here: nothing to copy.

cd "$TREE"
DEB_BUILD_OPTIONS="parallel=$(nproc)" dpkg-buildpackage -us -uc -b --no-pre-clean >"$OUTDIR/build.log" 2>&1 || {
  tail -40 "$OUTDIR/build.log" >&2
  echo "error: dpkg-buildpackage failed; the whole log is $OUTDIR/build.log" >&2
  exit 1
}
cd "$OUTDIR"
ls -1 ./*.deb
# Lintian: errors fail the build; each override in debian/*.lintian-overrides says why.
lintian --fail-on error,warning --suppress-tags-from-file /dev/null ./*.changes
