"""A sentence as tokens: words of the original text with their normalized forms and clauses."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from sahel.extract.dates import (
    WEEKDAYS,
)
from sahel.text import words as _words
from sahel.text.normalize import Normalizer

_NORMALIZER = Normalizer("search")
_BREAK = re.compile(r"[،,؛;:]")
_NORM_WORD = re.compile(r"\w+")
_DAY_WORDS = frozenset({*(w.replace("ة", "ه") for w in WEEKDAYS), "يوم", "مساء", "صباح", "ليله"})
# How far (code points) from a comma a date that sets it off may start: longer than any date
# expression and than a weekday between them.
_DATE_REACH = 200
_TWO_WORDS_BEFORE = re.compile(r"(?:(\w+)\W+)?(\w+)\W*$")


# ---- words ----------------------------------------------------------------------------------

# The future prefix of a verb (سيزور، وستوقع). The core's word model does not read it as a
# proclitic (a س opens too many nouns); events read it here, and only here: cue words match
# after it, and a cue opened by it is future.
_FUTURE = "س"
_FUTURE_AFTER = frozenset({"", "و", "ف"})  # what may stand before it: nothing, a conjunction


def fold(word: str) -> str:
    """Normalized text as the lexicon compares it: teh marbuta read as heh."""
    return word.replace("ة", "ه")


@lru_cache(maxsize=1 << 17)
def readings(word: str) -> tuple[tuple[str, bool], ...]:
    """The forms of a normalized, folded word with its proclitics taken off (the core's
    readings: و/ف, ب/ك/ل, ال/لل), the word itself first, each with whether the future prefix
    س was among them: a verb's stem after س, itself after at most a conjunction, keeps at least
    two letters. (Cached: news vocabulary repeats.)"""
    core = _words.readings(word)
    out = [(r.stem, False) for r in core]
    out += [
        (r.stem[1:], True)
        for r in core
        if not r.article
        and r.proclitic in _FUTURE_AFTER
        and r.stem.startswith(_FUTURE)
        and len(r.stem) >= 3
    ]
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def conjunction_free(word: str) -> str:
    """A normalized word without its conjunction و/ف (وبعد -> بعد), as the core reads it.
    (Cached: the rules ask it of the same few words again and again.)"""
    for r in _words.readings(word):
        if r.proclitic in ("و", "ف") and not r.article:
            return r.stem
    return word


# ---- sentences as tokens ------------------------------------------------------------------


@dataclass(slots=True)
class _Token:
    start: int  # original offsets
    end: int
    word: str  # normalized, folded
    forms: tuple[tuple[str, bool], ...]


@lru_cache(maxsize=1 << 17)
def _analysed(form: str) -> tuple[str, tuple[tuple[str, bool], ...]]:
    """A normalized word folded, with its readings: one cached look-up per token."""
    word = fold(form)
    return word, readings(word)


@dataclass(slots=True)
class _Actor:
    start: int
    end: int
    entity: str
    type: str
    kind: str
    proclitic: str
    place: bool = False  # a city or region standing for its country as a location only
    first: int = 0  # token indices
    last: int = 0
    role: str | None = None
    group: int = -1


class _Tokens:
    """The words of text[start:end] with their original offsets, each normalized on its own
    (marks, tatweel and invisible characters inside a word belong to it, as normalization
    deletes them); clauses are numbered by the commas, semicolons and colons between words.
    A word is analysed when first looked at: most of a sentence never is. The clause of every
    token is numbered once, on first use, and again after `breaks` changes."""

    __slots__ = ("text", "starts", "ends", "forms", "_breaks", "_clauses", "_made")

    def __init__(self, text: str, start: int, end: int, dates: Sequence[_Date] = ()):
        self.text = text
        found = _words.words(text[start:end], _NORMALIZER)
        self.starts = list(map(start.__add__, found.starts))
        self.ends = list(map(start.__add__, found.ends))
        self.forms = found.forms
        self._made: list[_Token | None] = [None] * len(self.starts)
        # Commas around a date ("استقبل رئيسي، الثلاثاء 16 يناير، رئيس الوزراء") set it off,
        # they do not end a clause.
        # Only the dates a few words around a comma can set it off: looked up by bisection,
        # so that a long sentence with many dates stays linear.
        breaks = []
        if dates:
            date_starts = [d.start for d in dates]
            for m in _BREAK.finditer(text, start, end):
                lo = bisect_left(date_starts, m.start() - _DATE_REACH)
                hi = bisect_right(date_starts, m.end() + _DATE_REACH)
                if not any(
                    _sets_off(text[m.end() : d.start])
                    if d.start >= m.end()
                    else d.end <= m.start() and not text[d.end : m.start()].strip()
                    for d in dates[lo:hi]
                ):
                    breaks.append(m.start())
        else:
            breaks = [m.start() for m in _BREAK.finditer(text, start, end)]
        self._breaks = breaks
        self._clauses: list[int] | None = None

    @property
    def breaks(self) -> list[int]:
        """Original offsets of the punctuation that ends a clause, in order."""
        return self._breaks

    @breaks.setter
    def breaks(self, value: list[int]) -> None:
        self._breaks = value
        self._clauses = None

    def clause(self, k: int) -> int:
        if not self._breaks:
            return 0
        clauses = self._clauses
        if clauses is None:
            clauses = self._clauses = [bisect_right(self._breaks, s) for s in self.starts]
        return clauses[k]

    def where(self, pattern: re.Pattern, lo: int, hi: int) -> list[int]:
        """Indices of the tokens in lo..hi-1 whose original text holds `pattern`."""
        lo, hi = max(lo, 0), min(hi, len(self.starts))
        if lo >= hi:
            return []
        found = {
            bisect_right(self.starts, m.start()) - 1
            for m in pattern.finditer(self.text, self.starts[lo], self.ends[hi - 1])
        }
        return sorted(k for k in found if lo <= k < hi)

    def contains(self, pattern: re.Pattern, lo: int, hi: int) -> bool:
        """Whether `pattern` occurs in the original text of tokens lo..hi-1: a cheap test
        before looking at the words one by one."""
        lo, hi = max(lo, 0), min(hi, len(self.starts))
        return lo < hi and pattern.search(self.text, self.starts[lo], self.ends[hi - 1]) is not None

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, k: int) -> _Token:
        token = self._made[k]
        if token is None:
            word, forms = _analysed(self.forms[k])
            token = self._made[k] = _Token(self.starts[k], self.ends[k], word, forms)
        return token

    def range(self, lo: int, hi: int) -> list[_Token]:
        return [self[k] for k in range(max(lo, 0), min(hi, len(self.starts)))]


def _sets_off(gap: str) -> bool:
    """Whether a comma followed by `gap` and then a date sets the date off: nothing between, or
    only a weekday ("، الثلاثاء 16 يناير"، "، يوم الأربعاء 20 مارس")."""
    words = gap.split()
    return len(words) <= 2 and all(_word(w) in _DAY_WORDS for w in words)


@lru_cache(maxsize=1 << 18)
def _word(raw: str) -> str:
    return fold(_NORMALIZER.normalize(raw))


# ---- one sentence ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Date:
    start: int
    end: int
    iso: str | None
    precision: str
