"""`frontlines convert PATH... -o OUT`: wikitext files, dumps or folders → Markdown + JSON."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from frontlines.batch import BatchInterrupted, ConvertRun, convert_batch
from frontlines.cli.app import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    JobsOption,
    app,
    progress_bar,
    stderr_console,
)
from frontlines.config import ConvertConfig, find_config, load_config
from frontlines.errors import ConfigError
from frontlines.markdown_entry import date_from_environment


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
        typer.Option(
            help="pubDate when the source has no revision time (else SOURCE_DATE_EPOCH, "
            "else the time of conversion)."
        ),
    ] = None,
    jobs: JobsOption = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Only errors.")] = False,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            help="frontlines.toml for \\[convert] limits (default: found or none).",
        ),
    ] = None,
) -> None:
    """Convert articles into Front Lines entries: OUT/<slug>.md and OUT/<slug>.json."""
    console = stderr_console(quiet)
    started = time.perf_counter()
    fallback_date = date or date_from_environment()
    with progress_bar(console) as progress:
        task = progress.add_task("Converting", total=None)

        def on_page(page_title: str) -> None:
            progress.update(task, description=f"Converting {page_title[:40]}", advance=1)

        try:
            run = convert_batch(
                paths,
                out,
                title=title,
                links=links,
                date=fallback_date,
                settings=_settings(config),
                jobs=jobs,
                on_page=on_page,
            )
        except BatchInterrupted as interrupted:
            progress.stop()
            console.print(
                f"Interrupted after {time.perf_counter() - started:.1f} s: "
                f"{interrupted.run.converted} articles were written into {out} (each file "
                "whole); run the command again to convert them all",
                markup=False,
            )
            raise typer.Exit(EXIT_INTERRUPTED) from None
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


def _report(console: Console, run: ConvertRun, seconds: float) -> None:
    for message in run.warnings:
        console.print(f"[yellow]Warning:[/] {escape(message)}")
    for _, message in run.skipped:
        console.print(f"[yellow]Skipped:[/] {escape(message)}; convert its target")
    for _, message in run.failures:
        console.print(f"[red]Failed:[/] {escape(message)}")
    skipped = f", {len(run.skipped)} skipped" if run.skipped else ""
    dated = (
        f"; pubDate {run.now} (the time of conversion) for {run.dated_now} without a revision "
        "time (--date or SOURCE_DATE_EPOCH fixes it)"
        if run.dated_now
        else ""
    )
    console.print(
        f"Converted {run.converted} articles ({len(run.failures)} failed{skipped}) "
        f"into {run.out} in {seconds:.1f} s{dated}",
        markup=False,
    )
