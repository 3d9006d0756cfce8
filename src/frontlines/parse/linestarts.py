"""Tables the tokenizer left as text: MediaWiki starts a table at any `{|` that begins a line.

mwparserfromhell sometimes gives up on a table deep in a long page (a stray apostrophe in a
cell, a paragraph line just before it) and leaves `{| ... |}` as plain text, which would reach
the reader as escaped wikitext. `reparse_tables` finds such a `{|` at a line start in a
top-level text node, cuts the table out up to its matching `|}` line (nested tables counted),
parses that slice on its own (closing it at the end of the page if it is never closed) and
splices the result in. A slice that still does not parse as
a table loses its `{|` line (markup and attributes); its text stays.

Row and end lines (`|-`, `|}`) left in top-level text belong to a table a template opened
(`{{s-start}}` ... `{{s-end}}` succession boxes): the templates are not rendered as a table,
so their row separators are dropped too.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from mwparserfromhell.nodes import Tag, Text
from mwparserfromhell.wikicode import Wikicode

_START = re.compile(r"(?:^|\n)([ \t]*)\{\|")
_ORPHAN_ROW = re.compile(r"(?:^|\n)[ \t]*\|(?:-+|\})[ \t]*(?=\n|$)")
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
        if not isinstance(node, Text):
            index += 1
            continue
        match = _START.search(node.value)
        if match is None:
            index += 1
            continue
        begin = match.start(1)
        rest = "".join(str(n) for n in nodes[index:])
        end = _table_end(rest, begin)
        if end is None:  # MediaWiki closes a table left open at the end of the page
            end = len(rest)
            table = parse(rest[begin:] + "\n|}")
        else:
            table = parse(rest[begin:end])
        first = table.nodes[0] if table.nodes else None
        if not (isinstance(first, Tag) and str(first.tag) == "table"):
            # unparseable even alone: the `{|` line (markup and attributes) goes, the text stays
            line_end = node.value.find("\n", match.end())
            tail = node.value[line_end:] if line_end >= 0 else ""
            nodes[index : index + 1] = [Text(node.value[:begin]), *([Text(tail)] if tail else [])]
            index += 1
            continue
        before = [Text(node.value[:begin])] if begin else []
        after = parse(rest[end:]).nodes if end < len(rest) else []
        nodes[index:] = [*before, *table.nodes, *after]
        index += len(before) + len(table.nodes)
        repaired += 1
    cleaned = 0
    for position, node in enumerate(nodes):
        if isinstance(node, Text) and "|" in node.value and _ORPHAN_ROW.search(node.value):
            nodes[position] = Text(_ORPHAN_ROW.sub("", node.value))
            cleaned += 1
    return Wikicode(nodes) if repaired or cleaned else code
