"""Events: every sentence of an article's body that states a date, from the rendered Markdown.

`extract_events` reads the Markdown body the converter wrote (so footnote marks are the
article's footnote ids and headings are its sections), block by block: paragraphs (kind
``text``), list items (``list``), image captions (``caption``) and block quotes (``quote``).
Hatnotes (a whole-line italic paragraph), tables, bold labels, the footnote definitions and the
back matter sections (Notes, References, Bibliography, Further reading, External links, See
also...) are not read. Each block becomes plain text, is cut into sentences
(`extract/sentences.py`), and a sentence with a date (`extract/event_dates.py`) is an Event.

A day and month without a year take it from context: the last year a dated sentence or a
bold label stated; the years the section's heading names ("1863", "Campaigns of 1777–1778": a
context year outside them gives way to the first); the conflict's span when only one of its
years fits (also instead of a context year that would put the day outside the span).
A date that cannot be in the calendar (31 February) or lies far outside the conflict's span
(more than 25 years or the conflict's own length before its start or after its end) is not
published: it becomes an Issue. A sentence longer than 2,000 characters keeps its whole text
and gets a `display` cut at a clause boundary.

Links: the converter renders without link markup but hands over a copy of the body in which
each wikilink is marked (`parse.state.LINK_OPEN` text `LINK_CLOSE` target `LINK_CLOSE`); Markdown
with `[text](url)` links to the wiki is read as well. Either way an event's `places` are the
pages its sentence links to.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote

from frontlines.extract.event_dates import (
    DateMention,
    Mention,
    Resolved,
    date_candidates,
    find_dates,
    resolve,
)
from frontlines.extract.sentences import split_sentences
from frontlines.model import Conflict, Event, Issue, Section
from frontlines.parse.state import LINK_CLOSE, LINK_OPEN

MAX_SENTENCE = 2000
MARGIN_YEARS = 25
_BACK_MATTER_WORDS = {
    "notes", "references", "bibliography", "sources", "citations", "footnotes", "further",
    "reading", "external", "links", "see", "also", "works", "cited", "literature", "and",
    "explanatory", "primary", "secondary", "general", "specific", "reference", "citation",
    "other", "online",
}  # fmt: skip
_HEADING_LINE = re.compile(r"\n(#{2,6}) ([^\n]*)")
_FOOTNOTE_DEFINITION = re.compile(r"^\[\^[\w-]+\]: ", re.MULTILINE)
_LIST_ITEM = re.compile(r"( *)(?:- |\d+\. )(.*)")
_IMAGE_LINE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)\s*")
_WHOLE_ITALIC = re.compile(r"\*(?!\*)(?:[^*\\]|\\.)+(?<!\*)\*")
_LABEL = re.compile(r"\*\*(?:[^*\\]|\\.)+\*\*:?")
_YEAR_IN_HEADING = re.compile(r"(?<!\d)\d{2,4}(?!\d)")
_YEARS_IN_HEADING = re.compile(
    r"(?<![\d,.])(\d{3,4})(?:\s*[\u2013\u2014-]\s*(\d{2,4}))?(?![\d,.]|\s*(?:km|mi|men)\b)"
    r"(\s*(?:BC|BCE)\b)?"
)
_REF, _MD_LINK_START = "\ue000", "\ue001"  # marks while a block becomes plain text
_REF_MARK = re.compile(r"\[\^([\w-]+)\](?: \(pp?\. [^()\n]{1,40}\))?")  # with {{rp}} pages
_LINK_END = re.compile(f"{LINK_CLOSE}([^{LINK_CLOSE}]*){LINK_CLOSE}")
_DROPPED = re.compile(r"!\[[^\]]*\]\([^)]*\)|\[\]\{#[^}]*\}|<(?:https?|ftp)://[^>\s]*>")
_MD_LINK = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\]\(([^)\s]*)\)")
_HARD_BREAK = re.compile(r"\\\n|\\$")
_EMPHASIS = re.compile(r"(?<!\\)[*_]+")
_ESCAPE = re.compile(r"\\(.)")
_ENTITY = re.compile(r"&#?\w+;")
_SPACES = re.compile(r"\s+")
_MARK = re.compile(f"[{_REF}{_MD_LINK_START}{LINK_OPEN}]")


@dataclass(slots=True)
class _Block:
    kind: str  # text | list | caption | quote | label
    lines: list[str] = field(default_factory=list)
    section: str = ""
    anchor: str = ""
    years: tuple[int, int] | None = None  # the years the section's heading names
    dated: bool = False  # whether it may state a date (a month name beside a number)


@dataclass(slots=True)
class _Plain:
    text: str
    refs: list[tuple[int, str]]  # (offset, footnote id)
    links: list[tuple[int, str]]  # (offset of the link's start, target)


@dataclass(slots=True)
class _Span:
    """What a conflict's infobox dates allow: years as astronomical numbers."""

    first: tuple[int, int, int] | None = None
    last: tuple[int, int, int] | None = None

    def low(self) -> int | None:
        return None if self.first is None else self.first[0] - self._margin()

    def high(self) -> int | None:
        return None if self.last is None else self.last[0] + self._margin()

    def _margin(self) -> int:
        if self.first is None or self.last is None:
            return MARGIN_YEARS
        return max(MARGIN_YEARS, self.last[0] - self.first[0])

    def year_digits(self) -> int:
        return len(str(abs(self.first[0]))) if self.first is not None else 0

    def inside(self, year: int) -> bool:
        low, high = self.low(), self.high()
        return (low is None or year >= low) and (high is None or year <= high)

    def contains(self, year: int, month: int, day: int | None) -> bool:
        if self.first is None or self.last is None:
            return True
        return self.first <= (year, month, day or 31) and (year, month, day or 1) <= self.last

    def year_for(self, month: int, day: int | None) -> int | None:
        """The one year of the span in which this day of the year falls, if just one."""
        if self.first is None or self.last is None:
            return None
        fits = [
            year
            for year in range(self.first[0], self.last[0] + 1)
            if self.contains(year, month, day)
        ]
        return fits[0] if len(fits) == 1 else None


def conflict_span(conflict: Conflict | None) -> _Span:
    """The span of the infobox's dates, bounds filled outwards (1815 is 1815-01-01..12-31)."""
    if conflict is None:
        return _Span()
    first = _edtf_bound(conflict.start, low=True)
    last = _edtf_bound(conflict.end, low=False) if conflict.end else None
    if last is None and not conflict.ongoing and first is not None:
        last = _edtf_bound(conflict.start, low=False)
    return _Span(first, last)


def _edtf_bound(value: str | None, *, low: bool) -> tuple[int, int, int] | None:
    found = re.match(r"(-?\d{4,})(?:-(\d\d))?(?:-(\d\d))?", value or "")
    if found is None:
        return None
    year = int(found.group(1))
    month = int(found.group(2)) if found.group(2) else (1 if low else 12)
    day = int(found.group(3)) if found.group(3) else (1 if low else 31)
    return year, month, day


def extract_events(
    markdown: str,
    *,
    sections: Sequence[Section],
    conflict: Conflict | None = None,
    revision: int | None = None,
) -> tuple[tuple[Event, ...], tuple[Issue, ...]]:
    """The events of one article's Markdown body, in order, and the dates refused as Issues."""
    end = _FOOTNOTE_DEFINITION.search(markdown)
    body = markdown[: end.start()] if end else markdown
    reader = _Reader(conflict_span(conflict), revision)
    for block in _blocks(body, sections):
        reader.read(block)
    return tuple(reader.events), tuple(reader.issues)


def _is_back_matter(title: str) -> bool:
    words = re.findall(r"\w+", title.lower())
    return bool(words) and all(word in _BACK_MATTER_WORDS for word in words)


def _blocks(body: str, sections: Sequence[Section]) -> list[_Block]:
    """The body's readable blocks, each knowing its section (back matter left out).

    The body is cut at its headings; a section with no month beside a number is not read
    line by line (most are not: this keeps extraction cheap).
    """
    headed = iter(sections[1:] if sections and not sections[0].title else sections)
    blocks: list[_Block] = []
    section, anchor, skip_below = "", "", 0
    named: tuple[int, int] | None = None  # the years the innermost heading with years names
    years: dict[int, tuple[int, int] | None] = {}
    parts = _HEADING_LINE.split("\n" + body)  # lead, then (marks, title, text) per heading
    chunks = [("", "", parts[0])] + [
        (parts[i], parts[i + 1], parts[i + 2]) for i in range(1, len(parts) - 2, 3)
    ]
    for marks, title, text in chunks:
        if marks:
            level = len(marks)
            known = next(headed, None)
            section = known.title if known else _plain(title).text
            anchor = known.anchor if known else ""
            years = {lvl: y for lvl, y in years.items() if lvl < level}
            years[level] = _heading_years(section)
            named = next((y for _, y in sorted(years.items(), reverse=True) if y), None)
            if not (skip_below and level > skip_below):
                skip_below = level if _is_back_matter(section) else 0
        candidates = [] if skip_below else date_candidates(text)
        if candidates:
            blocks += _section_blocks(text, sorted(candidates), section, anchor, named)
    return blocks


def _section_blocks(
    text: str, candidates: list[int], section: str, anchor: str, years: tuple[int, int] | None
) -> list[_Block]:
    """The blocks of one section; those holding a candidate date position are `dated`."""
    blocks: list[_Block] = []
    current: _Block | None = None
    after_image = in_fence = False
    start = 0
    next_candidate = iter(candidates + [len(text) + 1])
    candidate = next(next_candidate)
    for line in text.split("\n"):
        end = start + len(line) + 1
        dated = candidate < end
        while candidate < end:
            candidate = next(next_candidate)
        start = end
        if line.startswith("```"):
            in_fence, current = not in_fence, None
            continue
        stripped = line.strip()
        if in_fence:
            continue
        if not stripped:
            current, after_image = None, False
            continue
        if _IMAGE_LINE.fullmatch(stripped):
            current, after_image = None, True
            continue
        kind, content = _line_kind(line, stripped, after_image, current)
        after_image = False
        if kind == "skip":
            current = None
        elif kind == "more" and current is not None:
            current.lines.append(content)
            current.dated = current.dated or dated
        else:
            current = _Block(
                "text" if kind == "more" else kind, [content], section, anchor, years, dated
            )
            blocks.append(current)
    return blocks


def _line_kind(
    line: str, stripped: str, after_image: bool, current: _Block | None
) -> tuple[str, str]:
    """How one Markdown line is read: its block kind ("more" continues the block) and text."""
    if after_image:
        return "caption", stripped
    if stripped.startswith(">"):
        quoted = stripped[1:].strip()
        if not quoted or quoted.startswith(("—", "―", "-")):
            return "skip", ""  # a break inside the quote, or its attribution
        if current is not None and current.kind == "quote":
            return "more", quoted
        return "quote", quoted
    if stripped.startswith("|"):
        return "skip", ""
    item = _LIST_ITEM.fullmatch(line)
    if item is not None:
        return "list", item.group(2)
    if _LABEL.fullmatch(stripped):
        return "label", stripped
    if current is None and _WHOLE_ITALIC.fullmatch(stripped):
        return "skip", ""  # a hatnote ("Main article: ..."), never an event
    if current is not None:
        return "more", stripped
    return "text", stripped


def _heading_years(title: str) -> tuple[int, int] | None:
    """The years a heading names: "1863" → (1863, 1863), "Campaigns of 1777–1778" → (1777,
    1778), "331 BC" → (-330, -330); None for no year or several unrelated ones."""
    found = _YEARS_IN_HEADING.fullmatch(title) or _YEARS_IN_HEADING.search(title)
    if found is None or len(_YEAR_IN_HEADING.findall(title)) > (2 if found.group(2) else 1):
        return None
    bc = found.group(3) is not None
    first = int(found.group(1))
    last = int(found.group(2)) if found.group(2) else first
    if found.group(2) and len(found.group(2)) == 2:  # "1777–78"
        last = first - first % 100 + last
    if bc:
        return 1 - first, 1 - last
    return (first, last) if last >= first else None


def _plain(markdown: str) -> _Plain:
    """Markdown of one block as plain text, with where its footnote marks and links were.

    Each construct is replaced by a mark character (footnote, link start) in one regex pass
    each; the marks' offsets are read at the end and the marks removed.
    """
    text = markdown
    ids = _REF_MARK.findall(text) if "[^" in text else []
    if ids:
        text = _REF_MARK.sub(_REF, text)
    logged: list[str] = []
    if LINK_CLOSE in text:
        logged = _LINK_END.findall(text)
        text = _LINK_END.sub("", text)
    text = _DROPPED.sub("", text) if ("](" in text or "<" in text) else text
    written: list[str] = []
    if "](" in text:

        def link(match: re.Match[str]) -> str:
            written.append(_wiki_target(match.group(2)))
            return _MD_LINK_START + match.group(1)

        text = _MD_LINK.sub(link, text)
    if "\n" in text:  # a soft line break is a space; a hard one (`\` at the end) ends a line
        text = text.replace("\\\n", "\x01").replace("\n", " ").replace("\x01", "\n")
    if "\\" in text:
        text = _HARD_BREAK.sub("\n", text)
    text = _EMPHASIS.sub("", text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    if "&" in text:
        text = _ENTITY.sub(lambda match: html.unescape(match.group(0)), text)
    refs: list[tuple[int, str]] = []
    links: list[tuple[int, str]] = []
    marks = 0
    for match in _MARK.finditer(text):
        offset = match.start() - marks
        marks += 1
        mark = match.group(0)
        if mark == _REF and len(refs) < len(ids):
            refs.append((offset, ids[len(refs)]))
        elif mark == LINK_OPEN and logged:
            links.append((offset, logged.pop(0)))
        elif mark == _MD_LINK_START and written:
            links.append((offset, written.pop(0)))
    return _Plain(_MARK.sub("", text) if marks else text, refs, links)


_WIKI_PATH = re.compile(r"https?://[^/]+/wiki/([^?#]+)")


def _wiki_target(url: str) -> str:
    found = _WIKI_PATH.match(url)
    return unquote(found.group(1)) if found else ""


def _title(target: str) -> str:
    title = re.sub(r"[\s_]+", " ", target.partition("#")[0]).strip()
    return title[:1].upper() + title[1:]


class _Reader:
    """Walks the blocks in order, keeping the year context, and collects events and issues."""

    def __init__(self, span: _Span, revision: int | None) -> None:
        self.span = span
        self.revision = revision
        self.year: int | None = None
        self.named: tuple[int, int] | None = None  # the years of the block's heading
        self.section = ""
        self.events: list[Event] = []
        self.issues: list[Issue] = []

    def read(self, block: _Block) -> None:
        self.named = block.years
        if block.section != self.section:
            self.section = block.section
            if block.years is not None:  # a year outside the heading's gives way to it
                low, high = block.years
                if self.year is None or not low <= self.year <= high:
                    self.year = low
        if not block.dated:
            return  # most blocks name no month at all: nothing to read
        plain = _plain("\n".join(block.lines))
        text = plain.text
        spans = _datelines_joined(text, split_sentences(text))
        candidates = date_candidates(text)
        for index, (start, end) in enumerate(spans):
            inside = [at - start for at in candidates if start <= at < end]
            if not inside:
                continue
            raw = text[start:end]
            sentence = _SPACES.sub(" ", raw)
            dates = self._dates(find_dates(sentence, inside if sentence == raw else None))
            if not dates or block.kind == "label":
                continue
            next_start = spans[index + 1][0] if index + 1 < len(spans) else len(text) + 1
            refs = [ref for offset, ref in plain.refs if start < offset < next_start]
            places = [link for offset, link in plain.links if start <= offset < next_start]
            first, *others = dates
            self.events.append(
                Event(
                    date=first.date or "",
                    end=first.end,
                    other_dates=tuple(_interval(other) for other in others),
                    text=sentence,
                    section=block.section,
                    anchor=block.anchor,
                    kind=block.kind,
                    refs=tuple(dict.fromkeys(refs)),
                    places=tuple(dict.fromkeys(_title(place) for place in places if place)),
                    revision=self.revision,
                    display=_display(sentence),
                )
            )

    def _dates(self, mentions: list[DateMention]) -> list[Resolved]:
        """The publishable dates of one sentence; the context year follows what it states."""
        kept: list[Resolved] = []
        for mention in mentions:
            resolved, stated = self._resolve(mention)
            if resolved.problem == "impossible":
                self._issue("impossible_event_date", "a date the calendar does not have", mention)
                continue
            if resolved.date is None or resolved.year is None:
                continue
            if stated:
                self.year = resolved.year
            if not self.span.inside(resolved.year):
                self._issue("event_date_outside_span", "far outside the conflict's span", mention)
                continue
            kept.append(resolved)
        return kept

    def _resolve(self, mention: DateMention) -> tuple[Resolved, bool]:
        """The mention resolved, and whether it stated its own year."""
        first = mention.first
        context = self.year
        if self.named is not None and (
            context is None or not self.named[0] <= context <= self.named[1]
        ):
            context = self.named[0]  # "8 May" under "Second Civil War (1648–1649)" after a 1647
        if first.year is None:
            in_span = self.span.year_for(first.month, first.day)
            if context is None or (
                in_span is not None and not self.span.contains(context, first.month, first.day)
            ):
                # no year yet, or the last one would put the day outside the conflict when
                # one of its years fits: "On 2 February" in a siege of July 1863 – Feb 1864
                if in_span is not None:
                    return resolve(mention, in_span), True
                context = None
        resolved = resolve(mention, context)
        if (
            resolved.year is not None
            and first.year is not None
            and first.day is not None
            and mention.last is None
            and not first.explicit_era
            and not self.span.inside(resolved.year)
            and len(str(first.year)) < self.span.year_digits()
        ):
            # "On 18 June 300 men attacked": in a war of 1815 the 300 is not a year
            fallback = self.year or self.span.year_for(first.month, first.day)
            again = resolve(_without_year(mention), fallback)
            if again.year is not None and self.span.inside(again.year):
                return again, False
        return resolved, first.year is not None

    def _issue(self, kind: str, why: str, mention: DateMention) -> None:
        where = f" ({self.section})" if self.section else ""
        self.issues.append(
            Issue(kind=kind, message=f"Event date {mention.text!r}{where}: {why}; not published",
                  detail=mention.text)
        )  # fmt: skip


def _datelines_joined(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A sentence that is only a date ("22 June." heading a diary entry) joins the next one."""
    joined: list[tuple[int, int]] = []
    carry: int | None = None
    for start, end in spans:
        if carry is not None:
            start, carry = carry, None
        sentence = text[start:end]
        found = find_dates(sentence) if len(sentence) < 40 else []
        rest = sentence.replace(found[0].text, "") if len(found) == 1 else sentence
        if found and not any(char.isalpha() for char in rest) and (start, end) != spans[-1]:
            carry = start
            continue
        joined.append((start, end))
    return joined


def _without_year(mention: DateMention) -> DateMention:
    first = mention.first
    bare = Mention(first.start, first.end, None, first.month, first.day)
    return DateMention(bare, None, mention.text)


def _interval(resolved: Resolved) -> str:
    date = resolved.date or ""
    return f"{date}/{resolved.end}" if resolved.end else date


_CLAUSE = re.compile(r"[;:,]\s|\s[\u2013\u2014]\s")


def _display(sentence: str) -> str | None:
    """None for a sentence of up to MAX_SENTENCE characters, else its start cut at a clause."""
    if len(sentence) <= MAX_SENTENCE:
        return None
    cuts = [match.start() for match in _CLAUSE.finditer(sentence, 0, MAX_SENTENCE)]
    if cuts and cuts[-1] > MAX_SENTENCE // 2:
        cut = cuts[-1]
    else:
        cut = sentence.rfind(" ", 0, MAX_SENTENCE)
    return sentence[: cut if cut > 0 else MAX_SENTENCE].rstrip() + " …"
