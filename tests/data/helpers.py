"""Checks the export tests share: rendering a collection entry with a real CommonMark + GFM +
footnotes renderer and finding what would print as markup or point nowhere."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

LITERALS = ("[]{#", "{{", "[[")


def renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True})
    return md.enable("table").enable("strikethrough").use(footnote_plugin)


def body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path
    return text.split("\n---\n", 1)[1]


def page_faults(md: MarkdownIt, path: Path) -> tuple[list[str], list[str], int]:
    """(literal markup found, in-page links without their anchor, short-citation links)."""
    html = md.render(body(path))
    literals = [literal for literal in LITERALS if literal in html]
    ids = {unquote(value) for value in re.findall(r'\b(?:id|name)="([^"]+)"', html)}
    links = [unquote(href[1:]) for href in re.findall(r'href="(#[^"]*)"', html)]
    missing = [link for link in links if link not in ids]
    return literals, missing, sum(1 for link in links if link.startswith("CITEREF"))
