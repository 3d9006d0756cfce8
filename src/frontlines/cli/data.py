"""`frontlines api` (the read-only data API) and `frontlines export` (the store as files)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from frontlines.cli.app import EXIT_FAILED, EXIT_OK, EXIT_USAGE, app, fail, stderr_console
from frontlines.config import Config, find_config, load_config
from frontlines.errors import ConfigError, FrontlinesError, StoreError
from frontlines.export import FORMATS, ExportError, export
from frontlines.store import Store

ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="frontlines.toml (default: found in . or a parent)."),
]


def _config(path: Path | None) -> Config:
    return load_config(path if path is not None else find_config())


@app.command()
def api(
    port: Annotated[int, typer.Option("--port", "-p", help="Port to listen on.")] = 8001,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    immutable: Annotated[
        bool, typer.Option("--immutable", help="The store will not change (a snapshot).")
    ] = False,
    config_path: ConfigOption = None,
) -> None:
    """Serve the store read-only as a SQL/JSON API (Datasette); see docs/api.md."""
    # Datasette takes half a second to import: only this command loads it, not every command.
    from frontlines.dataapi import DATABASE, make_datasette, serve

    console = stderr_console()
    try:
        config = _config(config_path)
        datasette = make_datasette(config.db_path, immutable=immutable)
    except ConfigError as error:
        raise fail(console, error, EXIT_USAGE) from error
    except FrontlinesError as error:
        raise fail(console, error, EXIT_FAILED) from error
    console.print(
        f"Serving {config.db_path} read-only at http://{host}:{port}/{DATABASE} (Ctrl-C stops)",
        soft_wrap=True,
        highlight=False,
    )
    serve(datasette, host=host, port=port)
    raise typer.Exit(EXIT_OK)


@app.command("export")
def export_command(
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write into.")],
    theatre: Annotated[
        str | None, typer.Option("--theatre", "-t", help="Only this theatre.")
    ] = None,
    config_path: ConfigOption = None,
) -> None:
    """Write the store as files other tools read; see docs/export.md."""
    console = stderr_console()
    try:
        config = _config(config_path)
        if not config.db_path.exists():
            raise StoreError(f"there is no store at {config.db_path}; run `frontlines sync` first")
        with Store(config.db_path) as store:
            result = export(store, fmt, output, theatre=theatre)
    except (ConfigError, ExportError) as error:
        raise fail(console, error, EXIT_USAGE) from error
    except (FrontlinesError, OSError) as error:
        raise fail(console, str(error), EXIT_FAILED) from error
    console.print(result.summary(), markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_OK)
