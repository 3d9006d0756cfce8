"""Wikitext → Markdown and plain text.

parse(text)                       wikitext → mwparserfromhell Wikicode (never raises)
render_document(code, title=...)  Wikicode → RenderedDocument (Markdown body, sections,
                                  footnotes, bibliography, images, categories, issues)
plain_text(value, lines=False)    a fragment → clean plain text

What lives here: wikitext.py (the parser wrapper, template names), render.py (a whole document:
sections, anchors, footnotes), nodes.py (the node renderer, `Renderer`), context.py (the
`RenderContext` protocol template handlers see), params.py (template parameters), state.py (what
one document gathers), blocks.py, tags.py, tables.py, refs.py, footnotes.py, images.py, quotes.py,
markup.py (Markdown escaping and URLs), templates/ (one module per template family).

May import: `frontlines.model`, the leaf modules `frontlines.edtf` and `frontlines.text`, and
mwparserfromhell; never `sources`, `extract`, `store`, `publish` or `cli`. Inside, only
render.py and tags.py/tables.py use `nodes`; `templates/` and the helpers it calls (context,
params, state, images, refs, quotes) never import `nodes` (tests/test_layers.py).
"""

from __future__ import annotations

from frontlines.parse.render import RenderedDocument, plain_text, render_document
from frontlines.parse.wikitext import parse

__all__ = ["RenderedDocument", "parse", "plain_text", "render_document"]
