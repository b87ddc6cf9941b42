"""The whole analysis of `sahel analyze`, one partition at a time, in passes a cluster can run.

1. :func:`partition_lines` (first pass): digests of what cleaning learns from each source's
   documents (sahel.corpus.clean.lead_groups: the lines of each group of documents sharing a
   lead); :func:`repeated_digests` counts them over every partition, so that every partition
   removes the boilerplate the whole-corpus run removes.
2. :func:`analyze_partition`: load → clean (with what the first pass found) → sentences → match
   → dates → events, for every document of the partition; it returns the row tables (documents
   without text, rejected, mentions, dates, events; offsets into the cleaned texts), the kept
   spans that move those offsets back to the text given, and the digest of each document's
   normalized text (sahel.corpus.dedup.text_digest).
3. :func:`gather` concatenates the partitions' tables in partition order (file order), renames
   ids repeated across partitions as Corpus.load does, flags exact duplicates by the first copy
   in file order (sahel.corpus.dedup.first_of_digests, the rule of the whole-corpus run), leaves
   out the rows of duplicates and makes the story ids over all events.
4. :func:`partition_documents` reads back the cleaned texts of a few documents (KWIC samples).

The aggregates (counts, co-occurrence, comparison, stories, KWIC) are then made from the
gathered row tables by the functions the whole-corpus run uses (sahel.pipeline). Every function
here is what a Dask task runs; :mod:`sahel.scale.cluster` runs them on a cluster or in a loop.
Digests of lines are 64-bit BLAKE2b: a collision between two of a source's lines is improbable
(about 10⁻⁷ for a source of a million distinct lines).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from sahel.corpus import clean as _clean
from sahel.corpus.corpus import Corpus
from sahel.corpus.dedup import first_of_digests, normalize_texts, text_digest
from sahel.corpus.fields import Fields
from sahel.corpus.mentions import corpus_mentions
from sahel.corpus.partitions import Partition, load_partition
from sahel.scale import matcher_for
from sahel.text.gazetteer import Gazetteer

#: Per-partition stages, timed in the task that runs them (wall seconds; "cpu": the task's CPU
#: seconds over all stages).
PARTITION_STAGES = ("load", "clean", "dedup", "sentences", "match", "dates", "events", "tables")

Kept = dict[str, tuple[tuple[int, int], ...]]


def _digest64(text: str) -> int:
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def text_mb(texts: pd.Series) -> float:
    """UTF-8 size of the texts in MB, counted without encoding them one by one."""
    array = pa.array(texts.fillna(""), type=pa.large_string())
    return float(pc.sum(pc.binary_length(array)).as_py() or 0) / 1e6


# --- first pass: repeated lines -------------------------------------------------------------


@dataclass(frozen=True)
class LineDigests:
    """What one partition tells the first pass: ``lines`` (source, lead, line: one row per line
    of each lead group, digests) and ``leads`` (source, lead: the digests of each lead's forms,
    sahel.corpus.clean.lead_forms)."""

    lines: pd.DataFrame
    leads: pd.DataFrame


@dataclass(frozen=True)
class RepeatedDigests:
    """A source's repeated lines (digests), and those of them that are also a document's lead."""

    lines: frozenset[int] = frozenset()
    leads: frozenset[int] = frozenset()


def partition_lines(
    part: Partition, fields: Fields | None = None, encoding: str | None = None
) -> LineDigests:
    """The first pass over one partition (module docstring)."""
    corpus = load_partition(part, encoding, fields)
    docs = corpus.documents
    groups = _clean.lead_groups(zip(docs["source"], docs["raw_text"], strict=True))
    sources, leads, lines = [], [], []
    lead_sources, lead_forms = [], []
    for (source, lead), keys in groups.items():
        lead_digest = _digest64(lead)
        for key in keys:
            sources.append(source)
            leads.append(lead_digest)
            lines.append(_digest64(key))
        for form in set(_clean.lead_forms(lead)):
            lead_sources.append(source)
            lead_forms.append(_digest64(form))
    return LineDigests(
        pd.DataFrame({"source": sources, "lead": leads, "line": lines}).astype(
            {"lead": "int64", "line": "int64"}
        ),
        pd.DataFrame({"source": lead_sources, "lead": lead_forms}).astype({"lead": "int64"}),
    )


def repeated_digests(
    parts: Iterable[LineDigests], min_documents: int = _clean.MIN_DOCUMENTS
) -> dict[str, RepeatedDigests]:
    """sahel.corpus.clean.repeated_lines over the digests of every partition: a line is
    repeated when it is found in at least ``min_documents`` lead groups of its source (a group
    split across partitions counts once). Only the leads that are also repeated lines are kept:
    cleaning looks a lead up only among repeated lines."""
    parts = list(parts)
    if not parts:
        return {}
    lines = pd.concat([p.lines for p in parts], ignore_index=True).drop_duplicates()
    groups = lines.groupby(["source", "line"], sort=False).size()
    repeated = groups[groups >= min_documents].reset_index()[["source", "line"]]
    leads = pd.concat([p.leads for p in parts], ignore_index=True).drop_duplicates()
    found: dict[str, RepeatedDigests] = {}
    for source, rows in repeated.groupby("source", sort=False):
        line_set = frozenset(rows["line"].tolist())
        source_leads = leads.loc[leads["source"] == source, "lead"]
        found[str(source)] = RepeatedDigests(
            line_set, frozenset(d for d in source_leads.tolist() if d in line_set)
        )
    return found


def local_repeated(
    corpus: Corpus, repeated: Mapping[str, RepeatedDigests]
) -> dict[str, _clean.RepeatedLines]:
    """The repeated lines of the whole corpus that occur in this partition, as text: cleaning
    looks up only the lines of the documents it cleans, so these give the same result."""
    docs = corpus.documents
    found: dict[str, tuple[set[str], set[str]]] = {}
    for source, text in zip(docs["source"], docs["raw_text"], strict=True):
        digests = repeated.get(source)
        if digests is None:
            continue
        lines, leads = found.setdefault(source, (set(), set()))
        for key in _clean.line_keys(text):
            if key in lines:
                continue
            digest = _digest64(key)
            if digest in digests.lines:
                lines.add(key)
                if digest in digests.leads:
                    leads.add(key)
    return {
        source: _clean.RepeatedLines(frozenset(lines), frozenset(leads))
        for source, (lines, leads) in found.items()
    }


# --- the analysis of a partition -------------------------------------------------------------


def _removed_columns(doc_ids: pd.Series, removed: pd.DataFrame) -> dict[str, list]:
    """What cleaning took out of each document's given text: ``removed`` as JSON text, a list
    of [start, end, reason] spans (code-point offsets into the text the user gave, sorted), and
    ``removed_chars``, their total length. The given text without these spans is the text
    analysed."""
    spans: dict[str, list[list]] = {}
    for doc_id, start, end, reason in zip(
        removed["doc_id"], removed["start"], removed["end"], removed["reason"], strict=True
    ):
        spans.setdefault(doc_id, []).append([int(start), int(end), str(reason)])
    listed = [sorted(spans.get(doc_id, [])) for doc_id in doc_ids]
    return {
        "removed_chars": [sum(end - start for start, end, _ in spans) for spans in listed],
        "removed": [json.dumps(spans, ensure_ascii=False) for spans in listed],
    }


def documents_table(corpus: Corpus, date_sources: pd.Series) -> pd.DataFrame:
    """The documents table: metadata without the texts, the duplicate flag, where the date came
    from, and what cleaning removed (beside boilerplate_removed)."""
    documents = corpus.documents.drop(columns=["text", "raw_text"])
    documents = documents.assign(
        duplicate=documents["duplicate_of"].notna(), date_source=date_sources
    )
    at = cast(int, documents.columns.get_loc("boilerplate_removed")) + 1
    for offset, (name, values) in enumerate(
        _removed_columns(documents["doc_id"], corpus.removed).items()
    ):
        documents.insert(at + offset, name, values)
    return documents


@dataclass
class PartitionTables:
    """What :func:`analyze_partition` returns for one partition (module docstring)."""

    records: int
    documents: pd.DataFrame
    rejected: pd.DataFrame
    mentions: pd.DataFrame
    dates: pd.DataFrame
    events: pd.DataFrame
    digests: list[bytes | None]
    kept: Kept
    input_mb: float
    seconds: dict[str, float] = field(default_factory=dict)


class _Stages:
    """Wall seconds of each stage, and the process's CPU seconds over all of them ("cpu"): on a
    shared machine the two differ by the share of a core the task got."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()
        self._cpu = time.process_time()

    def done(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self._last
        self.seconds["cpu"] = time.process_time() - self._cpu
        self._last = now


def analyze_partition(
    part: Partition,
    gazetteer: Gazetteer,
    repeated: Mapping[str, RepeatedDigests],
    gazetteer_key: str | None = None,
    fields: Fields | None = None,
    encoding: str | None = None,
    threads: int = 1,
    source_countries: Mapping[str, str] | None = None,
) -> PartitionTables:
    """Every document of one partition through the analysis (module docstring). Duplicates
    are analysed too: only all partitions together say which copy is the first.
    ``gazetteer_key``: sahel.scale.fingerprint(gazetteer), computed once by the caller;
    ``source_countries``: the user's outlets, as corpus_mentions takes them."""
    from sahel.extract.dates import date_sources, dates_table
    from sahel.extract.events import events_table

    stages = _Stages()
    corpus = load_partition(part, encoding, fields)
    input_mb = text_mb(corpus.documents["raw_text"])
    stages.done("load")
    corpus = corpus.clean(local_repeated(corpus, repeated))
    stages.done("clean")
    digests = [text_digest(text) for text in normalize_texts(corpus.texts)]
    stages.done("dedup")
    sentences = corpus.sentences()
    stages.done("sentences")
    mentions = corpus_mentions(
        corpus, matcher_for(gazetteer, gazetteer_key), threads=threads,
        source_countries=source_countries,
    )  # fmt: skip
    stages.done("match")
    dates = dates_table(corpus.documents, sentences)
    stages.done("dates")
    events = events_table(corpus.documents, mentions, sentences, dates=dates, gazetteer=gazetteer)
    stages.done("events")
    documents = documents_table(corpus, date_sources(corpus.documents))
    stages.done("tables")
    return PartitionTables(
        records=corpus.records_read,
        documents=documents,
        rejected=corpus.rejected,
        mentions=mentions,
        dates=dates,
        events=events,
        digests=digests,
        kept=dict(corpus.kept_spans),
        input_mb=input_mb,
        seconds=stages.seconds,
    )


@dataclass(frozen=True)
class DocumentRequest:
    """Documents to read back from a partition: ``doc_ids`` as the partition names them, and
    ``renamed`` (partition id -> final id, from :func:`gather`)."""

    part: Partition
    doc_ids: tuple[str, ...]
    renamed: Mapping[str, str] = field(default_factory=dict)


def partition_documents(
    request: DocumentRequest,
    repeated: Mapping[str, RepeatedDigests],
    fields: Fields | None = None,
    encoding: str | None = None,
) -> pd.DataFrame:
    """The cleaned documents (with their text, final ids) a request names, in partition order."""
    corpus = load_partition(request.part, encoding, fields)
    wanted = corpus.documents["doc_id"].isin(list(request.doc_ids)).to_numpy()
    corpus = corpus.subset(wanted)
    corpus = corpus.clean(local_repeated(corpus, repeated))
    return _renamed(corpus.documents.drop(columns=["raw_text"]), request.renamed)


# --- gathering --------------------------------------------------------------------------------


@dataclass
class Gathered:
    """The partitions' tables gathered (see :func:`gather`).

    ``documents``: every document, duplicates flagged; ``analysed``: the documents analysed (the
    first copies, or all with keep_duplicates); ``mentions``, ``dates``, ``events``: their rows;
    ``kept``: the kept spans of every document (by its final id); ``renamed``: for each
    partition, its ids renamed (partition id -> final id); ``partition_of``: the partition of
    each document (by final id)."""

    records: int
    documents: pd.DataFrame
    rejected: pd.DataFrame
    analysed: pd.DataFrame
    mentions: pd.DataFrame
    dates: pd.DataFrame
    events: pd.DataFrame
    kept: Kept
    renamed: list[dict[str, str]]
    partition_of: dict[str, int]
    input_mb: float
    seconds: dict[str, float]


def concat(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Frames one after the other, index renumbered; a column that is categorical in every
    frame stays categorical (its categories united)."""
    frames = list(frames)
    if not frames:
        raise ValueError("nothing to concatenate")
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    categorical = [
        name
        for name in frames[0].columns
        if all(name in f.columns and isinstance(f[name].dtype, pd.CategoricalDtype) for f in frames)
    ]
    united = {}
    for name in categorical:
        united[name] = pd.api.types.union_categoricals(
            [f[name] for f in frames], ignore_order=True
        ).categories
    parts = [
        f.astype({n: pd.CategoricalDtype(united[n]) for n in categorical}) if categorical else f
        for f in frames
    ]
    return pd.concat(parts, ignore_index=True)


def _renames(id_lists: Sequence[Sequence[str]]) -> list[dict[str, str]]:
    """Ids repeated across partitions, renamed as Corpus.load renames a repeated id: the first
    ``<id>~<n>`` (n from 2) no document holds. Within a partition ids are unique already."""
    taken = {doc_id for ids in id_lists for doc_id in ids}
    seen: set[str] = set()
    renamed: list[dict[str, str]] = []
    for ids in id_lists:
        mine: dict[str, str] = {}
        for doc_id in ids:
            if doc_id in seen:
                n = 2
                while f"{doc_id}~{n}" in taken:
                    n += 1
                mine[doc_id] = f"{doc_id}~{n}"
                taken.add(mine[doc_id])
        seen.update(ids)
        renamed.append(mine)
    return renamed


def _renamed(frame: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    if not names or "doc_id" not in frame.columns or not len(frame):
        return frame
    ids = frame["doc_id"].astype(object)
    return frame.assign(doc_id=ids.map(lambda d: names.get(d, d)).astype(frame["doc_id"].dtype))


def gather(parts: Sequence[PartitionTables], keep_duplicates: bool = False) -> Gathered:
    """The partitions' tables, in partition order, as one run over the whole corpus would make
    them (module docstring)."""
    from sahel.extract.events import assign_stories

    if not parts:
        raise ValueError("no partition to gather: the input holds no file")
    renamed = _renames([p.documents["doc_id"].tolist() for p in parts])
    tables: dict[str, list[pd.DataFrame]] = {
        name: [] for name in ("documents", "rejected", "mentions", "dates", "events")
    }
    kept: Kept = {}
    partition_of: dict[str, int] = {}
    seconds: dict[str, float] = {}
    for index, (part, names) in enumerate(zip(parts, renamed, strict=True)):
        for name in tables:
            frame = getattr(part, name)
            tables[name].append(frame if name == "rejected" else _renamed(frame, names))
        for doc_id, spans in part.kept.items():
            kept[names.get(doc_id, doc_id)] = spans
        for doc_id in part.documents["doc_id"]:
            partition_of[names.get(doc_id, doc_id)] = index
        for stage, s in part.seconds.items():
            seconds[stage] = seconds.get(stage, 0.0) + s
    documents = concat(tables["documents"])
    ids = documents["doc_id"].to_numpy(dtype=object)
    first = first_of_digests(d for p in parts for d in p.digests)
    duplicate_of = pd.Series([None if j is None else ids[j] for j in first], dtype=object)
    documents = documents.assign(duplicate_of=duplicate_of, duplicate=duplicate_of.notna())
    analysed = documents if keep_duplicates else documents[~documents["duplicate"]]
    analysed = analysed.reset_index(drop=True)
    rows = {}
    for name in ("mentions", "dates", "events"):
        frame = concat(tables[name])
        if not keep_duplicates:
            frame = frame[frame["doc_id"].isin(analysed["doc_id"])].reset_index(drop=True)
        rows[name] = frame
    return Gathered(
        records=sum(p.records for p in parts),
        documents=documents,
        rejected=concat(tables["rejected"]),
        analysed=analysed,
        mentions=rows["mentions"],
        dates=rows["dates"],
        events=assign_stories(rows["events"]),
        kept=kept,
        renamed=renamed,
        partition_of=partition_of,
        input_mb=sum(p.input_mb for p in parts),
        seconds=seconds,
    )
