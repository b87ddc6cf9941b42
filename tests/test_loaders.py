"""File formats, encodings and bad records: each is read, or named by file and line."""

import codecs
import gzip
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sahel.corpus.loaders import (
    Limits,
    LoadError,
    Record,
    Rejection,
    decode_bytes,
    file_stem,
    gunzip,
    iter_files,
    plausibly_arabic,
    read_file,
)

ARABIC = (
    "أعلنت النيجر انسحابها من المجموعة الاقتصادية لدول غرب أفريقيا.\nوقال المتحدث إن القرار نهائي."
)
FRENCH = "Le Niger a annoncé son retrait de la CEDEAO; l'été dernier, déjà, la junte..."


def records(path, encoding=None):
    return list(read_file(path, encoding))


# --- encodings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, expected",
    [
        (ARABIC.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ARABIC.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + ARABIC.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + ARABIC.encode("utf-32-le"), "utf-32-le"),
        (ARABIC.encode("cp1256"), "cp1256"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf32le-bom", "cp1256"],
)
def test_encodings_are_detected_and_the_bom_dropped(data, expected):
    text, encoding = decode_bytes(data, "f.txt")
    assert text == ARABIC
    assert encoding == expected


def test_latin1_text_is_not_taken_for_windows_1256():
    data = ("ligne un\n" + FRENCH).encode("latin-1")
    with pytest.raises(LoadError) as info:
        decode_bytes(data, "fr.txt")
    assert info.value.path == "fr.txt"
    assert info.value.line == 2  # the first byte that is not UTF-8 is on line 2
    assert "encoding=" in str(info.value)


def test_utf16_without_bom_is_an_error_that_says_so():
    with pytest.raises(LoadError, match="UTF-16"):
        decode_bytes(ARABIC.encode("utf-16-le"), "u.txt")


def test_a_forced_encoding_is_used_and_its_failures_name_the_line():
    text, _ = decode_bytes(ARABIC.encode("cp1256"), "a.txt", encoding="cp1256")
    assert text == ARABIC
    bad = "سطر\nسطر".encode() + b"\xff"
    with pytest.raises(LoadError) as info:
        decode_bytes(bad, "a.txt", encoding="utf-8")
    assert info.value.line == 2
    with pytest.raises(ValueError, match="unknown encoding"):
        decode_bytes(b"x", "a.txt", encoding="no-such-codec")


def test_plausibly_arabic():
    assert plausibly_arabic(ARABIC)
    assert plausibly_arabic("Niger النيجر ومالي وبوركينا")
    assert not plausibly_arabic(FRENCH)
    assert not plausibly_arabic("abc")
    assert not plausibly_arabic("النيجر\x01")


def test_load_error_is_a_value_error_naming_file_and_line():
    error = LoadError("dir/f.jsonl", 7, "malformed JSON")
    assert isinstance(error, ValueError)
    assert str(error) == "dir/f.jsonl:7: malformed JSON"
    assert (error.path, error.line, error.reason) == ("dir/f.jsonl", 7, "malformed JSON")
    assert str(LoadError("f.parquet", None, "unreadable")) == "f.parquet: unreadable"


# --- text files ----------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1256"])
def test_text_file_in_each_encoding(tmp_path, encoding):
    path = tmp_path / "a.txt"
    path.write_bytes(ARABIC.encode(encoding))  # Python's utf-16 writes a BOM
    [record] = records(path)
    assert isinstance(record, Record)
    assert record.fields["text"] == ARABIC
    assert (record.kind, record.line) == ("txt", 1)


def test_empty_text_file_is_a_rejected_record(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text(" \n\n", encoding="utf-8")
    [rejection] = records(path)
    assert isinstance(rejection, Rejection)
    assert (rejection.reason, rejection.line) == ("empty document", 1)


def test_undecodable_text_file_is_a_rejected_record_with_its_line(tmp_path):
    path = tmp_path / "fr.txt"
    path.write_bytes(("a\nb\n" + FRENCH).encode("latin-1"))
    [rejection] = records(path)
    assert isinstance(rejection, Rejection)
    assert rejection.line == 3
    assert rejection.path == str(path)
    assert "Le Niger" in rejection.raw


# --- JSON Lines ----------------------------------------------------------------------------


def write_jsonl(path, lines, compress=False):
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    path.write_bytes(gzip.compress(data) if compress else data)


def test_jsonl_records_keep_their_line_numbers_and_skip_blank_lines(tmp_path):
    path = tmp_path / "a.jsonl"
    write_jsonl(path, [json.dumps({"text": "أ"}), "", "  ", json.dumps({"text": "ب", "x": 1})])
    got = records(path)
    assert [r.line for r in got] == [1, 4]
    assert got[1].fields == {"text": "ب", "x": 1}


def test_jsonl_bad_lines_are_rejected_by_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    write_jsonl(
        path,
        [json.dumps({"text": "أ"}), '{"text": "ب"', "[1, 2]", "null", json.dumps({"text": "ج"})],
    )
    got = records(path)
    assert [type(r).__name__ for r in got] == [
        "Record",
        "Rejection",
        "Rejection",
        "Rejection",
        "Record",
    ]
    assert [r.line for r in got] == [1, 2, 3, 4, 5]
    assert "malformed JSON" in got[1].reason
    assert "not an object" in got[2].reason and "list" in got[2].reason
    assert "null" in got[3].reason
    assert got[1].raw == '{"text": "ب"'


def test_jsonl_invalid_utf8_line_is_rejected_alone(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"text": "a"}\n{"text": "\xff"}\n{"text": "c"}\n')
    got = records(path)
    assert [type(r).__name__ for r in got] == ["Record", "Rejection", "Record"]
    assert got[1].line == 2 and "0xff" in got[1].reason


def test_jsonl_bom_is_allowed(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(codecs.BOM_UTF8 + b'{"text": "a"}\n')
    assert records(path)[0].fields == {"text": "a"}


def test_empty_jsonl_has_no_records(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"")
    assert records(path) == []


def test_jsonl_gz_reads_like_jsonl(tmp_path):
    path = tmp_path / "a.jsonl.gz"
    write_jsonl(path, [json.dumps({"text": f"نص {i}"}) for i in range(5)], compress=True)
    assert [r.fields["text"] for r in records(path)] == [f"نص {i}" for i in range(5)]


def test_truncated_jsonl_gz_keeps_what_it_could_read_and_names_the_line(tmp_path):
    lines = [json.dumps({"text": "نص " * 50 + str(i)}) for i in range(2000)]
    whole = gzip.compress("".join(line + "\n" for line in lines).encode("utf-8"))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])
    got = records(path)
    *good, last = got
    assert all(isinstance(r, Record) for r in good)
    assert 0 < len(good) < 2000
    assert [r.line for r in good] == list(range(1, len(good) + 1))
    assert isinstance(last, Rejection)
    assert last.line == len(good) + 1
    assert "truncated" in last.reason


def test_a_file_that_is_not_gzip_is_one_rejected_record(tmp_path):
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(b'{"text": "not compressed"}\n')
    [rejection] = records(path)
    assert isinstance(rejection, Rejection)
    assert rejection.line == 1 and "broken gzip" in rejection.reason


def test_gunzip_reports_truncation_and_reads_several_members():
    data = gzip.compress(b"one\n") + gzip.compress(b"two\n")
    assert gunzip(data) == (b"one\ntwo\n", None)
    out, reason = gunzip(gzip.compress(b"x" * 10000)[:20])
    assert "truncated" in reason


# --- CSV -----------------------------------------------------------------------------------


def test_csv_rows_keep_their_first_line_through_quoted_newlines(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('id,text\n1,"سطر\nثان"\n\n2,ثالث\n', encoding="utf-8")
    got = records(path)
    assert [(r.line, r.fields) for r in got] == [
        (2, {"id": "1", "text": "سطر\nثان"}),
        (5, {"id": "2", "text": "ثالث"}),
    ]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1256"])
def test_csv_in_each_encoding(tmp_path, encoding):
    path = tmp_path / "a.csv"
    path.write_bytes(f"id,text\n1,{ARABIC.splitlines()[0]}\n".encode(encoding))
    [record] = records(path)
    assert record.fields == {"id": "1", "text": ARABIC.splitlines()[0]}


def test_csv_row_with_wrong_field_count_is_rejected(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,text\n1,أ\n2,ب,زائد\n3,ج\n", encoding="utf-8")
    got = records(path)
    assert [type(r).__name__ for r in got] == ["Record", "Rejection", "Record"]
    assert got[1].line == 3 and "3 fields" in got[1].reason


def test_csv_without_rows_or_header_has_no_records(tmp_path):
    (tmp_path / "a.csv").write_text("", encoding="utf-8")
    (tmp_path / "b.csv").write_text("id,text\n", encoding="utf-8")
    assert records(tmp_path / "a.csv") == [] and records(tmp_path / "b.csv") == []


def test_undecodable_csv_is_one_rejected_record(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(("id,text\n1," + FRENCH).encode("latin-1"))
    [rejection] = records(path)
    assert isinstance(rejection, Rejection) and rejection.line == 2


def test_truncated_csv_gz_keeps_complete_rows(tmp_path):
    rows = "".join(f"{i},{'نص ' * 30}{i}\n" for i in range(3000))
    whole = gzip.compress(("id,text\n" + rows).encode("utf-8"))
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(whole[: len(whole) // 2])
    *good, last = records(path)
    assert all(isinstance(r, Record) for r in good) and good
    assert [r.fields["id"] for r in good] == [str(i) for i in range(len(good))]
    assert isinstance(last, Rejection) and "truncated" in last.reason
    assert last.line == len(good) + 2  # header, then the rows read


# --- Parquet -------------------------------------------------------------------------------


def test_parquet_rows_are_numbered_from_one(tmp_path):
    path = tmp_path / "a.parquet"
    table = pa.table({"id": ["a", "b"], "text": ["أ", None], "n": [1, 2]})
    pq.write_table(table, path)
    got = records(path)
    assert [(r.line, r.fields) for r in got] == [
        (1, {"id": "a", "text": "أ", "n": 1}),
        (2, {"id": "b", "text": None, "n": 2}),
    ]


def test_parquet_row_over_the_record_limit_is_rejected_with_its_row(tmp_path):
    path = tmp_path / "a.parquet"
    pq.write_table(pa.table({"id": ["a", "b", "c"], "text": ["أ" * 10, "ب" * 200, "ج"]}), path)
    got = list(read_file(path, limits=Limits(record_bytes=100)))
    assert [type(r).__name__ for r in got] == ["Record", "Rejection", "Record"]
    assert got[1].line == 2 and "Limits.record_bytes" in got[1].reason
    assert got[2].fields == {"id": "c", "text": "ج"}


def test_unreadable_parquet_is_one_rejected_record(tmp_path):
    path = tmp_path / "a.parquet"
    path.write_bytes(b"PAR1 this is not parquet")
    [rejection] = records(path)
    assert isinstance(rejection, Rejection) and "Parquet" in rejection.reason


# --- files and folders ---------------------------------------------------------------------


def test_folders_are_searched_recursively_in_order(tmp_path):
    for name in ["b/2.txt", "b/1.jsonl.gz", "a.csv", "c.parquet", "notes.md", ".hidden/x.txt"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_files(tmp_path)]
    assert found == ["a.csv", "b/1.jsonl.gz", "b/2.txt", "c.parquet"]


def test_paths_given_one_by_one(tmp_path):
    (tmp_path / "x.txt").write_text("أ", encoding="utf-8")
    (tmp_path / "y.md").write_text("#", encoding="utf-8")
    assert iter_files([tmp_path / "x.txt", str(tmp_path / "x.txt")]) == [tmp_path / "x.txt"] * 2
    with pytest.raises(ValueError, match="unsupported file type"):
        iter_files(tmp_path / "y.md")
    with pytest.raises(FileNotFoundError):
        iter_files(tmp_path / "missing.jsonl")
    with pytest.raises(TypeError):
        iter_files([3])


def test_file_stem_drops_the_whole_suffix(tmp_path):
    assert file_stem(tmp_path / "bbc.jsonl.gz") == "bbc"
    assert file_stem(tmp_path / "a.b.csv") == "a.b"


# --- standard input ----------------------------------------------------------------------------


def _stdin(data: bytes, **options):
    import io

    from sahel.corpus.loaders import read_stream

    return list(read_stream(io.BytesIO(data), **options))


def test_stdin_json_lines_after_a_byte_order_mark_and_blank_lines():
    data = codecs.BOM_UTF8 + b"\r\n \n" + b'{"text": "\xd8\xa7"}\n[1]\n'
    first, second = _stdin(data)
    assert (first.path, first.line, first.kind) == ("<stdin>", 3, "table")
    assert first.fields == {"text": "ا"}
    assert (second.path, second.line) == ("<stdin>", 4) and "not an object" in second.reason


def test_stdin_text_is_one_document_whatever_it_holds():
    text = 'النيجر\n{"text": "not a record: the first character is not {"}\n'
    (record,) = _stdin(text.encode("utf-8"))
    assert (record.path, record.line, record.kind, record.fields) == (
        "<stdin>",
        1,
        "txt",
        {"text": text},
    )


def test_stdin_text_over_the_record_limit_is_one_rejection():
    from sahel.corpus.loaders import Limits

    (rejection,) = _stdin(b"x" * 5000, limits=Limits(record_bytes=4096))
    assert (rejection.path, rejection.line) == ("<stdin>", 1)
    assert "over the limit" in rejection.reason
