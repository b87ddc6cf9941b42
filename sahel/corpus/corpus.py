"""The Corpus: news articles read from files, cleaned of web boilerplate, flagged for duplicates.

``Corpus.load`` reads files (see :mod:`sahel.corpus.loaders` for formats, encodings and what counts
as a record), then cleans every text (:mod:`sahel.corpus.clean`) and flags exact and near duplicates
(:mod:`sahel.corpus.dedup`). Nothing read is dropped: every record becomes a document or a row of
``rejected``, so ``len(corpus) + len(corpus.rejected) == corpus.records_read``; documents left out
later by ``subset`` or ``drop_duplicates`` are counted in ``corpus.dropped``.

Documents (``corpus.documents``, one row each):

==================== =============================================================================
doc_id               unique str: the record's id field (by default "id"), the file stem for a text
                     file, or ``<file stem>-<line>`` when the record has none. A repeated id gets
                     ``~2``, ``~3``... and a note; the document is kept.
title                str ("" when absent). For a text file: its first line that is not boilerplate.
text                 the cleaned body: ``raw_text`` without boilerplate lines. For a text file the
                     title line is not part of ``text`` (it is in ``title``).
raw_text             the text as read: the text field, or the whole text file.
source               the record's source field; else the parent folder of a text file, or the file
                     stem of a table file (``bbc.jsonl.gz`` -> ``bbc``).
date                 datetime64, UTC without time zone; NaT when absent. A date that cannot be read
                     is NaT and gets a note (the document is kept).
url                  str or None.
path, line           the file and the line (row for Parquet) the record came from.
duplicate_of         doc_id of the first document with the same normalized text, or None.
near_duplicate_of    doc_id of an earlier kept document at least 0.8 similar, or None.
boilerplate_removed  characters of ``raw_text`` removed as boilerplate (title line and blank
                     lines not counted).
...                  every other field of the records, one column each (a field whose name is
                     taken by a column above is kept as ``meta_<name>``).
==================== =============================================================================

Empty texts: a text field that is "" (the ANT corpus has two) is a document with an empty text,
never a rejection; a text file holding nothing but whitespace is rejected as "empty document".

Also: ``rejected`` (path, line, reason, raw: the first 200 characters), ``notes`` (doc_id, path,
line, note: renamed ids, unreadable dates), ``removed`` (doc_id, start, end, reason: each
boilerplate span, offsets into ``raw_text``), ``to_raw`` (from ``text`` offsets to ``raw_text``).
"""

from __future__ import annotations

import codecs
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date as _date
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from sahel.corpus import clean as _clean
from sahel.corpus.dedup import NEAR_THRESHOLD, find_duplicates
from sahel.corpus.fields import Fields, missing_text
from sahel.corpus.loaders import (
    STDIN_NAME,
    STDIN_SOURCE,
    Limits,
    LoadError,
    Record,
    Rejection,
    file_stem,
    iter_files,
    read_file,
)
from sahel.corpus.mentions import corpus_mentions
from sahel.corpus.sentences import sentence_table

if TYPE_CHECKING:
    from sahel.text.matcher import Matcher

__all__ = ["Corpus", "Document", "LoadError"]

COLUMNS = (
    "doc_id",
    "title",
    "text",
    "raw_text",
    "source",
    "date",
    "url",
    "path",
    "line",
    "duplicate_of",
    "near_duplicate_of",
    "boilerplate_removed",
)
REJECTED_COLUMNS = ("path", "line", "reason", "raw")
NOTES_COLUMNS = ("doc_id", "path", "line", "note")


#: Offset pairs of the written tables (mentions, dates, kwic: start/end; events: cue_start/cue_end).
def offset_pairs(columns: Iterable[str]) -> list[tuple[str, str]]:
    """The (start, end) column pairs among `columns`: start/end and <name>_start/<name>_end."""
    names = set(columns)
    return [
        (c, c[: -len("start")] + "end")
        for c in columns
        if c.endswith("start") and c[: -len("start")] + "end" in names
    ]


REMOVED_COLUMNS = ("doc_id", "start", "end", "reason")
SENTENCE_COLUMNS = ("doc_id", "sentence", "paragraph", "start", "end", "text")

_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True, slots=True)
class Document:
    """One document, as iteration over a Corpus yields it."""

    doc_id: str
    title: str
    text: str
    raw_text: str
    source: str
    date: pd.Timestamp | None
    url: str | None
    path: str
    line: int
    duplicate_of: str | None
    near_duplicate_of: str | None
    metadata: dict[str, Any] = field(default_factory=dict)


class _Invalid(Exception):
    """A record that cannot become a document; the message is the rejection reason."""


def _empty(columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


class Corpus:
    """Documents with their metadata, rejected records and load notes (module docstring)."""

    def __init__(
        self,
        documents: pd.DataFrame,
        *,
        rejected: pd.DataFrame | None = None,
        notes: pd.DataFrame | None = None,
        removed: pd.DataFrame | None = None,
        records_read: int | None = None,
        dropped: int = 0,
        _kept: dict[str, tuple[tuple[int, int], ...]] | None = None,
        _title_in_text: frozenset[str] = frozenset(),
        _cleaned: bool = False,
    ):
        if not isinstance(documents, pd.DataFrame):
            raise TypeError(f"documents must be a pandas DataFrame, not {type(documents).__name__}")
        missing = [c for c in ("doc_id", "text") if c not in documents.columns]
        if missing:
            raise ValueError(f"documents need the columns doc_id and text; missing {missing}")
        if documents["doc_id"].duplicated().any():
            repeated = documents.loc[documents["doc_id"].duplicated(), "doc_id"].iloc[0]
            raise ValueError(f"doc_id must be unique; {repeated!r} repeats")
        self._documents = _with_standard_columns(documents)
        self._rejected = rejected if rejected is not None else _empty(REJECTED_COLUMNS)
        self._notes = notes if notes is not None else _empty(NOTES_COLUMNS)
        self._removed = removed if removed is not None else _empty(REMOVED_COLUMNS)
        self._records_read = (
            records_read if records_read is not None else len(documents) + len(self._rejected)
        )
        self._dropped = dropped
        self._kept = _kept or {}
        self._title_in_text = _title_in_text
        self._cleaned = _cleaned
        self._sentences: pd.DataFrame | None = None

    # --- loading -------------------------------------------------------------------------

    @classmethod
    def load(
        cls,
        path_or_paths: str | Path | Iterable[str | Path],
        *,
        id: str | None = None,  # noqa: A002 (the field mapping's own name)
        text: str = "text",
        title: str | None = "title",
        source: str | None = "source",
        date: str | None = "date",
        url: str | None = "url",
        errors: str = "raise",
        encoding: str | None = None,
        limits: Limits | None = None,
        clean: bool = True,
        dedup: bool = True,
        progress: bool = False,
    ) -> Corpus:
        """Read documents from files or folders (module docstring; formats in sahel.corpus.loaders;
        the path ``-`` reads standard input, as JSON Lines or one plain text).

        ``id``, ``text``, ``title``, ``source``, ``date``, ``url``: the record fields that hold
        them (``id=None``: a field named "id" when there is one; sahel.corpus.fields.Fields is
        the same mapping as one value). ``errors``: "raise" stops at the first bad record with a
        LoadError naming file and line; "collect" puts bad records in ``corpus.rejected``.
        ``encoding``: force one encoding for text and CSV files, and JSON Lines when it writes
        ASCII as ASCII (otherwise detected per file). ``limits``: record and decompressed sizes
        (sahel.corpus.loaders.Limits). ``clean``: remove boilerplate (``text`` is then the
        cleaned body). ``dedup``: flag exact and near duplicates. ``progress``: show a progress
        bar.
        """
        if errors not in ("raise", "collect"):
            raise ValueError(f"errors must be 'raise' or 'collect', not {errors!r}")
        fields = Fields(text=text, title=title, date=date, source=source, id=id, url=url)
        if encoding is not None:
            _known(encoding)
        if limits is not None and not isinstance(limits, Limits):
            raise TypeError(f"limits must be a sahel.corpus.loaders.Limits, not {limits!r}")
        files = iter_files(path_or_paths)
        corpus = _read(files, fields, errors, encoding, progress, limits or Limits())
        if clean:
            corpus = corpus.clean()
        if dedup:
            corpus = corpus.dedup()
        return corpus

    # --- the parts -------------------------------------------------------------------------

    @property
    def documents(self) -> pd.DataFrame:
        """The documents (module docstring); treat it as read-only, methods return new corpora."""
        return self._documents

    @property
    def rejected(self) -> pd.DataFrame:
        """Records that could not be read: path, line, reason, raw (first 200 characters)."""
        return self._rejected

    @property
    def notes(self) -> pd.DataFrame:
        """Things changed while loading, documents kept: doc_id, path, line, note."""
        return self._notes

    @property
    def removed(self) -> pd.DataFrame:
        """Every span removed by cleaning: doc_id, start, end (offsets into raw_text), reason."""
        return self._removed

    @property
    def kept_spans(self) -> Mapping[str, tuple[tuple[int, int], ...]]:
        """For the documents whose ``text`` is not their whole ``raw_text``: the spans of
        ``raw_text`` their text is made of (sahel.corpus.clean.CleanResult.kept_spans)."""
        return self._kept

    @property
    def records_read(self) -> int:
        """Records read from the files: documents + rejected (+ dropped later)."""
        return self._records_read

    @property
    def dropped(self) -> int:
        """Documents left out by subset() or drop_duplicates() since loading."""
        return self._dropped

    @property
    def texts(self) -> list[str]:
        """The cleaned texts, in document order."""
        return self._documents["text"].tolist()

    def __len__(self) -> int:
        return len(self._documents)

    def __iter__(self) -> Iterator[Document]:
        standard = set(COLUMNS) - {"boilerplate_removed"}
        extra = [c for c in self._documents.columns if c not in COLUMNS]
        for row in self._documents.to_dict("records"):
            date = row["date"]
            yield Document(
                **{k: row[k] for k in standard if k != "date"},
                date=None if pd.isna(date) else date,
                metadata={k: row[k] for k in extra},
            )

    def __repr__(self) -> str:
        return (
            f"<Corpus: {len(self)} documents, {len(self._rejected)} rejected, "
            f"{self._records_read} records read>"
        )

    # --- derived corpora -------------------------------------------------------------------

    def _derive(self, documents: pd.DataFrame, **changes: Any) -> Corpus:
        state: dict[str, Any] = {
            "rejected": self._rejected,
            "notes": self._notes,
            "removed": self._removed,
            "records_read": self._records_read,
            "dropped": self._dropped,
            "_kept": self._kept,
            "_title_in_text": self._title_in_text,
            "_cleaned": self._cleaned,
        }
        state.update(changes)
        return Corpus(documents.reset_index(drop=True), **state)

    def clean(self, repeated: Mapping[str, _clean.RepeatedLines] | None = None) -> Corpus:
        """A corpus whose texts are cleaned of boilerplate (see sahel.corpus.clean); itself when its
        texts are clean already. Cleaning starts again from ``raw_text``. ``repeated``: what
        recurs across each source's documents (sahel.corpus.clean.repeated_lines), learned here
        from this corpus's documents unless given (a partition of a larger corpus is given what
        the whole corpus repeats)."""
        if self._cleaned:
            return self
        docs = self._documents
        if repeated is None:
            repeated = _clean.repeated_lines(zip(docs["source"], docs["raw_text"], strict=True))
        texts, titles, lost, kept = [], [], [], {}
        removed: dict[str, list] = {c: [] for c in REMOVED_COLUMNS}
        for doc_id, raw, title, source in zip(
            docs["doc_id"], docs["raw_text"], docs["title"], docs["source"], strict=True
        ):
            if doc_id in self._title_in_text:
                result = _clean.clean(raw, find_title=True, repeated=repeated.get(source))
                title = result.title or ""
            else:
                result = _clean.clean(raw, title, repeated=repeated.get(source))
            texts.append(result.text)
            titles.append(title)
            lost.append(result.boilerplate_chars)
            kept[doc_id] = result.kept_spans
            for r in result.removed:
                removed["doc_id"].append(doc_id)
                removed["start"].append(r.start)
                removed["end"].append(r.end)
                removed["reason"].append(r.reason)
        documents = docs.assign(text=_text_column(texts), title=titles, boilerplate_removed=lost)
        removed_table = pd.DataFrame(removed).astype({"start": "int64", "end": "int64"})
        return self._derive(documents, removed=removed_table, _kept=kept, _cleaned=True)

    def dedup(self, *, near: bool = True, threshold: float = NEAR_THRESHOLD) -> Corpus:
        """A corpus with duplicate_of (and, with ``near``, near_duplicate_of) filled in from the
        current texts (see sahel.corpus.dedup for the rules and the threshold)."""
        ids = self._documents["doc_id"].tolist()
        found = find_duplicates(self.texts, near=near, threshold=threshold)
        documents = self._documents.assign(
            duplicate_of=_optional_column([None if j is None else ids[j] for j in found.exact]),
            near_duplicate_of=_optional_column([None if j is None else ids[j] for j in found.near]),
        )
        return self._derive(documents)

    def subset(self, selector: slice | Sequence[bool] | np.ndarray | pd.Series) -> Corpus:
        """The documents chosen by a slice of positions or a boolean mask; rejected records,
        notes and records_read carry over, and the documents left out count in ``dropped``."""
        docs = self._documents
        if isinstance(selector, slice):
            chosen = docs.iloc[selector]
        else:
            mask = np.asarray(selector)
            if mask.dtype != bool or mask.shape != (len(docs),):
                raise ValueError(
                    f"selector must be a slice or a boolean mask of length {len(docs)}, "
                    f"not {mask.dtype} of shape {mask.shape}"
                )
            chosen = docs[mask]
        ids = set(chosen["doc_id"])
        removed = self._removed[self._removed["doc_id"].isin(ids)].reset_index(drop=True)
        return self._derive(
            chosen,
            removed=removed,
            dropped=self._dropped + len(docs) - len(chosen),
            _kept={k: v for k, v in self._kept.items() if k in ids},
        )

    def drop_duplicates(self, *, near: bool = True) -> Corpus:
        """The corpus without exact duplicates (and near duplicates, with ``near``): each group
        keeps the document the others point at."""
        docs = self._documents
        flagged = docs["duplicate_of"].notna()
        if near:
            flagged |= docs["near_duplicate_of"].notna()
        return self.subset(~flagged.to_numpy())

    # --- offsets and sentences -------------------------------------------------------------

    def to_raw(self, doc_id: str, index: int) -> int:
        """The offset in the document's ``raw_text`` of offset ``index`` in its ``text``."""
        return _clean.to_original(self._kept_spans(doc_id), index)

    def raw_span(self, doc_id: str, start: int, end: int) -> tuple[int, int]:
        """The ``raw_text`` span of ``text[start:end]`` of a document."""
        return _clean.span_to_original(self._kept_spans(doc_id), start, end)

    def raw_offsets(self, table: pd.DataFrame) -> pd.DataFrame:
        """``table`` (a copy) with every offset pair it holds (``start``/``end`` and every
        ``<name>_start``/``<name>_end``: cue, sentence, actor1, pair ...) moved
        from the cleaned ``text`` of its ``doc_id`` to the ``raw_text`` the user gave: the one
        place where written tables leave cleaned offsets behind. Rows of documents cleaning left
        whole keep their offsets."""
        return raw_offsets(table, self._kept)

    def _kept_spans(self, doc_id: str) -> tuple[tuple[int, int], ...]:
        if doc_id in self._kept:
            return self._kept[doc_id]
        rows = self._documents.index[self._documents["doc_id"] == doc_id]
        if len(rows) == 0:
            raise KeyError(f"no document {doc_id!r}")
        text = cast(str, self._documents.at[rows[0], "text"])
        return ((0, len(text)),)

    def sentences(self) -> pd.DataFrame:
        """Every sentence of every document: doc_id, sentence and paragraph (numbered from 0 in
        the document), start, end (offsets into the document's ``text``) and text.
        The rules are sahel.corpus.sentences'; the table is computed once per corpus."""
        if self._sentences is None:
            self._sentences = sentence_table(self._documents["doc_id"], self.texts)
        return self._sentences.copy(deep=False)

    # --- mentions --------------------------------------------------------------------------

    def mentions(self, matcher: Matcher | None = None, threads: int | None = None) -> pd.DataFrame:
        """Every entity mention of every document as a DataFrame (sahel.corpus.mentions.COLUMNS),
        with offsets into each document's `text`; `matcher` defaults to the default gazetteer's."""
        return corpus_mentions(self, matcher, threads=threads)


def raw_offsets(
    table: pd.DataFrame, kept: Mapping[str, tuple[tuple[int, int], ...]]
) -> pd.DataFrame:
    """Corpus.raw_offsets with the kept spans of each doc_id given (``Corpus.kept_spans``): a
    table gathered from the partitions of a corpus is moved with the spans they sent."""
    pairs = offset_pairs(table.columns)
    if not pairs or "doc_id" not in table.columns or not len(table) or not kept:
        return table
    doc_ids = table["doc_id"].to_numpy(dtype=object)
    changed = {}
    for start_col, end_col in pairs:
        starts = table[start_col].to_numpy()
        ends = table[end_col].to_numpy()
        new_starts, new_ends = starts.copy(), ends.copy()
        for k, doc_id in enumerate(doc_ids):
            spans = kept.get(doc_id)
            if spans is None or len(spans) == 1 and spans[0][0] == 0:
                continue  # cleaning removed nothing before or inside the text
            s, e = starts[k], ends[k]
            if pd.isna(s) or pd.isna(e):
                continue
            new_starts[k], new_ends[k] = _clean.span_to_original(spans, int(s), int(e))
        for column, values in ((start_col, new_starts), (end_col, new_ends)):
            changed[column] = pd.Series(values, index=table.index).astype(table[column].dtype)
    return table.assign(**changed)


# --- reading ------------------------------------------------------------------------------


def _optional_column(values: list[str | None]) -> pd.Series:
    """A column of str or None: object dtype keeps None (a str column would turn it into NaN)."""
    return pd.Series(values, dtype=object)


def _text_column(texts: list[str]) -> pd.Series:
    """Texts stay Python strings (object dtype): every pass over them (cleaning, matching,
    sentences) reads them as str, and an Arrow string column would convert them each time;
    a cleaned text equal to its raw text is then also the same object, not a second copy."""
    return pd.Series(texts, dtype=object)


def _with_standard_columns(documents: pd.DataFrame) -> pd.DataFrame:
    """Add any missing standard column with its neutral value, standard columns first."""
    docs = documents.reset_index(drop=True)
    n = len(docs)
    defaults: dict[str, Any] = {
        "title": [""] * n,
        "raw_text": docs["text"],
        "source": [""] * n,
        "date": pd.Series(pd.NaT, index=docs.index, dtype="datetime64[ns]"),
        "url": _optional_column([None] * n),
        "path": [""] * n,
        "line": np.zeros(n, dtype=np.int64),
        "duplicate_of": _optional_column([None] * n),
        "near_duplicate_of": _optional_column([None] * n),
        "boilerplate_removed": np.zeros(n, dtype=np.int64),
    }
    missing = {k: v for k, v in defaults.items() if k not in docs.columns}
    if missing:
        docs = docs.assign(**missing)
    order = [*COLUMNS, *(c for c in docs.columns if c not in COLUMNS)]
    return docs[order]


def _known(encoding: str) -> None:
    if not isinstance(encoding, str):
        raise TypeError(f"encoding must be a str or None, not {encoding!r}")
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r}") from None


def _read(
    files: list[Path],
    fields: Fields,
    errors: str,
    encoding: str | None,
    progress: bool,
    limits: Limits,
) -> Corpus:
    rows: list[dict[str, Any]] = []
    metadata: list[dict[str, Any]] = []
    rejected: list[Rejection] = []
    title_in_text: list[bool] = []
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(unit=" records", desc="reading")
    records_read = 0
    for path in files:
        if bar is not None:
            bar.set_postfix_str(path.name, refresh=False)
        for item in read_file(path, encoding, limits):
            records_read += 1
            if bar is not None:
                bar.update()
            if isinstance(item, Record):
                try:
                    row, meta = _document(item, fields)
                except _Invalid as exc:
                    raw = item.fields.get(fields.text)
                    item = Rejection(item.path, item.line, str(exc), _preview(item.fields, raw))
                else:
                    rows.append(row)
                    metadata.append(meta)
                    title_in_text.append(item.kind == "txt")
                    continue
            if errors == "raise":
                raise item.error()
            rejected.append(item)
    if bar is not None:
        bar.close()
    return _assemble(rows, metadata, rejected, title_in_text, records_read)


def _preview(fields: dict[str, Any], raw: Any) -> str:
    text = raw if isinstance(raw, str) else repr(fields)
    return text[:200]


def _document(record: Record, fields: Fields) -> tuple[dict[str, Any], dict[str, Any]]:
    """The standard columns and the metadata of one record. Raises _Invalid."""
    path = Path(record.path)
    if record.kind == "txt":
        row = {
            "doc_id": file_stem(path),
            "title": "",
            "raw_text": record.fields["text"],
            "source": STDIN_SOURCE if record.path == STDIN_NAME else path.parent.name,
            "date": None,
            "url": None,
        }
        return _place(row, record), {}
    values = record.fields
    if fields.text not in values:
        raise _Invalid(missing_text(fields, values))
    text = values[fields.text]
    if not isinstance(text, str):
        kind = "null" if text is None else type(text).__name__
        raise _Invalid(f"the {fields.text!r} field is {kind}, not a string")
    doc_id = _value(values, fields.id or "id")
    source = _value(values, fields.source)
    title = _value(values, fields.title)
    row = {
        "doc_id": f"{file_stem(path)}-{record.line}" if doc_id is None else doc_id,
        "title": "" if title is None else title,
        "raw_text": text,
        "source": file_stem(path) if source is None else source,
        "date": values.get(fields.date) if fields.date else None,
        "url": _value(values, fields.url),
    }
    named = fields.named()
    meta = {(f"meta_{k}" if k in COLUMNS else k): v for k, v in values.items() if k not in named}
    return _place(row, record), meta


def _value(values: dict[str, Any], name: str | None) -> str | None:
    """A field as str, or None when the mapping names no field or the value is missing
    (absent, null, empty, NaN)."""
    if name is None:
        return None
    value = values.get(name)
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)


def _place(row: dict[str, Any], record: Record) -> dict[str, Any]:
    row["path"] = record.path
    row["line"] = record.line
    return row


def _assemble(
    rows: list[dict[str, Any]],
    metadata: list[dict[str, Any]],
    rejected: list[Rejection],
    title_in_text: list[bool],
    records_read: int,
) -> Corpus:
    notes: dict[str, list] = {c: [] for c in NOTES_COLUMNS}

    def note(row: dict[str, Any], doc_id: str, message: str) -> None:
        notes["doc_id"].append(doc_id)
        notes["path"].append(row["path"])
        notes["line"].append(row["line"])
        notes["note"].append(message)

    ids = _unique_ids(rows, note)
    dates = _parse_dates([row["date"] for row in rows])
    for row, doc_id, (value, ok) in zip(rows, ids, dates.problems, strict=True):
        if not ok:
            note(row, doc_id, f"date {value!r} could not be read; it is left empty (NaT)")
    titles = [r["title"] for r in rows]
    texts = [r["raw_text"] for r in rows]
    kept, in_text = {}, set()
    for k, (doc_id, is_txt) in enumerate(zip(ids, title_in_text, strict=True)):
        if is_txt:
            # Until cleaning finds a better one, a text file's title is its first non-empty line.
            result = _clean.split_title(texts[k])
            titles[k], texts[k] = result.title or "", result.text
            kept[doc_id] = result.kept_spans
            in_text.add(doc_id)
    columns = {
        "doc_id": ids,
        "title": titles,
        "text": _text_column(texts),
        "raw_text": _text_column([r["raw_text"] for r in rows]),
        "source": [r["source"] for r in rows],
        "date": dates.values,
        "url": _optional_column([r["url"] for r in rows]),
        "path": [r["path"] for r in rows],
        "line": np.array([r["line"] for r in rows], dtype=np.int64),
        "duplicate_of": _optional_column([None] * len(rows)),
        "near_duplicate_of": _optional_column([None] * len(rows)),
        "boilerplate_removed": np.zeros(len(rows), dtype=np.int64),
    }
    documents = pd.DataFrame(columns)
    if any(metadata):
        extra = pd.DataFrame.from_records(metadata, index=documents.index)
        documents = pd.concat([documents, extra], axis=1)
    rejected_table = pd.DataFrame(
        {
            "path": [r.path for r in rejected],
            "line": pd.array([r.line for r in rejected], dtype="Int64"),
            "reason": [r.reason for r in rejected],
            "raw": [r.raw for r in rejected],
        }
    )
    return Corpus(
        documents,
        rejected=rejected_table,
        notes=pd.DataFrame(notes).astype({"line": "int64"}),
        records_read=records_read,
        _kept=kept,
        _title_in_text=frozenset(in_text),
    )


def _unique_ids(rows: list[dict[str, Any]], note) -> list[str]:
    seen: dict[str, tuple[str, int]] = {}
    taken = {row["doc_id"] for row in rows}
    ids = []
    for row in rows:
        doc_id = row["doc_id"]
        if doc_id in seen:
            n = 2
            while f"{doc_id}~{n}" in taken:
                n += 1
            new = f"{doc_id}~{n}"
            taken.add(new)
            first_path, first_line = seen[doc_id]
            note(row, new, f"id {doc_id!r} repeats (first at {first_path}:{first_line}); renamed")
            ids.append(new)
        else:
            seen[doc_id] = (row["path"], row["line"])
            ids.append(doc_id)
    return ids


@dataclass(frozen=True, slots=True)
class _Dates:
    values: pd.Series
    problems: list[tuple[Any, bool]]  # (value given, whether it was read or absent)


_NS_MIN = pd.Timestamp.min.tz_localize("UTC")
_NS_MAX = pd.Timestamp.max.tz_localize("UTC")


def _parse_dates(values: list[Any]) -> _Dates:
    """Dates as UTC without time zone. ISO 8601 first (fast), then other formats (RFC 2822...)
    for strings that hold a four-digit year; anything else that is not empty is a problem."""
    strings: list[str | None] = []
    problems: list[tuple[Any, bool]] = []
    for value in values:
        ok = True
        if value is None or (isinstance(value, float) and math.isnan(value)):
            text = None
        elif isinstance(value, pd.Timestamp | _date):
            text = value.isoformat()
        elif isinstance(value, str):
            text = value.strip() or None
        else:
            text, ok = None, False  # a number is not a date we can trust
        strings.append(text)
        problems.append((value, ok))
    series = pd.Series(strings, dtype=object)
    parsed = pd.to_datetime(series, errors="coerce", utc=True, format="ISO8601")
    retry = parsed.isna() & series.notna()
    if retry.any():
        has_year = series[retry].map(lambda s: _YEAR.search(s) is not None)
        candidates = series[retry][has_year]
        if len(candidates):
            parsed[candidates.index] = pd.to_datetime(
                candidates, errors="coerce", utc=True, format="mixed"
            )
    # pandas may parse years outside 1677-2262 at a coarser unit than the table's nanoseconds:
    # such a date becomes empty with the same note as an unreadable one, the document is kept
    parsed = parsed.mask((parsed < _NS_MIN) | (parsed > _NS_MAX))
    unread = parsed.isna() & series.notna()
    for k in np.flatnonzero(unread.to_numpy()):
        problems[k] = (problems[k][0], False)
    naive = parsed.dt.tz_convert(None).astype("datetime64[ns]")
    return _Dates(naive, problems)
