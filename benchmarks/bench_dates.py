"""The dates stage alone on ANT articles: this checkout's sahel.extract.dates against the same
module at another git revision, side by side in one process.

    python benchmarks/bench_dates.py [--against REV] [--docs N] [--rounds R] [--corpus PATH]

Loads the module of REV (`git show REV:sahel/extract/dates.py`, run on this checkout's
sahel.text, sahel.extract.date_words and C core: a REV whose word lists differ from this
checkout's is compared with this checkout's lists), runs `dates_table` on the first N articles
with both, alternating, and prints MB/s of each (CPU time, best of R rounds: the machine is
shared) and their ratio.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

import sahel.extract.dates as current

ROOT = Path(__file__).resolve().parents[1]
ANT = ROOT.parent / "shared" / "corpus" / "ant_multisource.jsonl.gz"


def load_revision(rev: str, folder: Path):
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:sahel/extract/dates.py"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    path = folder / "dates_at_revision.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("dates_at_revision", path)
    if spec is None or spec.loader is None:
        sys.exit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["dates_at_revision"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="HEAD~1", help="git revision (default HEAD~1)")
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=ANT)
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"{args.corpus}: the ANT corpus is needed (see ../shared/README.md)")
    rows = []
    with gzip.open(args.corpus, "rt", encoding="utf-8") as f:
        for line in f:
            if len(rows) >= args.docs:
                break
            record = json.loads(line)
            rows.append((str(record["id"]), record["text"] or "", record["date"]))
    frame = pd.DataFrame(rows, columns=["doc_id", "text", "date"])
    mb = sum(len(t.encode("utf-8")) for t in frame["text"]) / 1e6
    with tempfile.TemporaryDirectory() as folder:
        other = load_revision(args.against, Path(folder))
        best = {"revision": float("inf"), "checkout": float("inf")}
        counts = {}
        for _ in range(args.rounds):
            for name, module in (("revision", other), ("checkout", current)):
                start = time.process_time()
                counts[name] = len(module.dates_table(frame))
                best[name] = min(best[name], time.process_time() - start)
    print(f"{len(frame)} articles, {mb:.1f} MB, best of {args.rounds} rounds (CPU time)")
    for name, label in (("revision", args.against), ("checkout", "this checkout")):
        print(f"{label:<16}{mb / best[name]:8.2f} MB/s  {counts[name]:>7} dates")
    print(f"speed ratio (checkout / revision): {best['revision'] / best['checkout']:.3f}")


if __name__ == "__main__":
    main()
