"""What template handlers share: the handler type and parameter helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from mwparserfromhell.nodes import Template
from mwparserfromhell.wikicode import Wikicode

if TYPE_CHECKING:
    from frontlines.parse.nodes import Renderer

Handler: TypeAlias = Callable[[Template, "Renderer"], str]


def arg(template: Template, key: str | int) -> Wikicode | None:
    """A parameter's value by name or position, None when missing or blank (uncached)."""
    name = str(key)
    if template.has(name, ignore_empty=True):
        return template.get(name).value
    return None


def text_of(template: Template, r: Renderer, *keys: str | int) -> str:
    """Rendered inline text of the first non-blank parameter of `keys` ("" if none)."""
    for key in keys:
        value = r.arg(template, key)
        if value is not None:
            return r.inline(value).strip()
    return ""


def plain_of(template: Template, r: Renderer, *keys: str | int) -> str:
    """Plain text of the first non-blank parameter of `keys` ("" if none)."""
    filled = r.filled(template)
    for key in keys:
        value = filled.get(key if isinstance(key, str) else str(key))
        if value is not None:
            return r.plain(value)
    return ""


def render_of(template: Template, r: Renderer, *keys: str | int) -> str:
    """The first non-blank parameter rendered in full (lists and blocks kept)."""
    for key in keys:
        value = r.arg(template, key)
        if value is not None:
            return r.render(value)
    return ""


def positional_values(template: Template) -> list[Wikicode]:  # uncached form
    """Positional values in order 1, 2, 3, ... (blank ones kept as Wikicode)."""
    found: list[tuple[int, Wikicode]] = []
    for item in template.params:
        name = str(item.name).strip()
        if name.isdigit():
            found.append((int(name), item.value))
    found.sort(key=lambda pair: pair[0])
    return [value for _, value in found]


def raw(template: Template, key: str | int) -> str:
    """A parameter's wikitext, stripped ("" when missing)."""
    name = str(key)
    return str(template.get(name).value).strip() if template.has(name) else ""
