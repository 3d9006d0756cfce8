"""The real corpus in ../shared/corpus: every conflict article gives a usable record.

`pytest tests/extract/test_corpus.py -s` prints a table (name, start, end, number of sides,
coordinates) for review against the wikitext.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from frontlines.extract.infobox import extract_conflict, find_conflict_infobox
from frontlines.model import Conflict
from frontlines.parse.wikitext import parse
from tests.conftest import skip_without_shared

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
FORBIDDEN_IN_NAMES = ("[[", "]]", "{{", "}}", ".svg", ".png", ".jpg", "File:", "Image:")

pytestmark = pytest.mark.corpus


def corpus_files(folder: str) -> list[Path]:
    path = CORPUS / folder
    if not path.is_dir():
        skip_without_shared(path, "the corpus extraction checks need it")
    return sorted(path.glob("*.wiki"))


def read(path: Path) -> tuple[Conflict | None, list[str]]:
    text = path.read_text("utf-8", errors="replace")
    conflict, issues = extract_conflict(parse(text), title=path.stem.replace("_", " "))
    return conflict, [issue.kind for issue in issues]


def test_conflict_articles() -> None:
    rows = []
    for path in corpus_files("conflict"):
        conflict, issues = read(path)
        assert conflict is not None, path.name
        assert conflict.start is not None, f"{path.name}: no start date in {conflict.date_text!r}"
        infobox = find_conflict_infobox(parse(path.read_text("utf-8")))
        assert infobox is not None
        names = {str(param.name).strip().lower() for param in infobox.params if param.value.strip()}
        assert len(conflict.sides) >= 2, path.name
        if not any(name.startswith(("combatant", "commander")) for name in names):
            assert "sides_from_lead" in issues, path.name  # said, not silently invented
        for side in conflict.sides:
            for entry in (*side.parties, *side.commanders):
                assert entry.name.strip(), path.name
                for bad in FORBIDDEN_IN_NAMES:
                    assert bad not in entry.name, f"{path.name}: {entry.name!r}"
        rows.append(
            f"{path.stem[:32]:32} {conflict.start!s:12} {conflict.end!s:12} "
            f"{len(conflict.sides)} {conflict.coordinates} {issues}"
        )
    print("\n" + "\n".join(rows))


def test_other_articles_have_no_conflict() -> None:
    for path in corpus_files("other"):
        conflict, _ = read(path)
        assert conflict is None, path.name
