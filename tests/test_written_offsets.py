"""Offsets in every written table index the text the user gave: original[start:end] == surface
for each mention, date, event cue and event actor, and every event's sentence span holds its
cue, on the built-in sample and on an article with boilerplate (the whole ANT corpus: the slow
test below)."""

from pathlib import Path

import pandas as pd
import pytest

from sahel.corpus.corpus import Corpus
from sahel.pipeline import analyze, sample_path
from tests.conftest import shared_path

CHECKS = (("mentions", "start", "end", "surface"), ("dates", "start", "end", "surface"),
          ("events", "cue_start", "cue_end", "cue"),
          ("events", "actor1_start", "actor1_end", "actor1_surface"),
          ("events", "actor2_start", "actor2_end", "actor2_surface"))  # fmt: skip


def _check(source, out: Path) -> int:
    analyze(source, out, formats=("parquet",), report=False, progress=False)
    raw = Corpus.load(source, errors="collect", clean=False, dedup=False).documents
    original = dict(zip(raw["doc_id"], raw["raw_text"], strict=True))
    checked = 0
    for name, start, end, surface in CHECKS:
        table = pd.read_parquet(out / f"{name}.parquet").dropna(subset=[start, end])
        wrong = [
            (d, s, e, want, original[d][int(s) : int(e)])
            for d, s, e, want in zip(
                table["doc_id"], table[start], table[end], table[surface], strict=True
            )
            if original[d][int(s) : int(e)] != want
        ]
        assert not wrong, f"{name}: {len(wrong)} of {len(table)} spans wrong, e.g. {wrong[:3]}"
        checked += len(table)
    events = pd.read_parquet(out / "events.parquet")
    outside = events[
        (events["cue_start"] < events["sentence_start"])
        | (events["cue_end"] > events["sentence_end"])
    ]
    assert outside.empty, f"{len(outside)} events whose cue lies outside their sentence span"
    return checked


def test_sample_offsets_index_the_given_text(tmp_path: Path) -> None:
    assert _check(sample_path(), tmp_path / "out") > 0


def test_boilerplate_before_the_body_does_not_shift_offsets(tmp_path: Path) -> None:
    data = tmp_path / "in.jsonl"
    body = "قالت مالي إن تركيا وقعت اتفاقا مع النيجر يوم 3 مارس 2024."
    data.write_text(
        '{"id": "a", "title": "عنوان", "text": "اقرأ أيضا: أخبار\\nشارك\\nعنوان\\n' + body + '"}\n',
        encoding="utf-8",
    )
    assert _check(data, tmp_path / "out") > 0


@pytest.mark.slow
def test_ant_offsets_index_the_given_text(tmp_path: Path) -> None:
    assert _check(shared_path("corpus", "ant_multisource.jsonl.gz"), tmp_path / "out") > 0
