"""The HTML report: self-contained, escaped, right to left, every section rendered in a browser."""

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from sahel.report import html as report

SECTIONS = ["summary", "top-actors", "top-by-source", "network", "timeline", "events", "kwic",
            "sources"]  # fmt: skip

ACTORS = [
    ("NER", "النيجر", "country", 120),
    ("RUS", "روسيا", "country", 95),
    ("USA", "الولايات المتحدة", "country", 77),
    ("WAGNER", "فاغنر", "armed_group", 51),
    ("AES", "تحالف دول الساحل", "organization", 33),
]
SOURCES = ["wire_a", "daily_b"]
INJECTED = "<script>alert('x')</script>"
EVENT_SENTENCE = "وقّعت النيجر وروسيا اتفاقا للتعاون العسكري في 12 مارس 2024"


def analysis_tables():
    """Tables shaped like sahel.analysis.tables's output (month as a timestamp, kwic without
    labels)."""
    counts = pd.DataFrame(
        [
            {"entity_id": e, "label": label, "type": t, "mentions": m, "documents": m // 3}
            for e, label, t, m in ACTORS
        ]
    )
    by_source = []
    for s, source in enumerate(SOURCES):
        values = [m // (s + 2) + s for *_, m in ACTORS]
        for (e, label, t, _), v in zip(ACTORS, values, strict=True):
            by_source.append(
                {
                    "source": source,
                    "entity_id": e,
                    "label": label,
                    "type": t,
                    "mentions": v,
                    "documents": v // 2,
                    "share": v / sum(values),
                }  # fmt: skip
            )
    months = pd.to_datetime(["2024-01-01", "2024-02-01", "2024-04-01", None])
    by_month = pd.DataFrame(
        [
            {"month": month, "entity_id": e, "label": label, "type": t, "mentions": (i + 1) * 3}
            for i, month in enumerate(months)
            for e, label, t, _ in ACTORS
        ]
    )
    edges = pd.DataFrame(
        {
            "a": ["NER", "NER", "RUS"],
            "b": ["RUS", "USA", "WAGNER"],
            "a_label": ["النيجر", "النيجر", "روسيا"],
            "b_label": ["روسيا", "الولايات المتحدة", "فاغنر"],
            "weight": [30, 12, 18],
            "documents": [10, 6, 7],
        }
    )
    events = pd.DataFrame(
        {
            "doc_id": ["d1", "d2"],
            "source": SOURCES,
            "date": pd.to_datetime(["2024-03-12", "2024-04-20"]),
            "event_type": ["military_cooperation", "withdrawal"],
            "actor1": ["NER", "USA"],
            "actor2": ["RUS", "NER"],
            "actor1_label": ["النيجر", "الولايات المتحدة"],
            "actor2_label": ["روسيا", "النيجر"],
            "cue": ["وقّع", "انسحاب"],
            "negated": [False, True],
            "future": [False, True],
            "sentence_text": [EVENT_SENTENCE, "لن يكتمل انسحاب القوات الأمريكية " + INJECTED],
        }
    )
    kwic = pd.DataFrame(
        {
            "doc_id": ["d1", "d3", "d2"],
            "source": ["wire_a", "daily_b", "daily_b"],
            "date": pd.to_datetime(["2024-03-12", "2024-05-02", "2024-04-20"]),
            "entity_id": ["NER", "NER", "RUS"],
            "left": ["قال مسؤول إن حكومة", "أعلنت", "وصل مدربون من"],
            "match": ["النيجر", "النيجر", "روسيا"],
            "right": ["طلبت مغادرة القوات", "انسحابها من إيكواس", "إلى نيامي"],
            "start": [20, 6, 14],
            "end": [26, 12, 19],
        }
    )
    tables = {
        "counts": counts,
        "counts_by_source": pd.DataFrame(by_source),
        "counts_by_month": by_month,
        "cooccurrence": edges,
        "events": events,
        "kwic": kwic,
    }
    graph = nx.Graph()
    for e, label, t, m in ACTORS:
        graph.add_node(e, label=label, type=t, mentions=m)
    graph.add_weighted_edges_from(edges[["a", "b", "weight"]].itertuples(index=False, name=None))
    return tables, graph


SUMMARY = {
    "documents": 1234,
    "sources": 2,
    "date_min": pd.Timestamp("2023-09-17"),
    "date_max": pd.Timestamp("2024-08-30"),
    "mentions": 5678,
    "distinct_actors": 5,
    "rejected": 2,
    "duplicates": 1,
}
TITLE = "تغطية الساحل 2024 & <Sahel>"


class Sections(HTMLParser):
    """Text, image sources and link targets of each <section id=...> of a page."""

    def __init__(self):
        super().__init__()
        self.text, self.images, self.links, self.attrs_of = {}, {}, [], {}
        self.current = None
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.attrs_of.setdefault(tag, attrs)
        if tag == "section":
            self.current, self.depth = attrs.get("id"), 0
            self.text[self.current] = ""
            self.images[self.current] = []
        elif self.current and tag == "img":
            self.images[self.current].append(attrs.get("src", ""))
        for name in ("src", "href"):
            if name in attrs:
                self.links.append(attrs[name])

    def handle_endtag(self, tag):
        if tag == "section":
            self.current = None

    def handle_data(self, data):
        if self.current:
            self.text[self.current] += data


def parse(html):
    parser = Sections()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def html():
    tables, graph = analysis_tables()
    return report.render_report(tables, title=TITLE, summary=SUMMARY, graph=graph)


def test_report_has_no_external_resources(html):
    page = parse(html)
    assert page.links, "the report links its sections and embeds its charts"
    for target in page.links:
        assert target.startswith(("data:", "#")), target
    text = re.sub(r"data:[a-z/+]+;base64,[A-Za-z0-9+/=]+", "", html)
    assert not re.search(r"https?:|=\s*[\"']?//", text, re.IGNORECASE)
    assert not re.search(r"<script|<link|@import|url\(", text, re.IGNORECASE)


def test_report_escapes_text(html):
    assert INJECTED not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "تغطية الساحل 2024 &amp; &lt;Sahel&gt;" in html


def test_report_is_right_to_left_with_arabic_fonts(html):
    page = parse(html)
    assert page.attrs_of["html"] == {"lang": "ar", "dir": "rtl"}
    for family in ("Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans"):
        assert f'"{family}"' in html


def test_every_section_has_content(html):
    page = parse(html)
    assert list(page.text) == SECTIONS
    for section in SECTIONS:
        assert page.text[section].split(), section
    charts = {name: len(srcs) for name, srcs in page.images.items()}
    assert charts == {"summary": 0, "top-actors": 1, "top-by-source": 1, "network": 1,
                      "timeline": 2, "events": 0, "kwic": 0, "sources": 1}  # fmt: skip
    assert all(src.startswith("data:image/png;base64,") for s in page.images.values() for src in s)


def test_summary_values(html):
    text = " ".join(parse(html).text["summary"].split())
    for shown in ("1,234", "5,678", "2023-09-17 – 2024-08-30"):
        assert shown in text


def test_tables_show_the_data(html):
    page = parse(html)
    top = page.text["top-actors"]
    # Actors in order of mentions.
    positions = [top.index(label) for _, label, _, _ in ACTORS]
    assert positions == sorted(positions)
    assert EVENT_SENTENCE.replace("وقّعت", "") in page.text["events"]
    assert "<mark>وقّعت</mark>" in html  # the whole word holding the cue
    assert "منفي" in page.text["events"] and "مستقبلي" in page.text["events"]
    for source in SOURCES:
        assert source in page.text["sources"]


def test_kwic_reads_right_to_left(html):
    # In a right-to-left table the first cell is on the right: the words before the match.
    rows = re.findall(
        r'<td class="before" dir="rtl">(.*?)</td>\s*<td class="hit"><mark dir="auto">(.*?)</mark>'
        r'</td>\s*<td class="after" dir="rtl">(.*?)</td>',
        html,
    )
    assert ("قال مسؤول إن حكومة", "النيجر", "طلبت مغادرة القوات") in rows
    assert re.search(r'<table class="kwic" dir="rtl">', html)
    # Lines are grouped by actor, most mentioned first, labelled from the counts.
    kwic_text = parse(html).text["kwic"]
    assert kwic_text.index("النيجر") < kwic_text.index("روسيا")


def test_empty_tables_still_give_every_section():
    empty = {name: pd.DataFrame() for name in ("counts", "counts_by_source", "events")}
    page = parse(report.render_report(empty, title="empty", summary={}))
    assert list(page.text) == SECTIONS
    for section in SECTIONS:
        assert "No data" in page.text[section]
    assert not any(page.images.values())


def test_graph_is_rebuilt_from_the_edge_table():
    tables, _ = analysis_tables()
    only_edges = {"cooccurrence": tables["cooccurrence"]}
    page = parse(report.render_report(only_edges, title="t", summary=None))
    assert len(page.images["network"]) == 1
    assert "الولايات المتحدة" in page.text["network"]


def test_bad_input_is_reported():
    with pytest.raises(TypeError, match="DataFrame"):
        report.render_report({"counts": [1, 2]}, title="t", summary=None)
    with pytest.raises(TypeError, match="dict"):
        report.render_report({}, title="t", summary=[1])
    with pytest.raises(ValueError, match="image_format"):
        report.render_report({}, title="t", summary=None, image_format="gif")


def test_write_report(tmp_path):
    target = report.write_report(tmp_path / "out" / "report.html", {}, title="t", summary=None)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(ValueError, match=".html"):
        report.write_report(tmp_path / "report.txt", {}, title="t", summary=None)


# --------------------------------------------------------------------------- in a browser


def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    reason = "headless Chromium is not installed (Debian package chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(html, tmp_path_factory):
    """The report opened in headless Chromium: its screenshot and the DOM it built."""
    exe = chromium_binary()
    folder = tmp_path_factory.mktemp("browser")
    page = folder / "report.html"
    page.write_text(html, encoding="utf-8")
    common = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
              f"--user-data-dir={folder / 'profile'}"]  # fmt: skip
    shot = folder / "report.png"
    subprocess.run(
        [*common, f"--screenshot={shot}", "--window-size=1280,3000", page.as_uri()],
        check=True,
        capture_output=True,
        timeout=60,
    )
    dom = subprocess.run(
        [*common, "--dump-dom", page.as_uri()],
        check=True,
        capture_output=True,
        timeout=60,
    ).stdout.decode("utf-8")
    return shot, dom


def test_browser_screenshot_is_not_blank(browser):
    from PIL import Image

    shot, _ = browser
    assert shot.exists()
    pixels = np.asarray(Image.open(shot).convert("L"), dtype=float)
    assert pixels.shape == (3000, 1280)
    assert pixels.std() > 20
    assert (pixels < 128).mean() > 0.01


def test_browser_renders_every_section(browser):
    _, dom = browser
    page = parse(dom)
    assert page.attrs_of["html"]["dir"] == "rtl"
    assert list(page.text) == SECTIONS
    for section in SECTIONS:
        assert page.text[section].split(), section
    for _, label, _, _ in ACTORS:
        assert label in page.text["top-actors"]
    assert "قال مسؤول إن حكومة" in page.text["kwic"]
    assert "اتفاقا للتعاون العسكري" in page.text["events"]


def test_summary_in_the_pipeline_shape():
    summary = {
        "records": 15,
        "documents": 14,
        "rejected": 1,
        "duplicates": 1,
        "sources": ["daily_b", "portal_c", "wire_a"],
        "date_min": pd.Timestamp("2023-09-17"),
        "date_max": pd.NaT,
        "mentions": 321,
        "actors": 12,
        "events": 9,
    }
    page = parse(report.render_report({}, title="t", summary=summary))
    text = " ".join(page.text["summary"].split())
    for shown in ("Records read 15", "Events 9", "daily_b", "wire_a", "2023-09-17 – …"):
        assert shown in text
    assert "NaT" not in text


def test_missing_event_flags_count_as_no():
    tables, _ = analysis_tables()
    events = tables["events"].astype({"negated": "boolean", "future": "boolean"})
    events.loc[0, "negated"] = pd.NA
    html = report.render_report({"events": events}, title="t", summary=None)
    assert html.count('class="flag negated"') == 1
