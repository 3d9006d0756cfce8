"""Date templates: start/end date, dts, birth/death date, circa, floruit, BC/AD.

Dates are shown the way the template shows them: month-day-year unless `df=y` (or the `dts`
`format=dmy`). Anything that needs today's date (`{{age}}` with one date, `{{birth date and
age}}`'s age) shows only what is fixed: output never depends on the clock.
"""

from __future__ import annotations

from types import MappingProxyType

from mwparserfromhell.nodes import Template

from frontlines.edtf import MONTH_NAMES, days_in_month
from frontlines.parse.context import Handler, RenderContext
from frontlines.parse.params import plain_of


def format_date(parts: list[str], *, day_first: bool) -> str:
    """["1944", "12", "16"] → "December 16, 1944" (or "16 December 1944"); partial dates too."""
    parts = [part.strip() for part in parts if part.strip()]
    if not parts:
        return ""
    year = parts[0]
    month_name = ""
    if len(parts) > 1:
        month = parts[1]
        month_name = (
            MONTH_NAMES[int(month) - 1] if month.isdigit() and 1 <= int(month) <= 12 else month
        )
    day = str(int(parts[2])) if len(parts) > 2 and parts[2].isdigit() else ""
    if year.startswith("-") and year[1:].isdigit():
        year = f"{int(year[1:]) + 1} BC"
    if not month_name:
        return year
    if not day:
        return f"{month_name} {year}"
    return f"{day} {month_name} {year}" if day_first else f"{month_name} {day}, {year}"


def _day_first(template: Template, r: RenderContext) -> bool:
    value = plain_of(template, r, "df", "format").lower()
    return value in {"y", "yes", "dmy", "1", "true"}


def _date_parts(template: Template, r: RenderContext, start: int = 0, count: int = 3) -> list[str]:
    values = [r.plain(value) for value in r.positional(template)]
    return values[start : start + count]


def _date(template: Template, r: RenderContext) -> str:
    parts = _date_parts(template, r)
    if len(parts) == 1 and not parts[0].lstrip("-").isdigit():
        return r.text(parts[0])  # free text, e.g. {{start date|1944}} variants or a note
    return r.text(format_date(parts, day_first=_day_first(template, r)))


def _death_and_age(template: Template, r: RenderContext) -> str:
    """`{{death date and age|1900|1|1|1850|6|1}}` → "January 1, 1900 (aged 49)"."""
    parts = _date_parts(template, r, 0, 6)
    death = format_date(parts[:3], day_first=_day_first(template, r))
    numbers = [int(part) if part.lstrip("-").isdigit() else None for part in parts]
    if len(numbers) >= 4 and all(value is not None for value in numbers[:4]):
        born = tuple(value or 1 for value in numbers[3:6]) + (1,) * (3 - len(numbers[3:6]))
        died = tuple(value or 1 for value in numbers[:3]) + (1,) * (3 - len(numbers[:3]))
        age = died[0] - born[0] - ((died[1], died[2]) < (born[1], born[2]))
        return r.text(f"{death} (aged {age})")
    return r.text(death)


def _age(template: Template, r: RenderContext) -> str:
    """`{{age|1900|1|1|1950|6|1}}` → "50"; with one date it needs the clock: nothing shown."""
    parts = _date_parts(template, r, 0, 6)
    numbers = [int(part) for part in parts if part.lstrip("-").isdigit()]
    if len(numbers) >= 6:
        later = (numbers[4], numbers[5]) < (numbers[1], numbers[2])
        return r.text(str(numbers[3] - numbers[0] - later))
    if len(numbers) == 2:
        return r.text(str(numbers[1] - numbers[0]))
    r.state.issue("clock_dependent", "An age relative to today is not shown", "age")
    return ""


def _age_ymd(template: Template, r: RenderContext) -> str:
    """`{{age in years, months and days|1775|4|19|1783|9|3}}` → "8 years, 4 months and 15 days"
    (calendar months, as the template counts them); with one date it needs the clock."""
    numbers = [int(p) for p in _date_parts(template, r, 0, 6) if p.lstrip("-").isdigit()]
    if len(numbers) < 6:
        r.state.issue("clock_dependent", "An age relative to today is not shown", "age")
        return ""
    (y1, m1, d1), (y2, m2, d2) = numbers[:3], numbers[3:6]
    years, months, days = y2 - y1, m2 - m1, d2 - d1
    if days < 0:
        months -= 1
        before = 12 if m2 == 1 else m2 - 1  # the month before the end date's
        days += days_in_month(y2 - (m2 == 1), before)
    if months < 0:
        years, months = years - 1, months + 12
    if years < 0:
        return ""
    parts = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in
             ((years, "year"), (months, "month"), (days, "day"))]  # fmt: skip
    return r.text(f"{parts[0]}, {parts[1]} and {parts[2]}")


def _prefixed(prefix: str) -> Handler:
    def handler(template: Template, r: RenderContext) -> str:
        value = r.arg(template, 1)
        return r.text(prefix) + (r.render(value).strip() if value is not None else "")

    return handler


def _suffixed(suffix: str) -> Handler:
    def handler(template: Template, r: RenderContext) -> str:
        value = r.arg(template, 1)
        return (r.render(value).strip() + r.text(suffix)) if value is not None else r.text(suffix)

    return handler


def _year_range(template: Template, r: RenderContext) -> str:
    values = [r.plain(value) for value in r.positional(template)]
    return r.text("–".join(value for value in values if value))


def _old_style(template: Template, r: RenderContext) -> str:
    """`{{OldStyleDate|1 March|1700|19 February}}` → "1 March 1700 [O.S. 19 February]"."""
    values = [r.plain(value) for value in r.positional(template)]
    if len(values) >= 3:
        return r.text(f"{values[0]} {values[1]} [O.S. {values[2]}]")
    return r.text(" ".join(values))


HANDLERS: MappingProxyType[str, Handler] = MappingProxyType(
    {
        **dict.fromkeys(
            [
                "start date",
                "end date",
                "start-date",
                "end-date",
                "dts",
                "date",
                "start date and age",
                "end date and age",
                "start and end dates",
                "birth date",
                "death date",
                "birth date and age",
                "birth-date",
                "death-date",
                "bda",
                "dob",
                "birth year and age",
                "death year and age",
                "film date",
                "release date",
                "start date text",
                "date table sorting",
                "sort date",
            ],
            _date,
        ),
        "death date and age": _death_and_age,
        "dda": _death_and_age,
        "age": _age,
        "age in years": _age,
        "age in years, months and days": _age_ymd,
        "age in years months and days": _age_ymd,
        "circa": _prefixed("c. "),
        "c.": _prefixed("c. "),
        "ca.": _prefixed("c. "),
        "floruit": _prefixed("fl. "),
        "fl.": _prefixed("fl. "),
        "reign": _prefixed("r. "),
        "r.": _prefixed("r. "),
        "bce": _suffixed(" BCE"),
        "bc": _suffixed(" BC"),
        "ce": _suffixed(" CE"),
        "ad": _prefixed("AD "),
        "year range": _year_range,
        "oldstyledate": _old_style,
        "old style date": _old_style,
        "osdate": _old_style,
    }
)
