"""An article page's "Timeline" block: its events, each linked to its sentence in the body.

`mark_sentences` puts an empty `<span class="event-mark" id="event-N">` just before each event's
sentence in the body HTML (found by its first words, in order, in the HTML's text), and
`timeline_items` gives the block's rows: date label, sentence (its `display` cut when long),
the link to the sentence and its footnote marks as the body shows them (the footnote's own
label, `[5]` or `[a]`, linking to its list entry's id, publish/footnotes.py); a ref with no
definition in the body has no entry and no mark. `data/events.json` links to the same
`#event-N` ids.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from frontlines.edtf import parse_edtf
from frontlines.model import Event
from frontlines.publish.footnotes import caption, footnote_anchor

_PIECES = re.compile(r"<[^>]*>|[^<]+")
_CHARACTER = re.compile(r"&#?\w+;|.", re.DOTALL)
_FOOTNOTE_LABEL = re.compile(r"^\[\^([\w-]+)\]: ", re.MULTILINE)
_WORDS = 8  # how many of the sentence's first words find it


def _text_of(body: str) -> tuple[str, list[int], list[tuple[int, str]]]:
    """The HTML's text (entities decoded, footnote marks left out), and where each text piece
    starts in both."""
    plain: list[str] = []
    starts: list[int] = []
    pieces: list[tuple[int, str]] = []
    size = 0
    in_mark = False  # inside a footnote mark: its "[12]" is not the sentence's text
    for match in _PIECES.finditer(body):
        raw = match.group(0)
        if raw.startswith("<"):
            if raw.startswith('<sup class="footnote-ref"'):
                in_mark = True
            elif in_mark and raw == "</sup>":
                in_mark = False
            continue
        if in_mark:
            continue
        text = html.unescape(raw)
        starts.append(size)
        pieces.append((match.start(), raw))
        plain.append(text)
        size += len(text)
    return "".join(plain), starts, pieces


def _html_offset(raw: str, characters: int) -> int:
    """Where, in an HTML text piece, its `characters`-th decoded character starts."""
    if "&" not in raw:
        return characters
    offset = 0
    for _ in range(characters):
        found = _CHARACTER.match(raw, offset)
        if found is None:
            break
        offset = found.end()
    return offset


def mark_sentences(body: str, events: Sequence[Event]) -> tuple[str, list[bool]]:
    """The body with `id="event-N"` before each event's sentence, and whether each was found.

    An event whose sentence is not found (its first words are split by markup the text does not
    show) gets its id where the previous event's is (the top of the body for the first), so
    every `#event-N` link lands on the page, near its sentence.
    """
    if not events:
        return body, []
    text, starts, pieces = _text_of(body)
    found_flags: list[bool] = []
    inserts: list[tuple[int, str]] = []
    cursor = 0
    for number, event in enumerate(events, start=1):
        words = event.text.split()[:_WORDS]
        pattern = re.compile(r"\s+".join(re.escape(word) for word in words)) if words else None
        found = pattern.search(text, cursor) if pattern else None
        if found is None:
            inserts.append((inserts[-1][0] if inserts else 0, event_id(number)))
            found_flags.append(False)
            continue
        cursor = found.start() + 1
        piece = bisect_right(starts, found.start()) - 1
        where, raw = pieces[piece]
        inserts.append((where + _html_offset(raw, found.start() - starts[piece]), event_id(number)))
        found_flags.append(True)
    out: list[str] = []
    last = 0
    for position, mark in inserts:
        out += [body[last:position], f'<span class="event-mark" id="{mark}"></span>']
        last = position
    out.append(body[last:])
    return "".join(out), found_flags


def event_id(number: int) -> str:
    """The id of an article's `number`-th event (from 1) on its page."""
    return f"event-{number}"


def footnote_marks(markdown: str) -> dict[str, dict[str, str]]:
    """Each footnote the body defines: the mark it shows and its list entry's id."""
    return {
        label: {"mark": caption(label), "anchor": footnote_anchor(label)}
        for label in _FOOTNOTE_LABEL.findall(markdown)
    }


def event_notes(event: Event, marks: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    """The marks of the event's refs that the page has, in the sentence's order, once each."""
    return [marks[ref] for ref in dict.fromkeys(event.refs) if ref in marks]


def timeline_items(events: Sequence[Event], markdown: str) -> list[dict[str, Any]]:
    """The Timeline block's rows, one per event, each linking to `#event-N`."""
    marks = footnote_marks(markdown)
    items = []
    for number, event in enumerate(events, start=1):
        date = parse_edtf(event.date)
        end = parse_edtf(event.end) if event.end else None
        label = date.label() if date else event.date
        if end is not None:
            label += f" – {end.label()}"
        items.append(
            {
                "date": date.iso() if date else event.date,
                "label": label,
                "text": event.display or event.text,
                "target": event_id(number),
                "notes": event_notes(event, marks),
            }
        )
    return items
