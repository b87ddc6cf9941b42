"""sahel.report.figures on the tables analyze() makes of the built-in sample: the numbers each
figure draws against the tables, the rules it shares with the report, and bad input."""

import pandas as pd
import pytest

from sahel.analysis import tables as analysis
from sahel.pipeline import analyze
from sahel.report import figures
from sahel.text.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    folder = tmp_path_factory.mktemp("figures")
    return analyze(None, folder / "out", progress=False, report=False).tables


def test_top_actors_draws_the_counts(tables):
    counts = tables["counts"]
    figure = figures.top_actors(counts, top=10)
    drawn = {y: x for t in figure.data for y, x in zip(t.y, t.x, strict=True)}
    expected = counts.sort_values("mentions", ascending=False).head(10)
    assert len(drawn) == 10
    assert sorted(drawn.values()) == sorted(expected["mentions"].tolist())
    assert drawn["Niger"] == int(counts.loc[counts["entity_id"] == "NE", "mentions"].iloc[0])
    arabic = figures.top_actors(counts, top=10, names={"NE": "النيجر"})
    assert "النيجر" in {y for t in arabic.data for y in t.y}
    colours = {t.name: t.marker.color for t in figure.data}
    assert colours["country"] == figures.type_colour("country")


def test_mention_timeline_counts_every_dated_mention_of_its_actors(tables):
    mentions = tables["mentions"]
    figure = figures.mention_timeline(mentions, top=3, step="month")
    actor = analysis.actor_of(mentions)
    leaders = actor.value_counts().head(3)
    dated = mentions["date"].notna()
    assert len(figure.data) == 3
    for trace, (eid, _) in zip(figure.data, leaders.items(), strict=True):
        assert sum(trace.y) == int(((actor == eid) & dated).sum())
    months = pd.to_datetime(mentions["date"]).dt.to_period("M")
    assert len(figure.data[0].x) == (months.max() - months.min()).n + 1  # empty months too


def test_event_days_rule():
    events = pd.DataFrame(
        {"doc_id": ["a", "a", "b", "b", "c"], "date": ["2024-03-12", "2024-03", "2024-02",
                                                       "2024", None]}
    )  # fmt: skip
    published = pd.to_datetime(["2024-03-20", "2024-03-05", None])
    documents = pd.DataFrame({"doc_id": ["a", "b", "c"], "date": published})
    days = figures.event_days(events, documents).tolist()
    assert days == ["2024-03-12", "2024-03-20", "2024-02-01", None, None]


def test_event_timeline_leaves_historical_events_out(tables):
    events, documents = tables["events"], tables["documents"]
    figure = figures.event_timeline(events, documents, top=50)
    placed = figures.event_days(events, documents).notna() & ~events["historical"].astype(bool)
    assert sum(sum(t.y) for t in figure.data) == int(placed.sum()) > 0


def test_map_places_and_colours(tables):
    mentions, events = tables["mentions"], tables["events"]
    figure = figures.event_map(mentions, events)
    shapes = [t for t in figure.data if t.fill == "toself"]
    assert len(shapes) == len(figures.geo_outlines())
    circles = {c[0]: (x, y) for t in figure.data if t.customdata is not None
               for c, x, y in zip(t.customdata, t.x, t.y, strict=True)}  # fmt: skip
    gazetteer = Gazetteer.default()
    assert circles["niamey"] == (gazetteer["niamey"].lon, gazetteer["niamey"].lat)
    lat, lon, exact = figures.place_of(gazetteer["NE"])  # no coordinates: the outline's centre
    assert circles["NE"] == (lon, lat) and not exact
    assert figures.place_of(gazetteer["jnim"]) == (None, None, False)
    linked = figures.event_places(events, mentions)
    assert "niamey" in set(linked["place"])
    assert "NE" not in set(linked["place"])  # a country is an actor, not a place of the sentence


def test_empty_tables_give_a_figure_that_says_so(tables):
    empty = tables["events"].iloc[0:0]
    for figure in (figures.cooperation(empty), figures.event_timeline(empty)):
        assert not figure.data
        assert [a.text for a in figure.layout.annotations] == [figures.NO_DATA]


def test_bad_input_is_reported(tables):
    with pytest.raises(TypeError, match="DataFrame"):
        figures.top_actors([1, 2])
    with pytest.raises(ValueError, match="mentions"):
        figures.top_actors(tables["counts"].drop(columns="mentions"))
    with pytest.raises(TypeError, match="names"):
        figures.top_actors(tables["counts"], names=["Niger"])
    with pytest.raises(ValueError, match="step"):
        figures.mention_timeline(tables["mentions"], step="year")
