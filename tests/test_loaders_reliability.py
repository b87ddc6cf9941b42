"""One bad record of each kind inside a file of good ones: every good record is loaded, the bad
one is rejected with its line (errors="collect") or stops the load with a LoadError naming file
and line (errors="raise"); a date outside pandas' range becomes empty with a note."""

import json
from pathlib import Path

import pytest

from sahel.corpus.corpus import Corpus
from sahel.corpus.loaders import LONE_SURROGATE, LoadError

GOOD = ["قالت وزارة الخارجية في نيامي إن الوفد وصل", "أعلنت باماكو عن اتفاق جديد مع أنقرة"]


def _jsonl(tmp_path: Path, bad_line: str) -> Path:
    lines = [json.dumps({"id": f"g{i}", "text": t}, ensure_ascii=False) for i, t in enumerate(GOOD)]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([lines[0], bad_line, lines[1]]) + "\n", encoding="utf-8")
    return path


JSON_BAD = {
    "lone surrogate in text": ('{"id": "b", "text": "x\\ud800y"}', "lone surrogate"),
    "lone surrogate in title": ('{"id": "b", "text": "نص", "title": "\\udc00"}', "lone surrogate"),
    "lone surrogate in id": ('{"id": "\\ud800", "text": "نص"}', "lone surrogate"),
    "huge number": ('{"id": "b", "text": "نص", "n": ' + "9" * 5000 + "}", "out of range"),
    "deep nesting": (
        '{"id": "b", "text": "نص", "n": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "nested",
    ),
}


@pytest.mark.parametrize("kind", sorted(JSON_BAD))
def test_bad_json_record_among_good(tmp_path: Path, kind: str) -> None:
    bad, reason = JSON_BAD[kind]
    path = _jsonl(tmp_path, bad)
    corpus = Corpus.load(path, errors="collect", dedup=False)
    assert len(corpus) == len(GOOD)
    assert corpus.records_read == len(GOOD) + 1
    assert corpus.rejected["line"].tolist() == [2]
    assert reason in corpus.rejected["reason"].iloc[0]
    with pytest.raises(LoadError) as info:
        Corpus.load(path, errors="raise", dedup=False)
    assert info.value.line == 2 and info.value.path == str(path)


def test_lone_surrogate_policy_is_documented() -> None:
    assert "ud800" in LONE_SURROGATE


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31T23:00:00Z", "1500-06-01"])
def test_date_out_of_range_is_empty_with_a_note(tmp_path: Path, date: str) -> None:
    bad = json.dumps({"id": "b", "text": "نص ثالث", "date": date}, ensure_ascii=False)
    path = _jsonl(tmp_path, bad)
    for errors in ("collect", "raise"):
        corpus = Corpus.load(path, errors=errors, dedup=False)
        assert len(corpus) == len(GOOD) + 1
        assert corpus.notes["line"].tolist() == [2]
        assert date in corpus.notes["note"].iloc[0]


def test_nul_byte_rejects_the_row_not_the_file(tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    rows = ["id,text"] + [f"{i},{GOOD[i % 2]} {i}" for i in range(1000)]
    rows[501] = "500,bad\x00row"
    path.write_bytes(("\n".join(rows) + "\n").encode("utf-8"))
    corpus = Corpus.load(path, errors="collect", dedup=False)
    assert len(corpus) == 999
    assert corpus.rejected["line"].tolist() == [502]
    assert "NUL" in corpus.rejected["reason"].iloc[0]
    with pytest.raises(LoadError) as info:
        Corpus.load(path, errors="raise", dedup=False)
    assert info.value.line == 502
