"""Mention precision, recall and kind accuracy per type against a hand-annotated gold set.

    python benchmarks/eval_mentions.py --gold PATH [--split dev|test] [--corpus ANT.jsonl.gz]
                                       [--errors]

`--errors` prints, for the dev split only, each missed gold mention and each spurious found one
with some context, for reading in the terminal (the corpus texts are never written to a file).

The gold file has one JSON line per paragraph: doc_id, start, end (the paragraph's span), split,
mentions [{start, end, type, kind, ...}], offsets in code points into the ANT record's `text`
(guide: docs/annotation/mentions.md of the annotation set). The default Matcher runs on each
record's text as given, with the record's date (so role phrases resolve); its mentions inside
the paragraph are compared with the gold.

sahel's types map to the gold's: country and territory → country; alliance, mission and
organization → organization; region, city, place and facility → place; a metonym (an entity
with refers_to) → country; person, armed_group, media as they are. Private military companies
(Wagner, Africa Corps) are armed groups in the gold. Not in the gold's scope and left out of
the count: national bodies (organizations with a country: ministries, companies, juntas) and
facilities named as themselves.

A found mention and a gold one pair up when their types agree and their spans overlap (one to
one, in text order); `exact` counts the pairs whose spans are equal. Kind accuracy is over the
pairs. Role mentions of the gold (kind role) count in person recall.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from pathlib import Path

import sahel

TYPES = ("country", "person", "armed_group", "organization", "place", "media")
CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/ant_multisource.jsonl.gz"
PLACE = {"region", "city", "place"}
ARMED = {"wagner", "africa_corps"}


def gold_type(mention) -> str | None:
    """The gold type of a sahel mention, or None when the gold leaves such mentions out."""
    if mention.kind == "metonym":
        return "country"
    if mention.entity_id in ARMED:
        return "armed_group"
    if mention.type in ("country", "territory"):
        return "country"
    if mention.type in PLACE:
        return "place"
    if mention.type in ("alliance", "mission"):
        return "organization"
    if mention.type == "organization":
        return None if mention.country else "organization"
    if mention.type == "facility":
        return None
    return mention.type


def texts_of(path: Path, ids: set[str]) -> dict[str, str]:
    found = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if record["id"] in ids:
                found[record["id"]] = record["text"]
    return found


def evaluate(
    gold_path: Path, split: str, corpus: Path, errors: list[str] | None = None
) -> dict[str, Counter]:
    rows = [json.loads(line) for line in gold_path.open(encoding="utf-8") if line.strip()]
    rows = [r for r in rows if r["split"] == split]
    texts = texts_of(corpus, {r["doc_id"] for r in rows})
    matcher = sahel.Matcher()
    counts: dict[str, Counter] = {t: Counter() for t in TYPES}
    for row in rows:
        text = texts[row["doc_id"]]
        found = [
            (m.start, m.end, gold_type(m), m.kind, m.entity_id)
            for m in matcher.find(text, date=row["date"])
            if row["start"] <= m.start and m.end <= row["end"] and gold_type(m)
        ]
        gold = [(g["start"], g["end"], g["type"], g["kind"]) for g in row["mentions"]]
        used: set[int] = set()
        for start, end, mtype, kind, entity_id in found:
            c = counts[mtype]
            c["found"] += 1
            for i, (gs, ge, gt, gk) in enumerate(gold):
                if i in used or gt != mtype or ge <= start or end <= gs:
                    continue
                used.add(i)
                c["paired"] += 1
                c["exact"] += (gs, ge) == (start, end)
                right = kind == gk or (gk == "role" and kind == "name")
                c["kind_right"] += right
                if errors is not None and not right:
                    errors.append(_context("KIND", text, start, end, f"{kind}≠{gk} {entity_id}"))
                break
            else:
                if errors is not None:
                    errors.append(_context("SPURIOUS", text, start, end, f"{mtype} {entity_id}"))
        for i, (gs, ge, gt, gk) in enumerate(gold):
            counts[gt]["gold"] += 1
            if errors is not None and i not in used:
                errors.append(_context("MISSED", text, gs, ge, f"{gt} {gk}"))
    return counts


def _context(what: str, text: str, start: int, end: int, note: str) -> str:
    left = text[max(0, start - 40) : start].replace("\n", " ")
    right = text[end : end + 40].replace("\n", " ")
    return f"{what:8} {note:32} …{left}[{text[start:end]}]{right}…"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument(
        "--errors", action="store_true", help="print missed and spurious mentions (dev only)"
    )
    args = parser.parse_args()
    if args.errors and args.split != "dev":
        parser.error("--errors reads the dev split only: tune on dev, report test")
    errors: list[str] | None = [] if args.errors else None
    counts = evaluate(args.gold, args.split, args.corpus, errors)
    for line in errors or ():
        print(line)
    header = ("type", "gold", "found", "prec", "recall", "exact", "kind")
    print(f"{header[0]:14} " + " ".join(f"{h:>6}" for h in header[1:]))
    total: Counter = Counter()
    for mtype in TYPES:
        c = counts[mtype]
        total.update(c)
        print(_line(mtype, c))
    print(_line("all", total))


def _line(name: str, c: Counter) -> str:
    def ratio(a: int, b: int) -> str:
        return f"{a / b:.3f}" if b else "  -  "

    # Recall pairs gold mentions: every pair covers one gold mention.
    return (
        f"{name:14} {c['gold']:5d} {c['found']:5d} {ratio(c['paired'], c['found']):>6} "
        f"{ratio(c['paired'], c['gold']):>6} {ratio(c['exact'], c['paired']):>6} "
        f"{ratio(c['kind_right'], c['paired']):>6}"
    )


if __name__ == "__main__":
    main()
