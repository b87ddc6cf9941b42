"""Writes csrc/sahel_chartable.h: the character classes of the sahel normalizer.

Every BMP code point gets a class number (0: never touched). sahel_normalize.c looks the
class up in a two-level table (256 blocks of 256 code points; the blocks of U+0000-U+07FF
are stored in order, so Latin and Arabic text needs one load) and turns the class into an
action with the option bits of the call. Code points above U+FFFF are never touched.

Run from the repository root:  python tools/gen_chartable.py  (--check: fail on a diff).
The output depends only on this file and on the Unicode version of Python's unicodedata.

Decisions the table encodes (the one place they are listed):

* extended_marks deletes the combining marks (category Mn) of U+0610-U+061A, U+0653-U+065F
  and U+06D6-U+06ED. Five code points of those ranges are not marks and are kept:
  U+06DD ARABIC END OF AYAH (Cf), U+06DE ARABIC START OF RUB EL HIZB (So),
  U+06E5 ARABIC SMALL WAW (Lm), U+06E6 ARABIC SMALL YEH (Lm), U+06E9 ARABIC PLACE OF SAJDAH (So).
* persian_letters maps letters of Persian, Urdu and other Arabic-script languages that
  stand for an Arabic letter in Arabic text:
  U+06A9 KEHEH, U+06AA SWASH KAF -> U+0643 KAF;
  U+06CC FARSI YEH, U+06CD YEH WITH TAIL, U+06D0 YEH (E), U+06D2 YEH BARREE,
  U+06D3 YEH BARREE WITH HAMZA ABOVE -> U+064A YEH;
  U+06BE HEH DOACHASHMEE, U+06C0 HEH WITH YEH ABOVE, U+06C1 HEH GOAL,
  U+06C2 HEH GOAL WITH HAMZA ABOVE, U+06D5 AE -> U+0647 HEH.
  The hamza of U+06C0, U+06C2 and U+06D3 (their decompositions end in U+0654, an extended
  mark) is dropped with the letter. Kept as they are, being letters of their own in Arabic
  text (foreign names: ڤولتا, پاريس, تشاد written with چ, گاو): U+067E PEH, U+0686 TCHEH,
  U+06A4 VEH, U+06AF GAF.
* presentation_forms sends to ICU's NFKC the code points of U+FB50-U+FDFF and U+FE70-U+FEFE
  that have a compatibility decomposition (U+FEFF is invisible, not a presentation form).
* spaces maps every space separator (Zs) other than U+0020 to U+0020.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[1] / "csrc" / "sahel_chartable.h"

NOT_MARKS = {0x06DD, 0x06DE, 0x06E5, 0x06E6, 0x06E9}

# (class name, option bit, action, target, what it is). Order gives the class numbers.
CLASSES = [
    ("KEEP", None, "KEEP", 0, "never touched"),
    ("SPACE", "COLLAPSE_SPACES", "COLLAPSE", 0x20, "U+0020, merged with a preceding U+0020"),
    ("OTHER_SPACE", "SPACES", "MAP", 0x20, "space separators (Zs) other than U+0020"),
    ("DIACRITIC", "DIACRITICS", "DELETE", 0, "U+064B-U+0652, U+0670 (CAMeL's set)"),
    ("EXTENDED_MARK", "EXTENDED_MARKS", "DELETE", 0, "Quranic and other Arabic marks (Mn)"),
    ("TATWEEL", "TATWEEL", "DELETE", 0, "U+0640 ARABIC TATWEEL"),
    ("INVISIBLE", "INVISIBLE", "DELETE", 0, "zero-width, bidi controls, BOM, soft hyphen"),
    ("ALEF", "ALEF", "MAP", 0x0627, "alef with hamza, madda or wasla"),
    ("ALEF_MAKSURA", "ALEF_MAKSURA", "MAP", 0x064A, "U+0649 ALEF MAKSURA"),
    ("TEH_MARBUTA", "TEH_MARBUTA", "MAP", 0x0647, "U+0629 TEH MARBUTA"),
    ("HAMZA_ON_WAW", "HAMZA_SEATS", "MAP", 0x0648, "U+0624 WAW WITH HAMZA ABOVE"),
    ("HAMZA_ON_YEH", "HAMZA_SEATS", "MAP", 0x064A, "U+0626 YEH WITH HAMZA ABOVE"),
    ("PERSIAN_KAF", "PERSIAN_LETTERS", "MAP", 0x0643, "kaf forms of other languages"),
    ("PERSIAN_YEH", "PERSIAN_LETTERS", "MAP", 0x064A, "yeh forms of other languages"),
    ("PERSIAN_HEH", "PERSIAN_LETTERS", "MAP", 0x0647, "heh forms of other languages"),
    *[
        (f"DIGIT_{d}", "DIGITS", "MAP", 0x30 + d, f"Arabic-Indic and Persian {d}")
        for d in range(10)
    ],
    ("COMMA", "PUNCTUATION", "MAP", 0x2C, "U+060C ARABIC COMMA"),
    ("SEMICOLON", "PUNCTUATION", "MAP", 0x3B, "U+061B ARABIC SEMICOLON"),
    ("QUESTION_MARK", "PUNCTUATION", "MAP", 0x3F, "U+061F ARABIC QUESTION MARK"),
    ("PERCENT", "PUNCTUATION", "MAP", 0x25, "U+066A ARABIC PERCENT SIGN"),
    ("PRESENTATION_FORM", "PRESENTATION_FORMS", "NFKC", 0, "Arabic presentation forms"),
]

PERSIAN = {
    "PERSIAN_KAF": [0x06A9, 0x06AA],
    "PERSIAN_YEH": [0x06CC, 0x06CD, 0x06D0, 0x06D2, 0x06D3],
    "PERSIAN_HEH": [0x06BE, 0x06C0, 0x06C1, 0x06C2, 0x06D5],
}
PERSIAN_KEPT = [0x067E, 0x0686, 0x06A4, 0x06AF]


def span(first: int, last: int) -> list[int]:
    return list(range(first, last + 1))


def assign() -> dict[int, str]:
    """Code point -> class name, for every touched BMP code point."""
    members: dict[str, list[int]] = {
        "SPACE": [0x20],
        "OTHER_SPACE": [
            c for c in range(0x10000) if c != 0x20 and unicodedata.category(chr(c)) == "Zs"
        ],
        "DIACRITIC": span(0x064B, 0x0652) + [0x0670],
        "EXTENDED_MARK": [
            c
            for c in span(0x0610, 0x061A) + span(0x0653, 0x065F) + span(0x06D6, 0x06ED)
            if unicodedata.category(chr(c)) == "Mn"
        ],
        "TATWEEL": [0x0640],
        "INVISIBLE": span(0x200B, 0x200F)
        + [0x061C]
        + span(0x202A, 0x202E)
        + span(0x2066, 0x2069)
        + [0xFEFF, 0x00AD],
        "ALEF": [0x0622, 0x0623, 0x0625, 0x0671, 0x0672, 0x0673],
        "ALEF_MAKSURA": [0x0649],
        "TEH_MARBUTA": [0x0629],
        "HAMZA_ON_WAW": [0x0624],
        "HAMZA_ON_YEH": [0x0626],
        **PERSIAN,
        "COMMA": [0x060C],
        "SEMICOLON": [0x061B],
        "QUESTION_MARK": [0x061F],
        "PERCENT": [0x066A],
        "PRESENTATION_FORM": [
            c
            for c in span(0xFB50, 0xFDFF) + span(0xFE70, 0xFEFE)
            if unicodedata.normalize("NFKC", chr(c)) != chr(c)
        ],
    }
    for d in range(10):
        members[f"DIGIT_{d}"] = [0x0660 + d, 0x06F0 + d]

    ranges = span(0x0610, 0x061A) + span(0x0653, 0x065F) + span(0x06D6, 0x06ED)
    not_marks = {c for c in ranges if unicodedata.category(chr(c)) != "Mn"}
    if not_marks != NOT_MARKS:
        sys.exit(f"the non-marks of the extended ranges changed: {sorted(map(hex, not_marks))}")

    table: dict[int, str] = {}
    for name, cps in members.items():
        for c in cps:
            if c in table:
                sys.exit(f"U+{c:04X} is in both {table[c]} and {name}")
            table[c] = name
    for c in PERSIAN_KEPT:
        assert c not in table, f"U+{c:04X} must be kept"
    return table


def check_targets(table: dict[int, str]) -> None:
    """Map targets are BMP code points (the C action keeps 16 bits) never touched again
    (U+0020 aside, which collapsing handles)."""
    for name, _option, action, target, _doc in CLASSES:
        if target > 0xFFFF:
            sys.exit(f"{name} maps to U+{target:04X}, outside the BMP")
        if action == "MAP" and table.get(target, "SPACE") != "SPACE":
            sys.exit(f"{name} maps to U+{target:04X}, which is itself in {table[target]}")


def blocks_of(table: dict[int, str]) -> tuple[list[int], list[list[int]]]:
    """Two-level table: stage1[hi] -> block number; blocks 0-7 are U+0000-U+07FF in order."""
    number = {name: i for i, (name, *_rest) in enumerate(CLASSES)}
    blocks: list[list[int]] = []
    index: dict[tuple[int, ...], int] = {}
    stage1 = []
    for hi in range(256):
        block = [number[table.get(hi << 8 | lo, "KEEP")] for lo in range(256)]
        key = tuple(block)
        if hi < 8:  # direct: the class of c < 0x800 is blocks[c]
            blocks.append(block)
            index.setdefault(key, hi)
            stage1.append(hi)
        elif key in index:
            stage1.append(index[key])
        else:
            index[key] = len(blocks)
            stage1.append(len(blocks))
            blocks.append(block)
    return stage1, blocks


def ranges_text(code_points) -> str:
    """'U+0610-U+061A, U+0640' for a set of code points."""
    parts, run = [], []
    for c in sorted(code_points):
        if run and c == run[-1] + 1:
            run.append(c)
            continue
        if run:
            parts.append(run)
        run = [c]
    if run:
        parts.append(run)
    return ", ".join(
        f"U+{r[0]:04X}" if len(r) == 1 else f"U+{r[0]:04X}-U+{r[-1]:04X}" for r in parts
    )


def wrap_comment(text: str, width: int = 96) -> list[str]:
    lines, line = [], " *   "
    for word in text.split(" "):
        if len(line) + len(word) + 1 > width and line.strip() != "*":
            lines.append(line.rstrip())
            line = " *     "
        line += word + " "
    lines.append(line.rstrip())
    return lines


def number_rows(values: list[int], per_row: int, width: int) -> str:
    rows = []
    for i in range(0, len(values), per_row):
        rows.append("    " + ", ".join(f"{v:{width}d}" for v in values[i : i + per_row]) + ",")
    return "\n".join(rows)


def render() -> str:
    table = assign()
    check_targets(table)
    stage1, blocks = blocks_of(table)
    number = {name: i for i, (name, *_rest) in enumerate(CLASSES)}
    lines = [
        "/* Character classes of the sahel normalizer.",
        " *",
        " * GENERATED by tools/gen_chartable.py from the Unicode "
        f"{unicodedata.unidata_version} data of Python's",
        " * unicodedata. Do not edit: change the script and run it again.",
        " *",
        " * For c < 0x10000, class(c) is",
        " *     sahel_class_blocks[sahel_class_stage1[c >> 8] * 256 + (c & 0xFF)],",
        " * and for c < 0x800 simply sahel_class_blocks[c]. Code points above U+FFFF are class 0.",
        " * One option (SAHEL_NORM_<OPTION>) turns each class on; its code points are then",
        " * deleted (DELETE), replaced by the target (MAP), merged into a preceding U+0020",
        " * (COLLAPSE) or sent through ICU's NFKC (NFKC).",
        " *",
    ]
    for i, (name, option, action, target, doc) in enumerate(CLASSES):
        what = action if action != "MAP" else f"MAP U+{target:04X}"
        bit = option.lower() if option else "-"
        lines.append(f" * {i:2d} {name:<17} {bit:<18} {what:<10} {doc}")
    forms = sum(1 for n in table.values() if n == "PRESENTATION_FORM")
    lines += [
        " *",
        " * Members; PRESENTATION_FORM has the code points of U+FB50-U+FDFF and U+FE70-U+FEFE",
        f" * whose NFKC differs ({forms} of them).",
    ]
    for name, *_rest in CLASSES[1:]:
        if name != "PRESENTATION_FORM":
            members = ranges_text(c for c, n in table.items() if n == name)
            lines += wrap_comment(f"{name}: {members}")
    lines += [" * Kept although inside the extended-mark ranges (not combining marks):"]
    lines += wrap_comment(", ".join(f"U+{c:04X}" for c in sorted(NOT_MARKS)))
    lines += [" * Kept by persian_letters, being letters of their own in Arabic text:"]
    lines += wrap_comment(", ".join(f"U+{c:04X}" for c in PERSIAN_KEPT))
    lines.append(" */")
    lines += [
        "#ifndef SAHEL_CHARTABLE_H",
        "#define SAHEL_CHARTABLE_H",
        "",
        "#include <stdint.h>",
        "",
        '#include "sahel_normalize.h"',
        "",
        "enum {",
    ]
    for i, (name, *_rest) in enumerate(CLASSES):
        lines.append(f"    SAHEL_CLASS_{name} = {i},")
    lines += [f"    SAHEL_CLASS_COUNT = {len(CLASSES)}", "};", ""]
    latin1 = sorted({number[table[c]] for c in range(0x100) if c in table})
    if any(c < 0x80 and c != 0x20 for c in table):
        sys.exit("an ASCII code point other than U+0020 is touched: the Latin-1 scan assumes none")
    lines += [
        "/* The classes found in U+0000-U+00FF (one bit per class). Below U+0080 only U+0020",
        " * (SAHEL_CLASS_SPACE) is touched, so a run of ASCII bytes without two spaces in a",
        " * row can be skipped eight at a time. */",
        "#define SAHEL_CLASSES_LATIN1 \\",
        "    ("
        + " | \\\n     ".join(f"(UINT64_C(1) << SAHEL_CLASS_{CLASSES[i][0]})" for i in latin1)
        + ")",
        "",
    ]
    lines += [
        "enum {",
        "    SAHEL_ACTION_KEEP,",
        "    SAHEL_ACTION_DELETE,",
        "    SAHEL_ACTION_MAP,",
        "    SAHEL_ACTION_COLLAPSE,",
        "    SAHEL_ACTION_NFKC",
        "};",
        "",
        "typedef struct sahel_class_info {",
        "    unsigned option;   /* the SAHEL_NORM_* bit that turns the class on */",
        "    unsigned action;   /* SAHEL_ACTION_* */",
        "    uint32_t target;   /* MAP and COLLAPSE: the code point written */",
        "} sahel_class_info;",
        "",
        "static const sahel_class_info sahel_class_infos[SAHEL_CLASS_COUNT] = {",
    ]
    for name, option, action, target, _doc in CLASSES:
        bit = f"SAHEL_NORM_{option}" if option else "0"
        lines.append(f"    {{{bit}, SAHEL_ACTION_{action}, 0x{target:04X}}}, /* {name} */")
    lines += ["};", ""]
    lines += [
        f"#define SAHEL_CLASS_BLOCK_COUNT {len(blocks)}",
        "",
        "static const uint8_t sahel_class_stage1[256] = {",
        number_rows(stage1, 16, 2),
        "};",
        "",
        f"static const uint8_t sahel_class_blocks[{len(blocks)} * 256] = {{",
    ]
    for b, block in enumerate(blocks):
        first = [hi for hi, s in enumerate(stage1) if s == b]
        more = " ..." if len(first) > 4 else ""
        where = ", ".join(f"U+{hi << 8:04X}" for hi in first[:4]) + more
        lines.append(f"    /* block {b}: {where} */")
        lines.append(number_rows(block, 16, 2))
    lines += ["};", "", "#endif", ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the header is out of date")
    args = parser.parse_args()
    text = render()
    if args.check:
        if OUTPUT.read_text(encoding="utf-8") != text:
            print(f"{OUTPUT} is out of date: run tools/gen_chartable.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
