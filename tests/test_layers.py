"""Issue 8: the layers hold. Plain Python: each module's imports are read from its AST, so an
import inside a function or under `if TYPE_CHECKING:` counts as much as one at the top.

(The import-linter contracts in `make test` check the same at run time; these need nothing but
the source and name the offending line.)
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

from frontlines.parse import templates

SRC = Path(__file__).resolve().parents[1] / "src" / "frontlines"


def imported(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in a file, relative ones resolved."""
    package = ".".join(path.relative_to(SRC.parent).with_suffix("").parts)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parents = parts[: len(parts) - node.level + 1]
                base = ".".join([*parents, base] if base else parents)
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def offences(folder: Path, forbidden: tuple[str, ...], pattern: str = "*.py") -> list[str]:
    out = []
    for path in sorted(folder.glob(pattern)):
        for line, module in imported(path):
            if any(module == f or module.startswith(f + ".") for f in forbidden):
                out.append(f"{path.relative_to(SRC)}:{line} imports {module}")
    return out


def test_template_handlers_do_not_import_the_node_renderer() -> None:
    """They see it through `parse.context.RenderContext` (nodes imports them, not the reverse)."""
    assert offences(SRC / "parse" / "templates", ("frontlines.parse.nodes",)) == []


@pytest.mark.parametrize("helper", ["context", "params", "images", "refs", "quotes", "state"])
def test_modules_the_handlers_import_do_not_import_the_node_renderer(helper: str) -> None:
    assert offences(SRC / "parse", ("frontlines.parse.nodes",), f"{helper}.py") == []


def test_publish_imports_neither_parse_nor_sources() -> None:
    assert offences(SRC / "publish", ("frontlines.parse", "frontlines.sources")) == []


def test_leaf_modules_import_nothing_of_ours() -> None:
    leaves = [*sorted((SRC / "text").glob("*.py")), SRC / "edtf.py"]
    assert all(path.exists() for path in leaves)
    found = [
        f"{path.relative_to(SRC)}:{line} imports {module}"
        for path in leaves
        for line, module in imported(path)
        if module.startswith("frontlines")
    ]
    assert found == []


def test_a_template_name_belongs_to_one_family() -> None:
    counts = Counter(name for family in templates.FAMILIES for name in family.HANDLERS)
    assert [name for name, count in counts.items() if count > 1] == []
    assert len(templates.REGISTRY) == sum(counts.values())


def test_every_family_module_is_in_the_registry() -> None:
    modules = {p.stem for p in (SRC / "parse" / "templates").glob("*.py")} - {"__init__"}
    assert {family.__name__.rpartition(".")[2] for family in templates.FAMILIES} == modules
