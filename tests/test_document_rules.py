"""Document rules (النيجيري read as Nigerien in a document about Niger) give the same mentions
through Matcher.find and Matcher.table, on texts where a rule fires and where it does not."""

import pytest

from sahel import Gazetteer, Matcher

ENTITIES = """\
id\ttype\tlabel\tcountry\trefers_to\taliases\tdemonyms
NE\tcountry\tNiger\t\t\tالنيجر\tنيجري | النيجرية
NG\tcountry\tNigeria\t\t\tنيجيريا\tنيجيري | نيجيرية | نيجيريين
ML\tcountry\tMali\t\t\tمالي\t
AES\talliance\tAlliance of Sahel States\t\t\tتحالف دول الساحل\t
sahel\tregion\tSahel\t\t\tالساحل\t
"""

# The first is the default gazetteer's rule; the second has no when_present (it holds in every
# document that does not name Mali).
RULES = """\
entity_id\talias\treassign_to\twhen_present\tunless_present
NG\tنيجيري | نيجيرية | نيجيريين\tNE\tNE\tNG
sahel\tالساحل\tAES\t\tML
"""

FIRES = [
    "قال الجيش النيجيري إن النيجر أغلقت حدودها",  # Niger named, Nigeria not: Niger
    "وصل وفد من النيجر، والتقى الرئيس النيجيري والوزراء النيجيريين",
    "دول الساحل تبحث الأمن",  # no Mali: the Sahel is read as the alliance
    "النيجر والساحل والجيش النيجيري",  # both rules
]
STAYS = [
    "قال الجيش النيجيري إن نيجيريا والنيجر تتعاونان",  # Nigeria named: stays Nigeria
    "قال الجيش النيجيري إن قواته مستعدة",  # Niger not named: stays Nigeria
    "دول الساحل ومالي",  # Mali named: the Sahel stays a region
    "لا شيء هنا",
    "",
]
FIELDS = ["entity_id", "type", "label", "kind", "start", "end", "surface", "alias", "proclitic",
          "refers_to", "country", "confidence", "ambiguous"]  # fmt: skip


@pytest.fixture(scope="module")
def matcher(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gazetteer")
    (folder / "entities.tsv").write_text(ENTITIES, encoding="utf-8")
    (folder / "rules.tsv").write_text(RULES, encoding="utf-8")
    return Matcher(Gazetteer.load(folder))


def found_rows(matcher, texts):
    return [
        (doc, *(getattr(m, f) for f in FIELDS))
        for doc, text in enumerate(texts)
        for m in matcher.find(text)
    ]


def table_rows(matcher, texts):
    table = matcher.table(texts)
    columns = [table["doc"].tolist()] + [
        [None if v != v else v for v in table[f].astype(object).tolist()] for f in FIELDS
    ]
    return list(zip(*columns, strict=True))


def ids(matcher, text):
    return [(m.entity_id, m.surface, m.confidence, m.ambiguous) for m in matcher.find(text)]


def test_rules_fire_as_written(matcher):
    assert ids(matcher, FIRES[0]) == [
        ("NE", "النيجيري", 0.7, True),
        ("NE", "النيجر", 1.0, False),
    ]
    assert [m.entity_id for m in matcher.find(FIRES[1])] == ["NE", "NE", "NE"]
    assert [m.entity_id for m in matcher.find(FIRES[2])] == ["AES"]
    assert [m.entity_id for m in matcher.find(FIRES[3])] == ["NE", "AES", "NE"]
    # Reassigned mentions take the attributes of their new entity and keep their alias.
    nigerien = matcher.find(FIRES[0])[0]
    assert (nigerien.label, nigerien.kind, nigerien.alias) == ("Niger", "demonym", "نيجيري")


def test_rules_that_do_not_fire(matcher):
    assert [m.entity_id for m in matcher.find(STAYS[0])] == ["NG", "NG", "NE"]
    assert ids(matcher, STAYS[1]) == [("NG", "النيجيري", 1.0, False)]
    assert [m.entity_id for m in matcher.find(STAYS[2])] == ["sahel", "ML"]
    assert matcher.find(STAYS[3]) == [] and matcher.find(STAYS[4]) == []


@pytest.mark.parametrize("texts", [FIRES, STAYS, FIRES + STAYS, (STAYS + FIRES) * 40])
def test_find_and_table_agree(matcher, texts):
    # (STAYS + FIRES) * 40 is split into batches across threads: each text keeps its own
    # evidence.
    rows = found_rows(matcher, texts)
    assert rows
    assert table_rows(matcher, texts) == rows


def test_default_gazetteer_find_and_table_agree():
    matcher = Matcher()
    texts = FIRES[:2] + STAYS[:2]
    rows = found_rows(matcher, texts)
    assert {(r[0], r[1]) for r in rows if r[7] == "النيجيري"} == {
        (0, "NE"),
        (1, "NE"),
        (2, "NG"),
        (3, "NG"),
    }
    assert table_rows(matcher, texts) == rows
