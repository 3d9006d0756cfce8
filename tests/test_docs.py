"""The docs say what the code does: every command and setting documented, the CLI reference
current, and the figures docs/site.md and the README quote those of a real build."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontlines.cli import app
from frontlines.cli.reference import command_paths, reference
from frontlines.config import SiteConfig, SourceConfig, TerritoryConfig, Theatre

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
CLI_REFERENCE = DOCS / "cli.md"
SECTIONS = {  # docs/configuration.md heading → the settings of that table
    "## `[source]`": SourceConfig,
    "## `[[theatre]]`": Theatre,
    "## `[site]`": SiteConfig,
    "## `[territory.<theatre>]`": TerritoryConfig,
}
NOT_SETTINGS = {"theatre"}  # TerritoryConfig.theatre is the table's name, not a key


def prose() -> str:
    """README and every docs page except the generated reference."""
    pages = [REPO / "README.md", *sorted(DOCS.glob("*.md"))]
    return "\n".join(p.read_text(encoding="utf-8") for p in pages if p != CLI_REFERENCE)


def test_the_cli_reference_is_generated_from_the_current_help() -> None:
    assert CLI_REFERENCE.read_text(encoding="utf-8") == reference(), (
        "docs/cli.md is stale: run `.venv/bin/python -m frontlines.cli.reference > docs/cli.md`"
    )


def test_every_command_is_documented_in_prose() -> None:
    text = prose()
    paths = list(command_paths())
    assert {"convert", "sync", "build"} <= {path[0] for path in paths}
    missing = [" ".join(p) for p in paths if f"frontlines {' '.join(p)}" not in text]
    assert missing == []


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start : end if end >= 0 else len(text)]


@pytest.mark.parametrize("heading", SECTIONS)
def test_every_setting_is_documented_and_every_documented_setting_exists(heading: str) -> None:
    section = _section((DOCS / "configuration.md").read_text(encoding="utf-8"), heading)
    settings = {f.name for f in dataclasses.fields(SECTIONS[heading])} - NOT_SETTINGS
    table_keys = set(re.findall(r"^\| `([a-z_]+)` \|", section, re.MULTILINE))
    assert sorted(settings - table_keys) == [], "settings without a row in docs/configuration.md"
    assert sorted(table_keys - settings) == [], "rows in docs/configuration.md for no setting"


def test_build_figures_in_the_docs_are_those_of_a_real_build(tmp_path: Path) -> None:
    """The demo (`make demo`'s steps, this repository's frontlines.toml) built for real."""
    project = tmp_path / "demo"
    project.mkdir()
    shutil.copy(REPO / "frontlines.toml", project / "frontlines.toml")
    shutil.copytree(REPO / "content", project / "content")
    atlas = REPO / ".cache" / "world-atlas"  # `make basemap` (run by `make demo`, `make test`)
    if atlas.is_dir():
        shutil.copytree(atlas, project / ".cache" / "world-atlas")
    config = str(project / "frontlines.toml")
    runner = CliRunner()
    steps = [
        ["sync", "--dump", str(REPO / "samples" / "sample-wiki.xml"), "-c", config],
        ["territory", "import", str(REPO / "samples/territory/ukraine"), "-t", "ukraine"]
        + ["-c", config],
        ["build", "-o", str(project / "site"), "-c", config],
    ]
    results = [runner.invoke(app, step) for step in steps]
    assert [r.exit_code for r in results] == [0, 0, 0], [r.output for r in results]
    built = re.search(r"Built (\d+) pages \((\d+) files", results[-1].output)
    assert built is not None
    quoted = re.findall(
        r"Built (\d+) pages \((\d+) files",
        (REPO / "README.md").read_text(encoding="utf-8")
        + (DOCS / "site.md").read_text(encoding="utf-8"),
    )
    assert len(quoted) >= 2
    assert set(quoted) == {built.groups()}
