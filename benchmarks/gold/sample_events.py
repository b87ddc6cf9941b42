"""The sentences of the events evaluation set (benchmarks/gold/events-a.jsonl and events-odd.jsonl),
drawn from the ANT corpus with a fixed seed.

Sentences (sahel.corpus.sentences) of 25 to 500 code points of every distinct text fall into
strata: "cue" (the sentence holds a word of EVENT_WORDS, a broad list written from
docs/annotation/events.md for sampling only: the annotation decides what an event is), "actors"
(otherwise, the gazetteer matcher finds two or more distinct entities in it) and "random" (drawn
from every sentence). Each stratum takes its sentences round-robin over the five outlets and,
within an outlet, over its sections (sport, economy, culture and technology included), at most
one sentence per document and one of each sentence text over the whole sample. Every sentence
gets an index (its place in a shuffled annotation order) and, alternating within its stratum in
that order, a split (dev, test).

The "actors" stratum depends on the gazetteer, which grows; the sample was drawn with
sahel/data/gazetteer as of commit DRAWN_WITH, so the sampler reads that gazetteer from the git
history (`--gazetteer` gives another folder, for a new sample). It depends on the matcher's
rules in the C core too, which have changed since (guards, demonyms written with the article):
today's code draws the "cue" stratum again exactly, and about a third of the "actors" one.
The gold is stored as ids and offsets and does not change with it.

    python benchmarks/gold/sample_events.py [--corpus PATH] [--gazetteer DIR] [--out FILE] [--show]

writes one JSON line per sentence (doc_id, start, end, index, split, stratum, date) in index
order; `--show` adds source, category, title and text for reading (never commit that output).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from sahel.corpus.sentences import split_sentences
from sahel.text.gazetteer import Gazetteer
from sahel.text.matcher import Matcher
from sahel.text.words import Lexicon

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared/corpus/ant_multisource.jsonl.gz"
DRAWN_WITH = "f56a8cdd49d904e59d686298c320411fd8b33079"
SEED = 20261205
MIN_CHARS = 25
MAX_CHARS = 500
TOTAL = 640
# Shares of the sample: sentences with an event word, with two actors, and plain random ones.
SIZES = {"cue": 288, "actors": 192, "random": 160}

# Words that often name an event of the guide's types (verbs in the past and present, verbal
# nouns). Matched through the proclitics and the article; a trailing word also matches longer
# words it begins (اتفاق: اتفاقية). Broad on purpose: sport and business uses are drawn too.
EVENT_WORDS = """
زار يزور تزور زيارة زيارات توجه يتوجه وصل يصل التقى يلتقي تلتقي لقاء اجتماع اجتمع يجتمع
محادثات مباحثات بحث يبحث قمة مفاوضات اتصالا اتصال هاتفي وقع يوقع توقيع اتفاق معاهدة مذكرة
ألغى يلغي إلغاء علق يعلق تعليق أوقف يوقف وقف قطع يقطع انسحب ينسحب انسحاب تعاون شراكة تدريب
مناورات تحالف انضمام أسلحة مساعدات مساعدة إغاثة قرض منحة نشر ينشر تنشر نشرت قوات إرسال
انقلاب انقلابيين اعتقل يعتقل اعتقال احتجز احتجاز اختطف اختطاف خطف طرد ترحيل هجوم هاجم يهاجم
هجمات غارة غارات قصف يقصف ضربة ضربات استهدف يستهدف تفجير انفجار اغتيال مقتل قتل اشتباكات
اشتبك معارك معركة قتال عقوبات فرض يفرض حظر حصار احتجاجات احتجاج تظاهر يتظاهر مظاهرات
متظاهرين محتجين اعتصام أدان يدين تدين إدانة استنكر يستنكر ندد يندد شجب انتقد ينتقد انتقادات
اتهم يتهم اتهامات أشاد يشيد رحب يرحب ترحيب أيد يؤيد تأييد تضامن دعم يدعم دعا يدعو تدعو طالب
يطالب حث ناشد حذر يحذر تحذير هدد يهدد تهديد رفض يرفض هدنة أفرج الإفراج سراح تنازل
"""


def _lexicon() -> Lexicon:
    return Lexicon({word: i for i, word in enumerate(EVENT_WORDS.split())})


def gazetteer_at(commit: str = DRAWN_WITH) -> Gazetteer:
    """sahel/data/gazetteer as it was at `commit`, read from the git history of this checkout."""

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True
            ).stdout
        except (OSError, subprocess.CalledProcessError) as exc:
            raise LookupError(
                f"commit {commit[:12]} is not in the git history of {ROOT}: "
                "a full clone (not --depth) is needed to reproduce the sample"
            ) from exc

    names = git("ls-tree", "--name-only", commit, "sahel/data/gazetteer/").split()
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            (Path(folder) / Path(name).name).write_text(git("show", f"{commit}:{name}"), "utf-8")
        return Gazetteer.load(folder)


def candidates(path: Path, gazetteer: Gazetteer) -> Iterator[dict]:
    """Every sentence of MIN_CHARS to MAX_CHARS code points of every distinct text, with the
    stratum it may fill ("cue", "actors" or None)."""
    lexicon = _lexicon()
    matcher = Matcher(gazetteer)
    seen: set[str] = set()
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            text = record.get("text") or ""
            if not text or text in seen:
                continue
            seen.add(text)
            cue_starts = sorted(hit.start for hit in lexicon.find(text))
            mentions = [(m.start, m.entity_id) for m in matcher.find(text)]
            for start, end, _ in split_sentences(text):
                if not MIN_CHARS <= end - start <= MAX_CHARS:
                    continue
                if any(start <= s < end for s in cue_starts):
                    kind = "cue"
                elif len({e for s, e in mentions if start <= s < end}) >= 2:
                    kind = "actors"
                else:
                    kind = None
                yield {
                    "doc_id": record["id"],
                    "key": " ".join(text[start:end].split()),
                    "start": start,
                    "end": end,
                    "kind": kind,
                    "date": record["date"],
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


def sample(path: Path = CORPUS, seed: int = SEED, gazetteer: Gazetteer | None = None) -> list[dict]:
    """The sample in index order, each sentence with its index, split and stratum, plus source
    and category (not written to the manifest). The gazetteer defaults to that of the draw."""
    rng = random.Random(seed)
    pools: dict[str, list[dict]] = defaultdict(list)
    everything: list[dict] = []
    for item in candidates(path, gazetteer or gazetteer_at()):
        everything.append(item)
        if item["kind"]:
            pools[item["kind"]].append(item)
    used: set[str] = set()
    drawn: list[dict] = []
    for name, wanted in SIZES.items():
        pool = list(everything if name == "random" else pools[name])
        rng.shuffle(pool)
        chosen = _round_robin(pool, wanted, used)
        if len(chosen) < wanted:
            raise ValueError(f"stratum {name}: {len(chosen)} sentences, {wanted} wanted")
        drawn.extend(dict(item, stratum=name) for item in chosen)
    rng.shuffle(drawn)
    turn: dict[str, int] = defaultdict(int)
    order = []
    for index, item in enumerate(drawn):
        split = ("dev", "test")[turn[item["stratum"]] % 2]
        turn[item["stratum"]] += 1
        order.append(
            {
                "doc_id": item["doc_id"],
                "start": item["start"],
                "end": item["end"],
                "index": index,
                "split": split,
                "stratum": item["stratum"],
                "date": item["date"],
                "source": item["source"],
                "category": item["category"],
            }
        )
    return order


MANIFEST = ("doc_id", "start", "end", "index", "split", "stratum", "date")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument(
        "--gazetteer", type=Path, help=f"default: the gazetteer of {DRAWN_WITH[:12]}"
    )
    parser.add_argument("--out", type=Path)
    parser.add_argument("--show", action="store_true", help="add the text (for reading only)")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        parser.error(f"corpus not found: {args.corpus}")
    items = sample(
        args.corpus, gazetteer=Gazetteer.load(args.gazetteer) if args.gazetteer else None
    )
    if args.show:
        wanted = {item["doc_id"] for item in items}
        records = {}
        with gzip.open(args.corpus, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                if record["id"] in wanted:
                    records[record["id"]] = record
        for item in items:
            record = records[item["doc_id"]]
            item["title"] = record["title"]
            item["text"] = record["text"][item["start"] : item["end"]]
    else:
        items = [{key: item[key] for key in MANIFEST} for item in items]
    out = args.out.open("w", encoding="utf-8") if args.out else sys.stdout
    with out:
        for item in items:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
