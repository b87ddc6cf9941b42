"""Actor–event–actor records from Arabic news sentences, typed by the cue lexicon in
sahel/data/event_cues.tsv (categories after CAMEO and PLOVER). Cues are matched on normalized
words through their proclitics; actors are the gazetteer mentions of the same sentence.
Rules and lexicon format: docs/events.md."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import compress
from os import PathLike, fspath
from pathlib import Path

import pandas as pd

from sahel.extract.dates import (
    WEEKDAYS,
    DateMention,
    WordStarts,
    as_reference,
    find_dates_normalized,
    prefixed,
)
from sahel.text.normalize import Normalizer

EVENT_TYPES = (
    "military_cooperation", "training", "sign_agreement", "end_agreement", "deploy_forces",
    "withdraw_forces", "provide_aid", "coup", "attack", "meet", "call", "visit",
    "leave_organization", "form_alliance",
)  # fmt: skip
# Undirected: one record per pair, actor1 the one written first.
SYMMETRIC = frozenset({"military_cooperation", "sign_agreement", "meet", "call"})
# Gazetteer types that act; places act only through refers_to (a capital for its country).
ACTOR_TYPES = frozenset({"country", "person", "organization", "armed_group", "alliance", "mission"})
# Places act only as where something happened, for their country: "زار وفد روسي نيامي".
PLACE_TYPES = frozenset({"city", "region", "place", "facility"})

COLUMNS = [
    "doc_id", "sentence", "event_type", "cue", "cue_start", "cue_end", "actor1", "actor2",
    "actor1_surface", "actor2_surface", "negated", "future", "date", "date_precision",
    "sentence_text",
]  # fmt: skip

GAP_DEFAULT = 3
NEAR_WINDOW = 4
NEGATION_WINDOW = 4
FUTURE_WINDOW = 4

_NORMALIZER = Normalizer("search")
# A word of the original text: letters and digits, with the marks, tatweel and invisible
# characters that normalization deletes from inside it.
_RAW_WORD = re.compile(
    r"(?:[\w\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u00AD\u061C\u200B-\u200F"
    r"\u202A-\u202E\u2066-\u2069\uFEFF])+"
)
_BREAK = re.compile(r"[،,؛;:]")
_NORM_WORD = re.compile(r"\w+")
_DAY_WORDS = frozenset({*(w.replace("ة", "ه") for w in WEEKDAYS), "يوم", "مساء", "صباح", "ليله"})
_TWO_WORDS_BEFORE = re.compile(r"(?:(\w+)\W+)?(\w+)\W*$")


@dataclass(frozen=True, slots=True)
class Event:
    """One event in one sentence. Offsets are code points into the text given; actor1/actor2
    are entity ids (a metonym counts for the entity it refers to), None when not found."""

    sentence: int
    event_type: str
    cue: str
    cue_start: int
    cue_end: int
    actor1: str | None
    actor2: str | None
    actor1_surface: str | None
    actor2_surface: str | None
    negated: bool
    future: bool
    date: str | None
    date_precision: str | None
    sentence_text: str


# ---- words ----------------------------------------------------------------------------------

_CONJUNCTIONS = ("و", "ف")
_PREFIXES = ("بال", "كال", "لل", "ال", "ب", "ل", "ك", "س")


def fold(word: str) -> str:
    """Normalized text as the lexicon compares it: teh marbuta read as heh."""
    return word.replace("ة", "ه")


@lru_cache(maxsize=1 << 17)
def readings(word: str) -> tuple[tuple[str, bool], ...]:
    """The forms of a normalized, folded word with its proclitics taken off, each with whether
    the future prefix س was among them: و/ف, then one of بال كال لل ال ب ل ك س. A form keeps at
    least two letters. (Cached: news vocabulary repeats.)"""
    out = [(word, False)]
    bases = [word]
    if len(word) >= 3 and word[0] in _CONJUNCTIONS:
        bases.append(word[1:])
        out.append((word[1:], False))
    for base in bases:
        for p in _PREFIXES:
            if base.startswith(p) and len(base) - len(p) >= 2:
                out.append((base[len(p) :], p == "س"))
    return tuple(out)


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
    object_after = False
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
        else:
            raise CueError(
                f"{where}: unknown condition {key!r}: use near, not_near, actor2 or after"
            )
    return near, not_near, actor2, object_after


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
        self.anchors = WordStarts(
            prefixed(firsts, [c + p for c in ("", *_CONJUNCTIONS) for p in ("", *_PREFIXES)])
        )

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
        near, not_near, actor2, object_after = _parse_requires(
            fields[2] if len(fields) > 2 else "", where
        )
        cues.append(Cue(event_type, cue_text, slots, near, not_near, actor2, number, object_after))
    return cues


@cache
def _default_lexicon() -> CueLexicon:
    with resources.as_file(resources.files("sahel") / "data" / "event_cues.tsv") as path:
        return CueLexicon.load(path)


# ---- sentences as tokens ------------------------------------------------------------------


@dataclass(slots=True)
class _Token:
    start: int  # original offsets
    end: int
    word: str  # normalized, folded
    forms: tuple[tuple[str, bool], ...]
    clause: int


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
    A word is analysed when first looked at: most of a sentence never is."""

    __slots__ = ("text", "starts", "ends", "breaks", "_made")

    def __init__(self, text: str, start: int, end: int, dates: Sequence[_Date] = ()):
        self.text = text
        spans = [m.span() for m in _RAW_WORD.finditer(text, start, end)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        # Commas around a date ("استقبل رئيسي، الثلاثاء 16 يناير، رئيس الوزراء") set it off,
        # they do not end a clause.
        self.breaks = [
            m.start()
            for m in _BREAK.finditer(text, start, end)
            if not any(
                _sets_off(text[m.end() : d.start])
                if d.start >= m.end()
                else d.end <= m.start() and not text[d.end : m.start()].strip()
                for d in dates
            )
        ]
        self._made: dict[int, _Token] = {}

    def __len__(self) -> int:
        return len(self.starts)

    def clause(self, k: int) -> int:
        return bisect_right(self.breaks, self.starts[k]) if self.breaks else 0

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

    def __getitem__(self, k: int) -> _Token:
        try:
            return self._made[k]
        except KeyError:
            pass
        if k < 0:
            k += len(self.starts)
        s, e = self.starts[k], self.ends[k]
        word = _word(self.text[s:e])
        token = self._made[k] = _Token(s, e, word, readings(word), self.clause(k))
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


# Words before an actor that give its part in the clause.
_ROLE_WORDS = {
    "مع": "with", "بين": "between", "الي": "to", "نحو": "to", "في": "in", "داخل": "in",
    "من": "from", "عن": "from", "ضد": "against", "محاربه": "against", "مكافحه": "against",
    "مواجهه": "against", "قتال": "against", "علي": "on", "حضور": "present", "امام": "present",
    "غرار": "like", "مثل": "like", "قرب": "near",
}  # fmt: skip
_ROLE_PROCLITICS = {"ل": "to", "لل": "to", "ب": "in", "بال": "in"}
# Roles that never make the first actor: partners, destinations, bystanders.
_NOT_SUBJECT = frozenset({"with", "between", "to", "against", "present", "like", "near"})
_NOT_TARGET = frozenset({"present", "like", "near", "between"})
# Between a title and the name it introduces, none of these may stand.
_BREAK_WORDS = frozenset({*_ROLE_WORDS, "و", "او", "ثم", "بعد", "قبل", "الذي", "التي"})
# A subject is not looked for across these: "قبل أن ينقض"، "عندما وقع".
_SUBORDINATORS = frozenset("ان عندما حيث بعدما بينما الذي التي الذين لكن اذا لو لكي كي".split())
_RELATIVES = frozenset({"الذي", "التي", "الذين", "اللذين", "اللذان", "اللتان"})
_TIME_WORDS = frozenset("بعد قبل منذ اثر عقب اعقاب غداه".split())
# Types with no partner: "منذ الانقلاب ... علاقاتها مع باريس" has nothing to do with the coup.
_NO_PARTNER = frozenset({"coup", "attack"})
_SUBORDINATOR_HINT = re.compile(r"[اأإ]ن|عندما|حيث|بعدما|بينما|الذ|الت|لكن|[اإ]ذا|لو|كي")


def _role_of(
    actor: _Actor, tokens: _Tokens, others: list[_Actor], stops: frozenset[int]
) -> str | None:
    clitic = actor.proclitic.lstrip("وف")
    if clitic in _ROLE_PROCLITICS:
        return _ROLE_PROCLITICS[clitic]
    # A demonym follows its noun ("مع القادة العسكريين النيجيريين") and a name its title
    # ("بحضور رئيس الوزراء علي ..."): look a few words further back for them.
    reach = 3 if actor.kind == "demonym" or actor.type == "person" else 1
    for k in range(actor.first - 1, max(-1, actor.first - 1 - reach), -1):
        if tokens.clause(k) != tokens.clause(actor.first):
            break
        if k in stops or any(o.first <= k <= o.last for o in others):
            break  # "من انقلاب الجنرال تياني": من goes with the cue word, not with him
        for form, _ in tokens[k].forms:
            if form in _ROLE_WORDS:
                role = _ROLE_WORDS[form]
                if role == "from" and k > 0 and any(f == "قرب" for f, _ in tokens[k - 1].forms):
                    return "near"  # "بالقرب من"
                return role
    return None


def _chain_and_group(actors: list[_Actor], tokens: _Tokens) -> list[_Actor]:
    """Merge a country or organization with the person it introduces ("الرئيس الروسي فلاديمير
    بوتين", "في النيجر الجنرال تياني") into the person; number coordinated runs ("تركيا
    والنيجر") as groups, whose members share the role of the first."""
    merged: list[_Actor] = []
    for actor in actors:
        if merged:
            prev = merged[-1]
            if (
                actor.type == "person"
                and prev.type != "person"
                and not prev.place
                and actor.first - prev.last - 1 <= 2
                and not actor.proclitic.startswith(("و", "ف"))
                and tokens.clause(prev.last) == tokens.clause(actor.first)
                and not any(
                    t.word in _BREAK_WORDS for t in tokens.range(prev.last + 1, actor.first)
                )
            ):
                # "مع الرئيس الروسي فلاديمير بوتين": the partner is the person; but in
                # "رئيس المجلس في النيجر الجنرال تياني" في qualifies the title, not him.
                if actor.role is None and prev.role not in ("in", "from"):
                    actor.role = prev.role
                merged[-1] = actor
                continue
        merged.append(actor)
    group = 0
    for i, actor in enumerate(merged):
        prev = merged[i - 1] if i else None
        coordinated = (
            prev is not None
            and actor.first - prev.last <= 2
            and tokens.clause(prev.last) == tokens.clause(actor.first)
            and (
                actor.proclitic.startswith("و")
                or (actor.first - prev.last == 2 and tokens[prev.last + 1].word == "و")
            )
        )
        if coordinated:
            if actor.role is None or actor.role == _ROLE_PROCLITICS.get(actor.proclitic[1:]):
                actor.role = prev.role
        else:
            group += 1
        actor.group = group
    return merged


# ---- the parts of an event ---------------------------------------------------------------

_NEGATIONS = frozenset(
    "لن لم لا ليس ليست لسنا لستم عدم دون بدون رفض رفضت يرفض ترفض رفضه رفضها".split()
)
_FUTURE_WORDS = frozenset(
    "سوف سيتم ستتم سيقوم ستقوم سيكون ستكون تعتزم يعتزم اعتزام عزم تسعي يسعي تخطط يخطط "
    "تستعد يستعد المقرر المتوقع المزمع تنوي ينوي يؤدي تؤدي".split()
)
# Words that may stand between a negator and the cue it negates.
_LIGHT_WORDS = frozenset("يامر تامر امر يقرر تقرر قرر بعد يعد تعد رسميا تم يتم يمكن".split())
# Words that stand for actors named before: "وقع البلدان"، "المجالس العسكرية الثلاثة".
_DUAL = frozenset(
    "البلدان البلدين الطرفان الطرفين الجانبان الجانبين الزعيمان الزعيمين الرئيسان الرئيسين "
    "رئيسا الدولتان الدولتين".split()
)
_THREE = frozenset({"الثلاث", "الثلاثه"})
_COUNTRY_NOUNS = ("البلدان", "البلدين", "الدولتان", "الدولتين", "الدول", "الدولتين")
_LEADER_NOUNS = ("الزعيمان", "الزعيمين", "الرئيسان", "الرئيسين", "رئيسا")
_ANAPHOR_KINDS = {
    **{w: {"country"} for w in _COUNTRY_NOUNS},
    **{w: {"person"} for w in _LEADER_NOUNS},
}
_ANAPHOR_HINT = re.compile(r"بلد|طرف|جانب|زعيم|رئيس|دولت|ثلاث|هذه")
_PLURAL_NOUNS = frozenset({"الدول", "البلدان"})
_AGREEMENT_NOUNS = ("اتفاق", "مذكر", "معاهد", "صفق")
# Event types whose second actor may be where it happened ("نشر قواتها في النيجر").
_PLACE_TYPES = frozenset({"deploy_forces", "withdraw_forces", "training", "visit", "attack"})
SUBJECT_REACH = 3  # a subject after its verb stands within this many words of it
TARGET_REACH = 8  # the second actor stands within this many words after the cue
PARTNER_REACH = 12


def _negated(tokens: _Tokens, i: int, actors: list[_Actor] = ()) -> bool:
    """A negator just before the cue, or before it with only light words or actors between
    ("لم تأمر النيجر بعد بخروج القوات"); "ولا يتطلب نشر القوات" negates يتطلب, not the
    deployment."""
    clause = tokens.clause(i)
    for k in range(i - 1, max(-1, i - 1 - NEGATION_WINDOW), -1):
        if tokens.clause(k) != clause:
            break
        forms = [form for form, _ in tokens[k].forms]
        if any(form in _NEGATIONS for form in forms):
            if k + 1 < len(tokens) and tokens[k + 1].word == "سيما":
                return False  # "لا سيما" means "especially"
            return True
        if not any(form in _LIGHT_WORDS for form in forms) and not any(
            a.first <= k <= a.last for a in actors
        ):
            return False
    return False


def _future(tokens: _Tokens, i: int, first_form_future: bool) -> bool:
    if first_form_future:
        return True
    clause = tokens.clause(i)
    for k in range(i - 1, max(-1, i - 1 - FUTURE_WINDOW), -1):
        if tokens.clause(k) != clause:
            break
        if any(form in _FUTURE_WORDS for form, _ in tokens[k].forms[:2]):
            return True
    return False


def _match_cue(cue: Cue, tokens: _Tokens, i: int) -> tuple[int, bool] | None:
    """(index of the cue's last token, whether its first word carries the future prefix)."""
    first_forms = [f for f in tokens[i].forms if cue.slots[0].matches([f])]
    if not first_forms:
        return None
    future = all(sin for _, sin in first_forms)
    clause = tokens.clause(i)
    k = i
    gap = 0
    for slot in cue.slots[1:]:
        if slot.gap:
            gap = slot.gap
            continue
        for j in range(k + 1, min(len(tokens), k + 2 + gap)):
            if tokens.clause(j) != clause:
                return None
            if slot.matches(tokens[j].forms):
                k = j
                break
        else:
            return None
        gap = 0
    return k, future


def _near(slot: Slot, tokens: _Tokens, i: int, j: int) -> bool:
    clause = tokens.clause(i)
    lo, hi = max(0, i - NEAR_WINDOW), min(len(tokens), j + 1 + NEAR_WINDOW)
    return any(
        tokens.clause(k) == clause and slot.matches(tokens[k].forms)
        for k in range(lo, hi)
        if not i <= k <= j
    )


def _names_an_agreement(tokens: _Tokens, i: int) -> bool:
    """ "اتفاق التعاون العسكري"، "اتفاقية تدريب وتعاون عسكري": cooperation words just after an
    agreement noun name that agreement; they are not an event of their own."""
    return any(
        form.startswith(_AGREEMENT_NOUNS)
        for k in range(max(0, i - 3), i)
        for form, _ in tokens[k].forms
    )


# ---- actors of one cue -------------------------------------------------------------------


@dataclass(slots=True)
class _Site:
    """A matched cue: tokens i..j; `dated` holds the indices of tokens inside dates."""

    cue: Cue
    i: int
    j: int
    future: bool
    dated: frozenset[int]
    next_start: int  # the first token of the next cue in the sentence

    def words_to(self, k: int) -> int:
        """Words from the cue's first token to token k, dates not counted."""
        return sum(1 for n in range(self.i + 1, k + 1) if n not in self.dated)


def _lead_word(tokens: _Tokens, i: int) -> str:
    """The word before token i in its clause, without a conjunction ("وبعد" -> "بعد")."""
    if i == 0 or tokens.clause(i - 1) != tokens.clause(i):
        return ""
    word = tokens[i - 1].word
    return word[1:] if len(word) > 2 and word[0] in _CONJUNCTIONS else word


def _subordinated(tokens: _Tokens, lo: int, hi: int) -> bool:
    if not tokens.contains(_SUBORDINATOR_HINT, lo, hi):
        return False
    return any(any(form in _SUBORDINATORS for form, _ in tokens[k].forms) for k in range(lo, hi))


# Types whose forces carry their nationality: "وصول القوات الروسية"، "نشر ... القوات التركية"،
# "مدربين عسكريين روس".
_NATIONALITY_TYPES = frozenset({"deploy_forces", "withdraw_forces", "training"})


def _pick_actors(site, tokens, actors, context, previous_subject):
    """(first actors, second actors) of a cue; each a list (a coordinated group), maybe empty."""
    i, j, kind = site.i, site.j, site.cue.event_type
    clause = tokens.clause(i)
    in_clause = [a for a in actors if tokens.clause(a.first) == clause]
    before = [a for a in in_clause if a.last < i][::-1]
    after = [a for a in in_clause if a.first > i]

    def group_of(actor: _Actor) -> list[_Actor]:
        return [a for a in actors if a.group == actor.group]

    # "بين روسيا والنيجر" just after the cue: the pair ("بين البلدين": the two named before).
    at = next(
        (
            k
            for k in range(j, min(len(tokens), j + 3))
            if tokens[k].word == "بين" and tokens.clause(k) == clause
        ),
        -1,
    )
    if at >= 0:
        pair = _anaphor(tokens, at + 1, at + 2, actors, context) or []
        if not pair:
            for a in after:
                if a.first > at and all(a.entity != p.entity for p in pair):
                    pair.append(a)
                if len(pair) == 2:
                    break
        if len(pair) == 2:
            return [pair[0]], [pair[1]]

    # An explicit partner ("مع الولايات المتحدة") is never the first actor.
    partner = next(
        (
            a
            for a in after
            if a.role == "with"
            and kind not in _NO_PARTNER
            and a.first < site.next_start
            and site.words_to(a.first) <= PARTNER_REACH
        ),
        None,
    )
    excluded = {partner.entity} if partner else set()

    def acts(a: _Actor) -> bool:
        if a.role == "on" and kind in _NO_PARTNER:
            return False  # "الانقلاب على بازوم"، "هجوم على": على marks the target
        return not a.place and a.role not in _NOT_SUBJECT and a.entity not in excluded

    def located(a: _Actor) -> bool:
        return a.role in ("in", "from")

    subject: list[_Actor] | None = None
    lead = _lead_word(tokens, i)
    # "تركيا التي تزود": the subject of a relative clause is the noun before التي; "الانقلاب
    # الذي أطاح رئيس النيجر": an actor after the verb is then its object.
    # With an object pronoun on the verb ("التي دربتها الولايات المتحدة") the antecedent is
    # the object and the subject follows as usual.
    relative = lead in _RELATIVES and not tokens[i].word.endswith(("ها", "هم", "هما", "هن"))
    if relative:
        antecedent = [a for a in before if a.last >= i - 3]
        subject = group_of(antecedent[0]) if antecedent and acts(antecedent[0]) else []
    # "بعد انقلاب"، "منذ وصول": a cue after a time word is an event referred to; who did it
    # is told after it, if anywhere.
    referred = lead in _TIME_WORDS
    # 1. SVO: an actor before the cue in its clause, up to a subordinator: a plain one, else
    #    one after على ("على تركيا إعادة نشر"), else a country named as a place ("في النيجر").
    ranked: dict[int, _Actor] = {}
    for a in [] if relative or referred else before:
        if _subordinated(tokens, a.last + 1, i):
            break
        if not acts(a):
            continue
        rank = 0 if a.role is None else 1 if a.role == "on" else 2
        if rank == 2 and a.type != "country":
            continue
        ranked.setdefault(rank, a)
    # a country named as a place is taken only when nothing after the cue does better
    weak = None
    if ranked and min(ranked) < 2:
        subject = group_of(ranked[min(ranked)])
    elif ranked:
        weak = group_of(ranked[2])
    # "تدريب الجيش النيجري"، "إطاحة بازوم": what follows such a cue is its object.
    if subject is None and site.cue.object_after:
        subject = weak or []
    # 2. "وقع البلدان"، "أنهت المجالس العسكرية الثلاثة": an anaphor right after the cue.
    if subject is None:
        subject = _anaphor(tokens, i + 1, min(len(tokens), j + 4), actors, context)
    # 3. VSO: an actor right after the verb, or inside the cue ("وقعت تركيا والنيجر اتفاقية");
    #    for forces, the nationality that follows them ("وصول القوات الروسية").
    if subject is None:
        for a in after:
            near = a.first <= j or site.words_to(a.first) <= SUBJECT_REACH
            forces = kind in _NATIONALITY_TYPES and (
                (a.kind == "demonym" and a.role is None)
                or (kind == "deploy_forces" and a.role == "from")  # "مدربون من روسيا"
            )
            if not near and not (forces and site.words_to(a.first) <= TARGET_REACH):
                continue
            if not acts(a) or (located(a) and a.type != "country"):
                continue
            if a.role == "from" and a.first <= j + 2 and not forces:
                continue  # "انسحاب من X": X is what is left
            subject = group_of(a)
            break
    if subject is None and weak is not None:
        subject = weak
    # 4. "وتشكيل قوة مشتركة" opening a clause shares the subject of the cue before it.
    if subject is None and referred:
        subject = []
    if subject is None and previous_subject and tokens[i].word[:1] == "و":
        if i == 0 or tokens.clause(i - 1) != clause:
            subject = previous_subject
    # 5. An anaphor, then an actor, earlier in the sentence.
    if subject is None:
        subject = _anaphor(tokens, 0, i, actors, context)
    # ... and across clauses only for undirected types, whose parties a sentence often
    # names apart ("بحث تياني، مع بوتين خلال اتصال هاتفي").
    if subject is None and kind in SYMMETRIC:
        for a in reversed([a for a in actors if a.last < i]):
            if _subordinated(tokens, a.last + 1, i):
                break
            if acts(a) and not located(a):
                subject = group_of(a)
                break
    subject = subject or []
    taken = {a.entity for a in subject}

    # The second actor: the partner; else the first other actor after the cue, up to a
    # subordinator; else a destination further on ("إلى النيجر"); else a partner before the
    # cue ("مع بوتين خلال اتصال هاتفي"); else where it happened, for the types that allow it.
    def fits(a: _Actor) -> bool:
        return (
            a.entity not in taken
            and a.role not in _NOT_TARGET
            and (a.role != "against" or kind == "attack")
            and (a.role != "with" or kind not in _NO_PARTNER)
            and (not a.place or kind in _PLACE_TYPES)
        )

    def reachable(a: _Actor, reach: int) -> bool:
        return site.words_to(a.first) <= reach + (j - i) and not _subordinated(
            tokens, j + 1, a.first
        )

    target = partner
    if target is None:  # a destination first: "لمسؤول من نيامي إلى إيران"
        target = next(
            (a for a in after if a.role == "to" and fits(a) and reachable(a, TARGET_REACH)),
            None,
        )
    if target is None:
        target = next((a for a in after if fits(a) and reachable(a, TARGET_REACH)), None)
    if target is None:
        target = next(
            (a for a in after if a.role == "to" and fits(a) and reachable(a, PARTNER_REACH)),
            None,
        )
    if target is None and kind not in _NO_PARTNER:
        pool = actors if kind in SYMMETRIC else in_clause
        target = next(
            (
                a
                for a in reversed(pool)
                if a.last < i
                and a.role in ("with", "to")
                and fits(a)
                and not _subordinated(tokens, a.last + 1, i)
            ),
            None,
        )
    if target is None and kind in _PLACE_TYPES:
        # where it happened: after the cue, or between its subject and it
        # ("تستعد تركيا لنشر قواتها في النيجر لتدريب الجيش")
        lo = max((a.last for a in subject), default=i)
        target = next(
            (
                a
                for a in in_clause
                if a.role == "in"
                and fits(a)
                and (a.first > lo if a.last < i else reachable(a, PARTNER_REACH))
            ),
            None,
        )
    second = [a for a in group_of(target) if fits(a)] if target is not None else []
    if target is not None and target not in second:
        second = [target]
    return subject, second


def _anaphor(tokens, lo, hi, actors, context) -> list[_Actor] | None:
    """Actors that an anaphor in tokens lo..hi-1 stands for, from this sentence before it or
    the two sentences before: "البلدان" two countries, "الزعيمان" two leaders, "الدول الثلاث"
    three, "هذه الدول" the last list named. البلدان is also a plural: after هذه or before
    الثلاث it is one."""
    for k in tokens.where(_ANAPHOR_HINT, lo, hi):
        forms = {f for f, _ in tokens[k].forms}
        after_this = k > 0 and tokens[k - 1].word == "هذه"
        three = k + 1 < len(tokens) and tokens[k + 1].word in _THREE
        if three or (tokens[k].word in _THREE and k > 0):
            want = 3
        elif after_this and forms & _PLURAL_NOUNS:
            want = 0
        elif forms & _DUAL:
            want = 2
        else:
            continue
        kinds = _ANAPHOR_KINDS.get(tokens[k].word) or _ANAPHOR_KINDS.get(
            tokens[k - 1].word if k > 0 else ""
        )
        # the noun phrase of the anaphor itself ("المستعمرات الفرنسية الثلاث") is not its referent
        phrase = k - 2 if tokens[k].word in _THREE else k
        pool = [
            a
            for a in [*context(), *[a for a in actors if a.last < phrase]]
            if not a.place and (kinds is None or a.type in kinds)
        ]
        found = _recent_group(pool, want)
        if found is None and kinds == {"person"}:  # "الزعيمان": their countries will do
            pool = [a for a in [*context(), *actors] if a.last < k or a in context()]
            found = _recent_group([a for a in pool if a.type == "country" and not a.place], 2)
        return found
    return None


def _recent_group(pool: list[_Actor], want: int) -> list[_Actor] | None:
    """The most recent coordinated list of `want` actors (of two or more for 0), else for 2
    and 3 the last `want` distinct actors named."""
    groups: dict[int, list[_Actor]] = {}
    for a in pool:
        groups.setdefault(a.group, []).append(a)
    for members in sorted(groups.values(), key=lambda g: g[-1].start, reverse=True):
        size = len({a.entity for a in members})
        if (want == 0 and size >= 2) or (want and size == want):
            return members
    if want == 0:
        return None
    chosen: list[_Actor] = []
    # no list of that size: the last countries named ("النيجر وجارتاها بوركينا فاسو ومالي")
    for a in reversed([a for a in pool if a.type == "country"] if want == 3 else pool):
        if all(a.entity != c.entity for c in chosen):
            chosen.append(a)
        if len(chosen) == want:
            return chosen[::-1]
    return None


# ---- one sentence ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Date:
    start: int
    end: int
    iso: str | None
    precision: str


# An actor as a document holds it: (start, end, entity, type, kind, proclitic, place); each
# sentence that is read makes its own _Actor of it, which it annotates.
_ActorRow = tuple[int, int, str, str, str, str, bool]


def _actor(entity_id, mtype, kind, start, end, refers_to, country, proclitic) -> _ActorRow | None:
    """The actor a mention stands for, or None when its entity does not act."""
    refers_to = _text_or_none(refers_to)
    place = False
    if refers_to:
        entity, atype = refers_to, "country"
    elif mtype in ACTOR_TYPES:
        entity, atype = entity_id, mtype
    elif mtype in PLACE_TYPES and _text_or_none(country):
        entity, atype, place = country, "country", True
    else:
        return None
    kind = _text_or_none(kind) or "name"
    proclitic = _text_or_none(proclitic) or ""
    return (int(start), int(end), str(entity), atype, kind, proclitic, place)


def _actors_of(mentions: Iterable) -> list[_ActorRow]:
    out = []
    for m in mentions:
        actor = _actor(
            m.entity_id,
            m.type,
            getattr(m, "kind", None),
            m.start,
            m.end,
            getattr(m, "refers_to", None),
            getattr(m, "country", None),
            getattr(m, "proclitic", None),
        )
        if actor is not None:
            out.append(actor)
    out.sort(key=lambda a: (a[0], -a[1]))
    return out


def _text_or_none(value) -> str | None:
    return value if isinstance(value, str) and value else None  # NaN and None from tables


def _place_tokens(actors: list[_Actor], tokens: _Tokens) -> list[_Actor]:
    starts = tokens.starts
    placed = []
    for a in actors:
        first = max(0, bisect_right(starts, a.start) - 1)
        last = max(first, bisect_left(starts, a.end) - 1)
        a.first, a.last = first, last
        placed.append(a)
    return placed


def _prepare(
    tokens: _Tokens, actors: list[_Actor], stops: frozenset[int] = frozenset()
) -> list[_Actor]:
    actors = _place_tokens(actors, tokens)
    for a in actors:
        a.role = _role_of(a, tokens, actors, stops)
    # A capital after في is where something happened ("في نيامي"), not who did it; so is the
    # city of a dateline ("طهران - استقبل ...").
    actors = [
        a
        for a in actors
        if not (a.kind == "metonym" and a.role == "in") and not _dateline(tokens, a)
    ]
    return _chain_and_group(actors, tokens)


def _dateline(tokens: _Tokens, actor: _Actor) -> bool:
    if actor.first != 0 or not (actor.kind == "metonym" or actor.place):
        return False
    rest = tokens.text[actor.end : actor.end + 3].lstrip()
    return rest[:1] in ("-", "–", "—", ":", "(", "/")


def _sites(
    tokens: _Tokens, lexicon: CueLexicon, at: Iterable[int]
) -> dict[int, list[tuple[Cue, int, bool]]]:
    """At each token of `at`, the cues that match there (slots and word conditions), best
    first; tokens where none does are left out."""
    out: dict[int, list[tuple[Cue, int, bool]]] = {}
    for i in at:
        token = tokens[i]
        found = []
        for cue in lexicon.candidates(token.word):
            matched = _match_cue(cue, tokens, i)
            if matched is None:
                continue
            j, future = matched
            if cue.near is not None and not _near(cue.near, tokens, i, j):
                continue
            if cue.not_near is not None and _near(cue.not_near, tokens, i, j):
                continue
            if cue.event_type in ("military_cooperation", "training") and _names_an_agreement(
                tokens, i
            ):
                continue
            found.append((cue, j, future))
        if found:
            out[i] = found
    return out


def _sentence_events(
    text: str,
    sentence_no: int,
    span: tuple[int, int],
    actors: list[_Actor],
    context,
    dates: list[_Date],
    lexicon: CueLexicon,
    anchors: Iterable[int],
) -> list[Event]:
    """Events of one sentence; `anchors` are original offsets where a cue may begin."""
    start, end = span
    tokens = _Tokens(text, start, end, dates)
    if not len(tokens):
        return []
    at = sorted({max(0, bisect_right(tokens.starts, a) - 1) for a in anchors})
    per_token = _sites(tokens, lexicon, at)
    if not per_token:
        return []
    starts = sorted(per_token)
    actors = _prepare(tokens, actors, frozenset(starts))
    dated = frozenset(
        k
        for d in dates
        for k in range(bisect_left(tokens.starts, d.start), bisect_left(tokens.starts, d.end))
    )
    events: list[Event] = []
    covered_until = -1
    previous_subject: list[_Actor] | None = None
    seen: set[tuple] = set()
    for n, i in enumerate(starts):
        if i <= covered_until:
            continue
        next_start = starts[n + 1] if n + 1 < len(starts) else len(tokens)
        for cue, j, future in per_token[i]:
            site = _Site(cue, i, j, future, dated, next_start)
            first, second = _pick_actors(site, tokens, actors, context, previous_subject)
            if cue.actor2_types is not None and not (
                second and all(a.type in cue.actor2_types for a in second)
            ):
                continue
            if not first and not second:
                continue
            cue_start, cue_end = tokens[i].start, tokens[j].end
            date = _nearest_date(dates, cue_start, cue_end, text)
            common = dict(
                sentence=sentence_no,
                event_type=cue.event_type,
                cue=text[cue_start:cue_end],
                cue_start=cue_start,
                cue_end=cue_end,
                negated=_negated(tokens, i, actors),
                # an event referred to after a time word ("منذ الانقلاب") is not the one a
                # future word of the sentence announces
                future=future
                if _lead_word(tokens, i) in _TIME_WORDS
                else _future(tokens, i, future),
                date=date.iso if date else None,
                date_precision=date.precision if date else None,
                sentence_text=text[start:end],
            )
            for a1, a2 in _pairs(cue.event_type, first, second):
                key = (cue.event_type, a1.entity if a1 else None, a2.entity if a2 else None)
                if key in seen:
                    continue  # "أطاحت انقلابات ...": one event told by two cue words
                seen.add(key)
                events.append(
                    Event(
                        actor1=a1.entity if a1 else None,
                        actor2=a2.entity if a2 else None,
                        actor1_surface=text[a1.start : a1.end] if a1 else None,
                        actor2_surface=text[a2.start : a2.end] if a2 else None,
                        **common,
                    )
                )
            if first:
                previous_subject = first
            covered_until = j if cue.size > 1 else i
            break
    return events


def _pairs(event_type, first, second):
    """The records of one cue: one per member of a coordinated actor; for an undirected type
    with a list of actors and no other party, one per pair."""
    if event_type in SYMMETRIC and len({a.entity for a in first}) > 1 and not second:
        return [(a, b) for k, a in enumerate(first) for b in first[k + 1 :] if a.entity != b.entity]
    firsts = first or [None]
    seconds = second or [None]
    return [
        (a, b) for a in firsts for b in seconds if a is None or b is None or a.entity != b.entity
    ]


def _nearest_date(dates: list[_Date], start: int, end: int, text: str = "") -> _Date | None:
    """The resolved date nearest to the cue in its sentence; one before it wins a tie. A date
    that bounds a span ("منذ انقلاب تموز 2023"، "حتى 15 سبتمبر") is taken only when no other
    is there: it is rarely when the event happened."""
    best, best_key = None, None
    for d in dates:
        if d.iso is None:
            continue
        if d.end <= start:
            distance, side = start - d.end, 0
        elif d.start >= end:
            distance, side = d.start - end, 1
        else:
            distance, side = 0, 0
        # "منذ انقلاب تموز 2023": a date right after the cue is the cue's own
        own = 0 <= d.start - end <= 2
        key = (_bounds(text, d.start) and not own, distance, side)
        if best_key is None or key < best_key:
            best, best_key = d, key
    return best


def _bounds(text: str, start: int) -> bool:
    """Whether منذ or حتى stands one or two words before `start` ("منذ انقلاب تموز 2023")."""
    m = _TWO_WORDS_BEFORE.search(text, max(0, start - 40), start)
    return m is not None and any(
        w is not None and _word(w).lstrip("وف") in ("منذ", "حتي") for w in m.groups()
    )


def _doc_events(
    text: str,
    actors: list[_ActorRow],
    sentences: Sequence[tuple[int, int]],
    sentence_numbers: Sequence[int],
    dates: list[_Date] | None,
    reference,
    lexicon: CueLexicon,
    normalized: tuple | None = None,
) -> list[Event]:
    if not actors or not sentences:
        return []
    norm, offsets = normalized or _NORMALIZER.normalize_with_offsets(text)
    starts = [s for s, _ in sentences]
    # Sentences that hold both an actor and the opening word of some cue.
    with_actor = {bisect_right(starts, a[0]) - 1 for a in actors}
    anchors: dict[int, list[int]] = {}
    for ws in lexicon.anchors.find(norm):
        word = _NORM_WORD.match(norm, ws)
        if word is None or not lexicon.candidates(fold(word.group())):
            continue  # "وزارة" begins with و + زار but is no cue word
        orig = offsets.to_original(ws)
        k = bisect_right(starts, orig) - 1
        if orig < sentences[k][1] and (
            k in with_actor or _points_back(text, k, sentences, with_actor)
        ):
            anchors.setdefault(k, []).append(orig)
    if not anchors:
        return []
    if dates is None:
        dates = [
            _Date(*offsets.span(s, e), v.iso, v.precision)
            for s, e, v in find_dates_normalized(norm, reference)
        ]
    date_starts = [d.start for d in dates]
    actor_starts = [a[0] for a in actors]
    events: list[Event] = []
    for k in sorted(anchors):
        s, e = sentences[k]
        inside = actors[bisect_left(actor_starts, s) : bisect_left(actor_starts, e)]
        in_dates = dates[bisect_left(date_starts, s) : bisect_left(date_starts, e)]

        @cache
        def context(k=k) -> list[_Actor]:
            out: list[_Actor] = []
            for back in (k - 2, k - 1):
                if back >= 0:
                    out += _context_actors(text, back, sentences[back], actors, actor_starts)
            return out

        events += _sentence_events(
            text,
            sentence_numbers[k],
            (s, e),
            [_copy(a) for a in inside],
            context,
            in_dates,
            lexicon,
            anchors[k],
        )
    return events


def _points_back(text, k, sentences, with_actor) -> bool:
    """Whether sentence k, without actors of its own, may name some by an anaphor
    ("ووقع البلدان اتفاقية") that the two sentences before it resolve."""
    if k - 1 not in with_actor and k - 2 not in with_actor:
        return False
    s, e = sentences[k]
    return _ANAPHOR_HINT.search(text, s, e) is not None


def _context_actors(text, k, span, actors, actor_starts) -> list[_Actor]:
    """The actors of an earlier sentence, grouped, for anaphors to point at."""
    s, e = span
    inside = [_copy(a) for a in actors[bisect_left(actor_starts, s) : bisect_left(actor_starts, e)]]
    tokens = _Tokens(text, s, e) if inside else None
    if not tokens:
        return []
    grouped = _prepare(tokens, inside)
    for a in grouped:
        a.group = -(k + 1) * 10_000 + a.group  # apart from the groups of any other sentence
    return [a for a in grouped if not a.place]


def _copy(a: _ActorRow) -> _Actor:
    return _Actor(*a)


# ---- public API --------------------------------------------------------------------------


def extract_events(
    text: str,
    mentions: Sequence,
    sentences: Sequence[tuple[int, int]],
    dates: Sequence[DateMention] | None = None,
    reference=None,
    lexicon: CueLexicon | None = None,
) -> list[Event]:
    """Events in `text`, sentence by sentence.

    `mentions` are gazetteer mentions (anything with entity_id, type, start, end, kind,
    refers_to, and optionally proclitic), as sahel.Matcher.find returns them; `sentences` are
    (start, end) spans; `dates` the DateMentions of the text (found here, against `reference`,
    when not given)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    spans = [(int(s), int(e)) for s, e in sentences]
    if any(s > e or s < 0 or e > len(text) for s, e in spans):
        raise ValueError("every sentence must be a (start, end) span inside the text")
    order = sorted(range(len(spans)), key=lambda k: spans[k][0])
    lex = lexicon or CueLexicon.default()
    date_list = None
    if dates is not None:
        date_list = sorted(
            (_Date(d.start, d.end, d.iso, d.precision) for d in dates), key=lambda d: d.start
        )
    else:
        as_reference(reference)  # fail early on a bad reference
    return _doc_events(
        text,
        _actors_of(mentions),
        [spans[k] for k in order],
        order,
        date_list,
        reference,
        lex,
    )


def _column(frame: pd.DataFrame, *names: str) -> str:
    for name in names:
        if name in frame.columns:
            return name
    raise ValueError(f"the table needs a column named {' or '.join(names)}")


def events_table(
    documents: pd.DataFrame,
    mentions: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    dates: pd.DataFrame | None = None,
    lexicon: CueLexicon | None = None,
) -> pd.DataFrame:
    """Every event of every document (columns: COLUMNS).

    `documents`: doc_id, text and optionally date (the reference for relative dates), as
    Corpus.documents; `mentions`: a mentions table (doc_id or doc, entity_id, type, kind,
    start, end, refers_to, proclitic), as Matcher.table or Corpus.mentions give it;
    `sentences`: doc_id, start, end and optionally sentence, as Corpus.sentences (split with
    sahel.corpus.sentences when None); `dates`: dates_table output (found here when None)."""
    if not isinstance(documents, pd.DataFrame) or "text" not in documents.columns:
        raise ValueError("documents must be a DataFrame with doc_id and text columns")
    lex = lexicon or CueLexicon.default()
    docs = (
        documents
        if "doc_id" in documents.columns
        else documents.assign(doc_id=range(len(documents)))
    )
    doc_key = _column(mentions, "doc_id", "doc")
    for name in ("entity_id", "type", "start", "end"):
        _column(mentions, name)
    actors_by_doc = _actors_by_doc(mentions, doc_key)
    for frame, names in (
        (sentences, ("doc_id", "start", "end")),
        (dates, ("doc_id", "start", "end", "iso", "precision")),
    ):
        if frame is not None:
            for name in names:
                _column(frame, name)
    s_rows, sc = _grouped(sentences, "doc_id", ("start", "end", "sentence"))
    d_rows, dc = _grouped(dates, "doc_id", ("start", "end", "iso", "precision"))
    refs = docs["date"].tolist() if "date" in docs.columns else [None] * len(docs)
    rows: list[tuple] = []
    for doc_id, text, ref in zip(docs["doc_id"].tolist(), docs["text"].tolist(), refs, strict=True):
        actors = actors_by_doc.get(doc_id)
        if not actors or not isinstance(text, str):
            continue
        if sentences is not None:
            srows = sorted(s_rows.get(doc_id, []), key=lambda r: sc["start"][r])
            spans = [(int(sc["start"][r]), int(sc["end"][r])) for r in srows]
            numbers = [
                int(sc["sentence"][r]) if sc["sentence"] is not None else k
                for k, r in enumerate(srows)
            ]
        else:
            from sahel.corpus.sentences import split_sentences

            spans = [(x.start, x.end) for x in split_sentences(text)]
            numbers = list(range(len(spans)))
        doc_dates = None
        if dates is not None:
            doc_dates = sorted(
                (
                    _Date(int(dc["start"][r]), int(dc["end"][r]), _text_or_none(dc["iso"][r]),
                          dc["precision"][r])
                    for r in d_rows.get(doc_id, [])
                ),
                key=lambda d: d.start,
            )  # fmt: skip
        for ev in _doc_events(text, actors, spans, numbers, doc_dates, ref, lex):
            rows.append((doc_id, *(getattr(ev, c) for c in COLUMNS[1:])))
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out.astype(
        {"sentence": "int64", "cue_start": "int64", "cue_end": "int64", "negated": bool,
         "future": bool}
    )  # fmt: skip


def _actors_by_doc(mentions: pd.DataFrame, doc_key: str) -> dict:
    """doc id -> its actors in text order, from a mentions table (the rules of _actor, column
    by column)."""
    n = len(mentions)

    def text(name: str, default: str) -> pd.Series:
        """A column as str with `default` for missing and empty values (categorical, Arrow
        and object columns alike)."""
        if name not in mentions.columns:
            return pd.Series([default] * n, index=mentions.index, dtype=object)
        column = mentions[name].astype(object)
        missing = column.isna()
        column = column.where(~missing, default).astype(str)
        return column.where(column != "", default)

    mtype = text("type", "")
    refers_to, country = text("refers_to", ""), text("country", "")
    has_refers = refers_to != ""
    acting = ~has_refers & mtype.isin(ACTOR_TYPES)
    place = ~has_refers & ~acting & mtype.isin(PLACE_TYPES) & (country != "")
    keep = (has_refers | acting | place).to_numpy()
    entity = text("entity_id", "").where(~has_refers, refers_to).where(~place, country)
    atype = mtype.where(acting, "country")
    columns = [
        list(compress(values, keep))
        for values in (
            mentions[doc_key].tolist(),
            mentions["start"].astype("int64").tolist(),
            mentions["end"].astype("int64").tolist(),
            entity.tolist(),
            atype.tolist(),
            text("kind", "name").tolist(),
            text("proclitic", "").tolist(),
            place.tolist(),
        )
    ]
    out: dict = {}
    for doc, row in zip(columns[0], zip(*columns[1:], strict=True), strict=True):
        out.setdefault(doc, []).append(row)
    for actors in out.values():
        actors.sort(key=lambda a: (a[0], -a[1]))
    return out


def _grouped(frame: pd.DataFrame | None, key: str, names: Sequence[str]):
    """(doc id -> row numbers, column name -> values as a list, None when absent)."""
    if frame is None:
        return {}, {}
    columns = {n: frame[n].tolist() if n in frame.columns else None for n in names}
    groups: dict = {}
    for row, doc in enumerate(frame[key].tolist()):
        groups.setdefault(doc, []).append(row)
    return groups, columns
