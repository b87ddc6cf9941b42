# The project's two commands (see README.md):
#   make demo   set everything up, then run the main job on the built-in sample corpus
#   make test   set everything up, then run every test: C unit tests (plain and under ASan/UBSan),
#               generated-table checks, lint, pytest and the notebooks
# Both are idempotent: a second run skips what is already installed.
# While developing:
#   make check  the quick loop: plain C unit tests, generated tables, lint, pytest -m "not slow"

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Debian packages: the compiler, ICU and pkg-config for the core, Check for its unit tests,
# clang-format for the C style, clang and its compiler-rt for the libFuzzer targets, Chromium for the report's rendering test, Noto for Arabic glyphs
# in charts.
APT_PACKAGES := gcc make pkg-config libicu-dev check clang-format chromium fonts-noto-core \
	clang libclang-rt-14-dev
OUT ?= out
# C files held to .clang-format; the generated tables are written by tools/, not by hand.
C_FORMATTED = $(filter-out csrc/sahel_chartable.h csrc/sahel_wordclass.h, \
	$(wildcard csrc/*.c csrc/*.h tests/c/*.c tests/c/*.h))

.PHONY: demo test check setup system build c-tests c-tests-plain generated lint clang-format \
	pytest clean fuzz fuzz-brief

demo: setup
	$(VENV)/bin/sahel analyze --out $(OUT)
	@echo "open $(OUT)/report.html"

test: setup c-tests fuzz-brief generated lint pytest

check: setup c-tests-plain generated lint
	$(VENV)/bin/pytest -q -m "not slow" tests

setup: system $(VENV)/.installed build

system:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:" $$missing; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(VENV)/.installed: pyproject.toml setup.py
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip setuptools wheel
	SAHEL_STRICT=1 $(PY) -m pip install -q --no-build-isolation -e '.[dev,notebooks,dask]'
	# Only camel_tools.utils is used (differential tests); its full dependency set pulls in PyTorch.
	$(PY) -m pip install -q --no-deps camel-tools==1.6.0
	$(PY) -m ipykernel install --sys-prefix --name python3 > /dev/null
	touch $@

# Rebuilds the extension in place when a C file changed (the editable install points here).
build: $(VENV)/.installed
	SAHEL_STRICT=1 $(PY) setup.py -q build_ext --inplace

c-tests: c-tests-plain
	$(MAKE) -C tests/c SANITIZE=1

c-tests-plain:
	$(MAKE) -C tests/c

# Generated tables must be what their generators write today (the pinned UCD extract in tools/ucd,
# CLDR of the system ICU).
generated: $(VENV)/.installed
	$(PY) tools/gen_chartable.py --check
	$(PY) tools/gen_countries.py --check
	$(PY) tools/validate_gazetteer.py

# mypy's settings are in pyproject.toml; stubtest compares sahel/_core.pyi with the extension as
# built (make build); lint-imports checks the import rule between layers (ARCHITECTURE.md).
lint: $(VENV)/.installed clang-format
	$(VENV)/bin/ruff check sahel tests benchmarks tools
	$(VENV)/bin/ruff format --check sahel tests benchmarks tools
	$(VENV)/bin/mypy
	$(PY) -m mypy.stubtest sahel._core
	$(VENV)/bin/lint-imports --cache-dir build/import-linter-cache

clang-format:
	@if [ -f .clang-format ]; then \
		echo clang-format --dry-run --Werror $(C_FORMATTED); \
		clang-format --dry-run --Werror $(C_FORMATTED); \
	else \
		echo "clang-format: skipped, no .clang-format at the repository root yet"; \
	fi

# Fuzzing: the libFuzzer targets of the C core (tests/c/fuzz_*.c) and the atheris targets of the
# Python entry points (tests/fuzz/targets.py). `make fuzz` runs each for FUZZ_TIME seconds;
# `make test` runs each C target for a few seconds (pytest replays the Python ones and their
# saved crash inputs). Crash inputs land in tests/c/fuzz_crashes/ and tests/fuzz/crashes/.
FUZZ_TIME ?= 60
PY_FUZZ_TARGETS := normalize matcher gazetteer sentences clean dates events corpus
fuzz: setup
	$(MAKE) -C tests/c fuzz FUZZ_TIME=$(FUZZ_TIME)
	@set -e; for t in $(PY_FUZZ_TARGETS); do \
		mkdir -p tests/fuzz/crashes/$$t build/fuzz-corpus/$$t; echo "== python $$t ($(FUZZ_TIME) s)"; \
		$(PY) -m tests.fuzz.run $$t -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
			-artifact_prefix=tests/fuzz/crashes/$$t/ build/fuzz-corpus/$$t; done

fuzz-brief: setup
	$(MAKE) -C tests/c fuzz FUZZ_TIME=5

pytest: $(VENV)/.installed
	$(VENV)/bin/pytest -q tests

clean:
	$(MAKE) -C tests/c clean
	rm -rf build $(OUT) sahel/*.so
