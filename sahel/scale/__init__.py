"""The analysis of one partition at a time, in this process or on a Dask cluster.

:func:`partition_mentions` takes one partition of the input (sahel.corpus.partitions) through
load → clean → sentences → match and returns its mentions table. The same function runs in a
loop here (:func:`mentions_in_process`) and as Dask tasks (:func:`mentions_frame`, a Dask
DataFrame an analyst can group and plot), so there is one code path. Tasks receive the gazetteer
(it pickles as plain records), never a compiled automaton; each worker process builds the Matcher
once per gazetteer and keeps it.

Cleaning in :func:`partition_mentions` learns a source's repeated lines (boilerplate) from the
partition's documents; the whole analysis (:mod:`sahel.scale.analysis`, run on a cluster by
:mod:`sahel.scale.cluster`) first learns them over all partitions, as the in-process run does.

Exact duplicates are decided over all partitions by a first pass: :func:`partition_hashes` gives
a digest of each document's normalized cleaned text (the normalization sahel.corpus.dedup
compares), and :func:`first_copies` keeps, among equal digests, the first copy by date (undated
last) then doc_id.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from sahel.corpus.mentions import COLUMNS as MENTION_COLUMNS
from sahel.corpus.mentions import corpus_mentions
from sahel.corpus.partitions import BLOCK_SIZE, Partition, load_partition, plan
from sahel.text.gazetteer import Gazetteer

HASH_COLUMNS = ["doc_id", "date", "hash"]
# Matchers built in this process, by the fingerprint of their gazetteer.
_MATCHERS: dict[str, Any] = {}


def fingerprint(gazetteer: Gazetteer) -> str:
    """A digest of the gazetteer's records: equal gazetteers share one Matcher per process."""
    return hashlib.sha256(pickle.dumps(gazetteer, protocol=5)).hexdigest()


def matcher_for(gazetteer: Gazetteer, key: str | None = None):
    """The Matcher of `gazetteer`, built once in this process (a Dask worker keeps it)."""
    from sahel.text.matcher import Matcher

    key = key or fingerprint(gazetteer)
    matcher = _MATCHERS.get(key)
    if matcher is None:
        matcher = _MATCHERS[key] = Matcher(gazetteer)
    return matcher


def partition_mentions(
    part: Partition, gazetteer: Gazetteer, key: str | None = None, threads: int = 1
) -> pd.DataFrame:
    """The mentions (sahel.corpus.mentions.COLUMNS) of one partition's documents, cleaned."""
    corpus = load_partition(part).clean()
    mentions = corpus_mentions(corpus, matcher_for(gazetteer, key), threads=threads)
    return mentions[list(MENTION_COLUMNS)]


def partition_hashes(part: Partition) -> pd.DataFrame:
    """doc_id, date and a 128-bit digest of the normalized cleaned text of each document (None
    for a blank text)."""
    from sahel.corpus.dedup import normalize_texts

    corpus = load_partition(part).clean()
    # As sahel.corpus.dedup: a blank text is no one's copy (its digest is None).
    digests = [
        hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        if text.strip()
        else None
        for text in normalize_texts(corpus.texts)
    ]
    documents = corpus.documents
    return pd.DataFrame(
        {"doc_id": documents["doc_id"].astype(object), "date": documents["date"], "hash": digests},
        columns=HASH_COLUMNS,
    )


def first_copies(hashes: pd.DataFrame) -> pd.Series:
    """For every doc_id (the index): the doc_id of the first copy of its text by date (undated
    last) then doc_id, or None for a first copy."""
    ordered = hashes.sort_values(["date", "doc_id"], na_position="last", kind="stable")
    first = ordered.groupby("hash", sort=False, dropna=True)["doc_id"].transform("first")
    first = first.where(ordered["hash"].notna(), ordered["doc_id"])
    ids = ordered["doc_id"].to_numpy()
    result = [None if f == d else f for f, d in zip(first.to_numpy(), ids, strict=True)]
    return pd.Series(result, index=ids, dtype=object, name="duplicate_of")


def duplicates(
    paths: str | Path | Iterable[str | Path] | Sequence[Partition],
    block_size: int = BLOCK_SIZE,
    dask: bool = False,
) -> pd.Series:
    """first_copies over the hashes of every partition, computed here or (dask=True) as Dask
    tasks on the active scheduler. Only the digests travel: 16 bytes and an id per document."""
    parts = _partitions(paths, block_size)
    if dask:
        import dask.dataframe as dd

        meta = partition_hashes(Partition("files", ()))
        hashes = dd.from_map(partition_hashes, parts, meta=meta, label="sahel-hashes").compute()
    else:
        hashes = pd.concat([partition_hashes(p) for p in parts], ignore_index=True)
    return first_copies(hashes)


def _partitions(
    paths: str | Path | Iterable[str | Path] | Sequence[Partition], block_size: int
) -> list[Partition]:
    if isinstance(paths, list | tuple) and paths and all(isinstance(p, Partition) for p in paths):
        return list(paths)
    return plan(paths, block_size=block_size)  # type: ignore[arg-type]


def mentions_in_process(
    paths: str | Path | Iterable[str | Path] | Sequence[Partition],
    gazetteer: Gazetteer | None = None,
    block_size: int = BLOCK_SIZE,
) -> pd.DataFrame:
    """partition_mentions over every partition here, one after the other, concatenated."""
    gazetteer = gazetteer or Gazetteer.default()
    key = fingerprint(gazetteer)
    parts = [partition_mentions(p, gazetteer, key) for p in _partitions(paths, block_size)]
    return pd.concat(parts, ignore_index=True) if parts else _empty_mentions()


def _empty_mentions() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=object) for name in MENTION_COLUMNS})


def mentions_frame(
    paths: str | Path | Iterable[str | Path] | Sequence[Partition],
    gazetteer: Gazetteer | None = None,
    block_size: int = BLOCK_SIZE,
):
    """The mentions as a Dask DataFrame, one Dask partition per input partition, computed by
    whatever Dask scheduler is active (a distributed Client when one is connected)."""
    import dask.dataframe as dd

    gazetteer = gazetteer or Gazetteer.default()
    key = fingerprint(gazetteer)
    parts = _partitions(paths, block_size)
    # The columns and types from an empty partition, so that nothing is computed to learn them.
    meta = partition_mentions(Partition("files", ()), gazetteer, key)
    return dd.from_map(
        partition_mentions,
        parts,
        gazetteer=gazetteer,
        key=key,
        meta=meta,
        enforce_metadata=False,
        label="sahel-mentions",
    )
