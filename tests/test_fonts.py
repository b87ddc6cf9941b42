"""The Arabic fonts are registered with matplotlib whatever its font cache holds: `sahel analyze`
with a cache older than the fonts (or one that knows only matplotlib's own fonts) prints no
findfont warning and draws in the regular face, not a bold fallback."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from matplotlib.ft2font import FT2Font

from sahel.report import plot

ROOT = Path(__file__).resolve().parents[1]

# Writes into MPLCONFIGDIR the font cache matplotlib would have had before the Arabic fonts were
# installed: the list it builds now, without them.
STALE_CACHE = """
import pathlib, matplotlib, matplotlib.font_manager as fm
m = fm.fontManager
m.ttflist = [e for e in m.ttflist if "Arabic" not in e.name]
name = f"fontlist-v{fm.FontManager.__version__}.json"
fm.json_dump(m, pathlib.Path(matplotlib.get_cachedir()) / name)
"""
FACE_DRAWN = """
from matplotlib import font_manager as fm
from sahel.report import plot
family = plot.use_arabic_font()
print(fm.findfont(fm.FontProperties(family=family), fallback_to_default=False))
"""


@pytest.fixture(scope="module")
def noto() -> None:
    if not plot.font_files("Noto Sans Arabic"):
        reason = "Noto Sans Arabic is not installed (Debian: fonts-noto-core)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


def python(code_or_args: list[str], config: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "MPL_IGNORE_SYSTEM_FONTS"}
    environment.update(PYTHONPATH=str(ROOT), MPLCONFIGDIR=str(config), **env)
    return subprocess.run(
        [sys.executable, *code_or_args], capture_output=True, text=True, env=environment, cwd=ROOT
    )


def stale_cache(config: Path, **env: str) -> Path:
    config.mkdir()
    done = python(["-c", STALE_CACHE], config, **env)
    assert done.returncode == 0, done.stderr
    (cache,) = config.glob("fontlist-*.json")
    return cache


def arabic_in(cache: Path) -> bool:
    return any("Arabic" in f["name"] for f in json.loads(cache.read_text())["ttflist"])


@pytest.mark.parametrize("cache_kind", ["without the Arabic fonts", "matplotlib's fonts only"])
def test_analyze_prints_no_font_warning_with_a_stale_cache(noto, tmp_path, cache_kind) -> None:
    env = {"MPL_IGNORE_SYSTEM_FONTS": "1"} if cache_kind == "matplotlib's fonts only" else {}
    config = tmp_path / "mplconfig"
    cache = stale_cache(config, **env)
    assert not arabic_in(cache)
    done = python(
        ["-m", "sahel", "analyze", "--out", str(tmp_path / "out"), "--no-progress"], config
    )
    assert done.returncode == 0, done.stderr
    assert "findfont" not in done.stderr and "Warning" not in done.stderr, done.stderr
    assert (tmp_path / "out" / "report.html").is_file()
    # The cache is still the stale one: the fonts came from registration, not a rebuilt cache.
    assert not arabic_in(cache)


def test_the_regular_face_is_drawn_with_a_stale_cache(noto, tmp_path) -> None:
    config = tmp_path / "mplconfig"
    stale_cache(config)
    done = python(["-c", FACE_DRAWN], config)
    assert done.returncode == 0, done.stderr
    path = done.stdout.strip()
    assert FT2Font(path).style_name == "Regular", path
    assert "findfont" not in done.stderr, done.stderr


def test_font_files_lists_every_face_of_the_family(noto) -> None:
    files = plot.font_files("Noto Sans Arabic")
    styles = {FT2Font(path).style_name for path in files}
    assert {"Regular", "Bold"} <= styles
    assert all(FT2Font(path).family_name == "Noto Sans Arabic" for path in files)
    assert plot.font_files("No Such Family Anywhere") == []
