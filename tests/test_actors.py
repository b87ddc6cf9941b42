"""Which actor a mention counts for: sahel.text.actors.mention_actors against a row-by-row
reference of its rules, at every level, on categorical and plain columns."""

import pandas as pd
import pytest

from sahel.text.actors import ACTOR_TYPES, COLUMNS, LEVELS, LOCAL_TYPES, PLACE_TYPES, mention_actors

# entity_id, type, refers_to, country
ROWS = [
    ("NE", "country", None, None),
    ("moscow", "city", "RU", "RU"),  # a capital standing for its government
    ("kremlin", "facility", "RU", None),
    ("niamey", "city", None, "NE"),
    ("tiani", "person", None, "NE"),
    ("putin", "person", None, None),
    ("sahel", "region", None, None),  # a place with no country
    ("ecowas", "organization", None, None),
    ("wagner", "armed_group", None, "RU"),
    ("aljazeera", "media", None, "QA"),
    ("azawad", "territory", None, None),
    ("airport", "facility", "", "NE"),  # empty refers_to: none
    ("x", "city", None, ""),  # empty country: none
]


def reference(entity, mtype, refers, country, level):
    """(actor, actor_type, place) of one mention, rule by rule."""
    refers = refers or None
    country = country or None
    place = refers is None and mtype in PLACE_TYPES and country is not None
    if level is None:
        return entity, mtype, place
    if refers is not None:
        return refers, "country", place
    if level == "actor":
        return entity, mtype, place
    if level == "country":
        if mtype in LOCAL_TYPES and country is not None:
            return country, "country", place
        return entity, mtype, place
    if mtype in ACTOR_TYPES:
        return entity, mtype, place
    if place:
        return country, "country", place
    return None, None, place


def frame(categorical: bool) -> pd.DataFrame:
    table = pd.DataFrame(ROWS, columns=["entity_id", "type", "refers_to", "country"])
    table.index = [f"m{k}" for k in range(len(table))]
    return table.astype("category") if categorical else table


@pytest.mark.parametrize("categorical", [False, True])
@pytest.mark.parametrize("level", LEVELS)
def test_every_level_follows_its_rules(level, categorical):
    mentions = frame(categorical)
    got = mention_actors(mentions, level)
    assert list(got.columns) == COLUMNS
    assert got.index.equals(mentions.index)
    expected = [reference(*row, level) for row in ROWS]
    assert list(got.itertuples(index=False, name=None)) == expected


def test_events_see_places_as_their_country():
    got = mention_actors(frame(False), "event").set_index(frame(False)["entity_id"])
    assert got.loc["niamey"].tolist() == ["NE", "country", True]
    assert got.loc["tiani"].tolist() == ["tiani", "person", False]
    assert got.loc["moscow"].tolist() == ["RU", "country", False]
    assert got.loc["azawad"].tolist() == [None, None, False]


def test_optional_and_required_columns():
    ids = pd.DataFrame({"entity_id": ["NE", "moscow"], "refers_to": [None, "RU"]})
    assert mention_actors(ids)["actor"].tolist() == ["NE", "RU"]
    assert mention_actors(ids[["entity_id"]], None)["actor"].tolist() == ["NE", "moscow"]
    for level in ("country", "event"):
        with pytest.raises(ValueError, match="'type'"):
            mention_actors(ids, level)
    with pytest.raises(ValueError, match="'entity_id'"):
        mention_actors(ids[["refers_to"]])
    with pytest.raises(ValueError, match="level"):
        mention_actors(ids, "continent")
