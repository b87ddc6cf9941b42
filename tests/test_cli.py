"""The sahel command run as users run it: `python -m sahel ...` in a subprocess."""

import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pandas as pd
import pytest

import sahel
from sahel.pipeline import TABLES, sample_path


def run(*args: str, stdin: str = "", cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sahel", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=600,
    )


# ---- the command ---------------------------------------------------------------------


def test_version_is_the_installed_one():
    done = run("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"sahel {version('sahel')}\n"
    assert sahel.__version__ == version("sahel")


def test_normalize_starts_without_the_heavy_modules():
    """`sahel normalize` loads the package and its normalizer only: sahel/__init__.py keeps the
    rest (pandas, pyarrow, the gazetteer, importlib.metadata) for first use."""
    code = (
        "import sys; from sahel.cli import main; main(['normalize']); "
        "print(sorted(m for m in ('pandas', 'pyarrow', 'sahel.text.gazetteer', "
        "'importlib.metadata') if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input="نص", capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "[]"


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["normalize"], "قالَ الرئيسُ إنّ النيجر ٢٠٢٤\n" * 200_000),
        (["match"], "زار وفد من روسيا النيجر ثم مالي. " * 20_000),
    ],
)
def test_reader_closing_the_pipe_early_is_no_error(tmp_path, args, text):
    """`sahel normalize < big | head`: the output is megabytes, the reader takes 10 bytes and
    closes the pipe; the command then stops quietly with status 0."""
    big = tmp_path / "big.txt"
    big.write_text(text, encoding="utf-8")
    with big.open("rb") as stdin:
        process = subprocess.Popen(
            [sys.executable, "-m", "sahel", *args],
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None and process.stderr is not None
        assert len(process.stdout.read(10)) == 10
        process.stdout.close()
        stderr = process.stderr.read()
        process.stderr.close()
        assert process.wait(timeout=120) == 0, stderr
    assert stderr == b""


# ---- normalize -------------------------------------------------------------------------

TEXT = "قالَ الرئيسُ إنّ أمريكا ــ والنيجر ٢٠٢٤\nسطر ثانٍ"


def test_normalize_text_like_the_library():
    done = run("normalize", stdin=TEXT)
    assert done.returncode == 0, done.stderr
    assert done.stdout == sahel.normalize(TEXT)
    assert "٢٠٢٤" not in done.stdout and "2024" in done.stdout


def test_normalize_options_and_presets():
    kept = run("normalize", "--no-alef", "--no-digits", stdin=TEXT).stdout
    assert kept == sahel.normalize(TEXT, alef=False, digits=False)
    assert "أ" in kept and "٢٠٢٤" in kept
    assert run("normalize", "--preset", "none", stdin=TEXT).stdout == TEXT
    camel = run("normalize", "--preset", "camel", "--teh-marbuta", stdin=TEXT).stdout
    assert camel == sahel.normalize(TEXT, "camel")


def test_normalize_jsonl_keeps_other_fields():
    lines = [{"id": 1, "body": TEXT, "source": "x"}, {"id": 2, "body": "إِيران"}]
    stdin = "\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + "\n\n"
    done = run("normalize", "--jsonl", "--field", "body", stdin=stdin)
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert out == [{**r, "body": sahel.normalize(r["body"])} for r in lines]


@pytest.mark.parametrize(
    ("stdin", "where"),
    [
        ('{"text": "a"}\n{"text": \n', "stdin:2"),
        ('{"text": "a"}\n{"body": "b"}\n', "stdin:2"),
        ("[1, 2]\n", "stdin:1"),
    ],
)
def test_normalize_bad_jsonl_names_the_line(stdin, where):
    done = run("normalize", "--jsonl", stdin=stdin)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert where in done.stderr


def test_unknown_option_is_a_usage_error():
    done = run("normalize", "--no-such-option")
    assert done.returncode == 2
    assert "--no-such-option" in done.stderr


# ---- match -----------------------------------------------------------------------------


def test_match_text_writes_one_object_per_mention():
    text = "وصل وفد من روسيا إلى النيجر، ثم غادر إلى مالي."
    done = run("match", stdin=text)
    assert done.returncode == 0, done.stderr
    found = [json.loads(line) for line in done.stdout.splitlines()]
    expected = sahel.Matcher().find(text)
    assert [(m["entity_id"], m["start"], m["end"]) for m in found] == [
        (m.entity_id, m.start, m.end) for m in expected
    ]
    assert {"NE", "RU"} <= {m["entity_id"] for m in found}
    for mention in found:
        assert mention["doc"] == 0
        assert text[mention["start"] : mention["end"]] == mention["surface"]
        assert {"label", "kind", "type", "alias", "proclitic", "confidence"} <= set(mention)


def test_match_jsonl_names_each_document():
    records = [
        {"id": "a", "text": "زار وفد تركي النيجر"},
        {"text": "لا شيء هنا"},
        {"text": "روسيا"},
    ]
    stdin = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    done = run("match", "--jsonl", stdin=stdin)
    assert done.returncode == 0, done.stderr
    found = [json.loads(line) for line in done.stdout.splitlines()]
    docs = {m["doc"] for m in found}
    assert "a" in docs and 3 in docs and 2 not in docs


def test_match_bad_gazetteer_names_file_and_line(tmp_path):
    bad = tmp_path / "extra.tsv"
    bad.write_text("not a header\n", encoding="utf-8")
    done = run("match", "--gazetteer", str(bad), stdin="النيجر")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert f"{bad}:1" in done.stderr


# ---- analyze ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def analysed(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("out")
    done = run("analyze", "--out", str(out), "--format", "csv,parquet,jsonl", "--no-progress")
    return out, done


def read(out: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(out / f"{name}.parquet")


def test_analyze_sample_writes_every_table_in_every_format(analysed):
    out, done = analysed
    assert done.returncode == 0, done.stderr
    for name in TABLES:
        for fmt in ("csv", "parquet", "jsonl"):
            assert (out / f"{name}.{fmt}").is_file(), f"{name}.{fmt}"
    assert (out / "report.html").stat().st_size > 10_000
    assert "mentions" in done.stdout


def test_analyze_sample_reconciles(analysed):
    out, _ = analysed
    records = sum(1 for line in sample_path().read_text(encoding="utf-8").splitlines() if line)
    documents, rejected = read(out, "documents"), read(out, "rejected")
    assert len(documents) + len(rejected) == records
    assert "text" not in documents.columns
    # The sample holds one word-for-word republication.
    assert documents["duplicate"].sum() == 1
    mentions, counts = read(out, "mentions"), read(out, "counts")
    first_copies = set(documents.loc[~documents["duplicate"], "doc_id"])
    assert set(mentions["doc_id"]) <= first_copies
    assert counts["mentions"].sum() == len(mentions)
    for name in ("counts_by_source", "counts_by_month"):
        assert read(out, name)["mentions"].sum() == len(mentions)
    # The three formats hold the same rows.
    assert len(pd.read_csv(out / "mentions.csv")) == len(mentions)
    assert len(pd.read_json(out / "mentions.jsonl", lines=True)) == len(mentions)


def test_analyze_sample_timings(analysed):
    out, _ = analysed
    timings = json.loads((out / "timings.json").read_text(encoding="utf-8"))
    stages = [row["stage"] for row in timings]
    assert {"load", "match", "report", "total"} <= set(stages)
    assert all(row["seconds"] >= 0 and row["peak_rss_mb"] > 0 for row in timings)


def test_analyze_missing_path_is_one_line(tmp_path):
    missing = tmp_path / "nowhere.jsonl"
    done = run("analyze", str(missing), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert str(missing) in done.stderr


def test_analyze_unknown_format_is_a_usage_error(tmp_path):
    done = run("analyze", "--out", str(tmp_path), "--format", "xlsx")
    assert done.returncode == 2
    assert "xlsx" in done.stderr
