"""The offset map from normalized text back to the user's string: examples and properties."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sahel import Normalizer

SEARCH = Normalizer()


def test_deletions_and_expansions_map_back():
    text = "\u200fأَلنيجـر\ufefb😀x"
    norm, omap = SEARCH.normalize_with_offsets(text)
    assert norm == "النيجرلا😀x"
    expected = [1, 3, 4, 5, 6, 8, 9, 9, 10, 11, 12]
    assert [omap.to_original(i) for i in range(len(norm) + 1)] == expected
    assert omap.span(0, 6) == (1, 9)  # the trailing tatweel is inside, the mark after أ too
    assert text[slice(*omap.span(6, 8))] == "\ufefb"
    assert omap.span(3, 3) == (5, 5)


def test_unchanged_text_has_an_empty_map():
    norm, omap = SEARCH.normalize_with_offsets("abc")
    assert norm == "abc" and len(omap) == 0
    assert [omap.to_original(i) for i in range(4)] == [0, 1, 2, 3]


def test_map_memory_grows_with_edits_not_length():
    plain = "النيجر " * 10000
    _, omap = SEARCH.normalize_with_offsets(plain + "ـ")
    assert len(omap) <= 2
    _, omap = SEARCH.normalize_with_offsets("ـ" + plain)
    assert len(omap) <= 2


def test_bad_indices():
    _, omap = SEARCH.normalize_with_offsets("أَ")
    with pytest.raises(IndexError):
        omap.to_original(5)
    with pytest.raises(TypeError):
        omap.to_original("1")
    with pytest.raises(ValueError):
        omap.span(1, 0)
    with pytest.raises(TypeError, match="decode"):
        SEARCH.normalize_with_offsets(b"x")


ALPHABET = st.sampled_from(
    list("اأإآبتةثجحخدذرزسشصضطظعغفقكلمنهويىئؤءـ ")
    + ["\u064b", "\u064e", "\u0651", "\u0670", "\u0654", "\u06d6", "\u0610"]  # marks
    + ["\u200f", "\u200b", "\u202b", "\ufeff", "\u00ad", "\u061c"]  # invisible controls
    + ["\ufefb", "\ufef5", "\ufe8d", "\ufdf2", "\ufb50"]  # presentation forms
    + ["٣", "۴", "\u00a0", "\u2009", "a", "Z", "é", "😀", "🇳🇪", "e\u0301", "\x00"]
)
texts = st.lists(ALPHABET, max_size=60).map("".join)
presets = st.sampled_from(["search", "camel", "none"])


@settings(max_examples=400, deadline=None)
@given(texts, presets, st.booleans())
def test_every_output_character_comes_from_its_mapped_original(text, preset, collapse):
    n = Normalizer(preset, collapse_spaces=collapse)
    norm, omap = n.normalize_with_offsets(text)
    assert norm == n.normalize(text)
    assert omap.normalized_length == len(norm) and omap.original_length == len(text)
    assert omap.to_original(len(norm)) == len(text)
    previous = 0
    for i, ch in enumerate(norm):
        j = omap.to_original(i)
        assert previous <= j < len(text)
        assert ch in n.normalize(text[j])
        previous = j


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_spans_round_trip(text, data):
    norm, omap = SEARCH.normalize_with_offsets(text)
    # Span ends on original-character boundaries (not inside one ligature's expansion).
    bounds = [
        i
        for i in range(len(norm) + 1)
        if i in (0, len(norm)) or omap.to_original(i - 1) != omap.to_original(i)
    ]
    start = data.draw(st.sampled_from(bounds))
    end = data.draw(st.sampled_from([b for b in bounds if b >= start]))
    o_start, o_end = omap.span(start, end)
    assert SEARCH.normalize(text[o_start:o_end]) == norm[start:end]
