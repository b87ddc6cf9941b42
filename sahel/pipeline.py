"""The main job, `sahel analyze`: load, clean, match, extract dates and events, build the tables,
write them and the HTML report, and time every stage."""

from __future__ import annotations

import codecs
import json
import resource
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from sahel.corpus.fields import Fields
from sahel.corpus.output import RunFolder, dataset_path, inert_cells, open_output, output_path
from sahel.corpus.partitions import BLOCK_SIZE

FORMATS = ("csv", "parquet", "jsonl")
# Tables written in every requested format, in this order.
TABLES = (
    "documents", "rejected", "mentions", "counts", "counts_by_source", "counts_by_month",
    "cooccurrence", "source_comparison", "dates", "events", "stories", "kwic",
)  # fmt: skip
# The stages of analyze, in order (the timings table has one row each, and a total; a run in
# this process shows "analysis" as the per-partition stages, sahel.scale.analysis.
# PARTITION_STAGES, summed over the partitions; "lines" and "digests" run only when there are
# several partitions).
STAGES = (
    "plan", "gazetteer", "lines", "digests", "analysis", "stories", "write", "report",
)  # fmt: skip
# Threads for matching: the machine this is tuned on has two cores.
MATCH_THREADS = 2
# Row tables written as Parquet datasets, one file per partition, as each partition ends.
DATASETS = ("documents", "mentions", "dates", "events")

Progress = Callable[[str, int, int], None]


def sample_path() -> Path:
    """The built-in sample corpus (sahel/data/sample)."""
    return Path(str(resources.files("sahel") / "data" / "sample" / "sahel_sample.jsonl"))


@dataclass
class AnalysisResult:
    """What `analyze` produced: the tables (DataFrames, also readable as attributes:
    result.counts), the co-occurrence graph, the files written and the timings.

    `tables` is a RowTables: the aggregate tables, stories, KWIC samples and rejected records
    are in memory (their size is bounded by the actors, sources and months, not by the
    corpus); the row tables documents, mentions, dates and events are read from the Parquet
    datasets the run wrote when first asked for, so that a run over a large corpus never holds
    them unless asked. `corpus` is None: the corpus is read a partition at a time and never
    held whole (Corpus.load reads one for a notebook)."""

    out_dir: Path
    records: int
    tables: dict[str, pd.DataFrame]
    graph: object
    corpus: object = None
    files: dict[str, list[Path]] = field(default_factory=dict)
    report: Path | None = None
    timings: pd.DataFrame | None = None
    #: A partitioned run: seconds its tasks spent in each per-partition stage, summed over the
    #: partitions (sahel.scale.analysis.PARTITION_STAGES; task time, not wall time), and "cpu",
    #: the tasks' CPU seconds.
    task_seconds: dict[str, float] | None = None

    def __getattr__(self, name: str):
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def summary(self) -> dict:
        tables = self.tables
        documents = (
            tables.columns("documents", ["source", "date", "duplicate"])
            if isinstance(tables, RowTables)
            else tables["documents"]
        )
        analysed = documents[~documents["duplicate"]] if "duplicate" in documents else documents
        dates = (
            pd.to_datetime(analysed["date"])
            if "date" in analysed
            else pd.Series([], dtype="M8[ns]")
        )
        mentions = (
            tables.rows("mentions") if isinstance(tables, RowTables) else len(tables["mentions"])
        )
        return {
            "records": self.records,
            "documents": len(documents),
            "rejected": len(tables["rejected"]),
            "duplicates": int(documents["duplicate"].sum()) if "duplicate" in documents else 0,
            "sources": sorted(map(str, analysed["source"].dropna().unique()))
            if "source" in analysed
            else [],
            "date_min": dates.min(),
            "date_max": dates.max(),
            "mentions": mentions,
            "actors": int(tables["counts"]["entity_id"].nunique()),
            "events": tables.rows("events")
            if isinstance(tables, RowTables)
            else len(tables["events"]),
        }

    def summary_text(self) -> str:
        s = self.summary()
        timings = self.timings
        seconds = (
            0.0 if timings is None else float(timings["seconds"][timings["stage"] != "total"].sum())
        )
        return (
            f"{s['records']:,} records: {s['documents']:,} documents "
            f"({s['duplicates']:,} exact duplicates), {s['rejected']:,} rejected; "
            f"{s['mentions']:,} mentions of {s['actors']:,} actors, {s['events']:,} events "
            f"in {seconds:.1f} s -> {self.out_dir}"
            + (f" (report: {self.report})" if self.report else "")
        )


class _Timer:
    """Wall time and peak memory of each stage. Peak memory is the process's high-water mark
    (getrusage maxrss) when the stage ends: it only grows, so the stage where it jumps is
    the one that needed the memory."""

    def __init__(self, progress: Progress | None):
        self.rows: list[dict] = []
        self.progress = progress
        self.input_mb = float("nan")

    @contextmanager
    def stage(self, name: str):
        if self.progress:
            self.progress(name, 0, 0)
        start = time.perf_counter()
        yield
        seconds = time.perf_counter() - start
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self.rows.append({"stage": name, "seconds": seconds, "peak_rss_mb": peak_kb / 1024})

    def split(self, name: str, seconds: dict[str, float]) -> None:
        """Stage `name` shown as the stages it was made of (their wall seconds, the peak
        memory at its end): the per-partition stages of a run in this process."""
        at = next(k for k, row in enumerate(self.rows) if row["stage"] == name)
        peak = self.rows[at]["peak_rss_mb"]
        self.rows[at : at + 1] = [
            {"stage": stage, "seconds": s, "peak_rss_mb": peak} for stage, s in seconds.items()
        ]

    def table(self) -> pd.DataFrame:
        table = pd.DataFrame(self.rows, columns=["stage", "seconds", "peak_rss_mb"])
        table["input_mb"] = self.input_mb
        table["mb_per_s"] = self.input_mb / table["seconds"].where(table["seconds"] > 0)
        total = {
            "stage": "total",
            "seconds": table["seconds"].sum(),
            "peak_rss_mb": table["peak_rss_mb"].max(),
            "input_mb": self.input_mb,
        }
        total["mb_per_s"] = self.input_mb / total["seconds"] if total["seconds"] else np.nan
        return pd.concat([table, pd.DataFrame([total])], ignore_index=True)


def _tqdm_progress() -> Progress:
    """A progress callback drawing one tqdm bar over the stages on stderr, with the documents
    matched so far while matching (silent when stderr is no terminal)."""
    from tqdm.auto import tqdm

    bar = tqdm(
        total=len(STAGES),
        file=sys.stderr,
        disable=None,
        leave=False,
        bar_format="|{bar:20}| stage {n_fmt}/{total_fmt} [{elapsed}] {desc}",
    )

    def report(stage: str, done: int, total: int) -> None:
        detail = f" ({done:,}/{total:,} documents)" if total else ""
        bar.set_description_str(stage + detail, refresh=False)
        bar.n = STAGES.index(stage) if stage in STAGES else bar.n
        bar.refresh()

    return report


def _arrow_column(values: pd.Series, dates_as_days: bool) -> pa.Array | pa.ChunkedArray:
    """One column as plain Arrow values: categoricals decoded, mixed Python objects (metadata
    fields of varying type) as text, and with `dates_as_days` dates without a time as days."""
    try:
        array = pa.array(values, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        text = values.map(lambda v: None if v is None or v != v else str(v))
        array = pa.array(text, type=pa.large_string(), from_pandas=True)
    if pa.types.is_dictionary(array.type):
        array = pc.cast(array, array.type.value_type)
    if dates_as_days and pa.types.is_timestamp(array.type) and array.type.tz is None:
        stamps = pd.to_datetime(values)
        if ((stamps.dt.normalize() == stamps) | stamps.isna()).all():
            array = pc.cast(array, pa.date32(), safe=False)
    return array


def _arrow(frame: pd.DataFrame, dates_as_days: bool = False) -> pa.Table:
    names = [str(name) for name in frame.columns]
    columns = [_arrow_column(frame[name], dates_as_days) for name in frame.columns]
    return pa.table(columns, names=names)


def _write(
    frame: pd.DataFrame, path: Path, fmt: str, raw_csv: bool = False, excel: bool = False
) -> Path:
    """One table in one format. CSV and Parquet go through Arrow (several times faster than
    pandas' writers); JSON Lines through pandas, with ISO dates. CSV cells a spreadsheet would
    evaluate are made inert unless `raw_csv` (sahel.corpus.output); with `excel` a CSV file
    starts with a UTF-8 byte-order mark, without which Excel reads UTF-8 as a legacy code page
    and garbles Arabic."""
    if fmt == "csv":
        table = _arrow(inert_cells(frame, raw=raw_csv), dates_as_days=True)
        with open_output(path) as stream:
            if excel:
                stream.write(codecs.BOM_UTF8)
            pa_csv.write_csv(table, stream)
    elif fmt == "parquet":
        with open_output(path) as stream:
            pq.write_table(_arrow(frame), stream)
    else:
        with open_output(path, "utf-8") as text:
            _jsonl(frame, text)
    return path


def _plan(paths, block_size: int) -> list:
    """The partitions of the input (sahel.corpus.partitions); standard input, read once, is
    one partition with the files given beside it."""
    from sahel.corpus.loaders import STDIN, iter_files
    from sahel.corpus.partitions import Partition, plan

    given = [paths] if isinstance(paths, (str, Path)) else list(paths)
    if any(str(p) == STDIN for p in given):
        return [Partition("files", tuple(str(p) for p in iter_files(given)))]
    # No input file: the tables' columns from a partition of nothing.
    return plan(paths, block_size=block_size) or [Partition("files", ())]


def _run_files(formats: Sequence[str], report: bool, partitions: int = 0) -> list[str]:
    """The files a run writes into its folder, besides the manifest, with the datasets' files
    of its `partitions`."""
    names = [f"{name}.{fmt}" for name in TABLES for fmt in formats]
    names += [_dataset_file(name, k) for name in DATASETS for k in range(partitions)]
    return [*names, *(["report.html"] if report else []), "timings.csv", "timings.json"]


def _dataset_file(name: str, partition: int) -> str:
    return f"{name}/part-{partition:05d}.parquet"


class _Datasets:
    """The row tables written as they come: each partition's rows of DATASETS into one Parquet
    file of its dataset (offsets into the texts given); then each table's flat files in every
    format, made from its dataset's files one at a time (one schema over all of them: a column
    a partition lacks or holds no value of is empty there)."""

    def __init__(self, out: Path, partitions: int):
        self.out = out
        self.partitions = partitions
        self.files: dict[str, list[Path]] = {name: [] for name in DATASETS}
        self.sizes: dict[str, list[int]] = {name: [] for name in DATASETS}
        self.rows: dict[str, int] = dict.fromkeys(DATASETS, 0)

    def write(self, name: str, frame: pd.DataFrame) -> None:
        """The next partition's rows of one table."""
        k = len(self.files[name])
        path = dataset_path(self.out, name, _dataset_file(name, k).split("/", 1)[1])
        with open_output(path) as stream:
            pq.write_table(_arrow(frame), stream)
        self.files[name].append(path)
        self.sizes[name].append(len(frame))
        self.rows[name] += len(frame)

    def schema(self, name: str) -> pa.Schema:
        """One schema for the table's files: each column's type in the files that have rows
        (an empty partition's frame types nothing), promoted where they differ (no value
        becomes a type, int64 float64), text where they disagree."""
        files = [p for p, n in zip(self.files[name], self.sizes[name], strict=True) if n]
        types: dict[str, pa.DataType] = {}
        for path in files or self.files[name]:
            for column in pq.read_schema(path):
                known = types.setdefault(column.name, column.type)
                if known == column.type:
                    continue
                try:
                    types[column.name] = (
                        pa.unify_schemas(
                            [pa.schema([(column.name, known)]), pa.schema([column])],
                            promote_options="permissive",
                        )
                        .field(0)
                        .type
                    )
                except (pa.ArrowTypeError, pa.ArrowInvalid):
                    types[column.name] = pa.large_string()
        return pa.schema(list(types.items()))

    def replace(self, name: str, column: str, values: np.ndarray) -> None:
        """One column of a dataset replaced by `values` (aligned with the dataset's rows in
        partition order), file by file."""
        at = 0
        for k, (path, rows) in enumerate(zip(self.files[name], self.sizes[name], strict=True)):
            table = pq.read_table(path)
            new = pa.array(values[at : at + rows], type=pa.large_string(), from_pandas=True)
            if column in table.column_names:
                table = table.set_column(table.column_names.index(column), column, new)
            else:
                table = table.append_column(column, new)
            at += rows
            with open_output(path) as stream:
                pq.write_table(table, stream)
            self.files[name][k] = path

    def unify(self) -> None:
        """Every file of each dataset in one schema (self.schema), so that a dataset is one
        table to readers (pandas, Dask, DuckDB): the files written otherwise are written
        again."""
        for name in DATASETS:
            schema = self.schema(name)
            for path, rows in zip(self.files[name], self.sizes[name], strict=True):
                own = pq.read_schema(path)
                if own.remove_metadata() == schema:
                    continue
                if not rows:
                    table = schema.empty_table()
                else:
                    table = pq.read_table(path)
                    for column in schema:
                        if column.name not in own.names:
                            table = table.append_column(column, pa.nulls(len(table), column.type))
                    table = table.select(schema.names).cast(schema)
                with open_output(path) as stream:
                    pq.write_table(table, stream)

    def chunks(self, name: str, columns: list[str] | None = None) -> Iterator[pa.Table]:
        """The table's rows, a partition at a time (after unify)."""
        for path in self.files[name]:
            yield pq.read_table(path, columns=columns)

    def read(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        """The whole table (or some columns) as a DataFrame; the mentions' text as categories
        (as the matcher makes them: the largest table repeats its ids, labels and types on
        many rows)."""
        if columns is not None:
            names = pq.read_schema(self.files[name][0]).names
            columns = [c for c in columns if c in names]
        table = pa.concat_tables(list(self.chunks(name, columns)))
        return table.to_pandas(strings_to_categorical=name == "mentions")

    def write_flat(
        self, name: str, formats: Sequence[str], raw_csv: bool, excel: bool
    ) -> list[Path]:
        """The table's file in each format, appended a partition at a time."""
        written = []
        for fmt in formats:
            path = output_path(self.out, f"{name}.{fmt}")
            if fmt == "parquet":
                with open_output(path) as stream:
                    writer = pq.ParquetWriter(stream, pq.read_schema(self.files[name][0]))
                    for chunk in self.chunks(name):
                        writer.write_table(chunk)
                    writer.close()
            elif fmt == "csv":
                with open_output(path) as stream:
                    if excel:
                        stream.write(codecs.BOM_UTF8)
                    for k, chunk in enumerate(self.chunks(name)):
                        frame = inert_cells(chunk.to_pandas(), raw=raw_csv)
                        options = pa_csv.WriteOptions(include_header=k == 0)
                        pa_csv.write_csv(_arrow(frame, dates_as_days=True), stream, options)
            else:
                with open_output(path, "utf-8") as text:
                    for chunk in self.chunks(name):
                        _jsonl(chunk.to_pandas(), text)
            written.append(path)
        return written


def _jsonl(frame: pd.DataFrame, text) -> None:
    # pandas writes plain Python objects about twice as fast as its string and categorical
    # columns.
    plain = frame.astype({n: object for n, t in frame.dtypes.items() if t.kind not in "iufbM"})
    if len(plain):
        plain.to_json(text, orient="records", lines=True, force_ascii=False, date_format="iso")


def _run_about(paths, options: dict) -> dict:
    """What the manifest says about the run: sahel's version, the inputs and the options."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        sahel_version = version("sahel")
    except PackageNotFoundError:  # run from a source tree that was never installed
        sahel_version = None
    if paths is None:
        inputs = [str(sample_path())]
    else:
        given = [paths] if isinstance(paths, (str, Path)) else list(paths)
        inputs = [str(Path(p).resolve()) if Path(p).exists() else str(p) for p in given]
    return {"sahel": sahel_version, "inputs": inputs, "options": options}


class RowTables(dict):
    """AnalysisResult.tables of a run: the aggregate tables (counts, cooccurrence,
    source_comparison, stories, kwic), the events and the rejected records in memory, and the
    row tables documents, mentions and dates read from their Parquet datasets in the output
    folder when first asked for (then kept). Read back, text columns are categories and offsets
    are into the texts given, as in the files."""

    def __init__(self, tables: dict[str, pd.DataFrame], datasets: _Datasets, lazy: Sequence[str]):
        super().__init__(tables)
        self._datasets = datasets
        self._lazy = set(lazy)

    def __missing__(self, name: str) -> pd.DataFrame:
        if name not in self._lazy:
            raise KeyError(name)
        self[name] = self._datasets.read(name)
        return self[name]

    def __contains__(self, name: object) -> bool:
        return super().__contains__(name) or name in self._lazy

    def get(self, name, default=None):
        return self[name] if name in self else default

    def keys(self):
        return list(dict.fromkeys([*super().keys(), *sorted(self._lazy)]))

    def rows(self, name: str) -> int:
        """Rows of a table, without reading a row table that was not read yet."""
        if not super().__contains__(name) and name in self._lazy:
            return self._datasets.rows[name]
        return len(self[name])

    def columns(self, name: str, columns: list[str]) -> pd.DataFrame:
        """Some columns of a table, without keeping a row table that was not read yet."""
        if not super().__contains__(name) and name in self._lazy:
            return self._datasets.read(name, columns)
        return self[name][columns]


@dataclass
class _Run:
    """What the analysis of the partitions gives the rest of analyze."""

    records: int
    tables: RowTables
    graph: object
    gazetteer: object
    task_seconds: dict[str, float]


# What the stories of the events are made of (sahel.analysis.stories): the events' other
# columns (their sentence above all) stay in the events dataset.
_STORY_INPUTS = [
    "doc_id", "source", "sentence", "cue_start", "event_type", "plover", "quad_class", "actor1",
    "actor2", "actor1_label", "actor2_label", "date", "date_precision", "historical",
]  # fmt: skip


def _story_inputs(events: pd.DataFrame) -> pd.DataFrame:
    """The columns of `events` that stories are made of, text as categories (a few values
    repeated over many rows)."""
    slim = events[[c for c in _STORY_INPUTS if c in events.columns]]
    text = [c for c in slim.columns if slim[c].dtype == object]
    return slim.astype(dict.fromkeys(text, "category"))


def _analysis(
    parts, timer: _Timer, datasets: _Datasets, gazetteer_files, keep_duplicates: bool,
    fields: Fields | None, encoding: str | None, workers: int | None, scheduler: str | None,
    threads: int, show_progress: bool, source_countries: Mapping[str, str] | None = None,
) -> _Run:  # fmt: skip
    """The input analysed partition by partition (sahel.scale.analysis), here (``workers`` 0)
    or on a Dask cluster: the row tables of each partition go to its datasets' files as it
    ends and its partial aggregates are merged (sahel.analysis.aggregates), so that this
    process holds one partition's rows, the merged aggregates and the columns of the events that
    stories are made of, whatever the size of the corpus. The events' story ids are written
    last: which reports are one story is decided over every event."""
    from sahel.analysis import aggregates
    from sahel.corpus.corpus import raw_offsets
    from sahel.extract.events.stories import story_ids
    from sahel.scale import analysis as scale
    from sahel.scale import fingerprint
    from sahel.scale.cluster import Runner, dask_client, stream_progress
    from sahel.text.gazetteer import Gazetteer

    with timer.stage("gazetteer"):
        gazetteer = Gazetteer.default()
        for path in gazetteer_files:
            gazetteer = gazetteer.extend(path)
        key = fingerprint(gazetteer)
    read: dict[str, Any] = {"fields": fields, "encoding": encoding}
    records = 0
    timer.input_mb = 0.0
    merged = None
    events: list[pd.DataFrame] = []
    rejected: list[pd.DataFrame] = []
    seconds: dict[str, float] = {}
    with dask_client(workers, scheduler) as client:
        runner = Runner(client, stream_progress() if show_progress else None)
        repeated = decisions = None
        if len(parts) > 1:  # one partition is the whole corpus: it needs no first passes
            with timer.stage("lines"):
                lines = runner.map("lines", scale.partition_lines, parts, **read)
                repeated = runner.share(scale.repeated_digests(lines))
                del lines
            with timer.stage("digests"):
                digests = runner.map(
                    "digests", scale.partition_digests, parts, repeated=repeated, **read
                )
                decisions = scale.decide(digests)
                del digests
        with timer.stage("analysis"):
            tasks = (
                [(part, None) for part in parts]
                if decisions is None
                else list(zip(parts, decisions, strict=True))
            )
            done = runner.imap(
                "analysis", scale.analyze_task, tasks, count=lambda r: len(r.documents),
                gazetteer=runner.share(gazetteer), repeated=repeated, gazetteer_key=key,
                keep_duplicates=keep_duplicates, threads=1 if client is not None else threads,
                source_countries=source_countries, **read,
            )  # fmt: skip
            for result in done:
                records += result.records
                timer.input_mb += result.input_mb
                for name in DATASETS:
                    datasets.write(name, raw_offsets(getattr(result, name), result.kept))
                events.append(_story_inputs(result.events))
                rejected.append(result.rejected)
                merged = (
                    result.aggregates
                    if merged is None
                    else aggregates.merge([merged, result.aggregates])
                )
                for stage, s in result.seconds.items():
                    seconds[stage] = seconds.get(stage, 0.0) + s
                del result
    if workers == 0:
        timer.split("analysis", {k: v for k, v in seconds.items() if k != "cpu"})
    with timer.stage("stories"):
        every = scale.concat(events)
        del events
        datasets.replace("events", "story_id", story_ids(every).to_numpy())
        assert merged is not None
        made, graph = aggregates.finish(merged, every, gazetteer)
        made["kwic"] = raw_offsets(made["kwic"], merged.kept)
        tables = RowTables(
            {**made, "rejected": scale.concat(rejected)},
            datasets,
            ("documents", "mentions", "dates", "events"),
        )
    return _Run(records, tables, graph, gazetteer, seconds)


def analyze(
    paths: str | Path | Sequence[str | Path] | None = None,
    out_dir: str | Path = "out",
    gazetteer_files: Iterable[str | Path] = (),
    formats: Sequence[str] = ("csv",),
    keep_duplicates: bool = False,
    progress: bool | Progress | None = None,
    threads: int = MATCH_THREADS,
    report: bool = True,
    raw_csv: bool = False,
    force: bool = False,
    excel: bool = False,
    fields: Fields | None = None,
    encoding: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    block_size: int = BLOCK_SIZE,
    source_countries: Mapping[str, str] | None = None,
) -> AnalysisResult:
    """Analyse a corpus (the built-in sample when `paths` is None) and write the results.

    Writes to `out_dir`, in each of `formats` (csv, parquet, jsonl): documents (metadata, no text,
    with a `duplicate` flag and the spans cleaning `removed`), rejected (records that could not be
    read, with file and line), mentions, counts, counts_by_source, counts_by_month, cooccurrence (by
    sentence), source_comparison, dates, events, stories and kwic; plus report.html and
    timings.json / timings.csv (wall time, peak memory and MB/s of each stage). Exact duplicate
    texts are analysed once unless `keep_duplicates`. Nothing read is dropped silently: every
    record is a document or a rejection, and every document a first copy or a flagged duplicate.
    CSV cells that a spreadsheet would evaluate (=, +, -, @ first) get a leading apostrophe unless
    `raw_csv`; with `excel` CSV files start with a UTF-8 byte-order mark.

    The folder gets a manifest, sahel-run.json (version, date, inputs, options, every file
    written with its size). A folder holding an earlier run is emptied of exactly the files its
    manifest lists; a folder holding anything else is refused (OutputError, a ValueError) before
    any work unless `force`; no file is written through a symbolic link (sahel.corpus.output).
    `fields` and `encoding` are how records are read, as Corpus.load reads them
    (sahel.corpus.fields.Fields). `source_countries` ({source: country id}) adds national
    outlets to sahel/data/outlets.tsv: their unnamed «المملكة، البلاد، الحكومة، العاصمة» are
    read as that country (docs/outlets.md); an unknown country is a ValueError before any work.

    The input is cut into partitions of `block_size` bytes (sahel.corpus.partitions) and
    analysed one partition at a time (sahel.scale.analysis): here, or with `workers` (a local
    Dask cluster of that many processes, one thread each; 0: here, without Dask) or `scheduler`
    (the address of a running Dask scheduler, tcp://host:port) as Dask tasks. Each partition's
    row tables are written as it ends, as Parquet datasets of one file per partition
    (docs/outputs.md), and its partial aggregates merged (sahel.analysis.aggregates), so memory
    is bounded by the partition, not the corpus; the tables are those of one pass over the whole
    corpus. `result.tables` holds the aggregates and reads the row tables back from the
    datasets when asked (AnalysisResult).
    """
    partitioned = workers is not None or scheduler is not None
    if source_countries is not None:
        from sahel.text.outlets import source_countries as check_sources

        check_sources(source_countries)
        source_countries = dict(source_countries)
    if workers is not None and scheduler is not None:
        raise ValueError("give workers (a local cluster) or scheduler (a running one), not both")
    formats = tuple(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"unknown format {unknown or formats}: choose from {', '.join(FORMATS)}")
    if excel and "csv" not in formats:
        raise ValueError("excel=True marks CSV files for Excel: add csv to the formats")
    gazetteer_files = list(gazetteer_files)
    if progress is True:
        progress = _tqdm_progress()
    elif not progress:
        progress = None
    out = Path(out_dir)
    timer = _Timer(progress)
    with timer.stage("plan"):
        parts = _plan(sample_path() if paths is None else paths, block_size)
    planned = _run_files(formats, report, len(parts))
    folder = RunFolder.open(out_dir, planned, force=force)
    about = _run_about(
        paths,
        {
            "formats": list(formats),
            "gazetteer": [str(Path(p).resolve()) for p in gazetteer_files],
            "keep_duplicates": keep_duplicates,
            "raw_csv": raw_csv,
            "excel": excel,
            "report": report,
            "force": force,
            "fields": asdict(fields or Fields()),
            "encoding": encoding,
            "block_size": block_size,
            "source_countries": source_countries or {},
            **({"workers": workers, "scheduler": scheduler} if partitioned else {}),
        },
    )

    # The earlier run's files go, and until this run's manifest is complete it lists every
    # file this run may write: an interrupted run is still replaced whole by the next.
    folder.clear()
    folder.write_manifest(about, planned, complete=False)
    datasets = _Datasets(out, len(parts))
    if partitioned:
        timer.progress = None  # partitions are counted instead (sahel.scale.cluster)
    run = _analysis(
        parts, timer, datasets, gazetteer_files, keep_duplicates, fields, encoding,
        workers if partitioned else 0, scheduler, threads,
        partitioned and progress is not None, source_countries,
    )  # fmt: skip
    tables = run.tables
    gazetteer = run.gazetteer
    result = AnalysisResult(out, run.records, tables, run.graph, None)
    if partitioned:
        result.task_seconds = run.task_seconds
    with timer.stage("write"):
        datasets.unify()
        for name in TABLES:
            if name in DATASETS:
                result.files[name] = datasets.write_flat(name, formats, raw_csv, excel)
            else:
                result.files[name] = [
                    _write(tables[name], output_path(out, f"{name}.{fmt}"), fmt, raw_csv, excel)
                    for fmt in formats
                ]
        for name in DATASETS:
            result.files[f"{name} dataset"] = list(datasets.files[name])
    if report:
        from sahel.report.html import write_report

        with timer.stage("report"):
            result.report = write_report(
                output_path(out, "report.html"),
                tables,
                summary=result.summary(),
                gazetteer=gazetteer,
            )
    result.timings = timer.table()
    with open_output(output_path(out, "timings.csv"), "utf-8-sig" if excel else "utf-8") as text:
        result.timings.to_csv(text, index=False)
    with open_output(output_path(out, "timings.json"), "utf-8") as text:
        text.write(json.dumps(result.timings.to_dict("records"), indent=1))
    written = [path for paths in result.files.values() for path in paths]
    written += [p for p in (result.report,) if p is not None]
    written += [out / "timings.csv", out / "timings.json"]
    result.files["manifest"] = [folder.write_manifest(about, written, complete=True)]
    return result
