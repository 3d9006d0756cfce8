"""Block quotations: `{{quote}}`, `{{blockquote}}`, `<blockquote>` → `> ` blocks."""

from __future__ import annotations

from mwparserfromhell.wikicode import Wikicode

from frontlines.parse.context import RenderContext


def quote_block(r: RenderContext, body: Wikicode | str | None, attribution: str | None) -> str:
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
