"""`analyze` over partitions (sahel.scale.analysis) against `analyze` in one process: the same
tables whatever the partitions, boilerplate and duplicates decided over the whole corpus. The
runs on a real Dask cluster are in test_scale.py (they share its cluster fixture)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import shared_path

from sahel.corpus.loaders import Record
from sahel.corpus.partitions import plan, read_partition
from sahel.pipeline import DATASETS, TABLES, analyze

# Lines of each outlet's block of ANT in the test's slice (ANT holds its outlets one after the
# other).
PER_SOURCE = 250
# A line of at most eight words that three documents of one outlet end with, far apart.
BOILERPLATE = "ملحق خاص بتغطية أحداث منطقة الساحل"


def table_rows(folder: Path, name: str) -> pd.DataFrame:
    """A written CSV table as text cells (floats to the last digit), rows sorted."""
    frame = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
    return frame.sort_values(list(frame.columns), ignore_index=True)


def assert_same_tables(expected: Path, found: Path) -> None:
    for name in TABLES:
        want, got = table_rows(expected, name), table_rows(found, name)
        assert list(got.columns) == list(want.columns), name
        assert len(got) == len(want), name
        pd.testing.assert_frame_equal(got, want, obj=name)


def ant_slice(folder: Path) -> Path:
    """The first PER_SOURCE articles of each outlet of ANT as plain JSON Lines, with what only
    the whole corpus decides: an id repeated far from its first use, exact copies of early
    articles at the end (dated earlier: the first copy is still the first in file order), and a
    line that three articles of one outlet repeat, too rarely for any small partition."""
    records: list[dict] = []
    taken: dict[str, int] = {}
    with gzip.open(shared_path("corpus", "ant_multisource.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if taken.get(record["source"], 0) < PER_SOURCE:
                taken[record["source"]] = taken.get(record["source"], 0) + 1
                records.append(record)
    first = records[0]["source"]
    spread = [k for k, r in enumerate(records) if r["source"] == first]
    for k in (spread[0], spread[len(spread) // 2], spread[-1]):
        records[k] = {**records[k], "text": records[k]["text"].rstrip() + "\n" + BOILERPLATE}
    copies = [{**records[k], "id": f"copy-{k}", "date": "2001-01-01"} for k in (1, PER_SOURCE + 1)]
    repeated_id = {**records[-3], "id": records[2]["id"]}
    path = folder / "ant_slice.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for record in [*records, repeated_id, *copies]:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def block_for(path: Path, partitions: int) -> int:
    return -(-path.stat().st_size // partitions)


@pytest.fixture(scope="module")
def ant_runs(tmp_path_factory) -> tuple[Path, Path]:
    """The slice and its in-process run."""
    folder = tmp_path_factory.mktemp("ant")
    path = ant_slice(folder)
    analyze(path, folder / "whole", progress=False, report=False)
    return path, folder / "whole"


def test_the_slice_needs_the_whole_corpus(ant_runs) -> None:
    path, whole = ant_runs
    documents = pd.read_csv(whole / "documents.csv", dtype=str, keep_default_na=False)
    by_id = documents.set_index("doc_id")
    # The in-process run removes the rare line, flags the late copies and renames the id.
    removed = documents["removed"].str.contains('"repeated line"') & (
        documents["removed_chars"].astype(int) > 0
    )
    assert removed.sum() >= 3
    assert set(by_id.loc[["copy-1", f"copy-{PER_SOURCE + 1}"], "duplicate"]) == {"true"}
    assert documents["doc_id"].str.endswith("~2").sum() == 1
    # ... which no partition of 7 or 50 sees three times.
    for count, most in ((7, 2), (50, 1)):
        parts = plan(path, block_size=block_for(path, count))
        assert len(parts) == count
        for part in parts:
            texts = [r.fields["text"] for r in read_partition(part) if isinstance(r, Record)]
            assert sum(BOILERPLATE in text for text in texts) <= most


@pytest.mark.parametrize("partitions", [1, 7, 50])
def test_partitions_change_no_table(ant_runs, tmp_path: Path, partitions: int) -> None:
    path, whole = ant_runs
    out = tmp_path / "parts"
    result = analyze(
        path, out, progress=False, report=False, formats=("csv", "parquet"),
        workers=0, block_size=block_for(path, partitions),
    )  # fmt: skip
    assert_same_tables(whole, out)
    # The row tables again, as datasets of one file per partition.
    for name in DATASETS:
        files = sorted((out / name).glob("part-*.parquet"))
        assert len(files) == partitions
        dataset = pd.read_parquet(out / name)
        single = pd.read_parquet(out / f"{name}.parquet")
        pd.testing.assert_frame_equal(dataset, single, obj=name)
    assert result.corpus is None
    assert result.summary()["documents"] == len(table_rows(whole, "documents"))


def test_the_sample_over_partitions_gives_the_same_tables(tmp_path: Path) -> None:
    analyze(None, tmp_path / "whole", progress=False, report=False)
    analyze(None, tmp_path / "parts", progress=False, report=False, workers=0, block_size=3000)
    assert_same_tables(tmp_path / "whole", tmp_path / "parts")


def test_a_partitioned_run_replaces_its_datasets(tmp_path: Path) -> None:
    out = tmp_path / "out"
    analyze(None, out, progress=False, report=False, workers=0, block_size=3000)
    many = len(list((out / "mentions").glob("*.parquet")))
    analyze(None, out, progress=False, report=False, workers=0, block_size=10**6)
    assert many > 1 and len(list((out / "mentions").glob("*.parquet"))) == 1
    analyze(None, out, progress=False, report=False)
    # The run in this process cuts the input the same way, at the default block size.
    assert len(list((out / "mentions").glob("*.parquet"))) == 1


def test_workers_and_scheduler_exclude_each_other(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not both"):
        analyze(None, tmp_path / "out", workers=1, scheduler="tcp://127.0.0.1:1")


def test_nothing_to_quote_and_nothing_read_give_the_in_process_tables(tmp_path: Path) -> None:
    plain = tmp_path / "plain" / "weather.jsonl"
    plain.parent.mkdir()
    rows = [
        {"id": "a", "text": "كان الطقس جميلا اليوم في الحديقة.", "source": "x"},
        {"id": "b", "text": "ذهب الولد إلى المدرسة صباحا.", "source": "x", "date": "2024-01-02"},
    ]
    plain.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    for given in (plain, empty):
        whole = analyze(given, tmp_path / f"{given.name}-whole", progress=False, report=False)
        parts = analyze(given, tmp_path / f"{given.name}-parts", progress=False, report=False,
                        workers=0, block_size=40)  # fmt: skip
        assert len(parts.tables["mentions"]) == 0
        assert len(parts.tables["documents"]) == len(whole.tables["documents"])
        assert_same_tables(tmp_path / f"{given.name}-whole", tmp_path / f"{given.name}-parts")


def test_the_command_line_checks_the_partition_options(tmp_path: Path, capsys) -> None:
    from sahel.cli import main

    out = str(tmp_path / "out")
    # Without workers, the run in this process cuts the input in partitions of that size too.
    alone = tmp_path / "alone"
    assert main(["analyze", "--out", str(alone), "--block-size", "8K", "--no-progress"]) == 0
    manifest = json.loads((alone / "sahel-run.json").read_text(encoding="utf-8"))
    assert manifest["options"]["block_size"] == 8192
    parts = len(plan(manifest["inputs"][0], block_size=8192))
    assert parts > 1 and len(list((alone / "mentions").iterdir())) == parts
    for wrong in (["--workers", "-1"], ["--workers", "two"], ["--workers", "0", "--block-size",
                  "0"], ["--workers", "1", "--scheduler", "tcp://127.0.0.1:1"]):  # fmt: skip
        with pytest.raises(SystemExit) as stop:
            main(["analyze", "--out", out, *wrong])
        assert stop.value.code == 2
    assert not (tmp_path / "out").exists()
    assert main(["analyze", "--out", out, "--workers", "0", "--block-size", "8K",
                 "--no-progress"]) == 0  # fmt: skip
    manifest = json.loads((tmp_path / "out" / "sahel-run.json").read_text(encoding="utf-8"))
    assert manifest["options"]["workers"] == 0
    assert manifest["options"]["block_size"] == 8192
    parts = len(plan(manifest["inputs"][0], block_size=8192))
    assert parts > 1 and len(list((tmp_path / "out" / "mentions").iterdir())) == parts
