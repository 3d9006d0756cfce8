"""Tables the tokenizer left as text: MediaWiki starts a table at any `{|` that begins a line.

mwparserfromhell sometimes gives up on a table deep in a long page (a stray apostrophe in a
cell, a paragraph line just before it) and leaves `{| ... |}` as plain text, which would reach
the reader as escaped wikitext. `reparse_tables` finds such a `{|` at a line start in a
top-level text node, cuts the table out up to its matching `|}` line (nested tables counted),
parses that slice on its own and splices the result in. A slice that still does not parse as
a table is left as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from mwparserfromhell.nodes import Tag, Text
from mwparserfromhell.wikicode import Wikicode

_START = re.compile(r"(?:^|\n)([ \t]*)\{\|")
_MAX_TABLES = 200  # repairs per page: a bound, not an expected figure


def _table_end(text: str, start: int) -> int | None:
    """Offset just past the line that closes the table opened at `start`; None if unclosed."""
    depth = 0
    pos = start
    while pos < len(text):
        newline = text.find("\n", pos)
        end = len(text) if newline < 0 else newline
        line = text[pos:end].lstrip(" \t:")
        if line.startswith("{|"):
            depth += 1
        elif line.startswith("|}"):
            depth -= 1
            if depth == 0:
                return end
        pos = end + 1
    return None


def reparse_tables(code: Wikicode, parse: Callable[[str], Wikicode]) -> Wikicode:
    """`code` with every top-level table left as text parsed as a table (a new tree)."""
    nodes = list(code.nodes)
    repaired = 0
    index = 0
    while index < len(nodes) and repaired < _MAX_TABLES:
        node = nodes[index]
        match = _START.search(node.value) if isinstance(node, Text) else None
        if match is None:
            index += 1
            continue
        begin = match.start(1)
        rest = "".join(str(n) for n in nodes[index:])
        end = _table_end(rest, begin)
        table = parse(rest[begin:end]) if end is not None else None
        first = table.nodes[0] if table is not None and table.nodes else None
        if end is None or not (isinstance(first, Tag) and str(first.tag) == "table"):
            # not a table after all: keep the text, look further on in this node
            head, tail = node.value[: match.end()], node.value[match.end() :]
            nodes[index : index + 1] = [Text(head), *([Text(tail)] if tail else [])]
            index += 1
            continue
        assert table is not None and end is not None
        before = [Text(node.value[:begin])] if begin else []
        after = parse(rest[end:]).nodes if end < len(rest) else []
        nodes[index:] = [*before, *table.nodes, *after]
        index += len(before) + len(table.nodes)
        repaired += 1
    return Wikicode(nodes) if repaired else code
