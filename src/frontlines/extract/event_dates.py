"""Dates stated in a sentence of prose: `find_dates` reads them, `resolve` makes them EDTF.

A date counts when it names at least a month and a year, or a day and a month (the year then
comes from context: see `resolve`). Both orders are read (``18 June 1815``, ``June 18, 1815``),
ordinals (``the 3rd of December``), ISO dates (``1942-11-13``), eras (``1 October 331 BC``
is ``-0330-10-01``, astronomical as EDTF wants) and ranges joined by a dash, "to", "until",
"through" or "between ... and" (``12–15 November``, ``12 November – 3 December 1942``,
``June–July 1815``). Month names are capitalised words standing alone (``Juneau``, ``Maya``,
``may`` are not months); a month with no number beside it (``August von Gneisenau``) is not a
date unless it starts a month range. Years alone and relative dates ("the next day") are not
dates here. Nothing is validated yet: `resolve` decides what a mention means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from frontlines.edtf import MONTH_NUMBERS as MONTHS
from frontlines.edtf import days_in_month, edtf
from frontlines.extract.dates import astronomical_year

_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
# Abbreviations need their full stop, except those that are never ordinary words.
_SHORT = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.|(?:Feb|Apr|Aug|Sept?|Oct|Nov|Dec)"
_MONTH = rf"(?<![\w'’-])(?:{_FULL}|{_SHORT})(?![\w'’-])"
_ORD = r"(?:st|nd|rd|th)?"
_ERA = r"(?:\s*(?P<{n}>BCE|BC|B\.C\.E?\.?|AD|A\.D\.|CE|C\.E\.)(?![\w]))"
_YEAR = r"(?P<{n}>\d{{1,4}})(?![\d\w]|[.,]\d)"
_DAY = r"(?P<{n}>[0-3]?\d)"
_DAY_START = r"(?<![\d.,:/\w])"
_SEP = r"\s*(?:[\u2013\u2014\u2012-]|\bto\b|\buntil\b|\btill\b|\bthrough\b|\band\b)\s*"


def _atom() -> str:
    """One date expression, its parts in named groups (see `_mentions_of`)."""
    year = _YEAR.format(n="y") + _ERA.format(n="e") + "?"
    day_range = rf"{_DAY.format(n='d0')}{_ORD}\s*(?:[\u2013\u2014-]|\bto\b|\band\b)\s*"
    dmy = (
        rf"{_DAY_START}(?:the\s+)?(?:{day_range})?{_DAY.format(n='d')}{_ORD}(?:\s+of)?\s+"
        rf"(?P<m>{_MONTH})(?:,?\s+(?:of\s+)?{year})?"
    )
    mdy = (
        rf"(?P<mm>{_MONTH})\s+(?:the\s+)?{_DAY.format(n='dd')}{_ORD}(?![\d\w:]|[.,]\d)"
        rf"(?:\s*(?:[\u2013\u2014-]|\bto\b|\band\b)\s*{_DAY.format(n='dd2')}{_ORD}(?![\d\w:]))?"
        rf"(?:,?\s+{_YEAR.format(n='yy')}{_ERA.format(n='ee')}?)?"
    )
    my = rf"(?P<mmm>{_MONTH}),?\s+(?:of\s+)?(?:{_YEAR.format(n='yyy')}{_ERA.format(n='eee')}?)"
    iso = r"(?<![\d-])(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})(?![\d-])"
    bare = rf"(?P<bm>{_MONTH})"  # only as the start of a month range
    return f"(?:{iso}|{dmy}|{mdy}|{my}|{bare})"


_ATOM = re.compile(_atom())
_BEFORE, _AFTER = 32, 48  # how far a date may reach before and after its month name
# A cheap test first: a month's first letters with a digit or a dash close by (a precise
# pattern over all the text costs ten times as much).
_MONTH_START = re.compile(r"Jan|Feb|Ma[ry]|Apr|Ju[nl]|Aug|Sep|Oct|Nov|Dec")
_NEAR_MONTH = re.compile(r"[\d\u2013\u2014-]")
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")


def date_candidates(text: str) -> list[int]:
    """Where a date may start: each month name beside a number or dash, and ISO dates."""
    found = [
        match.start()
        for match in _MONTH_START.finditer(text)
        if _NEAR_MONTH.search(text, max(0, match.start() - 8), match.end() + 14)
    ]
    return found + [match.start() for match in _ISO_DATE.finditer(text)]


def may_have_date(text: str) -> bool:
    """False when `text` surely states no date (no month name beside a number or a dash)."""
    for match in _MONTH_START.finditer(text):
        if _NEAR_MONTH.search(text, max(0, match.start() - 8), match.end() + 14):
            return True
    return _ISO_DATE.search(text) is not None


_JOIN = re.compile(_SEP)
_BETWEEN = re.compile(r"\b(?:between|from)\s+(?:the\s+)?$", re.IGNORECASE)
_AND = re.compile(r"\band\b")
_ERA_BC = {"bc", "bce", "b.c.", "b.c.e.", "b.c.e", "b.c"}


@dataclass(frozen=True, slots=True)
class Mention:
    """One date as written: year as written with its era, or None when the text omits it."""

    start: int  # character offsets in the sentence
    end: int
    year: int | None
    month: int
    day: int | None
    bc: bool = False
    explicit_era: bool = False


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date or range found in a sentence; `last` is None for a single date."""

    first: Mention
    last: Mention | None
    text: str  # as written


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _era(raw: str | None) -> tuple[bool, bool]:
    if not raw:
        return False, False
    return raw.lower().replace(" ", "") in _ERA_BC, True


def _mentions_of(match: re.Match[str]) -> tuple[list[Mention], bool]:
    """The mentions one atom gives (two for a day range) and whether it is a bare month."""
    g = match.groupdict()
    s, e = match.start(), match.end()
    if g["iy"]:
        return [Mention(s, e, int(g["iy"]), int(g["im"]), int(g["id"]))], False
    if g["m"]:
        bc, era = _era(g["e"])
        year = int(g["y"]) if g["y"] else None
        month, day = _month(g["m"]), int(g["d"])
        found = [Mention(s, e, year, month, day, bc, era)]
        if g["d0"]:
            found.insert(0, Mention(s, e, year, month, int(g["d0"]), bc, era))
        return found, False
    if g["mm"]:
        bc, era = _era(g["ee"])
        year = int(g["yy"]) if g["yy"] else None
        month = _month(g["mm"])
        found = [Mention(s, e, year, month, int(g["dd"]), bc, era)]
        if g["dd2"]:
            found.append(Mention(s, e, year, month, int(g["dd2"]), bc, era))
        return found, False
    if g["mmm"]:
        bc, era = _era(g["eee"])
        if not era and len(g["yyy"]) < 3:  # "March 44" without an era: a day, not a year
            return [], False
        return [Mention(s, e, int(g["yyy"]), _month(g["mmm"]), None, bc, era)], False
    return [Mention(s, e, None, _month(g["bm"]), None)], True


def _atoms(sentence: str, candidates: list[int] | None) -> list[re.Match[str]]:
    """The date expressions of a sentence, searched only around its candidate positions."""
    windows: list[list[int]] = []
    for at in sorted(date_candidates(sentence) if candidates is None else candidates):
        low, high = max(0, at - _BEFORE), at + _AFTER
        if windows and low <= windows[-1][1]:
            windows[-1][1] = high
        else:
            windows.append([low, high])
    found: list[re.Match[str]] = []
    for low, high in windows:
        if found and found[-1].end() > low:
            low = found[-1].end()
        found += _ATOM.finditer(sentence, low, min(high, len(sentence)))
    return found


def find_dates(sentence: str, candidates: list[int] | None = None) -> list[DateMention]:
    """Every date or date range the sentence states, in order (see the module docstring).

    `candidates`: the sentence's `date_candidates`, when the caller has them already.
    """
    atoms = [(_mentions_of(match), match) for match in _atoms(sentence, candidates)]
    found: list[DateMention] = []
    index = 0
    while index < len(atoms):
        (mentions, bare), match = atoms[index]
        if not mentions:
            index += 1
            continue
        joined = _joined(sentence, atoms, index)
        if joined is not None:
            (later, _), later_match = atoms[index + 1]
            first, last = _fill(mentions[0], later[-1])
            text = sentence[match.start() : later_match.end()]
            found.append(DateMention(first, last, text))
            index += 2
            continue
        if bare:
            pass
        elif len(mentions) > 1 and _AND.search(match.group(0)) and not _after_between(match):
            found += [DateMention(mention, None, match.group(0)) for mention in mentions]
        else:
            last_day = mentions[-1] if len(mentions) > 1 else None
            found.append(DateMention(mentions[0], last_day, match.group(0)))
        index += 1
    return found


def _after_between(match: re.Match[str]) -> bool:
    return _BETWEEN.search(match.string, 0, match.start()) is not None


def _joined(
    sentence: str, atoms: list[tuple[tuple[list[Mention], bool], re.Match[str]]], index: int
) -> bool | None:
    """Whether atom `index` and the next are one range ("12 November – 3 December")."""
    if index + 1 >= len(atoms):
        return None
    (mentions, _), match = atoms[index]
    (later, later_bare), later_match = atoms[index + 1]
    if not later or later_bare:
        return None
    between = sentence[match.end() : later_match.start()]
    if not _JOIN.fullmatch(between):
        return None
    if between.strip() == "and" and not _after_between(match):
        return None  # "12 June and 3 July": two dates, not a range
    if len(mentions) > 1 or (later[0].day is not None and len(later) > 1):
        return None  # a day range already on either side
    return True


def _fill(first: Mention, last: Mention) -> tuple[Mention, Mention]:
    """The start takes what it lacks from the end: "12 November – 3 December 1942"."""
    year, bc, era = first.year, first.bc, first.explicit_era
    if year is None and last.year is not None:
        year, bc, era = last.year, last.bc, last.explicit_era
        if (first.month, first.day or 0) > (last.month, last.day or 0):
            year = year + 1 if bc else year - 1  # "December – January 1943"
    elif last.explicit_era and not first.explicit_era:
        bc, era = last.bc, True
    start = Mention(first.start, first.end, year, first.month, first.day, bc, era)
    return start, last


@dataclass(frozen=True, slots=True)
class Resolved:
    """A mention made EDTF, or the reason it cannot be published."""

    date: str | None
    end: str | None
    year: int | None  # the astronomical year used, for the next sentence's context
    problem: str | None = None  # "impossible" when the calendar has no such day


def astronomical(mention: Mention, context: int | None) -> int | None:
    """The mention's astronomical year (1 BC is 0), from the text or else from `context`."""
    if mention.year is None:
        return context
    return astronomical_year(mention.year, "bc" if mention.bc else None)


def _valid(year: int, month: int, day: int | None) -> bool:
    if not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= days_in_month(year, month)


def resolve(found: DateMention, context: int | None) -> Resolved:
    """EDTF for a mention; a missing year comes from `context` (astronomical), else None."""
    first, last = found.first, found.last
    year = astronomical(first, context)
    if year is None:
        return Resolved(None, None, None)
    if not _valid(year, first.month, first.day):
        return Resolved(None, None, year, "impossible")
    date = edtf(year, first.month, first.day)
    end = None
    if last is not None:
        end_year = astronomical(last, year)
        if end_year is None or not _valid(end_year, last.month, last.day):
            return Resolved(None, None, year, "impossible")
        if (end_year, last.month, last.day or 0) > (year, first.month, first.day or 0):
            end = edtf(end_year, last.month, last.day)
    return Resolved(date, end, year)
