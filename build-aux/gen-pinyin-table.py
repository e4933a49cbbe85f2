#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Generate the pinyin and search-synonym tables compiled into src/core.

Reads the kMandarin field of the Unihan database (Debian package unicode-data), keeps the
first reading of every character, strips tones to plain ASCII (ü becomes v) and writes:

  yc-pinyin-table.h    syllable strings, codepoint -> syllable, phrase overrides
  yc-search-synonyms.h abbreviation <-> full form pairs used by the search index

Standard library only: it runs at build time on a bare Debian python3.

    gen-pinyin-table.py --locate
    gen-pinyin-table.py --unihan FILE --overrides TSV --synonyms TSV \
                        --output-pinyin H --output-synonyms H
"""

import argparse
import bz2
import io
import os
import sys
import unicodedata
import zipfile

SEARCH_PATHS = [
    "/usr/share/unicode/Unihan_Readings.txt.bz2",
    "/usr/share/unicode/Unihan_Readings.txt",
    "/usr/share/unicode/Unihan.zip",
    "/usr/share/unicode-data/Unihan_Readings.txt",
    "/usr/share/unicode-data/Unihan.zip",
]

# Dense table for the CJK Unified Ideographs and Extension A blocks, where nearly every
# codepoint has a reading; everything else (compatibility ideographs, plane 2) is sparse.
BMP_FIRST = 0x3400
BMP_LAST = 0x9FFF

MAX_PHRASE = 8


def fail(message):
    sys.stderr.write("gen-pinyin-table: %s\n" % message)
    sys.exit(1)


def locate():
    for path in SEARCH_PATHS:
        if os.path.exists(path):
            return path
    fail("no Unihan readings found (looked for %s); install the Debian package unicode-data"
         % ", ".join(SEARCH_PATHS))


def open_readings(path):
    if path.endswith(".bz2"):
        return io.TextIOWrapper(bz2.open(path, "rb"), encoding="utf-8")
    if path.endswith(".zip"):
        archive = zipfile.ZipFile(path)
        return io.TextIOWrapper(archive.open("Unihan_Readings.txt"), encoding="utf-8")
    return open(path, encoding="utf-8")


def toneless(reading):
    # NFD splits the tone mark off the vowel; the diaeresis of ü is kept apart as v.
    decomposed = unicodedata.normalize("NFD", reading.lower())
    decomposed = decomposed.replace("u\u0308", "v")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    if not plain.isascii() or not plain.isalpha():
        return None
    return plain


def read_unihan(path):
    readings = {}
    with open_readings(path) as stream:
        for line in stream:
            if line.startswith("#") or "\tkMandarin\t" not in line:
                continue
            codepoint, _field, value = line.rstrip("\n").split("\t", 2)
            syllable = toneless(value.split()[0])
            if syllable is not None:
                readings[int(codepoint[2:], 16)] = syllable
    if len(readings) < 20000:
        fail("%s: only %d kMandarin readings; is it the Unihan readings file?"
             % (path, len(readings)))
    return readings


def read_tsv(path, columns):
    rows = []
    with open(path, encoding="utf-8") as stream:
        for number, line in enumerate(stream, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != columns:
                fail("%s:%d: expected %d tab-separated columns" % (path, number, columns))
            rows.append((number, [f.strip() for f in fields]))
    return rows


def read_overrides(path, readings):
    phrases = []
    seen = set()
    for number, (phrase, pinyin) in read_tsv(path, 2):
        syllables = pinyin.lower().replace("ü", "v").split()
        if len(syllables) != len(phrase):
            fail("%s:%d: %s has %d characters but %d syllables"
                 % (path, number, phrase, len(phrase), len(syllables)))
        if len(phrase) < 2 or len(phrase) > MAX_PHRASE:
            fail("%s:%d: a phrase has 2 to %d characters" % (path, number, MAX_PHRASE))
        for c, s in zip(phrase, syllables):
            if ord(c) not in readings:
                fail("%s:%d: %s has no Mandarin reading in Unihan" % (path, number, c))
            if not s.isascii() or not s.isalpha():
                fail("%s:%d: %s is not toneless pinyin" % (path, number, s))
        if phrase in seen:
            fail("%s:%d: %s is listed twice" % (path, number, phrase))
        seen.add(phrase)
        phrases.append((phrase, syllables))
    return phrases


def read_synonyms(path):
    pairs = []
    for number, (short, full) in read_tsv(path, 2):
        if not short or not full or short == full:
            fail("%s:%d: a synonym pair needs two different forms" % (path, number))
        pairs.append((short, full))
    return pairs


def c_string(text):
    out = []
    for byte in text.encode("utf-8"):
        if 0x20 <= byte < 0x7F and chr(byte) not in '"\\?':
            out.append(chr(byte))
        else:
            out.append("\\%03o" % byte)
    return '"' + "".join(out) + '"'


def wrap(values, per_line=16):
    values = list(values)
    lines = []
    for i in range(0, len(values), per_line):
        lines.append("  " + ", ".join(values[i:i + per_line]) + ",")
    return "\n".join(lines)


def write_pinyin(path, source, readings, phrases):
    syllables = sorted(set(readings.values()) | {s for _, ss in phrases for s in ss})
    index = {s: i for i, s in enumerate(syllables)}
    if len(syllables) >= 0xFFFF:
        fail("too many syllables")

    offsets = []
    text = []
    position = 0
    for s in syllables:
        offsets.append(position)
        text.append(s)
        position += len(s) + 1

    dense = [0] * (BMP_LAST - BMP_FIRST + 1)
    sparse = []
    for cp in sorted(readings):
        if BMP_FIRST <= cp <= BMP_LAST:
            dense[cp - BMP_FIRST] = index[readings[cp]] + 1
        else:
            sparse.append((cp, index[readings[cp]]))

    # Longest phrase first among those sharing a first character: the lookup takes the
    # first that matches.
    phrases = sorted(phrases, key=lambda p: (ord(p[0][0]), -len(p[0]), p[0]))

    with open(path, "w", encoding="utf-8") as out:
        out.write("/* Generated by build-aux/gen-pinyin-table.py from %s and\n"
                  " * data/pinyin-phrase-overrides.tsv.  Do not edit. */\n\n"
                  % os.path.basename(source))
        out.write("#define YC_PINYIN_N_SYLLABLES %d\n" % len(syllables))
        out.write("#define YC_PINYIN_BMP_FIRST 0x%04X\n" % BMP_FIRST)
        out.write("#define YC_PINYIN_BMP_LAST 0x%04X\n" % BMP_LAST)
        out.write("#define YC_PINYIN_MAX_PHRASE %d\n\n" % MAX_PHRASE)

        out.write("static const char yc_pinyin_syllable_text[] =\n")
        for i in range(0, len(text), 12):
            out.write("  \"%s\\0\"\n" % "\\0".join(text[i:i + 12]))
        out.write(";\n\n")
        out.write("static const guint16 yc_pinyin_syllable_offsets[%d] = {\n%s\n};\n\n"
                  % (len(offsets), wrap(str(o) for o in offsets)))

        out.write("/* Syllable index + 1 for each codepoint of YC_PINYIN_BMP_FIRST…LAST; 0: none. */\n")
        out.write("static const guint16 yc_pinyin_bmp[%d] = {\n%s\n};\n\n"
                  % (len(dense), wrap((str(v) for v in dense), 24)))

        out.write("/* Sorted by codepoint. */\n")
        out.write("static const struct { guint32 codepoint; guint16 syllable; } yc_pinyin_other[%d] = {\n"
                  % len(sparse))
        out.write(wrap(("{ 0x%X, %d }" % (cp, s) for cp, s in sparse), 6))
        out.write("\n};\n\n")

        out.write("/* Sorted by first character, longest phrase first. */\n")
        out.write("static const struct {\n  guint32     first;\n  guint8      n_chars;\n"
                  "  const char *phrase;\n  guint16     syllables[YC_PINYIN_MAX_PHRASE];\n"
                  "} yc_pinyin_phrases[%d] = {\n" % max(len(phrases), 1))
        for phrase, ss in phrases:
            out.write("  { 0x%X, %d, %s, { %s } },  /* %s %s */\n"
                      % (ord(phrase[0]), len(phrase), c_string(phrase),
                         ", ".join(str(index[s]) for s in ss), phrase, " ".join(ss)))
        if not phrases:
            out.write("  { 0, 0, NULL, { 0 } },\n")
        out.write("};\n")
        out.write("#define YC_PINYIN_N_PHRASES %d\n" % len(phrases))


def write_synonyms(path, pairs):
    with open(path, "w", encoding="utf-8") as out:
        out.write("/* Generated by build-aux/gen-pinyin-table.py from data/search-synonyms.tsv.\n"
                  " * Do not edit. */\n\n")
        out.write("static const struct { const char *short_form; const char *full_form; }"
                  " yc_search_synonyms[%d] = {\n" % max(len(pairs), 1))
        for short, full in pairs:
            out.write("  { %s, %s },  /* %s %s */\n"
                      % (c_string(short), c_string(full), short, full))
        if not pairs:
            out.write("  { NULL, NULL },\n")
        out.write("};\n")
        out.write("#define YC_SEARCH_N_SYNONYMS %d\n" % len(pairs))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locate", action="store_true",
                        help="print the path of the Unihan readings and exit")
    parser.add_argument("--unihan")
    parser.add_argument("--overrides")
    parser.add_argument("--synonyms")
    parser.add_argument("--output-pinyin")
    parser.add_argument("--output-synonyms")
    args = parser.parse_args()

    if args.locate:
        print(locate())
        return

    for name in ("unihan", "overrides", "synonyms", "output_pinyin", "output_synonyms"):
        if getattr(args, name) is None:
            fail("--%s is required" % name.replace("_", "-"))

    readings = read_unihan(args.unihan)
    phrases = read_overrides(args.overrides, readings)
    pairs = read_synonyms(args.synonyms)
    write_pinyin(args.output_pinyin, args.unihan, readings, phrases)
    write_synonyms(args.output_synonyms, pairs)


if __name__ == "__main__":
    main()
