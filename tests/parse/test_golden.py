"""Golden cases: wikitext written for these tests → the exact Markdown or plain text expected."""

from __future__ import annotations

import pytest

from tests.parse.golden import CASES, Case, actual, read_cases, update

ALL = [case for path in sorted(CASES.glob("*.txt")) for case in read_cases(path)]
_REWRITTEN: set[str] = set()


@pytest.mark.parametrize("case", ALL, ids=[f"{case.file}:{case.name}" for case in ALL])
def test_golden(case: Case, update_goldens: bool) -> None:
    expected = case.output
    if update_goldens:  # `pytest --update-goldens`: rewrite the case's file once, then compare
        path = CASES / f"{case.file}.txt"
        if case.file not in _REWRITTEN:
            update(path)
            _REWRITTEN.add(case.file)
        expected = next(c for c in read_cases(path) if c.name == case.name).output
    assert actual(case) == expected


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
