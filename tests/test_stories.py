"""Stories across outlets: which events are one story (sahel.extract.events.stories) and the
stories table (sahel.analysis.stories), on event rows written for the test, on the seed
articles (../shared) and through `sahel analyze` on the built-in sample."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sahel
from sahel.analysis.stories import COLUMNS, SOURCES_SEPARATOR, stories
from sahel.extract.events import COLUMNS as EVENT_COLUMNS
from sahel.extract.events import assign_stories, events_table, story_ids
from sahel.extract.events.lexicon import PLOVER, QUAD_CLASS
from sahel.pipeline import analyze, sample_path
from tests.conftest import shared_path

LABELS = {"RU": "Russia", "NE": "Niger", "FR": "France", "ML": "Mali", "SY": "Syria",
          "US": "United States", "putin": "Vladimir Putin",
          "tiani": "Abdourahamane Tiani"}  # fmt: skip


def event(doc, source, kind, a1, a2, date, precision="day", historical=False, sentence=0):
    """One row of an events table, with only what stories read filled in."""
    row = dict.fromkeys(EVENT_COLUMNS[:-1])
    row.update(
        doc_id=doc, source=source, sentence=sentence, cue_start=10 * sentence, event_type=kind,
        plover=PLOVER[kind], quad_class=QUAD_CLASS[PLOVER[kind]], actor1=a1, actor2=a2,
        actor1_label=LABELS.get(a1), actor2_label=LABELS.get(a2), date=date,
        date_precision=precision if date else None, historical=historical,
    )  # fmt: skip
    return row


# The Russian deployment told by three outlets over two days (wire_a twice); Mali condemning
# France and France condemning Mali the same day (two stories); attacks on Syria on days 0, 2,
# 4 and 6 by an actor no outlet names (two stories: a story spans three days after its first
# report, it does not chain on); a meeting written in both orders (one story).
ROWS = [
    event("w2", "wire_a", "deploy_forces", "RU", "NE", "2024-04-12", sentence=3),
    event("w1", "wire_a", "deploy_forces", "RU", "NE", "2024-04-13"),
    event("d1", "daily_b", "deploy_forces", "RU", "NE", "2024-04-12"),
    event("p1", "portal_c", "deploy_forces", "RU", "NE", "2024-04-13"),
    event("w2", "wire_a", "deploy_forces", "RU", "NE", "2024-04-12", sentence=1),
    event("d2", "daily_b", "condemn", "ML", "FR", "2024-05-02"),
    event("p2", "portal_c", "condemn", "FR", "ML", "2024-05-02"),
    event("a0", "wire_a", "attack", None, "SY", "2018-04-01"),
    event("a2", "daily_b", "attack", None, "SY", "2018-04-03"),
    event("a4", "portal_c", "attack", None, "SY", "2018-04-05"),
    event("a6", "wire_a", "attack", None, "SY", "2018-04-07"),
    event("a2", "daily_b", "attack", "RU", "SY", "2018-04-03", sentence=2),
    event("m1", "portal_c", "meet", "tiani", "putin", "2024-03-26"),
    event("m2", "daily_b", "meet", "putin", "tiani", "2024-03-27"),
]


@pytest.fixture
def events() -> pd.DataFrame:
    return assign_stories(pd.DataFrame(ROWS))


def story_of(events, doc, kind, sentence=0):
    rows = events[
        (events["doc_id"] == doc) & (events["event_type"] == kind)
        & (events["sentence"] == sentence)
    ]  # fmt: skip
    assert len(rows) == 1
    return rows["story_id"].iloc[0]


def test_three_outlets_over_two_days_are_one_story(events):
    deployment = story_of(events, "w1", "deploy_forces")
    same = events[events["story_id"] == deployment]
    assert sorted(same["doc_id"]) == ["d1", "p1", "w1", "w2", "w2"]
    row = stories(events).set_index("story_id").loc[deployment]
    assert (row["n_sources"], row["n_reports"]) == (3, 5)
    # The earliest day holds d1 and w2: the first report is the lower doc_id.
    assert (row["first_report"], row["first_source"]) == ("d1", "daily_b")
    assert (row["first_date"], row["last_date"]) == ("2024-04-12", "2024-04-13")
    assert row["sources"].split(SOURCES_SEPARATOR) == ["daily_b", "portal_c", "wire_a"]
    assert (row["actor1"], row["actor2"], row["actor1_label"]) == ("RU", "NE", "Russia")
    assert (row["plover"], row["quad_class"]) == ("MOBILIZE", "material conflict")


def test_swapped_actors_are_another_story_unless_the_type_is_undirected(events):
    assert story_of(events, "d2", "condemn") != story_of(events, "p2", "condemn")
    assert story_of(events, "m1", "meet") == story_of(events, "m2", "meet")
    row = stories(events).set_index("story_id").loc[story_of(events, "m1", "meet")]
    # Actors as the first report writes them.
    assert (row["actor1"], row["actor2"], row["n_sources"]) == ("tiani", "putin", 2)


def test_a_story_spans_the_window_after_its_first_report(events):
    unnamed = [story_of(events, doc, "attack") for doc in ("a0", "a2", "a4", "a6")]
    # Day 2 is within three days of day 0, day 4 is not and opens a story that day 6 joins.
    assert unnamed[0] == unnamed[1] != unnamed[2] == unnamed[3]
    # A named attacker is another story than an unnamed one, on the same day and document.
    assert story_of(events, "a2", "attack", sentence=2) not in unnamed
    wider = assign_stories(pd.DataFrame(ROWS), window=4)
    assert story_of(wider, "a0", "attack") == story_of(wider, "a4", "attack")
    narrow = assign_stories(pd.DataFrame(ROWS), window=0)
    assert story_of(narrow, "d1", "deploy_forces") != story_of(narrow, "w1", "deploy_forces")


def test_weeks_months_years_and_undated_events(events):
    rows = [
        event("h1", "wire_a", "coup", "NE", None, "2023", "year", historical=True),
        event("h2", "daily_b", "coup", "NE", None, "2023", "year", historical=True),
        event("h3", "daily_b", "coup", "NE", None, "2023-07-26"),
        event("h4", "wire_a", "coup", "NE", None, "2023-07", "month"),
        event("u1", "wire_a", "coup", "NE", None, None, sentence=1),
        event("u1", "wire_a", "coup", "NE", None, None, sentence=4),
        event("u2", "daily_b", "coup", "NE", None, None),
    ]
    frame = assign_stories(pd.DataFrame(rows))
    ids = frame["story_id"].tolist()
    # One story per year (apart from the days of that year), per month, and per undated
    # document.
    assert ids[0] == ids[1]
    assert len(set(ids[1:5])) == 4
    assert ids[4] == ids[5] != ids[6]
    table = stories(frame).set_index("story_id")
    assert table.loc[ids[0], "first_date"] == table.loc[ids[0], "last_date"] == "2023"
    assert table.loc[ids[0], "historical"]
    assert table.loc[ids[4], "first_date"] is None and table.loc[ids[4], "n_reports"] == 2


def test_a_story_is_historical_when_every_report_is():
    rows = [
        event("o1", "wire_a", "sign_agreement", "ML", "RU", "2012-03-01", historical=True),
        event("o2", "daily_b", "sign_agreement", "RU", "ML", "2012-03-02", historical=True),
        event("n1", "wire_a", "visit", "RU", "ML", "2012-03-01", historical=True),
        event("n2", "daily_b", "visit", "RU", "ML", "2012-03-02", historical=False),
    ]
    table = stories(assign_stories(pd.DataFrame(rows))).set_index("event_type")
    assert table.loc["sign_agreement", "historical"]
    assert not table.loc["visit", "historical"]


def test_the_stories_table(events):
    table = stories(events)
    assert list(table.columns) == COLUMNS
    assert table["story_id"].is_unique
    assert set(table["story_id"]) == set(events["story_id"])
    assert table["n_reports"].sum() == len(events)
    counts = events.groupby("story_id").size()
    assert table.set_index("story_id")["n_reports"].to_dict() == counts.to_dict()
    assert (table["n_sources"] <= table["n_reports"]).all()
    assert (table["n_sources"] == table["sources"].str.split(SOURCES_SEPARATOR).str.len()).all()
    key = list(zip(-table["n_sources"], -table["n_reports"], table["first_date"], strict=True))
    assert key == sorted(key)
    assert table.dtypes["n_sources"] == np.int64 and table.dtypes["historical"] == np.bool_


def test_stories_do_not_depend_on_row_order(events):
    expected = stories(events)
    for seed in range(5):
        shuffled = pd.DataFrame(ROWS).sample(frac=1, random_state=seed).reset_index(drop=True)
        shuffled = assign_stories(shuffled)
        mine = dict(zip(map(tuple, shuffled[["doc_id", "sentence", "event_type"]].values),
                        shuffled["story_id"], strict=True))  # fmt: skip
        theirs = dict(zip(map(tuple, events[["doc_id", "sentence", "event_type"]].values),
                          events["story_id"], strict=True))  # fmt: skip
        assert mine == theirs
        pd.testing.assert_frame_equal(stories(shuffled), expected)


def test_ids_of_parts_are_remade_on_the_gathered_table(events):
    frame = pd.DataFrame(ROWS)
    halves = [assign_stories(frame.iloc[::2]), assign_stories(frame.iloc[1::2])]
    gathered = pd.concat(halves).sort_index()
    # The deployment's reports fall in both halves: each half made its own stories.
    assert (gathered["story_id"] != events["story_id"]).any()
    with pytest.raises(ValueError, match="assign_stories"):
        stories(gathered)
    pd.testing.assert_frame_equal(stories(assign_stories(gathered)), stories(events))


def test_bad_input_is_a_clear_error(events):
    with pytest.raises(ValueError, match="date_precision"):
        story_ids(events.drop(columns=["date_precision"]))
    with pytest.raises(ValueError, match="window"):
        story_ids(events, window=-1)
    with pytest.raises(TypeError, match="DataFrame"):
        stories(ROWS)  # type: ignore[arg-type]


def test_no_events_no_stories(events):
    table = stories(events.iloc[:0])
    assert list(table.columns) == COLUMNS and table.empty
    assert story_ids(events.iloc[:0]).empty


def test_outlets_from_the_documents_when_events_have_none(events):
    documents = events[["doc_id", "source"]].drop_duplicates()
    table = stories(events.drop(columns=["source"]), documents=documents)
    pd.testing.assert_frame_equal(table, stories(events))


# ---- real events ---------------------------------------------------------------------------

# The reference date each seed's content implies (tests/test_seed_events.py).
SEED_DATES = {"000": "2024-10-15", "001": "2024-04-12", "002": "2024-04-15",
              "003": "2024-04-01", "004": "2024-03-27"}  # fmt: skip


@pytest.fixture(scope="module")
def seed_events() -> pd.DataFrame:
    """The events of the five seed articles, each given as an outlet of its own."""
    paths = sorted(shared_path("corpus", "seeds").glob("*.txt"))
    documents = pd.DataFrame(
        {
            "doc_id": [p.name[:3] for p in paths],
            "source": [f"seed_{p.name[:3]}" for p in paths],
            "date": pd.to_datetime([SEED_DATES[p.name[:3]] for p in paths]),
            "text": [p.read_text(encoding="utf-8") for p in paths],
        }
    )
    matcher = sahel.Matcher(sahel.Gazetteer.default())
    mentions = matcher.table(documents["text"].tolist(), doc_ids=documents["doc_id"].tolist())
    return events_table(documents, mentions)


def test_seeds_niger_ending_its_agreement_with_the_us_is_one_story(seed_events):
    assert list(seed_events.columns) == EVENT_COLUMNS
    table = stories(seed_events)
    ended = table[
        (table["event_type"] == "end_agreement")
        & (table["actor1"] == "NE") & (table["actor2"] == "US")
    ]  # fmt: skip
    # The March 2024 decision, told by the seed articles of March and April 2024.
    march = ended[ended["first_date"] == "2024-03"]
    assert len(march) == 1
    assert march["n_sources"].iloc[0] >= 2
    reports = seed_events[seed_events["story_id"] == march["story_id"].iloc[0]]
    assert set(reports["date"]) == {"2024-03"}
    assert march["first_report"].iloc[0] == min(reports["doc_id"])


def test_seeds_stories_cover_every_event(seed_events):
    table = stories(seed_events)
    assert seed_events["story_id"].notna().all()
    assert table["n_reports"].sum() == len(seed_events)
    assert len(table) < len(seed_events)
    shuffled = seed_events.sample(frac=1, random_state=7).drop(columns=["story_id"])
    again = assign_stories(shuffled)["story_id"].sort_index()
    assert (again == seed_events["story_id"].sort_index()).all()


def test_analyze_writes_the_stories(tmp_path: Path):
    result = analyze(sample_path(), tmp_path, formats=("csv", "parquet", "jsonl"), report=False)
    assert list(result.stories.columns) == COLUMNS
    assert list(result.events.columns) == EVENT_COLUMNS
    assert set(result.stories["story_id"]) == set(result.events["story_id"])
    written = {
        "parquet": pd.read_parquet(tmp_path / "stories.parquet"),
        "csv": pd.read_csv(tmp_path / "stories.csv", dtype={"first_date": str}),
        "jsonl": pd.read_json(tmp_path / "stories.jsonl", lines=True, dtype={"first_date": str}),
    }
    for fmt, table in written.items():
        assert list(table.columns) == COLUMNS, fmt
        assert table["story_id"].astype(str).tolist() == result.stories["story_id"].tolist()
        assert table["sources"].tolist() == result.stories["sources"].tolist(), fmt
