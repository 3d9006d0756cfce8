"""Parser functions and magic words: best effort, never their markup.

`{{#if:}}`/`{{#ifeq:}}` choose a branch (the test is on plain text), `{{#tag:ref|...}}` is a
ref, `{{#tag:X|...}}` renders its content; `{{#invoke:}}`, `{{#switch:}}`, `{{#expr:}}`,
`{{#time:}}`, `{{#property:}}` and the clock words (`{{CURRENTYEAR}}`) are dropped with an issue.
`{{PAGENAME}}` is the article's title.
"""

from __future__ import annotations

from types import MappingProxyType

from mwparserfromhell.nodes import Template

from frontlines.parse import refs
from frontlines.parse.context import Handler, RenderContext
from frontlines.parse.params import plain_of


def _condition(template: Template) -> str:
    return str(template.name).partition(":")[2].strip()


def _if(template: Template, r: RenderContext) -> str:
    values = r.positional(template)
    chosen = 0 if r.plain(_condition(template)) else 1
    return r.render(values[chosen]) if len(values) > chosen else ""


def _ifeq(template: Template, r: RenderContext) -> str:
    values = r.positional(template)
    if not values:
        return ""
    same = r.plain(_condition(template)) == r.plain(values[0])
    chosen = 1 if same else 2
    return r.render(values[chosen]) if len(values) > chosen else ""


def _tag(template: Template, r: RenderContext) -> str:
    """`{{#tag:ref|text|name=x|group=y}}` → a footnote; other tags → their content."""
    kind = _condition(template).lower()
    content = r.arg(template, 1)
    if kind == "ref":
        name = plain_of(template, r, "name") or None
        group = plain_of(template, r, "group")
        return refs.footnote(
            r, content, kind="note" if group else "citation", group=group, name=name
        )
    if kind in {"references", "nowiki", "pre", "math", "poem", "score", "timeline", "graph"}:
        return "" if kind != "nowiki" or content is None else r.text(str(content))
    return r.render(content) if content is not None else ""


def _dropped(what: str) -> Handler:
    def handler(template: Template, r: RenderContext) -> str:
        r.state.issue("parser_function", f"{what} cannot be evaluated here; dropped", what)
        return ""

    return handler


def _page_name(template: Template, r: RenderContext) -> str:
    return r.text(r.state.title)


HANDLERS: MappingProxyType[str, Handler] = MappingProxyType(
    {
        "#if": _if,
        "#ifexist": _if,
        "#ifeq": _ifeq,
        "#tag": _tag,
        "#invoke": _dropped("#invoke"),
        "#switch": _dropped("#switch"),
        "#expr": _dropped("#expr"),
        "#ifexpr": _dropped("#ifexpr"),
        "#time": _dropped("#time"),
        "#timel": _dropped("#timel"),
        "#property": _dropped("#property"),
        "#statements": _dropped("#statements"),
        "#iferror": _if,
        "#rel2abs": _dropped("#rel2abs"),
        "#titleparts": _dropped("#titleparts"),
        "#section": _dropped("#section"),
        "#section-h": _dropped("#section-h"),
        "#lst": _dropped("#lst"),
        "#coordinates": lambda template, r: "",
        "#related": lambda template, r: "",
        "currentyear": _dropped("CURRENTYEAR"),
        "currentmonth": _dropped("CURRENTMONTH"),
        "currentday": _dropped("CURRENTDAY"),
        "currentmonthname": _dropped("CURRENTMONTHNAME"),
        "pagename": _page_name,
        "fullpagename": _page_name,
        "subst": lambda template, r: "",
    }
)
