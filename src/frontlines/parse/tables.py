"""Tables (`{| ... |}` and HTML `<table>`) → GFM tables, or sanitised HTML when GFM can't.

GFM is used when no cell spans rows or columns; a table nested in a cell becomes lines of that
cell (links, formatting and footnotes kept). The header row is the first row when it is all
`!` cells, otherwise an empty header stands in. The fallback HTML uses only
table/caption/tr/th/td and rowspan/colspan, with escaped text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mwparserfromhell.nodes import Node, Tag, Text
from mwparserfromhell.wikicode import Wikicode

from frontlines.parse import markup
from frontlines.parse.state import BLOCK_MARK

if TYPE_CHECKING:
    from frontlines.parse.nodes import Renderer

_CELL_TAGS = frozenset({"td", "th"})
_ROW_BREAK = "\x05"  # between a nested table's rows until its cell is done (parse removes C0)
_EDGE_BREAKS = re.compile(r"^(?:\s*\x05)+|(?:\x05\s*)+$")
_ROW_BREAKS = re.compile(r"\s*\x05\s*")


@dataclass(frozen=True, slots=True)
class Cell:
    node: Tag
    header: bool
    rowspan: int
    colspan: int


def render_table(node: Tag, r: Renderer) -> str:
    rows, caption = _rows(node)
    if not r.markdown:
        return _plain_table(rows, caption, r)
    rows = [row for row in rows if row]
    if not rows:
        return r.inline(_caption_contents(caption)) if caption is not None else ""
    caption_md = r.inline(_caption_contents(caption)).strip() if caption is not None else ""
    if r.in_cell:  # a table inside a cell: its rows as lines of that cell
        return _inline_table(rows, caption_md, r)
    spans = any(cell.rowspan > 1 or cell.colspan > 1 for row in rows for cell in row)
    if spans:
        text = _html_table(rows, caption, r)
    else:
        rendered = [[_render_cell(cell, r) for cell in row] for row in rows]
        filled = [text for row in rendered for text in row if _visible(text, r)]
        if not caption_md and len(filled) <= 1:
            # a layout wrapper (around an infobox, a navbox or one image): its content alone
            if not filled:
                return ""
            alone = filled[0]  # a nested table in it: its rows as lines of their own
            alone = _ROW_BREAKS.sub("\n\n", _EDGE_BREAKS.sub("", alone.strip()))
            return f"\n{alone}\n"
        kept = [
            (row, texts)
            for row, texts in zip(rows, rendered, strict=True)
            if any(_visible(t, r) for t in texts)
        ]
        text = _gfm_table(
            [row for row, _ in kept], [[_cell_text(t, r) for t in texts] for _, texts in kept]
        )
    if caption_md and not text.startswith("<table>"):
        text = f"{markup.emphasis(caption_md, '**')}\n\n{text}"
    return r.state.block(text, caption_md or "(table)", "table")


def _span(cell: Tag, name: str) -> int:
    if not cell.has(name):
        return 1
    digits = "".join(ch for ch in str(cell.get(name).value) if ch.isdigit())[:3]
    return max(1, min(int(digits), 50)) if digits else 1


def _rows(table: Tag) -> tuple[list[list[Cell]], Tag | None]:
    rows: list[list[Cell]] = [[]]
    caption: Tag | None = None
    if table.contents is None:
        return [], None
    for node in table.contents.nodes:
        if not isinstance(node, Tag):
            continue
        name = str(node.tag).lower()
        if name == "tr":
            cells = _cells(node)
            rows.append(cells)
        elif name in _CELL_TAGS and caption is None and _is_caption(node):
            caption = node
        elif name in _CELL_TAGS:
            rows[-1].append(_cell(node))
        elif name == "caption":
            caption = node
        elif name in {"thead", "tbody", "tfoot"}:
            inner, _ = _rows(node)
            rows.extend(inner)
    return [row for row in rows if row], caption


def _is_caption(node: Tag) -> bool:
    """`|+ Caption`: mwparserfromhell reads it as a cell whose text starts with "+"."""
    return str(node).startswith("|+")


def _caption_contents(caption: Tag) -> Wikicode:
    """The caption's contents without the "+" (a new Wikicode; the tree is not touched)."""
    nodes = list(caption.contents.nodes) if caption.contents is not None else []
    if str(caption).startswith("|+") and nodes and isinstance(nodes[0], Text):
        nodes[0] = Text(nodes[0].value.lstrip("+"))
    return Wikicode(nodes)


def _cells(row: Tag) -> list[Cell]:
    if row.contents is None:
        return []
    return [
        _cell(node)
        for node in row.contents.nodes
        if isinstance(node, Tag) and str(node.tag).lower() in _CELL_TAGS
    ]


def _cell(node: Tag) -> Cell:
    header = str(node.tag).lower() == "th"
    return Cell(node, header, _span(node, "rowspan"), _span(node, "colspan"))


def _cell_text(rendered: str, r: Renderer) -> str:
    """A cell's rendered Markdown as one table-cell line (blocks by their inline form)."""
    from frontlines.parse.blocks import flatten

    text = flatten(rendered, r.state, breaks="<br>")
    if _ROW_BREAK in text:  # a nested table's rows: breaks without the spaces around them
        text = _ROW_BREAKS.sub("<br>", _EDGE_BREAKS.sub("", text.strip()))
    return text.replace("|", "\\|") if "|" in text.replace("\\|", "") else text


def _render_cell(cell: Cell, r: Renderer) -> str:
    """A cell's Markdown; tables inside it know they are in a cell (`_inline_table`)."""
    r.in_cell += 1
    try:
        return r.render(cell.node.contents)
    finally:
        r.in_cell -= 1


def _visible(rendered: str, r: Renderer) -> bool:
    """Whether a rendered cell shows anything (an extracted infobox leaves nothing)."""
    return BLOCK_MARK in rendered or bool(_cell_text(rendered, r).replace("<br>", "").strip())


def _inline_table(rows: list[list[Cell]], caption_md: str, r: Renderer) -> str:
    """A nested table as lines of its cell (`<br>` between rows, ` · ` between cells), with
    its links, formatting and footnotes: GFM has no nested tables."""
    lines = [markup.emphasis(caption_md, "**")] if caption_md else []
    for row in rows:
        cells = (_cell_text(_render_cell(cell, r), r).strip() for cell in row)
        texts = [text for text in cells if text]
        if texts:
            lines.append(" · ".join(texts))
    return _ROW_BREAK + _ROW_BREAK.join(lines) + _ROW_BREAK if lines else ""


def _gfm_table(rows: list[list[Cell]], texts: list[list[str]]) -> str:
    width = max(len(row) for row in texts)
    if all(cell.header for cell in rows[0]) and len(rows) > 1:
        header, body = texts[0], texts[1:]
    else:
        header, body = [""] * width, texts
    lines = [_gfm_row(header, width), "|" + " --- |" * width]
    lines += [_gfm_row(row, width) for row in body]
    return "\n".join(lines)


def _gfm_row(cells: list[str], width: int) -> str:
    padded = cells + [""] * (width - len(cells))
    return "| " + " | ".join(cell or " " for cell in padded) + " |"


def _html_table(rows: list[list[Cell]], caption: Tag | None, r: Renderer) -> str:
    plain = r.sibling(lines=True)
    plain.refs = True
    out = ["<table>"]
    if caption is not None:
        out.append(f"<caption>{html.escape(plain.plain(_caption_contents(caption)))}</caption>")
    for row in rows:
        cells = []
        for cell in row:
            name = "th" if cell.header else "td"
            attrs = "".join(
                f' {key}="{value}"'
                for key, value in (("rowspan", cell.rowspan), ("colspan", cell.colspan))
                if value > 1
            )
            text = plain.plain(cell.node.contents, lines=True)
            body = "<br>".join(html.escape(line) for line in text.split("\n"))
            cells.append(f"<{name}{attrs}>{body}</{name}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _plain_table(rows: list[list[Cell]], caption: Tag | None, r: Renderer) -> str:
    # r's own line mode keeps r itself (and its footnote marks, inside an HTML table's cell)
    lines = [r.plain(_caption_contents(caption), lines=r.lines)] if caption is not None else []
    for row in rows:
        lines.append(" ".join(r.plain(cell.node.contents, lines=r.lines) for cell in row))
    return "\n" + "\n".join(lines) + "\n"


def is_table(node: Node) -> bool:
    return isinstance(node, Tag) and str(node.tag).lower() == "table"
