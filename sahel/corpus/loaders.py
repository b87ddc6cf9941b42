"""Reading article files: formats, text encodings, and the records that could not be read.

Formats (chosen by file name): ``.txt`` (one article per file), ``.jsonl`` / ``.jsonl.gz``,
``.csv`` / ``.csv.gz`` and ``.parquet``. A folder is read recursively in sorted order; files
whose names end otherwise (and hidden files) are not data and are skipped.

What counts as a record (``records_read``):

- ``.txt``: the file. An empty file (nothing but whitespace) is rejected as "empty document".
- JSON Lines: every line that is not blank. Blank lines are layout, not records, so an empty
  ``.jsonl`` holds zero records.
- CSV: every row after the header that is not blank; a file without a header holds none.
- Parquet: every row.
- A failure that stops a file before its records can be counted (an undecodable ``.txt`` or CSV,
  a gzip stream that ends early, an unreadable Parquet file) is one record: the part of the file
  that could not be read. A CSV syntax error (a field over ``csv.field_size_limit()``, 131,072
  characters by default) rejects the record it stands in, and reading goes on at the next line.

Limits and damage: a NUL character rejects the CSV row holding it (a file where one byte in
eight or more is NUL is UTF-16/32 without a byte-order mark, an error for the file); in JSON
Lines a lone surrogate escape (``\\ud800`` without its pair) rejects its record, and so do a
number longer than Python converts and nesting deeper than the parser's recursion limit. A date
outside 1677-2262 (pandas' range) is left empty with a note, the document kept.

So ``len(corpus) + len(corpus.rejected) == corpus.records_read`` always holds.

Encodings (``.txt`` and CSV, detected per file unless ``encoding=`` is given): a byte-order mark
first (UTF-8, UTF-16, UTF-32), then strict UTF-8, then Windows-1256 (cp1256) when the result is
plausibly Arabic (see :func:`plausibly_arabic`); anything else is an error that names the file and
the line of the first byte that is not UTF-8. JSON Lines are UTF-8 (a BOM is allowed) and are
decoded line by line, so one bad line is one rejected record.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sahel.text.charclass import ARABIC_LETTER_CLASS

#: File name endings read by :func:`iter_files`, longest first so ``.jsonl.gz`` wins over ``.gz``.
SUFFIXES = (".jsonl.gz", ".csv.gz", ".jsonl", ".csv", ".parquet", ".txt")

#: How many characters of a rejected record are kept in ``rejected.raw``.
RAW_PREVIEW = 200

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it begins with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ARABIC_LETTER = re.compile(ARABIC_LETTER_CLASS)
_LETTER = re.compile(r"[^\W\d_]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


class LoadError(ValueError):
    """A file or record that cannot be read; ``path`` and ``line`` say where (line may be None)."""

    def __init__(self, path: str | Path, line: int | None, reason: str):
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True, slots=True)
class Rejection:
    """A record that was read but could not become a document."""

    path: str
    line: int | None
    reason: str
    raw: str

    def error(self) -> LoadError:
        return LoadError(self.path, self.line, self.reason)


@dataclass(frozen=True, slots=True)
class Record:
    """One record as read from a file: its fields, and where it came from.

    ``kind`` is "txt" for a text file (``fields`` is then ``{"text": whole file}``) and
    "table" for every other format.
    """

    path: str
    line: int
    kind: str
    fields: dict[str, Any]


def format_of(path: Path) -> str | None:
    """The supported suffix that ``path`` ends with, or None."""
    name = path.name.lower()
    return next((s for s in SUFFIXES if name.endswith(s)), None)


def file_stem(path: Path) -> str:
    """The file name without its format suffix (``bbc.jsonl.gz`` -> ``bbc``)."""
    suffix = format_of(path)
    return path.name[: -len(suffix)] if suffix else path.stem


def iter_files(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    """The data files named by ``paths``: files as given, folders searched recursively."""
    if isinstance(paths, str | Path):
        paths = [paths]
    files: list[Path] = []
    for given in paths:
        if not isinstance(given, str | Path):
            raise TypeError(f"a path must be a str or Path, not {type(given).__name__}")
        path = Path(given)
        if path.is_dir():
            found = (
                p
                for p in path.rglob("*")
                if p.is_file()
                and format_of(p)
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            files.extend(sorted(found))
        elif path.is_file():
            if format_of(path) is None:
                raise ValueError(
                    f"{path}: unsupported file type; name files "
                    f"{', '.join(SUFFIXES)} or pass a folder"
                )
            files.append(path)
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    return files


# --- encodings -------------------------------------------------------------------------------


def plausibly_arabic(text: str) -> bool:
    """Whether a cp1256 decoding looks like real text: no control characters, and Arabic letters
    make at least half of all letters (Latin-1 French decodes under cp1256 too, as Latin)."""
    if _CONTROL.search(text):
        return False
    arabic = len(_ARABIC_LETTER.findall(text))
    return arabic > 0 and 2 * arabic >= len(_LETTER.findall(text))


def _line_of_byte(data: bytes, offset: int, newline: bytes = b"\n") -> int:
    return data.count(newline, 0, offset) + 1


def decode_bytes(
    data: bytes, path: str | Path, encoding: str | None = None, *, nul_ok: bool = False
) -> tuple[str, str]:
    """Decode a whole file; returns (text without BOM, encoding used). Raises LoadError.
    ``nul_ok``: NUL characters are the caller's to judge (CSV rejects the rows holding one)."""
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            line = _line_of_byte(data, exc.start)
            raise LoadError(path, line, f"cannot decode as {encoding}: {exc.reason}") from None
        except LookupError:
            raise ValueError(f"unknown encoding {encoding!r}") from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(name), name
            except UnicodeDecodeError as exc:
                # Count lines in the text decoded so far: the newline is not one byte here.
                start = len(bom) + exc.start
                line = data[len(bom) : start].decode(name, "replace").count("\n") + 1
                raise LoadError(path, line, f"invalid {name} after its byte-order mark") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        fallback = data.decode("cp1256")
        if plausibly_arabic(fallback):
            return fallback, "cp1256"
        line = _line_of_byte(data, exc.start)
        byte = data[exc.start]
        raise LoadError(
            path,
            line,
            f"not UTF-8 (byte 0x{byte:02x}) and not plausibly Windows-1256 Arabic; "
            "pass encoding= with the file's encoding",
        ) from None
    if not nul_ok and "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise LoadError(
            path,
            line,
            "NUL characters: this looks like UTF-16 or UTF-32 without a byte-order mark; "
            "pass encoding='utf-16-le' (or the file's encoding)",
        )
    return text, "utf-8"


def gunzip(data: bytes) -> tuple[bytes, str | None]:
    """Decompress every gzip member: (the bytes decompressed, why it stopped early or None)."""
    out: list[bytes] = []
    while data:
        stream = zlib.decompressobj(wbits=31)
        try:
            out.append(stream.decompress(data))
        except zlib.error as exc:
            return b"".join(out), f"broken gzip stream ({exc})"
        if not stream.eof:
            return b"".join(out), "gzip stream ends early: the file is truncated"
        data = stream.unused_data.lstrip(b"\x00")  # some writers pad with zeros
    return b"".join(out), None


# --- readers: each yields Record or Rejection ------------------------------------------------


def _reject(path: str | Path, line: int | None, reason: str, raw: str | bytes = "") -> Rejection:
    if isinstance(raw, bytes):
        raw = raw[: RAW_PREVIEW * 4].decode("utf-8", "replace")
    return Rejection(str(path), line, reason, raw[:RAW_PREVIEW])


def read_txt(path: Path, encoding: str | None = None) -> Iterator[Record | Rejection]:
    data = path.read_bytes()
    try:
        text, _ = decode_bytes(data, path, encoding)
    except LoadError as exc:
        yield _reject(path, exc.line, exc.reason, data)
        return
    if not text.strip():
        yield _reject(path, 1, "empty document", text)
        return
    yield Record(str(path), 1, "txt", {"text": text})


def _lines_of(path: Path) -> Iterator[tuple[int, bytes | None, str | None]]:
    """(line number, bytes, None) for each line; (line, None, reason) when a gzip stream breaks.
    Lines are streamed, so a large file is never held whole."""
    if not path.name.lower().endswith(".gz"):
        with open(path, "rb") as stream:
            for number, line in enumerate(stream, 1):
                yield number, line, None
        return
    number = 0
    try:
        with gzip.open(path, "rb") as stream:
            for number, line in enumerate(stream, 1):  # noqa: B007 (number is used after the loop)
                yield number, line, None
    except EOFError:
        yield number + 1, None, "gzip stream ends early: the file is truncated"
    except (gzip.BadGzipFile, zlib.error) as exc:
        yield number + 1, None, f"broken gzip stream ({exc})"


def read_jsonl(path: Path, encoding: str | None = None) -> Iterator[Record | Rejection]:
    """JSON Lines are UTF-8 (RFC 8259), whatever ``encoding`` says for text and CSV files."""
    for number, line, broken in _lines_of(path):
        if line is None:
            yield _reject(path, number, broken or "unreadable")
            return
        item = jsonl_record(path, number, line)
        if item is not None:
            yield item


def jsonl_record(path: str | Path, number: int, line: bytes) -> Record | Rejection | None:
    """One line of a JSON Lines file (``number`` counts from 1) as a Record or Rejection; None
    for a blank line. Readers of parts of a file (sahel.corpus.partitions) call it too."""
    codec = "utf-8"
    if number == 1 and line.startswith(codecs.BOM_UTF8):
        line = line[len(codecs.BOM_UTF8) :]
    line = line.rstrip(b"\r\n")
    if not line.strip():
        return None
    try:
        text = line.decode(codec)
    except UnicodeDecodeError as exc:
        return _reject(path, number, f"not {codec} (byte 0x{line[exc.start]:02x})", line)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return _reject(path, number, f"malformed JSON: {exc.msg} at column {exc.colno}", text)
    except ValueError as exc:  # an integer longer than Python converts (sys.int_info)
        return _reject(path, number, f"JSON value out of range: {exc}", text)
    except RecursionError:
        return _reject(path, number, "JSON nested too deeply", text)
    if "\\u" in text and _has_lone_surrogate(value):
        return _reject(path, number, LONE_SURROGATE, text)
    if not isinstance(value, dict):
        kind = type(value).__name__ if value is not None else "null"
        return _reject(path, number, f"record is a JSON {kind}, not an object", text)
    return Record(str(path), number, "table", value)


#: The one policy for lone surrogates (a JSON escape such as "\\ud800" with no partner): they
#: stand for no character, so the record that holds one is rejected with its line.
LONE_SURROGATE = "lone surrogate escape (\\ud800-\\udfff without its pair): not text"


def _has_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(v) for v in value)
    return False


def read_csv(path: Path, encoding: str | None = None) -> Iterator[Record | Rejection]:
    data, broken = path.read_bytes(), None
    if path.name.lower().endswith(".gz"):
        data, broken = gunzip(data)
        if broken:
            data = data[: data.rfind(b"\n") + 1]  # the last line is incomplete
    try:
        text, _ = decode_bytes(data, path, encoding, nul_ok=_few_nuls(data))
    except LoadError as exc:
        yield _reject(path, exc.line, exc.reason)
        return
    yield from _csv_records(path, text)
    if broken:
        yield _reject(path, text.count("\n") + 1, broken)


def _few_nuls(data: bytes) -> bool:
    """A few NUL bytes are damage to the rows that hold them; many (one byte in eight or more)
    mean UTF-16 or UTF-32 without a byte-order mark, an error for the whole file."""
    return data.count(0) * 8 < len(data)


def _csv_records(path: Path, text: str) -> Iterator[Record | Rejection]:
    """Rows as records. A syntax error (such as a field longer than ``csv.field_size_limit()``,
    131,072 characters unless changed) rejects the record it stands in, with its line, and
    reading goes on at the next line."""
    lines = iter(io.StringIO(text, newline=""))
    header: list[str] | None = None
    base = 0  # lines consumed by the readers before this one
    while True:
        reader = csv.reader(lines)
        start = base + 1
        try:
            for row in reader:
                line, start = start, base + reader.line_num + 1
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                if header is None:
                    header = row
                    repeated = sorted({h for h in header if header.count(h) > 1})
                    if repeated:
                        reason = f"repeated column names {repeated}"
                        yield _reject(path, line, reason, ",".join(row))
                        return
                    continue
                if any("\x00" in cell for cell in row):
                    yield _reject(path, line, "NUL character in the record", ",".join(row))
                    continue
                if len(row) != len(header):
                    reason = f"row has {len(row)} fields, the header has {len(header)}"
                    yield _reject(path, line, reason, ",".join(row))
                    continue
                yield Record(str(path), line, "table", dict(zip(header, row, strict=True)))
            return
        except csv.Error as exc:
            yield _reject(path, start, f"CSV syntax error: {exc}")
            base += reader.line_num


def read_parquet(path: Path, encoding: str | None = None) -> Iterator[Record | Rejection]:
    import pyarrow.parquet as pq

    try:
        batches = pq.ParquetFile(path).iter_batches()
        number = 0
        for batch in batches:
            for row in batch.to_pylist():
                number += 1
                yield Record(str(path), number, "table", row)
    except (OSError, ValueError) as exc:  # pyarrow's errors subclass these
        yield _reject(path, None, f"not a readable Parquet file: {exc}")


_READERS = {
    ".txt": read_txt,
    ".jsonl": read_jsonl,
    ".jsonl.gz": read_jsonl,
    ".csv": read_csv,
    ".csv.gz": read_csv,
    ".parquet": read_parquet,
}


def read_file(path: Path, encoding: str | None = None) -> Iterator[Record | Rejection]:
    """Every record of one file, in order, as Record or Rejection."""
    suffix = format_of(path)
    if suffix is None:
        raise ValueError(f"{path}: unsupported file type; name files {', '.join(SUFFIXES)}")
    return _READERS[suffix](path, encoding)
