"""A small checker for a built site: broken internal links and requests to other hosts.

It parses every HTML page with the standard library's HTMLParser and resolves each `href` and
`src` against the page's own location inside the site folder. A link is broken when the file
it names does not exist (a folder needs its index.html) or when its `#fragment` names no `id`
in the target page. Links to other hosts are fine as links (`<a href>`), but any resource a
page would LOAD from another host (script, stylesheet, image, media, frame) is reported.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

_LINK_ATTRS = {"href", "src", "poster"}
_LOADS = {"script", "img", "video", "audio", "source", "iframe", "embed", "object", "track"}


@dataclass(frozen=True, slots=True)
class Problem:
    page: str  # site path of the page
    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.url} ({self.reason})"


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, url)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        for name in _LINK_ATTRS & values.keys():
            self.links.append((tag, name, values[name]))
        if tag == "link" and "href" in values:
            rel = values.get("rel", "")
            kind = "stylesheet" if "stylesheet" in rel or "icon" in rel else "link"
            self.links.append((f"link:{kind}", "href", values["href"]))


def parse_page(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def _loads(tag: str) -> bool:
    return tag in _LOADS or tag == "link:stylesheet"


def check_site(site_dir: Path) -> list[Problem]:
    """Every broken internal link and every off-site resource in the site's HTML pages."""
    pages = sorted(p for p in site_dir.rglob("*.html") if "pagefind" not in p.parts)
    parsed = {p.relative_to(site_dir).as_posix(): parse_page(p) for p in pages}
    problems: list[Problem] = []
    for page, parser in parsed.items():
        for tag, _attr, url in parser.links:
            problem = _check_link(site_dir, page, tag, url, parsed)
            if problem:
                problems.append(Problem(page, url, problem))
    return problems


def _check_link(
    site_dir: Path, page: str, tag: str, url: str, parsed: dict[str, _PageParser]
) -> str | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        if parts.scheme in ("http", "https", "") and _loads(tag):
            return "loads a resource from another host"
        if parts.scheme not in ("http", "https", "mailto"):
            return f"scheme '{parts.scheme}' is not allowed"
        return None
    if page == "404.html":
        return None  # served at any depth, links from the server root; checked by the browser
    if not parts.path:
        target = page
    else:
        base = posixpath.dirname(page)
        target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
        if target.startswith("../") or target == "..":
            return "points outside the site"
        if parts.path.endswith("/") or (site_dir / target).is_dir():
            target = posixpath.join(target, "index.html")
    if not (site_dir / target).is_file():
        return "no such file"
    fragment = unquote(parts.fragment)
    if fragment and target.endswith(".html") and target in parsed:
        ids = parsed[target].ids
        if fragment not in ids and "=" not in fragment:
            return f"no element with id '{fragment}'"
    return None
