"""`frontlines convert PATH... -o OUT`: wikitext files, dumps or folders → Markdown + JSON."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from frontlines.cli.app import (
    EXIT_FAILED,
    EXIT_OK,
    app,
    fail,
    progress_bar,
    stderr_console,
)
from frontlines.config import ConvertConfig, find_config, load_config
from frontlines.convert import convert_page, slugify
from frontlines.entry import date_from_environment, publication_date, to_json, to_markdown
from frontlines.errors import ConfigError, FrontlinesError
from frontlines.model import Article, RawPage
from frontlines.sources.files import InputFailure, iter_inputs
from frontlines.workers import WorkFailed, page_pool, page_too_large


@dataclass
class ConvertRun:
    """What one `convert` run did: written slugs, failures (title, reason), warnings."""

    out: Path
    written: dict[str, str] = field(default_factory=dict)  # slug → title
    converted: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

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


@dataclass(frozen=True, slots=True)
class _Job:
    page: RawPage
    slug: str
    links: bool


def _convert_job(job: _Job) -> Article:
    """What a worker process does with one page (frontlines.workers)."""
    kind = "dump" if job.page.revision_id is not None else "wikitext"
    return convert_page(job.page, links=job.links, slug=job.slug, kind=kind)


def _jobs(
    run: ConvertRun, items: Iterable[RawPage | InputFailure], links: bool, max_bytes: int
) -> Iterator[_Job]:
    """The pages to convert, each with its slug; unreadable and too large ones fail here."""
    for item in items:
        if isinstance(item, InputFailure):
            run.failures.append((item.title, f"{item.origin}: {item.reason}"))
            continue
        refused = page_too_large(item, max_bytes)
        if refused:
            run.failures.append((item.title, f"'{item.title}' {refused}"))
            continue
        yield _Job(item, run.claim_slug(item.title), links)


def _write_one(run: ConvertRun, article: Article, *, date: str | None) -> None:
    slug = article.slug
    if any(issue.kind == "empty_page" for issue in article.issues):
        run.warnings.append(
            f"'{article.title}' has no text: wrote an empty article (issue empty_page)"
        )
    markdown = to_markdown(article, pub_date=publication_date(article, date))
    run.path_for(slug, ".md").write_text(markdown, encoding="utf-8")
    run.path_for(slug, ".json").write_text(to_json(article), encoding="utf-8")
    run.converted += 1


@app.command()
def convert(
    paths: Annotated[
        list[Path], typer.Argument(help="Wikitext files, XML dumps (.xml or .bz2) or folders.")
    ],
    out: Annotated[Path, typer.Option("-o", "--out", help="Folder for the .md and .json files.")],
    title: Annotated[
        str | None, typer.Option(help="Title for a single wikitext file (default: file name).")
    ] = None,
    links: Annotated[
        bool, typer.Option("--links/--no-links", help="Wiki links as Markdown links to the wiki.")
    ] = False,
    date: Annotated[
        str | None,
        typer.Option(help="pubDate when the source has no revision time (else SOURCE_DATE_EPOCH)."),
    ] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Only errors.")] = False,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config", "-c", help="frontlines.toml for [convert] limits (default: found or none)."
        ),
    ] = None,
) -> None:
    """Convert articles into Front Lines entries: OUT/<slug>.md and OUT/<slug>.json."""
    console = stderr_console(quiet)
    started = time.perf_counter()
    try:
        settings = _settings(config)
        fallback_date = date or date_from_environment()
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise fail(console, f"no such file or folder: {', '.join(missing)}")
        out.mkdir(parents=True, exist_ok=True)
    except FrontlinesError as error:
        raise fail(console, error) from error
    run = ConvertRun(out=out)
    with progress_bar(console) as progress:
        task = progress.add_task("Converting", total=None)
        jobs = _jobs(run, iter_inputs(paths, title=title), links, settings.max_page_bytes)
        try:
            with page_pool(_convert_job, settings) as pool:
                for job, outcome in pool.map(jobs):
                    progress.update(task, description=f"Converting {job.page.title[:40]}")
                    try:
                        if isinstance(outcome, WorkFailed):
                            raise outcome
                        _write_one(run, outcome, date=fallback_date)
                    except FrontlinesError as error:
                        run.failures.append((job.page.title, _reason(job.page.title, error)))
                    progress.advance(task)
        except FrontlinesError as error:
            raise fail(console, error) from error
    _report(console, run, time.perf_counter() - started)
    raise typer.Exit(EXIT_FAILED if run.failures else EXIT_OK)


def _settings(path: Path | None) -> ConvertConfig:
    """`[convert]` of the given or found frontlines.toml; the defaults when there is none."""
    if path is None:
        try:
            path = find_config()
        except ConfigError:
            return ConvertConfig()
    return load_config(path).convert


def _reason(title: str, error: FrontlinesError) -> str:
    message = str(error)
    if title in message or not isinstance(error, WorkFailed):
        return message
    return f"'{title}' {message}" if message[:1].islower() else f"'{title}': {message}"


def _report(console: Console, run: ConvertRun, seconds: float) -> None:
    for message in run.warnings:
        console.print(f"[yellow]Warning:[/] {escape(message)}")
    for title, reason in run.failures:
        console.print(f"[red]Failed:[/] {escape(title)}: {escape(reason)}", soft_wrap=True)
    console.print(
        f"Converted {run.converted} articles ({len(run.failures)} failed) "
        f"into {run.out} in {seconds:.1f} s",
        soft_wrap=True,
        markup=False,
    )
