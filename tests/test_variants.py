"""Spelling-variant discovery on real text: a gazetteer that knows Tiani only as تياني finds
تشياني in the seed articles, counted as often as it really occurs."""

from __future__ import annotations

import re

import pytest
from conftest import shared_path
from hypothesis import given
from hypothesis import strategies as st

import sahel
from sahel.analysis.variants import _distance, find_variants, transliteration_cost
from sahel.text.gazetteer import Gazetteer

KNOWN = "تياني"
VARIANT = "تشياني"
ARABIC_LETTER = "\u0621-\u064a"
# The variant as a whole word, after any proclitics (و ف, ب ك ل, the article, لل).
VARIANT_WORD = re.compile(
    rf"(?<![{ARABIC_LETTER}])(?:[وف]?[بك]?ال|[وف]?لل|[وف]?[بكل]?){VARIANT}(?![{ARABIC_LETTER}])"
)


@pytest.fixture(scope="module")
def seeds() -> list[str]:
    folder = shared_path("corpus", "seeds")
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    assert texts, f"no .txt files in {folder}"
    return texts


def _tiani_id(gazetteer: Gazetteer) -> str | None:
    for entity_id in gazetteer:
        if any(KNOWN in sahel.normalize(a).split() for a in gazetteer[entity_id].aliases):
            return entity_id
    return None


@pytest.fixture(scope="module")
def without_variant(tmp_path_factory) -> tuple[Gazetteer, str]:
    """The default gazetteer, with a Tiani entity whose aliases never spell تشياني."""
    base = Gazetteer.default()
    entity_id = _tiani_id(base)
    path = tmp_path_factory.mktemp("gazetteer") / "tiani.tsv"
    if entity_id is None:
        entity_id = "tiani_test"
        path.write_text(
            "id\ttype\tlabel\tcountry\taliases\n"
            f"{entity_id}\tperson\tAbdourahamane Tiani\tNE\tعبد الرحمن {KNOWN}|{KNOWN}\n",
            encoding="utf-8",
        )
    else:
        spelled = [
            a
            for a in base[entity_id].aliases + base[entity_id].demonyms
            if VARIANT in sahel.normalize(a)
        ]
        removals = "|".join(f"-{a}" for a in spelled) or f"{KNOWN}"
        path.write_text(f"id\taliases\n+{entity_id}\t{removals}\n", encoding="utf-8")
    gazetteer = base.extend(path)
    aliases = [sahel.normalize(a) for a in gazetteer[entity_id].aliases]
    assert not any(VARIANT in a for a in aliases) and any(KNOWN in a for a in aliases)
    return gazetteer, entity_id


def _alias_words(gazetteer: Gazetteer) -> set[str]:
    """Every word of every alias, normalized, with and without the article."""
    words = set()
    for entry in gazetteer.alias_entries():
        for word in re.findall(rf"[{ARABIC_LETTER}]+", sahel.normalize(entry.text)):
            words.add(word)
            words.add(word.removeprefix("ال"))
    return words


def test_seeds_yield_the_variant_with_its_true_count(seeds, without_variant):
    gazetteer, tiani = without_variant
    expected = sum(len(VARIANT_WORD.findall(sahel.normalize(t))) for t in seeds)
    assert expected >= 2, "the seed articles spell Tiani تشياني at least twice"

    found = find_variants(seeds, gazetteer, entities=[tiani])
    rows = found[found["candidate"] == VARIANT]
    assert len(rows) == 1, found
    row = rows.iloc[0]
    assert row["entity_id"] == tiani
    assert row["alias_word"] == KNOWN
    assert row["count"] == expected
    assert VARIANT in sahel.normalize(row["example"])
    # The example is quoted from a seed article as written.
    assert any(row["example"] in " ".join(t.split()) for t in seeds)
    # It is the best candidate for Tiani.
    assert found.iloc[0]["candidate"] == VARIANT


def test_the_variant_outranks_common_words(seeds, without_variant):
    """Over the whole gazetteer, the real name variant comes before look-alike common words
    (تعاني next to تياني, الامن next to اليمن, ماضي next to مالي)."""
    gazetteer, tiani = without_variant
    found = find_variants(seeds, gazetteer, top=None)
    assert len(found) > 1
    assert (found.iloc[0]["entity_id"], found.iloc[0]["candidate"]) == (tiani, VARIANT)
    assert found["score"].is_monotonic_decreasing


def test_candidates_are_never_aliases(seeds, without_variant):
    gazetteer, _ = without_variant
    found = find_variants(seeds, gazetteer, min_count=1, top=None)
    assert len(found) > 0
    known = _alias_words(gazetteer)
    assert not set(found["candidate"]) & known


def test_adding_the_variant_removes_it_from_the_candidates(seeds, without_variant, tmp_path):
    gazetteer, tiani = without_variant
    path = tmp_path / "accepted.tsv"
    path.write_text(f"id\taliases\n+{tiani}\t{VARIANT}\n", encoding="utf-8")
    found = find_variants(seeds, gazetteer.extend(path), min_count=1, top=None)
    assert VARIANT not in set(found["candidate"])


@pytest.mark.parametrize("min_count", [1, 2, 3, 5])
def test_min_count(seeds, without_variant, min_count):
    gazetteer, tiani = without_variant
    found = find_variants(seeds, gazetteer, min_count=min_count, top=None)
    assert (found["count"] >= min_count).all()
    expected = sum(len(VARIANT_WORD.findall(sahel.normalize(t))) for t in seeds)
    assert (VARIANT in set(found["candidate"])) == (expected >= min_count)


def test_lower_min_count_finds_more(seeds, without_variant):
    gazetteer, _ = without_variant
    loose = find_variants(seeds, gazetteer, min_count=1, top=None)
    strict = find_variants(seeds, gazetteer, min_count=3, top=None)
    columns = ["entity_id", "candidate", "count"]
    pairs = set(strict[columns].itertuples(index=False, name=None))
    assert pairs <= set(loose[columns].itertuples(index=False, name=None))
    assert len(loose) > len(strict)


@pytest.mark.parametrize("top", [1, 2])
def test_top_per_entity(seeds, without_variant, top):
    gazetteer, _ = without_variant
    every = find_variants(seeds, gazetteer, min_count=1, top=None)
    kept = find_variants(seeds, gazetteer, min_count=1, top=top)
    per_entity = every.groupby("entity_id").size()
    assert per_entity.max() > top, "the corpus gives some entity more candidates than top"
    assert (kept.groupby("entity_id").size() == per_entity.clip(upper=top)).all()
    # The ones kept are each entity's best.
    for entity_id, group in kept.groupby("entity_id"):
        best = every[every["entity_id"] == entity_id].head(top)
        assert list(group["candidate"]) == list(best["candidate"])


def test_proclitics_count_for_the_word(without_variant):
    gazetteer, tiani = without_variant
    texts = [f"قال {VARIANT} اليوم", f"التقى بوتين و{VARIANT}", f"رسالة ل{VARIANT} من موسكو"]
    found = find_variants(texts, gazetteer, entities=[tiani], min_count=1)
    assert found.set_index("candidate").loc[VARIANT, "count"] == 3


def test_inflections_are_not_spellings(without_variant):
    gazetteer, _ = without_variant
    texts = ["القوات الروسية والجيش الروسي والطائرات الروسية والخبراء الروس"] * 3
    found = find_variants(texts, gazetteer, entities=["RU"], min_count=1)
    assert not set(found["candidate"]) & {"روسية", "روسي", "روس"}


@pytest.mark.parametrize(
    "texts",
    ["تياني وتشياني", b"bytes", [f"{VARIANT}", None], [f"{VARIANT}", b"\xd8\xaa"]],
    ids=["one string", "bytes", "None inside", "bytes inside"],
)
def test_bad_texts_raise_type_error(texts):
    with pytest.raises(TypeError, match="str"):
        find_variants(texts)


def test_bad_gazetteer_raises_type_error():
    with pytest.raises(TypeError, match="Gazetteer"):
        find_variants([VARIANT], "gazetteer.tsv")


@pytest.mark.parametrize(
    "options",
    [{"min_count": 0}, {"top": 0}, {"max_distance": -1}, {"entities": ["no_such_entity"]}],
)
def test_bad_options_raise_value_error(options):
    with pytest.raises(ValueError):
        find_variants([VARIANT], **options)


def test_transliteration_edits_cost_half():
    assert transliteration_cost(KNOWN, VARIANT) == 0.5  # تش for "tch"
    assert transliteration_cost("فاغنر", "فاجنر") == 0.5  # غ / ج for "g"
    assert transliteration_cost(KNOWN, "تعاني") == 1.0  # ي -> ع is no transliteration
    assert transliteration_cost("تركيا", "تركيز") == 1.0


arabic_words = st.text(alphabet="اويةتطشكغجقسصبنمرلعحز", min_size=0, max_size=8)


@given(arabic_words, arabic_words)
def test_transliteration_cost_bounds(a, b):
    cost = transliteration_cost(a, b)
    assert cost == transliteration_cost(b, a)
    assert _distance(a, b) / 2 <= cost <= _distance(a, b)
    assert (cost == 0) == (a == b)
