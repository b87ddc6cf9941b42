"""Tables and graphs from a mentions table: who is mentioned, where, with whom, by which outlet.

Every function takes the mentions of a corpus (see sahel.corpus.mentions.corpus_mentions: one
row per mention with doc_id, source, date, sentence, paragraph, entity_id, type, label, kind,
refers_to, country, ...). To leave duplicate articles out, pass the mentions of a corpus after
drop_duplicates: nothing here looks at texts.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import numpy as np
import pandas as pd

from sahel.text.actors import ROLLUPS, mention_actors

BY_COLUMNS = {"document": "doc_id", "source": "source", "month": "month"}
_ACTOR_COUNTS = ["entity_id", "label", "type", "mentions", "documents"]
# The columns of each table made here, by the name `sahel analyze` gives it: counts() overall
# and by document, source and month; cooccurrence(); source_comparison() (doc_share only when
# it is given the documents).
COLUMNS = {
    "counts": _ACTOR_COUNTS,
    **{f"counts_by_{by}": [column, *_ACTOR_COUNTS, "share"] for by, column in BY_COLUMNS.items()},
    "cooccurrence": ["a", "b", "a_label", "b_label", "weight", "documents"],
    "source_comparison": [
        "source", "dimension", "key", "label", "count", "documents", "share", "doc_share",
    ],
}  # fmt: skip
LEVELS = {
    "sentence": ["doc_id", "sentence"],
    "paragraph": ["doc_id", "paragraph"],
    "document": ["doc_id"],
}


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame.columns:
        raise ValueError(
            f"the mentions table has no {name!r} column: build it with "
            "sahel.corpus.mentions.corpus_mentions(corpus) or corpus.mentions()"
        )
    column = frame[name]
    # Categorical columns from Matcher.table: plain objects, so that where/isin mix categories.
    return column.astype(object) if isinstance(column.dtype, pd.CategoricalDtype) else column


def actor_of(mentions: pd.DataFrame, level: str | None = "actor") -> pd.Series:
    """The entity each mention counts for, aligned with `mentions`.

    level="actor": a mention of an entity that refers to another (الكرملين for Russia) counts
    for that entity; every other mention counts for its own entity. level="country": as
    "actor", and a city, place, region, facility or person counts for its country (نيامي for
    Niger) when it has one. level=None: the entity itself. The rules live in
    sahel.text.actors.mention_actors.
    """
    if level not in ROLLUPS:
        raise ValueError(f"level must be one of {ROLLUPS}, not {level!r}")
    return mention_actors(mentions, level)["actor"].rename("actor")


def seen_entities(mentions: pd.DataFrame) -> pd.DataFrame:
    """Label and type of each entity as its first mention gives them (index: entity_id): what
    entity_info reads from the mentions; the first rows of parts of a corpus, kept in corpus
    order, give the same."""
    return (
        pd.DataFrame(
            {
                "entity_id": _column(mentions, "entity_id"),
                "label": _column(mentions, "label"),
                "type": _column(mentions, "type"),
            }
        )
        .drop_duplicates("entity_id")
        .set_index("entity_id")
    )


def entity_info(mentions: pd.DataFrame, ids: Iterable[str], gazetteer=None) -> pd.DataFrame:
    """Label and type of each id (index: entity_id). Taken from the mentions where the entity
    occurs, else from the gazetteer (the default one when None), else the id itself and no type:
    a rolled-up actor (Russia, for الكرملين) need not occur by name. A gazetteer that cannot be
    loaded is an error, not a reason to show ids."""
    return info_of(seen_entities(mentions), ids, gazetteer)


def info_of(seen: pd.DataFrame, ids: Iterable[str], gazetteer=None) -> pd.DataFrame:
    """entity_info from what seen_entities found."""
    ids = pd.Index(pd.unique(pd.Series(list(ids), dtype=object)), name="entity_id")
    info = seen.reindex(ids)
    missing = info.index[info["label"].isna()]
    if len(missing):
        if gazetteer is None:
            from sahel.text.gazetteer import Gazetteer

            gazetteer = Gazetteer.default()
        entities = gazetteer.entities
        for eid in missing:
            entity = entities.get(eid)
            info.loc[eid, "label"] = entity.label if entity is not None else eid
            info.loc[eid, "type"] = entity.type if entity is not None else None
    info["type"] = info["type"].astype(object).where(info["type"].notna(), None)
    return info


def _actors(
    mentions: pd.DataFrame, rollup: str | None, types: Iterable[str] | None, gazetteer=None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mentions with an `actor` column, restricted to actors of `types`, and the actors' info."""
    frame = mentions.assign(actor=actor_of(mentions, rollup))
    info = entity_info(mentions, frame["actor"], gazetteer)
    if types is not None:
        if isinstance(types, str):
            types = [types]
        keep = info.index[info["type"].isin(list(types))]
        frame = frame[frame["actor"].isin(keep)]
        info = info.loc[keep]
    return frame, info


def _month(dates: pd.Series) -> pd.Series:
    """The first day of each date's month (NaT stays NaT)."""
    dates = pd.Series(pd.to_datetime(dates), index=dates.index)
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    return dates.dt.to_period("M").dt.to_timestamp()


def counts(
    mentions: pd.DataFrame,
    by: str | None = None,
    rollup: str | None = "actor",
    types: Iterable[str] | None = None,
    gazetteer=None,
) -> pd.DataFrame:
    """How often each actor is mentioned, overall or per document, source or month.

    Columns (COLUMNS["counts"], or COLUMNS["counts_by_" + by]): [doc_id | source | month],
    entity_id, label, type, mentions (rows of the mentions
    table), documents (distinct documents), and with `by` set, share (the actor's part of the
    group's mentions, summing to 1 in each group). `rollup` is passed to actor_of; `types`
    keeps only actors of those types (after the roll-up: types=["country"] counts الكرملين for
    Russia). Mentions without a date form their own month (NaT): none is dropped.
    """
    if by is not None and by not in BY_COLUMNS:
        raise ValueError(f"by must be one of {[*BY_COLUMNS, None]}, not {by!r}")
    frame, info = _actors(mentions, rollup, types, gazetteer)
    return counts_table(count_groups(frame, by), info, by)


def count_groups(frame: pd.DataFrame, by: str | None) -> pd.DataFrame:
    """Mentions and distinct documents of each actor (and group of `by`) of mentions with an
    `actor` column, unsorted and without labels: what counts() sums. Parts of a corpus with
    no document in common add up (concatenate, then sum by the same keys)."""
    keys = ["actor"]
    if by is not None:
        column = BY_COLUMNS[by]
        group = _month(frame["date"]) if by == "month" else _column(frame, column)
        frame = frame.assign(**{column: group})
        keys = [column, "actor"]
    table = (
        frame.groupby(keys, dropna=False, sort=False, observed=True)
        .agg(mentions=("actor", "size"), documents=("doc_id", "nunique"))
        .reset_index()
        .rename(columns={"actor": "entity_id"})
    )
    table["mentions"] = table["mentions"].astype(np.int64)
    table["documents"] = table["documents"].astype(np.int64)
    return table


def counts_table(groups: pd.DataFrame, info: pd.DataFrame, by: str | None) -> pd.DataFrame:
    """The counts() table from count_groups and the actors' info (entity_info)."""
    table = groups.copy()
    keys = ["entity_id"] if by is None else [BY_COLUMNS[by], "entity_id"]
    table.insert(keys.index("entity_id") + 1, "label", table["entity_id"].map(info["label"]))
    table.insert(keys.index("entity_id") + 2, "type", table["entity_id"].map(info["type"]))
    if by is None:
        return table.sort_values(
            ["mentions", "entity_id"], ascending=[False, True], ignore_index=True
        )[COLUMNS["counts"]]
    column = BY_COLUMNS[by]
    totals = table.groupby(column, dropna=False, sort=False)["mentions"].transform("sum")
    table["share"] = table["mentions"] / totals
    return table.sort_values(
        [column, "mentions", "entity_id"], ascending=[True, False, True], ignore_index=True
    )[COLUMNS[f"counts_by_{by}"]]


def cooccurrence(
    mentions: pd.DataFrame,
    level: str = "sentence",
    types: Iterable[str] | None = None,
    min_count: int = 1,
    rollup: str | None = "actor",
    gazetteer=None,
) -> pd.DataFrame:
    """Pairs of actors mentioned in the same sentence, paragraph or document.

    Columns (COLUMNS["cooccurrence"]): a, b (entity ids, a < b), a_label, b_label, weight
    (the number of sentences, paragraphs or documents holding both), documents (distinct
    documents holding both at that level). Pairs with weight < min_count are left out. Sorted
    by weight, heaviest first.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {list(LEVELS)}, not {level!r}")
    if not isinstance(min_count, (int, np.integer)) or min_count < 1:
        raise ValueError(f"min_count must be a positive int, not {min_count!r}")
    frame, info = _actors(mentions, rollup, types, gazetteer)
    return cooccurrence_table(pair_groups(frame, level), info, min_count)


def pair_groups(frame: pd.DataFrame, level: str = "sentence") -> pd.DataFrame:
    """Pairs of actors (a < b) of mentions with an `actor` column, with weight and distinct
    documents, unsorted and without labels: what cooccurrence() sums. Parts of a corpus with
    no document in common add up."""
    unit_columns = LEVELS[level]
    for name in unit_columns:
        _column(frame, name)
    units = frame[[*unit_columns, "actor"]].astype({"actor": object}).drop_duplicates()
    units = units.assign(unit=units.groupby(unit_columns, sort=False, dropna=False).ngroup())
    pairs = units[["unit", "doc_id", "actor"]].merge(units[["unit", "actor"]], on="unit")
    pairs = pairs[pairs["actor_x"] < pairs["actor_y"]]
    table = (
        pairs.groupby(["actor_x", "actor_y"], sort=False)
        .agg(weight=("unit", "size"), documents=("doc_id", "nunique"))
        .reset_index()
        .rename(columns={"actor_x": "a", "actor_y": "b"})
    )
    return table.astype({"weight": np.int64, "documents": np.int64})


def cooccurrence_table(pairs: pd.DataFrame, info: pd.DataFrame, min_count: int = 1) -> pd.DataFrame:
    """The cooccurrence() table from pair_groups and the actors' info (entity_info)."""
    table = pairs[pairs["weight"] >= min_count].copy()
    table.insert(2, "a_label", table["a"].map(info["label"]))
    table.insert(3, "b_label", table["b"].map(info["label"]))
    table = table.astype({"weight": np.int64, "documents": np.int64})
    return table.sort_values(
        ["weight", "a", "b"], ascending=[False, True, True], ignore_index=True
    )[COLUMNS["cooccurrence"]]


def cooccurrence_graph(
    mentions: pd.DataFrame,
    level: str = "sentence",
    types: Iterable[str] | None = None,
    min_count: int = 1,
    rollup: str | None = "actor",
    gazetteer=None,
) -> nx.Graph:
    """cooccurrence() as a weighted graph: one node per actor with a pair (attributes label,
    type, mentions), one edge per pair (attributes weight, documents)."""
    pairs = cooccurrence(mentions, level, types, min_count, rollup, gazetteer)
    nodes = counts(mentions, rollup=rollup, types=types, gazetteer=gazetteer)
    graph = graph_of(pairs, nodes)
    graph.graph.update(level=level, rollup=rollup)
    return graph


def graph_of(pairs: pd.DataFrame, actor_counts: pd.DataFrame) -> nx.Graph:
    """The graph of a cooccurrence() table, its nodes described by the counts() table made with
    the same roll-up and types (label, type, mentions)."""
    nodes = actor_counts.drop_duplicates("entity_id").set_index("entity_id")
    graph: nx.Graph = nx.Graph()
    linked = pd.unique(pd.concat([pairs["a"], pairs["b"]], ignore_index=True))
    for eid in linked:
        row = nodes.loc[eid]
        graph.add_node(eid, label=row["label"], type=row["type"], mentions=int(row["mentions"]))
    graph.add_edges_from(
        (a, b, {"weight": int(w), "documents": int(d)})
        for a, b, w, d in pairs[["a", "b", "weight", "documents"]].itertuples(index=False)
    )
    return graph


def source_comparison(
    mentions: pd.DataFrame,
    events: pd.DataFrame | None = None,
    documents: pd.DataFrame | None = None,
    rollup: str | None = "actor",
    types: Iterable[str] | None = None,
    event_column: str = "event_type",
    gazetteer=None,
) -> pd.DataFrame:
    """Each outlet's share of every actor, and of every event type when `events` is given.

    Long format (COLUMNS["source_comparison"]), one row per (source, dimension, key): source,
    dimension ("actor" or "event"), key (entity id or event type), label, count (mentions or
    events), documents (the source's documents with that key), share (count / the source's
    total in that dimension, summing to 1 per source and dimension) and, when `documents` (the
    corpus's documents table) is given, doc_share (documents / the source's number of
    documents).
    Pivot it for a side-by-side view: table.pivot(index="key", columns="source", values="share").
    """
    actors = counts(mentions, by="source", rollup=rollup, types=types, gazetteer=gazetteer)
    grouped = None
    if events is not None:
        for name in ("doc_id", event_column):
            if name not in events.columns:
                raise ValueError(
                    f"the events table has no {name!r} column: pass "
                    "sahel.extract.events.events_table(...) or name the event type column with "
                    "event_column="
                )
        if "source" not in events.columns:
            # Events name their document only: its source comes from the documents or mentions.
            known = documents if documents is not None else mentions
            source_of = known.drop_duplicates("doc_id").set_index("doc_id")["source"]
            events = events.assign(source=events["doc_id"].map(source_of))
        grouped = event_groups(events, event_column)
    per_source = source_documents(documents) if documents is not None else None
    return comparison_table(actors, grouped, per_source)


def event_groups(events: pd.DataFrame, event_column: str = "event_type") -> pd.DataFrame:
    """Events (count) and distinct documents of each source and event type (key), unsorted:
    what source_comparison() sums. Parts of a corpus with no document in common add up."""
    return (
        events.groupby(["source", event_column], dropna=False, sort=False, observed=True)
        .agg(count=("doc_id", "size"), documents=("doc_id", "nunique"))
        .reset_index()
        .rename(columns={event_column: "key"})
    )


def source_documents(documents: pd.DataFrame) -> pd.DataFrame:
    """The number of documents (n) of each source; parts of a corpus add up."""
    return documents.groupby("source", dropna=False).size().rename("n").reset_index()


def comparison_table(
    actors: pd.DataFrame, grouped: pd.DataFrame | None, per_source: pd.DataFrame | None
) -> pd.DataFrame:
    """The source_comparison() table from counts(by="source"), event_groups (or None) and
    source_documents (or None)."""
    parts = [
        pd.DataFrame(
            {
                "source": actors["source"],
                "dimension": "actor",
                "key": actors["entity_id"],
                "label": actors["label"],
                "count": actors["mentions"],
                "documents": actors["documents"],
                "share": actors["share"],
            }
        )
    ]
    if grouped is not None:
        grouped = grouped.copy()
        grouped["share"] = grouped["count"] / grouped.groupby("source", dropna=False)[
            "count"
        ].transform("sum")
        grouped.insert(1, "dimension", "event")
        grouped.insert(3, "label", grouped["key"])
        parts.append(grouped)
    table = pd.concat(parts, ignore_index=True)
    table = table.astype({"count": np.int64, "documents": np.int64})
    if per_source is not None:
        table["doc_share"] = table["documents"] / table["source"].map(
            per_source.set_index("source")["n"]
        )
    return table.sort_values(
        ["dimension", "source", "count", "key"],
        ascending=[True, True, False, True],
        ignore_index=True,
    )
