"""Block quotations: `{{quote}}`, `{{blockquote}}`, `<blockquote>` → `> ` blocks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mwparserfromhell.wikicode import Wikicode

if TYPE_CHECKING:
    from frontlines.parse.nodes import Renderer


def quote_block(r: Renderer, body: Wikicode | str | None, attribution: str | None) -> str:
    """A quotation block with an optional attribution line ("— Author, Source")."""
    from frontlines.parse.blocks import assemble_fragment

    if not r.markdown:
        text = r.plain(body)
        return f"\n{text}" + (f" — {attribution}" if attribution else "") + "\n"
    lines = assemble_fragment(r.render(body), r.state)
    if not any(line.strip() for line in lines):
        return ""
    quoted = [f"> {line}" if line.strip() else ">" for line in lines]
    if attribution:
        quoted += [">", f"> — {attribution}"]
    inline = " ".join(line.strip() for line in lines if line.strip())
    inline = f"“{inline}”" + (f" — {attribution}" if attribution else "")
    return r.state.block("\n".join(quoted), inline, "quote")
