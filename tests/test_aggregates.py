"""Partial aggregates (sahel.analysis.aggregates): merged over any cut of a corpus into parts,
they give the tables the functions of sahel.analysis.tables make from the whole mentions table."""

import pandas as pd
import pytest

from sahel.analysis import aggregates, tables
from sahel.analysis.stories import stories
from sahel.corpus.corpus import Corpus
from sahel.corpus.mentions import corpus_mentions
from sahel.extract.dates import dates_table
from sahel.extract.events import events_table
from sahel.pipeline import sample_path


@pytest.fixture(scope="module")
def sample():
    corpus = Corpus.load(sample_path()).drop_duplicates(near=False)
    sentences = corpus.sentences()
    mentions = corpus_mentions(corpus)
    dates = dates_table(corpus.documents, sentences)
    events = events_table(corpus.documents, mentions, sentences, dates=dates)
    return corpus.documents, mentions, events


def parts_of(sample, bounds: list[int]):
    """The sample cut into parts of documents at `bounds` (positions in corpus order)."""
    documents, mentions, events = sample
    ids = documents["doc_id"].tolist()
    edges = [0, *bounds, len(ids)]
    for lo, hi in zip(edges, edges[1:], strict=False):
        mine = set(ids[lo:hi])
        yield (
            mentions[mentions["doc_id"].isin(mine)],
            events[events["doc_id"].isin(mine)],
            documents[documents["doc_id"].isin(mine)],
        )


@pytest.mark.parametrize("bounds", [[], [5], [1, 2, 9], list(range(1, 13))])
def test_merged_parts_give_the_tables_of_the_whole(sample, bounds: list[int]) -> None:
    documents, mentions, events = sample
    merged = aggregates.merge([aggregates.partial(*part) for part in parts_of(sample, bounds)])
    made, graph = aggregates.finish(merged, events)
    for by in (None, "source", "month"):
        name = "counts" if by is None else f"counts_by_{by}"
        pd.testing.assert_frame_equal(made[name], tables.counts(mentions, by=by), obj=name)
    pd.testing.assert_frame_equal(made["cooccurrence"], tables.cooccurrence(mentions))
    pd.testing.assert_frame_equal(
        made["source_comparison"],
        tables.source_comparison(mentions, events, documents=documents),
    )
    pd.testing.assert_frame_equal(made["stories"], stories(events))
    assert sorted(graph.edges) == sorted(tables.cooccurrence_graph(mentions).edges)
    # KWIC: the first lines of the most mentioned actors, in corpus order, whatever the cut.
    whole, _ = aggregates.finish(aggregates.partial(mentions, events, documents), events)
    pd.testing.assert_frame_equal(made["kwic"], whole["kwic"])
    assert len(made["kwic"]) > 0
    top = made["counts"]["entity_id"].head(aggregates.KWIC_ACTORS).tolist()
    assert set(made["kwic"]["entity_id"]) == set(top)


def test_merging_nothing_is_an_error() -> None:
    with pytest.raises(ValueError, match="no partial aggregates"):
        aggregates.merge([])
