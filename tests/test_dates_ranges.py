"""Dates: ranges, decades, feasts, Hijri modifiers, counted periods of one unit, events named by
their date, and the span conventions of the annotation guide (docs/annotation/dates.md)."""

import datetime as dt

import pandas as pd
import pytest

from sahel.extract.dates import dates_table, find_dates

REF = dt.date(2018, 5, 9)  # a Wednesday


def spans(text, reference=REF):
    return [(d.surface, d.iso, d.precision) for d in find_dates(text, reference)]


@pytest.mark.parametrize(
    "text,expected",
    [
        # a month or year written once serves both ends: one range, valued by its start
        ("تقام البطولة من 10 إلى 12 مايو 2019", [("10 إلى 12 مايو 2019", "2019-05-10", "day")]),
        ("تقام البطولة 10-12 يونيو 2019", [("10-12 يونيو 2019", "2019-06-10", "day")]),
        ("بين 3 و7 يونيو 2019", [("3 و7 يونيو 2019", "2019-06-03", "day")]),
        ("درب بين 2011 و2015", [("2011 و2015", "2011", "year")]),
        ("لعب في الفترة من 2010 إلى 2014", [("2010 إلى 2014", "2010", "year")]),
        ("في موسم 2016-2017", [("2016-2017", "2016", "year")]),
        ("في موسم 2016/17", [("2016/17", "2016", "year")]),
        ("عام 2010 إلى 2014", [("عام 2010 إلى 2014", "2010", "year")]),
        (
            "بين تموز/يوليو وتشرين الأول/اكتوبر 2016",
            [("تموز/يوليو وتشرين الأول/اكتوبر 2016", "2016-07", "month")],
        ),
        ("من نوفمبر إلى فبراير 2017", [("نوفمبر إلى فبراير 2017", "2016-11", "month")]),
        ("من 14 يونيو حتى 15 يوليو 2019", [("14 يونيو حتى 15 يوليو 2019", "2019-06-14", "day")]),
        # each end with its own month and nothing shared: two expressions
        (
            "بين 14 يونيو و15 يوليو",
            [("14 يونيو", "2018-06-14", "day"), ("15 يوليو", "2018-07-15", "day")],
        ),
    ],
)
def test_ranges(text, expected):
    assert spans(text) == expected


def test_two_days_with_and_stay_two_expressions():
    assert [s for s, _, _ in spans("على مدار يومي 12 و13 آذار/ مارس 2024.")] == [
        "12",
        "13 آذار/ مارس 2024",
    ]


def test_the_ends_of_a_range_without_a_year_are_in_order():
    # a future cue puts 3 May (before the reference) a year ahead alone; the range's second end
    # says it is this year's
    found = spans("تقام البطولة في الفترة من 3 مايو إلى 7 يونيو")
    assert [iso for _, iso, _ in found] == ["2018-05-03", "2018-06-07"]


def test_a_year_with_a_slash_date_is_the_date():
    assert spans("صدر في 2018/5/1 قرار") == [("2018/5/1", "2018-05-01", "day")]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("في الثمانينيات", ("الثمانينيات", "1980", "decade")),
        ("منذ ستينات القرن العشرين", ("ستينات القرن العشرين", "1960", "decade")),
        ("في تسعينيات القرن الماضي", ("تسعينيات القرن الماضي", "1990", "decade")),
        ("في ثمانينيات القرن التاسع عشر", ("ثمانينيات القرن التاسع عشر", "1880", "decade")),
    ],
)
def test_decades(text, expected):
    assert spans(text) == [expected]


def test_decade_of_the_last_century_needs_the_reference():
    (d,) = find_dates("في تسعينيات القرن الماضي")
    assert (d.iso, d.precision, d.relative) == (None, "decade", True)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("احتفل المسيحيون بعيد الميلاد المجيد", ("عيد الميلاد المجيد", "2017-12-25", "day")),
        ("عطلة عيد الميلاد، وأغلقت", ("عيد الميلاد", "2017-12-25", "day")),
        ("ليلة رأس السنة الميلادية", ("رأس السنة الميلادية", "2018-01-01", "day")),
        ("في الأول من رمضان", ("الأول من رمضان", "2018-05-16", "day")),
        ("خلال رمضان الماضي", ("رمضان الماضي", "2017-05-27", "month")),
        ("في 12 رمضان الماضي", ("12 رمضان الماضي", "2017-06-07", "day")),
        ("بناه عام 800 هـ،", ("عام 800 هـ", "1397-10-02", "year")),
    ],
)
def test_feasts_and_hijri_forms(text, expected):
    assert spans(text) == [expected]


def test_a_birthday_is_no_christmas():
    assert spans("احتفل بعيد الميلاد الخمسين لوالده") == []
    assert spans("احتفل بعيد ميلاده") == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("وقع قبل أسبوع", ("قبل أسبوع", "2018-04-30", "week")),
        ("وقع قبل شهر", ("قبل شهر", "2018-04", "month")),
        ("تأسست قبل عام", ("قبل عام", "2017", "year")),
    ],
)
def test_one_unit_back(text, expected):
    assert spans(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "قبل ثلاثة أيام من الهجوم",  # anchored on another event
        "قبل شهر من الانتخابات",
        "قبل عامين من وفاته",
    ],
)
def test_counts_anchored_on_another_event_are_no_dates(text):
    assert spans(text) == []


def test_one_unit_before_a_date_is_the_date():
    assert spans("قبل عام 2011") == [("عام 2011", "2011", "year")]
    assert spans("قبل شهر رمضان") == [("شهر رمضان", "2018-05-16", "month")]


def test_events_named_by_their_day_take_its_year():
    assert spans("مرتبطة بهجمات 11 سبتمبر") == [("11 سبتمبر", "2001-09-11", "day")]
    assert spans("منذ ثورة 25 يناير") == [("25 يناير", "2011-01-25", "day")]
    # an event of a day not in the list is left out; a movement is no date
    assert spans("منذ أحداث 3 مارس") == []
    assert spans("قوى 14 آذار") == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("وصل الوفد يوم أمس إلى الرباط", ("يوم أمس", "2018-05-08", "day")),
        ("وصل الوفد صباح اليوم إلى الرباط", ("اليوم", "2018-05-09", "day")),
        ("ويغادر اليوم إلى باريس", ("اليوم", "2018-05-09", "day")),
        ("وصل مساء الأربعاء إلى الرباط", ("الأربعاء", "2018-05-09", "day")),
        ("توفي صباح هذا اليوم 2018/5/9 في", ("هذا اليوم 2018/5/9", "2018-05-09", "day")),
    ],
)
def test_span_conventions(text, expected):
    assert spans(text) == [expected]


@pytest.mark.parametrize(
    "text",
    ["يختار كثيرون هذا اليوم للسفر", "قبل نهاية السنة المالية", "خلال هذا العام الدراسي"],
)
def test_no_calendar_day_or_year(text):
    assert spans(text) == []


def test_future_cue_in_the_feminine():
    assert spans("الانتخابات المقررة في ديسمبر", dt.date(2018, 7, 2)) == [
        ("ديسمبر", "2018-12", "month")
    ]


def test_part_start_column_in_the_table():
    text = "وفي أواخر يونيو/ حزيران، أعلن"
    table = dates_table(pd.DataFrame({"doc_id": ["a"], "text": [text], "date": ["2018-07-01"]}))
    (row,) = table.itertuples()
    assert text[row.start : row.end] == "يونيو/ حزيران"
    assert text[row.part_start : row.start] == "أواخر "


@pytest.mark.parametrize(
    "text,expected",
    [
        ("يوم 15 من الشهر الجاري", ("يوم 15 من الشهر الجاري", "2018-05-15", "day")),
        ("في 15 من الشهر الماضي", ("15 من الشهر الماضي", "2018-04-15", "day")),
        ("في الخامس عشر من الشهر المقبل", ("الخامس عشر من الشهر المقبل", "2018-06-15", "day")),
    ],
)
def test_a_day_of_a_relative_month(text, expected):
    assert spans(text) == [expected]


def test_a_day_of_the_same_month_takes_the_month_before_it():
    found = spans("خلال الفترة من 20 أغسطس/آب الماضي، وحتى 31 من نفس الشهر.", REF)
    assert found == [
        ("20 أغسطس/آب الماضي", "2017-08-20", "day"),
        ("31 من نفس الشهر", "2017-08-31", "day"),
    ]
    assert spans("في 31 من الشهر نفسه") == []  # no month before it


def test_an_ordinal_of_weeks_or_quarters_is_no_day():
    assert spans("في الأسبوع الأول من يونيو") == [("يونيو", "2018-06", "month")]
    assert spans("في الربع الأول من 2018") == [("2018", "2018", "year")]
    assert spans("في اليوم الأول من يونيو") == [("الأول من يونيو", "2018-06-01", "day")]


def test_years_of_named_editions_and_fiscal_years():
    assert spans("مونديال قطر 2022") == [("2022", "2022", "year")]
    assert spans("رؤية المملكة 2030") == [("2030", "2030", "year")]
    assert spans("العام الدراسي 2018-2019") == [("2018-2019", "2018", "year")]
    assert spans("ميزانية بلغت 2018 مليون") == []
    assert spans("أكثر من 2000 مقاتل") == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("بمناسبة عيد الحب", ("عيد الحب", "2018-02-14", "day")),
        ("احتفالات عيد العمال", ("عيد العمال", "2018-05-01", "day")),
        ("صيام يوم عرفة", ("يوم عرفة", "2018-08-20", "day")),
        ("ذكرى المولد النبوي الشريف", ("المولد النبوي الشريف", "2017-11-30", "day")),
    ],
)
def test_more_feasts(text, expected):
    assert spans(text) == [expected]


def test_years_after_an_edition_name_or_an_event():
    assert spans("في مونديال جنوب أفريقيا 2010: قال") == [("2010", "2010", "year")]
    assert spans("في انتخابات الرئاسة الأميركية 2016. ووفقا") == [("2016", "2016", "year")]
    assert spans("احتلت في حرب 1967، وأعلنت") == [("1967", "1967", "year")]
    assert spans("بطولة كأس العالم 2018") == [("2018", "2018", "year")]
    # a month and its year after an event noun are a date of their own
    assert spans("مجلس قيادة ثورة يوليو عام 1952 التي") == [("يوليو عام 1952", "1952-07", "month")]


def test_two_years_joined_by_a_dash_are_a_range():
    assert spans("الطيب صالح (1929-2009)، يعتبر") == [("1929-2009", "1929", "year")]
    assert spans("خلال الركود 2007-2009 .") == [("2007-2009", "2007", "year")]
    assert spans("النتيجة 2018-1990") == []  # not in order: no range


def test_a_month_after_another_with_and():
    assert spans("خلال الفترة بين يونيو وسبتمبر.", dt.date(2018, 8, 16)) == [
        ("يونيو", "2018-06", "month"),
        ("سبتمبر", "2018-09", "month"),
    ]


def test_that_year_is_the_year_of_the_date_before():
    text = "فاز عام 2014، ولعب في الثامن من سبتمبر من ذلك العام في إطار"
    assert spans(text)[1] == ("الثامن من سبتمبر من ذلك العام", "2014-09-08", "day")
    text = "انطلقت عام 2016 بعد محاولة الانقلاب في تموز/يوليو من العام نفسه."
    assert spans(text)[1] == ("تموز/يوليو من العام نفسه", "2016-07", "month")
    assert spans("في تموز/يوليو من العام نفسه.") == []  # no year before it


def test_the_same_hijri_month_again_in_a_sentence_is_the_one_with_its_year():
    text = "ففي رمضان 2017، ارتفع الحديث حول شهر رمضان إلى 118 مليون محادثة"
    assert spans(text) == [
        ("رمضان 2017", "2017-05-27", "month"),
        ("شهر رمضان", "2017-05-27", "month"),
    ]


def test_a_yearless_month_after_a_year_keeps_its_own_reading():
    # "اتفاق 2015 ... في مايو": no year carries over without "من ذلك العام"
    text = "انسحبت من الاتفاق الإيراني، الذي توصل إليه في 2015، في أيار/مايو."
    assert spans(text)[1] == ("أيار/مايو", "2018-05", "month")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("يصل يوم غد إلى الرباط", [("يوم غد", "2018-05-10", "day")]),
        ("ويصل غدا إلى الرباط", [("غدا", "2018-05-10", "day")]),
        ("سيعقد الاجتماع غدا في الرياض", [("غدا", "2018-05-10", "day")]),
        ("غدا الوضع صعبا", []),  # the verb "became"
        ("قال إنه غدا رجلا آخر", []),
        ("أعلن أمس (الثلاثاء) أن", [("أمس (الثلاثاء)", "2018-05-08", "day")]),
        ("حتى اليوم لم يتم", []),  # "to this day"
    ],
)
def test_tomorrow_and_today(text, expected):
    assert spans(text) == expected


def test_weekdays_joined_follow_each_other():
    assert spans("تقام المباريات يومي الجمعة والسبت") == [
        ("الجمعة", "2018-05-11", "day"),
        ("السبت", "2018-05-12", "day"),
    ]


def test_a_month_of_every_year_is_no_date():
    assert spans("يقام المهرجان في يناير من كل عام") == []


def test_a_weekday_after_a_hijri_day_names_it_and_picks_its_year():
    found = spans(
        "وأضاف أن المهمة تقتضي في الثامن من ذي الحجة (يوم الأحد) تمكين الحجاج",
        dt.date(2018, 8, 18),
    )
    assert found == [
        ("الثامن من ذي الحجة", "2018-08-19", "day"),
        ("يوم الأحد", "2018-08-19", "day"),
    ]
    (hijri, weekday) = find_dates(
        "تقتضي في الثامن من ذي الحجة (يوم الأحد) تمكين", dt.date(2018, 8, 18)
    )
    assert (hijri.pair_start, weekday.pair_start) == (weekday.start, hijri.start)
    assert not hijri.disagree


def test_a_month_beside_a_year_is_no_pair():
    (ramadan,) = find_dates("في رمضان عام 2016 احتجاجا", REF)
    assert (ramadan.surface, ramadan.iso, ramadan.pair_start) == (
        "رمضان عام 2016",
        "2016-06-06",
        None,
    )
    found = find_dates("سافر في رمضان هذا العام، ووصلت", dt.date(2018, 6, 4))
    assert [(d.surface, d.iso, d.pair_start) for d in found] == [
        ("رمضان هذا العام", "2018-05-16", None)
    ]
