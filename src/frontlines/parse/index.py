"""One walk of a parsed document: every template and every `<ref>` in it, in document order.

The renderer's out-of-body ref pass, the conflict-infobox search and the coordinate search each
used to walk the whole tree for what they needed; a `TreeIndex` walks it at most once, when one
of them first asks, and they all read the lists. The order is mwparserfromhell's recursive one
(a node, then what its `__children__` hold), so `templates` is what
`code.filter_templates(recursive=True)` gives and `refs` what `filter_tags(recursive=True)`
gives for `<ref>` (tests/parse/test_index.py). The index is of the tree as it is: make it after
the tree is final and change nothing in it afterwards (no stage does: parse/wikitext.py).
"""

from __future__ import annotations

from mwparserfromhell.nodes import Comment, HTMLEntity, Node, Tag, Template, Text
from mwparserfromhell.wikicode import Wikicode

__all__ = ["TreeIndex"]

_LEAVES = frozenset({Text, Comment, HTMLEntity})  # nodes that hold no Wikicode


class TreeIndex:
    """Every template (outermost first, then what it holds) and every ref tag of a document."""

    __slots__ = ("_code", "_refs", "_templates")

    def __init__(self, code: Wikicode) -> None:
        self._code = code
        self._templates: tuple[Template, ...] | None = None
        self._refs: tuple[Tag, ...] = ()

    @property
    def templates(self) -> tuple[Template, ...]:
        if self._templates is None:
            self._walk()
        assert self._templates is not None
        return self._templates

    @property
    def refs(self) -> tuple[Tag, ...]:
        if self._templates is None:
            self._walk()
        return self._refs

    def _walk(self) -> None:
        templates: list[Template] = []
        refs: list[Tag] = []
        stack: list[list[Node]] = [list(reversed(self._code.nodes))]
        while stack:  # depth first, without a generator per node (mwparserfromhell's way)
            pending = stack[-1]
            if not pending:
                stack.pop()
                continue
            node = pending.pop()
            kind = type(node)
            if kind in _LEAVES:
                continue
            if kind is Template:
                templates.append(node)  # type: ignore[arg-type]
            elif kind is Tag and str(node.tag).lower() == "ref":  # type: ignore[attr-defined]
                refs.append(node)  # type: ignore[arg-type]
            inner = [child for code in node.__children__() for child in code.nodes]
            if inner:
                inner.reverse()
                stack.append(inner)
        self._templates = tuple(templates)
        self._refs = tuple(refs)
