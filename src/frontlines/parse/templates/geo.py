"""`{{coord}}`: degrees-minutes-seconds ("51°30′N 0°7′W") or decimal ("51.5°N 0.12°W").

`display=title` alone puts the coordinates in the page title bar, so nothing shows in the body.
`coordinates_of` gives the decimal values for callers that want numbers.
"""

from __future__ import annotations

from types import MappingProxyType

from mwparserfromhell.nodes import Template

from frontlines.parse.context import Handler, RenderContext
from frontlines.parse.params import plain_of

_HEMISPHERES = frozenset("NSEW")


def _number(text: str) -> float | None:
    try:
        return float(text.replace("−", "-"))
    except ValueError:
        return None


def _dms(parts: list[str]) -> str:
    marks = ("°", "′", "″")
    shown = [f"{part}{marks[index]}" for index, part in enumerate(parts[:3]) if part]
    return "".join(shown)


def format_coord(values: list[str]) -> str | None:
    """The coordinate text for the positional parameters of `{{coord}}` (None if unreadable)."""
    letters = [index for index, value in enumerate(values) if value.upper() in _HEMISPHERES]
    if len(letters) >= 2 and letters[0] <= 3 and values[letters[0]].upper() in {"N", "S"}:
        lat_end, lon_end = letters[0], letters[1]
        latitude = _dms(values[:lat_end]) + values[lat_end].upper()
        longitude = _dms(values[lat_end + 1 : lon_end]) + values[lon_end].upper()
        return f"{latitude} {longitude}"
    lat_lon = [_number(value) for value in values[:2]]
    if len(lat_lon) == 2 and lat_lon[0] is not None and lat_lon[1] is not None:
        lat, lon = lat_lon[0], lat_lon[1]
        lat_text = f"{_trim(abs(lat))}°{'N' if lat >= 0 else 'S'}"
        lon_text = f"{_trim(abs(lon))}°{'E' if lon >= 0 else 'W'}"
        return f"{lat_text} {lon_text}"
    return None


def _trim(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text or "0"


def coordinates_of(values: list[str]) -> tuple[float, float] | None:
    """Decimal (lat, lon) of `{{coord}}`'s positional parameters, or None."""
    letters = [index for index, value in enumerate(values) if value.upper() in _HEMISPHERES]
    if len(letters) >= 2:
        lat = _decimal(values[: letters[0]], values[letters[0]])
        lon = _decimal(values[letters[0] + 1 : letters[1]], values[letters[1]])
        return (lat, lon) if lat is not None and lon is not None else None
    numbers = [_number(value) for value in values[:2]]
    if len(numbers) == 2 and numbers[0] is not None and numbers[1] is not None:
        return (numbers[0], numbers[1])
    return None


def _decimal(parts: list[str], hemisphere: str) -> float | None:
    numbers = [_number(part) if part else 0.0 for part in parts[:3]]
    if not numbers or any(number is None for number in numbers):
        return None
    total = sum((number or 0.0) / float(60**index) for index, number in enumerate(numbers))
    return -total if hemisphere.upper() in {"S", "W"} else total


def _coord(template: Template, r: RenderContext) -> str:
    display = plain_of(template, r, "display").lower().replace(" ", "")
    if display in {"title", "t", "title-only"}:
        return ""
    values = [r.plain(value) for value in r.positional(template)]
    values = [value for value in values if ":" not in value]
    text = format_coord(values)
    if text is None:
        r.state.issue("bad_coordinates", "A {{coord}} could not be read", "coord")
        return ""
    return r.text(text)


HANDLERS: MappingProxyType[str, Handler] = MappingProxyType(
    {"coord": _coord, "coor": _coord, "coor d": _coord, "coor dms": _coord, "location": _coord}
)
