"""The main job, `sahel analyze`: load, clean, match, extract dates and events, build the tables,
write them and the HTML report, and time every stage."""

from __future__ import annotations

import codecs
import json
import resource
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
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

from sahel.analysis import tables as analysis
from sahel.analysis.kwic import kwic
from sahel.analysis.stories import stories
from sahel.corpus.fields import Fields
from sahel.corpus.mentions import corpus_mentions
from sahel.corpus.output import RunFolder, dataset_path, inert_cells, open_output, output_path
from sahel.corpus.partitions import BLOCK_SIZE
from sahel.scale.analysis import documents_table, text_mb

FORMATS = ("csv", "parquet", "jsonl")
# Tables written in every requested format, in this order.
TABLES = (
    "documents", "rejected", "mentions", "counts", "counts_by_source", "counts_by_month",
    "cooccurrence", "source_comparison", "dates", "events", "stories", "kwic",
)  # fmt: skip
# The stages of analyze, in order (the timings table has one row each, and a total).
STAGES = (
    "load", "clean", "dedup", "sentences", "gazetteer", "match", "dates", "events", "tables",
    "write", "report",
)  # fmt: skip
# Threads for matching: the machine this is tuned on has two cores.
MATCH_THREADS = 2
# Row tables also written as Parquet datasets, one file per partition, by a partitioned run.
DATASETS = ("documents", "mentions", "dates", "events")
# KWIC lines kept for each of the most mentioned actors.
KWIC_ACTORS = 10
KWIC_PER_ACTOR = 8

Progress = Callable[[str, int, int], None]


def sample_path() -> Path:
    """The built-in sample corpus (sahel/data/sample)."""
    return Path(str(resources.files("sahel") / "data" / "sample" / "sahel_sample.jsonl"))


@dataclass
class AnalysisResult:
    """What `analyze` produced: the tables (DataFrames, also readable as attributes:
    result.counts), the co-occurrence graph, the corpus analysed (first copies only unless
    duplicates were kept), the files written and the timings."""

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
        documents = self.tables["documents"]
        analysed = documents[~documents["duplicate"]] if "duplicate" in documents else documents
        dates = (
            pd.to_datetime(analysed["date"])
            if "date" in analysed
            else pd.Series([], dtype="M8[ns]")
        )
        return {
            "records": self.records,
            "documents": len(documents),
            "rejected": len(self.tables["rejected"]),
            "duplicates": int(documents["duplicate"].sum()) if "duplicate" in documents else 0,
            "sources": sorted(map(str, analysed["source"].dropna().unique()))
            if "source" in analysed
            else [],
            "date_min": dates.min(),
            "date_max": dates.max(),
            "mentions": len(self.tables["mentions"]),
            "actors": int(self.tables["counts"]["entity_id"].nunique()),
            "events": len(self.tables["events"]),
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


def _kwic_choice(mentions: pd.DataFrame, counts: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The mentions each KWIC sample shows: for each of the most mentioned actors, its first
    mentions in corpus order (entity_id is the actor a line counts for: a line on الكرملين
    sits under Russia)."""
    actor = analysis.actor_of(mentions)
    return [
        (entity, mentions[actor == entity].head(KWIC_PER_ACTOR))
        for entity in counts["entity_id"].head(KWIC_ACTORS)
    ]


def _kwic_samples(
    documents: pd.DataFrame, mentions: pd.DataFrame, choices: list[tuple[str, pd.DataFrame]]
) -> pd.DataFrame:
    """The KWIC lines of `choices` (_kwic_choice) from `documents` (with their texts)."""
    parts = []
    for entity, chosen in choices:
        needed = documents[documents["doc_id"].isin(chosen["doc_id"])]
        parts.append(kwic(needed, chosen, entity=entity).assign(entity_id=entity))
    if not parts:
        return kwic(documents.iloc[:0], mentions.iloc[:0], entity=[])
    return pd.concat(parts, ignore_index=True)


def _aggregates(
    tables: dict[str, pd.DataFrame],
    analysed: pd.DataFrame,
    gazetteer,
    texts_of: Callable[[list[str]], pd.DataFrame],
):
    """The tables made from the row tables (mentions, events) of the documents `analysed`,
    into `tables`; the co-occurrence graph is returned. `texts_of(doc_ids)` gives the documents
    (with their texts, in corpus order) the KWIC samples quote. One code path for a run in
    this process and a run over partitions."""
    mentions = tables["mentions"]
    tables["counts"] = analysis.counts(mentions, gazetteer=gazetteer)
    tables["counts_by_source"] = analysis.counts(mentions, by="source", gazetteer=gazetteer)
    tables["counts_by_month"] = analysis.counts(mentions, by="month", gazetteer=gazetteer)
    tables["cooccurrence"] = analysis.cooccurrence(mentions, "sentence", gazetteer=gazetteer)
    graph = analysis.graph_of(tables["cooccurrence"], tables["counts"])
    tables["source_comparison"] = analysis.source_comparison(
        mentions, tables["events"], documents=analysed, gazetteer=gazetteer
    )
    tables["stories"] = stories(tables["events"])
    choices = _kwic_choice(mentions, tables["counts"])
    needed = list(dict.fromkeys(d for _, chosen in choices for d in chosen["doc_id"]))
    tables["kwic"] = _kwic_samples(texts_of(needed), mentions, choices)
    return graph


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
        # pandas writes plain Python objects about twice as fast as its string and categorical
        # columns.
        plain = frame.astype({n: object for n, t in frame.dtypes.items() if t.kind not in "iufbM"})
        with open_output(path, "utf-8") as text:
            plain.to_json(text, orient="records", lines=True, force_ascii=False, date_format="iso")
    return path


def _run_files(formats: Sequence[str], report: bool, partitions: int = 0) -> list[str]:
    """The files a run writes into its folder, besides the manifest; with `partitions`, also
    the datasets' files."""
    names = [f"{name}.{fmt}" for name in TABLES for fmt in formats]
    names += [_dataset_file(name, k) for name in DATASETS for k in range(partitions)]
    return [*names, *(["report.html"] if report else []), "timings.csv", "timings.json"]


def _dataset_file(name: str, partition: int) -> str:
    return f"{name}/part-{partition:05d}.parquet"


def _write_datasets(
    out: Path, tables: dict[str, pd.DataFrame], partition_of: dict[str, int], partitions: int,
    to_raw: Callable[[pd.DataFrame], pd.DataFrame],
) -> dict[str, list[Path]]:  # fmt: skip
    """The row tables as Parquet datasets, one file per partition (the rows of its documents;
    a partition without rows gets a file without rows), offsets into the texts given."""
    files: dict[str, list[Path]] = {}
    for name in DATASETS:
        table = _arrow(to_raw(tables[name]))
        where = np.fromiter(
            (partition_of[d] for d in tables[name]["doc_id"].astype(object)),
            dtype=np.int64,
            count=len(tables[name]),
        )
        bounds = np.searchsorted(where, np.arange(partitions + 1), side="left")
        files[f"{name} dataset"] = []
        for k in range(partitions):
            path = dataset_path(out, name, _dataset_file(name, k).split("/", 1)[1])
            with open_output(path) as stream:
                pq.write_table(table.slice(bounds[k], bounds[k + 1] - bounds[k]), stream)
            files[f"{name} dataset"].append(path)
    return files


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


@dataclass
class _Partitioned:
    """What the partitioned run gives the writing: records read, the co-occurrence graph, the
    gazetteer, and how to move a table's offsets to the texts given."""

    records: int
    graph: object
    gazetteer: object
    to_raw: Callable[[pd.DataFrame], pd.DataFrame]
    partition_of: dict[str, int]
    task_seconds: dict[str, float]


def _partitioned(
    parts, timer: _Timer, tables: dict[str, pd.DataFrame], gazetteer_files, keep_duplicates: bool,
    fields: Fields | None, encoding: str | None, workers: int | None, scheduler: str | None,
    show_progress: bool, source_countries: Mapping[str, str] | None = None,
) -> _Partitioned:  # fmt: skip
    """The row tables of the input analysed partition by partition on a Dask cluster
    (sahel.scale.analysis), and the aggregates made from them as in this process."""
    from sahel.corpus.corpus import raw_offsets
    from sahel.corpus.partitions import Partition
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
    outlets = {"source_countries": source_countries}
    with dask_client(workers, scheduler) as client:
        runner = Runner(client, stream_progress() if show_progress else None)
        with timer.stage("lines"):
            lines = runner.map("lines", scale.partition_lines, parts, **read)
            repeated = runner.share(scale.repeated_digests(lines))
            del lines
        with timer.stage("analysis"):
            results = runner.map(
                "analysis", scale.analyze_partition, parts,
                count=lambda r: len(r.documents), gazetteer=runner.share(gazetteer),
                repeated=repeated, gazetteer_key=key, **read, **outlets,
            )  # fmt: skip
        with timer.stage("gather"):
            if not results:  # no input file: the tables' columns from a partition of nothing
                nothing = Partition("files", ())
                results = [scale.analyze_partition(nothing, gazetteer, {}, key, **read)]
            gathered = scale.gather(results, keep_duplicates)
            del results
            timer.input_mb = gathered.input_mb
        with timer.stage("tables"):
            tables["mentions"] = gathered.mentions
            tables["dates"] = gathered.dates
            tables["events"] = gathered.events

            def texts_of(doc_ids: list[str]) -> pd.DataFrame:
                wanted: dict[int, list[str]] = {}
                for doc_id in doc_ids:
                    wanted.setdefault(gathered.partition_of[doc_id], []).append(doc_id)
                requests = []
                for k in sorted(wanted):
                    back = {new: old for old, new in gathered.renamed[k].items()}
                    own = tuple(back.get(d, d) for d in wanted[k])
                    requests.append(scale.DocumentRequest(parts[k], own, gathered.renamed[k]))
                found = runner.map(
                    "kwic", scale.partition_documents, requests, repeated=repeated, **read
                )
                if not found:  # no mention to quote: the columns kwic reads
                    return gathered.analysed.iloc[:0].assign(text=pd.Series(dtype=object))
                return scale.concat(found)

            graph = _aggregates(tables, gathered.analysed, gazetteer, texts_of)
            tables["documents"] = gathered.documents
            tables["rejected"] = gathered.rejected
    kept = gathered.kept
    return _Partitioned(
        gathered.records,
        graph,
        gazetteer,
        lambda t: raw_offsets(t, kept),
        gathered.partition_of,
        gathered.seconds,
    )


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

    With `workers` (a local Dask cluster of that many processes, one thread each) or
    `scheduler` (the address of a running Dask scheduler, tcp://host:port), the input is cut
    into partitions of `block_size` bytes (sahel.corpus.partitions) analysed as Dask tasks
    (sahel.scale.analysis); the tables written are those of the run in this process, and the
    row tables are also written as Parquet datasets, one file per partition (docs/outputs.md).
    Then `result.corpus` is None.
    """
    from sahel.corpus.corpus import Corpus
    from sahel.extract.dates import date_sources, dates_table
    from sahel.extract.events import events_table
    from sahel.text.gazetteer import Gazetteer
    from sahel.text.matcher import Matcher

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
    tables: dict[str, pd.DataFrame] = {}
    parts = []
    if partitioned:
        from sahel.corpus.partitions import plan

        with timer.stage("plan"):
            parts = plan(sample_path() if paths is None else paths, block_size=block_size)
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
            "source_countries": source_countries or {},
            **(
                {"workers": workers, "scheduler": scheduler, "block_size": block_size}
                if partitioned
                else {}
            ),
        },
    )

    if partitioned:
        timer.progress = None  # partitions are counted instead (sahel.scale.cluster)
        gathered = _partitioned(
            parts, timer, tables, gazetteer_files, keep_duplicates, fields, encoding,
            workers, scheduler, progress is not None, source_countries,
        )  # fmt: skip
        result = AnalysisResult(out, gathered.records, tables, gathered.graph, None)
        result.task_seconds = gathered.task_seconds
        to_raw = gathered.to_raw
        gazetteer = gathered.gazetteer
    else:
        with timer.stage("load"):
            source = sample_path() if paths is None else paths
            mapping = fields or Fields()
            corpus = Corpus.load(
                source,
                errors="collect",
                clean=False,
                dedup=False,
                encoding=encoding,
                text=mapping.text,
                title=mapping.title,
                date=mapping.date,
                source=mapping.source,
                id=mapping.id,
                url=mapping.url,
            )
            timer.input_mb = text_mb(corpus.documents["raw_text"])
        with timer.stage("clean"):
            corpus = corpus.clean()
        with timer.stage("dedup"):
            corpus = corpus.dedup(near=False)
            analysed = corpus if keep_duplicates else corpus.drop_duplicates(near=False)
        with timer.stage("sentences"):
            sentences = analysed.sentences()
        with timer.stage("gazetteer"):
            gazetteer = Gazetteer.default()
            for path in gazetteer_files:
                gazetteer = gazetteer.extend(path)
            matcher = Matcher(gazetteer)
        with timer.stage("match"):
            matched = (lambda done, total: progress("match", done, total)) if progress else None
            mentions = corpus_mentions(
                analysed, matcher, threads=threads, progress=matched,
                source_countries=source_countries,
            )  # fmt: skip
        with timer.stage("dates"):
            tables["dates"] = dates_table(analysed.documents, sentences)
        with timer.stage("events"):
            tables["events"] = events_table(
                analysed.documents, mentions, sentences, dates=tables["dates"], gazetteer=gazetteer
            )
        with timer.stage("tables"):
            tables["mentions"] = mentions
            docs = analysed.documents
            graph = _aggregates(tables, docs, gazetteer, lambda ids: docs[docs["doc_id"].isin(ids)])
            tables["documents"] = documents_table(corpus, date_sources(corpus.documents))
            tables["rejected"] = corpus.rejected
        result = AnalysisResult(out, corpus.records_read, tables, graph, analysed)
        to_raw = corpus.raw_offsets
    with timer.stage("write"):
        # The earlier run's files go, and until this run's manifest is complete it lists every
        # file this run may write: an interrupted run is still replaced whole by the next.
        folder.clear()
        folder.write_manifest(about, planned, complete=False)
        for name in TABLES:
            # offsets leave the cleaned text for the text the user gave
            table = to_raw(tables[name]) if name != "rejected" else tables[name]
            result.files[name] = [
                _write(table, output_path(out, f"{name}.{fmt}"), fmt, raw_csv, excel)
                for fmt in formats
            ]
        if partitioned:
            result.files.update(
                _write_datasets(out, tables, gathered.partition_of, len(parts), to_raw)
            )
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
