"""A batch of pages to files: the library behind `frontlines convert`; it never prints.

    run = convert_batch([Path("pages")], Path("out"), jobs=2, date="2026-01-01")

Every page of some files, dumps or folders goes into OUT/<slug>.md and OUT/<slug>.json, each
page's failure recorded and the batch going on.

One reader, `jobs` workers, one writer. This process reads the inputs in order, gives each page
its slug (so slugs, and the suffixes of colliding ones, never depend on timing), refuses
unreadable inputs, redirects and pages over the size limit where they are read (they never
reach a worker, and a page is never sent twice), and hands the rest to worker processes
(`frontlines.workers`, running `convert.convert_job`). It writes each article when its turn in
input order comes, so the files are the same bytes whatever the number of workers, and failures
are listed in input order too.

Biggest pages first, within a bounded window: the reader stays at most LOOKAHEAD_PER_WORKER ×
`jobs` pages ahead of the writer, and a free worker takes the longest page among those read
and not yet started. Memory stays bounded on a dump of any size (no more than that many pages
and their articles held at once, each page under `[convert] max_page_bytes`); the price is that
a big page is only taken early when it is within the window of the pages before it.

Each file is written under a hidden temporary name beside it and renamed into place, so a file
in OUT is always a whole article, even after Ctrl-C (BatchInterrupted says what was written).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from frontlines.config import ConvertConfig
from frontlines.convert import PageJob, convert_job, slugify
from frontlines.errors import FrontlinesError, UsageError
from frontlines.markdown_entry import publication_date, to_json, to_markdown
from frontlines.model import Article, RawPage
from frontlines.sources.files import InputFailure, iter_inputs
from frontlines.workers import Done, WorkFailed, page_pool, page_too_large

__all__ = ["LOOKAHEAD_PER_WORKER", "BatchInterrupted", "ConvertRun", "convert_batch"]

LOOKAHEAD_PER_WORKER = 8  # pages read ahead of the writer, per worker


@dataclass
class ConvertRun:
    """What one batch did: written slugs, failures and skips (title, reason), warnings."""

    out: Path
    written: dict[str, str] = field(default_factory=dict)  # slug → title
    converted: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (title, one-line message)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # redirects given as input
    warnings: list[str] = field(default_factory=list)
    dated_now: int = 0  # articles without a revision time, dated `now`
    now: str = ""  # the time of conversion (ISO 8601 UTC), pubDate of those articles
    jobs: int = 1  # worker processes it ran on

    def claim_slug(self, title: str) -> str:
        """A slug no other article of this run has; a collision gets a suffix and a warning."""
        base = slugify(title)
        slug, n = base, 2
        while slug in self.written:
            slug, n = f"{base}-{n}", n + 1
        if slug != base:
            self.warnings.append(
                f"'{title}' and '{self.written[base]}' share the slug '{base}'; "
                f"wrote '{title}' as '{slug}'"
            )
        self.written[slug] = title
        return slug

    def path_for(self, slug: str, suffix: str) -> Path:
        path = (self.out / f"{slug}{suffix}").resolve()
        if path.parent != self.out.resolve():  # slugify never allows this; belt and braces
            raise FrontlinesError(f"refusing to write outside {self.out}: {path}")
        return path


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped the batch: `run` says what was written (every file in OUT is whole)."""

    def __init__(self, run: ConvertRun) -> None:
        super().__init__("the batch was interrupted")
        self.run = run


class _Refused(WorkFailed):
    """A page refused where it was read (unreadable, too large) or skipped (a redirect)."""

    def __init__(self, message: str, *, skipped: bool = False) -> None:
        super().__init__(message)
        self.skipped = skipped


def _jobs(
    run: ConvertRun, items: Iterable[RawPage | InputFailure], links: bool, max_bytes: int
) -> Iterator[PageJob | Done[PageJob, Article]]:
    """The pages to convert, each with its slug; unreadable, redirect and too large ones done."""
    for item in items:
        if isinstance(item, InputFailure):  # the reason names the file, once
            yield Done(
                PageJob(RawPage(title=item.title, text=""), "", links), _Refused(item.reason)
            )
            continue
        if item.redirect is not None:
            reason = f"'{item.title}' is a redirect to '{item.redirect}'"
            yield Done(PageJob(item, "", links), _Refused(reason, skipped=True))
            continue
        refused = page_too_large(item, max_bytes)
        if refused:
            empty = RawPage(title=item.title, text="")  # the text is not kept for a refusal
            yield Done(PageJob(empty, "", links), _Refused(f"'{item.title}' {refused}"))
            continue
        yield PageJob(item, run.claim_slug(item.title), links)


def _page_length(job: PageJob) -> int:
    return len(job.page.text)


def _write_file(path: Path, text: str) -> None:
    """Write `text` to `path` whole or not at all (a hidden temporary file, then a rename)."""
    temporary = path.with_name(f".{path.name}.partial")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _write_one(run: ConvertRun, article: Article, *, date: str | None) -> None:
    if any(issue.kind == "empty_page" for issue in article.issues):
        run.warnings.append(
            f"'{article.title}' has no text: wrote an empty article (issue empty_page)"
        )
    markdown = to_markdown(article, pub_date=publication_date(article, date or run.now))
    _write_file(run.path_for(article.slug, ".md"), markdown)
    _write_file(run.path_for(article.slug, ".json"), to_json(article))
    run.converted += 1
    if not (article.source.timestamp or date):
        run.dated_now += 1


def convert_batch(
    paths: Sequence[Path],
    out: Path,
    *,
    title: str | None = None,
    links: bool = False,
    date: str | None = None,
    settings: ConvertConfig | None = None,
    jobs: int | None = None,
    on_page: Callable[[str], None] | None = None,
) -> ConvertRun:
    """Convert every page of `paths` into OUT/<slug>.md and .json; one bad page never stops it.

    Pages are converted in `jobs` supervised worker processes (default: `[convert] workers`,
    else one per core) within the `[convert]` limits of `settings` (size, time per page): a page
    over them fails, the batch goes on. A page without a revision time gets `date` as its
    pubDate, else the time of conversion: the entry's first publication, the rule `sync`
    follows for a page's first import (`--date` or SOURCE_DATE_EPOCH give reproducible output).
    A redirect given as input is skipped, not failed. `on_page` is called with each title
    written or failed, in input order. Raises only what stops the whole batch (a path that does
    not exist, an output folder that cannot be made) and BatchInterrupted on Ctrl-C.
    """
    settings = settings or ConvertConfig()
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FrontlinesError(f"cannot create {out}: {error.strerror or error}") from error
    run = ConvertRun(out=out, now=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    pages = _jobs(run, iter_inputs(paths, title=title), links, settings.max_page_bytes)
    try:
        with page_pool(convert_job, settings, jobs=jobs) as pool:
            run.jobs = pool.size
            outcomes = pool.map(
                pages, cost=_page_length, lookahead=LOOKAHEAD_PER_WORKER * pool.size
            )
            for job, outcome in outcomes:
                _record(run, job, outcome, date=date, on_page=on_page)
    except KeyboardInterrupt as interrupt:
        raise BatchInterrupted(run) from interrupt
    return run


def _record(
    run: ConvertRun,
    job: PageJob,
    outcome: Article | WorkFailed,
    *,
    date: str | None,
    on_page: Callable[[str], None] | None,
) -> None:
    """The writer: one page's outcome, written or listed."""
    title = job.page.title
    if isinstance(outcome, _Refused):
        (run.skipped if outcome.skipped else run.failures).append((title, str(outcome)))
        return
    if on_page is not None:
        on_page(title)
    try:
        if isinstance(outcome, WorkFailed):
            raise outcome
        _write_one(run, outcome, date=date)
    except FrontlinesError as error:
        run.failures.append((title, _naming(title, error)))


def _naming(title: str, error: FrontlinesError) -> str:
    """The message, starting with the article's title unless it names it already."""
    message = str(error)
    if title in message:
        return message
    if isinstance(error, WorkFailed) and message[:1].islower():  # "took longer than 30 s"
        return f"'{title}' {message}"
    return f"'{title}': {message}"
