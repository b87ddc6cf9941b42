"""Charts draw Arabic joined and right to left; the chart functions accept the analysis tables."""

import base64
import io
import os

import matplotlib
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font

from sahel.report import plot

# Contextual forms of the letters used below, from the Unicode Arabic Presentation Forms-B chart:
# letter -> (isolated, final, initial, medial); right-joining letters have no initial/medial form.
FORMS = {
    "ا": ("\ufe8d", "\ufe8e", None, None),
    "ب": ("\ufe8f", "\ufe90", "\ufe91", "\ufe92"),
    "ج": ("\ufe9d", "\ufe9e", "\ufe9f", "\ufea0"),
    "ر": ("\ufead", "\ufeae", None, None),
    "س": ("\ufeb1", "\ufeb2", "\ufeb3", "\ufeb4"),
    "ف": ("\ufed1", "\ufed2", "\ufed3", "\ufed4"),
    "ك": ("\ufed9", "\ufeda", "\ufedb", "\ufedc"),
    "ل": ("\ufedd", "\ufede", "\ufedf", "\ufee0"),
    "ن": ("\ufee5", "\ufee6", "\ufee7", "\ufee8"),
    "و": ("\ufeed", "\ufeee", None, None),
    "ي": ("\ufef1", "\ufef2", "\ufef3", "\ufef4"),
}
NIGER = "النيجر"
BURKINA = "بوركينا فاسو"


def joins_forward(letter):
    return letter in FORMS and FORMS[letter][2] is not None


def shaped(text):
    """Each letter in its contextual form, still in logical order."""
    out = []
    for i, letter in enumerate(text):
        if letter not in FORMS:
            out.append(letter)
            continue
        after_joiner = i > 0 and joins_forward(text[i - 1])
        before_letter = i + 1 < len(text) and text[i + 1] in FORMS and joins_forward(letter)
        isolated, final, initial, medial = FORMS[letter]
        if after_joiner and before_letter:
            out.append(medial)
        elif before_letter:
            out.append(initial)
        elif after_joiner:
            out.append(final)
        else:
            out.append(isolated)
    return "".join(out)


def visual(text):
    """An all-Arabic phrase as drawn from left to right: shaped, then reversed."""
    return shaped(text)[::-1]


def isolated_letters(text):
    """What a renderer that neither shapes nor reorders draws for *text*."""
    return "".join(FORMS[ch][0] if ch in FORMS else ch for ch in text)


def as_drawn(glyphs):
    """Text that the current matplotlib draws exactly in the given left-to-right order."""
    # A renderer that applies the bidi algorithm needs LEFT-TO-RIGHT OVERRIDE to keep the order.
    return f"\u202d{glyphs}\u202c" if plot.native_text_layout() else glyphs


def render(text):
    plot.use_arabic_font()
    fig = Figure(figsize=(4, 1), dpi=100)
    canvas = FigureCanvasAgg(fig)
    fig.text(0.5, 0.5, text, fontsize=28, ha="center", va="center")
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].mean(axis=2)


def differing_pixels(a, b):
    return float((np.abs(a - b) > 64).mean())


def ink(a):
    return float((a < 128).mean())


@pytest.mark.parametrize("phrase", [NIGER, BURKINA])
def test_rtl_renders_like_hand_shaped_right_to_left_text(phrase):
    drawn = render(plot.rtl(phrase))
    reference = render(as_drawn(visual(phrase)))
    unshaped = render(as_drawn(isolated_letters(phrase)))
    assert ink(drawn) > 0.005
    # Equal up to anti-aliasing at glyph joins.
    assert differing_pixels(drawn, reference) < 0.002
    # The comparison can fail: letters left isolated and in logical order look different.
    assert differing_pixels(drawn, unshaped) > 10 * max(differing_pixels(drawn, reference), 0.002)


# (logical text, what is drawn from left to right, a wrong drawing)
MIXED = [
    # Numbers keep their left-to-right order.
    (NIGER + " 2024", "2024 " + visual(NIGER), "4202 " + visual(NIGER)),
    # Brackets are mirrored in a right-to-left run, so they still open towards their content.
    (
        BURKINA + " (" + NIGER + ")",
        "(" + visual(NIGER) + ") " + visual(BURKINA),
        ")" + visual(NIGER) + "( " + visual(BURKINA),
    ),
]


@pytest.mark.parametrize("text, drawn_as, wrong", MIXED)
def test_mixed_text_in_the_picture(text, drawn_as, wrong):
    drawn = render(plot.rtl(text))
    assert differing_pixels(drawn, render(as_drawn(drawn_as))) < 0.002
    assert differing_pixels(drawn, render(as_drawn(wrong))) > 0.002


def test_reshaping_path_gives_visual_presentation_forms(monkeypatch):
    # matplotlib before 3.11 draws code points as given, so rtl() must reshape and reorder.
    monkeypatch.setattr(plot, "native_text_layout", lambda: False)
    assert plot.rtl(NIGER) == visual(NIGER)
    assert plot.rtl(BURKINA) == visual(BURKINA)
    for text, drawn_as, _ in MIXED:
        assert plot.rtl(text) == drawn_as
    assert plot.rtl(NIGER + "\n" + BURKINA) == visual(NIGER) + "\n" + visual(BURKINA)


@pytest.mark.parametrize("native", [True, False])
def test_rtl_leaves_latin_untouched(monkeypatch, native):
    monkeypatch.setattr(plot, "native_text_layout", lambda: native)
    for text in ["Wagner Group", "ECOWAS 2024-07-28", "", "Niger (AES) 3.5%"]:
        assert plot.rtl(text) == text


def test_rtl_rejects_non_strings():
    with pytest.raises(TypeError, match="str"):
        plot.rtl(42)


def test_arabic_font_has_arabic_glyphs():
    family = plot.use_arabic_font()
    assert matplotlib.rcParams["font.family"][0] == family
    path = font_manager.findfont(
        font_manager.FontProperties(family=family), fallback_to_default=False
    )
    font = FT2Font(path)
    for letter in "ابت":
        assert font.get_char_index(ord(letter)) != 0, (path, letter)
    if os.environ.get("CI") == "true":
        assert family.startswith("Noto"), "CI installs fonts-noto-core"


def test_missing_arabic_font_names_the_package():
    before = list(matplotlib.rcParams["font.family"])
    with pytest.raises(plot.ArabicFontError, match="fonts-noto-core"):
        plot.use_arabic_font(prefer=("No Such Arabic Family",))
    assert matplotlib.rcParams["font.family"] == before


# --------------------------------------------------------------------------- charts

ACTORS = [
    ("NER", "النيجر", "country"),
    ("RUS", "روسيا", "country"),
    ("TUR", "تركيا", "country"),
    ("USA", "الولايات المتحدة", "country"),
    ("AES", "تحالف دول الساحل", "organization"),
    ("WAGNER", "فاغنر", "armed_group"),
    ("JNIM", "جماعة نصرة الإسلام والمسلمين", "armed_group"),
]
MENTIONS = [120, 95, 40, 77, 33, 51, 12]
SOURCES = ["bbc", "cnn", "france24"]


@pytest.fixture
def counts():
    return pd.DataFrame(
        [
            {"entity_id": e, "label": label, "type": t, "mentions": m, "documents": m // 2}
            for (e, label, t), m in zip(ACTORS, MENTIONS, strict=True)
        ]
    )


@pytest.fixture
def counts_by_source():
    rows = []
    for s, source in enumerate(SOURCES):
        values = [(m * (s + 1)) % 37 + 1 for m in MENTIONS]
        for (e, label, _), v in zip(ACTORS, values, strict=True):
            rows.append(
                {
                    "source": source,
                    "entity_id": e,
                    "label": label,
                    "mentions": v,
                    "share": v / sum(values),
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture
def graph():
    g = nx.Graph()
    for (e, label, t), m in zip(ACTORS, MENTIONS, strict=True):
        g.add_node(e, label=label, type=t, mentions=m)
    g.add_weighted_edges_from(
        [
            ("NER", "RUS", 30),
            ("NER", "USA", 22),
            ("NER", "TUR", 9),
            ("RUS", "WAGNER", 18),
            ("AES", "NER", 7),
            ("JNIM", "AES", 2),
        ]
    )
    return g


def tick_texts(ax):
    return [t.get_text() for t in ax.get_yticklabels()]


def test_bar_actors_orders_by_mentions(counts):
    fig = plot.bar_actors(counts, top=4)
    (ax,) = fig.axes
    top = counts.sort_values("mentions", ascending=False).head(4)
    # Bars run bottom to top, so the most mentioned actor is the last tick.
    assert tick_texts(ax) == [plot.rtl(label) for label in top["label"][::-1]]
    widths = [bar.get_width() for bar in ax.patches]
    assert widths == sorted(top["mentions"])


def test_bar_actors_legend_lists_the_types_drawn(counts):
    fig = plot.bar_actors(counts, top=4)  # three countries and Wagner
    (legend,) = fig.legends
    assert sorted(t.get_text() for t in legend.get_texts()) == ["armed_group", "country"]
    assert not plot.bar_actors(counts, top=2).legends  # one type: no legend


def test_bar_actors_one_panel_per_source(counts_by_source):
    fig = plot.bar_actors(counts_by_source, top=3, by="source")
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert sorted(ax.get_title() for ax in panels) == sorted(SOURCES)
    for ax in panels:
        assert len(ax.patches) == 3


def test_network_is_drawn_the_same_every_time(graph):
    first = plot.figure_to_data_uri(plot.network(graph, top=5))
    second = plot.figure_to_data_uri(plot.network(graph, top=5))
    assert first == second
    texts = {t.get_text() for t in plot.network(graph, top=5).axes[0].texts}
    biggest = sorted(ACTORS, key=lambda a: -MENTIONS[ACTORS.index(a)])[:5]
    assert texts == {plot.rtl(label) for _, label, _ in biggest}


def test_network_edges_below_min_weight_are_dropped(graph):
    fig = plot.network(graph, min_weight=10)
    (ax,) = fig.axes
    edges = [c for c in ax.collections if isinstance(c, matplotlib.collections.LineCollection)]
    assert len(edges[0].get_segments()) == sum(w >= 10 for *_, w in graph.edges(data="weight"))


def test_timeline_of_monthly_counts_fills_missing_months():
    table = pd.DataFrame(
        {
            "month": ["2024-01", "2024-04", "2024-01", "2024-02"],
            "entity_id": ["NER", "NER", "RUS", "RUS"],
            "label": ["النيجر", "النيجر", "روسيا", "روسيا"],
            "mentions": [5, 7, 3, 4],
        }
    )
    fig = plot.timeline(table, top=1)
    (line,) = fig.axes[0].get_lines()
    assert list(line.get_ydata()) == [5, 0, 0, 7]
    assert fig.axes[0].get_legend().get_texts()[0].get_text() == plot.rtl("النيجر")


def test_timeline_counts_events_per_type():
    events = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-03-02", "2024-03-20", "2024-05-01", None]),
            "event_type": ["attack", "attack", "agreement", "attack"],
        }
    )
    fig = plot.timeline(events)
    lines = {
        t.get_text(): line
        for t, line in zip(
            fig.axes[0].get_legend().get_texts(), fig.axes[0].get_lines(), strict=True
        )
    }
    assert list(lines["attack"].get_ydata()) == [2, 0, 0]
    assert list(lines["agreement"].get_ydata()) == [0, 0, 1]


def test_timeline_rejects_other_tables(counts):
    with pytest.raises(ValueError, match="month"):
        plot.timeline(counts)


def test_source_shares_heatmap(counts_by_source):
    fig = plot.source_shares(counts_by_source, top=4)
    image = fig.axes[0].get_images()[0]
    assert image.get_array().shape == (4, len(SOURCES))
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == sorted(SOURCES)


@pytest.mark.parametrize(
    "chart, columns",
    [
        (plot.bar_actors, ["entity_id", "label", "type", "mentions", "documents"]),
        (plot.timeline, ["month", "entity_id", "label", "mentions"]),
        (plot.timeline, ["doc_id", "date", "event_type"]),
        (plot.source_shares, ["source", "entity_id", "label", "mentions", "share"]),
    ],
)
def test_empty_tables_give_a_figure(chart, columns):
    fig = chart(pd.DataFrame(columns=columns))
    assert isinstance(fig, Figure)
    assert plot.figure_to_data_uri(fig).startswith("data:image/png;base64,")


def test_empty_graph_gives_a_figure():
    assert isinstance(plot.network(nx.Graph()), Figure)


def test_missing_column_is_named(counts):
    with pytest.raises(ValueError, match="mentions"):
        plot.bar_actors(counts.drop(columns="mentions"))
    with pytest.raises(TypeError, match="DataFrame"):
        plot.bar_actors(counts.to_dict())


def test_figure_to_data_uri_png_and_svg(counts):
    fig = plot.bar_actors(counts)
    png = plot.figure_to_data_uri(fig)
    head, _, payload = png.partition(",")
    assert head == "data:image/png;base64"
    assert base64.b64decode(payload).startswith(b"\x89PNG\r\n\x1a\n")
    svg = plot.figure_to_data_uri(fig, fmt="svg")
    head, _, payload = svg.partition(",")
    assert head == "data:image/svg+xml;base64"
    document = base64.b64decode(payload).decode("utf-8")
    # Text as outlines: the picture needs no font where it is shown.
    assert "<svg" in document and "<text" not in document
    with pytest.raises(ValueError, match="png"):
        plot.figure_to_data_uri(fig, fmt="gif")


def test_labels_with_dollar_signs_stay_literal():
    table = pd.DataFrame({"label": ["$5 مليون"], "mentions": [3]})
    fig = plot.bar_actors(table)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    assert fig.axes[0].get_yticklabels()[0].get_text() == plot.rtl("$5 مليون").replace("$", r"\$")


def test_network_leaves_out_actors_without_edges(graph):
    graph.add_node("TCD", label="تشاد", type="country", mentions=500)
    texts = {t.get_text() for t in plot.network(graph).axes[0].texts}
    assert plot.rtl("تشاد") not in texts
    assert plot.rtl("النيجر") in texts
