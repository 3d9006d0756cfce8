"""Footnote templates: efn/refn (notes), reflist/notelist (definitions), `{{r}}`, `{{rp}}`, and
short citations: sfn/sfnp/sfnm (footnotes) and harv/harvnb/harvtxt/harvp (inline text).

A short citation reads "Bergström 2014, p. 428" and links to the bibliography entry's anchor
`#CITEREFBergström2014` (the entry carries it as an HTML anchor: see `citations.anchor_span`).
Identical sfn's share one footnote. `{{rp|650}}` follows the footnote mark as " (p. 650)".
"""

from __future__ import annotations

import re
from types import MappingProxyType
from urllib.parse import quote

from mwparserfromhell.nodes import Template
from mwparserfromhell.wikicode import Wikicode

from frontlines.model import Reference
from frontlines.parse import refs
from frontlines.parse.context import Handler, RenderContext
from frontlines.parse.params import plain_of

_NOTE_GROUPS = MappingProxyType(
    {
        "efn": "lower-alpha",
        "efn-la": "lower-alpha",
        "efn-ua": "upper-alpha",
        "efn-lr": "lower-roman",
        "efn-ur": "upper-roman",
        "efn-lg": "lower-greek",
        "notelist": "lower-alpha",
        "notelist-la": "lower-alpha",
        "notelist-ua": "upper-alpha",
        "notelist-lr": "lower-roman",
        "notelist-ur": "upper-roman",
        "notelist-lg": "lower-greek",
    }
)
_ANCHOR_UNSAFE = re.compile(r"[^\w.\-]")
_RANGE = re.compile(r"[-–—,&]|\band\b")


def anchor_id(names: list[str], year: str) -> str:
    """The bibliography anchor CS1 gives a work: "CITEREF" + up to four surnames + year."""
    return _ANCHOR_UNSAFE.sub("_", "CITEREF" + "".join(names[:4]) + year)


def author_label(names: list[str]) -> str:
    if len(names) >= 4:
        return f"{names[0]} et al."
    if len(names) == 3:
        return f"{names[0]}, {names[1]} & {names[2]}"
    return " & ".join(names)


def pages_suffix(template: Template, r: RenderContext, *, colon: bool = False) -> tuple[str, str]:
    """(", p. 428", "428") from p=/page=, pp=/pages=, loc=/at=."""
    page = plain_of(template, r, "p", "page")
    pages = plain_of(template, r, "pp", "pages")
    place = plain_of(template, r, "loc", "at")
    if colon:
        shown = page or pages or place
        return (f":{shown}" if shown else "", shown)
    if page:
        return f", p. {page}", page
    if pages:
        return f", pp. {pages}", pages
    if place:
        return f", {place}", place
    return "", ""


def _short_parts(template: Template, r: RenderContext) -> tuple[list[str], str]:
    values = [r.plain(value) for value in r.positional(template)]
    values = [value for value in values if value]
    if not values:
        return [], ""
    if len(values) == 1:
        return values, ""
    return values[:-1][:4], values[-1]


def _sfnm_parts(template: Template, r: RenderContext) -> tuple[list[str], str]:
    names = [plain_of(template, r, f"1a{index}") for index in range(1, 5)]
    return [name for name in names if name], plain_of(template, r, "1y")


def _anchor_link(r: RenderContext, label: str, target: str) -> str:
    if not r.markdown:
        return label
    return f"[{r.text(label)}](#{quote(target, safe='')})"


def _sfn(style: str) -> Handler:
    def handler(template: Template, r: RenderContext) -> str:
        if not r.refs:
            return ""
        multi = str(template.name).strip().lower() == "sfnm"
        names, year = _sfnm_parts(template, r) if multi else _short_parts(template, r)
        if not names:
            return ""
        suffix, pages = pages_suffix(template, r)
        target = plain_of(template, r, "ref") or anchor_id(names, year)
        label = author_label(names)
        shown = f"{label} {year}".strip() if style == "sfn" else f"{label} ({year})"
        postscript = plain_of(template, r, "ps")
        text = _anchor_link(r, shown, target) + r.text(suffix + (postscript or "."))
        key = f"{target}|{suffix}|{postscript}"
        entry = r.state.footnotes.short(key)
        if entry is None:
            reference = Reference(
                id="",
                kind="short",
                text=text,
                template=str(template.name).strip().lower(),
                authors=tuple(names),
                date=year or None,
                pages=pages or None,
                target=target,
            )
            entry = r.state.footnotes.new_short(key, reference)
        return refs.mark(r, entry)

    return handler


def _harv(*, paren: bool = False, colon: bool = False, txt: bool = False) -> Handler:
    """Inline short citations: harvnb "A 2014, p. 4", harv "(A 2014, p. 4)", harvtxt
    "A (2014, p. 4)"; the col forms write the page after a colon ("A 2014:4")."""

    def handler(template: Template, r: RenderContext) -> str:
        names, year = _short_parts(template, r)
        if not names:
            return ""
        suffix, _ = pages_suffix(template, r, colon=colon)
        target = plain_of(template, r, "ref") or anchor_id(names, year)
        label = author_label(names)
        if txt:
            return _anchor_link(r, label, target) + r.text(f" ({year}{suffix})")
        text = _anchor_link(r, f"{label} {year}".strip(), target) + r.text(suffix)
        return r.text("(") + text + r.text(")") if paren else text

    return handler


def _note(template: Template, r: RenderContext) -> str:
    """`{{efn|text|name=x}}`, `{{refn|text|group=note}}`."""
    name = str(template.name).strip().lower().replace("_", " ")
    group = plain_of(template, r, "group") or _NOTE_GROUPS.get(name, "")
    kind = "note" if group else "citation"
    content = r.arg(template, 1) or r.arg(template, "text")
    return refs.footnote(
        r, content, kind=kind, group=group, name=plain_of(template, r, "name") or None
    )


def _reflist(template: Template, r: RenderContext) -> str:
    """`{{reflist|refs=...}}`, `{{notelist|notes=...}}`: definitions, as `<ref>`s or `{{efn}}`s."""
    name = str(template.name).strip().lower().replace("_", " ")
    group = plain_of(template, r, "group") or _NOTE_GROUPS.get(name, "")
    for key in ("refs", "notes"):
        contents = r.arg(template, key)
        refs.define_list(r, contents, group)
        if contents is not None and r.refs:
            _define_notes(contents, r, group)
    return refs.list_mark(r, group)


def _define_notes(contents: Wikicode, r: RenderContext, group: str) -> None:
    """Named `{{efn|name=x|text}}` definitions given inside a notelist."""
    for note in contents.filter_templates(recursive=False):
        kind = str(note.name).strip().lower().replace("_", " ")
        if kind not in _NOTE_GROUPS and kind != "refn":
            continue
        name = plain_of(note, r, "name")
        text = r.arg(note, 1) or r.arg(note, "text")
        if not name or text is None or not str(text).strip():
            continue
        note_group = plain_of(note, r, "group") or _NOTE_GROUPS.get(kind, "") or group
        entry = r.state.footnotes.define_unused(
            note_group, name, "note" if note_group else "citation"
        )
        if not entry.defined:
            r.state.footnotes.define(entry, refs.build_reference(r, text))


def _rp(template: Template, r: RenderContext) -> str:
    """`{{rp|650}}` → " (p. 650)" after the footnote mark; `{{rp|pp=1–3}}` → " (pp. 1–3)"."""
    if not r.refs:
        return ""
    value = plain_of(template, r, 1, "page", "p", "pages", "pp", "at", "loc")
    if not value:
        return ""
    if template.has("at") or template.has("loc") or re.search(r"[A-Za-z]{3,}", value):
        return r.text(f" ({value})")
    label = "pp." if _RANGE.search(value) else "p."
    return r.text(f" ({label} {value})")


def _named_refs(template: Template, r: RenderContext) -> str:
    """`{{r|name1|name2|p=4}}`: reuses of named refs."""
    if not r.refs:
        return ""
    group = plain_of(template, r, "group")
    marks = []
    for value in r.positional(template):
        name = r.plain(value)
        if name:
            entry = r.state.footnotes.use(
                kind="note" if group else "citation", group=group, name=name
            )
            marks.append(refs.mark(r, entry))
    page = plain_of(template, r, "p", "page", "pp", "pages")
    return "".join(marks) + (r.text(f" (p. {page})") if page and marks else "")


def _sfnref(template: Template, r: RenderContext) -> str:
    names, year = _short_parts(template, r)
    return anchor_id(names, year) if names else ""


HANDLERS: MappingProxyType[str, Handler] = MappingProxyType(
    {
        "sfn": _sfn("sfn"),
        "sfnp": _sfn("sfnp"),
        "sfnm": _sfn("sfn"),
        "shortened footnote template": _sfn("sfn"),
        "shortened footnote": _sfn("sfn"),
        "harvnb": _harv(),
        "harvard citation no brackets": _harv(),
        "harv": _harv(paren=True),
        "harvard citation": _harv(paren=True),
        "harvp": _harv(paren=True),
        "harvtxt": _harv(txt=True),
        "harvard citation text": _harv(txt=True),
        "harvs": _harv(txt=True),
        "harvcol": _harv(paren=True, colon=True),
        "harvcolnb": _harv(colon=True),
        "harvcoltxt": _harv(txt=True, colon=True),
        "efn": _note,
        "efn-la": _note,
        "efn-ua": _note,
        "efn-lr": _note,
        "efn-ur": _note,
        "efn-lg": _note,
        "refn": _note,
        "notelist": _reflist,
        "notelist-la": _reflist,
        "notelist-ua": _reflist,
        "notelist-lr": _reflist,
        "notelist-ur": _reflist,
        "notelist-lg": _reflist,
        "reflist": _reflist,
        "references": _reflist,
        "refs": _reflist,
        "reference list": _reflist,
        "notes": _reflist,
        "rp": _rp,
        "r": _named_refs,
        "sfnref": _sfnref,
        "harvid": _sfnref,
    }
)
