"""Template families and the registry that dispatches on a template's normalised name.

Each family module exports `HANDLERS`, a read-only mapping from normalised names (lower case,
`_` as space, "Template:" stripped; aliases and redirects listed beside their target) to a
handler `(template, context) -> str` (`parse.context.Handler`); a family may also export
`by_prefix(name)` for names it recognises by shape (`lang-xx`, `cite xxx`). Families (listed once,
in `FAMILIES`): citations, dates, flags, formatting, functions (parser functions), geo (coord),
hatnotes, language, lists, maintenance (dropped templates), media, military, notes (refs, sfn,
harv, efn), quotes, ships, units ({{convert}}).

Handlers see the renderer only through `parse.context.RenderContext` and read parameters with
`parse.params`; nothing here imports `parse.nodes` (which imports this package). They may import
`parse.context`, `parse.params`, `parse.state`, `parse.markup`, `parse.wikitext`, the parse
helpers `images`, `refs`, `quotes`, `footnotes`, and `model`, `edtf`, `text`.

Unknown templates: the documented fallback is to render **nothing** (a navbox, a sidebar or a
local helper template is far more often noise than prose) and to record
`Issue(kind="unknown_template", detail=name)` once per name. Inside a footnote, an unknown
template with citation parameters (`title`, `last`, `publisher`, `issue`...) is rendered as a
citation of a work named after the template (`{{London Gazette|issue=17028|...}}`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType, ModuleType

from mwparserfromhell.nodes import Template

from frontlines.parse.context import Handler, RenderContext
from frontlines.parse.templates import (
    citations,
    dates,
    flags,
    formatting,
    functions,
    geo,
    hatnotes,
    language,
    lists,
    maintenance,
    media,
    military,
    notes,
    quotes,
    ships,
    units,
)
from frontlines.parse.wikitext import template_name

__all__ = ["FAMILIES", "REGISTRY", "Handler", "find_handler", "render_template"]


# The families, listed once: the registry merges their HANDLERS (a name belongs to one family;
# `test_layers` checks it), and families with a `by_prefix` are asked in this order.
FAMILIES: tuple[ModuleType, ...] = (
    citations, dates, flags, formatting, functions, geo, hatnotes, language, lists,
    maintenance, media, military, notes, quotes, ships, units,
)  # fmt: skip
_PREFIXED: tuple[Callable[[str], Handler | None], ...] = tuple(
    family.by_prefix for family in FAMILIES if hasattr(family, "by_prefix")
)


def _registry() -> Mapping[str, Handler]:
    merged: dict[str, Handler] = {}
    for family in FAMILIES:
        merged.update(family.HANDLERS)
    return MappingProxyType(merged)


REGISTRY: Mapping[str, Handler] = _registry()


def find_handler(name: str) -> Handler | None:
    """The handler for a normalised template name, families' prefixes included."""
    handler = REGISTRY.get(name)
    if handler is not None:
        return handler
    for by_prefix in _PREFIXED:
        found = by_prefix(name)
        if found is not None:
            return found
    return None


def render_template(template: Template, r: RenderContext) -> str:
    name = template_name(template)
    handler = find_handler(name)
    if handler is None:
        cited = citations.citation_fallback(template, r) if r.state.in_reference else None
        if cited is not None:
            r.state.issue(
                "unknown_template", f"Template {{{{{name}}}}} rendered as a citation", name
            )
            return cited
        r.state.issue("unknown_template", f"Template {{{{{name}}}}} is not rendered", name)
        return ""
    return handler(template, r)
