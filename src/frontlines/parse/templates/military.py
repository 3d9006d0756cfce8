"""Military and chart helpers: fate marks (KIA, POW, ...), legends, outcome words."""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING

from mwparserfromhell.nodes import Template

from frontlines.parse.templates.base import Handler, text_of

if TYPE_CHECKING:
    from frontlines.parse.nodes import Renderer


def _fate(mark: str) -> Handler:
    """`{{KIA}}` → "(KIA)"; Wikipedia draws a symbol, the text says the same."""

    def handler(template: Template, r: Renderer) -> str:
        return r.text(f" ({mark})")

    return handler


def _legend(template: Template, r: Renderer) -> str:
    """`{{legend|#f00|Text}}` / `{{legend-line|...|Text}}` → "Text"."""
    value = r.arg(template, 2) or r.arg(template, "text") or r.arg(template, 1)
    return r.render(value) if value is not None else ""


def _text_param(template: Template, r: Renderer) -> str:
    return text_of(template, r, 1)


HANDLERS: MappingProxyType[str, Handler] = MappingProxyType(
    {
        "kia": _fate("KIA"),
        "pow": _fate("POW"),
        "wia": _fate("WIA"),
        "dow": _fate("DOW"),
        "mia": _fate("MIA"),
        "executed": _fate("executed"),
        "died in captivity": _fate("died in captivity"),
        "legend": _legend,
        "legend-line": _legend,
        "legend inline": _legend,
        "legend2": _legend,
        "color box": lambda template, r: r.render(r.arg(template, 2)),
        "colorbox": lambda template, r: r.render(r.arg(template, 2)),
        "won": _text_param,
        "lost": _text_param,
        "tick": lambda template, r: r.text("✓"),
        "cross": lambda template, r: r.text("✗"),
        "y": lambda template, r: r.text("✓"),
        "n": lambda template, r: r.text("✗"),
    }
)
