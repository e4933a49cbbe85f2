#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when zh_CN misses a translation or has a fuzzy one, or when a source file with
# translatable strings is missing from POTFILES.in.
set -eu
SRCDIR=${1:?usage: check-po.sh SOURCE_DIR}
cd "$SRCDIR"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

status=0
for f in $(grep -rlE '(^|[^A-Za-z0-9_])(N?_|C_|NC_|g_dngettext|ngettext)\(|translatable="yes"' src ui 2>/dev/null | sort); do
  if ! grep -qxF "$f" po/POTFILES.in; then
    echo "not in po/POTFILES.in: $f"
    status=1
  fi
done

xgettext --from-code=UTF-8 --files-from=po/POTFILES.in --directory=. \
  -k_ -kN_ -kC_:1c,2 -kNC_:1c,2 -kg_dngettext:2,3 -kngettext:1,2 \
  -o "$tmp/yichuang.pot"
msgmerge --quiet --no-fuzzy-matching po/zh_CN.po "$tmp/yichuang.pot" -o "$tmp/zh_CN.po"
missing=$(msgattrib --untranslated --no-obsolete "$tmp/zh_CN.po" | grep -c '^msgid' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete po/zh_CN.po | grep -c '^msgid' || true)
# The header counts as one untranslated msgid "" in msgattrib's output.
if [ "$missing" -gt 1 ]; then
  echo "zh_CN lacks $((missing - 1)) translations:"
  msgattrib --untranslated --no-obsolete "$tmp/zh_CN.po" | grep -A1 '^msgid' | grep -v '^--'
  status=1
fi
if [ "$fuzzy" -gt 0 ]; then
  echo "zh_CN has $fuzzy fuzzy translations"
  status=1
fi
msgfmt --check -o /dev/null "$tmp/zh_CN.po" || status=1
[ $status = 0 ] && echo "zh_CN complete"
exit $status
