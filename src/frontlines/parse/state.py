"""What one document's rendering gathers as it goes: issues, blocks, images, footnotes.

A `DocumentState` lives for one `render_document` (or `plain_text`) call and is never shared,
so the renderers and template handlers may append to it freely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from frontlines.model import Image, Issue
from frontlines.parse.footnotes import Footnotes
from frontlines.parse.params import Params

BLOCK_MARK = "\x04"  # a block placeholder is BLOCK_MARK + index + BLOCK_MARK on its own line
LIST_OPEN = "\x02"  # list markers: LIST_OPEN + "*#:;" characters + LIST_CLOSE at a line start
LIST_CLOSE = "\x03"
HARD_BREAK = "\x06"  # <br>: a line break inside a paragraph, list item or table cell
# A body wikilink while the document renders without link markup: LINK_OPEN text LINK_CLOSE
# target LINK_CLOSE. `render_document` removes the marks from its Markdown and keeps a marked
# copy, so that events know which page each sentence links to.
LINK_OPEN = "\x0e"
LINK_CLOSE = "\x0f"


@dataclass(frozen=True, slots=True)
class Block:
    """Markdown that must stand on its own lines (table, quote, image, code, hatnote)."""

    markdown: str
    inline: str  # the same content for places that only take one line (table cells, footnotes)
    kind: str = "block"


@dataclass(slots=True)
class DocumentState:
    title: str
    site: str = "https://en.wikipedia.org"
    links: bool = False
    mark_links: bool = False  # mark body wikilinks (LINK_OPEN ...) when `links` is off
    issues: list[Issue] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    bibliography: list[str] = field(default_factory=list)
    short_description: str | None = None
    footnotes: Footnotes = field(default_factory=Footnotes)
    in_reference: int = 0  # > 0 while rendering the text of a footnote
    anchors: set[str] = field(default_factory=set)  # bibliography anchors already given
    citation_cache: dict[int, dict[str, Any]] = field(default_factory=dict)
    # per template id: its parameters (`Params` holds the template, so ids stay unique)
    param_cache: dict[int, Params] = field(default_factory=dict)
    _issue_keys: set[tuple[str, str]] = field(default_factory=set)

    def issue(self, kind: str, message: str, detail: str = "") -> None:
        """Record an issue once per (kind, detail)."""
        key = (kind, detail)
        if key not in self._issue_keys:
            self._issue_keys.add(key)
            self.issues.append(Issue(kind=kind, message=message, detail=detail))

    def block(self, markdown: str, inline: str, kind: str = "block") -> str:
        """Store a block and return the placeholder line that stands for it."""
        self.blocks.append(Block(markdown, inline, kind))
        return f"\n{BLOCK_MARK}{len(self.blocks) - 1}{BLOCK_MARK}\n"

    def add_image(self, image: Image) -> None:
        if all(known.file != image.file for known in self.images):
            self.images.append(image)

    def add_category(self, name: str) -> None:
        if name and name not in self.categories:
            self.categories.append(name)
