"""The events stage alone on ANT articles: this checkout's sahel.extract.events against the same
package at another git revision, side by side in one process.

    python benchmarks/bench_events.py [--against REV] [--docs N] [--rounds R] [--corpus PATH]

Loads the package of REV (`git show REV:sahel/extract/events/*.py` as a package of its own, run
on this checkout's sahel.text, sahel.extract.dates and C core), prepares the first N articles as
`sahel analyze` does (clean, sentences, mentions, dates), runs `events_table` with both,
alternating, prints each one's seconds (CPU time, best of R rounds: the machine is shared) and
their ratio, and whether the two tables are identical.
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sahel  # noqa: E402
import sahel.extract.events as current  # noqa: E402
from sahel.corpus.mentions import corpus_mentions  # noqa: E402
from sahel.extract.dates import dates_table  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ANT = ROOT.parent / "shared" / "corpus" / "ant_multisource.jsonl.gz"
PACKAGE = "sahel/extract/events"
COPY = "events_at_revision"


def load_revision(rev: str, folder: Path):
    """The events package of `rev`, imported as COPY (its own imports of sahel.extract.events
    point at the copy)."""
    names = subprocess.run(
        ["git", "-C", str(ROOT), "ls-tree", "--name-only", f"{rev}:{PACKAGE}"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    package = folder / COPY
    package.mkdir()
    for name in names:
        if not name.endswith(".py"):
            continue
        source = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{rev}:{PACKAGE}/{name}"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        source = source.replace("sahel.extract.events", COPY)
        (package / name).write_text(source, encoding="utf-8")
    sys.path.insert(0, str(folder))
    return importlib.import_module(COPY)


def prepared(corpus_path: Path, docs: int):
    """(documents, mentions, sentences, dates) of the first `docs` articles, as analyze makes
    them."""
    rows = []
    with gzip.open(corpus_path, "rt", encoding="utf-8") as f:
        for line in f:
            if len(rows) >= docs:
                break
            record = json.loads(line)
            if record.get("text"):
                rows.append(
                    (str(record["id"]), record["text"], record.get("date"), record.get("source"))
                )
    frame = pd.DataFrame(rows, columns=["doc_id", "text", "date", "source"])
    frame = frame.drop_duplicates("doc_id")
    corpus = sahel.Corpus(frame).clean()
    sentences = corpus.sentences()
    mentions = corpus_mentions(corpus, sahel.Matcher(sahel.Gazetteer.default()))
    dates = dates_table(corpus.documents, sentences)
    return corpus.documents, mentions, sentences, dates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="main", help="git revision (default main)")
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=ANT)
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"{args.corpus}: the ANT corpus is needed (see ../shared/README.md)")
    documents, mentions, sentences, dates = prepared(args.corpus, args.docs)
    gazetteer = sahel.Gazetteer.default()
    with tempfile.TemporaryDirectory() as folder:
        other = load_revision(args.against, Path(folder))
        best = {"revision": float("inf"), "checkout": float("inf")}
        tables: dict[str, pd.DataFrame] = {}
        for package in (other, current):
            package.events_table(documents.head(20), mentions, sentences, dates)  # warm-up
        for _ in range(args.rounds):
            for name, package in (("revision", other), ("checkout", current)):
                start = time.process_time()
                tables[name] = package.events_table(
                    documents, mentions, sentences, dates=dates, gazetteer=gazetteer
                )
                best[name] = min(best[name], time.process_time() - start)
    print(f"{len(documents)} articles, best of {args.rounds} rounds (CPU seconds)")
    for name, label in (("revision", args.against), ("checkout", "this checkout")):
        print(f"{label:<16}{best[name]:8.2f} s  {len(tables[name]):>7} events")
    print(f"speed ratio (revision / checkout): {best['revision'] / best['checkout']:.2f}")
    same = tables["revision"].equals(tables["checkout"])
    print(f"tables identical: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
