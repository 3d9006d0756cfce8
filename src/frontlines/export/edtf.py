"""First and last day of the EDTF dates Front Lines writes (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`,
astronomical years, so 1274 BC is `-1273`; `~`, `?` or `%` qualifiers), as days since
1970-01-01 in the proleptic Gregorian calendar: what a Parquet/Arrow `date32` holds, and what
`iso_day` writes as text (years before 1 AD as `-0330-10-01`, which Python's `date` cannot hold).
"""

from __future__ import annotations

import re

_EDTF = re.compile(r"^(-?\d{4,})(?:-(\d{2}))?(?:-(\d{2}))?[~?%]*$")


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 (H. Hinnant's days_from_civil, valid for any proleptic year)."""
    year -= month <= 2
    era = year // 400  # Python's // floors: no adjustment for negative years
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _civil_from_days(days: int) -> tuple[int, int, int]:
    days += 719468
    era = days // 146097
    doe = days - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + (3 if mp < 10 else -9)
    return yoe + era * 400 + (month <= 2), month, day


def _month_days(year: int, month: int) -> int:
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return _days_from_civil(*following, 1) - _days_from_civil(year, month, 1)


def bounds(value: str | None) -> tuple[int | None, int | None]:
    """(first day, last day) of an EDTF date, as days since 1970-01-01; (None, None) when the
    value is empty or not one of the forms above (or names no real day)."""
    match = _EDTF.match(value.strip()) if value else None
    if match is None:
        return None, None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if month is not None and not 1 <= month <= 12:
        return None, None
    if month is None:
        return _days_from_civil(year, 1, 1), _days_from_civil(year, 12, 31)
    last = _month_days(year, month)
    if day is None:
        return _days_from_civil(year, month, 1), _days_from_civil(year, month, last)
    if not 1 <= day <= last:
        return None, None
    moment = _days_from_civil(year, month, day)
    return moment, moment


def iso_day(days: int | None) -> str | None:
    """`YYYY-MM-DD` (astronomical year, `-0330-10-01` before 1 AD) for days since 1970-01-01."""
    if days is None:
        return None
    year, month, day = _civil_from_days(days)
    sign = "-" if year < 0 else ""
    return f"{sign}{abs(year):04d}-{month:02d}-{day:02d}"
