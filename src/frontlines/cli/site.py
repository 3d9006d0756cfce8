"""`frontlines build`, `serve` and `territory import`: the published site."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from frontlines.cli.app import EXIT_FAILED, EXIT_OK, EXIT_USAGE, app, fail, stderr_console
from frontlines.config import Config, find_config, load_config
from frontlines.errors import ConfigError, FrontlinesError, PublishError, SourceError
from frontlines.publish.data import SiteSettings
from frontlines.publish.gather import features_to_stored, gather, settings_from
from frontlines.publish.incremental import update_site
from frontlines.publish.preview import snapshot, start_server
from frontlines.publish.site import BuildResult
from frontlines.publish.territory import read_series
from frontlines.store import Store

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


def _open_store(config: Config) -> Store:
    if not config.db_path.exists():
        raise PublishError(
            f"there is no store at {config.db_path}; run `frontlines sync` first to fill it"
        )
    return Store(config.db_path)


def _build(
    config: Config, out: Path, settings: SiteSettings, strict: bool, full: bool = False
) -> BuildResult:
    with _open_store(config) as store:
        site = gather(store, config, settings=settings)
    return update_site(site, out, strict=strict, full=full)


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
    try:
        config = _config(config_path)
        settings = settings_from(config, search=not no_search, remote_images=remote_images)
        result = _build(config, output or config.root / "site", settings, strict, full)
    except ConfigError as error:
        raise fail(console, error, EXIT_USAGE) from error
    except FrontlinesError as error:
        raise fail(console, error, EXIT_FAILED) from error
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
    try:
        config = _config(config_path)
        settings = settings_from(config, search=not no_search)
        out = (output or config.root / "site").resolve()
        watched = [
            config.path,
            config.db_path,
            Path(f"{config.db_path}-wal"),
            config.root / "content",
        ]
        _report(console, _build(config, out, settings, strict=False))
        server = start_server(out, port)
    except ConfigError as error:
        raise fail(console, error, EXIT_USAGE) from error
    except (FrontlinesError, OSError) as error:
        raise fail(console, str(error), EXIT_FAILED) from error
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
                _report(console, _build(_config(config_path), out, settings, strict=False))
            except FrontlinesError as error:
                console.print(f"[bold red]Rebuild failed:[/] {error}", markup=True)
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
    try:
        config = _config(config_path)
        config.theatre(theatre)
        colours = config.territory.get(theatre)
        series, unknown = read_series(folder, theatre, colours.colors if colours else {})
        with Store(config.db_path) as store:
            count = store.put_territory(theatre, features_to_stored(series))
    except ConfigError as error:
        raise fail(console, error, EXIT_USAGE) from error
    except (SourceError, FrontlinesError) as error:
        raise fail(console, error, EXIT_FAILED) from error
    for colour in unknown:
        console.print(
            f"[yellow]Warning:[/] fill colour {colour} has no controller; add it to "
            f'[territory.{theatre}] colors, e.g. "{colour}" = "Name"',
            markup=True,
            highlight=False,
            soft_wrap=True,
        )
    console.print(
        f"Imported {count} territory features for '{theatre}' from {len(series.days)} days "
        f"({series.days[0]} to {series.days[-1]})",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
