"""EDTF dates: the one value type that extraction writes and the site reads.

The subset is the one the converter writes: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, years
astronomical as EDTF numbers them (1 BC is ``0000``, 1274 BC is ``-1273``, always at least four
digits), with a trailing ``~`` (approximate, "circa"), ``?`` (uncertain) or ``%`` (both).

A date covers every day its precision allows: ``1944`` runs from 1 January to 31 December,
``1944-06`` the whole of June. `first_day`/`last_day` give those days; dates order by them.
The calendar is the proleptic Gregorian one (as EDTF's), so BC years have leap years too.
This module is a leaf: it imports nothing of ours, so `extract` and `publish` can share it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

MONTH_NAMES: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
# Month names as text gives them (lower case): full names, three-letter abbreviations, "sept".
MONTH_NUMBERS: Mapping[str, int] = MappingProxyType(
    {
        **{name.lower(): number for number, name in enumerate(MONTH_NAMES, 1)},
        **{name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, 1)},
        "sept": 9,
    }
)
_EDTF = re.compile(r"^(?P<year>-?\d{1,6})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<q>[~?%]?)$")
_DAYS_PER_YEAR = 365.25


def days_in_month(year: int, month: int) -> int:
    """Days in a month of the proleptic Gregorian calendar (astronomical years: 0 is leap)."""
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def era_year(year: int) -> str:
    """An astronomical year as people write it: 0 is "1 BC", -1273 is "1274 BC"."""
    return f"{1 - year} BC" if year <= 0 else str(year)


class Day(NamedTuple):
    """One calendar day (astronomical year); tuples order as days do."""

    year: int
    month: int
    day: int

    def position(self) -> float:
        """The start of the day as a fractional year (for time axes; BC years work)."""
        before = sum(days_in_month(self.year, m) for m in range(1, self.month))
        return self.year + (before + self.day - 1) / _DAYS_PER_YEAR


@dataclass(frozen=True, slots=True)
class Edtf:
    """An EDTF date at year, month or day precision."""

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False
    uncertain: bool = False

    @classmethod
    def parse(cls, text: str | None) -> Edtf | None:
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
        if day is not None and (month is None or not 1 <= day <= days_in_month(year, month)):
            return None
        q = match.group("q")
        return cls(year, month, day, approximate=q in ("~", "%"), uncertain=q in ("?", "%"))

    def __str__(self) -> str:
        """The EDTF text: ``-0030-09-02``, ``1944-06``, ``1200~``."""
        qualifier = "%" if self.approximate and self.uncertain else ""
        qualifier = qualifier or ("~" if self.approximate else "?" if self.uncertain else "")
        return self.iso() + qualifier

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        """YYYY, YYYY-MM or YYYY-MM-DD with no qualifier (for `<time datetime>`)."""
        sign = "-" if self.year < 0 else ""
        text = f"{sign}{abs(self.year):04d}"
        if self.month:
            text += f"-{self.month:02d}"
            if self.day:
                text += f"-{self.day:02d}"
        return text

    def first_day(self) -> Day:
        """The earliest day the date can mean."""
        return Day(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> Day:
        """The latest day the date can mean."""
        month = self.month or 12
        return Day(self.year, month, self.day or days_in_month(self.year, month))

    def first(self) -> float:
        """The earliest moment the date can mean, as a fractional year."""
        return self.first_day().position()

    def last(self) -> float:
        """The end of the latest day the date can mean, as a fractional year."""
        return self.last_day().position() + 1 / _DAYS_PER_YEAR

    def label(self) -> str:
        """At the date's own precision: "1944", "June 1944", "6 June 1944", "c. 44 BC"."""
        year = era_year(self.year)
        if self.day and self.month:
            text = f"{self.day} {MONTH_NAMES[self.month - 1]} {year}"
        elif self.month:
            text = f"{MONTH_NAMES[self.month - 1]} {year}"
        else:
            text = year
        if self.approximate:
            text = f"c. {text}"
        if self.uncertain:
            text += "?"
        return text

    def _key(self) -> tuple[Day, Day, bool, bool]:
        return self.first_day(), self.last_day(), self.approximate, self.uncertain

    def __lt__(self, other: Edtf) -> bool:
        return self._key() < other._key()

    def __le__(self, other: Edtf) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: Edtf) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: Edtf) -> bool:
        return self._key() >= other._key()


def parse_edtf(text: str | None) -> Edtf | None:
    """`Edtf.parse`: the date an EDTF string names, or None."""
    return Edtf.parse(text)


def edtf(
    year: int, month: int | None = None, day: int | None = None, *, circa: bool = False
) -> str:
    """The EDTF text of an astronomical year (0 = 1 BC) and optional month and day."""
    return str(Edtf(year, month, day if month is not None else None, approximate=circa))


__all__ = [
    "MONTH_NAMES",
    "MONTH_NUMBERS",
    "Day",
    "Edtf",
    "days_in_month",
    "edtf",
    "era_year",
    "parse_edtf",
]
