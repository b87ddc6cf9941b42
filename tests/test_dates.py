"""Dates: every month-name tradition, numeric and year forms, relative expressions against a
reference date, offsets through normalization, and the rules that keep look-alike words out."""

import datetime as dt
import gzip
import json
from itertools import islice

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sahel
from sahel.extract import dates as D
from sahel.extract.dates import DateMention, dates_table, find_dates

REF = dt.date(2024, 4, 12)  # a Friday


def only(text, reference=REF):
    found = find_dates(text, reference)
    assert len(found) == 1, found
    return found[0]


def isos(text, reference=REF):
    return [d.iso for d in find_dates(text, reference)]


# ---- explicit dates in each tradition --------------------------------------------------

GREGORIAN = [
    ("يناير", 1), ("فبراير", 2), ("مارس", 3), ("أبريل", 4), ("إبريل", 4), ("مايو", 5),
    ("يونيو", 6), ("يونيه", 6), ("يوليو", 7), ("يوليه", 7), ("أغسطس", 8), ("سبتمبر", 9),
    ("أكتوبر", 10), ("نوفمبر", 11), ("ديسمبر", 12),
]  # fmt: skip
LEVANTINE = [
    ("كانون الثاني", 1), ("شباط", 2), ("آذار", 3), ("نيسان", 4), ("أيار", 5), ("حزيران", 6),
    ("تموز", 7), ("آب", 8), ("أيلول", 9), ("تشرين الأول", 10), ("تشرين الثاني", 11),
    ("كانون الأول", 12),
]  # fmt: skip
MAGHREBI = [
    ("جانفي", 1), ("فيفري", 2), ("مارس", 3), ("أفريل", 4), ("ماي", 5), ("جوان", 6),
    ("جويلية", 7), ("أوت", 8), ("سبتمبر", 9), ("أكتوبر", 10), ("نوفمبر", 11), ("ديسمبر", 12),
]  # fmt: skip


@pytest.mark.parametrize("name,month", GREGORIAN + LEVANTINE + MAGHREBI)
def test_day_month_year_in_every_tradition(name, month):
    text = f"وقع الحادث في 16 {name} 2019 قرب الحدود."
    d = only(text)
    assert (d.iso, d.precision, d.relative) == (f"2019-{month:02d}-16", "day", False)
    assert d.surface == f"16 {name} 2019"
    assert text[d.start : d.end] == d.surface


@pytest.mark.parametrize("name,month", GREGORIAN + LEVANTINE + MAGHREBI)
def test_month_year(name, month):
    d = only(f"تراجعت الأسعار منذ {name} 2021، بحسب التقرير")
    assert (d.iso, d.year, d.month, d.day, d.precision) == (
        f"2021-{month:02d}", 2021, month, None, "month")  # fmt: skip


@pytest.mark.parametrize(
    "text,iso,surface",
    [
        ("في 16 آذار/ مارس 2024 أعلن", "2024-03-16", "16 آذار/ مارس 2024"),
        ("حتى مارس (آذار) 2024 تقريبا", "2024-03", "مارس (آذار) 2024"),
        ("بتاريخ 16 آذار/مارس 2024", "2024-03-16", "16 آذار/مارس 2024"),
        ("وفي تموز/ يوليو 2023 وقع", "2023-07", "تموز/ يوليو 2023"),
        ("في أيلول / سبتمبر 2018", "2018-09", "أيلول / سبتمبر 2018"),
    ],
)
def test_doubled_month_names(text, iso, surface):
    d = only(text)
    assert (d.iso, d.surface) == (iso, surface)


def test_unequal_pair_is_not_one_month():
    # "يناير/فبراير 2019" names two months of one year.
    found = find_dates("خلال يناير/فبراير 2019 ارتفعت", REF)
    assert [(d.surface, d.iso) for d in found] == [("يناير", "2019-01"), ("فبراير 2019", "2019-02")]


def test_proclitics_on_the_preposition():
    assert isos("وفي أيار 2023 عاد") == ["2023-05"]
    assert isos("فمنذ يوليو 2023 لم") == ["2023-07"]


def test_diacritics_tatweel_and_arabic_indic_digits_map_back_to_the_original():
    text = "وفي ١٦ مـــارسَ ٢٠٢٤م أعلن المجلس"
    d = only(text)
    assert d.iso == "2024-03-16"
    assert text[d.start : d.end] == d.surface
    assert d.surface.startswith("١٦") and d.surface.endswith("٢٠٢٤م")


def test_hidden_characters_inside_a_date():
    text = "في 16\u200f آذار\u00a02024 وقعت"
    d = only(text)
    assert d.iso == "2024-03-16"
    assert text[d.start : d.end] == d.surface


# ---- numeric dates and years -------------------------------------------------------------


@pytest.mark.parametrize(
    "text,iso",
    [
        ("صدر البيان بتاريخ 16/3/2024 في نيامي", "2024-03-16"),
        ("صدر البيان بتاريخ 2024-03-16 في نيامي", "2024-03-16"),
        ("صدر البيان بتاريخ 05.11.2018.", "2018-11-05"),
        ("صدر البيان بتاريخ 2018/11/05", "2018-11-05"),
    ],
)
def test_numeric_dates_are_day_first(text, iso):
    d = only(text)
    assert (d.iso, d.precision, d.relative) == (iso, "day", False)


@pytest.mark.parametrize("text", ["بتاريخ 31/2/2024", "بتاريخ 12/13/2024", "النتيجة 3/4 فقط"])
def test_impossible_or_partial_numeric_dates_are_not_dates(text):
    assert find_dates(text, REF) == []


@pytest.mark.parametrize(
    "text,surface,year",
    [
        ("منذ عام 2020، عندما وقع", "عام 2020", 2020),
        ("في 2023 تراجعت", "2023", 2023),
        ("خلال العام 2019 ارتفعت", "العام 2019", 2019),
        # After لل the second ل stands for the article and opens the span.
        ("وللعام 2018 على التوالي", "لعام 2018", 2018),
        ("تأسست سنة 1960 في نيامي", "سنة 1960", 1960),
        ("ولد في 1975 في مدينة", "1975", 1975),
        ("بحلول 2030 ستكون", "2030", 2030),
        ("بلغ ذروته 2024م ثم", "2024م", 2024),
    ],
)
def test_years_in_a_date_context(text, surface, year):
    d = only(text)
    assert (d.surface, d.year, d.iso, d.precision) == (surface, year, str(year), "year")


@pytest.mark.parametrize(
    "text", ["نشرت 2020 جندي على الحدود", "قتل 1998 شخصا", "بلغ العدد 2019 حالة في 12 مدينة"]
)
def test_counts_are_not_years(text):
    assert find_dates(text, REF) == []


def test_two_years_after_one_noun_are_one_range_valued_by_its_start():
    (d,) = D.find_dates("بين عامي 2019 و2020 ارتفع")
    assert (d.surface, d.iso) == ("عامي 2019 و2020", "2019")


def test_two_days_of_one_month():
    found = find_dates("على مدار يومي 12 و13 آذار/ مارس 2024.", REF)
    assert [d.iso for d in found] == ["2024-03-12", "2024-03-13"]
    assert [d.surface for d in found] == ["12", "13 آذار/ مارس 2024"]


# ---- month names without a year -----------------------------------------------------------


@pytest.mark.parametrize(
    "text,reference,iso",
    [
        # the most recent such month not after the reference month
        ("وفي مارس أعلن", REF, "2024-03"),
        ("وفي أبريل أعلن", REF, "2024-04"),
        ("وفي مايو أعلن", REF, "2023-05"),
        # الماضي: strictly before the reference month; المقبل: strictly after it
        ("وفي يوليو الماضي وقعت", dt.date(2024, 10, 1), "2024-07"),
        ("وفي يوليو الماضي وقعت", dt.date(2024, 7, 20), "2023-07"),
        ("في كانون الأول/ ديسمبر الماضي، وقعت", REF, "2023-12"),
        ("في يوليو (تموز) الماضي", REF, "2023-07"),
        ("في يناير المقبل", REF, "2025-01"),
        ("في يونيو المقبل", REF, "2024-06"),
        ("في أبريل المقبل", REF, "2025-04"),
        ("في مارس من العام الماضي", REF, "2023-03"),
        ("منذ شهر مايو، أدى", REF, "2023-05"),
    ],
)
def test_month_without_year_takes_it_from_the_reference(text, reference, iso):
    d = only(text, reference)
    assert (d.iso, d.precision, d.relative) == (iso, "month", True)


@pytest.mark.parametrize(
    "text,iso,surface,part",
    [
        ("ومنتصف مارس (آذار)، ألغى", "2024-03", "مارس (آذار)", "منتصف"),
        ("في منتصف آذار/ بإلغاء", "2024-03", "آذار", "منتصف"),
        (
            "زار أواخر كانون الثاني/ يناير 2024 طهران",
            "2024-01",
            "كانون الثاني/ يناير 2024",
            "أواخر",
        ),
        ("وفي نهاية يناير انسحبت", "2024-01", "يناير", "نهاية"),
        ("مطلع فبراير", "2024-02", "فبراير", "مطلع"),
        ("بنهاية شهر يوليو/تموز، وفقا", "2024-07", "شهر يوليو/تموز", "نهاية"),
    ],
)
def test_part_of_a_month_is_the_month_without_the_part_word(text, iso, surface, part):
    # The annotation guide leaves the part word out of the span; part_start points at it.
    d = only(text)
    assert (d.iso, d.surface, d.precision) == (iso, surface, "month")
    assert d.part_start is not None
    assert text[d.part_start : d.start].strip() == part


# ---- relative expressions -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text,iso,precision",
    [
        ("قال أمس إن", "2024-04-11", "day"),
        ("وقال بالأمس إن", "2024-04-11", "day"),
        ("أول أمس", "2024-04-10", "day"),
        ("قال اليوم إن", "2024-04-12", "day"),
        ("اليوم الجمعة", "2024-04-12", "day"),
        ("أمس الخميس", "2024-04-11", "day"),
        ("غدا السبت", "2024-04-13", "day"),
        ("بعد غد", "2024-04-14", "day"),
        ("الشهر الماضي", "2024-03", "month"),
        ("الشهر المقبل", "2024-05", "month"),
        ("الشهر الجاري", "2024-04", "month"),
        ("مطلع الشهر", "2024-04", "month"),
        ("أواخر الشهر الماضي", "2024-03", "month"),
        ("العام الماضي", "2023", "year"),
        ("السنة الماضية", "2023", "year"),
        ("العام المقبل", "2025", "year"),
        ("هذا العام", "2024", "year"),
        ("نهاية العام الجاري", "2024", "year"),
        ("الأسبوع الماضي", "2024-04-01", "week"),
        ("هذا الأسبوع", "2024-04-08", "week"),
        ("الأسبوع المقبل", "2024-04-15", "week"),
    ],
)
def test_relative_expressions(text, iso, precision):
    d = only(f"وكان ذلك {text} في العاصمة")
    assert (d.iso, d.precision, d.relative) == (iso, precision, True)


TUESDAY = dt.date(2024, 3, 26)


@pytest.mark.parametrize(
    "text,reference,iso",
    [
        ("الثلاثاء الماضي", TUESDAY, "2024-03-19"),  # strictly before
        ("الثلاثاء الماضي", dt.date(2024, 3, 28), "2024-03-26"),
        ("يوم الثلاثاء", TUESDAY, "2024-03-26"),  # on or before
        ("يوم الأحد", TUESDAY, "2024-03-24"),
        ("مساء الأربعاء", TUESDAY, "2024-03-20"),
        ("الثلاثاء المقبل", TUESDAY, "2024-04-02"),  # strictly after
        ("الجمعة المقبلة", TUESDAY, "2024-03-29"),
    ],
)
def test_weekdays(text, reference, iso):
    d = only(f"وقال المتحدث {text} إن", reference)
    assert (d.iso, d.precision, d.relative) == (iso, "day", True)


def test_bare_weekday_between_commas_as_datelines_write_it():
    assert isos("بث التلفزيون، الخميس، لقطات", TUESDAY) == ["2024-03-21"]
    assert isos("قرر الاثنين معا", TUESDAY) == []  # "the two", not Monday


def test_weekday_before_an_explicit_date_adds_nothing():
    found = find_dates("وقال الاثنين 26 مارس 2018 إن", REF)
    assert [d.iso for d in found] == ["2018-03-26"]


def test_relative_without_reference_is_found_but_unresolved():
    found = find_dates("الشهر الماضي وفي مارس والثلاثاء الماضي و16 مارس 2024")
    assert [(d.iso, d.precision, d.relative) for d in found] == [
        (None, "month", True),
        (None, "month", True),
        (None, "day", True),
        ("2024-03-16", "day", False),
    ]
    assert found[1].month == 3 and found[1].year is None


def test_reference_forms():
    expected = isos("الشهر الماضي", REF)
    for ref in ("2024-04-12", dt.datetime(2024, 4, 12, 10), pd.Timestamp("2024-04-12")):
        assert isos("الشهر الماضي", ref) == expected
    assert isos("الشهر الماضي", pd.NaT) == [None]


# ---- look-alike words -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "مارس الضغط على الحكومة",  # "he practised"
        "ومارس المجلس نفوذه",
        "قالت رئيسة الوزراء تيريزا ماي إن",
        "في ماي رأي آخر",
        "أعلنت نيسان عن سيارة جديدة",
        "في نيسان وتويوتا",
        "هو أب لثلاثة أطفال",
        "قال حميد شباط إن",
        "قوى 14 آذار",
        "اليوم العالمي للمرأة",
        "قناة روسيا اليوم",
        "منذ ذلك اليوم",
        "مرتين في اليوم",
        "غدا الوضع صعبا",
        "ذكرت الجمعية العامة",
        "في العام الدراسي",
    ],
)
def test_words_that_look_like_dates(text):
    assert find_dates(text, REF) == []


def test_ambiguous_month_names_with_a_day_or_year_are_dates():
    assert isos("في 3 ماي 2018") == ["2018-05-03"]
    assert isos("منذ نيسان 2019") == ["2019-04"]
    assert isos("في آب الماضي") == ["2023-08"]
    assert isos("منذ مارس") == ["2024-03"]


def test_hijri_dates_are_converted_through_umm_al_qura():
    d = only("الأحد 12 رمضان 1439 هـ الموافق")
    # 12 Ramadan 1439 = Sunday 27 May 2018; the weekday names the date and joins its span.
    assert (d.precision, d.iso, d.calendar, d.rule) == ("day", "2018-05-27", "hijri", "written")
    assert d.surface == "الأحد 12 رمضان 1439 هـ"


# ---- properties and invariants ---------------------------------------------------------------


def test_vocabulary_is_written_normalized():
    words = [*D.MONTHS, *D.HIJRI_MONTHS, *D.WEEKDAYS, *D.DATE_WORDS, *D.NAMING_WORDS]
    words += [*D.PAST, *D.FUTURE, *D.CURRENT, *D.NOT_TODAY_BEFORE, *D._LEAD_WORDS]
    for word in words:
        assert sahel.normalize(word) == word, word


MARKS = st.sampled_from(["\u064e", "\u0651", "\u0640", "\u200f", ""])


@given(st.lists(MARKS, min_size=12, max_size=12), st.sampled_from(GREGORIAN + LEVANTINE))
@settings(max_examples=150, deadline=None)
def test_marks_anywhere_inside_change_nothing_but_offsets(marks, name_month):
    name, month = name_month
    plain = f"في 16 {name} 2019"
    noisy = "".join(ch + (marks[i % 12] if ch.isalpha() else "") for i, ch in enumerate(plain))
    d = only(noisy)
    assert d.iso == f"2019-{month:02d}-16"
    assert noisy[d.start : d.end] == d.surface
    assert sahel.normalize(d.surface) == sahel.normalize(f"16 {name} 2019")


def test_dataclass_is_frozen():
    d = only("في 16 مارس 2024")
    assert isinstance(d, DateMention)
    with pytest.raises(AttributeError):
        d.iso = "x"


def test_bad_input():
    with pytest.raises(TypeError, match="str"):
        find_dates(b"16 March")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        find_dates("الشهر الماضي", "yesterday")
    with pytest.raises(TypeError, match="reference"):
        find_dates("الشهر الماضي", 3.5)
    with pytest.raises(ValueError, match="text"):
        dates_table(pd.DataFrame({"doc_id": [1]}))


# ---- tables --------------------------------------------------------------------------------


def test_dates_table_columns_and_sentences():
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "text": ["وصل الوفد أمس. وفي 16 مارس 2024 وقعت الاتفاقية.", "لا تاريخ هنا"],
            "date": [pd.Timestamp("2024-04-12"), pd.NaT],
        }
    )
    first_end = docs.text[0].index(".") + 1
    sentences = pd.DataFrame(
        {"doc_id": ["a", "a"], "start": [0, first_end + 1], "end": [first_end, len(docs.text[0])]}
    )
    table = dates_table(docs, sentences)
    assert list(table.columns) == D.COLUMNS
    assert table["iso"].tolist() == ["2024-04-11", "2024-03-16"]
    assert table["sentence"].tolist() == [0, 1]
    assert table["relative"].tolist() == [True, False]
    for row in table.itertuples():
        assert docs.text[0][row.start : row.end] == row.surface
    assert dates_table(docs)["sentence"].isna().all()
    assert dates_table(["في 16 مارس 2024"])["iso"].tolist() == ["2024-03-16"]


# ---- the anchored search equals the exhaustive one -------------------------------------------


def _corpus_sample(shared_dir, n):
    path = shared_dir / "corpus" / "ant_multisource.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in islice(f, n)]


def test_anchored_search_equals_exhaustive_search(shared_dir):
    texts = [
        p.read_text(encoding="utf-8") for p in sorted((shared_dir / "corpus/seeds").glob("*.txt"))
    ]
    records = _corpus_sample(shared_dir, 1500)
    texts += [r["text"] or "" for r in records]
    refs = [REF] * 5 + [r["date"] for r in records]
    total = 0
    for text, ref in zip(texts, refs, strict=True):
        norm = sahel.normalize(text)
        fast = D.find_dates_normalized(norm, ref)
        assert fast == D._find_dates_reference(norm, ref)
        total += len(fast)
    assert total > 1000
