"""Which events are one story: the same deed told by several reports, in one outlet or several.

Events with the same type and the same actors whose dates lie within a window are one story
(docs/events.md, "Stories"). The rule reads only the rows it is given and orders them itself
(by date, then doc_id), so the stories do not depend on the order of the rows nor on how the
corpus was cut into parts, as long as the events of the whole corpus are given together: ids
made on parts of a corpus must be made again on the gathered table (`assign_stories`).
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from sahel.extract.events.lexicon import SYMMETRIC

# Days after a story's first report within which a report of the same key joins it.
STORY_WINDOW_DAYS = 3
# Columns the rule reads.
STORY_INPUTS = ("doc_id", "event_type", "actor1", "actor2", "date", "date_precision")
# Orders reports within a story: the first report is the earliest by date, then doc_id; the
# rest only break ties among the rows of one document.
_REPORT_ORDER = ["_day", "doc_id", "sentence", "cue_start", "actor1", "actor2"]
# Separates the parts of a story's key before hashing (never in an id or a type).
_SEP = "\x1f"


def _text(values: pd.Series) -> np.ndarray:
    """Values as text, a missing value as "" (an actor of its own: "unknown")."""
    return np.array(["" if v is None or v != v else str(v) for v in values.tolist()], object)


def story_keys(events: pd.DataFrame) -> pd.DataFrame:
    """For each event (aligned with `events`): `key` (type and actors; for an undirected type
    the pair in sorted order, so that «A met B» and «B met A» share it), `bucket` (where its
    date puts it: "day" for a day, the precision and value for a week, month or year, the
    document for an event without a date) and `_day` (the day, NaT unless "day")."""
    missing = [c for c in STORY_INPUTS if c not in events.columns]
    if missing:
        raise ValueError(
            f"the events table has no {missing} column: build it with "
            "sahel.extract.events.events_table(...)"
        )
    kind = _text(events["event_type"])
    a1, a2 = _text(events["actor1"]), _text(events["actor2"])
    swap = np.isin(kind, sorted(SYMMETRIC)) & (a2 < a1)
    first, second = np.where(swap, a2, a1), np.where(swap, a1, a2)
    key = [_SEP.join(parts) for parts in zip(kind, first, second, strict=True)]
    date = _text(events["date"])
    precision = _text(events["date_precision"])
    day = pd.to_datetime(
        pd.Series(np.where(precision == "day", date, ""), index=events.index),
        format="%Y-%m-%d",
        errors="coerce",
    )
    # A day that does not parse is kept, as a bucket of its own like a month.
    bucket = np.where(
        day.notna().to_numpy(),
        "day",
        np.where(date != "", precision + ":" + date, "doc:" + _text(events["doc_id"])),
    )
    return pd.DataFrame({"key": key, "bucket": bucket, "_day": day}, index=events.index)


def story_ids(events: pd.DataFrame, window: int = STORY_WINDOW_DAYS) -> pd.Series:
    """The story of each event (a Series named story_id, aligned with `events`).

    Events share a story when they have the same key (event_type, actor1, actor2; a missing
    actor is a value of its own; undirected types in either order) and:
    - dated to the day: the story's first report (by date, then doc_id) opens it, and every
      report of the key dated at most `window` days after that first date joins it; the next
      report opens the next story (a story spans at most `window` days);
    - dated to a week, month or year only: the same precision and value (`2012` is one story
      of its key, apart from the days of 2012);
    - without a date: the same document.
    The id is the event type and a 64-bit digest of the key, the bucket and the first report's
    date and doc_id (`deploy_forces-3f0c...`): the same story has the same id in every run over
    the same events."""
    if not isinstance(window, (int, np.integer)) or isinstance(window, bool) or window < 0:
        raise ValueError(f"window must be a number of days (an int >= 0), not {window!r}")
    if not len(events):
        return pd.Series([], index=events.index, dtype=object, name="story_id")
    frame = _ordered(events)
    limit = np.timedelta64(int(window), "D")
    ids = np.empty(len(frame), dtype=object)
    opened: tuple | None = None
    anchor = None
    story = ""
    for pos, (key, bucket, day, doc_id, date) in enumerate(
        zip(
            frame["key"].tolist(),
            frame["bucket"].tolist(),
            frame["_day"].to_numpy(),
            frame["doc_id"].tolist(),
            frame["date"].tolist(),
            strict=True,
        )
    ):
        if (key, bucket) != opened or (bucket == "day" and day - anchor > limit):
            opened, anchor = (key, bucket), day
            story = _story_id(key, bucket, date, str(doc_id))
        ids[pos] = story
    out = np.empty(len(frame), dtype=object)
    out[frame["row"].to_numpy()] = ids
    return pd.Series(out, index=events.index, name="story_id")


def _ordered(events: pd.DataFrame) -> pd.DataFrame:
    """The keys of `events` with `row` (each event's position in `events`), sorted by key,
    bucket and then report order, so that each story's rows follow each other, first report
    first."""
    keyed = story_keys(events)
    return keyed.assign(
        doc_id=events["doc_id"].to_numpy(),
        sentence=events["sentence"].to_numpy() if "sentence" in events else 0,
        cue_start=events["cue_start"].to_numpy() if "cue_start" in events else 0,
        actor1=_text(events["actor1"]),
        actor2=_text(events["actor2"]),
        date=_text(events["date"]),
        row=np.arange(len(events)),
    ).sort_values(["key", "bucket", *_REPORT_ORDER], kind="stable", na_position="last")


def report_order(events: pd.DataFrame) -> np.ndarray:
    """Positions of the rows of `events` with each story's reports together, its first report
    (the earliest by date, then doc_id) first."""
    return _ordered(events)["row"].to_numpy()


def _story_id(key: str, bucket: str, date: str, doc_id: str) -> str:
    """The event type, then a digest of the story's key, bucket and first report: text that
    no reader takes for a number (a bare hexadecimal digest can read as 1e5...)."""
    digest = hashlib.blake2b(_SEP.join((key, bucket, date, doc_id)).encode(), digest_size=8)
    return f"{key.split(_SEP, 1)[0]}-{digest.hexdigest()}"


def assign_stories(events: pd.DataFrame, window: int = STORY_WINDOW_DAYS) -> pd.DataFrame:
    """`events` (a copy) with its `story_id` column made over all its rows: after gathering
    the events tables of several parts of a corpus, the ids of the whole."""
    return events.assign(story_id=story_ids(events, window))
