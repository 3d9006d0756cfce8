"""`sync`: sources → convert → store, incrementally, for the theatres of a project.

    sync(config, store, client=MediaWikiClient(...))   API mode
    sync(config, store, dump=Path("x.xml.bz2"))         dump mode

API mode, per theatre: discover titles (category members to the theatre's depth, plus `titles`,
minus `exclude`), ask the wiki for their current revision ids (no content: about one request
per 50 pages), fetch and convert only pages whose revision differs from the stored one, mark
pages that left the theatre (or were deleted) as removed, and ask Commons/imageinfo about the
images of changed articles that the store has never asked about; then thumbnails of those
images are downloaded into the media cache beside the store (`sources.media`).

Dump mode streams the dump and keeps pages whose wikitext puts them in one of a theatre's
categories (directly: a dump cannot tell subcategories apart, so `depth` does not apply) or
whose title a theatre lists, or (a `conflicts = "all"` theatre) that hold a conflict infobox;
selection.py decides. The same revision-id comparison decides what is converted.

Scan mode (`scan=`, scan.py) is dump mode read elsewhere: a PageScan hands over the outcomes of
`selection.select_pages` run on Dask workers, and this module stores them with the same single
writer. A part of the source that could not be read is a failure, and then no page is marked
removed (it may have been in that part).

Each stored revision is compared with the one before it (`history.py`, `extract/changes.py`)
and the change list goes into the `changes` table in the same transaction; `history=N` also
fetches up to N earlier revisions of each new page (API: one extra request per new page; a dump
gives what it holds), so a new project has a history from its first day.

Conversion runs in `jobs` worker processes (sync_jobs.py; default `[convert] workers`, else one
per core): in dump mode each worker also selects (is the page a theatre's, is its revision new),
and this process only reads the dump and stores; in API mode the pages of each fetched batch are
converted at once. Biggest pages first within a window of LOOKAHEAD_PER_WORKER × jobs pages
read ahead, and stored one at a time in the order the source gave them, so the store ends the
same whatever the number of workers. A page over `[convert] max_page_bytes` is refused here,
before any worker sees it. Earlier revisions (`history=N`) are converted in a pool of their own
(one worker), as each page is stored. `sync_pages` (follow) converts one page at a time, so a
stop is honoured between two pages.

Each page is stored in one transaction, so an interrupted sync keeps every page it finished; the
run is recorded in `sync_runs` ('interrupted' on Ctrl-C, and on the next sync after a kill), and
the next sync carries on where it stopped: stored pages are unchanged and are not fetched again.
A page is claimed by the first theatre (in config order) that finds it. Nothing here prints:
progress goes to the callbacks.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

import httpx

from frontlines.config import Config, ConvertConfig, SourceConfig, Theatre
from frontlines.entity_index import entity_titles, refresh_entities, wanted_templates
from frontlines.errors import ConvertError, SourceError, StoreError
from frontlines.extract.entities import COUNTRY_DATA_PREFIX
from frontlines.history import failed_record, history_records
from frontlines.mediacache import MediaCache
from frontlines.model import Article, RawPage, to_dict
from frontlines.selection import (
    Converted,
    ConvertFailed,
    Outcome,
    Selector,
    Unchanged,
    convert_safely,
    needs_conversion,
    page_categories,
    select_pages,
)
from frontlines.sources.api import FetchResult, MediaWikiClient, RevisionInfo, RevisionsResult
from frontlines.sources.dump import iter_dump_history
from frontlines.sources.images import ImageInfo
from frontlines.sources.media import fetch_thumbnails
from frontlines.store import NEW, ImageRecord, PageState, RunCounts, Store
from frontlines.store.connect import StoreFullError
from frontlines.sync_jobs import Converter, ConvertJob, SelectJob, convert_as
from frontlines.workers import Done, WorkerPool, WorkFailed, page_pool, page_too_large

DISCOVERY = "discovery"
FETCH = "fetch"
CONVERT = "convert"
IMAGES = "images"
STAGES = (DISCOVERY, FETCH, CONVERT, IMAGES)

FETCH_FAILED = "fetch_failed"
CONVERT_FAILED = "convert_failed"
STORE_FAILED = "store_failed"
MISSING_PAGE = "missing_page"
READ_FAILED = "read_failed"
MEDIA_FAILED = "media_failed"
REPLACEABLE_KINDS = frozenset({"api", "dump"})  # pages a sync may mark removed
IMAGE_BATCH = 50
PENDING_IMAGES_PER_RUN = 1000  # images left 'pending' by earlier runs asked again per run
IMAGE_FAILURES_IN_A_ROW = 2  # failed image requests after which the wiki is taken to be away
TEMPLATE_NAMESPACE = 10
LOOKAHEAD_PER_WORKER = 8  # pages read ahead of the writer, per worker

convert = convert_as  # the default Converter (it lives in sync_jobs: workers import it)

PagePool = WorkerPool[tuple[RawPage, str], Article]


def _within_limits(pool: PagePool, max_bytes: int) -> Converter:
    """Convert in the supervised worker pool (time limit per page); a page over the size limit
    is refused before it is sent (`[convert]`, frontlines.workers)."""

    def converter(page: RawPage, kind: str) -> Article:
        refused = page_too_large(page, max_bytes)
        if refused:
            raise ConvertError(refused)
        return pool.call((page, kind))

    return converter


def _refusing(reason: str) -> Converter:
    """A converter that fails every page with `reason` (a page refused or lost in a worker)."""

    def converter(page: RawPage, kind: str) -> Article:
        raise ConvertError(reason)

    return converter


class SyncProgress(Protocol):
    """What a sync reports while it works (the CLI draws bars from it)."""

    def start(self, stage: str, total: int | None) -> None: ...

    def advance(self, stage: str, amount: int = 1) -> None: ...


@dataclass(frozen=True, slots=True)
class ReadFailed:
    """A part of a source that could not be read (e.g. a byte range of a dump), and why."""

    where: str
    reason: str


ScanItem = Outcome | ReadFailed


class PageScan(Protocol):
    """Selected pages read somewhere else (scan.py: chunks of a dump on Dask workers)."""

    @property
    def source(self) -> str:
        """What is read, for the run's record (e.g. `scan:enwiki.xml.bz2`)."""
        ...

    def outcomes(self, selector: Selector, known: dict[str, PageState]) -> Iterable[ScanItem]:
        """Every selected page of the source (`known`: the store's page states)."""
        ...


class NoProgress:
    """Progress callbacks that do nothing."""

    def start(self, stage: str, total: int | None) -> None:
        return None

    def advance(self, stage: str, amount: int = 1) -> None:
        return None


@dataclass(frozen=True, slots=True)
class Failure:
    """A page that could not be synced, and why."""

    title: str
    reason: str
    kind: str = FETCH_FAILED


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What one sync did."""

    run_id: int
    counts: RunCounts
    failures: tuple[Failure, ...]
    seconds: float
    status: str = "finished"
    entity_error: str | None = None  # why the entities' templates and redirects were not got

    def summary(self) -> str:
        """The one-line summary the CLI prints last."""
        c = self.counts
        images = (
            f"; {c.images_failed} image licences not fetched (pending: the next sync asks again)"
            if c.images_failed
            else ""
        )
        entities = (
            f"; entities not resolved ({self.entity_error}): named as their links name them"
            " until their pages are synced again"
            if self.entity_error
            else ""
        )
        return (
            f"Synced {c.total} pages ({c.new} new, {c.updated} updated, {c.unchanged} unchanged, "
            f"{c.removed} removed, {c.failed} failed) in {self.seconds:.1f} s{images}{entities}"
        )


@dataclass
class _Run:
    """The mutable state of one run (counters, failures); never shared between runs."""

    store: Store
    run_id: int
    progress: SyncProgress
    client: MediaWikiClient | None
    batch_size: int = 50
    converter: Converter = convert  # runs in the workers
    settings: ConvertConfig = ConvertConfig()
    jobs: int | None = None  # worker processes (None: [convert] workers, else one per core)
    pool: PagePool | None = None  # API mode's pages
    convert_one: Converter = convert  # one page at a time in a worker (earlier revisions)
    one_at_a_time: bool = False  # convert a page only when the one before is stored (follow)
    counts: RunCounts = RunCounts()
    failures: list[Failure] = field(default_factory=list)
    claimed: set[str] = field(default_factory=set)
    images_asked: set[str] = field(default_factory=set)
    asked_pending: bool = False  # whether earlier runs' pending images were taken up
    image_error: str | None = None  # the last failed image request's error
    stop: Callable[[], bool] = lambda: False
    history: int = 0  # earlier revisions to fetch for each new page
    fresh: set[str] = field(default_factory=set)  # titles the store has never held
    earlier: dict[str, Sequence[RawPage]] = field(default_factory=dict)  # a dump's, by title
    media: Callable[[Iterable[str]], None] | None = None  # thumbnail downloads (sources.media)
    stored: list[str] = field(default_factory=list)  # titles stored by this run
    entity_error: str | None = None  # why _learn_entities could not fetch what it wanted

    def count(self, **increments: int) -> None:
        values = {name: getattr(self.counts, name) + n for name, n in increments.items()}
        self.counts = replace(self.counts, **values)

    def convert_all(
        self, pages: Iterable[RawPage], kind: str
    ) -> Iterator[tuple[RawPage, Article | str]]:
        """Each page with its Article or the reason it failed, in order, converted in the pool
        (or, `one_at_a_time`, each only when asked for: a stop between two pages stops both)."""
        if self.one_at_a_time:
            for page in pages:
                yield page, convert_safely(self.convert_one, page, kind)
            return
        assert self.pool is not None
        max_bytes = self.settings.max_page_bytes

        def jobs() -> Iterator[tuple[RawPage, str] | Done[tuple[RawPage, str], Article]]:
            for page in pages:
                refused = page_too_large(page, max_bytes)
                yield Done((page, kind), WorkFailed(refused)) if refused else (page, kind)

        outcomes = self.pool.map(
            jobs(), cost=_text_length, lookahead=LOOKAHEAD_PER_WORKER * self.pool.size
        )
        for (page, _), outcome in outcomes:
            yield page, str(outcome) if isinstance(outcome, WorkFailed) else outcome

    def fail(self, title: str, reason: str, kind: str) -> None:
        self.failures.append(Failure(title, reason, kind))
        self.count(failed=1)
        self.store.record_failure(title, kind, reason, run_id=self.run_id)


def sync(
    config: Config,
    store: Store,
    *,
    theatre: str | None = None,
    client: MediaWikiClient | None = None,
    dump: Path | None = None,
    scan: PageScan | None = None,
    progress: SyncProgress | None = None,
    converter: Converter = convert,
    timer: Callable[[], float] = time.monotonic,
    history: int = 0,
    jobs: int | None = None,
) -> SyncReport:
    """Bring the store up to date with the wiki (`client`), a dump (`dump`) or a `scan`.

    `history`: up to this many earlier revisions of each new page are fetched and compared too.
    `jobs`: worker processes that convert (default `[convert] workers`, else one per core).

    Raises what stops the whole run (a ConfigError for an unknown theatre, an InputFormatError
    for a dump that is not one, a StoreError); single pages that fail are in the report.
    """
    if sum(source is not None for source in (client, dump, scan)) != 1:
        raise ValueError("sync needs exactly one of client=, dump= or scan=")
    theatres = (config.theatre(theatre),) if theatre else config.theatres
    started = timer()
    if scan is not None:
        source = scan.source
    else:
        source = f"dump:{dump}" if dump is not None else f"api:{client.api_url if client else ''}"
    run = _Run(
        store,
        store.begin_run(source, theatre),
        progress or NoProgress(),
        client,
        batch_size=config.source.batch_size,
        converter=converter,
        settings=config.convert,
        jobs=jobs,
        history=max(0, history),
    )
    if client is not None:
        run.media = _media_hook(run, config, client)
    requests_before = client.requests if client else 0
    status, message = "failed", None
    try:
        with (
            page_pool(ConvertJob(converter), config.convert, jobs=jobs) as pool,
            page_pool(ConvertJob(converter), config.convert, jobs=1) as one,
        ):
            run.pool, run.convert_one = pool, _within_limits(one, config.convert.max_page_bytes)
            if dump is not None:
                _sync_dump(run, theatres, dump)
            elif scan is not None:
                _sync_pages(run, theatres, scan.outcomes)
            else:
                for selected in theatres:
                    _sync_theatre(run, selected)
                _learn_entities(run)
        refresh_entities(store)
        status, message = _finished(run)
    except KeyboardInterrupt:
        status, message = "interrupted", "interrupted (Ctrl-C)"
        raise
    except BaseException as error:
        message = f"{type(error).__name__}: {error}"
        raise
    finally:
        run.count(requests=(client.requests - requests_before) if client else 0)
        store.finish_run(run.run_id, run.counts, status=status, message=message)
    return _report(run, timer() - started, status)


class Stopped(Exception):
    """A stop was asked for (SIGTERM) between two pages; every page stored before is kept."""


def sync_pages(
    config: Config,
    store: Store,
    client: MediaWikiClient,
    pages: Sequence[tuple[RevisionInfo, Theatre]],
    *,
    removed: Iterable[str] = (),
    source: str | None = None,
    theatre: str | None = None,
    progress: SyncProgress | None = None,
    converter: Converter = convert,
    stop: Callable[[], bool] = lambda: False,
    timer: Callable[[], float] = time.monotonic,
) -> SyncReport:
    """Sync just these pages, whose current revisions are known, and mark `removed` removed.

    `follow` calls this with the pages a batch of recent changes touched; it is `sync` without
    discovery: the same run record, the same revision comparison, one transaction per page,
    the same image lookups. `stop` is asked before each page; when it says yes the run ends
    'interrupted' and Stopped is raised (pages already stored stay stored).
    """
    started = timer()
    run = _Run(
        store,
        store.begin_run(source or f"api:{client.api_url}", theatre),
        progress or NoProgress(),
        client,
        batch_size=config.source.batch_size,
        converter=converter,
        stop=stop,
        one_at_a_time=True,
    )
    requests_before = client.requests
    status, message = "failed", None
    try:
        run.count(removed=store.mark_removed(removed))
        states = store.page_states()
        stale: dict[str, list[str]] = {}
        owners: dict[str, Theatre] = {}
        for info, owner in pages:
            if _needs_fetch(states.get(info.title), info.revision_id, owner):
                stale.setdefault(owner.name, []).append(info.title)
                owners[owner.name] = owner
            else:
                run.count(unchanged=1)
        files: list[str] = []
        with page_pool(ConvertJob(converter), config.convert, jobs=1) as pool:
            run.pool, run.convert_one = pool, _within_limits(pool, config.convert.max_page_bytes)
            for name, titles in stale.items():
                files.extend(_fetch_and_store(run, owners[name], sorted(titles)))
        _fetch_image_info(run, files)
        _learn_entities(run)
        refresh_entities(store)
        status, message = _finished(run)
    except (KeyboardInterrupt, Stopped) as error:
        status, message = "interrupted", f"interrupted ({type(error).__name__})"
        raise
    except BaseException as error:
        message = f"{type(error).__name__}: {error}"
        raise
    finally:
        run.count(requests=client.requests - requests_before)
        store.finish_run(run.run_id, run.counts, status=status, message=message)
    return _report(run, timer() - started, status)


def _report(run: _Run, seconds: float, status: str) -> SyncReport:
    failures = tuple(run.failures)
    return SyncReport(run.run_id, run.counts, failures, seconds, status, run.entity_error)


def _finished(run: _Run) -> tuple[str, str | None]:
    """A run that got to its end: `finished`, or `partial` when image licences or the
    entities' templates and redirects were not got."""
    notes = []
    if run.counts.images_failed:
        notes.append(
            f"{run.counts.images_failed} image licence(s) could not be fetched "
            f"({run.image_error}); they stay pending and the next sync asks again"
        )
    if run.entity_error is not None:
        notes.append(
            f"the flags' Country data templates and the link targets' redirects could not be"
            f" fetched ({run.entity_error}); entities stay named as the links name them until"
            " their pages are synced again"
        )
    return ("partial", "; ".join(notes)) if notes else ("finished", None)


# ---------------------------------------------------------------- API mode


def open_client(
    source: SourceConfig,
    *,
    api: str | None = None,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
    min_interval: float = 0.0,
) -> MediaWikiClient:
    """A MediaWiki client set up from `[source]` (`api` overrides the configured URL)."""
    return MediaWikiClient(
        api or source.api,
        user_agent=source.require_user_agent(),
        transport=transport,
        timeout=source.timeout,
        max_retries=source.max_retries,
        batch_size=source.batch_size,
        category_limit=source.category_limit,
        sleep=sleep,
        min_interval=min_interval,
    )


def _sync_theatre(run: _Run, theatre: Theatre) -> None:
    assert run.client is not None
    client = run.client
    run.progress.start(DISCOVERY, None)
    titles = discover(client, theatre, on_title=lambda: run.progress.advance(DISCOVERY))
    current = _current_revisions(run, titles)
    excluded = set(theatre.exclude)
    wanted = {
        title: revision
        for title, revision in current.revisions.items()
        if title not in excluded and title not in run.claimed
    }
    run.claimed.update(wanted)
    states = run.store.page_states()
    stale = [
        title
        for title, info in wanted.items()
        if _needs_fetch(states.get(title), info.revision_id, theatre)
    ]
    run.count(unchanged=len(wanted) - len(stale))
    run.fresh = {title for title in stale if title not in states}
    _report_unanswered(run, titles, current, states)
    files = _fetch_and_store(run, theatre, sorted(stale))
    if not theatre.all_conflicts:  # the API cannot list pages by content: none "left"
        _mark_left(run, theatre, states, set(wanted))
    _fetch_image_info(run, files)
    if run.media is not None and run.image_error is None:  # a wiki gone away is not asked again
        run.media(files)  # thumbnails not fetched now are asked for by the next sync


def _media_hook(
    run: _Run, config: Config, client: MediaWikiClient
) -> Callable[[Iterable[str]], None]:
    """Thumbnails of the images articles show, into the cache beside the store.

    Asked for the changed articles' images and for every image the store knows that the cache
    still lacks (so an interrupted download resumes); a file that fails is recorded as a
    `media_failed` issue (`frontlines check`; not a failed page) and is tried again next time.
    """
    cache = MediaCache.beside(config.db_path)
    source = config.source

    def fetch(files: Iterable[str]) -> None:
        known = [f for f, r in run.store.images().items() if r.status == "found"]
        report = fetch_thumbnails(
            client,
            cache,
            [*files, *known],
            user_agent=source.require_user_agent(),
            timeout=source.timeout,
            max_retries=source.max_retries,
        )
        for file, why in sorted(report.failed.items()):
            run.store.record_failure(file, MEDIA_FAILED, why, run_id=run.run_id)
        for file in report.done:
            run.store.clear_failure(file, MEDIA_FAILED)

    return fetch


def _learn_entities(run: _Run) -> None:
    """Fetch the Country data templates the flags of the pages stored by this run use, and
    the redirects of their link targets (an unchanged sync asks nothing); a failure leaves
    entities as the links name them and is reported (`SyncReport.entity_error`, the run's
    status `partial` with the reason)."""
    assert run.client is not None
    if not run.stored:
        return
    try:
        wanted = wanted_templates(run.store, run.stored)
        for start in range(0, len(wanted), 50):
            result = run.client.fetch(wanted[start : start + 50])
            for page in result.pages:
                run.store.put_template(page.title, page.text, page.revision_id)
        titles = entity_titles(run.store, run.stored)
        for start in range(0, len(titles), 50):
            found = run.client.revisions(titles[start : start + 50])
            run.store.put_redirects(found.redirects)
    except SourceError as error:  # reported (summary, the run's record); the pages are kept
        run.entity_error = str(error)


def discover(
    client: MediaWikiClient, theatre: Theatre, *, on_title: Callable[[], None] | None = None
) -> list[str]:
    """The theatre's titles: category members to its depth plus listed titles (no excludes)."""
    found: dict[str, None] = {}
    for category in theatre.categories:
        for title in client.category_members(category, depth=theatre.depth):
            if title not in found:
                found[title] = None
                if on_title:
                    on_title()
    for title in theatre.titles:
        found.setdefault(title, None)
    return list(found)


def _current_revisions(run: _Run, titles: Sequence[str]) -> RevisionsResult:
    assert run.client is not None
    if not titles:
        return RevisionsResult(revisions={})
    return run.client.revisions(list(titles))


def _report_unanswered(
    run: _Run, titles: Iterable[str], current: RevisionsResult, states: dict[str, PageState]
) -> None:
    """Titles with no current revision: invalid ones and listed pages that never existed fail.

    A missing page the store holds is not a failure: it is marked removed afterwards.
    """
    for title in titles:
        final = current.resolve(title)
        if final in current.revisions or final in states:
            continue
        if final in current.missing:
            run.fail(title, "no such page on the wiki; fix the theatre's titles", MISSING_PAGE)
        else:
            reason = current.failed.get(title) or current.failed.get(final) or "no answer"
            run.fail(title, reason, FETCH_FAILED)


_needs_fetch = needs_conversion


def _fetch_and_store(run: _Run, theatre: Theatre, titles: list[str]) -> list[str]:
    """Fetch `titles` batch by batch, storing each page as it comes; the changed images."""
    assert run.client is not None
    run.progress.start(FETCH, len(titles))
    run.progress.start(CONVERT, len(titles))
    size = max(1, min(50, run.batch_size))
    files: list[str] = []
    for start in range(0, len(titles), size):
        batch = titles[start : start + size]
        try:
            result = run.client.fetch(batch)
        except SourceError as error:
            for title in batch:
                run.fail(title, str(error), FETCH_FAILED)
            run.progress.advance(FETCH, len(batch))
            run.progress.advance(CONVERT, len(batch))
            continue
        run.progress.advance(FETCH, len(batch))
        files.extend(_store_batch(run, theatre, batch, result))
    return files


def _store_batch(run: _Run, theatre: Theatre, batch: list[str], result: FetchResult) -> list[str]:
    """Store a fetched batch, its pages converted in the pool and stored in the batch's order."""
    files: list[str] = []
    got = {page.title: page for page in result.pages}
    found = [got[result.resolve(t)] for t in batch if result.resolve(t) in got]
    converted = run.convert_all(found, "api")
    for title in batch:
        if run.stop():
            raise Stopped(f"stopped after {run.counts.new + run.counts.updated} pages")
        page = got.get(result.resolve(title))
        if page is None:
            if result.resolve(title) in result.missing:  # deleted since its revision was asked
                run.count(removed=run.store.mark_removed([title]))
            else:
                reason = result.failed.get(title) or "the wiki sent no content for it"
                run.fail(title, reason, FETCH_FAILED)
        else:
            page, outcome = next(converted)
            article = _store_page(run, theatre, page, outcome, earlier=_earlier(run, page))
            if article is not None:
                files.extend(image.file for image in article.images)
                if article.lead_image is not None:
                    files.append(article.lead_image.file)
        run.progress.advance(CONVERT)
    return files


def _earlier(run: _Run, page: RawPage) -> Sequence[RawPage]:
    """Earlier revisions of a new page (`sync --history N`); a failed request gives none."""
    if not run.history or run.client is None or page.title not in run.fresh:
        return ()
    if page.revision_id is None:
        return ()
    try:
        return run.client.history(page.title, before=page.revision_id, limit=run.history)
    except SourceError:
        return ()  # the page itself is stored; its history starts here


def _store_page(
    run: _Run,
    theatre: Theatre,
    page: RawPage,
    article: Article | str,
    *,
    earlier: Sequence[RawPage] = (),
) -> Article | None:
    """Store one converted page (API) with its change records; a failure (`article` is its
    reason) is recorded, not raised."""
    if isinstance(article, str):
        _failed(run, page, run.store.stored_article(page.title), article)
        return None
    return _put(run, theatre.name, page, article, kind="api", earlier=earlier)


def _put(
    run: _Run,
    theatre: str,
    page: RawPage,
    article: Article,
    *,
    kind: str,
    earlier: Sequence[RawPage] = (),
) -> Article | None:
    """Store one converted page with its change records (the single writer, one transaction);
    a failure is recorded, not raised."""
    stored = run.store.stored_article(page.title)
    records = history_records(
        stored, earlier, page, to_dict(article), lambda old: to_dict(run.convert_one(old, kind))
    )
    try:
        outcome = run.store.put_page(
            page,
            article,
            theatre=theatre,
            kind=kind,
            run_id=run.run_id,
            changes=records,
            earlier=earlier,
        )
    except StoreFullError:
        raise  # no later page can be stored either: the run stops with the message
    except StoreError as error:
        run.fail(page.title, str(error), STORE_FAILED)
        return None
    run.count(**{"new" if outcome == NEW else "updated": 1})
    run.stored.append(page.title)
    return article


def _failed(
    run: _Run, page: RawPage, stored: tuple[int | None, dict[str, object]] | None, reason: str
) -> None:
    """A page that did not convert: the failure, and a change record saying so."""
    run.fail(page.title, reason, CONVERT_FAILED)
    record = failed_record(stored, page, reason)
    if record is not None:
        try:
            run.store.put_failed_revision(page, record)
        except StoreError:
            pass  # the failure itself is recorded above


def _mark_left(run: _Run, theatre: Theatre, states: dict[str, PageState], kept: set[str]) -> None:
    """Pages of the theatre that the source no longer lists are marked removed."""
    gone = [
        title
        for title, state in states.items()
        if state.theatre == theatre.name
        and state.status == "active"
        and state.source_kind in REPLACEABLE_KINDS
        and title not in kept
    ]
    run.count(removed=run.store.mark_removed(gone))


def _fetch_image_info(run: _Run, files: Iterable[str]) -> None:
    """Ask the wiki about images the store has no answer for, 50 at a time.

    That is the changed articles' new images and up to PENDING_IMAGES_PER_RUN images left
    'pending' by earlier runs. A failed request leaves its images 'pending' and is counted
    (`images_failed`: the run ends 'partial'); after IMAGE_FAILURES_IN_A_ROW failed requests in a
    row the wiki is taken to be away and the rest are counted failed without asking.
    """
    if run.client is None:
        return
    todo = [f for f in run.store.images_without_info(files) if f not in run.images_asked]
    if not run.asked_pending:  # once a run, whatever the number of theatres
        run.asked_pending = True
        fresh = set(todo)
        todo += [
            file
            for file in run.store.pending_images(PENDING_IMAGES_PER_RUN)
            if file not in run.images_asked and file not in fresh
        ]
    run.images_asked.update(todo)
    run.progress.start(IMAGES, len(todo))
    failures_in_a_row = 0
    for start in range(0, len(todo), IMAGE_BATCH):
        batch = todo[start : start + IMAGE_BATCH]
        if failures_in_a_row >= IMAGE_FAILURES_IN_A_ROW:
            run.count(images_failed=len(batch))
            run.progress.advance(IMAGES, len(batch))
            continue
        try:
            found = run.client.image_info(batch)
        except SourceError as error:
            failures_in_a_row += 1
            run.image_error = str(error)
            run.count(images_failed=len(batch))
            run.progress.advance(IMAGES, len(batch))
            continue  # left 'pending': asked again next time
        failures_in_a_row = 0
        for file in batch:
            run.store.put_image(_image_record(file, found.get(file)), run_id=run.run_id)
        run.progress.advance(IMAGES, len(batch))


def _image_record(file: str, info: ImageInfo | None) -> ImageRecord:
    if info is None:
        return ImageRecord(file=file, status="missing")
    return ImageRecord(
        file=file,
        url=info.url,
        description_url=info.description_url,
        width=info.width,
        height=info.height,
        sha1=info.sha1,
        licence=info.licence,
        licence_url=info.licence_url,
        artist=info.artist,
        credit=info.credit,
        attribution_required=info.attribution_required,
        description=info.description,
        status="found",
    )


# ---------------------------------------------------------------- dump and scan mode


def _sync_dump(run: _Run, theatres: Sequence[Theatre], dump: Path) -> None:
    def read(selector: Selector, known: dict[str, PageState]) -> Iterator[Outcome]:
        def on_page() -> None:
            run.progress.advance(DISCOVERY)

        def pages() -> Iterator[RawPage]:
            kinds = frozenset({0, TEMPLATE_NAMESPACE})
            for page, earlier in iter_dump_history(
                dump, keep=run.history, namespaces=kinds, redirects=True
            ):
                if page.redirect is not None or page.namespace == TEMPLATE_NAMESPACE:
                    _keep_for_entities(run, page, redirects)  # Country data, #REDIRECT
                    continue
                if earlier:  # `--history N`: compared with each other when the page is stored
                    run.earlier[page.title] = earlier
                yield page

        return _select_in_workers(run, pages(), selector, known, on_page=on_page)

    redirects: dict[str, str] = {}
    _sync_pages(run, theatres, read)
    run.store.put_redirects(redirects)


def _select_in_workers(
    run: _Run,
    pages: Iterable[RawPage],
    selector: Selector,
    known: dict[str, PageState],
    *,
    on_page: Callable[[], None],
) -> Iterator[Outcome]:
    """`select_pages` on the workers: each page selected and converted there, outcomes in order.

    A page over the size limit is selected here and refused (it never reaches a worker); a page
    whose worker failed (time limit, crash) is selected here and fails with that reason.
    """

    def outcome_here(page: RawPage, reason: str) -> Outcome | None:
        return next(iter(select_pages([page], selector, known, _refusing(reason))), None)

    def jobs() -> Iterator[RawPage | Done[RawPage, Outcome | None]]:
        for page in pages:
            on_page()
            refused = page_too_large(page, run.settings.max_page_bytes)
            yield Done(page, outcome_here(page, refused)) if refused else page

    work = SelectJob(selector, known, run.converter)
    with page_pool(work, run.settings, jobs=run.jobs) as pool:
        outcomes = pool.map(jobs(), cost=_page_length, lookahead=LOOKAHEAD_PER_WORKER * pool.size)
        for page, outcome in outcomes:
            if isinstance(outcome, WorkFailed):
                outcome = outcome_here(page, str(outcome))
            if outcome is not None:
                yield outcome


def _page_length(page: RawPage) -> int:
    return len(page.text)


def _text_length(job: tuple[RawPage, str]) -> int:
    return len(job[0].text)


def _sync_pages(
    run: _Run,
    theatres: Sequence[Theatre],
    read: Callable[[Selector, dict[str, PageState]], Iterable[ScanItem]],
) -> None:
    """Store what `read` selected, one page a transaction; then mark pages that left."""
    states = run.store.page_states()
    seen: dict[str, set[str]] = {theatre.name: set() for theatre in theatres}
    complete = True
    run.progress.start(DISCOVERY, None)
    run.progress.start(CONVERT, None)
    for item in read(Selector(tuple(theatres)), states):
        if isinstance(item, ReadFailed):
            complete = False
            run.failures.append(Failure(item.where, item.reason, READ_FAILED))
            run.count(failed=1)
        elif isinstance(item, Unchanged):
            seen[item.theatre].add(item.title)
            run.earlier.pop(item.title, None)
            run.count(unchanged=1)
        elif isinstance(item, ConvertFailed):
            seen[item.theatre].add(item.title)
            run.earlier.pop(item.title, None)
            if item.page is not None:
                _failed(run, item.page, run.store.stored_article(item.title), item.reason)
            else:
                run.fail(item.title, item.reason, CONVERT_FAILED)
            run.progress.advance(CONVERT)
        elif isinstance(item, Converted):
            seen[item.theatre].add(item.page.title)
            earlier = run.earlier.pop(item.page.title, ())
            _put(run, item.theatre, item.page, item.article, kind="dump", earlier=earlier)
            run.progress.advance(CONVERT)
    if complete:
        for theatre in theatres:
            _mark_left(run, theatre, states, seen[theatre.name])


def _keep_for_entities(run: _Run, page: RawPage, redirects: dict[str, str]) -> None:
    """A dump's `#REDIRECT` page (article namespace) or Country data template, kept."""
    if page.redirect is not None:
        if page.namespace == 0:
            redirects[page.title] = page.redirect
    elif page.title.startswith(COUNTRY_DATA_PREFIX):
        run.store.put_template(page.title, page.text, page.revision_id)


__all__ = [
    "CONVERT",
    "DISCOVERY",
    "LOOKAHEAD_PER_WORKER",
    "FETCH",
    "IMAGES",
    "STAGES",
    "Converter",
    "Failure",
    "NoProgress",
    "PageScan",
    "ReadFailed",
    "ScanItem",
    "SyncProgress",
    "Stopped",
    "SyncReport",
    "convert",
    "discover",
    "open_client",
    "page_categories",
    "sync",
    "sync_pages",
]
