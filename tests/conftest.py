"""Shared test helpers: where ../shared is, and the checks every converted output must pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontlines.leaks import find_leaks

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
CORPUS = SHARED / "corpus"
SAMPLE_WIKI = REPO / "samples" / "sample-wiki.xml"

# What must never appear in a converted entry (issue 2, item 7): the library's one list.
leaks = find_leaks


def require_corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"../shared/corpus not present at {CORPUS}: the real-corpus checks need it")
    return CORPUS
