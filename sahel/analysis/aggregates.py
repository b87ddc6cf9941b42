"""The aggregate tables of `sahel analyze` (counts, co-occurrence, per-source comparison,
stories, KWIC samples) as partial aggregates that combine by merging.

A part of the corpus (a partition: documents none of which is in another part) gives a
:class:`Partial` (:func:`partial`): sums by actor, source, month and pair of actors, events by
source and type, documents by source, the label each entity's first mention gives, and the first
mentions of every actor with the texts they quote. Partials merge (:func:`merge`, in corpus
order: what is "first" is first in the corpus) into one of the same size, whatever the size of
the corpus: the number of actors, sources, months and pairs bounds it, not the number of
documents. :func:`finish` makes the tables from a merged partial and the events (the stories
are made over every event: which reports are one story is decided over the whole corpus).

The tables are those the functions of sahel.analysis.tables make from the whole mentions table:
they use the same groupings (count_groups, pair_groups, event_groups) and the same table makers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from sahel.analysis import tables
from sahel.analysis.kwic import kwic
from sahel.analysis.stories import stories

# KWIC lines kept for each of the most mentioned actors.
KWIC_ACTORS = 10
KWIC_PER_ACTOR = 8
# The groupings of counts(): overall, by source, by month.
BY = (None, "source", "month")
_ACTOR = "_actor"


@dataclass
class Partial:
    """The aggregates of a part of the corpus (module docstring). ``counts`` by grouping (BY);
    ``kwic_mentions``: the first KWIC_PER_ACTOR mentions of each actor (``_actor``) in corpus
    order; ``kwic_documents``: their documents, with texts."""

    seen: pd.DataFrame
    counts: dict[str | None, pd.DataFrame]
    pairs: pd.DataFrame
    events: pd.DataFrame
    sources: pd.DataFrame
    kwic_mentions: pd.DataFrame
    kwic_documents: pd.DataFrame
    kept: dict[str, tuple[tuple[int, int], ...]]


def partial(
    mentions: pd.DataFrame,
    events: pd.DataFrame,
    documents: pd.DataFrame,
    kept: Mapping[str, tuple[tuple[int, int], ...]] | None = None,
    per_actor: int = KWIC_PER_ACTOR,
) -> Partial:
    """The aggregates of the analysed `documents` (with their texts) of a part of the corpus,
    their `mentions` and `events`; `kept`: the documents' kept spans (Corpus.kept_spans), of
    which those of the documents KWIC may quote are kept, to move its offsets to the texts
    given."""
    frame = mentions.assign(actor=tables.actor_of(mentions))
    first = mentions.assign(**{_ACTOR: frame["actor"].to_numpy()})
    first = first[first[_ACTOR].notna()].groupby(_ACTOR, sort=False).head(per_actor)
    quoted = documents[documents["doc_id"].isin(first["doc_id"])]
    return Partial(
        seen=tables.seen_entities(mentions),
        counts={by: tables.count_groups(frame, by) for by in BY},
        pairs=tables.pair_groups(frame, "sentence"),
        events=tables.event_groups(events),
        sources=tables.source_documents(documents),
        kwic_mentions=first,
        kwic_documents=quoted,
        kept={d: kept[d] for d in quoted["doc_id"] if d in kept} if kept else {},
    )


def _summed(frames: list[pd.DataFrame], keys: list[str]) -> pd.DataFrame:
    frame = pd.concat(frames, ignore_index=True)
    values = [c for c in frame.columns if c not in keys]
    # Keys as plain objects: a categorical key in one part and text in another are one key.
    frame = frame.astype(
        {k: object for k in keys if isinstance(frame[k].dtype, pd.CategoricalDtype)}
    )
    return frame.groupby(keys, dropna=False, sort=False)[values].sum().reset_index()


def merge(parts: list[Partial], per_actor: int = KWIC_PER_ACTOR) -> Partial:
    """The partials of parts of a corpus, given in corpus order, as one."""
    if not parts:
        raise ValueError("no partial aggregates to merge")
    if len(parts) == 1:
        return parts[0]
    seen = pd.concat([p.seen for p in parts])
    first = pd.concat([p.kwic_mentions for p in parts], ignore_index=True)
    first = first.groupby(_ACTOR, sort=False).head(per_actor).reset_index(drop=True)
    quoted = pd.concat([p.kwic_documents for p in parts], ignore_index=True)
    quoted = quoted[quoted["doc_id"].isin(first["doc_id"])].reset_index(drop=True)
    return Partial(
        seen=seen[~seen.index.duplicated()],
        counts={
            by: _summed(
                [p.counts[by] for p in parts],
                ["entity_id"] if by is None else [tables.BY_COLUMNS[by], "entity_id"],
            )
            for by in BY
        },
        pairs=_summed([p.pairs for p in parts], ["a", "b"]),
        events=_summed([p.events for p in parts], ["source", "key"]),
        sources=_summed([p.sources for p in parts], ["source"]),
        kwic_mentions=first,
        kwic_documents=quoted,
        kept={d: p.kept[d] for p in parts for d in quoted["doc_id"] if d in p.kept},
    )


def kwic_samples(
    documents: pd.DataFrame, mentions: pd.DataFrame, counts: pd.DataFrame
) -> pd.DataFrame:
    """The KWIC samples: for each of the KWIC_ACTORS most mentioned actors of `counts`, the
    lines of its first KWIC_PER_ACTOR `mentions` (those with ``_actor``, the actor a line counts
    for: a line on الكرملين sits under Russia) in corpus order, quoted from `documents`."""
    parts = []
    for entity in counts["entity_id"].head(KWIC_ACTORS):
        chosen = mentions[mentions[_ACTOR] == entity].head(KWIC_PER_ACTOR).drop(columns=_ACTOR)
        needed = documents[documents["doc_id"].isin(chosen["doc_id"])]
        parts.append(kwic(needed, chosen, entity=entity).assign(entity_id=entity))
    if not parts:
        return kwic(documents.iloc[:0], mentions.iloc[:0].drop(columns=_ACTOR), entity=[])
    return pd.concat(parts, ignore_index=True)


def finish(
    merged: Partial, events: pd.DataFrame, gazetteer=None
) -> tuple[dict[str, pd.DataFrame], nx.Graph]:
    """The aggregate tables (counts, counts_by_source, counts_by_month, cooccurrence,
    source_comparison, stories, kwic) from the merged partial of the whole corpus and its
    events (with their story ids), and the co-occurrence graph."""
    out: dict[str, pd.DataFrame] = {}
    for by in BY:
        groups = merged.counts[by]
        info = tables.info_of(merged.seen, groups["entity_id"], gazetteer)
        out["counts" if by is None else f"counts_by_{by}"] = tables.counts_table(groups, info, by)
    ids = pd.concat([merged.pairs["a"], merged.pairs["b"]], ignore_index=True)
    info = tables.info_of(merged.seen, ids, gazetteer)
    out["cooccurrence"] = tables.cooccurrence_table(merged.pairs, info)
    graph = tables.graph_of(out["cooccurrence"], out["counts"])
    out["source_comparison"] = tables.comparison_table(
        out["counts_by_source"], merged.events, merged.sources
    )
    out["stories"] = stories(events)
    out["kwic"] = kwic_samples(merged.kwic_documents, merged.kwic_mentions, out["counts"])
    return out, graph
