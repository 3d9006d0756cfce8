"""Shared test helpers: where ../shared is, and the checks every converted output must pass."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from frontlines.text.leaks import TABLE_LEAKS

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
CORPUS = SHARED / "corpus"
SAMPLE_WIKI = REPO / "samples" / "sample-wiki.xml"

# What must never appear in a converted entry (issue 2, item 7).
LEAKS = {
    "template braces": re.compile(r"\{\{|\}\}"),
    "wiki link brackets": re.compile(r"\[\[|\]\]"),
    "ref tag": re.compile(r"<ref", re.IGNORECASE),
    "wiki bold/italic quotes": re.compile(r"''"),
    "[object Object]": re.compile(re.escape("[object Object]")),
    "magic word": re.compile(r"__[A-Z]{3,}__"),
    "HTML comment": re.compile(r"<!--|-->"),
    "image option": re.compile(
        r"\b(?:thumb|thumbnail|frameless|upright)\s*\||(?<![\w/.%-])\d+(?:x\d+)?px\b(?![\w.-])"
    ),
    "Category/File line": re.compile(r"^\s*(?:Category|File|Image):", re.MULTILINE),
    **{f"table markup {name}": pattern for name, pattern in TABLE_LEAKS.items()},
}


def leaks(text: str) -> list[str]:
    """The names of the leak patterns found in text, each with a little context."""
    found = []
    for name, pattern in LEAKS.items():
        match = pattern.search(text)
        if match:
            context = text[max(0, match.start() - 40) : match.end() + 40].replace("\n", "⏎")
            found.append(f"{name}: …{context}…")
    return found


def require_corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"../shared/corpus not present at {CORPUS}: the real-corpus checks need it")
    return CORPUS
