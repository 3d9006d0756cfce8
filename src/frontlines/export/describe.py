"""The column tables of docs/export.md and docs/api.md, made from the same declarations the
exports and the API use (`python -m frontlines.export.describe export|api` prints them;
tests/data/test_docs.py checks the docs hold them as printed)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable

from frontlines.export.tables import BUILT_IN
from frontlines.store.catalog import Column
from frontlines.store.views import CANNED, VIEWS

BEGIN = "<!-- generated: python -m frontlines.export.describe {} -->"
END = "<!-- end generated -->"


def _table(columns: Iterable[Column]) -> list[str]:
    lines = ["| column | type | meaning |", "|---|---|---|"]
    lines += [f"| `{c.name}` | {c.type} | {c.description.replace('|', '/')} |" for c in columns]
    return lines


def export_tables() -> str:
    lines: list[str] = []
    for table in BUILT_IN:
        lines += [f"### `{table.name}`: {table.description}", "", *_table(table.columns), ""]
    return "\n".join(lines).rstrip() + "\n"


def api_views() -> str:
    lines: list[str] = []
    for view in VIEWS:
        needs = ", ".join(f"`{t}`" for t in view.requires)
        lines += [f"### `{view.name}`: {view.description}", "", f"Needs: {needs}."]
        lines += (
            ["", *_table(view.columns)]
            if view.columns
            else ["", "Columns: as the tables have them."]
        )
        lines.append("")
    lines += [
        "### Canned queries",
        "",
        "| query | parameters | what | needs |",
        "|---|---|---|---|",
    ]
    for query in CANNED:
        params = ", ".join(sorted({f"`{p}`" for p in _params(query.sql)}))
        needs = ", ".join(f"`{t}`" for t in query.requires)
        lines.append(f"| `{query.name}` | {params or 'none'} | {query.description} | {needs} |")
    return "\n".join(lines).rstrip() + "\n"


def _params(sql: str) -> list[str]:
    return re.findall(r":(\w+)", sql)


def generated(kind: str) -> str:
    text = export_tables() if kind == "export" else api_views()
    return f"{BEGIN.format(kind)}\n\n{text}\n{END}"


if __name__ == "__main__":  # pragma: no cover
    print(generated(sys.argv[1] if len(sys.argv) > 1 else "export"))
