"""The allow-list every piece of HTML that came from wikitext passes before it reaches a page.

Article bodies are Markdown converted from wikitext, and Markdown lets raw HTML through; so the
rendered HTML is cleaned with nh3 (ammonia): only the tags and attributes below survive, URLs
must be http(s), mailto or relative, `<script>`/`<style>`/`<iframe>` go with their content,
event handlers and `style` attributes go entirely. `<img>` stays only when it shows one of the
site's own thumbnails (`media/<sha1>.<ext>`), unless remote images are switched on.
"""

from __future__ import annotations

import re

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
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type"},
    "time": {"datetime"},
    "abbr": {"title"},
}

_DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template"}
_URL_SCHEMES = {"http", "https", "mailto"}


_OWN_MEDIA = re.compile(r"^(?:\.\./)*media/[0-9a-f]{40}\.[a-z]{3,4}$")
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def _local_only(tag: str, attribute: str, value: str) -> str | None:
    """`<img>` sources must be the site's own thumbnails (`media/<sha1>.<ext>`, relative)."""
    if tag == "img" and attribute in ("src", "srcset"):
        urls = [part.strip().split(" ")[0] for part in value.split(",")]
        if not all(_OWN_MEDIA.match(url) for url in urls):
            return None
    return value


def clean_html(html: str, *, allow_images: bool = False) -> str:
    """HTML reduced to the allow-list. `<img>` may show the site's own files (relative URLs);
    images from other hosts are kept only when `allow_images` is set."""
    cleaned = nh3.clean(
        html,
        tags=set(_TEXT_TAGS | {"img"}),
        attribute_filter=None if allow_images else _local_only,
        clean_content_tags=_DROP_WITH_CONTENT,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return cleaned if allow_images else _IMG_WITHOUT_SRC.sub("", cleaned)
