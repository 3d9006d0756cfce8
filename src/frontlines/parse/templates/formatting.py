"""Text-formatting templates: their text stays, their styling goes.

nowrap, small, nbsp, ndash, mdash, `{{'}}`, `{{!}}`, abbr, sic, frac, em/strong, as of, ...
"""

from __future__ import annotations

import re
from types import MappingProxyType

from mwparserfromhell.nodes import Template

from frontlines.parse import markup
from frontlines.parse.context import Handler, RenderContext
from frontlines.parse.params import plain_of


def first(template: Template, r: RenderContext) -> str:
    """The first positional parameter, rendered (`{{nowrap|x}}`, `{{small|x}}`)."""
    return r.render(r.arg(template, 1)) if r.arg(template, 1) is not None else ""


def second(template: Template, r: RenderContext) -> str:
    return r.render(r.arg(template, 2)) if r.arg(template, 2) is not None else ""


def _literal(text: str) -> Handler:
    def handler(template: Template, r: RenderContext) -> str:
        return r.text(text)

    return handler


def _nothing(template: Template, r: RenderContext) -> str:
    return ""


def _nbsp(template: Template, r: RenderContext) -> str:
    count = plain_of(template, r, 1)
    return ("\u00a0" if r.markdown else " ") * (int(count) if count.isdigit() else 1)


def _emphasis(mark: str) -> Handler:
    def handler(template: Template, r: RenderContext) -> str:
        return r.emphasis(first(template, r), mark)

    return handler


def _sic(template: Template, r: RenderContext) -> str:
    """`{{sic|teh}}` → "teh [sic]"; `hide=y` shows only the text."""
    values = [r.render(value) for value in r.positional(template)]
    text = "".join(values[:2])
    if template.has("hide"):
        return text
    return (text + " " + r.text("[sic]")).strip()


def _fraction(template: Template, r: RenderContext) -> str:
    parts = [r.plain(value) for value in r.positional(template)]
    if len(parts) >= 3:
        return r.text(f"{parts[0]} {parts[1]}/{parts[2]}")
    if len(parts) == 2:
        return r.text(f"{parts[0]}/{parts[1]}")
    return r.text(f"1/{parts[0]}") if parts else ""


def _as_of(template: Template, r: RenderContext) -> str:
    parts = [r.plain(value) for value in r.positional(template)[:3]]
    lead = "as of" if template.has("lc") else "As of"
    return r.text(f"{lead} {' '.join(parts)}".strip())


def _case(convert: str) -> Handler:
    def handler(template: Template, r: RenderContext) -> str:
        text = first(template, r)
        if convert == "lc":
            return text.lower()
        if convert == "uc":
            return text.upper()
        if convert == "ucfirst":
            return text[:1].upper() + text[1:]
        return text[:1].lower() + text[1:]

    return handler


def _magic_argument(template: Template) -> str:
    """`{{lc:Text}}`: the argument after the colon of a magic-word template."""
    return str(template.name).partition(":")[2]


def _magic_case(convert: str) -> Handler:
    def handler(template: Template, r: RenderContext) -> str:
        value = _magic_argument(template) or str(r.arg(template, 1) or "")
        text = r.text(value.strip())
        return {"lc": text.lower(), "uc": text.upper()}.get(
            convert, (text[:1].upper() if convert == "ucfirst" else text[:1].lower()) + text[1:]
        )

    return handler


def _formatnum(template: Template, r: RenderContext) -> str:
    value = (_magic_argument(template) or str(r.arg(template, 1) or "")).strip()
    if re.fullmatch(r"-?\d+(\.\d+)?", value):
        whole, dot, fraction = value.partition(".")
        return r.text(f"{int(whole):,}" + (dot + fraction if dot else ""))
    return r.text(value)


def _currency(symbol: str) -> Handler:
    def handler(template: Template, r: RenderContext) -> str:
        return r.text(symbol) + first(template, r)

    return handler


def _tooltip(template: Template, r: RenderContext) -> str:
    return first(template, r)


def _join(separator: str) -> Handler:
    def handler(template: Template, r: RenderContext) -> str:
        values = [r.render(value).strip() for value in r.positional(template)]
        return r.text(separator).join(value for value in values if value)

    return handler


def _youtube(template: Template, r: RenderContext) -> str:
    """`{{YouTube|id|"Title"}}` / `{{YouTube|id=|title=}}` → the video's title, linked."""
    ident = r.plain(r.arg(template, "id") or r.arg(template, 1) or "")
    title = r.plain(r.arg(template, "title") or r.arg(template, 2) or "") or "Video"
    url = markup.safe_url(f"https://www.youtube.com/watch?v={ident}") if ident else None
    shown = r.text(title)
    return (markup.link(shown, url) if url and r.markdown else shown) + r.text(" (YouTube)")


def _pdf_link(template: Template, r: RenderContext) -> str:
    """`{{PDFlink|[https://x/y.pdf Title]|103 KiB}}` → the link, then "(PDF)"."""
    value = r.arg(template, 1)
    return (r.render(value).strip() + r.text(" (PDF)")) if value is not None else ""


def _chem(template: Template, r: RenderContext) -> str:
    """`{{chem|H|2|O}}` → "H2O": the formula's parts in order."""
    return "".join(r.render(value).strip() for value in r.positional(template))


HANDLERS: MappingProxyType[str, Handler] = MappingProxyType(
    {
        "chem": _chem,
        "aut": lambda template, r: r.render(r.arg(template, 1)),  # an author's name, small caps
        "youtube": _youtube,
        "pdflink": _pdf_link,
        "pdf": _pdf_link,
        "chem2": lambda template, r: r.render(r.arg(template, 1)),
        **dict.fromkeys(
            [
                "nowrap",
                "nobr",
                "nobreak",
                "small",
                "smaller",
                "larger",
                "large",
                "big",
                "huge",
                "nobold",
                "noitalic",
                "nowrap begin",
                "resize",
                "midsize",
                "small caps",
                "smallcaps",
                "sc",
                "sc1",
                "sup",
                "sub",
                "su",
                "lower",
                "mono",
                "code",
                "samp",
                "kbd",
                "var",
                "nowiki",
                "plain link",
                "plainlink",
                "visible anchor",
                "vanchor",
                "text",
                "abbr",
                "abbrlink",
                "tooltip",
                "hover title",
                "nowr",
                "center",
                "centre",
                "right",
                "left",
                "align",
                "blink",
                "italics correction",
                "no italic",
                "serif",
                "angle bracket",
                "small capitals",
                "normal",
                "nonitalic",
                "highlight",
                "bgcolor",
                "notatypo",
                "not a typo",
                "proper name",
                "linktext",
                "font",
                "dfn",
                "var serif",
                "abbr link",
            ],
            first,
        ),
        "color": second,
        "colour": second,
        "font color": second,
        "fontcolor": second,
        "nbsp": _nbsp,
        "ndash": _literal("–"),
        "mdash": _literal("—"),
        "spaced ndash": _literal(" – "),
        "snd": _literal(" – "),
        "spnd": _literal(" – "),
        "nsndns": _literal("–"),
        "spaced en dash": _literal(" – "),
        "dash": _literal(" – "),
        "emdash": _literal("—"),
        "endash": _literal("–"),
        "'": _literal("'"),
        "'s": _literal("'s"),
        "\"'": _literal("\"'"),
        "'\"": _literal("'\""),
        "' \"": _literal("'\""),
        "`": _literal("'"),
        "!": _literal("|"),
        "=": _literal("="),
        "!!": _literal("||"),
        "·": _literal(" · "),
        "dot": _literal(" · "),
        "middot": _literal("·"),
        "bull": _literal(" • "),
        "•": _literal(" • "),
        "en dash": _literal("–"),
        "times": _literal("×"),
        "x": _literal("×"),
        "pi": _literal("π"),
        "degree": _literal("°"),
        "-": _nothing,
        "clear": _nothing,
        "clear left": _nothing,
        "clear right": _nothing,
        "clr": _nothing,
        '-"': _nothing,
        "zwsp": _nothing,
        "shy": _nothing,
        "0": _nothing,
        "anchor": _nothing,
        "anchors": _nothing,
        "nowrap end": _nothing,
        "break": lambda template, r: r.line_break(),
        "crlf": lambda template, r: r.line_break(),
        "em": _emphasis("*"),
        "strong": _emphasis("**"),
        "bold": _emphasis("**"),
        "i": _emphasis("*"),
        "sic": _sic,
        "frac": _fraction,
        "fraction": _fraction,
        "sfrac": _fraction,
        "as of": _as_of,
        "lc": _magic_case("lc"),
        "uc": _magic_case("uc"),
        "ucfirst": _magic_case("ucfirst"),
        "lcfirst": _magic_case("lcfirst"),
        "lowercase": _case("lc"),
        "uppercase": _case("uc"),
        "formatnum": _formatnum,
        "us$": _currency("US$"),
        "usd": _currency("US$"),
        "gbp": _currency("£"),
        "£": _currency("£"),
        "euro": _currency("€"),
        "€": _currency("€"),
        "eur": _currency("€"),
        "inr": _currency("₹"),
        "jpy": _currency("¥"),
        "¥": _currency("¥"),
        "aud": _currency("A$"),
        "cad": _currency("C$"),
        "hlist separated": _join(" · "),
        "slash": _join("/"),
    }
)
