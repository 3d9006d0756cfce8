"""The mwparserfromhell wrapper: wikitext in, a Wikicode tree out, never an exception.

Also the small helpers every renderer and template module shares: template-name normalisation
and parameter look-up. Nothing here mutates a tree it is given.
"""

from __future__ import annotations

import re

import mwparserfromhell
from ftfy.fixes import fix_c1_controls
from mwparserfromhell.nodes import Node, Template, Text
from mwparserfromhell.wikicode import Wikicode

__all__ = [
    "Node",
    "Template",
    "Wikicode",
    "has_param",
    "param",
    "param_text",
    "parse",
    "positional",
    "template_name",
]

# Characters MediaWiki itself never keeps: C0 controls except tab/newline, and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SPACES = re.compile(r"[\s_]+")
_C1 = re.compile(r"[\x80-\x9f]")  # cp1252 bytes decoded as Latin-1: never real wikitext
_TABLE_START = re.compile(r"(?:^|\n)[ \t]*\{\|")
_QUOTES = re.compile(r"'{2,}")
_BOLD = "'" * 3
_ITALIC = "'" * 2

# Magic words written like `{{NAME:argument}}`; the name is what they dispatch on.
MAGIC_FUNCTIONS = frozenset(
    {
        "defaultsort",
        "defaultsortkey",
        "defaultcategorysort",
        "displaytitle",
        "lc",
        "uc",
        "lcfirst",
        "ucfirst",
        "formatnum",
        "fullurl",
        "localurl",
        "canonicalurl",
        "filepath",
        "urlencode",
        "anchorencode",
        "padleft",
        "padright",
        "ns",
        "plural",
        "grammar",
        "gender",
        "int",
        "tag",
        "pagesincategory",
        "numberofarticles",
        "pagename",
        "fullpagename",
    }
)


def parse(text: str) -> Wikicode:
    """Parse wikitext into a tree; bad markup becomes text, never an error.

    Control characters are removed first (MediaWiki refuses them too) and C1 characters, the
    trace of Windows-1252 text decoded as Latin-1, are read as Windows-1252. In a page with
    tables, bold or italic left open on a cell line is closed at the line end, as MediaWiki
    does (else the parser runs it over the rows below, or gives up on the table). If the
    tokenizer fails on some pathological input, the whole text comes back as a single text node.
    """
    clean = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if _C1.search(clean):
        clean = fix_c1_controls(clean)
    if _TABLE_START.search(clean):
        clean = _close_cell_quotes(clean)
    try:
        return mwparserfromhell.parse(clean)
    except Exception:  # the parser's own bugs must not stop a batch  # noqa: BLE001
        return Wikicode([Text(clean)])


def _close_cell_quotes(text: str) -> str:
    """Close bold/italic left open on table lines, as MediaWiki does at every line end.

    An unclosed bold mark in a cell makes mwparserfromhell run it on over the next rows or give
    up on the whole table; MediaWiki itself closes open quotes at the end of each line, so
    closing them here changes nothing a reader would see.
    """
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line[:1] in {"|", "!"} and "''" in line:
            bold = italic = False
            for run in _QUOTES.findall(line):
                if len(run) >= 5:
                    bold, italic = not bold, not italic
                elif len(run) >= 3:
                    bold = not bold
                else:
                    italic = not italic
            lines[index] = line + (_BOLD if bold else "") + (_ITALIC if italic else "")
    return "\n".join(lines)


def template_name(template: Template) -> str:
    """Normalised name: lowercase, `_` and runs of spaces as one space, "Template:" stripped.

    Parser functions and magic words keep only their head: `{{#if:x|..}}` → "#if",
    `{{DEFAULTSORT:Foo}}` → "defaultsort".
    """
    raw = str(template.name)
    if "<!--" in raw:
        raw = re.sub(r"<!--.*?(-->|$)", "", raw, flags=re.S)
    name = _SPACES.sub(" ", raw).strip()
    if ":" in name:
        head, _, rest = name.partition(":")
        lowered = head.strip().lower()
        if lowered.startswith("#") or lowered in MAGIC_FUNCTIONS:
            return lowered
        if lowered in {"template", "msg", "subst", "safesubst"}:
            name = rest.strip()
    return name.lower()


def param(template: Template, *names: str) -> Wikicode | None:
    """The value of the first of `names` the template has with a non-blank value."""
    for name in names:
        if template.has(name, ignore_empty=True):
            return template.get(name).value  # type: ignore[no-any-return]
    return None


def param_text(template: Template, *names: str) -> str:
    """The raw wikitext of the first non-blank parameter of `names`, stripped; "" if none."""
    value = param(template, *names)
    return str(value).strip() if value is not None else ""


def has_param(template: Template, name: str) -> bool:
    return bool(template.has(name, ignore_empty=True))


def positional(template: Template) -> list[Wikicode]:
    """Positional parameter values in order (1, 2, 3 ...), named ones skipped."""
    values: list[tuple[int, Wikicode]] = []
    for item in template.params:
        name = str(item.name).strip()
        if name.isdigit():
            values.append((int(name), item.value))
    values.sort(key=lambda pair: pair[0])
    return [value for _, value in values]
