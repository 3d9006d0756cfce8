"""Wikitext → Markdown and plain text.

parse(text)                       wikitext → mwparserfromhell Wikicode (never raises)
render_document(code, title=...)  Wikicode → RenderedDocument (Markdown body, sections,
                                  footnotes, bibliography, images, categories, issues)
plain_text(value, lines=False)    a fragment → clean plain text
"""

from __future__ import annotations

from frontlines.parse.render import RenderedDocument, plain_text, render_document
from frontlines.parse.wikitext import parse

__all__ = ["RenderedDocument", "parse", "plain_text", "render_document"]
