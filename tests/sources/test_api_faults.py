"""Faults a real server cannot produce on demand, injected through httpx.MockTransport.

Normal behaviour (categories, batches, redirects, edits, deletions) is tested against a real
MediaWiki in test_api_live.py; here only the failure paths and the request etiquette.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from urllib.parse import parse_qsl

import httpx
import pytest

from frontlines.errors import ConfigError, FetchError
from frontlines.sources.api import MediaWikiClient

API = "https://wiki.test/w/api.php"
AGENT = "FrontLinesTests/0.1 (https://example.org/tests; tests@example.org)"
Handler = Callable[[httpx.Request], httpx.Response]


def params_of(request: httpx.Request) -> dict[str, str]:
    """The API parameters of a request, from the query string or the POST form."""
    if request.method == "POST":
        return dict(parse_qsl(request.content.decode()))
    return dict(request.url.params)


def ok_page(title: str, revid: int, text: str) -> dict[str, object]:
    return {
        "pageid": revid // 10,
        "ns": 0,
        "title": title,
        "revisions": [
            {
                "revid": revid,
                "timestamp": "2024-01-02T03:04:05Z",
                "sha1": "0" * 40,
                "slots": {"main": {"contentmodel": "wikitext", "content": text}},
            }
        ],
    }


def wiki_answer(request: httpx.Request) -> httpx.Response:
    """A well-behaved answer to prop=revisions: every title exists, text names the title."""
    titles = params_of(request)["titles"].split("|")
    pages = [ok_page(t, 10 * (i + 1), f"Text of {t}.") for i, t in enumerate(titles)]
    return httpx.Response(200, json={"batchcomplete": True, "query": {"pages": pages}})


def scripted(*faults: Handler | httpx.Response | Exception) -> tuple[Handler, list[httpx.Request]]:
    """A handler that plays the faults in order, then answers like a healthy wiki."""
    seen: list[httpx.Request] = []
    queue: Iterator[Handler | httpx.Response | Exception] = iter(faults)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        fault = next(queue, None)
        if fault is None:
            return wiki_answer(request)
        if isinstance(fault, Exception):
            raise fault
        if isinstance(fault, httpx.Response):
            return fault
        return fault(request)

    return handler, seen


def make_client(handler: Handler, sleeps: list[float], **options: object) -> MediaWikiClient:
    return MediaWikiClient(
        API,
        user_agent=AGENT,
        transport=httpx.MockTransport(handler),
        sleep=sleeps.append,
        **options,  # type: ignore[arg-type]
    )


MAXLAG = {"error": {"code": "maxlag", "info": "Waiting for 10.0.0.1: 7 seconds lagged."}}


def test_every_request_carries_the_etiquette():
    handler, seen = scripted()
    with make_client(handler, []) as client:
        client.fetch(["Battle of Talas"])

    (request,) = seen
    assert request.headers["User-Agent"] == AGENT
    params = params_of(request)
    assert params["format"] == "json" and params["formatversion"] == "2"
    assert params["maxlag"] == "5" and params["redirects"] == "1"
    assert params["rvprop"] == "ids|timestamp|content|sha1" and params["rvslots"] == "main"


@pytest.mark.parametrize("agent", ["", "   "])
def test_user_agent_is_required(agent):
    with pytest.raises(ConfigError, match="User-Agent is required"):
        MediaWikiClient(API, user_agent=agent)


def test_429_retry_after_is_honoured():
    handler, seen = scripted(httpx.Response(429, headers={"Retry-After": "7"}))
    sleeps: list[float] = []
    with make_client(handler, sleeps) as client:
        result = client.fetch(["Battle of Talas"])

    assert sleeps == [7.0]
    assert client.requests == len(seen) == 2
    assert [page.text for page in result.pages] == ["Text of Battle of Talas."]


def test_retry_after_as_http_date():
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    handler, _ = scripted(httpx.Response(503, headers={"Retry-After": later}))
    sleeps: list[float] = []
    with make_client(handler, sleeps) as client:
        client.fetch(["X"])

    assert len(sleeps) == 1 and 25 <= sleeps[0] <= 30


@pytest.mark.parametrize("status", [200, 503])
def test_maxlag_error_waits_retry_after(status):
    lagged = httpx.Response(status, json=MAXLAG, headers={"Retry-After": "5"})
    handler, _ = scripted(lagged, lagged)
    sleeps: list[float] = []
    with make_client(handler, sleeps) as client:
        result = client.fetch(["Siege of Candia"])

    assert sleeps == [5.0, 5.0]
    assert result.pages[0].title == "Siege of Candia"


def test_success_after_transient_failures_returns_the_data():
    handler, _ = scripted(
        httpx.ReadTimeout("read timed out"),
        httpx.ConnectError("connection refused"),
        httpx.RemoteProtocolError("peer closed connection without sending complete message"),
        httpx.Response(200, text='{"batchcomplete": true, "query": {"pages": ['),
        httpx.Response(200, text="<html>Bad gateway</html>"),
    )
    sleeps: list[float] = []
    with make_client(handler, sleeps, backoff=0.5, max_backoff=3.0) as client:
        result = client.fetch(["Battle of Lepanto", "Battle of Preveza"])

    assert sleeps == [0.5, 1.0, 2.0, 3.0, 3.0]  # growing waits, capped at max_backoff
    assert client.requests == 6
    assert {page.title: page.text for page in result.pages} == {
        "Battle of Lepanto": "Text of Battle of Lepanto.",
        "Battle of Preveza": "Text of Battle of Preveza.",
    }
    assert result.pages[0].revision_id == 10 and result.pages[0].site == "https://wiki.test"


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (
            lambda r: httpx.Response(503, json=MAXLAG),
            r"HTTP 503 Service Unavailable, API error maxlag",
        ),
        (lambda r: httpx.Response(429), r"HTTP 429 Too Many Requests"),
        (lambda r: httpx.Response(200, text='{"query": {"pa'), r"malformed JSON"),
        (lambda r: httpx.Response(200, text="not json at all"), r"malformed JSON"),
        (lambda r: httpx.Response(200, json=[1, 2]), r"JSON that is not an object"),
    ],
)
def test_retries_run_out_into_fetch_error_with_url_and_status(fault, reason):
    sleeps: list[float] = []
    with make_client(fault, sleeps, max_retries=3, backoff=2.0) as client:
        with pytest.raises(FetchError) as caught:
            client.fetch(["Battle of Mohács"])

    message = str(caught.value)
    assert "failed after 4 attempts" in message
    assert f"{API}?" in message and "titles=Battle+of+Moh%C3%A1cs" in message
    assert "maxlag=5" in message
    assert re.search(reason, message)
    assert sleeps == [2.0, 4.0, 8.0]
    assert client.requests == 4


@pytest.mark.parametrize(
    ("error", "label"),
    [
        (httpx.ReadTimeout("timed out"), "timeout (ReadTimeout)"),
        (httpx.ConnectTimeout("timed out"), "timeout (ConnectTimeout)"),
        (httpx.ConnectError("[Errno 111] Connection refused"), "connection error (ConnectError"),
        (httpx.ReadError("[Errno 104] Connection reset by peer"), "connection error (ReadError"),
        (httpx.RemoteProtocolError("Server disconnected"), "connection error (RemoteProtocolError"),
    ],
)
def test_network_errors_are_retried_then_reported(error, label):
    def always(request: httpx.Request) -> httpx.Response:
        raise error

    with make_client(always, [], max_retries=2) as client:
        with pytest.raises(FetchError) as caught:
            list(client.category_members("Sieges"))

    assert label in str(caught.value)
    assert "cmtitle=Category%3ASieges" in str(caught.value)
    assert client.requests == 3


def test_api_error_is_not_retried():
    answer = {"error": {"code": "badvalue", "info": 'Unrecognized value for parameter "list".'}}
    handler, seen = scripted(httpx.Response(200, json=answer))
    with make_client(handler, [], max_retries=5) as client:
        with pytest.raises(FetchError, match=r"API error 'badvalue': Unrecognized value"):
            client.fetch(["X"])
    assert len(seen) == 1


def test_http_404_is_not_retried():
    handler, seen = scripted(httpx.Response(404, text="Not Found"))
    with make_client(handler, []) as client:
        with pytest.raises(FetchError, match=r"answered HTTP 404 Not Found.*ends in api.php"):
            client.revisions(["X"])
    assert len(seen) == 1


def test_retry_after_longer_than_max_backoff_stops_at_once():
    handler, seen = scripted(httpx.Response(429, headers={"Retry-After": "3600"}))
    sleeps: list[float] = []
    with make_client(handler, sleeps, max_backoff=60.0) as client:
        with pytest.raises(FetchError, match=r"retry after 3600 s, longer than max_backoff"):
            client.fetch(["X"])
    assert sleeps == [] and len(seen) == 1


def test_repeated_continuation_is_stopped():
    def looping(request: httpx.Request) -> httpx.Response:
        body = {
            "continue": {"cmcontinue": "page|ABC|1", "continue": "-||"},
            "query": {"categorymembers": [{"ns": 0, "title": "Same"}]},
        }
        return httpx.Response(200, json=body)

    with make_client(looping, []) as client:
        with pytest.raises(FetchError, match="repeated a continuation"):
            list(client.category_members("Loop"))
    assert client.requests == 2


def test_failure_in_a_later_batch_returns_nothing_half_done():
    handler, seen = scripted(wiki_answer, *[httpx.Response(503)] * 3)
    with make_client(handler, [], max_retries=2, batch_size=2) as client:
        with pytest.raises(FetchError):
            client.fetch(["A", "B", "C"])
    assert [params_of(r)["titles"] for r in seen] == ["A|B", "C", "C", "C"]


def test_batches_and_long_queries_are_posted():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return wiki_answer(request)

    titles = [f"Battle number {n} of the very long war of the many names" for n in range(120)]
    with make_client(handler, []) as client:
        result = client.fetch(titles + titles[:5])  # duplicates asked once

    assert [len(params_of(r)["titles"].split("|")) for r in seen] == [50, 50, 20]
    assert [r.method for r in seen] == ["POST", "POST", "GET"]  # 20 titles fit in a URL
    assert [page.title for page in result.pages] == titles
    assert all(r.headers["User-Agent"] == AGENT for r in seen)


def test_content_split_over_a_continuation_is_merged():
    """Past $wgAPIMaxResultSize the wiki sends some pages without content and an rvcontinue."""

    def handler(request: httpx.Request) -> httpx.Response:
        params = params_of(request)
        if "rvcontinue" not in params:
            first = {
                "continue": {"rvcontinue": "20|20", "continue": "||"},
                "query": {"pages": [ok_page("Big one", 10, "huge"), {"pageid": 2, "ns": 0,
                                                                     "title": "Next one"}]},
            }  # fmt: skip
            return httpx.Response(200, json=first)
        assert params["rvcontinue"] == "20|20" and params["continue"] == "||"
        rest = {"query": {"pages": [{"pageid": 1, "ns": 0, "title": "Big one"},
                                    ok_page("Next one", 20, "more")]}}  # fmt: skip
        return httpx.Response(200, json=rest)

    with make_client(handler, []) as client:
        result = client.fetch(["Big one", "Next one"])

    assert {page.title: page.text for page in result.pages} == {
        "Big one": "huge",
        "Next one": "more",
    }
    assert result.failed == {} and result.missing == ()
    assert client.requests == 2
