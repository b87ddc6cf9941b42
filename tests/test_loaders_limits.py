"""Limits and CSV records that cannot swallow their neighbours: one bad record of each kind
inside a file of good ones loads every good record and rejects the bad one with its line, in
both error modes and through `sahel analyze`; compressed bombs and huge records are rejected
within memory bounds that are generous multiples of the documented limits."""

import gzip
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pandas as pd
import pytest

from sahel.corpus.corpus import Corpus
from sahel.corpus.loaders import (
    CHUNK,
    MAX_DECOMPRESSED_BYTES,
    MAX_RECORD_BYTES,
    Limits,
    LoadError,
    Record,
    Rejection,
    read_file,
)

GOOD = ["قالت وزارة الخارجية في نيامي إن الوفد وصل", "أعلنت باماكو عن اتفاق جديد مع أنقرة"]
ROWS = 200
BAD_AT = 50  # the bad record's index among the rows; its line is BAD_AT + 2 (after the header)


def _good_rows() -> list[str]:
    return [f'{i},"{GOOD[i % 2]}، الفقرة {i}\nسطر ثان {i}"' for i in range(ROWS)]


#: name -> (the bad record as written, a word of the reason, the line after which reading goes on)
CSV_BAD = {
    # The quote is not closed where it should be: the next quote (the one that opens the next
    # good row, or none when it is last) would have merged the following rows into this one.
    "unclosed quote": ('50,"' + GOOD[0] + " بلا نهاية", "CSV quoting"),
    "text after a closing quote": ('50,"' + GOOD[0] + '" ثم نص', "follows a closing quote"),
    "oversized unquoted field": ("50," + "ن" * 120_000, "over the limit"),
    "oversized quoted field over lines": (
        '50,"' + ("ن" * 1000 + "\n") * 120 + '"',
        "over the limit",
    ),
    "wrong field count over lines": ('50,"سطر\nثان",زائد', "fields"),
}
LIMITS = Limits(record_bytes=100_000)


def _csv(tmp_path: Path, kind: str, last: bool = False) -> tuple[Path, int]:
    """A CSV of ROWS good records with the bad one in place of row BAD_AT (or last)."""
    rows = _good_rows()
    bad, _ = CSV_BAD[kind]
    if last:
        rows.append(bad)
    else:
        rows[BAD_AT] = bad
    path = tmp_path / "mixed.csv"
    path.write_text("id,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    line = 2 + 2 * (len(rows) - 1 if last else BAD_AT)  # each good row takes two lines
    return path, line


@pytest.mark.parametrize("kind", sorted(CSV_BAD))
@pytest.mark.parametrize("last", [False, True], ids=["middle", "last"])
def test_bad_csv_record_among_good(tmp_path: Path, kind: str, last: bool) -> None:
    path, line = _csv(tmp_path, kind, last)
    good = ROWS if last else ROWS - 1
    corpus = Corpus.load(path, errors="collect", dedup=False, limits=LIMITS)
    expected = [str(i) for i in range(ROWS) if last or i != BAD_AT]
    assert corpus.documents["doc_id"].tolist() == expected
    assert corpus.documents["raw_text"].str.contains("\n").all()  # no row merged, none cut
    rejected = corpus.rejected
    assert rejected["line"].iloc[0] == line
    assert CSV_BAD[kind][1] in rejected["reason"].iloc[0]
    # An unclosed quote may leave pieces of the bad record (its own later lines) rejected too,
    # each with its line; nothing is counted twice or lost.
    assert len(corpus) == good
    assert corpus.records_read == len(corpus) + len(rejected)
    with pytest.raises(LoadError) as info:
        Corpus.load(path, errors="raise", dedup=False, limits=LIMITS)
    assert info.value.line == line and info.value.path == str(path)


def test_unclosed_quote_in_a_file_without_quotes(tmp_path: Path) -> None:
    """The quote is never closed: every later row is still read, each on its own."""
    rows = [f"{i},{GOOD[i % 2]} {i}" for i in range(ROWS)]
    rows[BAD_AT] = f'{BAD_AT},"{GOOD[0]}'
    path = tmp_path / "plain.csv"
    path.write_text("id,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    for errors in ("collect", "raise"):
        if errors == "raise":
            with pytest.raises(LoadError, match="not closed") as info:
                Corpus.load(path, dedup=False)
            assert info.value.line == BAD_AT + 2
            continue
        corpus = Corpus.load(path, errors=errors, dedup=False)
        assert len(corpus) == ROWS - 1 and corpus.records_read == ROWS
        assert corpus.rejected["line"].tolist() == [BAD_AT + 2]
        assert "not closed" in corpus.rejected["reason"].iloc[0]


def test_a_quote_inside_an_unquoted_field_is_a_character(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('id,text\n1,قال "لا" ثم مضى\n2,"نص ""مقتبس"""\n', encoding="utf-8")
    got = [r.fields["text"] for r in read_file(path) if isinstance(r, Record)]
    assert got == ['قال "لا" ثم مضى', 'نص "مقتبس"']


def test_csv_reads_like_the_csv_module_on_well_formed_files(tmp_path: Path) -> None:
    """pandas writes the file, Python's csv module and the loader read the same rows."""
    import csv

    frame = pd.DataFrame(
        {
            "id": [f"d{i}" for i in range(300)],
            "text": [f'{GOOD[i % 2]}, "{i}"\r\nفقرة\n\n{i}' for i in range(300)],
            "title": ["" if i % 7 else "عنوان, مع فاصلة" for i in range(300)],
        }
    )
    path = tmp_path / "pandas.csv"
    frame.to_csv(path, index=False)
    with open(path, newline="", encoding="utf-8") as stream:
        header, *expected = list(csv.reader(stream))
    got = [r for r in read_file(path)]
    assert all(isinstance(r, Record) for r in got)
    assert [list(r.fields.values()) for r in got] == expected


@pytest.mark.parametrize("kind", ["unclosed quote", "text after a closing quote"])
def test_bad_csv_record_through_analyze(tmp_path: Path, kind: str) -> None:
    path, line = _csv(tmp_path, kind)
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "sahel", "analyze", str(path), "--out", str(out), "--no-progress"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    documents = pd.read_csv(out / "documents.csv", dtype={"doc_id": str})
    rejected = pd.read_csv(out / "rejected.csv")
    assert sorted(documents["doc_id"], key=int) == [str(i) for i in range(ROWS) if i != BAD_AT]
    assert rejected["line"].iloc[0] == line


# --- compressed bombs and huge records --------------------------------------------------------


def _members(path: Path, head: bytes, member: bytes, count: int) -> int:
    """A gzip file: `head` compressed, then `count` copies of one member (a concatenated-members
    bomb: a few hundred KB on disk). Returns the decompressed size."""
    one = gzip.compress(member, compresslevel=9)
    with open(path, "wb") as stream:
        stream.write(gzip.compress(head))
        for _ in range(count):
            stream.write(one)
    return len(head) + len(member) * count


def _peak(read) -> tuple[list, int]:
    """What `read()` returns and the peak of Python's allocations while it ran."""
    tracemalloc.start()
    try:
        result = read()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


GOOD_JSONL = b"".join(
    json.dumps({"id": f"g{i}", "text": GOOD[i % 2]}, ensure_ascii=False).encode() + b"\n"
    for i in range(3)
)


def test_limits_are_documented_and_checked() -> None:
    assert Limits() == Limits(MAX_RECORD_BYTES, MAX_DECOMPRESSED_BYTES)
    for bad in (0, -1, 1.5, True, None):
        with pytest.raises(ValueError, match="positive int"):
            Limits(record_bytes=bad)
    with pytest.raises(TypeError, match="Limits"):
        Corpus.load([], limits=1000)


def test_gzip_bomb_of_zeros_is_one_rejected_record_in_bounded_memory(tmp_path: Path) -> None:
    """1 GiB of NUL bytes without a newline, with the default limits: one record over
    record_bytes, discarded as it is read; the good records before it are kept."""
    path = tmp_path / "zeros.jsonl.gz"
    size = _members(path, GOOD_JSONL, b"\0" * 2**20, 1024)
    assert size > 2**30 and path.stat().st_size < 2**21
    items, peak = _peak(lambda: list(read_file(path)))
    assert [type(r) for r in items] == [Record] * 3 + [Rejection]
    assert items[-1].line == 4 and "Limits.record_bytes" in items[-1].reason
    assert peak < 3 * (MAX_RECORD_BYTES + CHUNK)


def test_gzip_bomb_of_newlines_stops_at_the_decompressed_limit(tmp_path: Path) -> None:
    path = tmp_path / "newlines.jsonl.gz"
    _members(path, GOOD_JSONL, b"\n" * 2**20, 1024)
    limit = 64 * 2**20
    corpus, peak = _peak(
        lambda: Corpus.load(path, errors="collect", limits=Limits(decompressed_bytes=limit))
    )
    assert len(corpus) == 3
    [reason] = corpus.rejected["reason"]
    assert "Limits.decompressed_bytes" in reason
    assert corpus.rejected["line"].iloc[0] == limit - len(GOOD_JSONL) + 4
    assert peak < 3 * (limit + CHUNK)
    with pytest.raises(LoadError, match="decompressed"):
        Corpus.load(path, limits=Limits(decompressed_bytes=limit))


def test_csv_gz_bomb_keeps_the_rows_before_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.csv.gz"
    head = ("id,text\n" + "".join(f"{i},{GOOD[i % 2]}\n" for i in range(5))).encode()
    _members(path, head, b"\n" * 2**20, 512)
    limit = 32 * 2**20
    corpus, peak = _peak(
        lambda: Corpus.load(path, errors="collect", limits=Limits(decompressed_bytes=limit))
    )
    assert corpus.documents["doc_id"].tolist() == [str(i) for i in range(5)]
    assert "decompressed" in corpus.rejected["reason"].iloc[0]
    # the bytes and their decoded text are held whole: a CSV record can span lines
    assert peak < 6 * limit


def test_huge_json_line_is_rejected_and_the_next_lines_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    big = json.dumps({"id": "big", "text": "ن" * (MAX_RECORD_BYTES // 2 + 10)}).encode()
    path.write_bytes(GOOD_JSONL + big + b"\n" + GOOD_JSONL.replace(b'"g', b'"h'))
    items, peak = _peak(lambda: list(read_file(path)))
    assert [r.line for r in items if isinstance(r, Record)] == [1, 2, 3, 5, 6, 7]
    [rejection] = [r for r in items if isinstance(r, Rejection)]
    assert rejection.line == 4 and "over the limit" in rejection.reason
    assert peak < 3 * (MAX_RECORD_BYTES + CHUNK)


def test_huge_text_file_is_rejected_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as stream:
        stream.truncate(MAX_RECORD_BYTES + 1)  # sparse: nothing written
    items, peak = _peak(lambda: list(read_file(path)))
    [rejection] = items
    assert isinstance(rejection, Rejection) and "Limits.record_bytes" in rejection.reason
    assert peak < CHUNK


def test_long_unpunctuated_record_through_analyze(tmp_path: Path) -> None:
    """A 100,000-character record with no sentence punctuation goes through every stage; the
    memory bound is generous (the sample peaks near 300 MB)."""
    words = (
        "قال وزير الخارجية الروسي إن النيجر ومالي وبوركينا فاسو اتفقت مع تركيا على تعزيز "
        "التعاون العسكري في يوم 12 مارس 2024 بعد لقاء في نيامي مع الرئيس"
    ).split()
    text = " ".join(words[i % len(words)] for i in range(20_000))[:100_000]
    assert len(text) == 100_000 and not any(c in text for c in ".!?؟\n")
    path = tmp_path / "long.jsonl"
    record = {"id": "long", "text": text, "date": "2024-03-12"}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "sahel", "analyze", str(path), "--out", str(out), "--no-progress"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert len(pd.read_csv(out / "mentions.csv")) > 1000
    assert len(pd.read_csv(out / "events.csv")) > 0
    timings = pd.read_csv(out / "timings.csv")
    assert timings["peak_rss_mb"].max() < 2000
