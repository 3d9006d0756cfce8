"""Golden cases: wikitext written for these tests → the exact Markdown or plain text expected."""

from __future__ import annotations

import os

import pytest

from tests.parse.golden import CASES, Case, actual, read_cases, update

if os.environ.get("UPDATE_GOLDENS"):
    for _path in sorted(CASES.glob("*.txt")):
        update(_path)

ALL = [case for path in sorted(CASES.glob("*.txt")) for case in read_cases(path)]


@pytest.mark.parametrize("case", ALL, ids=[f"{case.file}:{case.name}" for case in ALL])
def test_golden(case: Case) -> None:
    assert actual(case) == case.output


def test_every_family_has_cases() -> None:
    families = {path.stem for path in CASES.glob("*.txt")}
    expected = {
        "citations",
        "convert",
        "dates",
        "flags",
        "formatting",
        "functions",
        "geo",
        "hatnotes",
        "hostile",
        "images",
        "language",
        "lists",
        "maintenance",
        "military",
        "plain",
        "quotes",
        "references",
        "ships",
        "structure",
        "tables",
    }
    assert expected <= families
