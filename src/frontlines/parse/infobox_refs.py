"""Footnotes inside infoboxes: registered with the article's footnotes, so that a card's values
can point at them.

The infobox is shown as a card, not in the body, so its refs would otherwise be lost (or only
defined, when the body reuses them by name). `register_infobox_refs` renders every ref and
footnote template of each top-level infobox into the article's footnote list (after the body's
own, so no id of the body changes; a named ref the body already uses keeps its id) and returns
a map from each ref's wikitext to the footnote ids it shows, which the extractor uses to give
every infobox value its `refs`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from mwparserfromhell.nodes import Tag, Template
from mwparserfromhell.wikicode import Wikicode

from frontlines.parse.nodes import Renderer
from frontlines.parse.wikitext import template_name

FOOTNOTE_TEMPLATES = frozenset(
    {"sfn", "sfnp", "sfnm", "shortened footnote template", "shortened footnote", "efn", "efn-la",
     "efn-ua", "efn-lr", "efn-ur", "efn-lg", "refn", "r"}
)  # fmt: skip
MARK_RE = re.compile(r"\[\^([^\]\s]+)\]")


def is_footnote_node(node: object) -> bool:
    if isinstance(node, Tag):
        return str(node.tag).strip().lower() == "ref"
    return isinstance(node, Template) and template_name(node) in FOOTNOTE_TEMPLATES


def register_infobox_refs(code: Wikicode, renderer: Renderer) -> Mapping[str, tuple[str, ...]]:
    """Footnote ids of every ref inside the page's infoboxes, by the ref's wikitext."""
    found: dict[str, tuple[str, ...]] = {}
    for template in code.filter_templates(recursive=False):
        if not template_name(template).startswith("infobox"):
            continue
        for param in template.params:
            for node in param.value.ifilter(recursive=True):
                if not is_footnote_node(node):
                    continue
                key = str(node)
                if any(key in seen for seen in found):  # itself, or inside an efn already read
                    continue
                ids = tuple(MARK_RE.findall(renderer.render(node)))
                if ids:
                    found[key] = ids
    return found
