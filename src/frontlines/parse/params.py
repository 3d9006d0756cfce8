"""Template parameters: the one place they are read.

`Params.of(template)` reads a template's parameters once (stripped names; the last of
duplicate names wins, as in MediaWiki); the renderer caches one per template for the document
(`RenderContext.params`, `.arg`, `.filled`, `.positional`). `positional` is the uncached form
for code that has no renderer (extraction); `text_of` and `plain_of` read the first non-blank
of several parameters through a renderer. Imports nothing of ours at run time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mwparserfromhell.nodes import Template, Text
from mwparserfromhell.wikicode import Wikicode

if TYPE_CHECKING:
    from frontlines.parse.context import RenderContext


@dataclass(frozen=True, slots=True)
class Params:
    """A template's parameters: all of them by stripped name, and the non-blank ones.

    It holds the template itself, so that while a cache keyed by `id(template)` holds it the
    id cannot be reused by another node.
    """

    template: Template
    values: Mapping[str, Wikicode]
    filled: Mapping[str, Wikicode]

    @classmethod
    def of(cls, template: Template) -> Params:
        values = {_name(item.name): item.value for item in template.params}
        filled = {name: value for name, value in values.items() if is_filled(value)}
        return cls(template, values, filled)

    def arg(self, key: str | int) -> Wikicode | None:
        """A value by name or position; None when missing or blank."""
        return self.filled.get(str(key))

    def positional(self) -> list[Wikicode]:
        """Positional values in order 1, 2, 3, ... (blank ones kept)."""
        numbered = sorted(
            (int(name), value) for name, value in self.values.items() if name.isdigit()
        )
        return [value for _, value in numbered]


def _name(name: Wikicode) -> str:
    """A parameter's stripped name (`str(name).strip()`; most names are one text node)."""
    nodes = name.nodes
    if len(nodes) == 1 and type(nodes[0]) is Text:
        text: str = nodes[0].value
        return text.strip()
    return str(name).strip()


def is_filled(value: Wikicode) -> bool:
    """Whether a parameter value is non-blank (any node that is not blank text counts)."""
    return any(not isinstance(node, Text) or node.value.strip() for node in value.nodes)


def positional(template: Template) -> list[Wikicode]:
    """Positional values in order 1, 2, 3, ... (uncached: for code without a renderer)."""
    return Params.of(template).positional()


def text_of(template: Template, r: RenderContext, *keys: str | int) -> str:
    """Rendered inline text of the first non-blank parameter of `keys` ("" if none)."""
    for key in keys:
        value = r.arg(template, key)
        if value is not None:
            return r.inline(value).strip()
    return ""


def plain_of(template: Template, r: RenderContext, *keys: str | int) -> str:
    """Plain text of the first non-blank parameter of `keys` ("" if none)."""
    filled = r.filled(template)
    for key in keys:
        value = filled.get(str(key))
        if value is not None:
            return r.plain(value)
    return ""


__all__ = ["Params", "is_filled", "plain_of", "positional", "text_of"]
