"""List templates: plainlist/flatlist (a wikitext list inside), ubl/bulleted list (one item per
parameter), hlist (items joined by " · " on one line)."""

from __future__ import annotations

from types import MappingProxyType

from mwparserfromhell.nodes import Template

from frontlines.parse.context import Handler, RenderContext


def _inner_list(template: Template, r: RenderContext) -> str:
    """`{{plainlist|\\n* a\\n* b}}`: the list inside is ordinary wikitext."""
    value = r.arg(template, 1)
    return "\n" + r.render(value) + "\n" if value is not None else ""


def _items(template: Template, r: RenderContext) -> list[str]:
    items = [r.render(value).strip() for value in r.positional(template)]
    return [item for item in items if item]


def _one_per_line(marker: str) -> Handler:
    """`{{ubl|a|b}}` / `{{bulleted list|a|b}}` → one list item per parameter."""

    def handler(template: Template, r: RenderContext) -> str:
        items = _items(template, r)
        return "".join(r.list_item(marker, item) for item in items) + "\n" if items else ""

    return handler


def _hlist(template: Template, r: RenderContext) -> str:
    return r.text(" · ").join(_items(template, r))


HANDLERS: MappingProxyType[str, Handler] = MappingProxyType(
    {
        "plainlist": _inner_list,
        "plain list": _inner_list,
        "flatlist": _inner_list,
        "columns-list": _inner_list,
        "columns list": _inner_list,
        "flat list": _inner_list,
        "startflatlist": _inner_list,
        "collapsible list": _one_per_line("*"),
        "ubl": _one_per_line("*"),
        "ubil": _one_per_line("*"),
        "unbulleted list": _one_per_line("*"),
        "unbulleted indent list": _one_per_line("*"),
        "bulleted list": _one_per_line("*"),
        "blist": _one_per_line("*"),
        "bulletedlist": _one_per_line("*"),
        "ordered list": _one_per_line("#"),
        "hlist": _hlist,
        "endplainlist": lambda template, r: "",
        "endflatlist": lambda template, r: "",
        "end plainlist": lambda template, r: "",
        "endflatlist ": lambda template, r: "",
    }
)
