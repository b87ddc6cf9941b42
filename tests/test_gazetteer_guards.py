"""Homograph guards and breadth of the default gazetteer, on sentences written for these tests."""

from __future__ import annotations

import pytest

from sahel import Gazetteer, Matcher
from sahel.text.gazetteer import GazetteerError


@pytest.fixture(scope="module")
def matcher():
    return Matcher()


def found(matcher, text):
    return [(m.surface, m.entity_id) for m in matcher.find(text)]


@pytest.mark.parametrize(
    ("text", "entity", "not_entity"),
    [
        # a person's name written like a country: the first name or title makes the person
        ("صرح ديفيد كاميرون للصحفيين", "david_cameron", "CM"),
        ("استقبل الأمير تركي الفيصل الوفد", "turki_al_faisal", "TR"),
        ("أسس تشاد هيرلي الموقع", "chad_hurley", "TD"),
        # a country inside a longer proper name
        ("أودع المبلغ في بنك قطر الوطني أمس", "qnb", "QA"),
        ("تخرج من جامعة القاهرة قبل عامين", "cairo_university", "cairo"),
        ("عبرت سفينة بحر الصين الجنوبي", "south_china_sea", "CN"),
    ],
)
def test_longer_name_wins(matcher, text, entity, not_entity):
    ids = [e for _, e in found(matcher, text)]
    assert entity in ids
    assert not_entity not in ids


@pytest.mark.parametrize(
    ("text", "not_entity"),
    [
        ("فاز المنتخب ببطولة كوبا أمريكا للمرة الثانية", "CU"),
        ("ولد في ولاية جورجيا قبل ستين عاما", "GE"),
        ("انتقل إلى نيو جيرسي مع أسرته", "JE"),
        ("سجل هدفا لنادي موناكو في الدقيقة الأخيرة", "MC"),
        ("عزفت الفرقة موسيقى ريتشارد فاغنر", "wagner"),
        ("هبطت الطائرات في القاعدة إنجرليك جنوب البلاد", "al_qaeda"),
        ("افتتح فرعا جديدا كسبها به الجمهور", "sabha"),
        ("درس التحليل البنيوي للنص", "NU"),
    ],
)
def test_guard_rejects(matcher, text, not_entity):
    assert not_entity not in [e for _, e in found(matcher, text)]


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("أعلنت كوبا أمس", "CU"),
        ("زار الرئيس جورجيا", "GE"),
        ("وصل الوزير إلى بنين", "BJ"),
        ("عزفت الفرقة موسيقى ريتشارد فاغنر", "richard_wagner"),
        ("تقاتل مجموعة فاغنر في مالي", "wagner"),
        ("قتل مسلحو تنظيم القاعدة جنديين", "al_qaeda"),
        ("وصل الوفد إلى سبها", "sabha"),
        ("قصفت طائرات التحالف مواقع الحوثيين", "houthis"),
        ("هاجمت ميليشيات حوثية السفينة", "houthis"),
        ("قال حزب الله إن", "hezbollah"),
        ("اتفقت دول أوبك على خفض الإنتاج", "opec"),
        ("التقى بشار الأسد وفدا روسيا", "bashar_al_assad"),
        ("أعلنت دمشق رفضها", "damascus"),
    ],
)
def test_names_found(matcher, text, entity):
    assert entity in [e for _, e in found(matcher, text)]


def test_demonym_forms_of_groups(matcher):
    kinds = {m.surface: m.kind for m in matcher.find("هاجمت ميليشيات حوثية السفينة")}
    assert kinds == {"حوثية": "demonym"}


def test_cameron_after_full_name(matcher):
    text = "قال ديفيد كاميرون إن بلاده مستعدة. وأضاف كاميرون أن الحكومة ستعمل"
    assert [e for _, e in found(matcher, text)] == ["david_cameron", "david_cameron"]


def test_places_have_coordinates():
    g = Gazetteer.default()
    for entity_id in ("damascus", "baghdad", "sanaa", "beirut", "islamabad"):
        entity = g[entity_id]
        assert entity.refers_to == entity.country
        assert entity.lat is not None and -90 <= entity.lat <= 90
        assert entity.lon is not None and -180 <= entity.lon <= 180
    # Damascus lies east of Beirut and north of Sanaa
    assert g["damascus"].lon > g["beirut"].lon and g["damascus"].lat > g["sanaa"].lat


def write(path, text):
    path.write_text(text, encoding="utf-8")


ENTITY = "id\ttype\taliases\n" + "AA\tcountry\tألفا\n"
RULES = "entity_id\talias\tdefault\treject_before\n"


@pytest.mark.parametrize("word", ["كسب-ها", "ر.س", "__", "²"])
def test_context_words_checked_with_core_rules(tmp_path, word):
    write(tmp_path / "a.tsv", ENTITY)
    write(tmp_path / "b.tsv", RULES + f"AA\tألفا\taccept\t{word}\n")
    with pytest.raises(GazetteerError, match=r"b\.tsv:2: "):
        Gazetteer.load(tmp_path)


@pytest.mark.parametrize("alias", ["__", "²"])
def test_alias_the_core_does_not_see(tmp_path, alias):
    write(tmp_path / "a.tsv", "id\ttype\taliases\n" + f"AA\tcountry\t{alias}\n")
    with pytest.raises(GazetteerError, match=r"a\.tsv:2: alias .* normalizes to nothing"):
        Gazetteer.load(tmp_path)


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [("91", "0", "bad lat"), ("0", "181", "bad lon"), ("x", "0", "bad lat"), ("1", "", "lat")],
)
def test_bad_coordinates(tmp_path, lat, lon, message):
    write(tmp_path / "a.tsv", "id\ttype\taliases\tlat\tlon\n" + f"aa\tcity\tألفا\t{lat}\t{lon}\n")
    with pytest.raises(GazetteerError, match=rf"a\.tsv:2: {message}"):
        Gazetteer.load(tmp_path)


def test_coordinates_survive_extend_and_pickle(tmp_path):
    import pickle

    write(tmp_path / "a.tsv", "id\ttype\taliases\tlat\tlon\n" + "aa\tcity\tألفا\t0\t-12.5\n")
    g = Gazetteer.load(tmp_path)
    assert (g["aa"].lat, g["aa"].lon) == (0.0, -12.5)
    extended = Gazetteer.default().extend(g)
    assert (extended["aa"].lat, extended["aa"].lon) == (0.0, -12.5)
    assert pickle.loads(pickle.dumps(g))["aa"].lat == 0.0


def test_core_aliases_stay_plain(matcher):
    """Aliases central to Sahel coverage are not ambiguous: full confidence, no flag."""
    for text, entity in (("أعلنت تشاد", "TD"), ("قوات فاغنر", "wagner"), ("قالت أمريكا", "US")):
        (mention,) = [m for m in matcher.find(text) if m.entity_id == entity]
        assert mention.confidence == 1.0 and not mention.ambiguous


# ---- capitals: the city or its government --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "kind"),
    [
        ("أعلنت باريس أمس رفضها القرار", "باريس", "metonym"),
        ("ردت موسكو على العقوبات", "موسكو", "metonym"),
        ("وصل الوفد إلى باريس مساء الأحد", "باريس", "name"),
        ("وقع هجوم بالسكين وسط باريس", "باريس", "name"),
        ("يعيش نصف السكان في موسكو وضواحيها", "موسكو", "name"),
        ("عقد الاجتماع بباريس", "بباريس", "name"),
        ("أقيم الحفل في العاصمة الألمانية #برلين", "برلين", "name"),
        ("طهران - أعلن المتحدث باسم الخارجية", "طهران", "name"),
        ("قال لدى مغادرته صنعاء إن المحادثات مثمرة", "صنعاء", "name"),
    ],
)
def test_capital_as_city_or_state(matcher, text, surface, kind):
    kinds = {m.surface: m.kind for m in matcher.find(text)}
    assert kinds[surface] == kind
    table = matcher.table([text])
    assert dict(zip(table["surface"], table["kind"], strict=True))[surface] == kind


def test_capital_read_as_city_is_a_place_for_actors(matcher):
    from sahel.text.actors import mention_actors

    table = matcher.table(["ردت موسكو على العقوبات", "وصل الوفد إلى موسكو"])
    actors = mention_actors(table, "actor")
    assert actors["actor"].tolist() == ["RU", "moscow"]
    assert actors["place"].tolist() == [False, True]


# ---- cities: breadth and the names that are words ----------------------------------------


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("قتل ثلاثة أشخاص في انفجار بمدينة حلب", "aleppo"),
        ("وصلت الشحنة إلى ميناء بنغازي", "benghazi"),
        ("شهدت مراكش مهرجانا للسينما", "marrakesh"),
        ("أمطار غزيرة في الإسكندرية", "alexandria"),
        ("انتشرت قوات في شوارع كانو", "kano"),
        ("تظاهر المئات في مدينة العين", "al_ain_city"),
        ("سافرت إلى نيويورك الأسبوع الماضي", "new_york_city"),
    ],
)
def test_cities_found(matcher, text, entity):
    assert entity in [e for _, e in found(matcher, text)]


@pytest.mark.parametrize(
    ("text", "not_entity"),
    [
        ("أخذنا بعين الاعتبار كل الآراء", "al_ain_city"),  # عين "eye"
        ("رأت العين ما لم تره الأذن", "al_ain_city"),
        ("قالت السلطات إنها اعتقلت المشتبه به", "settat"),  # سلطات "authorities"
        ("حقق الفريق فوزا كبيرا أمس", "beira"),  # كبيرا "big", not ك + بيرا
        ("نشرت الصحيفة الخبر أمس", "khobar"),  # الخبر "the news"
        ("شاهدت الصور على الموقع", "tyre"),  # الصور "the pictures"
        ("أصبح الموضوع حديث الساعة بأنه مهم", "baneh"),  # بأنه "that it"
    ],
)
def test_city_names_that_are_words(matcher, text, not_entity):
    assert not_entity not in [e for _, e in found(matcher, text)]


def test_generated_cities_have_a_country_and_coordinates():
    g = Gazetteer.default()
    cities = [e for e in g.entities.values() if g.where(e.id).split(":")[0].endswith("cities.tsv")]
    assert len(cities) > 900
    for city in cities:
        assert city.type == "city" and city.country in g and city.lat is not None


# ---- family names that are words --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "entity", "present"),
    [
        ("وقال روحاني إن بلاده لن تتراجع", "hassan_rouhani", True),
        ("تحدث عن البعد الروحاني للفن", "hassan_rouhani", False),
        ("زار الرئيس رئيسي العاصمة", "ebrahim_raisi", True),
        ("لعب دورا رئيسي في المباراة", "ebrahim_raisi", False),
        ("انتقد بخاري المعارضة", "muhammadu_buhari", True),
        ("روى الحديث البخاري ومسلم", "muhammadu_buhari", False),
    ],
)
def test_family_names_that_are_words(matcher, text, entity, present):
    assert (entity in [e for _, e in found(matcher, text)]) is present


# ---- a country name written like its adjective --------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "kind"),
    [
        ("انتقدت الحكومة السعودية القرار", "السعودية", "demonym"),
        ("تنافس الأندية السعودية على اللقب", "السعودية", "demonym"),
        ("أعلنت الحكومة السورية الهدنة", "السورية", "demonym"),
        ("زار السعودية الأسبوع الماضي", "السعودية", "name"),
        # a name written without the article (تشيلي، سورية) that the text writes with it
        ("تأهل التشيلي خوان إلى الدور الثاني", "التشيلي", "demonym"),
        ("عن موقف السورية من الاتفاق", "السورية", "demonym"),
        ("سافر الفريق إلى تشيلي", "تشيلي", "name"),
        ("وصل الوفد إلى السعودية", "السعودية", "name"),
        ("وقعت الإمارات والسعودية الاتفاق", "والسعودية", "name"),
        # the last word of a longer name is still a noun (الجوية، العاصمة، المسلحة end names
        # of the data), so the nisba after it is an adjective
        ("وقعت القوات الجوية السعودية عقدا", "السعودية", "demonym"),
        ("غنت في العاصمة السعودية", "السعودية", "demonym"),
        ("أعلنت القوات المسلحة السعودية", "السعودية", "demonym"),
    ],
)
def test_country_name_or_adjective(matcher, text, surface, kind):
    kinds = {m.surface: m.kind for m in matcher.find(text)}
    assert kinds[surface] == kind
    table = matcher.table([text])
    assert dict(zip(table["surface"], table["kind"], strict=True))[surface] == kind


# ---- guards: reject words on plain aliases, and written words that are other words ---------


@pytest.mark.parametrize(
    ("text", "not_entity"),
    [
        ("تعد اللغة الفرنسية لغة رسمية هناك", "FR"),
        ("ترجمت الرواية إلى الألمانية العام الماضي", "DE"),
        ("يدرس الطلاب اللغات الإسبانية والعربية", "ES"),
        ("قال الممثل كاميرون إنه سعيد بالدور", "CM"),
        ("وقال كلاوس للحاضرين إن المعرض ناجح", "LA"),
        ("حقق الفريق فوزا باهرا وإنجازا باهر النتائج", "ahar"),
        ("تحدث على الصعيد الدولي عن الأزمة", "upper_egypt"),
        ("فاز دينامو كييف على ضيفه", "kyiv"),
        ("تعادل المغرب التطواني مع ضيفه", "MA"),
        ("سجل لاعب ريال مدريد هدفين", "madrid"),
    ],
)
def test_guards_reject(matcher, text, not_entity):
    assert not_entity not in [e for _, e in found(matcher, text)]
    assert not_entity not in set(matcher.table([text])["entity_id"].astype(str))


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("أعلنت الحكومة الفرنسية دعمها", "FR"),
        ("وصل الوفد الفرنسي إلى باريس", "FR"),
        ("زار الرئيس الكاميرون الأسبوع الماضي", "CM"),
        ("وقع الاتفاق مع لاوس وكمبوديا", "LA"),
        ("تعاني قرى الصعيد من الجفاف", "upper_egypt"),
        ("فاز المانشافت على منافسه", "DE"),
        ("وصل المنتخب إلى الدانمارك", "DK"),
    ],
)
def test_guarded_aliases_still_found(matcher, text, entity):
    assert entity in [e for _, e in found(matcher, text)]


def test_guard_keeps_the_alias_plain(matcher):
    # A guard rejects in its contexts only: elsewhere the alias is neither flagged nor
    # discounted, unlike an ambiguous alias.
    [m] = [m for m in matcher.find("أعلنت الحكومة الفرنسية دعمها") if m.entity_id == "FR"]
    assert m.confidence == 1.0
    assert not m.ambiguous


def test_guard_file_rules(tmp_path):
    folder = tmp_path / "g"
    folder.mkdir()
    (folder / "a.tsv").write_text(
        "id\ttype\tlabel\taliases\nzz_town\tcity\tZ\tسلام\n", encoding="utf-8"
    )
    (folder / "b.tsv").write_text(
        "entity_id\talias\treject_before\treject_word\nzz_town\tسلام\tعملية\tكسلام\n",
        encoding="utf-8",
    )
    m = Matcher(Gazetteer.load(folder))

    def ids(text):
        return [x.entity_id for x in m.find(text)]

    assert ids("وصل إلى سلام أمس") == ["zz_town"]
    assert ids("تعثرت عملية سلام جديدة") == []  # reject_before
    assert ids("كان الخبر كسلام للجميع") == []  # reject_word: the whole written word
    assert ids("وصل إلى بسلام") == ["zz_town"]  # another proclitic reading stays
    # An accept word without a default is refused: guards only reject.
    (folder / "b.tsv").write_text(
        "entity_id\talias\taccept_before\nzz_town\tسلام\tمدينة\n", encoding="utf-8"
    )
    with pytest.raises(GazetteerError, match="no default"):
        Gazetteer.load(folder)


def test_validator_finds_dead_word_rules_and_unnamed_titles(tmp_path):
    import shutil
    import sys
    from pathlib import Path

    from sahel.text.gazetteer import default_path

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "tools"))
    try:
        import validate_gazetteer
    finally:
        sys.path.pop(0)
    folder = tmp_path / "g"
    shutil.copytree(str(default_path()), folder)
    assert validate_gazetteer.problems(str(folder)) == []
    with (folder / "word_guards.tsv").open("a", encoding="utf-8") as f:
        f.write("LA\tلاوس\tمصر\n")  # مصر is no proclitic reading of لاوس
    with (folder / "people_world.tsv").open("a", encoding="utf-8") as f:
        f.write("zz_person\tperson\tZ\t\tEG\tزيد عمرو\tkeeper_of_seals:EG:2001:\n")
    found = validate_gazetteer.problems(str(folder))
    assert any("reject_word 'مصر'" in line for line in found)
    assert any("keeper_of_seals" in line for line in found)


@pytest.mark.parametrize(
    ("text", "surface", "entity"),
    [
        ("قالت مصادر لـ«الشرق الأوسط» إن الاتفاق قريب", "الشرق الأوسط", "asharq_al_awsat"),
        ('نقلت "الرياض" عن مصادر مطلعة', "الرياض", "al_riyadh_newspaper"),
        ("تتصاعد التوترات في الشرق الأوسط", "الشرق الأوسط", "middle_east"),
        ("وصل الوفد إلى الرياض أمس", "الرياض", "riyadh"),
    ],
)
def test_outlet_named_after_a_place_in_quotes(matcher, text, surface, entity):
    assert (surface, entity) in found(matcher, text)
    table = matcher.table([text])
    assert entity in set(table["entity_id"].astype(str))
    if entity != "riyadh" and entity != "middle_east":
        assert set(table["type"].astype(str)) == {"media"}
