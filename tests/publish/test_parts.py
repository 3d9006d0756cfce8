"""The pieces of the build on their own: territory, timeline, writer, markup, reports, feeds."""

from __future__ import annotations

import json
import posixpath
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontlines.edtf import parse_edtf
from frontlines.errors import PublishError, SourceError
from frontlines.publish.feeds import ATOM, SITEMAP, FeedItem, atom_feed, rfc3339, sitemap
from frontlines.publish.markup import make_markdown, render_markdown, wiki_title
from frontlines.publish.sanitize import clean_html
from frontlines.publish.timeline import Span, layout
from frontlines.publish.views import relative_url, site_relpath, tag_slug
from frontlines.publish.writer import SiteWriter, safe_site_path
from frontlines.sources.reports import read_report
from frontlines.sources.territory import build_series, read_series, status_of
from tests.conftest import skip_without_shared

REPO = Path(__file__).resolve().parents[2]
SAMPLE_TERRITORY = REPO / "samples" / "territory" / "ukraine"
SHARED_TERRITORY = (REPO / ".." / "shared" / "frontlines" / "territory" / "ukraine").resolve()
COLOURS = {"#ff0000": "Russia", "#aa0000": "Russia (before 2022)", "#0000ff": "Ukraine"}

# -- territory ------------------------------------------------------------------------------


def test_sample_series_merges_unchanged_polygons_and_keeps_mapped_days() -> None:
    series, unknown = read_series(SAMPLE_TERRITORY, "ukraine", COLOURS)
    assert unknown == ()
    assert series.days == ("2022-03-01", "2022-03-02", "2022-03-04", "2022-03-05", "2022-03-07")
    ukraine = [f for f in series.features if f.controller == "Ukraine"]
    assert len(ukraine) == 1  # the same polygon every day: one feature
    assert (ukraine[0].valid_from, ukraine[0].valid_to) == ("2022-03-01", None)
    contested = [f for f in series.features if f.status == "contested"]
    assert contested[-1].valid_to == "2022-03-05"  # the northern area disappears that day
    # a day that was never mapped shows the latest earlier map
    assert {f.geometry for f in series.on("2022-03-03")} == {
        f.geometry for f in series.on("2022-03-02")
    }
    assert ("#0000ff", "Ukraine") in series.legend()


def test_unknown_colours_are_reported_not_dropped(tmp_path: Path) -> None:
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"fill": "#123456", "fill-opacity": "0.25"},
                "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]},
            }
        ],
    }
    (tmp_path / "2023-01-01.json").write_text(json.dumps(collection))
    series, unknown = read_series(tmp_path, "x", COLOURS)
    assert unknown == ("#123456",)
    assert series.features[0].controller == "unknown (#123456)"


def test_bad_territory_folders_fail_clearly(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no YYYY-MM-DD.json"):
        read_series(tmp_path, "x", COLOURS)
    (tmp_path / "2023-02-30.json").write_text("{}")
    with pytest.raises(SourceError, match="not a calendar date"):
        read_series(tmp_path, "x", COLOURS)


def test_status_follows_opacity() -> None:
    assert [status_of(x) for x in (0.0, 0.1, 0.25)] == ["boundary", "contested", "controlled"]


def test_feature_that_returns_gets_a_second_span() -> None:
    key = ("A", "controlled", "#ff0000", '{"type":"Polygon"}')
    series = build_series(
        "t", [("2022-01-01", "a", [key]), ("2022-01-02", "b", []), ("2022-01-03", "c", [key])]
    )
    spans = [(f.valid_from, f.valid_to) for f in series.features]
    assert spans == [("2022-01-01", "2022-01-02"), ("2022-01-03", None)]
    assert series.change_days() == ("2022-01-01", "2022-01-02", "2022-01-03")


def test_real_ukraine_series_imports() -> None:
    if not SHARED_TERRITORY.is_dir():
        skip_without_shared(SHARED_TERRITORY, "the real territory series")
    colours = {**COLOURS, "#345995": "Ukraine"}
    series, unknown = read_series(SHARED_TERRITORY, "ukraine", colours)
    assert len(series.days) == 94
    assert "2022-05-28" not in series.days  # a missing day in the original series
    assert unknown == ("#a4a4a4",)
    assert len(series.features) < 2001  # unchanged polygons were merged across days
    assert all(f.valid_from in series.days for f in series.features)


# -- timeline -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label", "precision"),
    [
        ("2022", "2022", "year"),
        ("2022-02", "February 2022", "month"),
        ("2022-02-24", "24 February 2022", "day"),
        ("-0330-10-01", "1 October 331 BC", "day"),
        ("-1273~", "c. 1274 BC", "year"),
        ("0000", "1 BC", "year"),
        ("1916-07-01?", "1 July 1916?", "day"),
    ],
)
def test_edtf_labels_keep_their_precision(text: str, label: str, precision: str) -> None:
    date = parse_edtf(text)
    assert date is not None
    assert (date.label(), date.precision) == (label, precision)


@pytest.mark.parametrize("text", ["", "2022-13", "2022-02-30", "soon", "2022/2023"])
def test_edtf_outside_the_subset_is_none(text: str) -> None:
    assert parse_edtf(text) is None


def test_year_precision_spans_the_whole_year() -> None:
    year, day = parse_edtf("2022"), parse_edtf("2022-12-31")
    assert year is not None and day is not None
    assert year.first() == pytest.approx(2022.0)
    assert year.last() == pytest.approx(day.last())


@given(st.integers(-3000, 3000), st.integers(1, 12), st.integers(1, 28))
def test_spans_never_end_before_they_start(year: int, month: int, day: int) -> None:
    start = parse_edtf(f"{'-' if year < 0 else ''}{abs(year):04d}-{month:02d}-{day:02d}")
    assert start is not None
    assert start.last() > start.first()


def test_layout_places_bars_on_one_axis() -> None:
    a, b = parse_edtf("2000"), parse_edtf("2010-06")
    assert a is not None and b is not None
    spans = [
        Span("A", "articles/a/", "War", a, None, ongoing=True),
        Span("B", "articles/b/", "War", b, b, ongoing=False),
    ]
    timeline = layout(spans, present=2020.5)
    ((group, bars),) = timeline.groups
    assert group == "War" and [bar.span.title for bar in bars] == ["A", "B"]
    assert bars[0].left == 0 and bars[0].width == pytest.approx(20.5 / 21 * 100, abs=0.01)
    assert 0 < bars[1].left < 100 and bars[1].width < 1


# -- writer, paths, markup ------------------------------------------------------------------


def test_writer_refuses_a_second_write_and_escapes(tmp_path: Path) -> None:
    writer = SiteWriter(tmp_path)
    writer.write_text("a/index.html", "one", origin="article A")
    with pytest.raises(PublishError, match="article A"):
        writer.write_text("a/index.html", "two", origin="article B")
    for bad in ("../x", "/etc/passwd", "a/../../x", "a//b", "a\\b", ""):
        with pytest.raises(PublishError):
            safe_site_path(bad)
    assert (tmp_path / "a" / "index.html").read_text() == "one"


@pytest.mark.parametrize(
    ("page", "target", "link"),
    [
        ("index.html", "articles/x/", "articles/x/"),
        ("articles/x/index.html", "articles/y/", "../y/"),
        ("articles/x/index.html", "", "../../"),
        ("map/index.html", "data/a.json", "../data/a.json"),
        ("articles/x/index.html", "#fn1", "#fn1"),
        ("index.html", "articles/a_(b–c)/", "articles/a_(b%E2%80%93c)/"),
    ],
)
def test_relative_links(page: str, target: str, link: str) -> None:
    assert relative_url(page, target) == link


_PART = st.sampled_from(["a", "b", "articles", "x_(y)", "", ".", "..", "index.html"])


@given(st.lists(_PART, max_size=4), st.lists(_PART, max_size=4))
def test_site_relpath_is_posix_relpath(to: list[str], start: list[str]) -> None:
    path, here = "/".join(to), "/".join(start)
    assert site_relpath(path, here) == posixpath.relpath(path or ".", here or ".")


def test_tag_slugs_are_plain() -> None:
    assert tag_slug("Battles of the Syrian civil war") == "battles-of-the-syrian-civil-war"
    assert tag_slug("<b>x</b>") == "b-x-b"
    assert "/" not in tag_slug("a/b/../c")


def test_markdown_body_is_sanitised_and_links_localised() -> None:
    md = make_markdown()
    html = render_markdown(
        md,
        "See [Kyiv](https://en.wikipedia.org/wiki/Battle_of_Kyiv_(2022)) and "
        "![a map](https://upload.wikimedia.org/m.png) <img src=x onerror=alert(1)>"
        "<script>alert(2)</script>[^1]\n\n[^1]: Note.\n",
        local_links={"Battle of Kyiv (2022)": "../battle_of_kyiv_(2022)/"},
    )
    assert 'href="../battle_of_kyiv_(2022)/"' in html
    assert "<img" not in html and "Image: a map" in html  # no remote image by default
    assert "alert" not in html
    assert 'id="fn1"' in html
    assert wiki_title("https://example.org/wiki/X") is None


def test_sanitiser_allow_list() -> None:
    dirty = (
        '<a href="javascript:x()">a</a><a href="https://ok.example/">b</a>'
        '<div style="background:url(x)" onclick="y()">c</div><iframe src="x"></iframe>'
    )
    assert clean_html(dirty) == '<a>a</a><a href="https://ok.example/">b</a><div>c</div>'


def test_rfc3339() -> None:
    assert rfc3339("2022-05-12") == "2022-05-12T00:00:00Z"
    assert rfc3339("2022-05-12T10:00:00Z") == "2022-05-12T10:00:00Z"
    assert rfc3339("2022-05-12T10:00:00+02:00") == "2022-05-12T10:00:00+02:00"


# -- reports --------------------------------------------------------------------------------


def _element_tree_sitemap(urls: list[tuple[str, str | None]]) -> str:
    """The sitemap as ElementTree writes it (what `sitemap` wrote before it built text)."""
    ET.register_namespace("", SITEMAP)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    for loc, lastmod in sorted(set(urls)):
        url = ET.SubElement(root, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = loc
        if lastmod:
            ET.SubElement(url, f"{{{SITEMAP}}}lastmod").text = rfc3339(lastmod)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"


@given(
    st.dictionaries(
        st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1),
        st.none() | st.sampled_from(["2024-01-02", "2024-01-02T10:00:00Z", "2024-01-02T10:00"]),
        max_size=5,
    ).map(lambda found: list(found.items()))
)
def test_sitemap_text_is_what_element_tree_writes(urls: list[tuple[str, str | None]]) -> None:
    assert sitemap(urls) == _element_tree_sitemap(urls)


def _element_tree_feed(title: str, items: list[FeedItem], updated: str) -> str:
    """An Atom feed as ElementTree writes it (what `atom_feed` wrote before it built text)."""

    def child(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        element.text = text
        return element

    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    child(feed, "title", title)
    child(feed, "id", "http://x/feed.xml")
    child(feed, "link", rel="self", href="http://x/feed.xml")
    child(feed, "link", rel="alternate", href="http://x/")
    child(feed, "updated", rfc3339(updated))
    child(feed, "generator", "Front Lines")
    for item in items:
        entry = child(feed, "entry")
        child(entry, "title", item.title)
        child(entry, "id", item.url)
        child(entry, "link", rel="alternate", href=item.url)
        child(entry, "updated", rfc3339(item.updated))
        child(child(entry, "author"), "name", item.author)
        child(entry, "summary", item.summary)
        child(entry, "rights", item.rights)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, "unicode") + "\n"


_TEXTS = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]) | st.sampled_from('&<>"\r\n\t')
)


@given(
    _TEXTS,
    st.lists(
        st.builds(
            FeedItem, _TEXTS, _TEXTS, st.just("2024-01-02T10:00:00Z"), _TEXTS, _TEXTS, _TEXTS
        ),
        max_size=3,
    ),
)
def test_atom_feed_text_is_what_element_tree_writes(title: str, items: list[FeedItem]) -> None:
    made = atom_feed(title, "http://x/feed.xml", "http://x/", items, "2024-01-01", keep_order=True)
    assert made == _element_tree_feed(title, items, items[0].updated if items else "2024-01-01")


def test_report_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "night-raid.md"
    path.write_text(
        "---\ntitle: Night raid\ndate: 2023-03-04\ntheatre: ukraine\n"
        "sources:\n  - title: A briefing\n    url: https://news.example/b\n  - A plain note\n"
        "locations:\n  - {name: Ford, lat: 48.5, lon: 37.9}\n"
        "  - {name: Nowhere, lat: 123, lon: 0}\n"
        "---\nBody.\n",
        encoding="utf-8",
    )
    warnings: list[str] = []
    report = read_report(path, warnings)
    assert (report.slug, report.date, report.theatre) == ("night-raid", "2023-03-04", "ukraine")
    assert [s.url for s in report.sources] == ["https://news.example/b", None]
    assert [p.name for p in report.locations] == ["Ford"]
    assert warnings and "off the globe" in warnings[0]


def test_report_without_front_matter_fails(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("no front matter", encoding="utf-8")
    with pytest.raises(SourceError, match="front matter"):
        read_report(path, [])


def test_jumps_to_non_ascii_anchors_stay_linked() -> None:
    from frontlines.publish.markup import unlink_missing_fragments

    md = make_markdown()
    text = "Text.[^1]\n\n- []{#CITEREFAyboğa2016}Ayboğa (2016).\n\n"
    text += "[^1]: [Ayboğa 2016](#CITEREFAyboğa2016); [Gone 1990](#CITEREFGone1990).\n"
    html, missing = unlink_missing_fragments(render_markdown(md, text))
    assert missing == ("CITEREFGone1990",)
    assert 'href="#CITEREFAybo%C4%9Fa2016"' in html  # browsers match it to the decoded id


# A hand-made quantized topology: two arcs make one square ring (the second one reversed),
# and a second object holds a plain polygon made of one arc.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
    "objects": {
        "land": {
            "type": "GeometryCollection",
            "geometries": [{"type": "MultiPolygon", "arcs": [[[0, ~1]]]}],
        },
        "isle": {"type": "Polygon", "arcs": [[2]]},
    },
    "arcs": [
        [[0, 0], [2, 0], [0, 4]],  # (10,20) → (11,20) → (11,21)
        [[0, 0], [0, 4], [2, 0]],  # (10,20) → (10,21) → (11,21); reversed: back to the start
        [[4, 4], [2, 0], [0, 4], [-2, 0], [0, -4]],
    ],
}


def test_land_outlines_are_decoded_from_topojson() -> None:
    from frontlines.publish.maps import land_features

    features = land_features(TOPOLOGY)
    assert [f["properties"]["kind"] for f in features] == ["land", "land"]
    isle, land = (f["geometry"]["coordinates"] for f in features)  # objects in name order
    assert land == [[[[10, 20], [11, 20], [11, 21], [10, 21], [10, 20]]]]
    assert isle == [[[[12, 21], [13, 21], [13, 22], [12, 22], [12, 21]]]]
    with pytest.raises(ValueError):
        land_features({"type": "FeatureCollection", "features": []})


def test_land_file_problems_are_warnings_that_say_what_to_do(tmp_path: Path) -> None:
    from frontlines.publish.maps import read_land

    features, problem = read_land(tmp_path / "absent.json")
    assert features == [] and problem is not None
    assert "does not exist" in problem and "make basemap" in problem
    (tmp_path / "bad.json").write_text('{"type": "Topology", "arcs": [[', encoding="utf-8")
    features, problem = read_land(tmp_path / "bad.json")
    assert features == [] and problem is not None and "not a TopoJSON file" in problem
    (tmp_path / "good.json").write_text(json.dumps(TOPOLOGY), encoding="utf-8")
    features, problem = read_land(tmp_path / "good.json")
    assert len(features) == 2 and problem is None


def test_basemap_puts_land_under_the_graticule() -> None:
    from frontlines.publish.data import SiteData, SiteSettings
    from frontlines.publish.exports import basemap
    from frontlines.publish.maps import land_features

    plain = basemap(SiteData(settings=SiteSettings(), theatres=(), entries=()))
    assert {f["properties"]["kind"] for f in plain["features"]} >= {"meridian", "parallel"}
    assert "land" not in {f["properties"]["kind"] for f in plain["features"]}
    land = tuple(land_features(TOPOLOGY))
    site = SiteData(settings=SiteSettings(), theatres=(), entries=(), land=land)
    kinds = [f["properties"]["kind"] for f in basemap(site)["features"]]
    assert kinds[:2] == ["land", "land"] and len(kinds) == len(plain["features"]) + 2
