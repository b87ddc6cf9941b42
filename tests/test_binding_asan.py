"""The binding under AddressSanitizer: a separate build of the extension (csrc/ compiled with
-fsanitize=address into a temporary folder) runs tests/binding/mutate_during_batch.py in a child
process with libasan preloaded, so that a use after free is reported instead of going unnoticed."""

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tests" / "binding" / "mutate_during_batch.py"


def _libasan() -> str:
    cc = sysconfig.get_config_var("CC").split()[0]
    if shutil.which(cc) is None:
        pytest.skip(f"no C compiler {cc!r} to build the sanitized extension")
    path = subprocess.run(
        [cc, "-print-file-name=libasan.so"], capture_output=True, text=True, check=True
    ).stdout.strip()
    if not os.path.isabs(path):
        pytest.skip(f"{cc} has no libasan.so")
    return path


@pytest.fixture(scope="module")
def asan_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    libasan = _libasan()
    out = tmp_path_factory.mktemp("asan")
    flags = "-fsanitize=address -fno-omit-frame-pointer -g -O1"
    env = {**os.environ, "CFLAGS": flags, "LDFLAGS": "-fsanitize=address", "SAHEL_STRICT": "1"}
    subprocess.run(
        [
            sys.executable,
            "setup.py",
            "-q",
            "build_ext",
            "--build-lib",
            str(out / "lib"),
            "--build-temp",
            str(out / "tmp"),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    (out / "libasan").write_text(libasan)
    return out


def test_list_mutated_during_batch_calls_under_asan(asan_build: Path) -> None:
    env = {
        **os.environ,
        "LD_PRELOAD": (asan_build / "libasan").read_text(),
        # CPython's own allocations are not ours to judge: leaks off, errors fatal
        "ASAN_OPTIONS": "detect_leaks=0:abort_on_error=1",
        "PYTHONMALLOC": "malloc",
    }
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(asan_build / "lib")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    assert run.stdout.strip() == "ok"
    assert "AddressSanitizer" not in run.stderr
