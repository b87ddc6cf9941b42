"""The paragraphs of the mentions evaluation set (benchmarks/gold/mentions.jsonl), drawn from the
ANT corpus with a fixed seed.

A paragraph is a run of a record's `text` between line breaks, as the record has them, of 40 to
1,200 code points. About a third of the sample (stratum `titles`) is drawn from paragraphs holding
one of a list of words written for sampling (titles and group words: الرئيس, وزير, جماعة,
منظمة, وكالة...) so that people, armed groups and organizations are well represented; the rest
(stratum `random`) from every paragraph. A supplementary stratum (`groups`), drawn after them,
takes paragraphs naming armed groups or international organizations (جماعة, ميليشيا, تنظيم,
منظمة, حلف...). docs/annotation/mentions.md says what a mention is; the
word list only decides where people and groups are likely. Each stratum takes its paragraphs
round-robin over the five outlets and, within an outlet, over its sections, at most one paragraph
per document and one of each paragraph text; each stratum is shuffled and split in halves, dev
then test.

    python benchmarks/gold/sample_mentions.py [--corpus PATH] [--out FILE]

writes one JSON line per paragraph (doc_id, start, end, split, stratum, source, category, date)
in annotation order; `--show` adds the text for reading (never commit that output).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from sahel.text.words import readings, words

CORPUS = Path(__file__).resolve().parents[2].parent / "shared/corpus/ant_multisource.jsonl.gz"
SEED = 20261210
MIN_CHARS = 40
MAX_CHARS = 1200

# Stratum -> paragraphs wanted, in the order they are drawn.
SIZES = {"titles": 60, "random": 120}
# A second draw, annotated after the first and appended to it: paragraphs naming armed groups and
# international organizations (the first draw held few of either).
SUPPLEMENT = {"groups": 30}

TITLES = (
    "الرئيس رئيس وزير وزيرة الوزراء زعيم قائد الجنرال العقيد أمير الملك الأمين المتحدث "
    "جماعة ميليشيا ميليشيات مليشيا مليشيات مسلحين فصائل حركة تنظيم منظمة وكالة الأمم حلف "
    "مجلس الاتحاد"
)
GROUPS = (
    "جماعة ميليشيا ميليشيات مليشيا مليشيات مسلحين مسلحو فصائل تنظيم داعش القاعدة الحوثي "
    "الحوثيين طالبان حماس منظمة حلف الناتو بعثة التحالف الأمم"
)


def _word_stems(form: str) -> set[str]:
    """A word and what is left of it once its proclitics and article come off."""
    return {form} | {r.stem for r in readings(form)} | {r.article + r.stem for r in readings(form)}


TITLE_WORDS = frozenset(words(TITLES).forms)
GROUP_WORDS = frozenset(words(GROUPS).forms)


def holds(text: str, wanted: frozenset[str]) -> bool:
    """Whether the paragraph holds one of the sampling words `wanted`."""
    return any(_word_stems(form) & wanted for form in words(text).forms)


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of `text`, surrounding white space left out."""
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        stripped = line.strip()
        if stripped:
            left = start + line.index(stripped[0])
            yield left, left + len(stripped)
        start = end + 1


def candidates(path: Path) -> Iterator[dict]:
    """Every paragraph of MIN_CHARS to MAX_CHARS code points of every distinct text."""
    seen: set[str] = set()
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            text = record.get("text") or ""
            if not text or text in seen:
                continue
            seen.add(text)
            for start, end in paragraphs(text):
                if not MIN_CHARS <= end - start <= MAX_CHARS:
                    continue
                yield {
                    "doc_id": record["id"],
                    "key": " ".join(text[start:end].split()),
                    "start": start,
                    "end": end,
                    "source": record["source"],
                    "category": record["category"],
                    "date": record["date"],
                }


def _round_robin(pool: list[dict], wanted: int, used: set[str]) -> list[dict]:
    """Up to `wanted` paragraphs of `pool` (already shuffled), turning over outlets and, within
    an outlet, over sections; one per document and per paragraph text (`used` holds both)."""
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


def sample(path: Path = CORPUS, seed: int = SEED) -> list[dict]:
    """The sample, in annotation order (strata interleaved), each with its stratum and split."""
    rng = random.Random(seed)
    everything = list(candidates(path))
    titled = [item for item in everything if holds(item["key"], TITLE_WORDS)]
    used: set[str] = set()
    drawn: dict[str, list[dict]] = {}
    for name, wanted in SIZES.items():
        pool = list(titled if name == "titles" else everything)
        rng.shuffle(pool)
        chosen = _round_robin(pool, wanted, used)
        rng.shuffle(chosen)
        half = (len(chosen) + 1) // 2
        drawn[name] = [
            {
                **{k: v for k, v in item.items() if k != "key"},
                "stratum": name,
                "split": "dev" if i < half else "test",
            }
            for i, item in enumerate(chosen)
        ]
    order: list[dict] = []
    for i in range(max(SIZES.values())):
        order.extend(items[i] for items in drawn.values() if i < len(items))
    for name, wanted in SUPPLEMENT.items():
        pool = [item for item in everything if holds(item["key"], GROUP_WORDS)]
        rng.shuffle(pool)
        chosen = _round_robin(pool, wanted, used)
        half = (len(chosen) + 1) // 2
        order.extend(
            {
                **{k: v for k, v in item.items() if k != "key"},
                "stratum": name,
                "split": "dev" if i < half else "test",
            }
            for i, item in enumerate(chosen)
        )
    return order


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--show", action="store_true", help="add the text (for reading only)")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        parser.error(f"corpus not found: {args.corpus}")
    items = sample(args.corpus)
    if args.show:
        texts = {}
        wanted = {item["doc_id"] for item in items}
        with gzip.open(args.corpus, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                if record["id"] in wanted:
                    texts[record["id"]] = record["text"]
        for item in items:
            item["text"] = texts[item["doc_id"]][item["start"] : item["end"]]
    out = args.out.open("w", encoding="utf-8") if args.out else sys.stdout
    with out:
        for item in items:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
