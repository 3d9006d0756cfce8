"""Dates: infobox text and date templates to EDTF."""

from __future__ import annotations

import calendar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontlines.edtf import edtf
from frontlines.extract.dates import (
    DateRange,
    edtf_from_template,
    parse_date_range,
    range_from_template,
)
from frontlines.parse.wikitext import parse

RANGES = [
    ("16 December 1944 – 25 January 1945", "1944-12-16", "1945-01-25"),
    ("July–August 1643", "1643-07", "1643-08"),
    ("c. 1274 BC", "-1273~", "-1273~"),
    ("circa 1200", "1200~", "1200~"),
    ("10 August 955", "0955-08-10", "0955-08-10"),
    ("1642–1651", "1642", "1651"),
    ("22 August 1642 – 3 September 1651", "1642-08-22", "1651-09-03"),
    ("2 September 31 BC", "-0030-09-02", "-0030-09-02"),
    ("September 2, 31 BC", "-0030-09-02", "-0030-09-02"),
    ("218–201 BC", "-0217", "-0200"),
    ("May 1274 BC", "-1273-05", "-1273-05"),
    ("Late May 1274 BC", "-1273-05", "-1273-05"),
    ("1 BC", "0000", "0000"),
    ("AD 9", "0009", "0009"),
    ("50 BC – AD 20", "-0049", "0020"),
    ("December 16, 1944", "1944-12-16", "1944-12-16"),
    ("1–3 July 1863", "1863-07-01", "1863-07-03"),
    ("30 June – 2 July 1863", "1863-06-30", "1863-07-02"),
    ("June 30 – July 2, 1863", "1863-06-30", "1863-07-02"),
    ("November 15–18, 1812", "1812-11-15", "1812-11-18"),
    ("Night of 5/6 June 1944", "1944-06-05", "1944-06-06"),
    ("between 1 and 3 July 1863", "1863-07-01", "1863-07-03"),
    ("1780–83", "1780", "1783"),
    ("1914 to 1918", "1914", "1918"),
    ("Sunday 15 September 1940", "1940-09-15", "1940-09-15"),
    ("1944-12-16", "1944-12-16", "1944-12-16"),
    ("c. 1200–1150 BC", "-1199~", "-1149~"),
    ("16 April\u00a0– 2 May 1945", "1945-04-16", "1945-05-02"),
    # Three replacement characters where a dash was lost to a bad encoding.
    ("22 August 1642 \ufffd\ufffd\ufffd 3 September 1651", "1642-08-22", "1651-09-03"),
    ("6 November (O.S.) or 16 November (N.S.), 1632", "1632-11-06", "1632-11-06"),
    ("April 19, 1775 – September 3, 1783\n(8 years)\nRatified May 12, 1784", "1775-04-19",
     "1783-09-03"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "start", "end"), RANGES)
def test_parse_date_range(text: str, start: str, end: str) -> None:
    assert parse_date_range(text) == DateRange(start, end, False)


@pytest.mark.parametrize(
    ("text", "start"),
    [("19 July 2012 – present", "2012-07-19"), ("2011–ongoing", "2011"), ("2014 – now", "2014")],
)
def test_open_ended_range_is_ongoing(text: str, start: str) -> None:
    assert parse_date_range(text) == DateRange(start, None, True)


@pytest.mark.parametrize(
    "text", ["", "Unknown", "1st century BC", "31 February 1900", "the dry season", "0 BC"]
)
def test_unreadable_dates_have_no_start(text: str) -> None:
    assert parse_date_range(text).start is None


def test_edtf_pads_years_to_four_digits() -> None:
    assert edtf(955) == "0955"
    assert edtf(-30, 9, 2) == "-0030-09-02"
    assert edtf(0) == "0000"
    assert edtf(-1273, circa=True) == "-1273~"


@pytest.mark.parametrize(
    ("wikitext", "expected"),
    [
        ("{{start date|1944|12|16}}", "1944-12-16"),
        ("{{Start date|1861|12|9|df=y}}", "1861-12-09"),
        ("{{end date|1945|1}}", "1945-01"),
        ("{{start date|1665}}", "1665"),
        ("{{dts|1944|12|16}}", "1944-12-16"),
        ("{{start-date|December 8, 1941}}", "1941-12-08"),
        ("{{circa|1200}}", "1200~"),
        ("{{Start and end dates|1950|6|25|1953|7|27}}", "1950-06-25"),
        ("{{convert|1|km}}", None),
        ("{{start date}}", None),
    ],
)
def test_edtf_from_template(wikitext: str, expected: str | None) -> None:
    template = parse(wikitext).filter_templates()[0]
    assert edtf_from_template(template) == expected


def test_range_from_template() -> None:
    template = parse("{{start and end dates|1950|6|25|1953|7|27|df=yes}}").filter_templates()[0]
    assert range_from_template(template) == DateRange("1950-06-25", "1953-07-27")
    other = parse("{{start date|1950|6|25}}").filter_templates()[0]
    assert range_from_template(other) is None


@st.composite
def calendar_dates(draw: st.DrawFn) -> tuple[int, int, int]:
    year = draw(st.integers(min_value=100, max_value=2100))
    month = draw(st.integers(min_value=1, max_value=12))
    day = draw(st.integers(min_value=1, max_value=calendar.monthrange(year, month)[1]))
    return year, month, day


@given(calendar_dates())
def test_day_month_and_month_day_orders_agree(date: tuple[int, int, int]) -> None:
    year, month, day = date
    expected = f"{year:04d}-{month:02d}-{day:02d}"
    name = calendar.month_name[month]
    assert parse_date_range(f"{day} {name} {year}").start == expected
    assert parse_date_range(f"{name} {day}, {year}").start == expected
    assert parse_date_range(f"{calendar.month_abbr[month]}. {day}, {year}").start == expected


@given(st.integers(min_value=1, max_value=3000), st.integers(min_value=1, max_value=12))
def test_bc_years_use_astronomical_numbering(year: int, month: int) -> None:
    text = f"{calendar.month_name[month]} {year} BC"
    assert parse_date_range(text).start == edtf(1 - year, month)


@given(calendar_dates(), calendar_dates())
def test_range_of_two_full_dates(first: tuple[int, int, int], second: tuple[int, int, int]) -> None:
    text = " – ".join(f"{d} {calendar.month_name[m]} {y}" for y, m, d in (first, second))
    found = parse_date_range(text)
    assert found.start == "{:04d}-{:02d}-{:02d}".format(*first)
    assert found.end == "{:04d}-{:02d}-{:02d}".format(*second)
