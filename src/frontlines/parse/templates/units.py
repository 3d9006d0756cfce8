"""`{{convert}}` / `{{cvt}}`: a value with its unit and the converted value, as Wikipedia shows.

    {{convert|5|km|mi}}            → 5 kilometres (3.1 mi)
    {{convert|5|to|10|km|abbr=on}} → 5 to 10 km (3.1 to 6.2 mi)
    {{convert|5|km|adj=on}}        → 5-kilometre (3.1 mi)
    {{convert|1.8|m|ftin}}         → 1.8 metres (5 ft 11 in)

Rounding: the output keeps the input's significant figures, at least two (Wikipedia's
rule is decimal-place based; this agrees on the common cases), or a precision given as the
parameter after the output unit, or `sigfig=`. Temperatures keep the input's decimal places.
An unknown unit shows "value unit" and records an issue.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from types import MappingProxyType

from mwparserfromhell.nodes import Template

from frontlines.parse.context import Handler, RenderContext
from frontlines.parse.params import plain_of


@dataclass(frozen=True, slots=True)
class Unit:
    dimension: str
    factor: float  # to the dimension's base unit
    name: str
    plural: str
    symbol: str
    default: str  # the unit Wikipedia converts to by default
    offset: float = 0.0  # temperatures: base = value * factor + offset


def _u(dim: str, factor: float, name: str, plural: str, symbol: str, default: str) -> Unit:
    return Unit(dim, factor, name, plural, symbol, default)


UNITS: MappingProxyType[str, Unit] = MappingProxyType(
    {
        "m": _u("length", 1, "metre", "metres", "m", "ft"),
        "km": _u("length", 1000, "kilometre", "kilometres", "km", "mi"),
        "cm": _u("length", 0.01, "centimetre", "centimetres", "cm", "in"),
        "mm": _u("length", 0.001, "millimetre", "millimetres", "mm", "in"),
        "mi": _u("length", 1609.344, "mile", "miles", "mi", "km"),
        "ft": _u("length", 0.3048, "foot", "feet", "ft", "m"),
        "yd": _u("length", 0.9144, "yard", "yards", "yd", "m"),
        "in": _u("length", 0.0254, "inch", "inches", "in", "cm"),
        "nmi": _u("length", 1852, "nautical mile", "nautical miles", "nmi", "km"),
        "kn": _u("speed", 0.514444, "knot", "knots", "kn", "km/h"),
        "km/h": _u("speed", 1 / 3.6, "kilometre per hour", "kilometres per hour", "km/h", "mph"),
        "mph": _u("speed", 0.44704, "mile per hour", "miles per hour", "mph", "km/h"),
        "m/s": _u("speed", 1, "metre per second", "metres per second", "m/s", "ft/s"),
        "ft/s": _u("speed", 0.3048, "foot per second", "feet per second", "ft/s", "m/s"),
        "kg": _u("mass", 1, "kilogram", "kilograms", "kg", "lb"),
        "g": _u("mass", 0.001, "gram", "grams", "g", "oz"),
        "lb": _u("mass", 0.45359237, "pound", "pounds", "lb", "kg"),
        "oz": _u("mass", 0.028349523, "ounce", "ounces", "oz", "g"),
        "t": _u("mass", 1000, "tonne", "tonnes", "t", "LT"),
        "ST": _u("mass", 907.18474, "short ton", "short tons", "short tons", "t"),
        "LT": _u("mass", 1016.0469, "long ton", "long tons", "long tons", "t"),
        "km2": _u("area", 1e6, "square kilometre", "square kilometres", "km²", "sqmi"),
        "m2": _u("area", 1, "square metre", "square metres", "m²", "sqft"),
        "sqmi": _u("area", 2589988.11, "square mile", "square miles", "sq mi", "km2"),
        "sqft": _u("area", 0.09290304, "square foot", "square feet", "sq ft", "m2"),
        "ha": _u("area", 1e4, "hectare", "hectares", "ha", "acre"),
        "acre": _u("area", 4046.8564, "acre", "acres", "acres", "ha"),
        "L": _u("volume", 0.001, "litre", "litres", "L", "impgal"),
        "m3": _u("volume", 1, "cubic metre", "cubic metres", "m³", "cuft"),
        "cuft": _u("volume", 0.028316847, "cubic foot", "cubic feet", "cu ft", "m3"),
        "USgal": _u("volume", 0.0037854118, "US gallon", "US gallons", "US gal", "L"),
        "impgal": _u("volume", 0.00454609, "imperial gallon", "imperial gallons", "imp gal", "L"),
        "hp": _u("power", 745.69987, "horsepower", "horsepower", "hp", "kW"),
        "kW": _u("power", 1000, "kilowatt", "kilowatts", "kW", "hp"),
        "C": Unit("temperature", 1, "degree Celsius", "degrees Celsius", "°C", "F", 273.15),
        "F": Unit(
            "temperature",
            5 / 9,
            "degree Fahrenheit",
            "degrees Fahrenheit",
            "°F",
            "C",
            273.15 - 32 * 5 / 9,
        ),
        "K": Unit("temperature", 1, "kelvin", "kelvins", "K", "C"),
    }
)
ALIASES = MappingProxyType(
    {
        "metre": "m",
        "meter": "m",
        "metres": "m",
        "meters": "m",
        "kilometre": "km",
        "kilometer": "km",
        "kilometres": "km",
        "kilometers": "km",
        "mile": "mi",
        "miles": "mi",
        "foot": "ft",
        "feet": "ft",
        "yard": "yd",
        "yards": "yd",
        "inch": "in",
        "inches": "in",
        "sqkm": "km2",
        "km²": "km2",
        "sq km": "km2",
        "sqm": "m2",
        "m²": "m2",
        "sq mi": "sqmi",
        "mi2": "sqmi",
        "ft2": "sqft",
        "sq ft": "sqft",
        "acres": "acre",
        "hectare": "ha",
        "knot": "kn",
        "knots": "kn",
        "kt": "kn",
        "kph": "km/h",
        "kmh": "km/h",
        "nm": "nmi",
        "lbs": "lb",
        "tonne": "t",
        "tonnes": "t",
        "shortton": "ST",
        "longton": "LT",
        "short ton": "ST",
        "long ton": "LT",
        "°C": "C",
        "°F": "F",
        "l": "L",
        "litre": "L",
        "usgal": "USgal",
        "impgal": "impgal",
        "cuft": "cuft",
        "ft3": "cuft",
        "bhp": "hp",
        "shp": "hp",
        "ihp": "hp",
        "PS": "hp",
        "kg/m3": "kg",
    }
)
_RANGE_WORDS = MappingProxyType(
    {
        "to": (" to ", " to "),
        "-": ("–", "–"),
        "–": ("–", "–"),
        "and": (" and ", " and "),
        "or": (" or ", " or "),
        "by": (" by ", " × "),
        "x": (" by ", " × "),
        "×": (" × ", " × "),
        "+/-": (" ± ", " ± "),
        "±": (" ± ", " ± "),
        "to(-)": (" to ", " to "),
        "and(-)": (" and ", " and "),
        "+": (" + ", " + "),
        ",": (", ", ", "),
    }
)
_NUMBER = re.compile(r"^[-−+]?(\d[\d,]*)?(\.\d+)?(e-?\d+)?$")


def unit_for(text: str) -> Unit | None:
    key = ALIASES.get(text, ALIASES.get(text.lower(), text))
    return UNITS.get(key)


def parse_number(text: str) -> float | None:
    text = text.strip().replace("−", "-")
    if not text or not _NUMBER.match(text) or not any(ch.isdigit() for ch in text):
        return None
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def significant(text: str) -> int:
    digits = text.replace(",", "").replace("-", "").replace("+", "").partition("e")[0]
    whole, _, fraction = digits.partition(".")
    stripped = (whole + fraction).lstrip("0")
    if not fraction:
        stripped = stripped.rstrip("0")
    return max(len(stripped), 1)


def format_number(value: float, sig: int | None = None, decimals: int | None = None) -> str:
    if decimals is None:
        if value == 0:
            return "0"
        magnitude = math.floor(math.log10(abs(value)))
        decimals = (sig or 2) - 1 - magnitude
    rounded = round(value, decimals)
    if decimals <= 0:
        return f"{int(rounded):,}"
    text = f"{rounded:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _convert_value(value: float, source: Unit, target: Unit) -> float:
    base = value * source.factor + source.offset
    return (base - target.offset) / target.factor


@dataclass(frozen=True, slots=True)
class _Request:
    values: list[str]  # the input numbers as written
    separators: list[str]  # range words between them
    unit: Unit
    targets: list[str]
    precision: int | None


def _read(values: list[str]) -> _Request | str:
    numbers = [values[0]]
    separators: list[str] = []
    index = 1
    while (
        index + 1 < len(values)
        and values[index] in _RANGE_WORDS
        and parse_number(values[index + 1]) is not None
    ):
        separators.append(values[index])
        numbers.append(values[index + 1])
        index += 2
    if index >= len(values):
        return "missing unit"
    unit = unit_for(values[index])
    if unit is None:
        return values[index]
    rest = values[index + 1 :]
    targets = rest[0].split() if rest and rest[0] else [unit.default]
    precision = int(rest[1]) if len(rest) > 1 and rest[1].lstrip("-").isdigit() else None
    return _Request(numbers, separators, unit, targets, precision)


def _output(request: _Request, target_key: str, *, sig: int | None) -> str:
    if target_key == "ftin":
        return _feet_inches(request)
    target = unit_for(target_key)
    if target is None or target.dimension != request.unit.dimension:
        return ""
    shown = []
    for text in request.values:
        number = parse_number(text) or 0.0
        converted = _convert_value(number, request.unit, target)
        if request.precision is not None:
            shown.append(format_number(converted, decimals=request.precision))
        elif request.unit.dimension == "temperature":
            decimals = len(text.partition(".")[2]) if "." in text else 0
            shown.append(format_number(converted, decimals=decimals))
        else:
            shown.append(format_number(converted, sig or max(2, significant(text))))
    joined = _join(shown, request.separators, output=True)
    return f"{joined} {target.symbol}"


def _feet_inches(request: _Request) -> str:
    parts = []
    for text in request.values:
        inches = round(_convert_value(parse_number(text) or 0.0, request.unit, UNITS["in"]))
        parts.append(f"{inches // 12} ft {inches % 12} in")
    return _join(parts, request.separators, output=True)


def _join(values: list[str], separators: list[str], *, output: bool) -> str:
    text = values[0]
    for separator, value in zip(separators, values[1:], strict=False):
        text += _RANGE_WORDS[separator][1 if output else 0] + value
    return text


_PLAIN_NUMBER = re.compile(r"(-?)(\d{4,})(\.\d+)?")


def _grouped(value: str) -> str:
    """ "107400" → "107,400": the template groups the digits of its input, as of its output."""
    match = _PLAIN_NUMBER.fullmatch(value)
    if match is None:
        return value
    sign, whole, fraction = match.groups()
    return f"{sign}{int(whole):,}{fraction or ''}"


def _input(
    request: _Request, *, abbreviated: bool, adjective: bool, american: bool, comma: bool = True
) -> str:
    values = [_grouped(value) for value in request.values] if comma else request.values
    numbers = _join(values, request.separators, output=False)
    unit = request.unit
    if abbreviated or unit.dimension == "temperature":
        return f"{numbers} {unit.symbol}"
    single = len(request.values) == 1 and parse_number(request.values[0]) == 1
    name = unit.name if adjective or single else unit.plural
    if american:
        name = name.replace("metre", "meter").replace("litre", "liter")
    return f"{numbers}-{name}" if adjective else f"{numbers} {name}"


def _feet_and_inches_input(values: list[str]) -> list[str]:
    """`{{convert|5|ft|6|in|m}}` → the same length in inches alone."""
    if len(values) >= 4 and values[1] in {"ft", "foot", "feet"} and values[3] in {"in", "inch"}:
        feet, inches = parse_number(values[0]), parse_number(values[2])
        if feet is not None and inches is not None:
            return [f"{feet * 12 + inches:g}", "in", *values[4:]]
    return values


def _convert(template: Template, r: RenderContext) -> str:
    values = [r.plain(value) for value in r.positional(template)]
    if not values or parse_number(values[0]) is None:
        r.state.issue("bad_convert", "A {{convert}} has no number", "convert")
        return r.text(" ".join(values))
    shown_input = ""
    original = values
    values = _feet_and_inches_input(values)
    request = _read(values)
    if isinstance(request, str):
        r.state.issue("unknown_unit", f"{{{{convert}}}} unit {request!r} is not known", request)
        return r.text(" ".join(value for value in original[:2] if value))
    if values is not original:
        shown_input = f"{original[0]} feet {original[2]} inches"
    abbr = plain_of(template, r, "abbr").lower()
    adjective = plain_of(template, r, "adj").lower() in {"on", "yes", "y", "1"}
    american = plain_of(template, r, "sp").lower() == "us"
    sigfig = plain_of(template, r, "sigfig")
    sig = int(sigfig) if sigfig.isdigit() else (3 if values is not original else None)
    display = plain_of(template, r, "disp").lower()
    abbreviated = (
        abbr in {"on", "yes", "in", "values"} or str(template.name).strip().lower() == "cvt"
    )
    comma = plain_of(template, r, "comma").lower() not in {"off", "no", "n"}
    shown_input = shown_input or _input(
        request, abbreviated=abbreviated, adjective=adjective, american=american, comma=comma
    )
    outputs = [text for key in request.targets if (text := _output(request, key, sig=sig))]
    if display == "or" and outputs and not abbreviated:
        outputs = [_spelled(text, request.targets[0]) for text in outputs[:1]]
    if display == "flip" and outputs and not abbreviated:
        shown_input = _input(request, abbreviated=True, adjective=False, american=american)
        outputs = [_spelled(text, request.targets[0]) for text in outputs[:1]]
    if abbr == "values":
        shown_input = _join(request.values, request.separators, output=False)
        outputs = [text.rsplit(" ", 1)[0] for text in outputs]
    return r.text(_display(shown_input, "; ".join(outputs), display))


def _spelled(text: str, key: str) -> str:
    """ "3.1 mi" → "3.1 miles" (for `disp=flip`, where the converted value comes first)."""
    unit = unit_for(key)
    number, _, _ = text.partition(" ")
    if unit is None:
        return text
    return f"{number} {unit.name if number == '1' else unit.plural}"


def _display(given: str, converted: str, display: str) -> str:
    if not converted:
        return given
    if display in {"flip"}:
        return f"{converted} ({given})"
    if display in {"or"}:
        return f"{given} or {converted}"
    if display in {"out", "output only"}:
        return converted
    if display in {"number", "output number only"}:
        return converted.split(" ")[0]
    if display in {"sqbr"}:
        return f"{given} [{converted}]"
    if display in {"comma"}:
        return f"{given}, {converted}"
    if display in {"slash", "/"}:
        return f"{given}/{converted}"
    if display in {"x"}:
        return f"{given} {converted}"
    return f"{given} ({converted})"


HANDLERS: MappingProxyType[str, Handler] = MappingProxyType(
    {"convert": _convert, "cvt": _convert, "convert/flip": _convert, "convinfobox": _convert}
)
