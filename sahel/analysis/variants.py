"""Spelling variants the gazetteer does not know yet, found in a corpus.

Foreign names reach Arabic in several spellings (تياني / تشياني, فاغنر / فاجنر). For every
distinctive alias word, corpus words within a small edit distance after normalization are
candidates, each with its count, an example from the original text and a score, so that an
analyst can accept them into a gazetteer file.

Candidates come from a deletion index (the SymSpell idea): words sharing a string obtained by
deleting at most one letter are within edit distance two, so no pairwise comparison is needed.

A close spelling alone would rank common words first (تركيز next to تركيا, الامن next to
اليمن), so the score weighs two more things:
- the edit: transliterations of one foreign name differ in long vowels and in letters for one
  foreign sound (ت/ط، ك/غ/ق/ج، تش for "tch"); other edits cost twice as much;
- the context: a variant is written where the name would be, next to the same words (عبد الرحمن
  before تياني and before تشياني); the words around the alias in the corpus and in the entity's
  multi-word aliases are compared with the words around the candidate.
Inflections of an alias word (روسي، روسية from روسيا) are other words, not spellings, and are
left out, as are generic words shared by the aliases of several entities (جنوب، سانت).
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from sahel.text.gazetteer import Gazetteer
from sahel.text.normalize import Normalizer
from sahel.text.words import Reading, readings
from sahel.text.words import words as sahel_words

COLUMNS = [
    "entity_id", "label", "alias_word", "candidate", "distance", "cost", "same_skeleton",
    "similarity", "context", "score", "count", "example",
]  # fmt: skip

# Letters left out of the consonant skeleton: long vowels, hamza and its seats, teh marbuta.
_VOWELS = str.maketrans("", "", "اويىءئؤأإآة")
_WEAK = frozenset("اويىءئؤأإآةه")
# Letters that write one foreign sound: a substitution among them is a transliteration choice.
_SOUND_CLASSES = ("تط", "سصث", "دض", "زذظ", "كقغجگڭ", "فڤ", "بپ", "شچ", "هة")
_SAME_SOUND = {(a, b) for group in _SOUND_CLASSES for a in group for b in group if a != b}
# Endings that make another word from a name (adjective, plural, feminine), not another spelling.
_INFLECTIONS = ("يين", "يون", "يات", "ية", "يه", "ين", "ون", "ات", "ي", "ة", "ه", "ا")
_MIN_WORD = 4
_CHEAP = 0.5  # the cost of a transliteration edit; any other edit costs 1
_CONTEXT_WEIGHT = 0.5  # how much of the score the context decides


def skeleton(word: str) -> str:
    """The consonants of a normalized word (تياني -> تن, تشياني -> تشن)."""
    return word.translate(_VOWELS)


@lru_cache(maxsize=1 << 18)
def _arabic(word: str) -> bool:
    """Whether a normalized word is written in Arabic letters only: spellings are looked for
    among Arabic words (not 2018, CNN or علي2)."""
    return word.isalpha() and all(unicodedata.name(ch, "").startswith("ARABIC") for ch in word)


def _unprefixed(word: str, least: int) -> list[Reading]:
    """The readings of `word` that take something off and leave at least `least` letters,
    longest proclitic first (the core's readings: و ف، ب ك ل، ال، لل)."""
    return [r for r in reversed(readings(word)[1:]) if len(r.stem) >= least]


def _strip_article(word: str) -> str:
    """`word` without the article and what stands before it (والنيجر -> نيجر), when at least
    _MIN_WORD letters are left."""
    for reading in _unprefixed(word, _MIN_WORD):
        if reading.article:
            return reading.stem
    return word


def _bare(word: str, least: int) -> list[str]:
    """What is left of `word` after a conjunction or preposition without the article."""
    return [r.stem for r in _unprefixed(word, least) if not r.article]


def _strip_bare(word: str, known: Counter | set) -> str:
    """`word` without a conjunction or preposition when what is left is a known word that is
    not itself such a compound (بوروسيا is not ب + وروسيا)."""
    for rest in _bare(word, _MIN_WORD):
        if rest in known and not any(inner in known for inner in _bare(rest, _MIN_WORD)):
            return rest
    return word


def _bases(word: str) -> set[str]:
    """The word and what is left of it after each inflectional ending it has."""
    return {word} | {
        word[: -len(ending)]
        for ending in _INFLECTIONS
        if word.endswith(ending) and len(word) - len(ending) >= 3
    }


def _inflection(a: str, b: str) -> bool:
    """Whether the two words share a stem up to inflectional endings (روسيا / روسية / روسي)."""
    return not _bases(a).isdisjoint(_bases(b))


def _compound(word: str, counts: Counter) -> bool:
    """Whether `word` reads as a proclitic on a more frequent word (وسنة: و + سنة)."""
    return any(counts.get(rest, 0) > counts[word] for rest in _bare(word, 3))


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


def _indel_cost(word: str, i: int) -> float:
    """The cost of inserting or deleting word[i]: cheap for a long vowel or hamza, and for the
    sheen of تش ("tch", written ت or تش)."""
    letter = word[i]
    if letter in _WEAK or (letter == "ش" and i > 0 and word[i - 1] == "ت"):
        return _CHEAP
    return 1.0


def transliteration_cost(a: str, b: str) -> float:
    """An edit distance where long vowels, hamza seats, تش and letters of one foreign sound
    (ك/غ/ق/ج ...) cost half an edit: تياني -> تشياني costs 0.5, تياني -> تعاني 1."""
    previous = [0.0]
    for j in range(len(b)):
        previous.append(previous[j] + _indel_cost(b, j))
    for i, ca in enumerate(a):
        current = [previous[0] + _indel_cost(a, i)]
        for j, cb in enumerate(b):
            if ca == cb:
                change = 0.0
            elif (ca, cb) in _SAME_SOUND or (ca in _WEAK and cb in _WEAK):
                change = _CHEAP
            else:
                change = 1.0
            current.append(
                min(
                    previous[j + 1] + _indel_cost(a, i),
                    current[j] + _indel_cost(b, j),
                    previous[j] + change,
                )
            )
        previous = current
    return previous[-1]


def _cosine(a: Counter, b: Counter, weight: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(a[k] * b[k] * weight.get(k[1], 1.0) ** 2 for k in a.keys() & b.keys())
    if not dot:
        return 0.0
    norm_a = math.sqrt(sum((v * weight.get(k[1], 1.0)) ** 2 for k, v in a.items()))
    norm_b = math.sqrt(sum((v * weight.get(k[1], 1.0)) ** 2 for k, v in b.items()))
    return dot / (norm_a * norm_b)


def _alias_words(gazetteer: Gazetteer, normalizer: Normalizer):
    """The (normalized, article-stripped) alias words with the entities whose aliases hold them,
    each alias as its list of words, and the words of aliases marked ambiguous."""
    owners: dict[str, set[str]] = defaultdict(set)
    phrases: list[tuple[str, list[str]]] = []
    ambiguous: set[str] = set()
    for entry in gazetteer.alias_entries():
        words = [_strip_article(w) for w in sahel_words(entry.text, normalizer).forms if _arabic(w)]
        phrases.append((entry.entity_id, words))
        for word in words:
            owners[word].add(entry.entity_id)
        if entry.ambiguous:
            ambiguous.update(words)
    return owners, phrases, ambiguous


def find_variants(
    texts: Iterable[str],
    gazetteer: Gazetteer | None = None,
    *,
    entities: Iterable[str] | None = None,
    min_count: int = 2,
    max_distance: int = 2,
    top: int | None = 10,
) -> pd.DataFrame:
    """Candidate spellings for the entities of `gazetteer` found in `texts`, best first.

    A candidate is a corpus word (the article, and a conjunction or preposition before a word
    seen without it, stripped) seen at least `min_count` times, within `max_distance` edits
    (one for alias words under six letters, or the same consonant skeleton) of a distinctive
    alias word, that is not an alias word of any entity nor an inflection of the alias word.
    `entities` limits the search to those entity ids; `top` keeps that many candidates per entity.

    Columns: entity_id, label, alias_word, candidate, distance (Levenshtein), cost (see
    transliteration_cost), same_skeleton, similarity (1 - cost / the longer length), context
    (0..1, how alike the words around the alias and around the candidate are), score (the rank:
    similarity weighed by context), count (occurrences of the candidate, proclitics included) and
    example (the first occurrence with the words around it, as written in the text).
    """
    if isinstance(texts, (str, bytes)):
        raise TypeError("texts must be an iterable of str, not one string: wrap it in a list")
    if gazetteer is None:
        gazetteer = Gazetteer.default()
    elif not isinstance(gazetteer, Gazetteer):
        raise TypeError(f"gazetteer must be a sahel.Gazetteer, not {type(gazetteer).__name__}")
    for name, value, least in (("min_count", min_count, 1), ("max_distance", max_distance, 0)):
        if not isinstance(value, int) or isinstance(value, bool) or value < least:
            raise ValueError(f"{name} must be an int of at least {least}, not {value!r}")
    if top is not None and (not isinstance(top, int) or isinstance(top, bool) or top < 1):
        raise ValueError(f"top must be a positive int or None, not {top!r}")
    if isinstance(entities, str):
        entities = [entities]
    wanted = set(entities) if entities is not None else None
    if wanted is not None:
        unknown = sorted(wanted - set(gazetteer.entities))
        if unknown:
            raise ValueError(f"unknown entity id(s) {', '.join(unknown)}: not in the gazetteer")

    normalizer = Normalizer("search")
    owners, phrases, ambiguous = _alias_words(gazetteer, normalizer)
    texts = list(texts)
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"texts[{i}] must be str, not {type(text).__name__}")

    # Pass 1: word counts, article stripped.
    scanned = [sahel_words(text, normalizer) for text in texts]
    raw: Counter[str] = Counter()
    for scan in scanned:
        raw.update(_strip_article(w) for w in scan.forms if _arabic(w))
    known = raw.keys() | owners.keys()
    fold = {w: _strip_bare(w, known) for w in raw}
    counts: Counter[str] = Counter()
    for word, n in raw.items():
        counts[fold[word]] += n

    # Candidates: words near a distinctive alias word, by the deletion index.
    index: dict[str, set[str]] = defaultdict(set)
    for word, n in counts.items():
        if n >= min_count and len(word) >= _MIN_WORD and word not in owners:
            for key in _deletions(word):
                index[key].add(word)
    # entity, alias word, candidate, distance, cost
    pairs: list[tuple[str, str, str, int, float]] = []
    targets: dict[str, set[str]] = defaultdict(set)  # alias word -> entities it stands for
    for entity_id, words in phrases:
        if wanted is not None and entity_id not in wanted:
            continue
        for word in words:
            # A word of a multi-word alias that other entities' aliases share is generic.
            if len(word) >= _MIN_WORD and (len(words) == 1 or owners[word] == {entity_id}):
                targets[word].add(entity_id)
    for alias_word, entity_ids in targets.items():
        limit = 1 if len(alias_word) < 6 else max_distance
        found = set().union(*(index.get(key, ()) for key in _deletions(alias_word)))
        for candidate in found:
            if _inflection(alias_word, candidate) or _compound(candidate, counts):
                continue
            distance = _distance(alias_word, candidate)
            same = skeleton(alias_word) == skeleton(candidate)
            if distance > limit and not (same and distance <= max_distance):
                continue
            cost = transliteration_cost(alias_word, candidate)
            for entity_id in entity_ids:
                pairs.append((entity_id, alias_word, candidate, distance, cost))
    if not pairs:
        return pd.DataFrame(columns=COLUMNS)

    # Pass 2: the words around alias words and candidates, and the first example of each.
    watched = {p[1] for p in pairs} | {p[2] for p in pairs}
    around: dict[str, Counter] = defaultdict(Counter)
    first: dict[str, tuple[int, int, int]] = {}
    for t, scan in enumerate(scanned):
        spans = [
            (start, end, fold[_strip_article(form)])
            for start, end, form in zip(scan.starts, scan.ends, scan.forms, strict=True)
            if _arabic(form)
        ]
        for k, (start, end, word) in enumerate(spans):
            if word not in watched:
                continue
            if k > 0:
                around[word]["<", spans[k - 1][2]] += 1
            if k + 1 < len(spans):
                around[word][">", spans[k + 1][2]] += 1
            first.setdefault(word, (t, start, end))
    alias_context: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for entity_id, words in phrases:
        for k, word in enumerate(words):
            if word in targets:
                if k > 0:
                    alias_context[entity_id, word]["<", words[k - 1]] += 1
                if k + 1 < len(words):
                    alias_context[entity_id, word][">", words[k + 1]] += 1
    total = sum(counts.values())
    # Rare neighbours say more than common ones; squared, so that function words hardly count.
    weight = {w: math.log(1 + total / (1 + n)) ** 2 for w, n in counts.items()}

    rows = []
    for entity_id, alias_word, candidate, distance, cost in pairs:
        # Where an alias is also a common word (مالي), its own contexts are mostly the other sense.
        in_corpus = around[alias_word] if alias_word not in ambiguous else Counter()
        profile = in_corpus + alias_context[entity_id, alias_word]
        context = _cosine(profile, around[candidate], weight)
        similarity = 1 - cost / max(len(alias_word), len(candidate))
        rows.append(
            {
                "entity_id": entity_id,
                "label": gazetteer.entities[entity_id].label,
                "alias_word": alias_word,
                "candidate": candidate,
                "distance": distance,
                "cost": cost,
                "same_skeleton": skeleton(alias_word) == skeleton(candidate),
                "similarity": similarity,
                "context": context,
                "score": similarity * (1 - _CONTEXT_WEIGHT + _CONTEXT_WEIGHT * context),
                "count": counts[candidate],
                "example": _example(texts, first[candidate]),
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame = frame.sort_values(
        ["score", "count", "entity_id", "candidate"],
        ascending=[False, False, True, True],
        kind="stable",
    )
    # One row per entity and candidate: the alias word it is closest to.
    frame = frame.drop_duplicates(["entity_id", "candidate"])
    if top is not None:
        frame = frame.groupby("entity_id", sort=False).head(top)
    return frame.reset_index(drop=True)


def _example(texts: list[str], where: tuple[int, int, int]) -> str:
    """The first occurrence as written, with up to 40 characters either side on one line."""
    t, start, end = where
    text = texts[t]
    return " ".join(text[max(0, start - 40) : min(len(text), end + 40)].split())
