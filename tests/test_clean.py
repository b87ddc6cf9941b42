"""The boilerplate cleaner: on the seed articles (read from ../shared) and on made-up pages, the
article body survives whole, the boilerplate goes, and offsets lead back to the original."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sahel.corpus.clean import (
    CUES,
    CleanResult,
    RepeatedLines,
    clean,
    repeated_lines,
    split_title,
)

# Made-up article paragraphs (full sentences) and a headline.
P = [
    "أعلن المجلس العسكري في النيجر إنهاء الاتفاق الدفاعي مع الولايات المتحدة يوم السبت.",
    "وقال المتحدث باسم الحكومة إن القرار جاء بعد مشاورات طويلة مع الشركاء الإقليميين.",
    "وتأتي الخطوة بعد أشهر من انسحاب القوات الفرنسية من البلاد وإغلاق قواعدها العسكرية.",
    "وأكد مسؤولون في نيامي أن التعاون مع روسيا وتركيا سيتواصل في مجالات التدريب والتسليح.",
]
HEADLINE = "النيجر تنهي الاتفاق العسكري مع واشنطن"


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def check_offsets(original: str, result: CleanResult) -> None:
    """kept and removed spans tile the original; the text is the kept spans; offsets map back."""
    spans = sorted([(s, e, "kept") for s, e in result.kept_spans] + list(result.removed))
    position = 0
    for start, end, _ in spans:
        assert start == position and end > start
        position = end
    assert position == len(original)
    assert result.text == "".join(original[s:e] for s, e in result.kept_spans)
    for i in range(len(result.text)):
        assert original[result.to_original(i)] == result.text[i]
    if result.text:
        assert result.to_original(len(result.text)) == result.kept_spans[-1][1]


# --- the seed articles ---------------------------------------------------------------------

# Chosen by reading each seed (line numbers from 1): the title line, the lines of the article
# body (all of them must survive, in order), and the boilerplate lines that must go.
SEEDS = {
    "000_b8abca48dd74ad0c.txt": {"title": 1, "body": (2, 35), "gone": [36, 38, 40, 42]},
    "001_542dd368f5c3bf23.txt": {
        "title": 7,
        "body": (9, 49),
        "gone": [1, 3, 5, 51, 53, 55, 57, *range(59, 90, 2)],
    },
    "002_e55ea07608597a06.txt": {"title": 1, "body": (2, 12), "gone": []},
    "003_9fee6eafe2923e72.txt": {"title": 1, "body": (10, 40), "gone": [3, 4, 5, 6, 8, 46, 47, 48]},
    "004_0b3dc247ef41e85f.txt": {"title": 4, "body": (8, 38), "gone": [1, 2, 6, 46, 48]},
}


@pytest.fixture
def seeds(shared_dir):
    folder = shared_dir / "corpus" / "seeds"
    return {name: (folder / name).read_text(encoding="utf-8") for name in SEEDS}


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_body_survives_whole_and_boilerplate_goes(seeds, name):
    raw = seeds[name]
    spec = SEEDS[name]
    raw_lines = raw.split("\n")
    result = clean(raw, find_title=True)
    check_offsets(raw, result)

    assert result.title == raw_lines[spec["title"] - 1].strip()
    first, last = spec["body"]
    body = [line.strip() for line in raw_lines[first - 1 : last] if line.strip()]
    assert body, "the body range must hold text"
    assert lines_of(result.text) == body  # whole, in order, nothing else

    for number in spec["gone"]:
        line = raw_lines[number - 1]
        assert line.strip(), f"line {number} of {name} is blank; fix the test"
        start = sum(len(x) + 1 for x in raw_lines[: number - 1])
        reasons = {r.reason for r in result.removed if r.start <= start < r.end}
        assert reasons and reasons != {"whitespace"}, f"line {number} of {name} was kept"
    assert result.boilerplate_chars == sum(
        r.end - r.start for r in result.removed if r.reason not in ("title", "whitespace")
    )


def test_seed_cue_lines_are_named_by_their_category(seeds):
    raw = seeds["001_542dd368f5c3bf23.txt"]
    result = clean(raw, find_title=True)
    reasons = {r.reason for r in result.removed}
    assert {"cue:comments", "cue:related", "related list", "non-Arabic line"} <= reasons


# --- rules on made-up pages ----------------------------------------------------------------


def test_related_list_is_removed_to_the_end():
    raw = "\n".join([P[0], P[1], "مقالات ذات صلة", HEADLINE, "", "عنوان آخر عن مالي...", "دولي"])
    result = clean(raw)
    assert result.text == f"{P[0]}\n{P[1]}"
    assert [r.reason for r in result.removed] == ["whitespace", "cue:related", "related list"]


def test_related_cue_before_the_article_only_takes_the_list():
    raw = "\n".join(["الأكثر قراءة", HEADLINE, "عنوان ثان قصير", P[0], P[1], P[2]])
    assert lines_of(clean(raw).text) == P[:3]


def test_read_also_list_ends_at_the_next_paragraph():
    raw = "\n".join([P[0], "اقرأ أيضاً:", HEADLINE, "عنوان آخر", P[1], "للمزيد: " + HEADLINE, P[2]])
    assert lines_of(clean(raw).text) == P[:3]


@pytest.mark.parametrize(
    "line",
    [
        "أضف تعليقاً",
        "اترك تعليقك",
        "التعليقات (3)",
        "شارك",
        "شارك على فيسبوك",
        "فيسبوك تويتر واتساب",
        "جميع الحقوق محفوظة © 2024",
        "© الشرق الأوسط",
        "اشترك في النشرة البريدية",
        "الرئيسية",
        "الرئيسيـــة",  # tatweel
        "• الرئيسية",
        "آخر الأخبار",
        "اخر الاخبار",
        "العودة إلى الأعلى",
        "يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربتك.",
        "*نقلاً عن الرؤية الإماراتية",
        "فرانس 24 / أ ف ب",
        "الكلمات المفتاحية: النيجر، مالي",
        "تاريخ النشر: 12 مارس 2024",
        "هذا المقال بقلم كاتب، والآراء الواردة أدناه لا تعكس بالضرورة وجهة نظر الموقع.",
        "يمكنكم استلام إشعارات بأهم الموضوعات بعد تحميل أحدث نسخة من تطبيقنا على هاتفكم.",
    ],
)
def test_cue_lines_go_wherever_they_stand(line):
    raw = "\n".join([P[0], line, P[1]])
    result = clean(raw)
    assert lines_of(result.text) == [P[0], P[1]]
    assert result.removed[0].reason.startswith("cue:")


@pytest.mark.parametrize(
    "line",
    [
        "شاركت قوات من النيجر ومالي في مناورات عسكرية مشتركة قرب الحدود الأسبوع الماضي.",
        "وأشار الخبير إلى أن الشركات تلجأ إلى الكوكيز أو ما تعرف بملفات تعريف الارتباط.",
        "وقال مسؤول إن جميع الحقوق محفوظة للدول في استغلال ثرواتها المعدنية وفق القانون الدولي.",
        "مشاركة واسعة في الانتخابات المحلية",  # a sub-heading, not a share button
        "التعليقات الرسمية على القرار جاءت متأخرة وفق مراقبين في العاصمة.",
    ],
)
def test_article_sentences_that_contain_cue_words_stay(line):
    raw = "\n".join([P[0], line, P[1]])
    assert lines_of(clean(raw).text) == [P[0], line, P[1]]


def test_every_cue_has_a_category_and_a_gloss():
    assert all(c.category and c.gloss and c.kind in ("line", "related", "see-also") for c in CUES)


def test_separators_and_dates_and_non_arabic_lines_at_the_edges():
    raw = "\n".join(
        ["logo", "الخميس 28 نوفمبر 2024", P[0], "----------", P[1], "Read more here", "ــــــــ"]
    )
    result = clean(raw)
    assert lines_of(result.text) == [P[0], P[1]]
    reasons = [r.reason for r in result.removed if r.reason != "whitespace"]
    assert reasons == ["non-Arabic line", "date line", "separator", "non-Arabic line", "separator"]


def test_dates_and_english_inside_the_article_stay():
    raw = "\n".join([P[0], "6 أكتوبر", P[1], "Photos: Reuters", P[2]])
    assert lines_of(clean(raw).text) == [P[0], "6 أكتوبر", P[1], "Photos: Reuters", P[2]]


def test_navigation_run_before_the_article():
    raw = "\n".join(["سياسة", "اقتصاد", "رياضة", HEADLINE, P[0], P[1]])
    assert lines_of(clean(raw).text) == [HEADLINE, P[0], P[1]]
    # two short lines are no run: a dateline stays
    assert lines_of(clean("\n".join(["نيامي", P[0]])).text) == ["نيامي", P[0]]


def test_trailing_fragments_but_not_trailing_lists():
    assert lines_of(clean("\n".join([P[0], P[1], "الشرق الاوسط"])).text) == P[:2]
    listing = ["السنغال (12 ألف مقعد)", "غانا (9 آلاف مقعد)", "توغو (4 آلاف مقعد)"]
    assert lines_of(clean("\n".join([P[0], *listing])).text) == [P[0], *listing]
    intro = "وجاءت الدول المشاركة في القمة على النحو التالي:"
    assert lines_of(clean("\n".join([intro, "بنين", "توغو"])).text) == [intro, "بنين", "توغو"]


def test_title_copies_and_found_titles():
    raw = "\n".join(["• " + HEADLINE, "", HEADLINE, P[0], HEADLINE.replace("ت", "ت", 1), P[1]])
    result = clean(raw, title=HEADLINE)
    assert lines_of(result.text) == [P[0], P[1]]
    assert {r.reason for r in result.removed} == {"title repeated"}  # with the blank line between
    found = clean("\n".join(["Connect with us", HEADLINE, HEADLINE, P[0]]), find_title=True)
    assert found.title == HEADLINE
    assert lines_of(found.text) == [P[0]]
    assert [r.reason for r in found.removed][:3] == ["non-Arabic line", "title", "title repeated"]


def test_split_title_only_takes_the_first_line():
    result = split_title("\n\nConnect with us\n" + P[0])
    assert result.title == "Connect with us"
    assert result.text == P[0]
    assert split_title("").title is None


def test_blank_runs_left_by_removals_shrink_to_one():
    raw = f"\n\n{P[0]}\n\nشارك\n\n\n{P[1]}\n\n"
    result = clean(raw)
    assert result.text == f"{P[0]}\n\n{P[1]}"
    check_offsets(raw, result)


def test_lines_keep_their_own_bytes():
    raw = f"  {P[0]}\u00a0\r\n{P[1]}"
    result = clean(raw)
    assert result.text == raw  # nothing to remove: cleaning never rewrites a line


def test_nothing_to_clean_and_empty_text():
    assert clean(P[0]).text == P[0]
    assert clean(P[0]).removed == ()
    empty = clean("")
    assert (empty.text, empty.removed, empty.kept_spans) == ("", (), ())
    with pytest.raises(TypeError):
        clean(None)


def test_offset_mapping_across_removed_lines():
    raw = "\n".join([P[0], "شارك", P[1]])
    result = clean(raw)
    i = result.text.index(P[1])
    assert result.to_original(i) == raw.index(P[1])
    assert result.span_to_original(i, i + 5) == (raw.index(P[1]), raw.index(P[1]) + 5)
    # a span ending where a removed line starts does not reach into it
    end = len(P[0]) + 1
    assert result.span_to_original(0, end) == (0, end)
    with pytest.raises(ValueError):
        result.to_original(len(result.text) + 1)
    with pytest.raises(TypeError):
        result.to_original(1.0)


# --- repetition across documents -----------------------------------------------------------


def test_short_lines_repeated_across_articles_go():
    credit = "تحرير فريق الموقع"
    docs = [("s", f"{p}\n{credit}") for p in P]
    repeated = repeated_lines(docs)["s"]
    assert credit in repeated.lines and P[0] not in repeated.lines
    result = clean(f"{P[0]}\n{credit}\n{P[1]}", repeated=repeated)
    assert lines_of(result.text) == [P[0], P[1]]


def test_copies_of_one_article_count_once():
    docs = [("s", f"{P[0]}\nسطر مكرر قصير")] * 5
    assert repeated_lines(docs)["s"].lines == frozenset()
    assert repeated_lines([("a", "x\ny"), ("b", "z\ny"), ("c", "w\ny")]) == {
        "a": RepeatedLines(frozenset(), frozenset({"x"})),
        "b": RepeatedLines(frozenset(), frozenset({"z"})),
        "c": RepeatedLines(frozenset(), frozenset({"w"})),
    }


def test_trailing_teasers_go_when_they_lead_other_articles():
    teasers = [P[2], P[3]]
    leads = ["دبي (CNN) -- " + P[2], P[3]]
    docs = [
        ("cnn", "\n".join([f"مقدمة الخبر رقم {k}.", f"{P[0]} ({k})", *teasers])) for k in range(4)
    ]
    docs += [("cnn", lead + "\nتفاصيل الخبر هنا.") for lead in leads]
    repeated = repeated_lines(docs)["cnn"]
    result = clean(docs[0][1], repeated=repeated)
    assert lines_of(result.text) == ["مقدمة الخبر رقم 0.", f"{P[0]} (0)"]


def test_paragraph_reused_by_updates_of_a_story_stays():
    background = P[3]
    docs = [("s", f"{p}\n{background}") for p in P[:3]]
    repeated = repeated_lines(docs)["s"]
    assert background in repeated.lines  # repeated, but it opens no other article
    assert lines_of(clean(docs[0][1], repeated=repeated).text) == [P[0], background]


def test_repeated_lines_needs_two_documents_at_least():
    with pytest.raises(ValueError):
        repeated_lines([], min_documents=1)


# --- property: any text -------------------------------------------------------------------

LINES = st.sampled_from(
    [*P, HEADLINE, "", "  ", "شارك", "مقالات ذات صلة", "اقرأ أيضا:", "------", "Top", "نيامي"]
)


@given(st.lists(LINES, max_size=12), st.booleans(), st.sampled_from(["\n", "\r\n"]))
def test_any_page_keeps_its_offsets(lines, find_title, newline):
    raw = newline.join(lines)
    result = clean(raw, find_title=find_title)
    check_offsets(raw, result)
    assert clean(result.text).text == result.text or find_title  # cleaning again changes nothing
