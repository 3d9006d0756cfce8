"""Conflicts as spans on a time axis, with the precision their EDTF dates have.

Dates are `frontlines.edtf.Edtf` values (the type extraction writes). A date with year
precision covers its whole year, a month its whole month: a span runs from the first day its
start could mean to the last day its end could mean. Positions are fractional years, so BC
years (astronomical, as in EDTF) work.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from frontlines.edtf import Edtf


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
