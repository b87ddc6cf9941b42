"""The cue lexicon: event types and the TSV format of sahel/data/event_cues.tsv (docs/events.md)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from os import PathLike, fspath
from pathlib import Path

from sahel.extract.dates import (
    WordStarts,
)
from sahel.extract.events.tokens import _FUTURE, _NORMALIZER, fold, readings

# sahel's fine event types, each with its PLOVER event type (docs/events.md gives the table).
PLOVER = {
    "visit": "CONSULT", "meet": "CONSULT", "call": "CONSULT",
    "sign_agreement": "AGREE",
    "end_agreement": "REJECT", "suspend": "REJECT", "leave_organization": "REJECT",
    "reject": "REJECT",
    "military_cooperation": "COOPERATE", "economic_cooperation": "COOPERATE",
    "training": "COOPERATE", "form_alliance": "COOPERATE",
    "provide_aid": "AID", "humanitarian_aid": "AID", "economic_aid": "AID",
    "deploy_forces": "MOBILIZE",
    "withdraw_forces": "RETREAT",
    "coup": "COERCE", "arrest": "COERCE",
    "attack": "ASSAULT", "clash": "ASSAULT",
    "sanction": "SANCTION",
    "protest": "PROTEST",
    "condemn": "ACCUSE", "criticize": "ACCUSE", "accuse": "ACCUSE",
    "praise": "SUPPORT", "support": "SUPPORT",
    "call_on": "REQUEST",
    "warn": "THREATEN", "threaten": "THREATEN",
    "concede": "CONCEDE",
}  # fmt: skip
# PLOVER's quad classes: words and deeds, cooperation and conflict.
QUAD_CLASS = {
    "AGREE": "verbal cooperation", "CONSULT": "verbal cooperation",
    "SUPPORT": "verbal cooperation", "CONCEDE": "verbal cooperation",
    "COOPERATE": "material cooperation", "AID": "material cooperation",
    "RETREAT": "material cooperation",
    "REQUEST": "verbal conflict", "ACCUSE": "verbal conflict", "REJECT": "verbal conflict",
    "THREATEN": "verbal conflict",
    "PROTEST": "material conflict", "SANCTION": "material conflict",
    "MOBILIZE": "material conflict", "COERCE": "material conflict",
    "ASSAULT": "material conflict",
}  # fmt: skip
EVENT_TYPES = tuple(PLOVER)
# Statements: the speaker is actor1, the one the statement is about actor2; a deed reported
# inside the statement ("أدانت السعودية الهجوم الإسرائيلي") keeps its own actor, never the
# speaker.
STATEMENTS = frozenset(
    {"condemn", "criticize", "accuse", "praise", "support", "call_on", "warn", "threaten",
     "reject"}
)  # fmt: skip
# Undirected: one record per pair, actor1 the one written first.
SYMMETRIC = frozenset({"military_cooperation", "sign_agreement", "meet", "call"})

GAP_DEFAULT = 3


# ---- the lexicon ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Slot:
    """One word of a cue (alternatives: whole words and stems), or a gap of up to `gap` words."""

    words: frozenset[str] = frozenset()
    stems: tuple[str, ...] = ()
    gap: int = 0

    def matches(self, forms: Iterable[tuple[str, bool]]) -> bool:
        for form, _ in forms:
            if form in self.words or form.startswith(self.stems):
                return True
        return False


@dataclass(frozen=True, slots=True)
class Cue:
    event_type: str
    text: str
    slots: tuple[Slot, ...]
    near: Slot | None
    not_near: Slot | None
    actor2_types: frozenset[str] | None
    line: int
    object_after: bool = False  # an actor right after the cue is its object, not its subject
    victim: bool = False  # the subject suffers the event (تعرض لهجوم): it is actor2

    @property
    def size(self) -> int:
        return sum(1 for s in self.slots if not s.gap)


class CueError(ValueError):
    """A malformed cue lexicon; the message names the file and line."""


def _word_slot(spec: str, where: str) -> Slot:
    words, stems = set(), []
    for alt in spec.split("|"):
        alt = alt.strip()
        if not alt:
            raise CueError(f"{where}: empty alternative in {spec!r}")
        stem = alt.endswith("*")
        form = fold(_NORMALIZER.normalize(alt.rstrip("*")))
        if not form or not all(ch.isalnum() for ch in form):
            raise CueError(f"{where}: {alt!r} is not a word")
        if stem and len(form) < 3:
            raise CueError(f"{where}: stem {alt!r} is shorter than 3 letters; list whole words")
        (stems.append(form) if stem else words.add(form))
    return Slot(frozenset(words), tuple(stems))


def _parse_cue(text: str, where: str) -> tuple[Slot, ...]:
    slots: list[Slot] = []
    for part in text.split():
        if part.startswith("…"):
            if not slots or slots[-1].gap:
                raise CueError(f"{where}: a gap must follow a word")
            try:
                gap = int(part[1:]) if len(part) > 1 else GAP_DEFAULT
            except ValueError:
                raise CueError(f"{where}: write a gap as … or …N, not {part!r}") from None
            slots.append(Slot(gap=gap))
        else:
            slots.append(_word_slot(part, where))
    if not slots or slots[-1].gap:
        raise CueError(f"{where}: a cue must begin and end with a word")
    return tuple(slots)


def _parse_requires(text: str, where: str):
    near = not_near = actor2 = None
    object_after = victim = False
    for item in filter(None, (p.strip() for p in text.split(";"))):
        key, sep, value = item.partition("=")
        if not sep or not value.strip():
            raise CueError(f"{where}: write a condition as name=value, not {item!r}")
        key = key.strip()
        if key == "near":
            near = _word_slot(value, where)
        elif key == "not_near":
            not_near = _word_slot(value, where)
        elif key == "actor2":
            actor2 = frozenset(v.strip() for v in value.split("|"))
        elif key == "after":
            if value.strip() != "object":
                raise CueError(f"{where}: write after=object, not after={value.strip()}")
            object_after = True
        elif key == "subject":
            if value.strip() != "victim":
                raise CueError(f"{where}: write subject=victim, not subject={value.strip()}")
            victim = True
        else:
            raise CueError(
                f"{where}: unknown condition {key!r}: use near, not_near, actor2, after or subject"
            )
    return near, not_near, actor2, object_after, victim


class CueLexicon:
    """The cues of one or more TSV files, indexed by the words a cue can open with."""

    def __init__(self, cues: Sequence[Cue]):
        self.cues = tuple(cues)
        by_word: dict[str, list[Cue]] = {}
        by_stem: dict[str, list[Cue]] = {}
        for cue in self.cues:
            first = cue.slots[0]
            for w in first.words:
                by_word.setdefault(w, []).append(cue)
            for s in first.stems:
                by_stem.setdefault(s, []).append(cue)
        self._by_word = by_word
        self._by_stem = by_stem
        self._stem_lengths = sorted({len(s) for s in by_stem})
        self._candidates: dict[str, tuple[Cue, ...]] = {}
        # The anchor pass reads normalized, unfolded text: a folded final ه may be a ة there.
        firsts = {*by_word, *by_stem}
        firsts |= {w[:-1] + "ة" for w in firsts if w.endswith("ه")}
        # The core reads و ف ب ك ل and the article; the future prefix س of a verb is the
        # lexicon's own (سيزور، وستوقع).
        self.anchors = WordStarts(firsts | {_FUTURE + w for w in firsts})

    @classmethod
    def load(cls, *paths: str | PathLike) -> CueLexicon:
        cues: list[Cue] = []
        for path in paths:
            cues.extend(_read_cues(Path(fspath(path))))
        return cls(cues)

    @classmethod
    def default(cls) -> CueLexicon:
        return _default_lexicon()

    def candidates(self, word: str) -> tuple[Cue, ...]:
        """Cues whose first word matches `word` (normalized, folded) through its proclitics,
        longest first, then in file order."""
        cues = self._candidates.get(word)
        if cues is None:
            cues = self._candidates[word] = self._find_candidates(readings(word))
        return cues

    def _find_candidates(self, forms) -> tuple[Cue, ...]:
        found: dict[int, Cue] = {}
        for form, _ in forms:
            for cue in self._by_word.get(form, ()):
                found[id(cue)] = cue
            for n in self._stem_lengths:
                if n > len(form):
                    break
                for cue in self._by_stem.get(form[:n], ()):
                    found[id(cue)] = cue
        return tuple(sorted(found.values(), key=lambda c: (-c.size, c.line)))

    def __len__(self) -> int:
        return len(self.cues)


def _read_cues(path: Path) -> list[Cue]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as e:
        raise CueError(f"{path}: not UTF-8 ({e})") from None
    cues = []
    header_seen = False
    for number, raw in enumerate(lines, 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        where = f"{path}:{number}"
        fields = raw.split("\t")
        if not header_seen:
            header_seen = True
            if fields[:2] == ["event_type", "cue"]:
                continue
        if len(fields) < 2 or len(fields) > 4:
            raise CueError(f"{where}: expected 2 to 4 tab-separated fields, found {len(fields)}")
        event_type, cue_text = fields[0].strip(), fields[1].strip()
        if event_type not in EVENT_TYPES:
            known = ", ".join(EVENT_TYPES)
            raise CueError(f"{where}: unknown event type {event_type!r}: choose one of {known}")
        slots = _parse_cue(cue_text, where)
        near, not_near, actor2, object_after, victim = _parse_requires(
            fields[2] if len(fields) > 2 else "", where
        )
        cues.append(
            Cue(event_type, cue_text, slots, near, not_near, actor2, number, object_after, victim)
        )
    return cues


@cache
def _default_lexicon() -> CueLexicon:
    with resources.as_file(resources.files("sahel") / "data" / "event_cues.tsv") as path:
        return CueLexicon.load(path)
