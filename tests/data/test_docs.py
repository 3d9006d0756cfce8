"""docs/export.md and docs/api.md hold the column tables as the declarations print them."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontlines.export.describe import generated

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize(("doc", "kind"), [("export.md", "export"), ("api.md", "api")])
def test_docs_hold_the_generated_column_tables(doc: str, kind: str) -> None:
    text = (DOCS / doc).read_text(encoding="utf-8")
    assert generated(kind) in text, f"regenerate: python -m frontlines.export.describe {kind}"
