"""Charts of the analysis tables that draw Arabic labels joined and right to left.

matplotlib before 3.11 draws each code point's default glyph from left to right, so Arabic comes
out as isolated letters in reverse order; those versions need the text reshaped into presentation
forms and reordered for display (arabic-reshaper + python-bidi). matplotlib 3.11 and later shape
and order text with libraqm themselves, and reshaping there would reverse the text a second time.
`rtl()` hides the difference: pass every label through it. Figures are plain
`matplotlib.figure.Figure` objects (no pyplot state), so building many of them leaks nothing.

Fonts: matplotlib knows the fonts of its cache (``fontlist-*.json`` in MPLCONFIGDIR), which may
predate the Arabic fonts or come from another machine; it then warns ("findfont: Failed to find
font weight normal") and draws in whatever face it has, bold included. So the Arabic font files
are registered with matplotlib when this module is imported, whatever its cache holds: every face
of :data:`ARABIC_FAMILIES` found in :data:`FONT_DIRS` (else where fontconfig's ``fc-list`` says).
"""

from __future__ import annotations

import base64
import functools
import io
import math
import re
import shutil
import subprocess
import warnings
from collections.abc import Sequence
from pathlib import Path

import matplotlib
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib import font_manager, patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, PercentFormatter

from sahel.report.figures import STYLE, type_colour

__all__ = [
    "ARABIC_FAMILIES",
    "ArabicFontError",
    "bar_actors",
    "figure_to_data_uri",
    "native_text_layout",
    "network",
    "rtl",
    "source_shares",
    "timeline",
    "type_colour",
    "use_arabic_font",
]

#: Font families tried in order; the Noto ones come with Debian's fonts-noto-core.
ARABIC_FAMILIES: tuple[str, ...] = ("Noto Sans Arabic", "Noto Naskh Arabic", "DejaVu Sans")
_FONT_PACKAGE = "fonts-noto-core"
#: Folders searched for the font files of a family (files named ``<Family without spaces>-*``):
#: Debian and Ubuntu (fonts-noto-core), Fedora (google-noto-*-fonts), Arch (noto-fonts), local
#: and per-user fonts, macOS. A family found in none of them is asked of fontconfig (fc-list).
FONT_DIRS: tuple[str, ...] = (
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/google-noto",
    "/usr/share/fonts/google-noto-vf",
    "/usr/share/fonts/noto",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "~/Library/Fonts",
)
_FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
_PROBE_LETTERS = "ابت"

# Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic, Arabic Extended, the presentation-form
# blocks, and the supplementary right-to-left scripts.
_RTL_CHARS = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]"
)

# Entity types seen in the gazetteer get fixed colours so that every chart agrees; other types get
# a colour derived from their name, which is stable across runs.
_PALETTE = tuple(STYLE["palette"])
_NO_DATA = "No data"


class ArabicFontError(RuntimeError):
    """No installed font has Arabic glyphs."""


# --------------------------------------------------------------------------- text


@functools.cache
def native_text_layout() -> bool:
    """True when matplotlib shapes and orders complex scripts itself (libraqm, matplotlib >= 3.11).

    Decided by drawing: two beh letters come out joined only when the renderer shapes text.
    """
    font = font_manager.FontProperties(
        fname=f"{matplotlib.get_data_path()}/fonts/ttf/DejaVuSans.ttf", size=28
    )

    def draw(text: str) -> np.ndarray:
        fig = Figure(figsize=(1.2, 0.6), dpi=72)
        canvas = FigureCanvasAgg(fig)
        fig.text(0.5, 0.5, text, fontproperties=font, ha="center", va="center")
        canvas.draw()
        return np.asarray(canvas.buffer_rgba())[..., :3].copy()

    # U+FE8F is the isolated presentation form of beh: what an unshaping renderer draws for U+0628.
    return not np.array_equal(draw("\u0628\u0628"), draw("\ufe8f\ufe8f"))


def rtl(text: str) -> str:
    """The form of *text* to hand to matplotlib so that it is drawn shaped and right to left.

    Strings without right-to-left characters come back unchanged, and so does everything when
    matplotlib shapes text itself; otherwise each line is reshaped into Arabic presentation forms
    and reordered into display order by the Unicode bidi algorithm (numbers and Latin words keep
    their left-to-right order).
    """
    if not isinstance(text, str):
        raise TypeError(f"rtl() takes a str, not {type(text).__name__}; convert the label first")
    if not _RTL_CHARS.search(text) or native_text_layout():
        return text
    import arabic_reshaper

    try:
        # The pure-Python algorithm mirrors brackets in right-to-left runs (rule L4); the
        # Rust-backed bidi.get_display of python-bidi 0.5+ does not: "(IS)" would come out ")IS(".
        from bidi.algorithm import get_display
    except ImportError:
        from bidi import get_display

    return "\n".join(get_display(arabic_reshaper.reshape(line)) for line in text.split("\n"))


def _label(value: object) -> str:
    """A table value as a chart label: display form, with `$` kept literal (not mathtext)."""
    text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    return rtl(text).replace("$", r"\$")


# --------------------------------------------------------------------------- fonts


def _has_arabic_glyphs(path: str) -> bool:
    try:
        font = FT2Font(path)
    except (OSError, RuntimeError):
        return False
    return all(font.get_char_index(ord(ch)) for ch in _PROBE_LETTERS)


@functools.cache
def _fontconfig_files() -> dict[str, tuple[str, ...]]:
    """Font files by family as fontconfig lists them ({} without fc-list)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return {}
    try:
        listing = subprocess.run(
            [fc_list, "--format", "%{family}\t%{file}\n"],
            capture_output=True, text=True, timeout=30, check=True,
        ).stdout  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return {}
    files: dict[str, list[str]] = {}
    for line in listing.splitlines():
        families, _, path = line.partition("\t")
        for family in families.split(","):
            files.setdefault(family.strip(), []).append(path)
    return {family: tuple(sorted(paths)) for family, paths in files.items()}


def font_files(family: str) -> list[str]:
    """The installed files of *family*: those in :data:`FONT_DIRS` named after it (NotoSansArabic-
    Regular.ttf, NotoSansArabic-Bold.ttf...), else those fontconfig lists for it."""
    stem = family.replace(" ", "")
    found: list[str] = []
    for folder in FONT_DIRS:
        base = Path(folder).expanduser()
        if base.is_dir():
            found += sorted(
                str(path)
                for path in base.rglob(f"{stem}-*")
                if path.suffix.lower() in _FONT_SUFFIXES and path.is_file()
            )
    if not found:
        found = [p for p in _fontconfig_files().get(family, ()) if p.endswith(_FONT_SUFFIXES)]
    return list(dict.fromkeys(found))


def register_fonts(families: Sequence[str] = ARABIC_FAMILIES) -> list[str]:
    """Register with matplotlib every face of *families* that its font list lacks (it may come
    from a cache older than the fonts); returns the files added. Called on import."""
    manager = font_manager.fontManager
    known = {str(Path(entry.fname).resolve()) for entry in manager.ttflist}
    added = []
    for family in families:
        for path in font_files(family):
            if str(Path(path).resolve()) in known or not _has_arabic_glyphs(path):
                continue
            try:
                manager.addfont(path)
            except (OSError, RuntimeError):  # a damaged file: matplotlib cannot read it either
                continue
            known.add(str(Path(path).resolve()))
            added.append(path)
    return added


@functools.cache
def _font_file(family: str) -> str | None:
    """The regular face of *family* with Arabic glyphs, registering the family with matplotlib
    if its font list lacks it."""

    def regular_first(entry: font_manager.FontEntry) -> tuple[bool, int]:
        weight = entry.weight if isinstance(entry.weight, int) else 400
        return (entry.style != "normal", abs(weight - 400))

    def known() -> list[font_manager.FontEntry]:
        entries = (e for e in font_manager.fontManager.ttflist if e.name == family)
        return sorted(entries, key=regular_first)

    entries = known()
    if not entries and register_fonts((family,)):
        entries = known()
    for entry in entries:
        if _has_arabic_glyphs(entry.fname):
            return entry.fname
    return None


def use_arabic_font(prefer: Sequence[str] = ARABIC_FAMILIES) -> str:
    """Make matplotlib draw text in the first family of *prefer* that has Arabic glyphs.

    Sets ``rcParams["font.family"]`` to every usable family of *prefer* followed by DejaVu Sans,
    so Latin letters missing from an Arabic face fall back per glyph. Returns the family chosen.
    Raises ArabicFontError when none of them is installed with Arabic glyphs.
    """
    if isinstance(prefer, str):
        prefer = (prefer,)
    usable = [family for family in prefer if _font_file(family)]
    if not usable:
        raise ArabicFontError(
            f"no font with Arabic glyphs among {', '.join(prefer)}; install Debian's "
            f"{_FONT_PACKAGE} package (apt-get install {_FONT_PACKAGE}) for Noto Sans Arabic "
            "and Noto Naskh Arabic, or pass prefer= with an installed Arabic font family"
        )
    if not usable[0].startswith("Noto"):
        warnings.warn(
            f"Noto Arabic fonts not found; Arabic labels are drawn in {usable[0]}. "
            f"Install {_FONT_PACKAGE} for better Arabic type.",
            stacklevel=2,
        )
    families = list(dict.fromkeys([*usable, "DejaVu Sans"]))
    matplotlib.rcParams["font.family"] = families
    return usable[0]


register_fonts()


# --------------------------------------------------------------------------- helpers


def _require(table: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{what} takes a pandas DataFrame, not {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(
            f"{what}: the table lacks column(s) {', '.join(missing)}; "
            f"it has {', '.join(map(str, table.columns)) or 'no columns'}"
        )


def _empty_figure(message: str = _NO_DATA, size: tuple[float, float] = (6.0, 1.6)) -> Figure:
    fig = Figure(figsize=size, layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.5, _label(message), ha="center", va="center", fontsize=12, color="#666666")
    return fig


def _month_index(values: pd.Series) -> pd.PeriodIndex:
    """Monthly periods from Period, 'YYYY-MM' strings or datetimes."""
    if isinstance(values.dtype, pd.PeriodDtype):
        return pd.PeriodIndex(values.dt.asfreq("M"))
    if pd.api.types.is_datetime64_any_dtype(values):
        return pd.PeriodIndex(values.dt.tz_localize(None) if values.dt.tz else values, freq="M")
    as_text = values.astype("string")
    try:
        return pd.PeriodIndex(pd.to_datetime(as_text, format="%Y-%m"), freq="M")
    except (ValueError, TypeError):
        return pd.PeriodIndex(pd.to_datetime(as_text, format="mixed"), freq="M")


# --------------------------------------------------------------------------- charts


def bar_actors(
    counts: pd.DataFrame,
    top: int = 20,
    by: str | None = None,
    *,
    value: str = "mentions",
    title: str | None = None,
) -> Figure:
    """Horizontal bars of the *top* actors by *value*, most mentioned on top.

    *counts* needs ``label`` and *value* (``mentions``); a ``type`` column colours the bars.
    With *by* (a column such as ``source`` of the per-source table) there is one panel per value
    of that column, each with its own top actors.
    """
    _require(counts, ["label", value] + ([by] if by else []), "bar_actors")
    if top < 1:
        raise ValueError(f"bar_actors: top must be at least 1, got {top}")
    use_arabic_font()
    data = counts.dropna(subset=[value])
    if data.empty:
        return _empty_figure()
    groups = [(None, data)] if by is None else list(data.groupby(by, sort=True))
    ncols = 1 if len(groups) == 1 else 2
    nrows = math.ceil(len(groups) / ncols)
    rows_per_panel = min(top, max(len(g) for _, g in groups))
    fig = Figure(
        figsize=(6.2 * ncols if ncols > 1 else 8.0, nrows * (0.9 + 0.32 * rows_per_panel)),
        layout="constrained",
    )
    shown_types: set[str] = set()
    for index, (name, group) in enumerate(groups):
        ax = fig.add_subplot(nrows, ncols, index + 1)
        aggregations = {value: "sum"}
        if "type" in group.columns:
            aggregations["type"] = "first"
        key = "entity_id" if "entity_id" in group.columns else "label"
        grouped = group.groupby([key, "label"] if key != "label" else key, dropna=False)
        table = grouped.agg(aggregations).reset_index()
        table = table.sort_values([value, "label"], ascending=[False, True]).head(top)
        table = table.iloc[::-1]
        colours = [type_colour(t) for t in table["type"]] if "type" in table else "#1f77b4"
        if "type" in table:
            shown_types.update(str(t) for t in table["type"].dropna())
        positions = np.arange(len(table))
        bars = ax.barh(positions, table[value].to_numpy(), color=colours, height=0.7)
        ax.set_yticks(positions, [_label(v) for v in table["label"]], fontsize=11)
        ax.bar_label(bars, labels=[f"{v:,.0f}" for v in table[value]], padding=3, fontsize=9)
        ax.set_xlabel(value)
        ax.margins(x=0.12)
        ax.spines[["top", "right"]].set_visible(False)
        if name is not None:
            ax.set_title(_label(name), fontsize=12)
    if len(shown_types) > 1:
        kinds = sorted(shown_types)
        handles = [Patch(color=type_colour(k), label=_label(k)) for k in kinds]
        fig.legend(handles=handles, loc="outside lower center", ncols=min(len(kinds), 6))
    if title:
        fig.suptitle(_label(title), fontsize=13)
    return fig


def network(
    graph,
    *,
    top: int = 30,
    min_weight: float = 1,
    size: str = "mentions",
    seed: int = 7,
    title: str | None = None,
) -> Figure:
    """The co-occurrence graph: nodes sized by mention count, edges as wide as their weight.

    Nodes carry ``label`` and ``type`` attributes (and *size*, else their weighted degree is used);
    edges carry ``weight``. Only the *top* nodes by size and edges of at least *min_weight* are
    drawn, and nodes left without an edge are dropped. The spring layout uses a fixed *seed*, so
    the picture is the same on every run.
    """
    import networkx as nx

    if not isinstance(graph, nx.Graph):
        raise TypeError(f"network takes a networkx Graph, not {type(graph).__name__}")
    use_arabic_font()
    strength = dict(graph.degree(weight="weight"))
    sizes = {n: float(graph.nodes[n].get(size, strength.get(n, 0)) or 0) for n in graph.nodes}
    keep = sorted(graph.nodes, key=lambda n: (-sizes[n], str(n)))[:top]
    sub = graph.subgraph(keep).copy()
    sub.remove_edges_from(
        [(a, b) for a, b, w in sub.edges(data="weight", default=1) if w < min_weight]
    )
    # An actor with no co-occurrence left says nothing here, and the layout would push it away.
    sub.remove_nodes_from(list(nx.isolates(sub)))
    if sub.number_of_nodes() == 0:
        return _empty_figure("No co-occurrences")
    fig = Figure(figsize=(10, 8), layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    k = 1.6 / math.sqrt(max(sub.number_of_nodes(), 1))
    pos = nx.spring_layout(sub, seed=seed, weight="weight", k=k, iterations=200)
    nodes = list(sub.nodes)
    largest = max(sizes[n] for n in nodes) or 1.0
    node_sizes = [250 + 2750 * math.sqrt(sizes[n] / largest) for n in nodes]
    weights = [float(w) for _, _, w in sub.edges(data="weight", default=1)]
    heaviest = max(weights, default=1.0) or 1.0
    if weights:
        nx.draw_networkx_edges(
            sub,
            pos,
            ax=ax,
            width=[0.6 + 6.0 * w / heaviest for w in weights],
            alpha=0.35,
            edge_color="#555555",
        )
    nx.draw_networkx_nodes(
        sub,
        pos,
        ax=ax,
        nodelist=nodes,
        node_size=node_sizes,
        node_color=[type_colour(sub.nodes[n].get("type")) for n in nodes],
        alpha=0.75,
        linewidths=1,
        edgecolors="white",
    )
    for n in nodes:
        x, y = pos[n]
        ax.text(
            x,
            y,
            _label(sub.nodes[n].get("label", n)),
            ha="center",
            va="center",
            fontsize=11,
            path_effects=[patheffects.withStroke(linewidth=3, foreground="white")],
            # Labels stay out of the layout: the limits below leave room for them.
            in_layout=False,
        )
    kinds = sorted({str(sub.nodes[n].get("type")) for n in nodes if sub.nodes[n].get("type")})
    if kinds:
        handles = [Patch(color=type_colour(t), label=_label(t)) for t in kinds]
        fig.legend(handles=handles, loc="outside lower center", ncols=min(len(kinds), 6))
    xs, ys = np.array([pos[n] for n in nodes]).T
    pad_x = 0.2 * (np.ptp(xs) or 1.0)
    pad_y = 0.12 * (np.ptp(ys) or 1.0)
    ax.set_xlim(xs.min() - pad_x, xs.max() + pad_x)
    ax.set_ylim(ys.min() - pad_y, ys.max() + pad_y)
    if title:
        ax.set_title(_label(title), fontsize=13)
    return fig


def timeline(
    events_or_counts: pd.DataFrame,
    *,
    top: int = 8,
    by: str | None = None,
    title: str | None = None,
) -> Figure:
    """Counts per month, one line per actor or per event type.

    Takes either the monthly counts table (``month``, ``label``, ``mentions``; the *top* labels by
    total are drawn) or the events table (``date`` plus ``event_type``, or the column *by*; each
    row counts one). Months without data count zero.
    """
    table = events_or_counts
    _require(table, [], "timeline")
    if "month" in table.columns and "mentions" in table.columns:
        series_column = by or "label"
        _require(table, [series_column], "timeline")
        data = pd.DataFrame(
            {
                "month": _month_index(table["month"]),
                "series": table[series_column].astype("string"),
                "count": pd.to_numeric(table["mentions"]),
            }
        )
        ylabel = "mentions per month"
    elif "date" in table.columns:
        series_column = by or "event_type"
        _require(table, [series_column], "timeline")
        dated = table.dropna(subset=["date"])
        if not pd.api.types.is_datetime64_any_dtype(dated["date"]):
            # ISO dates of day, month or year precision: a year alone has no month to plot.
            text = dated["date"].astype("string")
            dated = dated[text.str.match(r"\d{4}-\d{2}").fillna(False).to_numpy()]
            dated = dated.assign(date=dated["date"].astype("string").str.slice(0, 7))
        data = pd.DataFrame(
            {
                "month": _month_index(dated["date"]),
                "series": dated[series_column].astype("string"),
                "count": 1,
            }
        )
        ylabel = "events per month"
    else:
        raise ValueError(
            "timeline takes the monthly counts table (month, label, mentions) or the events "
            f"table (date, event_type); this one has {', '.join(map(str, table.columns))}"
        )
    use_arabic_font()
    data = data.dropna(subset=["month", "series"])
    if data.empty:
        return _empty_figure()
    pivot = data.pivot_table(index="month", columns="series", values="count", aggfunc="sum")
    totals = pivot.sum().sort_values(ascending=False, kind="stable")
    pivot = pivot[list(totals.index[:top])]
    months = pd.period_range(pivot.index.min(), pivot.index.max(), freq="M")
    pivot = pivot.reindex(months, fill_value=0).fillna(0)
    fig = Figure(figsize=(10, 4.8), layout="constrained")
    ax = fig.add_subplot()
    x = months.to_timestamp()
    for index, name in enumerate(pivot.columns):
        ax.plot(
            x,
            pivot[name].to_numpy(),
            marker="o",
            markersize=4,
            linewidth=1.8,
            color=_PALETTE[index % len(_PALETTE)],
            label=_label(name),
        )
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    # One tick per month (or every few months over long spans), labelled YYYY-MM.
    ax.xaxis.set_major_locator(mdates.MonthLocator(interval=max(1, math.ceil(len(months) / 12))))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    if len(months) > 6:
        fig.autofmt_xdate()
    if title:
        ax.set_title(_label(title), fontsize=13)
    return fig


def source_shares(
    shares: pd.DataFrame,
    *,
    top: int = 15,
    value: str = "share",
    title: str | None = None,
) -> Figure:
    """A heatmap of each actor's share per source: rows are the *top* actors by total mentions.

    *shares* is the per-source table (``source``, ``label``, *value*; ``mentions`` orders the
    rows when present). Shares between 0 and 1 are printed as percentages.
    """
    _require(shares, ["source", "label", value], "source_shares")
    use_arabic_font()
    data = shares.dropna(subset=[value])
    if data.empty:
        return _empty_figure()
    pivot = data.pivot_table(index="label", columns="source", values=value, aggfunc="sum")
    order_by = "mentions" if "mentions" in data.columns else value
    totals = data.groupby("label")[order_by].sum().sort_values(ascending=False, kind="stable")
    pivot = pivot.loc[list(totals.index[:top])].fillna(0)
    matrix = pivot.to_numpy(dtype=float)
    as_percent = matrix.size and np.nanmax(matrix) <= 1.0
    fig = Figure(
        figsize=(2.2 + 1.3 * pivot.shape[1], 1.2 + 0.42 * pivot.shape[0]), layout="constrained"
    )
    ax = fig.add_subplot()
    image = ax.imshow(matrix, aspect="auto", cmap="YlOrBr", vmin=0)
    ax.set_xticks(range(pivot.shape[1]), [_label(c) for c in pivot.columns], fontsize=10)
    ax.set_yticks(range(pivot.shape[0]), [_label(r) for r in pivot.index], fontsize=11)
    ax.tick_params(top=True, labeltop=True, bottom=False, labelbottom=False)
    ceiling = np.nanmax(matrix) or 1.0
    for (row, col), cell in np.ndenumerate(matrix):
        text = f"{cell:.0%}" if as_percent else f"{cell:,.0f}"
        colour = "white" if cell > 0.6 * ceiling else "black"
        ax.text(col, row, text, ha="center", va="center", fontsize=9, color=colour)
    bar = fig.colorbar(image, ax=ax, shrink=0.8)
    bar.set_label(value)
    if as_percent:
        bar.formatter = PercentFormatter(1.0)
    if title:
        ax.set_title(_label(title), fontsize=13)
    return fig


# --------------------------------------------------------------------------- output


def figure_to_data_uri(fig: Figure, fmt: str = "png", *, dpi: int = 110) -> str:
    """*fig* encoded as a ``data:`` URI (PNG or SVG with text as paths) for embedding in HTML."""
    mime = {"png": "image/png", "svg": "image/svg+xml"}
    if fmt not in mime:
        raise ValueError(f"figure_to_data_uri: fmt must be 'png' or 'svg', not {fmt!r}")
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "path"}):
        fig.savefig(buffer, format=fmt, dpi=dpi, bbox_inches="tight", facecolor="white")
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"data:{mime[fmt]};base64,{encoded}"
