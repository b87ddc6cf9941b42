"""The outlet's country: news outlets by the name a corpus's `source` field gives them, the
country each is based in, and the unnamed references («المملكة», «البلاد», «الحكومة»,
«العاصمة») that a national outlet's text makes to its own country (docs/outlets.md).

The four words are a word list found by the core's lexicon (proclitics and the article read
there); what the text names around them are the matcher's mentions. A word resolves only where
the text gives no other state: a missing mention rather than a wrong one."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import NamedTuple

from sahel.text.gazetteer import Gazetteer
from sahel.text.words import Lexicon, words

__all__ = [
    "HomeHit", "HomeResolver", "Outlet", "default_outlets", "parse_source_countries",
    "source_key", "source_countries",
]  # fmt: skip

_STATE_TYPES = frozenset({"country", "territory"})
SCOPES = ("national", "international")
OUTLET_COLUMNS = ("sources", "outlet", "label", "country", "scope", "reference")

# The words, each with what it stands for: the state, or its capital.
_WORDS = {"المملكة": "kingdom", "البلاد": "state", "الحكومة": "state", "العاصمة": "capital"}
_GAP = 3  # code points of spaces between the word and a name that qualifies it
_SENTENCE_ENDS = ".!?؟\n"


@dataclass(frozen=True)
class Outlet:
    """One row of the outlets file: the spellings of the source field, the gazetteer entity
    (or None), a label, the country's id, national or international scope, and where the facts
    were read."""

    sources: tuple[str, ...]
    outlet: str | None
    label: str
    country: str
    scope: str
    reference: str


def source_key(source: object) -> str:
    """A source field's value compared with case, spaces and punctuation ignored: Al-Riyadh,
    alriyadh and AL RIYADH are one key."""
    return "".join(ch for ch in str(source).casefold() if ch.isalnum())


def _read_outlets(text: str, where: str) -> list[Outlet]:
    rows = [
        (number, line)
        for number, line in enumerate(text.splitlines(), 1)
        if line.strip() and not line.startswith("#")
    ]
    if not rows or tuple(rows[0][1].split("\t")) != OUTLET_COLUMNS:
        header = " ".join(OUTLET_COLUMNS)
        raise ValueError(f"{where}: the header must be {header} (tab-separated)")
    outlets = []
    seen: dict[str, int] = {}
    for number, line in rows[1:]:
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(cells) != len(OUTLET_COLUMNS):
            expected = len(OUTLET_COLUMNS)
            raise ValueError(f"{where}:{number}: {len(cells)} fields, expected {expected}")
        sources, outlet, label, country, scope, reference = (c.strip() for c in cells)
        if scope not in SCOPES:
            raise ValueError(f"{where}:{number}: scope {scope!r} is not one of {SCOPES}")
        spellings = tuple(s.strip() for s in sources.split("|") if s.strip())
        for spelling in spellings:
            key = source_key(spelling)
            if not key or seen.get(key, number) != number:
                raise ValueError(
                    f"{where}:{number}: the source {spelling!r} is empty or already on line "
                    f"{seen.get(key)}"
                )
            seen[key] = number
        outlets.append(
            Outlet(spellings, None if outlet == "-" else outlet, label, country, scope, reference)
        )
    return outlets


@lru_cache(maxsize=1)
def default_outlets() -> tuple[Outlet, ...]:
    """The outlets of sahel/data/outlets.tsv, read once."""
    text = files("sahel").joinpath("data", "outlets.tsv").read_text(encoding="utf-8")
    return tuple(_read_outlets(text, "sahel/data/outlets.tsv"))


def parse_source_countries(items: Iterable[str]) -> dict[str, str]:
    """SOURCE=COUNTRY strings (the command line's --source-country) as a mapping."""
    found = {}
    for item in items:
        source, sep, country = str(item).rpartition("=")
        if not sep or not source.strip() or not country.strip():
            raise ValueError(
                f"{item!r} is not SOURCE=COUNTRY: give the source field's value and an ISO "
                "3166 code, e.g. alriyadh=SA"
            )
        found[source.strip()] = country.strip()
    return found


def source_countries(
    extra: Mapping[str, str] | None = None, gazetteer: Gazetteer | None = None
) -> dict[str, str]:
    """The home country of each national outlet by source key (source_key): the default
    outlets of national scope whose country `gazetteer` (the default one when None) has, then
    `extra` ({source: country id}, the user's own outlets, which win). Each country of `extra`
    must be a country or territory of the gazetteer: ValueError names an unknown one."""
    if gazetteer is None:
        gazetteer = Gazetteer.default()
    states = {eid for eid, e in gazetteer.entities.items() if e.type in _STATE_TYPES}
    # A gazetteer without the outlet's country (a user's own) leaves that outlet out.
    found = {
        source_key(spelling): outlet.country
        for outlet in default_outlets()
        if outlet.scope == "national" and outlet.country in states
        for spelling in outlet.sources
    }
    if extra is None:
        return found
    if not isinstance(extra, Mapping):
        raise TypeError(
            f"source_countries must be a mapping {{source: country id}}, not {type(extra).__name__}"
        )
    for source, country in extra.items():
        if not isinstance(source, str) or not isinstance(country, str):
            raise TypeError(f"source_countries: {source!r}: {country!r} must be two strings")
        key = source_key(source)
        if not key:
            raise ValueError(f"source_countries: the source {source!r} has no letter or digit")
        found[key] = check_country(country, gazetteer, f"the country of source {source!r}")
    return found


def check_country(country: str, gazetteer: Gazetteer, what: str = "country") -> str:
    """`country` if it is a country or territory of the gazetteer (an upper-cased ISO code is
    accepted in lower case), else ValueError."""
    code = country.strip()
    entity = gazetteer.entities.get(code) or gazetteer.entities.get(code.upper())
    if entity is None or entity.type not in _STATE_TYPES:
        raise ValueError(
            f"{what}: {country!r} is no country of the gazetteer: give an ISO 3166 alpha-2 code "
            "such as SA, EG, AE (the ids of type country in sahel.Gazetteer.default())"
        )
    return entity.id


class HomeHit(NamedTuple):
    """text[start:end] (its proclitic text[start:stem]) stands for `entity_id`, the home
    country or its capital; `word` is the word as listed (المملكة ...)."""

    start: int
    stem: int
    end: int
    entity_id: str
    word: str


class HomeResolver:
    """The unnamed references of one gazetteer. Read-only once built: threads may share one."""

    def __init__(self, gazetteer: Gazetteer):
        entities = gazetteer.entities
        self._words = list(_WORDS)
        self._lexicon = Lexicon([(w, i) for i, w in enumerate(self._words)])
        # A kingdom is a state one of whose names begins with «المملكة» or «مملكة».
        kingdom = {words(w).forms[0] for w in ("المملكة", "مملكة")}
        self._kingdoms = frozenset(
            e.id
            for e in entities.values()
            if e.type in _STATE_TYPES and any(words(a).forms[0] in kingdom for a in e.aliases)
        )
        capitals: dict[str, list[str]] = {}
        for e in entities.values():
            if e.type == "city" and e.refers_to:
                capitals.setdefault(e.refers_to, []).append(e.id)
        self._capital = {state: ids[0] for state, ids in capitals.items() if len(ids) == 1}

    @property
    def kingdoms(self) -> frozenset[str]:
        """The states «المملكة» may stand for."""
        return self._kingdoms

    def find(
        self, text: str, mentions: Sequence[tuple[int, int, str | None]], home: str
    ) -> list[HomeHit]:
        """The words in `text` that stand for `home` (a state's id). `mentions` are the
        matcher's mentions as (start, end, state), state being the country the mention names or
        belongs to (None for none), in any order.

        A word resolves when it carries the article, lies in no mention (المملكة المتحدة), no
        mention follows it (الحكومة المصرية، العاصمة الرياض), and the paragraph up to the end
        of its sentence names no other state (for المملكة: no other kingdom; it resolves only
        when home is a kingdom); العاصمة resolves to home's capital."""
        hits = self._lexicon.find(text)
        if not hits:
            return []
        spans = sorted((s, e) for s, e, _ in mentions)
        starts = {s for s, _ in spans}
        out = []
        for value, start, stem, bare, end in hits:
            if bare == stem:
                continue  # no article: «حكومة» heads a construct (حكومة الوفاق)
            word = self._words[value]
            meaning = _WORDS[word]
            target = home
            if meaning == "kingdom" and home not in self._kingdoms:
                continue
            if meaning == "capital":
                target = self._capital.get(home, "")
                if not target:
                    continue
            if any(s < end and start < e for s, e in spans):
                continue
            if _followed_by_mention(text, end, starts):
                continue
            paragraph = text.rfind("\n", 0, start) + 1
            ends = (text.find(c, end) for c in _SENTENCE_ENDS)
            stop = min((i for i in ends if i >= 0), default=len(text))
            others = {
                state
                for s, e, state in mentions
                if paragraph <= s < stop and state is not None and state != home
            }
            if meaning == "kingdom":
                others &= self._kingdoms
            if others:
                continue
            out.append(HomeHit(start, stem, end, target, word))
        return out


def _followed_by_mention(text: str, end: int, starts: set[int]) -> bool:
    """Whether a mention starts after `end` with only spaces between (at most _GAP)."""
    for gap in range(_GAP + 1):
        at = end + gap
        if gap and (at - 1 >= len(text) or text[at - 1] not in " \u00a0"):
            return False
        if at in starts:
            return True
    return False
