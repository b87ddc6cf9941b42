"""The HTML report of `sahel analyze`: one self-contained file (inline CSS, charts as data: URIs).

The page is Arabic and right to left; English values (types, sources, ids) are isolated with
`dir="auto"` so they do not scramble the order around them. All text goes through Jinja2's
autoescaping. Input tables are the analysis DataFrames; any of them may be missing or empty.
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

from sahel.report import plot

__all__ = ["render_report", "write_report"]

_TEMPLATE = Path(__file__).parents[1] / "templates" / "report.html.j2"

# (key, Arabic label, English label); other keys of the summary dict are listed after these.
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
_SUMMARY_ALIASES = {
    "distinct_actors": "actors",
    "entities": "actors",
    "rejected_records": "rejected",
    "duplicate_documents": "duplicates",
}
_DATE_KEYS = (("date_min", "date_max"), ("first_date", "last_date"), ("start", "end"))

_TABLE_NAMES = ("counts", "counts_by_source", "counts_by_month", "cooccurrence", "events", "kwic")


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


def _table(tables: Any, name: str) -> pd.DataFrame:
    """Table *name* from a mapping or an object with attributes; an empty frame when absent."""
    if tables is None:
        return pd.DataFrame()
    found = tables.get(name) if isinstance(tables, Mapping) else getattr(tables, name, None)
    if found is None:
        return pd.DataFrame()
    if not isinstance(found, pd.DataFrame):
        raise TypeError(f"report table {name!r} must be a pandas DataFrame, not {type(found)}")
    return found


def _has(table: pd.DataFrame, *columns: str) -> bool:
    return not table.empty and all(c in table.columns for c in columns)


def _actor_shares(by_source: pd.DataFrame) -> pd.DataFrame:
    """The per-source actor table; the long table of sahel.analysis.tables.source_comparison
    (source, dimension, key, label, count, share) is narrowed to its actor rows
    and renamed to match."""
    if "dimension" not in by_source.columns or "key" not in by_source.columns:
        return by_source
    actors = by_source[by_source["dimension"] == "actor"]
    return actors.rename(columns={"key": "entity_id", "count": "mentions"})


def _top_counts(counts: pd.DataFrame, top: int) -> list[dict[str, str]]:
    if not _has(counts, "label", "mentions"):
        return []
    ordered = counts.sort_values(["mentions", "label"], ascending=[False, True]).head(top)
    return [
        {
            "label": _text(row.get("label")),
            "type": _text(row.get("type")),
            "mentions": _text(row.get("mentions")),
            "documents": _text(row.get("documents")),
        }
        for row in ordered.to_dict("records")
    ]


def _per_source(by_source: pd.DataFrame, top: int) -> list[dict[str, Any]]:
    if not _has(by_source, "source", "label", "mentions"):
        return []
    blocks = []
    for source, group in by_source.groupby("source", sort=True):
        ordered = group.sort_values(["mentions", "label"], ascending=[False, True])
        present = ordered[ordered["mentions"] > 0]
        rows = [
            {
                "label": _text(row["label"]),
                "mentions": _text(row["mentions"]),
                "share": _percent(row.get("share")),
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


def _edges(edges: pd.DataFrame, graph: Any, top: int) -> list[dict[str, str]]:
    if _has(edges, "weight"):
        ordered = edges.sort_values("weight", ascending=False, kind="stable").head(top)
        return [
            {
                "a": _text(row.get("a_label", row.get("a"))),
                "b": _text(row.get("b_label", row.get("b"))),
                "weight": _text(row["weight"]),
            }
            for row in ordered.to_dict("records")
        ]
    if graph is None:
        return []
    ordered = sorted(graph.edges(data="weight", default=1), key=lambda e: -e[2])[:top]
    return [
        {
            "a": _text(graph.nodes[a].get("label", a)),
            "b": _text(graph.nodes[b].get("label", b)),
            "weight": _text(w),
        }
        for a, b, w in ordered
    ]


def _graph_from_edges(edges: pd.DataFrame, counts: pd.DataFrame):
    """A co-occurrence graph rebuilt from the edge table when no graph object was given."""
    import networkx as nx

    graph = nx.Graph()
    if not _has(edges, "a", "b", "weight"):
        return graph
    for row in edges.to_dict("records"):
        graph.add_node(row["a"], label=row.get("a_label", row["a"]))
        graph.add_node(row["b"], label=row.get("b_label", row["b"]))
        graph.add_edge(row["a"], row["b"], weight=row["weight"])
    if _has(counts, "entity_id", "mentions"):
        for row in counts.to_dict("records"):
            if row["entity_id"] in graph:
                graph.nodes[row["entity_id"]].update(mentions=row["mentions"], type=row.get("type"))
    return graph


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


def _events(events: pd.DataFrame, limit: int) -> list[dict[str, Any]]:
    if events.empty:
        return []
    ordered = events.sort_values("date", kind="stable") if "date" in events.columns else events
    rows = []
    for row in ordered.head(limit).to_dict("records"):
        sentence = _text(row.get("sentence_text"))
        before, cue, after = _split_on(sentence, _text(row.get("cue")))
        rows.append(
            {
                "type": _text(row.get("event_type")),
                "actor1": _text(row.get("actor1_label", row.get("actor1"))),
                "actor2": _text(row.get("actor2_label", row.get("actor2"))),
                "cue": _text(row.get("cue")),
                "date": _text(row.get("date")),
                "negated": _flag(row.get("negated")),
                "future": _flag(row.get("future")),
                "source": _text(row.get("source")),
                "before": before,
                "marked": cue,
                "after": after,
            }
        )
    return rows


def _kwic(kwic: pd.DataFrame, counts: pd.DataFrame, actors: int, per_actor: int, width: int):
    if not _has(kwic, "left", "match", "right"):
        return []
    key = "entity_id" if "entity_id" in kwic.columns else "label"
    if key not in kwic.columns:
        return []
    if "label" not in kwic.columns:
        # sahel.analysis.kwic tables carry the entity id only: label it from the counts, else
        # the match.
        labels = (
            counts.drop_duplicates("entity_id").set_index("entity_id")["label"]
            if _has(counts, "entity_id", "label")
            else pd.Series(dtype=object)
        )
        kwic = kwic.assign(label=kwic["entity_id"].map(labels).fillna(kwic["match"]))
    if _has(counts, key, "mentions"):
        ranked = counts.sort_values("mentions", ascending=False, kind="stable")[key].tolist()
        order = {k: i for i, k in enumerate(ranked)}
    else:
        order = {k: -n for k, n in kwic[key].value_counts().items()}
    keys = sorted(kwic[key].dropna().unique(), key=lambda k: (order.get(k, math.inf), str(k)))
    groups = []
    for k in keys[:actors]:
        lines = kwic[kwic[key] == k].head(per_actor)
        groups.append(
            {
                "label": _text(lines["label"].iloc[0]),
                "lines": [
                    {
                        "left": _clip_left(_text(row["left"]), width),
                        "match": _text(row["match"]),
                        "right": _clip_right(_text(row["right"]), width),
                        "source": _text(row.get("source")),
                        "date": _text(row.get("date")),
                        "doc_id": _text(row.get("doc_id")),
                    }
                    for row in lines.to_dict("records")
                ],
            }
        )
    return groups


def _summary(summary: Mapping[str, Any] | None) -> list[dict[str, str]]:
    if summary is None:
        return []
    if not isinstance(summary, Mapping):
        raise TypeError(f"summary must be a dict, not {type(summary).__name__}")
    values = {_SUMMARY_ALIASES.get(k, k): v for k, v in summary.items()}
    for first, last in _DATE_KEYS:
        if first in values or last in values:
            start, end = values.pop(first, None), values.pop(last, None)
            values.setdefault("date_range", (start, end))
    if isinstance(values.get("date_range"), list | tuple):
        start, end = (list(values["date_range"]) + [None, None])[:2]
        values["date_range"] = f"{_text(start) or '…'} – {_text(end) or '…'}"
    sources = values.get("sources")
    if isinstance(sources, Mapping | list | tuple | set):
        values["sources"] = f"{len(sources)} ({_text(sorted(map(str, sources)))})"
    items = []
    for key, arabic, english in _SUMMARY_FIELDS:
        if key in values:
            items.append({"key": key, "ar": arabic, "en": english, "value": _text(values[key])})
    for key, value in values.items():
        if key not in {f[0] for f in _SUMMARY_FIELDS}:
            items.append({"key": str(key), "ar": "", "en": str(key), "value": _text(value)})
    return items


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
    if _has(counts, "label", "mentions"):
        charts["top_actors"] = lambda: plot.bar_actors(counts, top=top)
    if _has(by_source, "source", "label", "mentions"):
        charts["top_by_source"] = lambda: plot.bar_actors(by_source, top=min(top, 8), by="source")
    if graph is not None and graph.number_of_edges():
        charts["network"] = lambda: plot.network(graph, top=max(top, 30))
    if _has(by_month, "month", "label", "mentions"):
        charts["timeline_actors"] = lambda: plot.timeline(by_month, top=min(top, 8))
    if _has(events, "date", "event_type") and events["date"].notna().any():
        charts["timeline_events"] = lambda: plot.timeline(events)
    if _has(by_source, "source", "label", "share"):
        charts["source_shares"] = lambda: plot.source_shares(by_source, top=min(top, 15))
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
    tables: Mapping[str, pd.DataFrame] | Any,
    *,
    title: str,
    summary: Mapping[str, Any] | None,
    graph: Any = None,
    kwic: pd.DataFrame | None = None,
    top: int = 20,
    max_events: int = 500,
    kwic_actors: int = 10,
    kwic_per_actor: int = 8,
    kwic_width: int = 80,
    image_format: str = "png",
) -> str:
    """The report as one HTML string with no external resources.

    *tables* maps names to the analysis DataFrames (``counts``, ``counts_by_source``,
    ``counts_by_month``, ``cooccurrence``, ``events``, and optionally ``kwic``), or is an object
    with those attributes. *graph* is the co-occurrence networkx Graph (rebuilt from the
    ``cooccurrence`` edges when omitted); *kwic* overrides ``tables["kwic"]``.
    """
    if not isinstance(title, str):
        raise TypeError(f"title must be a str, not {type(title).__name__}")
    if top < 1 or max_events < 0:
        raise ValueError("top must be at least 1 and max_events at least 0")
    if image_format not in ("png", "svg"):
        raise ValueError(f"image_format must be 'png' or 'svg', not {image_format!r}")
    counts = _table(tables, "counts")
    by_source = _actor_shares(_table(tables, "counts_by_source"))
    by_month = _table(tables, "counts_by_month")
    edges = _table(tables, "cooccurrence")
    events = _table(tables, "events")
    if kwic is None:
        kwic = _table(tables, "kwic")
    elif not isinstance(kwic, pd.DataFrame):
        raise TypeError(f"kwic must be a pandas DataFrame, not {type(kwic).__name__}")
    if graph is None and not edges.empty:
        graph = _graph_from_edges(edges, counts)

    context = {
        "title": title,
        "summary": _summary(summary),
        "top_actors": _top_counts(counts, top),
        "per_source": _per_source(by_source, min(top, 10)),
        "edges": _edges(edges, graph, 15),
        "events": _events(events, max_events),
        "events_total": len(events),
        "kwic": _kwic(kwic, counts, kwic_actors, kwic_per_actor, kwic_width),
        "charts": _charts(counts, by_source, by_month, events, graph, top, image_format),
    }
    template = _environment().from_string(_TEMPLATE.read_text(encoding="utf-8"))
    return template.render(**context)


def write_report(
    path: str | Path, tables: Mapping[str, pd.DataFrame] | Any, **options: Any
) -> Path:
    """Render the report (see `render_report` for *options*) and write it to *path* as UTF-8."""
    target = Path(path)
    if target.suffix.lower() not in (".html", ".htm"):
        raise ValueError(f"report path {target} should end in .html")
    html = render_report(tables, **options)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")
    return target
