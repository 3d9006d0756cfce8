"""Image metadata from `prop=imageinfo` (Commons or any MediaWiki), as safe plain text.

Commons' `extmetadata` values are HTML written by uploaders (the artist is often
`<a href="...">Name</a>`, descriptions carry `<div>`s, sometimes `<script>`). `safe_text` keeps
only the words: no tags, nothing inside <script>/<style>, entities decoded, whitespace collapsed.
The result is plain text: whoever writes it into HTML still escapes it as text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

__all__ = ["ImageInfo", "image_info_from_page", "safe_text"]

_SKIPPED_ELEMENTS = frozenset({"script", "style", "template", "noscript", "iframe", "object"})
_BREAKING_ELEMENTS = frozenset({"br", "p", "div", "li", "tr", "td", "th", "ul", "ol", "dd", "dt"})
_TAG_LIKE = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY_LIKE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_SPACES = re.compile(r"\s+")
_MAX_PASSES = 3


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """What the licence asks us to show for one file; text fields are plain, safe text."""

    file: str  # file name without "File:", spaces not underscores
    url: str  # the original file
    width: int | None
    height: int | None
    sha1: str | None
    licence: str | None  # short name, e.g. "CC BY-SA 4.0", "Public domain"
    licence_url: str | None
    artist: str | None
    credit: str | None
    attribution_required: bool | None
    description: str | None
    description_url: str | None  # the file's page on its wiki


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_ELEMENTS:
            self._skipping += 1
        elif tag in _BREAKING_ELEMENTS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_ELEMENTS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BREAKING_ELEMENTS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def safe_text(html: str | None) -> str | None:
    """Plain text of an HTML fragment; None when nothing readable is left.

    Text that still looks like a tag or an entity after decoding (`&lt;b&gt;` or `&amp;lt;`
    written by an uploader) is read again, up to three passes; a `<` that would still start a
    tag becomes `‹`.
    """
    if html is None:
        return None
    text = html
    for _ in range(_MAX_PASSES):
        collector = _TextCollector()
        collector.feed(text)
        collector.close()
        text = "".join(collector.parts)
        if not _TAG_LIKE.search(text) and not _ENTITY_LIKE.search(text):
            break
    text = _TAG_LIKE.sub("‹", text)
    text = _SPACES.sub(" ", text).strip()
    return text or None


def image_info_from_page(page: Mapping[str, Any]) -> ImageInfo | None:
    """An ImageInfo from one `query.pages[]` entry (formatversion=2); None if it has no file."""
    infos = page.get("imageinfo")
    if not isinstance(infos, list) or not infos or not isinstance(infos[0], dict):
        return None
    info: dict[str, Any] = infos[0]
    metadata = info.get("extmetadata")
    meta: Mapping[str, Any] = metadata if isinstance(metadata, dict) else {}
    title = str(page.get("title", ""))
    return ImageInfo(
        file=title.partition(":")[2] if ":" in title else title,
        url=str(info.get("url", "")),
        width=_int_or_none(info.get("width")),
        height=_int_or_none(info.get("height")),
        sha1=_str_or_none(info.get("sha1")),
        licence=safe_text(_meta_value(meta, "LicenseShortName")),
        licence_url=_plain_url(_meta_value(meta, "LicenseUrl")),
        artist=safe_text(_meta_value(meta, "Artist")),
        credit=safe_text(_meta_value(meta, "Credit")),
        attribution_required=_meta_bool(_meta_value(meta, "AttributionRequired")),
        description=safe_text(_meta_value(meta, "ImageDescription")),
        description_url=_str_or_none(info.get("descriptionurl")),
    )


def _meta_value(meta: Mapping[str, Any], key: str) -> str | None:
    entry = meta.get(key)
    if not isinstance(entry, dict):
        return None
    value = entry.get("value")
    if value is None or isinstance(value, dict | list):
        return None  # multilingual values come as dicts only without extmetadatalanguage
    return str(value)


def _meta_bool(value: str | None) -> bool | None:
    if value is None:
        return None
    lowered = value.strip().lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    return None


def _plain_url(value: str | None) -> str | None:
    text = safe_text(value)
    if text is None or not text.startswith(("https://", "http://", "//")):
        return None
    return "https:" + text if text.startswith("//") else text


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
