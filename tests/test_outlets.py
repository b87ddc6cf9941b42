"""The outlet's country: a national outlet's unnamed «المملكة، البلاد، الحكومة، العاصمة» read
as its country (or capital), on sentences written for these tests; the outlets file, the
user's own outlets, and the errors for what is unknown."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from sahel import Gazetteer, Matcher
from sahel.cli import main
from sahel.corpus.mentions import corpus_mentions
from sahel.text.outlets import (
    HomeResolver,
    default_outlets,
    parse_source_countries,
    source_countries,
    source_key,
)


@pytest.fixture(scope="module")
def matcher():
    return Matcher()


def outlet(matcher, text, home):
    return [(m.surface, m.entity_id) for m in matcher.find(text, home=home) if m.kind == "outlet"]


@pytest.mark.parametrize(
    ("text", "home", "expected"),
    [
        # Alone in the sentence: the outlet's country, with the proclitics the core reads.
        ("وأكدت المملكة دعمها للسلام", "SA", [("المملكة", "SA")]),
        ("وقال إن اقتصاد المملكة نما", "BH", [("المملكة", "BH")]),
        ("غادر البلاد أمس، وللحكومة رأي آخر", "EG", [("البلاد", "EG"), ("وللحكومة", "EG")]),
        ("وأقيمت الاحتفالات بالعاصمة", "SA", [("بالعاصمة", "riyadh")]),
        ("ازدحمت شوارع العاصمة", "EG", [("العاصمة", "cairo")]),
        # The outlet's own country named beside: no other state.
        ("زار الملك سلمان جدة وقالت الحكومة السعودية إن المملكة تدعم الحل", "SA",
         [("المملكة", "SA")]),
        # A republic is no kingdom: «المملكة» in an Egyptian paper is another state.
        ("وأكدت المملكة دعمها للسلام", "EG", []),
        # A name or an adjective right after: the text names the state.
        ("قالت الحكومة المصرية إن المملكة المتحدة ستشارك", "SA", []),
        ("وصل إلى العاصمة الرياض", "EG", []),
        ("وقالت الحكومة الأردنية", "SA", []),
        ("وزار المملكة المغربية", "SA", []),
        # Another state in the same paragraph before the end of the sentence.
        ("التقى وزير خارجية اليمن بنظيره وقالت الحكومة إنها تدعم الحل", "SA", []),
        ("زار لندن وقال إن المملكة تدعم الحل", "SA", []),
        # Another state that is no kingdom leaves «المملكة» the outlet's ...
        ("وقعت المملكة مع مصر اتفاقا", "SA", [("المملكة", "SA")]),
        # ... but not «الحكومة».
        ("وقعت مصر اتفاقا وقالت الحكومة إنه مهم", "SA", []),
        # A state of the previous paragraph does not count; one of the next sentence neither.
        ("وزار باريس\nوقالت الحكومة إن المشروع بدأ. ثم وصل إلى مصر", "SA",
         [("الحكومة", "SA")]),
        # Without the article the word heads a construct: حكومة الوفاق, بلاد الشام.
        ("وقالت حكومة الوفاق إن بلاد الشام", "LY", []),
    ],
)  # fmt: skip
def test_unnamed_references(matcher, text, home, expected):
    assert outlet(matcher, text, home) == expected


def test_without_home_nothing_resolves(matcher):
    assert outlet(matcher, "وأكدت المملكة دعمها وقالت الحكومة", None) == []


def test_outlet_mentions_are_flagged(matcher):
    (m,) = [m for m in matcher.find("وأكدت المملكة دعمها", home="SA") if m.kind == "outlet"]
    assert (m.start, m.end, m.type, m.alias, m.ambiguous) == (6, 13, "country", "المملكة", True)
    assert m.confidence < 1.0
    (capital,) = [m for m in matcher.find("وسط العاصمة", home="SA") if m.kind == "outlet"]
    assert (capital.entity_id, capital.type, capital.refers_to) == ("riyadh", "city", "SA")


def test_kingdoms_come_from_the_names():
    # A state is a kingdom when one of its names begins with «المملكة» or «مملكة».
    kingdoms = HomeResolver(Gazetteer.default()).kingdoms
    assert {"SA", "MA", "JO", "BH", "GB"} <= kingdoms
    assert not {"EG", "AE", "QA", "FR"} & kingdoms


def test_table_agrees_with_find(matcher):
    texts = [
        "وأكدت المملكة دعمها. وقالت الحكومة المصرية إن العاصمة هادئة",
        "لا شيء هنا",
        "غادر البلاد أمس",
        "وقالت الحكومة إن المملكة المتحدة ستشارك",
    ]
    homes = ["SA", None, "EG", "JO"]
    frame = matcher.table(texts, homes=homes, dates=["2018-05-01"] * 4)
    for position, (text, home) in enumerate(zip(texts, homes, strict=True)):
        rows = frame[frame["doc"] == position]
        found = [
            (m.entity_id, m.start, m.end, m.kind)
            for m in matcher.find(text, date="2018-05-01", home=home)
        ]
        assert (
            list(
                zip(
                    rows["entity_id"].astype(str),
                    rows["start"],
                    rows["end"],
                    rows["kind"].astype(str),
                    strict=True,
                )
            )
            == found
        )
    assert (frame["kind"] == "outlet").sum() == 2  # المملكة (SA), البلاد (EG)


def test_bad_home_is_a_clear_error(matcher):
    with pytest.raises(ValueError, match="no country of the gazetteer"):
        matcher.find("الحكومة", home="XX")
    with pytest.raises(ValueError, match="no country of the gazetteer"):
        matcher.table(["الحكومة"], homes=["niamey"])  # a city, not a state
    with pytest.raises(ValueError, match="one country id"):
        matcher.table(["الحكومة", "البلاد"], homes=["SA"])


def test_outlets_file():
    outlets = default_outlets()
    by_source = {source_key(s): o for o in outlets for s in o.sources}
    # The five outlets of the ANT corpus, as its source field writes them: international.
    for source, country in [("skynews", "AE"), ("alarabia", "SA"), ("france24", "FR"),
                            ("BBC", "GB"), ("CNN", "US")]:  # fmt: skip
        assert (by_source[source_key(source)].country, by_source[source_key(source)].scope) == (
            country,
            "international",
        )
    gazetteer = Gazetteer.default()
    for o in outlets:
        assert o.country in gazetteer.entities and o.reference.startswith("https://")
        if o.outlet is not None:
            assert gazetteer.entities[o.outlet].type == "media"
    # Gulf, Levant, Egyptian, Maghreb outlets of national scope.
    national = {o.country for o in outlets if o.scope == "national"}
    assert {
        "SA",
        "AE",
        "QA",
        "KW",
        "BH",
        "OM",
        "EG",
        "JO",
        "LB",
        "SY",
        "MA",
        "DZ",
        "TN",
    } <= national


def test_source_countries():
    assert source_key("Al-Riyadh") == source_key("AL RIYADH") == "alriyadh"
    known = source_countries()
    assert known["alriyadh"] == "SA" and "skynews" not in known
    mine = source_countries({"My Paper": "eg", "skynews": "AE"})
    assert mine["mypaper"] == "EG" and mine["skynews"] == "AE"
    with pytest.raises(ValueError, match="'My Paper'.*no country"):
        source_countries({"My Paper": "Egypt"})
    with pytest.raises(TypeError, match="mapping"):
        source_countries(["mypaper=EG"])  # type: ignore[arg-type]
    assert parse_source_countries(["a=b=SA", "x = EG"]) == {"a=b": "SA", "x": "EG"}
    with pytest.raises(ValueError, match="SOURCE=COUNTRY"):
        parse_source_countries(["mypaper"])


def test_corpus_mentions_reads_the_source():
    documents = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "source": ["Al Riyadh", "mypaper", "skynews"],
            "date": ["2018-05-01"] * 3,
            "text": ["وأكدت المملكة دعمها"] * 3,
        }
    )
    found = corpus_mentions(documents, source_countries={"mypaper": "JO"})
    outlet_rows = found[found["kind"] == "outlet"]
    assert list(zip(outlet_rows["doc_id"], outlet_rows["entity_id"].astype(str), strict=True)) == [
        ("a", "SA"),
        ("b", "JO"),
    ]
    assert corpus_mentions(documents[["doc_id", "text"]])["kind"].eq("outlet").sum() == 0


def test_own_gazetteer_without_the_outlets_country(tmp_path):
    # A user's gazetteer that lacks Saudi Arabia leaves Al Riyadh's documents unresolved.
    own = tmp_path / "own.tsv"
    own.write_text("id\ttype\tlabel\taliases\nNE\tcountry\tNiger\tالنيجر\n", "utf-8")
    matcher = Matcher(Gazetteer.load(own))
    documents = pd.DataFrame(
        {"doc_id": ["a"], "source": ["alriyadh"], "text": ["وأكدت المملكة أن النيجر"]}
    )
    found = corpus_mentions(documents, matcher)
    assert found["entity_id"].astype(str).tolist() == ["NE"]
    assert "alriyadh" not in source_countries(gazetteer=matcher.gazetteer)


def test_cli_source_country(tmp_path, capsys):
    data = tmp_path / "in.jsonl"
    records = [
        {"id": "a", "source": "mypaper", "date": "2018-05-01", "text": "غادر البلاد أمس"},
        {"id": "b", "source": "other", "date": "2018-05-01", "text": "غادر البلاد أمس"},
    ]
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    out = tmp_path / "out"
    main(["analyze", str(data), "--out", str(out), "--no-progress", "--source-country",
          "mypaper=EG"])  # fmt: skip
    mentions = pd.read_csv(out / "mentions.csv")
    assert mentions[mentions["kind"] == "outlet"][["doc_id", "entity_id"]].values.tolist() == [
        ["a", "EG"]
    ]
    status = main(["analyze", str(data), "--out", str(tmp_path / "x"), "--no-progress",
                   "--source-country", "mypaper=Egypt"])  # fmt: skip
    assert status == 2
    assert "--source-country" in capsys.readouterr().err
