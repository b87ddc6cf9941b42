"""Dates: the error classes read on the dev half of the evaluation set and in the corpus, each a
general rule (docs/dates.md): weekdays written after the subject of a verb, "the one" and "the
two", places named after a day, digits glued to a month, a year labelling a name, bodies named
after a day, events named by a month, years after لعام/للعام and after a relative year, days after
their month, and the span conventions of the annotation guide (يوم, epithets, tonight)."""

import datetime as dt

import pytest

from sahel.extract.dates import find_dates
from sahel.text.calendar import hijri_to_gregorian

REF = dt.date(2018, 6, 13)  # a Wednesday


def spans(text, reference=REF):
    return [(d.surface, d.iso, d.precision) for d in find_dates(text, reference)]


@pytest.mark.parametrize(
    "text,expected",
    [
        # الأحد/الاثنين after the subject of a verb no list holds, before its object
        ("أعلن مصدر أمني الأحد مقتل 18 شخصا", [("الأحد", "2018-06-10", "day")]),
        ("أغلق المؤشر الإثنين على انخفاض", [("الإثنين", "2018-06-11", "day")]),
        ("أصدرت الهيئة الاثنين النتائج النهائية", [("الاثنين", "2018-06-11", "day")]),
        # the other names before the object with the article, or before إلى
        ("دانت الوزارة الثلاثاء القانون في بيان", [("الثلاثاء", "2018-06-12", "day")]),
        ("وصل الوزير الثلاثاء إلى موسكو", [("الثلاثاء", "2018-06-12", "day")]),
        ("أعلن مصدر أمني الأحد، مقتل 18 شخصا", [("الأحد", "2018-06-10", "day")]),
        (
            "هاجمت مجموعة صباح اليوم، الإثنين، مقر الوزارة",
            [("اليوم، الإثنين", "2018-06-11", "day")],
        ),
    ],
)
def test_weekday_after_the_subject(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "لا مقارنة بين الاثنين في هذا",
        "وقال كلا الاثنين في المقابلة",
        "تحدثنا فقط نحن الاثنين عن ذلك",
        "قرر الاثنين معا",
        "وقالت الوزارة إن الاثنين كانا في حالة حرجة",
        "مما أدى لنشوب خلاف بين الاثنين.",
        "سورة يوسف والأحد عشر كوكبا",
        "لا يغيره سوى الواحد الأحد",
        "وصل إلى سوق الخميس في المدينة",
        "تقدم الجيش في سوق الاثنين شرق المدينة",
        "أدى صلاة الجمعة في المسجد",
    ],
)
def test_numbers_places_and_prayers_are_no_weekday(text):
    assert spans(text) == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("بلغت الصادرات في يونيو2017 نحو مليار", [("يونيو2017", "2017-06", "month")]),
        ("تقام الحفلة في 4آذار/مارس المقبل", [("4آذار/مارس المقبل", "2019-03-04", "day")]),
    ],
)
def test_digits_glued_to_a_month(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("شارك في الانتخابات الأمريكية 2016.", [("2016", "2016", "year")]),
        ('في إطار العملية الشاملة "سيناء 2018".', [("2018", "2018", "year")]),
        ("بلغ عدد القتلى 2016.", []),  # a count
        ("ارتفع المؤشر إلى 1990، وفق", []),
        ("باع الفريق 2000 قميص", []),
    ],
)
def test_a_year_labelling_a_name(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("وقالت لجنة 8 مارس إن الإضراب نجح", []),
        ("الخلاف بين تكتلي 8 و 14 آذار", []),
        ("منذ هجمات سبتمبر تغير العالم", [("سبتمبر", "2001-09", "month")]),
        ("بعد حرب أكتوبر انتصر الجيش", [("أكتوبر", "1973-10", "month")]),
        ("عقب نجاح ثورة أكتوبر 1964", [("أكتوبر 1964", "1964-10", "month")]),
    ],
)
def test_names_and_events(text, expected):
    assert spans(text) == expected


def test_a_year_opening_a_line_of_a_chronology():
    text = "أبرز محطاته:\n- 2013: أعيد انتخابه\n1998 - انتخابه رئيسا\nبلغ 2000 - 3000 دولار"
    assert spans(text) == [("2013", "2013", "year"), ("1998", "1998", "year")]


def test_hijri_month_with_lam_before_the_year():
    found = spans("أعلن ثبوت رؤية هلال شهر شوال للعام 1439 هجري")
    first = hijri_to_gregorian(1439, 10, 1).isoformat()
    assert found == [("شهر شوال للعام 1439 هجري", first, "month")]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("منذ بداية العام الجاري 2018 ارتفعت", [("العام الجاري 2018", "2018", "year")]),
        ("حقق أرباحا في العام الماضي 2017 بلغت", [("العام الماضي 2017", "2017", "year")]),
        # a part word before العام and a year: the year written, not the current one
        ("في أواخر العام 2008، وهي الأزمة", [("العام 2008", "2008", "year")]),
        ("حتى نهاية العام الجاري", [("العام الجاري", "2018", "year")]),
        ("تراجعت الصادرات عن عام2017 ، وقالت", [("عام2017", "2017", "year")]),
        ("يعقد المؤتمر في مارس 26-28 في دبي", [("مارس 26-28", "2019-03-26", "day")]),
        ("فاز الفريق في مارس 2-1 على ضيفه", [("مارس", "2018-03", "month")]),
        ("وقع الهجوم في السادس أغسطس الماضي", [("السادس أغسطس الماضي", "2017-08-06", "day")]),
        ("حل في المركز الثاني مارس الماضي", [("مارس الماضي", "2018-03", "month")]),
    ],
)
def test_years_and_days_beside_other_parts(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("وقع الهجوم يوم 30/5/2018 في", [("يوم 30/5/2018", "2018-05-30", "day")]),
        ("وبدأ ثورانه يوم الثالث من مايو.", [("يوم الثالث من مايو", "2018-05-03", "day")]),
        ("أول أيام عيد الفطر المبارك", [("عيد الفطر", "2018-06-15", "day")]),
        (
            "يبدأ التأثير من هذه الليلة (السبت) على المنطقة",
            [("هذه الليلة (السبت)", "2018-06-16", "day")],
        ),
        ("وبنفس اليوم من عام 2017 وقع الحادث", [("عام 2017", "2017", "year")]),
        ("ووقع الحادث في ذات اليوم", []),
        ("وصل الوفد اليوم نفسه", []),
        # "nowadays"
        ("الملهم أصبح اليوم أيقونة رياضية", []),
        ("والتحالف هو اليوم أقوى من أي وقت", []),
        ("أؤكد لهم اليوم أننا مستعدون", [("اليوم", "2018-06-13", "day")]),
    ],
)
def test_span_conventions(text, expected):
    assert spans(text) == expected
