"""Names nested in a longer name (docs/gazetteer.md, Nested names), on sentences written for
these tests: a state or an international body inside the name of a body, a mission, an armed
group or an outlet is reported too; a head at the start, a region or a city inside, and the
inner names of national bodies are not."""

from __future__ import annotations

import pytest

from sahel import Matcher


@pytest.fixture(scope="module")
def matcher():
    return Matcher()


def found(matcher, text):
    return [(m.surface, m.entity_id, m.kind) for m in matcher.find(text)]


@pytest.mark.parametrize(
    ("text", "outer", "inner"),
    [
        ("وقالت مفوضية الأمم المتحدة لشؤون اللاجئين إن", "unhcr", ("الأمم المتحدة", "un", "name")),
        ("ونقلت وكالة الأنباء السعودية الخبر", "spa", ("السعودية", "SA", "demonym")),
        ("وقال تحالف دعم الشرعية في اليمن إن", "unitaf_saudi_coalition", ("اليمن", "YE", "name")),
        ("وقال حزب الله اللبناني إن", "hezbollah", ("اللبناني", "LB", "demonym")),
    ],
)  # fmt: skip
def test_nested_name_is_reported(matcher, text, outer, inner):
    mentions = found(matcher, text)
    assert outer in [m[1] for m in mentions]
    assert inner in mentions
    (o,) = [m for m in matcher.find(text) if m.entity_id == outer]
    (i,) = [m for m in matcher.find(text) if m.entity_id == inner[1]]
    assert o.start <= i.start and i.end <= o.end


@pytest.mark.parametrize(
    ("text", "outer", "absent"),
    [
        ("وقرر الاتحاد الأفريقي لكرة القدم", "caf", "african_union"),  # a head, not the AU
        ("وقال مجلس التعاون الخليجي", "gcc", "gcc_bare"),  # one body
        ("وقال الاتحاد الأوروبي إن", "eu", "europe"),  # a region inside
        ("ونشرت صحيفة واشنطن بوست", "washington_post", "washington"),  # a city inside
        ("وأعلن بنك قطر الوطني أرباحه", "qnb", "QA"),  # a national body
    ],
)  # fmt: skip
def test_not_nested(matcher, text, outer, absent):
    ids = [m[1] for m in found(matcher, text)]
    assert outer in ids and absent not in ids


def test_table_agrees_with_find(matcher):
    texts = [
        "وقالت مفوضية الأمم المتحدة لشؤون اللاجئين إن وكالة الأنباء السعودية نقلت",
        "لا شيء",
        "وأعلن بنك قطر الوطني وحزب الله اللبناني",
    ]
    frame = matcher.table(texts)
    for position, text in enumerate(texts):
        rows = frame[frame["doc"] == position]
        columns = [rows[c].astype(str) for c in ("entity_id", "start", "end", "surface", "kind")]
        expected = [(m.entity_id, m.start, m.end, m.surface, m.kind) for m in matcher.find(text)]
        assert list(zip(*columns, strict=True)) == [tuple(map(str, e)) for e in expected]
