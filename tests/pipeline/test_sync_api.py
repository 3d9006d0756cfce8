"""Sync against a real MediaWiki: discovery, incremental refresh, edits, deletions, faults."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qsl

import httpx
import pytest

from frontlines.config import Config
from frontlines.errors import FetchError
from frontlines.model import Article, RawPage
from frontlines.pipeline import FETCH_FAILED, discover, open_client, sync
from frontlines.store import MISSING_LICENCE, Store

from .conftest import VALDORIA_PAGES, LocalWiki, write_config

Converter = Callable[[RawPage, str], Article]


def discovery_requests(config: Config) -> int:
    """Requests that discovering the theatre's titles takes (category walk only)."""
    with open_client(config.source) as client:
        for theatre in config.theatres:
            discover(client, theatre)
        return client.requests


def test_first_sync_walks_category_tree_with_continuation(
    wiki: LocalWiki, tmp_path: Path, converter: Converter
) -> None:
    small = write_config(
        tmp_path / "small", wiki.api, titles=("Kessel Bridge fight",), source="category_limit = 2"
    )
    with Store(small.db_path) as store, open_client(small.source) as client:
        report = sync(small, store, client=client, converter=converter)
        assert report.failures == ()
        assert (report.counts.new, report.counts.failed) == (6, 0)
        # the listed redirect resolves to a page the category already gave: stored once
        assert set(store.page_states()) == VALDORIA_PAGES
        articles = {a.title: a for a in store.iter_articles()}
        assert articles["Valdorian War"].revision_id is not None
        assert articles["Valdorian War"].updated is not None
        assert "Battle of Kessel Bridge" in {c.title for c in store.iter_conflicts()}
        image = store.images()["Valdoria front 1912.png"]
        assert image.status == "found" and image.url.startswith("http://127.0.0.1:8782/")
        assert ("File:Valdoria front 1912.png", MISSING_LICENCE) in {
            (i.subject, i.kind) for i in store.issues()
        }
    # two members a request: the walk needed more requests than with the default limit
    large = write_config(tmp_path / "large", wiki.api)
    assert discovery_requests(small) > discovery_requests(large) >= 2


def test_unchanged_resync_asks_one_request_per_50_pages(
    wiki: LocalWiki, tmp_path: Path, converter: Converter
) -> None:
    config = write_config(tmp_path, wiki.api)
    with Store(config.db_path) as store, open_client(config.source) as client:
        sync(config, store, client=client, converter=converter)
        again = sync(config, store, client=client, converter=converter)
    assert again.counts.unchanged == 6 and again.counts.total == 6
    # the category walk, then one prop=revisions request for the 6 pages (50 a request)
    assert again.counts.requests == discovery_requests(config) + 1


def test_edit_refetches_only_that_page(
    wiki: LocalWiki, tmp_path: Path, converter: Converter
) -> None:
    config = write_config(tmp_path, wiki.api)
    with Store(config.db_path) as store, open_client(config.source) as client:
        sync(config, store, client=client, converter=converter)
        before = store.page_states()["Siege of Lorn"].revision_id
        wiki.edit(
            "Siege of Lorn",
            "The '''Siege of Lorn''' lasted from June to September 1912.\n\n"
            "[[Category:Battles of the Valdorian War]]",
        )
        report = sync(config, store, client=client, converter=converter)
        assert (report.counts.updated, report.counts.unchanged, report.counts.new) == (1, 5, 0)
        # discovery + one revisions request + one content request for the edited page
        assert report.counts.requests == discovery_requests(config) + 2
        assert store.page_states()["Siege of Lorn"].revision_id != before
        assert "June to September" in (store.revision_text("Siege of Lorn") or "")


def test_deleted_page_is_marked_removed(
    wiki: LocalWiki, tmp_path: Path, converter: Converter
) -> None:
    config = write_config(tmp_path, wiki.api)
    wiki.edit(
        "Ambush at Tarn Ford",
        "The '''Ambush at Tarn Ford''' was a short ambush.\n\n"
        "[[Category:Battles of the Valdorian War]]",
    )
    with Store(config.db_path) as store, open_client(config.source) as client:
        first = sync(config, store, client=client, converter=converter)
        assert first.counts.new == 7
        wiki.delete("Ambush at Tarn Ford")
        report = sync(config, store, client=client, converter=converter)
        assert (report.counts.removed, report.counts.unchanged) == (1, 6)
        assert store.page_states()["Ambush at Tarn Ford"].status == "removed"
        assert "Ambush at Tarn Ford" not in {a.title for a in store.iter_articles()}
        assert store.counts().pages == 6


def test_page_leaving_the_theatre_is_removed_and_listed_missing_title_fails(
    wiki: LocalWiki, tmp_path: Path, converter: Converter
) -> None:
    wide = write_config(tmp_path, wiki.api, titles=("Harbour Strike of 1920",))
    with Store(wide.db_path) as store, open_client(wide.source) as client:
        assert sync(wide, store, client=client, converter=converter).counts.new == 7
        narrow = write_config(tmp_path, wiki.api, titles=("No Such Battle",))
        report = sync(narrow, store, client=client, converter=converter)
        assert report.counts.removed == 1 and report.counts.unchanged == 6
        assert [(f.title, f.kind) for f in report.failures] == [("No Such Battle", "missing_page")]
        assert store.page_states()["Harbour Strike of 1920"].status == "removed"


def forwarding(
    fault: Callable[[httpx.Request, dict[str, str]], httpx.Response | None],
) -> httpx.MockTransport:
    """A transport that sends requests to the real wiki unless `fault` answers instead."""
    real = httpx.Client()

    def handle(request: httpx.Request) -> httpx.Response:
        params = dict(request.url.params)
        if request.method == "POST":
            params.update(parse_qsl(request.read().decode()))
        injected = fault(request, params)
        if injected is not None:
            return injected
        answer = real.send(request)
        return httpx.Response(
            answer.status_code,
            headers={"Content-Type": answer.headers.get("Content-Type", "application/json")},
            content=answer.content,
        )

    return httpx.MockTransport(handle)


def is_content_fetch(params: dict[str, str]) -> bool:
    return "content" in params.get("rvprop", "")


def test_failing_fetch_mid_sync_keeps_committed_pages(
    wiki: LocalWiki, tmp_path: Path, converter: Converter
) -> None:
    config = write_config(tmp_path, wiki.api, source="batch_size = 2\nmax_retries = 2")

    def broken_second_batch(
        request: httpx.Request, params: dict[str, str]
    ) -> httpx.Response | None:
        if is_content_fetch(params) and "Siege of Lorn" in params.get("titles", ""):
            return httpx.Response(500, text="Internal error")
        return None

    with Store(config.db_path) as store:
        client = open_client(
            config.source, transport=forwarding(broken_second_batch), sleep=lambda _: None
        )
        with client:
            report = sync(config, store, client=client, converter=converter)
        # titles are fetched in sorted order, two a request: the second request failed
        assert sorted(f.title for f in report.failures) == ["Raid on Hallam", "Siege of Lorn"]
        assert all(f.kind == FETCH_FAILED for f in report.failures)
        reason = report.failures[0].reason
        assert "500" in reason and "127.0.0.1:8782" in reason
        assert report.counts.new == 4
        assert store.integrity_check() == "ok"
        assert {i.subject for i in store.issues() if i.kind == FETCH_FAILED} == {
            "Raid on Hallam",
            "Siege of Lorn",
        }
        with open_client(config.source) as healthy:
            after = sync(config, store, client=healthy, converter=converter)
        assert (after.counts.new, after.counts.unchanged, after.counts.failed) == (2, 4, 0)
        assert not [i for i in store.issues() if i.kind == FETCH_FAILED]
        assert set(store.page_states()) == VALDORIA_PAGES


TRANSIENT = {
    "429 with Retry-After": lambda: httpx.Response(429, headers={"Retry-After": "7"}),
    "503 maxlag": lambda: httpx.Response(
        503,
        headers={"Retry-After": "5"},
        json={
            "error": {"code": "maxlag", "info": "Waiting for a database server: 6 seconds lagged"}
        },
    ),
    "truncated JSON": lambda: httpx.Response(
        200, headers={"Content-Type": "application/json"}, content=b'{"query": {"pages": [{"pa'
    ),
}


@pytest.mark.parametrize("fault", sorted(TRANSIENT))
def test_transient_fault_is_retried_and_nothing_is_lost(
    wiki: LocalWiki, tmp_path: Path, converter: Converter, fault: str
) -> None:
    config = write_config(tmp_path, wiki.api)
    injected: list[str] = []

    def once(request: httpx.Request, params: dict[str, str]) -> httpx.Response | None:
        if is_content_fetch(params) and not injected:
            injected.append(str(request.url))
            return TRANSIENT[fault]()
        return None

    waits: list[float] = []
    with Store(config.db_path) as store:
        with open_client(config.source, transport=forwarding(once), sleep=waits.append) as client:
            report = sync(config, store, client=client, converter=converter)
        assert injected and report.failures == ()
        assert report.counts.new == 6
        assert len(waits) == 1
        if "Retry-After" in fault:
            assert waits == [7.0]


def test_connection_reset_during_discovery_fails_the_run_cleanly(
    wiki: LocalWiki, tmp_path: Path, converter: Converter
) -> None:
    config = write_config(tmp_path, wiki.api, source="max_retries = 1")

    def reset(request: httpx.Request, params: dict[str, str]) -> httpx.Response | None:
        if params.get("list") == "categorymembers":
            raise httpx.ConnectError("Connection reset by peer", request=request)
        return None

    with Store(config.db_path) as store:
        with open_client(
            config.source, transport=forwarding(reset), sleep=lambda _: None
        ) as client:
            with pytest.raises(FetchError, match="reset"):
                sync(config, store, client=client, converter=converter)
        last = store.last_run()
        assert last is not None and last.status == "failed" and last.message
        assert store.page_states() == {}
