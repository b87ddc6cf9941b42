"""Sentence and paragraph spans in Arabic text, as code-point offsets into the text.

Rules:

- A line break always ends a sentence and a paragraph: web articles and news feeds put one
  paragraph on a line, with or without blank lines between them (the ANT corpus has none), so
  a paragraph is a non-blank line. Sentences and paragraphs are numbered from 0 within the text.
- Inside a line a sentence ends after a run of ``.`` ``!`` ``?`` ``؟`` ``…`` followed by a space;
  closing quotes and brackets right after the run stay with the sentence (``."`` ``.»`` ``؟)``).
- No end where the run is followed by anything but a space or the end of the line (``1.5``,
  ``2.000``, ``بيت.كوم``, ``U.S.A``), where it opens an elision (``(...)``), or where a single
  ``.`` follows an abbreviation (:data:`ABBREVIATIONS`): any single letter, Arabic or Latin
  (initials such as ``ع.``, and ``د.`` doctor, ``أ.`` professor, ``م.`` AD or engineer, ``ص.``
  page, ``ج.`` volume, ``ق.م.`` BC), ``هـ.`` (Hijri year), and a few Latin titles.
  An abbreviation never ends a sentence inside a line, so "عام 2024 م. وقال" stays one sentence.
- Spans exclude the spaces around a sentence; empty sentences are not produced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
import pandas as pd

__all__ = ["ABBREVIATIONS", "Sentence", "paragraph_spans", "sentence_table", "split_sentences"]

#: Words (besides any single letter) after which "." does not end a sentence; Latin ones match
#: in any case.
ABBREVIATIONS = frozenset(
    {
        "هـ",  # Hijri year (ha with tatweel)
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "vs",
        "no",
        "inc",
        "ltd",
        "co",
        "gen",
        "col",
        "lt",
        "sgt",
    }
)

# A run of end marks with the closing quotes and brackets after it, followed by a space or the
# end of the line (1.5, بيت.كوم and U.S.A have no space after the dot).
_END = re.compile(r"[.!?؟…]+[\"'»”’)\]]*(?=\s|$)")
_CLOSERS = "\"'»”’)]"
_OPENERS = "(["
# The word before a lone ".": a single letter or a listed abbreviation, after a non-letter.
_ABBREVIATION_BEFORE = re.compile(
    r"(?:^|[^\w\u0640])(?:[^\W\d_]|" + "|".join(sorted(ABBREVIATIONS, key=len)[::-1]) + r")\Z",
    re.IGNORECASE,
)


class Sentence(NamedTuple):
    """A sentence: ``text[start:end]``, in paragraph number ``paragraph``."""

    start: int
    end: int
    paragraph: int


def _line_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside one line ``text[start:end]`` (no line break inside)."""
    spans = []
    begin = start
    for m in _END.finditer(text, start, end):
        mark = m.start()
        if mark > start and text[mark - 1] in _OPENERS:
            continue  # an elision "(...)"
        if m.group().rstrip(_CLOSERS) == "." and _ABBREVIATION_BEFORE.search(
            text[max(start, mark - 6) : mark]
        ):
            continue
        spans.append(_strip(text, begin, m.end()))
        begin = m.end()
    spans.append(_strip(text, begin, end))
    return [(s, e) for s, e in spans if e > s]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _lines(text: str):
    """(start, end, blank) for each line; ``end`` excludes the line break."""
    pos = 0
    for raw in text.split("\n"):
        end = pos + len(raw)
        yield pos, end, not raw.strip()
        pos = end + 1


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` with their offsets and paragraph numbers (module docstring)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    sentences: list[Sentence] = []
    paragraph = -1
    for start, end, blank in _lines(text):
        if blank:
            continue
        paragraph += 1
        for s, e in _line_sentences(text, start, end):
            sentences.append(Sentence(s, e, paragraph))
    return sentences


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """The paragraphs of ``text``: its non-blank lines, without surrounding spaces."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    return [_strip(text, start, end) for start, end, blank in _lines(text) if not blank]


def sentence_table(doc_ids: Iterable[str], texts: Iterable[str]) -> pd.DataFrame:
    """Every sentence of every document: doc_id, sentence and paragraph (numbered from 0 in the
    document), start, end (offsets into the text) and text, in document and text order."""
    ids: list[str] = []
    numbers: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    paragraphs: list[int] = []
    pieces: list[str] = []
    for doc_id, text in zip(doc_ids, texts, strict=True):
        spans = split_sentences(text)
        if not spans:
            continue
        first, last, paragraph = zip(*spans, strict=True)
        ids.extend([doc_id] * len(spans))
        numbers.extend(range(len(spans)))
        starts.extend(first)
        ends.extend(last)
        paragraphs.extend(paragraph)
        pieces.extend([text[s:e] for s, e in zip(first, last, strict=True)])
    return pd.DataFrame(
        {
            "doc_id": ids,
            "sentence": np.array(numbers, dtype=np.int64),
            "paragraph": np.array(paragraphs, dtype=np.int64),
            "start": np.array(starts, dtype=np.int64),
            "end": np.array(ends, dtype=np.int64),
            # Python strings (object dtype), as the documents' texts: see Corpus.
            "text": pd.Series(pieces, dtype=object),
        }
    )
