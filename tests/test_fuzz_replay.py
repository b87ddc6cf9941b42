"""Replays the Python fuzz targets (tests/fuzz/targets.py): every saved input in
tests/fuzz/crashes/<target>/, then a short fixed-seed batch of random inputs, so that CI runs
each target briefly without atheris; `make fuzz` runs them for longer under atheris."""

import random
from pathlib import Path

import pytest

from tests.fuzz.targets import TARGETS, run_one

CRASHES = Path(__file__).parent / "fuzz" / "crashes"
RUNS = {"matcher": 20, "corpus": 40, "gazetteer": 100}


def _saved(name: str) -> list[Path]:
    folder = CRASHES / name
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_saved_inputs_replay(name: str) -> None:
    for path in _saved(name):
        run_one(name, path.read_bytes())


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_random_inputs(name: str) -> None:
    rng = random.Random(f"fuzz-{name}")
    for _ in range(RUNS.get(name, 300)):
        size = rng.randrange(0, 600)
        # half the inputs are Arabic-heavy UTF-16 text, the rest raw bytes
        if rng.random() < 0.5:
            chars = [
                chr(rng.choice((0x0600, 0x0620, 0x0640, 0x064B)) + rng.randrange(32))
                if rng.random() < 0.8
                else rng.choice(' .،\n\t\r"=,\\')
                for _ in range(size // 2)
            ]
            data = bytes([rng.randrange(256), rng.randrange(256)]) + "".join(chars).encode(
                "utf-16-le", "surrogatepass"
            )
        else:
            data = rng.randbytes(size)
        run_one(name, data)
