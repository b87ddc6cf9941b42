"""The HTML report on tables made by the real pipeline (the built-in sample, the seed articles):
self-contained, escaped, right to left, names rather than ids, every section rendered in a
browser."""

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest
from conftest import shared_path

from sahel.analysis import kwic as kwic_module
from sahel.analysis import tables as analysis
from sahel.extract import events as events_module
from sahel.pipeline import analyze, sample_path
from sahel.report import html as report

SECTIONS = ["summary", "top-actors", "top-by-source", "network", "timeline", "events", "kwic",
            "sources"]  # fmt: skip
INJECTED = "<script>alert('x')</script>"
# One record added to the sample: an event sentence holding markup that must be escaped.
INJECTED_RECORD = {
    "id": "wire_a-2024-03-12-injected",
    "source": "wire_a",
    "date": "2024-03-12",
    "title": "اتفاق",
    "text": f"وقّعت النيجر وروسيا اتفاقا للتعاون العسكري في 12 مارس 2024 {INJECTED}.",
}
TITLE = "تغطية الساحل 2024 & <Sahel>"


def run(paths, folder):
    return analyze(paths, folder, formats=("csv",), progress=False, report=False)


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    """analyze() on the built-in sample and one record more."""
    folder = tmp_path_factory.mktemp("sample")
    corpus = folder / "sample.jsonl"
    corpus.write_text(
        sample_path().read_text(encoding="utf-8")
        + json.dumps(INJECTED_RECORD, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    return run(corpus, folder / "out")


@pytest.fixture(scope="module")
def tables(result):
    return {name: result.tables[name] for name in report.TABLES}


@pytest.fixture(scope="module")
def html(result, tables):
    return report.render_report(tables, title=TITLE, summary=result.summary())


class Sections(HTMLParser):
    """Text, image sources, link targets and table cells of each <section id=...> of a page."""

    def __init__(self):
        super().__init__()
        self.text, self.images, self.links, self.attrs_of, self.cells = {}, {}, [], {}, {}
        self.current = None
        self.row = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.attrs_of.setdefault(tag, attrs)
        if tag == "section":
            self.current = attrs.get("id")
            self.text[self.current] = ""
            self.images[self.current] = []
            self.cells[self.current] = []
        elif self.current and tag == "img":
            self.images[self.current].append(attrs.get("src", ""))
        elif self.current and tag == "tr":
            self.row = []
            self.cells[self.current].append(self.row)
        elif self.current and tag == "td" and self.row is not None:
            self.row.append("")
        for name in ("src", "href"):
            if name in attrs:
                self.links.append(attrs[name])

    def handle_endtag(self, tag):
        if tag == "section":
            self.current = None
        elif tag == "tr":
            self.row = None

    def handle_data(self, data):
        if self.current:
            self.text[self.current] += data
            if self.row:
                self.row[-1] += data


def parse(html):
    parser = Sections()
    parser.feed(html)
    return parser


def event_actor_cells(page):
    """(actor 1, actor 2) as shown in each row of the events table."""
    return [(row[1].strip(), row[2].strip()) for row in page.cells["events"] if len(row) == 8]


# --------------------------------------------------------------------------- the contract


def test_the_report_reads_the_producers_tables():
    producers = {
        "counts": analysis.COLUMNS["counts"],
        "counts_by_source": analysis.COLUMNS["counts_by_source"],
        "counts_by_month": analysis.COLUMNS["counts_by_month"],
        "cooccurrence": analysis.COLUMNS["cooccurrence"],
        "events": events_module.COLUMNS,
        "kwic": kwic_module.COLUMNS,
    }
    assert report.TABLES == producers


def test_fixture_columns_are_the_producers_columns(tables):
    for name, table in tables.items():
        assert list(table.columns) == report.TABLES[name], name
        assert not table.empty, name


def test_summary_keys_are_the_pipelines(result):
    assert set(result.summary()) == report.SUMMARY_KEYS


# --------------------------------------------------------------------------- the page


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


def test_summary_values(html, result):
    summary = result.summary()
    text = " ".join(parse(html).text["summary"].split())
    first, last = (summary[k].strftime("%Y-%m-%d") for k in ("date_min", "date_max"))
    for shown in (
        f"Records read {summary['records']}",
        f"Documents {summary['documents']}",
        f"Events {summary['events']}",
        f"Mentions {summary['mentions']:,}",
        f"{first} – {last}",
        *summary["sources"],
    ):
        assert shown in text


def test_actors_are_shown_by_name(html, tables):
    page = parse(html)
    counts = tables["counts"]
    top = page.text["top-actors"]
    labels = counts.sort_values(["mentions", "label"], ascending=[False, True])["label"].head(5)
    positions = [top.index(label) for label in labels]
    assert positions == sorted(positions)
    named = dict(zip(counts["entity_id"], counts["label"], strict=True))
    edges = [row[:2] for row in page.cells["network"] if len(row) == 3]
    assert edges and all(a in named.values() and b in named.values() for a, b in edges)


def test_events_show_actor_names_not_ids(html, tables):
    events = tables["events"]
    shown = event_actor_cells(parse(html))
    assert len(shown) == len(events)
    labels = {*events["actor1_label"].dropna(), *events["actor2_label"].dropna(), ""}
    ids = {*events["actor1"].dropna(), *events["actor2"].dropna()} - labels
    cells = {cell for pair in shown for cell in pair}
    assert cells <= labels
    assert not cells & ids
    assert ("Niger", "Russia") in shown


def test_events_section_marks_the_cue(html, tables):
    page = parse(html)
    assert "اتفاقا للتعاون العسكري" in page.text["events"]
    assert "<mark>وقّعت النيجر وروسيا اتفاقا</mark>" in html  # whole words around the cue
    for source in tables["counts_by_source"]["source"].unique():
        assert source in page.text["sources"]


def test_kwic_reads_right_to_left(html, tables):
    rows = re.findall(
        r'<td class="before" dir="rtl">(.*?)</td>\s*<td class="hit"><mark dir="auto">(.*?)</mark>'
        r'</td>\s*<td class="after" dir="rtl">(.*?)</td>',
        html,
    )
    assert rows
    assert {match for _, match, _ in rows} <= set(tables["kwic"]["match"])
    assert re.search(r'<table class="kwic" dir="rtl">', html)
    # Lines are grouped by actor, most mentioned first, under the actor's label.
    counts = tables["counts"].set_index("entity_id")
    kwic_text = parse(html).text["kwic"]
    groups = tables["kwic"]["entity_id"].unique()
    ranked = sorted(groups, key=lambda e: -counts.loc[e, "mentions"])
    positions = [kwic_text.index(counts.loc[e, "label"]) for e in ranked[:3]]
    assert positions == sorted(positions)


# --------------------------------------------------------------------------- the seeds


def test_seed_report_names_the_actors_of_its_events(tmp_path):
    seeds = shared_path("corpus", "seeds")
    if not list(seeds.glob("*.txt")):
        pytest.skip(f"no seed articles in {seeds}")
    seeded = run(sorted(seeds.glob("*.txt")), tmp_path / "out")
    tables = {name: seeded.tables[name] for name in report.TABLES}
    for name, table in tables.items():
        assert list(table.columns) == report.TABLES[name], name
    events = tables["events"]
    assert len(events)
    page = parse(report.render_report(tables, title="seeds", summary=seeded.summary()))
    cells = {cell for pair in event_actor_cells(page) for cell in pair} - {""}
    labels = {*events["actor1_label"].dropna(), *events["actor2_label"].dropna()}
    ids = {*events["actor1"].dropna(), *events["actor2"].dropna()}
    assert cells and cells <= labels
    assert not cells & (ids - labels)  # no NE, TR or wagner where Niger, Turkey, Wagner belong


# --------------------------------------------------------------------------- input checks


def empty_tables():
    return {name: pd.DataFrame(columns=columns) for name, columns in report.TABLES.items()}


def test_empty_tables_still_give_every_section():
    page = parse(report.render_report(empty_tables(), title="empty", summary={}))
    assert list(page.text) == SECTIONS
    for section in SECTIONS:
        assert "No data" in page.text[section]
    assert not any(page.images.values())


def test_tables_of_another_shape_are_refused(tables):
    missing = dict(tables)
    del missing["events"]
    with pytest.raises(ValueError, match="events"):
        report.render_report(missing, title="t", summary=None)
    renamed = {**tables, "events": tables["events"].drop(columns=["actor1_label"])}
    with pytest.raises(ValueError, match="'events' has the columns"):
        report.render_report(renamed, title="t", summary=None)
    with pytest.raises(TypeError, match="DataFrame"):
        report.render_report({**tables, "counts": [1, 2]}, title="t", summary=None)
    with pytest.raises(TypeError, match="map names"):
        report.render_report(list(tables.values()), title="t", summary=None)


def test_bad_options_are_reported(tables):
    with pytest.raises(TypeError, match="dict"):
        report.render_report(tables, title="t", summary=[1])
    with pytest.raises(ValueError, match="unknown summary keys"):
        report.render_report(tables, title="t", summary={"distinct_actors": 5})
    with pytest.raises(ValueError, match="image_format"):
        report.render_report(tables, title="t", summary=None, image_format="gif")


def test_open_date_range_and_missing_flags(result, tables):
    summary = {**result.summary(), "date_max": pd.NaT}
    events = tables["events"].astype({"negated": "boolean", "future": "boolean"})
    events.loc[:, "negated"] = pd.NA
    events.loc[events.index[0], "negated"] = True
    page = report.render_report({**tables, "events": events}, title="t", summary=summary)
    text = " ".join(parse(page).text["summary"].split())
    assert f"{summary['date_min']:%Y-%m-%d} – …" in text
    assert "NaT" not in text
    assert page.count('class="flag negated"') == 1


def test_write_report(tmp_path):
    target = report.write_report(
        tmp_path / "out" / "report.html", empty_tables(), title="t", summary=None
    )
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(ValueError, match=".html"):
        report.write_report(tmp_path / "report.txt", empty_tables(), title="t", summary=None)


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


def test_browser_renders_every_section(browser, tables):
    _, dom = browser
    page = parse(dom)
    assert page.attrs_of["html"]["dir"] == "rtl"
    assert list(page.text) == SECTIONS
    for section in SECTIONS:
        assert page.text[section].split(), section
    for label in tables["counts"]["label"].head(5):
        assert label in page.text["top-actors"]
    assert tables["kwic"]["match"].iloc[0] in page.text["kwic"]
    assert "اتفاقا للتعاون العسكري" in page.text["events"]
    assert ("Niger", "Russia") in event_actor_cells(page)
