"""`frontlines init/sync/status/check` as a user runs them, and a kill -9 in the middle of sync."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontlines.config import CONFIG_NAME, Config
from frontlines.pipeline import SyncReport, open_client, sync
from frontlines.store import Store

from .conftest import FIXTURE_DUMP, SKIRMISHES, LocalWiki, cli_available, write_config

if not cli_available():
    pytest.skip(
        "frontlines.cli does not import yet (its converter modules are missing)",
        allow_module_level=True,
    )

from frontlines.cli.app import app  # noqa: E402
from frontlines.cli.sync import status_data  # noqa: E402

SUMMARY = re.compile(
    r"^Synced (\d+) pages \((\d+) new, (\d+) updated, (\d+) unchanged, (\d+) removed, "
    r"(\d+) failed\) in \d+\.\d s$"
)
BOTH = ("Wars of Valdoria", "Battles of the Valdorian War")
CLI = "import frontlines.cli.sync; from frontlines.cli.app import app; app()"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_init_writes_a_config_once(tmp_path: Path) -> None:
    code, _, err = invoke("init", str(tmp_path / "project"))
    assert code == 0 and (tmp_path / "project" / CONFIG_NAME).is_file()
    assert "user_agent" in err
    code, _, err = invoke("init", str(tmp_path / "project"))
    assert code == 2 and "already exists" in err


def test_sync_dump_status_and_check(tmp_path: Path) -> None:
    config = write_config(tmp_path, "http://unused.invalid/api.php", categories=BOTH)
    code, out, err = invoke("sync", "--dump", str(FIXTURE_DUMP), "--config", str(config.path))
    assert code == 0, err
    assert out == ""  # stdout is for data; the summary is on stderr
    match = SUMMARY.match(err.strip().splitlines()[-1])
    assert match and match.groups() == ("6", "6", "0", "0", "0", "0")

    code, out, _ = invoke("status", "--json", "--config", str(config.path))
    data = json.loads(out)
    assert code == 0
    assert {"pages", "articles", "conflicts", "images", "issues", "theatres", "last_sync"} <= set(
        data
    )
    assert data["pages"] == 6 and data["theatres"]["valdoria"]["pages"] == 6
    last = data["last_sync"]
    assert (last["new"], last["updated"], last["unchanged"], last["removed"]) == (6, 0, 0, 0)
    assert (last["failed"], last["requests"]) == (0, 0)

    code, out, _ = invoke("status", "--config", str(config.path))
    assert code == 0 and out.splitlines()[0] == "Pages:     6 (0 removed)"

    code, out, err = invoke("check", "--config", str(config.path))
    assert code == 0
    with Store(config.db_path) as store:
        issues = store.issues()
    assert (
        err.strip()
        == f"{len(issues)} issues of {len({i.kind for i in issues})} kinds (0 failed pages)"
    )
    for kind in {i.kind for i in issues}:
        assert re.search(rf"^{kind} \(\d+\)$", out, re.MULTILINE)


def test_sync_with_failures_exits_1_and_lists_them(wiki: LocalWiki, tmp_path: Path) -> None:
    config = write_config(tmp_path, wiki.api, titles=("No Such Battle",))
    code, _, err = invoke("sync", "--config", str(config.path))
    assert code == 1
    assert "Failed: No Such Battle: no such page on the wiki" in err
    match = SUMMARY.match(err.strip().splitlines()[-1])
    assert match and match.groups() == ("7", "6", "0", "0", "0", "1")
    code, out, err = invoke("check", "--config", str(config.path))
    assert code == 1 and "missing_page (1)" in out and "(1 failed pages)" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--theatre", "nowhere"), "no theatre named 'nowhere'"),
        (("--dump", "/nonexistent.xml"), "no dump file at /nonexistent.xml"),
        (("--api", "http://x", "--dump", "y"), "exclude each other"),
    ],
)
def test_sync_usage_errors_exit_2(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    config = write_config(tmp_path, "http://unused.invalid/api.php")
    code, _, err = invoke("sync", *args, "--config", str(config.path))
    assert code == 2 and message in err


def test_status_without_a_store_says_what_to_do(tmp_path: Path) -> None:
    config = write_config(tmp_path, "http://unused.invalid/api.php")
    code, _, err = invoke("status", "--config", str(config.path))
    assert code == 2 and "run `frontlines sync` first" in err


def test_status_json_of_an_empty_store(tmp_path: Path) -> None:
    with Store(tmp_path / "frontlines.db") as store:
        data = status_data(store.counts(), store.last_run())
    assert data["pages"] == 0 and data["last_sync"] is None and data["theatres"] == {}


def test_kill_9_during_sync_then_sync_again(wiki: LocalWiki, tmp_path: Path) -> None:
    config = write_config(
        tmp_path,
        wiki.api,
        categories=("Skirmishes of the Valdorian War",),
        depth=0,
        name="skirmishes",
        source="batch_size = 1",
    )
    process = subprocess.Popen(
        [sys.executable, "-c", CLI, "sync", "--config", str(config.path), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    try:
        stored = _wait_for_articles(config.db_path, at_least=3, process=process)
        assert process.poll() is None, "the sync finished before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    with Store(config.db_path) as store:
        kept = len(store.page_states())
        assert 3 <= kept < SKIRMISHES and stored <= kept
        with_articles = len(list(store.iter_articles()))
        assert with_articles == kept  # each page was stored whole or not at all
        report = _sync_in_process(config, store)
        assert report.counts.unchanged == kept
        assert report.counts.new == SKIRMISHES - kept and report.counts.failed == 0
        assert store.integrity_check() == "ok"
        runs = store.runs()
        assert [r.status for r in runs[:2]] == ["finished", "interrupted"]
    db = sqlite3.connect(config.db_path)
    titles = [row[0] for row in db.execute("SELECT title FROM pages")]
    assert len(titles) == len(set(titles)) == SKIRMISHES
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == SKIRMISHES
    db.close()


def _wait_for_articles(path: Path, *, at_least: int, process: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if path.exists():
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                found = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:  # not migrated yet
                found = 0
            finally:
                db.close()
            if found >= at_least:
                return int(found)
        time.sleep(0.005)
    stderr = process.stderr.read().decode() if process.stderr and process.poll() is not None else ""
    pytest.fail(f"no {at_least} articles appeared while the sync ran: {stderr[-2000:]}")


def _sync_in_process(config: Config, store: Store) -> SyncReport:
    with open_client(config.source) as client:
        return sync(config, store, client=client)
