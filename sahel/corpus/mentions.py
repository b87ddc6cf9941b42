"""The mentions table of a corpus: every gazetteer entity found in every document, with the
document's metadata and the sentence and paragraph it sits in, built column by column."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from sahel.corpus.sentences import sentence_table

COLUMNS = [
    "doc_id", "source", "date", "sentence", "paragraph", "entity_id", "type", "label", "kind",
    "start", "end", "surface", "alias", "proclitic", "refers_to", "country", "confidence",
    "ambiguous",
]  # fmt: skip


def documents_of(corpus_or_documents, caller: str) -> pd.DataFrame:
    """The documents table of a Corpus, or the DataFrame itself, checked to hold doc_id and
    text; `caller` names the function in the error."""
    documents = getattr(corpus_or_documents, "documents", corpus_or_documents)
    if not isinstance(documents, pd.DataFrame):
        raise TypeError(
            f"{caller} needs a sahel.Corpus or a DataFrame with doc_id and text columns, "
            f"not {type(corpus_or_documents).__name__}"
        )
    for name in ("doc_id", "text"):
        if name not in documents.columns:
            raise ValueError(f"the documents table has no {name!r} column")
    return documents


def _sentence_table(corpus) -> pd.DataFrame:
    """doc_id, sentence, paragraph and start of every sentence, in document and text order:
    the corpus's own table, or that of a documents DataFrame's texts."""
    table = (
        corpus.sentences()
        if hasattr(corpus, "sentences")
        else sentence_table(
            corpus["doc_id"], [t if isinstance(t, str) else "" for t in corpus["text"]]
        )
    )
    return table[["doc_id", "sentence", "paragraph", "start"]]


def _sentence_of(
    doc_pos: np.ndarray, starts: np.ndarray, sentences: pd.DataFrame, position: pd.Series
) -> tuple[np.ndarray, np.ndarray]:
    """(sentence, paragraph) holding each (document position, start): the last sentence of the
    same document that begins at or before start, found by one binary search over all sentences
    keyed by (document position, start)."""
    if len(sentences) == 0:
        return np.zeros(len(doc_pos), np.int64), np.zeros(len(doc_pos), np.int64)
    mapped = sentences["doc_id"].map(position)
    if mapped.isna().any():
        missing = sentences.loc[mapped.isna(), "doc_id"].iloc[0]
        raise ValueError(f"the sentence table names document {missing!r}, which is not given")
    sent_pos = mapped.to_numpy(np.int64)
    sent_start = sentences["start"].to_numpy(np.int64)
    stride = int(max(sent_start.max(initial=0), starts.max(initial=0))) + 1
    keys = sent_pos * stride + sent_start
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    found = np.searchsorted(keys, doc_pos * stride + starts, side="right") - 1
    # A mention before its document's first sentence (or in a document without any) is in
    # sentence 0, paragraph 0.
    inside = (found >= 0) & (sent_pos[order][np.maximum(found, 0)] == doc_pos)
    rows = order[np.maximum(found, 0)]
    sentence = np.where(inside, sentences["sentence"].to_numpy(np.int64)[rows], 0)
    paragraph = np.where(inside, sentences["paragraph"].to_numpy(np.int64)[rows], 0)
    return sentence, paragraph


def _match_table(
    matcher,
    texts: list[str],
    dates: list | None,
    homes: list | None,
    threads,
    progress,
    chunk: int,
) -> pd.DataFrame:
    """matcher.table over all texts, in chunks when progress is reported after each."""
    if progress is None or len(texts) <= chunk:
        return matcher.table(texts, threads=threads, dates=dates, homes=homes)
    parts = []
    for lo in range(0, len(texts), chunk):
        part = matcher.table(
            texts[lo : lo + chunk],
            threads=threads,
            dates=None if dates is None else dates[lo : lo + chunk],
            homes=None if homes is None else homes[lo : lo + chunk],
        )
        part["doc"] += lo
        parts.append(part)
        progress(min(lo + chunk, len(texts)), len(texts))
    return pd.concat(parts, ignore_index=True)


def _homes(documents: pd.DataFrame, gazetteer, source_countries) -> list | None:
    """The home country of each document's source (sahel.text.outlets), None where it has none;
    None when no document has one."""
    from sahel.text.outlets import source_countries as known
    from sahel.text.outlets import source_key

    if "source" not in documents.columns:
        return None
    countries = known(source_countries, gazetteer)
    sources = documents["source"].astype(object)
    keys = {s: countries.get(source_key(s)) for s in sources.dropna().unique()}
    homes = [keys.get(s) if isinstance(s, str) else None for s in sources]
    return homes if any(h is not None for h in homes) else None


def corpus_mentions(
    corpus,
    matcher=None,
    threads: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    chunk: int = 2000,
    source_countries: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Every mention in the corpus's documents, one row each (columns: COLUMNS).

    start and end are offsets into the document's `text`; sentence is the index of the sentence
    and paragraph are those of the sentence holding the mention in corpus.sentences() (numbered
    from 0 in each document). `corpus` is a sahel.Corpus or a documents DataFrame with doc_id
    and text (split into sentences by the same rules), plus source and date if any. The matcher
    is the default one when None; `threads` spreads the matching over threads (the GIL is
    released while matching). `progress(done, total)` is called after each `chunk` documents.
    With a date column, role phrases are resolved on each document's date (kind "role").
    With a source column, a document of a national outlet (sahel/data/outlets.tsv, and
    `source_countries`, {source: country id}, for the user's own) has its unnamed «المملكة،
    البلاد، الحكومة، العاصمة» resolved to the outlet's country (kind "outlet",
    docs/outlets.md).
    """
    documents = documents_of(corpus, "corpus_mentions")
    if matcher is None:
        from sahel.text.matcher import Matcher

        matcher = Matcher()
    texts = documents["text"].fillna("").astype(str).tolist()
    # Role phrases (الرئيس الأمريكي) resolve to the office holder on each document's date.
    dates = documents["date"].tolist() if "date" in documents.columns else None
    homes = _homes(documents, matcher.gazetteer, source_countries)
    found = _match_table(matcher, texts, dates, homes, threads, progress, chunk)

    doc_pos = found["doc"].to_numpy(np.int64)
    starts = found["start"].to_numpy(np.int64)
    position = pd.Series(np.arange(len(documents)), index=documents["doc_id"].to_numpy())
    sentence, paragraph = _sentence_of(doc_pos, starts, _sentence_table(corpus), position)

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
