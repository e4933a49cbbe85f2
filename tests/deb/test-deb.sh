#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 8: builds the Debian packages from this tree (build-aux/build-deb.sh, lintian clean),
# installs them on this machine, runs the installed programs, checks the service user and
# the systemd unit, and purges them again.  Needs root (or sudo without a password).
set -eu
SRCDIR=$(cd "$(dirname "$0")/../.." && pwd)
OUTDIR=${YC_DEB_OUTDIR:-$(mktemp -d /tmp/yc-deb.XXXXXX)}

if [ "$(id -u)" = 0 ]; then
  SUDO=""
elif sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "1..0 # SKIP installing packages needs root or sudo"
  exit 0
fi

echo "1..6"
# What the build prints (the packages' names, lintian's notes) is not TAP: shown as comments.
# build-deb.sh empties OUTDIR first, so nothing of ours may be kept there before it.
built=$("$SRCDIR/build-aux/build-deb.sh" "$OUTDIR")
printf '%s\n' "$built" | sed 's/^/# /'
echo "ok 1 packages built and lintian clean"

cleanup () {
  $SUDO dpkg --purge yichuang yichuang-backoffice yichuang-common >/dev/null 2>&1 || true
}
trap cleanup EXIT
# Dependencies come from this machine's packages (install-deps.sh put them there).
export DEBIAN_FRONTEND=noninteractive
# dpkg's own lines are not TAP: kept in a log, shown as comments if it fails.
if ! $SUDO dpkg -i "$OUTDIR"/yichuang-common_*.deb "$OUTDIR"/yichuang_*.deb \
    "$OUTDIR"/yichuang-backoffice_*.deb > "$OUTDIR/dpkg-install.log" 2>&1; then
  sed 's/^/# /' "$OUTDIR/dpkg-install.log"
  echo "not ok 2 dpkg could not install the packages"
  exit 1
fi
echo "ok 2 installed"

version=$(dpkg-parsechangelog -l "$SRCDIR/debian/changelog" -S Version)
out=$(/usr/bin/yichuang --version)
case "$out" in
  *"$version"*) echo "ok 3 yichuang --version: $out" ;;
  *) echo "not ok 3 yichuang --version printed '$out', not $version"; exit 1 ;;
esac
out=$(/usr/bin/yichuang-backoffice --version)
case "$out" in
  *"$version"*) echo "ok 4 yichuang-backoffice --version: $out" ;;
  *) echo "not ok 4 yichuang-backoffice --version printed '$out', not $version"; exit 1 ;;
esac

# The installed app finds its schema and its data; the catalog tool reads the shipped catalog.
if ! gsettings --schemadir /usr/share/glib-2.0/schemas get cn.gov.Yichuang idle-lock-minutes | grep -qx 'uint32 5'; then
  echo "not ok 5 the settings schema is not installed and compiled"; exit 1
fi
if ! env -u YC_DATADIR -u YC_SOURCE_DATADIR /usr/bin/yichuang-catalog search 健身房 | grep -q 健身房; then
  echo "not ok 5 yichuang-catalog cannot read the installed catalog"; exit 1
fi
echo "ok 5 settings schema and shipped catalog installed"

getent passwd yichuang >/dev/null || { echo "not ok 6 no service user yichuang"; exit 1; }
unit=/lib/systemd/system/yichuang-backoffice.service
[ -f "$unit" ] || unit=/usr/lib/systemd/system/yichuang-backoffice.service
[ -f "$unit" ] || { echo "not ok 6 no systemd unit"; exit 1; }
grep -q '^ExecStart=/usr/bin/yichuang-backoffice ' "$unit" || { echo "not ok 6 unit runs something else"; exit 1; }
echo "ok 6 service user and systemd unit in place"
