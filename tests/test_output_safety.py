"""Outputs are inert: CSV cells a spreadsheet would evaluate get a leading apostrophe (unless
raw), and nothing is written through a symbolic link in the output folder."""

from pathlib import Path

import pandas as pd
import pytest

from sahel.corpus.output import inert_cells, open_output, output_path
from sahel.pipeline import analyze


def test_inert_cells_text_and_categories() -> None:
    frame = pd.DataFrame(
        {
            "title": ['=HYPERLINK("x")', "+1", "عادي", "-2", "@SUM(A1)", None],
            "source": pd.Categorical(["=cmd", "bbc", "bbc", "bbc", "bbc", "bbc"]),
            "n": [-1, 2, 3, 4, 5, 6],
        }
    )
    out = inert_cells(frame)
    assert out["title"].tolist()[:5] == ['\'=HYPERLINK("x")', "'+1", "عادي", "'-2", "'@SUM(A1)"]
    assert pd.isna(out["title"].iloc[5])
    assert out["source"].tolist()[0] == "'=cmd"
    assert out["n"].tolist() == frame["n"].tolist()
    assert inert_cells(frame, raw=True) is frame


def test_analyze_neutralises_formula_titles_and_keeps_them_raw_on_request(tmp_path: Path) -> None:
    data = tmp_path / "in.jsonl"
    data.write_text(
        '{"id": "a", "title": "=1+1", "text": "قالت مالي إن تركيا وقعت اتفاقا"}\n', encoding="utf-8"
    )
    analyze(data, tmp_path / "out", report=False)
    assert "'=1+1" in (tmp_path / "out" / "documents.csv").read_text(encoding="utf-8")
    analyze(data, tmp_path / "raw", report=False, raw_csv=True)
    text = (tmp_path / "raw" / "documents.csv").read_text(encoding="utf-8")
    assert "=1+1" in text and "'=1+1" not in text


def test_no_write_through_a_symlink(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (out / "documents.csv").symlink_to(victim)
    with pytest.raises(ValueError, match="symbolic link"):
        output_path(out, "documents.csv")
    data = tmp_path / "in.jsonl"
    data.write_text('{"id": "a", "text": "قالت مالي"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="symbolic link"):
        analyze(data, out, report=False)
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_a_link_planted_after_the_check_is_refused_by_the_open(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    target = output_path(tmp_path, "documents.csv")  # checked while no link is there
    target.symlink_to(victim)
    for encoding in (None, "utf-8"):
        with pytest.raises(ValueError, match="symbolic link"):
            open_output(target, encoding)
    assert victim.read_text(encoding="utf-8") == "keep me"
    plain = output_path(tmp_path, "plain.txt")
    with open_output(plain, "utf-8-sig") as stream:
        stream.write("نص")
    assert plain.read_bytes() == "\ufeffنص".encode()


def test_excel_csv_starts_with_a_byte_order_mark(tmp_path: Path) -> None:
    data = tmp_path / "in.jsonl"
    data.write_text(
        '{"id": "a", "title": "النيجر وروسيا", "text": "قالت مالي إن تركيا وقعت اتفاقا"}\n',
        encoding="utf-8",
    )
    analyze(data, tmp_path / "excel", report=False, excel=True, formats=("csv", "jsonl"))
    analyze(data, tmp_path / "plain", report=False)
    bom = b"\xef\xbb\xbf"
    for name in ("documents.csv", "mentions.csv", "timings.csv"):
        raw = (tmp_path / "excel" / name).read_bytes()
        assert raw.startswith(bom), name
        assert not raw[len(bom) :].startswith(bom), f"{name}: one mark, not two"
        assert not (tmp_path / "plain" / name).read_bytes().startswith(bom), name
        # The rest of the file is the plain UTF-8 CSV, byte for byte (timings differ).
        if name != "timings.csv":
            assert raw[len(bom) :] == (tmp_path / "plain" / name).read_bytes(), name
    assert not (tmp_path / "excel" / "documents.jsonl").read_bytes().startswith(bom)
    documents = pd.read_csv(tmp_path / "excel" / "documents.csv", encoding="utf-8-sig")
    assert documents.columns[0] == "doc_id"
    assert documents["title"].tolist() == ["النيجر وروسيا"]


def test_excel_without_csv_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="add csv"):
        analyze(None, tmp_path / "out", formats=("parquet",), excel=True, report=False)
    assert not (tmp_path / "out").exists()
