"""Partitions of the input: read one by one, in order, they give exactly what read_file gives."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import shared_path

from sahel.corpus.loaders import Record, Rejection, read_file
from sahel.corpus.partitions import expand, plan, read_partition
from sahel.pipeline import sample_path


def _all(parts) -> list[Record | Rejection]:
    return [item for part in parts for item in read_partition(part)]


def _reference(paths) -> list[Record | Rejection]:
    return [item for path in expand(paths) for item in read_file(Path(path))]


@pytest.fixture
def awkward(tmp_path: Path) -> Path:
    """JSON Lines with what cuts go wrong on: a BOM, CRLF, blank lines, a malformed line, a
    non-object, bytes that are not UTF-8, multi-byte Arabic, and no newline at the end."""
    lines = [
        b'\xef\xbb\xbf{"id": "a", "text": "\xd8\xa7\xd9\x84\xd9\x86\xd9\x8a\xd8\xac\xd8\xb1"}\r\n',
        b"\n",
        b'{"id": "b", "text": "Mali"}\n',
        b"{not json\n",
        b"   \n",
        b"[1, 2]\n",
        b'{"id": "c", "text": "\xff\xfe"}\n',
        b'{"id": "d", "text": "\xd9\x85\xd8\xa7\xd9\x84\xd9\x8a"}\r\n',
        b'{"id": "e", "text": "end"}',
    ]
    path = tmp_path / "awkward.jsonl"
    path.write_bytes(b"".join(lines))
    return path


def test_every_block_size_gives_the_records_of_the_whole_file(awkward: Path) -> None:
    reference = _reference(awkward)
    assert sum(isinstance(r, Rejection) for r in reference) == 3
    size = awkward.stat().st_size
    for block in range(1, size + 2):
        parts = plan(awkward, block_size=block)
        assert len(parts) == -(-size // block)
        assert _all(parts) == reference, f"block size {block}"


def test_ranges_cover_the_file_without_gaps(awkward: Path) -> None:
    parts = plan(awkward, block_size=17)
    assert parts[0].start == 0
    assert parts[-1].stop == awkward.stat().st_size
    assert all(a.stop == b.start for a, b in zip(parts, parts[1:], strict=False))


def test_the_sample_in_1_7_and_50_partitions(tmp_path: Path) -> None:
    reference = _reference(sample_path())
    size = sample_path().stat().st_size
    for count in (1, 7, 50):
        parts = plan(sample_path(), block_size=-(-size // count))
        assert len(parts) == count
        assert _all(parts) == reference


def test_a_compressed_file_is_one_partition(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl.gz"
    with gzip.open(path, "wb") as out:
        out.write(sample_path().read_bytes())
    parts = plan(path, block_size=100)
    assert len(parts) == 1
    assert _all(parts) == _reference(path)
    assert len(_all(parts)) == 14


def test_parquet_row_groups(tmp_path: Path) -> None:
    rows = [r.fields for r in read_file(sample_path()) if isinstance(r, Record)]
    path = tmp_path / "news.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=4)
    parts = plan(path)
    assert [p.kind for p in parts] == ["rowgroup"] * 4
    assert [p.lines_before for p in parts] == [0, 4, 8, 12]
    assert _all(parts) == _reference(path)


def test_an_unreadable_parquet_file_is_a_rejection(tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"not parquet at all")
    items = _all(plan(path))
    assert len(items) == 1 and isinstance(items[0], Rejection)
    assert items[0].path == str(path)


def test_text_files_in_batches_and_globs(tmp_path: Path) -> None:
    folder = tmp_path / "outlet"
    folder.mkdir()
    for k in range(5):
        (folder / f"{k}.txt").write_text(f"عنوان {k}\nنص المقال {k}", encoding="utf-8")
    (folder / "empty.txt").write_text("  ", encoding="utf-8")
    parts = plan(folder, txt_files=2)
    assert [len(p.paths) for p in parts] == [2, 2, 2]
    assert _all(parts) == _reference(folder)
    shutil.copy(sample_path(), tmp_path / "a.jsonl")
    shutil.copy(sample_path(), tmp_path / "b.jsonl")
    assert expand(str(tmp_path / "*.jsonl")) == [
        str(tmp_path / "a.jsonl"),
        str(tmp_path / "b.jsonl"),
    ]
    assert len(_all(plan(str(tmp_path / "*.jsonl"), block_size=500))) == 28


def test_bad_arguments_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no file matches"):
        plan(str(tmp_path / "*.jsonl"))
    with pytest.raises(ValueError, match="block_size"):
        plan(sample_path(), block_size=0)
    with pytest.raises(TypeError, match="str or Path"):
        plan([3])


def test_fsspec_urls(tmp_path: Path) -> None:
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")
    fs.pipe("/news/sample.jsonl", sample_path().read_bytes())
    parts = plan("memory://news/*.jsonl", block_size=1000)
    assert len(parts) > 1
    items = _all(parts)
    expected = _reference(sample_path())
    assert [(r.line, r.fields) for r in items] == [(r.line, r.fields) for r in expected]
    assert {r.path for r in items} == {fs.unstrip_protocol("/news/sample.jsonl")}


@pytest.mark.slow
def test_ant_in_1_7_and_50_partitions(tmp_path: Path) -> None:
    plain = tmp_path / "ant.jsonl"
    with gzip.open(shared_path("corpus", "ant_multisource.jsonl.gz"), "rb") as src:
        with open(plain, "wb") as out:
            shutil.copyfileobj(src, out)
    reference = _reference(plain)
    size = plain.stat().st_size
    for count in (1, 7, 50):
        parts = plan(plain, block_size=-(-size // count))
        assert len(parts) == count
        assert _all(parts) == reference
