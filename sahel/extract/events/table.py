"""Events of sentences and documents, and the events table."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

import numpy as np
import pandas as pd

from sahel.extract.dates import (
    DateMention,
    as_reference,
    find_dates_normalized,
)
from sahel.extract.events.actors import _ActorRow, _actors_by_doc, _actors_of, _copy, _text_or_none
from sahel.extract.events.domain import DomainGate
from sahel.extract.events.lexicon import (
    PLOVER,
    QUAD_CLASS,
    STATEMENTS,
    SYMMETRIC,
    Cue,
    CueLexicon,
)
from sahel.extract.events.roles import (
    _ANAPHOR_HINT,
    _TIME_WORDS,
    _WISHED_AFTER,
    _ActorIndex,
    _chain_and_group,
    _covered,
    _future,
    _lead_word,
    _match_cue,
    _names_an_agreement,
    _near,
    _negated,
    _pick_actors,
    _relative_between,
    _role_of,
    _Site,
)
from sahel.extract.events.sectors import sector_of
from sahel.extract.events.stories import story_ids
from sahel.extract.events.tokens import (
    _NORM_WORD,
    _NORMALIZER,
    _TWO_WORDS_BEFORE,
    _Actor,
    _Date,
    _Tokens,
    _word,
    conjunction_free,
    fold,
)
from sahel.text.gazetteer import Gazetteer
from sahel.text.normalize import OffsetMap

# The events table: doc_id and source (the document's), the fields of each Event, after the
# actors their English labels from the gazetteer, and last the story the event belongs to
# (stories.story_ids, over all the events of the table).
COLUMNS = [
    "doc_id", "source", "sentence", "sentence_start", "sentence_end", "event_type", "plover",
    "quad_class", "cue", "cue_start", "cue_end", "actor1", "actor2", "actor1_label",
    "actor2_label", "actor1_surface", "actor2_surface", "actor1_start", "actor1_end",
    "actor2_start", "actor2_end", "actor1_sector", "actor2_sector", "negated", "future",
    "date", "date_precision", "date_source", "historical", "sentence_text", "story_id",
]  # fmt: skip


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
    sentence_start: int = -1
    sentence_end: int = -1
    plover: str = ""
    quad_class: str = ""
    actor1_start: int | None = None  # the mention's span in the text (None without an actor)
    actor1_end: int | None = None
    actor2_start: int | None = None
    actor2_end: int | None = None
    actor1_sector: str | None = None  # the office a country acts through (docs/events.md)
    actor2_sector: str | None = None
    date_source: str | None = None  # "sentence": a date of its sentence; "document": the
    # document's own date, for an event without one
    historical: bool = False  # dated more than a year before its document
    basis: str = ""  # the rules that found the actors (first/second), for the confidence


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
    _join_appositions(tokens, actors)
    # an adjective of nationality stands inside the noun phrase of the mention after it
    covered = _covered([a for a in actors if a.kind != "demonym"])
    for a in actors:
        a.role = _role_of(a, tokens, covered, stops)
    # A capital after في is where something happened ("في نيامي"), not who did it; so is the
    # city of a dateline ("طهران - استقبل ...").
    actors = [
        a
        for a in actors
        if not (a.kind == "metonym" and a.role == "in")
        and not _dateline(tokens, a)
        and not _private_person(tokens, a)
    ]
    return _chain_and_group(actors, tokens)


def _join_appositions(tokens: _Tokens, actors: list[_Actor]) -> None:
    """Commas around a person's name right after a title with a country ("هدد الرئيس التركي،
    رجب طيب أردوغان، الولايات المتحدة") set the name off; they do not end a clause."""
    if not tokens.breaks:
        return
    drop: set[int] = set()
    for prev, a in zip(actors, actors[1:], strict=False):
        if a.type != "person" or prev.type == "person" or a.first != prev.last + 1:
            continue
        between = tokens.text[prev.end : a.start]
        after = tokens.text[a.end : a.end + 3].lstrip()
        if between.strip() in (",", "،") and after[:1] in (",", "،"):
            drop.update(b for b in tokens.breaks if prev.end <= b < a.end + 3)
    if drop:
        tokens.breaks = [b for b in tokens.breaks if b not in drop]


# Nouns of people who act for themselves: "انتقدت المغنية الأمريكية" is a singer, not the
# United States; such a demonym names no actor (docs/events.md, "Actors").
_PRIVATE_PERSONS = frozenset(
    "مغني مغنيه مطرب مطربه ممثل ممثله فنان فنانه لاعب لاعبه كاتب كاتبه صحفي صحفيه شاعر "
    "شاعره مواطن مواطنه مواطنين مواطنون سائح سياح طالب طالبه طلاب امراه رجل فتاه شاب شابه "
    "نجم نجمه عالم باحث باحثه مدرب رياضي رياضيه ملاكم عارضه مصمم مصممه مخرج مخرجه روائي "
    "روائيه مدون ناشط ناشطه رحاله سيده".split()
)


def _private_person(tokens: _Tokens, actor: _Actor) -> bool:
    """Whether a demonym qualifies the noun of a private person just before it."""
    if actor.kind != "demonym" or actor.first == 0:
        return False
    k = actor.first - 1
    if tokens.clause(k) != tokens.clause(actor.first):
        return False
    return any(form in _PRIVATE_PERSONS for form, _ in tokens[k].forms)


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
    reference: dt.date | None = None,
) -> list[Event]:
    """Events of one sentence; `anchors` are original offsets where a cue may begin;
    `reference` is the document's date."""
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
    date_starts = [d.start for d in dates]
    index = _ActorIndex(actors)
    events: list[Event] = []
    covered_until = -1
    previous_subject: list[_Actor] | None = None
    seen: set[tuple] = set()
    for n, i in enumerate(starts):
        if i <= covered_until:
            continue
        next_start = starts[n + 1] if n + 1 < len(starts) else len(tokens)
        speech = next(
            (
                k
                for k in reversed(starts[max(0, n - 4) : n])
                if per_token[k][0][0].event_type in STATEMENTS
                and tokens.clause(k) == tokens.clause(i)
            ),
            -1,
        )
        # "دعا إلى إجراء محادثات": what a call, a warning or a threat is about is not done
        wished = (
            speech >= 0
            and per_token[speech][0][0].event_type in _WISHED_AFTER
            and not _relative_between(tokens, speech + 1, i)
        )
        for cue, j, future in per_token[i]:
            site = _Site(cue, i, j, future, dated, next_start, speech)
            first, second, how1, how2 = _pick_actors(site, tokens, index, context, previous_subject)
            # "العقوبات التي فرضتها واشنطن على طهران"، "القصف الذي استهدف": one act named
            # twice, the relative clause telling who did it; its verb is no event of its own
            again = _told_again(per_token, starts, n, cue.event_type, tokens)
            if again is not None:
                k2, (cue2, j2, future2) = again
                site2 = _Site(cue2, k2, j2, future2, dated, len(tokens), -1)
                first2, second2, _, _ = _pick_actors(site2, tokens, index, context, None)
                if first2 or second2:  # the relative clause names who did it
                    first, second, how1, how2 = first2, second2 or second, "relative", "relative"
            # ... and the relative clause tells it as done, not as asked for
            asked = wished and again is None
            if cue.actor2_types is not None and not (
                second and all(a.type in cue.actor2_types for a in second)
            ):
                continue
            if not first and not second:
                continue
            if cue.event_type in STATEMENTS and not first:
                continue  # a statement is its speaker's: none found, no statement
            if cue.event_type in _PARTIES and not (first and second) and len(first) < 2:
                continue  # a meeting or a call is of two parties: one alone is too unsure
            cue_start, cue_end = tokens[i].start, tokens[j].end
            near = _dates_near(dates, date_starts, cue_start)
            date = _nearest_date(near, cue_start, cue_end, text, tokens)
            date_source = "sentence" if date else None
            if date is None and reference is not None:
                date, date_source = _Date(start, start, reference.isoformat(), "day"), "document"
            plover = PLOVER[cue.event_type]
            common: dict[str, Any] = dict(
                sentence=sentence_no,
                sentence_start=start,
                sentence_end=end,
                event_type=cue.event_type,
                plover=plover,
                quad_class=QUAD_CLASS[plover],
                cue=text[cue_start:cue_end],
                cue_start=cue_start,
                cue_end=cue_end,
                negated=_negated(tokens, i, index.covered),
                # an event referred to after a time word ("منذ الانقلاب") is not the one a
                # future word of the sentence announces
                future=future
                if _lead_word(tokens, i) in _TIME_WORDS
                else asked
                or _future(tokens, i, future, j)
                or _ahead(date.iso if date and date_source == "sentence" else None, reference),
                date=date.iso if date else None,
                date_precision=date.precision if date else None,
                date_source=date_source,
                historical=_historical(date.iso if date else None, reference),
                sentence_text=text[start:end],
                basis=f"{how1}/{how2}",
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
                        actor1_start=a1.start if a1 else None,
                        actor1_end=a1.end if a1 else None,
                        actor2_start=a2.start if a2 else None,
                        actor2_end=a2.end if a2 else None,
                        actor1_sector=_sector(a1, tokens, index.covered, start),
                        actor2_sector=_sector(a2, tokens, index.covered, start),
                        **common,
                    )
                )
            if first:
                previous_subject = first
            covered_until = max(covered_until, j if cue.size > 1 else i)
            if again is not None:
                covered_until = max(covered_until, again[0])
            break
    return events


# Types of two parties, given only when both are found.
_PARTIES = frozenset({"meet", "call"})


def _told_again(per_token, starts, n, event_type, tokens):
    """(token, cue) of a cue of the same type just after cue n with a relative pronoun between
    ("العقوبات التي فرضتها"), else None."""
    if n + 1 >= len(starts):
        return None
    i, k = starts[n], starts[n + 1]
    if k - i > 4 or tokens.clause(k) != tokens.clause(i):
        return None
    same = [c for c in per_token[k] if c[0].event_type == event_type]
    if not same or not _relative_between(tokens, i + 1, k):
        return None
    return k, same[0]


def _sector(actor, tokens, covered, start) -> str | None:
    """The sector of an actor of this sentence; one named in an earlier sentence (through an
    anaphor) keeps none."""
    if actor is None or actor.start < start:
        return None
    return sector_of(actor, tokens, covered)


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


# A cue's date is looked for among this many dates on either side of it: a sentence may hold
# hundreds, and the nearest one is what counts.
DATES_AROUND = 8


def _dates_near(dates: list[_Date], date_starts: list[int], start: int) -> list[_Date]:
    k = bisect_left(date_starts, start)
    return dates[max(0, k - DATES_AROUND) : k + DATES_AROUND]


HISTORICAL_DAYS = 365


def _reference_date(reference) -> dt.date | None:
    try:
        return as_reference(reference)
    except (TypeError, ValueError):
        return None  # a document date sahel cannot read gives no reference, as for dates


def _historical(iso: str | None, reference: dt.date | None) -> bool:
    """Whether an event dated `iso` lies more than a year before its document's date."""
    if iso is None or reference is None:
        return False
    parts = iso.split("-")
    try:  # a month or a year counts from its last day: historical only when all of it is
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 12
        day = int(parts[2]) if len(parts) > 2 else 28
        when = dt.date(year, month, day)
    except ValueError:
        return False
    return (reference - when).days > HISTORICAL_DAYS


def _ahead(iso: str | None, reference: dt.date | None) -> bool:
    """Whether an event dated `iso` (from its sentence) lies wholly after its document's date:
    it is planned ("القمة ... في 12 يونيو" in an article of May)."""
    if iso is None or reference is None:
        return False
    parts = iso.split("-")
    try:
        when = dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                       int(parts[2]) if len(parts) > 2 else 1)  # fmt: skip
    except ValueError:
        return False
    return when > reference


# Words after which a date tells of something else than the event before them: a relative
# clause or a participle qualifying the object ("اتفاق التعاون المبرم في 2012").
_ELSEWHERE = frozenset(
    "الذي التي الذين اللذين اللتين المبرم المبرمه الموقع الموقعه المنعقد المنعقده".split()
)


# Complementizers: a date before one is the date of the saying or deciding before it; not
# after إلا، غير، بيد، رغم ("إلا أن" is "but").
_COMPLEMENTIZERS = frozenset({"ان", "انه", "انها", "انهم"})
_BUT = frozenset({"الا", "غير", "بيد", "رغم", "برغم"})


def _past_adjective(tokens: _Tokens | None, end: int) -> int:
    """The offset after the word that follows the cue ending at `end`: a relative clause right
    after the cue or its adjective ("القصف الجوي الذي استهدف ... يوم الخميس") tells of the
    cue's own event, and its date is the event's."""
    if tokens is None:
        return end
    k = bisect_left(tokens.starts, end)
    return tokens.ends[k] if k < len(tokens) else end


def _complement_between(tokens: _Tokens | None, lo: int, hi: int) -> bool:
    """Whether a complementizer (not "إلا أن") stands between original offsets lo and hi."""
    if tokens is None or hi - lo > 400:
        return False
    a, b = bisect_left(tokens.starts, lo), bisect_left(tokens.starts, hi)
    return any(
        tokens[k].word in _COMPLEMENTIZERS
        and not (k > 0 and conjunction_free(tokens[k - 1].word) in _BUT)
        for k in range(a, b)
    )


def _other_clause(tokens: _Tokens, d: _Date, start: int) -> bool:
    """Whether date d lies in another clause of the sentence than the cue at offset start."""
    if not tokens.breaks:
        return False
    return bisect_right(tokens.breaks, d.start) != bisect_right(tokens.breaks, start)


def _elsewhere(
    tokens: _Tokens | None, lo: int, hi: int, words: frozenset[str] = _ELSEWHERE
) -> bool:
    """Whether one of `words` stands between original offsets lo and hi."""
    if tokens is None or hi - lo > 400:
        return tokens is not None
    a, b = bisect_left(tokens.starts, lo), bisect_left(tokens.starts, hi)
    return any(any(form in words for form, _ in tokens[k].forms[:3]) for k in range(a, b))


def _nearest_date(
    dates: list[_Date],
    start: int,
    end: int,
    text: str = "",
    tokens: _Tokens | None = None,
) -> _Date | None:
    """The resolved date of the cue's own clause nearest to it; one before it wins a tie.
    A date that bounds a span ("منذ انقلاب تموز 2023"، "حتى 15 سبتمبر") is taken only when no
    other is there: it is rarely when the event happened. A date is never taken when it tells
    of something else: after the cue past a relative pronoun or participle ("ألغى ... اتفاق
    التعاون المبرم في 2012"), before it past a complementizer (the date of a saying: "قال
    الخميس إن الهجوم ..."). A date of another clause (commas that only set a date off do not
    end a clause) is taken only when the cue's own clause has none."""
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
        if side == 1 and not own and _elsewhere(tokens, _past_adjective(tokens, end), d.start):
            continue
        if side == 0 and distance and _complement_between(tokens, d.end, start):
            continue
        # a date of another clause only when its own has none ("..., إلا أن النيجر ...")
        elsewhere = tokens is not None and _other_clause(tokens, d, start)
        key = (elsewhere, not own and _bounds(text, d.start), distance, side)
        if best_key is None or key < best_key:
            best, best_key = d, key
    return best


def _bounds(text: str, start: int) -> bool:
    """Whether منذ or حتى stands one or two words before `start` ("منذ انقلاب تموز 2023")."""
    m = _TWO_WORDS_BEFORE.search(text, max(0, start - 40), start)
    return m is not None and any(
        w is not None and conjunction_free(_word(w)) in ("منذ", "حتي") for w in m.groups()
    )


def _doc_events(
    text: str,
    actors: list[_ActorRow],
    sentences: Sequence[tuple[int, int]],
    sentence_numbers: Sequence[int],
    dates: list[_Date] | None,
    reference,
    lexicon: CueLexicon,
    normalized: tuple[str, OffsetMap] | None = None,
    gate: DomainGate | None = None,
) -> list[Event]:
    if not actors or not sentences:
        return []
    norm, offsets = normalized or _NORMALIZER.normalize_with_offsets(text)
    ref_date = _reference_date(reference)
    starts = [s for s, _ in sentences]
    # Sentences that hold both an actor and the opening word of some cue.
    with_actor = {bisect_right(starts, a[0]) - 1 for a in actors}
    anchors: dict[int, list[int]] = {}
    points_back: dict[int, bool] = {}  # once per sentence: its test reads the whole sentence
    for ws in lexicon.anchors.find(norm):
        word = _NORM_WORD.match(norm, ws)
        if word is None or not lexicon.candidates(fold(word.group())):
            continue  # "وزارة" begins with و + زار but is no cue word
        orig = offsets.to_original(ws)
        k = bisect_right(starts, orig) - 1
        if k not in with_actor and k not in points_back:
            points_back[k] = _points_back(text, k, sentences, with_actor)
        if orig < sentences[k][1] and (k in with_actor or points_back[k]):
            anchors.setdefault(k, []).append(orig)
    for k in gate.gated(text, sentences) if anchors and gate is not None else ():
        anchors.pop(k, None)
    if not anchors:
        return []
    if dates is None:
        dates = [
            _Date(
                offsets.to_original(v.part) if v.part is not None else offsets.span(s, e)[0],
                offsets.span(s, e)[1],
                v.iso,
                v.precision,
            )
            for s, e, v in find_dates_normalized(norm, reference)
        ]
    date_starts = [d.start for d in dates]
    actor_starts = [a[0] for a in actors]
    events: list[Event] = []
    for k in sorted(anchors):
        s, e = sentences[k]
        inside = actors[bisect_left(actor_starts, s) : bisect_left(actor_starts, e)]
        in_dates = dates[bisect_left(date_starts, s) : bisect_left(date_starts, e)]

        events += _sentence_events(
            text,
            sentence_numbers[k],
            (s, e),
            [_copy(a) for a in inside],
            _Context(text, k, sentences, actors, actor_starts),
            in_dates,
            lexicon,
            anchors[k],
            ref_date,
        )
    return events


class _Context:
    """The actors of the two sentences before sentence k, for anaphors: read on first call."""

    __slots__ = ("args", "found")

    def __init__(self, text, k, sentences, actors, actor_starts):
        self.args = (text, k, sentences, actors, actor_starts)
        self.found: list[_Actor] | None = None

    def __call__(self) -> list[_Actor]:
        if self.found is None:
            text, k, sentences, actors, actor_starts = self.args
            self.found = []
            for back in (k - 2, k - 1):
                if back >= 0:
                    self.found += _context_actors(text, back, sentences[back], actors, actor_starts)
        return self.found


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


# ---- public API --------------------------------------------------------------------------


def extract_events(
    text: str,
    mentions: Sequence,
    sentences: Sequence[tuple[int, int]],
    dates: Sequence[DateMention] | None = None,
    reference=None,
    lexicon: CueLexicon | None = None,
    domain_gate: bool = True,
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
            (_Date(_phrase_start(d), d.end, d.iso, d.precision) for d in dates),
            key=lambda d: d.start,
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
        gate=DomainGate.default() if domain_gate else None,
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
    gazetteer: Gazetteer | None = None,
    domain_gate: bool = True,
) -> pd.DataFrame:
    """Every event of every document (columns: COLUMNS).

    `documents`: doc_id, text and optionally date (the reference for relative dates) and source
    (copied to each event; None without it), as Corpus.documents; `mentions`: a mentions table
    (doc_id or doc, entity_id, type, kind, start, end, refers_to, proclitic), as Matcher.table
    or Corpus.mentions give it; `sentences`: doc_id, start, end and optionally sentence, as
    Corpus.sentences (split with sahel.corpus.sentences when None); `dates`: dates_table output
    (found here when None). actor1_label and actor2_label are the actors' labels in
    `gazetteer` (the default one when None), else in the mentions' label column, else the id;
    None when there is no actor. story_id is the event's story among all the events of this
    call (sahel.extract.events.stories: events of parts of a corpus need
    assign_stories once gathered)."""
    if not isinstance(documents, pd.DataFrame) or "text" not in documents.columns:
        raise ValueError("documents must be a DataFrame with doc_id and text columns")
    lex = lexicon or CueLexicon.default()
    gate = DomainGate.default() if domain_gate else None
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
    spans_of = _sentence_spans(sentences) if sentences is not None else {}
    d_rows, dc = _grouped(dates, "doc_id", ("start", "end", "iso", "precision", "part_start"))
    refs = docs["date"].tolist() if "date" in docs.columns else [None] * len(docs)
    sources = docs["source"].tolist() if "source" in docs.columns else [None] * len(docs)
    rows: list[tuple] = []
    for doc_id, text, ref, source in zip(
        docs["doc_id"].tolist(), docs["text"].tolist(), refs, sources, strict=True
    ):
        actors = actors_by_doc.get(doc_id)
        if not actors or not isinstance(text, str):
            continue
        if sentences is not None:
            spans, numbers = spans_of.get(doc_id, ([], []))
        else:
            from sahel.corpus.sentences import split_sentences

            spans = [(x.start, x.end) for x in split_sentences(text)]
            numbers = list(range(len(spans)))
        doc_dates = None
        if dates is not None:
            doc_dates = sorted(
                (
                    _Date(_table_phrase_start(dc, r), int(dc["end"][r]),
                          _text_or_none(dc["iso"][r]), dc["precision"][r])
                    for r in d_rows.get(doc_id, [])
                ),
                key=lambda d: d.start,
            )  # fmt: skip
        for ev in _doc_events(text, actors, spans, numbers, doc_dates, ref, lex, gate=gate):
            rows.append((doc_id, source, *_event_fields(ev)))
    out = pd.DataFrame(rows, columns=["doc_id", "source", *_EVENT_FIELDS])
    label_of = _labels(mentions, gazetteer)
    for actor in ("actor1", "actor2"):
        out[f"{actor}_label"] = [
            label_of.get(a, a) if isinstance(a, str) else None for a in out[actor].tolist()
        ]
    out["story_id"] = story_ids(out)
    return out[COLUMNS].astype(
        {"sentence": "int64", "cue_start": "int64", "cue_end": "int64", "negated": bool,
         "future": bool, "actor1_start": "Int64", "actor1_end": "Int64", "actor2_start": "Int64",
         "actor2_end": "Int64"}
    )  # fmt: skip


# The columns of the events table that are fields of Event.
_EVENT_FIELDS = [c for c in COLUMNS if c in Event.__dataclass_fields__]
_event_fields = attrgetter(*_EVENT_FIELDS)


def _labels(mentions: pd.DataFrame, gazetteer: Gazetteer | None) -> dict[str, str]:
    """Entity id -> label: the gazetteer's, else the mentions' label column's."""
    if gazetteer is None:
        gazetteer = Gazetteer.default()
    labels: dict[str, str] = {}
    if "label" in mentions.columns:
        seen = mentions[["entity_id", "label"]].dropna().drop_duplicates("entity_id")
        labels.update(
            zip(seen["entity_id"].astype(object), seen["label"].astype(object), strict=True)
        )
    labels.update((eid, entity.label) for eid, entity in gazetteer.entities.items())
    return labels


def _phrase_start(date: DateMention) -> int:
    """Where the date's phrase begins: at the word that narrows it (أواخر كانون الثاني), which
    the dates table leaves out of the span: for roles the two are one phrase."""
    part = getattr(date, "part_start", None)
    return int(part) if part is not None else int(date.start)


def _table_phrase_start(columns: dict, row: int) -> int:
    parts = columns.get("part_start")
    part = parts[row] if parts is not None else None
    return int(part) if part is not None and not pd.isna(part) else int(columns["start"][row])


def _sentence_spans(sentences: pd.DataFrame) -> dict:
    """doc id -> (its sentence spans by start, their numbers: the sentence column, else the
    rank by start), for every document of a sentences table."""
    starts = [int(v) for v in sentences["start"].tolist()]
    ends = [int(v) for v in sentences["end"].tolist()]
    codes, doc_ids = pd.factorize(sentences["doc_id"], sort=False)
    # one stable sort by document, then by start: a document's sentences are one run
    order = np.lexsort((np.asarray(starts, dtype=np.int64), codes)).tolist()
    numbers = (
        [int(v) for v in sentences["sentence"].tolist()]
        if "sentence" in sentences.columns
        else None
    )
    ids = doc_ids.tolist()
    sorted_codes = codes[order]
    runs = (np.flatnonzero(np.diff(sorted_codes)) + 1).tolist()
    out: dict = {}
    for lo, hi in zip([0, *runs], [*runs, len(order)], strict=True):
        code = sorted_codes[lo] if hi > lo else -1
        if code < 0:
            continue  # a row without a document id belongs to none
        rows = order[lo:hi]
        out[ids[code]] = (
            [(starts[r], ends[r]) for r in rows],
            [numbers[r] for r in rows] if numbers is not None else list(range(len(rows))),
        )
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
