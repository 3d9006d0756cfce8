"""`frontlines follow` against a real MediaWiki, as a separate process, as it would run.

The follower runs with --interval 2; the tests edit, create and delete pages with
mediawiki-local.sh (edit.php / deleteBatch.php) and watch the store and the site.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from frontlines.config import Config
from frontlines.pipeline import open_client, sync
from frontlines.store import PageState, Store, SyncRun
from tests.follow.conftest import CATEGORY, THEATRE_PAGES, LocalWiki, write_config

CLI = "from frontlines.cli import main; main()"
ALDBROOK = """{{Infobox military conflict
| conflict = Battle of Aldbrook
| partof = the [[Northern Marches campaign]]
| date = 14 June 1840
| place = Aldbrook
| result = Cantonal victory
| combatant1 = [[Duchy of Arles-Morn]]
| combatant2 = [[Free Cantons]]
| casualties1 = 410 killed
| casualties2 = 120 killed
}}
The '''Battle of Aldbrook''' was fought at a ford of the river Tell. Revised casualty figures.

[[Category:Battles of the Northern Marches]]"""
HOLT = """The '''Skirmish at Holt''' was a brush between patrols
in the [[Northern Marches campaign]].

[[Category:Battles of the Northern Marches]]"""


def synced_project(wiki: LocalWiki, folder: Path) -> Config:
    config = write_config(folder, wiki.api)
    with Store(config.db_path) as store, open_client(config.source) as client:
        report = sync(config, store, client=client)
    assert report.failures == ()
    return config


@contextmanager
def following(config: Config, log: Path, *args: str) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("ab") as sink:
        process = subprocess.Popen(
            [sys.executable, "-c", CLI, "follow", "-c", str(config.path), *args],
            stdout=subprocess.DEVNULL,
            stderr=sink,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "COLUMNS": "250"},
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def wait_for(
    check: Callable[[], bool], process: subprocess.Popen[bytes], log: Path, timeout: float = 30
) -> float:
    """Seconds until `check()` held; fails with the follower's log if it never does."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        if process.poll() is not None:
            break
        time.sleep(0.2)
    pytest.fail(f"not within {timeout} s (exit {process.poll()}):\n{log.read_text()[-3000:]}")


def state(config: Config, title: str) -> PageState | None:
    with Store(config.db_path) as store:
        return store.page_states().get(title)


def current_revision(config: Config, title: str) -> int:
    with open_client(config.source) as client:
        return client.revisions([title]).revisions[title].revision_id


def newest_rcid(config: Config) -> int:
    with open_client(config.source) as client:
        data = client.request(
            {"action": "query", "list": "recentchanges", "rclimit": 1, "rcprop": "ids"}
        )
    return int(data["query"]["recentchanges"][0]["rcid"])


def position_rcid(config: Config) -> int:
    with Store(config.db_path) as store:
        positions = store.follow_positions()
    return positions[0].rcid if positions else 0


def batch_lines(log: Path) -> list[str]:
    return [line for line in log.read_text().splitlines() if " Followed " in line]


def test_edit_new_page_and_deletion_reach_store_and_site(wiki: LocalWiki, tmp_path: Path) -> None:
    config = synced_project(wiki, tmp_path / "project")
    assert {t for t, s in _states(config).items() if s.status == "active"} == THEATRE_PAGES
    site, log = tmp_path / "site", tmp_path / "follow.log"
    aldbrook = site / "articles" / "battle_of_aldbrook" / "index.html"
    with following(config, log, "--interval", "2", "--build", str(site), "--no-search") as run:
        wait_for(aldbrook.is_file, run, log)  # the site is built when follow starts
        assert "410 killed" not in aldbrook.read_text(encoding="utf-8")
        wiki.edit("Battle of Aldbrook", ALDBROOK)
        wiki.delete("Siege of Corven")
        wiki.edit("Skirmish at Holt", HOLT)
        revision = current_revision(config, "Battle of Aldbrook")

        def applied() -> bool:
            edited, deleted = state(config, "Battle of Aldbrook"), state(config, "Siege of Corven")
            return (
                edited is not None
                and edited.revision_id == revision
                and deleted is not None
                and deleted.status == "removed"
                and "410 killed" in aldbrook.read_text(encoding="utf-8")
                and not (site / "articles" / "siege_of_corven").exists()
                and (site / "articles" / "skirmish_at_holt" / "index.html").is_file()
            )

        seconds = wait_for(applied, run, log, timeout=30)
        holt = state(config, "Skirmish at Holt")
        assert holt is not None and holt.theatre == "marches" and holt.status == "active"
        theatre_page = (site / "theatres" / "marches" / "index.html").read_text(encoding="utf-8")
        assert "Skirmish at Holt" in theatre_page and "Siege of Corven" not in theatre_page
        runs_before = len(_runs(config))

        # an edit to a page in no theatre: read, checked, never fetched
        wiki.edit("Harbour of Estwick", "The harbour was dredged.\n\n[[Category:Harbours]]")
        rcid = newest_rcid(config)
        wait_for(lambda: position_rcid(config) >= rcid, run, log)
        run.send_signal(signal.SIGTERM)
        assert run.wait(timeout=20) == 0
    lines = batch_lines(log)
    outside = [line for line in lines if "Followed 1 changes (0 theatre pages" in line]
    assert outside, lines
    assert "0 pages fetched" in outside[-1] and "nothing to sync" in outside[-1]
    assert len(_runs(config)) == runs_before  # no sync run: nothing to store
    assert state(config, "Harbour of Estwick") is None
    assert seconds < 30
    text = log.read_text()
    assert "rewritten" in text  # the incremental rebuild after the batch
    assert "Stopped; the next start resumes" in text


def test_kill_9_between_two_edits_applies_the_second_once(wiki: LocalWiki, tmp_path: Path) -> None:
    config = synced_project(wiki, tmp_path / "project")
    log = tmp_path / "follow.log"
    title = "Raid on Dunmere"
    base = f"The '''Raid on Dunmere''' was a night raid.\n\n[[Category:{CATEGORY}]]"
    with following(config, log, "--interval", "2") as run:
        wait_for(lambda: "Following" in log.read_text(), run, log)
        wiki.edit(title, base.replace("night raid", "night raid on the depot"))
        first = current_revision(config, title)
        wait_for(lambda: (state(config, title) or _missing()).revision_id == first, run, log)
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=10)
    assert run.returncode == -signal.SIGKILL
    wiki.edit(title, base.replace("night raid", "night raid on the grain depot"))
    second = current_revision(config, title)
    assert second != first
    restarted = tmp_path / "restarted.log"
    with following(config, restarted, "--interval", "2") as run:
        wait_for(lambda: (state(config, title) or _missing()).revision_id == second, run, restarted)
        wait_for(lambda: bool(batch_lines(restarted)), run, restarted)
        run.send_signal(signal.SIGTERM)
        assert run.wait(timeout=20) == 0
    first_batch = batch_lines(restarted)[0]
    assert "Followed 1 changes (1 theatre pages: 0 new, 1 updated" in first_batch, first_batch
    follow_runs = [r for r in _runs(config) if r.source.startswith("follow:")]
    assert sum(r.counts.updated for r in follow_runs) == 2  # each edit applied once
    with Store(config.db_path) as store:
        assert store.integrity_check() == "ok"
    db = sqlite3.connect(config.db_path)
    stored = db.execute(
        "SELECT r.revision_id FROM revisions r JOIN pages p ON p.id = r.page "
        "WHERE p.title = ? ORDER BY r.revision_id",
        (title,),
    ).fetchall()
    db.close()
    assert [row[0] for row in stored][-2:] == [first, second]


def test_once_and_status(wiki: LocalWiki, tmp_path: Path) -> None:
    config = synced_project(wiki, tmp_path / "project")
    log = tmp_path / "once.log"
    with following(config, log, "--once") as run:
        assert run.wait(timeout=60) == 0
    assert len(batch_lines(log)) == 1
    status = subprocess.run(
        [sys.executable, "-c", CLI, "status", "-c", str(config.path)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "COLUMNS": "250"},
    )
    follow_lines = [line for line in status.stdout.splitlines() if line.startswith("Follow:")]
    assert len(follow_lines) == 1 and wiki.api in follow_lines[0]
    assert "s ago)" in follow_lines[0]


def _missing() -> PageState:
    return PageState("", "", "", None, "missing")


def _states(config: Config) -> dict[str, PageState]:
    with Store(config.db_path) as store:
        return store.page_states()


def _runs(config: Config) -> list[SyncRun]:
    with Store(config.db_path) as store:
        return store.runs()
