"""Options for the extract tests: `--update-goldens` rewrites tests/extract/cases/*.expected.json.

Run `pytest tests/extract --update-goldens` (or set FRONTLINES_UPDATE_GOLDENS=1), then review
the diff before committing.
"""

from __future__ import annotations

import os

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    try:
        parser.addoption(
            "--update-goldens",
            action="store_true",
            default=False,
            help="rewrite the expected golden files from the current output",
        )
    except ValueError:  # another test folder registered the same option
        pass


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    from_option = bool(request.config.getoption("--update-goldens", default=False))
    return from_option or os.environ.get("FRONTLINES_UPDATE_GOLDENS") == "1"
