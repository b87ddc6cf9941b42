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
- Standard input (the path ``-``, read once): JSON Lines when its first character that is not
  blank is ``{`` (records as in a ``.jsonl`` file, the same fields), else the whole of it is one
  plain-text document, as a ``.txt`` file (title on its first line). Rejections name it
  ``<stdin>`` and the line; its records get the source ``stdin`` and, without an id, the ids
  ``stdin-LINE`` (``stdin`` for a text).
- A failure that stops a file before its records can be counted (an undecodable ``.txt`` or CSV,
  a gzip stream that ends early, an unreadable Parquet file) is one record: the part of the file
  that could not be read.

Limits (:class:`Limits`; pass ``limits=Limits(...)`` to ``Corpus.load`` or :func:`read_file` to
change them), each a clean rejection with file and line, never unbounded memory:

- ``record_bytes`` (:data:`MAX_RECORD_BYTES`, 16 MiB): one record, that is a JSON line in bytes,
  a CSV record in characters, a ``.txt`` file in bytes, a Parquet row in the characters of its
  text values. A longer record is rejected without being held (a Parquet row is held once, in
  its batch); reading goes on at the next line (at the next record for CSV and Parquet).
- ``decompressed_bytes`` (:data:`MAX_DECOMPRESSED_BYTES`, 2 GiB): the bytes decompressed from one
  ``.gz`` file. The records before the limit are kept; the rest of the file is one rejection.

CSV, read line by line so that one bad record never swallows the rest of the file (RFC 4180
quoting, comma-separated): a field that begins with ``"`` is quoted and may span lines (``""`` is
a quote inside it); a closing quote must be followed by a comma or the end of the line. A record
whose quoting is broken (a quote never closed, or closed and followed by other characters) is
rejected at its first line, and reading goes on at the line after that one: the rows an unclosed
quote would have merged are each read on their own. A record whose quoting is sound but whose
number of fields differs from the header's, or which is longer than ``record_bytes``
characters, is rejected whole, and reading goes on after it. A quote inside an unquoted field is
a plain character. A blank line is no record; the first record is the header. What no rule can
tell apart: an unclosed quote that a later quote closes cleanly (followed by a comma or a line
end) into a record with the header's number of fields reads as one record with a multi-line
field, as in every CSV reader.

Damage: a NUL character rejects the CSV row holding it (a file where one byte in
eight or more is NUL is UTF-16/32 without a byte-order mark, an error for the file); in JSON
Lines a lone surrogate escape (``\\ud800`` without its pair) rejects its record, and so do a
number longer than Python converts and nesting deeper than the parser's recursion limit. A date
outside 1677-2262 (pandas' range) is left empty with a note, the document kept.

So ``len(corpus) + len(corpus.rejected) == corpus.records_read`` always holds.

Encodings (``.txt`` and CSV, detected per file unless ``encoding=`` is given): a byte-order mark
first (UTF-8, UTF-16, UTF-32), then strict UTF-8, then Windows-1256 (cp1256) when the result is
plausibly Arabic (see :func:`plausibly_arabic`); anything else is an error that names the file and
the line of the first byte that is not UTF-8. JSON Lines are UTF-8 (a BOM is allowed) and are
decoded line by line, so one bad line is one rejected record; a given ``encoding=`` applies to
them too when it writes ASCII as ASCII (cp1256, latin-1: not UTF-16).
"""

from __future__ import annotations

import codecs
import gzip
import io
import itertools
import json
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, cast

from sahel.text.charclass import ARABIC_LETTER_CLASS

#: File name endings read by :func:`iter_files`, longest first so ``.jsonl.gz`` wins over ``.gz``.
SUFFIXES = (".jsonl.gz", ".csv.gz", ".jsonl", ".csv", ".parquet", ".txt")

#: The path that stands for standard input, and the name its records and rejections carry.
STDIN = "-"
STDIN_NAME = "<stdin>"
#: The source (and file stem) of records read from standard input.
STDIN_SOURCE = "stdin"

#: How many characters of a rejected record are kept in ``rejected.raw``.
RAW_PREVIEW = 200

#: The largest record read (module docstring): a JSON line or a ``.txt`` file in bytes, a CSV
#: record in characters. The longest article of the ANT corpus is 39 KB.
MAX_RECORD_BYTES = 16 * 2**20
#: The most bytes decompressed from one ``.gz`` file.
MAX_DECOMPRESSED_BYTES = 2 * 2**30


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits of the module docstring; each a positive number of bytes."""

    record_bytes: int = MAX_RECORD_BYTES
    decompressed_bytes: int = MAX_DECOMPRESSED_BYTES

    def __post_init__(self) -> None:
        for name in ("record_bytes", "decompressed_bytes"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"Limits.{name} must be a positive int, not {value!r}")


#: Byte-order marks and their codecs, in the order they are tried.
BOMS = (
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
    """The file name without its format suffix (``bbc.jsonl.gz`` -> ``bbc``; ``stdin`` for
    standard input)."""
    if path.name == STDIN_NAME:
        return STDIN_SOURCE
    suffix = format_of(path)
    return path.name[: -len(suffix)] if suffix else path.stem


def iter_files(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    """The data files named by ``paths``: files as given, folders searched recursively, and
    ``-`` (STDIN) for standard input, at most once."""
    if isinstance(paths, str | Path):
        paths = [paths]
    files: list[Path] = []
    for given in paths:
        if not isinstance(given, str | Path):
            raise TypeError(f"a path must be a str or Path, not {type(given).__name__}")
        path = Path(given)
        if str(given) == STDIN:
            if Path(STDIN) in files:
                raise LoadError(STDIN_NAME, None, "- given twice: standard input is read once")
            files.append(Path(STDIN))
        elif path.is_dir():
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
                raise LoadError(path, None, _unsupported(path))
            files.append(path)
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    return files


def _unsupported(path: Path) -> str:
    kind = "".join(path.suffixes[-2:]) or "no suffix"
    return (
        f"unsupported file type ({kind}): sahel reads {', '.join(SUFFIXES)} files, or a folder "
        "of them; save the articles in one of these formats"
    )


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
    for bom, name in BOMS:
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


def gunzip(data: bytes, limit: int | None = None) -> tuple[bytes, str | None]:
    """Decompress every gzip member of ``data``, at most ``limit`` bytes (default
    :data:`MAX_DECOMPRESSED_BYTES`): (the bytes decompressed, why it stopped early or None)."""
    parts = list(_gzip_chunks(io.BytesIO(data), MAX_DECOMPRESSED_BYTES if limit is None else limit))
    stop = parts.pop() if parts and isinstance(parts[-1], str) else None
    return b"".join(cast(list[bytes], parts)), cast(str | None, stop)


# --- reading in bounded pieces -----------------------------------------------------------------

#: Bytes read or decompressed at a time.
CHUNK = 2**20
_SPACE_RUN = re.compile(rb"[ \t\r\n]+")  # one class repeated: fast


def _gzip_chunks(stream: BinaryIO, limit: int) -> Iterator[bytes | str]:
    """The decompressed bytes of every member of a gzip stream, in pieces of at most CHUNK bytes
    and at most ``limit`` in all; a str last says why the stream stopped early."""
    total = 0
    try:
        with gzip.GzipFile(fileobj=stream, mode="rb") as unzipped:
            while chunk := unzipped.read1(CHUNK):
                if total + len(chunk) > limit:
                    yield chunk[: limit - total]
                    yield (
                        f"decompressed size over the limit of {limit:,} bytes "
                        "(Limits.decompressed_bytes): the rest of the file is not read"
                    )
                    return
                total += len(chunk)
                yield chunk
    except EOFError:
        yield "gzip stream ends early: the file is truncated"
    except (OSError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
        yield f"broken gzip stream ({exc})"


def file_chunks(stream: BinaryIO, compressed: bool, limits: Limits) -> Iterator[bytes | str]:
    """A file's bytes (decompressed when ``compressed``) in pieces of at most CHUNK bytes; a str
    last says why reading stopped early (sahel.corpus.partitions reads ranges through it too)."""
    if compressed:
        yield from _gzip_chunks(stream, limits.decompressed_bytes)
        return
    while chunk := stream.read(CHUNK):
        yield chunk


def split_lines(
    chunks: Iterable[bytes | str], limit: int, number: int = 0, position: int = 0
) -> Iterator[tuple[int, int, bytes | None, str | None]]:
    """(line number, byte position, line, None) for every line of ``chunks`` that is not blank,
    the line with its end; (number, position, None, reason) for a line over ``limit`` bytes, which
    is skipped without being held, and for a stop a chunk source reports (the last item then).
    ``number`` lines and ``position`` bytes come before the first chunk. Runs of blank lines are
    skipped at C speed: a file of a billion newlines costs no Python loop per line."""
    pending: list[bytes] = []
    held = 0  # bytes of the line under way
    start = position  # where the line under way began
    for chunk in chunks:
        if isinstance(chunk, str):
            yield number + 1, start, None, chunk
            return
        i, size = 0, len(chunk)
        while i < size:
            if not held:
                space = _SPACE_RUN.match(chunk, i)
                last = -1 if space is None else chunk.rfind(b"\n", i, space.end())
                if last >= 0:  # blank lines up to and with this newline
                    number += chunk.count(b"\n", i, last + 1)
                    i = last + 1
                    start = position + i
                    continue
            end = chunk.find(b"\n", i)
            stop = size if end < 0 else end + 1
            piece = chunk[i:stop]
            if held <= limit:
                pending.append(piece)
            held += len(piece)
            if held > limit:
                pending = []
            i = stop
            if end < 0:
                break
            number += 1
            yield number, start, _line(pending, held, limit), _too_long(held, limit)
            pending, held, start = [], 0, position + i
        position += size
    if held:
        number += 1
        yield number, start, _line(pending, held, limit), _too_long(held, limit)


def _line(pending: list[bytes], held: int, limit: int) -> bytes | None:
    if held > limit:
        return None
    return pending[0] if len(pending) == 1 else b"".join(pending)


def _too_long(held: int, limit: int) -> str | None:
    if held <= limit:
        return None
    return f"record of {held:,} bytes, over the limit of {limit:,} (Limits.record_bytes)"


def _whole(path: Path, limits: Limits) -> tuple[bytes, str | None]:
    """A file's bytes, decompressed when it is a .gz, and why reading stopped early (or None)."""
    if not path.name.lower().endswith(".gz"):
        return path.read_bytes(), None
    with open(path, "rb") as stream:
        parts = list(file_chunks(stream, True, limits))
    stop = parts.pop() if parts and isinstance(parts[-1], str) else None
    return b"".join(cast(list[bytes], parts)), cast(str | None, stop)


# --- readers: each yields Record or Rejection ------------------------------------------------


def _reject(path: str | Path, line: int | None, reason: str, raw: str | bytes = "") -> Rejection:
    if isinstance(raw, bytes):
        raw = raw[: RAW_PREVIEW * 4].decode("utf-8", "replace")
    return Rejection(str(path), line, reason, raw[:RAW_PREVIEW])


def read_txt(
    path: Path, encoding: str | None = None, limits: Limits | None = None
) -> Iterator[Record | Rejection]:
    limits = limits or Limits()
    size = path.stat().st_size
    if size > limits.record_bytes:
        yield _reject(path, 1, _too_long(size, limits.record_bytes) or "")
        return
    yield _text_document(path, path.read_bytes(), encoding)


def _text_document(name: str | Path, data: bytes, encoding: str | None) -> Record | Rejection:
    """The bytes of one plain-text document (a ``.txt`` file, or stdin) as its record, or its
    rejection: bytes that do not decode, or nothing but whitespace."""
    try:
        text, _ = decode_bytes(data, name, encoding)
    except LoadError as exc:
        return _reject(name, exc.line, exc.reason, data)
    if not text.strip():
        return _reject(name, 1, "empty document", text)
    return Record(str(name), 1, "txt", {"text": text})


def read_jsonl(
    path: Path, encoding: str | None = None, limits: Limits | None = None
) -> Iterator[Record | Rejection]:
    """JSON Lines are UTF-8 (RFC 8259) unless ``encoding`` names an ASCII-compatible one."""
    limits = limits or Limits()
    try:
        codec = jsonl_codec(encoding)
    except ValueError as exc:
        raise LoadError(path, None, str(exc)) from None
    compressed = path.name.lower().endswith(".gz")
    with open(path, "rb") as stream:
        yield from _jsonl_records(path, file_chunks(stream, compressed, limits), codec, limits)


def _jsonl_records(
    path: str | Path, chunks: Iterable[bytes | str], codec: str, limits: Limits
) -> Iterator[Record | Rejection]:
    for number, _, line, problem in split_lines(chunks, limits.record_bytes):
        if line is None:
            yield _reject(path, number, problem or "unreadable")
            continue
        item = jsonl_record(path, number, line, codec)
        if item is not None:
            yield item


def read_stream(
    stream: BinaryIO, encoding: str | None = None, limits: Limits | None = None
) -> Iterator[Record | Rejection]:
    """The records of standard input (``stream``, bytes), named STDIN_NAME: JSON Lines when the
    first character that is not blank is ``{``, else one plain-text document (module
    docstring). The text is decoded as a ``.txt`` file is; JSON Lines as a ``.jsonl`` file."""
    limits = limits or Limits()
    chunks = file_chunks(stream, False, limits)
    head: list[bytes | str] = []
    lead = b""
    for chunk in chunks:  # until the first character that is not blank
        head.append(chunk)
        if isinstance(chunk, bytes):
            lead = (lead + chunk).removeprefix(codecs.BOM_UTF8).lstrip()
        if lead:
            break
    rest = itertools.chain(head, chunks)
    if lead.startswith(b"{"):
        try:
            codec = jsonl_codec(encoding)
        except ValueError as exc:
            raise LoadError(STDIN_NAME, None, str(exc)) from None
        yield from _jsonl_records(STDIN_NAME, rest, codec, limits)
        return
    pieces, size = [], 0
    for chunk in rest:
        if isinstance(chunk, bytes):
            size += len(chunk)
            if size > limits.record_bytes:
                yield _reject(STDIN_NAME, 1, _too_long(size, limits.record_bytes) or "")
                return
            pieces.append(chunk)
    yield _text_document(STDIN_NAME, b"".join(pieces), encoding)


def jsonl_codec(encoding: str | None) -> str:
    """The codec JSON lines are decoded with: UTF-8, or ``encoding`` when it writes ASCII as ASCII
    (lines are cut at the byte 0x0a before they are decoded). Raises ValueError otherwise."""
    if encoding is None:
        return "utf-8"
    try:
        sample = '{"a": 1}\n'.encode(encoding)
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r}") from None
    if sample != b'{"a": 1}\n':
        raise ValueError(
            f"JSON Lines cannot be read as {encoding}: lines are cut at the newline byte, so the "
            "encoding must write ASCII as ASCII (UTF-8, cp1256, latin-1...)"
        )
    return encoding


def jsonl_record(
    path: str | Path, number: int, line: bytes, codec: str = "utf-8"
) -> Record | Rejection | None:
    """One line of a JSON Lines file (``number`` counts from 1) as a Record or Rejection; None
    for a blank line. Readers of parts of a file (sahel.corpus.partitions) call it too."""
    if number == 1 and line.startswith(codecs.BOM_UTF8):
        line = line[len(codecs.BOM_UTF8) :]
    line = line.rstrip(b"\r\n")
    if not line.strip():
        return None
    try:
        text = line.decode(codec)
    except UnicodeDecodeError as exc:
        reason = f"not {codec} (byte 0x{line[exc.start]:02x}); pass encoding= with the file's"
        return _reject(path, number, reason + " encoding", line)
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


def read_csv(
    path: Path, encoding: str | None = None, limits: Limits | None = None
) -> Iterator[Record | Rejection]:
    limits = limits or Limits()
    data, broken = _whole(path, limits)
    if broken:
        data = data[: data.rfind(b"\n") + 1]  # the last line is incomplete
    try:
        text, _ = decode_bytes(data, path, encoding, nul_ok=_few_nuls(data))
    except LoadError as exc:
        yield _reject(path, exc.line, exc.reason)
        return
    yield from _csv_records(path, text, limits.record_bytes)
    if broken:
        yield _reject(path, _count_lines(text, 0, len(text)) + 1, broken)


def _few_nuls(data: bytes) -> bool:
    """A few NUL bytes are damage to the rows that hold them; many (one byte in eight or more)
    mean UTF-16 or UTF-32 without a byte-order mark, an error for the whole file."""
    return data.count(0) * 8 < len(data)


# CSV lines end as Python's csv module and io.StringIO(newline="") end them.
_LINE_END = re.compile(r"\r\n|\r|\n")
_UNQUOTED = re.compile(r"[^,\r\n]*")


class _BadQuote(Exception):
    """Quoting that breaks the record: reading goes on at the line after its first."""


_BLANK = re.compile(r"[ \t\r\n]+")


def _count_lines(text: str, start: int, stop: int) -> int:
    """Line ends in text[start:stop]: \\r\\n, \\r or \\n."""
    return (
        text.count("\n", start, stop)
        + text.count("\r", start, stop)
        - text.count("\r\n", start, stop)
    )


def _after_blank_lines(text: str, position: int) -> int:
    """Where the first line that is not blank starts, from ``position`` (a line start)."""
    space = _BLANK.match(text, position)
    if space is None:
        return position
    last = max(text.rfind("\n", position, space.end()), text.rfind("\r", position, space.end()))
    return position if last < 0 else last + 1


def _after_line(text: str, position: int) -> int:
    """The start of the line after the one holding ``position``."""
    end = _LINE_END.search(text, position)
    return len(text) if end is None else end.end()


def _csv_row(text: str, start: int, limit: int) -> tuple[list[str] | None, int, int]:
    """The fields of the CSV record at ``start``, where they end and where the next record
    starts; fields None when the record is over ``limit`` characters (its quoting is sound).
    Raises _BadQuote."""
    fields: list[str] = []
    position, size = start, len(text)
    while True:
        if position < size and text[position] == '"':
            parts, i = [], position + 1
            while True:
                close = text.find('"', i)
                if close < 0:
                    raise _BadQuote("a quoted field is not closed before the end of the file")
                if text.startswith('""', close):
                    parts.append(text[i : close + 1])
                    i = close + 2
                    continue
                parts.append(text[i:close])
                position = close + 1
                break
            fields.append("".join(parts) if close - start <= limit else "")
            if position < size and text[position] not in ",\r\n":
                raise _BadQuote(f"the character {text[position]!r} follows a closing quote")
        else:
            found = _UNQUOTED.match(text, position)
            assert found is not None  # the pattern matches the empty string
            fields.append(found.group())
            position = found.end()
        if position < size and text[position] == ",":
            position += 1
            continue
        break
    end = position
    if position < size:
        position = _LINE_END.match(text, position).end()  # type: ignore[union-attr]
    return (None if end - start > limit else fields), end, position


def _csv_records(path: Path, text: str, limit: int) -> Iterator[Record | Rejection]:
    """The rows of a CSV text as records, by the rules of the module docstring."""
    header: list[str] | None = None
    position, line = 0, 1
    while position < len(text):
        skipped = _after_blank_lines(text, position)
        if skipped > position:
            line += _count_lines(text, position, skipped)
            position = skipped
            continue
        reason: str | None = None
        try:
            row, fields_end, end = _csv_row(text, position, limit)
        except _BadQuote as exc:
            row, end, reason = None, _after_line(text, position), f"CSV quoting: {exc}"
            fields_end = end
        spans = _LINE_END.search(text, position, fields_end) is not None
        raw = text[position : min(fields_end, position + RAW_PREVIEW)]
        if row is None and reason is None:
            reason = (
                f"record of {fields_end - position:,} characters, over the limit of {limit:,} "
                "(Limits.record_bytes)"
            )
        blank = row is not None and len(row) == 1 and not row[0].strip()
        if row is not None and not blank and header is not None and len(row) != len(header):
            reason = f"row has {len(row)} fields, the header has {len(header)}"
            if spans:
                reason += f" (it spans {_count_lines(text, position, fields_end) + 1} lines)"
        if reason is not None:
            yield _reject(path, line, reason, raw)
        elif row is not None and not blank:
            if header is None:
                header = row
                repeated = sorted({h for h in header if header.count(h) > 1})
                if repeated:
                    yield _reject(path, line, f"repeated column names {repeated}", raw)
                    return
            elif any("\x00" in cell for cell in row):
                yield _reject(path, line, "NUL character in the record", raw)
            else:
                yield Record(str(path), line, "table", dict(zip(header, row, strict=True)))
        line += _count_lines(text, position, end)
        position = end


def read_parquet(
    path: Path, encoding: str | None = None, limits: Limits | None = None
) -> Iterator[Record | Rejection]:
    import pyarrow.parquet as pq

    limit = (limits or Limits()).record_bytes
    try:
        batches = pq.ParquetFile(path).iter_batches()
        number = 0
        for batch in batches:
            for row in batch.to_pylist():
                number += 1
                size = sum(len(v) for v in row.values() if isinstance(v, (str, bytes)))
                if size > limit:
                    reason = (
                        f"row of {size:,} characters, over the limit of {limit:,} "
                        "(Limits.record_bytes)"
                    )
                    yield _reject(path, number, reason)
                    continue
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


def read_file(
    path: Path, encoding: str | None = None, limits: Limits | None = None
) -> Iterator[Record | Rejection]:
    """Every record of one file (standard input for STDIN), in order, as Record or Rejection,
    within ``limits``."""
    if str(path) == STDIN:
        return read_stream(sys.stdin.buffer, encoding, limits)
    suffix = format_of(path)
    if suffix is None:
        raise LoadError(path, None, _unsupported(path))
    return _READERS[suffix](path, encoding, limits)
