"""`frontlines follow`: keep the store (and optionally the site) in step with the wiki's edits.

Logs go to stderr, one line per batch (with the time, for a service's journal). SIGTERM and
Ctrl-C stop it after the page being stored; the position of the last finished batch is kept.
"""

from __future__ import annotations

import signal
import threading
from contextlib import closing
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from rich.console import Console

from frontlines.build import SiteBuilds
from frontlines.cli.app import EXIT_FAILED, EXIT_OK, app, stderr_console
from frontlines.cli.sync import ConfigOption, QuietOption, _load
from frontlines.follow import BatchReport, Follower, rounds
from frontlines.pipeline import Stopped, open_client
from frontlines.publish.gather import settings_from
from frontlines.sources.stream import EventStream
from frontlines.store import Store, utc_now

MIN_REQUEST_INTERVAL = 0.2  # at most five API requests a second


def _log(console: Console, message: str) -> None:
    console.print(f"{utc_now()} {message}", markup=False, highlight=False, soft_wrap=True)


@app.command()
def follow(
    theatre: Annotated[
        str | None, typer.Option("--theatre", "-t", help="Only this theatre (its name).")
    ] = None,
    interval: Annotated[
        float, typer.Option("--interval", min=1.0, help="Seconds between two rounds.")
    ] = 60.0,
    once: Annotated[bool, typer.Option("--once", help="One round, then exit (for cron).")] = False,
    build: Annotated[
        Path | None,
        typer.Option("--build", help="Rebuild this site folder after each batch that changed."),
    ] = None,
    no_search: Annotated[
        bool, typer.Option("--no-search", help="With --build: no Pagefind index.")
    ] = False,
    api: Annotated[
        str | None, typer.Option("--api", help="MediaWiki api.php URL (overrides [source] api).")
    ] = None,
    config: ConfigOption = None,
    quiet: QuietOption = False,
) -> None:
    """Apply the wiki's edits to the store as they happen (recent changes or EventStreams)."""
    console = stderr_console(quiet)
    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    failure: str | None = None
    project = _load(config)
    settings = settings_from(project, search=not no_search)
    with (
        Store(project.db_path) as store,
        open_client(project.source, api=api, min_interval=MIN_REQUEST_INTERVAL) as client,
    ):
        follower = Follower(project, store, client, theatre=theatre, stop=stopping.is_set)
        position = follower.position()
        where = f"{follower.wiki}" + (f" ({theatre})" if theatre else "")
        _log(console, f"Following {where} from {position.timestamp} #{position.rcid}")
        builds = None if build is None else SiteBuilds(project, build, settings)
        if builds is not None:
            _log(console, builds.build(store).summary())
            builds.tidy()

        def on_batch(report: BatchReport) -> None:
            _log(console, report.summary())
            if builds is not None and report.changed:
                _log(console, builds.build(store).summary())
                builds.tidy()  # while the follower waits for the next round

        def on_fault(message: str, pause: float) -> None:
            _log(console, f"Round failed: {message}; next try in {pause:.0f} s")

        try:
            if project.source.stream:
                stream = EventStream(
                    project.source.stream,
                    user_agent=project.source.require_user_agent(),
                    stop=stopping.is_set,
                )
                with closing(stream):
                    follower.follow_stream(stream, interval=interval, on_batch=on_batch, once=once)
            else:
                failure = rounds(
                    follower,
                    interval=interval,
                    wait=stopping.wait,
                    on_batch=on_batch,
                    on_fault=on_fault,
                    once=once,
                )
        except Stopped:
            pass
    if stopping.is_set():
        _log(console, "Stopped; the next start resumes from the stored position")
    raise typer.Exit(EXIT_FAILED if failure else EXIT_OK)
