"""The HTML report of `sahel analyze`: one self-contained file (inline CSS, charts as data: URIs).

The page is Arabic and right to left; English values (types, sources, ids) are isolated with
`dir="auto"` so they do not scramble the order around them. All text goes through Jinja2's
autoescaping. The input is the tables `sahel analyze` writes, each with the COLUMNS of the module
that makes it (TABLES); any of them may be empty. Labels come with the tables: the report shows
names, never looks them up.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd

from sahel.analysis import kwic as kwic_table
from sahel.analysis import tables as analysis
from sahel.extract import events as events_table
from sahel.report import plot

__all__ = ["SUMMARY_KEYS", "TABLES", "render_report", "write_report"]

_TEMPLATE = Path(__file__).parents[1] / "templates" / "report.html.j2"

# The tables the report reads, by the name `analyze` gives them, with their producers' columns.
TABLES = {
    **{
        name: analysis.COLUMNS[name]
        for name in ("counts", "counts_by_source", "counts_by_month", "cooccurrence")
    },
    "events": events_table.COLUMNS,
    "kwic": kwic_table.COLUMNS,
}

# (key, Arabic label, English label) of the summary cards, in order: the keys of
# sahel.pipeline.AnalysisResult.summary(), date_min and date_max shown as one date range.
_SUMMARY_FIELDS = (
    ("records", "السجلات المقروءة", "Records read"),
    ("documents", "الوثائق", "Documents"),
    ("sources", "المصادر", "Sources"),
    ("date_range", "الفترة", "Date range"),
    ("mentions", "الإشارات", "Mentions"),
    ("actors", "الفاعلون المختلفون", "Distinct actors"),
    ("events", "الأحداث", "Events"),
    ("rejected", "السجلات المرفوضة", "Rejected records"),
    ("duplicates", "النصوص المكررة", "Duplicates"),
)
SUMMARY_KEYS = frozenset(
    {key for key, _, _ in _SUMMARY_FIELDS if key != "date_range"} | {"date_min", "date_max"}
)


# --------------------------------------------------------------------------- value formatting


def _missing(value: Any) -> bool:
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(pd.isna(value)) if not isinstance(value, list | tuple | dict | set) else False
    except (TypeError, ValueError):
        return False


def _text(value: Any) -> str:
    """A cell value as display text: numbers grouped, dates as YYYY-MM-DD, missing as empty."""
    if _missing(value):
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, pd.Timestamp | dt.datetime):
        stamp = pd.Timestamp(value)
        has_time = stamp.hour or stamp.minute or stamp.second
        return stamp.strftime("%Y-%m-%d %H:%M" if has_time else "%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, pd.Period):
        return str(value)
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        number = float(value)
        return f"{number:,.0f}" if number.is_integer() else f"{number:,.2f}"
    if isinstance(value, list | tuple | set):
        return "، ".join(_text(v) for v in value)
    if isinstance(value, Mapping):
        return "، ".join(f"{_text(k)}: {_text(v)}" for k, v in value.items())
    return str(value)


def _flag(value: Any) -> bool:
    """A yes/no cell; missing (None, NaN, pd.NA) counts as no."""
    return not _missing(value) and bool(value)


def _percent(value: Any) -> str:
    return "" if _missing(value) else f"{float(value):.1%}"


def _clip_left(text: str, width: int) -> str:
    """The last *width* characters of *text*, cut at a word boundary (the part next to a match)."""
    if len(text) <= width:
        return text
    tail = text[-width:]
    space = tail.find(" ")
    return "…" + (tail[space + 1 :] if 0 <= space < width // 2 else tail)


def _clip_right(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    head = text[:width]
    space = head.rfind(" ")
    return (head[:space] if space > width // 2 else head) + "…"


# --------------------------------------------------------------------------- tables


def _tables(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables of TABLES from `tables`, each checked against its producer's columns."""
    if not isinstance(tables, Mapping):
        raise TypeError(
            f"tables must map names to DataFrames (as AnalysisResult.tables), not "
            f"{type(tables).__name__}"
        )
    missing = [name for name in TABLES if name not in tables]
    if missing:
        raise ValueError(f"the report needs the tables {missing} that sahel analyze writes")
    out = {}
    for name, columns in TABLES.items():
        table = tables[name]
        if not isinstance(table, pd.DataFrame):
            raise TypeError(f"report table {name!r} must be a pandas DataFrame, not {type(table)}")
        if list(table.columns) != list(columns):
            raise ValueError(
                f"report table {name!r} has the columns {list(table.columns)}; the table "
                f"sahel analyze writes has {list(columns)}"
            )
        out[name] = table
    return out


def _top_counts(counts: pd.DataFrame, top: int) -> list[dict[str, str]]:
    ordered = counts.sort_values(["mentions", "label"], ascending=[False, True]).head(top)
    return [
        {
            "label": _text(row["label"]),
            "type": _text(row["type"]),
            "mentions": _text(row["mentions"]),
            "documents": _text(row["documents"]),
        }
        for row in ordered.to_dict("records")
    ]


def _per_source(by_source: pd.DataFrame, top: int) -> list[dict[str, Any]]:
    blocks = []
    for source, group in by_source.groupby("source", sort=True):
        ordered = group.sort_values(["mentions", "label"], ascending=[False, True])
        present = ordered[ordered["mentions"] > 0]
        rows = [
            {
                "label": _text(row["label"]),
                "mentions": _text(row["mentions"]),
                "share": _percent(row["share"]),
            }
            for row in present.head(top).to_dict("records")
        ]
        blocks.append(
            {
                "source": _text(source),
                "rows": rows,
                "total": _text(group["mentions"].sum()),
                "actors": _text(int((group["mentions"] > 0).sum())),
                "leaders": "، ".join(r["label"] for r in rows[:3]),
            }
        )
    return blocks


def _edges(edges: pd.DataFrame, top: int) -> list[dict[str, str]]:
    ordered = edges.sort_values("weight", ascending=False, kind="stable").head(top)
    return [
        {"a": _text(row["a_label"]), "b": _text(row["b_label"]), "weight": _text(row["weight"])}
        for row in ordered.to_dict("records")
    ]


def _split_on(sentence: str, cue: str) -> tuple[str, str, str]:
    """(before, word, after): the whole word holding the cue's first occurrence, for highlighting.

    Marking the whole word keeps Arabic letters joined: a highlight that ends inside a word
    would cut it into separately shaped pieces.
    """
    at = sentence.find(cue) if cue else -1
    if at < 0:
        return sentence, "", ""
    start, end = at, at + len(cue)
    while start > 0 and not sentence[start - 1].isspace():
        start -= 1
    while end < len(sentence) and not sentence[end].isspace():
        end += 1
    return sentence[:start], sentence[start:end], sentence[end:]


def _current_first(events: pd.DataFrame) -> pd.DataFrame:
    """Events of the corpus's own period by date, then the historical ones (dated more than a
    year before their document) by date: old history is not news."""
    return events.assign(_old=events["historical"].astype(bool)).sort_values(
        ["_old", "date"], kind="stable"
    )


def _events(events: pd.DataFrame, limit: int) -> list[dict[str, Any]]:
    ordered = _current_first(events)
    rows = []
    for row in ordered.head(limit).to_dict("records"):
        sentence = _text(row["sentence_text"])
        before, cue, after = _split_on(sentence, _text(row["cue"]))
        rows.append(
            {
                "type": _text(row["event_type"]),
                "actor1": _text(row["actor1_label"]),
                "actor2": _text(row["actor2_label"]),
                "cue": _text(row["cue"]),
                "date": _text(row["date"]),
                "negated": _flag(row["negated"]),
                "future": _flag(row["future"]),
                "source": _text(row["source"]),
                "before": before,
                "marked": cue,
                "after": after,
            }
        )
    return rows


def _kwic(kwic: pd.DataFrame, counts: pd.DataFrame, actors: int, per_actor: int, width: int):
    """KWIC lines grouped by the actor they count for, most mentioned first, each group under
    the actor's label from the counts (the samples of analyze are of the counts' top actors)."""
    counts = counts.drop_duplicates("entity_id")
    label_of = dict(zip(counts["entity_id"], counts["label"], strict=True))
    ranked = counts.sort_values("mentions", ascending=False, kind="stable")["entity_id"]
    rank = {eid: k for k, eid in enumerate(ranked)}
    keys = sorted(
        kwic["entity_id"].dropna().unique(), key=lambda k: (rank.get(k, math.inf), str(k))
    )
    groups = []
    for key in keys[:actors]:
        lines = kwic[kwic["entity_id"] == key].head(per_actor)
        groups.append(
            {
                "label": _text(label_of.get(key, key)),
                "lines": [
                    {
                        "left": _clip_left(_text(row["left"]), width),
                        "match": _text(row["match"]),
                        "right": _clip_right(_text(row["right"]), width),
                        "source": _text(row["source"]),
                        "date": _text(row["date"]),
                        "doc_id": _text(row["doc_id"]),
                    }
                    for row in lines.to_dict("records")
                ],
            }
        )
    return groups


def _summary(summary: Mapping[str, Any] | None) -> list[dict[str, str]]:
    """The summary cards of AnalysisResult.summary() (keys SUMMARY_KEYS; a missing key has no
    card)."""
    if summary is None:
        return []
    if not isinstance(summary, Mapping):
        raise TypeError(f"summary must be a dict, not {type(summary).__name__}")
    unknown = sorted(set(summary) - SUMMARY_KEYS)
    if unknown:
        raise ValueError(
            f"unknown summary keys {unknown}: the report shows {sorted(SUMMARY_KEYS)}, as "
            "AnalysisResult.summary() gives them"
        )
    values = dict(summary)
    if "date_min" in values or "date_max" in values:
        start, end = values.pop("date_min", None), values.pop("date_max", None)
        values["date_range"] = f"{_text(start) or '…'} – {_text(end) or '…'}"
    if "sources" in values:
        sources = sorted(map(str, values["sources"]))
        values["sources"] = f"{len(sources)} ({_text(sources)})"
    return [
        {"key": key, "ar": arabic, "en": english, "value": _text(values[key])}
        for key, arabic, english in _SUMMARY_FIELDS
        if key in values
    ]


# --------------------------------------------------------------------------- charts


def _charts(
    counts: pd.DataFrame,
    by_source: pd.DataFrame,
    by_month: pd.DataFrame,
    events: pd.DataFrame,
    graph: Any,
    top: int,
    image_format: str,
) -> dict[str, str]:
    """Data URIs of the charts whose input has data; absent keys mean 'nothing to draw'."""
    charts: dict[str, Any] = {}
    if not counts.empty:
        charts["top_actors"] = lambda: plot.bar_actors(counts, top=top)
    if not by_source.empty:
        charts["top_by_source"] = lambda: plot.bar_actors(by_source, top=min(top, 8), by="source")
        charts["source_shares"] = lambda: plot.source_shares(by_source, top=min(top, 15))
    if graph.number_of_edges():
        charts["network"] = lambda: plot.network(graph, top=max(top, 30))
    if not by_month.empty:
        charts["timeline_actors"] = lambda: plot.timeline(by_month, top=min(top, 8))
    current = events[~events["historical"].astype(bool)]  # the chart covers the corpus's period
    if current["date"].notna().any():
        charts["timeline_events"] = lambda: plot.timeline(current)
    return {
        name: plot.figure_to_data_uri(build(), fmt=image_format) for name, build in charts.items()
    }


# --------------------------------------------------------------------------- entry points


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_report(
    tables: Mapping[str, pd.DataFrame],
    *,
    title: str,
    summary: Mapping[str, Any] | None,
    top: int = 20,
    max_events: int = 500,
    kwic_actors: int = 10,
    kwic_per_actor: int = 8,
    kwic_width: int = 80,
    image_format: str = "png",
) -> str:
    """The report as one HTML string with no external resources.

    *tables* maps the names of TABLES to the tables `sahel analyze` makes (AnalysisResult.tables,
    or the files it wrote read back), each with exactly its producer's columns; *summary* is
    AnalysisResult.summary(). The co-occurrence network is the graph of the ``cooccurrence``
    and ``counts`` tables (sahel.analysis.tables.graph_of).
    """
    if not isinstance(title, str):
        raise TypeError(f"title must be a str, not {type(title).__name__}")
    if top < 1 or max_events < 0:
        raise ValueError("top must be at least 1 and max_events at least 0")
    if image_format not in ("png", "svg"):
        raise ValueError(f"image_format must be 'png' or 'svg', not {image_format!r}")
    checked = _tables(tables)
    counts, by_source, by_month = (
        checked["counts"],
        checked["counts_by_source"],
        checked["counts_by_month"],
    )
    edges, events, kwic = checked["cooccurrence"], checked["events"], checked["kwic"]
    graph = analysis.graph_of(edges, counts)

    context = {
        "title": title,
        "summary": _summary(summary),
        "top_actors": _top_counts(counts, top),
        "per_source": _per_source(by_source, min(top, 10)),
        "edges": _edges(edges, 15),
        "events": _events(events, max_events),
        "events_total": len(events),
        "kwic": _kwic(kwic, counts, kwic_actors, kwic_per_actor, kwic_width),
        "charts": _charts(counts, by_source, by_month, events, graph, top, image_format),
    }
    template = _environment().from_string(_TEMPLATE.read_text(encoding="utf-8"))
    return template.render(**context)


def write_report(path: str | Path, tables: Mapping[str, pd.DataFrame], **options: Any) -> Path:
    """Render the report (see `render_report` for *options*) and write it to *path* as UTF-8."""
    target = Path(path)
    if target.suffix.lower() not in (".html", ".htm"):
        raise ValueError(f"report path {target} should end in .html")
    html = render_report(tables, **options)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")
    return target
