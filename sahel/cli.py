"""The `sahel` command: analyze a corpus, or normalize and match text read on stdin.

    sahel analyze [PATH ...] --out DIR [--force] [--excel] [--gazetteer FILE ...]
                  [--format csv,parquet,jsonl]
    sahel normalize [--preset search|camel|none] [--alef/--no-alef ...] [--jsonl --field text]
    sahel match [--gazetteer FILE ...] [--jsonl --field text]
    sahel --version

Bad input ends the command with exit status 2 and one line on stderr naming the file and line.
A reader that stops early (`sahel normalize < big.txt | head`) ends it quietly with status 0.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NoReturn, TextIO

from sahel.text.normalize import OPTIONS, PRESETS, Normalizer

FORMATS = ("csv", "parquet", "jsonl")


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
        help="files or folders (.jsonl[.gz], .csv, .parquet, .txt)",
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
    analyze.add_argument("--no-progress", action="store_true", help="no progress bar")

    normalize = commands.add_parser(
        "normalize",
        help="normalize Arabic text read on stdin",
        description="Normalize stdin (text, or JSONL with --jsonl) to stdout.",
    )
    normalize.add_argument("--preset", choices=list(PRESETS), default="search")
    for name in OPTIONS:
        normalize.add_argument(
            f"--{name.replace('_', '-')}", dest=name, action=argparse.BooleanOptionalAction,
            default=None, help=f"switch {name} on or off (default: as the preset)",
        )  # fmt: skip
    _jsonl_arguments(normalize)

    match = commands.add_parser(
        "match",
        help="find gazetteer entities in text read on stdin",
        description="Find entities in stdin (one text, or JSONL with --jsonl) and write one JSON "
        "object per mention to stdout.",
    )
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


def _jsonl_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jsonl", action="store_true", help="stdin is JSON Lines")
    parser.add_argument(
        "--field",
        default="text",
        metavar="NAME",
        help="with --jsonl, the text field (default text)",
    )


def _records(stream: TextIO, field: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) of each non-blank JSON line, checked to hold a string `field`."""
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"stdin:{number}: not valid JSON ({error.msg})") from None
        if not isinstance(record, dict):
            raise InputError(f"stdin:{number}: expected a JSON object, got {type(record).__name__}")
        if not isinstance(record.get(field), str):
            found = "missing" if field not in record else f"a {type(record[field]).__name__}"
            raise InputError(f"stdin:{number}: field {field!r} is {found}, not a string")
        yield number, record


def _dump(obj: dict[str, Any], out: TextIO) -> None:
    out.write(json.dumps(obj, ensure_ascii=False))
    out.write("\n")


def _gazetteer(files: Sequence[str]):
    from sahel.text.gazetteer import Gazetteer

    gazetteer = Gazetteer.default()
    for path in files:
        gazetteer = gazetteer.extend(path)
    return gazetteer


def run_normalize(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> None:
    options = {name: getattr(args, name) for name in OPTIONS if getattr(args, name) is not None}
    normalizer = Normalizer(args.preset, **options)
    if not args.jsonl:
        for line in stdin:
            stdout.write(normalizer.normalize(line))
        return
    for _, record in _records(stdin, args.field):
        record[args.field] = normalizer.normalize(record[args.field])
        _dump(record, stdout)


def run_match(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> None:
    from sahel.text.matcher import Matcher

    matcher = Matcher(_gazetteer(args.gazetteer))
    documents: Iterable[tuple[Any, str]]
    if args.jsonl:
        documents = (
            (record.get(args.id_field, number), record[args.field])
            for number, record in _records(stdin, args.field)
        )
    else:
        documents = [(0, stdin.read())]
    for doc, text in documents:
        for mention in matcher.find(text):
            _dump({"doc": doc, **mention._asdict()}, stdout)


def run_analyze(args: argparse.Namespace, stdout: TextIO) -> None:
    from sahel.pipeline import analyze

    if args.excel and "csv" not in args.format:
        raise InputError("--excel marks CSV files for Excel: add csv to --format")
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
    )
    stdout.write(result.summary_text() + "\n")


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
            run_normalize(args, sys.stdin, sys.stdout)
        elif args.command == "match":
            run_match(args, sys.stdin, sys.stdout)
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
