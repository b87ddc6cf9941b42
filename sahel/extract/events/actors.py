"""The mentions that can act in an event, as a document holds them (the rule of who acts is
sahel.text.actors.mention_actors, level "event")."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
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
    actors = mention_actors(mentions, "event")
    # a mention without a document belongs to none
    keep = (actors["actor"].notna() & mentions[doc_key].notna()).to_numpy()
    mentions, actors = mentions[keep], actors[keep]
    docs, doc_ids = pd.factorize(mentions[doc_key], sort=False)
    starts = mentions["start"].to_numpy(dtype="int64")
    ends = mentions["end"].to_numpy(dtype="int64")
    # One stable sort of all the rows: by document, then in text order with the longer of two
    # mentions at one start first; each document's rows are then one run, zipped in C.
    order = np.lexsort((-ends, starts, docs))
    columns = [
        np.asarray(values, dtype=object)[order].tolist()
        for values in (
            starts,
            ends,
            actors["actor"].astype(str),
            actors["actor_type"].astype(str),
            _texts(mentions, "kind", "name"),
            _texts(mentions, "proclitic", ""),
            actors["place"].to_numpy(dtype=bool),
        )
    ]
    doc_of = docs[order]
    runs = (np.flatnonzero(np.diff(doc_of)) + 1).tolist()
    ids = doc_ids.tolist()
    return {
        ids[doc_of[lo]]: list(zip(*(c[lo:hi] for c in columns), strict=True))
        for lo, hi in zip([0, *runs], [*runs, len(order)], strict=True)
        if hi > lo
    }


def _texts(frame: pd.DataFrame, name: str, default: str) -> list[str]:
    """A column as str with `default` for missing and empty values (categorical, Arrow and
    object columns alike)."""
    if name not in frame.columns:
        return [default] * len(frame)
    column = frame[name].astype(object)
    return [
        default if missing else str(value) or default
        for value, missing in zip(column.tolist(), column.isna().tolist(), strict=True)
    ]
