"""The output folder holds one run: a manifest (sahel-run.json) lists what the run wrote, the next
run removes exactly those files, a folder holding anything else is refused unless forced, and no
symbolic link is followed or removed."""

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from sahel.corpus.output import MANIFEST, OutputError, RunFolder
from sahel.pipeline import DATASETS, TABLES, analyze

ROOT = Path(__file__).resolve().parents[1]
RECORD = '{"id": "a", "title": "عنوان", "text": "قالت مالي إن تركيا وقعت اتفاقا مع النيجر."}\n'


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text(RECORD, encoding="utf-8")
    return path


def run(data: Path, out: Path, **options):
    return analyze(data, out, report=False, progress=False, **options)


def manifest(out: Path) -> dict:
    return json.loads((out / MANIFEST).read_text(encoding="utf-8"))


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "sahel", "analyze", *args, "--no-progress"],
        capture_output=True, text=True, env=env, cwd=ROOT,
    )  # fmt: skip


def test_manifest_lists_every_file_with_its_size(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(data, out, formats=("csv", "jsonl"))
    written = manifest(out)
    assert written["sahel"] == version("sahel")
    assert written["inputs"] == [str(data.resolve())]
    assert written["options"]["formats"] == ["csv", "jsonl"]
    assert written["complete"] is True
    sizes = {f["name"]: f["bytes"] for f in written["files"]}
    # Every file, the datasets' files in their folders (one file per partition) too.
    on_disk = {
        str(p.relative_to(out)): p.stat().st_size
        for p in out.rglob("*")
        if p.is_file() and p.name != MANIFEST
    }
    assert sizes == on_disk
    assert {f"{name}/part-00000.parquet" for name in DATASETS} <= set(sizes)
    assert {f"{name}.{fmt}" for name in TABLES for fmt in ("csv", "jsonl")} <= set(sizes)


def test_second_run_replaces_the_first_and_leaves_no_stale_table(
    data: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run(data, out, formats=("parquet",))
    assert (out / "mentions.parquet").is_file()
    notes = out / "notes.txt"  # the user's own file beside the run: not the run's to remove
    notes.write_text("mine", encoding="utf-8")
    other = tmp_path / "other.jsonl"
    other.write_text(RECORD.replace('"a"', '"b"'), encoding="utf-8")
    run(other, out, formats=("csv",))
    assert not list(out.glob("*.parquet")), "the first run's parquet tables are stale"
    assert notes.read_text(encoding="utf-8") == "mine"
    assert manifest(out)["inputs"] == [str(other.resolve())]
    listed = {f["name"] for f in manifest(out)["files"]}
    on_disk = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert listed == on_disk - {MANIFEST, "notes.txt"}
    assert "b" in (out / "documents.csv").read_text(encoding="utf-8")


def test_missing_and_empty_folders_are_fine(data: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    run(data, empty)
    run(data, tmp_path / "new" / "deeper")
    assert (empty / MANIFEST).is_file() and (tmp_path / "new" / "deeper" / MANIFEST).is_file()


def test_folder_holding_other_files_is_refused_before_any_work(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.docx").write_bytes(b"draft")
    with pytest.raises(OutputError, match="did not write.*--force"):
        run(data, out)
    assert [p.name for p in out.iterdir()] == ["chapter1.docx"]
    done = cli(str(data), "--out", str(out))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "chapter1.docx" in done.stderr, done.stderr
    assert "--force" in done.stderr
    assert [p.name for p in out.iterdir()] == ["chapter1.docx"]


def test_force_writes_beside_other_files(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "mixed"
    out.mkdir()
    (out / "chapter1.docx").write_bytes(b"draft")
    (out / "documents.csv").write_text("someone else's table", encoding="utf-8")
    done = cli(str(data), "--out", str(out), "--force")
    assert done.returncode == 0, done.stderr
    assert (out / "chapter1.docx").read_bytes() == b"draft"
    assert "someone else" not in (out / "documents.csv").read_text(encoding="utf-8")
    assert "chapter1.docx" not in {f["name"] for f in manifest(out)["files"]}
    # Once the manifest is there, the next run needs no --force and keeps the other file.
    assert cli(str(data), "--out", str(out)).returncode == 0
    assert (out / "chapter1.docx").read_bytes() == b"draft"


def test_unlisted_file_with_an_output_name_is_not_overwritten(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(data, out, formats=("csv",))
    (out / "mentions.parquet").write_bytes(b"not sahel's")
    with pytest.raises(OutputError, match="mentions.parquet.*does not list"):
        run(data, out, formats=("parquet",))
    assert (out / "mentions.parquet").read_bytes() == b"not sahel's"


def test_listed_file_changed_since_is_refused_unless_forced(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(data, out)
    with (out / "counts.csv").open("a", encoding="utf-8") as table:
        table.write("my own row\n")
    with pytest.raises(OutputError, match="counts.csv changed"):
        run(data, out)
    assert "my own row" in (out / "counts.csv").read_text(encoding="utf-8")
    run(data, out, force=True)
    assert "my own row" not in (out / "counts.csv").read_text(encoding="utf-8")


def test_interrupted_run_is_replaced_whole(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(data, out, formats=("jsonl",))
    # What a run stopped while writing leaves: its planned files, sizes unknown.
    state = manifest(out)
    state["complete"] = False
    for entry in state["files"]:
        entry["bytes"] = None
    (out / MANIFEST).write_text(json.dumps(state), encoding="utf-8")
    (out / "report.html").unlink(missing_ok=True)
    run(data, out, formats=("csv",))
    assert not list(out.glob("*.jsonl"))


def test_listed_symlink_is_neither_followed_nor_removed(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(data, out, formats=("csv",))
    victim = tmp_path / "victim.csv"
    victim.write_text("keep me", encoding="utf-8")
    (out / "counts.csv").unlink()
    (out / "counts.csv").symlink_to(victim)
    for force in (False, True):
        with pytest.raises(OutputError, match="symbolic link"):
            run(data, out, formats=("csv",), force=force)
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert (out / "counts.csv").is_symlink()
    # A run that does not write that name leaves the link where it is.
    run(data, out, formats=("parquet",))
    assert (out / "counts.csv").is_symlink() and victim.read_text(encoding="utf-8") == "keep me"


def test_manifest_naming_a_file_outside_the_folder_removes_nothing(
    data: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run(data, out)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    state = manifest(out)
    state["files"].append({"name": "../victim.txt", "bytes": victim.stat().st_size})
    (out / MANIFEST).write_text(json.dumps(state), encoding="utf-8")
    for force in (False, True):
        with pytest.raises(OutputError, match="victim.txt"):
            RunFolder.open(out, ["documents.csv"], force=force)
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_manifest_that_is_a_link_or_not_sahels_is_refused(tmp_path: Path) -> None:
    linked = tmp_path / "linked"
    linked.mkdir()
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text('{"format": "sahel-run/1", "files": []}', encoding="utf-8")
    (linked / MANIFEST).symlink_to(elsewhere)
    with pytest.raises(OutputError, match="symbolic link"):
        RunFolder.open(linked, ["documents.csv"])
    stray = tmp_path / "stray"
    stray.mkdir()
    (stray / MANIFEST).write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(OutputError, match="not a manifest sahel wrote"):
        RunFolder.open(stray, ["documents.csv"])
    assert RunFolder.open(stray, ["documents.csv"], force=True).stale == ()


def test_out_that_is_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "results"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="not a folder"):
        RunFolder.open(target, ["documents.csv"])


def test_cli_refuses_a_link_in_one_line(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.html"
    victim.write_text("keep me", encoding="utf-8")
    (out / "report.html").symlink_to(victim)
    for force in ([], ["--force"]):
        done = cli(str(data), "--out", str(out), *force)
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and "symbolic link" in done.stderr, done.stderr
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert [p.name for p in out.iterdir()] == ["report.html"]
