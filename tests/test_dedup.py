"""Exact and near duplicates: on a made-up set against a slow pure-Python reference, and the
counts on the ANT corpus (../shared) explained."""

import gzip
import json
import random
import unicodedata

import numpy as np
import pytest

import sahel
from sahel.corpus.dedup import (
    NEAR_THRESHOLD,
    exact_duplicates,
    find_duplicates,
    jaccard,
    near_duplicates,
    normalize_texts,
)

WORDS = (
    "النيجر مالي بوركينا فاسو روسيا تركيا فرنسا إيران الولايات المتحدة المجلس العسكري الجيش "
    "الحكومة الاتفاق التعاون الأمني القوات القاعدة الجوية نيامي باماكو واغادوغو الرئيس الوزير "
    "أعلن قال أكد وصل غادر وقع اتفاقية تدريب مكافحة الإرهاب الساحل غرب أفريقيا المنطقة الحدود"
).split()


def article(seed: int, n: int = 120) -> str:
    rng = random.Random(seed)
    sentences = [" ".join(rng.choices(WORDS, k=12)) + "." for _ in range(n // 12)]
    return "\n".join(sentences)


def reference_shingles(normalized: str) -> set[tuple[str, ...]]:
    """Word 3-shingles: words are runs of letters, marks and digits."""
    words, current = [], []
    for ch in normalized:
        if unicodedata.category(ch)[0] in "LMN":
            current.append(ch)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def reference_jaccard(a: str, b: str) -> float:
    sa, sb = reference_shingles(a), reference_shingles(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


def edit(text: str, seed: int, changes: int) -> str:
    """Replace `changes` words at random places."""
    rng = random.Random(seed)
    words = text.split(" ")
    for _ in range(changes):
        words[rng.randrange(len(words))] = rng.choice(["جديد", "آخر", "ثالث", "مختلف"])
    return " ".join(words)


# --- exact -----------------------------------------------------------------------------------


def test_exact_duplicates_ignore_spelling_noise_and_spacing():
    base = article(1)
    noisy = base.replace("النيجر", "النّيجـر").replace(" ", "  ", 3).replace("أعلن", "اعلن")
    texts = [base, article(2), noisy, "", "", base + " زيادة"]
    found = find_duplicates(texts, near=False)
    assert found.exact == [None, None, 0, None, None, None]
    assert found.near == [None] * 6


def test_exact_duplicates_point_at_the_first_copy():
    assert exact_duplicates(["a", "b", "a", "a", " ", "b"]) == [None, None, 0, 0, None, 1]


def test_normalization_is_the_search_preset_with_spaces_collapsed():
    text = "وقال  الرئيسُ\u00a0إنّ النيجـر"
    expected = sahel.normalize(text, "search", collapse_spaces=True)
    assert normalize_texts([text]) == [expected]


# --- near ------------------------------------------------------------------------------------


def test_near_duplicates_agree_with_the_reference_jaccard():
    texts = []
    for k in range(6):
        base = article(100 + k)
        texts.append(base)
        for changes in (1, 3, 8, 20, 40):
            texts.append(edit(base, 1000 * k + changes, changes))
    normalized = normalize_texts(texts)
    got = near_duplicates(normalized)
    for j, target in enumerate(got):
        earlier_kept = [i for i in range(j) if got[i] is None]
        scores = {i: reference_jaccard(normalized[i], normalized[j]) for i in earlier_kept}
        best = max(scores.values(), default=0.0)
        if target is None:
            assert best < NEAR_THRESHOLD, f"text {j} is {best:.2f} similar to a kept text"
        else:
            assert scores[target] == best >= NEAR_THRESHOLD
    assert sum(t is not None for t in got) >= 6  # the small edits are caught


def test_marked_documents_point_at_documents_that_stay():
    a = article(7, 240)
    b = edit(a, 1, 5)  # near a
    c = edit(b, 2, 5)  # near b, maybe less near a
    d = article(8, 240)
    normalized = normalize_texts([a, b, c, d])
    got = near_duplicates(normalized)
    assert got[0] is None and got[1] == 0 and got[3] is None
    assert reference_jaccard(normalized[1], normalized[2]) >= NEAR_THRESHOLD
    # c is near b, but b is marked: c is marked only if it is near a itself
    near_a = reference_jaccard(normalized[0], normalized[2]) >= NEAR_THRESHOLD
    assert got[2] == (0 if near_a else None)


def test_decisions_do_not_depend_on_the_other_documents():
    a, x, y = article(11), article(12), article(13)
    b = edit(a, 5, 4)
    assert near_duplicates(normalize_texts([a, b])) == [None, 0]
    assert near_duplicates(normalize_texts([x, a, y, b])) == [None, None, None, 1]


def test_skipped_and_short_texts_are_left_alone():
    a = article(21)
    got = near_duplicates(normalize_texts([a, a + " ذيل", "كلمتان فقط", "كلمتان فقط"]))
    assert got == [None, 0, None, None]
    skipped = near_duplicates(normalize_texts([a, a + " ذيل"]), skip=[False, True])
    assert skipped == [None, None]


def test_exact_copies_are_not_also_near_copies():
    a = article(31)
    found = find_duplicates([a, a, edit(a, 1, 2)])
    assert found.exact == [None, 0, None]
    assert found.near == [None, None, 0]


def test_threshold_is_checked():
    with pytest.raises(ValueError):
        near_duplicates(["a b c"], threshold=0)
    same = np.array([1, 2, 3], dtype=np.uint64)
    assert jaccard(same, same) == 1.0
    assert jaccard(same, np.array([3, 4], dtype=np.uint64)) == 0.25


# --- the ANT corpus --------------------------------------------------------------------------


@pytest.fixture
def ant_texts(shared_dir):
    path = shared_dir / "corpus" / "ant_multisource.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return [json.loads(line)["text"] for line in stream]


@pytest.mark.slow
def test_ant_exact_duplicates_are_explained(ant_texts):
    assert len(ant_texts) == 31525
    first: dict[str, int] = {}
    raw_copy = [first.setdefault(t, i) != i for i, t in enumerate(ant_texts)]
    # The corpus's "1,481 duplicate texts" are 1,481 extra copies (1,464 texts have copies).
    assert sum(raw_copy) == 1481
    found = find_duplicates(ant_texts, near=False)
    flagged = [e is not None for e in found.exact]
    empty = [not t.strip() for t in ant_texts]
    # Every extra copy is flagged except the copy of the empty text (nothing to compare) ...
    assert [i for i, c in enumerate(raw_copy) if c and not flagged[i]] == [
        i for i, c in enumerate(raw_copy) if c and empty[i]
    ]
    assert sum(c and e for c, e in zip(raw_copy, empty, strict=True)) == 1
    # ... and what is flagged beyond the raw copies differs only in spelling noise or spacing.
    extra = [i for i, f in enumerate(flagged) if f and not raw_copy[i]]
    for i in extra:
        j = found.exact[i]
        assert ant_texts[i] != ant_texts[j]
        assert sahel.normalize(ant_texts[i], collapse_spaces=True) == sahel.normalize(
            ant_texts[j], collapse_spaces=True
        )
    assert sum(flagged) == 1481 - 1 + len(extra)


@pytest.mark.slow
def test_ant_near_duplicates_hold_against_the_reference(ant_texts):
    found = find_duplicates(ant_texts)
    pairs = [(i, j) for i, j in enumerate(found.near) if j is not None]
    assert pairs, "the corpus has republished articles with small edits"
    normalized = normalize_texts(ant_texts)
    for i, j in random.Random(0).sample(pairs, min(40, len(pairs))):
        assert j < i and found.exact[i] is None and found.near[j] is None
        assert reference_jaccard(normalized[i], normalized[j]) >= NEAR_THRESHOLD
