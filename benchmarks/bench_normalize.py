"""Normalization speed: sahel against CAMeL Tools, PyArabic and str.translate, and the Python
call against the C core alone.

    python benchmarks/bench_normalize.py [--mb 50] [--repeat 3] [--no-core]

One process, the first MB (UTF-8) of article texts of ../shared/corpus/ant_multisource.jsonl.gz,
one article per call:
- sahel "camel" and "search": sahel.Normalizer(preset).normalize; "search+offsets":
  normalize_with_offsets;
- CAMeL Tools: dediac_ar -> normalize_alef_ar -> normalize_alef_maksura_ar ->
  normalize_teh_marbuta_ar (what the "camel" preset reproduces);
- PyArabic: strip_tashkeel -> strip_tatweel -> normalize_hamza -> normalize_alef;
- str.translate with the camel preset's own mapping (read from sahel one code point at a time).
Then it writes the same articles NUL-separated to a temporary directory, compiles
benchmarks/bench_normalize_core.c with gcc -O2 (ICU flags from pkg-config) and runs it, so the
Python/C ratio shows what the binding costs. Speeds are MB of UTF-8 per second of process CPU
time, best of --repeat; everything is single-threaded.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ant_sample import CORPUS, load_texts
from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
)
from pyarabic import araby

import sahel

ROOT = Path(__file__).resolve().parents[1]
CORE_BENCH = ROOT / "benchmarks" / "bench_normalize_core.c"


def camel_chain(text: str) -> str:
    return normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(dediac_ar(text))))


def pyarabic_chain(text: str) -> str:
    return araby.normalize_alef(
        araby.normalize_hamza(araby.strip_tatweel(araby.strip_tashkeel(text)))
    )


def camel_translate_table() -> dict[int, str | None]:
    """The camel preset as a str.translate table, read from sahel itself (BMP suffices)."""
    table: dict[int, str | None] = {}
    for c in range(0x10000):
        if 0xD800 <= c < 0xE000:
            continue
        out = sahel.normalize(chr(c), preset="camel")
        if out != chr(c):
            table[c] = out or None
    return table


def best_speed(
    function: Callable[[str], object], texts: list[str], size: int, repeat: int
) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for text in texts:
            function(text)
        best = min(best, time.process_time() - start)
    return size / 1e6 / best


def run_core(texts: list[str], workdir: Path) -> dict[str, float]:
    """Compiles and runs the C benchmark on the same articles; {} when it cannot be built."""
    gcc, pkg_config = shutil.which("gcc"), shutil.which("pkg-config")
    if not gcc or not pkg_config:
        print("C core: gcc or pkg-config is missing; skipped", file=sys.stderr)
        return {}
    icu = subprocess.run(
        [pkg_config, "--cflags", "--libs", "icu-uc"], capture_output=True, text=True
    )
    if icu.returncode != 0:
        print("C core: pkg-config finds no icu-uc (install libicu-dev); skipped", file=sys.stderr)
        return {}
    articles = workdir / "articles.bin"
    with articles.open("wb") as f:
        for text in texts:
            f.write(text.encode("utf-8", "surrogatepass") + b"\0")
    binary = workdir / "bench_normalize_core"
    command = [
        gcc, "-O2", "-std=c11", f"-I{ROOT / 'csrc'}", "-o", str(binary), str(CORE_BENCH),
        str(ROOT / "csrc" / "sahel_normalize.c"), str(ROOT / "csrc" / "sahel_error.c"),
        *shlex.split(icu.stdout),
    ]  # fmt: skip
    print("C core:", shlex.join(command), file=sys.stderr)
    subprocess.run(command, check=True)
    result = subprocess.run(
        [str(binary), str(articles)], check=True, capture_output=True, text=True
    )
    speeds = {}
    for line in result.stdout.splitlines():
        name, value = line.split()
        speeds[name] = float(value)
    return speeds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50, help="MB of UTF-8 article text (50)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool; the best counts")
    parser.add_argument("--no-core", action="store_true", help="skip the C core benchmark")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"{CORPUS} is absent: the shared data set sits beside the checkout", file=sys.stderr)
        return 1

    texts, size = load_texts(CORPUS, args.mb)
    print(f"{len(texts)} articles, {size / 1e6:.1f} MB of UTF-8", file=sys.stderr)
    table = camel_translate_table()
    camel, search = sahel.Normalizer("camel"), sahel.Normalizer("search")
    sample = texts[:200]
    assert [camel.normalize(t) for t in sample] == [t.translate(table) for t in sample]

    tools: list[tuple[str, Callable[[str], object]]] = [
        ("sahel camel", camel.normalize),
        ("sahel search", search.normalize),
        ("sahel search+offsets", search.normalize_with_offsets),
        ("CAMeL Tools chain", camel_chain),
        ("PyArabic chain", pyarabic_chain),
        ("str.translate (camel)", lambda text: text.translate(table)),
    ]
    speeds = {name: best_speed(f, texts, size, args.repeat) for name, f in tools}
    core = {}
    if not args.no_core:
        with tempfile.TemporaryDirectory() as workdir:
            core = run_core(texts, Path(workdir))

    reference = speeds["CAMeL Tools chain"]
    print(f"{'tool':<24} {'MB/s':>9} {'x CAMeL':>8}")
    for name, _ in tools:
        print(f"{name:<24} {speeds[name]:>9.1f} {speeds[name] / reference:>8.2f}")
    for preset, speed in core.items():
        name = f"C core {preset}"
        print(f"{name:<24} {speed:>9.1f} {speed / reference:>8.2f}")
    if core:
        print()
        print(f"{'preset':<24} {'Python/C':>9}")
        for preset, speed in core.items():
            python = speeds.get(f"sahel {preset}")
            if python:
                print(f"{preset:<24} {python / speed:>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
