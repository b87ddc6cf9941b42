"""The default gazetteer on the five seed articles: mentions written down by hand from
reading them, the ambiguous words decided both ways, and every span exact."""

from collections import Counter

import pytest

from sahel import Matcher
from tests.conftest import shared_path

# (seed, surface as written, entity, kind, proclitic, at least this many times)
EXPECTED = [
    ("000", "تركيا", "TR", "name", "", 19),
    ("000", "والنيجر", "NE", "name", "و", 4),
    ("000", "للنيجر", "NE", "name", "ل", 6),
    ("000", "النيجري", "NE", "demonym", "", 3),
    ("000", "للنيجريين", "NE", "demonym", "ل", 1),
    ("000", "أنقرة", "ankara", "metonym", "", 3),
    ("000", "لأنقرة", "ankara", "metonym", "ل", 1),
    ("000", "وروسيا", "RU", "name", "و", 2),
    ("000", "الروسي", "RU", "demonym", "", 2),
    ("000", "التركية", "TR", "demonym", "", 3),
    ("000", "التركي", "TR", "demonym", "", 1),
    ("000", "بوركينا فاسو", "BF", "name", "", 1),
    ("000", "ومالي", "ML", "name", "و", 1),
    ("000", "تنظيم الدولة الإسلامية", "islamic_state", "name", "", 1),
    ("000", "والعراق", "IQ", "name", "و", 2),
    ("001", "نيامي", "niamey", "metonym", "", 1),
    ("001", "روس", "RU", "demonym", "", 2),
    ("001", "روسيين", "RU", "demonym", "", 1),
    ("001", "أمريكيون", "US", "demonym", "", 1),
    ("001", "أميركي", "US", "demonym", "", 2),
    ("001", "CNSP", "cnsp", "name", "", 1),
    ("001", "واشنطن", "washington", "metonym", "", 2),
    ("001", "وواشنطن", "washington", "metonym", "و", 1),
    ("001", "بتنظيم القاعدة", "al_qaeda", "name", "ب", 1),
    ("001", "وداعش", "islamic_state", "name", "و", 1),
    ("001", "مولي في", "molly_phee", "name", "", 1),
    ("001", "وإيران", "IR", "name", "و", 1),
    ("001", "فلاديمير بوتين", "vladimir_putin", "name", "", 1),
    ("001", "RTN", "rtn", "name", "", 1),
    ("001", "البنتاغون", "pentagon", "metonym", "", 2),
    ("001", "مجموعة فاغنر", "wagner", "name", "", 1),
    ("001", "تحالف دول الساحل", "aes", "name", "", 1),
    ("001", "AES", "aes", "name", "", 1),
    ("001", "المنظمة الدولية للهجرة", "iom", "name", "", 1),
    ("001", "النيجيري", "NE", "demonym", "", 1),  # Nigerian written for Nigerien
    ("002", "الفيلق الإفريقي", "africa_corps", "name", "", 1),
    ("002", "الجزائر", "DZ", "name", "", 1),
    ("002", "وجمهورية أفريقيا الوسطى", "CF", "name", "و", 1),
    ("002", "لمالي", "ML", "name", "ل", 1),
    ("002", "النيجيرية", "NE", "demonym", "", 1),
    ("002", "النيجيريين", "NE", "demonym", "", 1),
    ("003", "القاعدة 201", "air_base_201", "name", "", 2),
    ("003", "إيكواس", "ecowas", "name", "", 1),
    ("003", "عبد الرحمن تشياني", "abdourahamane_tiani", "name", "", 2),
    ("003", "مايكل لانجلي", "michael_langley", "name", "", 1),
    ("003", "محمد بازوم", "mohamed_bazoum", "name", "", 2),
    ("003", "طهران", "tehran", "metonym", "", 1),
    ("003", "كالسعودية", "SA", "name", "ك", 1),
    ("003", "كبنين", "BJ", "name", "ك", 1),
    ("003", "وساحل العاج", "CI", "name", "و", 1),
    ("003", "النيجرية", "NE", "demonym", "", 2),
    ("004", "عبد الرحمن تياني", "abdourahamane_tiani", "name", "", 1),
    ("004", "وتياني", "abdourahamane_tiani", "name", "و", 1),
    ("004", "للكرملين", "kremlin", "metonym", "ل", 1),
    # "توسع فيه موسكو" acts for Russia; the "موسكو -" dateline names the city.
    ("004", "موسكو", "moscow", "metonym", "", 1),
    ("004", "موسكو", "moscow", "name", "", 1),
    ("004", "باريس", "paris", "metonym", "", 1),
    ("004", "الأميركيّين", "US", "demonym", "", 1),
    ("004", "إكواس", "ecowas", "name", "", 1),
    ("004", "الجماعة الاقتصادية لدول غرب أفريقيا", "ecowas", "name", "", 1),
    ("004", "ساليفو مودي", "salifou_mody", "name", "", 1),
    ("004", "أغاديز", "agadez", "name", "", 1),
    ("004", "وكالة الصحافة الفرنسية", "afp", "name", "", 1),
]

# Words that must not become mentions of these entities: (seed, surface, entity).
NOT_MENTIONS = [
    ("000", "مالي", "ML"),  # اتفاقية تعاون مالي عسكري: "financial"
    ("000", "المالي", "ML"),  # التعاون المالي العسكري
    ("003", "القاعدة", "al_qaeda"),  # القاعدة 201 is an air base
    ("002", "النيجيرية", "NG"),  # Nigerian written for Nigerien
]


@pytest.fixture(scope="module")
def seeds():
    folder = shared_path("corpus", "seeds")
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


@pytest.fixture(scope="module")
def found(seeds):
    matcher = Matcher()
    return {seed: matcher.find(text) for seed, text in seeds.items()}


def test_spans_are_exact(seeds, found):
    assert len(seeds) == 5
    for seed, mentions in found.items():
        assert mentions
        for m in mentions:
            assert seeds[seed][m.start : m.end] == m.surface
            assert m.surface.startswith(m.proclitic)


def test_at_least_forty_hand_written_mentions(found):
    assert sum(n for *_, n in EXPECTED) >= 40 and len(EXPECTED) >= 40
    for seed, surface, entity, kind, proclitic, at_least in EXPECTED:
        counts = Counter((m.surface, m.entity_id, m.kind, m.proclitic) for m in found[seed])
        got = counts[(surface, entity, kind, proclitic)]
        assert got >= at_least, (seed, surface, entity, got, at_least)


def test_ambiguous_words_decided(found):
    for seed, surface, entity in NOT_MENTIONS:
        assert not [m for m in found[seed] if m.surface == surface and m.entity_id == entity]
    # مالي counted as Mali where the seeds mean the country, and flagged when no rule confirmed it.
    malis = [m for m in found["002"] if m.entity_id == "ML"]
    assert len(malis) >= 5
    reassigned = [m for m in found["002"] if m.surface == "النيجيرية"]
    assert reassigned[0].ambiguous and reassigned[0].confidence < 1


def test_metonyms_refer_to_their_country(found):
    refers = {m.entity_id: m.refers_to for ms in found.values() for m in ms if m.kind == "metonym"}
    assert refers["ankara"] == "TR" and refers["kremlin"] == "RU" and refers["moscow"] == "RU"
    assert refers["washington"] == "US" and refers["tehran"] == "IR" and refers["paris"] == "FR"
