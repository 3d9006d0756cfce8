"""Coordinates: every {{coord}} form, infobox lat/long parameters, and the search order."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontlines.extract.coords import coordinates_from_template, find_coordinates, locate
from frontlines.model import Coordinates
from frontlines.parse.wikitext import parse


def coord(wikitext: str) -> Coordinates | None:
    return coordinates_from_template(parse(wikitext).filter_templates()[0])


@pytest.mark.parametrize(
    ("wikitext", "lat", "lon"),
    [
        ("{{coord|50.68|4.41}}", 50.68, 4.41),
        ("{{coord|-33.5|-70.25|display=title}}", -33.5, -70.25),
        ("{{Coord|50.68016|N| 4.41169|E|region:BE_type:event|display=inline,title}}", 50.68016,
         4.41169),
        ("{{coord|12.5|S|77.25|W}}", -12.5, -77.25),
        ("{{coord|52|31|N|13|23|E|region:DE-BE_type:event}}", 52.516667, 13.383333),
        ("{{coord|50|40|48|N|4|24|36|E|type:event|name=Somewhere}}", 50.68, 4.41),
        ("{{coord|37|16|14.66|N|76|41|59.98|W|type:event_region:US-VA_dim:20}}", 37.270739,
         -76.699994),
        ("{{coord|48|N|9|E}}", 48.0, 9.0),
        ("{{coord|52.1058726|-1.9445372|format=dms|type:landmark}}", 52.105873, -1.944537),
        ("{{coord|7|00||N|134|15||E}}", 7.0, 134.25),
    ],
)  # fmt: skip
def test_coord_forms(wikitext: str, lat: float, lon: float) -> None:
    assert coord(wikitext) == Coordinates(lat, lon)


@pytest.mark.parametrize(
    "wikitext",
    [
        "{{coord}}",
        "{{coord|91|0}}",
        "{{coord|10|200}}",
        "{{coord|50|61|N|4|2|E}}",
        "{{coord|50|10|N|4|2}}",
        "{{coord|abc|def}}",
        "{{convert|50|km}}",
    ],
)
def test_bad_or_foreign_templates_give_none(wikitext: str) -> None:
    assert coord(wikitext) is None


def test_bad_coord_is_an_issue_not_an_error() -> None:
    code = parse("{{Infobox military conflict|coordinates={{coord|95|0|N|1|0|E}}}}")
    infobox = code.filter_templates()[0]
    found, issues = locate(code, infobox)
    assert found is None
    assert [issue.kind for issue in issues] == ["bad_coordinates"]


def test_infobox_latitude_longitude_parameters() -> None:
    code = parse(
        "{{Infobox military conflict| lat_deg = 33 | lat_min = 46 | lat_sec = 36 | lat_dir = N"
        "| lon_deg = 93 | lon_min = 22 | lon_dir = W}}"
    )
    found = find_coordinates(code, code.filter_templates()[0])
    assert found == Coordinates(33.776667, -93.366667)
    decimal = parse("{{Infobox military conflict|latitude=12.5|longitude=-8.25}}")
    assert find_coordinates(decimal, decimal.filter_templates()[0]) == Coordinates(12.5, -8.25)


def test_search_order_prefers_infobox_then_title_display() -> None:
    text = (
        "{{Infobox military conflict|place=X}}\n{{coord|1|1|display=inline}} "
        "{{coord|2|2|display=title}}"
    )
    code = parse(text)
    assert find_coordinates(code, code.filter_templates()[0]) == Coordinates(2.0, 2.0)
    inside = parse("{{Infobox military conflict|place=X {{coord|3|3}}}} {{coord|2|2|display=t}}")
    assert find_coordinates(inside, inside.filter_templates()[0]) == Coordinates(3.0, 3.0)
    assert find_coordinates(parse("no coordinates here"), None) is None


@given(
    st.integers(min_value=0, max_value=89),
    st.integers(min_value=0, max_value=59),
    st.integers(min_value=0, max_value=59),
    st.sampled_from("NS"),
    st.integers(min_value=0, max_value=179),
    st.integers(min_value=0, max_value=59),
    st.integers(min_value=0, max_value=59),
    st.sampled_from("EW"),
)
def test_dms_and_decimal_agree(
    lat_d: int, lat_m: int, lat_s: int, ns: str, lon_d: int, lon_m: int, lon_s: int, ew: str
) -> None:
    dms = coord(f"{{{{coord|{lat_d}|{lat_m}|{lat_s}|{ns}|{lon_d}|{lon_m}|{lon_s}|{ew}}}}}")
    assert dms is not None
    decimal = coord(f"{{{{coord|{dms.lat}|{dms.lon}}}}}")
    assert decimal == dms
    # And back: the decimal degrees hold the same whole number of seconds.
    assert round(abs(dms.lat) * 3600) == lat_d * 3600 + lat_m * 60 + lat_s
    assert round(abs(dms.lon) * 3600) == lon_d * 3600 + lon_m * 60 + lon_s
    assert (dms.lat < 0) == (ns == "S" and (lat_d, lat_m, lat_s) != (0, 0, 0))
    assert (dms.lon < 0) == (ew == "W" and (lon_d, lon_m, lon_s) != (0, 0, 0))
