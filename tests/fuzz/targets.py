"""Fuzz targets for the Python entry points, run by atheris (``python -m tests.fuzz.run TARGET``,
``make fuzz``) and replayed by pytest (tests/test_fuzz_replay.py): every file in
tests/fuzz/crashes/<target>/ is an input that once failed, kept as a regression test.

Each target takes bytes and either returns or raises one of the errors its entry point documents
for bad input (TypeError, ValueError and its subclasses LoadError, GazetteerError, IndexError for
an index outside a text). Anything else, or a broken invariant (an AssertionError), is a finding.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

from sahel.corpus.clean import clean
from sahel.corpus.corpus import Corpus
from sahel.corpus.loaders import LoadError
from sahel.corpus.sentences import split_sentences
from sahel.extract import dates as date_rules
from sahel.extract.dates import find_dates
from sahel.extract.events import CueLexicon, extract_events
from sahel.text.gazetteer import Gazetteer, GazetteerError
from sahel.text.matcher import Matcher
from sahel.text.normalize import Normalizer

EXPECTED = (TypeError, ValueError, IndexError, LoadError, GazetteerError)
PRESETS = ("search", "camel", "none")


class Bytes:
    """Reads what a target needs from the fuzzer's bytes (like atheris.FuzzedDataProvider, but
    without atheris, so that pytest replays inputs with the same decoding)."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def byte(self) -> int:
        if self.pos >= len(self.data):
            return 0
        self.pos += 1
        return self.data[self.pos - 1]

    def int(self, bound: int) -> int:
        return (self.byte() << 8 | self.byte()) % bound if bound > 0 else 0

    def text(self, limit: int = 1 << 16) -> str:
        """The rest as UTF-16-LE with lone surrogates kept: every code point below U+10000."""
        raw = self.data[self.pos : self.pos + 2 * limit]
        self.pos += len(raw)
        return raw[: len(raw) // 2 * 2].decode("utf-16-le", "surrogatepass")

    def words(self, vocabulary: tuple[str, ...], limit: int = 400) -> str:
        """The rest as text made of `vocabulary` words, separators, numbers and stray characters,
        so that the fuzzer reaches the rules that only fire on real words."""
        parts: list[str] = []
        while self.pos < len(self.data) and len(parts) < limit:
            kind = self.byte()
            if kind < 150:
                parts.append(vocabulary[self.int(len(vocabulary))])
            elif kind < 200:
                parts.append(SEPARATORS[kind % len(SEPARATORS)])
            elif kind < 230:
                parts.append(str(self.int(70000) - 20000))
            else:
                parts.append(chr(self.int(0x110000)))
        return "".join(parts)

    def rest(self) -> bytes:
        raw, self.pos = self.data[self.pos :], len(self.data)
        return raw


SEPARATORS = (" ", " ", " ", " ", "، ", ". ", "\n", "/", "-", "و", "ب", "ل", "ال", "\u064e", ":")


@cache
def _date_vocabulary() -> tuple[str, ...]:
    """The words the date rules know (sahel.extract.dates), every one from its word lists."""
    words: set[str] = set()
    for name in dir(date_rules):
        value = getattr(date_rules, name)
        if name.isupper() and isinstance(value, (dict, tuple, frozenset)):
            words.update(w for w in value if isinstance(w, str) and not w.isascii())
    return tuple(sorted(words))


@cache
def _event_vocabulary() -> tuple[str, ...]:
    """Cue words of the default lexicon, aliases of the default gazetteer and date words."""
    words = set(_date_vocabulary())
    for cue in CueLexicon.default().cues:
        words.update(w.strip("*") for w in re.split(r"[\s|…0-9]+", cue.text) if w.strip("*"))
    words.update(entry.text for entry in Gazetteer.default().alias_entries())
    return tuple(sorted(words))


def _reference(b: Bytes) -> object:
    """None, a date anywhere in 1-9999 (the ends included) or an ISO string."""
    choice = b.byte() % 4
    if choice == 0:
        return None
    day = dt.date(1, 1, 1) + dt.timedelta(days=b.int(1 << 16) * 56 % 3652059)
    if choice == 1:
        return day
    if choice == 2:
        return (dt.date.min, dt.date.max, dt.date(1, 1, 2), dt.date(9999, 12, 25))[b.byte() % 4]
    return day.isoformat()


@cache
def _matcher(preset: str) -> Matcher:
    return Matcher(preset=preset)


def normalize(data: bytes) -> None:
    """Normalizer over every preset, its offset map at arbitrary indices."""
    b = Bytes(data)
    normalizer = Normalizer(PRESETS[b.byte() % len(PRESETS)])
    indices = [b.int(70000) - 10 for _ in range(4)]
    text = b.text()
    out, offsets = normalizer.normalize_with_offsets(text)
    assert out == normalizer.normalize(text) == normalizer.normalize_many([text])[0]
    assert normalizer.normalize(out) == out
    previous = 0
    for i in range(len(out) + 1):
        at = offsets.to_original(i)
        assert previous <= at <= len(text)
        previous = at
    for i in indices:
        try:
            at = offsets.to_original(i)
        except IndexError:
            assert not 0 <= i <= len(out)
            continue
        assert 0 <= i <= len(out) and 0 <= at <= len(text)
    for start, end in zip(indices[::2], indices[1::2], strict=True):
        try:
            first, last = offsets.span(start, end)
        except (IndexError, ValueError):
            assert not 0 <= start <= end <= len(out)
            continue
        assert 0 <= start <= end <= len(out)
        assert 0 <= first <= last <= len(text)


def matcher(data: bytes) -> None:
    """Matcher.find against Matcher.table on the default gazetteer."""
    b = Bytes(data)
    m = _matcher(PRESETS[b.byte() % 2])
    texts = b.text().split("\x00")
    table = m.table(texts)
    found = [m.find(t) for t in texts]
    assert len(table) == sum(len(f) for f in found)
    for doc, mentions in enumerate(found):
        for mention in mentions:
            assert 0 <= mention.start <= mention.end <= len(texts[doc])
    if len(table):
        for row in table.itertuples():
            text = texts[int(row.doc)]
            assert text[row.start : row.end] == row.surface


def gazetteer(data: bytes) -> None:
    """Gazetteer.load of arbitrary bytes as a .tsv file, then a Matcher built from it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "g.tsv"
        path.write_bytes(data)
        try:
            g = Gazetteer.load(path)
        except (GazetteerError, ValueError):
            return
        Matcher(g)


def sentences(data: bytes) -> None:
    """split_sentences: in order, inside the text, never overlapping."""
    text = Bytes(data).text()
    end = 0
    for s in split_sentences(text):
        assert end <= s.start <= s.end <= len(text)
        end = s.end


def clean_text(data: bytes) -> None:
    """clean: the kept spans give back the cleaned text; offsets map into the original."""
    b = Bytes(data)
    flags = b.byte()
    text = b.text()
    result = clean(text, title=text[:20] if flags & 1 else None, find_title=bool(flags & 2))
    assert result.text == "".join(text[s:e] for s, e in result.kept_spans)
    for i in (0, len(result.text) // 2, len(result.text)):
        assert 0 <= result.to_original(i) <= len(text)


def dates(data: bytes) -> None:
    """find_dates over date words against any reference: spans in order inside the text, each
    surface the text it spans, values inside 1-9999 and matching their precision."""
    b = Bytes(data)
    reference = _reference(b)
    text = b.words(_date_vocabulary())
    end = 0
    for d in find_dates(text, reference):
        assert end <= d.start < d.end <= len(text), (d.start, d.end, end)
        assert text[d.start : d.end] == d.surface
        end = d.end
        assert d.precision in date_rules.PRECISIONS and d.calendar in date_rules.CALENDARS
        if d.iso is not None:
            assert d.year is not None and 1 <= d.year <= 9999
            assert d.iso[:4] == f"{d.year:04d}"
        if d.pair_start is not None:
            assert d.pair_end is not None and 0 <= d.pair_start < d.pair_end <= len(text)


def events(data: bytes) -> None:
    """extract_events over cue words, actor aliases and date words, with the default matcher's
    mentions and the sentence splitter's spans: every offset inside its sentence and the text."""
    b = Bytes(data)
    reference = _reference(b)
    text = b.words(_event_vocabulary(), limit=200)
    spans = [(s.start, s.end) for s in split_sentences(text)]
    for e in extract_events(text, _matcher("search").find(text), spans, reference=reference):
        assert e.sentence_text == text[e.sentence_start : e.sentence_end]
        assert e.sentence_start <= e.cue_start < e.cue_end <= e.sentence_end
        for start, end, surface in (
            (e.actor1_start, e.actor1_end, e.actor1_surface),
            (e.actor2_start, e.actor2_end, e.actor2_surface),
        ):
            if start is not None:
                assert end is not None and 0 <= start < end <= len(text)
                assert surface == text[start:end]


FORMATS = ("jsonl", "csv", "txt", "jsonl.gz", "csv.gz", "parquet")
#: Names sahel does not read: a LoadError naming the type in both modes.
UNREAD = ("json", "tsv")


def corpus(data: bytes) -> None:
    """Corpus.load of arbitrary bytes in every format, in both error modes."""
    b = Bytes(data)
    names = FORMATS + UNREAD
    suffix = names[b.byte() % len(names)]
    collect = bool(b.byte() & 1)
    raw = b.rest()
    if suffix.endswith(".gz"):
        import gzip

        raw = gzip.compress(raw, mtime=0)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"in.{suffix}"
        path.write_bytes(raw)
        try:
            c = Corpus.load(path, errors="collect" if collect else "raise", dedup=False)
        except LoadError as error:
            if suffix in UNREAD:
                assert "unsupported file type" in str(error)
            else:
                assert not collect, "collect mode raised LoadError"
            return
        assert suffix not in UNREAD, f"a .{suffix} file was read"
        # nothing read is lost: every record is a document or a rejection
        assert len(c) + len(c.rejected) == c.records_read


TARGETS: dict[str, Callable[[bytes], None]] = {
    "normalize": normalize,
    "matcher": matcher,
    "gazetteer": gazetteer,
    "sentences": sentences,
    "clean": clean_text,
    "dates": dates,
    "events": events,
    "corpus": corpus,
}


def run_one(name: str, data: bytes) -> None:
    """One input through a target; the errors it documents are fine."""
    try:
        TARGETS[name](data)
    except EXPECTED:
        pass
