"""Article Markdown to safe HTML: CommonMark + GFM tables + footnotes, then the allow-list.

Bracketed spans with an id (`[]{#CITEREFHealy1993}`, how the converter marks bibliography
entries that short footnotes link to) become `<span id>`. Links to Wikipedia articles that the
site itself publishes are pointed at the local page. An image paragraph becomes a `<figure>`
(publish/figures.py) showing the site's own thumbnail; with no cached file and remote images off
(the default, so no page loads anything from another host) it is a link to the file page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import unescape
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.attrs import attrs_plugin

from frontlines.publish.figures import (
    FigureInfo,
    figure_rule,
    render_figcaption_close,
    render_figcaption_open,
    render_figure_close,
    render_figure_open,
    render_image,
)
from frontlines.publish.footnotes import use_footnotes
from frontlines.publish.sanitize import clean_html
from frontlines.text.anchors import Anchors

_WIKI_PATH = re.compile(r"^/wiki/(?P<title>[^?#]+)$")
_ID = re.compile(r'\sid="([^"]+)"')
_FRAGMENT_LINK = re.compile(
    r'<a href="#(?P<target>[^"]*)"(?P<rest>[^>]*)>(?P<text>.*?)</a>', re.DOTALL
)


def _heading_ids(state: StateCore) -> None:
    """Give each heading (levels 2-6) the id `text.anchors` gives it in the article's JSON."""
    anchors = Anchors()
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.tag == "h1":
            continue
        children = tokens[index + 1].children or []
        title = "".join(c.content for c in children if c.type in ("text", "code_inline"))
        token.attrSet("id", anchors.claim(title))


def wiki_title(url: str) -> str | None:
    """The article title a Wikipedia page URL names, or None for any other URL."""
    parts = urlsplit(url)
    if not parts.netloc.endswith("wikipedia.org"):
        return None
    match = _WIKI_PATH.match(parts.path)
    if match is None:
        return None
    return unquote(match.group("title")).replace("_", " ")


def _render_link_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    title = wiki_title(str(token.attrGet("href") or ""))
    local: Mapping[str, str] = env.get("local_links") or {}
    if title is not None and title in local:
        token.attrSet("href", local[title])
    return self.renderToken(tokens, idx, options, env)


def make_markdown() -> MarkdownIt:
    """A parser for article bodies; build one per site build (it is not shared state)."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable("table").enable("strikethrough")
    use_footnotes(md)  # each notes list where the article has it (publish/footnotes.py)
    md.core.ruler.push("heading_ids", _heading_ids)  # the converter's section anchors
    # `[]{#CITEREFx}`: the converter's anchors for bibliography entries (ids only)
    md.use(attrs_plugin, spans=True, after=("span_close",), allowed=["id"])
    md.core.ruler.push("figures", figure_rule)  # an image paragraph is a <figure>
    md.add_render_rule("image", render_image)
    md.add_render_rule("figure_open", render_figure_open)
    md.add_render_rule("figure_close", render_figure_close)
    md.add_render_rule("figcaption_open", render_figcaption_open)
    md.add_render_rule("figcaption_close", render_figcaption_close)
    md.add_render_rule("link_open", _render_link_open)
    return md


def render_markdown(
    md: MarkdownIt,
    text: str,
    *,
    local_links: Mapping[str, str] | None = None,
    remote_images: bool = False,
    figures: Mapping[str, FigureInfo] | None = None,
) -> str:
    """Markdown → HTML that has passed the allow-list; `figures` are the page's own images."""
    env: dict[str, Any] = {
        "local_links": dict(local_links or {}),
        "remote_images": remote_images,
        "figures": dict(figures or {}),
    }
    html = md.render(text, env)
    return _unindexed(mark_lost_characters(clean_html(html, allow_images=remote_images)))


_NOT_FOR_SEARCH = ('<span class="footnote-label">', '<span class="footnote-backrefs">')


def _unindexed(html: str) -> str:
    """Footnote labels and back-links ("a. ^ a b") stay out of search snippets (Pagefind)."""
    for opening in _NOT_FOR_SEARCH:
        html = html.replace(opening, opening[:-1] + " data-pagefind-ignore>")
    return html


LOST = "\ufffd"
LOST_NOTE = "A character the source lost before it reached this site"


def mark_lost_characters(html: str) -> str:
    """Each U+FFFD (a character an earlier conversion of the source lost) as a visible mark
    with a tooltip. Only text between tags is touched, never an attribute."""
    if LOST not in html:
        return html
    marked = f'<mark class="lost-char" title="{LOST_NOTE}">{LOST}</mark>'
    return _TEXT_RUN.sub(lambda m: m.group(0).replace(LOST, marked), html)


_TEXT_RUN = re.compile(r"(?:^|(?<=>))[^<]+")


def unlink_missing_fragments(html: str) -> tuple[str, tuple[str, ...]]:
    """Links to `#ids` the body lacks become plain text; returns the html and the missing ids.

    A short footnote whose bibliography entry the converter could not anchor would otherwise
    be a broken link; the citation text stays, only the jump goes.
    """
    ids = {unescape(found) for found in _ID.findall(html)}
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        target = unquote(unescape(match.group("target")))  # markdown-it percent-encodes
        if target in ids:
            return match.group(0)
        missing.append(target)
        return f'<span class="unlinked-ref">{match.group("text")}</span>'

    return _FRAGMENT_LINK.sub(replace, html), tuple(missing)
