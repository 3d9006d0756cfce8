"""Citation templates (`{{cite web/news/book/journal/...}}`, `{{citation}}`, `{{cita ...}}`)
rendered as text the way CS1 reads, and their fields for `model.Reference`.

    Last, First; Last2, First2 (date). "Title". *Work*. Location: Publisher. p. 4. ISBN x.
    Archived from the original on DATE. Retrieved DATE.

Book-like works have an italic title and no quotes. The title links to `url`. A citation outside
any footnote is a bibliography entry: it is collected in `bibliography` and its text starts with
an empty HTML anchor `<a id="CITEREFLast2014"></a>` (portable: any CommonMark renderer keeps
it, where an attrs span `[]{#...}` prints as text outside markdown-it's attrs plugin), the
anchor that short citations (`{{sfn}}`, `{{harvnb}}`) link to.
"""

from __future__ import annotations

import html
import re
from types import MappingProxyType
from typing import Any

from mwparserfromhell.nodes import Template

from frontlines.parse import markup
from frontlines.parse.context import Handler, RenderContext
from frontlines.parse.templates.notes import anchor_id
from frontlines.parse.wikitext import template_name

_BOOKS = frozenset(
    {
        "cite book",
        "cite thesis",
        "cite report",
        "cite encyclopedia",
        "cite dictionary",
        "cite map",
        "cite av media",
        "cite document",
        "cite conference",
        "cita libro",
        "cite tech report",
        "cite manual",
    }
)
_YEAR = re.compile(r"\b\d{3,4}[a-z]?\b")
_MAX_NAMES = 9


def is_citation(name: str) -> bool:
    return (
        name == "citation"
        or name.startswith(("cite ", "cita ", "vcite "))
        or name in {"cite", "cita", "citar web", "cite web.", "cite dictionary", "cite iucn"}
    )


def _p(template: Template, r: RenderContext, *names: str) -> str:
    filled = r.filled(template)
    for name in names:
        if name in filled:
            return r.plain(filled[name])
    return ""


def _person(
    template: Template, r: RenderContext, last_keys: tuple[str, ...], first_keys: tuple[str, ...]
) -> str:
    last = _p(template, r, *last_keys)
    first = _p(template, r, *first_keys)
    if last and first:
        return f"{last}, {first}"
    return last


_LAST_KEYS = ("last", "surname", "author", "apellido", "autor", "author-last")
_FIRST_KEYS = ("first", "given", "nombre", "author-first")


def _authors(template: Template, r: RenderContext) -> tuple[list[str], list[str]]:
    """(full names for display, surnames for the anchor): last/first, last1..9, author..."""
    filled = r.filled(template)
    shown: list[str] = []
    surnames: list[str] = []
    for index in range(1, _MAX_NAMES + 1):
        keys = [f"{key}{index}" for key in _LAST_KEYS] + [f"author{index}-last"]
        if index == 1:
            keys = [*_LAST_KEYS, "apellidos", *keys]
        found = next((key for key in keys if key in filled), None)
        if found is None:
            if index > 1:
                break
            continue
        last = r.plain(filled[found])
        first_keys = [f"{key}{index}" for key in _FIRST_KEYS] + [f"author{index}-first"]
        if index == 1:
            first_keys = [*_FIRST_KEYS, "nombres", *first_keys]
        first_key = next((key for key in first_keys if key in filled), None)
        first = r.plain(filled[first_key]) if first_key else ""
        shown.append(f"{last}, {first}" if first else last)
        surnames.append(last)
    if not shown:
        many = _p(template, r, "authors", "vauthors", "people", "host")
        if many:
            shown = [name.strip() for name in many.split(",") if name.strip()] or [many]
            surnames = [name.split()[0] for name in shown if name.split()]
    return shown, surnames


def _editors(template: Template, r: RenderContext) -> list[str]:
    editors = []
    for index in range(1, 5):
        tag = "" if index == 1 else str(index)
        name = _person(
            template,
            r,
            (f"editor{tag}-last", f"editor-last{tag}", f"editor{tag}", f"editor{index}-last"),
            (f"editor{tag}-first", f"editor-first{tag}", f"editor{index}-first"),
        )
        if not name:
            break
        editors.append(name)
    return editors or ([_p(template, r, "editors")] if _p(template, r, "editors") else [])


def _year(template: Template, r: RenderContext, date: str) -> str:
    year = _p(template, r, "year", "año")
    if year:
        return year
    found = _YEAR.findall(date)
    return found[-1] if found else ""


def citation_fields(template: Template, r: RenderContext) -> dict[str, Any]:
    """The `model.Reference` fields a citation template gives (cached per template)."""
    cache = r.state.citation_cache
    key = id(template)
    if key not in cache:
        r.params(template)  # keeps the template alive, so its id is not reused
        cache[key] = _fields(template, r)
    return {k: v for k, v in cache[key].items() if not k.startswith("_")}


def _fields(template: Template, r: RenderContext) -> dict[str, Any]:
    name = template_name(template)
    authors, surnames = _authors(template, r)
    date = _p(template, r, "date", "fecha", "year", "año", "publication-date")
    url = markup.safe_url(
        str(r.arg(template, "url") or r.arg(template, "chapter-url") or "").strip()
    )
    return {
        "template": name,
        "authors": tuple(authors),
        "title": _p(template, r, "title", "título", "titulo", "chapter", "script-title") or None,
        "work": _p(
            template,
            r,
            "work",
            "website",
            "newspaper",
            "journal",
            "magazine",
            "periodical",
            "encyclopedia",
            "encyclopaedia",
            "dictionary",
            "obra",
            "periódico",
            "publicación",
            "sitioweb",
            "series",
        )
        or None,
        "publisher": _p(template, r, "publisher", "editorial", "agency", "institution") or None,
        "date": date or None,
        "url": url,
        "access_date": _p(template, r, "access-date", "accessdate", "fechaacceso", "access date")
        or None,
        "archive_url": markup.safe_url(
            str(
                r.arg(template, "archive-url")
                or r.arg(template, "archiveurl")
                or r.arg(template, "urlarchivo")
                or ""
            ).strip()
        ),
        "archive_date": _p(template, r, "archive-date", "archivedate", "fechaarchivo") or None,
        "pages": _p(template, r, "pages", "page", "pp", "p", "at", "páginas", "página") or None,
        "_surnames": tuple(surnames),
        "_year": _year(template, r, date),
    }


def citation_text(template: Template, r: RenderContext) -> str:
    """The citation as one line of Markdown (plain text in plain mode)."""
    citation_fields(template, r)
    fields = r.state.citation_cache[id(template)]
    name = fields["template"]
    parts: list[str] = []
    people = "; ".join(fields["authors"])
    editors = _editors(template, r)
    edited = "; ".join(editors) + (" (eds.)" if len(editors) > 1 else " (ed.)") if editors else ""
    if not people and editors:
        people, edited = edited, ""  # the editors stand first when there is no author
    date = fields["date"]
    head = r.text(people) if people else ""
    if date and head:
        head = f"{head} ({r.text(date)})"
    if head:
        parts.append(head)
    book = name in _BOOKS or (name == "citation" and not fields["work"])
    parts.append(_title(template, r, fields, book=book, edited=r.text(edited)))
    parts.extend(_details(template, r, fields, book=name in _BOOKS))
    if date and not head:  # no author: the date follows the title and work, as CS1 shows it
        parts.append(r.text(date))
    text = ". ".join(part.rstrip(".") for part in parts if part.strip())
    tail = _tail(r, fields)
    return (text + "." if text else "") + (" " + tail if tail else "")


# A title whose letters were all lost (U+FFFD) in a bad copy of the page.
_UNREADABLE = re.compile(r"[\W_]*\ufffd[\W_]*")


def _title(
    template: Template, r: RenderContext, fields: dict[str, Any], *, book: bool, edited: str = ""
) -> str:
    """The title part: `"Chapter". In Editor (ed.). *Title*`, or `*Title*. Editor (ed.)`."""
    title = _p(template, r, "title", "título", "titulo", "script-title", "wstitle")
    chapter = _p(template, r, "chapter", "contribution", "section", "entry", "capítulo")
    translated = _p(template, r, "trans-title", "trans_title")
    if _UNREADABLE.fullmatch(title):  # every letter lost in a bad copy: keep the translation
        title = ""
    if not title and translated:
        title, translated = f"[{translated}]", ""
    if not title and not chapter:
        return ""
    shown = r.text(title)
    if translated:
        shown += r.text(f" [{translated}]")
    if book and title:
        shown = r.emphasis(shown, "*")
    elif title:
        shown = f'"{shown}"'
    url = fields["url"]
    if url and title and r.markdown:
        shown = markup.link(shown, url)
    if chapter:
        within = f"{edited}. {shown}" if edited else shown
        return f'"{r.text(chapter)}". In {within}' if title else f'"{r.text(chapter)}"'
    return f"{shown}. {edited}" if edited and title else shown


def _details(
    template: Template, r: RenderContext, fields: dict[str, Any], *, book: bool
) -> list[str]:
    out: list[str] = []
    work = fields["work"]
    if work and not book:
        out.append(r.emphasis(r.text(work), "*"))
    volume = _p(template, r, "volume", "volumen")
    issue = _p(template, r, "issue", "number", "número")
    if volume and book:
        out.append(r.text(f"Vol. {volume}" if volume[:1].isdigit() else volume))
        volume = ""
    if volume or issue:  # a journal's "4 (2)"; an issue alone is "No. 17028"
        shown = f"{volume} ({issue})" if volume and issue else volume or f"No. {issue}"
        out.append(r.text(shown))
    edition = _p(template, r, "edition", "edición")
    if edition:
        out.append(r.text(f"{edition} ed." if not edition.endswith("ed.") else edition))
    location = _p(template, r, "location", "place", "ubicación", "lugar")
    publisher = fields["publisher"] or ""
    if location or publisher:
        out.append(r.text(": ".join(x for x in (location, publisher) if x)))
    page, pages = _p(template, r, "page", "p", "página"), _p(template, r, "pages", "pp", "páginas")
    at = _p(template, r, "at")
    if page or pages or at:
        out.append(r.text(f"p. {page}" if page else f"pp. {pages}" if pages else at))
    for key, label in (
        ("isbn", "ISBN"),
        ("doi", "doi:"),
        ("issn", "ISSN"),
        ("oclc", "OCLC"),
        ("jstor", "JSTOR"),
        ("id", ""),
        ("via", "via"),
    ):
        value = _p(template, r, key, key.upper())
        if value:
            out.append(r.text(f"{label} {value}".strip() if label != "doi:" else f"doi:{value}"))
    return out


def _tail(r: RenderContext, fields: dict[str, Any]) -> str:
    out = []
    archive_url, archive_date = fields["archive_url"], fields["archive_date"]
    if archive_url:
        archived = markup.link("Archived", archive_url) if r.markdown else "Archived"
        when = f" on {r.text(archive_date)}" if archive_date else ""
        out.append(f"{archived} from the original{when}.")
    if fields["access_date"]:
        out.append(f"Retrieved {r.text(fields['access_date'])}.")
    return " ".join(out)


def _anchor(template: Template, r: RenderContext) -> str | None:
    fields = r.state.citation_cache[id(template)]
    value = r.arg(template, "ref")
    if value is not None:
        text = r.plain(value)
        if text.lower() == "none":
            return None
        if text and text.lower() != "harv":
            return re.sub(r"[^\w.\-]", "_", text)
    names = list(fields["_surnames"])
    if not names:
        names = [name.split(",")[0] for name in _editors(template, r)]
    return anchor_id(names, fields["_year"]) if names else None


def anchor_span(ident: str) -> str:
    """The bibliography entry's anchor: a plain HTML `<a id>`, which every CommonMark renderer
    passes through (ids are word characters, dots and hyphens only: see `notes.anchor_id`)."""
    return f'<a id="{html.escape(ident)}"></a>'


def _citation(template: Template, r: RenderContext) -> str:
    text = citation_text(template, r)
    if r.state.in_reference or not r.markdown or not r.refs:
        return text
    r.state.bibliography.append(text)
    ident = _anchor(template, r)
    if ident and ident not in r.state.anchors:
        r.state.anchors.add(ident)
        return anchor_span(ident) + text
    return text


def _archive(template: Template, r: RenderContext) -> str:
    """`{{webarchive|url=...|date=...}}` / `{{wayback|url=orig|date=YYYYMMDD|title=}}`."""
    name = template_name(template)
    url = str(r.arg(template, "url") or r.arg(template, 1) or "").strip()
    date = _p(template, r, "date")
    title = _p(template, r, "title")
    if name == "wayback" and url:
        url = f"https://web.archive.org/web/{re.sub(r'[^0-9*]', '', date) or '*'}/{url}"
    safe = markup.safe_url(url)
    label = r.text(title or "Archived")
    if not r.markdown:
        return title or ""
    shown = markup.link(label, safe) if safe else label
    return shown + (r.text(f" {date}") if date and not title and name != "wayback" else "")


def _identifier(label: str) -> Handler:
    """`{{ISBN|0-14-044...}}` → "ISBN 0-14-044..." (several: joined by commas); OCLC, ISSN."""

    def handler(template: Template, r: RenderContext) -> str:
        values = [r.plain(value) for value in r.positional(template)]
        values = [value for value in values if value]
        return r.text(f"{label} {', '.join(values)}") if values else ""

    return handler


def _official_website(template: Template, r: RenderContext) -> str:
    """`{{official website|https://example.org|name=X}}` → a link labelled "Official website"."""
    url = str(r.arg(template, 1) or r.arg(template, "url") or "").strip()
    label = r.text(_p(template, r, "name") or "Official website")
    safe = markup.safe_url(url)
    return markup.link(label, safe) if safe and r.markdown else label


# Parameters that mark an unknown template inside a ref as a citation of some source.
_CITATION_PARAMS = frozenset(
    {"title", "wstitle", "last", "last1", "author", "publisher", "work", "journal", "issue"}
)


def citation_fallback(template: Template, r: RenderContext) -> str | None:
    """An unknown template in a ref that has citation parameters (`{{London Gazette|issue=}}`,
    `{{DNB|wstitle=}}`): rendered as a citation naming the template as its source; None when
    it has no such parameters."""
    if not _CITATION_PARAMS & set(r.filled(template)):
        return None
    text = citation_text(template, r)
    source = markup.collapse(str(template.name).replace("_", " "))
    return f"{r.emphasis(r.text(source), '*')}. {text}" if source not in text else text


def by_prefix(name: str) -> Handler | None:
    return _citation if is_citation(name) else None


HANDLERS: MappingProxyType[str, Handler] = MappingProxyType(
    {
        "citation": _citation,
        "webarchive": _archive,
        "wayback": _archive,
        "web archive": _archive,
        "isbn": _identifier("ISBN"),
        "oclc": _identifier("OCLC"),
        "issn": _identifier("ISSN"),
        "official website": _official_website,
    }
)
