"""Inputs cut into partitions that can be read one at a time, in any process.

A partition is a piece of the input small enough for one worker: a byte range of a plain JSON
Lines file (``block_size`` bytes, cut at line starts), a whole compressed file (``.jsonl.gz``,
``.csv``, ``.csv.gz``: a gzip stream cannot be entered in the middle, a CSV record can span lines),
one row group of a Parquet file, or a batch of ``.txt`` files. Reading every partition of a plan,
in order, yields exactly the records and rejections that :func:`sahel.corpus.loaders.read_file`
yields for the files, with the same file names and line numbers: the partitions call the loaders'
per-record parsing, they do not repeat it.

Paths may be files, folders (searched as :func:`sahel.corpus.loaders.iter_files` does), glob
patterns (``archive/*.jsonl.gz``) and fsspec URLs (``s3://bucket/news/*.jsonl``) when fsspec and
the filesystem's package are installed.

A byte range [start, stop) holds the lines whose first byte lies in it, so neighbouring ranges
never share or lose a line. The plan counts the newlines before each range (one sequential pass
over the file, no parsing), so a range numbers its lines as the whole file would.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sahel.corpus.fields import Fields
from sahel.corpus.loaders import (
    STDIN,
    SUFFIXES,
    Limits,
    Record,
    Rejection,
    file_chunks,
    format_of,
    iter_files,
    jsonl_codec,
    jsonl_record,
    read_file,
    split_lines,
)

#: Bytes of a plain JSON Lines file per partition when none is given.
BLOCK_SIZE = 64 * 2**20
#: Text files per partition.
TXT_FILES = 2000
_SCAN = 16 * 2**20  # bytes read at a time while counting newlines


@dataclass(frozen=True, slots=True)
class Partition:
    """A piece of the input (module docstring). ``kind`` says how it is read:

    "range": lines of ``paths[0]`` starting in bytes [start, stop); ``lines_before`` newlines
    precede ``start``. "rowgroup": row group ``start`` of the Parquet file ``paths[0]``, whose
    first row is row ``lines_before + 1``. "files": every record of each of ``paths``.
    """

    kind: str
    paths: tuple[str, ...]
    start: int = 0
    stop: int = 0
    lines_before: int = 0

    def __str__(self) -> str:
        if self.kind == "range":
            return f"{self.paths[0]}[{self.start}:{self.stop}]"
        if self.kind == "rowgroup":
            return f"{self.paths[0]}#rowgroup{self.start}"
        return (
            self.paths[0] if len(self.paths) == 1 else f"{self.paths[0]} (+{len(self.paths) - 1})"
        )


def _is_url(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


def _fsspec() -> Any:
    try:
        import fsspec
    except ImportError:
        raise ImportError("reading URLs needs fsspec: pip install 'sahel[dask]'") from None
    return fsspec


def expand(paths: str | Path | Iterable[str | Path]) -> list[str]:
    """The data files named by ``paths`` (files, folders, globs, URLs), in the order given,
    folders and globs sorted. A glob that matches nothing is an error, as a missing file is."""
    if isinstance(paths, str | Path):
        paths = [paths]
    files: list[str] = []
    for given in paths:
        if not isinstance(given, str | Path):
            raise TypeError(f"a path must be a str or Path, not {type(given).__name__}")
        name = str(given)
        if name == STDIN:
            raise ValueError(
                "- (standard input) cannot be cut into partitions: save it to a file first"
            )
        if _is_url(name):
            fs, _, found = _fsspec().get_fs_token_paths(name)
            matched = [fs.unstrip_protocol(p) for p in sorted(found) if format_of(Path(p))]
            if not matched:
                raise FileNotFoundError(f"{name}: no files named {', '.join(SUFFIXES)}")
            files.extend(matched)
        elif glob.has_magic(name) and not Path(name).exists():
            matched = sorted(glob.glob(name, recursive=True))
            if not matched:
                raise FileNotFoundError(f"{name}: no file matches this pattern")
            files.extend(str(p) for p in iter_files(matched))
        else:
            files.extend(str(p) for p in iter_files(name))
    return files


def _open(path: str):
    if _is_url(path):
        return _fsspec().open(path, "rb").open()
    return open(path, "rb")


def _size(path: str) -> int:
    if _is_url(path):
        fs, _, (one,) = _fsspec().get_fs_token_paths(path)
        return int(fs.size(one))
    return Path(path).stat().st_size


def _ranges(path: str, block_size: int) -> Iterator[Partition]:
    """Byte ranges of ``block_size`` of a plain JSON Lines file, with the newlines before each."""
    size = _size(path)
    if size == 0:
        yield Partition("range", (path,), 0, 0, 0)
        return
    lines = 0
    with _open(path) as stream:
        for start in range(0, size, block_size):
            stop = min(start + block_size, size)
            yield Partition("range", (path,), start, stop, lines)
            left = stop - start
            while left:
                chunk = stream.read(min(_SCAN, left))
                if not chunk:
                    break
                lines += chunk.count(b"\n")
                left -= len(chunk)


def _row_groups(path: str) -> Iterator[Partition]:
    import pyarrow.parquet as pq

    try:
        with _open(path) as stream:
            meta = pq.ParquetFile(stream).metadata
    except (OSError, ValueError):
        # The file's own reader reports it as a rejection, with the reason.
        yield Partition("files", (path,))
        return
    rows = 0
    for group in range(meta.num_row_groups):
        yield Partition("rowgroup", (path,), group, group + 1, rows)
        rows += meta.row_group(group).num_rows


def plan(
    paths: str | Path | Iterable[str | Path],
    block_size: int = BLOCK_SIZE,
    txt_files: int = TXT_FILES,
) -> list[Partition]:
    """The partitions of the input, in the order their records are read."""
    if not isinstance(block_size, int) or block_size < 1:
        raise ValueError(f"block_size must be a positive number of bytes, not {block_size!r}")
    if not isinstance(txt_files, int) or txt_files < 1:
        raise ValueError(f"txt_files must be a positive int, not {txt_files!r}")
    parts: list[Partition] = []
    batch: list[str] = []
    for path in expand(paths):
        suffix = format_of(Path(path))
        if suffix == ".txt":
            batch.append(path)
            if len(batch) == txt_files:
                parts.append(Partition("files", tuple(batch)))
                batch = []
            continue
        if batch:
            parts.append(Partition("files", tuple(batch)))
            batch = []
        if suffix == ".jsonl":
            parts.extend(_ranges(path, block_size))
        elif suffix == ".parquet":
            parts.extend(_row_groups(path))
        else:
            parts.append(Partition("files", (path,)))
    if batch:
        parts.append(Partition("files", tuple(batch)))
    return parts


def _range_records(part: Partition, codec: str, limits: Limits) -> Iterator[Record | Rejection]:
    path = part.paths[0]
    number = part.lines_before
    with _open(path) as stream:
        position = part.start
        if part.start > 0:
            stream.seek(part.start - 1)
            if stream.read(1) != b"\n":  # the line under way belongs to the range before
                position += _skip_line(stream)
                number += 1
        chunks = file_chunks(stream, False, limits)
        for at, start, line, problem in split_lines(chunks, limits.record_bytes, number, position):
            if start >= part.stop:
                break
            if line is None:
                yield Rejection(path, at, problem or "unreadable", "")
                continue
            item = jsonl_record(path, at, line, codec)
            if item is not None:
                yield item


def _skip_line(stream) -> int:
    """Bytes up to and including the next newline (or the end), read in bounded pieces."""
    skipped = 0
    while piece := stream.readline(2**16):
        skipped += len(piece)
        if piece.endswith(b"\n"):
            break
    return skipped


def _row_group_records(part: Partition) -> Iterator[Record | Rejection]:
    import pyarrow.parquet as pq

    path = part.paths[0]
    with _open(path) as stream:
        rows = pq.ParquetFile(stream).read_row_group(part.start).to_pylist()
    for number, row in enumerate(rows, part.lines_before + 1):
        yield Record(path, number, "table", row)


def _url_records(path: str, encoding: str | None, limits: Limits) -> Iterator[Record | Rejection]:
    """A whole file behind a URL: JSON Lines streamed line by line, other formats through a local
    copy in memory (one file is one partition)."""
    suffix = format_of(Path(path))
    with _open(path) as stream:
        if suffix == ".jsonl.gz":
            codec = jsonl_codec(encoding)
            chunks = file_chunks(stream, True, limits)
            for number, _, line, problem in split_lines(chunks, limits.record_bytes):
                if line is None:
                    yield Rejection(path, number, problem or "unreadable", "")
                    continue
                item = jsonl_record(path, number, line, codec)
                if item is not None:
                    yield item
            return
        data = stream.read()
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        local = Path(folder) / Path(path).name
        local.write_bytes(data)
        for item in read_file(local, encoding, limits):
            # Name the URL, not the temporary copy.
            if isinstance(item, Record):
                yield Record(path, item.line, item.kind, item.fields)
            else:
                yield Rejection(path, item.line, item.reason, item.raw)


def read_partition(
    part: Partition, encoding: str | None = None, limits: Limits | None = None
) -> Iterator[Record | Rejection]:
    """Every record of a partition, in file order, as Record or Rejection (as read_file)."""
    limits = limits or Limits()
    if part.kind == "range":
        yield from _range_records(part, jsonl_codec(encoding), limits)
    elif part.kind == "rowgroup":
        yield from _row_group_records(part)
    elif part.kind == "files":
        for path in part.paths:
            if _is_url(path):
                yield from _url_records(path, encoding, limits)
            else:
                yield from read_file(Path(path), encoding, limits)
    else:
        raise ValueError(f"unknown partition kind {part.kind!r}")


__all__ = ["BLOCK_SIZE", "Partition", "expand", "load_partition", "plan", "read_partition"]


def load_partition(
    part: Partition,
    encoding: str | None = None,
    fields: Fields | None = None,
    limits: Limits | None = None,
):
    """The documents of one partition as a Corpus (rejections in ``corpus.rejected``), read with
    ``fields`` (by default Corpus.load's default fields); not cleaned, duplicates not flagged. Ids
    repeated within the partition are renamed as Corpus.load renames them; ids repeated across
    partitions are not seen here."""
    from sahel.corpus import corpus as _corpus

    fields = fields or Fields()
    rows: list[dict[str, Any]] = []
    metadata: list[dict[str, Any]] = []
    rejected: list[Rejection] = []
    title_in_text: list[bool] = []
    records = 0
    for item in read_partition(part, encoding, limits):
        records += 1
        if isinstance(item, Record):
            try:
                row, meta = _corpus._document(item, fields)
            except _corpus._Invalid as exc:
                raw = item.fields.get(fields.text)
                rejected.append(
                    Rejection(item.path, item.line, str(exc), _corpus._preview(item.fields, raw))
                )
                continue
            rows.append(row)
            metadata.append(meta)
            title_in_text.append(item.kind == "txt")
        else:
            rejected.append(item)
    return _corpus._assemble(rows, metadata, rejected, title_in_text, records)
