"""`frontlines convert PATH... -o OUT`: wikitext files, dumps or folders → Markdown + JSON."""

from __future__ import annotations

import time
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
from frontlines.convert import convert_page, slugify
from frontlines.errors import FrontlinesError
from frontlines.markdown_entry import date_from_environment, publication_date, to_json, to_markdown
from frontlines.model import RawPage
from frontlines.sources.files import InputFailure, iter_inputs


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


def _convert_one(run: ConvertRun, page: RawPage, *, links: bool, date: str | None) -> None:
    slug = run.claim_slug(page.title)
    kind = "dump" if page.revision_id is not None else "wikitext"
    article = convert_page(page, links=links, slug=slug, kind=kind)
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
) -> None:
    """Convert articles into Front Lines entries: OUT/<slug>.md and OUT/<slug>.json."""
    console = stderr_console(quiet)
    started = time.perf_counter()
    try:
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
        try:
            for item in iter_inputs(paths, title=title):
                if isinstance(item, InputFailure):
                    run.failures.append((item.title, f"{item.origin}: {item.reason}"))
                    continue
                progress.update(task, description=f"Converting {item.title[:40]}")
                try:
                    _convert_one(run, item, links=links, date=fallback_date)
                except FrontlinesError as error:
                    run.failures.append((item.title, str(error)))
                progress.advance(task)
        except FrontlinesError as error:
            raise fail(console, error) from error
    _report(console, run, time.perf_counter() - started)
    raise typer.Exit(EXIT_FAILED if run.failures else EXIT_OK)


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
