"""The whole ANT corpus (31,525 articles, ../shared) through `analyze`: nothing dropped silently,
and every table reconciles with the mentions table and with the files written."""

import gzip
import re

import numpy as np
import pandas as pd
import pytest
from conftest import shared_path

from sahel.pipeline import analyze

pytestmark = pytest.mark.slow

ANT_RECORDS = 31_525


@pytest.fixture(scope="module")
def ant(tmp_path_factory):
    path = shared_path("corpus", "ant_multisource.jsonl.gz")
    out = tmp_path_factory.mktemp("ant")
    return path, analyze(path, out_dir=out, formats=("csv", "parquet"))


@pytest.fixture(scope="module")
def given(ant):
    """The corpus as given (texts not cleaned), read on its own: analyze holds none."""
    from sahel.corpus.corpus import Corpus

    return Corpus.load(ant[0], clean=False, dedup=False)


def test_every_record_is_a_document_or_a_rejection(ant):
    path, result = ant
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        read = sum(1 for line in lines if line.strip())
    assert read == ANT_RECORDS
    documents, rejected = result.documents, result.rejected
    assert result.records == read
    assert len(documents) + len(rejected) == read
    assert len(documents) == ANT_RECORDS - len(rejected)
    assert documents["doc_id"].is_unique
    # Duplicates are flagged, not dropped: the analysed corpus is the first copies.
    first = documents.loc[~documents["duplicate"], "doc_id"]
    assert documents["duplicate"].sum() > 1000
    assert set(result.mentions["doc_id"]) <= set(first)
    assert set(result.events["doc_id"]) <= set(first)


def test_mentions_point_into_the_texts_given(ant, given):
    _, result = ant
    mentions = result.mentions
    documents = given.documents
    texts = dict(zip(documents["doc_id"], documents["raw_text"], strict=True))
    assert set(mentions["doc_id"]) <= set(texts)
    surfaces = [
        texts[d][s:e] for d, s, e in mentions[["doc_id", "start", "end"]].itertuples(index=False)
    ]
    assert surfaces == mentions["surface"].astype(str).tolist()
    assert (mentions["sentence"] >= 0).all() and (mentions["paragraph"] >= 0).all()


def test_counts_reconcile_with_mentions(ant):
    _, result = ant
    mentions = result.mentions
    kind = mentions["kind"].astype(object)
    refers = mentions["refers_to"].astype(object)
    indirect = kind.isin(["demonym", "metonym"]).to_numpy() & refers.notna().to_numpy()
    actor = np.where(indirect, refers, mentions["entity_id"].astype(object))
    expected = pd.Series(actor).value_counts()
    counts = result.counts.set_index("entity_id")["mentions"]
    assert counts.sort_index().to_dict() == expected.sort_index().to_dict()
    docs = pd.DataFrame({"actor": actor, "doc": mentions["doc_id"].to_numpy()})
    expected_docs = docs.drop_duplicates().groupby("actor").size()
    assert result.counts.set_index("entity_id")["documents"].sort_index().to_dict() == (
        expected_docs.sort_index().to_dict()
    )
    for name in ("counts_by_source", "counts_by_month"):
        assert result.tables[name]["mentions"].sum() == len(mentions), name
    per_source = result.counts_by_source.groupby("source")["mentions"].sum()
    assert per_source.to_dict() == mentions.groupby("source").size().to_dict()


def test_files_hold_the_tables(ant):
    _, result = ant
    out = result.out_dir
    assert len(pd.read_parquet(out / "mentions.parquet")) == len(result.mentions)
    counts = pd.read_csv(out / "counts.csv", keep_default_na=False)
    assert counts["mentions"].sum() == len(result.mentions)
    assert len(pd.read_csv(out / "documents.csv")) == len(result.documents)
    assert (out / "report.html").stat().st_size > 0
    stages = set(pd.read_csv(out / "timings.csv")["stage"])
    assert {"load", "clean", "match", "dates", "events", "report", "total"} <= stages


def test_every_event_has_a_story_of_at_most_five_outlets(ant):
    _, result = ant
    events, stories = result.events, result.stories
    assert events["story_id"].notna().all()
    assert set(events["story_id"]) == set(stories["story_id"])
    assert stories["story_id"].is_unique
    assert stories["n_reports"].sum() == len(events)
    # The corpus has five outlets.
    assert events["source"].nunique() == 5
    assert stories["n_sources"].between(1, 5).all()
    assert (stories["n_sources"] == 5).any() and len(stories) < len(events)
    written = pd.read_parquet(result.out_dir / "stories.parquet")
    assert written["story_id"].tolist() == stories["story_id"].tolist()


def whole_word_documents(texts: pd.Series, word: str) -> int:
    """Documents holding `word` as a whole word after optional proclitics (no article)."""
    pattern = re.compile(rf"(?<!\w)[وف]?[بكل]?{word}(?!\w)")
    return int(texts.map(lambda t: pattern.search(t) is not None).sum())


def test_mali_is_not_read_into_financial_words(ant, given):
    _, result = ant
    texts = given.clean().documents["text"]
    mali = result.counts.set_index("entity_id").loc["ML", "documents"]
    # مالي occurs inside مالية ("financial") in thousands of articles; as a word in far fewer.
    assert texts.str.contains("مالي", regex=False).sum() > 5000
    assert 0 < mali <= whole_word_documents(texts, "مالي") + whole_word_documents(texts, "المالي")
    assert mali < 1000
