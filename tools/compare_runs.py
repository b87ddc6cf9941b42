"""Compare the tables of two `sahel analyze` runs, row by row: the differential check that a
change which should not alter results did not (or alters exactly what it says it fixes).

    .venv/bin/python tools/compare_runs.py BEFORE_DIR AFTER_DIR [--tables mentions,dates,events]
        [--show 10]

Each table is read from its .parquet file (else .csv) in both folders. Columns present on one
side only are listed and left out of the comparison; rows are compared as multisets (sorted by
every shared column), so a change of row order alone is not a difference. Exit status 1 when a
compared table differs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

DEFAULT_TABLES = ("mentions", "dates", "events", "counts", "cooccurrence", "kwic", "documents")


def read_table(folder: Path, name: str) -> pd.DataFrame | None:
    for suffix, reader in ((".parquet", pd.read_parquet), (".csv", pd.read_csv)):
        path = folder / f"{name}{suffix}"
        if path.exists():
            return reader(path)
    return None


def canonical(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The shared columns as strings (so that categorical, Arrow and object columns compare
    alike), sorted by every column."""
    out = pd.DataFrame({c: [str(v) for v in frame[c].tolist()] for c in columns}, dtype=object)
    return out.sort_values(columns, kind="stable").reset_index(drop=True)


def _rows(frame: pd.DataFrame) -> pd.Series:
    """Each row as one string (fields joined by a unit separator), to count equal rows."""
    return pd.Series(
        map("\x1f".join, zip(*(frame[c] for c in frame.columns), strict=True)), dtype=object
    )


def compare(name: str, before: pd.DataFrame, after: pd.DataFrame, show: int) -> bool:
    only_before = [c for c in before.columns if c not in after.columns]
    only_after = [c for c in after.columns if c not in before.columns]
    shared = [c for c in before.columns if c in after.columns]
    notes = []
    if only_before:
        notes.append(f"columns only before: {only_before}")
    if only_after:
        notes.append(f"columns only after: {only_after}")
    a, b = canonical(before, shared), canonical(after, shared)
    # A multiset difference: count duplicates on each side.
    ca = _rows(a).value_counts().rename("n_before")
    cb = _rows(b).value_counts().rename("n_after")
    counts = pd.concat([ca, cb], axis=1).fillna(0)
    diff = counts[counts["n_before"] != counts["n_after"]]
    status = "identical" if diff.empty else f"{len(diff)} differing rows"
    print(f"{name}: {len(before):,} rows before, {len(after):,} after: {status}")
    for note in notes:
        print(f"  {note}")
    if not diff.empty:
        with pd.option_context("display.width", 200, "display.max_colwidth", 60):
            print(diff.head(show).to_string())
    return diff.empty


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--tables", default=",".join(DEFAULT_TABLES))
    parser.add_argument("--show", type=int, default=10, help="differing rows shown per table")
    args = parser.parse_args()
    same = True
    for name in args.tables.split(","):
        before, after = read_table(args.before, name), read_table(args.after, name)
        if before is None or after is None:
            print(f"{name}: missing in {'before' if before is None else 'after'}")
            same = False
            continue
        same &= compare(name, before, after, args.show)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
