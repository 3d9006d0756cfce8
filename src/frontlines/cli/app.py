"""The Typer application and the console helpers every command shares.

stdout carries data only; progress, warnings and errors go to stderr, one line each (never
hard-wrapped, on a terminal or piped). Exit codes: 0 all good, 1 some work failed (listed),
2 usage errors (fix the command, the setup or the project), 130 interrupted. Every library
error (`FrontlinesError`) is caught once, here, at the top (`_Commands.invoke`): it prints
`Error: MESSAGE` and exits with the error's own `exit_code` (see errors.py), whichever command
raised it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

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
from typer.core import TyperGroup

from frontlines.errors import EXIT_FAILED, EXIT_USAGE, FrontlinesError


class _Commands(TyperGroup):
    """The root command group: turns any FrontlinesError into its message and exit code."""

    def invoke(self, ctx: Any) -> Any:  # a click Context (typer vendors click privately)
        try:
            return super().invoke(ctx)
        except FrontlinesError as error:
            raise fail(stderr_console(), error, error.exit_code) from error


app = typer.Typer(
    cls=_Commands,
    name="frontlines",
    help="Front Lines: keep a conflict-tracking publication up to date from Wikipedia.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_OK = 0
EXIT_INTERRUPTED = 130
__all__ = [
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "JobsOption",
    "app",
    "fail",
]

JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Worker processes (default: \\[convert] workers, else one per core); "
        "the output is the same for any number.",
    ),
]
"""`--jobs N` of convert, sync and doctor (frontlines.workers)."""


def stderr_console(quiet: bool = False) -> Console:
    """Console for progress and messages (stderr); silent when quiet."""
    return Console(stderr=True, quiet=quiet, highlight=False, soft_wrap=True)


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
