"""`frontlines build`, `serve` and `territory import`: the published site."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from frontlines.build import build as build_project
from frontlines.cli.app import EXIT_FAILED, EXIT_OK, app, fail, stderr_console
from frontlines.config import Config, find_config, load_config
from frontlines.errors import FrontlinesError
from frontlines.publish.gather import settings_from
from frontlines.publish.preview import snapshot, start_server
from frontlines.publish.site import BuildResult
from frontlines.territory import import_territory

territory_app = typer.Typer(
    name="territory", help="Territorial-control maps for the site.", no_args_is_help=True
)
app.add_typer(territory_app)

ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="frontlines.toml (default: found in . or a parent)."),
]
OutOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Site folder (default: site/ in the project).")
]
NoSearchOption = Annotated[
    bool, typer.Option("--no-search", help="Skip the Pagefind search index and page.")
]
RemoteImagesOption = Annotated[
    bool,
    typer.Option(
        "--remote-images",
        help="Show Wikimedia Commons images with <img> (pages then load them from Commons).",
    ),
]
QuietOption = Annotated[bool, typer.Option("-q", "--quiet", help="Only errors.")]


def _config(path: Path | None) -> Config:
    return load_config(path if path is not None else find_config())


def _report(console: Console, result: BuildResult) -> None:
    for warning in result.warnings:
        console.print(
            f"[yellow]Warning:[/] {warning}", markup=True, highlight=False, soft_wrap=True
        )
    console.print(result.summary(), markup=False, highlight=False, soft_wrap=True)


@app.command()
def build(
    output: OutOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on any warning.")] = False,
    config_path: ConfigOption = None,
    no_search: NoSearchOption = False,
    remote_images: RemoteImagesOption = False,
    quiet: QuietOption = False,
    full: Annotated[
        bool, typer.Option("--full", help="Rebuild every file (default: only what changed).")
    ] = False,
) -> None:
    """Render the site from the store (never from the sources); rewrites only what changed."""
    console = stderr_console(quiet)
    config = _config(config_path)
    settings = settings_from(config, search=not no_search, remote_images=remote_images)
    result = build_project(
        config, output or config.root / "site", settings, strict=strict, full=full
    )
    _report(console, result)
    raise typer.Exit(EXIT_OK)


@app.command()
def serve(
    port: Annotated[int, typer.Option("--port", "-p", help="Port on 127.0.0.1.")] = 8000,
    output: OutOption = None,
    config_path: ConfigOption = None,
    no_search: NoSearchOption = False,
    interval: Annotated[float, typer.Option(help="Seconds between change checks.")] = 1.0,
) -> None:
    """Build, serve on 127.0.0.1, and rebuild when the store, config or content change."""
    console = stderr_console()
    config = _config(config_path)
    settings = settings_from(config, search=not no_search)
    out = (output or config.root / "site").resolve()
    watched = [config.path, config.db_path, Path(f"{config.db_path}-wal"), config.root / "content"]
    _report(console, build_project(config, out, settings))
    try:
        server = start_server(out, port)
    except OSError as error:
        raise fail(console, f"cannot serve on port {port}: {error}", EXIT_FAILED) from error
    console.print(
        f"Serving {out} at http://127.0.0.1:{server.server_port}/ (Ctrl-C stops)",
        soft_wrap=True,
        highlight=False,
    )
    seen = snapshot(watched)
    try:
        while True:
            time.sleep(interval)
            now = snapshot(watched)
            if now == seen:
                continue
            seen = now
            try:
                _report(console, build_project(_config(config_path), out, settings))
            except FrontlinesError as error:
                console.print(f"[bold red]Rebuild failed:[/] {escape(str(error))}")
    except KeyboardInterrupt:
        console.print("Stopped.")
    finally:
        server.shutdown()


@territory_app.command("import")
def territory_import(
    folder: Annotated[Path, typer.Argument(help="Folder of YYYY-MM-DD.json GeoJSON files.")],
    theatre: Annotated[str, typer.Option("--theatre", "-t", help="The theatre they map.")],
    config_path: ConfigOption = None,
    quiet: QuietOption = False,
) -> None:
    """Import dated territorial-control GeoJSON into the store (fill colours → controllers)."""
    console = stderr_console(quiet)
    result = import_territory(_config(config_path), folder, theatre)
    series = result.series
    for colour in result.unknown_colours:
        console.print(
            f"[yellow]Warning:[/] fill colour {colour} has no controller; add it to "
            f'[territory.{theatre}] colors, e.g. "{colour}" = "Name"',
            markup=True,
            highlight=False,
            soft_wrap=True,
        )
    console.print(
        f"Imported {result.stored} territory features for '{theatre}' from {len(series.days)} days "
        f"({series.days[0]} to {series.days[-1]})",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
