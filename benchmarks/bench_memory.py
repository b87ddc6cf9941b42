"""Peak memory of `sahel analyze` in one process as the corpus grows: corpora of about 0.25, 0.5
and 1 GB of JSON Lines made of distinct copies of the ANT corpus in a temporary folder, each
analysed by `python -m sahel analyze` in a fresh process whose peak resident memory (wait4's
ru_maxrss) and wall time are printed side by side, with the ratio to the smallest.

    PYTHONPATH=. python benchmarks/bench_memory.py [--sizes 0.25,0.5,1] [--corpus PATH]
        [--block-size BYTES] [--keep DIR]

The first copy is ANT; a later copy k of an article gets the id ``<id>-c<k>``, the source
``<source>-c<k>`` (every copy is a set of outlets of its own, so cleaning learns each copy's
repeated lines as it learns ANT's) and every line of its text ends with letters of its own,
``ظ`` and k in Arabic letters, glued to the last word: cleaning keeps what it kept in ANT (a line
keeps its words, repeated lines stay repeated within a copy) and no copy is an exact duplicate
of another (a distinct last line would not do: cleaning removes short trailing lines, and the
copies would be duplicates). The corpora are written as plain JSON Lines, which a run cuts into
partitions of ``--block-size`` bytes. The documents analysed and duplicates found are printed:
the duplicates are ANT's own, in every copy.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
ANT = ROOT.parent / "shared" / "corpus" / "ant_multisource.jsonl.gz"


LETTERS = "ابتثجحخدذرزسشصضطعغفقكلمنهوي"


def mark(copy: int) -> str:
    """Letters of copy `copy`: ظ, then the number in base 27 written with LETTERS."""
    digits = ""
    while copy:
        copy, digit = divmod(copy, len(LETTERS))
        digits = LETTERS[digit] + digits
    return "ظ" + digits


def generate(corpus: Path, target: int, out: Path) -> int:
    """Distinct copies of `corpus` written to `out` until it holds `target` bytes; the bytes
    written."""
    written = 0
    copy = 0
    with open(out, "w", encoding="utf-8") as sink:
        while written < target:
            copy += 1
            with gzip.open(corpus, "rt", encoding="utf-8") as lines:
                for line in lines:
                    if copy > 1:
                        record = json.loads(line)
                        record["id"] = f"{record.get('id')}-c{copy}"
                        record["source"] = f"{record.get('source')}-c{copy}"
                        suffix = mark(copy)
                        record["text"] = "\n".join(
                            part + suffix if part.strip() else part
                            for part in (record.get("text") or "").split("\n")
                        )
                        line = json.dumps(record, ensure_ascii=False) + "\n"
                    text = line
                    sink.write(text)
                    written += len(text.encode("utf-8"))
                    if written >= target:
                        break
    return written


def run(path: Path, out: Path, block_size: int | None) -> tuple[float, float]:
    """Peak resident memory (MB) and wall seconds of one analyze in a fresh process."""
    command = [sys.executable, "-m", "sahel", "analyze", str(path), "--out", str(out),
               "--format", "parquet", "--no-progress", "--force"]  # fmt: skip
    if block_size:
        command += ["--block-size", str(block_size)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with status {process.returncode}")
    return usage.ru_maxrss / 1024, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.25,0.5,1", help="corpus sizes in GB (1e9 bytes)")
    parser.add_argument("--corpus", type=Path, default=ANT)
    parser.add_argument("--block-size", type=int, default=None)
    parser.add_argument("--keep", type=Path, default=None, help="write the corpora here")
    args = parser.parse_args()
    if not args.corpus.exists():
        raise SystemExit(f"{args.corpus}: no such corpus (the shared ANT corpus)")
    sizes = [float(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="sahel-memory-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        rows = []
        for gb in sizes:
            path = folder / f"ant-{gb:g}gb.jsonl"
            size = generate(args.corpus, int(gb * 1e9), path)
            peak, seconds = run(path, folder / f"out-{gb:g}", args.block_size)
            rows.append((gb, size, peak, seconds))
            documents = pd.read_parquet(folder / f"out-{gb:g}" / "documents", columns=["duplicate"])
            print(
                f"{size / 1e9:5.2f} GB: peak {peak:7.0f} MB, {seconds:6.0f} s; "
                f"{len(documents):,} documents, {int(documents['duplicate'].sum()):,} duplicates",
                flush=True,
            )
            if args.keep is None:
                path.unlink()
        base = rows[0][2]
        print(f"\n{'corpus GB':>9} {'peak MB':>8} {'x smallest':>10} {'seconds':>8} {'MB/s':>6}")
        for _, size, peak, seconds in rows:
            print(
                f"{size / 1e9:9.2f} {peak:8.0f} {peak / base:10.2f} {seconds:8.0f} "
                f"{size / 1e6 / seconds:6.2f}"
            )
        print(f"block size: {args.block_size or 'default (64 MiB)'}; report included")


if __name__ == "__main__":
    main()
