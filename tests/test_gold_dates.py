"""The dates evaluation set (benchmarks/gold/dates.jsonl) is well formed and still points at the
sentences the sampler draws from the ANT corpus."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from sahel.corpus.sentences import split_sentences
from tests.conftest import shared_path

GOLD = Path(__file__).resolve().parents[1] / "benchmarks/gold/dates.jsonl"
FIELDS = {"doc_id", "start", "end", "split", "stratum", "doc_date", "dates"}
FORMS = {
    "explicit",
    "month_year",
    "year",
    "numeric",
    "hijri",
    "relative_day",
    "weekday",
    "relative_period",
    "named_period",
    "range",
    "other",
}
# The shape of `iso` each precision allows (a Hijri month or year is given by its first day).
ISO_SHAPES = {
    "day": r"\d{4}-\d\d-\d\d",
    "week": r"\d{4}-\d\d-\d\d",
    "month": r"\d{4}-\d\d(-\d\d)?",
    "year": r"\d{4}(-\d\d-\d\d)?",
    "decade": r"\d{3}0",
}


def _gold() -> list[dict]:
    with GOLD.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def test_every_line_has_the_documented_fields() -> None:
    rows = _gold()
    assert rows, "the gold file is empty"
    for number, row in enumerate(rows, 1):
        assert set(row) == FIELDS, number
        assert row["split"] in {"dev", "test"}, number
        assert 0 <= row["start"] < row["end"], number
        for i, date in enumerate(row["dates"]):
            where = f"line {number}, date {i}"
            assert row["start"] <= date["start"] < date["end"] <= row["end"], where
            assert date["form"] in FORMS, where
            assert date["calendar"] in {"gregorian", "hijri"}, where
            if date["iso"] is not None:
                assert re.fullmatch(ISO_SHAPES[date["precision"]], date["iso"]), where
            if date["pair_of"] is not None:
                assert row["dates"][date["pair_of"]]["pair_of"] == i, where
        starts = [d["start"] for d in row["dates"]]
        assert starts == sorted(starts), f"line {number}: dates out of text order"


def test_dev_and_test_halves_and_dateless_sentences() -> None:
    rows = _gold()
    dev = [r for r in rows if r["split"] == "dev"]
    assert abs(2 * len(dev) - len(rows)) <= len({r["stratum"] for r in rows})
    assert sum(len(r["dates"]) for r in rows) >= 330
    assert sum(not r["dates"] for r in rows) >= 60


@pytest.mark.slow
def test_offsets_are_sentences_of_the_corpus() -> None:
    corpus = shared_path("corpus", "ant_multisource.jsonl.gz")
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
        assert record["date"] == row["doc_date"]
        spans = {(s, e) for s, e, _ in split_sentences(record["text"])}
        assert (row["start"], row["end"]) in spans, row["doc_id"]
        for date in row["dates"]:
            surface = record["text"][date["start"] : date["end"]]
            assert surface == surface.strip() and surface, (row["doc_id"], date)
