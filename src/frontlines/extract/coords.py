"""Coordinates of a conflict: from ``{{coord}}`` or an infobox's latitude/longitude parameters.

``{{coord}}`` comes in these shapes (named parameters such as ``display=``, ``name=``,
``format=`` and the ``type:…_region:…`` parameter after the numbers are ignored):

* decimal, signed: ``{{coord|50.68|-4.41}}``
* decimal with hemispheres: ``{{coord|50.68|N|4.41|E}}``
* degrees and minutes: ``{{coord|52|31|N|13|23|E}}``
* degrees, minutes and seconds: ``{{coord|50|40|48|N|4|24|36|E}}``

Values are rounded to six decimals (about 10 cm). Out-of-range values (latitude beyond ±90,
longitude beyond ±180, minutes or seconds of 60 or more) are refused and reported as issues.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mwparserfromhell.nodes import Template
from mwparserfromhell.wikicode import Wikicode

from frontlines.model import Coordinates, Issue
from frontlines.parse.index import TreeIndex
from frontlines.parse.wikitext import template_name

COORD_TEMPLATES = frozenset({"coord", "coor", "coor d", "coor dm", "coor dms", "location dec"})
NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
LATITUDE_HEMISPHERES = {"N": 1, "S": -1}
LONGITUDE_HEMISPHERES = {"E": 1, "W": -1, "O": 1}  # "O" (oeste/ost) appears in copied coords


class CoordinateError(ValueError):
    """A ``{{coord}}`` or lat/long parameter set that cannot be read as a place on Earth."""


def is_coord_template(template: Template) -> bool:
    return template_name(template) in COORD_TEMPLATES


def coordinates_from_template(template: Template) -> Coordinates | None:
    """The point a ``{{coord}}`` template gives, or None when it is not one or is unreadable."""
    try:
        return read_coord_template(template)
    except CoordinateError:
        return None


def read_coord_template(template: Template) -> Coordinates | None:
    """Like `coordinates_from_template`, but a malformed ``{{coord}}`` raises CoordinateError."""
    if not is_coord_template(template):
        return None
    parts = [str(p.value).strip() for p in template.params if not p.showkey]
    numeric = _coordinate_part(parts)
    lat_index = _hemisphere_index(numeric, LATITUDE_HEMISPHERES)
    if lat_index is None:
        values = [part for part in numeric if part]
        if len(values) < 2:
            raise CoordinateError(f"{{{{{template.name}}}}} has no latitude and longitude")
        return checked(_number(values[0]), _number(values[1]))
    lat = _sexagesimal(numeric[:lat_index], numeric[lat_index], LATITUDE_HEMISPHERES)
    rest = numeric[lat_index + 1 :]
    lon_index = _hemisphere_index(rest, LONGITUDE_HEMISPHERES)
    if lon_index is None:
        raise CoordinateError(f"{{{{{template.name}}}}} gives N/S but no E/W hemisphere")
    lon = _sexagesimal(rest[:lon_index], rest[lon_index], LONGITUDE_HEMISPHERES)
    return checked(lat, lon)


def _coordinate_part(parts: list[str]) -> list[str]:
    """The leading numbers and hemisphere letters; stops at ``type:…`` and the like."""
    taken: list[str] = []
    for part in parts:
        upper = part.upper()
        if part == "" or NUMBER_RE.fullmatch(part) or upper in ("N", "S", "E", "W", "O"):
            taken.append(upper)
        else:
            break
    return taken


def _hemisphere_index(parts: list[str], hemispheres: dict[str, int]) -> int | None:
    for index, part in enumerate(parts[:4]):
        if part in hemispheres:
            return index
    return None


def _number(text: str) -> float:
    if not NUMBER_RE.fullmatch(text):
        raise CoordinateError(f"'{text}' is not a number")
    return float(text)


def _sexagesimal(parts: list[str], hemisphere: str, hemispheres: dict[str, int]) -> float:
    """Degrees, minutes, seconds (any trailing ones may be missing or empty) to decimal."""
    if not parts or len(parts) > 3 or not parts[0]:
        raise CoordinateError(f"cannot read degrees from {'|'.join(parts) or 'nothing'}")
    values = [_number(part) if part else 0.0 for part in parts]
    degrees, minutes, seconds = (values + [0.0, 0.0])[:3]
    if not (0 <= minutes < 60 and 0 <= seconds < 60) or degrees < 0:
        raise CoordinateError(f"minutes/seconds out of range in {'|'.join(parts)}")
    return hemispheres[hemisphere] * (degrees + minutes / 60 + seconds / 3600)


def checked(lat: float, lon: float) -> Coordinates:
    """Coordinates rounded to six decimals, after a range check."""
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise CoordinateError(f"latitude {lat} / longitude {lon} out of range")
    return Coordinates(lat=round(lat, 6), lon=round(lon, 6))


def coordinates_from_parameters(values: dict[str, str]) -> Coordinates | None:
    """From infobox parameters: ``latitude``/``longitude`` or ``lat_deg``/``lon_deg``… forms.

    ``values`` maps normalised parameter names to their stripped text. Raises CoordinateError
    when the parameters are present but unreadable.
    """
    lat_text, lon_text = values.get("latitude", ""), values.get("longitude", "")
    if lat_text and lon_text:
        return checked(_number(_first_number(lat_text)), _number(_first_number(lon_text)))
    if not (values.get("lat_deg") and (values.get("lon_deg") or values.get("long_deg"))):
        return None
    lat = _from_named(values, "lat", "N", LATITUDE_HEMISPHERES)
    lon_prefix = "lon" if values.get("lon_deg") else "long"
    lon = _from_named(values, lon_prefix, "E", LONGITUDE_HEMISPHERES)
    return checked(lat, lon)


def _first_number(text: str) -> str:
    match = NUMBER_RE.search(text)
    if match is None:
        raise CoordinateError(f"'{text}' is not a number")
    return match.group(0)


def _from_named(
    values: dict[str, str], prefix: str, default: str, hemispheres: dict[str, int]
) -> float:
    parts = [values.get(f"{prefix}_{unit}", "") for unit in ("deg", "min", "sec")]
    while parts and not parts[-1]:
        parts.pop()
    hemisphere = (values.get(f"{prefix}_dir", "") or default).strip().upper()
    if hemisphere not in hemispheres:
        raise CoordinateError(f"{prefix}_dir '{hemisphere}' is not a hemisphere")
    if parts and parts[0].startswith("-"):  # signed degrees, no direction
        return -_sexagesimal([parts[0][1:], *parts[1:]], hemisphere, hemispheres)
    return _sexagesimal(parts, hemisphere, hemispheres)


def _coord_templates(code: Wikicode) -> list[Template]:
    return [t for t in code.filter_templates(recursive=True) if is_coord_template(t)]


def _displays_in_title(template: Template) -> bool:
    for param in template.params:
        if param.showkey and str(param.name).strip().lower() == "display":
            kinds = {part.strip().lower() for part in str(param.value).split(",")}
            return bool(kinds & {"title", "t", "it", "ti"})
    return False


def locate(
    code: Wikicode, infobox: Template | None, index: TreeIndex | None = None
) -> tuple[Coordinates | None, tuple[Issue, ...]]:
    """The conflict's coordinates and any problems met finding them.

    Order: a ``{{coord}}`` inside the infobox; the infobox's latitude/longitude parameters;
    a ``{{coord}}`` elsewhere in the article, preferring one displayed in the title.
    """
    issues: list[Issue] = []
    tried: set[int] = set()
    if infobox is not None:
        inside = [t for param in infobox.params for t in _coord_templates(param.value)]
        found = _first_readable(inside, issues, tried)
        if found is not None:
            return found, tuple(issues)
        try:
            found = coordinates_from_parameters(_parameter_texts(infobox))
        except CoordinateError as error:
            issues.append(Issue("bad_coordinates", f"infobox latitude/longitude: {error}"))
        if found is not None:
            return found, tuple(issues)
    everywhere = (index or TreeIndex(code)).templates
    others = [t for t in everywhere if is_coord_template(t)]
    ordered = [t for t in others if _displays_in_title(t)] + others
    return _first_readable(ordered, issues, tried), tuple(issues)


def _first_readable(
    templates: Iterable[Template], issues: list[Issue], tried: set[int]
) -> Coordinates | None:
    """The first template that reads; each unreadable one is reported once."""
    for template in templates:
        if id(template) in tried:
            continue
        tried.add(id(template))
        try:
            found = read_coord_template(template)
        except CoordinateError as error:
            issues.append(Issue("bad_coordinates", str(error), detail=str(template)[:200]))
            continue
        if found is not None:
            return found
    return None


def _parameter_texts(template: Template) -> dict[str, str]:
    return {
        str(param.name).strip().lower().replace(" ", "_"): str(param.value).strip()
        for param in template.params
    }


def find_coordinates(code: Wikicode, infobox: Template | None) -> Coordinates | None:
    """The conflict's coordinates (see `locate` for the order); None when there are none."""
    return locate(code, infobox)[0]
