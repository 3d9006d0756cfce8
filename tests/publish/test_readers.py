"""Issue 15 without a browser: footnotes as Wikipedia places them, images only from the site,
lost characters marked, base_url warned about, favicon, search hints, close-up map layers."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

import frontlines.cli.site  # noqa: F401  (registers build)
from frontlines.cli.app import app
from frontlines.config import Config
from frontlines.publish.mapdetail import detail_files
from frontlines.publish.markup import make_markdown, render_markdown
from frontlines.publish.sanitize import clean_html
from frontlines.publish.site import BuildResult

runner = CliRunner()
SHA = "0123456789abcdef0123456789abcdef01234567"


def render(text: str) -> str:
    return render_markdown(make_markdown(), text)


def test_each_notes_list_stands_under_its_heading() -> None:
    html = render(
        "Text.[^n1] More.[^1][^2] Again.[^1]\n\n## Notes\n\n[^n1]: A note.\n\n"
        "[^1]: Cited once.\n[^2]: Cited twice.\n\n## External links\n\n- a link\n"
    )
    notes, links = html.index('id="notes"'), html.index('id="external-links"')
    lists = [m.start() for m in re.finditer('<section class="footnotes">', html)]
    assert len(lists) == 2 and all(notes < at < links for at in lists)  # notes, then citations
    assert "footnotes-sep" not in html  # no bare rule at the end
    marks = re.findall(r'<sup class="footnote-ref"><a [^>]*>([^<]*)</a></sup>', html)
    assert marks == ["[a]", "[1]", "[2]", "[1]"]  # a reuse keeps its number, never [1:1]
    assert '<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup><sup' in html
    reused = html[html.index('id="fn1"') :].split("</li>")[0]
    assert re.findall(r'href="#(fnref1[^"]*)"[^>]*>([a-z])<', reused) == [
        ("fnref1", "a"),
        ("fnref1-1", "b"),
    ]
    assert 'id="fnref1-1"' in html  # each back-link has its target


def test_footnotes_without_a_list_follow_the_body() -> None:
    html = render("Text.[^1]\n\n## Later\n\nWords.\n\n[^1]: At the end.\n")
    assert html.index("Words.") < html.index('id="fn1"')


def test_images_from_other_hosts_never_reach_a_page() -> None:
    dirty = (
        '<img src="https://evil.example/x.png" alt="a"><img src="x.png" alt="b">'
        f'<img src="../../media/{SHA}.png" srcset="../../media/{SHA}.png 320w, '
        'https://evil.example/y.png 640w" alt="c">'
        f'<img src="../../media/{SHA}.jpg" srcset="../../media/{SHA}.jpg 320w" alt="d">'
    )
    clean = clean_html(dirty)
    assert "evil" not in clean and 'alt="a"' not in clean and 'alt="b"' not in clean
    assert f'<img src="../../media/{SHA}.png" alt="c">' in clean  # the remote candidate went
    assert f'<img src="../../media/{SHA}.jpg" srcset="../../media/{SHA}.jpg 320w" alt="d">' in (
        clean
    )


def test_lost_characters_are_marked_and_the_page_says_why(built_site: BuildResult) -> None:
    html = render("General Sch\ufffdrner [held](https://example.org/\ufffd).")
    assert 'Sch<mark class="lost-char" title="' in html
    assert 'href="https://example.org/%EF%BF%BD"' in html  # attributes untouched


def test_pages_have_a_favicon_and_cards_stay_out_of_search(built_site: BuildResult) -> None:
    out = built_site.out_dir
    assert (out / "static" / "favicon.svg").is_file()
    for page in ("index.html", "articles/siege_of_mariupol/index.html", "404.html"):
        assert '<link rel="icon" href="' in (out / page).read_text("utf-8"), page
    theatre = (out / "theatres" / "ukraine" / "index.html").read_text("utf-8")
    assert '<ul class="cards" data-pagefind-ignore="all">' in theatre
    search = (out / "search" / "index.html").read_text("utf-8") if (out / "search").is_dir() else ""
    assert not search or 'for="search-input"' in search


def test_attribution_lists_only_images_pages_show(built_site: BuildResult) -> None:
    text = (built_site.out_dir / "attribution" / "index.html").read_text("utf-8")
    listed = re.findall(r"File:([^\"]+)\">", text)
    assert sorted(listed) == ["Kyiv_outskirts_2022.jpg", "Mariupol_theatre.jpg"]  # the cached


def test_build_warns_without_base_url_and_strict_fails(
    project_factory: Callable[[Path], Config], tmp_path: Path
) -> None:
    config = project_factory(tmp_path / "project")
    text = config.path.read_text("utf-8")
    config.path.write_text(re.sub(r'base_url = "[^"]*"\n', "", text), "utf-8")
    args = ["build", "-o", str(tmp_path / "site"), "-c", str(config.path), "--no-search"]
    lenient = runner.invoke(app, args)
    assert lenient.exit_code == 0, lenient.output
    assert "base_url" in lenient.output and "localhost:8000" in lenient.output
    strict = runner.invoke(app, [*args, "--strict"])
    assert strict.exit_code == 1 and "base_url" in strict.output


def test_close_up_layers_come_from_the_files_beside_the_land(tmp_path: Path) -> None:
    def square(name: str, west: float, south: float, east: float, north: float) -> str:
        ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
        shape = {"type": "Polygon", "arcs": [[0]], "properties": {"name": name}}
        objects = {"c": {"type": "GeometryCollection", "geometries": [shape]}}
        return json.dumps({"type": "Topology", "objects": objects, "arcs": [ring]})

    land = tmp_path / "land-110m.json"
    land.write_text(square("", 0, 0, 20, 20), "utf-8")
    assert detail_files(land) == ({}, [])  # nothing beside it: nothing extra
    (tmp_path / "land-50m.json").write_text(square("", 1, 1, 19, 19), "utf-8")
    (tmp_path / "countries-50m.json").write_text(square("Valdoria", 2, 4, 10, 8), "utf-8")
    files, warnings = detail_files(land)
    assert warnings == [] and set(files) == {"data/land-detail.geojson", "data/countries.geojson"}
    countries = json.loads(files["data/countries.geojson"])["features"]
    label = next(f for f in countries if f["properties"]["kind"] == "label")
    assert label["properties"]["name"] == "Valdoria"
    assert label["geometry"]["coordinates"] == [6.0, 6.0]  # the middle of the square
    (tmp_path / "countries-50m.json").write_text("not json", "utf-8")
    files, warnings = detail_files(land)
    assert "data/countries.geojson" not in files and "not TopoJSON" in warnings[0]
