"""Runs one Python fuzz target under atheris: python -m tests.fuzz.run TARGET [libFuzzer flags].

A crash leaves its input in tests/fuzz/crashes/TARGET/ (given -artifact_prefix as `make fuzz`
does); tests/test_fuzz_replay.py replays that folder."""

import sys

import atheris

with atheris.instrument_imports(include=["sahel"]):
    from tests.fuzz.targets import TARGETS, run_one


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: python -m tests.fuzz.run {{{','.join(TARGETS)}}} [libFuzzer flags]")
    name = sys.argv[1]
    atheris.Setup([sys.argv[0], *sys.argv[2:]], lambda data: run_one(name, data))
    atheris.Fuzz()


if __name__ == "__main__":
    main()
