"""The C matcher against a slow pure-Python reference, on random gazetteers and texts.

The reference spells out the matching rules in the plainest way: normalize with offsets,
split words, read each first word as proclitics + optional article + stem, compare whole
words, keep the leftmost-longest match, and map the span back to the original text.
"""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from sahel import Gazetteer, Matcher, Normalizer

STEM_LETTERS = "بتنرسمدع"
CONJUNCTIONS = ("", "و", "ف")
PREPOSITIONS = ("", "ب", "ك", "ل")
SEARCH = Normalizer()


def readings(word: str) -> set[tuple[str, str]]:
    """(proclitics as written, stem) for every way to read `word`; the article is dropped."""
    out = {("", word)}
    for conj, prep in itertools.product(CONJUNCTIONS, PREPOSITIONS):
        for article in ("", "ال"):
            prefix = conj + prep + article
            if prefix and word.startswith(prefix) and len(word) - len(prefix) >= 2:
                out.add((conj + prep, word[len(prefix) :]))
        if prep == "ل":  # ل + ال is written لل
            prefix = conj + "لل"
            if word.startswith(prefix) and len(word) - len(prefix) >= 2:
                out.add((conj + "ل", word[len(prefix) :]))
    return out


def words_of(normalized: str):
    """(start, end, joined) of each word: runs of letters; `joined` when only spaces precede."""
    out, i, previous_end = [], 0, None
    while i < len(normalized):
        if normalized[i].isalpha():
            j = i
            while j < len(normalized) and normalized[j].isalpha():
                j += 1
            between = normalized[previous_end:i] if previous_end is not None else None
            out.append((i, j, between is not None and between.strip(" ") == ""))
            previous_end, i = j, j
        else:
            i += 1
    return out


def reference(aliases: list[tuple[str, str]], text: str) -> list[tuple[str, int, int]]:
    """(entity, start, end) of the leftmost-longest matches of `aliases` (entity, alias)."""
    normalized, offsets = SEARCH.normalize_with_offsets(text)
    words = words_of(normalized)
    compiled = [(entity, alias.split(" ")) for entity, alias in aliases]
    result, i = [], 0
    while i < len(words):
        best_end, found = None, []
        first = normalized[words[i][0] : words[i][1]]
        stems = {stem for _, stem in readings(first)}
        for entity, parts in compiled:
            last = i + len(parts) - 1
            if last >= len(words) or parts[0] not in stems:
                continue
            if any(
                not words[k][2] or normalized[words[k][0] : words[k][1]] != parts[k - i]
                for k in range(i + 1, last + 1)
            ):
                continue
            if best_end is None or last > best_end:
                best_end, found = last, [entity]
            elif last == best_end:
                found.append(entity)
        if best_end is None:
            i += 1
            continue
        start, end = offsets.span(words[i][0], words[best_end][1])
        while end < len(text) and text[end] in MARKS_AND_TATWEEL:
            end += 1
        result.extend((entity, start, end) for entity in sorted(set(found)))
        i = best_end + 1
    return result


MARKS_AND_TATWEEL = {"\u064e", "\u0651", "\u0640"}

stems = st.text(STEM_LETTERS, min_size=2, max_size=4)
alias_texts = st.lists(stems, min_size=1, max_size=2).map(" ".join)
gazetteers = st.lists(alias_texts, min_size=1, max_size=6, unique=True)


@st.composite
def texts(draw, alias_pool):
    pieces = []
    for _ in range(draw(st.integers(0, 12))):
        stem = draw(st.sampled_from(alias_pool) | stems)
        conj = draw(st.sampled_from(CONJUNCTIONS))
        prep = draw(st.sampled_from(PREPOSITIONS))
        article = draw(st.sampled_from(["", "ال"]))
        prefix = conj + ("لل" if prep == "ل" and article else prep + article)
        word = prefix + stem
        if draw(st.booleans()):  # a diacritic or a tatweel inside or after the word
            k = draw(st.integers(1, len(word)))
            word = word[:k] + draw(st.sampled_from(["\u064e", "\u0651", "\u0640"])) + word[k:]
            if word.endswith("\u0640"):
                word += draw(st.sampled_from(STEM_LETTERS))
        pieces.append(word)
        pieces.append(draw(st.sampled_from([" ", " ", "  ", "، ", "\n", " 😀 ", "\u200f "])))
    return "".join(pieces)


def write_gazetteer(tmp_path, aliases: list[str]) -> Gazetteer:
    lines = ["id\ttype\tlabel\taliases"]
    lines += [f"E{i}\torganization\tE{i}\t{alias}" for i, alias in enumerate(aliases)]
    path = tmp_path / "random.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Gazetteer.load(path)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_matcher_agrees_with_reference(tmp_path_factory, data):
    aliases = data.draw(gazetteers)
    text = data.draw(texts([a.split(" ")[0] for a in aliases] + aliases))
    matcher = Matcher(write_gazetteer(tmp_path_factory.mktemp("g"), aliases))
    got = sorted((m.entity_id, m.start, m.end) for m in matcher.find(text))
    expected = sorted(reference([(f"E{i}", a) for i, a in enumerate(aliases)], text))
    assert got == expected
    for m in matcher.find(text):
        assert text[m.start : m.end] == m.surface
