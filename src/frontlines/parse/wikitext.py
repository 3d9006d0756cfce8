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
    trace of Windows-1252 text decoded as Latin-1, are read as Windows-1252. Bold or italic
    left open on a table line or inside a one-line template is closed (see
    `_close_open_quotes`), as MediaWiki would. If the tokenizer fails on some pathological
    input, the whole text comes back as a single text node.
    """
    clean = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if _C1.search(clean):
        clean = fix_c1_controls(clean)
    if "''" in clean:
        clean = _close_open_quotes(clean, tables=_TABLE_START.search(clean) is not None)
    try:
        return mwparserfromhell.parse(clean)
    except Exception:  # the parser's own bugs must not stop a batch  # noqa: BLE001
        return Wikicode([Text(clean)])


def _close_open_quotes(text: str, *, tables: bool) -> str:
    """Close bold/italic left open on a line, as MediaWiki does at every line end.

    MediaWiki expands templates first and applies quotes line by line afterwards, so a stray
    `''` never spans lines nor breaks a template. mwparserfromhell instead runs an open mark on
    over the next table rows (or gives up on the table), and inside a template argument lets
    it swallow the templates on the lines below. So: on a table line (when the page has
    tables) the marks are closed at the line end; on a line holding whole templates, just
    before its last `}}`. A reader sees the same text.
    """
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if "''" not in line:
            continue
        in_table = tables and line[:1] in {"|", "!"}
        whole_templates = "{{" in line and line.count("{{") == line.count("}}")
        if not (in_table or whole_templates):
            continue
        closing, opened = _closing_marks(line)
        if not closing:
            continue
        if in_table:
            lines[index] = line + closing
        else:
            end = _argument_end(line, opened)
            lines[index] = line[:end] + closing + line[end:]
    return "\n".join(lines)


def _closing_marks(line: str) -> tuple[str, int]:
    """The marks that close the bold and italic a line leaves open ("" when none), and where
    the first of those still open was opened."""
    bold = italic = None  # where each was opened, while open
    for run in _QUOTES.finditer(line):
        size = len(run.group(0))
        if size >= 3:
            bold = None if bold is not None else run.start()
        if size == 2 or size >= 5:
            italic = None if italic is not None else run.start()
    opened = min(p for p in (bold, italic, len(line)) if p is not None)
    return (_BOLD if bold is not None else "") + (_ITALIC if italic is not None else ""), opened


def _argument_end(line: str, start: int) -> int:
    """Where the template argument holding `start` ends: its next `|` or `}}` outside inner
    links and templates (the line's last `}}` when the line never closes it)."""
    links = templates = 0
    index = start
    while index < len(line):
        pair = line[index : index + 2]
        if pair in ("[[", "{{", "]]", "}}"):
            if pair == "}}" and templates == 0:
                return index
            links += {"[[": 1, "]]": -1}.get(pair, 0)
            templates += {"{{": 1, "}}": -1}.get(pair, 0)
            index += 2
            continue
        if line[index] == "|" and links <= 0 and templates <= 0:
            return index
        index += 1
    return line.rindex("}}")


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
