"""The mentions table of a corpus: every gazetteer entity found in every document, with the
document's metadata and the sentence and paragraph it sits in, built column by column."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

COLUMNS = [
    "doc_id", "source", "date", "sentence", "paragraph", "entity_id", "type", "label", "kind",
    "start", "end", "surface", "alias", "proclitic", "refers_to", "country", "confidence",
    "ambiguous",
]  # fmt: skip

# A paragraph ends at a line break; blank lines and indentation after it belong to the break.
_PARAGRAPH_BREAK = re.compile(r"\n\s*")


def _keys(positions: np.ndarray, offsets: np.ndarray, stride: int) -> np.ndarray:
    """One sortable int64 per (document position, offset)."""
    return positions.astype(np.int64) * stride + offsets.astype(np.int64)


def _locate(
    doc_pos: np.ndarray,
    starts: np.ndarray,
    bound_pos: np.ndarray,
    bound_starts: np.ndarray,
    stride: int,
) -> np.ndarray:
    """For each (doc_pos, start), the index of the last boundary of the same document at or
    before start, counted from the document's first boundary; 0 when there is none before."""
    order = np.lexsort((bound_starts, bound_pos))
    keys = _keys(bound_pos[order], bound_starts[order], stride)
    first_of_doc = np.searchsorted(keys, _keys(doc_pos, np.zeros_like(doc_pos), stride))
    found = np.searchsorted(keys, _keys(doc_pos, starts, stride), side="right") - 1
    return np.maximum(found - first_of_doc, 0)


def _paragraph_starts(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(document position, start) of every paragraph after the first of each document."""
    pos, starts = [], []
    for i, text in enumerate(texts):
        for found in _PARAGRAPH_BREAK.finditer(text):
            pos.append(i)
            starts.append(found.end())
    return np.asarray(pos, dtype=np.int64), np.asarray(starts, dtype=np.int64)


def _sentence_starts(corpus, documents: pd.DataFrame) -> tuple[np.ndarray, np.ndarray] | None:
    """(document position, start) of every sentence, from corpus.sentences(), or None when the
    corpus cannot split sentences."""
    split = getattr(corpus, "sentences", None)
    if split is None:
        return None
    sentences = split()
    position = pd.Series(np.arange(len(documents)), index=documents["doc_id"].to_numpy())
    position = position[~position.index.duplicated()]
    pos = sentences["doc_id"].map(position)
    if pos.isna().any():
        missing = sentences.loc[pos.isna(), "doc_id"].iloc[0]
        raise ValueError(f"corpus.sentences() names document {missing!r}, which it does not hold")
    return pos.to_numpy(np.int64), sentences["start"].to_numpy(np.int64)


def corpus_mentions(corpus, matcher=None, threads: int | None = None) -> pd.DataFrame:
    """Every mention in the corpus's documents, one row each (columns: COLUMNS).

    start and end are offsets into the document's `text`; sentence is the index of the sentence
    holding the mention among corpus.sentences() of that document (counted from 0), paragraph
    the index of its paragraph (paragraphs end at line breaks). `corpus` is a sahel.Corpus or a
    documents DataFrame with doc_id and text (then sentence is the paragraph index). The matcher
    is the default one when None; `threads` spreads the matching over threads (the GIL is
    released while matching).
    """
    documents = getattr(corpus, "documents", corpus)
    if not isinstance(documents, pd.DataFrame):
        raise TypeError(
            "corpus_mentions needs a sahel.Corpus or a DataFrame with doc_id and text columns, "
            f"not {type(corpus).__name__}"
        )
    for name in ("doc_id", "text"):
        if name not in documents.columns:
            raise ValueError(f"the documents table has no {name!r} column")
    if matcher is None:
        from sahel.matcher import Matcher

        matcher = Matcher()
    texts = documents["text"].fillna("").astype(str).tolist()
    found = matcher.table(texts, threads=threads)

    doc_pos = found["doc"].to_numpy(np.int64)
    starts = found["start"].to_numpy(np.int64)
    stride = max((len(t) for t in texts), default=0) + 1
    paragraph = _paragraph_index(doc_pos, starts, *_paragraph_starts(texts), stride)
    bounds = _sentence_starts(corpus, documents) if corpus is not documents else None
    if bounds is None:
        sentence = paragraph
    else:
        sentence = _locate(doc_pos, starts, bounds[0], bounds[1], stride)

    def meta(name: str):
        if name not in documents.columns:
            return pd.Series([None] * len(doc_pos), dtype=object)
        return documents[name].iloc[doc_pos].reset_index(drop=True)

    table = pd.DataFrame(
        {
            "doc_id": meta("doc_id"),
            "source": meta("source"),
            "date": meta("date"),
            "sentence": sentence.astype(np.int64),
            "paragraph": paragraph.astype(np.int64),
        }
    )
    found = found.drop(columns="doc").reset_index(drop=True)
    return pd.concat([table, found], axis=1)[COLUMNS]


def _paragraph_index(doc_pos, starts, para_pos, para_starts, stride) -> np.ndarray:
    """The number of paragraph breaks of the same document before each start."""
    if len(para_pos) == 0:
        return np.zeros(len(doc_pos), dtype=np.int64)
    keys = np.sort(_keys(para_pos, para_starts, stride))
    before_doc = np.searchsorted(keys, _keys(doc_pos, np.zeros_like(doc_pos), stride))
    upto = np.searchsorted(keys, _keys(doc_pos, starts, stride), side="right")
    return upto - before_doc
