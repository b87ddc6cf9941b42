"""Sentence and paragraph splitting: where sentences end and where they do not, with offsets."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sahel.corpus.sentences import ABBREVIATIONS, Sentence, paragraph_spans, split_sentences


def texts(text):
    return [text[s.start : s.end] for s in split_sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("وصل الوفد. وقال الوزير ذلك.", ["وصل الوفد.", "وقال الوزير ذلك."]),
        ("هل وصل؟ نعم! حسناً?", ["هل وصل؟", "نعم!", "حسناً?"]),
        ("ماذا؟! لا أعرف", ["ماذا؟!", "لا أعرف"]),
        ("انتظروا… ثم جاء الرد", ["انتظروا…", "ثم جاء الرد"]),
        ("انتظروا... ثم جاء", ["انتظروا...", "ثم جاء"]),
        # numbers and words with a dot inside
        (
            "بلغ النمو 1.5 بالمئة و2.000 دولار. انتهى",
            ["بلغ النمو 1.5 بالمئة و2.000 دولار.", "انتهى"],
        ),
        ("أعلن موقع بيت.كوم النتائج. ثم", ["أعلن موقع بيت.كوم النتائج.", "ثم"]),
        # abbreviations
        ("قال د. محمد ذلك. وأضاف", ["قال د. محمد ذلك.", "وأضاف"]),
        ("في عام 2024 م. وقعت الحادثة", ["في عام 2024 م. وقعت الحادثة"]),
        ("كتب أ. د. علي كتاباً ص. 12 منه. ثم", ["كتب أ. د. علي كتاباً ص. 12 منه.", "ثم"]),
        ("ولد عام 1400 هـ. في مكة", ["ولد عام 1400 هـ. في مكة"]),
        ("قال ع. الحسن إن ج. 2 صدر", ["قال ع. الحسن إن ج. 2 صدر"]),
        ("Mr. Smith met Dr. Jones. Then", ["Mr. Smith met Dr. Jones.", "Then"]),
        # quotes closing right after the end stay with their sentence
        ('وقال: "انتهى الأمر." ثم غادر', ['وقال: "انتهى الأمر."', "ثم غادر"]),
        ("وقال: «انتهى الأمر.» ثم غادر", ["وقال: «انتهى الأمر.»", "ثم غادر"]),
        ("قال “نحن هنا”. نحن", ["قال “نحن هنا”.", "نحن"]),
        ("(هل يعود؟) ربما", ["(هل يعود؟)", "ربما"]),
        # an elision is not an end
        ("قال إن إيران(...) ستنسحب", ["قال إن إيران(...) ستنسحب"]),
        # line breaks always end a sentence
        ("عنوان بلا نقطة\nجملة أولى. جملة ثانية\r\nسطر", None),
    ],
)
def test_where_sentences_end(text, expected):
    if expected is None:
        expected = ["عنوان بلا نقطة", "جملة أولى.", "جملة ثانية", "سطر"]
    assert texts(text) == expected


def test_abbreviation_list_is_documented():
    assert "هـ" in ABBREVIATIONS and "dr" in ABBREVIATIONS
    # any single letter counts, Arabic or Latin
    assert texts("قال س. ص. ذلك. ثم") == ["قال س. ص. ذلك.", "ثم"]
    # but not two-letter Arabic words: إلخ. ends a sentence
    assert texts("كتب وقرأ إلخ. ثم") == ["كتب وقرأ إلخ.", "ثم"]


def test_each_non_blank_line_is_a_paragraph():
    text = "أولى. ثانية.\nثالثة\n\n  \nرابعة\n\n\nخامسة"
    got = split_sentences(text)
    assert [(text[s.start : s.end], s.paragraph) for s in got] == [
        ("أولى.", 0),
        ("ثانية.", 0),
        ("ثالثة", 1),
        ("رابعة", 2),
        ("خامسة", 3),
    ]
    assert [text[s:e] for s, e in paragraph_spans(text)] == [
        "أولى. ثانية.",
        "ثالثة",
        "رابعة",
        "خامسة",
    ]


def test_offsets_leave_out_surrounding_spaces():
    text = "  أولى.   ثانية  \n"
    assert split_sentences(text) == [Sentence(2, 7, 0), Sentence(10, 15, 0)]


def test_empty_and_blank_texts():
    assert split_sentences("") == []
    assert split_sentences(" \n\n ") == []
    assert paragraph_spans("\n\n") == []
    with pytest.raises(TypeError):
        split_sentences(None)


PIECES = st.sampled_from(list('نيجر مالي. ؟!…\n\n 1.5"»«()ع') + ["د. ", "2024 م. "])


@given(st.lists(PIECES, max_size=40).map("".join))
def test_sentences_cover_the_text_in_order(text):
    got = split_sentences(text)
    position = 0
    for s in got:
        piece = text[s.start : s.end]
        assert piece and piece == piece.strip()
        assert "\n" not in piece
        assert s.start >= position
        assert not text[position : s.start].strip(' \n\t\r.؟!…"»)')  # only breaks between
        position = s.end
    assert not text[position:].strip()
    assert [s.paragraph for s in got] == sorted(s.paragraph for s in got)
    # every non-space character is inside a sentence
    covered = sum(len(text[s.start : s.end].replace(" ", "")) for s in got)
    assert covered == len(text.replace(" ", "").replace("\n", "").replace("\t", ""))
