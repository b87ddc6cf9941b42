"""Find gazetteer entities in text: a thin wrapper over the C automaton, with results as
Mention objects or as a columnar DataFrame built with no Python object per mention."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from sahel import _core
from sahel.text.gazetteer import _ARTICLE, Gazetteer
from sahel.text.normalize import option_bits
from sahel.text.outlets import HomeResolver, check_country
from sahel.text.roles import RoleResolver, as_date
from sahel.text.words import readings, words

# How sure a decision is. A default (no context rule fired) is flagged ambiguous as well.
CONFIDENCE = {
    _core.DECIDED_PLAIN: 1.0,
    _core.DECIDED_RULE_ACCEPT: 0.9,
    _core.DECIDED_DEFAULT_ACCEPT: 0.6,
    _core.DECIDED_RULE_REJECT: 0.0,
    _core.DECIDED_DEFAULT_REJECT: 0.0,
}
_CONFIDENCE = [CONFIDENCE[d] for d in range(len(CONFIDENCE))]
# A decision is ambiguous when no context rule confirmed it.
_AMBIGUOUS_DECISION = [d not in (_core.DECIDED_PLAIN, _core.DECIDED_RULE_ACCEPT) for d in range(5)]
# A document-level reassignment (النيجيري read as Nigerien) is a guess from the document.
REASSIGNED_CONFIDENCE = 0.7
# A role phrase resolved through the dated roles of the gazetteer (sahel.text.roles).
ROLE_CONFIDENCE = 0.9
ROLE_KIND = "role"
# «المملكة، البلاد، الحكومة، العاصمة» without a name, read as the outlet's own country or its
# capital (sahel.text.outlets): a guess from the source, flagged ambiguous.
OUTLET_KIND = "outlet"
OUTLET_CONFIDENCE = 0.7
_STATE_TYPES = ("country", "territory")
# Nested names: the name of an international body, mission, armed group or outlet may hold the
# name or adjective of a state, or the name of an international body, that it still names
# («تحالف دعم الشرعية في اليمن»، «مفوضية الأمم المتحدة لشؤون اللاجئين»، «وكالة الأنباء
# السعودية»); those are reported too, nested in the longer mention. Not nested: a name at the
# start of the longer one, its head rather than another entity («الاتحاد الأفريقي لكرة القدم»
# is no African Union, «مجلس التعاون الخليجي» one body); regions, cities and places («الاتحاد
# الأوروبي»، «واشنطن بوست»); the inner names of national bodies (بنك قطر الوطني، جامعة القاهرة).
_NEST_OUTER = frozenset({"organization", "alliance", "mission", "armed_group", "media"})
_NEST_INNER = frozenset({"country", "territory", "organization"})
_NEST_CACHE = 1 << 16  # surfaces of nesting names remembered per Matcher
# Mentions a role phrase may be built on: a state or body named, or a state's adjective.
_ROLE_ANCHOR_TYPES = frozenset({"country", "territory", "organization", "alliance", "mission",
                                "armed_group"})  # fmt: skip
_ROLE_ANCHOR_KINDS = frozenset({"name", "demonym"})

COLUMNS = [
    "doc", "entity_id", "type", "label", "kind", "start", "end", "surface", "alias",
    "proclitic", "refers_to", "country", "confidence", "ambiguous",
]  # fmt: skip

# Below this many texts a batch is not worth splitting across threads.
_THREAD_MIN_TEXTS = 64
_CHUNK_TEXTS = 512


class Mention(NamedTuple):
    """One mention: an entity found in the text, with its span in the ORIGINAL text (code points).

    `surface` is text[start:end] (proclitics included), `proclitic` the prefix stripped before
    the alias (و، ب، لل ...), `kind` is "name", "demonym", "metonym", or "role" for a role phrase
    («الرئيس الأمريكي») resolved to the office holder on the document's date (then `alias` is
    the role, `title:of`). A named tuple: immutable, and cheap to make by the hundred thousand."""

    entity_id: str
    type: str
    label: str
    start: int
    end: int
    surface: str
    alias: str
    proclitic: str
    kind: str
    refers_to: str | None
    country: str | None
    confidence: float
    ambiguous: bool


_new_mention = partial(tuple.__new__, Mention)
# A mention's entity attributes: id, type, label, alias, kind, refers_to, country.
_Attributes = tuple[str, str, str, str, str, str | None, str | None]
# One batch of table(): doc, value, start, stem, end, decision columns and the surfaces.
_Batch = tuple[Any, ...]


# A capital that stands for its government (an alias of a city with refers_to, kind "metonym")
# is read as the city itself, kind "name", where a word of place or travel stands just before it
# ("في باريس"، "قرب دمشق"، "زيارته نيروبي"), or a meeting or treaty named after it ("قمة باماكو"،
# "ميثاق روما"), where it carries the preposition ب ("بباريس", in
# Paris) or where it opens a dateline ("طهران - أعلن ..."); elsewhere it acts for its state
# ("أعلنت باريس"). Compared as the core's stems (proclitics and article off).
_PLACE_BEFORE = (
    "في فى الى إلى من قرب وسط داخل خارج نحو حول عبر ضواحي شوارع سكان أهالي مدينة عاصمة مدن "
    "شرق غرب شمال جنوب شرقي غربي شمالي جنوبي أنحاء محيط أطراف زار يزور زيارة زيارته وصل وصول "
    "وصوله غادر مغادرة مغادرته توجه عاد عودة قمة مؤتمر اجتماع محادثات مفاوضات مسار ميثاق "
    "معاهدة اتفاق اتفاقية إعلان مطار ميناء جامعة بلدية محافظ حاكم"
).split()
_DATELINE_MARKS = ("-", "–", "—", ":", "(", "/", "،", ",")
# An outlet named after a place (صحيفة الرياض، صحيفة الشرق الأوسط): the place's name between
# quotation marks is the outlet («نقلت "الرياض"»، «قال لـ«الشرق الأوسط»»).
_OUTLET_WORDS = "صحيفة جريدة قناة مجلة موقع إذاعة تلفزيون".split()
_OPEN_QUOTES = "«\"“'"
_CLOSE_QUOTES = "»\"”'"
_PLACE_CONTEXT = 40  # code points before a capital read for the word before it


def _effect(effect: str) -> int:
    return _core.ACCEPT if effect == "accept" else _core.REJECT


class Matcher:
    """A compiled gazetteer. Read-only once built: threads may share one (the GIL is released
    while matching). Pickles by rebuilding from its gazetteer and options."""

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        preset: str = "search",
        overlapping: bool = False,
        keep_rejected: bool = False,
        **options: bool,
    ):
        if gazetteer is None:
            gazetteer = Gazetteer.default()
        if not isinstance(gazetteer, Gazetteer):
            raise TypeError(
                f"gazetteer must be a sahel.Gazetteer, not {type(gazetteer).__name__}: "
                "use Gazetteer.load(path) for a file"
            )
        self.gazetteer = gazetteer
        self.preset = preset
        self.options = options
        self.bits = option_bits(preset, **options)
        self.overlapping = bool(overlapping)
        self.keep_rejected = bool(keep_rejected)
        self._flags = (_core.FIND_OVERLAPPING if overlapping else 0) | (
            _core.FIND_KEEP_REJECTED if keep_rejected else 0
        )
        self._compile()

    def _compile(self) -> None:
        entries = self.gazetteer.alias_entries()
        entities = self.gazetteer.entities
        self._entries = entries
        values_of: dict[tuple[str, str], list[int]] = {}
        aliases = []
        for value, entry in enumerate(entries):
            flags = (
                (_core.ALIAS_ARTICLE_OPTIONAL if entry.article_optional else 0)
                | (_core.ALIAS_NO_PROCLITICS if entry.no_proclitics else 0)
                | (_core.ALIAS_AMBIGUOUS if entry.ambiguous else 0)
            )
            aliases.append((entry.text, value, flags))
            values_of.setdefault((entry.entity_id, entry.text), []).append(value)
        rules = []
        # Written words that are not the alias read through a proclitic (كلاوس): by value.
        other_words: dict[int, set[str]] = {}
        for context in self.gazetteer.context_rules():
            if context.side == "word":
                form = " ".join(words(context.word, "search").forms)
                for value in values_of.get((context.entity_id, context.alias), ()):
                    other_words.setdefault(value, set()).add(form)
                continue
            side = _core.CONTEXT_BEFORE if context.side == "before" else _core.CONTEXT_AFTER
            for value in values_of.get((context.entity_id, context.alias), ()):
                rules.append((value, side, context.word, _effect(context.effect)))
        self._other_words = {v: frozenset(f) for v, f in other_words.items()}
        self._other_word_values = np.array(sorted(self._other_words), dtype=np.int32)
        defaults = [
            (value, _effect(d.effect))
            for d in self.gazetteer.ambiguity_defaults()
            for value in values_of.get((d.entity_id, d.alias), ())
        ]
        self._core = _core.Matcher(self.bits, aliases, rules, defaults)
        self._roles = RoleResolver(self.gazetteer)
        self._home = HomeResolver(self.gazetteer)
        self._quoted_outlet = _quoted_outlets(entries, entities)
        self._quoted_values = np.array(sorted(self._quoted_outlet), dtype=np.int32)
        self._word_bits = option_bits("search")
        self._place_words = frozenset(words(" ".join(_PLACE_BEFORE), "search").forms)
        self._capital = words("عاصمة", "search").forms[0]
        self._word_classes: dict[str, tuple[bool, bool, bool, bool]] = {}
        # Values whose kind depends on the words before: capitals (metonym or the city) and
        # country names written like the country's adjective (السعودية، سورية: name or demonym).
        self._value_capital = np.array(
            [e.kind == "metonym" and entities[e.entity_id].type == "city" for e in entries],
            dtype=bool,
        )
        self._value_nisba = np.array([_nisba_name(e, entities) for e in entries], dtype=bool)
        # Of those, the names written without the article (سورية، تشيلي): with it in the text
        # (السورية، التشيلي، للبوروندي) they are the adjective whatever stands before.
        self._value_bare_nisba = np.array(
            [
                bool(n) and not e.text.startswith(_ARTICLE)
                for n, e in zip(self._value_nisba, entries, strict=True)
            ],
            dtype=bool,
        )
        self._context_values = frozenset(
            np.flatnonzero(self._value_capital | self._value_nisba).tolist()
        )
        # Words that are names themselves ("الإمارات والسعودية"): no noun for an adjective.
        # Single-word names only: the last word of a longer name is often a noun or adjective
        # of its own (الجوية، العاصمة، الوطنية), and a nisba after it is a demonym.
        self._name_words = frozenset(
            forms[0]
            for e in entries
            if e.kind == "name" and len(forms := words(e.text, "search").forms) == 1
        )

        # Per-value lookup arrays: a mention's attributes are gathered by value with np.take.
        self._entity_ids = list(entities)
        entity_index = {eid: i for i, eid in enumerate(self._entity_ids)}
        self._value_entity = np.array([entity_index[e.entity_id] for e in entries], dtype=np.int64)
        # The state each entity names or belongs to: itself for a state, else what it refers
        # to or its country (the text naming another state than the outlet's).
        self._entity_state = [
            e.id if e.type in _STATE_TYPES else (e.refers_to or e.country)
            for e in (entities[i] for i in self._entity_ids)
        ]
        self._nest_inner = np.array([_nests_inside(e, entities) for e in entries], dtype=bool)
        self._nest_values = np.array(
            [
                value
                for value, e in enumerate(entries)
                if _nest_outer(e, entities) and self._inner_matches(e.text, value)
            ],
            dtype=np.int32,
        )
        self._nest_set = frozenset(self._nest_values.tolist())
        self._nest_lookup = np.zeros(len(entries), dtype=bool)
        self._nest_lookup[self._nest_values] = True
        # The nested names of a surface, by (alias value, surface): news repeats its names.
        self._nest_cache: dict[tuple[int, str], list[tuple[int, int, int, int, int]]] = {}
        self._value_kind = [e.kind for e in entries]
        self._value_alias = [e.text for e in entries]
        self._value_attributes = [
            self._attributes_as(value, entry.entity_id) for value, entry in enumerate(entries)
        ]
        # Document rules as (which alias values it reassigns, as a lookup by value; the
        # entity indices it goes to, needs and must not see; -1 for no condition).
        self._doc_rules = []
        self._rule_value = np.zeros(len(entries), dtype=bool)
        for rule in self.gazetteer.document_rules():
            values = values_of.get((rule.entity_id, rule.alias), [])
            if values and rule.reassign_to in entity_index:
                lookup = np.zeros(len(entries), dtype=bool)
                lookup[values] = True
                self._rule_value |= lookup
                self._doc_rules.append(
                    (
                        lookup,
                        entity_index[rule.reassign_to],
                        entity_index.get(rule.when_present or "", -1),
                        entity_index.get(rule.unless_present or "", -1),
                    )
                )

    def _inner_of(self, text: str, value: int) -> list[tuple[int, int, int, int, int]]:
        """The names nested in a mention of alias `value` written `text` (the mention from its
        stem): (value, start, stem, end, decision) of every alias match inside it but at its
        start whose entity may be nested (_NEST_INNER), the longest per entity. Cached."""
        key = (value, text)
        known = self._nest_cache.get(key)
        if known is None:
            if len(self._nest_cache) >= _NEST_CACHE:
                self._nest_cache.clear()
            known = self._nest_cache[key] = self._inner_matches(text, value)
        return known

    def _inner_matches(self, text: str, value: int) -> list[tuple[int, int, int, int, int]]:
        v_b, s_b, st_b, e_b, decisions = self._core.find(text, _core.FIND_OVERLAPPING)
        if len(decisions) < 2:
            return []
        entity = self._value_entity
        own = entity[value]
        best: dict[int, tuple[int, int, int, int, int]] = {}
        found = zip(
            np.frombuffer(v_b, np.int32).tolist(),
            np.frombuffer(s_b, np.uintp).tolist(),
            np.frombuffer(st_b, np.uintp).tolist(),
            np.frombuffer(e_b, np.uintp).tolist(),
            decisions,
            strict=True,
        )
        for v, start, stem, end, decision in found:
            if start == 0 or not self._nest_inner[v]:
                continue
            if entity[v] == own:
                continue
            known = best.get(entity[v])
            if known is None or end - start > known[3] - known[1]:
                best[entity[v]] = (v, start, stem, end, decision)
        return sorted(best.values(), key=lambda n: n[1])

    def _nested(
        self, text: str, values: list[int], stems: list[int], ends: list[int]
    ) -> list[tuple[int, int, int, int, int, int]]:
        """(row, value, start, stem, end, decision) of the names nested in each mention whose
        alias may hold one, offsets into `text`."""
        out = []
        for row, value in enumerate(values):
            if value in self._nest_set:
                stem, end = stems[row], ends[row]
                for v, s, st, e, d in self._inner_of(text[stem:end], value):
                    out.append((row, v, stem + s, stem + st, stem + e, d))
        return out

    # ---- single texts -----------------------------------------------------------------

    def find(self, text: str, date: object = None, home: str | None = None) -> list[Mention]:
        """Mentions in `text`, in text order; one per entity and span. With the document's
        `date` (a datetime.date or an ISO string), role phrases resolve to the office holder
        of that day as well (kind "role", nested around the state or body they name). With
        `home`, the country id of the outlet (a national outlet's own country), «المملكة،
        البلاد، الحكومة» written without a name resolve to it and «العاصمة» to its capital
        where the text names no other state (kind "outlet"; sahel.text.outlets)."""
        day = as_date(date)
        if home is not None:
            home = check_country(home, self.gazetteer, "home")
        if not isinstance(text, str):
            raise TypeError(
                f"text must be str, not {type(text).__name__}"
                + (": decode it first" if isinstance(text, (bytes, bytearray)) else "")
            )
        value_b, start_b, stem_b, end_b, decided = self._core.find(text, self._flags)
        if not decided and home is None:
            return []
        decisions: Sequence[int] = decided
        values = np.frombuffer(value_b, np.int32).tolist()
        starts = np.frombuffer(start_b, np.uintp).tolist()
        stems = np.frombuffer(stem_b, np.uintp).tolist()
        ends = np.frombuffer(end_b, np.uintp).tolist()
        nested = self._nested(text, values, stems, ends) if self._nest_set else []
        if nested:
            rows = sorted(
                [*zip(values, starts, stems, ends, decisions, strict=True)]
                + [n[1:] for n in nested],
                key=lambda r: (r[1], -r[3]),
            )
            values, starts, stems, ends, decisions = (list(c) for c in zip(*rows, strict=True))
            value_b = np.asarray(values, np.int32).tobytes()
        reassigned = None
        if self._doc_rules:
            value_array = np.frombuffer(value_b, np.int32)
            target = self._reassign(
                np.zeros(len(values), np.int64), value_array, self._value_entity[value_array]
            )
            if target is not None:
                ids = self._entity_ids
                reassigned = [ids[t] if t >= 0 else None for t in target.tolist()]
        attributes = self._value_attributes
        ambiguous_decision = _AMBIGUOUS_DECISION
        context_values = self._context_values
        mentions = []
        seen = set()
        other_words = self._other_words
        for i, value in enumerate(values):
            start, end = starts[i], ends[i]
            decision = decisions[i]
            if value in other_words and self._is_other_word(text, start, end, value):
                if not self.keep_rejected:
                    continue
                decision = _core.DECIDED_RULE_REJECT
            attrs = (
                attributes[value]
                if reassigned is None or reassigned[i] is None
                else self._attributes_as(value, reassigned[i] or "")
            )
            key = (attrs[0], start, end)
            if key in seen:
                continue
            seen.add(key)
            reassigned_here = reassigned is not None and reassigned[i] is not None
            if value in self._quoted_outlet and _quoted(text, stems[i], end):
                outlet = self._attributes_as(value, self._quoted_outlet[value])
                attrs = (*outlet[:4], "name", *outlet[5:])
            elif value in context_values:
                if self._value_capital[value] and self._as_place(text, start, stems[i]):
                    attrs = (*attrs[:4], "name", *attrs[5:])
                elif self._value_nisba[value] and self._as_adjective(
                    text, start, stems[i], self._value_bare_nisba[value]
                ):
                    attrs = (*attrs[:4], "demonym", *attrs[5:])
            mentions.append(
                _new_mention(
                    (
                        attrs[0], attrs[1], attrs[2], start, end, text[start:end], attrs[3],
                        text[start : stems[i]], attrs[4], attrs[5], attrs[6],
                        REASSIGNED_CONFIDENCE if reassigned_here else _CONFIDENCE[decision],
                        reassigned_here or ambiguous_decision[decision],
                    )
                )
            )  # fmt: skip
        if home is not None:
            states = self._entity_state
            index = {eid: i for i, eid in enumerate(self._entity_ids)}
            spans = [(m.start, m.end, states[index[m.entity_id]]) for m in mentions]
            homes = [self._home_mention(text, hit) for hit in self._home.find(text, spans, home)]
            if homes:
                mentions = sorted(mentions + homes, key=lambda m: m.start)
        if day is not None:
            roles = [self._role_mention(text, hit) for hit in self._role_hits(text, mentions, day)]
            if roles:
                mentions = sorted(mentions + roles, key=lambda m: m.start)
        return mentions

    def _role_hits(self, text: str, mentions: list[Mention], day: Any) -> list[Any]:
        anchors = [
            (m.start, m.start + len(m.proclitic), m.end, m.entity_id, m.kind)
            for m in mentions
            if m.type in _ROLE_ANCHOR_TYPES and m.kind in _ROLE_ANCHOR_KINDS
        ]
        return self._roles.find(text, anchors, day)

    def _role_mention(self, text: str, hit: Any) -> Mention:
        person = self.gazetteer.entities[hit.entity_id]
        return _new_mention(
            (
                person.id, person.type, person.label, hit.start, hit.end, text[hit.start : hit.end],
                f"{hit.title}:{hit.of}", text[hit.start : hit.stem], ROLE_KIND, None,
                person.country, ROLE_CONFIDENCE, False,
            )
        )  # fmt: skip

    def _home_mention(self, text: str, hit: Any) -> Mention:
        entity = self.gazetteer.entities[hit.entity_id]
        return _new_mention(
            (
                entity.id, entity.type, entity.label, hit.start, hit.end,
                text[hit.start : hit.end], hit.word, text[hit.start : hit.stem], OUTLET_KIND,
                entity.refers_to, entity.country, OUTLET_CONFIDENCE, True,
            )
        )  # fmt: skip

    def _is_other_word(self, text: str, start: int, end: int, value: int) -> bool:
        """Whether the mention's first written word is a word that the corpus shows is not
        the alias read through a proclitic (ambiguity files, column reject_word)."""
        forms = _core.words(text[start:end], self._word_bits)[2]
        return bool(forms) and forms[0] in self._other_words[value]

    def _words_before(self, text: str, start: int) -> list[str]:
        """The normalized forms of up to two words just before `start`, nearest first: the
        first only when nothing but spaces or a hashtag sign stands between it and `start`,
        the second only when joined to the first."""
        offset = max(0, start - _PLACE_CONTEXT)
        starts, ends, forms, joined = _core.words(text[offset:start], self._word_bits)
        if not forms or text[offset + ends[-1] : start].replace("#", "").strip():
            return []
        if len(forms) >= 2 and joined[-1]:
            return [forms[-1], forms[-2]]
        return [forms[-1]]

    def _word_class(self, form: str) -> tuple[bool, bool, bool, bool]:
        """(a word of place, the word for capital, definite, a name) for a normalized word,
        read through the core's proclitic readings; cached, as news repeats its words."""
        known = self._word_classes.get(form)
        if known is None:
            stems = {r.stem for r in readings(form)} | {form}
            definite = any(r.article for r in readings(form))
            named = any(
                r.article + r.stem in self._name_words or r.stem in self._name_words
                for r in readings(form)
            )
            known = (
                bool(stems & self._place_words), self._capital in stems, definite, named
            )  # fmt: skip
            self._word_classes[form] = known
        return known

    def _as_place(self, text: str, start: int, stem: int) -> bool:
        """Whether a capital at text[start:] (its alias from `stem`, after the proclitic) names
        the city rather than its government (see _PLACE_BEFORE)."""
        if "ب" in text[start:stem]:
            return True
        before = self._words_before(text, start)
        if not before:
            # No word just before: a dateline when the line starts here and a mark follows.
            line_start = text.rfind("\n", 0, start) + 1
            opens = not text[line_start:start].strip(" \t#\"'«")
            after = text[start:].split(None, 1)
            rest = text[start:].lstrip()
            return (
                opens
                and bool(after)
                and (
                    after[0][-1:] in _DATELINE_MARKS
                    or rest[len(after[0]) :].lstrip()[:1] in _DATELINE_MARKS
                )
            )
        # The word before, or the word for capital with an adjective between ("العاصمة
        # الألمانية برلين").
        return self._word_class(before[0])[0] or (
            len(before) > 1 and self._word_class(before[1])[1]
        )

    def _as_adjective(self, text: str, start: int, stem: int, bare: bool = False) -> bool:
        """Whether a country name written like its adjective (السعودية) qualifies the definite
        noun just before it ("الأندية السعودية", "الحكومة السورية"): a definite word that is no
        name itself, joined to it, and no conjunction on the mention ("الإمارات والسعودية").
        A `bare` name (سورية، تشيلي) that the text writes with the article (السورية، التشيلي
        فرناندو، للبوروندي) is the adjective wherever it stands."""
        if bare and _has_article(text, start, stem):
            return True
        if any(c in text[start:stem] for c in "وفبكل"):  # no proclitic on an adjective
            return False
        offset = max(0, start - _PLACE_CONTEXT)
        starts, ends, forms, joined = _core.words(text[offset:start], self._word_bits)
        # Joined: only separators (no hashtag sign, no punctuation) between noun and adjective.
        if not forms or text[offset + ends[-1] : start].strip():
            return False
        _, _, definite, named = self._word_class(forms[-1])
        return definite and not named

    def _attributes_as(self, value: int, entity_id: str) -> _Attributes:
        entity = self.gazetteer.entities[entity_id]
        alias, kind = self._value_alias[value], self._value_kind[value]
        return (entity.id, entity.type, entity.label, alias, kind, entity.refers_to, entity.country)

    def _reassign(
        self, doc: np.ndarray, value: np.ndarray, entity: np.ndarray
    ) -> np.ndarray | None:
        """Document rules, for find() and table() alike: for each mention (its document, alias
        value and entity index) the index of the entity it is reassigned to, -1 when it keeps
        its own; None when no mention has an alias of a rule.

        A rule reassigns the mentions of its aliases in each document holding a mention of
        `when_present` and none of `unless_present` (a condition left empty always holds). The
        evidence comes from the other mentions: no alias of any rule counts, so the order of
        the rules does not matter for it; when two rules reassign one mention, the later wins.
        """
        rule_value = self._rule_value[value]
        if not rule_value.any():
            return None
        target = np.full(len(value), -1, dtype=np.int64)
        others = ~rule_value
        for lookup, reassign_to, when_present, unless_present in self._doc_rules:
            rows = lookup[value]
            if not rows.any():
                continue
            if when_present >= 0:
                rows &= np.isin(doc, doc[others & (entity == when_present)])
            if unless_present >= 0:
                rows &= ~np.isin(doc, doc[others & (entity == unless_present)])
            target[rows] = reassign_to
        return target

    def find_many(self, texts: Iterable[str], threads: int | None = None) -> list[list[Mention]]:
        """Mentions of every text, one list per text."""
        texts = _as_text_list(texts)
        if len(texts) < _THREAD_MIN_TEXTS or threads == 1:
            return [self.find(t) for t in texts]
        with ThreadPoolExecutor(_thread_count(threads)) as pool:
            return list(pool.map(self.find, texts, chunksize=16))

    # ---- columnar ---------------------------------------------------------------------

    def table(
        self,
        texts: Iterable[str],
        doc_ids: Sequence[object] | None = None,
        threads: int | None = None,
        dates: Sequence[object] | None = None,
        homes: Sequence[str | None] | None = None,
    ) -> pd.DataFrame:
        """Every mention of every text as a DataFrame (columns: COLUMNS); `doc` is the position
        of the text, or its id from `doc_ids`. With `dates` (one per text: a datetime.date, an
        ISO string or None), role phrases are resolved as in find(); with `homes` (one per
        text: the outlet's country id or None), the unnamed references to it as in find()."""
        texts = _as_text_list(texts)
        if doc_ids is not None and len(doc_ids) != len(texts):
            raise ValueError(f"doc_ids has {len(doc_ids)} items for {len(texts)} texts")
        if homes is not None:
            if isinstance(homes, (str, bytes)) or len(homes) != len(texts):
                raise ValueError("homes must be a sequence with one country id (or None) per text")
            checked: dict[str, str] = {}
            for i, h in enumerate(homes):
                if h is not None and h not in checked:
                    checked[h] = check_country(h, self.gazetteer, f"homes[{i}]")
            homes = [None if h is None else checked[h] for h in homes]
        days = None
        if dates is not None:
            if isinstance(dates, (str, bytes)) or len(dates) != len(texts):
                raise ValueError("dates must be a sequence with one date (or None) per text")
            days = [as_date(d, f"dates[{i}]") for i, d in enumerate(dates)]
        parts = self._batches(texts, threads)
        doc = np.concatenate([p[0] for p in parts]) if parts else np.empty(0, np.int64)
        value = np.concatenate([p[1] for p in parts]) if parts else np.empty(0, np.int32)
        start = np.concatenate([p[2] for p in parts]) if parts else np.empty(0, np.int64)
        stem = np.concatenate([p[3] for p in parts]) if parts else np.empty(0, np.int64)
        end = np.concatenate([p[4] for p in parts]) if parts else np.empty(0, np.int64)
        decision = np.concatenate([p[5] for p in parts]) if parts else np.empty(0, np.uint8)
        surface = pa.chunked_array([p[6] for p in parts], type=pa.large_string())
        if len(self._nest_values) and len(value):
            doc, value, start, stem, end, decision, surface = self._with_nested(
                texts, doc, value, start, stem, end, decision, surface
            )
        if len(self._other_word_values) and len(value):
            candidates = np.flatnonzero(np.isin(value, self._other_word_values))
            drop = [
                r
                for r in candidates
                if self._is_other_word(texts[doc[r]], int(start[r]), int(end[r]), int(value[r]))
            ]
            if drop and self.keep_rejected:
                decision = decision.copy()
                decision[drop] = _core.DECIDED_RULE_REJECT
            elif drop:
                keep = np.ones(len(value), dtype=bool)
                keep[drop] = False
                doc, value, start, stem, end, decision = (
                    a[keep] for a in (doc, value, start, stem, end, decision)
                )
                surface = pa.chunked_array([surface.combine_chunks().filter(pa.array(keep))])

        entity = self._value_entity[value] if len(value) else np.empty(0, np.int64)
        confidence = np.asarray(_CONFIDENCE)[decision]
        ambiguous = np.asarray(_AMBIGUOUS_DECISION)[decision]
        target = self._reassign(doc, value, entity) if self._doc_rules and len(value) else None
        if target is not None:
            rows = target >= 0
            entity = np.where(rows, target, entity)
            confidence = np.where(rows, REASSIGNED_CONFIDENCE, confidence)
            ambiguous = ambiguous | rows

        # With dates, the categories hold the role rows' values too (added in _with_roles).
        role_kinds, role_aliases = ([ROLE_KIND], self._roles.aliases()) if days else ([], [])
        kind = _gather(value, [*self._value_kind, *role_kinds])
        for lookup, decide, new_kind in (
            (self._value_capital, self._as_place, "name"),
            (self._value_nisba, self._as_adjective, "demonym"),
        ):
            chosen = lookup[value] if len(value) else np.zeros(0, dtype=bool)
            if target is not None:
                chosen &= target < 0
            picked = np.flatnonzero(chosen)
            if len(picked):
                bare = self._value_bare_nisba
                hits = [
                    decide(texts[doc[r]], int(start[r]), int(stem[r]), bare[value[r]])
                    if decide == self._as_adjective
                    else decide(texts[doc[r]], int(start[r]), int(stem[r]))
                    for r in picked
                ]
                kind[picked[np.asarray(hits, dtype=bool)]] = new_kind

        if len(self._quoted_values) and len(value):
            entity_index = {eid: i for i, eid in enumerate(self._entity_ids)}
            for r in np.flatnonzero(np.isin(value, self._quoted_values)).tolist():
                if _quoted(texts[doc[r]], int(stem[r]), int(end[r])):
                    entity[r] = entity_index[self._quoted_outlet[int(value[r])]]
                    kind[r] = "name"

        ids = self._entity_ids
        entities = self.gazetteer.entities
        frame = pd.DataFrame(
            {
                "doc": doc if doc_ids is None else np.asarray(doc_ids, dtype=object)[doc],
                "entity_id": pd.Categorical.from_codes(entity, pd.Index(ids)),
                "type": _gather(entity, [entities[i].type for i in ids]),
                "label": _gather(entity, [entities[i].label for i in ids]),
                "kind": kind,
                "start": start,
                "end": end,
                "surface": pd.arrays.ArrowExtensionArray(surface),
                "alias": _gather(value, [*self._value_alias, *role_aliases]),
                "proclitic": pd.arrays.ArrowExtensionArray(_prefixes(surface, stem - start)),
                "refers_to": _gather(entity, [entities[i].refers_to for i in ids]),
                "country": _gather(entity, [entities[i].country for i in ids]),
                "confidence": np.asarray(confidence, dtype=float),
                "ambiguous": np.asarray(ambiguous, dtype=bool),
            },
            columns=COLUMNS,
        )
        # Two aliases of one entity may cover one span (السعودية and سعودية): keep the first.
        duplicate = frame.duplicated(["doc", "start", "end", "entity_id"])
        if duplicate.any():
            frame = frame[~duplicate.to_numpy()].reset_index(drop=True)
            doc = doc[~duplicate.to_numpy()]
        if homes is not None and any(h is not None for h in homes):
            frame, doc = self._with_homes(frame, doc, texts, homes, doc_ids)
        if days is not None:
            frame = self._with_roles(frame, doc, texts, days)
        return frame

    def _with_homes(
        self,
        frame: pd.DataFrame,
        doc: np.ndarray,
        texts: list[str],
        homes: list[str | None],
        doc_ids: Sequence[object] | None,
    ) -> tuple[pd.DataFrame, np.ndarray]:
        """The table with the unnamed references to each text's home country added, and the
        document position of each row."""
        states = self._entity_state
        entity = frame["entity_id"].cat.codes.to_numpy()
        starts = frame["start"].to_numpy().tolist()
        ends = frame["end"].to_numpy().tolist()
        order = np.argsort(doc, kind="stable")
        bounds = np.searchsorted(doc[order], np.arange(len(texts) + 1))
        records = []
        for position, home in enumerate(homes):
            if home is None:
                continue
            rows = order[bounds[position] : bounds[position + 1]].tolist()
            spans = [(starts[r], ends[r], states[entity[r]]) for r in rows]
            text = texts[position]
            for hit in self._home.find(text, spans, home):
                label = position if doc_ids is None else doc_ids[position]
                records.append((position, label, *self._home_mention(text, hit)))
        if not records:
            return frame, doc
        return self._with_records(frame, doc, records)

    def _with_nested(
        self,
        texts: list[str],
        doc: np.ndarray,
        value: np.ndarray,
        start: np.ndarray,
        stem: np.ndarray,
        end: np.ndarray,
        decision: np.ndarray,
        surface: pa.ChunkedArray,
    ) -> tuple[Any, ...]:
        """The match columns with the nested names (_NEST_OUTER) added, in document and text
        order, the longer of two mentions at one start first."""
        rows = np.flatnonzero(self._nest_lookup[value]).tolist()
        extra = []
        for r in rows:
            text, st = texts[doc[r]], int(stem[r])
            for v, s, s2, e, d in self._inner_of(text[st : int(end[r])], int(value[r])):
                extra.append((doc[r], v, st + s, st + s2, st + e, d, text[st + s : st + e]))
        if not extra:
            return doc, value, start, stem, end, decision, surface
        d_, v_, s_, st_, e_, dec_, surf_ = zip(*extra, strict=True)
        doc = np.concatenate([doc, np.asarray(d_, np.int64)])
        value = np.concatenate([value, np.asarray(v_, np.int32)])
        start = np.concatenate([start, np.asarray(s_, np.int64)])
        stem = np.concatenate([stem, np.asarray(st_, np.int64)])
        end = np.concatenate([end, np.asarray(e_, np.int64)])
        decision = np.concatenate([decision, np.asarray(dec_, np.uint8)])
        flat = pa.concat_arrays(
            [surface.combine_chunks(), pa.array(list(surf_), pa.large_string())]
        )
        order = np.lexsort((-end, start, doc))
        return (
            doc[order], value[order], start[order], stem[order], end[order], decision[order],
            pa.chunked_array([flat.take(pa.array(order))]),
        )  # fmt: skip

    def _with_roles(
        self, frame: pd.DataFrame, doc: np.ndarray, texts: list[str], days: list[Any]
    ) -> pd.DataFrame:
        """The table with the role phrases of each dated text added, in document and text
        order."""
        anchor = (
            frame["type"].isin(_ROLE_ANCHOR_TYPES) & frame["kind"].isin(_ROLE_ANCHOR_KINDS)
        ).to_numpy()
        rows = np.flatnonzero(anchor)
        if not len(rows):
            return frame
        starts = frame["start"].to_numpy()[rows].tolist()
        ends = frame["end"].to_numpy()[rows].tolist()
        lengths = frame["proclitic"].str.len().to_numpy()[rows].tolist()
        ids = frame["entity_id"].to_numpy()[rows].tolist()
        kinds = frame["kind"].to_numpy()[rows].tolist()
        docs = frame["doc"].to_numpy()
        records = []
        positions = doc[rows].tolist()
        first = 0
        for i in range(1, len(rows) + 1):
            if i < len(rows) and positions[i] == positions[first]:
                continue
            position, group, first = positions[first], range(first, i), i
            day = days[position]
            if day is None:
                continue
            text = texts[position]
            anchors = [
                (starts[j], starts[j] + lengths[j], ends[j], ids[j], kinds[j]) for j in group
            ]
            for hit in self._roles.find(text, anchors, day):
                records.append((position, docs[rows[group[0]]], *self._role_mention(text, hit)))
        if not records:
            return frame
        return self._with_records(frame, doc, records)[0]

    def _with_records(
        self, frame: pd.DataFrame, doc: np.ndarray, records: list[tuple[Any, ...]]
    ) -> tuple[pd.DataFrame, np.ndarray]:
        """The table with `records` ((position, doc, *Mention) tuples) added, in document and
        text order, and the document position of each row."""
        names = ["_position", "doc", *Mention._fields]
        added = pd.DataFrame.from_records(records, columns=names)
        for column in ("surface", "proclitic"):
            added[column] = pd.arrays.ArrowExtensionArray(
                pa.array(added[column].tolist(), pa.large_string())
            )
        frame = frame.assign(_position=doc)
        # Same categorical dtypes on both sides, so that concat keeps them as they are.
        for column in COLUMNS:
            dtype = frame[column].dtype
            if isinstance(dtype, pd.CategoricalDtype):
                new = pd.Index(added[column].dropna().unique()).difference(dtype.categories)
                if len(new):
                    frame[column] = frame[column].cat.add_categories(new)
                added[column] = pd.Categorical(
                    added[column], categories=frame[column].cat.categories
                )
        added["doc"] = added["doc"].astype(frame["doc"].dtype)
        combined = pd.concat([frame, added[["_position", *COLUMNS]]], ignore_index=True)
        order = np.lexsort((combined["start"].to_numpy(), combined["_position"].to_numpy()))
        combined = combined.take(order)
        at = combined["_position"].to_numpy(np.int64)
        return combined.drop(columns="_position").reset_index(drop=True), at

    def _batches(self, texts: list[str], threads: int | None) -> list[_Batch]:
        def run(offset_chunk: tuple[int, list[str]]) -> _Batch:
            offset, chunk = offset_chunk
            d, v, s, st, e, dec, surf, offs = self._core.find_many(chunk, self._flags)
            surface = pa.LargeStringArray.from_buffers(
                len(dec), pa.py_buffer(offs), pa.py_buffer(surf)
            )
            return (
                np.frombuffer(d, np.int64) + offset,
                np.frombuffer(v, np.int32),
                np.frombuffer(s, np.uintp).astype(np.int64),
                np.frombuffer(st, np.uintp).astype(np.int64),
                np.frombuffer(e, np.uintp).astype(np.int64),
                np.frombuffer(dec, np.uint8),
                surface,
            )

        if not texts:
            return []
        n = 1 if len(texts) < _THREAD_MIN_TEXTS else _thread_count(threads)
        # Chunks of at most _CHUNK_TEXTS keep each batch's columns small and cache-warm.
        size = min(_CHUNK_TEXTS, -(-len(texts) // (n * 8)) if n > 1 else len(texts))
        chunks = [(i, texts[i : i + size]) for i in range(0, len(texts), size)]
        if n == 1:
            return [run(c) for c in chunks]
        with ThreadPoolExecutor(n) as pool:
            return list(pool.map(run, chunks))

    # ---- introspection and pickling ---------------------------------------------------

    def stats(self) -> dict[str, int]:
        """Sizes of the compiled automaton: aliases, words, nodes, bytes."""
        return self._core.stats()

    def __sizeof__(self) -> int:
        return object.__sizeof__(self) + self._core.__sizeof__()

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (
            _rebuild,
            (self.gazetteer, self.preset, self.options, self.overlapping, self.keep_rejected),
        )

    def __repr__(self) -> str:
        s = self.stats()
        entities = len(self.gazetteer)
        return f"<sahel.Matcher {s['aliases']} aliases, {entities} entities, {s['bytes']} bytes>"


def _nest_outer(entry: Any, entities: Any) -> bool:
    """Whether an alias's mention may hold nested names (_NEST_OUTER; no national body)."""
    entity = entities[entry.entity_id]
    return entity.type in _NEST_OUTER and not (entity.type == "organization" and entity.country)


def _nests_inside(entry: Any, entities: Any) -> bool:
    """Whether an alias may be reported nested in a longer name (_NEST_INNER; no national
    body)."""
    entity = entities[entry.entity_id]
    return entity.type in _NEST_INNER and not (entity.type == "organization" and entity.country)


def _quoted_outlets(entries: Sequence[Any], entities: Any) -> dict[int, str]:
    """Alias values of places (and any other non-outlet entity) that an outlet's name holds after
    its word for newspaper or channel (صحيفة الرياض → الرياض), mapped to the outlet's id."""
    outlet_words = {words(w, "search").forms[0] for w in _OUTLET_WORDS}
    outlet_of: dict[str, str] = {}
    for entry in entries:
        if entities[entry.entity_id].type != "media":
            continue
        forms = words(entry.text, "search").forms
        if len(forms) >= 2 and forms[0] in outlet_words:
            outlet_of.setdefault(" ".join(forms[1:]), entry.entity_id)
    found = {}
    for value, entry in enumerate(entries):
        if entities[entry.entity_id].type == "media":
            continue
        outlet = outlet_of.get(" ".join(words(entry.text, "search").forms))
        if outlet is not None:
            found[value] = outlet
    return found


def _quoted(text: str, stem: int, end: int) -> bool:
    """Whether the alias at text[stem:end] stands alone between quotation marks."""
    return stem > 0 and text[stem - 1] in _OPEN_QUOTES and text[end : end + 1] in _CLOSE_QUOTES


def _has_article(text: str, start: int, stem: int) -> bool:
    """Whether the mention at text[start:] (its proclitic ending at `stem`) carries the article:
    ال after the proclitic, or the second ل of لل (the core reads لل as ل + ال)."""
    if text.startswith(_ARTICLE, stem):
        return True
    return text[start:stem].endswith("ل") and text.startswith("ل", stem)


def _nisba_name(entry: Any, entities: Any) -> bool:
    """Whether a country's name alias is written like one of its demonyms with or without the
    article (السعودية and سعودية, سورية), so that its kind depends on the word before."""
    entity = entities[entry.entity_id]
    if entry.kind != "name" or entity.type not in ("country", "territory"):
        return False
    key = " ".join(words(entry.text, "search").forms)
    forms = {" ".join(words(d, "search").forms) for d in entity.demonyms}
    return key in forms or key in {_ARTICLE + f for f in forms}


def _rebuild(
    gazetteer: Gazetteer,
    preset: str,
    options: dict[str, bool],
    overlapping: bool,
    keep_rejected: bool,
) -> Matcher:
    return Matcher(
        gazetteer, preset=preset, overlapping=overlapping, keep_rejected=keep_rejected, **options
    )


def _as_text_list(texts: Iterable[str]) -> list[str]:
    if isinstance(texts, (str, bytes)):
        raise TypeError("texts must be an iterable of str, not a single string: use find()")
    texts = texts if isinstance(texts, list) else list(texts)
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise TypeError(f"texts[{i}] must be str, not {type(t).__name__}")
    return texts


def _thread_count(threads: int | None) -> int:
    if threads is None:
        return max(1, min(8, os.cpu_count() or 1))
    if not isinstance(threads, int) or threads < 1:
        raise ValueError(f"threads must be a positive int, not {threads!r}")
    return threads


def _gather(codes: np.ndarray, values: Sequence[str | None]) -> pd.Categorical:
    """values[codes] as a categorical column: one object per distinct value, none per row."""
    categories = pd.unique(pd.Series([v for v in values if v is not None], dtype=object))
    position = {v: i for i, v in enumerate(categories)}
    mapped = np.array([position.get(v, -1) if v is not None else -1 for v in values], np.int64)
    result: pd.Categorical = pd.Categorical.from_codes(
        mapped[codes] if len(codes) else codes, pd.Index(categories)
    )
    return result


def _prefixes(surface: pa.ChunkedArray, lengths: np.ndarray) -> pa.ChunkedArray:
    """Each surface's first `length` code points (the proclitic), computed in Arrow."""
    flat = surface.combine_chunks()
    out = pc.utf8_slice_codeunits(flat, 0, 0)
    for n in np.unique(lengths):
        if n == 0:
            continue
        mask = pa.array(lengths == n)
        sliced = pc.utf8_slice_codeunits(flat, 0, int(n))
        out = pc.if_else(mask, sliced, out)
    return pa.chunked_array([out], pa.large_string())
