"""Spelling variants the gazetteer does not know yet, found in a corpus.

Foreign names reach Arabic in several spellings (تياني / تشياني, غويتا / غويتا). For every
alias word, corpus words within a small edit distance after normalization, or with the same
consonant skeleton, are candidates; they are ranked by similarity and frequency, each with an
example, so that an analyst can accept them into a gazetteer file.

Candidates come from a deletion index (the SymSpell idea): words sharing a string obtained by
deleting at most one letter are within edit distance two, so no pairwise comparison is needed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

import pandas as pd

from sahel.gazetteer import Gazetteer
from sahel.normalize import Normalizer

_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+")
# Proclitic readings tried on a corpus word, longest first: conjunction, preposition, article.
_PREFIXES = sorted(
    {c + p + a for c in ("", "و", "ف") for p in ("", "ب", "ك", "ل") for a in ("", "ال")}
    | {"لل", "ولل", "فلل"},
    key=len,
    reverse=True,
)
# Letters left out of the consonant skeleton: long vowels, hamza and its seats, teh marbuta.
_VOWELS = str.maketrans("", "", "اويىءئؤأإآة")
_MIN_WORD = 4


def skeleton(word: str) -> str:
    """The consonants of a normalized word (تياني -> تن, تشياني -> تشن)."""
    return word.translate(_VOWELS)


def _stem(word: str, known: set[str]) -> str:
    """The word without its proclitics, when what is left is at least _MIN_WORD letters."""
    if word in known:
        return word
    for prefix in _PREFIXES:
        if prefix and word.startswith(prefix) and len(word) - len(prefix) >= _MIN_WORD:
            rest = word[len(prefix) :]
            if rest in known or prefix.endswith("ال") or prefix in ("لل", "ولل", "فلل"):
                return rest
    return word


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (the words are short)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def find_variants(
    texts: Iterable[str],
    gazetteer: Gazetteer | None = None,
    *,
    entities: Iterable[str] | None = None,
    min_count: int = 2,
    max_distance: int = 2,
    top: int | None = 10,
) -> pd.DataFrame:
    """Candidate spellings for the entities of `gazetteer` found in `texts`.

    Returns a DataFrame (entity_id, label, alias_word, candidate, distance, same_skeleton,
    similarity, count, example), best first within each entity; `top` keeps that many per entity.
    A candidate is a corpus word (proclitics stripped) seen at least `min_count` times, within
    `max_distance` edits (1 for words under six letters) of an alias word, and not already an
    alias word of any entity.
    """
    if isinstance(texts, str):
        raise TypeError("texts must be an iterable of str, not one string: wrap it in a list")
    gazetteer = gazetteer or Gazetteer.default()
    normalizer = Normalizer("search")
    wanted = set(entities) if entities is not None else None

    alias_words: dict[str, set[str]] = defaultdict(set)  # normalized alias word -> entity ids
    for entry in gazetteer.alias_entries():
        if wanted is not None and entry.entity_id not in wanted:
            continue
        for word in _WORD.findall(normalizer.normalize(entry.text)):
            if len(word) >= _MIN_WORD:
                alias_words[_stem(word, set())].add(entry.entity_id)
    every_alias_word = {
        _stem(w, set())
        for e in gazetteer.alias_entries()
        for w in _WORD.findall(normalizer.normalize(e.text))
    }

    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for text in texts:
        if not isinstance(text, str):
            raise TypeError(f"texts must hold str, not {type(text).__name__}")
        normalized = normalizer.normalize(text)
        for match in _WORD.finditer(normalized):
            word = _stem(match.group(), every_alias_word)
            if len(word) < _MIN_WORD:
                continue
            counts[word] += 1
            if word not in examples:
                a, b = max(0, match.start() - 40), min(len(normalized), match.end() + 40)
                examples[word] = normalized[a:b].replace("\n", " ")

    index: dict[str, set[str]] = defaultdict(set)
    for word, n in counts.items():
        if n >= min_count and word not in every_alias_word:
            for key in _deletions(word):
                index[key].add(word)

    rows = []
    for alias_word, entity_ids in alias_words.items():
        candidates = set().union(*(index.get(key, ()) for key in _deletions(alias_word)))
        limit = 1 if len(alias_word) < 6 else max_distance
        for candidate in candidates:
            distance = _distance(alias_word, candidate)
            same_skeleton = skeleton(alias_word) == skeleton(candidate)
            if distance > limit and not same_skeleton:
                continue
            for entity_id in entity_ids:
                rows.append(
                    {
                        "entity_id": entity_id,
                        "label": gazetteer.entities[entity_id].label,
                        "alias_word": alias_word,
                        "candidate": candidate,
                        "distance": distance,
                        "same_skeleton": same_skeleton,
                        "similarity": 1 - distance / max(len(alias_word), len(candidate)),
                        "count": counts[candidate],
                        "example": examples[candidate],
                    }
                )
    columns = [
        "entity_id", "label", "alias_word", "candidate", "distance", "same_skeleton",
        "similarity", "count", "example",
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns)
    if frame.empty:
        return frame
    frame = frame.sort_values(
        ["entity_id", "same_skeleton", "similarity", "count"],
        ascending=[True, False, False, False],
        kind="stable",
    )
    if top is not None:
        frame = frame.groupby("entity_id", sort=False).head(top)
    return frame.reset_index(drop=True)
