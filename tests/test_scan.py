"""`scan` on a real Dask LocalCluster (2 worker processes on 127.0.0.1): the same store as
`sync --dump`, nothing converted twice, a damaged chunk reported while the others are stored."""

from __future__ import annotations

import bz2
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dask.config
import pyarrow.parquet as pq
import pytest
from dask.distributed import Client
from typer.testing import CliRunner

from frontlines.cli.app import app
from frontlines.config import Config, load_config
from frontlines.errors import FrontlinesError
from frontlines.model import RawPage
from frontlines.pipeline import sync
from frontlines.scan import DaskScan, open_cluster
from frontlines.sources.files import iter_inputs
from frontlines.sources.multistream import plan_chunks, read_index, write_multistream
from frontlines.store import Store
from frontlines.tabular import ARTICLE_SCHEMA
from tests.conftest import CORPUS
from tests.ostmark import OWNERS, THEATRES, pages

SCAN_LINE = re.compile(
    r"Read (\d+) of (\d+) chunks? \((\d+) failed\): (\d+) articles, (\d+) selected, "
    r"(\d+) converted, [\d.,]+ MB of XML at [\d.,]+ MB/s"
)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with open_cluster(workers=2, dashboard=None) as dask_client:
        yield dask_client


def project(folder: Path, theatres: str = THEATRES) -> Config:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "frontlines.toml").write_text(theatres, encoding="utf-8")
    return load_config(folder / "frontlines.toml")


def snapshot(config: Config) -> dict[str, Any]:
    """What a store holds, without the times of writing."""
    with Store(config.db_path) as store:
        return {
            "pages": {
                t: (s.theatre, s.revision_id, s.status, s.page_id, s.source_kind)
                for t, s in store.page_states().items()
            },
            "articles": [(a.title, a.slug, a.theatre, a.article) for a in store.iter_articles()],
            "conflicts": list(store.iter_conflicts()),
            "texts": {t: store.revision_text(t) for t in store.page_states()},
        }


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stderr


def test_scan_selects_like_sync_dump_and_writes_parquet(tmp_path: Path, client: Client) -> None:
    dump = tmp_path / "ostmark-multistream.xml.bz2"
    index = tmp_path / "ostmark-multistream-index.txt.bz2"
    write_multistream(pages(30), dump, index, per_stream=3)
    sequential = project(tmp_path / "sync")
    with Store(sequential.db_path) as store:
        sync(sequential, store, dump=dump)
    parallel = project(tmp_path / "scan")
    plan = plan_chunks(dump, index, chunk_bytes=1200)
    assert len(plan.chunks) >= 4
    shards = tmp_path / "shards"
    with Store(parallel.db_path) as store:
        scanner = DaskScan(plan, client, parquet=shards)
        report = sync(parallel, store, scan=scanner)
    assert (report.counts.new, report.counts.failed) == (4, 0)
    assert snapshot(parallel) == snapshot(sequential)
    assert {t: s[0] for t, s in snapshot(parallel)["pages"].items()} == OWNERS
    totals = scanner.totals
    assert (totals.done, totals.failed, totals.pages, totals.selected) == (
        len(plan.chunks),
        0,
        36,
        4,
    )
    files = sorted(shards.glob("*.parquet"))
    assert len(files) == len(plan.chunks)
    table = pq.read_table(shards)
    assert table.schema.remove_metadata() == ARTICLE_SCHEMA
    rows = {row["title"]: row for row in table.to_pylist()}
    assert set(rows) == set(OWNERS)
    assert rows["Battle of Amberfield"]["conflict_name"] == "Battle of Amberfield"
    assert rows["Battle of Amberfield"]["start"] == "1820-05-03"
    assert rows["Treaty of Rell"]["conflict_name"] is None


def test_single_stream_dump_is_read_by_one_task(tmp_path: Path, client: Client) -> None:
    dump = tmp_path / "plain.xml"
    write_multistream(pages(5), tmp_path / "m.xml.bz2", None)
    dump.write_bytes(bz2.decompress((tmp_path / "m.xml.bz2").read_bytes()))
    plan = plan_chunks(dump)
    assert plan.note and "single-stream" in plan.note
    config = project(tmp_path / "p")
    with Store(config.db_path) as store:
        report = sync(config, store, scan=DaskScan(plan, client))
    assert report.counts.new == 4 and set(snapshot(config)["pages"]) == set(OWNERS)


def test_cli_scan_on_a_running_scheduler(tmp_path: Path, client: Client) -> None:
    dump = tmp_path / "ostmark-multistream.xml.bz2"
    write_multistream(pages(12), dump, tmp_path / "ostmark-multistream-index.txt.bz2")
    config = project(tmp_path / "p")
    address = client.scheduler.address
    code, err = invoke("scan", str(dump), "--scheduler", address, "--config", str(config.path))
    assert code == 0, err
    assert "on 2 Dask workers" in err
    assert "Synced 4 pages (4 new, 0 updated, 0 unchanged, 0 removed, 0 failed)" in err
    code, err = invoke("scan", str(dump), "--workers", "2", "--scheduler", address)
    assert code == 2 and "exclude each other" in err


def test_an_unreachable_scheduler_says_how_to_start_one() -> None:
    with pytest.raises(FrontlinesError, match=r"cannot reach the Dask scheduler.*dask scheduler"):
        with open_cluster(scheduler="tcp://127.0.0.1:9", connect_timeout=0.5):
            pass


def test_a_plain_dump_gets_a_note_from_the_cli(tmp_path: Path, client: Client) -> None:
    multi = tmp_path / "m.xml.bz2"
    write_multistream(pages(3), multi, None)
    plain = tmp_path / "plain.xml.bz2"
    plain.write_bytes(bz2.compress(bz2.decompress(multi.read_bytes())))
    config = project(tmp_path / "p")
    code, err = invoke(
        "scan", str(plain), "--scheduler", client.scheduler.address, "--config", str(config.path)
    )
    assert code == 0, err
    note = "Note: plain.xml.bz2 is one bz2 stream (not a multistream dump): read single-stream"
    assert note in err
    assert "Read 1 of 1 chunk (0 failed): 9 articles, 4 selected, 4 converted" in err


# ---------------------------------------------------------------- the real corpus, by the CLI


def corpus_pages() -> list[RawPage]:
    if not CORPUS.is_dir():
        pytest.skip(f"../shared/corpus not present at {CORPUS}")
    found = iter_inputs([CORPUS / "conflict", CORPUS / "other"])
    return [item for item in found if isinstance(item, RawPage)]


ALL_CONFLICTS = '[[theatre]]\nname = "all"\ntitle = "Every conflict"\nconflicts = "all"\n'


@pytest.mark.corpus
def test_cli_scan_of_the_corpus_stores_what_sync_dump_stores(tmp_path: Path) -> None:
    dump = tmp_path / "corpus-multistream.xml.bz2"
    write_multistream(
        corpus_pages(), dump, tmp_path / "corpus-multistream-index.txt.bz2", per_stream=4
    )
    sequential = project(tmp_path / "sync", ALL_CONFLICTS)
    code, _ = invoke("sync", "--dump", str(dump), "--config", str(sequential.path))
    assert code == 0
    scanned = project(tmp_path / "scan", ALL_CONFLICTS)
    args = ["scan", str(dump), "--workers", "2", "--chunk-mb", "0.15", "--dashboard", "127.0.0.1:0"]
    code, err = invoke(*args, "--config", str(scanned.path))
    assert code == 0, err
    assert "dashboard: http://127.0.0.1:" in err and "on 2 Dask workers" in err
    match = SCAN_LINE.search(err)
    assert match is not None, err
    done, chunks, failed, articles, selected, converted = map(int, match.groups())
    assert (done, failed, articles) == (chunks, 0, 49) and chunks >= 4
    assert selected == converted == 32  # the 32 conflict articles; other/ has none
    skipped = re.search(r"\(([\d,]+) ruled out by a quick test, not parsed\)", err)
    assert skipped is not None and 0 < int(skipped[1].replace(",", "")) < articles, err
    assert "Synced 32 pages (32 new, 0 updated, 0 unchanged, 0 removed, 0 failed)" in err
    first = snapshot(scanned)
    assert first == snapshot(sequential)
    assert len(first["conflicts"]) == 32

    code, err = invoke(*args, "--config", str(scanned.path))
    assert code == 0
    assert "32 selected, 0 converted" in err
    assert "Synced 32 pages (0 new, 0 updated, 32 unchanged, 0 removed, 0 failed)" in err
    assert snapshot(scanned) == first


@pytest.mark.corpus
def test_cli_scan_reports_a_damaged_chunk_and_stores_the_rest(tmp_path: Path) -> None:
    dump, index = tmp_path / "c.xml.bz2", tmp_path / "c-index.txt.bz2"
    write_multistream(corpus_pages(), dump, index, per_stream=4)
    plan = plan_chunks(dump, index, chunk_bytes=150_000)
    broken = plan.chunks[2]
    stream = next(o for o in read_index(index) if broken.start <= o < broken.end)
    data = bytearray(dump.read_bytes())
    for at in range(stream + 200, stream + 230):
        data[at] ^= 0x5A
    dump.write_bytes(bytes(data))
    lost = {p.title for p in _pages_between(index, broken.start, broken.end)}

    config = project(tmp_path / "p", ALL_CONFLICTS)
    code, err = invoke(
        "scan", str(dump), "--index", str(index), "--workers", "2", "--chunk-mb",
        str(150_000 / (1 << 20)), "--dashboard", "127.0.0.1:0", "--retries", "1",
        "--config", str(config.path),
    )  # fmt: skip
    assert code == 1
    failed = re.search(r"Failed: c\.xml\.bz2 bytes ([\d,]+)–([\d,]+) \(\d+ streams\): (.*)", err)
    assert failed is not None, err
    assert (int(failed[1].replace(",", "")), int(failed[2].replace(",", ""))) == (
        broken.start,
        broken.end,
    )
    assert "damaged bz2 data" in failed[3]
    stored = set(snapshot(config)["pages"])
    conflicts = {p.title for p in corpus_pages() if (CORPUS / "conflict").as_posix() in p.origin}
    assert stored == conflicts - lost and lost & conflicts


def _pages_between(index: Path, start: int, end: int) -> list[RawPage]:
    lines = bz2.decompress(index.read_bytes()).decode("utf-8").splitlines()
    titles = [line.split(":", 2)[2] for line in lines if start <= int(line.split(":")[0]) < end]
    return [RawPage(title=t, text="") for t in titles]


def test_the_index_beside_the_dump_is_found_by_its_wikimedia_name(tmp_path: Path) -> None:
    from frontlines.cli.scan import default_index

    dump = tmp_path / "enwiki-20260101-pages-articles-multistream.xml.bz2"
    dump.write_bytes(b"")
    assert default_index(dump) is None
    index = tmp_path / "enwiki-20260101-pages-articles-multistream-index.txt.bz2"
    index.write_bytes(b"")
    assert default_index(dump) == index


def test_a_local_cluster_runs_its_workers_without_the_stack_profiler(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def settings() -> tuple[bool, str, str]:
        import dask.config

        return (
            bool(dask.config.get("distributed.worker.profile.enabled")),
            str(dask.config.get("distributed.admin.tick.interval")),
            str(dask.config.get("distributed.admin.system-monitor.interval")),
        )

    with open_cluster(workers=1, dashboard=None) as local:
        assert list(local.run(settings).values()) == [(False, "1s", "2s")]
    monkeypatch.setenv("DASK_DISTRIBUTED__ADMIN__SYSTEM_MONITOR__INTERVAL", "750ms")
    dask.config.refresh()  # as a process started with it reads it
    try:
        with open_cluster(workers=1, dashboard=None) as local:  # what the environment says
            assert list(local.run(settings).values())[0][2] == "750ms"
    finally:
        monkeypatch.delenv("DASK_DISTRIBUTED__ADMIN__SYSTEM_MONITOR__INTERVAL")
        dask.config.refresh()


def test_every_worker_has_imported_the_task_code_before_its_first_task() -> None:
    def imported() -> bool:
        import sys

        return "frontlines.pipeline" in sys.modules and "frontlines.scan" in sys.modules

    with open_cluster(workers=1, dashboard=None) as local:
        assert list(local.run(imported).values()) == [True]
        local.cluster.scale(2)  # type: ignore[union-attr]
        local.wait_for_workers(2)  # type: ignore[no-untyped-call]
        assert list(local.run(imported).values()) == [True, True]
