"""The mentions evaluation set (benchmarks/gold/mentions.jsonl) is well formed and still points at
the paragraphs the sampler draws from the ANT corpus."""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import shared_path

GOLD_DIR = Path(__file__).resolve().parents[1] / "benchmarks/gold"
GOLD = GOLD_DIR / "mentions.jsonl"
FIELDS = {"doc_id", "start", "end", "split", "stratum", "source", "category", "date", "mentions"}
MENTION_FIELDS = {"start", "end", "type", "kind", "name", "country", "qid"}
TYPES = {"country", "person", "armed_group", "organization", "place", "media"}
KINDS = {"name", "demonym", "metonym", "role"}


def _gold() -> list[dict]:
    with GOLD.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def _sampler():
    spec = importlib.util.spec_from_file_location(
        "sample_mentions", GOLD_DIR / "sample_mentions.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_line_has_the_documented_fields() -> None:
    rows = _gold()
    assert rows, "the gold file is empty"
    for number, row in enumerate(rows, 1):
        assert set(row) == FIELDS, number
        assert row["split"] in {"dev", "test"}, number
        assert 0 <= row["start"] < row["end"], number
        for i, mention in enumerate(row["mentions"]):
            where = f"line {number}, mention {i}"
            assert set(mention) == MENTION_FIELDS, where
            assert row["start"] <= mention["start"] < mention["end"] <= row["end"], where
            assert mention["type"] in TYPES, where
            assert mention["kind"] in KINDS, where
            assert mention["name"], where
            if mention["kind"] == "role":
                assert mention["type"] == "person", where
            if mention["type"] == "country":
                assert re.fullmatch(r"[A-Z]{2}", mention["country"]), where
            else:
                assert mention["country"] is None, where
            assert mention["qid"] is None or re.fullmatch(r"Q\d+", mention["qid"]), where
        starts = [(m["start"], -m["end"]) for m in row["mentions"]]
        assert starts == sorted(starts), f"line {number}: mentions out of text order"


def test_dev_and_test_halves_per_stratum() -> None:
    rows = _gold()
    for stratum, count in Counter(r["stratum"] for r in rows).items():
        dev = sum(r["split"] == "dev" for r in rows if r["stratum"] == stratum)
        assert dev in {count // 2, (count + 1) // 2}, stratum
    assert len({r["source"] for r in rows}) == 5
    assert {"sport", "economy", "culture"} <= {r["category"] for r in rows}
    # Every type is represented in both halves.
    for split in ("dev", "test"):
        types = {m["type"] for r in rows if r["split"] == split for m in r["mentions"]}
        assert types == TYPES, split


@pytest.mark.slow
def test_offsets_are_paragraphs_of_the_corpus() -> None:
    corpus = shared_path("corpus", "ant_multisource.jsonl.gz")
    paragraphs = _sampler().paragraphs
    rows = _gold()
    wanted = {r["doc_id"] for r in rows}
    records = {}
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["id"] in wanted:
                records[record["id"]] = record
    assert set(records) == wanted
    for row in rows:
        record = records[row["doc_id"]]
        assert (record["source"], record["category"], record["date"]) == (
            row["source"],
            row["category"],
            row["date"],
        )
        assert (row["start"], row["end"]) in set(paragraphs(record["text"])), row["doc_id"]
        for mention in row["mentions"]:
            surface = record["text"][mention["start"] : mention["end"]]
            assert surface == surface.strip(" \"'«»()#،,.") and surface, (row["doc_id"], mention)
