"""The report's charts as Plotly figures, for notebooks and scripts: the same charts, colours and
rules as report.html, drawn from the tables `sahel analyze` makes.

The report draws each chart in the browser (sahel/templates/report.js), because its filters
redraw them; the look both share lives here (STYLE, type_colour) and reaches the page in its
data, and so do the rules both follow: the timeline's resolution, an event's day, the network's
layout, where the map places an actor and which events colour a place. A figure shows inline in
Jupyter; `figure.write_html(path)` saves it.

Actor names: each function takes `names`, a mapping from entity id to the name to show (for
instance the Arabic aliases of the gazetteer); by default the tables' English labels.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import zlib
from collections.abc import Mapping
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from sahel.analysis import tables as analysis
from sahel.text.actors import PLACE_TYPES

__all__ = [
    "DAY_SPAN",
    "NO_DATA",
    "STYLE",
    "WEEK_SPAN",
    "by_source",
    "cooperation",
    "event_days",
    "event_map",
    "event_places",
    "event_timeline",
    "geo_outlines",
    "mention_timeline",
    "network",
    "network_layout",
    "place_of",
    "resolution",
    "source_shares",
    "top_actors",
    "type_colour",
]

# The look of every chart, the report's too (it reads this from its data).
STYLE: dict[str, Any] = {
    "font": {"family": '"Noto Sans Arabic", "Noto Naskh Arabic", "DejaVu Sans", sans-serif',
             "size": 13},
    "palette": ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
                "#17becf", "#bcbd22", "#7f7f7f"],
    "quad_colours": {"material cooperation": "#166534", "verbal cooperation": "#86efac",
                     "verbal conflict": "#fca5a5", "material conflict": "#991b1b"},
    # cooperation (0) to conflict (1): the map's circles
    "conflict_scale": [[0, "#15803d"], [0.5, "#facc15"], [1, "#b91c1c"]],
    "map_range": {"lon": [-20, 64], "lat": [-36, 43]},
    "map_sea": "#eef6fb",
}  # fmt: skip
NO_DATA = "لا توجد بيانات · No data"
_TYPE_COLOURS = {
    "country": "#1f77b4", "organization": "#2ca02c", "organisation": "#2ca02c",
    "bloc": "#2ca02c", "armed_group": "#d62728", "group": "#d62728", "person": "#ff7f0e",
    "company": "#9467bd", "place": "#17becf", "city": "#17becf", "facility": "#17becf",
    "region": "#bcbd22", "territory": "#aec7e8", "alliance": "#98df8a", "mission": "#c5b0d5",
    "media": "#e377c2", "event": "#8c564b",
}  # fmt: skip

# The timeline's resolution: days up to DAY_SPAN days of corpus, weeks up to WEEK_SPAN, months
# beyond (about 10 to 60 points for a corpus of weeks to a year, one point per month after).
DAY_SPAN = 62
WEEK_SPAN = 366
# Entity types the map places: at their coordinates, or at their country's outline.
_PLACED_TYPES = frozenset({"country", "territory"} | PLACE_TYPES)


def type_colour(kind: object) -> str:
    """The colour of an entity type in every chart."""
    key = str(kind).strip().lower() if kind is not None else ""
    if key in _TYPE_COLOURS:
        return _TYPE_COLOURS[key]
    palette = STYLE["palette"]
    return palette[zlib.crc32(key.encode("utf-8")) % len(palette)]


def _figure(traces: list, **layout: Any) -> go.Figure:
    base = {"font": STYLE["font"], "margin": {"l": 60, "r": 30, "t": 50, "b": 50},
            "hovermode": "closest", "template": "plotly_white"}  # fmt: skip
    return go.Figure(traces, {**base, **layout})


def _empty(title: str) -> go.Figure:
    return _figure(
        [], title={"text": title}, height=200, xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[{"text": NO_DATA, "showarrow": False, "font": {"size": 16}}],
    )  # fmt: skip


def _require(table: Any, columns: list[str], what: str) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, not {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{what} has no column {missing}: pass the table sahel analyze makes")
    return table


def _namer(names: Mapping[str, str] | None, *labelled: tuple[pd.Series, pd.Series]):
    """id -> display name: `names` first, then the tables' labels, then the id itself."""
    if names is not None and not isinstance(names, Mapping):
        raise TypeError(f"names must map entity ids to names, not {type(names).__name__}")
    known: dict[str, str] = {}
    for ids, labels in labelled:
        for eid, label in zip(ids.astype(object), labels.astype(object), strict=True):
            if isinstance(eid, str) and isinstance(label, str) and label:
                known.setdefault(eid, label)
    given = dict(names or {})
    return lambda eid: given.get(eid) or known.get(eid) or str(eid)


# --------------------------------------------------------------------------- time


def resolution(dates: Any) -> str:
    """The timeline's resolution for a corpus of these publication dates: 'day' when it spans at
    most DAY_SPAN days, 'week' up to WEEK_SPAN days, else 'month'."""
    stamps = pd.to_datetime(pd.Series(dates), errors="coerce").dropna()
    if stamps.empty:
        return "month"
    span = (stamps.max() - stamps.min()).days
    return "day" if span <= DAY_SPAN else "week" if span <= WEEK_SPAN else "month"


_FREQ = {"day": "D", "week": "W-SUN", "month": "M"}


def _bins(days: pd.Series, step: str) -> pd.Series:
    """The first day of each date's period (weeks from Monday)."""
    stamps = pd.to_datetime(days, errors="coerce")
    out = stamps.dt.to_period(_FREQ[step]).dt.start_time
    return out.where(stamps.notna())


def _axis(bins: pd.Series, step: str) -> pd.DatetimeIndex:
    """Every period from the first to the last, so that empty ones count zero."""
    present = bins.dropna()
    if present.empty:
        return pd.DatetimeIndex([])
    freq = {"day": "D", "week": "W-MON", "month": "MS"}[step]
    return pd.date_range(present.min(), present.max(), freq=freq)


def _iso(value: Any) -> str | None:
    """An ISO date of any precision ('2024', '2024-03', '2024-03-12'), from text or a date."""
    if isinstance(value, str):
        return value[:10] or None
    if isinstance(value, dt.date) and not pd.isna(value):  # datetime and Timestamp too
        return value.strftime("%Y-%m-%d")
    return None


def event_days(events: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.Series:
    """The day each event sits on in the charts: its own date when it has a day; for a date of
    month precision, its article's day when the article is of that month (`documents`: doc_id
    and date), else the month's first day; none for a year. Aligned with `events`."""
    _require(events, ["doc_id", "date"], "events")
    own = [_iso(d) for d in events["date"]]
    article: pd.Series = pd.Series(None, index=events.index, dtype=object)
    if documents is not None:
        _require(documents, ["doc_id", "date"], "documents")
        published = pd.to_datetime(documents["date"], errors="coerce").dt.strftime("%Y-%m-%d")
        article = events["doc_id"].map(dict(zip(documents["doc_id"], published, strict=True)))

    def day(date: str | None, published: Any) -> str | None:
        if not date or len(date) < 7:
            return None
        if len(date) >= 10:
            return date
        if isinstance(published, str) and published.startswith(date):
            return published
        return date + "-01"

    return pd.Series(
        [day(d, p) for d, p in zip(own, article, strict=True)], index=events.index, dtype=object
    )


# --------------------------------------------------------------------------- actors


def top_actors(
    counts: pd.DataFrame, *, top: int = 20, names: Mapping[str, str] | None = None
) -> go.Figure:
    """The most mentioned actors as horizontal bars coloured by type (the report's first chart).
    `counts`: the counts table (entity_id, label, type, mentions)."""
    _require(counts, ["entity_id", "label", "type", "mentions"], "counts")
    name = _namer(names, (counts["entity_id"], counts["label"]))
    ids = counts["entity_id"].astype(str)
    shown = counts.assign(_id=ids).sort_values(["mentions", "_id"], ascending=[False, True])
    shown = shown.head(top)  # most mentioned first, ties by entity id (as the report)
    if shown.empty:
        return _empty("mentions")
    shown = shown.iloc[::-1]
    order = [name(e) for e in shown["entity_id"]]
    traces = []
    for kind in sorted(set(shown["type"].astype(str))):
        mine = shown[shown["type"].astype(str) == kind]
        traces.append(go.Bar(
            orientation="h", name=kind, y=[name(e) for e in mine["entity_id"]],
            x=mine["mentions"].tolist(), marker={"color": type_colour(kind)},
            text=[f"{int(m):,}" for m in mine["mentions"]], textposition="outside",
            hovertemplate="%{y}: %{x} mentions (" + kind.replace("%", "%%") + ")<extra></extra>",
        ))  # fmt: skip
    return _figure(
        traces, height=160 + 24 * len(shown), margin={"l": 170, "r": 40, "t": 40, "b": 40},
        barmode="overlay", legend={"title": {"text": "type"}}, xaxis={"title": "mentions"},
        yaxis={"automargin": True, "categoryorder": "array", "categoryarray": order},
        title={"text": "most mentioned actors"},
    )  # fmt: skip


def _shares(counts_by_source: pd.DataFrame, top: int):
    _require(counts_by_source, ["source", "entity_id", "label", "mentions"], "counts_by_source")
    totals = counts_by_source.groupby("entity_id", observed=True)["mentions"].sum()
    leaders = totals.sort_values(ascending=False, kind="stable").head(top).index.tolist()
    per_source = counts_by_source.groupby("source", observed=True)["mentions"].sum()
    pairs = counts_by_source.groupby(["entity_id", "source"], observed=True)["mentions"].sum()
    total = {str(key): int(n) for key, n in per_source.items()}
    share: dict[tuple[str, str], float] = {}
    for key, n in pairs.items():
        actor, outlet = str(key[0]), str(key[1])  # type: ignore[index]
        if total[outlet]:
            share[actor, outlet] = int(n) / total[outlet]
    return leaders, sorted(total), share


def by_source(
    counts_by_source: pd.DataFrame, *, top: int = 10, names: Mapping[str, str] | None = None
) -> go.Figure:
    """Each outlet's share of its mentions that goes to each of the `top` actors, as grouped
    bars (the report's "by source" chart). `counts_by_source`: analysis.counts(by="source")."""
    leaders, sources, share = _shares(counts_by_source, top)
    if not leaders:
        return _empty("share of the source's mentions")
    name = _namer(names, (counts_by_source["entity_id"], counts_by_source["label"]))
    palette = STYLE["palette"]
    traces = [
        go.Bar(name=s, x=[name(a) for a in leaders], y=[share.get((a, s), 0.0) for a in leaders],
               marker={"color": palette[i % len(palette)]},
               hovertemplate=s.replace("%", "%%") + " · %{x}: %{y:.1%}<extra></extra>")
        for i, s in enumerate(sources)
    ]  # fmt: skip
    return _figure(
        traces, barmode="group", height=420, title={"text": "share of each source's mentions"},
        yaxis={"title": "share of the source's mentions", "tickformat": ".0%"},
    )  # fmt: skip


def source_shares(
    counts_by_source: pd.DataFrame, *, top: int = 15, names: Mapping[str, str] | None = None
) -> go.Figure:
    """The same shares as a heatmap, actors by sources (the report's sources section)."""
    leaders, sources, share = _shares(counts_by_source, top)
    if not leaders:
        return _empty("share of the source's mentions")
    name = _namer(names, (counts_by_source["entity_id"], counts_by_source["label"]))
    trace = go.Heatmap(
        x=sources, y=[name(a) for a in leaders],
        z=[[share.get((a, s), 0.0) for s in sources] for a in leaders], colorscale="YlOrBr",
        reversescale=True, hovertemplate="%{y} · %{x}: %{z:.1%}<extra></extra>",
        colorbar={"tickformat": ".0%"},
    )  # fmt: skip
    return _figure(
        [trace], height=160 + 26 * len(leaders), margin={"l": 170, "r": 30, "t": 50, "b": 60},
        yaxis={"autorange": "reversed"}, title={"text": "share of each source's mentions"},
    )  # fmt: skip


# --------------------------------------------------------------------------- network


def network_layout(edges: pd.DataFrame, counts: pd.DataFrame, top: int = 40) -> dict[str, list]:
    """Fixed positions (ids, x, y) for the `top` most mentioned actors that co-occur: a seeded
    spring layout, so that the network keeps its shape while the report's filters change its
    weights. `edges`: the cooccurrence table; `counts`: the counts table."""
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


def network(
    cooccurrence: pd.DataFrame,
    counts: pd.DataFrame,
    *,
    top: int = 40,
    edges: int = 80,
    labelled: int = 15,
    names: Mapping[str, str] | None = None,
) -> go.Figure:
    """Who is mentioned with whom: the `top` actors placed by network_layout, sized by mentions
    and coloured by type, the `edges` heaviest pairs as lines as wide as their weight, the
    `labelled` most mentioned named."""
    _require(cooccurrence, ["a", "b", "weight"], "cooccurrence")
    _require(counts, ["entity_id", "label", "type", "mentions"], "counts")
    name = _namer(names, (counts["entity_id"], counts["label"]))
    layout = network_layout(cooccurrence, counts, top)
    at = {eid: (x, y) for eid, x, y in zip(layout["ids"], layout["x"], layout["y"], strict=True)}
    shown = cooccurrence[cooccurrence["a"].isin(at) & cooccurrence["b"].isin(at)]
    shown = shown.sort_values("weight", ascending=False, kind="stable").head(edges)
    if shown.empty:
        return _empty("who is mentioned with whom")
    heaviest = float(shown["weight"].max())
    traces: list = [
        go.Scatter(mode="lines", hoverinfo="skip", showlegend=False,
                   x=[at[a][0], at[b][0]], y=[at[a][1], at[b][1]],
                   line={"width": 0.6 + 7 * float(w) / heaviest, "color": "rgba(80,80,80,0.35)"})
        for a, b, w in shown[["a", "b", "weight"]].itertuples(index=False)
    ]  # fmt: skip
    unique = counts.drop_duplicates("entity_id")
    mentions = {e: int(m) for e, m in zip(unique["entity_id"], unique["mentions"], strict=True)}
    kind = dict(zip(unique["entity_id"], unique["type"], strict=True))
    drawn = sorted({*shown["a"], *shown["b"]}, key=lambda e: -mentions[e])
    largest = max(mentions[e] for e in drawn) or 1
    named = set(drawn[:labelled])
    traces.append(go.Scatter(
        mode="markers+text", showlegend=False, x=[at[e][0] for e in drawn],
        y=[at[e][1] for e in drawn], text=[name(e) if e in named else "" for e in drawn],
        textposition="top center", hoverinfo="text",
        hovertext=[f"{name(e)} ({kind[e]}): {mentions[e]:,} mentions" for e in drawn],
        marker={"size": [10 + 40 * math.sqrt(mentions[e] / largest) for e in drawn],
                "color": [type_colour(kind[e]) for e in drawn], "opacity": 0.8,
                "line": {"color": "white", "width": 1}},
        customdata=drawn,
    ))  # fmt: skip
    return _figure(
        traces, height=640, xaxis={"visible": False}, yaxis={"visible": False},
        title={"text": "who is mentioned with whom (same sentence)"},
    )  # fmt: skip


# --------------------------------------------------------------------------- timelines


def mention_timeline(
    mentions: pd.DataFrame,
    *,
    top: int = 8,
    step: str | None = None,
    names: Mapping[str, str] | None = None,
) -> go.Figure:
    """Mentions of the `top` actors per day, week or month (`step`; by default the resolution
    the corpus's dates need), by their article's date; empty periods count zero."""
    _require(mentions, ["entity_id", "label", "date"], "mentions")
    name = _namer(names, (mentions["entity_id"], mentions["label"]))
    step = step or resolution(mentions["date"])
    if step not in _FREQ:
        raise ValueError(f"step must be one of {list(_FREQ)}, not {step!r}")
    actor = analysis.actor_of(mentions) if len(mentions) else pd.Series([], dtype=object)
    frame = pd.DataFrame({"actor": actor.astype(object), "bin": _bins(mentions["date"], step)})
    leaders = frame["actor"].value_counts().head(top).index.tolist()
    axis = _axis(frame["bin"], step)
    if not len(axis) or not leaders:
        return _empty(f"mentions per {step}")
    counts = frame.dropna().groupby(["actor", "bin"]).size()
    palette = STYLE["palette"]
    traces = [
        go.Scatter(mode="lines+markers", name=name(a), x=axis,
                   y=[int(counts.get((a, b), 0)) for b in axis],
                   line={"color": palette[i % len(palette)]})
        for i, a in enumerate(leaders)
    ]  # fmt: skip
    return _figure(
        traces, height=400, title={"text": f"mentions per {step}"},
        yaxis={"rangemode": "tozero"}, xaxis={"type": "date"},
    )  # fmt: skip


def _current(events: pd.DataFrame, documents: pd.DataFrame | None, step: str) -> pd.DataFrame:
    """The events that are not historical, with the period (`bin`) of their day."""
    current = events[~events["historical"].fillna(False).astype(bool)]
    return current.assign(bin=_bins(event_days(current, documents), step))


def event_timeline(
    events: pd.DataFrame,
    documents: pd.DataFrame | None = None,
    *,
    top: int = 8,
    step: str | None = None,
) -> go.Figure:
    """Events per period, stacked by type (the `top` commonest), each at its day (event_days);
    historical events are left out. `documents` (doc_id, date) gives the articles' days and,
    when `step` is None, the resolution."""
    _require(events, ["doc_id", "event_type", "date", "historical"], "events")
    step = step or resolution(documents["date"] if documents is not None else events["date"])
    current = _current(events, documents, step).dropna(subset=["bin"])
    axis = _axis(current["bin"], step)
    if not len(axis):
        return _empty(f"events per {step} by type")
    kinds = current["event_type"].value_counts().head(top).index.tolist()
    counts = current.groupby(["event_type", "bin"]).size()
    palette = STYLE["palette"]
    traces = [
        go.Bar(name=str(t), x=axis, y=[int(counts.get((t, b), 0)) for b in axis],
               marker={"color": palette[i % len(palette)]})
        for i, t in enumerate(kinds)
    ]  # fmt: skip
    return _figure(
        traces, height=380, barmode="stack", title={"text": f"events per {step} by type"},
        xaxis={"type": "date"},
    )  # fmt: skip


def cooperation(
    events: pd.DataFrame,
    documents: pd.DataFrame | None = None,
    *,
    pairs: int = 6,
    step: str | None = None,
    names: Mapping[str, str] | None = None,
) -> go.Figure:
    """Cooperation and conflict over time for the `pairs` directed pairs (actor 1 → actor 2)
    with most events: one panel each, cooperation above zero and conflict below (PLOVER's quad
    classes), per period; historical events left out."""
    _require(events, ["doc_id", "event_type", "quad_class", "actor1", "actor2", "date",
                      "historical", "actor1_label", "actor2_label"], "events")  # fmt: skip
    sides = [(events[f"actor{i}"], events[f"actor{i}_label"]) for i in (1, 2)]
    name = _namer(names, *sides)
    step = step or resolution(documents["date"] if documents is not None else events["date"])
    current = _current(events, documents, step).dropna(subset=["bin", "actor1", "actor2"])
    current = current[current["actor1"] != current["actor2"]]
    # most events first, ties by the ids of actor 1 then actor 2 (as the report)
    ranked = current.groupby(["actor1", "actor2"]).size().sort_index()
    ranked = ranked.sort_values(ascending=False, kind="stable")
    chosen = ranked.head(pairs).index.tolist()
    if not chosen:
        return _empty("cooperation and conflict")
    titles = [f"{name(a)} → {name(b)} ({int(ranked[a, b])})" for a, b in chosen]
    figure = make_subplots(rows=len(chosen), cols=1, subplot_titles=titles, vertical_spacing=0.08)
    axis = _axis(current[current.set_index(["actor1", "actor2"]).index.isin(chosen)]["bin"], step)
    for row, (a, b) in enumerate(chosen, start=1):
        mine = current[(current["actor1"] == a) & (current["actor2"] == b)]
        counts = mine.groupby(["quad_class", "bin"]).size()
        for quad, colour in STYLE["quad_colours"].items():
            sign = -1 if quad.endswith("conflict") else 1
            n = [int(counts.get((quad, t), 0)) for t in axis]
            figure.add_trace(go.Bar(
                name=quad, legendgroup=quad, showlegend=row == 1, x=axis,
                y=[sign * v for v in n], customdata=n, marker={"color": colour},
                hovertemplate=f"{name(a)} → {name(b)} · {quad}: %{{customdata}} (%{{x}})"
                              "<extra></extra>",
            ), row=row, col=1)  # fmt: skip
    figure.update_layout(
        font=STYLE["font"], barmode="relative", height=190 * len(chosen) + 80,
        template="plotly_white", legend={"orientation": "h", "y": -0.08},
        title={"text": f"cooperation (above) and conflict (below) per {step}"},
    )  # fmt: skip
    figure.update_yaxes(zeroline=True, zerolinewidth=2)
    return figure


# --------------------------------------------------------------------------- map


@functools.cache
def geo_outlines() -> tuple[tuple[str | None, str, float, float, list], ...]:
    """(ISO alpha-2, name, centre lat, centre lon, rings) of the map's countries (Natural Earth
    1:110m, sahel/data/geo)."""
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


def place_of(entity: Any) -> tuple[float | None, float | None, bool]:
    """Where the map puts an entity of the gazetteer: (lat, lon, exact). A place or country with
    coordinates sits there (exact); one without, at its country's centre; any other entity (a
    person, an organization) nowhere (None, None, False)."""
    if entity is None or entity.type not in _PLACED_TYPES:
        return None, None, False
    if entity.lat is not None and entity.lon is not None:
        return entity.lat, entity.lon, True
    code = entity.id if entity.type in ("country", "territory") else entity.country
    centre = _centres().get(code)
    if centre is not None:
        return centre[0], centre[1], False
    return None, None, False


@functools.cache
def _centres() -> dict[str | None, tuple[float, float]]:
    return {code: (lat, lon) for code, _, lat, lon, _ in geo_outlines()}


def event_places(events: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """(event, place): the places named as themselves (a city, region, place or facility that
    is its own actor, not a capital standing for its state) in the sentence of each event, by
    the event's position in `events`. A place is never an actor of an event, so the map colours
    it by the events reported in the sentences that name it."""
    _require(events, ["doc_id", "sentence"], "events")
    _require(mentions, ["doc_id", "sentence", "entity_id", "type"], "mentions")
    if not len(events) or not len(mentions):
        return pd.DataFrame({"event": pd.Series([], dtype=np.int64), "place": []})
    actor = analysis.actor_of(mentions).astype(object)
    own = (actor == mentions["entity_id"].astype(object)) & mentions["type"].isin(PLACE_TYPES)
    places = pd.DataFrame(
        {"doc_id": mentions["doc_id"].astype(object)[own],
         "sentence": mentions["sentence"][own], "place": actor[own]}
    ).drop_duplicates()  # fmt: skip
    keyed = pd.DataFrame(
        {"doc_id": events["doc_id"].astype(object).to_numpy(),
         "sentence": events["sentence"].to_numpy(), "event": np.arange(len(events))}
    )  # fmt: skip
    linked = keyed.merge(places, on=["doc_id", "sentence"])
    return linked[["event", "place"]].sort_values(["event", "place"], ignore_index=True)


def event_map(
    mentions: pd.DataFrame,
    events: pd.DataFrame,
    *,
    gazetteer=None,
    names: Mapping[str, str] | None = None,
) -> go.Figure:
    """Mentions and events on a map of Africa and the Middle East, drawn offline from the
    shipped outlines (no tiles): countries shaded by their mentions; circles for countries and
    places (place_of) sized by mentions and coloured by the conflict share of their events
    (grey: none); a place's events are those of event_places."""
    _require(mentions, ["doc_id", "sentence", "entity_id", "label", "type"], "mentions")
    _require(events, ["doc_id", "sentence", "actor1", "actor2", "quad_class"], "events")
    if gazetteer is None:
        from sahel.text.gazetteer import Gazetteer

        gazetteer = Gazetteer.default()
    name = _namer(names, (mentions["entity_id"], mentions["label"]))
    actor = analysis.actor_of(mentions) if len(mentions) else pd.Series([], dtype=object)
    counted = actor.astype(object).value_counts()
    conflict = events["quad_class"].astype(str).str.endswith("conflict").to_numpy()
    involved = [
        (k, a)
        for side in ("actor1", "actor2")
        for k, a in enumerate(events[side].astype(object))
        if isinstance(a, str)
    ]
    involved += list(event_places(events, mentions).itertuples(index=False, name=None))
    tally = pd.DataFrame(involved, columns=["event", "actor"]).drop_duplicates()
    tally["conflict"] = conflict[tally["event"].to_numpy()] if len(tally) else []
    grouped = tally.groupby("actor")["conflict"]
    share = {a: float(v) for a, v in grouped.mean().items()}
    n_events = {a: int(v) for a, v in grouped.size().items()}
    most = max(1, *(int(counted.get(code, 0)) for code, *_ in geo_outlines()))
    traces: list = []
    for code, country, _, _, rings in geo_outlines():
        m = int(counted.get(code, 0))
        shade = 0.12 + 0.6 * math.log1p(m) / math.log1p(most) if m else 0
        xs: list[float | None] = []
        ys: list[float | None] = []
        for ring in rings:
            if xs:
                xs.append(None)
                ys.append(None)
            xs.extend(p[0] for p in ring)
            ys.extend(p[1] for p in ring)
        label = name(code) if m else country
        traces.append(go.Scatter(
            mode="lines", fill="toself", x=xs, y=ys, hoveron="fills", showlegend=False,
            name=label, text=f"{label}: {m:,} mentions", hoverinfo="text",
            line={"color": "#94a3b8", "width": 0.7}, fillcolor=f"rgba(30, 64, 175, {shade:.3f})",
        ))  # fmt: skip
    placed = []
    for eid, m in counted.items():
        lat, lon, exact = place_of(gazetteer.entities.get(eid))
        if lat is not None:
            placed.append((eid, int(m), lat, lon, exact))
    largest = max([m for _, m, *_ in placed] or [1])
    for with_events in (False, True):
        group = [p for p in placed if (p[0] in share) == with_events]
        if not group:
            continue
        marker: dict[str, Any] = {
            "size": [6 + 34 * math.sqrt(m / largest) for _, m, *_ in group], "opacity": 0.8,
            "line": {"color": "white", "width": 1}, "color": "#9ca3af",
        }  # fmt: skip
        if with_events:
            marker.update(
                color=[share[e] for e, *_ in group], cmin=0, cmax=1,
                colorscale=STYLE["conflict_scale"], showscale=True,
                colorbar={"title": {"text": "conflict<br>share", "side": "top"},
                          "tickformat": ".0%", "len": 0.5},
            )  # fmt: skip
        traces.append(go.Scatter(
            mode="markers", showlegend=False, name="with events" if with_events else
            "without events", x=[p[3] for p in group], y=[p[2] for p in group],
            customdata=[[e, m] for e, m, *_ in group], hoverinfo="text", marker=marker,
            hovertext=[f"{name(e)}{'' if exact else ' (at its country’s centre)'}: {m:,} mentions"
                       + (f"; {n_events[e]} events, {share[e]:.0%} conflict"
                          if with_events else "")
                       for e, m, _, _, exact in group],
        ))  # fmt: skip
    return _figure(
        traces, height=640, margin={"l": 10, "r": 10, "t": 40, "b": 10},
        plot_bgcolor=STYLE["map_sea"], title={"text": "mentions and events on the map"},
        xaxis={"range": STYLE["map_range"]["lon"], "visible": False},
        yaxis={"range": STYLE["map_range"]["lat"], "visible": False, "scaleanchor": "x"},
    )  # fmt: skip
