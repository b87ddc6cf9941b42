"""The per-partition analysis: in this process and on a real Dask cluster over TCP, started with
the `dask scheduler` and `dask worker` command-line tools."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import shared_path

from sahel.corpus.corpus import Corpus
from sahel.corpus.partitions import plan
from sahel.pipeline import sample_path
from sahel.scale import duplicates, mentions_frame, mentions_in_process

distributed = pytest.importorskip("distributed")
KEYS = ["doc_id", "start", "end", "entity_id"]


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(object).sort_values(KEYS, ignore_index=True)


def _in(count: int, path: Path | None = None):
    path = path or sample_path()
    return plan(path, block_size=-(-path.stat().st_size // count))


def test_partitions_give_the_mentions_of_the_whole_corpus() -> None:
    whole = Corpus.load(sample_path(), dedup=False).mentions()
    for count in (1, 7):
        found = mentions_in_process(_in(count))
        assert len(found) > 0
        assert _sorted(found).equals(_sorted(whole[found.columns]))


def test_duplicates_split_across_partitions_are_found(tmp_path: Path) -> None:
    lines = sample_path().read_bytes().splitlines(keepends=True)
    copies = []
    for k, line in enumerate(lines[:3]):
        record = json.loads(line)
        # A later copy, and an earlier one: the earlier date is the first copy.
        copies.append({**record, "id": f"copy-late-{k}", "date": "2030-01-01"})
        copies.append({**record, "id": f"copy-early-{k}", "date": "1999-01-01"})
    path = tmp_path / "news.jsonl"
    path.write_bytes(b"".join(lines) + b"".join(json.dumps(c).encode() + b"\n" for c in copies))
    whole = Corpus.load(path, dedup=False).dedup(near=False).documents
    groups = whole["duplicate_of"].fillna(whole["doc_id"])
    for count in (1, 7, 50):
        found = duplicates(_in(count, path))
        assert set(found.index) == set(whole["doc_id"])
        # The same groups of equal texts as the whole-corpus dedup, whatever the partitions.
        mine = found.fillna(pd.Series(found.index, index=found.index))
        pairs = set(zip(whole["doc_id"], groups.to_numpy(), strict=True))
        assert {(d, mine[g]) for d, g in pairs} == {(d, mine[d]) for d in whole["doc_id"]}
        for k in range(3):
            assert found[f"copy-late-{k}"] == f"copy-early-{k}"
            assert found[f"copy-early-{k}"] is None
        assert found.notna().sum() == whole["duplicate_of"].notna().sum()


class Cluster:
    """A scheduler and workers started as separate processes; stop() ends every one of them."""

    def __init__(self, folder: Path, workers: int):
        self.file = folder / "scheduler.json"
        self.processes: list[subprocess.Popen] = []
        bin_dir = Path(sys.executable).parent
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
        self.scheduler = self._start(
            [str(bin_dir / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0",
             "--dashboard-address", ":0", "--scheduler-file", str(self.file)], env, folder,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while not self.file.exists():
            if time.monotonic() > deadline or self.scheduler.poll() is not None:
                self.stop()
                raise RuntimeError("the dask scheduler did not start")
            time.sleep(0.2)
        self.workers = [
            self._start(
                [
                    str(bin_dir / "dask"),
                    "worker",
                    "--scheduler-file",
                    str(self.file),
                    "--nworkers",
                    "1",
                    "--nthreads",
                    "1",
                    "--no-dashboard",
                    "--host",
                    "127.0.0.1",
                ],
                env,
                folder,
            )  # fmt: skip
            for _ in range(workers)
        ]

    def _start(self, command: list[str], env: dict, folder: Path) -> subprocess.Popen:
        log = open(folder / f"{command[1]}-{len(self.processes)}.log", "wb")  # noqa: SIM115
        process = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        self.processes.append(process)
        return process

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture
def cluster(tmp_path: Path):
    started = Cluster(tmp_path, workers=2)
    try:
        client = distributed.Client(scheduler_file=str(started.file), timeout=60)
        try:
            client.wait_for_workers(2, timeout=120)
            assert client.scheduler.address.startswith("tcp://127.0.0.1:")
            yield started, client
        finally:
            client.close()
    finally:
        started.stop()
    assert all(p.poll() is not None for p in started.processes)


def test_a_cluster_over_tcp_gives_the_in_process_mentions(cluster) -> None:
    _, client = cluster
    parts = _in(7)
    here = mentions_in_process(parts)
    there = mentions_frame(parts).compute()
    assert len(there) > 0
    assert _sorted(there).equals(_sorted(here))
    assert duplicates(parts, dask=True).equals(duplicates(parts))
    # Every worker built its Matcher from the gazetteer it was sent.
    built = client.run(lambda: len(__import__("sahel.scale").scale._MATCHERS))
    assert set(built.values()) <= {0, 1} and sum(built.values()) >= 1


@pytest.mark.slow
def test_a_worker_killed_in_the_middle_changes_nothing(cluster, tmp_path: Path) -> None:
    started, client = cluster
    plain = tmp_path / "ant.jsonl"
    with gzip.open(shared_path("corpus", "ant_multisource.jsonl.gz"), "rb") as src:
        with open(plain, "wb") as out:
            shutil.copyfileobj(src, out)
    parts = _in(12, plain)
    future = client.compute(mentions_frame(parts))
    while not any(client.processing().values()):
        time.sleep(0.1)
    time.sleep(2)
    assert not future.done(), "the run ended before a worker could be killed"
    os.killpg(started.workers[0].pid, signal.SIGKILL)
    there = future.result(timeout=1200)
    assert started.workers[0].wait(timeout=10) == -signal.SIGKILL
    here = mentions_in_process(parts)
    assert _sorted(there).equals(_sorted(here))


def _analyze_command(*args: str) -> None:
    """`sahel analyze` as the command line runs it (in this process, exit status checked)."""
    from sahel.cli import main

    assert main(["analyze", *args, "--no-progress"]) == 0


def test_analyze_on_a_cluster_gives_the_in_process_tables(cluster, tmp_path: Path) -> None:
    from test_scale_analyze import ant_slice, assert_same_tables, block_for

    started, client = cluster
    path = ant_slice(tmp_path)
    _analyze_command(str(path), "--out", str(tmp_path / "whole"))
    _analyze_command(
        str(path), "--out", str(tmp_path / "cluster"), "--scheduler", client.scheduler.address,
        "--block-size", str(block_for(path, 7)),
    )  # fmt: skip
    assert_same_tables(tmp_path / "whole", tmp_path / "cluster")
    assert len(list((tmp_path / "cluster" / "events").glob("*.parquet"))) == 7
    # The workers built a Matcher each at most once (from the gazetteer they were sent).
    built = client.run(lambda: len(__import__("sahel.scale").scale._MATCHERS))
    assert set(built.values()) <= {0, 1} and sum(built.values()) >= 1
    assert all(p.poll() is None for p in started.workers)


@pytest.mark.slow
def test_analyze_of_ant_on_a_cluster_gives_the_in_process_tables(cluster, tmp_path: Path) -> None:
    from test_scale_analyze import assert_same_tables, block_for

    _, client = cluster
    plain = tmp_path / "ant.jsonl"
    with gzip.open(shared_path("corpus", "ant_multisource.jsonl.gz"), "rb") as src:
        with open(plain, "wb") as out:
            shutil.copyfileobj(src, out)
    _analyze_command(str(plain), "--out", str(tmp_path / "whole"))
    _analyze_command(
        str(plain), "--out", str(tmp_path / "cluster"), "--scheduler", client.scheduler.address,
        "--block-size", str(block_for(plain, 12)),
    )  # fmt: skip
    assert_same_tables(tmp_path / "whole", tmp_path / "cluster")


@pytest.mark.slow
def test_analyze_with_a_worker_killed_in_the_middle_changes_nothing(
    cluster, tmp_path: Path
) -> None:
    import threading

    from test_scale_analyze import ant_slice, assert_same_tables, block_for

    started, client = cluster
    path = ant_slice(tmp_path)
    failure: list[BaseException] = []

    def run() -> None:
        try:
            _analyze_command(
                str(path), "--out", str(tmp_path / "cluster"), "--scheduler",
                client.scheduler.address, "--block-size", str(block_for(path, 12)),
            )  # fmt: skip
        except BaseException as exc:  # noqa: BLE001 (reported by the test below)
            failure.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 300
    while not any(
        str(key).startswith("sahel-analysis")
        for keys in client.processing().values()
        for key in keys
    ):
        assert time.monotonic() < deadline and thread.is_alive(), "no analysis task ran"
        time.sleep(0.05)
    os.killpg(started.workers[0].pid, signal.SIGKILL)
    thread.join(timeout=1200)
    assert not failure, failure
    assert started.workers[0].wait(timeout=10) == -signal.SIGKILL
    _analyze_command(str(path), "--out", str(tmp_path / "whole"))
    assert_same_tables(tmp_path / "whole", tmp_path / "cluster")
