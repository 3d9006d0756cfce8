"""docs/cli.md, generated from the commands' own `--help` (so the reference never drifts).

    .venv/bin/python -m frontlines.cli.reference > docs/cli.md

tests/test_docs.py regenerates it and fails when the checked-in file differs (CI runs it).
The help is rendered 100 columns wide without colour, the same on every machine.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import typer
from typer.testing import CliRunner

from frontlines.cli import app
from frontlines.errors import EXIT_FAILED, EXIT_USAGE

WIDTH = 100
HEADER = """# Command-line reference

Generated from `--help` by `python -m frontlines.cli.reference > docs/cli.md`; do not edit by
hand (tests/test_docs.py checks that it is current).

stdout carries data only; progress, warnings and errors go to stderr, one line each. Exit
status: 0 all good; {failed} some work failed (each failure listed, the batch goes on);
{usage} fix the command, the configuration or the project (a missing path or store, a bad
`frontlines.toml`, options that exclude each other); 130 an interrupted `sync` or `convert`.
The same failure gives the same status and message from every command (see
`src/frontlines/errors.py`). `convert`, `sync` and `doctor` take `--jobs N`: that many worker
processes (default: one per core), one writer, output in input order, so the files, the store
and the report are the same for any N.
"""


def command_paths(group: Any = None, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command's name path (`("territory", "import")`), in the order `--help` lists them."""
    group = group if group is not None else typer.main.get_command(app)
    for name, command in group.commands.items():
        if getattr(command, "hidden", False):
            continue
        yield (*prefix, name)
        if hasattr(command, "commands"):
            yield from command_paths(command, (*prefix, name))


def help_text(path: tuple[str, ...]) -> str:
    env = {
        "COLUMNS": str(WIDTH),
        "NO_COLOR": "1",
        "TERM": "dumb",
        "_TYPER_FORCE_DISABLE_TERMINAL": "1",
    }
    result = CliRunner().invoke(app, [*path, "--help"], env=env, terminal_width=WIDTH)
    lines = [line.rstrip() for line in result.output.splitlines()]
    return "\n".join(lines).strip("\n")


def reference() -> str:
    """The whole of docs/cli.md."""
    parts = [HEADER.format(failed=EXIT_FAILED, usage=EXIT_USAGE)]
    parts.append(f"## `frontlines`\n\n```text\n{help_text(())}\n```\n")
    for path in command_paths():
        name = " ".join(path)
        parts.append(f"## `frontlines {name}`\n\n```text\n{help_text(path)}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    sys.stdout.write(reference())
