"""Remove outputs and execution counts from notebooks, so that a diff shows only what changed in
the code and the prose.

    python tools/strip_notebooks.py                 # every notebook under notebooks/
    python tools/strip_notebooks.py a.ipynb b.ipynb
    python tools/strip_notebooks.py --check         # exit 1, naming them, if any holds outputs

Besides outputs and execution counts, the run metadata that Jupyter and nbclient add (per-cell
execution timings, the kernel's language_info, widget state) is dropped: it changes on every run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
# Notebook-level metadata that records a run rather than the notebook.
RUN_METADATA = ("language_info", "widgets", "papermill", "execution")
# Cell-level metadata of the same kind.
CELL_RUN_METADATA = ("execution", "collapsed", "scrolled", "ExecuteTime", "papermill")


def strip(notebook: nbformat.NotebookNode) -> bool:
    """Strip `notebook` in place; True when anything was removed."""
    changed = False
    for key in RUN_METADATA:
        changed |= notebook.metadata.pop(key, None) is not None
    for cell in notebook.cells:
        for key in CELL_RUN_METADATA:
            changed |= cell.metadata.pop(key, None) is not None
        if cell.cell_type == "code":
            changed |= bool(cell.outputs) or cell.execution_count is not None
            cell.outputs = []
            cell.execution_count = None
        elif "attachments" in cell and not cell.attachments:
            del cell["attachments"]
            changed = True
    return changed


def strip_file(path: Path, check: bool = False) -> bool:
    """Strip one file (rewritten only when something changed, unless `check`); True if changed."""
    notebook = nbformat.read(path, as_version=4)
    changed = strip(notebook)
    if changed and not check:
        nbformat.write(notebook, path)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: notebooks/)")
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a notebook needs stripping"
    )
    args = parser.parse_args(argv)
    paths = args.paths or sorted(NOTEBOOKS.glob("*.ipynb"))
    missing = [p for p in paths if not p.is_file()]
    if missing:
        parser.error(f"no such notebook: {', '.join(map(str, missing))}")
    changed = [p for p in paths if strip_file(p, check=args.check)]
    for path in changed:
        print(f"{'has outputs' if args.check else 'stripped'}: {path}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
