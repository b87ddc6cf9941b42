"""The mentions that can act in an event, as a document holds them (the rule of who acts is
sahel.text.actors.mention_actors, level "event")."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import compress

import pandas as pd

from sahel.extract.events.tokens import _Actor
from sahel.text.actors import mention_actors

# An actor as a document holds it: (start, end, entity, type, kind, proclitic, place); each
# sentence that is read makes its own _Actor of it, which it annotates.
_ActorRow = tuple[int, int, str, str, str, str, bool]


def _actors_of(mentions: Iterable) -> list[_ActorRow]:
    """The actors of one text's mentions (objects with entity_id, type, start, end and
    optionally kind, refers_to, country, proclitic), in text order."""
    mentions = list(mentions)
    frame = pd.DataFrame(
        {
            "doc": [0] * len(mentions),
            **{
                name: [getattr(m, name) for m in mentions]
                for name in ("entity_id", "type", "start", "end")
            },
            **{
                name: [getattr(m, name, None) for m in mentions]
                for name in ("kind", "refers_to", "country", "proclitic")
            },
        }
    )
    return _actors_by_doc(frame, "doc").get(0, [])


def _text_or_none(value) -> str | None:
    return value if isinstance(value, str) and value else None  # NaN and None from tables


def _copy(a: _ActorRow) -> _Actor:
    return _Actor(*a)


def _actors_by_doc(mentions: pd.DataFrame, doc_key: str) -> dict:
    """doc id -> its actors in text order, from a mentions table. Who acts, for which entity,
    and which actors are places: sahel.text.actors.mention_actors at level "event"."""
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

    actors = mention_actors(mentions, "event")
    keep = actors["actor"].notna().to_numpy()
    columns = [
        list(compress(values, keep))
        for values in (
            mentions[doc_key].tolist(),
            mentions["start"].astype("int64").tolist(),
            mentions["end"].astype("int64").tolist(),
            actors["actor"].astype(str).tolist(),
            actors["actor_type"].astype(str).tolist(),
            text("kind", "name").tolist(),
            text("proclitic", "").tolist(),
            actors["place"].tolist(),
        )
    ]
    out: dict = {}
    for doc, row in zip(columns[0], zip(*columns[1:], strict=True), strict=True):
        out.setdefault(doc, []).append(row)
    for rows in out.values():
        rows.sort(key=lambda a: (a[0], -a[1]))
    return out
