#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian packages Yichuang needs to build, run and test, when any is missing.
set -eu

PACKAGES="build-essential pkg-config meson ninja-build gettext locales
libglib2.0-dev libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev libsqlite3-dev
libsane-dev sane-utils libqrencode-dev libpoppler-glib-dev glib-networking libsodium-dev nettle-dev
xvfb xauth at-spi2-core dbus python3 python3-pyatspi python3-dogtail poppler-utils imagemagick
fonts-wqy-microhei unicode-data desktop-file-utils appstream sqlite3 zbar-tools gnutls-bin
nginx-light curl debhelper lintian fakeroot dpkg-dev
qpdf"

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

[ -z "$missing" ] && exit 0

echo "Installing missing packages:$missing"
if [ "$(id -u)" = 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "error: these packages are missing and neither root nor sudo is available:$missing" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
