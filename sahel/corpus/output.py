"""Writing tables safely: cells a spreadsheet would evaluate, and paths that lead elsewhere.

- CSV cells: a spreadsheet evaluates a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or
  a carriage return as a formula (CSV injection). :func:`inert_cells` prefixes such text cells
  with an apostrophe, which spreadsheets show as text and do not display; numbers are left alone.
  ``raw=True`` keeps them as read (for tools that read the CSV as data, not a spreadsheet).
- Paths: :func:`output_path` refuses to write through a symbolic link, so that a link planted in
  the output folder can neither redirect a write out of it nor overwrite a file sahel did not
  write.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

#: First characters that make a spreadsheet evaluate a cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
    """``folder / name`` to be written, refused (ValueError) when it is a symbolic link or
    resolves outside ``folder``."""
    path = folder / name
    if path.is_symlink():
        raise ValueError(
            f"{path} is a symbolic link: sahel does not write through links; remove it or "
            "choose another --out folder"
        )
    if path.resolve().parent != folder.resolve():
        raise ValueError(f"{path} resolves outside {folder}")
    return path
