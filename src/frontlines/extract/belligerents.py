"""Belligerents and commanders: one infobox cell becomes a list of parties or commanders.

A cell is split into entries at ``<br>``, line breaks, list items (``*``, ``#``) and the items of
list templates (plainlist, unbulleted list, hlist, flatlist...). Each entry is then read:

* headings are skipped: ``; Allies``, ``'''Co-belligerents:'''``, ``[[Army Group Centre]]:``,
  a bold line without a link, and lines made only of an ellipsis ("...full list");
* a "Supported by" line marks every later entry of the same cell as supporting;
* an entry that is only small text or parentheses belongs to the entry before it (qualifier
  of a party, note of a commander);
* a line that is only links separated by commas is one entry per link.

Names are the displayed plain text without flags, images or footnotes. The link of a party is
its first visible wikilink, else the country of ``{{flag|X}}``/``{{flagcountry|X}}``. The link
of a commander is the visible link with the longest displayed text (``[[Viceroy]] [[José de
la Serna|La Serna]]`` links the person, not the title). Links inside footnotes never count.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace

from mwparserfromhell.nodes import Comment, Tag, Template, Text, Wikilink
from mwparserfromhell.wikicode import Wikicode

from frontlines.extract.entities import normalise_title
from frontlines.model import Commander, Party
from frontlines.parse.infobox_refs import is_footnote_node
from frontlines.parse.params import positional
from frontlines.parse.render import plain_text
from frontlines.parse.templates.flags import COUNTRY_CODES
from frontlines.parse.wikitext import parse, template_name

RefIds = Mapping[str, tuple[str, ...]]

ITEM_LIST_TEMPLATES = frozenset(
    {"unbulleted list", "ubl", "ubil", "unbulleted", "hlist", "bulleted list", "blist",
     "bulleted", "ordered list", "flatlist items", "plain list items", "cslist", "collapsible list"}
)  # fmt: skip
BLOCK_LIST_TEMPLATES = frozenset(
    {"plainlist", "plain list", "flatlist", "flat list", "startplainlist", "endplainlist",
     "startflatlist", "endflatlist", "div col", "div col end", "columns-list", "col-list"}
)  # fmt: skip
SMALL_TEMPLATES = frozenset({"small", "smaller", "resize"})
TRANSPARENT_TEMPLATES = frozenset({"nowrap", "nobr", "small", "big", "nobold", "noitalic"})
FLAG_LINK_TEMPLATES = frozenset({"flag", "flagcountry", "flag country", "flagu", "flagcountry2"})
FLAG_ICON_TEMPLATES = frozenset({"flagicon", "flag icon", "flagdeco", "flag deco"})
FORMATTING_TAGS = frozenset({"b", "i", "small", "span", "font", "center", "big", "u", "s", "div"})
BLOCK_TAGS = frozenset({"center", "div", "p"})
LINE_TAGS = frozenset({"br", "hr"})
NON_ARTICLE_PREFIXES = ("file:", "image:", "category:", "media:", ":file:", ":image:", ":category:")

FATE_TEMPLATES = {
    "kia": "KIA", "killed in action": "KIA", "dow": "DOW", "died of wounds": "DOW",
    "pow": "POW", "prisoner of war": "POW", "wia": "WIA", "wounded in action": "WIA",
    "mia": "MIA", "missing in action": "MIA", "executed": "executed", "exe": "executed",
    "surrendered": "surrendered", "surrender": "surrendered", "assassinated": "assassinated",
}  # fmt: skip
FATE_LINKS = {
    "killed in action": "KIA", "died of wounds": "DOW", "prisoner of war": "POW",
    "wounded in action": "WIA", "missing in action": "MIA", "surrender (military)": "surrendered",
    "capital punishment": "executed", "execution (legal)": "executed", "executed": "executed",
}  # fmt: skip
FATE_TEXT_RE = re.compile(r"\(\s*(KIA|DOW|POW|WIA|MIA|executed)\s*\)|†", re.IGNORECASE)
SUPPORT_RE = re.compile(
    r"^\s*(?:supported\s+by|support(?:ed)?|in\s+support|supporters|backed\s+by|"
    r"with\s+(?:the\s+)?support\s+(?:of|from)|support\s+from)\b\s*:?\s*",
    re.IGNORECASE,
)
HYPHEN_NOTE_RE = re.compile(r"^(.*\S)-([a-z][a-z ]*)$")
TRAILING_PARENS_RE = re.compile(r"\s*\(([^()]*)\)\s*$")
ELLIPSIS_RE = re.compile(r"^\s*(?:\.{3}|…)")
LIST_MARKER_RE = re.compile(r"^\s*([*#:;]+)\s*")
RULE_RE = re.compile(r"^-{4,}$")
SIZE_RE = re.compile(r"\d+\s*(?:x\d+\s*)?px|size=.*", re.IGNORECASE)
LIST_MARKS_ONLY_RE = re.compile(r"\n?[*#:;]+")
SPACES_RE = re.compile(r"\s+")
LIST_SEPARATOR_RE = re.compile(r",|&|\band\b")
BROKEN_MARKUP_RE = re.compile(r"\{\{[^{}|]*\|?|\}\}|\[\[|\]\]|\{\||\|\}")
PUNCTUATION_EDGES = " \t,;:-–—/&"


@dataclass(frozen=True, slots=True)
class Line:
    """One entry of a cell: its wikitext re-parsed, and whether it was marked as a heading."""

    code: Wikicode
    heading: bool


def tidy(text: str) -> str:
    """One line of text: runs of white space as one space, stripped."""
    return SPACES_RE.sub(" ", text).strip()


def cell_lines(value: Wikicode) -> list[Line]:
    """The entries of an infobox cell, in order (the cell itself is not changed)."""
    lines: list[Line] = []
    for raw in _flatten(value).split("\n"):
        marker = LIST_MARKER_RE.match(raw)
        heading = bool(marker and marker.group(1).startswith(";"))
        text = raw[marker.end() :] if marker else raw
        text = text.strip()
        if not text or RULE_RE.match(text):
            continue
        lines.extend(Line(code, heading) for code in _split_link_list(parse(text)))
    return lines


def flattened(code: Wikicode, br: str = "\n") -> str:
    """A cell's wikitext with one entry per line (list marks kept), `<br>` as `br`."""
    return _flatten(code, br)


def _flatten(code: Wikicode, br: str = "\n") -> str:
    """Wikitext with every line break made a newline and list templates opened up."""
    pieces: list[str] = []
    for node in code.nodes:
        if isinstance(node, Comment) or _is_nested_infobox(node):
            continue  # a box inside a cell is a box of its own, not entries of this cell
        if isinstance(node, Tag) and str(node.tag).strip().lower() in LINE_TAGS:
            pieces.append(br)
        elif isinstance(node, Tag) and node.wiki_markup in ("*", "#", ";", ":"):
            nested = bool(pieces) and LIST_MARKS_ONLY_RE.fullmatch(pieces[-1]) is not None
            pieces.append(str(node) if nested else "\n" + str(node))  # "**": one deeper item
        elif isinstance(node, Tag) and str(node.tag).strip().lower() in BLOCK_TAGS:
            pieces.append("\n" + _flatten(node.contents, br) + "\n" if node.contents else "\n")
        elif isinstance(node, Template) and template_name(node) in ITEM_LIST_TEMPLATES:
            items = [_flatten(item, br).strip() for item in positional(node)]
            pieces.append("".join(f"\n* {item}" for item in items if item) + "\n")
        elif isinstance(node, Template) and template_name(node) in BLOCK_LIST_TEMPLATES:
            pieces.append("".join("\n" + _flatten(item, br) for item in positional(node)) + "\n")
        else:
            pieces.append(str(node))
    return "".join(pieces)


def _is_nested_infobox(node: object) -> bool:
    return isinstance(node, Template) and template_name(node).startswith("infobox")


def _split_link_list(code: Wikicode) -> list[Wikicode]:
    """``''[[A]]'', ''[[B]]'' and [[C]]`` is three entries; anything else stays one."""
    links = [link for link in visible_links(code) if is_article_link(link)]
    if len(links) < 2:
        return [code]
    rest = str(code)
    for link in links:
        rest = rest.replace(str(link), "", 1)
    separators = LIST_SEPARATOR_RE.findall(rest)
    if not separators or LIST_SEPARATOR_RE.sub("", rest).replace("'", "").strip():
        return [code]
    return [parse(str(link)) for link in links]


def visible_links(code: Wikicode) -> Iterator[Wikilink]:
    """Wikilinks a reader sees: not inside footnotes or templates, except formatting wrappers."""
    for node in code.nodes:
        if isinstance(node, Wikilink):
            yield node
        elif isinstance(node, Tag) and str(node.tag).strip().lower() in FORMATTING_TAGS:
            if node.contents is not None:
                yield from visible_links(node.contents)
        elif isinstance(node, Template) and template_name(node) in TRANSPARENT_TEMPLATES:
            for value in positional(node):
                yield from visible_links(value)


def link_target(link: Wikilink) -> str:
    """The page a link names, as MediaWiki reads it: `_` as space, first letter capital."""
    title = tidy(str(link.title).replace("_", " ")).lstrip(":").strip()
    return title[:1].upper() + title[1:]


def valid_target(link: Wikilink | None) -> str | None:
    """A link's target when it can name a page: none with a lost letter (U+FFFD) in it."""
    if link is None:
        return None
    target = link_target(link)
    return target if target and "\ufffd" not in target else None


def is_article_link(link: Wikilink) -> bool:
    title = link_target(link).lower()
    return not title.startswith(NON_ARTICLE_PREFIXES) and title not in FATE_LINKS


def _flag_link(code: Wikicode) -> str | None:
    found = flag_of(code, FLAG_LINK_TEMPLATES)
    return found[0] if found else None


def flag_of(
    code: Wikicode, names: frozenset[str] = FLAG_LINK_TEMPLATES | FLAG_ICON_TEMPLATES
) -> tuple[str, str | None] | None:
    """(country, variant) of the first flag template of an entry (`{{flag|Prussia|1803}}`)."""
    for template in code.filter_templates(recursive=False):
        if template_name(template) in names:
            values = positional(template)
            if values and str(values[0]).strip():
                variant = tidy(str(values[1])) if len(values) > 1 else ""
                if SIZE_RE.fullmatch(variant):  # {{flagicon|X|23px}}: a size, not a variant
                    variant = ""
                return tidy(str(values[0])), variant or None
    for node in code.nodes:  # '''{{flag|United States}}''' is still the flag
        if isinstance(node, Tag) and node.contents is not None:
            if str(node.tag).strip().lower() in FORMATTING_TAGS:
                found = flag_of(node.contents, names)
                if found:
                    return found
    return None


def line_refs(code: Wikicode, ref_ids: RefIds | None) -> tuple[str, ...]:
    """Footnote ids of the refs in one entry, in order, each once."""
    if not ref_ids:
        return ()
    found: list[str] = []
    for node in code.ifilter(recursive=True):
        if is_footnote_node(node):
            found.extend(i for i in ref_ids.get(str(node), ()) if i not in found)
    return tuple(found)


def _heading_text(text: str) -> str | None:
    name = tidy(text).strip(PUNCTUATION_EDGES).strip("'")
    return name or None


def _is_heading(line: Line, text: str) -> bool:
    if line.heading or text.endswith(":"):
        return True
    stripped = str(line.code).strip()
    bold_only = re.fullmatch(r"'''(?:(?!''').)*'''", stripped) is not None
    return bold_only and not line.code.filter_wikilinks() and not _flag_link(line.code)


def _small_only(code: Wikicode) -> bool:
    """An entry that is only small print: `<small>…</small>` or `{{small|…}}`."""
    nodes = [n for n in code.nodes if not (isinstance(n, Text) and not str(n).strip())]
    return len(nodes) == 1 and _is_small(nodes[0])


def _remove(code: Wikicode, keep: Callable[[object], bool]) -> None:
    for node in list(code.nodes):
        if not keep(node):
            code.remove(node)
        elif isinstance(node, Tag) and node.contents is not None:
            if str(node.tag).strip().lower() in FORMATTING_TAGS - {"small"}:
                _remove(node.contents, keep)


def _fates_of(code: Wikicode, text: str) -> list[str]:
    """KIA, POW... from fate templates, fate links (``[[Killed in action|†]]``) or text, in
    order, each once."""
    found: list[str] = []
    for node in code.nodes:
        fate = None
        if isinstance(node, Template):
            fate = FATE_TEMPLATES.get(template_name(node))
        elif isinstance(node, Wikilink):
            fate = FATE_LINKS.get(link_target(node).lower())
        if fate and fate not in found:
            found.append(fate)
    if not found:
        match = FATE_TEXT_RE.search(text)
        if match:
            found.append(match.group(1).upper() if match.group(1) else "KIA")
    return found


def _is_fate_node(node: object) -> bool:
    if isinstance(node, Template):
        return template_name(node) in FATE_TEMPLATES
    if isinstance(node, Wikilink):
        return link_target(node).lower() in FATE_LINKS
    return False


def _is_small(node: object) -> bool:
    if isinstance(node, Template):
        return template_name(node) in SMALL_TEMPLATES
    return isinstance(node, Tag) and str(node.tag).strip().lower() == "small"


@dataclass(frozen=True, slots=True)
class _Reading:
    """What one entry says: displayed name, side note, link candidates, fate."""

    name: str
    note: str | None
    links: tuple[Wikilink, ...]
    fate: str | None


def _read(line: Line) -> _Reading:
    code = parse(str(line.code))  # our own copy: free to cut up
    full_text = tidy(plain_text(code))
    fates = _fates_of(code, full_text)
    fate = fates[0] if fates else None
    notes = [tidy(plain_text(node)) for node in code.nodes if _is_small(node)]
    notes += fates[1:]  # "[[Wounded in action|+]] [[Surrender (military)|#]]": WIA, then this
    _remove(code, lambda node: not (_is_fate_node(node) or _is_small(node)))
    links = tuple(link for link in visible_links(code) if is_article_link(link))
    name = FATE_TEXT_RE.sub("", tidy(plain_text(code)))
    trailing = TRAILING_PARENS_RE.search(name)
    in_link = trailing and any(trailing.group(0).strip() in _shown(link) for link in links)
    if trailing and name[: trailing.start()].strip() and not in_link:
        aside = trailing.group(1)
        notes.append(aside)
        name = name[: trailing.start()]
        links = tuple(
            link for link in links if _shown(link) in name or _shown(link) not in notes[-1]
        )
    suffix = HYPHEN_NOTE_RE.match(name)
    if suffix and any(suffix.group(1).endswith(_shown(link)) for link in links):
        name, notes = suffix.group(1), [*notes, suffix.group(2)]  # "[[Alfonso VIII]]-center"
    note = "; ".join(_unwrap(n) for n in notes if _unwrap(n)) or None
    return _Reading(_sanitised(name), note, links, fate)


def _shown(link: Wikilink) -> str:
    return tidy(str(link.text if link.text is not None else link.title))


def _sanitised(name: str) -> str:
    """A name without markup the parser left as text (unbalanced or too deeply nested)."""
    name = BROKEN_MARKUP_RE.sub(" ", name)
    name = tidy(name.replace("*", " ")) if name.lstrip().startswith("*") else name
    return tidy(name).strip(PUNCTUATION_EDGES) if any(ch.isalnum() for ch in name) else ""


def _unwrap(note: str) -> str:
    note = tidy(FATE_TEXT_RE.sub("", note))
    if note.startswith("(") and note.endswith(")"):
        note = note[1:-1]
    return note.strip(PUNCTUATION_EDGES)


def parties(value: Wikicode, ref_ids: RefIds | None = None) -> list[Party]:
    """The parties listed in one combatant cell (with their heading, flag and footnotes)."""
    found: list[Party] = []
    supporting = False
    group: str | None = None
    for line in cell_lines(value):
        text = tidy(plain_text(line.code))
        if not text or ELLIPSIS_RE.match(text):
            continue
        support = SUPPORT_RE.match(text)
        if support:
            supporting = True
            if not text[support.end() :].strip(PUNCTUATION_EDGES):
                continue
        if _is_heading(line, text):
            group = None if support else _heading_text(text)
            continue
        reading = _read(line)
        refs = line_refs(line.code, ref_ids)
        if found and _small_only(line.code) and found[-1].qualifier is None:
            last = found[-1]
            found[-1] = replace(
                last, qualifier=reading.note or reading.name, refs=(*last.refs, *refs)
            )
            continue
        name = SUPPORT_RE.sub("", reading.name) if support else reading.name
        if not name:
            continue
        flag = None if reading.links else flag_of(line.code)
        link = valid_target(reading.links[0]) if reading.links else None
        country = COUNTRY_CODES.get(flag[0], flag[0]) if flag else None
        if flag is not None and flag_of(line.code, FLAG_LINK_TEMPLATES):
            link = country  # {{flag|X}} links X; {{flagicon|X}} X shows an icon, no link
        found.append(
            Party(
                name=name,
                link=link,
                qualifier=reading.note,
                supporting=supporting,
                entity=normalise_title(link or country),
                flag=flag[0] if flag else None,
                flag_variant=flag[1] if flag else None,
                group=group,
                refs=refs,
            )
        )
    return found


def commanders(value: Wikicode, ref_ids: RefIds | None = None) -> list[Commander]:
    """The commanders listed in one commander cell."""
    found: list[Commander] = []
    group: str | None = None
    for line in cell_lines(value):
        text = tidy(plain_text(line.code))
        if not text or ELLIPSIS_RE.match(text):
            continue
        if _is_heading(line, text):
            group = _heading_text(text)
            continue
        reading = _read(line)
        refs = line_refs(line.code, ref_ids)
        if found and _small_only(line.code):
            last = found[-1]
            note = "; ".join(n for n in (last.note, reading.note or reading.name) if n)
            found[-1] = replace(
                last, note=note or None, fate=last.fate or reading.fate, refs=(*last.refs, *refs)
            )
            continue
        if not reading.name or not any(ch.isupper() for ch in reading.name):
            continue  # "then", "and": words between names
        several = len(reading.links) > 1  # the link texts are read only when they could matter
        shown = [tidy(plain_text(parse(str(link)))) for link in reading.links] if several else []
        if shown and reading.name == " ".join(shown):
            # "[[Viceroy]] [[José de la Serna|La Serna]]": a linked rank or title, then the person
            note = "; ".join(n for n in (" ".join(shown[:-1]), reading.note) if n)
            person = valid_target(reading.links[-1])
            found.append(
                Commander(
                    shown[-1], person, note, reading.fate, normalise_title(person), group, refs
                )
            )
            continue
        link = _longest_link(reading.links)
        found.append(
            Commander(
                reading.name, link, reading.note, reading.fate, normalise_title(link), group, refs
            )
        )
    return found


def _longest_link(links: tuple[Wikilink, ...]) -> str | None:
    best: Wikilink | None = None
    best_length = -1
    for link in links:
        shown = str(link.text if link.text is not None else link.title)
        if len(shown.strip()) > best_length:
            best, best_length = link, len(shown.strip())
    return valid_target(best)
