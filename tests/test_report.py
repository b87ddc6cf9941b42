"""The HTML report on tables made by the real pipeline (the built-in sample, the seed articles):
self-contained, escaped, right to left, names rather than ids; and, in the system Chromium driven
by Playwright with every network request blocked, filters, sorting, search, the Arabic names,
the charts and the map, with a screenshot of each section kept as an artifact."""

import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import shared_path

from sahel.analysis import kwic as kwic_module
from sahel.analysis import tables as analysis
from sahel.extract import dates as dates_module
from sahel.extract import events as events_module
from sahel.pipeline import analyze, sample_path
from sahel.report import html as report
from sahel.text.gazetteer import Gazetteer

SECTIONS = ["summary", "top-actors", "top-by-source", "network", "timeline", "cooperation", "map",
            "events", "dates", "kwic", "sources", "rejected", "glossary"]  # fmt: skip
INJECTED = "<script>alert('x')</script>"
# One record added to the sample: an event sentence holding markup that must stay text.
INJECTED_RECORD = {
    "id": "wire_a-2024-03-12-injected",
    "source": "wire_a",
    "date": "2024-03-12",
    "title": "اتفاق",
    "text": f"وقّعت النيجر وروسيا اتفاقا للتعاون العسكري في 12 مارس 2024 {INJECTED}.",
}
TITLE = "تغطية الساحل 2024 & <Sahel>"
ARTIFACTS = Path(__file__).resolve().parents[1] / "build" / "report-screenshots"


def run(paths, folder):
    return analyze(paths, folder, formats=("csv",), progress=False, report=False)


def report_tables(result):
    return {name: result.tables[name] for name in (*report.TABLES, "documents")}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    """analyze() on the built-in sample, one record more and one line that cannot be read."""
    folder = tmp_path_factory.mktemp("sample")
    corpus = folder / "sample.jsonl"
    corpus.write_text(
        sample_path().read_text(encoding="utf-8")
        + json.dumps(INJECTED_RECORD, ensure_ascii=False)
        + "\n{not json\n",
        encoding="utf-8",
    )
    return run(corpus, folder / "out")


@pytest.fixture(scope="module")
def tables(result):
    return report_tables(result)


@pytest.fixture(scope="module")
def html(result, tables):
    return report.render_report(tables, summary=result.summary())


def page_data(html):
    found = re.search(r'<script type="application/json" id="sahel-data">(.*?)</script>', html, re.S)
    assert found
    return json.loads(found.group(1))


class Sections(HTMLParser):
    """Text of each <section id=...> of a page and the attributes of the first tag of each name."""

    def __init__(self):
        super().__init__()
        self.text, self.attrs_of, self.current = {}, {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.attrs_of.setdefault(tag, attrs)
        if tag == "section":
            self.current = attrs.get("id")
            self.text[self.current] = ""

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


# --------------------------------------------------------------------------- the contract


def test_the_report_reads_the_producers_tables():
    from sahel.corpus.corpus import REJECTED_COLUMNS
    from sahel.corpus.mentions import COLUMNS as MENTIONS

    producers = {
        "counts": analysis.COLUMNS["counts"],
        "cooccurrence": analysis.COLUMNS["cooccurrence"],
        "mentions": list(MENTIONS),
        "events": events_module.COLUMNS,
        "dates": dates_module.COLUMNS,
        "kwic": kwic_module.COLUMNS,
        "rejected": list(REJECTED_COLUMNS),
    }
    assert report.TABLES == producers


def test_fixture_columns_are_the_producers_columns(tables):
    for name, table in tables.items():
        if name in report.TABLES:
            assert list(table.columns) == report.TABLES[name], name
        assert not table.empty, name


def test_summary_keys_are_the_pipelines(result):
    assert set(result.summary()) == report.SUMMARY_KEYS


def test_resolution_rule():
    day = pd.Timestamp("2024-01-01")
    assert report.resolution(pd.Series([day, day + pd.Timedelta(days=21)])) == "day"
    assert report.resolution(pd.Series([day, day + pd.Timedelta(days=report.DAY_SPAN)])) == "day"
    assert report.resolution(pd.Series([day, day + pd.Timedelta(days=90)])) == "week"
    assert report.resolution(pd.Series([day, day + pd.Timedelta(days=400)])) == "month"
    assert report.resolution(pd.Series([], dtype="M8[ns]")) == "month"


# --------------------------------------------------------------------------- the page


def test_report_is_one_file_with_the_charting_library_once(html):
    import plotly.offline

    # The markup loads nothing (the browser tests check that the scripts request nothing).
    markup = re.sub(r"(<script[^>]*>).*?</script>", r"\1", html, flags=re.S)
    assert not re.search(r"\bsrc=|<link|@import|url\(|https?:", markup, re.IGNORECASE)
    assert re.findall(r"<script[^>]*>", html) == [
        '<script type="application/json" id="sahel-data">',
        "<script>",
        "<script>",
    ]
    assert html.count(plotly.offline.get_plotlyjs()[:200]) == 1


def test_report_keeps_article_text_out_of_the_markup(html):
    assert INJECTED not in html
    data = page_data(html)
    sentences = ["".join(row[3:]) for row in data["event_rows"]]
    assert any(INJECTED in s for s in sentences)  # kept as text, escaped in the JSON
    assert "\\u003cscript>" in html


def test_given_title_is_escaped(tables, result):
    page = report.render_report(tables, title=TITLE, summary=result.summary())
    assert "تغطية الساحل 2024 &amp; &lt;Sahel&gt;" in page


def test_title_and_lead_come_from_the_corpus(html, result):
    summary = result.summary()
    documents = summary["documents"] - summary["duplicates"]
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    first, last = (summary[k].strftime("%Y-%m-%d") for k in ("date_min", "date_max"))
    assert f"{documents} articles from {len(summary['sources'])} sources, {first} – {last}" in title
    lead = re.search(r'<p id="lead">(.*?)</p>', html, re.S).group(1)
    for source in summary["sources"]:
        assert source in lead
    counts = result.tables["counts"]
    assert counts.sort_values("mentions", ascending=False)["label"].iloc[0] in lead


def test_report_is_right_to_left_with_arabic_fonts(html):
    page = parse(html)
    assert page.attrs_of["html"] == {"lang": "ar", "dir": "rtl"}
    for family in ("Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans"):
        assert f'"{family}"' in html


def test_every_section_is_there(html):
    assert list(parse(html).text) == SECTIONS


def test_summary_values(html, result):
    summary = result.summary()
    text = " ".join(parse(html).text["summary"].split())
    first, last = (summary[k].strftime("%Y-%m-%d") for k in ("date_min", "date_max"))
    for shown in (
        f"Records read {summary['records']}",
        f"Rejected records {summary['rejected']}",
        f"Events {summary['events']}",
        f"Mentions {summary['mentions']:,}",
        f"{first} – {last}",
        *summary["sources"],
    ):
        assert shown in text


def test_glossary_names_every_event_type(html):
    text = parse(html).text["glossary"]
    for event_type, plover in events_module.lexicon.PLOVER.items():
        assert event_type in text and plover in text


def test_data_names_actors_in_both_languages(html, tables):
    data = page_data(html)
    actors = data["actors"]
    gazetteer = Gazetteer.default()
    at = {eid: k for k, eid in enumerate(actors["id"])}
    for eid, label in zip(tables["counts"]["entity_id"], tables["counts"]["label"], strict=True):
        assert actors["en"][at[eid]] == label
        entity = gazetteer.entities.get(eid)
        if entity is not None:
            assert actors["ar"][at[eid]] == entity.aliases[0]
    # Every mention of the analysed documents is counted once in the per-document counts.
    assert sum(n for _, _, n in data["mentions"]) == len(tables["mentions"])
    assert len(data["events"]["doc"]) == len(tables["events"])


def test_map_outlines_are_africa_and_the_middle_east(html):
    data = page_data(html)
    codes = {code for code, *_ in data["geo"]}
    assert {"NE", "ML", "BF", "DZ", "EG", "SA", "IR", "TR", "ZA"} <= codes
    assert not {"RU", "FR", "US"} & codes
    niger = next(g for g in data["geo"] if g[0] == "NE")
    xs = [x for x in niger[2] if x is not None]
    ys = [y for y in niger[3] if y is not None]
    assert 0 < min(xs) < max(xs) < 16.5 and 11 < min(ys) < max(ys) < 24


# --------------------------------------------------------------------------- input checks


def empty_tables():
    out = {name: pd.DataFrame(columns=columns) for name, columns in report.TABLES.items()}
    out["documents"] = pd.DataFrame(columns=report.DOCUMENT_COLUMNS)
    return out


def test_tables_of_another_shape_are_refused(tables):
    missing = dict(tables)
    del missing["events"]
    with pytest.raises(ValueError, match="events"):
        report.render_report(missing)
    renamed = {**tables, "events": tables["events"].drop(columns=["actor1_label"])}
    with pytest.raises(ValueError, match="'events' has the columns"):
        report.render_report(renamed)
    with pytest.raises(TypeError, match="DataFrame"):
        report.render_report({**tables, "counts": [1, 2]})
    with pytest.raises(TypeError, match="map names"):
        report.render_report(list(tables.values()))
    stories = pd.DataFrame(columns=["story_id"])
    with pytest.raises(ValueError, match="'stories'"):
        report.render_report({**tables, "stories": stories})


def test_bad_options_are_reported(tables):
    with pytest.raises(TypeError, match="dict"):
        report.render_report(tables, summary=[1])
    with pytest.raises(ValueError, match="unknown summary keys"):
        report.render_report(tables, summary={"distinct_actors": 5})
    with pytest.raises(TypeError, match="title"):
        report.render_report(tables, title=5)
    with pytest.raises(ValueError, match="max_rows"):
        report.render_report(tables, max_rows=-1)


def test_open_date_range(result, tables):
    summary = {**result.summary(), "date_max": pd.NaT}
    text = " ".join(parse(report.render_report(tables, summary=summary)).text["summary"].split())
    assert f"{summary['date_min']:%Y-%m-%d} – …" in text
    assert "NaT" not in text


def test_fully_rejected_corpus_says_why(tmp_path):
    corpus = tmp_path / "bad.jsonl"
    corpus.write_text('{"id": "a", "body": "نص"}\n{broken\n', encoding="utf-8")
    rejected = run(corpus, tmp_path / "out")
    assert len(rejected.tables["rejected"]) == 2
    html = report.render_report(report_tables(rejected), summary=rejected.summary())
    assert "no document was read" in re.search(r"<title>(.*?)</title>", html).group(1)
    data = page_data(html)
    assert [row[2] for row in data["rejected"]] == list(rejected.tables["rejected"]["reason"])
    assert all(reason for _, _, reason, _ in data["rejected"])


def test_write_report(tmp_path):
    target = report.write_report(tmp_path / "out" / "report.html", empty_tables())
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(ValueError, match=".html"):
        report.write_report(tmp_path / "report.txt", empty_tables())


def stories_of(events):
    """A stories table of the shape the stories stage writes, grouped here by type and actors
    (the report reads it; it does not make it)."""
    keyed = events.assign(
        key=events["event_type"] + "|" + events["actor1"].fillna("") + "|"
        + events["actor2"].fillna("")
    )  # fmt: skip
    rows = []
    for k, (_, group) in enumerate(keyed.groupby("key", sort=True)):
        first = group.sort_values("date").iloc[0]
        rows.append(
            {
                "story_id": f"s{k}",
                "event_type": first["event_type"],
                "plover": first["plover"],
                "quad_class": first["quad_class"],
                "actor1": first["actor1"],
                "actor2": first["actor2"],
                "actor1_label": first["actor1_label"],
                "actor2_label": first["actor2_label"],
                "first_date": group["date"].min(),
                "last_date": group["date"].max(),
                "n_sources": group["source"].nunique(),
                "n_reports": group["doc_id"].nunique(),
                "first_report": first["doc_id"],
                "first_source": first["source"],
                "sources": sorted(group["source"].unique()),
                "historical": bool(group["historical"].all()),
            }  # fmt: skip
        )
    return pd.DataFrame(rows, columns=report.STORY_COLUMNS)


# --------------------------------------------------------------------------- in a browser


def chromium_binary():
    found = shutil.which("chromium")
    if found:
        return found
    reason = "headless Chromium is not installed (Debian package chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium():
    chromium_binary()
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=chromium_binary(), args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


class Opened:
    """A report opened from a file with every request other than file:// blocked and logged."""

    def __init__(self, browser, html, folder, name):
        self.name = name
        path = folder / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        self.page = browser.new_page(viewport={"width": 1300, "height": 1000})
        self.blocked, self.errors = [], []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

        def route(request_route):
            if request_route.request.url.startswith("file://"):
                request_route.continue_()
            else:
                self.blocked.append(request_route.request.url)
                request_route.abort()

        self.page.route("**/*", route)
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("html[data-ready='1']", timeout=60_000)

    def text(self, selector):
        return self.page.locator(selector).inner_text()

    def column(self, table, index):
        """The cells of a column, by position or by its English header (columns can be added
        in front, as the story column is when the tables hold stories)."""
        if isinstance(index, str):
            headers = self.page.eval_on_selector_all(
                f"#{table} thead th", "ths => ths.map(th => th.querySelector('.en').textContent)"
            )
            index = headers.index(index)
        return self.page.eval_on_selector_all(
            f"#{table} tbody tr", f"rows => rows.map(r => r.children[{index}].textContent)"
        )

    def screenshots(self):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        # The filter bar sticks to the top of the window: keep it out of the section pictures.
        self.page.add_style_tag(content="#bar { position: static; }")
        shots = []
        for section in SECTIONS:
            shot = ARTIFACTS / f"{self.name}-{section}.png"
            self.page.locator(f"#{section}").screenshot(path=str(shot))
            shots.append(shot)
        print("screenshots:", *shots, sep="\n  ")
        return shots


@pytest.fixture(scope="module")
def sample_page(chromium, html, tmp_path_factory):
    opened = Opened(chromium, html, tmp_path_factory.mktemp("browser"), "sample")
    yield opened
    opened.page.close()


def test_browser_opens_offline_without_errors(sample_page):
    assert sample_page.blocked == []
    assert sample_page.errors == []
    drawn = sample_page.page.eval_on_selector_all(
        ".chart", "nodes => nodes.filter(n => n.dataset.drawn === '1').map(n => n.id)"
    )
    assert {"chart-top-actors", "chart-network", "chart-timeline-actors", "chart-map",
            "chart-cooperation", "chart-source-shares"} <= set(drawn)  # fmt: skip


def test_browser_map_draws_country_shapes(sample_page, html):
    data = page_data(html)
    fills = sample_page.page.locator("#chart-map path.js-fill").count()
    assert fills >= len(data["geo"])  # one filled outline (at least) per country
    shaded = sample_page.page.eval_on_selector_all(
        "#chart-map path.js-fill",
        "ps => ps.filter(p => p.style.fill.includes('30, 64, 175')"
        " && Number(p.style.fillOpacity) >= 0.1).length",
    )
    assert shaded >= 3  # Niger, Mali, Burkina Faso at least are mentioned
    assert sample_page.page.locator("#chart-map .point").count() > 0


def test_browser_sorts_and_searches_the_actors(sample_page, tables):
    page = sample_page.page
    mentions = [int(v.replace(",", "")) for v in sample_page.column("table-actors", 3)]
    assert mentions == sorted(mentions, reverse=True) and len(mentions) > 3
    header = page.locator("#table-actors th").nth(3)
    header.click()
    ascending = [int(v.replace(",", "")) for v in sample_page.column("table-actors", 3)]
    assert ascending == sorted(mentions)
    assert header.get_attribute("aria-sort") == "ascending"
    page.locator("#table-actors th").nth(1).click()
    names = sample_page.column("table-actors", 1)
    assert names == sorted(names, key=str.lower) or names[0] <= names[-1]
    page.fill("#table-actors input[type=search]", "russia")
    assert sample_page.column("table-actors", 1) == ["Russia"]
    page.fill("#table-actors input[type=search]", "")


def test_browser_filters_every_section_by_source(sample_page, tables, html):
    page = sample_page.page
    events = tables["events"]
    source = events["source"].value_counts().index[-1]
    page.select_option("#f-source", label=source)
    try:
        shown_sources = set(sample_page.column("table-events", "source"))
        assert shown_sources == {source}
        assert int(page.locator("#table-events").get_attribute("data-rows")) == int(
            (events["source"] == source).sum()
        )
        assert set(sample_page.column("table-kwic", 4)) <= {source}
        assert set(sample_page.column("table-sources", 0)) == {source}
        mentions = tables["mentions"]
        documents = tables["documents"]
        kept = documents[(documents["source"] == source) & ~documents["duplicate"]]["doc_id"]
        expected = int(mentions["doc_id"].isin(kept).sum())
        assert f"{expected:,} mentions" in sample_page.text("#filtered-summary")
    finally:
        page.select_option("#f-source", value="")


def test_browser_filters_by_actor_type_and_period(sample_page, tables):
    page = sample_page.page
    events = tables["events"]
    page.select_option("#f-actor", label="Russia")
    a1 = sample_page.column("table-events", "actor 1")
    a2 = sample_page.column("table-events", "actor 2")
    assert a1 and all("Russia" in pair for pair in zip(a1, a2, strict=True))
    page.select_option("#f-actor", value="")
    kind = events["event_type"].value_counts().index[0]
    page.select_option("#f-type", label=f"{kind} ({events_module.lexicon.PLOVER[kind]})")
    assert set(sample_page.column("table-events", "event type")) == {kind}
    page.select_option("#f-type", value="")
    page.fill("#f-from", "2099-01-01")
    page.dispatch_event("#f-from", "change")
    assert page.locator("#table-events").get_attribute("data-rows") == "0"
    assert "No data" in sample_page.text("#chart-top-actors")
    page.click("#f-reset")
    assert int(page.locator("#table-events").get_attribute("data-rows")) == len(events)


def test_browser_switches_actor_names_to_arabic(sample_page):
    page = sample_page.page
    assert "Niger" in sample_page.column("table-actors", 1)
    page.click("#lang")
    try:
        names = sample_page.column("table-actors", 1)
        assert "النيجر" in names and "روسيا" in names and "Niger" not in names
        assert "النيجر" in sample_page.text("#table-events")
        labels = page.eval_on_selector_all(
            "#chart-top-actors .ytick text", "ts => ts.map(t => t.textContent)"
        )
        assert "النيجر" in labels
    finally:
        page.click("#lang")
    assert "Niger" in sample_page.column("table-actors", 1)


def test_browser_marks_the_cue_and_shows_markup_as_text(sample_page):
    page = sample_page.page
    assert page.locator("#table-events mark", has_text="وقّعت النيجر وروسيا اتفاقا").count() >= 1
    assert INJECTED in sample_page.text("#table-events")
    assert page.locator("#events script").count() == 0


def test_browser_rejected_section_says_why(sample_page, tables):
    rejected = tables["rejected"]
    assert len(rejected) == 1
    text = sample_page.text("#rejected")
    assert rejected["reason"].iloc[0] in text


def test_browser_screenshots_of_every_section(sample_page):
    from PIL import Image

    for shot in sample_page.screenshots():
        pixels = np.asarray(Image.open(shot).convert("L"), dtype=float)
        assert pixels.shape[0] > 60 and pixels.std() > 10, shot


def test_browser_ranks_stories_by_sources(chromium, tables, result, tmp_path):
    stories = stories_of(tables["events"])
    html = report.render_report({**tables, "stories": stories}, summary=result.summary())
    opened = Opened(chromium, html, tmp_path, "stories")
    try:
        assert opened.blocked == [] and opened.errors == []
        shown = [int(v) for v in opened.column("table-stories", 6)]
        assert len(shown) == len(stories)
        assert shown == sorted(shown, reverse=True)
        assert max(shown) == stories["n_sources"].max()
    finally:
        opened.page.close()


def test_browser_seed_report(chromium, tmp_path):
    seeds = shared_path("corpus", "seeds")
    if not list(seeds.glob("*.txt")):
        pytest.skip(f"no seed articles in {seeds}")
    seeded = run(sorted(seeds.glob("*.txt")), tmp_path / "out")
    tables = report_tables(seeded)
    events = tables["events"]
    assert len(events)
    html = report.render_report(tables, summary=seeded.summary())
    opened = Opened(chromium, html, tmp_path, "seeds")
    try:
        assert opened.blocked == [] and opened.errors == []
        cells = set(opened.column("table-events", "actor 1")) | set(
            opened.column("table-events", "actor 2")
        )
        labels = {*events["actor1_label"].dropna(), *events["actor2_label"].dropna()}
        ids = {*events["actor1"].dropna(), *events["actor2"].dropna()}
        cells -= {""}
        assert cells and cells <= labels
        assert not cells & (ids - labels)  # no NE, TR or wagner where Niger, Turkey, Wagner belong
        first = tables["counts"].sort_values("mentions", ascending=False).iloc[0]
        top = first["label"]
        opened.page.fill("#table-actors input[type=search]", top)
        assert top in opened.column("table-actors", 1)
        opened.page.click("#lang")  # names in Arabic; the search still finds the English name
        arabic = Gazetteer.default().entities[first["entity_id"]].aliases[0]
        assert opened.column("table-actors", 1)[:1] == [arabic]
        assert opened.page.locator("#chart-map path.js-fill").count() > 0
        opened.screenshots()
    finally:
        opened.page.close()
