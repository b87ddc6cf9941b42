"""Counts, roll-up, co-occurrence and source comparison: exact figures on a small hand-built
mentions table, and facts readable from the built-in sample corpus with the real matcher."""

from types import SimpleNamespace

import networkx as nx
import pandas as pd
import pytest

from sahel.analysis.tables import (
    actor_of,
    cooccurrence,
    cooccurrence_graph,
    counts,
    entity_info,
    source_comparison,
)

# (doc, source, date, sentence, paragraph, entity_id, type, label, kind, refers_to, country)
ROWS = [
    ("d1", "s1", "2024-03-16", 0, 0, "niger", "country", "النيجر", "name", None, None),
    ("d1", "s1", "2024-03-16", 0, 0, "usa", "country", "الولايات المتحدة", "name", None, None),
    ("d1", "s1", "2024-03-16", 1, 0, "washington", "city", "واشنطن", "metonym", "usa", "usa"),
    ("d1", "s1", "2024-03-16", 1, 0, "niamey", "city", "نيامي", "name", None, "niger"),
    ("d1", "s1", "2024-03-16", 2, 1, "tiani", "person", "تياني", "name", None, "niger"),
    ("d1", "s1", "2024-03-16", 2, 1, "niger", "country", "النيجر", "name", None, None),
    ("d2", "s1", "2024-04-10", 0, 0, "kremlin", "facility", "الكرملين", "metonym", "russia", None),
    ("d2", "s1", "2024-04-10", 0, 0, "russia", "country", "روسيا", "demonym", None, None),
    ("d2", "s1", "2024-04-10", 0, 0, "niger", "country", "النيجر", "name", None, None),
    ("d2", "s1", "2024-04-10", 1, 1, "russia", "country", "روسيا", "name", None, None),
    ("d2", "s1", "2024-04-10", 1, 1, "mali", "country", "مالي", "name", None, None),
    ("d3", "s2", None, 0, 0, "ankara", "city", "أنقرة", "metonym", "turkey", "turkey"),
    ("d3", "s2", None, 0, 0, "turkey", "country", "تركيا", "demonym", None, None),
    ("d3", "s2", None, 0, 0, "niger", "country", "النيجر", "name", None, None),
    ("d3", "s2", None, 1, 0, "turkey", "country", "تركيا", "name", None, None),
    ("d4", "s2", "2024-04-20", 0, 0, "niger", "country", "النيجر", "name", None, None),
    ("d4", "s2", "2024-04-20", 0, 0, "russia", "country", "روسيا", "name", None, None),
    ("d4", "s2", "2024-04-20", 1, 0, "russia", "country", "روسيا", "name", None, None),
    ("d4", "s2", "2024-04-20", 2, 0, "niger", "country", "النيجر", "name", None, None),
    ("d4", "s2", "2024-04-20", 2, 0, "russia", "country", "روسيا", "name", None, None),
]  # fmt: skip
FIELDS = "doc_id source date sentence paragraph entity_id type label kind refers_to country"


@pytest.fixture
def mentions() -> pd.DataFrame:
    table = pd.DataFrame(ROWS, columns=FIELDS.split())
    table["date"] = pd.to_datetime(table["date"])
    return table


def by_id(table: pd.DataFrame, column: str = "mentions") -> dict:
    return dict(zip(table["entity_id"], table[column], strict=True))


def pairs(table: pd.DataFrame) -> dict:
    return {(a, b): (w, d) for a, b, w, d in table[["a", "b", "weight", "documents"]].values}


# ---- roll-up ---------------------------------------------------------------------------


def test_actor_of_sends_metonyms_and_demonyms_to_their_country(mentions):
    actor = actor_of(mentions)
    assert actor[mentions["entity_id"] == "washington"].tolist() == ["usa"]
    assert actor[mentions["entity_id"] == "kremlin"].tolist() == ["russia"]
    assert actor[mentions["entity_id"] == "ankara"].tolist() == ["turkey"]
    # A city or person named as itself stays itself at actor level.
    assert actor[mentions["entity_id"] == "niamey"].tolist() == ["niamey"]
    assert actor[mentions["entity_id"] == "tiani"].tolist() == ["tiani"]
    assert actor.index.equals(mentions.index)


def test_actor_of_country_level_sends_places_and_people_to_their_country(mentions):
    actor = actor_of(mentions, "country")
    assert actor[mentions["entity_id"].isin(["niamey", "tiani"])].tolist() == ["niger", "niger"]
    assert set(actor) == {"niger", "usa", "russia", "mali", "turkey"}


def test_actor_of_none_is_the_entity(mentions):
    assert actor_of(mentions, None).tolist() == mentions["entity_id"].tolist()


def test_actor_of_rejects_unknown_level(mentions):
    with pytest.raises(ValueError, match="level"):
        actor_of(mentions, "continent")


def test_labels_of_actors_that_never_occur_by_name_come_from_the_gazetteer(mentions):
    only_metonym = mentions[mentions["entity_id"] == "washington"]
    gazetteer = SimpleNamespace(
        entities={"usa": SimpleNamespace(label="الولايات المتحدة", type="country")}
    )
    table = counts(only_metonym, gazetteer=gazetteer)
    assert table[["entity_id", "label", "type", "mentions"]].values.tolist() == [
        ["usa", "الولايات المتحدة", "country", 1]
    ]
    info = entity_info(only_metonym, ["nowhere"], gazetteer=gazetteer)
    assert info.loc["nowhere", "label"] == "nowhere"


# ---- counts ----------------------------------------------------------------------------


def test_counts_by_actor(mentions):
    table = counts(mentions)
    assert by_id(table) == {
        "niger": 6, "russia": 6, "turkey": 3, "usa": 2, "niamey": 1, "tiani": 1, "mali": 1,
    }  # fmt: skip
    assert by_id(table, "documents") == {
        "niger": 4, "russia": 2, "turkey": 1, "usa": 1, "niamey": 1, "tiani": 1, "mali": 1,
    }  # fmt: skip
    assert table["mentions"].sum() == len(mentions)
    assert table["mentions"].is_monotonic_decreasing
    assert "share" not in table.columns


def test_counts_without_rollup_and_at_country_level(mentions):
    assert by_id(counts(mentions, rollup=None)) == {
        "niger": 6, "russia": 5, "turkey": 2, "usa": 1, "washington": 1, "niamey": 1,
        "tiani": 1, "kremlin": 1, "mali": 1, "ankara": 1,
    }  # fmt: skip
    assert by_id(counts(mentions, rollup="country")) == {
        "niger": 8, "russia": 6, "turkey": 3, "usa": 2, "mali": 1,
    }  # fmt: skip


def test_counts_types_filter_after_rollup(mentions):
    table = counts(mentions, types=["country"])
    assert set(table["entity_id"]) == {"niger", "russia", "turkey", "usa", "mali"}
    assert by_id(table)["usa"] == 2  # واشنطن counts for the US, and the US is a country
    assert set(counts(mentions, types="person")["entity_id"]) == {"tiani"}


def test_counts_by_source_shares_sum_to_one(mentions):
    table = counts(mentions, by="source")
    s2 = table[table["source"] == "s2"]
    assert by_id(s2) == {"niger": 3, "russia": 3, "turkey": 3}
    assert s2["share"].tolist() == pytest.approx([1 / 3] * 3)
    s1 = table[table["source"] == "s1"]
    assert by_id(s1, "share")["niger"] == pytest.approx(3 / 11)
    assert table.groupby("source")["share"].sum().tolist() == pytest.approx([1.0, 1.0])


def test_counts_by_month_keeps_undated_mentions(mentions):
    table = counts(mentions, by="month")
    totals = table.groupby("month", dropna=False)["mentions"].sum()
    assert totals[pd.Timestamp("2024-03-01")] == 6
    assert totals[pd.Timestamp("2024-04-01")] == 10
    assert totals[totals.index.isna()].tolist() == [4]
    assert table["mentions"].sum() == len(mentions)


def test_counts_by_document(mentions):
    table = counts(mentions, by="document")
    d4 = table[table["doc_id"] == "d4"]
    assert by_id(d4) == {"niger": 2, "russia": 3}
    assert d4["share"].tolist() == pytest.approx([3 / 5, 2 / 5])
    assert (table["documents"] == 1).all()


def test_counts_of_an_empty_table(mentions):
    table = counts(mentions.iloc[:0], by="source")
    assert table.empty
    assert {"entity_id", "label", "mentions", "documents", "share"} <= set(table.columns)


def test_counts_rejects_unknown_grouping(mentions):
    with pytest.raises(ValueError, match="by must be"):
        counts(mentions, by="week")


# ---- co-occurrence ---------------------------------------------------------------------


def test_cooccurrence_by_sentence(mentions):
    table = cooccurrence(mentions)
    assert pairs(table) == {
        ("niger", "russia"): (3, 2),
        ("niger", "usa"): (1, 1),
        ("niamey", "usa"): (1, 1),
        ("niger", "tiani"): (1, 1),
        ("mali", "russia"): (1, 1),
        ("niger", "turkey"): (1, 1),
    }
    assert (table["a"] < table["b"]).all()
    first = table.iloc[0]
    assert (first["a_label"], first["b_label"]) == ("النيجر", "روسيا")


def test_cooccurrence_by_paragraph(mentions):
    assert pairs(cooccurrence(mentions, "paragraph")) == {
        ("niger", "russia"): (2, 2),
        ("niamey", "niger"): (1, 1),
        ("niamey", "usa"): (1, 1),
        ("niger", "usa"): (1, 1),
        ("niger", "tiani"): (1, 1),
        ("mali", "russia"): (1, 1),
        ("niger", "turkey"): (1, 1),
    }


def test_cooccurrence_by_document_with_min_count(mentions):
    table = cooccurrence(mentions, "document")
    # d1 holds four actors (6 pairs), d2 three (3 pairs), d3 two, d4 two; niger-russia twice.
    assert len(table) == 6 + 3 + 1 + 1 - 1
    assert pairs(cooccurrence(mentions, "document", min_count=2)) == {("niger", "russia"): (2, 2)}


def test_cooccurrence_at_country_level_and_by_type(mentions):
    table = cooccurrence(mentions, "sentence", rollup="country")
    # تياني and نيامي are Niger now: d1's sentence 1 pairs usa with niger, sentence 2 nothing.
    assert pairs(table)[("niger", "usa")] == (2, 1)
    assert ("niger", "niger") not in pairs(table)
    only_countries = cooccurrence(mentions, "paragraph", types=["country"])
    assert not set(only_countries["a"]) & {"niamey", "tiani"}
    assert not set(only_countries["b"]) & {"niamey", "tiani"}


def test_cooccurrence_rejects_bad_arguments(mentions):
    with pytest.raises(ValueError, match="level"):
        cooccurrence(mentions, "page")
    with pytest.raises(ValueError, match="min_count"):
        cooccurrence(mentions, min_count=0)
    with pytest.raises(ValueError, match="sentence"):
        cooccurrence(mentions.drop(columns="sentence"))


def test_cooccurrence_graph(mentions):
    graph = cooccurrence_graph(mentions, "document")
    assert isinstance(graph, nx.Graph)
    assert graph.number_of_edges() == len(cooccurrence(mentions, "document"))
    assert graph.edges["niger", "russia"]["weight"] == 2
    assert graph.edges["niger", "russia"]["documents"] == 2
    assert graph.nodes["niger"] == {"label": "النيجر", "type": "country", "mentions": 6}
    assert graph.nodes["usa"]["mentions"] == 2  # الولايات المتحدة and واشنطن
    assert set(graph.nodes) == {"niger", "russia", "turkey", "usa", "niamey", "tiani", "mali"}


# ---- source comparison -----------------------------------------------------------------


def test_source_comparison_actor_shares(mentions):
    table = source_comparison(mentions)
    actors = table[table["dimension"] == "actor"]
    assert actors.groupby("source")["share"].sum().tolist() == pytest.approx([1.0, 1.0])
    row = actors[(actors["source"] == "s1") & (actors["key"] == "usa")].iloc[0]
    assert (row["count"], row["documents"], row["share"]) == (2, 1, pytest.approx(2 / 11))
    wide = actors.pivot(index="key", columns="source", values="share")
    assert wide.loc["turkey", "s2"] == pytest.approx(1 / 3)
    assert pd.isna(wide.loc["turkey", "s1"])


def test_source_comparison_with_events_and_documents(mentions):
    events = pd.DataFrame(
        {
            "doc_id": ["d1", "d1", "d2", "d4"],
            "source": ["s1", "s1", "s1", "s2"],
            "event_type": ["agreement", "withdrawal", "deployment", "deployment"],
        }
    )
    documents = pd.DataFrame(
        {"doc_id": ["d1", "d2", "d3", "d4", "d5"], "source": ["s1"] * 2 + ["s2"] * 3}
    )
    table = source_comparison(mentions, events, documents=documents)
    ev = table[table["dimension"] == "event"].set_index(["source", "key"])
    assert ev.loc[("s1", "deployment"), "share"] == pytest.approx(1 / 3)
    assert ev.loc[("s2", "deployment"), "share"] == pytest.approx(1.0)
    assert ev["count"].sum() == len(events)
    niger = table[(table["dimension"] == "actor") & (table["key"] == "niger")].set_index("source")
    assert niger.loc["s1", "doc_share"] == pytest.approx(2 / 2)
    assert niger.loc["s2", "doc_share"] == pytest.approx(2 / 3)


def test_source_comparison_names_a_missing_event_column(mentions):
    with pytest.raises(ValueError, match="event_type"):
        source_comparison(mentions, pd.DataFrame({"doc_id": [], "type": []}))


# ---- the built-in sample corpus with the real matcher -----------------------------------
# Expected figures come from reading sahel/data/sample/sahel_sample.jsonl.


@pytest.fixture(scope="module")
def sample():
    from sahel.corpus.corpus import Corpus
    from sahel.corpus.mentions import corpus_mentions
    from sahel.pipeline import sample_path

    corpus = Corpus.load(sample_path()).drop_duplicates(near=False)
    return corpus, corpus_mentions(corpus)


def test_sample_mentions_sit_in_their_sentence(sample):
    corpus, mentions = sample
    sentences = corpus.sentences().set_index(["doc_id", "sentence"])
    documents = corpus.documents.set_index("doc_id")
    assert len(mentions) > 50
    for row in mentions.itertuples(index=False):
        span = sentences.loc[(row.doc_id, row.sentence)]
        assert span["start"] <= row.start < row.end <= span["end"]
        assert span["paragraph"] == row.paragraph
        assert documents.loc[row.doc_id, "text"][row.start : row.end] == row.surface
        assert documents.loc[row.doc_id, "source"] == row.source


def test_sample_duplicate_is_left_out(sample):
    corpus, mentions = sample
    assert "portal_c-2024-03-27-putin-tiani-call" not in set(mentions["doc_id"])
    assert "wire_a-2024-03-27-putin-tiani-call" in set(mentions["doc_id"])
    assert len(corpus) == 13


def test_sample_sahel_states_together(sample):
    _, mentions = sample
    by_sentence = pairs(cooccurrence(mentions, "sentence", rollup=None))
    # Burkina Faso and Mali share sentences in the AES charter (2), the ECOWAS exit, the
    # Russian trainers, the Tillabéri ambush and the confederation summit (2) articles.
    assert by_sentence[("BF", "ML")] == (7, 5)
    by_document = pairs(cooccurrence(mentions, "document", rollup=None))
    assert by_document[("BF", "ML")] == (5, 5)


def test_sample_levels_nest(sample):
    _, mentions = sample
    levels = [
        pairs(cooccurrence(mentions, level)) for level in ("sentence", "paragraph", "document")
    ]
    for narrow, wide in zip(levels, levels[1:], strict=False):
        assert set(narrow) <= set(wide)
        assert all(narrow[p][1] <= wide[p][1] for p in narrow)
    graph = cooccurrence_graph(mentions, "sentence")
    assert graph.edges["BF", "ML"]["weight"] >= 7
    assert graph.nodes["NE"]["mentions"] == by_id(counts(mentions))["NE"]


def test_sample_counts_by_month_and_source(sample):
    corpus, mentions = sample
    months = counts(mentions, by="month")
    expected = set(corpus.documents["date"].dt.to_period("M").dt.to_timestamp())
    assert set(months["month"]) == expected
    per_source = counts(mentions, by="source").groupby("source")["mentions"].sum()
    assert per_source.to_dict() == mentions.groupby("source").size().to_dict()


def test_sample_source_comparison(sample):
    corpus, mentions = sample
    table = source_comparison(mentions, documents=corpus.documents)
    assert table.groupby("source")["share"].sum().tolist() == pytest.approx([1.0] * 3)
    niger = table[table["key"] == "NE"].set_index("source")
    # Every wire_a and daily_b article names Niger.
    assert niger.loc["wire_a", "doc_share"] == 1.0
    assert niger.loc["daily_b", "doc_share"] == 1.0


def test_source_comparison_takes_event_sources_from_the_mentions(mentions):
    events = pd.DataFrame({"doc_id": ["d1", "d3", "d4"], "event_type": ["visit"] * 3})
    table = source_comparison(mentions, events)
    visits = table[table["dimension"] == "event"].set_index("source")
    assert visits["count"].to_dict() == {"s1": 1, "s2": 2}
    assert visits["documents"].to_dict() == {"s1": 1, "s2": 2}


def doc_counts(mentions: pd.DataFrame, doc: str, rollup) -> dict:
    table = counts(mentions, by="document", rollup=rollup)
    return by_id(table[table["doc_id"] == doc])


PUTIN_CALL = "wire_a-2024-03-27-putin-tiani-call"


def test_sample_kremlin_and_moscow_count_for_russia(sample):
    _, mentions = sample
    entities = doc_counts(mentions, PUTIN_CALL, None)
    actors = doc_counts(mentions, PUTIN_CALL, "actor")
    # "وفق ما أعلن الكرملين", "وقال الكرملين"; the "موسكو -" dateline and "توسع فيه موسكو".
    assert entities["kremlin"] == 2 and entities["moscow"] == 2
    # The dateline names the city, where the news comes from; the other two act for Russia.
    assert "kremlin" not in actors and actors["moscow"] == 1
    assert actors["RU"] >= entities["RU"] + 3


def test_sample_tiani_in_both_spellings_counts_for_niger_at_country_level(sample):
    _, mentions = sample
    tiani = counts(mentions, rollup=None).set_index("entity_id").loc["abdourahamane_tiani"]
    # تياني in four articles (twice at the summit), تشياني twice in the Putin call article, and
    # the role phrase «رئيس النيجر» in the AES charter article (dated 2023-09-17).
    assert (tiani["mentions"], tiani["documents"]) == (8, 6)
    actor, country = by_id(counts(mentions)), by_id(counts(mentions, rollup="country"))
    assert "abdourahamane_tiani" not in country
    assert country["NE"] >= actor["NE"] + 7


def test_sample_ecowas_in_both_spellings(sample):
    _, mentions = sample
    ecowas = counts(mentions).set_index("entity_id").loc["ecowas"]
    assert ecowas["documents"] == 4  # the charter, the exit, the Ménaka report, the summit


def test_sample_financial_mali_is_not_mali(sample):
    _, mentions = sample
    # The Iran article's only مالي is "دعم مالي"; the summit has "ومالي", "رئيس مالي" and
    # "دعم مالي".
    assert "ML" not in doc_counts(mentions, "daily_b-2024-01-17-iran-visit", None)
    assert doc_counts(mentions, "wire_a-2024-07-07-aes-confederation", None)["ML"] == 2


def test_sample_air_base_is_not_al_qaeda(sample):
    _, mentions = sample
    bases = mentions[mentions["entity_id"] == "air_base_201"]
    assert set(bases["doc_id"]) == {
        "portal_c-2024-03-17-us-agreement-ended",
        "wire_a-2024-05-20-us-withdrawal-deal",
        "portal_c-2024-08-06-agadez-base-201",
    }
    qaeda = mentions[mentions["entity_id"] == "al_qaeda"]
    for doc, start, end in bases[["doc_id", "start", "end"]].itertuples(index=False):
        same = qaeda[qaeda["doc_id"] == doc]
        assert not ((same["start"] < end) & (same["end"] > start)).any()
