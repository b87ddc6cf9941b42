"""Figures on the stories of a `sahel analyze` run: events, stories, how many outlets carried
them, and the stories carried by the most outlets (ids, types, actors, dates and counts only:
no text of the corpus).

    .venv/bin/python tools/stories_summary.py OUT_DIR [--top 10]

Reads events and stories from OUT_DIR (.parquet, else .csv).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd


def read_table(folder: Path, name: str) -> pd.DataFrame:
    for suffix, reader in ((".parquet", pd.read_parquet), (".csv", pd.read_csv)):
        path = folder / f"{name}{suffix}"
        if path.exists():
            return reader(path)
    raise SystemExit(f"{folder} holds no {name}.parquet or {name}.csv: run sahel analyze first")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args(argv)
    events = read_table(args.out_dir, "events")
    stories = read_table(args.out_dir, "stories")
    several = stories[stories["n_reports"] > 1]
    print(f"events: {len(events):,}; stories: {len(stories):,}")
    held = several["n_reports"].sum()
    print(f"stories of more than one report: {len(several):,} ({held:,} events)")
    print(f"historical stories: {int(stories['historical'].sum()):,}")
    shares = stories["n_sources"].value_counts().sort_index()
    print("n_sources: " + ", ".join(f"{k}: {v:,}" for k, v in shares.items()))
    columns = ["story_id", "event_type", "actor1", "actor2", "first_date", "last_date",
               "n_sources", "n_reports", "first_source"]  # fmt: skip
    with pd.option_context("display.width", 200, "display.max_columns", None):
        print(stories.head(args.top)[columns].to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
