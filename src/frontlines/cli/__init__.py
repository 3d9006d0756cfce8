"""The command line: the only place that prints, prompts or exits.

Each command group lives in its own module and registers itself on `app`.
"""

from __future__ import annotations

from frontlines.cli import collection, convert, follow, site, sync  # noqa: F401  (register commands)
from frontlines.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
