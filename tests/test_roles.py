"""Role phrases resolved to the office holder on the document's date, on sentences written for
these tests; the holders are the gazetteer's dated roles."""

from __future__ import annotations

import datetime as dt

import pytest

from sahel import Gazetteer, Matcher
from sahel.text.roles import RoleResolver, as_date


@pytest.fixture(scope="module")
def matcher():
    return Matcher()


def roles(matcher, text, date):
    return [(m.surface, m.entity_id) for m in matcher.find(text, date=date) if m.kind == "role"]


@pytest.mark.parametrize(
    ("text", "date", "surface", "holder"),
    [
        ("قال الرئيس الأمريكي إن بلاده لن تنسحب", "2015-05-01", "الرئيس الأمريكي", "barack_obama"),
        ("قال الرئيس الأمريكي إن بلاده لن تنسحب", "2018-05-01", "الرئيس الأمريكي", "donald_trump"),
        ("والتقى وزير خارجية روسيا نظيره أمس", "2018-05-01", "وزير خارجية روسيا", "sergey_lavrov"),
        ("دعا الأمين العام للأمم المتحدة الطرفين", "2018-05-01", "الأمين العام للأمم المتحدة",
         "antonio_guterres"),
        ("وأعلن رئيس الوزراء الإسرائيلي خطة", "2018-05-01", "رئيس الوزراء الإسرائيلي",
         "benjamin_netanyahu"),
        ("نقل رسالة للرئيس الروسي", "2018-05-01", "للرئيس الروسي", "vladimir_putin"),
        ("استقبل العاهل السعودي الوفد", "2016-02-01", "العاهل السعودي", "salman_bin_abdulaziz"),
        ("استقبل أمير قطر الوفد", "2018-05-01", "أمير قطر", "tamim_bin_hamad"),
        ("صرحت المستشارة الألمانية للصحفيين", "2018-05-01", "المستشارة الألمانية",
         "angela_merkel"),
        ("وقال رئيس المفوضية الأوروبية في بيان", "2018-05-01", "رئيس المفوضية الأوروبية",
         "jean_claude_juncker"),
        ("وقال رئيس المفوضية الأوروبية في بيان", "2022-05-01", "رئيس المفوضية الأوروبية",
         "ursula_von_der_leyen"),
        ("ورد رئيس المجلس الأوروبي على الرسالة", "2018-05-01", "رئيس المجلس الأوروبي",
         "donald_tusk"),
        ("استقبل ولي العهد السعودي الوفد", "2016-05-01", "ولي العهد السعودي",
         "mohammed_bin_nayef"),
        ("استقبل ولي العهد السعودي الوفد", "2019-05-01", "ولي العهد السعودي",
         "mohammed_bin_salman"),
        ("ودعا الأمين العام لجامعة الدول العربية إلى", "2018-05-01",
         "الأمين العام لجامعة الدول العربية", "ahmed_aboul_gheit"),
        ("وحذر المدير العام لمنظمة الصحة العالمية من", "2020-05-01",
         "المدير العام لمنظمة الصحة العالمية", "tedros_adhanom"),
        # A state's ambassador to the UN: the title, the state, then the body.
        ("وقالت سفيرة الولايات المتحدة إلى الأمم المتحدة إن", "2018-03-01",
         "سفيرة الولايات المتحدة إلى الأمم المتحدة", "nikki_haley"),
        ("وقال المندوب الروسي الدائم لدى الأمم المتحدة إن", "2018-03-01",
         "المندوب الروسي الدائم لدى الأمم المتحدة", "vasily_nebenzya"),
        ("وأكد مندوب سوريا بالأمم المتحدة أن", "2016-03-01", "مندوب سوريا بالأمم المتحدة",
         "bashar_al_jaafari"),
        ("وقالت السفيرة الأمريكية في الأمم المتحدة إن", "2014-03-01",
         "السفيرة الأمريكية في الأمم المتحدة", "samantha_power"),
    ],
)  # fmt: skip
def test_role_resolves_on_the_date(matcher, text, date, surface, holder):
    assert roles(matcher, text, date) == [(surface, holder)]


@pytest.mark.parametrize(
    "text",
    [
        "قال الرئيس الأمريكي السابق إن بلاده أخطأت",  # a former holder
        "قال نائب الرئيس الأمريكي إن الاتفاق قريب",  # another office
        "زار الرئيس مصر أمس",  # subject and object, no phrase
        "قال الأمير السعودي إن الفريق جاهز",  # any prince
        "قال المستشار الإسرائيلي إن الخطة جاهزة",  # an adviser: no chancellor there
        "وزراء الخارجية العرب اجتمعوا أمس",  # a plural title
        "قال السفير الأمريكي في القاهرة إن",  # an ambassador, not to the UN
        "قال السفير الأمريكي السابق لدى الأمم المتحدة إن",  # a former one
        "قال نائب المندوب الروسي لدى الأمم المتحدة إن",  # another office
        "يشغل منصب سفير الولايات المتحدة لدى الأمم المتحدة",  # the post, not its holder
        "قال السفير روسيا لدى الأمم المتحدة",  # no construct, no adjective
    ],
)
def test_no_role(matcher, text):
    assert roles(matcher, text, "2018-05-01") == []


def test_role_needs_a_date(matcher):
    text = "قال الرئيس الأمريكي إن بلاده لن تنسحب"
    assert roles(matcher, text, None) == []
    # The role phrase nests around the demonym, which stays a country mention.
    found = [(m.surface, m.kind) for m in matcher.find(text, date=dt.date(2018, 5, 1))]
    assert ("الرئيس الأمريكي", "role") in found
    assert ("الأمريكي", "demonym") in found


def test_handover_day_is_not_resolved(matcher):
    # On 2021-01-20 both the outgoing and the incoming president hold the office in the data.
    assert roles(matcher, "قال الرئيس الأمريكي", "2021-01-20") == []
    assert roles(matcher, "قال الرئيس الأمريكي", "2021-01-21") == [("الرئيس الأمريكي", "joe_biden")]


def test_role_mention_fields(matcher):
    [m] = [
        m for m in matcher.find("ونقل للرئيس الروسي رسالة", date="2018-05-01") if m.kind == "role"
    ]
    assert m.type == "person"
    assert m.alias == "head_of_state:RU"
    assert m.proclitic == "ل"
    assert m.country == "RU"
    assert not m.ambiguous


def test_table_matches_find(matcher):
    texts = ["قال الرئيس الأمريكي إن بلاده", "وقال رئيس الوزراء الإسرائيلي إن الرئيس الروسي", ""]
    dates = ["2015-05-01", "2019-01-01", None]
    frame = matcher.table(texts, doc_ids=["a", "b", "c"], dates=dates)
    from_find = [
        (doc, m.start, m.end, m.entity_id, m.kind)
        for doc, text, date in zip("abc", texts, dates, strict=True)
        for m in matcher.find(text, date=date)
    ]
    rows = list(
        zip(frame["doc"], frame["start"], frame["end"], frame["entity_id"], frame["kind"],
            strict=True)
    )  # fmt: skip
    assert rows == from_find
    assert ("b", 5, 28, "benjamin_netanyahu", "role") in rows
    assert frame["doc"].dtype == matcher.table(texts, doc_ids=["a", "b", "c"])["doc"].dtype


def test_table_without_dates_has_no_roles(matcher):
    frame = matcher.table(["قال الرئيس الأمريكي"])
    assert "role" not in set(frame["kind"])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-05-01", dt.date(2018, 5, 1)),
        ("2018-05-01T10:00:00", dt.date(2018, 5, 1)),
        (dt.datetime(2018, 5, 1, 10), dt.date(2018, 5, 1)),
        (dt.date(2018, 5, 1), dt.date(2018, 5, 1)),
        (None, None),
        ("", None),
        (float("nan"), None),
    ],
)
def test_as_date(value, expected):
    assert as_date(value) == expected


def test_bad_dates(matcher):
    with pytest.raises(ValueError, match="ISO date"):
        matcher.find("قال الرئيس", date="01/05/2018")
    with pytest.raises(TypeError, match="datetime.date"):
        matcher.find("قال الرئيس", date=20180501)
    with pytest.raises(ValueError, match="one date"):
        matcher.table(["a", "b"], dates=["2018-05-01"])


def test_overlapping_holders_give_no_role(tmp_path):
    path = tmp_path / "two.tsv"
    path.write_text(
        "id\ttype\tlabel\taliases\troles\n"
        "body\torganization\tBody\tالهيئة المشتركة\t\n"
        "holder_a\tperson\tA\tأحمد علي\tchair:body:2020-01-01:\n"
        "holder_b\tperson\tB\tمحمد علي\tchair:body:2021-01-01:\n",
        encoding="utf-8",
    )
    gazetteer = Gazetteer.load(path)
    resolver = RoleResolver(gazetteer)
    assert resolver.holder(["chair"], "body", dt.date(2020, 6, 1)) == "holder_a"
    assert roles(Matcher(gazetteer), "قال رئيس الهيئة المشتركة", "2020-06-01") == [
        ("رئيس الهيئة المشتركة", "holder_a")
    ]
    # Two records overlap from 2021 on: no single holder.
    assert resolver.holder(["chair"], "body", dt.date(2022, 6, 1)) is None
    assert roles(Matcher(gazetteer), "قال رئيس الهيئة المشتركة", "2022-06-01") == []
