"""Hijri dates, pairs, direction of yearless dates, relative days, idioms that are not dates,
named periods, references at the ends of the calendar and document dates from the text
(docs/dates.md)."""

import datetime as dt

import pandas as pd
import pytest

import sahel.extract.dates as D
from sahel.text.calendar import hijri_to_gregorian

# Friday 31 July 2015, the article date of the archive the rules were written for.
REF = "2015-07-31"


def one(text, ref=REF):
    found = D.find_dates(text, ref)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "text,iso,precision,surface",
    [
        (
            "صدر في 12/10/1436هـ عن",
            hijri_to_gregorian(1436, 10, 12).isoformat(),
            "day",
            "12/10/1436هـ",
        ),
        (
            "صدر في 1436/10/12 هـ عن",
            hijri_to_gregorian(1436, 10, 12).isoformat(),
            "day",
            "1436/10/12 هـ",
        ),
        (
            "في 5 ربيع الأول 1437 هـ",
            hijri_to_gregorian(1437, 3, 5).isoformat(),
            "day",
            "5 ربيع الأول 1437 هـ",
        ),
        (
            "في 5 ربيع الآخر 1437",
            hijri_to_gregorian(1437, 4, 5).isoformat(),
            "day",
            "5 ربيع الآخر 1437",
        ),
        (
            "مطلع جمادى الآخرة 1437",
            hijri_to_gregorian(1437, 6, 1).isoformat(),
            "month",
            "جمادى الآخرة 1437",
        ),
        (
            "في ذي الحجة 1436هـ",
            hijri_to_gregorian(1436, 12, 1).isoformat(),
            "month",
            "ذي الحجة 1436هـ",
        ),
        ("في عام 1436 هـ", hijri_to_gregorian(1436, 1, 1).isoformat(), "year", "عام 1436 هـ"),
        ("سنة 1400 هجرية", hijri_to_gregorian(1400, 1, 1).isoformat(), "year", "سنة 1400 هجرية"),
    ],
)
def test_hijri_forms(text, iso, precision, surface):
    d = one(text)
    assert (d.iso, d.precision, d.calendar, d.surface, d.relative) == (
        iso, precision, "hijri", surface, False,
    )  # fmt: skip


def test_hijri_day_that_does_not_exist_is_kept_unresolved():
    short = next(
        (y, m) for y in range(1436, 1440) for m in range(1, 13) if D.hijri_month_length(y, m) == 29
    )
    d = one(f"في 30/{short[1]}/{short[0]}هـ")
    assert (d.iso, d.calendar) == (None, "hijri")


def test_pair_that_agrees():
    text = "يوم الخميس 12 من ذي القعدة ١٤٣٦هـ، الموافق 27 أغسطس 2015م"
    hijri, greg = D.find_dates(text, "2015-08-20")
    assert hijri.surface == "يوم الخميس 12 من ذي القعدة ١٤٣٦هـ"
    assert greg.surface == "27 أغسطس 2015م"
    assert hijri.iso == greg.iso == "2015-08-27"
    assert (hijri.pair_start, hijri.pair_end) == (greg.start, greg.end)
    assert (greg.pair_start, greg.pair_end) == (hijri.start, hijri.end)
    assert not hijri.disagree and not greg.disagree


def test_pair_that_disagrees_keeps_the_gregorian_and_flags_it():
    hijri, greg = D.find_dates("في 12/10/1436هـ الموافق 9 / 8 / 2015 م")
    assert greg.surface == "9 / 8 / 2015 م"
    assert hijri.iso == greg.iso == "2015-08-09"
    assert hijri.disagree and greg.disagree and hijri.rule == "pair_gregorian"
    table = D.dates_table(
        pd.DataFrame({"doc_id": [1], "text": ["في 12/10/1436هـ الموافق 9 / 8 / 2015 م"]})
    )
    assert D.pair_agreement(table) == (1, 0)


def test_pair_in_brackets():
    hijri, greg = D.find_dates("في 1 رمضان 1436 هـ (18 يونيو 2015)")
    assert hijri.pair_start == greg.start and not hijri.disagree


@pytest.mark.parametrize(
    "text,iso,rule",
    [
        ("من المقرر أن يفتتح المعرض في 19 سبتمبر", "2015-09-19", "future_cue"),
        ("سيعقد المؤتمر في 3 يوليو", "2016-07-03", "future_cue"),
        ("قال في 3 سبتمبر إن", "2014-09-03", "past_cue"),
        ("وفي 3 سبتمبر", "2015-09-03", "nearest"),
        ("وفي 3 مارس", "2015-03-03", "nearest"),
        ("في 3 يوليو المقبل", "2016-07", "modifier"),
    ],
)
def test_direction_of_a_date_without_a_year(text, iso, rule):
    d = one(text)
    assert (d.iso[: len(iso)], d.rule) == (iso, rule)


@pytest.mark.parametrize(
    "text,iso,rule",
    [
        ("وقال أول من أمس", "2015-07-29", "reference"),
        ("قال أمس الأول", "2015-07-29", "reference"),
        ("اليوم الاثنين", "2015-08-03", "weekday_named"),  # a Friday article: the nearest Monday
        ("غدا السبت", "2015-08-01", "weekday_named"),
        ("الليلة الماضية", "2015-07-30", "reference"),
    ],
)
def test_relative_days(text, iso, rule):
    d = one(text)
    assert (d.iso, d.rule, d.surface) == (
        iso,
        rule,
        text.removeprefix("وقال ").removeprefix("قال "),
    )


def test_today_and_a_weekday_in_a_tuesday_article():
    assert one("اليوم الاثنين", "2015-07-28").iso == "2015-07-27"


def test_weekday_beside_an_explicit_date_never_overrides_it():
    d = one("يوم الخميس 12 من ذي القعدة ١٤٣٦هـ")
    assert d.iso == "2015-08-27"
    d = one("الأحد 3 يونيو 2012")
    assert d.iso == "2012-06-03"


@pytest.mark.parametrize(
    "text",
    ["نقلت صحيفة عين اليوم", "في عالم اليوم", "مريض اليوم", "نجوم الأمس يعودون", "حلفاء الأمس"],
)
def test_idioms_are_not_dates(text):
    assert D.find_dates(text, REF) == []


def test_yesterday_with_the_article_after_a_time_noun_is_a_date():
    assert one("منذ الأمس").iso == "2015-07-30"
    assert one("وقع يوم الأمس").iso == "2015-07-30"


@pytest.mark.parametrize(
    "text,hijri,precision",
    [
        ("خلال هذا الشهر الكريم", (1436, 9, 1), "month"),  # Ramadan 1436 ended on 16 July 2015
        ("في رمضان", (1436, 9, 1), "month"),
        ("بمناسبة عيد الفطر", (1436, 10, 1), "day"),
        ("بمناسبة عيد الأضحى المبارك", (1436, 12, 10), "day"),
        ("مسلسل رمضان 2016", (1437, 9, 1), "month"),
    ],
)
def test_named_periods(text, hijri, precision):
    d = D.find_dates(text, REF)[-1]
    assert (d.iso, d.precision, d.calendar) == (
        hijri_to_gregorian(*hijri).isoformat(),
        precision,
        "hijri",
    )


def test_ramadan_as_a_name_is_no_date():
    assert D.find_dates("قال طارق رمضان", REF) == []


@pytest.mark.parametrize("reference", ["0001-01-01", "0001-01-02", "9999-12-31", "9999-12-25"])
@pytest.mark.parametrize(
    "text",
    ["أمس", "غدا الأحد", "الأسبوع الماضي", "الشهر المقبل", "العام المقبل", "في 3 مارس", "رمضان",
     "الخميس", "قبل عامين", "في هذا الشهر الكريم", "بعد غد"],
)  # fmt: skip
def test_reference_at_the_ends_of_the_calendar_leaves_values_unresolved(reference, text):
    for d in D.find_dates(text, reference):
        if d.iso is not None:
            assert 1 <= int(d.iso[:4]) <= 9999


def test_counted_periods_back():
    assert one("قبل ثلاثة أيام").iso == "2015-07-28"
    assert one("وقبل عامين").iso == "2013"
    assert one("قبل 5 سنوات").iso == "2010"
    assert one("قبل شهرين").iso == "2015-05"


def test_document_date_estimated_from_the_text():
    text = "أعلن في 3 يونيو 2015 أن الاجتماع الذي عقد أمس، بعد لقاء 2 يونيو 2015"
    assert D.estimate_reference(text) == dt.date(2015, 6, 3)
    docs = pd.DataFrame(
        {"doc_id": [1, 2, 3], "text": [text, "أمس", "أمس"], "date": [None, None, REF]}
    )
    assert D.date_sources(docs).tolist() == ["text", None, "field"]
    table = D.dates_table(docs)
    yesterday = table[(table["doc_id"] == 1) & (table["surface"] == "أمس")]
    assert yesterday["iso"].tolist() == ["2015-06-02"]
    assert table[table["doc_id"] == 2]["iso"].isna().all()


def test_table_columns():
    table = D.dates_table(
        pd.DataFrame(
            {"doc_id": [1], "text": ["في 1 رمضان 1436 هـ (18 يونيو 2015) وأمس"], "date": [REF]}
        )
    )
    assert list(table.columns) == D.COLUMNS
    assert set(table["calendar"]) == {"hijri", "gregorian"}
    assert set(table["rule"].dropna()) <= set(D.RULES)
    assert table["pair_start"].notna().sum() == 2
