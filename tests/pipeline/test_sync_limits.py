"""Sync converts in a supervised worker: a page past the time limit fails, the rest go on."""

from __future__ import annotations

import time
from pathlib import Path

from frontlines.config import load_config
from frontlines.model import Article, RawPage
from frontlines.pipeline import convert, sync
from frontlines.store import Store

from .conftest import FIXTURE_DUMP, VALDORIA_PAGES, write_config

BOTH = ("Wars of Valdoria", "Battles of the Valdorian War")


def stalling(page: RawPage, kind: str) -> Article:
    """The real converter, except that one page never finishes (a test-only slow page)."""
    if page.title == "Raid on Hallam":
        time.sleep(600)
    return convert(page, kind)


def test_a_page_past_the_time_limit_fails_and_the_sync_goes_on(tmp_path: Path) -> None:
    written = write_config(tmp_path, "http://unused.invalid/api.php", categories=BOTH)
    with written.path.open("a", encoding="utf-8") as file:
        file.write("\n[convert]\ntime_limit = 1\n")
    config = load_config(written.path)
    started = time.monotonic()
    with Store(config.db_path) as store:
        report = sync(config, store, dump=FIXTURE_DUMP, converter=stalling)
        assert time.monotonic() - started < 10
        assert [(f.title, f.reason, f.kind) for f in report.failures] == [
            ("Raid on Hallam", "took longer than 1 s", "convert_failed")
        ]
        assert (report.counts.new, report.counts.failed) == (5, 1)
        assert set(store.page_states()) == VALDORIA_PAGES - {"Raid on Hallam"}


def test_a_page_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    written = write_config(tmp_path, "http://unused.invalid/api.php", categories=BOTH)
    with written.path.open("a", encoding="utf-8") as file:
        file.write("\n[convert]\nmax_page_bytes = 300\n")
    config = load_config(written.path)
    with Store(config.db_path) as store:
        report = sync(config, store, dump=FIXTURE_DUMP)
    reasons = {f.reason for f in report.failures}
    assert report.counts.failed >= 1
    assert all("of wikitext, over the 300 B limit" in reason for reason in reasons), reasons
