"""Writing tables safely: cells a spreadsheet would evaluate, paths that lead elsewhere, and an
output folder that holds one run at a time.

- CSV cells: a spreadsheet evaluates a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or
  a carriage return as a formula (CSV injection). :func:`inert_cells` prefixes such text cells
  with an apostrophe, which spreadsheets show as text and do not display; numbers are left alone.
  ``raw=True`` keeps them as read (for tools that read the CSV as data, not a spreadsheet).
- Paths: :func:`output_path` refuses to write through a symbolic link, so that a link planted in
  the output folder can neither redirect a write out of it nor overwrite a file sahel did not
  write; :func:`open_output` opens with ``O_NOFOLLOW``, so a link planted between that check and
  the write is refused too.
- The folder: every run leaves a manifest, :data:`MANIFEST` (sahel's version, the date, the
  inputs, the options and every file written with its size). :class:`RunFolder` lets a run into
  a folder that is missing, empty or holds an earlier run; it removes exactly the files the
  earlier manifest lists (so no stale table is left beside the new ones), and the subfolders of
  datasets (``mentions/part-00000.parquet``) left empty by that, and nothing else. A
  folder holding files no manifest accounts for is refused unless ``force``; a listed file whose
  size changed since it was written is refused too (someone edited it). Even with ``force``,
  nothing is written through or removed behind a symbolic link.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import pandas as pd

#: First characters that make a spreadsheet evaluate a cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The manifest every run writes into its output folder.
MANIFEST = "sahel-run.json"
#: What the manifest says it is (its "format" field), so a stray JSON file is not taken for one.
MANIFEST_FORMAT = "sahel-run/1"


class OutputError(ValueError):
    """An output folder or file sahel will not write; the message says why and what to do."""


def _inert(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def inert_cells(frame: pd.DataFrame, raw: bool = False) -> pd.DataFrame:
    """``frame`` with every text cell that a spreadsheet would evaluate prefixed by ``'``
    (a copy; the same frame when nothing needs it or ``raw``)."""
    if raw:
        return frame
    changed = {}
    for name in frame.columns:
        column = frame[name]
        if column.dtype.kind in "iufbmM":
            continue
        if isinstance(column.dtype, pd.CategoricalDtype):
            categories = column.cat.categories
            if categories.dtype.kind == "O" or pd.api.types.is_string_dtype(categories):
                risky = [
                    c for c in categories if isinstance(c, str) and c.startswith(FORMULA_STARTS)
                ]
                if risky:
                    changed[name] = column.cat.rename_categories({c: "'" + c for c in risky})
            continue
        text = column.astype(object)
        mask = text.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_STARTS)).astype(bool)
        if mask.any():
            text = text.copy()
            text[mask] = ["'" + v for v in text[mask]]
            changed[name] = text
    return frame.assign(**changed) if changed else frame


def output_path(folder: Path, name: str) -> Path:
    """``folder / name`` to be written, refused (OutputError) when it is a symbolic link or
    resolves outside ``folder``."""
    path = folder / name
    if path.is_symlink():
        raise OutputError(
            f"{path} is a symbolic link: sahel does not write through links; remove it or "
            "choose another --out folder"
        )
    if path.resolve().parent != folder.resolve():
        raise OutputError(f"{path} resolves outside {folder}")
    return path


def dataset_path(folder: Path, dataset: str, name: str) -> Path:
    """``folder / dataset / name`` to be written (the dataset's folder made), refused as
    :func:`output_path` refuses a path."""
    where = output_path(folder, dataset)
    where.mkdir(exist_ok=True)
    return output_path(where, name)


def open_output(path: Path, encoding: str | None = None) -> IO[Any]:
    """``path`` opened for writing (truncated), in binary or, with ``encoding``, as text; a
    symbolic link there is refused (OutputError) even when it appeared after ``output_path``
    checked the name, because the open itself does not follow it (``O_NOFOLLOW``)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OutputError(
                f"{path} is a symbolic link: sahel does not write through links; remove it or "
                "choose another --out folder"
            ) from None
        raise
    if encoding is None:
        return os.fdopen(fd, "wb")
    return os.fdopen(fd, "w", encoding=encoding, newline="")


def _plain_name(name: object) -> bool:
    """A file name directly inside the folder: no separator, not . or .."""
    return (
        isinstance(name, str)
        and name not in ("", ".", "..")
        and "/" not in name
        and "\\" not in name
        and "\0" not in name
    )


def _run_name(name: object) -> bool:
    """A file a run may write: directly inside the folder, or inside one of its subfolders (a
    dataset: ``mentions/part-00000.parquet``)."""
    if not isinstance(name, str):
        return False
    parts = name.split("/")
    return len(parts) <= 2 and all(_plain_name(p) for p in parts)


def _top(name: str) -> str:
    """The entry of the folder a run's file name lies in (itself, or its subfolder)."""
    return name.split("/", 1)[0]


def _listing(names: Iterable[str], at_most: int = 5) -> str:
    names = sorted(names)
    shown = ", ".join(names[:at_most])
    return shown + (f" and {len(names) - at_most} more" if len(names) > at_most else "")


@dataclass(frozen=True)
class RunFolder:
    """An output folder checked for a run (see the module docstring); made by :meth:`open`.

    ``stale``: the earlier run's files to remove before writing (plain names, regular files).
    """

    path: Path
    stale: tuple[str, ...] = ()

    @classmethod
    def open(cls, folder: str | Path, names: Iterable[str], force: bool = False) -> RunFolder:
        """Check ``folder`` for a run that will write the files ``names`` (and the manifest).

        Raises OutputError when the folder is a file, holds files no manifest accounts for
        (unless ``force``), when a file the earlier manifest lists changed size since (unless
        ``force``), or when the manifest is a link or not sahel's.
        """
        path = Path(folder)
        wanted = {*names, MANIFEST}
        wanted |= {_top(name) for name in wanted}  # a dataset's folder may not be a link either
        if not path.exists():
            if path.is_symlink():
                raise OutputError(f"{path} is a broken symbolic link: choose another --out folder")
            return cls(path)
        if not path.is_dir():
            raise OutputError(f"{path} exists and is not a folder: choose another --out folder")
        entries = {entry.name for entry in path.iterdir()}
        links = {name for name in wanted if (path / name).is_symlink()}
        if links:
            raise OutputError(
                f"{path} holds {_listing(links)} as a symbolic link: sahel does not write through "
                "links; remove it or choose another --out folder"
            )
        listed, changed = cls._previous(path, entries, force)
        ours = {_top(name) for name in listed} | ({MANIFEST} if MANIFEST in entries else set())
        foreign = entries - ours
        if not (listed or MANIFEST in entries):
            if foreign and not force:
                raise OutputError(
                    f"{path} holds files sahel did not write ({_listing(foreign)}) and no "
                    f"{MANIFEST}: choose an empty or new --out folder, or pass --force to write "
                    "beside them (files of the same name are then replaced)"
                )
        else:
            if changed and not force:
                raise OutputError(
                    f"{path}: {_listing(changed)} changed since sahel wrote "
                    f"{'it' if len(changed) == 1 else 'them'} (the size differs from {MANIFEST}); "
                    "move the file away, or pass --force to replace it"
                )
            clash = foreign & {name for name in wanted if name not in ours}
            if clash and not force:
                raise OutputError(
                    f"{path} holds {_listing(clash)}, which the earlier run's {MANIFEST} does not "
                    "list: sahel would overwrite a file it did not write; move it away, or pass "
                    "--force to replace it"
                )
        stale = tuple(
            name
            for name in listed
            if (path / name).is_file()
            and not (path / name).is_symlink()
            and not (path / _top(name)).is_symlink()
        )
        return cls(path, stale)

    @staticmethod
    def _previous(path: Path, entries: set[str], force: bool) -> tuple[list[str], list[str]]:
        """(files the earlier run's manifest lists, those of them whose size changed)."""
        if MANIFEST not in entries:
            return [], []
        manifest = path / MANIFEST
        if manifest.is_symlink() or not manifest.is_file():
            raise OutputError(
                f"{manifest} is not a file sahel wrote (a link or a folder): remove it or choose "
                "another --out folder"
            )
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
            files = data["files"] if data.get("format") == MANIFEST_FORMAT else None
        except (ValueError, UnicodeDecodeError, AttributeError, KeyError):
            files = None
        if not isinstance(files, list) or not all(isinstance(f, dict) for f in files):
            if force:
                return [], []
            raise OutputError(
                f"{manifest} is not a manifest sahel wrote: remove it, choose another --out "
                "folder, or pass --force"
            )
        listed, changed = [], []
        for entry in files:
            name = entry.get("name")
            if not _run_name(name) or name == MANIFEST:
                raise OutputError(
                    f"{manifest} lists {name!r}, which is no file of the folder: sahel removes "
                    "nothing outside it; remove the manifest or choose another --out folder"
                )
            listed.append(name)
            file = path / name
            size = entry.get("bytes")
            if isinstance(size, int) and file.is_file() and not file.is_symlink():
                if file.stat().st_size != size:
                    changed.append(name)
        return listed, changed

    def clear(self) -> None:
        """Create the folder if needed and remove the earlier run's files (the stale ones)."""
        self.path.mkdir(parents=True, exist_ok=True)
        folders = set()
        for name in self.stale:
            file = self.path / name
            if file.is_file() and not file.is_symlink():
                file.unlink()
            if "/" in name:
                folders.add(self.path / _top(name))
        for folder in folders:  # a dataset's folder goes when the run's files were all it held
            if folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir()):
                folder.rmdir()

    def _name(self, file: Path | str) -> str:
        """A file of the run as the manifest names it: relative to the folder."""
        path = Path(file)
        if isinstance(file, str) and _run_name(file):
            return file
        if path.is_relative_to(self.path):
            return path.relative_to(self.path).as_posix()
        return path.name

    def write_manifest(
        self,
        about: Mapping[str, Any],
        files: Iterable[Path | str],
        complete: bool,
    ) -> Path:
        """Write the manifest: ``about`` (version, inputs, options...), the date, and each of
        ``files`` with its size (null for a file not written yet: an unfinished run lists the
        files it was about to write, so the next run still removes them)."""
        rows = []
        for file in dict.fromkeys(self._name(f) for f in files):
            here = self.path / file
            exists = here.is_file() and not here.is_symlink()
            rows.append({"name": file, "bytes": here.stat().st_size if exists else None})
        data = {
            "format": MANIFEST_FORMAT,
            **about,
            "written": datetime.now(UTC).isoformat(timespec="seconds"),
            "complete": complete,
            "files": rows,
        }
        target = output_path(self.path, MANIFEST)
        with open_output(target, "utf-8") as stream:
            stream.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        return target
