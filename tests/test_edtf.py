"""The one EDTF value type (`frontlines.edtf`): parse, format, first/last day, order."""

from __future__ import annotations

import calendar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontlines.edtf import MONTH_NUMBERS, Day, Edtf, days_in_month, edtf


@given(st.integers(-9999, 9999), st.integers(1, 12))
def test_days_in_month_is_the_proleptic_gregorian_calendar(year: int, month: int) -> None:
    assert days_in_month(year, month) == calendar.monthrange(year % 400 or 400, month)[1]


@given(
    st.integers(-9999, 9999),
    st.none() | st.integers(1, 12),
    st.integers(1, 28),
    st.sampled_from(["", "~", "?", "%"]),
)
def test_text_round_trips(year: int, month: int | None, day: int, qualifier: str) -> None:
    text = edtf(year, month, day if month else None) + qualifier
    parsed = Edtf.parse(text)
    assert parsed is not None and str(parsed) == text


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("1944", Day(1944, 1, 1), Day(1944, 12, 31)),
        ("1944-02", Day(1944, 2, 1), Day(1944, 2, 29)),
        ("1900-02", Day(1900, 2, 1), Day(1900, 2, 28)),
        ("-0030-09-02~", Day(-30, 9, 2), Day(-30, 9, 2)),
    ],
)
def test_first_and_last_day(text: str, first: Day, last: Day) -> None:
    date = Edtf.parse(text)
    assert date is not None
    assert (date.first_day(), date.last_day()) == (first, last)


def test_dates_order_by_the_days_they_cover() -> None:
    texts = ["1944-06-06", "-1273~", "1944", "1944-06", "0000", "1945-01"]
    ordered = sorted(d for d in map(Edtf.parse, texts) if d is not None)
    assert [str(d) for d in ordered] == [
        "-1273~",
        "0000",
        "1944",
        "1944-06",
        "1944-06-06",
        "1945-01",
    ]
    year, month, later = Edtf(1944), Edtf(1944, 6), Edtf(1945)
    assert year < month < later and later > month >= month and year <= year


def test_month_names_read_as_text_gives_them() -> None:
    assert (MONTH_NUMBERS["sept"], MONTH_NUMBERS["may"], MONTH_NUMBERS["december"]) == (9, 5, 12)
    assert len(MONTH_NUMBERS) == 24
