"""Gazetteer matching speed and memory: sahel.Matcher against pyahocorasick and flashtext.

    python benchmarks/bench_match.py [--mb 50] [--aliases 5000] [--repeat 1] [--no-flashtext]

One process, the first MB (UTF-8) of article texts of ../shared/corpus/ant_multisource.jsonl.gz,
one article per call, with two gazetteers: the default one, and the default one extended to
--aliases aliases with words and word pairs of middling frequency in the corpus (names and terms
rather than function words). The others get the same aliases with their clitic forms spelled out
(و ف ب ك ل, their pairs, لل for ل + ال, the article added or dropped where sahel's alias allows):
- pyahocorasick: Automaton.iter() on the raw text, i.e. raw substrings, inside words too;
- flashtext: KeywordProcessor.extract_keywords() with Arabic letters as word characters.
sahel normalizes each text first; its counts are whole-word mentions, leftmost-longest.
Speeds are MB of UTF-8 per second of process CPU time (best of --repeat), so that other work on
the machine weighs less; the process is single-threaded.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import tempfile
import time
from pathlib import Path

import ahocorasick
from ant_sample import CORPUS, load_texts
from flashtext import KeywordProcessor

import sahel
from sahel import Gazetteer

ARTICLE = "\u0627\u0644"
CONJUNCTIONS = ("", "\u0648", "\u0641")  # و ف
PREPOSITIONS = ("", "\u0628", "\u0643", "\u0644")  # ب ك ل
LAM = "\u0644"
# Letters, marks and tatweel that continue an Arabic word for flashtext.
ARABIC_WORD_CHARS = [chr(c) for c in range(0x0621, 0x065F + 1)] + [chr(0x0670)]
ARABIC_WORD = re.compile(r"[\u0621-\u063a\u0641-\u064a]+")


def bare_key(alias: str) -> str:
    """The alias normalized, its first word without the article: one key per family of forms."""
    first, *rest = sahel.normalize(alias).split()
    if first.startswith(ARTICLE) and len(first) > 4:
        first = first[2:]
    return " ".join([first, *rest])


def article_forms(text: str) -> set[str]:
    """The alias with and without the article, as the gazetteer's keys do it."""
    bare = text[2:] if text.startswith(ARTICLE) and len(text) > 4 else text
    return {bare, ARTICLE + bare}


def extra_aliases(texts: list[str], taken: set[str], count: int) -> list[str]:
    """`count` aliases from the corpus: words and word pairs past the 1,000 most frequent, one
    per bare form, none that an alias in `taken` (bare forms) could also match."""
    if count <= 0:
        return []
    words, pairs = collections.Counter(), collections.Counter()
    for text in texts:
        previous = None
        for match in ARABIC_WORD.finditer(text):
            word = match.group()
            if len(word) < 4:
                previous = None
                continue
            words[word] += 1
            if previous is not None and text[previous.end() : match.start()] == " ":
                pairs[f"{previous.group()} {word}"] += 1
            previous = match
    picked: list[str] = []
    seen = set(taken)

    def take(candidates, limit):
        for alias in candidates:
            if len(picked) >= limit:
                return
            if alias[1] == LAM and alias[0] != ARTICLE[0]:
                continue  # أل / إل: not an article, though it normalizes like one
            key = bare_key(alias)
            if key in seen:
                continue
            seen.add(key)
            picked.append(alias)

    take([p for p, _ in pairs.most_common()[1000:]], count // 5)
    take([w for w, _ in words.most_common()[1000:]], count)
    return picked


def build_gazetteer(extra: list[str]) -> Gazetteer:
    """The default gazetteer extended with one entity per extra alias; an alias the loader
    finds in conflict with another is dropped."""
    base = Gazetteer.default()
    extra = list(extra)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "extra.tsv"
        while extra:
            rows = ["id\ttype\tlabel\taliases"]
            rows += [f"X{i:05d}\tplace\textra {i}\t{alias}" for i, alias in enumerate(extra)]
            path.write_text("\n".join(rows) + "\n", encoding="utf-8")
            try:
                return base.extend(path)
            except sahel.GazetteerError as error:
                line = re.search(r":(\d+):", str(error))
                if line is None:
                    raise
                del extra[int(line.group(1)) - 2]  # line 1 is the header
    return base


def spelled_out(gazetteer: Gazetteer) -> dict[str, str]:
    """Every clitic form of every alias -> the alias, for the substring matchers."""
    forms: dict[str, str] = {}
    for entry in gazetteer.alias_entries():
        text = entry.text
        if entry.no_proclitics:
            forms.setdefault(text, text)
            continue
        bases = {text}
        if entry.article_optional:
            bases |= article_forms(text)
        for base in bases:
            for conj in CONJUNCTIONS:
                for prep in PREPOSITIONS:
                    if prep == LAM and base.startswith(ARTICLE):
                        form = conj + LAM + base[1:]  # ل + ال is written لل
                    else:
                        form = conj + prep + base
                    forms.setdefault(form, text)
    return forms


def deep_size(obj, seen: set[int] | None = None) -> int:
    """sys.getsizeof of an object and of everything reachable through dicts, lists and sets."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    size = sys.getsizeof(obj)
    if isinstance(obj, dict):
        size += sum(deep_size(k, seen) + deep_size(v, seen) for k, v in obj.items())
    elif isinstance(obj, (list, tuple, set, frozenset)):
        size += sum(deep_size(x, seen) for x in obj)
    return size


def timed(run, texts: list[str], repeat: int) -> tuple[float, int]:
    """(best CPU seconds, matches) of run(text) over every text."""
    best, count = float("inf"), 0
    for _ in range(repeat):
        start = time.process_time()
        count = sum(run(text) for text in texts)
        best = min(best, time.process_time() - start)
    return best, count


def bench(name: str, gazetteer: Gazetteer, texts, size, args) -> list[tuple]:
    rows = []
    start = time.process_time()
    matcher = sahel.Matcher(gazetteer)
    build = time.process_time() - start
    stats = matcher.stats()
    core = matcher._core  # the C matcher alone: columns of numbers, no Mention objects

    def core_find(text):
        return len(core.find(text, 0)[4])

    seconds, count = timed(core_find, texts, args.repeat)
    rows.append(("sahel core find (columns)", seconds, count, stats["bytes"], build))
    seconds, count = timed(lambda t: len(matcher.find(t)), texts, args.repeat)
    rows.append(("sahel Matcher.find (Mention)", seconds, count, sys.getsizeof(matcher), build))
    # The columnar batch API: one DataFrame for every text, no Python object per mention.
    best = float("inf")
    for _ in range(args.repeat):
        start = time.process_time()
        count = len(matcher.table(texts, threads=1))
        best = min(best, time.process_time() - start)
    rows.append(("sahel Matcher.table (DataFrame)", best, count, sys.getsizeof(matcher), build))

    forms = spelled_out(gazetteer)
    start = time.process_time()
    automaton = ahocorasick.Automaton()
    for form, alias in forms.items():
        automaton.add_word(form, alias)
    automaton.make_automaton()
    build = time.process_time() - start
    aho_bytes = automaton.get_stats()["total_size"]

    def aho_find(text):
        n = 0
        for _ in automaton.iter(text):
            n += 1
        return n

    seconds, count = timed(aho_find, texts, args.repeat)
    rows.append(("pyahocorasick iter (raw)", seconds, count, aho_bytes, build))

    if not args.no_flashtext:
        start = time.process_time()
        keywords = KeywordProcessor(case_sensitive=True)
        for char in ARABIC_WORD_CHARS:
            keywords.add_non_word_boundary(char)
        for form, alias in forms.items():
            keywords.add_keyword(form, alias)
        build = time.process_time() - start
        flash_bytes = deep_size(keywords.keyword_trie_dict)
        seconds, count = timed(lambda t: len(keywords.extract_keywords(t)), texts, 1)
        rows.append(("flashtext extract_keywords", seconds, count, flash_bytes, build))

    aliases = len(gazetteer.alias_entries())
    print(f"\n{name}: {aliases} aliases, {len(forms)} spelled-out forms; sahel {stats}")
    print(f"{'engine':32} {'MB/s':>8} {'matches':>10} {'memory':>12} {'build s':>8}")
    for engine, seconds, count, memory, build in rows:
        print(f"{engine:32} {size / 1e6 / seconds:8.1f} {count:10d} {memory:12,d} {build:8.2f}")
    aho = next(r for r in rows if r[0].startswith("pyahocorasick"))
    for engine, seconds, _, memory, _ in rows:
        if engine.startswith("sahel"):
            print(
                f"  {engine}: {aho[1] / seconds:.2f}x pyahocorasick's speed, "
                f"{memory / aho[3]:.3f}x its memory"
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=50.0, help="MB of article text (UTF-8)")
    parser.add_argument("--aliases", type=int, default=5000, help="size of the large gazetteer")
    parser.add_argument("--repeat", type=int, default=2, help="timing runs (best is kept)")
    parser.add_argument("--no-flashtext", action="store_true", help="skip flashtext (slow)")
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} is absent: the shared data set sits beside the checkout")

    texts, size = load_texts(CORPUS, args.mb)
    sahel.Matcher(Gazetteer.default()).find(texts[0])  # imports and ICU set-up, not timed
    print(f"{len(texts)} articles, {size / 1e6:.1f} MB UTF-8, {sum(map(len, texts)):,} code points")
    default = Gazetteer.default()
    bench("default gazetteer", default, texts, size, args)

    taken = {bare_key(entry.text) for entry in default.alias_entries()}
    extra = extra_aliases(texts, taken, args.aliases - len(default.alias_entries()))
    large = build_gazetteer(extra)
    added = len(large.alias_entries()) - len(default.alias_entries())
    bench(f"default + {added} corpus aliases", large, texts, size, args)


if __name__ == "__main__":
    main()
