"""The notebooks run top to bottom, on the built-in sample corpus and on the seed articles, and
are committed without outputs (tools/strip_notebooks.py removes them)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from conftest import shared_path

from sahel.extract.events import EVENT_TYPES
from sahel.report import figures
from sahel.text.gazetteer import Gazetteer

nbclient = pytest.importorskip(
    "nbclient", reason="nbclient runs the notebooks: install .[notebooks]"
)
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PLOTLY = "application/vnd.plotly.v1+json"
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


def _run(path: Path, monkeypatch, corpus: str):
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
    return notebook


def _figures(notebook) -> dict[str, dict]:
    """The Plotly figure each chart cell (tagged chart-...) shows, as the JSON of its output;
    the cell must also carry the HTML the classic Notebook draws."""
    shown = {}
    for cell in notebook.cells:
        tags = [t for t in cell.metadata.get("tags", []) if t.startswith("chart-")]
        if cell.cell_type != "code" or not tags:
            continue
        shows = ("display_data", "execute_result")
        bundles = [o.data for o in cell.outputs if o.output_type in shows]
        plotly = [b for b in bundles if PLOTLY in b]
        assert len(plotly) == 1, f"{tags[0]}: {len(plotly)} Plotly figures in the outputs"
        assert "Plotly.newPlot" in plotly[0].get("text/html", ""), tags[0]
        shown[tags[0]] = plotly[0][PLOTLY]
    return shown


def _traces(figure: dict, kind: str | None = None) -> list[dict]:
    return [t for t in figure["data"] if kind is None or t.get("type", "scatter") == kind]


def _check_charts(path: Path, corpus: str, shown: dict[str, dict]) -> None:
    """What each notebook's charts must show, whatever the corpus."""
    niger = Gazetteer.default()["NE"].aliases[0]
    if path.stem.startswith("02"):
        assert set(shown) == {"chart-top-actors", "chart-by-source", "chart-source-shares",
                              "chart-network", "chart-partners"}  # fmt: skip
        bars = _traces(shown["chart-top-actors"], "bar")
        assert bars and niger in {name for t in bars for name in t["y"]}  # Arabic names
        assert _traces(shown["chart-source-shares"], "heatmap")
        nodes = [t for t in _traces(shown["chart-network"]) if t.get("mode") == "markers+text"]
        assert len(nodes) == 1 and "NE" in nodes[0]["customdata"]
        assert len(_traces(shown["chart-partners"], "heatmap")) >= 2  # all sources, then each
    elif path.stem.startswith("03"):
        assert set(shown) == {"chart-shifts", "chart-event-timeline", "chart-mention-timeline",
                              "chart-cooperation", "chart-map"}  # fmt: skip
        assert {t["name"] for t in _traces(shown["chart-event-timeline"], "bar")} <= set(
            EVENT_TYPES
        )
        timeline = shown["chart-mention-timeline"]
        lines = {t["name"] for t in _traces(timeline)}
        if corpus == "sample" or lines:
            assert niger in lines and len(lines) <= 8
        else:  # the seed articles are .txt files: no dates, and the chart says so
            assert [a["text"] for a in timeline["layout"]["annotations"]] == [figures.NO_DATA]
        quads = {t["name"] for t in _traces(shown["chart-cooperation"], "bar")}
        assert quads == set(figures.STYLE["quad_colours"])
        shapes = [t for t in _traces(shown["chart-map"]) if t.get("fill") == "toself"]
        circles = [t for t in _traces(shown["chart-map"]) if "customdata" in t]
        assert len(shapes) >= 60 and circles  # outlines drawn offline, and the places
    elif path.stem.startswith("05"):
        (bar,) = _traces(shown["chart-dask-top"], "bar")
        assert 0 < len(bar["y"]) <= 10 and "NE" in bar["y"]  # entity ids, Niger among them
    else:
        assert not shown


@pytest.mark.parametrize("corpus", CORPORA)
@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_runs(path, corpus, monkeypatch):
    notebook = _run(path, monkeypatch, corpus)
    _check_charts(path, corpus, _figures(notebook))
