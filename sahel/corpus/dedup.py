"""Exact and near-duplicate documents.

Exact: two texts are duplicates when their normalized forms are equal — ``sahel.text.normalize``
with the "search" preset and ``collapse_spaces=True`` (so tatweel, diacritics, alef forms, invisible
marks and spacing do not count) — compared through a 128-bit BLAKE2b hash. Each duplicate points
at the first document (in corpus order) with the same text. Empty texts are never duplicates:
there is nothing to compare.

Near: the Jaccard similarity of the texts' sets of word 3-shingles (three consecutive words of the
normalized text, punctuation dropped) is at least :data:`NEAR_THRESHOLD` (0.8): the same article
with small edits — a changed first line, a corrected figure, a sentence added or cut. Candidates
come from MinHash signatures (64 hash functions) split into 16 bands of 4 rows (LSH): a pair at
similarity 0.8 shares a band with probability 0.9998, at 0.5 with 0.64; every candidate pair is
then checked with the exact Jaccard similarity of the two shingle sets, so the threshold is exact.
Documents are visited in corpus order and a document is marked when it is near an earlier document
that is itself not marked (the most similar one); so the marked documents point at documents that
stay, and what stays has no pair above the threshold among the candidates. Exact duplicates are
left to the exact pass, and texts of fewer than three words are skipped.

Words are hashed from their code points (a polynomial hash computed over whole arrays of texts
with numpy), not with Python's per-process string hash, so results do not depend on the process
or on the other documents.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "NEAR_THRESHOLD",
    "Duplicates",
    "exact_duplicates",
    "find_duplicates",
    "first_of_digests",
    "jaccard",
    "near_duplicates",
    "normalize_texts",
    "text_digest",
]

#: Jaccard similarity of word 3-shingle sets from which two documents are near duplicates.
NEAR_THRESHOLD = 0.8
SHINGLE = 3
NUM_PERM = 64
BANDS = 16
#: Earlier members of one LSH bucket compared with a document (guards against huge buckets).
MAX_BUCKET_PEERS = 50
#: Texts hashed together (bounds the memory of the arrays of code points).
BATCH = 2000

_rng = np.random.default_rng(0x5A4E1)  # fixed: the same text always gets the same signature
_PERM_A = _rng.integers(1, 2**63, NUM_PERM, dtype=np.uint64) | np.uint64(1)  # odd multipliers
_PERM_B = _rng.integers(0, 2**63, NUM_PERM, dtype=np.uint64)


@dataclass(frozen=True, slots=True)
class Duplicates:
    """Per document: the index of the document it duplicates, or None.

    ``exact[i]``: the first earlier document with the same normalized text.
    ``near[i]``: an earlier kept document whose text is at least ``threshold`` similar
    (None for exact duplicates, which ``exact`` covers).
    """

    exact: list[int | None]
    near: list[int | None]


def normalize_texts(texts: Sequence[str]) -> list[str]:
    """Texts as compared for duplicates: search preset, spaces collapsed."""
    from sahel.text.normalize import Normalizer  # the C core; imported when first needed

    normalizer = Normalizer("search", collapse_spaces=True)
    return list(normalizer.normalize_many(list(texts)))


def text_digest(normalized: str) -> bytes | None:
    """The 128-bit digest exact duplicates are compared by; None for a blank text (nothing to
    compare)."""
    if not normalized.strip():
        return None
    return hashlib.blake2b(normalized.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def first_of_digests(digests: Iterable[bytes | None]) -> list[int | None]:
    """For digests in corpus order: the index of the first earlier equal digest, or None."""
    first: dict[bytes, int] = {}
    result: list[int | None] = []
    for i, digest in enumerate(digests):
        if digest is None:
            result.append(None)
            continue
        earlier = first.setdefault(digest, i)
        result.append(earlier if earlier != i else None)
    return result


def exact_duplicates(normalized: Sequence[str]) -> list[int | None]:
    """For already normalized texts: the index of the first equal earlier text, or None."""
    return first_of_digests(text_digest(text) for text in normalized)


def _word_characters() -> np.ndarray:
    """For each BMP code point: whether it belongs to a word (letters, marks, digits)."""
    table = np.zeros(0x10000, dtype=bool)
    for cp in range(0x10000):
        table[cp] = unicodedata.category(chr(cp))[0] in "LMN"
    return table


_WORD_TABLE: np.ndarray | None = None
_P = np.uint64(0x100000001B3)  # FNV prime: odd, so invertible modulo 2**64
_P_INVERSE = np.uint64(pow(int(_P), -1, 2**64))


_POWERS: dict[int, np.ndarray] = {}


def _powers(base: np.uint64, n: int) -> np.ndarray:
    """base**0 .. base**(n-1) modulo 2**64, kept for the next batch."""
    cached = _POWERS.get(int(base))
    if cached is None or len(cached) < n:
        powers = np.full(max(n, 1 << 20), base, dtype=np.uint64)
        powers[0] = 1
        cached = _POWERS[int(base)] = np.cumprod(powers)  # wraps modulo 2**64, as intended
    return cached[:n]


def _shingles(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Word 3-shingle hashes of a batch of texts, computed on whole arrays: (hashes grouped by
    text in order, number of hashes per text).

    A word is a maximal run of letters, marks and digits (code points beyond the BMP count as
    letters); its hash is a polynomial over its code points modulo 2**64, read off prefix sums.
    """
    global _WORD_TABLE
    if _WORD_TABLE is None:
        _WORD_TABLE = _word_characters()
    joined = "\n".join(texts)
    cps = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    n = len(cps)
    in_word = np.ones(n, dtype=bool)
    bmp = cps < 0x10000
    in_word[bmp] = _WORD_TABLE[cps[bmp]]
    edges = np.diff(np.concatenate(([False], in_word, [False])).astype(np.int8))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    with np.errstate(over="ignore"):
        prefix = np.zeros(n + 1, dtype=np.uint64)
        np.cumsum(cps.astype(np.uint64) * _powers(_P, n), out=prefix[1:])
        words = (prefix[ends] - prefix[starts]) * _powers(_P_INVERSE, n)[starts]
        lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
        text_starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        owner = np.searchsorted(text_starts, starts, side="right") - 1
        if len(words) < SHINGLE:
            return np.empty(0, dtype=np.uint64), np.zeros(len(texts), dtype=np.int64)
        h = words[: 1 - SHINGLE] * np.uint64(0x9E3779B97F4A7C15)
        for k in range(1, SHINGLE):
            h = (h ^ words[k : len(words) + 1 - SHINGLE + k]) * np.uint64(0xBF58476D1CE4E5B9)
    same_text = owner[: 1 - SHINGLE] == owner[SHINGLE - 1 :]
    hashes = _mix(h[same_text])
    counts = np.bincount(owner[: 1 - SHINGLE][same_text], minlength=len(texts))
    return hashes, counts


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finalizer: spreads the bits so that the multiply-shift hashes below behave."""
    with np.errstate(over="ignore"):
        h = h ^ (h >> np.uint64(30))
        h = h * np.uint64(0xBF58476D1CE4E5B9)
        h = h ^ (h >> np.uint64(27))
        h = h * np.uint64(0x94D049BB133111EB)
        return h ^ (h >> np.uint64(31))


def _signatures(flat: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """MinHash signatures (texts x NUM_PERM, uint32) of texts with at least one shingle."""
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    signatures = np.empty((len(counts), NUM_PERM), dtype=np.uint32)
    values = np.empty_like(flat)
    with np.errstate(over="ignore"):
        for p in range(NUM_PERM):
            # Multiply-shift hashing: (a*x + b) mod 2**64, high 32 bits.
            np.multiply(flat, _PERM_A[p], out=values)
            np.add(values, _PERM_B[p], out=values)
            np.right_shift(values, np.uint64(32), out=values)
            signatures[:, p] = np.minimum.reduceat(values, starts)
    return signatures


def _candidates(signatures: np.ndarray) -> dict[int, set[int]]:
    """For each row, the earlier rows that share at least one LSH band with it."""
    rows = NUM_PERM // BANDS
    peers: dict[int, set[int]] = {}
    for band in range(BANDS):
        block = np.ascontiguousarray(signatures[:, band * rows : (band + 1) * rows])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        shared = counts[inverse] > 1
        members = np.flatnonzero(shared)
        order = members[np.argsort(inverse[members], kind="stable")]
        groups = np.split(order, np.flatnonzero(np.diff(inverse[order])) + 1)
        for group in groups:
            for k in range(1, len(group)):
                earlier = group[max(0, k - MAX_BUCKET_PEERS) : k]
                peers.setdefault(int(group[k]), set()).update(earlier.tolist())
    return peers


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two sorted arrays of unique values."""
    if len(a) == 0 and len(b) == 0:
        return 1.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)


def near_duplicates(
    normalized: Sequence[str],
    *,
    threshold: float = NEAR_THRESHOLD,
    skip: Sequence[bool] | None = None,
) -> list[int | None]:
    """For already normalized texts: an earlier kept document at least ``threshold`` similar.

    ``skip[i]`` true leaves document ``i`` out (it is neither marked nor pointed at).
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], not {threshold!r}")
    result: list[int | None] = [None] * len(normalized)
    chosen = [i for i in range(len(normalized)) if skip is None or not skip[i]]
    parts, counts = [], []
    for lo in range(0, len(chosen), BATCH):
        batch = [normalized[i] for i in chosen[lo : lo + BATCH]]
        hashes, n = _shingles(batch)
        parts.append(hashes)
        counts.append(n)
    if not chosen:
        return result
    flat = np.concatenate(parts)
    count = np.concatenate(counts)
    present = np.flatnonzero(count)  # texts with at least one shingle
    if len(present) < 2:
        return result
    index = [chosen[k] for k in present]
    offsets = np.concatenate(([0], np.cumsum(count)))[present]
    sizes = count[present]
    peers = _candidates(_signatures(flat, sizes))
    sets: dict[int, np.ndarray] = {}

    def shingle_set(row: int) -> np.ndarray:
        if row not in sets:
            sets[row] = np.unique(flat[offsets[row] : offsets[row] + sizes[row]])
        return sets[row]

    for row in sorted(peers):
        best, best_score = None, threshold
        for other in sorted(peers[row]):
            if result[index[other]] is not None:
                continue  # compare with documents that stay
            score = jaccard(shingle_set(row), shingle_set(other))
            if score >= best_score and (best is None or score > best_score):
                best, best_score = other, score
        if best is not None:
            result[index[row]] = index[best]
    return result


def find_duplicates(
    texts: Sequence[str], *, near: bool = True, threshold: float = NEAR_THRESHOLD
) -> Duplicates:
    """Exact and (with ``near``) near duplicates of raw texts; they are normalized first."""
    normalized = normalize_texts(texts)
    exact = exact_duplicates(normalized)
    if not near:
        return Duplicates(exact, [None] * len(texts))
    skip = [e is not None for e in exact]
    return Duplicates(exact, near_duplicates(normalized, threshold=threshold, skip=skip))
