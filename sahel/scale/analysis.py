"""The whole analysis of `sahel analyze`, one partition at a time, in passes a cluster can run
(or this process can run one after the other: the same functions).

1. :func:`partition_lines` (first pass): digests of what cleaning learns from each source's
   documents (sahel.corpus.clean.lead_groups: the lines of each group of documents sharing a
   lead); :func:`repeated_digests` counts them over every partition, so that every partition
   removes the boilerplate the whole-corpus run removes.
2. :func:`partition_digests` (second pass): each document's id and the digest of its normalized
   cleaned text (sahel.corpus.dedup.text_digest); :func:`decide` renames ids repeated across
   partitions as Corpus.load does and flags exact duplicates by their first copy in file order
   (sahel.corpus.dedup.first_of_digests, the rule of the whole-corpus run), holding only ids
   and digests.
3. :func:`analyze_partition`: load → clean (with what the first pass found) → sentences → match
   → dates → events for the documents of the partition that are analysed (the first copies, or
   all with keep_duplicates); it returns the row tables (documents without text, duplicates
   flagged; rejected, mentions, dates, events; final ids; offsets into the cleaned texts), the
   kept spans that move those offsets back to the text given, and the partition's partial
   aggregates (sahel.analysis.aggregates), which the caller merges in partition order.

A plan of one partition skips passes 1 and 2: the partition is the whole corpus, and
analyze_partition learns its repeated lines and duplicates itself. Every function here is what a
Dask task runs; :mod:`sahel.scale.cluster` runs them on a cluster or in a loop.
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

from sahel.analysis.aggregates import Partial
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


@dataclass(frozen=True)
class PartitionDigests:
    """What the second pass learns of a partition: its documents' ids (as the partition names
    them) and the digest of each one's normalized cleaned text, in partition order."""

    ids: list[str]
    digests: list[bytes | None]


def partition_digests(
    part: Partition,
    repeated: Mapping[str, RepeatedDigests],
    fields: Fields | None = None,
    encoding: str | None = None,
) -> PartitionDigests:
    """The second pass over one partition (module docstring): load, clean, digest."""
    corpus = load_partition(part, encoding, fields)
    corpus = corpus.clean(local_repeated(corpus, repeated))
    return PartitionDigests(
        corpus.documents["doc_id"].tolist(),
        [text_digest(text) for text in normalize_texts(corpus.texts)],
    )


@dataclass(frozen=True)
class Decision:
    """What the whole corpus decides for one partition's documents: ``renamed`` (its ids
    repeated in an earlier partition: partition id -> final id) and ``duplicate_of`` (for each
    of its documents in order, the final id of the first copy of its text, or None)."""

    renamed: dict[str, str]
    duplicate_of: tuple[str | None, ...]


def decide(parts: Sequence[PartitionDigests]) -> list[Decision]:
    """Ids and exact duplicates over every partition, given in file order: an id repeated in a
    later partition is renamed as Corpus.load renames it, and a text is a duplicate of its first
    copy in file order (sahel.corpus.dedup.first_of_digests, the rule of a run over the whole
    corpus). Only ids and digests are held."""
    renamed = _renames([p.ids for p in parts])
    ids = [names.get(d, d) for p, names in zip(parts, renamed, strict=True) for d in p.ids]
    first = first_of_digests(d for p in parts for d in p.digests)
    decisions, at = [], 0
    for p, names in zip(parts, renamed, strict=True):
        mine = first[at : at + len(p.ids)]
        decisions.append(Decision(names, tuple(None if j is None else ids[j] for j in mine)))
        at += len(p.ids)
    return decisions


@dataclass
class PartitionTables:
    """What :func:`analyze_partition` returns for one partition (module docstring): the row
    tables (final ids; offsets into the cleaned texts, ``kept`` moves them to the texts given)
    and the partial aggregates of its analysed documents."""

    records: int
    documents: pd.DataFrame
    rejected: pd.DataFrame
    mentions: pd.DataFrame
    dates: pd.DataFrame
    events: pd.DataFrame
    kept: Kept
    input_mb: float
    aggregates: Partial
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
    repeated: Mapping[str, RepeatedDigests] | None,
    decision: Decision | None = None,
    gazetteer_key: str | None = None,
    keep_duplicates: bool = False,
    fields: Fields | None = None,
    encoding: str | None = None,
    threads: int = 1,
    source_countries: Mapping[str, str] | None = None,
) -> PartitionTables:
    """Every document of one partition through the analysis (module docstring); duplicates
    (``decision``, from :func:`decide`) are only flagged unless ``keep_duplicates``. With
    ``repeated`` and ``decision`` None the partition is the whole corpus: its repeated lines and
    duplicates are its own. ``gazetteer_key``: sahel.scale.fingerprint(gazetteer), computed once
    by the caller; ``source_countries``: the user's outlets, as corpus_mentions takes them."""
    from sahel.analysis.aggregates import partial
    from sahel.extract.dates import date_sources, dates_table
    from sahel.extract.events import events_table

    stages = _Stages()
    corpus = load_partition(part, encoding, fields)
    input_mb = text_mb(corpus.documents["raw_text"])
    stages.done("load")
    corpus = corpus.clean(None if repeated is None else local_repeated(corpus, repeated))
    stages.done("clean")
    if decision is None:
        digests = [text_digest(text) for text in normalize_texts(corpus.texts)]
        decision = decide([PartitionDigests(corpus.documents["doc_id"].tolist(), digests)])[0]
    names = decision.renamed
    duplicate_of = pd.Series(decision.duplicate_of, dtype=object)
    stages.done("dedup")
    documents = _renamed(documents_table(corpus, date_sources(corpus.documents)), names)
    documents = documents.assign(duplicate_of=duplicate_of, duplicate=duplicate_of.notna())
    analysed = corpus if keep_duplicates else corpus.subset(duplicate_of.isna().to_numpy())
    del corpus
    sentences = analysed.sentences()
    stages.done("sentences")
    mentions = corpus_mentions(
        analysed, matcher_for(gazetteer, gazetteer_key), threads=threads,
        source_countries=source_countries,
    )  # fmt: skip
    stages.done("match")
    dates = dates_table(analysed.documents, sentences)
    stages.done("dates")
    events = events_table(analysed.documents, mentions, sentences, dates=dates, gazetteer=gazetteer)
    stages.done("events")
    mentions, dates, events = (_renamed(t, names) for t in (mentions, dates, events))
    kept = {names.get(d, d): spans for d, spans in analysed.kept_spans.items()}
    aggregates = partial(mentions, events, _renamed(analysed.documents, names), kept)
    stages.done("tables")
    return PartitionTables(
        records=analysed.records_read,
        documents=documents,
        rejected=analysed.rejected,
        mentions=mentions,
        dates=dates,
        events=events,
        kept=kept,
        input_mb=input_mb,
        aggregates=aggregates,
        seconds=stages.seconds,
    )


def analyze_task(task: tuple[Partition, Decision | None], **kwargs) -> PartitionTables:
    """analyze_partition of a partition and what the whole corpus decided for it (a Dask task
    maps over such pairs)."""
    part, decision = task
    return analyze_partition(part, decision=decision, **kwargs)


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
