"""The per-partition analysis (sahel.scale: load, clean, sentences, match) of the ANT corpus in
this process, on a local Dask cluster of one worker process and of two, side by side.

    PYTHONPATH=. python benchmarks/bench_scale.py [--partitions 16] [--corpus PATH]

The corpus is decompressed to a temporary plain JSON Lines file first, so that it cuts into byte
ranges. Prints the wall time of each run, the documents per second, the per-partition cost and
the ratio of one worker to two; each run's mentions are checked equal to the in-process run's.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd

from sahel.corpus.partitions import load_partition, plan
from sahel.scale import mentions_frame, mentions_in_process

ANT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "ant_multisource.jsonl.gz"
KEYS = ["doc_id", "start", "end", "entity_id"]


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(object).sort_values(KEYS, ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=ANT)
    parser.add_argument("--partitions", type=int, default=16)
    args = parser.parse_args()
    from distributed import Client, LocalCluster

    with tempfile.TemporaryDirectory() as folder:
        plain = Path(folder) / "corpus.jsonl"
        with gzip.open(args.corpus, "rb") as src, open(plain, "wb") as out:
            shutil.copyfileobj(src, out)
        size = plain.stat().st_size
        parts = plan(plain, block_size=-(-size // args.partitions))
        start = time.perf_counter()
        documents = sum(len(load_partition(p)) for p in parts)
        load = time.perf_counter() - start
        print(f"{documents:,} documents, {size / 1e6:.1f} MB, {len(parts)} partitions")
        print(f"load only (read + parse, in process): {load:.1f} s")

        start = time.perf_counter()
        reference = mentions_in_process(parts)
        here = time.perf_counter() - start
        rows = [("in process", here)]
        for workers in (1, 2):
            with (
                LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
                ) as cluster,
                Client(cluster),
            ):
                start = time.perf_counter()
                found = mentions_frame(parts).compute()
                rows.append((f"--workers {workers}", time.perf_counter() - start))
            if not _sorted(found).equals(_sorted(reference)):
                raise SystemExit(f"{workers} workers: the mentions differ from the in-process run")
        print(f"{'run':<14}{'seconds':>9}{'docs/s':>9}{'s/partition':>13}")
        for name, seconds in rows:
            print(
                f"{name:<14}{seconds:>9.1f}{documents / seconds:>9.0f}{seconds / len(parts):>13.2f}"
            )
        one, two = rows[1][1], rows[2][1]
        print(f"two workers / one worker: {one / two:.2f}x; in process / one worker: "
              f"{rows[0][1] / one:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
