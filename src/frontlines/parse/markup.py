"""Small Markdown and URL helpers with no knowledge of wikitext."""

from __future__ import annotations

import re
from urllib.parse import quote

_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "*": "\\*",
        "_": "\\_",
        "`": "\\`",
        "[": "&#91;",
        "]": "&#93;",
        "<": "&lt;",
        ">": "\\>",
        "{": "\\{",
        "}": "\\}",
        "~": "\\~",
        "|": "\\|",
    }
)
_NEEDS_ESCAPE = re.compile(r"[\\*_`\[\]<>{}~|&]")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(?:[#=+\-]|\d{1,9}[.)](?:\s|$))")
_NAMESPACE_START = re.compile(r"^(\s*(?:category|file|image)\s*):", re.I)
_SAFE_SCHEMES = ("http://", "https://", "ftp://", "ftps://", "mailto:", "news:", "irc://", "//")
_WS = re.compile(r"\s{2,}|[^\S ]")  # a run of whitespace, or one that is not a space


def escape(text: str) -> str:
    """Escape text so Markdown shows it literally (inline constructs only).

    `<` becomes `&lt;` (never a tag, never the start of `<ref` or `<!--` in the output), square
    brackets become `&#91;`/`&#93;` (so text next to a footnote mark or link can never form
    `[[`/`]]`), and an `&` that would start an entity becomes `&amp;`.
    """
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    if "&" in text:
        text = _ENTITY_LIKE.sub("&amp;", text)
    return text.translate(_ESCAPES)


def escape_line_start(line: str) -> str:
    """Escape a paragraph line that would otherwise start a heading, list or rule.

    A line of literal text starting "File:"/"Category:" gets its colon as `&#58;`, so such a
    line in the output always means text, never a link that failed to render.
    """
    if ":" in line.lstrip()[:12]:  # also after leading spaces (`&nbsp;File:`)
        line = _NAMESPACE_START.sub(r"\1&#58;", line)
    match = _LINE_START.match(line)
    if match is None:
        return line
    if line[0].isdigit():
        end = match.end() - (1 if match.group(0)[-1].isspace() else 0)
        return line[: end - 1] + "\\" + line[end - 1 :]
    return "\\" + line


def collapse(text: str) -> str:
    """Single-space a string (any run of whitespace, nbsp included, becomes one space)."""
    return _WS.sub(" ", text).strip()


def safe_url(url: str) -> str | None:
    """The URL if its scheme is one a link may use (never javascript:/data:), else None."""
    url = url.strip()
    lowered = url.lower()
    if not url or not lowered.startswith(_SAFE_SCHEMES) or "{{" in url or "[" in url:
        return None
    if lowered.startswith("//"):
        url = "https:" + url
    url = quote(url, safe="/:?#&=+%@!$',;~*-._")
    if url.endswith("-"):  # `<http://x.org/a-->` would read as the end of a comment
        stem = url.rstrip("-")
        url = stem + "%2D" * (len(url) - len(stem))
    return url


def page_url(site: str, title: str) -> str:
    """The wiki URL of a page title: spaces as underscores, URL-encoded."""
    title = collapse(title).replace(" ", "_")
    page, hashmark, fragment = title.partition("#")
    url = f"{site.rstrip('/')}/wiki/{quote(page, safe='/:,;!$*-._~@')}"
    if hashmark and fragment:
        url += "#" + quote(fragment, safe="-._~:")
    return url


def file_url(file: str) -> str:
    """The Commons `Special:FilePath` URL of a file name (without "File:")."""
    name = collapse(file).replace(" ", "_")
    return "https://commons.wikimedia.org/wiki/Special:FilePath/" + quote(name, safe="-._~,!")


_FOOTNOTE_MARK = re.compile(r"\[\^[\w-]+\]")


def link(text: str, url: str) -> str:
    """A Markdown inline link; text is already Markdown. Footnote marks move after the link."""
    if "[^" in text:
        marks = "".join(_FOOTNOTE_MARK.findall(text))
        text = _FOOTNOTE_MARK.sub("", text).strip()
        return (f"[{text}]({url})" if text else f"<{url}>") + marks
    return f"[{text}]({url})" if text else f"<{url}>"


def emphasis(text: str, mark: str) -> str:
    """Wrap Markdown in `*`/`**`, keeping surrounding spaces outside the marks."""
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{mark}{core}{mark}{trail}"
