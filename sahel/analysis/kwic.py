"""Keyword in context: every occurrence of an entity or a free term with the words around it,
and an HTML view that lays the lines out right to left."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import pandas as pd

from sahel.corpus.mentions import corpus_mentions, documents_of
from sahel.text.charclass import MARK_CLASS
from sahel.text.normalize import Normalizer
from sahel.text.words import Lexicon, readings, words

COLUMNS = ["doc_id", "source", "date", "entity_id", "left", "match", "right", "start", "end"]

# Marks, tatweel and joiners: the core's classes (sahel.text.charclass).
_INSIDE_WORD = re.compile(MARK_CLASS)
# Whitespace, including what a web page leaves behind (NBSP, newlines).
_SPACE = re.compile(r"\s+")
# Punctuation left at the start of a cut context: "، توقيع ..." reads better as "توقيع ...".
_LEADING_PUNCTUATION = re.compile(r"^[\s،,.;:؛!?؟…\-–—]+")


def term_lexicon(term: str, normalizer: Normalizer) -> Lexicon:
    """`term` as a lexicon entry, normalized like the texts: found as whole words through the
    proclitics the core reads (و ف ب ك ل, and لل for ل + ال). Latin letters are compared as
    written and in lower, upper and title case (CNN, cnn, Cnn)."""
    if not isinstance(term, str) or not term.strip():
        raise ValueError(f"term must be a non-empty string, not {term!r}")
    spellings = dict.fromkeys((term, term.lower(), term.upper(), term.title()))
    return Lexicon([(spelling, 0) for spelling in spellings], preset=normalizer)


def _has_article(term: str, normalizer: Normalizer) -> bool:
    """Whether the term's first word is written with the article (النيجر, not مالي)."""
    first = words(term, normalizer).forms[:1]
    return any(reading.article for reading in readings(first[0])) if first else False


def _in_word(ch: str) -> bool:
    """Letters, digits, and what sits inside an Arabic word: marks, tatweel, joiners."""
    return (
        ch.isalnum() or _INSIDE_WORD.fullmatch(ch) is not None or unicodedata.category(ch)[0] == "M"
    )


def _cut_left(text: str, start: int, width: int) -> str:
    """Up to `width` characters before `start`, not beginning inside a word."""
    lo = max(0, start - width)
    left = text[lo:start]
    if lo > 0 and left and _in_word(text[lo - 1]) and _in_word(left[0]):
        space = _SPACE.search(left)
        left = left[space.end() :] if space else ""
    if lo > 0:
        left = _LEADING_PUNCTUATION.sub("", left)
    return _SPACE.sub(" ", left).lstrip()


def _cut_right(text: str, end: int, width: int) -> str:
    """Up to `width` characters after `end`, not ending inside a word."""
    hi = min(len(text), end + width)
    right = text[end:hi]
    if hi < len(text) and right and _in_word(text[hi]) and _in_word(right[-1]):
        spaces = list(_SPACE.finditer(right))
        right = right[: spaces[-1].start()] if spaces else ""
    return _SPACE.sub(" ", right).rstrip()


def _lines(documents: pd.DataFrame, hits: pd.DataFrame, width: int) -> pd.DataFrame:
    """KWIC rows for spans (doc position `pos`, start, end, entity_id) into documents' texts."""
    texts = documents["text"].to_numpy()
    left, match, right = [], [], []
    for pos, start, end in hits[["pos", "start", "end"]].itertuples(index=False, name=None):
        text = texts[pos]
        left.append(_cut_left(text, start, width))
        match.append(_SPACE.sub(" ", text[start:end]))
        right.append(_cut_right(text, end, width))
    pos = hits["pos"].to_numpy()
    column = {
        name: (documents[name].to_numpy()[pos] if name in documents.columns else None)
        for name in ("doc_id", "source", "date")
    }
    return pd.DataFrame(
        {
            **column,
            "entity_id": hits["entity_id"].to_numpy(),
            "left": left,
            "match": match,
            "right": right,
            "start": hits["start"].to_numpy(),
            "end": hits["end"].to_numpy(),
        },
        columns=COLUMNS,
    )


def kwic(
    corpus_or_documents,
    mentions: pd.DataFrame | None = None,
    entity: str | Iterable[str] | None = None,
    term: str | None = None,
    width: int = 60,
    limit: int | None = None,
    normalizer: Normalizer | None = None,
) -> pd.DataFrame:
    """Lines of context around an entity or a free term, in document order.

    entity: an entity id (or several); its lines come from `mentions` (computed with the default
    Matcher when None) and include the demonyms and metonyms that count for it (الكرملين for
    Russia). term: words searched as whole words through proclitics in the normalized text
    (search preset unless `normalizer` is given); spans are mapped back to the original.
    Columns: doc_id, source, date, entity_id (None for a term), left, match, right, start, end;
    offsets are into the document's text. `limit` keeps the first lines only.
    """
    if (entity is None) == (term is None):
        raise ValueError("give exactly one of entity= (an entity id) or term= (words to search)")
    if not isinstance(width, int) or width < 0:
        raise ValueError(f"width must be a non-negative int, not {width!r}")
    documents = documents_of(corpus_or_documents, "kwic").reset_index(drop=True)
    if entity is not None:
        hits = _entity_hits(documents, corpus_or_documents, mentions, entity)
    else:
        hits = _term_hits(documents, term, normalizer or Normalizer("search"), limit)
    if limit is not None:
        hits = hits.head(limit)
    return _lines(documents, hits, width)


def _entity_hits(documents, corpus_or_documents, mentions, entity) -> pd.DataFrame:
    from sahel.analysis.tables import actor_of

    if mentions is None:
        mentions = corpus_mentions(corpus_or_documents)
    wanted = [entity] if isinstance(entity, str) else list(entity)
    own = mentions["entity_id"].astype(object)
    keep = own.isin(wanted) | actor_of(mentions).isin(wanted)
    chosen = mentions.loc[keep, ["doc_id", "entity_id", "start", "end"]]
    position = pd.Series(documents.index, index=documents["doc_id"])
    position = position[~position.index.duplicated()]
    chosen = chosen.assign(
        pos=chosen["doc_id"].map(position), entity_id=chosen["entity_id"].astype(object)
    )
    unknown = chosen["pos"].isna()
    if unknown.any():
        first = chosen.loc[unknown, "doc_id"].iloc[0]
        raise ValueError(f"mention of document {first!r}, which is not among the documents given")
    chosen = chosen.astype({"pos": "int64"})
    return chosen.sort_values(["pos", "start"], kind="stable", ignore_index=True)


def _term_hits(documents, term, normalizer, limit) -> pd.DataFrame:
    """Spans of `term` in the documents. The article is as written: النيجر also finds
    والنيجر and للنيجر, while مالي does not find المالي (the lexicon would take it as optional)."""
    lexicon = term_lexicon(term, normalizer)
    keep_article = _has_article(term, normalizer)
    pos, starts, ends = [], [], []
    for i, text in enumerate(documents["text"].to_numpy()):
        if not isinstance(text, str) or not text:
            continue
        for hit in lexicon.find(text):
            if keep_article or hit.bare == hit.stem:
                pos.append(i)
                starts.append(hit.start)
                ends.append(hit.end)
        if limit is not None and len(pos) >= limit:
            break
    frame = pd.DataFrame({"pos": pos, "entity_id": None, "start": starts, "end": ends})
    return frame.astype({"pos": "int64", "start": "int64", "end": "int64"})


def to_html(table: pd.DataFrame, max_rows: int | None = 200) -> str:
    """The KWIC table as an HTML table read right to left: preceding words on the right, the
    match centred, following words on the left, each line with its source and date."""
    rows = []
    shown = table if max_rows is None else table.head(max_rows)
    row: Any  # a row of the KWIC table: left, match and right are str
    for row in shown.itertuples(index=False):
        date = "" if pd.isna(row.date) else str(pd.Timestamp(row.date).date())
        rows.append(
            "<tr>"
            f'<td class="meta">{html.escape(str(row.source or ""))} {date}</td>'
            f'<td class="left">{html.escape(row.left)}</td>'
            f'<td class="match">{html.escape(row.match)}</td>'
            f'<td class="right">{html.escape(row.right)}</td>'
            "</tr>"
        )
    more = (
        ""
        if max_rows is None or len(table) <= max_rows
        else (f'<p class="kwic-more">{len(table) - max_rows} more lines</p>')
    )
    return (
        '<table class="kwic" dir="rtl" lang="ar">'
        "<style>"
        ".kwic td{padding:2px 6px;white-space:nowrap}"
        ".kwic td.left{text-align:left}"
        ".kwic td.match{text-align:center;font-weight:bold}"
        ".kwic td.right{text-align:right}"
        ".kwic td.meta{color:#777;font-size:smaller}"
        "</style>"
        f"<tbody>{''.join(rows)}</tbody></table>{more}"
    )


class KwicView:
    """Shows a KWIC table right to left in a notebook (display(KwicView(table)))."""

    def __init__(self, table: pd.DataFrame, max_rows: int | None = 200):
        self.table = table
        self.max_rows = max_rows

    def _repr_html_(self) -> str:
        return to_html(self.table, self.max_rows)

    def __repr__(self) -> str:
        return self.table.to_string(columns=["left", "match", "right"], index=False)


def display(table: pd.DataFrame, max_rows: int | None = 200) -> KwicView:
    """The table wrapped for display right to left in a notebook."""
    return KwicView(table, max_rows)
