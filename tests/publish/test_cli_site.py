"""`frontlines build`, `serve` and `territory import` through the real command line."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import frontlines.cli.site  # noqa: F401  (registers build, serve, territory)
from frontlines.cli.app import app
from frontlines.config import Config
from frontlines.store import Store

REPO = Path(__file__).resolve().parents[2]
SAMPLE_TERRITORY = REPO / "samples" / "territory" / "ukraine"
runner = CliRunner()


@pytest.fixture()
def project(tmp_path: Path, project_factory: Callable[[Path], Config]) -> Config:
    return project_factory(tmp_path / "project")


def test_territory_import_stores_typed_features(project: Config) -> None:
    result = runner.invoke(
        app,
        [
            "territory",
            "import",
            str(SAMPLE_TERRITORY),
            "--theatre",
            "ukraine",
            "-c",
            str(project.path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert re.search(
        r"Imported \d+ territory features for 'ukraine' from 5 days \(2022-03-01 to 2022-03-07\)",
        result.output,
    )
    with Store(project.db_path) as store:
        features = store.territory("ukraine")
    assert {f.controller for f in features} == {"Russia", "Russia (before 2022)", "Ukraine"}
    assert {f.status for f in features} == {"controlled", "contested"}
    assert all(f.properties["fill"].startswith("#") for f in features)


def test_territory_import_names_an_unknown_theatre(project: Config) -> None:
    result = runner.invoke(
        app,
        [
            "territory",
            "import",
            str(SAMPLE_TERRITORY),
            "--theatre",
            "mars",
            "-c",
            str(project.path),
        ],
    )
    assert result.exit_code == 2
    assert "no theatre named 'mars'" in result.output


def test_build_prints_one_summary_line(project: Config, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = runner.invoke(app, ["build", "-o", str(out), "-c", str(project.path), "--no-search"])
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"Built \d+ pages \(\d+ files\) into .+ in \d+\.\d s\n", result.output)
    assert (out / "articles" / "siege_of_mariupol" / "index.html").is_file()


def test_build_strict_fails_on_a_warning(project: Config, tmp_path: Path) -> None:
    reports = project.root / "content" / "reports"
    reports.mkdir(parents=True)
    (reports / "stray.md").write_text(
        "---\ntitle: Stray\ndate: 2023-01-01\ntheatre: atlantis\n---\nText.\n", encoding="utf-8"
    )
    args = ["build", "-o", str(tmp_path / "site"), "-c", str(project.path), "--no-search"]
    strict = runner.invoke(app, [*args, "--strict"])
    assert strict.exit_code == 1
    assert "--strict" in strict.output and "atlantis" in strict.output
    lenient = runner.invoke(app, args)
    assert lenient.exit_code == 0
    assert "Warning:" in lenient.output and "1 warning" in lenient.output


def test_build_without_a_store_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "frontlines.toml").write_text(
        '[[theatre]]\nname = "x"\ntitle = "X"\ntitles = ["Y"]\n'
    )
    result = runner.invoke(app, ["build", "-c", str(tmp_path / "frontlines.toml")])
    assert result.exit_code == 2  # as from `status` and `check`: a setup to fix, then run again
    assert "frontlines sync" in result.output


def _wait_for(predicate: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_serve_previews_and_rebuilds_on_change(project: Config, tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    code = "import frontlines.cli.site; from frontlines.cli.app import app; app()"
    command = [
        sys.executable, "-c", code, "serve", "--port", "0", "-c", str(project.path),
        "-o", str(tmp_path / "site"), "--no-search", "--interval", "0.2",
    ]  # fmt: skip
    with log.open("w") as sink:
        process = subprocess.Popen(command, stderr=sink, stdout=sink)
    try:
        _wait_for(lambda: "Serving" in log.read_text())
        port = re.search(r"http://127\.0\.0\.1:(\d+)/", log.read_text())
        assert port is not None
        base = f"http://127.0.0.1:{port.group(1)}"
        with urllib.request.urlopen(base + "/articles/siege_of_mariupol/") as response:
            assert "Siege of Mariupol" in response.read().decode()
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + "/no/such/page/")
        assert missing.value.code == 404
        assert "Page not found" in missing.value.read().decode()
        reports = project.root / "content" / "reports"
        reports.mkdir(parents=True)
        (reports / "fresh.md").write_text(
            "---\ntitle: Fresh report\ndate: 2024-01-02\n---\nNew text.\n", encoding="utf-8"
        )
        _wait_for(lambda: log.read_text().count("Built ") >= 2)
        with urllib.request.urlopen(base + "/reports/fresh/") as response:
            assert "Fresh report" in response.read().decode()
    finally:
        process.terminate()
        process.wait(timeout=10)
