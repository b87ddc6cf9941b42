"""Counts of the events evaluation set (benchmarks/gold/events-*.jsonl), as README.md gives them.

    python benchmarks/gold/count_events.py [FILE ...]

prints, for each file and for all of them together, sentences, events and sentences without an
event by split, stratum, outlet and section (read from the document id, OUTLET-section-n-date),
then events by type and PLOVER class, and the flags and date sources.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

GOLD = Path(__file__).resolve().parent
OUTLETS = {"AL": "alarabia", "BB": "BBC", "CN": "CNN", "FR": "france24", "SK": "skynews"}


def _rows(paths: list[Path]) -> list[dict]:
    rows = []
    for path in paths:
        with path.open(encoding="utf-8") as lines:
            rows.extend(json.loads(line) for line in lines)
    return rows


def _table(rows: list[dict], key) -> str:
    sentences, events, empty = Counter(), Counter(), Counter()
    for row in rows:
        k = key(row)
        sentences[k] += 1
        events[k] += len(row["events"])
        empty[k] += not row["events"]
    return ", ".join(
        f"{k} {sentences[k]}/{events[k]}/{empty[k]}" for k, _ in sentences.most_common()
    )


def report(rows: list[dict]) -> str:
    events = [e for row in rows for e in row["events"]]
    dated = Counter(e["date_source"] for e in events if e["date"] is not None)
    lines = [
        f"{len(rows)} sentences, {len(events)} events, "
        f"{sum(not r['events'] for r in rows)} sentences without an event",
        "(sentences/events/without an event)",
        "split: " + _table(rows, lambda r: r["split"]),
        "stratum: " + _table(rows, lambda r: r["stratum"]),
        "outlet: " + _table(rows, lambda r: OUTLETS.get(r["doc_id"][:2], r["doc_id"][:2])),
        "section: " + _table(rows, lambda r: r["doc_id"].split("-")[1]),
        "type: "
        + ", ".join(f"{k} {n}" for k, n in Counter(e["type"] for e in events).most_common()),
        "plover: "
        + ", ".join(f"{k} {n}" for k, n in Counter(e["plover"] for e in events).most_common()),
        f"negated {sum(e['negated'] for e in events)}, "
        f"modality {sum(e['modality'] for e in events)}, "
        f"date from the clause {dated['clause']}, from the document {dated['document']}, "
        f"null {sum(e['date'] is None for e in events)}; "
        f"actor1 with a gazetteer id {sum(e['actor1']['id'] is not None for e in events)}, "
        f"actor2 {sum(e['actor2']['id'] is not None for e in events)}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args(argv)
    paths = args.files or sorted(GOLD.glob("events-*.jsonl"))
    for path in paths:
        print(f"== {path.name}\n{report(_rows([path]))}\n")
    if len(paths) > 1:
        print(f"== all\n{report(_rows(paths))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
