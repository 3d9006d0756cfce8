"""The conflict record: a conflict-type infobox read into a `Conflict`.

Which parameters feed which field (first non-blank wins; names compared in lower case with
``_`` and spaces alike):

==================  ==========================================================================
name                ``conflict``, ``name``, ``title``; else the article title
partof              ``partof``, ``part of``
date_text/start/end ``date`` (date templates inside win over the text; see `dates`)
ongoing             "present"/"ongoing" in the date, or ``status`` saying ongoing/active
place               ``place``, ``location`` (``{{coord}}`` inside is left out of the text)
coordinates         see `coords.locate`
result              ``result``, ``outcome``
territory           ``territory``, ``territorial changes``, ``territory changes``
sides               ``combatantN``/``sideN`` (+ ``combatantNa``…), ``commanderN``/
                    ``leadfiguresN``, ``unitsN``, ``strengthN``/``howmanyN``, ``casualtiesN``
casualties3         ``casualties3`` as written, always kept
civilian_casualties ``civilian casualties``, ``casualties civilian``, ``civilian deaths``; when
                    none and there is no third side, ``casualties3`` (the template's documented
                    use of that cell: civilian or other losses)
notes               ``notes``
==================  ==========================================================================

A side exists for column N when its combatant, commander, units or strength cell has something
(or, for columns 1 and 2, its casualties). Every problem becomes an `Issue`; nothing raises.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mwparserfromhell.nodes import Comment, Tag, Template, Wikilink
from mwparserfromhell.wikicode import Wikicode

from frontlines.extract.belligerents import commanders, link_target, parties, tidy
from frontlines.extract.cells import RefIds, cell_lines_of, cell_refs, joined_cells
from frontlines.extract.coords import is_coord_template, locate
from frontlines.extract.dates import (
    DateRange,
    edtf_from_template,
    is_end_template,
    parse_date_range,
    range_from_template,
)
from frontlines.extract.numbers import with_figures
from frontlines.extract.provenance import with_figure_refs
from frontlines.model import CellLine, Commander, Conflict, Issue, Party, Side
from frontlines.parse.index import TreeIndex
from frontlines.parse.render import plain_text
from frontlines.parse.wikitext import parse, template_name

CONFLICT_INFOBOXES: frozenset[str] = frozenset(
    {
        "infobox military conflict",
        "infobox military operation",
        "infobox civil conflict",
        "infobox war",
        "infobox battle",
    }
)

SIDE_PARAM_RE = re.compile(
    r"^(combatant|side|commander|leadfigures|units|strength|howmany|casualties)\s*(\d)\s*([a-z]?)$"
)
SIDE_FIELD = {
    "combatant": "parties", "side": "parties", "commander": "commanders",
    "leadfigures": "commanders", "units": "units", "strength": "strength",
    "howmany": "strength", "casualties": "casualties",
}  # fmt: skip
# Dash templates inside dates, as the reader sees them. plain_text renders {{snds}} as nothing
# (frontlines.parse at the time of writing), which glues "1775{{snds}}September" together.
DASH_TEMPLATES = {
    "snds": " – ", "snd": " – ", "spaced ndash": " – ", "spnd": " – ", "sndash": " – ",
    "spaced en dash": " – ", "ndash": "–", "en dash": "–", "mdash": "—", "spaced mdash": " — ",
}  # fmt: skip
EMPTY_PARENS_RE = re.compile(r"\(\s*\)")  # left by templates that render to nothing
ONGOING_STATUS_RE = re.compile(r"\b(?:ongoing|active|present|continuing)\b", re.IGNORECASE)


# Could the text hold one of CONFLICT_INFOBOXES? (A quick test on the raw text.)
MAY_HOLD_INFOBOX = re.compile(
    r"\{\{\s*(?:template\s*:\s*)?(?:"
    + "|".join(r"[\s_]+".join(map(re.escape, name.split())) for name in sorted(CONFLICT_INFOBOXES))
    + r")\b",
    re.IGNORECASE,
)


def find_conflict_infobox(code: Wikicode, index: TreeIndex | None = None) -> Template | None:
    """The first conflict-type infobox anywhere in the page (any spelling of its name)."""
    for template in code.ifilter_templates(recursive=False):  # almost always at the top level
        if template_name(template) in CONFLICT_INFOBOXES:
            return template
    for template in (index or TreeIndex(code)).templates:
        if template_name(template) in CONFLICT_INFOBOXES:
            return template
    return None


def _parameters(infobox: Template) -> dict[str, Wikicode]:
    """Non-blank parameters by normalised name (lower case, "_" as space); first one wins."""
    found: dict[str, Wikicode] = {}
    for param in infobox.params:
        name = tidy(str(param.name).replace("_", " ")).lower()
        if name not in found and _has_content(param.value):
            found[name] = param.value
    return found


def _has_content(value: Wikicode) -> bool:
    return bool(re.sub(r"<!--.*?(?:-->|$)", "", str(value), flags=re.S).strip())


def _first(params: dict[str, Wikicode], *names: str) -> Wikicode | None:
    for name in names:
        if name in params:
            return params[name]
    return None


def _text(value: Wikicode | None) -> str | None:
    """One-line plain text, or None when there is none."""
    if value is None:
        return None
    return tidy(EMPTY_PARENS_RE.sub("", plain_text(value))) or None


# The "- " plain text puts before list items: a field's lines are its entries, unmarked.
LIST_MARK_RE = re.compile(r"^\s*- ")


def _lines(value: Wikicode | None) -> str | None:
    """Plain text keeping its line structure (blank lines and list marks dropped), or None."""
    if value is None:
        return None
    text = EMPTY_PARENS_RE.sub("", plain_text(value, lines=True))
    lines = [tidy(LIST_MARK_RE.sub("", line)) for line in text.splitlines()]
    return "\n".join(line for line in lines if line) or None


def _without_coordinates(value: Wikicode) -> Wikicode:
    code = parse(str(value))
    for template in code.filter_templates(recursive=False):
        if is_coord_template(template):
            code.remove(template)
    return code


def _place(value: Wikicode | None) -> str | None:
    if value is None:
        return None
    code = _without_coordinates(value)
    text = _text(code) or ""
    return text.strip(" ,;") or None


def with_visible_dashes(value: Wikicode) -> Wikicode:
    """A copy of a cell with dash templates replaced by the dashes they show."""
    code = parse(str(value))
    for template in code.filter_templates(recursive=True):
        dash = DASH_TEMPLATES.get(template_name(template))
        if dash is not None:
            try:
                code.replace(template, dash)
            except ValueError:  # inside a template already replaced
                continue
    return code


def read_dates(value: Wikicode | None) -> DateRange:
    """Start, end and ongoing from a ``date`` cell: its date templates, else its text."""
    if value is None:
        return DateRange(None, None)
    from_text = parse_date_range(plain_text(with_visible_dashes(value), lines=True))
    templates = value.filter_templates(recursive=True)
    for template in templates:
        whole = range_from_template(template)
        if whole is not None:
            return whole._replace(ongoing=from_text.ongoing)
    starts = [t for t in templates if not is_end_template(t) and edtf_from_template(t)]
    ends = [t for t in templates if is_end_template(t) and edtf_from_template(t)]
    if not starts:
        return from_text
    start = edtf_from_template(starts[0])
    if ends:
        return DateRange(start, edtf_from_template(ends[0]), from_text.ongoing)
    if len(starts) > 1:
        return DateRange(start, edtf_from_template(starts[1]), from_text.ongoing)
    if from_text.ongoing:
        return DateRange(start, None, True)
    end = from_text.end if from_text.start == start else start
    return DateRange(start, end)


def _side_cells(params: dict[str, Wikicode]) -> dict[int, dict[str, list[Wikicode]]]:
    """Cells of each side column: {1: {"parties": [combatant1, combatant1a], ...}, ...}."""
    columns: dict[int, dict[str, list[tuple[str, Wikicode]]]] = {}
    for name, value in params.items():
        match = SIDE_PARAM_RE.match(name)
        if match is None:
            continue
        kind, column, suffix = match.groups()
        field = SIDE_FIELD[kind]
        columns.setdefault(int(column), {}).setdefault(field, []).append((suffix, value))
    return {
        column: {field: [v for _, v in sorted(cells)] for field, cells in fields.items()}
        for column, fields in sorted(columns.items())
    }


def _joined_lines(values: Iterable[Wikicode]) -> str | None:
    texts = [text for text in (_lines(value) for value in values) if text]
    return "\n".join(texts) or None


SIDE_CELLS = ("units", "strength", "casualties")


def _side(cells: dict[str, list[Wikicode]], ref_ids: RefIds) -> Side:
    found_parties: list[Party] = []
    for value in cells.get("parties", []):
        found_parties.extend(parties(value, ref_ids))
    found_commanders: list[Commander] = []
    for value in cells.get("commanders", []):
        found_commanders.extend(commanders(value, ref_ids))
    lines = {name: joined_cells(cells.get(name, []), ref_ids) for name in SIDE_CELLS}
    lines = {name: found for name, found in lines.items() if found}
    return Side(
        parties=tuple(found_parties),
        commanders=tuple(found_commanders),
        units=_joined_lines(cells.get("units", [])),
        strength=_joined_lines(cells.get("strength", [])),
        casualties=_joined_lines(cells.get("casualties", [])),
        cells=lines,
        refs={name: refs for name, found in lines.items() if (refs := cell_refs(found))},
    )


def read_sides(params: dict[str, Wikicode], ref_ids: RefIds | None = None) -> tuple[Side, ...]:
    """One side per combatant column that has something to say."""
    sides: list[Side] = []
    for column, cells in _side_cells(params).items():
        side = _side(cells, ref_ids or {})
        if side.parties or side.commanders or side.units or side.strength:
            sides.append(side)
        elif side.casualties and column <= 2:
            sides.append(side)
    return tuple(sides)


def _has_third_side(params: dict[str, Wikicode]) -> bool:
    """Whether column 3 names a side (not just the casualties3 cell)."""
    for name in params:
        match = SIDE_PARAM_RE.match(name)
        if match and match.group(2) == "3" and match.group(1) != "casualties":
            return True
    return False


def _first_paragraph(code: Wikicode) -> str:
    """Wikitext of the lead's first prose paragraph (templates, refs and comments left out)."""
    lead = re.split(r"\n=+[^=\n]", str(code), maxsplit=1)[0]
    text = parse(lead)
    for node in list(text.nodes):
        if isinstance(node, Template | Comment) or (isinstance(node, Tag) and not node.wiki_markup):
            text.remove(node)  # templates, refs, comments; bold, italics and lists stay
    for paragraph in re.split(r"\n\s*\n", str(text)):
        stripped = paragraph.strip()
        if stripped and not stripped.startswith(("[[File:", "[[Image:", "{", "|", "<")):
            return stripped
    return ""


def sides_from_lead(code: Wikicode) -> tuple[Side, ...]:
    """Two sides from "a conflict between [[A]] ... and [[B]] ..." in the lead; else none.

    The fallback for infoboxes that name no belligerents. Each side is the first link of its
    half of the phrase (up to the end of the sentence); "led by [[X]]" in a half gives X as
    that side's commander.
    """
    paragraph = _first_paragraph(code)
    match = re.search(r"\bbetween\s+(.*?)(?:\.\s|\.$|$)", paragraph, flags=re.S)
    if match is None:
        return ()
    halves = _split_outside_links(match.group(1), " and ")
    if len(halves) != 2:
        return ()
    sides: list[Side] = []
    for half in halves:
        links = parse(half).filter_wikilinks(recursive=False)
        if not links or ":" in str(links[0].title):
            return ()
        leader = re.search(r"\b(?:led|commanded|headed) by\s+(\[\[[^\]]+\]\])", half)
        commanders: tuple[Commander, ...] = ()
        if leader:
            name, target = _shown_and_target(parse(leader.group(1)).filter_wikilinks()[0])
            commanders = (Commander(name=name, link=target),)
        name, target = _shown_and_target(links[0])
        sides.append(Side(parties=(Party(name=name, link=target),), commanders=commanders))
    return tuple(sides)


def _shown_and_target(link: Wikilink) -> tuple[str, str]:
    return tidy(plain_text(parse(str(link)))), link_target(link)


def _split_outside_links(text: str, separator: str) -> list[str]:
    """Split at the first separator that is not inside [[...]]."""
    depth = 0
    for index in range(len(text)):
        if text.startswith("[[", index):
            depth += 1
        elif text.startswith("]]", index):
            depth = max(0, depth - 1)
        elif depth == 0 and text.startswith(separator, index):
            return [text[:index], text[index + len(separator) :]]
    return [text]


CONFLICT_CELLS = {
    "date": ("date",),
    "place": ("place", "location"),
    "result": ("result", "outcome"),
    "territory": ("territory", "territorial changes", "territory changes"),
    "casualties3": ("casualties3",),
    "civilian_casualties": ("civilian casualties", "casualties civilian", "civilian deaths"),
}


def _conflict_cells(
    params: dict[str, Wikicode], ref_ids: RefIds
) -> dict[str, tuple[CellLine, ...]]:
    found: dict[str, tuple[CellLine, ...]] = {}
    for name, keys in CONFLICT_CELLS.items():
        value = _first(params, *keys)
        if value is None:
            continue
        if name == "date":
            value = with_visible_dashes(value)
        elif name == "place":
            value = _without_coordinates(value)
        lines = cell_lines_of(value, ref_ids)
        if lines:
            found[name] = lines
    return found


def extract_conflict(
    code: Wikicode,
    *,
    title: str,
    text: str | None = None,
    ref_ids: RefIds | None = None,
    index: TreeIndex | None = None,
) -> tuple[Conflict | None, tuple[Issue, ...]]:
    """The conflict record of a page, or None when it has no conflict-type infobox.

    `text`, the wikitext `code` was parsed from, lets a page that names no such infobox be
    passed over without walking its tree. Never raises on bad wikitext and never changes
    `code`; problems come back as issues. `ref_ids` (from `parse.infobox_refs`) gives every
    value the ids of the footnotes that support it. `index` (the document's `TreeIndex`, when
    the caller has it) saves walking the tree again.
    """
    ref_ids = ref_ids or {}
    if text is not None and not MAY_HOLD_INFOBOX.search(text):
        return None, ()
    infobox = find_conflict_infobox(code, index)
    if infobox is None:
        return None, ()
    params = _parameters(infobox)
    issues: list[Issue] = []
    date_value = _first(params, "date")
    dates = read_dates(date_value)
    date_text = _text(with_visible_dashes(date_value)) if date_value is not None else None
    if dates.start is None:
        shown = f"'{date_text}'" if date_text else "an empty date"
        issues.append(Issue("no_start_date", f"no start date could be read from {shown}"))
    status = _text(_first(params, "status")) or ""
    ongoing = dates.ongoing or bool(ONGOING_STATUS_RE.search(status))
    end = None if ongoing and dates.end == dates.start else dates.end  # an open single date
    coordinates, coordinate_issues = locate(code, infobox, index)
    issues.extend(coordinate_issues)
    sides = read_sides(params, ref_ids)
    if not sides:
        sides = sides_from_lead(code)
        if sides:
            message = "the infobox names no belligerents; the sides come from the lead"
            issues.append(Issue("sides_from_lead", message))
    if len(sides) < 2:
        issues.append(Issue("few_sides", f"the infobox gives {len(sides)} side(s), expected 2+"))
    casualties3 = _lines(_first(params, "casualties3"))
    civilian = _lines(
        _first(params, "civilian casualties", "casualties civilian", "civilian deaths")
    )
    if civilian is None and not _has_third_side(params):
        civilian = casualties3
    cells = _conflict_cells(params, ref_ids)
    if "civilian_casualties" not in cells and civilian is not None and "casualties3" in cells:
        cells["civilian_casualties"] = cells["casualties3"]
    conflict = Conflict(
        name=_text(_first(params, "conflict", "name", "title")) or title,
        infobox=tidy(str(infobox.name)),
        partof=_text(_first(params, "partof", "part of")),
        date_text=date_text,
        start=dates.start,
        end=end,
        ongoing=ongoing,
        place=_place(_first(params, "place", "location")),
        coordinates=coordinates,
        result=_lines(_first(params, "result", "outcome")),
        territory=_lines(_first(params, "territory", "territorial changes", "territory changes")),
        sides=sides,
        casualties3=casualties3,
        civilian_casualties=civilian,
        notes=_lines(_first(params, "notes")),
        cells=cells,
        refs={name: refs for name, found in cells.items() if (refs := cell_refs(found))},
    )
    conflict, figure_issues = with_figures(conflict)
    conflict = with_figure_refs(conflict)
    return conflict, (*issues, *figure_issues)
