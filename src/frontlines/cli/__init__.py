"""The command line: the only place that prints, prompts or exits.

Each command group lives in its own module and registers itself on `app`. A command calls one
library function (convert.convert_batch, pipeline.sync, collection.*, build.build,
territory.import_territory, ...) and turns its result into lines; errors are turned into a
message and an exit code once, in app.py. cli/ may import anything of ours; nothing else may
import cli, typer or rich (checked by `make layers`).
"""

from __future__ import annotations

from frontlines.cli import (  # noqa: F401  (register commands)
    changes,
    collection,
    convert,
    data,
    follow,
    scan,
    site,
    sync,
)
from frontlines.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
