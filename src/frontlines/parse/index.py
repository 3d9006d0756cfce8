"""One walk of a parsed document: every template and every `<ref>` in it, in document order.

The renderer, the reference pass and the extractors each used to walk the whole tree again for
what they needed (coordinate templates, the conflict infobox, refs defined out of the body);
`TreeIndex.of` walks it once (mwparserfromhell's own recursive order, so every list is what
`filter_templates(recursive=True)` / `filter_tags(recursive=True)` would give) and they all read
the lists. The index is of the tree as it is: build it after the tree is final and change
nothing in it afterwards (no stage does: parse/wikitext.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from mwparserfromhell.nodes import Tag, Template
from mwparserfromhell.wikicode import Wikicode

__all__ = ["TreeIndex"]


@dataclass(frozen=True, slots=True)
class TreeIndex:
    """Every template (outermost first, then what it holds) and every ref tag of a document."""

    templates: tuple[Template, ...]
    refs: tuple[Tag, ...]

    @classmethod
    def of(cls, code: Wikicode) -> TreeIndex:
        templates: list[Template] = []
        refs: list[Tag] = []
        for node in code.ifilter(recursive=True):
            if isinstance(node, Template):
                templates.append(node)
            elif isinstance(node, Tag) and str(node.tag).lower() == "ref":
                refs.append(node)
        return cls(tuple(templates), tuple(refs))
