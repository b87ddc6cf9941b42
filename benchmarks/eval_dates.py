"""Dates against the hand-annotated gold set (benchmarks/gold/dates.jsonl, see its README).

    python benchmarks/eval_dates.py --gold PATH --split dev|test [--draw 1|2] [--corpus PATH]
        [--errors]

Runs sahel's find_dates on each sampled document's original text (the record's `text`, not
cleaned, so offsets match the gold) with the gold `doc_date` as reference, keeps the dates inside
the sampled sentence and prints:
- spans: precision and recall of exact spans (start and end equal);
- by form: span accuracy (the share of gold dates found with the exact span) and value accuracy
  (iso and precision equal) both over the gold dates whose span was found exactly and over all
  gold dates of the form (a date not found counts as wrong);
- the Hijri-Gregorian pairs sahel finds in these documents and the share that agree.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

from sahel.extract.dates import dates_table, find_dates, pair_agreement

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared/corpus/ant_multisource.jsonl.gz"


def load_gold(path: Path, split: str, draw: int | None = None) -> list[dict]:
    """The gold lines of one split; of one draw of the sampler when `draw` is given (the
    second draw's strata end in "-2")."""
    lines = []
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                sys.exit(f"{path}:{number}: not JSON ({e})")
            second = record["stratum"].endswith("-2")
            if record["split"] == split and (draw is None or second == (draw == 2)):
                lines.append(record)
    return lines


def load_texts(path: Path, ids: set[str]) -> dict[str, str]:
    texts = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if str(record["id"]) in ids:
                texts[str(record["id"])] = record["text"]
    return texts


def evaluate(gold: list[dict], texts: dict[str, str], show_errors: bool = False) -> dict:
    found = Counter()
    value_ok = Counter()
    total = Counter()
    predicted = matched_predicted = 0
    errors = []
    for line in gold:
        text = texts[line["doc_id"]]
        preds = [
            d
            for d in find_dates(text, line["doc_date"])
            if line["start"] <= d.start and d.end <= line["end"]
        ]
        spans = {(d.start, d.end): d for d in preds}
        predicted += len(preds)
        gold_spans = {(g["start"], g["end"]) for g in line["dates"]}
        matched_predicted += sum(1 for span in spans if span in gold_spans)
        for g in line["dates"]:
            form = g["form"]
            total[form] += 1
            d = spans.get((g["start"], g["end"]))
            if d is None:
                errors.append(
                    (
                        "span",
                        form,
                        text[g["start"] : g["end"]],
                        g["iso"],
                        [
                            (text[p.start : p.end], p.iso)
                            for p in preds
                            if p.start < g["end"] and g["start"] < p.end
                        ],
                    )
                )
                continue
            found[form] += 1
            if (d.iso, d.precision) == (g["iso"], g["precision"]):
                value_ok[form] += 1
            else:
                errors.append(
                    (
                        "value",
                        form,
                        d.surface,
                        (g["iso"], g["precision"]),
                        (d.iso, d.precision, d.rule),
                    )
                )
        for d in preds:
            if (d.start, d.end) not in gold_spans and not any(
                g["start"] < d.end and d.start < g["end"] for g in line["dates"]
            ):
                errors.append(("spurious", "-", d.surface, None, d.iso))
    if show_errors:
        for e in errors:
            print(*e, sep=" | ")
    n = sum(total.values())
    return {
        "total": total, "found": found, "value_ok": value_ok, "gold": n,
        "predicted": predicted, "matched": matched_predicted,
        "precision": matched_predicted / predicted if predicted else 0.0,
        "recall": sum(found.values()) / n if n else 0.0,
    }  # fmt: skip


def print_report(r: dict) -> None:
    print(f"gold dates {r['gold']}, predicted {r['predicted']}, exact spans {r['matched']}")
    print(f"span precision {r['precision']:.3f}  span recall {r['recall']:.3f}")
    print(f"{'form':<16}{'n':>5}{'span acc':>10}{'value|span':>12}{'value acc':>11}")
    for form in sorted(r["total"], key=lambda f: -r["total"][f]):
        n, k, v = r["total"][form], r["found"][form], r["value_ok"][form]
        print(f"{form:<16}{n:>5}{k / n:>10.3f}{(v / k if k else 0):>12.3f}{v / n:>11.3f}")
    n, k, v = r["gold"], sum(r["found"].values()), sum(r["value_ok"].values())
    print(f"{'all':<16}{n:>5}{k / n:>10.3f}{(v / k if k else 0):>12.3f}{v / n:>11.3f}")


def self_check(gold: list[dict], texts: dict[str, str]) -> tuple[int, int]:
    """Hijri-Gregorian pairs in the sampled documents (whole texts) and how many agree."""
    ids = sorted({line["doc_id"] for line in gold})
    dates = {line["doc_id"]: line["doc_date"] for line in gold}
    frame = pd.DataFrame({"doc_id": ids, "text": [texts[i] for i in ids],
                          "date": [dates[i] for i in ids]})  # fmt: skip
    return pair_agreement(dates_table(frame))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--split", choices=("dev", "test"), required=True)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--draw", type=int, choices=(1, 2), help="one draw of the sampler only")
    parser.add_argument("--errors", action="store_true", help="print every error")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        sys.exit(f"{args.corpus}: the ANT corpus is needed (see ../shared/README.md)")
    gold = load_gold(args.gold, args.split, args.draw)
    texts = load_texts(args.corpus, {line["doc_id"] for line in gold})
    missing = {line["doc_id"] for line in gold} - set(texts)
    if missing:
        sys.exit(f"{len(missing)} gold documents not in {args.corpus}: {sorted(missing)[:5]}")
    print(f"split {args.split}: {len(gold)} sentences, {len(texts)} documents")
    print_report(evaluate(gold, texts, args.errors))
    pairs, agree = self_check(gold, texts)
    share = f"{agree / pairs:.3f}" if pairs else "n/a"
    print(f"Hijri-Gregorian pairs in these documents: {pairs}, agreeing {agree} ({share})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
