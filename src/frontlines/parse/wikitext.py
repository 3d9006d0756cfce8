"""The mwparserfromhell wrapper: wikitext in, a Wikicode tree out, never an exception.

Also template-name normalisation, which every renderer and extractor shares (parameters are
read in `parse.params`). Nothing here mutates a tree it is given.
"""

from __future__ import annotations

import functools
import re

from mwparserfromhell.nodes import Node, Template, Text
from mwparserfromhell.wikicode import Wikicode

from frontlines.parse.builder import parse_tree
from frontlines.parse.guard import escape_unclosed
from frontlines.parse.linestarts import reparse_tables

__all__ = [
    "Node",
    "Template",
    "Wikicode",
    "parse",
    "restore_paragraphs",
    "source_text",
    "template_name",
]

# Characters MediaWiki itself never keeps: C0 controls except tab/newline, and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SPACES = re.compile(r"[\s_]+")
_C1 = re.compile(r"[\x80-\x9f]")  # cp1252 bytes decoded as Latin-1: never real wikitext


def _windows_1252(code: int) -> str:
    """The character byte `code` stands for in Windows-1252; the five bytes it leaves undefined
    stay themselves (as browsers, and ftfy's "sloppy-windows-1252", read them)."""
    try:
        return bytes([code]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(code)


# C1 characters read as Windows-1252: what ftfy's fix_c1_controls does, without importing ftfy
# (5 MB of tables in every worker process for one table of 32 characters)
C1_AS_WINDOWS_1252 = {code: _windows_1252(code) for code in range(0x80, 0xA0)}
_TABLE_START = re.compile(r"(?:^|\n)[ \t]*\{\|")
_QUOTES = re.compile(r"'{2,}")
_PARAGRAPH_TAG = re.compile(r"</?p\s*/?>", re.I)
_PARAGRAPH_OPEN = re.compile(r"<p\s*>", re.I)
_PARAGRAPH_CLOSE = re.compile(r"</p\s*>", re.I)
_REF_NEWLINE = re.compile(r"<ref[ \t]*\n\s*(?=(?:name|group)\s*=)", re.I)
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
    left open is closed where MediaWiki would end it (see `_close_open_quotes`), and a ref tag
    broken over two lines is joined, and runs of unclosed openers are read as text (`guard`).
    If the tokenizer fails on some pathological
    input, the whole text comes back as a single text node.
    """
    clean = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    clean = escape_unclosed(clean)  # thousands of unclosed openers: text, in linear time
    if _C1.search(clean):
        clean = clean.translate(C1_AS_WINDOWS_1252)
    if "<ref" in clean:
        clean = _REF_NEWLINE.sub("<ref ", clean)  # `<ref\nname=x>`: MediaWiki reads it
    if _PARAGRAPH_TAG.search(clean) and len(_PARAGRAPH_OPEN.findall(clean)) > len(
        _PARAGRAPH_CLOSE.findall(clean)
    ):  # bare `<p>` left open, as HTML allows: a paragraph break, which is all it means
        clean = _PARAGRAPH_TAG.sub("\n\n", clean)
    if "''" in clean:
        clean = _close_open_quotes(clean, tables=_TABLE_START.search(clean) is not None)
    try:
        code = parse_tree(clean)
    except Exception:  # the parser's own bugs must not stop a batch  # noqa: BLE001
        return Wikicode([Text(clean)])
    if "{|" in clean or "\n|" in clean:  # table markup the tokenizer left as text (linestarts)
        code = reparse_tables(code, _parse_slice)
    return code


def _parse_slice(text: str) -> Wikicode:
    try:
        return parse_tree(text)
    except Exception:  # noqa: BLE001
        return Wikicode([Text(text)])


def restore_paragraphs(text: str) -> str | None:
    """A page copied without its blank lines gets its paragraph breaks back; None otherwise.

    Every real article separates paragraphs with blank lines, so a long page with none at all
    lost them on the way (the line breaks stayed, and MediaWiki would run the lines together).
    Between two lines of prose at the top level (outside templates, tables, refs and verbatim
    text) a blank line is put back; lists, headings, tables and templates are left as they are.
    """
    if "\n\n" in text or text.count("\n") < _MIN_LINES:
        return None
    lines = text.split("\n")
    out: list[str] = []
    depth = 0  # open templates, tables and multi-line tags before this line
    previous_prose = False
    for line in lines:
        prose = depth == 0 and _PROSE_START.match(line) is not None
        if prose and previous_prose:
            out.append("")
        out.append(line)
        depth = max(0, depth + _openings(line))
        previous_prose = prose and depth == 0
    return "\n".join(out)


_MIN_LINES = 8
# A line of running text: a letter, digit, quote, bracket, bold/italic or an ordinary link.
_PROSE_START = re.compile(r"[\w\"“‘(]|'{2,}|\[\[(?!\s*(?:file|image|category)\s*:)|\[https?:", re.I)
_OPENERS = re.compile(
    r"\{\{|\}\}|^\s*\{\||^\s*\|\}|<(/?)(ref|poem|gallery|blockquote|pre|"
    r"nowiki|math|syntaxhighlight|source)\b[^>]*?(/?)>|<!--|-->",
    re.I | re.M,
)


def _openings(line: str) -> int:
    """How many templates, tables and multi-line tags a line opens, less those it closes."""
    count = 0
    for match in _OPENERS.finditer(line):
        token = match.group(0)
        if token in ("{{", "<!--") or token.lstrip().startswith("{|"):
            count += 1
        elif token in ("}}", "-->") or token.lstrip().startswith("|}"):
            count -= 1
        elif match.group(2):
            count += 0 if match.group(3) else (-1 if match.group(1) else 1)
    return count


def _close_open_quotes(text: str, *, tables: bool) -> str:
    """Close bold/italic left open, where MediaWiki's own reading ends them.

    MediaWiki expands templates and reads each `<ref>` on its own before it applies quotes,
    and then applies them line by line: a stray `''` never spans lines, a template argument or
    a footnote. mwparserfromhell instead lets an open mark run on: over the next table rows
    (or it gives up on the table), through the templates and refs that follow, turning later
    headings into bold text. So the marks are closed where MediaWiki's reading would end them:
    before a ref's `</ref>` or an external link's `]`, at the end of a template argument (its
    next `|` or `}}`), else at the end of the line (always so on a table line). Lines holding
    verbatim text (`<nowiki>`, `<pre>`, `<math>`, code, comments) are left alone. A reader sees
    the same text.
    """
    lines = text.split("\n")
    depth = 0  # template depth at the start of the line
    verbatim = False
    for index, line in enumerate(lines):
        inside = depth > 0
        depth = max(0, depth + line.count("{{") - line.count("}}"))
        if verbatim or _VERBATIM.search(line):
            verbatim = _still_verbatim(line, verbatim)
            continue
        if "''" not in line:
            continue
        line = _REF_SPAN.sub(_close_in_ref, line)
        if "[" in line:  # `[http://x ''Title]`: MediaWiki ends the italic with the link
            line = _EXTERNAL_LINK.sub(_close_in_link, line)
        closing, opened = _closing_marks(line)
        if not closing:
            lines[index] = line
            continue
        if tables and line[:1] in {"|", "!"}:
            lines[index] = line + closing
            continue
        before = line[:opened]
        in_template = inside or before.count("{{") > before.count("}}")
        end = _argument_end(line, opened) if in_template else len(line)
        if not line[opened:end].strip("' "):  # a mark with nothing after it: a stray, dropped
            lines[index] = line[:opened] + line[opened:end].replace("'", "") + line[end:]
        else:
            lines[index] = line[:end] + closing + line[end:]
    return "\n".join(lines)


# Text quotes don't apply to, and the tags that end it.
_VERBATIM = re.compile(r"<(?:nowiki|pre|math|syntaxhighlight|source|score|code)\b|<!--", re.I)
_VERBATIM_END = re.compile(
    r"</(?:nowiki|pre|math|syntaxhighlight|source|score|code)\s*>|-->|<nowiki\s*/>", re.I
)
# One ref on a line; the middle stops at the next ref tag, so hostile lines stay linear.
_REF_SPAN = re.compile(r"(<ref\b[^<>]*(?<!/)>)((?:(?!<ref\b|</ref).)*)(</ref\s*>)", re.I)


def _still_verbatim(line: str, verbatim: bool) -> bool:
    """Whether verbatim text opened on or before this line is still open after it."""
    opened = [m.start() for m in _VERBATIM.finditer(line) if not m.group(0).endswith("/>")]
    closed = [m.start() for m in _VERBATIM_END.finditer(line)]
    last_open = max(opened, default=-1)
    last_close = max(closed, default=-1)
    if last_open > last_close:
        return True
    return verbatim and last_close < 0


_EXTERNAL_LINK = re.compile(r"(\[(?:https?:)?//[^\s\[\]<>]+[ \t]+)([^\[\]\n]*'{2}[^\[\]\n]*)(\])")


def _close_in_link(match: re.Match[str]) -> str:
    closing, _ = _closing_marks(match.group(2))
    return match.group(1) + match.group(2) + closing + match.group(3)


def _close_in_ref(match: re.Match[str]) -> str:
    closing, _ = _closing_marks(match.group(2))
    return match.group(1) + match.group(2) + closing + match.group(3)


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
    links and templates (the line's end when the argument goes on past it)."""
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
    return len(line)  # the argument goes on past the line: close at its end


def template_name(template: Template) -> str:
    """Normalised name: lowercase, `_` and runs of spaces as one space, "Template:" stripped.

    Parser functions and magic words keep only their head: `{{#if:x|..}}` → "#if",
    `{{DEFAULTSORT:Foo}}` → "defaultsort".
    """
    return _normalised_name(source_text(template.name))


def source_text(code: Wikicode) -> str:
    """`str(code)`, without a call per node for the common one-text-node fragment."""
    nodes = code.nodes
    if len(nodes) == 1 and type(nodes[0]) is Text:
        value: str = nodes[0].value
        return value
    return str(code)


@functools.lru_cache(maxsize=4096)
def _normalised_name(raw: str) -> str:
    """template_name's work on the name's wikitext: a pure function of it, so a page's
    hundred `{{cite web}}` (and the corpus's few thousand names) are read once."""
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
