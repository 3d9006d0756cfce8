"""`sync`: sources → convert → store, incrementally, for the theatres of a project.

    sync(config, store, client=MediaWikiClient(...))   API mode
    sync(config, store, dump=Path("x.xml.bz2"))         dump mode

API mode, per theatre: discover titles (category members to the theatre's depth, plus `titles`,
minus `exclude`), ask the wiki for their current revision ids (no content: about one request
per 50 pages), fetch and convert only pages whose revision differs from the stored one, mark
pages that left the theatre (or were deleted) as removed, and ask Commons/imageinfo about the
images of changed articles that the store has never asked about.

Dump mode streams the dump and keeps pages whose wikitext puts them in one of a theatre's
categories (directly: a dump cannot tell subcategories apart, so `depth` does not apply) or
whose title a theatre lists. The same revision-id comparison decides what is converted.

Each page is stored in one transaction, so an interrupted sync keeps every page it finished; the
run is recorded in `sync_runs` ('interrupted' on Ctrl-C, and on the next sync after a kill), and
the next sync carries on where it stopped: stored pages are unchanged and are not fetched again.
A page is claimed by the first theatre (in config order) that finds it. Nothing here prints:
progress goes to the callbacks.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

import httpx
import mwparserfromhell

from frontlines.config import Config, SourceConfig, Theatre, normalise_category
from frontlines.convert import convert_page
from frontlines.entity_index import entity_titles, refresh_entities, wanted_templates
from frontlines.errors import SourceError, StoreError
from frontlines.extract.entities import COUNTRY_DATA_PREFIX
from frontlines.model import Article, RawPage
from frontlines.sources.api import FetchResult, MediaWikiClient, RevisionsResult
from frontlines.sources.dump import iter_dump
from frontlines.sources.images import ImageInfo
from frontlines.store import NEW, ImageRecord, PageState, RunCounts, Store
from frontlines.text.namespaces import category_of, may_have_category_links

DISCOVERY = "discovery"
FETCH = "fetch"
CONVERT = "convert"
IMAGES = "images"
STAGES = (DISCOVERY, FETCH, CONVERT, IMAGES)

FETCH_FAILED = "fetch_failed"
CONVERT_FAILED = "convert_failed"
STORE_FAILED = "store_failed"
MISSING_PAGE = "missing_page"
REPLACEABLE_KINDS = frozenset({"api", "dump"})  # pages a sync may mark removed
IMAGE_BATCH = 50
TEMPLATE_NAMESPACE = 10


Converter = Callable[[RawPage, str], Article]
"""Turns a page into an Article; the second argument is the source kind ("api", "dump")."""


def convert(page: RawPage, kind: str) -> Article:
    """The converter (frontlines.convert) for a page from a source of `kind`."""
    return convert_page(page, kind=kind)


class SyncProgress(Protocol):
    """What a sync reports while it works (the CLI draws bars from it)."""

    def start(self, stage: str, total: int | None) -> None: ...

    def advance(self, stage: str, amount: int = 1) -> None: ...


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

    def summary(self) -> str:
        """The one-line summary the CLI prints last."""
        c = self.counts
        return (
            f"Synced {c.total} pages ({c.new} new, {c.updated} updated, {c.unchanged} unchanged, "
            f"{c.removed} removed, {c.failed} failed) in {self.seconds:.1f} s"
        )


@dataclass
class _Run:
    """The mutable state of one run (counters, failures); never shared between runs."""

    store: Store
    run_id: int
    progress: SyncProgress
    client: MediaWikiClient | None
    batch_size: int = 50
    converter: Converter = convert
    counts: RunCounts = RunCounts()
    failures: list[Failure] = field(default_factory=list)
    claimed: set[str] = field(default_factory=set)
    stored: list[str] = field(default_factory=list)  # titles stored by this run

    def count(self, **increments: int) -> None:
        values = {name: getattr(self.counts, name) + n for name, n in increments.items()}
        self.counts = replace(self.counts, **values)

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
    progress: SyncProgress | None = None,
    converter: Converter = convert,
    timer: Callable[[], float] = time.monotonic,
) -> SyncReport:
    """Bring the store up to date with the wiki (`client`) or a dump (`dump`).

    Raises what stops the whole run (a ConfigError for an unknown theatre, an InputFormatError
    for a dump that is not one, a StoreError); single pages that fail are in the report.
    """
    if (client is None) == (dump is None):
        raise ValueError("sync needs exactly one of client= or dump=")
    theatres = (config.theatre(theatre),) if theatre else config.theatres
    started = timer()
    source = f"dump:{dump}" if dump is not None else f"api:{client.api_url if client else ''}"
    run = _Run(
        store,
        store.begin_run(source, theatre),
        progress or NoProgress(),
        client,
        batch_size=config.source.batch_size,
        converter=converter,
    )
    requests_before = client.requests if client else 0
    status, message = "failed", None
    try:
        if dump is not None:
            _sync_dump(run, theatres, dump)
        else:
            for selected in theatres:
                _sync_theatre(run, selected)
            _learn_entities(run)
        refresh_entities(store)
        status = "finished"
    except KeyboardInterrupt:
        status, message = "interrupted", "interrupted (Ctrl-C)"
        raise
    except BaseException as error:
        message = f"{type(error).__name__}: {error}"
        raise
    finally:
        run.count(requests=(client.requests - requests_before) if client else 0)
        store.finish_run(run.run_id, run.counts, status=status, message=message)
    return SyncReport(run.run_id, run.counts, tuple(run.failures), timer() - started, status)


# ---------------------------------------------------------------- API mode


def open_client(
    source: SourceConfig,
    *,
    api: str | None = None,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
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
    _report_unanswered(run, titles, current, states)
    files = _fetch_and_store(run, theatre, sorted(stale))
    _mark_left(run, theatre, states, set(wanted))
    _fetch_image_info(run, files)


def _learn_entities(run: _Run) -> None:
    """Fetch the Country data templates the flags of the pages stored by this run use, and
    the redirects of their link targets (an unchanged sync asks nothing); a failure leaves
    entities as the links name them."""
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
    except SourceError:
        return


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


def _needs_fetch(state: PageState | None, revision_id: int, theatre: Theatre) -> bool:
    return (
        state is None
        or state.revision_id != revision_id
        or state.status != "active"
        or state.theatre != theatre.name
    )


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
    files: list[str] = []
    got = {page.title: page for page in result.pages}
    for title in batch:
        page = got.get(result.resolve(title))
        if page is None:
            if result.resolve(title) in result.missing:  # deleted since its revision was asked
                run.count(removed=run.store.mark_removed([title]))
            else:
                reason = result.failed.get(title) or "the wiki sent no content for it"
                run.fail(title, reason, FETCH_FAILED)
        else:
            article = _store_page(run, theatre, page, kind="api")
            if article is not None:
                files.extend(image.file for image in article.images)
                if article.lead_image is not None:
                    files.append(article.lead_image.file)
        run.progress.advance(CONVERT)
    return files


def _store_page(run: _Run, theatre: Theatre, page: RawPage, *, kind: str) -> Article | None:
    """Convert and store one page; a failure is recorded, not raised."""
    try:
        article = run.converter(page, kind)
    except RecursionError:
        run.fail(page.title, "markup nested too deeply to convert", CONVERT_FAILED)
        return None
    except Exception as error:  # one page's bug must not stop the sync: it is recorded
        run.fail(page.title, f"{type(error).__name__}: {error}", CONVERT_FAILED)
        return None
    try:
        outcome = run.store.put_page(
            page, article, theatre=theatre.name, kind=kind, run_id=run.run_id
        )
    except StoreError as error:
        run.fail(page.title, str(error), STORE_FAILED)
        return None
    run.count(**{"new" if outcome == NEW else "updated": 1})
    run.stored.append(page.title)
    return article


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
    """Ask the wiki about images the store has never asked about, 50 at a time."""
    if run.client is None:
        return
    todo = run.store.images_without_info(files)
    run.progress.start(IMAGES, len(todo))
    for start in range(0, len(todo), IMAGE_BATCH):
        batch = todo[start : start + IMAGE_BATCH]
        try:
            found = run.client.image_info(batch)
        except SourceError:
            run.progress.advance(IMAGES, len(batch))
            continue  # left 'pending': asked again next time
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


# ---------------------------------------------------------------- dump mode


def _sync_dump(run: _Run, theatres: Sequence[Theatre], dump: Path) -> None:
    by_category: dict[str, Theatre] = {}
    by_title: dict[str, Theatre] = {}
    for theatre in theatres:
        for category in theatre.categories:
            by_category.setdefault(category, theatre)
        for title in theatre.titles:
            by_title.setdefault(title, theatre)
    states = run.store.page_states()
    seen: dict[str, set[str]] = {theatre.name: set() for theatre in theatres}
    run.progress.start(DISCOVERY, None)
    run.progress.start(CONVERT, None)
    redirects: dict[str, str] = {}
    for page in iter_dump(dump, namespaces=frozenset({0, TEMPLATE_NAMESPACE}), redirects=True):
        run.progress.advance(DISCOVERY)
        if page.redirect is not None or page.namespace == TEMPLATE_NAMESPACE:
            _keep_for_entities(run, page, redirects)
            continue
        owner = by_title.get(page.title) or _theatre_by_category(page.text, by_category)
        if owner is None or page.title in owner.exclude:
            continue
        seen[owner.name].add(page.title)
        if _needs_fetch(states.get(page.title), page.revision_id or -1, owner):
            _store_page(run, owner, page, kind="dump")
            run.progress.advance(CONVERT)
        else:
            run.count(unchanged=1)
    run.store.put_redirects(redirects)
    for theatre in theatres:
        _mark_left(run, theatre, states, seen[theatre.name])


def _keep_for_entities(run: _Run, page: RawPage, redirects: dict[str, str]) -> None:
    """A dump's `#REDIRECT` page (article namespace) or Country data template, kept."""
    if page.redirect is not None:
        if page.namespace == 0:
            redirects[page.title] = page.redirect
    elif page.title.startswith(COUNTRY_DATA_PREFIX):
        run.store.put_template(page.title, page.text, page.revision_id)


def page_categories(text: str) -> list[str]:
    """The categories a page's wikitext puts it in, normalised.

    Every category namespace name the converter knows counts (`[[Category:X]]`,
    `[[Kategorie:X]]`, `[[Catégorie:X]]`...: one table, `text.namespaces`).
    """
    if not may_have_category_links(text):
        return []
    found: list[str] = []
    for link in mwparserfromhell.parse(text).ifilter_wikilinks(recursive=True):
        name = category_of(str(link.title))
        if name is not None:
            found.append(normalise_category(name))
    return found


def _theatre_by_category(text: str, by_category: dict[str, Theatre]) -> Theatre | None:
    for category in page_categories(text):
        if category in by_category:
            return by_category[category]
    return None


__all__ = [
    "CONVERT",
    "DISCOVERY",
    "FETCH",
    "IMAGES",
    "STAGES",
    "Failure",
    "NoProgress",
    "SyncProgress",
    "SyncReport",
    "convert",
    "discover",
    "open_client",
    "page_categories",
    "sync",
]
