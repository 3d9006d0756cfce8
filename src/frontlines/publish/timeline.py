"""Conflicts as spans on a time axis, with the precision their EDTF dates have.

Dates are `frontlines.edtf.Edtf` values (the type extraction writes). A date with year
precision covers its whole year, a month its whole month: a span runs from the first day its
start could mean to the last day its end could mean. Positions are fractional years, so BC
years (astronomical, as in EDTF) work.

The axis is piecewise: spans that lie close together form an era (a segment of the axis), and
eras far apart are joined by a short break instead of centuries of empty axis. Each era gets a
share of the width that grows with the square roots of its length and of the number of its
spans, so a 5-year war beside a 3,000-year range stays readable. Ticks fall on round years
as people count them (1000 BC, 500 BC, AD 1, 500, ...; there is no year 0), each era with its
own step. Groups are merged after normalising case and a leading "The" (`group_key`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from frontlines.edtf import Edtf, era_year


@dataclass(frozen=True, slots=True)
class Span:
    """One conflict on the timeline."""

    title: str
    href: str  # site path of the article page
    group: str
    start: Edtf
    end: Edtf | None  # None with `ongoing`, or when only a start is known
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
class Tick:
    year: int  # astronomical
    left: float  # percent of the axis
    label: str
    major: bool  # minor ticks are the first to go on a narrow screen


@dataclass(frozen=True, slots=True)
class Segment:
    """One era of the axis: years `start`..`end` drawn from `left` to `left + width` percent."""

    start: float
    end: float
    left: float
    width: float

    def position(self, year: float) -> float:
        share = (year - self.start) / (self.end - self.start)
        return self.left + min(max(share, 0.0), 1.0) * self.width


@dataclass(frozen=True, slots=True)
class Timeline:
    groups: tuple[tuple[str, tuple[Bar, ...]], ...]
    axis_start: int
    axis_end: int
    ticks: tuple[Tick, ...]
    segments: tuple[Segment, ...] = ()
    breaks: tuple[tuple[float, float], ...] = ()  # (left, width) percent: a gap left out


BREAK = 1.5  # percent of the axis a left-out gap takes
STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000)
TICK_ROOM = 9.0  # percent of the axis each tick label wants (room for "1000 BC")
_THE = re.compile(r"^the\s+", re.IGNORECASE)


def group_key(name: str) -> str:
    """A conflict group as compared: case and a leading "The" ignored, spaces collapsed."""
    return _THE.sub("", " ".join(name.split())).casefold()


def group_title(names: Sequence[str]) -> str:
    """The name a merged group shows: the most used spelling, one without "The" first, then
    the first seen."""
    counts = {name: names.count(name) for name in names}
    return max(counts, key=lambda n: (counts[n], not _THE.match(n), -names.index(n)))


def round_years(start: float, end: float, step: int) -> list[int]:
    """Astronomical years in [start, end] that are round as people write them, every `step`.

    BC years count back from 1 BC (astronomical 0): 500 BC is -499. AD years are multiples of
    the step, and AD 1 stands where "0" would. So a 500-year step gives 1000 BC, 500 BC, AD 1,
    500, 1000 (never "1001 BC" or "1 BC").
    """
    found: set[int] = set()
    k = math.ceil((1 - end) / step)  # BC: 1 - k * step, k >= 1
    while 1 - k * step >= start:
        if k >= 1 and 1 - k * step <= end:
            found.add(1 - k * step)
        k += 1
    k = max(1, math.ceil(start / step))  # AD: k * step
    while k * step <= end:
        found.add(k * step)
        k += 1
    if start <= 1 <= end and step > 1:
        found.add(1)
    if step == 1:
        found.update(y for y in range(math.ceil(start), math.floor(end) + 1))
    return sorted(found)


def tick_label(year: int, *, bc_on_axis: bool) -> str:
    """ "500 BC"; "AD 1" (and other AD years on an axis that also shows BC, as "AD 500")."""
    if year <= 0:
        return era_year(year)
    return f"AD {year}" if bc_on_axis and year < 1000 else str(year)


def _step(years: float, room: int) -> int:
    for step in STEPS:
        if years / step <= room:
            return step
    return 10000


def eras(spans: Sequence[tuple[float, float]]) -> list[tuple[int, int, int]]:
    """Spans that lie close together, merged into (first year, end year, how many spans): a gap
    wider than 1 % of the whole range and than 20 years separates two eras."""
    ordered = sorted(spans)
    total = max(f for _, f in ordered) - ordered[0][0]
    gap = max(20.0, total * 0.01)
    merged: list[list[float]] = []
    for begin, finish in ordered:
        if merged and begin <= merged[-1][1] + gap:
            merged[-1][1] = max(merged[-1][1], finish)
            merged[-1][2] += 1
        else:
            merged.append([begin, finish, 1])
    return [(math.floor(a), max(math.ceil(b), math.floor(a) + 1), int(n)) for a, b, n in merged]


def scale(
    ranges: Sequence[tuple[int, int, int]],
) -> tuple[list[Segment], list[tuple[float, float]]]:
    """The axis: one segment per era, widths by the square roots of its years and of its
    spans, and the breaks between them."""
    if len(ranges) == 1:
        start, end, _ = ranges[0]
        return [Segment(start, end, 0.0, 100.0)], []
    room = 100.0 - BREAK * (len(ranges) - 1)
    weights = [math.sqrt(end - start) + 1.5 * math.sqrt(n) + 1.0 for start, end, n in ranges]
    segments, breaks, left = [], [], 0.0
    for index, ((start, end, _), weight) in enumerate(zip(ranges, weights, strict=True)):
        width = room * weight / sum(weights)
        segments.append(Segment(start, end, round(left, 3), round(width, 3)))
        left += width
        if index < len(ranges) - 1:
            breaks.append((round(left, 3), BREAK))
            left += BREAK
    return segments, breaks


def _ticks(segments: Sequence[Segment]) -> list[Tick]:
    bc_on_axis = segments[0].start <= 0
    ticks: list[Tick] = []
    for index, segment in enumerate(segments):
        room = max(1, int(segment.width // TICK_ROOM))
        step = _step(segment.end - segment.start, room)
        years = round_years(segment.start, segment.end, step)
        if room < 2 and segment.end - segment.start <= 5:  # narrow and short: its own year
            years = [math.floor(segment.start)]
        if index < len(segments) - 1:  # its end is at a break: the next era labels that spot
            years = [year for year in years if year < segment.end]
        if not years:  # an era shorter than its step: its first year
            years = [math.floor(segment.start)]
        major_step = _step(segment.end - segment.start, max(1, room // 2))
        for year in years:
            major = year in round_years(year, year, major_step) or len(years) == 1
            label = tick_label(year, bc_on_axis=bc_on_axis)
            ticks.append(Tick(year, round(segment.position(year), 3), label, major))
    return ticks


def _place(segments: Sequence[Segment], year: float) -> float:
    for segment in segments:
        if year <= segment.end:
            return segment.position(year)
    return segments[-1].position(year)


def _by_start(item: tuple[float, str, float, Span]) -> tuple[float, str]:
    return item[0], item[1]


def layout(spans: Iterable[Span], present: float) -> Timeline:
    """Place spans on a shared axis and group them (groups by earliest start, then title)."""
    # each span's begin and finish once (a date's position sums the days of its months)
    items = sorted(((s.begin(), s.title, s.finish(present), s) for s in spans), key=_by_start)
    if not items:
        return Timeline(groups=(), axis_start=0, axis_end=1, ticks=())
    segments, breaks = scale(eras([(begin, finish) for begin, _, finish, _ in items]))
    grouped: dict[str, list[Bar]] = {}
    names: dict[str, list[str]] = {}
    for begin, _, finish, span in items:
        left = _place(segments, begin)
        width = max(_place(segments, finish) - left, 0.4)
        key = group_key(span.group)
        grouped.setdefault(key, []).append(Bar(span, round(left, 3), round(width, 3)))
        names.setdefault(key, []).append(span.group)
    groups = tuple((group_title(names[key]), tuple(bars)) for key, bars in grouped.items())
    return Timeline(
        groups=groups,
        axis_start=int(segments[0].start),
        axis_end=int(segments[-1].end),
        ticks=tuple(_ticks(segments)),
        segments=tuple(segments),
        breaks=tuple(breaks),
    )
