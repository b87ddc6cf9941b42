"""sahel.text.normalize and Normalizer: each option on and off, presets, identity, errors,
threads."""

import pickle
import threading

import pytest

import sahel
from sahel import Normalizer, normalize
from sahel.text.normalize import OPTIONS, PRESETS, option_bits

# (option, input, output with the option on). Each input is chosen so that the option alone
# changes it: with the option off ("none" preset plus nothing) the input comes back as it is.
CASES = [
    ("diacritics", "كَتَبَ الْوَلَدُ", "كتب الولد"),
    ("diacritics", "مدرّسة", "مدرسة"),
    ("diacritics", "ٱلرَّحْمَٰن", "ٱلرحمن"),  # U+0670 superscript alef goes, U+0671 stays
    ("extended_marks", "بسم\u0610الله\u06d6", "بسمالله"),
    ("extended_marks", "ا\u0653", "ا"),
    ("tatweel", "الجيـــش", "الجيش"),
    ("alef", "أإآٱ\u0672\u0673", "اااااا"),
    ("alef_maksura", "موسى", "موسي"),
    ("teh_marbuta", "دولة", "دوله"),
    ("hamza_seats", "مؤتمر رئيس", "موتمر رييس"),
    ("persian_letters", "کابل ی ە", "كابل ي ه"),
    ("digits", "٢٠٢٤ و ۱۹۹۹", "2024 و 1999"),
    ("punctuation", "نعم، لا؛ لماذا؟ ٥٪", "نعم, لا; لماذا? ٥%"),
    ("presentation_forms", "\ufefb", "لا"),
    ("presentation_forms", "\ufe8d\ufee0\ufee8\ufef4\ufea0\ufeae", "النيجر"),
    ("invisible", "\u200fالنيجر\u200e\u202b\u2066\ufeff\u00ad\u061c", "النيجر"),
    ("spaces", "مالي\u00a0و\u2009النيجر\u3000", "مالي و النيجر "),
    ("collapse_spaces", "مالي    و  النيجر", "مالي و النيجر"),
]


@pytest.mark.parametrize(("option", "text", "expected"), CASES)
def test_each_option_on_and_off(option, text, expected):
    assert normalize(text, preset="none", **{option: True}) == expected
    assert normalize(text, preset="none", **{option: False}) == text
    # Switching the option off in the search preset leaves exactly these characters alone.
    if option not in ("collapse_spaces",) and not PRESETS["search"] & OPTIONS[option]:
        assert normalize(text, **{option: True}) == normalize(expected)


def test_search_preset_is_the_default():
    text = "أَعلنَت النيجـر ٢٠٢٤ إنهاء الاتفاقية\u200f مع الولايات المتحدة"
    assert normalize(text) == normalize(text, preset="search")
    assert normalize(text) == "اعلنت النيجر 2024 انهاء الاتفاقية مع الولايات المتحدة"
    assert Normalizer().options == {n: bool(PRESETS["search"] & b) for n, b in OPTIONS.items()}


def test_search_preset_keeps_teh_marbuta_hamza_seats_punctuation():
    text = "مسؤولة، رئيس"
    assert normalize(text) == text
    assert normalize("الدولة  الكبرى") == "الدولة  الكبري"


def test_camel_preset():
    assert normalize("إِنَّ الدَّوْلَةَ الكُبْرَى", preset="camel") == "ان الدوله الكبري"
    # CAMeL's chain leaves tatweel, digits and controls alone.
    assert normalize("ـ٢\u200f", preset="camel") == "ـ٢\u200f"


@pytest.mark.parametrize("text", ["", "plain ascii text", "النيجر ومالي", "emoji 😀 ok", "\x00"])
def test_unchanged_text_is_the_same_object(text):
    assert normalize(text) is text


def test_lone_surrogates_and_nul_pass_through():
    text = "ا\ud800ب\x00ج\udfff"
    assert normalize(text) == text
    assert normalize("أ\ud800") == "ا\ud800"


@pytest.mark.parametrize("preset", list(PRESETS))
def test_idempotent_on_mixed_text(preset):
    text = "\ufefbأَهْلاً\u00a0 بِكُم  في ٢٠٢٤ 😀 \u200fمدرسةٌ ـــ"
    once = normalize(text, preset=preset)
    assert normalize(once, preset=preset) == once


def test_all_widths_give_the_same_letters():
    arabic = "أَحمد"
    assert normalize(arabic) == "احمد"  # kind 2
    assert normalize(arabic + "😀") == "احمد😀"  # kind 4
    assert normalize("caf\u00e9\u00a0x\u00ad") == "caf\u00e9 x"  # kind 1


def test_bad_arguments_say_what_to_do():
    with pytest.raises(TypeError, match="decode"):
        normalize(b"abc")
    with pytest.raises(TypeError, match="int"):
        normalize(5)
    with pytest.raises(ValueError, match="unknown normalization option"):
        normalize("x", diacritic=True)
    with pytest.raises(ValueError, match="unknown preset"):
        normalize("x", preset="fast")
    with pytest.raises(TypeError, match="True or False"):
        normalize("x", tatweel=1)
    with pytest.raises(TypeError, match="single string"):
        Normalizer().normalize_many("abc")
    with pytest.raises(TypeError, match=r"texts\[1\]"):
        Normalizer().normalize_many(["a", 3])


def test_normalize_many_matches_normalize():
    texts = ["أحمد", "", "plain", "😀ـأ", "مدرسةٌ"] * 3
    n = Normalizer(preset="search", teh_marbuta=True)
    assert n.normalize_many(texts) == [n.normalize(t) for t in texts]
    assert n.normalize_many(iter(texts)) == [n.normalize(t) for t in texts]


def test_normalizer_pickles_and_compares():
    n = Normalizer("camel", tatweel=True)
    back = pickle.loads(pickle.dumps(n))
    assert back == n and back.bits == option_bits("camel", tatweel=True)
    assert "tatweel=True" in repr(n)


def test_threads_share_a_normalizer_on_long_texts():
    # Long enough to release the GIL; each thread must see exactly the serial result.
    text = ("أَعلنَت النيجـر\u200f إنهاء الاتفاقية ٢٠٢٤ " * 2000) + "😀"
    n = Normalizer()
    expected = n.normalize(text)
    results = []

    def work():
        results.extend(n.normalize(text) for _ in range(5))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 40 and all(r == expected for r in results)


def test_version_and_lazy_names():
    assert sahel.__version__
    with pytest.raises(AttributeError):
        sahel.no_such_name  # noqa: B018


def test_offset_map_span_end_past_the_text_raises_index_error() -> None:
    from sahel.text.normalize import Normalizer

    text = "الـــسلام عليكم"
    out, offsets = Normalizer("search").normalize_with_offsets(text)
    assert offsets.span(0, len(out)) == (0, len(text))
    with pytest.raises(IndexError):
        offsets.span(0, len(out) + 1)
    with pytest.raises(IndexError):
        offsets.span(len(out) + 1, len(out) + 1)
