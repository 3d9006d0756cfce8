"""The renderer's seam: what template handlers (and the tag helpers they call) may use of it.

`RenderContext` is a Protocol that `parse.nodes.Renderer` satisfies; `parse/templates/`,
`images.py`, `refs.py` and `quotes.py` are written against it and never import `parse.nodes`
(which imports them). A handler is `(template, context) -> str`.
This module imports only `parse.state` (for the document state's type).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol, TypeAlias

from mwparserfromhell.nodes import Node, Template
from mwparserfromhell.wikicode import Wikicode

if TYPE_CHECKING:
    from frontlines.parse.params import Params
    from frontlines.parse.state import DocumentState


class RenderContext(Protocol):
    """One document's renderer, in Markdown or plain-text mode."""

    state: DocumentState  # what the document gathers: issues, blocks, footnotes...
    markdown: bool  # False: plain text (no marks, nothing escaped)
    refs: bool  # footnotes are registered and their marks shown

    def render(self, value: Wikicode | Node | str | None) -> str:
        """A fragment in the current mode (a string is literal text)."""
        ...

    def plain(self, value: Wikicode | Node | str | None, *, lines: bool = False) -> str:
        """Plain text of a fragment, whitespace collapsed (lines kept when `lines`)."""
        ...

    def inline(self, value: Wikicode | Node | str | None) -> str:
        """One line of Markdown (or plain text): blocks and lists flattened."""
        ...

    def text(self, value: str) -> str:
        """Literal text in the current mode (escaped in Markdown)."""
        ...

    def emphasis(self, text: str, mark: str) -> str: ...

    def link(self, target: str, text: str) -> str:
        """A wikilink to `target` showing `text` (already rendered)."""
        ...

    def list_item(self, marker: str, text: str) -> str: ...

    def line_break(self) -> str: ...

    def params(self, template: Template) -> Params:
        """The template's parameters (cached for the document)."""
        ...

    def arg(self, template: Template, key: str | int) -> Wikicode | None:
        """A parameter's value by name or position; None when missing or blank."""
        ...

    def filled(self, template: Template) -> Mapping[str, Wikicode]:
        """The non-blank parameters by stripped name."""
        ...

    def positional(self, template: Template) -> list[Wikicode]:
        """Positional values in order 1, 2, 3, ... (blank ones kept)."""
        ...


Handler: TypeAlias = Callable[[Template, RenderContext], str]

__all__ = ["Handler", "RenderContext"]
