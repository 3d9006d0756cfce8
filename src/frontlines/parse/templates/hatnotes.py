"""Hatnotes: `{{main}}`, `{{see also}}`, `{{further}}`, `{{details}}` → a short italic line.

Disambiguation-type hatnotes (`{{about}}`, `{{for}}`, `{{other uses}}`, `{{distinguish}}`,
`{{redirect}}` and relatives) point readers at *other* Wikipedia pages with similar names; they
mean nothing in a Front Lines entry and are dropped.
"""

from __future__ import annotations

from types import MappingProxyType

from mwparserfromhell.nodes import Template

from frontlines.parse.context import Handler, RenderContext
from frontlines.parse.params import plain_of


def _targets(template: Template, r: RenderContext) -> list[str]:
    shown: list[str] = []
    for index, value in enumerate(r.positional(template), start=1):
        target = r.plain(value)
        if not target:
            continue
        label = plain_of(template, r, f"l{index}", f"label {index}") or target.replace("#", " § ")
        shown.append(r.link(target, r.text(label)))
    return shown


def _join(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def _hatnote(single: str, plural: str, *, joiner: str = "and") -> Handler:
    def handler(template: Template, r: RenderContext) -> str:
        items = _targets(template, r)
        if not items:
            return ""
        lead = single if len(items) == 1 else plural
        listed = _join(items) if joiner == "and" else ", ".join(items)
        text = f"{lead}: {listed}"
        if not r.markdown:
            return ""
        return r.state.block(r.emphasis(text, "*"), "", "hatnote")

    return handler


def _details(template: Template, r: RenderContext) -> str:
    items = _targets(template, r)[:1]
    if not items or not r.markdown:
        return ""
    topic = plain_of(template, r, 2) or "this topic"
    text = f"For more details on {r.text(topic)}, see {items[0]}."
    return r.state.block(r.emphasis(text, "*"), "", "hatnote")


def _dropped(template: Template, r: RenderContext) -> str:
    return ""


HANDLERS: MappingProxyType[str, Handler] = MappingProxyType(
    {
        "main": _hatnote("Main article", "Main articles"),
        "main article": _hatnote("Main article", "Main articles"),
        "see also": _hatnote("See also", "See also", joiner=","),
        "also": _hatnote("See also", "See also", joiner=","),
        "further": _hatnote("Further information", "Further information"),
        "further information": _hatnote("Further information", "Further information"),
        "further2": _hatnote("Further information", "Further information"),
        "details": _details,
        **dict.fromkeys(
            [
                "about",
                "for",
                "other uses",
                "otheruses",
                "other uses of",
                "distinguish",
                "redirect",
                "redirect2",
                "redirect3",
                "redirect4",
                "redirect6",
                "lookfrom",
                "redirect-multi",
                "redirect-distinguish",
                "about-distinguish",
                "other people",
                "other persons",
                "other places",
                "other ships",
                "for multi",
                "other",
                "for-multi",
                "selfref",
                "self reference",
                "hatnote",
                "rellink",
                "redirect-several",
                "about-distinguish-text",
                "broader",
                "wikisource further",
                "category see also",
                "other hurricanes",
                "confused",
                "dablink",
            ],
            _dropped,
        ),
    }
)
