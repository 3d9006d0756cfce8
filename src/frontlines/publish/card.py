"""The infobox card of an article page: what each value shows, in Wikipedia's order.

* Date, place, result and territory show their cell's lines as the source writes them
  (durations, "Ratification effective: ..." lines; "April 19, 1775" stays so); the typed
  start is only the `<time datetime>`.
* Belligerents, commanders, units, strength and casualties are rows of one column per side,
  unlabelled, as Wikipedia shows them; side headings ("Seventh Coalition") head their parties,
  "Supported by" its supporters; lists stay lists (nested ones nested).
* Civilian losses are shown once, labelled; a different `casualties3` has its own label.
* A side's typed casualty figures add a one-line summary (killed, wounded, captured, missing).
* Every value keeps its footnote marks, linking to the article's footnotes (`FootnoteMarks`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from frontlines.model import CellLine, Conflict, Figure, Reference, Side
from frontlines.publish.views import date_range

SUMMARY_CATEGORIES = (
    ("killed", "killed"), ("wounded", "wounded"), ("captured", "captured"),
    ("killed_or_wounded", "killed or wounded"), ("missing", "missing"),
)  # fmt: skip
# A footnote mark as publish/footnotes.py renders it: the list entry it jumps to, its own id
# (what the entry's back-link jumps to) and what it shows ("135", "a").
_MARK_HTML = re.compile(r'<a href="#([^"]+)" id="([^"]+)">\[([^\]<]*)\]</a>')
_DEFINITION = re.compile(r"\n\[\^[^\]\n]+\]:")
_LEADING_MARKS = re.compile(r'\A<p>((?:<sup class="footnote-ref">.*?</sup>)+)</p>\n', re.S)


@dataclass(frozen=True, slots=True)
class _Mark:
    target: str  # the footnote list entry's id
    back: str  # the id its back-link jumps to
    text: str  # what the mark shows


@dataclass(slots=True)
class FootnoteMarks:
    """Footnote label ("135", "n15") → its mark as the rendered footnote list gives it."""

    numbers: dict[str, _Mark] = field(default_factory=dict)
    _anchored: set[str] = field(default_factory=set)

    def mark(self, label: str) -> dict[str, Any] | None:
        found = self.numbers.get(label)
        if found is None:
            return None
        first = label not in self._anchored  # the back-link jumps to the first mark
        self._anchored.add(label)
        return {
            "number": found.text,
            "target": f"#{found.target}",
            "id": found.back if first else "",
        }

    def marks(self, labels: Iterable[str]) -> list[dict[str, Any]]:
        return [m for m in (self.mark(label) for label in labels) if m is not None]


def card_labels(conflict: Conflict) -> list[str]:
    """Every footnote label the card shows, in the order it shows them."""
    labels: list[str] = []
    for lines in conflict.cells.values():
        labels.extend(ref for line in lines for ref in line.refs)
    for side in conflict.sides:
        for party in side.parties:
            labels.extend(party.refs)
        for commander in side.commanders:
            labels.extend(commander.refs)
        for lines in side.cells.values():
            labels.extend(ref for line in lines for ref in line.refs)
    return list(dict.fromkeys(labels))


def with_card_footnotes(
    markdown: str, labels: Sequence[str], references: Iterable[Reference]
) -> tuple[str, list[str]]:
    """The body Markdown with the card's footnotes referenced first (as Wikipedia numbers
    them), so that the footnote list keeps them; footnotes only the infobox uses (kept in
    the article's `references`, not in its Markdown) are defined in the first list of the
    article's own (where its reference list stands), else at the end. Returns the
    Markdown and the labels that have a footnote."""
    texts = {ref.id: ref.text for ref in references}
    extra = [
        f"[^{label}]: {texts[label]}"
        for label in labels
        if f"\n[^{label}]:" not in markdown and texts.get(label)
    ]
    if extra:  # beside the article's own notes (the first list), else at the end
        first = _DEFINITION.search(markdown)
        if first is None:
            markdown = markdown.rstrip("\n") + "\n\n" + "\n".join(extra) + "\n"
        else:
            at = first.start() + 1
            markdown = markdown[:at] + "\n".join(extra) + "\n" + markdown[at:]
    defined = [label for label in labels if f"\n[^{label}]:" in markdown]
    if not defined:
        return markdown, []
    return "".join(f"[^{label}]" for label in defined) + "\n\n" + markdown, defined


def take_card_marks(html: str, labels: Sequence[str]) -> tuple[str, FootnoteMarks]:
    """Remove the leading paragraph of card footnote marks; their numbers, by label."""
    marks = FootnoteMarks()
    match = _LEADING_MARKS.match(html) if labels else None
    if match is None:
        return html, marks
    found = [_Mark(*groups) for groups in _MARK_HTML.findall(match.group(1))]
    marks.numbers = dict(zip(labels, found, strict=False))
    return html[match.end() :], marks


def outline(lines: Sequence[CellLine], marks: FootnoteMarks) -> list[dict[str, Any]]:
    """Cell lines as a tree: items with their children (deeper list items), in order."""
    root: list[dict[str, Any]] = []
    stack: list[tuple[int, list[dict[str, Any]]]] = [(0, root)]
    for line in lines:
        depth = line.depth
        while len(stack) > 1 and stack[-1][0] >= depth and depth > 0:
            stack.pop()
        if depth == 0:
            del stack[1:]
        node: dict[str, Any] = {
            "text": line.text,
            "heading": line.heading,
            "list": depth > 0,
            "marks": marks.marks(line.refs),
            "children": [],
        }
        stack[-1][1].append(node)
        if depth > 0:
            stack.append((depth, node["children"]))
    return root


def _plain_lines(text: str | None) -> tuple[CellLine, ...]:
    return tuple(CellLine(line) for line in (text or "").splitlines() if line.strip())


def _amount(figure: Figure) -> str:
    low, high = figure.low, figure.high
    if low is not None and high is not None and low != high:
        shown = f"{low:,}–{high:,}"
    elif low is not None and high is None:
        shown = f"over {low:,}"
    elif low is None and high is not None:
        shown = f"up to {high:,}"
    else:
        shown = f"{low:,}" if low is not None else ""
    return ("c. " + shown) if figure.approx and shown else shown


def figure_summary(figures: Sequence[Figure]) -> list[str]:
    """ "killed 3,500", "wounded 10,200"...: per category, the first figure no claimant
    disputes (its scope in parentheses); nothing when fewer than two categories are given."""
    parts = []
    for category, label in SUMMARY_CATEGORIES:
        figure = next((f for f in figures if f.category == category and not f.claimant), None)
        if figure is not None and (amount := _amount(figure)):
            parts.append(f"{label} {amount}" + (f" ({figure.scope})" if figure.scope else ""))
    return parts if len(parts) >= 2 else []


def _people(
    side: Side, links: Mapping[tuple[str, str], str], marks: FootnoteMarks
) -> dict[str, Any]:
    groups: list[dict[str, Any]] = []
    supporters: list[dict[str, Any]] = []
    for party in side.parties:
        item = {
            "name": party.name,
            "qualifier": party.qualifier,
            "path": links.get(("party", party.entity or "")),
            "marks": marks.marks(party.refs),
        }
        if party.supporting:
            supporters.append(item)
        elif groups and groups[-1]["heading"] == party.group:
            groups[-1]["parties"].append(item)
        else:
            groups.append({"heading": party.group, "parties": [item]})
    commanders = [
        {
            "name": c.name,
            "note": c.note,
            "fate": c.fate,
            "path": links.get(("commander", c.entity or "")),
            "marks": marks.marks(c.refs),
        }
        for c in side.commanders
    ]
    return {"groups": groups, "supporters": supporters, "commanders": commanders}


def card_view(
    conflict: Conflict, title: str, links: Mapping[tuple[str, str], str], marks: FootnoteMarks
) -> dict[str, Any]:
    """Everything article.html shows in the infobox card."""
    start, _, label = date_range(conflict)
    cells = conflict.cells

    def fact(name: str, text: str | None) -> list[dict[str, Any]]:
        return outline(cells.get(name) or _plain_lines(text), marks)

    date = fact("date", conflict.date_text or label)
    sides = [_people(side, links, marks) for side in conflict.sides]
    rows = []
    for name, heading in (
        ("units", "Units involved"),
        ("strength", "Strength"),
        ("casualties", "Casualties and losses"),
    ):
        columns = [
            outline(s.cells.get(name) or _plain_lines(getattr(s, name)), marks)
            for s in conflict.sides
        ]
        if any(columns):
            summaries = (
                [figure_summary(s.casualty_numbers) for s in conflict.sides]
                if name == "casualties"
                else [[] for _ in conflict.sides]
            )
            rows.append({"heading": heading, "columns": list(zip(columns, summaries, strict=True))})
    other = []
    civilian = cells.get("civilian_casualties") or _plain_lines(conflict.civilian_casualties)
    third = cells.get("casualties3") or _plain_lines(conflict.casualties3)
    if civilian:
        other.append({"heading": "Civilian casualties", "lines": outline(civilian, marks)})
    if third and [line.text for line in third] != [line.text for line in civilian]:
        other.insert(0, {"heading": "Other casualties", "lines": outline(third, marks)})
    return {
        "name": conflict.name or title,
        "partof": conflict.partof,
        "date": date,
        "start_iso": start.iso() if start else None,
        "place": fact("place", conflict.place),
        "coordinates": conflict.coordinates,
        "result": fact("result", conflict.result),
        "territory": fact("territory", conflict.territory),
        "sides": sides,
        "columns": max(1, len(sides)),
        "has_parties": any(s["groups"] or s["supporters"] for s in sides),
        "has_commanders": any(s["commanders"] for s in sides),
        "rows": rows,
        "other": other,
    }
