"""Golden cases: each cases/<name>.wikitext gives cases/<name>.expected.json.

The wikitext is invented for these tests. The title is the file name with "_" as space.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontlines.extract.infobox import extract_conflict
from frontlines.model import to_dict
from frontlines.parse.wikitext import parse

CASES = Path(__file__).resolve().parent / "cases"
CASE_FILES = sorted(CASES.glob("*.wikitext"))


def extracted(path: Path) -> str:
    conflict, issues = extract_conflict(
        parse(path.read_text("utf-8")), title=path.stem.replace("_", " ")
    )
    record = {"conflict": to_dict(conflict), "issues": to_dict(issues)}
    return json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("case", CASE_FILES, ids=[path.stem for path in CASE_FILES])
def test_golden(case: Path, update_goldens: bool) -> None:
    expected_path = case.with_suffix(".expected.json")
    actual = extracted(case)
    if update_goldens or not expected_path.exists():
        expected_path.write_text(actual, "utf-8")
        if not update_goldens:
            pytest.fail(f"{expected_path.name} was missing; written now, review it")
    assert actual == expected_path.read_text("utf-8")


def test_cases_exist() -> None:
    assert len(CASE_FILES) >= 8
