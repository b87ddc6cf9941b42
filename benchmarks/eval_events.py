"""Events against a hand-annotated gold set of ANT sentences, and the rate of events in sport
and culture.

    .venv/bin/python benchmarks/eval_events.py --gold PATH --split dev|test [--corpus ANT]
        [--no-rate] [--show N] [--errors]

The gold (one JSON object a line) holds document ids and code-point offsets into the ANT
record's text, never the text: {doc_id, start, end (the sentence), split, stratum, date,
events: [{type, plover, cue: [s, e], actor1: {span, id, name} | null, actor2: ..., negated,
modality, date, date_source}]}; a sentence with no event has an empty list. Only the lines of
the chosen split are read.

sahel's events are extracted from each record's text as given (so offsets are comparable),
with the default gazetteer and the record's date as reference, and kept when their cue lies in
a gold sentence. A system event matches a gold event of the same sentence when their cues
overlap, else when type and both actors agree (each gold and system event used once).

Printed: detection precision and recall (matched events); per field (type, plover, actor1,
actor2, negated, modality, date) precision = system events matched with that field right /
system events, recall = gold events matched with it right / gold events; the same for the
whole record (every field right); per fine type; and, over the whole ANT corpus, events per
1,000 sentences of its sport and culture sections (the `category` field is used only here).

`--errors` prints, for every sentence of the split where gold and sahel differ, the sentence
(read from the corpus, for the terminal only), then each gold and each sahel event: type,
actors (id and surface), flags and date, matched pairs side by side. Use it on dev only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sahel  # noqa: E402
from sahel.corpus.sentences import split_sentences  # noqa: E402
from sahel.extract.events import extract_events  # noqa: E402

ANT = ROOT.parent / "shared" / "corpus" / "ant_multisource.jsonl.gz"
FIELDS = ("type", "plover", "actor1", "actor2", "negated", "modality", "date")
# Gold modality values that mean "it happened or is happening as told".
ASSERTED = {None, "", "none", "asserted", "actual", "realis", "past", "present"}
OFF_DOMAIN = {"sport", "culture"}


def read_gold(path: Path, split: str) -> list[dict]:
    lines = []
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                sys.exit(f"{path}:{number}: not JSON ({e})")
            if record.get("split") != split:
                continue  # the other split's annotations are never read
            for key in ("doc_id", "start", "end", "events"):
                if key not in record:
                    sys.exit(f"{path}:{number}: no {key!r}")
            lines.append(record)
    return lines


def read_corpus(path: Path, wanted: set[str]):
    """(records of `wanted` ids, records of the sport and culture sections)."""
    found, off = {}, []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if record["id"] in wanted:
                found[record["id"]] = record
            if record.get("category") in OFF_DOMAIN:
                off.append(record)
    return found, off


def system_events(matcher, record: dict):
    text = record["text"]
    spans = [(s.start, s.end) for s in split_sentences(text)]
    return extract_events(text, matcher.find(text), spans, reference=record.get("date") or None)


def _span(actor) -> tuple[int, int] | None:
    return tuple(actor["span"]) if actor and actor.get("span") else None


def _id(actor) -> str | None:
    return actor.get("id") if actor else None


def field_right(field: str, gold: dict, event) -> bool:
    if field == "type":
        return gold.get("type") == event.event_type
    if field == "plover":
        return gold.get("plover") == event.plover
    if field in ("actor1", "actor2"):
        # an actor the gazetteer lacks: right when the system leaves the slot empty
        return _id(gold.get(field)) == getattr(event, field)
    if field == "negated":
        return bool(gold.get("negated")) == event.negated
    if field == "modality":
        return _modal(gold.get("modality")) == event.future
    if field == "date":
        return (gold.get("date") or None) == event.date
    raise ValueError(field)


def _modal(value) -> bool:
    """Whether a gold modality value marks an event as not (yet) asserted."""
    return value if isinstance(value, bool) else value not in ASSERTED


def match(golds: list[dict], events: list) -> list[tuple[int, int]]:
    """(gold index, event index) pairs: overlapping cues first, then type and actors."""
    pairs, used_g, used_e = [], set(), set()
    for gi, g in enumerate(golds):
        cs, ce = g["cue"]
        for ei, e in enumerate(events):
            if ei not in used_e and e.cue_start < ce and cs < e.cue_end:
                pairs.append((gi, ei))
                used_g.add(gi)
                used_e.add(ei)
                break
    for gi, g in enumerate(golds):
        if gi in used_g:
            continue
        for ei, e in enumerate(events):
            if ei in used_e:
                continue
            if all(field_right(f, g, e) for f in ("type", "actor1", "actor2")):
                pairs.append((gi, ei))
                used_g.add(gi)
                used_e.add(ei)
                break
    return pairs


def ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "  -  "


def evaluate(
    gold_lines: list[dict], records: dict, matcher, show: int, sentences: bool = False
) -> None:
    n_gold = n_sys = n_match = 0
    right = Counter()
    whole = 0
    by_type = defaultdict(lambda: Counter())
    errors = []
    cache: dict[str, list] = {}
    missing = 0
    for line in gold_lines:
        record = records.get(line["doc_id"])
        if record is None:
            missing += 1
            continue
        if line["doc_id"] not in cache:
            cache[line["doc_id"]] = system_events(matcher, record)
        start, end = line["start"], line["end"]
        events = [e for e in cache[line["doc_id"]] if start <= e.cue_start < end]
        golds = line["events"]
        pairs = match(golds, events)
        n_gold += len(golds)
        n_sys += len(events)
        n_match += len(pairs)
        matched_g = {g for g, _ in pairs}
        matched_e = {e for _, e in pairs}
        for g in golds:
            by_type[g.get("type")]["gold"] += 1
        for e in events:
            by_type[e.event_type]["system"] += 1
        for gi, ei in pairs:
            g, e = golds[gi], events[ei]
            ok = {f: field_right(f, g, e) for f in FIELDS}
            for f, good in ok.items():
                right[f] += good
            if ok["type"]:
                by_type[e.event_type]["right"] += 1
            if all(ok.values()):
                whole += 1
            else:
                wrong = ", ".join(
                    f"{f}: gold {_show(f, g)} / sahel {_show_sys(f, e)}"
                    for f, v in ok.items()
                    if not v
                )
                errors.append(f"{line['doc_id']}:{g['cue']}: {wrong}")
        exact = len(pairs) == len(golds) == len(events) and all(
            field_right(f, golds[gi], events[ei]) for gi, ei in pairs for f in FIELDS
        )
        if sentences and not exact:
            _print_sentence(record, line, golds, events, pairs)
        for gi, g in enumerate(golds):
            if gi not in matched_g:
                errors.append(f"{line['doc_id']}:{g['cue']}: missed {g.get('type')}")
        for ei, e in enumerate(events):
            if ei not in matched_e:
                errors.append(
                    f"{line['doc_id']}:[{e.cue_start}, {e.cue_end}]: spurious {e.event_type} "
                    f"{e.actor1} -> {e.actor2}"
                )
    print(
        f"gold sentences {len(gold_lines) - missing} (absent from the corpus: {missing}); "
        f"gold events {n_gold}, sahel events {n_sys}, matched {n_match}"
    )
    print(f"{'':<14}{'precision':>10}{'recall':>10}")
    print(f"{'detection':<14}{ratio(n_match, n_sys):>10}{ratio(n_match, n_gold):>10}")
    for f in FIELDS:
        print(f"{f:<14}{ratio(right[f], n_sys):>10}{ratio(right[f], n_gold):>10}")
    print(f"{'whole record':<14}{ratio(whole, n_sys):>10}{ratio(whole, n_gold):>10}")
    print(f"\n{'type':<22}{'gold':>6}{'sahel':>7}{'right':>7}{'P':>8}{'R':>8}")
    for t, c in sorted(by_type.items(), key=lambda kv: -kv[1]["gold"] - kv[1]["system"]):
        print(
            f"{str(t):<22}{c['gold']:>6}{c['system']:>7}{c['right']:>7}"
            f"{ratio(c['right'], c['system']):>8}{ratio(c['right'], c['gold']):>8}"
        )
    if show:
        print(f"\nerrors ({len(errors)}; first {show}):")
        for line in errors[:show]:
            print("  " + line)


def _gold_actor(text: str, actor) -> str:
    if not actor:
        return "-"
    span = _span(actor)
    surface = text[span[0] : span[1]] if span else ""
    return f"{actor.get('id') or '∅'}«{surface}»({actor.get('name') or ''})"


def _sys_actor(eid, surface) -> str:
    return f"{eid or '∅'}«{surface or ''}»" if eid or surface else "-"


def _print_sentence(record: dict, line: dict, golds: list, events: list, pairs) -> None:
    """One sentence whose events differ from the gold: its text, then gold and sahel events."""
    text = record["text"]
    print(f"\n== {line['doc_id']} [{line['start']}, {line['end']}] {line.get('stratum')}")
    print("   " + text[line["start"] : line["end"]].replace("\n", " "))
    by_gold = dict(pairs)
    by_event = {e: g for g, e in pairs}
    for gi, g in enumerate(golds):
        cs, ce = g["cue"]
        mark = "=" if gi in by_gold else "M"
        flags = ("neg " if g.get("negated") else "") + ("mod " if _modal(g.get("modality")) else "")
        print(
            f"  {mark} gold  {g.get('type'):<18} «{text[cs:ce]}» "
            f"{_gold_actor(text, g.get('actor1'))} -> {_gold_actor(text, g.get('actor2'))} "
            f"{flags}date {g.get('date')}"
        )
        if gi in by_gold:
            _print_event(events[by_gold[gi]], g)
    for ei, e in enumerate(events):
        if ei not in by_event:
            print("  S", end="")
            _print_event(e, None)


def _print_event(e, g) -> None:
    wrong = [f for f in FIELDS if g is not None and not field_right(f, g, e)]
    flags = ("neg " if e.negated else "") + ("mod " if e.future else "")
    print(
        f"  {'  ' if g is not None else ''}sahel {e.event_type:<18} «{e.cue}» "
        f"{_sys_actor(e.actor1, e.actor1_surface)} -> {_sys_actor(e.actor2, e.actor2_surface)} "
        f"{flags}date {e.date}" + (f"   WRONG: {', '.join(wrong)}" if wrong else "")
    )


def _show(field, g):
    key = "type" if field == "type" else field
    value = g.get(key)
    return _id(value) if field in ("actor1", "actor2") else value


def _show_sys(field, e):
    return {"type": e.event_type, "modality": e.future}.get(field, getattr(e, field, None))


def off_domain_rate(records: list[dict], matcher) -> None:
    sentences = events = 0
    per = Counter()
    for record in records:
        text = record.get("text") or ""
        sentences += len(split_sentences(text))
        found = system_events(matcher, record) if text else []
        events += len(found)
        per[record["category"]] += len(found)
    rate = 1000 * events / sentences if sentences else 0.0
    print(
        f"\nsport and culture (ANT category): {len(records)} documents, {sentences} sentences, "
        f"{events} events ({dict(per)}): {rate:.2f} events per 1,000 sentences"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, nargs="+", help="gold files (batches)")
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--corpus", type=Path, default=ANT)
    parser.add_argument("--no-rate", action="store_true", help="skip the sport/culture rate")
    parser.add_argument("--show", type=int, default=0, help="print this many errors")
    parser.add_argument(
        "--errors",
        action="store_true",
        help="print each sentence where gold and sahel differ, with both sets of events",
    )
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"{args.corpus} is absent: the shared corpus sits beside the checkout")
    gold = [line for path in args.gold or () for line in read_gold(path, args.split)]
    records, off = read_corpus(args.corpus, {g["doc_id"] for g in gold})
    matcher = sahel.Matcher(sahel.Gazetteer.default())
    if args.gold:
        print(f"{' '.join(map(str, args.gold))} split={args.split}")
        evaluate(gold, records, matcher, args.show, args.errors)
    if not args.no_rate:
        off_domain_rate(off, matcher)


if __name__ == "__main__":
    main()
