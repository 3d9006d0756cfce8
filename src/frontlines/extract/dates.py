"""Dates of a conflict as EDTF strings, from infobox text or date templates.

The EDTF value type itself (text, month names, days in a month) is `frontlines.edtf`.

The precision is the one the source gives: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``. Years BC use
astronomical numbering as EDTF does (1 BC is ``0000``, 1274 BC is ``-1273``), always with at least
four digits. A ``~`` suffix marks a circa date.

Decisions, so that callers know what to expect:

* a single date (``10 August 955``) is a range of one: ``end == start``;
* ``present``/``ongoing`` as the end gives ``end=None, ongoing=True``;
* the end inherits what the start lacks and the other way round: ``1–3 July 1863``,
  ``218–201 BC`` (BC applies to both), ``November 15–18, 1812``, ``1780–83``;
* centuries, seasons and anything unrecognised give ``start=None``.

Parsing works on a token stream (numbers, month names, era words, ``circa``, range separators),
groups neighbouring date tokens into date expressions, and reads the range from the first
expression and the one a separator joins to it. Words in between (``Late``, ``Night of``,
weekdays) are ignored; any other word ends an expression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import NamedTuple

from mwparserfromhell.nodes import Template

from frontlines.edtf import MONTH_NUMBERS, days_in_month, edtf
from frontlines.parse.wikitext import template_name

ERAS_BC = frozenset({"bc", "bce"})
ERAS_AD = frozenset({"ad", "ce"})
CIRCA_WORDS = frozenset({"c", "ca", "circa", "approximately", "approx", "around", "about"})
PRESENT_WORDS = frozenset({"present", "ongoing", "now", "today"})
RANGE_WORDS = frozenset({"to", "until", "till", "through", "thru"})
# Words that may sit inside or around a date without changing it.
FILLER_WORDS = frozenset(
    {
        "early", "late", "mid", "middle", "end", "beginning", "start", "night", "nights",
        "morning", "evening", "afternoon", "dawn", "of", "the", "on", "from", "in", "between",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "spring", "summer", "autumn", "fall", "winter",
    }
)  # fmt: skip

DATE_TEMPLATES = frozenset(
    {
        "start date", "end date", "start date and age", "end date and age", "start-date",
        "end-date", "dts", "date", "birth date", "death date", "sortdate", "date range",
    }
)  # fmt: skip
RANGE_TEMPLATES = frozenset({"start and end dates", "start and end date", "date range"})

TOKEN_RE = re.compile(
    r"(?P<iso>-?\d{1,4}-\d{1,2}-\d{1,2}\b)"
    r"|(?P<num>\d+)(?:st|nd|rd|th)?\b"
    r"|(?P<word>[^\W\d_]+)\.?"
    r"|(?P<sep>[\u2013\u2014\u2012\u2015\u2212/-]|\ufffd+)"
    r"|(?P<tilde>~)"
    r"|(?P<comma>,)"
)
CENTURY_RE = re.compile(r"\b(?:century|centuries|millennium|millennia)\b", re.IGNORECASE)
PARENTHESES_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
ERA_DOTS_RE = re.compile(r"\b([ABCE])\.\s?([CDE])\.(?:\s?E\.)?", re.IGNORECASE)


class DateRange(NamedTuple):
    """Start and end of a conflict as EDTF strings, and whether it is still going on."""

    start: str | None
    end: str | None
    ongoing: bool = False


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "num", "month", "era", "circa", "sep", "present", "comma", "word"
    text: str
    value: int = 0


@dataclass(frozen=True, slots=True)
class _Date:
    """One date expression as read, before the range fills in what it lacks."""

    year: int | None = None  # as written (positive), era separate
    month: int | None = None
    day: int | None = None
    era: str | None = None  # "bc" | "ad" | None
    circa: bool = False
    bare: int | None = None  # a lone small number: a day or a year, decided by the range
    year_digits: int = 0


def astronomical_year(year: int, era: str | None) -> int:
    """1 BC → 0, 1274 BC → -1273; AD years unchanged."""
    return 1 - year if era == "bc" else year


def parse_date_range(text: str) -> DateRange:
    """Read start, end and ongoing from a date as written in an infobox (plain text)."""
    ongoing = _mentions_present(text)
    for line in text.splitlines() or [text]:
        found = _parse_line(line)
        if found.start is not None:
            return found._replace(ongoing=found.ongoing or ongoing)
    return DateRange(None, None, ongoing)


def _mentions_present(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+", text.lower())
    return any(word in ("present", "ongoing") for word in words)


def _parse_line(line: str) -> DateRange:
    if CENTURY_RE.search(line):
        return DateRange(None, None)  # "1st century BC": no year we can be sure of
    tokens = _tokens(_normalise(line))
    if any(token.text == "between" for token in tokens):  # "between 1 and 3 July"
        tokens = [_Token("sep", "and") if token.text == "and" else token for token in tokens]
    groups = _groups(tokens)
    for index, group in enumerate(groups):
        if not isinstance(group, _Date):
            continue
        follower = _joined_end(groups, index)
        if follower == "present":
            start = _resolve_alone(group, groups[index + 1 :])
            return DateRange(_format(start), None, True) if start else DateRange(None, None)
        if isinstance(follower, _Date):
            start_end = _resolve_range(group, follower)
            if start_end is not None:
                return DateRange(_format(start_end[0]), _format(start_end[1]))
        single = _resolve_alone(group, groups[index + 1 :])
        if single is not None:
            value = _format(single)
            return DateRange(value, value)
    return DateRange(None, None)


def _normalise(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")
    text = ERA_DOTS_RE.sub(lambda m: m.group(0).replace(".", "").replace(" ", ""), text)
    previous = None
    while previous != text:
        previous = text
        text = PARENTHESES_RE.sub(" ", text)
    return text


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in TOKEN_RE.finditer(text):
        kind = match.lastgroup or ""
        raw = match.group(kind)
        if kind == "iso":
            tokens.extend(_iso_tokens(raw))
        elif kind == "num":
            tokens.append(_Token("num", raw, int(raw)))
        elif kind == "word":
            tokens.append(_word_token(raw.lower()))
        elif kind == "tilde":
            tokens.append(_Token("circa", raw))
        else:
            tokens.append(_Token(kind, raw))
    return tokens


def _iso_tokens(raw: str) -> list[_Token]:
    negative = raw.startswith("-")
    year, month, day = (int(part) for part in raw.lstrip("-").split("-"))
    era = [_Token("era", "bc")] if negative else []
    year = year + 1 if negative else year  # ISO -0030 is 31 BC
    return [
        _Token("num", str(day), day),
        _Token("month", str(month), month),
        _Token("num", str(year), year),
        *era,
    ]


def _word_token(word: str) -> _Token:
    if word in MONTH_NUMBERS:
        return _Token("month", word, MONTH_NUMBERS[word])
    if word in ERAS_BC or word in ERAS_AD:
        return _Token("era", "bc" if word in ERAS_BC else "ad")
    if word in CIRCA_WORDS:
        return _Token("circa", word)
    if word in PRESENT_WORDS:
        return _Token("present", word)
    if word in RANGE_WORDS:
        return _Token("sep", word)
    if word in FILLER_WORDS:
        return _Token("filler", word)
    return _Token("word", word)


Group = _Date | str  # a date expression, or "sep" / "present" / "break"


def _groups(tokens: list[_Token]) -> list[Group]:
    """Date expressions and the markers between them, in order."""
    groups: list[Group] = []
    current: list[_Token] = []

    def flush() -> None:
        if any(token.kind in ("num", "month") for token in current):
            groups.append(_read_date(current))
        current.clear()

    for token in tokens:
        if token.kind in ("num", "month", "era", "circa", "comma"):
            current.append(token)
        elif token.kind == "filler":
            continue
        else:
            flush()
            groups.append("break" if token.kind == "word" else token.kind)
    flush()
    return groups


def _read_date(tokens: list[_Token]) -> _Date:
    circa = any(token.kind == "circa" for token in tokens)
    month = next((token.value for token in tokens if token.kind == "month"), None)
    numbers = [(i, token) for i, token in enumerate(tokens) if token.kind == "num"]
    era, year_index = _era_and_year_index(tokens)
    if year_index is None:
        big = [i for i, token in numbers if token.value > 31 or len(token.text) >= 3]
        year_index = big[-1] if big else None
    small = [token.value for i, token in numbers if i != year_index]
    if year_index is None and month is not None and len(small) >= 2:
        year_index = numbers[-1][0]
        small = small[:-1]
    year_token = tokens[year_index] if year_index is not None else None
    date = _Date(
        year=year_token.value if year_token else None,
        month=month,
        era=era,
        circa=circa,
        year_digits=len(year_token.text) if year_token else 0,
    )
    if small and (month is not None or year_token is not None):
        return replace(date, day=small[0])  # "18, 1812" in "November 15–18, 1812"
    if small and year_token is None:
        return replace(date, bare=small[0])
    return date


def _era_and_year_index(tokens: list[_Token]) -> tuple[str | None, int | None]:
    """The era word and the index of the number it qualifies (``31 BC``, ``AD 955``)."""
    for i, token in enumerate(tokens):
        if token.kind != "era":
            continue
        if i > 0 and tokens[i - 1].kind == "num":
            return token.text, i - 1
        if i + 1 < len(tokens) and tokens[i + 1].kind == "num":
            return token.text, i + 1
        return token.text, None
    return None, None


def _joined_end(groups: list[Group], index: int) -> Group | None:
    """What a range separator joins to the date at index: a date, "present", or None."""
    if index + 2 >= len(groups) or groups[index + 1] != "sep":
        return None
    following = groups[index + 2]
    return following if following == "present" or isinstance(following, _Date) else None


def _resolve_alone(date: _Date, rest: list[Group]) -> _Date | None:
    """A single date; borrows a missing year from the next expression that has one."""
    if date.bare is not None:
        if any(isinstance(group, _Date) for group in rest):
            return None  # a stray small number before the real date
        date = replace(date, year=date.bare, bare=None, year_digits=len(str(date.bare)))
    if date.year is None:
        later = next((g for g in rest if isinstance(g, _Date) and g.year is not None), None)
        if later is None:
            return None
        date = replace(date, year=later.year, era=date.era or later.era)
    return date if _valid(date) else None


def _resolve_range(start: _Date, end: _Date) -> tuple[_Date, _Date] | None:
    """Fill each end of a range from the other: shared year, month and era."""
    if start.bare is not None:
        start = _resolve_bare_start(start, end)
    if end.bare is not None:
        end = _resolve_bare_end(start, end)
    end = _expand_short_end_year(start, end)
    if start.year is None and end.year is not None:
        start = replace(start, year=end.year, era=start.era or end.era)
    if end.year is None and start.year is not None:
        end = replace(end, year=start.year, era=end.era or start.era)
    if start.day is not None and start.month is None:
        start = replace(start, month=end.month)
    if end.day is not None and end.month is None:
        end = replace(end, month=start.month)
    start, end = _share_era(start, end)
    if end.circa is False and start.circa:
        end = replace(end, circa=True)
    if not (_valid(start) and _valid(end)):
        return None
    return start, end


def _resolve_bare_start(start: _Date, end: _Date) -> _Date:
    if end.day is not None or (end.month is not None and end.year is None):
        return replace(start, day=start.bare, bare=None)
    return replace(start, year=start.bare, bare=None, year_digits=len(str(start.bare)))


def _resolve_bare_end(start: _Date, end: _Date) -> _Date:
    bare = end.bare or 0
    if start.month is not None and start.day is not None:
        return replace(end, day=bare, bare=None)
    return replace(end, year=bare, bare=None, year_digits=len(str(bare)))


def _expand_short_end_year(start: _Date, end: _Date) -> _Date:
    """1780–83: an end year with fewer digits takes the start's leading digits."""
    if start.year is None or end.year is None or start.era == "bc" or end.era is not None:
        return end
    if start.month is not None or end.month is not None or end.year_digits >= start.year_digits:
        return end
    cut = start.year_digits - end.year_digits
    expanded = int(str(start.year)[:cut] + str(end.year).zfill(end.year_digits))
    return (
        replace(end, year=expanded, year_digits=start.year_digits) if expanded > start.year else end
    )


def _share_era(start: _Date, end: _Date) -> tuple[_Date, _Date]:
    if start.era is None and end.era == "bc":
        start = replace(start, era="bc")
    elif end.era is None and start.era == "bc" and (end.year or 0) <= (start.year or 0):
        end = replace(end, era="bc")
    return start, end


def _valid(date: _Date) -> bool:
    if date.year is None or date.bare is not None:
        return False
    if date.era == "bc" and date.year == 0:
        return False
    if date.month is not None and not 1 <= date.month <= 12:
        return False
    if date.day is not None:
        if date.month is None:
            return False
        year = astronomical_year(date.year, date.era)
        return 1 <= date.day <= days_in_month(year, date.month)
    return True


def _format(date: _Date) -> str:
    year = astronomical_year(date.year or 0, date.era)
    day = date.day if date.month is not None else None
    return edtf(year, date.month, day, circa=date.circa)


def _positional(template: Template) -> list[str]:
    return [str(param.value).strip() for param in template.params if not param.showkey]


def _date_from_numbers(parts: list[str]) -> str | None:
    """EDTF from year, month, day strings as date templates take them (missing parts end)."""
    numbers: list[int] = []
    for part in parts[:3]:
        if not re.fullmatch(r"-?\d{1,4}", part):
            break
        numbers.append(int(part))
    if not numbers:
        return None
    year = numbers[0]
    month = numbers[1] if len(numbers) > 1 and 1 <= numbers[1] <= 12 else None
    day = numbers[2] if month is not None and len(numbers) > 2 else None
    if day is not None and not 1 <= day <= days_in_month(year, month or 1):
        day = None
    return edtf(year, month, day)


def edtf_from_template(template: Template) -> str | None:
    """EDTF from a date template: ``{{start date|1944|12|16}}``, ``{{circa|1200}}``, ``{{dts|…}}``.

    For ``{{start and end dates}}`` this is the start; see `range_from_template` for both ends.
    Years in these templates are astronomical already when negative (as the templates expect).
    """
    name = template_name(template)
    parts = _positional(template)
    if name == "circa":
        inner = _date_from_numbers(parts[:1])
        if inner is None and parts:
            inner = parse_date_range(parts[0]).start
        return None if inner is None else inner.rstrip("~") + "~"
    if name not in DATE_TEMPLATES and name not in RANGE_TEMPLATES:
        return None
    found = _date_from_numbers(parts)
    if found is None and parts:  # {{start-date|December 8, 1941}}, {{dts|16 December 1944}}
        found = parse_date_range(parts[0]).start
    return found


def range_from_template(template: Template) -> DateRange | None:
    """Both ends of ``{{start and end dates|Y|M|D|Y|M|D}}``; None for other templates."""
    if template_name(template) not in RANGE_TEMPLATES:
        return None
    parts = _positional(template)
    start = _date_from_numbers(parts[:3])
    end = _date_from_numbers(parts[3:6])
    if start is None:
        return None
    return DateRange(start, end or start)


def is_end_template(template: Template) -> bool:
    return template_name(template) in ("end date", "end date and age", "end-date")
