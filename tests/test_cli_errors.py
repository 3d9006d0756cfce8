"""One failure, one exit code and one message, whichever command meets it (errors.py's table)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontlines.cli import app
from frontlines.errors import (
    ConfigError,
    ConvertError,
    FetchError,
    FrontlinesError,
    InputFormatError,
    PublishError,
    SourceError,
    StoreError,
    UsageError,
)

runner = CliRunner()
HTML = "<html><body>Wikipedia, the free encyclopedia</body></html>\n"


def _project(tmp_path: Path) -> Path:
    config = tmp_path / "frontlines.toml"
    config.write_text('[[theatre]]\nname = "x"\ntitle = "X"\ntitles = ["Y"]\n', encoding="utf-8")
    return config


def _message(output: str, prefix: str) -> str:
    (line,) = [line for line in output.splitlines() if line.startswith(prefix)]
    return line[len(prefix) :]


def test_the_exit_codes_are_on_the_error_classes() -> None:
    codes = {
        cls: cls.exit_code
        for cls in (FrontlinesError, UsageError, ConfigError, SourceError, InputFormatError)
        + (FetchError, ConvertError, StoreError, PublishError)
    }
    assert {cls for cls, code in codes.items() if code == 2} == {
        UsageError,
        ConfigError,
        StoreError,
    }
    assert all(code in (1, 2) for code in codes.values())


@pytest.mark.parametrize("content", [HTML, "garbage <<< not xml"])
def test_not_a_dump_gives_the_same_code_and_message_from_convert_and_sync(
    tmp_path: Path, content: str
) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text(content, encoding="utf-8")
    converted = runner.invoke(app, ["convert", str(bad), "-o", str(tmp_path / "out")])
    synced = runner.invoke(app, ["sync", "--dump", str(bad), "-c", str(_project(tmp_path))])
    assert converted.exit_code == synced.exit_code == InputFormatError.exit_code
    message = _message(synced.stderr, "Error: ")
    assert _message(converted.stderr, "Failed: ") == message
    assert "is not a MediaWiki export" in message and message.count("bad.xml") == 1


def test_no_store_gives_the_same_code_and_message_from_build_status_and_check(
    tmp_path: Path,
) -> None:
    config = str(_project(tmp_path))
    results = [runner.invoke(app, [command, "-c", config]) for command in ("build", "status")]
    results.append(runner.invoke(app, ["check", "-c", config]))
    assert {r.exit_code for r in results} == {StoreError.exit_code}
    messages = {_message(r.stderr, "Error: ") for r in results}
    assert len(messages) == 1 and "run `frontlines sync` first" in messages.pop()


def test_missing_paths_are_usage_errors_from_every_command(tmp_path: Path) -> None:
    nowhere = str(tmp_path / "nowhere")
    config = str(_project(tmp_path))
    results = [
        runner.invoke(app, ["convert", nowhere, "-o", str(tmp_path / "out")]),
        runner.invoke(app, ["doctor", nowhere]),
        runner.invoke(app, ["import-collection", nowhere, "--theatre", "x", "-c", config]),
    ]
    assert {r.exit_code for r in results} == {UsageError.exit_code}
    assert {_message(r.stderr, "Error: ") for r in results} == {
        f"no such file or folder: {nowhere}"
    }


def test_error_lines_are_not_wrapped_when_stderr_is_piped(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*(["a-long-folder-name"] * 8))
    deep.mkdir(parents=True)
    bad = deep / "bad.xml"
    bad.write_text(HTML, encoding="utf-8")
    _project(deep)
    process = subprocess.run(
        [sys.executable, "-c", "from frontlines.cli import main; main()"]
        + ["sync", "--dump", str(bad), "-c", str(deep / "frontlines.toml")],
        capture_output=True,
        text=True,
        timeout=60,
        env={"COLUMNS": "40", "PATH": "/usr/bin:/bin"},
    )
    assert process.returncode == 1
    lines = process.stderr.strip().splitlines()
    assert len(lines) == 1 and len(lines[0]) > 80
    assert lines[0].startswith("Error: ") and lines[0].endswith("instead of the .bz2?")
