"""The test suite's own switches: one `--update-goldens`, and CI's FRONTLINES_REQUIRE_CORPUS."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import skip_without_shared

REPO = Path(__file__).resolve().parents[1]


def test_a_missing_shared_folder_skips_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRONTLINES_REQUIRE_CORPUS", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not present"):
        skip_without_shared(REPO / "no-such-folder", "a test")


def test_a_missing_shared_folder_fails_when_ci_requires_the_corpus(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FRONTLINES_REQUIRE_CORPUS", "1")
    with pytest.raises(pytest.fail.Exception, match="FRONTLINES_REQUIRE_CORPUS"):
        skip_without_shared(REPO / "no-such-folder", "a test")


def test_ci_requires_the_corpus() -> None:
    assert "export FRONTLINES_REQUIRE_CORPUS=1" in (REPO / ".ci" / "run").read_text()


def test_update_goldens_is_one_option_known_from_the_root() -> None:
    process = subprocess.run(
        [sys.executable, "-m", "pytest", "--update-goldens", "--collect-only", "-q"]
        + ["tests/parse/test_golden.py", "tests/extract/test_goldens.py"]
        + ["tests/publish/test_golden.py", "-p", "no:cacheprovider"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert process.returncode == 0, process.stdout + process.stderr
    assert "tests collected" in process.stdout
