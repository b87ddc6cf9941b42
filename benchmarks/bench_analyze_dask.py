"""`sahel analyze` of the ANT corpus in one process, and over partitions on a local Dask cluster
of one worker process and of two, side by side (sahel.scale.analysis).

    PYTHONPATH=. python benchmarks/bench_analyze_dask.py [--partitions 16] [--corpus PATH]

The corpus is decompressed to a temporary plain JSON Lines file first, so that it cuts into byte
ranges. Prints each run's stages (wall seconds; the partitioned runs' `analysis` stage is the
pass over the partitions), the seconds the tasks spent in each per-partition stage (summed over
partitions, with the CPU seconds of the tasks: on a shared machine their ratio to the wall
seconds is the share of a core the tasks got), and the ratios. Every run's tables are checked
equal to the in-process run's.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import tempfile
import time
from pathlib import Path

from sahel.pipeline import TABLES, analyze
from sahel.scale.analysis import PARTITION_STAGES

ANT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "ant_multisource.jsonl.gz"


def _same_tables(expected: Path, found: Path) -> list[str]:
    """The tables whose CSV files differ."""
    return [
        name
        for name in TABLES
        if (expected / f"{name}.csv").read_bytes() != (found / f"{name}.csv").read_bytes()
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=ANT)
    parser.add_argument("--partitions", type=int, default=16)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        plain = Path(folder) / "corpus.jsonl"
        with gzip.open(args.corpus, "rb") as src, open(plain, "wb") as out:
            shutil.copyfileobj(src, out)
        block = -(-plain.stat().st_size // args.partitions)
        runs = {}
        options = {"in process": {}, "--workers 1": {"workers": 1}, "--workers 2": {"workers": 2}}
        for name, extra in options.items():
            out = Path(folder) / name.replace(" ", "_")
            start = time.perf_counter()
            result = analyze(plain, out, progress=False, **extra, **(
                {"block_size": block} if extra else {}
            ))  # fmt: skip
            runs[name] = (time.perf_counter() - start, result)
            if extra:
                differ = _same_tables(Path(folder) / "in_process", out)
                if differ:
                    raise SystemExit(f"{name}: tables differ from the in-process run: {differ}")
        documents = len(runs["in process"][1].tables["documents"])
        print(f"{documents:,} documents, {plain.stat().st_size / 1e6:.1f} MB, "
              f"{args.partitions} partitions of {block / 2**20:.1f} MiB")  # fmt: skip
        print("\nwall seconds per stage")
        stages = list(dict.fromkeys(s for _, r in runs.values() for s in r.timings["stage"]))
        print(f"{'stage':<11}" + "".join(f"{n:>14}" for n in runs))
        for stage in stages:
            cells = []
            for _, result in runs.values():
                t = result.timings.set_index("stage")["seconds"]
                cells.append(f"{t[stage]:>14.1f}" if stage in t else f"{'':>14}")
            print(f"{stage:<11}" + "".join(cells))
        print(f"{'wall':<11}" + "".join(f"{w:>14.1f}" for w, _ in runs.values()))
        print("\ntask seconds per partition stage, summed over partitions")
        print(f"{'stage':<11}" + "".join(f"{n:>14}" for n in list(runs)[1:]))
        for stage in PARTITION_STAGES:
            row = "".join(f"{(r.task_seconds or {}).get(stage, 0):>14.1f}" for _, r in list(
                runs.values())[1:])  # fmt: skip
            print(f"{stage:<11}{row}")
        cpu = [(r.task_seconds or {}).get("cpu", 0) for _, r in list(runs.values())[1:]]
        busy = [sum((r.task_seconds or {}).get(s, 0) for s in PARTITION_STAGES)
                for _, r in list(runs.values())[1:]]  # fmt: skip
        print(f"{'all stages':<11}" + "".join(f"{b:>14.1f}" for b in busy))
        print(f"{'task CPU':<11}" + "".join(f"{c:>14.1f}" for c in cpu))
        print("(task CPU / task wall: the share of a core the tasks got)")
        here, one, two = (runs[n][0] for n in options)
        print(f"\n--workers 2 vs --workers 1: {one / two:.2f}x faster (wall)")
        print(f"--workers 1 vs in process: {here / one:.2f}x; --workers 2 vs in process: "
              f"{here / two:.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
