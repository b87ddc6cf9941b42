"""`sahel analyze` on the whole ANT corpus (../shared): wall time, peak memory and MB/s per stage.

    .venv/bin/python benchmarks/bench_analyze.py [--corpus PATH] [--out DIR] [--repeat N]

Runs the command as users do (a fresh `python -m sahel analyze` process, so that imports and
start-up count), then prints the per-stage table the pipeline wrote (timings.json) and the
process's own wall time and peak RSS against the targets: under 60 s and 3 GB on two cores.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANT = ROOT.parent / "shared" / "corpus" / "ant_multisource.jsonl.gz"
TARGET_SECONDS = 60.0
TARGET_MB = 3 * 1024


def run_once(corpus: Path, out: Path, formats: str) -> tuple[float, float, list[dict]]:
    """(wall seconds, peak RSS of the child in MB, per-stage rows) for one run."""
    command = [sys.executable, "-m", "sahel", "analyze", str(corpus), "--out", str(out)]
    command += ["--format", formats, "--no-progress"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"sahel analyze failed ({done.returncode}):\n{done.stderr}")
    # RUSAGE_CHILDREN holds the largest child so far: the first run's figure is exact, later
    # ones are exact when they grow.
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    stages = json.loads((out / "timings.json").read_text(encoding="utf-8"))
    print(done.stdout.strip())
    return wall, peak, stages


def print_stages(stages: list[dict]) -> None:
    print(f"{'stage':<12}{'seconds':>9}{'peak MB':>10}{'MB/s':>10}")
    for row in stages:
        rate = row.get("mb_per_s")
        rate_text = (
            f"{rate:10.1f}" if isinstance(rate, (int, float)) and rate < 1e5 else f"{'-':>10}"
        )
        print(f"{row['stage']:<12}{row['seconds']:9.2f}{row['peak_rss_mb']:10.0f}{rate_text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ANT)
    parser.add_argument("--out", type=Path, default=None, help="default: a temporary folder")
    parser.add_argument("--format", default="csv", help="table formats (default csv)")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"{args.corpus} is absent: the shared data set sits beside the checkout")
    with tempfile.TemporaryDirectory() as scratch:
        out = args.out or Path(scratch) / "out"
        runs = [run_once(args.corpus, out, args.format) for _ in range(args.repeat)]
        best = min(runs, key=lambda r: r[0])
        wall, peak, stages = best
        input_mb = stages[0].get("input_mb") or float("nan")
        print_stages(stages)
        print(
            f"process: {wall:.1f} s wall (best of {len(runs)}), peak RSS {peak:.0f} MB, "
            f"{input_mb:.1f} MB of text, {input_mb / wall:.1f} MB/s end to end"
        )
        ok_time, ok_mem = wall < TARGET_SECONDS, peak < TARGET_MB
        print(
            f"targets: time {'met' if ok_time else 'MISSED'} (< {TARGET_SECONDS:.0f} s), "
            f"memory {'met' if ok_mem else 'MISSED'} (< {TARGET_MB / 1024:.0f} GB)"
        )


if __name__ == "__main__":
    main()
