"""sahel.text.words: the core's words with their original spans, proclitic readings, and the
Lexicon automaton, against fixed cases and against a slow reference built on words() and
readings(); 1-, 2- and 4-byte texts, pickling, threads and bad input."""

import gc
import pickle
import sys
import threading
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sahel import _core
from sahel.text.normalize import Normalizer, normalize
from sahel.text.words import Lexicon, LexiconHit, Reading, Words, readings, words

SEARCH = Normalizer("search")

# ---- words ------------------------------------------------------------------------------------


def test_words_columns():
    text = "في مالي، وَالنَّيجر 😀 والنيجر"
    w = words(text)
    assert isinstance(w, Words)
    assert w.forms == ["في", "مالي", "والنيجر", "والنيجر"]
    assert w.joined == [False, True, False, False]  # after the comma and the emoji: a break
    assert [text[s:e] for s, e in zip(w.starts, w.ends, strict=True)] == [
        "في", "مالي", "وَالنَّيجر", "والنيجر",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "surfaces", "joined"),
    [
        ("", [], []),
        (" ،. \n", [], []),
        ("مصرَ ـ النيجرـ", ["مصرَ", "النيجرـ"], [False, True]),  # trailing mark and tatweel
        ("مـــالي\u200f مالي", ["مـــالي", "مالي"], [False, True]),
        ("بوركينا-فاسو", ["بوركينا", "فاسو"], [False, True]),
        ("مالي\nالنيجر", ["مالي", "النيجر"], [False, False]),
        ("café-crème 2024", ["café", "crème", "2024"], [False, True, True]),
        ("😀مالي𝔸النيجر", ["مالي", "النيجر"], [False, False]),
    ],
)
def test_words_spans(text, surfaces, joined):
    w = words(text)
    assert [text[s:e] for s, e in zip(w.starts, w.ends, strict=True)] == surfaces
    assert w.joined == joined
    assert w.forms == [normalize(s) for s in surfaces]


def test_words_options():
    assert words("أنغولا ٢٠٢٤").forms == ["انغولا", "2024"]
    assert words("أنغولا ٢٠٢٤", preset="none").forms == ["أنغولا", "٢٠٢٤"]
    assert words("مدرسة", teh_marbuta=True).forms == ["مدرسه"]
    # a ligature expands to two letters of one word, which spans the one code point
    assert words("ﺃﻧﻐﻮﻻ") == Words([0], [5], ["انغولا"], [False])


# ---- readings ---------------------------------------------------------------------------------


def r(*parts: str) -> Reading:
    return Reading(*parts)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("مالي", [r("", "", "مالي")]),
        ("والنيجر", [r("", "", "والنيجر"), r("و", "", "النيجر"), r("و", "ال", "نيجر")]),
        ("للنيجر", [r("", "", "للنيجر"), r("ل", "", "لنيجر"), r("ل", "ل", "نيجر")]),
        (
            "بالعاصمة",
            [r("", "", "بالعاصمة"), r("ب", "", "العاصمة"), r("ب", "ال", "عاصمة")],
        ),
        (
            "وباتفاق",
            [r("", "", "وباتفاق"), r("و", "", "باتفاق"), r("وب", "", "اتفاق")],
        ),
        ("فلن", [r("", "", "فلن"), r("ف", "", "لن")]),
        ("ولد", [r("", "", "ولد"), r("و", "", "لد")]),
        ("بر", [r("", "", "بر")]),  # a stem keeps two letters
        ("", []),
    ],
)
def test_readings(word, expected):
    got = readings(word)
    assert list(got) == expected
    assert all(x.proclitic + x.article + x.stem == word for x in got)


def test_readings_match_the_core():
    for word in ["وللنيجر", "فبالاتفاق", "Niger", "ب2024"]:
        assert [
            (len(x.proclitic), len(x.proclitic) + len(x.article), bool(x.article))
            for x in readings(word)
        ] == list(_core.readings(word))


# ---- the lexicon ------------------------------------------------------------------------------

NIGER, MALI, AGREE, AGREE_STEM, USA, AES, BURKINA, CAPITAL, LAN, COOP, SAHEL = range(1, 12)
ENTRIES = [
    ("النيجر", NIGER),
    ("مالي", MALI),
    ("اتفاق", AGREE),
    ("اتفاق", AGREE_STEM, True),
    ("الولايات المتحدة", USA),
    ("الولايات المتحدة الأمريكية", USA),
    ("AES", AES, False, True),
    ("الساحل", SAHEL, False, True),
    ("بوركينا فاسو", BURKINA),
    ("العاصمة", CAPITAL),
    ("لن", LAN),
    ("تعاون عسكر", COOP, True),
]


@pytest.fixture(scope="module")
def lexicon():
    return Lexicon(ENTRIES)


def rendered(lexicon, text):
    """Each hit as "value:proclitics|article|rest", checking what holds for every hit."""
    out = []
    for h in lexicon.find(text):
        assert isinstance(h, LexiconHit)
        assert h.start <= h.stem <= h.bare < h.end <= len(text)
        out.append(
            f"{h.value}:{text[h.start : h.stem]}|{text[h.stem : h.bare]}|{text[h.bare : h.end]}"
        )
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("والنيجر", ["1:و|ال|نيجر"]),
        ("للنيجر", ["1:ل|ل|نيجر"]),
        ("وللنيجر", ["1:ول|ل|نيجر"]),
        ("نيجر", []),  # written with the article: the text needs one
        ("بالعاصمة", ["8:ب|ال|عاصمة"]),
        ("وباتفاق", ["3:وب||اتفاق", "4:وب||اتفاق"]),
        ("الاتفاق", ["3:|ال|اتفاق", "4:|ال|اتفاق"]),  # written without: the article is optional
        ("فلن", ["9:ف||لن"]),
        ("ومالي لمالي", ["2:و||مالي", "2:ل||مالي"]),
        ("مالية الماليين سمالي", []),  # whole words only
        ("AES وAES AESX", ["6:||AES"]),
        ("الساحل والساحل ساحل", ["11:|ال|ساحل"]),
    ],
)
def test_proclitics(lexicon, text, expected):
    assert rendered(lexicon, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("اتفاقية", ["4:||اتفاقية"]),
        ("والاتفاقيات", ["4:و|ال|اتفاقيات"]),
        ("للاتفاقية", ["4:ل|ل|اتفاقية"]),
        ("اتفا", []),
        ("تعاون عسكري", ["10:||تعاون عسكري"]),
        ("التعاون عسكريا", ["10:|ال|تعاون عسكريا"]),
        ("التعاون العسكري", []),  # a phrase's later words are whole text words
        ("تعاونا عسكريا", []),  # only the last word is a prefix
    ],
)
def test_prefix(lexicon, text, expected):
    assert rendered(lexicon, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الولايات المتحدة", ["5:|ال|ولايات المتحدة"]),
        ("للولايات المتحدة", ["5:ل|ل|ولايات المتحدة"]),
        ("الولايات   المتحدة", ["5:|ال|ولايات   المتحدة"]),
        ("الولايات ـــ المتحدة", ["5:|ال|ولايات ـــ المتحدة"]),
        ("الوِلايات المُتّحدة", ["5:|ال|وِلايات المُتّحدة"]),
        ("الولايات \u200fالمتحدة", ["5:|ال|ولايات \u200fالمتحدة"]),
        (
            "الولايات المتحدة الأمريكية",
            ["5:|ال|ولايات المتحدة الأمريكية", "5:|ال|ولايات المتحدة"],
        ),
        ("بوركينا-فاسو", ["7:||بوركينا-فاسو"]),
        ("الولايات، المتحدة", []),
        ("الولايات.المتحدة", []),
        ("الولايات\nالمتحدة", []),
        ("الولايات 😀 المتحدة", []),
        ("الولايات والمتحدة", []),
    ],
)
def test_phrases(lexicon, text, expected):
    assert rendered(lexicon, text) == expected


@pytest.mark.parametrize("before", ["", "a ", "é ", "ā ", "😀 ", "𝔸 "])
def test_widths(lexicon, before):
    """1-, 2- and 4-byte texts: the same hits, moved by what stands before them."""
    for text in ["le AES.", "وللنيجر وباتفاقية"]:
        base = lexicon.find(text)
        assert base
        shifted = lexicon.find(before + text)
        n = len(before)
        assert shifted == [
            h._replace(start=h.start + n, stem=h.stem + n, bare=h.bare + n, end=h.end + n)
            for h in base
        ]


def test_spans_in_the_original(lexicon):
    text = "😀 وَالنَّيجرُ، ﺑﺎﻟﻌﺎﺻﻤﺔ"
    hits = lexicon.find(text)
    assert [(h.value, text[h.start : h.end]) for h in hits] == [
        (NIGER, "وَالنَّيجرُ"),
        (CAPITAL, "ﺑﺎﻟﻌﺎﺻﻤﺔ"),
    ]
    niger = hits[0]
    assert text[niger.start : niger.stem] == "وَ"
    assert text[niger.stem : niger.bare] == "ال"


def test_many_values_and_duplicates():
    lex = Lexicon([("مالي", 2), ("مالي", 1), ("مالي", 1), ("مالي", 1, True)])
    assert len(lex) == 3
    assert [h.value for h in lex.find("ومالي")] == [
        1,
        2,
    ]  # a prefix hit equal to a whole one is one hit


def test_mapping_and_empty():
    assert Lexicon({"مالي": 1, "النيجر": 2}).find("مالي والنيجر") == [
        LexiconHit(1, 0, 0, 0, 4),
        LexiconHit(2, 5, 6, 8, 12),
    ]
    empty = Lexicon({})
    assert len(empty) == 0
    assert empty.find("مالي") == []
    assert Lexicon({"مالي": 1}).find("") == []


def test_options():
    assert Lexicon({"مدرسة": 1}).find("المدرسه") == []
    assert [h.value for h in Lexicon({"مدرسة": 1}, teh_marbuta=True).find("المدرسه")] == [1]
    assert Lexicon({"مَالي": 1}, preset="none").find("مالي") == []


def test_pickle_stats_sizeof(lexicon):
    text = "وللنيجر وباتفاقية الولايات المتحدة AES"
    back = pickle.loads(pickle.dumps(lexicon))
    assert back.find(text) == lexicon.find(text)
    assert back.stats() == lexicon.stats()
    stats = lexicon.stats()
    assert set(stats) == {"entries", "words", "nodes", "bytes"}
    assert stats["entries"] == len(ENTRIES)
    assert sys.getsizeof(lexicon) > stats["bytes"]
    options = Lexicon({"مدرسة": 1}, teh_marbuta=True)
    assert pickle.loads(pickle.dumps(options)).find("مدرسه") == options.find("مدرسه")
    assert repr(lexicon) == f"Lexicon({len(ENTRIES)} entries, preset='search')"


def test_core_lexicon_pickles():
    core = _core.Lexicon(
        _core.NORM_PRESET_SEARCH, [("النيجر", 1, 0), ("اتفاق", 2, _core.LEX_PREFIX)]
    )
    back = pickle.loads(pickle.dumps(core))
    assert back.entries == (("النيجر", 1, 0), ("اتفاق", 2, _core.LEX_PREFIX))
    assert back.options == _core.NORM_PRESET_SEARCH
    assert back.find("للنيجر باتفاقية") == core.find("للنيجر باتفاقية") == (
        [1, 2], [0, 7], [1, 8], [2, 8], [6, 15],
    )  # fmt: skip


def test_threads(lexicon):
    """One lexicon, eight threads on a text long enough to release the GIL."""
    text = "وقعت مالي والنيجر اتفاقية مع الولايات المتحدة الأمريكية، " * 200
    assert len(text) >= _core.RELEASE_GIL_FROM
    want = lexicon.find(text)
    results = []

    def work():
        for _ in range(5):
            results.append(lexicon.find(text) == want)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [True] * 40
    assert len(want) == 200 * 5


def test_long_texts_release_the_gil():
    unit = "في مالي، وَالنَّيجر 😀 "
    text = unit * (_core.RELEASE_GIL_FROM // len(unit) + 1)
    assert len(text) >= _core.RELEASE_GIL_FROM
    one, many = words(unit), words(text)
    assert many.forms == one.forms * (len(text) // len(unit))
    assert many.starts[len(one.starts)] == len(unit) + one.starts[0]


def test_no_leaks(lexicon):
    """Python objects made by the binding, error paths included, are all released: measured
    twice, asserted on the second phase only (the first warms caches up)."""
    long_text = "وللنيجر وباتفاقية الولايات المتحدة، " * 200

    def phase():
        for _ in range(200):
            lexicon.find("وللنيجر وباتفاقية")
            lexicon.find(long_text)
            _core.words(long_text, _core.NORM_PRESET_SEARCH)
            _core.readings("وللنيجر")
            _core.Lexicon(0, [("مالي", 1, 0), ("اتفاق", 2, _core.LEX_PREFIX)]).find("ومالي")
            for bad in (
                [("مالي", 1, 0), ("مالي، النيجر", 1, 0)],
                [("مالي", -1, 0)],
                [(b"x", 1, 0)],
            ):
                with pytest.raises((TypeError, ValueError)):
                    _core.Lexicon(0, bad)

    phase()
    gc.collect()
    tracemalloc.start()
    try:
        phase()
        gc.collect()
        first = tracemalloc.get_traced_memory()[0]
        phase()
        gc.collect()
        second = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert second - first < 4096


# ---- bad input --------------------------------------------------------------------------------


def test_bad_input(lexicon):
    for call in (lambda: lexicon.find(b"x"), lambda: words(b"x"), lambda: readings(b"x")):
        with pytest.raises(TypeError, match="decode"):
            call()
    with pytest.raises(TypeError):
        lexicon.find(None)
    with pytest.raises(TypeError, match="decode"):
        Lexicon({b"x": 1})
    with pytest.raises(TypeError):
        Lexicon("مالي")
    with pytest.raises(TypeError):
        Lexicon([("مالي", "1")])
    with pytest.raises(TypeError):
        Lexicon([("مالي", True)])
    with pytest.raises(TypeError):
        Lexicon([("مالي", 1, "yes")])
    with pytest.raises(TypeError):
        Lexicon([("مالي",)])
    with pytest.raises(ValueError, match=">= 0"):
        Lexicon({"مالي": -1})
    with pytest.raises(ValueError, match="0..2147483647"):
        Lexicon({"مالي": 2**31})
    for empty in ["", "  ", "...", "َ ـ"]:
        with pytest.raises(ValueError, match="no word"):
            Lexicon({empty: 1})
    with pytest.raises(ValueError, match="punctuation"):
        Lexicon({"مالي، النيجر": 1})
    with pytest.raises(ValueError, match="preset"):
        Lexicon({"مالي": 1}, preset="nope")
    with pytest.raises(ValueError, match="flag"):
        _core.Lexicon(0, [("مالي", 1, 4)])
    with pytest.raises(TypeError):
        _core.Lexicon(0, "مالي")


# ---- against a slow reference -----------------------------------------------------------------


def reference_find(entries, text: str) -> list[LexiconHit]:
    """Every entry at every word under every reading, spelled out with words() and readings():
    an entry written with ال needs an article, one without may have it; later words are whole
    joined words; only the last word of a prefix entry is a prefix."""
    prepared = []
    for phrase, value, prefix, no_proclitics in entries:
        entry_words = words(phrase)
        forms = list(entry_words.forms)
        article = False
        for reading in readings(forms[0]):
            if not reading.proclitic and reading.article:
                forms[0], article = reading.stem, True
        prepared.append((forms, value, prefix, no_proclitics, article))

    w = words(text)
    normalized, offsets = SEARCH.normalize_with_offsets(text)
    norm_starts, at = [], 0
    for form in w.forms:  # only non-letters stand between two words: the next match is the word
        at = normalized.index(form, at)
        norm_starts.append(at)
        at += len(form)
    assert [offsets.to_original(s) for s in norm_starts] == w.starts

    def same(word: str, entry_word: str, prefix: bool) -> bool:
        return word.startswith(entry_word) if prefix else word == entry_word

    hits = set()
    for i, form in enumerate(w.forms):
        for reading in readings(form):
            for forms, value, prefix, no_proclitics, article in prepared:
                if no_proclitics:
                    if reading.proclitic or bool(reading.article) != article:
                        continue
                elif article and not reading.article:
                    continue
                last = len(forms) - 1
                if i + last >= len(w.forms) or not same(
                    reading.stem, forms[0], prefix and last == 0
                ):
                    continue
                if not all(
                    w.joined[i + k] and same(w.forms[i + k], forms[k], prefix and k == last)
                    for k in range(1, last + 1)
                ):
                    continue
                p = norm_starts[i] + len(reading.proclitic)
                hits.add(
                    LexiconHit(
                        value,
                        w.starts[i],
                        offsets.to_original(p),
                        offsets.to_original(p + len(reading.article)),
                        w.ends[i + last],
                    )
                )
    return sorted(hits, key=lambda h: (h.start, -h.end, h.stem, h.bare, h.value))


PHRASES = [
    "النيجر", "مالي", "اتفاق", "الاتفاق", "الولايات المتحدة", "لبنان", "ليبيا", "يبيا", "لن",
    "تعاون عسكر", "ساحل", "الساحل", "AES", "بوركينا فاسو", "اتفاقية سلام", "ال", "الم", "لله",
]  # fmt: skip
CHUNKS = [
    "و", "ف", "ب", "ك", "ل", "ال", "لل", "ية", "يات", "ي", " ", " ", " ", "،", ".", "\n", "-",
    "ـ", "َ", "ّ", "\u200f", "\u200c", "😀", "𝔸", "é", "ā", "A", "S", "1", "٢", "أ", "إ", "ى", "ة",
]  # fmt: skip

entries_strategy = st.lists(
    st.tuples(st.sampled_from(PHRASES), st.integers(0, 5), st.booleans(), st.booleans()),
    min_size=1,
    max_size=8,
)
text_strategy = st.lists(st.sampled_from(PHRASES + CHUNKS), max_size=30).map("".join)
BEFORE = ["", "و", "ف", "ب", "ل", "ال", "لل", "وال", "بال", "ولل", "فب"]
AFTER = ["", "ية", "ات", "ي", "َ", "ـ"]


@st.composite
def lexicon_and_text(draw):
    """Entries, and a text made mostly of their phrases with proclitics and endings around."""
    entries = draw(entries_strategy)
    phrase = st.sampled_from([e[0] for e in entries])
    piece = st.one_of(
        st.tuples(st.sampled_from(BEFORE), phrase, st.sampled_from(AFTER)).map("".join),
        st.sampled_from(PHRASES + CHUNKS),
    )
    return entries, "".join(draw(st.lists(piece, max_size=20)))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=lexicon_and_text())
def test_lexicon_against_reference(case):
    entries, text = case
    lexicon = Lexicon(entries)
    assert lexicon.find(text) == reference_find(entries, text)


@settings(max_examples=300, deadline=None)
@given(text=text_strategy)
def test_words_against_the_normalizer(text):
    """Each word's original span normalizes to its form, spans are in order and disjoint,
    and `joined` is false exactly when a break stands between two words."""
    w = words(text)
    previous_end = 0
    for start, end, form in zip(w.starts, w.ends, w.forms, strict=True):
        assert previous_end <= start < end <= len(text)
        assert normalize(text[start:end]) == form
        previous_end = end
    for k in range(1, len(w.forms)):
        gap = normalize(text[w.ends[k - 1] : w.starts[k]])
        assert w.joined[k] == all(ch in " -_#" for ch in gap)


def test_a_proclitic_stands_before_a_number_of_any_length():
    # و8 يونيو: a date's day takes the conjunction; a stem of letters needs two of them (وب).
    assert readings("و8")[1] == Reading("و", "", "8")
    assert readings("ب2018")[1] == Reading("ب", "", "2018")
    assert len(readings("وب")) == 1
