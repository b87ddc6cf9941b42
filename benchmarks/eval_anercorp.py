"""How the default gazetteer's country matching agrees with ANERcorp's gold LOC spans.

    python benchmarks/eval_anercorp.py [path/to/anercorp_camellab_train.jsonl]

Prints two figures for the training split:
- recall: of the gold LOC spans that are country names (the whole span, its proclitics aside,
  is a country alias of the gazetteer), the share that a country mention of the matcher covers;
- agreement: of the country mentions the matcher finds by name, the share that agree with a gold
  LOC span (demonyms are counted apart: the gold data tags them as adjectives, not locations).
  A mention agrees when it lies inside a LOC span or holds one: the gold data often tags the
  country word alone inside a longer form of the name (دولة [قطر]، [الصين] الشعبية، جنوب
  [أفريقيا]), as its recall above pairs spans either way. The strict share (inside only) is
  printed too.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import sahel

COUNTRY_TYPES = {"country", "territory"}
DEFAULT = Path(__file__).resolve().parents[2] / "shared/data/ner/anercorp_camellab_train.jsonl"


def is_country(mention) -> bool:
    target = mention.refers_to or mention.entity_id
    return mention.type in COUNTRY_TYPES or target in _country_ids


def evaluate(path: Path) -> dict[str, float | int]:
    matcher = sahel.Matcher()
    gold_country = covered = 0
    found_names = inside = agree = found_demonyms = 0
    with path.open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            text = record["text"]
            locs = [(s, e) for s, e, kind in record["spans"] if kind == "LOC"]
            mentions = [m for m in matcher.find(text) if is_country(m)]
            for s, e in locs:
                span_mentions = [m for m in matcher.find(text[s:e]) if is_country(m)]
                whole = any(m.start == 0 and m.end == e - s for m in span_mentions)
                if whole and span_mentions[0].kind == "name":
                    gold_country += 1
                    covered += any(
                        m.start <= s and e <= m.end or (s <= m.start and m.end <= e)
                        for m in mentions
                    )
            for m in mentions:
                if m.kind == "demonym":
                    found_demonyms += 1
                    continue
                found_names += 1
                inside += any(s <= m.start and m.end <= e for s, e in locs)
                agree += any(
                    s <= m.start and m.end <= e or m.start <= s and e <= m.end for s, e in locs
                )
    return {
        "gold LOC spans that are country names": gold_country,
        "recall": covered / gold_country if gold_country else float("nan"),
        "country mentions found by name or metonym": found_names,
        "share agreeing with a gold LOC span": agree / found_names if found_names else float("nan"),
        "share inside a gold LOC span (strict)": (
            inside / found_names if found_names else float("nan")
        ),
        "country demonyms found (not LOC in the gold data)": found_demonyms,
    }


_country_ids = {
    e.id for e in sahel.Gazetteer.default().entities.values() if e.type in COUNTRY_TYPES
}

if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    for name, value in evaluate(path).items():
        print(f"{name:55s} {value:.3f}" if isinstance(value, float) else f"{name:55s} {value}")
