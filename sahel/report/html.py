"""The HTML report of `sahel analyze`: one self-contained, interactive file that works offline.

The page carries the data each section needs as JSON and the script that draws it (our
`report.js` and Plotly's library, both inlined once); filters by source, actor, event type and
period, the Arabic/English switch for actor names, sorting and search all run in the browser.
The page is Arabic and right to left. Text from the tables reaches the page only as JSON and is
put in place as text (never as markup), so nothing in an article can inject markup.

The input is the tables `sahel analyze` writes (TABLES, each with the COLUMNS of the module that
makes it; any of them may be empty) and, when present, the ``stories`` table (events reported by
several outlets grouped into one story): the events section then ranks stories by the number of
sources. The title and summary are built from the corpus unless a title is given.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import numbers
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import pandas as pd

from sahel.analysis import kwic as kwic_table
from sahel.analysis import tables as analysis
from sahel.corpus.corpus import REJECTED_COLUMNS
from sahel.corpus.mentions import COLUMNS as MENTION_COLUMNS
from sahel.corpus.output import open_output
from sahel.extract import dates as dates_module
from sahel.extract import events as events_table
from sahel.extract.events.lexicon import PLOVER, QUAD_CLASS
from sahel.report import plot

__all__ = [
    "DOCUMENT_COLUMNS",
    "STORY_COLUMNS",
    "SUMMARY_KEYS",
    "TABLES",
    "render_report",
    "resolution",
    "write_report",
]

_TEMPLATES = Path(__file__).parents[1] / "templates"

# The tables the report reads, by the name `analyze` gives them, with their producers' columns.
TABLES = {
    "counts": analysis.COLUMNS["counts"],
    "cooccurrence": analysis.COLUMNS["cooccurrence"],
    "mentions": list(MENTION_COLUMNS),
    "events": events_table.COLUMNS,
    "dates": dates_module.COLUMNS,
    "kwic": kwic_table.COLUMNS,
    "rejected": list(REJECTED_COLUMNS),
}
# The documents table has the loader's metadata columns, which vary with the input; the report
# needs these.
DOCUMENT_COLUMNS = ["doc_id", "source", "date"]
# The stories table (events with the same type and actors reported within a window across
# outlets), read when the tables include it.
STORY_COLUMNS = [
    "story_id", "event_type", "plover", "quad_class", "actor1", "actor2", "actor1_label",
    "actor2_label", "first_date", "last_date", "n_sources", "n_reports", "first_report",
    "first_source", "sources", "historical",
]  # fmt: skip

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

# The timeline's resolution: days up to DAY_SPAN days of corpus, weeks up to WEEK_SPAN, months
# beyond (about 10 to 60 points for a corpus of weeks to a year, one point per month after).
DAY_SPAN = 62
WEEK_SPAN = 366

# Entity types the map places: at their coordinates, or at their country's outline.
_PLACED_TYPES = frozenset({"country", "territory", "city", "place", "region", "facility"})
# The arabic label of the quad classes, in the order of the cooperation–conflict chart.
_QUADS = (
    ("material cooperation", "تعاون مادي"),
    ("verbal cooperation", "تعاون لفظي"),
    ("verbal conflict", "نزاع لفظي"),
    ("material conflict", "نزاع مادي"),
)

# Every column the page shows, with its Arabic name and what it means (the glossary).
COLUMN_GLOSSARY = (
    ("actor", "الفاعل", "The actor a mention counts for (Kremlin counts for Russia)."),
    ("type", "النوع", "The actor's entity type in the gazetteer (country, organization, ...)."),
    ("mentions", "الإشارات", "Mentions of the actor in the articles the filters select."),
    ("documents", "الوثائق", "Articles that mention the actor at least once."),
    ("source", "المصدر", "The outlet that published the article."),
    ("share", "الحصة", "The actor's share of all the outlet's mentions."),
    ("actor 1 / actor 2", "الفاعل 1 / 2", "Who acts (actor 1) and on whom (actor 2)."),
    ("weight", "الورود المشترك", "Sentences in which both actors are mentioned."),
    (
        "event type",
        "نوع الحدث",
        "sahel's fine event type; its PLOVER type and quad class are in "
        "the glossary of event types.",
    ),
    ("cue", "المؤشر", "The words that signal the event."),
    (
        "date",
        "التاريخ",
        "The event's date: from the sentence when it gives one, else the article's date.",
    ),
    ("status", "الحالة", "negated (the sentence denies the event) or future (announced)."),
    ("sentence", "الجملة", "The sentence holding the event, its cue marked."),
    ("story", "القصة", "Reports of one event (same type and actors, close dates) across outlets."),
    (
        "sources / reports",
        "المصادر / التقارير",
        "Outlets that carried the story / articles that reported it.",
    ),
    ("first report", "أول تقرير", "The earliest article of the story and its outlet."),
    ("expression", "العبارة", "A date expression as printed in the article."),
    (
        "resolved",
        "التاريخ المحسوب",
        "The calendar date it denotes (ISO), resolved against the article's date.",
    ),
    ("precision", "الدقة", "day, month or year."),
    ("calendar", "التقويم", "gregorian or hijri (converted to the Gregorian date)."),
    ("rule", "القاعدة", "How the date was resolved (explicit year, nearest, past cue, ...)."),
    ("file / line", "الملف / السطر", "Where a rejected record was read."),
    ("reason", "السبب", "Why the record could not be read as a document."),
    ("context", "السياق", "The words before and after a mention (keyword in context)."),
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
    if isinstance(value, bool | np.bool_):
        return "✓" if value else ""
    if isinstance(value, pd.Timestamp | dt.datetime):
        stamp = pd.Timestamp(value)
        has_time = stamp.hour or stamp.minute or stamp.second
        return stamp.strftime("%Y-%m-%d %H:%M" if has_time else "%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        number = float(value)
        return f"{number:,.0f}" if number.is_integer() else f"{number:,.2f}"
    if isinstance(value, list | tuple | set | np.ndarray):
        return "، ".join(_text(v) for v in value)
    return str(value)


def _day(value: Any) -> str | None:
    """A date as 'YYYY-MM-DD' (None when missing or not a date)."""
    if _missing(value):
        return None
    try:
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    except (ValueError, TypeError):
        return None


def _iso_prefix(value: Any) -> str | None:
    """An ISO date of any precision as text ('2024', '2024-03', '2024-03-12'), else None."""
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp | dt.date):
        return _day(value)
    text = str(value)[:10]
    return text if text[:4].isdigit() else None


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


# --------------------------------------------------------------------------- tables


def _checked(name: str, table: Any, columns: list[str], exact: bool) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"report table {name!r} must be a pandas DataFrame, not {type(table)}")
    wrong = list(table.columns) != list(columns) if exact else set(columns) - set(table.columns)
    if wrong:
        raise ValueError(
            f"report table {name!r} has the columns {list(table.columns)}; the table "
            f"sahel analyze writes has {list(columns)}"
        )
    return table


def _tables(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables of TABLES, documents and (when given) stories, checked against their
    producers' columns."""
    if not isinstance(tables, Mapping):
        raise TypeError(
            f"tables must map names to DataFrames (as AnalysisResult.tables), not "
            f"{type(tables).__name__}"
        )
    missing = [name for name in (*TABLES, "documents") if name not in tables]
    if missing:
        raise ValueError(f"the report needs the tables {missing} that sahel analyze writes")
    out = {name: _checked(name, tables[name], columns, True) for name, columns in TABLES.items()}
    out["documents"] = _checked("documents", tables["documents"], DOCUMENT_COLUMNS, False)
    if tables.get("stories") is not None:
        out["stories"] = _checked("stories", tables["stories"], STORY_COLUMNS, False)
    return out


def resolution(dates: pd.Series) -> str:
    """The timeline's resolution for a corpus of these publication dates: 'day' when it spans at
    most DAY_SPAN days, 'week' up to WEEK_SPAN days, else 'month'."""
    stamps = pd.to_datetime(pd.Series(dates), errors="coerce").dropna()
    if stamps.empty:
        return "month"
    span = (stamps.max() - stamps.min()).days
    return "day" if span <= DAY_SPAN else "week" if span <= WEEK_SPAN else "month"


class _Index:
    """Dense integer codes for values (actors, sources), so the JSON carries each name once."""

    def __init__(self) -> None:
        self.codes: dict[Any, int] = {}

    def __call__(self, value: Any) -> int | None:
        if _missing(value):
            return None
        return self.codes.setdefault(value, len(self.codes))

    def values(self) -> list[Any]:
        return list(self.codes)


def _code_rows(
    frame: pd.DataFrame, doc_index: dict, actors: _Index, columns: list[str], count: str
) -> list[list[int]]:
    """[document code, actor code(s)..., count] for each row of *frame* (columns doc, *columns*,
    *count*), the codes looked up once per distinct value."""
    parts = [frame["doc"].map(doc_index).to_numpy(dtype=np.int64)]
    for column in columns:
        distinct = pd.unique(frame[column])
        code = {value: actors(value) for value in distinct}
        parts.append(frame[column].map(code).to_numpy(dtype=np.int64))
    parts.append(frame[count].to_numpy(dtype=np.int64))
    if not len(frame):
        return []
    return np.column_stack(parts).tolist()


def _codes(values: pd.Series, index: _Index) -> list[int | None]:
    return [index(v) for v in values.astype(object)]


def _actor_table(ids: list[str], counts: pd.DataFrame, events: pd.DataFrame, gazetteer, geo):
    """Per actor: English and Arabic label, type, and where the map places it."""
    label = dict(zip(counts["entity_id"], counts["label"], strict=False))
    kind = dict(zip(counts["entity_id"], counts["type"], strict=False))
    for side in ("actor1", "actor2"):
        label.update(
            {k: v for k, v in zip(events[side], events[f"{side}_label"], strict=True) if k}
        )
    entities = gazetteer.entities if gazetteer is not None else {}
    centre = {code: (lat, lon) for code, _, lat, lon, _ in geo}
    rows: dict[str, list[Any]] = {k: [] for k in ("en", "ar", "type", "lat", "lon", "exact")}
    for eid in ids:
        entity = entities.get(eid)
        english = _text(label.get(eid)) or (entity.label if entity else str(eid))
        arabic = entity.aliases[0] if entity is not None and entity.aliases else english
        etype = _text(kind.get(eid)) or (entity.type if entity else "")
        lat = lon = None
        exact = False
        if entity is not None and entity.type in _PLACED_TYPES:
            if entity.lat is not None and entity.lon is not None:
                lat, lon, exact = entity.lat, entity.lon, True
            else:
                code = eid if entity.type in ("country", "territory") else entity.country
                if code in centre:
                    lat, lon = centre[code]
        for key, value in zip(rows, (english, arabic, etype, lat, lon, exact), strict=True):
            rows[key].append(value)
    return rows


@functools.cache
def _geo() -> tuple[tuple[str | None, str, float, float, list], ...]:
    """(ISO alpha-2, name, centre lat, centre lon, rings) of the map's countries."""
    path = resources.files("sahel") / "data" / "geo" / "africa_middle_east.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for feature in collection["features"]:
        rings = feature["geometry"]["coordinates"]
        biggest = max(rings, key=len)
        lon = sum(p[0] for p in biggest) / len(biggest)
        lat = sum(p[1] for p in biggest) / len(biggest)
        props = feature["properties"]
        out.append((props["iso_a2"], props["name"], round(lat, 2), round(lon, 2), rings))
    return tuple(out)


def _payload(checked: dict[str, pd.DataFrame], gazetteer, max_rows: int) -> dict[str, Any]:
    """Everything the page's script draws, as plain lists (JSON)."""
    documents = checked["documents"]
    if "duplicate" in documents.columns:
        documents = documents[~documents["duplicate"].astype(bool)]
    mentions, events = checked["mentions"], checked["events"]
    counts = checked["counts"]
    sources, actors = _Index(), _Index()
    doc_index = {doc: k for k, doc in enumerate(documents["doc_id"])}

    def docs_of(values: pd.Series) -> list[int | None]:
        return [doc_index.get(v) for v in values]

    # Actors ranked by mentions first, so that codes follow importance.
    for eid in counts.sort_values("mentions", ascending=False, kind="stable")["entity_id"]:
        actors(eid)

    actor = analysis.actor_of(mentions) if len(mentions) else pd.Series([], dtype=object)
    per_doc = (
        pd.DataFrame({"doc": mentions["doc_id"].astype(object), "actor": actor.astype(object)})
        .groupby(["doc", "actor"], sort=False)
        .size()
        .reset_index(name="n")
    )
    per_doc = per_doc[per_doc["doc"].isin(doc_index)]
    units = pd.DataFrame(
        {
            "doc": mentions["doc_id"].astype(object),
            "sentence": mentions["sentence"],
            "actor": actor.astype(object),
        }  # fmt: skip
    ).drop_duplicates()
    pairs = units.merge(units, on=["doc", "sentence"])
    pairs = pairs[pairs["actor_x"] < pairs["actor_y"]]
    pairs = pairs.groupby(["doc", "actor_x", "actor_y"], sort=False).size().reset_index(name="w")
    pairs = pairs[pairs["doc"].isin(doc_index)]

    # Events: every one compactly for the charts, the first max_rows with their sentence.
    ranked = events.assign(_old=events["historical"].astype(bool)).sort_values(
        ["_old", "date"], kind="stable"
    )
    has_story = "story_id" in ranked.columns
    event_types = sorted(set(PLOVER) | set(ranked["event_type"].dropna().astype(str)))
    type_code = {t: k for k, t in enumerate(event_types)}
    compact = {
        "doc": docs_of(ranked["doc_id"]),
        "type": [type_code.get(t) for t in ranked["event_type"].astype(object)],
        "a1": _codes(ranked["actor1"], actors),
        "a2": _codes(ranked["actor2"], actors),
        "date": [_iso_prefix(v) for v in ranked["date"]],
        "hist": [bool(v) for v in ranked["historical"].fillna(False)],
        "story": [_text(v) for v in ranked["story_id"]] if has_story else None,
    }
    detail = []
    for row in ranked.head(max_rows).to_dict("records"):
        before, marked, after = _split_on(_text(row["sentence_text"]), _text(row["cue"]))
        detail.append(
            [_text(row["cue"]), bool(row["negated"] is True or row["negated"] == 1),
             bool(row["future"] is True or row["future"] == 1), before, marked, after]
        )  # fmt: skip

    stories: list[list[Any]] | None = None
    if "stories" in checked:
        table = checked["stories"].sort_values(
            ["n_sources", "n_reports", "first_date"], ascending=[False, False, True],
            kind="stable",
        )  # fmt: skip
        stories = [
            [_text(r["story_id"]), type_code.get(r["event_type"], None), actors(r["actor1"]),
             actors(r["actor2"]), _iso_prefix(r["first_date"]), _iso_prefix(r["last_date"]),
             int(r["n_sources"]), int(r["n_reports"]), _text(r["first_report"]),
             _text(r["first_source"]), _source_list(r["sources"]),
             bool(r["historical"]) if not _missing(r["historical"]) else False]
            for r in table.head(max_rows).to_dict("records")
        ]  # fmt: skip
        for story in stories:
            for outlet in story[10]:
                sources(outlet)

    dates = checked["dates"]
    date_rows = [
        [doc_index.get(r["doc_id"]), _text(r["surface"]), _iso_prefix(r["iso"]) or "",
         _text(r["precision"]), _text(r["calendar"]), bool(r["relative"]), _text(r["rule"])]
        for r in dates.head(max_rows).to_dict("records")
    ]  # fmt: skip
    rejected = checked["rejected"]
    rejected_rows = [
        [_text(r["path"]), _text(r["line"]), _text(r["reason"]), _text(r["raw"])]
        for r in rejected.head(max_rows).to_dict("records")
    ]
    kwic = checked["kwic"]
    kwic_rows = [
        [doc_index.get(r["doc_id"]), actors(r["entity_id"]), _text(r["left"]),
         _text(r["match"]), _text(r["right"])]
        for r in kwic.to_dict("records")
    ]  # fmt: skip

    network = _layout(checked["cooccurrence"], counts)
    geo = _geo()
    doc_sources = _codes(documents["source"], sources)
    per_doc_rows = _code_rows(per_doc, doc_index, actors, ["actor"], "n")
    pair_rows = _code_rows(pairs, doc_index, actors, ["actor_x", "actor_y"], "w")
    for eid in network["ids"]:
        actors(eid)
    ids = actors.values()
    actor_rows = _actor_table(ids, counts, events, gazetteer, geo)
    return {
        "resolution": resolution(documents["date"]),
        "sources": [str(s) for s in sources.values()],
        "actors": {"id": [str(i) for i in ids], **actor_rows},
        "type_colours": {t: plot.type_colour(t) for t in sorted(set(actor_rows["type"]))},
        "docs": {"source": doc_sources, "date": [_day(v) for v in documents["date"]]},
        "mentions": per_doc_rows,
        "pairs": pair_rows,
        "types": [
            [t, PLOVER.get(t, ""), QUAD_CLASS.get(PLOVER.get(t, ""), "")] for t in event_types
        ],  # fmt: skip
        "quads": [list(q) for q in _QUADS],
        "events": compact,
        "events_total": len(events),
        "event_rows": detail,
        "stories": stories,
        "stories_total": None if stories is None else len(checked["stories"]),
        "dates": date_rows,
        "dates_total": len(dates),
        "rejected": rejected_rows,
        "rejected_total": len(rejected),
        "kwic": kwic_rows,
        "network": {
            "ids": [actors(i) for i in network["ids"]],
            "x": network["x"],
            "y": network["y"],
        },  # fmt: skip
        "geo": [
            [code, name, _flat(rings, 0), _flat(rings, 1)] for code, name, _, _, rings in geo
        ],  # fmt: skip
    }


def _source_list(value: Any) -> list[str]:
    """The sources of a story: a list, or text joined by ',', ';' or '|'."""
    if _missing(value):
        return []
    if isinstance(value, list | tuple | np.ndarray):
        return [str(v) for v in value]
    text = str(value)
    for separator in ("|", ";", ","):
        if separator in text:
            return [part.strip() for part in text.split(separator) if part.strip()]
    return [text.strip()] if text.strip() else []


def _flat(rings: list, axis: int) -> list[float | None]:
    """One coordinate of every ring, rings separated by None (Plotly's break between shapes)."""
    out: list[float | None] = []
    for ring in rings:
        if out:
            out.append(None)
        out.extend(point[axis] for point in ring)
    return out


def _layout(edges: pd.DataFrame, counts: pd.DataFrame, top: int = 40) -> dict[str, list]:
    """Fixed positions for the most mentioned actors that co-occur (a seeded spring layout), so
    the network keeps its shape while the filters change its weights."""
    import networkx as nx

    graph = analysis.graph_of(edges, counts)
    ranked = sorted(graph.nodes, key=lambda n: (-float(graph.nodes[n].get("mentions", 0)), str(n)))
    sub = graph.subgraph(ranked[:top]).copy()
    sub.remove_nodes_from(list(nx.isolates(sub)))
    if not sub.number_of_nodes():
        return {"ids": [], "x": [], "y": []}
    k = 1.8 / math.sqrt(sub.number_of_nodes())
    pos = nx.spring_layout(sub, seed=7, weight="weight", k=k, iterations=200)
    ids = sorted(pos, key=str)
    return {
        "ids": ids,
        "x": [round(float(pos[n][0]), 4) for n in ids],
        "y": [round(float(pos[n][1]), 4) for n in ids],
    }


# --------------------------------------------------------------------------- title and summary


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


def _corpus_title(checked: dict[str, pd.DataFrame], gazetteer) -> dict[str, str]:
    """The page's title and lead, in Arabic and English, from the corpus itself: how many
    articles from which outlets over which period, and who and what they cover most."""
    documents = checked["documents"]
    if "duplicate" in documents.columns:
        documents = documents[~documents["duplicate"].astype(bool)]
    n = len(documents)
    sources = sorted(map(str, documents["source"].dropna().unique()))
    stamps = pd.to_datetime(documents["date"], errors="coerce").dropna()
    period = f"{_day(stamps.min())} – {_day(stamps.max())}" if len(stamps) else ""
    if not n:
        return {"ar": "تقرير sahel: لا وثائق مقروءة", "en": "sahel report: no document was read",
                "lead_ar": "", "lead_en": ""}  # fmt: skip
    counts = checked["counts"].sort_values("mentions", ascending=False, kind="stable").head(3)
    entities = gazetteer.entities if gazetteer is not None else {}

    def arabic(eid, label):
        entity = entities.get(eid)
        return entity.aliases[0] if entity is not None and entity.aliases else label

    top_en = ", ".join(map(str, counts["label"]))
    top_ar = "، ".join(arabic(e, lbl) for e, lbl in zip(counts["entity_id"], counts["label"],
                                                         strict=True))  # fmt: skip
    events = checked["events"]
    kinds = events["event_type"].value_counts().head(3)
    in_sources = f"{len(sources)} مصادر" if len(sources) != 1 else f"المصدر {sources[0]}"
    return {
        "ar": f"{n:,} مقالا من {in_sources}" + (f"، {period}" if period else ""),
        "en": f"{n:,} articles from {len(sources)} source{'s' * (len(sources) != 1)}"
        + (f", {period}" if period else ""),
        "lead_ar": (f"المصادر: {'، '.join(sources)}. الأكثر ذكرا: {top_ar}. "
                    f"{len(events):,} حدثا." if top_ar else f"المصادر: {'، '.join(sources)}."),
        "lead_en": (f"Sources: {', '.join(sources)}. Most mentioned: {top_en}. "
                    f"{len(events):,} events"
                    + (f" (most: {', '.join(kinds.index.astype(str))})." if len(kinds) else ".")),
    }  # fmt: skip


# --------------------------------------------------------------------------- entry points


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _json_for_script(value: Any) -> str:
    """JSON that can sit inside <script>: '<' escaped, so no '</script>' can end it early."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


@functools.cache
def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().replace("</script", "<\\/script")


def render_report(
    tables: Mapping[str, pd.DataFrame],
    *,
    title: str | None = None,
    summary: Mapping[str, Any] | None = None,
    gazetteer=None,
    max_rows: int = 2000,
) -> str:
    """The report as one HTML string with no external resources.

    *tables* maps the names of TABLES and ``documents`` (and optionally ``stories``) to the tables
    `sahel analyze` makes (AnalysisResult.tables, or the files it wrote read back); *summary* is
    AnalysisResult.summary(). *title* replaces the title built from the corpus. *gazetteer*
    (the default one when None) gives the actors' Arabic names and the coordinates of places.
    Tables with sentences (events, stories, dates, rejected) carry their first *max_rows* rows;
    the charts count every row.
    """
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a str, not {type(title).__name__}")
    if not isinstance(max_rows, int) or max_rows < 0:
        raise ValueError("max_rows must be an int of at least 0")
    checked = _tables(tables)
    cards = _summary(summary)
    if gazetteer is None:
        from sahel.text.gazetteer import Gazetteer

        gazetteer = Gazetteer.default()
    heading = _corpus_title(checked, gazetteer)
    context = {
        "title": title,
        "heading": heading,
        "summary": cards,
        "types": [(t, PLOVER[t], QUAD_CLASS[PLOVER[t]]) for t in PLOVER],
        "columns": COLUMN_GLOSSARY,
        "resolution_rule": (DAY_SPAN, WEEK_SPAN),
        "data": _json_for_script(_payload(checked, gazetteer, max_rows)),
        "script": (_TEMPLATES / "report.js").read_text(encoding="utf-8"),
        "plotly": _plotly_js(),
    }
    template = _environment().from_string((_TEMPLATES / "report.html.j2").read_text("utf-8"))
    return template.render(**context)


def write_report(path: str | Path, tables: Mapping[str, pd.DataFrame], **options: Any) -> Path:
    """Render the report (see `render_report` for *options*) and write it to *path* as UTF-8."""
    target = Path(path)
    if target.suffix.lower() not in (".html", ".htm"):
        raise ValueError(f"report path {target} should end in .html")
    html = render_report(tables, **options)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open_output(target, "utf-8") as stream:
        stream.write(html)
    return target
