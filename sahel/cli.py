"""The `sahel` command: analyze a corpus, or normalize and match text read on stdin.

    sahel analyze [PATH ... | -] --out DIR [--force] [--excel] [--gazetteer FILE ...]
                  [--workers N | --scheduler tcp://HOST:PORT] [--block-size BYTES]
                  [--format csv,parquet,jsonl] [--text-field NAME --title-field NAME ...]
                  [--encoding ENC]
    sahel normalize [FILE ...] [--preset search|camel|none] [--alef/--no-alef ...]
                    [--jsonl --field text] [--encoding ENC]
    sahel match [FILE ...] [--gazetteer FILE ...] [--jsonl --field text] [--encoding ENC]
    sahel --version

`analyze` reads stdin for the PATH `-`: JSON Lines (the same fields and --*-field options as a
.jsonl file) when its first character that is not blank is `{`, else the whole of stdin as one
plain-text document of source "stdin" (sahel.corpus.loaders). `normalize` and `match` read each
FILE, or stdin when none is given or for `-`. Their input is
UTF-8 (a byte-order mark says otherwise) unless --encoding names another; input that does not
decode is an error naming the file and line, never replaced characters.

Bad input ends the command with exit status 2 and one line on stderr naming the file and line:
a file type sahel does not read, an encoding that does not decode, a corpus of which every record
was rejected (with the fields found and the option to use). A reader that stops early
(`sahel normalize < big.txt | head`) ends it quietly with status 0.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, BinaryIO, NoReturn, TextIO

from sahel.text.normalize import OPTIONS, PRESETS, Normalizer

FORMATS = ("csv", "parquet", "jsonl")
#: The option naming each field of the mapping (sahel.corpus.fields.NAMES), and its keyword.
FIELD_OPTIONS = {
    "text": "--text-field",
    "title": "--title-field",
    "date": "--date-field",
    "source": "--source-field",
    "id": "--id-field",
    "url": "--url-field",
}


class InputError(ValueError):
    """Input the command cannot read; the message names where (file:line)."""


def _formats(value: str) -> tuple[str, ...]:
    chosen = tuple(f.strip().lower() for f in value.split(",") if f.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or value!r}: choose from {', '.join(FORMATS)}"
        )
    return chosen


def _encoding(value: str) -> str:
    try:
        codecs.lookup(value)
    except LookupError:
        raise argparse.ArgumentTypeError(
            f"unknown encoding {value!r}: name one Python knows (utf-8, cp1256, utf-16...)"
        ) from None
    return value


def _encoding_argument(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--encoding", type=_encoding, metavar="ENC", help=what)


class _Version(argparse.Action):
    """--version, read from the installed package's metadata only when asked: importing
    importlib.metadata would add about 20 ms to every command's start-up."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(
            option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="print the version"
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> NoReturn:
        from importlib.metadata import version

        sys.stdout.write(f"{parser.prog} {version('sahel')}\n")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sahel", description="Arabic news coverage of Sahel geopolitics."
    )
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    analyze = commands.add_parser(
        "analyze",
        help="analyse a corpus into tables and an HTML report",
        description="Load, clean and analyse a corpus (the built-in sample when no PATH is "
        "given); write the tables and report.html to --out.",
    )
    analyze.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders (.jsonl[.gz], .csv, .parquet, .txt); - reads stdin: JSON Lines "
        "when its first character that is not blank is {, else one plain-text document",
    )
    analyze.add_argument(
        "--out", required=True, metavar="DIR",
        help="folder for the results: missing, empty, or holding an earlier run (whose files, "
        "as its sahel-run.json lists them, are replaced)",
    )  # fmt: skip
    analyze.add_argument(
        "--force", action="store_true",
        help="write into a folder that holds files sahel did not write (files of the same "
        "names are replaced; nothing is written through a symbolic link)",
    )  # fmt: skip
    analyze.add_argument(
        "--excel", action="store_true",
        help="start CSV files with a UTF-8 byte-order mark, so that Excel reads Arabic right",
    )  # fmt: skip
    analyze.add_argument(
        "--gazetteer", action="append", default=[], metavar="FILE",
        help="a gazetteer file extending the default one (repeatable)",
    )  # fmt: skip
    analyze.add_argument(
        "--format", type=_formats, default=("csv",), metavar="FMT[,FMT]",
        help=f"table formats, comma-separated: {', '.join(FORMATS)} (default csv)",
    )  # fmt: skip
    analyze.add_argument(
        "--keep-duplicates", action="store_true",
        help="analyse exact duplicate texts too (by default only the first copy counts)",
    )  # fmt: skip
    analyze.add_argument(
        "--raw-csv", action="store_true",
        help="keep CSV cells that begin with = + - @ as they are (by default they get a "
        "leading apostrophe so that a spreadsheet does not evaluate them)",
    )  # fmt: skip
    analyze.add_argument(
        "--source-country", action="append", default=[], metavar="SOURCE=COUNTRY",
        help="a national outlet of the source field and its country's ISO code (repeatable): "
        "its unnamed «المملكة، البلاد، الحكومة، العاصمة» are read as that country "
        "(docs/outlets.md)",
    )  # fmt: skip
    analyze.add_argument("--no-progress", action="store_true", help="no progress bar")
    scale = analyze.add_argument_group(
        "partitions and Dask", "analyse the input partition by partition as Dask tasks "
        "(docs/scaling.md); the row tables are also written as Parquet datasets"
    )  # fmt: skip
    where = scale.add_mutually_exclusive_group()
    where.add_argument(
        "--workers", type=_count, metavar="N",
        help="start a local Dask cluster of N worker processes (one thread each); 0 runs the "
        "partitions one after the other in this process",
    )  # fmt: skip
    where.add_argument(
        "--scheduler", metavar="tcp://HOST:PORT",
        help="use the Dask cluster of this scheduler (started with `dask scheduler`)",
    )  # fmt: skip
    scale.add_argument(
        "--block-size", type=_size, default=None, metavar="BYTES",
        help="bytes of plain JSON Lines per partition, in this process as on Dask (default "
        "64M; K, M and G suffixes): memory grows with it, not with the corpus",
    )  # fmt: skip
    fields = analyze.add_argument_group(
        "fields", "the JSON Lines field or CSV/Parquet column holding each part of an article"
    )
    defaults = {"text": "text", "title": "title", "date": "date", "source": "source",
                "id": "id when there is one, else file-line", "url": "url"}  # fmt: skip
    for name, option in FIELD_OPTIONS.items():
        fields.add_argument(
            option, dest=f"{name}_field", metavar="NAME", help=f"default: {defaults[name]}"
        )
    _encoding_argument(
        analyze,
        "the encoding of text, CSV and JSON Lines files (default: a byte-order mark, UTF-8, "
        "else Windows-1256 when that reads as Arabic)",
    )

    normalize = commands.add_parser(
        "normalize",
        help="normalize Arabic text read from files or stdin",
        description="Normalize each FILE (stdin when none, or for -), text or JSONL with "
        "--jsonl, to stdout.",
    )
    _inputs_argument(normalize)
    normalize.add_argument("--preset", choices=list(PRESETS), default="search")
    for name in OPTIONS:
        normalize.add_argument(
            f"--{name.replace('_', '-')}", dest=name, action=argparse.BooleanOptionalAction,
            default=None, help=f"switch {name} on or off (default: as the preset)",
        )  # fmt: skip
    _jsonl_arguments(normalize)

    match = commands.add_parser(
        "match",
        help="find gazetteer entities in text read from files or stdin",
        description="Find entities in each FILE (stdin when none, or for -), one text each or "
        "JSONL with --jsonl, and write one JSON object per mention to stdout.",
    )
    _inputs_argument(match)
    match.add_argument(
        "--gazetteer", action="append", default=[], metavar="FILE",
        help="a gazetteer file extending the default one (repeatable)",
    )  # fmt: skip
    _jsonl_arguments(match)
    match.add_argument(
        "--id-field", default="id", metavar="NAME",
        help="with --jsonl, the field naming each record (default id; else its line number)",
    )  # fmt: skip
    return parser


def _inputs_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help="files to read (default: stdin; - is stdin)"
    )
    _encoding_argument(
        parser, "the input's encoding (default: UTF-8, or what a byte-order mark says)"
    )


def _jsonl_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jsonl", action="store_true", help="the input is JSON Lines")
    parser.add_argument(
        "--field",
        "--text-field",
        dest="field",
        default="text",
        metavar="NAME",
        help="with --jsonl, the text field (default text)",
    )


def _name(path: str) -> str:
    return "stdin" if path == "-" else path


def _open(path: str, stdin: BinaryIO) -> BinaryIO:
    return stdin if path == "-" else open(path, "rb")  # noqa: SIM115 (closed by the caller)


def _lines(stream: BinaryIO, name: str, encoding: str | None) -> Iterator[tuple[int, str]]:
    """(line number, line with its end) of a byte stream, decoded strictly: UTF-8 unless a
    byte-order mark or `encoding` says otherwise. Bytes that do not decode are an InputError
    naming the line, with the --encoding to try."""
    from sahel.corpus.loaders import BOMS, plausibly_arabic

    codec, number, pending = encoding, 0, ""
    decoder = None
    for raw in stream:
        if decoder is None:
            if codec is None:
                codec = "utf-8"
                for bom, name_of in BOMS:
                    if raw.startswith(bom):
                        codec, raw = name_of, raw[len(bom) :]
                        break
            decoder = codecs.getincrementaldecoder(codec)()
        try:
            pending += decoder.decode(raw)
        except UnicodeDecodeError as error:
            hint = "pass --encoding with the input's encoding"
            if codec == "utf-8" and plausibly_arabic(raw.decode("cp1256")):
                hint = "it reads as Windows-1256 Arabic: pass --encoding cp1256"
            bad = raw[error.start] if error.start < len(raw) else None
            what = f" (byte 0x{bad:02x})" if bad is not None else ""
            where = number + pending.count("\n") + 1
            raise InputError(f"{name}:{where}: not {codec}{what}; {hint}") from None
        *done, pending = pending.split("\n")
        for line in done:
            number += 1
            yield number, line + "\n"
    if decoder is not None:
        pending += decoder.decode(b"", final=True)
    if pending:
        yield number + 1, pending


def _records(
    lines: Iterable[tuple[int, str]], name: str, field: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) of each non-blank JSON line, checked to hold a string `field`."""
    for number, line in lines:
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{name}:{number}: not valid JSON ({error.msg})") from None
        if not isinstance(record, dict):
            kind = type(record).__name__
            raise InputError(f"{name}:{number}: expected a JSON object, got {kind}")
        if not isinstance(record.get(field), str):
            found = "missing" if field not in record else f"a {type(record[field]).__name__}"
            raise InputError(f"{name}:{number}: field {field!r} is {found}, not a string")
        yield number, record


def _each_input(args: argparse.Namespace, stdin: BinaryIO) -> Iterator[tuple[str, Iterator]]:
    """(path as given, its decoded lines) for each input, stdin when none is given."""
    for path in args.files or ["-"]:
        stream = _open(path, stdin)
        try:
            yield path, _lines(stream, _name(path), args.encoding)
        finally:
            if stream is not stdin:
                stream.close()


def _dump(obj: dict[str, Any], out: TextIO) -> None:
    out.write(json.dumps(obj, ensure_ascii=False))
    out.write("\n")


def _gazetteer(files: Sequence[str]):
    from sahel.text.gazetteer import Gazetteer

    gazetteer = Gazetteer.default()
    for path in files:
        gazetteer = gazetteer.extend(path)
    return gazetteer


def run_normalize(args: argparse.Namespace, stdin: BinaryIO, stdout: TextIO) -> None:
    options = {name: getattr(args, name) for name in OPTIONS if getattr(args, name) is not None}
    normalizer = Normalizer(args.preset, **options)
    for path, lines in _each_input(args, stdin):
        if not args.jsonl:
            for _, line in lines:
                stdout.write(normalizer.normalize(line))
            continue
        for _, record in _records(lines, _name(path), args.field):
            record[args.field] = normalizer.normalize(record[args.field])
            _dump(record, stdout)


def run_match(args: argparse.Namespace, stdin: BinaryIO, stdout: TextIO) -> None:
    """One JSON object per mention: `doc` is the record's id (or line) with --jsonl, else the
    file's path (0 for stdin); `file` names the file when FILE arguments were given."""
    from sahel.text.matcher import Matcher

    matcher = Matcher(_gazetteer(args.gazetteer))
    for path, lines in _each_input(args, stdin):
        where = {"file": path} if args.files else {}
        documents: Iterable[tuple[Any, str]]
        if args.jsonl:
            documents = (
                (record.get(args.id_field, number), record[args.field])
                for number, record in _records(lines, _name(path), args.field)
            )
        else:
            documents = [(0 if path == "-" else path, "".join(line for _, line in lines))]
        for doc, text in documents:
            for mention in matcher.find(text):
                _dump({"doc": doc, **where, **mention._asdict()}, stdout)


def _count(value: str) -> int:
    """A number of worker processes (0 or more)."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of workers") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"{value!r}: a number of workers is 0 or more")
    return n


_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}


def _size(value: str) -> int:
    """A positive number of bytes, with an optional K, M or G suffix (powers of 1024)."""
    text = value.strip().upper().removesuffix("B")
    unit = text[-1:] if text[-1:] in "KMG" else ""
    try:
        n = int(float(text[: len(text) - len(unit)]) * _UNITS[unit])
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a size (say 64M)") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: a block size is at least one byte")
    return n


def run_analyze(args: argparse.Namespace, stdout: TextIO) -> None:
    from sahel.corpus.fields import Fields
    from sahel.pipeline import analyze
    from sahel.text.outlets import parse_source_countries, source_countries

    if args.excel and "csv" not in args.format:
        raise InputError("--excel marks CSV files for Excel: add csv to --format")
    given = {name: getattr(args, f"{name}_field") for name in FIELD_OPTIONS}
    try:
        outlets = parse_source_countries(args.source_country)
        source_countries(outlets)
    except ValueError as error:
        raise InputError(f"--source-country {error}") from None
    result = analyze(
        args.paths or None,
        out_dir=args.out,
        gazetteer_files=args.gazetteer,
        formats=args.format,
        keep_duplicates=args.keep_duplicates,
        progress=not args.no_progress,
        raw_csv=args.raw_csv,
        force=args.force,
        excel=args.excel,
        fields=Fields(**{k: v for k, v in given.items() if v is not None}),
        encoding=args.encoding,
        workers=args.workers,
        scheduler=args.scheduler,
        source_countries=outlets or None,
        **({"block_size": args.block_size} if args.block_size else {}),
    )
    stdout.write(result.summary_text() + "\n")
    if not len(result.tables["documents"]):
        raise InputError(_nothing_read(args, result.records, result.tables["rejected"]))


def _nothing_read(args: argparse.Namespace, records: int, rejected) -> str:
    """Why a corpus gave no document, and the option to use."""
    from sahel.corpus.fields import suggested_text

    inputs = ", ".join("<stdin>" if p == "-" else p for p in args.paths) or "the sample"
    if not records:
        return f"{inputs}: no records read (empty files, or a folder without data files)"
    import pandas as pd

    first = rejected.iloc[0]
    where = first["path"] if pd.isna(first["line"]) else f"{first['path']}:{first['line']}"
    reason = str(first["reason"])
    message = f"{inputs}: every record ({records:,}) was rejected; first, {where}: {reason}"
    text = suggested_text(reason)
    if text is not None:
        message += f"; use --text-field {text}"
    elif "encoding=" in reason or reason.startswith("cannot decode as"):
        message += "; use --encoding ENC"
    return message + f" (every reason is in {args.out}/rejected.csv)"


def _load_errors() -> tuple[type[BaseException], ...]:
    """The exceptions that mean bad input rather than a bug: reported in one line."""
    errors: list[type[BaseException]] = [InputError, OSError, UnicodeDecodeError]
    for module, name in (
        ("sahel.corpus.loaders", "LoadError"),
        ("sahel.text.gazetteer", "GazetteerError"),
        ("sahel.corpus.output", "OutputError"),
    ):
        try:
            errors.append(getattr(__import__(module, fromlist=[name]), name))
        except (ImportError, AttributeError):
            pass
    return tuple(errors)


def _reader_left() -> int:
    """stdout's reader closed the pipe (`sahel match | head`): nothing is wrong, exit 0.
    stdout now points at devnull, so that Python's own flush at exit does not fail on the
    closed pipe (the recipe of the `signal` module's documentation)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # stdout is not a file (a test's StringIO)
        pass
    finally:
        os.close(devnull)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "normalize":
            run_normalize(args, sys.stdin.buffer, sys.stdout)
        elif args.command == "match":
            run_match(args, sys.stdin.buffer, sys.stdout)
        else:
            run_analyze(args, sys.stdout)
        sys.stdout.flush()  # a closed pipe shows here, not in Python's flush at exit
    except BrokenPipeError:  # before the load errors: it is an OSError too
        return _reader_left()
    except _load_errors() as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        if isinstance(error, OSError) and error.filename and str(error.filename) not in message:
            message = f"{error.filename}: {message}"
        print(f"sahel {args.command}: error: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"sahel {args.command}: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
