"""The sentences of the dates evaluation set (benchmarks/gold/dates.jsonl), drawn from the ANT
corpus with a fixed seed.

Sentences (sahel.corpus.sentences) of at most 600 code points fall into strata by the words they
hold, with word lists written for sampling (docs/annotation/dates.md says what a date is; these
lists only decide where dates are likely): Hijri markers, numeric dates, Levantine month names,
Gregorian month names, relative words and weekdays; a last stratum draws from every sentence.
Each stratum takes its sentences round-robin over the five outlets and, within an outlet, over
its sections, at most one sentence per document and one of each sentence text over the whole
sample (articles often share a paragraph); duplicate texts count once. Each stratum is shuffled
and split in halves, dev then test. A supplementary stratum of month-name sentences, drawn
after the others, follows them.

    python benchmarks/gold/sample_dates.py [--corpus PATH] [--out FILE]

writes one JSON line per sentence (doc_id, start, end, split, stratum, doc_date, source,
category) in annotation order; `--show` adds the text for reading (never commit that output).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from sahel.corpus.sentences import split_sentences
from sahel.text.words import readings, words

CORPUS = Path(__file__).resolve().parents[2].parent / "shared/corpus/ant_multisource.jsonl.gz"
SEED = 20261205
MAX_CHARS = 600

# Stratum -> sentences wanted. Sizes aim at ~330 date expressions and ~60 sentences without one.
SIZES = {
    "hijri": 24,
    "numeric": 20,
    "levantine": 26,
    "gregorian": 60,
    "relative": 70,
    "random": 80,
}
# A second draw, annotated after the first and appended to it: more sentences with a month name
# (the first draw fell short of the expressions wanted).
SUPPLEMENT = {"months": (("levantine", "gregorian"), 50)}
# The second draw (`--draw 2`): a new seed, the same strata, no document of the first draw (the
# documents already in the gold file, and their sentence texts wherever they recur, are left
# out); its strata are named `<stratum>-2`.
SEED_2 = 20261206
SIZES_2 = {
    "hijri": 12,
    "numeric": 12,
    "levantine": 14,
    "gregorian": 40,
    "relative": 42,
    "random": 30,
}
# As in the first draw, month-name sentences drawn after the others made up the expressions wanted.
SUPPLEMENT_2 = {"months": (("levantine", "gregorian"), 20)}
GOLD = Path(__file__).resolve().parent / "dates.jsonl"

GREGORIAN = (
    "يناير فبراير مارس أبريل ابريل إبريل مايو يونيو يونيه يوليو يوليه أغسطس اغسطس سبتمبر "
    "أكتوبر اكتوبر نوفمبر ديسمبر جانفي فيفري أفريل جوان جويلية أوت"
)
LEVANTINE = "كانون شباط آذار نيسان أيار حزيران تموز أيلول تشرين"
HIJRI_MONTHS = "محرم ربيع جمادى جمادي رجب شعبان رمضان شوال القعدة الحجة"
HIJRI_MARKERS = "هـ هجري هجرية للهجرة الهجري الهجرية"
RELATIVE = (
    "اليوم أمس الأمس غدا غداً الماضي الماضية المقبل المقبلة القادم القادمة المنصرم الجاري "
    "الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت"
)
HIJRI_ORDINALS = "الأول الآخر الثاني الأولى الآخرة"
# One separator throughout, so that version numbers (2.18.61) and price ranges do not count.
NUMERIC = re.compile(
    r"(?<![\d.])(\d{1,2}([/-])\d{1,2}\2\d{2,4}|\d{4}([/-])\d{1,2}\3\d{1,2})(?![\d.])"
)


def _stems(phrases: str) -> frozenset[str]:
    """The normalized forms of a word list, as the core normalizes text."""
    return frozenset(words(phrases).forms)


MONTHS_G = _stems(GREGORIAN)
MONTHS_L = _stems(LEVANTINE)
MONTHS_H = _stems(HIJRI_MONTHS)
MARKERS_H = _stems(HIJRI_MARKERS)
RELATIVE_WORDS = _stems(RELATIVE)
ORDINALS_H = _stems(HIJRI_ORDINALS)


def _word_stems(form: str) -> set[str]:
    """A word and what is left of it once its proclitics and article come off."""
    return {form} | {r.stem for r in readings(form)} | {r.article + r.stem for r in readings(form)}


def _hijri(forms: list[str], stems: list[set[str]]) -> bool:
    """A Hijri marker after a number, or a Hijri month name next to one (a marker or a month
    name alone is too often migration, spring or a first name)."""
    number = [f.isdigit() for f in forms]
    for i, word in enumerate(stems):
        if word & MARKERS_H and any(number[max(0, i - 2) : i]):
            return True
        if word & MONTHS_H:
            after = i + 1 + (i + 1 < len(stems) and bool(stems[i + 1] & ORDINALS_H))
            if (i and number[i - 1]) or (after < len(number) and number[after]):
                return True
    return False


def stratum(text: str) -> str | None:
    """The first stratum whose words the sentence holds, or None."""
    forms = words(text).forms
    stems = [_word_stems(f) for f in forms]
    if _hijri(forms, stems):
        return "hijri"
    if NUMERIC.search(text):
        return "numeric"
    if any(s & MONTHS_L for s in stems):
        return "levantine"
    if any(s & MONTHS_G for s in stems):
        return "gregorian"
    if any(s & RELATIVE_WORDS for s in stems):
        return "relative"
    return None


def candidates(path: Path) -> Iterator[dict]:
    """Every sentence of at most MAX_CHARS code points of every distinct text, with its stratum."""
    seen: set[str] = set()
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            text = record.get("text") or ""
            if not text or text in seen:
                continue
            seen.add(text)
            for start, end, _ in split_sentences(text):
                if end - start > MAX_CHARS:
                    continue
                yield {
                    "doc_id": record["id"],
                    "key": " ".join(text[start:end].split()),
                    "start": start,
                    "end": end,
                    "stratum": stratum(text[start:end]),
                    "doc_date": record["date"],
                    "source": record["source"],
                    "category": record["category"],
                }


def _round_robin(pool: list[dict], wanted: int, used: set[str]) -> list[dict]:
    """Up to `wanted` sentences of `pool` (already shuffled), turning over outlets and, within an
    outlet, over sections; one per document and per sentence text (`used` holds both)."""
    cells: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for item in pool:
        cells[item["source"]][item["category"]].append(item)
    queues = {
        source: [list(reversed(cells[source][c])) for c in sorted(cells[source])]
        for source in sorted(cells)
    }
    turn = dict.fromkeys(queues, 0)
    chosen: list[dict] = []
    while len(chosen) < wanted and any(any(q) for q in queues.values()):
        for source, sections in queues.items():
            if len(chosen) >= wanted:
                break
            for _ in range(len(sections)):
                section = sections[turn[source] % len(sections)]
                turn[source] += 1
                while section and (section[-1]["doc_id"] in used or section[-1]["key"] in used):
                    section.pop()
                if section:
                    item = section.pop()
                    used.update((item["doc_id"], item["key"]))
                    chosen.append(item)
                    break
    return chosen


def sample(
    path: Path = CORPUS,
    seed: int = SEED,
    sizes: dict[str, int] = SIZES,
    supplement: dict[str, tuple[tuple[str, ...], int]] = SUPPLEMENT,
    exclude: frozenset[str] = frozenset(),
    suffix: str = "",
) -> list[dict]:
    """The sample, in annotation order (strata interleaved), each with its split; no document of
    `exclude` is drawn, and each stratum name takes `suffix`."""
    rng = random.Random(seed)
    pools: dict[str, list[dict]] = defaultdict(list)
    everything: list[dict] = []
    for item in candidates(path):
        everything.append(item)
        if item["stratum"]:
            pools[item["stratum"]].append(item)
    # An excluded document's sentences are left out wherever their text recurs.
    used: set[str] = set(exclude) | {i["key"] for i in everything if i["doc_id"] in exclude}
    drawn: dict[str, list[dict]] = {}
    for name, wanted in sizes.items():
        pool = everything if name == "random" else pools[name]
        pool = list(pool)
        rng.shuffle(pool)
        chosen = _round_robin(pool, wanted, used)
        rng.shuffle(chosen)
        half = (len(chosen) + 1) // 2
        for i, item in enumerate(chosen):
            item = dict(item, stratum=name + suffix, split="dev" if i < half else "test")
            del item["key"]
            chosen[i] = item
        drawn[name] = chosen
    order: list[dict] = []
    for i in range(max(sizes.values())):
        order.extend(items[i] for items in drawn.values() if i < len(items))
    for name, (strata, wanted) in supplement.items():
        pool = [item for stratum in strata for item in pools[stratum]]
        rng.shuffle(pool)
        chosen = _round_robin(pool, wanted, used)
        half = (len(chosen) + 1) // 2
        order.extend(
            {
                **{k: v for k, v in item.items() if k != "key"},
                "stratum": name + suffix,
                "split": "dev" if i < half else "test",
            }
            for i, item in enumerate(chosen)
        )
    return order


def _first_draw_documents() -> frozenset[str]:
    """The documents of the first draw, as the gold file holds them."""
    with GOLD.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return frozenset(r["doc_id"] for r in rows if not r["stratum"].endswith("-2"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--show", action="store_true", help="add the text (for reading only)")
    parser.add_argument(
        "--draw", type=int, choices=(1, 2), default=1, help="2: the second draw (SEED_2)"
    )
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        parser.error(f"corpus not found: {args.corpus}")
    if args.draw == 1:
        items = sample(args.corpus)
    else:
        items = sample(
            args.corpus, SEED_2, SIZES_2, SUPPLEMENT_2, _first_draw_documents(), suffix="-2"
        )
    if args.show:
        texts = {}
        wanted = {item["doc_id"] for item in items}
        with gzip.open(args.corpus, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                if record["id"] in wanted:
                    texts[record["id"]] = record
        for item in items:
            record = texts[item["doc_id"]]
            item["title"] = record["title"]
            item["text"] = record["text"][item["start"] : item["end"]]
    out = args.out.open("w", encoding="utf-8") if args.out else sys.stdout
    with out:
        for item in items:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
