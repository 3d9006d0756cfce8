"""Conflicts as spans on a time axis, with the precision their EDTF dates have.

`parse_edtf` reads the subset of EDTF the converter writes (YYYY, YYYY-MM, YYYY-MM-DD, negative
years for BC, a trailing `~` circa, `?` uncertain or `%` both). A date with year precision
covers its whole year, a month its whole month: a span runs from the first day its start could
mean to the last day its end could mean. Years are astronomical, as in EDTF (1 BC is 0000,
1274 BC is -1273); positions are fractional years, so BC years work.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass

_EDTF = re.compile(r"^(?P<year>-?\d{1,6})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<q>[~?%]?)$")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class EdtfDate:
    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False
    uncertain: bool = False

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def first(self) -> float:
        """The earliest moment the date can mean, as a fractional year."""
        return _position(self.year, self.month or 1, self.day or 1)

    def last(self) -> float:
        """The end of the latest day the date can mean, as a fractional year."""
        month = self.month or 12
        day = self.day or _days_in(self.year, month)
        return _position(self.year, month, day) + 1 / 365.25

    def iso(self) -> str:
        """For `<time datetime>`: YYYY, YYYY-MM or YYYY-MM-DD (years padded to four digits)."""
        sign = "-" if self.year < 0 else ""
        text = f"{sign}{abs(self.year):04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def label(self) -> str:
        """At the date's own precision: "1944", "June 1944", "6 June 1944", "c. 44 BC"."""
        year = era_year(self.year)
        if self.day and self.month:
            text = f"{self.day} {_MONTHS[self.month - 1]} {year}"
        elif self.month:
            text = f"{_MONTHS[self.month - 1]} {year}"
        else:
            text = year
        if self.approximate:
            text = f"c. {text}"
        if self.uncertain:
            text += "?"
        return text


def era_year(year: int) -> str:
    """An astronomical year as people write it: 0 is "1 BC", -1273 is "1274 BC"."""
    return f"{1 - year} BC" if year <= 0 else str(year)


def _days_in(year: int, month: int) -> int:
    # the proleptic Gregorian calendar repeats every 400 years; this keeps BC years valid
    return calendar.monthrange(year % 400 or 400, month)[1]


def _position(year: int, month: int, day: int) -> float:
    before = sum(_days_in(year, m) for m in range(1, month))
    return year + (before + day - 1) / 365.25


def parse_edtf(text: str | None) -> EdtfDate | None:
    """The date an EDTF string names, or None when it is empty or outside the subset."""
    if not text:
        return None
    match = _EDTF.match(text.strip())
    if match is None:
        return None
    year = int(match.group("year"))
    month = int(match.group("month")) if match.group("month") else None
    day = int(match.group("day")) if match.group("day") else None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and (month is None or not 1 <= day <= _days_in(year, month)):
        return None
    q = match.group("q")
    return EdtfDate(year, month, day, approximate=q in ("~", "%"), uncertain=q in ("?", "%"))


@dataclass(frozen=True, slots=True)
class Span:
    """One conflict on the timeline."""

    title: str
    href: str  # site path of the article page
    group: str
    start: EdtfDate
    end: EdtfDate | None  # None with `ongoing`, or when only a start is known
    ongoing: bool

    def label(self) -> str:
        if self.end is None:
            return f"{self.start.label()} – ongoing" if self.ongoing else self.start.label()
        if self.end == self.start:
            return self.start.label()
        return f"{self.start.label()} – {self.end.label()}"

    def begin(self) -> float:
        return self.start.first()

    def finish(self, present: float) -> float:
        if self.end is not None:
            return max(self.end.last(), self.begin())
        return present if self.ongoing else self.start.last()


@dataclass(frozen=True, slots=True)
class Bar:
    span: Span
    left: float  # percent of the axis
    width: float  # percent of the axis


@dataclass(frozen=True, slots=True)
class Timeline:
    groups: tuple[tuple[str, tuple[Bar, ...]], ...]
    axis_start: int
    axis_end: int
    ticks: tuple[tuple[int, float], ...]  # (year, percent)


def _tick_step(years: int) -> int:
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000):
        if years / step <= 12:
            return step
    return 2000


def layout(spans: Iterable[Span], present: float) -> Timeline:
    """Place spans on a shared axis and group them (groups by earliest start, then title)."""
    items = sorted(spans, key=lambda s: (s.begin(), s.title))
    if not items:
        return Timeline(groups=(), axis_start=0, axis_end=1, ticks=())
    lo = int(min(s.begin() for s in items) // 1)
    hi = int(max(s.finish(present) for s in items) // 1) + 1
    total = float(hi - lo)
    grouped: dict[str, list[Bar]] = {}
    for span in items:
        left = (span.begin() - lo) / total * 100
        width = max((span.finish(present) - span.begin()) / total * 100, 0.4)
        grouped.setdefault(span.group, []).append(Bar(span, round(left, 3), round(width, 3)))
    step = _tick_step(hi - lo)
    first_tick = -(-lo // step) * step
    ticks = tuple(
        (year, round((year - lo) / total * 100, 3)) for year in range(first_tick, hi + 1, step)
    )
    groups = tuple((name, tuple(bars)) for name, bars in grouped.items())
    return Timeline(groups=groups, axis_start=lo, axis_end=hi, ticks=ticks)
