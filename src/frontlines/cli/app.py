"""The Typer application and the console helpers every command shares.

stdout carries data only; progress, warnings and errors go to stderr. Exit codes: 0 all good,
1 some work failed (listed), 2 usage errors.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from frontlines.errors import FrontlinesError

app = typer.Typer(
    name="frontlines",
    help="Front Lines: keep a conflict-tracking publication up to date from Wikipedia.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def stderr_console(quiet: bool = False) -> Console:
    """Console for progress and messages (stderr); silent when quiet."""
    return Console(stderr=True, quiet=quiet, highlight=False)


def stdout_console() -> Console:
    return Console(highlight=False, soft_wrap=True)


@contextmanager
def progress_bar(console: Console) -> Iterator[Progress]:
    """A Rich progress bar that only shows on a terminal."""
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal or console.quiet,
    )
    with progress:
        yield progress


def fail(console: Console, error: FrontlinesError | str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print an error (what failed and what to do) and return the Exit to raise."""
    console.print(f"[bold red]Error:[/] {escape(str(error))}", highlight=False)
    return typer.Exit(code)


def is_terminal() -> bool:
    return sys.stderr.isatty()
