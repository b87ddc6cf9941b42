"""Every spelling of an actor found in the five seed articles is in the default gazetteer.

The seeds (../shared/corpus/seeds) are only read to check that each spelling listed here really
occurs there; the assertion is on the gazetteer's aliases."""

import re
from functools import cache
from pathlib import Path

import pytest

import sahel
from sahel.text.gazetteer import Gazetteer

# (entity id, the spelling as the seeds write it, without proclitics)
SPELLINGS = [
    # states and their demonyms
    ("NE", "النيجر"),
    ("NE", "النيجري"),
    ("NE", "النيجرية"),
    ("NE", "النيجريين"),
    ("NG", "النيجيري"),  # written for Nigerien; document_rules.tsv sends it to NE
    ("NG", "النيجيرية"),
    ("NG", "النيجيريين"),
    ("TR", "تركيا"),
    ("TR", "التركية"),
    ("TR", "التركي"),
    ("TR", "تركية"),
    ("RU", "روسيا"),
    ("RU", "الروسي"),
    ("RU", "الروسية"),
    ("RU", "روسية"),
    ("RU", "روس"),
    ("RU", "الروس"),
    ("RU", "روسيين"),
    ("RU", "روسي"),
    ("US", "الولايات المتحدة"),
    ("US", "الولايات المتحدة الأمريكية"),
    ("US", "الأمريكية"),
    ("US", "الأمريكي"),
    ("US", "أمريكي"),
    ("US", "أميركي"),
    ("US", "أمريكيون"),
    ("US", "الأمريكيين"),
    ("US", "الأميركيين"),
    ("US", "الأميركيّين"),
    ("IR", "إيران"),
    ("IR", "الإيراني"),
    ("FR", "فرنسا"),
    ("FR", "الفرنسي"),
    ("FR", "الفرنسية"),
    ("ML", "مالي"),
    ("BF", "بوركينا فاسو"),
    ("SA", "السعودية"),
    ("DZ", "الجزائر"),
    ("CF", "جمهورية أفريقيا الوسطى"),
    ("CI", "ساحل العاج"),
    ("BJ", "بنين"),
    ("TG", "توغو"),
    ("GH", "غانا"),
    ("GN", "غينيا"),
    ("SY", "سوريا"),
    ("IQ", "العراق"),
    ("YE", "اليمن"),
    ("AE", "الإمارات"),
    ("IT", "إيطاليا"),
    ("LY", "ليبي"),
    # places and metonyms
    ("niamey", "نيامي"),
    ("agadez", "أغاديز"),
    ("air_base_201", "القاعدة 201"),
    ("sahel", "الساحل"),
    ("sahel", "الساحل الإفريقي"),
    ("sahel", "الساحل الغربي الإفريقي"),
    ("sahara", "الصحراء الكبرى"),
    ("west_africa", "غرب إفريقيا"),
    ("west_africa", "غرب أفريقيا"),
    ("north_africa", "شمال إفريقيا"),
    ("africa", "أفريقيا"),
    ("africa", "إفريقيا"),
    ("africa", "الإفريقية"),
    ("europe", "أوروبا"),
    ("middle_east", "الشرق الأوسط"),
    ("mediterranean", "البحر الأبيض المتوسط"),
    ("ankara", "أنقرة"),
    ("washington", "واشنطن"),
    ("moscow", "موسكو"),
    ("kremlin", "الكرملين"),
    ("pentagon", "البنتاغون"),
    ("tehran", "طهران"),
    ("paris", "باريس"),
    ("cairo", "القاهرة"),
    ("abu_dhabi", "أبو ظبي"),
    # people
    ("abdourahamane_tiani", "عبد الرحمن تياني"),
    ("abdourahamane_tiani", "عبد الرحمن تشياني"),
    ("abdourahamane_tiani", "تياني"),
    ("mohamed_bazoum", "محمد بازوم"),
    ("vladimir_putin", "فلاديمير بوتين"),
    ("vladimir_putin", "بوتين"),
    ("molly_phee", "مولي في"),
    ("michael_langley", "مايكل لانجلي"),
    ("ali_lamine_zeine", "علي محمد الأمين زين"),
    ("salifou_mody", "ساليفو مودي"),
    ("mohamed_toumba", "محمد تومبا"),
    ("giorgia_meloni", "ميلوني"),
    ("barack_obama", "أوباما"),
    ("benjamin_netanyahu", "بنيامين نتنياهو"),
    # organizations and armed groups
    ("cnsp", "CNSP"),
    ("aes", "AES"),
    ("aes", "تحالف دول الساحل"),
    ("ecowas", "إيكواس"),
    ("ecowas", "إكواس"),
    ("ecowas", "الجماعة الاقتصادية لدول غرب أفريقيا"),
    ("wagner", "مجموعة فاغنر"),
    ("wagner", "فاغنر"),
    ("africa_corps", "الفيلق الإفريقي"),
    ("africom", "القيادة الأمريكية في إفريقيا"),
    ("rtn", "RTN"),
    ("iom", "المنظمة الدولية للهجرة"),
    ("crisis_group", "مجموعة مراقبة الأزمات"),
    ("us_congress", "الكونغرس"),
    ("afp", "وكالة الصحافة الفرنسية"),
    ("reuters", "رويترز"),
    ("un", "الأمم المتحدة"),
    ("nato", "حلف الناتو"),
    ("islamic_state", "تنظيم الدولة الإسلامية"),
    ("islamic_state", "الدولة الإسلامية"),
    ("islamic_state", "داعش"),
    ("al_qaeda", "القاعدة"),
    ("al_qaeda", "تنظيم القاعدة"),
    ("al_qaeda", "تنظيمي القاعدة"),
]

ARTICLE = "ال"


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", sahel.normalize(text)))


@cache
def seed_words(folder: Path) -> str:
    files = sorted(folder.glob("*.txt"))
    assert len(files) == 5
    return " " + " ".join(words(f.read_text(encoding="utf-8")) for f in files) + " "


@pytest.fixture
def seeds(shared_dir) -> str:
    return seed_words(shared_dir / "corpus" / "seeds")


@pytest.fixture(scope="module")
def forms() -> dict[str, set[str]]:
    """The normalized forms each entity's aliases can match, the article added or dropped."""
    out: dict[str, set[str]] = {}
    for entry in Gazetteer.default().alias_entries():
        key = words(entry.text)
        keys = {key}
        if entry.article_optional:
            keys.add(key[2:] if entry.text.startswith(ARTICLE) else ARTICLE + key)
        out.setdefault(entry.entity_id, set()).update(keys)
    return out


@pytest.mark.parametrize("entity_id, spelling", SPELLINGS)
def test_seed_spelling_is_an_alias(seeds, forms, entity_id, spelling):
    key = words(spelling)
    # the spelling occurs in the seeds, as whole words, possibly after a proclitic (ل + ال: لل)
    written = {key, "لل" + key[2:]} if key.startswith(ARTICLE) else {key}
    pattern = "|".join(rf"[ ](?:[وفبكل]|لل)?{re.escape(w)}[ ]" for w in written)
    assert re.search(pattern, seeds), spelling
    assert key in forms[entity_id], f"{spelling} is not an alias of {entity_id}"


def test_spellings_are_listed_once():
    assert len(SPELLINGS) == len(set(SPELLINGS))
