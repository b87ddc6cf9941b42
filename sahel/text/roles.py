"""Role phrases: a title written just before a state or a body (الرئيس الأمريكي، وزير خارجية
روسيا، الأمين العام للأمم المتحدة) stands for whoever held that office on the document's date.

The titles are a word list found by the core's lexicon (proclitics and the article read there);
the state or body is a mention the matcher found; the holder comes from the gazetteer's dated
roles. A phrase resolves only when exactly one entity held the office on that day, so a missing
or overlapping record gives no mention rather than a wrong one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from sahel.text.gazetteer import Gazetteer
from sahel.text.words import Lexicon, readings, words

__all__ = ["RoleHit", "RoleResolver", "as_date", "known_titles"]

_STATE_TYPES = frozenset({"country", "territory"})
_BODY_TYPES = frozenset({"organization", "alliance", "mission"})
_GROUP_TYPES = frozenset({"armed_group"})

# Offices held in a state, in a body and in an armed group. Each title phrase lists the role
# titles of the data it may stand for; a single word with the article is a definite title
# («الرئيس» + demonym), without it a construct («رئيس روسيا»).
_HEAD = ("head_of_state",)
_GOVERNMENT = ("head_of_government",)
_FOREIGN = ("foreign_minister", "secretary_of_state")
_DEFENCE = ("minister_of_defence",)
_BODY_HEAD = ("president", "chair")
_STATE_TITLES: dict[str, tuple[str, ...]] = {
    "رئيس": _HEAD, "رئيسة": _HEAD, "ملك": _HEAD, "ملكة": _HEAD, "عاهل": _HEAD,
    "رئيس الوزراء": _GOVERNMENT, "رئيسة الوزراء": _GOVERNMENT, "رئيس الحكومة": _GOVERNMENT,
    "رئيسة الحكومة": _GOVERNMENT, "رئيس مجلس الوزراء": _GOVERNMENT, "مستشار": _GOVERNMENT,
    "مستشارة": _GOVERNMENT, "رئيس وزراء": _GOVERNMENT, "رئيسة وزراء": _GOVERNMENT,
    "رئيس حكومة": _GOVERNMENT,
    "وزير الخارجية": _FOREIGN, "وزيرة الخارجية": _FOREIGN, "وزير خارجية": _FOREIGN,
    "وزيرة خارجية": _FOREIGN,
    "وزير الدفاع": _DEFENCE, "وزيرة الدفاع": _DEFENCE, "وزير دفاع": _DEFENCE,
    "وزيرة دفاع": _DEFENCE,
    "ولي العهد": ("crown_prince",), "ولي عهد": ("crown_prince",),
    "المرشد الأعلى": ("supreme_leader",), "مرشد": ("supreme_leader",),
    "رئيس الأركان": ("chief_of_staff",), "رئيس أركان": ("chief_of_staff",),
    "أمير": _HEAD,
}  # fmt: skip
_BODY_TITLES: dict[str, tuple[str, ...]] = {
    "رئيس": _BODY_HEAD, "رئيسة": _BODY_HEAD,
    "الأمين العام": ("secretary_general",), "أمين عام": ("secretary_general",),
    "المدير العام": ("director_general",), "مدير عام": ("director_general",),
}  # fmt: skip
_GROUP_TITLES: dict[str, tuple[str, ...]] = {
    "زعيم": ("leader",), "زعيمة": ("leader",), "أمير": ("leader",),
}  # fmt: skip
# A state's ambassador to the United Nations: the title, the state, then the body after لدى، في،
# إلى or the proclitics ل/ب («مندوب روسيا لدى الأمم المتحدة»، «السفيرة الأمريكية في الأمم
# المتحدة»، «المندوب السوري الدائم لدى الأمم المتحدة»); the title alone («السفير الأمريكي») is an
# ambassador anywhere, so it resolves only with the body named.
_UN_TITLES = frozenset({"سفير", "سفيرة", "مندوب", "مندوبة"})
_UN_ROLE = "ambassador_to_un"
_UN_BODY = "un"
_UN_PERMANENT = "الدائم الدائمة".split()
_UN_BEFORE = "لدى في إلى الى".split()
_UN_GAP = 40  # code points read after the state for the body
# Titles that take no demonym: «الأمير السعودي» is any Saudi prince.
_CONSTRUCT_ONLY = frozenset({"أمير", "مرشد"})
# Titles of one office in a few states only: elsewhere «المستشار الأمريكي» is an adviser.
_ONLY_IN = {"مستشار": frozenset({"DE", "AT"}), "مستشارة": frozenset({"DE", "AT"})}
# Words that make the phrase name another office («نائب الرئيس الأمريكي») or another holder
# («الرئيس الأمريكي السابق»).
_BEFORE_OTHER = "نائب نائبة مساعد مساعدة منصب".split()  # منصب: the post, not its holder
_AFTER_OTHER = (
    "السابق السابقة الأسبق الراحل الراحلة المقبل المقبلة المنتخب المنتخبة الجديد الجديدة "
    "المؤقت المؤقتة المكلف المكلفة المخلوع المعزول المستقيل المستقيلة"
).split()
_GAP = 3  # code points of spaces allowed between the title and the state or body


def known_titles() -> frozenset[str]:
    """Every role title of the data that some role phrase names."""
    return frozenset(
        t
        for table in (_STATE_TITLES, _BODY_TITLES, _GROUP_TITLES)
        for ts in table.values()
        for t in ts
    ) | {_UN_ROLE}


class RoleHit(NamedTuple):
    """A resolved role phrase: text[start:end] (the title's proclitic included, text[start:
    stem]) names `entity_id`, holder of `title` in `of` on the date."""

    start: int
    stem: int
    end: int
    entity_id: str
    title: str
    of: str


def as_date(value: object, what: str = "date") -> dt.date | None:
    """A document date as datetime.date: a date, a datetime or pandas Timestamp (its day), an
    ISO string (its first ten characters, YYYY-MM-DD); None, NaT and "" give None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return None if value != value else value.date()  # NaT is not equal to itself
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            raise ValueError(f"{what} {value!r} is not an ISO date (YYYY-MM-DD)") from None
    if value != value:  # float NaN from a pandas column
        return None
    raise TypeError(f"{what} must be a datetime.date or an ISO string, not {type(value).__name__}")


class RoleResolver:
    """Role phrases of one gazetteer. Read-only once built: threads may share one."""

    def __init__(self, gazetteer: Gazetteer):
        entities = gazetteer.entities
        self._type = {eid: e.type for eid, e in entities.items()}
        self._holders: dict[tuple[str, str], list[tuple[dt.date | None, dt.date | None, str]]]
        self._holders = {}
        for entity in entities.values():
            if entity.type != "person":
                continue
            for role in entity.roles:
                if role.of:
                    key = (role.title, role.of)
                    self._holders.setdefault(key, []).append((role.start, role.end, entity.id))
        phrases = sorted({*_STATE_TITLES, *_BODY_TITLES, *_GROUP_TITLES, *_UN_TITLES})
        self._phrases = phrases
        self._lexicon = Lexicon([(p, i) for i, p in enumerate(phrases)])
        self._multiword = [len(words(p).forms) > 1 for p in phrases]
        self._definite_entry = [words(p).forms[-1].startswith("ال") for p in phrases]
        self._before_other = frozenset(words(" ".join(_BEFORE_OTHER)).forms)
        self._after_other = frozenset(words(" ".join(_AFTER_OTHER)).forms)
        self._un_permanent = frozenset(words(" ".join(_UN_PERMANENT)).forms)
        self._un_before = frozenset(words(" ".join(_UN_BEFORE)).forms)

    def aliases(self) -> list[str]:
        """Every `title:of` a resolved phrase may report as its alias, sorted."""
        found: set[str] = set()
        for table in (_STATE_TITLES, _BODY_TITLES, _GROUP_TITLES):
            for titles in table.values():
                held = set(titles)
                found.update(f"{titles[0]}:{of}" for title, of in self._holders if title in held)
        found.update(f"{_UN_ROLE}:{of}" for title, of in self._holders if title == _UN_ROLE)
        return sorted(found)

    def holder(self, titles: Iterable[str], of: str, day: dt.date) -> str | None:
        """The one entity holding one of `titles` in `of` on `day`, or None (none, or several)."""
        found = {
            eid
            for title in titles
            for start, end, eid in self._holders.get((title, of), ())
            if (start is None or start <= day) and (end is None or day <= end)
        }
        return found.pop() if len(found) == 1 else None

    def find(
        self, text: str, anchors: Sequence[tuple[int, int, int, str, str]], day: dt.date
    ) -> list[RoleHit]:
        """Role phrases in `text` on `day`. `anchors` are the matcher's mentions of states,
        bodies and armed groups as (start, stem, end, entity_id, kind), stem being where the
        alias starts after its proclitic."""
        if not anchors:
            return []
        hits = self._lexicon.find(text)
        if not hits:
            return []
        # The longest title ending at each offset (hits come by start, longest first).
        by_end: dict[int, tuple[int, int, int, bool]] = {}
        for value, start, stem, bare, end in hits:
            known = by_end.get(end)
            if known is None or start < known[0]:
                by_end[end] = (start, stem, value, bare > stem)
        out = []
        bodies = {a[0]: a for a in anchors if a[3] == _UN_BODY}
        for a_start, a_stem, a_end, entity_id, kind in anchors:
            title = self._title_before(text, a_start, by_end)
            if title is None:
                continue
            t_start, t_stem, value, article = title
            phrase = self._phrases[value]
            if phrase in _UN_TITLES:
                hit = self._un_ambassador(text, title, (a_start, a_stem, a_end, entity_id, kind),
                                          bodies, day)  # fmt: skip
                if hit is not None:
                    out.append(hit)
                continue
            titles = self._titles_for(phrase, entity_id)
            if not titles:
                continue
            definite = self._definite_entry[value] or (not self._multiword[value] and article)
            proclitic = text[a_start:a_stem]
            if kind == "demonym":
                # «الرئيس الأمريكي»: a definite title, an adjective that agrees with it.
                if not definite or phrase in _CONSTRUCT_ONLY or proclitic:
                    continue
            elif "ل" in proclitic:
                # «الأمين العام للأمم المتحدة»: a body after ل.
                if self._type[entity_id] not in _BODY_TYPES | _GROUP_TYPES or not definite:
                    continue
            elif proclitic or definite and not self._multiword[value]:
                # «رئيس روسيا» is a construct; «الرئيس روسيا» is a subject and an object.
                continue
            elif definite and self._type[entity_id] in _STATE_TYPES:
                continue  # «وزير الخارجية مصر»: no phrase
            if self._other_office(text, t_start, a_end):
                continue
            holder = self.holder(titles, entity_id, day)
            if holder is not None:
                out.append(RoleHit(t_start, t_stem, a_end, holder, titles[0], entity_id))
        return out

    def _un_ambassador(
        self,
        text: str,
        title: tuple[int, int, int, bool],
        anchor: tuple[int, int, int, str, str],
        bodies: dict[int, tuple[int, int, int, str, str]],
        day: dt.date,
    ) -> RoleHit | None:
        """The ambassador to the UN named by a title (سفير، مندوب) before a state's mention,
        when the body follows the state (see _UN_TITLES), or None."""
        t_start, t_stem, _, article = title
        a_start, a_stem, a_end, state, kind = anchor
        if self._type.get(state) not in _STATE_TYPES or text[a_start:a_stem]:
            return None
        # «السفير الأمريكي» (definite title, adjective) or «سفير روسيا» (construct, name).
        if (kind == "demonym") != article:
            return None
        scan = words(text[a_end : a_end + _UN_GAP])
        i = 0
        if scan.forms and scan.forms[0] in self._un_permanent:
            i = 1
        if i < len(scan.forms) and scan.forms[i] in self._un_before:
            i += 1
        if i >= len(scan.forms):
            return None
        body = bodies.get(a_end + scan.starts[i])
        if body is None:
            return None
        b_start, b_stem, b_end = body[:3]
        proclitic = text[b_start:b_stem]
        if i == 0 or (i == 1 and scan.forms[0] in self._un_permanent):
            if not proclitic or not set(proclitic) & {"ل", "ب"}:
                return None  # «مندوب روسيا الأمم المتحدة»: no phrase
        elif proclitic:
            return None
        if self._other_office(text, t_start, b_end):
            return None
        holder = self.holder((_UN_ROLE,), state, day)
        if holder is None:
            return None
        return RoleHit(t_start, t_stem, b_end, holder, _UN_ROLE, state)

    def _title_before(
        self, text: str, start: int, by_end: dict[int, tuple[int, int, int, bool]]
    ) -> tuple[int, int, int, bool] | None:
        """The title hit that ends just before `start`, only spaces between."""
        for gap in range(_GAP + 1):
            end = start - gap
            if end < 0 or (gap and text[end] not in " \u00a0"):
                return None
            if end in by_end:
                return by_end[end]
        return None

    def _titles_for(self, phrase: str, entity_id: str) -> tuple[str, ...]:
        kind = self._type.get(entity_id)
        if kind in _STATE_TYPES:
            if phrase in _ONLY_IN and entity_id not in _ONLY_IN[phrase]:
                return ()
            return _STATE_TITLES.get(phrase, ())
        if kind in _BODY_TYPES:
            return _BODY_TITLES.get(phrase, ())
        if kind in _GROUP_TYPES:
            return _GROUP_TITLES.get(phrase, ())
        return ()

    def _other_office(self, text: str, start: int, end: int) -> bool:
        """Whether the word before the title or the word after the phrase makes it another
        office or another holder."""
        before = words(text[max(0, start - 20) : start]).forms
        after = words(text[end : end + 20]).forms
        return bool(
            (before and _stripped(before[-1]) & self._before_other)
            or (after and after[0] in self._after_other)
        )


def _stripped(form: str) -> set[str]:
    """A normalized word and its readings' article + stem (proclitics off)."""
    return {form} | {r.article + r.stem for r in readings(form)}
