"""Flag templates: icons vanish, country names stay.

`{{flag|United States|1912}}` → "United States", `{{flagcountry|X}}` → "X", `{{flagicon|X}}`,
`{{flagdeco|X}}`, `{{flagicon image|X.svg}}` → "". `name=` overrides the shown name, common
three-letter codes are spelt out (`{{flag|USA}}` → "United States").
"""

from __future__ import annotations

from types import MappingProxyType

from mwparserfromhell.nodes import Template

from frontlines.parse.context import Handler, RenderContext
from frontlines.parse.params import plain_of

COUNTRY_CODES = MappingProxyType(
    {
        "USA": "United States",
        "US": "United States",
        "GBR": "United Kingdom",
        "UK": "United Kingdom",
        "FRA": "France",
        "GER": "Germany",
        "DEU": "Germany",
        "ITA": "Italy",
        "ESP": "Spain",
        "RUS": "Russia",
        "URS": "Soviet Union",
        "USSR": "Soviet Union",
        "JPN": "Japan",
        "CHN": "China",
        "PRC": "China",
        "CAN": "Canada",
        "AUS": "Australia",
        "NZL": "New Zealand",
        "IND": "India",
        "POL": "Poland",
        "UKR": "Ukraine",
        "NED": "Netherlands",
        "NLD": "Netherlands",
        "BEL": "Belgium",
        "SWE": "Sweden",
        "NOR": "Norway",
        "DEN": "Denmark",
        "FIN": "Finland",
        "AUT": "Austria",
        "SUI": "Switzerland",
        "CHE": "Switzerland",
        "POR": "Portugal",
        "PRT": "Portugal",
        "GRE": "Greece",
        "GRC": "Greece",
        "TUR": "Turkey",
        "ISR": "Israel",
        "EGY": "Egypt",
        "IRN": "Iran",
        "IRQ": "Iraq",
        "SYR": "Syria",
        "KOR": "South Korea",
        "PRK": "North Korea",
        "VIE": "Vietnam",
        "MEX": "Mexico",
        "BRA": "Brazil",
        "ARG": "Argentina",
        "CHI": "Chile",
        "RSA": "South Africa",
        "ZAF": "South Africa",
        "IRL": "Ireland",
        "HUN": "Hungary",
        "CZE": "Czech Republic",
        "ROU": "Romania",
        "BUL": "Bulgaria",
        "SRB": "Serbia",
        "CRO": "Croatia",
        "GEO": "Georgia",
        "ARM": "Armenia",
        "AZE": "Azerbaijan",
        "BLR": "Belarus",
        "EST": "Estonia",
        "LAT": "Latvia",
        "LTU": "Lithuania",
        "AFG": "Afghanistan",
        "PAK": "Pakistan",
    }
)


def country_name(template: Template, r: RenderContext) -> str:
    """The country a flag template names, as shown (`name=` wins, codes spelt out)."""
    shown = plain_of(template, r, "name")
    if shown:
        return shown
    value = plain_of(template, r, 1)
    return COUNTRY_CODES.get(value, value)


def _named(template: Template, r: RenderContext) -> str:
    return r.link(plain_of(template, r, 1), r.text(country_name(template, r)))


def _icon(template: Template, r: RenderContext) -> str:
    return ""


def _code_flag(code: str) -> Handler:
    """`{{USA}}`, `{{GBR}}`: the country-code templates that draw a flag and the name."""

    def handler(template: Template, r: RenderContext) -> str:
        return r.text(COUNTRY_CODES[code])

    return handler


def _flag_link(template: Template, r: RenderContext) -> str:
    """`{{flaglink|France|...}}` / `{{flagu}}`: the name (second parameter may be a label)."""
    label = r.arg(template, 2)
    return r.render(label) if label is not None else r.text(country_name(template, r))


def by_prefix(name: str) -> Handler | None:
    if name.startswith(("flagicon", "flag icon", "flagdeco", "flag deco", "flagsport")):
        return _icon
    if name.startswith(("flagcountry", "flag country", "flagu", "flagathlete")):
        return _named
    if name.startswith("flag") and len(name) <= 12:
        return _named
    return None


HANDLERS: MappingProxyType[str, Handler] = MappingProxyType(
    {
        "flag": _named,
        "flagcountry": _named,
        "flag country": _named,
        "flagu": _named,
        "flagcountry+": _named,
        "flagaxis": _named,
        "flagnavy": _named,
        "flagbig": _named,
        "flaglink": _flag_link,
        "flag link": _flag_link,
        "flagicon": _icon,
        "flag icon": _icon,
        "flagdeco": _icon,
        "flagicon image": _icon,
        "flag icon image": _icon,
        "flagdeco image": _icon,
        "country flag": _named,
        "country flag2": _named,
        # {{AUT}} would be Austria, but {{aut}} (an author's name, formatting) is far more common
        **{c.lower(): _code_flag(c) for c in COUNTRY_CODES if len(c) == 3 and c != "AUT"},
    }
)
