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


# ---- input options and input errors ----------------------------------------------------------

ARTICLES = ["قالت النيجر إن روسيا وتركيا وقعتا اتفاقا", "أعلنت مالي انسحابها من إيكواس"]


def run_bytes(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sahel", *args], input=stdin, capture_output=True, timeout=600
    )


def one_error_line(done, *parts: str) -> str:
    """The command failed with status 2 and one line on stderr (no traceback) holding parts."""
    stderr = done.stderr if isinstance(done.stderr, str) else done.stderr.decode("utf-8")
    assert done.returncode == 2, stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert "Traceback" not in stderr
    for part in parts:
        assert part in stderr, stderr
    return stderr


def test_analyze_field_options_read_any_column_names(tmp_path):
    path = tmp_path / "news.csv"
    pd.DataFrame(
        {
            "key": ["a", "b"],
            "body": ARTICLES,
            "headline": ["عنوان أول", "عنوان ثان"],
            "published": ["2024-03-01", "2024-03-02"],
            "outlet": ["x", "y"],
            "link": ["https://x/1", "https://y/2"],
        }
    ).to_csv(path, index=False)
    out = tmp_path / "out"
    options = [
        "--text-field", "body", "--title-field", "headline", "--date-field", "published",
        "--source-field", "outlet", "--id-field", "key", "--url-field", "link",
    ]  # fmt: skip
    done = run("analyze", str(path), "--out", str(out), "--no-progress", *options)
    assert done.returncode == 0, done.stderr
    documents = read_csv_table(out, "documents")
    assert documents["doc_id"].tolist() == ["a", "b"]
    assert documents["title"].tolist() == ["عنوان أول", "عنوان ثان"]
    assert documents["source"].tolist() == ["x", "y"]
    assert documents["url"].tolist() == ["https://x/1", "https://y/2"]
    assert documents["date"].tolist() == ["2024-03-01", "2024-03-02"]
    mentions = read_csv_table(out, "mentions")
    assert {"NE", "RU", "TR", "ML"} <= set(mentions["entity_id"])


def read_csv_table(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)


def test_analyze_every_record_rejected_names_the_columns_and_the_option(tmp_path):
    path = tmp_path / "body.csv"
    pd.DataFrame({"id": ["1", "2"], "body": ARTICLES, "date": ["2024-01-01"] * 2}).to_csv(
        path, index=False
    )
    done = run("analyze", str(path), "--out", str(tmp_path / "out"), "--no-progress")
    one_error_line(done, str(path), "fields found: id, body, date", "use --text-field body")


def test_analyze_unsupported_file_type_is_one_line(tmp_path):
    path = tmp_path / "articles.docx"
    path.write_bytes(b"PK\x03\x04 not a corpus")
    done = run("analyze", str(path), "--out", str(tmp_path / "out"), "--no-progress")
    one_error_line(done, str(path), "unsupported file type (.docx)", ".jsonl")


def test_analyze_undecodable_file_names_it_and_suggests_encoding(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("id,text\n1,Le Niger a annoncé son retrait\n".encode("latin-1"))
    done = run("analyze", str(path), "--out", str(tmp_path / "out"), "--no-progress")
    one_error_line(done, f"{path}:2", "--encoding")
    done = run(
        "analyze", str(path), "--out", str(tmp_path / "out2"), "--no-progress",
        "--encoding", "latin-1",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert read_csv_table(tmp_path / "out2", "documents")["doc_id"].tolist() == ["1"]


def test_analyze_encoding_applies_to_json_lines(tmp_path):
    path = tmp_path / "arabic.jsonl"
    lines = [
        json.dumps({"id": f"d{i}", "text": t}, ensure_ascii=False) for i, t in enumerate(ARTICLES)
    ]
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1256"))
    done = run("analyze", str(path), "--out", str(tmp_path / "a"), "--no-progress")
    one_error_line(done, f"{path}:1", "--encoding")
    done = run(
        "analyze", str(path), "--out", str(tmp_path / "b"), "--no-progress", "--encoding", "cp1256"
    )
    assert done.returncode == 0, done.stderr
    assert read_csv_table(tmp_path / "b", "documents")["doc_id"].tolist() == ["d0", "d1"]


def test_analyze_reads_json_lines_on_stdin(tmp_path):
    records = [
        {"key": "a", "body": ARTICLES[0], "outlet": "x", "date": "2024-03-01"},
        {"body": ARTICLES[1], "date": "2024-03-02"},  # no id, no source
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    stdin = "\n  \n" + lines[0] + "\n{not json\n" + lines[1] + "\n"  # blank lines first
    out = tmp_path / "out"
    done = run(
        "analyze", "-", "--out", str(out), "--no-progress", "--text-field", "body",
        "--id-field", "key", "--source-field", "outlet", stdin=stdin,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    documents = read_csv_table(out, "documents")
    assert documents["doc_id"].tolist() == ["a", "stdin-5"]
    assert documents["source"].tolist() == ["x", "stdin"]
    assert documents["date"].tolist() == ["2024-03-01", "2024-03-02"]
    rejected = read_csv_table(out, "rejected")
    assert rejected[["path", "line"]].values.tolist() == [["<stdin>", "4"]]
    assert rejected["reason"].str.startswith("malformed JSON").all()
    assert {"NE", "RU", "TR", "ML"} <= set(read_csv_table(out, "mentions")["entity_id"])
    manifest = json.loads((out / "sahel-run.json").read_text(encoding="utf-8"))
    assert manifest["inputs"] == ["-"]


def test_analyze_reads_plain_text_on_stdin_as_one_document(tmp_path):
    text = "الساحل اليوم\n" + "\n".join(ARTICLES) + "\n"
    out = tmp_path / "out"
    done = run("analyze", "-", "--out", str(out), "--no-progress", stdin=text)
    assert done.returncode == 0, done.stderr
    documents = read_csv_table(out, "documents")
    assert documents[["doc_id", "source", "path", "line"]].values.tolist() == [
        ["stdin", "stdin", "<stdin>", "1"]
    ]
    assert documents["title"].tolist() == ["الساحل اليوم"]  # the first line, as for a .txt
    mentions = read_csv_table(out, "mentions")
    assert {"NE", "RU", "TR", "ML"} <= set(mentions["entity_id"])
    # Offsets are into the text given: each mention's surface is there.
    for start, end, surface in mentions[["start", "end", "surface"]].values:
        assert text[int(start) : int(end)] == surface


def test_analyze_stdin_all_rejected_names_stdin_the_line_and_the_option(tmp_path):
    stdin = "".join(
        json.dumps({"id": str(i), "body": t}, ensure_ascii=False) + "\n"
        for i, t in enumerate(ARTICLES)
    )
    done = run("analyze", "-", "--out", str(tmp_path / "out"), "--no-progress", stdin=stdin)
    one_error_line(done, "<stdin>: every record (2) was rejected", "<stdin>:1:",
                   "use --text-field body")  # fmt: skip
    done = run("analyze", "-", "--out", str(tmp_path / "empty"), "--no-progress", stdin=" \n")
    one_error_line(done, "<stdin>:1: empty document")


def test_analyze_windows_1256_text_on_stdin(tmp_path):
    data = "\n".join(ARTICLES).encode("cp1256")
    done = run_bytes("analyze", "-", "--out", str(tmp_path / "a"), "--no-progress", stdin=data)
    assert done.returncode == 0, done.stderr  # detected, as for a .txt file
    done = run_bytes(
        "analyze", "-", "--out", str(tmp_path / "b"), "--no-progress", "--encoding", "utf-8",
        stdin=data,
    )  # fmt: skip
    one_error_line(done, "<stdin>:1", "cannot decode as utf-8", "--encoding")


def test_analyze_stdin_given_twice_is_one_line(tmp_path):
    done = run("analyze", "-", "-", "--out", str(tmp_path / "out"), "--no-progress")
    one_error_line(done, "given twice")


def test_unknown_encoding_is_a_usage_error(tmp_path):
    done = run("analyze", "--out", str(tmp_path), "--encoding", "no-such-codec")
    assert done.returncode == 2 and "no-such-codec" in done.stderr
    done = run("normalize", "--encoding", "no-such-codec", stdin="x")
    assert done.returncode == 2 and "no-such-codec" in done.stderr


@pytest.mark.parametrize("command", ["match", "normalize"])
def test_windows_1256_on_stdin_is_an_error_naming_the_line(command):
    text = "سطر أول\n" + ARTICLES[0] + "\n"
    data = "سطر أول\n".encode() + (ARTICLES[0] + "\n").encode("cp1256")
    done = run_bytes(command, stdin=data)
    one_error_line(done, "stdin:2", "--encoding cp1256")
    done = run_bytes(command, "--encoding", "cp1256", stdin=text.encode("cp1256"))
    assert done.returncode == 0, done.stderr
    if command == "normalize":
        assert done.stdout.decode("utf-8") == sahel.normalize(text)


def test_match_reads_files_and_stdin(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(ARTICLES[0], encoding="utf-8")
    second.write_bytes(b"\xef\xbb\xbf" + ARTICLES[1].encode("utf-8"))  # a BOM, dropped
    done = run("match", str(first), "-", str(second), stdin="زار وفد من تركيا")
    assert done.returncode == 0, done.stderr
    found = [json.loads(line) for line in done.stdout.splitlines()]
    by_file: dict[str, set] = {}
    for mention in found:
        by_file.setdefault(mention["file"], set()).add(mention["entity_id"])
        text = {str(first): ARTICLES[0], "-": "زار وفد من تركيا", str(second): ARTICLES[1]}
        assert text[mention["file"]][mention["start"] : mention["end"]] == mention["surface"]
    assert by_file[str(first)] >= {"NE", "RU", "TR"}
    assert by_file["-"] == {"TR"}
    assert "ML" in by_file[str(second)]
    assert [m["file"] for m in found] == sorted(
        (m["file"] for m in found), key=[str(first), "-", str(second)].index
    )


def test_normalize_reads_files_in_order(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.jsonl"
    first.write_text(TEXT, encoding="utf-8")
    second.write_text(json.dumps({"text": "إِيران"}, ensure_ascii=False) + "\n", encoding="utf-8")
    done = run("normalize", str(first), "-", stdin="أمريكا")
    assert done.returncode == 0, done.stderr
    assert done.stdout == sahel.normalize(TEXT) + sahel.normalize("أمريكا")
    done = run("normalize", "--jsonl", str(second))
    assert json.loads(done.stdout) == {"text": sahel.normalize("إِيران")}


def test_match_missing_file_is_one_line(tmp_path):
    missing = tmp_path / "missing.txt"
    done = run("match", str(missing))
    one_error_line(done, str(missing))


def test_match_bad_jsonl_file_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "النيجر"}\n{"text": \n', encoding="utf-8")
    done = run("match", "--jsonl", str(path))
    one_error_line(done, f"{path}:2")
