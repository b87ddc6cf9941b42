"""Corpus.load on every format, field mappings, bad records (raised or collected, never dropped),
dates, ids, offsets back to the raw text, sentences, duplicates; the seeds and the ANT corpus."""

import codecs
import gzip
import json
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sahel.corpus.corpus import COLUMNS, Corpus, Document
from sahel.corpus.loaders import LoadError

P = [
    "أعلن المجلس العسكري في النيجر إنهاء الاتفاق الدفاعي مع الولايات المتحدة يوم السبت.",
    "وقال المتحدث باسم الحكومة إن القرار جاء بعد مشاورات طويلة مع الشركاء الإقليميين.",
    "وتأتي الخطوة بعد أشهر من انسحاب القوات الفرنسية من البلاد وإغلاق قواعدها العسكرية.",
]
TITLE = "النيجر تنهي الاتفاق العسكري مع واشنطن"


def record(i: int, **extra) -> dict:
    base = {
        "id": f"d{i}",
        "source": "wire",
        "date": "2024-03-16",
        "title": f"{TITLE} {i}",
        "text": f"{P[i % 3]}\n{P[(i + 1) % 3]} ({i})",
        "url": f"https://example.org/{i}",
    }
    base.update(extra)
    return base


def write_jsonl(path, rows, compress=False):
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def write_csv(path, rows, encoding="utf-8", compress=False):
    frame = pd.DataFrame(rows)
    data = frame.to_csv(index=False).encode(encoding)
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def reconciled(corpus: Corpus) -> bool:
    return len(corpus) + len(corpus.rejected) + corpus.dropped == corpus.records_read


# --- formats -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["jsonl", "jsonl.gz", "csv", "csv.gz", "parquet"])
def test_every_table_format_gives_the_same_documents(tmp_path, kind):
    rows = [record(i, category="politics") for i in range(3)]
    path = tmp_path / f"wire_feed.{kind}"
    if kind.startswith("jsonl"):
        write_jsonl(path, rows, compress=kind.endswith("gz"))
    elif kind.startswith("csv"):
        write_csv(path, rows, compress=kind.endswith("gz"))
    else:
        pq.write_table(pa.Table.from_pylist(rows), path)
    corpus = Corpus.load(path)
    docs = corpus.documents
    assert list(docs.columns) == [*COLUMNS, "category"]
    assert docs["doc_id"].tolist() == ["d0", "d1", "d2"]
    assert docs["text"].tolist() == [r["text"] for r in rows]
    assert docs["raw_text"].tolist() == [r["text"] for r in rows]
    assert docs["title"].tolist() == [r["title"] for r in rows]
    assert docs["url"].tolist() == [r["url"] for r in rows]
    assert docs["category"].tolist() == ["politics"] * 3
    assert (docs["path"] == str(path)).all()
    assert docs["date"].dtype == "datetime64[ns]"
    assert (docs["date"] == pd.Timestamp("2024-03-16")).all()
    # CSV: after the header, and each text spans two lines inside its quotes
    assert docs["line"].tolist() == ([1, 2, 3] if "csv" not in kind else [2, 4, 6])
    assert corpus.records_read == 3 and corpus.rejected.empty and reconciled(corpus)


def test_text_files_title_body_id_and_source(tmp_path):
    folder = tmp_path / "outlet_x"
    folder.mkdir()
    page = "\n".join(
        ["Connect with us", "", TITLE, "", P[0], P[1], "شارك", "أخبار ذات صلة", "عنوان"]
    )
    (folder / "a1.txt").write_text(page, encoding="utf-8")
    (folder / "a2.txt").write_bytes(codecs.BOM_UTF16_LE + f"{TITLE}\n{P[2]}".encode("utf-16-le"))
    (folder / "a3.txt").write_bytes(f"{TITLE}\n{P[1]}".encode("cp1256"))
    corpus = Corpus.load(folder)
    docs = corpus.documents.set_index("doc_id")
    assert docs.index.tolist() == ["a1", "a2", "a3"]
    assert (docs["source"] == "outlet_x").all()
    assert (docs["title"] == TITLE).all()
    assert docs.loc["a1", "text"] == f"{P[0]}\n{P[1]}"  # the title line is not in the text
    assert docs.loc["a1", "raw_text"] == page
    assert docs.loc["a2", "text"] == P[2] and docs.loc["a3", "text"] == P[1]
    assert docs.loc["a1", "boilerplate_removed"] > 0
    assert docs["date"].isna().all() and docs["url"].isna().all()


def test_text_files_without_cleaning_take_the_first_line_as_title(tmp_path):
    (tmp_path / "a.txt").write_text(f"\nConnect with us\n{TITLE}\n{P[0]}", encoding="utf-8")
    corpus = Corpus.load(tmp_path, clean=False)
    doc = next(iter(corpus))
    assert (doc.title, doc.text) == ("Connect with us", f"{TITLE}\n{P[0]}")
    assert corpus.to_raw("a", 0) == doc.raw_text.index(TITLE)
    cleaned = corpus.clean()
    assert cleaned.documents.loc[0, "title"] == TITLE
    assert cleaned.documents.loc[0, "text"] == P[0]
    assert cleaned.clean() is cleaned


def test_mixed_folder_and_several_paths(tmp_path):
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    write_jsonl(mixed / "a.jsonl", [record(0)])
    write_csv(mixed / "b.csv", [record(1)])
    (mixed / "c.txt").write_text(f"{TITLE}\n{P[0]}", encoding="utf-8")
    (mixed / "README.md").write_text("not data", encoding="utf-8")
    other = write_jsonl(tmp_path / "other.jsonl", [record(2)])
    corpus = Corpus.load([mixed, other])
    assert corpus.documents["doc_id"].tolist() == ["d0", "d1", "c", "d2"]
    assert corpus.records_read == 4


def test_field_mapping_and_metadata(tmp_path):
    rows = [
        {
            "uid": 7,
            "body": P[0],
            "headline": TITLE,
            "outlet": "daily",
            "published": "2024-01-02",
            "link": "u",
            "path": "Daily/politics/7.html",  # a field named like a column stays, renamed
            "author": "مراسل",
        }
    ]
    path = write_jsonl(tmp_path / "feed.jsonl", rows)
    corpus = Corpus.load(
        path, id="uid", text="body", title="headline", source="outlet", date="published", url="link"
    )
    doc = next(iter(corpus))
    assert (doc.doc_id, doc.text, doc.title, doc.source, doc.url) == (
        "7",
        P[0],
        TITLE,
        "daily",
        "u",
    )
    assert doc.date == pd.Timestamp("2024-01-02")
    assert doc.metadata == {"meta_path": "Daily/politics/7.html", "author": "مراسل"}
    assert doc.path == str(path)


def test_missing_optional_fields_get_neutral_values(tmp_path):
    path = write_jsonl(tmp_path / "bare_feed.jsonl", [{"text": P[0]}, {"text": P[1], "id": ""}])
    docs = Corpus.load(path).documents
    assert docs["doc_id"].tolist() == ["bare_feed-1", "bare_feed-2"]
    assert docs["source"].tolist() == ["bare_feed"] * 2  # the file stem
    assert docs["title"].tolist() == ["", ""]
    assert docs["date"].isna().all()


# --- bad records ---------------------------------------------------------------------------

BAD_JSONL = [
    json.dumps(record(0)),
    '{"id": "broken", "text": ',
    json.dumps(["not", "an", "object"]),
    json.dumps({"id": "no-text"}),
    json.dumps({"id": "number", "text": 42}),
    json.dumps({"id": "null", "text": None}),
    json.dumps(record(1, text="")),
    "",
]
BAD_REASONS = {
    2: "malformed JSON",
    3: "not an object",
    4: "no 'text' field",
    5: "is int, not a string",
    6: "is null, not a string",
}


@pytest.mark.parametrize("line", sorted(BAD_REASONS))
def test_raise_names_file_and_line_of_the_first_bad_record(tmp_path, line):
    rows = [BAD_JSONL[0], *BAD_JSONL[line - 1 : line]]
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(LoadError) as info:
        Corpus.load(path)
    assert info.value.path == str(path)
    assert info.value.line == 2
    assert BAD_REASONS[line] in info.value.reason
    assert f"{path}:2:" in str(info.value)


def test_collect_keeps_every_bad_record_and_reconciles(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(BAD_JSONL) + "\n", encoding="utf-8")
    corpus = Corpus.load(path, errors="collect")
    rejected = corpus.rejected
    assert list(rejected.columns) == ["path", "line", "reason", "raw"]
    assert rejected["line"].tolist() == sorted(BAD_REASONS)
    for line, reason in zip(rejected["line"], rejected["reason"], strict=True):
        assert BAD_REASONS[line] in reason
    assert (rejected["path"] == str(path)).all()
    assert rejected["raw"].str.len().max() <= 200
    assert rejected.loc[0, "raw"] == BAD_JSONL[1]
    # the empty text is a document, not a rejection
    assert corpus.documents["doc_id"].tolist() == ["d0", "d1"]
    assert corpus.documents.loc[1, "text"] == ""
    assert corpus.records_read == 7 and reconciled(corpus)


def test_collect_across_files_and_formats(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes("Le Niger a quitté la CEDEAO.".encode("latin-1"))
    (tmp_path / "empty.jsonl").write_bytes(b"")
    good = "".join(json.dumps(record(i)) + "\n" for i in range(300)).encode("utf-8")
    (tmp_path / "cut.jsonl.gz").write_bytes(gzip.compress(good)[:-40])
    write_csv(tmp_path / "no_text.csv", [{"id": "x", "body": P[0]}])
    corpus = Corpus.load(tmp_path, errors="collect")
    names = corpus.rejected["path"].map(lambda p: p.split("/")[-1])
    reasons = dict(zip(names, corpus.rejected["reason"], strict=True))
    assert reasons["empty.txt"] == "empty document"
    assert "not UTF-8" in reasons["latin.txt"]
    assert "truncated" in reasons["cut.jsonl.gz"]
    assert "no 'text' field" in reasons["no_text.csv"]
    assert "empty.jsonl" not in reasons  # zero records, nothing rejected
    assert 0 < len(corpus) < 300 and reconciled(corpus)
    cut = corpus.rejected[corpus.rejected["path"].str.endswith("cut.jsonl.gz")]
    assert cut["line"].tolist() == [len(corpus) + 1]
    with pytest.raises(LoadError) as info:
        Corpus.load(tmp_path / "latin.txt")
    assert info.value.line == 1


def test_bad_arguments(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [record(0)])
    with pytest.raises(ValueError, match="errors"):
        Corpus.load(path, errors="ignore")
    with pytest.raises(TypeError):
        Corpus.load(path, text=None)
    with pytest.raises(TypeError):
        Corpus.load(path, date=3)


# --- ids and dates -------------------------------------------------------------------------


def test_repeated_ids_get_a_suffix_and_a_note(tmp_path):
    rows = [record(0), record(1, id="d0"), record(2, id="d0"), record(3, id="d0~2")]
    path = write_jsonl(tmp_path / "a.jsonl", rows)
    corpus = Corpus.load(path)
    assert corpus.documents["doc_id"].tolist() == ["d0", "d0~3", "d0~4", "d0~2"]
    notes = corpus.notes
    assert notes["doc_id"].tolist() == ["d0~3", "d0~4"]
    assert notes["line"].tolist() == [2, 3]
    assert all("first at" in n and ":1" in n for n in notes["note"])


def test_dates_are_utc_without_time_zone_and_unreadable_ones_are_noted(tmp_path):
    dates = [
        "2024-03-16",
        "2024-03-16T10:00:00+04:00",
        "Sun, 18 Feb 2018 21:35:43 +0400",
        "not a date",
        None,
        "",
        12,
        "16 آذار 2024",
    ]
    rows = [record(i, date=d) for i, d in enumerate(dates)]
    corpus = Corpus.load(write_jsonl(tmp_path / "a.jsonl", rows))
    got = corpus.documents["date"]
    assert got.dtype == "datetime64[ns]"
    assert got[0] == pd.Timestamp("2024-03-16")
    assert got[1] == pd.Timestamp("2024-03-16 06:00")
    assert got[2] == pd.Timestamp("2018-02-18 17:35:43")
    assert got[3:].isna().all()
    assert len(corpus) == len(dates)  # never dropped
    noted = corpus.notes["doc_id"].tolist()
    assert noted == ["d3", "d6", "d7"]  # absent dates are not problems
    assert all("NaT" in n for n in corpus.notes["note"])


# --- offsets, sentences, iteration -----------------------------------------------------------


@pytest.fixture
def seeds(shared_dir):
    return Corpus.load(shared_dir / "corpus" / "seeds")


def test_seeds_load_clean_and_report_what_was_removed(seeds):
    docs = seeds.documents
    assert len(seeds) == 5 and seeds.rejected.empty
    assert (docs["source"] == "seeds").all()
    assert docs["title"].map(lambda t: bool(re.search("[\u0621-\u064a]", t))).all()
    removed = seeds.removed
    assert set(removed.columns) == {"doc_id", "start", "end", "reason"}
    boiler = removed[~removed["reason"].isin(["title", "whitespace"])]
    per_doc = (boiler["end"] - boiler["start"]).groupby(boiler["doc_id"]).sum()
    expected = docs.set_index("doc_id")["boilerplate_removed"]
    assert (per_doc.reindex(expected.index, fill_value=0) == expected).all()
    assert (expected > 0).sum() == 4  # one seed has no boilerplate around it
    for doc in seeds:
        for r in removed[removed["doc_id"] == doc.doc_id].itertuples():
            assert doc.raw_text[r.start : r.end] not in ("",)
        assert doc.title not in doc.text.split("\n")[:1]


def test_text_offsets_map_back_to_the_raw_text(seeds):
    for doc in seeds:
        for i in range(0, len(doc.text), 7):
            assert doc.raw_text[seeds.to_raw(doc.doc_id, i)] == doc.text[i]
        start, end = seeds.raw_span(doc.doc_id, 0, len(doc.text))
        assert doc.raw_text[start:end].endswith(doc.text[-20:])
    with pytest.raises(KeyError):
        seeds.to_raw("no-such-doc", 0)


def test_sentences_have_offsets_into_the_text(seeds):
    sentences = seeds.sentences()
    assert list(sentences.columns) == ["doc_id", "sentence", "paragraph", "start", "end", "text"]
    texts = dict(zip(seeds.documents["doc_id"], seeds.texts, strict=True))
    for row in sentences.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text
    counts = sentences.groupby("doc_id")["sentence"].agg(["min", "max", "count"])
    assert (counts["min"] == 0).all() and (counts["max"] + 1 == counts["count"]).all()
    assert set(sentences["doc_id"]) == set(texts)
    assert seeds.sentences() is not sentences  # a copy each time; the table is computed once


def test_iteration_yields_documents(seeds):
    docs = list(seeds)
    assert all(isinstance(d, Document) for d in docs)
    assert [d.doc_id for d in docs] == seeds.documents["doc_id"].tolist()
    assert [d.text for d in docs] == seeds.texts
    assert all(d.duplicate_of is None and d.date is None for d in docs)


# --- duplicates, subsets ---------------------------------------------------------------------


def test_duplicates_are_flagged_and_dropped_on_request(tmp_path):
    long = " ".join([P[0], P[1], P[2]] * 4)
    rows = [
        record(0, text=long),
        record(1, text=long.replace("النيجر", "النيجـر")),  # tatweel only: exact
        record(2, text=long.replace("السبت", "الأحد")),  # one word: near
        record(3),
        record(4, text=""),
        record(5, text=""),
    ]
    corpus = Corpus.load(write_jsonl(tmp_path / "a.jsonl", rows))
    docs = corpus.documents
    assert docs["duplicate_of"].tolist()[:2] == [None, "d0"]
    assert docs["duplicate_of"][2:].isna().all()  # empty texts are never duplicates
    assert docs["near_duplicate_of"].tolist()[2] == "d0"
    assert docs["near_duplicate_of"].drop(2).isna().all()
    unique = corpus.drop_duplicates()
    assert unique.documents["doc_id"].tolist() == ["d0", "d3", "d4", "d5"]
    assert unique.dropped == 2 and reconciled(unique)
    assert corpus.drop_duplicates(near=False).dropped == 1
    assert Corpus.load(tmp_path / "a.jsonl", dedup=False).documents["duplicate_of"].isna().all()


def test_subset_by_slice_or_mask(tmp_path):
    corpus = Corpus.load(write_jsonl(tmp_path / "a.jsonl", [record(i) for i in range(5)]))
    assert corpus.subset(slice(1, 3)).documents["doc_id"].tolist() == ["d1", "d2"]
    mask = np.array([True, False, True, False, False])
    part = corpus.subset(mask)
    assert part.texts == [corpus.texts[0], corpus.texts[2]]
    assert part.dropped == 3 and reconciled(part)
    with pytest.raises(ValueError):
        corpus.subset([True, False])


def test_a_corpus_from_a_data_frame():
    corpus = Corpus(pd.DataFrame({"doc_id": ["a", "b"], "text": [P[0], P[1]]}))
    assert list(corpus.documents.columns) == list(COLUMNS)
    assert corpus.documents["raw_text"].tolist() == [P[0], P[1]]
    assert corpus.to_raw("b", 3) == 3 and corpus.records_read == 2
    with pytest.raises(ValueError, match="unique"):
        Corpus(pd.DataFrame({"doc_id": ["a", "a"], "text": ["x", "y"]}))
    with pytest.raises(ValueError, match="columns"):
        Corpus(pd.DataFrame({"text": ["x"]}))
    with pytest.raises(TypeError):
        Corpus([{"doc_id": "a", "text": "x"}])


def test_progress_bar(tmp_path, capsys):
    corpus = Corpus.load(write_jsonl(tmp_path / "a.jsonl", [record(0)]), progress=True)
    assert len(corpus) == 1


# --- the ANT corpus --------------------------------------------------------------------------


@pytest.fixture
def ant(shared_dir):
    return Corpus.load(shared_dir / "corpus" / "ant_multisource.jsonl.gz", errors="collect")


@pytest.mark.slow
def test_ant_loads_whole_with_no_silent_drop(ant, shared_dir):
    with gzip.open(shared_dir / "corpus" / "ant_multisource.jsonl.gz", "rt") as stream:
        lines = sum(1 for line in stream if line.strip())
    assert ant.records_read == lines == 31525
    assert len(ant) + len(ant.rejected) == ant.records_read
    docs = ant.documents
    assert docs["doc_id"].is_unique
    assert (docs["raw_text"] == "").sum() == 2  # the two empty texts are documents
    assert docs["date"].notna().all() and docs["date"].dt.year.between(2012, 2018).all()
    assert {"category", "author", "abstract", "time_raw", "meta_path"} <= set(docs.columns)
    # the BBC app prompt is gone from every BBC text that had it
    bbc = docs[docs["source"] == "BBC"]
    prompt = bbc["raw_text"].str.contains("تطبيق بي بي سي عربي على هاتفكم")
    assert prompt.sum() > 500
    assert not bbc["text"].str.contains("تطبيق بي بي سي عربي على هاتفكم").any()
    # cleaning only removes whole lines: every cleaned line is a line of the raw text
    for raw, text in zip(docs["raw_text"][::97], docs["text"][::97], strict=True):
        raw_lines = set(raw.split("\n"))
        assert all(line in raw_lines or line == "" for line in text.split("\n"))
