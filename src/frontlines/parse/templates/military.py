"""Military and chart helpers: fate marks (KIA, POW, ...), legends, outcome words."""

from __future__ import annotations

from types import MappingProxyType

from mwparserfromhell.nodes import Template

from frontlines.parse.context import Handler, RenderContext
from frontlines.parse.params import text_of


def _fate(mark: str) -> Handler:
    """`{{KIA}}` → "(KIA)"; Wikipedia draws a symbol, the text says the same."""

    def handler(template: Template, r: RenderContext) -> str:
        return r.text(f" ({mark})")

    return handler


def _legend(template: Template, r: RenderContext) -> str:
    """`{{legend|#f00|Text}}` / `{{legend-line|...|Text}}` → "Text"."""
    value = r.arg(template, 2) or r.arg(template, "text") or r.arg(template, 1)
    return r.render(value) if value is not None else ""


def _bar_value(template: Template, r: RenderContext) -> str:
    """`{{bartable|87.5|%|2|...}}` → "87.5%" (the bar is drawn, the number stays)."""
    return text_of(template, r, 1) + text_of(template, r, 2)


def _bar_percent(template: Template, r: RenderContext) -> str:
    """`{{bar percent|Label|color|45}}` → "Label 45%"."""
    label, value = text_of(template, r, 1), text_of(template, r, 3)
    return f"{label} {value}%" if value else label


def _text_param(template: Template, r: RenderContext) -> str:
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
        "bartable": _bar_value,
        "bar table": _bar_value,
        "bar percent": _bar_percent,
        "percentage bar": _bar_value,
        "won": _text_param,
        "lost": _text_param,
        "tick": lambda template, r: r.text("✓"),
        "cross": lambda template, r: r.text("✗"),
        "y": lambda template, r: r.text("✓"),
        "n": lambda template, r: r.text("✗"),
    }
)
