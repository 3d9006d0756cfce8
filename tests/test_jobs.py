"""`--jobs N` (issue 13, item 4): convert, sync and doctor on several worker processes give the
same output as on one; a failing page is reported and the batch goes on; Ctrl-C stops cleanly."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from frontlines.cli import app
from frontlines.model import RawPage
from frontlines.sources.files import iter_inputs
from frontlines.sources.multistream import write_multistream
from tests.conftest import REPO, require_corpus

runner = CliRunner()

ALL_CONFLICTS = '[[theatre]]\nname = "all"\ntitle = "Every conflict"\nconflicts = "all"\n'
VOLATILE = {"sync_runs", "schema_migrations", "follow_positions"}  # what a run, not the data, is
WRITING_TIMES = {"first_imported", "synced", "recorded", "converted", "fetched", "learned"}


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def convert(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["convert", *args, "--date", "2026-01-01"])
    return result.exit_code, " ".join(result.stderr.split())


@pytest.mark.corpus
def test_convert_on_two_workers_writes_the_same_bytes_as_on_one(tmp_path: Path) -> None:
    corpus = require_corpus() / "conflict"
    one, two = tmp_path / "one", tmp_path / "two"
    assert convert(str(corpus), "-o", str(one), "--jobs", "1")[0] == 0
    code, err = convert(str(corpus), "-o", str(two), "--jobs", "2")
    assert code == 0, err
    written = files_of(one)
    assert len(written) == 2 * len(list(corpus.glob("*.wiki")))
    assert files_of(two) == written


def test_a_page_failing_in_a_worker_is_named_and_the_batch_goes_on(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("A_first", "C_third", "D_fourth", "E_fifth"):
        (pages / f"{name}.wiki").write_text(f"The '''{name}''' page.", encoding="utf-8")
    (pages / "B_slow.wiki").write_text("{{a|" * 200_000, encoding="utf-8")  # seconds of work
    config = tmp_path / "frontlines.toml"
    config.write_text("[convert]\ntime_limit = 0.2\n", encoding="utf-8")
    outs = {}
    for jobs in ("1", "2"):
        outs[jobs] = tmp_path / f"out{jobs}"
        code, err = convert(str(pages), "-o", str(outs[jobs]), "-c", str(config), "--jobs", jobs)
        assert code == 1, err
        assert "Failed: 'B slow' took longer than 0.2 s" in err
        assert "Converted 4 articles (1 failed)" in err
    names = sorted(files_of(outs["1"]))
    stems = ("a_first", "c_third", "d_fourth", "e_fifth")
    assert names == [f"{stem}.{suffix}" for stem in stems for suffix in ("json", "md")]
    assert files_of(outs["2"]) == files_of(outs["1"])


def _group(pgid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-g", str(pgid)], capture_output=True, text=True, check=False)
    return [int(pid) for pid in found.stdout.split()]


def test_ctrl_c_stops_convert_cleanly_and_leaves_no_worker(tmp_path: Path) -> None:
    pages, out = tmp_path / "pages", tmp_path / "out"
    pages.mkdir()
    for name in ("A_one", "A_two", "A_three"):
        (pages / f"{name}.wiki").write_text(f"The '''{name}''' page.", encoding="utf-8")
    (pages / "B_slow.wiki").write_text("{{a|" * 400_000, encoding="utf-8")  # runs past Ctrl-C
    command = [sys.executable, "-m", "frontlines", "convert", str(pages), "-o", str(out)]
    process = subprocess.Popen(
        [*command, "--jobs", "2", "--date", "2026-01-01"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        start_new_session=True,  # its own process group, as a terminal's Ctrl-C reaches it
    )
    try:
        for _ in range(600):  # the first small pages are written while the slow one converts
            if process.poll() is not None or (out.is_dir() and any(out.glob("a_one.md"))):
                break
            time.sleep(0.05)
        assert process.poll() is None, process.communicate()
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert "Interrupted after" in err and f"were written into {out} (each file whole)" in err
    for _ in range(100):  # the fork server and the workers end with their parent
        if not _group(process.pid):
            break
        time.sleep(0.1)
    assert _group(process.pid) == []
    names = sorted(path.name for path in out.iterdir())
    assert "a_one.md" in names and "b_slow.md" not in names
    assert not [name for name in names if name.startswith(".")]  # no half-written file
    for path in out.glob("*.json"):
        assert json.loads(path.read_text(encoding="utf-8"))["title"]


def store_rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the run records, without the times of writing (ids kept:
    the pages are stored in the same order)."""
    rows = {}
    with sqlite3.connect(db) as connection:
        tables = [
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if name not in VOLATILE and not name.startswith("sqlite_")
        ]
        for table in tables:
            columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
            kept = ", ".join(f'"{c}"' for c in columns if c not in WRITING_TIMES)
            rows[table] = sorted(map(tuple, connection.execute(f"SELECT {kept} FROM {table}")))
    return rows


@pytest.mark.corpus
def test_sync_on_two_workers_stores_what_one_stores(tmp_path: Path) -> None:
    corpus = require_corpus()
    found = iter_inputs([corpus / "conflict", corpus / "other"])
    pages = [item for item in found if isinstance(item, RawPage)]
    dump = tmp_path / "corpus.xml.bz2"
    write_multistream(pages, dump, tmp_path / "corpus-index.txt.bz2", per_stream=5)
    stores = {}
    for jobs in ("1", "2"):
        folder = tmp_path / f"jobs{jobs}"
        folder.mkdir()
        (folder / "frontlines.toml").write_text(ALL_CONFLICTS, encoding="utf-8")
        args = ["sync", "--dump", str(dump), "--jobs", jobs, "-c", str(folder / "frontlines.toml")]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert "Synced 32 pages (32 new, 0 updated, 0 unchanged, 0 removed, 0 failed)" in (
            result.stderr
        )
        stores[jobs] = store_rows(folder / "frontlines.db")
    assert len(stores["1"]["articles"]) == 32
    assert stores["2"] == stores["1"]


def test_doctor_on_two_workers_reports_what_one_reports(tmp_path: Path) -> None:
    fixture = REPO / "tests" / "collection" / "fixtures" / "broken"
    reports = {}
    for jobs in ("1", "2"):
        copy = shutil.copytree(fixture, tmp_path / f"c{jobs}")
        result = runner.invoke(app, ["doctor", str(copy), "--json", "--jobs", jobs])
        assert result.exit_code == 1, result.output
        reports[jobs] = json.loads(result.stdout)
        fixed = runner.invoke(app, ["doctor", str(copy), "--fix", "--jobs", jobs])
        reports[jobs + "-fixed"] = sorted(
            (path.relative_to(copy).as_posix(), path.read_bytes()) for path in copy.rglob("*.md")
        )
        assert fixed.exit_code in (0, 1)
    assert reports["1"]["problems"]
    assert reports["2"] == reports["1"]
    assert reports["2-fixed"] == reports["1-fixed"]
