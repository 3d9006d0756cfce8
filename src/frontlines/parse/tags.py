"""HTML-like tags and wiki markup that mwparserfromhell gives as Tag nodes.

No attribute of a raw tag ever reaches the output: tags become their text, a Markdown
construct, a block, or nothing. Script-like tags lose their content too.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from mwparserfromhell.nodes import Tag

from frontlines.parse import markup, refs
from frontlines.parse.images import render_gallery, render_imagemap
from frontlines.parse.quotes import quote_block
from frontlines.parse.state import LIST_CLOSE, LIST_OPEN
from frontlines.parse.tables import render_table
from frontlines.parse.wikitext import source_text

if TYPE_CHECKING:
    from frontlines.parse.nodes import Renderer

# Content never shown: executable, styling or metadata.
_SILENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "noscript",
        "templatestyles",
        "templatedata",
        "indicator",
        "section",
        "includeonly",
        "meta",
        "link",
        "head",
        "title",
        "applet",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "svg",
        "video",
        "audio",
        "categorytree",
        "inputbox",
        "charinsert",
        "ref-list",
    }
)
# Content MediaWiki extensions draw as pictures or widgets: dropped with an issue.
_WIDGETS = frozenset(
    {
        "score",
        "timeline",
        "graph",
        "mapframe",
        "maplink",
        "hiero",
        "chart",
        "phonos",
        "kartographer",
    }
)
_BLOCK_TAGS = frozenset(
    {"div", "center", "p", "dl", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"}
)
_LANGUAGE = re.compile(r"[^a-z0-9+#-]")


def render_tag(node: Tag, r: Renderer) -> str:
    name = source_text(node.tag).strip().lower()
    if node.wiki_markup and name in {"li", "dt", "dd"}:
        return f"{LIST_OPEN}{node.wiki_markup}{LIST_CLOSE}"
    handler = _HANDLERS.get(name)
    if handler is not None:
        return handler(node, r)
    if name in _SILENT:
        return ""
    if name in _WIDGETS:
        r.state.issue("dropped_tag", f"<{name}> cannot be shown in Markdown; dropped", name)
        return ""
    text = r.render(node.contents) if node.contents is not None else ""
    if name in _BLOCK_TAGS:
        if name.startswith("h") and r.markdown:
            return f"\n\n{markup.emphasis(text.strip(), '**')}\n\n"
        return f"\n{text}\n"
    return text


def _contents(node: Tag, r: Renderer) -> str:
    return r.render(node.contents) if node.contents is not None else ""


def _bold(node: Tag, r: Renderer) -> str:
    return r.emphasis(_contents(node, r), "**")


def _italic(node: Tag, r: Renderer) -> str:
    return r.emphasis(_contents(node, r), "*")


def _line_break(node: Tag, r: Renderer) -> str:
    return r.line_break()


def _rule(node: Tag, r: Renderer) -> str:
    return r.state.block("---", "") if r.markdown else "\n"


def _raw(node: Tag) -> str:
    from frontlines.parse.nodes import flatten_text

    return html.unescape(flatten_text(node.contents)) if node.contents is not None else ""


def _nowiki(node: Tag, r: Renderer) -> str:
    return r.text(_raw(node))


def _code_block(node: Tag, r: Renderer) -> str:
    code = _raw(node).strip("\n")
    if not r.markdown:
        return "\n" + code + "\n"
    language = ""
    if node.has("lang"):
        language = _LANGUAGE.sub("", str(node.get("lang").value).strip().lower())[:20]
    fence = "```"
    while fence in code:
        fence += "`"
    return r.state.block(f"{fence}{language}\n{code}\n{fence}", markup.escape(code), "code")


def _inline_code(node: Tag, r: Renderer) -> str:
    is_formula = str(node.tag).lower() in {"math", "chem", "ce"}
    code = markup.collapse(_raw(node) if is_formula else r.plain(node.contents))
    if not r.markdown or not code:
        return code
    while is_formula and ("{{" in code or "}}" in code):  # TeX ignores the space
        code = code.replace("{{", "{ {").replace("}}", "} }")
    fence = "`"
    while fence in code:
        fence += "`"
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{fence}{pad}{code}{pad}{fence}"


def _poem(node: Tag, r: Renderer) -> str:
    text = _contents(node, r).strip("\n")
    if not r.markdown:
        return "\n" + text + "\n"
    return "\n" + text.replace("\n", r.line_break()) + "\n"


def _blockquote(node: Tag, r: Renderer) -> str:
    return quote_block(r, node.contents, None)


def _html_list_item(node: Tag, r: Renderer) -> str:
    marker = {"li": "*", "dt": ";", "dd": ":"}[str(node.tag).strip().lower()]
    return r.list_item(marker, markup.collapse(r.inline(node.contents)))


def _table(node: Tag, r: Renderer) -> str:
    return render_table(node, r)


def _gallery(node: Tag, r: Renderer) -> str:
    return render_gallery(node, r)


def _imagemap(node: Tag, r: Renderer) -> str:
    return render_imagemap(node, r)


_HANDLERS = {
    "b": _bold,
    "strong": _bold,
    "i": _italic,
    "em": _italic,
    "br": _line_break,
    "hr": _rule,
    "ref": refs.render_ref,
    "references": refs.render_references,
    "nowiki": _nowiki,
    "pre": _code_block,
    "syntaxhighlight": _code_block,
    "source": _code_block,
    "math": _inline_code,
    "chem": _inline_code,
    "ce": _inline_code,
    "code": _inline_code,
    "tt": _inline_code,
    "kbd": _inline_code,
    "samp": _inline_code,
    "poem": _poem,
    "blockquote": _blockquote,
    "li": _html_list_item,
    "dt": _html_list_item,
    "dd": _html_list_item,
    "table": _table,
    "gallery": _gallery,
    "imagemap": _imagemap,
}
