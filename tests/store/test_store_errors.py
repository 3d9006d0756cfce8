"""A full disk and a read-only store give clear messages; `build` and `status` still read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontlines.cli.app import app
from frontlines.pipeline import sync
from frontlines.store import Store
from frontlines.store.connect import StoreFullError
from tests.pipeline.conftest import FIXTURE_DUMP, write_config

BOTH = ("Wars of Valdoria", "Battles of the Valdorian War")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_full_disk_stops_the_sync_with_what_to_do(tmp_path: Path) -> None:
    config = write_config(tmp_path, "http://unused.invalid/api.php", categories=BOTH)
    with Store(config.db_path) as store:
        used = store._db.execute("PRAGMA page_count").fetchone()[0]  # noqa: SLF001
        # SQLite's page limit stands in for a full disk: the same error, "database or disk is
        # full", without filling a real disk.
        store._db.execute(f"PRAGMA max_page_count = {used}")  # noqa: SLF001
        with pytest.raises(StoreFullError) as caught:
            sync(config, store, dump=FIXTURE_DUMP)
    message = str(caught.value)
    assert message.startswith(f"the disk holding the store {config.db_path} is full")
    assert "free some space and run the command again" in message
    with Store(config.db_path) as store:
        assert store.integrity_check() == "ok"
        kept = len(store.page_states())
        report = sync(config, store, dump=FIXTURE_DUMP)  # space again: it carries on
    assert report.counts.new + kept == 6
    assert report.counts.failed == 0


@pytest.fixture
def read_only_project(tmp_path: Path) -> Iterator[Path]:
    project = tmp_path / "project"
    config = write_config(project, "http://unused.invalid/api.php", categories=BOTH)
    code, _, err = invoke("sync", "--dump", str(FIXTURE_DUMP), "--config", str(config.path))
    assert code == 0, err
    assert not Path(f"{config.db_path}-wal").exists()  # checkpointed on close
    config.db_path.chmod(0o444)
    project.chmod(0o555)
    try:
        yield config.path
    finally:
        project.chmod(0o755)
        config.db_path.chmod(0o644)


def test_status_and_build_read_a_read_only_store(read_only_project: Path, tmp_path: Path) -> None:
    before = read_only_project.parent.joinpath("frontlines.db").read_bytes()
    code, out, err = invoke("status", "--config", str(read_only_project))
    assert code == 0, err
    assert out.splitlines()[0] == "Pages:     6 (0 removed)"
    site = tmp_path / "site"
    code, _, err = invoke("build", "-o", str(site), "--config", str(read_only_project), "-q")
    assert code == 0, err
    assert (site / "index.html").is_file()
    assert read_only_project.parent.joinpath("frontlines.db").read_bytes() == before
    assert sorted(p.name for p in read_only_project.parent.iterdir()) == [
        "frontlines.db", "frontlines.toml",
    ]  # fmt: skip


def test_sync_says_it_cannot_write_a_read_only_store(read_only_project: Path) -> None:
    code, _, err = invoke("sync", "--dump", str(FIXTURE_DUMP), "--config", str(read_only_project))
    assert code == 2
    message = " ".join(err.split())
    assert message.startswith("Error: cannot write the store ")
    assert "the file is read-only (mode 444)" in message
    assert "`build` and `status` can still read it" in message
    assert "Traceback" not in err
