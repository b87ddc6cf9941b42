"""The notebooks run top to bottom, on the built-in sample corpus and on the seed articles, and
are committed without outputs (tools/strip_notebooks.py removes them)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from conftest import shared_path

nbclient = pytest.importorskip(
    "nbclient", reason="nbclient runs the notebooks: install .[notebooks]"
)
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
# Per cell; a notebook takes seconds on the sample, the limit only stops a hung kernel.
CELL_TIMEOUT = 300
CORPORA = ("sample", "seeds")
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def test_notebooks_are_there():
    names = [p.name for p in PATHS]
    assert names[:4] == [
        "01_quickstart.ipynb",
        "02_actors_and_alliances.ipynb",
        "03_timeline_and_events.ipynb",
        "04_gazetteer_maintenance.ipynb",
    ]


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_committed_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    run = [
        i
        for i, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert not run, (
        f"{path.name}: cells {run} hold outputs or execution counts; "
        "run `python tools/strip_notebooks.py` before committing"
    )


def _run(path: Path, monkeypatch, corpus: str) -> None:
    if corpus == "sample":
        monkeypatch.delenv("SAHEL_CORPUS", raising=False)
    else:
        monkeypatch.setenv("SAHEL_CORPUS", str(shared_path("corpus", "seeds")))
    # The kernel inherits this process's environment: charts render off screen.
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    failure = None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        # The error's text holds the failing cell's source and its traceback (in colour).
        failure = ANSI_ESCAPE.sub("", str(error))
    if failure is not None:
        pytest.fail(f"{path.name} on the {corpus} corpus:\n{failure}", pytrace=False)
    errors = [
        (i, output)
        for i, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert not errors, f"{path.name} on the {corpus} corpus: error output in cell {errors[0][0]}"


@pytest.mark.parametrize("corpus", CORPORA)
@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_runs(path, corpus, monkeypatch):
    _run(path, monkeypatch, corpus)
