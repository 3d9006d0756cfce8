"""`follow`: read what changed on the wiki since the stored position and sync just those pages.

    follower = Follower(config, store, client)          # client: sources.api.MediaWikiClient
    report = follower.poll()                             # one round of list=recentchanges
    follower.follow_stream(EventStream(url, ...))        # or the EventStreams feed, batch by batch

A round reads the changes after the stored position (list=recentchanges, namespaces 0 and 14,
edits, new pages, log entries and category changes, oldest first, continuation followed) and
turns them into a plan:

* an edited, created, moved or restored article, and a deleted one the store holds, is
  checked with ONE `page_info` request per 50 titles (current revision id + categories, no
  content); a page in no theatre stops there, so an edit outside every theatre costs no
  page fetch;
* a page that belongs to a theatre (its title is listed, or one of its categories is in the
  theatre's category tree: the categories and their subcategories to `depth`) is synced by
  `pipeline.sync_pages` (the same run record, revision comparison and one transaction per page
  as `sync`); a stored page that is gone (deleted, or moved away) or no longer in its theatre's
  categories is marked removed;
* a `categorize` change on a theatre category lists that category's members, so pages added
  through a template are found too.

After the batch the position (timestamp + rcid of its last change) is written to the store.
Pages are stored before the position moves, so a kill in between replays changes whose
revisions are already stored: they are found unchanged, never applied twice. Nothing here
prints: each batch is a `BatchReport`, handed to `on_batch`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from frontlines.config import Config, Theatre, normalise_category
from frontlines.errors import SourceError
from frontlines.pipeline import REPLACEABLE_KINDS, Converter, SyncReport, convert, sync_pages
from frontlines.sources.api import MediaWikiClient, PageInfoResult, RevisionInfo
from frontlines.sources.changes import (
    ARTICLE_NS,
    CATEGORIZE,
    CATEGORY_NS,
    LOG,
    Position,
    RecentChange,
)
from frontlines.sources.stream import EventStream, recent_changes
from frontlines.store import FollowPosition, PageState, Store, utc_now

MAX_CHANGES = 500  # changes per batch; the rest waits for the next round
CHECKED_LOGS = frozenset({"delete", "move", "merge", "import"})


@dataclass(frozen=True, slots=True)
class BatchReport:
    """What one batch of changes did."""

    changes: int  # changes read after the position
    pages: int  # pages of a theatre among them (synced or marked removed)
    sync: SyncReport | None  # None when no page of a theatre changed
    position: Position  # where the next batch starts
    requests: int  # HTTP requests, recent changes included
    fetched: int  # pages whose content was fetched
    seconds: float

    @property
    def changed(self) -> bool:
        """Whether the store changed (a page new, updated or removed)."""
        c = self.sync.counts if self.sync else None
        return bool(c and (c.new or c.updated or c.removed))

    def summary(self) -> str:
        """The one line printed per batch."""
        c = self.sync.counts if self.sync else None
        figures = (
            f"{c.new} new, {c.updated} updated, {c.unchanged} unchanged, {c.removed} removed, "
            f"{c.failed} failed"
            if c
            else "nothing to sync"
        )
        return (
            f"Followed {self.changes} changes ({self.pages} theatre pages: {figures}); "
            f"{self.requests} requests, {self.fetched} pages fetched; "
            f"at {self.position.timestamp} #{self.position.rcid} in {self.seconds:.1f} s"
        )


@dataclass(frozen=True, slots=True)
class _Plan:
    pages: tuple[tuple[RevisionInfo, Theatre], ...]
    removed: tuple[str, ...]


class Follower:
    """Follows one wiki for the theatres of a project (or one of them)."""

    def __init__(
        self,
        config: Config,
        store: Store,
        client: MediaWikiClient,
        *,
        theatre: str | None = None,
        converter: Converter = convert,
        stop: Callable[[], bool] = lambda: False,
        max_changes: int = MAX_CHANGES,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config
        self.store = store
        self.client = client
        self.theatre = theatre
        self.theatres = (config.theatre(theatre),) if theatre else config.theatres
        self.wiki = client.api_url
        self.converter = converter
        self.stop = stop
        self.max_changes = max(1, max_changes)
        self.timer = timer
        self._trees: dict[str, frozenset[str]] | None = None

    # ------------------------------------------------------------ position

    def position(self) -> Position:
        """The stored position; never followed: when the last finished sync started."""
        stored = self.store.follow_position(self.wiki, self.theatre)
        if stored is not None:
            return Position(stored.timestamp, stored.rcid)
        started = [
            run.started
            for run in self.store.runs()
            if run.status == "finished" and run.source.startswith("api:")
        ]
        return Position(max(started) if started else utc_now(), 0)

    # ------------------------------------------------------------ rounds

    def poll(self) -> BatchReport:
        """One round: the changes after the position (at most max_changes), applied."""
        mark = self._mark()
        position = self.position()
        changes: list[RecentChange] = []
        for change in self.client.recent_changes(position.timestamp):
            if change.position > position:
                changes.append(change)
                if len(changes) >= self.max_changes:
                    break
        return self.apply(changes, position, mark)

    def follow_stream(
        self,
        stream: EventStream,
        *,
        interval: float,
        on_batch: Callable[[BatchReport], None],
        once: bool = False,
    ) -> None:
        """Read the stream, applying a batch every `interval` seconds (or max_changes changes).

        Events of other wikis and namespaces are skipped; they still give control back, so a
        quiet wiki's batches are written on time. Returns after one batch with `once`, or when
        `stop` says so.
        """
        position = self.position()
        batch: list[RecentChange] = []
        mark = self._mark(stream.connections)
        server = _server_name(self.wiki)
        for change in recent_changes(stream.events(since=position.timestamp), server):
            if change is not None and change.position > position:
                if change.namespace in (ARTICLE_NS, CATEGORY_NS):
                    batch.append(change)
            due = self.timer() - mark[0] >= interval or len(batch) >= self.max_changes
            if due or self.stop():
                report = self.apply(batch, position, mark, stream.connections)
                on_batch(report)
                position, batch, mark = report.position, [], self._mark(stream.connections)
                if once or self.stop():
                    return

    def apply(
        self,
        changes: Sequence[RecentChange],
        position: Position,
        mark: tuple[float, int, int] | None = None,
        connections: int = 0,
    ) -> BatchReport:
        """Sync the pages `changes` touched, then move the position past the last of them."""
        started, requests, fetched = mark or self._mark()
        plan = self.plan(changes)
        report: SyncReport | None = None
        if plan.pages or plan.removed:
            report = sync_pages(
                self.config,
                self.store,
                self.client,
                plan.pages,
                removed=plan.removed,
                source=f"follow:{self.wiki}",
                theatre=self.theatre,
                converter=self.converter,
                stop=self.stop,
            )
        last = max((c.position for c in changes), default=position)
        self.store.put_follow_position(
            self.wiki,
            self.theatre,
            timestamp=last.timestamp,
            rcid=last.rcid,
            changes=len(changes),
            run_id=report.run_id if report else None,
        )
        return BatchReport(
            changes=len(changes),
            pages=len(plan.pages) + len(plan.removed),
            sync=report,
            position=max(last, position),
            requests=self.client.requests - requests + connections,
            fetched=self.client.pages_fetched - fetched,
            seconds=self.timer() - started,
        )

    def _mark(self, connections: int = 0) -> tuple[float, int, int]:
        return self.timer(), self.client.requests + connections, self.client.pages_fetched

    # ------------------------------------------------------------ what a batch touches

    def plan(self, changes: Iterable[RecentChange]) -> _Plan:
        """The theatre pages the changes touched (with current revisions) and those to remove."""
        states = self.store.page_states()
        checked: dict[str, None] = {}
        categories: dict[str, None] = {}
        for change in changes:
            if change.namespace == ARTICLE_NS:
                for title in self._titles(change, states):
                    checked[title] = None
            elif change.namespace == CATEGORY_NS:
                if change.kind == CATEGORIZE:
                    categories[change.title] = None
                else:  # a category page edited, moved or deleted: its parents may have changed
                    self._trees = None
        for title in self._added_through(categories, states):
            checked.setdefault(title, None)
        if not checked:
            return _Plan((), ())
        info = self.client.page_info(list(checked))
        return self._decide(list(checked), info, states)

    def _titles(self, change: RecentChange, states: dict[str, PageState]) -> list[str]:
        if change.kind != LOG:
            return [change.title]
        if change.log_type not in CHECKED_LOGS:
            return []
        if change.log_type == "delete" and change.log_action in ("delete", "delete_redir"):
            return [change.title] if change.title in states else []  # not ours: nothing to do
        return [title for title in (change.title, change.target) if title]

    def _added_through(self, categories: Iterable[str], states: dict[str, PageState]) -> list[str]:
        """Pages the store lacks in theatre categories that had `categorize` changes."""
        trees = self.trees()
        found: list[str] = []
        for title in categories:
            name = normalise_category(title)
            if not any(name in tree for tree in trees.values()):
                continue
            for member in self.client.category_members(name, depth=0):
                if member not in states:
                    found.append(member)
        return found

    def _decide(
        self, titles: Sequence[str], info: PageInfoResult, states: dict[str, PageState]
    ) -> _Plan:
        current = info.current
        pages: dict[str, tuple[RevisionInfo, Theatre]] = {}
        removed: dict[str, None] = {}
        ours = {theatre.name for theatre in self.theatres}
        for title in titles:
            final = current.resolve(title)
            state = states.get(title)
            mine = state is not None and state.theatre in ours and state.status == "active"
            revision = current.revisions.get(final)
            if revision is None:
                if final in current.missing and mine and _replaceable(state):
                    removed[title] = None  # deleted
                continue
            if final != title and mine and _replaceable(state):
                removed[title] = None  # moved away, or now a redirect
            held = states.get(final)
            if held is not None and held.theatre not in ours:
                continue  # another theatre's page: followed by its own follow run
            owner = self._owner(final, info.categories.get(final, ()), held)
            if owner is not None:
                pages[final] = (revision, owner)
            elif held is not None and held.status == "active" and _replaceable(held):
                removed[final] = None  # left its theatre's categories
        return _Plan(tuple(pages.values()), tuple(t for t in removed if t not in pages))

    def _owner(
        self, title: str, categories: Iterable[str], state: PageState | None
    ) -> Theatre | None:
        names = {normalise_category(c) for c in categories}
        trees = self.trees() if names else {}
        ordered = sorted(self.theatres, key=lambda t: state is None or t.name != state.theatre)
        for theatre in ordered:
            if title in theatre.exclude:
                continue
            if title in theatre.titles or names & trees.get(theatre.name, frozenset()):
                return theatre
        return None

    def trees(self) -> dict[str, frozenset[str]]:
        """Each theatre's categories with their subcategories to its depth (names, no prefix).

        Asked once and kept, until a change to a category page makes it stale.
        """
        if self._trees is None:
            trees: dict[str, frozenset[str]] = {}
            for theatre in self.theatres:
                names = set(theatre.categories)
                if theatre.depth:
                    for category in theatre.categories:
                        found = self.client.subcategories(category, depth=theatre.depth)
                        names.update(normalise_category(name) for name in found)
                trees[theatre.name] = frozenset(names)
            self._trees = trees
        return self._trees


def _replaceable(state: PageState | None) -> bool:
    return state is not None and state.source_kind in REPLACEABLE_KINDS


def _server_name(api_url: str) -> str:
    """en.wikipedia.org for https://en.wikipedia.org/w/api.php (EventStreams' server_name)."""
    rest = api_url.split("://", 1)[-1]
    return rest.split("/", 1)[0].split(":", 1)[0]


def lag_seconds(checked: str, now: str | None = None) -> float | None:
    """Seconds between a position's last check and now (None for an unreadable time)."""
    try:
        then = datetime.strptime(checked, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        at = datetime.strptime(now or utc_now(), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None
    return (at - then).total_seconds()


def follow_status(
    positions: Iterable[FollowPosition], now: str | None = None
) -> list[dict[str, Any]]:
    """Stored positions for `status`: where each follow stands and how long ago it looked."""
    return [
        {
            "wiki": p.wiki,
            "theatre": p.theatre,
            "timestamp": p.timestamp,
            "rcid": p.rcid,
            "checked": p.checked,
            "lag_seconds": lag_seconds(p.checked, now),
            "changes": p.changes,
        }
        for p in positions
    ]


def rounds(
    follower: Follower,
    *,
    interval: float,
    wait: Callable[[float], bool],
    on_batch: Callable[[BatchReport], None],
    on_fault: Callable[[str, float], None],
    once: bool = False,
    max_wait: float = 600.0,
) -> str | None:
    """Poll every `interval` seconds until stopped; after a fault wait longer each time.

    `wait(seconds)` sleeps and returns True when a stop was asked for meanwhile. A round that
    fails (the wiki unreachable after the client's own retries) keeps the position; the next
    one starts from it after `interval * 2**faults` seconds (at most `max_wait`). Returns the
    error of a failed `once` round, else None.
    """
    faults = 0
    while True:
        try:
            report = follower.poll()
        except SourceError as error:
            faults += 1
            pause = min(interval * 2**faults, max_wait)
            on_fault(str(error), pause)
            if once:
                return str(error)
            if wait(pause):
                return None
            continue
        faults = 0
        on_batch(report)
        if once or follower.stop() or wait(interval):
            return None


__all__ = ["MAX_CHANGES", "BatchReport", "Follower", "follow_status", "lag_seconds", "rounds"]
