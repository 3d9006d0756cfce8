"""The allow-list every piece of HTML that came from wikitext passes before it reaches a page.

Article bodies are Markdown converted from wikitext, and Markdown lets raw HTML through; so the
rendered HTML is cleaned with nh3 (ammonia): only the tags and attributes below survive, URLs
must be http(s), mailto or relative, `<script>`/`<style>`/`<iframe>` go with their content,
event handlers and `style` attributes go entirely.
"""

from __future__ import annotations

import nh3

_TEXT_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dfn",
        "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr",
        "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "section", "small",
        "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
        "time", "tr", "u", "ul", "var", "wbr",
    }
)  # fmt: skip

_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type"},
    "time": {"datetime"},
    "abbr": {"title"},
}

_DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template"}
_URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(html: str, *, allow_images: bool = False) -> str:
    """HTML reduced to the allow-list; `<img>` is kept only when `allow_images` is set."""
    tags = set(_TEXT_TAGS | {"img"}) if allow_images else set(_TEXT_TAGS)
    return nh3.clean(
        html,
        tags=tags,
        clean_content_tags=_DROP_WITH_CONTENT,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
