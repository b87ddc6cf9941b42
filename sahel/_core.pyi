"""Type stubs for the C extension sahel._core (csrc/_coremodule.c)."""

from collections.abc import Sequence
from typing import final

NORM_DIACRITICS: int
NORM_EXTENDED_MARKS: int
NORM_TATWEEL: int
NORM_ALEF: int
NORM_ALEF_MAKSURA: int
NORM_TEH_MARBUTA: int
NORM_HAMZA_SEATS: int
NORM_PERSIAN_LETTERS: int
NORM_DIGITS: int
NORM_PUNCTUATION: int
NORM_PRESENTATION_FORMS: int
NORM_INVISIBLE: int
NORM_SPACES: int
NORM_COLLAPSE_SPACES: int
NORM_PRESET_SEARCH: int
NORM_PRESET_CAMEL: int
ALIAS_ARTICLE_OPTIONAL: int
ALIAS_NO_PROCLITICS: int
ALIAS_AMBIGUOUS: int
CONTEXT_BEFORE: int
CONTEXT_AFTER: int
REJECT: int
ACCEPT: int
DECIDED_PLAIN: int
DECIDED_RULE_ACCEPT: int
DECIDED_DEFAULT_ACCEPT: int
DECIDED_RULE_REJECT: int
DECIDED_DEFAULT_REJECT: int
FIND_OVERLAPPING: int
FIND_KEEP_REJECTED: int
LEX_PREFIX: int
LEX_NO_PROCLITICS: int
RELEASE_GIL_FROM: int

def normalize(text: str, options: int, /) -> str: ...
def normalize_with_offsets(text: str, options: int, /) -> tuple[str, bytes, bytes]: ...
def normalize_many(texts: Sequence[str], options: int, /) -> list[str]: ...
def words(text: str, options: int, /) -> tuple[list[int], list[int], list[str], list[bool]]: ...
def readings(word: str, /) -> tuple[tuple[int, int, bool], ...]: ...

@final  # a C type without Py_TPFLAGS_BASETYPE
class Matcher:
    def __new__(
        cls,
        options: int,
        aliases: Sequence[tuple[str, int, int]],
        rules: Sequence[tuple[int, int, str, int]],
        defaults: Sequence[tuple[int, int]],
    ) -> Matcher: ...
    def find(self, text: str, flags: int, /) -> tuple[bytes, bytes, bytes, bytes, bytes]: ...
    def find_many(
        self, texts: Sequence[str], flags: int, /
    ) -> tuple[bytes, bytes, bytes, bytes, bytes, bytes, bytes, bytes]: ...
    def stats(self) -> dict[str, int]: ...

@final  # a C type without Py_TPFLAGS_BASETYPE
class Lexicon:
    def __new__(cls, options: int, entries: Sequence[tuple[str, int, int]]) -> Lexicon: ...
    @property
    def options(self) -> int: ...
    @property
    def entries(self) -> tuple[tuple[str, int, int], ...]: ...
    def find(
        self, text: str, /
    ) -> tuple[list[int], list[int], list[int], list[int], list[int]]: ...
    def stats(self) -> dict[str, int]: ...

def hijri_to_gregorian(year: int, month: int, day: int, /) -> tuple[int, int, int]: ...
def gregorian_to_hijri(year: int, month: int, day: int, /) -> tuple[int, int, int]: ...
def hijri_month_length(year: int, month: int, /) -> int: ...
