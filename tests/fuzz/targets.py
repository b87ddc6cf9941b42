"""Fuzz targets for the Python entry points, run by atheris (``python -m tests.fuzz.run TARGET``,
``make fuzz``) and replayed by pytest (tests/test_fuzz_replay.py): every file in
tests/fuzz/crashes/<target>/ is an input that once failed, kept as a regression test.

Each target takes bytes and either returns or raises one of the errors its entry point documents
for bad input (TypeError, ValueError and its subclasses LoadError, GazetteerError, IndexError for
an index outside a text). Anything else, or a broken invariant (an AssertionError), is a finding.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

from sahel.corpus.clean import clean
from sahel.corpus.corpus import Corpus
from sahel.corpus.loaders import LoadError
from sahel.corpus.sentences import split_sentences
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

    def rest(self) -> bytes:
        raw, self.pos = self.data[self.pos :], len(self.data)
        return raw


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


FORMATS = ("jsonl", "json", "csv", "tsv", "txt", "jsonl.gz", "csv.gz", "parquet")


def corpus(data: bytes) -> None:
    """Corpus.load of arbitrary bytes in every format, in both error modes."""
    b = Bytes(data)
    suffix = FORMATS[b.byte() % len(FORMATS)]
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
        except LoadError:
            assert not collect or suffix in ("parquet",), "collect mode raised LoadError"
            return
        df = c.documents if hasattr(c, "documents") else None
        assert df is None or len(df) >= 0


TARGETS: dict[str, Callable[[bytes], None]] = {
    "normalize": normalize,
    "matcher": matcher,
    "gazetteer": gazetteer,
    "sentences": sentences,
    "clean": clean_text,
    "corpus": corpus,
}


def run_one(name: str, data: bytes) -> None:
    """One input through a target; the errors it documents are fine."""
    try:
        TARGETS[name](data)
    except EXPECTED:
        pass
