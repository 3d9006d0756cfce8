"""The conflicts timeline's axis: round-year ticks, a scale per era, merged groups."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontlines.edtf import parse_edtf
from frontlines.publish.timeline import (
    Span,
    eras,
    group_key,
    layout,
    round_years,
    scale,
    tick_label,
)


def span(title: str, start: str, end: str | None = None, group: str = "War") -> Span:
    first, last = parse_edtf(start), parse_edtf(end) if end else None
    assert first is not None
    return Span(title, f"articles/{title.lower()}/", group, first, last, ongoing=False)


def test_round_years_count_bc_back_from_1_bc_and_skip_year_zero() -> None:
    years = round_years(-1300, 2024, 500)
    assert [tick_label(y, bc_on_axis=True) for y in years] == [
        "1000 BC", "500 BC", "AD 1", "AD 500", "1000", "1500", "2000",
    ]  # fmt: skip
    assert 0 not in years  # "1 BC" is never a round tick
    labels = [tick_label(y, bc_on_axis=True) for y in round_years(-60, 40, 10)]
    assert labels[:3] == ["60 BC", "50 BC", "40 BC"] and "AD 1" in labels
    assert tick_label(1815, bc_on_axis=False) == "1815"


@given(st.integers(-3000, 2000), st.integers(1, 3000), st.sampled_from([10, 50, 100, 500]))
def test_every_tick_is_a_round_year(start: int, length: int, step: int) -> None:
    for year in round_years(start, start + length, step):
        assert start <= year <= start + length
        if year <= 0:
            assert (1 - year) % step == 0  # 500 BC, never 501 BC
        else:
            assert year == 1 or year % step == 0


def test_eras_far_apart_become_segments_joined_by_breaks() -> None:
    ranges = eras([(-1274.4, -1274.3), (1815.4, 1815.5), (1914.5, 1918.9), (1930.7, 1945.7)])
    assert ranges == [(-1275, -1274, 1), (1815, 1816, 1), (1914, 1946, 2)]
    segments, breaks = scale(ranges)
    assert len(segments) == 3 and len(breaks) == 2
    assert segments[0].left == 0 and segments[-1].left + segments[-1].width == pytest.approx(100)
    assert segments[0].left + segments[0].width <= breaks[0][0] < segments[1].left


def test_a_short_recent_war_stays_readable_beside_an_ancient_one() -> None:
    spans = [
        span("Kadesh", "-1273-05"),
        span("Waterloo", "1815-06-18"),
        span("Great", "1914-07-28", "1918-11-11"),
        span("Second", "1939-09-01", "1945-09-02"),
    ]
    timeline = layout(spans, present=2025.0)
    bars = {bar.span.title: bar for _, listed in timeline.groups for bar in listed}
    # linear over 3,300 years the Great War would be 0.13 % wide
    assert bars["Great"].width > 2.0
    assert bars["Kadesh"].left < bars["Waterloo"].left < bars["Great"].left < bars["Second"].left
    labels = [tick.label for tick in timeline.ticks]
    assert "1275 BC" not in labels and labels[0] == "1274 BC"
    positions = [tick.left for tick in timeline.ticks]
    assert positions == sorted(positions) and all(0 <= p <= 100 for p in positions)
    assert not any(re.fullmatch(r"\d*1 BC", label) for label in labels[1:])


def test_groups_merge_after_a_leading_the_and_case() -> None:
    assert group_key("The American Civil War") == group_key("american  civil war")
    assert group_key("Theban wars") != group_key("Ban wars")
    spans = [
        span("Bull Run", "1861-07-21", group="American Civil War"),
        span("Antietam", "1862-09-17", group="The American Civil War"),
        span("Gettysburg", "1863-07-01", group="American Civil War"),
        span("Shiloh", "1862-04-06", group="the American civil war"),
    ]
    ((name, bars),) = layout(spans, present=2025.0).groups
    assert name == "American Civil War"
    assert [bar.span.title for bar in bars] == ["Bull Run", "Shiloh", "Antietam", "Gettysburg"]
