"""The documents table says exactly what cleaning removed: the given text without the spans of its
`removed` column is the text analysed, in every format; `removed_chars` is their length and
`boilerplate_removed` the part of it that is neither the title line nor whitespace."""

import gzip
import json
import random
from collections import defaultdict
from pathlib import Path

import pandas as pd

from sahel.corpus.corpus import Corpus
from sahel.pipeline import analyze, sample_path
from tests.conftest import shared_path

NOT_BOILERPLATE = {"title", "whitespace"}


def read(out: Path, fmt: str) -> pd.DataFrame:
    if fmt == "csv":
        return pd.read_csv(out / "documents.csv", keep_default_na=False, dtype={"doc_id": str})
    if fmt == "jsonl":
        return pd.read_json(out / "documents.jsonl", lines=True, dtype={"doc_id": str})
    return pd.read_parquet(out / "documents.parquet")


def check(source: Path, out: Path) -> pd.Series:
    """Checks every document of `source`; returns the reasons of the spans seen."""
    formats = ("csv", "parquet", "jsonl")
    analyze(source, out, formats=formats, report=False, progress=False)
    given = Corpus.load(source, errors="collect", clean=False, dedup=False).documents
    cleaned = Corpus.load(source, errors="collect", dedup=False).documents
    original = dict(zip(given["doc_id"], given["raw_text"], strict=True))
    analysed = dict(zip(cleaned["doc_id"], cleaned["text"], strict=True))
    reasons = []
    tables = {fmt: read(out, fmt).set_index("doc_id") for fmt in formats}
    for fmt, table in tables.items():
        assert set(table.index) == set(original), fmt
        for doc_id, row in table.iterrows():
            text = original[doc_id]
            spans = json.loads(row["removed"])
            assert spans == sorted(spans), (fmt, doc_id)
            rebuilt, at = [], 0
            for start, end, reason in spans:
                assert at <= start < end <= len(text), (fmt, doc_id, spans)
                rebuilt.append(text[at:start])
                at = end
                reasons.append(reason)
            rebuilt.append(text[at:])
            assert "".join(rebuilt) == analysed[doc_id], (fmt, doc_id)
            assert row["removed_chars"] == len(text) - len(analysed[doc_id]), (fmt, doc_id)
            boilerplate = sum(e - s for s, e, r in spans if r not in NOT_BOILERPLATE)
            assert row["boilerplate_removed"] == boilerplate, (fmt, doc_id)
    return pd.Series(reasons, dtype=object)


def test_sample(tmp_path: Path) -> None:
    check(sample_path(), tmp_path / "out")


def test_text_files_title_and_boilerplate(tmp_path: Path) -> None:
    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "الرئيسية\nأخبار\nسياسة\nاقتصاد\nرياضة\n\nالنيجر وروسيا توقعان اتفاقا\n\n"
        "قالت حكومة النيجر إنها وقعت اتفاقا عسكريا مع روسيا يوم الاثنين في نيامي.\n\n"
        "شارك\nجميع الحقوق محفوظة © 2024\n",
        encoding="utf-8",
    )
    reasons = set(check(folder, tmp_path / "out"))
    assert {"title", "cue:navigation", "navigation run", "cue:share", "cue:copyright"} <= reasons


def test_ant_sample_across_outlets(tmp_path: Path) -> None:
    """150 articles of each outlet of the ANT corpus, drawn with a fixed seed."""
    by_source = defaultdict(list)
    with gzip.open(shared_path("corpus", "ant_multisource.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            by_source[json.loads(line)["source"]].append(line)
    rng = random.Random(13)
    drawn = [
        line
        for source in sorted(by_source)
        for line in rng.sample(by_source[source], min(150, len(by_source[source])))
    ]
    source = tmp_path / "ant_sample.jsonl"  # a temporary copy: texts never enter the project
    source.write_text("".join(drawn), encoding="utf-8")
    reasons = check(source, tmp_path / "out")
    # The draw meets the cleaner's main rules, so the check covers them.
    assert reasons.str.startswith("cue:").sum() > 20
    assert {"whitespace", "separator"} <= set(reasons)
