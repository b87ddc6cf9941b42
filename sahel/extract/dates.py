"""Dates in Arabic news text: explicit dates in the Egyptian/Gulf, Levantine and Maghrebi month
names, numeric dates, years in a date context, and relative expressions (أمس، الشهر الماضي،
الثلاثاء الماضي ...) resolved against the article's own date. Rules: docs/dates.md."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import pandas as pd

from sahel.extract.date_words import (
    AGO_UNITS,
    CENTURIES,
    COUNTS,
    CURRENT,
    DATE_WORDS,
    DECADES,
    EVENT_MONTHS,
    EVENT_WORDS,
    EVENT_YEARS,
    FUTURE,
    FUTURE_CUES,
    FUTURE_VERBS,
    HIJRI_MONTHS,
    MONTHS,
    NAMED_PERIODS,
    NAMING_WORDS,
    NOT_TODAY_BEFORE,
    NOWADAYS_BEFORE,
    ORDINAL_DAYS,
    ORDINAL_OF,
    ORDINAL_WORDS,
    PAST,
    PAST_CUES,
    QUALIFIERS,
    WEEKDAYS,
    YEAR_HEADS,
    YESTERDAY_HEADS,
)
from sahel.text.calendar import gregorian_to_hijri, hijri_month_length, hijri_to_gregorian
from sahel.text.normalize import Normalizer
from sahel.text.words import Lexicon, readings

# The core's readings of a word, remembered: the same words (في، عام، the numbers) open most
# candidate dates of a corpus.
_readings = lru_cache(maxsize=16384)(readings)

PRECISIONS = ("day", "week", "month", "year", "decade")
CALENDARS = ("gregorian", "hijri")
# How a value was decided (the `rule` column, documented in docs/dates.md#rules).
RULES = (
    "written", "reference", "modifier", "future_cue", "past_cue", "nearest", "weekday_named",
    "pair_gregorian", "previous_date",
)  # fmt: skip

COLUMNS = [
    "doc_id", "start", "end", "surface", "iso", "year", "month", "day", "precision",
    "relative", "sentence", "calendar", "rule", "pair_start", "pair_end", "disagree",
    "part_start",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date expression; start/end are code-point offsets into the text given.

    `iso` is "YYYY-MM-DD" (precision "day", or "week": then the week's Monday), "YYYY-MM"
    ("month") or "YYYY" ("year") for Gregorian dates; a Hijri date (`calendar` "hijri") gets
    the Gregorian day its period begins on ("YYYY-MM-DD" at every precision), since a Hijri
    month or year is no Gregorian one. It is None for relative expressions met without a
    reference date. year/month/day describe the first day of the period (Gregorian), as far as
    the precision goes. `relative` is True when the reference date was needed; `rule` says
    which rule decided the value (RULES). A Hijri date and the Gregorian one written beside it
    (الموافق) point at each other through `pair_start`/`pair_end`; `disagree` is True when
    they differ by more than a day, and then both carry the Gregorian value. `part_start` is
    the start of the word that narrows the period (مطلع، منتصف، أواخر، نهاية ...), which the
    span leaves out; None when there is none."""

    start: int
    end: int
    surface: str
    iso: str | None
    year: int | None
    month: int | None
    day: int | None
    precision: str
    relative: bool
    calendar: str = "gregorian"
    rule: str | None = None
    pair_start: int | None = None
    pair_end: int | None = None
    disagree: bool = False
    part_start: int | None = None


# ---- vocabulary: sahel.extract.date_words ----------------------------------------------------


def _alternation(words: Iterable[str]) -> str:
    """Longest first, so that "كانون الثاني" wins over a shorter name; spaces match any run."""
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True)
    )


_MONTH = _alternation(MONTHS)
# The last word of every month name ("يونيو"، "الثاني" of كانون الثاني is too common: left out).
_MONTH_WORDS = frozenset(n for n in MONTHS if " " not in n)
_DECADE = _alternation(DECADES)
_CENTURY = _alternation(CENTURIES)
_HIJRI = _alternation(HIJRI_MONTHS)
_WEEKDAY = _alternation(WEEKDAYS)
_ORDINAL = _alternation(ORDINAL_DAYS)
_COUNT = _alternation(COUNTS)
_AGO_UNIT = _alternation(AGO_UNITS)
_YEAR_HEAD = _alternation(YEAR_HEADS)
# Heads whose year may follow a name: "مونديال قطر 2022"، "رؤية المملكة 2030"، "بطولة العالم 2019".
_NAMED_EDITIONS = frozenset(
    "مونديال اولمبياد رؤية بطولة دورة انتخابات تصفيات مهرجان معرض حرب ثورة كاس".split()
)
_REL = _alternation(PAST + FUTURE + CURRENT)
# The Hijri era: هـ (normalized ه), هجري، هجرية، للهجرة.
_HMARK = r"(?:ه|هجري[ةه]?|للهجر[ةه])(?!\w)"
_YEAR = r"(?:1[89]|20)\d\d(?!\d)"
_DAY = r"(?<!\d)[0-3]?\d"


def _year_tail(group: str) -> str:
    """The second year of a range: "2016-2017"، "2016/17"، "2011 و2015"، "2010 إلى 2014"."""
    return (
        rf"(?:(?:\s*[-–/]\s*|\s+(?:الي|حتي)\s+|\s*و\s*(?:حتي\s+)?)(?P<{group}>{_YEAR})"
        rf"|[-/](?P<{group}s>\d\d)(?!\d))"
    )


_TAIL_YBY2 = _year_tail("yby2")
_TAIL_Y2 = _year_tail("y2")
_TAIL_PY2 = _year_tail("py2")
_TAIL_PY4 = _year_tail("py4")

# A word of an edition's name ("مونديال جنوب أفريقيا 2010"): no month name or year noun, which
# would make the year part of a date of its own ("ثورة يوليو عام 1952").
_NOT_NAME = r"[^\W\d]{0,3}(?:عام|سنة)|في|منذ|من|حتي|الي|خلال|بين"
_NAME_WORD = rf"(?!(?:{_MONTH}|{_HIJRI}|{_NOT_NAME})(?!\w))[^\W\d]+"
_EDITION = _alternation(_NAMED_EDITIONS)
_EDITION_NEAR = re.compile(_EDITION)

# "من ذلك العام"، "من العام نفسه": the year of the date before.
_SAME_YEAR = r"(?:ذلك|نفس)\s+(?:ال)?(?:عام|سنة)|(?:ال)?(?:عام|سنة)\s+(?:نفسه|نفسها|ذاته|ذاتها)"

# A proclitic left out of the span (conjunction, then preposition) is read by the core: the
# pattern takes as its group `pc` as many characters as a reading of the word says (see
# _proclitic_widths), so that this placeholder becomes `.{n}`.
_PC = "PROCLITIC"

_PATTERN = rf"""
(?<!\w)(?P<pc>{_PC})
(?:
  (?P<hn>
    (?:(?P<hnd>{_DAY})\s?(?P<hns>[/.\-])\s?(?P<hnm>[01]?\d)\s?(?P=hns)\s?(?P<hny>1[34]\d\d)
    | (?P<hiy>1[34]\d\d)(?P<his>[/\-])(?P<him>[01]?\d)(?P=his)(?P<hid>[0-3]?\d)
    )(?!\d)(?:\s*{_HMARK})?
  )
| (?P<num>
    (?P<nd>{_DAY})\s?(?P<ns>[/.\-])\s?(?P<nm>[01]?\d)\s?(?P=ns)\s?(?P<ny>{_YEAR})
    (?:\s*م(?!\w))?
  | (?P<iy>{_YEAR})(?P<is>[/\-])(?P<im>[01]?\d)(?P=is)(?P<id>[0-3]?\d)(?!\d)
  )(?![/.\-]\d)
| (?P<ex>
    (?:(?P<d0>{_DAY})\s*(?P<d0s>و|-|–|الي|حتي|و\s*حتي)\s*(?=[0-3]?\d\s))?
    (?:(?P<qual>{QUALIFIERS})\s+)?
    (?:(?:يوم\s+)?(?P<day>{_DAY})(?:\s+(?:من\s+)?|(?=[^\W\d]))|(?=ال[اثرخستعح]\w*+(?:\s+\w++)?\s+من\s|ال(?:اول|ثاني|ثالث|رابع|خامس|سادس|سابع|ثامن|تاسع|عاشر|عشرين|ثلاثين)\s+[^\W\d])(?P<ord>{_ORDINAL})\s+(?:من\s+)?)?
    (?:(?P<shahr>شهر)\s+)?
    (?P<m1>{_MONTH})(?![^\W\d])
    (?:(?:\s*(?P<sep>/|\()\s*|\s+)(?P<m2>{_MONTH})(?![^\W\d])(?:\s*\))?)?
    (?:\s+(?P<mdd>[0-3]?\d)\s*[-–]\s*(?P<mdd2>[0-3]?\d)(?![\d/.\-–]))?
    (?:
      ،?\s*(?:من\s+)?(?:(?:ال|لل|ل)?(?:عام|سنة)\s+)?(?P<year>{_YEAR})(?:\s*م(?!\w))?
    | \s+(?:من\s+)?(?:ال|لل)(?:عام|سنة)\s+(?P<ryear>{_REL})
    | \s+من\s+(?P<syear>{_SAME_YEAR})
    | \s+(?P<msuf>{_REL})
    )?
  )
| (?=(?:يوم\s+)?(?:\d|ال[اثرخستعح]))(?P<dm>
    (?:يوم\s+)?(?:(?P<dmd>{_DAY})\s+(?:من\s+)?|(?=ال[اثرخستعح]\w*+(?:\s+\w++)?\s+من\s)(?P<dmo>{_ORDINAL})\s+من\s+)
    (?:ال)?(?:شهر\s+(?P<dmr>{_REL})|(?P<dms>شهر\s+(?:نفسه|ذاته)|نفس\s+الشهر))
  )
| (?P<rg>(?:شهر\s+)?رمضان\s+(?:(?:(?:ال)?عام\s+|سنة\s+)?(?P<rgy>{_YEAR})(?!\s*{_HMARK})
    | (?P<rgt>(?:من\s+)?(?:هذا|هذه)\s+(?:ال)?(?:عام|سنة))(?!\s+\d)))
| (?P<ssn>(?:ربيع|صيف|خريف|شتاء)\s+(?:(?:ال)?عام\s+)?(?P<ssy>{_YEAR}))
| (?=[\dاشمصرجذعس])(?P<hij>
    (?:(?P<hd>{_DAY})\s+(?:من\s+)?|(?=ال[اثرخستعح]\w*+(?:\s+\w++)?\s+من\s)(?P<hord>{_ORDINAL})\s+من\s+)?
    (?:(?P<hshahr>شهر)\s+)?(?P<hm>{_HIJRI})(?!\w)
    (?:\s+(?:من\s+)?(?:(?:ال|لل|ل)?(?:عام|سنة)\s+)?(?P<hy>1[34]\d\d)(?!\d)(?:\s*{_HMARK})?
    | \s+(?P<hrel>{_REL}))?
  | (?:(?:ال)?(?:عام|سنة)\s+(?P<hy3>[1-9]\d{{0,3}}+)|(?P<hy2>1[34]\d\d))\s*{_HMARK}
  )
| (?P<ago>
    قبل\s+(?:(?P<agon>\d{{1,3}}|{_COUNT})\s+)?(?P<agou>{_AGO_UNIT})
  | قبل\s+(?P<ago1>اسبوع|شهر|عام|سنة)(?!\w)
  )(?!\s+(?:\d|(?:من|{_MONTH}|{_HIJRI}|{_WEEKDAY})(?!\w)))
| (?P<yb>
    (?<=\()(?P<ybp>{_YEAR})(?=\))
  | (?<=[^\W\d]\s)(?P<ybn>(?:19|20)\d\d)(?=\s*(?:[.،,:؛)\]"»]|$))
  | (?:(?<![^\n])|(?<=-\s))(?P<ybl>(?:19|20)\d\d)(?=\s*:|\s+[-–]\s)
  | (?=\w++\s++(?:[^\W\d]++\s++){{0,2}}+(?:1[89]|20)\d\d)
    (?:(?P<ybh>{_YEAR_HEAD})\s+|(?P<ybe>{_EDITION})\s+{_NAME_WORD}\s+(?:{_NAME_WORD}\s+)?)
    (?P<yby>{_YEAR})(?:{_TAIL_YBY2})?
  )
| (?P<yr>(?P<yr1>{_YEAR})\s*[-–]\s*(?P<yr2>{_YEAR})(?![.,/\-]\d))
| (?P<np>
    عيد\s+(?:ال)?(?P<npf>فطر|اضحي)(?!\w)
  | (?:(?:هذا|هذه)\s+)?الشهر\s+(?P<npr>الكريم|الفضيل|المبارك)
  | عيد\s+ال(?P<npx>ميلاد)(?:\s+المجيد|(?=\s*[.،,:)]|\s*$|\s+و\s*(?:ل|ال)?راس\s))
  | راس\s+السنة(?:\s+(?P<nph>الهجرية)|\s+(?:الميلادية|الجديدة))?(?!\w)
  | عيد\s+ال(?P<npg>حب|عمال)(?!\w)
  | يوم\s+(?P<npa>عرفة)(?!\w)
  | (?:يوم\s+)?(?P<npk>عاشوراء)(?!\w)
  | (?P<npm>المولد)\s+النبوي(?:\s+الشريف)?(?!\w)
  )
| (?=(?:ال)?(?:عشر|ثلاث|اربع|خمس|ست|سبع|ثمان|تسع)ين)(?P<dec>
    (?:ال)?(?P<decw>{_DECADE})(?:يات|ات)(?!\w)
    (?:\s+(?:من\s+)?القرن\s+(?P<decc>{_CENTURY})(?!\w))?
  )
| (?P<ym>{_YEAR})\s*م(?!\w)
| (?P<yc>
    (?:ال)?(?:عامي|سنتي|عام|سنة)\s*(?P<y1>{_YEAR})(?:\s*م(?!\w))?
    (?:{_TAIL_Y2})?
  )
| (?P<yp>
    (?P<prep>في|منذ|حتي|خلال|بحلول|قبل|بعد|{QUALIFIERS})\s+(?P<py>{_YEAR})(?:{_TAIL_PY2})?
    (?![.,/\-]\d|\s*%)
  | (?P<prep2>بين|من)\s+(?P<py3>{_YEAR})(?:{_TAIL_PY4})?(?![.,/\-]\d|\s*%)
  )
| (?P<rp>
    (?P<rqual>{QUALIFIERS})\s+(?:(?P<this1>هذا|هذه)\s+)?ال(?P<unit1>اسبوع|شهر|عام|سنة)(?!\s*{_YEAR})
      (?:\s+(?P<rel1>{_REL})(?:\s+(?P<ry1>{_YEAR}))?)?
  | (?P<this2>هذا|هذه)\s+ال(?P<unit2>اسبوع|شهر|عام|سنة)
  | (?:ال)?(?P<unit3>اسبوع|شهر|عام|سنة)\s+(?P<rel3>{_REL})(?:\s+(?P<ry3>{_YEAR}))?
  )
| (?P<dr>
    (?:يوم\s+(?=(?:ال)?امس|غد))?
    (?P<drw>(?<=يوم\s)غد|اول\s+(?:من\s+)?امس|امس\s+الاول|(?:ال)?امس|بعد\s+غد|اليوم|غدا|الغد|الليلة\s+الماضية|هذه\s+الليلة)
    (?:\s*[،,]?\s+(?P<dwd>{_WEEKDAY})|\s*\(\s*(?P<dwb>{_WEEKDAY})\s*\))?
  )
| (?P<wk>
    (?:(?P<wpre>يوم|مساء|صباح|ليلة|ليل|فجر|ظهر|ظهيرة|عصر|نهار)\s+)?
    (?P<wd>{_WEEKDAY})(?:\s+(?P<wrel>{_REL}))?
  )
)(?!\w)
"""


def _compile(width: int, keep: frozenset[str] | None = None) -> re.Pattern[str]:
    """The pattern for a proclitic of `width` characters, with only the top-level branches
    named in `keep` (all when None)."""
    head, body = _PATTERN.split("(?:\n", 1)
    body, tail = body.rsplit("\n)(?!\\w)", 1)
    branches = re.split(r"\n\| ", body)
    if keep is not None:
        branches = [b for b in branches if _branch_name(b) in keep]
    pattern = head + "(?:\n" + "\n| ".join(branches) + "\n)(?!\\w)" + tail
    # Whitespace but not a line break: a date never runs across lines.
    pattern = pattern.replace(_PC, f".{{{width}}}").replace(r"\s", r"[^\S\n]")
    return re.compile(pattern, re.VERBOSE)


def _branch_name(branch: str) -> str:
    name = re.search(r"\(\?P<(\w+)>", branch)
    assert name is not None
    return name[1]


# The top-level branches that can open with a digit; the others open with a letter, as do the
# rest of these but hn, num, yr and ym. An expression is tried only against the branches its
# first character allows (the others would fail on it), which spares most of the pattern at
# every number.
_DIGIT_BRANCHES = frozenset(("hn", "num", "ex", "dm", "hij", "yb", "yr", "ym"))
_LETTER_BRANCHES = frozenset(
    _branch_name(b) for b in re.split(r"\n\| ", _PATTERN) if "(?P<" in b
) - {"hn", "num", "yr", "ym", "pc"}

# One pattern per proclitic width: none, و/ب, وب/لل, ولل; whole, for a digit, for a letter.
_REGEXES = tuple(_compile(width) for width in range(4))
_DIGIT_REGEXES = tuple(_compile(width, _DIGIT_BRANCHES) for width in range(4))
_LETTER_REGEXES = tuple(_compile(width, _LETTER_BRANCHES) for width in range(4))
# After ل, the article is left out of the span before these words too: "للعام 2018".
_LAM_ARTICLE_BEFORE = ("عام", "سنة", "اسبوع", "شهر")
_WORDS = re.compile(r"\w+")
_WORD_BEFORE = re.compile(r"(\w+)\W*$")
_WORD_AFTER = re.compile(r"\W*?(\w+)")
_SPACES = re.compile(r"\s+")

_NORMALIZER = Normalizer("search")


# ---- anchors: where a date can be ----------------------------------------------------------


class WordStarts:
    """The starts of the words that begin, after any proclitics the core reads (و ف ب ك ل, ال,
    لل), with one of `words`: the cheap first pass before a full pattern is tried. A word
    written with ال needs the article in the text; one written without finds it with or
    without. One pass of the core's lexicon automaton over the text."""

    def __init__(self, words: Iterable[str]):
        self.words = frozenset(words)
        # A word that begins with a hamza alef and ل (إلغاء) reads like ال once normalized,
        # but after ل it is written لإلغاء, not لل: the core's article reading misses it.
        after_lam = {"ل" + w for w in self.words if w.startswith("ال")}
        self._lexicon = Lexicon([(w, 0, True) for w in sorted(self.words | after_lam)])

    def find(self, text: str) -> list[int]:
        """Sorted, distinct word starts."""
        return sorted({hit.start for hit in self._lexicon.find(text)})


_DATE_ANCHORS = WordStarts(
    [
        *(n.split()[0] for n in MONTHS),
        *(n.split()[0] for n in HIJRI_MONTHS),
        *WEEKDAYS,
        *"0123456789",
        # Relative words, also with the article and a preposition (العام، بالأمس، للعام).
        *AGO_UNITS,
        *["امس", "اليوم", "غد", "الليلة", "اسبوع", "شهر", "عام", "سنة", "سنتي", "هذا", "هذه"],
        "عيد",
        "راس",
        "عرفة",
        "عاشوراء",
        "المولد",
        *(w + suffix for w in DECADES for suffix in ("يات", "ات")),
    ]
)
# Words that can open a date expression whose anchor is the next word: "منتصف مارس",
# "في 2023", "مساء الأربعاء", "أول أمس".
_LEAD_WORDS = frozenset(
    [
        *QUALIFIERS.split("|"),
        *COUNTS,
        # "السادس أغسطس": an ordinal day written before its month without من
        *(o for o in ORDINAL_DAYS if " " not in o),
        *YEAR_HEADS,
        "صيف",
        "خريف",
        "شتاء",
        "في",
        "بين",
        "منذ",
        "حتي",
        "خلال",
        "بحلول",
        "قبل",
        "بعد",
        "اول",
    ]
    + "يوم مساء صباح ليلة ليل فجر ظهر ظهيرة عصر نهار".split()
)


def _key(name: str) -> str:
    return _SPACES.sub(" ", name)


# ---- reference dates and calendar arithmetic --------------------------------------------


def as_reference(reference: object) -> dt.date | None:
    """A reference date from a date, datetime, pandas Timestamp, numpy datetime64 or ISO string;
    None, NaT and NaN give None."""
    if reference is None:
        return None
    if isinstance(reference, str):
        try:
            return dt.date.fromisoformat(reference.strip()[:10])
        except ValueError:
            raise ValueError(
                f"reference {reference!r} is not an ISO date: write it as YYYY-MM-DD"
            ) from None
    if isinstance(reference, (dt.date, np.datetime64)) or reference is pd.NaT:
        if pd.isna(reference):
            return None
        if isinstance(reference, dt.datetime):  # Timestamp is one too
            return reference.date()
        if isinstance(reference, dt.date):
            return reference
        return pd.Timestamp(reference).date()
    if isinstance(reference, float) and reference != reference:
        return None  # NaN: a missing date in a column of floats
    raise TypeError(
        f"reference must be a date, datetime, Timestamp, datetime64 or ISO string, "
        f"not {type(reference).__name__}"
    )


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def _month_year(month: int, direction: str, ref: dt.date) -> int:
    """The year of a month name without one: "past" is strictly before the reference month,
    "future" strictly after, "current" the reference year, "bare" the most recent such month
    not after the reference month."""
    if direction == "past":
        return ref.year if month < ref.month else ref.year - 1
    if direction == "future":
        return ref.year if month > ref.month else ref.year + 1
    if direction == "current":
        return ref.year
    return ref.year if month <= ref.month else ref.year - 1


def _direction(word: str | None) -> str:
    if word in PAST:
        return "past"
    if word in FUTURE:
        return "future"
    if word in CURRENT:
        return "current"
    return "bare"


def _weekday_date(weekday: int, direction: str, ref: dt.date) -> dt.date:
    """ "past": the most recent such day before the reference; "future": the next one after it;
    otherwise the most recent one on or before it (news reports mostly what has happened)."""
    if direction == "future":
        return ref + dt.timedelta(days=(weekday - ref.weekday()) % 7 or 7)
    if direction == "soon":  # a future verb: the next such day, the reference's own included
        return ref + dt.timedelta(days=(weekday - ref.weekday()) % 7)
    if direction == "nearest":  # no tense: up to two days ahead, else the latest before
        ahead = (weekday - ref.weekday()) % 7
        return ref + dt.timedelta(days=ahead if ahead <= 2 else ahead - 7)
    back = (ref.weekday() - weekday) % 7
    if direction == "past" and back == 0:
        back = 7
    return ref - dt.timedelta(days=back)


def _valid_day(year: int | None, month: int, day: int) -> bool:
    try:
        dt.date(year if year is not None else 2000, month, day)  # 2000: leap, 29 Feb allowed
    except ValueError:
        return False
    return True


# ---- values -------------------------------------------------------------------------------


@dataclass(slots=True)  # not frozen: the search sets `form` in place (replace() is slow)
class _Value:
    iso: str | None
    year: int | None
    month: int | None
    day: int | None
    precision: str
    relative: bool
    calendar: str = "gregorian"
    rule: str | None = None
    # Normalized offsets of the other writing of the same day (a Hijri-Gregorian pair).
    pair: tuple[int, int] | None = None
    disagree: bool = False
    form: str = ""  # the pattern group that found it (internal)
    # Normalized offset of the part word (منتصف، أواخر ...) left out of the span.
    part: int | None = None


def _ruled(value: _Value, rule: str | None) -> _Value:
    """The value, its rule set (in place: a fresh value, and replace() is slow)."""
    value.rule = rule
    return value


def _day_value(d: dt.date, relative: bool) -> _Value:
    return _Value(d.isoformat(), d.year, d.month, d.day, "day", relative)


def _in_calendar(year: int | None) -> None:
    if year is not None and not 1 <= year <= 9999:
        raise OverflowError(f"year {year} is outside 1-9999")


def _month_value(year: int | None, month: int, relative: bool) -> _Value:
    _in_calendar(year)
    iso = f"{year:04d}-{month:02d}" if year is not None else None
    return _Value(iso, year, month, None, "month", relative)


def _year_value(year: int | None, relative: bool) -> _Value:
    _in_calendar(year)
    return _Value(f"{year:04d}" if year is not None else None, year, None, None, "year", relative)


def _week_value(monday: dt.date) -> _Value:
    # The Monday's date rather than ISO's "2024-W15", which date parsers (pandas among them)
    # do not read; precision "week" says how much of it is meant.
    return _Value(monday.isoformat(), monday.year, monday.month, monday.day, "week", True)


def _unresolved(precision: str) -> _Value:
    return _Value(None, None, None, None, precision, True)


def _word_before(text: str, pos: int) -> str:
    m = _WORD_BEFORE.search(text, max(0, pos - 40), pos)
    return m.group(1) if m else ""


def _word_after(text: str, pos: int) -> str:
    m = _WORD_AFTER.match(text, pos, pos + 40)
    return m.group(1) if m else ""


def _reads_as(word: str, words: frozenset[str]) -> bool:
    """Whether the word is one of `words`, alone or behind proclitics the core reads (بهجمات),
    the article kept."""
    return any(not r.article and r.stem in words for r in _readings(word)) if word else False


def _strip_conjunction(word: str) -> str:
    """The word without و or ف, as the core reads it."""
    for reading in _readings(word)[1:]:
        if reading.proclitic in ("و", "ف") and not reading.article:
            return reading.stem
    return word


def _proclitic_widths(text: str, pos: int) -> tuple[int, ...]:
    """How many characters of the word at `pos` may stand before a date as its proclitic, the
    longest first: the core's readings without the article, and ل + the article of لل before
    _LAM_ARTICLE_BEFORE."""
    word = _WORDS.match(text, pos)
    if word is None:
        return (0,)
    return _widths(word.group())


@lru_cache(maxsize=16384)
def _widths(word: str) -> tuple[int, ...]:
    widths = []
    for reading in reversed(readings(word)):
        if not reading.article:
            widths.append(len(reading.proclitic))
        elif reading.article == "ل" and reading.stem.startswith(_LAM_ARTICLE_BEFORE):
            widths.append(len(reading.proclitic) + 1)
    return tuple(widths)


def _match_at(text: str, pos: int) -> re.Match[str] | None:
    """The date expression opening at word start `pos`, through the longest proclitic that
    lets one open there."""
    for width in _proclitic_widths(text, pos):
        first = text[pos + width : pos + width + 1]
        regexes = _DIGIT_REGEXES if first.isdigit() else _LETTER_REGEXES
        m = regexes[width].match(text, pos)
        if m is not None:
            return m
    return None


# ---- one match at a time: each returns [(start, end, value)] in normalized offsets --------


def _explicit(m: re.Match, text: str, ref: dt.date | None):
    month, level = MONTHS[_key(m["m1"])]
    second = MONTHS[_key(m["m2"])][0] if m["m2"] is not None else None
    paired = second == month  # "آذار/ مارس": one month in two traditions
    day = int(m["day"]) if m["day"] else ORDINAL_DAYS[_key(m["ord"])] if m["ord"] else None
    start, end = m.start("ex"), m.end("ex")
    if m["mdd"] is not None:
        # "مارس 26-28": days after the month, a range valued by its start; anything else there
        # (a score, "مارس 2-1") is no part of the date.
        first, last = int(m["mdd"]), int(m["mdd2"])
        if day is None and 0 < first < last <= 31:
            day = first
        else:
            end = m.end("m2") if m["m2"] else m.end("m1")
            if m["m2"] and m["sep"] == "(" and text[end : end + 1] == ")":
                end += 1
    if m["ord"] and _word_before(text, m.start("ord")) in ORDINAL_OF:
        day = None  # "الأسبوع الأول من يونيو": the ordinal counts weeks, not days
    qual = m["qual"]
    has_year = m["year"] is not None or m["ryear"] is not None or m["syear"] is not None
    event_year = None
    if day is not None and not has_year:
        head = _word_before(text, start)
        if _reads_as(head, NAMING_WORDS):
            return []
        if _reads_as(head, EVENT_WORDS):
            event_year = EVENT_YEARS.get((month, day))
            if event_year is None:
                return []
    if day is None and not has_year and _EVERY_YEAR.match(text, end):
        return []  # "في يناير من كل عام": every year's January, no date
    if day is None and not has_year and qual is None and m["msuf"] is None:
        head = _word_before(text, start)
        for reading in _readings(head) if head else ():
            event_year = EVENT_MONTHS.get((reading.stem, month))
            if event_year is not None and not reading.article:
                value = _month_value(event_year, month, False)
                value.rule = "written"
                return [(m.start("m1"), end, value)]
    # A month name alone must earn its place (see MONTHS).
    bare = day is None and not has_year and second is None and qual is None
    if bare and m["msuf"] is None and m["shahr"] is None:
        after_month = m["pc"] in ("و", "ف") and _word_before(text, m.start("pc")) in _MONTH_WORDS
        if level == 2 or (m["pc"] and not after_month):
            # "ومارس", "بمارس": a clitic on a bare name is too weak, save و after another
            # month ("بين يونيو وسبتمبر")
            return []
        if (
            level == 1
            and not after_month
            and _strip_conjunction(_word_before(text, start)) not in DATE_WORDS
        ):
            return []
    year, relative, rule = (
        (event_year, False, "written")
        if event_year is not None
        else _explicit_year(m, month, ref, text, day)
    )
    if (day is not None and not _valid_day(year, month, day)) or (m["ord"] and day is None):
        start = m.start("shahr") if m["shahr"] else m.start("m1")
        day = None
    part = None
    if qual is not None:
        # "نهاية مارس": the part word stays out of the span (the annotation guide) and is
        # reported as part_start, which the event extractor reads as the date's phrase.
        # "منتصف 16 مارس": the day says more than the part word.
        part = m.start("qual")
        start = (
            max(m.start("day"), m.start("ord"))
            if day is not None
            else m.start("shahr")
            if m["shahr"]
            else m.start("m1")
        )
    out = []
    if m["d0"] is not None and day is not None:
        d0 = int(m["d0"])
        if d0 < day and _valid_day(year, month, d0):
            if m["d0s"] == "و" and not _reads_as(_word_before(text, m.start("d0")), _BETWEEN):
                # "يومي 12 و13 مارس": two days, two expressions
                out.append((m.start("d0"), m.end("d0"), _day_or_partial(year, month, d0, relative)))
                start = m.start("day")
            else:
                # "10-12 مايو"، "من 3 إلى 7 يونيو"، "بين 10 و12 مايو": one range, valued by
                # its start
                start, day = m.start("d0"), d0
    if second is not None and not paired:
        # "يناير/فبراير 2019": two months that share the year written after the second.
        out.append((start, m.end("m1"), _day_or_month(year, month, day, relative)))
        year2, relative2, _ = _explicit_year(m, second, ref, text)
        out.append((m.start("m2"), end, _month_value(year2, second, relative2)))
        for _, _, v in out:
            v.rule = rule
        return out
    value = _day_or_month(year, month, day, relative)
    value.part = part
    out.append((start, end, value))
    for _, _, v in out:
        v.rule = rule
    return out


def _explicit_year(
    m: re.Match, month: int, ref: dt.date | None, text: str = "", day: int | None = None
) -> tuple[int | None, bool, str | None]:
    """The year of an explicit date, whether the reference date gave it, and the rule."""
    if m["year"] is not None:
        return int(m["year"]), False, "written"
    if m["syear"] is not None:  # "من ذلك العام": the year of the date before (_carry_year)
        return None, False, "previous_date"
    if ref is None:
        return None, True, None
    if m["ryear"] is not None:
        step = {"past": -1, "future": 1}.get(_direction(m["ryear"]), 0)
        return ref.year + step, True, "modifier"
    if m["msuf"] is not None:
        return _month_year(month, _direction(m["msuf"]), ref), True, "modifier"
    cue = _cue(text, m.start(), m.end())
    return _yearless(month, day, cue, ref), True, (f"{cue}_cue" if cue else "nearest")


def _cue(text: str, pos: int, end: int | None = None) -> str | None:
    """ "future" or "past" when a word of the clause before `pos` says so (FUTURE_CUES, س + a
    verb of FUTURE_VERBS, PAST_CUES), the nearest such word deciding, then the two words after
    `end` ("في مايو أعلن"); else None. Looks at most 80 code points back and 30 on, not across a
    sentence end, so it costs the same at every date."""
    lo = max(0, pos - 80)
    window = text[lo:pos]
    cut = max(window.rfind("."), window.rfind("\n"), window.rfind("؟"), window.rfind("!"))
    words = list(reversed(_WORDS.findall(window[cut + 1 :])))
    if end is not None:
        after = text[end : end + 30]
        stop = min(
            (i for i in (after.find("."), after.find("\n"), after.find("،")) if i >= 0), default=30
        )
        words += _WORDS.findall(after[:stop])[:2]
    for word in words:
        bare = _strip_conjunction(word)
        if (
            bare in FUTURE_CUES
            or bare in FUTURE_VERBS
            or (bare[:1] == "س" and bare[1:] in FUTURE_VERBS)
        ):
            return "future"
        if bare in PAST_CUES or bare in PAST:
            return "past"
    return None


def _yearless(month: int, day: int | None, cue: str | None, ref: dt.date) -> int:
    """The year of a month (and day) written without one: the occurrence on or after the
    reference for a future cue, on or before it for a past cue, else the nearest (a tie goes
    back: news report mostly what happened)."""
    best: tuple[tuple[int, int], int] | None = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        if day is not None:
            if not _valid_day(year, month, day) or not 1 <= year <= 9999:
                continue
            diff = (dt.date(year, month, day) - ref).days
        else:
            diff = (year - ref.year) * 12 + month - ref.month
        if (cue == "future" and diff < 0) or (cue == "past" and diff > 0):
            continue
        # News report mostly what happened: a later occurrence must be twice as near to win.
        key = (abs(diff) * (2 if diff > 0 else 1), 0 if diff <= 0 else 1)
        if best is None or key < best[0]:
            best = (key, year)
    return best[1] if best is not None else ref.year


def _day_or_month(year: int | None, month: int, day: int | None, relative: bool) -> _Value:
    if day is None:
        return _month_value(year, month, relative)
    return _day_or_partial(year, month, day, relative)


def _day_or_partial(year: int | None, month: int, day: int, relative: bool) -> _Value:
    if year is None:
        return _Value(None, None, month, day, "day", relative)
    return _day_value(dt.date(year, month, day), relative)


def _day_of_month(m: re.Match, text: str, ref: dt.date | None):
    """ "15 من الشهر الجاري"، "الخامس من الشهر الماضي": a day of the month the reference gives;
    "31 من الشهر نفسه": of the month of the date before it (resolved in _same_month)."""
    day = int(m["dmd"]) if m["dmd"] else ORDINAL_DAYS[_key(m["dmo"])]
    start, end = m.start("dm"), m.end("dm")
    if not 1 <= day <= 31:
        return []
    if m["dms"] is not None:
        return [(start, end, _Value(None, None, None, day, "day", False, rule="previous_date"))]
    if ref is None:
        return [(start, end, _unresolved("day"))]
    step = {"past": -1, "future": 1}.get(_direction(m["dmr"]), 0)
    year, month = _shift_month(ref.year, ref.month, step)
    if not _valid_day(year, month, day):
        return []
    return [(start, end, _ruled(_day_value(dt.date(year, month, day), True), "modifier"))]


def _numeric(m: re.Match, text: str, ref: dt.date | None):
    if m["nd"] is not None:
        y, mo, d = int(m["ny"]), int(m["nm"]), int(m["nd"])
    else:
        y, mo, d = int(m["iy"]), int(m["im"]), int(m["id"])
    if not 1 <= mo <= 12 or not _valid_day(y, mo, d):
        return []
    return [
        (
            m.start("num"),
            m.end("num"),
            _ruled(_day_value(dt.date(y, mo, d), False), "written"),
        )
    ]


def _hijri_value(year: int, month: int, day: int | None, precision: str, relative: bool, rule):
    """The Gregorian first day of a Hijri day, month or year; iso None for a day that does not
    exist in Umm al-Qura (day 30 of a 29-day month)."""
    try:
        g = hijri_to_gregorian(year, month, day or 1)
    except ValueError:
        return _Value(None, None, None, None, precision, relative, "hijri", None)
    return _Value(g.isoformat(), g.year, g.month, g.day, precision, relative, "hijri", rule)


def _hijri_nearest(
    month: int, day: int | None, cue: str | None, ref: dt.date, strict: bool = False
) -> int:
    """The Hijri year of a Hijri month (and day) written without one, chosen as _yearless
    chooses a Gregorian one: by the distance of the period to the reference. `strict` (a
    modifier: الماضي، المقبل): a period holding the reference is neither past nor future."""
    here = gregorian_to_hijri(ref)[0]
    best: tuple[tuple[int, int], int] | None = None
    for year in (here - 1, here, here + 1):
        if strict and cue is not None:
            first = hijri_to_gregorian(year, month, day or 1)
            last = first if day else first + dt.timedelta(days=hijri_month_length(year, month) - 1)
            if (cue == "past" and last >= ref) or (cue == "future" and first <= ref):
                continue
        first = hijri_to_gregorian(year, month, day or 1)
        last = first if day else first + dt.timedelta(days=hijri_month_length(year, month) - 1)
        diff = (
            0 if first <= ref <= last else (first - ref).days if first > ref else (last - ref).days
        )
        if (cue == "future" and diff < 0) or (cue == "past" and diff > 0):
            continue
        key = (abs(diff), 0 if diff <= 0 else 1)
        if best is None or key < best[0]:
            best = (key, year)
    return best[1] if best is not None else here


def _hijri_numeric(m: re.Match, text: str, ref: dt.date | None):
    if m["hnd"] is not None:
        y, mo, d = int(m["hny"]), int(m["hnm"]), int(m["hnd"])
    else:
        y, mo, d = int(m["hiy"]), int(m["him"]), int(m["hid"])
    if not 1 <= mo <= 12 or not 1 <= d <= 30:
        return []
    return [(m.start("hn"), m.end("hn"), _hijri_value(y, mo, d, "day", False, "written"))]


def _hijri(m: re.Match, text: str, ref: dt.date | None):
    start, end = m.start("hij"), m.end("hij")
    if m["hy2"] is not None or m["hy3"] is not None:
        year = int(m["hy2"] or m["hy3"])
        return [(start, end, _hijri_value(year, 1, None, "year", False, "written"))]
    month = HIJRI_MONTHS[_key(m["hm"])]
    day = int(m["hd"]) if m["hd"] else ORDINAL_DAYS[_key(m["hord"])] if m["hord"] else None
    if m["hord"] and _word_before(text, m.start("hord")) in ORDINAL_OF:
        start, day = m.start("hshahr") if m["hshahr"] else m.start("hm"), None
    if day is not None and not 1 <= day <= 30:
        start, day = m.start("hshahr") if m["hshahr"] else m.start("hm"), None
    precision = "day" if day else "month"
    if m["hy"] is not None:
        return [(start, end, _hijri_value(int(m["hy"]), month, day, precision, False, "written"))]
    if day is None and m["hrel"] is None:
        # A Hijri month name alone is a name (رمضان، رجب، شعبان are first names and surnames),
        # save رمضان after شهر or a date word: then the named period.
        before = _strip_conjunction(_word_before(text, start))
        if month != 9 or not (m["hshahr"] or before in DATE_WORDS):
            return []
    if ref is None:
        return [(start, end, _Value(None, None, None, None, precision, True, "hijri"))]
    if m["hrel"] is not None:
        # "رمضان الماضي"، "12 رمضان المقبل": the occurrence before or after the reference
        direction = _direction(m["hrel"])
        cue = {"past": "past", "future": "future"}.get(direction)
        year = _hijri_nearest(month, day, cue, ref, strict=True)
        return [(start, end, _hijri_value(year, month, day, precision, True, "modifier"))]
    cue = _cue(text, start)
    year = _hijri_nearest(month, day, cue, ref)
    return [
        (
            start,
            end,
            _hijri_value(year, month, day, precision, True, f"{cue}_cue" if cue else "nearest"),
        )
    ]


def _named_period(m: re.Match, text: str, ref: dt.date | None):
    start, end = m.start("np"), m.end("np")
    name = m["npf"] or m["npx"] or m["npg"] or m["npa"] or m["npk"] or m["npm"]
    if name:
        calendar, month, day = NAMED_PERIODS[name]
    elif m["npr"]:
        calendar, month, day = NAMED_PERIODS["رمضان"]
    else:  # رأس السنة: 1 January, or 1 Muharram (الهجرية)
        calendar, month, day = ("hijri", 1, 1) if m["nph"] else ("gregorian", 1, 1)
    precision = "day" if day else "month"
    if ref is None:
        return [(start, end, _Value(None, None, None, None, precision, True, calendar))]
    cue = _cue(text, start)
    rule = f"{cue}_cue" if cue else "nearest"
    if calendar == "gregorian":
        year = _yearless(month, day, cue, ref)
        return [(start, end, _ruled(_day_value(dt.date(year, month, day or 1), True), rule))]
    year = _hijri_nearest(month, day, cue, ref)
    return [(start, end, _hijri_value(year, month, day, precision, True, rule))]


def _year_with_marker(m: re.Match, text: str, ref: dt.date | None):
    return [(m.start("ym"), m.end(), _ruled(_year_value(int(m["ym"]), False), "written"))]


def _year_with_noun(m: re.Match, text: str, ref: dt.date | None):
    # "عامي 2014 و2016": one range, valued by its start.
    return [(m.start("yc"), m.end("yc"), _written_year(int(m["y1"])))]


def _written_year(year: int) -> _Value:
    return _ruled(_year_value(year, False), "written")


def _year_with_preposition(m: re.Match, text: str, ref: dt.date | None):
    # "في 2016 و2017"، "بين 2011 و2015"، "من 2010 إلى 2014": a range, valued by its start.
    first = "py" if m["py"] is not None else "py3"
    if first == "py3" and m["py4"] is None and m["py4s"] is None:
        # "من 2018" alone is mostly a count ("أكثر من 2000 مقاتل"); after an ordinal it is the
        # year a part belongs to ("الربع الأول من 2018")
        if m["prep2"] != "من" or _word_before(text, m.start("yp")) not in ORDINAL_WORDS:
            return []
    return [(m.start(first), m.end("yp"), _written_year(int(m[first])))]


def _relative_period(m: re.Match, text: str, ref: dt.date | None):
    if m["rel1"] is None and m["rel3"] is None:
        after = _word_after(text, m.end("rp"))
        if after.startswith("ال") and after not in _NOT_ARTICLE:
            return []  # "نهاية السنة المالية"، "هذا العام الدراسي": no calendar year
    written = m["ry1"] or m["ry3"]
    periods = _period(m, ref)
    if written is not None:
        s, _, v = periods[0]
        if (m["unit1"] or m["unit3"]) in ("عام", "سنة"):
            # "العام الجاري 2018": one expression, the year as written.
            return [(s, m.end("rp"), _written_year(int(written)))]
        # "الشهر الماضي 2018": the year is another expression.
        rel_end = m.end("rel1") if m["rel1"] else m.end("rel3")
        return [(s, rel_end, _ruled(v, "reference" if v.iso else None))]
    return [(s, e, _ruled(v, "reference" if v.iso else None)) for s, e, v in periods]


def _period(m: re.Match, ref: dt.date | None):
    unit = m["unit1"] or m["unit2"] or m["unit3"]
    rel = m["rel1"] or m["rel3"]
    direction = _direction(rel) if rel else "current"
    start, end = m.start("rp"), m.end("rp")
    if m["rqual"] is not None:
        start = m.start("this1") if m["this1"] else m.start("unit1") - 2  # "نهاية العام"
    step = {"past": -1, "future": 1}.get(direction, 0)
    if unit == "اسبوع":
        if m["rqual"] is not None and ref is not None:
            # "مطلع الأسبوع": still the week, nothing finer is meant.
            pass
        if ref is None:
            return [(start, end, _unresolved("week"))]
        monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(days=7 * step)
        return [(start, end, _week_value(monday))]
    if unit == "شهر":
        if ref is None:
            return [(start, end, _unresolved("month"))]
        y, mo = _shift_month(ref.year, ref.month, step)
        return [(start, end, _month_value(y, mo, True))]
    if ref is None:
        return [(start, end, _unresolved("year"))]
    return [(start, end, _year_value(ref.year + step, True))]


def _relative_day(m: re.Match, text: str, ref: dt.date | None):
    word = _SPACES.sub(" ", m["drw"])
    start, end = m.start("dr"), m.end("dr")
    weekday = m["dwd"] or m["dwb"]
    if word == "غدا" and weekday is None and not _tomorrow(text, m.start("pc"), end):
        return []  # غدا is also the verb "became"
    before = _strip_conjunction(_word_before(text, m.start("pc")))
    if word == "اليوم" and weekday is None:
        after = _word_after(text, end)
        if before in _THIS and text[end : end + 3].strip()[:1].isdigit():
            # "هذا اليوم 2018/7/11": one expression with the date after it
            this = _WORD_BEFORE.search(text, max(0, m.start("pc") - 40), m.start("pc"))
            if this is not None:
                start = this.end(1) - len(before)
        elif (
            (after.startswith("ال") and after not in _NOT_ARTICLE)
            or _reads_as(before, NOT_TODAY_BEFORE)
            or before in NOWADAYS_BEFORE
            or after in _SAME
            or before in _THIS
            or m["pc"].strip("وف")
        ):
            return []  # اليوم الوطني، روسيا اليوم، ذلك اليوم، هذا اليوم، عين اليوم
    with_day = m["dr"].startswith("يوم")  # "يوم الأمس"، "يوم الغد"
    if (
        word in ("الامس",)
        and weekday is None
        and "ب" not in m["pc"]
        and before not in YESTERDAY_HEADS
        and not with_day
    ):
        return []  # نجوم الأمس، حلفاء الأمس: "the past"
    if (
        word == "الغد"
        and weekday is None
        and not m["pc"].strip("وف")
        and before not in YESTERDAY_HEADS
        and not with_day
    ):
        return []  # "الغد" the future, or an outlet
    offset = {
        "اليوم": 0,
        "امس": -1,
        "الامس": -1,
        "غدا": 1,
        "غد": 1,
        "الغد": 1,
        "بعد غد": 2,
        "الليلة الماضية": -1,
        "هذه الليلة": 0,
    }.get(word, -2)
    if ref is None:
        return [(start, end, _unresolved("day"))]
    day = ref + dt.timedelta(days=offset)
    if weekday is not None:
        # "اليوم الاثنين": the weekday named is the day meant, the nearest one to the word's day.
        delta = (WEEKDAYS[weekday] - day.weekday()) % 7
        day += dt.timedelta(days=delta - 7 if delta > 3 else delta)
        return [(start, end, _ruled(_day_value(day, True), "weekday_named"))]
    return [(start, end, _ruled(_day_value(day, True), "reference"))]


_THIS = frozenset(("هذا",))
# "اليوم نفسه": the day named before, not the article's.
_SAME = frozenset(("نفسه", "ذاته"))
# Words after اليوم that begin with ال but are no noun with the article: اليوم إلى، اليوم إلا.
_NOT_ARTICLE = frozenset(("الي", "الا", "الان"))

# After غدا "tomorrow" (not the verb "became", which a subject or predicate follows): a
# preposition or punctuation.
_AFTER_TOMORROW = frozenset("في الي علي من مع عند حتي بعد قبل لبحث لمناقشة".split())


def _tomorrow(text: str, start: int, end: int) -> bool:
    """Whether a bare غدا is the adverb: punctuation or a preposition after it, or a future
    cue in its clause ("سيعقد الاجتماع غدا")."""
    rest = text[end : end + 3].lstrip(" ")
    if not rest or rest[0] in ".،,:؛)\n":
        return True
    if _strip_conjunction(_word_after(text, end)) in _AFTER_TOMORROW:
        return True
    return _cue(text, start) == "future"


# الأحد and الاثنين are also "the one" and "the two" ("بين الاثنين"، "إن الاثنين كانا"، "الأحد
# عشر"); in news they are far more often the weekday, written after the subject of a verb
# ("أعلن مصدر أمني الأحد مقتل"، "أعلن الوزير الاثنين النتائج"). They are dates unless the word
# next to them makes them a number ("بين الاثنين"، "الاثنين الآخرين"). The
# other names are dates unless they carry a preposition (بالخميس), عشر follows, or a place or
# prayer noun comes before ("سوق الخميس"، "صلاة الجمعة").
_WEEKDAY_NUMBERS = frozenset(("الاحد", "الاثنين"))
_NUMBER_BEFORE = frozenset("بين كلا هذين هذان هاتين هاتان الواحد كل اي ان لكن نحن هما".split())
_NUMBER_AFTER = frozenset(
    "عشر معا كانا هما الاخرين الاخران منهما كليهما كلاهما اللذين اللذان".split()
)
# A weekday after these names a place or a prayer: "سوق الخميس"، "جامع الجمعة"، "صلاة الجمعة".
_WEEKDAY_PLACE = frozenset(
    "صلاة صلاه خطبة سوق جامع مسجد ساحة شارع ميدان حي قرية بلدة مخيم منطقة".split()
)


def _bare_weekday(m: re.Match, text: str, start: int, end: int) -> bool:
    after = text[end : end + 3].lstrip()
    word_before = _word_before(text, start)
    if _reads_as(word_before, _WEEKDAY_PLACE):
        return False
    if after[:1].isdigit():
        return True  # "الاثنين 13 أغسطس": merged with the date that follows
    word_after = _word_after(text, end)
    if m["pc"].strip("وف") or word_after == "عشر":
        return False
    if m["wd"] not in _WEEKDAY_NUMBERS:
        return True
    # Only a word next to it, no punctuation between, makes it a number.
    next_before = text[start - 1 : start] == " " and text[start - 2 : start - 1].isalpha()
    next_after = text[end : end + 1] == " " and text[end + 1 : end + 2].isalpha()
    if next_before and _strip_conjunction(word_before) in _NUMBER_BEFORE:
        return False
    if text[end : end + 1] in ("،", ",", ".") or _strip_conjunction(word_after) == "الموافق":
        return True  # "أن الأحد، سيكون"، "الأحد الموافق 11 مارس": a number takes neither
    return not (next_after and _strip_conjunction(word_after) in _NUMBER_AFTER)


def _weekday(m: re.Match, text: str, ref: dt.date | None):
    # "يوم الثلاثاء" is one expression; "مساء الثلاثاء": the part of the day stays out.
    start, end = m.start("wk") if m["wpre"] in (None, "يوم") else m.start("wd"), m.end("wk")
    if m["wpre"] is None and m["wrel"] is None and not _bare_weekday(m, text, start, end):
        return []
    if ref is None:
        return [(start, end, _unresolved("day"))]
    direction = _direction(m["wrel"])
    rule = "modifier" if m["wrel"] else None
    if direction == "bare":
        cue = _cue(text, start)
        if cue == "future":
            direction, rule = "soon", "future_cue"
        elif cue == "past":
            rule = "past_cue"
        else:
            direction, rule = "nearest", "nearest"
    d = _weekday_date(WEEKDAYS[m["wd"]], direction, ref)
    return [(start, end, _ruled(_day_value(d, True), rule))]


def _ramadan_year(m: re.Match, text: str, ref: dt.date | None):
    """ "رمضان 2018"، "رمضان عام 2016": the Ramadan that begins in that Gregorian year; "رمضان
    هذا العام": in the reference's year."""
    if m["rgt"] is not None:
        if ref is None:
            return [
                (m.start("rg"), m.end("rg"), _Value(None, None, None, None, "month", True, "hijri"))
            ]
        year, written = ref.year, False
    else:
        year, written = int(m["rgy"]), True
    here = gregorian_to_hijri(dt.date(year, 7, 1))[0]
    for hijri in (here - 1, here, here + 1):
        if hijri_to_gregorian(hijri, 9, 1).year == year:
            return [
                (
                    m.start("rg"),
                    m.end("rg"),
                    _hijri_value(
                        hijri, 9, None, "month", not written, "written" if written else "reference"
                    ),
                )
            ]
    return []


def _year_range(m: re.Match, text: str, ref: dt.date | None):
    """ "1949-1952"، "(1929-2009)": two years joined by a dash, the second later and within a
    century, are a range of years in any context (no count or score is written so)."""
    first, second = int(m["yr1"]), int(m["yr2"])
    if not 0 < second - first < 100:
        return []
    return [(m.start("yr"), m.end("yr"), _written_year(first))]


def _season(m: re.Match, text: str, ref: dt.date | None):
    """ "ربيع 2019": a season with its year, valued by the year."""
    return [(m.start("ssn"), m.end("ssn"), _written_year(int(m["ssy"])))]


def _decade(m: re.Match, text: str, ref: dt.date | None):
    """ "الثمانينيات" (of the twentieth century unless a century is named), "تسعينيات القرن
    الماضي" (the century before the reference's): the decade's first year, precision decade."""
    tens = DECADES[m["decw"]]
    century = CENTURIES[_key(m["decc"])] if m["decc"] else 1900
    relative = century is None
    if century is None:
        if ref is None:
            return [(m.start("dec"), m.end("dec"), _unresolved("decade"))]
        century = ref.year // 100 * 100 - 100
    year = century + 10 * tens
    value = _Value(f"{year:04d}", year, None, None, "decade", relative)
    return [
        (m.start("dec"), m.end("dec"), replace(value, rule="reference" if relative else "written"))
    ]


def _ago(m: re.Match, text: str, ref: dt.date | None):
    if m["ago1"] is not None:
        # "قبل عام"، "قبل شهر": one unit back (not before a date or من: "قبل عام 2011"،
        # "قبل شهر من الانتخابات")
        precision, count = {"اسبوع": "week", "شهر": "month"}.get(m["ago1"], "year"), 1
    else:
        precision, dual = AGO_UNITS[m["agou"]]
        if m["agon"] is not None:
            if dual:
                return []
            count = int(m["agon"]) if m["agon"].isdigit() else COUNTS[m["agon"]]
        elif dual:
            count = dual
        else:
            return []  # "قبل أيام": no count
    start, end = m.start("ago"), m.end("ago")
    if ref is None:
        return [(start, end, _unresolved(precision))]
    if precision == "day":
        return [
            (
                start,
                end,
                _ruled(_day_value(ref - dt.timedelta(days=count), True), "reference"),
            )
        ]
    if precision == "week":
        monday = ref - dt.timedelta(days=ref.weekday() + 7 * count)
        return [(start, end, _ruled(_week_value(monday), "reference"))]
    if precision == "month":
        y, mo = _shift_month(ref.year, ref.month, -count)
        return [(start, end, _ruled(_month_value(y, mo, True), "reference"))]
    return [(start, end, _ruled(_year_value(ref.year - count, True), "reference"))]


# A year written alone after a name and before punctuation ("الانتخابات الأمريكية 2016."،
# "عملية "سيناء 2018"") labels it; a number after these words (within three) is a count or an
# amount ("بلغ عدد القتلى 2016.").
_AMOUNT_WORDS = frozenset(
    "الي نحو حوالي قرابة زهاء بلغ بلغت يبلغ تبلغ سجل سجلت رقم من عدد مجموع اجمالي مستوي "
    "ارتفع ارتفعت انخفض انخفضت تراجع تراجعت وصل وصلت قيمة سعر بين و".split()
)


def _year_labels(text: str, start: int) -> bool:
    window = _WORDS.findall(text, max(0, start - 40), start)[-3:]
    return not any(_reads_as(w, _AMOUNT_WORDS) or w.isdigit() for w in window)


def _bare_year(m: re.Match, text: str, ref: dt.date | None):
    if m["ybp"] is not None:
        return [(m.start("ybp"), m.end("ybp"), _written_year(int(m["ybp"])))]
    if m["ybl"] is not None:
        # "- 2013: أعيد انتخابه"، "1998 - انتخاب": a year opening a line of a chronology
        dash = m.start("ybl") - 2
        if text[dash : dash + 1] == "-" and text[dash - 1 : dash] not in ("", "\n"):
            return []
        return [(m.start("ybl"), m.end("ybl"), _written_year(int(m["ybl"])))]
    if m["ybn"] is not None:
        if not _year_labels(text, m.start("ybn")):
            return []
        return [(m.start("ybn"), m.end("ybn"), _written_year(int(m["ybn"])))]
    return [(m.start("yby"), m.end("yb"), _written_year(int(m["yby"])))]


_HANDLERS = (
    ("hn", _hijri_numeric),
    ("num", _numeric),
    ("ex", _explicit),
    ("dm", _day_of_month),
    ("hij", _hijri),
    ("rg", _ramadan_year),
    ("ssn", _season),
    ("ago", _ago),
    ("yb", _bare_year),
    ("yr", _year_range),
    ("np", _named_period),
    ("dec", _decade),
    ("ym", _year_with_marker),
    ("yc", _year_with_noun),
    ("yp", _year_with_preposition),
    ("rp", _relative_period),
    ("dr", _relative_day),
    ("wk", _weekday),
)


def find_dates_normalized(
    normalized: str, reference: object = None
) -> list[tuple[int, int, _Value]]:
    """Date spans in already normalized text ("search" preset), in normalized offsets.

    Every date expression holds an anchor (a month or weekday name, a digit, a relative word),
    so the full pattern is tried only at anchors and at the word before each one."""
    ref = as_reference(reference)
    found: list[tuple[int, int, _Value]] = []
    last = 0
    for ws in _DATE_ANCHORS.find(normalized):
        if ws < last:
            continue
        lead = _lead_word_start(normalized, ws, last)
        for candidate in (ws,) if lead < 0 else (lead, ws):
            m = _match_at(normalized, candidate)
            if m is not None and m.end() > ws:
                _handle(m, normalized, ref, found)
                last = m.end()
                break
    return _finish(found, normalized)


def _is_year_at(text: str, pos: int) -> bool:
    """Whether a four-digit year of 1800-2099 stands at pos."""
    return (
        text[pos : pos + 2] in ("18", "19", "20")
        and text[pos + 2 : pos + 4].isdigit()
        and not text[pos + 4 : pos + 5].isdigit()
    )


def _lead_word_start(text: str, ws: int, last: int) -> int:
    """The start of the word before `ws` when it can open a date expression, else -1."""
    end = ws
    while end > last and text[end - 1] == " ":
        end -= 1
    if end == ws or end <= last:
        return -1
    start = end
    lo = max(last, end - 12)
    while start > lo and text[start - 1].isalnum():
        start -= 1
    word = text[start:end]
    year_next = text[ws : ws + 1] in ("1", "2") and _is_year_at(text, ws)
    if word == "من" and year_next:
        return start  # "من 2010 إلى 2014": a range of years opens at من
    if word == "من" or word in COUNTS:
        # "أول من أمس"، "وقبل ستة أشهر"، "الحادي والعشرين من يونيو": the expression opens one
        # or two words further back (the longer reading first).
        starts = []
        first = start - 1
        for _ in range(2):
            end_of_word = first
            while first > last and first > start - 24 and text[first - 1].isalnum():
                first -= 1
            if first == end_of_word:
                break
            starts.append(first)
            if first <= last or text[first - 1] != " ":
                break
            first -= 1
        for first in reversed(starts):
            before = text[first : start - 1]
            if word == "من" and (
                before == "اول" or any(before[k:] in ORDINAL_DAYS for k in range(3))
            ):  # "بالرابع من يونيو": the ordinal may carry proclitics
                return first
            if word in COUNTS and _strip_conjunction(before) == "قبل":
                return first
        return -1 if word == "من" else start
    if any(not r.article and r.stem in _LEAD_WORDS for r in _readings(word)):
        return start
    if year_next and _EDITION_NEAR.search(text, max(last, start - 32), start):
        # "مونديال قطر 2022"، "انتخابات الرئاسة الأميركية 2016": the head of an edition one or
        # two words further back
        end_of_word = start
        for _ in range(2):
            if end_of_word <= last + 1 or text[end_of_word - 1] != " ":
                break
            first = end_of_word - 1
            while first > max(last, end_of_word - 15) and text[first - 1].isalnum():
                first -= 1
            head = text[first : end_of_word - 1]
            if head and any(not r.article and r.stem in _NAMED_EDITIONS for r in _readings(head)):
                return first
            end_of_word = first
    return -1


def _find_dates_reference(normalized: str, reference: object = None):
    """The same search with the full pattern tried at every position: slow, kept as the
    reference the anchored search is tested against."""
    ref = as_reference(reference)
    found: list[tuple[int, int, _Value]] = []
    last = 0
    for word in _WORDS.finditer(normalized):
        m = _match_at(normalized, word.start()) if word.start() >= last else None
        if m is not None:
            _handle(m, normalized, ref, found)
            last = m.end()
    return _finish(found, normalized)


# The branch that matched is the last group the match closed (m.lastgroup): each branch's
# group encloses all the groups inside it.
_HANDLER_OF = dict(_HANDLERS)


def _handle(m: re.Match, text: str, ref: dt.date | None, found: list) -> None:
    group = m.lastgroup or ""
    handler = _HANDLER_OF.get(group)
    if handler is not None:
        # "للعام 2018": the second ل stands for the article and opens the span.
        lam = m.end("pc") - 1 if m["pc"].endswith("لل") else -2
        try:
            for s, e, v in handler(m, text, ref):
                v.form = group
                found.append((lam if s == lam + 1 else s, e, v))
        except (OverflowError, ValueError):
            # A reference near year 1 or 9999 puts the value outside the calendar: the
            # expression is kept, unresolved (iso None).
            found.extend(
                (
                    s,
                    e,
                    _Value(None, None, None, None, v.precision, True, v.calendar, form=group),
                )
                for s, e, v in handler(m, text, None)
            )


# Between the two writings of one day: الموافق (لـ)، a comma, a dash, a slash or a bracket, and
# a weekday or يوم that names the second.
_PAIR_GAP = re.compile(
    rf"[\s،,\-/()]*(?:(?:و|ف)?(?:ال)?موافق(?:\s*ل|\s+ليوم)?[\s(]*)?(?:(?:يوم\s+)?(?:{_WEEKDAY})[\s،,]*)?"
)


def _pair_dates(found: list, text: str) -> list:
    """A Hijri date and the Gregorian one written beside it become a pair: each points at the
    other; when their days differ by more than one, both keep the Gregorian value, flagged."""
    out = list(found)
    for i in range(len(out) - 1):
        (s1, e1, v1), (s2, e2, v2) = out[i], out[i + 1]
        if {v1.calendar, v2.calendar} != {"gregorian", "hijri"} or v1.iso is None or v2.iso is None:
            continue
        if v1.pair is not None or _PAIR_GAP.fullmatch(text, e1, s2) is None:
            continue
        hijri, greg = (v1, v2) if v1.calendar == "hijri" else (v2, v1)
        if hijri.form not in ("hij", "hn") or hijri.precision != greg.precision:
            # a feast or Ramadan beside a date, a month beside a year ("رمضان عام 2016"، "رمضان
            # هذا العام") or a year beside a day is no second writing of it
            continue
        if greg.form in _NAMING_FORMS and greg.relative and hijri.precision == "day":
            # "الثامن من ذي الحجة (يوم الأحد)": the weekday names the date, which it never
            # overrides; it takes the date's day. A date without its year is the occurrence
            # that falls on that weekday, nearest the weekday's own reading.
            if hijri.relative:
                hijri = _on_weekday(hijri, dt.date.fromisoformat(greg.iso))
                v1, v2 = (hijri, v2) if v1.calendar == "hijri" else (v1, hijri)
            named = replace(hijri, form=greg.form, calendar="gregorian", rule="pair_gregorian")
            v1, v2 = (v1, named) if v1 is hijri else (named, v2)
            out[i] = (s1, e1, replace(v1, pair=(s2, e2)))
            out[i + 1] = (s2, e2, replace(v2, pair=(s1, e1)))
            continue
        disagree = False
        if hijri.precision == "day":
            disagree = (
                abs((dt.date.fromisoformat(hijri.iso) - dt.date.fromisoformat(greg.iso)).days) > 1
            )
        if disagree:
            fixed = replace(
                hijri,
                iso=greg.iso,
                year=greg.year,
                month=greg.month,
                day=greg.day,
                rule="pair_gregorian",
            )
            v1, v2 = (fixed, v2) if v1 is hijri else (v1, fixed)
        out[i] = (s1, e1, replace(v1, pair=(s2, e2), disagree=disagree))
        out[i + 1] = (s2, e2, replace(v2, pair=(s1, e1), disagree=disagree))
    return out


def _on_weekday(hijri: _Value, weekday_date: dt.date) -> _Value:
    """A yearless Hijri day moved to the year (of the one before, its own and the one after)
    in which it falls on the weekday of `weekday_date`, the nearest such; unchanged if none."""
    if hijri.iso is None:
        return hijri
    year, month, day = gregorian_to_hijri(dt.date.fromisoformat(hijri.iso))
    best = None
    for candidate in (year - 1, year, year + 1):
        try:
            g = hijri_to_gregorian(candidate, month, day)
        except ValueError:
            continue
        if g.weekday() == weekday_date.weekday() and (
            best is None or abs((g - weekday_date).days) < abs((best - weekday_date).days)
        ):
            best = g
    if best is None or best.isoformat() == hijri.iso:
        return hijri
    return replace(hijri, iso=best.isoformat(), year=best.year, month=best.month, day=best.day)


def _finish(found, text):
    found = _carry_year(_same_month(_day_word(found, text)), text)
    return _pair_dates(_ranges(_drop_weekday_before_date(found, text), text), text)


_DAY_WORD = frozenset(("يوم",))


def _day_word(found, text):
    """ "يوم 30/5/2018"، "يوم الخامس من يوليو": the word يوم before a date that opens with its
    day belongs to the span (the annotation guide), its proclitics left out."""
    out = []
    for s, e, v in found:
        if v.form in _DATE_FORMS and v.precision == "day" and s > 4 and text[s - 1] == " ":
            word = _WORD_BEFORE.search(text, max(0, s - 12), s)
            if word is not None and word.end(1) == s - 1 and _reads_as(word.group(1), _DAY_WORD):
                s = word.end(1) - 3
        out.append((s, e, v))
    return out


_EVERY_YEAR = re.compile(r"\s+(?:من\s+)?كل\s+(?:عام|سنة)(?!\w)")
# A sentence end between two dates stops a year from carrying over.
_SENTENCE_END = re.compile(r"[.!؟?\n]")


def _carry_year(found, text):
    """The year of an earlier date, within 300 code points: a month written with "من ذلك العام"
    or "من العام نفسه" takes the year of the closest date before it whose year is written
    (else it is left out); a Hijri month or Ramadan written again without a year in the same
    sentence as the same month with its year ("ففي رمضان 2017 ... حول شهر رمضان") is that
    one."""
    out: list[tuple[int, int, _Value]] = []
    for s, e, v in found:
        if v.rule == "previous_date" and v.form == "ex" and v.year is None:
            prev = next(
                (p.year for ps, pe, p in reversed(out) if p.rule == "written" and p.year),
                None,
            )
            if prev is None or s - out[-1][1] > 300:
                continue
            if v.day is not None and (v.month is None or not _valid_day(prev, v.month, v.day)):
                continue
            value = _day_or_month(prev, v.month or 1, v.day, False)
            v = replace(value, rule="previous_date", form=v.form, part=v.part)
        elif v.calendar == "hijri" and v.rule in ("nearest", "past_cue") and out:
            ps, pe, prev_value = out[-1]
            if (
                prev_value.calendar == "hijri"
                and prev_value.rule == "written"
                and prev_value.precision == v.precision == "month"
                and prev_value.iso is not None
                and v.iso is not None
                and s - pe <= 150
                and _SENTENCE_END.search(text, pe, s) is None
            ):
                first = dt.date.fromisoformat(prev_value.iso)
                same = (
                    gregorian_to_hijri(first)[1]
                    == gregorian_to_hijri(dt.date.fromisoformat(v.iso))[1]
                )
                if same:
                    v = replace(prev_value, rule="previous_date", form=v.form, pair=None)
        out.append((s, e, v))
    return out


def _same_month(found):
    """ "31 من الشهر نفسه" takes the month and year of the closest Gregorian date before it
    that has them; without one it is left out."""
    out: list[tuple[int, int, _Value]] = []
    for s, e, v in found:
        if v.rule == "previous_date" and v.month is None:
            prev = next(
                (
                    (p.year, p.month, p.relative)
                    for _, _, p in reversed(out)
                    if p.calendar == "gregorian" and p.year is not None and p.month is not None
                ),
                None,
            )
            if prev is None or v.day is None:
                continue
            year, month, relative = prev
            if year is None or month is None or not _valid_day(year, month, v.day):
                continue
            day = _day_value(dt.date(year, month, v.day), relative)
            v = replace(day, rule="previous_date", form=v.form)
        out.append((s, e, v))
    return out


# Between the two ends of a range: و، -، إلى، حتى، وحتى.
_RANGE_GAP = re.compile(r"\s*(?:[-–]|و|الي|حتي|و\s*حتي|و\s*الي)\s*")


def _ranges(found, text):
    """Two dates joined by و، -، إلى or حتى: "تموز/يوليو وتشرين الأول/أكتوبر 2016"، "من يناير
    إلى مارس 2018" (the year written once serves both ends) are one range, valued by its start
    in that year; two ends without a year ("من 3 مايو إلى 7 يونيو") are put in order: the first
    takes the year that puts it before the second; weekdays joined so follow each other."""
    found = list(found)
    out = []
    i = 0
    while i < len(found):
        item = found[i]
        nxt = found[i + 1] if i + 1 < len(found) else None
        first = item[2]
        if (
            nxt is not None
            and first.form == nxt[2].form == "wk"
            and first.iso is not None
            and nxt[2].iso is not None
            and first.rule in ("nearest", "past_cue", "future_cue")
            and nxt[2].rule in ("nearest", "past_cue", "future_cue")
            and _RANGE_GAP.fullmatch(text, item[1], nxt[0]) is not None
        ):
            # "يومي الجمعة والسبت": the second day follows the first
            day1 = dt.date.fromisoformat(first.iso)
            day2 = dt.date.fromisoformat(nxt[2].iso)
            ahead = day1 + dt.timedelta(days=(day2.weekday() - day1.weekday()) % 7)
            if ahead != day2:
                value = replace(_day_value(ahead, True), rule=first.rule, form="wk")
                found[i + 1] = (nxt[0], nxt[1], value)
        elif (
            nxt is not None
            and first.form == nxt[2].form == "ex"
            and first.rule not in ("written", None)
            and first.month is not None
            and nxt[2].year is not None
            and _RANGE_GAP.fullmatch(text, item[1], nxt[0]) is not None
        ):
            second = nxt[2]
            later = (first.month, first.day or 1) > (second.month, second.day or 1)
            year = second.year - later
            written = second.rule == "written"
            if (year != first.year or written) and (
                first.day is None or _valid_day(year, first.month, first.day)
            ):
                value = replace(
                    _day_or_month(year, first.month, first.day, not written),
                    rule="written" if written else first.rule,
                    form="ex",
                    part=first.part,
                )
                if written:  # one expression
                    out.append((item[0], nxt[1], value))
                    i += 2
                    continue
                item = (item[0], item[1], value)
        out.append(item)
        i += 1
    return out


_BETWEEN = frozenset(["بين"])
_NAMING_FORMS = ("wk", "dr")
_DATE_FORMS = ("ex", "num", "hij", "hn", "dm")


def _drop_weekday_before_date(found, text):
    """ "الثلاثاء 26 مارس"، "اليوم، 23 أغسطس": a weekday or today right before an explicit day
    only names it: one expression, with the explicit day's value. "الخميس الموافق 26/7/2018":
    the weekday takes the day's value and the two are a pair."""
    out = []
    i = 0
    while i < len(found):
        item = found[i]
        nxt = found[i + 1] if i + 1 < len(found) else None
        if (
            nxt is not None
            and item[2].form in _NAMING_FORMS
            and nxt[2].form in _DATE_FORMS
            and nxt[2].precision == "day"
        ):
            gap = text[item[1] : nxt[0]].strip(" ،,")
            if gap in ("", "في"):
                out.append((item[0], nxt[1], nxt[2]))
                i += 2
                continue
            bracketed = gap.strip("() ") == "" and "(" in text[item[0] - 1 : item[1] + 1]
            if (
                (bracketed or "موافق" in gap)
                and _PAIR_GAP.fullmatch(text, item[1], nxt[0])
                and nxt[2].iso
            ):
                value = replace(nxt[2], form=item[2].form, rule="pair_gregorian", relative=False)
                out.append((item[0], item[1], replace(value, pair=(nxt[0], nxt[1]))))
                out.append((nxt[0], nxt[1], replace(nxt[2], pair=(item[0], item[1]))))
                i += 2
                continue
        out.append(item)
        i += 1
    return out


def find_dates(text: str, reference: object = None) -> list[DateMention]:
    """Date expressions in `text`, in text order, with offsets into `text` itself.

    `reference` is the article's date (date, datetime, Timestamp or "YYYY-MM-DD"); without it
    relative expressions are found but left unresolved (iso None)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    normalized, offsets = _NORMALIZER.normalize_with_offsets(text)
    out = []
    for s, e, v in find_dates_normalized(normalized, reference):
        start, end = _span(offsets, text, s, e)
        pair = _span(offsets, text, *v.pair) if v.pair is not None else (None, None)
        part = offsets.to_original(v.part) if v.part is not None else None
        out.append(
            DateMention(
                start, end, text[start:end], v.iso, v.year, v.month, v.day, v.precision,
                v.relative, v.calendar, v.rule, pair[0], pair[1], v.disagree, part,
            )
        )  # fmt: skip
    return out


def _span(offsets, text: str, s: int, e: int) -> tuple[int, int]:
    """The span in the original text, with the tatweel the normalizer removed after its last
    letter (هـ) taken in."""
    start, end = offsets.span(s, e)
    while end < len(text) and text[end] == "\u0640":
        end += 1
    return start, end


def estimate_reference(text: str) -> dt.date | None:
    """The document date a text gives itself: its latest full explicit date (a day with month
    and year, Gregorian or Hijri, written out), or None. For documents without a date field."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    return _estimate(_NORMALIZER.normalize(text))


def _estimate(normalized: str) -> dt.date | None:
    days = [
        v.iso
        for _, _, v in find_dates_normalized(normalized, None)
        if v.precision == "day" and not v.relative and v.iso is not None and not v.disagree
    ]
    return dt.date.fromisoformat(max(days)) if days else None


def pair_agreement(dates: pd.DataFrame) -> tuple[int, int]:
    """(pairs, pairs that agree) among the Hijri-Gregorian pairs of a dates table: the
    corpus-level check of the Hijri conversion (a pair agrees when its days differ by at most
    one)."""
    hijri = dates[(dates["calendar"] == "hijri") & dates["pair_start"].notna()]
    return len(hijri), int((~hijri["disagree"].astype(bool)).sum())


# ---- tables -----------------------------------------------------------------------------


def _sentence_index(sentences: pd.DataFrame | None):
    """doc_id -> (sorted starts, sentence numbers) from a sentence table (doc_id, start, end
    and optionally sentence)."""
    if sentences is None:
        return {}
    missing = {"doc_id", "start"} - set(sentences.columns)
    if missing:
        raise ValueError(
            f"sentences needs columns doc_id, start (and end): missing {sorted(missing)}"
        )
    frame = sentences.sort_values(["doc_id", "start"], kind="stable")
    numbers = (
        frame["sentence"] if "sentence" in frame.columns else frame.groupby("doc_id").cumcount()
    )
    index: dict[object, tuple[list[int], list[int]]] = {}
    for doc_id, starts, nums in zip(
        frame["doc_id"], frame["start"].tolist(), numbers.tolist(), strict=True
    ):
        entry = index.setdefault(doc_id, ([], []))
        entry[0].append(starts)
        entry[1].append(nums)
    return index


def sentence_of(index_entry: tuple[list[int], list[int]] | None, position: int) -> int | None:
    if not index_entry:
        return None
    k = bisect_right(index_entry[0], position) - 1
    return index_entry[1][k] if k >= 0 else None


def _documents(documents: pd.DataFrame | Sequence[str]) -> pd.DataFrame:
    if isinstance(documents, pd.DataFrame):
        if "text" not in documents.columns:
            raise ValueError("documents needs a text column (and doc_id, date)")
        frame = documents
        if "doc_id" not in frame.columns:
            frame = frame.assign(doc_id=range(len(frame)))
        return frame
    if isinstance(documents, str):
        raise TypeError("documents must be a DataFrame or a list of texts, not one string")
    texts = list(documents)
    return pd.DataFrame({"doc_id": range(len(texts)), "text": texts})


def dates_table(
    documents: pd.DataFrame | Sequence[str], sentences: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every date in every document (columns: COLUMNS).

    `documents` has doc_id, text and optionally date (the reference for relative expressions),
    as Corpus.documents does; `sentences` optionally gives sentence spans (doc_id, start, end,
    and a sentence number, else their order in the document)."""
    frame = _documents(documents)
    index = _sentence_index(sentences)
    dates = frame["date"].tolist() if "date" in frame.columns else [None] * len(frame)
    texts = frame["text"].tolist()
    normalized = [
        _NORMALIZER.normalize_with_offsets(t if isinstance(t, str) else "") for t in texts
    ]
    rows: dict[str, list] = {c: [] for c in COLUMNS}
    for doc_id, text, (norm, offsets), date in zip(
        frame["doc_id"].tolist(), texts, normalized, dates, strict=True
    ):
        if not norm:
            continue
        entry = index.get(doc_id)
        reference = as_reference(date)
        if reference is None:
            reference = _estimate(norm)  # date_source "text"
        for s, e, v in find_dates_normalized(norm, reference):
            start, end = _span(offsets, text, s, e)
            pair = _span(offsets, text, *v.pair) if v.pair is not None else (None, None)
            rows["calendar"].append(v.calendar)
            rows["rule"].append(v.rule)
            rows["pair_start"].append(pair[0])
            rows["pair_end"].append(pair[1])
            rows["disagree"].append(v.disagree)
            rows["part_start"].append(offsets.to_original(v.part) if v.part is not None else None)
            rows["doc_id"].append(doc_id)
            rows["start"].append(start)
            rows["end"].append(end)
            rows["surface"].append(text[start:end])
            rows["iso"].append(v.iso)
            rows["year"].append(v.year)
            rows["month"].append(v.month)
            rows["day"].append(v.day)
            rows["precision"].append(v.precision)
            rows["relative"].append(v.relative)
            rows["sentence"].append(sentence_of(entry, start))
    out = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("start", "end"):
        out[column] = out[column].astype("int64")
    for column in ("year", "month", "day", "sentence", "pair_start", "pair_end", "part_start"):
        out[column] = out[column].astype("Int64")
    for column in ("relative", "disagree"):
        out[column] = out[column].astype(bool)
    return out


def date_sources(documents: pd.DataFrame) -> pd.Series:
    """Where each document's reference date comes from: "field" (the corpus gives it), "text"
    (estimated from its latest full explicit date, see estimate_reference) or None."""
    frame = _documents(documents)
    dates = frame["date"].tolist() if "date" in frame.columns else [None] * len(frame)
    out: list[str | None] = []
    for text, date in zip(frame["text"].tolist(), dates, strict=True):
        if as_reference(date) is not None:
            out.append("field")
        elif isinstance(text, str) and estimate_reference(text) is not None:
            out.append("text")
        else:
            out.append(None)
    return pd.Series(out, index=frame.index, dtype=object, name="date_source")
