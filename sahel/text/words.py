"""Words, proclitic readings and word lists over Arabic text: thin typed wrappers over the C
core's word scanner and lexicon automaton. Every span is in code points of the ORIGINAL text;
the proclitic rules (و ف، ب ك ل، ال، لل) and the character classes live in the core alone."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache, partial
from typing import NamedTuple

from sahel import _core
from sahel.text.normalize import Normalizer, option_bits

__all__ = ["Lexicon", "LexiconHit", "Reading", "Words", "readings", "words"]


class Words(NamedTuple):
    """The words of a text, as columns. text[starts[i]:ends[i]] is the i-th word as written
    (the marks and tatweel right after it included), forms[i] its normalized form, and
    joined[i] whether only separators (spaces, tatweel, marks, invisible controls) stand
    between it and the word before: whether the two may belong to one phrase."""

    starts: list[int]
    ends: list[int]
    forms: list[str]
    joined: list[bool]


def _settings(preset: str | Normalizer, options: Mapping[str, bool]) -> int:
    """The core's option bits: a preset name with options (the keywords of sahel.normalize),
    or the settings of a Normalizer."""
    if isinstance(preset, Normalizer):
        if options:
            raise TypeError("give options to the Normalizer, not beside it")
        return preset.bits
    return option_bits(preset, **options)


def words(text: str, preset: str | Normalizer = "search", **options: bool) -> Words:
    """The words the core finds in `text` normalized with `preset` (a preset name or a
    Normalizer) and `options` (the keywords of sahel.normalize), in text order."""
    return Words(*_core.words(text, _settings(preset, options)))


class Reading(NamedTuple):
    """One way to read a word: proclitic + article + stem == the word. `proclitic` holds the
    conjunction و/ف and the preposition ب/ك/ل, `article` is ال (or the ل left of it in لل)
    or empty, and `stem` keeps at least two letters unless nothing was taken off."""

    proclitic: str
    article: str
    stem: str


@lru_cache(maxsize=1 << 16)
def readings(word: str) -> tuple[Reading, ...]:
    """Every reading of one normalized word (a form from words()): the word unsplit first,
    then by increasing proclitic + article. Empty for an empty word. (Cached: news vocabulary
    repeats.)"""
    return tuple(
        Reading(word[:proclitic], word[proclitic:stem], word[stem:])
        for proclitic, stem, _ in _core.readings(word)
    )


class LexiconHit(NamedTuple):
    """An entry found in a text, with indices into the original text: text[start:end] is the
    span (proclitics included; for a prefix entry the whole last word), text[start:stem] the
    conjunction and preposition, text[stem:bare] the article (ال, or the second ل of لل)."""

    value: int
    start: int
    stem: int
    bare: int
    end: int


_new_hit = partial(tuple.__new__, LexiconHit)

Entry = tuple[str, int] | tuple[str, int, bool] | tuple[str, int, bool, bool]


def _core_entry(item: object, where: str) -> tuple[str, int, int]:
    if not isinstance(item, tuple) or not 2 <= len(item) <= 4:
        raise TypeError(
            f"{where} must be a (phrase, value[, prefix[, no_proclitics]]) tuple, not {item!r}"
        )
    phrase, value, *switches = item
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{where}: value must be int, not {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{where}: value must be >= 0, not {value}")
    if not all(isinstance(s, bool) for s in switches):
        raise TypeError(f"{where}: prefix and no_proclitics must be True or False")
    prefix, no_proclitics = (*switches, False, False)[:2]
    flags = (_core.LEX_PREFIX if prefix else 0) | (_core.LEX_NO_PROCLITICS if no_proclitics else 0)
    return (phrase, value, flags)


class Lexicon:
    """A compiled word list: words and phrases, each reporting an int value, found in a text
    through the proclitics the core reads (و ف ب ك ل, ال, لل). Every hit is reported, nested
    and overlapping ones included.

    An entry's first word is compared with every reading of a text word: written with ال it
    needs an article in the text (النيجر: والنيجر، للنيجر), written without the article is
    optional (اتفاق: الاتفاق، باتفاق). A prefix entry's last word matches any text word that
    begins with it (اتفاق: اتفاقية). Later words of a phrase are whole text words, with only
    spaces, tatweel, marks or invisible controls between them; no_proclitics keeps the first
    word as written. Entries are normalized like texts, with `preset` (a preset name or a
    Normalizer) and `options`.

    Read-only once built: threads may share one (the GIL is released on long texts). Pickles
    by rebuilding from its entries."""

    __slots__ = ("_core", "_entries", "preset", "options")

    def __init__(
        self,
        entries: Mapping[str, int] | Iterable[Entry],
        *,
        preset: str | Normalizer = "search",
        **options: bool,
    ):
        if isinstance(entries, (str, bytes)):
            raise TypeError("entries must be a mapping or an iterable of tuples, not a string")
        items = list(entries.items() if isinstance(entries, Mapping) else entries)
        self._entries = tuple(items)
        self.preset = preset
        self.options = options
        core_entries = [_core_entry(item, f"entries[{i}]") for i, item in enumerate(items)]
        self._core = _core.Lexicon(_settings(preset, options), core_entries)

    def find(self, text: str) -> list[LexiconHit]:
        """Every hit in `text`, by start, longest first, then by stem, bare and value."""
        return list(map(_new_hit, zip(*self._core.find(text), strict=True)))

    def stats(self) -> dict[str, int]:
        """Sizes of the compiled automaton: entries, words, nodes, bytes."""
        return self._core.stats()

    def __len__(self) -> int:
        """The number of distinct (phrase, value, flags) entries."""
        return self._core.stats()["entries"]

    def __sizeof__(self) -> int:
        return object.__sizeof__(self) + self._core.__sizeof__()

    def __reduce__(self) -> tuple[Callable[..., Lexicon], tuple[object, ...]]:
        return (_rebuild, (self._entries, self.preset, self.options))

    def __repr__(self) -> str:
        return f"Lexicon({len(self)} entries, preset={self.preset!r})"


def _rebuild(
    entries: tuple[Entry, ...], preset: str | Normalizer, options: dict[str, bool]
) -> Lexicon:
    return Lexicon(entries, preset=preset, **options)
