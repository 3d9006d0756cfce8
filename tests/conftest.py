"""Shared test helpers: where ../shared is, the checks every converted output must pass, and the
suite's options.

`pytest --update-goldens` (from the root or any folder) rewrites every golden file from the
current output (tests/parse/cases, tests/extract/cases, tests/publish/golden); review the diff
before committing. FRONTLINES_REQUIRE_CORPUS=1 (set by .ci/run) turns "../shared missing" skips
of the real-corpus tests into failures, so a green CI means the corpus ran.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from frontlines.leaks import find_leaks

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
CORPUS = SHARED / "corpus"
SAMPLE_WIKI = REPO / "samples" / "sample-wiki.xml"

# What must never appear in a converted entry (issue 2, item 7): the library's one list.
leaks = find_leaks


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite the expected golden files from the current output (then review the diff)",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """Whether `--update-goldens` was given: golden tests write their files instead of failing."""
    return bool(request.config.getoption("--update-goldens"))


def corpus_required() -> bool:
    """Whether a missing ../shared fails the corpus tests (CI sets FRONTLINES_REQUIRE_CORPUS=1)."""
    return os.environ.get("FRONTLINES_REQUIRE_CORPUS", "") not in ("", "0")


def skip_without_shared(what: Path, reason: str) -> None:
    """Skip (or, when the corpus is required, fail) because `what` in ../shared is missing."""
    message = f"{what} not present: {reason}"
    if corpus_required():
        pytest.fail(f"{message} (FRONTLINES_REQUIRE_CORPUS is set)", pytrace=False)
    pytest.skip(message)


def require_corpus() -> Path:
    if not CORPUS.is_dir():
        skip_without_shared(CORPUS, "the real-corpus checks need ../shared/corpus")
    return CORPUS


# The theatres of the sample wiki (samples/sample-wiki.xml) as the site and data tests configure
# them: a frontlines.toml body.
SAMPLE_THEATRES = """\
[[theatre]]
name = "ukraine"
title = "Russo-Ukrainian War"
categories = ["Battles of the Russo-Ukrainian War", "Russo-Ukrainian War"]

[[theatre]]
name = "middle-east"
title = "Syria and Iraq"
categories = ["Battles of the Syrian civil war"]

[[theatre]]
name = "caucasus"
title = "Caucasus"
categories = ["Nagorno-Karabakh conflict"]

[[theatre]]
name = "africa"
title = "Sahel and Sudan"
categories = ["Battles of the Mali War", "Sudanese civil war (2023–present)"]

[[theatre]]
name = "ancient"
title = "Ancient battles"
categories = ["Battles of Alexander the Great", "Battles involving the Hittites"]

[territory.ukraine]
colors = { "#ff0000" = "Russia", "#aa0000" = "Russia (before 2022)", "#0000ff" = "Ukraine" }
"""
