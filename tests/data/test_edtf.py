"""First/last days of EDTF dates: Python's calendar for years 1–9999, DuckDB's before 1 AD."""

from __future__ import annotations

import datetime as dt

import duckdb
from hypothesis import given
from hypothesis import strategies as st

from frontlines.export.edtf import bounds, iso_day

EPOCH = dt.date(1970, 1, 1)


@given(st.dates())
def test_days_agree_with_pythons_calendar(day: dt.date) -> None:
    days = (day - EPOCH).days
    assert bounds(day.isoformat()) == (days, days)
    assert iso_day(days) == day.isoformat()


def test_years_and_months_span_their_days() -> None:
    assert bounds("2024") == (
        (dt.date(2024, 1, 1) - EPOCH).days,
        (dt.date(2024, 12, 31) - EPOCH).days,
    )
    assert iso_day(bounds("2024-02")[1]) == "2024-02-29"
    assert iso_day(bounds("2023-02~")[1]) == "2023-02-28"
    assert bounds("2023-02-29") == (None, None) and bounds("x") == (None, None)
    assert bounds(None) == (None, None) and bounds("2022-13") == (None, None)


def test_days_before_year_one_agree_with_duckdb() -> None:
    # astronomical year -1273 is 1274 BC, -330 is 331 BC, 0 is 1 BC (a leap year)
    cases = {
        "-1273": "1274-01-01 (BC)",
        "-0330-10-01": "0331-10-01 (BC)",
        "0000-12-31": "0001-12-31 (BC)",
    }
    for edtf, bc in cases.items():
        [(expected,)] = duckdb.sql(f"SELECT DATE '{bc}' - DATE '1970-01-01'").fetchall()
        assert bounds(edtf)[0] == expected, edtf
    assert bounds("0000")[1] - bounds("0000")[0] == 365  # 366 days
    assert bounds("-0001")[1] - bounds("-0001")[0] == 364
