"""KWIC: entity lines from a mentions table, free terms through proclitics and normalization,
contexts cut at word boundaries, and the right-to-left HTML view."""

import re

import pandas as pd
import pytest

from sahel.analysis.kwic import KwicView, kwic, to_html
from sahel.pipeline import sample_path

OTHER = "أعلنت مالي انسحابها، وقدمت طهران دعم مالي، وقال الوزير المالي كذا."
TEXT = (
    "وصل الوفد إلى النيجر أمس. وقال الوزير إن العلاقات بين روسيا والنيجر قوية، "
    "وإن الدعم للنيجر مستمر. ورحب الجيش النيجري بالقرار، وأكد مسؤول في النّيجـر ذلك."
)


@pytest.fixture
def documents() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "source": ["wire", "daily"],
            "date": pd.to_datetime(["2024-03-16", None]),
            "text": [TEXT, OTHER],
        }
    )


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    table = pd.read_json(sample_path(), lines=True, dtype={"date": False})
    return table.rename(columns={"id": "doc_id"})


def test_term_finds_whole_words_through_proclitics(documents):
    lines = kwic(documents, term="النيجر")
    assert lines["match"].tolist() == ["النيجر", "والنيجر", "للنيجر", "النّيجـر"]
    assert set(lines["doc_id"]) == {"a"}
    assert lines["entity_id"].isna().all()
    # Offsets are into the original text, marks and tatweel included.
    for start, end, match in lines[["start", "end", "match"]].itertuples(index=False):
        assert TEXT[start:end] == match


def test_term_is_normalized_like_the_text(documents):
    plain = kwic(documents, term="النيجر")
    marked = kwic(documents, term="النِّيجَـر")
    assert marked[["start", "end"]].equals(plain[["start", "end"]])


def test_article_is_as_written(documents):
    bare = kwic(documents, term="مالي")
    # ومالي-like forms would count; المالي (Malian, or financial) does not.
    assert bare["match"].tolist() == ["مالي", "مالي"]
    with_article = kwic(documents, term="المالي")
    assert with_article["match"].tolist() == ["المالي"]


def test_term_without_lines_gives_an_empty_table(documents):
    lines = kwic(documents, term="نيامي")
    assert lines.empty
    assert list(lines.columns) == list(kwic(documents, term="النيجر").columns)


def test_latin_terms_match_in_any_common_case():
    text = "قالت شبكة CNN إن موقع cnn ومراسل Cnn أكدوا، بينما نفت cNn."
    documents = pd.DataFrame({"doc_id": ["x"], "text": [text]})
    assert kwic(documents, term="cnn")["match"].tolist() == ["CNN", "cnn", "Cnn"]


def test_term_reads_words_like_the_matcher():
    # The core's word scanner treats the underscore of a hashtag as a word separator, and a
    # line break ends a phrase.
    from sahel.text.matcher import Matcher

    text = "وسم #الأمم_المتحدة يتصدر. الأمم\nالمتحدة"
    documents = pd.DataFrame({"doc_id": ["x"], "text": [text]})
    lines = kwic(documents, term="الأمم المتحدة")
    assert lines["match"].tolist() == ["الأمم_المتحدة"]
    found = [m for m in Matcher().find(text) if m.entity_id == "un"]
    assert [(m.start, m.end) for m in found] == lines[["start", "end"]].apply(
        tuple, axis=1
    ).tolist()


def test_multiword_term(documents):
    lines = kwic(documents, term="دعم  مالي")
    assert lines["match"].tolist() == ["دعم مالي"]
    assert lines["doc_id"].tolist() == ["b"]


def test_contexts_are_cut_at_word_boundaries(documents):
    for width in (5, 12, 25, 200):
        lines = kwic(documents, term="النيجر", width=width)
        for row in lines.itertuples(index=False):
            assert len(row.left) <= width and len(row.right) <= width
            lo = row.start - len(row.left)
            assert TEXT[lo : row.start] == row.left
            assert lo == 0 or not (TEXT[lo - 1].isalnum() and TEXT[lo].isalnum())
            assert lo == 0 or row.left == "" or row.left[0].isalnum()  # no "، ..." at the start
            hi = row.end + len(row.right)
            assert TEXT[row.end : hi] == row.right
            assert hi == len(TEXT) or not (TEXT[hi - 1].isalnum() and TEXT[hi].isalnum())


def test_no_context_cut_inside_a_word_with_marks():
    text = "كلمة " * 3 + "النيجر" + " المسيّرة الطويلة"
    docs = pd.DataFrame({"doc_id": ["x"], "text": [text]})
    right = kwic(docs, term="النيجر", width=10)["right"].iloc[0]
    assert right == " المسيّرة"


def test_entity_lines_come_from_mentions_and_roll_up(documents):
    tehran = OTHER.index("طهران")
    mentions = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b"],
            "entity_id": ["NE", "RU", "tehran"],
            "kind": ["name", "name", "metonym"],
            "refers_to": [None, None, "IR"],
            "start": [TEXT.index("النيجر"), TEXT.index("روسيا"), tehran],
            "end": [TEXT.index("النيجر") + 6, TEXT.index("روسيا") + 5, tehran + 5],
        }
    )
    ne = kwic(documents, mentions, entity="NE")
    assert ne["match"].tolist() == ["النيجر"] and ne["entity_id"].tolist() == ["NE"]
    iran = kwic(documents, mentions, entity="IR")
    assert iran["match"].tolist() == ["طهران"]
    assert iran["entity_id"].tolist() == ["tehran"]
    both = kwic(documents, mentions, entity=["NE", "RU"], limit=1)
    assert len(both) == 1


def test_entity_lines_with_the_real_matcher(sample):
    from sahel.corpus.mentions import corpus_mentions

    mentions = corpus_mentions(sample)
    lines = kwic(sample, mentions, entity="NE")
    texts = dict(zip(sample["doc_id"], sample["text"], strict=True))
    # An entity's lines include the metonyms and demonyms that stand for it (نيامي for Niger),
    # not its capital read as the city ("في نيامي", kind "name").
    metonym = mentions["kind"] == "metonym"
    stands_for_niger = (mentions["entity_id"] == "NE") | (mentions["refers_to"] == "NE") & metonym
    assert len(lines) == int(stands_for_niger.sum()) > int((mentions["entity_id"] == "NE").sum())
    for row in lines.itertuples(index=False):
        assert texts[row.doc_id][row.start : row.end] == row.match
    assert lines["source"].notna().all()


def test_term_agrees_with_a_word_split_of_the_sample(sample):
    lines = kwic(sample, term="تركيا")
    forms = re.compile(r"^[وف]?[بكل]?تركيا$")
    expected = sum(
        1 for text in sample["text"] for word in re.findall(r"\w+", text) if forms.match(word)
    )
    assert len(lines) == expected > 0


def test_rejects_bad_arguments(documents):
    with pytest.raises(ValueError, match="exactly one"):
        kwic(documents)
    with pytest.raises(ValueError, match="exactly one"):
        kwic(documents, entity="NE", term="النيجر")
    with pytest.raises(ValueError, match="term"):
        kwic(documents, term="  ")
    with pytest.raises(TypeError, match="DataFrame"):
        kwic(["text"], term="النيجر")
    with pytest.raises(ValueError, match="text"):
        kwic(documents.drop(columns="text"), term="النيجر")


def test_html_is_right_to_left_and_escaped(documents):
    docs = documents.assign(text=documents["text"].str.replace("أمس", "<b>أمس</b>"))
    lines = kwic(docs, term="النيجر")
    page = to_html(lines, max_rows=2)
    assert 'dir="rtl"' in page
    assert "<b>" not in page and "&lt;b&gt;" in page
    assert page.count("<tr>") == 2
    assert f"{len(lines) - 2} more lines" in page
    assert KwicView(lines)._repr_html_() == to_html(lines)
