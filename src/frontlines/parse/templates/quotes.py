"""Quotation templates → `> ` blocks with an attribution line ("— Author, Source")."""

from __future__ import annotations

from types import MappingProxyType

from mwparserfromhell.nodes import Template

from frontlines.parse.context import Handler, RenderContext
from frontlines.parse.params import text_of
from frontlines.parse.quotes import quote_block

_ALIGNMENTS = frozenset({"left", "right", "center", "centre"})


def _quote(template: Template, r: RenderContext) -> str:
    """`{{quote|text|author|source}}` or `text=`/`quote=`, `author=`/`sign=`, `source=`;
    `{{rquote|right|text|author}}` names its side first."""
    first = 1
    if r.plain(r.arg(template, 1) or "").strip().lower() in _ALIGNMENTS:
        first = 2
    body = r.arg(template, "text") or r.arg(template, "quote") or r.arg(template, first)
    author = text_of(template, r, "author", "sign", "by", first + 1, "personquoted")
    source = text_of(template, r, "source", "title", first + 2, "quotesource")
    attribution = ", ".join(part for part in (author, source) if part)
    attribution = attribution.lstrip("—–- \u00a0")  # "— Twain" written in the source already
    return quote_block(r, body, attribution or None)


HANDLERS: MappingProxyType[str, Handler] = MappingProxyType(
    dict.fromkeys(
        [
            "quote",
            "blockquote",
            "quotation",
            "cquote",
            "quote box",
            "quotebox",
            "centered pull quote",
            "rquote",
            "pull quote",
            "poem quote",
            "quote frame",
            "block quote",
            "bquote",
            "talkquote",
            "cquote2",
            "quote-box",
            "cita",
        ],
        _quote,
    )
)
