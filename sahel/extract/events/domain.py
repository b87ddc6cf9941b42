"""The domain gate: sentences about sport, culture, business or science give no political
events ("قمة الدوري" is a match, "عالم الاجتماع" a sociologist, "الشريك الاستراتيجي للنادي" a
sponsor). Decided from the words of the sentence and of its document, never from a section
field, which most corpora lack; the words are sahel/data/event_domains.tsv."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from importlib import resources

from sahel.text.words import Lexicon

# A sentence is off the political domain when it holds SENTENCE_WORDS words of one domain,
# or one word of a domain of which its document holds DOCUMENT_WORDS. A phrase ("كرة القدم"،
# "علم الاجتماع") is unambiguous: it counts as SENTENCE_WORDS words.
SENTENCE_WORDS = 2
DOCUMENT_WORDS = 3
# A document of sport or culture (this many of its words) gives no political events at all:
# a match report's "هجوم" and "لقاء" are the game's. Business and science words are common in
# political news (a military company, a study), so they decide sentence by sentence only.
WHOLE_DOCUMENT = 3
WHOLE_DOCUMENT_DOMAINS = ("culture", "sport")


class DomainGate:
    """Domain words as one core lexicon; `gated` tells which sentences of a text are off."""

    def __init__(self, words: Sequence[tuple[str, str]]):
        self.domains = tuple(sorted({d for d, _ in words}))
        self._whole = [d for d in WHOLE_DOCUMENT_DOMAINS if d in self.domains]
        number = {d: k for k, d in enumerate(self.domains)}
        self._weights = [SENTENCE_WORDS if len(w.split()) > 1 else 1 for _, w in words]
        self._domain = [number[d] for d, _ in words]
        self._lexicon = Lexicon([(w, k) for k, (_, w) in enumerate(words)])

    @classmethod
    def load(cls, path) -> DomainGate:
        words = []
        with open(path, encoding="utf-8") as f:
            for line_no, line in enumerate(f, 1):
                if not line.strip() or line.startswith("#") or line.startswith("domain\t"):
                    continue
                fields = line.rstrip("\n").split("\t")
                if len(fields) != 2 or not fields[0].strip() or not fields[1].strip():
                    raise ValueError(f"{path}:{line_no}: expected domain<TAB>word")
                words.append((fields[0].strip(), fields[1].strip()))
        return cls(words)

    @classmethod
    def default(cls) -> DomainGate:
        return _default_gate()

    def gated(self, text: str, sentences: Sequence[tuple[int, int]]) -> set[int]:
        """Indices of the sentences (sorted (start, end) spans of `text`) that are off."""
        hits = self._lexicon.find(text)
        if not hits:
            return set()
        starts = [s for s, _ in sentences]
        in_doc = [0] * len(self.domains)
        per_sentence: dict[int, list[int]] = {}
        last_end = -1
        for hit in hits:
            if hit.start < last_end:
                continue  # nested hits of one phrase count once
            last_end = hit.end
            domain, weight = self._domain[hit.value], self._weights[hit.value]
            in_doc[domain] += weight
            k = bisect_right(starts, hit.start) - 1
            if k >= 0 and hit.start < sentences[k][1]:
                per_sentence.setdefault(k, [0] * len(self.domains))[domain] += weight
        if any(in_doc[self.domains.index(d)] >= WHOLE_DOCUMENT for d in self._whole):
            return set(range(len(sentences)))
        return {
            k
            for k, counts in per_sentence.items()
            if any(
                c >= SENTENCE_WORDS or (c and in_doc[d] >= DOCUMENT_WORDS)
                for d, c in enumerate(counts)
            )
        }


@cache
def _default_gate() -> DomainGate:
    with resources.as_file(resources.files("sahel") / "data" / "event_domains.tsv") as path:
        return DomainGate.load(path)
