"""Template families and the registry that dispatches on a template's normalised name.

Each family module exports `HANDLERS`, a read-only mapping from normalised names (lower case,
`_` as space, "Template:" stripped; aliases and redirects listed beside their target) to a
handler `(template, renderer) -> str`. Families: citations, dates, flags, formatting,
functions (parser functions), geo (coord), hatnotes, language, lists, maintenance (dropped
templates), media, military, notes (refs, sfn, harv, efn), quotes, ships, units ({{convert}}).

Unknown templates: the documented fallback is to render **nothing** (a navbox, a sidebar or a
local helper template is far more often noise than prose) and to record
`Issue(kind="unknown_template", detail=name)` once per name. Inside a footnote, an unknown
template with citation parameters (`title`, `last`, `publisher`, `issue`...) is rendered as a
citation of a work named after the template (`{{London Gazette|issue=17028|...}}`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from mwparserfromhell.nodes import Template

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
from frontlines.parse.templates.base import Handler
from frontlines.parse.wikitext import template_name

if TYPE_CHECKING:
    from frontlines.parse.nodes import Renderer

__all__ = ["REGISTRY", "Handler", "find_handler", "render_template"]


def _registry() -> Mapping[str, Handler]:
    merged: dict[str, Handler] = {}
    for family in (
        citations, dates, flags, formatting, functions, geo, hatnotes, language, lists,
        maintenance, media, military, notes, quotes, ships, units,
    ):  # fmt: skip
        merged.update(family.HANDLERS)
    return MappingProxyType(merged)


REGISTRY: Mapping[str, Handler] = _registry()


def find_handler(name: str) -> Handler | None:
    """The handler for a normalised template name, families' prefixes included."""
    handler = REGISTRY.get(name)
    if handler is not None:
        return handler
    for family in (citations, language, flags, maintenance, ships):
        found: Handler | None = family.by_prefix(name)
        if found is not None:
            return found
    return None


def render_template(template: Template, r: Renderer) -> str:
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
