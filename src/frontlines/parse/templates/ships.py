"""Ship templates: `{{ship|HMS|Victory}}` → "HMS *Victory*", `{{USS|Enterprise|CV-6}}` →
"USS *Enterprise* (CV-6)", `{{sclass|Iowa|battleship}}` → "*Iowa*-class battleship"."""

from __future__ import annotations

from types import MappingProxyType

from mwparserfromhell.nodes import Template

from frontlines.parse.context import Handler, RenderContext
from frontlines.parse.params import plain_of

PREFIXES = (
    "USS",
    "HMS",
    "HMAS",
    "HMCS",
    "HMNZS",
    "SS",
    "RMS",
    "USNS",
    "USCGC",
    "HMHS",
    "SMS",
    "HNLMS",
    "ARA",
    "INS",
    "ORP",
    "HMT",
    "MV",
    "HMSAS",
    "HSwMS",
    "HDMS",
    "KNM",
    "FS",
    "SMU",
    "HNoMS",
    "RFA",
    "HMY",
    "USAT",
    "USRC",
    "CSS",
    "RV",
    "NRP",
    "BNS",
    "PNS",
    "TCG",
    "ROKS",
    "JS",
    "HTMS",
    "KRI",
    "HMBS",
    "HMIS",
    "HMPNGS",
    "USC&GS",
    "HMGS",
    "SAS",
    "HMNS",
    "GS",
)
_BY_NAME = {prefix.lower(): prefix for prefix in PREFIXES}


def ship_text(r: RenderContext, prefix: str, name: str, ident: str, form: str = "") -> str:
    """ "PREFIX *Name* (ident)"; `form` "1" drops the prefix, "2" shows only the name."""
    shown_name = r.emphasis(r.text(name), "*")
    show_prefix = form not in {"1", "2", "5"}
    show_ident = bool(ident) and form not in {"2", "5"}
    text = (r.text(prefix) + " " if prefix and show_prefix else "") + shown_name
    if show_ident:
        text += r.text(f" ({ident})")
    target = " ".join(part for part in (prefix, name) if part) + (f" ({ident})" if ident else "")
    return r.link(target, text)


def _ship(template: Template, r: RenderContext) -> str:
    prefix, name = plain_of(template, r, 1), plain_of(template, r, 2)
    ident, form = plain_of(template, r, 3), plain_of(template, r, 4)
    return ship_text(r, prefix, name, ident, form)


def _prefixed(prefix: str) -> Handler:
    def handler(template: Template, r: RenderContext) -> str:
        name, ident, form = plain_of(template, r, 1), plain_of(template, r, 2), ""
        form = plain_of(template, r, 3)
        return ship_text(r, prefix, name, ident, form)

    return handler


def _sclass(template: Template, r: RenderContext) -> str:
    name, kind = plain_of(template, r, 1), plain_of(template, r, 2)
    text = r.emphasis(r.text(name), "*") + r.text("-class" + (f" {kind}" if kind else ""))
    return r.link(f"{name}-class {kind}".strip(), text)


def _described(kind: str) -> Handler:
    """`{{Jsub|I-26}}` → "Japanese submarine *I-26*" (the boat's designation, italic)."""

    def handler(template: Template, r: RenderContext) -> str:
        name = plain_of(template, r, 1)
        if not name:
            return ""
        return r.text(f"{kind} ") + r.link(f"{kind} {name}", r.emphasis(r.text(name), "*"))

    return handler


def by_prefix(name: str) -> Handler | None:
    prefix = _BY_NAME.get(name)
    return _prefixed(prefix) if prefix else None


HANDLERS: MappingProxyType[str, Handler] = MappingProxyType(
    {
        "ship": _ship,
        "jsub": _described("Japanese submarine"),
        "gsub": _described("German submarine"),
        "warship": _ship,
        "sclass": _sclass,
        "sclass2": _sclass,
        "sclass-": _sclass,
        "sclass2-": _sclass,
        "shipclass": _sclass,
        "ship class": _sclass,
        "hmas": _prefixed("HMAS"),
        "uss": _prefixed("USS"),
        "hms": _prefixed("HMS"),
        "ss": _prefixed("SS"),
    }
)
