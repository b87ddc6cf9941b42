"""The mentions that can act in an event, as a document holds them."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import compress

import pandas as pd

from sahel.extract.events.tokens import _Actor

# Gazetteer types that act; places act only through refers_to (a capital for its country).
ACTOR_TYPES = frozenset({"country", "person", "organization", "armed_group", "alliance", "mission"})
# Places act only as where something happened, for their country: "زار وفد روسي نيامي".
PLACE_TYPES = frozenset({"city", "region", "place", "facility"})


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


def _copy(a: _ActorRow) -> _Actor:
    return _Actor(*a)


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
