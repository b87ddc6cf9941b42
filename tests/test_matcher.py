"""sahel.Matcher on small gazetteers written here: clitics, whole words, multi-word aliases,
ambiguity, spans in the original text, the columnar table, pickling and threads."""

import pickle
import threading

import pytest

from sahel import Gazetteer, Matcher

ENTITIES = """\
id\ttype\tlabel\tcountry\trefers_to\taliases\tdemonyms
NE\tcountry\tNiger\t\t\tالنيجر\tنيجري | النيجرية
ML\tcountry\tMali\t\t\t=مالي\t
RU\tcountry\tRussia\t\t\tروسيا\tروسي | الروس
US\tcountry\tUnited States\t\t\tالولايات المتحدة | الولايات المتحدة الأمريكية | أمريكا\tأمريكي
moscow\tcity\tMoscow\tRU\tRU\tموسكو\t
BF\tcountry\tBurkina Faso\t\t\tبوركينا فاسو\t
AES\talliance\tAlliance of Sahel States\t\t\tتحالف دول الساحل | AES\t
"""

AMBIGUITY = """\
entity_id\talias\tdefault\taccept_before\taccept_after\treject_before\treject_after
ML\tمالي\taccept\tدولة | جمهورية\t\tتعاون | دعم\tعسكري
"""


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gazetteer")
    (folder / "entities.tsv").write_text(ENTITIES, encoding="utf-8")
    (folder / "ambiguity.tsv").write_text(AMBIGUITY, encoding="utf-8")
    return Gazetteer.load(folder)


@pytest.fixture(scope="module")
def matcher(gazetteer):
    return Matcher(gazetteer)


def found(matcher, text):
    mentions = matcher.find(text)
    for m in mentions:
        assert text[m.start : m.end] == m.surface
    return [(m.entity_id, m.surface) for m in mentions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("والنيجر", [("NE", "والنيجر")]),
        (
            "بالنيجر وللنيجر فالنيجر كالنيجر",
            [("NE", w) for w in "بالنيجر وللنيجر فالنيجر كالنيجر".split()],
        ),
        ("وبروسيا ولروسيا فبروسيا", [("RU", w) for w in "وبروسيا ولروسيا فبروسيا".split()]),
        ("للنيجر", [("NE", "للنيجر")]),
        ("المالية الشمالية", []),  # never inside a word
        ("روسياتنا", []),
        ("الروسي والروس وروسي", [("RU", "الروسي"), ("RU", "والروس"), ("RU", "وروسي")]),
        ("في موسكو", [("moscow", "موسكو")]),
        ("الولايات المتحدة الأمريكية", [("US", "الولايات المتحدة الأمريكية")]),
        ("الولايات  المتحـــدة", [("US", "الولايات  المتحـــدة")]),
        ("الوِلاياتُ المتّحدةُ", [("US", "الوِلاياتُ المتّحدةُ")]),
        ("الولايات\u200f المتحدة", [("US", "الولايات\u200f المتحدة")]),
        ("الولايات، المتحدة", []),  # a comma breaks the phrase
        ("الولايات\nالمتحدة", []),
        ("أميركا وأمريكا", [("US", "وأمريكا")]),  # only the listed spelling
        ("وبوركينا فاسو", [("BF", "وبوركينا فاسو")]),
        ("AES و(AES)", [("AES", "AES"), ("AES", "AES")]),
        ("😀 النيجر", [("NE", "النيجر")]),
    ],
)
def test_examples(matcher, text, expected):
    assert found(matcher, text) == expected


def test_mention_fields(matcher):
    text = "وقال إن وللنيجرِ علاقات مع موسكو"
    ne, moscow = matcher.find(text)
    assert (ne.entity_id, ne.proclitic, ne.kind, ne.surface) == ("NE", "ول", "name", "وللنيجرِ")
    assert ne.start == text.index("وللنيجر") and ne.end == ne.start + len("وللنيجرِ")
    assert ne.confidence == 1.0 and not ne.ambiguous
    assert (moscow.kind, moscow.refers_to, moscow.country, moscow.type) == (
        "metonym",
        "RU",
        "RU",
        "city",
    )
    demonym = matcher.find("الجيش النيجري")[0]
    assert (demonym.entity_id, demonym.kind) == ("NE", "demonym")


def test_mali_or_financial(matcher):
    assert found(matcher, "اتفاقية تعاون مالي عسكري") == []
    assert found(matcher, "قدمت دعم مالي كبير") == []
    assert found(matcher, "الوضع المالي") == []  # the article is not optional for =مالي
    accepted = matcher.find("حكومة دولة مالي")[0]
    assert accepted.entity_id == "ML" and accepted.confidence == 0.9 and not accepted.ambiguous
    default = matcher.find("زار مالي أمس")[0]
    assert default.entity_id == "ML" and default.ambiguous and default.confidence < 0.9


def test_keep_rejected_and_overlapping(gazetteer):
    kept = Matcher(gazetteer, keep_rejected=True).find("تعاون مالي")
    assert [(m.entity_id, m.confidence) for m in kept] == [("ML", 0.0)]
    text = "الولايات المتحدة الأمريكية"
    every = Matcher(gazetteer, overlapping=True).find(text)
    assert sorted((m.start, m.end) for m in every) == [(0, 16), (0, len(text))]


def test_table_equals_find(matcher):
    texts = ["والنيجر وروسيا", "", "لا شيء هنا", "😀 الولايات المتحدة وموسكو", "دولة مالي"] * 30
    table = matcher.table(texts)
    rows = [
        (d, m.entity_id, m.start, m.end, m.surface, m.proclitic, m.kind, m.confidence)
        for d, t in enumerate(texts)
        for m in matcher.find(t)
    ]
    got = list(
        zip(
            table["doc"],
            table["entity_id"].astype(str),
            table["start"],
            table["end"],
            table["surface"].astype(str),
            table["proclitic"].astype(str),
            table["kind"].astype(str),
            table["confidence"],
            strict=True,
        )
    )
    assert got == rows
    ids = [f"doc{i}" for i in range(len(texts))]
    assert list(matcher.table(texts, doc_ids=ids)["doc"][:2]) == ["doc0", "doc0"]
    assert matcher.table([]).empty


def test_pickle_round_trip(matcher):
    back = pickle.loads(pickle.dumps(matcher))
    text = "وللنيجر وموسكو والولايات المتحدة ودولة مالي"
    assert back.find(text) == matcher.find(text)
    assert back.stats() == matcher.stats()


def test_threads_share_one_matcher(matcher):
    text = "وللنيجر وموسكو والولايات المتحدة ودولة مالي والروس " * 400  # long: GIL released
    expected = matcher.find(text)
    results = []

    def work():
        results.extend(matcher.find(text) for _ in range(3))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 24 and all(r == expected for r in results)
    many = matcher.find_many([text[:500]] * 100, threads=8)
    assert many == [matcher.find(text[:500])] * 100


def test_size_is_reported(matcher):
    stats = matcher.stats()
    assert stats["aliases"] >= 15 and stats["bytes"] > 0
    assert matcher.__sizeof__() >= stats["bytes"]


def test_bad_input(matcher):
    with pytest.raises(TypeError, match="decode"):
        matcher.find(b"abc")
    with pytest.raises(TypeError, match="single string"):
        matcher.table("abc")
    with pytest.raises(TypeError, match=r"texts\[1\]"):
        matcher.table(["a", None])
    with pytest.raises(ValueError, match="doc_ids"):
        matcher.table(["a"], doc_ids=[1, 2])
    with pytest.raises(TypeError, match="Gazetteer"):
        Matcher("gazetteer.tsv")
    with pytest.raises(ValueError, match="threads"):
        matcher.find_many(["x"] * 100, threads=0)
