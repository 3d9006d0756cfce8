"""The EventStreams client: SSE parsing, reconnects (Last-Event-ID, Retry-After, growing waits),
the wiki filter, and `follow` reading a stream; over MockTransport and over a real socket."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from frontlines.config import load_config
from frontlines.errors import FetchError
from frontlines.follow import BatchReport, Follower
from frontlines.pipeline import sync
from frontlines.sources.api import MediaWikiClient
from frontlines.sources.stream import EventStream, SseEvent, recent_changes
from frontlines.store import Store
from tests.follow.fakewiki import API, FakeWiki

AGENT = "FrontLinesTests/0.1 (tests@example.org)"


def event(rcid: int, title: str, *, server: str = "fake.example.org", kind: str = "edit") -> str:
    when = datetime(2024, 5, 1, 12, 0, rcid % 60, tzinfo=UTC).timestamp()
    data = {
        "id": rcid,
        "type": kind,
        "namespace": 0,
        "title": title,
        "timestamp": int(when),
        "server_name": server,
        "meta": {"domain": server},
        "revision": {"old": 1, "new": 2},
    }
    return f'id: [{{"partition":0,"offset":{rcid}}}]\ndata: {json.dumps(data)}\n\n'


def test_sse_lines_become_events() -> None:
    body = (
        ": hello\n\nretry: 2500\n"
        'event: message\nid: [{"offset":1}]\ndata: {"a":\ndata: 1}\n\n'
        "data: second\n\n"
    )
    stream = EventStream(
        "https://stream.example.org/v2/stream/recentchange",
        user_agent=AGENT,
        transport=httpx.MockTransport(lambda request: httpx.Response(200, text=body)),
        max_failures=1,
        sleep=lambda seconds: None,
    )
    got: list[SseEvent | None] = []
    with pytest.raises(FetchError, match="1 failed connections"):
        got.extend(stream.events())
    assert got[0] is None  # the comment
    assert got[1] == SseEvent('{"a":\n1}', "message", '[{"offset":1}]')
    assert got[2] == SseEvent("second", "message", '[{"offset":1}]')


def test_reconnects_with_last_event_id_retry_after_and_growing_waits() -> None:
    answers: Iterator[httpx.Response] = iter(
        [
            httpx.Response(200, text=event(1, "A")),  # then the server closes the stream
            httpx.Response(503, headers={"Retry-After": "3"}),
            httpx.Response(200, text=event(2, "B")),
            httpx.Response(502),
        ]
    )
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        try:
            return next(answers)
        except StopIteration:
            raise httpx.ConnectError("gone") from None

    sleeps: list[float] = []
    stream = EventStream(
        "https://stream.example.org/v2/stream/recentchange",
        user_agent=AGENT,
        transport=httpx.MockTransport(handler),
        max_failures=3,
        sleep=sleeps.append,
    )
    titles = []
    with pytest.raises(FetchError, match="3 failed connections"):
        changes = recent_changes(stream.events(since="2024-05-01T00:00:00Z"), "fake.example.org")
        for change in changes:
            if change is not None:
                titles.append(change.title)
    assert titles == ["A", "B"]
    assert seen[0].url.params["since"] == "2024-05-01T00:00:00Z"
    assert "last-event-id" not in seen[0].headers
    assert [r.headers["last-event-id"] for r in seen[1:]] == [
        '[{"partition":0,"offset":1}]',
        '[{"partition":0,"offset":1}]',
        '[{"partition":0,"offset":2}]',
        '[{"partition":0,"offset":2}]',
    ]
    assert "since" not in seen[1].url.params  # the event id says where to resume
    assert sleeps == [1.0, 3.0, 1.0, 2.0]  # growing waits, Retry-After, reset by an event
    assert all(r.headers["user-agent"] == AGENT for r in seen)


def test_events_of_other_wikis_give_control_back_as_none() -> None:
    events = [SseEvent(event(1, "A", server="de.example.org").split("data: ")[1].strip())]
    events.append(SseEvent(event(2, "B").split("data: ")[1].strip()))
    changes = list(recent_changes(iter(events), "fake.example.org"))
    assert changes[0] is None and changes[1] is not None and changes[1].title == "B"
    assert changes[1].timestamp == "2024-05-01T12:00:02Z" and changes[1].rcid == 2


def test_follow_reads_the_stream_in_batches(tmp_path: Path) -> None:
    wiki = FakeWiki()
    wiki.put("Battle of A", "The '''Battle of A'''.", "Battles", log=False)
    wiki.put("Harbour of H", "A harbour.", "Harbours", log=False)
    path = tmp_path / "frontlines.toml"
    path.write_text(
        f'[source]\napi = "{API}"\nuser_agent = "{AGENT}"\n'
        'stream = "https://stream.example.org/v2/stream/recentchange"\n\n'
        '[[theatre]]\nname = "battles"\ntitle = "Battles"\ncategories = ["Battles"]\n',
        encoding="utf-8",
    )
    config = load_config(path)
    assert config.source.stream is not None
    client = MediaWikiClient(API, user_agent=AGENT, transport=wiki.transport())
    with Store(config.db_path, clock=lambda: "2024-05-01T00:00:00Z") as store:
        sync(config, store, client=client)
        revision = wiki.put("Battle of A", "The '''Battle of A''', revised.", "Battles")
        wiki.put("Harbour of H", "A dredged harbour.", "Harbours")
        body = event(3, "Battle of A", server="other.example.org") + event(4, "Battle of A")
        body += ": heartbeat\n\n" + event(5, "Harbour of H")
        stream = EventStream(
            config.source.stream,
            user_agent=AGENT,
            transport=httpx.MockTransport(lambda request: httpx.Response(200, text=body)),
            sleep=lambda seconds: None,
        )
        reports: list[BatchReport] = []
        follower = Follower(config, store, client, max_changes=2)
        follower.follow_stream(stream, interval=3600, on_batch=reports.append, once=True)
        assert len(reports) == 1 and reports[0].changes == 2  # the other wiki's event skipped
        assert store.page_states()["Battle of A"].revision_id == revision
        position = store.follow_position(API)
        assert position is not None and position.rcid == 5
        assert "Harbour of H" not in store.page_states()


class _Handler(BaseHTTPRequestHandler):
    bodies: list[str] = []
    headers_seen: list[dict[str, Any]] = []

    def do_GET(self) -> None:  # noqa: N802  (http.server's name)
        type(self).headers_seen.append(dict(self.headers))
        if not type(self).bodies:
            self.send_response(503)
            self.send_header("Retry-After", "0")
            self.end_headers()
            return
        body = type(self).bodies.pop(0).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for line in body.splitlines(keepends=True):  # line by line, as a live stream does
            self.wfile.write(line)
            self.wfile.flush()
        self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        return None


def test_a_real_sse_server_on_localhost() -> None:
    _Handler.bodies = [event(7, "Battle of A"), event(8, "Battle of B")]
    _Handler.headers_seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/v2/stream/recentchange"
        stream = EventStream(url, user_agent=AGENT, max_failures=2, sleep=lambda s: None)
        titles = []
        with pytest.raises(FetchError):
            for change in recent_changes(stream.events(), "fake.example.org"):
                if change is not None:
                    titles.append(change.title)
        stream.close()
    finally:
        server.shutdown()
        server.server_close()
    assert titles == ["Battle of A", "Battle of B"]
    assert _Handler.headers_seen[1]["Last-Event-ID"] == '[{"partition":0,"offset":7}]'
    assert _Handler.headers_seen[0]["Accept"] == "text/event-stream"
