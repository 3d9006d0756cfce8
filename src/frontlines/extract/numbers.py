"""Typed figures: the numbers of a strength or casualties cell as `Figure` items.

`read_figures(text, field)` reads the plain text the infobox reader keeps for a cell (one entry
a line, {{convert}} and dash templates already rendered) into figures with a category, bounds,
and marks (approx, claimant, scope, total); `with_figures(conflict)` fills a Conflict's
`strength_numbers`, `casualty_numbers`, `casualties3_numbers` and `civilian_casualty_numbers`.

A cell is read line by line (a line ending in "from", "of", "the"... runs on into the next):

* a line without figures is a heading when it is short or ends with ":" ("Great Britain:",
  "Navy:", "First phase (13 Nov):"); headings on consecutive lines stack. A heading gives the
  figures under it their scope, or marks them total ("Total strength:"), approximate
  ("Estimated:") or claimed ("Per Soviet sources:"), or names what they count ("Aircraft:");
* "Label: figures" on one line does the same for that line ("Netherlands: 17,000"); a label
  that names a place or party replaces the heading's scope;
* each number's category comes from the words after it up to the next number (else the
  words before it): see `figure_words`; a figure in parentheses after another, or after
  "including", is part of its breakdown and takes the words it lacks from it;
* the other parenthesised words of a figure give its scope ("(at Gibraltar)", "(1776–1780)",
  "(North America only)"), claimant ("(German estimate)"), approx ("(estimated)") or total;
  capitalised words right after the number name a sub-unit ("5,000 Continental Navy sailors")
  and "at/from/in <Name>" a place, both kept in `scope`;
* `total`: the cell says so ("Total: 73,000", "27,000 total", "for a total of 1,732"), or the
  figure is a headline followed by its breakdown (parts in parentheses, "including …", a line
  ending in ":", or the following lines adding up to it exactly); the parts of a breakdown
  inherit the headline's scope;
* "20,000 troops to 60,000" is one range;
* a line with digits the reader cannot place (see `quantities`), with markup left in it, or
  with a range from a word to a number ("Dozens to over 100"), gives no figure and an
  `unread_figure` issue carrying the line; nothing is guessed.

docs/article-json.md ("Typed figures") gives every rule with examples.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from frontlines.extract.figure_context import (
    CLAIM_RE,
    VAGUE_RE,
    Context,
    aside,
    context,
    is_aside,
    places,
    sub_unit,
    who,
)
from frontlines.extract.figure_words import (
    APPROX_RE,
    NOUN_RE,
    STATE_RE,
    TOTAL_RE,
    Words,
    category,
    words_of,
)
from frontlines.extract.quantities import DIGIT_RE, Quantity, Span, masked, scan
from frontlines.model import Conflict, Figure, Issue

RUN_ON_RE = re.compile(r"\b(?:from|of|the|in|at|on|by|to|with|for|and)\s*$", re.IGNORECASE)
LEAK_RE = re.compile(r"[\[\]{}|]")
PART_OF_RE = re.compile(
    r"\b(?:including|incl\.|of\s+whom|of\s+which|among\s+them|among\s+whom)(?!\w)", re.I
)
STOP_RE = re.compile(r";|\.(?=\s|$)")
LABEL_RE = re.compile(r"^\s*(?P<label>[^:;]{1,80}?)\s*:\s*")
TRAILING_RE = re.compile(
    r"(?:[\s,;:.]+|\s+(?:and|or|to|plus|with|including|incl\.|of\s+whom|of\s+which|"
    r"among\s+them|in|of|from|at|by|for|on))+$"
)
# "Dozens to over 100 killed": a range from no number to a number; its figure is not guessed at.
VAGUE_TO_RE = re.compile(
    r"\b(?:dozens|hundreds|thousands|scores|several|few|many|tens)(?:\s+of\s+\w+)?\s*"
    r"(?:to|or|-|–)\s*$",
    re.IGNORECASE,
)
SHARED_RE = re.compile(r"^[\s,]*(?:and|or|&)?[\s,]*$")
LOSS_CATEGORIES = frozenset(
    "killed wounded captured missing killed_or_wounded casualties deserted civilians_killed".split()
)


@dataclass(frozen=True, slots=True)
class Reading:
    """A cell read: its figures, the issues, and the spans of the cell's digits (`figure` for
    each number read; year, date, ordinal... for those set aside; `unread`), in cell offsets."""

    figures: tuple[Figure, ...] = ()
    issues: tuple[Issue, ...] = ()
    spans: tuple[Span, ...] = ()


@dataclass(slots=True)
class _Item:
    """A figure being read (mutable while the cell's passes run)."""

    quantity: Quantity
    spans: list[Span]  # the number(s), in cell offsets
    text: tuple[int, int]  # in cell offsets
    words: Words
    phrase: str
    own_scope: list[str] = field(default_factory=list)
    scope: list[str] = field(default_factory=list)
    claimant: str | None = None
    approx: bool = False
    total: bool = False
    said_total: bool = False  # the words outside parentheses say "total"
    labelled: bool = False  # its line starts with a label ("Netherlands: 17,000")
    parent: _Item | None = None
    has_parts: bool = False
    category: str = ""
    high: int | None = None


@dataclass(slots=True)
class _Line:
    start: int
    text: str
    spans: list[Span]
    items: list[_Item] = field(default_factory=list)
    label: Context | None = None
    unread: bool = False


def read_figures(
    text: str | None, field_name: str, *, where: str = ""
) -> tuple[tuple[Figure, ...], tuple[Issue, ...]]:
    """The figures of one cell and the issues for what could not be read."""
    reading = read_cell(text, field_name, where=where)
    return reading.figures, reading.issues


def read_cell(text: str | None, field_name: str, *, where: str = "") -> Reading:
    """The whole reading of one cell (`field_name`: strength, casualties or casualties3)."""
    if not text or not text.strip():
        return Reading()
    lines = [_read_line(text, start, end, field_name) for start, end in _logical_lines(text)]
    issues: list[Issue] = []
    spans: list[Span] = []
    items: list[tuple[int, _Item]] = []  # (block, item): a block runs from one heading to the next
    headings: list[str] = []
    last_heading = False
    block = 0
    colon_headline: _Item | None = None
    colon_parts: list[_Item] = []
    for index, line in enumerate(lines):
        spans.extend(line.spans)
        if line.unread:
            shown = line.text.strip()
            issues.append(_unread_issue(shown, where))
            last_heading = False
            continue
        if not line.items:
            stripped = line.text.strip()
            if is_aside(stripped) and not last_heading:
                if index and lines[index - 1].items:  # "(half engaged)" under its figure
                    _describe_last(lines[index - 1], stripped)
            elif _is_heading(stripped):
                if last_heading:
                    headings.append(stripped.rstrip(": "))
                else:
                    headings = [stripped.rstrip(": ")]
                    block += 1
                last_heading = True
                colon_headline = _close_colon(colon_headline, colon_parts)
            continue
        last_heading = False
        _applycontext(line, [context(h) for h in headings])
        for item in line.items:
            spans.extend(item.spans)
            _finish_words(item, items[-1][1] if items else None, field_name)
            items.append((block, item))
        tops = [item for item in line.items if item.parent is None]
        if colon_headline is not None:
            if line.label is not None or any(item.said_total for item in tops):
                colon_headline = _close_colon(colon_headline, colon_parts)
            else:
                colon_parts.extend(tops)
        if line.text.rstrip().endswith(":") and tops:
            colon_headline = _close_colon(colon_headline, colon_parts)
            colon_headline = tops[-1]
    _close_colon(colon_headline, colon_parts)
    _sum_totals(items, lines)
    figures = tuple(_figure(item, text) for _, item in items)
    spans.sort(key=lambda span: span.start)
    return Reading(figures, tuple(issues), tuple(spans))


def _unread_issue(shown: str, where: str) -> Issue:
    place = f"{where}: " if where else ""
    return Issue(
        "unread_figure",
        f"{place}the figures in '{shown}' could not be read; the text is kept as written",
        shown,
    )


def _logical_lines(text: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    run_on = False
    for match in re.finditer(r"[^\n]+", text):
        if not match.group(0).strip():
            continue
        if run_on and found:
            found[-1] = (found[-1][0], match.end())
        else:
            found.append(match.span())
        run_on = bool(RUN_ON_RE.search(match.group(0)))
    return found


def _read_line(cell: str, start: int, end: int, field_name: str) -> _Line:
    text = cell[start:end].replace("\n", " ")
    quantities, spans = scan(text)
    hidden = masked(text, [span for span in spans if span.kind != "unread"])
    line = _Line(start, text, [Span(s.start + start, s.end + start, s.kind) for s in spans])
    leaked = LEAK_RE.search(hidden) is not None and DIGIT_RE.search(hidden) is not None
    vague = any(VAGUE_TO_RE.search(text[: q.start]) for q in quantities)
    if leaked or vague or any(span.kind == "unread" for span in spans):
        line.unread = True
        line.spans = [s for s in line.spans if s.kind != "unread"]
        line.spans.append(Span(start, end, "unread"))
        return line
    label = LABEL_RE.match(text)
    first = quantities[0].start if quantities else len(text)
    if label and label.end() <= first and not DIGIT_RE.search(hidden[: label.end()]):
        line.label = context(label.group("label"))
    offset = label.end() if label is not None and line.label is not None else 0
    line.items = _items(line, [q for q in quantities if q.start >= offset], offset, field_name)
    for item in line.items:
        item.labelled = line.label is not None
    return line


def _paren_groups(text: str) -> list[tuple[int, int]]:
    """Top-level (open, close) pairs of balanced parentheses."""
    groups: list[tuple[int, int]] = []
    depth, opened = 0, -1
    for index, char in enumerate(text):
        if char == "(":
            if depth == 0:
                opened = index
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                groups.append((opened, index))
    return groups


def _items(line: _Line, quantities: list[Quantity], offset: int, field_name: str) -> list[_Item]:
    text = line.text
    groups = _paren_groups(text)

    def group_of(position: int) -> tuple[int, int] | None:
        return next((g for g in groups if g[0] < position < g[1]), None)

    tops = [q for q in quantities if group_of(q.start) is None]
    items: list[_Item] = []
    cut: int | None = offset  # where the words before the next figure begin
    part_of: _Item | None = None
    for index, quantity in enumerate(tops):
        limit = tops[index + 1].start if index + 1 < len(tops) else len(text)
        stop = _stop(text, quantity.end, limit, groups)
        inside = [g for g in groups if quantity.end <= g[0] < stop]
        phrase = _blank_groups(text, quantity.end, stop, inside)
        pre = text[cut : quantity.start] if cut is not None else ""
        item = _new_item(line, quantity, phrase, pre, stop, field_name)
        if item is None:
            continue
        if part_of is not None:
            item.parent = part_of
            part_of.has_parts = True
        items.append(item)
        for group in inside:
            parts = [q for q in quantities if group[0] < q.start < group[1]]
            if parts:
                item.text = (item.text[0], min(item.text[1], line.start + group[0]))
                _trim(item, line)
                items.extend(_parts(line, item, parts, group, field_name))
            else:
                _describe(item, text[group[0] + 1 : group[1]])
        ended = text[stop : stop + 1] == ";" or stop >= len(text)
        cut = stop if ended else None
        if PART_OF_RE.match(text, stop):
            part_of = item
        elif ended:
            part_of = None
    taken = {id(item.quantity) for item in items}
    for quantity in quantities:  # in parentheses with no figure before them: "(1,500 killed)"
        if id(quantity) not in taken and not quantity.written:
            holder = group_of(quantity.start)
            limit = holder[1] if holder is not None else len(text)
            later = [q.start for q in quantities if quantity.end <= q.start < limit]
            stop = _stop(text, quantity.end, min([limit, *later]))
            phrase = text[quantity.end : stop]
            alone = _new_item(line, quantity, phrase, "", stop, field_name)
            if alone is not None:
                items.append(alone)
    items.sort(key=lambda item: item.text[0])
    _merge_to_ranges(items, line)
    _share_words(items)
    return items


def _share_words(items: list[_Item]) -> None:
    """ "100 Azerbaijani and 85 Armenian civilians killed": the first figure names only a
    sub-unit, so it counts what the next one counts."""
    for first, second in zip(items, items[1:], strict=False):
        if first.parent is not second.parent or not first.words.empty or second.words.empty:
            continue
        if SHARED_RE.match(re.sub(r"\b[A-Z][\w'’.-]*", "", first.phrase)):
            first.words = second.words


def _stop(text: str, start: int, limit: int, groups: Sequence[tuple[int, int]] = ()) -> int:
    """Where the words of a figure end: the next figure, a ";", a sentence's end, "including"
    (those inside parentheses do not count)."""
    stops = [limit]
    for pattern in (STOP_RE, PART_OF_RE):
        for match in pattern.finditer(text, start, limit):
            if not any(g[0] < match.start() < g[1] for g in groups):
                stops.append(match.start())
                break
    return min(stops)


def _blank_groups(text: str, start: int, stop: int, groups: list[tuple[int, int]]) -> str:
    chars = list(text[start:stop])
    for open_at, close_at in groups:
        for index in range(open_at, min(close_at + 1, stop)):
            chars[index - start] = " "
    return "".join(chars)


def _new_item(
    line: _Line, quantity: Quantity, phrase: str, pre: str, stop: int, field_name: str
) -> _Item | None:
    words = words_of(phrase, line.text)
    if quantity.written and not _counted_next(phrase):
        return None  # "one of the", "no reliable figures": words, not a count
    used_pre = False
    if words.empty and pre.strip():
        words = words_of(pre, line.text)
        used_pre = not words.empty
    if quantity.measure:
        words = Words("other")
    item = _Item(
        quantity=quantity,
        spans=[Span(line.start + quantity.number_start, line.start + quantity.end, "figure")],
        text=(line.start + quantity.start, line.start + stop),
        words=words,
        phrase=phrase,
        approx=quantity.approx or bool(APPROX_RE.search(phrase)),
        high=quantity.high,
    )
    said = TOTAL_RE.search(phrase) or TOTAL_RE.search(pre)
    item.total = item.said_total = bool(said)
    claim = CLAIM_RE.search(phrase) or CLAIM_RE.search(pre)
    if claim:
        item.claimant = who(claim.group("who"))
    if pre.strip() and (used_pre or said or claim):  # "for a total of 1,732 killed"
        lead = len(pre) - len(pre.lstrip())
        item.text = (line.start + quantity.start - len(pre) + lead, item.text[1])
    item.own_scope.extend(sub_unit(phrase) + places(phrase))
    _trim(item, line)
    return item


def _counted_next(phrase: str) -> bool:
    head = " ".join(phrase.split()[:3])
    return bool(NOUN_RE.search(head) or STATE_RE.search(head))


def _trim(item: _Item, line: _Line) -> None:
    start, end = item.text
    shown = line.text[start - line.start : end - line.start]
    shown = TRAILING_RE.sub("", shown)
    item.text = (start, start + len(shown))


def _parts(
    line: _Line, parent: _Item, parts: list[Quantity], group: tuple[int, int], field_name: str
) -> list[_Item]:
    """The figures of a breakdown in parentheses after `parent`."""
    parent.has_parts = True
    found: list[_Item] = []
    for index, quantity in enumerate(parts):
        limit = parts[index + 1].start if index + 1 < len(parts) else group[1]
        stop = _stop(line.text, quantity.end, limit)
        phrase = line.text[quantity.end : stop]
        item = _new_item(line, quantity, phrase, "", stop, field_name)
        if item is not None:
            item.parent = parent
            found.append(item)
    return found


def _merge_to_ranges(items: list[_Item], line: _Line) -> None:
    """ "20,000 Ottoman troops to 60,000": the second number is the first one's high bound."""
    index = 0
    while index + 1 < len(items):
        first, second = items[index], items[index + 1]
        if (
            first.parent is None
            and second.parent is None
            and re.search(r"\bto\s*$", first.phrase)
            and words_of(second.phrase).empty
            and first.quantity.low is not None
            and first.quantity.low == first.quantity.high
            and second.quantity.low is not None
            and second.quantity.low > first.quantity.low
        ):
            first.high = second.quantity.high
            first.approx = first.approx or second.approx
            first.spans.extend(second.spans)
            first.text = (first.text[0], second.text[1])
            del items[index + 1]
        index += 1


def _is_heading(text: str) -> bool:
    if not re.search(r"[^\W\d_]", text) or VAGUE_RE.search(text):
        return False
    return text.endswith(":") or len(text.split()) <= 6


def _describe_last(line: _Line, text: str) -> None:
    tops = [item for item in line.items if item.parent is None]
    if tops:
        _describe(tops[-1], text[1:-1])


def _describe(item: _Item, text: str) -> None:
    """What a parenthesised aside without figures says about the figure before it."""
    for part in re.split(r"[,;]", text):
        said = aside(part.strip())
        item.approx = item.approx or said.approx
        item.total = item.total or said.total
        item.claimant = item.claimant or said.claimant
        if said.scope:
            item.own_scope.append(said.scope)


def _applycontext(line: _Line, headings: list[Context]) -> None:
    """Headings and the line's label applied to the line's figures; parts after parents."""
    scope = [h.scope for h in headings if h.scope]
    label = line.label
    for item in line.items:
        marks = [*headings, label] if label is not None else headings
        for mark in marks:
            item.approx = item.approx or mark.approx
            item.claimant = item.claimant or mark.claimant
            item.words = item.words if not item.words.empty else mark.words
        if item.parent is not None:
            item.words = item.words.filled_from(item.parent.words)
            item.scope = _joined(item.parent.scope, item.own_scope)
            continue
        if label is not None and label.scope:  # "France: 10,000" is France's, whatever the heading
            item.total = item.total or label.total
            item.scope = _joined([label.scope], item.own_scope)
        else:
            in_total = any(h.total for h in headings) or (label is not None and label.total)
            item.total = item.total or in_total
            item.scope = _joined(scope, item.own_scope)
        item.total = item.total or item.has_parts


def _joined(first: list[str], second: list[str]) -> list[str]:
    out: list[str] = []
    for part in [*first, *second]:
        if part and part not in out:
            out.append(part)
    return out


def _finish_words(item: _Item, previous: _Item | None, field_name: str) -> None:
    words = item.words
    materiel = ("ships", "aircraft", "tanks", "guns", "vehicles")
    if words.noun is None and words.states and words.states <= {"sunk", "destroyed", "damaged"}:
        if previous is not None and previous.words.noun in materiel:
            words = replace(words, noun=previous.words.noun)  # "29 aircraft destroyed, 21 damaged"
    item.words = words
    item.category = category(words, field_name)


def _close_colon(headline: _Item | None, parts: list[_Item]) -> _Item | None:
    """Close a headline ending in ":": a total when parts followed; returns None (no open one)."""
    if headline is not None and parts:
        headline.total = True
        for part in parts:
            part.scope = _joined(headline.scope, part.scope)
    parts.clear()
    return None


def _covers(whole: str, part: str) -> bool:
    if whole == part:
        return True
    if whole == "casualties":
        return part in LOSS_CATEGORIES
    return whole == "killed_or_wounded" and part in ("killed", "wounded")


def _sum_totals(items: list[tuple[int, _Item]], lines: list[_Line]) -> None:
    """A headline is the total of the figures on the lines after it when they add up to it.

    The parts are the whole run of figures that follow under the same heading, of a kind the
    headline covers, on lines of one sort (all labelled, "Netherlands: 17,000", or none), each a
    single number; a run of at least two whose sum is the headline (or within its range).
    """
    tops = [(block, item) for block, item in items if item.parent is None]
    line_of = {id(item): _line_index(item, lines) for _, item in tops}
    run_of: dict[int, int] = {}  # the parts of one accepted breakdown are peers, not headlines
    for index, (block, headline) in enumerate(tops):
        low, high = headline.quantity.low, headline.high
        if low is None or high is None or headline.total:
            continue
        later = [(b, i) for b, i in tops[index + 1 :] if line_of[id(i)] > line_of[id(headline)]]
        parts: list[_Item] = []
        for part_block, part in later:
            if part_block != block or not _covers(headline.category, part.category):
                break
            if parts and part.labelled != parts[0].labelled:
                break
            if id(headline) in run_of and run_of.get(id(part)) == run_of[id(headline)]:
                break
            parts.append(part)
        values = [part.quantity.low for part in parts if part.quantity.low == part.high]
        if len(parts) < 2 or len(values) != len(parts):
            continue
        if low <= sum(v for v in values if v is not None) <= high:
            headline.total = True
            for part in parts:
                part.scope = _joined(headline.scope, part.scope)
                run_of[id(part)] = index


def _line_index(item: _Item, lines: list[_Line]) -> int:
    start = item.text[0]
    return max(i for i, line in enumerate(lines) if line.start <= start)


def _figure(item: _Item, cell: str) -> Figure:
    start, end = item.text
    shown = cell[start:end].strip()  # a run-on line's figure keeps its line break
    return Figure(
        category=item.category,
        low=item.quantity.low,
        high=item.high,
        approx=item.approx,
        claimant=item.claimant,
        scope=", ".join(item.scope) or None,
        total=item.total,
        text=shown,
    )


def with_figures(conflict: Conflict) -> tuple[Conflict, tuple[Issue, ...]]:
    """The conflict with every strength and casualty cell read into figures, and the issues."""
    issues: list[Issue] = []
    sides = []
    for number, side in enumerate(conflict.sides, start=1):
        strength, found = read_figures(side.strength, "strength", where=f"side {number} strength")
        issues.extend(found)
        losses, found = read_figures(
            side.casualties, "casualties", where=f"side {number} casualties"
        )
        issues.extend(found)
        sides.append(replace(side, strength_numbers=strength, casualty_numbers=losses))
    third, found = read_figures(conflict.casualties3, "casualties3", where="casualties3")
    issues.extend(found)
    civilian: tuple[Figure, ...] = ()
    if conflict.civilian_casualties != conflict.casualties3:
        civilian, found = read_figures(
            conflict.civilian_casualties, "casualties3", where="civilian casualties"
        )
        issues.extend(found)
    updated = replace(
        conflict, sides=tuple(sides), casualties3_numbers=third, civilian_casualty_numbers=civilian
    )
    return updated, tuple(issues)
