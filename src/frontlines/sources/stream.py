"""Server-sent events: Wikimedia's EventStreams `recentchange` stream, read with httpx streaming.

    stream = EventStream(url, user_agent=...)
    for event in stream.events(since="2024-05-01T12:00:00Z"):   # SseEvent, or None (heartbeat)
        ...

The SSE parser follows the WHATWG rules that matter here: `data:` lines joined with newlines,
`id:` remembered and sent back as `Last-Event-ID` on reconnect, `retry:` honoured, comments
(`:` lines) ignored, an event dispatched on a blank line. A dropped connection, a network error,
an HTTP 429/5xx (its `Retry-After` honoured) or the server closing the stream is followed by a
reconnect after a growing wait (`backoff * 2**failures`, capped at `max_backoff`), reset by the
first event that arrives. `recent_changes(stream, server_name)` turns the events of one wiki
into `RecentChange` records; events of other wikis come out as None, so a caller reading the
stream for a quiet wiki still gets control back regularly.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx

from frontlines.errors import ConfigError, FetchError
from frontlines.sources.api import RETRYABLE_STATUS, retry_after_seconds
from frontlines.sources.changes import RecentChange


@dataclass(frozen=True, slots=True)
class SseEvent:
    data: str
    event: str = "message"
    id: str | None = None


class EventStream:
    """One SSE endpoint, reconnected forever (or until `max_failures` in a row)."""

    def __init__(
        self,
        url: str,
        *,
        user_agent: str,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 60.0,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        max_failures: int | None = None,
        sleep: Callable[[float], None] = time.sleep,
        stop: Callable[[], bool] = lambda: False,
    ) -> None:
        if not user_agent.strip():
            raise ConfigError(
                "A User-Agent is required to read EventStreams: set [source] user_agent"
            )
        self.url = url
        self.connections = 0  # HTTP connections opened, reconnects included
        self.last_id: str | None = None
        self._backoff = backoff
        self._max_backoff = max_backoff
        self._max_failures = max_failures
        self._sleep = sleep
        self._stop = stop
        self._retry_ms: int | None = None
        self._http = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 30.0)),
            headers={"User-Agent": user_agent.strip(), "Accept": "text/event-stream"},
        )

    def close(self) -> None:
        self._http.close()

    def events(self, since: str | None = None) -> Iterator[SseEvent | None]:
        """Events as they come (None for a comment or heartbeat); reconnects after faults."""
        failures = 0
        while not self._stop():
            wait: float | None = None
            try:
                for event in self._connect(since):
                    failures = 0
                    yield event
                    if self._stop():
                        return
                reason = "the server closed the stream"
            except _Refused as refused:
                reason, wait = refused.reason, refused.retry_after
            except (httpx.TransportError, httpx.DecodingError) as error:
                reason = f"{type(error).__name__}: {error}"
            failures += 1
            if self._max_failures is not None and failures >= self._max_failures:
                raise FetchError(
                    f"EventStreams at {self.url}: {failures} failed connections in a row "
                    f"(last: {reason})"
                )
            if wait is None and self._retry_ms is not None and failures == 1:
                wait = self._retry_ms / 1000
            if wait is None:
                wait = min(self._backoff * 2 ** (failures - 1), self._max_backoff)
            self._sleep(min(wait, self._max_backoff))

    def _connect(self, since: str | None) -> Iterator[SseEvent | None]:
        headers = {"Last-Event-ID": self.last_id} if self.last_id else {}
        params = {"since": since} if since and not self.last_id else {}
        self.connections += 1
        with self._http.stream("GET", self.url, params=params, headers=headers) as response:
            if response.status_code != 200:
                retry_after = retry_after_seconds(response.headers.get("Retry-After"))
                status = f"HTTP {response.status_code}"
                if response.status_code not in RETRYABLE_STATUS:
                    raise FetchError(f"EventStreams at {self.url} answered {status}; check the URL")
                raise _Refused(status, retry_after)
            yield from self._parse(response.iter_lines())

    def _parse(self, lines: Iterator[str]) -> Iterator[SseEvent | None]:
        data: list[str] = []
        kind = "message"
        for line in lines:
            if not line:
                if data:
                    yield SseEvent("\n".join(data), kind, self.last_id)
                data, kind = [], "message"
                continue
            if line.startswith(":"):
                yield None  # a comment: the server is alive
                continue
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "data":
                data.append(value)
            elif name == "event":
                kind = value or "message"
            elif name == "id" and "\x00" not in value:
                self.last_id = value or None
            elif name == "retry" and value.isdigit():
                self._retry_ms = int(value)


class _Refused(Exception):
    def __init__(self, reason: str, retry_after: float | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def recent_changes(
    events: Iterator[SseEvent | None], server_name: str
) -> Iterator[RecentChange | None]:
    """The changes of one wiki (`server_name`, e.g. en.wikipedia.org); None for anything else."""
    for event in events:
        change = None
        if event is not None and event.event == "message":
            try:
                data = json.loads(event.data)
            except ValueError:
                data = None
            if isinstance(data, dict) and _server_of(data) == server_name:
                change = RecentChange.from_event(data)
        yield change


def _server_of(data: dict[str, object]) -> str | None:
    name = data.get("server_name")
    if isinstance(name, str):
        return name
    meta = data.get("meta")
    domain = meta.get("domain") if isinstance(meta, dict) else None
    return domain if isinstance(domain, str) else None


__all__ = ["EventStream", "SseEvent", "recent_changes"]
