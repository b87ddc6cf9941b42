"""Writes csrc/sahel_chartable.h and csrc/sahel_wordclass.h: the character classes of the
sahel normalizer and of the word scanner; and sahel/text/charclass.py: the same classes as regex
character classes, for the Python code that matches raw lines (boilerplate cues, encodings).

Every BMP code point gets a class number (0: never touched). sahel_normalize.c looks the
class up in a two-level table (256 blocks of 256 code points; the blocks of U+0000-U+07FF
are stored in order, so Latin and Arabic text needs one load) and turns the class into an
action with the option bits of the call. Code points above U+FFFF are never touched.

sahel_words.c looks the word class (SAHEL_WC_* of sahel_words.h) of every code point up in
a two-level table of the same shape that ends above U+1EEFF; WORD_RULES below says what it holds.

Run from the repository root:  python tools/gen_chartable.py  (--check: fail on a diff).
The output depends only on this file and on the UCD extract tools/ucd/ucd-<version>-extract.txt,
never on the Python that runs it. `--refresh-ucd` rewrites the extract from this Python's
unicodedata (the way to move to another Unicode version: refresh, regenerate, read the diff).

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
from functools import partial
from itertools import groupby
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "csrc" / "sahel_chartable.h"
WORDCLASS_OUTPUT = ROOT / "csrc" / "sahel_wordclass.h"
PYTHON_OUTPUT = ROOT / "sahel" / "text" / "charclass.py"
UCD_DIR = ROOT / "tools" / "ucd"

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


# ---------------------------------------------------------------------------------------------
# The UCD extract: what the generator reads of the Unicode Character Database, and for which
# code points. --refresh-ucd writes exactly this from Python's unicodedata; the other modes read
# the extract and nothing else.

# Blocks whose word classes follow the General_Category (see WORD_RULES): Basic Latin and
# Latin-1, Arabic, Arabic Supplement, Arabic Extended-A. Arabic's covers EXTENDED_RANGES too.
BY_CATEGORY_BLOCKS = [(0x0000, 0x00FF), (0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF)]
EXTENDED_RANGES = [(0x0610, 0x061A), (0x0653, 0x065F), (0x06D6, 0x06ED)]
PRESENTATION_RANGES = [(0xFB50, 0xFDFF), (0xFE70, 0xFEFE)]
# The Arabic script's blocks: a letter of the word scanner in one of them is an Arabic letter.
ARABIC_BLOCKS = [
    *BY_CATEGORY_BLOCKS[1:],
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
    (0x1EE00, 0x1EEFF),
]

# property: (what the extract's header says of it, the ranges it is recorded for, the value of
# a code point of those ranges that the extract does not list; None: every one is listed).
UCD_PROPERTIES: dict[str, tuple[str, list[tuple[int, int]], str | None]] = {
    "gc": ("General_Category, every code point listed (Cn: unassigned)", BY_CATEGORY_BLOCKS, None),
    "Zs": ("Y: a space separator (General_Category Zs); default N", [(0, 0x10FFFF)], "N"),
    "nfkc_changes": (
        "Y: NFKC changes it (it has a compatibility decomposition); default N",
        PRESENTATION_RANGES,
        "N",
    ),
}


def in_ranges(c: int, ranges: list[tuple[int, int]]) -> bool:
    return any(first <= c <= last for first, last in ranges)


def ranges_field(ranges: list[tuple[int, int]]) -> str:
    return " ".join(f"{first:04X}..{last:04X}" for first, last in ranges)


def parse_range(text: str) -> tuple[int, int]:
    first, _, last = text.partition("..")
    return int(first, 16), int(last or first, 16)


class Ucd:
    """The UCD extract: its Unicode version and the UCD_PROPERTIES over their ranges."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.version = ""
        self.values: dict[str, dict[int, str]] = {name: {} for name in UCD_PROPERTIES}
        scopes: dict[str, list[tuple[int, int]]] = {}
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            fields = [f.strip() for f in line.split(";")]
            if fields[0] == "unicode" and len(fields) == 2:
                self.version = fields[1]
            elif fields[0] == "scope" and len(fields) == 3:
                scopes[fields[1]] = [parse_range(r) for r in fields[2].split()]
            elif len(fields) == 3 and fields[1] in self.values:
                first, last = parse_range(fields[0])
                for c in range(first, last + 1):
                    self.values[fields[1]][c] = fields[2]
            else:
                sys.exit(f"{path}:{number}: cannot read {raw!r}")
        wanted = {name: scope for name, (_what, scope, _default) in UCD_PROPERTIES.items()}
        if path.name != f"ucd-{self.version}-extract.txt" or scopes != wanted:
            sys.exit(f"{path} is not the extract this script reads: run it with --refresh-ucd")
        for name, (_what, scope, default) in UCD_PROPERTIES.items():
            values = self.values[name]
            if any(not in_ranges(c, scope) for c in values):
                sys.exit(f"{path}: {name} is listed outside its scope")
            if default is None and len(values) != sum(last - first + 1 for first, last in scope):
                sys.exit(f"{path}: {name} misses code points of its scope")

    def get(self, name: str, c: int) -> str:
        _what, scope, default = UCD_PROPERTIES[name]
        if not in_ranges(c, scope):
            sys.exit(f"U+{c:04X}: {name} is not in the UCD extract (scope {ranges_field(scope)})")
        return self.values[name].get(c, default or "")

    def category(self, c: int) -> str:
        return self.get("gc", c)

    def nfkc_changes(self, c: int) -> bool:
        return self.get("nfkc_changes", c) == "Y"

    def spaces(self) -> list[int]:
        """The space separators (Zs) of the whole code space."""
        return sorted(c for c, v in self.values["Zs"].items() if v == "Y")


def find_extract() -> Path:
    found = sorted(UCD_DIR.glob("ucd-*-extract.txt"))
    if len(found) != 1:
        sys.exit(f"want one tools/ucd/ucd-<version>-extract.txt, found {len(found)}")
    return found[0]


def refresh_ucd() -> Path:
    """Writes tools/ucd/ucd-<version>-extract.txt from this Python's unicodedata and removes
    the extracts of other versions."""
    import unicodedata

    version = unicodedata.unidata_version
    python = f"{sys.version_info.major}.{sys.version_info.minor}"

    def value(name: str, c: int) -> str:
        if name == "gc":
            return unicodedata.category(chr(c))
        if name == "Zs":
            return "Y" if unicodedata.category(chr(c)) == "Zs" else "N"
        return "Y" if unicodedata.normalize("NFKC", chr(c)) != chr(c) else "N"

    lines = [
        f"# The Unicode {version} character data read by tools/gen_chartable.py, and no more.",
        "#",
        f"# From the Unicode Character Database {version}",
        f"# (https://www.unicode.org/Public/{version}/ucd/, UnicodeData.txt: General_Category and",
        f"# the decompositions), as compiled into the unicodedata module of Python {python}",
        f"# (unicodedata.unidata_version {version}). Written by",
        "# `python tools/gen_chartable.py --refresh-ucd`: do not edit.",
        "#",
        "# Lines: first[..last] ; property ; value  (code points in hex). A scope line gives the",
        "# code points a property is recorded for; there, one not listed has the default.",
    ]
    lines += [f"#   {name:<13} {what}" for name, (what, _scope, _default) in UCD_PROPERTIES.items()]
    lines += ["", f"unicode ; {version}"]
    for name, (_what, scope, _default) in UCD_PROPERTIES.items():
        lines.append(f"scope ; {name} ; {ranges_field(scope)}")
    for name, (_what, scope, default) in UCD_PROPERTIES.items():
        lines.append("")
        for first, last in scope:
            for v, run in groupby(range(first, last + 1), key=partial(value, name)):
                cps = list(run)
                start, end = cps[0], cps[-1]
                if v != default:
                    where = f"{start:04X}" + (f"..{end:04X}" if end > start else "")
                    lines.append(f"{where} ; {name} ; {v}")
    path = UCD_DIR / f"ucd-{version}-extract.txt"
    UCD_DIR.mkdir(exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for other in UCD_DIR.glob("ucd-*-extract.txt"):
        if other != path:
            other.unlink()
    return path


def span(first: int, last: int) -> list[int]:
    return list(range(first, last + 1))


def assign(ucd: Ucd) -> dict[int, str]:
    """Code point -> class name, for every touched BMP code point."""
    extended = [c for first, last in EXTENDED_RANGES for c in span(first, last)]
    members: dict[str, list[int]] = {
        "SPACE": [0x20],
        "OTHER_SPACE": [c for c in ucd.spaces() if c < 0x10000 and c != 0x20],
        "DIACRITIC": span(0x064B, 0x0652) + [0x0670],
        "EXTENDED_MARK": [c for c in extended if ucd.category(c) == "Mn"],
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
            for first, last in PRESENTATION_RANGES
            for c in span(first, last)
            if ucd.nfkc_changes(c)
        ],
    }
    for d in range(10):
        members[f"DIGIT_{d}"] = [0x0660 + d, 0x06F0 + d]

    not_marks = {c for c in extended if ucd.category(c) != "Mn"}
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


def blocks_of(values: list[int]) -> tuple[list[int], list[list[int]]]:
    """Two-level table of values[c] (len(values) a multiple of 256): stage1[hi] -> block
    number; blocks 0-7 are U+0000-U+07FF in order, the others shared when equal."""
    blocks: list[list[int]] = []
    index: dict[tuple[int, ...], int] = {}
    stage1 = []
    for hi in range(len(values) >> 8):
        block = values[hi << 8 : (hi + 1) << 8]
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


def provenance(ucd: Ucd) -> list[str]:
    return [
        f" * GENERATED by tools/gen_chartable.py from the Unicode {ucd.version} data of",
        f" * {ucd.path.relative_to(ROOT)}. Do not edit: change the script and run it again.",
    ]


def render(ucd: Ucd) -> str:
    table = assign(ucd)
    check_targets(table)
    number = {name: i for i, (name, *_rest) in enumerate(CLASSES)}
    stage1, blocks = blocks_of([number[table.get(c, "KEEP")] for c in range(0x10000)])
    lines = [
        "/* Character classes of the sahel normalizer.",
        " *",
        *provenance(ucd),
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


# ---------------------------------------------------------------------------------------------
# Word classes of the word scanner (SAHEL_WC_* of sahel_words.h, in their order).

WORD_CLASSES = ["BREAK", "SEPARATOR", "JOINER", "MARK", "LETTER", "DIGIT"]
BY_CATEGORY = "by category"
CATEGORY_CLASS = {"L": "LETTER", "M": "MARK", "Nd": "DIGIT"}  # any other category: BREAK

# (class, code points or ranges, what they are). The first rule holding a code point decides,
# and a code point no rule holds is BREAK. "Zs" stands for the space separators of the UCD; a
# BY_CATEGORY rule classes each code point of its blocks by CATEGORY_CLASS. The other ranges
# are whole blocks or parts of blocks, unassigned code points and signs included: enough to keep
# foreign names whole, and no Unicode property table.
WORD_RULES: list[tuple[str, str | list[int | tuple[int, int]], str]] = [
    ("SEPARATOR", "Zs", "space separators"),
    ("SEPARATOR", [0x09, 0x23, 0x2D, 0x5F], "tab, '-'; '#' and '_' join hashtags' words"),
    (
        "SEPARATOR",
        [0x00AD, 0x061C, 0x200B, (0x200E, 0x2011), (0x202A, 0x202E), 0x2060, (0x2066, 0x2069)],
        "soft hyphen, invisible and bidi controls, hyphens, word joiner",
    ),
    ("SEPARATOR", [0xFEFF], "zero width no-break space (BOM)"),
    ("JOINER", [0x0640, 0x200C, 0x200D], "tatweel, ZWNJ, ZWJ"),
    ("LETTER", [(0x06FD, 0x06FE)], "Sindhi signs (So), letters in a word"),
    (BY_CATEGORY, [*BY_CATEGORY_BLOCKS], "ASCII, Latin-1 and the Arabic blocks"),
    ("LETTER", [(0x0100, 0x02AF)], "Latin Extended-A and -B, IPA"),
    ("MARK", [(0x0300, 0x036F)], "combining diacritical marks"),
    ("BREAK", [0x037E, 0x0387, 0x0482], "Greek punctuation, Cyrillic thousands sign"),
    ("MARK", [(0x0483, 0x0489)], "Cyrillic combining marks"),
    ("LETTER", [(0x0370, 0x052F)], "Greek and Coptic, Cyrillic and its supplement"),
    ("LETTER", [(0x0531, 0x0556), (0x0561, 0x0587)], "Armenian"),
    ("MARK", [(0x0591, 0x05BD)], "Hebrew points"),
    ("LETTER", [(0x05D0, 0x05EA)], "Hebrew"),
    ("LETTER", [(0x0710, 0x072F), (0x0780, 0x07B1), (0x07CA, 0x07EA)], "Syriac, Thaana, N'Ko"),
    ("MARK", [(0x07EB, 0x07F3)], "N'Ko marks"),
    ("LETTER", [(0x0900, 0x0DFF)], "Indic scripts, signs included"),
    ("LETTER", [(0x0E01, 0x0E3A), (0x0E40, 0x0E4E)], "Thai"),
    ("LETTER", [(0x10A0, 0x135A)], "Georgian, Hangul Jamo, Ethiopic"),
    ("MARK", [(0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF)], "combining marks extended, supplement"),
    ("LETTER", [(0x1E00, 0x1FFF)], "Latin and Greek Extended"),
    ("MARK", [(0x20D0, 0x20FF)], "combining marks for symbols"),
    ("LETTER", [(0x2D30, 0x2D7F)], "Tifinagh"),
    ("LETTER", [(0x3040, 0x30FF)], "kana"),
    ("LETTER", [(0x3400, 0x4DBF), (0x4E00, 0x9FFF)], "CJK ideographs"),
    ("LETTER", [(0xAC00, 0xD7A3)], "Hangul syllables"),
    ("BREAK", [(0xFD3E, 0xFD3F)], "ornate parentheses"),
    ("LETTER", [(0xFB1D, 0xFDFF)], "Hebrew and Arabic presentation forms(-A)"),
    ("MARK", [(0xFE00, 0xFE0F)], "variation selectors"),
    ("MARK", [(0xFE20, 0xFE2F)], "combining half marks"),
    ("LETTER", [(0xFE70, 0xFEFC)], "Arabic presentation forms-B"),
    ("DIGIT", [(0xFF10, 0xFF19)], "fullwidth digits"),
    ("LETTER", [(0xFF21, 0xFF3A), (0xFF41, 0xFF5A)], "fullwidth Latin letters"),
    ("LETTER", [(0x1EE00, 0x1EEFF)], "Arabic mathematical alphabetic symbols"),
]


def word_classes(ucd: Ucd) -> list[int]:
    """The SAHEL_WC_* number of every code point, U+0000-U+10FFFF."""
    number = {name: i for i, name in enumerate(WORD_CLASSES)}
    classes = [number["BREAK"]] * 0x110000
    for cls, where, _doc in reversed(WORD_RULES):  # the first rule paints last
        if isinstance(where, str):  # "Zs"
            for c in ucd.spaces():
                classes[c] = number[cls]
            continue
        for item in where:
            first, last = item if isinstance(item, tuple) else (item, item)
            if cls != BY_CATEGORY:
                classes[first : last + 1] = [number[cls]] * (last - first + 1)
                continue
            for c in range(first, last + 1):
                gc = ucd.category(c)
                classes[c] = number[CATEGORY_CLASS.get(gc, CATEGORY_CLASS.get(gc[0], "BREAK"))]
    return classes


def render_wordclass(ucd: Ucd) -> str:
    classes = word_classes(ucd)
    last = max(c for c, k in enumerate(classes) if k != 0)
    limit = (last >> 8) + 1 << 8
    stage1, blocks = blocks_of(classes[:limit])
    if len(blocks) > 255:
        sys.exit("more than 255 blocks of word classes: the stage-1 table holds uint8_t")
    lines = [
        "/* Word classes of the sahel word scanner (SAHEL_WC_* of sahel_words.h).",
        " *",
        *provenance(ucd),
        " *",
        " * The rules are WORD_RULES of the script: ASCII, Latin-1 and the Arabic blocks follow",
        " * the General_Category (letters L*, marks M*, digits Nd), the others are ranges.",
        " *",
        " * For c < SAHEL_WORDCLASS_LIMIT, class(c) is",
        " *     sahel_wordclass_blocks[sahel_wordclass_stage1[c >> 8] * 256 + (c & 0xFF)],",
        " * and for c < 0x800 simply sahel_wordclass_blocks[c]. Every code point from",
        f" * SAHEL_WORDCLASS_LIMIT (U+{limit:04X}) on is BREAK, and so is every one not listed:",
    ]
    for k, name in enumerate(WORD_CLASSES[1:], 1):
        lines += wrap_comment(f"{name}: {ranges_text(c for c in range(limit) if classes[c] == k)}")
    lines += [
        " */",
        "#ifndef SAHEL_WORDCLASS_H",
        "#define SAHEL_WORDCLASS_H",
        "",
        "#include <stdint.h>",
        "",
        '#include "sahel_words.h"',
        "",
        "_Static_assert("
        + " && ".join(f"SAHEL_WC_{name} == {k}" for k, name in enumerate(WORD_CLASSES[:3])),
        "               && "
        + " && ".join(f"SAHEL_WC_{name} == {k}" for k, name in enumerate(WORD_CLASSES) if k >= 3)
        + ",",
        '               "the numbers of the word classes in this table");',
        "",
        f"#define SAHEL_WORDCLASS_LIMIT 0x{limit:X}",
        f"#define SAHEL_WORDCLASS_BLOCK_COUNT {len(blocks)}",
        "",
        f"static const uint8_t sahel_wordclass_stage1[0x{limit >> 8:X}] = {{",
        number_rows(stage1, 16, 2),
        "};",
        "",
        f"static const uint8_t sahel_wordclass_blocks[{len(blocks)} * 256] = {{",
    ]
    for b, block in enumerate(blocks):
        first = [hi for hi, s in enumerate(stage1) if s == b]
        more = " ..." if len(first) > 4 else ""
        where = ", ".join(f"U+{hi << 8:04X}" for hi in first[:4]) + more
        lines.append(f"    /* block {b}: {where} */")
        lines.append(number_rows(block, 32, 1))
    lines += ["};", "", "#endif", ""]
    return "\n".join(lines)


def regex_class(code_points: list[int]) -> str:
    """A regex character class of the code points, as \\uXXXX ranges."""

    def escape(c: int) -> str:
        return f"\\u{c:04x}" if c < 0x10000 else f"\\U{c:08x}"

    parts = []
    for _, run in groupby(enumerate(sorted(code_points)), key=lambda item: item[1] - item[0]):
        cps = [c for _, c in run]
        parts.append(escape(cps[0]) + (f"-{escape(cps[-1])}" if len(cps) > 1 else ""))
    return "[" + "".join(parts) + "]"


def render_python(ucd: Ucd) -> str:
    table = assign(ucd)
    members: dict[str, list[int]] = {}
    for c, name in sorted(table.items()):
        members.setdefault(name, []).append(c)
    number = {name: i for i, name in enumerate(WORD_CLASSES)}
    classes = word_classes(ucd)
    arabic_letters = [
        c
        for first, last in ARABIC_BLOCKS
        for c in range(first, last + 1)
        if classes[c] == number["LETTER"]
    ]
    joiners = [c for c, k in enumerate(classes) if k == number["JOINER"]]
    marks = members["DIACRITIC"] + members["EXTENDED_MARK"] + joiners
    target = {name: chr(t) for name, _option, _action, t, _doc in CLASSES}
    variants: dict[str, str] = {}
    for name in ("ALEF", "ALEF_MAKSURA", "TEH_MARBUTA"):
        variants[target[name]] = variants.get(target[name], "") + "".join(map(chr, members[name]))
    invisible = "".join(f"\\u{c:04x}" for c in members["INVISIBLE"])
    constants = [
        ("ARABIC_LETTER_CLASS", regex_class(arabic_letters), "a letter of the Arabic blocks"),
        (
            "MARK_CLASS",
            regex_class(marks),
            "what the diacritics and extended_marks options delete, tatweel, ZWNJ and ZWJ",
        ),
        ("INVISIBLE_CHARS", invisible, "the characters the invisible option deletes"),
    ]
    lines = [
        '"""Character classes of the sahel core as regex character classes.',
        "",
        f"GENERATED by tools/gen_chartable.py from the Unicode {ucd.version} data of",
        f"tools/ucd/{ucd.path.name}, with the C tables csrc/sahel_chartable.h and",
        "csrc/sahel_wordclass.h. Do not edit: change the script and run it again.",
        '"""',
        "",
    ]
    for name, value, doc in constants:
        lines += [f"# {doc[0].upper()}{doc[1:]}.", f'{name} = "{value}"']
    lines += [
        "# The letters the alef, alef_maksura and teh_marbuta options map, by the letter they",
        "# map to.",
        "SPELLINGS = {",
        *(f'    "{k}": "{v}",' for k, v in variants.items()),
        "}",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="fail if a header is out of date")
    mode.add_argument(
        "--refresh-ucd",
        action="store_true",
        help="rewrite the UCD extract from this Python's unicodedata (headers untouched)",
    )
    args = parser.parse_args()
    if args.refresh_ucd:
        print(f"wrote {refresh_ucd().relative_to(ROOT)}: now run tools/gen_chartable.py")
        return 0
    ucd = Ucd(find_extract())
    outputs = {
        OUTPUT: render(ucd),
        WORDCLASS_OUTPUT: render_wordclass(ucd),
        PYTHON_OUTPUT: render_python(ucd),
    }
    if args.check:
        stale = [path for path, text in outputs.items() if read_or_empty(path) != text]
        for path in stale:
            print(f"{path} is out of date: run tools/gen_chartable.py", file=sys.stderr)
        return 1 if stale else 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
    return 0


def read_or_empty(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


if __name__ == "__main__":
    sys.exit(main())
