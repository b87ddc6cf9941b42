"""Stories across outlets: one row per story of the events table, with how many outlets and
reports carried it and which outlet reported it first.

Which events are one story is decided in one place, sahel.extract.events.stories (the rule is
in docs/events.md, "Stories"); this module only summarises the stories of an events table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sahel.extract.events.stories import report_order, story_ids

COLUMNS = [
    "story_id", "event_type", "plover", "quad_class", "actor1", "actor2", "actor1_label",
    "actor2_label", "first_date", "last_date", "n_sources", "n_reports", "first_report",
    "first_source", "sources", "historical",
]  # fmt: skip
# Joins the outlets of a story in `sources` (one text cell in CSV, Parquet and JSON Lines).
SOURCES_SEPARATOR = "; "
# Columns copied from a story's first report.
_FROM_FIRST = [
    "story_id", "event_type", "plover", "quad_class", "actor1", "actor2", "actor1_label",
    "actor2_label", "doc_id", "source",
]  # fmt: skip


def stories(events: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """The stories of an events table (sahel.extract.events.events_table), columns COLUMNS.

    One row per story: its type (event_type, plover, quad_class) and actors (ids and labels)
    as its first report gives them (the earliest by date, then doc_id); first_date and
    last_date (the earliest and latest of its reports' dates, ISO text as in the events table;
    empty for a story without a date); n_sources (distinct outlets; reports without a source
    add none), n_reports (its rows in the events table), first_report (that report's doc_id),
    first_source, sources (the outlets in sorted order joined by SOURCES_SEPARATOR) and
    historical (every report of it is historical). Sorted by n_sources, then n_reports
    (most first), then first_date and story_id.

    The events' `story_id` must be the ids of this very table: a table gathered from parts of
    a corpus needs sahel.extract.events.assign_stories first (a ValueError says so). Without a
    `source` column, outlets come from `documents` (doc_id, source) when given."""
    if not isinstance(events, pd.DataFrame):
        raise TypeError(f"events must be a DataFrame (events_table output), not {type(events)}")
    ids = story_ids(events)
    if "story_id" in events.columns:
        given = events["story_id"].astype(object).to_numpy()
        if not np.array_equal(given, ids.to_numpy()):
            raise ValueError(
                "the events' story_id are not the stories of this table (events gathered from "
                "parts of a corpus?): pass sahel.extract.events.assign_stories(events)"
            )
    frame = events.assign(story_id=ids)
    if "source" not in frame.columns:
        if documents is not None:
            source_of = documents.drop_duplicates("doc_id").set_index("doc_id")["source"]
            frame = frame.assign(source=frame["doc_id"].map(source_of))
        else:
            frame = frame.assign(source=None)
    for name in ("plover", "quad_class", "actor1_label", "actor2_label", "historical"):
        if name not in frame.columns:
            frame = frame.assign(**{name: None if name != "historical" else False})
    if not len(frame):
        return _typed(pd.DataFrame(columns=COLUMNS))
    # Each story's reports together, its first report first.
    frame = frame.iloc[report_order(frame)]
    frame = frame.assign(
        source=frame["source"].astype(object).where(frame["source"].notna(), None),
        date=frame["date"].astype(object).where(frame["date"].notna(), None),
    )
    # The rows of a story follow each other: its first and last rows bound it.
    story = frame["story_id"].to_numpy()
    opens = np.flatnonzero(np.r_[True, story[1:] != story[:-1]])
    closes = np.r_[opens[1:], len(frame)] - 1
    table = frame.iloc[opens][_FROM_FIRST].set_index("story_id")
    table = table.rename(columns={"doc_id": "first_report", "source": "first_source"})
    # A story's dates are days in order, or one week, month or year, or none.
    table["first_date"] = frame["date"].to_numpy()[opens]
    table["last_date"] = frame["date"].to_numpy()[closes]
    table["n_reports"] = closes - opens + 1
    outlets: dict[str, list[str]] = {}
    pairs = frame[["story_id", "source"]].dropna().astype(object).drop_duplicates()
    named_pairs = zip(pairs["story_id"].tolist(), map(str, pairs["source"]), strict=True)
    for sid, source in sorted(named_pairs):
        outlets.setdefault(sid, []).append(source)
    named = [outlets.get(sid, []) for sid in table.index]
    table["n_sources"] = [len(names) for names in named]
    table["sources"] = [SOURCES_SEPARATOR.join(names) for names in named]
    historical = frame["historical"].astype(object).where(frame["historical"].notna(), False)
    table["historical"] = historical.astype(bool).groupby(frame["story_id"], sort=False).all()
    table = table.reset_index()
    table = _typed(table[COLUMNS])
    return table.sort_values(
        ["n_sources", "n_reports", "first_date", "story_id"],
        ascending=[False, False, True, True],
        na_position="last",
        ignore_index=True,
    )


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    """Counts as int64, historical as bool, the rest as text (None when missing)."""
    table = table.astype({"n_sources": np.int64, "n_reports": np.int64, "historical": bool})
    text = {
        c: table[c].astype(object).where(table[c].notna(), None)
        for c in COLUMNS
        if c not in ("n_sources", "n_reports", "historical")
    }
    return table.assign(**text)
