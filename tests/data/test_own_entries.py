"""`doctor` accepts the entries Front Lines itself writes (`convert`): the `conflict:` mapping
and the `source:` mapping are ours, not schema errors; a conflict that is neither a string
nor a mapping still is one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from frontlines.collection.checks import diagnose
from frontlines.collection.reading import read_collection

REPO = Path(__file__).resolve().parents[2]
CLI = "from frontlines.cli import main; main()"


def test_doctor_finds_convert_output_clean(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CLI, "convert", str(REPO / "samples" / "sample-wiki.xml"),
         "-o", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    collection = read_collection(tmp_path)
    assert sum("conflict" in entry.front for entry in collection.entries) >= 10
    assert [str(p) for p in diagnose(collection, kinds=("schema",)).problems] == []


def test_a_conflict_list_is_still_a_schema_problem(tmp_path: Path) -> None:
    (tmp_path / "x.md").write_text(
        "---\ndescription: d\npubDate: 2024-01-01\nconflict:\n- a\n---\n\nBody.\n", "utf-8"
    )
    problems = diagnose(read_collection(tmp_path), kinds=("schema",)).problems
    assert [p.detail for p in problems] == [
        "conflict: must be a string or a mapping (the conflict record Front Lines writes)"
    ]
