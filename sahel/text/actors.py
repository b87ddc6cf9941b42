"""Which actor a mention counts for: the one home of the rules (and the type sets behind them)
that the analysis tables and the event extractor apply to a mentions table."""

from __future__ import annotations

import pandas as pd

# Gazetteer types that act as themselves in an event.
ACTOR_TYPES = frozenset({"country", "person", "organization", "armed_group", "alliance", "mission"})
# Places: in an event they stand for their country as where something happened, never as who
# did it ("زار وفد روسي نيامي").
PLACE_TYPES = frozenset({"city", "region", "place", "facility"})
# Mentions that count for their country at level="country": places, and people (تياني for
# Niger).
LOCAL_TYPES = PLACE_TYPES | {"person"}
# Roll-up levels of the analysis tables (sahel.analysis.tables.actor_of).
ROLLUPS = ("actor", "country", None)
# Every level: the roll-ups, and "event", who can be an actor of an event.
LEVELS = (*ROLLUPS, "event")
# The columns mention_actors returns.
COLUMNS = ["actor", "actor_type", "place"]


def _column(mentions: pd.DataFrame, name: str, required: bool) -> pd.Series:
    """A column as plain objects (categorical, Arrow and object columns alike), with None for
    a missing or empty value; all None when an optional column is absent."""
    if name not in mentions.columns:
        if required:
            raise ValueError(
                f"the mentions table has no {name!r} column: build it with "
                "sahel.corpus.mentions.corpus_mentions(corpus) or Matcher.table(texts)"
            )
        return pd.Series(None, index=mentions.index, dtype=object)
    column = mentions[name].astype(object)
    return column.where(column.notna() & (column != ""), None)


def mention_actors(mentions: pd.DataFrame, level: str | None = "actor") -> pd.DataFrame:
    """The actor each mention counts for, aligned with `mentions` (same index).

    Columns (COLUMNS): actor (an entity id; None when the mention has no actor), actor_type
    (the actor's type) and place (whether the mention is a place that has a country).
    `mentions` needs entity_id, and type at levels "country" and "event"; type, refers_to and
    country are read when present (a missing or empty value, or an absent column, names no
    entity or type). The rules:

    - refers_to: a mention of an entity that stands for another (الكرملين for Russia, a capital
      for its government) counts for the entity it refers to, of type "country" (what the
      gazetteer's refers_to names), at every level but None; such a mention is no place. A
      capital the matcher reads as the city (kind "name", "في باريس") is a place instead.
    - place: a mention of PLACE_TYPES whose entity has a country (نيامي, in Niger).
    - level=None: every mention counts for its own entity.
    - level="actor": after refers_to, every mention counts for its own entity (a city named as
      itself stays that city).
    - level="country": as "actor", and a mention of LOCAL_TYPES (places and people) with a
      country counts for that country, of type "country".
    - level="event": after refers_to, a mention of ACTOR_TYPES counts for its own entity; a
      place counts for its country, of type "country" (as where something happened only: the
      event extractor reads the place column); any other mention (a territory, an outlet, a
      place with no country) has no actor.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    _column(mentions, "entity_id", required=True)
    actor = mentions["entity_id"].astype(object)
    mtype = _column(mentions, "type", required=level in ("country", "event"))
    refers = _column(mentions, "refers_to", required=False)
    country = _column(mentions, "country", required=False)
    # A capital read as the city itself (kind "name": "في باريس") is a place, not its state.
    kind = _column(mentions, "kind", required=False)
    indirect = refers.notna() & ~((kind == "name") & mtype.isin(PLACE_TYPES))
    place = ~indirect & mtype.isin(PLACE_TYPES) & country.notna()
    actor_type = mtype
    if level is not None:
        actor = actor.where(~indirect, refers)
        actor_type = actor_type.where(~indirect, "country")
    if level == "country":
        local = ~indirect & mtype.isin(LOCAL_TYPES) & country.notna()
        actor = actor.where(~local, country)
        actor_type = actor_type.where(~local, "country")
    elif level == "event":
        acting = indirect | mtype.isin(ACTOR_TYPES)
        # Disjoint: a place has no refers_to and is not of ACTOR_TYPES.
        actor = actor.where(acting, None).mask(place, country)
        actor_type = actor_type.where(acting, None).mask(place, "country")
    return pd.DataFrame(
        {"actor": actor, "actor_type": actor_type, "place": place.astype(bool)},
        index=mentions.index,
    )
